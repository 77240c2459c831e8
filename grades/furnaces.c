/* furnaces.csv: capacity, the heel left from the previous heat, a limit on the number of
 * materials a crew charges and the least charge worth weighing, and per-element recovery
 * (Mg burns off, Si metal dissolves). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grades.h"
#include "rm_csv.h"
#include "rm_num.h"

#define FURNACE_MAX_KG 1e9

static int furnace_cols(const struct rm_csv *t, struct rm_elemset *els, long *elem, int *isrec,
                        struct rm_error *err)
{
	static const char *const need[] = {"furnace", "capacity_kg"};
	for (size_t k = 0; k < 2; k++)
		if (rm_csv_col(t, need[k]) < 0)
			return rm_error_set(err, rm_csv_file(t), rm_csv_header_line(t), 0,
			                    "missing required column \"%s\"", need[k]);
	for (size_t c = 0; c < rm_csv_ncols(t); c++) {
		const char *h = rm_csv_header(t, c);
		isrec[c] = strncmp(h, "rec_", 4) == 0;
		if (rm_csv_elem_case(t, c, isrec[c] ? h + 4 : h, err) < 0)
			return -1;
		int z = rm_elem_z(isrec[c] ? h + 4 : h);
		if (isrec[c] && !z)
			return rm_error_set(err, rm_csv_file(t), rm_csv_header_line(t), (long)c + 1,
			                    "column \"%s\": \"%s\" is not an element symbol", h,
			                    h + 4);
		elem[c] = z ? rm_elemset_add(els, z) : -1;
		if (z && elem[c] < 0)
			return rm_error_set(err, rm_csv_file(t), 0, 0, "out of memory");
	}
	return 0;
}

static int furnace_row(struct furnace_set *fs, const struct rm_csv *t, size_t r, const long *elem,
                       const int *isrec, size_t nel, struct rm_error *err)
{
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, r);
	struct furnace *f = &fs->f[fs->n];
	memset(f, 0, sizeof *f);
	size_t idc = (size_t)rm_csv_col(t, "furnace");
	const char *id = rm_csv_cell(t, r, idc);
	if (rm_csv_id(t, r, idc, "furnace", err) < 0)
		return -1;
	if (rm_strmap_get(&fs->ids, id) >= 0)
		return rm_error_set(err, file, line, (long)idc + 1, "duplicate furnace \"%.60s\"",
		                    id);
	f->nc = nel;
	f->heel_c = calloc(nel + 1, sizeof *f->heel_c);
	f->rec = malloc((nel + 1) * sizeof *f->rec);
	f->id = malloc(strlen(id) + 1);
	fs->n++; /* counted now so that furnace_free releases a half-read row */
	if (!f->heel_c || !f->rec || !f->id)
		return rm_error_set(err, file, line, 0, "out of memory");
	strcpy(f->id, id);
	f->line = line;
	for (size_t e = 0; e < nel; e++)
		f->rec[e] = 1;
	double mm = 0;
	long cap = rm_csv_col(t, "capacity_kg"), heel = rm_csv_col(t, "heel_kg");
	long mmc = rm_csv_col(t, "max_materials"), mcc = rm_csv_col(t, "min_charge_kg");
	if (rm_num_cell(t, r, (size_t)cap, 0, FURNACE_MAX_KG, RM_NUM_REQUIRED | RM_NUM_LO_OPEN,
	                &f->capacity_kg, err) < 0 ||
	    (heel >= 0 &&
	     rm_num_cell(t, r, (size_t)heel, 0, FURNACE_MAX_KG, 0, &f->heel_kg, err) < 0) ||
	    (mmc >= 0 && rm_num_cell(t, r, (size_t)mmc, 1, 100000, 0, &mm, err) < 0) ||
	    (mcc >= 0 &&
	     rm_num_cell(t, r, (size_t)mcc, 0, FURNACE_MAX_KG, 0, &f->min_charge_kg, err) < 0))
		return -1;
	if (mm != floor(mm))
		return rm_error_set(err, file, line, mmc + 1,
		                    "max_materials %g must be a whole number", mm);
	f->max_materials = (size_t)mm;
	if (f->heel_kg >= f->capacity_kg)
		return rm_error_set(err, file, line, heel + 1,
		                    "heel_kg %g leaves no room in capacity_kg %g", f->heel_kg,
		                    f->capacity_kg);
	double sum = 0;
	for (size_t c = 0; c < rm_csv_ncols(t); c++) {
		if (elem[c] < 0)
			continue;
		double *dst = isrec[c] ? &f->rec[elem[c]] : &f->heel_c[elem[c]];
		unsigned fl = isrec[c] ? RM_NUM_LO_OPEN : 0;
		if (rm_num_cell(t, r, c, 0, isrec[c] ? 1 : 100, fl, dst, err) < 0)
			return -1;
		sum += isrec[c] ? 0 : *dst;
	}
	if (sum > 100 + 1e-6)
		return rm_error_set(err, file, line, 0, "heel composition sums to %g wt%%", sum);
	return rm_strmap_put(&fs->ids, f->id, fs->n - 1) < 0
	           ? rm_error_set(err, file, line, 0, "out of memory")
	           : 0;
}

int furnace_load(const char *path, struct rm_elemset *els, struct furnace_set **out,
                 struct rm_error *err)
{
	struct rm_csv *t = NULL;
	if (rm_csv_load(path, &t, err) < 0)
		return -1;
	size_t nc = rm_csv_ncols(t);
	long *elem = calloc(nc + 1, sizeof *elem);
	int *isrec = calloc(nc + 1, sizeof *isrec);
	struct furnace_set *fs = calloc(1, sizeof *fs);
	int rc = (elem && isrec && fs) ? 0 : rm_error_set(err, path, 0, 0, "out of memory");
	if (!rc && (!(fs->file = malloc(strlen(path) + 1)) ||
	            !(fs->f = calloc(rm_csv_nrows(t) + 1, sizeof *fs->f))))
		rc = rm_error_set(err, path, 0, 0, "out of memory");
	if (!rc) {
		strcpy(fs->file, path);
		rc = furnace_cols(t, els, elem, isrec, err);
	}
	for (size_t r = 0; !rc && r < rm_csv_nrows(t); r++)
		rc = furnace_row(fs, t, r, elem, isrec, els->n, err);
	free(elem);
	free(isrec);
	rm_csv_free(t);
	if (rc) {
		furnace_free(fs);
		return -1;
	}
	*out = fs;
	return 0;
}

void furnace_free(struct furnace_set *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->f[i].id);
		free(fs->f[i].heel_c);
		free(fs->f[i].rec);
	}
	free(fs->f);
	free(fs->file);
	rm_strmap_free(&fs->ids);
	free(fs);
}

double furnace_heel_c(const struct furnace *f, size_t e)
{
	return (f && e < f->nc) ? f->heel_c[e] : 0.0;
}

double furnace_rec(const struct furnace *f, size_t e)
{
	return (f && e < f->nc) ? f->rec[e] : 1.0;
}
