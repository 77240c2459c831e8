#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diagnose/diag.h"
#include "model/model.h"
#include "plan.h"
#include "plan_warm_int.h"
#include "risk.h"
#include "rm_stat.h"

/* Charges below this are solver noise, not material (FORMATS.md: the 1e-6 kg level). */
#define PLAN_MIN_KG 1e-6

struct plan_opts plan_opts_default(void)
{
	return (struct plan_opts){.margin = PLAN_DEFAULT_MARGIN,
	                          .confidence = PLAN_DEFAULT_CONFIDENCE,
	                          .samples = PLAN_DEFAULT_SAMPLES,
	                          .seed = PLAN_DEFAULT_SEED,
	                          .mip_gap = PLAN_DEFAULT_MIP_GAP};
}

double plan_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Per-heat arrays of the plan; limits are copied from the model. */
static int plan_heat_alloc(struct plan_heat *ph, size_t nel, size_t nm)
{
	ph->comp = calloc(nel + 1, sizeof *ph->comp);
	ph->lo = calloc(nel + 1, sizeof *ph->lo);
	ph->hi = calloc(nel + 1, sizeof *ph->hi);
	ph->charge = calloc(nm + 1, sizeof *ph->charge);
	ph->bind = calloc(2 * nel + 1, sizeof *ph->bind);
	ph->diag = calloc(2 * nel + 1, sizeof *ph->diag);
	struct plan_risk *rk = &ph->risk;
	rk->sd = calloc(nel + 1, sizeof *rk->sd);
	rk->p_min = calloc(nel + 1, sizeof *rk->p_min);
	rk->p_max = calloc(nel + 1, sizeof *rk->p_max);
	rk->p_spec = calloc(nel + 1, sizeof *rk->p_spec);
	rk->mc_internal = rk->mc_spec = rk->p_internal = rk->p_in_spec = NAN;
	return (ph->comp && ph->lo && ph->hi && ph->charge && ph->bind && ph->diag && rk->sd &&
	        rk->p_min && rk->p_max && rk->p_spec)
	           ? 0
	           : -1;
}

/* Side (-1 min, +1 max, 0 none) on which row r is active; adds its dual to that side. */
static int solve_row_side(glp_prob *lp, int r, double *dmin, double *dmax)
{
	int st = glp_get_row_stat(lp, r);
	double dual = glp_get_row_dual(lp, r);
	int side = st == GLP_NL ? -1 : st == GLP_NU ? +1 : st == GLP_NS ? (dual > 0 ? -1 : +1) : 0;
	if (side < 0)
		*dmin += dual;
	else if (side > 0)
		*dmax += dual;
	return side;
}

/* The same from chance_newton's multipliers (m->nw_dual, nw_mu) of row r, when held, and
 * of the element's cones. */
static int solve_row_side_nw(const struct model *m, int r, size_t ke, double *dmin, double *dmax)
{
	double d = m->nw_dual[r], lo = m->nw_mu[2 * ke], hi = m->nw_mu[2 * ke + 1];
	int side = d > 0 ? -1 : d < 0 ? +1 : 0;
	if (side < 0)
		*dmin += d;
	else if (side > 0)
		*dmax += d;
	if (!isnan(lo)) {
		*dmin += lo;
		side = -1;
	}
	if (!isnan(hi)) {
		*dmax -= hi;
		side = +1;
	}
	return side;
}

/* A MIP has no duals: a limit binds when the bath sits on it; what moving it is worth is
 * not known (NAN). */
static void solve_bind_mip(const struct model *m, size_t k, struct plan_heat *ph)
{
	for (size_t e = 0; e < m->nel; e++) {
		size_t ke = k * m->nel + e;
		double tol = 1e-7 * fmax(1.0, fabs(m->hi[ke]));
		int side = fabs(ph->comp[e] - m->lo[ke]) <= tol   ? -1
		           : fabs(ph->comp[e] - m->hi[ke]) <= tol ? +1
		                                                  : 0;
		if (side)
			ph->bind[ph->nbind++] =
			    (struct plan_bind){e, side, side < 0 ? m->lo[ke] : m->hi[ke], NAN};
	}
}

