#include "model.h"
#include "model_int.h"
#include "sift.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	m->blo = malloc(ne * sizeof *m->blo);
	m->bhi = malloc(ne * sizeof *m->bhi);
	m->bin_col = calloc(nh * m->nm + 1, sizeof *m->bin_col);
	return (m->heats && m->mass_row && m->elem_row && m->avail_row && m->lo && m->hi &&
	        m->blo && m->bhi && m->bin_col)
	           ? 0
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
	for (size_t e = 0; e < m->nel; e++) {
		size_t ke = k * m->nel + e;
		m->lo[ke] = m->hi[ke] = m->blo[ke] = m->bhi[ke] = NAN;
	}
	/* The grade applies to the bath (heel + tapped metal); the heel's own element mass is
	 * a constant, moved to the bounds (of a heel left by an earlier heat of the model,
	 * the part from the chain's first heel: model_seq.c). */
	double bath = plant_bath_kg(m->p, m->heats[k]);
	for (size_t l = 0; l < g->nlim; l++) {
		double lo, hi;
		grade_internal(&g->lim[l], m->opt.margin, &lo, &hi);
		size_t e = g->lim[l].e, ke = k * m->nel + e;
		double heel = model_heel_const(m, k, e);
		m->lo[ke] = lo;
		m->hi[ke] = hi;
		m->blo[ke] = lo * bath / 100 - heel;
		m->bhi[ke] = hi * bath / 100 - heel;
		if (isnan(lo) && isnan(hi))
			continue;
		r = glp_add_rows(m->lp, 1);
		model_name(name, rm_elem_symbol(m->p->els.z[e]), h->id, NULL, (int)k);
		glp_set_row_name(m->lp, r, name);
		double blo = isnan(lo) ? 0 : m->blo[ke];
		double bhi = isnan(hi) ? 0 : m->bhi[ke];
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

double model_coef(const struct model *m, size_t k, size_t i, size_t e)
{
	const struct material *mt = &m->p->inv->m[i];
	return mt->yield * inv_comp(mt, e) *
	       inv_rec(mt, e, furnace_rec(plant_furnace(m->p, m->heats[k]), e)) / 100;
}

double model_unit(const struct model *m, size_t i)
{
	double u = m->p->inv->m[i].unit_kg;
	return u > 0 ? u : 1;
}

/* Column x[i,k] and its coefficients: yield in the mass row, yield*c*recovery/100 in element
 * rows. A material charged in whole units has the unit count as its column (an integer),
 * every coefficient scaled by the unit mass. */
static void model_column(struct model *m, size_t k, size_t i, int *ind, double *val)
{
	const struct material *mt = &m->p->inv->m[i];
	const struct heat *h = &m->p->heats->h[m->heats[k]];
	int j = model_col(m, k, i);
	double u = model_unit(m, i);
	char name[200];
	model_name(name, mt->unit_kg > 0 ? "n" : "x", mt->id, h->id, j);
	glp_set_col_name(m->lp, j, name);
	glp_set_col_bnds(m->lp, j, GLP_LO, 0, 0);
	glp_set_obj_coef(m->lp, j, mt->price * u);
	if (mt->unit_kg > 0) {
		glp_set_col_kind(m->lp, j, GLP_IV);
		m->mip = true;
	}
	int n = 0;
	ind[++n] = m->mass_row[k];
	val[n] = mt->yield * u;
	/* Its own heat's element rows, and those of the later heats of its furnace's sequence
	 * that sit on what its bath leaves (model_seq.c). */
	for (size_t k2 = 0; k2 < m->nh; k2++) {
		double w = k2 == k ? 1 : m->nseq ? model_seq_w(m, k, k2) : 0;
		for (size_t e = 0; w != 0 && e < m->nel; e++) {
			int r = m->elem_row[k2 * m->nel + e];
			double a = model_coef(m, k, i, e);
			if (r && a != 0) {
				ind[++n] = r;
				val[n] = w * a * u;
			}
		}
	}
	if (m->avail_row[i]) {
		ind[++n] = m->avail_row[i];
		val[n] = u;
	}
	glp_set_mat_col(m->lp, j, n, ind, val);
}

/* Binary b[i,k] = "material i goes into heat k", where a minimum charge or the furnace's
 * material limit needs it: x <= M b with M the most x can be (its stock, or the heat's
 * mass over its yield), and x >= min_kg b. */
static void model_binary(struct model *m, size_t k, size_t i, int limit_row)
{
	const struct material *mt = &m->p->inv->m[i];
	const struct heat *h = &m->p->heats->h[m->heats[k]];
	double big = fmin(mt->mass_kg, h->mass_kg / mt->yield), u = model_unit(m, i);
	double mn = model_min_kg(m, k, i);
	if (model_min_out(m, k, i)) {
		/* "At least min_kg if at all" with less than min_kg on hand: not at all. */
		glp_set_col_bnds(m->lp, model_col(m, k, i), GLP_FX, 0, 0);
		return;
	}
	if (mn <= 0 && !limit_row)
		return;
	int b = glp_add_cols(m->lp, 1), j = model_col(m, k, i);
	char name[200];
	model_name(name, "b", mt->id, h->id, b);
	glp_set_col_name(m->lp, b, name);
	glp_set_col_kind(m->lp, b, GLP_BV);
	m->bin_col[k * m->nm + i] = b;
	m->mip = true;
	int ind[3] = {0, j, b};
	double val[3] = {0, u, -big};
	int r = glp_add_rows(m->lp, 1);
	model_name(name, "use", mt->id, h->id, r);
	glp_set_row_name(m->lp, r, name);
	glp_set_row_bnds(m->lp, r, GLP_UP, 0, 0);
	glp_set_mat_row(m->lp, r, 2, ind, val);
	if (mn > 0) {
		val[2] = -mn;
		r = glp_add_rows(m->lp, 1);
		model_name(name, "min", mt->id, h->id, r);
		glp_set_row_name(m->lp, r, name);
		glp_set_row_bnds(m->lp, r, GLP_LO, 0, 0);
		glp_set_mat_row(m->lp, r, 2, ind, val);
	}
	if (limit_row) {
		int len = glp_get_mat_row(m->lp, limit_row, NULL, NULL);
		int *li = malloc((size_t)(len + 2) * sizeof *li);
		double *lv = malloc((size_t)(len + 2) * sizeof *lv);
		if (li && lv) {
			glp_get_mat_row(m->lp, limit_row, li, lv);
			li[len + 1] = b;
			lv[len + 1] = 1;
			glp_set_mat_row(m->lp, limit_row, len + 1, li, lv);
		}
		free(li);
		free(lv);
	}
}

/* The practical rules of heat k: binaries, and at most max_materials of them. */
static void model_rules(struct model *m, size_t k)
{
	const struct furnace *f = plant_furnace(m->p, m->heats[k]);
	int limit_row = 0;
	if (f && f->max_materials > 0) {
		char name[200];
		limit_row = glp_add_rows(m->lp, 1);
		model_name(name, "count", m->p->heats->h[m->heats[k]].id, NULL, limit_row);
		glp_set_row_name(m->lp, limit_row, name);
		glp_set_row_bnds(m->lp, limit_row, GLP_UP, 0, (double)f->max_materials);
	}
	for (size_t i = 0; i < m->nm; i++)
		model_binary(m, k, i, limit_row);
}

struct model_opts model_opts_default(double margin)
{
	return (struct model_opts){.margin = margin, .time_limit_ms = MODEL_DEFAULT_TIME_LIMIT_MS};
}

int model_make(struct model *m, const struct plant *p, const size_t *heats, size_t nh,
               const struct model_opts *opt, bool stock_rows, struct rm_error *err)
{
	memset(m, 0, sizeof *m);
	m->p = p;
	m->nh = nh;
	m->nm = p->inv->n;
	m->nel = p->els.n;
	m->opt = *opt;
	m->relax_bound = m->lag_bound = NAN;
	int *ind = NULL;
	double *val = NULL;
	if (model_alloc(m, nh) == 0) {
		memcpy(m->heats, heats, nh * sizeof *heats);
		/* a column's entries: its heat's element rows and its sequence's later heats' */
		if (model_seq_init(m) == 0)
			ind = malloc((m->nel * m->seq_len + 3) * sizeof *ind);
		if (ind)
			val = malloc((m->nel * m->seq_len + 3) * sizeof *val);
	}
	if (!ind || !val) {
		free(ind);
		free(val);
		model_free(m);
		return rm_error_set(err, NULL, 0, 0, "out of memory building the model");
	}
	m->lp = glp_create_prob();
	glp_set_prob_name(m->lp, "remelt");
	glp_set_obj_name(m->lp, "cost");
	glp_set_obj_dir(m->lp, GLP_MIN);
	for (size_t k = 0; k < nh; k++)
		model_heat_rows(m, k);
	if (stock_rows)
		model_avail_rows(m);
	glp_add_cols(m->lp, (int)(nh * m->nm));
	for (size_t k = 0; k < nh; k++)
		for (size_t i = 0; i < m->nm; i++)
			model_column(m, k, i, ind, val);
	for (size_t k = 0; k < nh; k++)
		model_rules(m, k);
	free(ind);
	free(val);
	if (model_material_rules(m, err) < 0)
		return -1;
	m->ncol_base = glp_get_num_cols(m->lp);
	return 0;
}

int model_build(struct model *m, const struct plant *p, const size_t *heats, size_t nh,
                const struct model_opts *opt, struct rm_error *err)
{
	return model_make(m, p, heats, nh, opt, true, err);
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
	free(m->cut);
	for (size_t c = 0; c < m->ncone; c++)
		free(m->cone[c].ycol);
	free(m->cone);
	free(m->cone_of);
	free(m->blo);
	free(m->bhi);
	free(m->bin_col);
	free(m->heur_col);
	free(m->nw_dual);
	free(m->nw_mu);
	free(m->out);
	free(m->seq_prev);
	free(m->seq_r);
	model_ref_free(m->ref);
	memset(m, 0, sizeof *m);
}

void model_set_opts(struct model *m, const struct model_opts *opt)
{
	m->opt = *opt;
}

int model_with_it_lim(struct model *m, int it_lim)
{
	int old = m->opt.it_lim;
	m->opt.it_lim = it_lim;
	return old;
}

double model_with_deadline(struct model *m, double deadline)
{
	double old = m->opt.deadline;
	m->opt.deadline = deadline;
	return old;
}

bool model_with_split_cones(struct model *m, bool on)
{
	bool old = m->opt.split_cones;
	m->opt.split_cones = on;
	return old;
}

bool model_with_chance_sift(struct model *m, bool on)
{
	bool old = m->opt.chance_sift;
	m->opt.chance_sift = on;
	return old;
}

void model_start_clock(struct model *m)
{
	m->t_start = m->t_shown = plan_now();
}

void model_share_clock(struct model *s, const struct model *m)
{
	s->t_start = m->t_start;
	s->t_shown = m->t_shown;
}

static int imin(int a, int b)
{
	return a < b ? a : b;
}

int model_ms_left(const struct model *m)
{
	if (!(m->opt.deadline > 0))
		return INT_MAX;
	return (int)fmax(0, fmin((m->opt.deadline - plan_now()) * 1000, INT_MAX / 2));
}

bool model_past_deadline(const struct model *m)
{
	return m->opt.deadline > 0 && plan_now() >= m->opt.deadline;
}

bool model_stop(struct model *m, const char *phase, long step, double best, double bound)
{
	if (m->stopped || model_past_deadline(m))
		return true;
	if (!m->opt.progress)
		return false;
	double now = plan_now();
	if (now - m->t_shown < PLAN_PROGRESS_S)
		return false;
	m->t_shown = now;
	struct plan_progress pr = {
	    phase,
	    step,
	    best,
	    bound,
	    isnan(best) || isnan(bound) ? NAN : fabs(best - bound) / fmax(1e-9, fabs(best)),
	    now - m->t_start};
	if (m->opt.progress(m->opt.progress_info, &pr))
		m->stopped = true;
	return m->stopped;
}

/* What glp_intopt's callback needs: the model and its row generator, if any. */
struct model_tree {
	struct model *m;
	model_rowgen *gen;
	void *info;
	bool failed;
	bool stopped;  /* model_stop ended the search */
	bool first;    /* end the search at its first plan */
	bool offered;  /* m->heur_col went to GLPK */
	bool lag_done; /* a plan within the gap of m->lag_bound ended the search */
	bool pcost;    /* GLPK branches by pseudocosts (GLP_BR_PCH) */
	double t_end;  /* plan_now() by which the search ends (its tm_lim) */
	double eval_s; /* what one of GLPK's pseudocost trials costs (< 0: not measured) */
};

/* One of GLPK's pseudocost trials (glpios09.c, eval_degrad): a copy of the node's problem,
 * a dual simplex of at most 30 iterations from its basis, the copy freed. Timed once on a
 * copy that needs no iteration, and taken twice for the iterations. */
static double model_eval_cost(glp_prob *lp)
{
	double t0 = plan_now();
	glp_prob *c = glp_create_prob();
	glp_copy_prob(c, lp, GLP_OFF);
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.meth = GLP_DUAL;
	parm.it_lim = 30;
	glp_simplex(c, &parm);
	glp_delete_prob(c);
	return 2 * (plan_now() - t0);
}

/* Pseudocost branching first tries every fractional variable without a pseudocost both
 * ways, and GLPK does not look at the clock meanwhile: on the floor day under
 * --time-limit 1 that ran 0.27 s past the deadline. When the trials of this node may not
 * end in the time left, it branches on its most fractional variable instead (no trial). */
static void model_branch_in_time(glp_tree *tree, struct model_tree *t)
{
	glp_prob *lp = glp_ios_get_prob(tree);
	int n = glp_get_num_cols(lp), nfrac = 0, best = 0;
	double most = -1;
	for (int j = 1; j <= n; j++) {
		if (!glp_ios_can_branch(tree, j))
			continue;
		nfrac++;
		double v = glp_get_col_prim(lp, j), f = v - floor(v);
		if (fmin(f, 1 - f) > most) {
			most = fmin(f, 1 - f);
			best = j;
		}
	}
	if (!nfrac)
		return;
	if (t->eval_s < 0)
		t->eval_s = model_eval_cost(lp);
	if (t->t_end - plan_now() < 2.0 * nfrac * t->eval_s)
		glp_ios_branch_upon(tree, best, GLP_NO_BRNCH);
}

/* Keeps the gap of the best plan so far (what a time limit leaves us with) and lets the
 * row generator see every node's LP optimum. glp_ios_get_prob(tree) is m->lp itself (no
 * presolve), so the model reads the node's values as LP values. */
static void model_mip_cb(glp_tree *tree, void *info)
{
	struct model_tree *t = info;
	int why = glp_ios_reason(tree);
	if (why == GLP_IBINGO || why == GLP_ISELECT)
		t->m->mip_gap_found = glp_ios_mip_gap(tree);
	if (t->first && why == GLP_IBINGO) {
		glp_ios_terminate(tree);
		return;
	}
	/* The heats' bound (chance_lag.c) counts where it is the better one: a plan within
	 * the gap of it is proven. */
	if ((why == GLP_IBINGO || why == GLP_ISELECT) && isfinite(t->m->lag_bound) &&
	    glp_ios_mip_gap(tree) < DBL_MAX) {
		double inc = glp_mip_obj_val(glp_ios_get_prob(tree));
		double gap = fmax(0, (inc - t->m->lag_bound) / fmax(fabs(inc), 1e-9));
		t->m->mip_gap_found = fmin(t->m->mip_gap_found, gap);
		if (gap <= t->m->opt.mip_gap) {
			t->lag_done = t->m->lag_proven = true;
			glp_ios_terminate(tree);
			return;
		}
	}
	if (why == GLP_ISELECT || why == GLP_IBINGO || why == GLP_IROWGEN) {
		int a, n, tot, best = glp_ios_best_node(tree);
		glp_ios_tree_size(tree, &a, &n, &tot);
		double inc =
		    glp_ios_mip_gap(tree) < DBL_MAX ? glp_mip_obj_val(glp_ios_get_prob(tree)) : NAN;
		if (model_stop(t->m, "branch and bound", tot, inc,
		               best ? glp_ios_node_bound(tree, best) : NAN)) {
			t->stopped = true;
			glp_ios_terminate(tree);
			return;
		}
	}
	if (why == GLP_IBRANCH && t->pcost) {
		model_branch_in_time(tree, t);
		return;
	}
	/* The heuristic's plan, once: GLPK checks its whole units and keeps it as the
	 * incumbent when it is the best so far. */
	if (why == GLP_IHEUR && t->m->heur_col && !t->offered &&
	    glp_ios_get_prob(tree) == t->m->lp && glp_get_num_cols(t->m->lp) == t->m->heur_n) {
		t->offered = true;
		glp_ios_heur_sol(tree, t->m->heur_col);
	}
	if (why == GLP_IROWGEN && t->gen && glp_ios_get_prob(tree) == t->m->lp) {
		t->m->lp_values = true;
		long added = t->gen(t->m, tree, t->info);
		t->m->lp_values = false;
		if (added < 0) {
			t->failed = true;
			glp_ios_terminate(tree);
		}
	}
}

/* Branch and bound from the LP optimum (no presolve: the basis is already optimal). */
static int model_intopt(struct model *m, model_rowgen *gen, void *info, bool first)
{
	struct model_tree t = {m, gen, info, false, false, first, false, false, false, 0, -1};
	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	parm.mip_gap = m->opt.mip_gap;
	parm.tm_lim = m->opt.time_limit_ms > 0 ? imin(m->opt.time_limit_ms, model_ms_left(m))
	                                       : model_ms_left(m);
	if (parm.tm_lim <= 0)
		return MODEL_STOPPED;
	/* Gomory's mixed-integer cuts: 100 lots x 4 heats at confidence 0 proved in 0.2 s
	 * instead of 8.5 s (docs/benchmarks.md). */
	parm.mir_cuts = parm.cov_cuts = parm.clq_cuts = parm.gmi_cuts = GLP_ON;
	/* A heuristic's plan becomes the incumbent checked against GLPK's rows only, without
	 * the row generator: with one, only node solutions may become plans. */
	parm.fp_heur = gen ? GLP_OFF : GLP_ON;
	if (gen)
		parm.sr_heur = GLP_OFF;
	/* Lazy rows make every node cost several LPs: pseudocosts, which pick branches that
	 * move the bound, proved the chance furnace day in 48 s where Driebeck-Tomlin left a
	 * 0.05% gap at 60 s (docs/uncertainty.md). Without lazy rows Driebeck-Tomlin: with
	 * pseudocosts the furnace day at confidence 0 took 17 s instead of 2 s (2026-11-29). */
	parm.br_tech = gen ? GLP_BR_PCH : GLP_BR_DTH;
	t.pcost = parm.br_tech == GLP_BR_PCH;
	t.t_end = plan_now() + parm.tm_lim / 1000.0;
	parm.bt_tech = first ? GLP_BT_DFS : GLP_BT_BLB;
	parm.cb_func = model_mip_cb;
	parm.cb_info = &t;
	/* Wall time, as GLPK's tm_lim counts it. */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = glp_intopt(m->lp, &parm);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	m->mip_time_s += (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
	m->lp_values = false;
	/* Stopped by the deadline or the progress hook: as GLPK's own time limit. */
	if (t.stopped && rc == GLP_ESTOP)
		rc = GLP_ETMLIM;
	if (first && rc == GLP_ESTOP)
		rc = 0;
	/* Proven against the heats' bound: as stopped within the gap. */
	if (t.lag_done && rc == GLP_ESTOP)
		rc = GLP_EMIPGAP;
	if (t.failed || (rc != 0 && rc != GLP_ETMLIM && rc != GLP_EMIPGAP && rc != GLP_ENOPFS &&
	                 rc != GLP_ENODFS)) {
		return -1;
	}
	m->mip_time_limit_hit |= rc == GLP_ETMLIM;
	if (rc == 0)
		m->mip_gap_found = 0;
	/* Stopped within the gap asked for: the last gap the callback saw may predate the
	 * final improvement. */
	if (rc == GLP_EMIPGAP)
		m->mip_gap_found = fmin(m->mip_gap_found, m->opt.mip_gap);
	int st = glp_mip_status(m->lp);
	/* Out of time before any whole-unit plan was found: no plan, and nothing proven. */
	if (st == GLP_UNDEF)
		return rc == GLP_ETMLIM ? MODEL_STOPPED : GLP_NOFEAS;
	/* Within the gap asked for counts as solved; GLP_FEAS then means the time ran out. */
	return (st == GLP_FEAS && rc != GLP_ETMLIM) ? GLP_OPT : st;
}

/* The simplex; then, for a MIP when branch is set, branch and bound without lazy rows. */
static int model_simplex(struct model *m, int meth, bool branch)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.meth = meth;
	if (m->opt.it_lim > 0)
		parm.it_lim = m->opt.it_lim;
	if ((parm.tm_lim = model_ms_left(m)) <= 0)
		return MODEL_STOPPED;
	m->lp_values = true;
	int rc = glp_simplex(m->lp, &parm);
	/* The dual simplex can fail numerically on dense cut rows (a furnace sequence's cones
	 * span several heats' columns: 200 lots x 10 heats in 3 furnaces failed after 40
	 * rounds): once more from a fresh scaling and basis, by the primal. */
	if (rc == GLP_EFAIL || rc == GLP_ESING || rc == GLP_ECOND) {
		model_scale(m);
		glp_adv_basis(m->lp, 0);
		parm.meth = GLP_PRIMAL;
		if ((parm.tm_lim = model_ms_left(m)) <= 0)
			return MODEL_STOPPED;
		rc = glp_simplex(m->lp, &parm);
	}
	if (rc == GLP_ETMLIM)
		return MODEL_STOPPED;
	if (rc != 0 && rc != GLP_ENOPFS && rc != GLP_ENODFS) {
		return -1;
	}
	int st = glp_get_status(m->lp);
	return (st == GLP_OPT && m->mip && branch) ? model_intopt(m, NULL, NULL, false) : st;
}

static int model_from_scratch(struct model *m, bool branch)
{
	/* A big LP goes faster by sifting (solver/model/sift.c), to the same optimal basis. */
	m->lp_values = true;
	int st = sift_solve(m);
	if (st != SIFT_NOT_DONE)
		return st;
	/* Sifting stopped by the deadline: scaling and a starting basis for the whole problem
	 * are not bounded by it (10,000 lots x 50 heats at --time-limit 60 ended after 69 s). */
	if (model_past_deadline(m))
		return MODEL_STOPPED;
	model_scale(m);
	glp_adv_basis(m->lp, 0);
	return model_simplex(m, GLP_PRIMAL, branch);
}

int model_solve(struct model *m)
{
	return model_from_scratch(m, true);
}

int model_resolve(struct model *m)
{
	return model_simplex(m, GLP_DUALP, true);
}

int model_solve_lp(struct model *m)
{
	return model_from_scratch(m, false);
}

int model_resolve_lp(struct model *m)
{
	return model_simplex(m, GLP_DUALP, false);
}

int model_resolve_primal(struct model *m)
{
	return model_simplex(m, GLP_PRIMAL, false);
}

int model_branch(struct model *m, model_rowgen *gen, void *info)
{
	return model_intopt(m, gen, info, false);
}

int model_branch_first(struct model *m)
{
	return model_intopt(m, NULL, NULL, true);
}

int model_heur_plan(struct model *m)
{
	double obj = m->heur_obj, bound = m->relax_bound;
	if (isfinite(m->lag_bound) && !(bound >= m->lag_bound))
		bound = m->lag_bound;
	m->heur_plan = true;
	/* not chance_newton's plan: its multipliers, kept as a warm start, do not belong to it */
	free(m->nw_dual);
	free(m->nw_mu);
	m->nw_dual = m->nw_mu = NULL;
	m->nw_nrow = 0;
	m->mip_time_limit_hit = true;
	m->mip_gap_found = isfinite(bound) ? fmax(0, (obj - bound) / fmax(fabs(obj), 1e-9)) : NAN;
	return GLP_FEAS;
}

int model_lag_plan(struct model *m)
{
	double obj = m->heur_obj;
	m->heur_plan = true;
	m->lag_proven = true;
	m->mip_gap_found = fmax(0, (obj - m->lag_bound) / fmax(fabs(obj), 1e-9));
	return GLP_OPT;
}

double model_obj(const struct model *m)
{
	if (m->heur_plan)
		return m->heur_obj;
	return m->mip && !m->lp_values ? glp_mip_obj_val(m->lp) : glp_get_obj_val(m->lp);
}

double model_colval(const struct model *m, int j)
{
	if (m->heur_plan)
		return j <= m->heur_n ? m->heur_col[j] : 0;
	return m->mip && !m->lp_values ? glp_mip_col_val(m->lp, j) : glp_get_col_prim(m->lp, j);
}

double model_rowval(const struct model *m, int r)
{
	return m->mip && !m->lp_values ? glp_mip_row_val(m->lp, r) : glp_get_row_prim(m->lp, r);
}

double model_x(const struct model *m, size_t k, size_t i)
{
	return model_colval(m, model_col(m, k, i)) * model_unit(m, i);
}

int model_write_lp(const struct model *m, const char *path, struct rm_error *err)
{
	if (glp_write_lp(m->lp, NULL, path) != 0)
		return rm_error_set(err, path, 0, 0, "cannot write the LP file");
	return 0;
}
