/* The terminal UI without a terminal: the CSV table it saves through, the inventory filter
 * and sort, the gauge, what-if edits with undo and save, and the key table driving it all.
 * Runs from the repository root, on tests/data/tui (the first demo plant: a plain LP). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ledger.h"
#include "record_actual.h"
#include "report.h"
#include "report_footprint.h"
#include "tui_adjust.h"
#include "tui_keys.h"
#include "tui_state.h"
#include "tui_table.h"
#include "tui_view.h"

#define FIXTURE "tests/data/tui"

static const char *const demo_files[] = {"lots.csv", "additives.csv", "grades.csv", "heats.csv"};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&buf, &n);
	int c;
	while ((c = getc(f)) != EOF)
		putc(c, mem);
	fclose(f);
	fclose(mem);
	if (len)
		*len = n;
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A private copy of the demo plant, so that saving can be tested. */
static void demo_copy(char *dir, size_t n)
{
	snprintf(dir, n, "%s/remelt-tui-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	for (size_t k = 0; k < 4; k++) {
		char from[256], to[512];
		snprintf(from, sizeof from, FIXTURE "/%s", demo_files[k]);
		snprintf(to, sizeof to, "%s/%s", dir, demo_files[k]);
		char *text = slurp(from, NULL);
		spit(to, text);
		free(text);
	}
}

static void demo_remove(const char *dir)
{
	char path[512];
	static const char *const more[] = {"ledger.csv", ".remelt.lock"};
	for (size_t k = 0; k < 4 + 2; k++) {
		snprintf(path, sizeof path, "%s/%s", dir, k < 4 ? demo_files[k] : more[k - 4]);
		unlink(path);
	}
	rmdir(dir);
}

static struct tui_state *open_state(const char *dir)
{
	struct plan_opts o = {.margin = 0.1, .confidence = 0};
	struct tui_state *st = NULL;
	struct rm_error err = {0};
	int rc = tui_state_new(dir, NULL, &o, &st, &err);
	if (rc)
		print_error("%s:%ld: %s\n", err.file, err.line, err.msg);
	assert_int_equal(rc, 0);
	return st;
}

static size_t mat(const struct tui_state *st, const char *id)
{
	long i = inv_find(st->plant->inv, id);
	assert_true(i >= 0);
	return (size_t)i;
}

