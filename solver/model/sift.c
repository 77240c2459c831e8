/* Sifting: the charge LP solved by column generation on a small restricted problem.
 *
 * A day's LP has a column per lot and heat (2,000 lots x 20 heats = 40,000 columns) but an
 * optimum uses a few hundred: each heat takes the cheap lots that fit its window. The
 * simplex on the whole matrix spends its time pricing columns that never enter. Sifting
 * solves the LP on a few columns (every unlimited material, and per heat the SIFT_START
 * lots cheapest per kg of metal), prices every other column with the row duals, adds per
 * heat the SIFT_PER_HEAT most negative reduced costs, re-solves warm (primal: new columns
 * enter at 0, the basis stays feasible), and drops columns that sit at 0 far from entering;
 * they are priced again every round, so nothing is lost. When no column prices out, the
 * restricted optimum is optimal for the whole LP. Its basis is then installed in the whole
 * problem and one simplex call on the whole problem confirms it (no iterations when all is
 * well): everything after the solve (duals, ranging, chance cuts, branch and bound) sees
 * the whole problem as if the simplex had solved it from scratch (docs/benchmarks.md).
 *
 * The first restricted problem rarely has a feasible charge on its own (the heats compete
 * for the same cheap lots), so it carries elastic columns on the heats' rows at a penalty
 * of SIFT_BIG_M times the dearest price: the first solve is then already a cost-aware
 * charge, and pricing pulls in the lots that replace the elastic kilograms. Anything
 * unusual (elastic kilograms left at the end, which a big enough penalty would only leave
 * on a day no charge can make, a GLPK failure, too many rounds) returns SIFT_NOT_DONE and
 * the caller solves the whole problem as before: sifting is only a faster way to the same
 * LP, and an infeasible day gets the usual proof and diagnosis. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sift.h"

#define SIFT_START 20     /* lots per heat in the first restricted problem */
#define SIFT_PER_HEAT 100 /* columns added per heat and round, most negative first */
#define SIFT_BIG_M 100.0  /* penalty per elastic kg, times the dearest price per kg */
#define SIFT_DROP 0.01    /* drop columns at 0 whose reduced cost exceeds this x their cost */
#define SIFT_MAX_ROUNDS 200
#define SIFT_DJ_TOL 1e-9 /* a column prices out below -SIFT_DJ_TOL x max(1, |cost|) */

struct sift {
	glp_prob *R;
	int m, n;      /* rows, columns of the whole problem */
	size_t nm, nh; /* materials and heats: column j is heat (j-1)/nm's (model_col) */
	int *beg;      /* CSC of the whole problem: column j at beg[j] .. beg[j+1]-1 */
	int *ind;
	double *val, *c;
	int *map;       /* [R column] whole column, 0 for an elastic one */
	char *in;       /* [whole column] in R */
	char *heat_row; /* [row] a row of a heat (not a lot's availability) */
	int rounds;
	double *pi;              /* [row] duals of R */
	double *cand;            /* pairs (reduced cost, column) */
	int *per;                /* [heat] columns taken this round */
	bool phase1;             /* pricing as if every cost were 0: only feasibility counts */
	const struct model *mod; /* for its deadline */
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
	free(s->per);
}

