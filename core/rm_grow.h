/* rm_grow: room for one more element in an array that grows by doubling. */
#ifndef RM_GROW_H
#define RM_GROW_H

#include <stddef.h>

/* p holds n elements of size bytes in room for *cap. Returns p when n < *cap, else p
 * reallocated to twice *cap (first when *cap is 0) with *cap updated; NULL when out of
 * memory, p and *cap then unchanged. */
void *rm_grow(void *p, size_t *cap, size_t n, size_t size, size_t first);

#endif
