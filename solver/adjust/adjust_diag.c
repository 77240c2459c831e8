/* adjust_diag: why no correction exists. Each side of each window alone: the best value
 * its element can reach within the furnace's capacity and the stock (the other limits
 * dropped, whole units relaxed), by the Charnes-Cooper form of the ratio
 *     value = ((B - p) m_e + sum_j yield_j r_je c_je x_j) / F:
 * with t = 1/F, u_j = x_j t, q = p t it is the LP
 *     opt  (B t - q) m_e + sum_j yield_j r_je c_je u_j
 *     s.t. B t - q + sum_j yield_j u_j = 1,  capacity t >= 1,  u_j <= most_j t,  q <= B t,
 * most_j the stock, or less by a material rule's max_kg (0: quarantined or not allowed). */
#include <math.h>
#include <stdlib.h>

#include "adjust_int.h"

/* The best value of element e on side (-1: the highest, for a minimum; +1: the lowest). */
static int adj_best(struct adj *a, size_t e, int side, double *best)
{
	const struct inventory *inv = a->p->inv;
	double B = a->o->bath_kg;
	glp_prob *lp = glp_create_prob();
	glp_set_obj_dir(lp, side < 0 ? GLP_MAX : GLP_MIN);
	int n = (int)inv->n, t = n + 1, q = a->o->pour_off ? n + 2 : 0;
	glp_add_cols(lp, q ? n + 2 : n + 1);
	int *ind = a->ind;
	double *val = a->val;
	int mass = glp_add_rows(lp, 1), k = 0;
	for (size_t j = 0; j < inv->n; j++) {
		const struct material *m = &inv->m[j];
		double most = adj_most_kg(a, j);
		glp_set_col_bnds(lp, (int)j + 1, most > 0 ? GLP_LO : GLP_FX, 0, 0);
		glp_set_obj_coef(lp, (int)j + 1, adj_elem_coef(a, j, e) / a->scale[j]);
		ind[++k] = (int)j + 1;
		val[k] = m->yield;
		if (most > 0 && !isinf(most)) {
			int row = glp_add_rows(lp, 1), ix[3] = {0, (int)j + 1, t};
			double v[3] = {0, 1, -most};
			glp_set_mat_row(lp, row, 2, ix, v);
			glp_set_row_bnds(lp, row, GLP_UP, 0, 0);
		}
	}
	glp_set_col_bnds(lp, t, GLP_LO, 0, 0);
	glp_set_obj_coef(lp, t, B * adj_mean(a, e));
	ind[++k] = t;
	val[k] = B;
	if (q) {
		glp_set_col_bnds(lp, q, GLP_LO, 0, 0);
		glp_set_obj_coef(lp, q, -adj_mean(a, e));
		ind[++k] = q;
		val[k] = -1;
		double heel = a->f ? fmin(a->f->heel_kg, B) : 0;
		int row = glp_add_rows(lp, 1), ix[3] = {0, q, t};
		double v[3] = {0, 1, -(B - heel)};
		glp_set_mat_row(lp, row, 2, ix, v);
		glp_set_row_bnds(lp, row, GLP_UP, 0, 0);
		/* made up again: sum yield u >= q */
		int *ri = malloc((inv->n + 2) * sizeof *ri);
		double *rv = malloc((inv->n + 2) * sizeof *rv);
		int nr = 0;
		for (size_t j = 0; ri && rv && j < inv->n; j++) {
			ri[++nr] = (int)j + 1;
			rv[nr] = inv->m[j].yield;
		}
		if (ri && rv) {
			ri[++nr] = q;
			rv[nr] = -1;
			row = glp_add_rows(lp, 1);
			glp_set_mat_row(lp, row, nr, ri, rv);
			glp_set_row_bnds(lp, row, GLP_LO, 0, 0);
		}
		free(ri);
		free(rv);
		if (!ri || !rv) {
			glp_delete_prob(lp);
			*best = NAN;
			return -1;
		}
	}
	glp_set_mat_row(lp, mass, k, ind, val);
	glp_set_row_bnds(lp, mass, GLP_FX, 1, 1);
	if (!isinf(a->cap)) {
		int row = glp_add_rows(lp, 1), ix[2] = {0, t};
		double v[2] = {0, a->cap};
		glp_set_mat_row(lp, row, 1, ix, v);
		glp_set_row_bnds(lp, row, GLP_LO, 1, 0);
	}
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = GLP_MSG_OFF;
	int rc = glp_simplex(lp, &sp);
	int st = glp_get_status(lp);
	*best = rc == 0 && st == GLP_OPT ? glp_get_obj_val(lp) : NAN;
	glp_delete_prob(lp);
	return rc == 0 && (st == GLP_OPT || st == GLP_UNBND) ? 0 : -1;
}

int adj_diagnose(struct adj *a, struct adjust *r, struct rm_error *err)
{
	r->rules_only = a->mip && a->lp_ok;
	for (size_t k = 0; k < r->nlim; k++) {
		struct adjust_limit *l = &r->lim[k];
		if (adj_best(a, l->e, l->side, &l->best) < 0)
			return rm_error_set(err, NULL, 0, 0, "GLPK failed on the reach of a limit");
		/* within the solver's tolerance of the limit counts as reached */
		l->fails = !isnan(l->best) && l->side * (l->best - l->limit) > 1e-7;
	}
	return 0;
}
