/* Known answers for pricing, solved on paper (tests/data/price/README.md), and the scrap
 * grade classification. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plant.h"
#include "price.h"
#include "scrap_grades.h"

static void near(double a, double b)
{
	if (!(fabs(a - b) < 1e-6 * fmax(1, fabs(b))))
		fail_msg("%.12g, expected %.12g", a, b);
}

#define NEAR(a, b) near((a), (b))

/* As near, and NAN equals NAN ("no number" on both sides). */
static void near_nan(double a, double b)
{
	if (!(isnan(a) && isnan(b)) && a != b)
		near(a, b);
}

struct fixture {
	struct plant *p;
	struct inventory *offers;
	struct rm_elemset els;
};

static int setup(void **state)
{
	static struct fixture fx;
	struct rm_error err = {0};
	memset(&fx, 0, sizeof fx);
	if (plant_load("tests/data/paper", false, &fx.p, &err) < 0)
		return -1;
	/* Offers are read against the plant's elements (as remelt price does). */
	for (size_t e = 0; e < fx.p->els.n; e++)
		if (rm_elemset_add(&fx.els, fx.p->els.z[e]) < 0)
			return -1;
	if (inv_load("tests/data/price/offers.csv", NULL, &fx.els, &fx.offers, &err) < 0) {
		print_error("%s:%ld: %s\n", err.file, err.line, err.msg);
		return -1;
	}
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	inv_free(fx->offers);
	rm_elemset_free(&fx->els);
	plant_free(fx->p);
	return 0;
}

static const struct price_item *item(const struct price_grade *pg, const char *id)
{
	for (size_t k = 0; k < pg->nitem; k++)
		if (strcmp(pg->item[k].mat->id, id) == 0)
			return &pg->item[k];
	fail_msg("no item %s", id);
	return NULL;
}

static struct price_table *run(struct fixture *fx, long grade)
{
	struct price_opts o = {.grade = grade, .heat_kg = 10000};
	struct price_table *t = NULL;
	struct rm_error err = {0};
	if (price_run(fx->p, fx->offers, &o, &t, &err) < 0)
		fail_msg("price_run: %s", err.msg);
	assert_true(t->g[0].feasible);
	return t;
}

/* The answers of the README, whichever way they were computed (steps or points). */
static void check_paper(const struct price_grade *pg, bool steps)
{
	const struct price_item *b = item(pg, "B"), *a = item(pg, "A"), *o = item(pg, "O");
	NEAR(b->break_even, 2900.0 / 7);
	NEAR(b->full_use, 2900.0 / 7);
	assert_int_equal(b->verdict, PRICE_BUY);
	NEAR(b->margin_per_kg, 2900.0 / 7 - 350);
	NEAR(a->break_even, 450);
	assert_true(isnan(a->full_use));
	NEAR(a->max_kg, 30000.0 / 7);
	/* The every-grade table (points) reads v at the two ends only: no inner points. */
	if (steps)
		NEAR(a->curve[0], 450);
	else
		assert_true(isnan(a->curve[0]));
	assert_true(isnan(a->curve[1]) && isnan(a->curve[3]));
	assert_int_equal(a->verdict, PRICE_BUY_SOME);
	NEAR(a->buy_kg, 26000.0 / 7);
	NEAR(a->margin_per_kg, 250);
	NEAR(o->break_even, 2900.0 / 7);
	NEAR(o->full_use, 350);
	assert_int_equal(o->verdict, PRICE_BUY_SOME);
	NEAR(o->buy_kg, 8000.0 / 3);
	NEAR(o->margin_per_kg, 2900.0 / 7 - 380);
	if (!steps)
		return;
	assert_int_equal(a->nstep, 2);
	NEAR(a->step[0].to_kg, 26000.0 / 7);
	NEAR(a->step[1].value, -250);
	assert_int_equal(o->nstep, 2);
	NEAR(o->step[0].to_kg, 8000.0 / 3);
}

