/* tui_price: screen 4 Pricing, the value table of `remelt price` for one grade at a time.
 *
 * The numbers are price_run's (price/price.h), the very code of `remelt price`, run on the
 * plant as it stands (what-if edits included) with the TUI's margin and confidence. They
 * are worked out in a child process (tui_price_job.c) so that the screen never blocks: the
 * loop polls the child's pipe between key reads, the screen says how long it has been
 * running, and Esc stops it (the child and its own workers, one process group, are killed).
 * The child gets a copy of the plant at fork time; an edit or a re-solve throws the table
 * away (it priced another plant) and the screen prices again. Rows stream in as they are
 * priced (price_opts.progress in the child, one record a row down the pipe): the screen
 * shows "priced 120 of 1,000" and the rows done so far, and Esc keeps them.
 *
 * A quote what-if changes an offer's price in the offers this module owns (the file is never
 * written). When the offer's row already settles the new quote (price_requote: its exact
 * steps, or a quote past either end of its curve) the verdict and margin are worked out at
 * once, with no process; else a child re-prices that one offer: the offers are priced one at a
 * time against the yard (price.h), so the rest of the table does not move. That child is the
 * one that priced the table, kept idle with the grade's base solved (price_warm): the what-if
 * is a request down its socket, answered warm. Tables of other grades are kept while the plant
 * stays as it was: switching back costs nothing; a quote what-if re-quotes their rows of the
 * offer, and drops a table whose row does not settle the new quote.
 *
 * Ownership: the tui_price inside tui_state owns the offers, their elements, the table and
 * the child; tui_price_free releases them and stops the child. */
#ifndef TUI_PRICE_H
#define TUI_PRICE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "inventory.h"
#include "price.h"
#include "rm_elem.h"

struct tui_state;

/* The columns the table can be sorted by; FILE: lots in inventory order, then offers. */
enum tui_psort {
	TUI_PS_FILE,
	TUI_PS_ID,
	TUI_PS_KG,
	TUI_PS_PRICE,
	TUI_PS_BREAK_EVEN,
	TUI_PS_FULL_USE,
	TUI_PS_BUY_KG,
	TUI_PS_MARGIN,
	TUI_NPSORT
};

/* The pricing filter: all words must hold. */
struct tui_pfilter {
	int kind;         /* -1 any, 0 lots, 1 offers */
	unsigned sources; /* bit (1 << enum mat_source); 0 = any */
	size_t nword;
	char word[4][48]; /* a scrap grade the item meets, or part of its id (any case) */
	char text[128];
};

struct tui_price {
	struct inventory *offers; /* NULL: no --offers */
	struct rm_elemset els;    /* the plant's elements plus those only offers report */
	double *file_quote;       /* [offers->n] the quotes as read; offers->m[k].price is now */
	size_t grade;
	struct price_table *t; /* the table of grade, or NULL; with got, rows still coming */
	unsigned char *got;    /* [t's items] which rows are priced; NULL: every one */
	size_t ndone;          /* with got: how many */
	/* [grades] tables of the other grades priced on this plant and these quotes, kept
	 * so that switching back shows them at once; emptied when either changes */
	struct price_table **cache;
	char why[1300]; /* without a table: why there are no numbers */
	bool want;      /* price when the screen shows and nothing runs */

	pid_t pid; /* the child pricing now; 0: none */
	int fd;    /* its pipe, -1 when none */
	long only; /* the child prices only this item of t (a quote what-if), -1: all */
	size_t job_grade;
	double start_s;
	char *buf; /* what the child has written so far */
	size_t len, cap;
	size_t at;               /* bytes of buf already taken as messages */
	struct price_table *one; /* a one-offer job's table as it comes in */
	bool ended;              /* the child's end message came */
	bool failed;             /* with ended: the end said the pricing failed */
	/* The child has sent its table and waits, its grade's base kept, for quote what-ifs
	 * (tui_price_job.c): it is not running, only there to ask. */
	bool idle;
	bool warm; /* the job running is such a what-if, answered from the base kept */

	size_t *view; /* items of t shown, filtered and sorted */
	size_t nview;
	enum tui_psort sort;
	bool desc;
	struct tui_pfilter filter;
};

/* Loads the offers (NULL: none) against st's plant, picks the grade of the first heat. */
int tui_price_init(struct tui_state *st, const char *offers_path, struct rm_error *err);
void tui_price_free(struct tui_state *st);
/* The plant changed or was re-solved: the table no longer holds; price again when shown. */
void tui_price_stale(struct tui_state *st);

/* Job control (tui_price_job.c). start forks the child for the current grade (only: the
 * item to re-price, -1 = all); stop kills it and says so; poll reads what it wrote and
 * returns true when it finished (the table or st->price.why changed). */
int tui_price_start(struct tui_state *st, long only);
void tui_price_stop(struct tui_state *st, const char *why);
bool tui_price_poll(struct tui_state *st);
bool tui_price_running(const struct tui_state *st);
/* Stops the child when it has run longer than the TUI's time limit (plan_opts.time_limit_s,
 * remelt tui --time-limit; 0: none), as a solve stops at it; true when it did. */
bool tui_price_limit(struct tui_state *st);
/* Kills the child, if any, and forgets what it wrote. */
void tui_price_kill(struct tui_price *pr);
/* Replaces the table shown (freeing the old one, NULL: none): every row of t is priced. */
void tui_price_set(struct tui_price *pr, struct price_table *t);
/* What a quote what-if came to, on the status line. */
void tui_price_said(struct tui_state *st, const struct price_item *it);
double tui_price_elapsed(const struct tui_state *st);
/* Seconds on CLOCK_MONOTONIC. */
double tui_price_now(void);

/* View (tui_price.c). */
int tui_price_rebuild(struct tui_state *st);
const char *tui_psort_name(enum tui_psort s);
/* "offers", "lots", a source, a scrap grade or part of an id; why says what is wrong. */
int tui_pfilter_parse(const char *text, struct tui_pfilter *f, char *why, size_t n);
/* Whether row k of the table is priced (a table still coming, or stopped, has gaps). */
bool tui_price_got(const struct tui_price *pr, size_t k);
/* The item under the cursor, or NULL. */
const struct price_item *tui_price_selected(const struct tui_state *st);
/* The scrap grades item meets ("-": none), as `remelt price` lists them. */
const char *tui_price_scrap(const struct tui_state *st, const struct price_item *it, char *buf,
                            size_t n);
/* Switches to the next (+1) or previous (-1) grade and prices it. */
void tui_price_grade(struct tui_state *st, int dir);
/* A quote what-if on the selected offer: text is checked as the offers file's price_per_kg;
 * -1 with why when refused. Lots go through the inventory price edit instead. */
int tui_price_quote(struct tui_state *st, const char *text, char *why, size_t n);

/* v(q) of an item, per kg, at kg q in (0, max]: from the steps when it has them (exact, one
 * grade at confidence 0), else the curve point at or above q; NAN when nothing says. */
double tui_price_value_at(const struct price_item *it, double q);

#endif
