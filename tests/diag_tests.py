#!/usr/bin/env python3
"""Diagnosis of infeasible plans (issue 8), checked against LPs that CBC solves.

usage: REMELT=./remelt python3 tests/diag_tests.py [--random N]

Every number of the diagnosis is recomputed from the CSV files by tests/tools/diag_ref.py
(its own LPs, solved by CBC) and by the independent plan checker:
  * fe_high (tests/data/fe_high, Fe cannot reach the 6063 max): the diagnosis names H1, Fe and
    the max limit with `achievable` equal to CBC's optimum to 1e-4 wt%, at margin 0 and 0.1;
    H2 is still planned (checked, and at CBC's least cost); the conflict is {Fe max}; the
    fallback charge passes the checks; the extra P1020 it names is CBC's least extra, makes
    the whole day plannable when added (and 0.1% less does not), also under the default
    chance constraints;
  * conflict (tests/data/conflict): Si min and Fe max fail only together: the minimal set is
    exactly those two (CBC: infeasible together, feasible without either);
  * metal: a heat larger than the inventory: cause "metal", the fixes are CBC's;
  * shared: two heats that compete for lots: the first is planned, the second not, with CBC
    agreeing that both together cannot be made;
  * random infeasible plants (tests/tools/gen_plant.py --infeasible-rate 1): every unplanned
    heat checked as above by cause, planned heats checked and at CBC's least cost.
One line per check (PASS/FAIL), then "diag: P passed, F failed"; exit 1 on any failure.
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True   # keep the source tree clean
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "tools"))
import check_plan  # noqa: E402
import diag_ref  # noqa: E402
import plantcsv  # noqa: E402

ROOT = os.path.dirname(HERE)
REMELT = os.environ.get("REMELT", os.path.join(ROOT, "remelt"))
WT_TOL = 1e-4      # wt%: the tolerance on `achievable`
REL_TOL = 1e-6     # relative, on costs, masses and total violations
SAN = ("AddressSanitizer", "runtime error:", "LeakSanitizer")


class Suite:
    def __init__(self):
        self.passed = self.failed = 0

    def result(self, name, problems):
        if problems:
            self.failed += 1
            print(f"FAIL diag {name}: " + "; ".join(problems[:6]))
        else:
            self.passed += 1
            print(f"PASS diag {name}")


def remelt(data, *args, fmt="json"):
    """(exit, parsed JSON or text, stderr) of remelt plan on data."""
    cmd = [REMELT, "plan", "--data", data, "--format", fmt] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if any(s in p.stderr for s in SAN):
        raise AssertionError("sanitizer report: " + p.stderr[:400])
    out = p.stdout
    if fmt == "json" and p.returncode in (0, 2):
        out = json.loads(out)
    return p.returncode, out, p.stderr


def opts(margin, confidence=0):
    return ["--margin", repr(margin), "--confidence", repr(confidence)]


def close(a, b, tol):
    return a is not None and b is not None and abs(a - b) <= tol * max(1.0, abs(b))


def heat_index(plant, hid):
    return [h[0] for h in plant.heats].index(hid)


def check_planned(plant, plan, margin):
    """Planned heats of a (possibly infeasible) plan: valid and at CBC's least cost."""
    planned = [hj for hj in plan["heats"] if hj.get("status") == "planned"]
    if not planned:
        return []
    idx = [heat_index(plant, hj["heat"]) for hj in planned]
    sub = plantcsv.Plant(plant.materials, plant.elements, plant.grades,
                         [plant.heats[h] for h in idx], plant.furnaces,
                         [plant.heat_furnace[h] for h in idx])
    cost = sum(hj["cost"] for hj in planned)
    chk = check_plan.Checker(sub, 1e-6, 1e-6)
    chk.check({"status": "optimal", "total_cost": cost, "heats": planned})
    problems = list(chk.violations)
    if plan.get("status") == "infeasible" and not close(plan.get("planned_cost"), cost, REL_TOL):
        problems.append(f"planned_cost {plan.get('planned_cost')} != sum {cost}")
    ref = diag_ref.least_cost(plant, idx, margin)
    if not close(cost, ref, REL_TOL):
        problems.append(f"planned heats cost {cost}, CBC {ref}")
    return problems


