/* What the plant knows of a heat being recorded: the furnace under it (heats.csv's, else the
 * plan's), for record's heel and recovery columns; shared by remelt record and the TUI. */
#include <string.h>

#include "plant_record.h"

/* The furnace under the heat (heats.csv's, else the plan's): its heel and each analysed
 * element's heel wt% and recovery, what the bath was besides the charge. */
void plant_record_furnace(const struct plant *p, struct ledger_record *rec)
{
	const struct furnace *f = NULL;
	for (size_t j = 0; p->heats && j < p->heats->n; j++)
		if (strcmp(p->heats->h[j].id, rec->heat) == 0)
			f = plant_furnace(p, j);
	for (size_t j = 0; !f && rec->furnace[0] && p->furnaces && j < p->furnaces->n; j++)
		if (strcmp(p->furnaces->f[j].id, rec->furnace) == 0)
			f = &p->furnaces->f[j];
	rec->heel_kg = f ? f->heel_kg : 0;
	for (size_t k = 0; f && k < rec->nel; k++) {
		long e = rm_elemset_find(&p->els, rec->el[k].z);
		rec->el[k].heel_pct = e >= 0 ? furnace_heel_c(f, (size_t)e) : 0;
		rec->el[k].recovery = e >= 0 ? furnace_rec(f, (size_t)e) : 1;
	}
}
