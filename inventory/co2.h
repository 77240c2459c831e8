/* co2: carbon footprint factors of the materials a plant charges, t CO2 per t charged.
 *
 * Two classes by default (../shared/reference/README.md, "Carbon" [S]): primary metal
 * 12.7 t CO2/t (new ingot, Japan's imports) and recycled metal 0.303 t CO2/t (secondary
 * ingot). A material is recycled or primary by its `recycled` flag (inventory.h). The
 * optional DIR/co2.csv overrides them:
 *
 *     material,t_co2_per_t[,any other columns, e.g. source]
 *     primary,15.8          <- the class of every material not named by id
 *     recycled,0.5
 *     SI441,6.0             <- one material by its id in lots.csv or additives.csv
 *
 * `primary` and `recycled` are reserved words for the classes (an id overrides its class).
 * Factors must be finite and in [0, 1000]; an unknown id, a duplicate row or an empty cell is
 * an error with file:line:column.
 *
 * Ownership: co2_load returns a set the caller frees with co2_free. It is tied to the
 * inventory it was loaded for (factors by material index). */
#ifndef CO2_H
#define CO2_H

#include <stdbool.h>
#include <stddef.h>

#include "inventory.h"
#include "rm_error.h"

#define CO2_PRIMARY_DEFAULT 12.7
#define CO2_RECYCLED_DEFAULT 0.303
#define CO2_MAX_FACTOR 1000.0

struct co2_set {
	double primary, recycled; /* class factors in force, t CO2 per t */
	size_t n;                 /* materials of the inventory */
	double *factor;           /* [n] the factor of each material */
	bool *by_id;              /* [n] the factor comes from a co2.csv row naming the id */
	size_t nby_id;
	char *file; /* NULL when there is no co2.csv (defaults) */
};

/* Loads path (NULL or a missing file: the defaults) for the materials of inv. */
int co2_load(const char *path, const struct inventory *inv, struct co2_set **out,
             struct rm_error *err);
void co2_free(struct co2_set *s);
/* t CO2 per t of material i of inv; s may be NULL (the defaults by class). */
double co2_factor(const struct co2_set *s, const struct inventory *inv, size_t i);

#endif
