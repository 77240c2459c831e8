/* remelt adjust: correct a sampled bath (its additions, pour-off, other grades). Bad input
 * writes nothing; no correction exits 2 with why. */
#define _GNU_SOURCE
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adjust/adjust.h"
#include "cli.h"
#include "cli_ledger.h"
#include "plant.h"
#include "plant_sample.h"
#include "report_adjust.h"

/* Upper bound of a bath, as of a lot's mass: catches tonnes typed for kg. */
#define ADJ_MAX_KG 1e9

struct adj_args {
	const char *data, *out, *heat, *grade, *furnace, *sample;
	enum report_format fmt;
	double bath_kg, bath_sd, metal_value, off_value;
	bool value_given, off_given, pour_off, divert;
	struct adjust_opts o;
};

static const char adj_usage[] =
    "usage: remelt adjust [--data DIR] (--heat H | --grade G --furnace F) --sample FILE\n"
    "                     --bath-kg M [--bath-kg-sd S] [--metal-value V] [--pour-off]\n"
    "                     [--off-grade-value W] [--divert] [--margin F] [--confidence P]\n"
    "                     [--format text|json] [--out FILE] [--time-limit S]\n";

static int adj_kg(const char *opt, const char *s, double lo_open, double *v)
{
	if (cli_number(opt, s, v) < 0)
		return -1;
	if (!((lo_open ? *v > 0 : *v >= 0) && *v <= ADJ_MAX_KG)) {
		fprintf(stderr, "remelt: %s %g must be in %s0, 1e9] kg\n", opt, *v,
		        lo_open ? "(" : "[");
		return -1;
	}
	return 0;
}

static int adj_value(const char *opt, const char *s, double *v)
{
	if (cli_number(opt, s, v) < 0)
		return -1;
	if (!(*v >= 0 && *v <= 1e7)) {
		fprintf(stderr, "remelt: %s %g must be in [0, 1e7] per kg\n", opt, *v);
		return -1;
	}
	return 0;
}

static int adj_opt(struct adj_args *a, int c)
{
	switch (c) {
	case 'd': a->data = optarg; return 0;
	case 'o': a->out = optarg; return 0;
	case 'H': a->heat = optarg; return 0;
	case 'G': a->grade = optarg; return 0;
	case 'F': a->furnace = optarg; return 0;
	case 'S': a->sample = optarg; return 0;
	case 'p': a->pour_off = true; return 0;
	case 'D': a->divert = true; return 0;
	case 'b': return adj_kg("--bath-kg", optarg, 1, &a->bath_kg);
	case 's': return adj_kg("--bath-kg-sd", optarg, 0, &a->bath_sd);
	case 'v': a->value_given = true; return adj_value("--metal-value", optarg, &a->metal_value);
	case 'w': a->off_given = true; return adj_value("--off-grade-value", optarg, &a->off_value);
	case 'f':
		if (report_format_parse(optarg, &a->fmt) < 0 ||
		    (a->fmt != REPORT_TEXT && a->fmt != REPORT_JSON)) {
			fprintf(stderr, "remelt: --format \"%s\": use text or json\n", optarg);
			return -1;
		}
		return 0;
	case 'm':
		if (cli_number("--margin", optarg, &a->o.margin) < 0)
			return -1;
		if (!(a->o.margin >= 0 && a->o.margin < 0.5)) {
			fprintf(stderr, "remelt: --margin %g must be in [0, 0.5)\n", a->o.margin);
			return -1;
		}
		return 0;
	case 'c':
		if (cli_number("--confidence", optarg, &a->o.confidence) < 0)
			return -1;
		if (!(a->o.confidence == 0 ||
		      (a->o.confidence >= 0.5 && a->o.confidence <= PLAN_MAX_CONFIDENCE))) {
			fprintf(stderr, "remelt: --confidence %g must be 0 or in [0.5, %g]\n",
			        a->o.confidence, PLAN_MAX_CONFIDENCE);
			return -1;
		}
		return 0;
	case 't':
		if (cli_number("--time-limit", optarg, &a->o.time_limit_s) < 0)
			return -1;
		if (!(a->o.time_limit_s > 0 && a->o.time_limit_s <= 86400)) {
			fprintf(stderr, "remelt: --time-limit %g must be in (0, 86400] s\n",
			        a->o.time_limit_s);
			return -1;
		}
		return 0;
	case 'h': fputs(adj_usage, stdout); exit(cli_stdout_done(EXIT_OK));
	}
	return -1;
}

