#!/usr/bin/python3
"""Reference for `remelt adjust --confidence P`: the chance-constrained
correction solved exactly as a second-order cone program by cvxopt (an
interior-point method, not cutting planes).  Needs Debian's python3-cvxopt:
run it with /usr/bin/python3.

usage: adjust_socp.py DIR SAMPLE.csv ADJUST.json --bath-kg M [--bath-kg-sd S]
           (--heat H | --grade G --furnace F) --confidence P [--margin F]
           [--metal-value V] [--rel-tol 1e-5]

The model is docs/FORMATS.md's (remelt adjust, Uncertainty), re-implemented
from the document: the sample's sd is its sparks' spread, at least
0.0002 + 0.02 x mean; each material's sd is its sd_<El> cell (this tool
refuses data where a material reports a limited element without one: the
defaults by source are plan's business); continuous materials only (no
unit_kg, min_kg), no pour-off.  It checks that remelt's additions meet every
chance window (to 1e-6 of its sd) and that remelt's total_cost is the
optimum to --rel-tol.  Exit 0 pass, 1 fail, 2 unusable input.
"""

import argparse
import csv
import json
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adjust_check import Case  # noqa: E402

from cvxopt import matrix, solvers  # noqa: E402


def quantile(p):
    """Phi^-1(p) by bisection on erf (stdlib only)."""
    lo, hi = -10.0, 10.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def sample_sd(path):
    sparks = {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            sparks.setdefault(row["element"].strip(), []).append(float(row["wt_pct"]))
    out = {}
    for el, v in sparks.items():
        spread = statistics.stdev(v) if len(v) > 1 else 0.0
        out[el] = max(spread, 0.0002 + 0.02 * abs(statistics.fmean(v)))
    return out


def material_sd(directory):
    out = {}
    for name in ("lots.csv", "additives.csv"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            with open(path, newline="", encoding="utf-8-sig") as fh:
                for row in csv.DictReader(fh):
                    out[row["id"]] = {k[3:]: float(v) for k, v in row.items()
                                      if k.startswith("sd_") and v.strip()}
    return out


def main():
    ap = argparse.ArgumentParser()
    for a in ("dir", "sample", "json"):
        ap.add_argument(a)
    ap.add_argument("--bath-kg", type=float, required=True)
    ap.add_argument("--bath-kg-sd", type=float, default=0.0)
    ap.add_argument("--heat")
    ap.add_argument("--grade")
    ap.add_argument("--furnace")
    ap.add_argument("--margin", type=float, default=0.0)
    ap.add_argument("--metal-value", type=float)
    ap.add_argument("--confidence", type=float, required=True)
    ap.add_argument("--rel-tol", type=float, default=1e-5)
    args = ap.parse_args()
    case = Case(args)
    with open(args.json) as fh:
        out = json.load(fh)
    V = out["metal_value"] if args.metal_value is None else args.metal_value
    ssd, msd = sample_sd(args.sample), material_sd(args.dir)
    mats = case.plant.materials
    if any(m.unit or m.min_kg for m in mats):
        print("adjust_socp: whole units or minimums: not a cone program")
        return 2
    z, B, sB, n = quantile(args.confidence), case.B, args.bath_kg_sd, len(mats)

    def sd(m, el):
        if m.content(el) == 0 and el not in m.comp:
            return 0.0
        if el not in msd.get(m.id, {}):
            raise SystemExit(f"adjust_socp: {m.id} has no sd_{el}")
        return msd[m.id][el]

    # linear rows: G v <= h
    Gl, hl = [], []
    for i, m in enumerate(mats):
        row = [0.0] * n
        row[i] = -1.0
        Gl.append(row)
        hl.append(0.0)
        if m.mass is not None:
            row = [0.0] * n
            row[i] = 1.0
            Gl.append(row)
            hl.append(m.mass)
    if case.cap is not None:
        Gl.append([m.yld for m in mats])
        hl.append(case.cap - B)
    Gq, hq, dims = [], [], []
    for el, side, lim in case.limits:
        mean = case.mean[el]
        a = [m.yld * (case.r(m, el) * m.content(el) - lim) for m in mats]
        # ||(sd terms)|| <= -side (B (m - L) + a.x) / z
        rows = [[side * ai / z for ai in a]]
        hs = [-side * B * (mean - lim) / z]
        rows.append([0.0] * n)
        hs.append(B * ssd[el])
        rows.append([0.0] * n)
        hs.append((mean - lim) * sB)
        for i, m in enumerate(mats):
            row = [0.0] * n
            row[i] = -m.yld * case.r(m, el) * sd(m, el)
            rows.append(row)
            hs.append(0.0)
        Gq += rows
        hq += hs
        dims.append(len(rows))
    # in tonnes and thousands of wt% x kg: cvxopt's interior point loses its way on
    # rows of 1e4 kg
    K = 1000.0
    c = matrix([m.price - V * m.yld for m in mats])
    G = matrix([list(col) for col in zip(*(Gl + Gq))])
    h = matrix(hl + hq) / K
    solvers.options.update({"show_progress": False, "abstol": 1e-9, "reltol": 1e-10,
                            "feastol": 1e-9, "maxiters": 200})
    sol = solvers.conelp(c, G, h, {"l": len(Gl), "q": dims, "s": []})
    status = "optimal" if sol["status"] == "optimal" else \
        "infeasible" if sol["status"] == "primal infeasible" else sol["status"]
    bad = []
    if status != out["status"]:
        bad.append(f"status {out['status']}, SOCP {status} ({sol['status']})")
    elif status == "optimal":
        obj = sol["primal objective"] * K
        if abs(obj - out["total_cost"]) > args.rel_tol * max(1.0, abs(obj)):
            bad.append(f"total_cost {out['total_cost']}, SOCP {obj}")
        x = {a["id"]: a["mass_kg"] for a in out["additions"]}
        F = out["final_kg"]
        for el, side, lim in case.limits:
            G0 = B * (case.mean[el] - lim) + sum(
                m.yld * (case.r(m, el) * m.content(el) - lim) * x.get(m.id, 0) for m in mats)
            S = math.sqrt((B * ssd[el]) ** 2 + ((case.mean[el] - lim) * sB) ** 2 + sum(
                (m.yld * case.r(m, el) * sd(m, el) * x.get(m.id, 0)) ** 2 for m in mats))
            if side * G0 + z * S > 1e-6 * S + 1e-9 * F:
                bad.append(f"{el} {'max' if side > 0 else 'min'} {lim}: window missed "
                           f"by {(side * G0 + z * S) / S:.3g} sd")
    for b in bad:
        print("FAIL", b)
    if not bad:
        print("ok", status, out.get("total_cost"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
