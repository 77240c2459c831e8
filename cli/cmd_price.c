/* remelt price: what each lot and offer is worth against a grade, from the LP's duals. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "estimate_prior.h"
#include "plant.h"
#include "plant_offers.h"
#include "price.h"
#include "report.h"
#include "report_price.h"
#include "rm_file.h"

struct price_args {
	const char *data, *out, *offers, *grade, *only;
	enum report_format fmt;
	struct price_opts opts;
	bool value_of_estimate;
};

static const char price_usage[] =
    "usage: remelt price [--data DIR] [--grade G] [--heat-kg M] [--offers FILE]\n"
    "                    [--format text|csv|json] [--out FILE] [--margin F] [--confidence P]\n"
    "                    [--jobs N] [--only offers|ID,ID,...] [--value-of-estimate]\n";

static int price_opt(int c, const char *arg, struct price_args *a)
{
	switch (c) {
	case 'd': a->data = arg; return 0;
	case 'o': a->out = arg; return 0;
	case 'g': a->grade = arg; return 0;
	case 'x': a->offers = arg; return 0;
	case 'O': a->only = arg; return 0;
	case 'e': a->value_of_estimate = true; return 0;
	case 'f':
		if (report_format_parse(arg, &a->fmt) == 0 &&
		    (a->fmt == REPORT_TEXT || a->fmt == REPORT_CSV || a->fmt == REPORT_JSON))
			return 0;
		fprintf(stderr, "remelt: --format \"%s\": use text, csv or json\n", arg);
		return -1;
	case 'k':
		if (cli_number("--heat-kg", arg, &a->opts.heat_kg) < 0)
			return -1;
		if (a->opts.heat_kg > 0 && a->opts.heat_kg <= 1e9)
			return 0;
		fprintf(stderr, "remelt: --heat-kg \"%s\" must be > 0 and at most 1e9\n", arg);
		return -1;
	case 'j': return cli_count("--jobs", arg, 1, PRICE_JOBS_MAX, &a->opts.jobs);
	case 'm': return cli_number("--margin", arg, &a->opts.margin);
	case 'c': return cli_number("--confidence", arg, &a->opts.confidence);
	}
	return -1;
}

static int price_args(int argc, char **argv, struct price_args *a)
{
	static const struct option longopts[] = {
	    {"data", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'},
	    {"out", required_argument, NULL, 'o'},
	    {"margin", required_argument, NULL, 'm'},
	    {"confidence", required_argument, NULL, 'c'},
	    {"grade", required_argument, NULL, 'g'},
	    {"heat-kg", required_argument, NULL, 'k'},
	    {"offers", required_argument, NULL, 'x'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"only", required_argument, NULL, 'O'},
	    {"value-of-estimate", no_argument, NULL, 'e'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	a->opts.margin = PLAN_DEFAULT_MARGIN;
	a->opts.confidence = PLAN_DEFAULT_CONFIDENCE;
	a->opts.grade = -1;
	a->fmt = REPORT_TEXT;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(price_usage, stdout);
			exit(cli_stdout_done(EXIT_OK));
		} else if (c == ':') {
			fprintf(stderr, "remelt price: %s needs a value\n", argv[optind - 1]);
			return -1;
		} else if (c == '?') {
			fprintf(stderr, "remelt price: unknown option \"%s\" (see remelt --help)\n",
			        argv[optind - 1]);
			return -1;
		} else if (price_opt(c, optarg, a) < 0) {
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "remelt price: unexpected argument \"%s\"\n", argv[optind]);
		return -1;
	}
	return 0;
}

/* --only: a comma-separated list of lot and offer ids, where "offers" stands for every
 * offer of --offers. The ids point into *buf, which the caller frees with *ids. */
static int price_only(const char *list, const struct inventory *offers, char **buf,
                      const char ***ids, size_t *n, struct rm_error *err)
{
	size_t cap = 1 + (offers ? offers->n : 0);
	for (const char *s = list; *s; s++)
		cap += *s == ',';
	*buf = strdup(list);
	*ids = calloc(cap + 1, sizeof **ids);
	*n = 0;
	if (!*buf || !*ids)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	char *save = NULL;
	for (char *tok = strtok_r(*buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "offers") != 0) {
			(*ids)[(*n)++] = tok;
			continue;
		}
		if (!offers)
			return rm_error_set(err, NULL, 0, 0, "--only offers needs --offers FILE");
		for (size_t k = 0; k < offers->n; k++)
			(*ids)[(*n)++] = offers->m[k].id;
	}
	if (!*n)
		return rm_error_set(err, NULL, 0, 0, "--only \"%.60s\" names no lot or offer",
		                    list);
	return 0;
}

