/* Parametric steps along one material's usage q: the exact value curve v(q) of price.h.
 *
 * Fix the usage at q and re-optimise from the last basis with the dual simplex (only a
 * bound moved, so the basis stays dual feasible and usually one pivot does it). The fixed
 * column's reduced cost d is the dual of that bound: v = price - d. glp_analyze_bound gives
 * the range of q over which the basis stays primal feasible, hence optimal with the same
 * duals: v is constant there. Stepping just past the end of the range and re-solving gives
 * the next piece. Walking up from the base usage to the mass and down to 0 gives every
 * piece; a piece shorter than the step (1e-6 of the mass) is merged into its neighbour. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "price_lp.h"

/* Steps of 1e-6 of the mass sit well above GLPK's 1e-7 relative bound tolerance, so the
 * dual simplex sees each step as a real change, and well below anything a buyer weighs. */
#define PRICE_STEP_REL 1e-6
/* A walk that needs more pieces than this jumps to its end: the end values stay exact, the
 * middle of the curve coarser. Real lots in one heat show a few dozen breaks at most. */
#define PRICE_MAX_STEPS 400

/* Appends the piece (a, b] of value v. The array grows by doubling from 8: its capacity is
 * implied by nstep, so the two passes over an item need not carry it. */
static int walk_add(struct price_item *it, double a, double b, double v)
{
	if (b < a) {
		double t = a;
		a = b;
		b = t;
	}
	if (!(b > a))
		return 0;
	size_t n = it->nstep;
	if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
		struct price_step *ns = realloc(it->step, (n ? 2 * n : 8) * sizeof *ns);
		if (!ns)
			return -1;
		it->step = ns;
	}
	it->step[it->nstep++] = (struct price_step){a, b, v};
	return 0;
}

/* A column in whole units counts units: its values are per unit, hence the u. */
double price_read(const struct price_lp *lp, size_t i, double q, double *lo, double *hi)
{
	glp_prob *P = lp->P;
	int col = lp->col[i];
	double u = model_unit(&lp->m, i);
	double d = lp->pt ? lp->pt_sol.d : glp_get_col_dual(P, col);
	double v = (glp_get_obj_coef(P, col) - d) / u;
	int var;
	*lo = *hi = q;
	/* glp_simplex solves a copy of the problem and leaves P without a factorization. */
	if (lp->confidence > 0 || glp_get_col_stat(P, col) == GLP_BS ||
	    (!glp_bf_exists(P) && glp_factorize(P) != 0))
		return v;
	glp_analyze_bound(P, glp_get_num_rows(P) + col, lo, &var, hi, &var);
	*lo *= u;
	*hi *= u;
	return v;
}

/* From q0 towards lim (dir -1: down to 0, +1: up to the mass). Returns how far a feasible
 * charge reached, or NAN when GLPK failed. */
static double walk_dir(struct price_lp *lp, size_t i, struct price_item *it, double q0, double lim,
                       int dir)
{
	double mass = it->mat->mass_kg, base = PRICE_STEP_REL * fmax(mass, 1), step = base;
	double q = q0, tol = 1e-9 * fmax(mass, 1);
	price_restore(lp, i);
	for (int n = 0; dir * (lim - q) > tol; n++) {
		double target = n >= PRICE_MAX_STEPS ? lim : q + dir * step;
		if (dir * (target - lim) > 0)
			target = lim;
		int st = price_fix(lp, i, target);
		if (st == GLP_NOFEAS)
			break;
		if (st != GLP_OPT)
			return NAN;
		double lo, hi, v = price_read(lp, i, target, &lo, &hi);
		double end = dir > 0 ? fmin(lim, fmax(hi, target)) : fmax(lim, fmin(lo, target));
		/* A basis that reaches no further than the step is degenerate or inside GLPK's
		 * tolerance: grow the step so that the walk cannot crawl. */
		step = dir * (end - target) > base ? base : 2 * step;
		if (walk_add(it, q, end, v) < 0)
			return NAN;
		q = end;
	}
	return q;
}

