#!/usr/bin/python3
"""Benchmark of chance-constrained charges (issue 3): the table of
docs/uncertainty.md.

usage: /usr/bin/python3 bench/chance_table.py [--remelt ./remelt]
           [--plants N] [--base SEED] [--samples N] [--seed S] [--big]
           [--json OUT]

For the demo plant and N generated plants (tests/tools/gen_plant.py, seeds
from --base, 30-60 lots, 2-5 heats, kept when they have predicted or
nominal lots and the chance-constrained plan exists), four plans:

  mean value      --confidence 0    --margin 0
  flat 10%        --confidence 0    --margin 0.1
  flat 20%        --confidence 0    --margin 0.2
  chance 0.95     --confidence 0.95 --margin 0
  chance 0.99     --confidence 0.99 --margin 0 (when the SOCP finds it
                  feasible: remelt can be slow to prove infeasibility)

(the demo also at its defaults, --margin 0.1 --confidence 0.95), each with
its cost and its simulated off-spec rate: tests/tools/mc_check.py draws the
analyses (--samples, --seed) and counts the (heat, sample) pairs with any
*standard* (spec) limit missed, and the worst single limit.  Then the value
of analysis on the demo (--value-of-analysis), and timings of the chance
solve (cuts, wall and CPU seconds, --samples 0) on the demo and, with
--big, on a 200-lot x 8-heat generated plant.  Prints Markdown.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOOLS = os.path.join(ROOT, "tests", "tools")
PY = sys.executable

PLANS = [("mean value", ["--confidence", "0", "--margin", "0"]),
         ("flat 10%", ["--confidence", "0", "--margin", "0.1"]),
         ("flat 20%", ["--confidence", "0", "--margin", "0.2"]),
         ("chance 0.95", ["--confidence", "0.95", "--margin", "0"]),
         ("chance 0.99", ["--confidence", "0.99", "--margin", "0"])]


def run(cmd, out=None):
    """Runs cmd; returns (exit status, wall s, CPU s of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    with open(out, "w") if out else open(os.devnull, "w") as fh:
        rc = subprocess.call(cmd, stdout=fh, stderr=subprocess.DEVNULL)
    wall = time.time() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime -
                                                 before.ru_stime)
    return rc, wall, cpu


def plan(remelt, d, args, out):
    rc, wall, cpu = run([remelt, "plan", "--data", d, "--format", "json",
                         "--samples", "0"] + args, out)
    if rc not in (0, 2):
        raise RuntimeError(f"remelt exit {rc} on {d} {args}")
    with open(out) as fh:
        j = json.load(fh)
    return j, wall, cpu


def offspec(d, planfile, samples, seed):
    """mc_check: off-spec rate (spec limits) and the worst limit."""
    out = planfile + ".mc"
    rc, _, _ = run([PY, os.path.join(TOOLS, "mc_check.py"), d, planfile,
                    "--samples", str(samples), "--seed", str(seed)], out)
    if rc != 0:
        raise RuntimeError(f"mc_check exit {rc} on {planfile}")
    with open(out) as fh:
        mc = json.load(fh)
    worst = min((row["p_mc"] for h in mc["heats"] for row in h["spec"]),
                default=1.0)
    return mc["offspec_spec"], worst


def socp_status(d, conf, margin, out):
    """Status of tests/tools/socp_ref.py (None when it cannot model d)."""
    rc, _, _ = run([PY, os.path.join(TOOLS, "socp_ref.py"), d, "--margin",
                    margin, "--confidence", conf], out + ".socp")
    if rc == 1:
        return None
    with open(out + ".socp") as fh:
        return json.load(fh)["status"]


def qualifies(d):
    import csv
    with open(os.path.join(d, "lots.csv"), encoding="utf-8-sig",
              newline="") as fh:
        src = [r.get("source", "").strip() for r in csv.DictReader(fh)]
    return "predicted" in src or "nominal" in src


def table_rows(remelt, name, d, tmp, samples, seed, extra=()):
    rows = []
    base = None
    for label, args in list(PLANS) + list(extra):
        out = os.path.join(tmp, f"{name}.{label.replace(' ', '_')}.json")
        conf = args[args.index("--confidence") + 1] if args else "0.95"
        if conf not in ("0", "0.95"):
            # remelt can take minutes to prove a chance model infeasible:
            # ask the exact cone program first
            st = socp_status(d, conf, args[args.index("--margin") + 1], out)
            if st not in ("optimal", None):
                rows.append((name, label, "no optimum found (SOCP: unknown)"
                             if st == "unknown" else f"{st} (SOCP)",
                             None, None, None))
                continue
        j, wall, cpu = plan(remelt, d, args, out)
        if j["status"] != "optimal":
            rows.append((name, label, "infeasible (remelt)", None, None,
                         None))
            continue
        cost = j["total_cost"]
        if base is None and label == "mean value":
            base = cost
        rate, worst = offspec(d, out, samples, seed)
        rows.append((name, label, cost,
                     None if base is None else cost / base - 1, rate,
                     worst))
    return rows


