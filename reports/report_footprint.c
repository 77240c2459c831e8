/* Recycled content, CO2, plan id, charging order and the JSON fields that carry them. */
#include "report_footprint.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "co2.h"

void report_fp_heat(const struct plant *p, const struct plan *pl, size_t h, struct report_fp *out)
{
	const struct plan_heat *ph = &pl->heats[h];
	memset(out, 0, sizeof *out);
	if (!ph->feasible)
		return;
	out->tapped_kg = p->heats->h[h].mass_kg;
	out->cost = ph->cost;
	for (size_t c = 0; c < ph->ncharge; c++) {
		size_t i = ph->charge[c].mat;
		const struct material *m = &p->inv->m[i];
		double kg = ph->charge[c].kg;
		out->charged_kg += kg;
		if (m->recycled)
			out->recycled_kg += m->yield * kg;
		out->co2_kg += co2_factor(p->co2, p->inv, i) * kg;
	}
	out->recycled_content = out->recycled_kg / out->tapped_kg;
	out->co2_per_t = out->co2_kg / out->tapped_kg;
}

void report_fp_day(const struct plant *p, const struct plan *pl, struct report_fp *out)
{
	memset(out, 0, sizeof *out);
	for (size_t h = 0; h < pl->nheat; h++) {
		struct report_fp f;
		report_fp_heat(p, pl, h, &f);
		out->tapped_kg += f.tapped_kg;
		out->charged_kg += f.charged_kg;
		out->recycled_kg += f.recycled_kg;
		out->co2_kg += f.co2_kg;
		out->cost += f.cost;
	}
	if (out->tapped_kg > 0) {
		out->recycled_content = out->recycled_kg / out->tapped_kg;
		out->co2_per_t = out->co2_kg / out->tapped_kg;
	}
}

void report_plan_id(const struct plant *p, const struct plan *pl, char out[RM_HASH_HEX])
{
	struct rm_hash h;
	char digest[RM_HASH_HEX];
	rm_hash_hex(&p->digest, digest);
	rm_hash_init(&h);
	rm_hash_str(&h, "remelt-plan-v1");
	rm_hash_str(&h, digest);
	rm_hash_num(&h, pl->margin);
	rm_hash_num(&h, pl->confidence);
	rm_hash_str(&h, pl->status == PLAN_OPTIMAL ? "optimal" : "infeasible");
	/* the charges themselves: two runs that read different bytes (a commit in between)
	 * cannot share an id unless they charge exactly the same */
	for (size_t k = 0; k < pl->nheat; k++) {
		const struct plan_heat *ph = &pl->heats[k];
		rm_hash_str(&h, p->heats->h[k].id);
		for (size_t c = 0; ph->feasible && c < ph->ncharge; c++) {
			rm_hash_str(&h, p->inv->m[ph->charge[c].mat].id);
			rm_hash_num(&h, ph->charge[c].kg);
		}
	}
	rm_hash_hex(&h, out);
}

void report_created(char *buf, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, n, "unknown");
}

/* Lots before additives, then heavier first, then by id: the order a crew charges in. */
static int fp_before(const struct plant *p, const struct plan_item *a, const struct plan_item *b)
{
	const struct material *ma = &p->inv->m[a->mat], *mb = &p->inv->m[b->mat];
	if (ma->kind != mb->kind)
		return ma->kind == MAT_LOT;
	if (a->kg != b->kg)
		return a->kg > b->kg;
	return strcmp(ma->id, mb->id) < 0;
}

