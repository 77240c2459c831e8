/* grades: alloy specifications (grades.csv) and the day's heats (heats.csv).
 *
 * A limit is a window [min, max] in wt% on one element; NAN marks an open side.
 * Internal limits: plants run inside the standard by a safety margin (grade_internal).
 *
 * Ownership: grade_load / heat_load return sets the caller frees with grade_free /
 * heat_free. Element indexes refer to the caller's rm_elemset (grade_load may add to it). */
#ifndef GRADES_H
#define GRADES_H

#include <stdbool.h>
#include <stddef.h>

#include "rm_elem.h"
#include "rm_error.h"
#include "rm_strmap.h"

struct grade_limit {
	size_t e;
	double min, max; /* wt%, NAN = no limit on that side */
	long line;
	/* The plant's working aim (grades.csv aim, tolerance; wt%): the internal window is
	 * [aim - tol, aim + tol] within [min, max], in place of the margin. */
	bool has_aim;
	double aim, tol;
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
/* The loaders' bounds, for whatever edits the same values (the TUI): limits in
 * [0, GRADE_MAX_PCT] wt%, a min never above its max (grade_window_ok: NAN is no limit); a
 * heat's mass and heel at most HEAT_MAX_MASS kg. */
#define GRADE_MAX_PCT 100.0
#define HEAT_MAX_MASS 1e9
bool grade_window_ok(double min, double max);
/* Index of the grade with this name, or -1. */
long grade_find(const struct grade_set *gs, const char *name);
/* The limit of grade g on element e, or NULL when e is unconstrained. */
const struct grade_limit *grade_limit_of(const struct grade *g, size_t e);
/* The internal window of a limit under margin m (a fraction of the window, 0 <= m < 0.5);
 * a limit with an aim has [aim - tol, aim + tol] cut to [min, max] whatever m is (a side
 * at or below 0 is open):
 * a two-sided window [min, max] shrinks by m * (max - min) on each side; a max-only limit
 * becomes max * (1 - m); a min-only limit rises by m * min(min, 100 - min). NAN stays NAN. */
void grade_internal(const struct grade_limit *l, double margin, double *lo, double *hi);

/* A furnace (furnaces.csv): the heel of last heat's metal stays in it, so the bath is heel
 * plus charge; elements burn off or stay at the rates in rec. */
struct furnace {
	char *id;
	double capacity_kg;
	double heel_kg;
	size_t max_materials; /* 0 = no limit */
	/* The least kg of a material worth weighing into a heat (0 = none): the minimum charge
	 * of every material without its own min_kg that is not charged in whole units. */
	double min_charge_kg;
	size_t nc;
	double *heel_c; /* [nc] wt% of the heel; elements past nc are 0 */
	double *rec;    /* [nc] recovery fraction in (0, 1]; elements past nc recover fully */
	long line;
};

struct furnace_set {
	size_t n;
	struct furnace *f;
	char *file;
	struct rm_strmap ids;
};

/* Loads furnaces.csv: furnace,capacity_kg,heel_kg,max_materials,min_charge_kg, element
 * columns (the heel)
 * and rec_<El> columns; element columns are added to els. */
int furnace_load(const char *path, struct rm_elemset *els, struct furnace_set **out,
                 struct rm_error *err);
void furnace_free(struct furnace_set *fs);
/* Heel composition and recovery of element e in furnace f (f may be NULL: no furnace). */
double furnace_heel_c(const struct furnace *f, size_t e);
double furnace_rec(const struct furnace *f, size_t e);

/* The least heat remelt plans: the model divides the bath's element kg by the tapped mass,
 * and below 1 kg the solver's tolerances (1e-6 kg and wt%) are no longer small against it
 * (heats of 1e-6 kg came out "optimal" yet off spec). A real tap is tonnes. */
#define HEAT_MIN_KG 1.0

struct heat {
	char *id;
	size_t grade;   /* index into the grade set */
	double mass_kg; /* liquid metal tapped */
	long furnace;   /* index into the furnace set, -1 = none given */
	/* The heel under this heat: heats.csv heel_kg when given (a heat after a drained or
	 * part-tapped furnace), else its furnace's heel_kg; 0 without a furnace. The heel's
	 * composition is the furnace's, or with a sequence the previous heat's bath. */
	double heel_kg;
	/* heats.csv sequence: the heat's place in its furnace's order, 1..n; 0 = none given.
	 * Heat 1 sits on the furnace's heel, each next heat on heel_kg of the bath of the heat
	 * before it (grades/heats_seq.c). */
	long seq;
	long line;
};

struct heat_set {
	size_t n;
	struct heat *h;
	char *file;
};

/* fs may be NULL (no furnaces.csv): a heat naming a furnace is then an error. A heat whose
 * heel plus mass exceeds its furnace's capacity is refused: no charge can change that. */
int heat_load(const char *path, const struct grade_set *gs, const struct furnace_set *fs,
              struct heat_set **out, struct rm_error *err);
void heat_free(struct heat_set *hs);
/* The heat before heat h in h's furnace's sequence (index into hs), or -1: h has no
 * sequence or is the first. Searches the set, so a view of some of the heats (partial
 * plans) finds the predecessor only when it holds it. */
long heat_prev(const struct heat_set *hs, size_t h);
/* Checks the sequences of the loaded heats (grades/heats_seq.c): per furnace 1..n without
 * gaps or repeats, every heat of a sequenced furnace placed, and no heel larger than the
 * bath it is left from. col: heats.csv's sequence column (0-based), heel_col its heel_kg
 * column or -1. */
int heat_seq_check(const struct heat_set *hs, const char *file, long col, long heel_col,
                   struct rm_error *err);

#endif
