#include "tui_view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static const struct plan_heat *view_heat(const struct plan *pl, size_t h)
{
	if (!pl || h >= pl->nheat || !pl->heats[h].feasible)
		return NULL;
	return &pl->heats[h];
}

size_t tui_charge_rows(const struct tui_state *st, size_t h, struct tui_charge_row *rows)
{
	const struct plan_heat *cur = view_heat(st->plan, h), *base = view_heat(st->base, h);
	size_t nc = cur ? cur->ncharge : 0, nb = base ? base->ncharge : 0;
	size_t a = 0, b = 0, n = 0;
	/* Both charges are in inventory order: a merge keeps that order. */
	while (a < nc || b < nb) {
		size_t ma = a < nc ? cur->charge[a].mat : (size_t)-1;
		size_t mb = b < nb ? base->charge[b].mat : (size_t)-1;
		struct tui_charge_row r = {ma < mb ? ma : mb, 0, base ? 0 : NAN};
		if (ma <= mb)
			r.kg = cur->charge[a++].kg;
		if (mb <= ma)
			r.base_kg = base->charge[b++].kg;
		rows[n++] = r;
	}
	return n;
}

size_t tui_heat_elems(const struct tui_state *st, size_t h, size_t *out)
{
	size_t n = 0;
	for (size_t e = 0; e < st->plant->els.n; e++) {
		double smin, smax;
		report_spec(st->plant, h, e, &smin, &smax);
		if (!isnan(smin) || !isnan(smax))
			out[n++] = e;
	}
	return n;
}

const struct plan_bind *tui_bind_of(const struct plan_heat *ph, size_t e)
{
	for (size_t k = 0; k < ph->nbind; k++)
		if (ph->bind[k].e == e)
			return &ph->bind[k];
	return NULL;
}

/* The stretch of values the gauge spans: the spec window (or the internal one) with some room
 * on each side, from 0 when there is no minimum. */
static void view_scale(double v, double lo, double hi, double *r0, double *r1)
{
	if (isnan(lo) && isnan(hi)) {
		*r0 = 0;
		*r1 = v > 0 ? 2 * v : 1;
	} else if (isnan(lo)) {
		*r0 = 0;
		*r1 = hi * 1.15;
	} else if (isnan(hi)) {
		double span = fmax(fabs(v - lo) * 1.5, fmax(lo * 0.5, 1e-3));
		*r0 = fmax(0, lo - 0.15 * span);
		*r1 = lo + span;
	} else {
		double pad = (hi - lo) * 0.15;
		*r0 = fmax(0, lo - pad);
		*r1 = hi + pad;
	}
	if (!(*r1 > *r0))
		*r1 = *r0 + 1e-3;
}

static long view_cell(double v, double r0, double r1, size_t width)
{
	double x = floor((v - r0) / (r1 - r0) * (double)width);
	return x < 0 ? -1 : x >= (double)width ? (long)width : (long)x;
}

void tui_gauge(char *buf, size_t width, double v, double band, const struct tui_window *w)
{
	double r0, r1;
	view_scale(v, isnan(w->smin) ? w->ilo : w->smin, isnan(w->smax) ? w->ihi : w->smax, &r0,
	           &r1);
	for (size_t i = 0; i < width; i++) {
		double t = r0 + ((double)i + 0.5) * (r1 - r0) / (double)width;
		bool out = (!isnan(w->smin) && t < w->smin) || (!isnan(w->smax) && t > w->smax);
		bool margin = (!isnan(w->ilo) && t < w->ilo) || (!isnan(w->ihi) && t > w->ihi);
		bool in_band = band > 0 && fabs(t - v) <= band;
		buf[i] = in_band ? '=' : out ? '.' : margin ? ':' : '-';
	}
	buf[width] = '\0';
	if (width == 0)
		return;
	long c;
	if (!isnan(w->smin) && (c = view_cell(w->smin, r0, r1, width)) >= 0 && c < (long)width)
		buf[c] = '[';
	if (!isnan(w->smax) && (c = view_cell(w->smax, r0, r1, width)) >= 0 && c < (long)width)
		buf[c] = ']';
	if (isnan(v))
		return;
	c = view_cell(v, r0, r1, width);
	if (c < 0)
		buf[0] = '<';
	else if (c >= (long)width)
		buf[width - 1] = '>';
	else
		buf[c] = '*';
}

