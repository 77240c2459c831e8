/* model: the GLPK problem behind a plan (private to solver/ and price/), the one owner of its
 * rows and columns. Columns are heat-major: x[i, heat k] is column k * nm + i + 1.
 *
 * Map: model.c (build, solve, read back, the option verbs), model_edit.c (the row and
 * column verbs of everything outside), model_scale.c (GLPK's scaling, faster), model_ref.c
 * (pricing's reference problem), model_rules.c (material rules and quarantine as rows), model_seq.c
 * (heel carry-over of furnace sequences), sift.c (LP sifting); model_int.h is shared by them alone.
 * What a caller chooses is a struct model_opts (m->opt); what the model is and found are the
 * other fields of struct model. */
#ifndef MODEL_H
#define MODEL_H

#include <glpk.h>

#include "plan.h"

/* What the caller of a solve chooses; the facts (rows, columns, cuts, cones) are the model's.
 * model_build takes them whole and keeps a copy in m->opt; a sub-model starts from its
 * parent's m->opt and changes what differs. Code outside solver/model/ reads m->opt and
 * changes it only through model_set_opts and the model_with_* verbs below. A new option goes
 * here, with its default in model_opts_default. */
struct model_opts {
	double margin;     /* internal margin, a share of each window (grade_internal) */
	double mip_gap;    /* relative gap at which branch and bound may stop */
	int time_limit_ms; /* of each glp_intopt, 0 none */
	/* Every solve stops by this CLOCK_MONOTONIC second (0: none): GLPK's tm_lim, and
	 * between the rounds of cutting planes. A solve it stopped returns MODEL_STOPPED. */
	double deadline;
	plan_progress_fn *progress; /* asked at every round of cuts and node (model_stop) */
	void *progress_info;
	int max_rounds;   /* rounds of chance cuts; 0 = CHANCE_MAX_ROUNDS */
	bool rounds_stop; /* running out of rounds is a stop, not an error (plan sets it) */
	bool split_cones; /* chance rounds on the LP may split cones (plan sets it) */
	/* Chance rounds on an LP run on the columns in play, the others priced in as they
	 * would enter (solver/chance/chance_sift.c; plan sets it). */
	bool chance_sift;
	/* A cone counts as met when violated by at most this many sd (0: CHANCE_TOL_SD). Its
	 * duals follow the cuts, not the cone: pricing, which reads values in use from them,
	 * asks for 1e-5 (tests/tools/price_socp.py: off by up to 8 JPY/kg at 1e-3). */
	double chance_tol_sd;
	/* Once the cuts converge, cut every cone that binds once more, whole, at the point
	 * (chance.c): a value read from the duals then follows the cone's exact gradient there,
	 * not the tangents of earlier rounds (pricing sets it). */
	bool chance_polish;
	int it_lim;    /* simplex iterations a re-solve may take (0: no limit); past it the
	                * solve fails (-1), and the caller may start over another way */
	bool heur_off; /* no first plan is looked for (the heuristic's own model, chance_heur.c) */
	bool keep_scale; /* the rounds keep the scaling they start from (a warm re-solve) */
	bool backoff;    /* plan sets it: an LP's rounds stopped by the clock still give a plan that
	                  * meets every cone (solver/chance/chance_backoff.c) */
	/* plan sets it: an LP's cone program is solved exactly on its KKT conditions after loose
	 * rounds (solver/chance/chance_newton.c). Pricing does not: it reads its values from
	 * GLPK's duals, which would stay those of the loose rounds. */
	bool newton;
};

#define MODEL_DEFAULT_TIME_LIMIT_MS 60000
/* margin, every other option off or none, and MODEL_DEFAULT_TIME_LIMIT_MS per search. */
struct model_opts model_opts_default(double margin);

