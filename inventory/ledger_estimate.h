/* ledger_estimate: writing estimated compositions into lots.csv (remelt estimate --write),
 * under the commit's lock and journal, changing only the element and sd_<El> cells of the
 * lots written (an sd_<El> column lots.csv lacks is added at the end of the header, and of
 * every row, empty for the rows not written). The same transaction appends to
 * DIR/estimates.csv one row per lot and element, time,id,element,prior_mean,prior_sd,mean,sd,
 * so that the prior can be put back, and to ledger.csv one row of kind "estimate" per lot
 * (mass_kg 0, remaining_kg its stock: the stock does not change). A lot whose cell no longer
 * holds the prior (the file changed since the estimate) refuses the whole write.
 *
 * Library code: nothing here prints or exits. */
#ifndef LEDGER_ESTIMATE_H
#define LEDGER_ESTIMATE_H

#include <stddef.h>

#include "ledger.h"

#define LEDGER_ESTIMATES "estimates.csv"

struct ledger_est_cell {
	const char *id; /* a lot of lots.csv */
	int z;          /* the element */
	double prior_mean, prior_sd, mean, sd;
};

struct ledger_est_result {
	size_t lots, cells, columns_added;
	int recovered;
};

int ledger_estimate_write(const char *dir, const struct ledger_est_cell *c, size_t n,
                          const struct ledger_opts *o, struct ledger_est_result *res,
                          struct rm_error *err);

/* Undoes the last write: each cell it wrote (estimates.csv's rows of its time) must still hold
 * the value written, and gets its prior back; those rows leave estimates.csv (so its heats
 * count again) and each lot gets a ledger row of kind "estimate_undo". An sd_<El> column the
 * write added stays, holding the prior sd. */
int ledger_estimate_undo(const char *dir, const struct ledger_opts *o,
                         struct ledger_est_result *res, struct rm_error *err);

/* The time of the last write (the last row of dir/estimates.csv), "" when none: heats recorded
 * up to then are in the lots' values already. */
int ledger_estimate_last(const char *dir, char *when, size_t n, struct rm_error *err);

#endif
