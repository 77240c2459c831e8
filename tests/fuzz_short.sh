#!/bin/sh
# make test's share of fuzzing: every target replays its seed corpus (fuzz/corpus/<target>/)
# and what make fuzz found (build-fuzz/corpus/<target>/, when present), then fuzzes for
# FUZZ_SHORT seconds (default 5) into a scratch corpus. Nothing in the tree is written.
# usage: sh tests/fuzz_short.sh build-fuzz/fuzz_x...
set -u
export LC_ALL=C
secs=${FUZZ_SHORT:-5}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
np=0 nf=0
for bin in "$@"; do
	t=$(basename "$bin")
	if [ ! -x "$bin" ]; then
		echo "FAIL fuzz $t: $bin not built (clang with libFuzzer: apt-get install clang)"
		nf=$((nf + 1))
		continue
	fi
	mkdir -p "$T/$t"
	found=build-fuzz/corpus/$t
	[ -d "$found" ] || found=
	# -runs=0 over the corpus directories: every file once, as a regression test
	if ! "$bin" -runs=0 -timeout=30 -rss_limit_mb=2048 fuzz/corpus/"$t" $found >"$T/$t.replay" 2>&1; then
		echo "FAIL fuzz $t: a corpus file fails"
		grep -m 5 -E 'ERROR|runtime error|SUMMARY|Test unit' "$T/$t.replay"
		nf=$((nf + 1))
		continue
	fi
	if "$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$T/$t-" "$T/$t" fuzz/corpus/"$t" >"$T/$t.log" 2>&1; then
		runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T/$t.log")
		echo "PASS fuzz $t: corpus replayed, ${secs}s fuzzing (${runs:-?} runs)"
		np=$((np + 1))
	else
		echo "FAIL fuzz $t: the fuzzer found a problem"
		grep -m 5 -E 'ERROR|runtime error|SUMMARY|Test unit|Base64' "$T/$t.log"
		ls "$T/$t-"* 2>/dev/null | while read -r a; do od -c "$a" | head -n 8; done
		nf=$((nf + 1))
	fi
done
echo "fuzz: $np passed, $nf failed"
[ "$nf" -eq 0 ]
