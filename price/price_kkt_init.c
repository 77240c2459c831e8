/* price_kkt_init: the cone program of a reference heat read from its model, and its base
 * solved on the KKT conditions (price_kkt.h). */
#include "price_kkt_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int state_alloc(struct kkt_state *s, int n, int m, int nc)
{
	s->x = calloc((size_t)n + 1, sizeof *s->x);
	s->y = calloc((size_t)m + 1, sizeof *s->y);
	s->nu = calloc((size_t)nc + 1, sizeof *s->nu);
	s->cs = calloc((size_t)n + 1, 1);
	s->rs = calloc((size_t)m + 1, 1);
	s->ks = calloc((size_t)nc + 1, 1);
	return s->x && s->y && s->nu && s->cs && s->rs && s->ks ? 0 : -1;
}

static void state_free(struct kkt_state *s)
{
	free(s->x);
	free(s->y);
	free(s->nu);
	free(s->cs);
	free(s->rs);
	free(s->ks);
}

void kkt_state_copy(struct kkt_state *to, const struct kkt_state *from, int n, int m, int nc)
{
	memcpy(to->x, from->x, (size_t)n * sizeof *to->x);
	memcpy(to->y, from->y, (size_t)m * sizeof *to->y);
	memcpy(to->nu, from->nu, (size_t)nc * sizeof *to->nu);
	memcpy(to->cs, from->cs, (size_t)n);
	memcpy(to->rs, from->rs, (size_t)m);
	memcpy(to->ks, from->ks, (size_t)nc);
}

void price_kkt_free(struct price_kkt *k)
{
	if (!k)
		return;
	free(k->c);
	free(k->cl);
	free(k->cu);
	free(k->rl);
	free(k->ru);
	free(k->cbeg);
	free(k->rind);
	free(k->aval);
	free(k->rbeg);
	free(k->rcol);
	free(k->rval);
	free(k->grow);
	free(k->rgroup);
	free(k->s2);
	free(k->ge);
	free(k->cone);
	state_free(&k->base);
	state_free(&k->cur);
	free(k->ax);
	free(k->sig);
	free(k->d);
	free(k->bd);
	free(k->yh);
	free(k->wg);
	free(k->nzl);
	free(k->am);
	free(k->ord);
	free(k->nord);
	free(k->fl);
	free(k->rl_);
	free(k->kl);
	free(k->rpos);
	free(k->K);
	free(k->rhs);
	free(k->w0);
	free(k->w1);
	free(k->sl);
	free(k->ins);
	free(k->bsl);
	free(k->rnz);
	free(k->yh0);
	free(k->rnz0);
	free(k->yhb);
	free(k->rmin);
	free(k->rmax);
	free(k->plo);
	free(k->pup);
	free(k->lbl);
	kkt_far_free(k->far);
	free(k->bmin);
	free(k->bmax);
	free(k->cand);
	free(k);
}

/* GLPK's bounds as [lo, hi] with infinities. */
static void glpk_bounds(int type, double lb, double ub, double *lo, double *hi)
{
	*lo = type == GLP_FR || type == GLP_UP ? -HUGE_VAL : lb;
	*hi = type == GLP_FR || type == GLP_LO ? HUGE_VAL : type == GLP_FX ? lb : ub;
}

