/* A plan that meets every cone when the rounds of an LP stop before they converge.
 *
 * The rounds' points are those of an outer approximation: each one meets every mean limit
 * and every stock row, but not yet every cone. Stopped by the deadline (or by the user),
 * the last such point x_b is kept (chance_backoff_keep, at every round) and repaired:
 *
 *  1. A point x_s that meets every cone, heat by heat (backoff_safe): an LP of the heat's
 *     own, its rows without the cuts and cones, with an inner approximation of each cone
 *     around x_b (backoff_inner) whose every point meets the cone; the stock rows become
 *     bounds, the stock that the heats done so far leave, so the heats' points go together.
 *  2. The cheapest point between x_b and x_s that meets every cone: a cone is convex in the
 *     charge, so on the segment x_b + l (x_s - x_b) the points that meet a heat's cones are
 *     an interval ending at l = 1, found per heat by bisection. Each heat's own l is kept
 *     when the stock rows hold with them, else every heat takes the largest (both ends
 *     meet the stock rows, and so does every common mix).
 *
 * Its bound (chance_sift.c: the restricted LP's Lagrangian bound at its last optimum, the
 * columns left out at the most they can take) gives the plan's gap. The cones are checked
 * at c->z (the rounds' aim, z plus the tolerance), so a plan kept here meets them at z with
 * the same margin as a converged one. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chance.h"

#define BACKOFF_BISECT 50
#define BACKOFF_IT 2000
/* The inner approximations a heat tries, in turn, until one has a point: the caps (1 + rho)
 * x_b,i and `fresh` of the heat for a new lot, and T0 a share t0 of the T that would meet
 * the cone at x_b's mean (at least 0.3 sd, at most sd at x_b). Wider caps loosen the sd
 * bound (sum_i s_i^2 X_i x_i grows with X), narrower ones fix the charge: 2,000 x 20 left a
 * heat without a point at rho 0.5 and T0 = sd, and at rho 2 and 8 too. A heat's LP is small
 * (2,000 x 20: 40 rows, 230 columns, about 0.05 s), so the tries are cheap. */
struct backoff_try {
	double rho, fresh, t0;
	bool all; /* every column of the heat, not only those in play */
};
static const struct backoff_try backoff_tries[] = {
    {0.5, 0.01, 1, false}, {0.2, 0.02, 1, false}, {0.5, 0.01, 1, true}, {0.1, 0.05, 0.8, true}};

int chance_backoff_keep(struct model *m, struct chance *c)
{
	if (m->mip || m->nseq)
		return 0;
	if (!c->pt && !(c->pt = malloc(((size_t)m->ncol_base + 1) * sizeof *c->pt)))
		return -1;
	c->pt[0] = 0;
	for (int j = 1; j <= m->ncol_base; j++)
		c->pt[j] = glp_get_col_prim(m->lp, j);
	c->pt_ok = true;
	return 0;
}

/* Heat k's cone of element e on side at charge x (column values): side (mean - limit) +
 * z sd in kg, > 0 violated; NAN when that side has no limit. */
static double backoff_g(const struct model *m, const struct chance *c, const double *x, size_t k,
                        size_t e, int side, double *sd)
{
	double lim = side > 0 ? m->bhi[k * m->nel + e] : m->blo[k * m->nel + e];
	if (isnan(lim) || !m->elem_row[k * m->nel + e])
		return NAN;
	double mu = 0, var = 0;
	for (size_t i = 0; i < m->nm; i++) {
		double xi = x[model_col(m, k, i)] * model_unit(m, i);
		if (xi == 0)
			continue;
		double d = chance_sd(m, c->s, k, i, e) * xi;
		mu += model_coef(m, k, i, e) * xi;
		var += d * d;
	}
	if (sd)
		*sd = sqrt(var);
	return side * (mu - lim) + c->z * sqrt(var);
}

/* The most violated cone of heat k at x, in kg over its tolerance (<= 0: every one met). */
static double backoff_heat(const struct model *m, const struct chance *c, const double *x, size_t k)
{
	double worst = -INFINITY, tol = CHANCE_TOL * plant_bath_kg(m->p, m->heats[k]);
	for (size_t e = 0; e < m->nel; e++)
		for (int side = -1; side <= 1; side += 2) {
			double g = backoff_g(m, c, x, k, e, side, NULL);
			if (!isnan(g))
				worst = fmax(worst, g - tol);
		}
	return worst;
}

static bool backoff_met(const struct model *m, const struct chance *c, const double *x)
{
	for (size_t k = 0; k < m->nh; k++)
		if (backoff_heat(m, c, x, k) > 0)
			return false;
	return true;
}

