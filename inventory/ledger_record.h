/* ledger_record: what a heat actually charged and analysed, booked once, crash-safe.
 *
 * `remelt record` reads the weighed charge (CSV id,mass_kg) and the tapped metal's analysis
 * (CSV element,wt_pct, several rows of one element being several sparks), then, under the
 * commit's lock and journal (ledger_tx.c), in one transaction:
 *   - a heat of a committed plan (ledger rows of kind lot/additive/unlimited with its heat):
 *     the difference between the weighed and the booked kg of each material goes back to
 *     (kind "return") or comes out of (kind "record") lots.csv and additives.csv; a lot the
 *     commit used up that weighed less than booked cannot go back to an empty stock: the
 *     difference is a "short" row (remaining 0); one that weighed more held metal the
 *     books never had: the difference is a "surplus" row (charged, remaining 0);
 *   - a heat without a committed plan: every weighed kg is booked ("record" rows);
 *   - DIR/heat_results.csv gains one row per analysed element (record_results_cols).
 * A heat already in heat_results.csv with the same plan (or none) is refused, as are unknown
 * ids, more than the stock of a lot in stock, and analyses out of range; refusals change
 * nothing.
 *
 * Library code: nothing here prints or exits. Ownership: record_read_* fill a struct
 * ledger_record that ledger_record_free releases. */
#ifndef LEDGER_RECORD_H
#define LEDGER_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "ledger.h"
#include "rm_csv.h"
#include "rm_error.h"

/* One weighed material (rows of one id summed; line: its first row). */
struct record_charge {
	char *id;
	double kg;
	long line;
};

/* One analysed element: the mean of its sparks, their number and spread (NAN for one). The
 * planned mean and sd come from the plan's risk.elements (NAN when not given). */
struct record_elem {
	int z;
	double pct, spark_sd;
	size_t sparks;
	long line;
	double plan_pct, plan_sd;
	double heel_pct, recovery; /* the furnace's heel wt% and recovery of the element */
};

/* A material's yield as the plan saw it (its trace's metal_kg / mass_kg): the yield of a lot
 * the commit used up, gone from lots.csv. */
struct record_yield {
	char *id;
	double yield;
};

struct ledger_record {
	char heat[RM_CSV_ID_MAX + 1];
	char grade[RM_CSV_ID_MAX + 1];   /* "" when not known */
	double tapped_kg;                /* NAN when not weighed */
	double heel_kg;                  /* the furnace's heel under the charge; 0 without one */
	char furnace[RM_CSV_ID_MAX + 1]; /* the plan's furnace of the heat; "" when none */
	char plan[LEDGER_ID_MAX + 1];    /* the plan file's plan_id; "" without --plan */
	char *charged_file, *analysis_file;
	bool as_booked;      /* the heat charged what its plan booked, but for the materials in ch
	                      * (weighed: their kg replace the booking's; none: exactly as booked) */
	long id_col, kg_col; /* 1-based columns of the charged file, for messages */
	size_t ncharge;
	struct record_charge *ch;
	size_t nel;
	struct record_elem *el;
	size_t nyield;
	struct record_yield *yield;
};

/* Reads the weighed charge: columns id and mass_kg (kg in [0, 1e9], at least one positive,
 * unless rec->as_booked is set first: then the rows are the materials that differ from the
 * booking, and 0 kg is a booked material not charged). */
int record_read_charged(struct ledger_record *rec, const char *path, struct rm_error *err);
/* The same from a buffer (name in messages): the weighed kg typed in the TUI. */
int record_parse_charged(struct ledger_record *rec, const char *name, const char *buf, size_t len,
                         struct rm_error *err);
/* The same from a buffer (name in messages): what the TUI's typed analysis becomes. */
int record_parse_analysis(struct ledger_record *rec, const char *name, const char *buf, size_t len,
                          struct rm_error *err);
/* Reads the analysis: columns element and wt_pct (in [0, 100], an element symbol; the means
 * add up to at most 100). */
int record_read_analysis(struct ledger_record *rec, const char *path, struct rm_error *err);
/* Reads the plan JSON of the heat: plan_id, the heat's grade (when rec has none), the
 * planned mean and sd of each analysed element, the yields of its charge, its furnace. */
int record_read_plan(struct ledger_record *rec, const char *path, struct rm_error *err);
void ledger_record_free(struct ledger_record *rec);

struct record_result {
	char plan[LEDGER_ID_MAX + 1];  /* the committed plan of the heat; "" for a direct booking */
	double planned_kg, charged_kg; /* booked by the plan, weighed */
	double metal_kg;               /* sum of yield x kg weighed; NAN when a yield is unknown */
	size_t rows;                   /* ledger rows appended */
	size_t materials;              /* materials weighed */
	int recovered;
};

/* Books rec to dir under dir/.remelt.lock. */
int ledger_record(const char *dir, const struct ledger_record *rec, const struct ledger_opts *o,
                  struct record_result *res, struct rm_error *err);

/* heat_results.csv's columns, in order; a file lacking one is refused. */
extern const char *const record_results_cols[];
#define RECORD_NCOLS 16

#endif
