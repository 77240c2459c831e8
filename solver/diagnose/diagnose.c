/* Why no plan, and what would fix it.
 *
 * Each heat is first tried alone with the whole inventory (in a furnace sequence, with the
 * heats before it, on whose bath it sits): the heats that cannot be made even so are the
 * impossible ones; the others are planned (solver/diagnose/partial.c). For every
 * heat left without a charge the diagnosis says why (enum plan_cause) and, by cause:
 *   material rules: a minimal set of the rules without which the heat can be made;
 *   quarantine:  a minimal set of the quarantined lots with which it can be made;
 *   limits:      each limit that fails with the grade's other limits kept and the best value
 *                its element reaches; a minimal set of limits that conflict; the charge
 *                that misses the limits least (solver/diagnose/elastic.c);
 *   any cause:   the least extra stock of each material that would make the heat together
 *                with the planned ones (solver/diagnose/fix.c).
 * The limits are the internal ones in force; the LPs of the first group take element values
 * as exact (the metallurgist's picture), the feasibility tests and fixes use the plan's
 * chance constraints when it has them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "plan_warm_int.h"

bool diag_late(struct diag_ctx *cx)
{
	bool late = cx->deadline > 0 && plan_now() >= cx->deadline;
	cx->hit |= late;
	return late;
}

struct model_opts diag_model_opts(const struct diag_ctx *cx, double margin)
{
	struct model_opts mo = model_opts_default(margin);
	if (cx->deadline > 0)
		mo.deadline = cx->deadline;
	return mo;
}

struct model_opts diag_solve_opts(const struct diag_ctx *cx, double margin)
{
	struct model_opts mo = model_opts_default(margin);
	solve_model_opts(&mo, cx->o, cx->deadline);
	mo.progress = NULL; /* the hook follows the day's solve, whose clock it shows */
	mo.progress_info = NULL;
	return mo;
}

double diag_mip_ms(const struct diag_ctx *cx, double most_ms)
{
	double left = (cx->t_end - plan_now()) * 1000;
	return fmax(0, fmin(most_ms, left));
}

void diag_mip_limits(const struct diag_ctx *cx, struct model *m, bool first_found)
{
	if (!m->mip)
		return;
	struct model_opts o = m->opt;
	o.time_limit_ms = (int)diag_mip_ms(cx, DIAG_MIP_TIME_MS);
	if (first_found)
		o.mip_gap = 1e9; /* any charge answers "can it be made": stop at the first */
	model_set_opts(m, &o);
}

int diag_solve(struct diag_ctx *cx, struct model *m, const struct plan *pl, bool warm,
               struct rm_error *err)
{
	cx->cut = false;
	if (m->mip && m->opt.time_limit_ms <= 0) {
		cx->hit = cx->cut = true; /* the budget is spent: no search, no charge found */
		return GLP_NOFEAS;
	}
	struct model_opts o = m->opt;
	o.deadline = cx->deadline;
	model_set_opts(m, &o);
	if (!warm || pl->confidence > 0 || m->mip) {
		int st = model_solve_chance(m, pl->confidence, pl->as_analyzed, err);
		cx->hit |= (m->mip && m->mip_time_limit_hit) || st == MODEL_STOPPED;
		/* Out of time: no charge found, and the plan says the diagnosis was cut short. */
		cx->cut = st == MODEL_STOPPED;
		return st == MODEL_STOPPED ? GLP_NOFEAS : st;
	}
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	int rc = glp_simplex(m->lp, &parm);
	if (rc != 0 && rc != GLP_ENOPFS && rc != GLP_ENODFS)
		return model_solve(m); /* the old basis did not survive the change */
	return glp_get_status(m->lp);
}

bool diag_found(int st)
{
	return st == GLP_OPT || st == GLP_FEAS; /* FEAS: branch and bound ran out of time */
}

double diag_obj(const struct model *m)
{
	return model_obj(m);
}

