/* Unit tests of core/rm_csv: contents, line numbers and every refusal with its position. */
/* cmocka.h needs these first, in this order (so clang-format must not sort them) */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rm_csv.h"

/* Parses a string that must be accepted. */
static struct rm_csv *ok_len(const char *s, size_t len)
{
	struct rm_csv *t = NULL;
	struct rm_error err;
	rm_error_clear(&err);
	int rc = rm_csv_parse("t.csv", s, len, &t, &err);
	if (rc != 0)
		print_error("unexpected error: %ld:%ld: %s\n", err.line, err.col, err.msg);
	assert_int_equal(rc, 0);
	assert_non_null(t);
	return t;
}

static struct rm_csv *ok(const char *s)
{
	return ok_len(s, strlen(s));
}

/* Parses input that must be refused at line:col with msg in the message. */
static void bad_len(const char *s, size_t len, long line, long col, const char *msg)
{
	struct rm_csv *t = (struct rm_csv *)&t; /* must be reset to NULL */
	struct rm_error err;
	rm_error_clear(&err);
	assert_int_equal(rm_csv_parse("t.csv", s, len, &t, &err), -1);
	assert_null(t);
	if (!strstr(err.msg, msg))
		print_error("message \"%s\" lacks \"%s\"\n", err.msg, msg);
	assert_non_null(strstr(err.msg, msg));
	assert_string_equal(err.file, "t.csv");
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
}

static void bad(const char *s, long line, long col, const char *msg)
{
	bad_len(s, strlen(s), line, col, msg);
}

static void test_basic(void **state)
{
	(void)state;
	struct rm_csv *t = ok("id,mass_kg,Fe\nL001,9000,0.5\nL002,4000,0.75\n");
	assert_string_equal(rm_csv_file(t), "t.csv");
	assert_int_equal(rm_csv_ncols(t), 3);
	assert_int_equal(rm_csv_nrows(t), 2);
	assert_string_equal(rm_csv_header(t, 0), "id");
	assert_string_equal(rm_csv_header(t, 1), "mass_kg");
	assert_string_equal(rm_csv_header(t, 2), "Fe");
	assert_string_equal(rm_csv_cell(t, 0, 0), "L001");
	assert_string_equal(rm_csv_cell(t, 0, 2), "0.5");
	assert_string_equal(rm_csv_cell(t, 1, 1), "4000");
	assert_string_equal(rm_csv_cell(t, 1, 2), "0.75");
	assert_int_equal(rm_csv_header_line(t), 1);
	assert_int_equal(rm_csv_line(t, 0), 2);
	assert_int_equal(rm_csv_line(t, 1), 3);
	rm_csv_free(t);
}

static void test_no_trailing_newline(void **state)
{
	(void)state;
	struct rm_csv *t = ok("a,b\n1,2");
	assert_int_equal(rm_csv_nrows(t), 1);
	assert_string_equal(rm_csv_cell(t, 0, 1), "2");
	assert_int_equal(rm_csv_line(t, 0), 2);
	rm_csv_free(t);
	t = ok("a,b\n1,\"x\"");
	assert_string_equal(rm_csv_cell(t, 0, 1), "x");
	rm_csv_free(t);
	t = ok("a,b\n1,"); /* an empty last field at EOF */
	assert_int_equal(rm_csv_nrows(t), 1);
	assert_string_equal(rm_csv_cell(t, 0, 0), "1");
	assert_string_equal(rm_csv_cell(t, 0, 1), "");
	rm_csv_free(t);
}

static void test_crlf(void **state)
{
	(void)state;
	struct rm_csv *t = ok("a,b\r\n1,2\r\n3,4\r\n");
	assert_int_equal(rm_csv_nrows(t), 2);
	assert_string_equal(rm_csv_header(t, 1), "b");
	assert_string_equal(rm_csv_cell(t, 0, 1), "2");
	assert_string_equal(rm_csv_cell(t, 1, 1), "4");
	assert_int_equal(rm_csv_line(t, 0), 2);
	assert_int_equal(rm_csv_line(t, 1), 3);
	rm_csv_free(t);
}

