#!/bin/sh
# bench_offers.sh FILE: the benchmarks' five offers, bench/plantgen.py seed 2 lots renamed
# OF01-OF05, written to FILE (an offers.csv; price_bench.sh, price_warm_yard.sh).
set -eu
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
python3 bench/plantgen.py --out "$t" --lots 50 --heats 2 --seed 2 >/dev/null
python3 - "$t/lots.csv" "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))[::10][:5]
with open(sys.argv[2], "w", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    for k, r in enumerate(rows):
        r["id"] = "OF%02d" % (k + 1)
        w.writerow(r)
PY
