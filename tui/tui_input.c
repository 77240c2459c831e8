/* The one-line input dialog: what it asks for each edit, and what Enter does with it. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "tui_adjust.h"
#include "tui_state.h"

/* What the user sees as "now": the cell as the file has it, or what an empty cell means. */
static const char *input_now(const struct tui_state *st, enum tui_file f, const char *col,
                             const char *key, const char *empty)
{
	const struct tui_table *t = st->tab[f];
	long c = tui_table_col(t, col);
	size_t kc = (size_t)tui_table_col(t, f == TUI_FILE_HEATS ? "heat" : "id");
	long r = tui_table_find(t, &kc, &key, 1);
	if (c < 0 || r < 0)
		return empty;
	const char *s = tui_table_get(t, (size_t)r, (size_t)c);
	return *s ? s : empty;
}

static bool input_material(struct tui_state *st, enum tui_field field)
{
	long i = tui_inv_selected(st);
	if (st->screen == TUI_SCR_PRICING) { /* a lot's price from its row of the price table */
		const struct price_item *it = tui_price_selected(st);
		i = it && !it->offer ? (long)it->src : -1;
	}
	if (i < 0) {
		tui_state_msg(st, true, "no material selected (the filter hides them all)");
		return false;
	}
	const struct material *m = &st->plant->inv->m[i];
	enum tui_file f = m->kind == MAT_LOT ? TUI_FILE_LOTS : TUI_FILE_ADDITIVES;
	struct tui_input *in = &st->in;
	in->target = (size_t)i;
	if (field == TUI_ED_MAT_MASS)
		snprintf(in->label, sizeof in->label, "%s available kg (now %s; %s):", m->id,
		         input_now(st, f, "mass_kg", m->id, "unlimited"),
		         m->kind == MAT_LOT ? "0 = not available" : "empty = unlimited");
	else if (field == TUI_ED_MAT_PRICE)
		snprintf(in->label, sizeof in->label, "%s price per kg (now %s):", m->id,
		         input_now(st, f, "price_per_kg", m->id, "-"));
	else
		snprintf(
		    in->label, sizeof in->label,
		    "%s element value as El=wt%% (e.g. Fe=0.25; Fe= means not reported):", m->id);
	return true;
}

static bool input_heat(struct tui_state *st, enum tui_field field)
{
	const struct plant *p = st->plant;
	size_t h = st->sel[TUI_SCR_PLAN];
	const struct heat *ht = &p->heats->h[h];
	struct tui_input *in = &st->in;
	in->target = h;
	if (field == TUI_ED_HEAT_MASS) {
		snprintf(in->label, sizeof in->label, "%s kg to tap (now %s):", ht->id,
		         input_now(st, TUI_FILE_HEATS, "mass_kg", ht->id, "-"));
		return true;
	}
	int len = snprintf(in->label, sizeof in->label, "%s grade (now %s; one of", ht->id,
	                   p->grades->g[ht->grade].name);
	for (size_t g = 0; g < p->grades->n && len > 0 && (size_t)len < sizeof in->label; g++)
		len += snprintf(in->label + len, sizeof in->label - (size_t)len, " %s",
		                p->grades->g[g].name);
	if (len > 0 && (size_t)len < sizeof in->label)
		snprintf(in->label + len, sizeof in->label - (size_t)len, "):");
	return true;
}

static bool input_limit(struct tui_state *st, enum tui_field field)
{
	if (tui_list_len(st, TUI_SCR_GRADES) == 0)
		return false;
	size_t g, l;
	tui_grade_row(st, st->sel[TUI_SCR_GRADES], &g, &l);
	const struct grade *gr = &st->plant->grades->g[g];
	double v = field == TUI_ED_LIM_MIN ? gr->lim[l].min : gr->lim[l].max;
	const char *side = field == TUI_ED_LIM_MIN ? "min" : "max";
	char now[32] = "none";
	if (!isnan(v))
		snprintf(now, sizeof now, "%g", v);
	st->in.target = g;
	st->in.sub = l;
	snprintf(st->in.label, sizeof st->in.label,
	         "%s %s spec %s, wt%% (now %s; empty = no %s):", gr->name,
	         rm_elem_symbol(st->plant->els.z[gr->lim[l].e]), side, now, side);
	return true;
}

