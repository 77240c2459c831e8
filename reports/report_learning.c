/* What the learning saved (plan --value-of-analysis after estimate --write): the day's cost
 * and each heat's with the lots' sds before the recorded heats taught them, against the plan
 * as solved. Text and JSON; nothing when estimates.csv does not exist. */
#include <cjson/cJSON.h>
#include <math.h>

#include "report.h"

static const char *learn_status(const struct plan *pl)
{
	switch (pl->est_status) {
	case PLAN_OPTIMAL: return "optimal";
	case PLAN_INFEASIBLE: return "infeasible";
	case PLAN_TIME_LIMIT: return "time_limit";
	}
	return "infeasible";
}

static cJSON *learn_num(double v)
{
	return isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

void report_json_learning(struct cJSON *root, const struct plant *p, const struct plan *pl)
{
	if (!pl->est_present || pl->status != PLAN_OPTIMAL)
		return;
	cJSON *o = cJSON_AddObjectToObject(root, "estimate_value");
	cJSON_AddNumberToObject(o, "cells", (double)pl->est_cells);
	cJSON_AddNumberToObject(o, "lots", (double)pl->est_lots);
	cJSON_AddNumberToObject(o, "stale_cells", (double)pl->est_stale);
	if (!pl->est_cells)
		return;
	cJSON_AddStringToObject(o, "status_before", learn_status(pl));
	cJSON_AddItemToObject(o, "cost_before", learn_num(pl->cost_before_estimate));
	cJSON_AddItemToObject(o, "saving", learn_num(pl->cost_before_estimate - pl->total_cost));
	cJSON *hs = cJSON_AddArrayToObject(o, "heats");
	for (size_t h = 0; h < pl->nheat; h++) {
		const struct plan_heat *ph = &pl->heats[h];
		cJSON *hj = cJSON_CreateObject();
		cJSON_AddStringToObject(hj, "heat", p->heats->h[h].id);
		cJSON_AddItemToObject(hj, "cost", learn_num(ph->feasible ? ph->cost : NAN));
		cJSON_AddItemToObject(hj, "cost_before", learn_num(ph->cost_before_estimate));
		cJSON_AddItemToObject(hj, "saving", learn_num(ph->cost_before_estimate - ph->cost));
		cJSON_AddItemToArray(hs, hj);
	}
}

void report_text_learning(FILE *f, const struct plant *p, const struct plan *pl)
{
	if (!pl->est_present || pl->status != PLAN_OPTIMAL)
		return;
	char a[32], b[32];
	if (!pl->est_cells) {
		fprintf(f,
		        "value of the estimate: no lot in stock holds what estimate --write put "
		        "there (%zu changed since)\n",
		        pl->est_stale);
		return;
	}
	fprintf(f, "value of the estimate: %zu sd cell%s of %zu lot%s learned from recorded heats",
	        pl->est_cells, pl->est_cells == 1 ? "" : "s", pl->est_lots,
	        pl->est_lots == 1 ? "" : "s");
	if (pl->est_stale)
		fprintf(f, " (%zu more changed since: left out)", pl->est_stale);
	if (pl->est_status != PLAN_OPTIMAL) {
		fprintf(f, "; with their sds before, %s\n",
		        pl->est_status == PLAN_INFEASIBLE ? "no plan would meet the specs"
		                                          : "the solve ran out of time");
		return;
	}
	report_num(a, sizeof a, pl->cost_before_estimate - pl->total_cost, 0);
	fprintf(f, "; with their sds before, the day would cost %s more\n", a);
	for (size_t h = 0; h < pl->nheat; h++) {
		const struct plan_heat *ph = &pl->heats[h];
		if (!ph->feasible || isnan(ph->cost_before_estimate))
			continue;
		report_num(a, sizeof a, ph->cost_before_estimate, 0);
		report_num(b, sizeof b, ph->cost_before_estimate - ph->cost, 0);
		fprintf(f, "  %s: %s before, %s saved\n", p->heats->h[h].id, a, b);
	}
}
