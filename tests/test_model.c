/* Known answers for solver/model/'s constructors and options: pricing's reference problem
 * (model_build_ref) on tests/data/mip_units, solved on paper in its README (the LP row), and
 * the option verbs. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glpk.h>

#include "model/model.h"
#include "plant.h"

static void near(double a, double b)
{
	if (!(fabs(a - b) < 1e-6 * fmax(1, fabs(b))))
		fail_msg("%.12g, expected %.12g", a, b);
}

/* mip_units: lots A (10 t, 200/kg, Fe 0.8) and B (4,500 kg, 350/kg, Fe 0.2, bales of
 * 1,000 kg), then additive P (unlimited, 450/kg, Fe 0.1, sows of 500 kg); grade G Fe <= 0.4,
 * Si <= 1.0; no furnace. The extra material: a lot like A at 100/kg, 2,000 kg. */
struct fixture {
	struct plant *p;
	struct inventory extra;
	struct material offer;
};

static int setup(void **state)
{
	static struct fixture fx;
	struct rm_error err = {0};
	memset(&fx, 0, sizeof fx);
	if (plant_load("tests/data/mip_units", true, &fx.p, &err) < 0)
		return -1;
	fx.offer = fx.p->inv->m[0];
	fx.offer.mass_kg = 2000;
	fx.offer.price = 100;
	fx.extra = (struct inventory){.n = 1, .m = &fx.offer, .nlots = 1};
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	plant_free(fx->p);
	return 0;
}

/* The day's model has the mass row, Fe and Si rows, and availability rows for A and B (P is
 * unlimited); the reference problem the same three rows and none for stock: A bounded to
 * 10,000 kg, B to 4.5 bales (continuous: the broken bale counts), P free, the offer fixed
 * at 0, every column continuous. */
static void test_ref_shape(void **state)
{
	struct fixture *fx = *state;
	struct rm_error err = {0};
	struct model_opts o = model_opts_default(0);
	struct model day, ref;
	size_t h0 = 0;
	assert_int_equal(model_build(&day, fx->p, &h0, 1, &o, &err), 0);
	assert_int_equal(glp_get_num_rows(day.lp), 5);
	assert_true(day.mip);
	model_free(&day);

	assert_int_equal(model_build_ref(&ref, fx->p, &fx->extra, 0, 10000, &o, &err), 0);
	assert_int_equal(glp_get_num_rows(ref.lp), 3);
	assert_int_equal(glp_get_num_cols(ref.lp), 4);
	assert_int_equal(ref.nm, 4);
	assert_int_equal(ref.nh, 1);
	assert_false(ref.mip);
	assert_string_equal(ref.p->heats->h[0].id, "reference");
	assert_int_equal(ref.p->heats->h[0].furnace, -1);
	near(ref.p->heats->h[0].mass_kg, 10000);
	for (size_t i = 0; i < ref.nm; i++)
		assert_int_equal(ref.avail_row[i], 0);
	for (int j = 1; j <= 4; j++)
		assert_int_equal(glp_get_col_kind(ref.lp, j), GLP_CV);
	assert_int_equal(glp_get_col_type(ref.lp, model_col(&ref, 0, 0)), GLP_DB);
	near(glp_get_col_ub(ref.lp, model_col(&ref, 0, 0)), 10000);
	assert_int_equal(glp_get_col_type(ref.lp, model_col(&ref, 0, 1)), GLP_DB);
	near(glp_get_col_ub(ref.lp, model_col(&ref, 0, 1)), 4.5);
	assert_int_equal(glp_get_col_type(ref.lp, model_col(&ref, 0, 2)), GLP_LO);
	assert_int_equal(glp_get_col_type(ref.lp, model_col(&ref, 0, 3)), GLP_FX);
	near(glp_get_col_ub(ref.lp, model_col(&ref, 0, 3)), 0);
	/* a bale of B: 350,000 JPY, 2 kg of Fe into the Fe row, whose bound is 40 kg */
	near(glp_get_obj_coef(ref.lp, model_col(&ref, 0, 1)), 350000);
	near(model_coef(&ref, 0, 1, 0) * model_unit(&ref, 1), 2);
	model_free(&ref);
}

