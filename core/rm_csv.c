/* rm_csv: a whole CSV file over libcsv, with the line of every row.
 *
 * Positions: libcsv only calls back on ',', CR or LF, so the input is fed in segments that end
 * just after each of those bytes (or after CSV_SEG_MAX bytes). A callback then comes from the
 * last byte of a segment, a row or field starts at the first byte of one, and a strict-mode
 * error is at the byte where csv_parse stopped. Lines count '\n' alone (project contract: CRLF
 * counts once, a lone CR never starts a line); no segment spans a '\n'.
 *
 * Storage: one arena of NUL-terminated cells (header first, row-major) and a 32-bit offset per
 * cell. Cells plus their NULs never exceed the input length + 1 (each field but the last is
 * followed by a ',' CR or LF it did not store), and the input is capped at RM_CSV_MAX_BYTES.
 */
#include "rm_csv.h"
#include "rm_file.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bounds what libcsv buffers before our length checks get to run. */
#define CSV_SEG_MAX 4096u
/* A quoted field of MAX content bytes takes at most this many raw bytes ("" for each "). */
#define CSV_RAW_MAX (2u * RM_CSV_MAX_FIELD + 2u)

struct rm_csv {
	char *file;
	size_t ncols, nrows; /* nrows: data rows */
	char *arena;
	size_t arena_len, arena_cap;
	uint32_t *cell; /* arena offsets: header cells, then data row 0, ... */
	size_t ncell, cell_cap;
	uint32_t *line;  /* line[0]: header, line[r + 1]: data row r */
	uint32_t *start; /* [ncell] input offset where each cell's field starts */
	size_t nstart, start_cap;
	size_t nline, line_cap;
};

/* Parser state shared with the libcsv callbacks. */
struct csv_ctx {
	struct rm_csv *t;
	struct rm_error *err;
	long line;          /* line of the segment being fed */
	long row_line;      /* line where the current row started */
	long field_line;    /* line where the current field started */
	size_t field_start; /* offset of the current field's first byte */
	size_t nfields;     /* fields completed in the current row */
	int row_open, field_open, field_quoted;
	int failed;
};

/* Bytes that may make libcsv call back (or that we refuse): they end a segment. */
static const unsigned char csv_stop[128] = {[0] = 1, [','] = 1, ['\r'] = 1, ['\n'] = 1};

/* Appends v to a growing array; doubling keeps appends amortised O(1). */
static int csv_push(uint32_t **a, size_t *n, size_t *cap, uint32_t v)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		uint32_t *q = realloc(*a, nc * sizeof *q);
		if (!q)
			return -1;
		*a = q;
		*cap = nc;
	}
	(*a)[(*n)++] = v;
	return 0;
}

/* Copies a cell: libcsv's buffer is reused and not NUL-terminated. */
static int csv_store(struct rm_csv *t, const void *s, size_t n, size_t start)
{
	if (t->arena_cap - t->arena_len < n + 1)
		return -1; /* cannot happen: the arena is sized from the input */
	if (csv_push(&t->cell, &t->ncell, &t->cell_cap, (uint32_t)t->arena_len) < 0 ||
	    csv_push(&t->start, &t->nstart, &t->start_cap, (uint32_t)start) < 0)
		return -1;
	if (n)
		memcpy(t->arena + t->arena_len, s, n);
	t->arena[t->arena_len + n] = '\0';
	t->arena_len += n + 1;
	return 0;
}

static int csv_too_big(struct rm_error *err, const char *path)
{
	return rm_error_set(err, path, 0, 0, "file is larger than %u MiB",
	                    RM_CSV_MAX_BYTES / (1024u * 1024u));
}

/* Number of bytes of s to show in a message, at most max, not cutting a UTF-8 sequence. */
static int csv_show_len(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return (int)max;
}

struct csv_name {
	const char *s;
	size_t col; /* 0-based */
};

static int csv_name_cmp(const void *a, const void *b)
{
	const struct csv_name *x = a, *y = b;
	int r = strcmp(x->s, y->s);
	return r ? r : (x->col > y->col) - (x->col < y->col);
}

/* Reports the first column that repeats an earlier name. Sorting by (name, column) keeps a
 * wide header O(n log n); the smallest column that equals its sorted predecessor is that
 * duplicate, and the predecessor is the name's first occurrence. */
