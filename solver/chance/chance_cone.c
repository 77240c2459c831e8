/* Chance constraints in extended form: one cone's standard deviation split per material.
 *
 * Kelley's cut of sigma(x) = ||diag(s) x|| is a tangent at the whole point x: a material
 * the point leaves out gets no variance at all in it, so the next LP takes it, the next
 * cut takes it back, and a yard whose optimum spreads over dozens of lots (independent
 * errors average out) needs hundreds of rounds of one dense cut per cone (one 18 t heat
 * from a 1,000-lot yard: 23.9 s, against 0.29 s split; docs/uncertainty.md). The extended
 * form (Vielma, Dunning, Huchette and Lubin, "Extended formulations in mixed integer conic
 * quadratic programming", 2017) writes the cone side.(a.x) + z sigma(x) <= side.lim as
 *     side.(a.x) + z t <= side.lim,   sum_i y_i <= t,   y_i >= s_i^2 x_i^2 / t,
 * and approximates each two-variable piece y_i t >= s_i^2 x_i^2 by its own tangents: at
 * ratio r = x_i / t, y_i >= s_i^2 (2 r x_i - r^2 t), valid for every x_i, t >= 0 (the
 * perspective of a convex function is convex). Every material gets the curvature of its
 * own piece, so the LP can spread a charge over many lots, and a round adds a sparse row
 * (three entries) per material in use instead of one dense row per cone.
 *
 * Only an LP `plan` and `price`'s base split cones (model.opt.split_cones), and only in the
 * first CHANCE_SPLIT_ROUNDS rounds (chance.c); later rounds, and the lazy rows of branch and
 * bound (which cannot add columns), are Kelley's whole-cone cuts of chance.c. Both are
 * valid for every plan that meets the cones, so mixing them keeps the search exact. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "chance.h"
#include "rm_grow.h"

/* Cones with a per-material tangent below this share of t are left as they are. */
#define CONE_TOL_REL 1e-7
/* Tangents are taken at t no less than this share of sigma: where the LP leaves t near 0
 * the ratio x / t, and the row's coefficients, would blow up. At a share a the pieces'
 * tangents of a new cone (t = 0) add up to t >= 2a / (1 + a^2) sigma: 0.1 only asked for
 * 0.2 sigma, and the rounds climbed to sigma one at a time; 0.5 asks for 0.8 sigma (500
 * lots x 10 heats, seed 11: 34 rounds and 34,900 pivots instead of 51 and 39,700). At 1
 * the tangents add up to Kelley's cut exactly, and GLPK's dual simplex cycled on that
 * day (killed after 10 minutes). */
#define CONE_T_MIN_REL 0.5
/* The floor where the rounds are not plan's sifted LP: a MIP's relaxation, whose branch and
 * bound was measured from the relaxation it gave, and pricing. */
#define CONE_T_MIN_OTHER 0.1

/* Index into m->cone_of of heat k's cone of element e on side. */
static size_t cone_key(const struct model *m, size_t k, size_t e, int side)
{
	return (k * m->nel + e) * 2 + (side > 0);
}

