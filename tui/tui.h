/* tui: remelt's terminal UI for the metallurgist (remelt tui). The screens and keys are
 * described in docs/tui.md; the state is tui_state.h, the key table tui_keys.h. */
#ifndef TUI_H
#define TUI_H

#include "plan.h"
#include "rm_error.h"

/* Loads the plant in dir and the offers file (NULL: none) for 4 Pricing, solves it with o and runs
 * the UI until the user quits. Returns 0, or -1 with err filled when the data cannot be loaded or
 * solved, or there is no terminal: then the terminal is restored before returning. A SIGINT,
 * SIGTERM or SIGHUP ends the UI (unsaved edits are dropped), restores the terminal, and then ends
 * the process by the same signal. */
int tui_run(const char *dir, const char *offers, const struct plan_opts *o, struct rm_error *err);

#endif
