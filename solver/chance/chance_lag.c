/* A chance MIP's day split into its heats: a lower bound and a plan (Lagrangian
 * decomposition on the stock rows).
 *
 * The heats of a day share nothing but the stock of each lot: sum_k x[i,k] <= S_i. Price
 * those rows at lambda_i >= 0 (per kg) instead of imposing them, and the day falls apart
 * into one chance MIP per heat,
 *     min sum_i (c_i + lambda_i) x[i,k]   over heat k's own rows, cones, units and rules,
 * and for every lambda >= 0 (weak duality)
 *     L(lambda) = sum_k (optimum of heat k) - sum_i lambda_i S_i  <=  the day's optimum,
 * a lower bound that sees each heat's whole units and minimums, which the day's LP
 * relaxation does not. With lambda the stock rows' duals at the relaxation's optimum, a day
 * whose heats compete little is bounded within its gap: on the demo L is 43,440,365 against
 * the relaxation's 43,431,101, and the optimum is 43,442,640 to 43,443,535 (2026-12-07).
 * Branch and bound over all heats at once closed that gap only after about 350 nodes and
 * 3.5 s: its tree multiplies the heats' choices where the split adds them up.
 *
 * Each heat's problem is small and is solved by the same code as the day (model_solve_chance
 * on a one-heat model: relaxation, first plan, branch and bound) to a tenth of the day's
 * gap; a heat stopped early counts with its proven bound, obj - gap |obj|, which is still a
 * lower bound.
 *
 * The heats' own optima seldom make a plan together: at the stock's prices every heat is
 * content with a lot the others want too (on the demo ten lots were over-used). So plans
 * are built heat by heat as well, each heat solved on the stock the others leave it:
 *   - in order, at the stock's prices (a heat early in the day takes what it needs, and
 *     the prices keep it from taking what later heats need more);
 *   - then in sweeps at the real prices, each heat re-solved with the others' charges
 *     fixed: a sweep never makes the day dearer, as each heat's last charge is still open
 *     to it (block coordinate descent).
 * Every plan so built meets every rule and cone of its heat and the stock of the day. The
 * last is re-solved once as a whole, its units and binaries fixed, so that the heats share
 * the continuous lots as the day's LP would (chance_heur_fix). A plan within the gap of L
 * is proven and branch and bound is not needed: the demo in 1 s where the search took 3.5
 * (43,443,701 against L 43,440,304, 7.8e-5; 2026-12-07). A plan still far from L goes to
 * a search of the day on the materials the heats' solves charged (chance_heur_sub: the floor
 * day from 3.3e-3 to 9.4e-4 above L). Otherwise the best plan and L go
 * on to the search: the plan as its first incumbent, L to stop it as soon as an incumbent
 * comes within the gap of it (model.lag_bound). */
#include <math.h>
#include <stdlib.h>

#include "chance.h"

/* Each heat is solved to this share of the day's relative gap, so that the heats' own
 * gaps, summed, cost the bound at most this share of it. */
#define LAG_GAP_SHARE 0.1
/* Sweeps at most, and a sweep that saves less than this share of the gap is the last. */
#define LAG_SWEEPS 3
#define LAG_SWEEP_GAIN 0.1
/* The plan left after the sweeps goes to chance_heur_sub when it is more than this many
 * gaps above the bound: nearer, the day's full search from it did better (the furnace
 * day, 2.8 gaps: the restricted search found nothing in 17 s). */
#define LAG_SUB_GAPS 10

struct lag {
	struct model *m;
	const struct chance *c;
	double confidence;
	bool as_analyzed;
	double *price;   /* [nm] the stock's prices, JPY per kg */
	double *zero;    /* [nm] none */
	double *left;    /* [nm] stock the plan being built leaves, kg */
	double *col;     /* [ncol_base + 1] the plan being built, a value per column */
	char *seen;      /* [nh * nm] material i charged into heat k by a heat's solve */
	double deadline; /* plan_now() by which it gives up */
	double heat_end; /* by which the heat being solved must be */
};

/* The heat k of a pass over the heats gets an even share of the time left. */
static void lag_share(struct lag *l, size_t k)
{
	double now = plan_now();
	l->heat_end = now + (l->deadline - now) / (double)(l->m->nh - k);
}

static bool lag_out(const struct lag *l)
{
	return l->m->stopped || plan_now() >= l->deadline;
}

/* Heat k's model, its stock priced at price and limited to left (NULL: the day's), with
 * the day's options. */
