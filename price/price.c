/* price: the reference heat per grade (built by solver/model/'s model_build_ref), its base
 * optimum, and one record per lot and offer. The parametric steps themselves are in
 * price_walk.c. */
#include "price.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chance/chance.h"
#include "price_jobs.h"
#include "price_lp.h"
#include "rm_stat.h"

/* Simplex iterations a point's re-solve may take, per row and column: healthy ones took at
 * most 453 on a 300-lot yard (600-1,300 rows and columns); a stalled one ran for minutes. */
#define PRICE_ITS_PER_VAR 10

/* The model of the reference heat as price_lp_init set it up (again: a base the loose
 * rounds did not solve starts over as before them, price_base). */
static int price_lp_model(struct price_lp *lp, struct rm_error *err)
{
	struct model_opts mo = model_opts_default(lp->margin);
	mo.chance_tol_sd = PRICE_CHANCE_TOL_SD;
	mo.chance_polish = true;
	if (model_build_ref(&lp->m, lp->plant, lp->offers, lp->grade, lp->heat_kg, &mo, err) < 0)
		return -1;
	lp->inv = lp->m.p->inv;
	lp->nrow0 = glp_get_num_rows(lp->m.lp);
	lp->ncol0 = glp_get_num_cols(lp->m.lp);
	return 0;
}

/* The reference heat of grade g and the offers after the additives (model_build_ref). */
int price_lp_init(struct price_lp *lp, const struct plant *p, const struct inventory *offers,
                  const struct price_grade *pg, const struct price_opts *o, struct rm_error *err)
{
	memset(lp, 0, sizeof *lp);
	lp->off0 = p->inv->n;
	lp->confidence = o->confidence;
	lp->cuts_only = o->cuts_only;
	lp->kkt_full = o->kkt_full;
	/* The every-grade table shows break-even and full use: it reads only those two ends
	 * (a point under chance constraints is a cutting-plane solve, tens of ms). */
	lp->ends_only = o->grade < 0;
	/* The exact steps cost a re-solve per break of v, a few dozen per lot: one grade's
	 * worth; the every-grade table reads v at its points (a handful of re-solves). */
	lp->walk = o->confidence <= 0 && o->grade >= 0;
	glp_init_smcp(&lp->warm);
	lp->warm.msg_lev = GLP_MSG_OFF;
	lp->warm.meth = GLP_DUALP;
	lp->plant = p;
	lp->offers = offers;
	lp->grade = pg->grade;
	lp->heat_kg = pg->heat_kg;
	lp->margin = o->margin;
	return price_lp_model(lp, err);
}

void price_lp_free(struct price_lp *lp)
{
	price_cols_free(lp);
	price_kkt_free(lp->kkt);
	if (lp->m.lp)
		model_free(&lp->m);
	free(lp->x);
	memset(lp, 0, sizeof *lp);
}

/* The base on its KKT conditions, from the cutting planes' optimum: exact at z itself, and
 * the start of every point (price_kkt.h). When it does not solve there, every point is
 * GLPK's. */
int price_base_kkt(struct price_lp *lp, struct price_grade *pg, struct rm_error *err)
{
	double *s = chance_s_table(&lp->m, false);
	if (!s)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	int rc = price_kkt_init(&lp->m, lp->nrow0, lp->ncol0, rm_stat_quantile(lp->confidence), s,
	                        lp->kkt_full, &lp->kkt);
	free(s);
	if (rc < 0)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	if (rc > 0)
		return 0;
	struct price_kkt_sol sol;
	for (size_t i = 0; i < lp->m.nm; i++) {
		price_kkt_base(lp->kkt, price_col(lp, i), &sol);
		lp->x[i] = sol.x * model_unit(&lp->m, i);
	}
	lp->obj = pg->base_cost = sol.obj;
	return 0;
}

