#!/usr/bin/env python3
"""Seeded random secondary-aluminium plant generator for remelt tests.

usage: gen_plant.py --seed N --out DIR [--lots L] [--heats H]
                    [--elements K] [--infeasible-rate R] [--witness FILE]
                    [--rules [--material-rec]]

Writes DIR/lots.csv, DIR/grades.csv, DIR/heats.csv and (usually)
DIR/additives.csv following FORMATS.md v1, and prints a one-line JSON summary
on stdout (seed, sizes, elements, whether the plant is feasible by
construction and, if not, which infeasibility was planted).

Why it is built this way:
* Feasibility is certified by construction, not by a solver: every grade gets
  a planted recipe (tapped-metal fractions of a few materials), its limits
  are windows around the recipe's composition, and every material used by a
  recipe has at least the planted usage on hand.  --witness writes that
  planted plan in the `remelt plan --format json` shape so a checker can
  verify it.  The windows are tight and the scrap is dirtier and cheaper than
  primary metal, so an optimizer pushes against element limits.
* Infeasibility is certified too, each kind with a simple proof:
  - min_above_all: a grade minimum above every material's content
    (the tapped composition is a yield-weighted average of the contents);
  - max_below_all: a grade maximum below every material's content;
  - conflict: min of e1 and max of e2 such that for every material
    c1 - r*c2 < min1 - r*max2 (a Farkas certificate: no average can do it);
  - short_inventory: every material is limited and all of it, melted, gives
    less metal than the heats must tap.
* The CSV files use the contract's freedoms at random: column order, trace
  columns with commas, quotes, UTF-8 and occasionally a line break inside a
  quoted field, empty (not reported) cells, BOM, CRLF, QUOTE_ALL, a missing
  final line break, sd_<El> and source columns, absent yield columns.
* Everything flows from random.Random(seed) and lists (never set/dict
  iteration order of strings), so a seed always gives the same bytes.

--rules makes a plant with the practical charge rules of FORMATS.md (a MIP
for remelt): 6-25 lots and 1-4 heats unless given, unit_kg on some lots
(bales of 250-1000 kg), primary (sows of 500-700 kg) and master alloys
(ingots of 5-25 kg), min_kg on some materials, furnaces.csv with two
furnaces (capacity 8-40 t, heel 10-30 % of it with a composition near one
grade's, rec_Mg 0.85-0.95, sometimes rec_Si / rec_Zn / rec_Li,
max_materials 4-8, occasionally empty) and a furnace column in heats.csv
(rarely empty: a heat without furnace).  The hidden plan is per heat: a
grade's recipe rounded to whole units, one non-unit "filler" material of
the recipe taking the remainder of the metal; at most max_materials
materials; every min_kg at most the planted charge; stock >= planted usage
(a whole number of units for most unit materials); heel + mass <=
capacity.  The grade windows contain the planted *bath* composition (heel +
charge with recovery) of every heat of the grade.  Planted infeasibilities
are the same kinds, with the heels and recovery-scaled contents counted as
materials in the certificates (the bath is a weighted average of them).
--material-rec (with --rules) gives about half the materials carrying an
element a furnace loses their own rec_<El> (0.75-0.99) in lots.csv /
additives.csv; it draws from its own rng, so lots, heats and furnaces are
those of the seed without it (the grades then fit the new baths).
The plain-LP mode (without --rules) is unchanged, byte for byte.
"""

import argparse
import csv
import io
import json
import math
import os
import random
import sys

ELEMENT_POOL = ["Si", "Fe", "Cu", "Mn", "Mg", "Cr", "Ni", "Zn", "Ti", "Pb",
                "Sn", "Li", "V", "Ga", "Na", "Bi"]

# Largest "background" level of an element a scrap class does not carry.
TRACE_MAX = {"Si": 0.3, "Fe": 0.4, "Cu": 0.1, "Mn": 0.05, "Mg": 0.05,
             "Cr": 0.03, "Ni": 0.02, "Zn": 0.1, "Ti": 0.03, "Pb": 0.02,
             "Sn": 0.02, "Li": 0.001, "V": 0.02, "Ga": 0.02, "Na": 0.003,
             "Bi": 0.01}

# (class, typical wt%, price range JPY/kg, yield range)
SCRAP_CLASSES = [
    ("ADC12 returns", {"Si": 10.5, "Cu": 2.4, "Fe": 0.8, "Zn": 0.7, "Mn": 0.3,
                       "Mg": 0.2, "Ni": 0.1, "Sn": 0.05, "Pb": 0.05},
     (170, 210), (0.95, 0.99)),
    ("A356 wheels", {"Si": 7.0, "Mg": 0.35, "Fe": 0.12, "Ti": 0.12,
                     "Na": 0.002}, (230, 270), (0.96, 0.99)),
    ("6063 extrusion", {"Si": 0.45, "Mg": 0.55, "Fe": 0.2, "Cu": 0.02,
                        "Mn": 0.03}, (240, 280), (0.95, 0.99)),
    ("UBC cans", {"Mg": 1.1, "Mn": 0.9, "Fe": 0.45, "Si": 0.25, "Cu": 0.18,
                  "Zn": 0.05, "Ti": 0.02}, (160, 220), (0.86, 0.92)),
    ("mixed castings", {"Si": 8.0, "Cu": 2.8, "Fe": 1.0, "Zn": 1.2,
                        "Mn": 0.25, "Mg": 0.3, "Ni": 0.15, "Pb": 0.1,
                        "Sn": 0.08, "Cr": 0.05}, (130, 170), (0.88, 0.95)),
    ("turnings", {"Si": 9.0, "Cu": 3.0, "Fe": 1.1, "Zn": 1.0, "Mg": 0.25,
                  "Mn": 0.3, "Ni": 0.1}, (110, 150), (0.86, 0.92)),
    ("radiators 3003", {"Mn": 1.15, "Fe": 0.6, "Cu": 0.12, "Si": 0.4,
                        "Zn": 1.5}, (150, 200), (0.88, 0.94)),
    ("7075 aerospace", {"Zn": 5.6, "Mg": 2.5, "Cu": 1.6, "Cr": 0.23,
                        "Fe": 0.2, "Si": 0.1, "Ti": 0.05},
     (200, 260), (0.95, 0.99)),
    ("2099 Al-Li", {"Cu": 2.7, "Li": 1.8, "Zn": 0.7, "Mg": 0.3, "Mn": 0.3,
                    "Fe": 0.05}, (150, 250), (0.93, 0.98)),
    ("390 hypereutectic", {"Si": 17.0, "Cu": 4.5, "Mg": 0.55, "Fe": 0.9,
                           "Zn": 0.1}, (150, 190), (0.93, 0.97)),
    ("dross metal", {"Si": 6.0, "Fe": 2.0, "Zn": 3.0, "Cu": 3.0, "Pb": 0.3,
                     "Sn": 0.2, "Bi": 0.1, "Mg": 0.5, "Ga": 0.02, "V": 0.02},
     (80, 120), (0.86, 0.90)),
    ("6262 free-machining", {"Si": 0.6, "Mg": 1.0, "Cu": 0.3, "Pb": 0.5,
                             "Bi": 0.55, "Cr": 0.09, "Fe": 0.5},
     (180, 230), (0.93, 0.98)),
    ("1350 conductor", {"Fe": 0.3, "Si": 0.08, "V": 0.01, "Ga": 0.02,
                        "Cu": 0.02}, (250, 300), (0.97, 1.0)),
    ("4032 pistons", {"Si": 12.2, "Ni": 0.9, "Cu": 0.9, "Mg": 1.0,
                      "Fe": 0.5}, (170, 210), (0.93, 0.97)),
]

