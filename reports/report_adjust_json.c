/* The correction as JSON (docs/FORMATS.md, "remelt adjust"). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_adjust.h"
#include "report_footprint.h"
#include "rm_hash.h"

static cJSON *aj_num(double v)
{
	return isnan(v) || isinf(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

static void aj_additions(cJSON *o, const struct plant *p, const struct adjust *r)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "additions");
	size_t *ord = malloc((r->nadd + 1) * sizeof *ord);
	if (!ord)
		return;
	report_adjust_order(p, r, ord);
	for (size_t k = 0; k < r->nadd; k++) {
		const struct adjust_item *it = &r->add[ord[k]];
		const struct material *m = &p->inv->m[it->mat];
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "id", m->id);
		cJSON_AddNumberToObject(a, "mass_kg", it->kg);
		cJSON_AddNumberToObject(a, "cost", m->price * it->kg);
		cJSON_AddNumberToObject(a, "step", (double)(k + 1));
		cJSON_AddStringToObject(a, "kind", m->kind == MAT_LOT ? "lot" : "additive");
		cJSON_AddStringToObject(a, "role", adjust_alloying(m) ? "alloying" : "dilution");
		cJSON_AddNumberToObject(a, "metal_kg", m->yield * it->kg);
		report_json_item_rules(a, m, it->kg);
		cJSON_AddItemToArray(arr, a);
	}
	free(ord);
}

static void aj_composition(cJSON *o, const struct adjust_case *c, const struct adjust *r)
{
	cJSON *b = cJSON_AddObjectToObject(o, "composition_before");
	cJSON *a = cJSON_AddObjectToObject(o, "composition_after");
	for (size_t k = 0; k < c->sample->n; k++) {
		const struct plant_sample_el *s = &c->sample->el[k];
		cJSON_AddNumberToObject(b, rm_elem_symbol(s->z), s->mean);
		cJSON_AddItemToObject(a, rm_elem_symbol(s->z), aj_num(r->after[k]));
	}
}

static void aj_limits(cJSON *o, const struct plant *p, const struct adjust *r)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "limits");
	for (size_t i = 0; i < r->nlim; i++) {
		const struct adjust_limit *l = &r->lim[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "element", rm_elem_symbol(p->els.z[l->e]));
		cJSON_AddStringToObject(x, "side", l->side < 0 ? "min" : "max");
		cJSON_AddNumberToObject(x, "limit", l->limit);
		cJSON_AddNumberToObject(x, "spec", l->spec);
		cJSON_AddNumberToObject(x, "before", l->before);
		cJSON_AddItemToObject(x, "after", aj_num(l->after));
		cJSON_AddNumberToObject(x, "sd", l->sd);
		cJSON_AddNumberToObject(x, "p_before", l->p_before);
		cJSON_AddItemToObject(x, "p_after",
		                      aj_num(r->status == PLAN_OPTIMAL ? l->p_ok : NAN));
		if (r->status == PLAN_INFEASIBLE && !r->rules_only) {
			cJSON_AddItemToObject(x, "best", aj_num(l->best));
			cJSON_AddBoolToObject(x, "fails", l->fails);
		}
		cJSON_AddItemToArray(arr, x);
	}
}

/* The body of one correction: shared by the heat's own grade and each alternative. */
static void aj_body(cJSON *o, const struct plant *p, const struct adjust *r)
{
	cJSON_AddStringToObject(o, "status", report_adjust_status(r));
	cJSON_AddStringToObject(o, "grade", p->grades->g[r->grade].name);
	cJSON_AddItemToObject(o, "total_cost",
	                      aj_num(r->status == PLAN_OPTIMAL ? r->objective : NAN));
	cJSON_AddItemToObject(o, "additions_cost",
	                      aj_num(r->status == PLAN_OPTIMAL ? r->cost : NAN));
	cJSON_AddItemToObject(o, "poured_kg",
	                      aj_num(r->status == PLAN_OPTIMAL ? r->poured_kg : NAN));
	cJSON_AddItemToObject(o, "final_kg", aj_num(r->status == PLAN_OPTIMAL ? r->final_kg : NAN));
	cJSON_AddItemToObject(o, "p_ok", aj_num(r->status == PLAN_OPTIMAL ? r->p_ok : NAN));
	if (r->status != PLAN_OPTIMAL) {
		char why[1024];
		cJSON_AddStringToObject(o, "why", report_adjust_why(p, r, why, sizeof why));
	}
}

static void aj_alternatives(cJSON *o, const struct plant *p, const struct adjust_case *c)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "alternatives");
	for (size_t k = 0; k < c->nalt; k++) {
		const struct adjust_alt *al = &c->alt[k];
		cJSON *x = cJSON_CreateObject();
		if (al->a) {
			aj_body(x, p, al->a);
			if (al->a->status == PLAN_OPTIMAL) {
				aj_additions(x, p, al->a);
				aj_composition(x, c, al->a);
			}
		} else {
			cJSON_AddStringToObject(x, "status", "unsampled");
			cJSON_AddStringToObject(x, "grade", p->grades->g[al->grade].name);
			cJSON_AddStringToObject(x, "unsampled",
			                        rm_elem_symbol(p->els.z[al->unsampled]));
		}
		cJSON_AddItemToArray(arr, x);
	}
}

/* The id of a correction: the data's bytes, the heat, the bath, the sample and the additions,
 * so that the same correction written twice is booked once. */
