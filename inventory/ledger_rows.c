/* ledger.csv's columns and rows, shared by commit and saves: an old ledger gains the columns
 * it lacks, and rows go in the file's column order. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger_int.h"
#include "rm_csv.h"

/* The ledger's columns; a plant may add its own (left empty by remelt). status, gap and
 * day came later: a ledger without them gains them at the end of its header. */
const char *const lg_cols[] = {"time", "plan",         "heat",   "id",  "mass_kg",
                               "kind", "remaining_kg", "status", "gap", "day"};

void lg_out_add(struct lg_out *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *q = realloc(b->p, cap);
		if (!q) {
			b->oom = 1;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void lg_out_str(struct lg_out *b, const char *s)
{
	lg_out_add(b, s, strlen(s));
}

static void rows_put(void *b, const char *s, size_t n)
{
	lg_out_add(b, s, n);
}

void lg_time(char *buf, size_t n, long long now)
{
	time_t tt = (time_t)now;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, n, "%lld", now);
}

/* The columns of lg_cols that ledger t lacks (all of them without a ledger). */
static size_t rows_missing(const struct rm_csv *t, const char **miss)
{
	size_t n = 0;
	for (size_t j = 0; j < LG_NCOLS; j++)
		if (!t || rm_csv_col(t, lg_cols[j]) < 0)
			miss[n++] = lg_cols[j];
	return n;
}

/* One ledger row in the file's column order, then the columns it gained; columns remelt
 * does not know stay empty. */
void lg_ledger_row(struct lg_out *out, const struct rm_csv *t, const char *const *val)
{
	const char *miss[LG_NCOLS];
	size_t nmiss = rows_missing(t, miss), ncol = t ? rm_csv_ncols(t) : 0;
	for (size_t k = 0; k < ncol + nmiss; k++) {
		const char *name = k < ncol ? rm_csv_header(t, k) : miss[k - ncol];
		if (k)
			lg_out_add(out, ",", 1);
		for (size_t j = 0; j < LG_NCOLS; j++)
			if (strcmp(name, lg_cols[j]) == 0)
				rm_csv_field(val[j], 0, rows_put, out);
	}
	lg_out_add(out, "\n", 1);
}

/* The old ledger's bytes, with the columns it lacks added at the end of its header and, empty,
 * of every row (rm_csv wants as many fields as the header has); every other byte stays. */
static int rows_copy(const struct lg_buf *b, const struct rm_csv *t, const char *path,
                     struct lg_out *out, struct rm_error *err)
{
	const char *miss[LG_NCOLS];
	size_t nmiss = rows_missing(t, miss), nrows = rm_csv_nrows(t);
	if (!nmiss) {
		lg_out_add(out, b->p, b->n);
		return 0;
	}
	size_t pos = b->n >= 3 && memcmp(b->p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (pos < b->n && (b->p[pos] == '\r' || b->p[pos] == '\n'))
		pos++;
	for (bool quoted = false;
	     pos < b->n && (quoted || (b->p[pos] != '\r' && b->p[pos] != '\n')); pos++)
		quoted ^= b->p[pos] == '"';
	struct lg_span *sp = calloc(nrows + 1, sizeof *sp);
	size_t col[2] = {0, 0};
	if (!sp || lg_spans(b->p, b->n, col, nrows, sp) < 0) {
		free(sp);
		return rm_error_set(err, path, 0, 0,
		                    "cannot add the columns status, gap and day; nothing was "
		                    "changed");
	}
	lg_out_add(out, b->p, pos);
	for (size_t k = 0; k < nmiss; k++)
		lg_out_add(out, ",", 1), lg_out_str(out, miss[k]);
	size_t at = pos;
	for (size_t r = 0; r < nrows; r++) {
		size_t end = sp[r].rec_end;
		while (end > sp[r].rec_start && (b->p[end - 1] == '\n' || b->p[end - 1] == '\r'))
			end--;
		lg_out_add(out, b->p + at, end - at);
		for (size_t k = 0; k < nmiss; k++)
			lg_out_add(out, ",", 1);
		at = end;
	}
	lg_out_add(out, b->p + at, b->n - at);
	free(sp);
	return 0;
}

int lg_ledger_start(const struct lg_buf *old, const struct rm_csv *t, const char *path,
                    struct lg_out *out, struct rm_error *err)
{
	if (!old->present) {
		lg_ledger_row(out, NULL, lg_cols);
		return 0;
	}
	if (rows_copy(old, t, path, out, err) < 0)
		return -1;
	if (old->n && old->p[old->n - 1] != '\n' && old->p[old->n - 1] != '\r')
		lg_out_add(out, "\n", 1);
	return 0;
}
