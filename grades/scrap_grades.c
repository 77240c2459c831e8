#include "scrap_grades.h"
#include "rm_source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rm_csv.h"
#include "rm_num.h"

/* The `source` values of lots.csv (core/rm_source); their order gives the bits of sources. */
#define SCRAP_NSRC RM_NSOURCE
#define SCRAP_ALL_SRC ((1u << SCRAP_NSRC) - 1)

const char *scrap_source_name(unsigned s)
{
	return rm_source_name(s);
}

static struct scrap_grade *scrap_get(struct scrap_set *ss, const char *name, long line)
{
	long i = rm_strmap_get(&ss->names, name);
	if (i >= 0)
		return &ss->g[i];
	struct scrap_grade *ng = realloc(ss->g, (ss->n + 1) * sizeof *ng);
	if (!ng)
		return NULL;
	ss->g = ng;
	struct scrap_grade *g = &ss->g[ss->n];
	memset(g, 0, sizeof *g);
	g->line = line;
	g->sources = SCRAP_ALL_SRC;
	size_t len = strlen(name) + 1;
	if (!(g->name = malloc(len)))
		return NULL;
	memcpy(g->name, name, len);
	ss->n++;
	/* Keys borrow the names, which realloc of ss->g does not move. */
	if (rm_strmap_put(&ss->names, g->name, ss->n - 1) < 0)
		return NULL;
	return g;
}

/* A lot_source cell: '|' or blank separated source names; 0 = empty cell, else the bits. */
static int scrap_source_cell(const struct rm_csv *t, size_t r, long col, unsigned *bits,
                             struct rm_error *err)
{
	*bits = 0;
	if (col < 0)
		return 0;
	const char *s = rm_csv_cell(t, r, (size_t)col);
	while (*s) {
		size_t n = strcspn(s, "| \t");
		int found = n ? rm_source_find(s, n) : 0;
		unsigned k = found < 0 ? SCRAP_NSRC : (unsigned)found;
		if (n && k == SCRAP_NSRC)
			return rm_error_set(
			    err, rm_csv_file(t), rm_csv_line(t, r), col + 1,
			    "lot_source \"%.*s\" must be analyzed, predicted or nominal",
			    (int)(n > 40 ? 40 : n), s);
		if (n)
			*bits |= 1u << k;
		s += n + (s[n] != '\0');
	}
	return 0;
}

static int scrap_row(struct scrap_set *ss, const struct rm_csv *t, size_t r, const long *col,
                     struct rm_error *err)
{
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, r);
	const char *name = rm_csv_cell(t, r, (size_t)col[0]);
	const char *sym = rm_csv_cell(t, r, (size_t)col[1]);
	if (rm_csv_id(t, r, (size_t)col[0], "scrap_grade", err) < 0)
		return -1;
	int z = rm_elem_z(sym);
	if (!z)
		return rm_error_set(err, file, line, col[1] + 1,
		                    "element \"%.40s\" is not an element symbol (e.g. Fe, Si, Li)",
		                    sym);
	double lo = NAN, hi = NAN;
	unsigned bits;
	if (rm_num_cell(t, r, (size_t)col[2], 0, 100, 0, &lo, err) < 0 ||
	    rm_num_cell(t, r, (size_t)col[3], 0, 100, 0, &hi, err) < 0 ||
	    scrap_source_cell(t, r, col[4], &bits, err) < 0)
		return -1;
	if (!isnan(lo) && !isnan(hi) && lo > hi)
		return rm_error_set(err, file, line, col[2] + 1,
		                    "min %g is above max %g for %s in scrap grade %.60s", lo, hi,
		                    sym, name);
	struct scrap_grade *g = scrap_get(ss, name, line);
	if (!g)
		return rm_error_set(err, file, line, 0, "out of memory");
	for (size_t k = 0; k < g->nlim; k++)
		if (g->lim[k].z == z)
			return rm_error_set(err, file, line, col[1] + 1,
			                    "scrap grade %.60s lists %s twice (first at line %ld)",
			                    name, sym, g->lim[k].line);
	if (bits && !(g->sources & bits))
		return rm_error_set(err, file, line, col[4] + 1,
		                    "lot_source leaves no lot source for scrap grade %.60s "
		                    "(the cells of a grade all apply)",
		                    name);
	if (bits)
		g->sources &= bits;
	struct scrap_limit *nl = realloc(g->lim, (g->nlim + 1) * sizeof *nl);
	if (!nl)
		return rm_error_set(err, file, line, 0, "out of memory");
	g->lim = nl;
	g->lim[g->nlim++] = (struct scrap_limit){z, lo, hi, line};
	return 0;
}