static void aj_id(const struct plant *p, const struct adjust_case *c, const struct adjust *r,
                  char out[RM_HASH_HEX])
{
	struct rm_hash h;
	char digest[RM_HASH_HEX];
	rm_hash_hex(&p->digest, digest);
	rm_hash_init(&h);
	rm_hash_str(&h, "remelt-correction-v1");
	rm_hash_str(&h, digest);
	rm_hash_str(&h, c->heat);
	rm_hash_num(&h, r->bath_kg);
	rm_hash_num(&h, r->poured_kg);
	for (size_t k = 0; k < c->sample->n; k++) {
		rm_hash_str(&h, rm_elem_symbol(c->sample->el[k].z));
		rm_hash_num(&h, c->sample->el[k].mean);
	}
	for (size_t k = 0; k < r->nadd; k++) {
		rm_hash_str(&h, p->inv->m[r->add[k].mat].id);
		rm_hash_num(&h, r->add[k].kg);
	}
	rm_hash_hex(&h, out);
}

/* What remelt commit reads to book the additions of a heat's correction (a plan's shape:
 * plan_id, created, heats[].charge, lots[].on_hand_kg) with kind "correction". */
static void aj_booking(cJSON *o, const struct plant *p, const struct adjust_case *c,
                       const struct adjust *r)
{
	long h = -1;
	for (size_t k = 0; c->heat && p->heats && k < p->heats->n; k++)
		if (strcmp(p->heats->h[k].id, c->heat) == 0)
			h = (long)k;
	if (h < 0 || r->status != PLAN_OPTIMAL || r->nadd == 0)
		return;
	char id[RM_HASH_HEX], now[32];
	aj_id(p, c, r, id);
	report_created(now, sizeof now);
	cJSON_AddStringToObject(o, "plan_id", id);
	cJSON_AddStringToObject(o, "created", now);
	cJSON_AddStringToObject(o, "kind", "correction");
	cJSON *heats = cJSON_AddArrayToObject(o, "heats"), *hj = cJSON_CreateObject();
	cJSON_AddStringToObject(hj, "heat", c->heat);
	cJSON_AddStringToObject(hj, "grade", p->grades->g[p->heats->h[h].grade].name);
	cJSON_AddNumberToObject(hj, "mass_kg", p->heats->h[h].mass_kg);
	cJSON *ch = cJSON_AddArrayToObject(hj, "charge");
	cJSON *lots = cJSON_AddArrayToObject(o, "lots");
	for (size_t k = 0; k < r->nadd; k++) {
		const struct material *m = &p->inv->m[r->add[k].mat];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "id", m->id);
		cJSON_AddNumberToObject(x, "mass_kg", r->add[k].kg);
		cJSON_AddItemToArray(ch, x);
		if (m->kind != MAT_LOT)
			continue;
		cJSON *l = cJSON_CreateObject();
		cJSON_AddStringToObject(l, "id", m->id);
		cJSON_AddNumberToObject(l, "on_hand_kg", m->mass_kg);
		cJSON_AddNumberToObject(l, "used_kg", r->add[k].kg);
		cJSON_AddItemToArray(lots, l);
	}
	cJSON_AddItemToArray(heats, hj);
}

int report_adjust_json(FILE *f, const struct plant *p, const struct adjust_case *c,
                       const struct adjust *r, struct rm_error *err)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	aj_body(o, p, r);
	report_json_quarantine(o, p);
	cJSON_AddItemToObject(o, "heat",
	                      c->heat ? cJSON_CreateString(c->heat) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "furnace",
	                      c->furnace >= 0 ? cJSON_CreateString(p->furnaces->f[c->furnace].id)
	                                      : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "bath_kg", r->bath_kg);
	cJSON_AddNumberToObject(o, "bath_kg_sd", c->bath_sd);
	cJSON_AddItemToObject(o, "capacity_kg", aj_num(r->capacity_kg));
	cJSON_AddNumberToObject(o, "metal_value", r->metal_value);
	cJSON_AddStringToObject(o, "metal_value_from",
	                        c->value_given   ? "option"
	                        : c->value_found ? "planned_cost"
	                                         : "none");
	cJSON_AddNumberToObject(o, "off_grade_value", r->off_value);
	cJSON_AddNumberToObject(o, "metal_added_kg", r->metal_kg);
	cJSON_AddNumberToObject(o, "margin", c->margin);
	cJSON_AddNumberToObject(o, "confidence", c->confidence);
	cJSON_AddBoolToObject(o, "mip", r->mip);
	cJSON_AddStringToObject(o, "sample", c->sample->file);
	aj_additions(o, p, r);
	aj_composition(o, c, r);
	aj_limits(o, p, r);
	cJSON *risk = cJSON_AddObjectToObject(o, "risk");
	cJSON_AddNumberToObject(risk, "p_ok_before", r->p_ok_before);
	cJSON_AddItemToObject(risk, "p_ok", aj_num(r->p_ok));
	cJSON_AddNumberToObject(risk, "chance_rounds", (double)r->rounds);
	if (c->alt)
		aj_alternatives(o, p, c);
	aj_booking(o, p, c, r);
	char *s = cJSON_Print(o);
	cJSON_Delete(o);
	if (!s)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	int bad = fputs(s, f) < 0 || fputc('\n', f) == EOF;
	cJSON_free(s);
	return bad ? rm_error_set(err, NULL, 0, 0, "cannot write the report") : 0;
}