# (id, principal element or None for primary, wt%, price range, yield range)
PRIMARY = [("P1020", None, {"Si": 0.06, "Fe": 0.12, "Ga": 0.012, "V": 0.008,
                            "Zn": 0.005, "Na": 0.0005},
            (360, 400), (0.985, 1.0)),
           ("P0610", None, {"Si": 0.04, "Fe": 0.06, "Ga": 0.01},
            (390, 430), (0.985, 1.0))]
MASTER_ALLOYS = [
    ("SI-MET 553", "Si", {"Si": 98.8, "Fe": 0.45, "Cu": 0.01},
     (380, 460), (0.95, 0.98)),
    ("MG 99.90", "Mg", {"Mg": 99.9, "Fe": 0.004, "Si": 0.005},
     (520, 700), (0.90, 0.95)),
    ("AlCu50", "Cu", {"Cu": 50.0, "Fe": 0.25, "Si": 0.15},
     (700, 950), (0.98, 1.0)),
    ("AlMn20", "Mn", {"Mn": 20.0, "Fe": 0.3, "Si": 0.2},
     (450, 600), (0.97, 1.0)),
    ("AlCr10", "Cr", {"Cr": 10.0, "Fe": 0.2}, (900, 1200), (0.97, 1.0)),
    ("AlNi20", "Ni", {"Ni": 20.0, "Fe": 0.2}, (900, 1300), (0.97, 1.0)),
    ("ZN SHG", "Zn", {"Zn": 99.99, "Pb": 0.003}, (400, 480), (0.96, 0.99)),
    ("AlTi5B1", "Ti", {"Ti": 5.0, "Fe": 0.15, "V": 0.05},
     (800, 1100), (0.98, 1.0)),
]

GRADE_NAMES = ["ADC12", "A356.2", "AC4CH", "6063", "3003", "A380",
               "AlSi9Cu3(Fe)", "EN AC-46000", "ADC10", "AC2B", "4032",
               "7075 remelt", "G-1/B", "Späte Sorte"]
SUPPLIERS = ['Müller "Alu" GmbH, Werk 2', "Nippon Keikinzoku, Osaka",
             'Kim & Sons "Scrap"', "Recyclage du Nord, S.A.",
             "大阪アルミ", "Smith, J.", "Tanaka Metal", "O'Brien Recycling",
             ""]
ORIGINS = ["Osaka, JP", "Nagoya", "Rotterdam, NL", 'Hamburg "Hafen"', "",
           "São Paulo, BR", "in-house returns"]
NOTES = ["", "oily, 2% moisture", 'tagged "urgent"', "bales; strapped",
         "wet, \"dry\" before use", "XRF only", "see report 17, p.3",
         "mixed, sorted by hand"]
NOTE_WITH_BREAK = "2 bales damaged\r\nsee photo, shift B"
RESERVED = ["unit_kg", "min_kg", "furnace"]   # never used as trace columns


# ----------------------------------------------------------------- numbers

def rounded(value, digits):
    """Round to what will be written, so internal data == file data."""
    return float(f"{value:.{digits}f}")


def fmt(value, digits, rng):
    """Decimal text with `digits` places, sometimes with trailing zeros
    stripped (plants write both '12.50' and '12.5')."""
    text = f"{value:.{digits}f}"
    if "." in text and rng.random() < 0.5:
        text = text.rstrip("0").rstrip(".")
    return text


def ceil_to(value, digits):
    """Round up at `digits` decimals (for maxima the recipe must meet)."""
    scale = 10 ** digits
    return float(f"{math.ceil(value * scale - 1e-9) / scale:.{digits}f}")


def floor_to(value, digits):
    """Round down at `digits` decimals (for minima the recipe must meet)."""
    scale = 10 ** digits
    return float(f"{math.floor(value * scale + 1e-9) / scale:.{digits}f}")


# --------------------------------------------------------------- materials

class Mat:
    """A generated lot or additive, with exactly the values written."""

    def __init__(self, mid, kind, comp, price, yld, label):
        self.id, self.kind, self.comp = mid, kind, comp
        self.price, self.yld, self.label = price, yld, label
        self.mass = None          # kg, None = unlimited additive
        self.usage = 0.0          # planted kg charged over all heats
        self.reported = {}        # element -> bool (cell written or empty)
        self.unit = None          # unit_kg (--rules only)
        self.min_kg = None        # min_kg (--rules only)
        self.rec = {}             # own rec_<El> (--rules --material-rec)

    def c(self, el):
        """wt%; not reported counts as 0 (FORMATS.md)."""
        return self.comp.get(el, 0.0)


def report_cells(mat, elements, rng):
    """Decide which element cells are written; unwritten ones become 0 so
    the planted data equals what a reader will see."""
    for el in elements:
        val = mat.comp.get(el, 0.0)
        if val == 0.0:
            mat.reported[el] = rng.random() < 0.3      # explicit "0"
        else:
            mat.reported[el] = rng.random() > 0.05     # rarely missing
        if not mat.reported[el]:
            mat.comp.pop(el, None)


