/* Material rules and quarantined lots in words: `check` lists them, the text report and the
 * JSON name the lots held back. And the grades' working aims (grades.csv aim, tolerance). */
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "report.h"

/* "not allowed", "at most 2,000 kg per heat, at most 25% of the charge", ...; a correction's
 * rules count what is added (FORMATS.md, "remelt adjust"), and say so. */
static void mrules_limits_as(FILE *f, const struct plant_rule *r, bool correction)
{
	const char *per = correction ? "added" : "per heat";
	const char *of = correction ? "the additions" : "the charge";
	char kg[32];
	const char *sep = "";
	if (r->max_kg == 0 || r->max_share == 0) {
		fprintf(f, "not allowed");
		return;
	}
	if (!isnan(r->max_kg)) {
		report_num(kg, sizeof kg, r->max_kg, r->max_kg == floor(r->max_kg) ? 0 : 1);
		fprintf(f, "at most %s kg %s", kg, per);
		sep = ", ";
	}
	if (!isnan(r->max_share)) {
		fprintf(f, "%sat most %g%% of %s", sep, r->max_share * 100, of);
		sep = ", ";
	}
	if (r->min_share > 0)
		fprintf(f, "%sat least %g%% of %s", sep, r->min_share * 100, of);
}

static void mrules_limits(FILE *f, const struct plant_rule *r)
{
	mrules_limits_as(f, r, false);
}

void report_rules_in_force(FILE *f, const struct plant *p, size_t h)
{
	report_rules_of_grade(
	    f, p, p->heats->h[h].grade,
	    "  material rules of this grade (the charges above keep them):", false);
}

/* "\n    P not allowed (DIR/material_rules.csv:2)" */
static void mrules_line(FILE *f, const struct plant_rule_set *rs, const struct plant_rule *r,
                        bool correction)
{
	fprintf(f, "\n    %s ", r->material);
	mrules_limits_as(f, r, correction);
	fprintf(f, " (%s:%ld)", rs->file, r->line);
}

void report_rules_of_grade(FILE *f, const struct plant *p, size_t g, const char *lead,
                           bool correction)
{
	const struct plant_rule_set *rs = p->rules;
	size_t n = 0;
	for (size_t k = 0; rs && k < rs->n; k++) {
		const struct plant_rule *r = &rs->r[k];
		if (!plant_rule_grade(r, g))
			continue;
		if (!n++)
			fprintf(f, "%s", lead);
		mrules_line(f, rs, r, correction);
	}
	if (n)
		fputc('\n', f);
}

void report_rule_words(char *buf, size_t n, const struct plant *p, size_t r)
{
	if (n == 0)
		return;
	buf[0] = '\0';
	FILE *f = fmemopen(buf, n, "w");
	if (!f)
		return;
	mrules_line(f, p->rules, &p->rules->r[r], false);
	fclose(f);
	buf[n - 1] = '\0';
	/* mrules_line opens with the newline and indent of a list */
	size_t skip = strspn(buf, "\n ");
	memmove(buf, buf + skip, strlen(buf + skip) + 1);
}

void report_rules_listed(FILE *f, const struct plant *p, const size_t *rule, size_t n,
                         const char *lead)
{
	fprintf(f, "%s", lead);
	for (size_t k = 0; k < n; k++)
		mrules_line(f, p->rules, &p->rules->r[rule[k]], false);
	fputc('\n', f);
}

void report_material_rules(FILE *f, const struct plant *p)
{
	const struct plant_rule_set *rs = p->rules;
	if (!rs)
		return;
	fprintf(f, "%s: %zu rules\n", rs->file, rs->n);
	for (size_t k = 0; k < rs->n; k++) {
		const struct plant_rule *r = &rs->r[k];
		fprintf(f, "  %-10s %-22s ", r->grade < 0 ? "*" : p->grades->g[r->grade].name,
		        r->material);
		mrules_limits(f, r);
		size_t n = 0, first = 0;
		for (size_t i = 0; i < p->inv->n; i++)
			if (plant_rule_match(r, &p->inv->m[i]) && !n++)
				first = i;
		if (n == 0)
			fprintf(f, " (matches no material now)\n");
		else if (n == 1)
			fprintf(f, " (%s)\n", p->inv->m[first].id);
		else
			fprintf(f, " (%zu materials, %s first)\n", n, p->inv->m[first].id);
	}
}

void report_quarantine(FILE *f, const struct plant *p, const char *lead)
{
	/* Wrapped at 78 columns (the floor sheet is 80 wide), continued under the first id. */
	int col = 0, indent = 0;
	for (size_t i = 0; i < p->inv->n; i++) {
		const struct material *m = &p->inv->m[i];
		if (!m->quarantine)
			continue;
		char kg[32], item[128];
		report_num(kg, sizeof kg, m->mass_kg, 0);
		int n = isfinite(m->mass_kg)
		            ? snprintf(item, sizeof item, " %.60s (%s kg)", m->id, kg)
		            : snprintf(item, sizeof item, " %.60s", m->id);
		if (!col)
			col = indent = fprintf(f, "%s", lead);
		else if (col + n + 1 > 78)
			col = fprintf(f, ",\n%*s", indent, "") - 2;
		else
			col += fprintf(f, ",");
		col += fprintf(f, "%s", item);
	}
	if (col)
		fputc('\n', f);
}

void report_json_quarantine(struct cJSON *root, const struct plant *p)
{
	cJSON *a = NULL;
	for (size_t i = 0; i < p->inv->n; i++)
		if (p->inv->m[i].quarantine) {
			if (!a)
				a = cJSON_AddArrayToObject(root, "quarantined");
			if (a)
				cJSON_AddItemToArray(a, cJSON_CreateString(p->inv->m[i].id));
		}
}

const struct grade_limit *report_aim(const struct plant *p, size_t h, size_t e)
{
	const struct grade_limit *l = grade_limit_of(&p->grades->g[p->heats->h[h].grade], e);
	return l && l->has_aim ? l : NULL;
}

void report_json_aim(struct cJSON *hj, const struct plant *p, size_t h)
{
	cJSON *a = NULL;
	for (size_t e = 0; e < p->els.n; e++) {
		const struct grade_limit *l = report_aim(p, h, e);
		if (!l || (!a && !(a = cJSON_AddObjectToObject(hj, "aim"))))
			continue;
		cJSON *o = cJSON_AddObjectToObject(a, rm_elem_symbol(p->els.z[e]));
		if (o) {
			cJSON_AddNumberToObject(o, "aim", l->aim);
			cJSON_AddNumberToObject(o, "tolerance", l->tol);
		}
	}
}
