/* The pricing screen's state: its offers, grade, rows (filtered, sorted), the quote what-if
 * and the value curve of a row. The numbers come from tui_price_job.c. */
#include "tui_price.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plant_offers.h"
#include "report_price.h"
#include "rm_num.h"
#include "rm_source.h"
#include "tui_state.h"

int tui_price_init(struct tui_state *st, const char *offers_path, struct rm_error *err)
{
	struct tui_price *pr = &st->price;
	pr->fd = -1;
	pr->only = -1;
	pr->filter.kind = -1;
	pr->want = true;
	const struct plant *p = st->plant;
	if (p->heats && p->heats->n)
		pr->grade = p->heats->h[0].grade;
	if (!(pr->cache = calloc(p->grades->n + 1, sizeof *pr->cache)))
		return rm_error_set(err, p->dir, 0, 0, "out of memory");
	if (plant_offers_load(p, offers_path, &pr->els, &pr->offers, err) < 0)
		return -1;
	if (!pr->offers)
		return 0;
	if (!(pr->file_quote = malloc((pr->offers->n + 1) * sizeof *pr->file_quote)))
		return rm_error_set(err, offers_path, 0, 0, "out of memory");
	for (size_t k = 0; k < pr->offers->n; k++) {
		pr->file_quote[k] = pr->offers->m[k].price;
		if (inv_find(p->inv, pr->offers->m[k].id) >= 0)
			return rm_error_set(
			    err, offers_path, (long)pr->offers->m[k].line, 0,
			    "offer \"%s\" has the id of a lot or additive of the plant",
			    pr->offers->m[k].id);
	}
	return 0;
}

/* Forgets the tables of the other grades: they priced another plant or other quotes. */
static void price_uncache(struct tui_state *st)
{
	struct tui_price *pr = &st->price;
	for (size_t g = 0; pr->cache && g < st->plant->grades->n; g++) {
		price_free(pr->cache[g]);
		pr->cache[g] = NULL;
	}
}

void tui_price_free(struct tui_state *st)
{
	struct tui_price *pr = &st->price;
	tui_price_kill(pr);
	price_uncache(st);
	free(pr->cache);
	tui_price_set(pr, NULL);
	inv_free(pr->offers);
	rm_elemset_free(&pr->els);
	free(pr->file_quote);
	free(pr->buf);
	free(pr->view);
}

void tui_price_stale(struct tui_state *st)
{
	struct tui_price *pr = &st->price;
	tui_price_kill(pr);
	price_uncache(st);
	tui_price_set(pr, NULL);
	pr->nview = 0;
	pr->want = true;
	snprintf(pr->why, sizeof pr->why, "the plant changed: pricing again");
}

void tui_price_set(struct tui_price *pr, struct price_table *t)
{
	if (pr->t != t)
		price_free(pr->t);
	pr->t = t;
	free(pr->got);
	pr->got = NULL;
	pr->ndone = 0;
	pr->nview = 0; /* the view indexed the old table: none until tui_price_rebuild */
}

bool tui_price_got(const struct tui_price *pr, size_t k)
{
	return !pr->got || pr->got[k];
}

static const struct price_grade *price_pg(const struct tui_state *st)
{
	const struct price_table *t = st->price.t;
	return t && t->ngrade == 1 ? &t->g[0] : NULL;
}

const char *tui_psort_name(enum tui_psort s)
{
	static const char *const names[TUI_NPSORT] = {
	    "file order", "id", "kg", "price", "break-even", "full use", "kg to buy", "margin",
	};
	return s < TUI_NPSORT ? names[s] : "?";
}

int tui_pfilter_parse(const char *text, struct tui_pfilter *f, char *why, size_t n)
{
	memset(f, 0, sizeof *f);
	f->kind = -1;
	snprintf(f->text, sizeof f->text, "%s", text);
	char buf[sizeof f->text];
	snprintf(buf, sizeof buf, "%s", text);
	char *save = NULL;
	for (char *tok = strtok_r(buf, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save)) {
		int src = rm_source_find(tok, strlen(tok));
		if (!strcasecmp(tok, "offers") || !strcasecmp(tok, "offer")) {
			f->kind = 1;
		} else if (!strcasecmp(tok, "lots") || !strcasecmp(tok, "lot")) {
			f->kind = 0;
		} else if (src >= 0) {
			f->sources |= 1u << src;
		} else if (f->nword < sizeof f->word / sizeof f->word[0]) {
			snprintf(f->word[f->nword++], sizeof f->word[0], "%s", tok);
		} else {
			snprintf(why, n, "at most %zu words besides offers, lots and sources",
			         sizeof f->word / sizeof f->word[0]);
			return -1;
		}
	}
	return 0;
}

