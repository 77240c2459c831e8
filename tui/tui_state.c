#include "tui_state.h"
#include "record_actual.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "tui_adjust.h"
#include "tui_view.h"

void tui_state_msg(struct tui_state *st, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->msg, sizeof st->msg, fmt, ap);
	va_end(ap);
	st->msg_err = error;
}

/* The tables must describe the very rows the plant was loaded from, or edits would land on
 * the wrong cells. */
static int state_tables(struct tui_state *st, struct rm_error *err)
{
	const struct plant *p = st->plant;
	const char *path[TUI_NFILE] = {p->inv->lots_file, p->inv->additives_file, p->grades->file,
	                               p->heats->file};
	size_t rows[TUI_NFILE] = {p->inv->nlots, p->inv->n - p->inv->nlots, 0, p->heats->n};
	for (size_t g = 0; g < p->grades->n; g++)
		rows[TUI_FILE_GRADES] += p->grades->g[g].nlim;
	for (int f = 0; f < TUI_NFILE; f++) {
		if (!path[f])
			continue;
		if (tui_table_load(path[f], &st->tab[f], err) < 0)
			return -1;
		if (st->tab[f]->nrows != rows[f])
			return rm_error_set(err, path[f], 0, 0,
			                    "changed while it was being read; try again");
	}
	return 0;
}

int tui_state_new(const char *dir, const char *offers, const struct plan_opts *o,
                  struct tui_state **out, struct rm_error *err)
{
	struct tui_state *st = calloc(1, sizeof *st);
	if (!st)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	st->opts = *o;
	st->opts.write_lp = NULL; /* a what-if loop must not keep rewriting an LP file */
	st->rows = 24;
	st->cols = 80;
	st->filter.kind = -1;
	st->last_total = NAN;
	st->price.fd = -1;
	int rc = plant_load(dir, true, &st->plant, err);
	if (!rc)
		rc = actual_load(dir, NULL, &st->actual, err);
	if (!rc)
		rc = state_tables(st, err);
	if (!rc)
		rc = tui_price_init(st, offers, err);
	if (!rc)
		rc = plan_warm_open(st->plant, &st->opts, &st->warm, &st->plan, err);
	if (!rc && tui_inv_rebuild(st) < 0)
		rc = rm_error_set(err, dir, 0, 0, "out of memory");
	if (rc) {
		tui_state_free(st);
		return -1;
	}
	st->base = st->plan;
	const struct plant *p = st->plant;
	/* A first plan the time limit stopped says so first, as a re-solve's does. */
	char gap[64];
	if (st->plan->status == PLAN_OPTIMAL && st->plan->mip_time_limit_hit)
		tui_state_msg(st, false, "stopped early, %s; %s. ? for help",
		              report_gap_words(gap, sizeof gap, st->plan->mip_gap, 3), p->dir);
	else
		tui_state_msg(
		    st, false, "%s: %zu lots, %zu additives, %zu grades, %zu heats. ? for help",
		    p->dir, p->inv->nlots, p->inv->n - p->inv->nlots, p->grades->n, p->heats->n);
	*out = st;
	return 0;
}

static void state_free_edit(struct tui_edit *e)
{
	free(e->old_text);
	free(e->new_text);
}

void tui_state_free(struct tui_state *st)
{
	if (!st)
		return;
	if (st->base != st->plan)
		plan_free(st->base);
	plan_free(st->plan);
	actual_free(st->actual);
	for (size_t k = 0; k < st->nedit; k++)
		state_free_edit(&st->edits[k]);
	free(st->edits);
	for (int f = 0; f < TUI_NFILE; f++)
		tui_table_free(st->tab[f]);
	free(st->inv_view);
	tui_price_free(st);
	tui_adj_free(st->adj);
	plan_warm_free(st->warm);
	plant_free(st->plant);
	free(st);
}

/* "+1,234" / "-56" / "0": a change in whole currency units. */
static void state_delta(char *buf, size_t n, double d)
{
	tui_fmt_delta(buf, n, d, 0);
	if (!*buf)
		snprintf(buf, n, "0");
}

