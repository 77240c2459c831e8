#!/bin/sh
# make check: the fast gate (well under a minute): the cmocka unit tests of the normal build
# the CLI and material-rules suites, record's and estimate's suites (tests/record_tests.py,
# estimate_tests.py) on ./remelt. make test (tests/run.sh) stays the full gate.
# usage: sh tests/check.sh UNIT_TEST_BINARY...
set -u
export LC_ALL=C
out=$(mktemp)
trap 'rm -f "$out"' EXIT
failed=0
for t in "$@"; do
	if "$t" >"$out" 2>&1; then
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
		echo "$t: ${p:-0} passed"
	else
		cat "$out"
		echo "FAIL $t"
		failed=1
	fi
done
if sh tests/cli_tests.sh ./remelt >"$out" 2>&1; then
	tail -n 1 "$out"
else
	grep '^FAIL' "$out" || tail -n 20 "$out"
	tail -n 1 "$out"
	failed=1
fi
if sh tests/rules_tests.sh ./remelt 4 >"$out" 2>&1; then
	tail -n 1 "$out"
else
	grep '^FAIL' "$out" || tail -n 20 "$out"
	tail -n 1 "$out"
	failed=1
fi
# record's suite (about a second) and estimate's (a simulated plant, about 6 s): the ledger's
# newest writer and its reader stay in the fast gate
for suite in tests/record_tests.py tests/estimate_tests.py; do
	if REMELT=./remelt python3 "$suite" >"$out" 2>&1; then
		tail -n 1 "$out"
	else
		grep '^FAIL' "$out" || tail -n 20 "$out"
		failed=1
	fi
done
if sh tests/adjust_tests.sh ./remelt 8 >"$out" 2>&1; then
	tail -n 1 "$out"
else
	grep '^FAIL' "$out" || tail -n 20 "$out"
	failed=1
fi
[ "$failed" -eq 0 ]
