/* rm_hash: FNV-1a with a 128-bit state, for identities (plan ids, journal checks).
 *
 * Not cryptographic: it tells apart states that differ by accident (another day's
 * inventory, a file half written), not by design. 128 bits keep accidental collisions out
 * of reach for a plant's lifetime of plans; FNV needs no tables and streams over files. */
#ifndef RM_HASH_H
#define RM_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "rm_error.h"

#define RM_HASH_HEX 33 /* 32 hex digits and a NUL */

struct rm_hash {
	uint64_t hi, lo;
};

void rm_hash_init(struct rm_hash *h);
void rm_hash_add(struct rm_hash *h, const void *buf, size_t n);
/* Adds s with its NUL, so that ("ab", "c") and ("a", "bc") hash differently. */
void rm_hash_str(struct rm_hash *h, const char *s);
/* Adds a number as its shortest round-trip decimal text (the same on every platform). */
void rm_hash_num(struct rm_hash *h, double v);
/* Adds whether path exists, its size and its bytes; a missing file is a state, not an
 * error. -1 with err when the file exists but cannot be read. */
int rm_hash_file(struct rm_hash *h, const char *path, struct rm_error *err);
/* Lower-case hex of the state, most significant first. */
void rm_hash_hex(const struct rm_hash *h, char out[RM_HASH_HEX]);
/* FNV-1a-128 of n bytes of buf as hex (a fresh hash). */
void rm_hash_bytes_hex(const void *buf, size_t n, char out[RM_HASH_HEX]);

#endif
