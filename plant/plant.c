#include "plant.h"

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

int plant_load(const char *dir, bool need_heats, struct plant **out, struct rm_error *err)
{
	struct plant *p = calloc(1, sizeof *p);
	char *lots = plant_path(dir, "lots.csv"), *add = plant_path(dir, "additives.csv");
	char *grades = plant_path(dir, "grades.csv"), *heats = plant_path(dir, "heats.csv");
	int rc = 0;
	if (!p || !lots || !add || !grades || !heats || !(p->dir = plant_path(dir, "")))
		rc = rm_error_set(err, dir, 0, 0, "out of memory");
	if (!rc)
		p->dir[strlen(p->dir) - 1] = '\0';
	if (!rc)
		rc = inv_load(lots, access(add, F_OK) == 0 ? add : NULL, &p->els, &p->inv, err);
	if (!rc)
		rc = grade_load(grades, &p->els, &p->grades, err);
	if (!rc && (need_heats || access(heats, F_OK) == 0))
		rc = heat_load(heats, p->grades, &p->heats, err);
	free(lots);
	free(add);
	free(grades);
	free(heats);
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
	rm_elemset_free(&p->els);
	free(p->dir);
	free(p);
}
