/* chance_newton: the day's chance LP solved exactly on its KKT conditions, from the active
 * set the cutting planes found (issue 16).
 *
 * The rounds of chance.c / chance_sift.c end at the optimum of an outer approximation:
 * tangents, each cone met within 0.001 sd. That point names an active set: the columns
 * charged (S), the model's own rows held at a bound (R: mass rows, stock rows, element
 * rows, rules) and the cones that bind (C: a cone's cuts and split-cone row carry a
 * multiplier). With the set fixed, the KKT conditions of
 *     min c.x  s.t.  A_r x = b_r (r in R),
 *     g_q(x) = side (a_q . x) + z sigma_q(x) - side lim_q = 0 (q in C),
 *     sigma_q(x) = ||diag(s_q) x_k||  (x_k: the columns of the cone's heat)
 * are a square system in (x_S, lambda_R, mu_C):
 *     c_j + sum_r lambda_r A_rj + sum_q mu_q (side a_qj + z s_qj^2 x_j / sigma_q) = 0, j in S,
 * and the rows and cones met with equality. Newton's method solves it in a few steps from
 * the cutting planes' point and duals (lambda = -pi of GLPK's rows; mu = the cone's cuts'
 * and split-cone row's duals, signed). The Jacobian's x-block is the sum of mu_q z times
 * each cone's Hessian, (diag(s^2) - w w') / sigma with w = s^2 x / sigma: a diagonal plus
 * rank one per cone, so the heats' blocks are coupled only through the stock rows.
 *
 * The point is the optimum of the cone program (convex: KKT is sufficient) when what the
 * set leaves out holds too: x_S >= 0, every row and cone outside the set met, the
 * multipliers of the right sign, and every column outside S (also those sifting left out,
 * whose cone gradient at 0 is its mean coefficient alone) with a reduced cost >= 0. A check
 * that fails changes the set (a column that went negative leaves S, a row or cone violated
 * joins, a multiplier of the wrong sign leaves, a column that prices out joins) and Newton
 * runs again, a few times at most; then the caller keeps the cutting planes' answer.
 *
 * The cones are met at z_P + CHANCE_NEWTON_AIM_SD exactly (to 1e-9 relative), not at the
 * cuts' z_P + 0.001 within 0.001 sd: the cost is the cone optimum's, at or below the
 * cutting planes'. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chance.h"
#include "rm_lu.h"

#define CNW_STEPS 60      /* Newton steps per active set */
#define CNW_SETS 12       /* active sets tried */
#define CNW_FEAS_TOL 1e-9 /* rows and cones met to this, relative to their bound */
#define CNW_DJ_TOL 1e-9   /* a reduced cost >= -tol x max(1, |c_j|) */
#define CNW_X_TOL 1e-9    /* x_j >= -tol x max(1, the heat's mass): a column in S at 0 */
#define CNW_X_ZERO 1e-7   /* kg: a column charged below this is not in S at the start */
/* The largest system solved (dense: 72 MB at 3,000): the 500-lot day's is about 770, larger
 * days are not measured yet; past it the cutting planes' answer stays. */
#define CNW_MAX_N 3000

struct cnw_cone {
	size_t k, e;
	int side;
	double lim; /* side-signed: g = side a.x + z sigma - side lim */
	bool on;    /* in C */
	double mu;
	double sigma, g; /* at the current x */
	int at;          /* its equation in the system */
};