static void test_paper_steps(void **state)
{
	struct fixture *fx = *state;
	struct price_table *t = run(fx, 0);
	NEAR(t->g[0].base_cost, 3171428.5714285714);
	check_paper(&t->g[0], true);
	price_free(t);
}

static void test_paper_points(void **state)
{
	struct price_table *t = run(*state, -1);
	check_paper(&t->g[0], false);
	price_free(t);
}

static void test_bad_options(void **state)
{
	struct fixture *fx = *state;
	struct price_opts o = {.grade = 0, .margin = 0.6};
	struct price_table *t = NULL;
	struct rm_error err = {0};
	assert_int_equal(price_run(fx->p, NULL, &o, &t, &err), -1);
	assert_non_null(strstr(err.msg, "margin"));
	o.margin = 0;
	o.confidence = 0.3;
	assert_int_equal(price_run(fx->p, NULL, &o, &t, &err), -1);
	assert_null(t);
}

/* --only: just the lot A and the offer O, each as in the full run (README answers); an id
 * that is no lot nor offer (the additive P, or unknown) is refused. */
static void test_only(void **state)
{
	struct fixture *fx = *state;
	const char *ids[] = {"O", "A"};
	struct price_opts o = {.grade = 0, .heat_kg = 10000, .only = ids, .nonly = 2};
	struct price_table *t = NULL;
	struct rm_error err = {0};
	if (price_run(fx->p, fx->offers, &o, &t, &err) < 0)
		fail_msg("price_run: %s", err.msg);
	const struct price_grade *pg = &t->g[0];
	assert_int_equal(t->nlots, 1);
	assert_int_equal(t->noffers, 1);
	assert_int_equal(pg->nitem, 2);
	/* Lots first, in inventory order, then offers: whatever the order asked. */
	assert_string_equal(pg->item[0].mat->id, "A");
	assert_false(pg->item[0].offer);
	assert_string_equal(pg->item[1].mat->id, "O");
	assert_true(pg->item[1].offer);
	NEAR(pg->item[0].break_even, 450);
	NEAR(pg->item[0].buy_kg, 26000.0 / 7);
	assert_int_equal(pg->item[0].nstep, 2);
	NEAR(pg->item[1].full_use, 350);
	NEAR(pg->item[1].buy_kg, 8000.0 / 3);
	price_free(t);
	for (size_t k = 0; k < 2; k++) {
		const char *bad[] = {"A", k ? "NOPE" : "P"};
		o.only = bad;
		t = NULL;
		err = (struct rm_error){0};
		assert_int_equal(price_run(fx->p, fx->offers, &o, &t, &err), -1);
		assert_null(t);
		assert_non_null(
		    strstr(err.msg, k ? "\"NOPE\" is not a lot" : "\"P\" is not a lot"));
	}
}

/* The paper plant priced as if lot A were gone, at confidence 0 and 0.95: B and offer O
 * each replace P kg for kg, worth 450 all along, and A takes nothing; `absent`: A is priced
 * as absent as well (most 0 kg, no break-even). */
static void price_without_a(struct fixture *fx, long a, bool absent)
{
	for (int c = 0; c < 2; c++) {
		struct price_opts o = {.grade = 0, .heat_kg = 10000, .confidence = c ? 0.95 : 0};
		struct price_table *t = NULL;
		struct rm_error err = {0};
		if (price_run(fx->p, fx->offers, &o, &t, &err) < 0)
			fail_msg("price_run at confidence %d: %s", c, err.msg);
		const struct price_grade *pg = &t->g[0];
		assert_true(pg->feasible);
		const struct price_item *ia = item(pg, fx->p->inv->m[a].id);
		assert_int_equal(ia->verdict, PRICE_DONT);
		assert_true(ia->buy_kg == 0);
		if (absent)
			assert_true(ia->max_kg == 0 && isnan(ia->break_even));
		if (c == 0) {
			NEAR(pg->base_cost, 4000 * 350 + 6000 * 450);
			NEAR(item(pg, "B")->break_even, 450);
			NEAR(item(pg, "B")->full_use, 450);
			NEAR(item(pg, "O")->full_use, 450);
			NEAR(item(pg, "O")->margin_per_kg, 450 - 380);
		}
		price_free(t);
	}
}

