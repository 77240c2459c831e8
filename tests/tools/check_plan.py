#!/usr/bin/env python3
"""Independent checker of a `remelt plan --format json` result.

usage: check_plan.py DIR PLAN.json [--tol 1e-6] [--comp-tol 1e-6]
                     [--objective C]

Recomputes everything from DIR's CSV files (plantcsv, not remelt's reader)
and the plan's charges, and reports every violation of the FORMATS.md
margin-0 model.  Exit 0 when all checks pass, 1 with the list of violations
on stdout, 2 when DIR itself cannot be read (a problem of the test, not of
the plan).

Tolerances (tol = --tol, default 1e-6), all scaled so that they mean the
same on a 2 t and a 30 t heat and are ~10x looser than CBC/simplex feasibility
tolerances but far tighter than anything a metallurgist would notice:
  tapped metal   |sum_i yield_i x_i - mass_h| <= tol * mass_h
  element limit  element kg within [min/100*mass_h - tol*mass_h,
                                    max/100*mass_h + tol*mass_h]
                 i.e. 1e-4 wt% of slack on each side of a limit
  availability   sum_h x_i <= mass_kg_i + tol * mass_kg_i
  charge         every x >= 0 (a negative listed mass is a violation), each
                 id known and listed at most once per heat
  cost           |cost_h - sum_i price_i x_i| <= tol * max(1, |sum|),
                 |total_cost - sum_h cost_h| <= tol * max(1, |sum|)
  composition    every reported wt% within --comp-tol (absolute wt%) of the
                 recomputed one; the denominator may be the heat's mass_kg or
                 the plan's actual tapped metal (both are accepted, they
                 differ by at most the mass-balance tolerance); a key that is
                 not an element symbol is a violation; elements left out of
                 "composition" are not (FORMATS.md does not require them all)
  status         must be "optimal": a plan with another status has nothing
                 to check and does not pass
  heats          each heat of heats.csv exactly once, same grade and mass
  --objective C  also |total_cost - C| <= tol * max(1, |C|) (e.g. C from
                 ref_lp.py)

Practical charge rules (FORMATS.md), checked when the data has them:
  bath           a heat in furnace f: bath mass B = heel_kg_f + mass_h;
                 element kg = heel_kg_f*heel_e/100 + sum_i yield_i x_i c_ie
                 /100 * rec_fe; limits [min/100*B - tol*B, max/100*B +
                 tol*B]; composition = the bath's (denominator B or
                 heel + tapped metal), within --comp-tol
  sequence       a heat whose heel is left by the heat before it in its
                 furnace (heats.csv sequence): the heel's element kg are
                 heel_kg / bath_before times the element kg of that bath,
                 recomputed from that heat's charge in the plan
  heel           a heat's "heel" object when the plan gives one: kg, "from"
                 (the heat before it in its furnace's sequence, else
                 "furnace") and composition (that heat's bath, recomputed
                 from its charge; else the furnace's heel analysis)
  capacity       heel + mass_h <= capacity_kg (a data error: exit 2)
  whole units    |x/unit_kg - round(x/unit_kg)| <= tol (1e-6 of a unit);
                 such a charge must report "units" (a whole number equal
                 to round(x/unit_kg)) and "unit_kg" (== the data's)
  minimum        a charge >= 1e-6 kg is >= min - tol*max(1, min), min the
                 material's min_kg if given, else none for a unit_kg
                 material, else the furnace's min_charge_kg
  materials      charges >= 1e-6 kg per heat <= max_materials of the furnace
  material rules material_rules.csv (plantcsv.Rule), per heat of a grade a
                 rule applies to, S its materials, T the heat's charged
                 kg: sum_S x <= max_kg + max(1e-6, tol*max_kg);
                 sum_S x <= max_share*T + max(1e-6, tol*T);
                 sum_S x >= min_share*T - max(1e-6, tol*T)
  quarantine     no charge >= 1e-6 kg of a material with quarantine 1
  fields         a heat in a furnace must report "furnace" (its id),
                 "heel_kg" and "bath_kg" (== heel + mass_kg, relative tol);
                 a heat without furnace, if it reports them, null / 0 /
                 mass_kg; a "recovery" object, if any, maps elements to the
                 furnace's rec_<El> (1 when not given)
"""

import argparse
import json
import math
import os
import sys

sys.dont_write_bytecode = True   # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plantcsv  # noqa: E402


CHARGED = 1e-6   # kg: a charge at least this big counts as a material


