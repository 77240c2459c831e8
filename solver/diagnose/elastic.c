/* The limits of an impossible heat that conflict, and the charge that misses them least.
 *
 * Conflict: a deletion filter over the grade's limits (each min and each max is one item).
 * Start from all of them, which no charge meets; drop one at a time and keep it dropped when
 * the rest still cannot be met. What is left is irreducible: no charge meets it, and
 * without any one of its limits a charge exists. Each test is a one-heat LP re-solved from
 * the previous basis, so the whole filter costs about one LP per limit.
 *
 * Fallback: the elastic LP. Every element row gets a slack below (u) and above (v):
 *     lo <= a + (u - v) * mass / 100 <= hi,  u, v >= 0   (a in kg of element, u, v in wt%),
 * first minimise the total violation weighed by each limit's scale, then, with that total
 * held, the cost. Weighing by scale (the max itself, or min(min, 100 - min) for a min) keeps
 * a 0.01 wt% miss on Pb max 0.05 from counting the same as one on Si max 12. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Sets the bounds of heat 0's element rows from the limits switched on (the model's own
 * bounds: kg of element from the charge, the heel's share already taken off). */
static void el_rows(struct model *m, const bool *on)
{
	for (size_t e = 0; e < m->nel; e++) {
		int r = m->elem_row[e];
		if (!r)
			continue;
		bool lo = on[2 * e] && !isnan(m->lo[e]), hi = on[2 * e + 1] && !isnan(m->hi[e]);
		double blo = lo ? m->blo[e] : 0, bhi = hi ? m->bhi[e] : 0;
		int type = lo && hi ? (blo == bhi ? GLP_FX : GLP_DB)
		           : lo     ? GLP_LO
		           : hi     ? GLP_UP
		                    : GLP_FR;
		model_row_bounds(m, r, type, blo, bhi);
	}
}

int elastic_conflict(struct diag_ctx *cx, const struct plant *p, const struct plan_heat *ph,
                     struct plan_viol *out, size_t *n, struct rm_error *err)
{
	size_t nel = p->els.n;
	struct model m;
	bool *on = calloc(2 * nel + 1, sizeof *on);
	*n = 0;
	if (!on)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	struct model_opts mo = diag_model_opts(cx, cx->o->margin);
	if (model_build(&m, p, &ph->heat, 1, &mo, err) < 0) {
		free(on);
		return -1;
	}
	for (size_t j = 0; j < 2 * nel; j++)
		on[j] = !isnan(j % 2 ? ph->hi[j / 2] : ph->lo[j / 2]);
	m.mip = false; /* the practical rules relaxed: limits alone are in question */
	model_scale(&m);
	int rc = 0;
	bool late = false; /* a filter cut short is no minimal set: none is reported */
	for (size_t j = 0; j < 2 * nel && !rc && !late; j++) {
		if (!on[j])
			continue;
		on[j] = false;
		el_rows(&m, on);
		glp_smcp parm;
		glp_init_smcp(&parm);
		parm.msg_lev = GLP_MSG_OFF;
		parm.tm_lim = model_ms_left(&m);
		if (diag_late(cx) || parm.tm_lim <= 0) {
			late = cx->hit = true;
			break;
		}
		int st = glp_simplex(m.lp, &parm);
		if (st == GLP_ETMLIM)
			late = cx->hit = true;
		else if (st != 0 && st != GLP_ENOPFS && st != GLP_ENODFS)
			rc = rm_error_set(err, NULL, 0, 0, "GLPK failed in the conflict filter");
		else if (glp_get_status(m.lp) != GLP_NOFEAS)
			on[j] = true; /* needed: without it a charge exists */
	}
	for (size_t j = 0; j < 2 * nel && !rc && !late; j++)
		if (on[j]) {
			int side = j % 2 ? +1 : -1;
			double lim = side > 0 ? ph->hi[j / 2] : ph->lo[j / 2];
			out[(*n)++] = (struct plan_viol){j / 2, side, lim, NAN, NAN};
		}
	model_free(&m);
	free(on);
	return rc;
}

/* Adds the slack columns of heat 0 (u below, v above, per limit side) with their weights
 * as objective and drops the cost; returns the first slack column. */
static int el_slacks(struct model *m, const struct plan_heat *ph)
{
	double bath = plant_bath_kg(m->p, m->heats[0]);
	int first = glp_get_num_cols(m->lp) + 1;
	for (int j = 1; j < first; j++)
		glp_set_obj_coef(m->lp, j, 0);
	for (size_t e = 0; e < m->nel; e++) {
		int r = m->elem_row[e];
		for (int side = -1; r && side <= 1; side += 2) {
			double lim = side < 0 ? ph->lo[e] : ph->hi[e];
			if (isnan(lim))
				continue;
			/* slacks in wt% of the bath, weighed by 1/scale: coefficients near 1 keep
			 * the reduced costs well above the simplex tolerances */
			int ind[2] = {0, r};
			double val[2] = {0, (side < 0 ? 1.0 : -1.0) * bath / 100};
			int j = model_add_col(m, NULL, GLP_LO, 0, 0, 1, ind, val);
			glp_set_obj_coef(m->lp, j, 1 / diag_scale(lim, side));
		}
	}
	return first;
}

