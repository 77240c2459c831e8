/* 4 Pricing: the value table of `remelt price` for one grade, and the value curve of the
 * selected row as a bar chart. Numbers are formatted as `remelt price` prints them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_price.h"
#include "tui_draw.h"
#include "tui_view.h"

/* The list starts under the tab bar, two lines of summary and the header. */
#define PRICE_TOP 4

/* A price per kg as `remelt price` prints it: "-" for none, "needed" when the grade cannot
 * do without it. */
static const char *price_val(char *buf, size_t n, double v)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else if (isinf(v))
		snprintf(buf, n, "needed");
	else
		snprintf(buf, n, "%.2f", v);
	return buf;
}

static void price_verdict_cell(char *buf, size_t n, const struct price_item *it, bool wide)
{
	char kg[32];
	report_num(kg, sizeof kg, it->buy_kg, 0);
	if (it->verdict == PRICE_BUY_SOME)
		snprintf(buf, n, "buy up to %s%s", kg, wide ? " kg" : "");
	else
		snprintf(buf, n, "%s", report_price_verdict(it->verdict));
}

static bool price_whatif(const struct tui_state *st, const struct price_item *it)
{
	return it->offer && st->price.file_quote && it->mat->price != st->price.file_quote[it->src];
}

static void price_row(const struct tui_state *st, int y, const struct price_item *it, bool sel)
{
	bool wide = COLS >= TUI_WIDE_COLS;
	char kg[32], pr[32], be[32], fu[32], vd[64], mg[32], sg[256];
	report_num(kg, sizeof kg, it->mat->mass_kg, 0);
	snprintf(pr, sizeof pr, "%.2f%s", it->mat->price, price_whatif(st, it) ? "*" : "");
	price_val(be, sizeof be, it->break_even);
	price_val(fu, sizeof fu, it->full_use);
	price_verdict_cell(vd, sizeof vd, it, wide);
	bool pending = tui_price_running(st) && st->price.only >= 0 &&
	               it == &st->price.t->g[0].item[st->price.only];
	if (pending) /* a quote what-if not worked out yet: no number rather than the old one */
		snprintf(vd, sizeof vd, "re-pricing...");
	if (pending || isnan(it->margin_per_kg))
		snprintf(mg, sizeof mg, "-");
	else
		snprintf(mg, sizeof mg, "%+.2f", it->margin_per_kg);
	attr_t a = sel                         ? tui_attr(TUI_R_SEL)
	           : it->verdict == PRICE_DONT ? A_NORMAL
	                                       : tui_attr(TUI_R_GOOD);
	if (wide)
		tui_put(y, 0, COLS, a, " %-10.10s %-5s %-12.12s %7s %8s %10s %9s %-18s %9s",
		        it->mat->id, it->offer ? "offer" : "lot",
		        tui_price_scrap(st, it, sg, sizeof sg), kg, pr, be, fu, vd, mg);
	else
		tui_put(y, 0, COLS, a, " %-8.8s %-3s %7s %8s %10s %9s %-16s %8s", it->mat->id,
		        it->offer ? "off" : "lot", kg, pr, be, fu, vd, mg);
}

