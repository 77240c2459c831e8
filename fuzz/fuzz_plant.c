/* Fuzz target: a whole data directory through plant_load, and, when it loads and is small,
 * the plan, its diagnosis and every report. The input is lots.csv, additives.csv, grades.csv,
 * heats.csv and material_rules.csv separated by form feeds (an empty or missing additives or
 * rules part: no file).
 *
 * Oracles beyond the sanitizers: a planned heat taps its mass, keeps every internal limit and
 * every material rule of its grade (max_kg, max_share, min_share over the materials each
 * matches), no material is used beyond its stock, and the JSON report parses back. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_util.h"
#include "plan.h"
#include "plant.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Larger plants load fine but make each run slow; the loaders are what is fuzzed there. */
#define FUZZ_MAX_MATS 24
#define FUZZ_MAX_HEATS 4

/* Every rule of the heat's grade, recomputed from its charge (issue 19). */
static void fuzz_check_rules(const struct plant *p, const struct plan_heat *ph, double charged)
{
	const struct plant_rule_set *rs = p->rules;
	size_t g = p->heats->h[ph->heat].grade;
	for (size_t r = 0; rs && r < rs->n; r++) {
		const struct plant_rule *ru = &rs->r[r];
		if (!plant_rule_grade(ru, g))
			continue;
		double kg = 0;
		for (size_t c = 0; c < ph->ncharge; c++)
			if (plant_rule_match(ru, &p->inv->m[ph->charge[c].mat]))
				kg += ph->charge[c].kg;
		double tol = 1e-6 * fmax(1, charged);
		if ((!isnan(ru->max_kg) && kg > ru->max_kg + tol) ||
		    (!isnan(ru->max_share) && kg > ru->max_share * charged + tol) ||
		    (!isnan(ru->min_share) && kg < ru->min_share * charged - tol))
			abort();
	}
}

static void fuzz_check_heat(const struct plant *p, const struct plan_heat *ph)
{
	const struct heat *h = &p->heats->h[ph->heat];
	double tapped = 0;
	for (size_t c = 0; c < ph->ncharge; c++) {
		const struct material *m = &p->inv->m[ph->charge[c].mat];
		if (!(ph->charge[c].kg > 0))
			abort();
		tapped += m->yield * ph->charge[c].kg;
	}
	if (fabs(tapped - h->mass_kg) > 1e-6 * h->mass_kg + 1e-6)
		abort();
	double charged = 0;
	for (size_t c = 0; c < ph->ncharge; c++)
		charged += ph->charge[c].kg;
	fuzz_check_rules(p, ph, charged);
	for (size_t e = 0; e < p->els.n; e++) {
		double tol = 1e-5 * fmax(1, fabs(ph->comp[e]));
		if ((!isnan(ph->lo[e]) && ph->comp[e] < ph->lo[e] - tol) ||
		    (!isnan(ph->hi[e]) && ph->comp[e] > ph->hi[e] + tol))
			abort();
	}
}

/* An unplanned heat: a cause, and a fallback and fixes that mean what they say. */
static void fuzz_check_diag(const struct plant *p, const struct plan_heat *ph)
{
	const struct plan_fallback *fb = &ph->fallback;
	if (ph->cause == PLAN_CAUSE_NONE || ph->nconflict > 2 * p->els.n)
		abort();
	for (size_t k = 0; k < ph->nfix; k++)
		if (!(ph->fix[k].extra_kg > 0) ||
		    (k && ph->fix[k].extra_kg < ph->fix[k - 1].extra_kg))
			abort();
	if (!fb->found)
		return;
	double tapped = 0;
	for (size_t c = 0; c < fb->ncharge; c++)
		tapped += p->inv->m[fb->charge[c].mat].yield * fb->charge[c].kg;
	double mass = p->heats->h[ph->heat].mass_kg;
	if (fabs(tapped - mass) > 1e-6 * mass + 1e-6 || !(fb->violation >= 0))
		abort();
	for (size_t k = 0; k < fb->nviol; k++)
		if (!(fb->viol[k].by > 0))
			abort();
}

static void fuzz_check_plan(const struct plant *p, const struct plan *pl)
{
	size_t planned = 0;
	for (size_t h = 0; h < pl->nheat; h++) {
		if (pl->heats[h].feasible) {
			fuzz_check_heat(p, &pl->heats[h]);
			planned++;
		} else {
			fuzz_check_diag(p, &pl->heats[h]);
		}
	}
	if (pl->status == PLAN_INFEASIBLE && planned != pl->nplanned)
		abort();
	for (size_t i = 0; i < pl->nmat; i++)
		if (pl->used[i] > p->inv->m[i].mass_kg * (1 + 1e-7) + 1e-6)
			abort();
}

static void fuzz_reports(const struct plant *p, const struct plan *pl)
{
	static const enum report_format fmts[] = {REPORT_TEXT, REPORT_CSV, REPORT_JSON};
	for (size_t k = 0; k < 3; k++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		struct rm_error err = {0};
		if (!f || report_plan(f, fmts[k], p, pl, &err) < 0)
			abort();
		fclose(f);
		if (fmts[k] == REPORT_JSON) {
			cJSON *j = cJSON_ParseWithLength(buf, len);
			if (!j)
				abort();
			cJSON_Delete(j);
		}
		free(buf);
	}
}

static void fuzz_solve(const struct plant *p, double margin)
{
	if (!p->heats || p->inv->n > FUZZ_MAX_MATS || p->heats->n > FUZZ_MAX_HEATS)
		return;
	struct plan_opts o = {.margin = margin};
	struct plan *pl = NULL;
	struct rm_error err = {0};
	if (plan_solve(p, &o, &pl, &err) < 0) {
		fuzz_check_error(&err);
		return;
	}
	fuzz_check_plan(p, pl);
	fuzz_reports(p, pl);
	plan_free(pl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"lots.csv", "additives.csv", "grades.csv", "heats.csv",
	                                    "material_rules.csv"};
	const uint8_t *part[5];
	size_t len[5];
	size_t n = fuzz_split(data, size, part, len, 5);
	for (size_t k = 0; k < 5; k++) {
		if (k < n && ((k != 1 && k != 4) || len[k] > 0))
			fuzz_write(names[k], part[k], len[k]);
		else
			fuzz_remove(names[k]);
	}
	struct plant *p = NULL;
	struct rm_error err = {0};
	if (plant_load(fuzz_tmpdir(), false, &p, &err) < 0) {
		fuzz_check_error(&err);
		return 0;
	}
	fuzz_solve(p, size % 2 ? 0.1 : 0);
	plant_free(p);
	return 0;
}
