/* report_estimate: remelt estimate's output: per lot and element the prior and the posterior
 * mean and sd with the heats the lot entered, and per source and element the calibrated
 * error; text for people, JSON for machines (README "Learning the lots' compositions"). */
#ifndef REPORT_ESTIMATE_H
#define REPORT_ESTIMATE_H

#include <stdio.h>

#include "estimate.h"
#include "report.h"

int report_estimate(FILE *f, enum report_format fmt, const struct actual_set *s,
                    const struct estimate *est, struct rm_error *err);

#endif
