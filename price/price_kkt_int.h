/* price_kkt_int: what the files of price_kkt share (private to them): the program as read
 * from the model, the solver's state, and its work space. */
#ifndef PRICE_KKT_INT_H
#define PRICE_KKT_INT_H

#include "price_kkt.h"

/* Steps (Newton steps and corrections of the set) before a point gives up: this many, and
 * one more per KKT_ITER_PER columns (a 5,000-lot yard's points take about twice the steps
 * of a 1,000-lot one's; fewer left 10 of 500 items to the cutting planes, at 0.4 s each). */
#define KKT_ITER_MAX 200
#define KKT_ITER_PER 20
/* The step of a fixed point's path at which, once, an LP tries to prove the point out of
 * reach (price_kkt_far.c; also when the path gives up sooner). Paths that solve take 31
 * steps on average; an earlier try (120) cost more in paths that would have solved than it
 * saved. */
#define KKT_FAR_STEP 180
/* Full steps in a row (no event) without halving the residual before a point gives up. */
#define KKT_STALL 8
/* The regularisation of a singular KKT matrix, relative to its largest entry. */
#define KKT_REG 1e-10
/* Relative tolerance of the residuals, and of the checks of what the set leaves out. */
#define KKT_TOL 1e-9
/* A point whose path stalls is tried again in 2, then 4, ... up to this many stages. 4 left
 * the full use of lots the heat only just takes to GLPK's cutting planes (1 point of the
 * 1,000-lot x 5-grade table, 17 of plantgen seed 3's 1,000-lot table: 11.3 s of CPU there,
 * 7.5 s with 16), and after a loose base each grade with one paid a tight GLPK base again. */
#define KKT_STAGES 16
/* Columns per bucket of partial pricing's pool (price_kkt.c, kkt_cands). */
#define KKT_BUCKET 32

enum { ST_LO = -1, ST_FREE = 0, ST_UP = 1, ST_FIX = 2 };

/* One limited side of a group's element: side (A_row x) + z sigma_g(x) <= h. */
struct kkt_cone {
	int g, side;
	double h;
};

struct kkt_state {
	double *x, *y, *nu; /* [n], [m], [ncone] */
	signed char *cs, *rs, *ks;
};

struct price_kkt {
	int n, m, ng, ncone;
	double z, c0, cmax;
	double *c, *cl, *cu, *rl, *ru;
	int *cbeg, *rind; /* A by columns, rows 0-based */
	double *aval;
	int *rbeg, *rcol; /* A by rows */
	double *rval;
	int *grow;       /* [ng] the element row of group g */
	int *rgroup;     /* [m] the group whose element row r is, -1 none */
	double *s2, *ge; /* [ng * n] sd^2 per column unit, and the element row, dense */
	struct kkt_cone *cone;
	struct kkt_state base, cur;
	double *ax, *sig, *d; /* [m], [ng], [n] at the current x */
	double *bd, bobj;     /* the base's reduced costs and objective */
	double *yh, *wg;      /* [m], [ng]: kkt_eval's work */
	int *nzl;             /* [n] the columns in use */
	int mrow;             /* the mass row (0-based), -1 none */
	double *am;           /* [n] the columns' coefficients in it */
	int *ord;             /* [ng * n] columns by element per mass, ascending */
	int *nord;            /* [ng] how many of them (0: the group is not ranked) */
	int *fl, *rl_, *kl;   /* the active set as lists */
	int *rpos;            /* [m] a row's place among the active ones, -1 none */
	double *K, *rhs;      /* the KKT matrix of the active set, and its right-hand side */
	double *w0;           /* kkt_save: the state a step starts from */
	double *w1;           /* [n + m + ncone] kkt_direction: rhs kept for a regularised retry */
	size_t capk;          /* K's room: the largest active set so far, squared */
	/* Partial pricing (price_kkt.c, kkt_dj): during a point only the columns in play are
	 * evaluated at every step; a column the base leaves at a bound is looked at only when
	 * the move of the duals since the base could have turned its reduced cost. full: every
	 * column at every step (the base's own path, and price_kkt_init's full). */
	bool full;
	int *sl, nsl;       /* [n] the columns in play, ascending: free, nonzero, touched */
	unsigned char *ins; /* [n] j is in sl */
	int *bsl, nbsl;     /* sl at the base */
	int *rnz, nrnz;     /* [m] the rows with yhat != 0 at the last evaluation, ascending */
	double *yh0;        /* [m] yhat at kkt_save, and its rows */
	int *rnz0, nrnz0;
	double *yhb;         /* [m] yhat at the base (of bd) */
	double *rmin, *rmax; /* [m] a row's least and largest coefficient over the pools */
	int *plo, nplo;      /* the base's columns at a lower bound not in play, bd ascending */
	int *pup, npup;      /* at an upper bound, bd descending */
	double *bmin, *bmax; /* [m] per KKT_BUCKET of plo: the rows' ranges over it */
	int *cand;           /* [n] kkt_cands */
	int *lbl, nlbl;      /* the columns with a lower bound other than 0 (price_kkt_reach.c) */
	/* price_kkt_far.c: the LP, built at the first try; the fixed point a path may try to
	 * prove out of reach (far_at: its column, 0-based, -1 none), and the tries and proofs. */
	struct kkt_far *far;
	int far_at;
	bool far_off; /* price_kkt_far_on(k, false) */
	double far_q, far_bl, far_bu;
	unsigned long nfar, nfar_proven;
	unsigned long ndj; /* columns' reduced costs evaluated (price_kkt_count) */
	unsigned long npt; /* points, and their steps */
	unsigned long nstep;
};

/* Rounds of tangents the LP of price_kkt_far.c may take: at step KKT_FAR_STEP (or when the
 * path gives up sooner), and once more before a point falls back to GLPK (more: such a
 * point costs the cutting planes, and a tight GLPK base solved again, price.c). */
#define KKT_FAR_ROUNDS 3
#define KKT_FAR_ROUNDS_LAST 10
/* 1 when the LP of price_kkt_far.c proves, within `rounds` rounds of tangents, that no
 * charge takes column at (0-based) at q (bl, bu: its base bounds), 0 when it does not, -1
 * out of memory. */
int kkt_far(struct price_kkt *k, int at, double q, double bl, double bu, int rounds);
void kkt_far_free(struct kkt_far *f);
/* The state's x, y, nu and sets (price_kkt_init.c). */
void kkt_state_copy(struct kkt_state *to, const struct kkt_state *from, int n, int m, int nc);
/* The current state back to the base: every column in full mode, else only those in play
 * (price_kkt.c). */
void kkt_reset(struct price_kkt *k);
/* Column j into the columns in play (price_kkt.c). */
void kkt_play(struct price_kkt *k, int j);
/* A x, sigma, and (dj) the reduced costs at the current state (price_kkt.c). */
void kkt_eval(struct price_kkt *k, bool dj);
/* From the current state to a checked optimum; 0, 1 not found, -1 out of memory. */
int kkt_solve(struct price_kkt *k);
/* The objective, and column j's (1-based) value and reduced cost at the current state. */
void kkt_sol(const struct price_kkt *k, int j, struct price_kkt_sol *sol);
/* The mass row and the columns by element per mass (price_kkt_reach.c); -1 out of memory. */
int kkt_order(struct price_kkt *k, const struct model *m);

static inline double kkt_cone_f(const struct price_kkt *k, int c)
{
	const struct kkt_cone *cn = &k->cone[c];
	return cn->side * k->ax[k->grow[cn->g]] + k->z * k->sig[cn->g];
}

#endif
