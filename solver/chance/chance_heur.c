/* A first plan for a chance-constrained MIP: the mean-value MIP with backed-off limits,
 * then its continuous part re-solved under the cones.
 *
 * Branch and bound with lazy chance rows takes a node's LP as a plan only once it is whole
 * and meets every cone, and GLPK's rounding heuristics are off (their plans would skip the
 * cones). On a yard with whole units and minimums the search can run for minutes before a
 * node is whole: 200 lots x 6 heats at 0.95 found none in 60 s, where the mean-value MIP of
 * the same day has a plan in under a second (GLPK's own heuristics). Keeping the cones'
 * tangent cuts as plain rows does not help: they are dense, and GLPK found no plan in 18 s
 * with them (nor in the relaxation's neighbourhood alone, RENS: infeasible; nor by rounding
 * heat after heat: the last heat had no whole charge left, 2026-12-07).
 *
 * So the chance constraint is backed off, as the chance-constrained blending papers do
 * (Gaustad, Olivetti and Kirchain): each limit moves inward by z sd of its element at the
 * relaxation's optimum, mean + z sd <= max becomes mean <= max - z sd(x*), and that linear
 * MIP is solved to its first plan. Its whole units and binaries are then fixed, the limits
 * go back, and the LP left is solved with its cones (chance_converge): its optimum is a plan
 * of the chance MIP. Should it be infeasible (the plan's sd exceeds the relaxation's), the
 * back-off grows and the MIP is solved again. The plan is offered to the full search as its
 * first incumbent (model.heur_col): it prunes nodes, and it is the plan returned when the
 * time runs out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chance.h"

/* The repaired plan's cuts aim this many sd beyond z and a plan counts when it meets the
 * cones at z: the full search's cuts (CHANCE_TOL_SD) then hold at it too. */
#define HEUR_TOL_SD 0.05
/* Back-offs tried, each HEUR_GROW times the last, from 1 (z sd at the relaxation), then
 * HEUR_HALVES halvings of the step to the first that worked. */
#define HEUR_TRIES 5
#define HEUR_GROW 1.5
#define HEUR_HALVES 3

/* A copy of m's model (the same plant and heats) that ends by `deadline`: its costs and
 * stock as m has them now (a heat of chance_lag.c prices its stock and has less of it).
 * exact: aimed and sifted as m (heur_open). */
static int heur_model(struct model *s, const struct model *m, double deadline, bool exact,
                      struct rm_error *err)
{
	/* The day's margin, gap, rounds and progress; split cones on every column (sifted
	 * when exact), aimed HEUR_TOL_SD past z (m's tolerance when exact), no first plan of
	 * its own, and only the deadline to stop it. */
	struct model_opts o = m->opt;
	o.split_cones = true;
	o.chance_sift = exact;
	o.rounds_stop = true;
	o.heur_off = true;
	o.chance_tol_sd = exact ? m->opt.chance_tol_sd : HEUR_TOL_SD;
	o.time_limit_ms = 0;
	o.deadline = deadline;
	o.chance_polish = false;
	o.it_lim = 0;
	if (model_build(s, m->p, m->heats, m->nh, &o, err) < 0)
		return -1;
	for (int j = 1; j <= glp_get_num_cols(s->lp); j++)
		glp_set_obj_coef(s->lp, j, glp_get_obj_coef(m->lp, j));
	for (size_t i = 0; i < m->nm; i++)
		if (m->avail_row[i])
			model_row_bounds(s, s->avail_row[i], GLP_UP, 0,
			                 glp_get_row_ub(m->lp, m->avail_row[i]));
	model_start_clock(s);
	return 0;
}

/* sd of every limited element of every heat, kg, into sig: at m's relaxation optimum, or
 * at the plan col (a value per column) when given. */
static void heur_sigma(const struct model *m, const struct chance *c, const double *col,
                       double *sig)
{
	for (size_t k = 0; k < m->nh; k++)
		for (size_t e = 0; e < m->nel; e++) {
			double var = 0;
			for (size_t i = 0; i < m->nm; i++) {
				double x = col ? col[model_col(m, k, i)] * model_unit(m, i)
				               : model_x(m, k, i);
				double d = chance_sd(m, c->s, k, i, e) * x;
				var += d * d;
			}
			sig[k * m->nel + e] = sqrt(var);
		}
}

/* The element rows of s with each limit moved inward by back z sig (0: the limits
 * themselves); a window that closes is held at its middle. */
static void heur_backoff(struct model *s, const double *sig, double z, double back)
{
	for (size_t ke = 0; ke < s->nh * s->nel; ke++) {
		int r = s->elem_row[ke];
		if (!r)
			continue;
		double d = back * z * sig[ke];
		double lo = isnan(s->lo[ke]) ? NAN : s->blo[ke] + d;
		double hi = isnan(s->hi[ke]) ? NAN : s->bhi[ke] - d;
		if (lo > hi)
			lo = hi = (lo + hi) / 2;
		int type = isnan(lo) ? GLP_UP : isnan(hi) ? GLP_LO : lo < hi ? GLP_DB : GLP_FX;
		model_row_bounds(s, r, type, isnan(lo) ? 0 : lo, isnan(hi) ? 0 : hi);
	}
}

