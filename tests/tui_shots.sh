#!/bin/sh
# Rewrites docs/tui.md: the user guide of remelt tui with text captures of every screen,
# taken by tests/tui_tests.sh in tmux. Run from the repository root after make.
# usage: sh tests/tui_shots.sh [OUT]   (default docs/tui.md)
set -eu
export LC_ALL=C
OUT=${1:-docs/tui.md}
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
TUI_SHOTS=$S sh tests/tui_tests.sh ./remelt ./remelt-san >"$S/log" 2>&1 || {
	cat "$S/log" >&2
	exit 1
}
shot() { # NAME CAPTION
	[ -s "$S/$1.txt" ] || return 0
	printf '%s\n\n```\n' "$2"
	sed -e 's/[[:space:]]*$//' "$S/$1.txt"
	printf '```\n\n'
}
{
	cat <<'EOF'
# remelt tui: the metallurgist's terminal

```
remelt tui [--data DIR] [--margin F] [--confidence P]
remelt tui --keys
```

The day's charges at a glance, each element against its spec window, and what-if questions
answered at once: "what if lot L017 is not available, Fe max is 0.30, the Zn analysis comes
back higher?". The TUI loads the plant like `remelt plan` (same loader, same solver, same
defaults for `--margin` and `--confidence`), so what it shows is what the charge sheet says.

It needs a terminal of at least 80x24 and redraws when the terminal is resized. Colours follow
the terminal; with `NO_COLOR` set (to anything but the empty string) there are none, and every
highlight also has a text mark (`*` after a binding value, `NO PLAN`), so nothing depends on
colour. `q` quits; it asks only when there are unsaved edits. Ctrl-C, SIGTERM or SIGHUP end it
at once, also in the middle of a solve: the terminal is restored and unsaved edits are
dropped.

A solve never freezes the screen. While it runs, the status line says where it stands, about
ten times a second: the phase (cutting planes of the chance constraints, or branch and bound
of whole units and minimums), the round or node, the best plan's cost so far, the bound no
plan can beat, and the gap between them, e.g.
`solving 2.4 s: branch and bound 247, best 43,500,348, bound 43,472,558, gap 0.064%; Esc stops`.
**Esc** stops it: the screen then shows the best plan found so far (the status line says
"stopped early, within x% of the optimum"), or says that no plan was found yet; nothing is
called impossible that was not proven so. The same hook serves `plan_opts.progress` for any
other front end (solver/plan.h).

## Screens

- **1 Plan**: every heat with its grade, furnace (`-` without one), tapped mass, cost, cost per
  tonne, the change since the data was loaded or saved (`vs saved`), how many limits bind and
  the heat's probability of landing inside every spec limit, P(in spec), as the text report's
  `risk:` line prints it: `5 limits bind, 99.1% in spec`, shortened under 100 columns to
  `5 bind 99.1%` (the header says `bind P(spec)`). Under it, for the selected heat, the
  furnace's heel first (kg, and its share of the bath: heel plus tapped mass), then the charge
  (kg, share, change per material; a material that left the charge stays listed with 0 kg;
  a material charged in whole units shows them as the reports do, `5 x 400 kg`) and each
  limited element as a gauge: `[` `]` are the spec limits,
  `:` the margin between the spec and the internal window, `-` the internal window the plan
  must meet, `*` the predicted value; a `*` after the value and the word `min` or `max` mark a
  limit the optimum sits on. A heat without a charge shows why instead: the plan's sentence
  and each limit that cannot be met with the best value the inventory can reach.
- **2 Inventory**: every lot and additive with source, kg on hand, price, kg the plan uses
  (and the share of what is on hand), and the change since saved. `o` cycles the order (file
  order, id, mass, price, used), `O` reverses it, `/` filters: words separated by blanks, each
  one of a source (`analyzed`, `predicted`, `nominal`), a kind (`lots`, `additives`), an
  element condition (`Fe<0.3`, `Cu>=1`; an empty cell counts as 0, as in the model) or any
  other word, looked for in the id and the trace columns (class, supplier, ...). With a wide
  terminal, the elements of the conditions get their own columns. The selected material's
  trace columns and analysis are shown under the list.
- **3 Grades**: each grade's limits, spec and internal (the margin in force), and the heats
  that make the grade.