struct model {
	struct model_opts opt;
	glp_prob *lp;
	const struct plant *p;
	size_t nh;
	size_t *heats; /* plant heat index of model heat k */
	size_t nm, nel;
	int *mass_row;     /* [nh] */
	int *elem_row;     /* [nh * nel], 0 where the grade does not limit the element */
	int *avail_row;    /* [nm], 0 for unlimited materials (all 0: model_build_ref) */
	double *lo, *hi;   /* [nh * nel] internal limits, wt%, NAN = none */
	double *blo, *bhi; /* [nh * nel] the same as element-row bounds: kg from the charge
	                    * (limit times bath mass, less the heel's own element mass) */
	/* Practical rules (FORMATS.md): whole units make a material's column its unit count;
	 * minimum charges and material limits add binaries. Any of them makes a MIP. */
	bool mip;
	int ncol_base; /* the columns model_build made: materials per heat, binaries */
	int *bin_col;  /* [nh * nm] binary "i goes into heat k", 0 where not needed */
	bool mip_time_limit_hit;
	double mip_gap_found; /* when the time limit stopped the search */
	double mip_time_s;
	double t_start, t_shown; /* when the solve started, and progress was last shown */
	bool stopped;            /* the progress hook said stop */
	bool rounds_out;         /* the cutting planes ran out of rounds (MODEL_STOPPED) */
	/* The last solve left an LP solution to read, not a MIP one: the LP relaxation of a
	 * MIP (model_solve_lp), or a node's LP while branch and bound generates rows. */
	bool lp_values;
	/* Chance-constraint cuts (solver/chance/chance.c) in the problem: row, heat, element and
	 * side of each. ncut_added counts every cut made, also those deleted since: inactive ones
	 * before branch and bound, and the rows of its tree, which GLPK deletes at its end. */
	size_t ncut, capcut, ncut_added;
	struct model_cut {
		int row;
		size_t k, e;
		int side;
		bool piece; /* a tangent of one material's piece of a split cone */
		int idle;   /* rounds in a row its slack has been basic */
	} * cut;
	/* Cones in extended form (solver/chance/chance_cone.c), made at the first round that finds
	 * them violated: a column t (the cone's room in sd), a row side.(a.x) + z t <= side.lim
	 * (r0), a row sum_i y_i - t <= 0 (r1), and per material a column y_i with tangent rows
	 * of y_i >= s_i^2 x_i^2 / t. cone_of[(k * nel + e) * 2 + (side > 0)] is 1 + the index
	 * of that cone, 0 = none. */
	size_t ncone, capcone;
	struct model_cone {
		size_t k, e;
		int side;
		int r0, r1, tcol;
		int *ycol; /* [nm], 0 = no column yet */
	} * cone;
	size_t *cone_of;
	/* The columns chance sifting (opt.chance_sift) left out: out[j], heat column j is fixed
	 * at 0 and has no entry in the cut and cone rows. NULL: every column is in. */
	char *out;
	/* A plan for branch and bound to start from (solver/chance/chance_heur.c): a value for each
	 * of the heur_n columns model_build made ([1..heur_n]), offered as the first incumbent and
	 * returned when the search stops without a better one; NULL = none. heur_plan: model_colval
	 * reads it. */
	double *heur_col;
	int heur_n;
	double heur_obj;    /* heur_col's cost, the objective's constant included */
	double relax_bound; /* the chance relaxation's optimum: a MIP's lower bound */
	/* A lower bound from the heats solved one by one (chance_lag.c), NAN none: the search
	 * stops once its best plan is within mip_gap of it. */
	double lag_bound;
	bool lag_proven; /* the answer is within mip_gap of lag_bound */
	bool heur_plan;
	/* The multipliers of chance_newton's plan when it is the answer (an LP, heur_plan),
	 * for the plan's binding limits and stock values: nw_dual[r], row r's dual in GLPK's
	 * sign (NAN: not held at a bound); nw_mu[(k * nel + e) * 2 + (side > 0)], the cone's
	 * (NAN: not binding). NULL otherwise. A warm re-solve starts its Newton steps from them
	 * and the plan in heur_col (nw_nrow: the rows nw_dual covers). */
	double *nw_dual, *nw_mu;
	int nw_nrow;
	/* Furnace sequences (solver/model/model_seq.c): seq_prev[k] is the model heat whose bath
	 * heat k's heel is left from (-1: the furnace's heel), seq_r[k] = heel_k / that bath;
	 * nseq heats have one; seq_len is the longest chain of heats, the first included. */
	long *seq_prev;
	double *seq_r;
	size_t nseq, seq_len;
	/* The plant view model_build_ref made, which p points into (owned); NULL otherwise. */
	struct model_ref *ref;
};

static inline int model_col(const struct model *m, size_t k, size_t i)
{
	return (int)(k * m->nm + i + 1);
}

/* A status beside GLPK's: the deadline stopped the solve before it found a solution (of a
 * MIP: before any plan). */
#define MODEL_STOPPED (-3)
/* Milliseconds left before m->opt.deadline (INT_MAX when none), and whether it has passed. */
int model_ms_left(const struct model *m);
bool model_past_deadline(const struct model *m);
/* Whether the solve must stop: the deadline passed, or the progress hook (shown where it
 * stands, at most every PLAN_PROGRESS_S) said so, which sets m->stopped. */
bool model_stop(struct model *m, const char *phase, long step, double best, double bound);

/* The day's model of the given plant heats (heat-major columns, as model_col says), with a
 * copy of opt. */
int model_build(struct model *m, const struct plant *p, const size_t *heats, size_t nh,
                const struct model_opts *opt, struct rm_error *err);
