#!/usr/bin/python3
"""Reference for chance constraints with whole units: every combination of
unit counts, each solved exactly as a cone program.

usage: /usr/bin/python3 chance_enum.py DIR [--margin F] [--confidence P]
                                       [--max-combinations N]

For every heat and every material with unit_kg, the number of units goes
from 0 to what the heat can hold (mass / yield) and the stock allows; for
each combination (the stock shared by the heats) the charges of those
columns are fixed and the rest, continuous, is solved by socp_ref.py's cone
program (cvxopt).  The least cost over all combinations is the optimum of
the chance-constrained MIP, found without branch and bound or cutting
planes.  Only unit_kg is handled: a plant with min_kg or max_materials is
refused (exit 1), as those rules are not enumerated.  Meant for tiny
instances (default at most 2,000 combinations).

Prints one JSON object: {"status": "optimal"|"infeasible"|"unknown",
"objective": float|null, "units": {heat: {id: n}} of the best combination,
"combinations", "feasible", "unknown", "seconds", "z"}.  "unknown" when
some cone program ended without a verdict (the minimum is then not sure).
Exit status: 0 optimal or infeasible, 1 bad input or usage, 3 unknown.
Needs Debian's python3-cvxopt: run it with /usr/bin/python3.
"""

import argparse
import itertools
import json
import math
import os
import sys
import time

sys.dont_write_bytecode = True   # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plantcsv  # noqa: E402
import socp_ref  # noqa: E402


def unit_columns(cp):
    """[(heat, material, most units)] of the whole-unit columns."""
    cols = []
    for h, (_, _, mass) in enumerate(cp.heats):
        for i, m in enumerate(cp.mats):
            if m.unit is None:
                continue
            most = mass / m.yld
            if m.mass is not None:
                most = min(most, m.mass)
            cols.append((h, i, int(math.floor(most / m.unit + 1e-9))))
    return cols


def enumerate_units(cp, confidence, max_combinations):
    """The least-cost combination; returns the output dict."""
    cols = unit_columns(cp)
    total = 1
    for _, _, most in cols:
        total *= most + 1
    if total > max_combinations:
        raise ValueError(f"{total} combinations of unit counts, more than "
                         f"--max-combinations {max_combinations}")
    best, feasible, unknown, tried = None, 0, 0, 0
    z = None
    for counts in itertools.product(*[range(most + 1) for _, _, most in cols]):
        fixed, used = {}, {}
        for (h, i, _), n in zip(cols, counts):
            fixed[(h, i)] = n * cp.mats[i].unit
            used[i] = used.get(i, 0.0) + fixed[(h, i)]
        # the stock of a material is shared by the heats
        if any(cp.mats[i].mass is not None and kg > cp.mats[i].mass + 1e-9
               for i, kg in used.items()):
            continue
        tried += 1
        out, _ = socp_ref.solve(cp, confidence, fixed)
        z = out["z"]
        if out["status"] == "unknown":
            unknown += 1
        elif out["status"] == "optimal":
            feasible += 1
            if best is None or out["objective"] < best[0]:
                best = (out["objective"], counts)
    units = {}
    if best is not None:
        for (h, i, _), n in zip(cols, best[1]):
            units.setdefault(cp.heats[h][0], {})[cp.mats[i].id] = n
    status = ("unknown" if unknown else
              "optimal" if best is not None else "infeasible")
    return {"status": status,
            "objective": None if best is None else best[0],
            "units": units, "combinations": tried, "feasible": feasible,
            "unknown": unknown, "z": z}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--margin", type=float, default=0.10)
    ap.add_argument("--confidence", type=float, default=0.95)
    ap.add_argument("--max-combinations", type=int, default=2000)
    args = ap.parse_args(argv)
    if not 0 <= args.margin < 0.5:
        ap.error("--margin must be in [0, 0.5)")
    if not (args.confidence == 0 or 0.5 <= args.confidence < 1):
        ap.error("--confidence must be 0 or in [0.5, 1)")
    t0 = time.time()
    try:
        cp = socp_ref.ChancePlant(args.dir, args.margin, relax=True)
        plant = cp.plant
        if any((m.min_kg or 0) > 0 for m in plant.materials) or any(
                f.max_materials is not None
                for f in plant.furnaces.values()):
            raise ValueError("min_kg or max_materials in the data: only "
                             "unit_kg is enumerated")
        out = enumerate_units(cp, args.confidence, args.max_combinations)
    except (plantcsv.PlantError, OSError, ValueError) as exc:
        print(f"chance_enum: {exc}", file=sys.stderr)
        return 1
    out["seconds"] = round(time.time() - t0, 3)
    print(json.dumps(out))
    return 3 if out["status"] == "unknown" else 0


if __name__ == "__main__":
    sys.exit(main())
