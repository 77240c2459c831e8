/* Recorded heats read back (record_actual.h): heat_results.csv grouped by heat and plan,
 * the ledger's bookings and records of each heat summed per material. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_int.h"
#include "ledger_record.h"
#include "record_actual.h"
#include "rm_csv.h"
#include "rm_elem.h"
#include "rm_num.h"
#include "rm_strmap.h"

enum {
	A_TIME,
	A_HEAT,
	A_PLAN,
	A_GRADE,
	A_TAPPED,
	A_CHARGED,
	A_METAL,
	A_EL,
	A_PCT,
	A_SSD,
	A_SPARKS,
	A_PPCT,
	A_PSD,
	A_HEEL,
	A_HPCT,
	A_REC
};

/* Optional number of row r, column k of record_results_cols: NAN when empty. */
static int act_num(const struct rm_csv *t, const size_t *col, size_t r, int k, double hi, double *v,
                   struct rm_error *err)
{
	*v = NAN;
	return rm_num_cell(t, r, col[k], 0, hi, 0, v, err) < 0 ? -1 : 0;
}

static struct actual_heat *act_heat(struct actual_set *s, const struct rm_csv *t, const size_t *col,
                                    size_t r)
{
	const char *heat = rm_csv_cell(t, r, col[A_HEAT]), *plan = rm_csv_cell(t, r, col[A_PLAN]);
	for (size_t k = 0; k < s->n; k++)
		if (strcmp(s->h[k].heat, heat) == 0 && strcmp(s->h[k].plan, plan) == 0)
			return &s->h[k];
	struct actual_heat *h = &s->h[s->n++];
	h->heat = heat;
	h->plan = plan;
	h->grade = rm_csv_cell(t, r, col[A_GRADE]);
	h->time = rm_csv_cell(t, r, col[A_TIME]);
	h->line = rm_csv_line(t, r);
	return h;
}

/* One row of heat_results.csv: the heat's numbers (first row) and one element. */
static int act_row(struct actual_set *s, const struct rm_csv *t, const size_t *col, size_t r,
                   struct rm_error *err)
{
	struct actual_heat *h = act_heat(s, t, col, r);
	const char *sym = rm_csv_cell(t, r, col[A_EL]);
	struct actual_elem *e = &h->el[h->nel];
	double sparks;
	if (!(e->z = rm_elem_z(sym)))
		return rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), (long)col[A_EL] + 1,
		                    "element \"%.20s\" is not an element symbol", sym);
	if (act_num(t, col, r, A_TAPPED, 1e9, &h->tapped_kg, err) < 0 ||
	    act_num(t, col, r, A_CHARGED, 1e12, &h->charged_kg, err) < 0 ||
	    act_num(t, col, r, A_METAL, 1e12, &h->metal_kg, err) < 0 ||
	    rm_num_cell(t, r, col[A_PCT], 0, 100, RM_NUM_REQUIRED, &e->pct, err) < 0 ||
	    act_num(t, col, r, A_SSD, 100, &e->spark_sd, err) < 0 ||
	    rm_num_cell(t, r, col[A_SPARKS], 1, 1e6, RM_NUM_REQUIRED, &sparks, err) < 0 ||
	    act_num(t, col, r, A_PPCT, 100, &e->plan_pct, err) < 0 ||
	    act_num(t, col, r, A_PSD, 100, &e->plan_sd, err) < 0 ||
	    rm_num_cell(t, r, col[A_HEEL], 0, 1e9, RM_NUM_REQUIRED, &h->heel_kg, err) < 0 ||
	    rm_num_cell(t, r, col[A_HPCT], 0, 100, RM_NUM_REQUIRED, &e->heel_pct, err) < 0 ||
	    rm_num_cell(t, r, col[A_REC], 0, 1, RM_NUM_REQUIRED | RM_NUM_LO_OPEN, &e->recovery,
	                err) < 0)
		return -1;
	e->sparks = (size_t)sparks;
	h->nel++;
	return 0;
}

static int act_results(struct actual_set *s, const char *heat, struct rm_error *err)
{
	const struct rm_csv *t = s->results;
	size_t col[RECORD_NCOLS], n = rm_csv_nrows(t);
	for (size_t k = 0; k < RECORD_NCOLS; k++) {
		long c = rm_csv_col(t, record_results_cols[k]);
		if (c < 0)
			return rm_error_set(err, rm_csv_file(t), rm_csv_header_line(t), 0,
			                    "missing required column \"%s\"",
			                    record_results_cols[k]);
		col[k] = (size_t)c;
	}
	/* room for every row as a heat and as an element of each: small files, simple code */
	if (!(s->h = calloc(n + 1, sizeof *s->h)))
		return rm_error_set(err, rm_csv_file(t), 0, 0, "out of memory");
	for (size_t r = 0; r < n; r++) {
		if (heat && strcmp(rm_csv_cell(t, r, col[A_HEAT]), heat) != 0)
			continue;
		struct actual_heat *h = act_heat(s, t, col, r);
		if (!h->el && !(h->el = calloc(n + 1, sizeof *h->el)))
			return rm_error_set(err, rm_csv_file(t), 0, 0, "out of memory");
		if (act_row(s, t, col, r, err) < 0)
			return -1;
	}
	return 0;
}

