/* The price table for machines: CSV rows (one per grade and item) and JSON. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "report_price.h"
#include "rm_csv.h"

/* Empty for none; the CSV reader of a spreadsheet takes an empty cell as "no value". */
static void csv_num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, ",%.15g", v);
	else
		fputc(',', f);
}

static void csv_item(FILE *f, const struct price_report *r, const struct price_grade *pg,
                     const struct price_item *it)
{
	char sg[512];
	rm_csv_field_file(f, r->p->grades->g[pg->grade].name, RM_CSV_SHEET);
	fprintf(f, ",%.15g,%s,", pg->heat_kg, it->offer ? "offer" : "lot");
	rm_csv_field_file(f, it->mat->id, RM_CSV_SHEET);
	fputc(',', f);
	rm_csv_field_file(f, report_price_scrap(r, it, sg, sizeof sg), RM_CSV_SHEET);
	fprintf(f, ",%s", inv_source_name(it->mat->source));
	csv_num(f, it->mat->mass_kg);
	csv_num(f, it->mat->price);
	csv_num(f, it->used_kg);
	csv_num(f, it->break_even);
	csv_num(f, isinf(it->break_even) ? it->need_kg : NAN);
	csv_num(f, it->full_use);
	csv_num(f, it->max_kg);
	for (size_t k = 0; k < PRICE_NCURVE; k++)
		csv_num(f, it->curve[k]);
	fprintf(f, ",%s", pg->feasible ? report_price_verdict(it->verdict) : "");
	csv_num(f, pg->feasible ? it->buy_kg : NAN);
	csv_num(f, it->margin_per_kg);
	fputc('\n', f);
}

int report_price_csv(FILE *f, const struct price_report *r)
{
	fputs("grade,heat_kg,kind,id,scrap_grades,source,mass_kg,price_per_kg,used_kg,"
	      "break_even_price_per_kg,needed_kg,full_use_price_per_kg,max_kg,"
	      "value_at_25pct,value_at_50pct,value_at_75pct,value_at_100pct,verdict,buy_kg,"
	      "margin_per_kg\n",
	      f);
	for (size_t g = 0; g < r->t->ngrade; g++)
		for (size_t k = 0; k < r->t->g[g].nitem; k++)
			csv_item(f, r, &r->t->g[g], &r->t->g[g].item[k]);
	return 0;
}

/* cJSON writes NAN and infinities as null, which is what "none" is. */
static cJSON *json_num(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static void json_scrap(cJSON *o, const struct price_report *r, const struct material *m)
{
	cJSON *met = cJSON_AddArrayToObject(o, "scrap_grades");
	cJSON *unv = cJSON_AddArrayToObject(o, "scrap_grades_unverified");
	for (size_t g = 0; r->p->scrap && g < r->p->scrap->n; g++) {
		const struct scrap_grade *sg = &r->p->scrap->g[g];
		enum scrap_fit fit =
		    scrap_classify(sg, r->els, m->c, m->nc, inv_source_name(m->source), NULL, 0);
		if (fit != SCRAP_FAILS)
			cJSON_AddItemToArray(fit == SCRAP_MEETS ? met : unv,
			                     cJSON_CreateString(sg->name));
	}
}

static void json_curve(cJSON *o, const struct price_item *it)
{
	cJSON *curve = cJSON_AddArrayToObject(o, "curve");
	for (size_t k = 0; k < PRICE_NCURVE; k++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "kg", it->curve_kg[k]);
		cJSON_AddItemToObject(c, "price_per_kg", json_num(it->curve[k]));
		cJSON_AddItemToArray(curve, c);
	}
	cJSON *steps = cJSON_AddArrayToObject(o, "steps");
	for (size_t k = 0; k < it->nstep; k++) {
		cJSON *s = cJSON_CreateObject();
		cJSON_AddNumberToObject(s, "from_kg", it->step[k].from_kg);
		cJSON_AddNumberToObject(s, "to_kg", it->step[k].to_kg);
		cJSON_AddNumberToObject(s, "price_per_kg", it->step[k].value);
		cJSON_AddItemToArray(steps, s);
	}
}