int price_base_item(struct price_lp *lp, size_t i, struct price_item *it)
{
	glp_prob *P = lp->P;
	int col = lp->col[i];
	double x = lp->x[i], mass = it->mat->mass_kg, lo, hi;
	it->used_kg = it->buy_kg = it->offer ? 0 : x;
	if (lp->confidence > 0) {
		/* A first kg adds no variance to first order, so the base's own reduced cost is
		 * the break-even even under chance constraints: on the KKT conditions when the
		 * base solved there, else GLPK's (of a column at a bound). */
		if (x > 0 || (!lp->kkt && glp_get_col_stat(P, col) == GLP_BS))
			return 0;
		struct price_kkt_sol sol = {.d = glp_get_col_dual(P, col)};
		if (lp->kkt)
			price_kkt_base(lp->kkt, col, &sol);
		it->break_even = (glp_get_obj_coef(P, col) - sol.d) / model_unit(&lp->m, i);
		return 0;
	}
	if (glp_get_col_stat(P, col) == GLP_BS)
		return 0;
	double v = price_read(lp, i, x, &lo, &hi);
	if (x <= 0)
		return walk_add(it, 0, fmin(mass, fmax(hi, 0)), v);
	return walk_add(it, fmax(0, fmin(lo, mass)), mass, v);
}

static int walk_cmp(const void *a, const void *b)
{
	const struct price_step *x = a, *y = b;
	return (x->from_kg > y->from_kg) - (x->from_kg < y->from_kg);
}

/* Sorts the pieces and merges neighbours of equal value (degenerate pivots). */
static void walk_tidy(struct price_item *it)
{
	if (!it->nstep) /* a lot of 0 kg has no step, and no array for qsort */
		return;
	qsort(it->step, it->nstep, sizeof *it->step, walk_cmp);
	size_t n = 0;
	for (size_t k = 0; k < it->nstep; k++) {
		struct price_step *s = &it->step[k];
		if (n && fabs(it->step[n - 1].value - s->value) <= 1e-9 * fmax(1, fabs(s->value))) {
			it->step[n - 1].to_kg = s->to_kg;
			continue;
		}
		it->step[n++] = *s;
	}
	it->nstep = n;
}

/* v(q) for need_kg < q <= max_kg: the value of the piece holding q; NAN outside, where
 * no charge takes q kg. */
static double walk_value_at(const struct price_item *it, double q)
{
	double tol = 1e-9 * fmax(it->mat->mass_kg, 1);
	if (!(q <= it->max_kg + tol) || !it->nstep || q < it->step[0].from_kg - tol)
		return NAN;
	for (size_t k = 0; k < it->nstep; k++)
		if (it->step[k].to_kg >= q - tol)
			return it->step[k].value;
	return NAN;
}

/* The buy at the item's price (an offer: as much as has value >= the quote; a lot: what
 * the base optimum uses) and what those kg are worth, the area under v. */
void price_walk_verdict(struct price_item *it)
{
	double price = it->mat->price, gain = 0;
	for (size_t k = 0; it->offer && k < it->nstep; k++)
		if (it->step[k].value >= price)
			it->buy_kg = it->step[k].to_kg;
	for (size_t k = 0; k < it->nstep; k++) {
		double a = it->step[k].from_kg, b = fmin(it->step[k].to_kg, it->buy_kg);
		if (b > a)
			gain += (b - a) * it->step[k].value;
	}
	price_verdict(it, it->need_kg > 0 ? NAN : gain);
}

int price_walk_item(struct price_lp *lp, size_t i, struct price_item *it)
{
	double mass = it->mat->mass_kg, tol = 1e-9 * fmax(mass, 1), x = lp->x[i];
	double top = it->max_kg, bottom = it->need_kg;
	/* Where the base piece (if any) left off. */
	double up = x, down = x;
	if (it->nstep == 1 && x <= 0)
		up = it->step[0].to_kg;
	else if (it->nstep == 1)
		down = it->step[0].from_kg;
	if (up < top - tol)
		top = walk_dir(lp, i, it, up, top, +1);
	if (down > bottom + tol)
		bottom = walk_dir(lp, i, it, down, bottom, -1);
	if (isnan(top) || isnan(bottom))
		return -1;
	walk_tidy(it);
	it->max_kg = top >= mass - tol ? mass : top;
	it->need_kg = bottom > tol ? bottom : 0;
	if (it->need_kg > 0)
		it->break_even = INFINITY;
	else if (it->nstep && it->max_kg > tol)
		it->break_even = it->step[0].value;
	if (it->max_kg >= mass && it->nstep && it->step[it->nstep - 1].value >= 0)
		it->full_use = it->step[it->nstep - 1].value;
	for (size_t k = 0; k < PRICE_NCURVE; k++)
		it->curve[k] = walk_value_at(it, it->curve_kg[k]);
	price_walk_verdict(it);
	return 0;
}
