/* The archive of used-up materials: a row that a commit or a record cuts from lots.csv
 * (additives.csv) goes, bytes unchanged, to lots_used.csv (additives_used.csv) in the same
 * transaction. Its composition is what `remelt estimate` needs to read the heats it went
 * into, long after it left the yard. An id archived again (a lot id reused) replaces its
 * older row, so that each id is there once; the mass_kg cell keeps the stock the row had
 * before its last charge. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "ledger_int.h"
#include "rm_csv.h"

static void arch_put(void *b, const char *s, size_t n)
{
	lg_out_add(b, s, n);
}

static bool arch_same_header(const struct rm_csv *a, const struct rm_csv *t)
{
	if (rm_csv_ncols(a) != rm_csv_ncols(t))
		return false;
	for (size_t k = 0; k < rm_csv_ncols(a); k++)
		if (strcmp(rm_csv_header(a, k), rm_csv_header(t, k)) != 0)
			return false;
	return true;
}

static bool arch_cut(const struct rm_csv *t, const size_t *rows, size_t ncut, const char *id)
{
	size_t ci = (size_t)rm_csv_col(t, "id");
	for (size_t k = 0; k < ncut; k++)
		if (strcmp(rm_csv_cell(t, rows[k], ci), id) == 0)
			return true;
	return false;
}

/* Row r of the source: its bytes when the archive has the same columns, else its cells in
 * the archive's column order (a column the source lacks stays empty). */
static void arch_row(struct lg_out *out, const struct lg_buf *src, const struct rm_csv *t,
                     const struct lg_span *sp, size_t r, const struct rm_csv *a)
{
	if (!a || arch_same_header(a, t)) {
		lg_out_add(out, src->p + sp[r].rec_start, sp[r].rec_end - sp[r].rec_start);
		if (out->n && out->p[out->n - 1] != '\n' && out->p[out->n - 1] != '\r')
			lg_out_add(out, "\n", 1);
		return;
	}
	for (size_t k = 0; k < rm_csv_ncols(a); k++) {
		long c = rm_csv_col(t, rm_csv_header(a, k));
		if (k)
			lg_out_add(out, ",", 1);
		rm_csv_field(c >= 0 ? rm_csv_cell(t, r, (size_t)c) : "", 0, arch_put, out);
	}
	lg_out_add(out, "\n", 1);
}

int lg_archive(const char *path, struct lg_file *arch, const struct lg_buf *src,
               const struct rm_csv *t, const struct lg_span *sp, const size_t *rows, size_t ncut,
               struct rm_error *err)
{
	struct rm_csv *a = NULL;
	struct lg_out out = {0};
	const struct lg_buf *old = &arch->old;
	int rc = 0;
	if (!old->present) {
		lg_out_add(&out, src->p, sp[0].rec_start); /* the source's header, as written */
		arch->old.mode = src->mode;
	} else if (!(rc = rm_csv_parse(path, old->p, old->n, &a, err))) {
		long ci = rm_csv_col(a, "id");
		size_t n = rm_csv_nrows(a), col[2] = {(size_t)ci, (size_t)ci};
		struct lg_span *asp = calloc(n + 1, sizeof *asp);
		if (ci < 0 || !asp || lg_spans(old->p, old->n, col, n, asp) < 0)
			rc =
			    rm_error_set(err, path, 0, 0,
			                 "not an archive of used-up rows (no id column, or changed "
			                 "while read); nothing was changed");
		size_t at = 0;
		for (size_t r = 0; !rc && r < n; r++)
			if (arch_cut(t, rows, ncut, rm_csv_cell(a, r, (size_t)ci))) {
				lg_out_add(&out, old->p + at, asp[r].rec_start - at);
				at = asp[r].rec_end;
			}
		lg_out_add(&out, old->p + at, old->n - at);
		if (out.n && out.p[out.n - 1] != '\n' && out.p[out.n - 1] != '\r')
			lg_out_add(&out, "\n", 1);
		free(asp);
	}
	for (size_t k = 0; !rc && k < ncut; k++)
		arch_row(&out, src, t, sp, rows[k], a);
	rm_csv_free(a);
	if (!rc && out.oom)
		rc = rm_error_set(err, path, 0, 0, "out of memory");
	arch->new_p = out.p;
	arch->new_n = out.n;
	return rc;
}

int ledger_archive_load(const char *dir, struct rm_elemset *els, struct inventory **out,
                        struct rm_error *err)
{
	char *lots = lg_path(dir, lg_files[LG_LOTS_USED]),
	     *adds = lg_path(dir, lg_files[LG_LOTS_USED + 1]);
	int rc = lots && adds ? 0 : rm_error_set(err, dir, 0, 0, "out of memory");
	*out = NULL;
	if (!rc && lg_exists(lots))
		rc = inv_load(lots, lg_exists(adds) ? adds : NULL, els, out, err);
	free(lots);
	free(adds);
	return rc;
}
