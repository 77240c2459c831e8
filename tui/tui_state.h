/* tui_state: everything the terminal UI shows, in plain structs, and the pure functions that
 * change it. Nothing here touches the terminal: key handlers (tui_keys.c) change the state and
 * return flags, the loop (tui_term.c) solves and draws, the draw functions (tui_draw*.c) only
 * read the state. That split is what lets tests/test_tui.c drive the UI without a terminal.
 *
 * What-if edits change the loaded plant in place (the solver reads it as the CLI does) and
 * the text of the edited cell in a copy of its file (tui_table), so that saving writes back
 * exactly the edited cells. Each edit is logged with its old value for undo.
 *
 * Ownership: tui_state_new returns a state freed with tui_state_free; it owns the plant,
 * the plans and the tables. */
#ifndef TUI_STATE_H
#define TUI_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"
#include "plant.h"
#include "rm_error.h"
#include "tui_price.h"
#include "tui_table.h"

enum tui_screen {
	TUI_SCR_PLAN,
	TUI_SCR_INV,
	TUI_SCR_GRADES,
	TUI_SCR_PRICING,
	TUI_SCR_ACTUAL,
	TUI_SCR_ADJUST, /* 6 Correct: a sampled bath's correction (tui_adjust.h) */
	TUI_NSCREEN
};
enum tui_file { TUI_FILE_LOTS, TUI_FILE_ADDITIVES, TUI_FILE_GRADES, TUI_FILE_HEATS, TUI_NFILE };

/* What a what-if edit changes. */
enum tui_field {
	TUI_ED_MAT_MASS,   /* a lot's or additive's availability, kg */
	TUI_ED_MAT_PRICE,  /* per kg */
	TUI_ED_MAT_ELEM,   /* one element value of a material, wt% */
	TUI_ED_HEAT_MASS,  /* kg tapped */
	TUI_ED_HEAT_GRADE, /* the grade the heat makes */
	TUI_ED_LIM_MIN,    /* a grade's spec minimum, wt% */
	TUI_ED_LIM_MAX,
	TUI_ED_FILTER,  /* not an edit: the inventory filter typed in the same input line */
	TUI_ED_PFILTER, /* not an edit: the pricing filter */
	TUI_ED_QUOTE,   /* an offer's quote: a what-if of 4 Pricing, never saved */
	TUI_ED_RECORD,  /* not an edit: a heat's analysis, recorded as booked (tui_record.c) */
	TUI_ED_SAMPLE,  /* not an edit of the data: an element of the bath's sample, wt% */
	TUI_ED_BATH,    /* nor this: the sampled bath's mass, kg */
	TUI_ED_WEIGHED, /* not an edit: a heat's weighed kg, before its analysis (tui_record.c) */
};

enum tui_dialog { TUI_DLG_NONE, TUI_DLG_HELP, TUI_DLG_INPUT, TUI_DLG_CONFIRM };
/* FILE: lots then additives, each in file order, as the plant lists them. */
enum tui_sort {
	TUI_SORT_FILE,
	TUI_SORT_ID,
	TUI_SORT_MASS,
	TUI_SORT_PRICE,
	TUI_SORT_USED,
	TUI_NSORT
};

struct tui_edit {
	enum tui_field field;
	size_t target;       /* material, heat or grade index */
	size_t sub;          /* element (MAT_ELEM) or limit index (LIM_*) */
	double old_v, new_v; /* HEAT_GRADE: grade indexes */
	enum tui_file file;
	size_t row, col; /* the cell in the file's table */
	char *old_text, *new_text;
};

/* One element condition of the inventory filter: "Fe<0.3", "Cu>=1". */
struct tui_cond {
	size_t e;
	char op; /* '<', '>', '=', 'l' (<=), 'g' (>=) */
	double v;
};

#define TUI_MAX_COND 8
#define TUI_MAX_WORD 4
struct tui_filter {
	unsigned sources; /* bit (1 << enum mat_source); 0 = any source */
	int kind;         /* -1 any, else enum mat_kind */
	size_t ncond;
	struct tui_cond cond[TUI_MAX_COND];
	size_t nword;
	char word[TUI_MAX_WORD][48]; /* found, ignoring case, in the id or a trace value */
	char text[128];              /* as typed */
};

struct tui_input {
	enum tui_field field;
	size_t target, sub;
	char label[200];
	char buf[128];
	size_t len;
	char err[240]; /* why the last Enter was refused; the dialog stays open */
};

struct actual_set;

struct tui_state {
	struct plant *plant;
	struct plan_opts opts;
	struct plan *plan; /* NULL only when the last solve failed with an error */
	struct plan *base; /* the plan of the data as loaded or last saved: deltas refer to it */
	struct plan_warm *warm;           /* the day's model, re-solved warm after a what-if */
	struct actual_set *actual;        /* the recorded heats (heat_results.csv), read at load */
	double last_total;                /* total before the latest solve, for the message */
	struct tui_table *tab[TUI_NFILE]; /* ADDITIVES NULL when the plant has none */
	struct tui_edit *edits;
	size_t nedit, capedit;

	enum tui_screen screen;
	size_t sel[TUI_NSCREEN], top[TUI_NSCREEN];
	size_t detail_top; /* first line of the plan screen's charge and element panes */
	int rows, cols;    /* terminal size, for paging and scrolling */

	size_t *inv_view; /* material indexes shown, filtered and sorted */
	size_t ninv_view;
	enum tui_sort sort;
	bool sort_desc;
	struct tui_filter filter;

