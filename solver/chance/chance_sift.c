/* Chance constraints on a restricted set of columns (sifting with cones).
 *
 * A day's chance-constrained LP has a column per lot and heat, but its optimum charges a
 * few dozen lots per heat. Cutting planes on the whole problem re-solve every column at
 * every round (500 lots x 10 heats: 113 s, each round 5 to 7 s as the cuts pile up). Here
 * the rounds run with every column fixed at 0 except the ones in play (those the
 * mean-value optimum charges, the unlimited materials, and per heat the CHSIFT_START with
 * the smallest reduced cost), and the cut rows carry only the columns in play.
 *
 * A column outside enters at 0, and there a cone's gradient in it is its mean coefficient
 * alone: sigma(x) = ||diag(s) x|| has d sigma / d x_j = s_j^2 x_j / sigma = 0 at x_j = 0.
 * So the tangent of every cut, and the cone's row side.(a.x) + z t, give a column outside
 * exactly its mean coefficient (side-signed in the cone row; no entry in the rows of other
 * materials' pieces), and its reduced cost is
 *     d_j = c_j - pi.A_j - sum over heat k's element e of w_ke a_kje,
 * with w_ke the duals of the element's cuts and cone rows. Once the cuts converge on the
 * restricted problem, the columns with d_j < 0 (per heat the CHSIFT_PER_HEAT most negative)
 * enter with those coefficients and the rounds go on; when none prices out, the restricted
 * optimum meets the KKT conditions of the outer approximation over every column, and is its
 * optimum. The columns left out stay fixed at 0: every later reading of the model sees
 * them at 0 and nonbasic, as they are at the optimum.
 *
 * Should the restricted problem lose its feasibility under the cuts (the columns in play
 * cannot meet a cone that others could), every column enters and the rounds finish on the
 * whole problem, as before. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chance.h"
#include "model/sift.h"

#define CHSIFT_START 20       /* columns per heat in play beyond those charged */
#define CHSIFT_PER_HEAT 50    /* columns entering per heat and pricing round */
#define CHSIFT_DJ_TOL 1e-9    /* prices out below -tol x max(1, |cost|) */
#define CHSIFT_PRIMAL_IT 1000 /* primal pivots after columns enter, plus 2 a row */

struct chsift {
	size_t ncol;  /* heat columns: nh * nm */
	double *w;    /* [nh * nel] cut and cone duals per heat and element */
	double *cand; /* pairs (reduced cost, column) */
	int *per;     /* [nh] columns entering this round (sift_pick) */
	int *ind;     /* one column's entries */
	double *val;
};

/* Column j = (k, i) enters: its bounds back, and its mean coefficient in every cut and cone
 * row of its heat. */
static void chsift_enter(struct model *m, struct chsift *s, size_t k, size_t i)
{
	int j = model_col(m, k, i);
	int n = glp_get_mat_col(m->lp, j, s->ind, s->val);
	double u = model_unit(m, i);
	for (size_t c = 0; c < m->ncut; c++) {
		const struct model_cut *ct = &m->cut[c];
		double a = model_coef(m, k, i, ct->e) * u;
		if (ct->piece || ct->k != k || a == 0)
			continue;
		s->ind[++n] = ct->row;
		s->val[n] = a;
	}
	for (size_t c = 0; c < m->ncone; c++) {
		const struct model_cone *cn = &m->cone[c];
		double a = model_coef(m, k, i, cn->e) * u;
		if (cn->k != k || a == 0)
			continue;
		s->ind[++n] = cn->r0;
		s->val[n] = cn->side * a;
	}
	model_set_col(m, j, n, s->ind, s->val);
	model_col_bounds(m, j, GLP_LO, 0, 0);
	glp_set_col_stat(m->lp, j, GLP_NL);
	m->out[j] = 0;
}

/* The columns outside with a negative reduced cost, per heat the most negative; how many,
 * in s->cand. */