static void test_blank_lines(void **state)
{
	(void)state;
	struct rm_csv *t = ok("\n\na,b\n1,2\n\n\n3,4\n\n");
	assert_int_equal(rm_csv_header_line(t), 3);
	assert_int_equal(rm_csv_nrows(t), 2);
	assert_int_equal(rm_csv_line(t, 0), 4);
	assert_int_equal(rm_csv_line(t, 1), 7);
	assert_string_equal(rm_csv_cell(t, 1, 0), "3");
	rm_csv_free(t);
}

static void test_blank_lines_crlf(void **state)
{
	(void)state;
	struct rm_csv *t = ok("a,b\r\n\r\n\r\n1,2\r\n\r\n3,4");
	assert_int_equal(rm_csv_nrows(t), 2);
	assert_int_equal(rm_csv_line(t, 0), 4);
	assert_int_equal(rm_csv_line(t, 1), 6);
	assert_string_equal(rm_csv_cell(t, 1, 1), "4");
	rm_csv_free(t);
}

static void test_bom(void **state)
{
	(void)state;
	struct rm_csv *t = ok("\xEF\xBB\xBFid,Fe\r\nL1,0.5\r\n");
	assert_string_equal(rm_csv_header(t, 0), "id");
	assert_int_equal(rm_csv_col(t, "id"), 0);
	assert_int_equal(rm_csv_header_line(t), 1);
	assert_int_equal(rm_csv_line(t, 0), 2);
	rm_csv_free(t);
}

static void test_bom_only_line(void **state)
{
	(void)state;
	struct rm_csv *t = ok("\xEF\xBB\xBF\nid,Fe\nL1,0.5\n");
	assert_string_equal(rm_csv_header(t, 0), "id");
	assert_int_equal(rm_csv_header_line(t), 2);
	assert_int_equal(rm_csv_line(t, 0), 3);
	rm_csv_free(t);
}

static void test_quoted_newline(void **state)
{
	(void)state;
	struct rm_csv *t = ok("id,note\nL1,\"ADC12 returns:\nrunners, gates\"\nL2,x\n");
	assert_int_equal(rm_csv_nrows(t), 2);
	assert_string_equal(rm_csv_cell(t, 0, 1), "ADC12 returns:\nrunners, gates");
	assert_int_equal(rm_csv_line(t, 0), 2);
	assert_int_equal(rm_csv_line(t, 1), 4);
	rm_csv_free(t);
}

/* CRLF inside quotes counts once, a lone CR never counts (project line contract). */
static void test_quoted_crlf_and_lone_cr(void **state)
{
	(void)state;
	struct rm_csv *t = ok("id,note\r\n\"L1\",\"a:\r\nb\rc\"\r\nL2,y\r\nL3,z\r\n");
	assert_int_equal(rm_csv_nrows(t), 3);
	assert_string_equal(rm_csv_cell(t, 0, 0), "L1");
	assert_string_equal(rm_csv_cell(t, 0, 1), "a:\r\nb\rc");
	assert_int_equal(rm_csv_line(t, 0), 2);
	assert_int_equal(rm_csv_line(t, 1), 4);
	assert_int_equal(rm_csv_line(t, 2), 5);
	rm_csv_free(t);
}

/* A lone CR outside quotes ends a row (libcsv) but does not start a line. */
static void test_lone_cr_row_end(void **state)
{
	(void)state;
	struct rm_csv *t = ok("a,b\r1,2\r3,4\n5,6\n");
	assert_int_equal(rm_csv_nrows(t), 3);
	assert_string_equal(rm_csv_cell(t, 1, 0), "3");
	assert_int_equal(rm_csv_line(t, 0), 1);
	assert_int_equal(rm_csv_line(t, 1), 1);
	assert_int_equal(rm_csv_line(t, 2), 2);
	rm_csv_free(t);
}

