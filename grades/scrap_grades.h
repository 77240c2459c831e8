/* scrap_grades: the classes scrap is bought and sold by (scrap_grades.csv), and which of
 * them a lot meets.
 *
 * Long format like grades.csv: one row per scrap grade and element, `scrap_grade,element,
 * min,max` in wt% (an empty min or max = no limit on that side). Optional columns:
 *   lot_source  the lot sources (lots.csv `source`: analyzed, predicted, nominal) that may
 *               claim the grade, separated by '|' or blanks; empty = any. Every non-empty
 *               cell of a grade applies, so the rule is the intersection of its cells. A
 *               premium class that is priced on a measured analysis (high-quality casting
 *               scrap, X-ray sorted extrusion) lists `analyzed`.
 *   any other   kept as trace (e.g. `reference`, the public source of the limit).
 *
 * Meeting a grade: the lot's source is allowed, and every limited element it reports is
 * inside the window. A limited element the lot does not report cannot be certified: the
 * lot then "meets what was analysed" (SCRAP_UNVERIFIED) rather than the grade, which is
 * how a buyer reads a supplier sheet without, say, a Li value.
 *
 * Scrap grades never add elements to the plant: they are not part of the charge model, so
 * an element only they mention (Bi, Ca in the UBC class) is simply not reported by any lot.
 *
 * Ownership: scrap_load returns a set freed with scrap_free. */
#ifndef SCRAP_GRADES_H
#define SCRAP_GRADES_H

#include <stddef.h>

#include "rm_elem.h"
#include "rm_error.h"
#include "rm_strmap.h"

struct scrap_limit {
	int z;           /* atomic number of the element */
	double min, max; /* wt%, NAN = no limit on that side */
	long line;
};

struct scrap_grade {
	char *name;
	size_t nlim;
	struct scrap_limit *lim;
	unsigned sources; /* bit s: lots whose source is scrap_source_name(s) may claim it */
	long line;
};

struct scrap_set {
	size_t n;
	struct scrap_grade *g;
	char *file;
	struct rm_strmap names;
};

enum scrap_fit {
	SCRAP_FAILS, /* a reported element is outside its window, or the source is not allowed */
	SCRAP_UNVERIFIED, /* inside every window it reports; some limited elements not reported */
	SCRAP_MEETS,
};

int scrap_load(const char *path, struct scrap_set **out, struct rm_error *err);
void scrap_free(struct scrap_set *ss);
/* The lot sources of the data contract, by bit number; NULL past the last. */
const char *scrap_source_name(unsigned s);
/* How a lot with composition c (wt% by index of els, nc entries, NAN = not reported) and
 * source name src fits grade g. With missing != NULL, the symbols of the limited elements
 * not reported are written there (blank separated, truncated to n bytes). */
enum scrap_fit scrap_classify(const struct scrap_grade *g, const struct rm_elemset *els,
                              const double *c, size_t nc, const char *src, char *missing, size_t n);
/* The grades of ss a lot meets, blank separated in file order, '?' after those it meets
 * only on the elements it reports; "-" when none, "" when ss is NULL. Returns buf. */
const char *scrap_list(const struct scrap_set *ss, const struct rm_elemset *els, const double *c,
                       size_t nc, const char *src, char *buf, size_t n);

#endif
