/* plan_warm: the day's model kept after its solve, re-solved warm after a what-if (the TUI's).
 *
 * A cold plan_solve builds the model and finds its chance cuts from nothing (500 lots x 10
 * heats at 0.95: 5 to 10 s). After an edit of prices, stocks or limits the model is the same
 * but for its objective and the bounds of some rows: the stock rows, the heats' mass rows,
 * and every row that carries an element limit (the element rows, the limit's tangent cuts,
 * and the cone rows side.(a.x) + z t <= side.lim of chance_cone.c). The tangents themselves
 * depend only on compositions and sds, so they stay valid for every x: the re-solve sets
 * the new numbers, re-optimises from the basis on screen (dual simplex), and lets the
 * chance rounds, sifting included, add the few cuts and columns the new point needs, on
 * the scaling the model has (a cold solve rescales every round). The optimum is the cold
 * solve's, to the cuts' tolerance.
 *
 * Anything else (a composition, sd, yield or recovery, a grade change, quarantine, rules,
 * a heel, a limit added or removed, other options) changes the matrix or the rows: such a
 * re-solve is cold, and so is a MIP (whole units, minimums) or a day with furnace sequences,
 * which keep no model. What the model reads from the plant besides those numbers is hashed
 * at each solve: the re-solve is warm only when that hash is the same. */
#include <math.h>
#include <stdlib.h>

#include "chance/chance.h"
#include "diagnose/diag.h"
#include "model/model.h"
#include "plan.h"
#include "plan_warm_int.h"
#include "rm_hash.h"

struct plan_warm {
	struct model m;     /* m.lp NULL: none kept, the next re-solve is cold */
	struct rm_hash sig; /* what m was built from, but prices, stocks, masses, limits */
	bool warm;          /* the last solve was warm */
};

static void sig_num(struct rm_hash *h, double v)
{
	rm_hash_add(h, &v, sizeof v);
}

/* Heat k's internal limit of element e (NAN none) and its row bounds, kg from the charge,
 * as model_heat_rows makes them. */
static void warm_limit(const struct model *m, size_t k, size_t e, double *lo, double *hi,
                       double *blo, double *bhi)
{
	const struct heat *h = &m->p->heats->h[m->heats[k]];
	const struct grade *g = &m->p->grades->g[h->grade];
	*lo = *hi = *blo = *bhi = NAN;
	double bath = plant_bath_kg(m->p, m->heats[k]);
	for (size_t l = 0; l < g->nlim; l++) {
		if (g->lim[l].e != e)
			continue;
		grade_internal(&g->lim[l], m->opt.margin, lo, hi);
		double heel = model_heel_const(m, k, e);
		*blo = *lo * bath / 100 - heel;
		*bhi = *hi * bath / 100 - heel;
	}
}

/* Everything the model reads from p and o but the numbers a warm re-solve sets. */
static int warm_sig(const struct model *m, const struct plant *p, const struct plan_opts *o,
                    struct rm_hash *h)
{
	rm_hash_init(h);
	size_t dims[3] = {p->inv->n, p->heats->n, p->els.n};
	rm_hash_add(h, dims, sizeof dims);
	sig_num(h, o->margin);
	sig_num(h, o->confidence);
	sig_num(h, o->as_analyzed);
	const struct plant_rule_set *rs = p->rules;
	sig_num(h, rs ? (double)rs->n : -1);
	for (size_t i = 0; i < m->nm; i++) {
		const struct material *mt = &p->inv->m[i];
		double v[] = {mt->yield,     mt->unit_kg,    mt->min_kg,
		              mt->min_given, mt->quarantine, isinf(mt->mass_kg)};
		rm_hash_add(h, v, sizeof v);
		for (size_t r = 0; rs && r < rs->n; r++)
			sig_num(h, plant_rule_match(&rs->r[r], mt));
	}
	double *s = chance_s_table(m, o->as_analyzed);
	if (!s)
		return -1;
	rm_hash_add(h, s, m->nh * m->nm * m->nel * sizeof *s);
	free(s);
	for (size_t k = 0; k < m->nh; k++) {
		const struct heat *ht = &p->heats->h[k];
		const struct furnace *f = plant_furnace(p, k);
		double v[] = {(double)ht->grade, (double)ht->furnace, ht->heel_kg, (double)ht->seq,
		              f ? (double)f->max_materials : -1};
		rm_hash_add(h, v, sizeof v);
		for (size_t r = 0; rs && r < rs->n; r++)
			sig_num(h, plant_rule_grade(&rs->r[r], ht->grade));
		for (size_t e = 0; e < m->nel; e++) {
			double lo, hi, blo, bhi;
			warm_limit(m, k, e, &lo, &hi, &blo, &bhi);
			sig_num(h, isnan(lo));
			sig_num(h, isnan(hi));
			sig_num(h, model_heel_const(m, k, e));
		}
		for (size_t i = 0; i < m->nm; i++) {
			sig_num(h, model_denied(m, k, i));
			sig_num(h, model_min_kg(m, k, i));
			/* fixed at 0 without a binary: it reads the stock and the heat's mass,
			 * which the warm path otherwise only sets as bounds */
			sig_num(h, model_min_out(m, k, i));
			for (size_t e = 0; e < m->nel; e++)
				sig_num(h, model_coef(m, k, i, e));
		}
	}
	return 0;
}