/* The LP row of mip_units' README: b = 4,500 (the stock bound binds), Fe binding at 40 kg,
 * a = 25.5 / 0.007 = 3,642.857 kg, p = 1,857.143 kg, 3,139,285.71 JPY; the offer, cheaper
 * than A, stays out at its fixed 0. */
static void test_ref_lp(void **state)
{
	struct fixture *fx = *state;
	struct rm_error err = {0};
	struct model_opts o = model_opts_default(0);
	struct model ref;
	glp_term_out(GLP_OFF);
	assert_int_equal(model_build_ref(&ref, fx->p, &fx->extra, 0, 10000, &o, &err), 0);
	assert_int_equal(model_solve(&ref), GLP_OPT);
	near(model_obj(&ref), 1575000 + 450 * 5500 - 250 * (25.5 / 0.007));
	near(model_x(&ref, 0, 0), 25.5 / 0.007);
	near(model_x(&ref, 0, 1), 4500);
	near(model_x(&ref, 0, 2), 5500 - 25.5 / 0.007);
	near(model_x(&ref, 0, 3), 0);
	model_free(&ref);
	glp_term_out(GLP_ON);
}

/* The defaults, the copy the build keeps, and a scoped verb giving back what it replaced. */
static void test_opts(void **state)
{
	struct fixture *fx = *state;
	struct rm_error err = {0};
	struct model_opts o = model_opts_default(0.25);
	near(o.margin, 0.25);
	assert_int_equal(o.time_limit_ms, MODEL_DEFAULT_TIME_LIMIT_MS);
	assert_int_equal(o.it_lim, 0);
	assert_false(o.split_cones);
	o.mip_gap = 0.01;
	struct model m;
	size_t h0 = 0;
	assert_int_equal(model_build(&m, fx->p, &h0, 1, &o, &err), 0);
	near(m.opt.mip_gap, 0.01);
	near(m.opt.margin, 0.25);
	assert_int_equal(model_with_it_lim(&m, 77), 0);
	assert_int_equal(model_with_it_lim(&m, 0), 77);
	assert_false(model_with_split_cones(&m, true));
	assert_true(model_with_split_cones(&m, false));
	assert_false(m.opt.split_cones);
	model_free(&m);
}

/* model_scale gives glp_scale_prob's factors bit for bit (chance_sift.c rescales every round
 * with it): on a sparse matrix whose entries span twelve decades, with an empty row and an
 * empty column, and on a well-scaled one (every factor stays 1). */
static void scale_case(double span)
{
	glp_prob *a = glp_create_prob(), *b = glp_create_prob();
	int nr = 30, nc = 40, ind[41];
	double val[41];
	unsigned x = 12345;
	glp_add_rows(a, nr);
	glp_add_cols(a, nc);
	for (int i = 1; i < nr; i++) { /* row nr stays empty, and column nc */
		int n = 0;
		for (int j = 1; j < nc; j++) {
			x = x * 1103515245u + 12345u;
			if ((x >> 16) % 4)
				continue;
			ind[++n] = j;
			val[n] = ((x >> 8) % 2 ? -1 : 1) *
			         pow(10, span * (((x >> 4) % 1000) / 1000.0 - 0.5));
		}
		glp_set_mat_row(a, i, n, ind, val);
	}
	glp_copy_prob(b, a, GLP_OFF);
	struct model m = {.lp = a};
	model_scale(&m);
	glp_scale_prob(b, GLP_SF_AUTO);
	for (int i = 1; i <= nr; i++)
		assert_true(glp_get_rii(a, i) == glp_get_rii(b, i));
	for (int j = 1; j <= nc; j++)
		assert_true(glp_get_sjj(a, j) == glp_get_sjj(b, j));
	glp_delete_prob(a);
	glp_delete_prob(b);
}

static void test_scale(void **state)
{
	(void)state;
	glp_term_out(GLP_OFF);
	scale_case(12);
	scale_case(1.5);
	glp_term_out(GLP_ON);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ref_shape),
	    cmocka_unit_test(test_ref_lp),
	    cmocka_unit_test(test_opts),
	    cmocka_unit_test(test_scale),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
