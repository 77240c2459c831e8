/* risk: the probability that a plan's heats meet their limits (solver/risk.c): per heat and
 * element under the normal model, per heat exactly and by a seeded Monte Carlo estimate.
 * Reads the plan and the plant; no GLPK. */
#ifndef RISK_H
#define RISK_H

#include "plan.h"

/* Drawn even past the deadline (a multiple of the clock reads, risk.c): a few ms on a day of 20
 * heats, and an estimate of the heat's probability to about +-1.5% (binomial s.e. at 0.5) rather
 * than none. */
#define RISK_MIN_SAMPLES 1024

/* Fills every planned heat's risk. The Monte Carlo draws pl->samples per heat, fewer when
 * the clock (plan_now) reaches deadline first (0: no deadline), but never fewer than
 * RISK_MIN_SAMPLES (or pl->samples when smaller): each heat's count is in risk.mc_samples,
 * the fewest in pl->samples_drawn. */
int risk_compute(const struct plant *p, struct plan *pl, double deadline, struct rm_error *err);

#endif