static int csv_check_dups(struct csv_ctx *c)
{
	struct rm_csv *t = c->t;
	struct csv_name *v = malloc(t->ncols * sizeof *v);
	if (!v)
		return rm_error_set(c->err, t->file, 0, 0, "out of memory");
	for (size_t i = 0; i < t->ncols; i++)
		v[i] = (struct csv_name){t->arena + t->cell[i], i};
	qsort(v, t->ncols, sizeof *v, csv_name_cmp);
	size_t dup = SIZE_MAX, first = 0;
	for (size_t i = 1; i < t->ncols; i++)
		if (v[i].col < dup && strcmp(v[i].s, v[i - 1].s) == 0)
			dup = v[i].col, first = v[i - 1].col;
	free(v);
	if (dup == SIZE_MAX)
		return 0;
	const char *s = rm_csv_header(t, dup);
	return rm_error_set(c->err, t->file, c->row_line, (long)dup + 1,
	                    "duplicate column \"%.*s\" (also column %zu)", csv_show_len(s, 64), s,
	                    first + 1);
}

/* Takes the first row as the header: named columns, unique names, and no semicolon export
 * in disguise. */
static int csv_check_header(struct csv_ctx *c, size_t ncols)
{
	struct rm_csv *t = c->t;
	t->ncols = ncols;
	for (size_t i = 0; i < t->ncols; i++) {
		const char *s = rm_csv_header(t, i);
		/* a name of only blanks can never be referred to, so it counts as empty */
		if (s[strspn(s, " \t")] == '\0')
			return rm_error_set(c->err, t->file, c->row_line, (long)i + 1,
			                    "empty column name");
	}
	const char *s = rm_csv_header(t, 0), *semi = strchr(s, ';');
	if (t->ncols == 1 && semi) {
		/* show the first two names, enough to recognise the export */
		const char *second = strchr(semi + 1, ';');
		int show =
		    csv_show_len(s, second && second - s < 64 ? (size_t)(second - s) + 1 : 64);
		return rm_error_set(
		    c->err, t->file, c->row_line, 0,
		    "looks like a semicolon-separated export (one column \"%.*s%s\"); "
		    "remelt reads comma-separated CSV with decimal points",
		    show, s, (size_t)show < strlen(s) ? "..." : "");
	}
	return csv_check_dups(c);
}

static void csv_on_field(void *s, size_t n, void *data)
{
	struct csv_ctx *c = data;
	struct rm_csv *t = c->t;
	if (c->failed)
		return;
	c->field_open = 0;
	size_t col = ++c->nfields;
	/* rm_error_set always returns -1: it doubles as the failed flag */
	if (n > RM_CSV_MAX_FIELD)
		c->failed = rm_error_set(c->err, t->file, c->field_line, (long)col,
		                         "field is longer than %u bytes", RM_CSV_MAX_FIELD);
	else if (t->ncols == 0 && col > RM_CSV_MAX_COLS)
		c->failed = rm_error_set(c->err, t->file, c->row_line, (long)col,
		                         "header has more than %u columns", RM_CSV_MAX_COLS);
	else if (t->ncols && col > t->ncols)
		return; /* counted, not kept: the row is refused when it ends */
	else if (csv_store(t, s, n, c->field_start) < 0)
		c->failed = rm_error_set(c->err, t->file, 0, 0, "out of memory");
}

static void csv_on_row(int term, void *data)
{
	struct csv_ctx *c = data;
	struct rm_csv *t = c->t;
	size_t n = c->nfields;
	(void)term;
	if (c->failed)
		return;
	c->row_open = 0;
	c->nfields = 0;
	if (csv_push(&t->line, &t->nline, &t->line_cap, (uint32_t)c->row_line) < 0)
		c->failed = rm_error_set(c->err, t->file, 0, 0, "out of memory");
	else if (t->ncols == 0)
		c->failed = csv_check_header(c, n);
	else if (n != t->ncols) /* too many: point at the first extra field; too few: the row */
		c->failed = rm_error_set(
		    c->err, t->file, c->row_line, n > t->ncols ? (long)t->ncols + 1 : 0,
		    "row has %zu field%s, header has %zu", n, n == 1 ? "" : "s", t->ncols);
	else if ((t->nrows + 2) * t->ncols > RM_CSV_MAX_CELLS) /* header, rows so far, this one */
		c->failed = rm_error_set(c->err, t->file, c->row_line, 0,
		                         "more than %u cells (rows x columns); split the file",
		                         RM_CSV_MAX_CELLS);
	else if (t->nrows == RM_CSV_MAX_ROWS)
		c->failed = rm_error_set(c->err, t->file, c->row_line, 0, "more than %u data rows",
		                         RM_CSV_MAX_ROWS);
	else
		t->nrows++;
}

/* Cells are kept verbatim: libcsv must not trim blanks. */
static int csv_no_space(unsigned char b)
{
	(void)b;
	return 0;
}

