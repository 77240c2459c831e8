/* report_actual: plan against actual for recorded heats (remelt report actual): per heat the
 * planned against the charged kg of each material, the planned composition with its sd
 * against the analysis, and the real metal yield against the assumed one; a heat whose
 * analysis lies outside its predicted interval is flagged.
 *
 * The predicted interval of an element is planned +- z * sqrt(planned_sd^2 + spark_sd^2 /
 * sparks), z the two-sided normal quantile of level: the charge's uncertainty and the
 * spectrometer's, as far as the sparks show it. */
#ifndef REPORT_ACTUAL_H
#define REPORT_ACTUAL_H

#include <stdio.h>

#include "record_actual.h"
#include "report.h"

/* Text or JSON (fmt REPORT_TEXT or REPORT_JSON) of every heat of s at level in (0, 1). */
int report_actual(FILE *f, enum report_format fmt, const struct actual_set *s, double level,
                  struct rm_error *err);

/* Whether element e of heat h lies outside its predicted interval (z: the quantile); 0 when
 * the heat was recorded without a plan's sd. *dev gets (analysed - planned) / sd, or NAN. */
int report_actual_outside(const struct actual_elem *e, double z, double *dev);

#endif
