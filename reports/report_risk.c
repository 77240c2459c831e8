/* Risk in the reports: per heat and limited element the mean, sd and probability of meeting
 * each limit (normal model), and the Monte Carlo probability that the whole heat is inside. */
#include <cjson/cJSON.h>
#include <math.h>

#include "report.h"

static cJSON *risk_num(double v)
{
	return isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

double report_p_window(const struct plan_heat *ph, size_t e)
{
	double pmax = ph->risk.p_max[e], pmin = ph->risk.p_min[e];
	if (isnan(pmax) && isnan(pmin))
		return NAN;
	return (isnan(pmax) ? 1.0 : pmax) - (isnan(pmin) ? 0.0 : 1.0 - pmin);
}

void report_json_risk(struct cJSON *hj, const struct plant *p, const struct plan *pl, size_t h)
{
	const struct plan_heat *ph = &pl->heats[h];
	cJSON *r = cJSON_AddObjectToObject(hj, "risk");
	cJSON *els = cJSON_AddObjectToObject(r, "elements");
	for (size_t e = 0; e < pl->nel; e++) {
		if (isnan(ph->lo[e]) && isnan(ph->hi[e]) && isnan(ph->risk.p_spec[e]))
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "mean", ph->comp[e]);
		cJSON_AddNumberToObject(o, "sd", ph->risk.sd[e]);
		cJSON_AddItemToObject(o, "p_min", risk_num(ph->risk.p_min[e]));
		cJSON_AddItemToObject(o, "p_max", risk_num(ph->risk.p_max[e]));
		cJSON_AddItemToObject(o, "p_spec", risk_num(ph->risk.p_spec[e]));
		cJSON_AddItemToObject(els, rm_elem_symbol(p->els.z[e]), o);
	}
	cJSON_AddItemToObject(r, "p_heat_internal", risk_num(ph->risk.p_internal));
	cJSON_AddItemToObject(r, "p_heat_spec", risk_num(ph->risk.p_in_spec));
	cJSON_AddItemToObject(r, "p_heat_internal_mc", risk_num(ph->risk.mc_internal));
	cJSON_AddItemToObject(r, "p_heat_spec_mc", risk_num(ph->risk.mc_spec));
	cJSON_AddNumberToObject(r, "samples", (double)ph->risk.mc_samples);
}

void report_json_risk_top(struct cJSON *root, const struct plan *pl)
{
	cJSON_AddNumberToObject(root, "samples", (double)pl->samples);
	cJSON_AddNumberToObject(root, "samples_drawn", (double)pl->samples_drawn);
	cJSON_AddNumberToObject(root, "seed", (double)pl->seed);
	cJSON_AddNumberToObject(root, "chance_cuts", (double)pl->ncuts);
	if (!isnan(pl->cost_if_analyzed)) {
		cJSON_AddNumberToObject(root, "cost_if_analyzed", pl->cost_if_analyzed);
		cJSON_AddItemToObject(root, "analysis_saving",
		                      risk_num(pl->total_cost - pl->cost_if_analyzed));
	}
}

void report_text_risk(FILE *f, const struct plan *pl, size_t h)
{
	const struct plan_heat *ph = &pl->heats[h];
	if (isnan(ph->risk.p_internal))
		return;
	fprintf(f, "  risk: P(every internal limit met) %.1f%%, P(in spec) %.1f%%",
	        100 * ph->risk.p_internal, 100 * ph->risk.p_in_spec);
	if (!isnan(ph->risk.mc_internal) && ph->risk.mc_samples == pl->samples)
		fprintf(f, " (Monte Carlo %.1f%% and %.1f%%, %zu samples, seed %llu)",
		        100 * ph->risk.mc_internal, 100 * ph->risk.mc_spec, pl->samples, pl->seed);
	else if (!isnan(ph->risk.mc_internal))
		fprintf(f,
		        " (Monte Carlo %.1f%% and %.1f%%, %zu of %zu samples: the time limit "
		        "ran out, seed %llu)",
		        100 * ph->risk.mc_internal, 100 * ph->risk.mc_spec, ph->risk.mc_samples,
		        pl->samples, pl->seed);
	else if (pl->samples)
		fprintf(f, " (no Monte Carlo: the time limit ran out before its %zu samples)",
		        pl->samples);
	fputc('\n', f);
}
