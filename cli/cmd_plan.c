/* remelt plan: load, solve, report. Bad input writes nothing; no plan exits 2 with why. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_ledger.h"
#include "estimate_prior.h"
#include "plan.h"
#include "plant.h"
#include "report.h"
#include "rm_file.h"

struct plan_args {
	const char *data, *out, *write_lp;
	enum report_format fmt;
	struct plan_opts opts;
	bool value_of_analysis;
};

static int plan_args(int argc, char **argv, struct plan_args *a)
{
	static const struct option longopts[] = {
	    {"data", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'},
	    {"out", required_argument, NULL, 'o'},
	    {"margin", required_argument, NULL, 'm'},
	    {"confidence", required_argument, NULL, 'c'},
	    {"write-lp", required_argument, NULL, 'w'},
	    {"samples", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'},
	    {"value-of-analysis", no_argument, NULL, 'v'},
	    {"mip-gap", required_argument, NULL, 'g'},
	    {"time-limit", required_argument, NULL, 't'},
	    {"max-rounds", required_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	a->opts = plan_opts_default();

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
				fprintf(stderr,
				        "remelt: --format \"%s\": use text, csv, json or sheet\n",
				        optarg);
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
		case 'n':
			if (cli_count("--samples", optarg, 0, 10000000, &a->opts.samples) < 0)
				return -1;
			break;
		case 's': {
			size_t seed;
			if (cli_count("--seed", optarg, 0, (size_t)-1, &seed) < 0)
				return -1;
			a->opts.seed = seed;
			break;
		}
		case 'v': a->value_of_analysis = true; break;
		case 'g':
			if (cli_number("--mip-gap", optarg, &a->opts.mip_gap) < 0)
				return -1;
			if (a->opts.mip_gap < 0 || a->opts.mip_gap > 1) {
				fprintf(stderr, "remelt: --mip-gap %g must be in [0, 1]\n",
				        a->opts.mip_gap);
				return -1;
			}
			break;
		case 't':
			if (cli_number("--time-limit", optarg, &a->opts.time_limit_s) < 0)
				return -1;
			if (!(a->opts.time_limit_s > 0 && a->opts.time_limit_s <= 86400)) {
				fprintf(stderr, "remelt: --time-limit %g must be in (0, 86400] s\n",
				        a->opts.time_limit_s);
				return -1;
			}
			break;
		case 'r': {
			size_t r;
			if (cli_count("--max-rounds", optarg, 1, 1000000, &r) < 0)
				return -1;
			a->opts.max_rounds = (int)r;
			break;
		}
		case 'h':
			printf(
			    "usage: remelt plan [--data DIR] [--format text|csv|json|sheet] "
			    "[--out FILE]\n"
			    "                   [--margin F] [--confidence P] [--samples N] "
			    "[--seed S]\n"
			    "                   [--value-of-analysis] [--write-lp FILE]\n"
			    "                   [--mip-gap G] [--time-limit S] [--max-rounds N]\n");
			exit(cli_stdout_done(EXIT_OK));
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
	if (!rc)
		rc = cli_emit(a->out, buf, len, a->fmt == REPORT_TEXT || a->fmt == REPORT_SHEET,
		              err);
	free(buf);
	return rc;
}

/* The same day with every predicted and nominal lot analysed: what spectrometer shots buy. */
static int plan_value_of_analysis(const struct plan_args *a, const struct plant *p, struct plan *pl,
                                  struct rm_error *err)
{
	struct plan_opts o = a->opts;
	o.as_analyzed = true;
	o.samples = 0;
	o.write_lp = NULL;
	struct plan *alt = NULL;
	if (plan_solve(p, &o, &alt, err) < 0)
		return -1;
	pl->cost_if_analyzed = alt->status == PLAN_OPTIMAL ? alt->total_cost : NAN;
	plan_free(alt);
	return 0;
}

/* The same day with the sds the lots had before estimate --write (DIR/estimates.csv): what
 * the recorded heats' learning saved. The means stay at today's values. */
