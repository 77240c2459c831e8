#include "uncertainty.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rm_csv.h"
#include "rm_num.h"
#include "rm_source.h"

static const double unc_default_rel[UNC_NCLASS] = {0.05, 0.30, 0.35, 0.01};

/* The classes are the lot sources in their order (rm_source), then "additive". */
static int unc_class_parse(const char *s, enum unc_class *c)
{
	int k = rm_source_find(s, strlen(s));
	if (k >= 0) {
		*c = (enum unc_class)k;
		return 0;
	}
	if (strcmp(s, "additive") == 0) {
		*c = UNC_ADDITIVE;
		return 0;
	}
	return -1;
}

/* One row of uncertainty.csv; `specific` marks (class, element) pairs set by a row naming
 * the element, which a later "*" row must not overwrite. */
static int unc_row(struct unc *u, const struct rm_csv *t, size_t r, const long *col,
                   const struct rm_elemset *els, bool *specific, struct rm_error *err)
{
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, r);
	enum unc_class c;
	if (unc_class_parse(rm_csv_cell(t, r, (size_t)col[0]), &c) < 0)
		return rm_error_set(
		    err, file, line, col[0] + 1,
		    "source \"%.40s\" must be analyzed, predicted, nominal or additive",
		    rm_csv_cell(t, r, (size_t)col[0]));
	const char *el = col[1] >= 0 ? rm_csv_cell(t, r, (size_t)col[1]) : "*";
	bool all = rm_num_blank(el) || strcmp(el, "*") == 0;
	long e = -1;
	if (!all) {
		int z = rm_elem_z(el);
		if (!z)
			return rm_error_set(err, file, line, col[1] + 1,
			                    "element \"%.40s\" is not an element symbol", el);
		e = rm_elemset_find(els, z);
		if (e < 0)
			return 0; /* no material or grade uses it: nothing to set */
	}
	double rel = NAN, ab = NAN;
	if (rm_num_cell(t, r, (size_t)col[2], 0, 10, 0, &rel, err) < 0 ||
	    (col[3] >= 0 && rm_num_cell(t, r, (size_t)col[3], 0, 100, 0, &ab, err) < 0))
		return -1;
	for (size_t k = 0; k < u->nel; k++) {
		size_t i = (size_t)c * u->nel + k;
		if ((all && specific[i]) || (!all && (long)k != e))
			continue;
		if (!isnan(rel))
			u->rel[i] = rel;
		if (!isnan(ab))
			u->abs[i] = ab;
		specific[i] |= !all;
	}
	return 0;
}

static int unc_file(struct unc *u, const char *path, const struct rm_elemset *els,
                    struct rm_error *err)
{
	struct rm_csv *t = NULL;
	if (rm_csv_load(path, &t, err) < 0)
		return -1;
	long col[4] = {rm_csv_col(t, "source"), rm_csv_col(t, "element"), rm_csv_col(t, "rel_sd"),
	               rm_csv_col(t, "abs_sd")};
	bool *specific = calloc(UNC_NCLASS * u->nel + 1, sizeof *specific);
	int rc = specific ? 0 : rm_error_set(err, path, 0, 0, "out of memory");
	if (!rc && (col[0] < 0 || col[2] < 0))
		rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
		                  "missing required column \"%s\"",
		                  col[0] < 0 ? "source" : "rel_sd");
	for (size_t r = 0; !rc && r < rm_csv_nrows(t); r++)
		rc = unc_row(u, t, r, col, els, specific, err);
	free(specific);
	rm_csv_free(t);
	return rc;
}

int unc_load(const char *path, const struct rm_elemset *els, struct unc **out, struct rm_error *err)
{
	struct unc *u = calloc(1, sizeof *u);
	size_t n = UNC_NCLASS * els->n + 1;
	if (u) {
		u->nel = els->n;
		u->rel = calloc(n, sizeof *u->rel);
		u->abs = calloc(n, sizeof *u->abs);
	}
	if (!u || !u->rel || !u->abs) {
		unc_free(u);
		return rm_error_set(err, path, 0, 0, "out of memory");
	}
	for (int c = 0; c < UNC_NCLASS; c++)
		for (size_t e = 0; e < u->nel; e++)
			u->rel[(size_t)c * u->nel + e] = unc_default_rel[c];
	if (path && access(path, F_OK) == 0 && unc_file(u, path, els, err) < 0) {
		unc_free(u);
		return -1;
	}
	*out = u;
	return 0;
}

void unc_free(struct unc *u)
{
	if (!u)
		return;
	free(u->rel);
	free(u->abs);
	free(u);
}

enum unc_class unc_class_of(const struct material *m)
{
	if (m->kind == MAT_ADDITIVE && !m->source_given)
		return UNC_ADDITIVE;
	return (enum unc_class)m->source;
}

double unc_sd(const struct unc *u, const struct material *m, size_t e, bool as_analyzed)
{
	if (!inv_reports(m, e))
		return 0;
	enum unc_class c = unc_class_of(m);
	bool shot = as_analyzed && (c == UNC_PREDICTED || c == UNC_NOMINAL);
	if (shot)
		c = UNC_ANALYZED;
	else if (e < m->nc && !isnan(m->sd[e]))
		return m->sd[e];
	size_t i = (size_t)c * u->nel + e;
	double v = m->c[e] * u->rel[i];
	return sqrt(u->abs[i] * u->abs[i] + v * v);
}
