/* The LP the parametric steps run on.
 *
 * A yard of thousands of lots puts thousands of columns in the reference heat, but one
 * heat's basis holds a dozen or two, and every glp_simplex call costs time in proportion
 * to the whole problem (it copies it, and prices every column, fixed ones included). So at
 * confidence 0 the steps run on a copy of the model that keeps only the columns in play:
 * additives, the lots the base optimum uses, and the item being priced. After each
 * re-solve, the reduced cost of every lot left out, against the new duals, says whether it
 * would now enter (d < 0); those are appended and the solve repeated (column generation).
 * Since the duals hold over the whole range glp_analyze_bound reports, a piece proved
 * optimal at one point is optimal all along. Should the columns in play not make the heat
 * at all, every lot is appended once.
 *
 * With chance constraints every cut row prices every lot, and the cuts change with each
 * solve: there the steps run on the model itself. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "price_lp.h"

/* A reduced cost below this (per unit of cost) means the column would enter. */
#define COLS_DJ_TOL 1e-9
/* Lots appended per pricing round. */
#define COLS_BATCH 8

/* The copy (cols_copy) is pricing's own LP, changed here with GLPK's setters; the model
 * itself only through solver/model/'s verbs (scripts/check_layers.sh). */
void price_col_bounds(struct price_lp *lp, int j, int type, double lo, double hi)
{
	if (lp->P == lp->m.lp)
		model_col_bounds(&lp->m, j, type, lo, hi);
	else
		glp_set_col_bnds(lp->P, j, type, lo, hi);
}

void price_col_avail(struct price_lp *lp, int j, double ub)
{
	price_col_bounds(lp, j, ub > 0 ? GLP_DB : GLP_FX, 0, ub > 0 ? ub : 0);
}

void price_cols_base(struct price_lp *lp, size_t i)
{
	int j = lp->col[i];
	if (i >= lp->off0)
		price_col_bounds(lp, j, GLP_FX, 0, 0);
	else
		price_col_avail(lp, j,
		                model_min_out(&lp->m, 0, i)
		                    ? 0
		                    : lp->inv->m[i].mass_kg / model_unit(&lp->m, i));
}

/* Every material's column of the model (rows, coefficients), to append it to P and to
 * price it out without asking GLPK. glp_get_mat_col fills [1..len]: column i lands at
 * cind[cbeg[i] .. cbeg[i+1]). */
static int cols_cache(struct price_lp *lp)
{
	glp_prob *M = lp->m.lp;
	size_t nm = lp->m.nm, nnz = 0, k = 0;
	for (size_t i = 0; i < nm; i++)
		nnz += (size_t)glp_get_mat_col(M, model_col(&lp->m, 0, i), NULL, NULL);
	lp->cbeg = malloc((nm + 1) * sizeof *lp->cbeg);
	lp->cind = malloc((nnz + 2) * sizeof *lp->cind);
	lp->cval = malloc((nnz + 2) * sizeof *lp->cval);
	lp->y = malloc(((size_t)glp_get_num_rows(M) + 1) * sizeof *lp->y);
	lp->cost = malloc((nm + 1) * sizeof *lp->cost);
	if (!lp->cbeg || !lp->cind || !lp->cval || !lp->y || !lp->cost)
		return -1;
	for (size_t i = 0; i < nm; i++) {
		lp->cost[i] = glp_get_obj_coef(M, model_col(&lp->m, 0, i));
		lp->cbeg[i] = k + 1;
		k +=
		    (size_t)glp_get_mat_col(M, model_col(&lp->m, 0, i), lp->cind + k, lp->cval + k);
	}
	lp->cbeg[nm] = k + 1;
	return 0;
}

/* The copy: the model less the lots the base leaves at 0 and every offer. Deleting
 * columns renumbers the rest down past the deleted ones. */
