/* chance: the cutting planes of chance constraints (private to solver/; chance.c, and
 * chance_mip.c for branch and bound). */
#ifndef CHANCE_H
#define CHANCE_H

#include "model/model.h"

#define CHANCE_MAX_ROUNDS 2000
/* The rounds a solve of m may take: m->opt.max_rounds, else CHANCE_MAX_ROUNDS. */
static inline int chance_max_rounds(const struct model *m)
{
	return m->opt.max_rounds > 0 ? m->opt.max_rounds : CHANCE_MAX_ROUNDS;
}
#define CHANCE_SPLIT_ROUNDS 40
/* A cut whose slack has been basic this many rounds in a row is deleted: rows cost every
 * re-solve time, and a cut once needed comes back when its cone is violated again. */
#define CHANCE_IDLE_ROUNDS 2
/* A violated cone's pieces get a tangent only where violated by at least this share of the
 * most violated piece: every piece of every material in use made thousands of rows that
 * were never active again (500 lots x 10 heats: 22,000 rows after 10 rounds, 5 to 7 s a
 * re-solve); 0.1 took the 200-lot day from 3.7 to 1.5 s with the same optimum. */
#define CHANCE_PIECE_FRAC 0.1

struct chance {
	double z;    /* z_P + the tolerance in sd: where the cuts aim */
	double *s;   /* [(k * nm + i) * nel + e]: sd of element mass per kg charged */
	int *ind;    /* [nm + 2]: one row's work space */
	double *val; /* [nm + 2] */
	struct rm_error *err;
	bool split;    /* this round may split cones (chance_cone.c) */
	bool polish;   /* cut every cone that binds (within the tolerance) whole, violated or not */
	double tol_sd; /* a cone counts as met when violated by at most this many sd */
	double piece_frac; /* a cone's piece gets its tangent when violated by at least this
	                    * share of the most violated piece (chance_cone.c) */
	size_t *seq_k;     /* [seq_len]: a furnace sequence's chain of heats (chance_seq.c) */
	double *seq_w;     /* [seq_len] */
	double *pt;        /* [0..ncol_base]: the last round's point of an LP (chance_backoff.c) */
	bool pt_ok;
	double bound; /* the best Lagrangian bound of the sifted rounds (chance_sift.c), or -inf */
};

/* The cutting planes' state for m at a confidence (z aimed CHANCE_TOL_SD or
 * m->opt.chance_tol_sd beyond its quantile); chance_fini frees it. -1 out of memory. */
int chance_init(struct chance *c, const struct model *m, double confidence, bool as_analyzed,
                struct rm_error *err);
void chance_fini(struct chance *c);
/* The rounds of cuts from an LP optimum st of m, until the cones are met to c->tol_sd (a
 * GLPK status, or MODEL_STOPPED); an LP with a back-off leaves it its share of the time. */
int chance_rounds(struct model *m, struct chance *c, int st);
/* The relaxation with the cones met: the LP (warm: from the current basis), then the
 * rounds, sifted when m->opt.chance_sift. Returns the GLPK status, MODEL_STOPPED or -1. */
int chance_relax(struct model *m, struct chance *c, bool warm);
/* After a sifted relaxation, for branch and bound: the tangents of the binding cones at its
 * optimum in place of the split cones, every column back in, and the rounds on whole cones
 * from there. Returns as chance_relax. */
int chance_whole(struct model *m, struct chance *c);
/* Adds the tangent cut of every cone violated at the model's current solution (more than
 * CHANCE_TOL plus CHANCE_TOL_SD sigma). node 0: permanent rows, kept in m->cut; else lazy
 * rows of branch and bound node `node` (glp_ios_curr_node), named "cct<node>_<n>".
 * Returns how many, or -1 with c->err set. */
long chance_round(struct model *m, const struct chance *c, int node);
/* s[(k * nm + i) * nel + e]: the sd of chance_sd for every heat, material and element
 * (yield, sd and the recovery of e as in model_coef), as_analyzed as in model_solve_chance;
 * malloc'd, NULL out of memory. */
double *chance_s_table(const struct model *m, bool as_analyzed);
/* sd of the element-e mass in heat k per kg of material i charged. */
static inline double chance_sd(const struct model *m, const double *s, size_t k, size_t i, size_t e)
{
	return s[(k * m->nm + i) * m->nel + e];
}
/* The cone of heat k, element e, side in extended form (chance_cone.c), made on first use:
 * adds the tangent of every material's piece that the current LP point violates. Returns
 * how many, 0 when none is (the caller then adds Kelley's cut), or -1 out of memory. */
long chance_cone_cuts(struct model *m, const struct chance *c, size_t k, size_t e, int side,
                      double sigma);
/* Kelley's rounds on the LP (of a MIP: its relaxation) from its optimum, status st, until
 * no cone is violated; returns the status of the last solve, or -1 with c->err set. */
int chance_converge(struct model *m, struct chance *c, int st);
/* The same on a restricted set of columns, priced in until none has a negative reduced
 * cost (chance_sift.c); an LP only. The columns left out stay fixed at 0 (m->out). */
int chance_sift_converge(struct model *m, struct chance *c, int st);
/* Deletes every split cone: its rows, its columns t and y, and its pieces' tangents; the
 * whole-cone cuts stay, renumbered. The basis is left for the caller to rebuild. -1 out of
 * memory. */
int chance_cone_remove(struct model *m);
/* Every column left out enters (chance_sift.c) and m->out goes: the whole problem, as
 * branch and bound needs it. -1 out of memory. */
