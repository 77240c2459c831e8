/* inventory: the materials a plant can charge, scrap lots (lots.csv) and additives
 * (additives.csv: primary metal, alloying elements, master alloys), loaded and validated.
 *
 * Ownership: inv_load returns an inventory the caller frees with inv_free. Element indexes
 * refer to the rm_elemset passed in, which the caller owns and which must outlive the
 * inventory; loading may add elements to it. */
#ifndef INVENTORY_H
#define INVENTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "rm_elem.h"
#include "rm_error.h"
#include "rm_source.h"
#include "rm_strmap.h"

enum mat_kind { MAT_LOT, MAT_ADDITIVE };
enum mat_source {
	SRC_ANALYZED = RM_SRC_ANALYZED,
	SRC_PREDICTED = RM_SRC_PREDICTED,
	SRC_NOMINAL = RM_SRC_NOMINAL
};

struct mat_trace {
	const char *name; /* column name, owned by the inventory */
	char *value;
};

/* The loaders' bounds, for whatever edits the same values (the TUI): the highest
 * price_per_kg a lots, additives or offers file may give; the most mass_kg, unit_kg, min_kg
 * (past it a value is a typo, not a plant); element values in [0, INV_MAX_PCT] wt%. */
#define INV_MAX_PRICE 1e7
#define INV_MAX_MASS 1e9
#define INV_MAX_PCT 100.0

struct material {
	char *id;
	enum mat_kind kind;
	double mass_kg; /* INFINITY: unlimited supply (additives only) */
	double price;   /* currency per kg charged */
	double yield;   /* kg of metal per kg charged, (0, 1] */
	double unit_kg; /* charged in whole units of this mass (bales, sows); 0 = any mass */
	double min_kg;  /* if charged into a heat at all, at least this much; 0 = no minimum */
	bool min_given; /* the min_kg cell was filled in (0 too): the furnace's min_charge_kg
	                 * does not apply */
	enum mat_source source;
	bool source_given; /* the source cell was filled in */
	bool recycled;     /* recycled metal (column `recycled`; default: lots yes, additives no) */
	bool quarantine;   /* held back (column `quarantine`): in no plan and no price */
	size_t nc;         /* entries of c and sd; elements past nc are not reported */
	double *c;         /* wt% of the recovered metal; NAN = not reported */
	double *sd;        /* one standard deviation, wt%; NAN = not given */
	double *rec;       /* rec_<El>: recovery of El in (0, 1]; NAN = the furnace's */
	size_t ntrace;
	struct mat_trace *trace;
	const char *file; /* the file it came from, owned by the inventory */
	long line;
};

struct inventory {
	size_t n;
	struct material *m; /* lots first, then additives, each in file order */
	size_t nlots;
	char *lots_file;
	char *additives_file; /* NULL when the plant has no additives.csv */
	size_t nnames;
	char **names; /* trace column names of both files */
	struct rm_strmap ids;
};

/* Loads lots_path (required) and additives_path (NULL or a missing file: no additives).
 * Element columns are added to els. */
int inv_load(const char *lots_path, const char *additives_path, struct rm_elemset *els,
             struct inventory **out, struct rm_error *err);
void inv_free(struct inventory *inv);

/* wt% of element e in m, 0 when not reported (the LP's reading of an empty cell). */
double inv_comp(const struct material *m, size_t e);
/* Whether element values summing to sum are a material the loader takes: at most 100 wt%,
 * give or take a lab report's rounding. */
bool inv_sum_ok(double sum);
/* Recovery of element e charged as m: its own rec_<El>, else furnace_rec (the furnace's). */
double inv_rec(const struct material *m, size_t e, double furnace_rec);
/* Whether m reports element e. */
bool inv_reports(const struct material *m, size_t e);
/* Index of the material with this id, or -1. */
long inv_find(const struct inventory *inv, const char *id);
const char *inv_source_name(enum mat_source s);
/* What a report shows as m's source: "certified" for additives that give none. */
const char *inv_source_label(const struct material *m);

#endif