def check_fallback(plant, h, fb, margin):
    """The least-violation charge: a real charge, honest misses, CBC's least total."""
    hid, grade, mass = plant.heats[h]
    if fb is None:
        return ["no fallback charge"]
    b = diag_ref.bath(plant, h)
    p, tapped, cost = [], 0.0, 0.0
    comp = {el: diag_ref.heel_el(plant, h, el) * 100.0 / b for el in plant.elements}
    for item in fb["charge"]:
        m = plant.by_id.get(item["id"])
        kg = item["mass_kg"]
        if m is None or not kg > 0:
            p.append(f"fallback charge {item}")
            continue
        if m.mass is not None and kg > m.mass * (1 + 1e-9) + 1e-6:
            p.append(f"fallback uses {kg} kg of {m.id}, stock {m.mass}")
        tapped += m.yld * kg
        cost += m.price * kg
        for el in m.comp:
            comp[el] += diag_ref.coef(plant, h, m, el) * kg * 100.0 / b
    if not close(tapped, mass, 1e-6):
        p.append(f"fallback taps {tapped} kg, heat {mass}")
    if not close(fb["cost"], cost, REL_TOL):
        p.append(f"fallback cost {fb['cost']} != {cost}")
    for el, v in comp.items():
        if abs(fb["composition"].get(el, 0.0) - v) > 1e-6:
            p.append(f"fallback {el} {fb['composition'].get(el)} != {v}")
    listed = {(v["element"], v["limit"]): v for v in fb["violations"]}
    total = 0.0
    for el, lo, hi in diag_ref.limits(plant, h, margin):
        for side, lim in (("min", lo), ("max", hi)):
            if lim is None:
                continue
            by = (lim - comp[el]) if side == "min" else (comp[el] - lim)
            v = listed.pop((el, side), None)
            if by > 2e-6 and (v is None or abs(v["by"] - by) > 1e-6):
                p.append(f"fallback misses {el} {side} by {by}, reported {v}")
            if by <= 0 and v is not None:
                p.append(f"fallback lists {el} {side}, which holds")
            total += max(by, 0.0) / diag_ref.scale(lim, side)
    p += [f"fallback lists unknown limit {k}" for k in listed]
    ref = diag_ref.elastic(plant, h, margin)
    if not close(total, ref, 1e-6) or not close(fb["violation"], ref, 1e-6):
        p.append(f"fallback violation {fb['violation']} (recomputed {total}), CBC {ref}")
    return p


def check_conflict(plant, h, conflict, margin):
    """The conflict set: CBC finds it infeasible, and feasible without any one member."""
    members = {(h, c["element"], c["limit"]) for c in conflict}
    every = {(h, el, side) for el, lo, hi in diag_ref.limits(plant, h, margin)
             for side, lim in (("min", lo), ("max", hi)) if lim is not None}
    if not members <= every:
        return [f"conflict names limits the grade does not have: {members - every}"]
    p = []
    if diag_ref.feasible(plant, [h], margin, drop=every - members):
        p.append("the conflict set can be met (CBC)")
    for m in members:
        if not diag_ref.feasible(plant, [h], margin, drop=(every - members) | {m}):
            p.append(f"not minimal: still infeasible without {m[1]} {m[2]}")
    return p