static void test_escaped_quotes(void **state)
{
	(void)state;
	struct rm_csv *t = ok("a,b,c\n\"12\"\" pipe\",\"x,y\",\"\"\"\"\n\"\",\"\"\"q\"\"\",z\n");
	assert_string_equal(rm_csv_cell(t, 0, 0), "12\" pipe");
	assert_string_equal(rm_csv_cell(t, 0, 1), "x,y");
	assert_string_equal(rm_csv_cell(t, 0, 2), "\"");
	assert_string_equal(rm_csv_cell(t, 1, 0), "");
	assert_string_equal(rm_csv_cell(t, 1, 1), "\"q\"");
	assert_string_equal(rm_csv_cell(t, 1, 2), "z");
	rm_csv_free(t);
}

static void test_verbatim_blanks(void **state)
{
	(void)state;
	struct rm_csv *t = ok(" id ,\tFe\n  L1 ,\" 0.5 \"\n   ,\t\n");
	assert_string_equal(rm_csv_header(t, 0), " id ");
	assert_string_equal(rm_csv_header(t, 1), "\tFe");
	assert_string_equal(rm_csv_cell(t, 0, 0), "  L1 ");
	assert_string_equal(rm_csv_cell(t, 0, 1), " 0.5 ");
	assert_string_equal(rm_csv_cell(t, 1, 0), "   ");
	assert_string_equal(rm_csv_cell(t, 1, 1), "\t");
	assert_int_equal(rm_csv_col(t, "id"), -1);
	assert_int_equal(rm_csv_col(t, " id "), 0);
	rm_csv_free(t);
}

static void test_empty_fields(void **state)
{
	(void)state;
	struct rm_csv *t = ok("a,b,c\n,,\n1,,\n,\"\",3\n");
	assert_int_equal(rm_csv_nrows(t), 3);
	for (size_t c = 0; c < 3; c++)
		assert_string_equal(rm_csv_cell(t, 0, c), "");
	assert_string_equal(rm_csv_cell(t, 1, 0), "1");
	assert_string_equal(rm_csv_cell(t, 1, 2), "");
	assert_string_equal(rm_csv_cell(t, 2, 1), "");
	assert_string_equal(rm_csv_cell(t, 2, 2), "3");
	rm_csv_free(t);
}

static void test_col_exact(void **state)
{
	(void)state;
	struct rm_csv *t = ok("id,Fe,fe,Fe \n1,2,3,4\n");
	assert_int_equal(rm_csv_col(t, "id"), 0);
	assert_int_equal(rm_csv_col(t, "Fe"), 1);
	assert_int_equal(rm_csv_col(t, "fe"), 2);
	assert_int_equal(rm_csv_col(t, "Fe "), 3);
	assert_int_equal(rm_csv_col(t, "FE"), -1);
	assert_int_equal(rm_csv_col(t, ""), -1);
	assert_int_equal(rm_csv_col(t, NULL), -1);
	rm_csv_free(t);
}

static void test_out_of_range(void **state)
{
	(void)state;
	struct rm_csv *t = ok("a,b\n1,2\n");
	assert_string_equal(rm_csv_cell(t, 1, 0), "");
	assert_string_equal(rm_csv_cell(t, 0, 2), "");
	assert_string_equal(rm_csv_cell(t, SIZE_MAX, SIZE_MAX), "");
	assert_string_equal(rm_csv_header(t, 2), "");
	assert_int_equal(rm_csv_line(t, 1), 0);
	rm_csv_free(t);
	rm_csv_free(NULL);
}

static void test_header_only(void **state)
{
	(void)state;
	struct rm_csv *t = ok("\nid,mass_kg\n\n");
	assert_int_equal(rm_csv_ncols(t), 2);
	assert_int_equal(rm_csv_nrows(t), 0);
	assert_int_equal(rm_csv_header_line(t), 2);
	assert_string_equal(rm_csv_cell(t, 0, 0), "");
	rm_csv_free(t);
}

