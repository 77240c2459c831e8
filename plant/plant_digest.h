/* plant_digest: one hash over the bytes of every file a plan is made from, so that a plan
 * can carry an id that changes whenever its inputs do (reports' plan_id). */
#ifndef PLANT_DIGEST_H
#define PLANT_DIGEST_H

#include "rm_error.h"
#include "rm_hash.h"

/* The files of a data directory that a plan depends on, in the order they are hashed.
 * ledger.csv is among them: after a commit the same lots.csv bytes are a different day. */
extern const char *const plant_digest_files[];

/* Hashes, for each name of plant_digest_files, whether DIR/name exists and its bytes. */
int plant_digest(const char *dir, struct rm_hash *out, struct rm_error *err);

struct plant;
/* The parts of a plant that reports on footprint and traceability need: p->co2 from
 * DIR/co2.csv (defaults when absent) and p->digest. Called by plant_load after the inventory. */
int plant_load_footprint(struct plant *p, const char *dir, struct rm_error *err);

#endif
