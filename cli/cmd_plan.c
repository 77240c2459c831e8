/* remelt plan: load, solve, report. Bad input writes nothing; no plan exits 2 with why. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plan.h"
#include "plant.h"
#include "report.h"

struct plan_args {
	const char *data, *out, *write_lp;
	enum report_format fmt;
	struct plan_opts opts;
};

static int plan_args(int argc, char **argv, struct plan_args *a)
{
	static const struct option longopts[] = {
		{"data", required_argument, NULL, 'd'},	     {"format", required_argument, NULL, 'f'},
		{"out", required_argument, NULL, 'o'},	     {"margin", required_argument, NULL, 'm'},
		{"confidence", required_argument, NULL, 'c'}, {"write-lp", required_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'},	     {NULL, 0, NULL, 0},
	};
	a->opts.margin = PLAN_DEFAULT_MARGIN;
	a->fmt = REPORT_TEXT;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': a->data = optarg; break;
		case 'o': a->out = optarg; break;
		case 'w': a->opts.write_lp = optarg; break;
		case 'f':
			if (report_format_parse(optarg, &a->fmt) < 0) {
				fprintf(stderr, "remelt: --format \"%s\": use text, csv or json\n", optarg);
				return -1;
			}
			break;
		case 'm':
			if (cli_number("--margin", optarg, &a->opts.margin) < 0)
				return -1;
			break;
		case 'c':
			if (cli_number("--confidence", optarg, &a->opts.confidence) < 0)
				return -1;
			break;
		case 'h':
			printf("usage: remelt plan [--data DIR] [--format text|csv|json] [--out FILE]\n"
			       "                   [--margin F] [--confidence P] [--write-lp FILE]\n");
			exit(EXIT_OK);
		case ':':
			fprintf(stderr, "remelt plan: %s needs a value\n", argv[optind - 1]);
			return -1;
		default:
			fprintf(stderr, "remelt plan: unknown option \"%s\" (see remelt --help)\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "remelt plan: unexpected argument \"%s\"\n", argv[optind]);
		return -1;
	}
	return 0;
}

/* Renders into memory first, so that a failure leaves no half-written output anywhere. */
static int plan_emit(const struct plan_args *a, const struct plant *p, const struct plan *pl,
		     struct rm_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	int rc = report_plan(mem, a->fmt, p, pl, err);
	if (fclose(mem) != 0 && !rc)
		rc = rm_error_set(err, NULL, 0, 0, "out of memory");
	if (!rc && a->out)
		rc = cli_write_atomic(a->out, buf, len, err);
	else if (!rc && (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0))
		rc = rm_error_set(err, NULL, 0, 0, "cannot write to standard output");
	free(buf);
	return rc;
}

int cmd_plan(int argc, char **argv)
{
	struct plan_args a = {0};
	if (plan_args(argc, argv, &a) < 0)
		return EXIT_BAD_INPUT;
	struct rm_error err = {0};
	struct plant *p = NULL;
	struct plan *pl = NULL;
	if (plant_load(cli_data_dir(a.data), true, &p, &err) < 0)
		return cli_fail(&err);
	int rc = plan_solve(p, &a.opts, &pl, &err);
	if (!rc)
		rc = plan_emit(&a, p, pl, &err);
	int code = rc ? cli_fail(&err) : pl->status == PLAN_OPTIMAL ? EXIT_OK : EXIT_NO_PLAN;
	plan_free(pl);
	plant_free(p);
	return code;
}
