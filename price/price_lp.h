/* price_lp: the reference heat's model (solver/model/'s model_build_ref) set up for
 * parametric steps (private to price/, shared by price.c, price_cols.c, price_walk.c and the
 * other price_*.c). */
#ifndef PRICE_LP_H
#define PRICE_LP_H

#include "model/model.h"
#include "price.h"
#include "price_kkt.h"

struct price_lp {
	struct model m;
	const struct inventory *inv; /* the model's materials: lots, additives, then offers */
	size_t off0;                 /* offers are materials off0 .. m.nm - 1 */
	double confidence;
	bool walk;        /* the exact steps of v (confidence 0, one grade), else points */
	bool ends_only;   /* every grade: no curve points between the two ends */
	glp_smcp warm;    /* dual simplex from the current basis, no presolve */
	int nrow0, ncol0; /* the model's rows and columns as built, before any cut */
	/* What the model is built from (price_lp_init), to build it again. */
	const struct plant *plant;
	const struct inventory *offers;
	size_t grade;
	double heat_kg, margin;
	/* Under chance constraints: the base and points on their KKT conditions
	 * (price_kkt.h), NULL when the base did not solve there. pt: the last point did, and
	 * pt_sol holds it (GLPK's P is then still at the base). */
	struct price_kkt *kkt;
	bool glpk_used;  /* with kkt: GLPK's P has left the base for the current item */
	bool cuts_only;  /* price_opts.cuts_only: no kkt */
	bool kkt_full;   /* price_opts.kkt_full */
	bool loose;      /* GLPK's base is at the loose rounds' cuts (price.c, PRICE_BASE_TOL_SD) */
	bool exact_base; /* no loose rounds: GLPK's base is read again after each quote
	                  * (price_warm.c), and a model built again would lose the quotes */
	bool pt;
	struct price_kkt_sol pt_sol;
	double *x;  /* [nm] usage at the base optimum, kg */
	double obj; /* cost of the base optimum */
	/* The LP the steps run on (price_cols.c): at confidence 0 a small copy of the model
	 * with only the columns in play; with chance constraints the model itself. */
	glp_prob *P;
	int *col;              /* [nm] column of material i in P, 0 = not in P */
	int nrow, nbase;       /* rows of P, and its columns at the base */
	size_t ncut;           /* chance cuts at the base */
	size_t ncone;          /* split cones at the base (chance_cone.c) */
	int *rstat, *cstat;    /* the base basis of P, 1-based */
	bool own;              /* the item's column was appended to P for it */
	bool zero_cost;        /* price_cols_extreme: lots enter on feasibility alone */
	size_t *added, nadded; /* materials appended to P since the base, in order */
	size_t *cbeg;          /* [nm + 1] material i's column is cind/cval[cbeg[i]..cbeg[i+1]) */
	int *cind;
	double *cval, *y; /* y: row duals */
	double *cost;     /* [nm] objective coefficient of material i's column */
	/* Reduced costs of the lots (price_dj.c): the rows nearly every lot has, dense;
	 * the others per lot. */
	size_t ndense;
	int *drow;     /* [ndense] row numbers */
	double *dense; /* [ndense * nlots] */
	size_t *sbeg;  /* [nlots + 1] into sind/sval */
	int *sind;
	double *sval, *dj; /* dj: [nlots] the reduced costs */
};

/* Column of material i in the one-heat model. */
static inline int price_col(const struct price_lp *lp, size_t i)
{
	return model_col(&lp->m, 0, i);
}

/* Builds P from the base optimum of the model and keeps P's base basis. */
int price_cols_init(struct price_lp *lp);
/* Keeps P as it stands as the base: its rows, columns, cuts, cones and basis (price_cols_init,
 * and again when GLPK's base is solved over, price.c). -1 out of memory. */
int price_cols_keep(struct price_lp *lp);
void price_cols_free(struct price_lp *lp);
/* Column j's bounds in P: through the charge model's verb when P is the model (confidence
 * > 0), else on the pruned copy, pricing's own LP. */
void price_col_bounds(struct price_lp *lp, int j, int type, double lo, double hi);
/* Bounds column j to [0, ub] units: fixed at 0 when ub is 0 (a lot the TUI's what-if made
 * "not available"), since GLPK refuses a double bound with lb == ub. */
void price_col_avail(struct price_lp *lp, int j, double ub);
/* Material i's column in P at its base bounds: a lot free up to its mass, an offer at 0. */
void price_cols_base(struct price_lp *lp, size_t i);
/* Puts material i's column in P (appended at its base bounds) when it is not there. */
int price_cols_open(struct price_lp *lp, size_t i);
/* Deletes the columns appended past the first keep ones beyond the base. */
void price_cols_drop(struct price_lp *lp, size_t keep);
/* Re-optimises P, appending lots whose reduced cost says they would enter, until none
 * would; skip is the material being priced. The GLPK status, or -1. */
