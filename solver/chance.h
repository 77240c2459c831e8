/* chance: the cutting planes of chance constraints (private to solver/; chance.c, and
 * chance_mip.c for branch and bound). */
#ifndef CHANCE_H
#define CHANCE_H

#include "model.h"

struct chance {
	double z;    /* z_P + CHANCE_TOL_SD: where the cuts aim */
	double *s;   /* [(k * nm + i) * nel + e]: sd of element mass per kg charged */
	int *ind;    /* [nm + 1]: one row's work space */
	double *val; /* [nm + 1] */
	struct rm_error *err;
};

/* Adds the tangent cut of every cone violated at the model's current solution (more than
 * CHANCE_TOL plus CHANCE_TOL_SD sigma). node 0: permanent rows, kept in m->cut; else lazy
 * rows of branch and bound node `node` (glp_ios_curr_node), named "cct<node>_<n>".
 * Returns how many, or -1 with c->err set. */
long chance_round(struct model *m, const struct chance *c, int node);
/* Branch and bound of a MIP whose LP relaxation the cuts have converged on (optimal
 * basis), with chance_round as its lazy rows. Returns as model_branch. */
int chance_branch(struct model *m, struct chance *c);

#endif