static int lag_model(struct model *s, const struct lag *l, size_t k, const double *price,
                     const double *left, struct rm_error *err)
{
	const struct model *m = l->m;
	/* The day's options (split cones, sifting, tolerance, rounds, time limit, progress)
	 * but a share of its gap, the heat's deadline, and no polish, iteration limit or
	 * heuristic switched off, which the day's solve never has here. */
	struct model_opts o = m->opt;
	o.mip_gap = m->opt.mip_gap * LAG_GAP_SHARE;
	o.rounds_stop = true;
	o.deadline = fmin(l->deadline, l->heat_end);
	o.chance_polish = false;
	o.it_lim = 0;
	o.heur_off = false;
	if (model_build(s, m->p, &m->heats[k], 1, &o, err) < 0)
		return -1;
	model_share_clock(s, m);
	for (size_t i = 0; i < m->nm; i++) {
		int j = model_col(s, 0, i);
		if (price[i] > 0)
			glp_set_obj_coef(s->lp, j,
			                 glp_get_obj_coef(s->lp, j) + price[i] * model_unit(s, i));
		if (left && s->avail_row[i])
			model_row_bounds(s, s->avail_row[i], GLP_UP, 0, fmax(0, left[i]));
	}
	return 0;
}

/* Column js of the one-heat model s as column j of the plan being built (whole units and
 * binaries rounded off the simplex's noise). */
static void lag_take(struct lag *l, const struct model *s, int j, int js)
{
	double v = model_colval(s, js);
	l->col[j] = glp_get_col_kind(s->lp, js) != GLP_CV ? floor(v + 0.5) : v;
}

/* Solves heat k alone (stock priced at price, limited to l->left when `limited`): its
 * lower bound into *bound, its charge into l->col, and taken from l->left. 1 done, 0 none
 * (infeasible alone, or stopped before a plan), -1 with l->c->err set. */
static int lag_heat(struct lag *l, size_t k, const double *price, bool limited, double *bound)
{
	struct model *m = l->m, s;
	if (lag_model(&s, l, k, price, limited ? l->left : NULL, l->c->err) < 0)
		return -1;
	int st = model_solve_chance(&s, l->confidence, l->as_analyzed, l->c->err);
	m->stopped |= s.stopped;
	int rc = st < 0 && st != MODEL_STOPPED ? -1 : 0;
	double obj = model_obj(&s), gap = s.mip ? s.mip_gap_found : 0;
	if ((st == GLP_OPT || (st == GLP_FEAS && s.mip)) && isfinite(obj) && isfinite(gap)) {
		*bound = obj - gap * fabs(obj);
		rc = 1;
		/* The heat's columns in the day's model: its materials, and their binaries. */
		for (size_t i = 0; i < m->nm; i++) {
			lag_take(l, &s, model_col(m, k, i), model_col(&s, 0, i));
			if (s.bin_col[i] && m->bin_col[k * m->nm + i])
				lag_take(l, &s, m->bin_col[k * m->nm + i], s.bin_col[i]);
		}
		for (size_t i = 0; i < m->nm; i++) {
			l->left[i] -= model_x(&s, 0, i);
			if (model_x(&s, 0, i) > 0)
				l->seen[k * m->nm + i] = 1;
		}
	}
	model_free(&s);
	return rc;
}

/* The plan in l->col kept as m's when it is the best so far (its cost from m's costs). */
static int lag_keep(struct lag *l)
{
	struct model *m = l->m;
	double obj = 0;
	for (int j = 1; j <= m->ncol_base; j++)
		obj += glp_get_obj_coef(m->lp, j) * l->col[j];
	return chance_heur_keep(m, l->col, obj) < 0
	           ? rm_error_set(l->c->err, NULL, 0, 0, "out of memory")
	           : 0;
}

static void lag_stock(struct lag *l)
{
	for (size_t i = 0; i < l->m->nm; i++)
		l->left[i] = l->m->p->inv->m[i].mass_kg;
}

/* The best plan so far (m->heur_col) as the plan being built, and the stock it leaves. */
static void lag_load(struct lag *l)
{
	struct model *m = l->m;
	for (int j = 1; j <= m->ncol_base; j++)
		l->col[j] = m->heur_col[j];
	lag_stock(l);
	for (size_t k = 0; k < m->nh; k++)
		for (size_t i = 0; i < m->nm; i++)
			l->left[i] -= l->col[model_col(m, k, i)] * model_unit(m, i);
}

/* Whether the heats' charges in l->col fit the stock. */
static bool lag_fits(const struct lag *l)
{
	for (size_t i = 0; i < l->m->nm; i++)
		if (l->left[i] < -CHANCE_TOL * fmax(1, l->m->p->inv->m[i].mass_kg))
			return false;
	return true;
}

/* The heats one by one on the stock left, at price: 1 a plan in l->col, 0 none, -1. */
static int lag_pass(struct lag *l, const double *price, bool sweep)
{
	struct model *m = l->m;
	int rc = 1;
	if (!sweep)
		lag_stock(l);
	size_t k = 0;
	for (; rc > 0 && k < m->nh && !lag_out(l); k++) {
		/* A sweep gives heat k back its own charge before solving it again. */
		for (size_t i = 0; sweep && i < m->nm; i++)
			l->left[i] += l->col[model_col(m, k, i)] * model_unit(m, i);
		double b;
		lag_share(l, k);
		rc = lag_heat(l, k, price, true, &b);
		/* Each heat of a sweep leaves a whole plan: it may be proven already. */
		if (sweep && rc > 0 && lag_keep(l) < 0)
			return -1;
		if (sweep && rc > 0 && chance_lag_proven(m))
			return 1;
	}
	if (rc <= 0 || k < m->nh)
		return rc < 0 ? -1 : 0;
	return lag_keep(l) < 0 ? -1 : 1;
}

