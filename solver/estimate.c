/* The Gaussian update of estimate.h: per element a dense covariance over the materials the
 * used heats charged (tens to hundreds), one rank-one Kalman step per heat. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "rm_source.h"
#include "uncertainty.h"

struct est_work {
	const struct plant *p;
	const struct inventory *arch; /* used-up materials (lots_used.csv...), NULL: none */
	size_t ninv;                  /* materials of the plant, then of the archive */
	const struct actual_set *s;
	const struct est_opts *o;
	struct estimate *est;
	bool *used;      /* [s->n] heats used */
	long *lot_of;    /* [inv->n] index in est->lot, -1 when not listed */
	long *unk;       /* [inv->n] unknown index of the element in hand, -1 */
	size_t *unk_mat; /* [inv->n] material of each unknown */
};

static const struct material *est_m(const struct est_work *w, size_t i)
{
	size_t n = w->p->inv->n;
	return i < n ? &w->p->inv->m[i] : &w->arch->m[i - n];
}

/* The material a heat charged: in the files, else in the archive of used-up ones; the
 * archive first when the ledger emptied the lot after the heat booked it (the id may name a
 * new lot since). -1 when in neither. */
static long est_find(const struct est_work *w, const struct actual_mat *am)
{
	long a = w->arch ? inv_find(w->arch, am->id) : -1;
	if (a >= 0 && am->used_up)
		return a + (long)w->p->inv->n;
	long i = inv_find(w->p->inv, am->id);
	return i >= 0 ? i : a >= 0 ? a + (long)w->p->inv->n : -1;
}

/* A heat is used when it charged something and every material it charged is still known. */
static void est_heats(struct est_work *w)
{
	const struct actual_set *s = w->s;
	for (size_t h = 0; h < s->n; h++) {
		w->used[h] = false;
		if (w->o->since && w->o->since[0] && strcmp(s->h[h].time, w->o->since) <= 0) {
			w->est->heats_absorbed++;
			continue;
		}
		for (size_t k = 0; k < s->h[h].nmat; k++)
			w->used[h] |= s->h[h].mat[k].charged > 0;
		for (size_t k = 0; k < s->h[h].nmat && w->used[h]; k++)
			if (s->h[h].mat[k].charged > 0 && est_find(w, &s->h[h].mat[k]) < 0) {
				w->used[h] = false;
				if (!w->est->skipped_id) {
					w->est->skipped_id = s->h[h].mat[k].id;
					w->est->skipped_heat = s->h[h].heat;
				}
			}
		w->est->heats_used += w->used[h];
		w->est->heats_skipped += !w->used[h];
	}
}

/* The elements analysed in a used heat that are columns of the plant, in the plant's order. */
static int est_elements(struct est_work *w)
{
	const struct rm_elemset *els = &w->p->els;
	struct estimate *est = w->est;
	if (!(est->z = calloc(els->n + 1, sizeof *est->z)) ||
	    !(est->e = calloc(els->n + 1, sizeof *est->e)))
		return -1;
	for (size_t e = 0; e < els->n && e < w->p->unc->nel; e++) {
		bool seen = false;
		for (size_t h = 0; h < w->s->n && !seen; h++)
			for (size_t k = 0; w->used[h] && k < w->s->h[h].nel && !seen; k++)
				seen = w->s->h[h].el[k].z == els->z[e];
		if (seen) {
			est->z[est->nel] = els->z[e];
			est->e[est->nel++] = e;
		}
	}
	return 0;
}

static int est_lot_add(struct est_work *w, size_t i)
{
	struct estimate *est = w->est;
	struct est_lot *l = &est->lot[est->nlot++]; /* counted first: estimate_free frees it */
	size_t n = est->nel + 1;
	l->mat = i;
	l->m = est_m(w, i);
	l->used_up = i >= w->p->inv->n;
	w->lot_of[i] = (long)est->nlot - 1;
	if (!(l->heat = calloc(w->s->n + 1, sizeof *l->heat)) ||
	    !(l->prior_mean = calloc(n, sizeof(double))) ||
	    !(l->prior_sd = calloc(n, sizeof(double))) || !(l->mean = calloc(n, sizeof(double))) ||
	    !(l->sd = calloc(n, sizeof(double))))
		return -1;
	const struct material *m = l->m;
	for (size_t k = 0; k < est->nel; k++) {
		l->mean[k] = l->prior_mean[k] = inv_comp(m, est->e[k]);
		l->sd[k] = l->prior_sd[k] = unc_sd(w->p->unc, m, est->e[k], false);
	}
	return 0;
}