/* The whole units and binaries fixed (at val[j], or NULL: at the MIP's plan). */
static void heur_fix(struct model *s, const double *val)
{
	int nc = glp_get_num_cols(s->lp);
	for (int j = 1; j <= nc; j++)
		if (glp_get_col_kind(s->lp, j) != GLP_CV) {
			double w = floor((val ? val[j] : glp_mip_col_val(s->lp, j)) + 0.5);
			model_fix_col(s, j, w);
		}
}

/* The MIP's plan's units and binaries fixed and the LP left solved with its cones: GLP_OPT
 * when that is a plan of the chance MIP. */
static int heur_repair(struct model *s, struct chance *hc)
{
	heur_fix(s, NULL);
	int st = model_resolve_lp(s);
	return st == GLP_OPT ? chance_converge(s, hc, st) : st;
}

/* A value for each of m's nbase columns (s is built as m is, so they are the same), from
 * s's LP solution or, `mip`, its branch and bound's plan, with whole units and binaries
 * rounded off the simplex's noise. */
static double *heur_columns(const struct model *s, int nbase, bool mip)
{
	double *col = calloc((size_t)nbase + 1, sizeof *col);
	for (int j = 1; col && j <= nbase; j++) {
		double v = mip ? glp_mip_col_val(s->lp, j) : glp_get_col_prim(s->lp, j);
		col[j] = glp_get_col_kind(s->lp, j) != GLP_CV ? floor(v + 0.5) : v;
	}
	return col;
}

int chance_heur_keep(struct model *m, const double *col, double obj)
{
	if (m->heur_col && obj >= m->heur_obj)
		return 0;
	double *keep = malloc(((size_t)m->ncol_base + 1) * sizeof *keep);
	if (!keep)
		return -1;
	memcpy(keep, col, ((size_t)m->ncol_base + 1) * sizeof *keep);
	free(m->heur_col);
	m->heur_col = keep;
	m->heur_n = m->ncol_base;
	m->heur_obj = obj;
	return 0;
}

/* s's plan after a repair of status st kept as m's when it is the best so far: 1 a plan
 * (kept or not), 0 none, -1 out of memory. */
static int heur_keep(struct model *m, const struct model *s, int st, int nbase)
{
	if (st != GLP_OPT)
		return 0;
	double *col = heur_columns(s, nbase, false);
	int rc = col && chance_heur_keep(m, col, glp_get_obj_val(s->lp)) == 0 ? 1 : -1;
	free(col);
	return rc;
}

/* s, a copy of m's model (heur_model), with its cutting planes' state hc: -1 with c->err.
 * exact: aimed as the search aims (m's tolerance) and sifted, for a plan that may be the
 * answer (chance_heur_fix); else as the back-off tries aim. */
static int heur_open(struct model *s, struct chance *hc, const struct model *m,
                     const struct chance *c, double deadline, double confidence, bool as_analyzed,
                     bool exact, struct rm_error *err)
{
	if (heur_model(s, m, deadline, exact, err) < 0)
		return rm_error_set(c->err, NULL, 0, 0, "%s", err->msg);
	if (chance_init(hc, s, confidence, as_analyzed, err) < 0) {
		model_free(s);
		return rm_error_set(c->err, NULL, 0, 0, "%s", err->msg);
	}
	return 0;
}

/* Frees s and hc, passing the stop on to m; rc as heur_keep gave it, an error when the
 * solve failed (st < 0, not stopped). */
static int heur_close(struct model *m, const struct chance *c, struct model *s, struct chance *hc,
                      int st, int rc, const struct rm_error *err)
{
	if (rc < 0 || (st < 0 && st != MODEL_STOPPED))
		rc = rm_error_set(c->err, NULL, 0, 0, "%s",
		                  err->msg[0] ? err->msg : "out of memory");
	m->stopped |= s->stopped;
	chance_fini(hc);
	model_free(s);
	return rc;
}

