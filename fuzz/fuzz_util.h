/* fuzz_util: what every fuzz target shares. The loaders read files by path, so each input is
 * written to a private directory (on tmpfs when /dev/shm exists, so it stays in memory) and
 * loaded from there. One directory per process, created on first use, removed at exit. */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rm_error.h"

static char fuzz_dir[256];
static char fuzz_paths[8][300];
static int fuzz_npaths;

static inline void fuzz_cleanup(void)
{
	for (int i = 0; i < fuzz_npaths; i++)
		unlink(fuzz_paths[i]);
	if (fuzz_dir[0])
		rmdir(fuzz_dir);
}

/* The private directory; aborts when none can be made (the run would test nothing). */
static inline const char *fuzz_tmpdir(void)
{
	if (fuzz_dir[0])
		return fuzz_dir;
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/remelt-fuzz.XXXXXX", base);
	if (!mkdtemp(fuzz_dir)) {
		perror("remelt fuzz: mkdtemp");
		abort();
	}
	atexit(fuzz_cleanup);
	return fuzz_dir;
}

/* Writes len bytes to DIR/name and returns the path (valid until the next call with name). */
static inline const char *fuzz_write(const char *name, const uint8_t *data, size_t len)
{
	char path[300];
	snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
	int known = 0;
	for (int i = 0; i < fuzz_npaths; i++)
		known |= strcmp(fuzz_paths[i], path) == 0;
	if (!known && fuzz_npaths < 8)
		memcpy(fuzz_paths[fuzz_npaths++], path, sizeof path);
	FILE *f = fopen(path, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
		perror("remelt fuzz: write");
		abort();
	}
	for (int i = 0; i < fuzz_npaths; i++)
		if (strcmp(fuzz_paths[i], path) == 0)
			return fuzz_paths[i];
	abort();
}

/* Removes DIR/name (a part the input leaves out, e.g. an optional additives.csv). */
static inline void fuzz_remove(const char *name)
{
	char path[300];
	snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
	unlink(path);
}

/* Splits data at form feeds (0x0C, which no real CSV of ours holds) into at most n parts;
 * parts missing from the input get length 0 and a NULL pointer. Returns the parts found. */
static inline size_t fuzz_split(const uint8_t *data, size_t len, const uint8_t **part, size_t *plen,
                                size_t n)
{
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= len && k < n; i++) {
		if (i == len || (data[i] == '\f' && k + 1 < n)) {
			part[k] = data + start;
			plen[k++] = i - start;
			start = i + 1;
		}
	}
	for (size_t j = k; j < n; j++) {
		part[j] = NULL;
		plen[j] = 0;
	}
	return k;
}

/* The error must be filled like every caller expects: a message, and positions >= 0. */
static inline void fuzz_check_error(const struct rm_error *err)
{
	if (err->msg[0] == '\0' || err->line < 0 || err->col < 0)
		abort();
	char buf[2048];
	rm_error_format(err, buf, sizeof buf);
}

#endif
