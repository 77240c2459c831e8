/* report_footprint: what a plan means outside the furnace hall: recycled content and CO2 per
 * heat and day, traceability (lots per heat, heats per lot), the plan's id, the charging
 * order, and the floor sheets (report_sheet.c).
 *
 * Definitions (README "Recycled content and CO2"):
 *   recycled_content(h) = sum over recycled materials i of yield_i * x[i,h] / mass_h
 *     (mass balance: the share of the tapped metal that comes from recycled material; lots
 *     are recycled, additives primary, unless the `recycled` column says otherwise);
 *   co2_kg(h) = sum over materials i of factor_i * x[i,h]  (t CO2 per t = kg per kg; the
 *     footprint travels with the material bought and charged, melt loss included);
 *   co2_per_t(h) = co2_kg(h) / mass_h  (t CO2 per t of tapped metal, the unit of the
 *     factors: 100% recycled metal gives 0.303, 100% primary 12.7 / yield).
 * Rendering only, like the rest of reports/. */
#ifndef REPORT_FOOTPRINT_H
#define REPORT_FOOTPRINT_H

#include <stdio.h>

#include "plan.h"
#include "plant.h"
#include "rm_hash.h"

struct report_fp {
	double tapped_kg;   /* heat mass (the day: heats with a charge) */
	double charged_kg;  /* all materials charged */
	double recycled_kg; /* metal from recycled materials */
	double recycled_content;
	double co2_kg;
	double co2_per_t;
	double cost;
};

/* Heat h of the plan; all zero when the heat has no charge. */
void report_fp_heat(const struct plant *p, const struct plan *pl, size_t h, struct report_fp *out);
/* The day: every heat with a charge. */
void report_fp_day(const struct plant *p, const struct plan *pl, struct report_fp *out);

/* FNV-1a-128 over the input files (p->digest), the options and every charge: the same
 * inputs give the same id, any other plan another one. */
void report_plan_id(const struct plant *p, const struct plan *pl, char out[RM_HASH_HEX]);
/* Now, as "2025-06-01T07:30:00Z". */
void report_created(char *buf, size_t n);

/* Charging order of heat ph: indexes into ph->charge. Scrap lots first, then additives;
 * heaviest first within each (ties by id), as a plant charges a furnace: the bulk scrap
 * makes the bath, primary ingot dilutes it, the small alloying additions (which burn off or
 * fade, like Mg) go in last. order must hold ph->ncharge entries. */
void report_charge_order(const struct plant *p, const struct plan_heat *ph, size_t *order);

/* 1-based place of ph->charge[c] in the charging order. */
size_t report_charge_rank(const struct plant *p, const struct plan_heat *ph, size_t c);
/* The CSV row's tail: ",charge_order,recycled,co2_kg,plan_id\n". */
void report_csv_footprint(FILE *f, const struct plant *p, const struct plan_heat *ph, size_t c,
                          const char *plan_id);

struct cJSON;
/* Adds plan_id, created, the day's recycled content and CO2, co2_factors and lots to root,
 * and recycled_content, co2_kg, co2_per_t and trace to each heat of root's "heats". */
void report_json_footprint(struct cJSON *root, const struct plant *p, const struct plan *pl);

/* The day summary of the text report: per heat one line, then the day. */
void report_text_day(FILE *f, const struct plant *p, const struct plan *pl);
/* --format sheet: the day summary, then one page per heat for the furnace floor. */
int report_sheet(FILE *f, const struct plant *p, const struct plan *pl);

#endif
