/* A plan books only heats of this plant's heats.csv, as the plan saw them: a plan made for
 * another day or directory, or with a heat renamed, is refused before anything is locked. */
#include <math.h>
#include <string.h>

#include "plant_commit.h"

int plant_plan_heats(const struct plant *p, const struct ledger_plan *lp, const char *plan_path,
                     struct rm_error *err)
{
	for (size_t k = 0; k < lp->nheat; k++) {
		const struct ledger_heat *lh = &lp->heat[k];
		const struct heat *h = NULL;
		for (size_t j = 0; j < p->heats->n && !h; j++)
			if (strcmp(p->heats->h[j].id, lh->id) == 0)
				h = &p->heats->h[j];
		if (!h)
			return rm_error_set(
			    err, plan_path, 0, 0,
			    "refused: heat \"%.60s\" is not in %s: a plan books only "
			    "the heats of this plant; nothing was changed",
			    lh->id, p->heats->file);
		const char *grade = p->grades->g[h->grade].name;
		if (!lh->grade || strcmp(lh->grade, grade) != 0 ||
		    !(fabs(lh->mass_kg - h->mass_kg) <= 1e-9 * h->mass_kg))
			return rm_error_set(
			    err, plan_path, 0, 0,
			    "refused: heat \"%.60s\" is %.60s, %.10g kg in the plan but "
			    "%.60s, %.10g kg in %s:%ld: the plan was made for another "
			    "day or data directory; nothing was changed",
			    lh->id, lh->grade ? lh->grade : "(no grade)", lh->mass_kg, grade,
			    h->mass_kg, p->heats->file, h->line);
	}
	return 0;
}
