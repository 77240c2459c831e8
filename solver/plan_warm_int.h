/* plan_warm_int: the steps of plan_solve (solve.c) that the warm re-solve (plan_warm.c)
 * shares with it, so that both read a plan out of a model the same way (private to
 * solver/). */
#ifndef PLAN_WARM_INT_H
#define PLAN_WARM_INT_H

#include "model/model.h"

/* An empty plan of p's shape under o; NULL out of memory. */
struct plan *plan_alloc(const struct plant *p, const struct plan_opts *o);
/* The deadline of the whole solve: o's, or time_limit_s from now, whichever comes first. */
double solve_deadline(const struct plan_opts *o);
/* plan_solve's options of a day's model, set in mo: margin, gap, sifting, split cones, rounds,
 * deadline, progress. */
void solve_model_opts(struct model_opts *mo, const struct plan_opts *o, double deadline);
void solve_default_deadline(struct model *m, const struct plan_opts *o, double deadline);
/* The plan of m, solved with status st (GLPK's, MODEL_STOPPED or -1), into pl: limits,
 * charges, duals, status. -1 with err set on a solver error. */
int solve_model_read(struct model *m, const struct plan_opts *o, int st, struct plan *pl,
                     struct rm_error *err);
/* A plan's risk (and a chance MIP's binding limits), once its model is read; its Monte
 * Carlo ends by deadline (0: none), with the samples drawn by then. */
int solve_plan_risk(const struct plant *p, const struct plan_opts *o, double deadline,
                    struct plan *pl, struct rm_error *err);
/* The day's solve without the diagnosis; when keep is given, an LP (no whole units,
 * binaries or sequences) that found a plan is moved there instead of freed (keep->lp NULL
 * otherwise). */
int solve_day_keep(const struct plant *p, const struct plan_opts *o, double deadline,
                   struct plan *pl, struct model *keep, struct rm_error *err);
/* plan_solve, keeping the model as solve_day_keep does (keep->lp NULL: none kept). */
int plan_solve_keep(const struct plant *p, const struct plan_opts *o, struct plan **out,
                    struct model *keep, struct rm_error *err);

#endif