def check_achievable(plant, h, entries, margin):
    """Each diagnosis entry against CBC, and no failing single limit left out."""
    p = []
    got = {(d["element"], d["limit"]): d for d in entries}
    for el, lo, hi in diag_ref.limits(plant, h, margin):
        for side, lim in (("min", lo), ("max", hi)):
            if lim is None:
                continue
            ref = diag_ref.achievable(plant, h, el, side, margin)
            fails = ref is not None and (ref > lim + 1e-6 if side == "max" else ref < lim - 1e-6)
            d = got.pop((el, side), None)
            if fails and d is None:
                p.append(f"{el} {side} fails (CBC best {ref}) but is not listed")
            elif d is not None and not fails:
                p.append(f"{el} {side} listed, CBC best {ref} meets {lim}")
            elif d is not None and (abs(d["achievable"] - ref) > WT_TOL or
                                    abs(d["spec"] - lim) > 1e-12):
                p.append(f"{el} {side}: achievable {d['achievable']} vs CBC {ref}, "
                         f"spec {d['spec']} vs {lim}")
    return p + [f"unknown diagnosis entry {k}" for k in got]


def check_fixes(plant, heats, fixes, margin):
    """Each fix is CBC's least extra; the list is sorted and starts at the best."""
    p = []
    for f in fixes:
        ref = diag_ref.least_extra(plant, heats, f["id"], margin)
        if ref is None or abs(f["extra_kg"] - ref) > 1e-6 * max(1.0, ref) + 1e-3:
            p.append(f"fix {f['id']}: {f['extra_kg']} kg, CBC {ref}")
    if [f["extra_kg"] for f in fixes] != sorted(f["extra_kg"] for f in fixes):
        p.append("fixes not sorted")
    if len(plant.materials) <= 30:
        best = [diag_ref.least_extra(plant, heats, m.id, margin)
                for m in plant.materials if m.mass is not None]
        best = [b for b in best if b is not None and b > 1e-6]
        if best and (not fixes or fixes[0]["extra_kg"] > min(best) * (1 + 1e-6) + 1e-3):
            p.append(f"smallest fix {fixes[0]['extra_kg'] if fixes else None}, CBC {min(best)}")
        if not best and fixes:
            p.append("fixes listed where CBC finds none")
    return p


def check_unplanned(plant, plan, hj, margin):
    """Everything said about one heat without a charge, by its cause."""
    h = heat_index(plant, hj["heat"])
    planned = [heat_index(plant, x["heat"]) for x in plan["heats"] if x["status"] == "planned"]
    entries = [d for d in plan["diagnosis"] if d["heat"] == hj["heat"]]
    p = []
    if hj.get("charge") != [] or hj.get("cost") != 0:
        p.append("an unplanned heat must list an empty charge and cost 0")
    cause = hj.get("cause")
    if cause == "limits":
        if diag_ref.feasible(plant, [h], margin):
            p.append("cause limits, but CBC makes the heat alone")
        p += check_achievable(plant, h, entries, margin)
        p += check_conflict(plant, h, hj["conflict"], margin)
        p += check_fallback(plant, h, hj["fallback"], margin)
    elif cause == "metal":
        metal = sum(m.yld * m.mass for m in plant.materials if m.mass is not None)
        if any(m.mass is None for m in plant.materials) or metal >= plant.heats[h][2]:
            p.append(f"cause metal, but the inventory yields {metal} kg")
    elif cause == "shared":
        if not diag_ref.feasible(plant, [h], margin):
            p.append("cause shared, but CBC cannot make the heat alone")
        before = [k for k in planned if k < h]
        if diag_ref.feasible(plant, before + [h], margin):
            p.append("cause shared, but CBC makes it with the heats planned before it")
    elif cause == "rules":
        if not plant.has_integer_rules() or not diag_ref.feasible(plant, [h], margin):
            p.append("cause rules, but the plant has no integer rules or CBC cannot make "
                     "the heat even without them")
    else:
        p.append(f"cause {cause!r}")
    if cause != "limits" and (entries or hj["conflict"] or hj["fallback"] is not None):
        p.append(f"cause {cause}: no limit diagnosis expected")
    return p + check_fixes(plant, planned + [h], hj["fixes"], margin)