/* The base's rounds under chance constraints stop once no cone is violated by more than this
 * many sd when its KKT conditions take it on from there (price_base_kkt): Newton reaches
 * the optimum at z itself from the active set the loose cuts name, as chance_newton does
 * for plan (CHANCE_NEWTON_TOL_SD). The rounds from there to PRICE_CHANCE_TOL_SD and the
 * polish were a fifth of the every-grade table's CPU (bench/price_bench.sh, 1,000 lots x 5
 * grades: 0.8 of 4.0 s). A base the KKT conditions do not solve from there, and GLPK's base
 * for the few points that fall back to it, are solved as before (price_base_over). */
#define PRICE_BASE_TOL_SD 0.2

/* The base's chance solve, in split cones as plan solves (whole-cone cuts left its duals
 * off by up to 1.2 JPY/kg: gen_plant seed 7001, tests/price_tests.sh; the points split
 * too, price_fix): to PRICE_BASE_TOL_SD (loose) or PRICE_CHANCE_TOL_SD, from nothing or
 * (again) on from the rounds made. */
static int price_base_rounds(struct price_lp *lp, bool loose, bool again, struct rm_error *err)
{
	struct model_opts keep = lp->m.opt, mo = keep;
	mo.split_cones = true;
	if (loose) {
		mo.chance_tol_sd = PRICE_BASE_TOL_SD;
		mo.chance_polish = false;
	}
	model_set_opts(&lp->m, &mo);
	int st = again ? model_resolve_chance(&lp->m, lp->confidence, false, err)
	               : model_solve_chance(&lp->m, lp->confidence, false, err);
	model_set_opts(&lp->m, &keep);
	return st;
}

/* pg->feasible and the base's x and cost from GLPK's solution of status st: 0, 1 when no
 * charge meets the grade, -1 with err set. */
static int price_base_read(struct price_lp *lp, struct price_grade *pg, int st,
                           struct rm_error *err)
{
	if (st < 0)
		return err && err->msg[0] ? -1 : rm_error_set(err, NULL, 0, 0, "GLPK failed");
	pg->feasible = st == GLP_OPT;
	if (st == GLP_NOFEAS)
		return 1;
	if (st != GLP_OPT)
		return rm_error_set(err, NULL, 0, 0, "GLPK ended with status %d", st);
	if (!lp->x && !(lp->x = malloc((lp->m.nm + 1) * sizeof *lp->x)))
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < lp->m.nm; i++)
		lp->x[i] = glp_get_col_prim(lp->m.lp, price_col(lp, i)) * model_unit(&lp->m, i);
	lp->obj = pg->base_cost = glp_get_obj_val(lp->m.lp);
	return 0;
}

/* The base as it was solved before the loose rounds: the model built again and solved to
 * PRICE_CHANCE_TOL_SD from nothing (so that GLPK's base is bit for bit the same). Returns the
 * GLPK status or -1. */
static int price_base_over(struct price_lp *lp, struct rm_error *err)
{
	lp->loose = false;
	model_free(&lp->m);
	if (price_lp_model(lp, err) < 0)
		return -1;
	return price_base_rounds(lp, false, false, err);
}

/* Solves the reference heat from the yard alone and keeps its basis to restart from. */
int price_base(struct price_lp *lp, struct price_grade *pg, struct rm_error *err)
{
	bool kkt = lp->confidence > 0 && !lp->cuts_only;
	lp->loose = kkt && !lp->exact_base;
	int st =
	    lp->confidence > 0 ? price_base_rounds(lp, lp->loose, false, err) : model_solve(&lp->m);
	/* GLPK's "infeasible" (or any other end) in the loose rounds is not taken as the
	 * grade's: on a relaxation of the tight rounds, it was wrong on gen_plant seed 7007
	 * (tests/price_tests.sh), which the tight rounds solve. */
	if (lp->loose && st >= 0 && st != GLP_OPT)
		st = price_base_over(lp, err);
	int rc = price_base_read(lp, pg, st, err);
	if (rc == 0 && kkt)
		rc = price_base_kkt(lp, pg, err);
	/* Not solved on its KKT conditions from the loose cuts: as before them. */
	if (rc == 0 && lp->loose && !lp->kkt) {
		rc = price_base_read(lp, pg, price_base_over(lp, err), err);
		if (rc == 0)
			rc = price_base_kkt(lp, pg, err);
	}
	if (rc || !pg->feasible)
		return rc < 0 ? -1 : 0;
	if (price_cols_init(lp) < 0)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	return 0;
}

