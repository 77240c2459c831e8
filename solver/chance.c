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
 * the incumbent meets every cone within the tolerance and the search is exact
 * (solver/chance_mip.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "chance.h"
#include "rm_grow.h"
#include "rm_stat.h"

/* s[(k * nm + i) * nel + e]: sd of element mass in heat k per kg of material i charged
 * (yield, sd and the furnace's recovery of e). */
double *chance_s_table(const struct model *m, bool as_analyzed)
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

int chance_cut_room(struct model *m)
{
	struct model_cut *nc = rm_grow(m->cut, &m->capcut, m->ncut, sizeof *nc, 64);
	if (!nc)
		return -1;
	m->cut = nc;
	return 0;
}

/* The tangent cut of one cone at the current solution, as a new row (see chance_round). */
static int chance_add_cut(struct model *m, const struct chance *c, size_t k, size_t e, int side,
                          double sigma, int node)
{
	if (!node && chance_cut_room(m) < 0)
		return -1;
	int n = 0;
	for (size_t i = 0; i < m->nm; i++) {
		int j = model_col(m, k, i);
		if (m->out && m->out[j]) /* no entry until it enters (chance_sift.c) */
			continue;
		double si = chance_sd(m, c->s, k, i, e);
		double g = si * si * model_x(m, k, i) / sigma;
		/* Per kg charged; a whole-unit column stands for model_unit kg. */
		double a = (model_coef(m, k, i, e) + side * c->z * g) * model_unit(m, i);
		if (a != 0) {
			c->ind[++n] = j;
			c->val[n] = a;
		}
	}
	int r = glp_add_rows(m->lp, 1);
	char name[64];
	/* Lazy rows carry their node, by which chance_mip.c finds the ones it may delete. */
	if (node)
		snprintf(name, sizeof name, "cct%d_%zu", node, m->ncut_added);
	else
		snprintf(name, sizeof name, "cc%zu_%s_%s_%zu", m->ncut_added,
		         rm_elem_symbol(m->p->els.z[e]), side > 0 ? "max" : "min", k);
	glp_set_row_name(m->lp, r, name);
	double lim = side > 0 ? m->bhi[k * m->nel + e] : m->blo[k * m->nel + e];
	glp_set_row_bnds(m->lp, r, side > 0 ? GLP_UP : GLP_LO, lim, lim);
	glp_set_mat_row(m->lp, r, n, c->ind, c->val);
	m->ncut_added++;
	if (!node)
		m->cut[m->ncut++] = (struct model_cut){r, k, e, side, false, 0};
	return 0;
}

long chance_round(struct model *m, const struct chance *c, int node)
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
				double d = chance_sd(m, c->s, k, i, e) * model_x(m, k, i);
				var += d * d;
			}
			double sigma = sqrt(var), tol = CHANCE_TOL * mass + c->tol_sd * sigma;
			double lo = m->blo[k * m->nel + e];
			double hi = m->bhi[k * m->nel + e];
			if (sigma <= 0)
				continue;
			for (int side = -1; side <= 1; side += 2) {
				double lim = side > 0 ? hi : lo;
				double viol = side * (mu + side * c->z * sigma - lim);
				if (isnan(lim) || (c->polish ? viol < -tol : viol <= tol))
					continue;
				if (c->polish) {
					if (chance_add_cut(m, c, k, e, side, sigma, node) < 0)
						return rm_error_set(c->err, NULL, 0, 0,
						                    "out of memory");
					added++;
					continue;
				}
				/* Rounds on an LP split the cone per material; the nodes of
				 * branch and bound, which cannot add columns, cut it whole. */
				long n = node || !c->split
				             ? 0
				             : chance_cone_cuts(m, c, k, e, side, sigma);
				if (n == 0 && chance_add_cut(m, c, k, e, side, sigma, node) == 0)
					n = 1;
				if (n <= 0)
					return rm_error_set(c->err, NULL, 0, 0, "out of memory");
				added += n;
			}
		}
	}
	return added;
}

