/* record_actual: the recorded heats read back for plan-against-actual: heat_results.csv's
 * rows of each heat, and from ledger.csv the kg its plan booked and the kg it really charged
 * (the booking plus record and surplus rows, less return and short rows; a direct booking's
 * record rows).
 *
 * Library code: nothing here prints or exits. Ownership: actual_load returns a set freed with
 * actual_free. */
#ifndef RECORD_ACTUAL_H
#define RECORD_ACTUAL_H

#include <stdbool.h>
#include <stddef.h>

#include "rm_error.h"

struct actual_mat {
	const char *id; /* owned by the ledger table kept in the set */
	double planned, charged;
	/* The heat booked the material before the ledger last emptied its stock: it charged
	 * the lot as it was then (lots_used.csv's row), whatever lots.csv holds under that id
	 * now (a new delivery may reuse it). */
	bool used_up;
};

struct actual_elem {
	int z;
	double pct, spark_sd; /* analysed mean; sd of its sparks (NAN for one) */
	size_t sparks;
	double plan_pct, plan_sd;  /* NAN when recorded without the plan */
	double heel_pct, recovery; /* the furnace's, 0 and 1 without one */
};

struct actual_heat {
	const char *heat, *plan, *grade, *time; /* owned by the results table kept in the set */
	double tapped_kg, charged_kg, metal_kg; /* NAN when not known */
	double planned_kg;                      /* what the plan booked; 0 for a direct booking */
	double heel_kg;                         /* the furnace's heel under the charge */
	long line;                              /* of its first row in heat_results.csv */
	size_t nel;
	struct actual_elem *el;
	size_t nmat;
	struct actual_mat *mat;
};

struct actual_set {
	size_t n;
	struct actual_heat *h; /* in the order they were recorded */
	struct rm_csv *results, *ledger;
};

/* Reads dir/heat_results.csv (absent: no heats) and dir/ledger.csv, every number checked
 * with its position; only heat (when not NULL) is kept. */
int actual_load(const char *dir, const char *heat, struct actual_set **out, struct rm_error *err);
void actual_free(struct actual_set *s);

#endif
