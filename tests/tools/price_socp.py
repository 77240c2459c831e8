#!/usr/bin/python3
"""Check `remelt price` under chance constraints against exact cone solves.

usage: /usr/bin/python3 price_socp.py DIR --json REMELT.json [--margin F]
                                      [--confidence P] [--step KG]

DIR holds one heat (heats.csv: the reference heat remelt priced, same grade
and mass) and the lots; REMELT.json is `remelt price --grade G --format json`
for it.  Independent of remelt's C code: the plant is read by plantcsv and
the chance-constrained charge is solved exactly as a second-order cone
program by cvxopt (socp_ref.py), never by cutting planes.

For a lot j, G(q) = the least cost of the heat with q kg of j charged (its
own cost included).  G is convex and smooth where the cones bind, and the
value of the q-th kg is v(q) = price_j - G'(q).  The script takes

    break-even = v(0+)    from G at 0, h, 2h  (one-sided, second order)
    full use   = v(mass-) from G at mass, mass - h, mass - 2h

with h = --step kg (default 0.5; the objective is good to ~1e-9 relative),
each from steps h and h/2: where the two differ by more than 0.1 JPY/kg, or
G is not defined a step away (the heat takes less than that), the exact
slope is out of a difference quotient's reach and the check is SKIPped.  It
compares with remelt's break_even_price_per_kg and full_use_price_per_kg:
they must agree to 0.5% or 0.5 JPY/kg, whichever is larger (the tolerance
of issue 4 for the LP).  A full use that cannot be charged (the cone
program is infeasible at the mass) or is worth less than 0 must be null in
remelt's output; a lot whose G is not defined at 0 (the heat needs it)
must have a null or infinite break-even.  One line per check, PASS or FAIL;
the last line is `price_socp: N passed, N failed`; exit 1 on any failure.
Needs Debian's python3-cvxopt.
"""

import argparse
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import socp_ref  # noqa: E402
# The tolerance of issue 4, as the CBC bisection checks it.
from price_bisect import ABS_TOL, agree  # noqa: E402


def cost(cp, confidence, j, q):
    """G(q): the optimum with q kg of material j in heat 0, or None."""
    out, _ = socp_ref.solve(cp, confidence, {(0, j): q})
    return out["objective"] if out["status"] == "optimal" else None


SKIP = "skip"


def slope(cp, confidence, j, q, h):
    """G'(q) from the side away from the nearer end (forward at 0, backward
    at the mass), second order, with steps h and h/2.  None when G is not
    defined at q; SKIP when it is not defined a step away (the heat takes
    less than that) or when the two estimates differ by more than 0.1 JPY/kg
    (G bends too sharply there for a difference quotient)."""
    d = h if q == 0 else -h
    g = [cost(cp, confidence, j, q + k * d / 2) for k in range(5)]
    if g[0] is None:
        return None
    if any(v is None for v in g):
        return SKIP
    fine = (-3 * g[0] + 4 * g[1] - g[2]) / d
    coarse = (-3 * g[0] + 4 * g[2] - g[4]) / (2 * d)
    return fine if abs(fine - coarse) <= 0.1 else SKIP


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--json", required=True)
    ap.add_argument("--margin", type=float, default=0.1)
    ap.add_argument("--confidence", type=float, default=0.95)
    ap.add_argument("--step", type=float, default=0.5)
    a = ap.parse_args(argv)
    cp = socp_ref.ChancePlant(a.dir, a.margin)
    if len(cp.heats) != 1:
        sys.exit("price_socp: DIR must hold exactly the reference heat")
    got = json.load(open(a.json))
    if abs(got["heat_kg"] - cp.heats[0][2]) > 1e-6 * got["heat_kg"]:
        sys.exit("price_socp: the JSON prices another heat mass than DIR's")
    if not got["feasible"]:
        out, _ = socp_ref.solve(cp, a.confidence)
        good = out["status"] == "infeasible"
        print(("PASS" if good else "FAIL") + f" the grade cannot be made: exact {out['status']}")
        print(f"price_socp: {int(good)} passed, {int(not good)} failed, 0 skipped")
        return 0 if good else 1
    index = {m.id: i for i, m in enumerate(cp.mats)}
    npass = nfail = nskip = 0

    def report(good, what):
        nonlocal npass, nfail
        print(("PASS " if good else "FAIL ") + what)
        npass += good
        nfail += not good

    for lot in got["lots"]:
        j = index[lot["id"]]
        price, mass = cp.mats[j].price, cp.mats[j].mass
        be, fu = lot["break_even_price_per_kg"], lot["full_use_price_per_kg"]
        s0 = slope(cp, a.confidence, j, 0.0, a.step)
        if s0 is SKIP:
            print(f"SKIP {lot['id']} break-even: no exact slope at 0; remelt {be}")
            nskip += 1
        elif s0 is None:
            report(be is None or be == "inf" or be > 1e300,
                   f"{lot['id']} break-even: the heat needs it; remelt {be}")
        else:
            ref = price - s0
            report(be is not None and agree(ref, be),
                   f"{lot['id']} break-even remelt {be} exact {ref:.3f}")
        s1 = slope(cp, a.confidence, j, mass, a.step)
        ref = None if s1 is None or s1 is SKIP else price - s1
        if s1 is SKIP:
            print(f"SKIP {lot['id']} full use: no exact slope at the mass; remelt {fu}")
            nskip += 1
        elif ref is None or ref < 0:
            report(fu is None, f"{lot['id']} full use: none exact "
                   f"({'cannot charge it all' if ref is None else f'{ref:.3f} < 0'}); remelt {fu}")
        else:
            # A value within the tolerance of 0 may fall on either side of it.
            report((fu is not None and agree(ref, fu)) or (fu is None and ref <= ABS_TOL),
                   f"{lot['id']} full use remelt {fu} exact {ref:.3f}")
    print(f"price_socp: {npass} passed, {nfail} failed, {nskip} skipped")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
