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
 * cutting planes, which converge to the exact cone optimum. Minima are the mirror image.
 *
 * Whole units, minimum charges and material limits (a MIP): the cuts first converge on the
 * LP relaxation as above; then branch and bound runs with the same rounds as lazy rows at
 * every node's LP optimum, before GLPK checks integrality (LP/NLP-based branch and bound,
 * Quesada and Grossmann 1992). A node's LP only becomes a plan once no cone is violated at
 * it, and as every tangent holds for every x, no cut removes a plan that meets the cones:
 * the incumbent meets every cone within the tolerance and the search is exact. GLPK keeps a
 * node's rows for its subtree only and deletes them all when the search ends. */
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

/* A tangent cut as a new row; in_tree: a lazy row of branch and bound, which GLPK deletes
 * when the search ends, so it is counted, not kept in m->cut. */
static int chance_add_cut(struct model *m, size_t k, size_t e, int side, double z,
			  double sigma, const double *s, int *ind, double *val, bool in_tree)
{
	if (!in_tree && m->ncut == m->capcut) {
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
	snprintf(name, sizeof name, "cc%s%zu_%s_%s_%zu", in_tree ? "t" : "",
		 in_tree ? m->ncut_tree : m->ncut, rm_elem_symbol(m->p->els.z[e]),
		 side > 0 ? "max" : "min", k);
	glp_set_row_name(m->lp, r, name);
	double lim = side > 0 ? m->bhi[k * m->nel + e] : m->blo[k * m->nel + e];
	glp_set_row_bnds(m->lp, r, side > 0 ? GLP_UP : GLP_LO, lim, lim);
	glp_set_mat_row(m->lp, r, n, ind, val);
	if (in_tree)
		m->ncut_tree++;
	else
		m->cut[m->ncut++] = (struct model_cut){r, k, e, side};
	return 0;
}

/* Adds a cut for every cone violated at the current point; returns how many, or -1. */
static long chance_round(struct model *m, double z, const double *s, int *ind, double *val,
			 bool in_tree)
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
				if (chance_add_cut(m, k, e, side, z, sigma, s, ind, val, in_tree) < 0)
					return -1;
				added++;
			}
		}
	}
	return added;
}

/* What a round needs, for the lazy rows of branch and bound. */
struct chance_round_args {
	double z;
	const double *s;
	int *ind;
	double *val;
	struct rm_error *err;
};

long dbg_calls, dbg_added, dbg_int, dbg_skip;
static bool dbg_integral(struct model *m)
{
	int n = glp_get_num_cols(m->lp);
	for (int j = 1; j <= n; j++)
		if (glp_get_col_kind(m->lp, j) != GLP_CV) {
			double x = glp_get_col_prim(m->lp, j);
			if (fabs(x - floor(x + 0.5)) > 1e-5)
				return false;
		}
	return true;
}
static long chance_rowgen(struct model *m, void *info)
{
	struct chance_round_args *a = info;
	static int mode = -1;
	if (mode < 0) mode = getenv("CCMODE") ? atoi(getenv("CCMODE")) : 0;
	dbg_calls++;
	bool integ = dbg_integral(m);
	dbg_int += integ;
	if (mode == 1 && !integ) { dbg_skip++; return 0; }
	long added = chance_round(m, a->z, a->s, a->ind, a->val, true);
	dbg_added += added;
	if (added < 0)
		rm_error_set(a->err, NULL, 0, 0, "out of memory");
	return added;
}

/* Kelley's rounds on the LP (of a MIP: its relaxation) from its optimum, until no cone is
 * violated; returns the status of the last solve or -1 with err set. */
static int chance_converge(struct model *m, int st, struct chance_round_args *a,
			   struct rm_error *err)
{
	for (int round = 0;; round++) {
		long added = chance_round(m, a->z, a->s, a->ind, a->val, false);
		if (added == -1)
			return rm_error_set(err, NULL, 0, 0, "out of memory");
		if (added == 0)
			return st;
		if (round == CHANCE_MAX_ROUNDS)
			return rm_error_set(err, NULL, 0, 0,
					    "chance constraints did not converge in %d rounds",
					    CHANCE_MAX_ROUNDS);
		st = model_resolve_lp(m);
		if (st != GLP_OPT && st != GLP_FEAS)
			return st;
	}
}

int model_solve_chance(struct model *m, double confidence, bool as_analyzed,
		       struct rm_error *err)
{
	if (confidence <= 0)
		return model_solve(m);
	int st = model_solve_lp(m);
	if (st != GLP_OPT && st != GLP_FEAS)
		return st;
	/* Cuts aim CHANCE_TOL_SD beyond z, and a cone counts as met when it is violated by at
	 * most CHANCE_TOL_SD sigma at that z: so at z itself it is met (to CHANCE_TOL kg). */
	struct chance_round_args a = {rm_stat_quantile(confidence) + CHANCE_TOL_SD, NULL, NULL,
				      NULL, err};
	double *s = chance_s(m, as_analyzed);
	a.s = s;
	a.ind = malloc((m->nm + 1) * sizeof *a.ind);
	a.val = malloc((m->nm + 1) * sizeof *a.val);
	if (!s || !a.ind || !a.val)
		st = rm_error_set(err, NULL, 0, 0, "out of memory");
	else
		st = chance_converge(m, st, &a, err);
	/* The relaxation's cuts stay as rows of every node; the tree adds its own. */
	if (m->mip && st == GLP_OPT)
		{ st = model_branch(m, chance_rowgen, &a);
		fprintf(stderr, "DBG root cuts %zu tree calls %ld integral %ld skipped %ld added %ld time %.2f st %d\n", m->ncut, dbg_calls, dbg_int, dbg_skip, dbg_added, m->mip_time_s, st); }
	free(s);
	free(a.ind);
	free(a.val);
	return st;
}
