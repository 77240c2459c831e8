#!/bin/sh
# make test: every suite, normal and under ASan+UBSan, then one closing count.
# Suites print "PASS ..." / "FAIL ..." lines; cmocka binaries print their own summary.
set -u
export LC_ALL=C
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
pass=0
fail=0

count_lines() { # file: adds its PASS/FAIL lines to the totals
	p=$(grep -c '^PASS ' "$1" || true)
	f=$(grep -c '^FAIL ' "$1" || true)
	pass=$((pass + p))
	fail=$((fail + f))
}

suite() { # name command...: runs a line-reporting suite
	name=$1
	shift
	echo "== $name"
	"$@" >"$log/out" 2>&1
	rc=$?
	grep -E '^(FAIL|PASS)' "$log/out" | grep '^FAIL' || true
	tail -n 1 "$log/out"
	count_lines "$log/out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$log/out"; then
		echo "FAIL $name: exited $rc without a FAIL line"
		tail -n 20 "$log/out"
		fail=$((fail + 1))
	fi
}

for t in build/tests/test_* build-san/tests/test_*; do
	case "$t" in *.o | *.d) continue ;; esac
	[ -x "$t" ] || continue
	echo "== $t"
	"$t" >"$log/out" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log/out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log/out" | tail -n 1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ $rc -ne 0 ]; then
		cat "$log/out"
		[ -z "$f" ] && fail=$((fail + 1))
	else
		echo "$t: ${p:-0} passed"
	fi
done

suite "cli" sh tests/cli_tests.sh ./remelt
suite "cli (sanitizers)" sh tests/cli_tests.sh ./remelt-san
suite "material rules and quarantine vs CBC" sh tests/rules_tests.sh ./remelt 16
suite "material rules and quarantine (sanitizers)" sh tests/rules_tests.sh ./remelt-san 4
suite "furnace sequences vs CBC" sh tests/seq_tests.sh ./remelt
suite "furnace sequences (sanitizers)" sh tests/seq_tests.sh ./remelt-san
suite "adjust" sh tests/adjust_tests.sh ./remelt 40
suite "adjust (sanitizers)" sh tests/adjust_tests.sh ./remelt-san 8
suite "bad inputs" env REMELT=./remelt python3 tests/bad_inputs.py
suite "bad inputs (sanitizers)" env REMELT=./remelt-san python3 tests/bad_inputs.py
suite "random plants vs CBC" env REMELT=./remelt bash tests/e2e_random.sh 60
suite "random plants vs CBC (sanitizers)" env REMELT=./remelt-san bash tests/e2e_random.sh 12
suite "charge rules (MIP) vs CBC" env REMELT=./remelt E2E_TIMEOUT=300 bash tests/e2e_mip.sh 25
suite "charge rules (MIP) vs CBC (sanitizers)" env REMELT=./remelt-san bash tests/e2e_mip.sh 6
suite "chance constraints vs SOCP and Monte Carlo" env REMELT=./remelt bash tests/chance_tests.sh 6
suite "chance constraints vs SOCP and Monte Carlo (sanitizers)" env REMELT=./remelt-san CHANCE_COUNT=2 bash tests/chance_tests.sh
suite "price vs CBC bisection" sh tests/price_tests.sh ./remelt
suite "price (sanitizers)" sh tests/price_tests.sh ./remelt-san --no-cbc
suite "valgrind on the demo" sh tests/valgrind_demo.sh
suite "valgrind on the diagnosis" sh tests/valgrind_diag.sh
suite "footprint and ledger" env REMELT=./remelt python3 tests/ledger_tests.py
suite "footprint and ledger (sanitizers)" env REMELT=./remelt-san python3 tests/ledger_tests.py --kill-trials 12
suite "record: actual charges and analyses" env REMELT=./remelt python3 tests/record_tests.py
suite "record (sanitizers)" env REMELT=./remelt-san python3 tests/record_tests.py
suite "estimate on a simulated plant" env REMELT=./remelt python3 tests/estimate_tests.py
suite "estimate (sanitizers)" env REMELT=./remelt-san python3 tests/estimate_tests.py
suite "diagnosis vs CBC" env REMELT=./remelt python3 tests/diag_tests.py --random 12
suite "diagnosis vs CBC (sanitizers)" env REMELT=./remelt-san python3 tests/diag_tests.py --random 3
suite "tui in tmux (and its sanitizer run)" sh tests/tui_tests.sh ./remelt ./remelt-san
fuzz_bins=""
for f in fuzz/fuzz_*.c; do b=${f#fuzz/}; fuzz_bins="$fuzz_bins build-fuzz/${b%.c}"; done
# shellcheck disable=SC2086
suite "fuzz (libFuzzer, ASan+UBSan)" sh tests/fuzz_short.sh $fuzz_bins

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
