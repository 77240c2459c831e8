/* The charge sheet a furnace crew and a metallurgist read: per heat, what goes in, what it
 * costs, and each element against its window. */
#include <math.h>
#include <string.h>

#include "report.h"
#include "report_diag.h"
#include "report_footprint.h"
#include "rm_text.h"

static void text_lim(char *buf, size_t n, double v)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.4g", v);
}

static const struct plan_bind *text_bind(const struct plan_heat *ph, size_t e)
{
	for (size_t k = 0; k < ph->nbind; k++)
		if (ph->bind[k].e == e)
			return &ph->bind[k];
	return NULL;
}

static void text_charge(FILE *f, const struct plant *p, const struct plan_heat *ph)
{
	char kg[32], cost[32], tot[32], totc[32], units[48];
	double total = 0;
	for (size_t c = 0; c < ph->ncharge; c++)
		total += ph->charge[c].kg;
	fprintf(f, "  %-16s %-9s %-9s %12s %7s %9s %13s\n", "material", "kind", "source",
	        "charged kg", "share", "price/kg", "cost");
	for (size_t c = 0; c < ph->ncharge; c++) {
		const struct material *m = &p->inv->m[ph->charge[c].mat];
		report_num(kg, sizeof kg, ph->charge[c].kg, 1);
		report_num(cost, sizeof cost, m->price * ph->charge[c].kg, 0);
		char id[80]; /* the width counts the escaped form of a control character */
		fprintf(f, "  %-16.16s %-9s %-9s %12s %6.1f%% %9.2f %13s",
		        rm_text_visible(id, sizeof id, m->id, strlen(m->id), false),
		        m->kind == MAT_LOT ? "lot" : "additive", inv_source_label(m), kg,
		        100 * ph->charge[c].kg / total, m->price, cost);
		if (m->unit_kg > 0)
			fprintf(f, "   %s",
			        report_units_text(units, sizeof units, m, ph->charge[c].kg));
		fputc('\n', f);
	}
	report_num(tot, sizeof tot, total, 1);
	report_num(totc, sizeof totc, ph->cost, 0);
	fprintf(f, "  %-16s %-9s %-9s %12s %7s %9s %13s\n", "total charged", "", "", tot, "", "",
	        totc);
}

/* Elements the grade limits, against spec and internal windows; then the rest, briefly. */
static void text_elements(FILE *f, const struct plant *p, size_t h, const struct plan_heat *ph)
{
	char a[16], b[16], c[16], d[16];
	fprintf(f, "\n  %-7s %9s %9s %10s %9s %9s %8s %6s\n", "element", "spec min", "int min",
	        "result", "int max", "spec max", "+-sd", "P ok");
	for (size_t e = 0; e < p->els.n; e++) {
		double smin, smax;
		report_spec(p, h, e, &smin, &smax);
		if (isnan(smin) && isnan(smax))
			continue;
		text_lim(a, sizeof a, smin);
		text_lim(b, sizeof b, ph->lo[e]);
		text_lim(c, sizeof c, ph->hi[e]);
		text_lim(d, sizeof d, smax);
		const struct plan_bind *bd = text_bind(ph, e);
		fprintf(f, "  %-7s %9s %9s %10.4f%s %8s %9s %8.4f %5.1f%%",
		        rm_elem_symbol(p->els.z[e]), a, b, ph->comp[e], bd ? "*" : " ", c, d,
		        ph->risk.sd[e], 100 * report_p_window(ph, e));
		const struct grade_limit *aim = report_aim(p, h, e);
		if (aim)
			fprintf(f, "   aim %g +-%g", aim->aim, aim->tol);
		if (bd && isnan(bd->saving)) /* whole units: branch and bound has no duals */
			fprintf(f, "   %s binds", bd->side < 0 ? "min" : "max");
		else if (bd)
			fprintf(f, "   %s binds: %.0f saved per 0.01%% relaxed",
			        bd->side < 0 ? "min" : "max", bd->saving);
		fputc('\n', f);
	}
	int any = 0;
	for (size_t e = 0; e < p->els.n; e++) {
		double smin, smax;
		report_spec(p, h, e, &smin, &smax);
		if (!isnan(smin) || !isnan(smax) || ph->comp[e] <= 0)
			continue;
		fprintf(f, "%s%s %.4f", any ? ", " : "  not limited: ", rm_elem_symbol(p->els.z[e]),
		        ph->comp[e]);
		any = 1;
	}
	if (any)
		fputc('\n', f);
}