/* Holds the total weighted violation at its minimum and makes cost the objective. */
static void el_phase2(struct model *m, int first, double vmin, double slack)
{
	int nc = glp_get_num_cols(m->lp);
	int *ind = malloc((size_t)(nc - first + 2) * sizeof *ind);
	double *val = malloc((size_t)(nc - first + 2) * sizeof *val);
	int n = 0;
	for (int j = first; ind && val && j <= nc; j++) {
		ind[++n] = j;
		val[n] = glp_get_obj_coef(m->lp, j);
		glp_set_obj_coef(m->lp, j, 0);
	}
	model_add_row(m, "violation", GLP_UP, 0, vmin * (1 + slack) + slack, ind && val ? n : 0,
	              ind, val);
	for (size_t i = 0; i < m->nm; i++)
		glp_set_obj_coef(m->lp, model_col(m, 0, i),
		                 m->p->inv->m[i].price * model_unit(m, i));
	free(ind);
	free(val);
}

/* Reads the fallback charge and measures its misses from its own bath composition. */
static void el_extract(const struct model *m, const struct plan_heat *ph, struct plan_fallback *fb)
{
	const struct furnace *f = plant_furnace(m->p, m->heats[0]);
	double bath = plant_bath_kg(m->p, m->heats[0]);
	fb->ncharge = fb->nviol = 0;
	fb->cost = fb->violation = 0;
	for (size_t e = 0; e < m->nel; e++)
		fb->comp[e] = m->p->heats->h[m->heats[0]].heel_kg * furnace_heel_c(f, e) / bath;
	for (size_t i = 0; i < m->nm; i++) {
		double x = model_x(m, 0, i);
		if (!(x >= 1e-6)) /* the 1e-6 kg level of FORMATS.md */
			continue;
		fb->charge[fb->ncharge++] = (struct plan_item){i, x};
		fb->cost += m->p->inv->m[i].price * x;
		for (size_t e = 0; e < m->nel; e++)
			fb->comp[e] += 100 * model_coef(m, 0, i, e) * x / bath;
	}
	for (size_t e = 0; e < m->nel; e++)
		for (int side = -1; side <= 1; side += 2) {
			double lim = side < 0 ? ph->lo[e] : ph->hi[e];
			double by = isnan(lim) ? 0 : side * (fb->comp[e] - lim);
			if (!(by > DIAG_VIOL_TOL))
				continue;
			fb->viol[fb->nviol++] = (struct plan_viol){e, side, lim, fb->comp[e], by};
			fb->violation += by / diag_scale(lim, side);
		}
	fb->found = true;
}

int elastic_fallback(struct diag_ctx *cx, const struct plant *p, const struct plan_heat *ph,
                     struct plan_fallback *fb, struct rm_error *err)
{
	struct model m;
	fb->found = false;
	if (diag_late(cx))
		return 0;
	struct model_opts mo = diag_model_opts(cx, cx->o->margin);
	if (model_build(&m, p, &ph->heat, 1, &mo, err) < 0)
		return -1;
	m.mip = false; /* a charge to inspect: the practical rules relaxed */
	int first = el_slacks(&m, ph);
	int st = model_solve(&m);
	cx->hit |= st == MODEL_STOPPED; /* out of time: no fallback charge */
	int rc = st < 0 && st != MODEL_STOPPED
	             ? rm_error_set(err, NULL, 0, 0, "GLPK failed on the elastic LP")
	             : 0;
	if (!rc && st == GLP_OPT) {
		double vmin = glp_get_obj_val(m.lp);
		/* a hair of room keeps phase 2 feasible at the minimum GLPK found */
		el_phase2(&m, first, vmin, 1e-9);
		glp_smcp parm;
		glp_init_smcp(&parm);
		parm.msg_lev = GLP_MSG_OFF;
		parm.tm_lim = model_ms_left(&m);
		int r2 = parm.tm_lim > 0 ? glp_simplex(m.lp, &parm) : GLP_ETMLIM;
		if ((r2 == 0 || r2 == GLP_ENOPFS || r2 == GLP_ENODFS) &&
		    glp_get_status(m.lp) == GLP_OPT)
			el_extract(&m, ph, fb);
		else if (model_solve(&m) == GLP_OPT) /* from scratch, should the warm start fail */
			el_extract(&m, ph, fb);
	}
	model_free(&m);
	return rc;
}
