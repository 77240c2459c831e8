/* price_kkt: chance-constrained points solved on their KKT conditions (see price_kkt.h).
 *
 * Why: a point solved with cutting planes costs 10-15 rounds of tangents, about 1,500 dual
 * simplex iterations on an LP of 2,000-3,000 rows in a 1,000-lot yard (50 s a grade), and
 * its value follows the cuts it happened to take. Here a point is a path of dense Newton
 * steps of the size of the active set (the free columns, a few dozen, plus the rows and
 * cones that bind): about 0.8 ms a point in that yard, and its value is the cone's own
 * multiplier, exact at z. */
#include "price_kkt_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rm_lu.h"

/* fmax(a, b) for an a that is never NaN, inline (fmax is a library call at -O2): a NaN b
 * leaves a, as fmax does. */
static inline double kkt_max(double a, double b)
{
	return b > a ? b : a;
}

/* Column j's reduced cost at yhat yh (rows rnz: those with yh != 0, ascending), without
 * the curvature of sigma (x_j = 0: none). The same operations in the same order as
 * kkt_eval's pass over every column (c_j, less yh_r a_rj row by row, an element row's
 * dense entry even when 0), so the same bits: A's columns are sorted by row. */
static double kkt_dj(struct price_kkt *k, int j, const double *yh, const int *rnz, int nr)
{
	double d = k->c[j];
	int p = k->cbeg[j], pe = k->cbeg[j + 1];
	k->ndj++;
	for (int q = 0; q < nr; q++) {
		int r = rnz[q];
		if (k->rgroup[r] >= 0) {
			d -= yh[r] * k->ge[(size_t)k->rgroup[r] * k->n + j];
			continue;
		}
		while (p < pe && k->rind[p] < r)
			p++;
		if (p < pe && k->rind[p] == r)
			d -= yh[r] * k->aval[p];
	}
	return d;
}

/* A x, sigma of every group, and (dj) the reduced costs at the current state: of every
 * column in full mode, else of the columns in play (the others: kkt_dj when a bound on
 * the move of yhat since the base says one could matter). Only the columns in use (a few
 * dozen of a yard's thousand) add to A x and sigma; a cone's multiplier reaches the
 * columns through its element row (yhat) and, for those in use, through the curvature of
 * sigma. */
void kkt_eval(struct price_kkt *k, bool dj)
{
	const struct kkt_state *s = &k->cur;
	int nnz = 0;
	for (int q = 0; q < k->nsl; q++)
		if (s->x[k->sl[q]] != 0)
			k->nzl[nnz++] = k->sl[q];
	memset(k->ax, 0, (size_t)k->m * sizeof *k->ax);
	for (int q = 0; q < nnz; q++) {
		int j = k->nzl[q];
		for (int p = k->cbeg[j]; p < k->cbeg[j + 1]; p++)
			k->ax[k->rind[p]] += k->aval[p] * s->x[j];
	}
	for (int g = 0; g < k->ng; g++) {
		const double *s2 = k->s2 + (size_t)g * k->n;
		double v = 0;
		for (int q = 0; q < nnz; q++) {
			int j = k->nzl[q];
			v += s2[j] * s->x[j] * s->x[j];
		}
		k->sig[g] = sqrt(v);
		k->wg[g] = 0;
	}
	if (!dj)
		return;
	memcpy(k->yh, s->y, (size_t)k->m * sizeof *k->yh);
	for (int c = 0; c < k->ncone; c++) {
		const struct kkt_cone *cn = &k->cone[c];
		double sg = k->sig[cn->g];
		k->yh[k->grow[cn->g]] -= s->nu[c] * cn->side;
		if (sg > 0)
			k->wg[cn->g] += s->nu[c] * k->z / sg;
	}
	k->nrnz = 0;
	for (int r = 0; r < k->m; r++)
		if (k->yh[r] != 0)
			k->rnz[k->nrnz++] = r;
	if (k->full) {
		/* By rows: only the few with a multiplier (the mass row, and the rows and cones
		 * that bind) reach every column. */
		memcpy(k->d, k->c, (size_t)k->n * sizeof *k->d);
		k->ndj += (unsigned long)k->n;
		for (int q = 0; q < k->nrnz; q++) {
			int r = k->rnz[q];
			double yr = k->yh[r];
			/* An element row is dense (every lot has the element): a straight loop. */
			if (k->rgroup[r] >= 0) {
				const double *ge = k->ge + (size_t)k->rgroup[r] * k->n;
				for (int j = 0; j < k->n; j++)
					k->d[j] -= yr * ge[j];
				continue;
			}
			for (int p = k->rbeg[r]; p < k->rbeg[r + 1]; p++)
				k->d[k->rcol[p]] -= yr * k->rval[p];
		}
	} else {
		for (int q = 0; q < k->nsl; q++)
			k->d[k->sl[q]] = kkt_dj(k, k->sl[q], k->yh, k->rnz, k->nrnz);
	}
	for (int g = 0; g < k->ng; g++) {
		if (k->wg[g] == 0)
			continue;
		const double *s2 = k->s2 + (size_t)g * k->n;
		for (int q = 0; q < nnz; q++) {
			int j = k->nzl[q];
			k->d[j] += k->wg[g] * s2[j] * s->x[j];
		}
	}
}

