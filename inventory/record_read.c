/* Reading what a heat actually was: the weighed charge and the analysis CSVs, and the
 * planned composition of the heat from its plan JSON. Every cell is checked with its
 * position, since these files are typed on the furnace floor. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_int.h"
#include "ledger_record.h"
#include "rm_elem.h"
#include "rm_num.h"
#include "rm_strmap.h"

#define RECORD_MAX_KG 1e9 /* the inventory's own bound on a mass */

/* The column name of t, or an error at its header. */
static int record_col(const struct rm_csv *t, const char *name, size_t *col, struct rm_error *err)
{
	long c = rm_csv_col(t, name);
	if (c < 0)
		return rm_error_set(err, rm_csv_file(t), rm_csv_header_line(t), 0,
		                    "missing required column \"%s\"", name);
	*col = (size_t)c;
	return 0;
}

static int record_charged_rows(struct ledger_record *rec, const struct rm_csv *t,
                               struct rm_error *err)
{
	size_t ci, cm, n = rm_csv_nrows(t);
	if (record_col(t, "id", &ci, err) < 0 || record_col(t, "mass_kg", &cm, err) < 0)
		return -1;
	rec->id_col = (long)ci + 1;
	rec->kg_col = (long)cm + 1;
	if (!(rec->ch = calloc(n + 1, sizeof *rec->ch)))
		return rm_error_set(err, rm_csv_file(t), 0, 0, "out of memory");
	struct rm_strmap seen = {0};
	double total = 0;
	int rc = 0;
	for (size_t r = 0; !rc && r < n; r++) {
		double kg;
		if (rm_csv_id(t, r, ci, "id", err) < 0 ||
		    rm_num_cell(t, r, cm, 0, RECORD_MAX_KG, RM_NUM_REQUIRED, &kg, err) < 0) {
			rc = -1;
			break;
		}
		const char *id = rm_csv_cell(t, r, ci);
		long k = rm_strmap_get(&seen, id);
		if (k < 0) { /* a loader weighs bale by bale: rows of one id add up */
			struct record_charge *c = &rec->ch[rec->ncharge];
			if (!(c->id = strdup(id)) ||
			    rm_strmap_put(&seen, c->id, rec->ncharge) < 0) {
				free(c->id);
				c->id = NULL;
				rc = rm_error_set(err, rm_csv_file(t), 0, 0, "out of memory");
				break;
			}
			c->line = rm_csv_line(t, r);
			k = (long)rec->ncharge++;
		}
		rec->ch[k].kg += kg;
		total += kg;
	}
	rm_strmap_free(&seen);
	/* as booked, the rows are only the materials that differ: 0 kg of a lot not charged */
	if (!rc && !(total > 0) && !rec->as_booked)
		rc = rm_error_set(err, rm_csv_file(t), 0, 0,
		                  "no material with a positive mass_kg: nothing was charged");
	return rc;
}

int record_read_charged(struct ledger_record *rec, const char *path, struct rm_error *err)
{
	struct rm_csv *t = NULL;
	if (!(rec->charged_file = strdup(path)))
		return rm_error_set(err, path, 0, 0, "out of memory");
	int rc = rm_csv_load(path, &t, err);
	if (!rc)
		rc = record_charged_rows(rec, t, err);
	rm_csv_free(t);
	return rc;
}

int record_parse_charged(struct ledger_record *rec, const char *name, const char *buf, size_t len,
                         struct rm_error *err)
{
	struct rm_csv *t = NULL;
	free(rec->charged_file);
	if (!(rec->charged_file = strdup(name)))
		return rm_error_set(err, name, 0, 0, "out of memory");
	int rc = rm_csv_parse(name, buf, len, &t, err);
	if (!rc)
		rc = record_charged_rows(rec, t, err);
	rm_csv_free(t);
	return rc;
}

/* One spark of element z at row r: a new element or one more spark of a known one. */
static int record_spark(struct ledger_record *rec, const struct rm_csv *t, size_t r, int z,
                        double v, double *sumsq)
{
	size_t k = 0;
	while (k < rec->nel && rec->el[k].z != z)
		k++;
	struct record_elem *e = &rec->el[k];
	if (k == rec->nel) {
		memset(e, 0, sizeof *e);
		e->z = z;
		e->line = rm_csv_line(t, r);
		e->plan_pct = e->plan_sd = NAN;
		e->heel_pct = 0;
		e->recovery = 1;
		rec->nel++;
	}
	e->pct += v; /* a sum until record_analysis_rows divides */
	sumsq[k] += v * v;
	e->sparks++;
	return 0;
}

