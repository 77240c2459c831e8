/* solver: the least-cost charge model of FORMATS.md on GLPK, and the plan it returns.
 *
 * x[i,h] = kg of material i charged into heat h. Per heat: tapped metal = heat mass, each
 * limited element inside its (internal) window; per lot: the heats together use at most its
 * mass. Minimise the cost of everything charged.
 *
 * Ownership: plan_solve returns a plan the caller frees with plan_free. A plan refers to the
 * plant it was solved from by index (material, heat, element): keep the plant alive while
 * the plan is used. glp_prob never leaves this module. */
#ifndef PLAN_H
#define PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "plant.h"
#include "rm_error.h"

/* OPTIMAL: a plan (proven within the gap, or the best found when the time ran out:
 * plan.mip_time_limit_hit); INFEASIBLE: no plan meets the specs, proven; TIME_LIMIT: the
 * time ran out before any plan was found (nothing is known about the specs). */
enum plan_status { PLAN_OPTIMAL, PLAN_INFEASIBLE, PLAN_TIME_LIMIT };

/* Where a solve stands, for a screen that shows it (plan_opts.progress). */
struct plan_progress {
	const char *phase; /* "cutting planes", "branch and bound" */
	long step;         /* rounds of cuts, or nodes of the search */
	double best;       /* cost of the best plan so far (NAN: none yet) */
	double bound;      /* no plan costs less (NAN: not known) */
	double gap;        /* relative gap of best to bound (NAN: none) */
	double elapsed_s;  /* since the solve started */
};
/* Called every PLAN_PROGRESS_S at most, from inside the solve (the same thread): nonzero
 * stops it, keeping the best plan found (status feasible), or none (PLAN_TIME_LIMIT with
 * plan.stopped). */
typedef int plan_progress_fn(void *info, const struct plan_progress *pr);
#define PLAN_PROGRESS_S 0.1

struct plan_opts {
	double margin;     /* internal limits: fraction of each window, 0 <= margin < 0.5 */
	double confidence; /* each limit holds with this probability; 0 = values taken as exact */
	const char *write_lp; /* if set, the model is written there in CPLEX LP format */
	bool as_analyzed;     /* take predicted and nominal lots as analysed (what-if) */
	size_t samples;       /* Monte Carlo samples for the risk check; 0 = none */
	unsigned long long seed;
	double mip_gap; /* practical rules: stop branch and bound at this relative gap */
	/* The whole solve, diagnosis included, ends by this many seconds after plan_solve
	 * starts (or by deadline); 0 = no limit but MODEL_DEFAULT_TIME_LIMIT_MS for each
	 * branch and bound. */
	double time_limit_s;
	double deadline; /* CLOCK_MONOTONIC seconds (plan_now); 0 = time_limit_s from now */
	/* Rounds of cutting planes a solve may take before it stops as out of time (status
	 * time_limit, never infeasible); 0 = CHANCE_MAX_ROUNDS. */
	int max_rounds;
	plan_progress_fn *progress; /* NULL: none */
	void *progress_info;
};

/* Whether plan_solve (and price_run) take this margin (0 <= margin < 0.5), this confidence
 * (0, or in [0.5, PLAN_MAX_CONFIDENCE]). */
bool plan_margin_ok(double margin);
bool plan_confidence_ok(double confidence);
/* Both, in the library's words: 0, or -1 with err set (plan_solve's and price_run's check;
 * the command line checks its flags first, in its own). */
int plan_check_margin_confidence(double margin, double confidence, struct rm_error *err);
/* The defaults of remelt plan: margin, confidence, Monte Carlo samples and seed, MIP gap. */
struct plan_opts plan_opts_default(void);
/* CLOCK_MONOTONIC, in seconds: the clock of plan_opts.deadline. */
double plan_now(void);

#define PLAN_DEFAULT_MARGIN 0.10
#define PLAN_DEFAULT_CONFIDENCE 0.95
#define PLAN_MAX_CONFIDENCE 0.999999
/* Branch and bound stops within this relative gap of the best bound (CPLEX's and Gurobi's
 * default). */
#define PLAN_DEFAULT_MIP_GAP 1e-4
#define PLAN_DEFAULT_SAMPLES 10000
#define PLAN_DEFAULT_SEED 1

/* How likely the heat is to land in its windows, given the uncertainty of every charged
 * material's analysis (independent normal errors, sd from inventory/uncertainty.h). */
struct plan_risk {
	double *sd;         /* [nel] sd of the tapped composition, wt% */
	double *p_min;      /* [nel] P(internal min met), NAN = no min */
	double *p_max;      /* [nel] P(internal max met), NAN = no max */
	double *p_spec;     /* [nel] P(inside the spec window), NAN = no spec limit */
	double p_internal;  /* P(every internal limit met): the product over the elements */
	double p_in_spec;   /* P(every spec limit met) */
	double mc_internal; /* Monte Carlo: P(every internal limit met), NAN if no samples */
	double mc_spec;     /* Monte Carlo: P(every spec limit met) */
	size_t mc_samples;  /* the samples behind mc_*: plan.samples, fewer when the time limit
	                     * ran out during the draws (0: none drawn, mc_* NAN) */
};

