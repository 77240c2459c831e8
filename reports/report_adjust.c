/* The correction sheet (text): what to add and in what order, the bath before and after
 * against its windows, P(ok), and, with --divert, the other grades the bath could make. */
#include "report_adjust.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rm_text.h"

const char *report_adjust_status(const struct adjust *r)
{
	return r->status == PLAN_OPTIMAL      ? "optimal"
	       : r->status == PLAN_INFEASIBLE ? "infeasible"
	                                      : "time_limit";
}

void report_adjust_order(const struct plant *p, const struct adjust *r, size_t *ord)
{
	for (size_t k = 0; k < r->nadd; k++)
		ord[k] = k;
	/* insertion sort: a handful of additions */
	for (size_t k = 1; k < r->nadd; k++) {
		size_t v = ord[k], i = k;
		bool va = adjust_alloying(&p->inv->m[r->add[v].mat]);
		while (i > 0) {
			const struct adjust_item *u = &r->add[ord[i - 1]];
			bool ua = adjust_alloying(&p->inv->m[u->mat]);
			if (ua < va || (ua == va && u->kg >= r->add[v].kg))
				break;
			ord[i] = ord[i - 1];
			i--;
		}
		ord[i] = v;
	}
}

const char *report_adjust_why(const struct plant *p, const struct adjust *r, char *buf, size_t n)
{
	size_t k = 0, nf = 0;
	buf[0] = 0;
	if (r->status == PLAN_TIME_LIMIT) {
		snprintf(buf, n, "the time ran out before branch and bound found a correction");
		return buf;
	}
	if (r->uncertainty_only) {
		snprintf(buf, n,
		         "the windows can be met with the values taken as exact, not with the "
		         "confidence asked over the sample's, the bath mass's and the additions' "
		         "uncertainty");
		return buf;
	}
	if (r->rules_only) {
		snprintf(buf, n,
		         "the windows can be met with any masses, not in whole units and minimum "
		         "charges");
		return buf;
	}
	for (size_t i = 0; i < r->nlim; i++) {
		const struct adjust_limit *l = &r->lim[i];
		if (!l->fails)
			continue;
		int w = snprintf(buf + k, n - k,
		                 "%s%s %s %.4g%% cannot be met (best %.4g%% within "
		                 "capacity and stock)",
		                 nf ? "; " : "", rm_elem_symbol(p->els.z[l->e]),
		                 l->side < 0 ? "min" : "max", l->limit, l->best);
		if (w < 0 || (size_t)w >= n - k)
			break;
		k += (size_t)w;
		nf++;
	}
	if (!nf)
		snprintf(buf, n,
		         "each limit can be met alone within capacity and stock, not all together");
	return buf;
}

static void text_head(FILE *f, const struct plant *p, const struct adjust_case *c,
                      const struct adjust *r)
{
	char a[32], b[32], v[32];
	report_num(a, sizeof a, r->bath_kg, 0);
	fprintf(f, "remelt adjust: %s%s%sgrade %s, ", c->heat ? "heat " : "",
	        c->heat ? c->heat : "", c->heat ? ", " : "", p->grades->g[r->grade].name);
	if (c->furnace >= 0) {
		report_num(b, sizeof b, r->capacity_kg, 0);
		fprintf(f, "furnace %s (capacity %s kg)\n", p->furnaces->f[c->furnace].id, b);
	} else {
		fprintf(f, "no furnace (no capacity limit, recovery 1)\n");
	}
	fprintf(f, "bath %s kg", a);
	if (c->bath_sd > 0) {
		report_num(b, sizeof b, c->bath_sd, 0);
		fprintf(f, " (sd %s kg)", b);
	}
	size_t sparks = 0;
	for (size_t k = 0; k < c->sample->n; k++)
		sparks = c->sample->el[k].n > sparks ? c->sample->el[k].n : sparks;
	fprintf(f, ", sample %s: %zu element%s, up to %zu spark%s\n", c->sample->file, c->sample->n,
	        c->sample->n == 1 ? "" : "s", sparks, sparks == 1 ? "" : "s");
	fprintf(f, "internal limits: margin %g of each window; ", c->margin);
	if (c->confidence > 0)
		fprintf(f, "each limit holds with probability %g\n", c->confidence);
	else
		fprintf(f, "values taken as exact\n");
	report_num(v, sizeof v, r->metal_value, 2);
	fprintf(f, "metal value %s per kg tapped (%s)", v,
	        c->value_given   ? "--metal-value"
	        : c->value_found ? "the least-cost charge of the heat, per kg tapped"
	                         : "no least-cost charge of the heat found: 0");
	if (c->pour_off) {
		report_num(v, sizeof v, r->off_value, 2);
		fprintf(f, "; off-grade metal %s per kg", v);
	}
	fputc('\n', f);
}

