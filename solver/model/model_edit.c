/* model_edit: the verbs by which code outside solver/model/ changes the charge model's rows
 * and columns after the build (cuts, cones, sifted columns, the diagnosis's elastic rows, a
 * warm re-solve's new bounds). They are GLPK's setters on m->lp, named here so that
 * scripts/check_layers.sh can hold every other file to them. */
#include "model.h"

int model_add_row(struct model *m, const char *name, int type, double lo, double hi, int n,
                  const int *ind, const double *val)
{
	int r = glp_add_rows(m->lp, 1);
	if (name)
		glp_set_row_name(m->lp, r, name);
	glp_set_row_bnds(m->lp, r, type, lo, hi);
	if (n > 0)
		glp_set_mat_row(m->lp, r, n, ind, val);
	return r;
}

int model_add_col(struct model *m, const char *name, int type, double lo, double hi, int n,
                  const int *ind, const double *val)
{
	int j = glp_add_cols(m->lp, 1);
	if (name)
		glp_set_col_name(m->lp, j, name);
	glp_set_col_bnds(m->lp, j, type, lo, hi);
	if (n > 0)
		glp_set_mat_col(m->lp, j, n, ind, val);
	return j;
}

void model_set_row(struct model *m, int r, int n, const int *ind, const double *val)
{
	glp_set_mat_row(m->lp, r, n, ind, val);
}

void model_set_col(struct model *m, int j, int n, const int *ind, const double *val)
{
	glp_set_mat_col(m->lp, j, n, ind, val);
}

void model_row_bounds(struct model *m, int r, int type, double lo, double hi)
{
	glp_set_row_bnds(m->lp, r, type, lo, hi);
}

void model_col_bounds(struct model *m, int j, int type, double lo, double hi)
{
	glp_set_col_bnds(m->lp, j, type, lo, hi);
}

void model_fix_col(struct model *m, int j, double v)
{
	glp_set_col_bnds(m->lp, j, GLP_FX, v, v);
}

void model_del_rows(struct model *m, int n, const int *rows)
{
	if (n > 0)
		glp_del_rows(m->lp, n, rows);
}

void model_del_cols(struct model *m, int n, const int *cols)
{
	if (n > 0)
		glp_del_cols(m->lp, n, cols);
}
