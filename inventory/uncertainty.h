/* uncertainty: how well each element value of each material is known, as one standard
 * deviation in wt%.
 *
 * A lot's own sd_<El> cell wins. Otherwise a default by source applies:
 * sd = sqrt(abs^2 + (rel * value)^2), from the built-in table below or from an optional
 * uncertainty.csv in the data directory (columns source,element,rel_sd,abs_sd; element "*"
 * or empty = every element; a row for a single element beats the "*" row of its source).
 *
 *   source     rel    why
 *   analyzed   0.05   spectrometer analysis of a sample of a lot: repeatability is ~1-2%,
 *                     sampling a heterogeneous lot adds more [E]
 *   predicted  0.30   image-AI on shredded pieces: piece classes agree 80-90%, estimated
 *                     weights are off by 22-55% (reference, "Image-AI sorting") [S]/[E]
 *   nominal    0.35   typical values of a scrap class: the stream table's +-1 sd is 25-50%
 *                     of the mean (reference, "Typical stream compositions") [E]
 *   additive   0.01   additives.csv rows without a source: certified ingot and master
 *                     alloys [E]
 *
 * Elements a material does not report count as 0 with no uncertainty: a plant that fears an
 * element must report it (an empty Li cell is read as "no Li").
 *
 * Ownership: unc_load returns a table freed with unc_free. */
#ifndef UNCERTAINTY_H
#define UNCERTAINTY_H

#include <stdbool.h>

#include "inventory.h"

enum unc_class { UNC_ANALYZED, UNC_PREDICTED, UNC_NOMINAL, UNC_ADDITIVE, UNC_NCLASS };

struct unc {
	size_t nel;
	double *rel; /* [UNC_NCLASS * nel] */
	double *abs; /* [UNC_NCLASS * nel] */
};

/* Built-in defaults, overridden by path when path exists (NULL: defaults only). */
int unc_load(const char *path, const struct rm_elemset *els, struct unc **out,
             struct rm_error *err);
void unc_free(struct unc *u);
/* The class whose defaults apply to m. */
enum unc_class unc_class_of(const struct material *m);
/* sd of element e in m, wt%. With as_analyzed, a predicted or nominal material is taken as
 * analysed: its own sd cells are ignored and the analyzed default applies (what a
 * spectrometer shot would give). */
double unc_sd(const struct unc *u, const struct material *m, size_t e, bool as_analyzed);

#endif