double diag_scale(double limit, int side)
{
	double s = side > 0 ? limit : fmin(limit, 100 - limit);
	return fmax(s, DIAG_SCALE_MIN);
}

/* Best wt% of element e reachable in the one-heat model m with that one limit of e dropped
 * (the other side of e's window is kept): lowest when side > 0 (a maximum fails), highest
 * when side < 0. Values exact, practical rules relaxed. NAN when the other limits cannot be
 * met either. Row bounds are kg of element from the charge, affine in wt% of the bath. */
static double diag_reach(struct model *m, size_t e, int side)
{
	double blo = m->blo[e], bhi = m->bhi[e], mine = side > 0 ? bhi : blo;
	double lim = side > 0 ? m->hi[e] : m->lo[e], other = side > 0 ? m->lo[e] : m->hi[e];
	model_row_bounds(m, m->elem_row[e],
	                 isnan(other) ? GLP_FR
	                 : side > 0   ? GLP_LO
	                              : GLP_UP,
	                 side > 0 && !isnan(other) ? blo : 0, side < 0 && !isnan(other) ? bhi : 0);
	glp_set_obj_dir(m->lp, side > 0 ? GLP_MIN : GLP_MAX);
	for (int j = 1; j <= glp_get_num_cols(m->lp); j++)
		glp_set_obj_coef(m->lp, j, 0);
	for (size_t i = 0; i < m->nm; i++)
		glp_set_obj_coef(m->lp, model_col(m, 0, i),
		                 model_coef(m, 0, i, e) * model_unit(m, i));
	m->mip = false;
	int st = model_solve(m);
	double bath = plant_bath_kg(m->p, m->heats[0]);
	return st == GLP_OPT ? lim + (glp_get_obj_val(m->lp) - mine) * 100 / bath : NAN;
}

/* Fills ph->diag: every limit that fails with the others kept, and how close it gets (the
 * limits not reached by the deadline are left out). */
static int diag_limits(struct diag_ctx *cx, const struct plant *p, struct plan_heat *ph,
                       struct rm_error *err)
{
	for (size_t e = 0; e < p->els.n; e++) {
		for (int side = -1; side <= 1; side += 2) {
			double lim = side < 0 ? ph->lo[e] : ph->hi[e];
			if (isnan(lim) || diag_late(cx))
				continue;
			struct model m;
			struct model_opts mo = diag_model_opts(cx, cx->o->margin);
			if (model_build(&m, p, &ph->heat, 1, &mo, err) < 0)
				return -1;
			double best = diag_reach(&m, e, side);
			model_free(&m);
			/* Reaching the limit to within solver tolerance is not a failure. */
			double tol = 1e-7 * fmax(1.0, fabs(lim));
			if (!isnan(best) && (side > 0 ? best > lim + tol : best < lim - tol))
				ph->diag[ph->ndiag++] = (struct plan_diag){e, side, lim, best};
		}
	}
	return 0;
}

/* Whether the whole inventory holds less metal than the heat taps (no limit involved). */
static bool diag_metal_short(const struct plant *p, size_t h)
{
	double metal = 0;
	for (size_t i = 0; i < p->inv->n; i++) {
		const struct material *m = &p->inv->m[i];
		if (isinf(m->mass_kg))
			return false;
		metal += m->yield * m->mass_kg;
	}
	return metal < p->heats->h[h].mass_kg * (1 - 1e-9);
}

/* A view of p whose material rules are those with keep[r] set; the rules array is the
 * caller's (room for p->rules->n). */
static struct plant diag_rules_view(const struct plant *p, const bool *keep,
                                    struct plant_rule_set *rs)
{
	struct plant view = *p;
	struct plant_rule *r = rs->r;
	*rs = *p->rules;
	rs->r = r;
	rs->n = 0;
	for (size_t k = 0; k < p->rules->n; k++)
		if (keep[k])
			rs->r[rs->n++] = p->rules->r[k];
	view.rules = rs;
	return view;
}

/* How a heat is tried alone: under the plan's options, with the analyses taken as exact,
 * or exact with the practical rules relaxed as well. */
