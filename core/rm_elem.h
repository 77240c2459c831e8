/* rm_elem: the chemical elements, by symbol. Elements are data: nothing in remelt knows
 * which elements matter, it only knows which headers are element symbols. */
#ifndef RM_ELEM_H
#define RM_ELEM_H

#include <stddef.h>

/* Atomic number (1..118) of an exact, case-sensitive symbol such as "Fe", or 0. */
int rm_elem_z(const char *sym);
/* Atomic number of sym read without case ("FE", "si" -> 26, 14), or 0. */
int rm_elem_z_nocase(const char *sym);
/* Symbol of atomic number z, or NULL when z is out of range. */
const char *rm_elem_symbol(int z);

/* An ordered set of elements (by atomic number): the element columns a plant uses. */
struct rm_elemset {
	size_t n;
	int *z; /* n atomic numbers, in order of first appearance */
};

/* Index of z in the set, adding it when absent; -1 on out of memory. */
long rm_elemset_add(struct rm_elemset *s, int z);
/* Index of z in the set, or -1. */
long rm_elemset_find(const struct rm_elemset *s, int z);
void rm_elemset_free(struct rm_elemset *s);

#endif
