/* rm_stat: the normal distribution and a seeded generator, for chance constraints and the
 * Monte Carlo risk check. The generator is xoshiro256** seeded through splitmix64, so a
 * seed gives the same samples on every machine. */
#ifndef RM_STAT_H
#define RM_STAT_H

#include <stdint.h>

/* P(Z <= z) for a standard normal Z. */
double rm_stat_cdf(double z);
/* z with P(Z <= z) = p, for 0 < p < 1 (to about 1e-12). */
double rm_stat_quantile(double p);

struct rm_rng {
	uint64_t s[4];
	double spare; /* Box-Muller makes normals in pairs */
	int has_spare;
};

void rm_rng_seed(struct rm_rng *r, uint64_t seed);
/* Uniform in (0, 1). */
double rm_rng_uniform(struct rm_rng *r);
/* Standard normal. */
double rm_rng_normal(struct rm_rng *r);

#endif
