#include "plant_digest.h"

#include "plant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Files named by FORMATS.md and DESIGN.md, including those later issues add: a file that is
 * absent hashes as "absent", so listing it early costs nothing. */
const char *const plant_digest_files[] = {
    "lots.csv",   "additives.csv",   "grades.csv",   "heats.csv",        "co2.csv",
    "ledger.csv", "uncertainty.csv", "furnaces.csv", "scrap_grades.csv", "material_rules.csv",
    NULL,
};

int plant_digest(const char *dir, struct rm_hash *out, struct rm_error *err)
{
	struct rm_hash h;
	rm_hash_init(&h);
	rm_hash_str(&h, "remelt-data-v1");
	for (size_t k = 0; plant_digest_files[k]; k++) {
		size_t n = strlen(dir) + strlen(plant_digest_files[k]) + 2;
		char *path = malloc(n);
		if (!path)
			return rm_error_set(err, dir, 0, 0, "out of memory");
		snprintf(path, n, "%s/%s", dir, plant_digest_files[k]);
		rm_hash_str(&h, plant_digest_files[k]);
		int rc = rm_hash_file(&h, path, err);
		free(path);
		if (rc < 0)
			return -1;
	}
	*out = h;
	return 0;
}

int plant_load_footprint(struct plant *p, const char *dir, struct rm_error *err)
{
	size_t n = strlen(dir) + sizeof "/co2.csv";
	char *path = malloc(n);
	if (!path)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	snprintf(path, n, "%s/co2.csv", dir);
	int rc = co2_load(path, p->inv, &p->co2, err);
	free(path);
	return rc < 0 ? -1 : plant_digest(dir, &p->digest, err);
}
