/* estimate_prior (estimate_prior.h): estimates.csv's chains of writes, walked back per cell. */
#include <stdlib.h>
#include <string.h>

#include "estimate_prior.h"
#include "ledger_estimate.h"
#include "ledger_int.h"
#include "rm_csv.h"
#include "rm_num.h"

enum { C_ID, C_EL, C_PMEAN, C_PSD, C_MEAN, C_SD, C_N };

/* One row of estimates.csv, parsed. */
struct ep_row {
	const char *id;
	int z;
	size_t row;
	double v[4]; /* prior_mean, prior_sd, mean, sd */
};

static int ep_cmp(const void *a, const void *b)
{
	const struct ep_row *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	if (x->z != y->z)
		return x->z < y->z ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int ep_rows(const char *path, const struct rm_csv *t, struct ep_row *r, struct rm_error *err)
{
	static const char *const cols[C_N] = {"id",       "element", "prior_mean",
	                                      "prior_sd", "mean",    "sd"};
	size_t col[C_N];
	for (int k = 0; k < C_N; k++) {
		long v = rm_csv_col(t, cols[k]);
		if (v < 0)
			return rm_error_set(err, path, rm_csv_header_line(t), 0,
			                    "missing required column \"%s\"", cols[k]);
		col[k] = (size_t)v;
	}
	for (size_t i = 0; i < rm_csv_nrows(t); i++) {
		r[i].id = rm_csv_cell(t, i, col[C_ID]);
		r[i].z = rm_elem_z(rm_csv_cell(t, i, col[C_EL]));
		r[i].row = i;
		if (!r[i].z)
			return rm_error_set(err, path, rm_csv_line(t, i), (long)col[C_EL] + 1,
			                    "not an element symbol");
		for (int k = 0; k < 4; k++)
			if (rm_num_cell(t, i, col[C_PMEAN + k], 0, 100, RM_NUM_REQUIRED, &r[i].v[k],
			                err) < 0)
				return -1;
	}
	return 0;
}

/* The group [a, b) of one (id, element), in write order: the prior sd of its chain, or -1
 * when the cell is stale, -2 when it does not concern a lot in stock. */
static int ep_group(const struct inventory *inv, const struct rm_elemset *els,
                    const struct ep_row *g, size_t n, struct est_prior *out)
{
	long i = inv_find(inv, g[0].id), e = rm_elemset_find(els, g[0].z);
	if (i < 0 || (size_t)i >= inv->nlots || e < 0)
		return -2;
	const struct material *m = &inv->m[i];
	const struct ep_row *last = &g[n - 1];
	if ((size_t)e >= m->nc || m->c[e] != last->v[2] || m->sd[e] != last->v[3])
		return -1;
	size_t k = n - 1;
	while (k > 0 && g[k - 1].v[2] == g[k].v[0] && g[k - 1].v[3] == g[k].v[1])
		k--;
	*out = (struct est_prior){.mat = (size_t)i, .el = (size_t)e, .sd = g[k].v[1]};
	return 0;
}

int est_prior_read(const char *dir, const struct inventory *inv, const struct rm_elemset *els,
                   struct est_priors *out, struct rm_error *err)
{
	memset(out, 0, sizeof *out);
	char *path = lg_path(dir, LEDGER_ESTIMATES);
	if (!path)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	struct rm_csv *t = NULL;
	struct ep_row *r = NULL;
	int rc = 0;
	if (!lg_exists(path))
		goto done;
	out->present = true;
	if ((rc = rm_csv_load(path, &t, err)) < 0)
		goto done;
	size_t nr = rm_csv_nrows(t);
	r = calloc(nr + 1, sizeof *r);
	out->x = calloc(nr + 1, sizeof *out->x);
	if (!r || !out->x) {
		rc = rm_error_set(err, dir, 0, 0, "out of memory");
		goto done;
	}
	if ((rc = ep_rows(path, t, r, err)) < 0)
		goto done;
	qsort(r, nr, sizeof *r, ep_cmp);
	size_t last_mat = (size_t)-1;
	for (size_t a = 0, b; a < nr; a = b) {
		for (b = a + 1; b < nr && r[b].z == r[a].z && strcmp(r[b].id, r[a].id) == 0; b++)
			;
		int g = ep_group(inv, els, r + a, b - a, &out->x[out->n]);
		if (g == -1)
			out->stale++;
		if (g < 0)
			continue;
		if (out->x[out->n].mat != last_mat)
			out->lots++;
		last_mat = out->x[out->n++].mat;
	}
done:
	free(r);
	rm_csv_free(t);
	free(path);
	if (rc < 0)
		est_prior_free(out);
	return rc;
}

void est_prior_swap(struct inventory *inv, struct est_priors *pr)
{
	for (size_t k = 0; k < pr->n; k++) {
		double *sd = &inv->m[pr->x[k].mat].sd[pr->x[k].el];
		double t = *sd;
		*sd = pr->x[k].sd;
		pr->x[k].sd = t;
	}
}

void est_prior_free(struct est_priors *pr)
{
	free(pr->x);
	pr->x = NULL;
	pr->n = 0;
}
