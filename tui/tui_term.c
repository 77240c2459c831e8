/* The terminal: curses on and off, the one loop that owns input, solving and drawing, and
 * the promise that the terminal is given back sane on every way out: quit, an error, a
 * signal, or exit() from anywhere (atexit). */
#include <curses.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "tui.h"
#include "tui_draw.h"
#include "tui_keys.h"
#include "tui_state.h"

/* How long getch waits before the loop looks at the signal flag again, ms. */
#define TERM_POLL_MS 200
/* The same while a price table is being worked out: the screen counts the seconds. */
#define TERM_PRICE_POLL_MS 100

static volatile sig_atomic_t term_signal;
static volatile sig_atomic_t term_solving; /* the loop is inside the solver, not curses */
static bool term_active;
static SCREEN *term_screen;

static void term_on_signal(int sig)
{
	term_signal = sig;
	/* A solve can take minutes: rather than make the user wait for it, give the terminal
	 * back now and die by the signal. curses is idle while the solver runs, so endwin
	 * cannot interrupt a half-done screen update here. */
	if (term_solving) {
		endwin();
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

static void term_stop(void)
{
	if (!term_active)
		return;
	term_active = false;
	curs_set(1);
	endwin();
	delscreen(term_screen);
	term_screen = NULL;
}

/* Set before curses starts, so that ncurses keeps ours instead of installing its own; no
 * SA_RESTART, so a signal also wakes getch. */
static void term_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static bool term_no_color(void)
{
	const char *s = getenv("NO_COLOR");
	return s && *s; /* no-color.org: set and not empty */
}

static int term_start(struct rm_error *err)
{
	static bool registered;
	if (!registered && atexit(term_stop) == 0)
		registered = true;
	/* Characters only: numbers keep the C locale's decimal point. */
	setlocale(LC_CTYPE, "");
	term_screen = newterm(NULL, stdout, stdin);
	if (!term_screen) {
		const char *t = getenv("TERM");
		return rm_error_set(err, NULL, 0, 0, "cannot use the terminal (TERM=%s)",
		                    t ? t : "unset");
	}
	term_active = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	timeout(TERM_POLL_MS);
#ifdef NCURSES_VERSION
	set_escdelay(25); /* Esc closes a dialog at once, not after a second */
#endif
	bool color = !term_no_color() && has_colors() && start_color() == OK;
	tui_draw_init(color);
	return 0;
}

static int term_key(int c)
{
	switch (c) {
	case KEY_UP: return TUI_KEY_UP;
	case KEY_DOWN: return TUI_KEY_DOWN;
	case KEY_LEFT: return TUI_KEY_LEFT;
	case KEY_RIGHT: return TUI_KEY_RIGHT;
	case KEY_PPAGE: return TUI_KEY_PGUP;
	case KEY_NPAGE: return TUI_KEY_PGDN;
	case KEY_HOME: return TUI_KEY_HOME;
	case KEY_END: return TUI_KEY_END;
	case KEY_BTAB: return TUI_KEY_BTAB;
	case KEY_BACKSPACE: return TUI_KEY_BACKSPACE;
	case KEY_ENTER:
	case '\r': return TUI_KEY_ENTER;
	default: return c >= KEY_MIN ? -1 : c;
	}
}

/* Called from inside a solve (plan_opts.progress, every PLAN_PROGRESS_S at most): the
 * status line says where it stands, so the screen never looks hung, and Esc stops it with
 * the best plan found so far. Other keys typed meanwhile are dropped. */
static int term_progress(void *info, const struct plan_progress *pr)
{
	(void)info;
	char best[48] = "none yet", bound[48] = "-", gap[32] = "", line[256];
	if (!isnan(pr->best))
		report_num(best, sizeof best, pr->best, 0);
	if (!isnan(pr->bound))
		report_num(bound, sizeof bound, pr->bound, 0);
	if (!isnan(pr->gap))
		snprintf(gap, sizeof gap, ", gap %.3f%%", 100 * pr->gap);
	snprintf(line, sizeof line, " solving %.1f s: %s %ld, best %s, bound %s%s; Esc stops",
	         pr->elapsed_s, pr->phase, pr->step, best, bound, gap);
	tui_draw_busy(line);
	timeout(0);
	int c, stop = 0;
	while ((c = getch()) != ERR)
		stop |= c == 27;
	timeout(TERM_POLL_MS);
	return stop || term_signal;
}

/* 4 Pricing prices in a child process (tui_price_job.c): start it when the screen shows
 * and has no table, read what it wrote while it runs. Returns the flags to draw with. */
static unsigned term_price(struct tui_state *st, unsigned fl)
{
	struct tui_price *pr = &st->price;
	if (st->screen == TUI_SCR_PRICING && pr->want && !tui_price_running(st) &&
	    tui_price_start(st, -1) == 0)
		fl |= TUI_REDRAW;
	if (!tui_price_running(st)) {
		timeout(TERM_POLL_MS);
		return fl;
	}
	timeout(TERM_PRICE_POLL_MS);
	if (!tui_price_poll(st))
		tui_price_limit(st);
	return fl | (st->screen == TUI_SCR_PRICING ? TUI_REDRAW : 0);
}

static void term_loop(struct tui_state *st)
{
	unsigned fl = TUI_REDRAW;
	tui_state_resize(st, LINES, COLS);
	while (!term_signal && !(fl & TUI_QUIT)) {
		fl = term_price(st, fl);
		if (fl & TUI_SOLVE) {
			tui_draw_busy(" solving... (Esc stops, Ctrl-C quits without saving)");
			term_solving = 1;
			tui_state_solve(st);
			term_solving = 0;
		}
		if (fl & TUI_REPAINT)
			clearok(curscr, TRUE);
		if (fl & (TUI_REDRAW | TUI_SOLVE)) {
			tui_draw(st);
			refresh();
		}
		int c = getch();
		if (c == ERR) {
			fl = 0;
		} else if (c == KEY_RESIZE) {
			tui_state_resize(st, LINES, COLS);
			fl = TUI_REDRAW;
		} else {
			fl = tui_key(st, term_key(c));
		}
	}
}

int tui_run(const char *dir, const char *offers, const struct plan_opts *o, struct rm_error *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return rm_error_set(err, NULL, 0, 0,
		                    "remelt tui needs a terminal (remelt plan writes reports)");
	struct tui_state *st = NULL;
	struct plan_opts opts = *o;
	opts.progress = term_progress;
	term_signals();
	if (term_start(err) < 0)
		return -1;
	/* The first solve may take a while: say so on screen rather than look hung. */
	erase();
	tui_draw_busy(" remelt: loading the plant and solving... (Ctrl-C quits)");
	term_solving = 1;
	int rc = tui_state_new(dir, offers, &opts, &st, err);
	term_solving = 0;
	if (rc < 0) {
		term_stop(); /* the caller prints err on a sane terminal */
		return -1;
	}
	term_loop(st);
	term_stop();
	tui_state_free(st);
	int sig = term_signal;
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return 0;
}