int scrap_load(const char *path, struct scrap_set **out, struct rm_error *err)
{
	static const char *const need[] = {"scrap_grade", "element", "min", "max"};
	long col[5];
	struct rm_csv *t = NULL;
	if (rm_csv_load(path, &t, err) < 0)
		return -1;
	struct scrap_set *ss = calloc(1, sizeof *ss);
	int rc = ss ? 0 : rm_error_set(err, path, 0, 0, "out of memory");
	if (!rc && !(ss->file = malloc(strlen(path) + 1)))
		rc = rm_error_set(err, path, 0, 0, "out of memory");
	if (!rc)
		strcpy(ss->file, path);
	for (size_t k = 0; !rc && k < 4; k++)
		if ((col[k] = rm_csv_col(t, need[k])) < 0)
			rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
			                  "missing required column \"%s\"", need[k]);
	col[4] = rm_csv_col(t, "lot_source");
	for (size_t r = 0; !rc && r < rm_csv_nrows(t); r++)
		rc = scrap_row(ss, t, r, col, err);
	if (!rc && ss->n == 0)
		rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
		                  "no scrap grades: the file has a header but no rows");
	rm_csv_free(t);
	if (rc) {
		scrap_free(ss);
		return -1;
	}
	*out = ss;
	return 0;
}

void scrap_free(struct scrap_set *ss)
{
	if (!ss)
		return;
	for (size_t i = 0; i < ss->n; i++) {
		free(ss->g[i].name);
		free(ss->g[i].lim);
	}
	free(ss->g);
	free(ss->file);
	rm_strmap_free(&ss->names);
	free(ss);
}

static void scrap_note(char *missing, size_t n, int z)
{
	if (!missing || !n)
		return;
	size_t len = strlen(missing);
	snprintf(missing + len, n - len, "%s%s", len ? " " : "", rm_elem_symbol(z));
}

enum scrap_fit scrap_classify(const struct scrap_grade *g, const struct rm_elemset *els,
                              const double *c, size_t nc, const char *src, char *missing, size_t n)
{
	if (missing && n)
		missing[0] = '\0';
	int s = rm_source_find(src, strlen(src));
	if (s < 0 || !(g->sources & (1u << s)))
		return SCRAP_FAILS;
	enum scrap_fit fit = SCRAP_MEETS;
	for (size_t k = 0; k < g->nlim; k++) {
		const struct scrap_limit *l = &g->lim[k];
		long e = rm_elemset_find(els, l->z);
		double v = (e >= 0 && (size_t)e < nc) ? c[e] : NAN;
		if (isnan(v)) {
			fit = SCRAP_UNVERIFIED;
			scrap_note(missing, n, l->z);
		} else if ((!isnan(l->min) && v < l->min) || (!isnan(l->max) && v > l->max)) {
			return SCRAP_FAILS;
		}
	}
	return fit;
}

const char *scrap_list(const struct scrap_set *ss, const struct rm_elemset *els, const double *c,
                       size_t nc, const char *src, char *buf, size_t n)
{
	size_t len = 0;
	if (!n)
		return buf;
	buf[0] = '\0';
	for (size_t g = 0; ss && g < ss->n; g++) {
		enum scrap_fit fit = scrap_classify(&ss->g[g], els, c, nc, src, NULL, 0);
		if (fit == SCRAP_FAILS || len >= n)
			continue;
		len += (size_t)snprintf(buf + len, n - len, "%s%s%s", len ? " " : "", ss->g[g].name,
		                        fit == SCRAP_UNVERIFIED ? "?" : "");
	}
	if (ss && !len)
		snprintf(buf, n, "-");
	return buf;
}