static void text_additions(FILE *f, const struct plant *p, const struct adjust *r)
{
	char kg[32], cost[32], units[48], x[32];
	size_t *ord = malloc((r->nadd + 1) * sizeof *ord);
	if (!ord)
		return;
	report_adjust_order(p, r, ord);
	if (r->poured_kg > 1e-6) {
		report_num(kg, sizeof kg, r->poured_kg, 1);
		fprintf(f, "\nfirst pour off %s kg of the bath (sold as off-grade)\n", kg);
	}
	if (r->nadd == 0)
		fprintf(f, "\nadd nothing: the bath meets its windows as it is\n");
	else
		fprintf(f,
		        "\nadd, in this order (dilution first, alloying last):\n"
		        "  %-4s %-16s %-9s %-9s %12s %9s %13s\n",
		        "step", "material", "kind", "role", "kg", "price/kg", "cost");
	for (size_t k = 0; k < r->nadd; k++) {
		const struct adjust_item *it = &r->add[ord[k]];
		const struct material *m = &p->inv->m[it->mat];
		char id[80];
		report_num(kg, sizeof kg, it->kg, 1);
		report_num(cost, sizeof cost, m->price * it->kg, 0);
		fprintf(f, "  %-4zu %-16.16s %-9s %-9s %12s %9.2f %13s", k + 1,
		        rm_text_visible(id, sizeof id, m->id, strlen(m->id), false),
		        m->kind == MAT_LOT ? "lot" : "additive",
		        adjust_alloying(m) ? "alloying" : "dilution", kg, m->price, cost);
		if (m->unit_kg > 0)
			fprintf(f, "   %s", report_units_text(units, sizeof units, m, it->kg));
		fputc('\n', f);
	}
	free(ord);
	report_num(cost, sizeof cost, r->cost, 0);
	report_num(kg, sizeof kg, r->metal_kg, 1);
	report_num(x, sizeof x, r->metal_value * r->metal_kg, 0);
	fprintf(f, "additions cost %s for %s kg of metal, worth %s\n", cost, kg, x);
	if (r->poured_kg > 1e-6) {
		report_num(x, sizeof x, (r->metal_value - r->off_value) * r->poured_kg, 0);
		fprintf(f, "pour-off loses %s (metal value less off-grade value)\n", x);
	}
	report_num(cost, sizeof cost, r->objective, 0);
	report_num(kg, sizeof kg, r->final_kg, 1);
	fprintf(f, "net cost of the correction %s; final bath %s kg", cost, kg);
	if (!isinf(r->capacity_kg)) {
		report_num(x, sizeof x, r->capacity_kg, 0);
		fprintf(f, " of %s kg capacity", x);
	}
	fputc('\n', f);
}

static void text_num(char *buf, size_t n, double v)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.4f", v);
}

