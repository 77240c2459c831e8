#!/usr/bin/env python3
"""Reference solver: the FORMATS.md least-cost LP (or MIP) solved by CBC.

usage: ref_lp.py DIR [--lp OUT.lp] [--plan PLAN.json] [--cbc PATH]
                 [--time-limit S] [--relax]

Builds exactly the contract model with --margin 0 --confidence 0 from DIR's
CSV files (read by plantcsv, not by remelt), writes it in CPLEX LP format,
runs `cbc OUT.lp solve solu SOL.txt saveSolution SOL.bin` and prints one JSON
object on stdout:

    {"status": "optimal"|"infeasible", "objective": float|null,
     "x": {"<lot id>|<heat id>": kg, ...}, "mip": bool}

Variables are named by index (x<material>_<heat>) so that no id, however
odd, can break the LP syntax; a comment block in the LP maps them back.
The text solution of CBC has only 8 significant digits, so the values are
taken from CBC's binary saveSolution file (full doubles) and the text file is
used for the status and the name -> column index map.

--plan writes CBC's solution in the FORMATS.md JSON shape (what `remelt plan
--format json` prints) so check_plan.py can be tested against it.

Practical charge rules (FORMATS.md): when the data has unit_kg, min_kg or
heats in furnaces, the heel and the element recoveries of the heat's furnace
(in a furnace sequence, heats.csv sequence, the heel is part of the bath of the
heat before it: that heat's columns enter this heat's element rows, plantcsv's
Plant.chain)
enter the element rows (linear), and the model becomes a MIP ("mip": true)
when it needs integers:
  x[i,h] = unit_kg_i * n[i,h]          n general integer, 0 <= n <= U/unit
  x[i,h] <= U[i,h] * y[i,h]            y binary "material i is in heat h"
  x[i,h] >= min_kg_i * y[i,h]          for a material with min_kg > 0
                                       (or the furnace's min_charge_kg,
                                       plantcsv.Plant.min_charge)
  sum_i y[i,h] <= max_materials_f      for a heat in a furnace with a limit
with the tightest valid big-M U[i,h] = min(stock_i, mass_h / yield_i) (as
whole units for a unit material): yield_i * x[i,h] <= mass_h because every
charge contributes non-negative metal.  A material whose min_kg exceeds U
cannot enter the heat: x is fixed to 0.  CBC runs with ratioGap 0,
allowableGap 0 and integerTolerance 1e-9, so its "optimal" is the exact MIP
optimum (up to floating point), not a gap-limited one.  y exists only where
a minimum or a material limit needs it, n only for unit materials; with no
rule in the data the LP text and the CBC command are the plain LP's.

Material rules (material_rules.csv) and quarantined lots add linear rows
(material_rule_rows): for a heat h of a grade a rule applies to, with S the
materials it matches and T = sum_i x[i,h] the heat's charged kg,
  sum_S x <= max_kg,  sum_S x - max_share T <= 0,  sum_S x - min_share T >= 0
and sum_h x[i,h] <= 0 for each quarantined material i.

Exit status: 0 solved (optimal or infeasible), 1 bad input or usage,
3 CBC failed or returned another status (printed as "status": "error").
"""

import argparse
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plantcsv  # noqa: E402

TERMS_PER_LINE = 8   # keep LP lines short (CPLEX LP caps lines at 510 chars)


def num(value):
    """Shortest round-trip text of a float (repr == 17 significant digits
    when needed), so the LP carries exactly the doubles we computed."""
    return repr(float(value))


def var_name(i, h):
    """Index-based variable name: immune to any character in the ids."""
    return f"x{i}_{h}"


def unit_name(i, h):
    """Whole number of units of material i in heat h (MIP)."""
    return f"n{i}_{h}"


def use_name(i, h):
    """Binary: material i is charged in heat h (MIP)."""
    return f"y{i}_{h}"


