/* Diagnosis of infeasible plans (solver/diagnose/diagnose.c) on the small plants of tests/data
 * whose answers are worked out in their READMEs; tests/diag_tests.py checks the numbers against CBC
 * on these and on random plants. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan.h"
#include "plant.h"
#include "report.h"

static struct plant *load(const char *dir)
{
	struct plant *p = NULL;
	struct rm_error err = {0};
	int rc = plant_load(dir, true, &p, &err);
	if (rc)
		print_error("%s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
	assert_int_equal(rc, 0);
	return p;
}

static struct plan *solve(const struct plant *p, double margin)
{
	struct plan_opts o = {.margin = margin};
	struct plan *pl = NULL;
	struct rm_error err = {0};
	assert_int_equal(plan_solve(p, &o, &pl, &err), 0);
	return pl;
}

static size_t el(const struct plant *p, const char *sym)
{
	long e = rm_elemset_find(&p->els, rm_elem_z(sym));
	assert_true(e >= 0);
	return (size_t)e;
}

/* Si min and Fe max hold alone, not together (tests/data/conflict/README.md). */
static void test_conflict_pair(void **state)
{
	(void)state;
	struct plant *p = load("tests/data/conflict");
	struct plan *pl = solve(p, 0);
	const struct plan_heat *ph = &pl->heats[0];
	assert_int_equal(pl->status, PLAN_INFEASIBLE);
	assert_int_equal(ph->cause, PLAN_CAUSE_LIMITS);
	assert_int_equal(ph->nconflict, 2);
	assert_int_equal(ph->conflict[0].e, el(p, "Si"));
	assert_int_equal(ph->conflict[0].side, -1);
	assert_int_equal(ph->conflict[1].e, el(p, "Fe"));
	assert_int_equal(ph->conflict[1].side, +1);
	/* each fails given the other: best Si 0.1 + 0.9 * 5/14, best Fe 0.1 + 0.7 * 4/9 */
	assert_int_equal(ph->ndiag, 2);
	assert_true(fabs(ph->diag[0].achievable - (0.1 + 0.9 * 5 / 14.0)) < 1e-9);
	assert_true(fabs(ph->diag[1].achievable - (0.1 + 0.7 * 4 / 9.0)) < 1e-9);
	/* the least-violation charge stops at t = 5/14 and misses Si min only */
	assert_true(ph->fallback.found);
	assert_int_equal(ph->fallback.nviol, 1);
	assert_int_equal(ph->fallback.viol[0].e, el(p, "Si"));
	assert_true(fabs(ph->fallback.viol[0].by - (0.5 - 0.1 - 0.9 * 5 / 14.0)) < 1e-7);
	assert_true(fabs(ph->fallback.violation - ph->fallback.viol[0].by / 0.5) < 1e-7);
	assert_int_equal(ph->nfix, 0); /* more of A or B does not change their analyses */
	assert_int_equal(pl->nplanned, 0);
	plan_free(pl);
	plant_free(p);
}

/* Fe cannot reach the 6063 max (tests/data/fe_high/README.md): H1 is diagnosed, H2 planned. */
static void test_fe_high(void **state)
{
	(void)state;
	struct plant *p = load("tests/data/fe_high");
	struct plan *pl = solve(p, 0.1);
	const struct plan_heat *h1 = &pl->heats[0], *h2 = &pl->heats[1];
	assert_int_equal(pl->status, PLAN_INFEASIBLE);
	assert_false(h1->feasible);
	assert_int_equal(h1->cause, PLAN_CAUSE_LIMITS);
	assert_int_equal(h1->ndiag, 1);
	assert_int_equal(h1->diag[0].e, el(p, "Fe"));
	assert_int_equal(h1->diag[0].side, +1);
	assert_true(fabs(h1->diag[0].limit - 0.315) < 1e-12);
	assert_int_equal(h1->nconflict, 1);
	assert_true(h1->nfix >= 1);
	assert_string_equal(p->inv->m[h1->fix[0].mat].id, "P1020");
	assert_true(h2->feasible && h2->ncharge > 0);
	assert_int_equal(h2->cause, PLAN_CAUSE_NONE);
	assert_int_equal(pl->nplanned, 1);
	assert_true(fabs(pl->planned_cost - h2->cost) < 1e-6);
	assert_true(isnan(pl->total_cost));
	char *why = report_why(p, pl);
	assert_non_null(strstr(why, "H1 (grade limits)"));
	free(why);
	plan_free(pl);
	plant_free(p);
}

