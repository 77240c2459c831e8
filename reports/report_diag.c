/* Diagnosis of heats without a charge, for people (sentences a metallurgist can act on) and
 * machines (JSON). Every number comes from the plan; nothing is solved here. */
#include "report_diag.h"

#include <math.h>
#include <string.h>

#include "report.h"

static const char *diag_el(const struct plant *p, size_t e)
{
	return rm_elem_symbol(p->els.z[e]);
}

static const char *diag_side(int side)
{
	return side < 0 ? "min" : "max";
}

/* Every cause: its JSON name, its words in the one-line why, and a sentence of its own. */
static const struct {
	const char *name, *words, *sentence;
} diag_causes[] = {
    [PLAN_CAUSE_NONE] = {"planned", "planned", "planned"},
    [PLAN_CAUSE_LIMITS] = {"limits", "grade limits",
                           "no charge from the whole inventory meets this grade"},
    [PLAN_CAUSE_METAL] = {"metal", "too little metal",
                          "the whole inventory yields less metal than this heat taps"},
    [PLAN_CAUSE_SHARED] = {"shared", "lots taken by earlier heats",
                           "can be made alone, but not together with the others from the "
                           "same lots"},
    [PLAN_CAUSE_UNCERTAINTY] = {"uncertainty", "analysis uncertainty",
                                "can be made with the analyses taken as exact, not with "
                                "every limit met at the confidence asked"},
    [PLAN_CAUSE_RULES] = {"rules", "practical charge rules",
                          "the limits can be met, but not within the practical charge rules"},
    [PLAN_CAUSE_STOPPED] = {"stopped", "out of time or rounds",
                            "the time or the rounds ran out before this heat got a charge "
                            "or a known cause: nothing was proven about its specs"},
    [PLAN_CAUSE_MATERIAL_RULES] = {"material_rules", "material rules",
                                   "the limits can be met from the whole inventory, but not "
                                   "under these material rules"},
    [PLAN_CAUSE_QUARANTINE] = {"quarantine", "only with quarantined lots",
                               "can be made only with lots that are quarantined"},
    [PLAN_CAUSE_PREDECESSOR] = {"predecessor", "the heat before it is not made",
                                "the heat before it in its furnace is not made, so it has no "
                                "bath to sit on"},
    [PLAN_CAUSE_HEEL] = {"heel", "the heel the heat before it leaves",
                         "can be made on the furnace's heel, but not on the bath the heat "
                         "before it leaves"},
};

const char *report_cause_sentence(enum plan_cause c)
{
	return (size_t)c < sizeof diag_causes / sizeof diag_causes[0] ? diag_causes[c].sentence
	                                                              : "unknown";
}

const char *report_cause_name(enum plan_cause c)
{
	return (size_t)c < sizeof diag_causes / sizeof diag_causes[0] ? diag_causes[c].name
	                                                              : "unknown";
}

const char *report_cause_words(enum plan_cause c)
{
	return (size_t)c < sizeof diag_causes / sizeof diag_causes[0] ? diag_causes[c].words
	                                                              : "unknown";
}

bool report_cause_line(char *buf, size_t n, const struct plant *p, const struct plan_heat *ph,
                       size_t k)
{
	char kg[32];
	if (ph->cause == PLAN_CAUSE_QUARANTINE && k < ph->nquar) {
		const struct material *m = &p->inv->m[ph->quar[k]];
		report_num(kg, sizeof kg, m->mass_kg, 0);
		/* a lot of a set of several makes the heat only with the others */
		snprintf(buf, n, "quarantined %s (%s kg): released%s, it would make this heat",
		         m->id, kg, ph->nquar > 1 ? " with the others listed" : "");
		return true;
	}
	if ((ph->cause == PLAN_CAUSE_PREDECESSOR || ph->cause == PLAN_CAUSE_HEEL) && k == 0) {
		snprintf(buf, n, "the heat before it in its furnace: %s", p->heats->h[ph->pred].id);
		return true;
	}
	return false;
}