/* A lot at 0 kg (the TUI's what-if "not available"): the yard prices as if it were gone. */
static void test_lot_at_zero(void **state)
{
	struct fixture *fx = *state;
	long a = inv_find(fx->p->inv, "A");
	assert_true(a >= 0);
	double was = fx->p->inv->m[a].mass_kg;
	fx->p->inv->m[a].mass_kg = 0;
	price_without_a(fx, a, false);
	fx->p->inv->m[a].mass_kg = was;
}

/* A lot whose own min_kg exceeds its stock can go into no heat (plan fixes it at 0): pricing
 * values the yard as without it, the answers of test_lot_at_zero, and A itself at nothing
 * (review h5: the reference problem reopened it to its stock and priced the paper's A); one
 * whose min_kg equals its stock is a lot like any other (review h6). */
static void test_min_over_stock(void **state)
{
	struct fixture *fx = *state;
	long a = inv_find(fx->p->inv, "A");
	assert_true(a >= 0);
	struct material was = fx->p->inv->m[a];
	fx->p->inv->m[a].min_kg = 10500;
	fx->p->inv->m[a].min_given = true;
	price_without_a(fx, a, true);
	/* min_kg equal to the stock (and the heat) leaves A in: the paper's answers, A 26,000/7
	 * kg in the base at 3,171,428.57, worth 450 at the margin, and at most Fe's 30,000/7 kg
	 * (0.8 a + 0.1 (10,000 - a) <= 4,000). */
	fx->p->inv->m[a].min_kg = 10000;
	struct price_opts o = {.grade = 0, .heat_kg = 10000};
	struct price_table *t = NULL;
	struct rm_error err = {0};
	if (price_run(fx->p, fx->offers, &o, &t, &err) < 0)
		fail_msg("price_run: %s", err.msg);
	NEAR(t->g[0].base_cost, 22200000.0 / 7);
	NEAR(item(&t->g[0], "A")->break_even, 450);
	NEAR(item(&t->g[0], "A")->max_kg, 30000.0 / 7);
	price_free(t);
	fx->p->inv->m[a] = was;
}

/* Under a chance constraint (tests/data/chance_price/README.md): B's two values are set by
 * the cone's multiplier, exact at z to 1e-9 on the KKT conditions; by cutting planes alone
 * (cuts_only: they aim at z + 1e-5) to 1e-6. */
static void chance_paper(bool cuts_only)
{
	struct plant *p = NULL;
	struct rm_error err = {0};
	if (plant_load("tests/data/chance_price", false, &p, &err) < 0)
		fail_msg("%s", err.msg);
	long g = grade_find(p->grades, "G");
	assert_true(g >= 0);
	struct price_opts o = {
	    .grade = g, .heat_kg = 10000, .confidence = 0.95, .cuts_only = cuts_only};
	struct price_table *t = NULL;
	if (price_run(p, NULL, &o, &t, &err) < 0)
		fail_msg("price_run: %s", err.msg);
	const struct price_grade *pg = &t->g[0];
	double z = 1.6448536269514722, k = 0.04 * z;
	double qa = 0.49 - k * k, qc = 2300.0 * 2300.0 - k * k * 1e6;
	double a = (3220 - sqrt(3220.0 * 3220.0 - 4 * qa * qc)) / (2 * qa), s = hypot(a, 1000);
	const struct price_item *ia = item(pg, "A"), *ib = item(pg, "B");
	double tight[][2] = {
	    {pg->base_cost, 200 * (a + 1000) + 450 * (10000 - a - 1000)},
	    {ia->used_kg, a},
	    {ib->break_even, 450 - 175 / (0.7 + k)},
	    {ib->full_use, 450 - 250 * (0.7 + k * 1000 / s) / (0.7 + k * a / s)},
	    {ia->break_even, 450},
	};
	double tol = cuts_only ? 1e-6 : 1e-9;
	for (size_t q = 0; q < sizeof tight / sizeof *tight; q++)
		if (!(fabs(tight[q][0] - tight[q][1]) <= tol * fabs(tight[q][1])))
			fail_msg("value %zu: %.12g, expected %.12g", q, tight[q][0], tight[q][1]);
	/* The cutting planes aim at z + 1e-5: their full use of B is off by 3.7e-7, which
	 * tells that cuts_only took that way. */
	if (cuts_only && !(fabs(tight[3][0] - tight[3][1]) > 1e-8 * tight[3][1]))
		fail_msg("cuts_only read B's full use exactly: not by cutting planes?");
	NEAR(ib->used_kg, 1000);
	assert_true(isnan(ia->full_use));
	NEAR(ia->max_kg, 2500);
	assert_true(isnan(ia->curve[1]) && !isnan(ia->curve[0]));
	price_free(t);
	plant_free(p);
}

