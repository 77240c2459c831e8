#include "rm_grow.h"

#include <stdlib.h>

void *rm_grow(void *p, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap)
		return p;
	size_t c = *cap ? 2 * *cap : first;
	void *q = realloc(p, c * size);
	if (q)
		*cap = c;
	return q;
}
