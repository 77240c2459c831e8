/* 6 Correct without curses: a heat's sampled bath and its correction (tui_adjust.h). */
#include "tui_adjust.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rm_num.h"
#include "tui_view.h"

/* The loaders' bound of a mass (inventory.c): past it a value is a typo. */
#define ADJ_MAX_KG 1e9

void tui_adj_free(struct tui_adj *a)
{
	if (!a)
		return;
	free(a->val);
	plant_sample_free(a->sample);
	adjust_free(a->res);
	free(a);
}

size_t tui_adj_elems(const struct tui_state *st, size_t *out)
{
	return tui_heat_elems(st, st->sel[TUI_SCR_PLAN], out);
}

/* The heat's bath as planned: the furnace's heel plus the tapped mass. */
static void adj_reset(struct tui_state *st, struct tui_adj *a, size_t h)
{
	a->heat = h;
	a->bath_kg = plant_bath_kg(st->plant, h);
	for (size_t e = 0; e < st->plant->els.n; e++)
		a->val[e] = NAN;
	a->value_stale = true;
	adjust_free(a->res);
	a->res = NULL;
	st->sel[TUI_SCR_ADJUST] = st->top[TUI_SCR_ADJUST] = 0;
}

struct tui_adj *tui_adj_get(struct tui_state *st)
{
	size_t h = st->sel[TUI_SCR_PLAN];
	if (!st->adj) {
		struct tui_adj *a = calloc(1, sizeof *a);
		if (!a || !(a->val = calloc(st->plant->els.n + 1, sizeof *a->val))) {
			tui_adj_free(a);
			return NULL;
		}
		st->adj = a;
		adj_reset(st, a, h);
		tui_adj_solve(st);
	} else if (st->adj->heat != h) {
		adj_reset(st, st->adj, h);
		tui_adj_solve(st);
	}
	return st->adj;
}

/* "type Si, Fe, Mg (3 of 11 left)": the limited elements not typed yet. */
static bool adj_missing(const struct tui_state *st, struct tui_adj *a)
{
	size_t *els = malloc((st->plant->els.n + 1) * sizeof *els);
	if (!els)
		return true;
	size_t n = tui_adj_elems(st, els), left = 0;
	char list[160] = "";
	for (size_t k = 0; k < n; k++) {
		if (!isnan(a->val[els[k]]))
			continue;
		if (left++ < 6)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
			         left > 1 ? ", " : "", rm_elem_symbol(st->plant->els.z[els[k]]));
	}
	free(els);
	if (left)
		snprintf(a->why, sizeof a->why,
		         "type the sample: %.120s%s (%zu of %zu elements left); Enter on a row",
		         list, left > 6 ? ", ..." : "", left, n);
	return left > 0;
}

void tui_adj_solve(struct tui_state *st)
{
	struct tui_adj *a = st->adj;
	if (!a)
		return;
	adjust_free(a->res);
	a->res = NULL;
	plant_sample_free(a->sample);
	a->sample = NULL;
	if (adj_missing(st, a))
		return;
	const struct plant *p = st->plant;
	const struct heat *h = &p->heats->h[a->heat];
	struct rm_error err = {0};
	int rc = 0;
	if (a->value_stale) {
		rc = adjust_metal_value(p, h->grade, h->furnace, h->mass_kg, st->opts.margin, 5,
		                        &a->metal_value, &a->value_found, &err);
		a->value_stale = rc < 0;
	}
	if (!rc)
		rc = plant_sample_typed(p, a->val, "the sample typed", &a->sample, &err);
	const struct furnace *f = plant_furnace(p, a->heat);
	if (!rc && f && a->bath_kg > f->capacity_kg)
		rc = rm_error_set(&err, NULL, 0, 0, "the bath %g kg is more than %s holds (%g kg)",
		                  a->bath_kg, f->id, f->capacity_kg);
	struct adjust_opts o = {.grade = h->grade,
	                        .furnace = h->furnace,
	                        .sample = a->sample,
	                        .bath_kg = a->bath_kg,
	                        .metal_value = a->metal_value,
	                        .margin = st->opts.margin,
	                        .confidence = st->opts.confidence,
	                        .time_limit_s = 5};
	double t0 = plan_now();
	if (!rc)
		rc = adjust_solve(p, &o, &a->res, &err);
	a->slow = plan_now() - t0 > TUI_ADJ_LIVE_S;
	if (rc) {
		char buf[1200];
		rm_error_format(&err, buf, sizeof buf);
		snprintf(a->why, sizeof a->why, "no correction: %.200s", buf);
	}
}

