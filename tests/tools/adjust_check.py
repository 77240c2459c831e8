#!/usr/bin/env python3
"""Independent checker of `remelt adjust --format json` (docs/FORMATS.md,
"remelt adjust"), from the data files and the sample alone.

usage: adjust_check.py DIR SAMPLE.csv ADJUST.json --bath-kg M
           (--heat H | --grade G --furnace F) [--margin F] [--metal-value V]
           [--pour-off] [--off-grade-value W] [--tol 1e-6] [--cbc] [--lp OUT.lp]

It recomputes the sample's means, every addition against its stock, whole
units and minimum, the final mass, every limited element of the final bath
(with the material's rec_<El>, else the furnace's) against the internal window,
the capacity, the plant's material rules of the grade on the additions
(material_rules.csv, plantcsv's matching: max_kg, max_share and min_share of
the additions' kg) and quarantine (no quarantined material added), and the
net cost sum price x - V sum yield x + (V - W) poured. The CBC model carries
the same rule rows.
With --cbc it writes the correction LP/MIP in CPLEX LP format itself (the
mean-value model: use remelt with --confidence 0), solves it with CBC and
compares the optimum (or the infeasibility) with remelt's.  It shares nothing
with remelt's C code but the FORMATS.md contract; plantcsv.py reads the plant.

Exit 0 pass, 1 a check failed (listed), 2 unreadable input.
"""

import argparse
import csv
import json
import math
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plantcsv  # noqa: E402
from ref_lp import MIP_OPTIONS, classify, run_cbc  # noqa: E402


