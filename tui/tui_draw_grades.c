/* 3 Grades: each grade's limits, the spec window and the internal window the plan runs to
 * under the current margin, and the heats that make the grade. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui_draw.h"
#include "tui_view.h"

static void grades_heats(const struct tui_state *st, size_t g, char *buf, size_t n)
{
	const struct heat_set *hs = st->plant->heats;
	buf[0] = '\0';
	for (size_t h = 0; h < hs->n; h++)
		if (hs->h[h].grade == g && strlen(buf) + strlen(hs->h[h].id) + 2 < n)
			snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", *buf ? " " : "",
			         hs->h[h].id);
}

static void grades_row(const struct tui_state *st, int y, size_t r)
{
	size_t g, l;
	tui_grade_row(st, r, &g, &l);
	const struct grade *gr = &st->plant->grades->g[g];
	const struct grade_limit *lim = &gr->lim[l];
	double lo, hi;
	grade_internal(lim, st->opts.margin, &lo, &hi);
	char a[16], b[16], c[16], d[16], heats[256] = "";
	tui_fmt_limit(a, sizeof a, lim->min);
	tui_fmt_limit(b, sizeof b, lim->max);
	tui_fmt_limit(c, sizeof c, lo);
	tui_fmt_limit(d, sizeof d, hi);
	if (l == 0)
		grades_heats(st, g, heats, sizeof heats);
	attr_t at = r == st->sel[TUI_SCR_GRADES] ? tui_attr(TUI_R_SEL) : A_NORMAL;
	bool first = l == 0 || r == st->top[TUI_SCR_GRADES]; /* the grade's name stays in view */
	tui_put(y, 0, COLS, at, " %-9.9s %-3s %9s %9s   %9s %9s   %s", first ? gr->name : "",
	        rm_elem_symbol(st->plant->els.z[lim->e]), a, b, c, d, heats);
}

void tui_draw_grades(const struct tui_state *st)
{
	tui_put(1, 0, COLS, A_NORMAL,
	        " %zu grades; internal limits at margin %g: each window tightened by %g of its "
	        "width",
	        st->plant->grades->n, st->opts.margin, st->opts.margin);
	tui_put(2, 0, COLS, tui_attr(TUI_R_HEAD), " %-9s %-3s %9s %9s   %9s %9s   %s", "grade",
	        "el", "spec min", "spec max", "int min", "int max", "heats");
	size_t vis = tui_list_rows(st, TUI_SCR_GRADES), top = st->top[TUI_SCR_GRADES];
	size_t n = tui_list_len(st, TUI_SCR_GRADES);
	for (size_t r = 0; r < vis && top + r < n; r++)
		grades_row(st, 3 + (int)r, top + r);
}
