#include "tui_keys.h"

#include "tui_adjust.h"

#include <stdio.h>
#include <string.h>

#define S TUI_IN_SCREENS
#define DLG (TUI_IN_INPUT | TUI_IN_CONFIRM | TUI_IN_HELP)

/* The key table. The help lists the rows with a help text, grouped by where they work; a row
 * without one is another key for the row with a help text above it, and the help shows its
 * name beside that row's (tui_help_line): every key in the table is in the help. */
static const struct tui_binding keys_table[] = {
    {'1', S, TUI_A_SCREEN_PLAN, "1", "plan: heats, cost, charge and element gauges"},
    {'2', S, TUI_A_SCREEN_INV, "2", "inventory: lots and additives, what the plan uses"},
    {'3', S, TUI_A_SCREEN_GRADES, "3", "grades: spec windows and internal limits"},
    {'4', S, TUI_A_SCREEN_PRICING, "4", "pricing: what each lot and offer is worth for a grade"},
    {'5', S, TUI_A_SCREEN_ACTUAL, "5", "actual: recorded heats against their plans"},
    {'6', S, TUI_A_SCREEN_ADJUST, "6", "correct: type a heat's sample, see the correction"},
    {'\t', S, TUI_A_NEXT_SCREEN, "Tab", "next / previous screen"},
    {TUI_KEY_BTAB, S, TUI_A_PREV_SCREEN, "S-Tab", NULL},
    {TUI_KEY_UP, S | TUI_IN_HELP, TUI_A_UP, "Up", "select the row above"},
    {'k', S, TUI_A_UP, "k", NULL},
    {TUI_KEY_DOWN, S | TUI_IN_HELP, TUI_A_DOWN, "Down", "select the row below"},
    {'j', S, TUI_A_DOWN, "j", NULL},
    {TUI_KEY_HOME, S | TUI_IN_HELP, TUI_A_HOME, "Home", "first / last row"},
    {TUI_KEY_END, S | TUI_IN_HELP, TUI_A_END, "End", NULL},
    {'r', S, TUI_A_SOLVE, "r", "re-solve now (every edit re-solves by itself); on 4, price again"},
    {'u', S, TUI_A_UNDO, "u", "undo the last edit and re-solve"},
    {'s', S, TUI_A_SAVE, "s", "save the edits to the data files (asks first)"},
    {'?', S, TUI_A_HELP, "?", "this help"},
    {'q', S, TUI_A_QUIT, "q", "quit (asks only when there are unsaved edits)"},
    {TUI_KEY_CTRL_L, S, TUI_A_REDRAW, "Ctrl-L", "repaint the screen"},
    {TUI_KEY_PGUP, TUI_IN_PLAN, TUI_A_DETAIL_UP, "PgUp", "scroll the charge and elements"},
    {TUI_KEY_PGDN, TUI_IN_PLAN, TUI_A_DETAIL_DOWN, "PgDn", NULL},
    {'m', TUI_IN_PLAN, TUI_A_EDIT_HEAT_MASS, "m", "what-if: kg the selected heat taps"},
    {'g', TUI_IN_PLAN, TUI_A_EDIT_HEAT_GRADE, "g", "what-if: the grade the selected heat makes"},
    {'R', TUI_IN_PLAN, TUI_A_RECORD, "R",
     "record the heat as its committed plan booked it: type its analysis"},
    {'W', TUI_IN_PLAN, TUI_A_RECORD_WEIGHED, "W",
     "record the heat as weighed: the kg that differ from the booking, then its analysis"},
    {'p', TUI_IN_PLAN, TUI_A_PRINT, "p",
     "print the heat's floor sheet to ./remelt-sheet-<heat>.txt"},
    {'m', TUI_IN_INV, TUI_A_EDIT_MAT_MASS, "m", "what-if: kg available (0 = not available)"},
    {'p', TUI_IN_INV, TUI_A_EDIT_MAT_PRICE, "p", "what-if: price per kg"},
    {'c', TUI_IN_INV, TUI_A_EDIT_MAT_ELEM, "c", "what-if: an element value, typed as Fe=0.25"},
    {'o', TUI_IN_INV, TUI_A_SORT, "o", "sort: file order, id, mass, price, used"},
    {'O', TUI_IN_INV, TUI_A_SORT_REV, "O", "reverse the sort"},
    {'/', TUI_IN_INV, TUI_A_FILTER, "/", "filter: predicted, lots, Fe<0.3, a class word"},
    {TUI_KEY_PGUP, TUI_IN_INV | TUI_IN_GRADES | TUI_IN_PRICING | TUI_IN_HELP, TUI_A_PGUP, "PgUp",
     "page up / down (inventory, grades, pricing, help)"},
    {TUI_KEY_PGDN, TUI_IN_INV | TUI_IN_GRADES | TUI_IN_PRICING | TUI_IN_HELP, TUI_A_PGDN, "PgDn",
     NULL},
    {'n', TUI_IN_GRADES, TUI_A_EDIT_MIN, "n", "what-if: the selected limit's spec min"},
    {'x', TUI_IN_GRADES, TUI_A_EDIT_MAX, "x", "what-if: the selected limit's spec max"},
    {'g', TUI_IN_PRICING, TUI_A_PRICE_GRADE_NEXT, "g", "price the next grade / the previous one"},
    {'G', TUI_IN_PRICING, TUI_A_PRICE_GRADE_PREV, "G", NULL},
    {'o', TUI_IN_PRICING, TUI_A_PRICE_SORT, "o", "sort by the next column of the table"},
    {'O', TUI_IN_PRICING, TUI_A_PRICE_SORT_REV, "O", "reverse the sort"},
    {'/', TUI_IN_PRICING, TUI_A_PRICE_FILTER, "/",
     "filter: offers, lots, a source, a scrap grade, an id"},
    {'p', TUI_IN_PRICING, TUI_A_PRICE_QUOTE, "p",
     "what-if: an offer's quote (re-priced at once), a lot's price"},
    {TUI_KEY_ESC, TUI_IN_PRICING, TUI_A_PRICE_STOP, "Esc", "stop pricing (r prices again)"},
    {TUI_KEY_ENTER, TUI_IN_ADJUST, TUI_A_ADJ_VALUE, "Enter",
     "type the selected element's sample value (then the next)"},
    {'e', TUI_IN_ADJUST, TUI_A_ADJ_VALUE, "e", NULL},
    {'b', TUI_IN_ADJUST, TUI_A_ADJ_BATH, "b", "the bath's mass, kg (heel included)"},
    {'x', TUI_IN_ADJUST, TUI_A_ADJ_CLEAR, "x", "clear the sample"},
    {'[', TUI_IN_ADJUST, TUI_A_ADJ_PREV_HEAT, "[", "previous / next heat"},
    {']', TUI_IN_ADJUST, TUI_A_ADJ_NEXT_HEAT, "]", NULL},
    {TUI_KEY_ENTER, TUI_IN_INPUT, TUI_A_ACCEPT, "Enter", "apply the value typed (or say why not)"},
    {'\r', TUI_IN_INPUT, TUI_A_ACCEPT, "Enter", NULL},
    {TUI_KEY_BACKSPACE, TUI_IN_INPUT, TUI_A_BACKSPACE, "Backspace", "delete a character"},
    {127, TUI_IN_INPUT, TUI_A_BACKSPACE, "Backspace", NULL},
    {8, TUI_IN_INPUT, TUI_A_BACKSPACE, "Backspace", NULL},
    {TUI_KEY_CTRL_U, TUI_IN_INPUT, TUI_A_CLEAR, "Ctrl-U", "clear the input line"},
    {'y', TUI_IN_CONFIRM, TUI_A_YES, "y", "yes: save, or quit without saving"},
    {'Y', TUI_IN_CONFIRM, TUI_A_YES, "Y", NULL},
    {'n', TUI_IN_CONFIRM, TUI_A_NO, "n", "no: back to the screen"},
    {'N', TUI_IN_CONFIRM, TUI_A_NO, "N", NULL},
    {TUI_KEY_ESC, DLG, TUI_A_CANCEL, "Esc", "close a dialog (? and q close the help too)"},
    {'?', TUI_IN_HELP, TUI_A_CANCEL, "?", NULL},
    {'q', TUI_IN_HELP, TUI_A_CANCEL, "q", NULL},
};

