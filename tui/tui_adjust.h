/* tui_adjust: the 6 Correct screen without curses: the heat selected on 1 Plan, its bath
 * mass, the sample typed element by element, and the correction of solver/adjust/adjust.h re-solved
 * at every value (and, while a value is being typed, at every keystroke that makes a number).
 *
 * Ownership: the state's adj, made on first use (tui_adj_get), freed by tui_adj_free. */
#ifndef TUI_ADJUST_H
#define TUI_ADJUST_H

#include <stdbool.h>
#include <stddef.h>

#include "adjust/adjust.h"
#include "tui_state.h"

/* A correction that took longer than this is re-solved at Enter only, not at every keystroke
 * (a big yard at a high confidence: seconds), so that typing never stalls. */
#define TUI_ADJ_LIVE_S 0.25

struct tui_adj {
	size_t heat;        /* the heat the sample is of */
	double bath_kg;     /* heel plus the heat's mass until typed */
	double *val;        /* [nel] wt% typed, NAN not yet */
	double metal_value; /* V: the heat's planned cost per kg tapped (0 when none) */
	bool value_found;
	bool value_stale; /* the plant changed since V was worked out */
	bool slow;        /* the last solve took over TUI_ADJ_LIVE_S: no re-solve per keystroke */
	bool previewing;  /* val[prev_e] holds what is being typed; prev_old what it was */
	size_t prev_e;
	double prev_old;
	struct plant_sample *sample;
	struct adjust *res; /* NULL: no correction to show (why says so) */
	char why[240];
};

/* The screen's state for the heat selected on 1 Plan, made or reset when that changed;
 * NULL out of memory. */
struct tui_adj *tui_adj_get(struct tui_state *st);
void tui_adj_free(struct tui_adj *a);
/* Elements the heat's grade limits, in element order (the screen's rows); out needs room for
 * every element. */
size_t tui_adj_elems(const struct tui_state *st, size_t *out);
/* Re-solves the correction from the values typed; says why not in a->why. */
void tui_adj_solve(struct tui_state *st);
/* Sets element e's value from text ("" = not typed), or the bath mass (e = SIZE_MAX), and
 * re-solves; -1 with why when text is not a value. */
int tui_adj_set(struct tui_state *st, size_t e, const char *text, char *why, size_t n);
/* While the input line of a sample value is open: the correction with what is typed so far
 * when it reads as a value (else the last one stands). */
void tui_adj_preview(struct tui_state *st);
/* Esc on that line: the value as it was, and its correction. */
void tui_adj_cancel(struct tui_state *st);
/* Clears the typed sample. */
void tui_adj_clear(struct tui_state *st);
/* Opens the input line for the selected element's value (TUI_ED_SAMPLE) or the bath mass
 * (TUI_ED_BATH); false on another screen. */
bool tui_adj_begin(struct tui_state *st, enum tui_field field);
/* Enter on that line: sets the value, re-solves, moves to the next element. */
void tui_adj_commit(struct tui_state *st);

#endif