/* Runs the pricing child, if any, to its end, as the loop does between key reads. */
static void price_wait(struct tui_state *st)
{
	while (tui_price_running(st) && !tui_price_poll(st)) {
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
}

static const struct price_item *price_item_of(const struct tui_state *st, const char *id)
{
	const struct price_grade *pg = &st->price.t->g[0];
	for (size_t k = 0; k < pg->nitem; k++)
		if (strcmp(pg->item[k].mat->id, id) == 0)
			return &pg->item[k];
	fail_msg("no item %s", id);
	return NULL;
}

/* 4 Pricing on the paper plant priced by hand (tests/data/price/README.md): the table the
 * child sends back, its rows sorted and filtered, the value curve read from its steps, a
 * quote what-if, and Esc. */
static void test_price_screen(void **state)
{
	(void)state;
	struct plan_opts o = {.margin = 0, .confidence = 0};
	struct tui_state *st = NULL;
	struct rm_error err = {0};
	int rc = tui_state_new("tests/data/paper", "tests/data/price/offers.csv", &o, &st, &err);
	if (rc)
		print_error("%s:%ld: %s\n", err.file, err.line, err.msg);
	assert_int_equal(rc, 0);
	st->screen = TUI_SCR_PRICING;
	assert_int_equal(tui_price_start(st, -1), 0);
	assert_true(tui_price_running(st));
	price_wait(st);
	assert_false(tui_price_running(st));
	assert_non_null(st->price.t);
	assert_true(st->price.t->g[0].feasible);
	assert_int_equal(st->price.nview, 3); /* A, B, and the offer O */
	const double tol = 1e-6;
	const struct price_item *a = price_item_of(st, "A"), *b = price_item_of(st, "B"),
	                        *off = price_item_of(st, "O");
	assert_true(fabs(b->break_even - 2900.0 / 7) < tol && fabs(b->full_use - 2900.0 / 7) < tol);
	assert_int_equal(b->verdict, PRICE_BUY);
	assert_true(fabs(b->margin_per_kg - (2900.0 / 7 - 350)) < tol);
	assert_true(fabs(a->break_even - 450) < tol && isnan(a->full_use));
	assert_int_equal(a->verdict, PRICE_BUY_SOME);
	assert_true(fabs(a->buy_kg - 26000.0 / 7) < 1e-3 && fabs(a->margin_per_kg - 250) < tol);
	/* v(q) of A from its steps: 450 up to 3714.29 kg, -250 up to 4285.71, then none. */
	assert_true(a->nstep >= 2);
	assert_true(fabs(tui_price_value_at(a, 2500) - 450) < tol);
	assert_true(fabs(tui_price_value_at(a, 4000) + 250) < tol);
	assert_true(isnan(tui_price_value_at(a, 5000)));
	assert_true(isnan(tui_price_value_at(a, 0)));
	assert_true(off->offer && fabs(off->break_even - 2900.0 / 7) < tol);
	assert_true(fabs(off->full_use - 350) < tol && fabs(off->buy_kg - 8000.0 / 3) < 1e-3);
	assert_true(fabs(off->margin_per_kg - (2900.0 / 7 - 380)) < tol);

	/* Sorted by margin: O 34.29, B 64.29, A 250; reversed; filtered to the offers. */
	st->price.sort = TUI_PS_MARGIN;
	assert_int_equal(tui_price_rebuild(st), 0);
	const struct price_grade *pg = &st->price.t->g[0];
	assert_string_equal(pg->item[st->price.view[0]].mat->id, "O");
	assert_string_equal(pg->item[st->price.view[2]].mat->id, "A");
	st->price.desc = true;
	assert_int_equal(tui_price_rebuild(st), 0);
	assert_string_equal(pg->item[st->price.view[0]].mat->id, "A");
	char why[200];
	assert_int_equal(tui_pfilter_parse("offers", &st->price.filter, why, sizeof why), 0);
	assert_int_equal(tui_price_rebuild(st), 0);
	assert_int_equal(st->price.nview, 1);
	st->sel[TUI_SCR_PRICING] = 0;
	assert_ptr_equal(tui_price_selected(st), off);

	/* Quote what-if: at 420 nothing of O pays (v <= 414.29); at 340 all of it does, at
	 * the mean of 414.29 over 2,666.67 kg and 350 over the rest. Empty: the file's 380.
	 * At confidence 0 the row has the exact steps: each answer is arithmetic on them, at
	 * once, with no child (price_requote). */
	assert_int_equal(tui_price_quote(st, "abc", why, sizeof why), -1);
	assert_int_equal(tui_price_quote(st, "-1", why, sizeof why), -1);
	assert_int_equal(tui_price_quote(st, "420", why, sizeof why), 0);
	assert_false(tui_price_running(st));
	assert_non_null(strstr(st->msg, "O at quote 420.00: do not buy, margin -5.71 per kg"));
	price_wait(st);
	off = tui_price_selected(st);
	assert_int_equal(off->verdict, PRICE_DONT);
	assert_true(fabs(off->margin_per_kg - (2900.0 / 7 - 420)) < tol);
	assert_int_equal(tui_price_quote(st, "340", why, sizeof why), 0);
	assert_false(tui_price_running(st));
	price_wait(st);
	off = tui_price_selected(st);
	double mean = (8000.0 / 3 * 2900.0 / 7 + (4000 - 8000.0 / 3) * 350) / 4000;
	assert_int_equal(off->verdict, PRICE_BUY);
	assert_true(fabs(off->margin_per_kg - (mean - 340)) < tol);
	assert_int_equal(tui_price_quote(st, "", why, sizeof why), 0);
	price_wait(st);
	assert_true(fabs(tui_price_selected(st)->margin_per_kg - (2900.0 / 7 - 380)) < tol);
	assert_true(fabs(price_item_of(st, "B")->margin_per_kg - (2900.0 / 7 - 350)) < tol);

	/* The time limit: a table that has run longer than it is stopped, as a solve is. */
	st->opts.time_limit_s = 5;
	assert_int_equal(tui_price_start(st, -1), 0);
	assert_false(tui_price_limit(st)); /* just started: well inside 5 s */
	st->price.start_s -= 6;            /* as if it had started 6 s ago */
	assert_true(tui_price_limit(st));
	assert_false(tui_price_running(st));
	assert_non_null(strstr(st->price.why, "time limit of 5 s ran out"));
	st->opts.time_limit_s = 0;
	assert_int_equal(tui_price_start(st, -1), 0);
	price_wait(st);
	assert_non_null(st->price.t);

	/* Esc: the child is gone, the screen has no numbers and says why. The paper plant has
	 * one grade, so the next grade is G again: its table comes back from the cache. */
	const struct price_table *kept = st->price.t;
	tui_price_grade(st, 1);
	assert_ptr_equal(st->price.t, kept);
	assert_false(st->price.want);
	tui_price_stale(st);
	assert_null(st->price.t);
	assert_int_equal(tui_price_start(st, -1), 0);
	tui_price_stop(st, "stopped");
	assert_false(tui_price_running(st));
	assert_null(st->price.t);
	assert_string_equal(st->price.why, "stopped");
	tui_state_free(st);
}

static void test_table_roundtrip(void **state)
{
	(void)state;
	char dir[256];
	demo_copy(dir, sizeof dir);
	char path[512];
	snprintf(path, sizeof path, "%s/t.csv", dir);
	const char *in = "\xEF\xBB\xBFid,note,mass_kg\r\n"
	                 "A,\"a, b\",10\r\n"
	                 "B,\"say \"\"hi\"\"\",20\r\n"
	                 "C,\"two\r\nlines\",30\r\n";
	spit(path, in);
	struct tui_table *t = NULL;
	struct rm_error err = {0};
	assert_int_equal(tui_table_load(path, &t, &err), 0);
	assert_true(t->bom && t->crlf);
	assert_int_equal(t->nrows, 3);
	size_t idc = (size_t)tui_table_col(t, "id");
	const char *key = "B";
	long r = tui_table_find(t, &idc, &key, 1);
	assert_int_equal(r, 1);
	assert_int_equal(tui_table_set(t, (size_t)r, (size_t)tui_table_col(t, "mass_kg"), "0"), 0);
	assert_int_equal(tui_table_save(t, &err), 0);
	char *out = slurp(path, NULL);
	assert_string_equal(out, "\xEF\xBB\xBFid,note,mass_kg\r\n"
	                         "A,\"a, b\",10\r\n"
	                         "B,\"say \"\"hi\"\"\",0\r\n"
	                         "C,\"two\r\nlines\",30\r\n");
	free(out);
	/* Someone else writes the file: the next save must not overwrite their work. */
	spit(path, "id,note,mass_kg\nZ,,1\n");
	assert_int_equal(tui_table_save(t, &err), -1);
	assert_non_null(strstr(err.msg, "changed on disk"));
	tui_table_free(t);
	unlink(path);
	demo_remove(dir);
}

/* Only the edited cells change (issue 21, 15): quotes a plain value did not need, blank
 * lines, LF and CRLF mixed, a quoted field with a line break, and a file without a final
 * newline all come back byte for byte; an edited field is quoted only as it needs. */
static void test_table_keeps_bytes(void **state)
{
	(void)state;
	char dir[256];
	demo_copy(dir, sizeof dir);
	char path[512];
	snprintf(path, sizeof path, "%s/k.csv", dir);
	spit(path, "id,mass_kg,note\r\n"
	           "\"L1\",\"100\",\"a, b\"\r\n"
	           "\r\n"
	           "\n"
	           "L2,200,\"two\nlines\"\n"
	           "L3,,x");
	struct tui_table *t = NULL;
	struct rm_error err = {0};
	assert_int_equal(tui_table_load(path, &t, &err), 0);
	assert_int_equal(t->nrows, 3);
	size_t mass = (size_t)tui_table_col(t, "mass_kg"), note = (size_t)tui_table_col(t, "note");
	assert_int_equal(tui_table_set(t, 0, note, "a, b"), 0); /* the same text: untouched */
	assert_int_equal(tui_table_set(t, 1, mass, "250"), 0);
	assert_int_equal(tui_table_set(t, 2, mass, "7.5"), 0);      /* an empty field filled */
	assert_int_equal(tui_table_set(t, 2, note, "y, \"z\""), 0); /* the last field, no newline */
	assert_int_equal(tui_table_save(t, &err), 0);
	char *out = slurp(path, NULL);
	assert_string_equal(out, "id,mass_kg,note\r\n"
	                         "\"L1\",\"100\",\"a, b\"\r\n"
	                         "\r\n"
	                         "\n"
	                         "L2,250,\"two\nlines\"\n"
	                         "L3,7.5,\"y, \"\"z\"\"\"");
	free(out);
	/* a second save after more edits still starts from the bytes as read */
	assert_int_equal(tui_table_set(t, 0, mass, "90"), 0);
	assert_int_equal(tui_table_save(t, &err), 0);
	out = slurp(path, NULL);
	assert_string_equal(out, "id,mass_kg,note\r\n"
	                         "\"L1\",90,\"a, b\"\r\n"
	                         "\r\n"
	                         "\n"
	                         "L2,250,\"two\nlines\"\n"
	                         "L3,7.5,\"y, \"\"z\"\"\"");
	free(out);
	tui_table_free(t);
	unlink(path);
	demo_remove(dir);
}

static void test_table_lone_empty_field(void **state)
{
	(void)state;
	char dir[256];
	demo_copy(dir, sizeof dir);
	char path[512];
	snprintf(path, sizeof path, "%s/one.csv", dir);
	spit(path, "x\na\n\"\"\nb\n");
	struct tui_table *t = NULL;
	struct rm_error err = {0};
	assert_int_equal(tui_table_load(path, &t, &err), 0);
	assert_int_equal(t->nrows, 3);
	assert_int_equal(tui_table_save(t, &err), 0);
	char *out = slurp(path, NULL);
	assert_string_equal(out, "x\na\n\"\"\nb\n"); /* not a blank line, which readers skip */
	free(out);
	tui_table_free(t);
	unlink(path);
	demo_remove(dir);
}

static void test_filter(void **state)
{
	(void)state;
	struct tui_state *st = open_state(FIXTURE);
	const struct plant *p = st->plant;
	struct tui_filter f;
	char why[200];
	assert_int_equal(tui_filter_parse(p, "lots", &f, why, sizeof why), 0);
	size_t n = 0;
	for (size_t i = 0; i < p->inv->n; i++)
		n += tui_filter_match(p, &f, i);
	assert_int_equal(n, p->inv->nlots);
	assert_int_equal(tui_filter_parse(p, "Fe<0.3, analyzed", &f, why, sizeof why), 0);
	size_t fe = (size_t)rm_elemset_find(&p->els, rm_elem_z("Fe"));
	for (size_t i = 0; i < p->inv->n; i++)
		if (tui_filter_match(p, &f, i)) {
			assert_true(inv_comp(&p->inv->m[i], fe) < 0.3);
			assert_int_equal(p->inv->m[i].source, SRC_ANALYZED);
		}
	assert_int_equal(tui_filter_parse(p, "Xq<1", &f, why, sizeof why), -1);
	assert_non_null(strstr(why, "not an element"));
	assert_int_equal(tui_filter_parse(p, "Fe<abc", &f, why, sizeof why), -1);
	/* A word is looked for in the id and the trace columns (the scrap class). */
	assert_int_equal(tui_filter_parse(p, "p1020", &f, why, sizeof why), 0);
	assert_true(tui_filter_match(p, &f, mat(st, "P1020")));
	assert_false(tui_filter_match(p, &f, mat(st, "L001")));
	tui_state_free(st);
}

static void test_sort(void **state)
{
	(void)state;
	struct tui_state *st = open_state(FIXTURE);
	st->sort = TUI_SORT_MASS;
	st->sort_desc = true;
	assert_int_equal(tui_inv_rebuild(st), 0);
	assert_int_equal(st->ninv_view, st->plant->inv->n);
	for (size_t k = 1; k < st->ninv_view; k++)
		assert_true(st->plant->inv->m[st->inv_view[k - 1]].mass_kg >=
		            st->plant->inv->m[st->inv_view[k]].mass_kg);
	st->sort = TUI_SORT_FILE;
	st->sort_desc = false;
	assert_int_equal(tui_inv_rebuild(st), 0);
	for (size_t k = 0; k < st->ninv_view; k++)
		assert_int_equal(st->inv_view[k], k);
	tui_state_free(st);
}

static void test_gauge(void **state)
{
	(void)state;
	char g[64];
	/* Fe max 0.35, internal 0.315, value on the internal limit. */
	tui_gauge(g, 20, 0.315, 0, &(struct tui_window){NAN, 0.35, NAN, 0.315});
	assert_int_equal(strlen(g), 20);
	char *star = strchr(g, '*'), *end = strchr(g, ']');
	assert_non_null(star);
	assert_non_null(end);
	assert_true(star < end);
	assert_non_null(strchr(g, ':'));
	assert_int_equal(g[0], '-');
	assert_int_equal(g[19], '.');
	/* Off the scale on either side. */
	tui_gauge(g, 20, 5.0, 0, &(struct tui_window){0.2, 0.6, 0.24, 0.56});
	assert_int_equal(g[19], '>');
	tui_gauge(g, 20, 0.0, 0, &(struct tui_window){6.5, 7.5, 6.6, 7.4});
	assert_int_equal(g[0], '<');
	assert_non_null(strchr(g, '['));
	/* The uncertainty band surrounds the value, and only it. */
	tui_gauge(g, 40, 0.4, 0.05, &(struct tui_window){0.2, 0.6, 0.24, 0.56});
	star = strchr(g, '*');
	assert_non_null(star);
	assert_int_equal(star[-1], '=');
	assert_int_equal(star[1], '=');
	char *lb = strchr(g, '[');
	assert_non_null(lb);
	assert_true(lb < star - 1 && strspn(lb + 1, ":-") > 0); /* the windows, then the band */
}

static void test_edit_undo(void **state)
{
	(void)state;
	struct tui_state *st = open_state(FIXTURE);
	double cost0 = st->plan->total_cost;
	size_t l001 = mat(st, "L001");
	assert_true(st->plan->used[l001] > 0);
	char why[240];
	assert_int_equal(tui_edit_apply(st, TUI_ED_MAT_MASS, l001, 0, "0", why, sizeof why), 0);
	assert_int_equal(tui_state_solve(st), 0);
	assert_int_equal(st->plan->status, PLAN_OPTIMAL);
	assert_true(st->plan->used[l001] == 0);
	assert_true(st->plan->total_cost > cost0);
	/* The charge of a heat that used L001 lists it with 0 kg now and its saved kg. */
	struct tui_charge_row rows[128];
	bool seen = false;
	for (size_t h = 0; h < st->plan->nheat; h++) {
		size_t n = tui_charge_rows(st, h, rows);
		for (size_t k = 0; k < n; k++)
			if (rows[k].mat == l001 && rows[k].base_kg > 0 && rows[k].kg == 0)
				seen = true;
	}
	assert_true(seen);
	assert_int_equal(tui_edit_dirty(st), 1u << TUI_FILE_LOTS);
	assert_int_equal(tui_edit_undo(st), 0);
	assert_int_equal(tui_state_solve(st), 0);
	assert_true(fabs(st->plan->total_cost - cost0) <= 1e-6 * cost0);
	assert_int_equal(tui_edit_undo(st), -1);
	tui_state_free(st);
}

static void test_edit_refused(void **state)
{
	(void)state;
	struct tui_state *st = open_state(FIXTURE);
	char why[240];
	size_t l001 = mat(st, "L001");
	size_t fe = (size_t)rm_elemset_find(&st->plant->els, rm_elem_z("Fe"));
	assert_int_equal(tui_edit_apply(st, TUI_ED_HEAT_MASS, 0, 0, "-5", why, sizeof why), -1);
	assert_int_equal(tui_edit_apply(st, TUI_ED_HEAT_MASS, 0, 0, "0", why, sizeof why), -1);
	assert_int_equal(tui_edit_apply(st, TUI_ED_HEAT_GRADE, 0, 0, "NOPE", why, sizeof why), -1);
	assert_int_equal(tui_edit_apply(st, TUI_ED_MAT_PRICE, l001, 0, "1,5", why, sizeof why), -1);
	assert_non_null(strstr(why, "decimal comma"));
	assert_int_equal(tui_edit_apply(st, TUI_ED_MAT_MASS, l001, 0, "", why, sizeof why), -1);
	assert_int_equal(tui_edit_apply(st, TUI_ED_MAT_ELEM, l001, fe, "99.9", why, sizeof why),
	                 -1);
	assert_non_null(strstr(why, "more than 100"));
	/* 6063 is the first grade, Si its first limit (min 0.20): a min above the max fails. */
	assert_int_equal(tui_edit_apply(st, TUI_ED_LIM_MIN, 0, 0, "0.9", why, sizeof why), -1);
	assert_non_null(strstr(why, "above max"));
	assert_int_equal(st->nedit, 0);
	tui_state_free(st);
}

/* An unplanned heat's lines on 1 Plan say its cause and, for material rules, the rules
 * that block it (tests/data/rule_cause/README.md: P denied, Fe 0.56 at best); nothing about
 * limits, which hold. */
static void test_diag_lines(void **state)
{
	(void)state;
	struct tui_state *st = open_state("tests/data/rule_cause");
	char line[240];
	assert_int_equal(st->plan->status, PLAN_INFEASIBLE);
	assert_true(tui_diag_line(st, 0, 0, line, sizeof line));
	assert_string_equal(line, "the limits can be met from the whole inventory, but not under "
	                          "these material rules");
	assert_true(tui_diag_line(st, 0, 1, line, sizeof line));
	assert_string_equal(line, "P not allowed (tests/data/rule_cause/material_rules.csv:2)");
	assert_false(tui_diag_line(st, 0, 2, line, sizeof line));
	tui_state_free(st);
}

/* A heat only quarantined lots could make (tests/data/diag_quarantine/README.md, here at
 * margin 0.1: Fe max 0.27, A and C still both needed): its cause, then the lots to release. */
static void test_diag_quarantine_lines(void **state)
{
	(void)state;
	struct tui_state *st = open_state("tests/data/diag_quarantine");
	char line[240];
	assert_int_equal(st->plan->status, PLAN_INFEASIBLE);
	assert_true(tui_diag_line(st, 0, 0, line, sizeof line));
	assert_string_equal(line, "can be made only with lots that are quarantined");
	assert_true(tui_diag_line(st, 0, 1, line, sizeof line));
	assert_string_equal(line,
	                    "quarantined A (400 kg): released with the others listed, it would "
	                    "make this heat");
	assert_true(tui_diag_line(st, 0, 2, line, sizeof line));
	assert_string_equal(line,
	                    "quarantined C (500 kg): released with the others listed, it would "
	                    "make this heat");
	assert_false(tui_diag_line(st, 0, 3, line, sizeof line));
	assert_false(tui_diag_line(st, 1, 0, line, sizeof line)); /* H2 is planned */
	tui_state_free(st);
}

/* A heat the bath before it rules out (tests/data/diag_seq_heel/README.md): its cause, then
 * the heat before it; the planned heat before it has no lines. */
static void test_diag_heel_lines(void **state)
{
	(void)state;
	struct tui_state *st = open_state("tests/data/diag_seq_heel");
	char line[240];
	assert_int_equal(st->plan->status, PLAN_INFEASIBLE);
	assert_int_equal(st->plan->heats[0].cause, PLAN_CAUSE_HEEL); /* H2, first in heats.csv */
	assert_true(tui_diag_line(st, 0, 0, line, sizeof line));
	assert_string_equal(line, "can be made on the furnace's heel, but not on the bath the heat "
	                          "before it leaves");
	assert_true(tui_diag_line(st, 0, 1, line, sizeof line));
	assert_string_equal(line, "the heat before it in its furnace: H1");
	assert_false(tui_diag_line(st, 0, 2, line, sizeof line));
	assert_false(tui_diag_line(st, 1, 0, line, sizeof line)); /* H1 is planned */
	tui_state_free(st);
}

/* Saving changes the edited cells and nothing else; a mass of 0 is not saved. */
static void test_save(void **state)
{
	(void)state;
	char dir[256], lots[512], grades[512];
	demo_copy(dir, sizeof dir);
	snprintf(lots, sizeof lots, "%s/lots.csv", dir);
	snprintf(grades, sizeof grades, "%s/grades.csv", dir);
	char *lots0 = slurp(lots, NULL), *grades0 = slurp(grades, NULL);
	struct tui_state *st = open_state(dir);
	char why[240];
	size_t l002 = mat(st, "L002");
	assert_int_equal(tui_edit_apply(st, TUI_ED_MAT_MASS, l002, 0, "0", why, sizeof why), 0);
	struct rm_error err = {0};
	assert_int_equal(tui_edit_save(st, &err), -1);
	assert_non_null(strstr(err.msg, "cannot be saved"));
	assert_int_equal(tui_edit_undo(st), 0);
	assert_int_equal(tui_edit_apply(st, TUI_ED_MAT_PRICE, l002, 0, " 300 ", why, sizeof why),
	                 0);
	/* 6063's second limit is Fe (max 0.35). */
	assert_int_equal(tui_edit_apply(st, TUI_ED_LIM_MAX, 0, 1, "0.40", why, sizeof why), 0);
	assert_int_equal(tui_edit_save(st, &err), 0);
	assert_int_equal(st->nedit, 0);
	tui_state_free(st);

	char *lots1 = slurp(lots, NULL), *grades1 = slurp(grades, NULL);
	char *want = malloc(strlen(lots0) + 1), *at = strstr(lots0, "\nL002,");
	assert_non_null(at);
	/* L002's price is its 7th cell: 338 becomes 300, the rest of the file is unchanged. */
	char *p = strstr(at, ",338,");
	assert_non_null(p);
	memcpy(want, lots0, (size_t)(p - lots0));
	sprintf(want + (p - lots0), ",300,%s", p + 5);
	assert_string_equal(lots1, want);
	char *g = strstr(grades0, "6063,Fe,,0.35,");
	assert_non_null(g);
	memcpy(want, grades0, (size_t)(g - grades0));
	sprintf(want + (g - grades0), "6063,Fe,,0.40,%s", g + 14);
	assert_string_equal(grades1, want);
	free(want);
	free(lots0);
	free(lots1);
	free(grades0);
	free(grades1);
	demo_remove(dir);
}

/* Nothing is written unless the edited plant loads as a whole: here heats.csv went away. */
static void test_save_checks_load(void **state)
{
	(void)state;
	char dir[256], lots[512], heats[512];
	demo_copy(dir, sizeof dir);
	snprintf(lots, sizeof lots, "%s/lots.csv", dir);
	snprintf(heats, sizeof heats, "%s/heats.csv", dir);
	char *lots0 = slurp(lots, NULL);
	struct tui_state *st = open_state(dir);
	char why[240];
	assert_int_equal(
	    tui_edit_apply(st, TUI_ED_MAT_PRICE, mat(st, "L003"), 0, "1", why, sizeof why), 0);
	unlink(heats);
	struct rm_error err = {0};
	assert_int_equal(tui_edit_save(st, &err), -1);
	assert_non_null(strstr(err.msg, "nothing saved"));
	assert_int_equal(st->nedit, 1);
	char *lots1 = slurp(lots, NULL);
	assert_string_equal(lots0, lots1);
	free(lots0);
	free(lots1);
	tui_state_free(st);
	demo_remove(dir);
}

/* Saves and commits (issue 21, 2): a save takes the commit's lock, recovers a commit that
 * died, writes through its journal, and never overwrites what a commit changed; stock and
 * ledger then balance, and a save that changes stock the ledger knows adds an adjust row. */
static const char commit_json[] =
    "{\"status\": \"optimal\", \"plan_id\": \"c1\", \"created\": \"2026-01-01T00:00:00Z\","
    " \"heats\": [{\"heat\": \"H01\", \"charge\": [{\"id\": \"L001\", \"mass_kg\": 600}]}],"
    " \"lots\": [{\"id\": \"L001\", \"on_hand_kg\": 1590}]}";

static int slow_ms, die_at_journal, locked_fd = -1;

static void commit_step(void *ctx, const char *step)
{
	(void)ctx;
	if (strcmp(step, "locked") == 0 && locked_fd >= 0 && write(locked_fd, "l", 1) != 1)
		_exit(3);
	if (die_at_journal && strcmp(step, "journal in place") == 0)
		_exit(99); /* after the commit point, before any rename: as a power cut */
	struct timespec ts = {0, slow_ms * 1000000L};
	nanosleep(&ts, NULL);
}

/* Commits commit_json into dir in a child; its exit status. With a pipe, the child writes to
 * it once it holds the lock and the parent returns then, with the child's pid in *pid. */
static int commit_child(const char *dir, int slow, int die, pid_t *pid)
{
	int fds[2] = {-1, -1};
	assert_int_equal(pipe(fds), 0);
	pid_t c = fork();
	assert_true(c >= 0);
	if (c == 0) {
		struct ledger_plan *lp = NULL;
		struct rm_error err;
		struct ledger_result res;
		struct ledger_opts o = {.now = (long long)time(NULL), .step = commit_step};
		slow_ms = slow;
		die_at_journal = die;
		locked_fd = fds[1];
		if (ledger_plan_parse("c.json", commit_json, strlen(commit_json), &lp, &err) < 0)
			_exit(2);
		_exit(ledger_commit(dir, lp, &o, &res, &err) < 0 ? 1 : 0);
	}
	close(fds[1]);
	char b;
	assert_int_equal(read(fds[0], &b, 1), 1);
	close(fds[0]);
	if (pid) {
		*pid = c;
		return 0;
	}
	int st = 0;
	waitpid(c, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void assert_balanced(const char *dir)
{
	struct plant *p = NULL;
	struct rm_error err = {0};
	char journal[512];
	snprintf(journal, sizeof journal, "%s/.remelt.journal", dir);
	assert_int_equal(access(journal, F_OK), -1);
	assert_int_equal(plant_load(dir, false, &p, &err), 0);
	if (ledger_balance(dir, p->inv, &err) < 0)
		print_error("%s:%ld: %s\n", err.file, err.line, err.msg);
	assert_int_equal(ledger_balance(dir, p->inv, &err), 0);
	plant_free(p);
}

/* A save of a state loaded before a commit is refused, and the commit's lots.csv stays. */
static void save_refused_after(const char *dir, struct tui_state *st, const char *lots_after)
{
	char lots[512];
	struct rm_error err = {0};
	snprintf(lots, sizeof lots, "%s/lots.csv", dir);
	assert_int_equal(tui_edit_save(st, &err), -1);
	if (!strstr(err.msg, "changed on disk since it was loaded"))
		print_error("%s\n", err.msg);
	assert_non_null(strstr(err.msg, "changed on disk since it was loaded"));
	char *now = slurp(lots, NULL);
	assert_string_equal(now, lots_after);
	free(now);
	assert_balanced(dir);
}

static void test_save_after_commit(void **state)
{
	(void)state;
	char dir[256], lots[512], why[240];
	demo_copy(dir, sizeof dir);
	snprintf(lots, sizeof lots, "%s/lots.csv", dir);
	struct tui_state *st = open_state(dir);
	assert_int_equal(
	    tui_edit_apply(st, TUI_ED_MAT_PRICE, mat(st, "L002"), 0, "300", why, sizeof why), 0);
	assert_int_equal(commit_child(dir, 0, 0, NULL), 0);
	char *after = slurp(lots, NULL);
	save_refused_after(dir, st, after);
	free(after);
	tui_state_free(st);
	demo_remove(dir);
}

/* The commit holds the lock, slowed at every step, while the save starts: the save waits for
 * it, then finds lots.csv changed and leaves it (and no journal) behind. */
static void test_save_during_slowed_commit(void **state)
{
	(void)state;
	char dir[256], lots[512], why[240];
	demo_copy(dir, sizeof dir);
	snprintf(lots, sizeof lots, "%s/lots.csv", dir);
	struct tui_state *st = open_state(dir);
	assert_int_equal(
	    tui_edit_apply(st, TUI_ED_MAT_PRICE, mat(st, "L002"), 0, "300", why, sizeof why), 0);
	pid_t pid;
	commit_child(dir, 40, 0, &pid);
	struct rm_error err = {0};
	assert_int_equal(tui_edit_save(st, &err), -1);
	int ws = 0;
	waitpid(pid, &ws, 0);
	assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	assert_non_null(strstr(err.msg, "changed on disk since it was loaded"));
	char *after = slurp(lots, NULL);
	assert_non_null(strstr(after, "\nL001,"));
	assert_null(strstr(after, ",1590,345,")); /* the commit's 990 kg stayed */
	free(after);
	assert_balanced(dir);
	tui_state_free(st);
	demo_remove(dir);
}

/* A commit died after its commit point; the TUI opened the old files. The save completes the
 * commit first (never makes it unrecoverable) and then refuses to overwrite it. */
static void test_save_recovers_dead_commit(void **state)
{
	(void)state;
	char dir[256], lots[512], why[240];
	demo_copy(dir, sizeof dir);
	snprintf(lots, sizeof lots, "%s/lots.csv", dir);
	assert_int_equal(commit_child(dir, 0, 1, NULL), 99);
	struct tui_state *st = open_state(dir);
	assert_int_equal(
	    tui_edit_apply(st, TUI_ED_MAT_PRICE, mat(st, "L002"), 0, "300", why, sizeof why), 0);
	struct rm_error err = {0};
	assert_int_equal(tui_edit_save(st, &err), -1);
	assert_non_null(strstr(err.msg, "changed on disk since it was loaded"));
	char *after = slurp(lots, NULL);
	assert_non_null(strstr(after,
	                       "\nL001,Toto 6063 extrusion (X-ray sorted),Kanto Extrusion "
	                       "Recycle,extrusion press returns; X-ray sorted,analyzed,990,"));
	free(after);
	assert_balanced(dir);
	tui_state_free(st);
	demo_remove(dir);
}

/* After the commit, a TUI edit of L001's stock (re-weighed) is saved with an adjust row. */
static void test_save_adjusts_ledger(void **state)
{
	(void)state;
	char dir[256], led[512], why[240];
	demo_copy(dir, sizeof dir);
	snprintf(led, sizeof led, "%s/ledger.csv", dir);
	assert_int_equal(commit_child(dir, 0, 0, NULL), 0);
	struct tui_state *st = open_state(dir);
	assert_int_equal(
	    tui_edit_apply(st, TUI_ED_MAT_MASS, mat(st, "L001"), 0, "1000", why, sizeof why), 0);
	struct rm_error err = {0};
	assert_int_equal(tui_edit_save(st, &err), 0);
	char *text = slurp(led, NULL);
	assert_non_null(strstr(text, ",,,L001,10,adjust,1000,,,\n"));
	free(text);
	assert_balanced(dir);
	tui_state_free(st);
	demo_remove(dir);
}

static unsigned type(struct tui_state *st, const char *keys)
{
	unsigned fl = 0;
	for (; *keys; keys++)
		fl = tui_key(st, *keys);
	return fl;
}

static void test_keys(void **state)
{
	(void)state;
	struct tui_state *st = open_state(FIXTURE);
	tui_state_resize(st, 24, 80);
	assert_int_equal(type(st, "2"), TUI_HANDLED | TUI_REDRAW);
	assert_int_equal(st->screen, TUI_SCR_INV);
	type(st, "?");
	assert_int_equal(st->dlg, TUI_DLG_HELP);
	tui_key(st, TUI_KEY_ESC);
	assert_int_equal(st->dlg, TUI_DLG_NONE);
	/* An edit through the input line: a bad value keeps the dialog open with the reason. */
	type(st, "m");
	assert_int_equal(st->dlg, TUI_DLG_INPUT);
	assert_false(type(st, "abc\n") & TUI_SOLVE);
	assert_int_equal(st->dlg, TUI_DLG_INPUT);
	assert_true(st->in.err[0] != '\0');
	tui_key(st, TUI_KEY_CTRL_U);
	assert_true(type(st, "1000\n") & TUI_SOLVE);
	assert_int_equal(st->dlg, TUI_DLG_NONE);
	assert_int_equal(st->nedit, 1);
	assert_int_equal(tui_state_solve(st), 0);
	assert_non_null(strstr(st->msg, "mass_kg"));
	/* Quitting with an unsaved edit asks; n goes back, y quits. */
	type(st, "q");
	assert_int_equal(st->dlg, TUI_DLG_CONFIRM);
	assert_non_null(strstr(st->confirm, "unsaved"));
	type(st, "n");
	assert_int_equal(st->dlg, TUI_DLG_NONE);
	assert_true(type(st, "qy") & TUI_QUIT);
	/* Undo, then q quits at once. */
	assert_true(type(st, "u") & TUI_SOLVE);
	assert_true(type(st, "q") & TUI_QUIT);
	tui_state_free(st);
}

/* Whether word is one of the blank-separated words of the first len bytes of s. */
static bool has_word(const char *s, size_t len, const char *word)
{
	size_t w = strlen(word);
	for (size_t at = 0; at + w <= len; at++)
		if ((at == 0 || s[at - 1] == ' ') && strncmp(s + at, word, w) == 0 &&
		    (at + w == len || s[at + w] == ' '))
			return true;
	return false;
}

/* The help is the key table: every key of every screen is named in it, on the line of its
 * row's help text (a row without one, on the line of the row above it that has one), and the
 * help box's title names the keys that close and scroll it. */
/* 6 Correct (issue 17): the heat selected on 1 Plan, its sample typed element by element
 * with the correction following each keystroke, Esc dropping what was typed, Enter keeping it
 * and moving on; the correction is remelt adjust's (solver/adjust/adjust.h) for the same bath. */
static void test_adjust_screen(void **state)
{
	(void)state;
	struct tui_state *st = open_state("tests/data/adjust");
	tui_state_resize(st, 24, 80);
	st->opts.margin = 0;
	type(st, "6");
	assert_int_equal(st->screen, TUI_SCR_ADJUST);
	struct tui_adj *a = st->adj;
	assert_non_null(a);
	assert_null(a->res);
	assert_non_null(strstr(a->why, "3 of 3 elements left"));
	assert_true(fabs(a->bath_kg - 8000) < 1e-9); /* no heel: the heat's 8,000 kg */
	long si = rm_elemset_find(&st->plant->els, 14), fe = rm_elemset_find(&st->plant->els, 26);
	long mg = rm_elemset_find(&st->plant->els, 12);
	/* Si is the first row; Enter opens its line; typing previews, Esc drops it */
	type(st, "\n");
	assert_int_equal(st->dlg, TUI_DLG_INPUT);
	assert_int_equal(st->in.field, TUI_ED_SAMPLE);
	assert_int_equal(st->in.sub, (size_t)si);
	type(st, "0.4");
	assert_true(fabs(a->val[si] - 0.4) < 1e-12);
	tui_key(st, TUI_KEY_ESC);
	assert_true(isnan(a->val[si]));
	/* a bad value keeps the line open with the reason */
	type(st, "\n150\n");
	assert_int_equal(st->dlg, TUI_DLG_INPUT);
	assert_non_null(strstr(st->in.err, "[0, 100]"));
	tui_key(st, TUI_KEY_CTRL_U);
	type(st, "0.70\n");
	assert_int_equal(st->dlg, TUI_DLG_NONE);
	assert_int_equal(st->sel[TUI_SCR_ADJUST], 1); /* on to Fe */
	type(st, "\n0.40\n\n0.60\n");
	assert_true(fabs(a->val[fe] - 0.40) < 1e-12 && fabs(a->val[mg] - 0.60) < 1e-12);
	assert_non_null(a->res);
	assert_int_equal(a->res->status, PLAN_OPTIMAL);
	assert_true(a->res->nadd > 0);
	for (size_t k = 0; k < a->res->nlim; k++) /* every window met after */
		assert_true(a->res->lim[k].side * (a->res->lim[k].after - a->res->lim[k].limit) <=
		            1e-9);
	/* the same bath through solver/adjust/adjust.h directly */
	struct plant_sample *s = NULL;
	struct adjust *r = NULL;
	struct rm_error err = {0};
	assert_int_equal(plant_sample_typed(st->plant, a->val, "t", &s, &err), 0);
	struct adjust_opts o = {.grade = 0,
	                        .furnace = 0,
	                        .sample = s,
	                        .bath_kg = 8000,
	                        .metal_value = a->metal_value,
	                        .margin = 0,
	                        .confidence = 0};
	assert_int_equal(adjust_solve(st->plant, &o, &r, &err), 0);
	assert_true(fabs(r->objective - a->res->objective) <= 1e-9 * fabs(r->objective));
	adjust_free(r);
	plant_sample_free(s);
	/* the bath mass: a bad one is refused, a good one re-solves */
	type(st, "b20000\n");
	assert_int_equal(st->dlg, TUI_DLG_NONE);
	assert_null(a->res); /* more than F1's 15,000 kg */
	assert_non_null(strstr(a->why, "more than F1 holds"));
	type(st, "b");
	tui_key(st, TUI_KEY_CTRL_U);
	type(st, "7000\n");
	assert_non_null(a->res);
	/* x clears the sample */
	type(st, "x");
	assert_true(isnan(a->val[si]) && isnan(a->val[fe]));
	assert_null(a->res);
	tui_state_free(st);
}

static void test_help(void **state)
{
	(void)state;
	size_t n;
	const struct tui_binding *b = tui_bindings(&n);
	char line[256];
	bool quit = false;
	for (size_t k = 0; tui_help_line(k, line, sizeof line); k++)
		quit = quit || strstr(line, "quit");
	assert_true(quit);
	assert_non_null(b[0].help);
	for (size_t i = 0; i < n; i++) {
		size_t g = i;
		while (!b[g].help)
			g--;
		bool found = false;
		for (size_t k = 0; !found && tui_help_line(k, line, sizeof line); k++) {
			const char *at = strstr(line, b[g].help);
			found = at && has_word(line, (size_t)(at - line), b[i].name);
		}
		if (!found)
			print_error("key %s (row %zu) is not in the help\n", b[i].name, i);
		assert_true(found);
	}
	assert_true(tui_help_lines() > 10);
	/* The new keys of issue 20 are there, under their screen. */
	bool plan = false, print = false;
	for (size_t k = 0; tui_help_line(k, line, sizeof line); k++) {
		if (line[0] != ' ')
			plan = strcmp(line, "1 Plan") == 0;
		print = print || (plan && strncmp(line, "  p ", 4) == 0 && strstr(line, "sheet"));
	}
	assert_true(print);
	tui_help_title(line, sizeof line);
	assert_non_null(strstr(line, "Esc ? q close"));
	assert_non_null(strstr(line, "PgDn"));
}

/* Issue 20 on the plan screen: the furnace, its heel and share of the bath, whole units as
 * the reports write them, and P(in spec) beside the status, wide and abbreviated. */
static void test_plan_heat_view(void **state)
{
	(void)state;
	char dir[256], path[512];
	demo_copy(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/furnaces.csv", dir);
	spit(path, "furnace,capacity_kg,heel_kg\nF1,40000,5000\n");
	snprintf(path, sizeof path, "%s/heats.csv", dir);
	spit(path, "heat,grade,mass_kg,furnace\nH01,6063,25000,F1\nH02,6063,25000,\n"
	           "H03,6082,20000,\nH04,R6000,28000,\nH05,A356.0,18000,\nH06,ADC12,25000,\n");
	struct tui_state *st = open_state(dir);
	assert_string_equal(tui_heat_furnace(st, 0), "F1");
	assert_string_equal(tui_heat_furnace(st, 1), "-");
	char kg[32], buf[128], want[64];
	double share = 0;
	assert_true(tui_heel(st, 0, kg, sizeof kg, &share));
	assert_string_equal(kg, "5,000.0");
	assert_true(fabs(share - 5000.0 / 30000.0) < 1e-12);
	assert_false(tui_heel(st, 1, kg, sizeof kg, &share));
	/* P(in spec) as the text report prints it, in both widths. */
	const struct plan_heat *ph = &st->plan->heats[0];
	assert_true(ph->feasible && !isnan(ph->risk.p_in_spec));
	snprintf(want, sizeof want, "%.1f%%", 100 * ph->risk.p_in_spec);
	tui_state_resize(st, 30, 100);
	tui_heat_status(st, 0, buf, sizeof buf);
	assert_non_null(strstr(buf, want));
	assert_non_null(strstr(buf, "limit"));
	assert_non_null(strstr(buf, "in spec"));
	tui_state_resize(st, 24, 80);
	tui_heat_status(st, 0, buf, sizeof buf);
	assert_non_null(strstr(buf, want));
	assert_true(strlen(buf) <= 13); /* the 80-column row leaves 13 for it */
	/* Whole units: the reports' words when they fit the column, else kg. */
	size_t m = mat(st, "L001");
	st->plant->inv->m[m].unit_kg = 400;
	struct tui_charge_row r = {m, 1600, NAN};
	char units[48];
	tui_charge_kg(st, &r, buf, sizeof buf, 11);
	assert_string_equal(buf, "4 x 400 kg");
	assert_string_equal(report_units_text(units, sizeof units, &st->plant->inv->m[m], 1600),
	                    buf);
	tui_charge_kg(st, &r, buf, sizeof buf, 9);
	assert_string_equal(buf, "1,600.0");
	st->plant->inv->m[m].unit_kg = 0;
	tui_charge_kg(st, &r, buf, sizeof buf, 11);
	assert_string_equal(buf, "1,600.0");
	tui_state_free(st);
	snprintf(path, sizeof path, "%s/furnaces.csv", dir);
	unlink(path);
	demo_remove(dir);
}

/* Bytes of the page of `--format sheet` that starts with "CHARGE SHEET  heat <id> ". */
static char *sheet_page(const char *all, const char *id)
{
	char head[64];
	snprintf(head, sizeof head, "CHARGE SHEET  heat %s ", id);
	const char *at = strstr(all, head);
	assert_non_null(at);
	const char *end = strchr(at, '\f');
	return strndup(at, end ? (size_t)(end - at) : strlen(at));
}

/* p on 1 Plan: the selected heat's page of --format sheet, to remelt-sheet-<heat>.txt in the
 * current directory, or beside the data directory when that is the current directory. */
static void test_print_sheet(void **state)
{
	(void)state;
	char outer[256], dir[300], path[600], cwd[4096];
	snprintf(outer, sizeof outer, "%s/remelt-tui-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(outer));
	snprintf(dir, sizeof dir, "%s/plant", outer);
	assert_int_equal(mkdir(dir, 0700), 0);
	for (size_t k = 0; k < 4; k++) {
		char from[256];
		snprintf(from, sizeof from, FIXTURE "/%s", demo_files[k]);
		snprintf(path, sizeof path, "%s/%s", dir, demo_files[k]);
		char *text = slurp(from, NULL);
		spit(path, text);
		free(text);
	}
	struct tui_state *st = open_state(dir);
	tui_state_resize(st, 24, 80);
	assert_non_null(getcwd(cwd, sizeof cwd));
	/* From the data directory: the sheet goes to its parent, never into it. */
	assert_int_equal(chdir(dir), 0);
	type(st, "j");
	assert_int_equal(type(st, "p"), TUI_HANDLED | TUI_REDRAW);
	snprintf(path, sizeof path, "%s/remelt-sheet-H02.txt", outer);
	assert_false(st->msg_err);
	assert_non_null(strstr(st->msg, path));
	char *got = slurp(path, NULL);
	char *all = NULL;
	size_t alen = 0;
	FILE *mem = open_memstream(&all, &alen);
	assert_int_equal(report_sheet(mem, st->plant, st->plan), 0);
	fclose(mem);
	char *want = sheet_page(all, "H02"), *page = sheet_page(got, "H02");
	assert_string_equal(page, want);
	assert_null(strstr(got, "WHAT-IF"));
	assert_int_equal(unlink(path), 0);
	free(got);
	free(page);
	/* From elsewhere: the current directory; a what-if is marked as one. */
	assert_int_equal(chdir(outer), 0);
	assert_true(type(st, "2m0\n") & TUI_SOLVE);
	assert_int_equal(tui_state_solve(st), 0);
	type(st, "1p");
	assert_non_null(strstr(st->msg, path));
	assert_non_null(strstr(st->msg, "what-if"));
	got = slurp(path, NULL);
	assert_non_null(strstr(got, "WHAT-IF: this plan has 1 edit not saved"));
	free(got);
	assert_int_equal(unlink(path), 0);
	/* The key is the plan screen's: on 2 Inventory p is the price what-if. */
	type(st, "2p");
	assert_int_equal(st->dlg, TUI_DLG_INPUT);
	tui_key(st, TUI_KEY_ESC);
	assert_int_equal(chdir(cwd), 0);
	free(want);
	free(all);
	tui_state_free(st);
	demo_remove(dir);
	assert_int_equal(rmdir(outer), 0);
}

/* 5 Actual from a heat_results.csv and a ledger written here: a planned heat with one
 * element 5 sd off its plan and one 1 sd off, a lot weighed 500 kg lighter than booked, and
 * a heat booked directly. */
static void test_actual_view(void **state)
{
	(void)state;
	char dir[256], path[512];
	demo_copy(dir, sizeof dir);
	static const char head[] = "time,heat,plan,grade,tapped_kg,charged_kg,metal_kg,element,"
	                           "wt_pct,spark_sd,sparks,planned_pct,planned_sd,heel_kg,"
	                           "heel_pct,recovery\n";
	char text[2048];
	snprintf(text, sizeof text,
	         "%s2026-12-07T06:00:00Z,H01,abc,6063,8800,9500,9000,Si,0.50,,1,0.60,0.02,0,0,1\n"
	         "2026-12-07T06:00:00Z,H01,abc,6063,8800,9500,9000,Fe,0.20,,1,0.21,0.01,0,0,1\n"
	         "2026-12-07T07:00:00Z,X1,,6063,,100,98,Si,0.4,,1,,,0,0,1\n",
	         head);
	snprintf(path, sizeof path, "%s/heat_results.csv", dir);
	spit(path, text);
	snprintf(path, sizeof path, "%s/ledger.csv", dir);
	spit(path, "time,plan,heat,id,mass_kg,kind,remaining_kg\n"
	           "2026-12-07T05:00:00Z,abc,H01,L001,6000,lot,\n"
	           "2026-12-07T05:00:00Z,abc,H01,L002,4000,lot,\n"
	           "2026-12-07T06:00:00Z,abc,H01,L002,500,return,\n"
	           "2026-12-07T07:00:00Z,,X1,L003,100,record,\n");
	struct tui_state *st = open_state(dir);
	char buf[256];
	assert_int_equal(tui_list_len(st, TUI_SCR_ACTUAL), 2);
	tui_actual_row(st, 0, buf, sizeof buf);
	assert_non_null(strstr(buf, " H01 "));
	assert_non_null(strstr(buf, "9,500 / 10,000"));
	assert_non_null(strstr(buf, "92.6% (94.7%)")); /* 8800 / 9500, 9000 / 9500 */
	assert_non_null(strstr(buf, "1 OUTSIDE"));
	tui_actual_row(st, 1, buf, sizeof buf);
	assert_non_null(strstr(buf, "direct"));
	assert_non_null(strstr(buf, "100 / -"));
	assert_null(strstr(buf, "OUTSIDE"));
	assert_true(tui_actual_line(st, 0, 1, buf, sizeof buf)); /* Si: (0.50 - 0.60) / 0.02 */
	assert_non_null(strstr(buf, "-5.0  OUTSIDE"));
	assert_true(tui_actual_line(st, 0, 2, buf, sizeof buf)); /* Fe: (0.20 - 0.21) / 0.01 */
	assert_non_null(strstr(buf, "-1.0"));
	assert_null(strstr(buf, "OUTSIDE"));
	assert_true(tui_actual_line(st, 0, 3, buf, sizeof buf)); /* only L002 differs */
	assert_non_null(strstr(buf, "L002"));
	assert_non_null(strstr(buf, "4,000.0 kg booked"));
	assert_non_null(strstr(buf, "3,500.0 kg weighed"));
	assert_false(tui_actual_line(st, 0, 4, buf, sizeof buf));
	assert_int_equal(type(st, "5"), TUI_HANDLED | TUI_REDRAW);
	assert_int_equal(st->screen, TUI_SCR_ACTUAL);
	tui_state_free(st);
	unlink(path);
	snprintf(path, sizeof path, "%s/heat_results.csv", dir);
	unlink(path);
	demo_remove(dir);
}

/* R on 1 Plan records H01 as commit_json booked it (600 kg of L001) with a typed analysis:
 * heat_results.csv gets Si (two sparks, mean 0.46) and Fe, the ledger no row (nothing differs
 * from the booking), 5 Actual shows the heat; a second R is refused in the dialog. */
static void test_record_heat(void **state)
{
	(void)state;
	char dir[256], path[512];
	demo_copy(dir, sizeof dir);
	assert_int_equal(commit_child(dir, 0, 0, NULL), 0);
	snprintf(path, sizeof path, "%s/ledger.csv", dir);
	size_t led0 = 0;
	char *before = slurp(path, &led0);
	struct tui_state *st = open_state(dir);
	assert_int_equal(tui_list_len(st, TUI_SCR_ACTUAL), 0);
	st->sel[TUI_SCR_PLAN] = 0; /* H01 */
	type(st, "R");
	assert_int_equal(st->dlg, TUI_DLG_INPUT);
	assert_non_null(strstr(st->in.label, "record H01 as booked"));
	type(st, "Si=0.45 Si=0.47, Fe 0.2\n");
	assert_int_equal(st->dlg, TUI_DLG_NONE);
	assert_non_null(strstr(st->msg, "recorded H01 as booked by plan c1"));
	assert_int_equal(tui_list_len(st, TUI_SCR_ACTUAL), 1);
	const struct actual_heat *h = &st->actual->h[0];
	assert_string_equal(h->heat, "H01");
	assert_string_equal(h->plan, "c1");
	assert_int_equal(h->nel, 2);
	assert_true(fabs(h->el[0].pct - 0.46) < 1e-12);
	assert_int_equal(h->el[0].sparks, 2);
	assert_true(fabs(h->charged_kg - 600) < 1e-9 && fabs(h->planned_kg - 600) < 1e-9);
	size_t led1 = 0;
	char *after = slurp(path, &led1);
	assert_int_equal(led0, led1);
	assert_memory_equal(before, after, led0);
	type(st, "R");
	type(st, "Si=0.5\n");
	assert_int_equal(st->dlg, TUI_DLG_INPUT); /* refused: the dialog stays with the reason */
	assert_non_null(strstr(st->in.err, "already recorded"));
	type(st, "\x1b");
	type(st, "R");
	type(st, "Qq=1\n");
	assert_non_null(strstr(st->in.err, "not an element symbol"));
	tui_state_free(st);
	free(before);
	free(after);
	snprintf(path, sizeof path, "%s/heat_results.csv", dir);
	unlink(path);
	demo_remove(dir);
}

/* W: the weighed kg that differ from the booking, then the analysis. The commit booked 600 kg
 * of L001 into H01 (1,590 on hand, 990 left); weighed 550 kg of L001 and 30 kg of L002: 50 kg
 * go back to L001 (1,040), 30 kg come out of L002 (1,510 - 30 = 1,480), 580 kg charged. */
static void test_record_weighed(void **state)
{
	(void)state;
	char dir[256], path[512];
	demo_copy(dir, sizeof dir);
	assert_int_equal(commit_child(dir, 0, 0, NULL), 0);
	struct tui_state *st = open_state(dir);
	st->sel[TUI_SCR_PLAN] = 0; /* H01 */
	type(st, "W");
	assert_int_equal(st->dlg, TUI_DLG_INPUT);
	assert_non_null(strstr(st->in.label, "H01 weighed: kg that differ from the booking"));
	type(st, "L001 550\n");
	assert_non_null(strstr(st->in.err, "type id=kg pairs"));
	type(st, "\x15L001=-5\n"); /* Ctrl-U, then a negative kg: the charge reader's message */
	assert_non_null(strstr(st->in.err, "typed weighed kg:2:"));
	type(st, "\x15L001=550, L002=30\n");
	assert_int_equal(st->dlg, TUI_DLG_INPUT);
	assert_string_equal(st->in.err, "");
	assert_non_null(strstr(st->in.label, "H01 as weighed (2 differ): its analysis"));
	type(st, "Si=0.45\n");
	assert_int_equal(st->dlg, TUI_DLG_NONE);
	assert_non_null(strstr(st->msg, "recorded H01 as weighed: 2 ledger rows"));
	assert_string_equal(st->rec_weighed, "");
	assert_int_equal(tui_list_len(st, TUI_SCR_ACTUAL), 1);
	const struct actual_heat *h = &st->actual->h[0];
	assert_true(fabs(h->charged_kg - 580) < 1e-9 && fabs(h->planned_kg - 600) < 1e-9);
	struct plant *p = NULL;
	struct rm_error err = {0};
	assert_int_equal(plant_load(dir, false, &p, &err), 0);
	assert_true(fabs(p->inv->m[inv_find(p->inv, "L001")].mass_kg - 1040) < 1e-9);
	assert_true(fabs(p->inv->m[inv_find(p->inv, "L002")].mass_kg - 1480) < 1e-9);
	plant_free(p);
	assert_balanced(dir);
	/* R after an abandoned W records as booked: the weighed kg do not linger */
	st->sel[TUI_SCR_PLAN] = 1;
	type(st, "W");
	type(st, "L001=1\n");
	type(st, "\x1b");
	type(st, "R");
	assert_string_equal(st->rec_weighed, "");
	tui_state_free(st);
	snprintf(path, sizeof path, "%s/heat_results.csv", dir);
	unlink(path);
	demo_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_price_screen),
	    cmocka_unit_test(test_table_roundtrip),
	    cmocka_unit_test(test_table_lone_empty_field),
	    cmocka_unit_test(test_table_keeps_bytes),
	    cmocka_unit_test(test_filter),
	    cmocka_unit_test(test_sort),
	    cmocka_unit_test(test_gauge),
	    cmocka_unit_test(test_edit_undo),
	    cmocka_unit_test(test_edit_refused),
	    cmocka_unit_test(test_diag_lines),
	    cmocka_unit_test(test_diag_quarantine_lines),
	    cmocka_unit_test(test_diag_heel_lines),
	    cmocka_unit_test(test_save),
	    cmocka_unit_test(test_save_checks_load),
	    cmocka_unit_test(test_save_after_commit),
	    cmocka_unit_test(test_save_during_slowed_commit),
	    cmocka_unit_test(test_save_recovers_dead_commit),
	    cmocka_unit_test(test_save_adjusts_ledger),
	    cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_adjust_screen),
	    cmocka_unit_test(test_help),
	    cmocka_unit_test(test_plan_heat_view),
	    cmocka_unit_test(test_print_sheet),
	    cmocka_unit_test(test_actual_view),
	    cmocka_unit_test(test_record_heat),
	    cmocka_unit_test(test_record_weighed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