static int record_analysis_rows(struct ledger_record *rec, const struct rm_csv *t,
                                struct rm_error *err)
{
	size_t ce, cv, n = rm_csv_nrows(t);
	if (record_col(t, "element", &ce, err) < 0 || record_col(t, "wt_pct", &cv, err) < 0)
		return -1;
	double *sumsq = calloc(n + 1, sizeof *sumsq);
	if (!sumsq || !(rec->el = calloc(n + 1, sizeof *rec->el))) {
		free(sumsq);
		return rm_error_set(err, rm_csv_file(t), 0, 0, "out of memory");
	}
	int rc = n ? 0 : rm_error_set(err, rm_csv_file(t), 0, 0, "no analysis rows");
	for (size_t r = 0; !rc && r < n; r++) {
		const char *sym = rm_csv_cell(t, r, ce);
		int z = rm_elem_z(sym);
		double v;
		if (!z) {
			int zc = rm_elem_z_nocase(sym);
			rc = rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), (long)ce + 1,
			                  "element \"%.20s\" is not an element symbol%s%s%s", sym,
			                  zc ? " (did you mean \"" : "",
			                  zc ? rm_elem_symbol(zc) : "", zc ? "\"?)" : "");
		} else if (rm_num_cell(t, r, cv, 0, 100, RM_NUM_REQUIRED, &v, err) < 0) {
			rc = -1;
		} else {
			rc = record_spark(rec, t, r, z, v, sumsq);
		}
	}
	double total = 0;
	for (size_t k = 0; !rc && k < rec->nel; k++) {
		struct record_elem *e = &rec->el[k];
		double s = (double)e->sparks, mean = e->pct / s;
		double var = e->sparks > 1 ? (sumsq[k] - s * mean * mean) / (s - 1) : NAN;
		e->pct = mean;
		e->spark_sd = e->sparks > 1 ? sqrt(var > 0 ? var : 0) : NAN;
		total += mean;
	}
	if (!rc && total > 100 + 1e-9)
		rc =
		    rm_error_set(err, rm_csv_file(t), 0, 0,
		                 "the analysed elements add up to %.6g wt%%, more than 100", total);
	free(sumsq);
	return rc;
}

int record_parse_analysis(struct ledger_record *rec, const char *name, const char *buf, size_t len,
                          struct rm_error *err)
{
	struct rm_csv *t = NULL;
	free(rec->analysis_file);
	if (!(rec->analysis_file = strdup(name)))
		return rm_error_set(err, name, 0, 0, "out of memory");
	int rc = rm_csv_parse(name, buf, len, &t, err);
	if (!rc)
		rc = record_analysis_rows(rec, t, err);
	rm_csv_free(t);
	return rc;
}

int record_read_analysis(struct ledger_record *rec, const char *path, struct rm_error *err)
{
	struct rm_csv *t = NULL;
	if (!(rec->analysis_file = strdup(path)))
		return rm_error_set(err, path, 0, 0, "out of memory");
	int rc = rm_csv_load(path, &t, err);
	if (!rc)
		rc = record_analysis_rows(rec, t, err);
	rm_csv_free(t);
	return rc;
}

/* A finite number of o's field name in [lo, hi], or NAN when absent or null. */
static int record_json_num(const cJSON *o, const char *name, double lo, double hi, double *v)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);
	*v = NAN;
	if (!x || cJSON_IsNull(x))
		return 0;
	if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble) || x->valuedouble < lo ||
	    x->valuedouble > hi)
		return -1;
	*v = x->valuedouble;
	return 0;
}

/* The heat's planned mean and sd of each analysed element (risk.elements, else composition
 * without sd), and the yields of its charge (trace: metal_kg / mass_kg). */
