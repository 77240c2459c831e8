#!/usr/bin/env python3
"""Cross-check of the test tools against each other (no remelt needed).

usage: selftest_tools.py [--count 50] [--first 1] [--keep DIR] [--rules]

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
With --rules the plants have units, minimums and furnaces (gen_plant.py
--rules) and CBC solves the MIP; in addition the rules perturbations are
rejected (half a unit more, a wrong or missing "units", a charge at half
its min_kg, one material more than max_materials, a wrong furnace /
heel_kg / bath_kg, the composition of the charge instead of the bath),
and the MIP optimum is not below the LP relaxation (heels and recoveries
kept, integer rules dropped).
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
sys.dont_write_bytecode = True   # keep the source tree clean
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
    """Recompute costs, compositions (of the bath: heel + charge with
    recovery, for a heat in a furnace) and reported units after a
    perturbation so that only the physical violation we planted remains
    visible."""
    total = 0.0
    index = {hid: h for h, (hid, _, _) in enumerate(plant.heats)}
    for heat in plan["heats"]:
        fur = plant.furnace_of(index[heat["heat"]])
        cost = 0.0
        el = {e: fur.heel * fur.heel_content(e) / 100.0
              for e in plant.elements}
        for item in heat["charge"]:
            mat = plant.by_id[item["id"]]
            cost += mat.price * item["mass_kg"]
            if mat.unit is not None:
                item["units"] = round(item["mass_kg"] / mat.unit)
                item["unit_kg"] = mat.unit
            for e, c in mat.comp.items():
                el[e] += (mat.yld * item["mass_kg"] * c / 100.0 *
                          mat.recovery(e, fur))
        heat["cost"] = cost
        heat["composition"] = {e: 100.0 * v / (heat["mass_kg"] + fur.heel)
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
    material that moves a limited element by >= 1e-4*mass kg.

    The metal balance still holds, so the checker must object only if a
    limit had less slack than the move: the result is reported as
    caught/harmless, not as an error.  None when no material qualifies."""
    p = copy.deepcopy(plan)
    h, n = biggest_item(p)
    heat = p["heats"][h]
    item = heat["charge"][n]
    src = plant.by_id[item["id"]]
    limits = plant.grades[heat["grade"]]
    metal = 0.01 * item["mass_kg"] * src.yld
    for dst in plant.materials:
        if dst.id == src.id:
            continue
        moved = [metal * (dst.content(el) - src.content(el)) / 100.0
                 for el, _, _ in limits]
        if max(abs(v) for v in moved) > 1e-4 * heat["mass_kg"]:
            item["mass_kg"] *= 0.99
            heat["charge"].append({"id": dst.id, "mass_kg": metal / dst.yld})
            merge_duplicates(heat)
            return refresh(p, plant)
    return None


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
    """(element limits binding, element limits total, stocks binding);
    limits of the bath (heel + charge with recovery) in a furnace."""
    bind = total = 0
    used = {}
    index = {hid: h for h, (hid, _, _) in enumerate(plant.heats)}
    for heat in plan["heats"]:
        fur = plant.furnace_of(index[heat["heat"]])
        mass = heat["mass_kg"] + fur.heel
        el = {e: fur.heel * fur.heel_content(e) / 100.0
              for e in plant.elements}
        for item in heat["charge"]:
            mat = plant.by_id[item["id"]]
            used[mat.id] = used.get(mat.id, 0.0) + item["mass_kg"]
            for e, c in mat.comp.items():
                el[e] = el.get(e, 0.0) + (mat.yld * item["mass_kg"] * c /
                                          100 * mat.recovery(e, fur))
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


def heat_furnaces(plan, plant):
    """[(heat dict, Furnace)] of a plan."""
    index = {hid: h for h, (hid, _, _) in enumerate(plant.heats)}
    return [(heat, plant.furnace_of(index[heat["heat"]]))
            for heat in plan["heats"]]