static struct model_cone *cone_new(struct model *m, const struct chance *c, size_t k, size_t e,
                                   int side)
{
	struct model_cone *nc = rm_grow(m->cone, &m->capcone, m->ncone, sizeof *nc, 16);
	if (!nc)
		return NULL;
	m->cone = nc;
	struct model_cone *cn = &m->cone[m->ncone];
	if (!(cn->ycol = calloc(m->nm + 1, sizeof *cn->ycol)))
		return NULL;
	cn->k = k;
	cn->e = e;
	cn->side = side;
	char name[64];
	snprintf(name, sizeof name, "sd_%s_%s_%zu", rm_elem_symbol(m->p->els.z[e]),
	         side > 0 ? "max" : "min", k);
	cn->tcol = model_add_col(m, name, GLP_LO, 0, 0, 0, NULL, NULL);
	/* in a furnace sequence, the chain's columns too (chance_seq.c) */
	int n = m->nseq ? chance_seq_cone_row(m, c, k, e, side) : 0;
	for (size_t i = 0; !m->nseq && i < m->nm; i++) {
		double a = model_coef(m, k, i, e) * model_unit(m, i);
		if (a != 0 && !(m->out && m->out[model_col(m, k, i)])) {
			c->ind[++n] = model_col(m, k, i);
			c->val[n] = side * a;
		}
	}
	c->ind[++n] = cn->tcol;
	c->val[n] = c->z;
	double lim = side > 0 ? m->bhi[k * m->nel + e] : m->blo[k * m->nel + e];
	snprintf(name, sizeof name, "cone_%s_%s_%zu", rm_elem_symbol(m->p->els.z[e]),
	         side > 0 ? "max" : "min", k);
	cn->r0 = model_add_row(m, name, GLP_UP, side * lim, side * lim, n, c->ind, c->val);
	int ind[2] = {0, cn->tcol};
	double val[2] = {0, -1};
	cn->r1 = model_add_row(m, NULL, GLP_UP, 0, 0, 1, ind, val);
	m->cone_of[cone_key(m, k, e, side)] = ++m->ncone;
	return cn;
}

static struct model_cone *cone_get(struct model *m, const struct chance *c, size_t k, size_t e,
                                   int side)
{
	if (!m->cone_of && !(m->cone_of = calloc(m->nh * m->nel * 2 + 1, sizeof *m->cone_of)))
		return NULL;
	size_t at = m->cone_of[cone_key(m, k, e, side)];
	return at ? &m->cone[at - 1] : cone_new(m, c, k, e, side);
}

/* y_i's column, in r1. */
static int cone_ycol(struct model *m, struct model_cone *cn, size_t i)
{
	if (!cn->ycol[i]) {
		int ind[2] = {0, cn->r1};
		double val[2] = {0, 1};
		cn->ycol[i] = model_add_col(m, NULL, GLP_LO, 0, 0, 1, ind, val);
	}
	return cn->ycol[i];
}

/* How far material i's piece y_i >= s^2 x_i^2 / t is below its tangent at (x_i, t0),
 * evaluated at the current point (t); -1 when the material has no piece in play. */
static double cone_piece_viol(const struct model *m, const struct chance *c,
                              const struct model_cone *cn, size_t i, double t, double t0)
{
	double s = chance_sd(m, c->s, cn->k, i, cn->e), x = model_x(m, cn->k, i);
	double y = cn->ycol[i] ? model_colval(m, cn->ycol[i]) : 0;
	if (m->nseq) { /* s x_i becomes d_i over the chain (chance_seq.c) */
		double u = chance_seq_u(m, c, cn->k, cn->e, i), g = u / t0;
		return u > 0 ? 2 * g * u - g * g * t - y : -1;
	}
	if (!(s > 0 && x > 0))
		return -1;
	double r = x / t0;
	return s * s * (2 * r * x - r * r * t) - y;
}