bool tui_diag_line(const struct tui_state *st, size_t h, size_t k, char *buf, size_t n)
{
	const struct plan_heat *ph = st->plan && h < st->plan->nheat ? &st->plan->heats[h] : NULL;
	return ph && report_diag_line(buf, n, st->plant, ph, k);
}

void tui_fmt_limit(char *buf, size_t n, double v)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.4g", v);
}

void tui_fmt_delta(char *buf, size_t n, double d, int decimals)
{
	double half = 0.5 * pow(10, -decimals);
	if (isnan(d) || fabs(d) < half) {
		snprintf(buf, n, "%s", "");
		return;
	}
	char num[40];
	report_num(num, sizeof num, fabs(d), decimals);
	snprintf(buf, n, "%c%s", d > 0 ? '+' : '-', num);
}

void tui_heat_status(const struct tui_state *st, size_t h, char *buf, size_t n)
{
	const struct plan_heat *ph = st->plan && h < st->plan->nheat ? &st->plan->heats[h] : NULL;
	bool wide = st->cols >= TUI_WIDE_COLS;
	if (!ph || !ph->feasible) {
		snprintf(buf, n, "%s", !ph ? "-" : ph->alone ? "NO PLAN (shared)" : "NO PLAN");
		return;
	}
	char p[24] = "";
	if (!isnan(ph->risk.p_in_spec))
		snprintf(p, sizeof p, wide ? ", %.1f%% in spec" : " %.1f%%",
		         100 * ph->risk.p_in_spec);
	if (wide)
		snprintf(buf, n, "%zu limit%s bind%s", ph->nbind, ph->nbind == 1 ? "" : "s", p);
	else
		snprintf(buf, n, "%zu bind%s", ph->nbind, p);
}

const char *tui_heat_furnace(const struct tui_state *st, size_t h)
{
	const struct furnace *f = plant_furnace(st->plant, h);
	return f ? f->id : "-";
}

const char *tui_heat_place(const struct tui_state *st, size_t h, char *buf, size_t n)
{
	long seq = st->plant->heats->h[h].seq;
	if (seq > 0 && plant_furnace(st->plant, h))
		snprintf(buf, n, "%s:%ld", tui_heat_furnace(st, h), seq);
	else
		snprintf(buf, n, "%s", tui_heat_furnace(st, h));
	return buf;
}

const char *tui_heel_from(const struct tui_state *st, size_t h, char *buf, size_t n)
{
	long from = report_heel_from(st->plant, st->plan, h);
	if (from >= 0)
		snprintf(buf, n, "from %s", st->plant->heats->h[from].id);
	else
		snprintf(buf, n, "heel");
	return buf;
}

bool tui_heel(const struct tui_state *st, size_t h, char *kg, size_t n, double *share)
{
	const struct furnace *f = plant_furnace(st->plant, h);
	if (!f)
		return false;
	double bath = plant_bath_kg(st->plant, h);
	double heel = st->plant->heats->h[h].heel_kg;
	report_num(kg, n, heel, 1);
	*share = bath > 0 ? heel / bath : 0;
	return true;
}

void tui_charge_kg(const struct tui_state *st, const struct tui_charge_row *r, char *buf, size_t n,
                   size_t width)
{
	const struct material *m = &st->plant->inv->m[r->mat];
	char u[48];
	if (r->kg > 0 && m->unit_kg > 0 &&
	    strlen(report_units_text(u, sizeof u, m, r->kg)) <= width) {
		snprintf(buf, n, "%s", u);
		return;
	}
	report_num(buf, n, r->kg, 1);
}