def machine():
    model = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({model}), load average "
            f"{' '.join('%.1f' % v for v in os.getloadavg())} at the start")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--remelt", default=os.path.join(ROOT, "remelt"))
    ap.add_argument("--plants", type=int, default=4)
    ap.add_argument("--base", type=int, default=8001)
    ap.add_argument("--samples", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    remelt = os.path.abspath(args.remelt)
    print(f"Measured {datetime.date.today().isoformat()} on "
          f"{machine()}; remelt {remelt}; Monte Carlo {args.samples} "
          f"samples, seed {args.seed}.\n")
    result = {"rows": [], "timings": []}
    with tempfile.TemporaryDirectory() as tmp:
        demo = os.path.join(ROOT, "data", "demo")
        rows = table_rows(remelt, "demo", demo, tmp, args.samples, args.seed,
                          [("defaults (10% + 0.95)", [])])
        seed, found = args.base, 0
        while found < args.plants and seed < args.base + 40 * args.plants:
            d = os.path.join(tmp, f"g{seed}")
            lots, heats = 30 + (seed * 7) % 31, 2 + seed % 4
            subprocess.check_call([PY, os.path.join(TOOLS, "gen_plant.py"),
                                   "--seed", str(seed), "--out", d,
                                   "--lots", str(lots), "--heats", str(heats),
                                   "--infeasible-rate", "0"],
                                  stdout=subprocess.DEVNULL)
            seed += 1
            if not qualifies(d):
                continue
            # the exact cone program says whether P = 0.95 is feasible
            # (remelt can be slow to prove that it is not)
            probe = os.path.join(tmp, "probe.json")
            run([PY, os.path.join(TOOLS, "socp_ref.py"), d, "--margin", "0",
                 "--confidence", "0.95"], probe)
            with open(probe) as fh:
                if json.load(fh)["status"] != "optimal":
                    continue
            found += 1
            rows += table_rows(remelt, f"gen {seed - 1} ({lots}x{heats})", d,
                               tmp, args.samples, args.seed)
        print("| plant | plan | cost | vs mean-value | off-spec heats "
              "(simulated) | worst limit P(in spec) |")
        print("|---|---|---:|---:|---:|---:|")
        for name, label, cost, rel, rate, worst in rows:
            if isinstance(cost, str):
                print(f"| {name} | {label} | {cost} | | | |")
            else:
                print(f"| {name} | {label} | {cost:,.0f} | {rel:+.2%} | "
                      f"{rate:.2%} | {worst:.4f} |")
            result["rows"].append({"plant": name, "plan": label,
                                   "cost": cost, "vs_mean": rel,
                                   "offspec": rate, "worst_p": worst})
        # value of analysis
        j, _, _ = plan(remelt, demo, ["--value-of-analysis"],
                       os.path.join(tmp, "va.json"))
        print("\nValue of analysis on the demo (defaults): cost "
              f"{j['total_cost']:,.0f}, with the predicted and nominal lots "
              f"analysed {j['cost_if_analyzed']:,.0f}, saving "
              f"{j['analysis_saving']:,.0f} "
              f"({j['analysis_saving'] / j['total_cost']:.2%}).")
        result["value_of_analysis"] = {k: j.get(k) for k in (
            "total_cost", "cost_if_analyzed", "analysis_saving")}
        # timings
        # (the demo also at 0.99, which it cannot make: how long remelt
        # takes to say so)
        targets = [("demo", demo, [], ("0", "0.95", "0.99"))]
        if args.big:
            d = os.path.join(tmp, "big")
            subprocess.check_call([PY, os.path.join(TOOLS, "gen_plant.py"),
                                   "--seed", "3", "--out", d, "--lots", "200",
                                   "--heats", "8", "--infeasible-rate", "0"],
                                  stdout=subprocess.DEVNULL)
            targets.append(("gen 3 (200x8)", d, ["--margin", "0"],
                            ("0", "0.95")))
        print("\n| plant | plan | status | cuts | wall s | CPU s |")
        print("|---|---|---|---:|---:|---:|")
        for name, d, base_args, confs in targets:
            for conf in confs:
                label = ("LP (--confidence 0)" if conf == "0" else
                         f"chance {conf}")
                j, wall, cpu = plan(remelt, d, base_args +
                                    ["--confidence", conf],
                                    os.path.join(tmp, "t.json"))
                print(f"| {name} | {label} | {j['status']} | "
                      f"{j.get('chance_cuts', 0)} | {wall:.2f} | {cpu:.2f} |")
                result["timings"].append({"plant": name, "plan": label,
                                          "status": j["status"],
                                          "cuts": j.get("chance_cuts"),
                                          "wall": wall, "cpu": cpu})
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
