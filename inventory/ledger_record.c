/* ledger_record: book a heat's weighed charge against its committed plan (or directly) and
 * append its analysis to heat_results.csv, in one transaction of ledger_tx.c. The stock
 * files are rewritten by the commit's own lg_stock_rewrite, the ledger rows by its
 * lg_ledger_row, so a record is exactly as crash-safe as a commit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "ledger_int.h"
#include "ledger_record.h"
#include "rm_csv.h"
#include "rm_num.h"
#include "rm_strmap.h"

enum { R_LEDGER, R_LOTS, R_ADD, R_RESULTS, R_LOTS_USED, R_ADD_USED, R_N };
static const size_t rec_file[R_N] = {0, 1, 2, 5, LG_LOTS_USED, LG_LOTS_USED + 1}; /* lg_files */

const char *const record_results_cols[] = {"time",       "heat",       "plan",     "grade",
                                           "tapped_kg",  "charged_kg", "metal_kg", "element",
                                           "wt_pct",     "spark_sd",   "sparks",   "planned_pct",
                                           "planned_sd", "heel_kg",    "heel_pct", "recovery"};

/* A material of the heat: weighed (ch >= 0, index in rec->ch) and/or booked by the plan. */
struct rec_mat {
	const char *id;
	long ch;
	double planned, charged;
	long inv; /* index in the inventory, -1 when not in lots.csv or additives.csv */
};

struct rec_ctx {
	const char *dir;
	const struct ledger_record *rec;
	const struct ledger_opts *o;
	struct record_result *res;
	struct rm_error *err;
	struct rm_elemset els;
	struct inventory *inv;
	char *path[R_N];
	struct lg_file f[R_N];
	struct rm_csv *ledger, *results;
	size_t nmat;
	struct rec_mat *mat;
	double *used; /* [inv->n] kg leaving stock (negative: coming back) */
};

static int rec_load(struct rec_ctx *c)
{
	for (int k = 0; k < R_N; k++) {
		c->f[k].name = lg_files[rec_file[k]];
		if (!(c->path[k] = lg_path(c->dir, c->f[k].name)))
			return rm_error_set(c->err, c->dir, 0, 0, "out of memory");
		if (lg_read(c->path[k], &c->f[k].old, c->err) < 0)
			return -1;
	}
	if (!c->f[R_LOTS].old.present)
		return rm_error_set(c->err, c->path[R_LOTS], 0, 0, "cannot open: no such file");
	if (inv_load(c->path[R_LOTS], c->f[R_ADD].old.present ? c->path[R_ADD] : NULL, &c->els,
	             &c->inv, c->err) < 0)
		return -1;
	if (!(c->used = calloc(c->inv->n + 1, sizeof *c->used)))
		return rm_error_set(c->err, c->dir, 0, 0, "out of memory");
	return lg_ledger_parse(c->path[R_LEDGER], &c->f[R_LEDGER].old, &c->ledger, c->err);
}

/* heat_results.csv as it is: every column of record_results_cols. */
static int rec_results_parse(struct rec_ctx *c)
{
	const struct lg_buf *b = &c->f[R_RESULTS].old;
	if (!b->present)
		return 0;
	if (rm_csv_parse(c->path[R_RESULTS], b->p, b->n, &c->results, c->err) < 0)
		return -1;
	for (size_t k = 0; k < RECORD_NCOLS; k++)
		if (rm_csv_col(c->results, record_results_cols[k]) < 0)
			return rm_error_set(
			    c->err, c->path[R_RESULTS], rm_csv_header_line(c->results), 0,
			    "missing required column \"%s\"", record_results_cols[k]);
	return 0;
}

/* Whether ledger row r books a plan's charge (not a record's, an adjust's). */
static bool rec_booking(const struct rm_csv *t, size_t r)
{
	long ck = rm_csv_col(t, "kind");
	const char *kind = ck >= 0 ? rm_csv_cell(t, r, (size_t)ck) : "lot";
	return strcmp(kind, "lot") == 0 || strcmp(kind, "additive") == 0 ||
	       strcmp(kind, "unlimited") == 0;
}