static void test_chance_paper(void **state)
{
	(void)state;
	chance_paper(false);
}

static void test_chance_paper_cuts(void **state)
{
	(void)state;
	chance_paper(true);
}

/* Partial pricing (price/price_kkt.c) looks at a column the base leaves at a bound only
 * when the duals' move could have turned it, and must take the same path as the pass over
 * every column at every step (kkt_full): the same points and steps, the same bits in every
 * value, and fewer reduced costs evaluated (tests/data/price_yard/README.md). */
static struct price_table *yard_price(const struct plant *p, bool full, bool no_far)
{
	struct rm_error err = {0};
	long g = grade_find(p->grades, "6063");
	assert_true(g >= 0);
	struct price_opts o = {
	    .grade = g, .confidence = 0.95, .jobs = 1, .kkt_full = full, .kkt_no_far = no_far};
	struct price_table *t = NULL;
	if (price_run(p, NULL, &o, &t, &err) < 0)
		fail_msg("price_run: %s", err.msg);
	return t;
}

static bool same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Every value of two tables of one grade, bit for bit. */
static void same_table(const struct price_grade *ga, const struct price_grade *gb)
{
	assert_true(same_bits(ga->base_cost, gb->base_cost));
	assert_int_equal(gb->nitem, ga->nitem);
	for (size_t q = 0; q < ga->nitem; q++) {
		const struct price_item *x = &ga->item[q], *y = &gb->item[q];
		double vx[] = {x->used_kg, x->break_even, x->need_kg,      x->full_use,
		               x->max_kg,  x->buy_kg,     x->margin_per_kg};
		double vy[] = {y->used_kg, y->break_even, y->need_kg,      y->full_use,
		               y->max_kg,  y->buy_kg,     y->margin_per_kg};
		for (size_t v = 0; v < sizeof vx / sizeof *vx; v++)
			if (!same_bits(vx[v], vy[v]))
				fail_msg("%s value %zu: %.17g vs %.17g", x->mat->id, v, vx[v],
				         vy[v]);
		for (size_t c = 0; c < PRICE_NCURVE; c++)
			if (!same_bits(x->curve[c], y->curve[c]) ||
			    !same_bits(x->curve_kg[c], y->curve_kg[c]))
				fail_msg("%s curve %zu: %.17g vs %.17g", x->mat->id, c, x->curve[c],
				         y->curve[c]);
		assert_int_equal(x->verdict, y->verdict);
	}
}