static int chsift_price(struct model *m, struct chsift *s, double *bound)
{
	memset(s->w, 0, m->nh * m->nel * sizeof *s->w);
	for (size_t c = 0; c < m->ncut; c++)
		if (!m->cut[c].piece)
			s->w[m->cut[c].k * m->nel + m->cut[c].e] +=
			    glp_get_row_dual(m->lp, m->cut[c].row);
	for (size_t c = 0; c < m->ncone; c++)
		s->w[m->cone[c].k * m->nel + m->cone[c].e] +=
		    m->cone[c].side * glp_get_row_dual(m->lp, m->cone[c].r0);
	int nc = 0;
	/* The Lagrangian bound of these duals: the LP's optimum, plus every column outside
	 * that prices out at the most it can take (its stock, or the heat over its yield). */
	bool opt = glp_get_status(m->lp) == GLP_OPT;
	double lag = glp_get_obj_val(m->lp);
	for (size_t k = 0; k < m->nh; k++)
		for (size_t i = 0; i < m->nm; i++) {
			int j = model_col(m, k, i);
			if (!m->out[j])
				continue;
			double c = glp_get_obj_coef(m->lp, j), d = c, u = model_unit(m, i);
			int n = glp_get_mat_col(m->lp, j, s->ind, s->val);
			for (int t = 1; t <= n; t++)
				d -= s->val[t] * glp_get_row_dual(m->lp, s->ind[t]);
			for (size_t e = 0; e < m->nel; e++)
				d -= s->w[k * m->nel + e] * model_coef(m, k, i, e) * u;
			if (d < 0) {
				const struct material *mt = &m->p->inv->m[i];
				double kg = m->p->heats->h[m->heats[k]].mass_kg / mt->yield;
				lag += d * fmin(mt->mass_kg, kg) / u;
			}
			if (d < -CHSIFT_DJ_TOL * fmax(1.0, fabs(c))) {
				s->cand[2 * nc] = d;
				s->cand[2 * nc++ + 1] = j;
			}
		}
	if (opt && lag > *bound)
		*bound = lag;
	return sift_pick(s->cand, nc, m->nm, m->nh, s->per, CHSIFT_PER_HEAT);
}

/* Fixes at 0 every heat column of the mean-value optimum that is not in play. */
static int chsift_start(struct model *m, struct chsift *s)
{
	if (!(m->out = calloc(s->ncol + 1, 1)))
		return -1;
	for (size_t k = 0; k < m->nh; k++) {
		int nc = 0;
		for (size_t i = 0; i < m->nm; i++) {
			int j = model_col(m, k, i);
			if (!m->avail_row[i] || glp_get_col_stat(m->lp, j) == GLP_BS ||
			    glp_get_col_prim(m->lp, j) > 0 || glp_get_col_type(m->lp, j) != GLP_LO)
				continue;
			s->cand[2 * nc] = glp_get_col_dual(m->lp, j);
			s->cand[2 * nc++ + 1] = j;
		}
		qsort(s->cand, (size_t)nc, 2 * sizeof *s->cand, sift_cmp);
		for (int a = CHSIFT_START; a < nc; a++) {
			int j = (int)s->cand[2 * a + 1];
			m->out[j] = 1;
			model_fix_col(m, j, 0);
		}
	}
	return 0;
}

/* Room in s->ind, s->val for a column's own entries and one per cut and cone row. */
static int chsift_room(struct model *m, struct chsift *s)
{
	size_t cap = (size_t)glp_get_num_rows(m->lp) + 2;
	int *ind = realloc(s->ind, cap * sizeof *ind);
	if (ind)
		s->ind = ind;
	double *val = ind ? realloc(s->val, cap * sizeof *val) : NULL;
	if (val)
		s->val = val;
	return ind && val ? 0 : -1;
}

/* Every column outside enters (the restricted problem lost its feasibility). */
static int chsift_all(struct model *m, struct chsift *s)
{
	int nc = 0;
	for (size_t j = 1; j <= s->ncol; j++)
		if (m->out[j]) {
			s->cand[2 * nc] = 0;
			s->cand[2 * nc++ + 1] = (double)j;
		}
	return nc;
}

/* The rows and columns scaled (GLPK's geometric mean and equilibration) before each dual
 * re-solve of the cuts: the tangents' coefficients (s^2 r and s^2 r^2, r = kg per kg of
 * sd) span orders of magnitude, and unscaled the re-solves of 2,000 x 20 took 17,600 and
 * 32,800 pivots for 870 cuts in rounds 5 and 6 (scaled: 4,400 and 9,800); 500 x 10: 24,100
 * dual pivots in all against 30,400. Every round: scaled once the rows had grown by a
 * fifth, the new rows unscaled among scaled ones, the 500-lot day took 223 s and GLPK
 * failed. LPs only: a MIP's relaxation keeps its path, and branch and bound its factors.
 * Not a warm re-solve either (model_opts.keep_scale): its few hundred new rows among 3,600
 * scaled ones took the same rounds unscaled, and the scaling was two thirds of each
 * round's time (500 x 10, a limit edit: 1.33 s CPU against 2.76 s, plan_warm.c). */
static void chsift_scale(struct model *m)
{
	if (!m->mip && !m->opt.keep_scale)
		model_scale(m); /* glp_scale_prob's factors, a tenth of its time */
}

/* The nc columns in s->cand enter. */
static void chsift_enter_all(struct model *m, struct chsift *s, int nc)
{
	for (int a = 0; a < nc; a++) {
		size_t j = (size_t)s->cand[2 * a + 1] - 1;
		chsift_enter(m, s, j / m->nm, j % m->nm);
	}
}