enum diag_mode { DIAG_AS_PLANNED, DIAG_EXACT, DIAG_RELAXED };

/* Heat h and the heats before it in its furnace's sequence (heats.csv sequence), first to
 * last, into out (room for p->heats->n + 1); returns how many, h last. A heat without a
 * sequence, or the first of its furnace, is alone. */
static size_t diag_chain(const struct plant *p, size_t h, size_t *out)
{
	size_t n = 0;
	for (long c = (long)h; c >= 0 && n <= p->heats->n; c = heat_prev(p->heats, (size_t)c))
		out[n++] = (size_t)c;
	for (size_t a = 0; a < n / 2; a++) { /* nearest first: turn it round */
		size_t t = out[a];
		out[a] = out[n - 1 - a];
		out[n - 1 - a] = t;
	}
	return n;
}

/* Whether heats[0..n) can be made together with the whole inventory, tried as mode says. */
static int diag_try(struct diag_ctx *cx, const struct plant *p, const struct plan *pl,
                    const size_t *heats, size_t n, enum diag_mode mode, bool *ok,
                    struct rm_error *err)
{
	struct model m;
	struct plan exact_pl = {.margin = pl->margin};
	struct model_opts mo = diag_solve_opts(cx, pl->margin);
	if (model_build(&m, p, heats, n, &mo, err) < 0)
		return -1;
	if (mode == DIAG_RELAXED)
		m.mip = false;
	diag_mip_limits(cx, &m, true);
	int st = diag_solve(cx, &m, mode == DIAG_AS_PLANNED ? pl : &exact_pl, false, err);
	model_free(&m);
	*ok = diag_found(st);
	return st < 0 ? -1 : 0;
}

/* Whether heat h can be made alone with the whole inventory, tried as mode says. In a
 * furnace sequence it sits on the bath its predecessors leave, so they are made with it
 * (diag_chain): a heat is never tried on a heel it will not have. */
static int diag_alone(struct diag_ctx *cx, const struct plant *p, const struct plan *pl, size_t h,
                      enum diag_mode mode, bool *ok, struct rm_error *err)
{
	size_t *chain = malloc((p->heats->n + 1) * sizeof *chain);
	if (!chain)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	int rc = diag_try(cx, p, pl, chain, diag_chain(p, h, chain), mode, ok, err);
	free(chain);
	return rc;
}

/* A view of p in which the quarantined lots with release[i] set are released (release
 * NULL: none), and every material's stock is unlimited when `unlimited`; the inventory and
 * its materials are copied into inv and mats (room for p->inv->n), their arrays shared. */
static struct plant diag_stock_view(const struct plant *p, const bool *release, bool unlimited,
                                    struct inventory *inv, struct material *mats)
{
	struct plant view = *p;
	*inv = *p->inv;
	for (size_t i = 0; i < p->inv->n; i++) {
		mats[i] = p->inv->m[i];
		if (release && release[i])
			mats[i].quarantine = false;
		if (unlimited)
			mats[i].mass_kg = INFINITY;
	}
	inv->m = mats;
	view.inv = inv;
	return view;
}

/* Whether heat h can be made under the plan's options with the quarantined lots in
 * release[] released. */
static int diag_released(struct diag_ctx *cx, const struct plant *p, const struct plan *pl,
                         size_t h, const bool *release, bool *ok, struct rm_error *err)
{
	struct material *mats = malloc((p->inv->n + 1) * sizeof *mats);
	if (!mats)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	struct inventory inv;
	struct plant view = diag_stock_view(p, release, false, &inv, mats);
	int rc = diag_alone(cx, &view, pl, h, DIAG_AS_PLANNED, ok, err);
	free(mats);
	return rc;
}

/* Heat h, impossible as planned, can be made with every quarantined lot released
 * (diag_cause found so): a minimal set of them (deletion filter: all released, then each
 * kept back in turn and left so when the heat can still be made) into out, and their count
 * into n. A try the diagnosis's time cut short counts as "cannot": the lot stays in the set,
 * which is then larger than need be but still makes the heat (never empty; the plan says
 * its diagnosis was cut short). */
