/* glpk_opts: times glp_simplex under different settings on an LP that `remelt plan
 * --write-lp` exported, so that the solver owner can pick the fastest ones.
 *
 * usage: glpk_opts FILE.lp [--reps N] [--tm-lim SECONDS] [CONFIG...]
 *        glpk_opts --list
 *
 * Prints one JSON object per line and configuration: median wall seconds over N runs, the
 * runs, simplex iterations, status and objective. Measurement code only: remelt does not
 * link it.
 *
 * The file is first turned back into remelt's in-memory model. GLPK writes a ranged row
 * lo <= a x <= hi as `a x - ~r_k = lo` with a column 0 <= ~r_k <= hi - lo; those columns are
 * folded back into double-bounded rows, so every configuration sees the rows and columns
 * that model_build creates, in the same order. The model's structure (heats, availability
 * rows) is read from remelt's names: rows `avail(<lot>)` and `<prefix>(<heat>)`.
 *
 * Besides the plain glp_smcp variations it tries two starts that use the model's structure:
 *   perheat-*: solve every heat alone first (its rows, its columns, each lot capped at its
 *              mass), then start the whole model from the union of those optimal bases with
 *              every availability row basic. The caps x[i,h] <= mass_i are implied by the
 *              availability rows, so adding them as column bounds changes nothing, and they
 *              make the union a valid, dual feasible basis: only shared lots that several
 *              heats over-use are primal infeasible, which the dual simplex repairs;
 *   sift:      column generation (sifting) from the per-heat supports: solve the model on a
 *              few columns, price all other columns with the row duals, add the most
 *              negative ones, re-solve warm, until no column prices out. The answer is the
 *              optimum of the whole model (same objective, same duals);
 *   sift-plain: the same from a cheaper start: no per-heat solves, the restricted model
 *              holds the unlimited materials and, per heat, the SIFT_EXTRA (20) lots with
 *              the lowest price per kg of metal. Each round adds at most SIFT_BATCH (1000)
 *              columns, the most negative reduced costs first, and drops the columns that
 *              sit at 0 with a reduced cost above SIFT_DROP (0.01) x their price (they are
 *              priced again every round, so nothing is lost). When the start cannot meet
 *              every heat (heats compete for the same lots), a phase 1 on elastic columns
 *              of the heat rows finds the columns that can, or proves that none can.
 * Iteration counts of perheat-* and sift* count the whole-model (restricted) simplex only,
 * not the per-heat solves; the times include everything. */
#define _POSIX_C_SOURCE 200809L
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct lp {
	glp_prob *P;
	int m, n, nh;
	char (*heat)[64]; /* [nh] heat names */
	int *row_heat;    /* [m+1] heat index, -1 for availability rows */
	int *col_heat;    /* [n+1] */
	int *col_avail;   /* [n+1] availability row or 0 */
	double *cap;      /* [n+1] lot mass (availability bound) or +inf */
	double *c;        /* [n+1] objective */
	double *yield;    /* [n+1] coefficient in the heat's mass row */
	int *beg, *ind;   /* CSC: column j's entries at beg[j] .. beg[j+1]-1 */
	double *val;
};

struct cfg {
	const char *name, *what;
	int meth, pricing, r_test, presolve;
	int scale; /* GLP_SF_* flags, 0 = none */
	int basis; /* 0 std, 1 adv, 2 cpx */
	int start; /* 0 plain, 1 per-heat warm start, 2 sifting */
};

