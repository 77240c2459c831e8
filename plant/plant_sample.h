/* plant_sample: a spectrometer sample of a bath (remelt adjust --sample), CSV
 * `element,wt_pct`, one row per spark and element. Several rows of one element are several
 * sparks: the sample's value is their mean and its sd their spread (never below the
 * spectrometer's default sd, PLANT_SAMPLE_SD_*). Other columns (spark number, time) are kept
 * as trace and ignored.
 *
 * Ownership: plant_sample_load returns a sample freed with plant_sample_free. */
#ifndef PLANT_SAMPLE_H
#define PLANT_SAMPLE_H

#include <stddef.h>

#include "plant.h"
#include "rm_error.h"

/* The default sd of one spark: PLANT_SAMPLE_SD_ABS wt% plus PLANT_SAMPLE_SD_REL of the value
 * (optical emission on aluminium: about 1-2% relative repeatability at alloying levels, about
 * 2 ppm at trace levels). */
#define PLANT_SAMPLE_SD_ABS 0.0002
#define PLANT_SAMPLE_SD_REL 0.02

struct plant_sample_el {
	int z;       /* atomic number */
	long e;      /* index in the plant's element set, -1 when the plant has no such column */
	double mean; /* wt%, mean of the sparks */
	double sd;   /* wt%: the sparks' spread (n - 1), at least the default */
	size_t n;    /* sparks */
	long line;   /* first row of the element */
};

struct plant_sample {
	char *file;
	size_t n;
	struct plant_sample_el *el; /* in order of first appearance */
	double sum;                 /* of the means, wt% */
};

/* Reads path. Refused with file:line:column: a cell that is not an element symbol, a value
 * outside [0, 100], means that sum over 100 wt%, no rows. */
int plant_sample_load(const char *path, const struct plant *p, struct plant_sample **out,
                      struct rm_error *err);
/* A sample typed in (the TUI): val[e] wt% of plant element e, NAN not typed; one spark each,
 * at the default sd. name is what reports call it. Refused: a value outside [0, 100], a sum
 * over 100. */
int plant_sample_typed(const struct plant *p, const double *val, const char *name,
                       struct plant_sample **out, struct rm_error *err);
void plant_sample_free(struct plant_sample *s);
/* Whether element means summing to sum are a sample the loaders take (a print-out may round
 * to a little over 100 wt%, not more): for whatever checks a sample as it is typed. */
bool plant_sample_sum_ok(double sum);
/* The sample's element of plant element e, or NULL when the sample does not report it. */
const struct plant_sample_el *plant_sample_of(const struct plant_sample *s, size_t e);
/* The default sd of one spark reading v wt%. */
double plant_sample_sd_default(double v);

#endif