/* Why the heat has no charge and what would fix it (reports/report_diag.c). */
static void text_diag(FILE *f, const struct plant *p, const struct plan *pl, size_t h)
{
	report_text_diag(f, p, pl, h);
}

static void text_heat(FILE *f, const struct plant *p, const struct plan *pl, size_t h)
{
	const struct plan_heat *ph = &pl->heats[h];
	const struct heat *ht = &p->heats->h[h];
	char mass[32], cost[32], pert[32];
	report_num(mass, sizeof mass, ht->mass_kg, 0);
	fprintf(f, "\n== Heat %s  grade %s  %s kg tapped", ht->id, p->grades->g[ht->grade].name,
	        mass);
	if (!ph->feasible) {
		fprintf(f, " ==\n");
		text_diag(f, p, pl, h);
		report_rules_in_force(f, p, h);
		return;
	}
	report_num(cost, sizeof cost, ph->cost, 0);
	report_num(pert, sizeof pert, ph->cost / ht->mass_kg * 1000, 0);
	fprintf(f, "  cost %s (%s per t) ==\n", cost, pert);
	report_text_heat_rules(f, p, h);
	report_heel_comp(f, p, pl, h);
	text_charge(f, p, ph);
	text_elements(f, p, h, ph);
	report_text_risk(f, pl, h);
}

int report_text(FILE *f, const struct plant *p, const struct plan *pl)
{
	char mass[32], cost[32], pert[32];
	double tapped = 0;
	for (size_t h = 0; h < pl->nheat; h++)
		tapped += p->heats->h[h].mass_kg;
	report_num(mass, sizeof mass, tapped, 0);
	fprintf(f, "remelt plan for %s: %zu heats, %s kg to tap\n", p->dir, pl->nheat, mass);
	fprintf(f, "internal limits: margin %g of each window; ", pl->margin);
	if (pl->confidence > 0)
		fprintf(f, "each limit met with probability >= %g (normal errors)\n",
		        pl->confidence);
	else
		fprintf(f, "element values taken as exact\n");
	if (pl->status == PLAN_OPTIMAL) {
		report_num(cost, sizeof cost, pl->total_cost, 0);
		report_num(pert, sizeof pert, pl->total_cost / tapped * 1000, 0);
		fprintf(f, "least-cost plan: total cost %s (%s per t tapped)\n", cost, pert);
		report_text_mip(f, pl);
		if (!isnan(pl->cost_if_analyzed)) {
			report_num(cost, sizeof cost, pl->total_cost - pl->cost_if_analyzed, 0);
			fprintf(f,
			        "value of analysis: with every predicted and nominal lot analysed "
			        "the day would cost %s less\n",
			        cost);
		}
		report_text_learning(f, p, pl);
	} else {
		fprintf(f, "NO PLAN: ");
		report_why_write(f, p, pl);
		fputc('\n', f);
		if (pl->status == PLAN_TIME_LIMIT)
			return 0; /* nothing was diagnosed: no heat has anything to say */
	}
	report_quarantine(f, p, "quarantined, kept out of every heat:");
	report_text_day(f, p, pl);
	for (size_t h = 0; h < pl->nheat; h++)
		text_heat(f, p, pl, h);
	if (pl->status == PLAN_OPTIMAL)
		fprintf(f, "\n* the optimum sits on this limit\n");
	return 0;
}