const char *tui_price_scrap(const struct tui_state *st, const struct price_item *it, char *buf,
                            size_t n)
{
	struct price_report r = {st->plant, &st->price.els, st->price.offers, st->price.t};
	return report_price_scrap(&r, it, buf, n);
}

/* A word holds when it names a scrap grade the item meets (as listed, '?' dropped) or is
 * part of its id. */
static bool price_word(const struct tui_state *st, const struct price_item *it, const char *w)
{
	if (tui_has(it->mat->id, w))
		return true;
	char sg[512];
	tui_price_scrap(st, it, sg, sizeof sg);
	char *save = NULL;
	for (char *tok = strtok_r(sg, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		size_t l = strlen(tok);
		if (l && tok[l - 1] == '?')
			tok[l - 1] = '\0';
		if (!strcasecmp(tok, w))
			return true;
	}
	return false;
}

static bool price_match(const struct tui_state *st, const struct price_item *it)
{
	const struct tui_pfilter *f = &st->price.filter;
	if (f->kind >= 0 && it->offer != (f->kind == 1))
		return false;
	if (f->sources && !(f->sources & (1u << it->mat->source)))
		return false;
	for (size_t k = 0; k < f->nword; k++)
		if (!price_word(st, it, f->word[k]))
			return false;
	return true;
}

static double price_key(const struct price_item *it, enum tui_psort s)
{
	switch (s) {
	case TUI_PS_KG: return it->mat->mass_kg;
	case TUI_PS_PRICE: return it->mat->price;
	case TUI_PS_BREAK_EVEN: return it->break_even;
	case TUI_PS_FULL_USE: return it->full_use;
	case TUI_PS_BUY_KG: return it->buy_kg;
	case TUI_PS_MARGIN: return it->margin_per_kg;
	default: return 0;
	}
}

/* qsort has no context argument in C11: the sort reads the table through these. */
static const struct price_grade *sort_pg;
static enum tui_psort sort_by;
static bool sort_desc;

/* Rows without a number ("-") go last either way; ties keep file order. */
static int price_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct price_item *x = &sort_pg->item[i], *y = &sort_pg->item[j];
	int c = 0;
	if (sort_by == TUI_PS_ID) {
		c = strcmp(x->mat->id, y->mat->id);
	} else if (sort_by != TUI_PS_FILE) {
		double u = price_key(x, sort_by), v = price_key(y, sort_by);
		if (isnan(u) || isnan(v))
			return isnan(u) && isnan(v) ? (i > j) - (i < j) : isnan(u) ? 1 : -1;
		c = (u > v) - (u < v);
	}
	if (sort_desc)
		c = -c;
	return c ? c : (i > j) - (i < j);
}

int tui_price_rebuild(struct tui_state *st)
{
	struct tui_price *pr = &st->price;
	const struct price_grade *pg = price_pg(st);
	pr->nview = 0;
	if (!pg)
		return 0;
	size_t *v = realloc(pr->view, (pg->nitem + 1) * sizeof *v);
	if (!v)
		return -1;
	pr->view = v;
	for (size_t k = 0; k < pg->nitem; k++)
		if (tui_price_got(pr, k) && price_match(st, &pg->item[k]))
			v[pr->nview++] = k;
	sort_pg = pg;
	sort_by = pr->sort;
	sort_desc = pr->desc;
	qsort(v, pr->nview, sizeof *v, price_cmp);
	if (st->sel[TUI_SCR_PRICING] >= pr->nview)
		st->sel[TUI_SCR_PRICING] = pr->nview ? pr->nview - 1 : 0;
	return 0;
}

