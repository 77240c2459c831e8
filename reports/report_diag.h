/* report_diag: what the reports say about heats without a charge (solver/diagnose/diagnose.c):
 * why, the limits that conflict, the closest charge, and what would fix it.
 * Rendering only, like the rest of reports/. */
#ifndef REPORT_DIAG_H
#define REPORT_DIAG_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "plan.h"
#include "plant.h"

/* Fields of an unplanned heat's JSON object hj: cause, an empty charge (FORMATS.md fields
 * stay present: nothing is charged, cost 0), conflict, fallback and fixes. */
void report_json_unplanned(cJSON *hj, const struct plant *p, const struct plan *pl, size_t h);
/* Top-level fields of an infeasible plan: planned_heats, planned_cost, and
 * diagnosis_complete (false when its whole-unit searches ran out of time). */
void report_json_diag_top(cJSON *root, const struct plan *pl);
/* The plain sentences of an unplanned heat in the text report. */
void report_text_diag(FILE *f, const struct plant *p, const struct plan *pl, size_t h);

#endif
