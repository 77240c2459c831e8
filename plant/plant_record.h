/* plant_record: the plant's part of recording a heat (ledger_record.h). */
#ifndef PLANT_RECORD_H
#define PLANT_RECORD_H

#include "ledger_record.h"
#include "plant.h"

/* The furnace under rec's heat (heats.csv's, else rec->furnace from the plan): its heel kg,
 * and each analysed element's heel wt% and recovery; 0, 0 and 1 without a furnace. */
void plant_record_furnace(const struct plant *p, struct ledger_record *rec);

#endif
