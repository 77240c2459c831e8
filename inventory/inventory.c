#include "inventory.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rm_csv.h"
#include "rm_num.h"

/* Upper bounds that no real plant reaches: they catch unit mix-ups (g for kg) and garbage. */
/* Element sums may exceed 100 by rounding in a lab report, not more. */
#define INV_SUM_TOL 1e-6

bool inv_sum_ok(double sum)
{
	return sum <= 100 + INV_SUM_TOL;
}

enum col_role {
	COL_TRACE,
	COL_ID,
	COL_MASS,
	COL_PRICE,
	COL_YIELD,
	COL_SOURCE,
	COL_ELEM,
	COL_SD,
	COL_REC,
	COL_UNIT,
	COL_MIN,
	COL_RECYCLED,
	COL_QUARANTINE
};

struct inv_col {
	enum col_role role;
	size_t idx; /* element index (ELEM, SD) or trace name index (TRACE) */
};

static long inv_name(struct inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->nnames; i++)
		if (strcmp(inv->names[i], name) == 0)
			return (long)i;
	char **nn = realloc(inv->names, (inv->nnames + 1) * sizeof *nn);
	if (!nn)
		return -1;
	inv->names = nn;
	if (!(nn[inv->nnames] = strdup(name)))
		return -1;
	return (long)inv->nnames++;
}

static const struct {
	const char *name;
	enum col_role role;
} inv_fixed[] = {
    {"id", COL_ID},       {"mass_kg", COL_MASS},      {"price_per_kg", COL_PRICE},
    {"yield", COL_YIELD}, {"source", COL_SOURCE},     {"unit_kg", COL_UNIT},
    {"min_kg", COL_MIN},  {"recycled", COL_RECYCLED}, {"quarantine", COL_QUARANTINE},
};

/* Decides what each header means; element and sd_ columns register their element. */
static int inv_map_cols(struct inventory *inv, const struct rm_csv *t, struct rm_elemset *els,
                        struct inv_col *cols, struct rm_error *err)
{
	const char *file = rm_csv_file(t);
	long hl = rm_csv_header_line(t);
	for (size_t c = 0; c < rm_csv_ncols(t); c++) {
		const char *h = rm_csv_header(t, c);
		cols[c].role = COL_TRACE;
		for (size_t k = 0; k < sizeof inv_fixed / sizeof inv_fixed[0]; k++)
			if (strcmp(h, inv_fixed[k].name) == 0)
				cols[c].role = inv_fixed[k].role;
		if (cols[c].role != COL_TRACE)
			continue;
		int z = rm_elem_z(h);
		/* sd_<El> and rec_<El> (the material's own recovery of El, over the furnace's) */
		size_t pre = strncmp(h, "sd_", 3) == 0 ? 3 : strncmp(h, "rec_", 4) == 0 ? 4 : 0;
		if (rm_csv_elem_case(t, c, h + pre, err) < 0)
			return -1;
		if (pre) {
			z = rm_elem_z(h + pre);
			if (!z)
				return rm_error_set(
				    err, file, hl, (long)c + 1,
				    "column \"%s\": \"%s\" is not an element symbol", h, h + pre);
		}
		long e = -1, ti = -1;
		if (z) {
			cols[c].role = pre == 3 ? COL_SD : pre == 4 ? COL_REC : COL_ELEM;
			e = rm_elemset_add(els, z);
		} else {
			ti = inv_name(inv, h);
		}
		if (e < 0 && ti < 0)
			return rm_error_set(err, file, hl, (long)c + 1, "out of memory");
		cols[c].idx = z ? (size_t)e : (size_t)ti;
	}
	static const char *const need[] = {"id", "mass_kg", "price_per_kg"};
	for (size_t k = 0; k < 3; k++)
		if (rm_csv_col(t, need[k]) < 0)
			return rm_error_set(err, file, hl, 0, "missing required column \"%s\"",
			                    need[k]);
	return 0;
}

static int inv_source(const struct rm_csv *t, size_t r, size_t c, struct material *m,
                      struct rm_error *err)
{
	enum mat_source *src = &m->source;
	const char *s = rm_csv_cell(t, r, c);
	if (rm_num_blank(s)) {
		*src = SRC_ANALYZED;
		return 0;
	}
	int k = rm_source_find(s, strlen(s));
	if (k >= 0) {
		*src = (enum mat_source)k;
		m->source_given = true;
		return 0;
	}
	return rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), (long)c + 1,
	                    "source \"%.40s\" must be analyzed, predicted or nominal", s);
}

/* A 0/1 flag column: recycled (1 = recycled metal, 0 = primary; empty keeps the file's
 * default: lots recycled, additives primary; a share would be a different model) and
 * quarantine (1 = held back: the lot enters no plan and no price until released; empty 0). */
