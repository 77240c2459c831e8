/* 5 Actual: the heats `remelt record` recorded, each against its plan (charged against
 * planned kg, the real metal yield against the assumed one, elements outside the predicted
 * interval), and the selected heat's elements and weighing differences below. */
#include <stdio.h>

#include "record_actual.h"
#include "tui_draw.h"
#include "tui_view.h"

void tui_draw_actual(const struct tui_state *st)
{
	size_t n = tui_list_len(st, TUI_SCR_ACTUAL);
	if (!n) {
		tui_put(2, 1, COLS - 2, A_BOLD, "No heat recorded yet.");
		tui_put(3, 1, COLS - 2, A_NORMAL,
		        "remelt record --heat H --charged FILE --analysis FILE books what a heat "
		        "charged and analysed;");
		tui_put(4, 1, COLS - 2, A_NORMAL,
		        "its plan against actual then shows here (and in remelt report actual).");
		return;
	}
	size_t flagged = 0;
	for (size_t k = 0; k < n; k++)
		flagged += tui_actual_outside(&st->actual->h[k]) > 0;
	tui_put(1, 0, COLS, A_NORMAL,
	        " %zu heat%s recorded, %zu with an analysis outside the predicted 95%% interval", n,
	        n == 1 ? "" : "s", flagged);
	tui_put(2, 0, COLS, tui_attr(TUI_R_HEAD), " %-8s %-6s %-8s %9s / %-9s %s", "heat", "grade",
	        "plan", "charged", "planned", "yield (assumed)");
	size_t vis = tui_list_rows(st, TUI_SCR_ACTUAL), top = st->top[TUI_SCR_ACTUAL];
	size_t sel = st->sel[TUI_SCR_ACTUAL];
	char buf[256];
	for (size_t r = 0; r < vis && top + r < n; r++) {
		tui_actual_row(st, top + r, buf, sizeof buf);
		tui_put(3 + (int)r, 0, COLS, top + r == sel ? tui_attr(TUI_R_SEL) : A_NORMAL, "%s",
		        buf);
	}
	int y = 3 + (int)vis;
	tui_put(y++, 0, COLS, tui_attr(TUI_R_HEAD), " %s", st->actual->h[sel].heat);
	for (size_t j = 0; y < LINES - 1 && tui_actual_line(st, sel, j, buf, sizeof buf); j++)
		tui_put(y++, 0, COLS, j == 0 ? A_BOLD : A_NORMAL, "%s", buf);
}