const struct price_item *tui_price_selected(const struct tui_state *st)
{
	const struct price_grade *pg = price_pg(st);
	size_t s = st->sel[TUI_SCR_PRICING];
	return pg && s < st->price.nview ? &pg->item[st->price.view[s]] : NULL;
}

void tui_price_grade(struct tui_state *st, int dir)
{
	struct tui_price *pr = &st->price;
	size_t n = st->plant->grades->n;
	if (n == 0)
		return;
	/* A table is kept only when finished: one whose offer is being re-priced has an old row,
	 * one stopped part way has gaps. */
	bool done = !tui_price_running(st) && !pr->got;
	tui_price_kill(pr);
	if (done && pr->t) {
		price_free(pr->cache[pr->grade]);
		pr->cache[pr->grade] = pr->t;
		pr->t = NULL;
	}
	pr->grade = (pr->grade + n + (size_t)(dir < 0 ? -1 : 1)) % n;
	tui_price_set(pr, pr->cache[pr->grade]);
	pr->cache[pr->grade] = NULL;
	pr->want = !pr->t;
	snprintf(pr->why, sizeof pr->why, "grade %s: pricing",
	         st->plant->grades->g[pr->grade].name);
	st->sel[TUI_SCR_PRICING] = st->top[TUI_SCR_PRICING] = 0;
	if (tui_price_rebuild(st) < 0)
		tui_state_msg(st, true, "out of memory");
}

/* The other grades' tables priced offer src at its old quote: each row that settles the new
 * one (price_requote) is kept, re-quoted, so that switching back stays instant; a table whose
 * row does not is dropped, to be priced again when shown. */
static void price_recache(struct tui_state *st, size_t src)
{
	struct tui_price *pr = &st->price;
	for (size_t g = 0; pr->cache && g < st->plant->grades->n; g++) {
		struct price_table *t = pr->cache[g];
		for (size_t k = 0; t && k < t->g[0].nitem; k++) {
			struct price_item *row = &t->g[0].item[k];
			if (row->offer && row->src == src && price_requote(row) != 0) {
				price_free(t);
				pr->cache[g] = t = NULL;
			}
		}
	}
}

int tui_price_quote(struct tui_state *st, const char *text, char *why, size_t n)
{
	struct tui_price *pr = &st->price;
	const struct price_item *it = tui_price_selected(st);
	if (!it || !it->offer || !pr->offers)
		return snprintf(why, n, "select an offer first"), -1;
	const char *msg = "";
	double v;
	while (*text == ' ')
		text++;
	if (!*text) {
		v = pr->file_quote[it->src]; /* empty: back to the quote of the file */
	} else if (rm_num_parse(text, &v, &msg) < 0) {
		return snprintf(why, n, "\"%s\" %s", text, msg), -1;
	} else if (!(v >= 0 && v <= INV_MAX_PRICE)) {
		return snprintf(why, n, "%g is outside [0, %g]", v, INV_MAX_PRICE), -1;
	}
	pr->offers->m[it->src].price = v;
	price_recache(st, it->src);
	/* Without a table that stands there is nothing to merge one row into: price it all. */
	if (tui_price_running(st))
		return tui_price_start(st, -1);
	/* The row may already settle the new quote: no process, no wait (price_requote). */
	struct price_item *row = &pr->t->g[0].item[it - price_pg(st)->item];
	if (price_requote(row) == 0) {
		tui_price_said(st, row);
		return tui_price_rebuild(st) < 0 ? (snprintf(why, n, "out of memory"), -1) : 0;
	}
	return tui_price_start(st, (long)(row - pr->t->g[0].item));
}

double tui_price_value_at(const struct price_item *it, double q)
{
	if (!(q > 0) || isnan(it->max_kg) || q > it->max_kg * (1 + 1e-12))
		return NAN;
	if (it->nstep) {
		for (size_t k = 0; k < it->nstep; k++)
			if (q > it->step[k].from_kg && q <= it->step[k].to_kg * (1 + 1e-12))
				return it->step[k].value;
		return NAN;
	}
	for (size_t k = 0; k < PRICE_NCURVE; k++)
		if (q <= it->curve_kg[k] * (1 + 1e-12))
			return it->curve[k];
	return NAN;
}
