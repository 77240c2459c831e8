#!/bin/sh
# The diagnosis of infeasible plans under valgrind (partial plans, packed per-heat blocks,
# elastic and fix LPs, the heel view of a sequenced heat): no invalid access, no leak. Exit 2
# (no plan) is the expected answer.
set -u
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for data in tests/data/fe_high tests/data/conflict tests/data/diag_seq_limits tests/data/diag_seq_shared; do
	for fmt in text json; do
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
			./remelt plan --data "$data" --format $fmt >/dev/null 2>"$out"
		rc=$?
		if [ $rc -eq 2 ] && [ ! -s "$out" ]; then
			echo "PASS valgrind plan --data $data --format $fmt (exit 2, clean)"
		else
			echo "FAIL valgrind plan --data $data --format $fmt: exit $rc"
			head -n 30 "$out"
		fi
	done
done
