#!/usr/bin/env python3
"""Seeded generator of plant-like secondary-aluminium instances for `make bench`.

usage: plantgen.py --out DIR [--seed N] [--lots L] [--heats H] [--elements K]
                   [--stock R] [--infeasible-heats N] [--no-sd] [--rules]
                   [--sequence F] [--heel-kg KG]

Writes DIR/lots.csv, DIR/additives.csv, DIR/grades.csv and DIR/heats.csv (FORMATS.md v1)
and prints a one-line JSON summary.

Unlike tests/tools/gen_plant.py (which plants random recipes to certify answers), this
generator imitates a real yard so that the LP has the shape a plant's LP has:

* many lots of a few scrap classes (extrusion, sash, Taint/Tabor, UBC, wheels, Twitch,
  sorted cast/wrought fractions, die-casting returns, turnings, ...), each lot's analysis
  scattered around its class mean (normal, class sd, clipped at 0), class shares of the yard
  as a plant buys them (shredder scrap plentiful and cheap, clean wrought scarce);
* one primary (P1020) and Si metal with unlimited supply, and a few alloying additives
  (Mg, AlCu50, Mn80, AlTi5B1, Fe80) in stock, proportional to the number of heats;
* real grades (6063, 6060, 6082, a recycled 6000 grade, 3003, A356.0, ADC12,
  AlSi9Cu3(Fe), A380) with their published limits on all 12 base elements (others 0.05,
  Li at a plant limit of 10 ppm), heats of 15 to 30 t with a realistic grade mix;
* a shared yard: the lots hold --stock (default 3) times the metal the day taps, so clean
  scrap runs short and the heats compete for it.

Every heat can be made from primary, Si metal and additives alone, so the plant is feasible
unless --infeasible-heats adds heats of "1350-HP", a conductor grade with Fe <= 0.03 that no
material here can reach (for timing the diagnosis path).

--elements K (12..20) adds trace elements (Ga, V, Bi, Ca, Na, B, Sr, Zr) analysed on every
lot and limited at 0.05 in every grade ("others each"). --no-sd drops the sd_<El> columns
that predicted lots carry. --rules adds unit_kg/min_kg columns (practical rules, issue 5;
remelt refuses them until that is built).

--sequence F (issue 19) adds furnaces.csv with F furnaces (capacity 35 t, a 6063-like heel of
--heel-kg, default 1000) and heats.csv furnace and sequence columns: the heats, ordered as a
plant runs a campaign (lean wrought grades first, die-casting alloys last, so that a heel
rarely poisons the heat after it), are dealt to the furnaces in consecutive blocks, each
block in that order. Each heat after the first of its furnace then sits on heel-kg of the
previous heat's bath.

Everything comes from random.Random(seed) in a fixed order: a seed always gives the same
bytes.
"""

import argparse
import csv
import json
import math
import os
import random
import sys

BASE = ["Si", "Fe", "Cu", "Mn", "Mg", "Cr", "Ni", "Zn", "Ti", "Pb", "Sn", "Li"]
EXTRA = ["Ga", "V", "Bi", "Ca", "Na", "B", "Sr", "Zr"]
# Background of an extra element in scrap (mean, sd), wt%.
EXTRA_BG = {"Ga": (0.012, 0.003), "V": (0.010, 0.003), "Bi": (0.002, 0.002),
            "Ca": (0.003, 0.002), "Na": (0.0008, 0.0005), "B": (0.001, 0.0005),
            "Sr": (0.002, 0.003), "Zr": (0.005, 0.004)}

