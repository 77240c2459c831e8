#!/bin/sh
# make fuzz: runs each fuzz target for SECONDS on its seed corpus (fuzz/corpus/<target>/,
# never written) plus what earlier runs found (build-fuzz/corpus/<target>/, kept).
# Crashes and leaks land in build-fuzz/artifacts/<target>/; logs in build-fuzz/logs/.
# One summary line per target: executions, corpus size, and OK or the artifact found.
# usage: sh fuzz/run.sh SECONDS build-fuzz/fuzz_x...
set -u
export LC_ALL=C
secs=${1:-300}
shift
status=0
for bin in "$@"; do
	t=$(basename "$bin")
	work=build-fuzz/corpus/$t art=build-fuzz/artifacts/$t/ log=build-fuzz/logs/$t.log
	mkdir -p "$work" "$art" build-fuzz/logs fuzz/corpus/"$t"
	# -rss_limit_mb: the CSV limits must keep any input far below it
	"$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$art" "$work" fuzz/corpus/"$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	size=$(ls "$work" | wc -l)
	if [ $rc -eq 0 ]; then
		echo "fuzz $t: ${secs}s, ${execs:-?} runs, corpus $size files (+$(ls fuzz/corpus/$t | wc -l) seeds), OK"
	else
		echo "fuzz $t: FOUND A PROBLEM (exit $rc), see $log and $art"
		grep -m 3 -E 'ERROR|runtime error|SUMMARY' "$log"
		status=1
	fi
done
exit $status
