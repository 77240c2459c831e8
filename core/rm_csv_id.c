/* Names in a plant's files that remelt must not take for something else: ids (refused
 * at load when commit, the TUI or a terminal could not take them: a day that plans must
 * also book) and element headers in the wrong case. */
#include "rm_csv.h"

#include <string.h>

#include "rm_elem.h"
#include "rm_num.h"
#include "rm_text.h"

int rm_csv_id(const struct rm_csv *t, size_t row, size_t col, const char *what,
              struct rm_error *err)
{
	const char *s = rm_csv_cell(t, row, col);
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, row), c = (long)col + 1;
	size_t n = strlen(s);
	if (rm_num_blank(s))
		return rm_error_set(err, file, line, c, "%s is empty (required)", what);
	if (n > RM_CSV_ID_MAX)
		return rm_error_set(err, file, line, c, "%s is %zu bytes long, more than %u", what,
		                    n, RM_CSV_ID_MAX);
	size_t at = rm_text_control_at(s, n);
	if (at == n)
		return 0;
	char shown[4 * 64 + 1];
	rm_text_visible(shown, sizeof shown, s, n < 64 ? n : 64, false);
	return rm_error_set(err, file, line, c,
	                    "%s \"%s\" holds a control character at byte %zu (ids go to "
	                    "terminals and ledger.csv)",
	                    what, shown, at + 1);
}

int rm_csv_elem_case(const struct rm_csv *t, size_t col, const char *sym, struct rm_error *err)
{
	const char *h = rm_csv_header(t, col);
	int z = rm_elem_z(sym) ? 0 : rm_elem_z_nocase(sym);
	if (!z)
		return 0;
	double v;
	const char *why;
	for (size_t r = 0; sym == h && r < rm_csv_nrows(t); r++) {
		const char *s = rm_csv_cell(t, r, col);
		if (!rm_num_blank(s) && rm_num_parse(s, &v, &why) < 0)
			return 0;
	}
	return rm_error_set(err, rm_csv_file(t), rm_csv_header_line(t), (long)col + 1,
	                    "column \"%.60s\": did you mean the element %s? (element symbols "
	                    "are case-sensitive: %s, not %.2s)",
	                    h, rm_elem_symbol(z), rm_elem_symbol(z), sym);
}
