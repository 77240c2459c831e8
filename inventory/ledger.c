/* ledger_commit: check a plan against the inventory, then build the new lots.csv,
 * additives.csv and ledger.csv bytes and hand them to the transaction (ledger_tx.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inventory.h"
#include "ledger_int.h"
#include "rm_csv.h"
#include "rm_num.h"

/* The ledger's columns; a plant may add its own (left empty by remelt). status, gap and
 * day came later: a ledger without them gains them at the end of its header. */
static const char *const lg_cols[] = {"time", "plan",         "heat",   "id",  "mass_kg",
                                      "kind", "remaining_kg", "status", "gap", "day"};
#define LG_NCOLS 10
#define LG_NEED 5 /* time,plan,heat,id,mass_kg must be there */

enum { F_LEDGER, F_LOTS, F_ADD, F_N }; /* the order of lg_files */

struct lg_ctx {
	const char *dir;
	const struct ledger_plan *lp;
	const struct ledger_opts *o;
	struct ledger_result *res;
	struct rm_error *err;
	struct rm_elemset els;
	struct inventory *inv;
	char *path[F_N];
	struct lg_file f[F_N];
	double *used; /* [inv->n] kg the plan charges */
};

/* A growing output buffer; oom sticks so that callers check once at the end. */
struct lg_out {
	char *p;
	size_t n, cap;
	int oom;
};