struct cnw {
	struct model *m;
	const struct chance *c;
	double z;
	int ncol, nrow; /* heat columns nh * nm; the LP's rows */
	/* The model's own rows (not the cuts' or split cones'), by column: a heat column j's
	 * entries are rind/aval[cbeg[j] .. cbeg[j + 1] - 1]. */
	int *cbeg, *rind;
	double *aval;
	char *base;        /* [nrow + 1]: a row of the model as built */
	double *rlo, *rhi; /* [nrow + 1]: -HUGE_VAL / HUGE_VAL where none */
	double *cost;      /* [ncol + 1] */
	char *usable;      /* [ncol + 1]: a column that may be charged (lower bound 0, no upper) */
	double *x;         /* [ncol + 1] */
	int *pos;          /* [ncol + 1]: its index in S, -1 none */
	int *S, nS;
	int *rside;  /* [nrow + 1]: 0 not in R, +1 at its upper bound, -1 lower, 2 fixed */
	int *rat;    /* [nrow + 1]: its equation */
	double *lam; /* [nrow + 1] */
	double *ax;  /* [nrow + 1] */
	int *R, nR;
	struct cnw_cone *q;
	size_t nq;
	double *s2, *a; /* [ncol + 1] scratch per cone: s_j^2 and a_j of the cone's heat */
	double *J, *F;  /* the system */
	double *d, *v0; /* a step's direction, and the point it starts from */
	int nJ;
	double mass_max;
};

static void cnw_free(struct cnw *w)
{
	free(w->cbeg);
	free(w->rind);
	free(w->aval);
	free(w->base);
	free(w->rlo);
	free(w->rhi);
	free(w->cost);
	free(w->usable);
	free(w->x);
	free(w->pos);
	free(w->S);
	free(w->rside);
	free(w->rat);
	free(w->lam);
	free(w->ax);
	free(w->R);
	free(w->q);
	free(w->s2);
	free(w->a);
	free(w->J);
	free(w->F);
	free(w->d);
	free(w->v0);
}

/* The model's rows and columns as they stand after the rounds; -1 out of memory. */
static int cnw_read(struct cnw *w)
{
	struct model *m = w->m;
	glp_prob *lp = m->lp;
	int nr = w->nrow = glp_get_num_rows(lp), nc = w->ncol = (int)(m->nh * m->nm);
	size_t n1 = (size_t)nc + 1, r1 = (size_t)nr + 1;
	w->base = malloc(r1);
	w->rlo = malloc(r1 * sizeof *w->rlo);
	w->rhi = malloc(r1 * sizeof *w->rhi);
	w->rside = calloc(r1, sizeof *w->rside);
	w->rat = malloc(r1 * sizeof *w->rat);
	w->lam = calloc(r1, sizeof *w->lam);
	w->ax = calloc(r1, sizeof *w->ax);
	w->R = malloc(r1 * sizeof *w->R);
	w->cost = malloc(n1 * sizeof *w->cost);
	w->usable = calloc(n1, 1);
	w->x = calloc(n1, sizeof *w->x);
	w->pos = malloc(n1 * sizeof *w->pos);
	w->S = malloc(n1 * sizeof *w->S);
	w->s2 = calloc(n1, sizeof *w->s2);
	w->a = calloc(n1, sizeof *w->a);
	w->cbeg = malloc((n1 + 1) * sizeof *w->cbeg);
	int *ind = malloc(r1 * sizeof *ind);
	double *val = malloc(r1 * sizeof *val);
	if (!w->base || !w->rlo || !w->rhi || !w->rside || !w->rat || !w->lam || !w->ax || !w->R ||
	    !w->cost || !w->usable || !w->x || !w->pos || !w->S || !w->s2 || !w->a || !w->cbeg ||
	    !ind || !val) {
		free(ind);
		free(val);
		return -1;
	}
	memset(w->base, 1, r1);
	for (size_t t = 0; t < m->ncut; t++)
		w->base[m->cut[t].row] = 0;
	for (size_t t = 0; t < m->ncone; t++)
		w->base[m->cone[t].r0] = w->base[m->cone[t].r1] = 0;
	for (int r = 1; r <= nr; r++) {
		int type = glp_get_row_type(lp, r);
		w->rlo[r] = type == GLP_LO || type == GLP_DB || type == GLP_FX
		                ? glp_get_row_lb(lp, r)
		                : -HUGE_VAL;
		w->rhi[r] = type == GLP_UP || type == GLP_DB || type == GLP_FX
		                ? glp_get_row_ub(lp, r)
		                : HUGE_VAL;
	}
	size_t nnz = 0, cap = 0;
	for (int j = 1; j <= nc; j++) {
		w->cbeg[j] = (int)nnz;
		w->cost[j] = glp_get_obj_coef(lp, j);
		w->pos[j] = -1;
		/* Sifting's columns outside are fixed at 0 but may enter; a column fixed at 0
		 * by the model (denied) may not. */
		w->usable[j] = glp_get_col_type(lp, j) == GLP_LO && glp_get_col_lb(lp, j) == 0;
		if (m->out && m->out[j])
			w->usable[j] = 1;
		int n = glp_get_mat_col(lp, j, ind, val);
		if (nnz + (size_t)n > cap) {
			cap = 2 * (nnz + (size_t)n) + 64;
			int *ri = realloc(w->rind, cap * sizeof *ri);
			if (ri)
				w->rind = ri;
			double *av = ri ? realloc(w->aval, cap * sizeof *av) : NULL;
			if (av)
				w->aval = av;
			if (!ri || !av) {
				free(ind);
				free(val);
				return -1;
			}
		}
		for (int t = 1; t <= n; t++)
			if (w->base[ind[t]]) {
				w->rind[nnz] = ind[t];
				w->aval[nnz++] = val[t];
			}
	}
	w->cbeg[nc + 1] = (int)nnz;
	free(ind);
	free(val);
	for (size_t k = 0; k < m->nh; k++)
		w->mass_max = fmax(w->mass_max, plant_bath_kg(m->p, m->heats[k]));
	return 0;
}

