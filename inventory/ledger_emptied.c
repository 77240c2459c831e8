/* ledger_emptied (ledger_int.h): where the ledger last left each material's stock empty, so
 * that a heat booked before then is read against the lot as it was (lots_used.csv), not a new
 * delivery under the same id. */
#include <string.h>

#include "ledger_int.h"
#include "rm_csv.h"
#include "rm_num.h"
#include "rm_strmap.h"

int lg_emptied(const struct rm_csv *t, struct rm_strmap *out)
{
	long cid = rm_csv_col(t, "id"), crem = rm_csv_col(t, "remaining_kg");
	long ck = rm_csv_col(t, "kind");
	for (size_t r = 0; cid >= 0 && crem >= 0 && r < rm_csv_nrows(t); r++) {
		const char *kind = ck >= 0 ? rm_csv_cell(t, r, (size_t)ck) : "lot", *why;
		double left;
		/* only a row that took stock empties it: short and surplus rows follow an empty
		 * stock, returns refill it, adjust rows are edits of the stock file */
		if (strcmp(kind, "lot") != 0 && strcmp(kind, "additive") != 0 &&
		    strcmp(kind, "record") != 0)
			continue;
		if (rm_num_parse(rm_csv_cell(t, r, (size_t)crem), &left, &why) != 0 || left != 0)
			continue;
		if (rm_strmap_put(out, rm_csv_cell(t, r, (size_t)cid), r) < 0)
			return -1;
	}
	return 0;
}
