/* What the plant knows of a heat being recorded: what the bath was besides the charge, for
 * record's heel and recovery columns; shared by remelt record and the TUI.
 *
 * The heel is the heat's own (heats.csv heel_kg, else its furnace's). Its composition is the
 * furnace's heel, except in a furnace sequence (heats.csv sequence): a heat after the first
 * sits on the bath the heat before it left, and the best knowledge of that bath is that
 * heat's own recorded analysis (heat_results.csv). Written as the furnace's heel it would
 * teach estimate a wrong composition of every lot in the heat. */
#include <math.h>
#include <string.h>

#include "plant_record.h"
#include "record_actual.h"

/* The heel wt% of each analysed element from the heat before (plant heat prev): its
 * recorded mean, else its planned mean, else the furnace's heel. 0, or -1 with err set
 * when that heat is not recorded yet. */
static int record_heel_prev(const struct plant *p, size_t h, long prev, const struct furnace *f,
                            struct ledger_record *rec, struct rm_error *err)
{
	const char *pid = p->heats->h[prev].id;
	struct actual_set *a = NULL;
	if (actual_load(p->dir, pid, &a, err) < 0)
		return -1;
	const struct actual_heat *ah = NULL;
	for (size_t j = 0; j < a->n; j++)
		if (strcmp(a->h[j].heat, pid) == 0)
			ah = &a->h[j];
	if (!ah) {
		actual_free(a);
		return rm_error_set(err, p->heats->file, 0, 0,
		                    "heat %s sits on the bath heat %s leaves (heats.csv sequence); "
		                    "record %s first",
		                    p->heats->h[h].id, pid, pid);
	}
	for (size_t k = 0; k < rec->nel; k++) {
		double v = NAN;
		for (size_t e = 0; e < ah->nel; e++)
			if (ah->el[e].z == rec->el[k].z)
				v = isfinite(ah->el[e].pct) ? ah->el[e].pct : ah->el[e].plan_pct;
		if (!isfinite(v)) {
			long e = rm_elemset_find(&p->els, rec->el[k].z);
			v = f && e >= 0 ? furnace_heel_c(f, (size_t)e) : 0;
		}
		rec->el[k].heel_pct = v;
	}
	actual_free(a);
	return 0;
}

int plant_record_furnace(const struct plant *p, struct ledger_record *rec, struct rm_error *err)
{
	const struct furnace *f = NULL;
	long h = -1;
	for (size_t j = 0; p->heats && j < p->heats->n; j++)
		if (strcmp(p->heats->h[j].id, rec->heat) == 0) {
			f = plant_furnace(p, j);
			h = (long)j;
		}
	for (size_t j = 0; !f && rec->furnace[0] && p->furnaces && j < p->furnaces->n; j++)
		if (strcmp(p->furnaces->f[j].id, rec->furnace) == 0)
			f = &p->furnaces->f[j];
	rec->heel_kg = h >= 0 && f ? p->heats->h[h].heel_kg : f ? f->heel_kg : 0;
	for (size_t k = 0; f && k < rec->nel; k++) {
		long e = rm_elemset_find(&p->els, rec->el[k].z);
		rec->el[k].heel_pct = e >= 0 ? furnace_heel_c(f, (size_t)e) : 0;
		rec->el[k].recovery = e >= 0 ? furnace_rec(f, (size_t)e) : 1;
	}
	long prev = h >= 0 && f ? heat_prev(p->heats, (size_t)h) : -1;
	return prev >= 0 && rec->heel_kg > 0 ? record_heel_prev(p, (size_t)h, prev, f, rec, err)
	                                     : 0;
}
