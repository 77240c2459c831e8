/* plant_offers: the offers file of `remelt price --offers` and `remelt tui --offers`, read
 * against the plant's elements.
 *
 * Offers are read against a copy of the plant's elements: an element only an offer reports
 * gets an index past the plant's, which the model never reads, and the plant stays as
 * loaded. The copy is kept to classify the offers into scrap grades. */
#include "plant_offers.h"

#include <stdlib.h>
#include <string.h>

int plant_offers_load(const struct plant *p, const char *path, struct rm_elemset *els,
                      struct inventory **offers, struct rm_error *err)
{
	*offers = NULL;
	els->n = p->els.n;
	if (!(els->z = malloc((p->els.n + 1) * sizeof *els->z)))
		return rm_error_set(err, path, 0, 0, "out of memory");
	memcpy(els->z, p->els.z, p->els.n * sizeof *els->z);
	return path ? inv_load(path, NULL, els, offers, err) : 0;
}
