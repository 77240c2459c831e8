/* 6 Correct: the heat selected on 1 Plan, its sample typed element by element, each element
 * before and after against its windows as two gauges, and the additions in the order they go
 * in (reports/report_adjust.h's order), re-solved as the values come. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_adjust.h"
#include "tui_adjust.h"
#include "tui_draw.h"
#include "tui_view.h"

static void adj_head(const struct tui_state *st, const struct tui_adj *a)
{
	const struct plant *p = st->plant;
	const struct heat *h = &p->heats->h[a->heat];
	char bath[32], v[32];
	report_num(bath, sizeof bath, a->bath_kg, 0);
	if (a->value_stale)
		snprintf(v, sizeof v, "-");
	else
		report_num(v, sizeof v, a->metal_value, 2);
	tui_put(1, 0, COLS, A_NORMAL,
	        " heat %s %s, furnace %s, bath %s kg (b), metal %s/kg ([ ] heat)", h->id,
	        p->grades->g[h->grade].name, tui_heat_furnace(st, a->heat), bath, v);
}

/* The sample's row of element e: window, sample, after, and the two gauges. */
static void adj_elem(const struct tui_state *st, const struct tui_adj *a, int y, size_t e, bool sel,
                     int gw)
{
	const struct adjust *r = a->res;
	struct tui_window w = {NAN, NAN, NAN, NAN};
	double after = NAN, sd = NAN, pa = NAN, pb = NAN;
	const struct grade_limit *l =
	    grade_limit_of(&st->plant->grades->g[st->plant->heats->h[a->heat].grade], e);
	if (l) {
		w.smin = l->min;
		w.smax = l->max;
		grade_internal(l, st->opts.margin, &w.ilo, &w.ihi);
	}
	for (size_t k = 0; r && k < r->nlim; k++)
		if (r->lim[k].e == e) {
			pb = isnan(pb) ? r->lim[k].p_before : pb * r->lim[k].p_before;
			if (r->status == PLAN_OPTIMAL) {
				after = r->lim[k].after;
				sd = r->lim[k].sd;
				pa = isnan(pa) ? r->lim[k].p_ok : pa * r->lim[k].p_ok;
			}
		}
	char lo[16], hi[16], s[16] = "      -", af[16] = "      -", g0[128], g1[128];
	tui_fmt_limit(lo, sizeof lo, w.smin);
	tui_fmt_limit(hi, sizeof hi, w.smax);
	if (!isnan(a->val[e]))
		snprintf(s, sizeof s, "%7.4f", a->val[e]);
	if (!isnan(after))
		snprintf(af, sizeof af, "%7.4f", after);
	size_t gws = (size_t)gw < sizeof g0 ? (size_t)gw : sizeof g0 - 1;
	const struct plant_sample_el *se = a->sample ? plant_sample_of(a->sample, e) : NULL;
	tui_gauge(g0, gws, a->val[e], se ? 2 * se->sd : NAN, &w);
	tui_gauge(g1, gws, after, 2 * sd, &w);
	if (isnan(a->val[e]))
		memset(g0, ' ', gws);
	if (isnan(after))
		memset(g1, ' ', gws);
	char pp[16] = "";
	if (!isnan(pa))
		snprintf(pp, sizeof pp, "%5.1f%%", 100 * pa);
	else if (!isnan(pb))
		snprintf(pp, sizeof pp, "%5.1f%%", 100 * pb);
	bool bad = !isnan(a->val[e]) &&
	           ((!isnan(w.ilo) && a->val[e] < w.ilo) || (!isnan(w.ihi) && a->val[e] > w.ihi));
	attr_t at = sel ? tui_attr(TUI_R_SEL) : bad ? tui_attr(TUI_R_BAD) : A_NORMAL;
	tui_put(y, 0, COLS, at, " %-2s %6s..%-6s %s %s %s %s %6s",
	        rm_elem_symbol(st->plant->els.z[e]), isnan(w.smin) ? "" : lo,
	        isnan(w.smax) ? "" : hi, s, g0, af, g1, pp);
}

