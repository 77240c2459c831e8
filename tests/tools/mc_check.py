#!/usr/bin/python3
"""Independent Monte Carlo check of a charge plan under analysis uncertainty.

usage: /usr/bin/python3 mc_check.py DIR PLAN.json [--samples N] [--seed S]
                                    [--margin F] [--require P] [--tol T]

Reads the data directory with plantcsv.py and the uncertainty rules of
socp_ref.py (both independent of remelt's C code) and the plan from
PLAN.json (the `remelt plan --format json` shape: heats[].heat,
heats[].charge[].id / mass_kg).  Nothing of the plan but its charges is
used: compositions are recomputed from the CSV files.

Each sample draws every charged material's value of every element once,
normal with its mean and sd (a lot has one true composition however it is
split between heats), recomputes every planned heat's bath composition
(heel + yield * charge * content * recovery, over heel + tapped mass; in a
furnace sequence the heel is part of the bath before, with the same lot
errors: socp_ref.ChancePlant.bath_terms) and
records, per heat and limit, whether the limit is met (to --tol wt%,
default 1e-7).  Limits are the internal ones at --margin (default: the
plan's "margin", else 0.10) and the standard (spec) ones.

Prints one JSON object:
  {"samples", "seed", "margin",
   "heats": [{"heat", "planned", "limits": [{"element", "side": "min"|"max",
              "limit", "mean", "sd", "p_normal", "p_mc", "se"}],
              "spec": [... the same against the spec limits ...],
              "p_heat_internal", "p_heat_spec"}],
   "min_p": {"heat", "element", "side", "p_mc", "se", "p_normal"},
   "offspec_internal", "offspec_spec",  // fraction of (planned heat,
                                        // sample) with any limit missed
   "planned_heats"}
With --require P the exit status is 1 when some internal limit's p_mc is
below P - K standard errors (sqrt(P(1-P)/N), K = --sigmas, default 3); else 0.
2 = bad input. (A plan at the exact cone optimum has every binding limit at P
itself: the least of its L estimates falls below P - 3 s.e. with probability
about L x 0.13%; K = 4 keeps that near 0.13% up to L = 40.)

Random numbers: cvxopt.normal after cvxopt.setseed(S) (python3-cvxopt is a
declared dependency; numpy is not), one block per element in sorted
element order: the same data, plan, N and S give the same numbers.
"""

import argparse
import json
import math
import os
import sys

sys.dont_write_bytecode = True   # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plantcsv  # noqa: E402
import socp_ref  # noqa: E402


def load_plan(path, cp):
    """[(heat index, {material index: kg})] of the planned heats."""
    with open(path, encoding="utf-8") as fh:
        plan = json.load(fh)
    index = {m.id: i for i, m in enumerate(cp.mats)}
    hindex = {hid: h for h, (hid, _, _) in enumerate(cp.heats)}
    out = []
    for ph in plan.get("heats") or []:
        if ph["heat"] not in hindex:
            raise ValueError(f"plan heat {ph['heat']!r} not in heats.csv")
        charge = {}
        for item in ph.get("charge") or []:
            if item["id"] not in index:
                raise ValueError(f"heat {ph['heat']!r}: unknown material "
                                 f"{item['id']!r}")
            i = index[item["id"]]
            charge[i] = charge.get(i, 0.0) + float(item["mass_kg"])
        out.append((hindex[ph["heat"]], charge))
    return plan, out


def phi(x):
    """Standard normal cdf."""
    return 0.5 * math.erfc(-x / math.sqrt(2))