static int diag_quarantine(struct diag_ctx *cx, const struct plant *p, const struct plan *pl,
                           size_t h, size_t *out, size_t *n, struct rm_error *err)
{
	*n = 0;
	bool *release = calloc(p->inv->n + 1, sizeof *release);
	if (!release)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < p->inv->n; i++)
		release[i] = p->inv->m[i].quarantine;
	int rc = 0;
	for (size_t i = 0; !rc && i < p->inv->n; i++) {
		if (!release[i])
			continue;
		release[i] = false;
		bool still = false; /* past the deadline, untried: it stays in the set */
		rc = diag_late(cx) ? 0 : diag_released(cx, p, pl, h, release, &still, err);
		if (!still) {
			release[i] = true; /* needed: one of the set */
			out[(*n)++] = i;
		}
	}
	free(release);
	return rc;
}

/* Whether heats[0..n) can be made together with every material's stock unlimited. */
static int diag_unlimited(struct diag_ctx *cx, const struct plant *p, const struct plan *pl,
                          const size_t *heats, size_t n, bool *ok, struct rm_error *err)
{
	struct material *mats = malloc((p->inv->n + 1) * sizeof *mats);
	if (!mats)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	struct inventory inv;
	struct plant view = diag_stock_view(p, NULL, true, &inv, mats);
	int rc = diag_try(cx, &view, pl, heats, n, DIAG_AS_PLANNED, ok, err);
	free(mats);
	return rc;
}

/* In a furnace sequence: whether heat h, impossible on the bath its predecessors leave, is
 * so because they cannot be made (PREDECESSOR) or because of that bath, on which it cannot
 * be made however they are charged, even from unlimited stock, though it can on the
 * furnace's own heel (HEEL); SHARED when unlimited stock would make them all (the chain's
 * heats need more of the lots than there is: the bath itself is no obstacle); NONE
 * otherwise. */
static int diag_seq_cause(struct diag_ctx *cx, const struct plant *p, const struct plan *pl,
                          size_t h, enum plan_cause *cause, bool *cut, struct rm_error *err)
{
	*cause = PLAN_CAUSE_NONE;
	size_t *chain = malloc((p->heats->n + 1) * sizeof *chain);
	if (!chain)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	size_t n = diag_chain(p, h, chain);
	bool ok = true, any = false;
	int rc = n > 1 ? diag_try(cx, p, pl, chain, n - 1, DIAG_AS_PLANNED, &ok, err) : 0;
	*cut |= !rc && !ok && cx->cut;
	if (!rc && !ok)
		*cause = PLAN_CAUSE_PREDECESSOR;
	if (!rc && ok && n > 1 && !(rc = diag_try(cx, p, pl, &h, 1, DIAG_AS_PLANNED, &ok, err)) &&
	    ok && !(rc = diag_unlimited(cx, p, pl, chain, n, &any, err)))
		*cause = any ? PLAN_CAUSE_SHARED : PLAN_CAUSE_HEEL;
	*cut |= !rc && (!ok || !any) && cx->cut;
	free(chain);
	return rc;
}

/* Why heat h, impossible alone, is so: the first test that passes names what was missing. */
static int diag_cause_tests(struct diag_ctx *cx, const struct plant *p, const struct plan *pl,
                            size_t h, enum plan_cause *cause, bool *cut, struct rm_error *err);

/* diag_cause_tests, and PLAN_CAUSE_STOPPED when a test ran out of time or rounds before it
 * knew: a cause read from a test that did not finish would be a guess (the 2,000-lot day
 * under --time-limit 10 named "grade limits" for 20 heats that can be made). */