static const struct cfg CFGS[] = {
    {"baseline", "remelt today: primal, PSE, Harris, auto scaling, adv basis, no presolve",
     GLP_PRIMAL, GLP_PT_PSE, GLP_RT_HAR, 0, GLP_SF_AUTO, 1, 0},
    {"primal-presolve", "primal + presolve (basis from presolver)", GLP_PRIMAL, GLP_PT_PSE,
     GLP_RT_HAR, 1, GLP_SF_AUTO, 1, 0},
    {"primal-std", "primal, standard (all-slack) basis", GLP_PRIMAL, GLP_PT_PSE, GLP_RT_HAR, 0,
     GLP_SF_AUTO, 0, 0},
    {"primal-cpx", "primal, Bixby crash basis (glp_cpx_basis)", GLP_PRIMAL, GLP_PT_PSE, GLP_RT_HAR,
     0, GLP_SF_AUTO, 2, 0},
    {"primal-noscale", "primal, adv basis, no scaling", GLP_PRIMAL, GLP_PT_PSE, GLP_RT_HAR, 0, 0, 1,
     0},
    {"primal-gm", "primal, adv basis, geometric-mean scaling only", GLP_PRIMAL, GLP_PT_PSE,
     GLP_RT_HAR, 0, GLP_SF_GM, 1, 0},
    {"primal-dantzig", "primal, Dantzig pricing", GLP_PRIMAL, GLP_PT_STD, GLP_RT_HAR, 0,
     GLP_SF_AUTO, 1, 0},
    {"primal-std-presolve", "primal, std basis, presolve", GLP_PRIMAL, GLP_PT_PSE, GLP_RT_HAR, 1,
     GLP_SF_AUTO, 0, 0},
    {"dual", "dual simplex, adv basis", GLP_DUAL, GLP_PT_PSE, GLP_RT_HAR, 0, GLP_SF_AUTO, 1, 0},
    {"dual-std", "dual simplex, std basis", GLP_DUAL, GLP_PT_PSE, GLP_RT_HAR, 0, GLP_SF_AUTO, 0, 0},
    {"dual-presolve", "dual simplex + presolve", GLP_DUAL, GLP_PT_PSE, GLP_RT_HAR, 1, GLP_SF_AUTO,
     1, 0},
    {"dual-flip", "dual simplex, long-step ratio test", GLP_DUAL, GLP_PT_PSE, GLP_RT_FLIP, 0,
     GLP_SF_AUTO, 1, 0},
    {"perheat-dual", "per-heat optima, then dual simplex from their union", GLP_DUAL, GLP_PT_PSE,
     GLP_RT_HAR, 0, GLP_SF_AUTO, 1, 1},
    {"perheat-dual-flip", "per-heat optima, then dual simplex (long-step)", GLP_DUAL, GLP_PT_PSE,
     GLP_RT_FLIP, 0, GLP_SF_AUTO, 1, 1},
    {"perheat-primal", "per-heat optima, then primal simplex from their union", GLP_PRIMAL,
     GLP_PT_PSE, GLP_RT_HAR, 0, GLP_SF_AUTO, 1, 1},
    {"sift", "per-heat optima, then sifting (column generation) with warm re-solves", GLP_DUAL,
     GLP_PT_PSE, GLP_RT_HAR, 0, GLP_SF_AUTO, 1, 2},
    {"sift-plain",
     "sifting from the unlimited materials and the 20 cheapest lots per heat, "
     "1000 columns a round, pruning",
     GLP_PRIMAL, GLP_PT_PSE, GLP_RT_HAR, 0, GLP_SF_AUTO, 1, 4},
    {"sift-noscale", "sift without scaling", GLP_DUAL, GLP_PT_PSE, GLP_RT_HAR, 0, 0, 1, 2},
    {"sift-plain-eq", "sift-plain, equilibration scaling only", GLP_PRIMAL, GLP_PT_PSE, GLP_RT_HAR,
     0, GLP_SF_EQ, 1, 4},
    {"sift-plain-gm", "sift-plain, geometric-mean scaling only", GLP_PRIMAL, GLP_PT_PSE, GLP_RT_HAR,
     0, GLP_SF_GM, 1, 4},
    {"primal-eq", "primal, adv basis, equilibration scaling only", GLP_PRIMAL, GLP_PT_PSE,
     GLP_RT_HAR, 0, GLP_SF_EQ, 1, 0},
    {"sift-plain-noscale", "sift-plain without scaling", GLP_PRIMAL, GLP_PT_PSE, GLP_RT_HAR, 0, 0,
     1, 4},
    {"primal-std-noscale", "primal, std basis, no scaling", GLP_PRIMAL, GLP_PT_PSE, GLP_RT_HAR, 0,
     0, 0, 0},
    {"interior", "interior point (glp_interior), no crossover", 0, 0, 0, 0, 0, 0, 3},
};
#define NCFG (sizeof CFGS / sizeof CFGS[0])

static int tm_lim_ms = 300000;
static int sift_extra = 20;     /* SIFT_EXTRA: extra start columns per heat (tuned, see docs) */
static double sift_drop = 0.01; /* SIFT_DROP: prune columns with d_j > this x c_j; 0 = never */
static int sift_verbose = 0;
static double sift_t0;
static int sift_batch = 1000; /* SIFT_BATCH: columns added per round, 0 = max(500, rows) */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this process: less disturbed than wall time when the machine is shared. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *xcalloc(size_t n, size_t s)
{
	void *p = calloc(n ? n : 1, s);
	if (!p) {
		fprintf(stderr, "glpk_opts: out of memory\n");
		exit(3);
	}
	return p;
}

