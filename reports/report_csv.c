#include <math.h>

#include "report.h"
#include "report_footprint.h"
#include "rm_csv.h"

/* One row per heat and charged material: what the ERP books. */
int report_csv(FILE *f, const struct plant *p, const struct plan *pl)
{
	char plan_id[RM_HASH_HEX];
	report_plan_id(p, pl, plan_id);
	/* new columns go at the end only: ERP imports read the first nine by position */
	fputs("heat,grade,id,kind,source,mass_kg,share,price_per_kg,cost,"
	      "charge_order,recycled,co2_kg,plan_id\n",
	      f);
	for (size_t h = 0; h < pl->nheat; h++) {
		const struct plan_heat *ph = &pl->heats[h];
		const struct heat *ht = &p->heats->h[h];
		double total = 0;
		for (size_t c = 0; c < ph->ncharge; c++)
			total += ph->charge[c].kg;
		for (size_t c = 0; c < ph->ncharge; c++) {
			const struct material *m = &p->inv->m[ph->charge[c].mat];
			rm_csv_field_file(f, ht->id, RM_CSV_SHEET);
			fputc(',', f);
			rm_csv_field_file(f, p->grades->g[ht->grade].name, RM_CSV_SHEET);
			fputc(',', f);
			rm_csv_field_file(f, m->id, RM_CSV_SHEET);
			fprintf(f, ",%s,%s,%.15g,%.15g,%.15g,%.15g",
			        m->kind == MAT_LOT ? "lot" : "additive", inv_source_name(m->source),
			        ph->charge[c].kg, ph->charge[c].kg / total, m->price,
			        m->price * ph->charge[c].kg);
			report_csv_footprint(f, p, ph, c, plan_id);
		}
	}
	return 0;
}
