/* The risk of a plan: per heat and element, the normal-model probability of meeting each
 * limit, and a seeded Monte Carlo estimate that the whole heat lands in its windows.
 * One draw per lot and element is shared by every heat the lot goes into: a lot has one
 * true composition, however it is split. */
#include <math.h>
#include <stdlib.h>

#include "model.h"
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
	const struct grade_limit *l =
		grade_limit_of(&p->grades->g[p->heats->h[h].grade], e);
	*lo = l ? l->min : NAN;
	*hi = l ? l->max : NAN;
}

static void risk_normal(const struct plant *p, const struct plan *pl, size_t h, const double *sd)
{
	struct plan_heat *ph = &pl->heats[h];
	double mass = plant_bath_kg(p, h);
	const struct furnace *f = plant_furnace(p, h);
	for (size_t e = 0; e < pl->nel; e++) {
		double var = 0;
		for (size_t c = 0; c < ph->ncharge; c++) {
			const struct material *m = &p->inv->m[ph->charge[c].mat];
			double d = m->yield * ph->charge[c].kg * sd[ph->charge[c].mat * pl->nel + e] *
				   furnace_rec(f, e);
			var += d * d;
		}
		double s = sqrt(var) / mass, v = ph->comp[e], smin, smax;
		ph->risk.sd[e] = s;
		ph->risk.p_min[e] = risk_p(v - ph->lo[e], s);
		ph->risk.p_max[e] = risk_p(ph->hi[e] - v, s);
		risk_spec(p, h, e, &smin, &smax);
		if (isnan(smin) && isnan(smax))
			ph->risk.p_spec[e] = NAN;
		else
			ph->risk.p_spec[e] = (isnan(smax) ? 1.0 : risk_p(smax - v, s)) -
					     (isnan(smin) ? 0.0 : 1.0 - risk_p(v - smin, s));
	}
}

static bool risk_in(double v, double lo, double hi)
{
	return !(v < lo - RISK_EPS) && !(v > hi + RISK_EPS);
}

/* One sample: does each heat meet its internal (ok[2h]) and spec (ok[2h+1]) limits? */
static void risk_sample(const struct plant *p, const struct plan *pl, const double *delta,
			double *dev, size_t *hits)
{
	for (size_t h = 0; h < pl->nheat; h++) {
		const struct plan_heat *ph = &pl->heats[h];
		if (!ph->feasible)
			continue;
		double mass = plant_bath_kg(p, h);
		const struct furnace *f = plant_furnace(p, h);
		for (size_t e = 0; e < pl->nel; e++)
			dev[e] = 0;
		for (size_t c = 0; c < ph->ncharge; c++) {
			const struct material *m = &p->inv->m[ph->charge[c].mat];
			const double *d = delta + ph->charge[c].mat * pl->nel;
			double w = m->yield * ph->charge[c].kg / mass;
			for (size_t e = 0; e < pl->nel; e++)
				dev[e] += w * d[e] * furnace_rec(f, e);
		}
		bool in_int = true, in_spec = true;
		for (size_t e = 0; e < pl->nel; e++) {
			double v = ph->comp[e] + dev[e], smin, smax;
			in_int = in_int && risk_in(v, ph->lo[e], ph->hi[e]);
			risk_spec(p, h, e, &smin, &smax);
			in_spec = in_spec && risk_in(v, smin, smax);
		}
		hits[2 * h] += in_int;
		hits[2 * h + 1] += in_spec;
	}
}

static int risk_monte_carlo(const struct plant *p, struct plan *pl, const double *sd)
{
	size_t n = pl->nmat * pl->nel;
	double *delta = calloc(n + 1, sizeof *delta);
	double *dev = calloc(pl->nel + 1, sizeof *dev);
	size_t *hits = calloc(2 * pl->nheat + 1, sizeof *hits);
	if (!delta || !dev || !hits) {
		free(delta);
		free(dev);
		free(hits);
		return -1;
	}
	struct rm_rng rng;
	rm_rng_seed(&rng, pl->seed);
	for (size_t s = 0; s < pl->samples; s++) {
		for (size_t i = 0; i < pl->nmat; i++)
			if (pl->used[i] > 0)
				for (size_t e = 0; e < pl->nel; e++) {
					double d = sd[i * pl->nel + e];
					delta[i * pl->nel + e] = d > 0 ? d * rm_rng_normal(&rng) : 0;
				}
		risk_sample(p, pl, delta, dev, hits);
	}
	for (size_t h = 0; h < pl->nheat; h++)
		if (pl->heats[h].feasible) {
			pl->heats[h].risk.mc_internal = (double)hits[2 * h] / (double)pl->samples;
			pl->heats[h].risk.mc_spec = (double)hits[2 * h + 1] / (double)pl->samples;
		}
	free(delta);
	free(dev);
	free(hits);
	return 0;
}

int risk_compute(const struct plant *p, struct plan *pl, struct rm_error *err)
{
	double *sd = malloc((pl->nmat * pl->nel + 1) * sizeof *sd);
	if (!sd)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < pl->nmat; i++)
		for (size_t e = 0; e < pl->nel; e++)
			sd[i * pl->nel + e] = unc_sd(p->unc, &p->inv->m[i], e, pl->as_analyzed);
	for (size_t h = 0; h < pl->nheat; h++)
		if (pl->heats[h].feasible)
			risk_normal(p, pl, h, sd);
	int rc = pl->samples ? risk_monte_carlo(p, pl, sd) : 0;
	free(sd);
	return rc < 0 ? rm_error_set(err, NULL, 0, 0, "out of memory") : 0;
}