struct plan_item {
	size_t mat;
	double kg; /* charged, unrounded */
};

/* An element limit that the optimum sits on, and what moving it is worth. */
struct plan_bind {
	size_t e;
	int side;      /* -1: the minimum binds, +1: the maximum binds */
	double limit;  /* the internal limit in force, wt% */
	double saving; /* cost saved per 0.01 wt% of relaxation (from the LP dual) */
};

/* A limit that no charge can meet (infeasible heats only). */
struct plan_diag {
	size_t e;
	int side;          /* -1 min, +1 max */
	double limit;      /* internal limit in force, wt% */
	double achievable; /* best value of the element reachable with the grade's other
	                    * limits kept; NAN when those other limits already conflict */
};

/* Why a heat has no charge (solver/diagnose/diagnose.c). */
enum plan_cause {
	PLAN_CAUSE_NONE,           /* planned */
	PLAN_CAUSE_LIMITS,         /* no charge from the whole inventory meets the grade */
	PLAN_CAUSE_METAL,          /* the whole inventory holds too little metal for the heat */
	PLAN_CAUSE_SHARED,         /* possible alone, not after the heats planned before it */
	PLAN_CAUSE_UNCERTAINTY,    /* possible with the analyses taken as exact, not at the
	                            * confidence asked */
	PLAN_CAUSE_RULES,          /* the limits can be met, not within the practical charge
	                            * rules (whole units, minimum charges, furnace limits) */
	PLAN_CAUSE_STOPPED,        /* possible alone, but the plan of the heats possible alone
	                            * ran out of time or rounds (plan.diag_cut_short) */
	PLAN_CAUSE_MATERIAL_RULES, /* the limits can be met from the whole inventory, not
	                            * under the material rules (plan_heat.rule names them) */
	PLAN_CAUSE_QUARANTINE,     /* possible only with quarantined lots (plan_heat.quar) */
	PLAN_CAUSE_PREDECESSOR,    /* the heat before it in its furnace's sequence cannot be
	                            * made (or is not planned): it has no bath to sit on */
	PLAN_CAUSE_HEEL,           /* possible on the furnace's heel, not on the bath the heats
	                            * before it in the sequence leave */
};

/* A limit in a conflict, or one the fallback charge misses. */
struct plan_viol {
	size_t e;
	int side;     /* -1 min, +1 max */
	double limit; /* internal limit in force, wt% */
	double value; /* wt% the fallback reaches; NAN in a conflict list */
	double by;    /* wt% beyond the limit (>= 0); NAN in a conflict list */
};

/* More of one material on hand that would make the heat (each on its own). */
struct plan_fix {
	size_t mat;
	double extra_kg; /* the least extra stock that makes the heat, unrounded */
};

/* The least-violation charge of an impossible heat, from the whole inventory: for the
 * metallurgist to inspect, never to charge as it stands. */
struct plan_fallback {
	bool found;
	double cost;
	double violation; /* sum over limits of (wt% beyond the limit) / (the limit's scale) */
	size_t ncharge;
	struct plan_item *charge;
	double *comp; /* [nel] */
	size_t nviol;
	struct plan_viol *viol;
};

struct plan_heat {
	size_t heat;
	bool feasible; /* this heat has a charge in the plan */
	bool alone;    /* the heat could be made with the whole inventory to itself */
	double cost;
	size_t ncharge;
	struct plan_item *charge; /* in inventory order, kg > 0 */
	double *comp;             /* [nel] wt% of the tapped metal */
	double *lo, *hi;          /* [nel] internal limits in force; NAN = none */
	size_t nbind;
	struct plan_bind *bind;
	size_t ndiag;
	/* diag heads one block that also holds conflict, fix, rule and the fallback's arrays
	 * (solver/diagnose/diagnose.c packs them): freeing diag frees them all. */
	struct plan_diag *diag;
	enum plan_cause cause;
	size_t nconflict;
	struct plan_viol *conflict; /* a minimal set of the grade's limits that cannot all
	                             * hold (deletion filter), empty when metal runs short */
	size_t nfix;
	struct plan_fix *fix; /* by extra_kg, smallest first */
	size_t nrule;
	size_t *rule; /* PLAN_CAUSE_MATERIAL_RULES: a minimal set of the plant's material rules
	               * (indexes into plant.rules) without which the heat can be made: with any
	               * one of them back, it cannot (deletion filter, in file order) */
	size_t nquar;
	size_t *quar; /* PLAN_CAUSE_QUARANTINE: a minimal set of quarantined lots (material
	               * indexes) with which the heat can be made: with any one of them kept
	               * back, it cannot (deletion filter, in inventory order) */
	size_t pred;  /* PLAN_CAUSE_PREDECESSOR and _HEEL: the heat before it (plant index) */
	struct plan_fallback fallback;
	struct plan_risk risk; /* planned heats only */
	/* --value-of-analysis after estimate --write: this heat's cost with the lots' sds
	 * before it; NAN: not asked, or no charge then */
	double cost_before_estimate;
};

