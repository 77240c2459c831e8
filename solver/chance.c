/* Chance constraints by outer approximation.
 *
 * For heat h and a limited element e, with a = yield * c / 100 and s = yield * sd / 100 per
 * kg charged, the element mass in the bath is normal with mean a.x and standard deviation
 * sigma(x) = ||diag(s) x||. "max holds with probability P" is a.x + z_P sigma(x) <= U, a
 * second-order cone. sigma is convex, so its tangent at any x0,
 *     sigma(x) >= sum_i s_i^2 x0_i x_i / sigma(x0),
 * gives a linear cut a.x + z_P (s^2 x0 / sigma0).x <= U that every feasible x satisfies.
 * Solve the LP, add the cut of every violated cone at the LP point, re-solve from the same
 * basis (dual simplex), and stop when no cone is violated by more than CHANCE_TOL: Kelley's
 * cutting planes, which converge to the exact cone optimum. Minima are the mirror image. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "rm_stat.h"

#define CHANCE_MAX_ROUNDS 2000

/* s[(k * nm + i) * nel + e]: sd of element mass in heat k per kg of material i charged
 * (yield, sd and the furnace's recovery of e). */
static double *chance_s(const struct model *m, bool as_analyzed)
{
	double *s = malloc((m->nh * m->nm * m->nel + 1) * sizeof *s);
	if (!s)
		return NULL;
	for (size_t k = 0; k < m->nh; k++) {
		const struct furnace *f = plant_furnace(m->p, m->heats[k]);
		for (size_t i = 0; i < m->nm; i++) {
			const struct material *mt = &m->p->inv->m[i];
			for (size_t e = 0; e < m->nel; e++)
				s[(k * m->nm + i) * m->nel + e] =
					mt->yield * unc_sd(m->p->unc, mt, e, as_analyzed) *
					furnace_rec(f, e) / 100;
		}
	}
	return s;
}

static double chance_sd(const struct model *m, const double *s, size_t k, size_t i, size_t e)
{
	return s[(k * m->nm + i) * m->nel + e];
}

static int chance_add_cut(struct model *m, size_t k, size_t e, int side, double z,
			  double sigma, const double *s, int *ind, double *val)
{
	if (m->ncut == m->capcut) {
		size_t cap = m->capcut ? 2 * m->capcut : 64;
		struct model_cut *nc = realloc(m->cut, cap * sizeof *nc);
		if (!nc)
			return -1;
		m->cut = nc;
		m->capcut = cap;
	}
	int n = 0;
	for (size_t i = 0; i < m->nm; i++) {
		int j = model_col(m, k, i);
		double si = chance_sd(m, s, k, i, e);
		double g = si * si * model_x(m, k, i) / sigma;
		/* Per kg charged; a whole-unit column stands for model_unit kg. */
		double a = (model_coef(m, k, i, e) + side * z * g) * model_unit(m, i);
		if (a != 0) {
			ind[++n] = j;
			val[n] = a;
		}
	}
	int r = glp_add_rows(m->lp, 1);
	char name[64];
	snprintf(name, sizeof name, "cc%zu_%s_%s_%zu", m->ncut, rm_elem_symbol(m->p->els.z[e]),
		 side > 0 ? "max" : "min", k);
	glp_set_row_name(m->lp, r, name);
	double lim = side > 0 ? m->bhi[k * m->nel + e] : m->blo[k * m->nel + e];
	glp_set_row_bnds(m->lp, r, side > 0 ? GLP_UP : GLP_LO, lim, lim);
	glp_set_mat_row(m->lp, r, n, ind, val);
	m->cut[m->ncut++] = (struct model_cut){r, k, e, side};
	return 0;
}

/* Adds a cut for every cone violated at the current point; returns how many, or -1. */
static long chance_round(struct model *m, double z, const double *s, int *ind, double *val)
{
	long added = 0;
	for (size_t k = 0; k < m->nh; k++) {
		double mass = plant_bath_kg(m->p, m->heats[k]);
		for (size_t e = 0; e < m->nel; e++) {
			int r = m->elem_row[k * m->nel + e];
			if (!r)
				continue;
			double mu = model_rowval(m, r), var = 0;
			for (size_t i = 0; i < m->nm; i++) {
				double d = chance_sd(m, s, k, i, e) * model_x(m, k, i);
				var += d * d;
			}
			double sigma = sqrt(var), tol = CHANCE_TOL * mass + CHANCE_TOL_SD * sigma;
			double lo = m->blo[k * m->nel + e];
			double hi = m->bhi[k * m->nel + e];
			if (sigma <= 0)
				continue;
			for (int side = -1; side <= 1; side += 2) {
				double lim = side > 0 ? hi : lo;
				if (isnan(lim) || side * (mu + side * z * sigma - lim) <= tol)
					continue;
				if (chance_add_cut(m, k, e, side, z, sigma, s, ind, val) < 0)
					return -1;
				added++;
			}
		}
	}
	return added;
}

int model_solve_chance(struct model *m, double confidence, bool as_analyzed,
		       struct rm_error *err)
{
	/* Kelley cuts at branch-and-bound points do not settle (each whole-unit plan leans on
	 * other cones) and fixed margins from the LP's sd can eat a tight window: until there
	 * is a sound method, whole units and charge rules are planned on mean values only. */
	if (confidence > 0 && m->mip)
		return rm_error_set(err, NULL, 0, 0,
				    "--confidence %g with whole units, minimum charges or material "
				    "limits (unit_kg, min_kg, max_materials) is not supported yet: "
				    "use --confidence 0",
				    confidence);
	int st = model_solve(m);
	if ((st != GLP_OPT && st != GLP_FEAS) || confidence <= 0)
		return st;
	/* Cuts aim CHANCE_TOL_SD beyond z, and a cone counts as met when it is violated by at
	 * most CHANCE_TOL_SD sigma at that z: so at z itself it is met (to CHANCE_TOL kg). */
	double z = rm_stat_quantile(confidence) + CHANCE_TOL_SD;
	double *s = chance_s(m, as_analyzed);
	int *ind = malloc((m->nm + 1) * sizeof *ind);
	double *val = malloc((m->nm + 1) * sizeof *val);
	if (!s || !ind || !val) {
		st = rm_error_set(err, NULL, 0, 0, "out of memory");
		goto out;
	}
	for (int round = 0;; round++) {
		long added = chance_round(m, z, s, ind, val);
		if (added == -1) {
			st = rm_error_set(err, NULL, 0, 0, "out of memory");
			break;
		}
		if (added == 0)
			break;
		if (round == CHANCE_MAX_ROUNDS) {
			st = rm_error_set(err, NULL, 0, 0,
					  "chance constraints did not converge in %d rounds",
					  CHANCE_MAX_ROUNDS);
			break;
		}
		st = model_resolve(m);
		if (st != GLP_OPT && st != GLP_FEAS)
			break;
	}
out:
	free(s);
	free(ind);
	free(val);
	return st;
}