bool report_diag_line(char *buf, size_t n, const struct plant *p, const struct plan_heat *ph,
                      size_t k)
{
	if (ph->feasible)
		return false;
	if (k == 0) {
		snprintf(buf, n, "%s", report_cause_sentence(ph->cause));
		return true;
	}
	if (ph->cause == PLAN_CAUSE_MATERIAL_RULES) {
		if (k - 1 >= ph->nrule)
			return false;
		report_rule_words(buf, n, p, ph->rule[k - 1]);
		return true;
	}
	if (ph->cause == PLAN_CAUSE_QUARANTINE || ph->cause == PLAN_CAUSE_PREDECESSOR ||
	    ph->cause == PLAN_CAUSE_HEEL)
		return report_cause_line(buf, n, p, ph, k - 1);
	if (ph->cause != PLAN_CAUSE_LIMITS)
		return false; /* the limits hold: nothing more to say of them */
	if (ph->ndiag == 0) {
		if (k > 1)
			return false;
		snprintf(buf, n, "no single limit is to blame: the limits conflict together");
		return true;
	}
	if (k - 1 >= ph->ndiag)
		return false;
	const struct plan_diag *d = &ph->diag[k - 1];
	if (isnan(d->achievable))
		snprintf(buf, n, "%s %s %.4g wt%% cannot be met, and the other limits conflict too",
		         diag_el(p, d->e), diag_side(d->side), d->limit);
	else
		snprintf(buf, n,
		         "%s %s %.4g wt%% cannot be met: the best reachable with the other limits "
		         "kept is %.4g wt%%",
		         diag_el(p, d->e), diag_side(d->side), d->limit, d->achievable);
	return true;
}

static cJSON *diag_json_charge(const struct plant *p, const struct plan_item *it, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t c = 0; c < n; c++) {
		const struct material *m = &p->inv->m[it[c].mat];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", m->id);
		cJSON_AddNumberToObject(o, "mass_kg", it[c].kg);
		cJSON_AddStringToObject(o, "kind", m->kind == MAT_LOT ? "lot" : "additive");
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* A limit as JSON; value and by only where the fallback measured them. */
static cJSON *diag_json_limit(const struct plant *p, const struct plan_viol *v)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "element", diag_el(p, v->e));
	cJSON_AddStringToObject(o, "limit", diag_side(v->side));
	cJSON_AddNumberToObject(o, "spec", v->limit);
	if (!isnan(v->value)) {
		cJSON_AddNumberToObject(o, "value", v->value);
		cJSON_AddNumberToObject(o, "by", v->by);
	}
	return o;
}

static cJSON *diag_json_fallback(const struct plant *p, const struct plan_fallback *fb)
{
	if (!fb->found)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "basis", "whole inventory, least total violation, then cost");
	cJSON_AddNumberToObject(o, "cost", fb->cost);
	cJSON_AddNumberToObject(o, "violation", fb->violation);
	cJSON_AddItemToObject(o, "charge", diag_json_charge(p, fb->charge, fb->ncharge));
	cJSON *comp = cJSON_AddObjectToObject(o, "composition");
	for (size_t e = 0; e < p->els.n; e++)
		cJSON_AddNumberToObject(comp, diag_el(p, e), fb->comp[e]);
	cJSON *v = cJSON_AddArrayToObject(o, "violations");
	for (size_t k = 0; k < fb->nviol; k++)
		cJSON_AddItemToArray(v, diag_json_limit(p, &fb->viol[k]));
	return o;
}

static cJSON *diag_num_or_null(double v)
{
	return isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

/* A material rule as material_rules.csv states it, and where. */
static cJSON *diag_json_rule(const struct plant *p, const struct plant_rule *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "material", r->material);
	cJSON_AddItemToObject(o, "max_kg", diag_num_or_null(r->max_kg));
	cJSON_AddItemToObject(o, "max_share", diag_num_or_null(r->max_share));
	cJSON_AddItemToObject(o, "min_share", diag_num_or_null(r->min_share));
	cJSON_AddStringToObject(o, "file", p->rules->file);
	cJSON_AddNumberToObject(o, "line", (double)r->line);
	return o;
}

