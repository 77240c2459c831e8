/* model_ref: pricing's reference problem (price/). One heat of a grade and a mass, with no
 * furnace (no heel, no limit on the number of materials), over the plant's materials and
 * then the extra ones (offers); each material's stock a bound on its one column, not an
 * availability row; every column continuous.
 *
 * As a bound, stock leaves GLPK's basis one row per element limit instead of one per lot,
 * which is what keeps each warm re-solve cheap in a yard of thousands of lots. Values are
 * the LP's: a price per kg is marginal, which whole units and minimum charges (integers, for
 * plan) do not have; their binaries and rows stay, relaxed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "model_int.h"

/* What the model sees: the plant with one heat and the extra materials, shallow but for
 * the materials' array. */
struct model_ref {
	struct plant p;
	struct inventory inv;
	struct heat heat;
	struct heat_set hs;
	char heat_id[16];
};

static int ref_view(struct model_ref *r, const struct plant *p, const struct inventory *extra,
                    size_t grade, double heat_kg)
{
	size_t no = extra ? extra->n : 0, n = p->inv->n + no;
	r->inv = *p->inv;
	r->inv.n = n;
	if (!(r->inv.m = malloc((n + 1) * sizeof *r->inv.m)))
		return -1;
	memcpy(r->inv.m, p->inv->m, p->inv->n * sizeof *r->inv.m);
	if (no)
		memcpy(r->inv.m + p->inv->n, extra->m, no * sizeof *r->inv.m);
	snprintf(r->heat_id, sizeof r->heat_id, "reference");
	r->heat =
	    (struct heat){.id = r->heat_id, .grade = grade, .mass_kg = heat_kg, .furnace = -1};
	r->hs = (struct heat_set){.n = 1, .h = &r->heat};
	r->p = *p;
	r->p.inv = &r->inv;
	r->p.heats = &r->hs;
	return 0;
}

void model_ref_free(struct model_ref *r)
{
	if (r)
		free(r->inv.m);
	free(r);
}

void model_ref_price(struct model *m, size_t i, double price)
{
	if (!m->ref || i >= m->ref->inv.n)
		return;
	m->ref->inv.m[i].price = price;
	glp_set_obj_coef(m->lp, model_col(m, 0, i), price * model_unit(m, i));
}

int model_build_ref(struct model *m, const struct plant *p, const struct inventory *extra,
                    size_t grade, double heat_kg, const struct model_opts *opt,
                    struct rm_error *err)
{
	struct model_ref *r = calloc(1, sizeof *r);
	if (!r || ref_view(r, p, extra, grade, heat_kg) < 0) {
		model_ref_free(r);
		memset(m, 0, sizeof *m);
		return rm_error_set(err, NULL, 0, 0, "out of memory building the model");
	}
	size_t k0 = 0;
	if (model_make(m, &r->p, &k0, 1, opt, false, err) < 0) {
		model_ref_free(r);
		return -1;
	}
	m->ref = r;
	/* Stock as a bound (fixed at 0 when there is none: GLPK refuses lb == ub doubly
	 * bounded). A minimum charge over the stock keeps the 0 model_make fixed: no heat can
	 * take such a lot, so no price may value it. */
	for (size_t i = 0; i < m->nm; i++) {
		double ub = model_min_out(m, 0, i) ? 0 : r->inv.m[i].mass_kg / model_unit(m, i);
		if (!isinf(r->inv.m[i].mass_kg))
			glp_set_col_bnds(m->lp, model_col(m, 0, i), ub > 0 ? GLP_DB : GLP_FX, 0,
			                 ub > 0 ? ub : 0);
	}
	for (int j = glp_get_num_cols(m->lp); j > 0; j--)
		glp_set_col_kind(m->lp, j, GLP_CV);
	m->mip = false;
	/* The extra materials enter at 0: each is priced on its own. */
	for (size_t i = p->inv->n; i < m->nm; i++)
		glp_set_col_bnds(m->lp, model_col(m, 0, i), GLP_FX, 0, 0);
	return 0;
}