# Scrap classes: (name, source, share of the yard's metal, price JPY/kg, yield,
# {element: (mean, sd)} wt%). Means and sds after the reference notes ("Typical stream
# compositions", "Scrap grades") and the demo plant; unlisted base elements get a small
# background (BACKGROUND).
CLASSES = [
    ("Toto 6063 extrusion", "analyzed", 0.07, (316, 345), (0.970, 0.985),
     {"Si": (0.45, 0.05), "Fe": (0.20, 0.05), "Cu": (0.03, 0.01), "Mn": (0.04, 0.01),
      "Mg": (0.55, 0.05), "Zn": (0.10, 0.06)}),
    ("Sash A (6063 window sash)", "analyzed", 0.04, (296, 303), (0.955, 0.961),
     {"Si": (0.45, 0.05), "Fe": (0.25, 0.05), "Cu": (0.04, 0.01), "Mn": (0.05, 0.02),
      "Mg": (0.48, 0.04), "Zn": (0.12, 0.04)}),
    ("Sash B (sash with fittings)", "analyzed", 0.08, (243, 253), (0.930, 0.935),
     {"Si": (0.45, 0.06), "Fe": (1.20, 0.25), "Cu": (0.05, 0.02), "Mn": (0.05, 0.02),
      "Mg": (0.48, 0.05), "Zn": (0.30, 0.08)}),
    ("Taint/Tabor", "analyzed", 0.10, (251, 289), (0.945, 0.953),
     {"Si": (0.50, 0.20), "Fe": (0.55, 0.15), "Cu": (0.15, 0.10), "Mn": (0.60, 0.30),
      "Mg": (1.00, 0.50), "Zn": (0.50, 0.20), "Cr": (0.05, 0.03), "Pb": (0.01, 0.005),
      "Sn": (0.01, 0.005)}),
    ("UBC (baled cans)", "analyzed", 0.10, (265, 279), (0.919, 0.923),
     {"Si": (0.25, 0.05), "Fe": (0.50, 0.05), "Cu": (0.18, 0.03), "Mn": (0.85, 0.10),
      "Mg": (1.10, 0.20), "Zn": (0.07, 0.02), "Cr": (0.02, 0.01), "Li": (0.0003, 0.0001)}),
    ("A356 cast wheels", "analyzed", 0.06, (300, 309), (0.955, 0.962),
     {"Si": (7.00, 0.25), "Fe": (0.13, 0.03), "Cu": (0.02, 0.01), "Mg": (0.33, 0.04),
      "Ti": (0.12, 0.03), "Zn": (0.03, 0.01)}),
    ("3003 radiators", "analyzed", 0.03, (255, 270), (0.900, 0.930),
     {"Si": (0.40, 0.08), "Fe": (0.60, 0.10), "Cu": (0.12, 0.03), "Mn": (1.15, 0.10),
      "Zn": (1.00, 0.50)}),
    ("Twitch (ELV shredder)", "predicted", 0.19, (204, 226), (0.916, 0.925),
     {"Si": (5.5, 1.5), "Fe": (0.80, 0.30), "Cu": (1.80, 0.60), "Mn": (0.25, 0.10),
      "Mg": (0.40, 0.20), "Zn": (0.80, 0.40), "Ni": (0.05, 0.02), "Pb": (0.05, 0.02),
      "Sn": (0.03, 0.01), "Cr": (0.05, 0.02), "Ti": (0.05, 0.02)}),
    ("Image-AI sorted cast fraction", "predicted", 0.10, (234, 252), (0.919, 0.922),
     {"Si": (8.0, 1.5), "Fe": (0.90, 0.30), "Cu": (2.50, 0.80), "Mn": (0.25, 0.10),
      "Mg": (0.30, 0.15), "Zn": (1.00, 0.50), "Ni": (0.07, 0.03), "Pb": (0.06, 0.02),
      "Sn": (0.04, 0.02)}),
    ("Image-AI sorted wrought fraction", "predicted", 0.08, (252, 265), (0.929, 0.934),
     {"Si": (0.70, 0.30), "Fe": (0.45, 0.15), "Cu": (0.30, 0.20), "Mn": (0.40, 0.30),
      "Mg": (1.20, 0.60), "Zn": (0.30, 0.20)}),
    ("ADC12 die-casting returns", "nominal", 0.05, (265, 275), (0.965, 0.975),
     {"Si": (10.8, 0.4), "Fe": (0.85, 0.10), "Cu": (2.20, 0.20), "Mn": (0.25, 0.05),
      "Mg": (0.20, 0.05), "Zn": (0.70, 0.10), "Ni": (0.08, 0.02), "Pb": (0.05, 0.01),
      "Sn": (0.03, 0.01)}),
    ("Tense (mixed auto castings)", "nominal", 0.05, (235, 245), (0.935, 0.945),
     {"Si": (7.5, 1.5), "Fe": (1.00, 0.30), "Cu": (2.80, 0.80), "Mn": (0.25, 0.10),
      "Mg": (0.30, 0.10), "Zn": (1.20, 0.50), "Ni": (0.10, 0.04), "Pb": (0.08, 0.03),
      "Sn": (0.05, 0.02)}),
    ("Dried turnings (cast alloys)", "analyzed", 0.04, (180, 200), (0.860, 0.920),
     {"Si": (9.0, 1.0), "Fe": (1.10, 0.20), "Cu": (3.00, 0.50), "Mn": (0.30, 0.10),
      "Mg": (0.25, 0.10), "Zn": (1.00, 0.30), "Ni": (0.10, 0.03), "Pb": (0.08, 0.03),
      "Sn": (0.05, 0.02)}),
    ("Aerospace offcuts with Al-Li", "analyzed", 0.01, (140, 160), (0.940, 0.960),
     {"Si": (0.10, 0.03), "Fe": (0.15, 0.05), "Cu": (2.50, 0.50), "Mn": (0.25, 0.10),
      "Mg": (1.20, 0.60), "Zn": (2.00, 1.50), "Li": (0.40, 0.30), "Cr": (0.10, 0.05)}),
]
BACKGROUND = {"Si": (0.10, 0.03), "Fe": (0.15, 0.05), "Cu": (0.02, 0.01),
              "Mn": (0.02, 0.01), "Mg": (0.05, 0.03), "Cr": (0.010, 0.005),
              "Ni": (0.005, 0.003), "Zn": (0.03, 0.02), "Ti": (0.015, 0.005),
              "Pb": (0.003, 0.002), "Sn": (0.002, 0.001), "Li": (0.0002, 0.0001)}