/* Row activities of the model's rows at x. */
static void cnw_ax(struct cnw *w)
{
	memset(w->ax, 0, ((size_t)w->nrow + 1) * sizeof *w->ax);
	for (int t = 0; t < w->nS; t++) {
		int j = w->S[t];
		for (int p = w->cbeg[j]; p < w->cbeg[j + 1]; p++)
			w->ax[w->rind[p]] += w->aval[p] * w->x[j];
	}
}

/* The start: S, R and C from the cutting planes' point and duals, or (prev) from the last
 * plan chance_newton verified on this model, which a warm re-solve after a small edit
 * (plan_warm.c) finds nearly right: on the 500-lot day a price edit took 6 sets from the
 * cuts' point. -1 out of memory. */
static int cnw_start(struct cnw *w, bool prev)
{
	struct model *m = w->m;
	glp_prob *lp = m->lp;
	w->nS = 0;
	for (int j = 1; j <= w->ncol; j++) {
		w->pos[j] = -1;
		w->x[j] = prev ? m->heur_col[j] : m->out && m->out[j] ? 0 : glp_get_col_prim(lp, j);
		if (w->usable[j] && w->x[j] > CNW_X_ZERO) {
			w->pos[j] = w->nS;
			w->S[w->nS++] = j;
		} else {
			w->x[j] = 0;
		}
	}
	cnw_ax(w);
	for (int r = 1; r <= w->nrow; r++) {
		w->rside[r] = 0;
		w->lam[r] = 0;
		if (!w->base[r])
			continue;
		if (prev) {
			double d = r <= m->nw_nrow ? m->nw_dual[r] : NAN;
			if (isnan(d))
				continue;
			w->lam[r] = -d;
			w->rside[r] = w->rlo[r] == w->rhi[r] ? 2
			              : fabs(w->ax[r] - w->rhi[r]) <= fabs(w->ax[r] - w->rlo[r])
			                  ? 1
			                  : -1;
			continue;
		}
		int st = glp_get_row_stat(lp, r);
		w->lam[r] = -glp_get_row_dual(lp, r);
		w->rside[r] = st == GLP_NU ? 1 : st == GLP_NL ? -1 : st == GLP_NS ? 2 : 0;
		if (!w->rside[r])
			w->lam[r] = 0;
	}
	free(w->q);
	w->nq = 0;
	/* Every limited element's two sides; a cone binds when its cuts carry a multiplier. */
	size_t cap = 2 * m->nh * m->nel;
	w->q = calloc(cap + 1, sizeof *w->q);
	if (!w->q)
		return -1;
	for (size_t k = 0; k < m->nh; k++)
		for (size_t e = 0; e < m->nel; e++) {
			if (!m->elem_row[k * m->nel + e])
				continue;
			for (int side = -1; side <= 1; side += 2) {
				double lim =
				    side > 0 ? m->bhi[k * m->nel + e] : m->blo[k * m->nel + e];
				if (isnan(lim))
					continue;
				w->q[w->nq++] =
				    (struct cnw_cone){k, e, side, lim, false, 0, 0, 0, 0};
			}
		}
	for (size_t u = 0; prev && u < w->nq; u++) {
		struct cnw_cone *q = &w->q[u];
		double mu = m->nw_mu[(q->k * m->nel + q->e) * 2 + (q->side > 0)];
		q->on = !isnan(mu);
		q->mu = q->on ? mu : 0;
	}
	if (prev)
		return 0;
	for (size_t t = 0; t < m->ncut; t++) {
		const struct model_cut *ct = &m->cut[t];
		if (ct->piece)
			continue;
		for (size_t u = 0; u < w->nq; u++)
			if (w->q[u].k == ct->k && w->q[u].e == ct->e && w->q[u].side == ct->side)
				w->q[u].mu -= ct->side * glp_get_row_dual(lp, ct->row);
	}
	for (size_t t = 0; t < m->ncone; t++) {
		const struct model_cone *cn = &m->cone[t];
		for (size_t u = 0; u < w->nq; u++)
			if (w->q[u].k == cn->k && w->q[u].e == cn->e && w->q[u].side == cn->side)
				w->q[u].mu -= glp_get_row_dual(lp, cn->r0);
	}
	for (size_t u = 0; u < w->nq; u++) {
		w->q[u].on = w->q[u].mu > 0;
		if (!w->q[u].on)
			w->q[u].mu = 0;
	}
	return 0;
}