struct plan {
	enum plan_status status;
	double margin, confidence;
	double total_cost;
	/* --value-of-analysis after estimate --write (DIR/estimates.csv,
	 * inventory/estimate_prior.h): the same day solved again with the sds the lots had
	 * before the recorded heats taught them. est_cells: the sd cells put back, of est_lots
	 * lots (0: not asked, or none applies, and no second solve); est_stale: cells left out;
	 * est_present: estimates.csv exists; est_status: that solve's outcome;
	 * cost_before_estimate: its cost, NAN unless est_status is PLAN_OPTIMAL. */
	size_t est_cells, est_lots, est_stale;
	bool est_present;
	enum plan_status est_status;
	double cost_before_estimate;
	size_t nel;
	size_t nheat;
	struct plan_heat *heats; /* in heats.csv order */
	size_t nmat;
	double *used;  /* [nmat] kg charged over all heats */
	double *worth; /* [nmat] cost saved by one more kg available (availability dual) */
	bool as_analyzed;
	size_t samples;       /* Monte Carlo samples asked per heat */
	size_t samples_drawn; /* the fewest any planned heat drew: samples unless the time
	                       * limit cut the draws short (the risk runs by the deadline) */
	unsigned long long seed;
	size_t ncuts;            /* linear cuts the chance constraints needed */
	bool mip;                /* practical rules made the model a MIP */
	bool mip_time_limit_hit; /* the plan is the best found when time ran out */
	double mip_gap;          /* relative gap of that plan to the best bound (0 when optimal) */
	double mip_time_s;       /* spent in branch and bound (and solving the heats one by one) */
	bool mip_by_heats;       /* proven against the bound of the heats solved one by one
	                          * (chance_lag.c), not by branch and bound's own */
	double cost_if_analyzed; /* --value-of-analysis: the same day with predicted and nominal
	                          * lots analysed; NAN when not asked or infeasible */
	double planned_cost;     /* infeasible plans: cost of the heats that still got a charge */
	size_t nplanned;         /* infeasible plans: how many heats still got a charge */
	bool diag_cut_short;     /* the diagnosis's branch and bound ran out of time */
	double time_limit_s;     /* the limit asked for (0 none); with PLAN_TIME_LIMIT, the time it
	                          * stopped after */
	bool stopped;    /* the progress hook stopped the solve (PLAN_TIME_LIMIT, or a feasible
	                  * plan) */
	bool rounds_out; /* PLAN_TIME_LIMIT: the cutting planes ran out of rounds */
};

/* The day's plan under o; when no plan meets the specs, the diagnosis of every heat. */
int plan_solve(const struct plant *p, const struct plan_opts *o, struct plan **out,
               struct rm_error *err);
/* The plan of heats[0..nh) of p alone, as if the day held only them, under every option of o,
 * and no diagnosis (an infeasible subset is only PLAN_INFEASIBLE). The plan is one of the
 * whole plant: the other heats are left without a charge. */
int plan_solve_heats(const struct plant *p, const struct plan_opts *o, const size_t *heats,
                     size_t nh, struct plan **out, struct rm_error *err);
void plan_free(struct plan *pl);

/* The day's model kept after its solve, to re-solve warm after a what-if (plan_warm.c):
 * plan_warm_open solves p as plan_solve does and keeps the model of an LP day with a plan;
 * plan_warm_resolve solves p again, the same plant edited in place (or one of the same
 * shape), under o. When only prices, stocks, heat masses or the values of grade limits
 * changed, it re-optimises from the model's basis and cuts; anything else, a MIP or a day
 * with furnace sequences is solved cold. Either way the plan is plan_solve's, to the
 * cuts' tolerance. plan_warm_was_warm: the last solve was the warm one. The handle refers
 * to p: keep it alive while the handle is. plan_warm_free(NULL) does nothing. */
struct plan_warm;
int plan_warm_open(const struct plant *p, const struct plan_opts *o, struct plan_warm **w,
                   struct plan **out, struct rm_error *err);
int plan_warm_resolve(struct plan_warm *w, const struct plant *p, const struct plan_opts *o,
                      struct plan **out, struct rm_error *err);
bool plan_warm_was_warm(const struct plan_warm *w);
void plan_warm_free(struct plan_warm *w);

#endif