/* "Si(H01)" -> "H01"; "avail(L1)" -> NULL (availability row). */
static const char *row_heat_name(const char *name, char *buf, size_t n)
{
	if (!name || strncmp(name, "avail(", 6) == 0)
		return NULL;
	const char *a = strchr(name, '(');
	const char *b = strrchr(name, ')');
	if (!a || !b || b <= a + 1 || (size_t)(b - a) >= n)
		return NULL;
	memcpy(buf, a + 1, (size_t)(b - a - 1));
	buf[b - a - 1] = '\0';
	return buf;
}

/* Folds GLPK's ~r_k range columns back into double-bounded rows. */
static void fold_ranges(glp_prob *P)
{
	int n = glp_get_num_cols(P), nd = 0;
	int *del = xcalloc((size_t)n + 1, sizeof *del);
	int ind[3];
	double val[3];
	for (int j = 1; j <= n; j++) {
		const char *nm = glp_get_col_name(P, j);
		if (!nm || strncmp(nm, "~r_", 3) != 0 || glp_get_mat_col(P, j, ind, val) != 1)
			continue;
		int i = ind[1];
		double lo = glp_get_row_lb(P, i), w = glp_get_col_ub(P, j);
		if (glp_get_row_type(P, i) != GLP_FX || val[1] != -1.0 || glp_get_col_lb(P, j) != 0)
			continue;
		glp_set_row_bnds(P, i, w == 0 ? GLP_FX : GLP_DB, lo, lo + w);
		del[++nd] = j;
	}
	if (nd)
		glp_del_cols(P, nd, del);
	free(del);
}

static int lp_load(struct lp *L, const char *file)
{
	memset(L, 0, sizeof *L);
	L->P = glp_create_prob();
	if (glp_read_lp(L->P, NULL, file) != 0)
		return -1;
	fold_ranges(L->P);
	glp_prob *P = L->P;
	L->m = glp_get_num_rows(P);
	L->n = glp_get_num_cols(P);
	L->heat = xcalloc((size_t)L->m + 1, sizeof *L->heat);
	L->row_heat = xcalloc((size_t)L->m + 1, sizeof *L->row_heat);
	for (int i = 1; i <= L->m; i++) {
		char buf[64];
		const char *h = row_heat_name(glp_get_row_name(P, i), buf, sizeof buf);
		L->row_heat[i] = -1;
		if (!h)
			continue;
		int k = 0;
		while (k < L->nh && strcmp(L->heat[k], h) != 0)
			k++;
		if (k == L->nh)
			snprintf(L->heat[L->nh++], 64, "%s", h);
		L->row_heat[i] = k;
	}
	L->col_heat = xcalloc((size_t)L->n + 1, sizeof *L->col_heat);
	L->col_avail = xcalloc((size_t)L->n + 1, sizeof *L->col_avail);
	L->cap = xcalloc((size_t)L->n + 1, sizeof *L->cap);
	L->c = xcalloc((size_t)L->n + 1, sizeof *L->c);
	L->yield = xcalloc((size_t)L->n + 1, sizeof *L->yield);
	L->beg = xcalloc((size_t)L->n + 2, sizeof *L->beg);
	size_t nnz = 0;
	for (int j = 1; j <= L->n; j++)
		nnz += (size_t)glp_get_mat_col(P, j, NULL, NULL);
	L->ind = xcalloc(nnz + (size_t)L->m + 1, sizeof *L->ind);
	L->val = xcalloc(nnz + (size_t)L->m + 1, sizeof *L->val);
	int pos = 1;
	for (int j = 1; j <= L->n; j++) {
		L->beg[j] = pos;
		int len = glp_get_mat_col(P, j, L->ind + pos - 1, L->val + pos - 1);
		L->c[j] = glp_get_obj_coef(P, j);
		L->col_heat[j] = -1;
		L->cap[j] = INFINITY;
		for (int t = pos; t < pos + len; t++) {
			int i = L->ind[t];
			if (L->row_heat[i] < 0) {
				L->col_avail[j] = i;
				L->cap[j] = glp_get_row_ub(P, i);
				continue;
			}
			L->col_heat[j] = L->row_heat[i];
			if (strncmp(glp_get_row_name(P, i), "mass(", 5) == 0)
				L->yield[j] = L->val[t];
		}
		if (L->col_heat[j] < 0) {
			fprintf(stderr, "glpk_opts: column %d has no heat row\n", j);
			return -1;
		}
		pos += len;
	}
	L->beg[L->n + 1] = pos;
	return 0;
}

