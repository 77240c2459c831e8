/* Sifting: the charge LP solved by column generation on a small restricted problem.
 *
 * A day's LP has a column per lot and heat (2,000 lots x 20 heats = 40,000 columns) but an
 * optimum uses a few hundred: each heat takes the cheap lots that fit its window. The
 * simplex on the whole matrix spends its time pricing columns that never enter. Sifting
 * solves the LP on a few columns (every unlimited material, and per heat the SIFT_START
 * lots cheapest per kg of metal), prices every other column with the row duals, adds the
 * SIFT_BATCH most negative reduced costs, re-solves warm (primal: new columns enter at 0,
 * the basis stays feasible), and drops columns that sit at 0 far from entering; they are
 * priced again every round, so nothing is lost. When no column prices out, the restricted
 * optimum is optimal for the whole LP. Its basis is then installed in the whole problem
 * and one simplex call on the whole problem confirms it (no iterations when all is well):
 * everything after the solve (duals, ranging, chance cuts, branch and bound) sees the whole
 * problem as if the simplex had solved it from scratch. Measured on the 2,000 x 20 plant of
 * bench/: 0.28 s against 2.7 s for the primal simplex on the whole matrix (docs/benchmarks.md).
 *
 * Anything unusual (a restricted problem that is infeasible because heats compete for the
 * same few lots, a GLPK failure, too many rounds) returns SIFT_NOT_DONE and the caller
 * solves the whole problem as before: sifting is only ever a faster way to the same LP. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sift.h"

#define SIFT_START 20   /* lots per heat in the first restricted problem */
#define SIFT_BATCH 1000 /* columns added per round, most negative reduced costs first */
#define SIFT_DROP 0.01  /* drop columns at 0 whose reduced cost exceeds this x their cost */
#define SIFT_MAX_ROUNDS 200
#define SIFT_DJ_TOL 1e-9 /* a column prices out below -SIFT_DJ_TOL x max(1, |cost|) */

struct sift {
	glp_prob *R;
	int m, n; /* rows, columns of the whole problem */
	int *beg; /* CSC of the whole problem: column j at beg[j] .. beg[j+1]-1 */
	int *ind;
	double *val, *c;
	int *map;       /* [R column] whole column, 0 for an elastic one (phase 1) */
	char *in;       /* [whole column] in R */
	char *heat_row; /* [row] a row of a heat (not a lot's availability) */
	int rounds;
	double *pi;   /* [row] duals of R */
	double *cand; /* pairs (reduced cost, column) */
};

static void sift_free(struct sift *s)
{
	if (s->R)
		glp_delete_prob(s->R);
	free(s->beg);
	free(s->ind);
	free(s->val);
	free(s->c);
	free(s->map);
	free(s->in);
	free(s->pi);
	free(s->cand);
	free(s->heat_row);
}

static int sift_cmp(const void *a, const void *b)
{
	double x = ((const double *)a)[0], y = ((const double *)b)[0];
	return (x > y) - (x < y);
}

/* The whole problem's columns, once, in compressed form for pricing. */
static int sift_read(struct sift *s, const struct model *m, glp_prob *P)
{
	s->m = glp_get_num_rows(P);
	s->n = glp_get_num_cols(P);
	size_t nnz = (size_t)glp_get_num_nz(P);
	s->beg = malloc(((size_t)s->n + 2) * sizeof *s->beg);
	s->ind = malloc((nnz + (size_t)s->m + 1) * sizeof *s->ind);
	s->val = malloc((nnz + (size_t)s->m + 1) * sizeof *s->val);
	s->c = malloc(((size_t)s->n + 1) * sizeof *s->c);
	s->map = malloc(((size_t)s->n + 2 * (size_t)s->m + 1) * sizeof *s->map);
	s->in = calloc((size_t)s->n + 1, 1);
	s->pi = malloc(((size_t)s->m + 1) * sizeof *s->pi);
	s->cand = malloc(2 * ((size_t)s->n + 1) * sizeof *s->cand);
	s->heat_row = malloc((size_t)s->m + 1);
	if (!s->heat_row)
		return -1;
	memset(s->heat_row, 1, (size_t)s->m + 1);
	for (size_t i = 0; i < m->nm; i++)
		if (m->avail_row[i])
			s->heat_row[m->avail_row[i]] = 0;
	if (!s->beg || !s->ind || !s->val || !s->c || !s->map || !s->in || !s->pi || !s->cand)
		return -1;
	/* glp_get_mat_col writes from index 1: column j's entries land at beg[j] .. */
	int at = 1;
	for (int j = 1; j <= s->n; j++) {
		s->beg[j] = at;
		at += glp_get_mat_col(P, j, s->ind + at - 1, s->val + at - 1);
		s->c[j] = glp_get_obj_coef(P, j);
	}
	s->beg[s->n + 1] = at;
	return 0;
}

