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

#endif
