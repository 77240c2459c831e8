/* Fuzz target: a bath's sample (remelt adjust --sample) through plant_sample_load, and when
 * it reads, the correction of it (solver/adjust/adjust.h) against a fixed plant: the LP, its chance
 * cuts and the diagnosis of an impossible bath. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adjust/adjust.h"
#include "fuzz_util.h"
#include "plant.h"
#include "plant_sample.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fuzz_files[][2] = {
    {"lots.csv", "id,mass_kg,price_per_kg,yield,Si,Fe,Mg,unit_kg\n"
                 "L1,3000,200,0.95,0.4,0.10,0.5,\nL2,900,150,0.9,6,0.8,0.3,300\n"},
    {"additives.csv", "id,mass_kg,price_per_kg,yield,Si,Fe,Mg,rec_Mg,min_kg\n"
                      "P,,300,1,0.05,0.10,,,\nSI,,250,1,100,,,,\nMG,50,500,1,,,100,0.8,5\n"},
    {"grades.csv", "grade,element,min,max\nG,Si,0.5,1.0\nG,Fe,,0.30\nG,Mg,0.40,0.80\n"},
    {"furnaces.csv", "furnace,capacity_kg,heel_kg,max_materials,rec_Mg\nF1,15000,0,,0.9\n"},
};

static struct plant *fuzz_plant;

static void fuzz_free_plant(void)
{
	plant_free(fuzz_plant);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rm_error err = {0};
	if (!fuzz_plant) {
		for (size_t k = 0; k < sizeof fuzz_files / sizeof fuzz_files[0]; k++)
			fuzz_write(fuzz_files[k][0], (const uint8_t *)fuzz_files[k][1],
			           strlen(fuzz_files[k][1]));
		if (plant_load(fuzz_tmpdir(), false, &fuzz_plant, &err) < 0)
			abort();
		atexit(fuzz_free_plant);
	}
	const char *path = fuzz_write("sample.csv", data, size);
	struct plant_sample *s = NULL;
	if (plant_sample_load(path, fuzz_plant, &s, &err) < 0) {
		fuzz_check_error(&err);
		return 0;
	}
	if (s->n == 0 || !(s->sum <= 100 + 1e-6))
		abort();
	for (size_t k = 0; k < s->n; k++)
		if (!(s->el[k].mean >= 0 && s->el[k].mean <= 100 && s->el[k].sd > 0))
			abort();
	if (adjust_unsampled(fuzz_plant, 0, s) < 0) {
		/* the bath size and confidence come from the input too, to reach every path */
		double bath = 1000 + (double)(size % 14) * 1000;
		struct adjust_opts o = {.grade = 0,
		                        .furnace = 0,
		                        .sample = s,
		                        .bath_kg = bath,
		                        .bath_sd = (double)(size % 3) * 100,
		                        .metal_value = (double)(size % 5) * 100,
		                        .margin = 0.05,
		                        .confidence = size % 2 ? 0.9 : 0,
		                        .pour_off = size % 4 == 0,
		                        .off_value = 50,
		                        .time_limit_s = 5};
		struct adjust *r = NULL;
		if (adjust_solve(fuzz_plant, &o, &r, &err) == 0) {
			/* within capacity; pour-off made up again, never below the bath */
			if (r->status == PLAN_OPTIMAL && (r->final_kg > 15000 * (1 + 1e-6) + 1e-6 ||
			                                  r->final_kg < bath * (1 - 1e-6)))
				abort();
			adjust_free(r);
		} else {
			fuzz_check_error(&err);
		}
	}
	plant_sample_free(s);
	return 0;
}