# Additives: (id, class, price, yield, {el: wt%}, kg in stock per heat or None = unlimited)
ADDITIVES = [
    ("P1020", "primary ingot P1020A", 450, 0.99,
     {"Si": 0.05, "Fe": 0.10, "Cu": 0.002, "Mn": 0.002, "Mg": 0.002, "Cr": 0.001,
      "Ni": 0.004, "Zn": 0.01, "Ti": 0.003, "Pb": 0.001, "Sn": 0.001, "Li": 0.0,
      "Ga": 0.02, "V": 0.01}, None),
    ("SI441", "Si metal 441", 420, 0.98, {"Si": 99.0, "Fe": 0.40, "Ca": 0.10}, None),
    ("MG999", "Mg ingot 99.9", 600, 0.92, {"Si": 0.005, "Fe": 0.004, "Mg": 99.9}, 120),
    ("ALCU50", "master alloy AlCu50", 900, 0.98, {"Si": 0.10, "Fe": 0.15, "Cu": 50.0}, 600),
    ("MN80", "Mn80 tablets", 520, 0.95, {"Si": 0.20, "Fe": 0.40, "Mn": 80.0}, 500),
    ("ALTI5B1", "grain refiner AlTi5B1", 800, 0.95,
     {"Si": 0.10, "Fe": 0.15, "Ti": 5.0, "B": 1.0}, 60),
    ("FE80", "Fe80 tablets", 400, 0.90, {"Fe": 80.0}, 100),
]