static void test_utf8_ok(void **state)
{
	(void)state;
	struct rm_csv *t = ok("Name,\xE2\x82\xAC/kg\nM\xC3\xBCller,\xF0\x9D\x84\x9E\n");
	assert_int_equal(rm_csv_col(t, "\xE2\x82\xAC/kg"), 1);
	assert_string_equal(rm_csv_cell(t, 0, 0), "M\xC3\xBCller");
	assert_string_equal(rm_csv_cell(t, 0, 1), "\xF0\x9D\x84\x9E");
	rm_csv_free(t);
}

static void test_one_column(void **state)
{
	(void)state;
	struct rm_csv *t = ok("id\nA\n\nB\n");
	assert_int_equal(rm_csv_ncols(t), 1);
	assert_int_equal(rm_csv_nrows(t), 2);
	assert_string_equal(rm_csv_cell(t, 1, 0), "B");
	assert_int_equal(rm_csv_line(t, 1), 4);
	rm_csv_free(t);
}

/* 10,000 x 30: every cell and line survives (the arena offsets stay right). */
static void test_large(void **state)
{
	(void)state;
	size_t cap = 4u * 1024 * 1024, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	for (int c = 0; c < 30; c++)
		n += (size_t)snprintf(s + n, cap - n, "%sc%d", c ? "," : "", c);
	for (int r = 0; r < 10000; r++) {
		s[n++] = '\n';
		for (int c = 0; c < 30; c++)
			n += (size_t)snprintf(s + n, cap - n, "%s%d.%d", c ? "," : "", r, c);
	}
	struct rm_csv *t = ok_len(s, n);
	assert_int_equal(rm_csv_nrows(t), 10000);
	assert_int_equal(rm_csv_col(t, "c29"), 29);
	assert_string_equal(rm_csv_cell(t, 9999, 29), "9999.29");
	assert_string_equal(rm_csv_cell(t, 4321, 7), "4321.7");
	assert_int_equal(rm_csv_line(t, 9999), 10001);
	rm_csv_free(t);
	free(s);
}

static void test_field_at_limit(void **state)
{
	(void)state;
	size_t n = RM_CSV_MAX_FIELD;
	char *s = malloc(n + 16);
	assert_non_null(s);
	memcpy(s, "a,b\n1,", 6);
	memset(s + 6, 'x', n);
	struct rm_csv *t = ok_len(s, n + 6);
	assert_int_equal(strlen(rm_csv_cell(t, 0, 1)), n);
	rm_csv_free(t);
	s[n + 6] = 'x'; /* one byte more */
	bad_len(s, n + 7, 2, 2, "field is longer than 65536 bytes");
	free(s);
}

/* A 1 MB field is refused where it starts, long before it is all buffered. */
static void test_field_1mb(void **state)
{
	(void)state;
	size_t n = 1024 * 1024;
	char *s = malloc(n + 32);
	assert_non_null(s);
	memcpy(s, "a,b\n1,2\n3,", 10);
	memset(s + 10, 'x', n);
	memcpy(s + 10 + n, "\n", 1);
	bad_len(s, n + 11, 3, 2, "field is longer than 65536 bytes");
	memcpy(s + 10, "\"", 1); /* quoted: an unterminated quote looks like this */
	bad_len(s, n + 11, 3, 2, "quoted field is longer than 65536 bytes");
	free(s);
}

static void test_empty_file(void **state)
{
	(void)state;
	bad("", 1, 0, "empty file: no header row");
	bad("\xEF\xBB\xBF", 1, 0, "empty file: no header row");
	bad("\n\r\n\n", 1, 0, "empty file: no header row");
	struct rm_csv *t = NULL;
	struct rm_error err;
	assert_int_equal(rm_csv_parse("t.csv", NULL, 0, &t, &err), -1);
	assert_string_equal(err.msg, "empty file: no header row");
}

