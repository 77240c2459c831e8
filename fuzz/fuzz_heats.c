/* Fuzz target: heats.csv through heat_load, against a fixed set of grades. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "grades.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fuzz_grades_csv[] = "grade,element,min,max\n"
                                      "6063,Si,0.2,0.6\n6063,Fe,,0.35\n"
                                      "ADC12,Si,9.6,12\nADC12,Cu,1.5,3.5\n"
                                      "\"G,1\",Mg,0.1,\n";

static struct grade_set *fuzz_gs;
static struct rm_elemset fuzz_els;

static void fuzz_free_grades(void)
{
	grade_free(fuzz_gs);
	rm_elemset_free(&fuzz_els);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rm_error err = {0};
	if (!fuzz_gs) {
		const char *g = fuzz_write("grades.csv", (const uint8_t *)fuzz_grades_csv,
		                           strlen(fuzz_grades_csv));
		if (grade_load(g, &fuzz_els, &fuzz_gs, &err) < 0)
			abort();
		atexit(fuzz_free_grades);
	}
	const char *path = fuzz_write("heats.csv", data, size);
	struct heat_set *hs = NULL;
	if (heat_load(path, fuzz_gs, NULL, &hs, &err) == 0) {
		for (size_t h = 0; h < hs->n; h++)
			if (hs->h[h].grade >= fuzz_gs->n || !(hs->h[h].mass_kg > 0))
				abort();
	} else {
		fuzz_check_error(&err);
	}
	heat_free(hs);
	return 0;
}