int sift_cmp(const void *a, const void *b)
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
	s->nm = m->nm;
	s->nh = m->nh;
	s->per = calloc(m->nh + 1, sizeof *s->per);
	if (!s->heat_row || !s->per)
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
		if (j && glp_get_col_stat(s->R, q) == GLP_NL &&
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

/* Columns outside R with a negative reduced cost, per heat the SIFT_PER_HEAT most
 * negative (a global cut-off would feed the heats with the largest duals only); how many,
 * in s->cand. */
static int sift_price(struct sift *s)
{
	for (int r = 1; r <= s->m; r++)
		s->pi[r] = glp_get_row_dual(s->R, r);
	int nc = 0;
	for (int j = 1; j <= s->n; j++) {
		if (s->in[j])
			continue;
		double c = s->phase1 ? 0 : s->c[j], d = c;
		for (int t = s->beg[j]; t < s->beg[j + 1]; t++)
			d -= s->val[t] * s->pi[s->ind[t]];
		if (d < -SIFT_DJ_TOL * fmax(1.0, fabs(c))) {
			s->cand[2 * nc] = d;
			s->cand[2 * nc++ + 1] = j;
		}
	}
	return sift_pick(s->cand, nc, s->nm, s->nh, s->per, SIFT_PER_HEAT);
}

int sift_pick(double *cand, int nc, size_t nm, size_t nh, int *per, int per_heat)
{
	qsort(cand, (size_t)nc, 2 * sizeof *cand, sift_cmp);
	memset(per, 0, nh * sizeof *per);
	int w = 0;
	for (int a = 0; a < nc; a++) {
		size_t k = (size_t)(cand[2 * a + 1] - 1) / nm;
		if (k < nh && per[k]++ >= per_heat)
			continue;
		cand[2 * w] = cand[2 * a];
		cand[2 * w++ + 1] = cand[2 * a + 1];
	}
	return w;
}

/* The elastic kilograms R's solution still carries, 0 when they are within 1e-9 of the
 * heats' row bounds (GLPK's own feasibility tolerance is 1e-7 of the scaled values). */
static double sift_elastic_kg(const struct sift *s)
{
	double sum = 0, scale = 0;
	for (int r = 1; r <= s->m; r++)
		if (s->heat_row[r]) {
			int t = glp_get_row_type(s->R, r); /* an absent bound reads +-DBL_MAX */
			if (t == GLP_LO || t == GLP_DB || t == GLP_FX)
				scale += fabs(glp_get_row_lb(s->R, r));
			if (t == GLP_UP || t == GLP_DB)
				scale += fabs(glp_get_row_ub(s->R, r));
		}
	int ncol = glp_get_num_cols(s->R);
	for (int q = 1; q <= ncol; q++)
		if (!s->map[q])
			sum += glp_get_col_prim(s->R, q);
	return sum > 1e-9 * fmax(1.0, scale) ? sum : 0;
}

/* Sifting rounds until no column prices out: 0 when R is then optimal, -1 when R has no
 * optimum or the rounds ran out. In phase 1, R's objective is the elastic kilograms and
 * the loop also stops as soon as they are 0. */
static int sift_loop(struct sift *s)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.meth = GLP_PRIMAL;
	for (; s->rounds < SIFT_MAX_ROUNDS; s->rounds++) {
		if ((parm.tm_lim = model_ms_left(s->mod)) <= 0)
			return -1;
		if (glp_simplex(s->R, &parm) != 0 || glp_get_status(s->R) != GLP_OPT)
			return -1;
		if (s->phase1 && sift_elastic_kg(s) <= 0)
			return 0;
		int nc = sift_price(s);
		if (nc == 0)
			return 0;
		if (!s->phase1)
			sift_prune(s);
		int q0 = glp_add_cols(s->R, nc);
		for (int a = 0; a < nc; a++) {
			sift_add_col(s, (int)s->cand[2 * a + 1], q0 + a);
			if (s->phase1)
				glp_set_obj_coef(s->R, q0 + a, 0);
		}
	}
	return -1;
}

/* Elastic columns on the heats' rows (+1 where a row has a lower bound, -1 where it has an
 * upper one) at a penalty of SIFT_BIG_M times the dearest price per kg. */
