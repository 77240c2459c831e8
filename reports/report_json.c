/* The FORMATS.md JSON plan, extended with limits, binding limits and diagnosis. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "report.h"
#include "report_diag.h"
#include "report_footprint.h"

static const char *json_el(const struct plant *p, size_t e)
{
	return rm_elem_symbol(p->els.z[e]);
}

/* cJSON writes NAN as null, which is what a missing limit is. */
static cJSON *json_num_or_null(double v)
{
	return isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

static void json_charge(cJSON *hj, const struct plant *p, const struct plan_heat *ph)
{
	cJSON *arr = cJSON_AddArrayToObject(hj, "charge");
	double total = 0;
	for (size_t c = 0; c < ph->ncharge; c++)
		total += ph->charge[c].kg;
	for (size_t c = 0; c < ph->ncharge; c++) {
		const struct material *m = &p->inv->m[ph->charge[c].mat];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", m->id);
		cJSON_AddNumberToObject(o, "mass_kg", ph->charge[c].kg);
		cJSON_AddStringToObject(o, "kind", m->kind == MAT_LOT ? "lot" : "additive");
		cJSON_AddNumberToObject(o, "share", ph->charge[c].kg / total);
		cJSON_AddNumberToObject(o, "cost", m->price * ph->charge[c].kg);
		report_json_item_rules(o, m, ph->charge[c].kg);
		cJSON_AddItemToArray(arr, o);
	}
}

static void json_limits(cJSON *hj, const struct plant *p, size_t h, const struct plan_heat *ph)
{
	cJSON *lim = cJSON_AddObjectToObject(hj, "limits");
	for (size_t e = 0; e < p->els.n; e++) {
		double smin, smax;
		report_spec(p, h, e, &smin, &smax);
		if (isnan(smin) && isnan(smax))
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "spec_min", json_num_or_null(smin));
		cJSON_AddItemToObject(o, "spec_max", json_num_or_null(smax));
		cJSON_AddItemToObject(o, "min", json_num_or_null(ph->lo[e]));
		cJSON_AddItemToObject(o, "max", json_num_or_null(ph->hi[e]));
		cJSON_AddItemToObject(lim, json_el(p, e), o);
	}
	cJSON *b = cJSON_AddArrayToObject(hj, "binding");
	for (size_t k = 0; k < ph->nbind; k++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "element", json_el(p, ph->bind[k].e));
		cJSON_AddStringToObject(o, "limit", ph->bind[k].side < 0 ? "min" : "max");
		cJSON_AddNumberToObject(o, "value", ph->bind[k].limit);
		cJSON_AddNumberToObject(o, "saving_per_0.01pct", ph->bind[k].saving);
		cJSON_AddItemToArray(b, o);
	}
}

static void json_diag(cJSON *diag, const struct plant *p, size_t h, const struct plan_heat *ph)
{
	const struct heat *ht = &p->heats->h[h];
	for (size_t k = 0; k < ph->ndiag; k++) {
		const struct plan_diag *d = &ph->diag[k];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "heat", ht->id);
		cJSON_AddStringToObject(o, "grade", p->grades->g[ht->grade].name);
		cJSON_AddStringToObject(o, "element", json_el(p, d->e));
		cJSON_AddStringToObject(o, "limit", d->side < 0 ? "min" : "max");
		cJSON_AddNumberToObject(o, "spec", d->limit);
		cJSON_AddItemToObject(o, "achievable", json_num_or_null(d->achievable));
		cJSON_AddItemToArray(diag, o);
	}
}

static cJSON *json_heat(const struct plant *p, const struct plan *pl, size_t h)
{
	const struct plan_heat *ph = &pl->heats[h];
	const struct heat *ht = &p->heats->h[h];
	cJSON *hj = cJSON_CreateObject();
	cJSON_AddStringToObject(hj, "heat", ht->id);
	cJSON_AddStringToObject(hj, "grade", p->grades->g[ht->grade].name);
	cJSON_AddNumberToObject(hj, "mass_kg", ht->mass_kg);
	report_json_heat_rules(hj, p, h);
	report_json_aim(hj, p, h);
	report_json_heel(hj, p, pl, h);
	cJSON_AddStringToObject(hj, "status", ph->feasible ? "planned" : "not planned");
	if (ph->feasible) {
		cJSON_AddNumberToObject(hj, "cost", ph->cost);
		cJSON_AddNumberToObject(hj, "cost_per_t", ph->cost / ht->mass_kg * 1000);
		json_charge(hj, p, ph);
		cJSON *comp = cJSON_AddObjectToObject(hj, "composition");
		for (size_t e = 0; e < p->els.n; e++)
			cJSON_AddNumberToObject(comp, json_el(p, e), ph->comp[e]);
		report_json_risk(hj, p, pl, h);
	} else {
		cJSON_AddBoolToObject(hj, "feasible_alone", ph->alone);
		report_json_unplanned(hj, p, pl, h);
	}
	json_limits(hj, p, h, ph);
	return hj;
}

int report_json(FILE *f, const struct plant *p, const struct plan *pl, struct rm_error *err)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "status", report_status(pl));
	cJSON_AddItemToObject(root, "total_cost", json_num_or_null(pl->total_cost));
	cJSON_AddNumberToObject(root, "margin", pl->margin);
	cJSON_AddNumberToObject(root, "confidence", pl->confidence);
	report_json_risk_top(root, pl);
	report_json_learning(root, p, pl);
	report_json_mip(root, pl);
	report_json_quarantine(root, p);
	if (pl->time_limit_s > 0)
		cJSON_AddNumberToObject(root, "time_limit_s", pl->time_limit_s);
	cJSON *heats = cJSON_AddArrayToObject(root, "heats");
	for (size_t h = 0; h < pl->nheat; h++)
		cJSON_AddItemToArray(heats, json_heat(p, pl, h));
	char *why = pl->status != PLAN_OPTIMAL ? report_why(p, pl) : NULL;
	if (pl->status != PLAN_OPTIMAL && !why) {
		cJSON_Delete(root);
		return rm_error_set(err, NULL, 0, 0, "out of memory writing JSON");
	}
	if (pl->status != PLAN_OPTIMAL)
		cJSON_AddStringToObject(root, "why", why);
	free(why);
	if (pl->status != PLAN_OPTIMAL && pl->status != PLAN_TIME_LIMIT) {
		report_json_diag_top(root, pl);
		cJSON *diag = cJSON_AddArrayToObject(root, "diagnosis");
		for (size_t h = 0; h < pl->nheat; h++)
			json_diag(diag, p, h, &pl->heats[h]);
	}
	report_json_footprint(root, p, pl);
	char *s = cJSON_Print(root);
	cJSON_Delete(root);
	if (!s)
		return rm_error_set(err, NULL, 0, 0, "out of memory writing JSON");
	int bad = fputs(s, f) < 0 || fputc('\n', f) == EOF;
	cJSON_free(s);
	return bad ? rm_error_set(err, NULL, 0, 0, "cannot write the report") : 0;
}
