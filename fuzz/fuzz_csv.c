/* Fuzz target: rm_csv_parse on arbitrary bytes, then every accessor over the whole table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "rm_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rm_csv *t = NULL;
	struct rm_error err = {0};
	if (rm_csv_parse("fuzz.csv", (const char *)data, size, &t, &err) < 0) {
		if (t)
			abort(); /* a failed parse must not hand out a table */
		fuzz_check_error(&err);
		return 0;
	}
	size_t nc = rm_csv_ncols(t), nr = rm_csv_nrows(t);
	if (nc == 0 || nc > RM_CSV_MAX_COLS || nr > RM_CSV_MAX_ROWS)
		abort();
	size_t total = 0;
	for (size_t c = 0; c < nc; c++) {
		const char *h = rm_csv_header(t, c);
		total += strlen(h);
		/* a header name finds its own column (names are unique) */
		if (rm_csv_col(t, h) != (long)c)
			abort();
	}
	long prev = rm_csv_header_line(t);
	for (size_t r = 0; r < nr; r++) {
		long line = rm_csv_line(t, r);
		/* rows come in file order, after the header (a lone CR ends a row, not a line) */
		if (line < prev)
			abort();
		prev = line;
		for (size_t c = 0; c < nc; c++) {
			size_t n = strlen(rm_csv_cell(t, r, c));
			if (n > RM_CSV_MAX_FIELD)
				abort();
			total += n;
		}
	}
	/* cells are stored verbatim: together they cannot outgrow the input */
	if (total > size)
		abort();
	rm_csv_free(t);
	return 0;
}
