/* model_seq: heel carry-over between the heats of a furnace's sequence (issue 19, 4).
 *
 * Heat k sits on heel_k kg of the bath of the heat before it, p. Bath masses are fixed, so
 * the heel's element mass is linear in the plan: heel_k / bath_p times the element mass in
 * bath p, which is p's own heel (the same again, recursively) plus p's charge. So with
 * r_k = heel_k / bath_p, column x[i, c] of an earlier heat c of the chain enters heat k's
 * element rows with w(c, k) = r_k r_p ... (the product down to c's successor) times its
 * own coefficient, and the chain's first heel (the furnace's composition) is a constant,
 * scaled by the product down to the first heat. A heat whose predecessor is not in the
 * model sits on the furnace's heel: the diagnosis builds such a model only to ask whether
 * the heat could be made there (cause `heel`); it tries a heat with the heats before it.
 *
 * A lot's composition error is one random variable for every heat it enters, so heat k's
 * deviation of element e is sum_i eps_i sum_c w(c, k) s_ci x_ci: the chance cuts and the
 * risk run over the chain's columns (chance.c, risk.c). */
#include <math.h>
#include <stdlib.h>

#include "model.h"

int model_seq_init(struct model *m)
{
	m->seq_prev = malloc((m->nh + 1) * sizeof *m->seq_prev);
	m->seq_r = malloc((m->nh + 1) * sizeof *m->seq_r);
	if (!m->seq_prev || !m->seq_r)
		return -1;
	m->nseq = 0;
	for (size_t k = 0; k < m->nh; k++) {
		m->seq_prev[k] = -1;
		m->seq_r[k] = 0;
		const struct heat *h = &m->p->heats->h[m->heats[k]];
		if (h->seq <= 1)
			continue;
		for (size_t c = 0; c < m->nh; c++) {
			const struct heat *x = &m->p->heats->h[m->heats[c]];
			if (x->furnace == h->furnace && x->seq == h->seq - 1) {
				m->seq_prev[k] = (long)c;
				m->seq_r[k] = h->heel_kg / plant_bath_kg(m->p, m->heats[c]);
				m->nseq++;
				break;
			}
		}
	}
	m->seq_len = 1;
	for (size_t k = 0; k < m->nh; k++)
		m->seq_len = m->seq_len > 1 + model_seq_chain(m, k, NULL, NULL)
		                 ? m->seq_len
		                 : 1 + model_seq_chain(m, k, NULL, NULL);
	return 0;
}

size_t model_seq_chain(const struct model *m, size_t k, size_t *ks, double *ws)
{
	size_t n = 0;
	double w = 1;
	for (long c = m->seq_prev ? m->seq_prev[k] : -1; c >= 0; c = m->seq_prev[c]) {
		w *= m->seq_r[k];
		k = (size_t)c;
		if (ks)
			ks[n] = k;
		if (ws)
			ws[n] = w;
		n++;
	}
	return n;
}

double model_seq_w(const struct model *m, size_t c, size_t k)
{
	double w = 1;
	while (k != c) {
		if (!m->seq_prev || m->seq_prev[k] < 0)
			return 0;
		w *= m->seq_r[k];
		k = (size_t)m->seq_prev[k];
	}
	return w;
}

double model_heel_const(const struct model *m, size_t k, size_t e)
{
	double w = 1;
	while (m->seq_prev && m->seq_prev[k] >= 0) {
		w *= m->seq_r[k];
		k = (size_t)m->seq_prev[k];
	}
	const struct furnace *f = plant_furnace(m->p, m->heats[k]);
	return w * m->p->heats->h[m->heats[k]].heel_kg * furnace_heel_c(f, e) / 100;
}

double model_heel_kg(const struct model *m, size_t k, size_t e)
{
	double kg = model_heel_const(m, k, e);
	double w = 1;
	for (long c = m->seq_prev ? m->seq_prev[k] : -1; c >= 0; c = m->seq_prev[c]) {
		w *= m->seq_r[k];
		k = (size_t)c;
		for (size_t i = 0; i < m->nm; i++) {
			double x = model_x(m, k, i);
			if (x != 0)
				kg += w * model_coef(m, k, i, e) * x;
		}
	}
	return kg;
}
