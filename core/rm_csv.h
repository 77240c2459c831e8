/* rm_csv: a whole CSV file read into memory over libcsv, with the position of every cell.
 *
 * RFC 4180, comma separated, first row is the header. Accepted: a UTF-8 BOM, CRLF or LF line
 * ends, quoted fields with embedded commas, quotes ("") and newlines, blank lines (skipped).
 * Refused with a positioned error: NUL bytes (binary data), invalid UTF-8, a field longer than
 * RM_CSV_MAX_FIELD bytes, more than RM_CSV_MAX_ROWS rows, RM_CSV_MAX_COLS columns or
 * RM_CSV_MAX_CELLS cells, a file larger than RM_CSV_MAX_BYTES, an empty file or header,
 * duplicate or empty header names, a row whose field count differs from the header's,
 * broken quoting (a quote inside an unquoted field, an unterminated quoted field), and a
 * header that looks like a semicolon-separated export (one column containing ';').
 *
 * Ownership: rm_csv_load/rm_csv_parse return a table the caller frees with rm_csv_free.
 * Strings returned by the accessors are owned by the table, NUL-terminated, valid until free.
 * Cells are stored verbatim (no trimming); callers trim what they parse.
 */
#ifndef RM_CSV_H
#define RM_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "rm_error.h"

#define RM_CSV_MAX_FIELD 65536u
#define RM_CSV_MAX_COLS 4096u
#define RM_CSV_MAX_ROWS 1000000u
#define RM_CSV_MAX_BYTES (256u * 1024u * 1024u)
/* Cells (rows x columns, header included): what a table costs the loaders is per cell (an
 * empty trace cell still becomes a string), so this, not the byte cap, bounds their memory.
 * 2^24 is a million lots of 16 columns, far above any plant. */
#define RM_CSV_MAX_CELLS (16u * 1024u * 1024u)

struct rm_csv;

/* Reads path. Errors name path, and the line and field of the fault where there is one. */
int rm_csv_load(const char *path, struct rm_csv **out, struct rm_error *err);
/* Parses len bytes of buf; name is used in error messages (and as rm_csv_file). */
int rm_csv_parse(const char *name, const char *buf, size_t len, struct rm_csv **out,
                 struct rm_error *err);
/* rm_csv_load that also hands back the file's bytes (*raw, *rawlen; the caller frees *raw):
 * what a writer needs to change a few cells and keep every other byte (tui/tui_table.c). */
int rm_csv_load_raw(const char *path, struct rm_csv **out, char **raw, size_t *rawlen,
                    struct rm_error *err);
void rm_csv_free(struct rm_csv *t);
/* Offset in the input where data cell (row, col)'s field starts: its opening quote when
 * quoted, else its first byte (for an empty field, the delimiter after it). */
size_t rm_csv_cell_start(const struct rm_csv *t, size_t row, size_t col);
/* Offset just past the field that starts at start in buf: past its closing quote when it
 * is quoted, else at the next ',', CR, LF or the end. */
size_t rm_csv_field_end(const char *buf, size_t len, size_t start);

const char *rm_csv_file(const struct rm_csv *t);
size_t rm_csv_ncols(const struct rm_csv *t);
size_t rm_csv_nrows(const struct rm_csv *t);                   /* data rows, header not counted */
const char *rm_csv_header(const struct rm_csv *t, size_t col); /* col 0-based */
/* 0-based index of the header named exactly name, or -1. */
long rm_csv_col(const struct rm_csv *t, const char *name);
/* Cell of data row (0-based) and column (0-based); never NULL. */
const char *rm_csv_cell(const struct rm_csv *t, size_t row, size_t col);
/* 1-based line of the file where data row `row` starts (the header is line 1 unless blank
 * lines or a BOM-only line precede it). */
long rm_csv_line(const struct rm_csv *t, size_t row);
/* 1-based line of the header row. */
long rm_csv_header_line(const struct rm_csv *t);

/* Ids (lots, additives, heats, grades, furnaces, scrap grades), core/rm_csv_id.c. */
#define RM_CSV_ID_MAX 256 /* bytes; commit refuses longer ids in a plan */
/* Cell (row, col) as an id named what ("id", "heat", ...): not blank, at most RM_CSV_ID_MAX
 * bytes, no control character (ids reach terminals, the TUI's lines and ledger.csv). 0, or -1
 * with err at the cell. */
int rm_csv_id(const struct rm_csv *t, size_t row, size_t col, const char *what,
              struct rm_error *err);

/* A header that is an element symbol but for case ("FE", "si", or "FE" of "sd_FE"; sym is
 * the part after any prefix), core/rm_csv_id.c. It would be kept as trace and the element
 * would count as 0, so it is refused at the header, naming the element, when it has a prefix
 * or all its cells are empty or numbers; a text column ("no" of a document number such as
 * "A12") stays trace. 0, or -1 with err. */
int rm_csv_elem_case(const struct rm_csv *t, size_t col, const char *sym, struct rm_error *err);

/* Writing (core/rm_csv_write.c): the one field writer of every CSV remelt writes. A field is
 * quoted when it holds a comma, quote or line break, with quotes doubled. */
enum rm_csv_field_flags {
	RM_CSV_QUOTE_EMPTY = 1, /* "" for an empty field (a one-column row is then not blank) */
	/* a report for spreadsheets: a field starting with = + - @, tab or CR gets a leading '
	 * (the spreadsheets' mark for text) unless it is a plain number such as -12.5; never
	 * for files remelt reads back (the ledger, data files), where the id must stay as is */
	RM_CSV_SHEET = 2,
};
typedef void rm_csv_put_fn(void *ctx, const char *s, size_t n);
void rm_csv_field(const char *s, unsigned flags, rm_csv_put_fn *put, void *ctx);
/* rm_csv_field onto f; errors stay in ferror(f). */
void rm_csv_field_file(FILE *f, const char *s, unsigned flags);

#endif
