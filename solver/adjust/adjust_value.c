/* adjust_value: the default value of a kg of tapped metal (remelt adjust's V): what the
 * least-cost charge of the heat costs per kg tapped, so that metal added by dilution counts
 * as metal of the grade, not as waste. */
#include <math.h>
#include <stdlib.h>

#include "adjust.h"

int adjust_metal_value(const struct plant *p, size_t g, long f, double tap_kg, double margin,
                       double time_limit_s, double *v, bool *found, struct rm_error *err)
{
	struct heat h = {.id = "adjust", .grade = g, .mass_kg = tap_kg, .furnace = f};
	struct heat_set hs = {.n = 1, .h = &h, .file = p->heats ? p->heats->file : "heats.csv"};
	struct plant view = *p;
	view.heats = &hs;
	struct plan_opts o = plan_opts_default();
	o.margin = margin;
	o.confidence = 0;
	o.samples = 0;
	o.time_limit_s = time_limit_s;
	struct plan *pl = NULL;
	*v = 0;
	*found = false;
	if (plan_solve(&view, &o, &pl, err) < 0)
		return -1;
	if (pl->status == PLAN_OPTIMAL && pl->heats[0].feasible) {
		*v = pl->heats[0].cost / tap_kg;
		*found = true;
	}
	plan_free(pl);
	return 0;
}