static void test_partial_pricing(void **state)
{
	(void)state;
	struct plant *p = NULL;
	struct rm_error err = {0};
	if (plant_load("tests/data/price_yard", false, &p, &err) < 0)
		fail_msg("%s", err.msg);
	struct price_table *a = yard_price(p, true, false), *b = yard_price(p, false, false);
	const struct price_grade *ga = &a->g[0], *gb = &b->g[0];
	assert_int_equal(ga->nitem, 300);
	same_table(ga, gb);
	/* The same path: every point, every step. */
	assert_true(ga->kkt_points > 500);
	assert_int_equal(ga->kkt_points, gb->kkt_points);
	assert_int_equal(ga->kkt_steps, gb->kkt_steps);
	/* kkt_full evaluates all 307 columns at every step, at least once. */
	print_message("points %lu steps %lu reduced costs: every column %lu, partial %lu\n",
	              ga->kkt_points, ga->kkt_steps, ga->kkt_dj, gb->kkt_dj);
	assert_true(ga->kkt_dj >= 307 * ga->kkt_steps);
	if (!(gb->kkt_dj < ga->kkt_dj / 2))
		fail_msg("partial pricing evaluated %lu reduced costs, every column %lu",
		         gb->kkt_dj, ga->kkt_dj);
	price_free(a);
	price_free(b);
	plant_free(p);
}

/* A fixed point whose KKT path is long is tried on the LP of price/price_kkt_far.c (the
 * heat's rows, the cones' outer tangents, each row elastic): a point it proves out of
 * reach is one the paths and the cutting planes also find no charge for, so the table is
 * the same bit for bit with and without it, in fewer steps. */
static void test_far(void **state)
{
	(void)state;
	struct plant *p = NULL;
	struct rm_error err = {0};
	if (plant_load("tests/data/price_yard", false, &p, &err) < 0)
		fail_msg("%s", err.msg);
	struct price_table *a = yard_price(p, false, true), *b = yard_price(p, false, false);
	const struct price_grade *ga = &a->g[0], *gb = &b->g[0];
	same_table(ga, gb);
	print_message("points %lu steps %lu without the LP, %lu with it: %lu tried, %lu proven\n",
	              ga->kkt_points, ga->kkt_steps, gb->kkt_steps, gb->kkt_far,
	              gb->kkt_far_proven);
	assert_int_equal(ga->kkt_far, 0);
	assert_true(gb->kkt_far_proven > 0);
	assert_true(gb->kkt_steps < ga->kkt_steps);
	price_free(a);
	price_free(b);
	plant_free(p);
}

/* The progress hook (price_opts.progress): once per item priced, done counting 1 .. nitem
 * per grade, each item once, the row already in pg->item[k] when it is called; at --jobs 1
 * in file order. Under chance constraints at 3 jobs two of the three items come from the
 * workers' pipes, and the table is the one of a single process. */
struct progress_log {
	size_t calls, grades, last_done;
	size_t seen[8];  /* per item of the current grade: times called */
	size_t order[8]; /* k of each call of the current grade */
	double be[8];    /* break-even as the hook saw it */
	long grade;
};

static void progress_hook(void *ctx, const struct price_grade *pg, size_t k, size_t done)
{
	struct progress_log *l = ctx;
	if (done == 1) {
		memset(l->seen, 0, sizeof l->seen);
		l->grades++;
		l->grade = (long)pg->grade;
		l->last_done = 0;
	}
	assert_int_equal((long)pg->grade, l->grade);
	assert_int_equal(done, l->last_done + 1);
	assert_true(done <= pg->nitem && k < pg->nitem && k < 8);
	assert_true(pg->feasible);
	l->last_done = done;
	l->seen[k]++;
	l->order[done - 1] = k;
	l->be[k] = pg->item[k].break_even;
	l->calls++;
}