static void price_head(const struct tui_state *st, const struct price_grade *pg)
{
	const struct tui_price *pr = &st->price;
	const struct grade *g = &st->plant->grades->g[pr->grade];
	char line[400], basis[64], kg[32], cost[32];
	if (pg) {
		if (pg->heat_basis)
			snprintf(basis, sizeof basis, "the mean of %zu heat%s", pg->heat_basis,
			         pg->heat_basis > 1 ? "s" : "");
		else
			snprintf(basis, sizeof basis, "no heat of the grade: default");
		report_num(kg, sizeof kg, pg->heat_kg, 0);
		report_num(cost, sizeof cost, pg->base_cost, 0);
		snprintf(line, sizeof line, "grade %s (g G): heat %s kg, %s; least cost %s",
		         g->name, kg, basis, pg->feasible ? cost : "none");
	} else {
		snprintf(line, sizeof line, "grade %s (g G)", g->name);
	}
	tui_put(1, 0, COLS, A_BOLD, " %s", line);
	char done[32], all[32];
	if (pg && pr->got) {
		report_num(done, sizeof done, (double)pr->ndone, 0);
		report_num(all, sizeof all, (double)pg->nitem, 0);
	}
	if (tui_price_running(st) && pg && pr->got && pr->only < 0) {
		/* Rows come in as they are priced (tui_price_job.c): how many so far. */
		snprintf(line, sizeof line, "pricing %s: priced %s of %s, %.1f s (Esc stops)",
		         g->name, done, all, tui_price_elapsed(st));
		tui_put(2, 0, COLS, tui_attr(TUI_R_DIM), " %s", line);
		return;
	}
	if (tui_price_running(st)) {
		snprintf(line, sizeof line, "pricing %s%s: %.1f s (Esc stops)", g->name,
		         pr->only >= 0 ? ", one offer" : "", tui_price_elapsed(st));
		if (!pg || pr->only < 0) {
			tui_put(2, 0, COLS, tui_attr(TUI_R_DIM), " %s", line);
			return;
		}
	}
	if (!pg) {
		tui_put(2, 0, COLS, tui_attr(TUI_R_BAD), " %s", pr->why);
		return;
	}
	if (!pg->feasible) {
		tui_put(2, 0, COLS, tui_attr(TUI_R_BAD),
		        " no charge of the reference heat meets %s", g->name);
		return;
	}
	char what[128];
	/* Stopped part way (Esc, the time limit): the rows priced are kept. */
	if (pr->got)
		snprintf(what, sizeof what, "stopped at %s of %s rows (r prices again)", done, all);
	else
		snprintf(what, sizeof what, "%zu lots, %zu offers", pr->t->nlots, pr->t->noffers);
	int len = snprintf(line, sizeof line, "%s; showing %zu, by %s%s; filter: %s", what,
	                   pr->nview, tui_psort_name(pr->sort), pr->desc ? " (reversed)" : "",
	                   *pr->filter.text ? pr->filter.text : "none");
	if (COLS >= TUI_WIDE_COLS && len > 0 && (size_t)len < sizeof line)
		snprintf(line + len, sizeof line - (size_t)len, "; margin %g, confidence %g",
		         pr->t->margin, pr->t->confidence);
	tui_put(2, 0, COLS, A_NORMAL, " %s", line);
}

/* The x column of value v on a scale lo..hi over w columns. */
static int price_col(double v, double lo, double hi, int w)
{
	double f = (v - lo) / (hi - lo);
	int c = (int)lround(f * (w - 1));
	return c < 0 ? 0 : c >= w ? w - 1 : c;
}

struct chart_pt {
	char label[32];
	double v;
};

/* The points of the chart: v just above 0 kg (the break-even), then the steps read at even
 * kg (exact: one grade at confidence 0), or the curve's points (exact there). */
static size_t price_points(const struct price_item *it, struct chart_pt *pt, size_t max)
{
	size_t n = 0;
	snprintf(pt[n].label, sizeof pt[n].label, "0+ kg");
	pt[n++].v = it->break_even;
	size_t np = it->nstep ? max - 1 : PRICE_NCURVE;
	double mass = it->mat->mass_kg;
	for (size_t k = 1; k <= np && n < max; k++, n++) {
		double q = it->nstep ? mass * (double)k / (double)np : it->curve_kg[k - 1];
		report_num(pt[n].label, sizeof pt[n].label - 3, q, 0);
		strcat(pt[n].label, " kg");
		pt[n].v = it->nstep ? tui_price_value_at(it, q) : it->curve[k - 1];
	}
	return n;
}

