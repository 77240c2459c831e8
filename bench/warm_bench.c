/* warm_bench: the TUI's what-ifs re-solved warm (plan_warm_resolve) against a cold plan_solve
 * of the same edited plant, in one process linked against build/libremelt.a
 * (docs/benchmarks.md, "A what-if in the TUI, re-solved warm").
 *
 * usage: warm_bench DIR [EDIT...]   (make bench-warm: on plantgen seed 11, 500 x 10)
 *
 * Solves DIR at the defaults (no Monte Carlo) through plan_warm_open, then for each edit
 * (all when none is named): applies it to the plant in memory, times plan_warm_resolve and
 * then plan_solve (CPU and wall seconds), prints one line, and undoes the edit with an
 * untimed re-solve so that every edit starts from the same plan on screen. The edits are
 * those of the TUI, on the lot the plan charges most and the first heat:
 *   price   the lot's price +10%
 *   stock   the lot's mass to half of what the plan uses of it
 *   limit   the first limit of the first heat's grade: max -0.05 wt% (min +0.05 when it
 *           has no max)
 *   mass    the first heat's mass +5%
 *   comp    the lot's value of one element +0.05 wt% (cold: a new matrix): comp:SYM names
 *           the element (comp:Fe); plain comp takes the element of the first limit of the
 *           first heat's grade, the one `limit` edits (elements are data: never "the
 *           first column")
 *   grade   the first heat's grade to the next one (cold)
 * Measurement code only. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_clock.h"
#include "plan.h"
#include "plant.h"

static int fail(const char *what, const struct rm_error *err)
{
	fprintf(stderr, "warm_bench: %s: %s:%ld:%ld: %s\n", what, err->file, err->line, err->col,
	        err->msg);
	return 1;
}

/* kg of material i in plan pl, all heats. */
static double used(const struct plan *pl, size_t i)
{
	double kg = 0;
	for (size_t k = 0; k < pl->nheat; k++)
		for (size_t c = 0; c < pl->heats[k].ncharge; c++)
			if (pl->heats[k].charge[c].mat == i)
				kg += pl->heats[k].charge[c].kg;
	return kg;
}

/* The largest difference of any heat's charge of any material between a and b, kg. */
static double max_kg_diff(const struct plant *p, const struct plan *a, const struct plan *b)
{
	double d = 0;
	for (size_t k = 0; k < a->nheat && k < b->nheat; k++)
		for (size_t i = 0; i < p->inv->n; i++) {
			double x = 0, y = 0;
			for (size_t c = 0; c < a->heats[k].ncharge; c++)
				if (a->heats[k].charge[c].mat == i)
					x += a->heats[k].charge[c].kg;
			for (size_t c = 0; c < b->heats[k].ncharge; c++)
				if (b->heats[k].charge[c].mat == i)
					y += b->heats[k].charge[c].kg;
			if (fabs(x - y) > d)
				d = fabs(x - y);
		}
	return d;
}

struct edit_state {
	size_t lot;
	double used;
	double save[2];
	size_t comp_e; /* the element comp edits, set by apply */
};

/* The element of edit name "comp" or "comp:SYM" into *e; false when SYM is not one of the
 * plant's elements or the lot does not report it. */
static bool comp_element(const struct plant *p, const struct material *mt,
                         const struct grade_limit *l, const char *name, size_t *e)
{
	long k = (long)l->e;
	if (name[4] == ':')
		k = rm_elemset_find(&p->els, rm_elem_z(name + 5));
	if (k < 0 || (size_t)k >= mt->nc || isnan(mt->c[k]))
		return false;
	*e = (size_t)k;
	return true;
}

