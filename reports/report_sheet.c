/* The day summary and the floor sheets: what the shift leader pins up and the crew ticks off.
 *
 * --format sheet prints a cover page (the day summary) and then one page per heat, pages
 * separated by a form feed (\f), so that `lp` or any printer starts each heat on a new
 * sheet. Each heat's page lists the charge in charging order (report_charge_order), with a
 * box to tick and a blank for the weighed kg, then the composition targets and signatures.
 * 80 columns; a heat of up to about 35 materials fits one 66-line page. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "co2.h"
#include "report.h"
#include "report_footprint.h"

static void sheet_day_line(FILE *f, const char *heat, const char *grade, const struct report_fp *fp)
{
	char t[32], cost[32], pert[32], co2[32];
	report_num(t, sizeof t, fp->tapped_kg / 1000, 1);
	report_num(cost, sizeof cost, fp->cost, 0);
	report_num(pert, sizeof pert, fp->tapped_kg > 0 ? fp->cost / fp->tapped_kg * 1000 : 0, 0);
	report_num(co2, sizeof co2, fp->co2_kg / 1000, 1);
	fprintf(f, "  %-8.8s %-9.9s %8s %11s %9s %8.1f%% %9s %8.3f\n", heat, grade, t, cost, pert,
	        100 * fp->recycled_content, co2, fp->co2_per_t);
}

void report_text_day(FILE *f, const struct plant *p, const struct plan *pl)
{
	fprintf(f, "\nDay summary\n  %-8s %-9s %8s %11s %9s %9s %9s %8s\n", "heat", "grade",
	        "tapped t", "cost", "per t", "recycled", "CO2 t", "CO2 t/t");
	for (size_t h = 0; h < pl->nheat; h++) {
		const struct heat *ht = &p->heats->h[h];
		const char *grade = p->grades->g[ht->grade].name;
		if (!pl->heats[h].feasible) {
			fprintf(f, "  %-8.8s %-9.9s %8s  not planned\n", ht->id, grade, "-");
			continue;
		}
		struct report_fp fp;
		report_fp_heat(p, pl, h, &fp);
		sheet_day_line(f, ht->id, grade, &fp);
	}
	struct report_fp day;
	report_fp_day(p, pl, &day);
	sheet_day_line(f, "day", "", &day);
	const struct co2_set *s = p->co2;
	fprintf(f,
	        "  recycled: share of the tapped metal from recycled material (mass balance)\n"
	        "  CO2 factors, t CO2 per t charged: primary %g, recycled %g\n",
	        s ? s->primary : CO2_PRIMARY_DEFAULT, s ? s->recycled : CO2_RECYCLED_DEFAULT);
	if (s && s->file)
		fprintf(f, "  (from %s, %zu materials by id)\n", s->file, s->nby_id);
	else
		fprintf(f, "  (defaults: the Japanese aluminium industry's roadmap figures)\n");
}

/* The first non-empty trace value: the plant's own words for the material. */
static const char *sheet_trace(const struct material *m)
{
	for (size_t k = 0; k < m->ntrace; k++)
		if (m->trace[k].value[0])
			return m->trace[k].value;
	return "";
}

static void sheet_charge(FILE *f, const struct plant *p, const struct plan_heat *ph)
{
	size_t *order = calloc(ph->ncharge + 1, sizeof *order);
	char kg[32];
	double total = 0;
	fprintf(f, "  %2s  %-12s %-8s %11s  %-24s %s\n", "#", "material", "kind", "planned kg",
	        "description", "[x] weighed kg");
	if (order)
		report_charge_order(p, ph, order);
	for (size_t k = 0; k < ph->ncharge; k++) {
		const struct plan_item *it = &ph->charge[order ? order[k] : k];
		const struct material *m = &p->inv->m[it->mat];
		report_num(kg, sizeof kg, it->kg, 1);
		total += it->kg;
		fprintf(f, "  %2zu  %-12.12s %-8s %11s  %-24.24s [ ] __________\n", k + 1, m->id,
		        m->kind == MAT_LOT ? "lot" : "additive", kg, sheet_trace(m));
	}
	report_num(kg, sizeof kg, total, 1);
	fprintf(f, "      %-12s %-8s %11s\n", "total", "", kg);
	free(order);
}

static void sheet_targets(FILE *f, const struct plant *p, size_t h, const struct plan_heat *ph)
{
	fprintf(f, "\n  composition, wt%%   %10s %10s %10s  %s\n", "min", "planned", "max", "aim");
	for (size_t e = 0; e < p->els.n; e++) {
		if (isnan(ph->lo[e]) && isnan(ph->hi[e]))
			continue;
		char lo[16] = "-", hi[16] = "-";
		if (!isnan(ph->lo[e]))
			snprintf(lo, sizeof lo, "%.4g", ph->lo[e]);
		if (!isnan(ph->hi[e]))
			snprintf(hi, sizeof hi, "%.4g", ph->hi[e]);
		const struct grade_limit *aim = report_aim(p, h, e);
		char at[40] = "-";
		if (aim)
			snprintf(at, sizeof at, "%g +-%g", aim->aim, aim->tol);
		fprintf(f, "  %-18s %10s %10.4f %10s  %s\n", rm_elem_symbol(p->els.z[e]), lo,
		        ph->comp[e], hi, at);
	}
	fprintf(f, "  (internal limits; take a sample after the last addition)\n");
}

