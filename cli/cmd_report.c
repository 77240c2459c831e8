/* remelt report actual: plan against actual for the heats `remelt record` recorded.
 * Exit 0: the report was written (also with no heat recorded yet); 1: bad usage or input. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_ledger.h"
#include "record_actual.h"
#include "report_actual.h"

struct report_args {
	const char *data, *heat, *out;
	enum report_format fmt;
	double level;
};

static const char report_usage[] =
    "usage: remelt report actual [--data DIR] [--heat H] [--format text|json]\n"
    "                            [--level P] [--out FILE]\n";

static int report_args(int argc, char **argv, struct report_args *a)
{
	static const struct option longopts[] = {{"data", required_argument, NULL, 'd'},
	                                         {"heat", required_argument, NULL, 'H'},
	                                         {"format", required_argument, NULL, 'f'},
	                                         {"level", required_argument, NULL, 'l'},
	                                         {"out", required_argument, NULL, 'o'},
	                                         {"help", no_argument, NULL, 'h'},
	                                         {NULL, 0, NULL, 0}};
	optind = 1;
	opterr = 0;
	int c;
	a->fmt = REPORT_TEXT;
	a->level = 0.95;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'd' || c == 'H' || c == 'o') {
			*(c == 'd' ? &a->data : c == 'H' ? &a->heat : &a->out) = optarg;
		} else if (c == 'f') {
			if (report_format_parse(optarg, &a->fmt) < 0 ||
			    (a->fmt != REPORT_TEXT && a->fmt != REPORT_JSON)) {
				fprintf(stderr, "remelt report: --format must be text or json\n");
				return -1;
			}
		} else if (c == 'l') {
			if (cli_number("--level", optarg, &a->level) < 0)
				return -1;
			if (!(a->level > 0 && a->level < 1)) {
				fprintf(stderr, "remelt report: --level %g must be in (0, 1)\n",
				        a->level);
				return -1;
			}
		} else if (c == 'h') {
			fputs(report_usage, stdout);
			exit(cli_stdout_done(EXIT_OK));
		} else {
			fprintf(stderr, "remelt report: %s \"%s\" (see remelt report --help)\n",
			        c == ':' ? "missing value for" : "unknown option",
			        argv[optind - 1]);
			return -1;
		}
	}
	if (optind + 1 != argc || strcmp(argv[optind], "actual") != 0) {
		fprintf(stderr, "remelt report: the report is \"actual\"\n%s", report_usage);
		return -1;
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	struct report_args a = {0};
	if (report_args(argc, argv, &a) < 0)
		return EXIT_BAD_INPUT;
	const char *dir = cli_data_dir(a.data);
	struct rm_error err = {0};
	if (cli_settle(dir) < 0)
		return EXIT_BAD_INPUT;
	if (a.out && cli_out_safe(dir, "--out", a.out, &err) < 0)
		return cli_fail(&err);
	struct actual_set *s = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc = actual_load(dir, a.heat, &s, &err);
	FILE *mem = rc ? NULL : open_memstream(&buf, &len);
	if (!rc && !mem)
		rc = rm_error_set(&err, NULL, 0, 0, "out of memory");
	if (mem) {
		rc = report_actual(mem, a.fmt, s, a.level, &err);
		if (fclose(mem) != 0 && !rc)
			rc = rm_error_set(&err, NULL, 0, 0, "out of memory");
	}
	if (!rc && a.heat && s->n == 0)
		rc = rm_error_set(&err, dir, 0, 0, "heat \"%.60s\" was never recorded", a.heat);
	if (!rc)
		rc = cli_emit(a.out, buf, len, a.fmt == REPORT_TEXT, &err);
	free(buf);
	actual_free(s);
	return rc ? cli_fail(&err) : EXIT_OK;
}