static int cols_copy(struct price_lp *lp)
{
	glp_prob *M = lp->m.lp;
	int nc = glp_get_num_cols(M), nd = 0, run = 0;
	int *del = malloc(((size_t)nc + 1) * sizeof *del);
	int *to = calloc((size_t)nc + 1, sizeof *to);
	if (!del || !to || !(lp->P = glp_create_prob())) {
		free(del);
		free(to);
		return -1;
	}
	glp_copy_prob(lp->P, M, GLP_OFF);
	for (size_t i = 0; i < lp->m.nm; i++) {
		int j = model_col(&lp->m, 0, i);
		/* Additives stay, offers go, lots stay if used; a basic column always stays. */
		bool keep = glp_get_col_stat(M, j) == GLP_BS ||
		            (i < lp->inv->nlots ? lp->x[i] > 0 : i < lp->off0);
		if (!keep)
			to[del[++nd] = j] = -1;
	}
	for (int j = 1; j <= nc; j++)
		to[j] = to[j] < 0 ? (run++, 0) : j - run;
	for (size_t i = 0; i < lp->m.nm; i++)
		lp->col[i] = to[model_col(&lp->m, 0, i)];
	if (nd)
		glp_del_cols(lp->P, nd, del);
	free(del);
	free(to);
	return 0;
}

int price_cols_init(struct price_lp *lp)
{
	size_t nm = lp->m.nm;
	lp->col = calloc(nm + 1, sizeof *lp->col);
	lp->added = malloc((nm + 1) * sizeof *lp->added);
	if (!lp->col || !lp->added)
		return -1;
	if (lp->confidence > 0) {
		lp->P = lp->m.lp;
		for (size_t i = 0; i < nm; i++)
			lp->col[i] = model_col(&lp->m, 0, i);
	} else if (cols_cache(lp) < 0 || cols_copy(lp) < 0) {
		return -1;
	}
	lp->nrow = glp_get_num_rows(lp->P);
	lp->nbase = glp_get_num_cols(lp->P);
	if (lp->P != lp->m.lp && price_dj_init(lp) < 0)
		return -1;
	return price_cols_keep(lp);
}

int price_cols_keep(struct price_lp *lp)
{
	lp->nrow = glp_get_num_rows(lp->P);
	lp->nbase = glp_get_num_cols(lp->P);
	lp->ncut = lp->m.ncut;
	lp->ncone = lp->m.ncone;
	int *rs = realloc(lp->rstat, ((size_t)lp->nrow + 1) * sizeof *lp->rstat);
	if (rs)
		lp->rstat = rs;
	int *cs = realloc(lp->cstat, ((size_t)lp->nbase + 1) * sizeof *lp->cstat);
	if (cs)
		lp->cstat = cs;
	if (!rs || !cs)
		return -1;
	/* The base basis: glp_copy_prob copies statuses, and the columns deleted were all
	 * non-basic, so what is left is still a basis. */
	for (int r = 1; r <= lp->nrow; r++)
		lp->rstat[r] = glp_get_row_stat(lp->P, r);
	for (int j = 1; j <= lp->nbase; j++)
		lp->cstat[j] = glp_get_col_stat(lp->P, j);
	return 0;
}

void price_cols_free(struct price_lp *lp)
{
	if (lp->P && lp->P != lp->m.lp)
		glp_delete_prob(lp->P);
	free(lp->col);
	free(lp->added);
	free(lp->cbeg);
	free(lp->cind);
	free(lp->cval);
	free(lp->y);
	free(lp->cost);
	price_dj_free(lp);
	free(lp->rstat);
	free(lp->cstat);
}

/* Only on the copy: with the model as P (confidence > 0) every column is in. */
static int cols_append(struct price_lp *lp, size_t i)
{
	int j = glp_add_cols(lp->P, 1);
	size_t b = lp->cbeg[i];
	glp_set_mat_col(lp->P, j, (int)(lp->cbeg[i + 1] - b), lp->cind + b - 1, lp->cval + b - 1);
	glp_set_obj_coef(lp->P, j, lp->zero_cost ? 0 : lp->cost[i]);
	lp->col[i] = j;
	lp->added[lp->nadded++] = i;
	price_cols_base(lp, i);
	glp_set_col_stat(lp->P, j, i >= lp->off0 ? GLP_NS : GLP_NL);
	return 0;
}

int price_cols_open(struct price_lp *lp, size_t i)
{
	lp->own = !lp->col[i];
	return lp->own ? cols_append(lp, i) : 0;
}