class MipVars:
    """Which integer variables the rules need, and their bounds."""

    def __init__(self, plant, relax=False):
        self.units = []      # [(i, h, unit_kg, n_max)]
        self.uses = []       # [(i, h, U, min_kg or 0)]
        self.fixed = set()   # (i, h) with x fixed to 0
        self.bound = {}      # (i, h) -> upper bound of x
        for h, (_, _, mass) in enumerate(plant.heats):
            fur = plant.furnace_of(h)
            for i, m in enumerate(plant.materials):
                upper = mass / m.yld
                if m.mass is not None:
                    upper = min(upper, m.mass)
                if relax:                 # heel and recovery only
                    self.bound[(i, h)] = upper
                    continue
                nmax = None
                if m.unit is not None:
                    nmax = math.floor(upper / m.unit + 1e-9)
                    upper = nmax * m.unit
                mn = plant.min_charge(i, h)
                if upper <= 0 or mn > upper * (1 + 1e-12):
                    self.fixed.add((i, h))
                    self.bound[(i, h)] = 0.0
                    continue
                self.bound[(i, h)] = upper
                if nmax is not None:
                    self.units.append((i, h, m.unit, nmax))
                if mn > 0 or fur.max_materials is not None:
                    self.uses.append((i, h, upper, mn))

    def integer(self):
        """True when the model has any integer variable."""
        return bool(self.units or self.uses)

    def names(self):
        """Integer column names in LP order (after all x columns)."""
        return ([unit_name(i, h) for i, h, _, _ in self.units] +
                [use_name(i, h) for i, h, _, _ in self.uses])


def linear_expr(terms):
    """Render [(coef, name)] as LP text with continuation lines.

    Zero coefficients are dropped; an empty expression (e.g. an element no
    material contains) keeps a 0 coefficient so the row still exists and CBC
    judges its feasibility.
    """
    parts = [f"{num(c)} {v}" for c, v in terms if c != 0.0]
    if not parts:
        parts = [f"0 {terms[0][1]}"]
    lines = []
    for k in range(0, len(parts), TERMS_PER_LINE):
        lines.append(" + ".join(parts[k:k + TERMS_PER_LINE]))
    return "\n   + ".join(lines)


def comment_map(plant):
    """LP comments that map index names back to ids (for humans)."""
    out = ["\\ remelt reference LP (tests/tools/ref_lp.py), margin 0"]
    for i, m in enumerate(plant.materials):
        out.append(f"\\ material {i}: {m.kind} {m.id!r}")
    for h, (hid, grade, mass) in enumerate(plant.heats):
        out.append(f"\\ heat {h}: {hid!r} grade {grade!r} mass {num(mass)}")
    return out


def objective_rows(plant, mip=None):
    """minimize sum price_i x[i,h]; every variable is listed (0 price
    too) so CBC's column order is our (heat, material) order, then the
    integer columns of the MIP (0 cost)."""
    terms = [(m.price, var_name(i, h))
             for h in range(len(plant.heats))
             for i, m in enumerate(plant.materials)]
    if mip is not None:
        terms += [(0.0, name) for name in mip.names()]
    parts = [f"{num(c)} {v}" for c, v in terms]
    lines = [" + ".join(parts[k:k + TERMS_PER_LINE])
             for k in range(0, len(parts), TERMS_PER_LINE)]
    return ["Minimize", " cost: " + "\n   + ".join(lines)]


def heat_rows(plant, h):
    """Tapped-metal equality and element limits of heat h (two rows for a
    ranged limit, constants on the right side).

    In a furnace the limits apply to the bath (heel + tapped metal): the
    heel's element kg move to the right side and the charged element kg
    are scaled by the recovery (the material's rec_<El>, else the furnace's).  Without a furnace heel = 0 and
    recovery = 1, which gives exactly the plain LP rows."""
    hid, grade, mass = plant.heats[h]
    mats = plant.materials
    fur = plant.furnace_of(h)
    bath = fur.heel + mass
    rows = []
    tapped = [(m.yld, var_name(i, h)) for i, m in enumerate(mats)]
    rows.append(f" mass_{h}: {linear_expr(tapped)} = {num(mass)}")
    for k, (el, lo, hi) in enumerate(plant.grades[grade]):
        # In a furnace sequence the heel is w of each earlier heat's bath
        # (plantcsv.Plant.chain): its charges enter this row scaled by w,
        # the chain's first heel is the constant.
        heel_el = plant.heel_const(h, el)
        terms = [(w * m.yld * m.content(el) / 100.0 *
                  m.recovery(el, plant.furnace_of(c)), var_name(i, c))
                 for c, w in plant.chain(h)
                 for i, m in enumerate(mats)]
        expr = None
        if lo is not None and lo > 0 and lo / 100.0 * bath - heel_el > 0:
            expr = linear_expr(terms)
            rows.append(f" lo_{h}_{k}: {expr} >= "
                        f"{num(lo / 100.0 * bath - heel_el)}")
        if hi is not None:
            expr = expr or linear_expr(terms)
            rows.append(f" hi_{h}_{k}: {expr} <= "
                        f"{num(hi / 100.0 * bath - heel_el)}")
    return rows


