/* The frame around every screen: tab bar, status line, dialogs, help. */
#include "tui_draw.h"
#include "tui_view.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "tui_keys.h"
#include "tui_view.h"

static attr_t draw_attrs[TUI_NROLE];

void tui_draw_init(bool color)
{
	attr_t mono[TUI_NROLE] = {
	    [TUI_R_TITLE] = A_REVERSE, [TUI_R_TAB] = A_BOLD,   [TUI_R_HEAD] = A_BOLD,
	    [TUI_R_SEL] = A_REVERSE,   [TUI_R_BIND] = A_BOLD,  [TUI_R_BAD] = A_BOLD,
	    [TUI_R_GOOD] = A_NORMAL,   [TUI_R_DIM] = A_NORMAL,
	};
	memcpy(draw_attrs, mono, sizeof mono);
	if (!color)
		return;
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_RED, -1);
	init_pair(4, COLOR_GREEN, -1);
	init_pair(5, COLOR_CYAN, -1);
	draw_attrs[TUI_R_TITLE] = COLOR_PAIR(1);
	draw_attrs[TUI_R_TAB] = COLOR_PAIR(1) | A_BOLD | A_REVERSE;
	draw_attrs[TUI_R_BIND] = COLOR_PAIR(2) | A_BOLD;
	draw_attrs[TUI_R_BAD] = COLOR_PAIR(3) | A_BOLD;
	draw_attrs[TUI_R_GOOD] = COLOR_PAIR(4);
	draw_attrs[TUI_R_DIM] = COLOR_PAIR(5);
}

attr_t tui_attr(enum tui_role r)
{
	return r < TUI_NROLE ? draw_attrs[r] : A_NORMAL;
}

void tui_put(int y, int x, int w, attr_t a, const char *fmt, ...)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return;
	if (x + w > COLS)
		w = COLS - x;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	int len = (int)strlen(buf);
	if (len > w)
		len = w;
	attrset(a);
	mvaddnstr(y, x, buf, len);
	for (int i = len; i < w; i++)
		addch(' ');
	attrset(A_NORMAL);
}

static void draw_tabs(const struct tui_state *st)
{
	static const char *const names[TUI_NSCREEN] = {"1 Plan",    "2 Inventory", "3 Grades",
	                                               "4 Pricing", "5 Actual",    "6 Correct"};
	/* below TUI_WIDE_COLS the tabs close up and shorten and the title goes, so that the
	 * cost and the edit count still fit at 80 columns */
	static const char *const narrow[TUI_NSCREEN] = {"1 Plan",  "2 Inv", "3 Grades",
	                                                "4 Price", "5 Act", "6 Bath"};
	bool wide = COLS >= TUI_WIDE_COLS;
	tui_put(0, 0, COLS, tui_attr(TUI_R_TITLE), wide ? " remelt" : "");
	int x = wide ? 8 : 0;
	for (int s = 0; s < TUI_NSCREEN; s++) {
		bool on = (int)st->screen == s;
		const char *name = wide ? names[s] : narrow[s];
		tui_put(0, x, (int)strlen(name) + 2,
		        on ? tui_attr(TUI_R_TAB) : tui_attr(TUI_R_TITLE), " %s ", name);
		x += (int)strlen(name) + 2;
	}
	char right[80], tot[40];
	const struct plan *pl = st->plan;
	if (pl && pl->status == PLAN_OPTIMAL) {
		report_num(tot, sizeof tot, pl->total_cost, 0);
		snprintf(right, sizeof right, "cost %s ", tot);
	} else {
		snprintf(right, sizeof right, "%s ", pl ? "NO PLAN" : "not solved");
	}
	if (st->nedit)
		snprintf(right + strlen(right), sizeof right - strlen(right), " %zu edit%s ",
		         st->nedit, st->nedit == 1 ? "" : "s");
	int w = (int)strlen(right);
	if (x + w < COLS)
		tui_put(0, COLS - w, w, tui_attr(TUI_R_TITLE), "%s", right);
}

static void draw_status(const struct tui_state *st)
{
	const char *hint = "? help  q quit";
	int hw = (int)strlen(hint) + 1;
	/* The message wins the room when it needs it. */
	bool room = (int)strlen(st->msg) + hw < COLS;
	int w = COLS - (room ? hw : 0);
	tui_put(LINES - 1, 0, w, st->msg_err ? tui_attr(TUI_R_BAD) : A_NORMAL, "%s", st->msg);
	if (room)
		tui_put(LINES - 1, w, hw, tui_attr(TUI_R_DIM), " %s", hint);
}

