#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grades.h"
#include "rm_csv.h"
#include "rm_num.h"

/* More heats than this in one furnace's sequence is a typo (years of heats). */
#define HEAT_MAX_SEQ 1e6

/* The heat's furnace: known, and with room for its heel (heats.csv heel_kg, else the
 * furnace's) and the tapped mass. */
static int heat_furnace(struct heat *h, const struct rm_csv *t, size_t r, const long *col,
                        const struct furnace_set *fs, struct rm_error *err)
{
	h->furnace = -1;
	h->heel_kg = NAN;
	if (col[4] >= 0 &&
	    rm_num_cell(t, r, (size_t)col[4], 0, HEAT_MAX_MASS, 0, &h->heel_kg, err) < 0)
		return -1;
	if (col[3] < 0 || rm_num_blank(rm_csv_cell(t, r, (size_t)col[3]))) {
		if (!isnan(h->heel_kg))
			return rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), col[4] + 1,
			                    "heel_kg without a furnace: the heel's composition is "
			                    "the furnace's (furnaces.csv)");
		h->heel_kg = 0;
		return 0;
	}
	const char *name = rm_csv_cell(t, r, (size_t)col[3]);
	long f = fs ? rm_strmap_get(&fs->ids, name) : -1;
	if (f < 0)
		return rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), col[3] + 1,
		                    "furnace \"%.60s\" is not in %s", name,
		                    fs ? fs->file : "furnaces.csv (no such file)");
	const struct furnace *fu = &fs->f[f];
	if (isnan(h->heel_kg))
		h->heel_kg = fu->heel_kg;
	if (h->heel_kg + h->mass_kg > fu->capacity_kg * (1 + 1e-12))
		return rm_error_set(
		    err, rm_csv_file(t), rm_csv_line(t, r), col[2] + 1,
		    "mass_kg %g plus the heel of %g kg exceeds the capacity of furnace "
		    "%.60s (%g kg)",
		    h->mass_kg, h->heel_kg, fu->id, fu->capacity_kg);
	h->furnace = f;
	return 0;
}

/* The sequence cell: a whole number from 1, and only for a heat in a furnace. The order
 * as a whole is checked once every row is read (heats_seq.c). */
static int heat_seq_cell(struct heat *h, const struct rm_csv *t, size_t r, const long *col,
                         struct rm_error *err)
{
	double v = 0;
	h->seq = 0;
	if (col[5] < 0 || rm_num_blank(rm_csv_cell(t, r, (size_t)col[5])))
		return 0;
	if (rm_num_cell(t, r, (size_t)col[5], 1, HEAT_MAX_SEQ, 0, &v, err) < 0)
		return -1;
	if (v != floor(v))
		return rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), col[5] + 1,
		                    "sequence \"%.60s\" is not a whole number",
		                    rm_csv_cell(t, r, (size_t)col[5]));
	if (h->furnace < 0)
		return rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), col[5] + 1,
		                    "sequence without a furnace: a sequence orders the heats of "
		                    "one furnace");
	h->seq = (long)v;
	return 0;
}

static int heat_row(struct heat_set *hs, const struct rm_csv *t, size_t r, const long *col,
                    const struct grade_set *gs, const struct furnace_set *fs, struct rm_strmap *ids,
                    struct rm_error *err)
{
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, r);
	struct heat *h = &hs->h[hs->n];
	memset(h, 0, sizeof *h);
	const char *id = rm_csv_cell(t, r, (size_t)col[0]);
	const char *gname = rm_csv_cell(t, r, (size_t)col[1]);
	if (rm_csv_id(t, r, (size_t)col[0], "heat", err) < 0)
		return -1;
	long dup = rm_strmap_get(ids, id);
	if (dup >= 0)
		return rm_error_set(err, file, line, col[0] + 1,
		                    "duplicate heat \"%.60s\" (first at line %ld)", id,
		                    hs->h[dup].line);
	long g = grade_find(gs, gname);
	if (g < 0)
		return rm_error_set(err, file, line, col[1] + 1, "grade \"%.60s\" is not in %s",
		                    gname, gs->file);
	if (rm_num_cell(t, r, (size_t)col[2], 0, HEAT_MAX_MASS, RM_NUM_REQUIRED | RM_NUM_LO_OPEN,
	                &h->mass_kg, err) < 0)
		return -1;
	if (h->mass_kg < HEAT_MIN_KG)
		return rm_error_set(err, file, line, col[2] + 1,
		                    "mass_kg %g is below the floor of %g kg of a heat", h->mass_kg,
		                    HEAT_MIN_KG);
	if (heat_furnace(h, t, r, col, fs, err) < 0 || heat_seq_cell(h, t, r, col, err) < 0)
		return -1;
	if (!(h->id = malloc(strlen(id) + 1)))
		return rm_error_set(err, file, line, 0, "out of memory");
	strcpy(h->id, id);
	h->grade = (size_t)g;
	h->line = line;
	hs->n++;
	if (rm_strmap_put(ids, h->id, hs->n - 1) < 0)
		return rm_error_set(err, file, line, 0, "out of memory");
	return 0;
}

int heat_load(const char *path, const struct grade_set *gs, const struct furnace_set *fs,
              struct heat_set **out, struct rm_error *err)
{
	static const char *const need[] = {"heat", "grade", "mass_kg"};
	long col[6];
	struct rm_csv *t = NULL;
	if (rm_csv_load(path, &t, err) < 0)
		return -1;
	struct rm_strmap ids = {0};
	struct heat_set *hs = calloc(1, sizeof *hs);
	int rc = 0;
	if (!hs || !(hs->file = malloc(strlen(path) + 1)) ||
	    !(hs->h = calloc(rm_csv_nrows(t) + 1, sizeof *hs->h)))
		rc = rm_error_set(err, path, 0, 0, "out of memory");
	else
		strcpy(hs->file, path);
	for (size_t k = 0; !rc && k < 3; k++)
		if ((col[k] = rm_csv_col(t, need[k])) < 0)
			rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
			                  "missing required column \"%s\"", need[k]);
	col[3] = rm_csv_col(t, "furnace");
	col[4] = rm_csv_col(t, "heel_kg");
	col[5] = rm_csv_col(t, "sequence");
	for (size_t r = 0; !rc && r < rm_csv_nrows(t); r++)
		rc = heat_row(hs, t, r, col, gs, fs, &ids, err);
	if (!rc && col[5] >= 0)
		rc = heat_seq_check(hs, path, col[5], col[4], err);
	if (!rc && hs->n == 0)
		rc = rm_error_set(err, path, rm_csv_header_line(t), 0,
		                  "no heats: the file has a header but no rows");
	rm_csv_free(t);
	rm_strmap_free(&ids);
	if (rc) {
		heat_free(hs);
		return -1;
	}
	*out = hs;
	return 0;
}

void heat_free(struct heat_set *hs)
{
	if (!hs)
		return;
	for (size_t i = 0; i < hs->n; i++)
		free(hs->h[i].id);
	free(hs->h);
	free(hs->file);
	free(hs);
}