/* A MIP under chance constraints: a limit binds when its cone does, mean + z sd on the limit
 * (within SOLVE_BIND_SD sd: the search's cuts meet a cone to 0.001 sd), read after the risk
 * gave each element's sd. The mean sits inside the window there, so the test on the mean
 * said "0 limits bind" of every heat. What moving it is worth is not known (NAN). */
#define SOLVE_BIND_SD 0.005
static void solve_bind_chance(struct plan *pl)
{
	double z = rm_stat_quantile(pl->confidence);
	for (size_t h = 0; h < pl->nheat; h++) {
		struct plan_heat *ph = &pl->heats[h];
		if (!ph->feasible)
			continue;
		ph->nbind = 0;
		for (size_t e = 0; e < pl->nel; e++) {
			double sd = ph->risk.sd[e];
			for (int side = -1; side <= 1; side += 2) {
				double lim = side < 0 ? ph->lo[e] : ph->hi[e];
				double tol = SOLVE_BIND_SD * sd + 1e-7 * fmax(1.0, fabs(lim));
				if (!isnan(lim) && fabs(ph->comp[e] + side * z * sd - lim) <= tol)
					ph->bind[ph->nbind++] =
					    (struct plan_bind){e, side, lim, NAN};
			}
		}
	}
}

/* Reads heat k's charge, cost, composition and binding limits from the solved model. */
static void solve_extract_heat(const struct model *m, size_t k, struct plan *pl)
{
	struct plan_heat *ph = &pl->heats[m->heats[k]];
	ph->feasible = true;
	ph->cost = 0;
	ph->ncharge = 0;
	double bath = plant_bath_kg(m->p, m->heats[k]);
	for (size_t e = 0; e < m->nel; e++) /* the heel: the furnace's, or a bath before it */
		ph->comp[e] = 100 * model_heel_kg(m, k, e);
	for (size_t i = 0; i < m->nm; i++) {
		double x = model_x(m, k, i);
		const struct material *mt = &m->p->inv->m[i];
		if (mt->unit_kg > 0) /* whole units, without branch and bound's 1e-9 noise */
			x = round(x / mt->unit_kg) * mt->unit_kg;
		if (!(x >= PLAN_MIN_KG))
			continue;
		ph->charge[ph->ncharge++] = (struct plan_item){i, x};
		ph->cost += mt->price * x;
		pl->used[i] += x;
		for (size_t e = 0; e < m->nel; e++)
			ph->comp[e] += 100 * model_coef(m, k, i, e) * x;
	}
	for (size_t e = 0; e < m->nel; e++)
		ph->comp[e] /= bath;
	ph->nbind = 0;
	/* A plan kept from outside the LP's optimum (chance_backoff.c) has no duals either;
	 * chance_newton's has its multipliers (nw_dual, nw_mu). */
	if (m->mip || (m->heur_plan && !m->nw_dual)) {
		solve_bind_mip(m, k, ph);
		return;
	}
	for (size_t e = 0; e < m->nel; e++) {
		int r = m->elem_row[k * m->nel + e];
		if (!r)
			continue;
		double dual[2] = {0, 0}; /* summed over the limit's row and its chance cuts */
		int side = 0;
		if (m->heur_plan && m->nw_dual) {
			side = solve_row_side_nw(m, r, k * m->nel + e, &dual[0], &dual[1]);
			goto bind;
		}
		side = solve_row_side(m->lp, r, &dual[0], &dual[1]);
		for (size_t c = 0; c < m->ncut; c++)
			if (!m->cut[c].piece && m->cut[c].k == k && m->cut[c].e == e &&
			    solve_row_side(m->lp, m->cut[c].row, &dual[0], &dual[1]))
				side = m->cut[c].side;
		for (size_t c = 0; c < m->ncone; c++)
			if (m->cone[c].k == k && m->cone[c].e == e &&
			    solve_row_side(m->lp, m->cone[c].r0, &dual[0], &dual[1]))
				side = m->cone[c].side;
	bind:
		if (!side)
			continue;
		double lim = side < 0 ? m->lo[k * m->nel + e] : m->hi[k * m->nel + e];
		/* dual: cost per kg of element bound; 0.01 wt% of the heat is mass/1e4 kg. */
		double d = side < 0 ? dual[0] : dual[1];
		ph->bind[ph->nbind++] = (struct plan_bind){e, side, lim, fabs(d) * bath / 1e4};
	}
}