long chance_cone_cuts(struct model *m, const struct chance *c, size_t k, size_t e, int side,
                      double sigma)
{
	struct model_cone *cn = cone_get(m, c, k, e, side);
	if (!cn)
		return -1;
	/* A column just made has no value yet: 0, and then t0 is the floor. */
	double t_min = m->opt.chance_sift && !m->mip ? CONE_T_MIN_REL : CONE_T_MIN_OTHER;
	double t = model_colval(m, cn->tcol), t0 = fmax(t, t_min * sigma), vmax = 0;
	if (c->piece_frac > 0)
		for (size_t i = 0; i < m->nm; i++)
			vmax = fmax(vmax, cone_piece_viol(m, c, cn, i, t, t0));
	long added = 0;
	for (size_t i = 0; i < m->nm; i++) {
		double v = cone_piece_viol(m, c, cn, i, t, t0);
		if (v <= CONE_TOL_REL * t0 || v < c->piece_frac * vmax)
			continue;
		double s2 = chance_sd(m, c->s, k, i, e) * chance_sd(m, c->s, k, i, e);
		double r = model_x(m, k, i) / t0;
		int ind[4] = {0, cone_ycol(m, cn, i), model_col(m, k, i), cn->tcol};
		double val[4] = {0, 1, -2 * s2 * r * model_unit(m, i), s2 * r * r};
		if (chance_cut_room(m) < 0)
			return -1;
		int row;
		if (m->nseq) /* the piece of d_i over the chain (chance_seq.c) */
			row = model_add_row(m, NULL, GLP_LO, 0, 0,
			                    chance_seq_piece_row(m, c, k, e, i,
			                                         chance_seq_u(m, c, k, e, i) / t0,
			                                         ind[1], cn->tcol),
			                    c->ind, c->val);
		else
			row = model_add_row(m, NULL, GLP_LO, 0, 0, 3, ind, val);
		m->cut[m->ncut++] = (struct model_cut){row, k, e, side, true, 0};
		m->ncut_added++;
		added++;
	}
	return added;
}

void chance_cone_truncate(struct model *m, size_t n, int ncol)
{
	for (size_t c = n; c < m->ncone; c++) {
		const struct model_cone *cn = &m->cone[c];
		m->cone_of[cone_key(m, cn->k, cn->e, cn->side)] = 0;
		free(cn->ycol);
	}
	if (n < m->ncone)
		m->ncone = n;
	for (size_t c = 0; c < m->ncone; c++)
		for (size_t i = 0; i < m->nm; i++)
			if (m->cone[c].ycol[i] > ncol)
				m->cone[c].ycol[i] = 0;
}

void chance_cone_renumber(struct model *m, const int *del, int nd)
{
	for (size_t c = 0; c < m->ncone; c++) {
		int below = 0;
		while (below < nd && del[below + 1] < m->cone[c].r0)
			below++;
		m->cone[c].r0 -= below;
		while (below < nd && del[below + 1] < m->cone[c].r1)
			below++;
		m->cone[c].r1 -= below;
	}
}

/* Ascending ints, for the rows and columns given to GLPK to delete. */
static int cone_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int chance_cone_remove(struct model *m)
{
	size_t nr = 2 * m->ncone, nc = m->ncone;
	for (size_t c = 0; c < m->ncut; c++)
		nr += m->cut[c].piece;
	for (size_t c = 0; c < m->ncone; c++)
		for (size_t i = 0; i < m->nm; i++)
			nc += m->cone[c].ycol[i] != 0;
	int *row = malloc((nr + 1) * sizeof *row), *col = malloc((nc + 1) * sizeof *col);
	if (!row || !col) {
		free(row);
		free(col);
		return -1;
	}
	int r = 0, j = 0;
	for (size_t c = 0; c < m->ncone; c++) {
		const struct model_cone *cn = &m->cone[c];
		row[++r] = cn->r0;
		row[++r] = cn->r1;
		col[++j] = cn->tcol;
		for (size_t i = 0; i < m->nm; i++)
			if (cn->ycol[i])
				col[++j] = cn->ycol[i];
	}
	for (size_t c = 0; c < m->ncut; c++)
		if (m->cut[c].piece)
			row[++r] = m->cut[c].row;
	qsort(row + 1, (size_t)r, sizeof *row, cone_cmp);
	/* The whole-cone cuts keep their rows, renumbered past the ones deleted before them. */
	size_t keep = 0;
	int below = 0;
	for (size_t c = 0; c < m->ncut; c++) {
		if (m->cut[c].piece)
			continue;
		while (below < r && row[below + 1] < m->cut[c].row)
			below++;
		m->cut[keep] = m->cut[c];
		m->cut[keep++].row -= below;
	}
	m->ncut = keep;
	model_del_rows(m, r, row);
	model_del_cols(m, j, col);
	chance_cone_truncate(m, 0, 0);
	free(row);
	free(col);
	return 0;
}
