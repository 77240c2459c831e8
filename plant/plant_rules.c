/* material_rules.csv: grade,material,max_kg,max_share,min_share, checked cell by cell. */
#include "plant_rules.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rm_csv.h"
#include "rm_num.h"

#define RULES_MAX_KG 1e9

static const char *const rules_num_cols[] = {"max_kg", "max_share", "min_share"};

/* Whether name is a trace column of the inventory (class, supplier, origin, ...). */
static bool rules_trace_col(const struct inventory *inv, const char *name)
{
	for (size_t k = 0; k < inv->nnames; k++)
		if (strcmp(inv->names[k], name) == 0)
			return true;
	return false;
}

/* The material cell: an id first (an id may hold '='), then COLUMN=VALUE. */
static int rules_material(struct plant_rule *r, const struct inventory *inv, const struct rm_csv *t,
                          size_t row, size_t col, struct rm_error *err)
{
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, row);
	const char *s = rm_csv_cell(t, row, col);
	if (rm_csv_id(t, row, col, "material", err) < 0)
		return -1;
	if (!(r->material = strdup(s)))
		return rm_error_set(err, file, line, 0, "out of memory");
	if (inv_find(inv, s) >= 0) {
		r->kind = PLANT_RULE_ID;
		r->value = r->material;
		return 0;
	}
	if (!(r->key = strdup(s)))
		return rm_error_set(err, file, line, 0, "out of memory");
	char *eq = strchr(r->key, '=');
	if (!eq)
		return rm_error_set(
		    err, file, line, (long)col + 1,
		    "material \"%.60s\" is no lot or additive id (nor COLUMN=VALUE)", s);
	*eq = '\0';
	r->value = eq + 1;
	size_t n = strlen(r->value);
	if (n == 0 || strcmp(r->value, "*") == 0)
		return rm_error_set(err, file, line, (long)col + 1,
		                    "material \"%.60s\": no value after '='", s);
	if (strcmp(r->key, "source") == 0) {
		int k = rm_source_find(r->value, n);
		if (k < 0)
			return rm_error_set(
			    err, file, line, (long)col + 1,
			    "material \"%.60s\": source must be analyzed, predicted "
			    "or nominal",
			    s);
		r->kind = PLANT_RULE_SOURCE;
		r->source = (enum mat_source)k;
		return 0;
	}
	if (strcmp(r->key, "id") != 0 && !rules_trace_col(inv, r->key))
		return rm_error_set(err, file, line, (long)col + 1,
		                    "material \"%.60s\": \"%.40s\" is no column of the lots or "
		                    "additives",
		                    s, r->key);
	r->kind = PLANT_RULE_FIELD;
	r->prefix = r->value[n - 1] == '*';
	if (r->prefix)
		r->value[n - 1] = '\0';
	return 0;
}

/* max_kg, max_share, min_share: each optional, at least one given, consistent. */
static int rules_limits(struct plant_rule *r, const struct rm_csv *t, size_t row,
                        struct rm_error *err)
{
	double *dst[3] = {&r->max_kg, &r->max_share, &r->min_share};
	double hi[3] = {RULES_MAX_KG, 1, 1};
	bool any = false;
	for (size_t k = 0; k < 3; k++) {
		*dst[k] = NAN;
		long c = rm_csv_col(t, rules_num_cols[k]);
		if (c < 0)
			continue;
		int rc = rm_num_cell(t, row, (size_t)c, 0, hi[k], 0, dst[k], err);
		if (rc < 0)
			return -1;
		any |= rc == 0;
	}
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, row);
	if (!any)
		return rm_error_set(err, file, line, 0,
		                    "the rule gives none of max_kg, max_share, min_share");
	long cmin = rm_csv_col(t, "min_share") + 1;
	if (r->min_share > r->max_share)
		return rm_error_set(err, file, line, cmin, "min_share %g is above max_share %g",
		                    r->min_share, r->max_share);
	if (r->min_share > 0 && r->max_kg == 0)
		return rm_error_set(err, file, line, cmin,
		                    "min_share %g with max_kg 0 (not allowed) on the same rule",
		                    r->min_share);
	return 0;
}

