/* reports: a plan rendered for people (text) and machines (CSV, JSON per FORMATS.md).
 * Rendering only: these functions read the plant and the plan and write to the stream they
 * are given; they never solve, never exit. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "plan.h"
#include "plant.h"
#include "rm_error.h"

/* REPORT_SHEET: printable floor sheets, one page per heat (report_footprint.h). */
enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON, REPORT_SHEET };

/* Parses "text", "csv", "json" or "sheet"; -1 otherwise. */
int report_format_parse(const char *s, enum report_format *out);
int report_plan(FILE *f, enum report_format fmt, const struct plant *p, const struct plan *pl,
                struct rm_error *err);

int report_text(FILE *f, const struct plant *p, const struct plan *pl);
int report_csv(FILE *f, const struct plant *p, const struct plan *pl);
int report_json(FILE *f, const struct plant *p, const struct plan *pl, struct rm_error *err);
/* The floor sheet of heat h alone (a page of --format sheet, under its own heading): what the
 * TUI prints. unsaved_edits > 0 marks the plan as a what-if not saved to the data files. */
int report_sheet_heat(FILE *f, const struct plant *p, const struct plan *pl, size_t h,
                      size_t unsaved_edits);

/* Shared by the renderers: the spec window of element e in heat h's grade (NAN = none). */
void report_spec(const struct plant *p, size_t h, size_t e, double *min, double *max);
/* 1234567.8 -> "1,234,567.8" with the given decimals. */
void report_num(char *buf, size_t n, double v, int decimals);
/* Risk (reports/report_risk.c): P(inside the internal window of e), NAN when unlimited. */
double report_p_window(const struct plan_heat *ph, size_t e);
struct cJSON;
void report_json_risk(struct cJSON *hj, const struct plant *p, const struct plan *pl, size_t h);
void report_json_risk_top(struct cJSON *root, const struct plan *pl);
void report_text_risk(FILE *f, const struct plan *pl, size_t h);
/* report_learning.c: plan --value-of-analysis's section on estimate --write's learning. */
void report_json_learning(struct cJSON *root, const struct plant *p, const struct plan *pl);
void report_text_learning(FILE *f, const struct plant *p, const struct plan *pl);
/* Practical rules (reports/report_rules.c). */
double report_units(const struct material *m, double kg); /* NAN without unit_kg */
/* "4 x 400 kg": kg of m in whole units, as every report and the TUI show it; "" without
 * unit_kg. Returns buf. */
const char *report_units_text(char *buf, size_t n, const struct material *m, double kg);
void report_json_item_rules(struct cJSON *o, const struct material *m, double kg);
void report_json_heat_rules(struct cJSON *hj, const struct plant *p, size_t h);
void report_json_mip(struct cJSON *root, const struct plan *pl);
void report_text_heat_rules(FILE *f, const struct plant *p, size_t h);
void report_text_mip(FILE *f, const struct plan *pl);
/* How far a plan the search stopped may be from the optimum, in words: "within 2.57% of the
 * optimum" (digits decimals), or "its gap to the optimum unknown" when gap is NAN (no bound
 * from the search itself, solve.c). Returns buf. */
const char *report_gap_words(char *buf, size_t n, double gap, int digits);
/* Material rules and quarantine (reports/report_material_rules.c): the rules of
 * material_rules.csv one a line with what they match (check); the quarantined materials
 * after lead ("quarantined, in no heat:"), one line, nothing when there are none; and the
 * plan JSON's "quarantined" list of ids (absent when none). */
void report_material_rules(FILE *f, const struct plant *p);
/* Under a heat with no plan: the rules of material_rules.csv that apply to its grade, one a
 * line with their place in the file (they may be what rules the charge out). */
void report_rules_in_force(FILE *f, const struct plant *p, size_t h);
/* The same for grade g after lead (a line, no newline); correction: the limits count what
 * a correction adds (remelt adjust), "at most 1,000 kg added", "of the additions". */
