/* Durable files, the commit lock, and finding cells in a CSV file's bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ledger_int.h"
#include "rm_csv.h"
#include "rm_fd.h"
#include "rm_file.h"

const char *const lg_files[] = {"ledger.csv",    "lots.csv", "additives.csv", "grades.csv",
                                "heats.csv",     LG_RESULTS, "lots_used.csv", "additives_used.csv",
                                "estimates.csv", NULL};

char *lg_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

int lg_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

int lg_read(const char *path, struct lg_buf *b, struct rm_error *err)
{
	memset(b, 0, sizeof *b);
	struct rm_error open_err;
	int fd = rm_file_open_read(path, false, &open_err);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		if (err)
			*err = open_err;
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || (size_t)st.st_size > RM_CSV_MAX_BYTES) {
		close(fd);
		return rm_error_set(err, path, 0, 0, "not a regular file of at most %u MiB",
		                    RM_CSV_MAX_BYTES / (1024u * 1024u));
	}
	b->p = malloc((size_t)st.st_size + 1);
	b->mode = st.st_mode & 07777;
	size_t got = 0;
	while (b->p && got < (size_t)st.st_size) {
		ssize_t r = read(fd, b->p + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (!b->p || got != (size_t)st.st_size) {
		lg_buf_free(b);
		return rm_error_set(err, path, 0, 0, "cannot read the whole file");
	}
	b->p[got] = '\0';
	b->n = got;
	b->present = true;
	return 0;
}

void lg_buf_free(struct lg_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

int lg_write_durable(const char *path, const char *buf, size_t n, mode_t mode,
                     const struct ledger_opts *o, struct rm_error *err)
{
	/* an unnamed file linked at path once whole: a symlink planted at path is never
	 * followed, and a crash leaves no torn file behind */
	int fd = rm_file_anon(path, err);
	if (fd < 0)
		return -1;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (rm_write_all(fd, buf, n / 2) < 0) {
		int e = errno;
		close(fd);
		return rm_error_set(err, path, 0, 0, "cannot write: %s", strerror(e));
	}
	lg_step(o, "write %s: half", base);
	if (rm_write_all(fd, buf + n / 2, n - n / 2) < 0) {
		int e = errno;
		close(fd);
		return rm_error_set(err, path, 0, 0, "cannot write: %s", strerror(e));
	}
	if (rm_file_link(fd, path, mode, err) < 0)
		return -1;
	lg_step(o, "write %s: synced", base);
	return 0;
}

int lg_lock(const char *dir, long wait_ms, int *fd, struct rm_error *err)
{
	char *path = lg_path(dir, LG_LOCK);
	if (!path)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	if (rm_file_dir_safe(dir, err) < 0) {
		free(path);
		return -1;
	}
	/* the lock file is never deleted: unlinking a flock()ed file lets two holders in.
	 * O_NOFOLLOW: a planted symlink would make us create a file wherever it points. */
	*fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0664);
	struct stat st;
	if (*fd < 0 || fstat(*fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rm_error_set(err, path, 0, 0, "cannot open the lock file: %s",
		             *fd < 0 ? strerror(errno) : "not a regular file");
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		free(path);
		return -1;
	}
	const struct timespec tick = {0, 20 * 1000000L};
	long waited = 0;
	while (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		if (e == EINTR)
			continue;
		if (e == EWOULDBLOCK && waited < wait_ms) {
			nanosleep(&tick, NULL);
			waited += 20;
			continue;
		}
		if (e == EWOULDBLOCK)
			rm_error_set(
			    err, path, 0, 0,
			    "another remelt commit holds the lock (waited %ld ms); try again",
			    waited);
		else
			rm_error_set(err, path, 0, 0, "cannot lock: %s", strerror(e));
		close(*fd);
		*fd = -1;
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

void lg_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing the last descriptor releases the flock */
}

void lg_step(const struct ledger_opts *o, const char *fmt, ...)
{
	if (!o || !o->step)
		return;
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	o->step(o->step_ctx, buf);
}

/* One field from pos: quoted ("" inside) or not; returns the position after it. */
static size_t lg_field_end(const char *b, size_t len, size_t pos)
{
	if (pos < len && b[pos] == '"') {
		for (pos++; pos < len; pos++)
			if (b[pos] == '"') {
				if (pos + 1 < len && b[pos + 1] == '"')
					pos++;
				else
					break;
			}
		if (pos < len)
			pos++;
	}
	while (pos < len && b[pos] != ',' && b[pos] != '\r' && b[pos] != '\n')
		pos++;
	return pos;
}

/* The same records libcsv finds (rm_csv.c): CR, LF or CRLF end a record outside quotes,
 * empty lines are no records, a BOM is not data. The file was already accepted by rm_csv
 * (strict quoting, equal field counts), so no malformed case needs handling here. */
int lg_spans(const char *b, size_t len, const size_t col[2], size_t nrows, struct lg_span *out)
{
	size_t pos = len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, row = 0;
	int header = 1;
	while (pos < len) {
		if (b[pos] == '\r' || b[pos] == '\n') {
			pos++;
			continue;
		}
		struct lg_span sp = {.rec_start = pos};
		for (size_t field = 0;; field++) {
			size_t fs = pos;
			pos = lg_field_end(b, len, pos);
			for (int k = 0; k < 2; k++)
				if (field == col[k]) {
					sp.cell_start[k] = fs;
					sp.cell_end[k] = pos;
				}
			if (pos >= len || b[pos] != ',')
				break;
			pos++;
		}
		if (pos < len && b[pos] == '\r')
			pos++;
		if (pos < len && b[pos] == '\n')
			pos++;
		sp.rec_end = pos;
		if (header)
			header = 0;
		else if (row < nrows)
			out[row++] = sp;
		else
			return -1;
	}
	return row == nrows ? 0 : -1;
}

char *lg_cell_text(const char *b, size_t start, size_t end)
{
	char *s = malloc(end - start + 1), *d = s;
	if (!s)
		return NULL;
	if (end > start && b[start] == '"') {
		for (size_t i = start + 1; i < end; i++) {
			if (b[i] == '"' && i + 1 < end && b[i + 1] == '"')
				i++;
			else if (b[i] == '"')
				break;
			*d++ = b[i];
		}
	} else {
		memcpy(d, b + start, end - start);
		d += end - start;
	}
	*d = '\0';
	return s;
}

void lg_fmt_num(char *buf, size_t n, double v)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, n, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}
