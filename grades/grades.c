#include "grades.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rm_csv.h"
#include "rm_num.h"

/* Columns that every file of this kind must have; returns their indexes. */
static int grade_require(const struct rm_csv *t, const char *const *names, size_t n, long *idx,
                         struct rm_error *err)
{
	for (size_t k = 0; k < n; k++) {
		idx[k] = rm_csv_col(t, names[k]);
		if (idx[k] < 0)
			return rm_error_set(err, rm_csv_file(t), rm_csv_header_line(t), 0,
			                    "missing required column \"%s\"", names[k]);
	}
	return 0;
}

static struct grade *grade_get(struct grade_set *gs, const char *name, long line)
{
	long i = rm_strmap_get(&gs->names, name);
	if (i >= 0)
		return &gs->g[i];
	struct grade *ng = realloc(gs->g, (gs->n + 1) * sizeof *ng);
	if (!ng)
		return NULL;
	gs->g = ng;
	struct grade *g = &gs->g[gs->n];
	memset(g, 0, sizeof *g);
	g->line = line;
	if (!(g->name = strdup(name)))
		return NULL;
	gs->n++;
	/* Keys borrow the names, which realloc of gs->g does not move. */
	if (rm_strmap_put(&gs->names, g->name, gs->n - 1) < 0)
		return NULL;
	return g;
}

/* Optional aim,tolerance: both or neither; the aim inside the spec, the tolerance > 0. */
static int grade_aim(struct grade_limit *l, const struct rm_csv *t, size_t r, const char *sym,
                     struct rm_error *err)
{
	long ca = rm_csv_col(t, "aim"), ct = rm_csv_col(t, "tolerance");
	double aim = NAN, tol = NAN;
	int ra = ca < 0 ? 1 : rm_num_cell(t, r, (size_t)ca, 0, 100, 0, &aim, err);
	int rt = ct < 0 ? 1 : rm_num_cell(t, r, (size_t)ct, 0, 100, RM_NUM_LO_OPEN, &tol, err);
	if (ra < 0 || rt < 0)
		return -1;
	if (ra == 1 && rt == 1)
		return 0;
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, r);
	if (ra == 1 || rt == 1)
		return rm_error_set(err, file, line, (ra == 1 ? ca : ct) + 1,
		                    "%s: aim and tolerance go together (one is empty)", sym);
	if ((!isnan(l->min) && aim < l->min) || (!isnan(l->max) && aim > l->max))
		return rm_error_set(err, file, line, ca + 1, "%s: aim %g is outside the spec", sym,
		                    aim);
	l->has_aim = true;
	l->aim = aim;
	l->tol = tol;
	return 0;
}

static int grade_row(struct grade_set *gs, const struct rm_csv *t, size_t r, const long *col,
                     struct rm_elemset *els, struct rm_error *err)
{
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, r);
	const char *name = rm_csv_cell(t, r, (size_t)col[0]);
	const char *sym = rm_csv_cell(t, r, (size_t)col[1]);
	if (rm_csv_id(t, r, (size_t)col[0], "grade", err) < 0)
		return -1;
	int z = rm_elem_z(sym);
	if (!z)
		return rm_error_set(err, file, line, col[1] + 1,
		                    "element \"%.40s\" is not an element symbol (e.g. Fe, Si, Li)",
		                    sym);
	double lo = NAN, hi = NAN;
	if (rm_num_cell(t, r, (size_t)col[2], 0, GRADE_MAX_PCT, 0, &lo, err) < 0 ||
	    rm_num_cell(t, r, (size_t)col[3], 0, GRADE_MAX_PCT, 0, &hi, err) < 0)
		return -1;
	if (!grade_window_ok(lo, hi))
		return rm_error_set(err, file, line, col[2] + 1,
		                    "min %g is above max %g for %s in grade %.60s", lo, hi, sym,
		                    name);
	struct grade *g = grade_get(gs, name, line);
	long e = rm_elemset_add(els, z);
	if (!g || e < 0)
		return rm_error_set(err, file, line, 0, "out of memory");
	for (size_t k = 0; k < g->nlim; k++)
		if (g->lim[k].e == (size_t)e)
			return rm_error_set(err, file, line, col[1] + 1,
			                    "grade %.60s lists %s twice (first at line %ld)", name,
			                    sym, g->lim[k].line);
	struct grade_limit *nl = realloc(g->lim, (g->nlim + 1) * sizeof *nl);
	if (!nl)
		return rm_error_set(err, file, line, 0, "out of memory");
	g->lim = nl;
	struct grade_limit *l = &g->lim[g->nlim++];
	*l = (struct grade_limit){.e = (size_t)e, .min = lo, .max = hi, .line = line};
	return grade_aim(l, t, r, sym, err);
}

int grade_load(const char *path, struct rm_elemset *els, struct grade_set **out,
               struct rm_error *err)
{
	static const char *const need[] = {"grade", "element", "min", "max"};
	long col[4];
	struct rm_csv *t = NULL;
	if (rm_csv_load(path, &t, err) < 0)
		return -1;
	struct grade_set *gs = calloc(1, sizeof *gs);
	int rc = gs ? 0 : rm_error_set(err, path, 0, 0, "out of memory");
	if (!rc && !(gs->file = strdup(path)))
		rc = rm_error_set(err, path, 0, 0, "out of memory");
	if (!rc)
		rc = grade_require(t, need, 4, col, err);
	for (size_t r = 0; !rc && r < rm_csv_nrows(t); r++)
		rc = grade_row(gs, t, r, col, els, err);
	if (!rc && gs->n == 0)
		rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
		                  "no grades: the file has a header but no rows");
	rm_csv_free(t);
	if (rc) {
		grade_free(gs);
		return -1;
	}
	*out = gs;
	return 0;
}

void grade_free(struct grade_set *gs)
{
	if (!gs)
		return;
	for (size_t i = 0; i < gs->n; i++) {
		free(gs->g[i].name);
		free(gs->g[i].lim);
	}
	free(gs->g);
	free(gs->file);
	rm_strmap_free(&gs->names);
	free(gs);
}

bool grade_window_ok(double min, double max)
{
	return isnan(min) || isnan(max) || min <= max;
}

long grade_find(const struct grade_set *gs, const char *name)
{
	return rm_strmap_get(&gs->names, name);
}

const struct grade_limit *grade_limit_of(const struct grade *g, size_t e)
{
	for (size_t l = 0; l < g->nlim; l++)
		if (g->lim[l].e == e)
			return &g->lim[l];
	return NULL;
}

void grade_internal(const struct grade_limit *l, double margin, double *lo, double *hi)
{
	*lo = l->min;
	*hi = l->max;
	if (l->has_aim) {
		double a = l->aim - l->tol, b = l->aim + l->tol;
		if (a > 0 && !(a <= l->min))
			*lo = a;
		if (!(b >= l->max))
			*hi = b;
		return;
	}
	if (margin <= 0)
		return;
	if (!isnan(l->min) && !isnan(l->max)) {
		double w = l->max - l->min;
		*lo = l->min + margin * w;
		*hi = l->max - margin * w;
	} else if (!isnan(l->max)) {
		*hi = l->max * (1 - margin);
	} else if (!isnan(l->min)) {
		/* Al >= 99.7 tightens on its 0.3 of impurities, Mg >= 0.05 on its own 0.05. */
		*lo = l->min + margin * fmin(l->min, 100 - l->min);
	}
}