def perturb_rules(plan, plant):
    """Violations of the practical charge rules, each with the word its
    message must contain (only those the plant can show)."""
    cases = []
    # half a unit more of a unit material (metal then off too)
    for h, heat in enumerate(plan["heats"]):
        for n, item in enumerate(heat["charge"]):
            mat = plant.by_id[item["id"]]
            if mat.unit is None:
                continue
            p = copy.deepcopy(plan)
            p["heats"][h]["charge"][n]["mass_kg"] += 0.5 * mat.unit
            refresh(p, plant)
            p["heats"][h]["charge"][n]["units"] = item["units"]
            cases.append((p, ["whole units"]))
            p = copy.deepcopy(plan)
            p["heats"][h]["charge"][n]["units"] += 1
            cases.append((p, ["units"]))
            p = copy.deepcopy(plan)
            del p["heats"][h]["charge"][n]["units"]
            cases.append((p, ["units"]))
            break
        else:
            continue
        break
    # a material with min_kg charged at half its minimum
    for h, heat in enumerate(plan["heats"]):
        mat = next((plant.by_id[it["id"]] for it in heat["charge"]
                    if plant.by_id[it["id"]].min_kg), None)
        if mat is None:
            mat = next((m for m in plant.materials if m.min_kg and
                        m.unit is None and m.id not in
                        {it["id"] for it in heat["charge"]}), None)
        if mat is None or mat.unit is not None:
            continue
        p = copy.deepcopy(plan)
        heat2 = p["heats"][h]
        heat2["charge"] = [it for it in heat2["charge"] if it["id"] != mat.id]
        heat2["charge"].append({"id": mat.id, "mass_kg": 0.5 * mat.min_kg})
        cases.append((refresh(p, plant), ["minimum"]))
        break
    # one material more than the furnace allows (1 kg of it)
    for h, (heat, fur) in enumerate(heat_furnaces(plan, plant)):
        if fur.max_materials is None:
            continue
        have = {it["id"] for it in heat["charge"]
                if it["mass_kg"] >= check_plan.CHARGED}
        extra = [m for m in plant.materials if m.id not in have and
                 m.unit is None and not m.min_kg]
        need = fur.max_materials + 1 - len(have)
        if len(extra) < need:
            continue
        p = copy.deepcopy(plan)
        for m in extra[:need]:
            p["heats"][h]["charge"].append({"id": m.id, "mass_kg": 1.0})
        cases.append((refresh(p, plant), ["max_materials"]))
        break
    # bookkeeping of the bath
    for h, (heat, fur) in enumerate(heat_furnaces(plan, plant)):
        if fur.id is None:
            continue
        for key, words in (("furnace", ["furnace"]), ("heel_kg", ["heel_kg"]),
                           ("bath_kg", ["bath_kg"])):
            p = copy.deepcopy(plan)
            if key == "furnace":
                p["heats"][h][key] = None
            else:
                p["heats"][h][key] *= 1.001
            cases.append((p, words))
        if fur.heel > 0 and any(fur.heel_comp.values()):
            p = copy.deepcopy(plan)       # composition of the charge only
            comp = p["heats"][h]["composition"]
            el = {e: 0.0 for e in comp}
            for it in p["heats"][h]["charge"]:
                mat = plant.by_id[it["id"]]
                for e in comp:
                    el[e] += mat.yld * it["mass_kg"] * mat.content(e) / 100
            p["heats"][h]["composition"] = {
                e: 100 * v / p["heats"][h]["mass_kg"] for e, v in el.items()}
            if any(abs(p["heats"][h]["composition"][e] - comp[e]) > 1e-5
                   for e in comp):
                cases.append((p, ["composition"]))
        break
    return cases


def check_perturbations(plant, plan, objective, errors, seed):
    """Every perturbation must be rejected with the expected message."""
    cases = [perturb_move(plan, plant), perturb_availability(plan, plant)]
    swap = perturb_swap(plan, plant)
    cases += perturb_fields(plan, plant)
    if plant.has_rules():
        cases += perturb_rules(plan, plant)
    caught = 0
    for p, words in cases:
        v = violations(plant, p, objective)
        if not v or not any(w in msg for msg in v for w in words):
            errors.append(f"seed {seed}: perturbation expecting {words} "
                          f"not caught: {v}")
        else:
            caught += 1
    swap_caught = None
    if swap is not None:
        swap_caught = bool(violations(plant, swap))
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
    print(line + check_optimal_seed(seed, d, ref["objective"], pl, wit,
                                    errors, stats))


