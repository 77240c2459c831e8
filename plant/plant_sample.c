/* plant_sample: a bath's spectrometer sample, sparks averaged (plant_sample.h). */
#include "plant_sample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rm_csv.h"
#include "rm_num.h"

/* A spectrometer's print-out may round its element values to a sum a little over 100. */
#define SAMPLE_SUM_TOL 1e-6

double plant_sample_sd_default(double v)
{
	return PLANT_SAMPLE_SD_ABS + PLANT_SAMPLE_SD_REL * fabs(v);
}

bool plant_sample_sum_ok(double sum)
{
	return sum <= 100 + SAMPLE_SUM_TOL;
}

void plant_sample_free(struct plant_sample *s)
{
	if (!s)
		return;
	free(s->file);
	free(s->el);
	free(s);
}

const struct plant_sample_el *plant_sample_of(const struct plant_sample *s, size_t e)
{
	for (size_t k = 0; k < s->n; k++)
		if (s->el[k].e == (long)e)
			return &s->el[k];
	return NULL;
}

/* The element symbol of row r's cell c: exact case (as every data file writes it). */
static int sample_symbol(const struct rm_csv *t, size_t r, size_t c, int *z, struct rm_error *err)
{
	const char *s = rm_csv_cell(t, r, c);
	size_t b = 0, n = strlen(s);
	while (b < n && (s[b] == ' ' || s[b] == '\t'))
		b++;
	while (n > b && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char sym[4] = {0};
	if (n - b > 0 && n - b < sizeof sym)
		memcpy(sym, s + b, n - b);
	*z = sym[0] ? rm_elem_z(sym) : 0;
	if (*z)
		return 0;
	int zc = sym[0] ? rm_elem_z_nocase(sym) : 0;
	if (zc)
		return rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), (long)c + 1,
		                    "element \"%s\": write it \"%s\"", sym, rm_elem_symbol(zc));
	return rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), (long)c + 1,
	                    "element \"%.40s\" is not an element symbol", s);
}

/* Adds row r: a spark of its element (Welford's running mean and sum of squares in sd). */
static int sample_row(struct plant_sample *s, const struct plant *p, const struct rm_csv *t,
                      size_t r, size_t ce, size_t cv, struct rm_error *err)
{
	int z;
	double v;
	if (sample_symbol(t, r, ce, &z, err) < 0)
		return -1;
	int rc = rm_num_cell(t, r, cv, 0, 100, RM_NUM_REQUIRED, &v, err);
	if (rc < 0)
		return -1;
	size_t k = 0;
	while (k < s->n && s->el[k].z != z)
		k++;
	if (k == s->n) {
		s->el[k] = (struct plant_sample_el){
		    .z = z, .e = rm_elemset_find(&p->els, z), .line = rm_csv_line(t, r)};
		s->n++;
	}
	struct plant_sample_el *el = &s->el[k];
	el->n++;
	double d = v - el->mean;
	el->mean += d / (double)el->n;
	el->sd += d * (v - el->mean);
	return 0;
}

int plant_sample_load(const char *path, const struct plant *p, struct plant_sample **out,
                      struct rm_error *err)
{
	struct rm_csv *t = NULL;
	if (rm_csv_load(path, &t, err) < 0)
		return -1;
	long ce = rm_csv_col(t, "element"), cv = rm_csv_col(t, "wt_pct");
	size_t nr = rm_csv_nrows(t);
	struct plant_sample *s = calloc(1, sizeof *s);
	int rc = 0;
	if (!s || !(s->file = strdup(path)) || !(s->el = calloc(nr + 1, sizeof *s->el)))
		rc = rm_error_set(err, path, 0, 0, "out of memory");
	else if (ce < 0 || cv < 0)
		rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
		                  "missing required column \"%s\" (a sample is element,wt_pct)",
		                  ce < 0 ? "element" : "wt_pct");
	else if (nr == 0)
		rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
		                  "no sparks: the file has a header but no rows");
	for (size_t r = 0; !rc && r < nr; r++)
		rc = sample_row(s, p, t, r, (size_t)ce, (size_t)cv, err);
	for (size_t k = 0; !rc && k < s->n; k++) {
		struct plant_sample_el *el = &s->el[k];
		double spread = el->n > 1 ? sqrt(el->sd / (double)(el->n - 1)) : 0;
		el->sd = fmax(spread, plant_sample_sd_default(el->mean));
		s->sum += el->mean;
	}
	if (!rc && !plant_sample_sum_ok(s->sum))
		rc = rm_error_set(err, path, rm_csv_line(t, nr - 1), cv + 1,
		                  "the elements' means sum to %.6g wt%%, more than 100", s->sum);
	rm_csv_free(t);
	if (rc) {
		plant_sample_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int plant_sample_typed(const struct plant *p, const double *val, const char *name,
                       struct plant_sample **out, struct rm_error *err)
{
	struct plant_sample *s = calloc(1, sizeof *s);
	if (!s || !(s->file = strdup(name)) || !(s->el = calloc(p->els.n + 1, sizeof *s->el))) {
		plant_sample_free(s);
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	}
	for (size_t e = 0; e < p->els.n; e++) {
		if (isnan(val[e]))
			continue;
		if (!(val[e] >= 0 && val[e] <= 100)) {
			plant_sample_free(s);
			return rm_error_set(err, NULL, 0, 0, "%s %g wt%% must be in [0, 100]",
			                    rm_elem_symbol(p->els.z[e]), val[e]);
		}
		s->el[s->n++] = (struct plant_sample_el){.z = p->els.z[e],
		                                         .e = (long)e,
		                                         .mean = val[e],
		                                         .sd = plant_sample_sd_default(val[e]),
		                                         .n = 1};
		s->sum += val[e];
	}
	if (!plant_sample_sum_ok(s->sum)) {
		double sum = s->sum;
		plant_sample_free(s);
		return rm_error_set(err, NULL, 0, 0, "the elements sum to %.6g wt%%, more than 100",
		                    sum);
	}
	*out = s;
	return 0;
}