/* The plan that last booked the heat ("" when none), checked against the plan file given. */
static int rec_find_plan(struct rec_ctx *c)
{
	const struct rm_csv *t = c->ledger;
	size_t ch = t ? (size_t)rm_csv_col(t, "heat") : 0,
	       cp = t ? (size_t)rm_csv_col(t, "plan") : 0;
	c->res->plan[0] = '\0';
	for (size_t r = 0; t && r < rm_csv_nrows(t); r++)
		if (strcmp(rm_csv_cell(t, r, ch), c->rec->heat) == 0 && rec_booking(t, r) &&
		    rm_csv_cell(t, r, cp)[0])
			snprintf(c->res->plan, sizeof c->res->plan, "%s", rm_csv_cell(t, r, cp));
	if (!c->rec->plan[0] || strcmp(c->rec->plan, c->res->plan) == 0)
		return 0;
	if (!c->res->plan[0])
		return rm_error_set(c->err, c->path[R_LEDGER], 0, 0,
		                    "refused: plan %s (--plan) has not booked heat \"%.60s\": "
		                    "commit it first, or record without --plan to book the heat "
		                    "directly; nothing was changed",
		                    c->rec->plan, c->rec->heat);
	return rm_error_set(c->err, c->path[R_LEDGER], 0, 0,
	                    "refused: heat \"%.60s\" was booked by plan %s, not by plan %s "
	                    "(--plan); nothing was changed",
	                    c->rec->heat, c->res->plan, c->rec->plan);
}

/* A heat is recorded once per plan (once when booked directly). */
static int rec_check_once(struct rec_ctx *c)
{
	const struct rm_csv *t = c->results;
	if (!t)
		return 0;
	size_t ch = (size_t)rm_csv_col(t, "heat"), cp = (size_t)rm_csv_col(t, "plan");
	size_t ct = (size_t)rm_csv_col(t, "time");
	for (size_t r = 0; r < rm_csv_nrows(t); r++)
		if (strcmp(rm_csv_cell(t, r, ch), c->rec->heat) == 0 &&
		    strcmp(rm_csv_cell(t, r, cp), c->res->plan) == 0)
			return rm_error_set(c->err, c->path[R_RESULTS], rm_csv_line(t, r),
			                    (long)ch + 1,
			                    "refused: heat \"%.60s\"%s%s was already recorded at "
			                    "%.40s; nothing was changed",
			                    c->rec->heat, c->res->plan[0] ? " of plan " : "",
			                    c->res->plan, rm_csv_cell(t, r, ct));
	return 0;
}

static struct rec_mat *rec_mat(struct rec_ctx *c, const char *id)
{
	for (size_t k = 0; k < c->nmat; k++)
		if (strcmp(c->mat[k].id, id) == 0)
			return &c->mat[k];
	struct rec_mat *m = &c->mat[c->nmat++];
	m->id = id;
	m->ch = -1;
	m->inv = inv_find(c->inv, id);
	return m;
}