static int diag_cause(struct diag_ctx *cx, const struct plant *p, const struct plan *pl, size_t h,
                      enum plan_cause *cause, struct rm_error *err)
{
	bool cut = false;
	int rc = diag_cause_tests(cx, p, pl, h, cause, &cut, err);
	if (!rc && cut)
		*cause = PLAN_CAUSE_STOPPED;
	return rc;
}

/* diag_alone, noting in *cut when its answer "no" is not known. */
static int diag_alone_cut(struct diag_ctx *cx, const struct plant *p, const struct plan *pl,
                          size_t h, enum diag_mode mode, bool *ok, bool *cut, struct rm_error *err)
{
	int rc = diag_alone(cx, p, pl, h, mode, ok, err);
	*cut |= !rc && !*ok && cx->cut;
	return rc;
}

static int diag_cause_tests(struct diag_ctx *cx, const struct plant *p, const struct plan *pl,
                            size_t h, enum plan_cause *cause, bool *cut, struct rm_error *err)
{
	bool exact = false, relaxed = false;
	if (diag_seq_cause(cx, p, pl, h, cause, cut, err) < 0)
		return -1;
	if (*cause != PLAN_CAUSE_NONE || *cut)
		return 0;
	if (diag_metal_short(p, h)) {
		*cause = PLAN_CAUSE_METAL;
		return 0;
	}
	/* a lot held back that would make it: release it (diag_quarantine names the lots) */
	bool *all = calloc(p->inv->n + 1, sizeof *all), quar = false, any = false;
	if (!all)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < p->inv->n; i++)
		any |= all[i] = p->inv->m[i].quarantine;
	int rc = any ? diag_released(cx, p, pl, h, all, &quar, err) : 0;
	*cut |= any && !rc && !quar && cx->cut;
	free(all);
	if (rc < 0)
		return -1;
	if (quar) {
		*cause = PLAN_CAUSE_QUARANTINE;
		return 0;
	}
	if (pl->confidence > 0 && diag_alone_cut(cx, p, pl, h, DIAG_EXACT, &exact, cut, err) < 0)
		return -1;
	if (!exact && diag_alone_cut(cx, p, pl, h, DIAG_RELAXED, &relaxed, cut, err) < 0)
		return -1;
	*cause = exact ? PLAN_CAUSE_UNCERTAINTY : relaxed ? PLAN_CAUSE_RULES : PLAN_CAUSE_LIMITS;
	if (*cause == PLAN_CAUSE_LIMITS && p->rules) {
		/* the limits with no material rule at all: when they hold, the rules are to blame
		 */
		bool ok = false;
		struct plant view = *p;
		view.rules = NULL;
		if (diag_alone_cut(cx, &view, pl, h, DIAG_RELAXED, &ok, cut, err) < 0)
			return -1;
		if (ok)
			*cause = PLAN_CAUSE_MATERIAL_RULES;
	}
	return 0;
}

/* A minimal set of the material rules without which heat h can be made (tried as the cause
 * was: values exact, practical rules relaxed): all rules of its grade dropped, then each put
 * back in turn and kept when the heat can still be made (deletion filter). */
static int diag_rules(struct diag_ctx *cx, const struct plant *p, const struct plan *pl, size_t h,
                      size_t *out, size_t *n, struct rm_error *err)
{
	size_t nr = p->rules->n;
	bool *keep = malloc((nr + 1) * sizeof *keep);
	struct plant_rule_set rs = {.r = malloc((nr + 1) * sizeof *rs.r)};
	*n = 0;
	if (!keep || !rs.r) {
		free(keep);
		free(rs.r);
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	}
	size_t g = p->heats->h[h].grade;
	for (size_t r = 0; r < nr; r++)
		keep[r] = !plant_rule_grade(&p->rules->r[r], g);
	int rc = 0;
	for (size_t r = 0; r < nr && !rc; r++) {
		if (keep[r])
			continue;
		keep[r] = true;
		bool ok = false;
		struct plant view = diag_rules_view(p, keep, &rs);
		/* past the deadline, untried: it stays in the set */
		rc = diag_late(cx) ? 0 : diag_alone(cx, &view, pl, h, DIAG_RELAXED, &ok, err);
		if (!ok) {
			keep[r] = false; /* back, it blocks the heat: one of the set */
			out[(*n)++] = r;
		}
	}
	free(keep);
	free(rs.r);
	return rc;
}