/* The split cones made at a point, and the y columns added to the base's, go as their rows
 * do (price_drop_cuts, first): the columns past the base ones are all theirs. Out of
 * memory they stay, unused by any row: still correct, only slower. */
static void price_drop_cones(struct price_lp *lp)
{
	if (price_del_past(lp, false, lp->nbase))
		chance_cone_truncate(&lp->m, lp->ncone, lp->nbase);
}

/* Cuts added since the base were tangent at another usage of the item: drop them, or each
 * solve would carry the cuts of every earlier one. They are the last rows. */
static void price_drop_cuts(struct price_lp *lp)
{
	/* Out of memory they stay, with their slacks basic (below): still a basis. */
	if (price_del_past(lp, true, lp->nrow))
		lp->m.ncut = lp->ncut;
}

void price_restore(struct price_lp *lp, size_t i)
{
	glp_prob *P = lp->P;
	lp->pt = false;
	if (lp->kkt && !lp->glpk_used)
		return; /* GLPK's P is still at the base */
	if (lp->confidence > 0) {
		price_drop_cuts(lp);
		price_drop_cones(lp);
	} else {
		price_cols_drop(lp, lp->own ? 1 : 0);
	}
	price_cols_base(lp, i);
	int nr = glp_get_num_rows(P);
	for (int r = 1; r <= nr; r++)
		glp_set_row_stat(P, r, r <= lp->nrow ? lp->rstat[r] : GLP_BS);
	for (int j = 1; j <= lp->nbase; j++)
		glp_set_col_stat(P, j, lp->cstat[j]);
	if (lp->own)
		glp_set_col_stat(P, lp->col[i], i >= lp->off0 ? GLP_NS : GLP_NL);
}

int price_open(struct price_lp *lp, size_t i)
{
	if (price_cols_open(lp, i) < 0)
		return -1;
	/* On the KKT path GLPK is only woken for a point that falls back to it (price_point):
	 * restoring and factorising the base for every item took a tenth of a 5,000-lot
	 * table. */
	lp->glpk_used = false;
	price_restore(lp, i);
	return lp->kkt || glp_warm_up(lp->P) == 0 ? 0 : -1;
}

void price_close(struct price_lp *lp, size_t i)
{
	price_restore(lp, i);
	lp->glpk_used = false;
	if (lp->confidence <= 0)
		price_cols_drop(lp, 0);
}

static int price_chance_solve(struct price_lp *lp, size_t i)
{
	/* Split cones, as at the base: a 300-lot yard priced in 6.7 s, not 465 s. */
	struct rm_error scratch = {0};
	glp_prob *P = lp->P;
	int col = lp->col[i];
	/* The last point's slack cuts: a 300-lot yard 5.3 s instead of 6.8 s. */
	if (chance_drop_inactive_from(&lp->m, lp->nrow + 1) < 0)
		return -1;
	bool split = model_with_split_cones(&lp->m, true);
	int lim = model_with_it_lim(&lp->m, PRICE_ITS_PER_VAR *
	                                        (glp_get_num_rows(P) + glp_get_num_cols(P)));
	int st = model_resolve_chance(&lp->m, lp->confidence, false, &scratch);
	model_with_split_cones(&lp->m, split);
	if (st < 0) {
		/* The dual simplex from the base basis can lose itself in numerical instability
		 * at a usage the heat cannot take (GLPK: "excessive numerical instability",
		 * then minutes of iterations): start over from the base rows, rescaled, from an
		 * advanced basis, with whole-cone cuts, item i's column bounded as it was. */
		int type = glp_get_col_type(P, col);
		double lb = glp_get_col_lb(P, col), ub = glp_get_col_ub(P, col);
		price_restore(lp, i);
		model_col_bounds(&lp->m, col, type, lb, ub); /* P is the model here */
		model_scale_lp(P);
		glp_adv_basis(P, 0);
		scratch = (struct rm_error){0};
		st = model_resolve_chance(&lp->m, lp->confidence, false, &scratch);
	}
	model_with_it_lim(&lp->m, lim);
	return st;
}