def scrap_composition(cls, elements, rng):
    """Noisy composition of one scrap class, sum kept below 30 wt%."""
    typical = cls[1]
    comp = {}
    for el in elements:
        if el in typical:
            val = typical[el] * math.exp(rng.gauss(0.0, 0.25))
        elif rng.random() < 0.6:
            val = rng.uniform(0.0, TRACE_MAX[el])
        else:
            val = 0.0
        comp[el] = val
    total = sum(comp.values())
    if total > 29.0:
        comp = {el: v * 29.0 / total for el, v in comp.items()}
    return {el: rounded(v, 4) for el, v in comp.items() if rounded(v, 4)}


def lot_id(n, rng, style):
    """Lot ids in one of a few plant styles (some with spaces, / and #)."""
    if style == 0:
        return f"L{n:04d}"
    if style == 1:
        return f"BALE {n}/{rng.choice('ABC')}"
    if style == 2:
        return f"2024-07-{n:03d}#{rng.randint(1, 9)}"
    return f"Späne-{n}"


def make_lots(nlots, elements, rng):
    """nlots scrap lots from random scrap classes."""
    style = rng.randrange(4)
    lots = []
    for n in range(1, nlots + 1):
        cls = rng.choice(SCRAP_CLASSES)
        comp = scrap_composition(cls, elements, rng)
        price = rounded(rng.uniform(*cls[2]), 2)
        yld = rounded(rng.uniform(*cls[3]), 3)
        yld = min(1.0, max(0.851, yld))
        lots.append(Mat(lot_id(n, rng, style), "lot", comp, price, yld,
                        cls[0]))
    return lots


def make_additive(spec, elements, rng):
    """An additive restricted to the plant's analysed elements."""
    mid, _, typical, prices, ylds = spec
    comp = {}
    for el in elements:
        if el in typical:
            val = typical[el]
            if val < 50:
                val *= math.exp(rng.gauss(0.0, 0.1))
            comp[el] = rounded(val, 4)
    price = rounded(rng.uniform(*prices), 2)
    yld = rounded(rng.uniform(*ylds), 3)
    return Mat(mid, "additive", {e: v for e, v in comp.items() if v},
               price, min(1.0, yld), mid)


def make_additives(elements, rng):
    """Primary metal (usually unlimited) and master alloys whose element is
    analysed; None when the plant has no additives.csv."""
    if rng.random() < 0.15:
        return None
    adds = []
    if rng.random() < 0.9:
        prim = make_additive(rng.choice(PRIMARY), elements, rng)
        prim.unlimited = rng.random() < 0.8
        adds.append(prim)
    for spec in MASTER_ALLOYS:
        if spec[1] in elements and rng.random() < 0.6:
            add = make_additive(spec, elements, rng)
            add.unlimited = rng.random() < 0.7
            adds.append(add)
    if rng.random() < 0.25:
        for add in adds:           # lets material_rows drop the column
            add.yld = 1.0
    return adds


# ------------------------------------------------------- recipes / grades

def make_recipe(mats, rng):
    """Tapped-metal fractions {material index: f}, sum 1.

    Master alloys get small shares (a few %), as in practice."""
    k = rng.randint(1, min(6, len(mats)))
    picks = rng.sample(range(len(mats)), k)
    weights = {}
    for i in picks:
        w = rng.expovariate(1.0) + 0.05
        if mats[i].kind == "additive" and mats[i].id not in ("P1020",
                                                              "P0610"):
            w *= 0.04
        weights[i] = w
    total = sum(weights.values())
    return {i: w / total for i, w in sorted(weights.items())}


def recipe_composition(recipe, mats, elements):
    """wt% of the tapped metal of a recipe (yield-weighted average)."""
    return {el: sum(f * mats[i].c(el) for i, f in recipe.items())
            for el in elements}


def window(p, rng):
    """(min, max) wt% around planted content p, either side may be None.

    Relative widths are often tight so that the optimum binds them."""
    if p <= 0.0:
        return None, rng.choice([0.01, 0.02, 0.05, 0.1, 0.2])
    u = rng.choice([rng.uniform(0.003, 0.03), rng.uniform(0.03, 0.3),
                    rng.uniform(0.3, 1.0)])
    kind = rng.choices(["both", "max", "min"], [0.45, 0.4, 0.15])[0]
    lo = floor_to(p * (1 - u) - 5e-4, 4)
    hi = ceil_to(p * (1 + u) + 5e-4, 4)
    if lo <= 0.0 or kind == "max":
        lo = None
    if kind == "min" and lo is not None:
        hi = None
    return lo, hi


def make_grade_limits(comp, elements, rng):
    """[(el, lo, hi)] windows around a recipe composition."""
    limits = []
    for el in elements:
        if rng.random() < 0.75:
            lo, hi = window(comp[el], rng)
            limits.append([el, lo, hi])
    if not limits:
        el = rng.choice(elements)
        limits.append([el, *window(comp[el], rng)])
    return limits


def make_heats(nheats, grade_names, rng):
    """[(heat id, grade, mass_kg)]; heat masses are typical furnace taps."""
    style = rng.randrange(3)
    heats = []
    for n in range(1, nheats + 1):
        hid = [f"H{n:02d}", f"Tap {n}", f"F{rng.randint(1, 3)}/{n:02d}"][style]
        mass = float(rng.randrange(2000, 30001, 50))
        heats.append((hid, rng.choice(grade_names), mass))
    return heats


def plant_usage(heats, recipes, mats):
    """Accumulate the planted charge (kg) of every material."""
    plan = []
    for hid, grade, mass in heats:
        charge = {i: f * mass / mats[i].yld for i, f in recipes[grade].items()}
        for i, kg in charge.items():
            mats[i].usage += kg
        plan.append(charge)
    return plan


def set_masses(mats, rng):
    """Stock on hand: at least the planted usage, else a random lot size."""
    for m in mats:
        if m.kind == "additive" and getattr(m, "unlimited", False):
            m.mass = None
        elif m.usage > 0:
            m.mass = ceil_to(m.usage * rng.uniform(1.02, 2.0) + 0.1, 1)
        else:
            m.mass = rounded(math.exp(rng.uniform(math.log(200),
                                                  math.log(20000))), 1)


# ---------------------------------------------------------- infeasibility