/* Scratch arrays of one heat's diagnosis, packed into the plan once complete. */
struct diag_work {
	struct plan_viol *conflict;
	size_t nconflict;
	struct plan_fix fix[DIAG_MAX_FIX];
	size_t nfix;
	size_t *rule;
	size_t nrule;
	size_t *quar;
	size_t nquar;
	struct plan_fallback fb;
	size_t *heats; /* the planned heats, then the failing one */
};

static void *diag_carve(char **at, size_t n, size_t size)
{
	void *p = *at;
	*at += n * size;
	return n ? p : NULL;
}

/* The limits detail of heat h (cause limits) on the heel h really sits on: in a furnace
 * sequence whose heat before is planned, that heat's bath, not the furnace's heel (the
 * detail's models hold h alone, which would sit on the furnace's). The view is p with h's
 * furnace's heel composition made that bath's, every recovery kept, and each material's
 * stock less what the planned heats of h's chain took: their charges make that bath, so
 * what they used is not h's too (with it, a chain short of a lot it shares read as a heat
 * the whole inventory makes: tests/data/diag_seq_shared). diag_heel_free releases it. */
struct diag_heel {
	struct plant view;
	struct furnace_set fs;
	struct inventory inv;
	struct furnace *f; /* the furnaces, then the heel's and recovery's arrays */
	struct material *mats;
};

static void diag_heel_free(struct diag_heel *v)
{
	free(v->f);
	free(v->mats);
}

static int diag_heel_view(const struct plant *p, const struct plan *pl, size_t h,
                          struct diag_heel *v)
{
	v->view = *p;
	v->f = NULL;
	v->mats = NULL;
	long c = heat_prev(p->heats, h), fi = p->heats->h[h].furnace;
	if (c < 0 || fi < 0 || !pl->heats[c].feasible)
		return 0;
	size_t nel = p->els.n, nf = p->furnaces->n;
	v->f = malloc(nf * sizeof *v->f + 2 * (nel + 1) * sizeof(double));
	v->mats = malloc((p->inv->n + 1) * sizeof *v->mats);
	if (!v->f || !v->mats)
		return -1;
	memcpy(v->f, p->furnaces->f, nf * sizeof *v->f);
	double *heel = (double *)(v->f + nf), *rec = heel + nel + 1;
	for (size_t e = 0; e < nel; e++) {
		heel[e] = pl->heats[c].comp[e];
		rec[e] = furnace_rec(&p->furnaces->f[fi], e);
	}
	v->f[fi].nc = nel;
	v->f[fi].heel_c = heel;
	v->f[fi].rec = rec;
	v->fs = *p->furnaces;
	v->fs.f = v->f;
	v->view = diag_stock_view(p, NULL, false, &v->inv, v->mats);
	v->view.furnaces = &v->fs;
	/* The planned heats whose baths lead to c's, c included: a heat the plan made on the
	 * furnace's heel ends it (the one before it is not planned, or there is none). */
	for (long a = c; a >= 0 && pl->heats[a].feasible; a = heat_prev(p->heats, (size_t)a))
		for (size_t k = 0; k < pl->heats[a].ncharge; k++) {
			const struct plan_item *it = &pl->heats[a].charge[k];
			v->mats[it->mat].mass_kg = fmax(0, v->mats[it->mat].mass_kg - it->kg);
		}
	return 0;
}

