/* Fuzz target: the plan JSON reader of `remelt commit` (ledger_plan_parse) on arbitrary
 * bytes. What it accepts must be what the ledger relies on: every charge a heat and an id
 * of printable text and a finite mass above zero, and a plan id. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ledger_plan *lp = NULL;
	struct rm_error err = {0};
	if (ledger_plan_parse("plan.json", (const char *)data, size, &lp, &err) < 0) {
		if (lp)
			abort(); /* a refused plan must not be handed out */
		fuzz_check_error(&err);
		return 0;
	}
	if (lp->id[0] == '\0')
		abort();
	for (size_t k = 0; k < lp->n; k++) {
		const struct ledger_item *it = &lp->item[k];
		if (!it->heat || !it->id || !*it->heat || !*it->id)
			abort();
		if (!isfinite(it->kg) || !(it->kg > 0))
			abort();
	}
	ledger_plan_free(lp);
	return 0;
}
