/* Fuzz target: what `remelt record` and `report actual`/`estimate` read from the furnace
 * floor and back from the data directory: the weighed charge (record_read_charged), the
 * analysis (record_read_analysis) and heat_results.csv (actual_load). The input is the three
 * files separated by form feeds. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "ledger_record.h"
#include "record_actual.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_record_files(const uint8_t *const *part, const size_t *len)
{
	struct rm_error err = {0};
	struct ledger_record rec = {0};
	if (record_read_charged(&rec, fuzz_write("charged.csv", part[0], len[0]), &err) == 0) {
		double total = 0;
		for (size_t k = 0; k < rec.ncharge; k++) {
			if (!(rec.ch[k].kg >= 0) || !isfinite(rec.ch[k].kg) || !rec.ch[k].id[0])
				abort();
			total += rec.ch[k].kg;
		}
		if (!(total > 0))
			abort();
	} else {
		fuzz_check_error(&err);
	}
	if (record_read_analysis(&rec, fuzz_write("analysis.csv", part[1], len[1]), &err) == 0) {
		double total = 0;
		for (size_t k = 0; k < rec.nel; k++) {
			const struct record_elem *e = &rec.el[k];
			if (!(e->pct >= 0 && e->pct <= 100) || e->sparks < 1 ||
			    (e->sparks > 1 && !(e->spark_sd >= 0)))
				abort();
			total += e->pct;
		}
		if (!rec.nel || total > 100 + 1e-9)
			abort();
	} else {
		fuzz_check_error(&err);
	}
	ledger_record_free(&rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rm_error err = {0};
	const uint8_t *part[3];
	size_t len[3];
	fuzz_split(data, size, part, len, 3);
	fuzz_record_files(part, len);
	fuzz_write("heat_results.csv", part[2], len[2]);
	struct actual_set *s = NULL;
	if (actual_load(fuzz_tmpdir(), NULL, &s, &err) == 0) {
		for (size_t h = 0; h < s->n; h++)
			for (size_t k = 0; k < s->h[h].nel; k++)
				if (!(s->h[h].el[k].pct >= 0 && s->h[h].el[k].pct <= 100) ||
				    !(s->h[h].el[k].recovery > 0 && s->h[h].el[k].recovery <= 1))
					abort();
	} else {
		fuzz_check_error(&err);
	}
	actual_free(s);
	return 0;
}
