/* 2 Inventory: every lot and additive the filter lets through, what is on hand, what the
 * plan uses of it; under the list, the selected material's analysis and trace columns. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "tui_draw.h"
#include "tui_view.h"

/* Up to this many element columns from the filter's conditions are shown in the list. */
#define INV_ELEM_COLS 3

static void inv_info(const struct tui_state *st)
{
	const struct inventory *inv = st->plant->inv;
	tui_put(1, 0, COLS, A_NORMAL, " %zu lots, %zu additives; showing %zu, by %s%s; filter: %s",
	        inv->nlots, inv->n - inv->nlots, st->ninv_view, tui_sort_name(st->sort),
	        st->sort_desc ? " (reversed)" : "", *st->filter.text ? st->filter.text : "none");
}

static size_t inv_elem_cols(const struct tui_state *st)
{
	size_t n = st->filter.ncond < INV_ELEM_COLS ? st->filter.ncond : INV_ELEM_COLS;
	size_t room = COLS > 73 ? (size_t)(COLS - 73) / 8 : 0;
	return n < room ? n : room;
}

static void inv_header(const struct tui_state *st)
{
	char extra[64] = "";
	for (size_t k = 0; k < inv_elem_cols(st); k++)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), " %7s",
		         rm_elem_symbol(st->plant->els.z[st->filter.cond[k].e]));
	tui_put(2, 0, COLS, tui_attr(TUI_R_HEAD), " %-10s %-3s %-9s %10s %9s %10s %5s %9s%s", "id",
	        "", "source", "avail kg", "price/kg", "used kg", "used", "vs saved", extra);
}

static void inv_row(const struct tui_state *st, int y, size_t k)
{
	size_t i = st->inv_view[k];
	const struct material *m = &st->plant->inv->m[i];
	double used = st->plan ? st->plan->used[i] : 0;
	double base = st->base ? st->base->used[i] : NAN;
	char avail[32] = "unlimited", u[32], pct[16] = "", d[32] = "", extra[64] = "";
	if (!isinf(m->mass_kg)) {
		report_num(avail, sizeof avail, m->mass_kg, 0);
		if (m->mass_kg > 0)
			snprintf(pct, sizeof pct, "%.0f%%", 100 * used / m->mass_kg);
	}
	report_num(u, sizeof u, used, 1);
	if (st->base != st->plan)
		tui_fmt_delta(d, sizeof d, used - base, 1);
	for (size_t c = 0; c < inv_elem_cols(st); c++)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), " %7.4f",
		         inv_comp(m, st->filter.cond[c].e));
	bool sel = k == st->sel[TUI_SCR_INV];
	attr_t a = sel ? tui_attr(TUI_R_SEL) : used > 0 ? A_NORMAL : tui_attr(TUI_R_DIM);
	tui_put(y, 0, COLS, a, " %-10.10s %-3s %-9s %10s %9.2f %10s %5s %9s%s", m->id,
	        m->kind == MAT_LOT ? "lot" : "add", inv_source_name(m->source), avail, m->price, u,
	        pct, d, extra);
}

/* The selected material: yield and trace columns, then every element it reports. */
static void inv_detail(const struct tui_state *st, int y)
{
	long i = tui_inv_selected(st);
	if (i < 0) {
		tui_put(y, 0, COLS, tui_attr(TUI_R_DIM),
		        " nothing matches the filter (/ to change)");
		return;
	}
	const struct plant *p = st->plant;
	const struct material *m = &p->inv->m[i];
	char line[1024];
	int len = snprintf(line, sizeof line, " %s: yield %.3g", m->id, m->yield);
	for (size_t t = 0; t < m->ntrace && len > 0 && (size_t)len < sizeof line; t++)
		if (*m->trace[t].value)
			len += snprintf(line + len, sizeof line - (size_t)len, "; %s %s",
			                m->trace[t].name, m->trace[t].value);
	tui_put(y, 0, COLS, A_BOLD, "%s", line);
	/* The analysis, wrapped over the two remaining lines. */
	int row = 1, x = 1;
	for (size_t e = 0; e < p->els.n && row < 3; e++) {
		if (!inv_reports(m, e))
			continue;
		char cell[32];
		int w =
		    snprintf(cell, sizeof cell, "%s %.4g  ", rm_elem_symbol(p->els.z[e]), m->c[e]);
		if (x + w > COLS) {
			row++;
			x = 1;
			if (row >= 3)
				break;
		}
		tui_put(y + row, x, w, A_NORMAL, "%s", cell);
		x += w;
	}
}

void tui_draw_inv(const struct tui_state *st)
{
	inv_info(st);
	inv_header(st);
	size_t vis = tui_list_rows(st, TUI_SCR_INV), top = st->top[TUI_SCR_INV];
	for (size_t r = 0; r < vis && top + r < st->ninv_view; r++)
		inv_row(st, 3 + (int)r, top + r);
	inv_detail(st, 3 + (int)vis);
}