/* The materials of the heat: weighed ones, then those only the plan booked. */
static int rec_materials(struct rec_ctx *c)
{
	const struct rm_csv *t = c->ledger;
	size_t nrows = t ? rm_csv_nrows(t) : 0;
	if (!(c->mat = calloc(c->rec->ncharge + nrows + 1, sizeof *c->mat)))
		return rm_error_set(c->err, c->dir, 0, 0, "out of memory");
	for (size_t k = 0; k < c->rec->ncharge; k++) {
		struct rec_mat *m = rec_mat(c, c->rec->ch[k].id);
		m->ch = (long)k;
		m->charged = c->rec->ch[k].kg;
	}
	if (!c->res->plan[0])
		return c->rec->as_booked
		           ? rm_error_set(c->err, c->path[R_LEDGER], 0, 0,
		                          "refused: no committed plan booked heat \"%.60s\", so "
		                          "there is nothing to record as booked: give the weighed "
		                          "charge; nothing was changed",
		                          c->rec->heat)
		           : 0;
	size_t ch = (size_t)rm_csv_col(t, "heat"), cp = (size_t)rm_csv_col(t, "plan");
	size_t ci = (size_t)rm_csv_col(t, "id"), ck = (size_t)rm_csv_col(t, "mass_kg");
	struct rm_strmap emptied = {0};
	if (lg_emptied(t, &emptied) < 0)
		return rm_error_set(c->err, c->dir, 0, 0, "out of memory");
	for (size_t r = 0; r < nrows; r++) {
		if (strcmp(rm_csv_cell(t, r, ch), c->rec->heat) != 0 ||
		    strcmp(rm_csv_cell(t, r, cp), c->res->plan) != 0 || !rec_booking(t, r))
			continue;
		double kg;
		const char *why;
		struct rec_mat *m = rec_mat(c, rm_csv_cell(t, r, ci));
		if (rm_num_parse(rm_csv_cell(t, r, ck), &kg, &why) ==
		    0) /* lg_ledger_parse checked */
			m->planned += kg;
		/* booked before the ledger emptied it: the lot of the booking is used up, and
		 * a lot of that id in lots.csv now is a new delivery, not this one */
		long e = rm_strmap_get(&emptied, m->id);
		if (e >= 0 && (size_t)e >= r)
			m->inv = -1;
	}
	rm_strmap_free(&emptied);
	for (size_t k = 0; c->rec->as_booked && k < c->nmat; k++)
		if (c->mat[k].ch < 0) /* not weighed: charged as booked */
			c->mat[k].charged = c->mat[k].planned;
	return 0;
}

/* Known ids, and stock enough for what the weighing adds to the booking. */
static int rec_fit(struct rec_ctx *c)
{
	const struct ledger_record *rec = c->rec;
	for (size_t k = 0; k < c->nmat; k++) {
		struct rec_mat *m = &c->mat[k];
		double diff = m->charged - m->planned;
		long line = m->ch >= 0 ? rec->ch[m->ch].line : 0;
		if (m->inv < 0 && m->planned == 0)
			return rm_error_set(c->err, rec->charged_file, line, rec->id_col,
			                    "refused: \"%.60s\" is not in lots.csv or additives.csv"
			                    "%s; nothing was changed",
			                    m->id,
			                    c->res->plan[0] ? " nor in the heat's plan" : "");
		if (m->inv < 0)
			continue; /* used up: a short or a surplus row, the stock stays empty */
		const struct material *mt = &c->inv->m[m->inv];
		c->used[m->inv] = diff;
		if (isfinite(mt->mass_kg) && diff > mt->mass_kg + LEDGER_EMPTY_KG)
			return rm_error_set(
			    c->err, rec->charged_file, line, rec->kg_col,
			    "refused: %.10g kg of \"%.60s\" weighed%s%.10g%s, only %.10g kg more "
			    "in stock (%s:%ld); nothing was changed",
			    m->charged, m->id, m->planned > 0 ? " against " : "",
			    m->planned > 0 ? m->planned : 0, m->planned > 0 ? " kg booked" : "",
			    mt->mass_kg, mt->file, mt->line);
	}
	return 0;
}

/* The old ledger (or a header) and a row per material whose weighed kg differ from the
 * booked ones. */
