#include "rm_elem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const elem_symbols[] = {
    "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",
    "S",  "Cl", "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn",
    "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh",
    "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd",
    "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W",  "Re",
    "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
    "Pa", "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db",
    "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
};

#define ELEM_COUNT ((int)(sizeof elem_symbols / sizeof elem_symbols[0]))

int rm_elem_z(const char *sym)
{
	if (!sym || !sym[0] || strlen(sym) > 2)
		return 0;
	for (int i = 0; i < ELEM_COUNT; i++)
		if (strcmp(elem_symbols[i], sym) == 0)
			return i + 1;
	return 0;
}

int rm_elem_z_nocase(const char *sym)
{
	if (!sym || !sym[0] || strlen(sym) > 2)
		return 0;
	for (int i = 0; i < ELEM_COUNT; i++) {
		const char *e = elem_symbols[i];
		if (tolower((unsigned char)e[0]) == tolower((unsigned char)sym[0]) &&
		    tolower((unsigned char)e[1]) == tolower((unsigned char)sym[1]))
			return i + 1;
	}
	return 0;
}

const char *rm_elem_symbol(int z)
{
	return (z >= 1 && z <= ELEM_COUNT) ? elem_symbols[z - 1] : NULL;
}

long rm_elemset_find(const struct rm_elemset *s, int z)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->z[i] == z)
			return (long)i;
	return -1;
}

long rm_elemset_add(struct rm_elemset *s, int z)
{
	long i = rm_elemset_find(s, z);
	if (i >= 0)
		return i;
	int *nz = realloc(s->z, (s->n + 1) * sizeof *nz);
	if (!nz)
		return -1;
	s->z = nz;
	s->z[s->n] = z;
	return (long)s->n++;
}

void rm_elemset_free(struct rm_elemset *s)
{
	free(s->z);
	s->z = NULL;
	s->n = 0;
}