int price_resolve(struct price_lp *lp, size_t i)
{
	return lp->confidence > 0 ? price_chance_solve(lp, i) : price_cols_solve(lp, i);
}

/* The first point of a loose base (price_base) that falls back to GLPK: GLPK's base as it was
 * before the loose rounds (price_base_over), kept for this and every later such point, so
 * that they are what they were (the KKT base stays: it is exact at z either way). From the
 * loose cuts, even taken on to PRICE_CHANCE_TOL_SD, GLPK's dual simplex called the demo's
 * L019 at 2,585 kg for A356.0 infeasible, where the tight base prices it (-6,677.60 JPY/kg;
 * tests/price_tests.sh demo-relaxed). A few points of a 1,000-lot table fall back. */
static int price_glpk_exact(struct price_lp *lp)
{
	struct rm_error scratch = {0};
	if (price_base_over(lp, &scratch) != GLP_OPT)
		return -1;
	lp->P = lp->m.lp;
	return price_cols_keep(lp);
}

int price_point(struct price_lp *lp, size_t i, double lo, double hi)
{
	lp->pt = false;
	/* Past what the heat can take, by the two-row relaxation: no solve at all. */
	if (lp->kkt && lo == hi && price_kkt_infeasible(lp->kkt, lp->col[i], lo))
		return GLP_NOFEAS;
	if (lp->kkt) {
		int rc = price_kkt_point(lp->kkt, lp->col[i], lo, hi, &lp->pt_sol);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			lp->pt = true;
			return GLP_OPT;
		}
		if (rc == 2) /* proven out of reach (price_kkt_far.c) */
			return GLP_NOFEAS;
	}
	if (lp->kkt && !lp->glpk_used) {
		lp->glpk_used = true;
		if (lp->loose && price_glpk_exact(lp) < 0)
			return -1;
		price_restore(lp, i);
		if (glp_warm_up(lp->P) != 0)
			return -1;
	}
	price_col_bounds(lp, lp->col[i], lo == hi ? GLP_FX : GLP_DB, lo, hi);
	return price_resolve(lp, i);
}

double price_obj(const struct price_lp *lp)
{
	return lp->pt ? lp->pt_sol.obj : glp_get_obj_val(lp->P);
}

double price_prim(const struct price_lp *lp, size_t i)
{
	return lp->pt ? lp->pt_sol.x : glp_get_col_prim(lp->P, lp->col[i]);
}

int price_fix(struct price_lp *lp, size_t i, double q)
{
	double n = q / model_unit(&lp->m, i);
	return price_point(lp, i, n, n);
}

void price_verdict(struct price_item *it, double gain)
{
	double mass = it->mat->mass_kg, price = it->mat->price;
	double tol = 1e-6 * fmax(mass, 1);
	it->gain = it->buy_kg > tol ? gain : 0;
	/* A lot of 0 kg (a what-if of the TUI) has nothing to buy, not all of it to buy. */
	it->verdict = mass > 0 && it->buy_kg >= mass - tol ? PRICE_BUY
	              : it->buy_kg > tol                   ? PRICE_BUY_SOME
	                                                   : PRICE_DONT;
	if (it->verdict == PRICE_DONT)
		it->margin_per_kg = it->break_even - price;
	else
		it->margin_per_kg = gain / it->buy_kg - price;
}

