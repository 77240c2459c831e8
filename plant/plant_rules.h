/* plant_rules: what a grade may take (DIR/material_rules.csv, FORMATS.md): per grade or every
 * grade (`*`), a material id, `COLUMN=VALUE` (a trace column of lots.csv/additives.csv, or
 * `id`, or `source`) or `source=VALUE`, with the most kg per heat and the least and most
 * share of the heat's charged kg. It lives in plant/ because a rule names both a grade
 * (grades/) and materials (inventory/).
 *
 * A rule matches materials when the model is built (plant_rules_match), not at load: pricing
 * adds offers to the inventory, and a `class=` rule applies to them as to the lots.
 *
 * Ownership: plant_rules_load returns a set freed with plant_rules_free. */
#ifndef PLANT_RULES_H
#define PLANT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "grades.h"
#include "inventory.h"
#include "rm_error.h"

enum plant_rule_kind {
	PLANT_RULE_ID,     /* one material, by id */
	PLANT_RULE_FIELD,  /* COLUMN=VALUE: a trace column, or id=VALUE */
	PLANT_RULE_SOURCE, /* source=analyzed|predicted|nominal */
};

struct plant_rule {
	long grade; /* index into the grade set; -1 = every grade (`*`) */
	enum plant_rule_kind kind;
	char *material; /* the cell as written: what check and the reports show */
	char *key;      /* FIELD, SOURCE: the column (or "id", "source"), NULL for an id */
	char *value;    /* ID: the id; FIELD: the value (in key's buffer), no trailing '*' */
	bool prefix;    /* FIELD: the value ended in '*': it matches as a prefix */
	enum mat_source source;
	/* NAN = not given. max_kg: the most kg of the matching materials together in one heat
	 * (0 = not allowed); shares: of the heat's charged kg (sum of every x), in [0, 1]. */
	double max_kg, max_share, min_share;
	long line;
};

struct plant_rule_set {
	size_t n;
	struct plant_rule *r;
	char *file;
};

/* Reads path against the plant's inventory (ids, trace columns) and grades. Refused with
 * file:line:column: an unknown grade, material id or column, a source that is not one, a
 * share outside [0, 1], min_share above max_share, a row that limits nothing, the same
 * grade and material twice. */
int plant_rules_load(const char *path, const struct inventory *inv, const struct grade_set *gs,
                     struct plant_rule_set **out, struct rm_error *err);
void plant_rules_free(struct plant_rule_set *rs);
/* Whether rule r applies to a heat of grade g, and whether it matches material m (field
 * values compare without regard to ASCII case). */
bool plant_rule_grade(const struct plant_rule *r, size_t g);
bool plant_rule_match(const struct plant_rule *r, const struct material *m);

#endif