void report_json_unplanned(cJSON *hj, const struct plant *p, const struct plan *pl, size_t h)
{
	const struct plan_heat *ph = &pl->heats[h];
	cJSON_AddStringToObject(hj, "cause", report_cause_name(ph->cause));
	cJSON_AddNumberToObject(hj, "cost", 0);
	cJSON_AddArrayToObject(hj, "charge");
	cJSON_AddObjectToObject(hj, "composition");
	cJSON *c = cJSON_AddArrayToObject(hj, "conflict");
	for (size_t k = 0; k < ph->nconflict; k++)
		cJSON_AddItemToArray(c, diag_json_limit(p, &ph->conflict[k]));
	cJSON_AddItemToObject(hj, "fallback", diag_json_fallback(p, &ph->fallback));
	cJSON *ru = ph->nrule ? cJSON_AddArrayToObject(hj, "rules") : NULL; /* material_rules */
	for (size_t k = 0; k < ph->nrule; k++)
		cJSON_AddItemToArray(ru, diag_json_rule(p, &p->rules->r[ph->rule[k]]));
	cJSON *qu = ph->nquar ? cJSON_AddArrayToObject(hj, "quarantined_needed") : NULL;
	for (size_t k = 0; k < ph->nquar; k++)
		cJSON_AddItemToArray(qu, cJSON_CreateString(p->inv->m[ph->quar[k]].id));
	if (ph->cause == PLAN_CAUSE_PREDECESSOR || ph->cause == PLAN_CAUSE_HEEL)
		cJSON_AddStringToObject(hj, "predecessor", p->heats->h[ph->pred].id);
	cJSON *fx = cJSON_AddArrayToObject(hj, "fixes");
	for (size_t k = 0; k < ph->nfix; k++) {
		const struct material *m = &p->inv->m[ph->fix[k].mat];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", m->id);
		cJSON_AddStringToObject(o, "kind", m->kind == MAT_LOT ? "lot" : "additive");
		cJSON_AddNumberToObject(o, "stock_kg", m->mass_kg);
		cJSON_AddNumberToObject(o, "extra_kg", ph->fix[k].extra_kg);
		cJSON_AddNumberToObject(o, "extra_cost", ph->fix[k].extra_kg * m->price);
		cJSON_AddItemToArray(fx, o);
	}
}

void report_json_diag_top(cJSON *root, const struct plan *pl)
{
	cJSON_AddNumberToObject(root, "planned_heats", (double)pl->nplanned);
	cJSON_AddNumberToObject(root, "planned_cost", pl->planned_cost);
	cJSON_AddBoolToObject(root, "diagnosis_complete", !pl->diag_cut_short);
}

/* The id of heat h's furnace ("?" when it has none: a sequence always has one). */
static const char *diag_furnace(const struct plant *p, size_t h)
{
	const struct furnace *f = plant_furnace(p, h);
	return f ? f->id : "?";
}

static const char *diag_kg(char *buf, size_t n, double kg)
{
	report_num(buf, n, kg, 0);
	return buf;
}

/* "Fe max 0.315 wt%" */
static void diag_text_lim(FILE *f, const struct plant *p, size_t e, int side, double lim)
{
	fprintf(f, "%s %s %.4g wt%%", diag_el(p, e), diag_side(side), lim);
}

