/* price: what a lot or an offer is worth to us against a reference heat of one grade, and
 * how much of it we can use.
 *
 * The reference heat (grade G, M kg tapped) is charged at least cost from the whole
 * inventory: every lot at its book price, additives as in plan. For one material j, let
 * G(q) be the least cost of the rest of the charge when q kg of j go in. Its value in use
 * v(q) = -G'(q) is what the q-th kg saves; G is convex, so v falls as q grows (a step
 * function for the LP). Then, per kg:
 *   break_even = v(0+): the highest price at which the optimal charge takes any of j;
 *   full_use   = v(mass-): the highest price at which it takes all of j's mass (NAN when
 *                even a free lot cannot all go in: the heat cannot hold it, or v < 0);
 *   curve      = v at 1/4, 1/2, 3/4 and all of the mass: the price at which the optimum
 *                would take that much; steps: v exactly, as (from, to] kg pieces.
 *
 * How (confidence 0): fix j's usage at q. The reduced cost d of that fixed column is the
 * dual of its bound, so v(q) = price - d; glp_analyze_bound says over which range of q the
 * basis stays optimal, i.e. where v keeps that value. One warm dual-simplex step past the
 * end of the range gives the next piece: parametric on the bound, never bisection. A lot
 * the base optimum leaves unused needs no re-solve at all for its break-even. One grade:
 * every piece (price_walk.c); every grade: v at the two ends only, still exact
 * (price_sample.c), the curve's inner points left NAN. The LP holds only the columns in
 * play (price_cols.c). With chance constraints (confidence > 0) G is no longer piecewise
 * linear: v is read at the curve's points, and steps are empty. The base comes from the
 * cutting planes (model_solve_chance) and is then solved on its KKT conditions; each point
 * starts from there (price_kkt.c: Newton steps on the active set, exact at z), a point
 * that a two-row relaxation proves out of reach is skipped, and a point the KKT path does
 * not settle is solved by cutting planes from the base as before.
 *
 * Offers are priced one at a time against the yard, the other offers held at 0: a buyer
 * decides on each offer, and two offers that fill the same need would otherwise each look
 * worthless next to the other. Lots are priced against the yard without any offer.
 *
 * Ownership: price_run returns a table freed with price_free. Items point into the plant's
 * inventory and into offers, which must outlive the table. glp_prob never leaves solver/. */
#ifndef PRICE_H
#define PRICE_H

#include <stdbool.h>
#include <stddef.h>

#include "plant.h"
#include "rm_error.h"

/* Reference heat when heats.csv has no heat of the grade: a typical reverberatory tap. */
#define PRICE_DEFAULT_HEAT_KG 20000.0
/* Chance cuts stop when no cone is violated by more than this many sd (plan: 1e-3): the
 * values in use are duals, which follow the cuts (tests/tools/price_socp.py). */
#define PRICE_CHANCE_TOL_SD 1e-5
/* --jobs: at most this many processes price one grade (price/price_jobs.c). */
#define PRICE_JOBS_MAX 64
#define PRICE_NCURVE 4 /* the curve at 1/4, 1/2, 3/4 and all of the mass */

enum price_verdict { PRICE_BUY, PRICE_BUY_SOME, PRICE_DONT };

struct price_step {
	double from_kg, to_kg; /* v(q) = value for from < q <= to */
	double value;
};

struct price_item {
	const struct material *mat;
	bool offer;
	size_t src;        /* index of mat among the lots (inventory order) or the offers */
	double used_kg;    /* what the reference heat's optimum charges (lots; 0 for offers) */
	double break_even; /* NAN: no charge can take any; INFINITY: the grade needs it */
	double need_kg;    /* with INFINITY: the least of it any charge needs */
	double full_use;   /* NAN: not even free can all of it go in */
	double max_kg;     /* the most of it the heat can take, at any price (under chance
	                    * constraints: the largest curve point that fits) */
	double curve_kg[PRICE_NCURVE], curve[PRICE_NCURVE]; /* curve NAN past max_kg */
	size_t nstep;
	struct price_step *step; /* ascending in kg; one grade at confidence 0 only */
	/* Against the book price (lots) or the quote (offers): */
	enum price_verdict verdict;
	double buy_kg;        /* what the optimum takes at that price */
	double margin_per_kg; /* average value of buy_kg minus the price; with nothing to buy,
	                       * break_even minus the price */
	double gain;          /* what the buy_kg kg save in the charge, G(0) - G(buy_kg), in JPY (0
	                       * with nothing to buy; NAN when the grade cannot do without it) */
};

