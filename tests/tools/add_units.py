#!/usr/bin/python3
"""Turn a few lots of a generated plant into whole units, for enumeration.

usage: add_units.py DIR PLAN.json --seed S [--columns K]

PLAN.json is an optimum of the plant without units (socp_ref.py --relax
--plan).  The K lots (default 2) it charges most get unit_kg such that the
optimum would hold 1.5 or 2.5 units of each (so whole units must round it,
one way or the other), and their stock is cut to 3 or 4 units: every heat
then has at most 5 counts per such lot and tests/tools/chance_enum.py can
try them all.  lots.csv is rewritten (plain UTF-8 CSV, same columns plus
unit_kg).  Prints {"units": {id: [unit_kg, stock_kg]}}; exit 1 when the
plan charges fewer than K lots.
"""

import argparse
import csv
import json
import os
import random
import sys


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("plan")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--columns", type=int, default=2)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    path = os.path.join(args.dir, "lots.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = list(reader.fieldnames), list(reader)
    with open(args.plan, encoding="utf-8") as fh:
        plan = json.load(fh)
    used = {}
    for heat in plan["heats"]:
        for c in heat["charge"]:
            used[c["id"]] = used.get(c["id"], 0.0) + c["mass_kg"]
    lots = {r["id"]: r for r in rows}
    # most used first; ids break ties so that a seed gives one answer
    picks = sorted((kg, lid) for lid, kg in used.items()
                   if lid in lots and kg > 1.0)[::-1][:args.columns]
    if len(picks) < args.columns:
        print(f"add_units: the plan charges {len(picks)} lots, fewer than "
              f"{args.columns}", file=sys.stderr)
        return 1
    if "unit_kg" not in header:
        header.append("unit_kg")
    for r in rows:
        r.setdefault("unit_kg", "")
    out = {}
    for kg, lid in picks:
        unit = round(kg / rng.choice([1.5, 2.5]), 1)
        stock = min(float(lots[lid]["mass_kg"]), rng.choice([3, 4]) * unit)
        lots[lid]["unit_kg"] = f"{unit:.1f}"
        lots[lid]["mass_kg"] = f"{stock:.1f}"
        out[lid] = [unit, stock]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(json.dumps({"units": out}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
