/* `remelt check` in words: what a valid data directory holds (cli/cmd_check.c gathers the
 * facts, this renders them). Rendering only, like the rest of reports/. */
#include "report_check.h"

#include <math.h>
#include <stdbool.h>

#include "report.h"

static void check_inventory(FILE *ck, const struct plant *p)
{
	const struct inventory *inv = p->inv;
	double lot_kg = 0, by_src[3] = {0};
	size_t n_src[3] = {0}, unlimited = 0;
	for (size_t i = 0; i < inv->n; i++) {
		const struct material *m = &inv->m[i];
		if (m->kind == MAT_ADDITIVE) {
			unlimited += isinf(m->mass_kg);
			continue;
		}
		lot_kg += m->mass_kg;
		by_src[m->source] += m->mass_kg;
		n_src[m->source]++;
	}
	char kg[32];
	report_num(kg, sizeof kg, lot_kg, 0);
	fprintf(ck, "%s: %zu lots, %s kg\n", inv->lots_file, inv->nlots, kg);
	for (int s = 0; s < 3; s++)
		if (n_src[s]) {
			report_num(kg, sizeof kg, by_src[s], 0);
			fprintf(ck, "  %-9s %4zu lots %14s kg\n",
			        inv_source_name((enum mat_source)s), n_src[s], kg);
		}
	if (inv->additives_file)
		fprintf(ck, "%s: %zu additives (%zu unlimited)\n", inv->additives_file,
		        inv->n - inv->nlots, unlimited);
	fprintf(ck, "elements:");
	for (size_t e = 0; e < p->els.n; e++)
		fprintf(ck, " %s", rm_elem_symbol(p->els.z[e]));
	fprintf(ck, "\n");
	if (inv->nnames) {
		fprintf(ck, "trace columns:");
		for (size_t k = 0; k < inv->nnames; k++)
			fprintf(ck, " %s", inv->names[k]);
		fprintf(ck, "\n");
	}
}

static void check_grades(FILE *ck, const struct plant *p)
{
	fprintf(ck, "%s: %zu grades\n", p->grades->file, p->grades->n);
	for (size_t g = 0; g < p->grades->n; g++)
		fprintf(ck, "  %-20s %zu limits\n", p->grades->g[g].name, p->grades->g[g].nlim);
	if (!p->heats)
		return;
	double kg = 0;
	for (size_t h = 0; h < p->heats->n; h++)
		kg += p->heats->h[h].mass_kg;
	char buf[32];
	report_num(buf, sizeof buf, kg, 0);
	fprintf(ck, "%s: %zu heats, %s kg to tap\n", p->heats->file, p->heats->n, buf);
}

/* "L021 400 kg" for each material with a rule, the first CHECK_LIST_MAX of them. */
#define CHECK_LIST_MAX 8
static void check_rule_list(FILE *ck, const struct inventory *inv, bool unit)
{
	size_t n = 0;
	for (size_t i = 0; i < inv->n; i++) {
		double v = unit ? inv->m[i].unit_kg : inv->m[i].min_kg;
		if (!(v > 0))
			continue;
		char kg[32];
		report_num(kg, sizeof kg, v, v == floor(v) ? 0 : 1);
		if (n < CHECK_LIST_MAX)
			fprintf(ck, "%s %s %s kg", n ? "," : "", inv->m[i].id, kg);
		n++;
	}
	if (n > CHECK_LIST_MAX)
		fprintf(ck, ", and %zu more", n - CHECK_LIST_MAX);
	fprintf(ck, "\n");
}

/* Furnaces (capacity, heel, material limit, recoveries) and the materials charged in whole
 * units or with a minimum: what makes the charge a MIP. */
/* Furnace f's heats in their heats.csv sequence, "order: H05 -> H01 -> ...", on a line of
 * its own; nothing when they have none. */
static void check_sequence(FILE *ck, const struct plant *p, size_t f)
{
	const struct heat_set *hs = p->heats;
	size_t n = 0;
	for (size_t h = 0; hs && h < hs->n; h++)
		n += hs->h[h].furnace == (long)f && hs->h[h].seq > 0;
	if (!n)
		return;
	fprintf(ck, "           order:");
	for (long s = 1; s <= (long)n; s++)
		for (size_t h = 0; h < hs->n; h++)
			if (hs->h[h].furnace == (long)f && hs->h[h].seq == s)
				fprintf(ck, "%s %s", s > 1 ? " ->" : "", hs->h[h].id);
	fprintf(ck, " (each heat on the bath the heat before it leaves)\n");
}

