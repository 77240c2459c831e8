#!/usr/bin/env python3
"""Give a generated plant material rules and a quarantined lot, for CBC.

usage: add_rules.py DIR PLAN.json --seed S

PLAN.json is remelt's optimum of DIR without rules (margin 0, confidence 0).
The rules are aimed at what that optimum does, so that each one changes it:
  - the lot the plan charges most in one heat is denied to that heat's grade
    (max_kg 0), or capped at half of what it took there (max_kg);
  - the heaviest material of another heat gets max_share at 0.8 of its share
    there, written as id=PREFIX* when its id is longer than one character
    (a prefix selector; every id it matches is bound together);
  - now and then (seed) the smallest charge of a heat gets min_share at 1.25
    times its share there (at most 0.9), for that grade or every grade (`*`), and a second
    lot of the plan is quarantined (lots.csv gets a quarantine column;
    rewritten as plain UTF-8 CSV, same columns);
  - with furnaces.csv, half the time every furnace gets min_charge_kg 100,
    250 or 500 (furnaces.csv rewritten the same way).
Writes DIR/material_rules.csv and prints {"rules": [...], "quarantined":
[...], "min_charge_kg": kg or null}.  Whether the plant stays feasible is for remelt and CBC to agree on.
"""

import argparse
import csv
import json
import os
import random
import sys


def heaviest(heat, ids=None):
    """(id, kg) of the largest charge of a heat, among ids when given."""
    best = None
    for c in heat["charge"]:
        if ids is not None and c["id"] not in ids:
            continue
        if best is None or c["mass_kg"] > best[1]:
            best = (c["id"], c["mass_kg"])
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("plan")
    ap.add_argument("--seed", type=int, required=True)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with open(args.plan, encoding="utf-8") as fh:
        plan = json.load(fh)
    path = os.path.join(args.dir, "lots.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = list(reader.fieldnames), list(reader)
    lots = [r["id"] for r in rows]
    heats = plan["heats"]
    rules, quarantined = [], []
    h1 = heats[rng.randrange(len(heats))]
    top = heaviest(h1, set(lots))
    if top:
        cap = "0" if rng.random() < 0.5 else repr(round(top[1] / 2, 3))
        rules.append([h1["grade"], top[0], cap, "", ""])
    h2 = heats[rng.randrange(len(heats))]
    top2 = heaviest(h2)
    total = sum(c["mass_kg"] for c in h2["charge"])
    if top2 and (not top or top2[0] != top[0]):
        sel = top2[0] if len(top2[0]) < 2 else "id=" + top2[0][:-1] + "*"
        rules.append([h2["grade"], sel, "",
                      repr(round(0.8 * top2[1] / total, 6)), ""])
    h3 = heats[rng.randrange(len(heats))]
    total3 = sum(c["mass_kg"] for c in h3["charge"])
    small = sorted(h3["charge"], key=lambda c: c["mass_kg"])
    named = {r[1] for r in rules}
    small = [c for c in small if c["id"] not in named]
    if small and total3 > 0 and rng.random() < 0.6:
        c = small[0]
        rules.append([rng.choice([h3["grade"], "*"]), c["id"], "", "",
                      repr(round(min(0.9, 1.25 * c["mass_kg"] / total3), 6))])
    used = sorted({c["id"] for h in heats for c in h["charge"]} & set(lots))
    left = [i for i in used if all(i != r[1] for r in rules)]
    if left and rng.random() < 0.6:
        quarantined.append(rng.choice(left))
    with open(os.path.join(args.dir, "material_rules.csv"), "w",
              encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["grade", "material", "max_kg", "max_share", "min_share"])
        w.writerows(rules)
    if quarantined:
        if "quarantine" not in header:
            header.append("quarantine")
        for r in rows:
            r["quarantine"] = "1" if r["id"] in quarantined else "0"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    min_charge = None
    fur_path = os.path.join(args.dir, "furnaces.csv")
    if os.path.exists(fur_path) and rng.random() < 0.5:
        with open(fur_path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            fheader, frows = list(reader.fieldnames), list(reader)
        min_charge = rng.choice([100, 250, 500])
        if "min_charge_kg" not in fheader:
            fheader.append("min_charge_kg")
        for r in frows:
            r["min_charge_kg"] = str(min_charge)
        with open(fur_path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=fheader, lineterminator="\n")
            w.writeheader()
            w.writerows(frows)
    json.dump({"rules": rules, "quarantined": quarantined,
               "min_charge_kg": min_charge}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