static int adj_args(int argc, char **argv, struct adj_args *a)
{
	static const struct option longopts[] = {
	    {"data", required_argument, NULL, 'd'},
	    {"out", required_argument, NULL, 'o'},
	    {"heat", required_argument, NULL, 'H'},
	    {"grade", required_argument, NULL, 'G'},
	    {"furnace", required_argument, NULL, 'F'},
	    {"sample", required_argument, NULL, 'S'},
	    {"bath-kg", required_argument, NULL, 'b'},
	    {"bath-kg-sd", required_argument, NULL, 's'},
	    {"metal-value", required_argument, NULL, 'v'},
	    {"off-grade-value", required_argument, NULL, 'w'},
	    {"pour-off", no_argument, NULL, 'p'},
	    {"divert", no_argument, NULL, 'D'},
	    {"format", required_argument, NULL, 'f'},
	    {"margin", required_argument, NULL, 'm'},
	    {"confidence", required_argument, NULL, 'c'},
	    {"time-limit", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	a->fmt = REPORT_TEXT;
	a->o.margin = PLAN_DEFAULT_MARGIN;
	a->o.confidence = PLAN_DEFAULT_CONFIDENCE;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == ':') {
			fprintf(stderr, "remelt adjust: %s needs a value\n", argv[optind - 1]);
			return -1;
		}
		if (c == '?') {
			fprintf(stderr, "remelt adjust: unknown option \"%s\"\n%s",
			        argv[optind - 1], adj_usage);
			return -1;
		}
		if (adj_opt(a, c) < 0)
			return -1;
	}
	const char *why = optind < argc       ? "unexpected argument"
	                  : !a->sample        ? "--sample FILE is required"
	                  : !(a->bath_kg > 0) ? "--bath-kg M is required"
	                  : a->heat && (a->grade || a->furnace)
	                      ? "give --heat, or --grade with --furnace, not both"
	                  : !a->heat && !a->grade   ? "give --heat H, or --grade G with --furnace F"
	                  : a->grade && !a->furnace ? "--grade needs --furnace"
	                  : a->off_given && !a->pour_off ? "--off-grade-value needs --pour-off"
	                                                 : NULL;
	if (why) {
		fprintf(stderr, "remelt adjust: %s%s%s%s\n%s", why, optind < argc ? " \"" : "",
		        optind < argc ? argv[optind] : "", optind < argc ? "\"" : "", adj_usage);
		return -1;
	}
	return 0;
}

/* The heat or the grade and furnace named on the command line; the tapped mass the
 * default metal value prices. */
static int adj_target(struct adj_args *a, const struct plant *p, double *tap, struct rm_error *err)
{
	struct adjust_opts *o = &a->o;
	o->furnace = -1;
	if (a->heat) {
		for (size_t h = 0; h < p->heats->n; h++)
			if (strcmp(p->heats->h[h].id, a->heat) == 0) {
				o->grade = p->heats->h[h].grade;
				o->furnace = p->heats->h[h].furnace;
				*tap = p->heats->h[h].mass_kg;
				return 0;
			}
		return rm_error_set(err, p->heats->file, 0, 0, "no heat \"%.60s\" (--heat)",
		                    a->heat);
	}
	long g = grade_find(p->grades, a->grade);
	if (g < 0)
		return rm_error_set(err, p->grades->file, 0, 0, "no grade \"%.60s\" (--grade)",
		                    a->grade);
	o->grade = (size_t)g;
	long f = p->furnaces ? (long)rm_strmap_get(&p->furnaces->ids, a->furnace) : -1;
	if (f < 0)
		return rm_error_set(err, p->furnaces ? p->furnaces->file : p->dir, 0, 0,
		                    "no furnace \"%.60s\" (--furnace)", a->furnace);
	o->furnace = f;
	double heel = p->furnaces->f[f].heel_kg, cap = p->furnaces->f[f].capacity_kg;
	*tap = a->bath_kg - heel >= HEAT_MIN_KG ? a->bath_kg - heel : cap - heel;
	return 0;
}

/* The bath and sample against the target: in the furnace, every limit analysed. */
static int adj_check(const struct adj_args *a, const struct plant *p, const struct plant_sample *s,
                     struct rm_error *err)
{
	if (a->o.furnace >= 0) {
		const struct furnace *f = &p->furnaces->f[a->o.furnace];
		if (a->bath_kg > f->capacity_kg)
			return rm_error_set(
			    err, p->furnaces->file, f->line, 0,
			    "--bath-kg %g is more than furnace %s holds (capacity_kg "
			    "%g)",
			    a->bath_kg, f->id, f->capacity_kg);
	}
	long e = adjust_unsampled(p, a->o.grade, s);
	if (e >= 0)
		return rm_error_set(err, s->file, 0, 0,
		                    "the sample has no %s, which grade %s limits: analyse it",
		                    rm_elem_symbol(p->els.z[e]), p->grades->g[a->o.grade].name);
	return 0;
}