void report_charge_order(const struct plant *p, const struct plan_heat *ph, size_t *order)
{
	/* insertion sort: a heat charges tens of materials, not thousands */
	for (size_t k = 0; k < ph->ncharge; k++) {
		size_t j = k;
		for (; j > 0 && fp_before(p, &ph->charge[k], &ph->charge[order[j - 1]]); j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
}

size_t report_charge_rank(const struct plant *p, const struct plan_heat *ph, size_t c)
{
	size_t rank = 1;
	for (size_t k = 0; k < ph->ncharge; k++)
		rank += k != c && fp_before(p, &ph->charge[k], &ph->charge[c]);
	return rank;
}

void report_csv_footprint(FILE *f, const struct plant *p, const struct plan_heat *ph, size_t c,
                          const char *plan_id)
{
	size_t i = ph->charge[c].mat;
	fprintf(f, ",%zu,%d,%.15g,%s\n", report_charge_rank(p, ph, c), p->inv->m[i].recycled,
	        co2_factor(p->co2, p->inv, i) * ph->charge[c].kg, plan_id);
}

static void fp_json_totals(cJSON *o, const struct report_fp *f)
{
	cJSON_AddNumberToObject(o, "recycled_content", f->recycled_content);
	cJSON_AddNumberToObject(o, "co2_kg", f->co2_kg);
	cJSON_AddNumberToObject(o, "co2_per_t", f->co2_per_t);
}

/* heats[h].trace: each material charged, with its trace columns as the files give them. */
static void fp_json_trace(cJSON *hj, const struct plant *p, const struct plan_heat *ph)
{
	cJSON *arr = cJSON_AddArrayToObject(hj, "trace");
	for (size_t c = 0; c < ph->ncharge; c++) {
		size_t i = ph->charge[c].mat;
		const struct material *m = &p->inv->m[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", m->id);
		cJSON_AddStringToObject(o, "kind", m->kind == MAT_LOT ? "lot" : "additive");
		cJSON_AddStringToObject(o, "source", inv_source_name(m->source));
		cJSON_AddNumberToObject(o, "mass_kg", ph->charge[c].kg);
		cJSON_AddNumberToObject(o, "metal_kg", m->yield * ph->charge[c].kg);
		cJSON_AddBoolToObject(o, "recycled", m->recycled);
		cJSON_AddNumberToObject(o, "co2_kg",
		                        co2_factor(p->co2, p->inv, i) * ph->charge[c].kg);
		cJSON *cols = cJSON_AddObjectToObject(o, "columns");
		for (size_t k = 0; k < m->ntrace; k++)
			cJSON_AddStringToObject(cols, m->trace[k].name, m->trace[k].value);
		cJSON_AddItemToArray(arr, o);
	}
}

/* lots: each lot of lots.csv the plan uses, and the heats it goes into. */
static void fp_json_lots(cJSON *root, const struct plant *p, const struct plan *pl)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "lots");
	for (size_t i = 0; i < p->inv->nlots; i++) {
		const struct material *m = &p->inv->m[i];
		cJSON *heats = NULL, *o = NULL;
		double used = 0;
		for (size_t h = 0; h < pl->nheat; h++) {
			const struct plan_heat *ph = &pl->heats[h];
			for (size_t c = 0; ph->feasible && c < ph->ncharge; c++) {
				if (ph->charge[c].mat != i)
					continue;
				if (!o) {
					o = cJSON_CreateObject();
					cJSON_AddStringToObject(o, "id", m->id);
					heats = cJSON_CreateArray();
				}
				cJSON *u = cJSON_CreateObject();
				cJSON_AddStringToObject(u, "heat", p->heats->h[h].id);
				cJSON_AddNumberToObject(u, "mass_kg", ph->charge[c].kg);
				cJSON_AddItemToArray(heats, u);
				used += ph->charge[c].kg;
			}
		}
		if (!o)
			continue;
		cJSON_AddNumberToObject(o, "on_hand_kg", m->mass_kg);
		cJSON_AddNumberToObject(o, "used_kg", used);
		cJSON_AddNumberToObject(o, "remaining_kg", fmax(0, m->mass_kg - used));
		cJSON_AddBoolToObject(o, "recycled", m->recycled);
		cJSON_AddItemToObject(o, "heats", heats);
		cJSON_AddItemToArray(arr, o);
	}
}

static void fp_json_factors(cJSON *root, const struct plant *p)
{
	const struct co2_set *s = p->co2;
	cJSON *o = cJSON_AddObjectToObject(root, "co2_factors");
	cJSON_AddNumberToObject(o, "primary", s ? s->primary : CO2_PRIMARY_DEFAULT);
	cJSON_AddNumberToObject(o, "recycled", s ? s->recycled : CO2_RECYCLED_DEFAULT);
	if (s && s->file)
		cJSON_AddStringToObject(o, "file", s->file);
	else
		cJSON_AddNullToObject(o, "file");
	cJSON *ids = cJSON_AddObjectToObject(o, "by_id");
	for (size_t i = 0; s && i < s->n; i++)
		if (s->by_id[i])
			cJSON_AddNumberToObject(ids, p->inv->m[i].id, s->factor[i]);
}

void report_json_footprint(cJSON *root, const struct plant *p, const struct plan *pl)
{
	char id[RM_HASH_HEX], now[32];
	report_plan_id(p, pl, id);
	report_created(now, sizeof now);
	cJSON_AddStringToObject(root, "plan_id", id);
	cJSON_AddStringToObject(root, "created", now);
	struct report_fp day;
	report_fp_day(p, pl, &day);
	cJSON_AddNumberToObject(root, "tapped_kg", day.tapped_kg);
	fp_json_totals(root, &day);
	fp_json_factors(root, p);
	cJSON *heats = cJSON_GetObjectItemCaseSensitive(root, "heats");
	cJSON *hj = heats ? heats->child : NULL;
	for (size_t h = 0; hj && h < pl->nheat; h++, hj = hj->next) {
		if (!pl->heats[h].feasible)
			continue;
		struct report_fp f;
		report_fp_heat(p, pl, h, &f);
		fp_json_totals(hj, &f);
		fp_json_trace(hj, p, &pl->heats[h]);
	}
	fp_json_lots(root, p, pl);
}
