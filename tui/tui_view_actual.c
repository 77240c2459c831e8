/* 5 Actual's content (tui_view.h): the recorded heats against their plans, as `remelt report
 * actual` gives them (reports/report_actual.h decides what lies outside the predicted
 * interval), worked out without a terminal. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "record_actual.h"
#include "report.h"
#include "report_actual.h"
#include "rm_elem.h"
#include "rm_stat.h"
#include "tui_view.h"

/* The two-sided 95% quantile: the TUI shows report actual's default level. */
static double actual_z(void)
{
	return rm_stat_quantile(0.975);
}

size_t tui_actual_outside(const struct actual_heat *h)
{
	size_t n = 0;
	double dev, z = actual_z();
	for (size_t k = 0; k < h->nel; k++)
		n += (size_t)report_actual_outside(&h->el[k], z, &dev);
	return n;
}

void tui_actual_row(const struct tui_state *st, size_t k, char *buf, size_t n)
{
	const struct actual_heat *h = &st->actual->h[k];
	char ch[32], pl[32], yield[48] = "-";
	report_num(ch, sizeof ch, h->charged_kg, 0);
	report_num(pl, sizeof pl, h->planned_kg, 0);
	if (isfinite(h->tapped_kg) && h->charged_kg > 0)
		snprintf(yield, sizeof yield, "%.1f%%", 100 * h->tapped_kg / h->charged_kg);
	if (isfinite(h->tapped_kg) && isfinite(h->metal_kg) && h->charged_kg > 0)
		snprintf(yield + strlen(yield), sizeof yield - strlen(yield), " (%.1f%%)",
		         100 * h->metal_kg / h->charged_kg);
	size_t out = tui_actual_outside(h);
	char flag[32] = "";
	if (out)
		snprintf(flag, sizeof flag, "  %zu OUTSIDE", out);
	snprintf(buf, n, " %-8.8s %-6.6s %-8.8s %9s / %-9s %-15s%s", h->heat, h->grade,
	         h->plan[0] ? h->plan : "direct", ch, h->plan[0] ? pl : "-", yield, flag);
}

bool tui_actual_line(const struct tui_state *st, size_t k, size_t j, char *buf, size_t n)
{
	const struct actual_heat *h = &st->actual->h[k];
	double z = actual_z();
	if (j == 0) {
		snprintf(buf, n, " %-7s %9s %9s %9s %7s", "element", "planned", "sd", "analysed",
		         "dev/sd");
		return true;
	}
	if (j <= h->nel) {
		const struct actual_elem *e = &h->el[j - 1];
		double dev;
		int out = report_actual_outside(e, z, &dev);
		char pl[16] = "-", sd[16] = "-", dv[16] = "-";
		if (isfinite(e->plan_pct))
			snprintf(pl, sizeof pl, "%.4f", e->plan_pct);
		if (isfinite(e->plan_sd))
			snprintf(sd, sizeof sd, "%.4f", e->plan_sd);
		if (isfinite(dev))
			snprintf(dv, sizeof dv, "%+.1f", dev);
		snprintf(buf, n, " %-7s %9s %9s %9.4f %7s%s", rm_elem_symbol(e->z), pl, sd, e->pct,
		         dv, out ? "  OUTSIDE the 95% interval" : "");
		return true;
	}
	/* then the materials whose weighed kg differ from the booking */
	size_t m = 0, want = j - h->nel - 1;
	for (size_t i = 0; i < h->nmat; i++) {
		const struct actual_mat *x = &h->mat[i];
		if (x->charged == x->planned)
			continue;
		if (m++ == want) {
			char a[32], b[32];
			report_num(a, sizeof a, x->planned, 1);
			report_num(b, sizeof b, x->charged, 1);
			snprintf(buf, n, " %-20.20s %12s kg booked, %12s kg weighed", x->id, a, b);
			return true;
		}
	}
	return false;
}
