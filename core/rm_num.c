#include "rm_num.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool rm_num_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* strtod accepts hex, "inf" and "nan": a plant file never means those, so only
 * [+-]digits[.digits][(e|E)[+-]digits] is let through to it. */
static bool num_plain_decimal(const char *s, const char **why)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	size_t digits = 0;
	while (isdigit((unsigned char)*p))
		p++, digits++;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++, digits++;
	}
	if (digits == 0) {
		*why = "is not a number";
		return false;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p)) {
			*why = "is not a number";
			return false;
		}
		while (isdigit((unsigned char)*p))
			p++;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == ',') {
		*why = "has a decimal comma (use a point: 1.5, not 1,5)";
		return false;
	}
	if (*p != '\0') {
		*why = "is not a number (trailing text)";
		return false;
	}
	return true;
}

int rm_num_parse(const char *s, double *out, const char **why)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (!num_plain_decimal(s, why))
		return -1;
	errno = 0;
	char *end;
	double v = strtod(s, &end);
	if (errno == ERANGE && fabs(v) > 1.0) {
		*why = "is out of range";
		return -1;
	}
	if (!isfinite(v)) {
		*why = "is not finite";
		return -1;
	}
	/* Underflow, and anything below RM_NUM_TINY, is a tiny number: 0 is the honest value. */
	*out = (errno == ERANGE || fabs(v) < RM_NUM_TINY) ? 0.0 : v;
	return 0;
}

static const char *num_bound_word(unsigned open)
{
	return open ? "" : "=";
}

int rm_num_cell(const struct rm_csv *t, size_t row, size_t col, double lo, double hi,
                unsigned flags, double *out, struct rm_error *err)
{
	const char *s = rm_csv_cell(t, row, col);
	const char *name = rm_csv_header(t, col);
	long line = rm_csv_line(t, row);
	long fcol = (long)col + 1;
	if (rm_num_blank(s)) {
		if (flags & RM_NUM_REQUIRED)
			return rm_error_set(err, rm_csv_file(t), line, fcol,
			                    "%s is empty (required)", name);
		return 1;
	}
	const char *why = "";
	double v;
	char shown[64];
	snprintf(shown, sizeof shown, "%.40s%s", s, strlen(s) > 40 ? "..." : "");
	if (rm_num_parse(s, &v, &why) < 0)
		return rm_error_set(err, rm_csv_file(t), line, fcol, "%s \"%s\" %s", name, shown,
		                    why);
	bool lo_bad = (flags & RM_NUM_LO_OPEN) ? !(v > lo) : !(v >= lo);
	bool hi_bad = (flags & RM_NUM_HI_OPEN) ? !(v < hi) : !(v <= hi);
	if (lo_bad || hi_bad) {
		if (isinf(hi))
			return rm_error_set(err, rm_csv_file(t), line, fcol,
			                    "%s \"%s\" must be >%s %g", name, shown,
			                    num_bound_word(flags & RM_NUM_LO_OPEN), lo);
		return rm_error_set(err, rm_csv_file(t), line, fcol,
		                    "%s \"%s\" must be in %s%g, %g%s", name, shown,
		                    (flags & RM_NUM_LO_OPEN) ? "(" : "[", lo, hi,
		                    (flags & RM_NUM_HI_OPEN) ? ")" : "]");
	}
	*out = v;
	return 0;
}