/* One try at back-off `back`: 1 plan found (m->heur_col), 0 none, -1 error. */
static int heur_try(struct model *m, const struct chance *c, const double *sig, double back,
                    double deadline, double confidence, bool as_analyzed)
{
	struct model s;
	struct chance hc;
	struct rm_error err = {0};
	if (heur_open(&s, &hc, m, c, deadline, confidence, as_analyzed, false, &err) < 0)
		return -1;
	int nbase = glp_get_num_cols(s.lp), rc = 0;
	heur_backoff(&s, sig, hc.z, back);
	int st = model_solve_lp(&s);
	/* Half the time left for the search, the rest for the repair. */
	struct model_opts o = s.opt;
	o.time_limit_ms = (int)fmax(1, 500 * (deadline - plan_now()));
	model_set_opts(&s, &o);
	if (st == GLP_OPT)
		st = model_branch_first(&s);
	if (st == GLP_OPT || st == GLP_FEAS) {
		heur_backoff(&s, sig, hc.z, 0);
		st = heur_repair(&s, &hc);
		/* A plan counts as found (the halving goes on below this back-off) whether or
		 * not it beats the one kept. */
		rc = heur_keep(m, &s, st, nbase);
	}
	return heur_close(m, c, &s, &hc, st, rc, &err);
}
int chance_heur_fix(struct model *m, const struct chance *c, const double *col, double confidence,
                    bool as_analyzed)
{
	struct model s;
	struct chance hc;
	struct rm_error err = {0};
	double deadline = m->opt.deadline > 0 ? m->opt.deadline : plan_now() + CHANCE_HEUR_FIX_S;
	/* Aimed as the search aims: the plan may be the answer, proven by its bound. The
	 * columns not fixed are a day's LP: sifted, as the relaxation was (on the demo 0.2 s
	 * instead of 1 s on every column). */
	if (heur_open(&s, &hc, m, c, deadline, confidence, as_analyzed, true, &err) < 0)
		return -1;
	heur_fix(&s, col);
	int st = chance_relax(&s, &hc, false);
	return heur_close(m, c, &s, &hc, st, heur_keep(m, &s, st, glp_get_num_cols(s.lp)), &err);
}

int chance_heur_sub(struct model *m, const struct chance *c, const char *allow, double deadline,
                    double confidence, bool as_analyzed)
{
	struct model s;
	struct chance hc;
	struct rm_error err = {0};
	if (heur_open(&s, &hc, m, c, deadline, confidence, as_analyzed, true, &err) < 0)
		return -1;
	int nbase = glp_get_num_cols(s.lp);
	/* A row per heat holds the materials it may not take at 0: rows, as sifting sets
	 * column bounds of its own. */
	for (size_t k = 0; k < s.nh; k++) {
		int n = 0;
		for (size_t i = 0; i < s.nm; i++)
			if (!allow[k * s.nm + i]) {
				hc.ind[++n] = model_col(&s, k, i);
				hc.val[n] = 1;
			}
		if (!n)
			continue;
		model_add_row(&s, NULL, GLP_UP, 0, 0, n, hc.ind, hc.val);
	}
	struct model_opts so = s.opt;
	so.mip_gap = m->opt.mip_gap; /* the search stops within the day's gap of the bound */
	model_set_opts(&s, &so);
	s.lag_bound = m->lag_bound;
	int rc = 0;
	if (m->heur_col && !(s.heur_col = malloc(((size_t)nbase + 1) * sizeof *s.heur_col)))
		rc = -1;
	if (s.heur_col) {
		memcpy(s.heur_col, m->heur_col, ((size_t)nbase + 1) * sizeof *s.heur_col);
		s.heur_n = nbase;
		s.heur_obj = m->heur_obj;
	}
	int st = rc < 0 ? -1 : model_solve_chance(&s, confidence, as_analyzed, &err);
	if ((st == GLP_OPT || st == GLP_FEAS) && !s.heur_plan && s.mip) {
		double *col = heur_columns(&s, nbase, true);
		rc = col && chance_heur_keep(m, col, glp_mip_obj_val(s.lp)) == 0 ? 1 : -1;
		free(col);
	}
	return heur_close(m, c, &s, &hc, st, rc, &err);
}

int chance_heur(struct model *m, const struct chance *c, double confidence, bool as_analyzed,
                double budget_s)
{
	double deadline = plan_now() + budget_s;
	if (m->opt.deadline > 0)
		deadline = fmin(deadline, m->opt.deadline);
	double *sig = malloc((m->nh * m->nel + 1) * sizeof *sig);
	if (!sig)
		return rm_error_set(c->err, NULL, 0, 0, "out of memory");
	heur_sigma(m, c, NULL, sig);
	int rc = 0;
	double back = 1, lo = 0;
	for (int t = 0; rc == 0 && t < HEUR_TRIES && !m->stopped && plan_now() < deadline; t++) {
		rc = heur_try(m, c, sig, back, deadline, confidence, as_analyzed);
		if (rc == 0) {
			lo = back;
			back *= HEUR_GROW;
		}
	}
	/* Between the last back-off that failed and the first that worked, by halves: a
	 * smaller one that still works leaves a cheaper plan. */
	for (int t = 0; rc > 0 && lo > 0 && t < HEUR_HALVES && !m->stopped && plan_now() < deadline;
	     t++) {
		double mid = (lo + back) / 2;
		rc = heur_try(m, c, sig, mid, deadline, confidence, as_analyzed);
		if (rc == 0)
			lo = mid;
		else
			back = mid;
		rc = rc < 0 ? -1 : 1;
	}
	free(sig);
	return rc < 0 ? -1 : 0;
}