static int plan_value_of_estimate(const struct plan_args *a, struct plant *p, struct plan *pl,
                                  struct rm_error *err)
{
	struct est_priors pr;
	if (est_prior_read(cli_data_dir(a->data), p->inv, &p->els, &pr, err) < 0)
		return -1;
	pl->est_present = pr.present;
	pl->est_cells = pr.n;
	pl->est_lots = pr.lots;
	pl->est_stale = pr.stale;
	if (!pr.n) {
		est_prior_free(&pr);
		return 0;
	}
	struct plan_opts o = a->opts;
	o.samples = 0;
	o.write_lp = NULL;
	struct plan *alt = NULL;
	est_prior_swap(p->inv, &pr);
	int rc = plan_solve(p, &o, &alt, err);
	est_prior_swap(p->inv, &pr);
	est_prior_free(&pr);
	if (rc < 0)
		return -1;
	pl->est_status = alt->status;
	if (alt->status == PLAN_OPTIMAL) {
		pl->cost_before_estimate = alt->total_cost;
		for (size_t h = 0; h < pl->nheat; h++)
			pl->heats[h].cost_before_estimate = alt->heats[h].cost;
	}
	plan_free(alt);
	return 0;
}

/* The solver writes the LP to a private scratch file; it reaches --write-lp through the
 * atomic writer, so a full disk or a symlink there never leaves a cut-off file. */
static int plan_solve_lp(const struct plan_args *a, const struct plant *p, struct plan **pl,
                         struct rm_error *err)
{
	if (!a->opts.write_lp)
		return plan_solve(p, &a->opts, pl, err);
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200];
	snprintf(dir, sizeof dir, "%s/remelt-lp-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return rm_error_set(err, dir, 0, 0, "cannot make a scratch folder: %s",
		                    strerror(errno));
	snprintf(path, sizeof path, "%s/model.lp", dir);
	struct plan_opts o = a->opts;
	o.write_lp = path;
	int rc = plan_solve(p, &o, pl, err);
	char *buf = NULL, chunk[65536];
	size_t len = 0, n;
	FILE *f = rc ? NULL : fopen(path, "rb"), *mem = f ? open_memstream(&buf, &len) : NULL;
	while (mem && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, n, mem);
	int bad = !f || !mem || ferror(f);
	if (mem && fclose(mem) != 0)
		bad = 1;
	if (f)
		fclose(f);
	if (!rc && bad)
		rc = rm_error_set(err, a->opts.write_lp, 0, 0, "cannot read the LP back");
	if (!rc)
		rc = rm_file_output(a->opts.write_lp, buf, len, err);
	free(buf);
	unlink(path);
	rmdir(dir);
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
	/* --time-limit bounds the whole command, from here: loading and the second solve of
	 * --value-of-analysis included. */
	if (a.opts.time_limit_s > 0)
		a.opts.deadline = plan_now() + a.opts.time_limit_s;
	if (cli_settle(cli_data_dir(a.data)) < 0)
		return EXIT_BAD_INPUT;
	if ((a.out && cli_out_safe(cli_data_dir(a.data), "--out", a.out, &err) < 0) ||
	    (a.opts.write_lp &&
	     cli_out_safe(cli_data_dir(a.data), "--write-lp", a.opts.write_lp, &err) < 0))
		return cli_fail(&err);
	if (plant_load(cli_data_dir(a.data), true, &p, &err) < 0)
		return cli_fail(&err);
	if (cli_solve_opts(a.opts.margin, a.opts.confidence, &err) < 0) {
		plant_free(p);
		return cli_fail(&err);
	}
	int rc = plan_solve_lp(&a, p, &pl, &err);
	if (!rc && a.value_of_analysis)
		rc = plan_value_of_analysis(&a, p, pl, &err);
	if (!rc && a.value_of_analysis && pl->status == PLAN_OPTIMAL)
		rc = plan_value_of_estimate(&a, p, pl, &err);
	if (!rc)
		rc = plan_emit(&a, p, pl, &err);
	int code = rc                              ? cli_fail(&err)
	           : pl->status == PLAN_OPTIMAL    ? EXIT_OK
	           : pl->status == PLAN_TIME_LIMIT ? EXIT_TIME_LIMIT
	                                           : EXIT_NO_PLAN;
	plan_free(pl);
	plant_free(p);
	return code;
}
