/* tui_draw: the ncurses views. Each draw function reads the state and paints stdscr; none of
 * them changes the state, reads a key or solves. Only tui_term.c and tui_draw*.c include
 * curses, so the rest of tui/ builds and tests without it. */
#ifndef TUI_DRAW_H
#define TUI_DRAW_H

#include <curses.h>
#include <stdbool.h>

#include "tui_state.h"

enum tui_role {
	TUI_R_NORMAL,
	TUI_R_TITLE, /* tab bar */
	TUI_R_TAB,   /* the current screen's tab */
	TUI_R_HEAD,  /* column headings */
	TUI_R_SEL,   /* the selected row */
	TUI_R_BIND,  /* a limit the optimum sits on */
	TUI_R_BAD,   /* no plan, errors */
	TUI_R_GOOD,
	TUI_R_DIM,
	TUI_NROLE
};

/* color false (NO_COLOR, or a terminal without colours): attributes only. */
void tui_draw_init(bool color);
attr_t tui_attr(enum tui_role r);
/* Text at row y, column x, cut or padded with blanks to w columns. */
void tui_put(int y, int x, int w, attr_t a, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

void tui_draw(const struct tui_state *st);
/* A one-line note on the status line while something slow runs (solving). */
void tui_draw_busy(const char *what);

void tui_draw_plan(const struct tui_state *st);
void tui_draw_inv(const struct tui_state *st);
void tui_draw_grades(const struct tui_state *st);
void tui_draw_price(const struct tui_state *st);
void tui_draw_actual(const struct tui_state *st);
void tui_draw_adjust(const struct tui_state *st);

#endif
