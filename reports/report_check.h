/* report_check: what `remelt check` says of a valid data directory: lots and additives by
 * source, grades and heats, furnaces and the practical rules (whole units, minimum charges),
 * material rules and quarantine, what scrap grade each lot meets, CO2 factors, the ledger,
 * recorded heats and the archive of used-up rows. The facts that need more than the plant
 * (the ledger, heat_results.csv, the archive) come in report_check_facts. */
#ifndef REPORT_CHECK_H
#define REPORT_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include "ledger.h"
#include "plant.h"

struct report_check_facts {
	struct ledger_summary ledger; /* ledger.csv (ledger_summary) */
	size_t recorded;              /* heats in heat_results.csv */
	size_t recorded_planned;      /* of them, recorded against a committed plan */
	size_t used_up;               /* materials in the archive of used-up rows */
};

/* The whole summary, ending "ok: the data is valid". */
void report_check(FILE *f, const struct plant *p, const struct report_check_facts *c);

#endif
