/* remelt record: book what a heat actually charged and what it analysed, exactly once.
 * Exit 0: recorded; 1: bad usage or input, or refused (unknown id, more than the stock, a
 * heat already recorded, an analysis out of range, locked), with file:line:column on stderr
 * and nothing changed. */
#define _GNU_SOURCE
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_ledger.h"
#include "ledger_record.h"
#include "plant.h"
#include "plant_record.h"
#include "report.h"

struct record_args {
	const char *data, *heat, *charged, *analysis, *grade, *plan;
	double tapped_kg, wait_s;
	int as_booked;
};

static const char record_usage[] =
    "usage: remelt record [--data DIR] --heat H (--charged FILE | --as-booked [--charged FILE])\n"
    "                     --analysis FILE [--tapped-kg M] [--grade G] [--plan PLAN.json]\n"
    "                     [--wait SECONDS]\n"
    "  --as-booked with --charged: the file lists only the materials whose weighed kg differ\n"
    "  from the booking (0 = not charged); the rest went in as booked\n";

static int record_args(int argc, char **argv, struct record_args *a)
{
	static const struct option longopts[] = {{"data", required_argument, NULL, 'd'},
	                                         {"heat", required_argument, NULL, 'H'},
	                                         {"charged", required_argument, NULL, 'c'},
	                                         {"analysis", required_argument, NULL, 'a'},
	                                         {"tapped-kg", required_argument, NULL, 't'},
	                                         {"grade", required_argument, NULL, 'g'},
	                                         {"plan", required_argument, NULL, 'p'},
	                                         {"wait", required_argument, NULL, 'w'},
	                                         {"as-booked", no_argument, NULL, 'b'},
	                                         {"help", no_argument, NULL, 'h'},
	                                         {NULL, 0, NULL, 0}};
	optind = 1;
	opterr = 0;
	int c;
	a->tapped_kg = NAN;
	a->wait_s = 10;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		const char **s = c == 'd'   ? &a->data
		                 : c == 'H' ? &a->heat
		                 : c == 'c' ? &a->charged
		                 : c == 'a' ? &a->analysis
		                 : c == 'g' ? &a->grade
		                 : c == 'p' ? &a->plan
		                            : NULL;
		if (s) {
			*s = optarg;
		} else if (c == 'b') {
			a->as_booked = 1;
		} else if (c == 't') {
			if (cli_number("--tapped-kg", optarg, &a->tapped_kg) < 0)
				return -1;
			if (!(a->tapped_kg > 0 && a->tapped_kg <= 1e9)) {
				fprintf(stderr,
				        "remelt record: --tapped-kg %g must be in (0, 1e9]\n",
				        a->tapped_kg);
				return -1;
			}
		} else if (c == 'w') {
			if (cli_number("--wait", optarg, &a->wait_s) < 0)
				return -1;
			if (!(a->wait_s >= 0 && a->wait_s <= 3600)) {
				fprintf(stderr, "remelt record: --wait %g must be in [0, 3600] s\n",
				        a->wait_s);
				return -1;
			}
		} else if (c == 'h') {
			fputs(record_usage, stdout);
			exit(cli_stdout_done(EXIT_OK));
		} else {
			fprintf(stderr, "remelt record: %s \"%s\" (see remelt record --help)\n",
			        c == ':' ? "missing value for" : "unknown option",
			        argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc || !a->heat || (!a->charged && !a->as_booked) || !a->analysis) {
		fprintf(stderr,
		        "remelt record: give --heat, --analysis, and --charged or --as-booked\n%s",
		        record_usage);
		return -1;
	}
	if (!*a->heat || strlen(a->heat) > RM_CSV_ID_MAX || strpbrk(a->heat, "\r\n\t")) {
		fprintf(stderr, "remelt record: --heat must be 1-%d characters on one line\n",
		        RM_CSV_ID_MAX);
		return -1;
	}
	return 0;
}

/* The grade: --grade (a grade of grades.csv), else the plan's, else heats.csv's. */
static int record_grade(const struct plant *p, struct ledger_record *rec, const char *given,
                        struct rm_error *err)
{
	if (given) {
		if (grade_find(p->grades, given) < 0)
			return rm_error_set(err, p->grades->file, 0, 0,
			                    "--grade \"%.60s\" is not a grade of this file", given);
		snprintf(rec->grade, sizeof rec->grade, "%s", given);
	}
	for (size_t j = 0; !rec->grade[0] && p->heats && j < p->heats->n; j++)
		if (strcmp(p->heats->h[j].id, rec->heat) == 0)
			snprintf(rec->grade, sizeof rec->grade, "%s",
			         p->grades->g[p->heats->h[j].grade].name);
	return 0;
}

static void record_report(const char *dir, const struct ledger_record *rec,
                          const struct record_result *r)
{
	char planned[32], charged[32], metal[32];
	report_num(planned, sizeof planned, r->planned_kg, 1);
	report_num(charged, sizeof charged, r->charged_kg, 1);
	report_num(metal, sizeof metal, r->metal_kg, 1);
	if (r->recovered)
		printf("finished an interrupted commit first\n");
	if (r->plan[0])
		printf("recorded heat %s of plan %s in %s: %s kg weighed against %s kg booked, "
		       "%zu ledger rows for the difference; %zu elements analysed\n",
		       rec->heat, r->plan, dir, charged, planned, r->rows, rec->nel);
	else
		printf("recorded heat %s in %s (no committed plan: booked directly): %s kg of %zu "
		       "materials, %zu ledger rows; %zu elements analysed\n",
		       rec->heat, dir, charged, r->materials, r->rows, rec->nel);
	if (isfinite(r->metal_kg) && isfinite(rec->tapped_kg) && r->metal_kg > 0)
		printf(
		    "metal yield: %.1f%% tapped of the charge, %.1f%% assumed (%s kg of metal)\n",
		    100 * rec->tapped_kg / r->charged_kg, 100 * r->metal_kg / r->charged_kg, metal);
}

int cmd_record(int argc, char **argv)
{
	struct record_args a = {0};
	if (record_args(argc, argv, &a) < 0)
		return EXIT_BAD_INPUT;
	const char *dir = cli_data_dir(a.data);
	struct ledger_record rec = {0};
	struct rm_error err = {0};
	struct plant *p = NULL;
	snprintf(rec.heat, sizeof rec.heat, "%s", a.heat);
	rec.tapped_kg = a.tapped_kg;
	if (cli_settle(dir) < 0)
		return EXIT_BAD_INPUT;
	int rc = plant_load(dir, false, &p, &err);
	rec.as_booked = a.as_booked;
	if (!rc && a.charged)
		rc = record_read_charged(&rec, a.charged, &err);
	if (!rc)
		rc = record_read_analysis(&rec, a.analysis, &err);
	if (!rc && a.grade)
		rc = record_grade(p, &rec, a.grade, &err);
	if (!rc && a.plan)
		rc = record_read_plan(&rec, a.plan, &err);
	if (!rc)
		rc = record_grade(p, &rec, NULL, &err);
	if (!rc)
		rc = plant_record_furnace(p, &rec, &err);
	plant_free(p);
	struct ledger_opts o;
	struct record_result res;
	cli_ledger_opts(&o);
	o.wait_ms = (long)(a.wait_s * 1000);
	if (!rc)
		rc = ledger_record(dir, &rec, &o, &res, &err);
	if (!rc)
		record_report(dir, &rec, &res);
	int code = rc ? cli_fail(&err) : EXIT_OK;
	ledger_record_free(&rec);
	return code;
}
