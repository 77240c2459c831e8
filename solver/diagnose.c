/* Why no plan: which heats cannot be made even with the whole inventory to themselves, and
 * for those, each limit that fails and the best value of its element that the inventory can
 * reach while every other limit of the grade is kept. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "plan.h"

/* Best wt% of element e reachable in the one-heat model m with e's own limit dropped:
 * lowest when side > 0 (a maximum fails), highest when side < 0. NAN when the other limits
 * cannot be met either. */
static double diag_reach(struct model *m, size_t e, int side)
{
	const struct heat *h = &m->p->heats->h[m->heats[0]];
	int r = m->elem_row[e];
	glp_set_row_bnds(m->lp, r, GLP_FR, 0, 0);
	glp_set_obj_dir(m->lp, side > 0 ? GLP_MIN : GLP_MAX);
	for (size_t i = 0; i < m->nm; i++) {
		const struct material *mt = &m->p->inv->m[i];
		glp_set_obj_coef(m->lp, model_col(m, 0, i), mt->yield * inv_comp(mt, e) / 100);
	}
	int st = model_solve(m);
	return st == GLP_OPT ? glp_get_obj_val(m->lp) * 100 / h->mass_kg : NAN;
}

/* Fills ph->diag for a heat that cannot be made alone. */
static int diag_heat(const struct plant *p, double margin, size_t h, struct plan_heat *ph,
		     struct rm_error *err)
{
	for (size_t e = 0; e < p->els.n; e++) {
		for (int side = -1; side <= 1; side += 2) {
			double lim = side < 0 ? ph->lo[e] : ph->hi[e];
			if (isnan(lim))
				continue;
			struct model m;
			if (model_build(&m, p, &h, 1, margin, err) < 0)
				return -1;
			double best = diag_reach(&m, e, side);
			model_free(&m);
			/* Reaching the limit to within solver tolerance is not a failure. */
			double tol = 1e-7 * fmax(1.0, fabs(lim));
			if (!isnan(best) && (side > 0 ? best > lim + tol : best < lim - tol))
				ph->diag[ph->ndiag++] = (struct plan_diag){e, side, lim, best};
		}
	}
	return 0;
}

int solve_diagnose(const struct plant *p, double margin, struct plan *pl, struct rm_error *err)
{
	size_t nalone = 0;
	char names[256] = "";
	for (size_t h = 0; h < p->heats->n; h++) {
		struct model m;
		if (model_build(&m, p, &h, 1, margin, err) < 0)
			return -1;
		int st = model_solve(&m);
		model_free(&m);
		struct plan_heat *ph = &pl->heats[h];
		ph->alone = st == GLP_OPT;
		if (ph->alone) {
			nalone++;
			continue;
		}
		size_t len = strlen(names);
		snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "", p->heats->h[h].id);
		if (diag_heat(p, margin, h, ph, err) < 0)
			return -1;
	}
	if (nalone == p->heats->n)
		snprintf(pl->why, sizeof pl->why,
			 "every heat can be made on its own, but not all %zu together: they compete "
			 "for the same lots and the inventory runs short",
			 p->heats->n);
	else
		snprintf(pl->why, sizeof pl->why,
			 "no charge from the whole inventory meets the limits of heat%s %s",
			 p->heats->n - nalone > 1 ? "s" : "", names);
	return 0;
}
