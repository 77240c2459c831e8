/* remelt estimate's text and JSON (report_estimate.h). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "report_estimate.h"
#include "rm_elem.h"
#include "rm_source.h"

static void est_text_lot(FILE *f, const struct actual_set *s, const struct estimate *est,
                         const struct est_lot *l)
{
	const struct material *m = l->m;
	fprintf(f, "%s (%s%s), %zu heat%s", m->id, inv_source_label(m),
	        l->used_up ? ", used up" : "", l->nheat, l->nheat == 1 ? "" : "s");
	for (size_t h = 0; h < l->nheat && h < 6; h++)
		fprintf(f, "%s%s", h ? " " : ": ", s->h[l->heat[h]].heat);
	fprintf(f, "%s\n", l->nheat > 6 ? " ..." : "");
	for (size_t k = 0; l->nheat && k < est->nel; k++) {
		if (!(l->prior_sd[k] > 0))
			continue;
		fprintf(f,
		        "  %-3s %9.4f +- %-8.4f -> %9.4f +- %-8.4f (sd %3.0f%% of the prior's)\n",
		        rm_elem_symbol(est->z[k]), l->prior_mean[k], l->prior_sd[k], l->mean[k],
		        l->sd[k], 100 * l->sd[k] / l->prior_sd[k]);
	}
}

static int est_text(FILE *f, const struct actual_set *s, const struct estimate *est)
{
	size_t entered = 0;
	fprintf(f, "%zu recorded heats used", est->heats_used);
	if (est->heats_skipped)
		fprintf(f,
		        ", %zu left out (a material they charged is no longer in the files, "
		        "e.g. %s of heat %s)",
		        est->heats_skipped, est->skipped_id ? est->skipped_id : "-",
		        est->skipped_heat ? est->skipped_heat : "-");
	if (est->heats_absorbed)
		fprintf(f,
		        "; %zu recorded before the last estimate --write, in the lots' values "
		        "already",
		        est->heats_absorbed);
	fprintf(f, "\n\n");
	for (size_t l = 0; l < est->nlot; l++)
		if (est->lot[l].nheat) {
			est_text_lot(f, s, est, &est->lot[l]);
			entered++;
		}
	fprintf(f,
	        "\n%zu of %zu lots and additives entered a heat used; the others keep their "
	        "prior\n\n",
	        entered, est->nlot);
	fprintf(f, "source     element  lots  stated rel sd  calibrated rel sd  factor\n");
	for (size_t k = 0; k < est->nsrc; k++) {
		const struct est_source *x = &est->src[k];
		fprintf(f, "%-10s %-7s %5zu %14.3f %18.3f %7.2f%s\n", rm_source_name(x->source),
		        rm_elem_symbol(est->z[x->el]), x->n, x->stated_rel_sd, x->calibrated_rel_sd,
		        x->factor, x->factor > 1.5 ? "  the stated sd is too small" : "");
	}
	return 0;
}

static int est_json(FILE *f, const struct actual_set *s, const struct estimate *est,
                    struct rm_error *err)
{
	cJSON *root = cJSON_CreateObject(), *lots = cJSON_CreateArray();
	cJSON *srcs = cJSON_CreateArray();
	cJSON_AddNumberToObject(root, "heats_used", (double)est->heats_used);
	cJSON_AddNumberToObject(root, "heats_skipped", (double)est->heats_skipped);
	cJSON_AddNumberToObject(root, "heats_absorbed", (double)est->heats_absorbed);
	for (size_t l = 0; l < est->nlot; l++) {
		const struct est_lot *x = &est->lot[l];
		cJSON *o = cJSON_CreateObject(), *hs = cJSON_CreateArray(),
		      *els = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", x->m->id);
		cJSON_AddStringToObject(o, "source", inv_source_label(x->m));
		cJSON_AddBoolToObject(o, "in_stock", !x->used_up);
		for (size_t h = 0; h < x->nheat; h++)
			cJSON_AddItemToArray(hs, cJSON_CreateString(s->h[x->heat[h]].heat));
		cJSON_AddItemToObject(o, "heats", hs);
		for (size_t k = 0; k < est->nel; k++) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddNumberToObject(e, "prior_mean", x->prior_mean[k]);
			cJSON_AddNumberToObject(e, "prior_sd", x->prior_sd[k]);
			cJSON_AddNumberToObject(e, "mean", x->mean[k]);
			cJSON_AddNumberToObject(e, "sd", x->sd[k]);
			cJSON_AddItemToObject(els, rm_elem_symbol(est->z[k]), e);
		}
		cJSON_AddItemToObject(o, "elements", els);
		cJSON_AddItemToArray(lots, o);
	}
	for (size_t k = 0; k < est->nsrc; k++) {
		const struct est_source *x = &est->src[k];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "source", rm_source_name(x->source));
		cJSON_AddStringToObject(o, "element", rm_elem_symbol(est->z[x->el]));
		cJSON_AddNumberToObject(o, "stated_rel_sd", x->stated_rel_sd);
		cJSON_AddNumberToObject(o, "calibrated_rel_sd", x->calibrated_rel_sd);
		cJSON_AddNumberToObject(o, "factor", x->factor);
		cJSON_AddNumberToObject(o, "n", (double)x->n);
		cJSON_AddItemToArray(srcs, o);
	}
	cJSON_AddItemToObject(root, "lots", lots);
	cJSON_AddItemToObject(root, "sources", srcs);
	char *txt = cJSON_Print(root);
	cJSON_Delete(root);
	if (!txt)
		return rm_error_set(err, "", 0, 0, "out of memory");
	fprintf(f, "%s\n", txt);
	free(txt);
	return 0;
}

int report_estimate(FILE *f, enum report_format fmt, const struct actual_set *s,
                    const struct estimate *est, struct rm_error *err)
{
	return fmt == REPORT_JSON ? est_json(f, s, est, err) : est_text(f, s, est);
}