int price_cols_solve(struct price_lp *lp, size_t skip);

/* The reduced costs of the lots into dj, from y (zero_cost: as if every cost were 0). */
int price_dj_init(struct price_lp *lp);
void price_dj_free(struct price_lp *lp);
void price_dj(struct price_lp *lp);
/* The most (dir +1) or least (dir -1) of material i any charge takes, in kg: the LP that
 * maximises (minimises) its usage alone, started from the base basis. NAN when the heat
 * cannot be made at all. Leaves P at the base basis. */
int price_cols_extreme(struct price_lp *lp, size_t i, int dir, double *q);

/* Re-solves P with item i's column bounded as it is: under chance constraints split cones,
 * an iteration limit and past it a restart with whole-cone cuts; else the columns in play
 * (price_cols_solve). The GLPK status, or -1. */
int price_resolve(struct price_lp *lp, size_t i);
/* Deletes P's rows (or columns) past the first keep (as price_col_bounds: the model's verb
 * when P is the model); false when out of memory (they then stay). */
bool price_del_past(struct price_lp *lp, bool rows, int keep);
/* Opens item i: P back at the base basis with i's column in it, solution values loaded. */
int price_open(struct price_lp *lp, size_t i);
/* Back to the base basis, i at its base bounds, columns appended for it kept. */
void price_restore(struct price_lp *lp, size_t i);
/* Closes item i: P as it was at the base. */
void price_close(struct price_lp *lp, size_t i);
/* Usage of material i fixed at q kg, re-optimised; the GLPK status, or -1. */
int price_fix(struct price_lp *lp, size_t i, double q);
/* Material i's column bounded to [lo, hi] (column units), re-optimised: on the KKT
 * conditions when they solve it, else by price_resolve. The GLPK status, or -1. */
int price_point(struct price_lp *lp, size_t i, double lo, double hi);
/* The objective of the last point, and material i's column value there. */
double price_obj(const struct price_lp *lp);
double price_prim(const struct price_lp *lp, size_t i);

/* v per kg at the current fixed usage q kg of material i, and the range of usage (kg)
 * over which the basis keeps it (confidence 0; a column left basic at its fixed value, a
 * degenerate vertex, or any column under chance cuts has none: lo = hi = q). */
double price_read(const struct price_lp *lp, size_t i, double q, double *lo, double *hi);
/* What the base optimum itself tells about item it (material i), read right after
 * price_open: usage, and for a non-basic column its first piece of v (confidence 0) or its
 * break-even (confidence > 0). */
int price_base_item(struct price_lp *lp, size_t i, struct price_item *it);
/* Values of item it (material i) at confidence 0: exact steps of v. */
int price_walk_item(struct price_lp *lp, size_t i, struct price_item *it);
/* The buy at the item's price from its exact steps (an offer: as much as has value >= the
 * quote; a lot: what the base optimum uses), the area under v, and the verdict. */
void price_walk_verdict(struct price_item *it);
/* Values read at the curve's points only (every-grade tables, chance constraints). */
int price_sample_item(struct price_lp *lp, size_t i, struct price_item *it);
/* Prices item k of pg (lots, then offers) from the base: open, base values, limits, the
 * steps or points, close. */
int price_item_at(struct price_lp *lp, struct price_grade *pg, size_t k);
/* The reference heat of pg's grade and the offers after the additives (model_build_ref),
 * set up for o; price_lp_free releases it. */
int price_lp_init(struct price_lp *lp, const struct plant *p, const struct inventory *offers,
                  const struct price_grade *pg, const struct price_opts *o, struct rm_error *err);
void price_lp_free(struct price_lp *lp);
/* Solves the reference heat from the yard alone (pg: feasible, base cost) and keeps its
 * basis to restart from; under chance constraints then on its KKT conditions
 * (price_base_kkt, from GLPK's solution of the model at the base). */
int price_base(struct price_lp *lp, struct price_grade *pg, struct rm_error *err);
int price_base_kkt(struct price_lp *lp, struct price_grade *pg, struct rm_error *err);
/* pg's reference heat: o->heat_kg, else the mean of heats.csv's heats of the grade. */
void price_heat_kg(const struct plant *p, const struct price_opts *o, struct price_grade *pg);
/* price_run's checks of its arguments, in the library's words. */
int price_check(const struct plant *p, const struct inventory *offers, const struct price_opts *o,
                struct rm_error *err);
/* An item not priced yet: every value NAN, verdict "do not buy". */
void price_item_init(struct price_item *it, const struct material *mat, bool offer, size_t src);
/* Verdict and margin of an item from its buy_kg and gain (the value of the buy_kg kg). */
void price_verdict(struct price_item *it, double gain);

#endif