/* Reads the LP: columns, rows, A by columns (rows past nrow are cuts: left out). */
static int kkt_read(struct price_kkt *k, glp_prob *P)
{
	int n = k->n, m = k->m, nnz = 0, nr = glp_get_num_rows(P);
	int *ind = malloc(((size_t)nr + 1) * sizeof *ind);
	double *val = malloc(((size_t)nr + 1) * sizeof *val);
	k->c = malloc((size_t)n * sizeof *k->c);
	k->cl = malloc((size_t)n * sizeof *k->cl);
	k->cu = malloc((size_t)n * sizeof *k->cu);
	k->rl = malloc((size_t)m * sizeof *k->rl);
	k->ru = malloc((size_t)m * sizeof *k->ru);
	k->cbeg = malloc(((size_t)n + 1) * sizeof *k->cbeg);
	if (!ind || !val || !k->c || !k->cl || !k->cu || !k->rl || !k->ru || !k->cbeg)
		goto oom;
	k->c0 = glp_get_obj_coef(P, 0);
	for (int r = 0; r < m; r++)
		glpk_bounds(glp_get_row_type(P, r + 1), glp_get_row_lb(P, r + 1),
		            glp_get_row_ub(P, r + 1), &k->rl[r], &k->ru[r]);
	for (int j = 0; j < n; j++) {
		k->c[j] = glp_get_obj_coef(P, j + 1);
		k->cmax = fmax(k->cmax, fabs(k->c[j]));
		glpk_bounds(glp_get_col_type(P, j + 1), glp_get_col_lb(P, j + 1),
		            glp_get_col_ub(P, j + 1), &k->cl[j], &k->cu[j]);
		int len = glp_get_mat_col(P, j + 1, ind, val);
		for (int p = 1; p <= len; p++)
			nnz += ind[p] <= m;
	}
	k->rind = malloc(((size_t)nnz + 1) * sizeof *k->rind);
	k->aval = malloc(((size_t)nnz + 1) * sizeof *k->aval);
	if (!k->rind || !k->aval)
		goto oom;
	nnz = 0;
	for (int j = 0; j < n; j++) {
		k->cbeg[j] = nnz;
		int len = glp_get_mat_col(P, j + 1, ind, val);
		for (int p = 1; p <= len; p++)
			if (ind[p] <= m) {
				/* by row: kkt_dj walks a column along the rows */
				int q = nnz++;
				for (; q > k->cbeg[j] && k->rind[q - 1] > ind[p] - 1; q--) {
					k->rind[q] = k->rind[q - 1];
					k->aval[q] = k->aval[q - 1];
				}
				k->rind[q] = ind[p] - 1;
				k->aval[q] = val[p];
			}
	}
	k->cbeg[n] = nnz;
	k->rbeg = calloc((size_t)m + 2, sizeof *k->rbeg);
	k->rcol = malloc(((size_t)nnz + 1) * sizeof *k->rcol);
	k->rval = malloc(((size_t)nnz + 1) * sizeof *k->rval);
	if (!k->rbeg || !k->rcol || !k->rval)
		goto oom;
	for (int p = 0; p < nnz; p++)
		k->rbeg[k->rind[p] + 2]++;
	for (int r = 0; r < m; r++)
		k->rbeg[r + 2] += k->rbeg[r + 1];
	for (int j = 0; j < n; j++)
		for (int p = k->cbeg[j]; p < k->cbeg[j + 1]; p++) {
			int at = k->rbeg[k->rind[p] + 1]++;
			k->rcol[at] = j;
			k->rval[at] = k->aval[p];
		}
	free(ind);
	free(val);
	return 0;
oom:
	free(ind);
	free(val);
	return -1;
}

/* The cones: one group per element row with any sd, a cone per limited side. */
static int kkt_cones(struct price_kkt *k, const struct model *m, const double *s)
{
	size_t n = (size_t)k->n;
	k->grow = malloc((m->nel + 1) * sizeof *k->grow);
	k->rgroup = malloc(((size_t)k->m + 1) * sizeof *k->rgroup);
	k->s2 = calloc(m->nel * n + 1, sizeof *k->s2);
	k->ge = calloc(m->nel * n + 1, sizeof *k->ge);
	k->cone = malloc((2 * m->nel + 1) * sizeof *k->cone);
	if (!k->grow || !k->rgroup || !k->s2 || !k->ge || !k->cone)
		return -1;
	for (int r = 0; r < k->m; r++)
		k->rgroup[r] = -1;
	for (size_t e = 0; e < m->nel; e++) {
		int r = m->elem_row[e];
		if (!r || r > k->m)
			continue;
		double *s2 = k->s2 + (size_t)k->ng * n, *ge = k->ge + (size_t)k->ng * n;
		bool any = false;
		for (size_t i = 0; i < m->nm; i++) {
			int j = model_col(m, 0, i);
			if (j > k->n)
				continue;
			double sd = s[i * m->nel + e] * model_unit(m, i);
			s2[j - 1] = sd * sd;
			any |= sd > 0;
		}
		if (!any)
			continue;
		for (int j = 0; j < k->n; j++)
			for (int p = k->cbeg[j]; p < k->cbeg[j + 1]; p++)
				if (k->rind[p] == r - 1)
					ge[j] = k->aval[p];
		for (int side = -1; side <= 1; side += 2) {
			double lim = side > 0 ? m->bhi[e] : m->blo[e];
			if (!isnan(lim))
				k->cone[k->ncone++] = (struct kkt_cone){k->ng, side, side * lim};
		}
		k->rgroup[r - 1] = k->ng;
		k->grow[k->ng++] = r - 1;
	}
	return 0;
}