static bool input_quote(struct tui_state *st)
{
	const struct price_item *it = tui_price_selected(st);
	if (!it || !it->offer)
		return false;
	double file = st->price.file_quote[it->src];
	snprintf(st->in.label, sizeof st->in.label,
	         "%s quote per kg, what-if (now %.2f, the offers file says %.2f; empty = back to "
	         "it):",
	         it->mat->id, it->mat->price, file);
	return true;
}

bool tui_edit_begin(struct tui_state *st, enum tui_field field)
{
	struct tui_input *in = &st->in;
	memset(in, 0, sizeof *in);
	in->field = field;
	bool ok = false;
	switch (field) {
	case TUI_ED_MAT_PRICE:
		ok = (st->screen == TUI_SCR_INV || st->screen == TUI_SCR_PRICING) &&
		     input_material(st, field);
		break;
	case TUI_ED_MAT_MASS:
	case TUI_ED_MAT_ELEM: ok = st->screen == TUI_SCR_INV && input_material(st, field); break;
	case TUI_ED_HEAT_MASS:
	case TUI_ED_HEAT_GRADE: ok = st->screen == TUI_SCR_PLAN && input_heat(st, field); break;
	case TUI_ED_LIM_MIN:
	case TUI_ED_LIM_MAX: ok = st->screen == TUI_SCR_GRADES && input_limit(st, field); break;
	case TUI_ED_WEIGHED: ok = tui_record_weighed_begin(st); break;
	case TUI_ED_RECORD:
		st->rec_weighed[0] = '\0'; /* R: as booked (W's analysis step sets it again) */
		ok = st->screen == TUI_SCR_PLAN && st->plant->heats->n > 0;
		if (ok)
			snprintf(in->label, sizeof in->label,
			         "record %.40s as booked: its analysis, e.g. Si=0.45 Fe=0.21 (an "
			         "element "
			         "twice: two sparks):",
			         st->plant->heats->h[st->sel[TUI_SCR_PLAN]].id);
		break;
	case TUI_ED_FILTER:
		ok = st->screen == TUI_SCR_INV;
		snprintf(in->label, sizeof in->label,
		         "filter (analyzed predicted nominal lots additives Fe<0.3 words; "
		         "empty = all):");
		snprintf(in->buf, sizeof in->buf, "%s", st->filter.text);
		in->len = strlen(in->buf);
		break;
	case TUI_ED_PFILTER:
		ok = st->screen == TUI_SCR_PRICING;
		snprintf(
		    in->label, sizeof in->label,
		    "filter (offers lots analyzed predicted nominal, a scrap grade, part of an id; "
		    "empty = all):");
		snprintf(in->buf, sizeof in->buf, "%s", st->price.filter.text);
		in->len = strlen(in->buf);
		break;
	case TUI_ED_QUOTE: ok = st->screen == TUI_SCR_PRICING && input_quote(st); break;
	case TUI_ED_SAMPLE:
	case TUI_ED_BATH: ok = tui_adj_begin(st, field); break;
	}
	if (ok)
		st->dlg = TUI_DLG_INPUT;
	return ok;
}

static bool input_pfilter(struct tui_state *st)
{
	struct tui_pfilter f;
	struct tui_price *pr = &st->price;
	if (tui_pfilter_parse(st->in.buf, &f, st->in.err, sizeof st->in.err) < 0)
		return false;
	pr->filter = f;
	st->sel[TUI_SCR_PRICING] = st->top[TUI_SCR_PRICING] = 0;
	if (tui_price_rebuild(st) < 0)
		tui_state_msg(st, true, "out of memory");
	else if (pr->t)
		tui_state_msg(st, false, "filter \"%s\": %zu of %zu rows", f.text, pr->nview,
		              pr->t->g[0].nitem);
	st->dlg = TUI_DLG_NONE;
	return false;
}

/* Enter on a quote: answered at once when the offer's row settles it (the status line then
 * says what it came to), else re-priced in the background; the plant does not change. */
static bool input_quote_commit(struct tui_state *st)
{
	const struct price_item *it = tui_price_selected(st);
	char id[64];
	snprintf(id, sizeof id, "%s", it ? it->mat->id : "?");
	double was = it ? it->mat->price : NAN;
	if (tui_price_quote(st, st->in.buf, st->in.err, sizeof st->in.err) < 0)
		return false;
	it = tui_price_selected(st);
	if (tui_price_running(st))
		tui_state_msg(st, false,
		              "%s quote %.2f -> %.2f: re-pricing it (what-if, not saved)", id, was,
		              it ? it->mat->price : NAN);
	st->dlg = TUI_DLG_NONE;
	return false;
}

