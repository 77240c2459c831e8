/* Saving edited data files (the TUI's what-if edits) the way a commit writes: under the
 * commit lock, after recovering an interrupted commit, through the same journal. A file
 * changed since it was loaded (a commit finished meanwhile) is never overwritten, and a
 * stock change of a material the ledger knows gets an adjust row, so that `check` still
 * finds stock and ledger balanced. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ledger_int.h"
#include "rm_csv.h"
#include "rm_num.h"
#include "rm_strmap.h"

#define SAVE_PLAN "tui-save" /* the journal's plan line: not a plan id of the ledger */

static int save_file(const char *dir, const struct ledger_save_file *sf, struct lg_file *f,
                     struct rm_error *err)
{
	for (size_t k = 1; k <= LG_SAVE_MAX && !f->name; k++)
		if (strcmp(lg_files[k], sf->name) == 0)
			f->name = lg_files[k];
	if (!f->name)
		return rm_error_set(err, dir, 0, 0, "%.60s is not a file a save may write",
		                    sf->name);
	char *path = lg_path(dir, f->name);
	struct stat st;
	int rc = path ? 0 : rm_error_set(err, dir, 0, 0, "out of memory");
	if (!rc &&
	    (stat(path, &st) < 0 || (long long)st.st_size != sf->size ||
	     (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec != sf->mtime_ns))
		rc = rm_error_set(err, path, 0, 0,
		                  "changed on disk since it was loaded (a commit or another "
		                  "save); not overwritten (quit and reload to merge)");
	if (!rc)
		rc = lg_read(path, &f->old, err);
	if (!rc && !(f->new_p = malloc(sf->n + 1)))
		rc = rm_error_set(err, path, 0, 0, "out of memory");
	if (!rc) {
		memcpy(f->new_p, sf->p, sf->n);
		f->new_n = sf->n;
	}
	free(path);
	return rc;
}

/* Mass of id in table t (NAN: unlimited, or not there: 0). */
static double save_mass(const struct rm_csv *t, const char *id)
{
	long ci = rm_csv_col(t, "id"), cm = rm_csv_col(t, "mass_kg");
	double v;
	const char *why;
	for (size_t r = 0; ci >= 0 && cm >= 0 && r < rm_csv_nrows(t); r++)
		if (strcmp(rm_csv_cell(t, r, (size_t)ci), id) == 0)
			return rm_num_parse(rm_csv_cell(t, r, (size_t)cm), &v, &why) == 0 ? v : NAN;
	return 0;
}

/* Adjust rows for the materials of f the ledger t knows whose mass the save changes. */
static int save_adjust_file(const struct lg_file *f, const struct rm_csv *t,
                            const struct rm_strmap *known, struct lg_out *out, long long now,
                            size_t *rows, struct rm_error *err)
{
	struct rm_csv *old = NULL, *new = NULL;
	int rc = rm_csv_parse(f->name, f->old.p, f->old.n, &old, err);
	if (!rc)
		rc = rm_csv_parse(f->name, f->new_p, f->new_n, &new, err);
	char when[40], kg[40], rem[40];
	lg_time(when, sizeof when, now);
	for (size_t k = 0; !rc && k < known->cap; k++) {
		const char *id = known->key[k];
		double a = id ? save_mass(old, id) : NAN, b = id ? save_mass(new, id) : NAN;
		if (isnan(a) || isnan(b) || a == b)
			continue; /* unlimited, unchanged, or in neither file (0 and 0) */
		lg_fmt_num(kg, sizeof kg, fabs(b - a));
		lg_fmt_num(rem, sizeof rem, b);
		const char *val[LG_NCOLS] = {when, "", "", id, kg, "adjust", rem, "", "", ""};
		lg_ledger_row(out, t, val);
		++*rows;
	}
	rm_csv_free(old);
	rm_csv_free(new);
	return rc;
}

/* The new ledger when the save changes stock the ledger knows; *changed = 0 otherwise. */
static int save_adjust(const char *dir, struct lg_file *files, size_t nf, struct lg_file *led,
                       const struct ledger_opts *o, int *changed, struct rm_error *err)
{
	char *path = lg_path(dir, lg_files[0]);
	struct rm_csv *t = NULL;
	struct rm_strmap known = {0};
	struct lg_out out = {0};
	size_t rows = 0;
	led->name = lg_files[0];
	int rc =
	    path ? lg_read(path, &led->old, err) : rm_error_set(err, dir, 0, 0, "out of memory");
	if (!rc && led->old.present)
		rc = rm_csv_parse(path, led->old.p, led->old.n, &t, err);
	long cid = t ? rm_csv_col(t, "id") : -1, crem = t ? rm_csv_col(t, "remaining_kg") : -1;
	for (size_t r = 0; !rc && cid >= 0 && crem >= 0 && r < rm_csv_nrows(t); r++)
		if (!rm_num_blank(rm_csv_cell(t, r, (size_t)crem)) &&
		    rm_strmap_put(&known, rm_csv_cell(t, r, (size_t)cid), r) < 0)
			rc = rm_error_set(err, path, 0, 0, "out of memory");
	if (!rc && known.n)
		rc = lg_ledger_start(&led->old, t, path, &out, err);
	for (size_t k = 0; !rc && known.n && k < nf; k++)
		if (strcmp(files[k].name, "lots.csv") == 0 ||
		    strcmp(files[k].name, "additives.csv") == 0)
			rc = save_adjust_file(&files[k], t, &known, &out, o->now, &rows, err);
	if (!rc && out.oom)
		rc = rm_error_set(err, dir, 0, 0, "out of memory");
	*changed = !rc && rows > 0;
	led->new_p = out.p;
	led->new_n = out.n;
	rm_strmap_free(&known);
	rm_csv_free(t);
	free(path);
	return rc;
}

int ledger_save(const char *dir, const struct ledger_save_file *sf, size_t n,
                const struct ledger_opts *o, struct rm_error *err)
{
	struct lg_file files[LG_SAVE_MAX + 1];
	int fd = -1, did = 0, changed = 0;
	memset(files, 0, sizeof files);
	if (n > LG_SAVE_MAX)
		return rm_error_set(err, dir, 0, 0, "too many files to save");
	if (lg_lock(dir, o->wait_ms, &fd, err) < 0)
		return -1;
	lg_step(o, "locked");
	int rc = lg_recover(dir, o, &did, err);
	for (size_t k = 0; !rc && k < n; k++)
		rc = save_file(dir, &sf[k], &files[k], err);
	if (!rc)
		rc = save_adjust(dir, files, n, &files[n], o, &changed, err);
	if (!rc) {
		lg_step(o, "checked");
		rc = lg_tx_run(dir, SAVE_PLAN, files, n + (size_t)changed, o, err);
	}
	lg_unlock(fd);
	for (size_t k = 0; k <= n; k++) {
		lg_buf_free(&files[k].old);
		free(files[k].new_p);
	}
	return rc;
}