	enum tui_dialog dlg;
	struct tui_input in;
	int confirm_act; /* enum tui_action run on "y" */
	char confirm[240];
	size_t help_top;

	char msg[400];
	bool msg_err;
	char what[200];         /* the edit the next solve reports on ("L017 mass_kg 1590 -> 0") */
	struct tui_price price; /* 4 Pricing */
	struct tui_adj *adj;    /* 6 Correct, made on first use (tui_adjust.h) */
	/* W: the weighed kg typed ("L004=3264 MG999=60"), kept for the analysis step; "" for R
	 * (as booked) */
	char rec_weighed[128];
};

/* Loads the plant in dir and its files and the offers (NULL: none), and solves once. */
int tui_state_new(const char *dir, const char *offers, const struct plan_opts *o,
                  struct tui_state **out, struct rm_error *err);
void tui_state_free(struct tui_state *st);
/* Re-solves the plant as it stands and says what changed in st->msg. -1 when the solver
 * reported an error (the previous plan is kept, the message says why). */
int tui_state_solve(struct tui_state *st);
void tui_state_msg(struct tui_state *st, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Layout: rows of the scrolling list of a screen at the current size. */
size_t tui_list_rows(const struct tui_state *st, enum tui_screen s);
/* Rows of the pricing screen's value curve panel, under the table. */
size_t tui_chart_rows(const struct tui_state *st);
/* Rows of the plan screen's detail panes (charge, elements or diagnosis). */
size_t tui_detail_rows(const struct tui_state *st);
size_t tui_list_len(const struct tui_state *st, enum tui_screen s);
void tui_state_resize(struct tui_state *st, int rows, int cols);
/* Moves the selection of the current screen by delta rows (clamped), keeping it visible. */
void tui_state_move(struct tui_state *st, long delta);
void tui_state_scroll_detail(struct tui_state *st, long delta);
/* Row r of the grades screen: grade and limit indexes. */
void tui_grade_row(const struct tui_state *st, size_t r, size_t *g, size_t *l);
/* Material under the inventory cursor, or -1 when the filter shows none. */
long tui_inv_selected(const struct tui_state *st);

/* Inventory view (tui_list.c). The filter text: words separated by blanks or commas, each
 * one of: a source (analyzed, predicted, nominal), a kind (lots, additives), an element
 * condition (Fe<0.3, Cu>=1, Zn=0; element values as the model reads them, empty = 0), or any
 * other word, found in the id or a trace column such as the scrap class. All must hold. */
int tui_filter_parse(const struct plant *p, const char *text, struct tui_filter *f, char *why,
                     size_t n);
bool tui_filter_match(const struct plant *p, const struct tui_filter *f, size_t mat);
int tui_inv_rebuild(struct tui_state *st);
/* Whether needle is in hay, ASCII case ignored (strcasestr is not in POSIX); "" always is. */
bool tui_has(const char *hay, const char *needle);
const char *tui_sort_name(enum tui_sort s);

/* Edits (tui_edit.c). tui_edit_apply validates text for field of target (and sub), changes
 * the plant and the table cell, and logs the edit; it does not solve. */
int tui_edit_apply(struct tui_state *st, enum tui_field field, size_t target, size_t sub,
                   const char *text, char *why, size_t n);
/* Reverts the last edit; -1 when there is none. */
int tui_edit_undo(struct tui_state *st);
/* The same, leaving what was undone for the next solve's message; false when nothing. */
bool tui_edit_undo_msg(struct tui_state *st);
/* Files with edits not yet saved, as a mask of (1 << enum tui_file). */
unsigned tui_edit_dirty(const struct tui_state *st);
/* Writes every file with edits, atomically; the saved plan becomes the base of deltas. */
int tui_edit_save(struct tui_state *st, struct rm_error *err);
/* Opens the input line for field on the current selection; false (and a message) when the
 * screen has nothing to edit there. */
bool tui_edit_begin(struct tui_state *st, enum tui_field field);
/* tui_record.c: records the selected heat of 1 Plan as its committed plan booked it, with the
 * analysis typed in st->in ("Si=0.45 Si=0.47 Fe=0.2": an element twice is two sparks), through
 * ledger_record (the commit's lock and journal), and reloads 5 Actual. false with st->in.err
 * when refused (the dialog stays open). */
bool tui_record_commit(struct tui_state *st);
/* W on 1 Plan: the label of the weighed kg's input line; Enter on it checks the text ("id=kg"
 * pairs: the materials that differ from the booking, 0 = not charged) and opens the analysis
 * step, which records the heat as booked but for those kg (ledger_record's as_booked with a
 * weighed charge: `remelt record --as-booked --charged`). */
bool tui_record_weighed_begin(struct tui_state *st);
bool tui_record_weighed_commit(struct tui_state *st);
/* Enter in the input line: applies the edit (or filter). Returns true when the plant
 * changed and must be re-solved. On a refused value the dialog stays open with the reason. */
bool tui_edit_commit(struct tui_state *st);

/* Printing (tui_print.c). The file heat h's floor sheet goes to: remelt-sheet-<heat>.txt in
 * the current directory, or in the data directory's parent when the current directory is the
 * data directory (characters of the id unsafe in a file name become '_'); -1 when the current
 * directory has no name. */
int tui_sheet_path(const struct tui_state *st, size_t h, char *path, size_t n);
/* Writes the selected heat's floor sheet (report_sheet_heat, a what-if marked as such) to
 * tui_sheet_path atomically; the path into path. */
int tui_print_sheet(const struct tui_state *st, char *path, size_t n, struct rm_error *err);

#endif