/* A sequenced heat no charge makes (tests/data/diag_seq_limits/README.md): its limits detail
 * is that of the heel it sits on, planned H1's bath (Fe 0.55), not the furnace's (Fe 0.1):
 * best Fe 0.775, and the closest charge (5,000 kg of D) reads the same. */
static void test_seq_limits_on_real_heel(void **state)
{
	(void)state;
	struct plant *p = load("tests/data/diag_seq_limits");
	struct plan *pl = solve(p, 0);
	const struct plan_heat *h1 = &pl->heats[0], *h2 = &pl->heats[1];
	size_t fe = el(p, "Fe");
	assert_true(h1->feasible);
	assert_true(fabs(h1->comp[fe] - 0.55) < 1e-9);
	assert_false(h2->feasible);
	assert_int_equal(h2->cause, PLAN_CAUSE_LIMITS);
	assert_int_equal(h2->ndiag, 1);
	assert_int_equal(h2->diag[0].e, fe);
	assert_true(fabs(h2->diag[0].achievable - 0.775) < 1e-9);
	assert_int_equal(h2->nconflict, 1);
	assert_true(h2->fallback.found);
	assert_true(fabs(h2->fallback.comp[fe] - 0.775) < 1e-7);
	assert_int_equal(h2->fallback.nviol, 1);
	assert_true(fabs(h2->fallback.viol[0].by - 0.425) < 1e-7);
	plan_free(pl);
	plant_free(p);
}

/* The same on a chain short of a lot it shares (tests/data/diag_seq_shared/README.md): H2's
 * detail is on H1's bath with the 200 kg of S that H1 leaves, best Si 2.2; with the whole
 * inventory there 2,500 kg of S met Si min 4.5 and the detail blamed no limit. */
static void test_seq_limits_shared_stock(void **state)
{
	(void)state;
	struct plant *p = load("tests/data/diag_seq_shared");
	struct plan *pl = solve(p, 0);
	const struct plan_heat *h1 = &pl->heats[0], *h2 = &pl->heats[1];
	size_t si = el(p, "Si");
	long s = inv_find(p->inv, "S");
	assert_true(s >= 0 && h1->feasible);
	assert_true(fabs(pl->used[s] - 4000) < 1e-6);
	assert_false(h2->feasible);
	assert_int_equal(h2->cause, PLAN_CAUSE_LIMITS);
	assert_int_equal(h2->ndiag, 1);
	assert_int_equal(h2->diag[0].e, si);
	assert_true(fabs(h2->diag[0].achievable - 2.2) < 1e-9);
	assert_true(h2->fallback.found);
	assert_true(fabs(h2->fallback.comp[si] - 2.2) < 1e-7);
	assert_int_equal(h2->fallback.nviol, 1);
	assert_true(fabs(h2->fallback.viol[0].by - 2.3) < 1e-7);
	double s_kg = 0; /* the closest charge takes all that is left of S */
	for (size_t k = 0; k < h2->fallback.ncharge; k++)
		if (h2->fallback.charge[k].mat == (size_t)s)
			s_kg = h2->fallback.charge[k].kg;
	assert_true(fabs(s_kg - 200) < 1e-4); /* the LP's tolerance: 199.999993 */
	plan_free(pl);
	plant_free(p);
}

