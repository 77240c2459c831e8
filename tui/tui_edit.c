/* What-if edits: validated like the loaders validate a file, applied to the plant in memory
 * and to the text of one cell of the file's table, logged for undo, saved on request. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rm_grow.h"
#include "rm_num.h"
#include "tui_state.h"

/* The bounds are the loaders' own (inventory.h, grades.h): an edit takes what a file may say. */

/* Where an edit lands: the file, its row and column. */
static int edit_cell(const struct tui_state *st, struct tui_edit *ed, char *why, size_t n)
{
	const struct plant *p = st->plant;
	const char *key[2], *colname = NULL, *keycol[2] = {NULL, NULL};
	size_t nkey = 1;
	if (ed->field <= TUI_ED_MAT_ELEM) {
		const struct material *m = &p->inv->m[ed->target];
		ed->file = m->kind == MAT_LOT ? TUI_FILE_LOTS : TUI_FILE_ADDITIVES;
		keycol[0] = "id";
		key[0] = m->id;
		colname = ed->field == TUI_ED_MAT_MASS    ? "mass_kg"
		          : ed->field == TUI_ED_MAT_PRICE ? "price_per_kg"
		                                          : rm_elem_symbol(p->els.z[ed->sub]);
	} else if (ed->field <= TUI_ED_HEAT_GRADE) {
		ed->file = TUI_FILE_HEATS;
		keycol[0] = "heat";
		key[0] = p->heats->h[ed->target].id;
		colname = ed->field == TUI_ED_HEAT_MASS ? "mass_kg" : "grade";
	} else {
		const struct grade *g = &p->grades->g[ed->target];
		ed->file = TUI_FILE_GRADES;
		keycol[0] = "grade";
		keycol[1] = "element";
		key[0] = g->name;
		key[1] = rm_elem_symbol(p->els.z[g->lim[ed->sub].e]);
		nkey = 2;
		colname = ed->field == TUI_ED_LIM_MIN ? "min" : "max";
	}
	const struct tui_table *t = st->tab[ed->file];
	long col = tui_table_col(t, colname);
	if (col < 0)
		return snprintf(why, n, "%s has no %s column (add it to the file first)", t->path,
		                colname),
		       -1;
	size_t kc[2];
	for (size_t k = 0; k < nkey; k++)
		kc[k] = (size_t)tui_table_col(t, keycol[k]);
	long row = tui_table_find(t, kc, key, nkey);
	if (row < 0)
		return snprintf(why, n, "%s: row of %s not found", t->path, key[0]), -1;
	ed->row = (size_t)row;
	ed->col = (size_t)col;
	return 0;
}

/* The value the plant holds now for an edit's field. */
static double edit_get(const struct plant *p, const struct tui_edit *ed)
{
	switch (ed->field) {
	case TUI_ED_MAT_MASS: return p->inv->m[ed->target].mass_kg;
	case TUI_ED_MAT_PRICE: return p->inv->m[ed->target].price;
	case TUI_ED_MAT_ELEM: return p->inv->m[ed->target].c[ed->sub];
	case TUI_ED_HEAT_MASS: return p->heats->h[ed->target].mass_kg;
	case TUI_ED_HEAT_GRADE: return (double)p->heats->h[ed->target].grade;
	case TUI_ED_LIM_MIN: return p->grades->g[ed->target].lim[ed->sub].min;
	case TUI_ED_LIM_MAX: return p->grades->g[ed->target].lim[ed->sub].max;
	case TUI_ED_FILTER:
	case TUI_ED_PFILTER:
	case TUI_ED_QUOTE:
	case TUI_ED_RECORD:
	case TUI_ED_SAMPLE:
	case TUI_ED_BATH:
	case TUI_ED_WEIGHED: break; /* not edits of the data */
	}
	return NAN;
}

static void edit_put(struct plant *p, const struct tui_edit *ed, double v)
{
	switch (ed->field) {
	case TUI_ED_MAT_MASS: p->inv->m[ed->target].mass_kg = v; break;
	case TUI_ED_MAT_PRICE: p->inv->m[ed->target].price = v; break;
	case TUI_ED_MAT_ELEM: p->inv->m[ed->target].c[ed->sub] = v; break;
	case TUI_ED_HEAT_MASS: p->heats->h[ed->target].mass_kg = v; break;
	case TUI_ED_HEAT_GRADE: p->heats->h[ed->target].grade = (size_t)v; break;
	case TUI_ED_LIM_MIN: p->grades->g[ed->target].lim[ed->sub].min = v; break;
	case TUI_ED_LIM_MAX: p->grades->g[ed->target].lim[ed->sub].max = v; break;
	case TUI_ED_FILTER:
	case TUI_ED_PFILTER:
	case TUI_ED_QUOTE:
	case TUI_ED_RECORD:
	case TUI_ED_SAMPLE:
	case TUI_ED_BATH:
	case TUI_ED_WEIGHED: break; /* not edits of the data */
	}
}

/* A number in [lo, hi]; blank gives blank_v, or an error when blank_v is not allowed. */
static int edit_number(const char *text, double lo, double hi, bool blank_ok, double blank_v,
                       double *v, char *why, size_t n)
{
	const char *msg = "";
	if (rm_num_blank(text)) {
		if (!blank_ok)
			return snprintf(why, n, "a value is required"), -1;
		*v = blank_v;
		return 0;
	}
	if (rm_num_parse(text, v, &msg) < 0)
		return snprintf(why, n, "\"%s\" %s", text, msg), -1;
	if (*v < lo || *v > hi)
		return snprintf(why, n, "%g is outside [%g, %g]", *v, lo, hi), -1;
	return 0;
}