void kkt_play(struct price_kkt *k, int j)
{
	if (k->full || k->ins[j])
		return;
	int q = k->nsl;
	while (q > 0 && k->sl[q - 1] > j) {
		k->sl[q] = k->sl[q - 1];
		q--;
	}
	k->sl[q] = j;
	k->nsl++;
	k->ins[j] = 1;
}

void kkt_reset(struct price_kkt *k)
{
	struct kkt_state *s = &k->cur;
	const struct kkt_state *b = &k->base;
	if (k->full) {
		kkt_state_copy(s, b, k->n, k->m, k->ncone);
		return;
	}
	/* A column's x and status change only in play: only those go back. */
	for (int q = 0; q < k->nsl; q++) {
		int j = k->sl[q];
		s->x[j] = b->x[j];
		s->cs[j] = b->cs[j];
		k->ins[j] = 0;
	}
	memcpy(s->y, b->y, (size_t)k->m * sizeof *s->y);
	memcpy(s->nu, b->nu, (size_t)k->ncone * sizeof *s->nu);
	memcpy(s->rs, b->rs, (size_t)k->m);
	memcpy(s->ks, b->ks, (size_t)k->ncone);
	memcpy(k->sl, k->bsl, (size_t)k->nbsl * sizeof *k->sl);
	k->nsl = k->nbsl;
	for (int q = 0; q < k->nsl; q++)
		k->ins[k->sl[q]] = 1;
}

/* How far yhat has moved since the base can turn the reduced cost of a column whose
 * coefficients lie in the rows' ranges [rmin, rmax] (x = 0: d is linear in yhat): down by
 * at most *dn, up by at most *up, each with a margin for rounding (of d here and of bd at
 * the base) far above it. NAN or infinite when there is no bound: then every column is
 * looked at. */
static void kkt_shift(const struct price_kkt *k, const double *yh, const double *rmin,
                      const double *rmax, double *dn, double *up)
{
	double lo = 0, hi = 0, mag = k->cmax;
	for (int r = 0; r < k->m; r++) {
		double del = yh[r] - k->yhb[r];
		if (del == 0 && yh[r] == 0)
			continue;
		lo += fmax(del * rmin[r], del * rmax[r]);
		hi += fmax(-del * rmin[r], -del * rmax[r]);
		mag += (fabs(yh[r]) + fabs(k->yhb[r])) * fmax(fabs(k->rmin[r]), fabs(k->rmax[r]));
	}
	*dn = lo + 1e-11 * mag;
	*up = hi + 1e-11 * mag;
}

/* The columns of the pool at a lower bound (ascending) whose reduced cost may be below
 * -td at yhat yh, into k->cand; returns how many. The pool is in buckets of KKT_BUCKET by
 * bd, each with its rows' ranges: a bucket whose ranges cannot turn its first column is
 * passed, and the walk ends where the ranges of the whole pool cannot. */