/* Fills w->s2 and w->a with cone q's s_j^2 and mean coefficient for the columns of S in
 * its heat, and returns sigma and g at x. */
static void cnw_cone_eval(struct cnw *w, struct cnw_cone *q)
{
	struct model *m = w->m;
	double var = 0, mean = 0;
	for (size_t i = 0; i < m->nm; i++) {
		int j = model_col(m, q->k, i);
		if (w->pos[j] < 0)
			continue;
		double u = model_unit(m, i), s = chance_sd(m, w->c->s, q->k, i, q->e) * u;
		w->s2[j] = s * s;
		w->a[j] = model_coef(m, q->k, i, q->e) * u;
		var += w->s2[j] * w->x[j] * w->x[j];
		mean += w->a[j] * w->x[j];
	}
	q->sigma = sqrt(var);
	q->g = q->side * mean + w->z * q->sigma - q->side * q->lim;
}

static double cnw_row_target(const struct cnw *w, int r)
{
	return w->rside[r] == -1 ? w->rlo[r] : w->rside[r] == 1 ? w->rhi[r] : w->rlo[r];
}

/* The system at the current point: F (residuals) and, when J, the Jacobian; returns the
 * residual's size (each part relative to its scale). -1 out of memory, -2 larger than
 * CNW_MAX_N. */
