/* The practical rules in the reports: units charged, the furnace's heel and recovery, and
 * how the branch and bound ended. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report.h"

double report_units(const struct material *m, double kg)
{
	return m->unit_kg > 0 ? round(kg / m->unit_kg) : NAN;
}

const char *report_units_text(char *buf, size_t n, const struct material *m, double kg)
{
	if (m->unit_kg > 0)
		snprintf(buf, n, "%.0f x %g kg", report_units(m, kg), m->unit_kg);
	else if (n > 0)
		buf[0] = '\0';
	return buf;
}

void report_json_item_rules(struct cJSON *o, const struct material *m, double kg)
{
	if (m->unit_kg <= 0)
		return;
	cJSON_AddNumberToObject(o, "units", report_units(m, kg));
	cJSON_AddNumberToObject(o, "unit_kg", m->unit_kg);
}

void report_json_heat_rules(struct cJSON *hj, const struct plant *p, size_t h)
{
	const struct furnace *f = plant_furnace(p, h);
	if (f)
		cJSON_AddStringToObject(hj, "furnace", f->id);
	else
		cJSON_AddNullToObject(hj, "furnace");
	cJSON_AddNumberToObject(hj, "heel_kg", p->heats->h[h].heel_kg);
	cJSON_AddNumberToObject(hj, "bath_kg", plant_bath_kg(p, h));
	cJSON *rec = cJSON_AddObjectToObject(hj, "recovery");
	for (size_t e = 0; f && e < p->els.n; e++)
		if (furnace_rec(f, e) != 1)
			cJSON_AddNumberToObject(rec, rm_elem_symbol(p->els.z[e]),
			                        furnace_rec(f, e));
}

void report_json_mip(struct cJSON *root, const struct plan *pl)
{
	cJSON *o = cJSON_AddObjectToObject(root, "mip");
	cJSON_AddBoolToObject(o, "used", pl->mip);
	/* A "feasible" plan's relative gap to the best bound found (an LP's: the cutting planes
	 * stopped, solver/chance/chance_backoff.c), null when there is none. */
	if (pl->status == PLAN_OPTIMAL && pl->mip_time_limit_hit)
		cJSON_AddItemToObject(root, "gap",
		                      isnan(pl->mip_gap) ? cJSON_CreateNull()
		                                         : cJSON_CreateNumber(pl->mip_gap));
	if (!pl->mip)
		return;
	const char *st = pl->status == PLAN_TIME_LIMIT ? "time limit, no plan"
	                 : pl->status != PLAN_OPTIMAL  ? "no plan"
	                 : pl->mip_time_limit_hit      ? "feasible (time limit)"
	                                               : "optimal";
	cJSON_AddStringToObject(o, "status", st);
	cJSON_AddNumberToObject(o, "gap", pl->mip_gap);
	cJSON_AddNumberToObject(o, "time_s", pl->mip_time_s);
	cJSON_AddStringToObject(o, "proof", pl->mip_by_heats ? "heats" : "branch and bound");
}

void report_text_heat_rules(FILE *f, const struct plant *p, size_t h)
{
	const struct furnace *fu = plant_furnace(p, h);
	if (!fu)
		return;
	double bath = plant_bath_kg(p, h);
	char heel[32], b[32], seq[64];
	double hk = p->heats->h[h].heel_kg;
	report_num(heel, sizeof heel, hk, 0);
	report_num(b, sizeof b, bath, 0);
	fprintf(f, "  furnace %s%s: heel %s kg (%.1f%% of the %s kg bath)", fu->id,
	        report_seq_text(seq, sizeof seq, p, h), heel, 100 * hk / bath, b);
	int any = 0;
	for (size_t e = 0; e < p->els.n; e++)
		if (furnace_rec(fu, e) != 1) {
			fprintf(f, "%s%s %.0f%%", any ? ", " : "; recovery ",
			        rm_elem_symbol(p->els.z[e]), 100 * furnace_rec(fu, e));
			any = 1;
		}
	fputc('\n', f);
}

const char *report_status(const struct plan *pl)
{
	switch (pl->status) {
	case PLAN_OPTIMAL: return pl->mip_time_limit_hit ? "feasible" : "optimal";
	case PLAN_INFEASIBLE: return "infeasible";
	case PLAN_TIME_LIMIT: return "time_limit";
	}
	return "infeasible";
}

