/* estimate --write (ledger_estimate.h): cell edits of lots.csv's bytes, the ledger's estimate
 * rows and estimates.csv, in one transaction of ledger_tx.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_estimate.h"
#include "ledger_int.h"
#include "rm_csv.h"
#include "rm_elem.h"
#include "rm_num.h"

enum { E_LEDGER, E_LOTS, E_EST, E_N };
static const char *const est_cols = "time,id,element,prior_mean,prior_sd,mean,sd\n";

/* A change of lots.csv's bytes: [start, end) replaced by text. */
struct est_edit {
	size_t start, end;
	char text[48];
};

struct est_ctx {
	const char *dir;
	const struct ledger_opts *o;
	struct ledger_est_result *res;
	struct rm_error *err;
	char *path[E_N];
	struct lg_file f[E_N];
	struct rm_csv *lots;
	struct est_edit *ed;
	size_t ned;
	char (*added)[16]; /* sd_<El> columns added */
	size_t nadded;
	bool undo;        /* putting the last write's priors back */
	size_t undo_from; /* where the last write's rows start in estimates.csv */
	const struct ledger_est_cell *cells; /* the cells to write: given, or (undo) read */
	size_t ncell;
	struct ledger_est_cell *undo_cells; /* undo: the priors of estimates.csv's last write */
	struct rm_csv *log;                 /* undo: estimates.csv */
};

static void est_put(void *b, const char *s, size_t n)
{
	lg_out_add(b, s, n);
}

