/* estimate_prior: the sds the lots had before remelt estimate --write, read back from
 * DIR/estimates.csv, so that a plan can be solved again without what the recorded heats
 * taught (plan --value-of-analysis: what the learning saved).
 *
 * A cell (lot, element) counts when lots.csv still holds the value and sd the last write of
 * that cell put there; its sd before the learning is the prior sd of the earliest write in
 * the unbroken chain back from there (each earlier write's posterior is the next one's
 * prior). A cell of a lot in stock that holds something else (edited since, or an id reused
 * by a new lot) is stale: it keeps its current sd and is counted; a lot used up is ignored. The
 * means stay as they are: the number asked is what the tighter sds are worth at the compositions
 * known today.
 *
 * Library code: nothing here prints or exits. */
#ifndef ESTIMATE_PRIOR_H
#define ESTIMATE_PRIOR_H

#include <stdbool.h>
#include <stddef.h>

#include "inventory.h"
#include "rm_elem.h"
#include "rm_error.h"

struct est_prior {
	size_t mat; /* index in the inventory (a lot) */
	size_t el;  /* index in the element set */
	double sd;  /* the sd before the learning; after est_prior_swap, the one swapped out */
};

struct est_priors {
	bool present; /* DIR/estimates.csv exists */
	size_t n;     /* cells that count */
	size_t lots;  /* lots among them */
	size_t stale; /* cells of lots in stock that no longer hold what was written */
	struct est_prior *x;
};

/* Reads dir/estimates.csv against the loaded inventory (its lots) and element set. A missing
 * file gives no cells; a bad one an error with file:line:column. */
int est_prior_read(const char *dir, const struct inventory *inv, const struct rm_elemset *els,
                   struct est_priors *out, struct rm_error *err);
/* Swaps each cell's sd with the inventory's: once puts the priors in, twice restores. */
void est_prior_swap(struct inventory *inv, struct est_priors *pr);
void est_prior_free(struct est_priors *pr);

#endif
