/* The inventory screen's rows: which materials the filter lets through, in which order. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rm_num.h"
#include "rm_source.h"
#include "tui_state.h"

bool tui_has(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t k = 0;
		while (k < n && tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return true;
	}
	return n == 0;
}

/* "Fe<0.3": true with the condition filled when tok is an element condition; -1 on a
 * condition that cannot be read (why says what is wrong), 0 when tok is not one. */
static int list_cond(const struct plant *p, const char *tok, struct tui_cond *c, char *why,
                     size_t n)
{
	size_t at = strcspn(tok, "<>=");
	if (tok[at] == '\0' || at == 0 || at > 3)
		return 0;
	char sym[4];
	memcpy(sym, tok, at);
	sym[at] = '\0';
	const char *op = tok + at;
	size_t oplen = (op[1] == '=') ? 2 : 1;
	c->op = op[0] == '=' ? '=' : oplen == 2 ? (op[0] == '<' ? 'l' : 'g') : op[0];
	int z = rm_elem_z(sym);
	if (!z) {
		snprintf(why, n, "\"%s\" is not an element symbol (Fe, Si, ...)", sym);
		return -1;
	}
	long e = rm_elemset_find(&p->els, z);
	if (e < 0) {
		snprintf(why, n, "no file of this plant has a %s column", sym);
		return -1;
	}
	const char *msg = "";
	if (rm_num_parse(op + oplen, &c->v, &msg) < 0) {
		snprintf(why, n, "%s: \"%s\" %s", tok, op + oplen, msg);
		return -1;
	}
	c->e = (size_t)e;
	return 1;
}

static int list_word(const struct plant *p, const char *tok, struct tui_filter *f, char *why,
                     size_t n)
{
	for (unsigned k = 0; k < RM_NSOURCE; k++)
		if (!strcasecmp(tok, rm_source_name(k))) {
			f->sources |= 1u << k;
			return 0;
		}
	if (!strcasecmp(tok, "lots") || !strcasecmp(tok, "lot")) {
		f->kind = MAT_LOT;
		return 0;
	}
	if (!strcasecmp(tok, "additives") || !strcasecmp(tok, "additive")) {
		f->kind = MAT_ADDITIVE;
		return 0;
	}
	struct tui_cond c;
	int rc = list_cond(p, tok, &c, why, n);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		if (f->ncond == TUI_MAX_COND)
			return snprintf(why, n, "at most %d element conditions", TUI_MAX_COND), -1;
		f->cond[f->ncond++] = c;
		return 0;
	}
	if (f->nword == TUI_MAX_WORD || strlen(tok) >= sizeof f->word[0])
		return snprintf(why, n, "at most %d words of up to %zu letters", TUI_MAX_WORD,
		                sizeof f->word[0] - 1),
		       -1;
	snprintf(f->word[f->nword++], sizeof f->word[0], "%s", tok);
	return 0;
}

int tui_filter_parse(const struct plant *p, const char *text, struct tui_filter *f, char *why,
                     size_t n)
{
	struct tui_filter nf = {.kind = -1};
	if (strlen(text) >= sizeof nf.text)
		return snprintf(why, n, "filter too long"), -1;
	snprintf(nf.text, sizeof nf.text, "%s", text);
	char buf[sizeof nf.text];
	snprintf(buf, sizeof buf, "%s", text);
	char *save = NULL;
	for (char *tok = strtok_r(buf, " \t,", &save); tok; tok = strtok_r(NULL, " \t,", &save))
		if (list_word(p, tok, &nf, why, n) < 0)
			return -1;
	*f = nf;
	return 0;
}

static bool list_cond_ok(const struct tui_cond *c, double v)
{
	switch (c->op) {
	case '<': return v < c->v;
	case '>': return v > c->v;
	case 'l': return v <= c->v;
	case 'g': return v >= c->v;
	default: return fabs(v - c->v) <= 1e-12 * fmax(1.0, fabs(c->v));
	}
}

bool tui_filter_match(const struct plant *p, const struct tui_filter *f, size_t mat)
{
	const struct material *m = &p->inv->m[mat];
	if (f->sources && !(f->sources & (1u << m->source)))
		return false;
	if (f->kind >= 0 && (int)m->kind != f->kind)
		return false;
	for (size_t k = 0; k < f->ncond; k++)
		if (!list_cond_ok(&f->cond[k], inv_comp(m, f->cond[k].e)))
			return false;
	for (size_t w = 0; w < f->nword; w++) {
		bool found = tui_has(m->id, f->word[w]);
		for (size_t t = 0; !found && t < m->ntrace; t++)
			found = tui_has(m->trace[t].value, f->word[w]);
		if (!found)
			return false;
	}
	return true;
}

const char *tui_sort_name(enum tui_sort s)
{
	static const char *const names[] = {"file order", "id", "mass", "price", "used"};
	return s < TUI_NSORT ? names[s] : "?";
}

struct list_key {
	size_t i;
	double k;
	const char *id; /* NULL: compare k */
};

static int list_cmp(const void *a, const void *b)
{
	const struct list_key *x = a, *y = b;
	int c = x->id ? strcmp(x->id, y->id) : (x->k < y->k) ? -1 : (x->k > y->k) ? 1 : 0;
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static double list_value(const struct tui_state *st, size_t i)
{
	const struct material *m = &st->plant->inv->m[i];
	switch (st->sort) {
	case TUI_SORT_MASS: return m->mass_kg;
	case TUI_SORT_PRICE: return m->price;
	case TUI_SORT_USED: return st->plan ? st->plan->used[i] : 0;
	case TUI_SORT_FILE: return (double)i;
	case TUI_SORT_ID:
	case TUI_NSORT: break;
	}
	return 0;
}

int tui_inv_rebuild(struct tui_state *st)
{
	const struct inventory *inv = st->plant->inv;
	long keep = st->inv_view ? tui_inv_selected(st) : -1;
	struct list_key *keys = malloc((inv->n + 1) * sizeof *keys);
	size_t *view = malloc((inv->n + 1) * sizeof *view);
	if (!keys || !view) {
		free(keys);
		free(view);
		return -1;
	}
	size_t n = 0;
	for (size_t i = 0; i < inv->n; i++)
		if (tui_filter_match(st->plant, &st->filter, i))
			keys[n++] = (struct list_key){
			    i, list_value(st, i), st->sort == TUI_SORT_ID ? inv->m[i].id : NULL};
	qsort(keys, n, sizeof *keys, list_cmp);
	size_t sel = 0;
	for (size_t k = 0; k < n; k++) {
		view[k] = keys[st->sort_desc ? n - 1 - k : k].i;
		if ((long)view[k] == keep)
			sel = k;
	}
	free(keys);
	free(st->inv_view);
	st->inv_view = view;
	st->ninv_view = n;
	st->sel[TUI_SCR_INV] = sel;
	tui_state_resize(st, st->rows, st->cols); /* keeps the selection visible */
	return 0;
}