static int kkt_cands(struct price_kkt *k, const double *yh, double td)
{
	double dn, up;
	int nc = 0;
	kkt_shift(k, yh, k->rmin, k->rmax, &dn, &up);
	for (int b = 0; b * KKT_BUCKET < k->nplo; b++) {
		int q0 = b * KKT_BUCKET, q1 = q0 + KKT_BUCKET < k->nplo ? q0 + KKT_BUCKET : k->nplo;
		if (k->bd[k->plo[q0]] >= -td + dn)
			break;
		double bdn, bup;
		const double *bmin = k->bmin + (size_t)b * k->m, *bmax = k->bmax + (size_t)b * k->m;
		kkt_shift(k, yh, bmin, bmax, &bdn, &bup);
		for (int q = q0; q < q1 && !(k->bd[k->plo[q]] >= -td + bdn); q++)
			if (!k->ins[k->plo[q]])
				k->cand[nc++] = k->plo[q];
	}
	return nc;
}

static double row_target(const struct price_kkt *k, int r)
{
	return k->cur.rs[r] == ST_UP ? k->ru[r] : k->rl[r];
}

/* The active set as lists (free columns, rows, cones), and the residuals of its KKT
 * system at the current state into rhs, negated; returns the largest, relative. */
static double kkt_residual(struct price_kkt *k, int *nf_, int *nr_, int *nk_)
{
	struct kkt_state *s = &k->cur;
	int nf = 0, nr = 0, nk = 0;
	for (int q = 0; q < k->nsl; q++)
		if (s->cs[k->sl[q]] == ST_FREE)
			k->fl[nf++] = k->sl[q];
	for (int r = 0; r < k->m; r++) {
		k->rpos[r] = -1;
		if (s->rs[r] != 0) {
			k->rpos[r] = nr;
			k->rl_[nr++] = r;
		}
	}
	for (int c = 0; c < k->ncone; c++)
		if (s->ks[c])
			k->kl[nk++] = c;
	*nf_ = nf;
	*nr_ = nr;
	*nk_ = nk;
	kkt_eval(k, true);
	double res = 0;
	for (int a = 0; a < nf; a++) {
		int j = k->fl[a];
		k->rhs[a] = -k->d[j];
		res = kkt_max(res, fabs(k->d[j]) / (1 + fabs(k->c[j])));
	}
	for (int b = 0; b < nr; b++) {
		int r = k->rl_[b];
		double t = row_target(k, r);
		k->rhs[nf + b] = -(k->ax[r] - t);
		res = kkt_max(res, fabs(k->ax[r] - t) / (1 + fabs(t)));
	}
	for (int b = 0; b < nk; b++) {
		int c = k->kl[b];
		double v = kkt_cone_f(k, c) - k->cone[c].h;
		k->rhs[nf + nr + b] = -v;
		res = kkt_max(res, fabs(v) / (1 + fabs(k->cone[c].h)));
	}
	return isfinite(res) ? res : HUGE_VAL;
}

/* The KKT matrix of the active set at the current state into K (N = nf + nr + nk, by
 * columns; it is symmetric): H of the free columns, A of the active rows, and the
 * gradients of the active cones. */
