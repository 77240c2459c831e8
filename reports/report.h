/* reports: a plan rendered for people (text) and machines (CSV, JSON per FORMATS.md).
 * Rendering only: these functions read the plant and the plan and write to the stream they
 * are given; they never solve, never exit. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "plan.h"
#include "plant.h"
#include "rm_error.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON };

/* Parses "text", "csv" or "json"; -1 otherwise. */
int report_format_parse(const char *s, enum report_format *out);
int report_plan(FILE *f, enum report_format fmt, const struct plant *p, const struct plan *pl,
		struct rm_error *err);

int report_text(FILE *f, const struct plant *p, const struct plan *pl);
int report_csv(FILE *f, const struct plant *p, const struct plan *pl);
int report_json(FILE *f, const struct plant *p, const struct plan *pl, struct rm_error *err);

/* Shared by the renderers: the spec window of element e in heat h's grade (NAN = none). */
void report_spec(const struct plant *p, size_t h, size_t e, double *min, double *max);
/* 1234567.8 -> "1,234,567.8" with the given decimals. */
void report_num(char *buf, size_t n, double v, int decimals);
/* Writes s as one CSV field (quoted when it holds a comma, quote or line break). */
void report_csv_field(FILE *f, const char *s);

#endif
