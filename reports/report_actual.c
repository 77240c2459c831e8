/* Plan against actual (report_actual.h): text for the metallurgist, JSON for machines. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_actual.h"
#include "rm_elem.h"
#include "rm_stat.h"

/* sd of the difference between analysis and plan: the plan's and the sparks' mean's. */
static double act_sd(const struct actual_elem *e)
{
	double s2 = e->plan_sd * e->plan_sd;
	if (isfinite(e->spark_sd) && e->sparks > 0)
		s2 += e->spark_sd * e->spark_sd / (double)e->sparks;
	return sqrt(s2);
}

int report_actual_outside(const struct actual_elem *e, double z, double *dev)
{
	*dev = NAN;
	if (!isfinite(e->plan_pct) || !isfinite(e->plan_sd))
		return 0;
	double sd = act_sd(e), d = e->pct - e->plan_pct;
	if (sd > 0)
		*dev = d / sd;
	return sd > 0 ? fabs(d) > z * sd : d != 0;
}

static size_t act_flags(const struct actual_heat *h, double z)
{
	size_t n = 0;
	double dev;
	for (size_t k = 0; k < h->nel; k++)
		n += (size_t)report_actual_outside(&h->el[k], z, &dev);
	return n;
}

static void text_num(char *buf, size_t n, double v, int dec)
{
	if (isfinite(v))
		report_num(buf, n, v, dec);
	else
		snprintf(buf, n, "-");
}

static void text_heat(FILE *f, const struct actual_heat *h, double z, double level)
{
	char a[32], b[32], c[32];
	fprintf(f, "heat %s%s%s%s, recorded %s\n", h->heat, h->grade[0] ? " (" : "", h->grade,
	        h->grade[0] ? ")" : "", h->time);
	if (h->plan[0])
		fprintf(f, "  plan %s\n", h->plan);
	else
		fprintf(f, "  no committed plan: booked directly\n");
	fprintf(f, "  %-24s %12s %12s %12s\n", "material", "planned kg", "charged kg",
	        "difference");
	for (size_t k = 0; k < h->nmat; k++) {
		const struct actual_mat *m = &h->mat[k];
		text_num(a, sizeof a, m->planned, 1);
		text_num(b, sizeof b, m->charged, 1);
		text_num(c, sizeof c, m->charged - m->planned, 1);
		fprintf(f, "  %-24.24s %12s %12s %12s\n", m->id, a, b, c);
	}
	text_num(a, sizeof a, h->planned_kg, 1);
	text_num(b, sizeof b, h->charged_kg, 1);
	text_num(c, sizeof c, h->charged_kg - h->planned_kg, 1);
	fprintf(f, "  %-24s %12s %12s %12s\n", "total", a, b, c);
	char head[32];
	snprintf(head, sizeof head, "%.0f%% interval", 100 * level);
	fprintf(f, "  %-7s %9s %9s %21s %9s %6s %7s\n", "element", "planned", "sd", head,
	        "analysed", "sparks", "dev/sd");
	for (size_t k = 0; k < h->nel; k++) {
		const struct actual_elem *e = &h->el[k];
		double dev, sd = act_sd(e);
		int out = report_actual_outside(e, z, &dev);
		char iv[48] = "";
		if (isfinite(e->plan_pct) && isfinite(e->plan_sd))
			snprintf(iv, sizeof iv, "%.4f-%.4f", e->plan_pct - z * sd,
			         e->plan_pct + z * sd);
		text_num(a, sizeof a, e->plan_pct, 4);
		text_num(b, sizeof b, e->plan_sd, 4);
		text_num(c, sizeof c, dev, 1);
		fprintf(f, "  %-7s %9s %9s %21s %9.4f %6zu %7s%s\n", rm_elem_symbol(e->z), a, b, iv,
		        e->pct, e->sparks, c, out ? "  OUTSIDE" : "");
	}
	if (isfinite(h->tapped_kg) && h->charged_kg > 0) {
		text_num(a, sizeof a, h->tapped_kg, 0);
		text_num(b, sizeof b, h->charged_kg, 0);
		fprintf(f, "  metal yield: %s kg tapped of %s kg charged = %.1f%%", a, b,
		        100 * h->tapped_kg / h->charged_kg);
		if (isfinite(h->metal_kg))
			fprintf(f, "; the lots' yields assumed %.1f%% (%+.1f points)",
			        100 * h->metal_kg / h->charged_kg,
			        100 * (h->tapped_kg - h->metal_kg) / h->charged_kg);
		fprintf(f, "\n");
	} else {
		fprintf(f,
		        "  metal yield: the tapped metal was not weighed (record --tapped-kg)\n");
	}
	size_t nout = act_flags(h, z);
	if (nout)
		fprintf(f,
		        "  FLAG: %zu element%s outside the predicted %.0f%% interval: a lot is not "
		        "what its analysis says, or the charge was not what was booked\n",
		        nout, nout > 1 ? "s" : "", 100 * level);
	fprintf(f, "\n");
}

