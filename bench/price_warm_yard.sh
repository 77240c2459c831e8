#!/bin/sh
# price_warm_yard.sh DIR: plantgen seed 11, 1,000 lots x 20 heats, with price_bench.sh's five
# offers OF01-OF05 (plantgen seed 2 lots) in DIR/offers.csv, for make bench-price-warm.
set -eu
d=$1
python3 bench/plantgen.py --out "$d" --lots 1000 --heats 20 --seed 11 >/dev/null
python3 bench/plantgen.py --out "$d.o" --lots 50 --heats 2 --seed 2 >/dev/null
python3 - "$d.o/lots.csv" "$d/offers.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))[::10][:5]
with open(sys.argv[2], "w", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    for k, r in enumerate(rows):
        r["id"] = "OF%02d" % (k + 1)
        w.writerow(r)
PY
rm -rf "$d.o"