/* Sign of a ledger row's kg for what the heat charged: bookings, records and surpluses add
 * (a surplus was weighed beyond a used-up lot's booking), returns and shorts take off (a
 * short was booked, never weighed); 0 for rows of no heat. */
static double act_sign(const char *kind)
{
	if (!strcmp(kind, "lot") || !strcmp(kind, "additive") || !strcmp(kind, "unlimited") ||
	    !strcmp(kind, "record") || !strcmp(kind, "surplus"))
		return 1;
	return !strcmp(kind, "return") || !strcmp(kind, "short") ? -1 : 0;
}

static int act_ledger(struct actual_set *s, struct rm_error *err)
{
	const struct rm_csv *t = s->ledger;
	size_t n = t ? rm_csv_nrows(t) : 0;
	long ck = t ? rm_csv_col(t, "kind") : -1;
	size_t ch = t ? (size_t)rm_csv_col(t, "heat") : 0,
	       cp = t ? (size_t)rm_csv_col(t, "plan") : 0;
	size_t ci = t ? (size_t)rm_csv_col(t, "id") : 0,
	       cm = t ? (size_t)rm_csv_col(t, "mass_kg") : 0;
	struct rm_strmap emptied = {0};
	if (t && lg_emptied(t, &emptied) < 0)
		return rm_error_set(err, "ledger.csv", 0, 0, "out of memory");
	for (size_t k = 0; k < s->n; k++)
		if (!(s->h[k].mat = calloc(n + 1, sizeof *s->h[k].mat))) {
			rm_strmap_free(&emptied);
			return rm_error_set(err, "ledger.csv", 0, 0, "out of memory");
		}
	for (size_t r = 0; r < n; r++) {
		const char *kind = ck >= 0 ? rm_csv_cell(t, r, (size_t)ck) : "lot";
		double sign = act_sign(kind), kg = strtod(rm_csv_cell(t, r, cm), NULL);
		bool booking =
		    sign > 0 && strcmp(kind, "record") != 0 && strcmp(kind, "surplus") != 0;
		for (size_t k = 0; sign != 0 && k < s->n; k++) {
			struct actual_heat *h = &s->h[k];
			if (strcmp(rm_csv_cell(t, r, ch), h->heat) ||
			    strcmp(rm_csv_cell(t, r, cp), h->plan))
				continue;
			const char *id = rm_csv_cell(t, r, ci);
			size_t m = 0;
			while (m < h->nmat && strcmp(h->mat[m].id, id) != 0)
				m++;
			if (m == h->nmat) {
				long e = rm_strmap_get(&emptied, id);
				h->mat[h->nmat].used_up = e >= 0 && (size_t)e >= r;
				h->mat[h->nmat++].id = id;
			}
			h->mat[m].charged += sign * kg;
			h->mat[m].planned += booking ? kg : 0;
			h->planned_kg += booking ? kg : 0;
		}
	}
	rm_strmap_free(&emptied);
	return 0;
}

int actual_load(const char *dir, const char *heat, struct actual_set **out, struct rm_error *err)
{
	struct actual_set *s = calloc(1, sizeof *s);
	char *rp = lg_path(dir, LG_RESULTS), *lp = lg_path(dir, "ledger.csv");
	struct lg_buf b = {0};
	int rc = s && rp && lp ? 0 : rm_error_set(err, dir, 0, 0, "out of memory");
	if (!rc && lg_exists(rp))
		rc = rm_csv_load(rp, &s->results, err);
	if (!rc && s->results)
		rc = act_results(s, heat, err);
	if (!rc)
		rc = lg_read(lp, &b, err);
	if (!rc)
		rc = lg_ledger_parse(lp, &b, &s->ledger, err);
	if (!rc)
		rc = act_ledger(s, err);
	lg_buf_free(&b);
	free(rp);
	free(lp);
	if (rc) {
		actual_free(s);
		s = NULL;
	}
	*out = s;
	return rc;
}

void actual_free(struct actual_set *s)
{
	if (!s)
		return;
	for (size_t k = 0; k < s->n; k++) {
		free(s->h[k].el);
		free(s->h[k].mat);
	}
	free(s->h);
	rm_csv_free(s->results);
	rm_csv_free(s->ledger);
	free(s);
}