/* Moves the scratch results behind ph->diag (see plan.h: one block, freed with diag). */
static int diag_pack(struct plan_heat *ph, size_t nel, const struct diag_work *w)
{
	const struct plan_fallback *fb = &w->fb;
	size_t head = (2 * nel + 1) * sizeof *ph->diag;
	size_t size = head + w->nconflict * sizeof *w->conflict + w->nfix * sizeof *w->fix +
	              w->nrule * sizeof *w->rule + w->nquar * sizeof *w->quar +
	              fb->ncharge * sizeof *fb->charge + (fb->found ? nel : 0) * sizeof *fb->comp +
	              fb->nviol * sizeof *fb->viol;
	/* every part is made of 8-byte fields, so each starts aligned */
	_Static_assert(sizeof(struct plan_viol) % 8 == 0 && sizeof(struct plan_fix) % 8 == 0 &&
	                   sizeof(size_t) % 8 == 0 && sizeof(struct plan_item) % 8 == 0 &&
	                   sizeof(struct plan_diag) % 8 == 0,
	               "diag_pack relies on 8-byte multiples");
	struct plan_diag *d = realloc(ph->diag, size);
	if (!d)
		return -1;
	ph->diag = d;
	char *at = (char *)d + head;
	ph->nconflict = w->nconflict;
	ph->conflict = diag_carve(&at, w->nconflict, sizeof *w->conflict);
	ph->nfix = w->nfix;
	ph->fix = diag_carve(&at, w->nfix, sizeof *w->fix);
	ph->nrule = w->nrule;
	ph->rule = diag_carve(&at, w->nrule, sizeof *w->rule);
	ph->nquar = w->nquar;
	ph->quar = diag_carve(&at, w->nquar, sizeof *w->quar);
	ph->fallback = *fb;
	ph->fallback.charge = diag_carve(&at, fb->ncharge, sizeof *fb->charge);
	ph->fallback.comp = diag_carve(&at, fb->found ? nel : 0, sizeof *fb->comp);
	ph->fallback.viol = diag_carve(&at, fb->nviol, sizeof *fb->viol);
	if (w->nconflict)
		memcpy(ph->conflict, w->conflict, w->nconflict * sizeof *w->conflict);
	if (w->nfix)
		memcpy(ph->fix, w->fix, w->nfix * sizeof *w->fix);
	if (w->nrule)
		memcpy(ph->rule, w->rule, w->nrule * sizeof *w->rule);
	if (w->nquar)
		memcpy(ph->quar, w->quar, w->nquar * sizeof *w->quar);
	if (fb->ncharge)
		memcpy(ph->fallback.charge, fb->charge, fb->ncharge * sizeof *fb->charge);
	if (fb->found)
		memcpy(ph->fallback.comp, fb->comp, nel * sizeof *fb->comp);
	if (fb->nviol)
		memcpy(ph->fallback.viol, fb->viol, fb->nviol * sizeof *fb->viol);
	return 0;
}

/* Everything said about one unplanned heat, by its cause. */
static int diag_heat(struct diag_ctx *cx, const struct plant *p, struct plan *pl, size_t h,
                     struct diag_work *w, size_t np, struct rm_error *err)
{
	struct plan_heat *ph = &pl->heats[h];
	w->nconflict = w->nfix = w->nrule = w->nquar = 0;
	w->fb.found = false;
	w->fb.ncharge = w->fb.nviol = 0;
	if (ph->cause == PLAN_CAUSE_LIMITS) {
		struct diag_heel v;
		if (diag_heel_view(p, pl, h, &v) < 0) {
			diag_heel_free(&v);
			return rm_error_set(err, NULL, 0, 0, "out of memory");
		}
		int rc = diag_limits(cx, &v.view, ph, err) < 0 ||
		                 elastic_conflict(cx, &v.view, ph, w->conflict, &w->nconflict,
		                                  err) < 0 ||
		                 elastic_fallback(cx, &v.view, ph, &w->fb, err) < 0
		             ? -1
		             : 0;
		diag_heel_free(&v);
		if (rc < 0)
			return -1;
	}
	if (ph->cause == PLAN_CAUSE_MATERIAL_RULES &&
	    diag_rules(cx, p, pl, h, w->rule, &w->nrule, err) < 0)
		return -1;
	if (ph->cause == PLAN_CAUSE_QUARANTINE &&
	    diag_quarantine(cx, p, pl, h, w->quar, &w->nquar, err) < 0)
		return -1;
	if (ph->cause == PLAN_CAUSE_PREDECESSOR || ph->cause == PLAN_CAUSE_HEEL) {
		long c = heat_prev(p->heats, h);
		ph->pred = c < 0 ? h : (size_t)c;
	}
	w->heats[np] = h;
	/* a heat stopped in the partial plan can be made: no stock is missing; nor can any
	 * make a heat whose predecessor is not made */
	if (ph->cause != PLAN_CAUSE_STOPPED && ph->cause != PLAN_CAUSE_PREDECESSOR &&
	    !diag_late(cx) && fix_find(cx, p, pl, w->heats, np + 1, w->fix, &w->nfix, err) < 0)
		return -1;
	if (diag_pack(ph, p->els.n, w) < 0)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	return 0;
}

