#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "plan.h"
#include "rm_fd.h"
#include "rm_file.h"
#include "rm_num.h"
#include "rm_text.h"

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
	char vis[4 * sizeof buf];
	rm_error_format(err, buf, sizeof buf);
	fprintf(stderr, "%s\n", rm_text_visible(vis, sizeof vis, buf, strlen(buf), false));
	return EXIT_BAD_INPUT;
}

int cli_solve_opts(double margin, double confidence, struct rm_error *err)
{
	if (!plan_margin_ok(margin))
		return rm_error_set(err, NULL, 0, 0, "--margin %g must be in [0, 0.5)", margin);
	if (!plan_confidence_ok(confidence))
		return rm_error_set(err, NULL, 0, 0,
		                    "--confidence %g must be 0 (off) or in [0.5, %g]", confidence,
		                    PLAN_MAX_CONFIDENCE);
	return 0;
}

int cli_stdout_done(int rc)
{
	/* a report that did not reach stdout (a full disk, a closed pipe) is not a success:
	 * --help > /dev/full exited 0 (issue 21, 10) */
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	if (rc == EXIT_OK)
		fputs("remelt: cannot write to standard output\n", stderr);
	return rc == EXIT_OK ? EXIT_BAD_INPUT : rc;
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
		fprintf(stderr, "remelt: %s \"%s\" must be a whole number from %zu to %zu\n", opt,
		        s, min, max);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

/* Whether name in the data directory is one the plant reads or the ledger keeps. */
static int cli_data_name(const char *name)
{
	size_t n = strlen(name);
	return (n > 4 && strcmp(name + n - 4, ".csv") == 0) || strncmp(name, ".remelt", 7) == 0;
}

/* Whether st is the same file as one of dir's data files (a hard link or a symlink to it). */
static int cli_same_as_data(const char *dir, const struct stat *st)
{
	DIR *d = opendir(dir);
	int same = 0;
	for (struct dirent *de; d && !same && (de = readdir(d));) {
		struct stat ds;
		same = cli_data_name(de->d_name) && fstatat(dirfd(d), de->d_name, &ds, 0) == 0 &&
		       ds.st_dev == st->st_dev && ds.st_ino == st->st_ino;
	}
	if (d)
		closedir(d);
	return same;
}

int cli_out_safe(const char *data, const char *opt, const char *out, struct rm_error *err)
{
	char *copy = strdup(out), *copy2 = strdup(out);
	struct stat ps, ds, os;
	int bad = 0;
	if (copy && copy2 && stat(dirname(copy), &ps) == 0 && stat(data, &ds) == 0)
		bad = ps.st_dev == ds.st_dev && ps.st_ino == ds.st_ino &&
		      cli_data_name(basename(copy2));
	if (!bad && stat(out, &os) == 0 && S_ISREG(os.st_mode))
		bad = cli_same_as_data(data, &os);
	free(copy);
	free(copy2);
	return bad ? rm_error_set(err, out, 0, 0,
	                          "%s would overwrite a file of the data directory %s; "
	                          "refused, nothing written",
	                          opt, data)
	           : 0;
}

int cli_emit(const char *out, const char *buf, size_t len, bool text, struct rm_error *err)
{
	char *vis = NULL;
	size_t vlen = len;
	if (text) { /* reports for people: data control characters shown, never sent */
		FILE *mem = open_memstream(&vis, &vlen);
		int bad = !mem || rm_text_write(mem, buf, len) < 0;
		if ((mem && fclose(mem) != 0) || bad) {
			free(vis);
			return rm_error_set(err, NULL, 0, 0, "out of memory");
		}
		buf = vis;
	}
	int rc = 0;
	if (out)
		rc = rm_file_output(out, buf, vlen, err);
	else if (fwrite(buf, 1, vlen, stdout) != vlen || fflush(stdout) != 0)
		rc = rm_error_set(err, NULL, 0, 0, "cannot write to standard output");
	free(vis);
	return rc;
}
