/* The price table a buyer reads: per lot and offer, what it is worth in the reference heat
 * of a grade, how much of it the charge can use, and whether the price is right. */
#include "report_price.h"

#include <math.h>
#include <string.h>

const char *report_price_verdict(enum price_verdict v)
{
	return v == PRICE_BUY ? "buy" : v == PRICE_BUY_SOME ? "buy up to" : "do not buy";
}

const char *report_price_scrap(const struct price_report *r, const struct price_item *it, char *buf,
                               size_t n)
{
	const struct material *m = it->mat;
	return scrap_list(r->p->scrap, r->els, m->c, m->nc, inv_source_name(m->source), buf, n);
}

void report_price_basis(const struct price_grade *pg, char *buf, size_t n)
{
	if (pg->heat_given)
		snprintf(buf, n, "--heat-kg");
	else if (pg->heat_basis)
		snprintf(buf, n, "the mean of %zu heat%s of the grade in heats.csv", pg->heat_basis,
		         pg->heat_basis > 1 ? "s" : "");
	else
		snprintf(buf, n, "default: no heat of the grade in heats.csv");
}

/* A price per kg: "-" for none (NAN), "needed" when the grade cannot do without it. */
static const char *text_val(char *buf, size_t n, double v)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else if (isinf(v))
		snprintf(buf, n, "needed");
	else
		snprintf(buf, n, "%.2f", v);
	return buf;
}

static void text_verdict(char *buf, size_t n, const struct price_item *it)
{
	char kg[32];
	report_num(kg, sizeof kg, it->buy_kg, 0);
	if (it->verdict == PRICE_BUY_SOME)
		snprintf(buf, n, "buy up to %s kg", kg);
	else
		snprintf(buf, n, "%s", report_price_verdict(it->verdict));
}

static void text_item(FILE *f, const struct price_report *r, const struct price_item *it)
{
	char sg[256], kg[32], be[32], fu[32], c[PRICE_NCURVE][32], vd[64], mg[32];
	report_num(kg, sizeof kg, it->mat->mass_kg, 0);
	for (size_t k = 0; k + 1 < PRICE_NCURVE; k++)
		text_val(c[k], sizeof c[k], it->curve[k]);
	text_verdict(vd, sizeof vd, it);
	if (isnan(it->margin_per_kg))
		snprintf(mg, sizeof mg, "-");
	else
		snprintf(mg, sizeof mg, "%+.2f", it->margin_per_kg);
	fprintf(f, "%-12s %-20.20s %9s %8.2f %10s %9s %8s %8s %8s  %-20s %9s\n", it->mat->id,
	        report_price_scrap(r, it, sg, sizeof sg), kg, it->mat->price,
	        text_val(be, sizeof be, it->break_even), text_val(fu, sizeof fu, it->full_use),
	        c[0], c[1], c[2], vd, mg);
}

static void text_items(FILE *f, const struct price_report *r, const struct price_grade *pg,
                       bool offers)
{
	size_t n = 0;
	for (size_t k = 0; k < pg->nitem; k++)
		n += pg->item[k].offer == offers;
	if (!n)
		return;
	fprintf(f, "\n%-12s %-20s %9s %8s %10s %9s %8s %8s %8s  %-20s %9s\n",
	        offers ? "offer" : "lot", "scrap grades", "kg", offers ? "quote" : "price",
	        "break-even", "full use", "v(1/4)", "v(1/2)", "v(3/4)",
	        offers ? "verdict at the quote" : "verdict at the price", "margin/kg");
	for (size_t k = 0; k < pg->nitem; k++)
		if (pg->item[k].offer == offers)
			text_item(f, r, &pg->item[k]);
}

static void text_grade(FILE *f, const struct price_report *r, const struct price_grade *pg)
{
	const struct price_table *t = r->t;
	char kg[32], basis[128], cost[32];
	report_num(kg, sizeof kg, pg->heat_kg, 0);
	report_price_basis(pg, basis, sizeof basis);
	fprintf(f, "remelt price: grade %s, reference heat %s kg (%s)\n",
	        r->p->grades->g[pg->grade].name, kg, basis);
	if (!pg->feasible) {
		fprintf(f,
		        "margin %.2f, confidence %g: the grade cannot be made from the yard, so "
		        "nothing has a price against it (see remelt plan)\n",
		        t->margin, t->confidence);
		return;
	}
	report_num(cost, sizeof cost, pg->base_cost, 0);
	fprintf(f,
	        "margin %.2f, confidence %g: least-cost charge from the yard %s (%.2f per kg "
	        "tapped)\n",
	        t->margin, t->confidence, cost, pg->base_cost / pg->heat_kg);
	fputs("per kg charged: break-even = the highest price at which the charge takes any of "
	      "it,\nfull use = all of it, v(q) = the price at which it takes q of its kg; "
	      "\"-\" = none\n",
	      f);
	text_items(f, r, pg, false);
	text_items(f, r, pg, true);
}