/* A lot's worth from chance_newton's multipliers: 0 where its stock row is not held. */
static double solve_worth_nw(const struct model *m, int r)
{
	return isnan(m->nw_dual[r]) ? 0 : -m->nw_dual[r];
}

static void solve_extract(const struct model *m, struct plan *pl)
{
	for (size_t k = 0; k < m->nh; k++)
		solve_extract_heat(m, k, pl);
	pl->total_cost = 0;
	for (size_t k = 0; k < m->nh; k++)
		pl->total_cost += pl->heats[m->heats[k]].cost;
	for (size_t i = 0; i < m->nm; i++)
		if (m->avail_row[i])
			/* the Newton plan's multipliers; a back-off plan (chance_backoff.c) has
			 * none */
			pl->worth[i] = m->mip ? NAN
			               : m->heur_plan && m->nw_dual
			                   ? solve_worth_nw(m, m->avail_row[i])
			               : m->heur_plan ? NAN
			                              : -glp_get_row_dual(m->lp, m->avail_row[i]);
	pl->mip = m->mip;
	pl->mip_time_limit_hit = m->mip_time_limit_hit;
	pl->mip_time_s = m->mip_time_s;
	/* GLPK's gap is DBL_MAX while its search has no plan of its own: not a number to report
	 * (a feasible plan from elsewhere with that gap read as infinity in JSON). */
	pl->mip_gap = m->mip_gap_found < DBL_MAX ? m->mip_gap_found : NAN;
	pl->mip_by_heats = m->lag_proven;
}

struct plan *plan_alloc(const struct plant *p, const struct plan_opts *o)
{
	struct plan *pl = calloc(1, sizeof *pl);
	if (!pl)
		return NULL;
	pl->margin = o->margin;
	pl->confidence = o->confidence;
	pl->as_analyzed = o->as_analyzed;
	pl->cost_if_analyzed = NAN;
	pl->samples = o->samples;
	pl->seed = o->seed;
	pl->nel = p->els.n;
	pl->nheat = p->heats->n;
	pl->nmat = p->inv->n;
	pl->cost_before_estimate = NAN;
	pl->heats = calloc(pl->nheat + 1, sizeof *pl->heats);
	pl->used = calloc(pl->nmat + 1, sizeof *pl->used);
	pl->worth = calloc(pl->nmat + 1, sizeof *pl->worth);
	int bad = !pl->heats || !pl->used || !pl->worth;
	for (size_t h = 0; !bad && h < pl->nheat; h++) {
		pl->heats[h].heat = h;
		pl->heats[h].cost_before_estimate = NAN;
		bad = plan_heat_alloc(&pl->heats[h], pl->nel, pl->nmat);
	}
	if (bad) {
		plan_free(pl);
		return NULL;
	}
	return pl;
}

/* Copies the internal limits in force into the plan, feasible or not. */
static void solve_limits(const struct model *m, struct plan *pl)
{
	for (size_t k = 0; k < m->nh; k++) {
		struct plan_heat *ph = &pl->heats[m->heats[k]];
		memcpy(ph->lo, m->lo + k * m->nel, m->nel * sizeof *ph->lo);
		memcpy(ph->hi, m->hi + k * m->nel, m->nel * sizeof *ph->hi);
	}
}

