/* The practical rules in the reports: units charged, the furnace's heel and recovery, and
 * how the branch and bound ended. */
#include <cjson/cJSON.h>
#include <math.h>

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
	if (!pl->mip)
		return;
	const char *st = pl->status == PLAN_TIME_LIMIT ? "time limit, no plan"
	                 : pl->status != PLAN_OPTIMAL  ? "no plan"
	                 : pl->mip_time_limit_hit      ? "feasible (time limit)"
	                                               : "optimal";
	cJSON_AddStringToObject(o, "status", st);
	cJSON_AddNumberToObject(o, "gap", pl->mip_gap);
	cJSON_AddNumberToObject(o, "time_s", pl->mip_time_s);
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

const char *report_why(const struct plan *pl, char *buf, size_t n)
{
	if (pl->status != PLAN_TIME_LIMIT)
		return pl->why;
	if (pl->rounds_out)
		snprintf(buf, n,
		         "the cutting planes of the chance constraints did not converge in their "
		         "rounds; no specification was found impossible");
	else if (pl->stopped)
		snprintf(buf, n,
		         "the solve was stopped before any plan was found; no specification was "
		         "found impossible");
	else if (pl->time_limit_s > 0)
		snprintf(
		    buf, n,
		    "the time limit of %g s ran out before any plan was found; no specification "
		    "was found impossible: allow more time",
		    pl->time_limit_s);
	else
		snprintf(
		    buf, n,
		    "the search ran out of time (%g s of branch and bound) before any plan was "
		    "found; no specification was found impossible: allow more time",
		    pl->mip_time_s);
	return buf;
}

void report_text_mip(FILE *f, const struct plan *pl)
{
	if (!pl->mip || pl->status != PLAN_OPTIMAL)
		return;
	if (pl->mip_time_limit_hit)
		fprintf(f,
		        "whole units and charge rules: the %s stopped the search; this is "
		        "the best plan found, within %.2f%% of the optimum (%.1f s)\n",
		        pl->stopped ? "user" : "time limit", 100 * pl->mip_gap, pl->mip_time_s);
	else
		fprintf(f, "whole units and charge rules: optimal (branch and bound, %.1f s)\n",
		        pl->mip_time_s);
}
