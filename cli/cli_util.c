#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "rm_fd.h"
#include "rm_num.h"

#ifndef REMELT_SHARE_DIR
#define REMELT_SHARE_DIR "/usr/local/share/remelt"
#endif

const char *cli_data_dir(const char *given)
{
	struct stat st;
	if (given)
		return given;
	if (stat("data/demo/lots.csv", &st) == 0)
		return "data/demo";
	return REMELT_SHARE_DIR "/demo";
}

int cli_fail(const struct rm_error *err)
{
	char buf[2048];
	rm_error_format(err, buf, sizeof buf);
	fprintf(stderr, "%s\n", buf);
	return EXIT_BAD_INPUT;
}

int cli_number(const char *opt, const char *s, double *out)
{
	const char *why = "";
	if (rm_num_parse(s, out, &why) < 0) {
		fprintf(stderr, "remelt: %s \"%s\" %s\n", opt, s, why);
		return -1;
	}
	return 0;
}

int cli_count(const char *opt, const char *s, size_t min, size_t max, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end || errno || v < min || v > max) {
		fprintf(stderr, "remelt: %s \"%s\" must be a whole number from %zu to %zu\n", opt, s,
			min, max);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}
