/* chance: the cutting planes of chance constraints (private to solver/; chance.c, and
 * chance_mip.c for branch and bound). */
#ifndef CHANCE_H
#define CHANCE_H

#include "model.h"

struct chance {
	double z;    /* z_P + the tolerance in sd: where the cuts aim */
	double *s;   /* [(k * nm + i) * nel + e]: sd of element mass per kg charged */
	int *ind;    /* [nm + 2]: one row's work space */
	double *val; /* [nm + 2] */
	struct rm_error *err;
	bool split;  /* this round may split cones (chance_cone.c) */
	bool polish; /* cut every cone that binds (within the tolerance) whole, violated or not */
	double tol_sd; /* a cone counts as met when violated by at most this many sd */
};

/* Adds the tangent cut of every cone violated at the model's current solution (more than
 * CHANCE_TOL plus CHANCE_TOL_SD sigma). node 0: permanent rows, kept in m->cut; else lazy
 * rows of branch and bound node `node` (glp_ios_curr_node), named "cct<node>_<n>".
 * Returns how many, or -1 with c->err set. */
long chance_round(struct model *m, const struct chance *c, int node);
/* s[(k * nm + i) * nel + e]: the sd of chance_sd for every heat, material and element
 * (yield, sd and the furnace's recovery of e), as_analyzed as in model_solve_chance;
 * malloc'd, NULL out of memory. */
double *chance_s_table(const struct model *m, bool as_analyzed);
/* sd of the element-e mass in heat k per kg of material i charged. */
static inline double chance_sd(const struct model *m, const double *s, size_t k, size_t i,
                               size_t e)
{
	return s[(k * m->nm + i) * m->nel + e];
}
/* The cone of heat k, element e, side in extended form (chance_cone.c), made on first use:
 * adds the tangent of every material's piece that the current LP point violates. Returns
 * how many, 0 when none is (the caller then adds Kelley's cut), or -1 out of memory. */
long chance_cone_cuts(struct model *m, const struct chance *c, size_t k, size_t e, int side,
                      double sigma);
/* Room for one more cut in m->cut; -1 out of memory. */
int chance_cut_room(struct model *m);
/* Deletes the permanent cuts whose slack is basic (chance_mip.c); -1 out of memory. */
int chance_drop_inactive(struct model *m);
/* The same from row `first` on (pricing keeps its base rows). */
int chance_drop_inactive_from(struct model *m, int first);
/* Forgets the cones made after the first n, and the y columns past column ncol (their rows
 * and columns are the caller's to delete). */
void chance_cone_truncate(struct model *m, size_t n, int ncol);
/* Rows del[1..nd] (ascending) were deleted: the cones' rows move down. */
void chance_cone_renumber(struct model *m, const int *del, int nd);
/* Branch and bound of a MIP whose LP relaxation the cuts have converged on (optimal
 * basis), with chance_round as its lazy rows. Returns as model_branch. */
int chance_branch(struct model *m, struct chance *c);

#endif
