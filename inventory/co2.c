#include "co2.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rm_csv.h"
#include "rm_num.h"

static const char *const co2_classes[] = {"primary", "recycled"};

/* Reads one row: a class factor or an id's factor. seen[] catches a key given twice. */
static int co2_row(struct co2_set *s, const struct inventory *inv, const struct rm_csv *t, size_t r,
                   const long *col, long *seen_line, struct rm_error *err)
{
	const char *file = rm_csv_file(t);
	long line = rm_csv_line(t, r);
	const char *key = rm_csv_cell(t, r, (size_t)col[0]);
	double v = 0;
	if (rm_num_cell(t, r, (size_t)col[1], 0, CO2_MAX_FACTOR, RM_NUM_REQUIRED, &v, err) < 0)
		return -1;
	if (rm_num_blank(key))
		return rm_error_set(err, file, line, col[0] + 1, "material is empty (required)");
	size_t slot;
	if (strcmp(key, co2_classes[0]) == 0 || strcmp(key, co2_classes[1]) == 0) {
		slot = inv->n + (strcmp(key, co2_classes[1]) == 0);
		*(slot == inv->n ? &s->primary : &s->recycled) = v;
	} else {
		long i = inv_find(inv, key);
		if (i < 0)
			return rm_error_set(err, file, line, col[0] + 1,
			                    "material \"%.60s\" is neither primary, recycled nor "
			                    "an id of lots.csv or additives.csv",
			                    key);
		slot = (size_t)i;
		s->factor[slot] = v;
		s->by_id[slot] = true;
		s->nby_id++;
	}
	if (seen_line[slot])
		return rm_error_set(err, file, line, col[0] + 1,
		                    "duplicate material \"%.60s\" (first at line %ld)", key,
		                    seen_line[slot]);
	seen_line[slot] = line;
	return 0;
}

static int co2_table(struct co2_set *s, const struct inventory *inv, const struct rm_csv *t,
                     struct rm_error *err)
{
	static const char *const need[] = {"material", "t_co2_per_t"};
	long col[2];
	for (size_t k = 0; k < 2; k++)
		if ((col[k] = rm_csv_col(t, need[k])) < 0)
			return rm_error_set(err, rm_csv_file(t), rm_csv_header_line(t), 0,
			                    "missing required column \"%s\"", need[k]);
	long *seen = calloc(inv->n + 2, sizeof *seen);
	if (!seen)
		return rm_error_set(err, rm_csv_file(t), 0, 0, "out of memory");
	int rc = 0;
	for (size_t r = 0; !rc && r < rm_csv_nrows(t); r++)
		rc = co2_row(s, inv, t, r, col, seen, err);
	free(seen);
	return rc;
}

int co2_load(const char *path, const struct inventory *inv, struct co2_set **out,
             struct rm_error *err)
{
	struct co2_set *s = calloc(1, sizeof *s);
	if (!s)
		return rm_error_set(err, path, 0, 0, "out of memory");
	s->primary = CO2_PRIMARY_DEFAULT;
	s->recycled = CO2_RECYCLED_DEFAULT;
	s->n = inv->n;
	s->factor = calloc(inv->n + 1, sizeof *s->factor);
	s->by_id = calloc(inv->n + 1, sizeof *s->by_id);
	int rc = (!s->factor || !s->by_id) ? rm_error_set(err, path, 0, 0, "out of memory") : 0;
	if (!rc && path && access(path, F_OK) == 0) {
		struct rm_csv *t = NULL;
		rc = rm_csv_load(path, &t, err);
		if (!rc && !(s->file = strdup(path)))
			rc = rm_error_set(err, path, 0, 0, "out of memory");
		if (!rc)
			rc = co2_table(s, inv, t, err);
		rm_csv_free(t);
	}
	/* the class factors are final only once the whole file is read */
	for (size_t i = 0; !rc && i < inv->n; i++)
		if (!s->by_id[i])
			s->factor[i] = inv->m[i].recycled ? s->recycled : s->primary;
	if (rc) {
		co2_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void co2_free(struct co2_set *s)
{
	if (!s)
		return;
	free(s->factor);
	free(s->by_id);
	free(s->file);
	free(s);
}

double co2_factor(const struct co2_set *s, const struct inventory *inv, size_t i)
{
	if (s && i < s->n)
		return s->factor[i];
	return inv->m[i].recycled ? CO2_RECYCLED_DEFAULT : CO2_PRIMARY_DEFAULT;
}
