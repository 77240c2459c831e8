/* price_kkt_reach: points no charge can reach, proven by a two-row relaxation (the mass
 * row and one element's cone), so that price need not ask the cutting planes to prove it.
 * In a 1,000-lot yard 1,590 of the 1,667 points past what the heat can take fail this test,
 * at a few microseconds each; the cutting planes took 8.6 ms a point to prove them. */
#include "price_kkt_int.h"

#include <math.h>
#include <stdlib.h>

struct ranked {
	double ratio;
	int j;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return (x->ratio > y->ratio) - (x->ratio < y->ratio);
}

/* Per group, the columns that can carry mass by element per unit of mass, ascending, for
 * price_kkt_infeasible; a group with a column it cannot rank (element without mass, or a
 * negative coefficient) gets none. */
int kkt_order(struct price_kkt *k, const struct model *m)
{
	k->mrow = m->mass_row[0] > 0 && m->mass_row[0] <= k->m ? m->mass_row[0] - 1 : -1;
	k->am = calloc((size_t)k->n + 1, sizeof *k->am);
	k->ord = malloc(((size_t)k->ng * k->n + 1) * sizeof *k->ord);
	k->nord = calloc((size_t)k->ng + 1, sizeof *k->nord);
	struct ranked *rk = malloc(((size_t)k->n + 1) * sizeof *rk);
	if (!k->am || !k->ord || !k->nord || !rk) {
		free(rk);
		return -1;
	}
	for (int j = 0; j < k->n; j++)
		for (int p = k->cbeg[j]; p < k->cbeg[j + 1]; p++)
			if (k->rind[p] == k->mrow)
				k->am[j] = k->aval[p];
	for (int g = 0; g < k->ng; g++) {
		int *o = k->ord + (size_t)g * k->n, n = 0;
		const double *ge = k->ge + (size_t)g * k->n;
		bool ok = k->mrow >= 0;
		for (int j = 0; ok && j < k->n; j++) {
			if (ge[j] < 0 || k->am[j] < 0 || (ge[j] > 0 && k->am[j] == 0))
				ok = false;
			else if (k->am[j] > 0)
				rk[n++] = (struct ranked){ge[j] / k->am[j], j};
		}
		if (!ok)
			n = 0;
		qsort(rk, (size_t)n, sizeof *rk, ranked_cmp);
		for (int q = 0; q < n; q++)
			o[q] = rk[q].j;
		k->nord[g] = n;
	}
	free(rk);
	return 0;
}

/* The least (dir +1) or most (dir -1) element mass of group g that the columns other than
 * skip can bring with `need` (dir +1: at least, dir -1: at most) mass above their lower
 * bounds: the fractional knapsack of the mass row and one element row. NAN when at least
 * that much mass cannot be had. */
static double kkt_knapsack(const struct price_kkt *k, int g, int skip, double need, int dir)
{
	const int *o = k->ord + (size_t)g * k->n;
	const double *ge = k->ge + (size_t)g * k->n;
	int n = k->nord[g];
	double e = 0;
	for (int q = 0; q < n && need > 0; q++) {
		int j = o[dir > 0 ? q : n - 1 - q];
		if (j == skip)
			continue;
		double cap = (k->cu[j] - k->cl[j]) * k->am[j], take = fmin(cap, need);
		if (dir < 0 && ge[j] <= 0)
			break;
		e += take / k->am[j] * ge[j];
		need -= take;
	}
	return dir > 0 && need > 1e-9 * (1 + fabs(need)) ? NAN : e;
}

int price_kkt_infeasible(struct price_kkt *k, int j, double q)
{
	int at = j - 1;
	if (k->mrow < 0)
		return 0;
	double ml = k->rl[k->mrow], mu = k->ru[k->mrow], mass0 = k->am[at] * q;
	double *e0 = k->yh; /* work space, per group: the rest at their lower bounds */
	for (int g = 0; g < k->ng; g++)
		e0[g] = k->ge[(size_t)g * k->n + at] * q;
	/* The columns with a lower bound other than 0 (at the base's bounds: a point has
	 * put its column's back), in column order. */
	for (int t = 0; t < k->nlbl; t++) {
		int i = k->lbl[t];
		if (i == at || k->cl[i] == 0)
			continue;
		mass0 += k->am[i] * k->cl[i];
		for (int g = 0; g < k->ng; g++)
			e0[g] += k->ge[(size_t)g * k->n + i] * k->cl[i];
	}
	double tol = 1e-9 * (1 + fabs(mu));
	if (mass0 > mu + tol)
		return 1;
	for (int c = 0; c < k->ncone; c++) {
		const struct kkt_cone *cn = &k->cone[c];
		if (k->nord[cn->g] == 0)
			continue;
		double own = k->z * sqrt(k->s2[(size_t)cn->g * k->n + at]) * fabs(q);
		double rest = cn->side > 0 ? kkt_knapsack(k, cn->g, at, ml - mass0, +1)
		                           : kkt_knapsack(k, cn->g, at, mu - mass0, -1);
		if (isnan(rest))
			return 1;
		/* f >= side (e0 + rest) + z sd_i q: sigma is at least the item's own sd. */
		double f = cn->side * (e0[cn->g] + rest) + own;
		if (f > cn->h + 1e-7 * (1 + fabs(cn->h)))
			return 1;
	}
	return 0;
}
