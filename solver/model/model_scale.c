/* model_scale: GLPK's automatic scaling of the model (glp_scale_prob with GLP_SF_AUTO), the
 * same factors bit for bit, computed on flat copies of the matrix.
 *
 * The rounds of chance cuts rescale the whole LP before each re-solve (chance_sift.c says
 * why). glp_scale_prob walks GLPK's linked lists of the matrix once per minimum and
 * maximum of each row and column, several times per pass: on the 500-lot day 21 calls took
 * 0.76 s of 2.9. Here the matrix is read once into rows and columns (arrays) and the same
 * steps run in the same order with the same arithmetic: geometric-mean passes (rows or
 * columns first, whichever is worse scaled) while they improve the ratio of the largest
 * to the smallest scaled entry by a tenth, at most 15; then one equilibration; nothing
 * when the matrix is well scaled already (every |a_ij| in [0.1, 10]). Same factors, same
 * simplex path, same plans. */
#include <math.h>
#include <stdlib.h>

#include "model.h"

#define MSC_GM_IT 15    /* glpscl.c's gm_iterate(lp, 15, 0.90) */
#define MSC_GM_TAU 0.90 /* a pass must bring the ratio below this share of the last */

/* One orientation of the matrix: entries beg[a] .. beg[a + 1] - 1 of row (or column) a,
 * their |value| and the index of the other side. */
struct msc_side {
	int n;
	int *beg, *at;
	double *v;
};

struct msc {
	struct msc_side row, col;
	double *r, *s; /* [1..m], [1..n]: the factors */
};

/* The smallest and largest scaled |a| of line a of side d, whose own factors are f and the
 * other side's g (one pass for both: GLPK takes one for each); 1 and 1 for an empty line, as
 * GLPK. */
static void msc_ext(const struct msc_side *d, int a, const double *f, const double *g, double *lo,
                    double *hi)
{
	*lo = *hi = 1.0;
	for (int t = d->beg[a]; t < d->beg[a + 1]; t++) {
		double temp = d->v[t] * (f[a] * g[d->at[t]]);
		if (t == d->beg[a] || *lo > temp)
			*lo = temp;
		if (t == d->beg[a] || *hi < temp)
			*hi = temp;
	}
}

/* The worst max / min over the lines of a side. */
static double msc_ratio(const struct msc_side *d, const double *f, const double *g)
{
	double ratio = 1.0;
	for (int a = 1; a <= d->n; a++) {
		double lo, hi;
		msc_ext(d, a, f, g, &lo, &hi);
		double temp = hi / lo;
		if (a == 1 || ratio < temp)
			ratio = temp;
	}
	return ratio;
}

/* The smallest and largest scaled |a| of the whole matrix, row by row. */
static void msc_mat(const struct msc *c, double *lo, double *hi)
{
	*lo = *hi = 1.0;
	for (int i = 1; i <= c->row.n; i++) {
		double l, h;
		msc_ext(&c->row, i, c->r, c->s, &l, &h);
		if (i == 1 || *lo > l)
			*lo = l;
		if (i == 1 || *hi < h)
			*hi = h;
	}
}

/* One pass over side d: each line divided by the geometric mean of its extremes (gm), or by
 * its largest entry. */
static void msc_side_pass(const struct msc_side *d, double *f, const double *g, bool gm)
{
	for (int a = 1; a <= d->n; a++) {
		double lo, hi;
		msc_ext(d, a, f, g, &lo, &hi);
		f[a] = gm ? f[a] / sqrt(lo * hi) : f[a] / hi;
	}
}

/* Rows then columns, or columns first when cols_first. */
static void msc_pass(struct msc *c, bool cols_first, bool gm)
{
	for (int pass = 0; pass <= 1; pass++) {
		if ((pass == 1) == cols_first)
			msc_side_pass(&c->row, c->r, c->s, gm);
		else
			msc_side_pass(&c->col, c->s, c->r, gm);
	}
}