# Grades: name -> {el: (min, max)} wt% (None = no limit on that side), and how often the
# plant makes it. Published limits (AA / EN 573-3 / EN 1706 / JIS H 5302); R6000 and the
# Pb/Sn/Li rows are plant limits as in the demo.
GRADES = [
    ("6063", 0.24, {"Si": (0.20, 0.60), "Fe": (None, 0.35), "Cu": (None, 0.10),
                    "Mn": (None, 0.10), "Mg": (0.45, 0.90), "Cr": (None, 0.10),
                    "Zn": (None, 0.10), "Ti": (None, 0.10)}),
    ("6060", 0.10, {"Si": (0.30, 0.60), "Fe": (0.10, 0.30), "Cu": (None, 0.10),
                    "Mn": (None, 0.10), "Mg": (0.35, 0.60), "Cr": (None, 0.05),
                    "Zn": (None, 0.15), "Ti": (None, 0.10)}),
    ("6082", 0.10, {"Si": (0.70, 1.30), "Fe": (None, 0.50), "Cu": (None, 0.10),
                    "Mn": (0.40, 1.00), "Mg": (0.60, 1.20), "Cr": (None, 0.25),
                    "Zn": (None, 0.20), "Ti": (None, 0.10)}),
    ("R6000", 0.10, {"Si": (0.30, 1.20), "Fe": (None, 0.70), "Cu": (None, 0.30),
                     "Mn": (None, 1.00), "Mg": (0.40, 1.20), "Cr": (None, 0.25),
                     "Zn": (None, 0.40), "Ti": (None, 0.15)}),
    ("3003", 0.06, {"Si": (None, 0.60), "Fe": (None, 0.70), "Cu": (0.05, 0.20),
                    "Mn": (1.00, 1.50), "Zn": (None, 0.10)}),
    ("A356.0", 0.12, {"Si": (6.50, 7.50), "Fe": (None, 0.20), "Cu": (None, 0.20),
                      "Mn": (None, 0.10), "Mg": (0.25, 0.45), "Zn": (None, 0.10),
                      "Ti": (None, 0.20)}),
    ("ADC12", 0.16, {"Si": (9.6, 12.0), "Fe": (None, 1.3), "Cu": (1.5, 3.5),
                     "Mn": (None, 0.5), "Mg": (None, 0.3), "Ni": (None, 0.5),
                     "Zn": (None, 1.0), "Pb": (None, 0.2), "Sn": (None, 0.2),
                     "Ti": (None, 0.30)}),
    ("AlSi9Cu3(Fe)", 0.08, {"Si": (8.0, 11.0), "Fe": (0.6, 1.3), "Cu": (2.0, 4.0),
                            "Mn": (None, 0.55), "Mg": (0.05, 0.55), "Cr": (None, 0.15),
                            "Ni": (None, 0.55), "Zn": (None, 1.2), "Pb": (None, 0.35),
                            "Sn": (None, 0.25), "Ti": (None, 0.25)}),
    ("A380", 0.04, {"Si": (7.5, 9.5), "Fe": (None, 1.3), "Cu": (3.0, 4.0),
                    "Mn": (None, 0.5), "Mg": (None, 0.10), "Ni": (None, 0.5),
                    "Zn": (None, 3.0), "Sn": (None, 0.35)}),
]
INFEASIBLE_GRADE = ("1350-HP", {"Si": (None, 0.10), "Fe": (None, 0.03),
                                "Cu": (None, 0.05), "Zn": (None, 0.05)})
OTHERS_EACH = 0.05
LI_MAX = 0.0010

SUPPLIERS = ["Kanto Extrusion Recycle", "Sagami Alumi Shoji", "Chubu Metal", "Tokai Scrap",
             "Osaka Keikinzoku", "ELV Shredder Co. (image-AI line)", "in-house returns",
             "Hokuriku Sash Recycle", "Kyushu Can Center"]


def draw(rng, mean, sd):
    return max(0.0, rng.gauss(mean, sd))


def fmt(v, digits):
    text = f"{v:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def comp_digits(v):
    """Spectrometer resolution: 3 decimals, 4 below 0.01 (Li, Na)."""
    return 4 if v < 0.01 else 3


def lot_composition(rng, cls_comp, elements):
    comp = {}
    for el in elements:
        if el in cls_comp:
            mean, sd = cls_comp[el]
        elif el in BACKGROUND:
            mean, sd = BACKGROUND[el]
        else:
            mean, sd = EXTRA_BG[el]
        comp[el] = draw(rng, mean, sd)
    return comp


def make_heats(rng, nheats, ninfeasible):
    names = [g[0] for g in GRADES]
    weights = [g[1] for g in GRADES]
    heats = []
    for k in range(nheats):
        grade = rng.choices(names, weights)[0]
        mass = rng.choice([15000, 18000, 20000, 22000, 25000, 25000, 28000, 30000])
        heats.append((f"H{k + 1:02d}", grade, mass))
    for k in range(ninfeasible):
        heats.append((f"HX{k + 1:02d}", INFEASIBLE_GRADE[0], 20000))
    return heats


