#!/bin/sh
# The demo plan under valgrind: no invalid access, no leak.
set -u
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for fmt in text json csv; do
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		./remelt plan --samples 200 --format $fmt >/dev/null 2>"$out"
	rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$out" ]; then
		echo "PASS valgrind demo plan --format $fmt"
	else
		echo "FAIL valgrind demo plan --format $fmt: exit $rc"
		head -n 30 "$out"
	fi
done
