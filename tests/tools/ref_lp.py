#!/usr/bin/env python3
"""Reference solver: the FORMATS.md least-cost LP solved by CBC.

usage: ref_lp.py DIR [--lp OUT.lp] [--plan PLAN.json] [--cbc PATH]

Builds exactly the contract model with --margin 0 --confidence 0 from DIR's
CSV files (read by plantcsv, not by remelt), writes it in CPLEX LP format,
runs `cbc OUT.lp solve solu SOL.txt saveSolution SOL.bin` and prints one JSON
object on stdout:

    {"status": "optimal"|"infeasible", "objective": float|null,
     "x": {"<lot id>|<heat id>": kg, ...}}

Variables are named by index (x<material>_<heat>) so that no id, however
odd, can break the LP syntax; a comment block in the LP maps them back.
The text solution of CBC has only 8 significant digits, so the values are
taken from CBC's binary saveSolution file (full doubles) and the text file is
used for the status and the name -> column index map.

--plan writes CBC's solution in the FORMATS.md JSON shape (what `remelt plan
--format json` prints) so check_plan.py can be tested against it.

Exit status: 0 solved (optimal or infeasible), 1 bad input or usage,
3 CBC failed or returned another status (printed as "status": "error").
"""

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

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


def objective_rows(plant):
    """minimize sum price_i x[i,h]; every variable is listed (0 price
    too) so CBC's column order is our (heat, material) order."""
    terms = [(m.price, var_name(i, h))
             for h in range(len(plant.heats))
             for i, m in enumerate(plant.materials)]
    parts = [f"{num(c)} {v}" for c, v in terms]
    lines = [" + ".join(parts[k:k + TERMS_PER_LINE])
             for k in range(0, len(parts), TERMS_PER_LINE)]
    return ["Minimize", " cost: " + "\n   + ".join(lines)]


def heat_rows(plant, h):
    """Tapped-metal equality and element limits of heat h (two rows for a
    ranged limit, constants on the right side)."""
    hid, grade, mass = plant.heats[h]
    mats = plant.materials
    rows = []
    tapped = [(m.yld, var_name(i, h)) for i, m in enumerate(mats)]
    rows.append(f" mass_{h}: {linear_expr(tapped)} = {num(mass)}")
    for k, (el, lo, hi) in enumerate(plant.grades[grade]):
        terms = [(m.yld * m.content(el) / 100.0, var_name(i, h))
                 for i, m in enumerate(mats)]
        expr = None
        if lo is not None and lo > 0:
            expr = linear_expr(terms)
            rows.append(f" lo_{h}_{k}: {expr} >= {num(lo / 100.0 * mass)}")
        if hi is not None:
            expr = expr or linear_expr(terms)
            rows.append(f" hi_{h}_{k}: {expr} <= {num(hi / 100.0 * mass)}")
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


def bound_rows(plant):
    """0 <= x[i,h] <= mass_i (redundant with availability, helps presolve);
    unlimited additives keep the default bound x >= 0."""
    rows = ["Bounds"]
    for h in range(len(plant.heats)):
        for i, m in enumerate(plant.materials):
            if m.mass is not None:
                rows.append(f" 0 <= {var_name(i, h)} <= {num(m.mass)}")
    return rows


def build_lp(plant):
    """The whole LP text of the contract model."""
    out = comment_map(plant) + objective_rows(plant) + ["Subject To"]
    for h in range(len(plant.heats)):
        out += heat_rows(plant, h)
    out += availability_rows(plant)
    out += bound_rows(plant)
    out.append("End")
    return "\n".join(out) + "\n"


def run_cbc(cbc, lp_path, workdir):
    """Run CBC; return (status_line, text_path, bin_path)."""
    sol_txt = os.path.join(workdir, "sol.txt")
    sol_bin = os.path.join(workdir, "sol.bin")
    cmd = [cbc, lp_path, "solve", "solu", sol_txt, "saveSolution", sol_bin]
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


def solution_values(plant, sol_txt, sol_bin, status_line):
    """(objective, {(i, h): kg}) preferring the full-precision binary."""
    text_cols = read_text_solution(sol_txt)
    ncols = len(plant.materials) * len(plant.heats)
    try:
        obj, values = read_binary_solution(sol_bin, ncols)
    except (OSError, ValueError, struct.error):
        obj, values = None, None
    x = {}
    for idx, (name, tval) in text_cols.items():
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


def plan_json(plant, x):
    """CBC's solution in the FORMATS.md `plan --format json` shape."""
    heats, total = [], 0.0
    for h, (hid, grade, mass) in enumerate(plant.heats):
        charge, cost = [], 0.0
        elmass = {el: 0.0 for el in plant.elements}
        for i, m in enumerate(plant.materials):
            kg = x.get((i, h), 0.0)
            if kg <= 0:
                continue
            charge.append({"id": m.id, "mass_kg": kg})
            cost += m.price * kg
            for el, c in m.comp.items():
                elmass[el] += m.yld * kg * c / 100.0
        comp = {el: 100.0 * v / mass for el, v in elmass.items()}
        heats.append({"heat": hid, "grade": grade, "mass_kg": mass,
                      "cost": cost, "charge": charge, "composition": comp})
        total += cost
    return {"status": "optimal", "total_cost": total, "heats": heats}


def solve(plant, lp_path, cbc):
    """Write the LP, run CBC and return the result dict."""
    with open(lp_path, "w") as fh:
        fh.write(build_lp(plant))
    workdir = tempfile.mkdtemp(prefix="ref_lp_")
    try:
        status_line, sol_txt, sol_bin = run_cbc(cbc, os.path.abspath(lp_path),
                                                workdir)
        status = classify(status_line)
        if status != "optimal":
            return {"status": status, "objective": None, "x": {},
                    "cbc": status_line}, {}
        obj, x = solution_values(plant, sol_txt, sol_bin, status_line)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    named = {f"{plant.materials[i].id}|{plant.heats[h][0]}": v
             for (i, h), v in sorted(x.items()) if v != 0.0}
    return {"status": "optimal", "objective": obj, "x": named}, x


def main(argv=None):
    """Parse options, solve, print the JSON result."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--lp", help="write (and keep) the LP here")
    ap.add_argument("--plan", help="also write a FORMATS.md plan JSON here")
    ap.add_argument("--cbc", default=os.environ.get("CBC", "cbc"))
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
        result, x = solve(plant, lp_path, args.cbc)
    except (RuntimeError, OSError) as exc:
        print(json.dumps({"status": "error", "objective": None, "x": {},
                          "message": str(exc)}))
        return 3
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
    if args.plan and result["status"] == "optimal":
        with open(args.plan, "w") as fh:
            json.dump(plan_json(plant, x), fh, indent=1)
    print(json.dumps(result, sort_keys=False))
    return 0 if result["status"] in ("optimal", "infeasible") else 3


if __name__ == "__main__":
    sys.exit(main())
