/* price_kkt: a chance-constrained point solved exactly, by Newton's method on the KKT
 * conditions of the cone program over an active set (private to solver/; price.c).
 *
 * The reference heat is min c.x over l <= x <= u and rl <= A x <= ru (the model's rows as
 * built: mass, elements, rules), with, per element e and limited side, the cone
 *     f(x) = side (A_e x) + z sigma_e(x) <= side lim,   sigma_e(x) = ||diag(s_e) x||.
 * An active set names the columns strictly between their bounds (free), the rows and cones
 * held at a bound, and the rest at their bounds or slack. With it fixed, the KKT conditions
 * are a square system in (x_free, y, nu): stationarity of each free column, and each active
 * row and cone met with equality; it is smooth where sigma > 0, and Newton's method solves
 * it in a few steps. The point is optimal when what it leaves out holds too: free columns
 * inside their bounds, slack rows and cones met, multipliers of the right sign, and every
 * column at a bound with a reduced cost that keeps it there (a convex program: the KKT
 * conditions are sufficient).
 *
 * Each point starts from the base optimum's active set with one column's bounds moved,
 * and follows Newton steps, each cut short at the first of those conditions it would break
 * (an event), which changes the set by one, as a simplex pivot does. A singular matrix (a
 * vertex where more constraints bind than free columns can meet) takes the step of the
 * regularised system. It either ends at a checked optimum, exact at z itself (no cut, no
 * tolerance in sd), or gives up (too many steps, or steps that stop reducing the
 * residuals, as at a point no charge can reach). A fixed usage that gave up is tried again
 * in 2 and then 4 stages, each from the last one's optimum; what still gives up the caller
 * solves with the cutting planes of chance.c, as before. The files: price_kkt.c (the
 * path), price_kkt_init.c (reading the model, the base), price_kkt_reach.c (points no
 * charge can reach, by a two-row relaxation), price_kkt_far.c (the same, by an elastic LP
 * of the whole heat with outer tangents, for a fixed point whose path is long). */
#ifndef PRICE_KKT_H
#define PRICE_KKT_H

#include <stdbool.h>

#include "model/model.h"

struct price_kkt;

/* The result of one point. */
struct price_kkt_sol {
	double obj; /* c.x, with the objective's constant */
	double x;   /* the column's value (column units) */
	double d;   /* its reduced cost: c - y.A_j + sum nu grad f */
};

/* Reads model m (one heat: its rows 1..nrow and columns 1..ncol as built, before any
 * cut) and its current LP solution, and solves the cone program at confidence z (the
 * normal quantile) from that solution's active set. s: the sd table of chance_s_table.
 * full: every column's reduced cost at every step of a point (the way before partial
 * pricing, for tests: the values are the same bit for bit). 0 with *out set; 1 when the
 * base did not solve (*out NULL: the caller does without); -1 out of memory. */
int price_kkt_init(const struct model *m, int nrow, int ncol, double z, const double *s, bool full,
                   struct price_kkt **out);
void price_kkt_free(struct price_kkt *k);
/* The base optimum: objective, and column j's value and reduced cost. */
void price_kkt_base(const struct price_kkt *k, int j, struct price_kkt_sol *sol);
/* The optimum with column j (1-based) bounded to [lo, hi] instead of its base bounds, the
 * rest as at the base. 0 with *sol; 1 when no checked optimum was found (the caller solves
 * it another way); 2 when a fixed usage (lo == hi) is proven out of reach by the LP of
 * price_kkt_far.c, tried once when the path has taken KKT_FAR_STEP steps or given up;
 * -1 out of memory. */
int price_kkt_point(struct price_kkt *k, int j, double lo, double hi, struct price_kkt_sol *sol);
/* 1 when no charge can take column j (1-based) at q: the mass row, or one element's cone
 * with only the item's own sd, cannot be met even by the best of the other columns (the
 * fractional knapsack of those two rows, a relaxation); 0 when that does not prove it. */
int price_kkt_infeasible(struct price_kkt *k, int j, double q);
/* What the points so far cost: how many, their steps, and the columns' reduced costs
 * evaluated during them (partial pricing keeps that near steps x the columns in play,
 * where every column at every step made it steps x the yard). */
void price_kkt_count(const struct price_kkt *k, unsigned long *points, unsigned long *steps,
                     unsigned long *dj);
/* Whether a fixed point whose path is long may be proven out of reach by price_kkt_far.c's
 * LP (on by default; off for tests: the values are the same bit for bit), and how many were
 * tried and proven so far. */
void price_kkt_far_on(struct price_kkt *k, bool on);
void price_kkt_far_count(const struct price_kkt *k, unsigned long *tried, unsigned long *proven);

#endif