def break_min_above_all(limits, mats, elements, rng):
    """A minimum above every material's content of that element."""
    cands = [el for el in elements if max(m.c(el) for m in mats) > 0]
    el = rng.choice(cands)
    top = max(m.c(el) for m in mats)
    lo = ceil_to(top * rng.uniform(1.02, 1.3) + 1e-3, 4)
    set_limit(limits, el, lo, None)
    return f"min_above_all {el} min {lo} > {top}"


def break_max_below_all(limits, mats, elements, rng):
    """A maximum below every material's content; None if no element is in
    every material."""
    cands = [el for el in elements if min(m.c(el) for m in mats) > 0.002]
    if not cands:
        return None
    el = rng.choice(cands)
    low = min(m.c(el) for m in mats)
    hi = floor_to(low * rng.uniform(0.5, 0.95) - 1e-3, 4)
    if hi < 0:
        return None
    set_limit(limits, el, None, hi)
    return f"max_below_all {el} max {hi} < {low}"


def break_conflict(limits, mats, elements, rng):
    """min(e1) and max(e2) jointly impossible though each alone is not:
    for all i, c1_i - r c2_i < min1 - r max2 (Farkas certificate)."""
    for _ in range(300):
        e1, e2 = rng.sample(elements, 2)
        top1 = max(m.c(e1) for m in mats)
        low2 = min(m.c(e2) for m in mats)
        if top1 <= 0:
            continue
        r = math.exp(rng.uniform(math.log(0.2), math.log(20.0)))
        max2 = current_max(limits, e2)
        if max2 is None or max2 <= low2:
            max2 = ceil_to(low2 + (max(m.c(e2) for m in mats) - low2)
                           * rng.uniform(0.1, 0.6) + 1e-3, 4)
        smax = max(m.c(e1) - r * m.c(e2) for m in mats)
        base = smax + r * max2
        min1 = ceil_to(base + max(2e-3, 0.02 * abs(base)), 4)
        if not (0 < min1 < 0.98 * top1 and max2 > low2):
            continue
        if min1 - r * max2 <= smax + 1e-3:
            continue
        set_limit(limits, e1, min1, None)
        set_limit(limits, e2, None, max2)
        return (f"conflict {e1} min {min1} with {e2} max {max2} "
                f"(r={r:.4g}, max(c1-r*c2)={smax:.6g})")
    return None


def break_short_inventory(mats, heats, rng):
    """Every material limited; all of it melted is less than the taps."""
    need = sum(mass for _, _, mass in heats)
    for m in mats:
        if m.mass is None:
            m.mass = rounded(rng.uniform(500, 20000), 1)
    metal = sum(m.yld * m.mass for m in mats)
    scale = need * rng.uniform(0.5, 0.95) / metal
    for m in mats:
        m.mass = max(0.1, floor_to(m.mass * scale, 1))
    metal = sum(m.yld * m.mass for m in mats)
    assert metal < need * 0.999
    return f"short_inventory metal {metal:.1f} kg < taps {need:.1f} kg"


def current_max(limits, el):
    """The max of el in a grade's limits, or None."""
    for lim in limits:
        if lim[0] == el:
            return lim[2]
    return None


def set_limit(limits, el, lo, hi):
    """Replace (or add) the limit row of el."""
    limits[:] = [lim for lim in limits if lim[0] != el]
    limits.append([el, lo, hi])


def make_infeasible(grades, heats, mats, elements, rng):
    """Plant one certified infeasibility; returns its description."""
    grade = rng.choice(heats)[1]
    limits = grades[grade]
    kinds = ["conflict", "min_above_all", "max_below_all", "short_inventory"]
    kind = rng.choices(kinds, [0.4, 0.25, 0.15, 0.2])[0]
    why = None
    if kind == "conflict" and len(elements) >= 2:
        why = break_conflict(limits, mats, elements, rng)
    elif kind == "max_below_all":
        why = break_max_below_all(limits, mats, elements, rng)
    elif kind == "short_inventory":
        why = break_short_inventory(mats, heats, rng)
    if why is None:
        why = break_min_above_all(limits, mats, elements, rng)
    if not why.startswith("short"):
        why = f"grade {grade}: {why}"
    return why


# -------------------------------------------------------------- CSV output

def csv_style(rng):
    """Per-file dialect freedoms of RFC 4180 / FORMATS.md."""
    return {"bom": rng.random() < 0.2,
            "crlf": rng.random() < 0.3,
            "quote_all": rng.random() < 0.1,
            "no_final_eol": rng.random() < 0.1}


def write_csv(path, header, rows, rng):
    """Write rows (dicts of text) with the header in the given order."""
    style = csv_style(rng)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if style["crlf"] else "\n",
                        quoting=csv.QUOTE_ALL if style["quote_all"]
                        else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(col, "") for col in header])
    text = buf.getvalue()
    if style["no_final_eol"]:
        text = text.rstrip("\r\n")
    with open(path, "w", newline="",
              encoding="utf-8-sig" if style["bom"] else "utf-8") as fh:
        fh.write(text)


def trace_columns(rng, pool):
    """A random subset of trace columns (never element symbols)."""
    return [col for col in pool if rng.random() < 0.5]


def material_rows(mats, elements, rng, with_break):
    """Header and rows of lots.csv / additives.csv."""
    header = ["id", "mass_kg", "price_per_kg"]
    if rng.random() < 0.5 or any(m.yld != 1.0 for m in mats):
        header.append("yield")     # absent column = default yield 1
    if rng.random() < 0.7:
        header.append("source")
    header += elements
    if any(m.unit is not None for m in mats):
        header.append("unit_kg")
    if any(m.min_kg is not None for m in mats):
        header.append("min_kg")
    header += trace_columns(rng, ["supplier", "origin", "note", "received",
                                  "lot_class", "warehouse"])
    if with_break and "note" not in header:
        header.append("note")
    sd_els = [el for el in elements if rng.random() < 0.15]
    header += [f"sd_{el}" for el in sd_els]
    rng.shuffle(header)
    # own recoveries (--material-rec) last, drawing nothing from rng
    rec_els = [el for el in elements if any(el in m.rec for m in mats)]
    header += [f"rec_{el}" for el in rec_els]
    rows = []
    for n, m in enumerate(mats):
        row = {"id": m.id,
               "mass_kg": "" if m.mass is None else fmt(m.mass, 1, rng),
               "price_per_kg": fmt(m.price, 2, rng),
               "yield": fmt(m.yld, 3, rng),
               "source": rng.choice(["analyzed", "predicted", "nominal",
                                     "analyzed", ""]),
               "supplier": rng.choice(SUPPLIERS),
               "origin": rng.choice(ORIGINS),
               "note": NOTE_WITH_BREAK if with_break and n == 0
               else rng.choice(NOTES),
               "received": f"2024-07-{rng.randint(1, 28):02d}",
               "lot_class": m.label,
               "warehouse": rng.choice(["A", "B-2", "yard, north", ""])}
        for el in elements:
            row[el] = fmt(m.c(el), 4, rng) if m.reported.get(el) else ""
        if m.unit is not None:
            row["unit_kg"] = fmt(m.unit, 1, rng)
        if m.min_kg is not None:
            row["min_kg"] = fmt(m.min_kg, 0, rng)
        for el in sd_els:
            row[f"sd_{el}"] = ("" if rng.random() < 0.3 else
                               fmt(max(1e-4, 0.05 * m.c(el)), 4, rng))
        for el in rec_els:
            row[f"rec_{el}"] = repr(m.rec[el]) if el in m.rec else ""
        rows.append(row)
    if "yield" not in header:
        assert all(m.yld == 1.0 for m in mats)
    return header, rows


