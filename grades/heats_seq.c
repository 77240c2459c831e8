/* heats_seq: the order of the heats in a furnace (heats.csv sequence, issue 19). The first
 * heat of a furnace sits on the furnace's heel; each next heat on heel_kg of the bath of
 * the heat before it, whose composition is the plan's (solver/model/model_seq.c). This module
 * owns the checks of the order and finding a heat's predecessor. */
#include "grades.h"

long heat_prev(const struct heat_set *hs, size_t h)
{
	const struct heat *x = &hs->h[h];
	if (x->seq <= 1)
		return -1;
	for (size_t j = 0; j < hs->n; j++)
		if (hs->h[j].furnace == x->furnace && hs->h[j].seq == x->seq - 1)
			return (long)j;
	return -1;
}

/* Heats of furnace f: how many have a sequence, and the first (file order) without one. */
static size_t seq_count(const struct heat_set *hs, long f, long *blank)
{
	size_t n = 0;
	*blank = -1;
	for (size_t j = 0; j < hs->n; j++) {
		if (hs->h[j].furnace != f)
			continue;
		if (hs->h[j].seq > 0)
			n++;
		else if (*blank < 0)
			*blank = (long)j;
	}
	return n;
}

/* Heat h's place: not a repeat of an earlier heat's in its furnace, and within 1..n. With
 * both, the furnace's n places hold n distinct numbers of 1..n: each exactly once. */
static int seq_place(const struct heat_set *hs, size_t h, size_t n, const char *file, long col,
                     struct rm_error *err)
{
	const struct heat *x = &hs->h[h];
	for (size_t j = 0; j < h; j++)
		if (hs->h[j].furnace == x->furnace && hs->h[j].seq == x->seq)
			return rm_error_set(err, file, x->line, col + 1,
			                    "sequence %ld repeats heat %.60s's (line %ld): each "
			                    "place in a furnace's order holds one heat",
			                    x->seq, hs->h[j].id, hs->h[j].line);
	if ((size_t)x->seq > n)
		return rm_error_set(err, file, x->line, col + 1,
		                    "sequence %ld leaves a gap: the furnace has %zu heats in "
		                    "order, numbered 1 to %zu",
		                    x->seq, n, n);
	return 0;
}

int heat_seq_check(const struct heat_set *hs, const char *file, long col, long heel_col,
                   struct rm_error *err)
{
	for (size_t h = 0; h < hs->n; h++) {
		const struct heat *x = &hs->h[h];
		if (x->seq <= 0)
			continue;
		long blank;
		size_t n = seq_count(hs, x->furnace, &blank);
		if (blank >= 0)
			return rm_error_set(
			    err, file, hs->h[blank].line, col + 1,
			    "heat %.60s has no sequence, but heat %.60s of the same "
			    "furnace has one: give every heat of the furnace its place",
			    hs->h[blank].id, x->id);
		if (seq_place(hs, h, n, file, col, err) < 0)
			return -1;
	}
	/* What is left in the furnace is part of the bath before: never more than all of it. */
	for (size_t h = 0; h < hs->n; h++) {
		long p = heat_prev(hs, h);
		if (p < 0)
			continue;
		double bath = hs->h[p].heel_kg + hs->h[p].mass_kg;
		if (hs->h[h].heel_kg > bath * (1 + 1e-12))
			return rm_error_set(
			    err, file, hs->h[h].line, heel_col >= 0 ? heel_col + 1 : 0,
			    "heel of %g kg is more than the bath of heat %.60s before "
			    "it (%g kg)",
			    hs->h[h].heel_kg, hs->h[p].id, bath);
	}
	return 0;
}