bool plan_margin_ok(double margin)
{
	return margin >= 0 && margin < 0.5;
}

bool plan_confidence_ok(double confidence)
{
	return confidence == 0 || (confidence >= 0.5 && confidence <= PLAN_MAX_CONFIDENCE);
}

int plan_check_margin_confidence(double margin, double confidence, struct rm_error *err)
{
	if (!plan_margin_ok(margin))
		return rm_error_set(err, NULL, 0, 0, "margin %g must be in [0, 0.5)", margin);
	if (!plan_confidence_ok(confidence))
		return rm_error_set(err, NULL, 0, 0,
		                    "confidence %g must be 0 (off) or in [0.5, %g]", confidence,
		                    PLAN_MAX_CONFIDENCE);
	return 0;
}

/* The deadline of the whole solve: o's, or time_limit_s from now, whichever comes first. */
double solve_deadline(const struct plan_opts *o)
{
	double deadline = o->deadline;
	if (o->time_limit_s > 0)
		deadline = fmin(deadline > 0 ? deadline : INFINITY, plan_now() + o->time_limit_s);
	return deadline;
}

void solve_model_opts(struct model_opts *mo, const struct plan_opts *o, double deadline)
{
	mo->margin = o->margin;
	mo->mip_gap = o->mip_gap;
	/* Split cones on sifted columns: a day's chance-constrained charge in a few dozen
	 * rounds (chance_cone.c, chance_sift.c). A MIP's relaxation too; its branch and bound
	 * then runs on whole cones and every column (chance_whole), as split cones made every
	 * node dearer (the demo's search: 8.8 s instead of 2.4 s, 2026-11-29). */
	mo->split_cones = true;
	mo->chance_sift = true;
	mo->rounds_stop = true;
	mo->backoff = true;
	mo->newton = true;
	mo->max_rounds = o->max_rounds;
	/* The time limit bounds the whole solve: every simplex, round of cuts and branch and
	 * bound ends by the deadline, not each one after its own time limit. */
	if (deadline > 0) {
		mo->deadline = deadline;
		mo->time_limit_ms = 0;
	}
	mo->progress = o->progress;
	mo->progress_info = o->progress_info;
}

int solve_model_read(struct model *m, const struct plan_opts *o, int st, struct plan *pl,
                     struct rm_error *err)
{
	int rc = 0;
	if (st < 0 && st != MODEL_STOPPED)
		rc = (err && err->msg[0])
		         ? -1
		         : rm_error_set(err, NULL, 0, 0, "GLPK failed to solve the model");
	pl->time_limit_s = o->time_limit_s;
	pl->ncuts = m->ncut_added;
	pl->mip = m->mip;
	pl->stopped = m->stopped;
	pl->rounds_out = m->rounds_out;
	pl->mip_time_s = m->mip_time_s;
	if (!rc) {
		solve_limits(m, pl);
		if (st == GLP_OPT || (st == GLP_FEAS && (m->mip || m->heur_plan))) {
			pl->status = PLAN_OPTIMAL;
			solve_extract(m, pl);
		} else if (st == GLP_NOFEAS) {
			pl->status = PLAN_INFEASIBLE;
			pl->total_cost = NAN;
		} else if (st == MODEL_STOPPED) {
			pl->status = PLAN_TIME_LIMIT;
			pl->total_cost = NAN;
		} else {
			rc = rm_error_set(err, NULL, 0, 0, "GLPK ended with status %d", st);
		}
	}
	return rc;
}

