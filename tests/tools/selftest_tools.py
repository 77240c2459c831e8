#!/usr/bin/env python3
"""Cross-check of the test tools against each other (no remelt needed).

usage: selftest_tools.py [--count 50] [--first 1] [--keep DIR]

For each seed: generate a plant (with its planted witness plan), solve it with
ref_lp.py, and check that
  * a plant feasible by construction is optimal for CBC, CBC's plan passes
    check_plan.py (with --objective), the witness passes too and costs no
    less than CBC's optimum;
  * a plant with a planted infeasibility is infeasible for CBC;
  * perturbed copies of CBC's plan are rejected, each with the expected
    kind of message (1% of a lot moved to another heat, 1% of a lot
    swapped for another material, a lot charged 1% above its stock, a
    cost / total / composition value off, a negative or unknown charge,
    a heat dropped);
  * the optimum is not trivially feasible: element limits bind.
Why: until remelt exists, agreement between three independently written
parts (generator certificates, CBC, checker) is the evidence the tools work.
"""

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import plantcsv      # noqa: E402
import check_plan    # noqa: E402


def run_tool(*args):
    """Run one of the tools; (exit status, stdout)."""
    proc = subprocess.run([sys.executable, *args], capture_output=True,
                          text=True)
    return proc.returncode, proc.stdout + proc.stderr


def violations(plant, plan, objective=None):
    """check_plan's violation list for an in-memory plan."""
    chk = check_plan.Checker(plant, 1e-6, 1e-6)
    chk.check(plan, objective)
    return chk.violations


def refresh(plan, plant):
    """Recompute costs and compositions after a perturbation so that only
    the physical violation we planted remains visible."""
    total = 0.0
    for heat in plan["heats"]:
        cost, el = 0.0, {e: 0.0 for e in plant.elements}
        for item in heat["charge"]:
            mat = plant.by_id[item["id"]]
            cost += mat.price * item["mass_kg"]
            for e, c in mat.comp.items():
                el[e] += mat.yld * item["mass_kg"] * c / 100.0
        heat["cost"] = cost
        heat["composition"] = {e: 100.0 * v / heat["mass_kg"]
                               for e, v in el.items()}
        total += cost
    plan["total_cost"] = total
    return plan


def biggest_item(plan):
    """(heat index, charge index) of the largest charged mass."""
    best = max(((h, n) for h, heat in enumerate(plan["heats"])
                for n in range(len(heat["charge"]))),
               key=lambda hn: plan["heats"][hn[0]]["charge"][hn[1]]
               ["mass_kg"])
    return best


def perturb_move(plan, plant):
    """Move 1% of the biggest charge to another heat (or drop it)."""
    p = copy.deepcopy(plan)
    h, n = biggest_item(p)
    item = p["heats"][h]["charge"][n]
    delta = 0.01 * item["mass_kg"]
    item["mass_kg"] -= delta
    if len(p["heats"]) > 1:
        other = p["heats"][(h + 1) % len(p["heats"])]
        other["charge"].append({"id": item["id"], "mass_kg": delta})
        merge_duplicates(other)
    return refresh(p, plant), ["tapped metal"]


def merge_duplicates(heat):
    """Keep one charge entry per id (so the test is not about duplicates)."""
    merged = {}
    for item in heat["charge"]:
        merged[item["id"]] = merged.get(item["id"], 0.0) + item["mass_kg"]
    heat["charge"] = [{"id": k, "mass_kg": v} for k, v in merged.items()]


def perturb_swap(plan, plant):
    """Replace 1% of the biggest charge by the same metal of another
    material whose composition differs: an element or metal check fails
    unless the swap is harmless (then None)."""
    p = copy.deepcopy(plan)
    h, n = biggest_item(p)
    heat = p["heats"][h]
    item = heat["charge"][n]
    src = plant.by_id[item["id"]]
    limits = plant.grades[heat["grade"]]
    for dst in plant.materials:
        if dst.id == src.id:
            continue
        metal = 0.01 * item["mass_kg"] * src.yld
        moved = {el: metal * (dst.content(el) - src.content(el)) / 100.0
                 for el, _, _ in limits}
        # only a swap that moves some limited element by 1e-4*mass matters
        if max(abs(v) for v in moved.values()) > 1e-4 * heat["mass_kg"]:
            item["mass_kg"] *= 0.99
            heat["charge"].append({"id": dst.id, "mass_kg": metal / dst.yld})
            merge_duplicates(heat)
            refresh(p, plant)
            # the swap keeps the metal, so it must break an element limit
            # *or* be still feasible (a limit had slack); report which.
            return p, ["wt%"]
    return None, None


