/* ledger: committing a charged plan to the inventory, exactly once, crash-safe.
 *
 * `remelt commit` takes the charges of a plan (ledger_plan_read: the JSON `remelt plan
 * --format json` wrote) and moves them from DIR/lots.csv (and the limited additives of
 * DIR/additives.csv) to DIR/ledger.csv:
 *   - each charged material's mass_kg cell goes down by what the plan charges; a material
 *     left with less than LEDGER_EMPTY_KG leaves its file (its history stays in the ledger);
 *     every other byte of the files stays as it was;
 *   - ledger.csv gets one row per heat and material: time,plan,heat,id,mass_kg,kind,
 *     remaining_kg (kind: lot, additive, or unlimited for additives bought as needed,
 *     which are recorded but not deducted; correction for every row of a correction that
 *     `remelt adjust --format json` wrote, remaining_kg empty for the unlimited);
 *   - a plan id already in the ledger is refused, so is a plan that no longer fits (a lot
 *     missing or short), and on any error nothing changes.
 * The crash-safety design (journal, commit point, recovery) is at the top of ledger_tx.c.
 *
 * Library code: nothing here prints or exits. Steps call opts->step (if set) after each
 * durable action, which is how the tests kill a commit at every step.
 *
 * Ownership: ledger_plan_read returns a plan freed with ledger_plan_free. */
#ifndef LEDGER_H
#define LEDGER_H

#include <stdbool.h>
#include <stddef.h>

#include "rm_error.h"
#include "rm_hash.h"

#define LEDGER_EMPTY_KG 1e-6 /* below this a material is used up (FORMATS.md's 1e-6 kg) */
#define LEDGER_ID_MAX 64     /* plan ids: 1-64 characters of [0-9a-zA-Z_-] */

struct ledger_item {
	char *heat;
	char *id;
	double kg;
};

/* A heat as the plan gives it (grade NULL, mass_kg NAN when the plan does not say). */
struct ledger_heat {
	char *id, *grade;
	double mass_kg;
};

/* A lot the plan uses and its stock when the plan was made (lots[].on_hand_kg). */
struct ledger_lot {
	char *id;
	double on_hand_kg;
};

struct ledger_plan {
	char id[LEDGER_ID_MAX + 1];
	char status[16]; /* "optimal", or "feasible": the best plan when a time limit stopped */
	double gap;      /* mip.gap, the relative gap proven; 0 without one (an LP) */
	/* hash of the heats (id, grade, mass) whatever their order: the day the plan books */
	char day[RM_HASH_HEX];
	char created[32]; /* when the plan was made, as its "created" gives it; "" when absent */
	bool correction;  /* "kind": "correction": a bath's additions (remelt adjust), booked
	                   * with ledger kind correction */
	size_t n;
	struct ledger_item *item; /* in the plan's order: heats, then their charges */
	size_t nheat;
	struct ledger_heat *heat;
	size_t nlot;
	struct ledger_lot *lot;
};

/* Reads a plan JSON file; refuses a plan with nothing to book (status other than "optimal"
 * or "feasible", every charge empty), without plan_id, or whose charges are not finite
 * positive masses. */
int ledger_plan_read(const char *path, struct ledger_plan **out, struct rm_error *err);
/* The same from a buffer; name is used in messages. */
int ledger_plan_parse(const char *name, const char *buf, size_t len, struct ledger_plan **out,
                      struct rm_error *err);
void ledger_plan_free(struct ledger_plan *lp);

typedef void (*ledger_step_fn)(void *ctx, const char *step);

struct ledger_opts {
	long long now;       /* Unix seconds written in the time column */
	long wait_ms;        /* how long to wait for another commit's lock; 0 = refuse at once */
	ledger_step_fn step; /* called after each step (tests); NULL = none */
	void *step_ctx;
};

struct ledger_result {
	size_t rows;         /* ledger rows appended */
	size_t deducted;     /* materials whose stock went down */
	size_t used_up;      /* of them, left their file */
	double kg;           /* deducted from stock */
	double unlimited_kg; /* recorded for additives bought as needed, not deducted */
	int recovered;       /* an unfinished earlier commit was completed first */
};

/* Commits lp to the inventory in dir, under dir/.remelt.lock. */
int ledger_commit(const char *dir, const struct ledger_plan *lp, const struct ledger_opts *o,
                  struct ledger_result *res, struct rm_error *err);

/* Completes (or clears the leftovers of) a commit that died, if dir shows one; takes the
 * lock only then, so read-only data directories stay readable. 1 when it did something,
 * 0 when there was nothing to do, -1 with err. */
int ledger_settle(const char *dir, const struct ledger_opts *o, struct rm_error *err);

/* A data file a save replaces: its name in the data directory (lots.csv, additives.csv,
 * grades.csv or heats.csv), its new bytes, and the size and mtime (ns) of the file the edits
 * were made on: a file changed since (a commit finished meanwhile) is not overwritten. */
struct ledger_save_file {
	const char *name;
	const char *p;
	size_t n;
	long long size, mtime_ns;
};

/* Replaces the files all or nothing under dir/.remelt.lock and the commit's journal, after
 * completing an interrupted commit. A change of stock of a material with ledger history adds
 * a ledger row of kind "adjust" (mass_kg: the change, remaining_kg: the new stock). */
int ledger_save(const char *dir, const struct ledger_save_file *sf, size_t n,
                const struct ledger_opts *o, struct rm_error *err);

/* Whether the stock in inv balances with dir/ledger.csv: the last row with a remaining_kg of
 * each material leaves what inv holds (0 when it left its file). -1 with err at the row. */
struct inventory;
int ledger_balance(const char *dir, const struct inventory *inv, struct rm_error *err);

/* The archive of used-up lots and additives (lots_used.csv, additives_used.csv, which commit
 * and record fill) loaded as an inventory over els; *out NULL when there is none (an additives
 * archive alone is not read). */
struct rm_elemset;
int ledger_archive_load(const char *dir, struct rm_elemset *els, struct inventory **out,
                        struct rm_error *err);

struct ledger_summary {
	bool present;
	size_t rows, plans;
	char first[32], last[32]; /* time of the first and last row */
};
/* Reads and checks dir/ledger.csv (absent is fine). */
int ledger_summary(const char *dir, struct ledger_summary *s, struct rm_error *err);

#endif