static cJSON *json_item(const struct price_report *r, const struct price_grade *pg,
                        const struct price_item *it)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", it->mat->id);
	cJSON_AddStringToObject(o, "source", inv_source_name(it->mat->source));
	json_scrap(o, r, it->mat);
	cJSON_AddNumberToObject(o, "mass_kg", it->mat->mass_kg);
	cJSON_AddNumberToObject(o, "price_per_kg", it->mat->price);
	if (!it->offer)
		cJSON_AddItemToObject(o, "used_kg", json_num(it->used_kg));
	cJSON_AddItemToObject(o, "break_even_price_per_kg", json_num(it->break_even));
	if (isinf(it->break_even))
		cJSON_AddNumberToObject(o, "needed_kg", it->need_kg);
	cJSON_AddItemToObject(o, "full_use_price_per_kg", json_num(it->full_use));
	cJSON_AddItemToObject(o, "max_kg", json_num(it->max_kg));
	json_curve(o, it);
	if (pg->feasible) {
		cJSON_AddStringToObject(o, "verdict", report_price_verdict(it->verdict));
		cJSON_AddNumberToObject(o, "buy_kg", it->buy_kg);
	} else {
		cJSON_AddNullToObject(o, "verdict");
		cJSON_AddNullToObject(o, "buy_kg");
	}
	cJSON_AddItemToObject(o, "margin_per_kg", json_num(it->margin_per_kg));
	return o;
}

static cJSON *json_grade(const struct price_report *r, const struct price_grade *pg)
{
	char basis[128];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "grade", r->p->grades->g[pg->grade].name);
	cJSON_AddNumberToObject(o, "heat_kg", pg->heat_kg);
	report_price_basis(pg, basis, sizeof basis);
	cJSON_AddStringToObject(o, "heat_kg_from", basis);
	cJSON_AddNumberToObject(o, "margin", r->t->margin);
	cJSON_AddNumberToObject(o, "confidence", r->t->confidence);
	cJSON_AddBoolToObject(o, "feasible", pg->feasible);
	cJSON_AddItemToObject(o, "base_cost", json_num(pg->base_cost));
	cJSON *lots = cJSON_AddArrayToObject(o, "lots");
	cJSON *offers = cJSON_AddArrayToObject(o, "offers");
	for (size_t k = 0; k < pg->nitem; k++)
		cJSON_AddItemToArray(pg->item[k].offer ? offers : lots,
		                     json_item(r, pg, &pg->item[k]));
	return o;
}

int report_price_json(FILE *f, const struct price_report *r, struct rm_error *err)
{
	return report_price_json_learned(f, r, NULL, err);
}

int report_price_json_learned(FILE *f, const struct price_report *r, const struct price_learning *l,
                              struct rm_error *err)
{
	cJSON *root;
	if (r->t->all_grades) {
		root = cJSON_CreateObject();
		cJSON_AddNumberToObject(root, "margin", r->t->margin);
		cJSON_AddNumberToObject(root, "confidence", r->t->confidence);
		cJSON *grades = cJSON_AddArrayToObject(root, "grades");
		for (size_t g = 0; g < r->t->ngrade; g++)
			cJSON_AddItemToArray(grades, json_grade(r, &r->t->g[g]));
	} else {
		root = json_grade(r, &r->t->g[0]);
	}
	if (l)
		report_price_learning_json(root, r, l);
	char *s = cJSON_Print(root);
	cJSON_Delete(root);
	if (!s)
		return rm_error_set(err, NULL, 0, 0, "out of memory writing JSON");
	int bad = fputs(s, f) < 0 || fputc('\n', f) == EOF;
	cJSON_free(s);
	return bad ? rm_error_set(err, NULL, 0, 0, "cannot write the report") : 0;
}
