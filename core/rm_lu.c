/* rm_lu: small dense linear systems. */
#include "rm_lu.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

int rm_lu_solve(int n, double *A, double *b)
{
#define A_(i, j) A[(size_t)(i)*n + (j)]
	int *nz = malloc((size_t)n * sizeof *nz); /* NULL: the dense loop */
	double amax = 0;
	/* fmax is a library call at -O2 (a few per cent of a price table); a NaN entry is
	 * skipped here as fmax skips it. */
	for (size_t q = 0; q < (size_t)n * n; q++) {
		double a = fabs(A[q]);
		amax = a > amax ? a : amax;
	}
	for (int c = 0; c < n; c++) {
		int p = c;
		for (int r = c + 1; r < n; r++)
			if (fabs(A_(r, c)) > fabs(A_(p, c)))
				p = r;
		if (!(fabs(A_(p, c)) > 1e-14 * amax)) {
			free(nz);
			return 1;
		}
		if (p != c) {
			for (int j = c; j < n; j++) {
				double t = A_(c, j);
				A_(c, j) = A_(p, j);
				A_(p, j) = t;
			}
			double t = b[c];
			b[c] = b[p];
			b[p] = t;
		}
		double inv = 1 / A_(c, c);
		/* Only the pivot row's nonzeros update a row: a KKT system of many blocks
		 * (chance_newton.c, hundreds of rows) is mostly zeros. Subtracting f x 0 changed
		 * nothing, so the result is the same bit for bit. */
		int nnz = 0;
		for (int j = c + 1; nz && j < n; j++)
			if (A_(c, j) != 0)
				nz[nnz++] = j;
		for (int r = c + 1; r < n; r++) {
			double f = A_(r, c) * inv;
			if (f == 0)
				continue;
			if (nz)
				for (int q = 0; q < nnz; q++)
					A_(r, nz[q]) -= f * A_(c, nz[q]);
			else
				for (int j = c + 1; j < n; j++)
					A_(r, j) -= f * A_(c, j);
			b[r] -= f * b[c];
		}
	}
	free(nz);
	for (int c = n - 1; c >= 0; c--) {
		double v = b[c];
		for (int j = c + 1; j < n; j++)
			v -= A_(c, j) * b[j];
		b[c] = v / A_(c, c);
	}
#undef A_
	return 0;
}
