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

/* Line k of the diagnosis of an unplanned heat h; false past the last line. */
bool tui_diag_line(const struct tui_state *st, size_t h, size_t k, char *buf, size_t n);

/* "0.315", or "-" for NAN. */
void tui_fmt_limit(char *buf, size_t n, double v);
/* "+1,234.5" / "-12" / "" for a change below half the last decimal. */
void tui_fmt_delta(char *buf, size_t n, double d, int decimals);

#endif