int tui_adj_set(struct tui_state *st, size_t e, const char *text, char *why, size_t n)
{
	struct tui_adj *a = tui_adj_get(st);
	if (!a)
		return snprintf(why, n, "out of memory"), -1;
	double v = NAN;
	const char *what = "";
	if (!rm_num_blank(text) && rm_num_parse(text, &v, &what) < 0)
		return snprintf(why, n, "\"%.40s\" %s", text, what), -1;
	if (e == SIZE_MAX) {
		if (!(v > 0 && v <= ADJ_MAX_KG))
			return snprintf(why, n, "the bath is a mass in (0, 1e9] kg"), -1;
		a->bath_kg = v;
	} else {
		if (!isnan(v) && !(v >= 0 && v <= 100))
			return snprintf(why, n, "a value in [0, 100] wt%%, or empty"), -1;
		double sum = isnan(v) ? 0 : v;
		for (size_t k = 0; k < st->plant->els.n; k++)
			if (k != e && !isnan(a->val[k]))
				sum += a->val[k];
		if (!plant_sample_sum_ok(sum))
			return snprintf(why, n, "the sample would sum to %g wt%%, more than 100",
			                sum),
			       -1;
		a->val[e] = v;
	}
	tui_adj_solve(st);
	return 0;
}

/* The row's element under the cursor, or SIZE_MAX when the grade limits none. */
static size_t adj_selected(const struct tui_state *st)
{
	size_t *els = malloc((st->plant->els.n + 1) * sizeof *els), e = SIZE_MAX;
	size_t n = els ? tui_adj_elems(st, els) : 0;
	if (n)
		e = els[st->sel[TUI_SCR_ADJUST] < n ? st->sel[TUI_SCR_ADJUST] : n - 1];
	free(els);
	return e;
}

void tui_adj_preview(struct tui_state *st)
{
	struct tui_adj *a = st->adj;
	struct tui_input *in = &st->in;
	if (!a || st->dlg != TUI_DLG_INPUT || in->field != TUI_ED_SAMPLE || a->slow)
		return;
	char why[8];
	if (!a->previewing) { /* shown, not kept: Enter keeps it, Esc drops it */
		a->previewing = true;
		a->prev_e = in->sub;
		a->prev_old = a->val[in->sub];
	}
	tui_adj_set(st, in->sub, in->buf, why, sizeof why);
}

void tui_adj_cancel(struct tui_state *st)
{
	struct tui_adj *a = st->adj;
	if (!a || !a->previewing)
		return;
	a->val[a->prev_e] = a->prev_old;
	a->previewing = false;
	tui_adj_solve(st);
}

void tui_adj_clear(struct tui_state *st)
{
	struct tui_adj *a = tui_adj_get(st);
	if (!a)
		return;
	for (size_t e = 0; e < st->plant->els.n; e++)
		a->val[e] = NAN;
	st->sel[TUI_SCR_ADJUST] = 0;
	tui_adj_solve(st);
	tui_state_msg(st, false, "sample cleared");
}

bool tui_adj_begin(struct tui_state *st, enum tui_field field)
{
	struct tui_adj *a = st->screen == TUI_SCR_ADJUST ? tui_adj_get(st) : NULL;
	struct tui_input *in = &st->in;
	const char *heat = st->plant->heats->h[st->sel[TUI_SCR_PLAN]].id;
	if (!a)
		return false;
	if (field == TUI_ED_BATH) {
		snprintf(in->label, sizeof in->label, "%s bath kg, heel included (now %g):", heat,
		         a->bath_kg);
		return true;
	}
	size_t e = adj_selected(st);
	if (e == SIZE_MAX)
		return false;
	in->sub = e;
	char now[32] = "not typed";
	if (!isnan(a->val[e]))
		snprintf(now, sizeof now, "%g", a->val[e]);
	snprintf(
	    in->label, sizeof in->label,
	    "%s sample %s wt%% (now %s; empty = not typed; the correction follows as you type):",
	    heat, rm_elem_symbol(st->plant->els.z[e]), now);
	return true;
}

void tui_adj_commit(struct tui_state *st)
{
	struct tui_input *in = &st->in;
	size_t e = in->field == TUI_ED_BATH ? SIZE_MAX : in->sub;
	if (tui_adj_set(st, e, in->buf, in->err, sizeof in->err) < 0)
		return; /* the line stays open with the reason */
	st->dlg = TUI_DLG_NONE;
	st->adj->previewing = false;
	if (in->field == TUI_ED_SAMPLE) /* element by element: on to the next row */
		tui_state_move(st, 1);
	struct adjust *r = st->adj->res;
	char net[32];
	if (r && r->status == PLAN_OPTIMAL) {
		report_num(net, sizeof net, r->objective, 0);
		tui_state_msg(st, false, "correction: %zu addition%s, net cost %s", r->nadd,
		              r->nadd == 1 ? "" : "s", net);
	} else {
		tui_state_msg(st, r != NULL, "%s",
		              r ? "no correction meets the grade" : st->adj->why);
	}
}