static void test_progress(void **state)
{
	struct fixture *fx = *state;
	struct rm_error err = {0};
	for (int c = 0; c < 2; c++) {
		struct progress_log l = {.grade = -1};
		struct price_opts o = {.grade = 0,
		                       .heat_kg = 10000,
		                       .confidence = c ? 0.95 : 0,
		                       .jobs = c ? 3 : 1,
		                       .progress = progress_hook,
		                       .progress_ctx = &l};
		struct price_table *t = NULL;
		if (price_run(fx->p, fx->offers, &o, &t, &err) < 0)
			fail_msg("price_run: %s", err.msg);
		const struct price_grade *pg = &t->g[0];
		/* Lots A and B, offer O. */
		assert_int_equal(pg->nitem, 3);
		assert_int_equal(l.calls, 3);
		assert_int_equal(l.grades, 1);
		assert_int_equal(l.last_done, 3);
		for (size_t k = 0; k < 3; k++) {
			assert_int_equal(l.seen[k], 1);
			assert_true(same_bits(l.be[k], pg->item[k].break_even));
			if (c == 0)
				assert_int_equal(l.order[k], k);
		}
		if (c == 0)
			NEAR(l.be[0], 450); /* A's break-even (README) */
		price_free(t);
	}
	/* Every grade of the paper plant, one process: 3 calls a grade. */
	struct progress_log l = {.grade = -1};
	struct price_opts o = {
	    .grade = -1, .heat_kg = 10000, .progress = progress_hook, .progress_ctx = &l};
	struct price_table *t = NULL;
	if (price_run(fx->p, fx->offers, &o, &t, &err) < 0)
		fail_msg("price_run: %s", err.msg);
	size_t feasible = 0;
	for (size_t g = 0; g < t->ngrade; g++)
		feasible += t->g[g].feasible;
	assert_int_equal(t->ngrade, fx->p->grades->n);
	assert_int_equal(l.grades, feasible);
	assert_int_equal(l.calls, 3 * feasible);
	price_free(t);
}

/* Every grade at 0.95 with grades side by side (price_jobs_grades, 3 jobs: a process per
 * grade, each splitting its items) is the one-process table bit for bit, and the progress
 * hook sees each item of each grade once, in this process, done counting 1 .. nitem per
 * grade (rows of different grades may interleave). */
struct grade_log {
	size_t calls, last[8], seen[8][64];
};

static void grade_hook(void *ctx, const struct price_grade *pg, size_t k, size_t done)
{
	struct grade_log *l = ctx;
	assert_true(pg->grade < 8 && k < 64);
	assert_int_equal(done, l->last[pg->grade] + 1);
	l->last[pg->grade] = done;
	l->seen[pg->grade][k]++;
	l->calls++;
}

static void test_grades_side_by_side(void **state)
{
	(void)state;
	struct plant *p = NULL;
	struct rm_error lerr = {0};
	if (plant_load("data/demo", false, &p, &lerr) < 0)
		fail_msg("%s", lerr.msg);
	struct price_table *t[2] = {NULL, NULL};
	struct grade_log l[2];
	memset(l, 0, sizeof l);
	for (int j = 0; j < 2; j++) {
		struct rm_error err = {0};
		struct price_opts o = {.grade = -1,
		                       .confidence = 0.95,
		                       .jobs = j ? 3 : 1,
		                       .progress = grade_hook,
		                       .progress_ctx = &l[j]};
		if (price_run(p, NULL, &o, &t[j], &err) < 0)
			fail_msg("price_run: %s", err.msg);
	}
	assert_int_equal(t[0]->ngrade, p->grades->n);
	assert_true(t[0]->ngrade > 1 && t[0]->ngrade <= 8 && t[0]->g[0].nitem <= 64);
	assert_int_equal(t[1]->ngrade, t[0]->ngrade);
	size_t feasible = 0;
	for (size_t g = 0; g < t[0]->ngrade; g++) {
		const struct price_grade *a = &t[0]->g[g], *b = &t[1]->g[g];
		assert_int_equal(a->feasible, b->feasible);
		assert_true(same_bits(a->heat_kg, b->heat_kg));
		if (!a->feasible)
			continue;
		feasible++;
		same_table(a, b);
		for (size_t k = 0; k < a->nitem; k++)
			assert_int_equal(l[1].seen[g][k], 1);
		assert_int_equal(l[1].last[g], a->nitem);
	}
	assert_true(feasible > 1);
	assert_int_equal(l[1].calls, l[0].calls);
	print_message("%zu grades, %zu feasible, %zu rows\n", t[0]->ngrade, feasible, l[1].calls);
	price_free(t[0]);
	price_free(t[1]);
	plant_free(p);
}

