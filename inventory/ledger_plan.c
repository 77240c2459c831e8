/* Reading the plan a commit books: the JSON `remelt plan --format json` wrote (FORMATS.md,
 * plus plan_id). Only what the ledger needs is read: status, mip.gap, plan_id, per heat its
 * id, grade, mass and charge (id, mass_kg), and the stock of each lot used (lots[]). Everything is
 * checked, since the file may have been edited or truncated on its way from the planning office to
 * the furnace floor. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_int.h"
#include "rm_csv.h"

#define PLAN_MAX_KG 1e9             /* the inventory's own bound on a mass */
#define PLAN_MAX_NAME RM_CSV_ID_MAX /* heat and material ids, as at load */

/* Valid UTF-8 without control characters: the text goes into ledger.csv, which rm_csv must
 * read back. */
static int plan_text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	if (n == 0 || n > PLAN_MAX_NAME)
		return 0;
	for (size_t i = 0; i < n;) {
		unsigned char b = p[i];
		if (b < 0x20 || b == 0x7f)
			return 0;
		size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
		if ((b >= 0x80 && b < 0xC2) || b > 0xF4 || i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

static int plan_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > LEDGER_ID_MAX)
		return 0;
	return strspn(s, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-") == n;
}

static int plan_add(struct ledger_plan *lp, const char *heat, const char *id, double kg)
{
	struct ledger_item *it = realloc(lp->item, (lp->n + 1) * sizeof *it);
	if (!it)
		return -1;
	lp->item = it;
	it = &lp->item[lp->n];
	it->heat = strdup(heat);
	it->id = strdup(id);
	it->kg = kg;
	lp->n++; /* counted first so that ledger_plan_free releases a half-made item */
	return it->heat && it->id ? 0 : -1;
}

/* heats[h].charge[c]: a material id charged once per heat, a finite positive mass. */
static int plan_charge(struct ledger_plan *lp, const char *name, size_t h, size_t c,
                       const cJSON *item, const char *heat, size_t first, struct rm_error *err)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
	const cJSON *kg = cJSON_GetObjectItemCaseSensitive(item, "mass_kg");
	if (!cJSON_IsString(id) || !plan_text_ok(id->valuestring))
		return rm_error_set(err, name, 0, 0,
		                    "heats[%zu].charge[%zu].id must be a string "
		                    "of 1-%d printable characters",
		                    h, c, PLAN_MAX_NAME);
	if (!cJSON_IsNumber(kg) || !isfinite(kg->valuedouble) || !(kg->valuedouble > 0) ||
	    kg->valuedouble > PLAN_MAX_KG)
		return rm_error_set(err, name, 0, 0,
		                    "heats[%zu].charge[%zu].mass_kg must be a number in (0, %g]", h,
		                    c, PLAN_MAX_KG);
	for (size_t k = first; k < lp->n; k++)
		if (strcmp(lp->item[k].id, id->valuestring) == 0)
			return rm_error_set(err, name, 0, 0, "heats[%zu] charges \"%.60s\" twice",
			                    h, id->valuestring);
	if (plan_add(lp, heat, id->valuestring, kg->valuedouble) < 0)
		return rm_error_set(err, name, 0, 0, "out of memory");
	return 0;
}

static int plan_heat(struct ledger_plan *lp, const char *name, size_t h, const cJSON *hj,
                     struct rm_error *err)
{
	const cJSON *heat = cJSON_GetObjectItemCaseSensitive(hj, "heat");
	const cJSON *charge = cJSON_GetObjectItemCaseSensitive(hj, "charge");
	if (!cJSON_IsString(heat) || !plan_text_ok(heat->valuestring))
		return rm_error_set(err, name, 0, 0,
		                    "heats[%zu].heat must be a string of 1-%d "
		                    "printable characters",
		                    h, PLAN_MAX_NAME);
	for (size_t k = 0; k < lp->n; k++)
		if (strcmp(lp->item[k].heat, heat->valuestring) == 0)
			return rm_error_set(err, name, 0, 0, "heat \"%.60s\" appears twice",
			                    heat->valuestring);
	if (!cJSON_IsArray(charge))
		return rm_error_set(err, name, 0, 0, "heats[%zu] (%.60s) has no charge array", h,
		                    heat->valuestring);
	struct ledger_heat *lh = realloc(lp->heat, (lp->nheat + 1) * sizeof *lh);
	if (!lh)
		return rm_error_set(err, name, 0, 0, "out of memory");
	lp->heat = lh;
	lh = &lp->heat[lp->nheat++];
	const cJSON *grade = cJSON_GetObjectItemCaseSensitive(hj, "grade");
	const cJSON *mass = cJSON_GetObjectItemCaseSensitive(hj, "mass_kg");
	lh->grade = NULL;
	lh->mass_kg = cJSON_IsNumber(mass) ? mass->valuedouble : NAN;
	if (!(lh->id = strdup(heat->valuestring)) ||
	    (cJSON_IsString(grade) && !(lh->grade = strdup(grade->valuestring))))
		return rm_error_set(err, name, 0, 0, "out of memory");
	size_t first = lp->n, c = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, charge)
	{
		if (plan_charge(lp, name, h, c++, item, heat->valuestring, first, err) < 0)
			return -1;
	}
	return 0;
}