def simulate(cp, heats, samples, seed, tol):
    """Per heat, element and side: (mean, sd, hits internal, hits spec);
    per heat: samples in every internal / every spec limit."""
    import cvxopt
    from cvxopt import matrix

    cvxopt.setseed(seed)
    planned = [(h, ch) for h, ch in heats if ch]
    X = [[0.0] * len(cp.mats) for _ in cp.heats]
    for h, ch in planned:
        for i, kg in ch.items():
            X[h][i] = kg
    ok_int = {h: bytearray(b"\x01") * samples for h, _ in planned}
    ok_spec = {h: bytearray(b"\x01") * samples for h, _ in planned}
    res = {}
    for el in cp.elements:
        users = sorted({i for _, ch in planned for i in ch
                        if cp.sd[i][el] > 0})
        limited = [(k, h, ch, lim) for k, (h, ch) in enumerate(planned)
                   for lim in cp.limits[h] if lim[0] == el]
        if not limited:
            continue
        # the bath of a heat in a furnace sequence holds part of the heats
        # before it (socp_ref's bath_terms): a lot's one error reaches it
        # through them too
        bath = {h: cp.bath_terms(h, el, X) for _, h, _, _ in limited}
        dev = None
        if users:
            col = {i: t for t, i in enumerate(users)}
            W = matrix(0.0, (len(planned), len(users)))
            for k, (h, ch) in enumerate(planned):
                if h in bath:
                    for i in users:
                        W[k, col[i]] = bath[h][1][i] / cp.bath[h]
            Z = cvxopt.normal(len(users), samples)
            dev = W * Z                      # planned heats x samples
        for k, h, ch, (_, lo, hi, slo, shi) in limited:
            mean = bath[h][0] / cp.bath[h]
            sd = math.sqrt(sum(d * d for d in bath[h][1])) / cp.bath[h]
            vals = ([mean + d for d in dev[k, :]] if dev is not None
                    else [mean] * samples)
            for kind, a, b, ok in (("internal", lo, hi, ok_int[h]),
                                   ("spec", slo, shi, ok_spec[h])):
                for side, limit in (("min", a), ("max", b)):
                    if limit is None:
                        continue
                    if side == "min":
                        hits = [v >= limit - tol for v in vals]
                    else:
                        hits = [v <= limit + tol for v in vals]
                    for s, good in enumerate(hits):
                        if not good:
                            ok[s] = 0
                    res[(h, el, side, kind)] = (limit, mean, sd, sum(hits))
    return planned, res, ok_int, ok_spec


def p_normal(side, limit, mean, sd, tol):
    if sd <= 0:
        good = mean >= limit - tol if side == "min" else mean <= limit + tol
        return 1.0 if good else 0.0
    return phi((mean - limit) / sd) if side == "min" else \
        phi((limit - mean) / sd)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("plan")
    ap.add_argument("--samples", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--margin", type=float)
    ap.add_argument("--require", type=float)
    ap.add_argument("--tol", type=float, default=1e-7)
    ap.add_argument("--sigmas", type=float, default=3.0)
    args = ap.parse_args(argv)
    if args.samples < 1:
        ap.error("--samples must be >= 1")
    try:
        with open(args.plan, encoding="utf-8") as fh:
            margin = json.load(fh).get("margin")
        if args.margin is not None:
            margin = args.margin
        if margin is None:
            margin = 0.10
        cp = socp_ref.ChancePlant(args.dir, margin, relax=True)
        plan, heats = load_plan(args.plan, cp)
    except (plantcsv.PlantError, OSError, ValueError, KeyError,
            TypeError) as exc:
        print(f"mc_check: {exc}", file=sys.stderr)
        return 2
    n = args.samples
    planned, res, ok_int, ok_spec = simulate(cp, heats, n, args.seed,
                                             args.tol)
    out_heats, worst = [], None
    for h, (hid, _, _) in enumerate(cp.heats):
        entry = {"heat": hid, "planned": h in ok_int}
        for kind, key in (("internal", "limits"), ("spec", "spec")):
            rows = []
            for el, *_ in cp.limits[h]:
                for side in ("min", "max"):
                    r = res.get((h, el, side, kind))
                    if r is None:
                        continue
                    limit, mean, sd, hits = r
                    p = hits / n
                    row = {"element": el, "side": side, "limit": limit,
                           "mean": mean, "sd": sd,
                           "p_normal": p_normal(side, limit, mean, sd,
                                                args.tol),
                           "p_mc": p, "se": math.sqrt(p * (1 - p) / n)}
                    rows.append(row)
                    if kind == "internal" and (worst is None or
                                               p < worst["p_mc"]):
                        worst = dict(row, heat=hid)
            entry[key] = rows
        if h in ok_int:
            entry["p_heat_internal"] = sum(ok_int[h]) / n
            entry["p_heat_spec"] = sum(ok_spec[h]) / n
        out_heats.append(entry)
    np_ = len(ok_int)
    out = {"samples": n, "seed": args.seed, "margin": margin,
           "planned_heats": np_, "heats": out_heats, "min_p": worst,
           "offspec_internal": (sum(n - sum(v) for v in ok_int.values())
                                / (n * np_) if np_ else None),
           "offspec_spec": (sum(n - sum(v) for v in ok_spec.values())
                            / (n * np_) if np_ else None)}
    print(json.dumps(out))
    if args.require is not None and worst is not None:
        p = args.require
        if worst["p_mc"] < p - args.sigmas * math.sqrt(p * (1 - p) / n):
            print(f"mc_check: heat {worst['heat']} {worst['element']} "
                  f"{worst['side']}: P = {worst['p_mc']:.4f} < {p} - {args.sigmas:g} s.e.",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
