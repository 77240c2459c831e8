/* report_heel: what a heat sits on, in the reports (issue 19, 4 and 5): the heel's kg, its
 * composition and where it came from, the furnace (furnaces.csv) or, in a furnace
 * sequence (heats.csv sequence), the bath of the heat before it as planned. */
#include <cjson/cJSON.h>
#include <math.h>

#include "report.h"

/* A heel wt% this close to the furnace's is the furnace's (the plan's float noise). */
#define HEEL_SAME_PCT 1e-6

long report_heel_from(const struct plant *p, const struct plan *pl, size_t h)
{
	long prev = heat_prev(p->heats, h);
	return prev >= 0 && pl && pl->heats[prev].feasible ? prev : -1;
}

double report_heel_c(const struct plant *p, const struct plan *pl, size_t h, size_t e)
{
	long from = report_heel_from(p, pl, h);
	return from >= 0 ? pl->heats[from].comp[e] : furnace_heel_c(plant_furnace(p, h), e);
}

const char *report_seq_text(char *buf, size_t n, const struct plant *p, size_t h)
{
	const struct heat *ht = &p->heats->h[h];
	size_t last = 0;
	for (size_t j = 0; j < p->heats->n; j++)
		if (p->heats->h[j].furnace == ht->furnace && p->heats->h[j].seq > 0)
			last++;
	if (ht->seq > 0)
		snprintf(buf, n, ", heat %ld of %zu in the furnace's order", ht->seq, last);
	else if (n > 0)
		buf[0] = '\0';
	return buf;
}

/* Elements in c (wt% of the heel) after lead, wrapped at 78 columns (the sheet is 80). */
static void heel_line(FILE *f, const struct plant *p, const struct plan *pl, size_t h,
                      const char *lead)
{
	int col = 0;
	for (size_t e = 0; e < p->els.n; e++) {
		double c = report_heel_c(p, pl, h, e);
		if (!(c > 0))
			continue;
		char item[48];
		int n = snprintf(item, sizeof item, " %s %g", rm_elem_symbol(p->els.z[e]), c);
		if (!col)
			col = fprintf(f, "%s", lead);
		else if (col + n > 78)
			col = fprintf(f, "\n           ");
		col += fprintf(f, "%s", item);
	}
	if (col)
		fputc('\n', f);
}

/* A heel from the bath before: the elements it brings other than the furnace's own heel
 * would, which is how the heat before changed this charge. */
static void heel_changed(FILE *f, const struct plant *p, const struct plan *pl, size_t h)
{
	const struct furnace *fu = plant_furnace(p, h);
	int col = 0;
	for (size_t e = 0; e < p->els.n; e++) {
		double c = report_heel_c(p, pl, h, e), c0 = furnace_heel_c(fu, e);
		if (fabs(c - c0) <= HEEL_SAME_PCT)
			continue;
		char item[64];
		int n = snprintf(item, sizeof item, " %s %.4g (%.4g)", rm_elem_symbol(p->els.z[e]),
		                 c, c0);
		if (!col)
			col = fprintf(f, "  not the furnace's heel (its wt%% in brackets):");
		else if (col + n > 78)
			col = fprintf(f, "\n           ");
		col += fprintf(f, "%s", item);
	}
	if (col)
		fputc('\n', f);
}

void report_heel_comp(FILE *f, const struct plant *p, const struct plan *pl, size_t h)
{
	const struct furnace *fu = plant_furnace(p, h);
	if (!fu || !(p->heats->h[h].heel_kg > 0))
		return;
	long prev = heat_prev(p->heats, h), from = report_heel_from(p, pl, h);
	char lead[160];
	if (from >= 0) {
		snprintf(lead, sizeof lead,
		         "  heel from heat %.60s's bath, wt%%:", p->heats->h[from].id);
		heel_line(f, p, pl, h, lead);
		heel_changed(f, p, pl, h);
		return;
	}
	if (prev >= 0)
		fprintf(f,
		        "  heel: heat %.60s before it is not planned; the furnace's is assumed\n",
		        p->heats->h[prev].id);
	heel_line(f, p, pl, h, "  heel wt%:");
}

void report_json_heel(struct cJSON *hj, const struct plant *p, const struct plan *pl, size_t h)
{
	const struct heat *ht = &p->heats->h[h];
	if (ht->furnace < 0)
		return;
	cJSON *o = cJSON_AddObjectToObject(hj, "heel");
	if (!o)
		return;
	long from = report_heel_from(p, pl, h);
	cJSON_AddNumberToObject(o, "kg", ht->heel_kg);
	if (ht->seq > 0)
		cJSON_AddNumberToObject(o, "sequence", (double)ht->seq);
	else
		cJSON_AddNullToObject(o, "sequence");
	if (from >= 0)
		cJSON_AddStringToObject(o, "from", p->heats->h[from].id);
	else
		cJSON_AddStringToObject(o, "from", "furnace");
	cJSON *c = cJSON_AddObjectToObject(o, "composition");
	for (size_t e = 0; c && e < p->els.n; e++)
		cJSON_AddNumberToObject(c, rm_elem_symbol(p->els.z[e]), report_heel_c(p, pl, h, e));
}
