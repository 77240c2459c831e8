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

enum { F_LEDGER, F_LOTS, F_ADD, F_LOTS_USED, F_ADD_USED, F_N };
static const size_t f_file[F_N] = {0, 1, 2, LG_LOTS_USED, LG_LOTS_USED + 1}; /* in lg_files */

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

static int lg_load(struct lg_ctx *c)
{
	for (int k = 0; k < F_N; k++) {
		c->f[k].name = lg_files[f_file[k]];
		if (!(c->path[k] = lg_path(c->dir, c->f[k].name)))
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

int lg_ledger_parse(const char *path, const struct lg_buf *b, struct rm_csv **out,
                    struct rm_error *err)
{
	*out = NULL;
	if (!b->present)
		return 0;
	if (rm_csv_parse(path, b->p, b->n, out, err) < 0)
		return -1;
	const struct rm_csv *t = *out;
	for (size_t k = 0; k < LG_NEED; k++)
		if (rm_csv_col(t, lg_cols[k]) < 0)
			return rm_error_set(err, path, rm_csv_header_line(t), 0,
			                    "missing required column \"%s\"", lg_cols[k]);
	size_t ckg = (size_t)rm_csv_col(t, "mass_kg");
	for (size_t r = 0; r < rm_csv_nrows(t); r++) {
		double kg;
		if (rm_num_cell(t, r, ckg, 0, 1e9, RM_NUM_REQUIRED, &kg, err) < 0)
			return -1;
	}
	return 0;
}

/* The ledger as it is: well formed, and without this plan. */
static int lg_check_ledger(struct lg_ctx *c, struct rm_csv **out)
{
	if (lg_ledger_parse(c->path[F_LEDGER], &c->f[F_LEDGER].old, out, c->err) < 0)
		return -1;
	const struct rm_csv *t = *out;
	if (!t)
		return 0;
	long ct = rm_csv_col(t, "time"), cp = rm_csv_col(t, "plan");
	for (size_t r = 0; r < rm_csv_nrows(t); r++)
		if (strcmp(rm_csv_cell(t, r, (size_t)cp), c->lp->id) == 0)
			return rm_error_set(c->err, c->path[F_LEDGER], rm_csv_line(t, r), cp + 1,
			                    "refused: plan %s is already committed (at %s); "
			                    "nothing was changed",
			                    c->lp->id, rm_csv_cell(t, r, (size_t)ct));
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

/* Checks that span sp of the file holds material m: its id, and its mass as loaded. */
static int lg_same_row(const struct lg_file *f, const char *path, const struct lg_span *sp,
                       const struct material *m, struct rm_error *err)
{
	const char *b = f->old.p;
	char *id = lg_cell_text(b, sp->cell_start[0], sp->cell_end[0]);
	char *kg = lg_cell_text(b, sp->cell_start[1], sp->cell_end[1]);
	double v = INFINITY;
	const char *why;
	int same = id && kg && strcmp(id, m->id) == 0 &&
	           (rm_num_blank(kg) || (rm_num_parse(kg, &v, &why) == 0 && v == m->mass_kg));
	free(id);
	free(kg);
	return same ? 0
	            : rm_error_set(err, path, m->line, 0,
	                           "cannot find the mass_kg cell of \"%.60s\" in the file's "
	                           "bytes; nothing was changed",
	                           m->id);
}

int lg_stock_rewrite(struct lg_stock *st, const struct inventory *inv, const double *used,
                     size_t first, size_t count, struct ledger_result *res, struct rm_error *err)
{
	struct lg_file *f = st->f;
	const char *path = st->path;
	struct rm_csv *t = NULL;
	struct lg_span *sp = calloc(count + 1, sizeof *sp);
	size_t *cut = calloc(count + 1, sizeof *cut), ncut = 0;
	struct lg_out out = {0};
	int rc = sp && cut ? rm_csv_parse(path, f->old.p, f->old.n, &t, err)
	                   : rm_error_set(err, path, 0, 0, "out of memory");
	size_t col[2] = {(size_t)rm_csv_col(t, "id"), (size_t)rm_csv_col(t, "mass_kg")};
	if (!rc && (rm_csv_nrows(t) != count || lg_spans(f->old.p, f->old.n, col, count, sp) < 0))
		rc = rm_error_set(err, path, 0, 0,
		                  "changed while it was read; nothing was changed, try again");
	size_t at = 0;
	for (size_t r = 0; !rc && r < count; r++) {
		size_t i = first + r;
		const struct material *m = &inv->m[i];
		if (used[i] == 0 || isinf(m->mass_kg) ||
		    (rc = lg_same_row(f, path, &sp[r], m, err)))
			continue;
		double left = m->mass_kg - used[i];
		lg_out_add(&out, f->old.p + at, sp[r].rec_start - at);
		if (left >= LEDGER_EMPTY_KG) {
			char num[40];
			lg_fmt_num(num, sizeof num, left);
			lg_out_add(&out, f->old.p + sp[r].rec_start,
			           sp[r].cell_start[1] - sp[r].rec_start);
			lg_out_str(&out, num);
			lg_out_add(&out, f->old.p + sp[r].cell_end[1],
			           sp[r].rec_end - sp[r].cell_end[1]);
		} else {
			res->used_up++;
			cut[ncut++] = r;
		}
		at = sp[r].rec_end;
		res->deducted++;
		res->kg += used[i];
		st->changed = 1;
	}
	lg_out_add(&out, f->old.p + at, f->old.n - at);
	if (!rc && out.oom)
		rc = rm_error_set(err, path, 0, 0, "out of memory");
	f->new_p = out.p;
	f->new_n = out.n;
	f->old.mode = f->old.mode ? f->old.mode : 0644;
	if (!rc && ncut && st->arch) {
		rc = lg_archive(st->arch_path, st->arch, &f->old, t, sp, cut, ncut, err);
		st->arch_changed = 1;
	}
	rm_csv_free(t);
	free(sp);
	free(cut);
	return rc;
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
	if (lg_ledger_start(&f->old, t, c->path[F_LEDGER], &out, c->err) < 0) {
		free(left);
		free(out.p);
		return -1;
	}
	for (size_t i = 0; left && i < c->inv->n; i++)
		left[i] = c->inv->m[i].mass_kg;
	for (size_t k = 0; left && k < c->lp->n; k++) {
		const struct ledger_item *it = &c->lp->item[k];
		size_t i = (size_t)inv_find(c->inv, it->id);
		const struct material *m = &c->inv->m[i];
		bool limited = isfinite(m->mass_kg);
		const char *kind = c->lp->correction    ? "correction"
		                   : m->kind == MAT_LOT ? "lot"
		                   : limited            ? "additive"
		                                        : "unlimited";
		left[i] -= it->kg;
		lg_fmt_num(kg, sizeof kg, it->kg);
		lg_fmt_num(rem, sizeof rem, left[i] < LEDGER_EMPTY_KG ? 0 : left[i]);
		const char *val[LG_NCOLS] = {when, c->lp->id, it->heat,           it->id,
		                             kg,   kind,      limited ? rem : "", c->lp->status,
		                             gap,  c->lp->day};
		lg_ledger_row(&out, t, val);
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

static int lg_commit_locked(void *ctx)
{
	struct lg_ctx *c = ctx;
	struct rm_csv *t = NULL;
	int changed[F_N] = {1, 0, 0, 0, 0};
	int rc = lg_load(c);
	struct lg_stock lots = {
	    c->path[F_LOTS], c->path[F_LOTS_USED], &c->f[F_LOTS], &c->f[F_LOTS_USED], 0, 0};
	struct lg_stock adds = {
	    c->path[F_ADD], c->path[F_ADD_USED], &c->f[F_ADD], &c->f[F_ADD_USED], 0, 0};
	if (!rc)
		rc = lg_check_ledger(c, &t);
	if (!rc)
		rc = lg_check_day(c->lp, t, c->err);
	if (!rc)
		rc = lg_fit(c);
	if (!rc)
		rc = lg_check_stock(c->lp, c->inv, t, c->path[F_LOTS], c->err);
	if (!rc)
		rc = lg_stock_rewrite(&lots, c->inv, c->used, 0, c->inv->nlots, c->res, c->err);
	if (!rc && c->f[F_ADD].old.present)
		rc = lg_stock_rewrite(&adds, c->inv, c->used, c->inv->nlots,
		                      c->inv->n - c->inv->nlots, c->res, c->err);
	changed[F_LOTS] = lots.changed;
	changed[F_LOTS_USED] = lots.arch_changed;
	changed[F_ADD] = adds.changed;
	changed[F_ADD_USED] = adds.arch_changed;
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
	memset(res, 0, sizeof *res);
	int rc = lg_locked(dir, o, &res->recovered, lg_commit_locked, &c, err);
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
		else if (*plan && rm_strmap_get(&plans, plan) < 0 &&
		         rm_strmap_put(&plans, plan, r) < 0) /* adjust rows have no plan */
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