/* x = xb + l (xs - xb) on heat k's columns. */
static void backoff_mix(const struct model *m, const double *xb, const double *xs, double l,
                        size_t k, double *x)
{
	for (size_t i = 0; i < m->nm; i++) {
		int j = model_col(m, k, i);
		x[j] = l >= 1 ? xs[j] : xb[j] + l * (xs[j] - xb[j]);
	}
}

/* The least l in [0, 1] at which heat k meets its cones (it does at 1). */
static double backoff_lambda(const struct model *m, const struct chance *c, const double *xb,
                             const double *xs, size_t k, double *x)
{
	backoff_mix(m, xb, xs, 0, k, x);
	if (backoff_heat(m, c, x, k) <= 0)
		return 0;
	double lo = 0, hi = 1;
	for (int it = 0; it < BACKOFF_BISECT && hi - lo > 1e-12; it++) {
		double mid = (lo + hi) / 2;
		backoff_mix(m, xb, xs, mid, k, x);
		if (backoff_heat(m, c, x, k) <= 0)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* Every stock row holds at x (to GLPK's feasibility tolerance). */
static bool backoff_stock(const struct model *m, const double *x)
{
	for (size_t i = 0; i < m->nm; i++) {
		if (!m->avail_row[i])
			continue;
		double used = 0, cap = m->p->inv->m[i].mass_kg;
		for (size_t k = 0; k < m->nh; k++)
			used += x[model_col(m, k, i)] * model_unit(m, i);
		if (used > cap + 1e-7 * fmax(1.0, cap))
			return false;
	}
	return true;
}

/* Whether material i adds sd to some limited element of heat k. */
static bool backoff_sd(const struct model *m, const struct chance *c, size_t k, size_t i)
{
	for (size_t e = 0; e < m->nel; e++)
		if (m->elem_row[k * m->nel + e] && chance_sd(m, c->s, k, i, e) > 0)
			return true;
	return false;
}

/* The cap of heat k's material i in the inner approximation: (1 + rho) times its charge at
 * x_b, and a lot x_b leaves out `fresh` of the heat's mass over its yield (spread over many
 * lots, the sd falls), in column units. */
static double backoff_cap(const struct model *m, const double *xb, size_t k, size_t i, double rho,
                          double fresh)
{
	int j = model_col(m, k, i);
	double kg = fresh * m->p->heats->h[m->heats[k]].mass_kg / m->p->inv->m[i].yield;
	return fmax((1 + rho) * xb[j], kg / model_unit(m, i));
}

/* What the inner LPs share: the model's rows they copy (map: -1 a cut, cone or stock row,
 * else 0), work space, and each material's stock left over at x_b per heat. */
struct inner {
	int *map;
	int *rmap; /* [nrow + 1]: model row -> the heat's LP's */
	int *cmap; /* [nm]: the heat's material -> its LP's column, 0 out of play */
	int *ind;  /* [max(nrow, nm) + 2] */
	double *val;
	double *spare; /* [nm]: stock left by the heats' points so far (x_s for the heats done,
	                * x_b for the others), in kg; INFINITY without a stock row */
	double *ub;    /* [nm]: the heat's columns' upper bounds in its LP */
};

/* Step 1 for heat k: an inner approximation of each of its cones, linear, around x_b. With
 * every lot that carries sd capped at X_i (backoff_cap), s_i^2 x_i^2 <= s_i^2 X_i x_i, so
 *     sum_i s_i^2 X_i x_i <= 2 T0 T - T0^2 (<= T^2, the tangent of T^2 at T0)
 *     side.(a.x) + z T <= side.lim
 * with T a column per cone make sd(x) <= T and the cone met: every point of this LP meets
 * every cone of the heat, and it is still free to move charge from lots of high sd to lots
 * of low sd and to spread it over new ones. The heat's own LP: its rows but the cuts and
 * cones (the inner rows imply them) on its columns in play; the stock rows become bounds,
 * its charge at x_b plus what the heats' points so far leave (in->spare), so that the
 * points of all heats go together, and so does one mix of them all with x_b. 1 found (into
 * xs), 0 not. */
static int backoff_inner(const struct model *m, const struct chance *c, struct inner *in, size_t k,
                         double *xs, const struct backoff_try *try)
{
	const double *xb = c->pt;
	glp_prob *lp = glp_create_prob();
	int *rmap = in->rmap, *cmap = in->cmap, nrow = glp_get_num_rows(m->lp);
	for (int r = 1; r <= nrow; r++)
		rmap[r] = 0;
	for (size_t i = 0; i < m->nm; i++) {
		int j = model_col(m, k, i);
		/* With try->all every column of the heat, also those the rounds left out: here
		 * they have no cut rows to miss, and low-sd lots outside play made heats of 2,000
		 * x 20 feasible (but each such LP took about 1 s instead of 0.05). A column the
		 * model fixes at 0 (a material rule) stays at 0. */
		cmap[i] = 0;
		bool out = m->out && m->out[j];
		if (out && !try->all)
			continue;
		bool fixed = !out && glp_get_col_type(m->lp, j) == GLP_FX;
		int q = cmap[i] = glp_add_cols(lp, 1), n = 0;
		int len = glp_get_mat_col(m->lp, j, in->ind, in->val);
		for (int t = 1; t <= len; t++) {
			int r = in->ind[t];
			if (in->map[r] < 0)
				continue;
			if (!rmap[r]) {
				rmap[r] = glp_add_rows(lp, 1);
				glp_set_row_bnds(lp, rmap[r], glp_get_row_type(m->lp, r),
				                 glp_get_row_lb(m->lp, r),
				                 glp_get_row_ub(m->lp, r));
			}
			in->ind[++n] = rmap[r];
			in->val[n] = in->val[t];
		}
		glp_set_mat_col(lp, q, n, in->ind, in->val);
		glp_set_obj_coef(lp, q, glp_get_obj_coef(m->lp, j));
		double u = model_unit(m, i), ub = xb[j] + in->spare[i] / u;
		if (backoff_sd(m, c, k, i))
			ub = fmin(ub, backoff_cap(m, xb, k, i, try->rho, try->fresh));
		if (fixed)
			ub = 0;
		in->ub[i] = ub;
		if (isfinite(ub))
			glp_set_col_bnds(lp, q, ub > 0 ? GLP_DB : GLP_FX, 0, fmax(ub, 0));
		else
			glp_set_col_bnds(lp, q, GLP_LO, 0, 0);
	}
	double bath = plant_bath_kg(m->p, m->heats[k]);
	for (size_t e = 0; e < m->nel; e++)
		for (int side = -1; side <= 1; side += 2) {
			double sd, g = backoff_g(m, c, xb, k, e, side, &sd);
			if (isnan(g))
				continue;
			double lim = side > 0 ? m->bhi[k * m->nel + e] : m->blo[k * m->nel + e];
			/* T0 where the cone would be met at x_b's mean, when below its sd there:
			 * the tangent of T^2 is exact at the T the heat needs */
			double need = (c->z * sd - g - CHANCE_TOL * bath) / c->z;
			double t0 = fmax(try->t0 * fmin(sd, fmax(need, 0.3 * sd)), 1e-9 * bath);
			int tcol = glp_add_cols(lp, 1), r = glp_add_rows(lp, 2), la = 0, lb = 0;
			glp_set_col_bnds(lp, tcol, GLP_LO, 0, 0);
			for (size_t i = 0; i < m->nm; i++) {
				double a = model_coef(m, k, i, e), u = model_unit(m, i);
				double si = chance_sd(m, c->s, k, i, e);
				if (!cmap[i])
					continue;
				/* s^2 x^2 <= s^2 X x for 0 <= x <= X, X the column's bound */
				double v = si > 0 ? si * si * fmax(in->ub[i], 0) * u * u : 0;
				if (a != 0) {
					c->ind[++la] = cmap[i];
					c->val[la] = side * a * u;
				}
				if (v != 0) {
					in->ind[++lb] = cmap[i];
					in->val[lb] = v;
				}
			}
			c->ind[++la] = tcol;
			c->val[la] = c->z;
			glp_set_row_bnds(lp, r, GLP_UP, 0, side * lim - CHANCE_TOL * bath);
			glp_set_mat_row(lp, r, la, c->ind, c->val);
			in->ind[++lb] = tcol;
			in->val[lb] = -2 * t0;
			glp_set_row_bnds(lp, r + 1, GLP_UP, 0, -t0 * t0);
			glp_set_mat_row(lp, r + 1, lb, in->ind, in->val);
		}
	int st = GLP_UNDEF;
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.meth = GLP_DUALP;
	parm.tm_lim = model_ms_left(m);
	/* The dual simplex cycled on one heat of 2,000 x 20 (888,000 pivots on 40 rows) and
	 * called another infeasible that the primal simplex solves (the sd rows' coefficients
	 * span 1e-10 to 1e4): a bound, then the primal simplex from the start. */
	parm.it_lim = BACKOFF_IT + 20 * (glp_get_num_rows(lp) + glp_get_num_cols(lp));
	model_scale_lp(lp);
	glp_adv_basis(lp, 0);
	int ret = parm.tm_lim > 0 ? glp_simplex(lp, &parm) : GLP_ETMLIM;
	if (ret != GLP_ETMLIM && (ret != 0 || glp_get_status(lp) != GLP_OPT)) {
		glp_std_basis(lp);
		parm.meth = GLP_PRIMAL;
		parm.tm_lim = model_ms_left(m);
		ret = parm.tm_lim > 0 ? glp_simplex(lp, &parm) : GLP_ETMLIM;
	}
	if (ret == 0)
		st = glp_get_status(lp);
	for (size_t i = 0; i < m->nm; i++) {
		int j = model_col(m, k, i);
		xs[j] = st == GLP_OPT && cmap[i] ? glp_get_col_prim(lp, cmap[i]) : xb[j];
	}
	glp_delete_prob(lp);
	return st == GLP_OPT && backoff_heat(m, c, xs, k) <= 0;
}

/* Step 1 for every heat: into xs; 1 found, 0 not, -1 out of memory. */
static int backoff_safe(const struct model *m, const struct chance *c, double *xs)
{
	int nrow = glp_get_num_rows(m->lp);
	size_t w = ((size_t)nrow > m->nm ? (size_t)nrow : m->nm) + 2;
	struct inner in = {calloc((size_t)nrow + 1, sizeof *in.map),
	                   malloc(((size_t)nrow + 1) * sizeof *in.rmap),
	                   malloc((m->nm + 1) * sizeof *in.cmap),
	                   malloc(w * sizeof *in.ind),
	                   malloc(w * sizeof *in.val),
	                   malloc((m->nm + 1) * sizeof *in.spare),
	                   malloc((m->nm + 1) * sizeof *in.ub)};
	int rc = in.map && in.rmap && in.cmap && in.ind && in.val && in.spare && in.ub ? 1 : -1;
	for (size_t q = 0; rc > 0 && q < m->ncut; q++)
		in.map[m->cut[q].row] = -1;
	for (size_t q = 0; rc > 0 && q < m->ncone; q++)
		in.map[m->cone[q].r0] = in.map[m->cone[q].r1] = -1;
	for (size_t i = 0; rc > 0 && i < m->nm; i++) {
		in.spare[i] = INFINITY;
		if (!m->avail_row[i])
			continue;
		in.map[m->avail_row[i]] = -1;
		double used = 0;
		for (size_t k = 0; k < m->nh; k++)
			used += c->pt[model_col(m, k, i)] * model_unit(m, i);
		in.spare[i] = fmax(0, m->p->inv->m[i].mass_kg - used);
	}
	for (size_t k = 0; rc > 0 && k < m->nh; k++) {
		if (backoff_heat(m, c, c->pt, k) <= 0) {
			for (size_t i = 0; i < m->nm; i++)
				xs[model_col(m, k, i)] = c->pt[model_col(m, k, i)];
			continue;
		}
		size_t t = 0, ntry = sizeof backoff_tries / sizeof *backoff_tries;
		while (t < ntry && !backoff_inner(m, c, &in, k, xs, &backoff_tries[t]))
			t++;
		if (t == ntry)
			rc = 0;
		for (size_t i = 0; i < m->nm; i++) {
			int j = model_col(m, k, i);
			in.spare[i] = fmax(0, in.spare[i] - (xs[j] - c->pt[j]) * model_unit(m, i));
		}
	}
	free(in.map);
	free(in.rmap);
	free(in.cmap);
	free(in.ind);
	free(in.val);
	free(in.spare);
	free(in.ub);
	return rc;
}

int chance_backoff(struct model *m, struct chance *c)
{
	if (m->mip || m->nseq || !c->pt_ok)
		return 0;
	size_t len = (size_t)m->ncol_base + 1;
	double *xs = malloc(len * sizeof *xs), *x = malloc(len * sizeof *x);
	double *l = malloc((m->nh + 1) * sizeof *l);
	int rc = xs && x && l ? 0 : -1;
	bool met = !rc && backoff_met(m, c, c->pt);
	if (met) {
		memcpy(x, c->pt, len * sizeof *x);
		rc = 1;
	} else if (!rc) {
		rc = backoff_safe(m, c, xs);
	}
	if (rc == 1 && !met) {
		/* step 2: each heat as close to x_b as its cones let it */
		double lmax = 0;
		for (size_t k = 0; k < m->nh; k++)
			lmax = fmax(lmax, l[k] = backoff_lambda(m, c, c->pt, xs, k, x));
		for (size_t k = 0; k < m->nh; k++)
			backoff_mix(m, c->pt, xs, l[k], k, x);
		if (!backoff_stock(m, x))
			for (size_t k = 0; k < m->nh; k++)
				backoff_mix(m, c->pt, xs, lmax, k, x);
	}
	if (rc == 1 && !backoff_met(m, c, x))
		rc = 0;
	if (rc == 1) {
		x[0] = 0;
		double obj = glp_get_obj_coef(m->lp, 0);
		for (int j = 1; j <= m->ncol_base; j++)
			obj += glp_get_obj_coef(m->lp, j) * x[j];
		if (chance_heur_keep(m, x, obj) < 0)
			rc = -1;
	}
	free(xs);
	free(x);
	free(l);
	return rc;
}
