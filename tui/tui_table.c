#include "tui_table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rm_csv.h"
#include "rm_fd.h"
#include "rm_file.h"

/* What the file's bytes say of its BOM and line ends (the reader drops both). */
static void table_sniff(struct tui_table *t)
{
	const char *nl = memchr(t->raw, '\n', t->rawlen);
	t->crlf = nl && nl > t->raw && nl[-1] == '\r';
	t->bom = t->rawlen >= 3 && memcmp(t->raw, "\xEF\xBB\xBF", 3) == 0;
}

static int table_stat(const char *path, long long *size, long long *mtime, unsigned *mode)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return -1;
	*size = (long long)st.st_size;
	*mtime = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	*mode = (unsigned)(st.st_mode & 07777);
	return 0;
}

static int table_copy(struct tui_table *t, const struct rm_csv *c)
{
	t->ncols = rm_csv_ncols(c);
	t->nrows = rm_csv_nrows(c);
	t->head = calloc(t->ncols + 1, sizeof *t->head);
	t->cell = calloc(t->nrows * t->ncols + 1, sizeof *t->cell);
	t->start = calloc(t->nrows * t->ncols + 1, sizeof *t->start);
	t->edited = calloc(t->nrows * t->ncols + 1, 1);
	if (!t->head || !t->cell || !t->start || !t->edited)
		return -1;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t k = 0; k < t->ncols; k++)
			t->start[r * t->ncols + k] = rm_csv_cell_start(c, r, k);
	for (size_t k = 0; k < t->ncols; k++)
		if (!(t->head[k] = strdup(rm_csv_header(c, k))))
			return -1;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t k = 0; k < t->ncols; k++)
			if (!(t->cell[r * t->ncols + k] = strdup(rm_csv_cell(c, r, k))))
				return -1;
	return 0;
}

int tui_table_load(const char *path, struct tui_table **out, struct rm_error *err)
{
	struct rm_csv *c = NULL;
	char *raw = NULL;
	size_t rawlen = 0;
	if (rm_csv_load_raw(path, &c, &raw, &rawlen, err) < 0)
		return -1;
	struct tui_table *t = calloc(1, sizeof *t);
	if (t) {
		t->raw = raw;
		t->rawlen = rawlen;
	} else {
		free(raw);
	}
	int rc = 0;
	if (!t || !(t->path = strdup(path)) || table_copy(t, c) < 0)
		rc = rm_error_set(err, path, 0, 0, "out of memory");
	rm_csv_free(c);
	if (!rc && table_stat(path, &t->size, &t->mtime_ns, &t->mode) < 0)
		rc = rm_error_set(err, path, 0, 0, "cannot stat: %s", strerror(errno));
	if (rc) {
		tui_table_free(t);
		return -1;
	}
	table_sniff(t);
	*out = t;
	return 0;
}

void tui_table_free(struct tui_table *t)
{
	if (!t)
		return;
	for (size_t k = 0; t->head && k < t->ncols; k++)
		free(t->head[k]);
	for (size_t k = 0; t->cell && k < t->nrows * t->ncols; k++)
		free(t->cell[k]);
	free(t->head);
	free(t->cell);
	free(t->path);
	free(t->raw);
	free(t->start);
	free(t->edited);
	free(t);
}

long tui_table_col(const struct tui_table *t, const char *name)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (strcmp(t->head[k], name) == 0)
			return (long)k;
	return -1;
}

long tui_table_find(const struct tui_table *t, const size_t *cols, const char *const *vals,
                    size_t n)
{
	for (size_t r = 0; r < t->nrows; r++) {
		size_t k = 0;
		while (k < n && strcmp(t->cell[r * t->ncols + cols[k]], vals[k]) == 0)
			k++;
		if (k == n)
			return (long)r;
	}
	return -1;
}

const char *tui_table_get(const struct tui_table *t, size_t row, size_t col)
{
	return t->cell[row * t->ncols + col];
}

int tui_table_set(struct tui_table *t, size_t row, size_t col, const char *text)
{
	size_t at = row * t->ncols + col;
	if (strcmp(t->cell[at], text) == 0)
		return 0; /* the same text: its bytes stay as they were */
	char *d = strdup(text);
	if (!d)
		return -1;
	free(t->cell[at]);
	t->cell[at] = d;
	t->edited[at] = 1;
	return 0;
}

/* The file's bytes with the fields of the edited cells replaced: cells are in file order,
 * so their fields' offsets ascend. */
int tui_table_write(FILE *f, const struct tui_table *t)
{
	size_t pos = 0;
	for (size_t at = 0; at < t->nrows * t->ncols; at++) {
		if (!t->edited[at])
			continue;
		size_t s = t->start[at], e = rm_csv_field_end(t->raw, t->rawlen, s);
		fwrite(t->raw + pos, 1, s - pos, f);
		rm_csv_field_file(f, t->cell[at], t->ncols == 1 ? RM_CSV_QUOTE_EMPTY : 0);
		pos = e;
	}
	fwrite(t->raw + pos, 1, t->rawlen - pos, f);
	return ferror(f) ? -1 : 0;
}

int tui_table_save(struct tui_table *t, struct rm_error *err)
{
	long long size, mtime;
	unsigned mode;
	if (table_stat(t->path, &size, &mtime, &mode) < 0)
		return rm_error_set(err, t->path, 0, 0, "cannot stat: %s", strerror(errno));
	if (size != t->size || mtime != t->mtime_ns)
		return rm_error_set(err, t->path, 0, 0,
		                    "changed on disk since it was loaded; not overwritten "
		                    "(quit and reload to merge)");
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return rm_error_set(err, t->path, 0, 0, "out of memory");
	int rc = tui_table_write(mem, t);
	if (fclose(mem) != 0 || rc < 0)
		rc = rm_error_set(err, t->path, 0, 0, "out of memory");
	if (!rc)
		rc = rm_file_replace(t->path, buf, len, (mode_t)t->mode, err);
	free(buf);
	if (!rc && table_stat(t->path, &t->size, &t->mtime_ns, &t->mode) < 0)
		rc = rm_error_set(err, t->path, 0, 0, "cannot stat: %s", strerror(errno));
	return rc;
}