static void diag_text_cause(FILE *f, const struct plant *p, const struct plan *pl, size_t h)
{
	const struct plan_heat *ph = &pl->heats[h];
	char have[32], need[32];
	double metal = 0;
	switch (ph->cause) {
	case PLAN_CAUSE_METAL:
		for (size_t i = 0; i < p->inv->n; i++)
			metal += p->inv->m[i].yield * p->inv->m[i].mass_kg;
		report_num(have, sizeof have, metal, 0);
		report_num(need, sizeof need, p->heats->h[h].mass_kg, 0);
		fprintf(f,
		        "  not planned: the whole inventory yields %s kg of metal, and this heat "
		        "taps %s kg\n",
		        have, need);
		break;
	case PLAN_CAUSE_SHARED:
		fprintf(f,
		        "  not planned: this heat can be made alone, but not together with the "
		        "heats planned before it: they use the lots it needs%s\n",
		        p->heats->h[h].seq > 1 ? ", the heats before it in its furnace included "
		                                 "(heats.csv sequence)"
		                               : "");
		break;
	case PLAN_CAUSE_UNCERTAINTY:
		fprintf(f,
		        "  not planned: with the analyses taken as exact this heat can be made, "
		        "but not with every limit met at probability %g: the analyses of the "
		        "lots it needs are too uncertain (analyse the predicted and nominal lots, "
		        "or lower --confidence)\n",
		        pl->confidence);
		break;
	case PLAN_CAUSE_RULES:
		fprintf(f,
		        "  not planned: the limits can be met, but not within the practical charge "
		        "rules (whole units, minimum charges, the furnace's capacity or material "
		        "limit)\n");
		break;
	case PLAN_CAUSE_MATERIAL_RULES:
		fprintf(f, "  not planned: the grade's limits can be met from the whole inventory, "
		           "but not under the material rules; ");
		report_rules_listed(f, p, ph->rule, ph->nrule,
		                    ph->nrule == 1 ? "without this one it can be made:"
		                                   : "without these together it can be made:");
		break;
	case PLAN_CAUSE_QUARANTINE:
		fprintf(f, "  not planned: it can be made only with %s quarantined: ",
		        ph->nquar == 1 ? "this lot, which is" : "these lots, which are");
		for (size_t k = 0; k < ph->nquar; k++) {
			const struct material *m = &p->inv->m[ph->quar[k]];
			report_num(have, sizeof have, m->mass_kg, 0);
			fprintf(f, "%s%s (%s kg)", k ? ", " : "", m->id, have);
		}
		fprintf(f, " (release %s in lots.csv, quarantine 0, to make it)\n",
		        ph->nquar == 1 ? "it" : "them");
		break;
	case PLAN_CAUSE_PREDECESSOR:
		fprintf(
		    f,
		    "  not planned: heat %s before it in furnace %s %s, so it has no bath to sit "
		    "on (heats.csv sequence)\n",
		    p->heats->h[ph->pred].id, diag_furnace(p, h),
		    pl->heats[ph->pred].alone ? "is not planned (the heats compete for the same "
		                                "lots)"
		                              : "cannot be made");
		break;
	case PLAN_CAUSE_HEEL:
		fprintf(f,
		        "  not planned: it can be made on furnace %s's own heel, but not on the "
		        "%s kg of heat %s's bath it sits on (heats.csv sequence): another order "
		        "of the heats, or a smaller heel_kg, would let it be made\n",
		        diag_furnace(p, h), diag_kg(have, sizeof have, p->heats->h[h].heel_kg),
		        p->heats->h[ph->pred].id);
		break;
	case PLAN_CAUSE_STOPPED:
		if (ph->alone)
			fprintf(f,
			        "  not planned: this heat can be made alone, but the plan of the "
			        "heats that can be made ran out of time or of rounds of cutting "
			        "planes before it found a charge (allow more)\n");
		else
			fprintf(f,
			        "  not planned: the time ran out before the diagnosis knew whether "
			        "this heat can be made; nothing was proven about its specs (allow "
			        "more time)\n");
		break;
	default: fprintf(f, "  not planned: no charge from the whole inventory meets this grade\n");
	}
}

static void diag_text_conflict(FILE *f, const struct plant *p, const struct plan_heat *ph)
{
	for (size_t k = 0; k < ph->ndiag; k++) {
		const struct plan_diag *d = &ph->diag[k];
		fprintf(f,
		        "  - %s %s %.4g wt%% cannot be met: the best reachable with the other "
		        "limits kept is %.4g wt%%\n",
		        diag_el(p, d->e), diag_side(d->side), d->limit, d->achievable);
	}
	if (ph->nconflict == 1) {
		fprintf(f, "  - on its own, ");
		diag_text_lim(f, p, ph->conflict[0].e, ph->conflict[0].side, ph->conflict[0].limit);
		fprintf(f, " is out of reach of every charge from this inventory\n");
	} else if (ph->nconflict > 1) {
		fprintf(f,
		        "  - these %zu limits cannot all hold together, though without any one of "
		        "them a charge exists: ",
		        ph->nconflict);
		for (size_t k = 0; k < ph->nconflict; k++) {
			fprintf(f, "%s", k == 0 ? "" : k + 1 == ph->nconflict ? " and " : ", ");
			diag_text_lim(f, p, ph->conflict[k].e, ph->conflict[k].side,
			              ph->conflict[k].limit);
		}
		fputc('\n', f);
	}
}

