/* adjust: the correction of a sampled bath (remelt adjust), on GLPK.
 *
 * A bath of B kg (sd sB) in a furnace has the spectrometer's composition m_e (sd s_e). Choose
 * additions x_j >= 0 of the data's lots and additives (and, with pour_off, a mass p of the
 * bath tapped off first, 0 <= p <= B - heel, and made up again: sum_j yield_j x_j >= p) to
 * minimise
 *     sum_j price_j x_j - V sum_j yield_j x_j + (V - W) p
 * subject to, with the final bath F = B - p + sum_j yield_j x_j and r_je the recovery of e
 * (the material's rec_<El>, else the furnace's):
 *     F <= capacity of the furnace,   x_j <= stock of j,
 *     lo_e F <= (B - p) m_e + sum_j yield_j r_je c_je x_j <= hi_e F   (every limited e, wt%)
 * where [lo_e, hi_e] is the grade's internal window (margin). Whole units and minimum charges
 * make it a MIP. At confidence P each side holds with probability P over the sample's sd,
 * the bath mass's sd and the additions' own sd (independent normal errors):
 *     G(x) + z_P sqrt(((B - p) s_e)^2 + ((m_e - L) sB)^2 + sum_j (yield_j r_je sd_je x_j)^2) <= 0
 * for G(x) = 100 (element kg - L/100 F) on a max side (the mirror image on a min side), in
 * the extended form of solver/chance/chance_cone.c (a piece per source of error, each cut by its
 * own tangents) until none is violated.
 *
 * Ownership: adjust_solve returns an adjust freed with adjust_free; it refers to the plant by
 * index (materials, elements). glp_prob never leaves this module. */
#ifndef ADJUST_H
#define ADJUST_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"
#include "plant.h"
#include "plant_sample.h"
#include "rm_error.h"

/* The value of off-grade metal poured off, as a share of the metal value V, unless given:
 * secondary smelters pay roughly 60-80% of an alloy's price for off-spec remelt metal [E]. */
#define ADJUST_OFF_GRADE_SHARE 0.7
/* Rounds of tangents of the chance windows before the solve is given up as not converged. */
#define ADJUST_MAX_ROUNDS 500

struct adjust_opts {
	size_t grade; /* index into p->grades */
	long furnace; /* index into p->furnaces, -1: none (no capacity, rec 1) */
	const struct plant_sample *sample;
	double bath_kg, bath_sd; /* kg */
	double metal_value;      /* V: value of a kg of tapped metal */
	double margin;           /* internal windows, as plan's --margin */
	double confidence;       /* 0: the values taken as exact */
	bool pour_off;           /* p may be > 0 */
	double off_value;        /* W: value of a kg poured off */
	double time_limit_s;     /* branch and bound; 0: 60 s */
};

struct adjust_item {
	size_t mat;
	double kg; /* charged, unrounded */
};

/* One side of an element's window in the final bath. */
struct adjust_limit {
	size_t e;
	int side;        /* -1 min, +1 max */
	double limit;    /* internal limit, wt% */
	double spec;     /* the grade's limit on that side, wt% */
	double before;   /* the sample's value, wt% */
	double after;    /* the final bath's (NAN: no correction) */
	double sd;       /* sd of the final value (before, without a correction), wt% */
	double p_before; /* P(the spec limit holds) as sampled */
	double p_ok;     /* P(the spec limit holds) after (before, without a correction) */
	double best;     /* infeasible: the best value reachable within capacity and stock, the
	                  * other limits dropped (LP, whole units relaxed) */
	bool fails;      /* infeasible: best is beyond the limit */
};

struct adjust {
	enum plan_status status; /* OPTIMAL, INFEASIBLE, TIME_LIMIT */
	size_t grade;
	bool mip;              /* whole units or minimum charges */
	bool rules_only;       /* infeasible only with whole units and minimums */
	bool uncertainty_only; /* infeasible at the confidence asked, not with the values
	                        * taken as exact */
	size_t rounds;         /* of chance cuts */
	double bath_kg, poured_kg, final_kg, capacity_kg; /* capacity INFINITY: none */
	double metal_value, off_value;
	double cost;      /* sum price x */
	double metal_kg;  /* sum yield x */
	double objective; /* cost - V metal_kg + (V - W) poured_kg */
	size_t nadd;
	struct adjust_item *add; /* inventory order, kg > 0 */
	size_t nlim;
	struct adjust_limit *lim; /* the grade's limited elements, min before max */
	double p_ok_before, p_ok; /* P(every spec limit holds) */
	size_t ncomp;
	double *after; /* [sample->n]: the final bath's wt% of each sampled element (a sampled
	                * element no material reports is only diluted); NAN: no correction */
};

/* An addition's place on the correction sheet: dilution (scrap, primary metal) goes in
 * first, alloying additions last, where the least of them burns off. An alloying addition
 * is an additive holding ADJUST_ALLOYING_PCT wt% or more of one element. */
#define ADJUST_ALLOYING_PCT 10.0
bool adjust_alloying(const struct material *m);

/* --divert: the correction of the same bath to another grade. */
struct adjust_alt {
	size_t grade;
	long unsampled;   /* a limited element the sample lacks (no correction solved), or -1 */
	struct adjust *a; /* NULL when unsampled */
};

/* What the sheet shows: the bath, where it is and what was asked. */
struct adjust_case {
	const char *heat; /* NULL: --grade and --furnace */
	long furnace;     /* -1: none */
	double bath_sd;
	bool value_given; /* --metal-value, else the planned cost (value_found: one exists) */
	bool value_found;
	double margin, confidence;
	bool pour_off;
	const struct plant_sample *sample;
	size_t nalt;
	struct adjust_alt *alt; /* --divert, cheapest first; NULL without */
};

int adjust_solve(const struct plant *p, const struct adjust_opts *o, struct adjust **out,
                 struct rm_error *err);
void adjust_free(struct adjust *a);
/* A plant element that grade g limits and the sample lacks, or -1. */
long adjust_unsampled(const struct plant *p, size_t g, const struct plant_sample *s);
/* The default V: the cost per kg tapped of the least-cost charge of one heat of grade g
 * in furnace f (-1: none) of tap_kg, from the whole inventory, at margin, values taken as
 * exact, within time_limit_s (0: plan's default). *found is false (and *v 0) when no charge
 * makes it or none was found in time. */
int adjust_metal_value(const struct plant *p, size_t g, long f, double tap_kg, double margin,
                       double time_limit_s, double *v, bool *found, struct rm_error *err);

#endif
