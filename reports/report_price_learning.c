/* What the learning saved, for a buyer (price --value-of-estimate): each grade's reference
 * heat at least cost now against the same heat with the lots' sds before estimate --write.
 * Text and JSON; nothing when not asked or estimates.csv does not exist. */
#include <cjson/cJSON.h>
#include <math.h>

#include "report_price.h"

/* The grade of the before table that matches g of the table now (same order: same opts). */
static const struct price_grade *learn_before(const struct price_learning *l, size_t g)
{
	return l->before && g < l->before->ngrade ? &l->before->g[g] : NULL;
}

void report_price_learning_text(FILE *f, const struct price_report *r,
                                const struct price_learning *l)
{
	if (!l->present)
		return;
	if (!l->cells) {
		fprintf(f,
		        "\nvalue of the estimate: no lot in stock holds what estimate --write put "
		        "there (%zu changed since)\n",
		        l->stale);
		return;
	}
	fprintf(f,
	        "\nvalue of the estimate: %zu sd cell%s of %zu lot%s learned from recorded heats",
	        l->cells, l->cells == 1 ? "" : "s", l->lots, l->lots == 1 ? "" : "s");
	if (l->stale)
		fprintf(f, " (%zu more changed since: left out)", l->stale);
	fputc('\n', f);
	for (size_t g = 0; g < r->t->ngrade; g++) {
		const struct price_grade *now = &r->t->g[g], *was = learn_before(l, g);
		char kg[32], a[32], b[32], c[32];
		report_num(kg, sizeof kg, now->heat_kg, 0);
		fprintf(f, "  %s, reference heat %s kg: ", r->p->grades->g[now->grade].name, kg);
		if (!now->feasible) {
			fprintf(f, "cannot be made now\n");
			continue;
		}
		report_num(a, sizeof a, now->base_cost, 0);
		if (!was || !was->feasible) {
			fprintf(f, "%s now; with the sds before it could not be made\n", a);
			continue;
		}
		report_num(b, sizeof b, was->base_cost, 0);
		report_num(c, sizeof c, was->base_cost - now->base_cost, 0);
		fprintf(f, "%s now, %s with the sds before: %s saved (%.2f per kg tapped)\n", a, b,
		        c, (was->base_cost - now->base_cost) / now->heat_kg);
	}
}

static cJSON *learn_num(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

void report_price_learning_json(cJSON *root, const struct price_report *r,
                                const struct price_learning *l)
{
	if (!l->present)
		return;
	cJSON *o = cJSON_AddObjectToObject(root, "estimate_value");
	cJSON_AddNumberToObject(o, "cells", (double)l->cells);
	cJSON_AddNumberToObject(o, "lots", (double)l->lots);
	cJSON_AddNumberToObject(o, "stale_cells", (double)l->stale);
	if (!l->cells)
		return;
	cJSON *gs = cJSON_AddArrayToObject(o, "grades");
	for (size_t g = 0; g < r->t->ngrade; g++) {
		const struct price_grade *now = &r->t->g[g], *was = learn_before(l, g);
		double a = now->feasible ? now->base_cost : NAN;
		double b = was && was->feasible ? was->base_cost : NAN;
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "grade", r->p->grades->g[now->grade].name);
		cJSON_AddNumberToObject(x, "heat_kg", now->heat_kg);
		cJSON_AddItemToObject(x, "base_cost", learn_num(a));
		cJSON_AddItemToObject(x, "base_cost_before", learn_num(b));
		cJSON_AddItemToObject(x, "saving", learn_num(b - a));
		cJSON_AddItemToArray(gs, x);
	}
}