/* The furnace the sheet goes to and the heel already in it (80 columns). */
static void sheet_furnace(FILE *f, const struct plant *p, size_t h)
{
	const struct furnace *fu = plant_furnace(p, h);
	if (!fu)
		return;
	char heel[32], bath[32], seq[64];
	double hk = p->heats->h[h].heel_kg;
	report_num(heel, sizeof heel, hk, 0);
	report_num(bath, sizeof bath, plant_bath_kg(p, h), 0);
	fprintf(f, "  furnace %.20s   heel %s kg in a %s kg bath (%.1f%%)\n", fu->id, heel, bath,
	        100 * hk / plant_bath_kg(p, h));
	/* ", heat 2 of 4 in the furnace's order": the sequence's place, on a line of its own */
	if (*report_seq_text(seq, sizeof seq, p, h))
		fprintf(f, "  %s\n", seq + 2);
}

static void sheet_heat(FILE *f, const struct plant *p, const struct plan *pl, size_t h,
                       const char *id)
{
	const struct plan_heat *ph = &pl->heats[h];
	const struct heat *ht = &p->heats->h[h];
	char mass[32], cost[32], co2[32];
	report_num(mass, sizeof mass, ht->mass_kg, 0);
	fprintf(f, "CHARGE SHEET  heat %s  grade %s  tap %s kg\nplan %.16s  data %s\n\n", ht->id,
	        p->grades->g[ht->grade].name, mass, id, p->dir);
	if (!ph->feasible) {
		/* the diagnosis's cause: the grade may well be met, by another order or stock */
		fprintf(f, "NOT PLANNED: %s (see the text report).\n",
		        ph->cause == PLAN_CAUSE_NONE ? "no charge meets this grade today"
		                                     : report_cause_sentence(ph->cause));
		return;
	}
	struct report_fp fp;
	report_fp_heat(p, pl, h, &fp);
	report_num(cost, sizeof cost, fp.cost, 0);
	report_num(co2, sizeof co2, fp.co2_kg, 0);
	fprintf(f, "cost %s   recycled content %.1f%%   CO2 %s kg (%.3f t per t)\n", cost,
	        100 * fp.recycled_content, co2, fp.co2_per_t);
	/* Where the sheet goes and what is already in the furnace; what must not be charged. */
	sheet_furnace(f, p, h);
	report_heel_comp(f, p, pl, h);
	report_quarantine(f, p, "  quarantined, keep out:");
	fputc('\n', f);
	fprintf(f, "Charge in this order: scrap lots heaviest first, then additives heaviest\n"
	           "first (primary ingot before the small alloying additions).\n\n");
	sheet_charge(f, p, ph);
	sheet_targets(f, p, h, ph);
	fprintf(f, "\n  charged by ______________  start ________  end ________\n"
	           "  sample no. ______________  checked by ______________\n");
}

int report_sheet(FILE *f, const struct plant *p, const struct plan *pl)
{
	char id[RM_HASH_HEX], now[32];
	report_plan_id(p, pl, id);
	report_created(now, sizeof now);
	fprintf(f, "remelt charge sheets for %s\nplan %s  created %s\n", p->dir, id, now);
	if (pl->status != PLAN_OPTIMAL) {
		fprintf(f, "NO PLAN for the whole day: ");
		report_why_write(f, p, pl);
		fputc('\n', f);
	}
	if (pl->status == PLAN_TIME_LIMIT)
		return 0;
	report_text_day(f, p, pl);
	for (size_t h = 0; h < pl->nheat; h++) {
		fputc('\f', f);
		sheet_heat(f, p, pl, h, id);
	}
	return 0;
}

int report_sheet_heat(FILE *f, const struct plant *p, const struct plan *pl, size_t h,
                      size_t unsaved_edits)
{
	char id[RM_HASH_HEX], now[32];
	report_plan_id(p, pl, id);
	report_created(now, sizeof now);
	fprintf(f, "remelt charge sheet of heat %s for %s\nplan %s  created %s\n",
	        p->heats->h[h].id, p->dir, id, now);
	if (unsaved_edits)
		fprintf(f,
		        "WHAT-IF: this plan has %zu edit%s not saved to the data files; it is not "
		        "the plan of the data as they stand.\n",
		        unsaved_edits, unsaved_edits == 1 ? "" : "s");
	if (pl->status != PLAN_OPTIMAL) {
		fprintf(f, "NO PLAN for the whole day: ");
		report_why_write(f, p, pl);
		fputc('\n', f);
		if (pl->status == PLAN_TIME_LIMIT)
			return 0;
	}
	fputc('\n', f);
	sheet_heat(f, p, pl, h, id);
	return 0;
}