static int inv_flag(bool *flag, const char *what, const struct rm_csv *t, size_t r, size_t c,
                    struct rm_error *err)
{
	double v = 0;
	int rc = rm_num_cell(t, r, c, 0, 1, 0, &v, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (v != 0 && v != 1)
		return rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), (long)c + 1,
		                    "%s \"%.40s\" must be 0 or 1", what, rm_csv_cell(t, r, c));
	*flag = v == 1;
	return 0;
}

/* Reads one cell into the material according to its column's role. */
static int inv_cell(struct material *m, const struct rm_csv *t, size_t r, size_t c,
                    const struct inv_col *col, struct rm_error *err)
{
	switch (col->role) {
	case COL_ID: return 0;
	case COL_MASS:
		if (m->kind == MAT_LOT)
			return rm_num_cell(t, r, c, 0, INV_MAX_MASS,
			                   RM_NUM_REQUIRED | RM_NUM_LO_OPEN, &m->mass_kg, err) < 0
			           ? -1
			           : 0;
		return rm_num_cell(t, r, c, 0, INV_MAX_MASS, RM_NUM_LO_OPEN, &m->mass_kg, err) < 0
		           ? -1
		           : 0;
	case COL_PRICE:
		return rm_num_cell(t, r, c, 0, INV_MAX_PRICE, RM_NUM_REQUIRED, &m->price, err) < 0
		           ? -1
		           : 0;
	case COL_YIELD:
		return rm_num_cell(t, r, c, 0, 1, RM_NUM_LO_OPEN, &m->yield, err) < 0 ? -1 : 0;
	case COL_SOURCE: return inv_source(t, r, c, m, err);
	case COL_ELEM: return rm_num_cell(t, r, c, 0, 100, 0, &m->c[col->idx], err) < 0 ? -1 : 0;
	case COL_SD: return rm_num_cell(t, r, c, 0, 100, 0, &m->sd[col->idx], err) < 0 ? -1 : 0;
	case COL_REC:
		return rm_num_cell(t, r, c, 0, 1, RM_NUM_LO_OPEN, &m->rec[col->idx], err) < 0 ? -1
		                                                                              : 0;
	case COL_RECYCLED: return inv_flag(&m->recycled, "recycled", t, r, c, err);
	case COL_QUARANTINE: return inv_flag(&m->quarantine, "quarantine", t, r, c, err);
	case COL_UNIT:
		return rm_num_cell(t, r, c, 0, INV_MAX_MASS, RM_NUM_LO_OPEN, &m->unit_kg, err) < 0
		           ? -1
		           : 0;
	case COL_MIN: {
		int rc = rm_num_cell(t, r, c, 0, INV_MAX_MASS, 0, &m->min_kg, err);
		m->min_given = rc == 0;
		return rc < 0 ? -1 : 0;
	}
	case COL_TRACE: return 0;
	}
	return 0;
}

static int inv_row(struct inventory *inv, struct material *m, const struct rm_csv *t, size_t r,
                   const struct inv_col *cols, size_t nel, struct rm_error *err)
{
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, r);
	size_t idc = (size_t)rm_csv_col(t, "id");
	const char *id = rm_csv_cell(t, r, idc);
	if (rm_csv_id(t, r, idc, "id", err) < 0)
		return -1;
	long dup = rm_strmap_get(&inv->ids, id);
	if (dup >= 0)
		return rm_error_set(err, file, line, (long)idc + 1,
		                    "duplicate id \"%.60s\" (first at %s:%ld)", id,
		                    inv->m[dup].file, inv->m[dup].line);
	m->mass_kg = INFINITY;
	m->yield = 1.0;
	m->recycled = m->kind == MAT_LOT;
	m->nc = nel;
	m->c = malloc(nel * sizeof *m->c + 1);
	m->sd = malloc(nel * sizeof *m->sd + 1);
	m->rec = malloc(nel * sizeof *m->rec + 1);
	m->trace = calloc(rm_csv_ncols(t) + 1, sizeof *m->trace);
	if (!(m->id = strdup(id)) || !m->c || !m->sd || !m->rec || !m->trace)
		return rm_error_set(err, file, line, 0, "out of memory");
	for (size_t e = 0; e < nel; e++)
		m->c[e] = m->sd[e] = m->rec[e] = NAN;
	for (size_t c = 0; c < rm_csv_ncols(t); c++) {
		if (inv_cell(m, t, r, c, &cols[c], err) < 0)
			return -1;
		if (cols[c].role == COL_TRACE) {
			struct mat_trace *tr = &m->trace[m->ntrace++];
			tr->name = inv->names[cols[c].idx];
			if (!(tr->value = strdup(rm_csv_cell(t, r, c))))
				return rm_error_set(err, file, line, 0, "out of memory");
		}
	}
	double sum = 0;
	for (size_t e = 0; e < nel; e++)
		sum += inv_comp(m, e);
	if (!inv_sum_ok(sum))
		return rm_error_set(err, file, line, 0,
		                    "\"%.60s\": element values sum to %.6g wt%%, more than 100", id,
		                    sum);
	return 0;
}

