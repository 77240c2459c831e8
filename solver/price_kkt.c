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

/* A x, sigma of every group, and (dj) every column's reduced cost at the current state.
 * Only the columns in use (a few dozen of a yard's thousand) add to A x and sigma; a cone's
 * multiplier reaches the columns through its element row (yhat) and, for those in use,
 * through the curvature of sigma. */
void kkt_eval(struct price_kkt *k, bool dj)
{
	const struct kkt_state *s = &k->cur;
	int nnz = 0;
	for (int j = 0; j < k->n; j++)
		if (s->x[j] != 0)
			k->nzl[nnz++] = j;
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
	/* By rows: only the few with a multiplier (the mass row, and the rows and cones that
	 * bind) reach every column. */
	memcpy(k->d, k->c, (size_t)k->n * sizeof *k->d);
	for (int r = 0; r < k->m; r++) {
		double yr = k->yh[r];
		if (yr == 0)
			continue;
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
	for (int j = 0; j < k->n; j++)
		if (s->cs[j] == ST_FREE)
			k->fl[nf++] = j;
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
		res = fmax(res, fabs(k->d[j]) / (1 + fabs(k->c[j])));
	}
	for (int b = 0; b < nr; b++) {
		int r = k->rl_[b];
		double t = row_target(k, r);
		k->rhs[nf + b] = -(k->ax[r] - t);
		res = fmax(res, fabs(k->ax[r] - t) / (1 + fabs(t)));
	}
	for (int b = 0; b < nk; b++) {
		int c = k->kl[b];
		double v = kkt_cone_f(k, c) - k->cone[c].h;
		k->rhs[nf + nr + b] = -v;
		res = fmax(res, fabs(v) / (1 + fabs(k->cone[c].h)));
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
		amax = fmax(amax, fabs(K[q]));
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
 * how many changes. */
static int kkt_correct(struct price_kkt *k)
{
	struct kkt_state *s = &k->cur;
	int n = 0;
	double td = KKT_TOL * (1 + k->cmax);
	kkt_eval(k, true);
	for (int j = 0; j < k->n; j++) {
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
static double kkt_event(const struct price_kkt *k, int *kind, int *at)
{
	const struct kkt_state *s = &k->cur;
	const double *x0 = k->w0, *y0 = x0 + k->n, *nu0 = y0 + k->m, *d0 = nu0 + k->ncone;
	const double *ax0 = d0 + k->n, *f0 = ax0 + k->m;
	double best = 2, t;
	double td = KKT_TOL * (1 + k->cmax);
	for (int j = 0; j < k->n; j++) {
		t = kkt_bound_event(s->cs[j], x0[j], s->x[j], k->cl[j], k->cu[j], d0[j], k->d[j],
		                    td);
		if (t < best) {
			best = t;
			*kind = 0;
			*at = j;
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
	double *w = k->w0;
	memcpy(w, s->x, (size_t)k->n * sizeof *w);
	memcpy(w += k->n, s->y, (size_t)k->m * sizeof *w);
	memcpy(w += k->m, s->nu, (size_t)k->ncone * sizeof *w);
	memcpy(w += k->ncone, k->d, (size_t)k->n * sizeof *w);
	memcpy(w += k->n, k->ax, (size_t)k->m * sizeof *w);
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

/* From the current state to a checked optimum: Newton steps on the active set, each cut
 * short at the first event along it, which changes the set by one (a path like the
 * simplex method's, with a curved step). 0, 1 not found, -1 out of memory. */
int kkt_solve(struct price_kkt *k)
{
	int nf, nr, nk, stall = 0;
	double best = HUGE_VAL;
	for (int it = 0; it < KKT_ITER_MAX + k->n / KKT_ITER_PER; it++) {
		double res = kkt_residual(k, &nf, &nr, &nk);
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
	double obj = k->c0;
	for (int i = 0; i < k->n; i++)
		obj += k->c[i] * k->cur.x[i];
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
	int n = k->n, at = j - 1;
	double bl = k->cl[at], bu = k->cu[at], x0 = k->base.x[at];
	kkt_state_copy(&k->cur, &k->base, n, k->m, k->ncone);
	int rc = kkt_go(k, at, lo, hi);
	/* A path that stalled at a vertex may pass it in stages: the usage moved a part of
	 * the way at a time, each stage from the last one's optimum. */
	for (int parts = 2; rc == 1 && lo == hi && parts <= KKT_STAGES; parts *= 2) {
		kkt_state_copy(&k->cur, &k->base, n, k->m, k->ncone);
		for (int q = 1; q <= parts && (q == 1 || rc == 0); q++)
			rc = kkt_go(k, at, x0 + (lo - x0) * q / parts, x0 + (lo - x0) * q / parts);
	}
	if (rc == 0)
		kkt_sol(k, j, sol);
	else if (rc < 0)
		sol->obj = NAN;
	k->cl[at] = bl;
	k->cu[at] = bu;
	return rc;
}
