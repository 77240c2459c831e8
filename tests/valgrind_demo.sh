#!/bin/sh
# The demo plan, and its price table, under valgrind: no invalid access, no leak.
# The demo is a MIP (UBC bales, the Twitch loader minimum, primary sows, Mg ingots and AlTi5B1
# rods, furnace heels) with chance constraints at the default confidence 0.95, so the cuts are
# also checked at the nodes of the branch and bound. Proving its optimum takes about 2.2 s
# natively and about 50 s under valgrind, per format; --mip-gap 0.001 stops the search at a
# plan within 0.1% of the bound (about 8 s under valgrind, 2026-11-30), deterministically (no
# time limit), and still goes through the same code: cuts on the LP relaxation, lazy cuts at
# the nodes (1,745 cuts in all), whole units and the furnace lines of every report.
set -u
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for fmt in text json csv; do
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		./remelt plan --samples 200 --mip-gap 0.001 --format $fmt >/dev/null 2>"$out"
	rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$out" ]; then
		echo "PASS valgrind demo plan --mip-gap 0.001 --format $fmt"
	else
		echo "FAIL valgrind demo plan --mip-gap 0.001 --format $fmt: exit $rc"
		head -n 30 "$out"
	fi
done
# The demo's price table at 0.95 with its offers: every grade's base solved on its KKT
# conditions, each point a Newton path (price/price_kkt.c), the two-row test of points
# past what a heat can take, and two processes (the forked worker runs under valgrind too);
# about 3.5 s under valgrind. Its output must be the one process's, byte for byte.
valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	./remelt price --offers data/demo/offers.csv --format json --jobs 2 >"$out.json" 2>"$out"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$out" ] &&
	./remelt price --offers data/demo/offers.csv --format json --jobs 1 | cmp -s - "$out.json"; then
	echo "PASS valgrind demo price --offers (every grade, 0.95, 2 jobs)"
else
	echo "FAIL valgrind demo price --offers (every grade, 0.95, 2 jobs): exit $rc"
	head -n 30 "$out"
fi
rm -f "$out.json"