/* Columns entering at 0 keep the basis primal feasible: on an LP the primal simplex takes
 * them in, and the cuts, which make it primal infeasible, then go to the dual simplex at
 * the new point. Both in one dual re-solve started from a basis that was neither (2,000
 * lots x 20 heats: 7,600 and 10,900 pivots in the first two rounds, 1,000 columns
 * entering each) made the dual simplex look for a dual feasible basis first.
 * The primal simplex after columns entered, with a bound on its pivots: on the degenerate
 * rows of the tangents it can cycle (a 50-lot plant, tests/chance_tests.sh seed 7009, ran
 * until killed), and then the dual simplex takes over from where it stopped. */
static int chsift_primal(struct model *m)
{
	int lim = model_with_it_lim(m, CHSIFT_PRIMAL_IT + 2 * glp_get_num_rows(m->lp));
	int st = model_resolve_primal(m);
	model_with_it_lim(m, lim);
	return st == -1 ? model_resolve_lp(m) : st;
}

int chance_sift_converge(struct model *m, struct chance *c, int st)
{
	struct chsift s = {m->nh * m->nm, NULL, NULL, NULL, NULL, NULL};
	size_t len = m->nh * m->nel + 1;
	s.w = malloc(len * sizeof *s.w);
	s.cand = malloc(2 * (s.ncol + 1) * sizeof *s.cand);
	s.per = malloc((m->nh + 1) * sizeof *s.per);
	/* A model already sifted (a warm re-solve, plan_warm.c) keeps its columns out. */
	if (!s.w || !s.cand || !s.per || (!m->out && chsift_start(m, &s) < 0)) {
		st = rm_error_set(c->err, NULL, 0, 0, "out of memory");
		goto out;
	}
	st = model_resolve_primal(m);
	c->split = m->opt.split_cones;
	/* Each round prices the columns outside with the duals of the current outer
	 * approximation and cuts the cones its point violates, then re-solves: on an LP the
	 * columns first, the cuts at the point they give (a column that enters changes the
	 * point the cuts should be taken at); on a MIP's relaxation both at once. */
	for (int round = 0; st == GLP_OPT || st == GLP_NOFEAS; round++) {
		if (model_stop(m, "cutting planes", round, NAN, glp_get_obj_val(m->lp))) {
			st = MODEL_STOPPED;
			break;
		}
		/* The last point that meets the restricted LP's rows, for a plan should the
		 * rounds be stopped (chance_backoff.c). */
		if (st == GLP_OPT && m->opt.backoff && chance_backoff_keep(m, c) < 0) {
			st = rm_error_set(c->err, NULL, 0, 0, "out of memory");
			break;
		}
		if (chsift_room(m, &s) < 0) {
			st = rm_error_set(c->err, NULL, 0, 0, "out of memory");
			break;
		}
		int nc = st == GLP_NOFEAS ? chsift_all(m, &s) : chsift_price(m, &s, &c->bound);
		if (st == GLP_NOFEAS && nc == 0)
			break; /* every column is in: the day is infeasible */
		/* An LP takes the columns in apart from the cuts (chsift_primal); a MIP's
		 * relaxation keeps its one dual re-solve of both, the path its branch and bound
		 * was measured on (the furnace day's search ran out of its 60 s from the other). */
		bool apart = !m->mip && st == GLP_OPT;
		if (apart && nc > 0) {
			chsift_enter_all(m, &s, nc);
			st = chsift_primal(m);
			if (st == GLP_FEAS)
				st = GLP_OPT;
			if (st != GLP_OPT)
				continue;
		}
		long added = 0;
		if (st == GLP_OPT) {
			if (round > 0 && chance_drop_idle(m, CHANCE_IDLE_ROUNDS) < 0)
				added = rm_error_set(c->err, NULL, 0, 0, "out of memory");
			else
				added = chance_round(m, c, 0); /* sets c->err when it fails */
			if (added < 0) {
				st = -1;
				break;
			}
		}
		if (nc == 0 && added == 0)
			break;
		if (round == chance_max_rounds(m)) {
			/* a solver outcome, not bad input: said as a stop, never as infeasible */
			m->rounds_out = true;
			st = MODEL_STOPPED;
			break;
		}
		if (!apart)
			chsift_enter_all(m, &s, nc);
		else if (added == 0)
			continue;
		chsift_scale(m);
		st = model_resolve_lp(m);
		if (st == GLP_FEAS)
			st = GLP_OPT;
	}
out:
	free(s.w);
	free(s.cand);
	free(s.per);
	free(s.ind);
	free(s.val);
	return st;
}

int chance_sift_release(struct model *m)
{
	if (!m->out)
		return 0;
	struct chsift s = {m->nh * m->nm, NULL, NULL, NULL, NULL, NULL};
	int rc = chsift_room(m, &s);
	for (size_t j = 1; rc == 0 && j <= s.ncol; j++)
		if (m->out[j])
			chsift_enter(m, &s, (j - 1) / m->nm, (j - 1) % m->nm);
	free(s.ind);
	free(s.val);
	if (rc == 0) {
		free(m->out);
		m->out = NULL;
	}
	return rc;
}
