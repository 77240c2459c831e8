/* The heats that can still be made when the whole day cannot: tried together first, and
 * when they compete for the same lots, kept one by one in heats.csv order (the order the
 * furnaces tap them), each kept when it still fits with those kept before it.
 *
 * The charges come from plan_solve itself, run on a view of the plant that holds only the
 * kept heats, so a partial plan has exactly the charges, binding limits and risk of a
 * plan of those heats alone. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Whether the heats can be made together (under the plan's options). */
static int partial_fits(const struct plant *p, const struct plan *pl, const size_t *heats,
                        size_t nh, bool *fits, struct rm_error *err)
{
	struct model m;
	if (model_build(&m, p, heats, nh, pl->margin, err) < 0)
		return -1;
	diag_mip_limits(&m, true);
	int st = diag_solve(&m, pl, false, err);
	model_free(&m);
	*fits = diag_found(st);
	return st < 0 ? -1 : 0;
}

/* Plans the kept heats alone and moves their results into pl. */
static int partial_move(const struct plant *p, struct plan *pl, const size_t *planned, size_t np,
                        struct rm_error *err)
{
	struct heat_set hs = *p->heats;
	struct plant view = *p;
	hs.n = np;
	hs.h = malloc((np + 1) * sizeof *hs.h);
	if (!hs.h)
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	for (size_t k = 0; k < np; k++)
		hs.h[k] = p->heats->h[planned[k]];
	view.heats = &hs;
	/* whole units: the search gets its share of the diagnosis's time, and never none */
	struct plan_opts o = {.margin = pl->margin,
	                      .confidence = pl->confidence,
	                      .as_analyzed = pl->as_analyzed,
	                      .samples = pl->samples,
	                      .seed = pl->seed,
	                      .mip_gap = pl->mip_gap_asked,
	                      .time_limit_s = fmax(diag_mip_ms(2 * DIAG_MIP_TIME_MS), 1000) / 1000,
	                      .deadline = diag_user_deadline()};
	struct plan *sub = NULL;
	int rc = plan_solve(&view, &o, &sub, err);
	if (!rc && sub->status == PLAN_OPTIMAL) {
		for (size_t k = 0; k < np; k++) {
			/* swap: sub frees the original's arrays, pl keeps the planned ones */
			struct plan_heat t = pl->heats[planned[k]];
			pl->heats[planned[k]] = sub->heats[k];
			pl->heats[planned[k]].heat = planned[k];
			pl->heats[planned[k]].alone = true; /* only heats possible alone get here */
			sub->heats[k] = t;
		}
		memcpy(pl->used, sub->used, pl->nmat * sizeof *pl->used);
		memcpy(pl->worth, sub->worth, pl->nmat * sizeof *pl->worth);
		pl->planned_cost = sub->total_cost;
		pl->nplanned = np;
		pl->ncuts += sub->ncuts;
		pl->mip = sub->mip;
		pl->mip_time_limit_hit = sub->mip_time_limit_hit;
		pl->mip_gap = sub->mip_gap;
		pl->mip_time_s += sub->mip_time_s;
	}
	plan_free(sub);
	free(hs.h);
	return rc;
}

int partial_plan(const struct plant *p, struct plan *pl, const bool *possible, size_t *planned,
                 size_t *np, struct rm_error *err)
{
	size_t n = 0;
	bool fits = false;
	for (size_t h = 0; h < p->heats->n; h++)
		if (possible[h])
			planned[n++] = h;
	*np = 0;
	if (n == 0)
		return 0;
	if (partial_fits(p, pl, planned, n, &fits, err) < 0)
		return -1;
	if (!fits) {
		size_t kept = 0;
		for (size_t h = 0; h < p->heats->n; h++) {
			if (!possible[h])
				continue;
			planned[kept] = h;
			if (partial_fits(p, pl, planned, kept + 1, &fits, err) < 0)
				return -1;
			kept += fits;
		}
		n = kept;
	}
	if (n && partial_move(p, pl, planned, n, err) < 0)
		return -1;
	*np = pl->nplanned;
	return 0;
}
