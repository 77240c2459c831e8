/* chance_seq: the cones of the heats of a furnace sequence (issue 19, 4). A lot's
 * composition error eps_i is one random variable for every heat it enters, and heat k's
 * bath holds w(c, k) of what each earlier heat c of its chain charged (model_seq.c), so
 * its element-e deviation is sum_i eps_i d_i with
 *     d_i = sum_c w(c, k) s_ci x_ci   (c = k and the heats before it, w(k, k) = 1),
 * sigma = ||d||, and the tangent at x0 has the gradient w(c, k) s_ci d_i / sigma in x_ci.
 * Split cones and chance sifting (chance_cone.c, chance_sift.c) price one heat's columns
 * alone; sequenced models run without them (chance.c). */
#include <math.h>
#include <stdlib.h>

#include "chance.h"

/* d_i of heat k, element e, material i at the current solution. */
static double seq_d(const struct model *m, const struct chance *c, size_t k, size_t e, size_t i,
                    const size_t *ks, const double *ws, size_t n)
{
	double d = chance_sd(m, c->s, k, i, e) * model_x(m, k, i);
	for (size_t a = 0; a < n; a++)
		d += ws[a] * chance_sd(m, c->s, ks[a], i, e) * model_x(m, ks[a], i);
	return d;
}

double chance_seq_sigma(const struct model *m, const struct chance *c, size_t k, size_t e)
{
	size_t n = model_seq_chain(m, k, c->seq_k, c->seq_w);
	double var = 0;
	for (size_t i = 0; i < m->nm; i++) {
		double d = seq_d(m, c, k, e, i, c->seq_k, c->seq_w, n);
		var += d * d;
	}
	return sqrt(var);
}

int chance_seq_row(const struct model *m, const struct chance *c, size_t k, size_t e, int side,
                   double sigma)
{
	size_t n = model_seq_chain(m, k, c->seq_k + 1, c->seq_w + 1);
	c->seq_k[0] = k;
	c->seq_w[0] = 1;
	int len = 0;
	for (size_t i = 0; i < m->nm; i++) {
		double d = seq_d(m, c, k, e, i, c->seq_k + 1, c->seq_w + 1, n);
		for (size_t a = 0; a <= n; a++) {
			size_t kc = c->seq_k[a];
			int j = model_col(m, kc, i);
			if (m->out && m->out[j])
				continue;
			double si = chance_sd(m, c->s, kc, i, e);
			/* Per kg charged; a whole-unit column stands for model_unit kg. */
			double v = c->seq_w[a] *
			           (model_coef(m, kc, i, e) + side * c->z * si * d / sigma) *
			           model_unit(m, i);
			if (v != 0) {
				c->ind[++len] = j;
				c->val[len] = v;
			}
		}
	}
	return len;
}

/* Split cones (chance_cone.c) over a chain: the piece of material i is y_i >= d_i^2 / t,
 * d_i linear in the chain's columns, so the tangent at ratio g = d_i / t0 is
 *     y_i - 2 g d_i(x) + g^2 t >= 0,
 * valid for every x and t >= 0 as for one column (the perspective of a convex function). */
double chance_seq_u(const struct model *m, const struct chance *c, size_t k, size_t e, size_t i)
{
	size_t n = model_seq_chain(m, k, c->seq_k, c->seq_w);
	return seq_d(m, c, k, e, i, c->seq_k, c->seq_w, n);
}

int chance_seq_cone_row(const struct model *m, const struct chance *c, size_t k, size_t e, int side)
{
	size_t n = model_seq_chain(m, k, c->seq_k + 1, c->seq_w + 1);
	c->seq_k[0] = k;
	c->seq_w[0] = 1;
	int len = 0;
	for (size_t a = 0; a <= n; a++)
		for (size_t i = 0; i < m->nm; i++) {
			int j = model_col(m, c->seq_k[a], i);
			double v =
			    c->seq_w[a] * model_coef(m, c->seq_k[a], i, e) * model_unit(m, i);
			if (v != 0 && !(m->out && m->out[j])) {
				c->ind[++len] = j;
				c->val[len] = side * v;
			}
		}
	return len;
}

int chance_seq_piece_row(const struct model *m, const struct chance *c, size_t k, size_t e,
                         size_t i, double g, int ycol, int tcol)
{
	size_t n = model_seq_chain(m, k, c->seq_k + 1, c->seq_w + 1);
	c->seq_k[0] = k;
	c->seq_w[0] = 1;
	int len = 0;
	c->ind[++len] = ycol;
	c->val[len] = 1;
	for (size_t a = 0; a <= n; a++) {
		double s = chance_sd(m, c->s, c->seq_k[a], i, e);
		int j = model_col(m, c->seq_k[a], i);
		if (s > 0 && !(m->out && m->out[j])) {
			c->ind[++len] = j;
			c->val[len] = -2 * g * c->seq_w[a] * s * model_unit(m, i);
		}
	}
	c->ind[++len] = tcol;
	c->val[len] = g * g;
	return len;
}
