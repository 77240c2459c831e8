/* price_kkt_far: points no charge can reach, proven by an elastic LP of the whole heat with
 * outer tangents of the cones, for the points that the two-row test (price_kkt_reach.c)
 * lets through.
 *
 * Why: a KKT path at a usage no charge can take never converges. It used to run out its
 * steps, then again in 2 and 4 stages, and the cutting planes then proved the point
 * infeasible after up to 40 split rounds on the whole model: about 60 ms a point, and 77
 * such points were 4.6 of the 7.8 s of CPU of the 1,000-lot x 5-grade table at 0.95.
 * This LP proves them in about 2 ms each.
 *
 * The LP: every column at its base bounds, the priced one fixed at q; every row of the
 * model; per cone, its element row with the limit less the item's own spread
 * (sigma >= sd_j q), and up to KKT_FAR_ROUNDS rounds of tangents sigma(x) >= S x*.S x / |S x*|
 * at the LP's optimum x* (Cauchy-Schwarz: valid at every x). Each row may be violated, at
 * a cost of its violation relative to its bound (elastic columns), so the LP always has an
 * optimum and its value measures how far the relaxation is from feasible. Only a value
 * above FAR_TOL counts as a proof: GLPK's verdict "no primal feasible solution" was tried
 * first and was wrong on two points of that table (feasible to 1e-9 on their KKT
 * conditions), so a point is called infeasible only by an optimum clearly above 0. The
 * relaxation holds every charge that meets the heat's rows and cones: no point that has
 * a charge is ever proven out of reach, and a point it does not prove goes on as before. */
#include "price_kkt_int.h"

#include <math.h>
#include <stdlib.h>

/* Rounds of tangents at the LP's optimum before the proof gives up: KKT_FAR_ROUNDS (3
 * proved 77 of the 77 points of the 1,000-lot table that the two-row test let through; 10
 * proved the same), and KKT_FAR_ROUNDS_LAST before a point falls back to GLPK (10 prove
 * A356.0's L00476 at 1,930 kg in that table, which 3 do not; 10 at every try cost 20% more
 * on plantgen seed 3). */
/* The least weighted violation that proves a point: well above GLPK's tolerances (1e-7),
 * and the KKT path's (1e-9). */
#define FAR_TOL 1e-6

struct kkt_far {
	glp_prob *P;
	int n;    /* the model's columns are P's 1..n; elastic columns follow */
	int nr0;  /* P's rows past the cuts: the model's, then one per cone */
	int nc0;  /* P's columns past the cuts' elastic columns */
	int *ind; /* work: a row or column of P, and lists to delete */
	double *val;
	double *x; /* [n] the LP's optimum */
};

void kkt_far_free(struct kkt_far *f)
{
	if (!f)
		return;
	if (f->P)
		glp_delete_prob(f->P);
	free(f->ind);
	free(f->val);
	free(f->x);
	free(f);
}

static int far_type(double lo, double hi)
{
	return lo == -HUGE_VAL && hi == HUGE_VAL ? GLP_FR
	       : lo == -HUGE_VAL                 ? GLP_UP
	       : hi == HUGE_VAL                  ? GLP_LO
	       : lo == hi                        ? GLP_FX
	                                         : GLP_DB;
}

/* An elastic column in row r: coef +1 lets the row go below its bound, -1 above, at a
 * cost per unit relative to the bound. */
static void far_elastic(glp_prob *P, int r, double coef, double bound)
{
	int j = glp_add_cols(P, 1), ind[2] = {0, r};
	double val[2] = {0, coef};
	glp_set_mat_col(P, j, 1, ind, val);
	glp_set_col_bnds(P, j, GLP_LO, 0, 0);
	glp_set_obj_coef(P, j, 1 / (1 + fabs(bound)));
}

/* The LP at the base's bounds (lo, hi: column at's, which the caller has moved). */
static struct kkt_far *far_build(const struct price_kkt *k, int at, double lo, double hi)
{
	struct kkt_far *f = calloc(1, sizeof *f);
	size_t room = (size_t)(k->n > k->m + k->ncone ? k->n : k->m + k->ncone) + 2;
	if (!f || !(f->P = glp_create_prob()) || !(f->ind = malloc(room * sizeof *f->ind)) ||
	    !(f->val = malloc(room * sizeof *f->val)) ||
	    !(f->x = malloc(((size_t)k->n + 1) * sizeof *f->x))) {
		kkt_far_free(f);
		return NULL;
	}
	glp_prob *P = f->P;
	f->n = k->n;
	f->nr0 = k->m + k->ncone;
	glp_add_rows(P, f->nr0);
	glp_add_cols(P, k->n);
	for (int r = 0; r < k->m; r++)
		glp_set_row_bnds(P, r + 1, far_type(k->rl[r], k->ru[r]), k->rl[r], k->ru[r]);
	for (int c = 0; c < k->ncone; c++)
		glp_set_row_bnds(P, k->m + c + 1, GLP_UP, 0, k->cone[c].h);
	for (int j = 0; j < k->n; j++) {
		int n = 0;
		for (int p = k->cbeg[j]; p < k->cbeg[j + 1]; p++) {
			f->ind[++n] = k->rind[p] + 1;
			f->val[n] = k->aval[p];
		}
		for (int c = 0; c < k->ncone; c++) {
			double a = k->ge[(size_t)k->cone[c].g * k->n + j];
			if (a != 0) {
				f->ind[++n] = k->m + c + 1;
				f->val[n] = k->cone[c].side * a;
			}
		}
		glp_set_mat_col(P, j + 1, n, f->ind, f->val);
		double l = j == at ? lo : k->cl[j], u = j == at ? hi : k->cu[j];
		glp_set_col_bnds(P, j + 1, far_type(l, u), l, u);
	}
	for (int r = 0; r < k->m; r++) {
		if (k->rl[r] != -HUGE_VAL)
			far_elastic(P, r + 1, +1, k->rl[r]);
		if (k->ru[r] != HUGE_VAL)
			far_elastic(P, r + 1, -1, k->ru[r]);
	}
	for (int c = 0; c < k->ncone; c++)
		far_elastic(P, k->m + c + 1, -1, k->cone[c].h);
	f->nc0 = glp_get_num_cols(P);
	glp_set_obj_dir(P, GLP_MIN);
	model_scale_lp(P);
	glp_adv_basis(P, 0);
	return f;
}