def check_optimal_seed(seed, d, obj, pl, wit, errors, stats):
    """CBC's plan and the witness pass, the witness is not cheaper than
    the optimum, limits bind, perturbations are caught; returns the tail
    of the progress line."""
    plant = plantcsv.load_plant(d)
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
    stats["swap"].append(swap)
    extra = 100 * (witness["total_cost"] / obj - 1) if obj else 0.0
    swap_txt = "caught" if swap else "harmless" if swap is False else "-"
    tail = ""
    if plant.has_rules():
        tail = rules_stats(plant, plan, d, obj, errors, seed, stats)
    return (f"  cost {obj:.2f} (witness +{extra:.1f}%)"
            f" binding limits {bind}/{total} stocks {stocks}"
            f" perturbations caught {caught}/{ncases} swap {swap_txt}"
            + tail)


def rules_stats(plant, plan, d, obj, errors, seed, stats):
    """How the rules bind in CBC's MIP optimum: cost over the LP
    relaxation (heels and recoveries kept), heats at max_materials,
    charges at min_kg, unit charges."""
    rc, out = run_tool(os.path.join(HERE, "ref_lp.py"), d, "--relax")
    relax = json.loads(out.splitlines()[0]) if out else {}
    lp = relax.get("objective")
    if relax.get("status") != "optimal" or lp is None:
        errors.append(f"seed {seed}: relaxation not optimal: {out[:200]}")
        return ""
    if lp > obj * (1 + 1e-9) + 1e-6:
        errors.append(f"seed {seed}: LP relaxation {lp} above MIP {obj}")
    at_max = at_min = units = 0
    for heat, fur in heat_furnaces(plan, plant):
        items = [it for it in heat["charge"]
                 if it["mass_kg"] >= check_plan.CHARGED]
        if fur.max_materials is not None and len(items) == fur.max_materials:
            at_max += 1
        for it in items:
            mat = plant.by_id[it["id"]]
            if mat.min_kg and abs(it["mass_kg"] - mat.min_kg) <= \
                    max(1e-6 * mat.min_kg, mat.unit or 0):
                at_min += 1
            units += mat.unit is not None
    ratio = obj / lp if lp else 1.0
    stats.setdefault("ratio", []).append(ratio)
    stats.setdefault("at_max", []).append(at_max)
    stats.setdefault("at_min", []).append(at_min)
    return (f" mip/lp {ratio:.4f} heats at max_materials {at_max}"
            f" charges at min_kg {at_min} unit charges {units}")


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
    ap.add_argument("--rules", action="store_true",
                    help="plants with the practical charge rules (MIP)")
    args = ap.parse_args()
    tmp = args.keep or tempfile.mkdtemp(prefix="selftest_")
    errors = []
    stats = {"feasible": 0, "infeasible": 0, "bind": [], "swap": []}
    for seed in range(args.first, args.first + args.count):
        gen = ["--rules"] if args.rules else gen_args_for(seed)
        one_seed(seed, tmp, gen + ["--infeasible-rate",
                                   args.infeasible_rate], errors, stats)
    b = stats["bind"]
    print(f"feasible {stats['feasible']}, infeasible {stats['infeasible']}; "
          f"binding element limits per optimal plant: min {min(b or [0])} "
          f"mean {sum(b) / max(1, len(b)):.1f}; plants with >=2 binding "
          f"{sum(1 for x in b if x >= 2)}/{len(b)}; "
          f"swaps caught {sum(1 for s in stats['swap'] if s)}"
          f"/{sum(1 for s in stats['swap'] if s is not None)}")
    if stats.get("ratio"):
        r = stats["ratio"]
        print(f"rules: MIP over LP relaxation mean {sum(r) / len(r):.4f} "
              f"max {max(r):.4f}, plants where the rules cost something "
              f"{sum(1 for x in r if x > 1 + 1e-9)}/{len(r)}; plants with "
              f"a heat at max_materials "
              f"{sum(1 for x in stats['at_max'] if x)}, with a charge at "
              f"min_kg {sum(1 for x in stats['at_min'] if x)}")
    for e in errors:
        print("ERROR", e)
    if not args.keep:
        subprocess.run(["rm", "-rf", tmp])
    print(f"selftest: {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