def mip_rows(plant, mip):
    """Units, use indicators, minimum charges and material limits."""
    rows = []
    for i, h, unit, _ in mip.units:
        rows.append(f" unit_{i}_{h}: {var_name(i, h)} - {num(unit)} "
                    f"{unit_name(i, h)} = 0")
    per_heat = {}
    for i, h, upper, mn in mip.uses:
        rows.append(f" use_{i}_{h}: {var_name(i, h)} - {num(upper)} "
                    f"{use_name(i, h)} <= 0")
        if mn > 0:
            rows.append(f" min_{i}_{h}: {var_name(i, h)} - {num(mn)} "
                        f"{use_name(i, h)} >= 0")
        per_heat.setdefault(h, []).append(use_name(i, h))
    for h in sorted(per_heat):
        limit = plant.furnace_of(h).max_materials
        if limit is not None:
            terms = [(1.0, name) for name in per_heat[h]]
            rows.append(f" count_{h}: {linear_expr(terms)} <= {limit}")
    return rows


def availability_rows(plant):
    """sum_h x[i,h] <= mass_kg_i for lots and limited additives."""
    rows = []
    nh = len(plant.heats)
    for i, m in enumerate(plant.materials):
        if m.mass is None:
            continue
        terms = [(1.0, var_name(i, h)) for h in range(nh)]
        rows.append(f" avail_{i}: {linear_expr(terms)} <= {num(m.mass)}")
    return rows


def material_rule_rows(plant):
    """material_rules.csv and quarantine (FORMATS.md), per heat h of a
    grade the rule applies to, S its members, charged kg T = sum_i x[i,h]:
      sum_S x <= max_kg;  sum_S x <= max_share * T;  sum_S x >= min_share * T
    and sum_h x[i,h] <= 0 for a quarantined material i."""
    rows = []
    nm = len(plant.materials)
    for h, (_, grade, _) in enumerate(plant.heats):
        for r, rule in enumerate(plant.rules):
            if not rule.applies(grade):
                continue
            members = set(rule.members(plant))
            only = [(1.0, var_name(i, h)) for i in sorted(members)]
            if only and rule.max_kg is not None:
                rows.append(f" rmaxkg_{r}_{h}: {linear_expr(only)} <= "
                            f"{num(rule.max_kg)}")
            for tag, share, sense in (("rmaxsh", rule.max_share, "<="),
                                      ("rminsh", rule.min_share, ">=")):
                if share is None:
                    continue
                terms = [((1.0 if i in members else 0.0) - share,
                          var_name(i, h)) for i in range(nm)]
                rows.append(f" {tag}_{r}_{h}: {linear_expr(terms)} "
                            f"{sense} 0")
    for i, m in enumerate(plant.materials):
        if m.quarantine:
            terms = [(1.0, var_name(i, h)) for h in range(len(plant.heats))]
            rows.append(f" quar_{i}: {linear_expr(terms)} <= 0")
    return rows


def bound_rows(plant):
    """0 <= x[i,h] <= mass_i (redundant with availability, helps presolve);
    unlimited additives keep the default bound x >= 0."""
    rows = ["Bounds"]
    for h in range(len(plant.heats)):
        for i, m in enumerate(plant.materials):
            if m.mass is not None:
                rows.append(f" 0 <= {var_name(i, h)} <= {num(m.mass)}")
    return rows


def mip_bound_rows(plant, mip):
    """Bounds of the rules model: x <= U (0 when fixed), n <= n_max,
    then the General and Binary sections."""
    rows = ["Bounds"]
    for h in range(len(plant.heats)):
        for i in range(len(plant.materials)):
            rows.append(f" 0 <= {var_name(i, h)} <= "
                        f"{num(mip.bound[(i, h)])}")
    for i, h, _, nmax in mip.units:
        rows.append(f" 0 <= {unit_name(i, h)} <= {nmax}")
    if mip.units:
        rows.append("General")
        rows += [f" {unit_name(i, h)}" for i, h, _, _ in mip.units]
    if mip.uses:
        rows.append("Binary")
        rows += [f" {use_name(i, h)}" for i, h, _, _ in mip.uses]
    return rows