static int edit_elem_sum(const struct material *m, size_t e, double v, char *why, size_t n)
{
	double sum = isnan(v) ? 0 : v;
	for (size_t k = 0; k < m->nc; k++)
		if (k != e)
			sum += inv_comp(m, k);
	if (!inv_sum_ok(sum))
		return snprintf(why, n, "%s would sum to %.6g wt%%, more than 100", m->id, sum), -1;
	return 0;
}

/* Parses text into the new value of ed, with the checks its file's loader makes. A lot's
 * mass may be 0 here (the what-if "this lot is not available"); saving refuses it. */
static int edit_value(const struct plant *p, const struct tui_edit *ed, const char *text, double *v,
                      char *why, size_t n)
{
	const struct material *m = ed->field <= TUI_ED_MAT_ELEM ? &p->inv->m[ed->target] : NULL;
	switch (ed->field) {
	case TUI_ED_MAT_MASS:
		return edit_number(text, 0, INV_MAX_MASS, m->kind == MAT_ADDITIVE, INFINITY, v, why,
		                   n);
	case TUI_ED_MAT_PRICE: return edit_number(text, 0, INV_MAX_PRICE, false, 0, v, why, n);
	case TUI_ED_MAT_ELEM:
		if (ed->sub >= m->nc)
			return snprintf(why, n, "%s cannot report this element", m->id), -1;
		if (edit_number(text, 0, INV_MAX_PCT, true, NAN, v, why, n) < 0)
			return -1;
		return edit_elem_sum(m, ed->sub, *v, why, n);
	case TUI_ED_HEAT_MASS:
		if (edit_number(text, 0, HEAT_MAX_MASS, false, 0, v, why, n) < 0)
			return -1;
		return *v > 0 ? 0 : (snprintf(why, n, "a heat taps more than 0 kg"), -1);
	case TUI_ED_HEAT_GRADE: {
		long g = grade_find(p->grades, text);
		if (g < 0)
			return snprintf(why, n, "no grade \"%s\" in %s", text, p->grades->file), -1;
		*v = (double)g;
		return 0;
	}
	case TUI_ED_LIM_MIN:
	case TUI_ED_LIM_MAX: {
		const struct grade_limit *l = &p->grades->g[ed->target].lim[ed->sub];
		if (edit_number(text, 0, GRADE_MAX_PCT, true, NAN, v, why, n) < 0)
			return -1;
		double lo = ed->field == TUI_ED_LIM_MIN ? *v : l->min;
		double hi = ed->field == TUI_ED_LIM_MAX ? *v : l->max;
		if (!grade_window_ok(lo, hi))
			return snprintf(why, n, "min %g would be above max %g", lo, hi), -1;
		return 0;
	}
	case TUI_ED_FILTER:
	case TUI_ED_PFILTER:
	case TUI_ED_QUOTE:
	case TUI_ED_RECORD:
	case TUI_ED_SAMPLE:
	case TUI_ED_BATH:
	case TUI_ED_WEIGHED: break; /* not edits of the data */
	}
	return snprintf(why, n, "not an edit"), -1;
}

static void edit_trim(char *dst, size_t n, const char *src)
{
	while (*src == ' ' || *src == '\t')
		src++;
	snprintf(dst, n, "%s", src);
	size_t len = strlen(dst);
	while (len > 0 && (dst[len - 1] == ' ' || dst[len - 1] == '\t'))
		dst[--len] = '\0';
}

static int edit_push(struct tui_state *st, const struct tui_edit *ed)
{
	struct tui_edit *ne = rm_grow(st->edits, &st->capedit, st->nedit, sizeof *ne, 16);
	if (!ne)
		return -1;
	st->edits = ne;
	st->edits[st->nedit++] = *ed;
	return 0;
}

int tui_edit_apply(struct tui_state *st, enum tui_field field, size_t target, size_t sub,
                   const char *text, char *why, size_t n)
{
	struct tui_edit ed = {.field = field, .target = target, .sub = sub};
	char val[128];
	edit_trim(val, sizeof val, text);
	if (field == TUI_ED_FILTER || edit_cell(st, &ed, why, n) < 0 ||
	    edit_value(st->plant, &ed, val, &ed.new_v, why, n) < 0)
		return -1;
	struct tui_table *t = st->tab[ed.file];
	ed.old_v = edit_get(st->plant, &ed);
	ed.old_text = strdup(tui_table_get(t, ed.row, ed.col));
	ed.new_text = strdup(val);
	if (!ed.old_text || !ed.new_text || tui_table_set(t, ed.row, ed.col, val) < 0 ||
	    edit_push(st, &ed) < 0) {
		if (ed.old_text)
			tui_table_set(t, ed.row, ed.col, ed.old_text);
		free(ed.old_text);
		free(ed.new_text);
		return snprintf(why, n, "out of memory"), -1;
	}
	edit_put(st->plant, &ed, ed.new_v);
	return 0;
}

int tui_edit_undo(struct tui_state *st)
{
	if (st->nedit == 0)
		return -1;
	struct tui_edit *ed = &st->edits[--st->nedit];
	edit_put(st->plant, ed, ed->old_v);
	/* Setting a cell copies its text; should that fail the pointer is moved in instead. */
	struct tui_table *t = st->tab[ed->file];
	if (tui_table_set(t, ed->row, ed->col, ed->old_text) < 0) {
		free(t->cell[ed->row * t->ncols + ed->col]);
		t->cell[ed->row * t->ncols + ed->col] = ed->old_text;
		ed->old_text = NULL;
	}
	free(ed->old_text);
	free(ed->new_text);
	return 0;
}

unsigned tui_edit_dirty(const struct tui_state *st)
{
	unsigned mask = 0;
	for (size_t k = 0; k < st->nedit; k++)
		mask |= 1u << st->edits[k].file;
	return mask;
}
