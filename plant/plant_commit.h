/* plant_commit: what commit checks of a plan against the whole plant (not only the stock,
 * which inventory/ledger checks under the lock). */
#ifndef PLANT_COMMIT_H
#define PLANT_COMMIT_H

#include "ledger.h"
#include "plant.h"

/* Every heat of lp is a heat of p's heats.csv with the same grade and mass; 0, or -1 with err
 * naming plan_path. */
int plant_plan_heats(const struct plant *p, const struct ledger_plan *lp, const char *plan_path,
                     struct rm_error *err);

#endif