def make_lots(rng, nlots, elements, total_kg, sd_cols, rules):
    """Lots per class in proportion to the class share; masses lognormal around the mean."""
    shares = [c[2] for c in CLASSES]
    # Every class gets at least one lot when there is room for it.
    counts = [max(1 if nlots >= len(CLASSES) else 0, int(nlots * s / sum(shares)))
              for s in shares]
    k = 0
    while sum(counts) < nlots:
        counts[k % len(counts)] += 1
        k += 1
    while sum(counts) > nlots:
        j = counts.index(max(counts))
        counts[j] -= 1
    rows = []
    n = 0
    for (name, source, share, price, yld, comp), cnt in zip(CLASSES, counts):
        if cnt == 0:
            continue
        mean_kg = total_kg * share / sum(shares) / cnt
        for _ in range(cnt):
            n += 1
            mass = max(50.0, round(mean_kg * rng.lognormvariate(0, 0.45) / 10) * 10)
            c = lot_composition(rng, comp, elements)
            row = {"id": f"L{n:05d}", "class": name, "supplier": rng.choice(SUPPLIERS),
                   "source": source, "mass_kg": fmt(mass, 0),
                   "price_per_kg": fmt(rng.uniform(*price), 1),
                   "yield": fmt(rng.uniform(*yld), 3)}
            for el in elements:
                # Nominal lots come with the class sheet, which seldom lists trace elements.
                if source == "nominal" and el not in comp and el not in ("Fe", "Si") \
                        and rng.random() < 0.3:
                    row[el] = ""
                else:
                    row[el] = fmt(c[el], comp_digits(c[el]))
            if sd_cols:
                for el in sd_cols:
                    if source == "predicted":
                        sd = comp.get(el, BACKGROUND.get(el, (0, 0.01)))[1]
                        row[f"sd_{el}"] = fmt(max(sd, 0.0001), 4)
                    else:
                        row[f"sd_{el}"] = ""
            if rules:
                row["unit_kg"] = "" if rng.random() < 0.7 else fmt(min(mass, 500), 0)
                row["min_kg"] = "" if rng.random() < 0.8 else "200"
            rows.append(row)
    return rows


def make_additives(nheats, elements, rules):
    rows = []
    for aid, cls, price, yld, comp, per_heat in ADDITIVES:
        row = {"id": aid, "class": cls, "supplier": "Shosha Trading", "source": "analyzed",
               "mass_kg": "" if per_heat is None else fmt(per_heat * max(1, nheats), 0),
               "price_per_kg": fmt(price, 1), "yield": fmt(yld, 3)}
        for el in elements:
            row[el] = fmt(comp[el], comp_digits(comp[el])) if el in comp else ""
        if rules:
            row["unit_kg"] = {"P1020": "500", "MG999": "8"}.get(aid, "")
            row["min_kg"] = ""
        rows.append(row)
    return rows


def grade_rows(heats, elements):
    used = []
    for _, g, _ in heats:
        if g not in used:
            used.append(g)
    table = dict((g[0], g[2]) for g in GRADES)
    table[INFEASIBLE_GRADE[0]] = INFEASIBLE_GRADE[1]
    rows = []
    for g in used:
        lim = table[g]
        for el in elements:
            if el in lim:
                lo, hi = lim[el]
            elif el == "Li":
                lo, hi = None, LI_MAX
            else:
                lo, hi = None, OTHERS_EACH
            rows.append([g, el, "" if lo is None else fmt(lo, 4), "" if hi is None else fmt(hi, 4)])
    return rows


# Campaign order of a furnace (--sequence): leanest first.
CAMPAIGN = ["6060", "6063", "R6000", "6082", "A356.0", "3003", "AlSi9Cu3(Fe)", "ADC12", "A380"]
# The furnaces' own heel (the first heat of each sits on it): a 6063 bath, as the demo's F1.
HEEL = {"Si": 0.45, "Fe": 0.19, "Cu": 0.03, "Mn": 0.04, "Mg": 0.52, "Zn": 0.04, "Ti": 0.02}


