#!/usr/bin/env python3
"""Reference LPs of remelt's diagnosis (issue 8), solved by CBC.

Library for tests/diag_tests.py; it reads plants with plantcsv (not with remelt) and writes
every LP itself, so that the diagnosis of an infeasible plan can be compared with numbers
that share no code with remelt:

  internal(lo, hi, margin)      the README's internal limits (--margin)
  feasible(plant, heats, margin, drop=(), extra=None)
                                can these heats be made together, with the limits in drop
                                ((heat index, element, "min"|"max")) left out and, when
                                extra = material id, that material's stock unlimited?
  achievable(plant, h, el, side, margin)
                                best wt% of el in heat h (lowest for a failing max, highest
                                for a failing min) with every other limit of the grade kept
  elastic(plant, h, margin)     least total violation of heat h's limits from the whole
                                inventory, each violation in wt% divided by the limit's
                                scale (max: the max; min: min(min, 100 - min); >= 1e-3)
  least_cost(plant, heats, margin)
                                optimal cost of making the heats together
  least_extra(plant, heats, mat, margin)
                                least extra stock of material mat with which the heats can
                                all be made (None when no amount does it)

Heats in a furnace (furnaces.csv) follow FORMATS.md: the grade applies to the bath (heel
plus tapped metal), the heel brings its own element mass, and recovery scales what each
charged kg brings. Variables are named by index; objectives are always minimised (a maximum is the negated
minimum) and read from CBC's binary solution file (full doubles).
"""

import os
import struct
import subprocess
import sys
import tempfile
import shutil

sys.dont_write_bytecode = True   # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ref_lp  # noqa: E402

SCALE_MIN = 1e-3


def internal(lo, hi, margin):
    """Internal window of a spec window (README, "Internal limits")."""
    if margin <= 0:
        return lo, hi
    if lo is not None and hi is not None:
        w = hi - lo
        return lo + margin * w, hi - margin * w
    if hi is not None:
        return lo, hi * (1 - margin)
    if lo is not None:
        return lo + margin * min(lo, 100 - lo), hi
    return lo, hi


def limits(plant, h, margin):
    """[(element, lo, hi)] internal limits of heat index h."""
    grade = plant.heats[h][1]
    return [(el,) + internal(lo, hi, margin) for el, lo, hi in plant.grades[grade]]


def scale(limit, side):
    """The weight unit of a violation of this limit."""
    s = limit if side == "max" else min(limit, 100 - limit)
    return max(s, SCALE_MIN)


def var(i, h):
    return f"x{i}_{h}"


def furnace(plant, h):
    """The furnace of heat h (FORMATS.md: heel and recovery), or None."""
    f = plant.furnace_of(h) if hasattr(plant, "furnace_of") else None
    return f if f is not None and f.id is not None else None


def bath(plant, h):
    """Heel plus tapped metal: the mass the grade applies to."""
    f = furnace(plant, h)
    return plant.heats[h][2] + (f.heel if f else 0.0)


def heel_el(plant, h, el):
    """kg of el the heel brings."""
    f = furnace(plant, h)
    return f.heel * f.heel_content(el) / 100.0 if f else 0.0


def coef(plant, h, m, el):
    """kg of el in the bath per kg of material m charged into heat h."""
    f = furnace(plant, h)
    return m.yld * m.content(el) / 100.0 * m.recovery(el, f)


def element_terms(plant, h, el):
    return [(coef(plant, h, m, el), var(i, h)) for i, m in enumerate(plant.materials)]


def heat_rows(plant, h, margin, drop=(), slack=None):
    """Mass balance and element rows of heat h; slack collects elastic columns
    as (name, weight) when given (then every limit gets one)."""
    mass, b = plant.heats[h][2], bath(plant, h)
    rows = [f" m{h}: " + ref_lp.linear_expr([(m.yld, var(i, h)) for i, m in
                                              enumerate(plant.materials)]) + f" = {ref_lp.num(mass)}"]
    for k, (el, lo, hi) in enumerate(limits(plant, h, margin)):
        expr = ref_lp.linear_expr(element_terms(plant, h, el))
        for side, lim in (("min", lo), ("max", hi)):
            if lim is None or (h, el, side) in drop:
                continue
            rhs = lim / 100.0 * b - heel_el(plant, h, el)
            sense = ">=" if side == "min" else "<="
            extra = ""
            if slack is not None:   # slack in wt%: the row is in kg of element
                name = f"s{h}_{k}_{side}"
                slack.append((name, 1.0 / scale(lim, side)))
                extra = (" + " if side == "min" else " - ") + f"{ref_lp.num(b / 100.0)} {name}"
            rows.append(f" {side}{h}_{k}: {expr}{extra} {sense} {ref_lp.num(rhs)}")
    return rows


