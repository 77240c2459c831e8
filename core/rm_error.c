#include "rm_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int rm_error_set(struct rm_error *err, const char *file, long line, long col, const char *fmt, ...)
{
	if (!err)
		return -1;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->col = col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void rm_error_clear(struct rm_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

void rm_error_format(const struct rm_error *err, char *buf, size_t n)
{
	if (!err->file[0])
		snprintf(buf, n, "%s", err->msg);
	else if (err->line > 0 && err->col > 0)
		snprintf(buf, n, "%s:%ld:%ld: %s", err->file, err->line, err->col, err->msg);
	else if (err->line > 0)
		snprintf(buf, n, "%s:%ld: %s", err->file, err->line, err->msg);
	else
		snprintf(buf, n, "%s: %s", err->file, err->msg);
}