bool price_del_past(struct price_lp *lp, bool rows, int keep)
{
	glp_prob *P = lp->P;
	int n = (rows ? glp_get_num_rows(P) : glp_get_num_cols(P)) - keep;
	if (n <= 0)
		return true;
	int *del = malloc(((size_t)n + 1) * sizeof *del);
	if (!del)
		return false;
	for (int k = 1; k <= n; k++)
		del[k] = keep + k;
	if (P == lp->m.lp && rows)
		model_del_rows(&lp->m, n, del);
	else if (P == lp->m.lp)
		model_del_cols(&lp->m, n, del);
	else if (rows)
		glp_del_rows(P, n, del);
	else
		glp_del_cols(P, n, del);
	free(del);
	return true;
}

void price_cols_drop(struct price_lp *lp, size_t keep)
{
	if (lp->nadded <= keep)
		return;
	/* The appended columns are P's last. Out of memory they stay, at 0: still correct,
	 * only slower. */
	if (!price_del_past(lp, false, lp->nbase + (int)keep))
		return;
	for (size_t k = keep; k < lp->nadded; k++)
		lp->col[lp->added[k]] = 0;
	lp->nadded = keep;
}

/* Appends the lots left out (but skip) with the most negative reduced costs, at most
 * COLS_BATCH of them: appending every candidate would grow P towards the whole yard when
 * many lots could help a little (maximising a usage prices every lot by feasibility). */
static size_t cols_price(struct price_lp *lp, size_t skip)
{
	glp_prob *P = lp->P;
	size_t n = 0, best[COLS_BATCH];
	double bestd[COLS_BATCH];
	for (int r = 1; r <= lp->nrow; r++)
		lp->y[r] = glp_get_row_dual(P, r);
	price_dj(lp);
	for (size_t i = 0; i < lp->inv->nlots; i++) {
		double c = lp->zero_cost ? 0 : lp->cost[i], d = lp->dj[i];
		if (!(d < -COLS_DJ_TOL * (1 + fabs(c))) || lp->col[i] || i == skip)
			continue;
		/* Insertion into the short list, most negative first. */
		size_t at = n < COLS_BATCH ? n++ : COLS_BATCH;
		while (at > 0 && bestd[at - 1] > d) {
			if (at < COLS_BATCH) {
				best[at] = best[at - 1];
				bestd[at] = bestd[at - 1];
			}
			at--;
		}
		if (at < COLS_BATCH) {
			best[at] = i;
			bestd[at] = d;
		}
	}
	for (size_t k = 0; k < n; k++)
		cols_append(lp, best[k]);
	return n;
}

int price_cols_solve(struct price_lp *lp, size_t skip)
{
	for (;;) {
		int rc = glp_simplex(lp->P, &lp->warm);
		if (rc != 0 && rc != GLP_ENOPFS && rc != GLP_ENODFS)
			return -1;
		int st = glp_get_status(lp->P);
		if (st == GLP_NOFEAS) {
			size_t before = lp->nadded;
			for (size_t i = 0; i < lp->inv->nlots; i++)
				if (!lp->col[i] && i != skip)
					cols_append(lp, i);
			if (lp->nadded == before)
				return st;
			continue;
		}
		if (st != GLP_OPT || cols_price(lp, skip) == 0)
			return st;
	}
}

int price_cols_extreme(struct price_lp *lp, size_t i, int dir, double *q)
{
	glp_prob *P = lp->P;
	int n = glp_get_num_cols(P), col = lp->col[i];
	double *c = malloc(((size_t)n + 1) * sizeof *c), u = model_unit(&lp->m, i);
	if (!c)
		return -1;
	for (int j = 1; j <= n; j++) {
		c[j] = glp_get_obj_coef(P, j);
		glp_set_obj_coef(P, j, 0);
	}
	glp_set_obj_coef(P, col, -dir);
	price_col_avail(lp, col, lp->inv->m[i].mass_kg / u);
	lp->zero_cost = true;
	lp->warm.meth = GLP_PRIMAL; /* the base basis is feasible, not optimal for this */
	int st = price_resolve(lp, i);
	lp->warm.meth = GLP_DUALP;
	lp->zero_cost = false;
	*q = st == GLP_OPT ? glp_get_col_prim(P, col) * u : NAN;
	for (int j = 1; j <= n; j++)
		glp_set_obj_coef(P, j, c[j]);
	free(c);
	price_restore(lp, i);
	return st == GLP_OPT || st == GLP_NOFEAS ? 0 : -1;
}