/* The starting state from the LP solution: its basis, duals, and the cones' multipliers as
 * the duals of their rows (the split cone's row and whole-cone cuts, negated to the sign
 * of f <= h). */
static void kkt_start(struct price_kkt *k, const struct model *m)
{
	glp_prob *P = m->lp;
	struct kkt_state *s = &k->cur;
	for (int j = 0; j < k->n; j++) {
		s->x[j] = glp_get_col_prim(P, j + 1);
		int st = glp_get_col_stat(P, j + 1);
		s->cs[j] = k->cl[j] == k->cu[j]           ? ST_FIX
		           : st == GLP_BS || st == GLP_NF ? ST_FREE
		           : st == GLP_NU                 ? ST_UP
		                                          : ST_LO;
		if (s->cs[j] == ST_LO || s->cs[j] == ST_FIX)
			s->x[j] = k->cl[j];
		else if (s->cs[j] == ST_UP)
			s->x[j] = k->cu[j];
	}
	for (int r = 0; r < k->m; r++) {
		int st = glp_get_row_stat(P, r + 1);
		s->rs[r] = k->rl[r] == k->ru[r] ? ST_FIX
		           : st == GLP_NL       ? ST_LO
		           : st == GLP_NU       ? ST_UP
		                                : 0;
		s->y[r] = s->rs[r] ? glp_get_row_dual(P, r + 1) : 0;
	}
	for (int c = 0; c < k->ncone; c++) {
		const struct kkt_cone *cn = &k->cone[c];
		int row = k->grow[cn->g] + 1;
		double nu = 0;
		for (size_t q = 0; q < m->ncone; q++)
			if (m->elem_row[m->cone[q].e] == row && m->cone[q].side == cn->side)
				nu -= glp_get_row_dual(P, m->cone[q].r0);
		for (size_t q = 0; q < m->ncut; q++)
			if (!m->cut[q].piece && m->elem_row[m->cut[q].e] == row &&
			    m->cut[q].side == cn->side)
				nu -= cn->side * glp_get_row_dual(P, m->cut[q].row);
		s->nu[c] = nu > 0 ? nu : 0;
		s->ks[c] = nu > 0;
	}
}

struct bd_key {
	double d;
	int j;
};

static int bd_cmp(const void *a, const void *b)
{
	const struct bd_key *x = a, *y = b;
	if (x->d != y->d)
		return (x->d > y->d) - (x->d < y->d);
	return (x->j > y->j) - (x->j < y->j);
}

/* The columns at a base bound with x = 0 and not free: a pool, sorted by bd (sign +1:
 * ascending, -1: descending). */
static int pool_make(struct price_kkt *k, int st, int sign, int **out, int *nout)
{
	struct bd_key *key = malloc(((size_t)k->n + 1) * sizeof *key);
	*out = malloc(((size_t)k->n + 1) * sizeof **out);
	if (!key || !*out) {
		free(key);
		return -1;
	}
	int n = 0;
	for (int j = 0; j < k->n; j++)
		if (!k->ins[j] && k->base.cs[j] == st)
			key[n++] = (struct bd_key){sign * k->bd[j], j};
	qsort(key, (size_t)n, sizeof *key, bd_cmp);
	for (int q = 0; q < n; q++)
		(*out)[q] = key[q].j;
	*nout = n;
	free(key);
	return 0;
}