static double cnw_system(struct cnw *w, bool jac)
{
	struct model *m = w->m;
	w->nR = 0;
	cnw_ax(w);
	for (int r = 1; r <= w->nrow; r++)
		if (w->base[r] && w->rside[r]) {
			w->rat[r] = w->nS + w->nR;
			w->R[w->nR++] = r;
		}
	int nC = 0;
	for (size_t u = 0; u < w->nq; u++)
		if (w->q[u].on)
			w->q[u].at = w->nS + w->nR + nC++;
	int n = w->nS + w->nR + nC;
	if (n > CNW_MAX_N)
		return -2;
	if (n > w->nJ) {
		free(w->J);
		free(w->F);
		free(w->d);
		free(w->v0);
		w->J = malloc((size_t)n * (size_t)n * sizeof *w->J);
		w->F = malloc((size_t)n * sizeof *w->F);
		w->d = malloc((size_t)n * sizeof *w->d);
		w->v0 = malloc((size_t)n * sizeof *w->v0);
		if (!w->J || !w->F || !w->d || !w->v0) {
			w->nJ = 0;
			return -1;
		}
		w->nJ = n;
	}
	double *J = w->J, *F = w->F, res = 0;
	if (jac)
		memset(J, 0, (size_t)n * (size_t)n * sizeof *J);
	for (int t = 0; t < w->nS; t++) {
		int j = w->S[t];
		double f = w->cost[j];
		for (int p = w->cbeg[j]; p < w->cbeg[j + 1]; p++) {
			int r = w->rind[p];
			if (!w->rside[r])
				continue;
			f += w->lam[r] * w->aval[p];
			if (jac)
				J[(size_t)t * n + w->rat[r]] = J[(size_t)w->rat[r] * n + t] =
				    w->aval[p];
		}
		F[t] = f;
	}
	for (int t = 0; t < w->nR; t++) {
		int r = w->R[t];
		double b = cnw_row_target(w, r);
		F[w->nS + t] = w->ax[r] - b;
		res = fmax(res, fabs(F[w->nS + t]) / fmax(1.0, fabs(b)));
	}
	for (size_t u = 0; u < w->nq; u++) {
		struct cnw_cone *q = &w->q[u];
		if (!q->on)
			continue;
		cnw_cone_eval(w, q);
		F[q->at] = q->g;
		res = fmax(res, fabs(q->g) / fmax(1.0, fabs(q->lim) + w->z * q->sigma));
		double sg = q->sigma > 0 ? q->sigma : 1;
		for (size_t i = 0; i < m->nm; i++) {
			int j = model_col(m, q->k, i), t = w->pos[j];
			if (t < 0)
				continue;
			double wj = q->sigma > 0 ? w->s2[j] * w->x[j] / sg : 0;
			double gj = q->side * w->a[j] + w->z * wj;
			F[t] += q->mu * gj;
			if (!jac)
				continue;
			J[(size_t)t * n + q->at] = J[(size_t)q->at * n + t] = gj;
			if (!(q->sigma > 0))
				continue;
			/* mu z (diag(s^2) - w w') / sigma over the heat's columns in S */
			double h = q->mu * w->z / sg;
			J[(size_t)t * n + t] += h * w->s2[j];
			for (size_t i2 = 0; i2 < m->nm; i2++) {
				int j2 = model_col(m, q->k, i2), t2 = w->pos[j2];
				if (t2 < 0)
					continue;
				J[(size_t)t * n + t2] -= h * wj * (w->s2[j2] * w->x[j2] / sg);
			}
		}
	}
	for (int t = 0; t < w->nS; t++)
		res = fmax(res, fabs(F[t]) / fmax(1.0, fabs(w->cost[w->S[t]])));
	return res;
}

static void cnw_s_add(struct cnw *w, int j)
{
	w->pos[j] = w->nS;
	w->S[w->nS++] = j;
}

static void cnw_s_drop(struct cnw *w, int j)
{
	int t = w->pos[j], last = w->S[--w->nS];
	w->S[t] = last;
	w->pos[last] = t;
	w->pos[j] = -1;
	w->x[j] = 0;
}

/* The step was blocked at once (tmax 0): every column of S at 0 that the direction takes
 * below 0 leaves together, not one per factorization (on the 500-lot day eleven in a row,
 * each a new LU of 770 unknowns). One the optimum needs comes back when it prices out
 * (cnw_check). w->d holds the direction over S's order as it was solved. */
static void cnw_drop_at_zero(struct cnw *w)
{
	int n = 0;
	for (int t = 0; t < w->nS; t++)
		if (w->x[w->S[t]] <= 0 && w->d[t] > 0)
			w->v0[n++] = w->S[t]; /* v0 is free until the next step */
	for (int a = 0; a < n; a++)
		cnw_s_drop(w, (int)w->v0[a]);
}

