/* 1 Plan: the heats, then the selected heat's charge (left) and its elements against their
 * windows (right); an unplanned heat shows why instead. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "tui_draw.h"
#include "tui_view.h"

static void plan_summary(const struct tui_state *st)
{
	const struct plan *pl = st->plan;
	const struct heat_set *hs = st->plant->heats;
	double tapped = 0;
	for (size_t h = 0; h < hs->n; h++)
		tapped += hs->h[h].mass_kg;
	char mass[40], tot[40], pert[40], d[48] = "";
	report_num(mass, sizeof mass, tapped, 0);
	if (!pl) {
		tui_put(1, 0, COLS, tui_attr(TUI_R_BAD), " not solved: %s", st->msg);
		return;
	}
	if (pl->status != PLAN_OPTIMAL) {
		char *why = report_why(st->plant, pl);
		tui_put(1, 0, COLS, tui_attr(TUI_R_BAD), " NO PLAN for %zu heats, %s kg: %s", hs->n,
		        mass, why ? why : "out of memory");
		free(why);
		return;
	}
	report_num(tot, sizeof tot, pl->total_cost, 0);
	report_num(pert, sizeof pert, pl->total_cost / tapped * 1000, 0);
	if (st->base && st->base != pl && st->base->status == PLAN_OPTIMAL)
		tui_fmt_delta(d, sizeof d, pl->total_cost - st->base->total_cost, 0);
	char left[200], right[80];
	int n = snprintf(left, sizeof left, " %zu heats, %s kg: total %s, %s per t%s%s", hs->n,
	                 mass, tot, pert, *d ? ", vs saved " : "", d);
	int m =
	    snprintf(right, sizeof right, "margin %g, confidence %g ", pl->margin, pl->confidence);
	tui_put(1, 0, COLS, A_NORMAL, "%s", left);
	if (n + m + 2 <= COLS)
		tui_put(1, COLS - m, m, tui_attr(TUI_R_DIM), "%s", right);
}

/* The heat list's columns; under TUI_WIDE_COLS the numbers narrow and the status is short. */
static void plan_heat_line(int y, attr_t a, const char *const c[8])
{
	if (COLS >= TUI_WIDE_COLS)
		tui_put(y, 0, COLS, a, " %-8.8s %-9.9s %-5.5s %10s %11s %8s %10s  %s", c[0], c[1],
		        c[2], c[3], c[4], c[5], c[6], c[7]);
	else
		tui_put(y, 0, COLS, a, " %-8.8s %-9.9s %-4.4s %9s %10s %8s %9s %s", c[0], c[1],
		        c[2], c[3], c[4], c[5], c[6], c[7]);
}

static void plan_heat_row(const struct tui_state *st, int y, size_t h)
{
	const struct heat *ht = &st->plant->heats->h[h];
	const struct plan_heat *ph = st->plan ? &st->plan->heats[h] : NULL;
	const struct plan_heat *bh = st->base ? &st->base->heats[h] : NULL;
	char mass[32], cost[32] = "-", pert[32] = "-", d[40] = "", status[64];
	report_num(mass, sizeof mass, ht->mass_kg, 0);
	if (ph && ph->feasible) {
		report_num(cost, sizeof cost, ph->cost, 0);
		report_num(pert, sizeof pert, ph->cost / ht->mass_kg * 1000, 0);
		if (bh && bh != ph && bh->feasible)
			tui_fmt_delta(d, sizeof d, ph->cost - bh->cost, 0);
	}
	tui_heat_status(st, h, status, sizeof status);
	char place[40];
	bool sel = h == st->sel[TUI_SCR_PLAN];
	attr_t a = sel ? tui_attr(TUI_R_SEL) : (ph && !ph->feasible) ? tui_attr(TUI_R_BAD) : 0;
	const char *const c[8] = {ht->id,
	                          st->plant->grades->g[ht->grade].name,
	                          tui_heat_place(st, h, place, sizeof place),
	                          mass,
	                          cost,
	                          pert,
	                          d,
	                          status};
	plan_heat_line(y, a, c);
}

/* The charge pane's rows: the furnace's heel first (when the heat has a furnace), each
 * material, then the total. */
