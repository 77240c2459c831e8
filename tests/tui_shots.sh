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
remelt tui [--data DIR] [--offers FILE] [--margin F] [--confidence P] [--time-limit S]
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
"stopped early, within x% of the optimum", or "its gap to the optimum unknown" when
the search had no plan of its own), or says that no plan was found yet; nothing is
called impossible that was not proven so. The same hook serves `plan_opts.progress` for any
other front end (solver/plan.h). `--time-limit S` stops every solve after S seconds as
`remelt plan --time-limit` does, and every price table (4 Pricing) too.

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
  limit the optimum sits on. A limit binds when its constraint is active at the optimum: the
  mean row at confidence 0, the cone (mean + z sd on the limit) at confidence P > 0, so the
  count is the text report's. Under the elements, each binding limit is listed with what
  relaxing it by 0.01 wt% saves, in the text report's words and from the same duals
  (`Fe max binds: 22195 saved per 0.01% relaxed`; without a number when whole units make
  the plan a branch and bound, which has no duals). A heat without a charge shows why
  instead: the plan's sentence and each limit that cannot be met with the best value the
  inventory can reach.
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
- **4 Pricing**: the value table of `remelt price` for one grade, for the buyer (below).
- **5 Actual**: the heats `remelt record` recorded, each against its plan (issue 18): charged
  against planned kg, the real metal yield (tapped / charged) and, in brackets, the one the
  lots' yields assumed, and how many elements lie outside the predicted 95% interval. Below,
  the selected heat's elements (planned, its sd, analysed, the deviation in sds) and the
  materials whose weighed kg differ from the booking; `remelt report actual` gives the same.
  Below 100 columns the tabs close up and read `4 Price`, `5 Act`. `R` on 1 Plan records the
  selected heat as its committed plan booked it, with the analysis typed on the input line
  (`Si=0.45 Si=0.47 Fe=0.21`: an element twice is two sparks), as `remelt record --as-booked`
  does. `W` records a heat whose charge was weighed differently: first the kg of each material
  that differs from the booking (`L004=1700 MG999=60`; 0 = booked but not charged; a material
  the plan did not book is added), then the analysis, as `remelt record --as-booked --charged`
  does (returns and extra kg move lots.csv: quit and reload to plan with the new stock). A heat
  with no committed plan is recorded with `remelt record --charged`.

- **6 Correct** (`6 Bath` under 100 columns): the correction of a sampled bath, as
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

## Pricing

4 Pricing shows what each lot of the yard and each lot on offer (`--offers FILE`, the offers
file of `remelt price`) is worth in a reference heat of one grade, as `remelt price --grade G`
prints it: kg, the book price or the quote, the break-even price (the most the charge pays
for its first kg), the full-use price (for all of it; `-` when no charge can take all of it),
the verdict at the price (`buy`, `buy up to 879 kg`, `do not buy`; `buy up to 879` under 100
columns) and the margin per kg against the price. It starts on the grade of the first heat;
`g` and `G` switch to the next and previous grade; a grade priced before shows its table at
once, until an edit or a re-solve changes what it priced. A quote what-if keeps it too when
the offer's row there settles the new quote (the quote past its break-even or full use, or
any quote at confidence 0), re-quoted from the row; else that grade is priced again when shown. The numbers come
from the very code of `remelt price` (price_run, price/price.h), run on the plant as it
stands (what-if edits included) with the TUI's margin and confidence, and equal
`remelt price --format json` for the same data (tests/tui_tests.sh checks every row).

The table is worked out in a child process, so the screen never blocks: the second line
says `pricing 6063: 1.2 s (Esc stops)` while it runs, the keys keep working, and **Esc**
stops it (the child and the workers it forks are killed). A screen without a table shows no
number and says why: still pricing, stopped (`r` prices again), the plant changed (an edit
or a re-solve throws the table away, since it priced another plant, and the screen prices
again), the time limit ran out (`--time-limit`), or the grade cannot be made from the yard
(`NO PLAN`, nothing has a value in it).

`o` cycles the sort (file order, id, kg, price, break-even, full use, kg to buy, margin),
`O` reverses it; a row without a number sorts last. `/` filters: words separated by blanks,
each one of `offers` or `lots`, a source (`analyzed`, `predicted`, `nominal`), a scrap grade
the row meets (`TOTO`, from scrap_grades.csv, as `remelt price` lists them) or part of an
id; all must hold.

Under the table, the selected row's value curve v(q) as a bar chart: the price per kg at
which the optimal charge would take q kg, at 0+ kg (the break-even) and then down to all of
it: at confidence 0 from the exact steps of `remelt price` at even kg, under chance
constraints at the curve's four points (1/4, 1/2, 3/4 and all of the mass), which is where
it is computed. The quote (or the price) is the `|` drawn across the bars; a bar of `#` pays
at it, a bar of `=` does not; `-` with "cannot go in" is past the most the heat can take. The
title says where buying stops paying: `stops paying at 827 kg` (the kg to buy at the quote),
`pays for all of it`, or `does not pay`.

`p` is a what-if on the selected row's price. On an offer, the quote: when the row already
settles it (the exact steps at confidence 0; under chance constraints a quote above the
break-even, or below the full use of a row that bought all) the answer is worked out at
once; else the offer alone is priced again against the yard (offers are priced one at a time,
so no other row moves). That is warm: once a grade's table is priced its child process stays,
idle, with the grade's reference heat solved and kept (an offer's quote does not move it:
offers are held at 0 in it), and re-prices the offer from there, not from nothing
(docs/benchmarks-pricing.md: on a 1,000-lot yard 0.31 s of CPU cold, 0.004-0.007 s warm;
on screen 0.12-0.14 s instead of 0.62-0.84 s). Its row says
`re-pricing...` meanwhile, then the status line says what it came to,
e.g. `O06 at quote 300.00: do not buy, margin -50.38 per kg (what-if, not saved)`; a quote
that differs from the file is marked `*`. An empty quote goes back to the file's; the offers
file is never written. On a lot, its book price: the same edit as `p` on 2 Inventory (logged,
undone by `u`, saved by `s`), which re-solves the plan and prices the table again.

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
	shot pricing-100x30 "4 Pricing, the demo plant without offers, L001's curve:"
	shot pricing-offers-100x30 "4 Pricing with \`--offers data/demo/offers.csv\`, L005 selected (buy up to 879 kg of it at its price):"
	shot pricing-offers-80x24 "The same at 80x24:"
	shot plan-bind-100x30 "1 Plan of the test plant at confidence 0.95: each binding limit of H01 and its saving per 0.01 wt%, as the text report says:"
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
	shot actual-80x24 "5 Actual at 80x24 after \`remelt record\` of H01 with its Si analysed 6 sd below the plan:"
	shot correct-empty-80x24 "6 Correct at 80x24 on \`tests/data/adjust\`, before the sample is typed:"
	shot correct-80x24 "6 Correct after Si 0.45, Fe 0.2, Mg 0.35 are typed (Enter on each row): the correction, as \`remelt adjust\` computes it:"
} >"$OUT"
echo "wrote $OUT"