def write_grades(path, grades, rng):
    """Long-format grades.csv with empty min/max cells for one-sided limits."""
    header = ["grade", "element", "min", "max"]
    header += trace_columns(rng, ["standard", "note"])
    rng.shuffle(header)
    rows = []
    for grade, limits in grades.items():
        for el, lo, hi in limits:
            rows.append({"grade": grade, "element": el,
                         "min": "" if lo is None else fmt(lo, 4, rng),
                         "max": "" if hi is None else fmt(hi, 4, rng),
                         "standard": rng.choice(["JIS H 5302", "EN 1706",
                                                 "in-house, rev. 3", ""]),
                         "note": rng.choice(NOTES)})
    if rng.random() < 0.3:
        rng.shuffle(rows)
    write_csv(path, header, rows, rng)


def write_heats(path, heats, rng):
    """heats.csv with optional trace columns in random order."""
    header = ["heat", "grade", "mass_kg"]
    header += trace_columns(rng, ["shift", "customer", "due"])
    rng.shuffle(header)
    rows = [{"heat": hid, "grade": grade, "mass_kg": fmt(mass, 1, rng),
             "shift": rng.choice(["A", "B", "night, late"]),
             "customer": rng.choice(SUPPLIERS),
             "due": f"2024-07-{rng.randint(1, 28):02d} 06:00"}
            for hid, grade, mass in heats]
    write_csv(path, header, rows, rng)


# ----------------------------------------------------------------- witness

def witness_plan(heats, plan, mats, elements):
    """The planted solution in the `remelt plan --format json` shape."""
    out, total = [], 0.0
    for (hid, grade, mass), charge in zip(heats, plan):
        cost = sum(mats[i].price * kg for i, kg in charge.items())
        comp = {el: sum(mats[i].yld * kg * mats[i].c(el)
                        for i, kg in charge.items()) / mass
                for el in elements}
        out.append({"heat": hid, "grade": grade, "mass_kg": mass,
                    "cost": cost,
                    "charge": [{"id": mats[i].id, "mass_kg": kg}
                               for i, kg in sorted(charge.items())],
                    "composition": comp})
        total += cost
    return {"status": "optimal", "total_cost": total, "heats": out}


# ------------------------------------------------- practical rules (--rules)

FURNACE_NAMES = [("F1", "F2"), ("Reverb A", "Rotary B"),
                 ("Ofen 1", "Ofen 2"), ("R-1/North", "R-2, South")]


class Furn:
    """A generated furnace, with exactly the values written."""

    def __init__(self, fid, capacity, heel, max_materials, rec):
        self.id, self.capacity, self.heel = fid, capacity, heel
        self.max_materials, self.rec = max_materials, rec
        self.heel_comp = {}       # wt%, set from a grade's recipe
        self.heel_reported = {}   # element -> cell written

    def r(self, el):
        """Recovery of el (1 when the column is absent or empty)."""
        return self.rec.get(el, 1.0)


class Pseudo:
    """A 'material' of an infeasibility certificate: recovery-scaled
    contents, or a heel.  The bath is a weighted average of these."""

    def __init__(self, comp):
        self.comp = comp

    def c(self, el):
        """wt%."""
        return self.comp.get(el, 0.0)


def set_material_rec(mats, furnaces, elements, seed):
    """--material-rec: about half the materials that carry an element some
    furnace loses get their own rec_<El> of it, 0.75-0.99 (Mg thrown on the
    surface burns more than plunged).  Its own rng: the rest of the plant is
    the plant of the same seed without the option."""
    rng = random.Random(f"material-rec {seed}")
    lossy = [el for el in elements if any(el in f.rec for f in furnaces)]
    lossy = lossy or [el for el in ("Mg", "Si") if el in elements]
    for m in mats:
        for el in lossy:
            if m.c(el) > 0 and rng.random() < 0.5:
                m.rec[el] = rounded(rng.uniform(0.75, 0.99), 3)


def rules_elements(k, rng):
    """choose_elements, with Mg (the element that burns off) usually in."""
    elements = choose_elements(k, rng)
    if "Mg" not in elements and rng.random() < 0.8:
        others = [el for el in elements if el not in ("Si", "Fe")]
        if others:
            elements.remove(rng.choice(others))
        elements.append("Mg")
    return [el for el in ELEMENT_POOL if el in elements]


def make_furnaces(elements, rng):
    """Two furnaces: capacity, heel, material limit and recoveries."""
    names = rng.choice(FURNACE_NAMES)
    out = []
    for fid in names:
        cap = float(rng.randrange(8000, 40001, 500))
        heel = rounded(cap * rng.uniform(0.1, 0.3), 0)
        mm = None if rng.random() < 0.1 else rng.randint(4, 8)
        rec = {}
        if "Mg" in elements:
            rec["Mg"] = rounded(rng.uniform(0.85, 0.95), 3)
        if "Si" in elements and rng.random() < 0.5:
            rec["Si"] = rounded(rng.uniform(0.97, 0.995), 3)
        if "Zn" in elements and rng.random() < 0.3:
            rec["Zn"] = rounded(rng.uniform(0.9, 0.97), 3)
        if "Li" in elements and rng.random() < 0.5:
            rec["Li"] = rounded(rng.uniform(0.7, 0.9), 3)
        out.append(Furn(fid, cap, heel, mm, rec))
    return out