static int inv_table(struct inventory *inv, const struct rm_csv *t, enum mat_kind kind,
                     const char *file, struct rm_elemset *els, struct rm_error *err)
{
	size_t nc = rm_csv_ncols(t), nr = rm_csv_nrows(t);
	struct inv_col *cols = calloc(nc + 1, sizeof *cols);
	if (!cols)
		return rm_error_set(err, file, 0, 0, "out of memory");
	int rc = inv_map_cols(inv, t, els, cols, err);
	struct material *nm = rc ? NULL : realloc(inv->m, (inv->n + nr + 1) * sizeof *nm);
	if (!rc && !nm)
		rc = rm_error_set(err, file, 0, 0, "out of memory");
	for (size_t r = 0; !rc && r < nr; r++) {
		inv->m = nm;
		struct material *m = &inv->m[inv->n];
		memset(m, 0, sizeof *m);
		m->kind = kind;
		m->file = file;
		m->line = rm_csv_line(t, r);
		inv->n++; /* counted before parsing so that inv_free releases a half-read row */
		rc = inv_row(inv, m, t, r, cols, els->n, err);
		if (!rc && rm_strmap_put(&inv->ids, m->id, inv->n - 1) < 0)
			rc = rm_error_set(err, file, m->line, 0, "out of memory");
	}
	if (nm)
		inv->m = nm;
	free(cols);
	return rc;
}

static int inv_file(struct inventory *inv, const char *path, enum mat_kind kind,
                    struct rm_elemset *els, char **keep, struct rm_error *err)
{
	struct rm_csv *t = NULL;
	if (rm_csv_load(path, &t, err) < 0)
		return -1;
	if (!(*keep = strdup(path))) {
		rm_csv_free(t);
		return rm_error_set(err, path, 0, 0, "out of memory");
	}
	int rc = inv_table(inv, t, kind, *keep, els, err);
	if (!rc && kind == MAT_LOT && rm_csv_nrows(t) == 0)
		rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
		                  "no lots: the file has a header but no rows");
	rm_csv_free(t);
	return rc;
}

int inv_load(const char *lots_path, const char *additives_path, struct rm_elemset *els,
             struct inventory **out, struct rm_error *err)
{
	struct inventory *inv = calloc(1, sizeof *inv);
	if (!inv)
		return rm_error_set(err, lots_path, 0, 0, "out of memory");
	int rc = inv_file(inv, lots_path, MAT_LOT, els, &inv->lots_file, err);
	inv->nlots = inv->n;
	if (!rc && additives_path)
		rc = inv_file(inv, additives_path, MAT_ADDITIVE, els, &inv->additives_file, err);
	if (rc) {
		inv_free(inv);
		return -1;
	}
	*out = inv;
	return 0;
}

void inv_free(struct inventory *inv)
{
	if (!inv)
		return;
	for (size_t i = 0; i < inv->n; i++) {
		struct material *m = &inv->m[i];
		free(m->id);
		free(m->c);
		free(m->sd);
		free(m->rec);
		for (size_t k = 0; k < m->ntrace; k++)
			free(m->trace[k].value);
		free(m->trace);
	}
	for (size_t i = 0; i < inv->nnames; i++)
		free(inv->names[i]);
	free(inv->names);
	free(inv->m);
	free(inv->lots_file);
	free(inv->additives_file);
	rm_strmap_free(&inv->ids);
	free(inv);
}

double inv_comp(const struct material *m, size_t e)
{
	return (e < m->nc && !isnan(m->c[e])) ? m->c[e] : 0.0;
}

double inv_rec(const struct material *m, size_t e, double furnace_rec)
{
	return (e < m->nc && !isnan(m->rec[e])) ? m->rec[e] : furnace_rec;
}

bool inv_reports(const struct material *m, size_t e)
{
	return e < m->nc && !isnan(m->c[e]);
}

long inv_find(const struct inventory *inv, const char *id)
{
	return rm_strmap_get(&inv->ids, id);
}

const char *inv_source_name(enum mat_source s)
{
	return rm_source_name(s);
}

const char *inv_source_label(const struct material *m)
{
	return (m->kind == MAT_ADDITIVE && !m->source_given) ? "certified"
	                                                     : inv_source_name(m->source);
}
