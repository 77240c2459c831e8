/* diag: the parts of the diagnosis of an infeasible plan (private to solver/).
 *
 * diagnose.c decides why each heat has no charge and calls the others:
 *   partial.c  plans the heats that can be made (greedy in heats.csv order);
 *   elastic.c  the minimal conflicting set of limits and the least-violation charge;
 *   fix.c      the least extra stock of each material that would make a heat.
 * Every LP here takes the element values as exact and relaxes the practical rules (whole
 * units, minimum charges) unless a helper says otherwise, and works on models built by
 * model_build, so the limits, furnaces and heels in force are those of the plan. */
#ifndef DIAG_H
#define DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "plan.h"

/* Violations are weighed relative to the limit's scale, never below this (wt%): a max of
 * 0 (a forbidden element) still weighs like a trace limit. */
#define DIAG_SCALE_MIN 1e-3
/* Below this (wt%) a miss is solver noise, not a violation: GLPK holds rows to about 1e-7
 * relative, and no analysis resolves 1e-6 wt%. */
#define DIAG_VIOL_TOL 1e-6
/* At most this many fixes are kept per heat, the smallest first, out of the materials
 * ranked most useful (solver/diagnose/fix.c); a quarter as many under chance constraints. */
#define DIAG_MAX_FIX 8
#define DIAG_FIX_CANDIDATES 16

/* One diagnosis, passed down to every part instead of file-scope state: the options of the
 * day's solve (the partial plan keeps them all), the time the diagnosis may take, and
 * whether any of its searches was cut short. */
struct diag_ctx {
	const struct plan_opts *o;
	double t_end;    /* every branch and bound of the diagnosis ends by this (plan_now) */
	double deadline; /* the caller's, 0 none: every solve of the diagnosis ends by it */
	bool hit;        /* a search ran out of time or rounds: the plan says so */
	bool cut;        /* the last diag_solve ran out of time or rounds before it found a
	                  * charge: "no charge" then means "not known" */
};

/* Whether the deadline has passed (0: never); when it has, the diagnosis is cut short
 * (cx->hit) and its remaining steps are skipped. */
bool diag_late(struct diag_ctx *cx);
/* Model options of a diagnosis LP (values exact, no chance constraints): every solve ends
 * by the deadline. */
struct model_opts diag_model_opts(const struct diag_ctx *cx, double margin);
/* Model options of a feasibility test under the plan's options: the day's solve's (sifting,
 * split cones, Newton, a back-off plan when the rounds stop), by the deadline, no progress
 * hook. With model_opts_default's plain cutting planes the 500-lot day's partial plan took
 * minutes, one heat of the 2,000-lot day longer than the whole day's solve. */
struct model_opts diag_solve_opts(const struct diag_ctx *cx, double margin);

/* Solves m: under the plan's chance constraints when it asks for them (from scratch),
 * else from the current basis when warm (GLPK's primal simplex after bounds or objective
 * changed), else from scratch. Returns GLP_OPT, GLP_NOFEAS... or -1 with err set. */
int diag_solve(struct diag_ctx *cx, struct model *m, const struct plan *pl, bool warm,
               struct rm_error *err);
/* Branch and bound in the diagnosis: each search at most DIAG_MIP_TIME_MS, all of them
 * together DIAG_MIP_BUDGET_MS, so that a day of whole units still gets its answer in about
 * a minute. A search out of time counts as no charge found (as in the plan itself), and
 * the plan says its diagnosis was cut short. */
#define DIAG_MIP_TIME_MS 5000.0
#define DIAG_MIP_BUDGET_MS 45000.0
/* Milliseconds a search may still take, at most most_ms (0: the budget is spent). */
double diag_mip_ms(const struct diag_ctx *cx, double most_ms);
/* Gives a MIP model the time it may take; first_found stops it at the first charge found
 * (a feasibility question). Nothing for an LP. */
void diag_mip_limits(const struct diag_ctx *cx, struct model *m, bool first_found);
/* Whether a solve found a charge: optimal, or a MIP's best when time ran out. */
bool diag_found(int st);
/* The objective value of the last solve (the MIP's when m is one). */
double diag_obj(const struct model *m);
/* The scale of a limit: the max itself; for a min, min(min, 100 - min) as --margin does. */
double diag_scale(double limit, int side);

/* A minimal set of heat h's limits that no charge from the whole inventory meets
 * together (values exact). out has room for 2 * nel entries. */
int elastic_conflict(struct diag_ctx *cx, const struct plant *p, const struct plan_heat *ph,
                     struct plan_viol *out, size_t *n, struct rm_error *err);
/* The charge of heat h, from the whole inventory, that misses its limits the least
 * (sum of relative violations), then costs the least. fb's arrays are the caller's:
 * charge[nm], comp[nel], viol[2 * nel]. fb->found is false when no charge taps the mass. */
int elastic_fallback(struct diag_ctx *cx, const struct plant *p, const struct plan_heat *ph,
                     struct plan_fallback *fb, struct rm_error *err);

/* For the limited materials ranked most useful, the least extra stock of each with which
 * the heats (the planned ones and the failing one) can all be made; out (room for
 * DIAG_MAX_FIX) gets the smallest. */
int fix_find(struct diag_ctx *cx, const struct plant *p, const struct plan *pl, const size_t *heats,
             size_t nh, struct plan_fix *out, size_t *n, struct rm_error *err);

/* Plans the heats marked possible (in heats.csv order, each kept when it still fits with
 * those kept before it) into pl with plan_solve_heats (cx's options, no diagnosis); returns
 * their indexes in planned[] and their count. In a furnace sequence the heats are tried in
 * their furnace's order, and a heat whose predecessor is not kept gets
 * PLAN_CAUSE_PREDECESSOR instead. */
int partial_plan(struct diag_ctx *cx, const struct plant *p, struct plan *pl, const bool *possible,
                 size_t *planned, size_t *np, struct rm_error *err);

/* Fills the plan's causes, numbers and per-heat diagnosis after the full model proved
 * infeasible under the options o, by CLOCK_MONOTONIC second deadline (0: its own budgets
 * only). No sentence: reports/ words the causes. */
int solve_diagnose(const struct plant *p, const struct plan_opts *o, struct plan *pl,
                   double deadline, struct rm_error *err);

#endif
