/* The risk of a plan: per heat and element, the normal-model probability of meeting each
 * limit; per heat, the probability that it lands inside every window at once, exactly and
 * as a seeded Monte Carlo estimate.
 *
 * A heat's element e is comp_e plus a sum of independent normal lot errors of that element
 * alone (in a furnace sequence, also through the heel: the same lot's error in the heats
 * before it, scaled by what of their baths the heel holds), so the elements of one heat are
 * independent normals N(comp_e, sd_e): the heat's probability is the product over its elements of
 * P(lo_e <= X_e <= hi_e), and the Monte Carlo draws one normal per heat and element (the same law
 * as one draw per lot and element, at a twentieth of the cost on a day of 20 heats). It stays as
 * the check on the product that a reader can follow with pencil and paper. */
#include <math.h>
#include <stdlib.h>

#include "risk.h"
#include "rm_stat.h"

/* Values this close to a limit count as on it (float noise of recomputed compositions). */
#define RISK_EPS 1e-9

static double risk_p(double margin, double sd)
{
	if (isnan(margin))
		return NAN;
	if (sd <= 0)
		return margin >= -RISK_EPS ? 1.0 : 0.0;
	return rm_stat_cdf(margin / sd);
}

static void risk_spec(const struct plant *p, size_t h, size_t e, double *lo, double *hi)
{
	const struct grade_limit *l = grade_limit_of(&p->grades->g[p->heats->h[h].grade], e);
	*lo = l ? l->min : NAN;
	*hi = l ? l->max : NAN;
}

/* Adds w times the element-e deviation per unit lot error of heat h's charge into d[i]. */
static void risk_charge(const struct plant *p, const struct plan *pl, size_t h, size_t e,
                        const double *sd, double w, double *d)
{
	const struct plan_heat *ph = &pl->heats[h];
	const struct furnace *f = plant_furnace(p, h);
	for (size_t c = 0; c < ph->ncharge; c++) {
		const struct material *m = &p->inv->m[ph->charge[c].mat];
		d[ph->charge[c].mat] += w * m->yield * ph->charge[c].kg *
		                        sd[ph->charge[c].mat * pl->nel + e] *
		                        inv_rec(m, e, furnace_rec(f, e));
	}
}

/* sd (kg) of heat h's element-e mass: its charge's lot errors, and in a furnace sequence
 * those of the planned heats before it, heel_h / bath_prev of each bath (the same error of
 * a lot in every heat it enters: solver/model/model_seq.c). d: [nmat] work space. */
static double risk_sd_kg(const struct plant *p, const struct plan *pl, size_t h, size_t e,
                         const double *sd, double *d)
{
	for (size_t i = 0; i < pl->nmat; i++)
		d[i] = 0;
	double w = 1;
	for (long k = (long)h; k >= 0;) {
		risk_charge(p, pl, (size_t)k, e, sd, w, d);
		long prev = heat_prev(p->heats, (size_t)k);
		if (prev < 0 || !pl->heats[prev].feasible)
			break;
		w *= p->heats->h[k].heel_kg / plant_bath_kg(p, (size_t)prev);
		k = prev;
	}
	double var = 0;
	for (size_t i = 0; i < pl->nmat; i++)
		var += d[i] * d[i];
	return sqrt(var);
}

static void risk_normal(const struct plant *p, const struct plan *pl, size_t h, const double *sd,
                        double *d)
{
	struct plan_heat *ph = &pl->heats[h];
	double mass = plant_bath_kg(p, h);
	double p_int = 1, p_spec = 1;
	for (size_t e = 0; e < pl->nel; e++) {
		double s = risk_sd_kg(p, pl, h, e, sd, d) / mass, v = ph->comp[e], smin, smax;
		ph->risk.sd[e] = s;
		ph->risk.p_min[e] = risk_p(v - ph->lo[e], s);
		ph->risk.p_max[e] = risk_p(ph->hi[e] - v, s);
		risk_spec(p, h, e, &smin, &smax);
		if (isnan(smin) && isnan(smax))
			ph->risk.p_spec[e] = NAN;
		else
			ph->risk.p_spec[e] = (isnan(smax) ? 1.0 : risk_p(smax - v, s)) -
			                     (isnan(smin) ? 0.0 : 1.0 - risk_p(v - smin, s));
		/* P(lo <= X <= hi) = P(X >= lo) + P(X <= hi) - 1 */
		double in = (isnan(ph->risk.p_min[e]) ? 1.0 : ph->risk.p_min[e]) +
		            (isnan(ph->risk.p_max[e]) ? 1.0 : ph->risk.p_max[e]) - 1;
		p_int *= fmax(0, in);
		if (!isnan(ph->risk.p_spec[e]))
			p_spec *= fmax(0, ph->risk.p_spec[e]);
	}
	ph->risk.p_internal = p_int;
	ph->risk.p_in_spec = p_spec;
}

