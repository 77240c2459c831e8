/* plant_record: the plant's part of recording a heat (ledger_record.h). */
#ifndef PLANT_RECORD_H
#define PLANT_RECORD_H

#include "ledger_record.h"
#include "plant.h"

/* What rec's heat sat on, from its furnace (heats.csv's, else rec->furnace from the plan):
 * the heat's heel kg (its own heel_kg, else the furnace's), and each analysed element's heel
 * wt% and recovery; 0, 0 and 1 without a furnace. In a furnace sequence the heel wt% is the
 * heat before's recorded analysis (plant_record.c); -1 with err set when that heat is not
 * recorded yet (or heat_results.csv cannot be read), else 0. */
int plant_record_furnace(const struct plant *p, struct ledger_record *rec, struct rm_error *err);

#endif