int chance_sift_release(struct model *m);
/* Looks for a plan of the MIP m, whose relaxation is solved, on the materials that
 * relaxation charges (chance_heur.c), within budget_s seconds and m's deadline; one found
 * goes to m->heur_col (its base columns, those model_build made), for branch and bound to
 * start from. 0 with or without a plan, -1 with c->err set. */
int chance_heur(struct model *m, const struct chance *c, double confidence, bool as_analyzed,
                double budget_s);
/* The chance MIP m, its relaxation solved (its stock rows' duals read), solved heat by heat
 * (chance_lag.c) within budget_s seconds and m's deadline: m->lag_bound, a lower bound of the day,
 * and the heats' units and binaries put together and repaired into a plan (chance_heur_fix) when
 * they make one. 0 with or without them, -1 with c->err set. */
int chance_lag(struct model *m, const struct chance *c, double confidence, bool as_analyzed,
               double budget_s);
/* Whether m's plan (m->heur_col) is within m->opt.mip_gap of m->lag_bound. */
bool chance_lag_proven(const struct model *m);
/* Fixes the whole units and binaries of a model built as m at col[1..] and solves the LP
 * left with its cones; a plan goes to m->heur_col when it is the best so far. 1 a plan, 0
 * none, -1 with c->err set. */
#define CHANCE_HEUR_FIX_S 30.0
/* col[0..ncol_base] (a value per column of m as model_build made it), of cost obj, copied to
 * m->heur_col when it is cheaper than the plan kept; 0, or -1 out of memory. */
int chance_heur_keep(struct model *m, const double *col, double obj);
int chance_heur_fix(struct model *m, const struct chance *c, const double *col, double confidence,
                    bool as_analyzed);
/* The day m restricted to the materials allow[k * nm + i] lets heat k take, solved as a
 * chance MIP by `deadline` from m's plan; a better plan goes to m->heur_col. 1 a plan
 * (kept or not), 0 none, -1 with c->err set. */
int chance_heur_sub(struct model *m, const struct chance *c, const char *allow, double deadline,
                    double confidence, bool as_analyzed);
/* An LP's rounds stopped before they converged (chance_backoff.c): the point of the last
 * round, kept by chance_backoff_keep, repaired into a plan that meets every cone, kept in
 * m->heur_col. 1 a plan, 0 none, -1 out of memory. */
int chance_backoff_keep(struct model *m, struct chance *c);
int chance_backoff(struct model *m, struct chance *c);
/* Furnace sequences (chance_seq.c): sigma of heat k's element-e mass at the current
 * solution with the lot errors shared along its chain, and the tangent cut's row (the
 * columns of k and of the heats before it) into c->ind, c->val; returns its length. */
double chance_seq_sigma(const struct model *m, const struct chance *c, size_t k, size_t e);
int chance_seq_row(const struct model *m, const struct chance *c, size_t k, size_t e, int side,
                   double sigma);
/* Split cones over a chain (chance_seq.c, for chance_cone.c): d_i at the current
 * solution (s x_i for a heat without a chain); the cone's row side.(a.x) + z t (without t)
 * and the tangent row of material i's piece at ratio g = d_i / t0, y_i - 2 g d_i(x) +
 * g^2 t >= 0, into c->ind, c->val; both return their length. */
double chance_seq_u(const struct model *m, const struct chance *c, size_t k, size_t e, size_t i);
int chance_seq_cone_row(const struct model *m, const struct chance *c, size_t k, size_t e,
                        int side);
int chance_seq_piece_row(const struct model *m, const struct chance *c, size_t k, size_t e,
                         size_t i, double g, int ycol, int tcol);
/* What chance_newton did: its plan's cost, the active sets it tried, and the size of the
 * last one (columns in S; those and the rows held). */
/* chance_newton meets the cones at z_P plus this many sd: exact to 1e-9 relative, and the
 * plan's probabilities read P, not P less rounding. */
#define CHANCE_NEWTON_AIM_SD 1e-6
/* The rounds before chance_newton stop once no cone is violated by more than this many sd
 * (then, where it does not verify, go on to c->tol_sd): docs/uncertainty.md, "Newton". */
#define CHANCE_NEWTON_TOL_SD 0.2
struct chance_newton {
	double obj;
	int sets, nS, n;
};
/* The LP m, its rounds converged (its cuts' point and duals read), solved exactly on the
 * KKT conditions of the cone program at z from the active set they name
 * (chance_newton.c). 1 verified optimal: the plan goes to m->heur_col (m->heur_plan: the
 * model's answer); 0 not (the cutting planes' answer stays); -1 out of memory. */
int chance_newton(struct model *m, const struct chance *c, double z, struct chance_newton *out);
/* chance_relax for an LP: the rounds to a loose tolerance (CHANCE_NEWTON_TOL_SD), then
 * chance_newton; where it does not verify, the rounds on to c's tolerance and chance_newton
 * once more, else the cutting planes' answer. Returns as chance_relax. */
int chance_newton_relax(struct model *m, struct chance *c, bool warm);
/* Room for one more cut in m->cut; -1 out of memory. */
int chance_cut_room(struct model *m);
/* Deletes the permanent cuts whose slack is basic (chance_mip.c); -1 out of memory. */
int chance_drop_inactive(struct model *m);
/* Deletes the permanent cuts whose slack has been basic `age` rounds in a row (counted at
 * each call); -1 out of memory. */
int chance_drop_idle(struct model *m, int age);
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
