#!/bin/sh
# The full lot x grade price table (remelt price, no --grade) at 100, 1,000 and 5,000 lots
# and 5 grades: the timings of docs/benchmarks-pricing.md.
# usage: sh bench/price_bench.sh [REMELT] [SIZES...]   (default: ./remelt 100 1000 5000)
#
# Plants come from bench/plantgen.py (seed 1, 20 heats: a yard holding 3 days of metal),
# cut to five grades (6063, 6082, 3003, A356.0, ADC12) so that every size prices the same
# table shape. Each size is timed at --confidence 0 (the LP: exact steps and points) and at
# the default 0.95 (chance constraints: each point solved on its KKT conditions), and the
# buyer's run: five offers alone (--only offers) at 0.95 against every grade ("0.95
# offers"). CPU time (of remelt and its --jobs workers) is the figure to
# compare between versions: on a shared machine wall time also counts the other processes.
# Wall time is what a buyer waits: under chance constraints the items run in one process
# per processor.
set -eu
R=${1:-./remelt}
[ $# -gt 0 ] && shift
SIZES=${*:-100 1000 5000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m) $(nproc) cpu $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-11s %10s %10s %10s\n' lots confidence "cpu s" "wall s" "max MB"
for n in $SIZES; do
	d="$T/p$n"
	python3 bench/plantgen.py --out "$d" --lots "$n" --heats 20 --seed 1 >/dev/null
	python3 - "$d" <<'EOF'
import csv, os, sys
d = sys.argv[1]
keep = {"6063", "6082", "3003", "A356.0", "ADC12"}
for name in ("grades.csv", "heats.csv"):
    with open(os.path.join(d, name), newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(os.path.join(d, name), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(r for r in rows if r["grade"] in keep)
EOF
	# Five offers (bench/plantgen.py seed 2 lots, renamed OF01-OF05) for the buyer's run.
	sh bench/bench_offers.sh "$d/offers.csv"
	for conf in 0 0.95; do
		/usr/bin/time -f '%U %S %e %M' -o "$T/time" "$R" price --data "$d" \
			--confidence "$conf" --format json >"$T/out"
		python3 - "$T/time" "$T/out" "$n" "$conf" <<'EOF'
import json, sys
u, s, e, m = open(sys.argv[1]).read().split()[-4:]
d = json.load(open(sys.argv[2]))
assert len(d["grades"]) == 5 and all(len(g["lots"]) == int(sys.argv[3]) for g in d["grades"])
print(f"{sys.argv[3]:<8} {sys.argv[4]:<11} {float(u) + float(s):10.2f} {float(e):10.2f} "
      f"{int(m) / 1024:10.0f}")
EOF
	done
	# The buyer's question at the default confidence: the five offers alone (--only
	# offers) against every grade, the whole yard charging each reference heat.
	/usr/bin/time -f '%U %S %e %M' -o "$T/time" "$R" price --data "$d" --offers "$d/offers.csv" \
		--only offers --format json >"$T/out"
	python3 - "$T/time" "$T/out" "$n" <<'EOF'
import json, sys
u, s, e, m = open(sys.argv[1]).read().split()[-4:]
d = json.load(open(sys.argv[2]))
assert d["confidence"] == 0.95 and len(d["grades"]) == 5
assert all(g["lots"] == [] and len(g["offers"]) == 5 for g in d["grades"])
print(f"{sys.argv[3]:<8} {'0.95 offers':<11} {float(u) + float(s):10.2f} {float(e):10.2f} "
      f"{int(m) / 1024:10.0f}")
EOF
done