static void price_chart(const struct tui_state *st, int y, int h)
{
	const struct price_item *it = tui_price_selected(st);
	char title[300], kg[32], q[32];
	if (!it) {
		tui_put(y, 0, COLS, tui_attr(TUI_R_HEAD), "-- value curve: no row selected %s",
		        "-----------------------------------------------------------------------");
		return;
	}
	report_num(kg, sizeof kg, it->buy_kg, 0);
	strcat(kg, " kg");
	snprintf(q, sizeof q, "%.2f", it->mat->price);
	const char *stop = it->verdict == PRICE_BUY        ? "pays for all of it"
	                   : it->verdict == PRICE_BUY_SOME ? "stops paying at"
	                                                   : "does not pay";
	snprintf(title, sizeof title, "-- %s v(q) per kg by kg taken; %s %s%s; %s%s%s ",
	         it->mat->id, it->offer ? "quote" : "price", q,
	         price_whatif(st, it) ? " (what-if)" : "", stop,
	         it->verdict == PRICE_BUY_SOME ? " " : "", it->verdict == PRICE_BUY_SOME ? kg : "");
	size_t tl = strlen(title);
	while (tl + 1 < sizeof title && (int)tl < COLS)
		title[tl++] = '-';
	title[tl] = '\0';
	tui_put(y, 0, COLS, tui_attr(TUI_R_HEAD), "%s", title);

	struct chart_pt pt[16];
	size_t max = (size_t)(h - 2) < 16 ? (size_t)(h - 2) : 16;
	size_t n = price_points(it, pt, max);
	/* The scale spans the values and the price, with a quarter of that span below the
	 * least, so that the shortest bar still shows and the differences are what is seen. */
	double price = it->mat->price, lo = price, hi = price;
	for (size_t k = 0; k < n; k++)
		if (isfinite(pt[k].v)) {
			lo = fmin(lo, pt[k].v);
			hi = fmax(hi, pt[k].v);
		}
	double span = hi - lo > 0 ? hi - lo : fabs(hi) * 0.1 + 1;
	lo -= span / 4;
	int x0 = 24, w = COLS - x0 - 1;
	int zc = 0, qc = price_col(price, lo, hi, w);
	for (size_t k = 0; k < n; k++) {
		char val[32], bar[512];
		price_val(val, sizeof val, pt[k].v);
		memset(bar, ' ', (size_t)w);
		bar[w] = '\0';
		if (isfinite(pt[k].v)) {
			int vc = price_col(pt[k].v, lo, hi, w);
			char fill = pt[k].v >= price ? '#' : '=';
			for (int c = vc < zc ? vc : zc; c <= (vc < zc ? zc : vc); c++)
				bar[c] = fill;
		} else if (isnan(pt[k].v) && k > 0) {
			snprintf(bar, sizeof bar, "cannot go in: past the most the heat can take");
		}
		if (qc < w && (isfinite(pt[k].v) || k == 0))
			bar[qc] = '|';
		tui_put(y + 1 + (int)k, 0, x0, A_NORMAL, " %12s %9s ", pt[k].label, val);
		tui_put(y + 1 + (int)k, x0, w, A_NORMAL, "%s", bar);
	}
	/* The axis: the scale's ends under the bars' ends, the legend between them. */
	char l[32], r[32], legend[80], axis[512];
	snprintf(l, sizeof l, "%.2f", lo);
	snprintf(r, sizeof r, "%.2f", hi);
	snprintf(legend, sizeof legend, "| %s  # pays at it  = does not",
	         it->offer ? "quote" : "price");
	int gap = w - (int)strlen(l) - (int)strlen(r) - (int)strlen(legend);
	if (gap >= 2)
		snprintf(axis, sizeof axis, "%s%*s%s%*s%s", l, gap / 2, "", legend, gap - gap / 2,
		         "", r);
	else
		snprintf(axis, sizeof axis, "%s .. %s", l, r);
	tui_put(y + 1 + (int)n, 0, x0, A_NORMAL, "%*s ", x0 - 1, "per kg:");
	tui_put(y + 1 + (int)n, x0, w, tui_attr(TUI_R_DIM), "%s", axis);
}

void tui_draw_price(const struct tui_state *st)
{
	const struct tui_price *pr = &st->price;
	const struct price_grade *pg = pr->t && pr->t->ngrade == 1 ? &pr->t->g[0] : NULL;
	price_head(st, pg);
	bool wide = COLS >= TUI_WIDE_COLS;
	if (wide)
		tui_put(3, 0, COLS, tui_attr(TUI_R_HEAD),
		        " %-10s %-5s %-12s %7s %8s %10s %9s %-18s %9s", "id", "kind",
		        "scrap grades", "kg", "price", "break-even", "full use", "verdict at price",
		        "margin/kg");
	else
		tui_put(3, 0, COLS, tui_attr(TUI_R_HEAD), " %-8s %-3s %7s %8s %10s %9s %-16s %8s",
		        "id", "", "kg", "price", "break-even", "full use", "verdict, kg", "margin");
	int rows = (int)tui_list_rows(st, TUI_SCR_PRICING);
	if (pg && !pg->feasible) {
		tui_put(
		    PRICE_TOP, 0, COLS, tui_attr(TUI_R_BAD),
		    " NO PLAN: grade %s cannot be made from the yard, so nothing has a value in it",
		    st->plant->grades->g[pg->grade].name);
		return;
	}
	if (!pg) {
		tui_put(PRICE_TOP, 0, COLS, A_NORMAL, " %s",
		        tui_price_running(st) ? "no numbers until the table is worked out"
		                              : "no numbers: r prices again");
		return;
	}
	size_t top = st->top[TUI_SCR_PRICING], sel = st->sel[TUI_SCR_PRICING];
	for (int r = 0; r < rows && top + (size_t)r < pr->nview; r++) {
		size_t v = top + (size_t)r;
		price_row(st, PRICE_TOP + r, &pg->item[pr->view[v]], v == sel);
	}
	if (!pr->nview)
		tui_put(PRICE_TOP, 0, COLS, A_NORMAL, " the filter \"%s\" shows no row",
		        pr->filter.text);
	price_chart(st, PRICE_TOP + rows, (int)tui_chart_rows(st));
}
