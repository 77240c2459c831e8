/* remelt estimate: the lots' compositions and each source's error learnt from the recorded
 * heats (solver/estimate.h). Exit 0: the estimate was written; 1: bad usage or input. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_ledger.h"
#include "estimate.h"
#include "ledger_estimate.h"
#include "plant.h"
#include "record_actual.h"
#include "report_estimate.h"

struct estimate_args {
	const char *data, *out;
	int write, undo;
	enum report_format fmt;
	struct est_opts o;
};

static const char estimate_usage[] =
    "usage: remelt estimate [--data DIR] [--format text|json] [--out FILE]\n"
    "                       [--spark-rel-sd R] [--spark-abs-sd A] [--write]\n"
    "       remelt estimate [--data DIR] --undo\n";

static int estimate_sd(const char *opt, const char *arg, double hi, double *v)
{
	if (cli_number(opt, arg, v) < 0)
		return -1;
	if (!(*v >= 0 && *v <= hi)) {
		fprintf(stderr, "remelt estimate: %s %g must be in [0, %g]\n", opt, *v, hi);
		return -1;
	}
	return 0;
}

static int estimate_args(int argc, char **argv, struct estimate_args *a)
{
	static const struct option longopts[] = {{"data", required_argument, NULL, 'd'},
	                                         {"format", required_argument, NULL, 'f'},
	                                         {"out", required_argument, NULL, 'o'},
	                                         {"spark-rel-sd", required_argument, NULL, 'r'},
	                                         {"spark-abs-sd", required_argument, NULL, 'a'},
	                                         {"write", no_argument, NULL, 'W'},
	                                         {"undo", no_argument, NULL, 'U'},
	                                         {"help", no_argument, NULL, 'h'},
	                                         {NULL, 0, NULL, 0}};
	optind = 1;
	opterr = 0;
	int c;
	a->fmt = REPORT_TEXT;
	a->o.rel_sd = EST_REL_SD;
	a->o.abs_sd = EST_ABS_SD;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'W' || c == 'U') {
			*(c == 'W' ? &a->write : &a->undo) = 1;
		} else if (c == 'd' || c == 'o') {
			*(c == 'd' ? &a->data : &a->out) = optarg;
		} else if (c == 'f') {
			if (report_format_parse(optarg, &a->fmt) < 0 ||
			    (a->fmt != REPORT_TEXT && a->fmt != REPORT_JSON)) {
				fprintf(stderr, "remelt estimate: --format must be text or json\n");
				return -1;
			}
		} else if (c == 'r' || c == 'a') {
			if (c == 'r' ? estimate_sd("--spark-rel-sd", optarg, 1, &a->o.rel_sd) < 0
			             : estimate_sd("--spark-abs-sd", optarg, 100, &a->o.abs_sd) < 0)
				return -1;
		} else if (c == 'h') {
			fputs(estimate_usage, stdout);
			exit(cli_stdout_done(EXIT_OK));
		} else {
			fprintf(stderr, "remelt estimate: %s \"%s\" (see remelt estimate --help)\n",
			        c == ':' ? "missing value for" : "unknown option",
			        argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "remelt estimate: unexpected argument \"%s\"\n%s", argv[optind],
		        estimate_usage);
		return -1;
	}
	if (a->undo && (a->write || a->out)) {
		fprintf(stderr, "remelt estimate: --undo puts the last write's priors back and "
		                "prints nothing: no --write or --out with it\n");
		return -1;
	}
	if (!(a->o.rel_sd > 0 || a->o.abs_sd > 0)) {
		fprintf(stderr, "remelt estimate: a spectrometer without error would make every "
		                "heat exact: give --spark-rel-sd or --spark-abs-sd above 0\n");
		return -1;
	}
	return 0;
}

/* --write: the posterior of every lot in stock that entered a heat used, for each element it
 * reports with an sd, into lots.csv (ledger_estimate.h). */
static int estimate_write(const char *dir, const struct estimate *est, struct rm_error *err)
{
	struct ledger_est_cell *cell = calloc(est->nlot * est->nel + 1, sizeof *cell);
	size_t n = 0;
	if (!cell)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	for (size_t l = 0; l < est->nlot; l++) {
		const struct est_lot *x = &est->lot[l];
		if (x->used_up || x->m->kind != MAT_LOT || !x->nheat)
			continue;
		for (size_t k = 0; k < est->nel; k++)
			if (x->prior_sd[k] > 0 && inv_reports(x->m, est->e[k]))
				cell[n++] = (struct ledger_est_cell){
				    x->m->id,       est->z[k],  x->prior_mean[k],
				    x->prior_sd[k], x->mean[k], x->sd[k]};
	}
	struct ledger_opts o;
	struct ledger_est_result res;
	cli_ledger_opts(&o);
	int rc = ledger_estimate_write(dir, cell, n, &o, &res, err);
	if (!rc)
		fprintf(stderr,
		        "remelt estimate: wrote %zu values of %zu lots into %s/lots.csv (%zu sd "
		        "columns added); the priors are in %s/%s\n",
		        res.cells, res.lots, dir, res.columns_added, dir, LEDGER_ESTIMATES);
	free(cell);
	return rc;
}

int cmd_estimate(int argc, char **argv)
{
	struct estimate_args a = {0};
	if (estimate_args(argc, argv, &a) < 0)
		return EXIT_BAD_INPUT;
	const char *dir = cli_data_dir(a.data);
	struct rm_error err = {0};
	if (cli_settle(dir) < 0)
		return EXIT_BAD_INPUT;
	if (a.out && cli_out_safe(dir, "--out", a.out, &err) < 0)
		return cli_fail(&err);
	if (a.undo) {
		struct ledger_opts o;
		struct ledger_est_result res;
		cli_ledger_opts(&o);
		if (ledger_estimate_undo(dir, &o, &res, &err) < 0)
			return cli_fail(&err);
		printf("put back the priors of %zu values of %zu lots in %s/lots.csv; the heats "
		       "they came from count again\n",
		       res.cells, res.lots, dir);
		return EXIT_OK;
	}
	struct plant *p = NULL;
	struct actual_set *s = NULL;
	struct estimate *est = NULL;
	struct inventory *arch = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc = plant_load(dir, false, &p, &err);
	if (!rc)
		rc = actual_load(dir, NULL, &s, &err);
	char since[40] = "";
	if (!rc)
		rc = ledger_estimate_last(dir, since, sizeof since, &err);
	a.o.since = since;
	if (!rc)
		rc = ledger_archive_load(dir, &p->els, &arch, &err);
	if (!rc)
		rc = estimate_run(p, arch, s, &a.o, &est, &err);
	FILE *mem = rc ? NULL : open_memstream(&buf, &len);
	if (!rc && !mem)
		rc = rm_error_set(&err, NULL, 0, 0, "out of memory");
	if (mem) {
		rc = report_estimate(mem, a.fmt, s, est, &err);
		if (fclose(mem) != 0 && !rc)
			rc = rm_error_set(&err, NULL, 0, 0, "out of memory");
	}
	if (!rc)
		rc = cli_emit(a.out, buf, len, a.fmt == REPORT_TEXT, &err);
	if (!rc && a.write)
		rc = estimate_write(dir, est, &err);
	free(buf);
	estimate_free(est);
	inv_free(arch);
	actual_free(s);
	plant_free(p);
	return rc ? cli_fail(&err) : EXIT_OK;
}
