/* stages: times each stage of `remelt plan` in one process, linked against remelt's own
 * library (build/libremelt.a), so that the end-to-end time can be split without touching
 * remelt's code.
 *
 * usage: stages DIR [--reps N]
 *
 * Per run: plant_load (read and validate the CSVs), model_build (the GLPK problem),
 * model_solve (scaling, initial basis, simplex), then plan_solve as remelt calls it (build,
 * solve and extraction of charges, compositions, binding limits and duals again), and
 * report_plan in JSON into memory. extract = plan_solve - build - solve. Prints one JSON
 * object with the median of each stage (wall and CPU seconds) and the plan's total cost.
 * Measurement code only; uses solver/model/model.h, which is private to solver/, and so may need
 * updating when the solver's internals change. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_clock.h"
#include "model/model.h"
#include "plan.h"
#include "plant.h"
#include "report.h"

enum { S_READ, S_BUILD, S_SOLVE, S_PLAN, S_REPORT, S_FREE, NSTAGE };
static const char *NAMES[NSTAGE] = {"read", "build", "solve", "plan_solve", "report_json", "free"};

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_dbl);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int fail(const char *what, const struct rm_error *err)
{
	fprintf(stderr, "stages: %s: %s:%ld:%ld: %s\n", what, err->file, err->line, err->col,
	        err->msg);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: stages DIR [--reps N]\n");
		return 1;
	}
	int reps = argc >= 4 && strcmp(argv[2], "--reps") == 0 ? atoi(argv[3]) : 3;
	if (reps < 1 || reps > 100)
		reps = 3;
	double w[NSTAGE][100], c[NSTAGE][100];
	glp_term_out(GLP_OFF); /* as plan_solve does; model_solve alone would talk */
	double cost = NAN;
	size_t json_bytes = 0;
	for (int r = 0; r < reps; r++) {
		struct rm_error err = {0};
		struct plant *p = NULL;
		struct plan *pl = NULL;
		struct model m;
		double t[NSTAGE + 1], u[NSTAGE + 1];
		t[0] = wall(), u[0] = cpu();
		if (plant_load(argv[1], true, &p, &err) < 0)
			return fail("plant_load", &err);
		t[1] = wall(), u[1] = cpu();
		size_t nh = p->heats->n;
		size_t *all = malloc((nh + 1) * sizeof *all);
		for (size_t h = 0; h < nh; h++)
			all[h] = h;
		struct model_opts mo = model_opts_default(0.0);
		if (model_build(&m, p, all, nh, &mo, &err) < 0)
			return fail("model_build", &err);
		t[2] = wall(), u[2] = cpu();
		int st = model_solve(&m);
		t[3] = wall(), u[3] = cpu();
		model_free(&m);
		free(all);
		struct plan_opts o = {.margin = 0.0, .confidence = 0.0};
		double t3b = wall(), u3b = cpu();
		if (plan_solve(p, &o, &pl, &err) < 0)
			return fail("plan_solve", &err);
		t[4] = wall(), u[4] = cpu();
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);
		if (!mem || report_plan(mem, REPORT_JSON, p, pl, &err) < 0)
			return fail("report_plan", &err);
		fclose(mem);
		t[5] = wall(), u[5] = cpu();
		json_bytes = len;
		cost = pl->total_cost;
		free(buf);
		plan_free(pl);
		plant_free(p);
		t[6] = wall(), u[6] = cpu();
		if (st != GLP_OPT && st != GLP_NOFEAS) {
			fprintf(stderr, "stages: model_solve returned %d\n", st);
			return 1;
		}
		for (int s = 0; s < NSTAGE; s++) {
			double t0 = s == S_PLAN ? t3b : t[s], u0 = s == S_PLAN ? u3b : u[s];
			w[s][r] = t[s + 1] - t0;
			c[s][r] = u[s + 1] - u0;
		}
	}
	printf("{\"dir\": \"%s\", \"reps\": %d, \"total_cost\": %.17g, \"json_bytes\": %zu",
	       argv[1], reps, cost, json_bytes);
	double wm[NSTAGE], cm[NSTAGE];
	for (int s = 0; s < NSTAGE; s++) {
		wm[s] = median(w[s], reps);
		cm[s] = median(c[s], reps);
		printf(", \"%s_s\": %.4f, \"%s_cpu_s\": %.4f", NAMES[s], wm[s], NAMES[s], cm[s]);
	}
	printf(", \"extract_s\": %.4f, \"extract_cpu_s\": %.4f}\n",
	       fmax(0, wm[S_PLAN] - wm[S_BUILD] - wm[S_SOLVE]),
	       fmax(0, cm[S_PLAN] - cm[S_BUILD] - cm[S_SOLVE]));
	return 0;
}