static void kkt_matrix(struct price_kkt *k, int nf, int nr, int nk)
{
	const struct kkt_state *s = &k->cur;
	int N = nf + nr + nk;
	double *K = k->K;
	memset(K, 0, (size_t)N * N * sizeof *K);
#define KAT(i, j) K[(size_t)(j)*N + (i)]
	/* H: each active cone's nu z (diag(s2) / sigma - (s2 x)(s2 x)' / sigma^3). */
	for (int b = 0; b < nk; b++) {
		const struct kkt_cone *cn = &k->cone[k->kl[b]];
		double sg = k->sig[cn->g], w = s->nu[k->kl[b]] * k->z;
		if (!(sg > 0) || w == 0)
			continue;
		const double *s2 = k->s2 + (size_t)cn->g * k->n;
		double s3 = sg * sg * sg;
		for (int a = 0; a < nf; a++) {
			int ja = k->fl[a];
			double pa = s2[ja] * s->x[ja];
			KAT(a, a) += w * s2[ja] / sg;
			if (pa == 0)
				continue;
			for (int a2 = 0; a2 < nf; a2++) {
				double pb = s2[k->fl[a2]] * s->x[k->fl[a2]];
				KAT(a, a2) -= w * pa * pb / s3;
			}
		}
	}
	/* A of the active rows, and the gradients of the active cones. */
	for (int a = 0; a < nf; a++) {
		int j = k->fl[a];
		for (int p = k->cbeg[j]; p < k->cbeg[j + 1]; p++) {
			int at = k->rpos[k->rind[p]];
			if (at >= 0) {
				KAT(a, nf + at) = k->aval[p];
				KAT(nf + at, a) = k->aval[p];
			}
		}
		for (int b = 0; b < nk; b++) {
			const struct kkt_cone *cn = &k->cone[k->kl[b]];
			double sg = k->sig[cn->g];
			double gr =
			    cn->side * k->ge[(size_t)cn->g * k->n + j] +
			    (sg > 0 ? k->z * k->s2[(size_t)cn->g * k->n + j] * s->x[j] / sg : 0);
			KAT(a, nf + nr + b) = gr;
			KAT(nf + nr + b, a) = gr;
		}
	}
#undef KAT
}

/* The Newton step of the KKT system at the current state (after kkt_residual) into rhs:
 * dx of the free columns, -dy of the active rows (so that the matrix is symmetric), dnu
 * of the active cones. 0, 1 singular, -1 out of memory. */
static int kkt_direction(struct price_kkt *k, int nf, int nr, int nk)
{
	int N = nf + nr + nk;
	if (N == 0)
		return 1;
	if ((size_t)N * N > k->capk) {
		double *nk2 = realloc(k->K, (size_t)N * N * sizeof *nk2);
		if (!nk2)
			return -1;
		k->K = nk2;
		k->capk = (size_t)N * N;
	}
	kkt_matrix(k, nf, nr, nk);
	/* K is singular where the path meets a vertex with more constraints binding than
	 * free columns can meet (the simplex method's degenerate pivot): the step is then the
	 * one of the regularised system, whose multiplier block is -delta rather than 0, and
	 * along it the multiplier of a constraint to let go reaches 0 (an event). That is
	 * rare: K, which the solve destroys, is built again rather than kept at every step. */
	memcpy(k->w1, k->rhs, (size_t)N * sizeof *k->rhs);
	if (rm_lu_solve(N, k->K, k->rhs) == 0)
		return 0;
	kkt_matrix(k, nf, nr, nk);
	memcpy(k->rhs, k->w1, (size_t)N * sizeof *k->rhs);
	double *K = k->K, amax = 0;
	for (size_t q = 0; q < (size_t)N * N; q++)
		amax = kkt_max(amax, fabs(K[q]));
	double del = KKT_REG * amax;
	for (int b = nf; b < N; b++)
		K[(size_t)b * N + b] = -del;
	return rm_lu_solve(N, K, k->rhs);
}

/* Moves the state by t times the step dir (as kkt_direction leaves it). */
static void kkt_move(struct price_kkt *k, const double *dir, double t, int nf, int nr, int nk)
{
	struct kkt_state *s = &k->cur;
	for (int a = 0; a < nf; a++)
		s->x[k->fl[a]] += t * dir[a];
	for (int b = 0; b < nr; b++)
		s->y[k->rl_[b]] -= t * dir[nf + b];
	for (int b = 0; b < nk; b++)
		s->nu[k->kl[b]] += t * dir[nf + nr + b];
}

/* Where along [0, 1] a quantity going from v0 to v1 crosses lim from the side it must
 * stay on (sign +1: v >= lim, -1: v <= lim); 2 when it does not. */
