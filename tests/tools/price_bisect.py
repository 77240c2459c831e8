#!/usr/bin/env python3
"""Check `remelt price` against bisection on an independent solver (CBC).

usage: price_bisect.py DIR --grade G --heat-kg M --json REMELT.json
                       [--offers FILE] [--tol 0.01] [--cbc PATH]

For one reference heat (grade G, M kg tapped, margin 0, confidence 0) this script
writes its own LP from DIR's CSV files (read by plantcsv, not by remelt):

    minimize  sum_i price_i x_i
    s.t.      sum_i yield_i x_i = M
              min_e/100 M <= sum_i yield_i c_ie/100 x_i <= max_e/100 M
              0 <= x_i <= mass_i            (lots, limited additives)

and, for every lot (and every offer, added alone to that LP), finds by
bisection on the lot's own price, to --tol per kg:

    break-even = the highest price at which the optimum uses any of it
                 (x > 1e-5 kg);
    full use   = the highest price at which it uses all of it
                 (x >= mass - 1e-6 mass); none when even at price 0 it does not.

Every bisection runs in lock step: each round puts one LP per open search,
as independent blocks, into one LP file that one CBC run solves.

It prints one line per lot, `PASS price ...` or `FAIL price ...`, comparing
with remelt's JSON (`remelt price --format json`): values must agree to 0.5%
or 0.5 per kg, whichever is larger, and both must say "none" together.  The
last line is `price: N passed, N failed`; exit 1 when anything failed.
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
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plantcsv  # noqa: E402
import ref_lp  # noqa: E402

USED_KG = 1e-5          # "uses any of it"
FULL_REL = 1e-6         # "uses all of it": within this fraction of the mass
FAR = 1e6               # beyond this the value is taken as unbounded
REL_TOL, ABS_TOL = 0.005, 0.5


def lp_block(tag, mats, grade_limits, heat_kg, j, price):
    """One heat's LP with material j at the given price, as (objective terms,
    rows, bounds); variables are <tag>x<i>, rows <tag>..., so that blocks of
    different prices and lots can share one LP file."""
    num = ref_lp.num
    var = [f"{tag}x{i}" for i in range(len(mats))]
    obj = [f"{num(price if i == j else m.price)} {var[i]}"
           for i, m in enumerate(mats)]
    rows = [f" {tag}mass: " + ref_lp.linear_expr(
        [(m.yld, var[i]) for i, m in enumerate(mats)]) + f" = {num(heat_kg)}"]
    for k, (el, lo, hi) in enumerate(grade_limits):
        expr = ref_lp.linear_expr([(m.yld * m.content(el) / 100.0 *
                                    m.recovery(el, None), var[i])
                                   for i, m in enumerate(mats)])
        if lo is not None and lo > 0:
            rows.append(f" {tag}lo{k}: {expr} >= {num(lo / 100.0 * heat_kg)}")
        if hi is not None:
            rows.append(f" {tag}hi{k}: {expr} <= {num(hi / 100.0 * heat_kg)}")
    bounds = [f" 0 <= {var[i]} <= {num(m.mass)}"
              for i, m in enumerate(mats) if m.mass is not None]
    return obj, rows, bounds


def lp_text(blocks):
    """Independent blocks in one LP: minimising the sum minimises each."""
    obj, rows, bounds = [], [], []
    for o, r, b in blocks:
        obj += o
        rows += r
        bounds += b
    lines = [" + ".join(obj[k:k + 8]) for k in range(0, len(obj), 8)]
    return "\n".join(["Minimize", " cost: " + "\n   + ".join(lines),
                      "Subject To"] + rows + ["Bounds"] + bounds + ["End"]) + "\n"


class Search:
    """The highest price p with pred(p) true, pred being true at low prices
    (the LP uses more of a material the cheaper it is).  floor: prices below
    are not tried, and pred false there means "none"."""

    def __init__(self, start, tol, floor=None):
        self.a = self.b = None        # highest true / lowest false tried
        self.start, self.tol, self.floor = start, tol, floor
        self.span = 1000.0
        self.result = None
        self.done = False

    def next_price(self):
        """The next price to try, or None when the search is over."""
        if self.done:
            return None
        if self.a is None and self.b is None:
            return self.start
        if self.a is None:
            if self.floor is not None and self.b <= self.floor:
                return self._finish(None)
            if self.b < -FAR:
                return self._finish(-math.inf)
            p = self.b - self.span
            self.span *= 4
            return max(p, self.floor) if self.floor is not None else p
        if self.b is None:
            if self.a > FAR:
                return self._finish(math.inf)
            p = self.a + self.span
            self.span *= 4
            return p
        if self.b - self.a > self.tol:
            return 0.5 * (self.a + self.b)
        return self._finish(0.5 * (self.a + self.b))

    def _finish(self, value):
        self.result, self.done = value, True
        return None

    def feed(self, price, ok):
        if ok:
            self.a = price
        else:
            self.b = price


def solve_batch(blocks, cbc, workdir):
    """Solves every block of a round in one CBC run; per block {i: x} of
    its nonzero columns, or None when the LP is infeasible (then every block
    is reported so: they share their constraints). One run per round rather
    than one per block: starting CBC costs ~30 ms, and CBC 2.10 cannot be
    trusted with several `import`s in one run (later models come out
    infeasible, or it crashes)."""
    lp = os.path.join(workdir, "round.lp")
    sol = os.path.join(workdir, "round.sol")
    with open(lp, "w") as fh:
        fh.write(lp_text(blocks))
    proc = subprocess.run([cbc, lp, "solve", "solu", sol], cwd=workdir,
                          capture_output=True, text=True)
    if proc.returncode != 0 or not os.path.exists(sol):
        raise RuntimeError(f"cbc failed (exit {proc.returncode}): "
                           f"{(proc.stdout + proc.stderr)[-500:]}")
    with open(sol) as fh:
        status = ref_lp.classify(fh.readline())
    if status == "error":
        raise RuntimeError("cbc: unexpected status")
    out = [None if status != "optimal" else {} for _ in blocks]
    if status == "optimal":
        for name, val in ref_lp.read_text_solution(sol).values():
            b, i = name[1:].split("x")
            out[int(b)][int(i)] = val
    os.remove(sol)
    return out


def run_searches(cases, cbc, tol):
    """cases: [(mats, j, kind)] -> {(index in cases): Search}."""
    searches = []
    for mats, j, kind, _, _ in cases:
        full = kind == "full"
        searches.append(Search(0.0 if full else mats[j].price, tol,
                               floor=0.0 if full else None))
    workdir = tempfile.mkdtemp(prefix="price_bisect_")
    try:
        while True:
            open_ = [(k, s.next_price()) for k, s in enumerate(searches)]
            open_ = [(k, p) for k, p in open_ if p is not None]
            if not open_:
                break
            blocks = []
            for n, (k, p) in enumerate(open_):
                mats, j, kind, limits, heat = cases[k]
                blocks.append(lp_block(f"b{n}", mats, limits, heat, j, p))
            for (k, p), x in zip(open_, solve_batch(blocks, cbc, workdir)):
                mats, j, kind, limits, heat = cases[k]
                v = 0.0 if x is None else x.get(j, 0.0)
                if kind == "any":
                    ok = v > USED_KG
                else:
                    ok = v >= mats[j].mass * (1 - FULL_REL)
                searches[k].feed(p, ok)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return searches


def agree(mine, theirs):
    """Both none, or within 0.5% / 0.5 per kg."""
    if mine is None or theirs is None or not math.isfinite(mine):
        return (mine is None or not math.isfinite(mine)) and theirs is None
    return abs(mine - theirs) <= max(REL_TOL * abs(mine), ABS_TOL)


def fmt(v):
    return "none" if v is None else f"{v:.3f}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--grade", required=True)
    ap.add_argument("--heat-kg", type=float, required=True)
    ap.add_argument("--json", required=True, help="remelt price --format json")
    ap.add_argument("--offers")
    ap.add_argument("--tol", type=float, default=0.01)
    ap.add_argument("--cbc", default=os.environ.get("CBC", "cbc"))
    args = ap.parse_args(argv)
    seen, elements = set(), set()
    d = args.dir
    lots = plantcsv.read_materials(os.path.join(d, "lots.csv"), "lot", seen,
                                   elements)
    add_path = os.path.join(d, "additives.csv")
    adds = (plantcsv.read_materials(add_path, "additive", seen, elements)
            if os.path.exists(add_path) else [])
    offers = (plantcsv.read_materials(args.offers, "lot", set(), elements)
              if args.offers else [])
    limits = plantcsv.read_grades(os.path.join(d, "grades.csv"))[args.grade]
    yard = lots + adds
    cases = [(yard, j, kind, limits, args.heat_kg)
             for j in range(len(lots)) for kind in ("any", "full")]
    cases += [(yard + [o], len(yard), kind, limits, args.heat_kg)
              for o in offers for kind in ("any", "full")]
    searches = run_searches(cases, args.cbc, args.tol)
    with open(args.json, encoding="utf-8") as fh:
        got = json.load(fh)
    items = got["lots"] + got["offers"]
    names = [m.id for m in lots] + [o.id for o in offers]
    npass = nfail = 0
    for k, mid in enumerate(names):
        item = next((it for it in items if it["id"] == mid), None)
        be, fu = searches[2 * k].result, searches[2 * k + 1].result
        if item is None:
            print(f"FAIL price {mid}: not in remelt's output")
            nfail += 1
            continue
        rbe = item["break_even_price_per_kg"]
        rfu = item["full_use_price_per_kg"]
        if be == math.inf:
            ok_be = rbe is None and item.get("needed_kg", 0) > 0
        else:
            ok_be = agree(be, rbe)
        ok = ok_be and agree(fu, rfu)
        line = (f"{mid}: break-even bisection {fmt(be)} remelt {fmt(rbe)}; "
                f"full use bisection {fmt(fu)} remelt {fmt(rfu)}")
        print(("PASS price " if ok else "FAIL price ") + line)
        npass += ok
        nfail += not ok
    print(f"price: {npass} passed, {nfail} failed")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