/* Every lot, then the additives a used heat charged; and the heats each entered. */
static int est_lots(struct est_work *w)
{
	const struct inventory *inv = w->p->inv;
	const struct actual_set *s = w->s;
	if (!(w->est->lot = calloc(w->ninv + 1, sizeof *w->est->lot)))
		return -1;
	for (size_t i = 0; i < inv->nlots; i++)
		if (est_lot_add(w, i) < 0)
			return -1;
	for (size_t h = 0; h < s->n; h++)
		for (size_t k = 0; w->used[h] && k < s->h[h].nmat; k++) {
			long i = est_find(w, &s->h[h].mat[k]);
			if (s->h[h].mat[k].charged <= 0)
				continue;
			if (w->lot_of[i] < 0 && est_lot_add(w, (size_t)i) < 0)
				return -1;
			struct est_lot *l = &w->est->lot[w->lot_of[i]];
			if (!l->nheat || l->heat[l->nheat - 1] != h)
				l->heat[l->nheat++] = h;
		}
	return 0;
}

/* One heat's measurement of element k: the row a over the unknowns, its known part b, the
 * analysis y and its error variance r. */
static void est_row(struct est_work *w, const struct actual_heat *ah, const struct actual_elem *ae,
                    size_t k, double *a, double *b, double *r)
{
	double metal = 0;
	for (size_t j = 0; j < ah->nmat; j++)
		if (ah->mat[j].charged > 0)
			metal +=
			    ah->mat[j].charged * est_m(w, (size_t)est_find(w, &ah->mat[j]))->yield;
	double bath = ah->heel_kg + metal;
	*b = ah->heel_kg * ae->heel_pct / bath;
	for (size_t j = 0; j < ah->nmat; j++) {
		if (!(ah->mat[j].charged > 0))
			continue;
		size_t i = (size_t)est_find(w, &ah->mat[j]);
		/* a material's own rec_<El> over the furnace's, as plan and adjust charge it */
		const struct material *m = est_m(w, i);
		double coef =
		    inv_rec(m, w->est->e[k], ae->recovery) * m->yield * ah->mat[j].charged / bath;
		if (w->unk[i] >= 0)
			a[w->unk[i]] += coef;
		else
			*b += coef * w->est->lot[w->lot_of[i]].prior_mean[k];
	}
	double one = w->o->rel_sd * ae->pct;
	*r = (one * one + w->o->abs_sd * w->o->abs_sd) / (double)ae->sparks;
}

/* The Kalman update of element k over the used heats that analysed it. */
static int est_element(struct est_work *w, size_t k)
{
	struct estimate *est = w->est;
	size_t n = 0;
	for (size_t i = 0; i < w->ninv; i++) {
		w->unk[i] = -1;
		long l = w->lot_of[i];
		if (l >= 0 && est->lot[l].nheat && est->lot[l].prior_sd[k] > 0) {
			w->unk_mat[n] = i;
			w->unk[i] = (long)n++;
		}
	}
	double *mu = calloc(n + 1, sizeof *mu), *P = calloc(n * n + 1, sizeof *P);
	double *a = calloc(n + 1, sizeof *a), *Pa = calloc(n + 1, sizeof *Pa);
	int rc = mu && P && a && Pa ? 0 : -1;
	for (size_t u = 0; !rc && u < n; u++) {
		const struct est_lot *l = &est->lot[w->lot_of[w->unk_mat[u]]];
		mu[u] = l->prior_mean[k];
		P[u * n + u] = l->prior_sd[k] * l->prior_sd[k];
	}
	for (size_t h = 0; !rc && h < w->s->n; h++) {
		const struct actual_heat *ah = &w->s->h[h];
		const struct actual_elem *ae = NULL;
		for (size_t j = 0; w->used[h] && j < ah->nel && !ae; j++)
			ae = ah->el[j].z == est->z[k] ? &ah->el[j] : NULL;
		if (!ae)
			continue;
		double b, r, pred = 0, s2 = 0;
		memset(a, 0, n * sizeof *a);
		est_row(w, ah, ae, k, a, &b, &r);
		for (size_t u = 0; u < n; u++) {
			Pa[u] = 0;
			for (size_t v = 0; v < n; v++)
				Pa[u] += P[u * n + v] * a[v];
			pred += a[u] * mu[u];
			s2 += a[u] * Pa[u];
		}
		s2 += r;
		double innov = ae->pct - b - pred;
		for (size_t u = 0; u < n; u++) {
			mu[u] += Pa[u] * innov / s2;
			for (size_t v = 0; v < n; v++)
				P[u * n + v] -= Pa[u] * Pa[v] / s2;
		}
	}
	for (size_t u = 0; !rc && u < n; u++) {
		struct est_lot *l = &est->lot[w->lot_of[w->unk_mat[u]]];
		l->mean[k] = mu[u];
		l->sd[k] = sqrt(P[u * n + u] > 0 ? P[u * n + u] : 0);
	}
	free(mu);
	free(P);
	free(a);
	free(Pa);
	return rc;
}