static double kkt_cross(double v0, double v1, double lim, int sign)
{
	if (!(sign * (v0 - lim) >= 0 && sign * (v1 - lim) < 0))
		return 2;
	return (v0 - lim) / (v0 - v1);
}

/* The event of a column or row of status st (ST_FREE, 0 for a row: slack) between two
 * states: slack or free, its value v reaching lo or hi; at a bound, its multiplier m (the
 * reduced cost, the row dual) turning past td the wrong way. The fraction, 2 when none. */
static inline double kkt_bound_event(int st, double v0, double v1, double lo, double hi, double m0,
                                     double m1, double td)
{
	switch (st) {
	case ST_FREE: return fmin(kkt_cross(v0, v1, lo, +1), kkt_cross(v0, v1, hi, -1));
	case ST_LO: return kkt_cross(m0, m1, -td, +1);
	case ST_UP: return kkt_cross(m0, m1, td, -1);
	default: return 2;
	}
}

/* Corrects the active set by everything the solution of the last one violates; returns
 * how many changes. Every column is checked: those in play here, the pools' where the
 * move of yhat since the base could have turned their reduced cost (kkt_shift). */
static int kkt_correct(struct price_kkt *k)
{
	struct kkt_state *s = &k->cur;
	int n = 0;
	double td = KKT_TOL * (1 + k->cmax);
	kkt_eval(k, true);
	for (int q = 0; q < k->nsl; q++) {
		int j = k->sl[q];
		double tl = KKT_TOL * (1 + fabs(k->cl[j])), tu = KKT_TOL * (1 + fabs(k->cu[j]));
		if (s->cs[j] == ST_FREE && s->x[j] < k->cl[j] - tl) {
			s->cs[j] = ST_LO;
			s->x[j] = k->cl[j];
			n++;
		} else if (s->cs[j] == ST_FREE && s->x[j] > k->cu[j] + tu) {
			s->cs[j] = ST_UP;
			s->x[j] = k->cu[j];
			n++;
		} else if ((s->cs[j] == ST_LO && k->d[j] < -td) ||
		           (s->cs[j] == ST_UP && k->d[j] > td)) {
			s->cs[j] = ST_FREE;
			n++;
		}
	}
	if (k->full)
		goto rows;
	double dn, up;
	kkt_shift(k, k->yh, k->rmin, k->rmax, &dn, &up);
	/* A column of the pools is not in play: at its base bound, x = 0. */
	int nc = kkt_cands(k, k->yh, td);
	for (int q = 0; q < nc; q++) {
		int j = k->cand[q];
		if (kkt_dj(k, j, k->yh, k->rnz, k->nrnz) < -td) {
			s->cs[j] = ST_FREE;
			kkt_play(k, j);
			n++;
		}
	}
	for (int q = 0; q < k->npup && !(k->bd[k->pup[q]] <= td - up); q++) {
		int j = k->pup[q];
		if (!k->ins[j] && kkt_dj(k, j, k->yh, k->rnz, k->nrnz) > td) {
			s->cs[j] = ST_FREE;
			kkt_play(k, j);
			n++;
		}
	}
rows:
	for (int r = 0; r < k->m; r++) {
		double t = KKT_TOL * (1 + fmax(fabs(k->ax[r]), 1));
		if ((s->rs[r] == ST_LO && s->y[r] < -td) || (s->rs[r] == ST_UP && s->y[r] > td)) {
			s->rs[r] = 0;
			s->y[r] = 0;
			n++;
		} else if (s->rs[r] == 0 && k->ax[r] < k->rl[r] - t) {
			s->rs[r] = ST_LO;
			n++;
		} else if (s->rs[r] == 0 && k->ax[r] > k->ru[r] + t) {
			s->rs[r] = ST_UP;
			n++;
		}
	}
	for (int c = 0; c < k->ncone; c++) {
		double h = k->cone[c].h, t = KKT_TOL * (1 + fabs(h));
		if (s->ks[c] && s->nu[c] < -td) {
			s->ks[c] = 0;
			s->nu[c] = 0;
			n++;
		} else if (!s->ks[c] && kkt_cone_f(k, c) > h + t) {
			s->ks[c] = 1;
			n++;
		}
	}
	return n;
}