/* The plant's prices, stocks, heat masses and limits into m's objective and row bounds. */
static void warm_set(struct model *m)
{
	const struct plant *p = m->p;
	for (size_t k = 0; k < m->nh; k++) {
		double kg = p->heats->h[m->heats[k]].mass_kg;
		model_row_bounds(m, m->mass_row[k], GLP_FX, kg, kg);
		for (size_t e = 0; e < m->nel; e++) {
			size_t ke = k * m->nel + e;
			warm_limit(m, k, e, &m->lo[ke], &m->hi[ke], &m->blo[ke], &m->bhi[ke]);
			int r = m->elem_row[ke];
			if (!r)
				continue;
			double lo = m->lo[ke], hi = m->hi[ke];
			int type = isnan(lo)   ? GLP_UP
			           : isnan(hi) ? GLP_LO
			                       : (lo == hi ? GLP_FX : GLP_DB);
			model_row_bounds(m, r, type, isnan(lo) ? 0 : m->blo[ke],
			                 isnan(hi) ? 0 : m->bhi[ke]);
		}
		for (size_t i = 0; i < m->nm; i++)
			glp_set_obj_coef(m->lp, model_col(m, k, i),
			                 p->inv->m[i].price * model_unit(m, i));
	}
	for (size_t i = 0; i < m->nm; i++)
		if (m->avail_row[i])
			model_row_bounds(m, m->avail_row[i], GLP_UP, 0, p->inv->m[i].mass_kg);
	for (size_t c = 0; c < m->ncut; c++) {
		const struct model_cut *ct = &m->cut[c];
		if (ct->piece) /* a piece's tangent: y_i against x_i and t, no limit */
			continue;
		size_t ke = ct->k * m->nel + ct->e;
		double lim = ct->side > 0 ? m->bhi[ke] : m->blo[ke];
		model_row_bounds(m, ct->row, ct->side > 0 ? GLP_UP : GLP_LO, lim, lim);
	}
	for (size_t c = 0; c < m->ncone; c++) {
		const struct model_cone *cn = &m->cone[c];
		size_t ke = cn->k * m->nel + cn->e;
		double lim = cn->side > 0 ? m->bhi[ke] : m->blo[ke];
		model_row_bounds(m, cn->r0, GLP_UP, cn->side * lim, cn->side * lim);
	}
}

/* A cold solve that keeps its model when it can. */
static int warm_cold(struct plan_warm *w, const struct plant *p, const struct plan_opts *o,
                     struct plan **out, struct rm_error *err)
{
	if (w->m.lp)
		model_free(&w->m);
	w->warm = false;
	if (plan_solve_keep(p, o, out, &w->m, err) < 0)
		return -1;
	if (w->m.lp && warm_sig(&w->m, p, o, &w->sig) < 0)
		model_free(&w->m); /* out of memory: no model kept, the plan stands */
	return 0;
}

int plan_warm_open(const struct plant *p, const struct plan_opts *o, struct plan_warm **w,
                   struct plan **out, struct rm_error *err)
{
	rm_error_clear(err);
	if (!(*w = calloc(1, sizeof **w)))
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	if (warm_cold(*w, p, o, out, err) < 0) {
		plan_warm_free(*w);
		*w = NULL;
		return -1;
	}
	return 0;
}

/* The warm re-solve of w->m, its numbers set from p; 1 when it cannot be (the caller goes
 * cold), else as plan_solve. */
static int warm_resolve(struct plan_warm *w, const struct plant *p, const struct plan_opts *o,
                        struct plan **out, struct rm_error *err)
{
	struct model *m = &w->m;
	if (!p->heats || p->heats->n != m->nh || p->inv->n != m->nm || p->els.n != m->nel)
		return 1;
	m->p = p;
	struct model_opts mo = m->opt;
	mo.margin = o->margin;
	model_set_opts(m, &mo);
	struct rm_hash sig;
	if (warm_sig(m, p, o, &sig) < 0 || sig.hi != w->sig.hi || sig.lo != w->sig.lo)
		return 1;
	struct plan *pl = plan_alloc(p, o);
	if (!pl)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	warm_set(m);
	/* what the last solve left: its deadline, stop and clock */
	mo = m->opt;
	mo.deadline = 0;
	m->stopped = m->rounds_out = false;
	double deadline = solve_deadline(o);
	solve_model_opts(&mo, o, deadline);
	/* The rounds keep the model's scaling: rescaling every round was two thirds of a
	 * warm re-solve's time, for the same rounds (chance_sift.c, chsift_scale). */
	mo.keep_scale = true;
	model_set_opts(m, &mo);
	solve_default_deadline(m, o, deadline);
	model_start_clock(m);
	int term = glp_term_out(GLP_OFF); /* and back as it was: see plan_solve */
	int st = model_resolve_chance(m, o->confidence, o->as_analyzed, err);
	int rc = 0;
	if (st < 0 && st != MODEL_STOPPED)
		rc = 1; /* the dual simplex failed from this basis: cold */
	if (!rc)
		rc = solve_model_read(m, o, st, pl, err);
	if (!rc)
		rc = solve_plan_risk(p, o, deadline, pl, err);
	if (!rc && pl->status == PLAN_INFEASIBLE)
		rc = solve_diagnose(p, o, pl, deadline, err);
	glp_term_out(term);
	if (rc) {
		plan_free(pl);
		return rc;
	}
	w->warm = true;
	*out = pl;
	return 0;
}

int plan_warm_resolve(struct plan_warm *w, const struct plant *p, const struct plan_opts *o,
                      struct plan **out, struct rm_error *err)
{
	rm_error_clear(err);
	if (!p->heats)
		return rm_error_set(err, NULL, 0, 0, "no heats to plan");
	if (w->m.lp) {
		int rc = warm_resolve(w, p, o, out, err);
		if (rc <= 0)
			return rc;
		rm_error_clear(err);
	}
	return warm_cold(w, p, o, out, err);
}

bool plan_warm_was_warm(const struct plan_warm *w)
{
	return w && w->warm;
}

void plan_warm_free(struct plan_warm *w)
{
	if (!w)
		return;
	if (w->m.lp)
		model_free(&w->m);
	free(w);
}