static int sift_elastic(struct sift *s)
{
	double big = 1;
	for (int j = 1; j <= s->n; j++)
		big = fmax(big, fabs(s->c[j]));
	int ne = 0;
	for (int r = 1; r <= s->m; r++)
		if (s->heat_row[r]) {
			int t = glp_get_row_type(s->R, r);
			ne += (t == GLP_LO || t == GLP_DB || t == GLP_FX) +
			      (t == GLP_UP || t == GLP_DB || t == GLP_FX);
		}
	if (ne == 0)
		return 0;
	int q = glp_add_cols(s->R, ne);
	for (int r = 1; r <= s->m; r++) {
		int t = glp_get_row_type(s->R, r), ind[2] = {0, r};
		for (int side = 0; side < 2 && s->heat_row[r]; side++) {
			bool has = side == 0 ? (t == GLP_LO || t == GLP_DB || t == GLP_FX)
			                     : (t == GLP_UP || t == GLP_DB || t == GLP_FX);
			if (!has)
				continue;
			double val[2] = {0, side == 0 ? 1.0 : -1.0};
			glp_set_mat_col(s->R, q, 1, ind, val);
			glp_set_col_bnds(s->R, q, GLP_LO, 0, 0);
			glp_set_obj_coef(s->R, q, SIFT_BIG_M * big);
			s->map[q++] = 0;
		}
	}
	return 0;
}

/* Takes the elastic columns out of R once they are all at 0 (else -1). One left basic (at
 * 0) gives its place in the basis to its row's own auxiliary variable, the same unit
 * column up to sign, so R keeps a valid, feasible basis; its duals may change, hence one
 * more sifting loop after this. Real columns get their costs back (after phase 1). */
static int sift_unelastic(struct sift *s)
{
	if (sift_elastic_kg(s) > 0)
		return -1;
	int ncol = glp_get_num_cols(s->R), nd = 0, w = 0;
	int *del = malloc(((size_t)ncol + 1) * sizeof *del);
	if (!del)
		return -1;
	for (int q = 1; q <= ncol; q++) {
		if (s->map[q]) {
			s->map[++w] = s->map[q];
			continue;
		}
		if (glp_get_col_stat(s->R, q) == GLP_BS) {
			int ind[2];
			double val[2];
			if (glp_get_mat_col(s->R, q, ind, val) == 1)
				glp_set_row_stat(s->R, ind[1], GLP_BS);
		}
		del[++nd] = q;
	}
	if (nd)
		glp_del_cols(s->R, nd, del);
	free(del);
	for (int q = 1; q <= w; q++)
		glp_set_obj_coef(s->R, q, s->c[s->map[q]]);
	s->phase1 = false;
	return 0;
}

/* The penalty was not enough to price the elastic kilograms out (a kilogram of a trace
 * element can take tonnes of scrap to supply): phase 1 minimises them alone, every other
 * cost 0, and proves the day infeasible when they stay. */
static int sift_phase1(struct sift *s)
{
	int ncol = glp_get_num_cols(s->R);
	for (int q = 1; q <= ncol; q++)
		glp_set_obj_coef(s->R, q, s->map[q] ? 0 : 1);
	s->phase1 = true;
	return sift_loop(s);
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
	/* Columns beyond the materials' (split cones of an earlier chance solve) are not
	 * heat columns: the whole problem is solved as it is. */
	if (m->mip || glp_get_num_cols(P) < SIFT_MIN_COLS ||
	    glp_get_num_cols(P) != (int)(m->nh * m->nm))
		return SIFT_NOT_DONE;
	struct sift s;
	memset(&s, 0, sizeof s);
	s.mod = m;
	int st = SIFT_NOT_DONE;
	if (sift_read(&s, m, P) < 0 || sift_start(&s, m, P) < 0 || sift_elastic(&s) < 0)
		goto out;
	model_scale_lp(s.R);
	glp_adv_basis(s.R, 0);
	if (sift_loop(&s) < 0)
		goto out;
	if (sift_elastic_kg(&s) > 0 && sift_phase1(&s) < 0)
		goto out;
	if (sift_unelastic(&s) < 0 || sift_loop(&s) < 0)
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
	parm.tm_lim = model_ms_left(m);
	if (parm.tm_lim > 0 && glp_simplex(P, &parm) == 0)
		st = glp_get_status(P);
	if (st != GLP_OPT)
		st = SIFT_NOT_DONE; /* not expected: the caller solves from scratch */
out:
	sift_free(&s);
	return st;
}