/* --value-of-estimate: the reference heats again with the sds the lots had before estimate
 * --write (DIR/estimates.csv), no item priced: what the learning saves per heat. */
static int price_learning(const struct price_args *a, struct plant *p, struct price_learning *l,
                          struct price_table **before, struct rm_error *err)
{
	static const char *const none[1] = {NULL};
	struct est_priors pr;
	if (est_prior_read(cli_data_dir(a->data), p->inv, &p->els, &pr, err) < 0)
		return -1;
	l->present = pr.present;
	l->cells = pr.n;
	l->lots = pr.lots;
	l->stale = pr.stale;
	int rc = 0;
	if (pr.n) {
		struct price_opts o = a->opts;
		o.only = none; /* the reference heats only */
		o.nonly = 0;
		est_prior_swap(p->inv, &pr);
		rc = price_run(p, NULL, &o, before, err);
		est_prior_swap(p->inv, &pr);
		l->before = *before;
	}
	est_prior_free(&pr);
	return rc;
}

/* Renders into memory first, so that a failure leaves no half-written output anywhere. */
static int price_emit(const struct price_args *a, const struct price_report *r,
                      const struct price_learning *l, struct rm_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	int rc = report_price_learned(mem, a->fmt, r, l, err);
	if (fclose(mem) != 0 && !rc)
		rc = rm_error_set(err, NULL, 0, 0, "out of memory");
	if (!rc)
		rc = cli_emit(a->out, buf, len, a->fmt == REPORT_TEXT, err);
	free(buf);
	return rc;
}

/* Exit 2 when no asked grade can be made from the yard: nothing could be priced. */
static int price_code(const struct price_table *t)
{
	for (size_t k = 0; k < t->ngrade; k++)
		if (t->g[k].feasible)
			return EXIT_OK;
	return EXIT_NO_PLAN;
}

int cmd_price(int argc, char **argv)
{
	struct price_args a = {0};
	if (price_args(argc, argv, &a) < 0)
		return EXIT_BAD_INPUT;
	struct rm_error err = {0};
	struct plant *p = NULL;
	struct inventory *offers = NULL;
	struct price_table *t = NULL;
	struct rm_elemset els = {0};
	if (a.out && cli_out_safe(cli_data_dir(a.data), "--out", a.out, &err) < 0)
		return cli_fail(&err);
	if (plant_load(cli_data_dir(a.data), false, &p, &err) < 0)
		return cli_fail(&err);
	int rc = plant_offers_load(p, a.offers, &els, &offers, &err);
	if (!rc && a.grade && (a.opts.grade = grade_find(p->grades, a.grade)) < 0)
		rc = rm_error_set(&err, p->grades->file, 0, 0,
		                  "--grade \"%.60s\" is not a grade here", a.grade);
	char *only_buf = NULL;
	const char **only = NULL;
	if (!rc && a.only &&
	    !(rc = price_only(a.only, offers, &only_buf, &only, &a.opts.nonly, &err)))
		a.opts.only = only;
	if (!rc)
		rc = cli_solve_opts(a.opts.margin, a.opts.confidence, &err);
	for (size_t k = 0; !rc && k < a.opts.nonly; k++) {
		long i = inv_find(p->inv, only[k]);
		if (!(i >= 0 && p->inv->m[i].kind == MAT_LOT) &&
		    !(offers && inv_find(offers, only[k]) >= 0))
			rc = rm_error_set(&err, NULL, 0, 0,
			                  "--only: \"%.60s\" is not a lot here nor an offer",
			                  only[k]);
	}
	if (!rc)
		rc = price_run(p, offers, &a.opts, &t, &err);
	struct price_report r = {p, &els, offers, t};
	struct price_learning learned = {0};
	struct price_table *before = NULL;
	if (!rc && a.value_of_estimate)
		rc = price_learning(&a, p, &learned, &before, &err);
	if (!rc)
		rc = price_emit(&a, &r, a.value_of_estimate ? &learned : NULL, &err);
	int code = rc ? cli_fail(&err) : price_code(t);
	price_free(t);
	price_free(before);
	free(only);
	free(only_buf);
	inv_free(offers);
	rm_elemset_free(&els);
	plant_free(p);
	return code;
}
