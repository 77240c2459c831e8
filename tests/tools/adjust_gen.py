#!/usr/bin/env python3
"""A seeded random bath for `remelt adjust` on a data directory.

usage: adjust_gen.py DIR --seed N --out SAMPLE.csv

Picks a heat of DIR/heats.csv, writes a sample of 1-3 sparks with every
element its grade limits (inside the window, or out of it by up to 40% of the
limit, so that some baths need dilution, some additions and some cannot be
saved) and prints the remelt adjust options, one per line (heat ids may hold blanks):
    --heat H --bath-kg M --margin F [--metal-value V] [--pour-off --off-grade-value W]
Same seed, same bytes.
"""

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plantcsv  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    plant = plantcsv.load_plant(a.dir)
    h = rnd.randrange(len(plant.heats))
    heat, grade, _ = plant.heats[h]
    fur = plant.furnace_of(h)
    rows = []
    for el, lo, hi in plant.grades[grade]:
        base_lo = lo if lo is not None else 0.0
        base_hi = hi if hi is not None else (2 * lo if lo else 0.1)
        if rnd.random() < 0.6:
            v = rnd.uniform(base_lo, base_hi)
        elif hi is not None and (lo is None or rnd.random() < 0.5):
            v = hi * rnd.uniform(1.0, 1.4)
        else:
            v = lo * rnd.uniform(0.6, 1.0)
        for _ in range(rnd.randint(1, 3)):
            rows.append((el, max(0.0, v * rnd.uniform(0.99, 1.01))))
    with open(a.out, "w") as fh:
        fh.write("element,wt_pct\n")
        for el, v in rows:
            fh.write(f"{el},{v:.5f}\n")
    cap = fur.capacity or 20000.0
    opts = ["--heat", heat, "--bath-kg", f"{cap * rnd.uniform(0.6, 0.95):.1f}",
            "--margin", rnd.choice(["0", "0.05", "0.1"])]
    if rnd.random() < 0.5:
        opts += ["--metal-value", str(rnd.choice([0, 150, 300]))]
    if rnd.random() < 0.3:
        opts += ["--pour-off", "--off-grade-value", str(rnd.choice([0, 100]))]
    print("\n".join(opts))


if __name__ == "__main__":
    main()
