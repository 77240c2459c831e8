/* price_jobs: a grade's items priced by several processes (private to solver/). */
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

#endif