static int rec_ledger_new(struct rec_ctx *c)
{
	struct lg_file *f = &c->f[R_LEDGER];
	struct lg_out out = {0};
	char when[40], kg[40], rem[40];
	lg_time(when, sizeof when, c->o->now);
	if (lg_ledger_start(&f->old, c->ledger, c->path[R_LEDGER], &out, c->err) < 0) {
		free(out.p);
		return -1;
	}
	for (size_t k = 0; k < c->nmat; k++) {
		const struct rec_mat *m = &c->mat[k];
		double diff = m->charged - m->planned;
		if (diff == 0)
			continue;
		const struct material *mt = m->inv >= 0 ? &c->inv->m[m->inv] : NULL;
		bool limited = !mt || isfinite(mt->mass_kg);
		double left = mt ? mt->mass_kg - diff : 0;
		/* A lot the commit used up has no stock to take from or give back to: weighed
		 * lighter, the booking had kg that never existed (short); heavier, the lot held
		 * metal the books never had (surplus), charged all the same. */
		const char *kind = !mt        ? (diff > 0 ? "surplus" : "short")
		                   : diff > 0 ? "record"
		                              : "return";
		lg_fmt_num(kg, sizeof kg, fabs(diff));
		lg_fmt_num(rem, sizeof rem, left < LEDGER_EMPTY_KG ? 0 : left);
		const char *val[LG_NCOLS] = {when, c->res->plan,       c->rec->heat, m->id, kg,
		                             kind, limited ? rem : "", "",           "",    ""};
		lg_ledger_row(&out, c->ledger, val);
		c->res->rows++;
	}
	f->new_p = out.p;
	f->new_n = out.n;
	if (!f->old.present)
		f->old.mode = c->f[R_LOTS].old.mode;
	return out.oom ? rm_error_set(c->err, c->dir, 0, 0, "out of memory") : 0;
}

static void rec_put(void *b, const char *s, size_t n)
{
	lg_out_add(b, s, n);
}

/* Yield of a weighed material: the inventory's, else the plan's; NAN when unknown. */
static double rec_yield(const struct rec_ctx *c, const struct rec_mat *m)
{
	if (m->inv >= 0)
		return c->inv->m[m->inv].yield;
	for (size_t k = 0; k < c->rec->nyield; k++)
		if (strcmp(c->rec->yield[k].id, m->id) == 0)
			return c->rec->yield[k].yield;
	return NAN;
}

static void rec_num(char *buf, size_t n, double v)
{
	if (isfinite(v))
		lg_fmt_num(buf, n, v);
	else
		buf[0] = '\0';
}

/* heat_results.csv: the old bytes (or a header) and a row per analysed element, in the file's
 * column order; columns a plant added stay empty. */
static int rec_results_new(struct rec_ctx *c)
{
	struct lg_file *f = &c->f[R_RESULTS];
	const struct rm_csv *t = c->results;
	struct lg_out out = {0};
	char when[40], tapped[40], charged[40], metal[40], pct[40], ssd[40], sparks[40], ppct[40],
	    psd[40], heel[40], hpct[40], recov[40];
	size_t ncol = t ? rm_csv_ncols(t) : RECORD_NCOLS;
	if (f->old.present) {
		lg_out_add(&out, f->old.p, f->old.n);
		if (f->old.n && f->old.p[f->old.n - 1] != '\n' && f->old.p[f->old.n - 1] != '\r')
			lg_out_add(&out, "\n", 1);
	} else {
		for (size_t k = 0; k < RECORD_NCOLS; k++) {
			lg_out_str(&out, k ? "," : "");
			lg_out_str(&out, record_results_cols[k]);
		}
		lg_out_add(&out, "\n", 1);
		f->old.mode = c->f[R_LOTS].old.mode;
	}
	double sum = 0, metal_kg = 0;
	for (size_t k = 0; k < c->nmat; k++) {
		sum += c->mat[k].charged;
		metal_kg +=
		    c->mat[k].charged > 0 ? c->mat[k].charged * rec_yield(c, &c->mat[k]) : 0;
	}
	c->res->charged_kg = sum;
	c->res->metal_kg = metal_kg;
	lg_time(when, sizeof when, c->o->now);
	rec_num(tapped, sizeof tapped, c->rec->tapped_kg);
	rec_num(charged, sizeof charged, sum);
	rec_num(metal, sizeof metal, metal_kg);
	rec_num(heel, sizeof heel, c->rec->heel_kg);
	for (size_t e = 0; e < c->rec->nel; e++) {
		const struct record_elem *el = &c->rec->el[e];
		rec_num(pct, sizeof pct, el->pct);
		rec_num(ssd, sizeof ssd, el->spark_sd);
		snprintf(sparks, sizeof sparks, "%zu", el->sparks);
		rec_num(ppct, sizeof ppct, el->plan_pct);
		rec_num(psd, sizeof psd, el->plan_sd);
		rec_num(hpct, sizeof hpct, el->heel_pct);
		rec_num(recov, sizeof recov, el->recovery);
		const char *val[RECORD_NCOLS] = {
		    when,   c->rec->heat, c->res->plan, c->rec->grade,
		    tapped, charged,      metal,        rm_elem_symbol(el->z),
		    pct,    ssd,          sparks,       ppct,
		    psd,    heel,         hpct,         recov};
		for (size_t k = 0; k < ncol; k++) {
			const char *name = t ? rm_csv_header(t, k) : record_results_cols[k];
			if (k)
				lg_out_add(&out, ",", 1);
			for (size_t j = 0; j < RECORD_NCOLS; j++)
				if (strcmp(name, record_results_cols[j]) == 0)
					rm_csv_field(val[j], 0, rec_put, &out);
		}
		lg_out_add(&out, "\n", 1);
	}
	f->new_p = out.p;
	f->new_n = out.n;
	return out.oom ? rm_error_set(c->err, c->dir, 0, 0, "out of memory") : 0;
}