static void smcp_of(const struct cfg *c, glp_smcp *p)
{
	glp_init_smcp(p);
	p->msg_lev = GLP_MSG_OFF;
	p->meth = c->meth;
	p->pricing = c->pricing;
	p->r_test = c->r_test;
	p->presolve = c->presolve ? GLP_ON : GLP_OFF;
	p->tm_lim = tm_lim_ms;
}

/* Solves heat k alone; writes the optimal statuses of its rows and columns into
 * rstat/cstat (indexed like the whole model). Returns 0 or -1 (heat infeasible). */
static int solve_heat(const struct lp *L, int k, int *rstat, int *cstat, double *dj)
{
	glp_prob *S = glp_create_prob();
	glp_set_obj_dir(S, GLP_MIN);
	int *rmap = xcalloc((size_t)L->m + 1, sizeof *rmap); /* model row -> S row */
	int *rback = xcalloc((size_t)L->m + 1, sizeof *rback);
	int ns = 0;
	for (int i = 1; i <= L->m; i++)
		if (L->row_heat[i] == k) {
			rmap[i] = ++ns;
			rback[ns] = i;
		}
	glp_add_rows(S, ns);
	for (int r = 1; r <= ns; r++) {
		int i = rback[r];
		glp_set_row_bnds(S, r, glp_get_row_type(L->P, i), glp_get_row_lb(L->P, i),
		                 glp_get_row_ub(L->P, i));
	}
	int *cols = xcalloc((size_t)L->n + 1, sizeof *cols);
	int nc = 0;
	for (int j = 1; j <= L->n; j++)
		if (L->col_heat[j] == k)
			cols[++nc] = j;
	glp_add_cols(S, nc);
	int *ind = xcalloc((size_t)ns + 2, sizeof *ind);
	double *val = xcalloc((size_t)ns + 2, sizeof *val);
	for (int s = 1; s <= nc; s++) {
		int j = cols[s], len = 0;
		for (int t = L->beg[j]; t < L->beg[j + 1]; t++)
			if (rmap[L->ind[t]]) {
				ind[++len] = rmap[L->ind[t]];
				val[len] = L->val[t];
			}
		glp_set_mat_col(S, s, len, ind, val);
		glp_set_obj_coef(S, s, L->c[j]);
		if (isinf(L->cap[j]))
			glp_set_col_bnds(S, s, GLP_LO, 0, 0);
		else
			glp_set_col_bnds(S, s, GLP_DB, 0, L->cap[j]);
	}
	glp_smcp p;
	glp_init_smcp(&p);
	p.msg_lev = GLP_MSG_OFF;
	glp_scale_prob(S, GLP_SF_AUTO);
	glp_adv_basis(S, 0);
	int rc = glp_simplex(S, &p);
	int ok = rc == 0 && glp_get_status(S) == GLP_OPT;
	if (ok) {
		for (int r = 1; r <= ns; r++)
			rstat[rback[r]] = glp_get_row_stat(S, r);
		for (int s = 1; s <= nc; s++) {
			cstat[cols[s]] = glp_get_col_stat(S, s);
			if (dj)
				dj[cols[s]] = glp_get_col_dual(S, s);
		}
	}
	glp_delete_prob(S);
	free(rmap);
	free(rback);
	free(cols);
	free(ind);
	free(val);
	return ok ? 0 : -1;
}

/* Statuses of the union of the per-heat optimal bases; availability rows basic. */
static int perheat_basis(const struct lp *L, int *rstat, int *cstat, double *dj)
{
	for (int i = 1; i <= L->m; i++)
		rstat[i] = GLP_BS;
	for (int j = 1; j <= L->n; j++)
		cstat[j] = GLP_NL;
	for (int k = 0; k < L->nh; k++)
		if (solve_heat(L, k, rstat, cstat, dj) < 0)
			return -1;
	return 0;
}

/* Adds the implied caps x[i,h] <= mass_i as column bounds of Q (cols[] maps Q -> model). */
static void set_caps(const struct lp *L, glp_prob *Q, const int *cols, int nq)
{
	for (int q = 1; q <= nq; q++) {
		int j = cols ? cols[q] : q;
		if (!isinf(L->cap[j]))
			glp_set_col_bnds(Q, q, GLP_DB, 0, L->cap[j]);
	}
}

