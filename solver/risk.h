/* risk: the probability that a plan's heats meet their limits (solver/risk.c): per heat and
 * element under the normal model, per heat exactly and by a seeded Monte Carlo estimate.
 * Reads the plan and the plant; no GLPK. */
#ifndef RISK_H
#define RISK_H

#include "plan.h"

/* Fills every planned heat's risk. */
int risk_compute(const struct plant *p, struct plan *pl, struct rm_error *err);

#endif
