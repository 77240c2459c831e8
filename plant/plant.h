/* plant: one data directory loaded as a whole (lots, additives, grades, heats), sharing
 * one element set. The first bad cell stops the load; nothing is kept.
 *
 * Ownership: plant_load returns a plant freed with plant_free, which frees its parts. */
#ifndef PLANT_H
#define PLANT_H

#include <stdbool.h>

#include "grades.h"
#include "inventory.h"
#include "rm_elem.h"
#include "rm_error.h"

struct plant {
	char *dir;
	struct rm_elemset els;
	struct inventory *inv;
	struct grade_set *grades;
	struct heat_set *heats; /* NULL when loaded without heats */
};

/* Loads DIR/lots.csv, DIR/additives.csv (if present), DIR/grades.csv and, when need_heats,
 * DIR/heats.csv (a missing heats.csv is then an error; otherwise it is read if present). */
int plant_load(const char *dir, bool need_heats, struct plant **out, struct rm_error *err);
void plant_free(struct plant *p);

#endif