def sample_means(path):
    """{element: mean wt%} of the sparks (rows element,wt_pct)."""
    sums, counts = {}, {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            el = row["element"].strip()
            sums[el] = sums.get(el, 0.0) + float(row["wt_pct"])
            counts[el] = counts.get(el, 0) + 1
    return {el: sums[el] / counts[el] for el in sums}


def material_rec(directory):
    """{material id: {element: rec}} from rec_<El> columns of lots/additives."""
    out = {}
    for name in ("lots.csv", "additives.csv"):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            continue
        with open(path, newline="", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                rec = {k[4:]: float(v) for k, v in row.items()
                       if k.startswith("rec_") and v.strip()}
                out[row["id"]] = rec
    return out


def internal(lo, hi, m):
    """grade_internal of FORMATS.md's margin rule."""
    if lo is not None and hi is not None:
        w = hi - lo
        return lo + m * w, hi - m * w
    if hi is not None:
        return None, hi * (1 - m)
    if lo is not None:
        return lo + m * min(lo, 100 - lo), None
    return None, None


class Case:
    """The correction problem, as the files and the options state it."""

    def __init__(self, args):
        self.plant = plantcsv.load_plant(args.dir)
        self.mean = sample_means(args.sample)
        self.rec = material_rec(args.dir)
        if args.heat:
            h = [i for i, x in enumerate(self.plant.heats) if x[0] == args.heat][0]
            self.grade = self.plant.heats[h][1]
            self.furnace = self.plant.furnace_of(h)
        else:
            self.grade = args.grade
            self.furnace = self.plant.furnaces[args.furnace]
        self.B = args.bath_kg
        self.cap = self.furnace.capacity
        self.limits = []
        for el, lo, hi in self.plant.grades[self.grade]:
            ilo, ihi = internal(lo, hi, args.margin)
            if ilo is not None:
                self.limits.append((el, -1, ilo))
            if ihi is not None:
                self.limits.append((el, 1, ihi))

    def r(self, m, el):
        return self.rec.get(m.id, {}).get(el, self.furnace.recovery(el))

    def coef(self, m, el):
        """wt% x kg of el per kg of m charged."""
        return m.yld * self.r(m, el) * m.content(el)


def check(case, out, V, W, tol):
    """Every recomputation; returns a list of failures."""
    bad = []
    mats = {m.id: m for m in case.plant.materials}
    if out["status"] != "optimal":
        return bad
    x = {}
    for a in out["additions"]:
        m = mats.get(a["id"])
        if m is None:
            bad.append(f"unknown material {a['id']}")
            continue
        kg = a["mass_kg"]
        x[m.id] = kg
        if kg < 0 or (m.mass is not None and kg > m.mass * (1 + 1e-9) + 1e-6):
            bad.append(f"{m.id}: {kg} kg, stock {m.mass}")
        if m.unit and abs(kg / m.unit - round(kg / m.unit)) > 1e-6:
            bad.append(f"{m.id}: {kg} kg is not whole units of {m.unit}")
        if m.min_kg and 1e-6 < kg < m.min_kg - 1e-6:
            bad.append(f"{m.id}: {kg} kg below its minimum {m.min_kg}")
        if abs(a["cost"] - m.price * kg) > tol * max(1, m.price * kg):
            bad.append(f"{m.id}: cost {a['cost']}")
    p = out.get("poured_kg") or 0.0
    metal = sum(mats[i].yld * kg for i, kg in x.items())
    F = case.B - p + metal
    if abs(F - out["final_kg"]) > tol * max(1, F):
        bad.append(f"final_kg {out['final_kg']}, recomputed {F}")
    if case.cap is not None and F > case.cap * (1 + tol):
        bad.append(f"final {F} kg over capacity {case.cap}")
    if p > case.B - min(case.furnace.heel, case.B) + tol * case.B:
        bad.append(f"poured {p} kg, more than the bath above the heel")
    if p > metal + tol * max(1, p):
        bad.append(f"poured {p} kg, made up with only {metal} kg")
    for el, side, lim in case.limits:
        v = ((case.B - p) * case.mean[el]
             + sum(case.coef(mats[i], el) * kg for i, kg in x.items())) / F
        if side * (v - lim) > tol * max(1, abs(lim)):
            bad.append(f"{el} {'max' if side > 0 else 'min'} {lim}: final {v}")
        got = out["composition_after"].get(el)
        if got is None or abs(got - v) > tol * max(1, abs(v)):
            bad.append(f"{el} after {got}, recomputed {v}")
    bad += check_rules(case, x, tol)
    cost = sum(mats[i].price * kg for i, kg in x.items())
    obj = cost - V * metal + (V - W) * p
    if abs(obj - out["total_cost"]) > tol * max(1, abs(obj)):
        bad.append(f"total_cost {out['total_cost']}, recomputed {obj}")
    if abs(cost - out["additions_cost"]) > tol * max(1, cost):
        bad.append(f"additions_cost {out['additions_cost']}, recomputed {cost}")
    return bad


def rules_of(case):
    """(rule, member indexes) of every material rule binding the grade."""
    return [(r, r.members(case.plant)) for r in case.plant.rules
            if r.applies(case.grade)]


def check_rules(case, x, tol):
    """The material rules on the additions (FORMATS.md, "remelt adjust"):
    kg of a rule's materials together <= max_kg, and between min_share and
    max_share of the additions' kg; no quarantined material added."""
    bad = []
    mats = case.plant.materials
    total = math.fsum(x.values())
    slack = max(1e-6, tol * total)
    for rule, idx in rules_of(case):
        kg = math.fsum(x.get(mats[i].id, 0.0) for i in idx)
        what = f"rule {rule.grade},{rule.material} (material_rules.csv:{rule.line})"
        most = 0.0 if rule.max_share == 0 else rule.max_kg
        if most is not None and kg > most + max(1e-6, tol * most):
            bad.append(f"{what}: {kg!r} kg added, max_kg {most!r}")
        if rule.max_share is not None and kg > rule.max_share * total + slack:
            bad.append(f"{what}: {kg!r} of {total!r} kg added, above max_share")
        if rule.min_share is not None and kg < rule.min_share * total - slack:
            bad.append(f"{what}: {kg!r} of {total!r} kg added, below min_share")
    for mid, kg in x.items():
        if kg > 1e-6 and case.plant.by_id[mid].quarantine:
            bad.append(f"{mid}: {kg!r} kg of a quarantined material added")
    return bad


def build_lp(case, V, W, pour):
    """The mean-value correction model in CPLEX LP format, and whether a MIP."""
    mats = case.plant.materials
    obj, cons, bounds, gen, binv = [], [], [], [], []

    def col(i):
        return f"n{i}" if mats[i].unit else f"x{i}"

    def scale(i):
        return mats[i].unit or 1.0

    for i, m in enumerate(mats):
        obj.append(f"{(m.price - V * m.yld) * scale(i):+.17g} {col(i)}")
        if m.mass is not None:
            ub = math.floor(m.mass / m.unit + 1e-9) if m.unit else m.mass
            bounds.append(f" 0 <= {col(i)} <= {ub!r}")
        if m.unit:
            gen.append(col(i))
        if m.min_kg:
            M = m.mass if m.mass is not None else (case.cap / m.yld if case.cap else 1e7)
            if case.cap:
                M = min(M, case.cap / m.yld)
            binv.append(f"z{i}")
            cons.append(f" mn{i}: {scale(i)!r} {col(i)} - {m.min_kg!r} z{i} >= 0")
            cons.append(f" mx{i}: {scale(i)!r} {col(i)} - {M!r} z{i} <= 0")
    for k, (rule, idx) in enumerate(rules_of(case)):
        inn = set(idx)

        def terms(share, inn=inn):
            out = []
            for i in range(len(mats)):
                c = (1.0 if i in inn else 0.0) - (share or 0.0)
                if c:
                    out.append(f"{c * scale(i):+.17g} {col(i)}")
            return " ".join(out)

        most = 0.0 if rule.max_share == 0 else rule.max_kg
        if idx and most is not None:
            cons.append(f" rk{k}: {terms(None)} <= {most!r}")
        if idx and rule.max_share is not None and 0 < rule.max_share < 1:
            cons.append(f" rs{k}: {terms(rule.max_share)} <= 0")
        if rule.min_share:
            cons.append(f" rm{k}: {terms(rule.min_share)} >= 0")
    for i, m in enumerate(mats):
        if m.quarantine:
            cons.append(f" q{i}: {col(i)} <= 0")
    if pour:
        obj.append(f"{V - W:+.17g} p")
        bounds.append(f" 0 <= p <= {case.B - min(case.furnace.heel, case.B)!r}")
        terms = " ".join(f"{m.yld * scale(i):+.17g} {col(i)}" for i, m in enumerate(mats))
        cons.append(f" refill: {terms} - p >= 0")
    if case.cap is not None:
        terms = " ".join(f"{m.yld * scale(i):+.17g} {col(i)}" for i, m in enumerate(mats))
        cons.append(f" cap: {terms}{' - p' if pour else ''} <= {case.cap - case.B!r}")
    for k, (el, side, lim) in enumerate(case.limits):
        terms = " ".join(
            f"{(case.coef(m, el) - lim * m.yld) * scale(i):+.17g} {col(i)}"
            for i, m in enumerate(mats))
        if pour:
            terms += f" {-(case.mean[el] - lim):+.17g} p"
        rhs = -case.B * (case.mean[el] - lim)
        cons.append(f" l{k}: {terms} {'>=' if side < 0 else '<='} {rhs!r}")
    text = ("Minimize\n obj: " + " ".join(obj) + "\nSubject To\n" + "\n".join(cons)
            + "\nBounds\n" + "\n".join(bounds) + "\n")
    if gen:
        text += "General\n " + " ".join(gen) + "\n"
    if binv:
        text += "Binary\n " + " ".join(binv) + "\n"
    return text + "End\n", bool(gen or binv)


def cbc_solve(case, V, W, pour, lp_path):
    """(status, objective) of CBC on the model this tool writes."""
    text, mip = build_lp(case, V, W, pour)
    work = tempfile.mkdtemp(prefix="adjust_cbc_")
    try:
        path = lp_path or os.path.join(work, "adjust.lp")
        with open(path, "w") as fh:
            fh.write(text)
        line, _, _ = run_cbc(os.environ.get("CBC", "cbc"), os.path.abspath(path),
                             work, list(MIP_OPTIONS) if mip else None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    status = classify(line)
    obj = float(line.rsplit(" ", 1)[1]) if status == "optimal" else None
    return status, obj


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("sample")
    ap.add_argument("json")
    ap.add_argument("--bath-kg", type=float, required=True)
    ap.add_argument("--heat")
    ap.add_argument("--grade")
    ap.add_argument("--furnace")
    ap.add_argument("--margin", type=float, default=0.0)
    ap.add_argument("--metal-value", type=float)
    ap.add_argument("--off-grade-value", type=float)
    ap.add_argument("--pour-off", action="store_true")
    ap.add_argument("--tol", type=float, default=1e-6)
    ap.add_argument("--cbc", action="store_true")
    ap.add_argument("--lp")
    args = ap.parse_args()
    try:
        case = Case(args)
        with open(args.json) as fh:
            out = json.load(fh)
    except (OSError, ValueError, KeyError, IndexError, plantcsv.PlantError) as e:
        print(f"adjust_check: unreadable input: {e}")
        return 2
    V = out["metal_value"] if args.metal_value is None else args.metal_value
    pour = args.pour_off
    W = args.off_grade_value if args.off_grade_value is not None else out["off_grade_value"]
    bad = check(case, out, V, W, args.tol)
    if args.cbc:
        status, obj = cbc_solve(case, V, W, pour, args.lp)
        if status != out["status"]:
            bad.append(f"status {out['status']}, CBC {status}")
        elif obj is not None and abs(obj - out["total_cost"]) > 1e-6 * max(1.0, abs(obj)):
            bad.append(f"total_cost {out['total_cost']}, CBC {obj}")
    for b in bad:
        print("FAIL", b)
    if not bad:
        print("ok", out["status"], out.get("total_cost"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