static void plan_charge(const struct tui_state *st, int y0, int rows, int w, size_t h)
{
	const struct plan_heat *ph = &st->plan->heats[h];
	struct tui_charge_row *cr = malloc((st->plant->inv->n + 1) * sizeof *cr);
	if (!cr)
		return;
	size_t n = tui_charge_rows(st, h, cr);
	double total = 0, share = 0;
	for (size_t k = 0; k < n; k++)
		total += cr[k].kg;
	char heel[32], from[48];
	size_t first = tui_heel(st, h, heel, sizeof heel, &share) ? 1 : 0;
	tui_heel_from(st, h, from, sizeof from);
	tui_put(y0, 0, w, tui_attr(TUI_R_HEAD), " %-8s %11s %6s %9s", "material", "kg", "share",
	        "vs saved");
	for (int r = 1; r < rows; r++) {
		size_t k = st->detail_top + (size_t)r - 1;
		char kg[48], d[32] = "";
		if (k < first) {
			tui_put(y0 + r, 0, w, tui_attr(TUI_R_DIM), " %-8.8s %11s %5.1f%% of bath",
			        from, heel, 100 * share);
		} else if (k - first < n) {
			const struct tui_charge_row *c = &cr[k - first];
			tui_charge_kg(st, c, kg, sizeof kg, 11);
			if (!isnan(c->base_kg))
				tui_fmt_delta(d, sizeof d, c->kg - c->base_kg, 1);
			tui_put(y0 + r, 0, w, c->kg > 0 ? A_NORMAL : tui_attr(TUI_R_DIM),
			        " %-8.8s %11s %5.1f%% %9s", st->plant->inv->m[c->mat].id, kg,
			        total > 0 ? 100 * c->kg / total : 0, d);
		} else if (k - first == n) {
			char c[32];
			report_num(kg, sizeof kg, total, 1);
			report_num(c, sizeof c, ph->cost, 0);
			tui_put(y0 + r, 0, w, A_BOLD, " %-8s %11s  cost %s", "total", kg, c);
		}
	}
	free(cr);
}

static void plan_elem(const struct tui_state *st, int y, int x, int w, size_t h, size_t e)
{
	const struct plan_heat *ph = &st->plan->heats[h];
	double smin, smax;
	report_spec(st->plant, h, e, &smin, &smax);
	const struct plan_bind *b = tui_bind_of(ph, e);
	char gauge[256], lo[16], hi[16], win[48];
	int gw = w - 30;
	if (gw < 6)
		gw = 6;
	if (gw > (int)sizeof gauge - 1)
		gw = (int)sizeof gauge - 1;
	/* Two standard deviations of the tapped analysis either side: about 95% of heats. */
	struct tui_window win4 = {smin, smax, ph->lo[e], ph->hi[e]};
	tui_gauge(gauge, (size_t)gw, ph->comp[e], 2 * ph->risk.sd[e], &win4);
	tui_fmt_limit(lo, sizeof lo, ph->lo[e]);
	tui_fmt_limit(hi, sizeof hi, ph->hi[e]);
	snprintf(win, sizeof win, "%s..%s%s", isnan(ph->lo[e]) ? "" : lo,
	         isnan(ph->hi[e]) ? "" : hi, b ? (b->side < 0 ? " min" : " max") : "");
	tui_put(y, x, w, b ? tui_attr(TUI_R_BIND) : A_NORMAL, "%-2s %7.4f%c %s %s",
	        rm_elem_symbol(st->plant->els.z[e]), ph->comp[e], b ? '*' : ' ', gauge, win);
}

/* A binding limit and what relaxing it saves, in the words of the text report (the same
 * duals: plan_bind.saving, of the cone at confidence > 0, of the mean row at 0). */
static void plan_saving(const struct tui_state *st, int y, int x, int w, const struct plan_bind *b)
{
	const char *el = rm_elem_symbol(st->plant->els.z[b->e]),
	           *side = b->side < 0 ? "min" : "max";
	if (isnan(b->saving)) /* whole units: branch and bound has no duals */
		tui_put(y, x, w, tui_attr(TUI_R_BIND), "%s %s binds", el, side);
	else
		tui_put(y, x, w, tui_attr(TUI_R_BIND), "%s %s binds: %.0f saved %s", el, side,
		        b->saving, COLS >= TUI_WIDE_COLS ? "per 0.01% relaxed" : "/0.01%");
}