int chance_converge(struct model *m, struct chance *c, int st)
{
	bool polished = !m->chance_polish;
	for (int round = 0;; round++) {
		if (model_stop(m, "cutting planes", round, NAN, glp_get_obj_val(m->lp)))
			return MODEL_STOPPED;
		/* Split cones converge in a few dozen rounds where they converge at all; a
		 * point no charge can reach (pricing past what a heat can take) they only
		 * approach, and there the whole-cone cuts prove it. */
		c->split = m->split_cones && round < CHANCE_SPLIT_ROUNDS;
		long added = chance_round(m, c, 0);
		/* Converged: the polish round, then the rounds go on if it moved the point. A
		 * whole-cone tangent at the point itself makes the dual of the cone follow its
		 * exact gradient. One 200-lot yard's full-use value of a lot that the heat can
		 * only just take (2 kg short of the most) read 94.5 JPY/kg from split cones
		 * without it, 98.5 with it; exact 98.2 (tests/tools/price_socp.py). */
		if (added == 0 && !polished) {
			polished = c->polish = true;
			added = chance_round(m, c, 0);
			c->polish = false;
		}
		if (added <= 0)
			return added < 0 ? -1 : st;
		if (round == CHANCE_MAX_ROUNDS && m->rounds_stop) {
			m->rounds_out = true; /* plan: a solver outcome, not bad input */
			return MODEL_STOPPED;
		}
		if (round == CHANCE_MAX_ROUNDS)
			return rm_error_set(c->err, NULL, 0, 0,
			                    "chance constraints did not converge in %d rounds",
			                    CHANCE_MAX_ROUNDS);
		st = model_resolve_lp(m);
		if (st != GLP_OPT && st != GLP_FEAS)
			return st;
	}
}

static int chance_solve(struct model *m, double confidence, bool as_analyzed, bool warm,
                        struct rm_error *err)
{
	if (confidence <= 0)
		return warm ? model_resolve(m) : model_solve(m);
	int st = warm ? model_resolve_lp(m) : model_solve_lp(m);
	if (st != GLP_OPT && st != GLP_FEAS)
		return st;
	/* Cuts aim the tolerance (CHANCE_TOL_SD, or model.chance_tol_sd) beyond z, and a cone
	 * counts as met when it is violated by at most that many sigma at that z: so at z
	 * itself it is met (to CHANCE_TOL kg). Pricing's tolerance is tighter, and so is its
	 * aim: a value at the edge of what a heat can take moved by 2 JPY/kg between z and
	 * z + 0.001 (the 200-lot yard above). */
	double tol_sd = m->chance_tol_sd > 0 ? m->chance_tol_sd : CHANCE_TOL_SD;
	struct chance c = {rm_stat_quantile(confidence) + tol_sd,
	                   chance_s_table(m, as_analyzed),
	                   malloc((m->nm + 2) * sizeof *c.ind),
	                   malloc((m->nm + 2) * sizeof *c.val),
	                   err,
	                   true,
	                   false,
	                   tol_sd,
	                   m->chance_sift ? CHANCE_PIECE_FRAC : 0};
	if (!c.s || !c.ind || !c.val)
		st = rm_error_set(err, NULL, 0, 0, "out of memory");
	else
		st = m->chance_sift && !m->mip ? chance_sift_converge(m, &c, st)
		                               : chance_converge(m, &c, st);
	if (m->mip && st == GLP_OPT) {
		st = chance_branch(m, &c);
	} else if (!warm && st == GLP_OPT && m->ncut) {
		/* Most tangents end up slack: without them every later warm re-solve (pricing,
		 * what-ifs) iterates over a fraction of the rows. */
		if (chance_drop_inactive(m) < 0)
			st = rm_error_set(err, NULL, 0, 0, "out of memory");
		else
			st = model_resolve_lp(m);
	}
	free(c.s);
	free(c.ind);
	free(c.val);
	return st;
}

int model_solve_chance(struct model *m, double confidence, bool as_analyzed, struct rm_error *err)
{
	return chance_solve(m, confidence, as_analyzed, false, err);
}

int model_resolve_chance(struct model *m, double confidence, bool as_analyzed, struct rm_error *err)
{
	return chance_solve(m, confidence, as_analyzed, true, err);
}
