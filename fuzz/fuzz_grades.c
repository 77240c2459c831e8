/* Fuzz target: grades.csv through grade_load, and the internal windows of every limit. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_util.h"
#include "grades.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_grades(const struct grade_set *gs, const struct rm_elemset *els,
                              double margin)
{
	for (size_t g = 0; g < gs->n; g++) {
		if (grade_find(gs, gs->g[g].name) != (long)g)
			abort();
		for (size_t l = 0; l < gs->g[g].nlim; l++) {
			const struct grade_limit *lim = &gs->g[g].lim[l];
			if (lim->e >= els->n)
				abort();
			double lo, hi;
			grade_internal(lim, margin, &lo, &hi);
			/* a margin only tightens, and never turns a window inside out */
			if (!isnan(lo) && !isnan(hi) && lo > hi + 1e-9)
				abort();
			if (!isnan(lim->min) && lo < lim->min - 1e-12)
				abort();
			if (!isnan(lim->max) && hi > lim->max + 1e-12)
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the first byte picks a margin in [0, 0.5), the rest is the file */
	double margin = size ? (data[0] % 50) / 100.0 : 0;
	const char *path = fuzz_write("grades.csv", size ? data + 1 : data, size ? size - 1 : 0);
	struct rm_elemset els = {0};
	struct grade_set *gs = NULL;
	struct rm_error err = {0};
	if (grade_load(path, &els, &gs, &err) == 0)
		fuzz_check_grades(gs, &els, margin);
	else
		fuzz_check_error(&err);
	grade_free(gs);
	rm_elemset_free(&els);
	return 0;
}