/* Newton on the current set: 0 converged, 1 not (singular, or no convergence), -1 out of
 * memory. */
static int cnw_newton(struct cnw *w)
{
	for (int step = 0; step < CNW_STEPS; step++) {
		double res = cnw_system(w, true);
		if (res == -2 || model_past_deadline(w->m))
			return 1; /* too large, or out of time: not verified */
		if (res < 0)
			return -1;
		if (res <= 1e-11)
			return 0;
		int n = w->nS + w->nR;
		for (size_t u = 0; u < w->nq; u++)
			n += w->q[u].on;
		if (rm_lu_solve(n, w->J, w->F))
			return 1;
		/* The step: the direction d (in F) from the point saved, cut short where a
		 * column of S reaches 0 (it leaves S), and halved while the residual does not
		 * fall. */
		double *d = w->d, *v0 = w->v0;
		memcpy(d, w->F, (size_t)n * sizeof *d);
		for (int t = 0; t < w->nS; t++)
			v0[t] = w->x[w->S[t]];
		for (int t = 0; t < w->nR; t++)
			v0[w->nS + t] = w->lam[w->R[t]];
		for (size_t u = 0; u < w->nq; u++)
			if (w->q[u].on)
				v0[w->q[u].at] = w->q[u].mu;
		double tmax = 1;
		int hit = -1;
		for (int t = 0; t < w->nS; t++)
			if (d[t] > 0 && v0[t] - d[t] < 0 && v0[t] / d[t] < tmax) {
				tmax = fmax(0, v0[t] / d[t]);
				hit = w->S[t];
			}
		double tt = tmax, r1 = res;
		for (int half = 0; half < 12; half++, tt /= 2) {
			for (int t = 0; t < w->nS; t++)
				w->x[w->S[t]] = fmax(0, v0[t] - tt * d[t]);
			for (int t = 0; t < w->nR; t++)
				w->lam[w->R[t]] = v0[w->nS + t] - tt * d[w->nS + t];
			for (size_t u = 0; u < w->nq; u++)
				if (w->q[u].on)
					w->q[u].mu = v0[w->q[u].at] - tt * d[w->q[u].at];
			if (hit >= 0 && half == 0)
				break; /* the column leaves S: another system */
			r1 = cnw_system(w, false);
			if (r1 < 0)
				return r1 == -2 ? 1 : -1;
			if (r1 <= (1 - 1e-4 * tt) * res || r1 <= 1e-11)
				break;
		}
		if (hit >= 0 && tt == tmax && tmax == 0)
			cnw_drop_at_zero(w);
		else if (hit >= 0 && tt == tmax)
			cnw_s_drop(w, hit);
		else if (!(r1 <= (1 - 1e-4 * tt) * res || r1 <= 1e-11))
			return 1; /* no descent */
	}
	double res = cnw_system(w, false);
	return res == -2 ? 1 : res < 0 ? -1 : res <= 1e-9 ? 0 : 1;
}

/* Column j's reduced cost at the current multipliers, its cone terms at x_j. */
static double cnw_dj(struct cnw *w, int j)
{
	struct model *m = w->m;
	size_t k = (size_t)(j - 1) / m->nm, i = (size_t)(j - 1) % m->nm;
	double d = w->cost[j], u = model_unit(m, i);
	for (int p = w->cbeg[j]; p < w->cbeg[j + 1]; p++)
		d += w->lam[w->rind[p]] * w->aval[p];
	for (size_t t = 0; t < w->nq; t++) {
		const struct cnw_cone *q = &w->q[t];
		if (!q->on || q->k != k)
			continue;
		double s = chance_sd(m, w->c->s, k, i, q->e) * u;
		double g = q->side * model_coef(m, k, i, q->e) * u;
		if (q->sigma > 0)
			g += w->z * s * s * w->x[j] / q->sigma;
		d += q->mu * g;
	}
	return d;
}

