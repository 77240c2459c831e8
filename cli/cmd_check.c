/* remelt check: validate a data directory and say what is in it. */
#define _GNU_SOURCE
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_ledger.h"
#include "plant.h"
#include "record_actual.h"
#include "report.h"

/* Where check writes its summary (a memory stream, shown once it is whole). */
static FILE *ck;

static void check_inventory(const struct plant *p)
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

static void check_grades(const struct plant *p)
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
static void check_rule_list(const struct inventory *inv, bool unit)
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

/* Furnace f's heats in their heats.csv sequence, "order: H05 -> H01 -> ...", on a line of
 * its own; nothing when they have none. */
static void check_sequence(const struct plant *p, size_t f)
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

/* Furnaces (capacity, heel, material limit, recoveries) and the materials charged in whole
 * units or with a minimum: what makes the charge a MIP. */
static void check_rules(const struct plant *p)
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
			check_sequence(p, k);
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
		check_rule_list(inv, true);
	}
	if (nmin) {
		fprintf(ck, "minimum charge (min_kg) on %zu materials:", nmin);
		check_rule_list(inv, false);
	}
}

/* Each lot against the scrap grades (scrap_grades.csv): what a buyer would call it. A '?'
 * marks a grade met only on the elements the lot reports; the rest are listed. */
static void check_scrap(const struct plant *p)
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

/* The archive of used-up rows loads as lots and additives do: estimate reads its
 * compositions. *n: the materials in it (0 without it). */
static int check_archive(const char *dir, size_t *n, struct rm_error *err)
{
	struct rm_elemset els = {0};
	struct inventory *inv = NULL;
	int rc = ledger_archive_load(dir, &els, &inv, err);
	*n = inv ? inv->n : 0;
	inv_free(inv);
	rm_elemset_free(&els);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {{"data", required_argument, NULL, 'd'},
	                                         {"help", no_argument, NULL, 'h'},
	                                         {NULL, 0, NULL, 0}};
	const char *data = NULL;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'd') {
			data = optarg;
		} else if (c == 'h') {
			printf("usage: remelt check [--data DIR]\n");
			return cli_stdout_done(EXIT_OK);
		} else {
			fprintf(stderr, "remelt check: bad option \"%s\" (see remelt --help)\n",
			        argv[optind - 1]);
			return EXIT_BAD_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "remelt check: unexpected argument \"%s\"\n", argv[optind]);
		return EXIT_BAD_INPUT;
	}
	struct rm_error err = {0};
	struct plant *p = NULL;
	struct ledger_summary led;
	struct actual_set *heats = NULL;
	size_t used_up = 0;
	if (cli_settle(cli_data_dir(data)) < 0)
		return EXIT_BAD_INPUT;
	if (plant_load(cli_data_dir(data), false, &p, &err) < 0)
		return cli_fail(&err);
	if (ledger_summary(cli_data_dir(data), &led, &err) < 0 ||
	    ledger_balance(cli_data_dir(data), p->inv, &err) < 0 ||
	    actual_load(cli_data_dir(data), NULL, &heats, &err) < 0 ||
	    check_archive(cli_data_dir(data), &used_up, &err) < 0) {
		actual_free(heats);
		plant_free(p);
		return cli_fail(&err);
	}
	/* rendered in memory, then shown with control characters from the data made visible,
	 * and a failed write to stdout (a full disk) is an error */
	char *buf = NULL;
	size_t len = 0;
	ck = open_memstream(&buf, &len);
	if (!ck) {
		actual_free(heats);
		plant_free(p);
		return cli_fail(&(struct rm_error){.msg = "out of memory"});
	}
	check_inventory(p);
	check_grades(p);
	check_rules(p);
	report_material_rules(ck, p);
	report_quarantine(ck, p, "quarantined (in no plan and no price):");
	check_scrap(p);
	cli_ledger_print(ck, p, &led);
	if (heats->n) {
		size_t planned = 0;
		for (size_t k = 0; k < heats->n; k++)
			planned += heats->h[k].plan[0] != '\0';
		fprintf(ck,
		        "%s/heat_results.csv: %zu heats recorded, %zu of them against a committed "
		        "plan\n",
		        p->dir, heats->n, planned);
	}
	actual_free(heats);
	if (used_up)
		fprintf(ck, "%s/lots_used.csv: %zu used-up lots and additives kept for estimate\n",
		        p->dir, used_up);
	fprintf(ck, "ok: the data is valid\n");
	plant_free(p);
	int rc = ferror(ck);
	if (fclose(ck) != 0 || rc)
		rc = rm_error_set(&err, NULL, 0, 0, "out of memory");
	else
		rc = cli_emit(NULL, buf, len, true, &err);
	free(buf);
	return rc ? cli_fail(&err) : EXIT_OK;
}
