/* What extra stock would make a heat: for a material with a limited stock, the LP
 *     minimise sum_k x[i,k]   over the heats of the model, with i's stock row dropped,
 * whose optimum minus i's stock is the least extra kg of i with which every heat of the
 * model (the planned ones and the failing one) can be made.
 *
 * One such LP per material is too many on a yard of hundreds of lots, so one LP ranks them
 * first: with every stock open to extra kg y_i at a price of 1 per kg, the least total
 * extra says which materials the heats want more of (y_i > 0 first, by amount), and the
 * duals of the stock rows how much each kg of the others would still be worth. When even
 * that LP is infeasible no amount of any one material helps, and nothing more is solved.
 * The best DIAG_FIX_CANDIDATES (a quarter under chance constraints, which solve from
 * scratch, an eighth with whole units, each a branch and bound) then get their exact
 * problem, re-solved from the previous basis where it is an LP. */
#include <math.h>
#include <stdlib.h>

#include "diag.h"

/* Drops the cost: every column's objective to zero. */
static void fix_no_cost(struct model *m)
{
	for (int j = 1; j <= glp_get_num_cols(m->lp); j++)
		glp_set_obj_coef(m->lp, j, 0);
}

struct fix_rank {
	size_t i;
	double y, dual;
};

static int fix_rank_cmp(const void *a, const void *b)
{
	const struct fix_rank *x = a, *y = b;
	if (x->y != y->y)
		return x->y > y->y ? -1 : 1;
	if (x->dual != y->dual)
		return x->dual > y->dual ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* Fills order[] with the limited materials, most wanted first; returns how many, 0 when no
 * extra stock of any kind makes the heats. Values exact (a ranking, not an answer). */
static long fix_rank(struct diag_ctx *cx, const struct plant *p, const struct plan *pl,
                     const size_t *heats, size_t nh, struct fix_rank *order, struct rm_error *err)
{
	struct model m;
	struct model_opts mo = diag_model_opts(cx, pl->margin);
	if (model_build(&m, p, heats, nh, &mo, err) < 0)
		return -1;
	m.mip = false;
	fix_no_cost(&m);
	int first = glp_get_num_cols(m.lp) + 1;
	for (size_t i = 0; i < m.nm; i++) {
		if (!m.avail_row[i])
			continue;
		int ind[2] = {0, m.avail_row[i]};
		double val[2] = {0, -1};
		int j = model_add_col(&m, NULL, GLP_LO, 0, 0, 1, ind, val);
		glp_set_obj_coef(m.lp, j, 1);
	}
	int st = model_solve(&m);
	long n = 0;
	for (size_t i = 0, j = (size_t)first; st == GLP_OPT && i < m.nm; i++)
		if (m.avail_row[i])
			order[n++] =
			    (struct fix_rank){i, glp_get_col_prim(m.lp, (int)j++),
			                      fabs(glp_get_row_dual(m.lp, m.avail_row[i]))};
	model_free(&m);
	if (st == MODEL_STOPPED) {
		cx->hit = true; /* out of time: no fixes */
		return 0;
	}
	if (st < 0)
		return rm_error_set(err, NULL, 0, 0, "GLPK failed ranking the fixes");
	qsort(order, (size_t)n, sizeof *order, fix_rank_cmp);
	return n;
}

static int fix_cmp(const void *a, const void *b)
{
	const struct plan_fix *x = a, *y = b;
	if (x->extra_kg != y->extra_kg)
		return x->extra_kg < y->extra_kg ? -1 : 1;
	return (x->mat > y->mat) - (x->mat < y->mat);
}

/* Sets the objective to material i's total charge (on) or back to zero (off). */
static void fix_objective(struct model *m, size_t i, double coef)
{
	for (size_t k = 0; k < m->nh; k++)
		glp_set_obj_coef(m->lp, model_col(m, k, i), coef * model_unit(m, i));
}

/* The least extra kg of material i, or NAN when no amount of it makes the heats. */
static double fix_one(struct diag_ctx *cx, struct model *m, const struct plan *pl, size_t i,
                      struct rm_error *err, int *rc)
{
	int r = m->avail_row[i];
	double stock = m->p->inv->m[i].mass_kg;
	model_row_bounds(m, r, GLP_FR, 0, 0);
	fix_objective(m, i, 1);
	diag_mip_limits(cx, m, false); /* out of time, the best found is still enough stock */
	int st = diag_solve(cx, m, pl, true, err);
	double extra = NAN;
	if (st < 0)
		*rc = -1;
	else if (diag_found(st))
		extra = diag_obj(m) - stock;
	fix_objective(m, i, 0);
	model_row_bounds(m, r, GLP_UP, 0, stock);
	/* an extra within solver noise of 0 means the heats fit already: not a fix */
	return extra > 1e-6 * fmax(1, stock) ? extra : NAN;
}

int fix_find(struct diag_ctx *cx, const struct plant *p, const struct plan *pl, const size_t *heats,
             size_t nh, struct plan_fix *out, size_t *n, struct rm_error *err)
{
	struct model m;
	struct fix_rank *order = malloc((p->inv->n + 1) * sizeof *order);
	struct plan_fix *all = malloc((DIAG_FIX_CANDIDATES + 1) * sizeof *all);
	*n = 0;
	long nc = order && all ? fix_rank(cx, p, pl, heats, nh, order, err) : -2;
	struct model_opts mo = model_opts_default(pl->margin);
	if (nc <= 0 || model_build(&m, p, heats, nh, &mo, err) < 0) {
		free(order);
		free(all);
		return nc == -2 ? rm_error_set(err, NULL, 0, 0, "out of memory") : nc < 0 ? -1 : 0;
	}
	fix_no_cost(&m);
	model_scale(&m);
	size_t nall = 0, limit = m.mip                ? DIAG_FIX_CANDIDATES / 8
	                         : pl->confidence > 0 ? DIAG_FIX_CANDIDATES / 4
	                                              : DIAG_FIX_CANDIDATES;
	int rc = 0;
	for (size_t c = 0; c < (size_t)nc && c < limit && !rc && !diag_late(cx); c++) {
		double extra = fix_one(cx, &m, pl, order[c].i, err, &rc);
		if (!isnan(extra))
			all[nall++] = (struct plan_fix){order[c].i, extra};
	}
	qsort(all, nall, sizeof *all, fix_cmp);
	for (size_t k = 0; k < nall && k < DIAG_MAX_FIX; k++)
		out[(*n)++] = all[k];
	free(order);
	free(all);
	model_free(&m);
	return rc;
}