/* Mean mass of the grade's heats in heats.csv: the heat the plant actually melts. */
void price_heat_kg(const struct plant *p, const struct price_opts *o, struct price_grade *pg)
{
	pg->heat_given = o->heat_kg > 0;
	if (pg->heat_given) {
		pg->heat_kg = o->heat_kg;
		return;
	}
	double sum = 0;
	for (size_t h = 0; p->heats && h < p->heats->n; h++)
		if (p->heats->h[h].grade == pg->grade) {
			sum += p->heats->h[h].mass_kg;
			pg->heat_basis++;
		}
	pg->heat_kg = pg->heat_basis ? sum / (double)pg->heat_basis : PRICE_DEFAULT_HEAT_KG;
}

void price_item_init(struct price_item *it, const struct material *mat, bool offer, size_t src)
{
	memset(it, 0, sizeof *it);
	it->mat = mat;
	it->offer = offer;
	it->src = src;
	it->break_even = it->full_use = it->max_kg = it->margin_per_kg = NAN;
	for (size_t k = 0; k < PRICE_NCURVE; k++) {
		it->curve_kg[k] = mat->mass_kg * (double)(k + 1) / PRICE_NCURVE;
		it->curve[k] = NAN;
	}
	it->verdict = PRICE_DONT;
}

/* Whether opts.only asks for the lot or offer of this id. */
static bool price_chosen(const struct price_opts *o, const char *id)
{
	if (!o->only)
		return true;
	for (size_t k = 0; k < o->nonly; k++)
		if (!strcmp(o->only[k], id))
			return true;
	return false;
}

static size_t price_mat(const struct price_lp *lp, const struct price_grade *pg, size_t k)
{
	return pg->item[k].offer ? lp->off0 + pg->item[k].src : pg->item[k].src;
}

/* How much of item i a charge can take at all, [need_kg, max_kg] (confidence 0): the steps
 * and points then never ask GLPK about a usage no charge can take, which would cost a
 * solve with every lot in play to prove. A base piece reaching an end answers that end. */
static int price_limits(struct price_lp *lp, size_t i, struct price_item *it)
{
	double mass = it->mat->mass_kg, x = lp->x[i], tol = 1e-9 * fmax(mass, 1);
	bool piece = it->nstep == 1;
	it->max_kg = mass;
	it->need_kg = 0;
	if (lp->confidence > 0)
		return 0;
	if (!(x >= mass - tol || (piece && it->step[0].to_kg >= mass - tol)) &&
	    price_cols_extreme(lp, i, +1, &it->max_kg) < 0)
		return -1;
	if (!(x <= tol || (piece && it->step[0].from_kg <= tol)) &&
	    price_cols_extreme(lp, i, -1, &it->need_kg) < 0)
		return -1;
	if (!(it->max_kg < mass - tol))
		it->max_kg = mass;
	if (!(it->need_kg > tol))
		it->need_kg = 0;
	return 0;
}

int price_item_at(struct price_lp *lp, struct price_grade *pg, size_t k)
{
	struct price_item *it = &pg->item[k];
	size_t i = price_mat(lp, pg, k);
	/* A rule of the grade allows none of it: no charge can take any (break-even NAN),
	 * and the walk would read the rule row's degenerate dual as a break-even. */
	if (model_denied(&lp->m, 0, i) || model_min_out(&lp->m, 0, i)) {
		it->max_kg = 0;
		return 0;
	}
	int rc = price_open(lp, i);
	if (!rc)
		rc = price_base_item(lp, i, it);
	if (!rc)
		rc = price_limits(lp, i, it);
	if (!rc)
		rc = lp->walk ? price_walk_item(lp, i, it) : price_sample_item(lp, i, it);
	price_close(lp, i);
	return rc;
}