static void diag_text_fixes(FILE *f, const struct plant *p, const struct plan_heat *ph)
{
	char kg[32], cost[32];
	if (ph->nfix == 0)
		fprintf(f, "  no more of any material on hand would make it\n");
	if (ph->nfix == 0 && ph->ndiag == 0) {
		if (ph->fallback.found)
			fprintf(
			    f,
			    "  nor would moving any one limit: the closest charge below shows how "
			    "far they must move together\n");
		return;
	}
	fprintf(f, "  what would make it (any one of these; extra stock with the planned heats "
	           "kept):\n");
	for (size_t k = 0; k < ph->nfix; k++) {
		const struct material *m = &p->inv->m[ph->fix[k].mat];
		/* whole kg rounded up, as the least amount is the very edge of feasibility; but
		 * past the solver's noise (5000.0000001 is 5,000) */
		double x = ceil(ph->fix[k].extra_kg * (1 - 1e-9));
		report_num(kg, sizeof kg, x, 0);
		report_num(cost, sizeof cost, x * m->price, 0);
		fprintf(f, "  - %s kg more of %s (%s, %s at %.2f/kg)\n", kg, m->id,
		        m->kind == MAT_LOT ? "lot" : "additive", cost, m->price);
	}
	for (size_t k = 0; k < ph->ndiag; k++) {
		const struct plan_diag *d = &ph->diag[k];
		fprintf(f, "  - %s %s moved from %.4g to %.4g wt%%\n", diag_el(p, d->e),
		        diag_side(d->side), d->limit, d->achievable);
	}
}

static void diag_text_fallback(FILE *f, const struct plant *p, const struct plan *pl, size_t h)
{
	const struct plan_fallback *fb = &pl->heats[h].fallback;
	char kg[32], cost[32];
	if (!fb->found)
		return;
	report_num(cost, sizeof cost, fb->cost, 0);
	/* On a planned predecessor's bath the detail takes what the heats before it leave
	 * (solver/diagnose/diagnose.c, diag_heel_view). */
	fprintf(
	    f, "  closest charge (least total miss, %s; to inspect, not to charge), cost %s:\n   ",
	    report_heel_from(p, pl, h) >= 0 ? "what the heats before it leave" : "whole inventory",
	    cost);
	for (size_t c = 0; c < fb->ncharge; c++) {
		report_num(kg, sizeof kg, fb->charge[c].kg, 1);
		fprintf(f, "%s %s %s kg", c ? "," : "", p->inv->m[fb->charge[c].mat].id, kg);
	}
	fputc('\n', f);
	for (size_t k = 0; k < fb->nviol; k++) {
		const struct plan_viol *v = &fb->viol[k];
		fprintf(f, "    misses %s: %.4f wt%% against %s %.4g (%s by %.4g)\n",
		        diag_el(p, v->e), v->value, diag_side(v->side), v->limit,
		        v->side > 0 ? "over" : "under", v->by);
	}
}

void report_text_diag(FILE *f, const struct plant *p, const struct plan *pl, size_t h)
{
	const struct plan_heat *ph = &pl->heats[h];
	diag_text_cause(f, p, pl, h);
	if (ph->cause == PLAN_CAUSE_STOPPED || ph->cause == PLAN_CAUSE_PREDECESSOR)
		return; /* it can be made, or waits for the heat before it: nothing to fix here */
	if (pl->confidence > 0 && (ph->ndiag || ph->nconflict || ph->fallback.found))
		fprintf(f, "  (limits below: with the analyses taken as exact)\n");
	diag_text_conflict(f, p, ph);
	diag_text_fixes(f, p, ph);
	diag_text_fallback(f, p, pl, h);
}