/* Pass 1: every heat alone at the stock's prices; the bound into m->lag_bound. */
static int lag_bound(struct lag *l)
{
	struct model *m = l->m;
	double bound = 0;
	for (size_t i = 0; i < m->nm; i++)
		if (m->avail_row[i])
			bound -= l->price[i] * m->p->inv->m[i].mass_kg;
	lag_stock(l);
	int rc = 1;
	size_t k = 0;
	for (; rc > 0 && k < m->nh && !lag_out(l); k++) {
		double b = NAN;
		lag_share(l, k);
		rc = lag_heat(l, k, l->price, false, &b);
		bound += b;
	}
	if (rc <= 0 || k < m->nh)
		return rc < 0 ? -1 : 0;
	m->lag_bound = bound;
	/* The heats' own optima fit the stock together: that is a plan too. */
	return lag_fits(l) && lag_keep(l) < 0 ? -1 : 1;
}

/* A plan first (the ordered pass), then the bound (every heat alone), then sweeps from the
 * best plan: a day too big to finish in the time still gets its plan, the first thing a
 * time limit needs. */
static int lag_run(struct lag *l)
{
	struct model *m = l->m;
	int rc = lag_pass(l, l->price, false);
	if (rc < 0 || (rc = lag_bound(l)) < 0)
		return -1;
	if (!m->heur_col || chance_lag_proven(m) || lag_out(l))
		return 0;
	lag_load(l);
	for (int sw = 0; sw < LAG_SWEEPS && !chance_lag_proven(m); sw++) {
		double before = m->heur_obj;
		if ((rc = lag_pass(l, l->zero, true)) <= 0)
			return rc < 0 ? -1 : 0;
		if (before - m->heur_obj < LAG_SWEEP_GAIN * m->opt.mip_gap * fabs(before))
			break;
	}
	if (chance_lag_proven(m) || lag_out(l))
		return 0;
	if (chance_heur_fix(m, l->c, l->col, l->confidence, l->as_analyzed) < 0)
		return -1;
	/* Still far from the bound: the day's own search on the materials the heats chose,
	 * for half of what the whole solve has left (the full search that follows found
	 * nothing better in it on the floor day), or the heats' own time without a limit. */
	double now = plan_now(),
	       end = m->opt.deadline > 0 ? now + (m->opt.deadline - now) / 2 : l->deadline;
	if (chance_lag_proven(m) || m->stopped || now >= end ||
	    m->heur_obj - m->lag_bound <= LAG_SUB_GAPS * m->opt.mip_gap * fabs(m->heur_obj))
		return 0;
	return chance_heur_sub(m, l->c, l->seen, end, l->confidence, l->as_analyzed) < 0 ? -1 : 0;
}

int chance_lag(struct model *m, const struct chance *c, double confidence, bool as_analyzed,
               double budget_s)
{
	double t0 = plan_now();
	struct lag l = {m,
	                c,
	                confidence,
	                as_analyzed,
	                calloc(m->nm + 1, sizeof *l.price),
	                calloc(m->nm + 1, sizeof *l.zero),
	                calloc(m->nm + 1, sizeof *l.left),
	                calloc((size_t)m->ncol_base + 1, sizeof *l.col),
	                calloc(m->nh * m->nm + 1, 1),
	                t0 + budget_s,
	                t0};
	if (m->opt.deadline > 0)
		l.deadline = fmin(l.deadline, m->opt.deadline);
	int rc = l.price && l.zero && l.left && l.col && l.seen
	             ? 0
	             : rm_error_set(c->err, NULL, 0, 0, "out of memory");
	/* Any prices >= 0 give a bound; the relaxation's stock duals give a good one. */
	for (size_t i = 0; !rc && i < m->nm; i++)
		if (m->avail_row[i])
			l.price[i] = fmax(0, -glp_get_row_dual(m->lp, m->avail_row[i]));
	if (!rc)
		rc = lag_run(&l);
	m->mip_time_s += plan_now() - t0;
	free(l.price);
	free(l.zero);
	free(l.left);
	free(l.col);
	free(l.seen);
	return rc < 0 ? -1 : 0;
}

bool chance_lag_proven(const struct model *m)
{
	return m->heur_col && isfinite(m->lag_bound) &&
	       m->heur_obj - m->lag_bound <= m->opt.mip_gap * fabs(m->heur_obj);
}