static int act_text(FILE *f, const struct actual_set *s, double z, double level)
{
	size_t flagged = 0;
	if (!s->n) {
		fprintf(f, "no heat recorded yet (remelt record)\n");
		return 0;
	}
	for (size_t k = 0; k < s->n; k++) {
		text_heat(f, &s->h[k], z, level);
		flagged += act_flags(&s->h[k], z) > 0;
	}
	fprintf(f, "%zu heat%s recorded, %zu flagged outside the predicted %.0f%% interval\n", s->n,
	        s->n == 1 ? "" : "s", flagged, 100 * level);
	return 0;
}

static cJSON *num_or_null(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *json_heat(const struct actual_heat *h, double z)
{
	cJSON *o = cJSON_CreateObject(), *mats = cJSON_CreateArray();
	cJSON *els = cJSON_CreateObject(), *outside = cJSON_CreateArray();
	cJSON_AddStringToObject(o, "heat", h->heat);
	cJSON_AddItemToObject(o, "plan",
	                      h->plan[0] ? cJSON_CreateString(h->plan) : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "grade", h->grade);
	cJSON_AddStringToObject(o, "time", h->time);
	cJSON_AddItemToObject(o, "tapped_kg", num_or_null(h->tapped_kg));
	cJSON_AddNumberToObject(o, "planned_kg", h->planned_kg);
	cJSON_AddItemToObject(o, "charged_kg", num_or_null(h->charged_kg));
	cJSON_AddItemToObject(o, "metal_kg", num_or_null(h->metal_kg));
	cJSON_AddItemToObject(o, "real_yield", num_or_null(h->tapped_kg / h->charged_kg));
	cJSON_AddItemToObject(o, "assumed_yield", num_or_null(h->metal_kg / h->charged_kg));
	for (size_t k = 0; k < h->nmat; k++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "id", h->mat[k].id);
		cJSON_AddNumberToObject(m, "planned_kg", h->mat[k].planned);
		cJSON_AddNumberToObject(m, "charged_kg", h->mat[k].charged);
		cJSON_AddItemToArray(mats, m);
	}
	cJSON_AddItemToObject(o, "materials", mats);
	for (size_t k = 0; k < h->nel; k++) {
		const struct actual_elem *e = &h->el[k];
		double dev, sd = act_sd(e);
		int out = report_actual_outside(e, z, &dev);
		bool iv = isfinite(e->plan_pct) && isfinite(e->plan_sd);
		cJSON *x = cJSON_CreateObject();
		cJSON_AddItemToObject(x, "planned", num_or_null(e->plan_pct));
		cJSON_AddItemToObject(x, "planned_sd", num_or_null(e->plan_sd));
		cJSON_AddNumberToObject(x, "analysed", e->pct);
		cJSON_AddItemToObject(x, "spark_sd", num_or_null(e->spark_sd));
		cJSON_AddNumberToObject(x, "sparks", (double)e->sparks);
		cJSON_AddItemToObject(x, "low", num_or_null(iv ? e->plan_pct - z * sd : NAN));
		cJSON_AddItemToObject(x, "high", num_or_null(iv ? e->plan_pct + z * sd : NAN));
		cJSON_AddItemToObject(x, "dev_sd", num_or_null(dev));
		cJSON_AddBoolToObject(x, "outside", out);
		cJSON_AddItemToObject(els, rm_elem_symbol(e->z), x);
		if (out)
			cJSON_AddItemToArray(outside, cJSON_CreateString(rm_elem_symbol(e->z)));
	}
	cJSON_AddItemToObject(o, "elements", els);
	cJSON_AddItemToObject(o, "outside", outside);
	return o;
}

static int act_json(FILE *f, const struct actual_set *s, double z, double level,
                    struct rm_error *err)
{
	cJSON *root = cJSON_CreateObject(), *heats = cJSON_CreateArray();
	size_t flagged = 0;
	cJSON_AddNumberToObject(root, "level", level);
	cJSON_AddNumberToObject(root, "z", z);
	for (size_t k = 0; k < s->n; k++) {
		cJSON_AddItemToArray(heats, json_heat(&s->h[k], z));
		flagged += act_flags(&s->h[k], z) > 0;
	}
	cJSON_AddItemToObject(root, "heats", heats);
	cJSON_AddNumberToObject(root, "flagged", (double)flagged);
	char *txt = cJSON_Print(root);
	cJSON_Delete(root);
	if (!txt)
		return rm_error_set(err, "", 0, 0, "out of memory");
	fprintf(f, "%s\n", txt);
	free(txt);
	return 0;
}

int report_actual(FILE *f, enum report_format fmt, const struct actual_set *s, double level,
                  struct rm_error *err)
{
	double z = rm_stat_quantile(0.5 + level / 2);
	if (fmt == REPORT_JSON)
		return act_json(f, s, z, level, err);
	return act_text(f, s, z, level);
}
