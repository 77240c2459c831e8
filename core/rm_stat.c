#include "rm_stat.h"

#include <math.h>

double rm_stat_cdf(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
}

/* Bisection on the cdf: slow by textbook standards, but it is called once per solve and
 * has no approximation error beyond erfc's own. */
double rm_stat_quantile(double p)
{
	double lo = -40, hi = 40;
	for (int i = 0; i < 200 && hi - lo > 1e-14; i++) {
		double mid = 0.5 * (lo + hi);
		if (rm_stat_cdf(mid) < p)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

static uint64_t stat_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void rm_rng_seed(struct rm_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = stat_splitmix(&seed);
	r->has_spare = 0;
}

static uint64_t stat_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t stat_next(struct rm_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = stat_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = stat_rotl(s[3], 45);
	return result;
}

double rm_rng_uniform(struct rm_rng *r)
{
	/* 53 random bits, shifted off zero so that log() below is finite. */
	return ((double)(stat_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double rm_rng_normal(struct rm_rng *r)
{
	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	double u = rm_rng_uniform(r), v = rm_rng_uniform(r);
	double rad = sqrt(-2.0 * log(u));
	r->spare = rad * sin(6.283185307179586476925 * v);
	r->has_spare = 1;
	return rad * cos(6.283185307179586476925 * v);
}