def is_number(value):
    """JSON number (not bool) and finite."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def rel_close(a, b, tol):
    """|a - b| <= tol * max(1, |b|): relative, absolute near zero."""
    return abs(a - b) <= tol * max(1.0, abs(b))


class Checker:
    """Collects violations of one plan against one plant."""

    def __init__(self, plant, tol, comp_tol):
        self.plant, self.tol, self.comp_tol = plant, tol, comp_tol
        self.violations = []
        self.used = {}      # material id -> kg over all heats
        self.heat_index = {hid: h for h, (hid, _, _) in
                           enumerate(plant.heats)}

    def fail(self, msg):
        """Record a violation (checks go on so all problems are listed)."""
        self.violations.append(msg)

    def check(self, plan, objective=None):
        """Run all checks of a parsed plan."""
        if not isinstance(plan, dict):
            self.fail("plan is not a JSON object")
            return
        if plan.get("status") != "optimal":
            self.fail(f"status is {plan.get('status')!r}, expected "
                      f"'optimal' for a plan")
        heats = plan.get("heats")
        if not isinstance(heats, list):
            self.fail("'heats' missing or not a list")
            return
        costs = self.check_heats(heats)
        self.check_availability()
        self.check_total(plan.get("total_cost"), costs, objective)

    def check_heats(self, heats):
        """Each planned heat, and coverage of heats.csv; returns the
        reported heat costs (for total_cost)."""
        wanted = {hid: (grade, mass) for hid, grade, mass in self.plant.heats}
        seen, costs = set(), []
        # every heat's charge first: a heel in a furnace sequence is made of
        # the heat before's (bath_masses)
        self.charges = {}
        for heat in heats:
            if isinstance(heat, dict) and isinstance(heat.get("charge"), list):
                self.charges[heat.get("heat")] = {
                    it["id"]: it["mass_kg"] for it in heat["charge"]
                    if isinstance(it, dict) and it.get("id") in
                    self.plant.by_id and is_number(it.get("mass_kg"))}
        for n, heat in enumerate(heats):
            hid = heat.get("heat") if isinstance(heat, dict) else None
            if hid not in wanted:
                self.fail(f"heats[{n}]: unknown heat {hid!r}")
                continue
            if hid in seen:
                self.fail(f"heat {hid}: listed twice")
                continue
            seen.add(hid)
            cost = self.check_heat(hid, heat, *wanted[hid])
            if cost is not None:
                costs.append(cost)
        for hid in wanted:
            if hid not in seen:
                self.fail(f"heat {hid}: missing from the plan")
        return costs

    def check_heat(self, hid, heat, grade, mass):
        """One heat: header fields, charge, metal, limits, cost, analysis."""
        if heat.get("grade") != grade:
            self.fail(f"heat {hid}: grade {heat.get('grade')!r}, "
                      f"heats.csv says {grade!r}")
        if not is_number(heat.get("mass_kg")) or \
                not rel_close(heat["mass_kg"], mass, 1e-9):
            self.fail(f"heat {hid}: mass_kg {heat.get('mass_kg')!r}, "
                      f"heats.csv says {mass!r}")
        charge = self.read_charge(hid, heat.get("charge"))
        if charge is None:
            return None
        h = self.heat_index[hid]
        fur = self.plant.furnace_of(h)
        self.check_furnace_fields(hid, heat, fur, mass)
        self.check_rules(hid, heat.get("charge"), charge, fur)
        self.check_material_rules(hid, grade, charge)
        tapped = self.check_tapped(hid, charge, mass)
        elmass = self.bath_masses(h, charge)
        self.check_heel(hid, h, heat.get("heel"))
        self.check_limits(hid, grade, mass + fur.heel, elmass)
        self.check_composition(hid, heat.get("composition"),
                               mass + fur.heel, tapped + fur.heel, elmass)
        return self.check_cost(hid, heat.get("cost"), charge)

    def check_furnace_fields(self, hid, heat, fur, mass):
        """"furnace", "heel_kg", "bath_kg" of a heat (required in a
        furnace, consistent when present otherwise)."""
        in_furnace = fur.id is not None
        if in_furnace or "furnace" in heat:
            said = heat.get("furnace", "<missing>")
            if said != fur.id:
                self.fail(f"heat {hid}: furnace {said!r}, heats.csv says "
                          f"{fur.id!r}")
        for key, want in (("heel_kg", fur.heel),
                          ("bath_kg", fur.heel + mass)):
            if not in_furnace and key not in heat:
                continue
            val = heat.get(key)
            if not is_number(val) or not rel_close(val, want, self.tol):
                self.fail(f"heat {hid}: {key} {val!r}, expected {want!r}")
        rec = heat.get("recovery")
        if isinstance(rec, dict):
            for el, val in rec.items():
                want = fur.recovery(el)
                if not is_number(val) or abs(val - want) > 1e-12:
                    self.fail(f"heat {hid}: recovery {el} {val!r}, "
                              f"furnaces.csv says {want!r}")
        elif rec is not None:
            self.fail(f"heat {hid}: recovery {rec!r} is not an object")

    def check_rules(self, hid, items, charge, fur):
        """Whole units (and the reported units), minimum charges and the
        number of materials of one heat."""
        for item in items:
            if not isinstance(item, dict):
                continue
            mat = self.plant.by_id.get(item.get("id"))
            kg = item.get("mass_kg")
            if mat is None or not is_number(kg):
                continue
            if mat.unit is None:
                if "units" in item or "unit_kg" in item:
                    self.check_reported_units(hid, item, mat, kg, None)
                continue
            n = round(kg / mat.unit)
            if abs(kg / mat.unit - n) > self.tol:
                self.fail(f"heat {hid}: {mat.id}: {kg!r} kg is not whole "
                          f"units of {mat.unit!r} kg ({kg / mat.unit!r} "
                          f"units)")
            self.check_reported_units(hid, item, mat, kg, n)
        count = 0
        h = self.heat_index[hid]
        index = {m.id: i for i, m in enumerate(self.plant.materials)}
        for mid, kg in charge.items():
            if kg < CHARGED:
                continue
            count += 1
            mn = self.plant.min_charge(index[mid], h)
            if mn and kg < mn - self.tol * max(1.0, mn):
                self.fail(f"heat {hid}: {mid}: {kg!r} kg below the minimum "
                          f"charge {mn!r} (min_kg, else the furnace's "
                          f"min_charge_kg)")
        if fur.max_materials is not None and count > fur.max_materials:
            self.fail(f"heat {hid}: {count} materials charged, furnace "
                      f"{fur.id} allows max_materials {fur.max_materials}")

    def check_material_rules(self, hid, grade, charge):
        """Every rule of material_rules.csv that applies to the grade, and
        quarantine, recomputed from the files (plantcsv's matching)."""
        total = math.fsum(charge.values())
        for rule in self.plant.rules:
            if not rule.applies(grade):
                continue
            ids = {self.plant.materials[i].id
                   for i in rule.members(self.plant)}
            kg = math.fsum(v for mid, v in charge.items() if mid in ids)
            what = (f"heat {hid}: rule {rule.grade},{rule.material} "
                    f"(material_rules.csv:{rule.line})")
            if rule.max_kg is not None and \
                    kg > rule.max_kg + max(CHARGED, self.tol * rule.max_kg):
                self.fail(f"{what}: {kg!r} kg charged, max_kg "
                          f"{rule.max_kg!r}")
            slack = max(CHARGED, self.tol * total)
            if rule.max_share is not None and \
                    kg > rule.max_share * total + slack:
                self.fail(f"{what}: {kg!r} of {total!r} kg charged, above "
                          f"max_share {rule.max_share!r}")
            if rule.min_share is not None and \
                    kg < rule.min_share * total - slack:
                self.fail(f"{what}: {kg!r} of {total!r} kg charged, below "
                          f"min_share {rule.min_share!r}")
        for mid, kg in charge.items():
            if kg >= CHARGED and self.plant.by_id[mid].quarantine:
                self.fail(f"heat {hid}: {mid}: {kg!r} kg of a quarantined "
                          f"material")

    def check_reported_units(self, hid, item, mat, kg, n):
        """"units" / "unit_kg" of a charge item agree with the data."""
        if n is None:
            self.fail(f"heat {hid}: {mat.id}: reports units/unit_kg but "
                      f"the material has no unit_kg")
            return
        units, unit_kg = item.get("units"), item.get("unit_kg")
        if not is_number(units) or units != math.floor(units):
            self.fail(f"heat {hid}: {mat.id}: units {units!r} missing or "
                      f"not a whole number")
        elif units != n:
            self.fail(f"heat {hid}: {mat.id}: units {units!r}, but "
                      f"{kg!r} kg is {n} units of {mat.unit!r} kg")
        if not is_number(unit_kg) or not rel_close(unit_kg, mat.unit,
                                                   1e-12):
            self.fail(f"heat {hid}: {mat.id}: unit_kg {unit_kg!r}, data "
                      f"says {mat.unit!r}")

    def read_charge(self, hid, charge):
        """{material id: kg} of a heat, recording malformed entries."""
        if not isinstance(charge, list):
            self.fail(f"heat {hid}: 'charge' missing or not a list")
            return None
        out = {}
        for n, item in enumerate(charge):
            mid = item.get("id") if isinstance(item, dict) else None
            kg = item.get("mass_kg") if isinstance(item, dict) else None
            if mid not in self.plant.by_id:
                self.fail(f"heat {hid}: charge[{n}]: unknown id {mid!r}")
                continue
            if not is_number(kg):
                self.fail(f"heat {hid}: {mid}: mass_kg {kg!r} not a number")
                continue
            if kg < 0:
                self.fail(f"heat {hid}: {mid}: negative mass {kg!r} kg")
            if mid in out:
                self.fail(f"heat {hid}: {mid}: listed twice")
                kg += out[mid]
            out[mid] = kg
            self.used[mid] = self.used.get(mid, 0.0) + kg
        return out

    def check_tapped(self, hid, charge, mass):
        """sum yield*x == mass_h within tol * mass_h."""
        tapped = math.fsum(self.plant.by_id[mid].yld * kg
                           for mid, kg in charge.items())
        if abs(tapped - mass) > self.tol * mass:
            self.fail(f"heat {hid}: tapped metal {tapped!r} kg != "
                      f"{mass!r} kg (off by {tapped - mass:.6g} kg)")
        return tapped

    def element_masses(self, charge, fur=plantcsv.NO_FURNACE):
        """{element: kg in the bath}: the heel's plus the charged metal's
        times its recovery (the material's rec_<El>, else the furnace's;
        no furnace: the tapped metal's);
        not reported counts 0."""
        out = {el: [fur.heel * fur.heel_content(el) / 100.0]
               for el in self.plant.elements}
        for mid, kg in charge.items():
            mat = self.plant.by_id[mid]
            for el, c in mat.comp.items():
                out[el].append(mat.yld * kg * c / 100.0 *
                               mat.recovery(el, fur))
        return {el: math.fsum(v) for el, v in out.items()}

    def bath_masses(self, h, charge):
        """element_masses of heat h, with a heel left by the heat before it
        in its furnace's sequence recomputed from that heat's charge in the
        plan (recursively): heel / bath of it times its bath's element kg."""
        fur = self.plant.furnace_of(h)
        p = self.plant.prev(h)
        if p is None or self.plant.heats[p][0] not in self.charges:
            return self.element_masses(charge, fur)
        own = self.element_masses(charge, plantcsv.Furnace(
            fur.id, fur.capacity, 0.0, fur.max_materials, fur.heel_comp,
            fur.rec, fur.line))
        before = self.bath_masses(p, self.charges[self.plant.heats[p][0]])
        r = fur.heel / (self.plant.furnace_of(p).heel + self.plant.heats[p][2])
        return {el: own[el] + r * before.get(el, 0.0) for el in own}

    def check_heel(self, hid, h, heel):
        """The heat's "heel" object when the plan gives one: its kg, where it
        came from (the heat before it in its furnace's sequence, else
        "furnace") and its wt% (that heat's bath recomputed from the plan's
        charges, else the furnace's heel analysis)."""
        if heel is None:
            return
        fur = self.plant.furnace_of(h)
        p = self.plant.prev(h)
        if not isinstance(heel, dict) or not is_number(heel.get("kg")) or \
                not rel_close(heel["kg"], fur.heel, 1e-9):
            self.fail(f"heat {hid}: heel {heel!r}, heel kg {fur.heel!r}")
            return
        if p is None:
            want_from = "furnace"
            want = {el: fur.heel_content(el) for el in self.plant.elements}
        else:
            pid, _, pmass = self.plant.heats[p]
            want_from = pid
            bath = self.plant.furnace_of(p).heel + pmass
            el_p = self.bath_masses(p, self.charges.get(pid, {}))
            want = {el: 100.0 * v / bath for el, v in el_p.items()}
        if heel.get("from") != want_from:
            self.fail(f"heat {hid}: heel from {heel.get('from')!r}, the "
                      f"data say {want_from!r}")
        comp = heel.get("composition")
        if not isinstance(comp, dict):
            self.fail(f"heat {hid}: heel composition {comp!r}")
            return
        for el, v in want.items():
            got = comp.get(el, 0.0)
            if not is_number(got) or abs(got - v) > self.comp_tol:
                self.fail(f"heat {hid}: heel {el} reported {got!r} wt%, "
                          f"recomputed {v!r}")

    def check_limits(self, hid, grade, mass, elmass):
        """Every element limit of the grade, in kg, tol*mass slack (mass =
        the bath: heel + tapped metal)."""
        slack = self.tol * mass
        for el, lo, hi in self.plant.grades[grade]:
            kg = elmass.get(el, 0.0)
            pct = 100.0 * kg / mass
            if lo is not None and kg < lo / 100.0 * mass - slack:
                self.fail(f"heat {hid}: {el} {pct:.8g} wt% below min {lo} "
                          f"({lo / 100.0 * mass - kg:.6g} kg short)")
            if hi is not None and kg > hi / 100.0 * mass + slack:
                self.fail(f"heat {hid}: {el} {pct:.8g} wt% above max {hi} "
                          f"({kg - hi / 100.0 * mass:.6g} kg over)")

    def check_composition(self, hid, comp, mass, tapped, elmass):
        """Reported wt% == recomputed (heat mass or tapped denominator)."""
        if not isinstance(comp, dict):
            self.fail(f"heat {hid}: 'composition' missing or not an object")
            return
        for el, val in comp.items():
            if el not in plantcsv.ELEMENT_SYMBOLS:
                self.fail(f"heat {hid}: composition key {el!r} is not an "
                          f"element symbol")
                continue
            if not is_number(val):
                self.fail(f"heat {hid}: composition {el} {val!r} not a "
                          f"number")
                continue
            kg = elmass.get(el, 0.0)
            cands = [100.0 * kg / mass]
            if tapped > 0:
                cands.append(100.0 * kg / tapped)
            if min(abs(val - c) for c in cands) > self.comp_tol:
                self.fail(f"heat {hid}: composition {el} reported {val!r} "
                          f"wt%, recomputed {cands[0]!r}")

    def check_cost(self, hid, cost, charge):
        """Heat cost == sum price*x; returns the reported cost."""
        real = math.fsum(self.plant.by_id[mid].price * kg
                         for mid, kg in charge.items())
        if not is_number(cost):
            self.fail(f"heat {hid}: cost {cost!r} not a number")
            return None
        if not rel_close(cost, real, self.tol):
            self.fail(f"heat {hid}: cost {cost!r}, recomputed {real!r}")
        return cost

    def check_availability(self):
        """Sum over heats <= stock for lots and limited additives."""
        for mid, kg in sorted(self.used.items()):
            stock = self.plant.by_id[mid].mass
            if stock is not None and kg > stock * (1.0 + self.tol):
                self.fail(f"{mid}: {kg!r} kg charged over all heats, only "
                          f"{stock!r} kg available")

    def check_total(self, total, costs, objective):
        """total_cost == sum of heat costs (and the reference objective)."""
        if not is_number(total):
            self.fail(f"total_cost {total!r} not a number")
            return
        want = math.fsum(costs)
        if not rel_close(total, want, self.tol):
            self.fail(f"total_cost {total!r} != sum of heat costs {want!r}")
        if objective is not None and not rel_close(total, objective,
                                                   self.tol):
            self.fail(f"total_cost {total!r} != reference optimum "
                      f"{objective!r} (diff {total - objective:.6g})")


def load_plan(path):
    """Parse the plan file; (plan, error message)."""
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh), None
    except (OSError, ValueError) as exc:
        return None, f"cannot read plan {path}: {exc}"


def main(argv=None):
    """Check one plan, print the verdict, return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("plan")
    ap.add_argument("--tol", type=float, default=1e-6)
    ap.add_argument("--comp-tol", type=float, default=1e-6,
                    help="absolute wt%% tolerance of 'composition'")
    ap.add_argument("--objective", type=float,
                    help="reference optimum total_cost must match")
    args = ap.parse_args(argv)
    try:
        plant = plantcsv.load_plant(args.dir)
    except (plantcsv.PlantError, OSError) as exc:
        print(f"check_plan.py: {exc}", file=sys.stderr)
        return 2
    checker = Checker(plant, args.tol, args.comp_tol)
    plan, err = load_plan(args.plan)
    if err:
        checker.fail(err)
    else:
        checker.check(plan, args.objective)
    if checker.violations:
        print(f"FAIL: {len(checker.violations)} violation(s)")
        for msg in checker.violations:
            print(f"  - {msg}")
        return 1
    print(f"OK: {len(plant.heats)} heat(s), "
          f"{sum(1 for _ in checker.used)} material(s) charged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
