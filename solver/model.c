#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CPLEX LP names allow letters, digits and a few marks, and GLPK at most 255 characters:
 * anything else becomes '_' (ids cut at 80 characters) and the number is appended so that
 * two ids never collide after the change. */
static size_t model_clean(char *buf, const char *s, int *changed)
{
	size_t k = 0;
	for (; *s && k < 80; s++) {
		int ok = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			 (*s >= '0' && *s <= '9') || strchr("_.-#@", *s);
		buf[k++] = ok ? *s : '_';
		*changed |= !ok;
	}
	*changed |= *s != '\0';
	return k;
}

static void model_name(char buf[200], const char *prefix, const char *a, const char *b, int num)
{
	int changed = 0;
	size_t k = (size_t)snprintf(buf, 16, "%.8s(", prefix);
	k += model_clean(buf + k, a, &changed);
	if (b) {
		buf[k++] = ',';
		k += model_clean(buf + k, b, &changed);
	}
	if (changed)
		k += (size_t)snprintf(buf + k, 24, "~%d", num);
	snprintf(buf + k, 2, ")");
}

static int model_alloc(struct model *m, size_t nh)
{
	size_t ne = nh * m->nel + 1;
	m->heats = calloc(nh + 1, sizeof *m->heats);
	m->mass_row = calloc(nh + 1, sizeof *m->mass_row);
	m->elem_row = calloc(ne, sizeof *m->elem_row);
	m->avail_row = calloc(m->nm + 1, sizeof *m->avail_row);
	m->lo = malloc(ne * sizeof *m->lo);
	m->hi = malloc(ne * sizeof *m->hi);
	return (m->heats && m->mass_row && m->elem_row && m->avail_row && m->lo && m->hi) ? 0
											    : -1;
}

/* Rows of heat k: the tapped mass and one ranged row per limited element. */
static void model_heat_rows(struct model *m, size_t k)
{
	const struct heat *h = &m->p->heats->h[m->heats[k]];
	const struct grade *g = &m->p->grades->g[h->grade];
	char name[200];
	model_name(name, "mass", h->id, NULL, (int)k);
	int r = glp_add_rows(m->lp, 1);
	glp_set_row_name(m->lp, r, name);
	glp_set_row_bnds(m->lp, r, GLP_FX, h->mass_kg, h->mass_kg);
	m->mass_row[k] = r;
	for (size_t e = 0; e < m->nel; e++)
		m->lo[k * m->nel + e] = m->hi[k * m->nel + e] = NAN;
	for (size_t l = 0; l < g->nlim; l++) {
		double lo, hi;
		grade_internal(&g->lim[l], m->margin, &lo, &hi);
		size_t e = g->lim[l].e;
		m->lo[k * m->nel + e] = lo;
		m->hi[k * m->nel + e] = hi;
		if (isnan(lo) && isnan(hi))
			continue;
		r = glp_add_rows(m->lp, 1);
		model_name(name, rm_elem_symbol(m->p->els.z[e]), h->id, NULL, (int)k);
		glp_set_row_name(m->lp, r, name);
		double blo = isnan(lo) ? 0 : lo * h->mass_kg / 100;
		double bhi = isnan(hi) ? 0 : hi * h->mass_kg / 100;
		int type = isnan(lo) ? GLP_UP : isnan(hi) ? GLP_LO : (lo == hi ? GLP_FX : GLP_DB);
		glp_set_row_bnds(m->lp, r, type, blo, bhi);
		m->elem_row[k * m->nel + e] = r;
	}
}

static void model_avail_rows(struct model *m)
{
	char name[200];
	for (size_t i = 0; i < m->nm; i++) {
		const struct material *mt = &m->p->inv->m[i];
		if (isinf(mt->mass_kg))
			continue;
		int r = glp_add_rows(m->lp, 1);
		model_name(name, "avail", mt->id, NULL, (int)i);
		glp_set_row_name(m->lp, r, name);
		glp_set_row_bnds(m->lp, r, GLP_UP, 0, mt->mass_kg);
		m->avail_row[i] = r;
	}
}

/* Column x[i,k] and its coefficients: yield in the mass row, yield*c/100 in element rows. */
static void model_column(struct model *m, size_t k, size_t i, int *ind, double *val)
{
	const struct material *mt = &m->p->inv->m[i];
	const struct heat *h = &m->p->heats->h[m->heats[k]];
	int j = model_col(m, k, i);
	char name[200];
	model_name(name, "x", mt->id, h->id, j);
	glp_set_col_name(m->lp, j, name);
	glp_set_col_bnds(m->lp, j, GLP_LO, 0, 0);
	glp_set_obj_coef(m->lp, j, mt->price);
	int n = 0;
	ind[++n] = m->mass_row[k];
	val[n] = mt->yield;
	for (size_t e = 0; e < m->nel; e++) {
		int r = m->elem_row[k * m->nel + e];
		double c = inv_comp(mt, e);
		if (r && c != 0) {
			ind[++n] = r;
			val[n] = mt->yield * c / 100;
		}
	}
	if (m->avail_row[i]) {
		ind[++n] = m->avail_row[i];
		val[n] = 1;
	}
	glp_set_mat_col(m->lp, j, n, ind, val);
}

int model_build(struct model *m, const struct plant *p, const size_t *heats, size_t nh,
		double margin, struct rm_error *err)
{
	memset(m, 0, sizeof *m);
	m->p = p;
	m->nh = nh;
	m->nm = p->inv->n;
	m->nel = p->els.n;
	m->margin = margin;
	int *ind = malloc((m->nel + 3) * sizeof *ind);
	double *val = malloc((m->nel + 3) * sizeof *val);
	if (model_alloc(m, nh) < 0 || !ind || !val) {
		free(ind);
		free(val);
		model_free(m);
		return rm_error_set(err, NULL, 0, 0, "out of memory building the model");
	}
	memcpy(m->heats, heats, nh * sizeof *heats);
	m->lp = glp_create_prob();
	glp_set_prob_name(m->lp, "remelt");
	glp_set_obj_name(m->lp, "cost");
	glp_set_obj_dir(m->lp, GLP_MIN);
	for (size_t k = 0; k < nh; k++)
		model_heat_rows(m, k);
	model_avail_rows(m);
	glp_add_cols(m->lp, (int)(nh * m->nm));
	for (size_t k = 0; k < nh; k++)
		for (size_t i = 0; i < m->nm; i++)
			model_column(m, k, i, ind, val);
	free(ind);
	free(val);
	return 0;
}

void model_free(struct model *m)
{
	if (m->lp)
		glp_delete_prob(m->lp);
	free(m->heats);
	free(m->mass_row);
	free(m->elem_row);
	free(m->avail_row);
	free(m->lo);
	free(m->hi);
	memset(m, 0, sizeof *m);
}

int model_solve(struct model *m)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	glp_scale_prob(m->lp, GLP_SF_AUTO);
	glp_adv_basis(m->lp, 0);
	int rc = glp_simplex(m->lp, &parm);
	if (rc != 0 && rc != GLP_ENOPFS && rc != GLP_ENODFS)
		return -1;
	return glp_get_status(m->lp);
}

int model_write_lp(const struct model *m, const char *path, struct rm_error *err)
{
	if (glp_write_lp(m->lp, NULL, path) != 0)
		return rm_error_set(err, path, 0, 0, "cannot write the LP file");
	return 0;
}
