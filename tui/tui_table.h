/* tui_table: a data file held as the text of its cells, so that what-if edits can be written
 * back changing only the cells that were edited. Every column is kept, known or not (trace
 * columns, sd_ columns, columns a later version reads), in the order of the file, with the
 * file's bytes: writing puts back every byte it read (BOM, line ends, blank lines, quotes a
 * plain value did not need) and changes only the fields of the cells that were set to a new
 * text.
 *
 * A changed field is quoted per RFC 4180 (rm_csv_field): when it holds a comma, a quote or a
 * line break (quotes doubled), and the lone field of a one-column row when it is empty (an
 * unquoted empty line would read as a blank line).
 *
 * Ownership: tui_table_load returns a table freed with tui_table_free; strings returned by
 * tui_table_get belong to the table and live until the cell is set again or the table is
 * freed. */
#ifndef TUI_TABLE_H
#define TUI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rm_error.h"

struct tui_table {
	char *path;
	size_t ncols, nrows;
	char **head;    /* [ncols] */
	char **cell;    /* [nrows * ncols], row-major */
	bool bom, crlf; /* what the file has; raw keeps both */
	char *raw;      /* the file's bytes as read */
	size_t rawlen;
	size_t *start;  /* [nrows * ncols] where each cell's field starts in raw */
	char *edited;   /* [nrows * ncols] set to a new text since loading */
	long long size; /* of the file when it was read, to notice a change made behind us */
	long long mtime_ns;
	unsigned mode;
};

int tui_table_load(const char *path, struct tui_table **out, struct rm_error *err);
void tui_table_free(struct tui_table *t);
/* 0-based column named exactly name, or -1. */
long tui_table_col(const struct tui_table *t, const char *name);
/* First row whose cells in cols[0..n) equal vals[0..n) exactly, or -1. */
long tui_table_find(const struct tui_table *t, const size_t *cols, const char *const *vals,
                    size_t n);
const char *tui_table_get(const struct tui_table *t, size_t row, size_t col);
/* Replaces one cell; -1 on out of memory (the cell is then unchanged). */
int tui_table_set(struct tui_table *t, size_t row, size_t col, const char *text);
/* Writes the table as CSV to f; -1 when f reports an error. */
int tui_table_write(FILE *f, const struct tui_table *t);
/* Writes the table over its file atomically: a temporary file in the same folder, fsync,
 * rename, then fsync of the folder. Refuses (and writes nothing) when the file was changed
 * on disk since it was read, so that nobody's edits are silently overwritten. */
int tui_table_save(struct tui_table *t, struct rm_error *err);

#endif