/* After the base: the columns in play and the pools of partial pricing. */
static int kkt_pools(struct price_kkt *k)
{
	int n = k->n, m = k->m;
	k->ins = calloc((size_t)n + 1, 1);
	k->bsl = malloc(((size_t)n + 1) * sizeof *k->bsl);
	k->yhb = malloc(((size_t)m + 1) * sizeof *k->yhb);
	k->rmin = calloc((size_t)m + 1, sizeof *k->rmin);
	k->rmax = calloc((size_t)m + 1, sizeof *k->rmax);
	int *cnt = calloc((size_t)m + 1, sizeof *cnt);
	if (!k->ins || !k->bsl || !k->yhb || !k->rmin || !k->rmax || !cnt)
		goto oom;
	memcpy(k->yhb, k->yh, (size_t)m * sizeof *k->yhb);
	k->nbsl = 0;
	for (int j = 0; j < n; j++)
		if (k->base.x[j] != 0 || k->base.cs[j] == ST_FREE || k->cu[j] == HUGE_VAL) {
			k->bsl[k->nbsl++] = j;
			k->ins[j] = 1;
		}
	if (pool_make(k, ST_LO, +1, &k->plo, &k->nplo) < 0 ||
	    pool_make(k, ST_UP, -1, &k->pup, &k->npup) < 0)
		goto oom;
	/* The range of each row's coefficients over the pools (0 for a column not in it). */
	int np = 0;
	for (int q = 0; q < k->nplo + k->npup; q++) {
		int j = q < k->nplo ? k->plo[q] : k->pup[q - k->nplo];
		np++;
		for (int p = k->cbeg[j]; p < k->cbeg[j + 1]; p++) {
			int r = k->rind[p];
			double a = k->aval[p];
			if (cnt[r]++ == 0) {
				k->rmin[r] = k->rmax[r] = a;
			} else {
				k->rmin[r] = fmin(k->rmin[r], a);
				k->rmax[r] = fmax(k->rmax[r], a);
			}
		}
	}
	for (int r = 0; r < m; r++)
		if (cnt[r] < np) {
			k->rmin[r] = fmin(k->rmin[r], 0);
			k->rmax[r] = fmax(k->rmax[r], 0);
		}
	/* The same per bucket of plo. */
	size_t nb = ((size_t)k->nplo + KKT_BUCKET - 1) / KKT_BUCKET;
	k->bmin = malloc((nb * m + 1) * sizeof *k->bmin);
	k->bmax = malloc((nb * m + 1) * sizeof *k->bmax);
	k->cand = malloc(((size_t)n + 1) * sizeof *k->cand);
	if (!k->bmin || !k->bmax || !k->cand)
		goto oom;
	for (size_t b = 0; b < nb; b++) {
		double *bmin = k->bmin + b * m, *bmax = k->bmax + b * m;
		int q0 = (int)b * KKT_BUCKET,
		    q1 = q0 + KKT_BUCKET < k->nplo ? q0 + KKT_BUCKET : k->nplo;
		memset(cnt, 0, (size_t)m * sizeof *cnt);
		for (int q = q0; q < q1; q++)
			for (int p = k->cbeg[k->plo[q]]; p < k->cbeg[k->plo[q] + 1]; p++) {
				int r = k->rind[p];
				double a = k->aval[p];
				bmin[r] = cnt[r] ? fmin(bmin[r], a) : a;
				bmax[r] = cnt[r]++ ? fmax(bmax[r], a) : a;
			}
		for (int r = 0; r < m; r++)
			if (cnt[r] < q1 - q0) {
				bmin[r] = cnt[r] ? fmin(bmin[r], 0) : 0;
				bmax[r] = cnt[r] ? fmax(bmax[r], 0) : 0;
			}
	}
	free(cnt);
	memcpy(k->sl, k->bsl, (size_t)k->nbsl * sizeof *k->sl);
	k->nsl = k->nbsl;
	return 0;
oom:
	free(cnt);
	return -1;
}