static int rec_locked(void *ctx)
{
	struct rec_ctx *c = ctx;
	struct ledger_result stock = {0};
	int changed[R_N] = {0, 0, 0, 1, 0, 0};
	int rc = rec_load(c);
	struct lg_stock lots = {
	    c->path[R_LOTS], c->path[R_LOTS_USED], &c->f[R_LOTS], &c->f[R_LOTS_USED], 0, 0};
	struct lg_stock adds = {
	    c->path[R_ADD], c->path[R_ADD_USED], &c->f[R_ADD], &c->f[R_ADD_USED], 0, 0};
	if (!rc)
		rc = rec_results_parse(c);
	if (!rc)
		rc = rec_find_plan(c);
	if (!rc)
		rc = rec_check_once(c);
	if (!rc)
		rc = rec_materials(c);
	if (!rc)
		rc = rec_fit(c);
	if (!rc)
		rc = lg_stock_rewrite(&lots, c->inv, c->used, 0, c->inv->nlots, &stock, c->err);
	if (!rc && c->f[R_ADD].old.present)
		rc = lg_stock_rewrite(&adds, c->inv, c->used, c->inv->nlots,
		                      c->inv->n - c->inv->nlots, &stock, c->err);
	changed[R_LOTS] = lots.changed;
	changed[R_LOTS_USED] = lots.arch_changed;
	changed[R_ADD] = adds.changed;
	changed[R_ADD_USED] = adds.arch_changed;
	if (!rc)
		rc = rec_ledger_new(c);
	if (!rc)
		rc = rec_results_new(c);
	if (rc)
		return -1;
	changed[R_LEDGER] = c->res->rows > 0;
	for (size_t k = 0; k < c->nmat; k++)
		c->res->planned_kg += c->mat[k].planned;
	c->res->materials = c->rec->ncharge;
	lg_step(c->o, "checked");
	struct lg_file files[R_N];
	size_t nf = 0;
	for (int k = 0; k < R_N; k++)
		if (changed[k])
			files[nf++] = c->f[k];
	return lg_tx_run(c->dir, "record", files, nf, c->o, c->err);
}

int ledger_record(const char *dir, const struct ledger_record *rec, const struct ledger_opts *o,
                  struct record_result *res, struct rm_error *err)
{
	struct rec_ctx c = {.dir = dir, .rec = rec, .o = o, .res = res, .err = err};
	memset(res, 0, sizeof *res);
	int rc = lg_locked(dir, o, &res->recovered, rec_locked, &c, err);
	for (int k = 0; k < R_N; k++) {
		free(c.path[k]);
		lg_buf_free(&c.f[k].old);
		free(c.f[k].new_p);
	}
	rm_csv_free(c.ledger);
	rm_csv_free(c.results);
	inv_free(c.inv);
	rm_elemset_free(&c.els);
	free(c.mat);
	free(c.used);
	return rc;
}
