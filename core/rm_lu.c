/* rm_lu: small dense linear systems. */
#include "rm_lu.h"

#include <math.h>
#include <stddef.h>

int rm_lu_solve(int n, double *A, double *b)
{
#define A_(i, j) A[(size_t)(i)*n + (j)]
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
		if (!(fabs(A_(p, c)) > 1e-14 * amax))
			return 1;
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
		for (int r = c + 1; r < n; r++) {
			double f = A_(r, c) * inv;
			if (f == 0)
				continue;
			for (int j = c + 1; j < n; j++)
				A_(r, j) -= f * A_(c, j);
			b[r] -= f * b[c];
		}
	}
	for (int c = n - 1; c >= 0; c--) {
		double v = b[c];
		for (int j = c + 1; j < n; j++)
			v -= A_(c, j) * b[j];
		b[c] = v / A_(c, c);
	}
#undef A_
	return 0;
}