static int perheat_solve(const struct lp *L, glp_prob *Q, const struct cfg *c)
{
	int *rstat = xcalloc((size_t)L->m + 1, sizeof *rstat);
	int *cstat = xcalloc((size_t)L->n + 1, sizeof *cstat);
	int rc = perheat_basis(L, rstat, cstat, NULL);
	if (rc == 0) {
		set_caps(L, Q, NULL, L->n);
		for (int i = 1; i <= L->m; i++)
			glp_set_row_stat(Q, i, rstat[i]);
		for (int j = 1; j <= L->n; j++)
			glp_set_col_stat(Q, j, cstat[j]);
		if (c->scale)
			glp_scale_prob(Q, c->scale);
		glp_smcp p;
		smcp_of(c, &p);
		rc = glp_simplex(Q, &p);
	}
	free(rstat);
	free(cstat);
	return rc;
}

struct sift_stats {
	int rounds, cols, infeasible, phase1, dropped;
	int *map; /* restricted column -> model column */
};

static int cmp_dj(const void *a, const void *b)
{
	double x = ((const double *)a)[0], y = ((const double *)b)[0];
	return (x > y) - (x < y);
}

/* Adds model column j to R as column q (caps as bounds). */
static void sift_add(const struct lp *L, glp_prob *R, int j, int q)
{
	glp_set_mat_col(R, q, L->beg[j + 1] - L->beg[j], L->ind + L->beg[j] - 1,
	                L->val + L->beg[j] - 1);
	glp_set_obj_coef(R, q, L->c[j]);
	if (isinf(L->cap[j]))
		glp_set_col_bnds(R, q, GLP_LO, 0, 0);
	else
		glp_set_col_bnds(R, q, GLP_DB, 0, L->cap[j]);
}

/* Elastic columns for the rows of the heats (phase 1 of sifting): +1 for a row with a
 * lower bound, -1 for a row with an upper bound, cost 1, everything else cost 0. */
static int sift_elastic(const struct lp *L, glp_prob *R, int *first)
{
	int ne = 0;
	for (int i = 1; i <= L->m; i++) {
		int t = glp_get_row_type(L->P, i);
		if (L->row_heat[i] >= 0)
			ne += (t == GLP_LO || t == GLP_DB || t == GLP_FX) +
			      (t == GLP_UP || t == GLP_DB || t == GLP_FX);
	}
	int q = *first = glp_add_cols(R, ne);
	for (int i = 1; i <= L->m; i++) {
		int t = glp_get_row_type(L->P, i), ind[2] = {0, i};
		if (L->row_heat[i] < 0)
			continue;
		for (int side = 0; side < 2; side++) {
			int has = side == 0 ? (t == GLP_LO || t == GLP_DB || t == GLP_FX)
			                    : (t == GLP_UP || t == GLP_DB || t == GLP_FX);
			if (!has)
				continue;
			double val[2] = {0, side == 0 ? 1.0 : -1.0};
			glp_set_mat_col(R, q, 1, ind, val);
			glp_set_col_bnds(R, q, GLP_LO, 0, 0);
			q++;
		}
	}
	return ne;
}

/* Drops from R the columns that sit at 0 with a reduced cost above sift_drop x their cost
 * (and the fixed elastic columns of phase 1): they are priced again with every other column
 * in each round, so the answer stays exact, and the restricted model stays small. */
static void sift_prune(const struct lp *L, glp_prob *R, char *in, struct sift_stats *st)
{
	int ncol = glp_get_num_cols(R), nd = 0, w = 0;
	int *del = xcalloc((size_t)ncol + 1, sizeof *del);
	for (int q = 1; q <= ncol; q++) {
		int j = st->map[q];
		int drop = glp_get_col_stat(R, q) != GLP_BS &&
		           (j == 0 || (!isinf(L->cap[j]) && glp_get_col_stat(R, q) == GLP_NL &&
		                       glp_get_col_dual(R, q) > sift_drop * fmax(1.0, L->c[j])));
		if (drop) {
			del[++nd] = q;
			if (j)
				in[j] = 0;
		} else {
			st->map[++w] = j;
		}
	}
	if (nd)
		glp_del_cols(R, nd, del);
	st->dropped += nd;
	free(del);
}

/* One sifting loop: solve, price every column outside R with the row duals (phase 1 prices
 * with zero costs), add the most negative ones, until none prices out. */
