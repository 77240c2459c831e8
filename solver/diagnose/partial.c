/* The heats that can still be made when the whole day cannot: tried together first, and
 * when they compete for the same lots, kept one by one in heats.csv order (the order the
 * furnaces tap them), each kept when it still fits with those kept before it.
 *
 * The charges come from plan_solve_heats, with every option of the day's solve, so a partial
 * plan has exactly the charges, binding limits and risk of a plan of those heats alone. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Whether the heats can be made together (under the plan's options). */
static int partial_fits(struct diag_ctx *cx, const struct plant *p, const struct plan *pl,
                        const size_t *heats, size_t nh, bool *fits, struct rm_error *err)
{
	struct model m;
	struct model_opts mo = diag_solve_opts(cx, pl->margin);
	*fits = false;
	cx->cut = true; /* past the deadline: not tried, not known */
	if (diag_late(cx))
		return 0;
	if (model_build(&m, p, heats, nh, &mo, err) < 0)
		return -1;
	diag_mip_limits(cx, &m, true);
	int st = diag_solve(cx, &m, pl, false, err);
	model_free(&m);
	*fits = diag_found(st);
	return st < 0 ? -1 : 0;
}

/* Plans the kept heats alone, with the day's options, and moves their results into pl. */
static int partial_move(struct diag_ctx *cx, const struct plant *p, struct plan *pl,
                        const size_t *planned, size_t np, struct rm_error *err)
{
	struct plan_opts o = *cx->o;
	/* whole units: the search gets its share of the diagnosis's time, and never none */
	o.time_limit_s = fmax(diag_mip_ms(cx, 2 * DIAG_MIP_TIME_MS), 1000) / 1000;
	o.deadline = cx->deadline;
	o.write_lp = NULL; /* the file holds the day's model, not this one */
	o.progress = NULL; /* the hook follows the day's solve, whose clock it shows */
	o.progress_info = NULL;
	struct plan *sub = NULL;
	int rc = plan_solve_heats(p, &o, planned, np, &sub, err);
	if (!rc && sub->status == PLAN_OPTIMAL) {
		for (size_t k = 0; k < np; k++) {
			/* swap: sub frees the original's arrays, pl keeps the planned ones */
			struct plan_heat t = pl->heats[planned[k]];
			pl->heats[planned[k]] = sub->heats[planned[k]];
			pl->heats[planned[k]].alone = true; /* only heats possible alone get here */
			sub->heats[planned[k]] = t;
		}
		memcpy(pl->used, sub->used, pl->nmat * sizeof *pl->used);
		memcpy(pl->worth, sub->worth, pl->nmat * sizeof *pl->worth);
		pl->planned_cost = sub->total_cost;
		pl->nplanned = np;
		pl->ncuts += sub->ncuts;
		pl->samples_drawn = sub->samples_drawn;
		pl->mip = sub->mip;
		pl->mip_time_limit_hit = sub->mip_time_limit_hit;
		pl->mip_gap = sub->mip_gap;
		pl->mip_time_s += sub->mip_time_s;
	} else if (!rc && sub->status == PLAN_TIME_LIMIT) {
		cx->hit = true; /* out of time or rounds: these heats stay without a charge */
		for (size_t k = 0; k < np; k++)
			pl->heats[planned[k]].cause = PLAN_CAUSE_STOPPED;
	}
	plan_free(sub);
	return rc;
}

/* A heat's place in its furnace's sequence, 1 for a heat without one. */
static long partial_place(const struct plant *p, size_t h)
{
	long s = (long)p->heats->h[h].seq;
	return s > 1 ? s : 1;
}

static bool partial_kept(const size_t *planned, size_t n, size_t h)
{
	for (size_t k = 0; k < n; k++)
		if (planned[k] == h)
			return true;
	return false;
}

int partial_plan(struct diag_ctx *cx, const struct plant *p, struct plan *pl, const bool *possible,
                 size_t *planned, size_t *np, struct rm_error *err)
{
	size_t n = 0;
	bool fits = false;
	for (size_t h = 0; h < p->heats->n; h++)
		if (possible[h])
			planned[n++] = h;
	*np = 0;
	if (n == 0)
		return 0;
	if (partial_fits(cx, p, pl, planned, n, &fits, err) < 0)
		return -1;
	if (!fits) {
		/* In a furnace sequence each heat sits on its predecessor's bath: the heats go in
		 * their furnace's order (heats.csv order among equals), and one whose predecessor
		 * was not kept is not tried on a heel it will not have. */
		size_t kept = 0, nc = n;
		size_t *cand = malloc((nc + 1) * sizeof *cand);
		if (!cand)
			return rm_error_set(err, NULL, 0, 0, "out of memory");
		memcpy(cand, planned, nc * sizeof *cand);
		for (size_t a = 1; a < nc; a++) /* stable: insertion by place in the sequence */
			for (size_t b = a;
			     b > 0 && partial_place(p, cand[b - 1]) > partial_place(p, cand[b]);
			     b--) {
				size_t t = cand[b];
				cand[b] = cand[b - 1];
				cand[b - 1] = t;
			}
		for (size_t a = 0; a < nc; a++) {
			size_t h = cand[a];
			long prev = heat_prev(p->heats, h);
			if (prev >= 0 && !partial_kept(planned, kept, (size_t)prev)) {
				pl->heats[h].cause = PLAN_CAUSE_PREDECESSOR;
				continue;
			}
			planned[kept] = h;
			if (partial_fits(cx, p, pl, planned, kept + 1, &fits, err) < 0) {
				free(cand);
				return -1;
			}
			/* out of time before it knew: not "lots taken by earlier heats" */
			if (!fits && cx->cut)
				pl->heats[h].cause = PLAN_CAUSE_STOPPED;
			kept += fits;
		}
		free(cand);
		n = kept;
	}
	if (n && partial_move(cx, p, pl, planned, n, err) < 0)
		return -1;
	*np = pl->nplanned;
	return 0;
}