/* Why no plan when the time ran out: nothing was found impossible. */
static void why_time(FILE *f, const struct plan *pl)
{
	if (pl->rounds_out)
		fprintf(f, "the cutting planes of the chance constraints did not converge in their "
		           "rounds; no specification was found impossible");
	else if (pl->stopped)
		fprintf(f, "the solve was stopped before any plan was found; no specification was "
		           "found impossible");
	else if (pl->time_limit_s > 0)
		fprintf(
		    f,
		    "the time limit of %g s ran out before any plan was found; no specification "
		    "was found impossible: allow more time",
		    pl->time_limit_s);
	else if (!pl->mip) /* a chance LP without --time-limit: its default 60 s */
		fprintf(
		    f, "the cutting planes of the chance constraints ran out of their default 60 s "
		       "before any plan was found; no specification was found impossible: allow "
		       "more time (--time-limit)");
	else
		fprintf(f,
		        "the search ran out of time (%g s of branch and bound) before any plan was "
		        "found; no specification was found impossible: allow more time",
		        pl->mip_time_s);
}

/* Which heats have no charge and why (the diagnosis's causes), and how many are planned. */
static void why_infeasible(FILE *f, const struct plant *p, const struct plan *pl)
{
	size_t n = pl->nheat, nalone = 0;
	for (size_t h = 0; h < n; h++)
		nalone += pl->heats[h].alone;
	/* In a furnace sequence a heel carried over couples heats too (heats.csv sequence). */
	bool seq = false;
	for (size_t h = 0; h < n; h++)
		seq = seq || p->heats->h[h].seq > 1;
	if (nalone == n)
		fprintf(f,
		        "every heat can be made on its own, but not all %zu together: they compete "
		        "for the same lots%s; ",
		        n, seq ? ", or a heel one leaves in its furnace rules out the next" : "");
	fprintf(f, "%zu of %zu heat%s cannot be made:", n - pl->nplanned, n, n > 1 ? "s" : "");
	for (size_t h = 0, k = 0; h < n; h++)
		if (!pl->heats[h].feasible)
			fprintf(f, "%s %s (%s)", k++ ? "," : "", p->heats->h[h].id,
			        report_cause_words(pl->heats[h].cause));
	if (pl->nplanned)
		fprintf(f, "; the other %zu %s planned", pl->nplanned,
		        pl->nplanned > 1 ? "are" : "is");
	if (pl->diag_cut_short)
		fprintf(f,
		        " (the whole-unit searches of this diagnosis ran out of time: some of it "
		        "may be incomplete)");
}

void report_why_write(FILE *f, const struct plant *p, const struct plan *pl)
{
	if (pl->status == PLAN_TIME_LIMIT)
		why_time(f, pl);
	else if (pl->status == PLAN_INFEASIBLE)
		why_infeasible(f, p, pl);
}

char *report_why(const struct plant *p, const struct plan *pl)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	if (!f)
		return NULL;
	report_why_write(f, p, pl);
	if (fclose(f) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

const char *report_gap_words(char *buf, size_t n, double gap, int digits)
{
	if (isnan(gap))
		snprintf(buf, n, "its gap to the optimum unknown");
	else
		snprintf(buf, n, "within %.*f%% of the optimum", digits, 100 * gap);
	return buf;
}

void report_text_mip(FILE *f, const struct plan *pl)
{
	char gap[64];
	report_gap_words(gap, sizeof gap, pl->mip_gap, 2);
	/* A chance LP whose cutting planes the clock stopped (solver/chance/chance_backoff.c). */
	if (!pl->mip && pl->status == PLAN_OPTIMAL && pl->mip_time_limit_hit) {
		fprintf(f,
		        "chance constraints: the %s stopped the cutting planes; this plan meets "
		        "every limit at the confidence asked, %s\n",
		        pl->stopped ? "user" : "time limit", gap);
		return;
	}
	if (!pl->mip || pl->status != PLAN_OPTIMAL)
		return;
	/* The gap is NAN when the search found no plan of its own (solve.c): the plan came
	 * from elsewhere (the heats one by one, the chance heuristics). */
	if (pl->mip_time_limit_hit)
		fprintf(f,
		        "whole units and charge rules: the %s stopped the search; this is "
		        "the best plan found, %s (%.1f s)\n",
		        pl->stopped ? "user" : "time limit", gap, pl->mip_time_s);
	else if (pl->mip_by_heats)
		fprintf(f,
		        "whole units and charge rules: optimal, within %.3f%% of the bound of the "
		        "heats solved one by one (%.1f s)\n",
		        100 * pl->mip_gap, pl->mip_time_s);
	else
		fprintf(f, "whole units and charge rules: optimal (branch and bound, %.1f s)\n",
		        pl->mip_time_s);
}