/* The first event along the step from the state saved in k->w0 (x, y, nu, d, A x, f) to
 * the current one: a free column reaching a bound, a multiplier reaching 0, a column at a
 * bound whose reduced cost turns, a slack row or cone reaching its limit. Returns the
 * fraction of the step, 2 when none, with what to change in *kind and *at. */
static double kkt_event(struct price_kkt *k, int *kind, int *at)
{
	const struct kkt_state *s = &k->cur;
	const double *x0 = k->w0, *y0 = x0 + k->n, *nu0 = y0 + k->m, *d0 = nu0 + k->ncone;
	const double *ax0 = d0 + k->n, *f0 = ax0 + k->m;
	double best = 2, t;
	double td = KKT_TOL * (1 + k->cmax);
	/* The columns in any order, the first in column order on a tie. */
	for (int q = 0; q < k->nsl; q++) {
		int j = k->sl[q];
		t = kkt_bound_event(s->cs[j], x0[j], s->x[j], k->cl[j], k->cu[j], d0[j], k->d[j],
		                    td);
		if (t < best) {
			best = t;
			*kind = 0;
			*at = j;
		}
	}
	if (!k->full) {
		/* Of the pools, only a column whose reduced cost can have crossed by now (at
		 * the end of the step; a turn is from the saved side to the other). */
		double dn, up;
		kkt_shift(k, k->yh, k->rmin, k->rmax, &dn, &up);
		int nc = kkt_cands(k, k->yh, td);
		for (int q = 0; q < nc; q++) {
			int j = k->cand[q];
			double d1 = kkt_dj(k, j, k->yh, k->rnz, k->nrnz);
			if (!(d1 < -td))
				continue;
			t = kkt_cross(kkt_dj(k, j, k->yh0, k->rnz0, k->nrnz0), d1, -td, +1);
			if (t < best || (t == best && t < 2 && j < *at)) {
				best = t;
				*kind = 0;
				*at = j;
			}
		}
		for (int q = 0; q < k->npup && !(k->bd[k->pup[q]] <= td - up); q++) {
			int j = k->pup[q];
			if (k->ins[j])
				continue;
			double d1 = kkt_dj(k, j, k->yh, k->rnz, k->nrnz);
			if (!(d1 > td))
				continue;
			t = kkt_cross(kkt_dj(k, j, k->yh0, k->rnz0, k->nrnz0), d1, td, -1);
			if (t < best || (t == best && t < 2 && j < *at)) {
				best = t;
				*kind = 0;
				*at = j;
			}
		}
	}
	for (int r = 0; r < k->m; r++) {
		double tol = KKT_TOL * (1 + fabs(k->ax[r]));
		t = kkt_bound_event(s->rs[r], ax0[r], k->ax[r], k->rl[r] - tol, k->ru[r] + tol,
		                    y0[r], s->y[r], td);
		if (t < best) {
			best = t;
			*kind = 1;
			*at = r;
		}
	}
	for (int c = 0; c < k->ncone; c++) {
		double h = k->cone[c].h;
		t = s->ks[c] ? kkt_cross(nu0[c], s->nu[c], -td, +1)
		             : kkt_cross(f0[c], kkt_cone_f(k, c), h + KKT_TOL * (1 + fabs(h)), -1);
		if (t < best) {
			best = t;
			*kind = 2;
			*at = c;
		}
	}
	return best;
}

