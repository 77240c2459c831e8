/* v read at the curve's points only: the every-grade table, and chance constraints.
 *
 * Each point is one re-solve with the usage fixed there (warm dual simplex at confidence
 * 0; converged cutting planes under chance constraints), chained up the curve so that each
 * starts from the last basis. At confidence 0 the value is still exact: the range of the
 * basis says whether the point sits inside a piece or on a break, and on a break a step of
 * 1e-6 of the mass to the side asked for gives the piece there. Under chance constraints
 * G is smooth where it is not piecewise linear, and v is read at the point itself. */
#include <math.h>
#include <stdlib.h>

#include "price_lp.h"

#define SAMPLE_STEP_REL 1e-6

/* v at usage q from the side (-1: the q-th kg, +1: the one after), and G(q), the cost of
 * the rest of the charge; both NAN when no charge takes q kg. */
static int sample_at(struct price_lp *lp, size_t i, double q, int side, double *v, double *g)
{
	double mass = lp->inv->m[i].mass_kg, step = SAMPLE_STEP_REL * fmax(mass, 1), lo, hi;
	*v = *g = NAN;
	for (int pass = 0; pass < 2; pass++) {
		int st = price_fix(lp, i, q);
		if (st == GLP_NOFEAS)
			return 0;
		if (st != GLP_OPT)
			return -1;
		*v = price_read(lp, i, q, &lo, &hi);
		*g = price_obj(lp) - lp->inv->m[i].price * q;
		bool inside = side < 0 ? lo < q - step / 2 : hi > q + step / 2;
		if (lp->confidence > 0 || inside || pass)
			return 0;
		q = fmin(mass, fmax(0, q + side * step));
	}
	return 0;
}

/* What the optimum takes of an offer at its quote (its column free up to its mass), and
 * G there. */
static int sample_buy(struct price_lp *lp, size_t i, struct price_item *it, double *g)
{
	double u = model_unit(&lp->m, i);
	int st = price_point(lp, i, 0, it->mat->mass_kg / u);
	if (st != GLP_OPT)
		return -1;
	it->buy_kg = price_prim(lp, i) * u;
	*g = price_obj(lp) - it->mat->price * it->buy_kg;
	return 0;
}

/* Break-even: from the base when it already tells (price_base_item), else read at 0+. A
 * charge that cannot do without the item makes it INFINITY. */
static int sample_start(struct price_lp *lp, size_t i, struct price_item *it, double *g0)
{
	double v, x = lp->x[i];
	*g0 = lp->obj;
	/* One piece from 0 through the base usage: G(0) = G(x) + v x. */
	if (it->nstep == 1 && it->step[0].from_kg <= 0) {
		it->break_even = it->step[0].value;
		*g0 = lp->obj + (it->break_even - it->mat->price) * x;
	}
	it->nstep = 0; /* points only: no steps to show */
	if (!isnan(it->break_even))
		return 0;
	if (lp->confidence <= 0 && it->need_kg > 0) { /* known at confidence 0 */
		it->break_even = INFINITY;
		return 0;
	}
	if (lp->confidence <= 0 && !(it->max_kg > 0))
		return 0;
	if (sample_at(lp, i, 0, +1, &v, g0) < 0)
		return -1;
	it->break_even = v;
	if (isnan(v) && x > 0) {
		it->break_even = INFINITY;
		it->need_kg = NAN; /* somewhere up to the base usage: not walked here */
	}
	return 0;
}

int price_sample_item(struct price_lp *lp, size_t i, struct price_item *it)
{
	double g0, gq = lp->obj - it->mat->price * lp->x[i], g;
	if (sample_start(lp, i, it, &g0) < 0)
		return -1;
	/* Confidence 0 knows max_kg; under chance constraints it is the largest point that
	 * fits, a lower bound, and NAN when none did. */
	bool known = lp->confidence <= 0;
	if (!known)
		it->max_kg = NAN;
	/* v falls with q: a lot worth nothing at its first kg has no full-use price, and the
	 * every-grade table, which reads only that end, can skip it. */
	bool skip_end = lp->ends_only && !(it->break_even >= 0);
	for (size_t k = lp->ends_only ? PRICE_NCURVE - 1 : 0; k < PRICE_NCURVE; k++) {
		double q = it->curve_kg[k];
		if ((known && q > it->max_kg * (1 + 1e-9)) || skip_end)
			continue;
		if (sample_at(lp, i, q, -1, &it->curve[k], &g) < 0)
			return -1;
		if (!known && !isnan(it->curve[k]))
			it->max_kg = q;
	}
	double last = it->curve[PRICE_NCURVE - 1];
	it->full_use = last >= 0 ? last : NAN;
	if (it->offer) {
		price_restore(lp, i);
		if (sample_buy(lp, i, it, &gq) < 0)
			return -1;
	}
	/* The grade cannot do without it: no finite value, no margin. */
	price_verdict(it, isinf(it->break_even) ? NAN : it->buy_kg > 0 ? g0 - gq : 0);
	return 0;
}