def set_heel(fur, comp, elements, rng):
    """Heel composition: a grade's recipe composition with a little
    noise (last heat's metal), some zero cells left empty."""
    for el in elements:
        val = rounded(comp[el] * math.exp(rng.gauss(0.0, 0.05)), 4)
        fur.heel_reported[el] = val > 0 or rng.random() < 0.5
        if val > 0:
            fur.heel_comp[el] = val


def rules_recipe(mats, kmax, rng):
    """make_recipe with at most kmax materials."""
    k = rng.randint(1, min(6, kmax, len(mats)))
    picks = rng.sample(range(len(mats)), k)
    weights = {}
    for i in picks:
        w = rng.expovariate(1.0) + 0.05
        if mats[i].kind == "additive" and mats[i].id not in ("P1020",
                                                              "P0610"):
            w *= 0.04
        weights[i] = w
    total = sum(weights.values())
    return {i: w / total for i, w in sorted(weights.items())}


def assign_units(mats, fillers, rng):
    """unit_kg for some materials that are never a recipe's filler."""
    for i, m in enumerate(mats):
        if i in fillers:
            continue
        if m.kind == "lot":
            if rng.random() < 0.5:
                m.unit = float(rng.randrange(250, 1001, 25))
        elif m.id in ("P1020", "P0610"):
            if rng.random() < 0.7:
                m.unit = float(rng.randrange(500, 701, 10))
        elif rng.random() < 0.5:
            m.unit = rng.choice([5.0, 7.5, 10.0, 12.5, 25.0])


