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

enum plan_status { PLAN_OPTIMAL, PLAN_INFEASIBLE };

struct plan_opts {
	double margin;     /* internal limits: fraction of each window, 0 <= margin < 0.5 */
	double confidence; /* 0 = element values taken as exact */
	const char *write_lp; /* if set, the model is written there in CPLEX LP format */
};

#define PLAN_DEFAULT_MARGIN 0.10

struct plan_item {
	size_t mat;
	double kg; /* charged, unrounded */
};

/* An element limit that the optimum sits on, and what moving it is worth. */
struct plan_bind {
	size_t e;
	int side;        /* -1: the minimum binds, +1: the maximum binds */
	double limit;    /* the internal limit in force, wt% */
	double saving;   /* cost saved per 0.01 wt% of relaxation (from the LP dual) */
};

/* A limit that no charge can meet (infeasible heats only). */
struct plan_diag {
	size_t e;
	int side;          /* -1 min, +1 max */
	double limit;      /* internal limit in force, wt% */
	double achievable; /* best value of the element reachable with the grade's other
			    * limits kept; NAN when those other limits already conflict */
};

struct plan_heat {
	size_t heat;
	bool feasible;  /* this heat has a charge in the plan */
	bool alone;     /* the heat could be made with the whole inventory to itself */
	double cost;
	size_t ncharge;
	struct plan_item *charge; /* in inventory order, kg > 0 */
	double *comp;             /* [nel] wt% of the tapped metal */
	double *lo, *hi;          /* [nel] internal limits in force; NAN = none */
	size_t nbind;
	struct plan_bind *bind;
	size_t ndiag;
	struct plan_diag *diag;
};

struct plan {
	enum plan_status status;
	double margin, confidence;
	double total_cost;
	size_t nel;
	size_t nheat;
	struct plan_heat *heats; /* in heats.csv order */
	size_t nmat;
	double *used;  /* [nmat] kg charged over all heats */
	double *worth; /* [nmat] cost saved by one more kg available (availability dual) */
	char why[512]; /* one sentence when the plan is infeasible */
};

int plan_solve(const struct plant *p, const struct plan_opts *o, struct plan **out,
	       struct rm_error *err);
void plan_free(struct plan *pl);

#endif
