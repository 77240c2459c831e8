/* Reduced costs of every lot against P's row duals, d = c - A'y: how price_cols.c finds
 * the lots that would enter. It runs after every re-solve, so it is the inner loop of the
 * whole price table. The mass and element rows hold a coefficient for nearly every lot:
 * they are stored dense, row by row, which turns d into a few long vector updates. Rows
 * of single lots (minimum charges) stay sparse. */
#include <stdlib.h>
#include <string.h>

#include "price_lp.h"

int price_dj_init(struct price_lp *lp)
{
	size_t nl = lp->inv->nlots, nr = (size_t)lp->nrow, ns = 0;
	size_t *cnt = calloc(nr + 1, sizeof *cnt);
	lp->drow = malloc((nr + 1) * sizeof *lp->drow);
	lp->dj = malloc((nl + 1) * sizeof *lp->dj);
	lp->sbeg = malloc((nl + 1) * sizeof *lp->sbeg);
	if (!cnt || !lp->drow || !lp->dj || !lp->sbeg) {
		free(cnt);
		return -1;
	}
	for (size_t k = lp->cbeg[0]; k < lp->cbeg[nl]; k++)
		cnt[lp->cind[k]]++;
	/* Dense when at least a quarter of the lots have a coefficient there. */
	lp->ndense = 0;
	for (size_t r = 1; r <= nr; r++)
		if (cnt[r] && 4 * cnt[r] >= nl)
			lp->drow[lp->ndense++] = (int)r;
		else
			ns += cnt[r];
	lp->dense = calloc(lp->ndense * nl + 1, sizeof *lp->dense);
	lp->sind = malloc((ns + 1) * sizeof *lp->sind);
	lp->sval = malloc((ns + 1) * sizeof *lp->sval);
	int *slot = malloc((nr + 1) * sizeof *slot);
	if (!lp->dense || !lp->sind || !lp->sval || !slot) {
		free(cnt);
		free(slot);
		return -1;
	}
	for (size_t r = 0; r <= nr; r++)
		slot[r] = -1;
	for (size_t d = 0; d < lp->ndense; d++)
		slot[lp->drow[d]] = (int)d;
	size_t s = 0;
	for (size_t i = 0; i < nl; i++) {
		lp->sbeg[i] = s;
		for (size_t k = lp->cbeg[i]; k < lp->cbeg[i + 1]; k++) {
			int r = lp->cind[k];
			if (slot[r] >= 0) {
				lp->dense[(size_t)slot[r] * nl + i] = lp->cval[k];
			} else {
				lp->sind[s] = r;
				lp->sval[s++] = lp->cval[k];
			}
		}
	}
	lp->sbeg[nl] = s;
	free(cnt);
	free(slot);
	return 0;
}

void price_dj_free(struct price_lp *lp)
{
	free(lp->drow);
	free(lp->dense);
	free(lp->dj);
	free(lp->sbeg);
	free(lp->sind);
	free(lp->sval);
}

/* d -= y a over n lots, two at a time: at -O2 the compiler turns the pair into one
 * vector operation (restrict: d and a do not overlap). */
static void dj_axpy(double *restrict d, const double *restrict a, double y, size_t n)
{
	size_t i = 0;
	for (; i + 2 <= n; i += 2) {
		d[i] -= y * a[i];
		d[i + 1] -= y * a[i + 1];
	}
	if (i < n)
		d[i] -= y * a[i];
}

void price_dj(struct price_lp *lp)
{
	size_t nl = lp->inv->nlots;
	double *d = lp->dj;
	if (lp->zero_cost)
		memset(d, 0, nl * sizeof *d);
	else
		memcpy(d, lp->cost, nl * sizeof *d);
	for (size_t k = 0; k < lp->ndense; k++) {
		double yr = lp->y[lp->drow[k]];
		if (yr != 0)
			dj_axpy(d, lp->dense + k * nl, yr, nl);
	}
	for (size_t i = 0; i < nl; i++)
		for (size_t s = lp->sbeg[i]; s < lp->sbeg[i + 1]; s++)
			d[i] -= lp->y[lp->sind[s]] * lp->sval[s];
}
