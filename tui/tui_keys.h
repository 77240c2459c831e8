/* tui_keys: the one key table of the terminal UI, and the handler that runs it.
 *
 * Every key the UI knows is a row of tui_bindings: the key, where it works (screens, the
 * input line, a yes/no question, the help), the action, and the help text that `?` shows.
 * tui_key never draws: it changes the state and returns flags for the loop (htop's
 * HANDLED/REDRAW/BREAK_LOOP). Keys are the terminal's characters plus the TUI_KEY_ codes
 * below, so that tests can drive the UI without ncurses. */
#ifndef TUI_KEYS_H
#define TUI_KEYS_H

#include <stddef.h>

#include "tui_state.h"

enum tui_keycode {
	TUI_KEY_ESC = 27,
	TUI_KEY_ENTER = '\n',
	TUI_KEY_CTRL_L = 12,
	TUI_KEY_CTRL_U = 21,
	TUI_KEY_UP = 0x1000,
	TUI_KEY_DOWN,
	TUI_KEY_LEFT,
	TUI_KEY_RIGHT,
	TUI_KEY_PGUP,
	TUI_KEY_PGDN,
	TUI_KEY_HOME,
	TUI_KEY_END,
	TUI_KEY_BTAB,
	TUI_KEY_BACKSPACE,
};

/* Where a binding works: one bit per screen, then the dialogs. */
enum tui_scope {
	TUI_IN_PLAN = 1 << TUI_SCR_PLAN,
	TUI_IN_INV = 1 << TUI_SCR_INV,
	TUI_IN_GRADES = 1 << TUI_SCR_GRADES,
	TUI_IN_PRICING = 1 << TUI_SCR_PRICING,
	TUI_IN_ACTUAL = 1 << TUI_SCR_ACTUAL,
	TUI_IN_ADJUST = 1 << TUI_SCR_ADJUST,
	TUI_IN_SCREENS = TUI_IN_PLAN | TUI_IN_INV | TUI_IN_GRADES | TUI_IN_PRICING | TUI_IN_ACTUAL |
	                 TUI_IN_ADJUST,
	TUI_IN_INPUT = 1 << 8,
	TUI_IN_CONFIRM = 1 << 9,
	TUI_IN_HELP = 1 << 10,
};

enum tui_action {
	TUI_A_NONE,
	TUI_A_SCREEN_PLAN,
	TUI_A_SCREEN_INV,
	TUI_A_SCREEN_GRADES,
	TUI_A_SCREEN_PRICING,
	TUI_A_SCREEN_ACTUAL,
	TUI_A_SCREEN_ADJUST,
	TUI_A_NEXT_SCREEN,
	TUI_A_PREV_SCREEN,
	TUI_A_UP,
	TUI_A_DOWN,
	TUI_A_PGUP,
	TUI_A_PGDN,
	TUI_A_HOME,
	TUI_A_END,
	TUI_A_DETAIL_UP,
	TUI_A_DETAIL_DOWN,
	TUI_A_SOLVE,
	TUI_A_UNDO,
	TUI_A_SAVE,
	TUI_A_HELP,
	TUI_A_QUIT,
	TUI_A_REDRAW,
	TUI_A_EDIT_HEAT_MASS,
	TUI_A_EDIT_HEAT_GRADE,
	TUI_A_PRINT,
	TUI_A_EDIT_MAT_MASS,
	TUI_A_EDIT_MAT_PRICE,
	TUI_A_EDIT_MAT_ELEM,
	TUI_A_EDIT_MIN,
	TUI_A_EDIT_MAX,
	TUI_A_SORT,
	TUI_A_SORT_REV,
	TUI_A_FILTER,
	TUI_A_PRICE_GRADE_NEXT,
	TUI_A_PRICE_GRADE_PREV,
	TUI_A_PRICE_SORT,
	TUI_A_PRICE_SORT_REV,
	TUI_A_PRICE_FILTER,
	TUI_A_PRICE_QUOTE,
	TUI_A_PRICE_STOP,
	TUI_A_RECORD,
	TUI_A_ACCEPT,
	TUI_A_CANCEL,
	TUI_A_BACKSPACE,
	TUI_A_CLEAR,
	TUI_A_YES,
	TUI_A_NO,
	TUI_A_ADJ_VALUE,
	TUI_A_ADJ_BATH,
	TUI_A_ADJ_CLEAR,
	TUI_A_ADJ_PREV_HEAT,
	TUI_A_ADJ_NEXT_HEAT,
	TUI_A_RECORD_WEIGHED,
};

struct tui_binding {
	int key;
	unsigned scope; /* enum tui_scope bits */
	enum tui_action act;
	const char *name; /* as the help shows the key(s) */
	const char *help; /* NULL: another row of the same action already explains it */
};

/* HANDLED: the key meant something; REDRAW: draw again; SOLVE: re-solve, then draw; QUIT: end
 * the loop; REPAINT: the terminal may be garbled, repaint every cell. */
enum tui_flags { TUI_HANDLED = 1, TUI_REDRAW = 2, TUI_SOLVE = 4, TUI_QUIT = 8, TUI_REPAINT = 16 };

const struct tui_binding *tui_bindings(size_t *n);
/* Handles one key; returns enum tui_flags. */
unsigned tui_key(struct tui_state *st, int key);
/* Line k of the help (0-based, from the key table), into buf; false past the last line. A
 * line names the keys of a row with a help text and of the rows without one that follow it
 * ("Up k  select the row above"), so every key of the table is in the help. */
bool tui_help_line(size_t k, char *buf, size_t n);
size_t tui_help_lines(void);
/* The help box's title, from the keys the table gives the help: "Keys (Esc ? q close; ...)". */
void tui_help_title(char *buf, size_t n);

#endif