/* Saves what kkt_event compares against: x, y, nu, d, A x and f at the current state. */
static void kkt_save(struct price_kkt *k)
{
	const struct kkt_state *s = &k->cur;
	double *w = k->w0, *d0 = w + k->n + k->m + k->ncone;
	/* x and d of the columns in play (the pools' d: kkt_dj at the saved yhat). */
	for (int q = 0; q < k->nsl; q++) {
		int j = k->sl[q];
		w[j] = s->x[j];
		d0[j] = k->d[j];
	}
	memcpy(k->yh0, k->yh, (size_t)k->m * sizeof *k->yh0);
	memcpy(k->rnz0, k->rnz, (size_t)k->nrnz * sizeof *k->rnz0);
	k->nrnz0 = k->nrnz;
	memcpy(w += k->n, s->y, (size_t)k->m * sizeof *w);
	memcpy(w += k->m, s->nu, (size_t)k->ncone * sizeof *w);
	memcpy(w += k->ncone + k->n, k->ax, (size_t)k->m * sizeof *w);
	w += k->m;
	for (int c = 0; c < k->ncone; c++)
		w[c] = kkt_cone_f(k, c);
}

/* Changes the active set by one event of kkt_event, at the state it happened. */
static void kkt_apply(struct price_kkt *k, int kind, int at)
{
	struct kkt_state *s = &k->cur;
	if (kind == 0) {
		if (s->cs[at] != ST_FREE) {
			s->cs[at] = ST_FREE;
			kkt_play(k, at);
		} else {
			bool lo = fabs(s->x[at] - k->cl[at]) <= fabs(s->x[at] - k->cu[at]);
			s->cs[at] = lo ? ST_LO : ST_UP;
			s->x[at] = lo ? k->cl[at] : k->cu[at];
		}
	} else if (kind == 1) {
		if (s->rs[at] != 0) {
			s->rs[at] = 0;
			s->y[at] = 0;
		} else {
			s->rs[at] =
			    k->ax[at] < k->rl[at] + KKT_TOL * (1 + fabs(k->rl[at])) ? ST_LO : ST_UP;
		}
	} else {
		s->ks[at] = !s->ks[at];
		s->nu[at] = 0;
	}
}

/* Once per fixed point: whether the LP proves it out of reach. 2 it does, 0 it does not
 * (the path goes on), -1 out of memory. */
static int kkt_far_try(struct price_kkt *k)
{
	int at = k->far_at;
	k->far_at = -1;
	int rc = kkt_far(k, at, k->far_q, k->far_bl, k->far_bu, KKT_FAR_ROUNDS);
	return rc < 0 ? -1 : rc ? 2 : 0;
}

/* From the current state to a checked optimum: Newton steps on the active set, each cut
 * short at the first event along it, which changes the set by one (a path like the
 * simplex method's, with a curved step). 0, 1 not found, -1 out of memory. */
int kkt_solve(struct price_kkt *k)
{
	int nf, nr, nk, stall = 0;
	double best = HUGE_VAL;
	for (int it = 0; it < KKT_ITER_MAX + k->n / KKT_ITER_PER; it++) {
		if (it == KKT_FAR_STEP && k->far_at >= 0) {
			int rc = kkt_far_try(k);
			if (rc)
				return rc;
		}
		double res = kkt_residual(k, &nf, &nr, &nk);
		k->nstep++;
		/* No progress over many steps: a regularised step at a vertex that no event
		 * resolves (the point is infeasible, or degenerate here). */
		if (res < 0.5 * best) {
			best = res;
			stall = 0;
		} else if (++stall > KKT_STALL) {
			return 1;
		}
		if (res <= KKT_TOL) {
			/* kkt_correct re-evaluates at the current state */
			int nc = kkt_correct(k);
			if (nc == 0)
				return 0;
			continue;
		}
		if (res == HUGE_VAL)
			return 1;
		kkt_save(k);
		int rc = kkt_direction(k, nf, nr, nk);
		if (rc)
			return rc;
		kkt_move(k, k->rhs, 1, nf, nr, nk);
		kkt_eval(k, true);
		int kind = 0, at = 0;
		double t = kkt_event(k, &kind, &at);
		if (t >= 1)
			continue;
		/* An event is progress: the set changed. */
		best = HUGE_VAL;
		stall = 0;
		kkt_move(k, k->rhs, t - 1, nf, nr, nk);
		/* kkt_apply needs A x; the next kkt_residual computes the rest. */
		kkt_eval(k, false);
		kkt_apply(k, kind, at);
	}
	return 1;
}