/* Pricing's reference problem (solver/model/model_ref.c): one heat of grade (an index of
 * p's grades) and heat_kg, with no furnace (no heel, no material limit), over p's materials
 * and then extra's (NULL: none), which enter fixed at 0. Stock bounds each material's
 * column (no availability rows) and every column is continuous: the LP relaxation of whole
 * units, minimum charges and material limits, whose binaries and rows stay. m->p is a view
 * of p that m owns: p must outlive m. */
int model_build_ref(struct model *m, const struct plant *p, const struct inventory *extra,
                    size_t grade, double heat_kg, const struct model_opts *opt,
                    struct rm_error *err);
void model_free(struct model *m);
/* A quote what-if on the reference problem (price/price_warm.c): material i of a model of
 * model_build_ref now costs price per kg, in the model's view of the plant and in its
 * column's objective. The basis stays; the caller re-solves. */
void model_ref_price(struct model *m, size_t i, double price);
/* The options after the build: all of them at once (the caller's copy of m->opt, changed),
 * or one around a re-solve, each verb returning the value it replaced so that the caller
 * puts it back:
 *     int lim = model_with_it_lim(m, n); st = model_resolve_primal(m); model_with_it_lim(m, lim);
 */
void model_set_opts(struct model *m, const struct model_opts *opt);
int model_with_it_lim(struct model *m, int it_lim);
bool model_with_split_cones(struct model *m, bool on);
bool model_with_chance_sift(struct model *m, bool on);
double model_with_deadline(struct model *m, double deadline);
/* The progress clock (model_stop): started now, or shared with the model m a sub-model s
 * works for, so that its progress shows the whole solve's time and pace. */
void model_start_clock(struct model *m);
void model_share_clock(struct model *s, const struct model *m);
/* The plant's material rules and quarantined lots as rows (solver/model/model_rules.c), the last
 * step of model_build; on failure it frees m. */
int model_material_rules(struct model *m, struct rm_error *err);
/* Whether material i may not go into model heat k at all: quarantined, or a rule of the
 * heat's grade allows it 0 kg or a 0 share. */
bool model_denied(const struct model *m, size_t k, size_t i);
/* Whether material i's minimum charge in model heat k (model_min_kg) exceeds all heat k can
 * take of it (its stock, or the heat's mass over its yield): then it goes in not at all. */
bool model_min_out(const struct model *m, size_t k, size_t i);
/* The minimum charge of material i in model heat k: its own min_kg when the cell was given
 * (0 too), else none for a material charged in whole units (a unit is never a fragment),
 * else the furnace's min_charge_kg. */
double model_min_kg(const struct model *m, size_t k, size_t i);
/* Runs the simplex from scratch; returns GLP_OPT, GLP_NOFEAS, ... or -1 when GLPK failed. */
int model_solve(struct model *m);
/* Re-optimises from the current basis after rows were added (dual simplex). */
int model_resolve(struct model *m);
/* The same for the LP relaxation alone: no branch and bound when the model is a MIP, and
 * the values read (model_x, model_rowval) are then the LP's. */
int model_solve_lp(struct model *m);
int model_resolve_lp(struct model *m);
/* The primal simplex from the current basis, the LP relaxation alone: after columns
 * entered at 0 (the basis stays primal feasible), or to restore feasibility. */
int model_resolve_primal(struct model *m);
/* Lazy rows: called at the LP optimum of every node of branch and bound, before GLPK
 * checks integrality; may add rows to m->lp (glp_add_rows) that every plan must satisfy,
 * and delete inactive rows it added at the current node (glp_ios_curr_node(tree)).
 * Returns how many it added, or -1 to stop the search (model_branch then returns -1). */
typedef long model_rowgen(struct model *m, glp_tree *tree, void *info);
/* Branch and bound from the optimal basis of the LP relaxation (model_solve_lp), with row
 * generation when gen is given: GLPK's rounding and feasibility-pump heuristics are then
 * off, as their plans would skip it. Returns as model_solve. */
int model_branch(struct model *m, model_rowgen *gen, void *info);
/* Branch and bound with GLPK's own heuristics and no lazy rows, ended at its first plan
 * (of the rows in m->lp alone): GLP_OPT or GLP_FEAS with a plan, else as model_solve. */
int model_branch_first(struct model *m);
/* The heuristic's plan (m->heur_col) as the model's answer, when branch and bound stopped
 * without a better one: GLP_FEAS, with the gap to the relaxation's bound. */
int model_heur_plan(struct model *m);
/* The same when the heuristic's plan is within mip_gap of m->lag_bound: GLP_OPT, proven,
 * with that gap. */
int model_lag_plan(struct model *m);
/* Solution values, from the MIP when the model is one (from the heuristic's plan when it
 * is the answer): the objective, column j, row r, and kg of material i charged into model
 * heat k. */
