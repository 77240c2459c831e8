/* rm_error: the one error type of remelt.
 * Library code never prints or exits: it fills a struct rm_error and returns -1.
 * Positions are 1-based; 0 means "not applicable" (a whole file, a whole row). */
#ifndef RM_ERROR_H
#define RM_ERROR_H

#include <stddef.h>

struct rm_error {
	char file[512]; /* path as opened, "" when the error is not about a file */
	long line;      /* 1-based line of the file, 0 = whole file */
	long col;       /* 1-based field (column) number, 0 = whole line */
	char msg[1024];
};

/* Fills err (if non-NULL) and returns -1, so callers can `return rm_error_set(...)`. */
int rm_error_set(struct rm_error *err, const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void rm_error_clear(struct rm_error *err);
/* "file:line:col: msg", "file:line: msg", "file: msg" or "msg", whichever parts are known. */
void rm_error_format(const struct rm_error *err, char *buf, size_t n);

#endif