static void state_solved_msg(struct tui_state *st, const char *what)
{
	const struct plan *pl = st->plan;
	const char *sep = *what ? ": " : "";
	if (pl->status != PLAN_OPTIMAL) {
		char *why = report_why(st->plant, pl);
		tui_state_msg(st, true, "%s%sNO PLAN: %s", what, sep, why ? why : "out of memory");
		free(why);
		return;
	}
	char tot[48], d1[48] = "", d2[48] = "";
	report_num(tot, sizeof tot, pl->total_cost, 0);
	if (!isnan(st->last_total))
		state_delta(d1, sizeof d1, pl->total_cost - st->last_total);
	if (st->base && st->base->status == PLAN_OPTIMAL)
		state_delta(d2, sizeof d2, pl->total_cost - st->base->total_cost);
	char chg[64] = "";
	if (*d1)
		snprintf(chg, sizeof chg, "%s; ", d1);
	char early[96] = "", gap[64];
	if (pl->mip_time_limit_hit) /* Esc or the time limit: the best plan found so far */
		snprintf(early, sizeof early, "stopped early, %s; ",
		         report_gap_words(gap, sizeof gap, pl->mip_gap, 3));
	tui_state_msg(st, false, "%s%s%stotal %s (%svs saved %s)", what, sep, early, tot, chg,
	              *d2 ? d2 : "-");
}

int tui_state_solve(struct tui_state *st)
{
	struct plan *np = NULL;
	struct rm_error err = {0};
	char what[sizeof st->what];
	snprintf(what, sizeof what, "%s", st->what);
	st->what[0] = '\0';
	tui_price_stale(st); /* the table priced the plant as it was before this solve */
	/* warm from the plan on screen when only numbers changed (solver/plan_warm.c) */
	if (plan_warm_resolve(st->warm, st->plant, &st->opts, &np, &err) < 0) {
		char buf[1200];
		rm_error_format(&err, buf, sizeof buf);
		tui_state_msg(st, true, "not solved: %s", buf);
		return -1;
	}
	st->last_total =
	    (st->plan && st->plan->status == PLAN_OPTIMAL) ? st->plan->total_cost : NAN;
	if (st->plan != st->base)
		plan_free(st->plan);
	st->plan = np;
	if (tui_inv_rebuild(st) < 0)
		tui_state_msg(st, true, "out of memory");
	else
		state_solved_msg(st, what);
	if (st->adj) { /* what-if edits move the correction too: stock, prices, V */
		st->adj->value_stale = true;
		tui_adj_solve(st);
	}
	return 0;
}

/* Screen layout, shared by paging here and by the draw functions. Every screen has the tab
 * bar on the first row and the status line on the last. */
size_t tui_list_rows(const struct tui_state *st, enum tui_screen s)
{
	long r = st->rows;
	long n = 1;
	switch (s) {
	case TUI_SCR_PLAN: {
		long heats = (long)tui_list_len(st, s);
		n = (r - 4) / 3;
		if (n < 3)
			n = 3;
		if (n > heats)
			n = heats;
		break;
	}
	case TUI_SCR_INV: n = r - 7; break;    /* info, header, 3 detail lines */
	case TUI_SCR_GRADES: n = r - 4; break; /* info, header */
	case TUI_SCR_PRICING: n = r - 5 - (long)tui_chart_rows(st); break; /* 2 info, header */
	case TUI_SCR_ACTUAL: /* info, header, heats, separator, the selected heat's detail */
		n = (r - 4) / 2;
		if (n > (long)tui_list_len(st, s))
			n = (long)tui_list_len(st, s);
		break;
	case TUI_SCR_ADJUST: n = r - 10; break; /* info, header, additions below */
	case TUI_NSCREEN: break;
	}
	return n < 1 ? 1 : (size_t)n;
}

size_t tui_chart_rows(const struct tui_state *st)
{
	/* a title, the 0+ bar, the curve's points or steps, the axis: 8 rows at 80x24 */
	return st->rows >= 30 ? 10 : 8;
}