def check_plan_diag(plant, plan, margin):
    p = []
    if plan["status"] != "infeasible" or plan["total_cost"] is not None:
        p.append(f"status {plan['status']}, total_cost {plan['total_cost']}")
    nplanned = sum(hj["status"] == "planned" for hj in plan["heats"])
    if plan.get("planned_heats") != nplanned:
        p.append(f"planned_heats {plan.get('planned_heats')} != {nplanned}")
    diag_heats = {d["heat"] for d in plan["diagnosis"]}
    for hj in plan["heats"]:
        if hj["status"] == "planned":
            if hj["heat"] in diag_heats:
                p.append(f"planned heat {hj['heat']} in the diagnosis")
        else:
            p += [f"{hj['heat']}: {x}" for x in check_unplanned(plant, plan, hj, margin)]
    return p + check_planned(plant, plan, margin)


def with_stock(src, dst, mat, kg):
    """Copy of plant src with material mat's mass_kg set to kg (CSV rewritten by csv)."""
    import csv
    shutil.copytree(src, dst)
    for name in ("lots.csv", "additives.csv"):
        path = os.path.join(dst, name)
        if not os.path.exists(path):
            continue
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
        col = rows[0].index("mass_kg")
        for r in rows[1:]:
            if r and r[rows[0].index("id")] == mat:
                r[col] = repr(kg)
        with open(path, "w", newline="") as fh:
            csv.writer(fh).writerows(rows)


def test_fe_high(s, tmp, margin):
    data = os.path.join(ROOT, "tests", "data", "fe_high")
    plant = plantcsv.load_plant(data)
    rc, plan, err = remelt(data, *opts(margin))
    name = f"fe_high margin {margin}"
    if rc != 2:
        return s.result(name, [f"exit {rc}: {err[:200]}"])
    fe = [d for d in plan["diagnosis"] if d["heat"] == "H1"]
    ref = diag_ref.achievable(plant, 0, "Fe", "max", margin)
    p = []
    if [(d["element"], d["limit"]) for d in fe] != [("Fe", "max")]:
        p.append(f"diagnosis of H1: {fe}")
    elif abs(fe[0]["achievable"] - ref) > WT_TOL:
        p.append(f"achievable {fe[0]['achievable']} vs CBC {ref}")
    s.result(f"{name}: H1 Fe max achievable {fe[0]['achievable'] if fe else None:.6f} = "
             f"CBC {ref:.6f}", p)
    s.result(f"{name}: H2 planned, H1 fully diagnosed", check_plan_diag(plant, plan, margin) +
             ([] if [h["status"] for h in plan["heats"]] == ["not planned", "planned"]
              else ["statuses " + str([h["status"] for h in plan["heats"]])]))
    fix = plan["heats"][0]["fixes"]
    if not fix or fix[0]["id"] != "P1020":
        return s.result(f"{name}: fix is more P1020", [f"fixes {fix}"])
    test_fix_works(s, tmp, data, plant, fix[0], opts(margin), name)


def test_fix_works(s, tmp, data, plant, fix, args, name):
    """Adding the fix (rounded up to the kg) makes the day; 0.1% less does not."""
    stock = plant.by_id[fix["id"]].mass
    more = os.path.join(tmp, f"fix-{len(os.listdir(tmp))}")
    with_stock(data, more, fix["id"], stock + math.ceil(fix["extra_kg"]))
    rc, plan, err = remelt(more, *args)
    p = [] if rc == 0 else [f"exit {rc} with {math.ceil(fix['extra_kg'])} kg more"]
    if rc == 0 and "--confidence" in args and args[args.index("--confidence") + 1] == "0":
        chk = check_plan.Checker(plantcsv.load_plant(more), 1e-6, 1e-6)
        chk.check(plan)
        p += chk.violations
    less = os.path.join(tmp, f"fix-{len(os.listdir(tmp))}")
    with_stock(data, less, fix["id"], stock + fix["extra_kg"] * 0.999)
    rc2, _, _ = remelt(less, *args)
    if rc2 != 2:
        p.append(f"exit {rc2} with 0.1% less than the fix")
    s.result(f"{name}: +{math.ceil(fix['extra_kg'])} kg {fix['id']} makes the day, 0.1% less "
             f"does not", p)