static void test_nul_byte(void **state)
{
	(void)state;
	static const char s[] = "id,note\nL1,A356\0wheels\n";
	bad_len(s, sizeof s - 1, 2, 2, "binary data: NUL byte");
	static const char h[] = "\0id,note\n";
	bad_len(h, sizeof h - 1, 1, 1, "binary data: NUL byte");
	static const char e[] = "a,b,c\n1,2,3\n4,5,1.0\0\n";
	bad_len(e, sizeof e - 1, 3, 3, "binary data: NUL byte");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	bad("id,note\nL1,M\xFCller\n", 2, 2, "invalid UTF-8");
	bad("id,note\nL1,turnings \xC0\xAF oily\n", 2, 2, "invalid UTF-8");     /* overlong */
	bad("id,note\nL1,primary \xED\xA0\x80 ingot\n", 2, 2, "invalid UTF-8"); /* surrogate */
	bad("id,note\nL1,bodies \xE2\x82", 2, 2, "invalid UTF-8");              /* cut at EOF */
	bad("heat,gr\344de\nH1,x\n", 1, 2, "invalid UTF-8");  /* header, Latin-1 */
	bad("a\nx\xF4\x90\x80\x80\n", 2, 1, "invalid UTF-8"); /* > U+10FFFF */
	bad("a,b\n1,\"x\ny\xE9\"\n", 3, 2, "invalid UTF-8");  /* in quotes */
}