static int record_plan_heat(struct ledger_record *rec, const char *path, const cJSON *h,
                            struct rm_error *err)
{
	const cJSON *risk = cJSON_GetObjectItemCaseSensitive(h, "risk");
	const cJSON *rel = cJSON_GetObjectItemCaseSensitive(risk, "elements");
	const cJSON *comp = cJSON_GetObjectItemCaseSensitive(h, "composition");
	const cJSON *grade = cJSON_GetObjectItemCaseSensitive(h, "grade");
	const cJSON *furnace = cJSON_GetObjectItemCaseSensitive(h, "furnace");
	if (!rec->grade[0] && cJSON_IsString(grade))
		snprintf(rec->grade, sizeof rec->grade, "%s", grade->valuestring);
	if (cJSON_IsString(furnace))
		snprintf(rec->furnace, sizeof rec->furnace, "%s", furnace->valuestring);
	for (size_t k = 0; k < rec->nel; k++) {
		struct record_elem *e = &rec->el[k];
		const char *sym = rm_elem_symbol(e->z);
		const cJSON *re = cJSON_GetObjectItemCaseSensitive(rel, sym);
		if (re ? record_json_num(re, "mean", 0, 100, &e->plan_pct) < 0 ||
		             record_json_num(re, "sd", 0, 100, &e->plan_sd) < 0
		       : record_json_num(comp, sym, 0, 100, &e->plan_pct) < 0)
			return rm_error_set(err, path, 0, 0,
			                    "heat \"%.60s\": the planned %s is not a number in "
			                    "[0, 100]",
			                    rec->heat, sym);
	}
	const cJSON *trace = cJSON_GetObjectItemCaseSensitive(h, "trace");
	size_t n = (size_t)cJSON_GetArraySize(trace);
	if (!(rec->yield = calloc(n + 1, sizeof *rec->yield)))
		return rm_error_set(err, path, 0, 0, "out of memory");
	const cJSON *t;
	cJSON_ArrayForEach(t, trace)
	{
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(t, "id");
		double kg, metal;
		if (!cJSON_IsString(id) ||
		    record_json_num(t, "mass_kg", 0, RECORD_MAX_KG, &kg) < 0 ||
		    record_json_num(t, "metal_kg", 0, RECORD_MAX_KG, &metal) < 0)
			return rm_error_set(err, path, 0, 0,
			                    "heat \"%.60s\": a trace entry without "
			                    "an id, mass_kg and metal_kg",
			                    rec->heat);
		if (!(kg > 0) || !(metal > 0) || metal > kg)
			continue;
		struct record_yield *y = &rec->yield[rec->nyield];
		if (!(y->id = strdup(id->valuestring)))
			return rm_error_set(err, path, 0, 0, "out of memory");
		y->yield = metal / kg;
		rec->nyield++;
	}
	return 0;
}

static int record_plan_json(struct ledger_record *rec, const char *path, const cJSON *root,
                            struct rm_error *err)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "plan_id");
	const cJSON *heats = cJSON_GetObjectItemCaseSensitive(root, "heats");
	if (!cJSON_IsString(id) || !id->valuestring[0] || strlen(id->valuestring) > LEDGER_ID_MAX)
		return rm_error_set(err, path, 0, 0, "no plan_id: not a plan remelt wrote");
	snprintf(rec->plan, sizeof rec->plan, "%s", id->valuestring);
	const cJSON *h;
	cJSON_ArrayForEach(h, heats)
	{
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(h, "heat");
		if (cJSON_IsString(name) && strcmp(name->valuestring, rec->heat) == 0)
			return record_plan_heat(rec, path, h, err);
	}
	return rm_error_set(err, path, 0, 0, "plan %s has no heat \"%.60s\"", rec->plan, rec->heat);
}

int record_read_plan(struct ledger_record *rec, const char *path, struct rm_error *err)
{
	struct lg_buf b;
	if (lg_read(path, &b, err) < 0)
		return -1;
	if (!b.present)
		return rm_error_set(err, path, 0, 0, "cannot open: no such file");
	cJSON *root = cJSON_ParseWithLength(b.p, b.n);
	int rc = root ? record_plan_json(rec, path, root, err)
	              : rm_error_set(err, path, 0, 0, "not valid JSON");
	cJSON_Delete(root);
	lg_buf_free(&b);
	return rc;
}

void ledger_record_free(struct ledger_record *rec)
{
	for (size_t k = 0; k < rec->ncharge; k++)
		free(rec->ch[k].id);
	for (size_t k = 0; k < rec->nyield; k++)
		free(rec->yield[k].id);
	free(rec->ch);
	free(rec->el);
	free(rec->yield);
	free(rec->charged_file);
	free(rec->analysis_file);
	memset(rec, 0, sizeof *rec);
}