static bool risk_in(double v, double lo, double hi)
{
	return !(v < lo - RISK_EPS) && !(v > hi + RISK_EPS);
}

/* Samples drawn between two reads of the clock: a read costs about what a few normals do,
 * 256 samples of a heat at least 256 normals. */
#define RISK_CLOCK_EVERY 256

/* The Monte Carlo of heat h: each sample draws its composition from the independent normals
 * N(comp_e, sd_e) and counts whether it lands inside the internal limits and inside the
 * spec; stops at pl->samples, or once the clock passes t_end (0: never) with at least
 * RISK_MIN_SAMPLES drawn. lim: [4 nel] work space. Returns the samples drawn. */
static size_t risk_mc_heat(const struct plant *p, struct plan *pl, size_t h, struct rm_rng *rng,
                           double t_end, double *lim)
{
	size_t nel = pl->nel;
	struct plan_heat *ph = &pl->heats[h];
	for (size_t e = 0; e < nel; e++)
		risk_spec(p, h, e, &lim[4 * e + 2], &lim[4 * e + 3]);
	size_t hit_int = 0, hit_spec = 0, n = 0;
	for (; n < pl->samples; n++) {
		if (t_end > 0 && n >= RISK_MIN_SAMPLES && n % RISK_CLOCK_EVERY == 0 &&
		    plan_now() >= t_end)
			break;
		bool in_int = true, in_spec = true;
		for (size_t e = 0; e < nel; e++) {
			double sd = ph->risk.sd[e];
			double v = ph->comp[e] + (sd > 0 ? sd * rm_rng_normal(rng) : 0);
			in_int = in_int && risk_in(v, ph->lo[e], ph->hi[e]);
			in_spec = in_spec && risk_in(v, lim[4 * e + 2], lim[4 * e + 3]);
		}
		hit_int += in_int;
		hit_spec += in_spec;
	}
	ph->risk.mc_samples = n;
	ph->risk.mc_internal = n ? (double)hit_int / (double)n : NAN;
	ph->risk.mc_spec = n ? (double)hit_spec / (double)n : NAN;
	return n;
}

/* The Monte Carlo of every planned heat, by deadline (0: none). Each heat may take an even
 * share of the time left when it starts, so a short clock costs every heat samples rather
 * than the last ones all of theirs; without a deadline, or with one it does not reach, the
 * draws are those of the seed alone. pl->samples_drawn: the fewest any heat drew. */
static int risk_monte_carlo(const struct plant *p, struct plan *pl, double deadline)
{
	double *lim = malloc((4 * pl->nel + 1) * sizeof *lim);
	if (!lim)
		return -1;
	size_t left = 0;
	for (size_t h = 0; h < pl->nheat; h++)
		left += pl->heats[h].feasible;
	struct rm_rng rng;
	rm_rng_seed(&rng, pl->seed);
	pl->samples_drawn = pl->samples;
	for (size_t h = 0; h < pl->nheat; h++) {
		if (!pl->heats[h].feasible)
			continue;
		double t_end = 0;
		if (deadline > 0) {
			double now = plan_now();
			t_end = now + fmax(0, deadline - now) / (double)left;
		}
		left--;
		size_t n = risk_mc_heat(p, pl, h, &rng, t_end, lim);
		if (n < pl->samples_drawn)
			pl->samples_drawn = n;
	}
	free(lim);
	return 0;
}

int risk_compute(const struct plant *p, struct plan *pl, double deadline, struct rm_error *err)
{
	double *sd = malloc((pl->nmat * pl->nel + 1) * sizeof *sd);
	double *d = malloc((pl->nmat + 1) * sizeof *d);
	if (!sd || !d) {
		free(sd);
		free(d);
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < pl->nmat; i++)
		for (size_t e = 0; e < pl->nel; e++)
			sd[i * pl->nel + e] = unc_sd(p->unc, &p->inv->m[i], e, pl->as_analyzed);
	for (size_t h = 0; h < pl->nheat; h++)
		if (pl->heats[h].feasible)
			risk_normal(p, pl, h, sd, d);
	pl->samples_drawn = 0;
	int rc = pl->samples ? risk_monte_carlo(p, pl, deadline) : 0;
	free(sd);
	free(d);
	return rc < 0 ? rm_error_set(err, NULL, 0, 0, "out of memory") : 0;
}