def test_fe_high_chance(s, tmp):
    """Default options (chance constraints): the fix still makes the day."""
    data = os.path.join(ROOT, "tests", "data", "fe_high")
    plant = plantcsv.load_plant(data)
    rc, plan, err = remelt(data)
    if rc != 2 or not plan["heats"][0]["fixes"]:
        return s.result("fe_high default options", [f"exit {rc}, {err[:200]}"])
    test_fix_works(s, tmp, data, plant, plan["heats"][0]["fixes"][0], [], "fe_high defaults")


def test_fe_high_heel(s, tmp):
    """fe_high in furnaces with a heel (Fe-rich in F1) and Mg recovery: the grade applies
    to the bath, and every diagnosis number must follow (diag_ref models the bath)."""
    data = os.path.join(tmp, "heel")
    shutil.copytree(os.path.join(ROOT, "tests", "data", "fe_high"), data)
    with open(os.path.join(data, "furnaces.csv"), "w") as fh:
        fh.write("furnace,capacity_kg,heel_kg,max_materials,Si,Fe,Mg,rec_Mg\n"
                 "F1,30000,4000,,0.45,0.60,0.50,0.9\nF2,30000,2000,,0.50,0.40,0.60,\n")
    with open(os.path.join(data, "heats.csv"), "w") as fh:
        fh.write("heat,grade,mass_kg,furnace\nH1,6063,20000,F1\nH2,R6000,15000,F2\n")
    plant = plantcsv.load_plant(data)
    rc, plan, err = remelt(data, *opts(0.1))
    if rc != 2:
        return s.result("fe_high in furnaces", [f"exit {rc}: {err[:200]}"])
    fe = [d for d in plan["diagnosis"] if d["heat"] == "H1"]
    ref = diag_ref.achievable(plant, 0, "Fe", "max", 0.1)
    s.result(f"fe_high in furnaces (heel, recovery): H1 Fe max achievable "
             f"{fe[0]['achievable'] if fe else None} = CBC {ref}",
             check_plan_diag(plant, plan, 0.1))
    fix = plan["heats"][0]["fixes"]
    if fix:
        test_fix_works(s, tmp, data, plant, fix[0], opts(0.1), "fe_high in furnaces")


def test_conflict(s):
    data = os.path.join(ROOT, "tests", "data", "conflict")
    plant = plantcsv.load_plant(data)
    rc, plan, err = remelt(data, *opts(0))
    if rc != 2:
        return s.result("conflict", [f"exit {rc}: {err[:200]}"])
    hj = plan["heats"][0]
    got = sorted((c["element"], c["limit"]) for c in hj["conflict"])
    p = [] if got == [("Fe", "max"), ("Si", "min")] else [f"conflict {got}"]
    s.result("conflict: minimal set is {Si min, Fe max}", p + check_plan_diag(plant, plan, 0))
    rc, text, _ = remelt(data, *opts(0), fmt="text")
    want = ["cannot all hold together", "Si min 0.5 wt% and Fe max 0.35 wt%",
            "no more of any material on hand would make it", "closest charge"]
    s.result("conflict: the text says so", [w for w in want if w not in text])


def test_metal(s, tmp):
    data = os.path.join(tmp, "metal")
    os.makedirs(data)
    files = {"lots.csv": "id,mass_kg,price_per_kg,yield,Fe\nA,20000,300,0.95,0.1\n"
                         "B,20000,200,1,0.8\n",
             "grades.csv": "grade,element,min,max\nG,Fe,,0.5\n",
             "heats.csv": "heat,grade,mass_kg\nH1,G,50000\n"}
    for name, text in files.items():
        with open(os.path.join(data, name), "w") as fh:
            fh.write(text)
    plant = plantcsv.load_plant(data)
    rc, plan, err = remelt(data, *opts(0))
    if rc != 2:
        return s.result("metal", [f"exit {rc}: {err[:200]}"])
    hj = plan["heats"][0]
    p = [] if hj["cause"] == "metal" and [f["id"] for f in hj["fixes"]] == ["A"] else \
        [f"cause {hj['cause']}, fixes {hj['fixes']}"]
    s.result("metal: too little metal, fix is more A", p + check_plan_diag(plant, plan, 0))


