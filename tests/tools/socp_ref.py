#!/usr/bin/python3
"""Reference solver: remelt's chance-constrained charge model, solved exactly
as a second-order cone program by cvxopt.

usage: /usr/bin/python3 socp_ref.py DIR [--margin F] [--confidence P]
                          [--as-analyzed] [--relax] [--fix ID@HEAT=KG ...]
                          [--plan OUT.json]

Independent of remelt's C code: the CSV files are read by plantcsv.py (the
project's independent reader), the source / sd_<El> / uncertainty.csv rules
and the internal-limit margins are re-implemented here from the documents
(README.md "Internal limits", docs/uncertainty.md), and the model is solved
by an interior-point method (cvxopt.solvers.conelp), not by cutting planes.
Needs Debian's python3-cvxopt: run it with /usr/bin/python3.

Model (x[i,h] >= 0 kg of material i in heat h, c and sd in wt%,
z = Phi^-1(P), w_ih = yield_i * rec_h,e * x[i,h]):

    minimize    sum_i,h price_i x[i,h]
    subject to  sum_i yield_i x[i,h] = mass_h                      each heat
                sum_h x[i,h] <= mass_kg_i                          limited i
                heel_h c_heel,e + sum_i w_ih c_ie
                    + z sqrt(sum_i (w_ih sd_ie)^2) <= hi_e (heel_h + mass_h)
                heel_h c_heel,e + sum_i w_ih c_ie
                    - z sqrt(sum_i (w_ih sd_ie)^2) >= lo_e (heel_h + mass_h)
                for every limit [lo_e, hi_e] of the heat's grade (internal
                limits at margin F; every stated limit, a minimum of 0 too)

Without furnaces.csv the heel is 0 and every recovery 1: the model of the
issue.  With heats.csv sequence (issue 19) heat h's heel is heel_h / bath of
the heat before it of that bath, recursively (plantcsv.Plant.chain): the
earlier heats' charges enter h's rows and its cone, each lot's error one
variable in every heat it enters (SeqStructure; no --fix).  The heel is taken as known exactly.  Whole units, minimum charges
and material limits make a MIP, which this program refuses; --relax drops
them (the optimum is then a lower bound).  --fix ID@HEAT=KG (repeatable)
charges exactly KG of material ID into heat HEAT: with --relax and every
whole-unit column fixed to a whole number of units, the optimum is that of
the chance MIP with those unit counts (tests/tools/chance_enum.py takes the
least over every combination).  A fixed charge is taken out of the
variables: its metal, element mean and stock use become constants, and its
sd a constant term inside the cone.  --confidence 0 gives z = 0: the plain
LP.

Numerics: variables are charge fractions y = x / mass_h, the objective is
divided by the total mass and the highest price, every limit row by its
largest coefficient (or its limit when larger), availability rows by
max(stock, heat masses).  The KKT systems are solved by a structured
Cholesky factorization (H = G' W^-1 W^-T G is dense only within a heat, plus
the availability rows): O(lots^2 x heats) memory instead of cvxopt's dense
QR of all of G.  Tolerances 1e-9 (then 1e-8, 1e-7 when the solver stalls:
the "tolerance" field says which), refinement 3.  Objectives agree with a
dense-QR solve at 1e-10 to about 1e-9 relative.

Prints one JSON object: {"status": "optimal"|"infeasible"|"unknown",
"objective": float|null, "z", "iterations", "gap", "relative_gap",
"primal_infeasibility", "dual_infeasibility", "cones", "variables",
"seconds", "solver_status", "tolerance", "max_violation_wt" (how far the
returned charges miss a constraint: wt% for limits, relative for metal
balances and stocks; about 1e-9)}.  "unknown": no verdict, typically
on a problem at the edge of feasibility.  --plan writes the optimum in the
`remelt plan --format json` shape (status, total_cost, heats[].charge,
composition, margin, confidence), for mc_check.py and check_plan.py.

Exit status: 0 solved (optimal or infeasible), 1 bad input or usage,
3 the solver ended without a verdict ("unknown").

Uncertainty rules (re-derived here from docs/uncertainty.md):
* class of a material: its `source` cell (analyzed, predicted, nominal);
  an empty cell or no column means analyzed for a lot and "additive"
  (certified ingot, master alloy) for a row of additives.csv;
* sd of element e: 0 when the material does not report e (empty cell);
  else its own sd_<e> cell when not empty; else
  sqrt(abs_sd^2 + (rel_sd * value)^2) with rel_sd 0.05 analyzed,
  0.30 predicted, 0.35 nominal, 0.01 additive and abs_sd 0, unless
  DIR/uncertainty.csv (source,element,rel_sd[,abs_sd]) says otherwise: an
  empty or "*" element is every element, a row naming the element beats a
  "*" row of the same source whatever their order (field by field: an
  empty rel_sd or abs_sd cell keeps the value it had), later rows beat
  earlier ones of the same kind;
* --as-analyzed: predicted and nominal materials are taken as analysed:
  their own sd cells are ignored and the analyzed defaults apply.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

sys.dont_write_bytecode = True   # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plantcsv  # noqa: E402

CLASSES = ("analyzed", "predicted", "nominal", "additive")
DEFAULT_REL = {"analyzed": 0.05, "predicted": 0.30, "nominal": 0.35,
               "additive": 0.01}


class Uncertain:
    """What the uncertainty rules need of one material, beyond plantcsv."""

    __slots__ = ("cls", "reported", "value", "sd_cell")

    def __init__(self, cls, reported, value, sd_cell):
        self.cls = cls            # one of CLASSES
        self.reported = reported  # set of elements with a non-empty cell
        self.value = value        # {el: wt%} of reported elements (0 kept)
        self.sd_cell = sd_cell    # {el: sd} from non-empty sd_<el> cells


def read_uncertain(path, kind):
    """{id: Uncertain} of lots.csv or additives.csv, from the raw cells."""
    name = os.path.basename(path)
    out = {}
    for line, header, row in plantcsv.read_rows(path):
        where = f"{name}:{line}"
        src = row.get("source", "").strip()
        if src == "":
            cls = "analyzed" if kind == "lot" else "additive"
        elif src in ("analyzed", "predicted", "nominal"):
            cls = src
        else:
            raise plantcsv.PlantError(f"{where}: column source: {src!r} is "
                                      "not analyzed, predicted or nominal")
        reported, value, sd_cell = set(), {}, {}
        for col in header:
            if col in plantcsv.ELEMENT_SYMBOLS:
                v = plantcsv.parse_number(row[col], where, col)
                if v is not None:
                    reported.add(col)
                    value[col] = v
            elif col.startswith("sd_"):
                el = col[3:]
                if el not in plantcsv.ELEMENT_SYMBOLS:
                    raise plantcsv.PlantError(f"{where}: column {col}: not "
                                              "an element symbol")
                v = plantcsv.parse_number(row[col], where, col)
                if v is not None:
                    if v < 0:
                        raise plantcsv.PlantError(f"{where}: column {col}: "
                                                  "negative sd")
                    sd_cell[el] = v
        out[row["id"]] = Uncertain(cls, reported, value, sd_cell)
    return out


class SdTable:
    """rel_sd and abs_sd per (class, element): defaults + uncertainty.csv."""

    def __init__(self, path=None):
        # rows as (class, element or None, rel or None, abs or None)
        self.rows = []
        if path and os.path.exists(path):
            name = os.path.basename(path)
            for line, header, row in plantcsv.read_rows(path):
                plantcsv.require_columns(name, header, ("source", "rel_sd"))
                where = f"{name}:{line}"
                cls = row["source"].strip()
                if cls not in CLASSES:
                    raise plantcsv.PlantError(f"{where}: column source: "
                                              f"unknown class {cls!r}")
                el = row.get("element", "").strip()
                if el in ("", "*"):
                    el = None
                elif el not in plantcsv.ELEMENT_SYMBOLS:
                    raise plantcsv.PlantError(f"{where}: column element: "
                                              f"not an element: {el!r}")
                rel = plantcsv.parse_number(row["rel_sd"], where, "rel_sd")
                ab = plantcsv.parse_number(row.get("abs_sd", ""), where,
                                           "abs_sd")
                self.rows.append((cls, el, rel, ab))
        self.cache = {}

    def params(self, cls, el):
        """(rel, abs) in force for class cls and element el."""
        key = (cls, el)
        if key not in self.cache:
            rel, ab = DEFAULT_REL[cls], 0.0
            # "*" rows first (in file order), then the element's own rows:
            # a row naming the element always beats a "*" row.
            for specific in (False, True):
                for c, e, r, a in self.rows:
                    if c != cls or (e is not None) != specific:
                        continue
                    if specific and e != el:
                        continue
                    if r is not None:
                        rel = r
                    if a is not None:
                        ab = a
            self.cache[key] = (rel, ab)
        return self.cache[key]


def sd_of(unc, table, el, as_analyzed=False):
    """One standard deviation (wt%) of element el of a material."""
    if el not in unc.reported:
        return 0.0
    cls = unc.cls
    if as_analyzed and cls in ("predicted", "nominal"):
        cls = "analyzed"
    elif el in unc.sd_cell:
        return unc.sd_cell[el]
    rel, ab = table.params(cls, el)
    return math.hypot(ab, rel * unc.value[el])


def internal(lo, hi, margin):
    """Internal window of a spec limit (README.md, "Internal limits")."""
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


class ChancePlant:
    """A data directory with everything the chance model and the Monte Carlo
    check need: materials, their sd per element, heats and limits."""

    def __init__(self, directory, margin, as_analyzed=False, relax=False):
        plant = plantcsv.load_plant(directory)
        if (not relax and
                getattr(plant, "has_integer_rules", lambda: False)()):
            raise plantcsv.PlantError(
                "unit_kg, min_kg or max_materials in the data: a MIP, not "
                "this cone program (--relax drops them: a lower bound)")
        unc = read_uncertain(os.path.join(directory, "lots.csv"), "lot")
        add = os.path.join(directory, "additives.csv")
        if os.path.exists(add):
            unc.update(read_uncertain(add, "additive"))
        table = SdTable(os.path.join(directory, "uncertainty.csv"))
        self.plant = plant
        self.mats = plant.materials
        self.heats = plant.heats
        self.unc = [unc[m.id] for m in self.mats]
        self.elements = sorted(set(plant.elements)
                               | {el for lim in plant.grades.values()
                                  for el, _, _ in lim})
        self.sd = [{el: sd_of(u, table, el, as_analyzed)
                    for el in self.elements} for u in self.unc]
        # limits[h] = [(el, lo, hi, spec_lo, spec_hi)], internal at margin
        # furnace of each heat: heel kg, heel wt% and recovery per element
        # (a material's own rec_<El> goes first: see recovery())
        self.bath, self.heel_part, self.rec = [], [], []
        for h, (_, _, mass) in enumerate(self.heats):
            fur = (plant.furnace_of(h) if hasattr(plant, "furnace_of")
                   else None)
            heel = fur.heel if fur is not None else 0.0
            self.bath.append(heel + mass)
            self.heel_part.append({el: (heel * fur.heel_content(el)
                                        if heel else 0.0)
                                   for el in self.elements})
            self.rec.append({el: (fur.recovery(el) if fur is not None
                                  else 1.0) for el in self.elements})
        # Furnace sequences (heats.csv sequence): heat h's heel is w of the
        # bath of each heat c before it (plantcsv.Plant.chain); the chain's
        # first heel is the constant part, the earlier charges are variables.
        self.chain = [plant.chain(h) if hasattr(plant, "chain") else
                      [(h, 1.0)] for h in range(len(self.heats))]
        self.seq = any(len(ch) > 1 for ch in self.chain)
        for h, ch in enumerate(self.chain):
            if len(ch) > 1:
                self.heel_part[h] = {el: 100.0 * plant.heel_const(h, el)
                                     for el in self.elements}
        self.limits = []
        for _, grade, _ in self.heats:
            lims = []
            for el, lo, hi in plant.grades[grade]:
                ilo, ihi = internal(lo, hi, margin)
                lims.append((el, ilo, ihi, lo, hi))
            self.limits.append(lims)

    def bath_terms(self, h, el, x):
        """Heat h's bath at charges x[heat][material] kg: element el's
        mean (wt% x kg: the heel's and every chained charge's) and per
        material its deviation per unit lot error, one error per lot for
        every heat it enters."""
        mean = self.heel_part[h][el]
        dev = [0.0] * len(self.mats)
        for c, w in self.chain[h]:
            for i, m in enumerate(self.mats):
                if x[c][i]:
                    r = self.recovery(c, i, el)
                    mean += w * m.yld * x[c][i] * m.content(el) * r
                    dev[i] += w * m.yld * x[c][i] * self.sd[i][el] * r
        return mean, dev

    def recovery(self, h, i, el):
        """Recovery of el charged as material i in heat h: the material's
        rec_<El>, else the heat's furnace's."""
        return getattr(self.mats[i], "rec", {}).get(el, self.rec[h][el])


def _row_scale(spec, a, s, z):
    """Divisor of a limit row: its largest coefficient or its limit,
    whichever is larger (rows of Li at 0.001 wt% and of Si at 10 wt% then
    weigh alike in the solver's residuals)."""
    big = max([abs(v) for v in a] + [z * v for _, v in s] + [spec, 0.0])
    return big if big > 0 else 1.0


class Structure:
    """The cone program in cvxopt's form (G x + s = h, s in l x q1 x ...,
    A x = b) and what a structured KKT solver needs of it."""

    def __init__(self, cp, z, fixed=None):
        mats, heats = cp.mats, cp.heats
        # fixed {(heat, material): kg}: these variables stay, with no
        # coefficient but a positive cost, so that they end at 0
        self.fixed = fixed = dict(fixed or {})
        self.nm, self.nh = nm, nh = len(mats), len(heats)
        self.n = nm * nh
        self.yields = [m.yld for m in mats]
        mtot = sum(m for _, _, m in heats)
        pscale = max([m.price for m in mats] + [1e-12])
        # variable y[h * nm + i] = x[i, h] / mass_h
        self.c = [1.0 if (h, i) in fixed else m.price * mass / (mtot * pscale)
                  for h, (_, _, mass) in enumerate(heats)
                  for i, m in enumerate(mats)]
        self.b = [1.0 - sum(mats[i].yld * kg / mass for (hh, i), kg
                            in fixed.items() if hh == h)
                  for h, (_, _, mass) in enumerate(heats)]
        self.lin = []        # [(heat or None, [(j, v)], rhs)], after x >= 0
        self.cones = []      # [(heat, a_s[nm], [local col], [sigma], rhs,
        #                       constant sd of the fixed charges, or 0)]
        self.infeasible = False
        for i, m in enumerate(mats):
            if m.mass is not None:
                # sum_h mass_h y[i,h] <= mass_i, scaled to coefficients <= 1
                sc = max([m.mass] + [mass for _, _, mass in heats])
                left = m.mass - sum(kg for (_, ii), kg in fixed.items()
                                    if ii == i)
                terms = [(h * nm + i, mass / sc)
                         for h, (_, _, mass) in enumerate(heats)
                         if (h, i) not in fixed]
                if terms:
                    self.lin.append((None, terms, left / sc))
                elif left < -1e-9 * m.mass:
                    self.infeasible = True
        for h, lims in enumerate(cp.limits):
            # wt% of the bath (heel + tapped metal): w * charge part + heel
            w = heats[h][2] / cp.bath[h]
            for el, lo, hi, _, _ in lims:
                r = [cp.recovery(h, i, el) for i in range(nm)]
                a = [w * m.yld * m.content(el) * r[i]
                     for i, m in enumerate(mats)]
                sd = [(i, w * m.yld * cp.sd[i][el] * r[i])
                      for i, m in enumerate(mats) if cp.sd[i][el] > 0]
                heel = cp.heel_part[h][el] / cp.bath[h]
                # fixed charges: their mean joins the heel's, their sd is
                # a constant inside the norm
                yf = {i: kg / heats[h][2] for (hh, i), kg in fixed.items()
                      if hh == h}
                heel += sum(a[i] * y for i, y in yf.items())
                const = math.sqrt(sum((v * yf[i]) ** 2 for i, v in sd
                                      if i in yf))
                for side, spec in ((-1, lo), (1, hi)):
                    if spec is None:
                        continue
                    scale = _row_scale(spec, a, sd, z)
                    lim = (spec - heel) * side / scale
                    a_s = [0.0 if i in yf else side * v / scale
                           for i, v in enumerate(a)]
                    free = [(i, v) for i, v in sd if i not in yf]
                    cst = z * const / scale
                    if z == 0 or not free:
                        # side * (a.y - lim) + z const <= 0, linear
                        terms = [(h * nm + i, v) for i, v in enumerate(a_s)
                                 if v]
                        if terms:
                            self.lin.append((h, terms, lim - cst))
                        elif lim - cst < 0:
                            self.infeasible = True
                        # else 0 <= lim holds; a zero row with a zero
                        # right-hand side would leave no interior point
                    else:
                        self.cones.append((h, a_s, [i for i, _ in free],
                                           [z * v / scale for _, v in free],
                                           lim, cst))

    def matrices(self):
        """c, G, h, dims, A, b as cvxopt matrices."""
        from cvxopt import matrix, spmatrix
        n, nm = self.n, self.nm
        gi, gj, gv, hv = list(range(n)), list(range(n)), [-1.0] * n, \
            [0.0] * n
        r = n
        for _, terms, rhs in self.lin:
            for j, v in terms:
                gi.append(r)
                gj.append(j)
                gv.append(v)
            hv.append(rhs)
            r += 1
        nl = r
        qdims = []
        for h, a_s, loc, sig, rhs, cst in self.cones:
            for i, v in enumerate(a_s):
                if v:
                    gi.append(r)
                    gj.append(h * nm + i)
                    gv.append(v)
            hv.append(rhs)
            r += 1
            for i, sg in zip(loc, sig):
                gi.append(r)
                gj.append(h * nm + i)
                gv.append(-sg)
                hv.append(0.0)
                r += 1
            if cst:
                hv.append(cst)      # the fixed charges' sd: G row of zeros
                r += 1
            qdims.append(1 + len(loc) + (1 if cst else 0))
        G = spmatrix(gv, gi, gj, (r, n))
        A = spmatrix([0.0 if (h, i) in self.fixed else self.yields[i]
                      for h in range(self.nh) for i in range(nm)],
                     [h for h in range(self.nh) for _ in range(nm)],
                     list(range(n)), (self.nh, n))
        return (matrix(self.c), G, matrix(hv, (r, 1)),
                {"l": nl, "q": qdims, "s": []}, A,
                matrix(self.b, (self.nh, 1)))

    def kktsolver(self, G, A):
        """conelp's kktsolver for this structure: eliminates the cone
        variables, H = G' W^-1 W^-T G is block diagonal per heat (each
        cone's W^-T G_k restricted to its heat's columns) plus the
        availability rows that couple heats, factored densely by Cholesky;
        the heats' metal balances by a Schur complement."""
        from cvxopt import blas, lapack, matrix, misc
        n, nm, nh = self.n, self.nm, self.nh
        At = matrix(A.T)

        def factor(W):
            H = matrix(0.0, (n, n))
            di = W["di"]
            for j in range(n):
                H[j, j] = di[j] ** 2
            blk = matrix(0.0, (nm, 1))
            for r, (h, terms, _) in enumerate(self.lin):
                d2 = di[n + r] ** 2
                if h is None:
                    for j1, v1 in terms:
                        for j2, v2 in terms:
                            if j1 >= j2:
                                H[j1, j2] += d2 * v1 * v2
                else:
                    blk[:] = 0.0
                    for j, v in terms:
                        blk[j - h * nm] = v
                    blas.syr(blk, H, alpha=d2, n=nm, ldA=n,
                             offsetA=h * nm * (n + 1))
            for k, (h, a_s, loc, sig, _, _) in enumerate(self.cones):
                v, beta = W["v"][k], W["beta"][k]
                p = len(loc)
                q = len(v)      # 1 + p, + 1 with a constant (zero G row)
                # W^-1 = (2 u u' - J) / beta with u = J v, so
                # W^-1 G_k = (2 u (G_k' u)' - J G_k) / beta
                u = matrix(v)
                u[1:] = -u[1:]
                g = matrix(a_s) * u[0]
                for t in range(p):
                    g[loc[t]] -= sig[t] * u[1 + t]
                M = matrix(0.0, (q, nm))
                M[0, :] = matrix(a_s).T * (-1.0 / beta)
                for t in range(p):
                    M[1 + t, loc[t]] = -sig[t] / beta
                blas.ger(u, g, M, alpha=2.0 / beta)
                blas.syrk(M, H, trans="T", alpha=1.0, beta=1.0, n=nm,
                          k=q, ldC=n, offsetC=h * nm * (n + 1))
            lapack.potrf(H)
            HA = matrix(At)
            lapack.potrs(H, HA)
            S = matrix(0.0, (nh, nh))
            blas.gemm(At, HA, S, transA="T")
            lapack.potrf(S)

            def solve(x, y, zz):
                t = matrix(zz)
                misc.scale(t, W, trans="T", inverse="I")
                misc.scale(t, W, inverse="I")
                rhs = matrix(x)
                rhs += G.T * t
                lapack.potrs(H, rhs)
                uy = matrix(y)
                blas.gemv(At, rhs, uy, trans="T", alpha=1.0, beta=-1.0)
                lapack.potrs(S, uy)
                blas.gemv(HA, uy, rhs, alpha=-1.0, beta=1.0)
                wz = G * rhs - zz
                misc.scale(wz, W, trans="T", inverse="I")
                x[:] = rhs
                y[:] = uy
                zz[:] = wz
            return solve
        return factor


class SeqStructure:
    """The cone program of a plant with furnace sequences: heat h's rows
    hold the columns of the heats before it in its furnace (weight w of
    cp.chain), and its cone's norm has one row per material whose entries
    span those heats (a lot's error is one variable in all of them). The
    same variables, objective, metal balances and stock rows as Structure;
    cvxopt's general KKT solver (no --fix)."""

    def __init__(self, cp, z):
        mats, heats = cp.mats, cp.heats
        self.fixed = {}
        self.nm, self.nh = nm, nh = len(mats), len(heats)
        self.n = nm * nh
        self.yields = [m.yld for m in mats]
        mtot = sum(m for _, _, m in heats)
        pscale = max([m.price for m in mats] + [1e-12])
        self.c = [m.price * mass / (mtot * pscale)
                  for _, _, mass in heats for m in mats]
        self.b = [1.0] * nh
        self.lin, self.cones, self.infeasible = [], [], False
        for i, m in enumerate(mats):
            if m.mass is not None:
                sc = max([m.mass] + [mass for _, _, mass in heats])
                self.lin.append((None, [(h * nm + i, mass / sc) for h, (
                    _, _, mass) in enumerate(heats)], m.mass / sc))
        for h, lims in enumerate(cp.limits):
            for el, lo, hi, _, _ in lims:
                a, rows = {}, []
                for i, m in enumerate(mats):
                    row = []
                    for c, w in cp.chain[h]:
                        f = w * heats[c][2] / cp.bath[h] * m.yld * \
                            cp.recovery(c, i, el)
                        if m.content(el):
                            a[c * nm + i] = f * m.content(el)
                        if cp.sd[i][el] > 0:
                            row.append((c * nm + i, f * cp.sd[i][el]))
                    if row:
                        rows.append(row)
                heel = cp.heel_part[h][el] / cp.bath[h]
                for side, spec in ((-1, lo), (1, hi)):
                    if spec is None:
                        continue
                    scale = max([abs(v) for v in a.values()] +
                                [z * abs(v) for r in rows for _, v in r] +
                                [spec, 0.0]) or 1.0
                    lim = (spec - heel) * side / scale
                    terms = [(j, side * v / scale) for j, v in a.items()]
                    if z == 0 or not rows:
                        if terms:
                            self.lin.append((h, terms, lim))
                        elif lim < 0:
                            self.infeasible = True
                    else:
                        self.cones.append((terms, lim, [
                            [(j, z * v / scale) for j, v in r] for r in rows]))

    def matrices(self):
        """c, G, h, dims, A, b as cvxopt matrices."""
        from cvxopt import matrix, spmatrix
        n, nm = self.n, self.nm
        gi, gj, gv, hv = list(range(n)), list(range(n)), [-1.0] * n, \
            [0.0] * n
        r = n
        for _, terms, rhs in self.lin:
            for j, v in terms:
                gi.append(r)
                gj.append(j)
                gv.append(v)
            hv.append(rhs)
            r += 1
        nl, qdims = r, []
        for terms, rhs, rows in self.cones:
            for j, v in terms:      # s0 = rhs - side a.y >= || S y ||
                gi.append(r)
                gj.append(j)
                gv.append(v)
            hv.append(rhs)
            r += 1
            for row in rows:
                for j, v in row:
                    gi.append(r)
                    gj.append(j)
                    gv.append(-v)
                hv.append(0.0)
                r += 1
            qdims.append(1 + len(rows))
        G = spmatrix(gv, gi, gj, (r, n))
        A = spmatrix([self.yields[i] for _ in range(self.nh)
                      for i in range(nm)],
                     [h for h in range(self.nh) for _ in range(nm)],
                     list(range(n)), (self.nh, n))
        return (matrix(self.c), G, matrix(hv, (r, 1)),
                {"l": nl, "q": qdims, "s": []}, A,
                matrix(self.b, (self.nh, 1)))


def solve(cp, confidence, fixed=None):
    """The SOCP (or LP when confidence is 0) by cvxopt, with the charges
    fixed={(heat, material): kg} taken as given; returns a dict."""
    from cvxopt import solvers

    z = statistics.NormalDist().inv_cdf(confidence) if confidence > 0 else 0.0
    if cp.seq and fixed:
        raise ValueError("--fix with furnace sequences is not built")
    st = SeqStructure(cp, z) if cp.seq else Structure(cp, z, fixed)
    c, G, h, dims, A, b = st.matrices()
    t0 = time.time()
    sol, tol = None, None
    if st.infeasible:
        sol = {"status": "primal infeasible", "x": None}
    # Tight tolerances first; an interior-point method can stall or hit a
    # domain error when asked for more than the data allows: next rung.
    for tol in ([] if sol else (1e-9, 1e-8, 1e-7)):
        opts = {"show_progress": False, "abstol": tol, "reltol": tol,
                "feastol": tol, "maxiters": 60, "refinement": 3}
        try:
            # a sequence's cones span its chain's heats: cvxopt's own
            # Cholesky ("chol": of G' W^-1 W^-T G, n x n) in place of the per-heat
            # structure
            kkt = "chol" if cp.seq else st.kktsolver(G, A)
            res = solvers.conelp(c, G, h, dims, A, b, kktsolver=kkt,
                                 options=opts)
        except (ValueError, ArithmeticError):
            continue
        if res["status"] in ("optimal", "primal infeasible"):
            sol = res
            break
        if sol is None or (res.get("relative gap") or 1) < \
                (sol.get("relative gap") or 1):
            sol = res
    if sol is None:
        sol = {"status": "unknown", "x": None}
    secs = time.time() - t0
    out = {"status": None, "objective": None, "z": z,
           "iterations": sol.get("iterations"),
           "gap": sol.get("gap"), "relative_gap": sol.get("relative gap"),
           "primal_infeasibility": sol.get("primal infeasibility"),
           "dual_infeasibility": sol.get("dual infeasibility"),
           "cones": len(dims["q"]), "variables": st.n,
           "seconds": round(secs, 3), "solver_status": sol["status"],
           "tolerance": tol}
    status = sol["status"]
    x = None
    if status == "primal infeasible":
        out["status"] = "infeasible"
    elif status == "optimal" or (status == "unknown" and sol["x"] is not None
                                 and (sol.get("relative gap") or 1) < 1e-7
                                 and sol["primal infeasibility"] < 1e-7
                                 and sol["dual infeasibility"] < 1e-6):
        out["status"] = "optimal"
        yv = list(sol["x"])
        nm, heats, mats = st.nm, cp.heats, cp.mats
        x = [[st.fixed.get((hh, i), max(0.0, yv[hh * nm + i]) * heats[hh][2])
              for i in range(nm)] for hh in range(st.nh)]
        out["objective"] = sum(mats[i].price * x[hh][i]
                               for hh in range(st.nh) for i in range(nm))
        out["max_violation_wt"] = max_violation(cp, x, z)
    else:
        out["status"] = "unknown"
    return out, x


def max_violation(cp, x, z):
    """Largest amount (wt% of the bath) by which x misses a chance
    constraint, a metal balance (relative) or a stock; 0 when none."""
    worst = 0.0
    for h, (_, _, mass) in enumerate(cp.heats):
        worst = max(worst, abs(sum(m.yld * x[h][i] for i, m in
                                   enumerate(cp.mats)) - mass) / mass)
        for el, lo, hi, _, _ in cp.limits[h]:
            mean, dev = cp.bath_terms(h, el, x)
            mean /= cp.bath[h]
            sd = math.sqrt(sum(d * d for d in dev)) / cp.bath[h]
            if lo is not None:
                worst = max(worst, lo - (mean - z * sd))
            if hi is not None:
                worst = max(worst, mean + z * sd - hi)
    for i, m in enumerate(cp.mats):
        if m.mass is not None:
            worst = max(worst, (sum(x[h][i] for h in range(len(cp.heats)))
                                - m.mass) / m.mass)
    return worst


def plan_json(cp, x, margin, confidence):
    """The optimum in the `remelt plan --format json` shape."""
    heats, total = [], 0.0
    for h, (hid, grade, mass) in enumerate(cp.heats):
        charge = [{"id": m.id, "mass_kg": x[h][i]}
                  for i, m in enumerate(cp.mats) if x[h][i] >= 1e-6]
        cost = sum(m.price * x[h][i] for i, m in enumerate(cp.mats))
        comp = {el: cp.bath_terms(h, el, x)[0] / cp.bath[h]
                for el in cp.elements}
        heats.append({"heat": hid, "grade": grade, "mass_kg": mass,
                      "cost": cost, "charge": charge, "composition": comp})
        total += cost
    return {"status": "optimal", "total_cost": total, "margin": margin,
            "confidence": confidence, "heats": heats}


def parse_fixed(cp, specs):
    """{(heat index, material index): kg} from ID@HEAT=KG strings (the last
    '@' and '=' split, so ids may contain either)."""
    mats = {m.id: i for i, m in enumerate(cp.mats)}
    heats = {hid: h for h, (hid, _, _) in enumerate(cp.heats)}
    out = {}
    for spec in specs:
        left, eq, kg = spec.rpartition("=")
        mid, at, hid = left.rpartition("@")
        if not (eq and at) or mid not in mats or hid not in heats:
            raise ValueError(f"--fix {spec!r}: not ID@HEAT=KG of a material "
                             "and a heat of the plant")
        kg = float(kg)
        if not kg >= 0:
            raise ValueError(f"--fix {spec!r}: kg must be >= 0")
        out[(heats[hid], mats[mid])] = kg
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--margin", type=float, default=0.10)
    ap.add_argument("--confidence", type=float, default=0.95)
    ap.add_argument("--as-analyzed", action="store_true")
    ap.add_argument("--relax", action="store_true",
                    help="drop unit_kg, min_kg and max_materials")
    ap.add_argument("--fix", action="append", default=[],
                    metavar="ID@HEAT=KG",
                    help="charge exactly KG of material ID into heat HEAT")
    ap.add_argument("--plan", help="write the optimum as plan JSON here")
    args = ap.parse_args(argv)
    if not 0 <= args.margin < 0.5:
        ap.error("--margin must be in [0, 0.5)")
    if not (args.confidence == 0 or 0.5 <= args.confidence < 1):
        ap.error("--confidence must be 0 or in [0.5, 1)")
    try:
        cp = ChancePlant(args.dir, args.margin, args.as_analyzed,
                         args.relax)
        fixed = parse_fixed(cp, args.fix)
    except (plantcsv.PlantError, OSError, ValueError) as exc:
        print(f"socp_ref: {exc}", file=sys.stderr)
        return 1
    out, x = solve(cp, args.confidence, fixed)
    if args.plan and x is not None:
        with open(args.plan, "w", encoding="utf-8") as fh:
            json.dump(plan_json(cp, x, args.margin, args.confidence), fh)
    print(json.dumps(out))
    return 3 if out["status"] == "unknown" else 0


if __name__ == "__main__":
    sys.exit(main())
