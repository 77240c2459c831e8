/* plant_offers: reading an offers file (docs/FORMATS.md, offers.csv) against a plant.
 *
 * Ownership: the caller frees *offers with inv_free and els with rm_elemset_free, also when
 * plant_offers_load fails. */
#ifndef PLANT_OFFERS_H
#define PLANT_OFFERS_H

#include "plant.h"

/* Copies the plant's elements into els and, with path (NULL: no offers), loads the offers
 * against els: an element only the offers report is added to els, never to the plant. */
int plant_offers_load(const struct plant *p, const char *path, struct rm_elemset *els,
                      struct inventory **offers, struct rm_error *err);

#endif
