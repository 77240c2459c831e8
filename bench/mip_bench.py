#!/usr/bin/env python3
"""The practical charge rules (a MIP) against the number of lots and heats, beside CBC.

usage: mip_bench.py [--remelt PATH] [--sizes 50x2,100x4,...] [--time-limit S] [--out FILE]

For every size, bench/plantgen.py --rules (seed 1: bales of UBC and sash in unit_kg, a
loader bucket as min_kg on shredded lots, primary in 500 kg sows, Mg in 7.5 kg ingots)
gives the plant; remelt plans it with --margin 0 --confidence 0 --time-limit S (JSON: its
MIP status, gap and time) and exports the model with --write-lp; CBC solves the same file
(`cbc LP sec S solve solu FILE`). Both are timed as fresh processes (wall, CPU, peak RSS),
and the LP relaxation's cost (remelt with the rule columns dropped) gives the cost of the
rules. The objectives are compared when both proved optimality (1e-6 relative).

Prints a Markdown table (and writes it to --out when given). Measurement only.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

from bench import cbc_objective, run  # the same timing and CBC reading as make bench

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(cmd, stdout=None):
    """bench.run as (rc, wall s, cpu s, peak MB)."""
    r = run(cmd, stdout)
    return r["rc"], r["wall_s"], r["cpu_s"], r["maxrss_kb"] / 1024


def drop_rules(src, dst):
    """A copy of the plant without unit_kg and min_kg: the LP relaxation's plant."""
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(src):
        path = os.path.join(src, name)
        if not name.endswith(".csv"):
            continue
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        if not rows:
            shutil.copy(path, dst)
            continue
        keep = [k for k in rows[0] if k not in ("unit_kg", "min_kg")]
        with open(os.path.join(dst, name), "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=keep, extrasaction="ignore",
                               lineterminator="\n")
            w.writeheader()
            w.writerows(rows)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--remelt", default=os.path.join(ROOT, "remelt"))
    ap.add_argument("--sizes", default="50x2,100x4,200x6,500x10,1000x20")
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--cbc", default="cbc")
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="remelt_mip_bench.")
    rows = []
    try:
        for size in args.sizes.split(","):
            lots, heats = (int(x) for x in size.split("x"))
            d = os.path.join(tmp, size)
            subprocess.run([sys.executable, os.path.join(HERE, "plantgen.py"), "--out", d,
                            "--lots", str(lots), "--heats", str(heats), "--seed", "1",
                            "--rules"], check=True, stdout=subprocess.DEVNULL)
            lp = os.path.join(tmp, size + ".lp")
            base = [args.remelt, "plan", "--margin", "0", "--confidence", "0", "--format",
                    "json", "--samples", "0"]
            out = os.path.join(tmp, size + ".json")
            rc, wall, cpu, mb = timed(base + ["--data", d, "--time-limit",
                                              str(args.time_limit), "--write-lp", lp], out)
            plan = json.load(open(out)) if rc in (0, 2) else {}
            mip = plan.get("mip") or {}
            dl = os.path.join(tmp, size + "-lp")
            drop_rules(d, dl)
            lout = os.path.join(tmp, size + "-lp.json")
            lrc, _, _, _ = timed(base + ["--data", dl], lout)
            lp_cost = json.load(open(lout)).get("total_cost") if lrc == 0 else None
            sol = os.path.join(tmp, size + ".cbc")
            crc, cwall, ccpu, cmb = timed([args.cbc, lp, "sec", str(args.time_limit),
                                           "solve", "solu", sol])
            cobj, cstat = cbc_objective(sol)
            cost = plan.get("total_cost")
            both = mip.get("status") == "optimal" and cstat == "Optimal"
            match = (abs(cost - cobj) <= 1e-6 * max(1, abs(cobj))) if both else None
            rows.append({"size": size, "status": plan.get("status"), "mip": mip.get("status"),
                         "gap": mip.get("gap"), "wall": wall, "cpu": cpu, "mb": mb,
                         "cbc_wall": cwall, "cbc_mb": cmb, "cbc_status": cstat,
                         "cost": cost, "cbc_obj": cobj, "lp_cost": lp_cost, "match": match})
            r = rows[-1]
            print(f"{size}: remelt {wall:.2f} s ({r['mip']}, gap {r['gap']}), cbc "
                  f"{cwall:.2f} s ({cstat}), match {match}", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = ["| lots x heats | remelt s | cpu s | MB | MIP status | gap | CBC s | MB | CBC status "
             "| MIP cost | rules cost over LP | same optimum |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        extra = (f"{100 * (r['cost'] / r['lp_cost'] - 1):.3f}%"
                 if r["cost"] and r["lp_cost"] else "-")
        same = "-" if r["match"] is None else ("yes" if r["match"] else "NO")
        gap = "-" if r["gap"] is None else f"{r['gap']:.2g}"
        cost = "-" if r["cost"] is None else f"{r['cost']:,.0f}"
        lines.append(f"| {r['size']} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['mb']:.0f} | "
                     f"{r['mip']} | {gap} | {r['cbc_wall']:.2f} | {r['cbc_mb']:.0f} | "
                     f"{r['cbc_status']} | {cost} | {extra} | {same} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text)
    return 1 if any(r["match"] is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
