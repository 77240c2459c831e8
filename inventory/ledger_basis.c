/* Whether a plan belongs to this plant as it is now. The plan gives the stock of each lot it
 * uses (lots[].on_hand_kg) and when it was made (created); the ledger gives what was booked
 * since then (its time column, the same UTC format, compares as text):
 *   - each lot's stock now is what the plan saw, less what the ledger booked of it since;
 *     anything else means another data directory or a hand edit;
 *   - no plan of the same day (heats, ledger column day) was booked since the plan was made:
 *     an edited copy, or a second plan of the same day, would book the day twice. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "inventory.h"
#include "ledger_int.h"
#include "rm_csv.h"
#include "rm_num.h"

static const struct ledger_lot *basis_lot(const struct ledger_plan *lp, const char *id)
{
	for (size_t k = 0; k < lp->nlot; k++)
		if (strcmp(lp->lot[k].id, id) == 0)
			return &lp->lot[k];
	return NULL;
}

/* Column name of t, or -1 (also without a ledger). */
static long basis_col(const struct rm_csv *t, const char *name)
{
	return t ? rm_csv_col(t, name) : -1;
}

/* Whether row r of the ledger was booked at or after the plan was made. */
static bool basis_since(const struct ledger_plan *lp, const struct rm_csv *t, size_t r)
{
	long ct = basis_col(t, "time");
	return ct >= 0 && strcmp(rm_csv_cell(t, r, (size_t)ct), lp->created) >= 0;
}

/* Whether the ledger's bookings of lot id since the plan was made add up to diff kg. */
static bool basis_booked(const struct ledger_plan *lp, const struct rm_csv *t, const char *id,
                         double diff, double tol)
{
	long cid = basis_col(t, "id"), ckg = basis_col(t, "mass_kg"), ck = basis_col(t, "kind");
	double sum = 0, kg;
	const char *why;
	/* an adjust row (a save's change of stock) is not a booking: the plan saw other stock;
	 * a record's return went back to stock, its short never left a stock that was empty,
	 * nor did its surplus (metal a used-up lot had beyond its book mass) */
	for (size_t r = 0; cid >= 0 && ckg >= 0 && r < rm_csv_nrows(t); r++) {
		const char *kind = ck >= 0 ? rm_csv_cell(t, r, (size_t)ck) : "";
		if (strcmp(rm_csv_cell(t, r, (size_t)cid), id) != 0 || !basis_since(lp, t, r) ||
		    strcmp(kind, "adjust") == 0 || strcmp(kind, "short") == 0 ||
		    strcmp(kind, "surplus") == 0 ||
		    rm_num_parse(rm_csv_cell(t, r, (size_t)ckg), &kg, &why) != 0)
			continue;
		sum += strcmp(kind, "return") == 0 ? -kg : kg;
	}
	return fabs(sum - diff) <= tol;
}

int lg_check_stock(const struct ledger_plan *lp, const struct inventory *inv,
                   const struct rm_csv *t, const char *lots_path, struct rm_error *err)
{
	for (size_t k = 0; k < lp->n; k++) {
		long i = inv_find(inv, lp->item[k].id);
		if (i >= 0 && inv->m[i].kind == MAT_LOT && !basis_lot(lp, lp->item[k].id))
			return rm_error_set(err, lots_path, inv->m[i].line, 0,
			                    "refused: the plan does not give the stock of lot "
			                    "\"%.60s\" it was made from (lots[].on_hand_kg): plan "
			                    "again; nothing was changed",
			                    lp->item[k].id);
	}
	for (size_t k = 0; k < lp->nlot; k++) {
		const struct ledger_lot *l = &lp->lot[k];
		long i = inv_find(inv, l->id);
		double now = i >= 0 ? inv->m[i].mass_kg : 0, diff = l->on_hand_kg - now;
		double tol = LEDGER_EMPTY_KG + 1e-9 * l->on_hand_kg;
		if (fabs(diff) <= tol || basis_booked(lp, t, l->id, diff, tol))
			continue;
		return rm_error_set(
		    err, lots_path, i >= 0 ? inv->m[i].line : 0, 0,
		    "refused: lot \"%.60s\" had %.10g kg when the plan was made and "
		    "has %.10g kg now, which the ledger does not account for: the "
		    "plan was made for another data directory or another state of "
		    "it; plan again; nothing was changed",
		    l->id, l->on_hand_kg, now);
	}
	return 0;
}

int lg_check_day(const struct ledger_plan *lp, const struct rm_csv *t, struct rm_error *err)
{
	long cd = basis_col(t, "day"), cp = basis_col(t, "plan"), ct = basis_col(t, "time");
	for (size_t r = 0; cd >= 0 && cp >= 0 && ct >= 0 && r < rm_csv_nrows(t); r++)
		if (strcmp(rm_csv_cell(t, r, (size_t)cd), lp->day) == 0 && basis_since(lp, t, r))
			return rm_error_set(
			    err, rm_csv_file(t), rm_csv_line(t, r), cd + 1,
			    "refused: plan %.64s books the same heats as plan %.64s, "
			    "booked at %.40s, after this plan was made (%.40s): that "
			    "would book the day twice; nothing was changed",
			    lp->id, rm_csv_cell(t, r, (size_t)cp), rm_csv_cell(t, r, (size_t)ct),
			    lp->created[0] ? lp->created : "no created time");
	return 0;
}