int solve_plan_risk(const struct plant *p, const struct plan_opts *o, double deadline,
                    struct plan *pl, struct rm_error *err)
{
	int rc = 0;
	if (pl->status == PLAN_OPTIMAL)
		rc = risk_compute(p, pl, deadline, err);
	if (!rc && pl->status == PLAN_OPTIMAL && (pl->mip || pl->mip_time_limit_hit) &&
	    o->confidence > 0)
		solve_bind_chance(pl);
	return rc;
}

/* Without a time limit, a chance-constrained solve stops 60 s after its model is built,
 * with the plan it has: the LP's cutting planes (a GLPK cycle on the tangents' degenerate
 * rows never ended; chance_backoff.c makes their plan), and a MIP's heats and branch and
 * bound together, which with 60 s for each search ran to 78 s on data/examples/floor-day. */
void solve_default_deadline(struct model *m, const struct plan_opts *o, double deadline)
{
	if (deadline > 0 || !(o->confidence > 0))
		return;
	model_with_deadline(m, plan_now() + MODEL_DEFAULT_TIME_LIMIT_MS / 1000.0);
}

/* The risk's Monte Carlo runs after the solve and by the same deadline: the solve leaves it
 * this share of the time left, at most what its draws need at SOLVE_RISK_DRAW_S each (a
 * normal and its tests, with room for a loaded machine), so that a search stopped by the
 * clock still has its plan's risk checked. */
#define SOLVE_RISK_SHARE 0.02
#define SOLVE_RISK_DRAW_S 5e-8
static double solve_risk_reserve(const struct plant *p, const struct plan_opts *o, double deadline)
{
	if (!(deadline > 0) || !o->samples)
		return 0;
	double need =
	    (double)o->samples * (double)p->heats->n * (double)p->els.n * SOLVE_RISK_DRAW_S;
	return fmin(need, SOLVE_RISK_SHARE * fmax(0, deadline - plan_now()));
}

int solve_day_keep(const struct plant *p, const struct plan_opts *o, double deadline,
                   struct plan *pl, struct model *keep, struct rm_error *err)
{
	size_t *all = malloc((p->heats->n + 1) * sizeof *all);
	if (!all)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	for (size_t h = 0; h < p->heats->n; h++)
		all[h] = h;
	struct model m;
	struct model_opts mo = model_opts_default(o->margin);
	solve_model_opts(&mo, o, deadline > 0 ? deadline - solve_risk_reserve(p, o, deadline) : 0);
	int rc = model_build(&m, p, all, p->heats->n, &mo, err);
	free(all);
	if (!rc) {
		solve_default_deadline(&m, o, deadline);
		model_start_clock(&m);
	}
	if (!rc && o->write_lp)
		rc = model_write_lp(&m, o->write_lp, err);
	int st = rc ? 0 : model_solve_chance(&m, o->confidence, o->as_analyzed, err);
	if (!rc)
		rc = solve_model_read(&m, o, st, pl, err);
	if (keep)
		keep->lp = NULL;
	/* the caller's to re-solve warm (plan_warm.c): an LP with a plan */
	if (!rc && keep && pl->status == PLAN_OPTIMAL && !m.mip && !m.nseq)
		*keep = m;
	else
		model_free(&m);
	if (!rc)
		rc = solve_plan_risk(p, o, deadline, pl, err);
	return rc;
}

/* Solves every heat of p into pl (allocated for p) by deadline; no diagnosis. */
static int solve_day(const struct plant *p, const struct plan_opts *o, double deadline,
                     struct plan *pl, struct rm_error *err)
{
	return solve_day_keep(p, o, deadline, pl, NULL, err);
}

int plan_solve(const struct plant *p, const struct plan_opts *o, struct plan **out,
               struct rm_error *err)
{
	return plan_solve_keep(p, o, out, NULL, err);
}