static int est_cmp(const void *a, const void *b)
{
	const struct est_edit *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static void est_edit(struct est_ctx *c, size_t start, size_t end, double v, int comma)
{
	struct est_edit *e = &c->ed[c->ned++];
	e->start = start;
	e->end = end;
	e->text[0] = comma ? ',' : '\0';
	e->text[1] = '\0';
	if (isfinite(v))
		lg_fmt_num(e->text + (comma ? 1 : 0), sizeof e->text - 1, v);
}

static long est_row(const struct rm_csv *t, const char *id)
{
	long ci = rm_csv_col(t, "id");
	for (size_t r = 0; ci >= 0 && r < rm_csv_nrows(t); r++)
		if (strcmp(rm_csv_cell(t, r, (size_t)ci), id) == 0)
			return (long)r;
	return -1;
}

/* End of the header's last field: before the line end that precedes the first data row. */
static size_t est_header_end(const struct rm_csv *t, const struct lg_buf *b)
{
	size_t pos = rm_csv_cell_start(t, 0, 0);
	while (pos > 0 && (b->p[pos - 1] == '\n' || b->p[pos - 1] == '\r'))
		pos--;
	return pos;
}

/* The edits of one cell: its element value, and its sd (in a column added when absent). */
static int est_cell(struct est_ctx *c, const struct ledger_est_cell *x)
{
	const struct rm_csv *t = c->lots;
	const struct lg_buf *b = &c->f[E_LOTS].old;
	const char *sym = rm_elem_symbol(x->z);
	char sdname[16];
	snprintf(sdname, sizeof sdname, "sd_%s", sym ? sym : "");
	long r = est_row(t, x->id), ce = sym ? rm_csv_col(t, sym) : -1;
	long cs = rm_csv_col(t, sdname);
	double v = NAN;
	const char *why;
	if (r < 0 || ce < 0 || rm_num_parse(rm_csv_cell(t, (size_t)r, (size_t)ce), &v, &why) < 0 ||
	    v != x->prior_mean)
		return rm_error_set(c->err, c->path[E_LOTS], r >= 0 ? rm_csv_line(t, (size_t)r) : 0,
		                    ce >= 0 ? ce + 1 : 0,
		                    "refused: lot \"%.60s\" %s no longer holds the %s value the "
		                    "estimate started from (changed since); nothing was changed",
		                    x->id, r < 0 ? "is gone or" : "", sym ? sym : "?");
	size_t s = rm_csv_cell_start(t, (size_t)r, (size_t)ce);
	est_edit(c, s, rm_csv_field_end(b->p, b->n, s), x->mean, 0);
	if (cs >= 0) {
		s = rm_csv_cell_start(t, (size_t)r, (size_t)cs);
		est_edit(c, s, rm_csv_field_end(b->p, b->n, s), x->sd, 0);
		return 0;
	}
	size_t k = 0;
	while (k < c->nadded && strcmp(c->added[k], sdname) != 0)
		k++;
	if (k == c->nadded)
		snprintf(c->added[c->nadded++], sizeof c->added[0], "%s", sdname);
	return 0;
}

/* Columns added: the header gains them, every row gains a cell (the value for the rows
 * written, empty for the others), in the order added. */
static void est_columns(struct est_ctx *c, const struct ledger_est_cell *x, size_t n)
{
	const struct rm_csv *t = c->lots;
	const struct lg_buf *b = &c->f[E_LOTS].old;
	size_t last = rm_csv_ncols(t) - 1;
	for (size_t k = 0; k < c->nadded; k++) {
		size_t h = est_header_end(t, b);
		struct est_edit *e = &c->ed[c->ned++];
		e->start = e->end = h;
		snprintf(e->text, sizeof e->text, ",%s", c->added[k]);
	}
	for (size_t r = 0; r < rm_csv_nrows(t); r++) {
		size_t end = rm_csv_field_end(b->p, b->n, rm_csv_cell_start(t, r, last));
		for (size_t k = 0; k < c->nadded; k++) {
			double v = NAN;
			for (size_t j = 0; j < n; j++)
				if (est_row(t, x[j].id) == (long)r &&
				    strcmp(c->added[k] + 3, rm_elem_symbol(x[j].z)) == 0)
					v = x[j].sd;
			est_edit(c, end, end, v, 1);
		}
	}
}

static int est_lots_new(struct est_ctx *c, const struct ledger_est_cell *x, size_t n)
{
	struct lg_file *f = &c->f[E_LOTS];
	size_t nrows = rm_csv_nrows(c->lots);
	c->ed = calloc(2 * n + (nrows + 1) * (n + 1) + 1, sizeof *c->ed);
	c->added = calloc(n + 1, sizeof *c->added);
	if (!c->ed || !c->added)
		return rm_error_set(c->err, c->dir, 0, 0, "out of memory");
	for (size_t k = 0; k < n; k++)
		if (est_cell(c, &x[k]) < 0)
			return -1;
	if (c->nadded && nrows)
		est_columns(c, x, n);
	/* stable order: inserts at one position keep the order they were made in */
	for (size_t k = 1; k < c->ned; k++)
		for (size_t j = k; j > 0 && est_cmp(&c->ed[j - 1], &c->ed[j]) > 0; j--) {
			struct est_edit tmp = c->ed[j];
			c->ed[j] = c->ed[j - 1];
			c->ed[j - 1] = tmp;
		}
	struct lg_out out = {0};
	size_t at = 0;
	for (size_t k = 0; k < c->ned; k++) {
		lg_out_add(&out, f->old.p + at, c->ed[k].start - at);
		lg_out_str(&out, c->ed[k].text);
		at = c->ed[k].end;
	}
	lg_out_add(&out, f->old.p + at, f->old.n - at);
	f->new_p = out.p;
	f->new_n = out.n;
	c->res->columns_added = c->nadded;
	struct rm_csv *check = NULL; /* what was written reads back as the same rows */
	int rc = out.oom ? rm_error_set(c->err, c->dir, 0, 0, "out of memory")
	                 : rm_csv_parse(c->path[E_LOTS], out.p, out.n, &check, c->err);
	if (!rc && rm_csv_nrows(check) != nrows)
		rc = rm_error_set(c->err, c->path[E_LOTS], 0, 0,
		                  "rewriting lost rows; nothing was "
		                  "changed");
	rm_csv_free(check);
	return rc;
}

/* The ledger's estimate rows (one per lot, its stock unchanged) and estimates.csv's rows. */
static int est_logs(struct est_ctx *c, const struct ledger_est_cell *x, size_t n)
{
	struct rm_csv *t = NULL;
	struct lg_out led = {0}, est = {0};
	char when[40], rem[40], v[4][40];
	lg_time(when, sizeof when, c->o->now);
	int rc = lg_ledger_parse(c->path[E_LEDGER], &c->f[E_LEDGER].old, &t, c->err);
	if (!rc)
		rc = lg_ledger_start(&c->f[E_LEDGER].old, t, c->path[E_LEDGER], &led, c->err);
	const struct lg_buf *eb = &c->f[E_EST].old;
	if (c->undo) {
		lg_out_add(&est, eb->p, c->undo_from); /* the write undone leaves the log */
	} else if (eb->present) {
		lg_out_add(&est, eb->p, eb->n);
		if (eb->n && eb->p[eb->n - 1] != '\n')
			lg_out_add(&est, "\n", 1);
	} else {
		lg_out_str(&est, est_cols);
	}
	long cm = rm_csv_col(c->lots, "mass_kg");
	for (size_t k = 0; !rc && k < n; k++) {
		long r = est_row(c->lots, x[k].id);
		bool first = true;
		for (size_t j = 0; j < k && first; j++)
			first = strcmp(x[j].id, x[k].id) != 0;
		if (first) {
			const char *mass = rm_csv_cell(c->lots, (size_t)r, (size_t)cm);
			snprintf(rem, sizeof rem, "%.39s", mass);
			const char *val[LG_NCOLS] = {
			    when, "", "", x[k].id, "0", c->undo ? "estimate_undo" : "estimate",
			    rem,  "", "", ""};
			lg_ledger_row(&led, t, val);
			c->res->lots++;
		}
		c->res->cells++;
		if (c->undo)
			continue;
		lg_fmt_num(v[0], sizeof v[0], x[k].prior_mean);
		lg_fmt_num(v[1], sizeof v[1], x[k].prior_sd);
		lg_fmt_num(v[2], sizeof v[2], x[k].mean);
		lg_fmt_num(v[3], sizeof v[3], x[k].sd);
		lg_out_str(&est, when);
		lg_out_add(&est, ",", 1);
		rm_csv_field(x[k].id, 0, est_put, &est);
		lg_out_str(&est, ",");
		lg_out_str(&est, rm_elem_symbol(x[k].z));
		for (int j = 0; j < 4; j++) {
			lg_out_add(&est, ",", 1);
			lg_out_str(&est, v[j]);
		}
		lg_out_add(&est, "\n", 1);
	}
	rm_csv_free(t);
	c->f[E_LEDGER].new_p = led.p;
	c->f[E_LEDGER].new_n = led.n;
	c->f[E_EST].new_p = est.p;
	c->f[E_EST].new_n = est.n;
	if (!c->f[E_LEDGER].old.present)
		c->f[E_LEDGER].old.mode = c->f[E_LOTS].old.mode;
	if (!eb->present)
		c->f[E_EST].old.mode = c->f[E_LOTS].old.mode;
	return !rc && (led.oom || est.oom) ? rm_error_set(c->err, c->dir, 0, 0, "out of memory")
	                                   : rc;
}

static int est_read(struct est_ctx *c)
{
	const char *names[E_N] = {"ledger.csv", "lots.csv", LEDGER_ESTIMATES};
	for (int k = 0; k < E_N; k++) {
		c->f[k].name = names[k];
		if (!(c->path[k] = lg_path(c->dir, names[k])))
			return rm_error_set(c->err, c->dir, 0, 0, "out of memory");
		if (lg_read(c->path[k], &c->f[k].old, c->err) < 0)
			return -1;
	}
	if (!c->f[E_LOTS].old.present)
		return rm_error_set(c->err, c->path[E_LOTS], 0, 0, "cannot open: no such file");
	if (rm_csv_parse(c->path[E_LOTS], c->f[E_LOTS].old.p, c->f[E_LOTS].old.n, &c->lots,
	                 c->err) < 0)
		return -1;
	if (rm_csv_col(c->lots, "mass_kg") < 0)
		return rm_error_set(c->err, c->path[E_LOTS], rm_csv_header_line(c->lots), 0,
		                    "missing required column \"mass_kg\"");
	return 0;
}

static int est_locked(struct est_ctx *c, const struct ledger_est_cell *x, size_t n)
{
	if (est_lots_new(c, x, n) < 0 || est_logs(c, x, n) < 0)
		return -1;
	lg_step(c->o, "checked");
	return lg_tx_run(c->dir, c->undo ? "estimate-undo" : "estimate", c->f, E_N, c->o, c->err);
}

/* The last write's rows of estimates.csv, turned round: the cell must hold the mean written,
 * and gets the prior back. */
static int est_undo_cells(struct est_ctx *c, struct rm_csv **log, struct ledger_est_cell **out,
                          size_t *n)
{
	const struct lg_buf *b = &c->f[E_EST].old;
	static const char *const cols[] = {"time",     "id",   "element", "prior_mean",
	                                   "prior_sd", "mean", "sd"};
	size_t col[7];
	*n = 0;
	if (!b->present || rm_csv_parse(c->path[E_EST], b->p, b->n, log, c->err) < 0 ||
	    !rm_csv_nrows(*log))
		return b->present && !*log ? -1
		                           : rm_error_set(c->err, c->path[E_EST], 0, 0,
		                                          "no estimate --write to undo");
	const struct rm_csv *t = *log;
	for (size_t k = 0; k < 7; k++) {
		long v = rm_csv_col(t, cols[k]);
		if (v < 0)
			return rm_error_set(c->err, c->path[E_EST], rm_csv_header_line(t), 0,
			                    "missing required column \"%s\"", cols[k]);
		col[k] = (size_t)v;
	}
	size_t rows = rm_csv_nrows(t), first = rows;
	const char *last = rm_csv_cell(t, rows - 1, col[0]);
	while (first > 0 && strcmp(rm_csv_cell(t, first - 1, col[0]), last) == 0)
		first--;
	c->undo_from = rm_csv_cell_start(t, first, 0);
	if (!(*out = calloc(rows - first + 1, sizeof **out)))
		return rm_error_set(c->err, c->dir, 0, 0, "out of memory");
	for (size_t r = first; r < rows; r++) {
		struct ledger_est_cell *x = &(*out)[(*n)++];
		double v[4];
		x->id = rm_csv_cell(t, r, col[1]);
		x->z = rm_elem_z(rm_csv_cell(t, r, col[2]));
		for (int k = 0; k < 4; k++)
			if (rm_num_cell(t, r, col[3 + k], 0, 100, RM_NUM_REQUIRED, &v[k], c->err) <
			    0)
				return -1;
		if (!x->z)
			return rm_error_set(c->err, c->path[E_EST], rm_csv_line(t, r),
			                    (long)col[2] + 1, "not an element symbol");
		x->prior_mean = v[2]; /* what the cell holds now */
		x->prior_sd = v[3];
		x->mean = v[0]; /* what it gets back */
		x->sd = v[1];
	}
	return 0;
}

static void est_free(struct est_ctx *c)
{
	for (int k = 0; k < E_N; k++) {
		free(c->path[k]);
		lg_buf_free(&c->f[k].old);
		free(c->f[k].new_p);
	}
	rm_csv_free(c->lots);
	free(c->ed);
	free(c->added);
	free(c->undo_cells);
	rm_csv_free(c->log);
}

/* Under the lock: the files read, then (undo) the last write's priors, then the cells
 * written. */
static int est_run(void *ctx)
{
	struct est_ctx *c = ctx;
	int rc = est_read(c);
	if (!rc && c->undo && !(rc = est_undo_cells(c, &c->log, &c->undo_cells, &c->ncell)))
		c->cells = c->undo_cells;
	return rc ? rc : est_locked(c, c->cells, c->ncell);
}

int ledger_estimate_undo(const char *dir, const struct ledger_opts *o,
                         struct ledger_est_result *res, struct rm_error *err)
{
	struct est_ctx c = {.dir = dir, .o = o, .res = res, .err = err, .undo = true};
	memset(res, 0, sizeof *res);
	int rc = lg_locked(dir, o, &res->recovered, est_run, &c, err);
	est_free(&c);
	return rc;
}

int ledger_estimate_write(const char *dir, const struct ledger_est_cell *x, size_t n,
                          const struct ledger_opts *o, struct ledger_est_result *res,
                          struct rm_error *err)
{
	struct est_ctx c = {.dir = dir, .o = o, .res = res, .err = err, .cells = x, .ncell = n};
	memset(res, 0, sizeof *res);
	if (!n)
		return 0;
	int rc = lg_locked(dir, o, &res->recovered, est_run, &c, err);
	est_free(&c);
	return rc;
}

int ledger_estimate_last(const char *dir, char *when, size_t n, struct rm_error *err)
{
	char *path = lg_path(dir, LEDGER_ESTIMATES);
	struct rm_csv *t = NULL;
	when[0] = '\0';
	int rc = path ? 0 : rm_error_set(err, dir, 0, 0, "out of memory");
	if (!rc && lg_exists(path) && !(rc = rm_csv_load(path, &t, err))) {
		long ct = rm_csv_col(t, "time");
		if (ct < 0)
			rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
			                  "missing required column \"time\"");
		else if (rm_csv_nrows(t))
			snprintf(when, n, "%s", rm_csv_cell(t, rm_csv_nrows(t) - 1, (size_t)ct));
	}
	rm_csv_free(t);
	free(path);
	return rc;
}