static void adj_additions(const struct tui_state *st, const struct adjust *r, int y0, int rows)
{
	const struct plant *p = st->plant;
	char kg[32], cost[32], x[32], units[48];
	size_t *ord = malloc((r->nadd + 1) * sizeof *ord);
	if (!ord)
		return;
	report_adjust_order(p, r, ord);
	report_num(cost, sizeof cost, r->objective, 0);
	report_num(kg, sizeof kg, r->final_kg, 0);
	report_num(x, sizeof x, r->cost, 0);
	tui_put(y0, 0, COLS, tui_attr(TUI_R_GOOD),
	        " %s: net cost %s, final %s kg, P(ok) %.1f%% -> %.1f%%%s%s",
	        r->nadd ? "add in this order" : "add nothing", cost, kg, 100 * r->p_ok_before,
	        100 * r->p_ok, COLS >= TUI_WIDE_COLS ? "; additions cost " : "",
	        COLS >= TUI_WIDE_COLS ? x : "");
	for (int k = 0; k < rows - 1 && (size_t)k < r->nadd; k++) {
		const struct adjust_item *it = &r->add[ord[k]];
		const struct material *m = &p->inv->m[it->mat];
		bool last = k == rows - 2 && r->nadd > (size_t)rows - 1;
		if (last) {
			tui_put(y0 + 1 + k, 0, COLS, tui_attr(TUI_R_DIM),
			        "  ... %zu more (remelt adjust prints them all)",
			        r->nadd - (size_t)k);
			break;
		}
		report_num(kg, sizeof kg, it->kg, 1);
		report_num(cost, sizeof cost, m->price * it->kg, 0);
		tui_put(y0 + 1 + k, 0, COLS, A_NORMAL, "  %2d %-14.14s %-8s %10s kg %12s  %s",
		        k + 1, m->id, adjust_alloying(m) ? "alloying" : "dilution", kg, cost,
		        report_units_text(units, sizeof units, m, it->kg));
	}
	free(ord);
}

static void adj_why(const struct tui_state *st, const struct tui_adj *a, int y0, int rows)
{
	char why[1024];
	const struct adjust *r = a->res;
	if (!r) {
		tui_put(y0, 0, COLS, tui_attr(TUI_R_DIM), " %s", a->why);
		return;
	}
	tui_put(y0, 0, COLS, tui_attr(TUI_R_BAD), " NO CORRECTION: %s",
	        report_adjust_why(st->plant, r, why, sizeof why));
	int y = y0 + 1;
	for (size_t k = 0; k < r->nlim && y < y0 + rows; k++)
		if (r->lim[k].fails)
			tui_put(y++, 0, COLS, A_NORMAL,
			        "  %s %s %.4g: best %.4g within capacity and stock",
			        rm_elem_symbol(st->plant->els.z[r->lim[k].e]),
			        r->lim[k].side < 0 ? "min" : "max", r->lim[k].limit,
			        r->lim[k].best);
}

void tui_draw_adjust(const struct tui_state *st)
{
	const struct tui_adj *a = st->adj;
	if (!a) {
		tui_put(1, 0, COLS, tui_attr(TUI_R_BAD), " not available: out of memory");
		return;
	}
	adj_head(st, a);
	size_t *els = malloc((st->plant->els.n + 1) * sizeof *els);
	if (!els)
		return;
	size_t n = tui_adj_elems(st, els), vis = tui_list_rows(st, TUI_SCR_ADJUST);
	int gw = (COLS - 46) / 2; /* the row's other columns take 46 */
	if (gw < 6)
		gw = 6;
	tui_put(2, 0, COLS, tui_attr(TUI_R_HEAD), " %-2s %14s %7s %-*s %7s %-*s %6s", "el",
	        "spec window", "sample", gw, "as sampled", "after", gw, "after the correction",
	        "P ok");
	int y = 3;
	for (size_t k = st->top[TUI_SCR_ADJUST]; k < n && k < st->top[TUI_SCR_ADJUST] + vis; k++)
		adj_elem(st, a, y++, els[k],
		         k == st->sel[TUI_SCR_ADJUST] && st->dlg == TUI_DLG_NONE, gw);
	free(els);
	int rows = LINES - 1 - (y + 1);
	if (a->res && a->res->status == PLAN_OPTIMAL)
		adj_additions(st, a->res, y + 1, rows);
	else
		adj_why(st, a, y + 1, rows);
}