static void sift_add_col(struct sift *s, int j, int q)
{
	glp_set_mat_col(s->R, q, s->beg[j + 1] - s->beg[j], s->ind + s->beg[j] - 1,
	                s->val + s->beg[j] - 1);
	glp_set_obj_coef(s->R, q, s->c[j]);
	glp_set_col_bnds(s->R, q, GLP_LO, 0, 0);
	s->map[q] = j;
	s->in[j] = 1;
}

/* The first restricted problem: every row of the whole one (slack basis), the unlimited
 * materials in every heat and, per heat, the SIFT_START lots cheapest per kg of metal. */
static int sift_start(struct sift *s, const struct model *m, glp_prob *P)
{
	s->R = glp_create_prob();
	glp_set_obj_dir(s->R, GLP_MIN);
	glp_add_rows(s->R, s->m);
	for (int r = 1; r <= s->m; r++)
		glp_set_row_bnds(s->R, r, glp_get_row_type(P, r), glp_get_row_lb(P, r),
		                 glp_get_row_ub(P, r));
	for (size_t k = 0; k < m->nh; k++) {
		int nc = 0;
		for (size_t i = 0; i < m->nm; i++) {
			int j = model_col(m, k, i);
			double y = m->p->inv->m[i].yield;
			if (!m->avail_row[i])
				s->in[j] = 1;
			else if (y > 0) {
				s->cand[2 * nc] = s->c[j] / (y * model_unit(m, i));
				s->cand[2 * nc++ + 1] = j;
			}
		}
		if (nc > SIFT_START)
			qsort(s->cand, (size_t)nc, 2 * sizeof *s->cand, sift_cmp);
		for (int a = 0; a < nc && a < SIFT_START; a++)
			s->in[(int)s->cand[2 * a + 1]] = 1;
	}
	int nq = 0;
	for (int j = 1; j <= s->n; j++)
		nq += s->in[j];
	if (nq == 0)
		return -1;
	int q = glp_add_cols(s->R, nq);
	for (int j = 1; j <= s->n; j++)
		if (s->in[j])
			sift_add_col(s, j, q++);
	return 0;
}

/* Drops the columns at 0 whose reduced cost says they are far from entering. */
static void sift_prune(struct sift *s)
{
	int ncol = glp_get_num_cols(s->R), nd = 0, w = 0;
	int *del = malloc(((size_t)ncol + 1) * sizeof *del);
	if (!del)
		return; /* pruning only keeps R small: without it the answer is the same */
	for (int q = 1; q <= ncol; q++) {
		int j = s->map[q];
		if (glp_get_col_stat(s->R, q) == GLP_NL &&
		    glp_get_col_dual(s->R, q) > SIFT_DROP * fmax(1.0, fabs(s->c[j]))) {
			del[++nd] = q;
			s->in[j] = 0;
		} else {
			s->map[++w] = j;
		}
	}
	if (nd)
		glp_del_cols(s->R, nd, del);
	free(del);
}

/* Columns outside R with a negative reduced cost (phase 1: as if every cost were 0), most
 * negative first; how many. */
