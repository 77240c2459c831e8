/* The one CSV field writer: reports, the ledger and TUI saves all quote through it. */
#include "rm_csv.h"

#include <string.h>

#include "rm_num.h"

/* A spreadsheet runs a cell that starts with = + - @ as a formula (and tab or CR hide one
 * after blanks); a plain number is read as a number and is harmless. */
static int csv_formula(const char *s)
{
	double v;
	const char *why;
	if (!strchr("=+-@\t\r", s[0]) || s[0] == '\0')
		return 0;
	return !((s[0] == '-' || s[0] == '+') && rm_num_parse(s, &v, &why) == 0);
}

void rm_csv_field(const char *s, unsigned flags, rm_csv_put_fn *put, void *ctx)
{
	int sheet = (flags & RM_CSV_SHEET) && csv_formula(s);
	int quote = strpbrk(s, ",\"\r\n") || ((flags & RM_CSV_QUOTE_EMPTY) && *s == '\0');
	if (quote)
		put(ctx, "\"", 1);
	if (sheet)
		put(ctx, "'", 1);
	if (!quote) {
		put(ctx, s, strlen(s));
		return;
	}
	for (const char *q; (q = strchr(s, '"')); s = q + 1)
		put(ctx, s, (size_t)(q - s + 1)), put(ctx, "\"", 1);
	put(ctx, s, strlen(s));
	put(ctx, "\"", 1);
}

static void csv_put_file(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, ctx);
}

void rm_csv_field_file(FILE *f, const char *s, unsigned flags)
{
	rm_csv_field(s, flags, csv_put_file, f);
}
