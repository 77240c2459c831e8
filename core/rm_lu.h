/* rm_lu: small dense linear systems, by Gaussian elimination with partial pivoting.
 * For the few dozen rows of a KKT system (price/price_kkt.c): LAPACK's blocked dgesv spent
 * 40% of a price table's time in Debian's reference dgemm at that size. */
#ifndef RM_LU_H
#define RM_LU_H

/* Solves A x = b in place (A is destroyed, b becomes x) for the n x n A stored by rows;
 * 1 when a pivot falls below 1e-14 of A's largest entry (singular), else 0. */
int rm_lu_solve(int n, double *A, double *b);

#endif