/* lots[]: each lot used and its stock when the plan was made. */
static int plan_lots(struct ledger_plan *lp, const char *name, const cJSON *lots,
                     struct rm_error *err)
{
	if (!lots)
		return 0; /* commit asks for the lots it books */
	if (!cJSON_IsArray(lots))
		return rm_error_set(err, name, 0, 0, "lots must be an array");
	size_t k = 0;
	const cJSON *o;
	cJSON_ArrayForEach(o, lots)
	{
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
		const cJSON *kg = cJSON_GetObjectItemCaseSensitive(o, "on_hand_kg");
		if (!cJSON_IsString(id) || !plan_text_ok(id->valuestring) || !cJSON_IsNumber(kg) ||
		    !isfinite(kg->valuedouble) || kg->valuedouble < 0 ||
		    kg->valuedouble > PLAN_MAX_KG)
			return rm_error_set(
			    err, name, 0, 0,
			    "lots[%zu] must have an id and an on_hand_kg in [0, %g]", k,
			    PLAN_MAX_KG);
		struct ledger_lot *l = realloc(lp->lot, (lp->nlot + 1) * sizeof *l);
		if (!l)
			return rm_error_set(err, name, 0, 0, "out of memory");
		lp->lot = l;
		l = &lp->lot[lp->nlot++];
		l->on_hand_kg = kg->valuedouble;
		if (!(l->id = strdup(id->valuestring)))
			return rm_error_set(err, name, 0, 0, "out of memory");
		k++;
	}
	return 0;
}

/* What a plan of each status means for booking: only "optimal" and "feasible" carry one. */
static int plan_status(struct ledger_plan *lp, const char *name, const cJSON *root,
                       struct rm_error *err)
{
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(root, "status");
	const char *s = cJSON_IsString(status) ? status->valuestring : NULL;
	if (s && (strcmp(s, "optimal") == 0 || strcmp(s, "feasible") == 0)) {
		const cJSON *mip = cJSON_GetObjectItemCaseSensitive(root, "mip");
		const cJSON *gap = cJSON_GetObjectItemCaseSensitive(mip, "gap");
		snprintf(lp->status, sizeof lp->status, "%s", s);
		lp->gap = cJSON_IsNumber(gap) ? gap->valuedouble : 0;
		if (!isfinite(lp->gap) || lp->gap < 0)
			return rm_error_set(err, name, 0, 0, "mip.gap must be a number >= 0");
		if (s[0] == 'f' && !cJSON_IsNumber(gap))
			return rm_error_set(err, name, 0, 0,
			                    "status \"feasible\" without its mip.gap: the ledger "
			                    "records how far from the optimum a plan may be");
		return 0;
	}
	const char *why = !s                             ? "the plan has no status"
	                  : strcmp(s, "infeasible") == 0 ? "no charge meets every heat's specs"
	                  : strcmp(s, "time_limit") == 0
	                      ? "the time limit stopped the solve before any plan was found"
	                      : "not a status of a plan (\"optimal\" or \"feasible\")";
	return rm_error_set(err, name, 0, 0, "refused: status %s%.40s%s: %s; nothing to book",
	                    s ? "\"" : "", s ? s : "missing", s ? "\"" : "", why);
}

static int plan_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Hash of the sorted "heat grade mass" lines: the day, the same whatever the plan_id or
 * the order of the heats say. */
static int plan_day(struct ledger_plan *lp)
{
	size_t n = lp->nheat;
	char **line = calloc(n + 1, sizeof *line);
	int rc = line ? 0 : -1;
	for (size_t k = 0; !rc && k < n; k++) {
		char buf[2 * RM_CSV_ID_MAX + 64];
		snprintf(buf, sizeof buf, "%s\t%s\t%.17g", lp->heat[k].id,
		         lp->heat[k].grade ? lp->heat[k].grade : "", lp->heat[k].mass_kg);
		if (!(line[k] = strdup(buf)))
			rc = -1;
	}
	if (!rc) {
		qsort(line, n, sizeof *line, plan_cmp);
		struct rm_hash h;
		rm_hash_init(&h);
		rm_hash_str(&h, "remelt-day-v1");
		for (size_t k = 0; k < n; k++)
			rm_hash_str(&h, line[k]);
		rm_hash_hex(&h, lp->day);
	}
	for (size_t k = 0; line && k < n; k++)
		free(line[k]);
	free(line);
	return rc;
}