static void msc_scale(struct msc *c)
{
	double lo, hi;
	msc_mat(c, &lo, &hi);
	if (lo >= 0.10 && hi <= 10.0)
		return; /* well scaled: every factor stays 1 */
	bool cols_first = msc_ratio(&c->row, c->r, c->s) > msc_ratio(&c->col, c->s, c->r);
	double ratio = 0.0;
	for (int k = 1; k <= MSC_GM_IT; k++) {
		double r_old = ratio;
		msc_mat(c, &lo, &hi);
		ratio = hi / lo;
		if (k > 1 && ratio > MSC_GM_TAU * r_old)
			break;
		msc_pass(c, cols_first, true);
	}
	msc_pass(c, msc_ratio(&c->row, c->r, c->s) > msc_ratio(&c->col, c->s, c->r), false);
}

/* The matrix of lp into c (rows read from GLPK, columns their transpose); -1 out of memory. */
static int msc_read(struct msc *c, glp_prob *lp)
{
	int m = glp_get_num_rows(lp), n = glp_get_num_cols(lp), nz = glp_get_num_nz(lp);
	c->row.n = m;
	c->col.n = n;
	c->row.beg = malloc((size_t)(m + 2) * sizeof *c->row.beg);
	c->col.beg = calloc((size_t)n + 2, sizeof *c->col.beg);
	c->row.at = malloc(((size_t)nz + 1) * sizeof *c->row.at);
	c->col.at = malloc(((size_t)nz + 1) * sizeof *c->col.at);
	c->row.v = malloc(((size_t)nz + 1) * sizeof *c->row.v);
	c->col.v = malloc(((size_t)nz + 1) * sizeof *c->col.v);
	c->r = malloc((size_t)(m + 1) * sizeof *c->r);
	c->s = malloc((size_t)(n + 1) * sizeof *c->s);
	if (!c->row.beg || !c->col.beg || !c->row.at || !c->col.at || !c->row.v || !c->col.v ||
	    !c->r || !c->s)
		return -1;
	/* glp_get_mat_row writes from index 1: each row lands at its offset less one. */
	int t = 1;
	for (int i = 1; i <= m; i++) {
		c->row.beg[i] = t;
		int len = glp_get_mat_row(lp, i, c->row.at + t - 1, c->row.v + t - 1);
		for (int a = t; a < t + len; a++) {
			c->row.v[a] = fabs(c->row.v[a]);
			c->col.beg[c->row.at[a] + 1]++;
		}
		t += len;
		c->r[i] = 1.0;
	}
	c->row.beg[m + 1] = t;
	c->col.beg[1] = 1;
	for (int j = 1; j <= n; j++) {
		c->col.beg[j + 1] += c->col.beg[j];
		c->s[j] = 1.0;
	}
	int *next = malloc((size_t)(n + 1) * sizeof *next);
	if (!next)
		return -1;
	for (int j = 1; j <= n; j++)
		next[j] = c->col.beg[j];
	for (int i = 1; i <= m; i++)
		for (int a = c->row.beg[i]; a < c->row.beg[i + 1]; a++) {
			int q = next[c->row.at[a]]++;
			c->col.at[q] = i;
			c->col.v[q] = c->row.v[a];
		}
	free(next);
	return 0;
}

static void msc_free(struct msc *c)
{
	free(c->row.beg);
	free(c->row.at);
	free(c->row.v);
	free(c->col.beg);
	free(c->col.at);
	free(c->col.v);
	free(c->r);
	free(c->s);
}

void model_scale_lp(glp_prob *lp)
{
	struct msc c = {{0, NULL, NULL, NULL}, {0, NULL, NULL, NULL}, NULL, NULL};
	if (msc_read(&c, lp) < 0) {
		msc_free(&c);
		glp_scale_prob(lp, GLP_SF_AUTO); /* no room for the copy: GLPK's own */
		return;
	}
	msc_scale(&c);
	for (int i = 1; i <= c.row.n; i++)
		glp_set_rii(lp, i, c.r[i]);
	for (int j = 1; j <= c.col.n; j++)
		glp_set_sjj(lp, j, c.s[j]);
	msc_free(&c);
}

void model_scale(struct model *m)
{
	model_scale_lp(m->lp);
}