/* Checks the optimality of the converged point; changes the set where it fails. Returns 0
 * optimal, 1 the set changed. */
static int cnw_check(struct cnw *w)
{
	int changed = 0;
	double xtol = CNW_X_TOL * fmax(1.0, w->mass_max);
	/* Primal: columns in S, rows and cones outside the set. */
	for (int t = w->nS - 1; t >= 0; t--) {
		int j = w->S[t];
		if (w->x[j] < -xtol) {
			cnw_s_drop(w, j);
			changed = 1;
		} else if (w->x[j] < 0) {
			w->x[j] = 0;
		}
	}
	cnw_ax(w);
	for (int r = 1; r <= w->nrow; r++) {
		if (!w->base[r] || w->rside[r])
			continue;
		if (w->ax[r] > w->rhi[r] + CNW_FEAS_TOL * fmax(1.0, fabs(w->rhi[r]))) {
			w->rside[r] = w->rlo[r] == w->rhi[r] ? 2 : 1;
			changed = 1;
		} else if (w->ax[r] < w->rlo[r] - CNW_FEAS_TOL * fmax(1.0, fabs(w->rlo[r]))) {
			w->rside[r] = w->rlo[r] == w->rhi[r] ? 2 : -1;
			changed = 1;
		}
	}
	for (size_t u = 0; u < w->nq; u++) {
		struct cnw_cone *q = &w->q[u];
		cnw_cone_eval(w, q);
		if (!q->on && q->g > CNW_FEAS_TOL * fmax(1.0, fabs(q->lim) + w->z * q->sigma)) {
			q->on = true;
			q->mu = 0;
			changed = 1;
		}
	}
	if (changed)
		return 1;
	/* Dual: the multipliers' signs, the reduced costs of every column outside S. */
	double cmax = 1;
	for (int j = 1; j <= w->ncol; j++)
		cmax = fmax(cmax, fabs(w->cost[j]));
	double dtol = CNW_DJ_TOL * cmax;
	for (int r = 1; r <= w->nrow; r++)
		if (w->base[r] && ((w->rside[r] == 1 && w->lam[r] < -dtol) ||
		                   (w->rside[r] == -1 && w->lam[r] > dtol))) {
			w->rside[r] = 0;
			w->lam[r] = 0;
			changed = 1;
		}
	for (size_t u = 0; u < w->nq; u++)
		if (w->q[u].on && w->q[u].mu < -dtol) {
			w->q[u].on = false;
			w->q[u].mu = 0;
			changed = 1;
		}
	if (changed)
		return 1;
	for (int j = 1; j <= w->ncol; j++) {
		if (w->pos[j] >= 0 || !w->usable[j])
			continue;
		if (cnw_dj(w, j) < -CNW_DJ_TOL * fmax(1.0, fabs(w->cost[j]))) {
			cnw_s_add(w, j);
			changed = 1;
		}
	}
	return changed;
}

/* Newton did not converge on the set: where a cone in it carries next to no multiplier
 * (below CNW_DEGEN of the largest), the set is near-degenerate (that cone's curvature is all
 * that pins some directions, and it is nearly nothing): the cone leaves, and the check
 * brings it back if it is then violated. Returns whether one left. */
#define CNW_DEGEN 1e-3
static bool cnw_degenerate(struct cnw *w)
{
	double big = 0;
	size_t at = w->nq;
	for (size_t u = 0; u < w->nq; u++)
		if (w->q[u].on)
			big = fmax(big, fabs(w->q[u].mu));
	for (size_t u = 0; u < w->nq; u++)
		if (w->q[u].on && fabs(w->q[u].mu) < CNW_DEGEN * big &&
		    (at == w->nq || fabs(w->q[u].mu) < fabs(w->q[at].mu)))
			at = u;
	if (at == w->nq)
		return false;
	w->q[at].on = false;
	w->q[at].mu = 0;
	return true;
}