/* feasible_alone of a sequenced heat (FORMATS.md) is that of its chain, on the bath the heats
 * before it leave, never the furnace's own heel:
 * - tests/data/diag_seq_heel (margin 0.1): H2 can be made on F's heel, not on H1's bath,
 *   whatever H1 takes: cause heel, alone false;
 * - tests/data/seq_heel with 800 kg of B (README's numbers): H1 needs a1 >= 800 kg of A,
 *   and H2 on its bath b2 >= 400 + a1 / 2 of B, so the chain needs 1,400 - a1 / 2 >= 900 kg
 *   of B: shared (unlimited stock makes it), alone false, though on F's heel H2 needs only
 *   400 kg of B. */
static void test_seq_feasible_alone(void **state)
{
	(void)state;
	struct plant *p = load("tests/data/diag_seq_heel");
	struct plan *pl = solve(p, 0.1);
	const struct plan_heat *h2 = &pl->heats[0]; /* heats.csv lists H2 first */
	assert_false(h2->feasible);
	assert_int_equal(h2->cause, PLAN_CAUSE_HEEL);
	assert_false(h2->alone);
	plan_free(pl);
	plant_free(p);
	p = load("tests/data/seq_heel");
	long b = inv_find(p->inv, "B");
	assert_true(b >= 0);
	p->inv->m[b].mass_kg = 800;
	pl = solve(p, 0);
	h2 = &pl->heats[0];
	assert_true(pl->heats[1].feasible); /* H1 */
	assert_false(h2->feasible);
	assert_int_equal(h2->cause, PLAN_CAUSE_SHARED);
	assert_false(h2->alone);
	plan_free(pl);
	plant_free(p);
}

/* The lines a screen shows under an unplanned heat come from reports/ (the TUI only draws
 * them): the cause, then each limit that cannot be met with the best value reachable
 * (tests/data/conflict/README.md: Si 0.42143 at best, Fe 0.41111). */
static void test_screen_lines(void **state)
{
	(void)state;
	struct plant *p = load("tests/data/conflict");
	struct plan *pl = solve(p, 0);
	const struct plan_heat *ph = &pl->heats[0];
	char line[240];
	assert_true(report_diag_line(line, sizeof line, p, ph, 0));
	assert_string_equal(line, "no charge from the whole inventory meets this grade");
	assert_true(report_diag_line(line, sizeof line, p, ph, 1));
	assert_string_equal(line, "Si min 0.5 wt% cannot be met: the best reachable with the "
	                          "other limits kept is 0.4214 wt%");
	assert_true(report_diag_line(line, sizeof line, p, ph, 2));
	assert_string_equal(line, "Fe max 0.35 wt% cannot be met: the best reachable with the "
	                          "other limits kept is 0.4111 wt%");
	assert_false(report_diag_line(line, sizeof line, p, ph, 3));
	plan_free(pl);
	plant_free(p);
}

/* A plan the clock stopped whose search found no plan of its own has no gap (NAN, solve.c):
 * the text says it is unknown (review h6: it printed "within nan% of the optimum"). */
static void test_gap_words(void **state)
{
	(void)state;
	char buf[64], *s = NULL;
	size_t len = 0;
	assert_string_equal(report_gap_words(buf, sizeof buf, 0.0257, 2),
	                    "within 2.57% of the optimum");
	assert_string_equal(report_gap_words(buf, sizeof buf, NAN, 3),
	                    "its gap to the optimum unknown");
	struct plan pl = {.status = PLAN_OPTIMAL, .mip = true, .mip_time_limit_hit = true};
	pl.mip_gap = NAN;
	pl.mip_time_s = 9.1;
	FILE *f = open_memstream(&s, &len);
	assert_non_null(f);
	report_text_mip(f, &pl);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(s, "whole units and charge rules: the time limit stopped the search; "
	                       "this is the best plan found, its gap to the optimum unknown "
	                       "(9.1 s)\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_conflict_pair),
	    cmocka_unit_test(test_fe_high),
	    cmocka_unit_test(test_screen_lines),
	    cmocka_unit_test(test_gap_words),
	    cmocka_unit_test(test_seq_limits_on_real_heel),
	    cmocka_unit_test(test_seq_limits_shared_stock),
	    cmocka_unit_test(test_seq_feasible_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