const struct tui_binding *tui_bindings(size_t *n)
{
	*n = sizeof keys_table / sizeof keys_table[0];
	return keys_table;
}

static const struct {
	unsigned mask;
	const char *title;
} keys_sections[] = {
    {S, "Everywhere"},
    {TUI_IN_PLAN, "1 Plan"},
    {TUI_IN_INV, "2 Inventory"},
    {TUI_IN_GRADES, "3 Grades"},
    {TUI_IN_PRICING, "4 Pricing"},
    {TUI_IN_ADJUST, "6 Correct"},
    {DLG, "Input line, questions, help"},
};
#define KEYS_NSECT (sizeof keys_sections / sizeof keys_sections[0])

/* The first section a row fits in: "Everywhere" takes rows of every screen. */
static size_t keys_section(const struct tui_binding *b)
{
	for (size_t s = 0; s < KEYS_NSECT; s++) {
		unsigned m = keys_sections[s].mask;
		if (m == S ? (b->scope & S) == S : (b->scope & m) != 0)
			return s;
	}
	return KEYS_NSECT;
}

/* "Up k": the name of row i and of the rows without a help text under it, each once. */
static void keys_names(size_t i, char *buf, size_t n)
{
	size_t nk = sizeof keys_table / sizeof keys_table[0];
	snprintf(buf, n, "%s", keys_table[i].name);
	for (size_t j = i + 1; j < nk && !keys_table[j].help; j++) {
		bool seen = false;
		for (size_t k = i; k < j && !seen; k++)
			seen = strcmp(keys_table[k].name, keys_table[j].name) == 0;
		if (!seen)
			snprintf(buf + strlen(buf), n - strlen(buf), " %s", keys_table[j].name);
	}
}