static void plan_elems(const struct tui_state *st, int y0, int rows, int x, int w, size_t h)
{
	size_t *els = malloc((st->plant->els.n + 1) * sizeof *els);
	if (!els)
		return;
	size_t n = tui_heat_elems(st, h, els);
	int gw = w - 30 < 6 ? 6 : w - 30;
	tui_put(y0, x, w, tui_attr(TUI_R_HEAD), "%-2s %7s  %-*.*s %s", "el", "wt%", gw, gw, "gauge",
	        "internal window");
	for (int r = 1; r < rows; r++) {
		size_t k = st->detail_top + (size_t)r - 1;
		if (k < n) {
			plan_elem(st, y0 + r, x, w, h, els[k]);
		} else if (k == n) {
			/* What the grade does not limit, briefly, as on the charge sheet. */
			char line[512] = "not limited:";
			const struct plan_heat *ph = &st->plan->heats[h];
			for (size_t e = 0, j = 0; e < st->plant->els.n; e++) {
				if (j < n && els[j] == e) {
					j++;
					continue;
				}
				if (ph->comp[e] > 0 && strlen(line) + 16 < sizeof line)
					snprintf(line + strlen(line), sizeof line - strlen(line),
					         " %s %.4f", rm_elem_symbol(st->plant->els.z[e]),
					         ph->comp[e]);
			}
			tui_put(y0 + r, x, w, tui_attr(TUI_R_DIM), "%s", line);
		} else if (k - n - 1 < st->plan->heats[h].nbind) {
			plan_saving(st, y0 + r, x, w, &st->plan->heats[h].bind[k - n - 1]);
		}
	}
	free(els);
}

/* text over at most max rows from row y, wrapped at blanks, the first row after lead and
 * the others indented under it; returns the rows used. */
static int plan_wrap(int y, int max, attr_t a, const char *lead, const char *text)
{
	size_t len = strlen(text), at = 0, w = (size_t)COLS - 1 - strlen(lead);
	int r = 0;
	while (at < len && r < max) {
		size_t take = len - at <= w ? len - at : w;
		if (at + take < len) {
			size_t cut = take;
			while (cut > 1 && text[at + cut] != ' ')
				cut--;
			if (cut > 1)
				take = cut;
		}
		tui_put(y + r, 0, COLS, a, " %s%.*s", r ? "  " : lead, (int)take, text + at);
		r++;
		at += take;
		while (text[at] == ' ')
			at++;
	}
	return r;
}

/* An unplanned heat: the plan's one sentence, then the limits that fail. */
static void plan_diag(const struct tui_state *st, int y0, int rows, size_t h)
{
	char line[512];
	int r = 0;
	tui_put(y0 + r++, 0, COLS, tui_attr(TUI_R_BAD), " not planned");
	char *why = report_why(st->plant, st->plan);
	r += plan_wrap(y0 + r, rows - r, A_NORMAL, "", why ? why : "out of memory");
	free(why);
	for (size_t k = 0; r < rows && tui_diag_line(st, h, k, line, sizeof line); k++)
		r += plan_wrap(y0 + r, rows - r, k ? tui_attr(TUI_R_BIND) : A_BOLD, k ? "- " : "",
		               line);
}

void tui_draw_plan(const struct tui_state *st)
{
	plan_summary(st);
	static const char *const head[8] = {"heat", "grade", "furn",     "tapped kg",
	                                    "cost", "per t", "vs saved", "status"};
	static const char *const head_narrow[8] = {"heat", "grade", "furn",     "tapped kg",
	                                           "cost", "per t", "vs saved", "bind P(spec)"};
	plan_heat_line(2, tui_attr(TUI_R_HEAD), COLS >= TUI_WIDE_COLS ? head : head_narrow);
	size_t vis = tui_list_rows(st, TUI_SCR_PLAN), n = tui_list_len(st, TUI_SCR_PLAN);
	size_t top = st->top[TUI_SCR_PLAN];
	for (size_t r = 0; r < vis && top + r < n; r++)
		plan_heat_row(st, 3 + (int)r, top + r);
	int y = 3 + (int)vis;
	size_t h = st->sel[TUI_SCR_PLAN];
	if (h >= n)
		return;
	const struct heat *ht = &st->plant->heats->h[h];
	char mass[32];
	report_num(mass, sizeof mass, ht->mass_kg, 0);
	char title[160];
	snprintf(title, sizeof title, "-- %s  %s  %s kg ", ht->id,
	         st->plant->grades->g[ht->grade].name, mass);
	static const char legend[] = " [ ] spec  : margin  - internal  * value  = 2 sd ";
	int fill = COLS - (int)strlen(title) - (int)sizeof legend + 1 - 2;
	static const char dashes[] = "------------------------------------------------------------"
	                             "------------------------------------------------------------";
	if (fill < 0)
		fill = COLS - (int)strlen(title);
	tui_put(y, 0, COLS, tui_attr(TUI_R_DIM), "%s%.*s%s--", title, fill, dashes,
	        fill == COLS - (int)strlen(title) ? "" : legend);
	int rows = (int)tui_detail_rows(st);
	if (!st->plan)
		return;
	if (!st->plan->heats[h].feasible) {
		plan_diag(st, y + 1, rows, h);
		return;
	}
	int lw = COLS * 2 / 5;
	if (lw < 38)
		lw = 38;
	plan_charge(st, y + 1, rows, lw, h);
	plan_elems(st, y + 1, rows, lw + 1, COLS - lw - 1, h);
}
