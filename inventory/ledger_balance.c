/* Whether lots.csv and additives.csv balance with ledger.csv: the last ledger row of each
 * material (a commit's booking, or a save's adjust row) leaves what its file holds now. A
 * save that overwrote a commit counted the same metal on hand and in the ledger; this is how
 * `check` sees it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "ledger_int.h"
#include "rm_csv.h"
#include "rm_num.h"
#include "rm_strmap.h"

static int balance_rows(const struct rm_csv *t, const struct inventory *inv, struct rm_strmap *last,
                        struct rm_error *err)
{
	long cid = rm_csv_col(t, "id"), crem = rm_csv_col(t, "remaining_kg");
	long ck = rm_csv_col(t, "kind");
	for (size_t r = 0; cid >= 0 && crem >= 0 && r < rm_csv_nrows(t); r++) {
		double v;
		/* a record's short or surplus row moves no stock (the lot was used up before):
		 * its remaining 0 says nothing of a new lot under the same id since */
		const char *kind = ck >= 0 ? rm_csv_cell(t, r, (size_t)ck) : "";
		if (strcmp(kind, "short") == 0 || strcmp(kind, "surplus") == 0)
			continue;
		int rc = rm_num_cell(t, r, (size_t)crem, 0, 1e9, 0, &v, err);
		if (rc < 0)
			return -1;
		if (rc == 0 && rm_strmap_put(last, rm_csv_cell(t, r, (size_t)cid), r) < 0)
			return rm_error_set(err, rm_csv_file(t), 0, 0, "out of memory");
	}
	for (size_t k = 0; crem >= 0 && k < last->cap; k++) {
		if (!last->key[k])
			continue;
		size_t r = last->val[k];
		double left = strtod(rm_csv_cell(t, r, (size_t)crem), NULL);
		long i = inv_find(inv, last->key[k]);
		double now = i >= 0 ? inv->m[i].mass_kg : 0;
		if (isinf(now) || fabs(now - left) <= LEDGER_EMPTY_KG + 1e-9 * fabs(left))
			continue;
		return rm_error_set(err, rm_csv_file(t), rm_csv_line(t, r), crem + 1,
		                    "\"%.60s\" has %.10g kg in %s, but its last ledger row leaves "
		                    "%.10g kg: the stock and the ledger do not balance (a change "
		                    "made outside commit and TUI saves, or a save over a commit)",
		                    last->key[k], now, i >= 0 ? inv->m[i].file : "lots.csv", left);
	}
	return 0;
}

int ledger_balance(const char *dir, const struct inventory *inv, struct rm_error *err)
{
	char *path = lg_path(dir, lg_files[0]);
	if (!path)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	struct rm_csv *t = NULL;
	struct rm_strmap last = {0};
	int rc = 0;
	if (lg_exists(path) && !(rc = rm_csv_load(path, &t, err)))
		rc = balance_rows(t, inv, &last, err);
	rm_strmap_free(&last);
	rm_csv_free(t);
	free(path);
	return rc;
}