def perturb_availability(plan, plant):
    """Charge a limited material 1% above its stock (extra kg in one heat,
    the tapped metal is then off too, but availability must be named)."""
    p = copy.deepcopy(plan)
    used = {}
    for heat in p["heats"]:
        for item in heat["charge"]:
            used[item["id"]] = used.get(item["id"], 0.0) + item["mass_kg"]
    limited = [m for m in plant.materials if m.mass is not None]
    mat = max(limited, key=lambda m: used.get(m.id, 0.0))
    extra = mat.mass * 1.01 - used.get(mat.id, 0.0)
    heat = p["heats"][0]
    heat["charge"].append({"id": mat.id, "mass_kg": extra})
    merge_duplicates(heat)
    return refresh(p, plant), ["available"]


def perturb_fields(plan, plant):
    """Bookkeeping errors: each must be reported with its own message."""
    cases = []
    p = copy.deepcopy(plan)
    p["total_cost"] *= 1 + 1e-5
    cases.append((p, ["total_cost"]))
    p = copy.deepcopy(plan)
    p["heats"][0]["cost"] += 1e-5 * max(1.0, abs(p["heats"][0]["cost"])) + 1
    cases.append((p, ["cost"]))
    p = copy.deepcopy(plan)
    comp = p["heats"][0]["composition"]
    if comp:
        el = sorted(comp)[0]
        comp[el] += 1e-5
        cases.append((p, ["composition"]))
    p = copy.deepcopy(plan)
    p["heats"][0]["charge"].append({"id": "NO-SUCH-LOT", "mass_kg": 1.0})
    cases.append((p, ["unknown id"]))
    p = copy.deepcopy(plan)
    p["heats"][0]["charge"].append({"id": plant.materials[-1].id,
                                    "mass_kg": -1e-3})
    cases.append((p, ["negative"]))
    p = copy.deepcopy(plan)
    p["heats"].pop()
    cases.append((p, ["missing"]))
    p = copy.deepcopy(plan)
    p["status"] = "infeasible"
    cases.append((p, ["status"]))
    return cases


def binding_stats(plant, plan):
    """(element limits binding, element limits total, stocks binding)."""
    bind = total = 0
    used = {}
    for heat in plan["heats"]:
        mass = heat["mass_kg"]
        el = {}
        for item in heat["charge"]:
            mat = plant.by_id[item["id"]]
            used[mat.id] = used.get(mat.id, 0.0) + item["mass_kg"]
            for e, c in mat.comp.items():
                el[e] = el.get(e, 0.0) + mat.yld * item["mass_kg"] * c / 100
        for e, lo, hi in plant.grades[heat["grade"]]:
            for b in (lo, hi):
                if b is None or (b == lo and b <= 0):
                    continue
                total += 1
                if abs(el.get(e, 0.0) - b / 100.0 * mass) <= 1e-7 * mass:
                    bind += 1
    stocks = sum(1 for m in plant.materials if m.mass is not None and
                 used.get(m.id, 0.0) >= m.mass * (1 - 1e-9))
    return bind, total, stocks


def check_perturbations(plant, plan, objective, errors, seed):
    """Every perturbation must be rejected with the expected message."""
    cases = [perturb_move(plan, plant), perturb_availability(plan, plant)]
    swap = perturb_swap(plan, plant)
    cases += perturb_fields(plan, plant)
    caught = 0
    for p, words in cases:
        v = violations(plant, p, objective)
        if not v or not any(w in msg for msg in v for w in words):
            errors.append(f"seed {seed}: perturbation expecting {words} "
                          f"not caught: {v}")
        else:
            caught += 1
    swap_caught = None
    if swap[0] is not None:
        swap_caught = bool(violations(plant, swap[0]))
    return caught, len(cases), swap_caught