static void text_cell(char *buf, size_t n, const struct price_grade *pg,
                      const struct price_item *it)
{
	char be[32], fu[32];
	if (!pg->feasible)
		snprintf(buf, n, "n/a");
	else
		snprintf(buf, n, "%s/%s", text_val(be, sizeof be, it->break_even),
		         text_val(fu, sizeof fu, it->full_use));
}

/* The grade where the item is worth most, if it is worth anything anywhere. */
static const char *text_best(const struct price_report *r, size_t k)
{
	const struct price_table *t = r->t;
	const char *best = "-";
	double top = 0;
	for (size_t g = 0; g < t->ngrade; g++) {
		double v = t->g[g].feasible ? t->g[g].item[k].break_even : NAN;
		if (v > top) {
			top = v;
			best = r->p->grades->g[t->g[g].grade].name;
		}
	}
	return best;
}

static void text_table_rows(FILE *f, const struct price_report *r, bool offers)
{
	const struct price_table *t = r->t;
	char sg[256], cell[80];
	fprintf(f, "\n%-12s %-20s %8s", offers ? "offer" : "lot", "scrap grades",
	        offers ? "quote" : "price");
	for (size_t g = 0; g < t->ngrade; g++)
		fprintf(f, " %15.15s", r->p->grades->g[t->g[g].grade].name);
	fprintf(f, "  best\n");
	for (size_t k = 0; k < t->g[0].nitem; k++) {
		const struct price_item *it = &t->g[0].item[k];
		if (it->offer != offers)
			continue;
		fprintf(f, "%-12s %-20.20s %8.2f", it->mat->id,
		        report_price_scrap(r, it, sg, sizeof sg), it->mat->price);
		for (size_t g = 0; g < t->ngrade; g++) {
			text_cell(cell, sizeof cell, &t->g[g], &t->g[g].item[k]);
			fprintf(f, " %15s", cell);
		}
		fprintf(f, "  %s\n", text_best(r, k));
	}
}

static void text_table(FILE *f, const struct price_report *r)
{
	const struct price_table *t = r->t;
	char kg[32], basis[128];
	fprintf(f, "remelt price: every grade, margin %.2f, confidence %g\nreference heats:\n",
	        t->margin, t->confidence);
	for (size_t g = 0; g < t->ngrade; g++) {
		const struct price_grade *pg = &t->g[g];
		report_num(kg, sizeof kg, pg->heat_kg, 0);
		report_price_basis(pg, basis, sizeof basis);
		fprintf(f, "  %-12s %9s kg  %s%s\n", r->p->grades->g[pg->grade].name, kg, basis,
		        pg->feasible ? "" : "; cannot be made from the yard");
	}
	fputs("cells: break-even / full-use price per kg charged; \"-\" = none, \"needed\" = the "
	      "grade\ncannot be made without it; best = the grade where it is worth most\n",
	      f);
	if (t->ngrade == 0)
		return;
	if (t->nlots)
		text_table_rows(f, r, false);
	if (t->noffers)
		text_table_rows(f, r, true);
}

int report_price_text(FILE *f, const struct price_report *r)
{
	if (r->t->all_grades)
		text_table(f, r);
	else
		text_grade(f, r, &r->t->g[0]);
	return 0;
}

int report_price(FILE *f, enum report_format fmt, const struct price_report *r,
                 struct rm_error *err)
{
	return report_price_learned(f, fmt, r, NULL, err);
}

int report_price_learned(FILE *f, enum report_format fmt, const struct price_report *r,
                         const struct price_learning *l, struct rm_error *err)
{
	if (fmt == REPORT_JSON)
		return report_price_json_learned(f, r, l, err);
	if (fmt != REPORT_TEXT && fmt != REPORT_CSV)
		return rm_error_set(err, NULL, 0, 0, "price reports are text, csv or json");
	int rc = fmt == REPORT_TEXT ? report_price_text(f, r) : report_price_csv(f, r);
	if (!rc && fmt == REPORT_TEXT && l)
		report_price_learning_text(f, r, l);
	if (rc < 0 || ferror(f))
		return rm_error_set(err, NULL, 0, 0, "cannot write the report");
	return 0;
}