static int sift_price(struct sift *s, bool phase1)
{
	for (int r = 1; r <= s->m; r++)
		s->pi[r] = glp_get_row_dual(s->R, r);
	int nc = 0;
	for (int j = 1; j <= s->n; j++) {
		if (s->in[j])
			continue;
		double c = phase1 ? 0 : s->c[j], d = c;
		for (int t = s->beg[j]; t < s->beg[j + 1]; t++)
			d -= s->val[t] * s->pi[s->ind[t]];
		if (d < -SIFT_DJ_TOL * fmax(1.0, fabs(c))) {
			s->cand[2 * nc] = d;
			s->cand[2 * nc++ + 1] = j;
		}
	}
	if (nc > SIFT_BATCH)
		qsort(s->cand, (size_t)nc, 2 * sizeof *s->cand, sift_cmp);
	return nc;
}

/* Phase 1 is done when the elastic columns carry at most this much, relative to the
 * heats' rows (GLPK's own feasibility tolerance is 1e-7 of the scaled values). */
static double sift_phase1_tol(const struct sift *s)
{
	double sum = 0;
	for (int r = 1; r <= s->m; r++)
		if (s->heat_row[r]) {
			int t = glp_get_row_type(s->R, r); /* an absent bound reads +-DBL_MAX */
			if (t == GLP_LO || t == GLP_DB || t == GLP_FX)
				sum += fabs(glp_get_row_lb(s->R, r));
			if (t == GLP_UP || t == GLP_DB)
				sum += fabs(glp_get_row_ub(s->R, r));
		}
	return 1e-9 * fmax(1.0, sum);
}

/* Sifting rounds until no column prices out: 0 when R is then optimal (phase 2) or
 * feasible (phase 1, the elastic columns at 0); -1 when R has no optimum, the whole LP no
 * feasible charge (phase 1), or the rounds ran out. */
static int sift_loop(struct sift *s, bool phase1)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.meth = GLP_PRIMAL;
	for (; s->rounds < SIFT_MAX_ROUNDS; s->rounds++) {
		if (glp_simplex(s->R, &parm) != 0 || glp_get_status(s->R) != GLP_OPT)
			return -1;
		if (phase1 && glp_get_obj_val(s->R) <= sift_phase1_tol(s))
			return 0;
		int nc = sift_price(s, phase1);
		if (nc == 0)
			return phase1 ? -1 : 0;
		if (!phase1)
			sift_prune(s);
		int add = nc < SIFT_BATCH ? nc : SIFT_BATCH;
		int q0 = glp_add_cols(s->R, add);
		for (int a = 0; a < add; a++) {
			sift_add_col(s, (int)s->cand[2 * a + 1], q0 + a);
			if (phase1)
				glp_set_obj_coef(s->R, q0 + a, 0);
		}
	}
	return -1;
}

/* The heats compete for the lots of the first restricted problem, which then has no
 * feasible charge: phase 1 minimises the sum of elastic columns on the heats' rows (+1
 * where a row has a lower bound, -1 where it has an upper one), pricing with zero costs,
 * until they are 0. An elastic column left basic (at 0) gives its place in the basis to
 * its row's own auxiliary variable, the same unit column up to sign, so R keeps a valid
 * and feasible basis when the elastic columns go. Then the costs come back for phase 2. */