/* Under chance constraints the items go to one process per processor (or --jobs): each
 * point is a cutting-plane solve, and the items are independent (price_jobs.c). At
 * confidence 0 a table of 1,000 lots takes 0.4 s in one. */
static int price_grade_items(struct price_lp *lp, struct price_grade *pg,
                             const struct price_opts *o, const struct plant *p,
                             struct rm_error *err)
{
	size_t jobs = lp->confidence > 0 ? (o->jobs ? o->jobs : price_jobs_auto()) : 1;
	struct rm_error jerr = {0};
	if (price_jobs_run(lp, pg, jobs, o, &jerr) == 0)
		return 0;
	if (jerr.msg[0]) {
		if (err)
			*err = jerr;
		return -1;
	}
	return rm_error_set(err, NULL, 0, 0, "GLPK failed in a parametric step of grade %s",
	                    p->grades->g[pg->grade].name);
}

/* The items asked for (opts.only, else every one) but quarantined ones, as yet unpriced: lots in
 * inventory order, then offers in file order. n of them; NULL out of memory. */
static struct price_item *price_items(const struct plant *p, const struct inventory *offers,
                                      const struct price_opts *o, size_t *n)
{
	size_t nl = p->inv->nlots, no = offers ? offers->n : 0;
	struct price_item *item = calloc(nl + no + 1, sizeof *item);
	*n = 0;
	/* A quarantined lot or offer is in no plan: it has no value to the plant either. */
	for (size_t k = 0; item && k < nl; k++)
		if (price_chosen(o, p->inv->m[k].id) && !p->inv->m[k].quarantine)
			price_item_init(&item[(*n)++], &p->inv->m[k], false, k);
	for (size_t k = 0; item && k < no; k++)
		if (price_chosen(o, offers->m[k].id) && !offers->m[k].quarantine)
			price_item_init(&item[(*n)++], &offers->m[k], true, k);
	return item;
}

/* The items every grade prices, as yet unpriced (price_grade_solve starts each grade from
 * them). */
struct price_run_ctx {
	const struct plant *p;
	const struct inventory *offers;
	const struct price_item *item;
	size_t n;
};

/* Grade pg's reference heat and its copy of the unpriced items. */
static int price_grade_init(const struct plant *p, const struct price_opts *o,
                            const struct price_item *item, size_t n, struct price_grade *pg,
                            struct rm_error *err)
{
	price_heat_kg(p, o, pg);
	pg->base_cost = NAN;
	if (!(pg->item = malloc((n + 1) * sizeof *pg->item)))
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	memcpy(pg->item, item, n * sizeof *item);
	pg->nitem = n;
	return 0;
}

/* Grade pg's base and its items, from their unpriced copies (a price_grade_fn). */
static int price_grade_solve(void *ctx, struct price_grade *pg, const struct price_opts *o,
                             struct rm_error *err)
{
	const struct price_run_ctx *c = ctx;
	/* Afresh: a grade priced again after its process failed may hold some of its rows. */
	memcpy(pg->item, c->item, c->n * sizeof *c->item);
	struct price_lp lp;
	int rc = price_lp_init(&lp, c->p, c->offers, pg, o, err);
	if (!rc)
		rc = price_base(&lp, pg, err);
	if (lp.kkt && o->kkt_no_far)
		price_kkt_far_on(lp.kkt, false);
	if (!rc && pg->feasible)
		rc = price_grade_items(&lp, pg, o, c->p, err);
	if (lp.kkt) {
		price_kkt_count(lp.kkt, &pg->kkt_points, &pg->kkt_steps, &pg->kkt_dj);
		price_kkt_far_count(lp.kkt, &pg->kkt_far, &pg->kkt_far_proven);
	}
	price_lp_free(&lp);
	return rc;
}

