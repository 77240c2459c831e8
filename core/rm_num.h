/* rm_num: strict numbers from CSV cells. A number is the whole cell (surrounding blanks
 * allowed), decimal point only, finite; "1,5", "0x10", "12 kg", "nan", "inf", "1e400" are
 * refused with a message that says why. */
#ifndef RM_NUM_H
#define RM_NUM_H

#include <stdbool.h>

#include "rm_csv.h"

/* Below this magnitude a number is noise in every unit remelt reads (wt%, kg, money per kg)
 * and is read as 0: it also keeps the LP's coefficients within what GLPK's scaling handles
 * (an analysis of 1e-50 wt% made GLPK report a charge beyond a lot's stock as optimal). */
#define RM_NUM_TINY 1e-12

/* Cell is empty or blanks only. */
bool rm_num_blank(const char *s);
/* 0 and *out on success; -1 with a reason in why (a static string) otherwise. */
int rm_num_parse(const char *s, double *out, const char **why);

enum rm_num_flags {
	RM_NUM_REQUIRED = 1, /* an empty cell is an error */
	RM_NUM_LO_OPEN = 2,  /* value must be > lo rather than >= lo */
	RM_NUM_HI_OPEN = 4,  /* value must be < hi rather than <= hi */
};

/* Reads cell (row, col) of t as a number in [lo, hi] (open ends per flags).
 * Returns 0 with *out set, 1 when the cell is empty and not required (*out untouched),
 * -1 with err naming file, line, field, column name and the bad text. */
int rm_num_cell(const struct rm_csv *t, size_t row, size_t col, double lo, double hi,
                unsigned flags, double *out, struct rm_error *err);

#endif