static int rules_row(struct plant_rule_set *rs, const struct inventory *inv,
                     const struct grade_set *gs, const struct rm_csv *t, size_t row,
                     struct rm_error *err)
{
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, row);
	struct plant_rule *r = &rs->r[rs->n++]; /* counted now: plant_rules_free frees it */
	memset(r, 0, sizeof *r);
	r->line = line;
	size_t gc = (size_t)rm_csv_col(t, "grade"), mc = (size_t)rm_csv_col(t, "material");
	const char *g = rm_csv_cell(t, row, gc);
	if (rm_csv_id(t, row, gc, "grade", err) < 0)
		return -1;
	r->grade = strcmp(g, "*") == 0 ? -1 : grade_find(gs, g);
	if (r->grade < 0 && strcmp(g, "*") != 0)
		return rm_error_set(err, file, line, (long)gc + 1,
		                    "grade \"%.60s\" is not in %s (or * for every grade)", g,
		                    gs->file);
	if (rules_material(r, inv, t, row, mc, err) < 0 || rules_limits(r, t, row, err) < 0)
		return -1;
	const char *m = rm_csv_cell(t, row, mc);
	for (size_t k = 0; k + 1 < rs->n; k++) {
		const struct plant_rule *o = &rs->r[k];
		if (o->grade == r->grade && strcmp(rm_csv_cell(t, k, mc), m) == 0)
			return rm_error_set(err, file, line, (long)mc + 1,
			                    "a second rule for grade \"%.60s\" and \"%.60s\" (the "
			                    "first at line %ld): give both limits on one row",
			                    g, m, o->line);
	}
	return 0;
}

int plant_rules_load(const char *path, const struct inventory *inv, const struct grade_set *gs,
                     struct plant_rule_set **out, struct rm_error *err)
{
	struct rm_csv *t = NULL;
	if (rm_csv_load(path, &t, err) < 0)
		return -1;
	struct plant_rule_set *rs = calloc(1, sizeof *rs);
	int rc = 0;
	if (!rs || !(rs->file = strdup(path)) ||
	    !(rs->r = calloc(rm_csv_nrows(t) + 1, sizeof *rs->r)))
		rc = rm_error_set(err, path, 0, 0, "out of memory");
	static const char *const need[] = {"grade", "material"};
	for (size_t k = 0; !rc && k < 2; k++)
		if (rm_csv_col(t, need[k]) < 0)
			rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
			                  "missing required column \"%s\"", need[k]);
	bool any = false;
	for (size_t k = 0; !rc && k < 3; k++)
		any |= rm_csv_col(t, rules_num_cols[k]) >= 0;
	if (!rc && !any)
		rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
		                  "none of the columns max_kg, max_share, min_share");
	for (size_t r = 0; !rc && r < rm_csv_nrows(t); r++)
		rc = rules_row(rs, inv, gs, t, r, err);
	rm_csv_free(t);
	if (rc) {
		plant_rules_free(rs);
		return -1;
	}
	*out = rs;
	return 0;
}

void plant_rules_free(struct plant_rule_set *rs)
{
	if (!rs)
		return;
	for (size_t k = 0; k < rs->n; k++) {
		free(rs->r[k].material);
		free(rs->r[k].key);
	}
	free(rs->r);
	free(rs->file);
	free(rs);
}

bool plant_rule_grade(const struct plant_rule *r, size_t g)
{
	return r->grade < 0 || (size_t)r->grade == g;
}

static bool rules_value(const struct plant_rule *r, const char *v)
{
	return r->prefix ? strncasecmp(v, r->value, strlen(r->value)) == 0
	                 : strcasecmp(v, r->value) == 0;
}

bool plant_rule_match(const struct plant_rule *r, const struct material *m)
{
	switch (r->kind) {
	case PLANT_RULE_ID: return strcmp(m->id, r->value) == 0;
	case PLANT_RULE_SOURCE: return m->source == r->source;
	case PLANT_RULE_FIELD:
		if (strcmp(r->key, "id") == 0)
			return rules_value(r, m->id);
		for (size_t k = 0; k < m->ntrace; k++)
			if (strcmp(m->trace[k].name, r->key) == 0)
				return rules_value(r, m->trace[k].value);
		return false;
	}
	return false;
}