/* Per source and element, the pooled factor over its lots that entered heats. */
static int est_sources(struct est_work *w)
{
	struct estimate *est = w->est;
	const struct unc *u = w->p->unc;
	if (!(est->src = calloc(RM_NSOURCE * est->nel + 1, sizeof *est->src)))
		return -1;
	for (unsigned s = 0; s < RM_NSOURCE; s++)
		for (size_t k = 0; k < est->nel; k++) {
			double num = 0, den = 0;
			size_t n = 0;
			for (size_t l = 0; l < est->nlot; l++) {
				const struct est_lot *x = &est->lot[l];
				const struct material *m = x->m;
				if (m->kind != MAT_LOT || (unsigned)m->source != s || !x->nheat ||
				    !(x->prior_sd[k] > 0))
					continue;
				double d = x->mean[k] - x->prior_mean[k];
				num += d * d;
				den += x->prior_sd[k] * x->prior_sd[k] - x->sd[k] * x->sd[k];
				n++;
			}
			if (!n || !(den > 0))
				continue;
			struct est_source *src = &est->src[est->nsrc++];
			src->source = s;
			src->el = k;
			src->n = n;
			src->stated_rel_sd = u->rel[(size_t)s * u->nel + est->e[k]];
			src->factor = sqrt(num / den);
			src->calibrated_rel_sd = src->factor * src->stated_rel_sd;
		}
	return 0;
}

int estimate_run(const struct plant *p, const struct inventory *arch, const struct actual_set *s,
                 const struct est_opts *o, struct estimate **out, struct rm_error *err)
{
	struct estimate *est = calloc(1, sizeof *est);
	size_t ni = p->inv->n + (arch ? arch->n : 0) + 1;
	struct est_work w = {.p = p, .arch = arch, .ninv = ni - 1, .s = s, .o = o, .est = est};
	w.used = calloc(s->n + 1, sizeof *w.used);
	w.lot_of = malloc(ni * sizeof *w.lot_of);
	w.unk = malloc(ni * sizeof *w.unk);
	w.unk_mat = malloc(ni * sizeof *w.unk_mat);
	int rc = est && w.used && w.lot_of && w.unk && w.unk_mat ? 0 : -1;
	for (size_t i = 0; !rc && i < w.ninv; i++)
		w.lot_of[i] = -1;
	if (!rc) {
		est_heats(&w);
		rc = est_elements(&w);
	}
	if (!rc)
		rc = est_lots(&w);
	for (size_t k = 0; !rc && k < est->nel; k++)
		rc = est_element(&w, k);
	if (!rc)
		rc = est_sources(&w);
	free(w.used);
	free(w.lot_of);
	free(w.unk);
	free(w.unk_mat);
	if (rc) {
		estimate_free(est);
		est = NULL;
		rm_error_set(err, p->dir, 0, 0, "out of memory");
	}
	*out = est;
	return rc;
}

void estimate_free(struct estimate *est)
{
	if (!est)
		return;
	for (size_t l = 0; l < est->nlot; l++) {
		free(est->lot[l].heat);
		free(est->lot[l].prior_mean);
		free(est->lot[l].prior_sd);
		free(est->lot[l].mean);
		free(est->lot[l].sd);
	}
	free(est->lot);
	free(est->src);
	free(est->z);
	free(est->e);
	free(est);
}