/* The quote what-if without a re-solve (price_requote): offer O priced at one quote, then
 * re-quoted from its row, equals O priced at the new quote. At confidence 0 (the steps,
 * README: break-even 2900/7, full use 350) always: 420 buys none, margin 2900/7 - 420;
 * 340 buys all 4,000 kg, worth 8000/3 kg at 2900/7 and 4000/3 at 350, margin 370/7. At
 * 0.95 (break-even 417.21, full use 349.87 by `remelt price`): 420 from any row, and 310
 * from a row that bought all at 300; 340 from the row at 380 (which bought some) and 400
 * (between the two ends) need the offer priced again. */
static struct price_item quote_row(struct fixture *fx, double conf, double quote)
{
	fx->offers->m[0].price = quote;
	struct price_opts o = {.grade = 0, .heat_kg = 10000, .confidence = conf, .jobs = 1};
	struct price_table *t = NULL;
	struct rm_error err = {0};
	if (price_run(fx->p, fx->offers, &o, &t, &err) < 0)
		fail_msg("price_run: %s", err.msg);
	struct price_item it = *item(&t->g[0], "O");
	it.step = NULL;
	if (it.nstep) {
		static struct price_step steps[16];
		assert_true(it.nstep <= 16);
		memcpy(steps, item(&t->g[0], "O")->step, it.nstep * sizeof *steps);
		it.step = steps;
	}
	price_free(t);
	return it;
}

static void test_requote(void **state)
{
	struct fixture *fx = *state;
	double was = fx->offers->m[0].price;
	const struct {
		double conf, from, to;
		int rc;
	} c[] = {
	    {0, 380, 420, 0},    {0, 380, 340, 0},    {0, 380, 400, 0},    {0.95, 380, 420, 0},
	    {0.95, 300, 310, 0}, {0.95, 380, 340, 1}, {0.95, 300, 400, 1},
	};
	for (size_t k = 0; k < sizeof c / sizeof *c; k++) {
		struct price_item it = quote_row(fx, c[k].conf, c[k].from), before = it;
		fx->offers->m[0].price = c[k].to;
		int rc = price_requote(&it);
		if (rc != c[k].rc)
			fail_msg("case %zu: price_requote %d", k, rc);
		if (rc) {
			assert_int_equal(it.verdict, before.verdict);
			assert_true(same_bits(it.margin_per_kg, before.margin_per_kg));
			continue;
		}
		struct price_item want = quote_row(fx, c[k].conf, c[k].to);
		assert_int_equal(it.verdict, want.verdict);
		NEAR(it.buy_kg, want.buy_kg);
		NEAR(it.margin_per_kg, want.margin_per_kg);
	}
	/* The hand answers at confidence 0. */
	struct price_item it = quote_row(fx, 0, 380);
	fx->offers->m[0].price = 420;
	assert_int_equal(price_requote(&it), 0);
	assert_int_equal(it.verdict, PRICE_DONT);
	NEAR(it.margin_per_kg, 2900.0 / 7 - 420);
	fx->offers->m[0].price = 340;
	assert_int_equal(price_requote(&it), 0);
	assert_int_equal(it.verdict, PRICE_BUY);
	NEAR(it.buy_kg, 4000);
	NEAR(it.margin_per_kg, 370.0 / 7);
	fx->offers->m[0].price = was;
}

/* A base kept for quote what-ifs (price_warm): offer O re-priced from it at quote after
 * quote, each equal to O priced from nothing with that quote in the offers (quote_row), at
 * confidence 0 (the steps) and 0.95 (the points on the KKT base, worked out again at each
 * new quote). The hand answer at confidence 0: 340 buys all 4,000 kg, margin 370/7. */