def stock_rows(plant, heats, extra=None):
    rows = []
    for i, m in enumerate(plant.materials):
        if m.mass is None or m.id == extra:
            continue
        terms = [(1.0, var(i, h)) for h in heats]
        rows.append(f" a{i}: {ref_lp.linear_expr(terms)} <= {ref_lp.num(m.mass)}")
    return rows


def run_cbc(lp, work):
    """CBC with a tight dual tolerance: objective weights of very different sizes (1/scale)
    otherwise stop CBC short of the optimum by more than the tests' tolerance."""
    sol_txt, sol_bin = os.path.join(work, "sol.txt"), os.path.join(work, "sol.bin")
    cmd = [os.environ.get("CBC", "cbc"), lp, "dualT", "1e-10", "solve", "solu", sol_txt,
           "saveSolution", sol_bin]
    proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
    if proc.returncode != 0 or not os.path.exists(sol_txt):
        raise RuntimeError(f"cbc failed (exit {proc.returncode}): {proc.stdout[-500:]}")
    with open(sol_txt) as fh:
        return fh.readline().strip(), sol_bin


def solve(objective, rows):
    """Minimise objective [(coef, name)] subject to rows; (status, value)."""
    parts = [f"{ref_lp.num(c)} {v}" for c, v in objective] or ["0 x0_0"]
    text = "\\ diag_ref.py\nMinimize\n obj: " + "\n   + ".join(parts) + \
        "\nSubject To\n" + "\n".join(rows) + "\nEnd\n"
    work = tempfile.mkdtemp(prefix="diag_ref_")
    try:
        lp = os.path.join(work, "m.lp")
        with open(lp, "w") as fh:
            fh.write(text)
        status_line, sol_bin = run_cbc(lp, work)
        status = ref_lp.classify(status_line)
        if status != "optimal":
            return status, None
        with open(sol_bin, "rb") as fh:
            value = struct.unpack_from("<d", fh.read(), 8)[0]
        return status, value
    finally:
        shutil.rmtree(work, ignore_errors=True)


def feasible(plant, heats, margin, drop=(), extra=None):
    rows = []
    for h in heats:
        rows += heat_rows(plant, h, margin, drop)
    status, _ = solve([], rows + stock_rows(plant, heats, extra))
    return status == "optimal"


def achievable(plant, h, el, side, margin):
    sign = 1.0 if side == "max" else -1.0   # a failing max: lowest; a failing min: highest
    obj = [(sign * c, v) for c, v in element_terms(plant, h, el)]
    rows = heat_rows(plant, h, margin, drop={(h, el, side)}) + stock_rows(plant, [h])
    status, value = solve(obj, rows)
    if value is None:
        return None
    return (sign * value + heel_el(plant, h, el)) * 100.0 / bath(plant, h)


def elastic(plant, h, margin):
    slack = []
    rows = heat_rows(plant, h, margin, slack=slack) + stock_rows(plant, [h])
    status, value = solve([(w, name) for name, w in slack], rows)
    return value


def least_extra(plant, heats, mat, margin):
    i = next(k for k, m in enumerate(plant.materials) if m.id == mat)
    rows = []
    for h in heats:
        rows += heat_rows(plant, h, margin)
    status, value = solve([(1.0, var(i, h)) for h in heats],
                          rows + stock_rows(plant, heats, extra=mat))
    return None if value is None else value - plant.materials[i].mass


def least_cost(plant, heats, margin):
    """Optimal cost of making the heats together (None when impossible)."""
    rows = []
    for h in heats:
        rows += heat_rows(plant, h, margin)
    obj = [(m.price, var(i, h)) for h in heats for i, m in enumerate(plant.materials)]
    status, value = solve(obj, rows + stock_rows(plant, heats))
    return value
