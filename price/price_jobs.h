/* price_jobs: a grade's items priced by several processes, and the every-grade table's
 * grades side by side (private to price/). */
#ifndef PRICE_JOBS_H
#define PRICE_JOBS_H

#include <stddef.h>

#include "price_lp.h"
#include "rm_error.h"

/* Processors online: the default number of jobs. */
size_t price_jobs_auto(void);
/* Prices every item of pg (price_item_at) with lp at its base, in `jobs` processes forked
 * from this one (1: here, in order), calling o->progress (o may be NULL) in this process
 * for each item as it comes in. -1 with err set when a worker died or its results stopped
 * short; -1 with err untouched when price_item_at failed, here or in a worker. */
int price_jobs_run(struct price_lp *lp, struct price_grade *pg, size_t jobs,
                   const struct price_opts *o, struct rm_error *err);

/* Solves and prices grade pg (its grade, heat and items set up) with options o: price.c's
 * part of price_jobs_grades. 0, or -1 with err set. */
typedef int (*price_grade_fn)(void *ctx, struct price_grade *pg, const struct price_opts *o,
                              struct rm_error *err);
/* Every grade of t (each t->g[k] set up as for solve), each solved and priced by solve in a
 * process of its own, at most `jobs` at once, each splitting its items over `jobs`
 * processes (price_jobs_run); o->progress is called here for each item as it comes in. A
 * grade whose process failed is priced again here, which sets err as a one-process run
 * would. 0, or -1 with err set. */
int price_jobs_grades(struct price_table *t, size_t jobs, price_grade_fn solve, void *ctx,
                      const struct price_opts *o, struct rm_error *err);

#endif