def build_lp(plant, mip=None):
    """The whole LP text of the contract model; with `mip` (a MipVars of
    a plant with rules) the rules model."""
    out = comment_map(plant) + objective_rows(plant, mip) + ["Subject To"]
    for h in range(len(plant.heats)):
        out += heat_rows(plant, h)
    out += availability_rows(plant)
    out += material_rule_rows(plant)
    if mip is None:
        out += bound_rows(plant)
    else:
        out += mip_rows(plant, mip)
        out += mip_bound_rows(plant, mip)
    out.append("End")
    return "\n".join(out) + "\n"


MIP_OPTIONS = ["ratioGap", "0", "allowableGap", "0", "integerTolerance",
               "1e-9"]


def run_cbc(cbc, lp_path, workdir, mip_options=None):
    """Run CBC; return (status_line, text_path, bin_path)."""
    sol_txt = os.path.join(workdir, "sol.txt")
    sol_bin = os.path.join(workdir, "sol.bin")
    cmd = [cbc, lp_path, *(mip_options or []), "solve", "solu", sol_txt,
           "saveSolution", sol_bin]
    proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True)
    if proc.returncode != 0 or not os.path.exists(sol_txt):
        tail = (proc.stdout + proc.stderr)[-2000:]
        raise RuntimeError(f"cbc failed (exit {proc.returncode}): {tail}")
    with open(sol_txt) as fh:
        status_line = fh.readline().strip()
    return status_line, sol_txt, sol_bin


def classify(status_line):
    """Map CBC's first solution line to optimal / infeasible / error."""
    head = status_line.split(" - ")[0].strip().lower()
    if head == "optimal":
        return "optimal"
    if head in ("infeasible", "integer infeasible"):
        return "infeasible"
    return "error"


SOL_LINE = re.compile(r"^\s*(?:\*\*)?\s*(\d+)\s+(\S+)\s+(\S+)")


def read_text_solution(sol_txt):
    """{column index: (name, value)} of the listed (nonzero) columns."""
    cols = {}
    with open(sol_txt) as fh:
        next(fh)
        for line in fh:
            m = SOL_LINE.match(line)
            if m:
                cols[int(m.group(1))] = (m.group(2), float(m.group(3)))
    return cols


def read_binary_solution(sol_bin, ncols):
    """(objective, column values) from CBC's saveSolution file.

    Layout (CbcSolver saveSolution): int rows, int cols, double objective,
    row activities, row duals, column values, reduced costs.
    """
    with open(sol_bin, "rb") as fh:
        data = fh.read()
    nr, nc = struct.unpack_from("<ii", data, 0)
    if nc != ncols or len(data) != 16 + 8 * (2 * nr + 2 * nc):
        raise ValueError("unexpected saveSolution layout")
    obj = struct.unpack_from("<d", data, 8)[0]
    cols = struct.unpack_from(f"<{nc}d", data, 16 + 16 * nr)
    return obj, cols


def solution_values(plant, sol_txt, sol_bin, status_line, nextra=0):
    """(objective, {(i, h): kg}) preferring the full-precision binary;
    nextra integer columns follow the x columns (MIP)."""
    text_cols = read_text_solution(sol_txt)
    ncols = len(plant.materials) * len(plant.heats) + nextra
    try:
        obj, values = read_binary_solution(sol_bin, ncols)
    except (OSError, ValueError, struct.error):
        obj, values = None, None
    x = {}
    for idx, (name, tval) in text_cols.items():
        if not name.startswith("x"):
            continue                  # an integer column of the MIP
        i, h = (int(p) for p in name[1:].split("_"))
        val = tval
        if values is not None:
            bval = values[idx]
            # The binary is trusted only if it agrees with the text file.
            if abs(bval - tval) <= 1e-6 * max(1.0, abs(tval)):
                val = bval
        x[(i, h)] = val
    if obj is None:
        obj = float(status_line.rsplit(" ", 1)[-1])
    return obj, x


