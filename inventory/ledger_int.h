/* ledger internals shared by ledger.c, ledger_io.c and ledger_tx.c; not for other modules. */
#ifndef LEDGER_INT_H
#define LEDGER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ledger.h"
#include "rm_error.h"

#define LG_LOCK ".remelt.lock"
#define LG_JOURNAL ".remelt.journal"
#define LG_JOURNAL_TMP ".remelt.journal.tmp"
#define LG_TEMP_SUFFIX ".commit"
#define LG_RESULTS "heat_results.csv" /* what record appends, lg_files[5] */
#define LG_LOTS_USED 6 /* lg_files[6], [7]: the archives of used-up lots and additives */

/* The files a commit (the ledger, lots, additives and their archives lots_used.csv and
 * additives_used.csv), a save (lg_files[1..4]) or a record (a commit's and heat_results.csv)
 * may rewrite, and estimates.csv (estimate --write, with the ledger and lots). */
#define LG_SAVE_MAX 4 /* lots, additives, grades, heats: lg_files[1..4] */
extern const char *const lg_files[];

/* A whole file in memory; present = false when it does not exist. */
struct lg_buf {
	char *p;
	size_t n;
	bool present;
	mode_t mode; /* permission bits of the file, kept by its replacement */
};

char *lg_path(const char *dir, const char *name);
int lg_read(const char *path, struct lg_buf *b, struct rm_error *err);
void lg_buf_free(struct lg_buf *b);
/* Creates path (which must not exist) with buf, durable when it returns 0. The step hook
 * runs once half the bytes are written. */
int lg_write_durable(const char *path, const char *buf, size_t n, mode_t mode,
                     const struct ledger_opts *o, struct rm_error *err);
int lg_exists(const char *path);
/* Takes dir/.remelt.lock exclusively (flock), waiting up to wait_ms. */
int lg_lock(const char *dir, long wait_ms, int *fd, struct rm_error *err);
void lg_unlock(int fd);
/* Calls the step hook with a formatted step name. */
void lg_step(const struct ledger_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Where a data row and two of its cells lie in a CSV file's bytes. */
struct lg_span {
	size_t rec_start, rec_end;         /* the record, its line end included */
	size_t cell_start[2], cell_end[2]; /* two cells as written (quotes included) */
};
/* Finds the nrows data records of buf as rm_csv reads them, and cells col[0] and col[1] of
 * each; -1 when the bytes do not give exactly nrows records. */
int lg_spans(const char *buf, size_t len, const size_t col[2], size_t nrows, struct lg_span *out);
/* The text of a cell as written (quotes removed, "" undoubled); NULL when out of memory. */
char *lg_cell_text(const char *buf, size_t start, size_t end);
/* ledger_emptied.c: id -> the last ledger row that left its stock empty (a booking or a
 * record with remaining_kg 0): a heat that booked the id at or before that row charged the
 * lot as it was then, now in lots_used.csv, even if lots.csv has a new lot of that id.
 * Keys are borrowed from t. -1 when out of memory. */
struct rm_strmap;
struct rm_csv;
int lg_emptied(const struct rm_csv *t, struct rm_strmap *out);
/* Shortest decimal text that reads back as exactly v. */
void lg_fmt_num(char *buf, size_t n, double v);

/* One file of a commit: its bytes before and after. */
struct lg_file {
	const char *name; /* one of lg_files */
	struct lg_buf old;
	char *new_p;
	size_t new_n;
};
struct inventory;
struct rm_csv;

/* ledger_rows.c: the ledger's columns (a plant may add its own, left empty by remelt). */
#define LG_NCOLS 10
#define LG_NEED 5 /* time,plan,heat,id,mass_kg must be there */
extern const char *const lg_cols[];
/* A growing output buffer; oom sticks so that callers check once at the end. */
struct lg_out {
	char *p;
	size_t n, cap;
	int oom;
};
void lg_out_add(struct lg_out *b, const char *s, size_t n);
void lg_out_str(struct lg_out *b, const char *s);
/* UTC time of the time column. */
void lg_time(char *buf, size_t n, long long now);
/* The new ledger's start: the old bytes (t their table, NULL when absent) with the columns
 * they lack, or a header. */
int lg_ledger_start(const struct lg_buf *old, const struct rm_csv *t, const char *path,
                    struct lg_out *out, struct rm_error *err);
/* One row (val in lg_cols order) in the columns of t plus those it lacks. */
void lg_ledger_row(struct lg_out *out, const struct rm_csv *t, const char *const *val);
/* ledger_basis.c, with t the ledger (NULL when absent): no plan of lp's day was booked since
 * lp was made; lp was made from this plant's stock, or t accounts for the difference. */
int lg_check_day(const struct ledger_plan *lp, const struct rm_csv *t, struct rm_error *err);
int lg_check_stock(const struct ledger_plan *lp, const struct inventory *inv,
                   const struct rm_csv *t, const char *lots_path, struct rm_error *err);

/* ledger.c, shared with record: ledger.csv's bytes b parsed into *out (NULL when absent), its
 * required columns and every mass_kg checked. */
int lg_ledger_parse(const char *path, const struct lg_buf *b, struct rm_csv **out,
                    struct rm_error *err);
/* A stock file a commit or record rewrites, and its archive of used-up rows. */
struct lg_stock {
	const char *path, *arch_path;
	struct lg_file *f, *arch; /* old bytes read by the caller (arch->old may be absent) */
	int changed, arch_changed;
};
/* New bytes of lots.csv or additives.csv (st->f, the materials first..first+count-1 of inv):
 * each mass_kg cell goes down by used[i] (up when negative); a material left with less than
 * LEDGER_EMPTY_KG leaves the file, line end included, for the archive (lg_archive); every
 * other byte stays. Counts into res. */
int lg_stock_rewrite(struct lg_stock *st, const struct inventory *inv, const double *used,
                     size_t first, size_t count, struct ledger_result *res, struct rm_error *err);
/* ledger_archive.c: the archive's new bytes: its old rows but those of the ids cut, then the
 * cut rows (rows[], data rows of t whose spans in src are sp[]). */
int lg_archive(const char *path, struct lg_file *arch, const struct lg_buf *src,
               const struct rm_csv *t, const struct lg_span *sp, const size_t *rows, size_t ncut,
               struct rm_error *err);

/* Writes the new contents under the journal protocol of ledger_tx.c. */
int lg_tx_run(const char *dir, const char *plan, struct lg_file *files, size_t n,
              const struct ledger_opts *o, struct rm_error *err);
/* Completes or clears an interrupted commit; *did = 1 when there was one. Under the lock. */
int lg_recover(const char *dir, const struct ledger_opts *o, int *did, struct rm_error *err);
/* The writers' frame: takes the lock, completes or clears an interrupted commit (*did as
 * lg_recover's), then runs fn(ctx) under the lock, and lets the lock go. -1 on the first
 * failure (err set), else fn's result. */
int lg_locked(const char *dir, const struct ledger_opts *o, int *did, int (*fn)(void *ctx),
              void *ctx, struct rm_error *err);
/* Whether dir shows signs of an interrupted commit (journal or temp files). */
bool lg_pending(const char *dir);

#endif