void kkt_sol(const struct price_kkt *k, int j, struct price_kkt_sol *sol)
{
	/* Over the columns in play: the others add c_i 0, which moves no sum but one of -0
	 * (and so no obj but 0: that is summed over every column). */
	double obj = k->c0;
	for (int q = 0; q < k->nsl; q++)
		obj += k->c[k->sl[q]] * k->cur.x[k->sl[q]];
	if (obj == 0) {
		obj = k->c0;
		for (int i = 0; i < k->n; i++)
			obj += k->c[i] * k->cur.x[i];
	}
	sol->obj = obj;
	sol->x = k->cur.x[j - 1];
	sol->d = k->d[j - 1];
}

void price_kkt_base(const struct price_kkt *k, int j, struct price_kkt_sol *sol)
{
	*sol = (struct price_kkt_sol){k->bobj, k->base.x[j - 1], k->bd[j - 1]};
}

/* Column at's bounds set to [lo, hi] on the current state, and the path from there. */
static int kkt_go(struct price_kkt *k, int at, double lo, double hi)
{
	struct kkt_state *s = &k->cur;
	k->cl[at] = lo;
	k->cu[at] = hi;
	kkt_play(k, at);
	if (lo == hi) {
		s->cs[at] = ST_FIX;
		s->x[at] = lo;
	} else if (s->x[at] <= lo) {
		s->cs[at] = ST_LO;
		s->x[at] = lo;
	} else if (s->x[at] >= hi) {
		s->cs[at] = ST_UP;
		s->x[at] = hi;
	} else {
		s->cs[at] = ST_FREE;
	}
	return kkt_solve(k);
}

int price_kkt_point(struct price_kkt *k, int j, double lo, double hi, struct price_kkt_sol *sol)
{
	int at = j - 1;
	double bl = k->cl[at], bu = k->cu[at], x0 = k->base.x[at];
	k->npt++;
	kkt_reset(k);
	/* A fixed usage no charge can take: the path would run out its steps, in every
	 * stage, before the cutting planes proved it (price_kkt_far.c). */
	k->far_at = lo == hi && !k->far_off ? at : -1;
	k->far_q = lo;
	k->far_bl = bl;
	k->far_bu = bu;
	int rc = kkt_go(k, at, lo, hi);
	if (rc == 1 && k->far_at >= 0) {
		rc = kkt_far_try(k);
		rc = rc == 0 ? 1 : rc;
	}
	/* A path that stalled at a vertex may pass it in stages: the usage moved a part of
	 * the way at a time, each stage from the last one's optimum. */
	for (int parts = 2; rc == 1 && lo == hi && parts <= KKT_STAGES; parts *= 2) {
		kkt_reset(k);
		for (int q = 1; q <= parts && (q == 1 || rc == 0); q++)
			rc = kkt_go(k, at, x0 + (lo - x0) * q / parts, x0 + (lo - x0) * q / parts);
	}
	/* The last try before GLPK's cutting planes, which cost tens of ms and, after a loose
	 * base, a tight one solved again (price.c, price_glpk_exact). */
	if (rc == 1 && lo == hi && !k->far_off) {
		int far = kkt_far(k, at, lo, bl, bu, KKT_FAR_ROUNDS_LAST);
		rc = far < 0 ? -1 : far ? 2 : 1;
	}
	k->far_at = -1;
	if (rc == 0)
		kkt_sol(k, j, sol);
	else if (rc < 0)
		sol->obj = NAN;
	k->cl[at] = bl;
	k->cu[at] = bu;
	return rc;
}

void price_kkt_count(const struct price_kkt *k, unsigned long *points, unsigned long *steps,
                     unsigned long *dj)
{
	*points = k->npt;
	*steps = k->nstep;
	*dj = k->ndj;
}

void price_kkt_far_on(struct price_kkt *k, bool on)
{
	k->far_off = !on;
}

void price_kkt_far_count(const struct price_kkt *k, unsigned long *tried, unsigned long *proven)
{
	*tried = k->nfar;
	*proven = k->nfar_proven;
}