def plan_json(plant, x, mip_info=None):
    """CBC's solution in the FORMATS.md `plan --format json` shape.

    For a plant with rules also what remelt reports then: per heat
    "furnace", "heel_kg", "bath_kg" and the bath composition (heel +
    charge with recovery, over heel + mass), "units"/"unit_kg" on charges
    of unit materials, and a top-level "mip" object."""
    rules = plant.has_rules()
    heats, total = [], 0.0
    for h, (hid, grade, mass) in enumerate(plant.heats):
        fur = plant.furnace_of(h)
        charge, cost = [], 0.0
        elmass = {el: plant.heel_const(h, el) for el in plant.elements}
        for i, m in enumerate(plant.materials):
            kg = x.get((i, h), 0.0)
            if kg <= 0:
                continue
            item = {"id": m.id, "mass_kg": kg}
            if m.unit is not None:
                item["units"] = round(kg / m.unit)
                item["unit_kg"] = m.unit
            charge.append(item)
            cost += m.price * kg
        for c, w in plant.chain(h):   # this heat's charge and the heel's
            for i, m in enumerate(plant.materials):
                kg = x.get((i, c), 0.0)
                for el, pct in m.comp.items():
                    if kg > 0:
                        elmass[el] += w * m.yld * kg * pct / 100.0 * \
                            m.recovery(el, plant.furnace_of(c))
        bath = fur.heel + mass
        comp = {el: 100.0 * v / bath for el, v in elmass.items()}
        heat = {"heat": hid, "grade": grade, "mass_kg": mass,
                "cost": cost, "charge": charge, "composition": comp}
        if rules:
            heat.update({"furnace": fur.id, "heel_kg": fur.heel,
                         "bath_kg": bath})
        heats.append(heat)
        total += cost
    out = {"status": "optimal", "total_cost": total, "heats": heats}
    if rules:
        out["mip"] = mip_info or {"used": False, "status": "optimal",
                                  "gap": 0.0, "time_s": 0.0}
    return out


def solve(plant, lp_path, cbc, time_limit=None, relax=False):
    """Write the LP, run CBC and return the result dict; relax drops the
    integer rules (units, minimums, material limits), keeping heels and
    recoveries: the LP bound of the rules model."""
    mip = MipVars(plant, relax) if plant.has_rules() else None
    is_mip = mip is not None and mip.integer()
    with open(lp_path, "w") as fh:
        fh.write(build_lp(plant, mip))
    options = None
    if is_mip:
        options = list(MIP_OPTIONS)
        if time_limit:
            options += ["seconds", str(time_limit)]
    workdir = tempfile.mkdtemp(prefix="ref_lp_")
    try:
        status_line, sol_txt, sol_bin = run_cbc(cbc, os.path.abspath(lp_path),
                                                workdir, options)
        status = classify(status_line)
        if status != "optimal":
            return {"status": status, "objective": None, "x": {},
                    "mip": is_mip, "cbc": status_line}, {}
        obj, x = solution_values(plant, sol_txt, sol_bin, status_line,
                                 len(mip.names()) if mip else 0)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    named = {f"{plant.materials[i].id}|{plant.heats[h][0]}": v
             for (i, h), v in sorted(x.items()) if v != 0.0}
    return {"status": "optimal", "objective": obj, "x": named,
            "mip": is_mip}, x


def main(argv=None):
    """Parse options, solve, print the JSON result."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--lp", help="write (and keep) the LP here")
    ap.add_argument("--plan", help="also write a FORMATS.md plan JSON here")
    ap.add_argument("--cbc", default=os.environ.get("CBC", "cbc"))
    ap.add_argument("--relax", action="store_true",
                    help="drop units, minimums and material limits (keep "
                    "heels and recoveries): the LP relaxation's optimum")
    ap.add_argument("--time-limit", type=float, default=600.0,
                    help="seconds CBC may search a MIP (then status "
                    "'error': a stopped search proves nothing)")
    args = ap.parse_args(argv)
    try:
        plant = plantcsv.load_plant(args.dir)
    except (plantcsv.PlantError, OSError) as exc:
        print(f"ref_lp.py: {exc}", file=sys.stderr)
        return 1
    tmpdir = None
    lp_path = args.lp
    if lp_path is None:
        tmpdir = tempfile.mkdtemp(prefix="ref_lp_")
        lp_path = os.path.join(tmpdir, "model.lp")
    try:
        t0 = time.monotonic()
        result, x = solve(plant, lp_path, args.cbc, args.time_limit,
                          args.relax)
        elapsed = time.monotonic() - t0
    except (RuntimeError, OSError) as exc:
        print(json.dumps({"status": "error", "objective": None, "x": {},
                          "message": str(exc)}))
        return 3
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
    if args.plan and result["status"] == "optimal":
        with open(args.plan, "w") as fh:
            json.dump(plan_json(plant, x, {
                "used": result["mip"], "status": "optimal", "gap": 0.0,
                "time_s": round(elapsed, 3)}), fh, indent=1)
    print(json.dumps(result, sort_keys=False))
    return 0 if result["status"] in ("optimal", "infeasible") else 3


if __name__ == "__main__":
    sys.exit(main())