def one_seed(seed, tmp, gen_args, errors, stats):
    """Generate, solve and cross-check one plant."""
    d = os.path.join(tmp, f"s{seed}")
    wit, pl = d + ".witness.json", d + ".cbc.json"
    rc, out = run_tool(os.path.join(HERE, "gen_plant.py"), "--seed",
                       str(seed), "--out", d, "--witness", wit, *gen_args)
    if rc:
        errors.append(f"seed {seed}: generator failed: {out}")
        return
    meta = json.loads(out)
    rc, out = run_tool(os.path.join(HERE, "ref_lp.py"), d, "--plan", pl)
    ref = json.loads(out.splitlines()[0]) if out else {}
    plant = plantcsv.load_plant(d)
    line = (f"seed {seed:3d}: lots {meta['lots']:4d} heats {meta['heats']} "
            f"el {len(meta['elements']):2d} gen "
            f"{'feasible' if meta['feasible'] else 'INFEASIBLE'} "
            f"cbc {ref.get('status')}")
    if not meta["feasible"]:
        stats["infeasible"] += 1
        if ref.get("status") != "infeasible":
            errors.append(f"seed {seed}: planted {meta['infeasibility']} "
                          f"but CBC says {ref.get('status')}")
        print(line + f"  [{meta['infeasibility']}]")
        return
    stats["feasible"] += 1
    if ref.get("status") != "optimal":
        errors.append(f"seed {seed}: feasible by construction, CBC says "
                      f"{ref.get('status')}")
        print(line)
        return
    obj = ref["objective"]
    with open(pl) as fh:
        plan = json.load(fh)
    with open(wit) as fh:
        witness = json.load(fh)
    rc, out = run_tool(os.path.join(HERE, "check_plan.py"), d, pl,
                       "--objective", repr(obj))
    if rc:
        errors.append(f"seed {seed}: CBC plan rejected: {out}")
    rc, out = run_tool(os.path.join(HERE, "check_plan.py"), d, wit)
    if rc:
        errors.append(f"seed {seed}: witness rejected: {out}")
    if witness["total_cost"] < obj * (1 - 1e-9) - 1e-6:
        errors.append(f"seed {seed}: witness {witness['total_cost']} "
                      f"cheaper than CBC optimum {obj}")
    bind, total, stocks = binding_stats(plant, plan)
    caught, ncases, swap = check_perturbations(plant, plan, obj, errors,
                                               seed)
    stats["bind"].append(bind)
    stats["stocks"].append(stocks)
    stats["swap"].append(swap)
    print(line + f"  cost {obj:.2f} (witness +"
          f"{100 * (witness['total_cost'] / obj - 1) if obj else 0:.1f}%)"
          f" binding limits {bind}/{total} stocks {stocks}"
          f" perturbations caught {caught}/{ncases}"
          f" swap {'caught' if swap else 'harmless' if swap is False else '-'}")


def gen_args_for(seed):
    """Vary sizes like e2e_random.sh does."""
    if seed % 10 == 3:
        return ["--lots", "200", "--heats", "8"]
    if seed % 10 == 7:
        return ["--lots", str(2 + seed % 4)]
    return []


def main():
    """Run the cross-checks and print a verdict."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--keep")
    ap.add_argument("--infeasible-rate", default="0.15")
    args = ap.parse_args()
    tmp = args.keep or tempfile.mkdtemp(prefix="selftest_")
    errors = []
    stats = {"feasible": 0, "infeasible": 0, "bind": [], "stocks": [],
             "swap": []}
    for seed in range(args.first, args.first + args.count):
        one_seed(seed, tmp, gen_args_for(seed) +
                 ["--infeasible-rate", args.infeasible_rate], errors, stats)
    b = stats["bind"]
    print(f"feasible {stats['feasible']}, infeasible {stats['infeasible']}; "
          f"binding element limits per optimal plant: min {min(b or [0])} "
          f"mean {sum(b) / max(1, len(b)):.1f}; plants with >=2 binding "
          f"{sum(1 for x in b if x >= 2)}/{len(b)}; "
          f"swaps caught {sum(1 for s in stats['swap'] if s)}"
          f"/{sum(1 for s in stats['swap'] if s is not None)}")
    for e in errors:
        print("ERROR", e)
    if not args.keep:
        subprocess.run(["rm", "-rf", tmp])
    print(f"selftest: {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
