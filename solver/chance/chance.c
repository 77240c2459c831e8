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
 * (solver/chance/chance_mip.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "chance.h"
#include "rm_grow.h"
#include "rm_stat.h"

/* s[(k * nm + i) * nel + e]: sd of element mass in heat k per kg of material i charged
 * (yield, sd and the recovery of e: the material's rec_<El>, else the furnace's). */
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
				    inv_rec(mt, e, furnace_rec(f, e)) / 100;
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
	for (size_t i = 0; !m->nseq && i < m->nm; i++) {
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
	if (m->nseq) /* the chain's columns too (chance_seq.c) */
		n = chance_seq_row(m, c, k, e, side, sigma);
	char name[64];
	/* Lazy rows carry their node, by which chance_mip.c finds the ones it may delete. */
	if (node)
		snprintf(name, sizeof name, "cct%d_%zu", node, m->ncut_added);
	else
		snprintf(name, sizeof name, "cc%zu_%s_%s_%zu", m->ncut_added,
		         rm_elem_symbol(m->p->els.z[e]), side > 0 ? "max" : "min", k);
	double lim = side > 0 ? m->bhi[k * m->nel + e] : m->blo[k * m->nel + e];
	int r = model_add_row(m, name, side > 0 ? GLP_UP : GLP_LO, lim, lim, n, c->ind, c->val);
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
			for (size_t i = 0; !m->nseq && i < m->nm; i++) {
				double d = chance_sd(m, c->s, k, i, e) * model_x(m, k, i);
				var += d * d;
			}
			double sigma = m->nseq ? chance_seq_sigma(m, c, k, e) : sqrt(var),
			       tol = CHANCE_TOL * mass + c->tol_sd * sigma;
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
	bool polished = !m->opt.chance_polish;
	for (int round = 0;; round++) {
		if (model_stop(m, "cutting planes", round, NAN, glp_get_obj_val(m->lp)))
			return MODEL_STOPPED;
		/* Split cones converge in a few dozen rounds where they converge at all; a
		 * point no charge can reach (pricing past what a heat can take) they only
		 * approach, and there the whole-cone cuts prove it. */
		c->split = m->opt.split_cones && round < CHANCE_SPLIT_ROUNDS;
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
		if (round == chance_max_rounds(m) && m->opt.rounds_stop) {
			m->rounds_out = true; /* plan: a solver outcome, not bad input */
			return MODEL_STOPPED;
		}
		if (round == chance_max_rounds(m))
			return rm_error_set(c->err, NULL, 0, 0,
			                    "chance constraints did not converge in %d rounds",
			                    chance_max_rounds(m));
		st = model_resolve_lp(m);
		if (st != GLP_OPT && st != GLP_FEAS)
			return st;
	}
}

/* A MIP's relaxation converged on sifted, split cones (fast); branch and bound needs every
 * column and whole cones (its lazy rows cannot add columns, and split cones made every node
 * dearer: the demo's search took 10 to 17 s with them kept, against 2 s without). The
 * tangent of every binding cone at the relaxation's optimum x* takes the place of the
 * split cones, which go; the rounds on the whole problem then start near x*, where
 * Kelley's cuts from the mean-value optimum took hundreds (200 lots x 6 heats with units
 * and minimums: not converged after 60 s; the furnace day: 44 s for the whole solve
 * against 22 s this way, 2026-12-07). */
int chance_whole(struct model *m, struct chance *c)
{
	c->polish = true;
	long added = chance_round(m, c, 0);
	c->polish = false;
	if (added < 0 || chance_cone_remove(m) < 0 || chance_sift_release(m) < 0)
		return rm_error_set(c->err, NULL, 0, 0, "out of memory");
	model_with_split_cones(m, false);
	model_with_chance_sift(m, false);
	/* Deleting the cones' rows and columns leaves no basis to start from. */
	glp_adv_basis(m->lp, 0);
	int st = model_resolve_primal(m);
	return st == GLP_OPT ? chance_converge(m, c, st) : st;
}

/* The heuristic's share of the time: half of what is left before the deadline, at most
 * CHANCE_HEUR_S seconds. */
#define CHANCE_HEUR_S 30.0
static double chance_heur_budget(const struct model *m)
{
	double left = m->opt.deadline > 0 ? (m->opt.deadline - plan_now()) / 2 : CHANCE_HEUR_S;
	if (m->opt.time_limit_ms > 0)
		left = fmin(left, m->opt.time_limit_ms / 2000.0);
	return fmin(left, CHANCE_HEUR_S);
}

/* The heats one by one get three quarters of what is left, at most CHANCE_LAG_S seconds,
 * shared evenly among the heats of each pass: on a day where each heat alone is a hard
 * search (500 lots x 10 heats with units and minimums: 4 to 6 s a heat to its proof) the
 * ordered pass still ends with a plan, and what the heats cannot finish the search goes on
 * with; on the demo they are the whole solve (0.6 s), so a second's time limit must leave
 * them most of it (with a third, --time-limit 1 gave no plan). */
#define CHANCE_LAG_S 20.0
static double chance_lag_budget(const struct model *m)
{
	double left = m->opt.deadline > 0 ? (m->opt.deadline - plan_now()) * 0.75 : CHANCE_LAG_S;
	if (m->opt.time_limit_ms > 0)
		left = fmin(left, m->opt.time_limit_ms * 0.75 / 1000.0);
	return fmin(left, CHANCE_LAG_S);
}

int chance_init(struct chance *c, const struct model *m, double confidence, bool as_analyzed,
                struct rm_error *err)
{
	/* Cuts aim the tolerance (CHANCE_TOL_SD, or model.opt.chance_tol_sd) beyond z, and a cone
	 * counts as met when it is violated by at most that many sigma at that z: so at z
	 * itself it is met (to CHANCE_TOL kg). Pricing's tolerance is tighter, and so is its
	 * aim: a value at the edge of what a heat can take moved by 2 JPY/kg between z and
	 * z + 0.001 (the 200-lot yard above). */
	double tol_sd = m->opt.chance_tol_sd > 0 ? m->opt.chance_tol_sd : CHANCE_TOL_SD;
	size_t len = m->seq_len > 0 ? m->seq_len : 1; /* a cut's heats (chance_seq.c) */
	*c = (struct chance){rm_stat_quantile(confidence) + tol_sd, chance_s_table(m, as_analyzed),
	                     malloc((len * m->nm + 2) * sizeof *c->ind),
	                     malloc((len * m->nm + 2) * sizeof *c->val), err, true, false, tol_sd,
	                     /* a sequenced day is not sifted (chance_seq.c), but cutting
	                      * every piece took its 200 lots x 10 heats 96 s CPU, not 4.8 */
	                     m->opt.chance_sift || m->nseq ? CHANCE_PIECE_FRAC : 0,
	                     malloc((len + 1) * sizeof *c->seq_k),
	                     malloc((len + 1) * sizeof *c->seq_w), NULL, false, -INFINITY};
	if (c->s && c->ind && c->val && c->seq_k && c->seq_w)
		return 0;
	chance_fini(c);
	return rm_error_set(err, NULL, 0, 0, "out of memory");
}

void chance_fini(struct chance *c)
{
	free(c->s);
	free(c->ind);
	free(c->val);
	free(c->seq_k);
	free(c->seq_w);
	free(c->pt);
	c->pt = NULL;
	c->seq_k = NULL;
	c->seq_w = NULL;
	c->s = NULL;
	c->ind = NULL;
	c->val = NULL;
}

/* The share of an LP's time left that its rounds may take; the back-off has the rest. */
#define CHANCE_ROUNDS_SHARE 0.7
int chance_rounds(struct model *m, struct chance *c, int st)
{
	/* Plan's LP: the rounds end early enough to leave the back-off its share of the time
	 * (chance_backoff.c), which makes a plan that meets every cone when they stop. The
	 * mean-value LP before them has the whole time: a point to start from. */
	double deadline = m->opt.deadline, now = plan_now();
	if (m->opt.backoff && !m->mip && !m->nseq && deadline > now)
		model_with_deadline(m, now + CHANCE_ROUNDS_SHARE * (deadline - now));
	st = m->opt.chance_sift ? chance_sift_converge(m, c, st) : chance_converge(m, c, st);
	model_with_deadline(m, deadline);
	return st;
}

int chance_relax(struct model *m, struct chance *c, bool warm)
{
	int st = warm ? model_resolve_lp(m) : model_solve_lp(m);
	if (st != GLP_OPT && st != GLP_FEAS)
		return st;
	return chance_rounds(m, c, st);
}

static int chance_solve(struct model *m, double confidence, bool as_analyzed, bool warm,
                        struct rm_error *err)
{
	if (!m->mip) /* a re-solve: chance_newton's last plan is no longer the answer (it stays
	              * in heur_col, nw_dual and nw_mu as the next one's start) */
		m->heur_plan = false;
	if (confidence <= 0)
		return warm ? model_resolve(m) : model_solve(m);
	/* A sequence's cones run over several heats' columns: split cones follow them
	 * (chance_seq.c), sifting's pricing does not (a column left out is no longer at a
	 * zero gradient when its lot is in another heat of the chain): every column in. */
	if (m->nseq)
		model_with_chance_sift(m, false);
	struct chance c;
	if (chance_init(&c, m, confidence, as_analyzed, err) < 0)
		return -1;
	bool backoff = m->opt.backoff && !m->mip && !m->nseq;
	/* An LP: loose rounds, then the cone program's own optimum (chance_newton.c). */
	int st = !m->mip && !m->nseq && m->opt.newton ? chance_newton_relax(m, &c, warm)
	                                              : chance_relax(m, &c, warm);
	m->relax_bound = st == GLP_OPT ? glp_get_obj_val(m->lp) : NAN;
	if (backoff && st == MODEL_STOPPED && !m->rounds_out) {
		int b = chance_backoff(m, &c);
		if (b < 0) {
			st = rm_error_set(err, NULL, 0, 0, "out of memory");
		} else if (b > 0) {
			m->relax_bound = isfinite(c.bound) ? c.bound : NAN;
			st = model_heur_plan(m);
		}
	}
	/* A MIP's first plan comes from the relaxation before the rounds on the whole problem,
	 * so that a time limit that ends those rounds or the search still returns it. A day of
	 * several heats is first solved heat by heat: a bound that sees their whole units, and
	 * often a plan proven within the gap (chance_lag.c); not a day with furnace sequences,
	 * whose heats share their heels as well as the stock. Else, or when that finds no
	 * plan, the back-off heuristic (chance_heur.c). */
	if (m->mip && st == GLP_OPT && !m->opt.heur_off && m->nh > 1 && !m->nseq &&
	    chance_lag(m, &c, confidence, as_analyzed, chance_lag_budget(m)) < 0)
		st = -1;
	bool proven = m->mip && st == GLP_OPT && chance_lag_proven(m);
	if (m->mip && st == GLP_OPT && !m->opt.heur_off && !m->heur_col && !m->stopped &&
	    chance_heur(m, &c, confidence, as_analyzed, chance_heur_budget(m)) < 0)
		st = -1;
	if (m->mip && m->opt.chance_sift && st == GLP_OPT && !proven)
		st = chance_whole(m, &c);
	if (m->mip && proven) {
		st = model_lag_plan(m);
	} else if (m->mip) {
		if (st == GLP_OPT)
			st = chance_branch(m, &c);
		/* Stopped before the search found a plan as good: the heuristic's. */
		if (m->heur_col && (st == MODEL_STOPPED ||
		                    (st == GLP_FEAS && glp_mip_obj_val(m->lp) > m->heur_obj)))
			st = model_heur_plan(m);
	} else if (!warm && st == GLP_OPT && m->ncut) {
		/* Most tangents end up slack: without them every later warm re-solve (pricing,
		 * what-ifs) iterates over a fraction of the rows. */
		if (chance_drop_inactive(m) < 0)
			st = rm_error_set(err, NULL, 0, 0, "out of memory");
		else
			st = model_resolve_lp(m);
	}
	chance_fini(&c);
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
