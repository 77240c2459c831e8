/* adjust_int: the work space of the correction model, shared by solver/adjust*.c. */
#ifndef ADJUST_INT_H
#define ADJUST_INT_H

#include <glpk.h>

#include "adjust.h"

/* The switch bound of a minimum charge of unlimited stock in a furnace of no capacity. */
#define ADJ_BIG_KG 1e7

struct adj {
	const struct plant *p;
	const struct adjust_opts *o;
	const struct furnace *f; /* NULL: none */
	double cap;              /* kg, INFINITY: none */
	glp_prob *lp;
	bool mip;
	bool lp_ok;    /* the last relaxation had a solution */
	int pcol;      /* column of the poured-off kg, 0: none */
	double *scale; /* [n] kg per unit of column j: unit_kg, else 1 */
	int *limrow;   /* [nlim] */
	int *ind;      /* [2n + 8]: one row */
	double *val;
	double *x;       /* [n] kg at the current point */
	double *sq, *gq; /* [n + 2], [n]: the chance term's parts at the point, and its slopes */
	int *tcol;       /* [nlim]: each window's sd column (confidence > 0) */
	int *ycol;       /* [nlim * (n + 2)]: its pieces' columns (adjust.c), 0: none */
	char *in;        /* [n]: a material rule matches material j (adj_rules) */
};

double adj_mean(const struct adj *a, size_t e);
double adj_sample_sd(const struct adj *a, size_t e);
double adj_elem_coef(const struct adj *a, size_t j, size_t e);
/* Row of element e's window at limit L (kg x wt%): coefficients in ind/val[1..n], n. */
int adj_row(const struct adj *a, size_t e, double L, int *ind, double *val);
/* The most kg of material j the additions may hold alone: its stock, or less by a material
 * rule of the grade's max_kg; 0 quarantined or not allowed (a bound the rule rows imply). */
double adj_most_kg(const struct adj *a, size_t j);
int adj_run(struct adj *a);
double adj_col(const struct adj *a, int c);
/* Infeasible: every limit's best reachable value, and whether whole units alone are why. */
int adj_diagnose(struct adj *a, struct adjust *r, struct rm_error *err);

#endif
