/* rm_source: where a lot's analysis comes from (lots.csv `source`, FORMATS.md), the one table
 * of their names. The order is the contract's (analyzed, predicted, nominal): it numbers the
 * uncertainty classes, the bits of a scrap grade's lot_source and the TUI's filter. */
#ifndef RM_SOURCE_H
#define RM_SOURCE_H

#include <stddef.h>

enum rm_source { RM_SRC_ANALYZED, RM_SRC_PREDICTED, RM_SRC_NOMINAL, RM_NSOURCE };

/* The name of source s, NULL past the last. */
const char *rm_source_name(unsigned s);
/* The source named exactly by the n bytes at s, or -1. */
int rm_source_find(const char *s, size_t n);

#endif
