#!/usr/bin/env python3
"""`make bench` (issue 16): remelt at its defaults against CBC on the mean-value model.

usage: chance_bench.py [--full] [--reps N] [--only NAME,...] [--remelt PATH] [--out DIR]
                       [--time-limit S]

The defaults are the product: confidence 0.95, margin 0.10, and whole units and minimum
charges where the data has them. For every case, a plant from bench/plantgen.py (seed 11,
predicted lots carrying their sd) is
  1. exported by remelt as the mean-value model (--confidence 0 --write-lp, not timed): the
     LP, or with --rules the MIP;
  2. timed, interleaved in one loop so that the machine's load hits both alike:
       remelt plan --format json --samples 0 --time-limit S     (defaults otherwise)
       cbc FILE.lp [ratioGap 1e-4] solve                        (reads the file, solves)
     each a fresh process, wall time around it;
  3. checked: remelt's plan against every cone, recomputed from the CSV files by
     tests/tools/mc_check.py (mean + z sd <= limit + 1e-5 wt% for every internal limit of
     every planned heat), and its status.
The ratio remelt / CBC is what issue 16 asks to bring to 2 (LP) and 1 (MIP).

Results: OUT/chance.json and a Markdown table on stdout (for docs/benchmarks.md).
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from statistics import NormalDist, median

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
Z95 = NormalDist().inv_cdf(0.95)

CASES = [  # name, lots, heats, plantgen flags
    ("500x10", 500, 10, []),
    ("2000x20", 2000, 20, []),
    ("200x6 rules", 200, 6, ["--rules"]),
    ("500x10 rules", 500, 10, ["--rules"]),
]
FULL = [("10000x50", 10000, 50, [])]


def timed(cmd, timeout):
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, text=True)
        rc, out = p.returncode, p.stdout
    except subprocess.TimeoutExpired:
        rc, out = 124, ""
    return time.monotonic() - t0, rc, out


def cones_met(d, plan_path):
    """Largest mean + z sd - limit (wt%) over every internal limit, from mc_check."""
    p = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests/tools/mc_check.py"), d,
                        plan_path, "--samples", "200"], stdout=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        return None
    worst = -1e9
    for h in json.loads(p.stdout)["heats"]:
        for lim in h.get("limits", []):
            side = 1 if lim["side"] == "max" else -1
            worst = max(worst, side * (lim["mean"] + side * Z95 * lim["sd"] - lim["limit"]))
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true", default=os.environ.get("BENCH_FULL") == "1")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", default="")
    ap.add_argument("--remelt", default=os.path.join(ROOT, "remelt"))
    ap.add_argument("--out", default=os.path.join(HERE, "out", "chance"))
    ap.add_argument("--time-limit", type=float, default=300)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    cases = CASES + (FULL if a.full else [])
    if a.only:
        cases = [c for c in cases if c[0] in a.only.split(",")]
    results = []
    for name, lots, heats, flags in cases:
        tag = re.sub(r"\W+", "_", name)
        d = os.path.join(a.out, tag)
        if not os.path.exists(os.path.join(d, "heats.csv")):
            subprocess.run([sys.executable, os.path.join(HERE, "plantgen.py"), "--out", d,
                            "--seed", "11", "--lots", str(lots), "--heats", str(heats)] + flags,
                           check=True, stdout=subprocess.DEVNULL)
        lp = os.path.join(a.out, tag + ".lp")
        subprocess.run([a.remelt, "plan", "--data", d, "--confidence", "0", "--samples", "0",
                        "--time-limit", "1", "--write-lp", lp], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        mip = bool(flags)
        cbc = ["cbc", lp] + (["ratioGap", "0.0001"] if mip else []) + ["solve"]
        plan = os.path.join(a.out, tag + ".plan.json")
        rm_cmd = [a.remelt, "plan", "--data", d, "--format", "json", "--samples", "0",
                  "--time-limit", str(a.time_limit), "--out", plan]
        tr, tc, status = [], [], None
        for _ in range(a.reps):
            t, rc, _ = timed(rm_cmd, a.time_limit * 1.2 + 30)
            tr.append(t)
            try:
                status = json.load(open(plan))["status"]
            except (OSError, ValueError):
                status = "rc %d" % rc
            t, rc, out = timed(cbc, 3600)
            tc.append(t)
        worst = cones_met(d, plan) if status in ("optimal", "feasible") else None
        r = {"case": name, "lots": lots, "heats": heats, "mip": mip, "remelt_s": median(tr),
             "cbc_s": median(tc), "ratio": median(tr) / median(tc), "status": status,
             "worst_cone_excess_wt": worst, "reps": a.reps,
             "load": os.getloadavg()[0]}
        results.append(r)
        print(json.dumps(r), file=sys.stderr)
    info = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": "%s, %d cores" % (platform.processor() or platform.machine(),
                                         os.cpu_count()),
            "results": results}
    json.dump(info, open(os.path.join(a.out, "chance.json"), "w"), indent=1)
    print("| plant | remelt at defaults | CBC, mean-value %s | ratio | status | "
          "worst cone excess (wt%%) |" % "model")
    print("|---|---|---|---|---|---|")
    for r in results:
        w = "%.1e" % r["worst_cone_excess_wt"] if r["worst_cone_excess_wt"] is not None else "-"
        print("| %s | %.2f s | %.2f s (%s) | %.1f | %s | %s |" % (
            r["case"], r["remelt_s"], r["cbc_s"], "MIP, gap 1e-4" if r["mip"] else "LP",
            r["ratio"], r["status"], w))
    print("\n%s, %s, %d interleaved repetitions (medians), load %.1f at the end" % (
        info["machine"], info["date"], a.reps, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