int price_check(const struct plant *p, const struct inventory *offers, const struct price_opts *o,
                struct rm_error *err)
{
	if (plan_check_margin_confidence(o->margin, o->confidence, err) < 0)
		return -1;
	if (!(o->heat_kg >= 0 && o->heat_kg <= 1e9))
		return rm_error_set(err, NULL, 0, 0, "heat mass %g kg must be > 0 and at most 1e9",
		                    o->heat_kg);
	if (o->grade >= (long)p->grades->n)
		return rm_error_set(err, NULL, 0, 0, "no such grade");
	for (size_t k = 0; o->only && k < o->nonly; k++) {
		long i = inv_find(p->inv, o->only[k]);
		if (!(i >= 0 && p->inv->m[i].kind == MAT_LOT) &&
		    !(offers && inv_find(offers, o->only[k]) >= 0))
			return rm_error_set(err, NULL, 0, 0,
			                    "\"%.60s\" is not a lot here nor an offer", o->only[k]);
	}
	for (size_t k = 0; offers && k < offers->n; k++) {
		const struct material *m = &offers->m[k];
		long dup = inv_find(p->inv, m->id);
		if (m->kind != MAT_LOT)
			return rm_error_set(err, m->file, m->line, 0,
			                    "offers are lots, not additives");
		if (dup >= 0)
			return rm_error_set(err, m->file, m->line, 1,
			                    "offer id \"%.60s\" is also in the inventory (%s:%ld)",
			                    m->id, p->inv->m[dup].file, p->inv->m[dup].line);
	}
	return 0;
}

static int price_table_run(const struct plant *p, const struct inventory *offers,
                           const struct price_opts *o, struct price_table **out,
                           struct rm_error *err)
{
	struct price_table *t = calloc(1, sizeof *t);
	if (!t)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	t->all_grades = o->grade < 0;
	t->margin = o->margin;
	t->confidence = o->confidence;
	size_t n;
	struct price_item *item = price_items(p, offers, o, &n);
	for (size_t k = 0; item && k < n; k++)
		*(item[k].offer ? &t->noffers : &t->nlots) += 1;
	t->ngrade = o->grade < 0 ? p->grades->n : 1;
	int rc = item && (t->g = calloc(t->ngrade + 1, sizeof *t->g)) ? 0 : -1;
	if (rc)
		rm_error_set(err, NULL, 0, 0, "out of memory");
	for (size_t k = 0; !rc && k < t->ngrade; k++) {
		t->g[k].grade = o->grade < 0 ? k : (size_t)o->grade;
		rc = price_grade_init(p, o, item, n, &t->g[k], err);
	}
	struct price_run_ctx ctx = {p, offers, item, n};
	/* Under chance constraints the grades run side by side (price_jobs.c): each base solve
	 * beside another grade's, not alone before its items. At confidence 0 the whole table
	 * takes 0.4 s in one process. */
	size_t jobs = o->confidence > 0 ? (o->jobs ? o->jobs : price_jobs_auto()) : 1;
	if (!rc && jobs > 1 && t->ngrade > 1)
		rc = price_jobs_grades(t, jobs, price_grade_solve, &ctx, o, err);
	else
		for (size_t k = 0; !rc && k < t->ngrade; k++)
			rc = price_grade_solve(&ctx, &t->g[k], o, err);
	free(item);
	if (rc) {
		price_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

int price_run(const struct plant *p, const struct inventory *offers, const struct price_opts *o,
              struct price_table **out, struct rm_error *err)
{
	if (price_check(p, offers, o, err) < 0)
		return -1;
	int term = glp_term_out(GLP_OFF); /* quiet, and back as it was (the process's switch) */
	int rc = price_table_run(p, offers, o, out, err);
	glp_term_out(term);
	return rc;
}

void price_free(struct price_table *t)
{
	if (!t)
		return;
	for (size_t k = 0; t->g && k < t->ngrade; k++) {
		for (size_t j = 0; t->g[k].item && j < t->g[k].nitem; j++)
			free(t->g[k].item[j].step);
		free(t->g[k].item);
	}
	free(t->g);
	free(t);
}