/* The root: a plan with a charge to book, an id and heats. */
static int plan_root(struct ledger_plan *lp, const char *name, const cJSON *root,
                     struct rm_error *err)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "plan_id");
	const cJSON *heats = cJSON_GetObjectItemCaseSensitive(root, "heats");
	if (!cJSON_IsObject(root))
		return rm_error_set(err, name, 0, 0, "not a remelt plan (a JSON object)");
	if (plan_status(lp, name, root, err) < 0)
		return -1;
	if (!cJSON_IsString(id) || !plan_id_ok(id->valuestring))
		return rm_error_set(err, name, 0, 0,
		                    "plan_id must be 1-%d letters, digits, _ or - "
		                    "(plans written before remelt had ids: plan again)",
		                    LEDGER_ID_MAX);
	snprintf(lp->id, sizeof lp->id, "%s", id->valuestring);
	if (!cJSON_IsArray(heats) || cJSON_GetArraySize(heats) == 0)
		return rm_error_set(err, name, 0, 0, "heats must be a non-empty array");
	size_t h = 0;
	const cJSON *hj;
	cJSON_ArrayForEach(hj, heats)
	{
		if (plan_heat(lp, name, h++, hj, err) < 0)
			return -1;
	}
	if (lp->n == 0)
		return rm_error_set(err, name, 0, 0,
		                    "refused: every heat's charge is empty; nothing to book");
	if (plan_lots(lp, name, cJSON_GetObjectItemCaseSensitive(root, "lots"), err) < 0)
		return -1;
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
	if (kind && !(cJSON_IsString(kind) && (strcmp(kind->valuestring, "plan") == 0 ||
	                                       strcmp(kind->valuestring, "correction") == 0)))
		return rm_error_set(err, name, 0, 0, "kind must be \"plan\" or \"correction\"");
	lp->correction = kind && strcmp(kind->valuestring, "correction") == 0;
	const cJSON *created = cJSON_GetObjectItemCaseSensitive(root, "created");
	if (cJSON_IsString(created) && strlen(created->valuestring) < sizeof lp->created)
		strcpy(lp->created, created->valuestring);
	return plan_day(lp) < 0 ? rm_error_set(err, name, 0, 0, "out of memory") : 0;
}

/* Line and column (1-based) of byte offset off. */
static void plan_pos(const char *buf, size_t off, long *line, long *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

int ledger_plan_parse(const char *name, const char *buf, size_t len, struct ledger_plan **out,
                      struct rm_error *err)
{
	*out = NULL;
	char *copy = malloc(len + 1); /* cJSON wants the NUL to find the end */
	struct ledger_plan *lp = calloc(1, sizeof *lp);
	if (!copy || !lp) {
		free(copy);
		free(lp);
		return rm_error_set(err, name, 0, 0, "out of memory");
	}
	memcpy(copy, buf, len);
	copy[len] = '\0';
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
	int rc = 0;
	if (!root || memchr(buf, '\0', len)) {
		long line, col;
		plan_pos(copy, end && end >= copy && end <= copy + len ? (size_t)(end - copy) : 0,
		         &line, &col);
		rc = rm_error_set(err, name, line, col, "not valid JSON");
	} else {
		rc = plan_root(lp, name, root, err);
	}
	cJSON_Delete(root);
	free(copy);
	if (rc) {
		ledger_plan_free(lp);
		return -1;
	}
	*out = lp;
	return 0;
}

int ledger_plan_read(const char *path, struct ledger_plan **out, struct rm_error *err)
{
	struct lg_buf b;
	*out = NULL;
	if (lg_read(path, &b, err) < 0)
		return -1;
	if (!b.present)
		return rm_error_set(err, path, 0, 0, "cannot open: no such file");
	int rc = ledger_plan_parse(path, b.p, b.n, out, err);
	lg_buf_free(&b);
	return rc;
}

void ledger_plan_free(struct ledger_plan *lp)
{
	if (!lp)
		return;
	for (size_t k = 0; k < lp->n; k++) {
		free(lp->item[k].heat);
		free(lp->item[k].id);
	}
	free(lp->item);
	for (size_t k = 0; k < lp->nheat; k++) {
		free(lp->heat[k].id);
		free(lp->heat[k].grade);
	}
	free(lp->heat);
	for (size_t k = 0; k < lp->nlot; k++)
		free(lp->lot[k].id);
	free(lp->lot);
	free(lp);
}