- **5 Correct** (`5 Bath` under 100 columns): the correction of a sampled bath, as
  `remelt adjust` computes it (README, "Correcting a sampled bath"). It shows the heat selected
  on 1 Plan (`[` `]` pick another), its furnace and bath (heel plus tapped mass; `b` types the
  bath's estimated kg). Each element the grade limits is a row: Enter (or `e`) on it types its
  sample value, and Enter moves on to the next row, so a sample is typed element by element.
  While a value is being typed, the correction is re-solved at every keystroke that makes a
  number (at Enter only when a solve takes over 0.25 s); Esc drops what was typed. Each row shows the value as sampled and after the
  correction as two gauges against the windows (as on 1 Plan, `=` its uncertainty), and
  P(spec). Under them, the additions in the order they go in (dilution first, alloying last),
  the net cost (the additions less the value of the metal they add, at the heat's planned cost
  per kg), the final bath and P(every spec limit) before and after; or, when no correction
  exists, why, with each limit's best reachable value. `x` clears the sample. The margin and
  confidence are the TUI's (`--margin`, `--confidence`); a what-if edit re-solves it too.
- **4 Pricing**: the value table of issue 4 is not in the TUI yet; the screen says so, shows
  no numbers, and points to `remelt price --grade G` on the command line.

## Printing

`p` on 1 Plan prints the selected heat's floor sheet: the heat's page of `remelt plan --format
sheet` (the charge in charging order with boxes to tick, the composition targets, signatures),
under a heading with the plan id and the time. It is written atomically (temporary file,
fsync, rename), like `--out`, to `remelt-sheet-<heat>.txt` in the current directory (letters,
digits, `.`, `-` and `_` of the heat id are kept, anything else becomes `_`); the status line
says the full path, e.g. `wrote the floor sheet of H02 to /home/shift/remelt-sheet-H02.txt`.
The sheet never goes into the data directory, which holds only what remelt reads and the
ledger keeps (`--out` refuses its files): when the TUI runs inside it (`--data .`), the sheet
goes beside it, into its parent. A plan with what-if edits not yet saved prints too, and its
sheet says so in its heading (`WHAT-IF: this plan has 1 edit not saved ...`), as the status
line does; send the file to the printer with `lp remelt-sheet-H02.txt`.

## What-if edits

Edits happen where the value is shown: a heat's mass (`m`) or grade (`g`) on 1 Plan; a
material's kg available (`m`, 0 = not available), price (`p`) or an element value (`c`, typed
as `Fe=0.25`; `Fe=` makes it "not reported") on 2 Inventory; a limit's spec min (`n`) or max
(`x`, empty = no limit on that side) on 3 Grades. A value is checked as the loader checks the
file (a number with a decimal point, in range, min below max, element values summing to at
most 100); a refused value keeps the input line open with the reason. Every accepted edit
re-solves at once (`r` re-solves by hand) and the status line says what changed:

    L001 mass_kg 1590 -> 0: total 45,029,986 (+133,656; vs saved +133,656)

`u` undoes the last edit. Edits stay in memory until `s` saves them, after a yes/no question.
Saving first loads the edited files together with the rest of the plant in a scratch folder,
with the same loader as every command, and writes nothing if that fails (a lot of 0 kg, for
instance, is a what-if but not a valid lots.csv row). Then each edited file is replaced
atomically (temporary file in the same folder, fsync, rename): every column is kept (trace
columns, `sd_` columns, columns remelt does not know), only edited cells change, CSV is quoted
per RFC 4180, and a BOM and CRLF line ends are kept. A file changed on disk since it was loaded
is not overwritten.

## Keys

One table drives the keys and the help screen (`?`), so the help cannot miss a key: each row
of the table (tui/tui_keys.c) is a key, where it works and its help text, and a key without a
text of its own is shown beside the row above it (`Up k`, `y Y`). The help box's title names
the keys that close and scroll it from the same table. `remelt tui --keys` prints it:

```
EOF
	./remelt tui --keys
	printf '```\n\n## Screens, as text captures\n\n'
	printf 'Taken by `tests/tui_tests.sh` in tmux (`sh tests/tui_shots.sh` regenerates this file).\n'
	printf 'The 100x30 captures show the demo plant, the 80x24 ones the test plant `tests/data/tui`\n'
	printf '(the first demo plant, without the charge rules), both with the default options.\n\n'
	shot plan-100x30 "1 Plan, 100x30, the demo plant:"
	shot inventory-100x30 "2 Inventory:"
	shot grades-100x30 "3 Grades:"
	shot pricing-100x30 "4 Pricing:"
	shot help-100x30 "? Help (it scrolls; the full table is above):"
	shot help-end-80x24 "? Help at 80x24, scrolled to its end (End):"
	shot plan-demo-80x24 "1 Plan at 80x24, the demo plant: the furnace column narrows, the status is abbreviated to \`4 bind 99.9%\` (limits at the optimum, P(in spec)):"
	shot plan-80x24 "1 Plan at 80x24, the test plant (no furnaces):"
	shot edit-80x24 "What-if on 2 Inventory: \`m\` on L001 asks for its kg available:"
	shot inventory-edited-80x24 "After L001 = 0 kg, the plan is re-solved; \`vs saved\` shows what moved:"
	shot plan-edited-80x24 "1 Plan after L001 = 0 kg and 6063 Fe max 0.5: cost and charge changes per heat and material:"
	shot infeasible-80x24 "6063 Fe max 0.01: no charge can make H01 and H02; the diagnosis replaces the charge:"
	shot quit-80x24 "\`q\` with unsaved edits asks first:"
	shot print-80x24 "\`p\` on 1 Plan prints the selected heat's floor sheet and says where:"
	shot correct-empty-80x24 "5 Correct at 80x24 on \`tests/data/adjust\`, before the sample is typed:"
	shot correct-80x24 "5 Correct after Si 0.45, Fe 0.2, Mg 0.35 are typed (Enter on each row): the correction, as \`remelt adjust\` computes it:"
} >"$OUT"
echo "wrote $OUT"
