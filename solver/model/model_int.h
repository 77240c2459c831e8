/* model_int: what the files of solver/model/ share and no one else calls. */
#ifndef MODEL_INT_H
#define MODEL_INT_H

#include "model.h"

/* model_build, with stock_rows false: no availability rows (avail_row all 0), for a model
 * that bounds its columns by stock instead (model_ref.c). */
int model_make(struct model *m, const struct plant *p, const size_t *heats, size_t nh,
               const struct model_opts *opt, bool stock_rows, struct rm_error *err);
/* Frees the reference plant view of model_build_ref (NULL: nothing). */
void model_ref_free(struct model_ref *r);

#endif
