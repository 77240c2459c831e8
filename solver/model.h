/* model: the GLPK problem behind a plan (private to solver/). Columns are heat-major:
 * x[i, heat k] is column k * nm + i + 1. */
#ifndef MODEL_H
#define MODEL_H

#include <glpk.h>

#include "plan.h"

struct model {
	glp_prob *lp;
	const struct plant *p;
	size_t nh;
	size_t *heats; /* plant heat index of model heat k */
	size_t nm, nel;
	double margin;
	int *mass_row;  /* [nh] */
	int *elem_row;  /* [nh * nel], 0 where the grade does not limit the element */
	int *avail_row; /* [nm], 0 for unlimited materials */
	double *lo, *hi; /* [nh * nel] internal limits, wt%, NAN = none */
};

static inline int model_col(const struct model *m, size_t k, size_t i)
{
	return (int)(k * m->nm + i + 1);
}

int model_build(struct model *m, const struct plant *p, const size_t *heats, size_t nh,
		double margin, struct rm_error *err);
void model_free(struct model *m);
/* Runs the simplex; returns GLP_OPT, GLP_NOFEAS, GLP_UNBND... or -1 when GLPK failed. */
int model_solve(struct model *m);
int model_write_lp(const struct model *m, const char *path, struct rm_error *err);
/* Fills the plan's why and per-heat diagnosis after the full model proved infeasible. */
int solve_diagnose(const struct plant *p, double margin, struct plan *pl, struct rm_error *err);

#endif
