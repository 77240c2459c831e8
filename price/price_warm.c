/* price_warm: one grade's reference heat kept solved, for quote what-ifs on its offers
 * (price.h). The quote is the offer column's cost, and the base holds the offer at 0, so
 * the base optimum and its basis do not move with it: the cost is set where the LP keeps it
 * (the model and its view of the plant, the columns-in-play copy at confidence 0), the KKT
 * base, which holds every cost, is worked out again from the model at the base (0 pivots),
 * and the offer is priced from there by price_item_at, the code of price_run. */
#include <math.h>
#include <stdlib.h>

#include "price.h"
#include "price_lp.h"

struct price_warm {
	struct price_lp lp;
	struct price_grade pg; /* the head; no items */
	const struct inventory *offers;
	bool no_far; /* price_opts.kkt_no_far, again after a new KKT base */
};

void price_warm_free(struct price_warm *w)
{
	if (!w)
		return;
	price_lp_free(&w->lp);
	free(w);
}

int price_warm_open(const struct plant *p, const struct inventory *offers,
                    const struct price_opts *o, struct price_warm **out, struct rm_error *err)
{
	*out = NULL;
	if (o->grade < 0)
		return rm_error_set(err, NULL, 0, 0, "a base kept for what-ifs is of one grade");
	if (price_check(p, offers, o, err) < 0)
		return -1;
	struct price_warm *w = calloc(1, sizeof *w);
	if (!w)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	w->offers = offers;
	w->no_far = o->kkt_no_far;
	w->pg.grade = (size_t)o->grade;
	w->pg.base_cost = NAN;
	price_heat_kg(p, o, &w->pg);
	int term = glp_term_out(GLP_OFF);
	int rc = price_lp_init(&w->lp, p, offers, &w->pg, o, err);
	w->lp.exact_base = true;
	if (!rc)
		rc = price_base(&w->lp, &w->pg, err);
	if (!rc && w->lp.kkt && w->no_far)
		price_kkt_far_on(w->lp.kkt, false);
	glp_term_out(term);
	if (rc) {
		price_warm_free(w);
		return -1;
	}
	*out = w;
	return 0;
}

const struct price_grade *price_warm_grade(const struct price_warm *w)
{
	return &w->pg;
}

/* Material i now costs price per kg, wherever the LP keeps its cost. */
static int warm_quote(struct price_warm *w, size_t i, double price, struct rm_error *err)
{
	struct price_lp *lp = &w->lp;
	if (lp->inv->m[i].price == price)
		return 0;
	model_ref_price(&lp->m, i, price);
	double c = glp_get_obj_coef(lp->m.lp, price_col(lp, i));
	if (lp->cost)
		lp->cost[i] = c;
	if (lp->P && lp->P != lp->m.lp && lp->col[i] > 0)
		glp_set_obj_coef(lp->P, lp->col[i], c);
	if (!lp->kkt)
		return 0;
	/* GLPK's solution may be a point's that fell back to it: the model back at the base
	 * basis and solved there (already optimal: the offer is fixed at 0), then the KKT base
	 * from it, as price_base does. */
	lp->glpk_used = true;
	price_restore(lp, i);
	lp->glpk_used = false;
	if (glp_simplex(lp->m.lp, &lp->warm) != 0 || glp_get_status(lp->m.lp) != GLP_OPT)
		return rm_error_set(err, NULL, 0, 0, "GLPK failed at the base kept");
	price_kkt_free(lp->kkt);
	lp->kkt = NULL;
	if (price_base_kkt(lp, &w->pg, err) < 0)
		return -1;
	if (lp->kkt && w->no_far)
		price_kkt_far_on(lp->kkt, false);
	return 0;
}

int price_warm_offer(struct price_warm *w, size_t k, struct price_item *it, struct rm_error *err)
{
	if (!w->offers || k >= w->offers->n)
		return rm_error_set(err, NULL, 0, 0, "no such offer");
	const struct material *mat = &w->offers->m[k];
	price_item_init(it, mat, true, k);
	if (!w->pg.feasible || mat->quarantine)
		return 0;
	struct price_lp *lp = &w->lp;
	int term = glp_term_out(GLP_OFF);
	int rc = warm_quote(w, lp->off0 + k, mat->price, err);
	struct price_grade g = w->pg;
	g.item = it;
	g.nitem = 1;
	if (!rc && price_item_at(lp, &g, 0) < 0)
		rc = rm_error_set(err, NULL, 0, 0, "GLPK failed in a parametric step of offer %s",
		                  mat->id);
	glp_term_out(term);
	return rc;
}
