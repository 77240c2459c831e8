/* estimate: the lots' compositions learnt from recorded heats (remelt estimate), and how far
 * off each source's stated sd really was.
 *
 * A heat's analysis of element e is a linear measurement of what it charged (FORMATS.md,
 * heat_results.csv):
 *     y = (heel_kg x heel_pct + recovery x sum_i yield_i x kg_i x c_i) / (heel_kg + sum_i
 *          yield_i x kg_i) + spectrometer error,
 * the error of one spark being sqrt((rel_sd x y)^2 + abs_sd^2) wt%, divided by sqrt(sparks).
 * recovery is heat_results.csv's (the furnace's), or the material's own rec_<El> from its row
 * of lots.csv, additives.csv or their archives when it has one, as plan and adjust charge it:
 * recovery_i x yield_i x kg_i x c_i.
 * The compositions c_i are the unknowns; their priors are the values of lots.csv and
 * additives.csv with their sd (the lot's sd_<El>, else its source's default, uncertainty.h).
 * Elements are independent, so each is one linear-Gaussian (Kalman) update over its heats,
 * exact for this model and equal to generalised least squares.
 *
 * A material that left lots.csv or additives.csv used up is read from the archive that
 * commit and record keep (lots_used.csv, additives_used.csv), for every heat that booked it
 * before the ledger emptied it (actual_mat.used_up) even when lots.csv holds a new lot of
 * that id since; a heat that charged a material in neither is left out.
 *
 * The calibrated error of a source and element pools its lots that entered heats: under the
 * model E[(mean - prior_mean)^2] = prior_sd^2 - sd^2, so
 *     factor = sqrt(sum (mean - prior_mean)^2 / sum (prior_sd^2 - sd^2))
 * is 1 when the stated sds are right and k when the lots were k times further off;
 * calibrated_rel_sd = factor x the source's stated rel_sd.
 *
 * Library code: no file is read here. Ownership: estimate_run returns an estimate freed with
 * estimate_free. */
#ifndef ESTIMATE_H
#define ESTIMATE_H

#include <stdbool.h>
#include <stddef.h>

#include "plant.h"
#include "record_actual.h"

#define EST_REL_SD 0.02  /* one spark's relative error: OES repeatability ~1-2% [E] */
#define EST_ABS_SD 0.002 /* wt%: near the detection limit of trace elements [E] */

struct est_opts {
	double rel_sd, abs_sd;
	/* heats recorded at or before this time (estimates.csv's last write, "" for none) are
	 * in the lots' values already: left out, not counted twice */
	const char *since;
};

struct est_lot {
	size_t mat; /* index: the plant's materials, then the archive's */
	const struct material *m;
	bool used_up;                              /* read from the archive: no longer in stock */
	size_t nheat;                              /* heats it entered, among those used */
	size_t *heat;                              /* indices into the actual set */
	double *prior_mean, *prior_sd, *mean, *sd; /* [nel] */
};

struct est_source {
	unsigned source; /* enum rm_source */
	size_t el;       /* index into the estimate's elements */
	double stated_rel_sd, factor, calibrated_rel_sd;
	size_t n; /* lots pooled */
};

struct estimate {
	size_t nel;
	int *z;    /* elements estimated: analysed in a heat used, columns of the plant */
	size_t *e; /* their indices in the plant's element set */
	size_t nlot;
	struct est_lot *lot; /* every lot in stock, then every other material a heat used charged */
	size_t nsrc;
	struct est_source *src;
	size_t heats_used, heats_skipped, heats_absorbed;
	const char *skipped_id; /* a material of the first heat left out; owned by the set */
	const char *skipped_heat;
};

/* arch: the used-up materials (NULL: none), loaded over the plant's element set. */
int estimate_run(const struct plant *p, const struct inventory *arch, const struct actual_set *s,
                 const struct est_opts *o, struct estimate **out, struct rm_error *err);
void estimate_free(struct estimate *est);

#endif