static void out_add(struct lg_out *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *q = realloc(b->p, cap);
		if (!q) {
			b->oom = 1;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void out_str(struct lg_out *b, const char *s)
{
	out_add(b, s, strlen(s));
}

static void out_put(void *b, const char *s, size_t n)
{
	out_add(b, s, n);
}

static int lg_load(struct lg_ctx *c)
{
	for (int k = 0; k < F_N; k++) {
		c->f[k].name = lg_files[k];
		if (!(c->path[k] = lg_path(c->dir, lg_files[k])))
			return rm_error_set(c->err, c->dir, 0, 0, "out of memory");
		if (lg_read(c->path[k], &c->f[k].old, c->err) < 0)
			return -1;
	}
	if (!c->f[F_LOTS].old.present)
		return rm_error_set(c->err, c->path[F_LOTS], 0, 0, "cannot open: no such file");
	/* the same validation as plan and check: never rewrite a file they would refuse */
	if (inv_load(c->path[F_LOTS], c->f[F_ADD].old.present ? c->path[F_ADD] : NULL, &c->els,
	             &c->inv, c->err) < 0)
		return -1;
	if (!(c->used = calloc(c->inv->n + 1, sizeof *c->used)))
		return rm_error_set(c->err, c->dir, 0, 0, "out of memory");
	return 0;
}

/* The ledger as it is: well formed, and without this plan. */
static int lg_check_ledger(struct lg_ctx *c, struct rm_csv **out)
{
	const struct lg_buf *b = &c->f[F_LEDGER].old;
	*out = NULL;
	if (!b->present)
		return 0;
	if (rm_csv_parse(c->path[F_LEDGER], b->p, b->n, out, c->err) < 0)
		return -1;
	const struct rm_csv *t = *out;
	long col[LG_NEED];
	for (size_t k = 0; k < LG_NEED; k++)
		if ((col[k] = rm_csv_col(t, lg_cols[k])) < 0)
			return rm_error_set(c->err, c->path[F_LEDGER], rm_csv_header_line(t), 0,
			                    "missing required column \"%s\"", lg_cols[k]);
	for (size_t r = 0; r < rm_csv_nrows(t); r++) {
		double kg;
		if (rm_num_cell(t, r, (size_t)col[4], 0, 1e9, RM_NUM_REQUIRED, &kg, c->err) < 0)
			return -1;
		if (strcmp(rm_csv_cell(t, r, (size_t)col[1]), c->lp->id) == 0)
			return rm_error_set(c->err, c->path[F_LEDGER], rm_csv_line(t, r),
			                    col[1] + 1,
			                    "refused: plan %s is already committed (at %s); "
			                    "nothing was changed",
			                    c->lp->id, rm_csv_cell(t, r, (size_t)col[0]));
	}
	return 0;
}

/* Every charged material still there, and enough of each limited one. */
static int lg_fit(struct lg_ctx *c)
{
	const struct inventory *inv = c->inv;
	for (size_t k = 0; k < c->lp->n; k++) {
		const struct ledger_item *it = &c->lp->item[k];
		long i = inv_find(inv, it->id);
		if (i < 0)
			return rm_error_set(c->err, c->path[F_LOTS], 0, 0,
			                    "refused: heat %s charges \"%.60s\", which is not in "
			                    "lots.csv or additives.csv any more (used up or "
			                    "removed since the plan was made); nothing was changed",
			                    it->heat, it->id);
		c->used[i] += it->kg;
	}
	for (size_t i = 0; i < inv->n; i++) {
		const struct material *m = &inv->m[i];
		if (c->used[i] <= m->mass_kg + LEDGER_EMPTY_KG)
			continue;
		return rm_error_set(c->err, m->file, m->line, 0,
		                    "refused: the plan charges %.6g kg of %s \"%.60s\", only "
		                    "%.6g kg on hand; nothing was changed",
		                    c->used[i], m->kind == MAT_LOT ? "lot" : "additive", m->id,
		                    m->mass_kg);
	}
	return 0;
}

/* Checks that span r of file k holds material i: its id, and its mass as loaded. */
static int lg_same_row(struct lg_ctx *c, int k, const struct lg_span *sp, size_t i)
{
	const char *b = c->f[k].old.p;
	const struct material *m = &c->inv->m[i];
	char *id = lg_cell_text(b, sp->cell_start[0], sp->cell_end[0]);
	char *kg = lg_cell_text(b, sp->cell_start[1], sp->cell_end[1]);
	double v = INFINITY;
	const char *why;
	int same = id && kg && strcmp(id, m->id) == 0 &&
	           (rm_num_blank(kg) || (rm_num_parse(kg, &v, &why) == 0 && v == m->mass_kg));
	free(id);
	free(kg);
	return same ? 0
	            : rm_error_set(c->err, c->path[k], m->line, 0,
	                           "cannot find the mass_kg cell of \"%.60s\" in the file's "
	                           "bytes; nothing was changed",
	                           m->id);
}

/* New bytes of lots.csv or additives.csv: only the mass_kg cells of charged rows change,
 * and rows used up are cut out, line end included. */
static int lg_rewrite(struct lg_ctx *c, int k, size_t first, size_t count, int *changed)
{
	struct lg_file *f = &c->f[k];
	struct rm_csv *t = NULL;
	struct lg_span *sp = calloc(count + 1, sizeof *sp);
	struct lg_out out = {0};
	int rc = sp ? rm_csv_parse(c->path[k], f->old.p, f->old.n, &t, c->err)
	            : rm_error_set(c->err, c->dir, 0, 0, "out of memory");
	size_t col[2] = {(size_t)rm_csv_col(t, "id"), (size_t)rm_csv_col(t, "mass_kg")};
	if (!rc && (rm_csv_nrows(t) != count || lg_spans(f->old.p, f->old.n, col, count, sp) < 0))
		rc = rm_error_set(c->err, c->path[k], 0, 0,
		                  "changed while it was read; nothing was changed, try again");
	size_t at = 0;
	for (size_t r = 0; !rc && r < count; r++) {
		size_t i = first + r;
		const struct material *m = &c->inv->m[i];
		if (c->used[i] <= 0 || isinf(m->mass_kg) || (rc = lg_same_row(c, k, &sp[r], i)))
			continue;
		double left = m->mass_kg - c->used[i];
		out_add(&out, f->old.p + at, sp[r].rec_start - at);
		if (left >= LEDGER_EMPTY_KG) {
			char num[40];
			lg_fmt_num(num, sizeof num, left);
			out_add(&out, f->old.p + sp[r].rec_start,
			        sp[r].cell_start[1] - sp[r].rec_start);
			out_str(&out, num);
			out_add(&out, f->old.p + sp[r].cell_end[1],
			        sp[r].rec_end - sp[r].cell_end[1]);
		} else {
			c->res->used_up++;
		}
		at = sp[r].rec_end;
		c->res->deducted++;
		c->res->kg += c->used[i];
		*changed = 1;
	}
	out_add(&out, f->old.p + at, f->old.n - at);
	if (!rc && out.oom)
		rc = rm_error_set(c->err, c->dir, 0, 0, "out of memory");
	f->new_p = out.p;
	f->new_n = out.n;
	f->old.mode = f->old.mode ? f->old.mode : 0644;
	rm_csv_free(t);
	free(sp);
	return rc;
}

/* The columns of lg_cols that ledger t lacks (all of them without a ledger). */
static size_t lg_missing(const struct rm_csv *t, const char **miss)
{
	size_t n = 0;
	for (size_t j = 0; j < LG_NCOLS; j++)
		if (!t || rm_csv_col(t, lg_cols[j]) < 0)
			miss[n++] = lg_cols[j];
	return n;
}

/* One ledger row in the file's column order, then the columns it gained; columns remelt
 * does not know stay empty. */
static void lg_row(struct lg_out *out, const struct rm_csv *t, const char *const *val)
{
	const char *miss[LG_NCOLS];
	size_t nmiss = lg_missing(t, miss), ncol = t ? rm_csv_ncols(t) : 0;
	for (size_t k = 0; k < ncol + nmiss; k++) {
		const char *name = k < ncol ? rm_csv_header(t, k) : miss[k - ncol];
		if (k)
			out_add(out, ",", 1);
		for (size_t j = 0; j < LG_NCOLS; j++)
			if (strcmp(name, lg_cols[j]) == 0)
				rm_csv_field(val[j], 0, out_put, out);
	}
	out_add(out, "\n", 1);
}

/* The old ledger's bytes, with the columns it lacks added at the end of its header and, empty,
 * of every row (rm_csv wants as many fields as the header has); every other byte stays. */
static int lg_ledger_copy(struct lg_ctx *c, const struct rm_csv *t, struct lg_out *out)
{
	const struct lg_buf *b = &c->f[F_LEDGER].old;
	const char *miss[LG_NCOLS];
	size_t nmiss = lg_missing(t, miss), nrows = rm_csv_nrows(t);
	if (!nmiss) {
		out_add(out, b->p, b->n);
		return 0;
	}
	size_t pos = b->n >= 3 && memcmp(b->p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (pos < b->n && (b->p[pos] == '\r' || b->p[pos] == '\n'))
		pos++;
	for (bool quoted = false; pos < b->n && (quoted || (b->p[pos] != '\r' && b->p[pos] != '\n'));
	     pos++)
		quoted ^= b->p[pos] == '"';
	struct lg_span *sp = calloc(nrows + 1, sizeof *sp);
	size_t col[2] = {0, 0};
	if (!sp || lg_spans(b->p, b->n, col, nrows, sp) < 0) {
		free(sp);
		return rm_error_set(c->err, c->path[F_LEDGER], 0, 0,
		                    "cannot add the columns status, gap and day; nothing was "
		                    "changed");
	}
	out_add(out, b->p, pos);
	for (size_t k = 0; k < nmiss; k++)
		out_add(out, ",", 1), out_str(out, miss[k]);
	size_t at = pos;
	for (size_t r = 0; r < nrows; r++) {
		size_t end = sp[r].rec_end;
		while (end > sp[r].rec_start && (b->p[end - 1] == '\n' || b->p[end - 1] == '\r'))
			end--;
		out_add(out, b->p + at, end - at);
		for (size_t k = 0; k < nmiss; k++)
			out_add(out, ",", 1);
		at = end;
	}
	out_add(out, b->p + at, b->n - at);
	free(sp);
	return 0;
}

static void lg_time(char *buf, size_t n, long long now)
{
	time_t tt = (time_t)now;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, n, "%lld", now);
}

/* The old ledger (or a header) and one row per heat and material of the plan. */
static int lg_ledger_new(struct lg_ctx *c, const struct rm_csv *t)
{
	struct lg_file *f = &c->f[F_LEDGER];
	struct lg_out out = {0};
	double *left = malloc((c->inv->n + 1) * sizeof *left);
	char when[40], kg[40], rem[40];
	char gap[40];
	lg_time(when, sizeof when, c->o->now);
	lg_fmt_num(gap, sizeof gap, c->lp->gap);
	if (f->old.present) {
		if (lg_ledger_copy(c, t, &out) < 0) {
			free(left);
			free(out.p);
			return -1;
		}
		if (f->old.n && f->old.p[f->old.n - 1] != '\n' && f->old.p[f->old.n - 1] != '\r')
			out_add(&out, "\n", 1);
	} else {
		lg_row(&out, NULL, lg_cols);
	}
	for (size_t i = 0; left && i < c->inv->n; i++)
		left[i] = c->inv->m[i].mass_kg;
	for (size_t k = 0; left && k < c->lp->n; k++) {
		const struct ledger_item *it = &c->lp->item[k];
		size_t i = (size_t)inv_find(c->inv, it->id);
		const struct material *m = &c->inv->m[i];
		bool limited = isfinite(m->mass_kg);
		const char *kind = m->kind == MAT_LOT ? "lot" : limited ? "additive" : "unlimited";
		left[i] -= it->kg;
		lg_fmt_num(kg, sizeof kg, it->kg);
		lg_fmt_num(rem, sizeof rem, left[i] < LEDGER_EMPTY_KG ? 0 : left[i]);
		const char *val[LG_NCOLS] = {when, c->lp->id,         it->heat,      it->id,
		                             kg,   kind,              limited ? rem : "",
		                             c->lp->status, gap, c->lp->day};
		lg_row(&out, t, val);
		c->res->rows++;
		if (!limited)
			c->res->unlimited_kg += it->kg;
	}
	free(left);
	f->new_p = out.p;
	f->new_n = out.n;
	if (!f->old.present)
		f->old.mode = c->f[F_LOTS].old.mode;
	return !left || out.oom ? rm_error_set(c->err, c->dir, 0, 0, "out of memory") : 0;
}

static int lg_commit_locked(struct lg_ctx *c)
{
	struct rm_csv *t = NULL;
	int changed[F_N] = {1, 0, 0};
	int rc = lg_load(c);
	if (!rc)
		rc = lg_check_ledger(c, &t);
	if (!rc)
		rc = lg_check_day(c->lp, t, c->err);
	if (!rc)
		rc = lg_fit(c);
	if (!rc)
		rc = lg_check_stock(c->lp, c->inv, t, c->path[F_LOTS], c->err);
	if (!rc)
		rc = lg_rewrite(c, F_LOTS, 0, c->inv->nlots, &changed[F_LOTS]);
	if (!rc && c->f[F_ADD].old.present)
		rc =
		    lg_rewrite(c, F_ADD, c->inv->nlots, c->inv->n - c->inv->nlots, &changed[F_ADD]);
	if (!rc)
		rc = lg_ledger_new(c, t);
	rm_csv_free(t);
	if (rc)
		return -1;
	lg_step(c->o, "checked");
	struct lg_file files[F_N];
	size_t nf = 0;
	for (int k = 0; k < F_N; k++)
		if (changed[k])
			files[nf++] = c->f[k];
	return lg_tx_run(c->dir, c->lp->id, files, nf, c->o, c->err);
}

int ledger_commit(const char *dir, const struct ledger_plan *lp, const struct ledger_opts *o,
                  struct ledger_result *res, struct rm_error *err)
{
	struct lg_ctx c = {.dir = dir, .lp = lp, .o = o, .res = res, .err = err};
	int fd = -1;
	memset(res, 0, sizeof *res);
	if (lg_lock(dir, o->wait_ms, &fd, err) < 0)
		return -1;
	lg_step(o, "locked");
	int rc = lg_recover(dir, o, &res->recovered, err);
	if (!rc)
		rc = lg_commit_locked(&c);
	lg_unlock(fd);
	for (int k = 0; k < F_N; k++) {
		free(c.path[k]);
		lg_buf_free(&c.f[k].old);
		free(c.f[k].new_p);
	}
	inv_free(c.inv);
	rm_elemset_free(&c.els);
	free(c.used);
	return rc;
}

int ledger_settle(const char *dir, const struct ledger_opts *o, struct rm_error *err)
{
	if (!lg_pending(dir))
		return 0;
	int fd = -1, did = 0;
	if (lg_lock(dir, o->wait_ms, &fd, err) < 0)
		return -1;
	int rc = lg_recover(dir, o, &did, err);
	lg_unlock(fd);
	return rc < 0 ? -1 : did;
}

static int lg_summary_rows(const struct rm_csv *t, struct ledger_summary *s, struct rm_error *err)
{
	long col[LG_NEED];
	for (size_t k = 0; k < LG_NEED; k++)
		if ((col[k] = rm_csv_col(t, lg_cols[k])) < 0)
			return rm_error_set(err, rm_csv_file(t), rm_csv_header_line(t), 0,
			                    "missing required column \"%s\"", lg_cols[k]);
	struct rm_strmap plans = {0};
	int rc = 0;
	for (size_t r = 0; !rc && r < rm_csv_nrows(t); r++) {
		double kg;
		const char *plan = rm_csv_cell(t, r, (size_t)col[1]);
		if (rm_num_cell(t, r, (size_t)col[4], 0, 1e9, RM_NUM_REQUIRED, &kg, err) < 0)
			rc = -1;
		else if (rm_strmap_get(&plans, plan) < 0 && rm_strmap_put(&plans, plan, r) < 0)
			rc = rm_error_set(err, rm_csv_file(t), 0, 0, "out of memory");
	}
	s->rows = rm_csv_nrows(t);
	s->plans = plans.n;
	if (s->rows) {
		snprintf(s->first, sizeof s->first, "%s", rm_csv_cell(t, 0, (size_t)col[0]));
		snprintf(s->last, sizeof s->last, "%s",
		         rm_csv_cell(t, s->rows - 1, (size_t)col[0]));
	}
	rm_strmap_free(&plans);
	return rc;
}

int ledger_summary(const char *dir, struct ledger_summary *s, struct rm_error *err)
{
	memset(s, 0, sizeof *s);
	char *path = lg_path(dir, lg_files[F_LEDGER]);
	if (!path)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	struct rm_csv *t = NULL;
	int rc = 0;
	if (lg_exists(path)) {
		s->present = true;
		rc = rm_csv_load(path, &t, err);
		if (!rc)
			rc = lg_summary_rows(t, s, err);
	}
	rm_csv_free(t);
	free(path);
	return rc;
}