/* Every sampled element before and after; the limited ones against their windows. */
static void text_composition(FILE *f, const struct plant *p, const struct adjust_case *c,
                             const struct adjust *r)
{
	fprintf(f, "\n  %-7s %9s %9s %9s %9s %9s %9s %8s %7s %7s\n", "element", "spec min",
	        "int min", "before", "after", "int max", "spec max", "+-sd", "P bef", "P aft");
	const struct grade *g = &p->grades->g[r->grade];
	for (size_t k = 0; k < c->sample->n; k++) {
		const struct plant_sample_el *s = &c->sample->el[k];
		char v[8][16];
		double lo = NAN, hi = NAN, smin = NAN, smax = NAN, sd = s->sd, pb = 1, pa = 1;
		for (size_t i = 0; i < r->nlim; i++) {
			const struct adjust_limit *l = &r->lim[i];
			if ((long)l->e != s->e)
				continue;
			*(l->side < 0 ? &lo : &hi) = l->limit;
			*(l->side < 0 ? &smin : &smax) = l->spec;
			sd = l->sd;
			pb *= l->p_before;
			pa *= l->p_ok;
		}
		bool limited = s->e >= 0 && grade_limit_of(g, (size_t)s->e);
		text_num(v[0], 16, smin);
		text_num(v[1], 16, lo);
		text_num(v[2], 16, s->mean);
		text_num(v[3], 16, r->after[k]);
		text_num(v[4], 16, hi);
		text_num(v[5], 16, smax);
		fprintf(f, "  %-7s %9s %9s %9s %9s %9s %9s", rm_elem_symbol(s->z), v[0], v[1], v[2],
		        v[3], v[4], v[5]);
		if (limited) {
			bool bad = (!isnan(lo) && s->mean < lo) || (!isnan(hi) && s->mean > hi);
			fprintf(f, " %8.4f %6.1f%% ", sd, 100 * pb);
			if (r->status == PLAN_OPTIMAL)
				fprintf(f, "%6.1f%%", 100 * pa);
			else
				fprintf(f, "%7s", "-");
			if (bad)
				fprintf(f, "  out of window before");
		}
		fputc('\n', f);
	}
	if (r->status == PLAN_OPTIMAL)
		fprintf(f, "P(every spec limit holds): before %.1f%%, after %.1f%%\n",
		        100 * r->p_ok_before, 100 * r->p_ok);
	else
		fprintf(f, "P(every spec limit holds) as sampled: %.1f%%\n", 100 * r->p_ok_before);
}

static void text_why(FILE *f, const struct plant *p, const struct adjust *r)
{
	char why[1024];
	fprintf(f, "\nno correction: %s\n", report_adjust_why(p, r, why, sizeof why));
	if (r->status != PLAN_INFEASIBLE || r->rules_only)
		return;
	fprintf(f,
	        "  %-7s %-4s %10s %10s %10s  (best: each limit alone, within capacity and "
	        "stock)\n",
	        "element", "side", "limit", "before", "best");
	for (size_t i = 0; i < r->nlim; i++) {
		const struct adjust_limit *l = &r->lim[i];
		fprintf(f, "  %-7s %-4s %10.4f %10.4f %10.4f%s\n", rm_elem_symbol(p->els.z[l->e]),
		        l->side < 0 ? "min" : "max", l->limit, l->before, l->best,
		        l->fails ? "  cannot be met" : "");
	}
}

static void text_alternatives(FILE *f, const struct plant *p, const struct adjust_case *c)
{
	char a[32], b[32], x[32];
	fprintf(f,
	        "\nother grades for this bath (--divert), cheapest first:\n"
	        "  %-12s %-10s %14s %14s %10s %8s\n",
	        "grade", "status", "net cost", "additions", "final kg", "P ok");
	for (size_t k = 0; k < c->nalt; k++) {
		const struct adjust_alt *al = &c->alt[k];
		const char *name = p->grades->g[al->grade].name;
		if (!al->a) {
			fprintf(f, "  %-12s %-10s the sample has no %s\n", name, "-",
			        rm_elem_symbol(p->els.z[al->unsampled]));
			continue;
		}
		const struct adjust *r = al->a;
		if (r->status != PLAN_OPTIMAL) {
			char why[512];
			fprintf(f, "  %-12s %-10s %s\n", name, report_adjust_status(r),
			        report_adjust_why(p, r, why, sizeof why));
			continue;
		}
		report_num(a, sizeof a, r->objective, 0);
		report_num(b, sizeof b, r->cost, 0);
		report_num(x, sizeof x, r->final_kg, 0);
		fprintf(f, "  %-12s %-10s %14s %14s %10s %7.1f%%\n", name, "optimal", a, b, x,
		        100 * r->p_ok);
	}
}

int report_adjust(FILE *f, enum report_format fmt, const struct plant *p,
                  const struct adjust_case *c, const struct adjust *r, struct rm_error *err)
{
	if (fmt == REPORT_JSON)
		return report_adjust_json(f, p, c, r, err);
	text_head(f, p, c, r);
	if (r->status == PLAN_OPTIMAL)
		text_additions(f, p, r);
	else
		text_why(f, p, r);
	report_rules_of_grade(f, p, r->grade,
	                      "material rules of this grade (on the additions):", true);
	report_quarantine(f, p, "quarantined, never added:");
	text_composition(f, p, c, r);
	if (c->alt)
		text_alternatives(f, p, c);
	if (ferror(f))
		return rm_error_set(err, NULL, 0, 0, "cannot write the report");
	return 0;
}