struct price_grade {
	size_t grade;      /* index into the plant's grades */
	double heat_kg;    /* the reference heat */
	size_t heat_basis; /* how many heats of heats.csv it is the mean of; 0: given/default */
	bool heat_given;   /* --heat-kg */
	bool feasible;     /* the grade can be made from the yard */
	double base_cost;  /* least cost of the reference heat */
	size_t nitem;
	struct price_item *item; /* lots in inventory order, then offers in file order */
	/* Under chance constraints, the points solved on their KKT conditions in this process
	 * (--jobs 1; workers' are not counted): how many, their steps, and the columns'
	 * reduced costs evaluated (price_kkt_count). */
	unsigned long kkt_points, kkt_steps, kkt_dj;
	/* Of those, the fixed points an LP tried to prove out of reach, and proved. */
	unsigned long kkt_far, kkt_far_proven;
};

struct price_opts {
	long grade;        /* index of the grade, -1 = every grade */
	double heat_kg;    /* 0 = typical: the mean of heats.csv's heats of the grade, else
	                    * PRICE_DEFAULT_HEAT_KG */
	double margin;     /* as plan */
	double confidence; /* as plan */
	size_t jobs;       /* processes pricing a grade's items under chance constraints, and
	                    * grades priced side by side in the every-grade table
	                    * (price/price_jobs.c); 0 = one per processor online */
	/* Only these lots and offers are priced, by id (only NULL: every one); the whole
	 * yard still charges the reference heat. A buyer weighing an offer need not wait for
	 * the yard's 1,000 lots. */
	const char *const *only;
	size_t nonly;
	/* Every chance-constrained point by cutting planes, none on its KKT conditions (the
	 * way before price_kkt.c): for tests and comparisons. */
	bool cuts_only;
	/* Every column's reduced cost at every step of a KKT point (the way before partial
	 * pricing, price_kkt.c): for tests, the values are the same bit for bit. */
	bool kkt_full;
	/* No fixed point proven out of reach by an LP (price/price_kkt_far.c), every one left
	 * to its path and the cutting planes: for tests, the values are the same bit for
	 * bit. */
	bool kkt_no_far;
	/* Progress: called in this process once per item priced, as each comes in (file order
	 * at --jobs 1; with workers, in the order their items arrive; every grade under chance
	 * constraints with jobs > 1 prices grades side by side, so rows of different grades
	 * interleave), with done the count of the grade's items priced so far, 1 ..
	 * pg->nitem. pg's heat, feasibility and base
	 * cost are set, and pg->item[k] holds the row just priced. A grade that cannot be made
	 * prices nothing and calls nothing. The library shows nothing itself: a caller streams
	 * rows or counts "priced 120 of 1,000" (the TUI). NULL: no calls. */
	void (*progress)(void *ctx, const struct price_grade *pg, size_t k, size_t done);
	void *progress_ctx;
};

struct price_table {
	bool all_grades; /* every grade was asked for (no --grade) */
	double margin, confidence;
	size_t nlots, noffers; /* priced (all, or those of opts.only) */
	size_t ngrade;
	struct price_grade *g;
};

/* Prices every lot of p and every material of offers (NULL: none) against opts->grade or
 * every grade. Offers must not share an id with the inventory. */
int price_run(const struct plant *p, const struct inventory *offers, const struct price_opts *o,
              struct price_table **out, struct rm_error *err);
void price_free(struct price_table *t);

/* A quote what-if without a re-solve (price/price_quote.c): the verdict, buy_kg and margin
 * of an offer priced earlier, again at its material's price now (mat->price), from what its
 * row already knows. With the exact steps (one grade at confidence 0) always, by the very
 * arithmetic of the walk. From points (chance constraints, or the every-grade table) when
 * the curve settles it: a quote above the break-even buys nothing, and one below the full
 * use buys all of it, whose gain is known once the row bought all. 0 when done; 1 when the
 * row does not tell (a quote between full use and break-even, or a tie with either): the
 * item must be priced again, and it is left as it was. */
int price_requote(struct price_item *it);

/* One grade's reference heat kept solved, for quote what-ifs on its offers
 * (price/price_warm.c): an offer's quote does not move the base (offers are held at 0 in
 * it), so re-pricing one offer at a new quote starts from the base kept, not from nothing.
 * The TUI's pricing child keeps one per grade shown. Lots' prices, the yard, the margin or
 * the confidence moving do move the base: a new one is needed then. */
struct price_warm;
/* Builds and solves o->grade's base (o->grade >= 0; only and progress are not used). p and
 * offers must outlive it; offers' quotes may change between calls. */
int price_warm_open(const struct plant *p, const struct inventory *offers,
                    const struct price_opts *o, struct price_warm **out, struct rm_error *err);
/* The grade's head: heat, feasibility, base cost; no items. */
const struct price_grade *price_warm_grade(const struct price_warm *w);
/* Offer k of offers priced at its quote now (offers->m[k].price), into *it, as price_run
 * prices it for that grade (--only the offer); it->step is the caller's to free. A grade
 * that cannot be made, or a quarantined offer, leaves the row unpriced (as price_run). */
int price_warm_offer(struct price_warm *w, size_t k, struct price_item *it, struct rm_error *err);
void price_warm_free(struct price_warm *w);

#endif