int plan_solve_keep(const struct plant *p, const struct plan_opts *o, struct plan **out,
                    struct model *keep, struct rm_error *err)
{
	if (keep)
		keep->lp = NULL;
	rm_error_clear(err);
	if (!p->heats)
		return rm_error_set(err, NULL, 0, 0, "no heats to plan");
	if (plan_check_margin_confidence(o->margin, o->confidence, err) < 0)
		return -1;
	struct plan *pl = plan_alloc(p, o);
	if (!pl)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	/* GLPK says nothing while we solve, and as much as it said before once we are done:
	 * its terminal switch is the process's, not ours to keep */
	int term = glp_term_out(GLP_OFF);
	double deadline = solve_deadline(o);
	int rc = solve_day_keep(p, o, deadline, pl, keep, err);
	if (!rc && pl->status == PLAN_INFEASIBLE)
		rc = solve_diagnose(p, o, pl, deadline, err);
	glp_term_out(term);
	if (rc) {
		if (keep && keep->lp)
			model_free(keep);
		plan_free(pl);
		return -1;
	}
	*out = pl;
	return 0;
}

/* Moves the plan of the view (heats[k] is its heat k) into pl, a plan of the whole plant. */
static void solve_unview(struct plan *sub, const size_t *heats, size_t nh, struct plan *pl)
{
	for (size_t k = 0; k < nh; k++) {
		struct plan_heat t = pl->heats[heats[k]];
		pl->heats[heats[k]] = sub->heats[k];
		pl->heats[heats[k]].heat = heats[k];
		sub->heats[k] = t;
	}
	memcpy(pl->used, sub->used, pl->nmat * sizeof *pl->used);
	memcpy(pl->worth, sub->worth, pl->nmat * sizeof *pl->worth);
	struct plan_heat *keep = pl->heats;
	double *used = pl->used, *worth = pl->worth;
	size_t nheat = pl->nheat;
	*pl = *sub;
	pl->heats = keep;
	pl->used = used;
	pl->worth = worth;
	pl->nheat = nheat;
}

int plan_solve_heats(const struct plant *p, const struct plan_opts *o, const size_t *heats,
                     size_t nh, struct plan **out, struct rm_error *err)
{
	rm_error_clear(err);
	if (!p->heats || nh == 0)
		return rm_error_set(err, NULL, 0, 0, "no heats to plan");
	if (plan_check_margin_confidence(o->margin, o->confidence, err) < 0)
		return -1;
	/* a view of the plant that holds only these heats: the model of those heats alone */
	struct heat_set hs = *p->heats;
	struct plant view = *p;
	hs.n = nh;
	hs.h = malloc((nh + 1) * sizeof *hs.h);
	struct plan *pl = plan_alloc(p, o);
	struct plan *sub = NULL;
	if (hs.h) {
		for (size_t k = 0; k < nh; k++)
			hs.h[k] = p->heats->h[heats[k]];
		view.heats = &hs;
		sub = plan_alloc(&view, o);
	}
	int rc = hs.h && pl && sub ? 0 : rm_error_set(err, NULL, 0, 0, "out of memory");
	int term = glp_term_out(GLP_OFF); /* and back as it was: see plan_solve */
	if (!rc)
		rc = solve_day(&view, o, solve_deadline(o), sub, err);
	glp_term_out(term);
	if (!rc)
		solve_unview(sub, heats, nh, pl);
	plan_free(sub);
	free(hs.h);
	if (rc) {
		plan_free(pl);
		return -1;
	}
	*out = pl;
	return 0;
}

void plan_free(struct plan *pl)
{
	if (!pl)
		return;
	for (size_t h = 0; h < pl->nheat && pl->heats; h++) {
		struct plan_heat *ph = &pl->heats[h];
		free(ph->comp);
		free(ph->lo);
		free(ph->hi);
		free(ph->charge);
		free(ph->bind);
		free(ph->diag);
		free(ph->risk.sd);
		free(ph->risk.p_min);
		free(ph->risk.p_max);
		free(ph->risk.p_spec);
	}
	free(pl->heats);
	free(pl->used);
	free(pl->worth);
	free(pl);
}
