/* plant: one data directory loaded as a whole (lots, additives, grades, heats), sharing
 * one element set. The first bad cell stops the load; nothing is kept.
 *
 * Ownership: plant_load returns a plant freed with plant_free, which frees its parts. */
#ifndef PLANT_H
#define PLANT_H

#include <stdbool.h>

#include "co2.h"
#include "grades.h"
#include "inventory.h"
#include "plant_rules.h"
#include "rm_elem.h"
#include "rm_error.h"
#include "rm_hash.h"
#include "scrap_grades.h"
#include "uncertainty.h"

struct plant {
	char *dir;
	struct rm_elemset els;
	struct inventory *inv;
	struct grade_set *grades;
	struct furnace_set *furnaces; /* NULL without furnaces.csv */
	struct heat_set *heats;       /* NULL when loaded without heats */
	struct unc *unc;              /* sd defaults: built in, or DIR/uncertainty.csv */
	struct co2_set *co2;          /* CO2 factors: defaults, or DIR/co2.csv */
	struct scrap_set *scrap;      /* DIR/scrap_grades.csv; NULL when the plant has none */
	struct plant_rule_set *rules; /* DIR/material_rules.csv; NULL when the plant has none */
	struct rm_hash digest;        /* of the input files' bytes (plant_digest.h): the plan id */
};

/* Loads DIR/lots.csv, DIR/additives.csv (if present), DIR/grades.csv and, when need_heats,
 * DIR/heats.csv (a missing heats.csv is then an error; otherwise it is read if present),
 * and DIR/uncertainty.csv and DIR/scrap_grades.csv if present. */
/* The furnace of heat h, or NULL. */
const struct furnace *plant_furnace(const struct plant *p, size_t h);
/* Heel (heats.csv heel_kg, else the furnace's) plus tapped mass of heat h: the bath the
 * grade applies to. */
double plant_bath_kg(const struct plant *p, size_t h);

int plant_load(const char *dir, bool need_heats, struct plant **out, struct rm_error *err);
void plant_free(struct plant *p);

#endif
