/* rm_strmap: string -> index map (open addressing), so that loading and looking up
 * thousands of ids stays linear. Keys are borrowed: they must outlive the map. */
#ifndef RM_STRMAP_H
#define RM_STRMAP_H

#include <stddef.h>

struct rm_strmap {
	size_t cap; /* power of two, 0 when empty */
	size_t n;
	const char **key;
	size_t *val;
};

/* Index stored for key, or -1. */
long rm_strmap_get(const struct rm_strmap *m, const char *key);
/* Stores key -> val (replacing an old value); -1 on out of memory. */
int rm_strmap_put(struct rm_strmap *m, const char *key, size_t val);
void rm_strmap_free(struct rm_strmap *m);

#endif