/* Length of the valid UTF-8 sequence at s (s[0] >= 0x80), 0 if invalid. The allowed range
 * of the second byte rules out overlong forms, surrogates and code points above U+10FFFF. */
static size_t csv_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char b = s[0];
	size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
	unsigned char lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
	unsigned char hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
	if (b < 0xC2 || b > 0xF4 || n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* Finds the end of the segment at pos, refusing NUL bytes and invalid UTF-8 on the way. */
static int csv_scan(struct csv_ctx *c, const unsigned char *s, size_t len, size_t pos, size_t *end)
{
	size_t stop = len - pos > CSV_SEG_MAX ? pos + CSV_SEG_MAX : len;
	long col = (long)c->nfields + 1;
	while (pos < stop) {
		unsigned char b = s[pos];
		if (b < 0x80 && !csv_stop[b]) {
			pos++;
			continue;
		}
		if (b == 0)
			return rm_error_set(c->err, c->t->file, c->line, col,
			                    "binary data: NUL byte");
		size_t n = b < 0x80 ? 1 : csv_utf8_len(s + pos, len - pos);
		if (!n)
			return rm_error_set(c->err, c->t->file, c->line, col,
			                    "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			                    b);
		pos += n;
		if (b < 0x80)
			break; /* ',' CR or LF: libcsv may call back on it */
	}
	*end = pos;
	return 0;
}

/* Feeds one segment to libcsv, noting where rows and fields start. */
static int csv_feed(struct csv_ctx *c, struct csv_parser *p, const unsigned char *s, size_t pos,
                    size_t end)
{
	unsigned char b = s[pos];
	/* between rows libcsv skips CR and LF; any other byte starts a row */
	if (!c->field_open && (c->row_open || (b != '\r' && b != '\n'))) {
		if (!c->row_open)
			c->row_line = c->line;
		c->row_open = c->field_open = 1;
		c->field_line = c->line;
		c->field_start = pos;
		c->field_quoted = b == '"';
	}
	size_t n = csv_parse(p, s + pos, end - pos, csv_on_field, csv_on_row, c);
	if (c->failed)
		return -1;
	if (n < end - pos && csv_error(p) != CSV_EPARSE)
		return rm_error_set(c->err, c->t->file, 0, 0, "out of memory");
	if (n < end - pos) /* strict mode stops on a quote only inside an unquoted field */
		return rm_error_set(c->err, c->t->file, c->line, (long)c->nfields + 1, "%s",
		                    s[pos + n] == '"'
		                        ? "quote inside an unquoted field (quote the whole "
		                          "field and double the quote: \"12\"\"\")"
		                        : "text after the closing quote of a quoted field");
	/* stop a runaway field early, before libcsv buffers all of it */
	if (c->field_open && end - c->field_start > CSV_RAW_MAX)
		return rm_error_set(c->err, c->t->file, c->field_line, (long)c->nfields + 1,
		                    "%sfield is longer than %u bytes%s",
		                    c->field_quoted ? "quoted " : "", RM_CSV_MAX_FIELD,
		                    c->field_quoted ? " (is a closing quote missing?)" : "");
	if (s[end - 1] == '\n')
		c->line++;
	return 0;
}

static int csv_run(struct csv_ctx *c, struct csv_parser *p, const unsigned char *s, size_t len)
{
	size_t pos = 0, end = 0;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		pos = 3; /* a BOM is not part of the first column name */
	while (pos < len) {
		if (csv_scan(c, s, len, pos, &end) < 0 || csv_feed(c, p, s, pos, end) < 0)
			return -1;
		pos = end;
	}
	if (csv_fini(p, csv_on_field, csv_on_row, c) != 0)
		return rm_error_set(c->err, c->t->file, c->field_line, (long)c->nfields + 1,
		                    "unterminated quoted field (the quote opened here is never "
		                    "closed)");
	if (c->failed)
		return -1;
	if (c->t->ncols == 0)
		return rm_error_set(c->err, c->t->file, 1, 0, "empty file: no header row");
	return 0;
}

int rm_csv_parse(const char *name, const char *buf, size_t len, struct rm_csv **out,
                 struct rm_error *err)
{
	*out = NULL;
	name = name ? name : "";
	if (len > RM_CSV_MAX_BYTES)
		return csv_too_big(err, name);
	struct rm_csv *t = calloc(1, sizeof *t);
	if (t) {
		t->file = strdup(name);
		/* cells plus their NULs never outgrow the input (see the top of the file) */
		t->arena_cap = len + 1;
		t->arena = malloc(t->arena_cap);
	}
	if (!t || !t->file || !t->arena) {
		rm_csv_free(t);
		return rm_error_set(err, name, 0, 0, "out of memory");
	}
	struct csv_ctx c = {.t = t, .err = err, .line = 1};
	struct csv_parser p;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_space_func(&p, csv_no_space);
	csv_set_blk_size(&p, CSV_SEG_MAX); /* fewer reallocs than the default 128 */
	int rc = csv_run(&c, &p, (const unsigned char *)buf, len);
	csv_free(&p);
	if (rc < 0)
		rm_csv_free(t);
	else
		*out = t;
	return rc;
}

/* Reads the whole file; a regular file that is too large is refused from its size alone.
 * A directory fails in fread (EISDIR). */
static int csv_read(FILE *f, const char *path, char **buf, size_t *len, struct rm_error *err)
{
	struct stat st;
	size_t cap = 65536, n = 0;
	char *b = NULL, *nb;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > RM_CSV_MAX_BYTES)
			return csv_too_big(err, path);
		cap = (size_t)st.st_size + 1; /* +1: EOF is seen without a second block */
	}
	while ((nb = realloc(b, cap)) != NULL) {
		b = nb;
		n += fread(b + n, 1, cap - n, f);
		if (n < cap || n > RM_CSV_MAX_BYTES)
			break;
		cap = cap > RM_CSV_MAX_BYTES / 2 ? RM_CSV_MAX_BYTES + 1u : cap * 2;
	}
	if (!nb) {
		free(b);
		return rm_error_set(err, path, 0, 0, "out of memory");
	}
	int e = ferror(f) ? (errno ? errno : EIO) : 0;
	if (e || n > RM_CSV_MAX_BYTES) { /* too big: it grew since fstat, or is a pipe */
		free(b);
		return e ? rm_error_set(err, path, 0, 0, "cannot read: %s", strerror(e))
		         : csv_too_big(err, path);
	}
	*buf = b;
	*len = n;
	return 0;
}