static int adj_cmp(const void *x, const void *y)
{
	const struct adjust_alt *a = x, *b = y;
	int ra = !a->a ? 2 : a->a->status != PLAN_OPTIMAL,
	    rb = !b->a ? 2 : b->a->status != PLAN_OPTIMAL;
	if (ra != rb)
		return ra - rb;
	if (ra == 0 && a->a->objective != b->a->objective)
		return a->a->objective < b->a->objective ? -1 : 1;
	return a->grade < b->grade ? -1 : a->grade > b->grade;
}

/* --divert: the same bath corrected to every grade, cheapest first. */
static int adj_divert(const struct adj_args *a, const struct plant *p, struct adjust_case *c,
                      struct rm_error *err)
{
	size_t n = p->grades->n;
	if (!(c->alt = calloc(n + 1, sizeof *c->alt)))
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	for (size_t g = 0; g < n; g++) {
		struct adjust_alt *al = &c->alt[c->nalt++];
		al->grade = g;
		if ((al->unsampled = adjust_unsampled(p, g, c->sample)) >= 0)
			continue;
		struct adjust_opts o = a->o;
		o.grade = g;
		if (adjust_solve(p, &o, &al->a, err) < 0)
			return -1;
	}
	qsort(c->alt, c->nalt, sizeof *c->alt, adj_cmp);
	return 0;
}

static int adj_emit(const struct adj_args *a, const struct plant *p, const struct adjust_case *c,
                    const struct adjust *r, struct rm_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	int rc = report_adjust(mem, a->fmt, p, c, r, err);
	if (fclose(mem) != 0 && !rc)
		rc = rm_error_set(err, NULL, 0, 0, "out of memory");
	if (!rc)
		rc = cli_emit(a->out, buf, len, a->fmt == REPORT_TEXT, err);
	free(buf);
	return rc;
}

static void adj_case_free(struct adjust_case *c)
{
	for (size_t k = 0; k < c->nalt; k++)
		adjust_free(c->alt[k].a);
	free(c->alt);
}

static int adj_run(struct adj_args *a, struct plant *p, struct plant_sample **s, struct adjust **r,
                   struct adjust_case *c, struct rm_error *err)
{
	double tap = 0;
	if (adj_target(a, p, &tap, err) < 0 || plant_sample_load(a->sample, p, s, err) < 0 ||
	    adj_check(a, p, *s, err) < 0)
		return -1;
	bool found = false;
	a->o.metal_value = a->metal_value;
	if (!a->value_given &&
	    adjust_metal_value(p, a->o.grade, a->o.furnace, tap, a->o.margin, a->o.time_limit_s,
	                       &a->o.metal_value, &found, err) < 0)
		return -1;
	a->o.sample = *s;
	a->o.bath_kg = a->bath_kg;
	a->o.bath_sd = a->bath_sd;
	a->o.pour_off = a->pour_off;
	a->o.off_value = a->off_given ? a->off_value : ADJUST_OFF_GRADE_SHARE * a->o.metal_value;
	*c = (struct adjust_case){.heat = a->heat,
	                          .furnace = a->o.furnace,
	                          .bath_sd = a->bath_sd,
	                          .value_given = a->value_given,
	                          .value_found = found,
	                          .margin = a->o.margin,
	                          .confidence = a->o.confidence,
	                          .pour_off = a->pour_off,
	                          .sample = *s};
	if (adjust_solve(p, &a->o, r, err) < 0)
		return -1;
	if (a->divert && adj_divert(a, p, c, err) < 0)
		return -1;
	return adj_emit(a, p, c, *r, err);
}

int cmd_adjust(int argc, char **argv)
{
	struct adj_args a = {0};
	if (adj_args(argc, argv, &a) < 0)
		return EXIT_BAD_INPUT;
	const char *dir = cli_data_dir(a.data);
	struct rm_error err = {0};
	if (cli_settle(dir) < 0)
		return EXIT_BAD_INPUT;
	if (a.out && cli_out_safe(dir, "--out", a.out, &err) < 0)
		return cli_fail(&err);
	struct plant *p = NULL;
	if (plant_load(dir, a.heat != NULL, &p, &err) < 0)
		return cli_fail(&err);
	struct plant_sample *s = NULL;
	struct adjust *r = NULL;
	struct adjust_case c = {0};
	int rc = adj_run(&a, p, &s, &r, &c, &err);
	int code = rc                             ? cli_fail(&err)
	           : r->status == PLAN_OPTIMAL    ? EXIT_OK
	           : r->status == PLAN_TIME_LIMIT ? EXIT_TIME_LIMIT
	                                          : EXIT_NO_PLAN;
	adj_case_free(&c);
	adjust_free(r);
	plant_sample_free(s);
	plant_free(p);
	return code;
}