static bool keys_help_walk(size_t want, char *buf, size_t n, size_t *count)
{
	size_t k = 0;
	for (size_t s = 0; s < KEYS_NSECT; s++) {
		if (k++ == want)
			return snprintf(buf, n, "%s", keys_sections[s].title), true;
		for (size_t i = 0; i < sizeof keys_table / sizeof keys_table[0]; i++) {
			const struct tui_binding *b = &keys_table[i];
			if (!b->help || keys_section(b) != s)
				continue;
			if (k++ == want) {
				char names[64];
				keys_names(i, names, sizeof names);
				return snprintf(buf, n, "  %-10s %s", names, b->help), true;
			}
		}
	}
	*count = k;
	return false;
}

void tui_help_title(char *buf, size_t n)
{
	char close[64] = "", scroll[64] = "";
	for (size_t i = 0; i < sizeof keys_table / sizeof keys_table[0]; i++) {
		const struct tui_binding *b = &keys_table[i];
		char *to = b->act == TUI_A_CANCEL                      ? close
		           : b->act >= TUI_A_UP && b->act <= TUI_A_END ? scroll
		                                                       : NULL;
		if (!(b->scope & TUI_IN_HELP) || !to || strstr(to, b->name))
			continue;
		snprintf(to + strlen(to), sizeof close - strlen(to), "%s%s", *to ? " " : "",
		         b->name);
	}
	snprintf(buf, n, "Keys (%s close; %s scroll)", close, scroll);
}

bool tui_help_line(size_t k, char *buf, size_t n)
{
	size_t count;
	return keys_help_walk(k, buf, n, &count);
}

size_t tui_help_lines(void)
{
	char buf[8];
	size_t count = 0;
	keys_help_walk((size_t)-1, buf, sizeof buf, &count);
	return count;
}