static void test_gzip_bytes(void **state)
{
	(void)state;
	static const char s[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
	bad_len(s, sizeof s - 1, 1, 1, "invalid UTF-8 (byte 0x8B)");
}

static void test_field_count(void **state)
{
	(void)state;
	bad("a,b,c\n1,2,3\n1,2,3,x\n", 3, 4, "row has 4 fields, header has 3");
	bad("a,b,c\n1,2,3\n\n1,2\n", 4, 0, "row has 2 fields, header has 3");
	bad("a,b,c\n1\n", 2, 0, "row has 1 field, header has 3");
	bad("a,b,c\r\n1,2,3\r\n4,5", 3, 0, "row has 2 fields, header has 3");
	/* a row is reported where it starts, also when a quoted newline moves its end */
	bad("a,b\n1,\"x\ny\",z\n", 2, 3, "row has 3 fields, header has 2");
	bad("a,b\n   \n", 2, 0, "row has 1 field, header has 2");
}

static void test_duplicate_column(void **state)
{
	(void)state;
	bad("id,Fe,Si,Fe\n", 1, 4, "duplicate column \"Fe\" (also column 2)");
	bad("b,a,x,a,b\n1,2,3,4,5\n", 1, 4, "duplicate column \"a\" (also column 2)");
	bad("\n\nx,x,x\n", 3, 2, "duplicate column \"x\" (also column 1)");
}

static void test_empty_column_name(void **state)
{
	(void)state;
	bad("id,,Fe\n1,2,3\n", 1, 2, "empty column name");
	bad("id,Fe,\n", 1, 3, "empty column name");
	bad("\"\"\n1\n", 1, 1, "empty column name");
	bad("id,  \n", 1, 2, "empty column name");
	bad(",\n", 1, 1, "empty column name");
}

static void test_quote_in_unquoted(void **state)
{
	(void)state;
	bad("id,note\nL1,ADC12 turnings 12\" (oily)\n", 2, 2, "quote inside an unquoted field");
	bad("id,no\"te\nL1,x\n", 1, 2, "quote inside an unquoted field");
	bad("a,b\r\n\r\n1,2\r\nx\"y,3\r\n", 4, 1, "quote inside an unquoted field");
}

static void test_text_after_quote(void **state)
{
	(void)state;
	bad("id,note\nA1,\"primary ingot, P1020A\"x\n", 2, 2, "text after the closing quote");
	bad("a,b\n\"1\" ,2\n", 2, 1, "text after the closing quote");
	/* the fault is on the line of the closing quote, not where the field started */
	bad("a,b\n1,\"x\ny\"z\n", 3, 2, "text after the closing quote");
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	bad("id,mass,note\nL1,1,x\nL2,2,\"ADC12 turnings\nL3,3,y\n", 3, 3,
	    "unterminated quoted field");
	bad("heat,grade,mass_kg\nH01,ADC12,\"8000\n", 2, 3, "unterminated quoted field");
	bad("\"id,x\n", 1, 1, "unterminated quoted field");
}

static void test_semicolon_export(void **state)
{
	(void)state;
	bad("id;mass_kg;Fe;Si\nL1;9000;0,5;10,8\n", 1, 0,
	    "looks like a semicolon-separated export (one column \"id;mass_kg;...\"); remelt "
	    "reads comma-separated CSV with decimal points");
	bad("\xEF\xBB\xBFgrade;element;min;max\r\nADC12;Si;9,6;12,0\r\n", 1, 0,
	    "one column \"grade;element;...\"");
	bad("\n\na;b\n1;2\n", 3, 0, "one column \"a;b\"");
}

static void test_too_many_columns(void **state)
{
	(void)state;
	size_t cap = 8 * (RM_CSV_MAX_COLS + 2), n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	for (unsigned c = 0; c < RM_CSV_MAX_COLS; c++)
		n += (size_t)snprintf(s + n, cap - n, "%sc%u", c ? "," : "", c);
	s[n] = '\n';
	struct rm_csv *t = ok_len(s, n + 1);
	assert_int_equal(rm_csv_ncols(t), RM_CSV_MAX_COLS);
	assert_int_equal(rm_csv_col(t, "c4095"), 4095);
	rm_csv_free(t);
	n += (size_t)snprintf(s + n, cap - n, ",c%u\n", RM_CSV_MAX_COLS);
	bad_len(s, n, 1, RM_CSV_MAX_COLS + 1, "header has more than 4096 columns");
	free(s);
}

static void test_too_many_rows(void **state)
{
	(void)state;
	size_t rows = RM_CSV_MAX_ROWS + 1, n = 2;
	char *s = malloc(2 + 2 * rows);
	assert_non_null(s);
	memcpy(s, "a\n", 2);
	for (size_t r = 0; r < rows; r++, n += 2)
		memcpy(s + n, "1\n", 2);
	bad_len(s, n, (long)rows + 1, 0, "more than 1000000 data rows");
	struct rm_csv *t = ok_len(s, n - 2); /* exactly the limit is fine */
	assert_int_equal(rm_csv_nrows(t), RM_CSV_MAX_ROWS);
	assert_int_equal(rm_csv_line(t, RM_CSV_MAX_ROWS - 1), (long)RM_CSV_MAX_ROWS + 1);
	rm_csv_free(t);
	free(s);
}

static void test_load_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test_csv_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	assert_non_null(f);
	fputs("\xEF\xBB\xBFid,Fe\r\nL1,0.5\r\n", f);
	fclose(f);
	struct rm_csv *t = NULL;
	struct rm_error err;
	assert_int_equal(rm_csv_load(path, &t, &err), 0);
	assert_string_equal(rm_csv_file(t), path);
	assert_string_equal(rm_csv_cell(t, 0, 1), "0.5");
	rm_csv_free(t);
	/* too large: refused from its size, before reading (the file is sparse) */
	assert_int_equal(truncate(path, (off_t)RM_CSV_MAX_BYTES + 1), 0);
	assert_int_equal(rm_csv_load(path, &t, &err), -1);
	assert_null(t);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, 0);
	assert_non_null(strstr(err.msg, "file is larger than 256 MiB"));
	unlink(path);
}

static void test_load_missing_and_dir(void **state)
{
	(void)state;
	struct rm_csv *t = NULL;
	struct rm_error err;
	assert_int_equal(rm_csv_load("/nonexistent/lots.csv", &t, &err), -1);
	assert_null(t);
	assert_string_equal(err.file, "/nonexistent/lots.csv");
	assert_int_equal(err.line, 0);
	assert_int_equal(err.col, 0);
	assert_string_equal(err.msg, "cannot open: No such file or directory");
	assert_int_equal(rm_csv_load("/tmp", &t, &err), -1);
	assert_null(t);
	assert_int_equal(err.line, 0);
	assert_non_null(strstr(err.msg, "directory"));
}