static bool input_filter(struct tui_state *st)
{
	struct tui_filter f;
	if (tui_filter_parse(st->plant, st->in.buf, &f, st->in.err, sizeof st->in.err) < 0)
		return false;
	st->filter = f;
	if (tui_inv_rebuild(st) < 0) {
		tui_state_msg(st, true, "out of memory");
	} else {
		st->sel[TUI_SCR_INV] = 0;
		st->top[TUI_SCR_INV] = 0;
		tui_state_msg(st, false, "filter \"%s\": %zu of %zu materials", f.text,
		              st->ninv_view, st->plant->inv->n);
	}
	st->dlg = TUI_DLG_NONE;
	return false;
}

/* "Fe=0.25", "Fe 0.25", "Fe=": the element index and where the value starts. */
static int input_elem(const struct tui_state *st, const char *s, size_t *e, const char **val)
{
	while (*s == ' ')
		s++;
	char sym[4];
	size_t k = 0;
	while (isalpha((unsigned char)s[k]) && k < 3)
		k++;
	memcpy(sym, s, k);
	sym[k] = '\0';
	s += k;
	while (*s == ' ')
		s++;
	if (*s == '=')
		s++;
	int z = rm_elem_z(sym);
	long idx = z ? rm_elemset_find(&st->plant->els, z) : -1;
	if (idx < 0)
		return -1;
	*e = (size_t)idx;
	*val = s;
	return 0;
}

/* "L004 mass_kg 3400 -> 0", for the status line. */
static void input_describe(struct tui_state *st, const struct tui_edit *ed, const char *verb)
{
	const struct plant *p = st->plant;
	char who[160];
	if (ed->field <= TUI_ED_MAT_ELEM)
		snprintf(who, sizeof who, "%s", p->inv->m[ed->target].id);
	else if (ed->field <= TUI_ED_HEAT_GRADE)
		snprintf(who, sizeof who, "%s", p->heats->h[ed->target].id);
	else
		snprintf(who, sizeof who, "%s %s", p->grades->g[ed->target].name,
		         rm_elem_symbol(p->els.z[p->grades->g[ed->target].lim[ed->sub].e]));
	const char *col = st->tab[ed->file]->head[ed->col];
	const char *a = *ed->old_text ? ed->old_text : "(empty)";
	const char *b = *ed->new_text ? ed->new_text : "(empty)";
	if (strcmp(verb, "undo") == 0)
		snprintf(st->what, sizeof st->what, "undo %s %s: back to %s", who, col, a);
	else
		snprintf(st->what, sizeof st->what, "%s %s %s -> %s", who, col, a, b);
}

bool tui_edit_commit(struct tui_state *st)
{
	struct tui_input *in = &st->in;
	in->buf[in->len < sizeof in->buf ? in->len : sizeof in->buf - 1] = '\0';
	in->err[0] = '\0';
	if (in->field == TUI_ED_FILTER)
		return input_filter(st);
	if (in->field == TUI_ED_PFILTER)
		return input_pfilter(st);
	if (in->field == TUI_ED_QUOTE)
		return input_quote_commit(st);
	if (in->field == TUI_ED_RECORD)
		return tui_record_commit(st);
	if (in->field == TUI_ED_WEIGHED)
		return tui_record_weighed_commit(st);
	if (in->field == TUI_ED_SAMPLE || in->field == TUI_ED_BATH) {
		tui_adj_commit(st); /* re-solves the correction itself, not the plan */
		return false;
	}
	size_t sub = in->sub;
	const char *val = in->buf;
	if (in->field == TUI_ED_MAT_ELEM && input_elem(st, in->buf, &sub, &val) < 0) {
		snprintf(in->err, sizeof in->err, "type an element and a value, e.g. Fe=0.25");
		return false;
	}
	if (tui_edit_apply(st, in->field, in->target, sub, val, in->err, sizeof in->err) < 0)
		return false;
	input_describe(st, &st->edits[st->nedit - 1], "edit");
	st->dlg = TUI_DLG_NONE;
	return true;
}

/* Undo with its description; true when there was something to undo. */
bool tui_edit_undo_msg(struct tui_state *st)
{
	if (st->nedit == 0) {
		tui_state_msg(st, false, "nothing to undo");
		return false;
	}
	input_describe(st, &st->edits[st->nedit - 1], "undo");
	tui_edit_undo(st);
	return true;
}
