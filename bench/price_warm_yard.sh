#!/bin/sh
# price_warm_yard.sh DIR: plantgen seed 11, 1,000 lots x 20 heats, with price_bench.sh's five
# offers OF01-OF05 (plantgen seed 2 lots) in DIR/offers.csv, for make bench-price-warm.
set -eu
d=$1
python3 bench/plantgen.py --out "$d" --lots 1000 --heats 20 --seed 11 >/dev/null
sh bench/bench_offers.sh "$d/offers.csv"