/* Applies (undo false) or undoes edit name; 0, or -1 for an unknown name. */
static int apply(struct plant *p, struct edit_state *s, const char *name, bool undo)
{
	struct material *mt = &p->inv->m[s->lot];
	struct heat *h = &p->heats->h[0];
	struct grade_limit *l = &p->grades->g[h->grade].lim[0];
	if (strcmp(name, "price") == 0) {
		if (!undo)
			s->save[0] = mt->price;
		mt->price = undo ? s->save[0] : mt->price * 1.1;
	} else if (strcmp(name, "stock") == 0) {
		if (!undo)
			s->save[0] = mt->mass_kg;
		mt->mass_kg = undo ? s->save[0] : s->used / 2;
	} else if (strcmp(name, "limit") == 0) {
		if (!undo) {
			s->save[0] = l->min;
			s->save[1] = l->max;
		}
		if (undo) {
			l->min = s->save[0];
			l->max = s->save[1];
		} else if (!isnan(l->max)) {
			l->max -= 0.05;
		} else {
			l->min += 0.05;
		}
	} else if (strcmp(name, "mass") == 0) {
		if (!undo)
			s->save[0] = h->mass_kg;
		h->mass_kg = undo ? s->save[0] : h->mass_kg * 1.05;
	} else if (strncmp(name, "comp", 4) == 0 && (name[4] == 0 || name[4] == ':')) {
		if (!undo && !comp_element(p, mt, l, name, &s->comp_e))
			return -1;
		size_t e = s->comp_e;
		if (!undo)
			s->save[0] = mt->c[e];
		mt->c[e] = undo ? s->save[0] : mt->c[e] + 0.05;
	} else if (strcmp(name, "grade") == 0) {
		if (!undo)
			s->save[0] = (double)h->grade;
		h->grade = undo ? (size_t)s->save[0] : (h->grade + 1) % p->grades->n;
	} else {
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr,
		        "usage: warm_bench DIR [price|stock|limit|mass|comp[:SYM]|grade...]\n");
		return 1;
	}
	static const char *ALL[] = {"price", "stock", "limit", "mass", "comp", "grade"};
	const char **names = argc > 2 ? (const char **)argv + 2 : ALL;
	int nname = argc > 2 ? argc - 2 : (int)(sizeof ALL / sizeof *ALL);
	struct rm_error err = {0};
	struct plant *p = NULL;
	if (plant_load(argv[1], true, &p, &err) < 0)
		return fail("load", &err);
	struct plan_opts o = plan_opts_default();
	o.samples = 0;
	struct plan_warm *w = NULL;
	struct plan *pl = NULL;
	double c0 = cpu(), w0 = wall();
	if (plan_warm_open(p, &o, &w, &pl, &err) < 0)
		return fail("open", &err);
	printf("open: cost %.3f, %.2f s CPU, %.2f s wall\n", pl->total_cost, cpu() - c0,
	       wall() - w0);
	struct edit_state s = {0};
	for (size_t i = 0; i < p->inv->n; i++)
		if (isfinite(p->inv->m[i].mass_kg) && used(pl, i) > s.used) {
			s.used = used(pl, i);
			s.lot = i;
		}
	printf("lot %s (%.0f kg used), heat %s\n", p->inv->m[s.lot].id, s.used, p->heats->h[0].id);
	plan_free(pl);
	for (int n = 0; n < nname; n++) {
		if (apply(p, &s, names[n], false) < 0) {
			fprintf(stderr,
			        "warm_bench: unknown edit %s (or comp's element not one the lot "
			        "reports)\n",
			        names[n]);
			return 1;
		}
		struct plan *wp = NULL, *cp = NULL;
		c0 = cpu();
		w0 = wall();
		if (plan_warm_resolve(w, p, &o, &wp, &err) < 0)
			return fail("warm", &err);
		double wc = cpu() - c0, ww = wall() - w0;
		bool warm = plan_warm_was_warm(w);
		c0 = cpu();
		w0 = wall();
		if (plan_solve(p, &o, &cp, &err) < 0)
			return fail("cold", &err);
		double cc = cpu() - c0, cw = wall() - w0;
		if (strncmp(names[n], "comp", 4) == 0)
			printf("comp: %s of lot %s\n", rm_elem_symbol(p->els.z[s.comp_e]),
			       p->inv->m[s.lot].id);
		printf("%-6s %s %.3f s CPU (%.3f wall), cold %.2f s CPU (%.2f wall), cost %.3f vs "
		       "%.3f, rel %.1e, max %.3f kg apart\n",
		       names[n], warm ? "warm" : "COLD", wc, ww, cc, cw, wp->total_cost,
		       cp->total_cost, fabs(wp->total_cost - cp->total_cost) / cp->total_cost,
		       max_kg_diff(p, wp, cp));
		fflush(stdout);
		plan_free(wp);
		plan_free(cp);
		apply(p, &s, names[n], true);
		if (plan_warm_resolve(w, p, &o, &wp, &err) < 0)
			return fail("undo", &err);
		plan_free(wp);
	}
	plan_warm_free(w);
	plant_free(p);
	return 0;
}