size_t tui_detail_rows(const struct tui_state *st)
{
	/* tab bar, summary, heat header, heats, separator, ..., status */
	long n = st->rows - 5 - (long)tui_list_rows(st, TUI_SCR_PLAN);
	return n < 1 ? 1 : (size_t)n;
}

size_t tui_list_len(const struct tui_state *st, enum tui_screen s)
{
	size_t n = 0;
	switch (s) {
	case TUI_SCR_PLAN: return st->plant->heats->n;
	case TUI_SCR_INV: return st->ninv_view;
	case TUI_SCR_GRADES:
		for (size_t g = 0; g < st->plant->grades->n; g++)
			n += st->plant->grades->g[g].nlim;
		return n;
	case TUI_SCR_PRICING: return st->price.nview;
	case TUI_SCR_ACTUAL: return st->actual ? st->actual->n : 0;
	case TUI_SCR_ADJUST: {
		size_t *els = malloc((st->plant->els.n + 1) * sizeof *els);
		n = els ? tui_adj_elems(st, els) : 0;
		free(els);
		return n;
	}
	case TUI_NSCREEN: break;
	}
	return 0;
}

static void state_keep_visible(struct tui_state *st, enum tui_screen s)
{
	size_t n = tui_list_len(st, s), vis = tui_list_rows(st, s);
	if (st->sel[s] >= n)
		st->sel[s] = n ? n - 1 : 0;
	if (st->sel[s] < st->top[s])
		st->top[s] = st->sel[s];
	if (st->sel[s] >= st->top[s] + vis)
		st->top[s] = st->sel[s] - vis + 1;
	if (st->top[s] + vis > n)
		st->top[s] = n > vis ? n - vis : 0;
}

void tui_state_resize(struct tui_state *st, int rows, int cols)
{
	st->rows = rows;
	st->cols = cols;
	for (int s = 0; s < TUI_NSCREEN; s++)
		state_keep_visible(st, (enum tui_screen)s);
	tui_state_scroll_detail(st, 0);
}

void tui_state_move(struct tui_state *st, long delta)
{
	enum tui_screen s = st->screen;
	size_t n = tui_list_len(st, s), old = st->sel[s];
	long to = (long)st->sel[s] + delta;
	if (to < 0 || n == 0)
		to = 0;
	else if ((size_t)to >= n)
		to = (long)n - 1;
	st->sel[s] = (size_t)to;
	state_keep_visible(st, s);
	if (s == TUI_SCR_PLAN && st->sel[s] != old)
		st->detail_top = 0;
}

void tui_state_scroll_detail(struct tui_state *st, long delta)
{
	long to = (long)st->detail_top + delta;
	/* The longer pane is the charge list or the element list: at most every material or
	 * element plus a heading, a heel, a total, one line of unlimited elements and one per
	 * binding limit. */
	size_t h = st->sel[TUI_SCR_PLAN];
	size_t len = 3 + st->plant->els.n, nch = 0;
	if (st->plan && h < st->plan->nheat) {
		nch = st->plan->heats[h].ncharge + (st->base ? st->base->heats[h].ncharge : 0) + 4;
		len += st->plan->heats[h].nbind; /* a line per binding limit: its saving */
	}
	if (nch > len)
		len = nch;
	long max = (long)len - (long)tui_detail_rows(st);
	if (to > max)
		to = max;
	if (to < 0)
		to = 0;
	st->detail_top = (size_t)to;
}

void tui_grade_row(const struct tui_state *st, size_t r, size_t *g, size_t *l)
{
	const struct grade_set *gs = st->plant->grades;
	*g = *l = 0;
	for (size_t k = 0; k < gs->n; k++) {
		if (r < gs->g[k].nlim) {
			*g = k;
			*l = r;
			return;
		}
		r -= gs->g[k].nlim;
	}
}

long tui_inv_selected(const struct tui_state *st)
{
	size_t s = st->sel[TUI_SCR_INV];
	return s < st->ninv_view ? (long)st->inv_view[s] : -1;
}