static int sift_loop(const struct lp *L, glp_prob *R, glp_smcp *p, int phase1, char *in, double *pi,
                     double *cand, struct sift_stats *st)
{
	int batch = sift_batch > 0 ? sift_batch : (L->m > 500 ? L->m : 500);
	for (;;) {
		st->rounds++;
		int rc = glp_simplex(R, p);
		if (sift_verbose)
			fprintf(stderr,
			        "sift phase%d round %d: t=%.3f cols=%d iters=%d obj=%.10g st=%d\n",
			        phase1 ? 1 : 2, st->rounds, now() - sift_t0, glp_get_num_cols(R),
			        glp_get_it_cnt(R), glp_get_obj_val(R), glp_get_status(R));
		if (rc != 0 || glp_get_status(R) != GLP_OPT)
			return rc ? rc : -1;
		p->meth = GLP_PRIMAL; /* new columns enter at 0: the basis stays primal feasible */
		if (phase1 && glp_get_obj_val(R) <= 1e-7)
			return 0;
		for (int i = 1; i <= L->m; i++)
			pi[i] = glp_get_row_dual(R, i);
		int nc = 0;
		for (int j = 1; j <= L->n; j++) {
			if (in[j])
				continue;
			double cj = phase1 ? 0 : L->c[j], d = cj;
			for (int t = L->beg[j]; t < L->beg[j + 1]; t++)
				d -= L->val[t] * pi[L->ind[t]];
			if (d < -1e-9 * fmax(1.0, fabs(cj))) {
				cand[2 * nc] = d;
				cand[2 * nc + 1] = j;
				nc++;
			}
		}
		if (nc == 0)
			return 0;
		if (!phase1 && sift_drop > 0)
			sift_prune(L, R, in, st);
		if (nc > batch)
			qsort(cand, (size_t)nc, 2 * sizeof *cand, cmp_dj);
		int add = nc < batch ? nc : batch;
		int q0 = glp_add_cols(R, add);
		for (int a = 0; a < add; a++) {
			int j = (int)cand[2 * a + 1];
			in[j] = 1;
			sift_add(L, R, j, q0 + a);
			st->map[q0 + a] = j;
			if (phase1)
				glp_set_obj_coef(R, q0 + a, 0);
		}
		st->cols += add;
	}
}

/* Sifting: returns 0 when the restricted model in *out is optimal for the whole model
 * (or the whole model is proven infeasible: status GLP_NOFEAS), else glp_simplex's code. */
