/* report_price: the price table of `remelt price` for people (text) and machines (CSV,
 * JSON). Rendering only, like report.h. */
#ifndef REPORT_PRICE_H
#define REPORT_PRICE_H

#include <stdio.h>

#include "plant.h"
#include "price.h"
#include "report.h"

struct price_report {
	const struct plant *p;
	const struct rm_elemset *els;   /* the plant's elements plus any only the offers report */
	const struct inventory *offers; /* NULL: none */
	const struct price_table *t;
};

int report_price(FILE *f, enum report_format fmt, const struct price_report *r,
                 struct rm_error *err);

/* price --value-of-estimate: the reference heats solved again with the sds the lots had
 * before estimate --write, and the cells put back (report_price_learning.c). */
struct price_learning {
	const struct price_table *before; /* NULL: no cell applies, nothing solved again */
	bool present;                     /* DIR/estimates.csv exists */
	size_t cells, lots, stale;
};
/* report_price with that section (text and JSON; CSV has none); l NULL: report_price. */
int report_price_learned(FILE *f, enum report_format fmt, const struct price_report *r,
                         const struct price_learning *l, struct rm_error *err);
void report_price_learning_text(FILE *f, const struct price_report *r,
                                const struct price_learning *l);
struct cJSON;
void report_price_learning_json(struct cJSON *root, const struct price_report *r,
                                const struct price_learning *l);
int report_price_text(FILE *f, const struct price_report *r);
int report_price_csv(FILE *f, const struct price_report *r);
int report_price_json(FILE *f, const struct price_report *r, struct rm_error *err);
int report_price_json_learned(FILE *f, const struct price_report *r, const struct price_learning *l,
                              struct rm_error *err);

/* Shared by the renderers. */
const char *report_price_verdict(enum price_verdict v);
/* The scrap grades item's material meets (scrap_list), into buf. */
const char *report_price_scrap(const struct price_report *r, const struct price_item *it, char *buf,
                               size_t n);
/* "the mean of 2 heats of 6063 in heats.csv", "--heat-kg", "default". */
void report_price_basis(const struct price_grade *pg, char *buf, size_t n);

#endif