double model_obj(const struct model *m);
double model_colval(const struct model *m, int j);
double model_rowval(const struct model *m, int r);
double model_x(const struct model *m, size_t k, size_t i);
/* Coefficient of material i in heat k's element-e row per kg charged (yield, content,
 * recovery: the material's rec_<El>, else the furnace's; inv_rec), and the kg one unit of
 * column stands for. */
double model_coef(const struct model *m, size_t k, size_t i, size_t e);
double model_unit(const struct model *m, size_t i);
/* Furnace sequences (solver/model/model_seq.c). model_seq_init fills seq_prev, seq_r, nseq and
 * seq_len (model_build calls it); -1 out of memory. */
int model_seq_init(struct model *m);
/* The heats before model heat k in its chain, nearest first, into ks[], and the weight
 * w(c, k) = r_k r_p ... (down to c's successor) of each into ws[]: the share of heat c's
 * bath element mass that reaches k's bath. Either may be NULL. Returns how many (0: k
 * sits on the furnace's heel). */
size_t model_seq_chain(const struct model *m, size_t k, size_t *ks, double *ws);
/* w(c, k): 1 when c == k, the chain's product when c is before k, else 0. Column x[i, c]
 * enters heat k's element-e row with w(c, k) model_coef(m, c, i, e). */
double model_seq_w(const struct model *m, size_t c, size_t k);
/* The element-e kg of heat k's heel: its constant part (the chain's first heel, the
 * furnace's composition), and that plus the earlier heats' charges at the solution. */
double model_heel_const(const struct model *m, size_t k, size_t e);
double model_heel_kg(const struct model *m, size_t k, size_t e);
/* Solves m so that every element limit holds with probability >= confidence under
 * independent normal errors (sd from the plant's uncertainty table; as_analyzed takes
 * predicted and nominal lots as analysed). Adds linear cuts until no chance constraint is
 * violated by more than the tolerance below, on the LP and then, for a MIP, at every node
 * of branch and bound. Returns the GLPK status or -1. */
int model_solve_chance(struct model *m, double confidence, bool as_analyzed, struct rm_error *err);
/* When the cuts stop, mean + z sigma may exceed a limit by at most CHANCE_TOL_SD sigma
 * plus CHANCE_TOL kg per kg of heat (1e-7 wt%); the cuts aim at z + CHANCE_TOL_SD, so the
 * limit holds at z itself. */
/* The same from the current basis (dual simplex), keeping the cuts already in the model:
 * they are tangents of convex functions, valid at every point, so a re-solve after a bound
 * or cost change (pricing) only adds the few cuts its new point needs. */
int model_resolve_chance(struct model *m, double confidence, bool as_analyzed,
                         struct rm_error *err);
#define CHANCE_TOL 1e-9
#define CHANCE_TOL_SD 1e-3
int model_write_lp(const struct model *m, const char *path, struct rm_error *err);
/* Changing the rows and columns after the build (solver/model/model_edit.c): the only way
 * code outside solver/model/ does (scripts/check_layers.sh). GLPK's arguments: type GLP_FR,
 * GLP_LO, GLP_UP, GLP_DB or GLP_FX with its bounds, n entries ind[1..n], val[1..n], name
 * NULL for none. model_add_row and model_add_col return the new row or column (numbered
 * after the last). Deleting rows or columns renumbers the later ones down: the caller keeps
 * the model's maps of them (m->cut, m->cone, chance_mip.c's lazy rows) in step. */
int model_add_row(struct model *m, const char *name, int type, double lo, double hi, int n,
                  const int *ind, const double *val);
int model_add_col(struct model *m, const char *name, int type, double lo, double hi, int n,
                  const int *ind, const double *val);
void model_set_row(struct model *m, int r, int n, const int *ind, const double *val);
void model_set_col(struct model *m, int j, int n, const int *ind, const double *val);
void model_row_bounds(struct model *m, int r, int type, double lo, double hi);
void model_col_bounds(struct model *m, int j, int type, double lo, double hi);
void model_fix_col(struct model *m, int j, double v);
void model_del_rows(struct model *m, int n, const int *rows);
void model_del_cols(struct model *m, int n, const int *cols);
/* GLPK's automatic scaling of m->lp (glp_scale_prob(lp, GLP_SF_AUTO)): the same factors,
 * computed on arrays in a fraction of its time (solver/model/model_scale.c). */
void model_scale(struct model *m);
/* The same for an LP of its own (sifting's restricted problem, the back-off LP, pricing's
 * far LP): every automatic scaling in remelt goes through these two. */
void model_scale_lp(glp_prob *lp);

#endif