int chance_newton(struct model *m, const struct chance *c, double z, struct chance_newton *out)
{
	struct cnw w = {.m = m, .c = c, .z = z};
	int rc = -1;
	*out = (struct chance_newton){0};
	if (cnw_read(&w) < 0)
		goto done;
	/* From the last verified plan when there is one (a warm re-solve), else (or when
	 * that does not verify) from the cutting planes' point. */
	bool prev = m->nw_dual && m->nw_mu && m->heur_col && m->heur_n >= w.ncol;
	for (int from = prev ? 0 : 1; from < 2 && rc != 1; from++) {
		if (cnw_start(&w, from == 0) < 0) {
			rc = -1;
			goto done;
		}
		rc = 0;
		for (int set = 0; set < CNW_SETS; set++) {
			out->sets++;
			int st = cnw_newton(&w);
			if (st < 0) {
				rc = -1;
				goto done;
			}
			if (st > 0 && cnw_degenerate(&w))
				continue;
			if (st > 0)
				break;
			out->n = w.nS + w.nR;
			if (cnw_check(&w) == 0) {
				rc = 1;
				break;
			}
		}
	}
	if (rc != 1)
		goto done;
	/* The plan: model_colval reads it (as it reads a heuristic's plan of a MIP). */
	double *col = realloc(m->heur_col, ((size_t)m->ncol_base + 1) * sizeof *col);
	if (!col) {
		rc = -1;
		goto done;
	}
	m->heur_col = col;
	memset(col, 0, ((size_t)m->ncol_base + 1) * sizeof *col);
	double obj = glp_get_obj_coef(m->lp, 0);
	for (int j = 1; j <= w.ncol; j++) {
		col[j] = w.x[j];
		obj += w.cost[j] * w.x[j];
	}
	free(m->nw_dual);
	free(m->nw_mu);
	m->nw_dual = malloc(((size_t)w.nrow + 1) * sizeof *m->nw_dual);
	m->nw_mu = malloc((m->nh * m->nel * 2 + 1) * sizeof *m->nw_mu);
	if (!m->nw_dual || !m->nw_mu) {
		rc = -1;
		goto done;
	}
	m->nw_nrow = w.nrow;
	for (int r = 0; r <= w.nrow; r++)
		m->nw_dual[r] = r > 0 && w.base[r] && w.rside[r] ? -w.lam[r] : NAN;
	for (size_t t = 0; t < m->nh * m->nel * 2; t++)
		m->nw_mu[t] = NAN;
	for (size_t u = 0; u < w.nq; u++)
		if (w.q[u].on)
			m->nw_mu[(w.q[u].k * m->nel + w.q[u].e) * 2 + (w.q[u].side > 0)] =
			    w.q[u].mu;
	m->heur_n = m->ncol_base;
	m->heur_obj = obj;
	m->heur_plan = true;
	out->obj = obj;
done:
	out->nS = w.nS;
	cnw_free(&w);
	return rc;
}

/* One try at the current point: 0 verified (the plan is m's answer), 1 not, -1 with c->err
 * set. */
static int cnw_try(struct model *m, struct chance *c, double z)
{
	struct chance_newton nw;
	int rc = chance_newton(m, c, z, &nw);
	return rc < 0 ? rm_error_set(c->err, NULL, 0, 0, "out of memory") : !rc;
}

int chance_newton_relax(struct model *m, struct chance *c, bool warm)
{
	double tight = c->tol_sd, z = c->z - tight + CHANCE_NEWTON_AIM_SD;
	double loose = fmax(tight, CHANCE_NEWTON_TOL_SD);
	c->tol_sd = loose;
	int st = chance_relax(m, c, warm);
	c->tol_sd = tight;
	int rc = st == GLP_OPT ? cnw_try(m, c, z) : 1;
	if (rc <= 0)
		return rc < 0 ? -1 : st;
	if (st != GLP_OPT || loose <= tight)
		return st;
	/* The loose point's active set was not the optimum's: the rounds go on from there. */
	st = chance_rounds(m, c, st);
	rc = st == GLP_OPT ? cnw_try(m, c, z) : 1;
	return rc < 0 ? -1 : st;
}