void report_rules_of_grade(FILE *f, const struct plant *p, size_t g, const char *lead,
                           bool correction);
/* lead, then the material rules rule[0..n) (indexes into p->rules), one a line. */
void report_rules_listed(FILE *f, const struct plant *p, const size_t *rule, size_t n,
                         const char *lead);
void report_quarantine(FILE *f, const struct plant *p, const char *lead);
void report_json_quarantine(struct cJSON *root, const struct plant *p);
/* The working aim of element e in heat h's grade (grades.csv aim, tolerance), or NULL; the
 * heat JSON's "aim": {"Mg": {"aim": 0.5, "tolerance": 0.05}} (absent without aims). */
const struct grade_limit *report_aim(const struct plant *p, size_t h, size_t e);
void report_json_aim(struct cJSON *hj, const struct plant *p, size_t h);
/* The heel under heat h (reports/report_heel.c). Where it came from: the heat before h in
 * its furnace's sequence when the plan (may be NULL) has it planned, else -1, the
 * furnace's; its wt% of element e; ", heat 2 of 4 in the furnace's order" ("" without a sequence).
 * report_heel_comp: "  heel wt%: Si 0.45 Fe 0.19 ..." (or "  heel from heat H03's bath,
 * wt%: ..." and the elements that differ from the furnace's heel), wrapped at 78 columns;
 * nothing without a furnace or a heel. report_json_heel: the heat's "heel" object (kg,
 * sequence, from, composition); absent without a furnace. */
long report_heel_from(const struct plant *p, const struct plan *pl, size_t h);
double report_heel_c(const struct plant *p, const struct plan *pl, size_t h, size_t e);
const char *report_seq_text(char *buf, size_t n, const struct plant *p, size_t h);
void report_heel_comp(FILE *f, const struct plant *p, const struct plan *pl, size_t h);
void report_json_heel(struct cJSON *hj, const struct plant *p, const struct plan *pl, size_t h);
/* The plan's status as FORMATS.md words it: optimal, feasible (the best plan found when the
 * time ran out), infeasible, time_limit (the time ran out before any plan). */
const char *report_status(const struct plan *pl);
/* Why there is no plan, one sentence of any length (every unplanned heat and its cause;
 * nothing for a plan): written to f, or as a string the caller frees (NULL: out of memory). */
void report_why_write(FILE *f, const struct plant *p, const struct plan *pl);
char *report_why(const struct plant *p, const struct plan *pl);
/* A cause in the reports' words: "grade limits", "lots taken by earlier heats"... and its
 * name in the plan JSON ("limits", "shared"...): the one map from cause to words. */
const char *report_cause_words(enum plan_cause c);
const char *report_cause_name(enum plan_cause c);
/* The cause as a sentence of its own, for a screen ("no charge from the whole inventory
 * meets this grade"). */
const char *report_cause_sentence(enum plan_cause c);
/* Material rule r of p in words, "P not allowed (DIR/material_rules.csv:2)", into buf. */
void report_rule_words(char *buf, size_t n, const struct plant *p, size_t r);
/* One more line of an unplanned heat's cause for a screen: a quarantined lot it needs
 * (PLAN_CAUSE_QUARANTINE, k < nquar), or the heat before it (PREDECESSOR and HEEL, k 0);
 * false when there is no such line. */
bool report_cause_line(char *buf, size_t n, const struct plant *p, const struct plan_heat *ph,
                       size_t k);
/* Line k of an unplanned heat on a screen (the TUI's 1 Plan): k 0 the cause's sentence, then
 * the material rules that block it, the quarantined lots or the heat before it, or each limit
 * that cannot be met with the best value reachable; false past the last line and for a heat
 * with a plan. */
bool report_diag_line(char *buf, size_t n, const struct plant *p, const struct plan_heat *ph,
                      size_t k);

#endif