/* A framed box; returns the inner width. Plain ASCII: it reads the same on any terminal a
 * plant floor has, in any locale, and in text captures. */
static int draw_box(int y, int x, int h, int w, const char *title)
{
	for (int r = 0; r < h; r++)
		tui_put(y + r, x, w, A_NORMAL, "%s", "");
	attrset(A_NORMAL);
	mvaddch(y, x, '+');
	mvhline(y, x + 1, '-', w - 2);
	mvaddch(y, x + w - 1, '+');
	mvvline(y + 1, x, '|', h - 2);
	mvvline(y + 1, x + w - 1, '|', h - 2);
	mvaddch(y + h - 1, x, '+');
	mvhline(y + h - 1, x + 1, '-', w - 2);
	mvaddch(y + h - 1, x + w - 1, '+');
	if (title)
		tui_put(y, x + 2, (int)strlen(title) + 2, A_BOLD, " %s ", title);
	return w - 4;
}

static void draw_help(const struct tui_state *st)
{
	int h = LINES - 2, w = COLS - 4;
	char title[160];
	tui_help_title(title, sizeof title);
	int iw = draw_box(1, 2, h, w, title);
	int rows = h - 2;
	char line[256];
	for (int r = 0; r < rows; r++) {
		if (!tui_help_line(st->help_top + (size_t)r, line, sizeof line))
			break;
		tui_put(2 + r, 4, iw, line[0] == ' ' ? A_NORMAL : tui_attr(TUI_R_HEAD), "%s", line);
	}
}

static void draw_input(const struct tui_state *st)
{
	const struct tui_input *in = &st->in;
	int w = COLS - 4, y = LINES - 6;
	int iw = draw_box(y, 2, 5, w, "what-if (Enter applies, Esc cancels)");
	tui_put(y + 1, 4, iw, A_NORMAL, "%s", in->label);
	/* Long input scrolls left so the cursor stays in view. */
	int len = (int)in->len, room = iw - 3;
	const char *shown = in->buf + (len > room ? len - room : 0);
	tui_put(y + 2, 4, iw, A_BOLD, "> %s", shown);
	tui_put(y + 3, 4, iw, tui_attr(TUI_R_BAD), "%s", in->err);
	move(y + 2, 6 + (len > room ? room : len));
}

static void draw_confirm(const struct tui_state *st)
{
	int w = COLS - 8, y = LINES / 2 - 2;
	int iw = draw_box(y, 4, 4, w, "confirm");
	tui_put(y + 1, 6, iw, A_BOLD, "%s", st->confirm);
	tui_put(y + 2, 6, iw, A_NORMAL, "y: yes    n or Esc: no");
}

void tui_draw(const struct tui_state *st)
{
	erase();
	curs_set(0);
	if (COLS < 60 || LINES < 16) {
		tui_put(0, 0, COLS, A_BOLD, "remelt tui: enlarge the terminal to 80x24 (now %dx%d)",
		        COLS, LINES);
		return;
	}
	draw_tabs(st);
	switch (st->screen) {
	case TUI_SCR_PLAN: tui_draw_plan(st); break;
	case TUI_SCR_INV: tui_draw_inv(st); break;
	case TUI_SCR_GRADES: tui_draw_grades(st); break;
	case TUI_SCR_PRICING: tui_draw_price(st); break;
	case TUI_SCR_ACTUAL: tui_draw_actual(st); break;
	case TUI_SCR_ADJUST: tui_draw_adjust(st); break;
	case TUI_NSCREEN: break;
	}
	draw_status(st);
	switch (st->dlg) {
	case TUI_DLG_HELP: draw_help(st); break;
	case TUI_DLG_CONFIRM: draw_confirm(st); break;
	case TUI_DLG_INPUT:
		draw_input(st);
		curs_set(1);
		break;
	case TUI_DLG_NONE: break;
	}
}

void tui_draw_busy(const char *what)
{
	tui_put(LINES - 1, 0, COLS, tui_attr(TUI_R_DIM), "%s", what);
	refresh();
}