static void test_warm(void **state)
{
	struct fixture *fx = *state;
	double was = fx->offers->m[0].price;
	const double conf[] = {0, 0.95}, quote[] = {340, 400, 420, 380, 300, 400, 340};
	for (size_t c = 0; c < sizeof conf / sizeof *conf; c++) {
		fx->offers->m[0].price = 380;
		struct price_opts o = {
		    .grade = 0, .heat_kg = 10000, .confidence = conf[c], .jobs = 1};
		struct price_warm *w = NULL;
		struct rm_error err = {0};
		if (price_warm_open(fx->p, fx->offers, &o, &w, &err) < 0)
			fail_msg("price_warm_open: %s", err.msg);
		assert_true(price_warm_grade(w)->feasible);
		for (size_t q = 0; q < sizeof quote / sizeof *quote; q++) {
			struct price_item want = quote_row(fx, conf[c], quote[q]), it;
			fx->offers->m[0].price = quote[q];
			if (price_warm_offer(w, 0, &it, &err) < 0)
				fail_msg("price_warm_offer: %s", err.msg);
			if (it.verdict != want.verdict)
				fail_msg("confidence %g quote %g: verdict %d, want %d", conf[c],
				         quote[q], (int)it.verdict, (int)want.verdict);
			NEAR(it.buy_kg, want.buy_kg);
			near_nan(it.margin_per_kg, want.margin_per_kg);
			near_nan(it.break_even, want.break_even);
			near_nan(it.full_use, want.full_use);
			for (size_t k = 0; k < PRICE_NCURVE; k++)
				near_nan(it.curve[k], want.curve[k]);
			assert_int_equal(it.nstep, want.nstep);
			if (conf[c] == 0 && quote[q] == 340) {
				assert_int_equal(it.verdict, PRICE_BUY);
				NEAR(it.buy_kg, 4000);
				NEAR(it.margin_per_kg, 370.0 / 7);
			}
			free(it.step);
		}
		price_warm_free(w);
	}
	fx->offers->m[0].price = was;
}

static void test_scrap_classify(void **state)
{
	(void)state;
	struct scrap_set *ss = NULL;
	struct rm_error err = {0};
	assert_int_equal(scrap_load("data/demo/scrap_grades.csv", &ss, &err), 0);
	struct rm_elemset els = {0};
	long si = rm_elemset_add(&els, rm_elem_z("Si")), fe = rm_elemset_add(&els, rm_elem_z("Fe"));
	long mg = rm_elemset_add(&els, rm_elem_z("Mg")), zn = rm_elemset_add(&els, rm_elem_z("Zn"));
	double c[4];
	c[si] = 7.0, c[fe] = 0.12, c[mg] = 0.30, c[zn] = 0.02;
	const struct scrap_grade *hq = &ss->g[rm_strmap_get(&ss->names, "HQ-CAST")];
	assert_int_equal(scrap_classify(hq, &els, c, 4, "analyzed", NULL, 0), SCRAP_MEETS);
	/* The premium needs a measured analysis; a prediction does not qualify. */
	assert_int_equal(scrap_classify(hq, &els, c, 4, "predicted", NULL, 0), SCRAP_FAILS);
	c[mg] = 0.36;
	assert_int_equal(scrap_classify(hq, &els, c, 4, "analyzed", NULL, 0), SCRAP_FAILS);
	c[mg] = NAN; /* not reported: met only on what was analysed */
	char miss[32];
	assert_int_equal(scrap_classify(hq, &els, c, 4, "analyzed", miss, sizeof miss),
	                 SCRAP_UNVERIFIED);
	assert_string_equal(miss, "Mg");
	rm_elemset_free(&els);
	scrap_free(ss);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_paper_steps),
	    cmocka_unit_test(test_paper_points),
	    cmocka_unit_test(test_bad_options),
	    cmocka_unit_test(test_only),
	    cmocka_unit_test(test_chance_paper),
	    cmocka_unit_test(test_chance_paper_cuts),
	    cmocka_unit_test(test_scrap_classify),
	    cmocka_unit_test(test_partial_pricing),
	    cmocka_unit_test(test_lot_at_zero),
	    cmocka_unit_test(test_min_over_stock),
	    cmocka_unit_test(test_progress),
	    cmocka_unit_test(test_requote),
	    cmocka_unit_test(test_warm),
	    cmocka_unit_test(test_far),
	    cmocka_unit_test(test_grades_side_by_side),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