def test_shared(s, tmp):
    data = os.path.join(tmp, "shared")
    with_stock(os.path.join(ROOT, "tests", "data", "paper2"), data, "P", 3000.0)
    plant = plantcsv.load_plant(data)
    rc, plan, err = remelt(data, *opts(0))
    if rc != 2:
        return s.result("shared", [f"exit {rc}: {err[:200]}"])
    st = [(h["status"], h.get("cause")) for h in plan["heats"]]
    p = [] if st == [("planned", None), ("not planned", "shared")] else [f"heats {st}"]
    s.result("shared: H1 planned, H2 short of lots", p + check_plan_diag(plant, plan, 0))


def test_rules(s):
    """Whole units that cannot add up to the heat (tests/data/mip_whole_infeasible): the
    limits hold in the relaxation, so the cause is the rules, not the limits."""
    data = os.path.join(ROOT, "tests", "data", "mip_whole_infeasible")
    if not os.path.isdir(data):
        return
    plant = plantcsv.load_plant(data)
    rc, plan, err = remelt(data, *opts(0))
    if rc != 2:
        return s.result("rules", [f"exit {rc}: {err[:200]}"])
    hj = plan["heats"][0]
    p = [] if hj["cause"] == "rules" and not hj["conflict"] else [f"cause {hj['cause']}"]
    s.result("rules: whole units, not limits, are what fails", p + check_plan_diag(plant, plan, 0))


def test_random(s, tmp, count):
    """Planted infeasible plants: every unplanned heat's diagnosis against CBC."""
    gen = os.path.join(HERE, "tools", "gen_plant.py")
    for seed in range(1, count + 1):
        data = os.path.join(tmp, f"rand{seed}")
        size = ["--lots", str(4 + seed % 9), "--heats", str(1 + seed % 3),
                "--elements", str(3 + seed % 4)]
        g = subprocess.run([sys.executable, gen, "--seed", str(seed), "--out", data,
                            "--infeasible-rate", "1"] + size, capture_output=True, text=True)
        if g.returncode != 0:
            s.result(f"random seed {seed}", [f"gen_plant: {g.stderr[:200]}"])
            continue
        kind = json.loads(g.stdout).get("infeasibility", json.loads(g.stdout).get("planted"))
        plant = plantcsv.load_plant(data)
        rc, plan, err = remelt(data, *opts(0))
        if rc != 2:
            s.result(f"random seed {seed}", [f"exit {rc}: {err[:200]}"])
            continue
        causes = [h.get("cause", "planned") for h in plan["heats"]]
        s.result(f"random seed {seed} ({kind}): {' '.join(causes)}",
                 check_plan_diag(plant, plan, 0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--random", type=int, default=12)
    args = ap.parse_args()
    s = Suite()
    tmp = tempfile.mkdtemp(prefix="remelt_diag_")
    try:
        for margin in (0.0, 0.1):
            test_fe_high(s, tmp, margin)
        test_fe_high_chance(s, tmp)
        test_fe_high_heel(s, tmp)
        test_conflict(s)
        test_metal(s, tmp)
        test_shared(s, tmp)
        test_rules(s)
        test_random(s, tmp, args.random)
    except (AssertionError, OSError, ValueError, KeyError, subprocess.SubprocessError) as exc:
        s.result("suite", [f"{type(exc).__name__}: {exc}"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"diag: {s.passed} passed, {s.failed} failed")
    return 1 if s.failed else 0


if __name__ == "__main__":
    sys.exit(main())