static void check_rules(FILE *ck, const struct plant *p)
{
	const struct furnace_set *fs = p->furnaces;
	if (fs) {
		fprintf(ck, "%s: %zu furnaces\n", fs->file, fs->n);
		for (size_t k = 0; k < fs->n; k++) {
			const struct furnace *f = &fs->f[k];
			char cap[32], heel[32];
			report_num(cap, sizeof cap, f->capacity_kg, 0);
			report_num(heel, sizeof heel, f->heel_kg, 0);
			fprintf(ck, "  %-8s capacity %s kg, heel %s kg", f->id, cap, heel);
			if (f->max_materials)
				fprintf(ck, ", at most %zu materials", f->max_materials);
			if (f->min_charge_kg > 0) {
				char mc[32];
				report_num(mc, sizeof mc, f->min_charge_kg, 0);
				fprintf(ck, ", at least %s kg of a material charged", mc);
			}
			for (size_t e = 0; e < f->nc && e < p->els.n; e++)
				if (f->rec[e] != 1)
					fprintf(ck, ", %s recovery %.2f",
					        rm_elem_symbol(p->els.z[e]), f->rec[e]);
			fprintf(ck, "\n");
			check_sequence(ck, p, k);
		}
	}
	const struct inventory *inv = p->inv;
	size_t nu = 0, nmin = 0;
	for (size_t i = 0; i < inv->n; i++) {
		nu += inv->m[i].unit_kg > 0;
		nmin += inv->m[i].min_kg > 0;
	}
	if (nu) {
		fprintf(ck, "whole units (unit_kg) on %zu materials:", nu);
		check_rule_list(ck, inv, true);
	}
	if (nmin) {
		fprintf(ck, "minimum charge (min_kg) on %zu materials:", nmin);
		check_rule_list(ck, inv, false);
	}
}

/* Each lot against the scrap grades (scrap_grades.csv): what a buyer would call it. A '?'
 * marks a grade met only on the elements the lot reports; the rest are listed. */
static void check_scrap(FILE *ck, const struct plant *p)
{
	const struct scrap_set *ss = p->scrap;
	if (!ss)
		return;
	fprintf(ck, "%s: %zu scrap grades; lots meet:\n", ss->file, ss->n);
	char buf[512], miss[128];
	for (size_t i = 0; i < p->inv->nlots; i++) {
		const struct material *m = &p->inv->m[i];
		const char *src = inv_source_name(m->source);
		fprintf(ck, "  %-12s %s", m->id,
		        scrap_list(ss, &p->els, m->c, m->nc, src, buf, sizeof buf));
		for (size_t g = 0; g < ss->n; g++)
			if (scrap_classify(&ss->g[g], &p->els, m->c, m->nc, src, miss,
			                   sizeof miss) == SCRAP_UNVERIFIED)
				fprintf(ck, "  (%s?: %s not reported)", ss->g[g].name, miss);
		fprintf(ck, "\n");
	}
}

/* check's lines about co2.csv and ledger.csv. */
static void check_ledger(FILE *ck, const struct plant *p, const struct ledger_summary *s)
{
	if (p->co2 && p->co2->file)
		fprintf(ck, "%s: CO2 factors primary %g, recycled %g, %zu by id\n", p->co2->file,
		        p->co2->primary, p->co2->recycled, p->co2->nby_id);
	if (s->present)
		fprintf(ck, "%s/ledger.csv: %zu rows from %zu committed plans%s%s%s%s\n", p->dir,
		        s->rows, s->plans, s->rows ? ", " : "", s->first, s->rows ? " to " : "",
		        s->last);
}

void report_check(FILE *f, const struct plant *p, const struct report_check_facts *c)
{
	check_inventory(f, p);
	check_grades(f, p);
	check_rules(f, p);
	report_material_rules(f, p);
	report_quarantine(f, p, "quarantined (in no plan and no price):");
	check_scrap(f, p);
	check_ledger(f, p, &c->ledger);
	if (c->recorded)
		fprintf(f,
		        "%s/heat_results.csv: %zu heats recorded, %zu of them against a committed "
		        "plan\n",
		        p->dir, c->recorded, c->recorded_planned);
	if (c->used_up)
		fprintf(f, "%s/lots_used.csv: %zu used-up lots and additives kept for estimate\n",
		        p->dir, c->used_up);
	fprintf(f, "ok: the data is valid\n");
}
