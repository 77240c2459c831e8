#include "plant.h"
#include "plant_digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *plant_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Scrap grades are optional: they classify lots, the charge model does not use them. */
static int plant_load_scrap(struct plant *p, const char *dir, struct rm_error *err)
{
	char *path = plant_path(dir, "scrap_grades.csv");
	if (!path)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	int rc = access(path, F_OK) == 0 ? scrap_load(path, &p->scrap, err) : 0;
	free(path);
	return rc;
}

/* Material rules are optional; they name grades and materials, so they come after both. */
static int plant_load_rules(struct plant *p, const char *dir, struct rm_error *err)
{
	char *path = plant_path(dir, "material_rules.csv");
	if (!path)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	int rc =
	    access(path, F_OK) == 0 ? plant_rules_load(path, p->inv, p->grades, &p->rules, err) : 0;
	free(path);
	return rc;
}

/* The charge model has a column per material and heat: GLPK counts them in an int and its
 * memory grows with them, so a day too large to plan is refused up front, with its sizes. */
#define PLANT_MAX_VARS 2000000u

static int plant_check_size(const struct plant *p, const char *heats, struct rm_error *err)
{
	size_t nm = p->inv->n, nh = p->heats->n;
	if (nh * nm <= PLANT_MAX_VARS) /* no overflow: both are capped by the CSV row limit */
		return 0;
	return rm_error_set(
	    err, heats, 0, 0,
	    "%zu heats x %zu materials = %zu charge variables; remelt plans at most "
	    "%u at once: split the day",
	    nh, nm, nh * nm, PLANT_MAX_VARS);
}

int plant_load(const char *dir, bool need_heats, struct plant **out, struct rm_error *err)
{
	struct plant *p = calloc(1, sizeof *p);
	char *lots = plant_path(dir, "lots.csv"), *add = plant_path(dir, "additives.csv");
	char *grades = plant_path(dir, "grades.csv"), *heats = plant_path(dir, "heats.csv");
	char *unc = plant_path(dir, "uncertainty.csv"), *fur = plant_path(dir, "furnaces.csv");
	int rc = 0;
	if (!p || !lots || !add || !grades || !heats || !unc || !fur ||
	    !(p->dir = plant_path(dir, "")))
		rc = rm_error_set(err, dir, 0, 0, "out of memory");
	if (!rc)
		p->dir[strlen(p->dir) - 1] = '\0';
	if (!rc)
		rc = inv_load(lots, access(add, F_OK) == 0 ? add : NULL, &p->els, &p->inv, err);
	if (!rc)
		rc = grade_load(grades, &p->els, &p->grades, err);
	if (!rc)
		rc = plant_load_rules(p, dir, err);
	if (!rc && access(fur, F_OK) == 0)
		rc = furnace_load(fur, &p->els, &p->furnaces, err);
	if (!rc && (need_heats || access(heats, F_OK) == 0))
		rc = heat_load(heats, p->grades, p->furnaces, &p->heats, err);
	if (!rc && p->heats)
		rc = plant_check_size(p, heats, err);
	if (!rc)
		rc = plant_load_scrap(p, dir, err);
	/* Last: the element set is complete only once every other file is read. */
	if (!rc)
		rc = unc_load(unc, &p->els, &p->unc, err);
	if (!rc)
		rc = plant_load_footprint(p, dir, err);
	free(lots);
	free(add);
	free(grades);
	free(heats);
	free(unc);
	free(fur);
	if (rc) {
		plant_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

void plant_free(struct plant *p)
{
	if (!p)
		return;
	inv_free(p->inv);
	grade_free(p->grades);
	heat_free(p->heats);
	furnace_free(p->furnaces);
	unc_free(p->unc);
	co2_free(p->co2);
	scrap_free(p->scrap);
	plant_rules_free(p->rules);
	rm_elemset_free(&p->els);
	free(p->dir);
	free(p);
}

const struct furnace *plant_furnace(const struct plant *p, size_t h)
{
	long f = p->heats->h[h].furnace;
	return f >= 0 ? &p->furnaces->f[f] : NULL;
}

double plant_bath_kg(const struct plant *p, size_t h)
{
	return p->heats->h[h].mass_kg + p->heats->h[h].heel_kg;
}
