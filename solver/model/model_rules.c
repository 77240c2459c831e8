/* model_rules: the plant's material rules (material_rules.csv) and quarantined lots as rows of
 * the charge model, and the minimum charge a furnace asks of every material (min_charge_kg). Rows,
 * not column bounds: sifting, the chance rounds and pricing set column bounds of their own, and a
 * row holds whatever they do.
 *
 * For heat k of grade g and rule r of g (or of every grade), S the materials it matches,
 * x in kg charged (a whole-unit column times its unit):
 *     sum_{i in S} x[i,k] <= max_kg                        (0: S is not allowed)
 *     sum_{i in S} x[i,k] - max_share * sum_i x[i,k] <= 0
 *     sum_{i in S} x[i,k] - min_share * sum_i x[i,k] >= 0
 * and for a quarantined material i: sum_k x[i,k] <= 0. A rule that matches no material
 * adds no row, but a min_share over nothing then cannot hold: that heat gets the row
 * 0 >= ... that only an empty charge meets, so the plan says it is infeasible. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "model.h"

struct mrules {
	struct model *m;
	int *ind;
	double *val;
	char *in; /* [nm] material matches the rule */
};

static void mrules_row(struct mrules *s, const char *what, const char *heat, int n, int type,
                       double lo, double hi)
{
	char name[200];
	int r = glp_add_rows(s->m->lp, 1);
	snprintf(name, sizeof name, "%s(%.80s)~%d", what, heat, r);
	glp_set_row_name(s->m->lp, r, name);
	glp_set_row_bnds(s->m->lp, r, type, lo, hi);
	glp_set_mat_row(s->m->lp, r, n, s->ind, s->val);
}

/* sum_{i in S} x - share * sum_i x (share NAN: S alone), for heat k; the entry count. */
static int mrules_terms(struct mrules *s, size_t k, double share)
{
	int n = 0;
	for (size_t i = 0; i < s->m->nm; i++) {
		double a = (s->in[i] ? 1 : 0) - (isnan(share) ? 0 : share);
		if (a == 0)
			continue;
		s->ind[++n] = model_col(s->m, k, i);
		s->val[n] = a * model_unit(s->m, i);
	}
	return n;
}

static void mrules_heat(struct mrules *s, size_t k, const struct plant_rule *r)
{
	const struct plant *p = s->m->p;
	const char *heat = p->heats->h[s->m->heats[k]].id;
	size_t nin = 0;
	for (size_t i = 0; i < s->m->nm; i++)
		nin += (s->in[i] = plant_rule_match(r, &p->inv->m[i]));
	double most = r->max_kg;
	if (r->max_share == 0)
		most = 0;
	if (nin && !isnan(most))
		mrules_row(s, most == 0 ? "deny" : "maxkg", heat, mrules_terms(s, k, NAN), GLP_UP,
		           0, most);
	if (nin && r->max_share > 0 && r->max_share < 1)
		mrules_row(s, "maxshare", heat, mrules_terms(s, k, r->max_share), GLP_UP, 0, 0);
	if (r->min_share > 0)
		mrules_row(s, "minshare", heat, mrules_terms(s, k, r->min_share), GLP_LO, 0, 0);
}

static void mrules_quarantine(struct mrules *s)
{
	for (size_t i = 0; i < s->m->nm; i++) {
		const struct material *mt = &s->m->p->inv->m[i];
		if (!mt->quarantine)
			continue;
		for (size_t k = 0; k < s->m->nh; k++) {
			s->ind[k + 1] = model_col(s->m, k, i);
			s->val[k + 1] = 1;
		}
		mrules_row(s, "quarantine", mt->id, (int)s->m->nh, GLP_UP, 0, 0);
	}
}

bool model_denied(const struct model *m, size_t k, size_t i)
{
	const struct material *mt = &m->p->inv->m[i];
	const struct plant_rule_set *rs = m->p->rules;
	if (mt->quarantine)
		return true;
	for (size_t r = 0; rs && r < rs->n; r++)
		if ((rs->r[r].max_kg == 0 || rs->r[r].max_share == 0) &&
		    plant_rule_grade(&rs->r[r], m->p->heats->h[m->heats[k]].grade) &&
		    plant_rule_match(&rs->r[r], mt))
			return true;
	return false;
}

double model_min_kg(const struct model *m, size_t k, size_t i)
{
	const struct material *mt = &m->p->inv->m[i];
	const struct furnace *f = plant_furnace(m->p, m->heats[k]);
	if (mt->min_given || mt->unit_kg > 0 || !f)
		return mt->min_kg;
	return f->min_charge_kg;
}

bool model_min_out(const struct model *m, size_t k, size_t i)
{
	const struct material *mt = &m->p->inv->m[i];
	double big = fmin(mt->mass_kg, m->p->heats->h[m->heats[k]].mass_kg / mt->yield);
	return model_min_kg(m, k, i) > big;
}

int model_material_rules(struct model *m, struct rm_error *err)
{
	const struct plant_rule_set *rs = m->p->rules;
	size_t n = (m->nm > m->nh ? m->nm : m->nh) + 2;
	struct mrules s = {m, malloc(n * sizeof *s.ind), malloc(n * sizeof *s.val),
	                   calloc(m->nm + 1, 1)};
	if (!s.ind || !s.val || !s.in) {
		free(s.ind);
		free(s.val);
		free(s.in);
		model_free(m);
		return rm_error_set(err, NULL, 0, 0, "out of memory building the model");
	}
	for (size_t k = 0; rs && k < m->nh; k++)
		for (size_t r = 0; r < rs->n; r++)
			if (plant_rule_grade(&rs->r[r], m->p->heats->h[m->heats[k]].grade))
				mrules_heat(&s, k, &rs->r[r]);
	mrules_quarantine(&s);
	free(s.ind);
	free(s.val);
	free(s.in);
	return 0;
}