int rm_csv_load_raw(const char *path, struct rm_csv **out, char **raw, size_t *rawlen,
                    struct rm_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	*out = NULL;
	FILE *f = rm_file_fopen_read(path, err);
	if (!f)
		return -1;
	int rc = csv_read(f, path, &buf, &len, err);
	fclose(f);
	if (rc == 0)
		rc = rm_csv_parse(path, buf, len, out, err);
	if (rc == 0 && raw) {
		*raw = buf;
		*rawlen = len;
	} else {
		free(buf);
	}
	return rc;
}

int rm_csv_load(const char *path, struct rm_csv **out, struct rm_error *err)
{
	return rm_csv_load_raw(path, out, NULL, NULL, err);
}

size_t rm_csv_cell_start(const struct rm_csv *t, size_t row, size_t col)
{
	return t->start[(row + 1) * t->ncols + col];
}

size_t rm_csv_field_end(const char *buf, size_t len, size_t start)
{
	size_t i = start;
	if (i < len && buf[i] == '"') {
		for (i++; i < len; i++)
			if (buf[i] == '"') {
				if (i + 1 < len && buf[i + 1] == '"')
					i++; /* "" inside: one quote */
				else
					return i + 1;
			}
		return len;
	}
	while (i < len && buf[i] != ',' && buf[i] != '\r' && buf[i] != '\n')
		i++;
	return i;
}

void rm_csv_free(struct rm_csv *t)
{
	if (!t)
		return;
	free(t->file);
	free(t->arena);
	free(t->cell);
	free(t->line);
	free(t->start);
	free(t);
}

const char *rm_csv_file(const struct rm_csv *t)
{
	return t ? t->file : "";
}

size_t rm_csv_ncols(const struct rm_csv *t)
{
	return t ? t->ncols : 0;
}

size_t rm_csv_nrows(const struct rm_csv *t)
{
	return t ? t->nrows : 0;
}

const char *rm_csv_header(const struct rm_csv *t, size_t col)
{
	return t && col < t->ncols ? t->arena + t->cell[col] : "";
}

long rm_csv_col(const struct rm_csv *t, const char *name)
{
	if (!t || !name)
		return -1;
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->arena + t->cell[i], name) == 0)
			return (long)i;
	return -1;
}

const char *rm_csv_cell(const struct rm_csv *t, size_t row, size_t col)
{
	if (!t || row >= t->nrows || col >= t->ncols)
		return ""; /* a safety net: callers index within nrows x ncols */
	return t->arena + t->cell[(row + 1) * t->ncols + col];
}

long rm_csv_line(const struct rm_csv *t, size_t row)
{
	return t && row < t->nrows ? (long)t->line[row + 1] : 0;
}

long rm_csv_header_line(const struct rm_csv *t)
{
	return t && t->nline ? (long)t->line[0] : 0;
}
