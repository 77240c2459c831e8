/* Fuzz target: lots.csv and additives.csv through inv_load. The input is lots.csv, then
 * optionally a form feed and additives.csv. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_util.h"
#include "inventory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the solver relies on for every material that loaded. */
static void fuzz_check_inventory(const struct inventory *inv, const struct rm_elemset *els)
{
	if (inv->n == 0 || inv->nlots > inv->n)
		abort();
	for (size_t i = 0; i < inv->n; i++) {
		const struct material *m = &inv->m[i];
		if (!m->id || inv_find(inv, m->id) != (long)i)
			abort();
		if (!(m->mass_kg > 0) || !(m->price >= 0) || !(m->yield > 0 && m->yield <= 1))
			abort();
		if (isinf(m->mass_kg) && m->kind == MAT_LOT)
			abort();
		for (size_t e = 0; e < els->n; e++) {
			double c = inv_comp(m, e);
			if (!(c >= 0 && c <= 100))
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[2];
	size_t len[2];
	size_t n = fuzz_split(data, size, part, len, 2);
	const char *lots = fuzz_write("lots.csv", part[0], len[0]);
	const char *add = n > 1 ? fuzz_write("additives.csv", part[1], len[1]) : NULL;
	struct rm_elemset els = {0};
	struct inventory *inv = NULL;
	struct rm_error err = {0};
	if (inv_load(lots, add, &els, &inv, &err) == 0)
		fuzz_check_inventory(inv, &els);
	else
		fuzz_check_error(&err);
	inv_free(inv);
	rm_elemset_free(&els);
	return 0;
}