/* Sorts each heat into planned or a cause (ph->alone: possible alone). */
static int diag_causes(struct diag_ctx *cx, const struct plant *p, struct plan *pl, bool *possible,
                       struct rm_error *err)
{
	for (size_t h = 0; h < p->heats->n; h++) {
		struct plan_heat *ph = &pl->heats[h];
		bool ok = false;
		if (diag_alone(cx, p, pl, h, DIAG_AS_PLANNED, &ok, err) < 0)
			return -1;
		ph->alone = possible[h] = ok;
		ph->cause = PLAN_CAUSE_SHARED; /* until partial_plan plans it */
		if (!ok && cx->cut)
			ph->cause = PLAN_CAUSE_STOPPED; /* not known: the time ran out first */
		else if (!ok && diag_cause(cx, p, pl, h, &ph->cause, err) < 0)
			return -1;
	}
	return 0;
}

int solve_diagnose(const struct plant *p, const struct plan_opts *o, struct plan *pl,
                   double deadline, struct rm_error *err)
{
	/* Branch and bound in the diagnosis shares one time budget, ending at cx.t_end. */
	struct diag_ctx cx = {
	    .o = o, .t_end = plan_now() + DIAG_MIP_BUDGET_MS / 1000.0, .deadline = deadline};
	if (deadline > 0)
		cx.t_end = fmin(cx.t_end, deadline);
	size_t n = p->heats->n, np = 0;
	struct diag_work w = {0};
	bool *possible = calloc(n + 1, sizeof *possible);
	w.heats = calloc(n + 1, sizeof *w.heats);
	w.rule = calloc((p->rules ? p->rules->n : 0) + 1, sizeof *w.rule);
	w.quar = calloc(p->inv->n + 1, sizeof *w.quar);
	w.conflict = calloc(2 * p->els.n + 1, sizeof *w.conflict);
	w.fb.charge = calloc(p->inv->n + 1, sizeof *w.fb.charge);
	w.fb.comp = calloc(p->els.n + 1, sizeof *w.fb.comp);
	w.fb.viol = calloc(2 * p->els.n + 1, sizeof *w.fb.viol);
	int rc = 0;
	if (!possible || !w.heats || !w.rule || !w.quar || !w.conflict || !w.fb.charge ||
	    !w.fb.comp || !w.fb.viol)
		rc = rm_error_set(err, NULL, 0, 0, "out of memory");
	if (!rc)
		rc = diag_causes(&cx, p, pl, possible, err);
	if (!rc)
		rc = partial_plan(&cx, p, pl, possible, w.heats, &np, err);
	for (size_t h = 0; h < n && !rc; h++)
		if (!pl->heats[h].feasible)
			rc = diag_heat(&cx, p, pl, h, &w, np, err);
	pl->diag_cut_short |= cx.hit;
	free(possible);
	free(w.heats);
	free(w.rule);
	free(w.quar);
	free(w.conflict);
	free(w.fb.charge);
	free(w.fb.comp);
	free(w.fb.viol);
	return rc;
}
