/* sift: the charge LP by sifting (column generation); private to solver/. */
#ifndef SIFT_H
#define SIFT_H

#include "model.h"

/* Below this many columns the whole problem is small enough for the plain simplex. */
#define SIFT_MIN_COLS 2000
#define SIFT_NOT_DONE (-2)

/* Solves the LP of m (not a MIP) by sifting and leaves m->lp at its optimal basis, as the
 * simplex from scratch would: GLP_OPT. SIFT_NOT_DONE when it did not apply or could not
 * finish (too small, a MIP, a restricted problem without a feasible charge, a GLPK
 * failure): m->lp's basis is then undefined and the caller solves it from scratch. */
int sift_solve(struct model *m);
/* Sorts nc pairs (reduced cost, heat column) ascending and keeps, per heat, the first
 * per_heat of them (columns past the heats' are kept: elastic ones); how many are left.
 * per: [nh] work space. Both sifting loops (sift.c, chance_sift.c) pick their entering
 * columns so. */
int sift_pick(double *cand, int nc, size_t nm, size_t nh, int *per, int per_heat);
/* qsort's order of the pairs above: by reduced cost. */
int sift_cmp(const void *a, const void *b);

#endif