static int sift_phase1(struct sift *s)
{
	int ncol = glp_get_num_cols(s->R), ne = 0;
	for (int r = 1; r <= s->m; r++)
		if (s->heat_row[r]) {
			int t = glp_get_row_type(s->R, r);
			ne += (t == GLP_LO || t == GLP_DB || t == GLP_FX) +
			      (t == GLP_UP || t == GLP_DB || t == GLP_FX);
		}
	if (ne == 0)
		return -1;
	for (int q = 1; q <= ncol; q++)
		glp_set_obj_coef(s->R, q, 0);
	int e0 = glp_add_cols(s->R, ne), q = e0;
	int *erow = malloc(((size_t)ne + 1) * sizeof *erow);
	if (!erow)
		return -1;
	for (int r = 1; r <= s->m; r++) {
		int t = glp_get_row_type(s->R, r), ind[2] = {0, r};
		if (!s->heat_row[r])
			continue;
		for (int side = 0; side < 2; side++) {
			bool has = side == 0 ? (t == GLP_LO || t == GLP_DB || t == GLP_FX)
			                     : (t == GLP_UP || t == GLP_DB || t == GLP_FX);
			if (!has)
				continue;
			double val[2] = {0, side == 0 ? 1.0 : -1.0};
			glp_set_mat_col(s->R, q, 1, ind, val);
			glp_set_col_bnds(s->R, q, GLP_LO, 0, 0);
			glp_set_obj_coef(s->R, q, 1);
			s->map[q] = 0;
			erow[q - e0] = r;
			q++;
		}
	}
	glp_std_basis(s->R);
	int rc = sift_loop(s, true);
	if (rc == 0) {
		int *del = malloc(((size_t)ne + 1) * sizeof *del);
		if (!del) {
			free(erow);
			return -1;
		}
		for (int k = 0; k < ne; k++) {
			if (glp_get_col_stat(s->R, e0 + k) == GLP_BS)
				glp_set_row_stat(s->R, erow[k], GLP_BS);
			del[k + 1] = e0 + k;
		}
		/* Columns added in phase 1 sit after the elastic ones: keep the map in step. */
		int nq = glp_get_num_cols(s->R);
		for (int k = e0 + ne; k <= nq; k++)
			s->map[k - ne] = s->map[k];
		glp_del_cols(s->R, ne, del);
		free(del);
		nq = glp_get_num_cols(s->R);
		for (int k = 1; k <= nq; k++)
			glp_set_obj_coef(s->R, k, s->c[s->map[k]]);
	}
	free(erow);
	return rc;
}

/* The whole problem's scaling from R's: the same row factors, and each column scaled so
 * that its largest scaled entry is 1 (one pass; GLPK's own scaling of 40,000 columns takes
 * longer than the whole of sifting). */
static void sift_scale(const struct sift *s, glp_prob *P)
{
	for (int r = 1; r <= s->m; r++)
		glp_set_rii(P, r, glp_get_rii(s->R, r));
	for (int j = 1; j <= s->n; j++) {
		double big = 0;
		for (int t = s->beg[j]; t < s->beg[j + 1]; t++)
			big = fmax(big, fabs(s->val[t]) * glp_get_rii(s->R, s->ind[t]));
		glp_set_sjj(P, j, big > 0 ? 1 / big : 1);
	}
}

int sift_solve(struct model *m)
{
	glp_prob *P = m->lp;
	if (m->mip || glp_get_num_cols(P) < SIFT_MIN_COLS)
		return SIFT_NOT_DONE;
	struct sift s;
	memset(&s, 0, sizeof s);
	int st = SIFT_NOT_DONE;
	if (sift_read(&s, m, P) < 0 || sift_start(&s, m, P) < 0)
		goto out;
	glp_scale_prob(s.R, GLP_SF_AUTO);
	glp_adv_basis(s.R, 0);
	int rc = sift_loop(&s, false);
	if (rc < 0 && glp_get_status(s.R) == GLP_NOFEAS)
		rc = sift_phase1(&s) < 0 ? -1 : sift_loop(&s, false);
	if (rc < 0)
		goto out;
	/* R's basis, with every column outside R nonbasic at 0, is a basis of the whole
	 * problem (same rows, the same bounds on every column), optimal by the pricing. */
	for (int r = 1; r <= s.m; r++)
		glp_set_row_stat(P, r, glp_get_row_stat(s.R, r));
	for (int j = 1; j <= s.n; j++)
		glp_set_col_stat(P, j, GLP_NL);
	int nq = glp_get_num_cols(s.R);
	for (int q = 1; q <= nq; q++)
		glp_set_col_stat(P, s.map[q], glp_get_col_stat(s.R, q));
	sift_scale(&s, P);
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.meth = GLP_PRIMAL;
	if (glp_simplex(P, &parm) == 0)
		st = glp_get_status(P);
	if (st != GLP_OPT)
		st = SIFT_NOT_DONE; /* not expected: the caller solves from scratch */
out:
	sift_free(&s);
	return st;
}
