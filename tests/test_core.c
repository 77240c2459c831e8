/* Strict numbers, element symbols, the id map, margins and number formatting. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "grades.h"
#include "report.h"
#include "rm_elem.h"
#include "rm_num.h"
#include "rm_strmap.h"

static void test_num_accepts(void **state)
{
	(void)state;
	const char *why;
	double v;
	assert_int_equal(rm_num_parse(" 0.45 ", &v, &why), 0);
	assert_true(v == 0.45);
	assert_int_equal(rm_num_parse("-1e3", &v, &why), 0);
	assert_true(v == -1000);
	assert_int_equal(rm_num_parse(".5", &v, &why), 0);
	assert_true(v == 0.5);
	assert_int_equal(rm_num_parse("5.", &v, &why), 0);
	assert_true(v == 5);
	assert_int_equal(rm_num_parse("1e-400", &v, &why), 0);
	assert_true(v == 0);
}

static void test_num_refuses(void **state)
{
	(void)state;
	static const char *const bad[] = {"nan",  "NaN",   "inf",   "-inf", "Infinity", "1e400",
	                                  "0x10", "1,5",   "12 kg", "",     "-",        "e5",
	                                  "1e",   "1.2.3", "--1",   "1e+"};
	const char *why;
	double v;
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		why = NULL;
		assert_int_equal(rm_num_parse(bad[k], &v, &why), -1);
		assert_non_null(why);
	}
	rm_num_parse("1,5", &v, &why);
	assert_non_null(strstr(why, "decimal comma"));
	rm_num_parse("1e400", &v, &why);
	assert_string_equal(why, "is out of range");
}

static void test_elements(void **state)
{
	(void)state;
	assert_int_equal(rm_elem_z("H"), 1);
	assert_int_equal(rm_elem_z("Fe"), 26);
	assert_int_equal(rm_elem_z("Li"), 3);
	assert_int_equal(rm_elem_z("Og"), 118);
	assert_int_equal(rm_elem_z("fe"), 0);
	assert_int_equal(rm_elem_z("FE"), 0);
	assert_int_equal(rm_elem_z("Xx"), 0);
	assert_int_equal(rm_elem_z("id"), 0);
	assert_int_equal(rm_elem_z(""), 0);
	assert_string_equal(rm_elem_symbol(13), "Al");
	assert_null(rm_elem_symbol(119));
	struct rm_elemset s = {0};
	assert_int_equal(rm_elemset_add(&s, 26), 0);
	assert_int_equal(rm_elemset_add(&s, 14), 1);
	assert_int_equal(rm_elemset_add(&s, 26), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(rm_elemset_find(&s, 3), -1);
	rm_elemset_free(&s);
}

static void test_strmap(void **state)
{
	(void)state;
	struct rm_strmap m = {0};
	char keys[1000][8];
	for (size_t i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof keys[i], "L%zu", i);
		assert_int_equal(rm_strmap_put(&m, keys[i], i), 0);
	}
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(rm_strmap_get(&m, keys[i]), (long)i);
	assert_int_equal(rm_strmap_get(&m, "L1000"), -1);
	assert_int_equal(m.n, 1000);
	rm_strmap_free(&m);
}

static void test_margins(void **state)
{
	(void)state;
	double lo, hi;
	struct grade_limit two = {.min = 0.20, .max = 0.60, .line = 1};
	grade_internal(&two, 0.1, &lo, &hi);
	assert_true(fabs(lo - 0.24) < 1e-15 && fabs(hi - 0.56) < 1e-15);
	struct grade_limit maxonly = {.min = NAN, .max = 0.35, .line = 1};
	grade_internal(&maxonly, 0.2, &lo, &hi);
	assert_true(isnan(lo) && fabs(hi - 0.28) < 1e-15);
	struct grade_limit minonly = {.min = 99.7, .max = NAN, .line = 1};
	grade_internal(&minonly, 0.1, &lo, &hi);
	assert_true(fabs(lo - 99.73) < 1e-12 && isnan(hi));
	struct grade_limit smallmin = {.min = 0.05, .max = NAN, .line = 1};
	grade_internal(&smallmin, 0.1, &lo, &hi);
	assert_true(fabs(lo - 0.055) < 1e-15);
	grade_internal(&two, 0, &lo, &hi);
	assert_true(lo == 0.20 && hi == 0.60);
	/* An aim replaces the margin (any margin): [aim - tol, aim + tol] within the spec. */
	struct grade_limit aim = {
	    .min = 0.20, .max = 0.60, .has_aim = true, .aim = 0.5, .tol = 0.15};
	grade_internal(&aim, 0.1, &lo, &hi);
	assert_true(fabs(lo - 0.35) < 1e-15 && hi == 0.60);
	grade_internal(&aim, 0, &lo, &hi);
	assert_true(fabs(lo - 0.35) < 1e-15 && hi == 0.60);
	struct grade_limit aimmax = {
	    .min = NAN, .max = 0.35, .has_aim = true, .aim = 0.02, .tol = 0.05};
	grade_internal(&aimmax, 0.2, &lo, &hi);
	assert_true(isnan(lo) && fabs(hi - 0.07) < 1e-15); /* 0.02 - 0.05 < 0: no lower side */
}

static void test_report_num(void **state)
{
	(void)state;
	char b[32];
	report_num(b, sizeof b, 1234567.891, 1);
	assert_string_equal(b, "1,234,567.9");
	report_num(b, sizeof b, -999.5, 0);
	assert_string_equal(b, "-1,000");
	report_num(b, sizeof b, 12, 2);
	assert_string_equal(b, "12.00");
	report_num(b, sizeof b, 100000, 0);
	assert_string_equal(b, "100,000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_num_accepts), cmocka_unit_test(test_num_refuses),
	    cmocka_unit_test(test_elements),    cmocka_unit_test(test_strmap),
	    cmocka_unit_test(test_margins),     cmocka_unit_test(test_report_num),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