def sequence_heats(heats, nfur):
    """[(heat, grade, mass, furnace, sequence)]: heats in campaign order, in nfur
    consecutive blocks, numbered 1.. within each; heats.csv keeps the heats' own order."""
    rank = {g: k for k, g in enumerate(CAMPAIGN)}
    order = sorted(range(len(heats)), key=lambda k: (rank.get(heats[k][1], len(CAMPAIGN)), k))
    place = {}
    for n, k in enumerate(order):
        f = n * nfur // len(order)
        first = -(-f * len(order) // nfur)  # the block's first position
        place[k] = (f"F{f + 1}", n - first + 1)
    return [(h, g, m) + place[k] for k, (h, g, m) in enumerate(heats)]


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header] if isinstance(r, dict) else r)


def generate(args):
    rng = random.Random(args.seed)
    elements = BASE + EXTRA[: max(0, args.elements - len(BASE))]
    heats = make_heats(rng, args.heats, args.infeasible_heats)
    tapped = sum(h[2] for h in heats)
    # Charged kg = tapped / yield; the yard holds --stock times that.
    total_kg = args.stock * tapped / 0.93
    sd_cols = [] if args.no_sd else BASE[:8]
    lots = make_lots(rng, args.lots, elements, total_kg, sd_cols, args.rules)
    adds = make_additives(len(heats), elements, args.rules)
    os.makedirs(args.out, exist_ok=True)
    head = ["id", "class", "supplier", "source", "mass_kg", "price_per_kg", "yield"]
    rules = ["unit_kg", "min_kg"] if args.rules else []
    write_csv(os.path.join(args.out, "lots.csv"),
              head + rules + elements + [f"sd_{e}" for e in sd_cols], lots)
    write_csv(os.path.join(args.out, "additives.csv"), head + rules + elements, adds)
    write_csv(os.path.join(args.out, "grades.csv"), ["grade", "element", "min", "max"],
              grade_rows(heats, elements))
    if args.sequence:
        seq = sequence_heats(heats, args.sequence)
        write_csv(os.path.join(args.out, "furnaces.csv"),
                  ["furnace", "capacity_kg", "heel_kg"] + list(HEEL),
                  [[f"F{f + 1}", "35000", fmt(args.heel_kg, 0)] + [str(v) for v in HEEL.values()]
                   for f in range(args.sequence)])
        write_csv(os.path.join(args.out, "heats.csv"),
                  ["heat", "grade", "mass_kg", "furnace", "sequence"],
                  [[h, g, fmt(m, 0), f, str(k)] for h, g, m, f, k in seq])
    else:
        write_csv(os.path.join(args.out, "heats.csv"), ["heat", "grade", "mass_kg"],
                  [[h, g, fmt(m, 0)] for h, g, m in heats])
    return {"seed": args.seed, "lots": len(lots), "additives": len(adds),
            "heats": len(heats), "infeasible_heats": args.infeasible_heats,
            "elements": len(elements), "tapped_kg": tapped,
            "yard_kg": round(sum(float(r["mass_kg"]) for r in lots)),
            "grades": sorted(set(h[1] for h in heats))}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lots", type=int, default=2000)
    ap.add_argument("--heats", type=int, default=20)
    ap.add_argument("--elements", type=int, default=12)
    ap.add_argument("--stock", type=float, default=3.0)
    ap.add_argument("--infeasible-heats", type=int, default=0)
    ap.add_argument("--no-sd", action="store_true")
    ap.add_argument("--rules", action="store_true")
    ap.add_argument("--sequence", type=int, default=0, metavar="F",
                    help="F furnaces, each heat on the previous heat's heel (issue 19)")
    ap.add_argument("--heel-kg", type=float, default=1000.0)
    args = ap.parse_args(argv)
    if args.sequence and not 1 <= args.sequence <= args.heats + args.infeasible_heats:
        ap.error("--sequence must be 1..the number of heats")
    if not 0 <= args.heel_kg <= 5000:
        ap.error("--heel-kg must be 0..5000 (heats are up to 30 t in 35 t furnaces)")
    if not 1 <= args.lots <= 1_000_000 or not 1 <= args.heats <= 10_000:
        ap.error("--lots must be 1..1000000 and --heats 1..10000")
    if not len(BASE) <= args.elements <= len(BASE) + len(EXTRA):
        ap.error(f"--elements must be {len(BASE)}..{len(BASE) + len(EXTRA)}")
    if not args.stock > 0 or math.isinf(args.stock):
        ap.error("--stock must be > 0")
    print(json.dumps(generate(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