int price_kkt_init(const struct model *m, int nrow, int ncol, double z, const double *s, bool full,
                   struct price_kkt **out)
{
	*out = NULL;
	struct price_kkt *k = calloc(1, sizeof *k);
	if (k)
		k->far_at = -1; /* no point yet: the base's path proves nothing out of reach */
	if (!k)
		return -1;
	k->n = ncol;
	k->m = nrow;
	k->z = z;
	if (kkt_read(k, m->lp) < 0 || kkt_cones(k, m, s) < 0)
		goto oom;
	int n = k->n, mr = k->m, N = n + mr + k->ncone;
	if (state_alloc(&k->base, n, mr, k->ncone) < 0 || state_alloc(&k->cur, n, mr, k->ncone) < 0)
		goto oom;
	k->ax = malloc(((size_t)mr + 1) * sizeof *k->ax);
	k->sig = malloc(((size_t)k->ng + 1) * sizeof *k->sig);
	k->d = malloc(((size_t)n + 1) * sizeof *k->d);
	k->bd = malloc(((size_t)n + 1) * sizeof *k->bd);
	k->yh = malloc(((size_t)mr + 1) * sizeof *k->yh);
	k->wg = malloc(((size_t)k->ng + 1) * sizeof *k->wg);
	k->nzl = malloc(((size_t)n + 1) * sizeof *k->nzl);
	k->fl = malloc(((size_t)n + 1) * sizeof *k->fl);
	k->rl_ = malloc(((size_t)mr + 1) * sizeof *k->rl_);
	k->kl = malloc(((size_t)k->ncone + 1) * sizeof *k->kl);
	k->rpos = malloc(((size_t)mr + 1) * sizeof *k->rpos);
	k->rhs = malloc(((size_t)N + 1) * sizeof *k->rhs);
	k->w1 = malloc(((size_t)N + 1) * sizeof *k->w1);
	k->w0 = malloc((2 * ((size_t)n + mr + k->ncone) + 1) * sizeof *k->w0);
	k->sl = malloc(((size_t)n + 1) * sizeof *k->sl);
	k->rnz = malloc(((size_t)mr + 1) * sizeof *k->rnz);
	k->rnz0 = malloc(((size_t)mr + 1) * sizeof *k->rnz0);
	k->yh0 = malloc(((size_t)mr + 1) * sizeof *k->yh0);
	if (!k->ax || !k->sig || !k->d || !k->bd || !k->yh || !k->wg || !k->nzl || !k->fl ||
	    !k->rl_ || !k->kl || !k->rpos || !k->rhs || !k->w1 || !k->w0 || !k->sl || !k->rnz ||
	    !k->rnz0 || !k->yh0)
		goto oom;
	/* The base's path looks at every column at every step (there is no base yet to
	 * bound the others by). */
	k->full = true;
	for (int j = 0; j < n; j++)
		k->sl[j] = j;
	k->nsl = n;
	if (kkt_order(k, m) < 0)
		goto oom;
	kkt_start(k, m);
	int rc = kkt_solve(k);
	if (rc != 0) {
		price_kkt_free(k);
		return rc;
	}
	kkt_state_copy(&k->base, &k->cur, n, mr, k->ncone);
	/* The last evaluation (kkt_correct's) was of every column at the base. */
	struct price_kkt_sol sol;
	kkt_sol(k, 1, &sol);
	k->bobj = sol.obj;
	memcpy(k->bd, k->d, (size_t)n * sizeof *k->bd);
	/* The columns with a lower bound other than 0, for price_kkt_infeasible. */
	if (!(k->lbl = malloc(((size_t)n + 1) * sizeof *k->lbl)))
		goto oom;
	for (int j = 0; j < n; j++)
		if (k->cl[j] != 0)
			k->lbl[k->nlbl++] = j;
	if (!full) {
		if (kkt_pools(k) < 0)
			goto oom;
		k->full = false;
	}
	k->npt = k->nstep = k->ndj = 0;
	*out = k;
	return 0;
oom:
	price_kkt_free(k);
	return -1;
}