def make_rules_heats(nheats, grade_names, furnaces, rng):
    """[(heat id, grade, mass_kg, Furn or None)]; heel + mass fits."""
    style = rng.randrange(3)
    heats = []
    for n in range(1, nheats + 1):
        hid = [f"H{n:02d}", f"Tap {n}", f"T{rng.randint(1, 3)}/{n:02d}"][style]
        fur = None if nheats > 1 and rng.random() < 0.1 else \
            rng.choice(furnaces)
        if fur is None:
            mass = float(rng.randrange(3000, 30001, 50))
        else:
            room = int((fur.capacity - fur.heel) // 50)
            mass = float(50 * rng.randint(max(1, room // 2), room))
        heats.append((hid, rng.choice(grade_names), mass, fur))
    return heats


def round_charge(recipe, mass, mats, filler):
    """Planted kg of one heat: the recipe's metal fractions, unit
    materials rounded to whole units (>= 1), the filler takes the rest of
    the metal.  Units are cut back (largest first) or dropped while the
    filler would get less than 5 % of the metal."""
    units = {}
    for i, f in recipe.items():
        if i != filler and mats[i].unit is not None:
            units[i] = max(1, round(f * mass / mats[i].yld / mats[i].unit))
    plain = {i: f * mass / mats[i].yld for i, f in recipe.items()
             if i != filler and i not in units}

    def rest():
        metal = sum(mats[i].yld * kg for i, kg in plain.items())
        metal += sum(mats[i].yld * n * mats[i].unit for i, n in units.items())
        return mass - metal

    while rest() < 0.05 * mass:
        big = max(units, key=lambda i: (mats[i].yld * units[i] * mats[i].unit,
                                        i), default=None)
        if big is not None and units[big] > 1:
            units[big] -= 1
        elif big is not None:
            del units[big]
        elif plain:
            del plain[max(plain)]
        else:
            break
    charge = dict(plain)
    for i, n in units.items():
        charge[i] = n * mats[i].unit
    charge[filler] = rest() / mats[filler].yld
    return dict(sorted(charge.items()))


def bath_composition(charge, mats, fur, mass, elements):
    """wt% of the bath (heel + charge with recovery) over heel + mass."""
    heel = fur.heel if fur else 0.0
    out = {}
    for el in elements:
        kg = heel * fur.heel_comp.get(el, 0.0) / 100.0 if fur else 0.0
        rec = fur.r(el) if fur else 1.0
        kg += sum(mats[i].yld * x * mats[i].c(el) / 100.0 *
                  mats[i].rec.get(el, rec) for i, x in charge.items())
        out[el] = 100.0 * kg / (heel + mass)
    return out


def window_span(pmin, pmax, rng):
    """window() for planted contents spread over [pmin, pmax]."""
    if pmax <= 0.0:
        return None, rng.choice([0.01, 0.02, 0.05, 0.1, 0.2])
    u = rng.choice([rng.uniform(0.003, 0.03), rng.uniform(0.03, 0.3),
                    rng.uniform(0.3, 1.0)])
    kind = rng.choices(["both", "max", "min"], [0.45, 0.4, 0.15])[0]
    lo = floor_to(pmin * (1 - u) - 5e-4, 4)
    hi = ceil_to(pmax * (1 + u) + 5e-4, 4)
    if lo <= 0.0 or kind == "max":
        lo = None
    if kind == "min" and lo is not None:
        hi = None
    return lo, hi


def rules_grade_limits(baths, elements, rng):
    """Windows containing the bath compositions of all heats of a grade."""
    limits = []
    for el in elements:
        if rng.random() < 0.75:
            vals = [b[el] for b in baths]
            limits.append([el, *window_span(min(vals), max(vals), rng)])
    if not limits:
        el = rng.choice(elements)
        vals = [b[el] for b in baths]
        limits.append([el, *window_span(min(vals), max(vals), rng)])
    return limits


def rules_stock(mats, plan, rng):
    """Stock >= planted usage (whole units for most unit materials) and
    min_kg on some materials (<= every planted charge of it)."""
    for m in mats:
        m.usage = 0.0
    lowest = {}
    for charge in plan:
        for i, kg in charge.items():
            mats[i].usage += kg
            lowest[i] = min(lowest.get(i, kg), kg)
    for i, m in enumerate(mats):
        if m.kind == "additive" and getattr(m, "unlimited", False):
            m.mass = None
        elif m.unit is not None:
            need = math.ceil(m.usage / m.unit - 1e-9)
            n = max(1, need, math.ceil(need * rng.uniform(1.0, 2.0))
                    if need else rng.randint(1, 30))
            m.mass = rounded(n * m.unit, 1)
            if rng.random() < 0.15:       # a broken bale on the yard
                m.mass = rounded(m.mass + m.unit * rng.uniform(0.1, 0.9), 1)
        elif m.usage > 0:
            m.mass = ceil_to(m.usage * rng.uniform(1.02, 2.0) + 0.1, 1)
        else:
            m.mass = rounded(math.exp(rng.uniform(math.log(200),
                                                  math.log(20000))), 1)
        if rng.random() < 0.35:
            if i in lowest:
                mn = math.floor(lowest[i] * rng.uniform(0.3, 1.0))
                m.min_kg = float(mn) if mn >= 1 else None
            else:
                m.min_kg = float(rng.randrange(100, 3001, 50))


def rules_pseudo(mats, furnaces, elements):
    """Recovery-scaled materials of every furnace (and of no furnace) and
    the heels: any bath composition is a weighted average of these."""
    out = [Pseudo({el: m.c(el) * m.rec.get(el, 1.0) for el in elements})
           for m in mats]
    for fur in furnaces:
        out += [Pseudo({el: m.c(el) * m.rec.get(el, fur.r(el))
                        for el in elements})
                for m in mats]
        if fur.heel > 0:
            out.append(Pseudo(dict(fur.heel_comp)))
    return out


def make_rules_infeasible(grades, heats, mats, furnaces, elements, rng):
    """make_infeasible with heels and recoveries in the certificates."""
    grade = rng.choice(heats)[1]
    limits = grades[grade]
    pseudo = rules_pseudo(mats, furnaces, elements)
    kinds = ["conflict", "min_above_all", "max_below_all", "short_inventory"]
    kind = rng.choices(kinds, [0.4, 0.25, 0.15, 0.2])[0]
    why = None
    if kind == "conflict" and len(elements) >= 2:
        why = break_conflict(limits, pseudo, elements, rng)
    elif kind == "max_below_all":
        why = break_max_below_all(limits, pseudo, elements, rng)
    elif kind == "short_inventory":
        why = break_short_inventory(mats, [h[:3] for h in heats], rng)
    if why is None:
        why = break_min_above_all(limits, pseudo, elements, rng)
    if not why.startswith("short"):
        why = f"grade {grade}: {why}"
    return why


def write_furnaces(path, furnaces, elements, rng):
    """furnaces.csv: heel composition columns, rec_<El>, trace columns."""
    rec_els = [el for el in elements if any(el in f.rec for f in furnaces)]
    header = ["furnace", "capacity_kg", "heel_kg", "max_materials"]
    header += elements + [f"rec_{el}" for el in rec_els]
    header += trace_columns(rng, ["type", "note", "burner"])
    rng.shuffle(header)
    rows = []
    for f in furnaces:
        row = {"furnace": f.id, "capacity_kg": fmt(f.capacity, 1, rng),
               "heel_kg": fmt(f.heel, 1, rng),
               "max_materials": "" if f.max_materials is None
               else str(f.max_materials),
               "type": rng.choice(["reverberatory", "rotary, tilting",
                                   "induction"]),
               "note": rng.choice(NOTES),
               "burner": rng.choice(["oxy-fuel", "air/gas", ""])}
        for el in elements:
            row[el] = (fmt(f.heel_comp.get(el, 0.0), 4, rng)
                       if f.heel_reported.get(el) else "")
        for el in rec_els:
            row[f"rec_{el}"] = (fmt(f.rec[el], 3, rng) if el in f.rec else
                                rng.choice(["", "1"]))
        rows.append(row)
    write_csv(path, header, rows, rng)


def write_rules_heats(path, heats, rng):
    """heats.csv with the furnace column (empty: no furnace)."""
    header = ["heat", "grade", "mass_kg", "furnace"]
    header += trace_columns(rng, ["shift", "customer", "due"])
    rng.shuffle(header)
    rows = [{"heat": hid, "grade": grade, "mass_kg": fmt(mass, 1, rng),
             "furnace": "" if fur is None else fur.id,
             "shift": rng.choice(["A", "B", "night, late"]),
             "customer": rng.choice(SUPPLIERS),
             "due": f"2024-07-{rng.randint(1, 28):02d} 06:00"}
            for hid, grade, mass, fur in heats]
    write_csv(path, header, rows, rng)


def rules_witness(heats, plan, mats, elements):
    """The planted plan in the shape remelt prints for a rules plant."""
    out, total = [], 0.0
    for (hid, grade, mass, fur), charge in zip(heats, plan):
        cost = sum(mats[i].price * kg for i, kg in charge.items())
        items = []
        for i, kg in sorted(charge.items()):
            item = {"id": mats[i].id, "mass_kg": kg}
            if mats[i].unit is not None:
                item["units"] = round(kg / mats[i].unit)
                item["unit_kg"] = mats[i].unit
            items.append(item)
        heel = fur.heel if fur else 0.0
        out.append({"heat": hid, "grade": grade, "mass_kg": mass,
                    "furnace": fur.id if fur else None, "heel_kg": heel,
                    "bath_kg": heel + mass, "cost": cost, "charge": items,
                    "composition": bath_composition(charge, mats, fur, mass,
                                                    elements)})
        total += cost
    return {"status": "optimal", "total_cost": total, "heats": out,
            "mip": {"used": True, "status": "optimal", "gap": 0.0,
                    "time_s": 0.0}}


def generate_rules(args):
    """Build and write one plant with the practical charge rules."""
    rng = random.Random(args.seed)
    nlots = args.lots if args.lots is not None else rng.randint(6, 25)
    nheats = args.heats if args.heats is not None else rng.randint(1, 4)
    k = args.elements if args.elements is not None else rng.randint(4, 9)
    nlots, nheats = max(1, nlots), max(1, nheats)
    elements = rules_elements(min(len(ELEMENT_POOL), max(2, k)), rng)
    lots = make_lots(nlots, elements, rng)
    adds = make_additives(elements, rng)
    mats = lots + (adds or [])
    for m in mats:
        report_cells(m, elements, rng)
    furnaces = make_furnaces(elements, rng)
    if args.material_rec:
        set_material_rec(mats, furnaces, elements, args.seed)
    kmax = min(f.max_materials or 8 for f in furnaces)
    ngrades = rng.randint(1, min(nheats, 4))
    names = rng.sample(GRADE_NAMES, ngrades + (rng.random() < 0.3))
    recipes = {g: rules_recipe(mats, kmax, rng) for g in names}
    fillers = {g: max(r, key=lambda i: (r[i], -i)) for g, r in recipes.items()}
    assign_units(mats, set(fillers.values()), rng)
    for fur in furnaces:
        g = rng.choice(names[:ngrades])
        set_heel(fur, recipe_composition(recipes[g], mats, elements),
                 elements, rng)
    heats = make_rules_heats(nheats, names[:ngrades], furnaces, rng)
    plan = [round_charge(recipes[g], mass, mats, fillers[g])
            for _, g, mass, _ in heats]
    baths = {}
    for (_, g, mass, fur), charge in zip(heats, plan):
        baths.setdefault(g, []).append(
            bath_composition(charge, mats, fur, mass, elements))
    grades = {}
    for g in names:
        comp = baths.get(g) or [recipe_composition(recipes[g], mats,
                                                   elements)]
        grades[g] = rules_grade_limits(comp, elements, rng)
    rules_stock(mats, plan, rng)
    infeasible = rng.random() < args.infeasible_rate
    why = make_rules_infeasible(grades, heats, mats, furnaces, elements,
                                rng) if infeasible else None
    write_plant(args.out, lots, adds, grades, heats, elements, rng,
                write_rules_heats)
    write_furnaces(os.path.join(args.out, "furnaces.csv"), furnaces,
                   elements, rng)
    witness = None if infeasible else rules_witness(heats, plan, mats,
                                                    elements)
    if args.witness:
        with open(args.witness, "w") as fh:
            json.dump(witness, fh)
    return {"seed": args.seed, "rules": True, "lots": len(lots),
            "additives": None if adds is None else len(adds),
            "heats": len(heats), "grades": len(grades), "elements": elements,
            "furnaces": [{"furnace": f.id, "capacity_kg": f.capacity,
                          "heel_kg": f.heel,
                          "max_materials": f.max_materials, "rec": f.rec}
                         for f in furnaces],
            "units": sum(1 for m in mats if m.unit is not None),
            "mins": sum(1 for m in mats if m.min_kg is not None),
            "planted_materials": [len(c) for c in plan],
            "feasible": not infeasible, "infeasibility": why}


# -------------------------------------------------------------------- main

def choose_sizes(args, rng):
    """Sizes from the options, or random plant-like ones."""
    nlots = args.lots
    if nlots is None:
        r = rng.random()
        nlots = (rng.randint(2, 5) if r < 0.15 else
                 rng.randint(6, 60) if r < 0.85 else rng.randint(61, 200))
    nheats = args.heats if args.heats is not None else rng.randint(1, 8)
    k = args.elements if args.elements is not None else rng.randint(4, 12)
    return max(1, nlots), max(1, nheats), min(len(ELEMENT_POOL), max(2, k))


def choose_elements(k, rng):
    """A random subset of the pool; Si and Fe are nearly always analysed."""
    first = [el for el in ("Si", "Fe") if rng.random() < 0.9][:k]
    rest = [el for el in ELEMENT_POOL if el not in first]
    chosen = first + rng.sample(rest, k - len(first))
    return [el for el in ELEMENT_POOL if el in chosen]


def generate(args):
    """Build and write one plant; return the summary dict."""
    rng = random.Random(args.seed)
    nlots, nheats, k = choose_sizes(args, rng)
    elements = choose_elements(k, rng)
    lots = make_lots(nlots, elements, rng)
    adds = make_additives(elements, rng)
    mats = lots + (adds or [])
    for m in mats:
        report_cells(m, elements, rng)
    ngrades = rng.randint(1, min(nheats, 4))
    names = rng.sample(GRADE_NAMES, ngrades + (rng.random() < 0.3))
    recipes = {g: make_recipe(mats, rng) for g in names}
    grades = {g: make_grade_limits(recipe_composition(recipes[g], mats,
                                                      elements),
                                   elements, rng) for g in names}
    heats = make_heats(nheats, names[:ngrades], rng)
    plan = plant_usage(heats, recipes, mats)
    set_masses(mats, rng)
    infeasible = rng.random() < args.infeasible_rate
    why = make_infeasible(grades, heats, mats, elements, rng) \
        if infeasible else None
    write_plant(args.out, lots, adds, grades, heats, elements, rng)
    if args.witness:
        with open(args.witness, "w") as fh:
            json.dump(None if infeasible else
                      witness_plan(heats, plan, mats, elements), fh)
    return {"seed": args.seed, "lots": len(lots),
            "additives": None if adds is None else len(adds),
            "heats": len(heats), "grades": len(grades), "elements": elements,
            "feasible": not infeasible, "infeasibility": why}


def write_plant(out, lots, adds, grades, heats, elements, rng,
                heats_writer=None):
    """Write the four CSV files (additives.csv only if there are any);
    heats_writer(path, heats, rng) replaces write_heats (--rules), else a
    stale furnaces.csv is removed."""
    os.makedirs(out, exist_ok=True)
    header, rows = material_rows(lots, elements, rng, rng.random() < 0.2)
    write_csv(os.path.join(out, "lots.csv"), header, rows, rng)
    add_path = os.path.join(out, "additives.csv")
    if adds is not None:
        add_elements = [el for el in elements
                        if any(el in m.comp for m in adds)
                        or rng.random() < 0.5]
        for m in adds:
            m.reported = {el: m.reported.get(el, False) for el in add_elements}
        header, rows = material_rows(adds, add_elements, rng, False)
        write_csv(add_path, header, rows, rng)
    elif os.path.exists(add_path):
        os.remove(add_path)
    write_grades(os.path.join(out, "grades.csv"), grades, rng)
    (heats_writer or write_heats)(os.path.join(out, "heats.csv"), heats, rng)
    fur_path = os.path.join(out, "furnaces.csv")
    if heats_writer is None and os.path.exists(fur_path):
        os.remove(fur_path)


def main(argv=None):
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--lots", type=int)
    ap.add_argument("--heats", type=int)
    ap.add_argument("--elements", type=int)
    ap.add_argument("--infeasible-rate", type=float, default=0.15)
    ap.add_argument("--witness", help="write the planted plan JSON here "
                    "(null for an infeasible plant)")
    ap.add_argument("--rules", action="store_true",
                    help="practical charge rules: units, minimums, two "
                    "furnaces with heels, recoveries and material limits")
    ap.add_argument("--material-rec", action="store_true",
                    help="with --rules: some lots and additives get their "
                    "own rec_<El> over the furnace's (same lots, heats "
                    "and furnaces; grades fit the new baths)")
    args = ap.parse_args(argv)
    summary = generate_rules(args) if args.rules else generate(args)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
