/* tui_view: what the screens show, worked out from the state without drawing, so that the
 * draw functions stay thin and the tests can check the content without a terminal. */
#ifndef TUI_VIEW_H
#define TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "tui_state.h"

/* A material in a heat's charge now or in the saved plan's charge of the same heat. */
struct tui_charge_row {
	size_t mat;
	double kg;      /* now, 0 when it left the charge */
	double base_kg; /* in the saved plan; NAN when the saved plan has no charge for the heat */
};

/* The rows of heat h's charge, in inventory order; rows needs room for every material. */
size_t tui_charge_rows(const struct tui_state *st, size_t h, struct tui_charge_row *rows);
/* Elements the grade of heat h limits (spec min or max), in element order; out needs room
 * for every element. */
size_t tui_heat_elems(const struct tui_state *st, size_t h, size_t *out);
const struct plan_bind *tui_bind_of(const struct plan_heat *ph, size_t e);

/* The windows of one element: spec and internal, wt%, NAN where open. */
struct tui_window {
	double smin, smax, ilo, ihi;
};

/* Value v drawn in width characters against its windows: '-' inside the internal window,
 * ':' in the margin between the internal and the spec window, '.' outside the spec, '='
 * within band of v (its uncertainty; 0 or NAN: none), '[' and ']' on the spec limits and '*'
 * on the value ('<' or '>' at an end when it falls off the scale). */
void tui_gauge(char *buf, size_t width, double v, double band, const struct tui_window *w);

/* Below this many columns the plan screen abbreviates (tui_heat_status, the heat list). */
#define TUI_WIDE_COLS 100

/* The status of heat h in the heat list, beside its P(in spec) (reports/report_risk.c):
 * "5 limits bind, 99.1% in spec", at fewer than TUI_WIDE_COLS columns "5 bind 99.1%";
 * "NO PLAN" (or "NO PLAN (shared)") without a charge. */
void tui_heat_status(const struct tui_state *st, size_t h, char *buf, size_t n);
/* The furnace of heat h ("-" when none). */
const char *tui_heat_furnace(const struct tui_state *st, size_t h);
/* The furnace and, in a furnace sequence (heats.csv sequence), the heat's place in it:
 * "F1:2"; else as tui_heat_furnace. Into buf, which it returns. */
const char *tui_heat_place(const struct tui_state *st, size_t h, char *buf, size_t n);
/* What heat h's heel is, for the charge pane: "heel" (the furnace's), or "from H03" when it
 * is the bath the heat before it in the sequence leaves, as planned. Into buf. */
const char *tui_heel_from(const struct tui_state *st, size_t h, char *buf, size_t n);
/* The heel of heat h's furnace: kg into kg and its share of the bath (0..1) into share;
 * false when the heat has no furnace. */
bool tui_heel(const struct tui_state *st, size_t h, char *kg, size_t n, double *share);
/* The kg cell of a charge row, at most width characters: whole units as the reports write
 * them ("4 x 400 kg", report_units_text) when the material has unit_kg and they fit, else
 * kg with one decimal. */
void tui_charge_kg(const struct tui_state *st, const struct tui_charge_row *r, char *buf, size_t n,
                   size_t width);

/* Line k of the diagnosis of an unplanned heat h; false past the last line. */
bool tui_diag_line(const struct tui_state *st, size_t h, size_t k, char *buf, size_t n);

/* 5 Actual (tui_view_actual.c): row k of the recorded heats ("H01 6063 1f04a525 25,807 /
 * 25,940 93.4% (96.4%) 3 OUTSIDE": charged / planned kg, real (assumed) metal yield); line j of
 * heat k's detail (a header, each element planned +- sd against the analysis, then the materials
 * whose weighed kg differ from the booking), false past the last; the elements of heat h outside
 * the 95% interval. */
struct actual_heat;
void tui_actual_row(const struct tui_state *st, size_t k, char *buf, size_t n);
bool tui_actual_line(const struct tui_state *st, size_t k, size_t j, char *buf, size_t n);
size_t tui_actual_outside(const struct actual_heat *h);

/* "0.315", or "-" for NAN. */
void tui_fmt_limit(char *buf, size_t n, double v);
/* "+1,234.5" / "-12" / "" for a change below half the last decimal. */
void tui_fmt_delta(char *buf, size_t n, double d, int decimals);

#endif