static unsigned keys_scope(const struct tui_state *st)
{
	switch (st->dlg) {
	case TUI_DLG_HELP: return TUI_IN_HELP;
	case TUI_DLG_INPUT: return TUI_IN_INPUT;
	case TUI_DLG_CONFIRM: return TUI_IN_CONFIRM;
	case TUI_DLG_NONE: break;
	}
	return 1u << st->screen;
}

static void keys_help_scroll(struct tui_state *st, long delta)
{
	long max = (long)tui_help_lines() - (long)tui_list_rows(st, TUI_SCR_GRADES);
	long to = (long)st->help_top + delta;
	st->help_top = (size_t)(to > max ? (max > 0 ? max : 0) : to < 0 ? 0 : to);
}

static unsigned keys_move(struct tui_state *st, enum tui_action a)
{
	long page = (long)(st->screen == TUI_SCR_PLAN ? tui_detail_rows(st)
	                                              : tui_list_rows(st, st->screen));
	long d = a == TUI_A_UP     ? -1
	         : a == TUI_A_DOWN ? 1
	         : a == TUI_A_PGUP ? -page
	         : a == TUI_A_PGDN ? page
	         : a == TUI_A_HOME ? -1000000000L
	                           : 1000000000L;
	if (st->dlg == TUI_DLG_HELP)
		keys_help_scroll(st, d);
	else
		tui_state_move(st, d);
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned keys_confirm(struct tui_state *st, enum tui_action act, const char *what)
{
	unsigned dirty = tui_edit_dirty(st);
	static const char *const names[TUI_NFILE] = {"lots.csv", "additives.csv", "grades.csv",
	                                             "heats.csv"};
	char files[80] = "";
	for (int f = 0; f < TUI_NFILE; f++)
		if (dirty & (1u << f))
			snprintf(files + strlen(files), sizeof files - strlen(files), "%s%s",
			         *files ? ", " : "", names[f]);
	snprintf(st->confirm, sizeof st->confirm, what, st->nedit, st->nedit == 1 ? "" : "s",
	         files);
	st->confirm_act = act;
	st->dlg = TUI_DLG_CONFIRM;
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned keys_yes(struct tui_state *st)
{
	st->dlg = TUI_DLG_NONE;
	if (st->confirm_act == TUI_A_QUIT)
		return TUI_HANDLED | TUI_QUIT;
	struct rm_error err = {0};
	size_t n = st->nedit;
	if (tui_edit_save(st, &err) < 0) {
		char buf[1200];
		rm_error_format(&err, buf, sizeof buf);
		tui_state_msg(st, true, "not saved: %s", buf);
	} else {
		tui_state_msg(st, false, "saved %zu edit%s", n, n == 1 ? "" : "s");
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned keys_print(struct tui_state *st)
{
	char path[4300];
	struct rm_error err = {0};
	if (tui_print_sheet(st, path, sizeof path, &err) < 0) {
		char buf[1200];
		rm_error_format(&err, buf, sizeof buf);
		tui_state_msg(st, true, "not printed: %s", buf);
	} else {
		tui_state_msg(st, false, "wrote the floor sheet of %s to %s%s",
		              st->plant->heats->h[st->sel[TUI_SCR_PLAN]].id, path,
		              st->nedit ? " (marked what-if: edits not saved)" : "");
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned keys_input(struct tui_state *st, enum tui_action a)
{
	struct tui_input *in = &st->in;
	switch (a) {
	case TUI_A_ACCEPT: return TUI_HANDLED | TUI_REDRAW | (tui_edit_commit(st) ? TUI_SOLVE : 0);
	case TUI_A_BACKSPACE:
		if (in->len > 0)
			in->buf[--in->len] = '\0';
		tui_adj_preview(st);
		break;
	case TUI_A_CLEAR:
		in->buf[in->len = 0] = '\0';
		tui_adj_preview(st);
		break;
	case TUI_A_CANCEL:
		if (st->dlg == TUI_DLG_INPUT && in->field == TUI_ED_SAMPLE)
			tui_adj_cancel(st); /* drop the preview: the values as they were */
		st->dlg = TUI_DLG_NONE;
		break;
	case TUI_A_YES: return keys_yes(st);
	case TUI_A_NO:
		st->dlg = TUI_DLG_NONE;
		tui_state_msg(st, false, "nothing done");
		break;
	default: return 0;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned keys_edit(struct tui_state *st, enum tui_action a)
{
	static const enum tui_field fields[] = {
	    [TUI_A_EDIT_HEAT_MASS] = TUI_ED_HEAT_MASS,
	    [TUI_A_EDIT_HEAT_GRADE] = TUI_ED_HEAT_GRADE,
	    [TUI_A_EDIT_MAT_MASS] = TUI_ED_MAT_MASS,
	    [TUI_A_EDIT_MAT_PRICE] = TUI_ED_MAT_PRICE,
	    [TUI_A_EDIT_MAT_ELEM] = TUI_ED_MAT_ELEM,
	    [TUI_A_EDIT_MIN] = TUI_ED_LIM_MIN,
	    [TUI_A_EDIT_MAX] = TUI_ED_LIM_MAX,
	    [TUI_A_FILTER] = TUI_ED_FILTER,
	    [TUI_A_RECORD] = TUI_ED_RECORD,
	    [TUI_A_ADJ_VALUE] = TUI_ED_SAMPLE,
	    [TUI_A_ADJ_BATH] = TUI_ED_BATH,
	    [TUI_A_RECORD_WEIGHED] = TUI_ED_WEIGHED,
	};
	switch (a) {
	case TUI_A_SOLVE: return TUI_HANDLED | TUI_SOLVE;
	case TUI_A_UNDO: return TUI_HANDLED | TUI_REDRAW | (tui_edit_undo_msg(st) ? TUI_SOLVE : 0);
	case TUI_A_SAVE:
		if (st->nedit == 0) {
			tui_state_msg(st, false, "no edits to save");
			return TUI_HANDLED | TUI_REDRAW;
		}
		return keys_confirm(st, a, "Write %zu edit%s to %s? (y/n)");
	case TUI_A_QUIT:
		if (st->nedit == 0)
			return TUI_HANDLED | TUI_QUIT;
		return keys_confirm(st, a, "Quit and discard %zu unsaved edit%s to %s? (y/n)");
	case TUI_A_SORT:
	case TUI_A_SORT_REV:
		if (a == TUI_A_SORT)
			st->sort = (enum tui_sort)((st->sort + 1) % TUI_NSORT);
		else
			st->sort_desc = !st->sort_desc;
		if (tui_inv_rebuild(st) < 0)
			tui_state_msg(st, true, "out of memory");
		return TUI_HANDLED | TUI_REDRAW;
	default: tui_edit_begin(st, fields[a]); return TUI_HANDLED | TUI_REDRAW;
	}
}

static unsigned keys_price(struct tui_state *st, enum tui_action a)
{
	struct tui_price *pr = &st->price;
	switch (a) {
	case TUI_A_PRICE_GRADE_NEXT:
	case TUI_A_PRICE_GRADE_PREV:
		tui_price_grade(st, a == TUI_A_PRICE_GRADE_NEXT ? 1 : -1);
		break;
	case TUI_A_PRICE_SORT:
	case TUI_A_PRICE_SORT_REV:
		if (a == TUI_A_PRICE_SORT)
			pr->sort = (enum tui_psort)((pr->sort + 1) % TUI_NPSORT);
		else
			pr->desc = !pr->desc;
		if (tui_price_rebuild(st) < 0)
			tui_state_msg(st, true, "out of memory");
		break;
	case TUI_A_PRICE_FILTER: tui_edit_begin(st, TUI_ED_PFILTER); break;
	case TUI_A_PRICE_QUOTE: {
		const struct price_item *it = tui_price_selected(st);
		if (!it)
			tui_state_msg(st, true, "no row selected: nothing priced yet");
		else if (it->offer)
			tui_edit_begin(st, TUI_ED_QUOTE);
		else
			tui_edit_begin(st, TUI_ED_MAT_PRICE);
		break;
	}
	case TUI_A_PRICE_STOP:
		if (tui_price_running(st))
			tui_price_stop(st, "stopped: no numbers until priced again (r)");
		else
			tui_state_msg(st, false, "nothing is being priced");
		break;
	default: break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned keys_do(struct tui_state *st, enum tui_action a)
{
	switch (a) {
	case TUI_A_SCREEN_PLAN:
	case TUI_A_SCREEN_INV:
	case TUI_A_SCREEN_GRADES:
	case TUI_A_SCREEN_PRICING:
	case TUI_A_SCREEN_ACTUAL:
	case TUI_A_SCREEN_ADJUST: st->screen = (enum tui_screen)(a - TUI_A_SCREEN_PLAN); break;
	case TUI_A_ADJ_CLEAR: tui_adj_clear(st); break;
	case TUI_A_ADJ_PREV_HEAT:
	case TUI_A_ADJ_NEXT_HEAT: {
		size_t n = st->plant->heats->n, h = st->sel[TUI_SCR_PLAN];
		st->sel[TUI_SCR_PLAN] = (h + (a == TUI_A_ADJ_NEXT_HEAT ? 1 : n - 1)) % n;
		break;
	}
	case TUI_A_NEXT_SCREEN:
		st->screen = (enum tui_screen)((st->screen + 1) % TUI_NSCREEN);
		break;
	case TUI_A_PREV_SCREEN:
		st->screen = (enum tui_screen)((st->screen + TUI_NSCREEN - 1) % TUI_NSCREEN);
		break;
	case TUI_A_UP:
	case TUI_A_DOWN:
	case TUI_A_PGUP:
	case TUI_A_PGDN:
	case TUI_A_HOME:
	case TUI_A_END: return keys_move(st, a);
	case TUI_A_DETAIL_UP:
	case TUI_A_DETAIL_DOWN:
		tui_state_scroll_detail(st, (a == TUI_A_DETAIL_UP ? -1 : 1) *
		                                (long)tui_detail_rows(st));
		break;
	case TUI_A_HELP:
		st->dlg = TUI_DLG_HELP;
		st->help_top = 0;
		break;
	case TUI_A_REDRAW: return TUI_HANDLED | TUI_REDRAW | TUI_REPAINT;
	case TUI_A_PRINT: return keys_print(st);
	case TUI_A_ACCEPT:
	case TUI_A_CANCEL:
	case TUI_A_BACKSPACE:
	case TUI_A_CLEAR:
	case TUI_A_YES:
	case TUI_A_NO: return keys_input(st, a);
	case TUI_A_PRICE_GRADE_NEXT:
	case TUI_A_PRICE_GRADE_PREV:
	case TUI_A_PRICE_SORT:
	case TUI_A_PRICE_SORT_REV:
	case TUI_A_PRICE_FILTER:
	case TUI_A_PRICE_QUOTE:
	case TUI_A_PRICE_STOP: return keys_price(st, a);
	case TUI_A_NONE: return 0;
	default: return keys_edit(st, a);
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned keys_any(struct tui_state *st, int key)
{
	unsigned scope = keys_scope(st);
	for (size_t i = 0; i < sizeof keys_table / sizeof keys_table[0]; i++)
		if (keys_table[i].key == key && (keys_table[i].scope & scope))
			return keys_do(st, keys_table[i].act);
	struct tui_input *in = &st->in;
	if (scope == TUI_IN_INPUT && key >= 32 && key < 127 && in->len + 1 < sizeof in->buf) {
		in->buf[in->len++] = (char)key;
		in->buf[in->len] = '\0';
		tui_adj_preview(st); /* 6 Correct: the correction follows the typing */
		return TUI_HANDLED | TUI_REDRAW;
	}
	return 0;
}

unsigned tui_key(struct tui_state *st, int key)
{
	unsigned flags = keys_any(st, key);
	/* 6 Correct shows the heat selected on 1 Plan: its state follows a change of either */
	if (st->screen == TUI_SCR_ADJUST && !tui_adj_get(st))
		tui_state_msg(st, true, "out of memory");
	return flags;
}
