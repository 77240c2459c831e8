/* grades: alloy specifications (grades.csv) and the day's heats (heats.csv).
 *
 * A limit is a window [min, max] in wt% on one element; NAN marks an open side.
 * Internal limits: plants run inside the standard by a safety margin (grade_internal).
 *
 * Ownership: grade_load / heat_load return sets the caller frees with grade_free /
 * heat_free. Element indexes refer to the caller's rm_elemset (grade_load may add to it). */
#ifndef GRADES_H
#define GRADES_H

#include <stddef.h>

#include "rm_elem.h"
#include "rm_error.h"
#include "rm_strmap.h"

struct grade_limit {
	size_t e;
	double min, max; /* wt%, NAN = no limit on that side */
	long line;
};

struct grade {
	char *name;
	size_t nlim;
	struct grade_limit *lim;
	long line; /* first row of the grade */
};

struct grade_set {
	size_t n;
	struct grade *g;
	char *file;
	struct rm_strmap names;
};

int grade_load(const char *path, struct rm_elemset *els, struct grade_set **out,
	       struct rm_error *err);
void grade_free(struct grade_set *gs);
/* Index of the grade with this name, or -1. */
long grade_find(const struct grade_set *gs, const char *name);
/* The internal window of a limit under margin m (a fraction of the window, 0 <= m < 0.5):
 * a two-sided window [min, max] shrinks by m * (max - min) on each side; a max-only limit
 * becomes max * (1 - m); a min-only limit rises by m * min(min, 100 - min). NAN stays NAN. */
void grade_internal(const struct grade_limit *l, double margin, double *lo, double *hi);

struct heat {
	char *id;
	size_t grade; /* index into the grade set */
	double mass_kg; /* liquid metal tapped */
	long line;
};

struct heat_set {
	size_t n;
	struct heat *h;
	char *file;
};

int heat_load(const char *path, const struct grade_set *gs, struct heat_set **out,
	      struct rm_error *err);
void heat_free(struct heat_set *hs);

#endif