static int sift_solve(const struct lp *L, const struct cfg *c, glp_prob **out,
                      struct sift_stats *st)
{
	int *rstat = xcalloc((size_t)L->m + 1, sizeof *rstat);
	int *cstat = xcalloc((size_t)L->n + 1, sizeof *cstat);
	char *in = xcalloc((size_t)L->n + 1, 1);
	double *pi = xcalloc((size_t)L->m + 1, sizeof *pi);
	double *cand = xcalloc(2 * ((size_t)L->n + 1), sizeof *cand);
	st->map = xcalloc((size_t)L->n + 2 * (size_t)L->m + 1, sizeof *st->map);
	double *dj = xcalloc((size_t)L->n + 1, sizeof *dj);
	sift_t0 = now();
	int rc = 0;
	if (c->start == 2) {
		rc = perheat_basis(L, rstat, cstat, dj);
	} else {
		/* Plain start: all-slack basis; "nearest to entering" = cheapest per kg tapped. */
		for (int i = 1; i <= L->m; i++)
			rstat[i] = GLP_BS;
		for (int j = 1; j <= L->n; j++) {
			cstat[j] = GLP_NL;
			dj[j] = L->yield[j] > 0 ? L->c[j] / L->yield[j] : INFINITY;
		}
	}
	if (sift_verbose)
		fprintf(stderr, "sift: per-heat optima in %.3f s\n", now() - sift_t0);
	glp_prob *R = glp_create_prob();
	*out = R;
	glp_set_obj_dir(R, GLP_MIN);
	glp_add_rows(R, L->m);
	for (int i = 1; i <= L->m; i++) {
		glp_set_row_bnds(R, i, glp_get_row_type(L->P, i), glp_get_row_lb(L->P, i),
		                 glp_get_row_ub(L->P, i));
		glp_set_row_stat(R, i, rstat[i]);
	}
	/* Start: the per-heat supports (basic or at the cap), every unlimited material, and per
	 * heat the sift_extra columns nearest to entering (smallest per-heat reduced cost):
	 * the lots a heat turns to when its favourites go to another heat. */
	for (int j = 1; j <= L->n; j++)
		in[j] = cstat[j] != GLP_NL || isinf(L->cap[j]);
	for (int k = 0; k < L->nh && sift_extra > 0; k++) {
		int nc = 0;
		for (int j = 1; j <= L->n; j++)
			if (L->col_heat[j] == k && !in[j]) {
				cand[2 * nc] = dj[j];
				cand[2 * nc + 1] = j;
				nc++;
			}
		if (nc > sift_extra)
			qsort(cand, (size_t)nc, 2 * sizeof *cand, cmp_dj);
		for (int a = 0; a < nc && a < sift_extra; a++)
			in[(int)cand[2 * a + 1]] = 1;
	}
	int nq = 0;
	for (int j = 1; j <= L->n; j++)
		nq += in[j];
	int q = glp_add_cols(R, nq);
	for (int j = 1; j <= L->n; j++)
		if (in[j]) {
			sift_add(L, R, j, q);
			st->map[q] = j;
			glp_set_col_stat(R, q++, cstat[j]);
		}
	free(dj);
	st->cols = nq;
	if (c->scale)
		glp_scale_prob(R, c->scale);
	glp_smcp p;
	smcp_of(c, &p);
	st->rounds = 0;
	if (rc == 0)
		rc = sift_loop(L, R, &p, 0, in, pi, cand, st);
	if (rc == -1 && glp_get_status(R) == GLP_NOFEAS) {
		/* The start competes for the same lots: phase 1 on elastic columns finds columns
		 * that make the restricted model feasible, or proves the whole model is not. */
		st->phase1 = 1;
		int e0, ne = sift_elastic(L, R, &e0);
		int ncol = glp_get_num_cols(R);
		for (int k = 1; k <= ncol; k++)
			glp_set_obj_coef(R, k, k >= e0 ? 1.0 : 0.0);
		glp_std_basis(R);
		p.meth = GLP_PRIMAL;
		rc = sift_loop(L, R, &p, 1, in, pi, cand, st);
		if (rc == 0 && glp_get_obj_val(R) > 1e-7) {
			rc =
			    0; /* no column can remove the infeasibility: the model is infeasible */
			st->infeasible = 1;
		} else if (rc == 0) {
			ncol = glp_get_num_cols(R);
			for (int k = 1; k <= ncol; k++)
				glp_set_obj_coef(R, k,
				                 k >= e0 && k < e0 + ne ? 0 : L->c[st->map[k]]);
			for (int k = e0; k < e0 + ne; k++)
				glp_set_col_bnds(R, k, GLP_FX, 0, 0);
			rc = sift_loop(L, R, &p, 0, in, pi, cand, st);
		}
	}
	free(rstat);
	free(cstat);
	free(in);
	free(pi);
	free(cand);
	return rc;
}

struct result {
	double secs, cpu, obj;
	int rc, status, iters;
	struct sift_stats sift;
};

