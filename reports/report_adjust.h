/* report_adjust: the correction sheet of remelt adjust, for the furnace crew (text) and for
 * machines (JSON, docs/FORMATS.md "remelt adjust"). Rendering only. */
#ifndef REPORT_ADJUST_H
#define REPORT_ADJUST_H

#include <stdio.h>

#include "adjust/adjust.h"
#include "plant.h"
#include "report.h"
#include "rm_error.h"

/* fmt: REPORT_TEXT or REPORT_JSON. */
int report_adjust(FILE *f, enum report_format fmt, const struct plant *p,
                  const struct adjust_case *c, const struct adjust *r, struct rm_error *err);
/* The additions in the order they go in: dilution first, alloying last, each by mass,
 * largest first. ord gets r->nadd indexes into r->add. */
void report_adjust_order(const struct plant *p, const struct adjust *r, size_t *ord);
/* The status word: "optimal", "infeasible", "time_limit". */
const char *report_adjust_status(const struct adjust *r);
/* Why there is no correction, one sentence. */
const char *report_adjust_why(const struct plant *p, const struct adjust *r, char *buf, size_t n);
int report_adjust_json(FILE *f, const struct plant *p, const struct adjust_case *c,
                       const struct adjust *r, struct rm_error *err);

#endif