static void test_error_format(void **state)
{
	(void)state;
	struct rm_csv *t = NULL;
	struct rm_error err;
	char buf[256];
	assert_int_equal(rm_csv_parse("data/lots.csv", "a,b\n1,2,3\n", 10, &t, &err), -1);
	rm_error_format(&err, buf, sizeof buf);
	assert_string_equal(buf, "data/lots.csv:2:3: row has 3 fields, header has 2");
}

/* The one field writer (issue 21, 5): quoting, and formulas neutralised in reports only. */
static void put_buf(void *ctx, const char *s, size_t n)
{
	strncat(ctx, s, n);
}

static void field_is(const char *s, unsigned flags, const char *want)
{
	char buf[128] = "";
	rm_csv_field(s, flags, put_buf, buf);
	assert_string_equal(buf, want);
}

static void test_field_writer(void **state)
{
	(void)state;
	field_is("L001", 0, "L001");
	field_is("a,b", 0, "\"a,b\"");
	field_is("say \"hi\"", 0, "\"say \"\"hi\"\"\"");
	field_is("", 0, "");
	field_is("", RM_CSV_QUOTE_EMPTY, "\"\"");
	field_is("=1+1", 0, "=1+1"); /* data files keep their ids */
	field_is("=1+1", RM_CSV_SHEET, "'=1+1");
	field_is("+cmd", RM_CSV_SHEET, "'+cmd");
	field_is("@SUM(A1)", RM_CSV_SHEET, "'@SUM(A1)");
	field_is("-2+3", RM_CSV_SHEET, "'-2+3");
	field_is("\tx", RM_CSV_SHEET, "'\tx");
	field_is("\r=x", RM_CSV_SHEET, "\"'\r=x\"");
	field_is("=1,2", RM_CSV_SHEET, "\"'=1,2\"");
	field_is("-12.5", RM_CSV_SHEET, "-12.5"); /* a number stays a number */
	field_is("+3", RM_CSV_SHEET, "+3");
	field_is("a=b", RM_CSV_SHEET, "a=b");
	field_is("", RM_CSV_SHEET, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic),
	    cmocka_unit_test(test_no_trailing_newline),
	    cmocka_unit_test(test_crlf),
	    cmocka_unit_test(test_blank_lines),
	    cmocka_unit_test(test_blank_lines_crlf),
	    cmocka_unit_test(test_bom),
	    cmocka_unit_test(test_bom_only_line),
	    cmocka_unit_test(test_quoted_newline),
	    cmocka_unit_test(test_quoted_crlf_and_lone_cr),
	    cmocka_unit_test(test_lone_cr_row_end),
	    cmocka_unit_test(test_escaped_quotes),
	    cmocka_unit_test(test_verbatim_blanks),
	    cmocka_unit_test(test_empty_fields),
	    cmocka_unit_test(test_col_exact),
	    cmocka_unit_test(test_out_of_range),
	    cmocka_unit_test(test_header_only),
	    cmocka_unit_test(test_utf8_ok),
	    cmocka_unit_test(test_one_column),
	    cmocka_unit_test(test_large),
	    cmocka_unit_test(test_field_at_limit),
	    cmocka_unit_test(test_field_1mb),
	    cmocka_unit_test(test_empty_file),
	    cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_gzip_bytes),
	    cmocka_unit_test(test_field_count),
	    cmocka_unit_test(test_duplicate_column),
	    cmocka_unit_test(test_empty_column_name),
	    cmocka_unit_test(test_quote_in_unquoted),
	    cmocka_unit_test(test_text_after_quote),
	    cmocka_unit_test(test_unterminated_quote),
	    cmocka_unit_test(test_semicolon_export),
	    cmocka_unit_test(test_too_many_columns),
	    cmocka_unit_test(test_too_many_rows),
	    cmocka_unit_test(test_load_file),
	    cmocka_unit_test(test_load_missing_and_dir),
	    cmocka_unit_test(test_error_format),
	    cmocka_unit_test(test_field_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