static void run_cfg(const struct lp *L, const struct cfg *c, struct result *res)
{
	glp_prob *Q = NULL;
	memset(res, 0, sizeof *res);
	double t0, c0;
	if (c->start == 2 || c->start == 4) {
		c0 = cpu_now();
		t0 = now();
		res->rc = sift_solve(L, c, &Q, &res->sift);
	} else {
		Q = glp_create_prob();
		glp_copy_prob(Q, L->P, GLP_OFF);
		c0 = cpu_now();
		t0 = now();
		if (c->start == 1) {
			res->rc = perheat_solve(L, Q, c);
		} else if (c->start == 3) {
			glp_iptcp ip;
			glp_init_iptcp(&ip);
			ip.msg_lev = GLP_MSG_OFF;
			res->rc = glp_interior(Q, &ip);
		} else {
			if (c->scale)
				glp_scale_prob(Q, c->scale);
			if (c->basis == 0)
				glp_std_basis(Q);
			else if (c->basis == 1)
				glp_adv_basis(Q, 0);
			else
				glp_cpx_basis(Q);
			glp_smcp p;
			smcp_of(c, &p);
			res->rc = glp_simplex(Q, &p);
		}
	}
	res->secs = now() - t0;
	res->cpu = cpu_now() - c0;
	if (c->start == 3) {
		res->status = glp_ipt_status(Q);
		res->obj = glp_ipt_obj_val(Q);
	} else {
		res->status = glp_get_status(Q);
		res->obj = glp_get_obj_val(Q);
		res->iters = glp_get_it_cnt(Q);
	}
	if (c->start == 2 || c->start == 4) {
		if (res->sift.infeasible)
			res->status = GLP_NOFEAS;
		free(res->sift.map);
	}
	glp_delete_prob(Q);
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static const char *status_name(int st)
{
	switch (st) {
	case GLP_OPT: return "optimal";
	case GLP_FEAS: return "feasible";
	case GLP_NOFEAS: return "infeasible";
	case GLP_UNBND: return "unbounded";
	case GLP_INFEAS: return "infeasible-point";
	default: return "undefined";
	}
}

int main(int argc, char **argv)
{
	const char *file = NULL;
	int reps = 3;
	const char *want[NCFG + 1];
	size_t nwant = 0;
	for (int a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--list") == 0) {
			for (size_t k = 0; k < NCFG; k++)
				printf("%-20s %s\n", CFGS[k].name, CFGS[k].what);
			return 0;
		} else if (strcmp(argv[a], "--reps") == 0 && a + 1 < argc) {
			reps = atoi(argv[++a]);
		} else if (strcmp(argv[a], "--tm-lim") == 0 && a + 1 < argc) {
			tm_lim_ms = (int)(atof(argv[++a]) * 1000);
		} else if (!file) {
			file = argv[a];
		} else if (nwant < NCFG) {
			want[nwant++] = argv[a];
		}
	}
	if (!file || reps < 1) {
		fprintf(stderr, "usage: glpk_opts FILE.lp [--reps N] [--tm-lim S] [CONFIG...]\n");
		return 1;
	}
	glp_term_out(GLP_OFF);
	if (getenv("SIFT_EXTRA"))
		sift_extra = atoi(getenv("SIFT_EXTRA"));
	sift_verbose = getenv("SIFT_VERBOSE") != NULL;
	if (getenv("SIFT_DROP"))
		sift_drop = atof(getenv("SIFT_DROP"));
	if (getenv("SIFT_BATCH"))
		sift_batch = atoi(getenv("SIFT_BATCH"));
	struct lp L;
	double t0 = now();
	if (lp_load(&L, file) < 0) {
		fprintf(stderr, "glpk_opts: cannot read %s as a remelt model\n", file);
		return 1;
	}
	printf("{\"file\": \"%s\", \"rows\": %d, \"cols\": %d, \"nnz\": %d, \"heats\": %d, "
	       "\"read_s\": %.3f}\n",
	       file, L.m, L.n, L.beg[L.n + 1] - 1, L.nh, now() - t0);
	fflush(stdout);
	for (size_t k = 0; k < NCFG; k++) {
		const struct cfg *c = &CFGS[k];
		int pick = nwant == 0;
		for (size_t w = 0; w < nwant; w++)
			pick |= strcmp(want[w], c->name) == 0;
		if (!pick)
			continue;
		double *t = xcalloc((size_t)reps, sizeof *t);
		double *cpu = xcalloc((size_t)reps, sizeof *cpu);
		struct result r;
		for (int rep = 0; rep < reps; rep++) {
			run_cfg(&L, c, &r);
			t[rep] = r.secs;
			cpu[rep] = r.cpu;
			if (r.rc != 0)
				break; /* a failed or timed-out setting is not worth repeating */
		}
		int done = r.rc == 0 ? reps : 1;
		double runs[64];
		int nr = done < 64 ? done : 64;
		memcpy(runs, t, (size_t)nr * sizeof *t);
		qsort(t, (size_t)done, sizeof *t, cmp_dbl);
		qsort(cpu, (size_t)done, sizeof *cpu, cmp_dbl);
		printf("{\"config\": \"%s\", \"what\": \"%s\", \"median_s\": %.4f, "
		       "\"median_cpu_s\": %.4f, \"runs\": [",
		       c->name, c->what, t[done / 2], cpu[done / 2]);
		for (int i = 0; i < nr; i++)
			printf("%s%.4f", i ? ", " : "", runs[i]);
		printf("], \"rc\": %d, \"status\": \"%s\", \"iters\": %d, \"obj\": %.17g", r.rc,
		       status_name(r.status), r.iters, r.obj);
		if (c->start == 2 || c->start == 4)
			printf(", \"sift_rounds\": %d, \"sift_cols\": %d, \"sift_phase1\": %d, "
			       "\"sift_dropped\": %d",
			       r.sift.rounds, r.sift.cols, r.sift.phase1, r.sift.dropped);
		printf("}\n");
		fflush(stdout);
		free(t);
		free(cpu);
	}
	return 0;
}