/* The LP's optimum, from its last basis; NAN when GLPK did not find it. */
static double far_solve(struct kkt_far *f)
{
	glp_smcp o;
	glp_init_smcp(&o);
	o.msg_lev = GLP_MSG_OFF;
	int rc = glp_simplex(f->P, &o);
	if (rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND) {
		glp_adv_basis(f->P, 0);
		rc = glp_simplex(f->P, &o);
	}
	return rc == 0 && glp_get_status(f->P) == GLP_OPT ? glp_get_obj_val(f->P) : NAN;
}

/* A tangent of every cone the LP's optimum violates; how many. */
static int far_cuts(struct price_kkt *k, struct kkt_far *f)
{
	glp_prob *P = f->P;
	int added = 0;
	for (int i = 0; i < k->n; i++)
		f->x[i] = glp_get_col_prim(P, i + 1);
	for (int c = 0; c < k->ncone; c++) {
		const struct kkt_cone *cn = &k->cone[c];
		const double *s2 = k->s2 + (size_t)cn->g * k->n, *ge = k->ge + (size_t)cn->g * k->n;
		double ax = 0, var = 0;
		for (int i = 0; i < k->n; i++) {
			ax += ge[i] * f->x[i];
			var += s2[i] * f->x[i] * f->x[i];
		}
		double sig = sqrt(var);
		if (!(sig > 0) || cn->side * ax + k->z * sig <= cn->h + FAR_TOL * (1 + fabs(cn->h)))
			continue;
		int n = 0;
		for (int i = 0; i < k->n; i++) {
			double a = cn->side * ge[i] + k->z * s2[i] * f->x[i] / sig;
			if (a != 0) {
				f->ind[++n] = i + 1;
				f->val[n] = a;
			}
		}
		int r = glp_add_rows(P, 1);
		glp_set_mat_row(P, r, n, f->ind, f->val);
		glp_set_row_bnds(P, r, GLP_UP, 0, cn->h);
		far_elastic(P, r, -1, cn->h);
		added++;
	}
	return added;
}

/* The cuts and their elastic columns go: the LP is the next point's again. */
static void far_clean(struct kkt_far *f)
{
	glp_prob *P = f->P;
	int nr = glp_get_num_rows(P), nc = glp_get_num_cols(P);
	if (nr > f->nr0) {
		for (int r = f->nr0 + 1; r <= nr; r++)
			f->ind[r - f->nr0] = r;
		glp_del_rows(P, nr - f->nr0, f->ind);
	}
	if (nc > f->nc0) {
		for (int j = f->nc0 + 1; j <= nc; j++)
			f->ind[j - f->nc0] = j;
		glp_del_cols(P, nc - f->nc0, f->ind);
	}
}

int kkt_far(struct price_kkt *k, int at, double q, double bl, double bu, int rounds)
{
	if (!k->far && !(k->far = far_build(k, at, bl, bu)))
		return -1;
	struct kkt_far *f = k->far;
	glp_prob *P = f->P;
	glp_set_col_bnds(P, at + 1, GLP_FX, q, q);
	for (int c = 0; c < k->ncone; c++) {
		double own = k->z * sqrt(k->s2[(size_t)k->cone[c].g * k->n + at]) * fabs(q);
		glp_set_row_bnds(P, k->m + c + 1, GLP_UP, 0, k->cone[c].h - own);
	}
	double v = far_solve(f);
	for (int round = 0; v <= FAR_TOL && round < rounds && far_cuts(k, f) > 0; round++)
		v = far_solve(f);
	/* The cuts' rows are the last: their columns are deleted with them. */
	far_clean(f);
	glp_set_col_bnds(P, at + 1, far_type(bl, bu), bl, bu);
	k->nfar++;
	if (v > FAR_TOL)
		k->nfar_proven++;
	return v > FAR_TOL;
}
