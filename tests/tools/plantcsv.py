"""Independent reader of a remelt data directory (FORMATS.md v1).

Shared by ref_lp.py and check_plan.py.  It deliberately does not reuse
anything from remelt's C code: the point of these tools is to recompute the
contract from the CSV files alone, so that a bug in the C reader cannot hide
itself by being present on both sides of a comparison.

Only what the margin-0 / confidence-0 model needs is interpreted: ids,
masses, prices, yields, element columns, grade limits and heats, and the
practical charge rules of FORMATS.md (unit_kg, min_kg, heats.csv furnace,
furnaces.csv).  Every other column (source, sd_<El>, supplier, ...) is
trace data and ignored.

Rules as read here (where FORMATS.md is silent, the choice is noted):
  unit_kg       > 0 when given; empty = charged in any amount
  min_kg        >= 0 when given; empty or 0 = no minimum
  furnace       heats.csv column; an empty cell = no furnace (no heel,
                recovery 1, no material limit); a name not in furnaces.csv
                is bad input
  furnaces.csv  furnace (required, unique), capacity_kg (> 0; empty = no
                limit), heel_kg (>= 0; empty = 0), max_materials (whole
                number >= 1; empty = no limit), element columns = heel wt%
                (empty = 0), rec_<El> in (0, 1] (empty or absent = 1)
  rec_<El>      lots.csv/additives.csv, in (0, 1] (empty or absent = the
                furnace's): the recovery of El charged as that material
  heel_kg       heats.csv (>= 0, only in a furnace): the heat's own heel,
                in place of the furnace's heel_kg (composition the furnace's)
  aim,tolerance grades.csv (both or neither): the window becomes
                [aim - tol, aim + tol] within [min, max] (a side <= 0 open);
                check_plan.py and ref_lp.py then hold the plan to it
  min_charge_kg furnaces.csv (>= 0, empty = 0): the minimum charge of every
                material in a heat of the furnace whose min_kg cell is empty and
                that has no unit_kg (Plant.min_charge)
  sequence      heats.csv (whole number >= 1, only in a furnace; empty = none):
                the heat's place in its furnace's order. A furnace's sequenced
                heats are numbered 1..n (no gap, no repeat) and, if one is, all
                are. Heat 1 sits on the furnace's heel; heat k on heel_kg
                (its own, else the furnace's) of heat k-1's bath, whose
                composition is the plan's: Plant.chain(h), Plant.heel_const
  heel_kg + mass_kg of a heat above its furnace's capacity_kg is bad input
  (no charge can change it; remelt exits 1 too)
  quarantine    lots.csv/additives.csv 0/1 (empty = 0): 1 = the material
                enters no plan
  material_rules.csv  grade (a grade or *), material (an id; else
                COLUMN=VALUE: source=, id= or a text column of the lots /
                additives; VALUE compared ignoring ASCII case, a trailing *
                makes it a prefix), max_kg (>= 0), max_share, min_share (in
                [0, 1]), each optional; an unknown grade, id or column is bad
                input.  Rule.members(plant) gives the materials it matches.
"""

import csv
import math
import os

# Every symbol of the periodic table: a header equal to one of these is an
# element column (FORMATS.md: "the set of elements is data").
ELEMENT_SYMBOLS = frozenset("""
H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu
Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs
Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl
Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh
Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og
""".split())


class PlantError(Exception):
    """Bad input data; the message names file, line and column."""


class Material:
    """One lot or additive, reduced to what the LP needs."""

    __slots__ = ("id", "kind", "mass", "price", "yld", "comp", "line",
                 "unit", "min_kg", "source", "text", "quarantine", "rec")

    def __init__(self, mid, kind, mass, price, yld, comp, line, unit=None,
                 min_kg=None):
        self.source = "analyzed"   # lots.csv source (empty = analyzed)
        self.text = {}             # other non-element columns: {name: cell}
        self.quarantine = False    # held back: in no plan
        self.rec = {}              # rec_<El>: {element: own recovery}
        self.id = mid          # lot/additive id as written
        self.kind = kind       # "lot" or "additive"
        self.mass = mass       # kg available, None = unlimited (additive)
        self.price = price     # currency per kg charged
        self.yld = yld         # kg metal per kg charged
        self.comp = comp       # {element: wt%}, not-reported omitted (= 0)
        self.line = line       # CSV line, for messages
        self.unit = unit       # unit_kg (whole units), None = any amount
        self.min_kg = min_kg   # minimum charge per heat, None = none

    def content(self, el):
        """wt% of el in the recovered metal; not reported counts as 0."""
        return self.comp.get(el, 0.0)

    def recovery(self, el, fur):
        """Recovery of el charged as this material in furnace fur: its own
        rec_<El>, else the furnace's (FORMATS.md)."""
        return self.rec.get(el, fur.recovery(el) if fur is not None else 1.0)


class Furnace:
    """One row of furnaces.csv."""

    __slots__ = ("id", "capacity", "heel", "max_materials", "heel_comp",
                 "rec", "line", "min_charge")

    def __init__(self, fid, capacity, heel, max_materials, heel_comp, rec,
                 line):
        self.id = fid                      # furnace name as written
        self.capacity = capacity           # kg, None = no limit
        self.heel = heel                   # kg of heel (0 = none)
        self.max_materials = max_materials  # int, None = no limit
        self.heel_comp = heel_comp         # {element: wt%} of the heel
        self.rec = rec                     # {element: recovery}, default 1
        self.line = line
        self.min_charge = 0.0              # min_charge_kg (0 = none)

    def recovery(self, el):
        """Fraction of a charged element that stays in the melt."""
        return self.rec.get(el, 1.0)

    def heel_content(self, el):
        """wt% of el in the heel (empty = 0)."""
        return self.heel_comp.get(el, 0.0)


# The furnace of a heat without one: no heel, recovery 1, no limits.
NO_FURNACE = Furnace(None, None, 0.0, None, {}, {}, 0)


class Plant:
    """Materials, grades and heats of one data directory."""

    def __init__(self, materials, elements, grades, heats, furnaces=None,
                 heat_furnace=None):
        self.materials = materials   # list[Material], lots first
        self.elements = elements     # sorted list of element columns seen
        self.grades = grades         # {grade: [(el, lo|None, hi|None)]}
        self.heats = heats           # list[(heat, grade, mass_kg)]
        self.by_id = {m.id: m for m in materials}
        self.furnaces = furnaces or {}   # {furnace id: Furnace}
        # furnace id (or None) of each heat, in the order of self.heats
        self.heat_furnace = heat_furnace or [None] * len(heats)
        self.rules = []   # list[Rule] of material_rules.csv
        self.heat_heel = []   # heel kg of each heat (None without furnace)
        self.heat_seq = []    # heats.csv sequence of each heat (None: none)

    def prev(self, h):
        """Index of the heat whose bath heat h's heel is left from (its
        furnace's sequence place - 1), or None."""
        seq = self.heat_seq[h] if h < len(self.heat_seq) else None
        if seq is None or seq <= 1:
            return None
        for j, s in enumerate(self.heat_seq):
            if s == seq - 1 and self.heat_furnace[j] == self.heat_furnace[h]:
                return j
        return None

    def chain(self, h):
        """[(c, w)]: heat h itself (w = 1) and each heat before it in its
        furnace's sequence, w = product of heel / bath of the heat before
        down the chain: the share of c's bath element kg in h's bath."""
        out, w = [(h, 1.0)], 1.0
        p = self.prev(h)
        while p is not None:
            fur = self.furnace_of(h)
            w *= fur.heel / (self.furnace_of(p).heel + self.heats[p][2])
            out.append((p, w))
            h, p = p, self.prev(p)
        return out

    def heel_const(self, h, el):
        """kg of el that the chain's first heel (the furnace's composition)
        brings into heat h's bath."""
        c, w = self.chain(h)[-1]
        fur = self.furnace_of(c)
        return w * fur.heel * fur.heel_content(el) / 100.0

    def min_charge(self, i, h):
        """The minimum charge of material i in heat h (FORMATS.md): its
        own min_kg when the cell is filled in (0 too), none for a whole-unit
        material, else the furnace's min_charge_kg."""
        m = self.materials[i]
        if m.min_kg is not None:
            return m.min_kg
        if m.unit is not None:
            return 0.0
        return self.furnace_of(h).min_charge

    def has_material_rules(self):
        """True when rows beyond the contract's bind: material rules or a
        quarantined material."""
        return bool(self.rules) or any(m.quarantine for m in self.materials)

    def furnace_of(self, h):
        """Furnace object of heat index h (NO_FURNACE when none); with a
        heats.csv heel_kg of its own, a copy of the furnace with that heel
        (the composition stays the furnace's)."""
        fid = self.heat_furnace[h]
        if fid is None:
            return NO_FURNACE
        fur = self.furnaces[fid]
        heel = self.heat_heel[h] if h < len(self.heat_heel) else None
        if heel is None or heel == fur.heel:
            return fur
        own = Furnace(fur.id, fur.capacity, heel, fur.max_materials,
                      fur.heel_comp, fur.rec, fur.line)
        own.min_charge = fur.min_charge
        return own

    def has_rules(self):
        """True when any practical charge rule is in the data (FORMATS.md:
        then remelt solves a MIP)."""
        return (any(m.unit is not None or m.min_kg is not None
                    for m in self.materials)
                or any(f is not None for f in self.heat_furnace))

    def has_integer_rules(self):
        """True when the model needs integer variables: units, minimum
        charges or a material limit on a furnace that has a heat."""
        return (any(m.unit is not None or (m.min_kg or 0) > 0
                    for m in self.materials)
                or any(self.furnace_of(h).max_materials is not None
                       or self.furnace_of(h).min_charge > 0
                       for h in range(len(self.heats))))


def read_rows(path):
    """Yield (line_number, {header: cell}) for an RFC 4180 file.

    utf-8-sig strips an optional BOM; newline='' lets the csv module handle
    CRLF and line breaks inside quoted fields itself.
    """
    name = os.path.basename(path)
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise PlantError(f"{name}:1: empty file, header row expected")
        except csv.Error as exc:
            raise PlantError(f"{name}:1: {exc}")
        if len(set(header)) != len(header):
            raise PlantError(f"{name}:1: duplicate column name in header")
        line = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise PlantError(f"{name}:{reader.line_num}: {exc}")
            start, line = line + 1, reader.line_num
            if not row or row == [""]:
                continue                      # tolerate a blank line
            if len(row) != len(header):
                raise PlantError(f"{name}:{start}: {len(row)} fields, "
                                 f"header has {len(header)}")
            yield start, header, dict(zip(header, row))


def parse_number(text, where, column, empty=None, required=False):
    """Parse a numeric cell; empty -> `empty` unless required."""
    text = text.strip()
    if text == "":
        if required:
            raise PlantError(f"{where}: column {column}: value required")
        return empty
    try:
        value = float(text)
    except ValueError:
        raise PlantError(f"{where}: column {column}: not a number: {text!r}")
    if not math.isfinite(value):
        raise PlantError(f"{where}: column {column}: not finite: {text!r}")
    return value


def require_columns(name, header, columns):
    """Fail early when a required column is missing."""
    for col in columns:
        if col not in header:
            raise PlantError(f"{name}:1: column {col}: required column "
                             f"missing")


def read_materials(path, kind, seen_ids, elements):
    """Read lots.csv or additives.csv into Material objects."""
    name = os.path.basename(path)
    out = []
    for line, header, row in read_rows(path):
        require_columns(name, header, ("id", "mass_kg", "price_per_kg"))
        where = f"{name}:{line}"
        mid = row["id"]
        if mid.strip() == "":
            raise PlantError(f"{where}: column id: empty id")
        if mid in seen_ids:
            raise PlantError(f"{where}: column id: duplicate id {mid!r}")
        seen_ids.add(mid)
        mass = parse_number(row["mass_kg"], where, "mass_kg",
                            required=(kind == "lot"))
        if mass is not None and mass <= 0:
            raise PlantError(f"{where}: column mass_kg: must be > 0")
        price = parse_number(row["price_per_kg"], where, "price_per_kg",
                             required=True)
        if price < 0:
            raise PlantError(f"{where}: column price_per_kg: must be >= 0")
        yld = parse_number(row.get("yield", ""), where, "yield", empty=1.0)
        if not 0 < yld <= 1:
            raise PlantError(f"{where}: column yield: must be in (0, 1]")
        unit = parse_number(row.get("unit_kg", ""), where, "unit_kg")
        if unit is not None and unit <= 0:
            raise PlantError(f"{where}: column unit_kg: must be > 0")
        min_kg = parse_number(row.get("min_kg", ""), where, "min_kg")
        if min_kg is not None and min_kg < 0:
            raise PlantError(f"{where}: column min_kg: must be >= 0")
        comp = {}
        for col in header:
            if col in ELEMENT_SYMBOLS:
                elements.add(col)
                val = parse_number(row[col], where, col)
                if val is None:
                    continue
                if val < 0 or val > 100:
                    raise PlantError(f"{where}: column {col}: wt% out of "
                                     f"[0, 100]")
                if val:
                    comp[col] = val
        rec = {}
        for col in header:
            if col.startswith("rec_") and col[4:] in ELEMENT_SYMBOLS:
                val = parse_number(row[col], where, col)
                if val is None:
                    continue
                if not 0 < val <= 1:
                    raise PlantError(f"{where}: column {col}: recovery "
                                     f"must be in (0, 1]")
                rec[col[4:]] = val
        mat = Material(mid, kind, mass, price, yld, comp, line, unit,
                       min_kg)
        mat.rec = rec
        mat.source = row.get("source", "").strip() or "analyzed"
        mat.text = {col: row[col] for col in header
                    if col not in ELEMENT_SYMBOLS and col not in NOT_TEXT
                    and not col.startswith("sd_")
                    and not col.startswith("rec_")}
        quar = parse_number(row.get("quarantine", ""), where, "quarantine",
                            empty=0.0)
        if quar not in (0.0, 1.0):
            raise PlantError(f"{where}: column quarantine: must be 0 or 1")
        mat.quarantine = quar == 1.0
        out.append(mat)
    return out


# Columns of lots.csv that are numbers or flags, not text a rule may name.
NOT_TEXT = frozenset("""id mass_kg price_per_kg yield source unit_kg min_kg
recycled quarantine""".split())


# remelt compares rule values ignoring ASCII case only (strcasecmp in the C
# locale): str.lower() would also fold non-ASCII letters.
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                            "abcdefghijklmnopqrstuvwxyz")


class Rule:
    """One row of material_rules.csv."""

    def __init__(self, grade, material, max_kg, max_share, min_share, line):
        self.grade = grade            # grade name or "*"
        self.material = material      # the cell as written
        self.max_kg = max_kg          # None = not given
        self.max_share = max_share
        self.min_share = min_share
        self.line = line

    def applies(self, grade):
        """Whether the rule binds a heat of this grade."""
        return self.grade in ("*", grade)

    def matches(self, plant, mat):
        """Whether material mat is one the rule names."""
        if self.material in plant.by_id:
            return mat.id == self.material
        key, value = self.material.split("=", 1)
        if key == "source":
            have = mat.source
        elif key == "id":
            have = mat.id
        else:
            have = mat.text.get(key)
            if have is None:
                return False
        have, value = have.translate(ASCII_LOWER), value.translate(ASCII_LOWER)
        if value.endswith("*"):
            return have.startswith(value[:-1])
        return have == value

    def members(self, plant):
        """Indexes (into plant.materials) of the materials it matches."""
        return [i for i, m in enumerate(plant.materials)
                if self.matches(plant, m)]


def read_rules(path, grades, materials):
    """material_rules.csv into a list of Rule (bad grades/ids refused)."""
    name = os.path.basename(path)
    ids = {m.id for m in materials}
    cols = set()
    for m in materials:
        cols.update(m.text)
    out = []
    for line, header, row in read_rows(path):
        require_columns(name, header, ("grade", "material"))
        where = f"{name}:{line}"
        grade, mat = row["grade"], row["material"]
        if grade != "*" and grade not in grades:
            raise PlantError(f"{where}: column grade: unknown grade {grade!r}")
        if mat not in ids:
            key = mat.split("=", 1)[0] if "=" in mat else None
            if key is None or (key not in ("source", "id") and
                               key not in cols):
                raise PlantError(f"{where}: column material: unknown "
                                 f"material {mat!r}")
        vals = []
        for col, top in (("max_kg", 1e9), ("max_share", 1.0),
                         ("min_share", 1.0)):
            v = parse_number(row.get(col, ""), where, col)
            if v is not None and not 0 <= v <= top:
                raise PlantError(f"{where}: column {col}: out of [0, {top}]")
            vals.append(v)
        out.append(Rule(grade, mat, *vals, line))
    return out


def read_grades(path):
    """Read long-format grades.csv into {grade: [(el, lo, hi)]}.

    Repeated (grade, element) rows are all kept: both limits apply, which is
    what a metallurgist would expect from two lines of one specification.
    """
    name = os.path.basename(path)
    grades = {}
    for line, header, row in read_rows(path):
        require_columns(name, header, ("grade", "element", "min", "max"))
        where = f"{name}:{line}"
        el = row["element"].strip()
        if el not in ELEMENT_SYMBOLS:
            raise PlantError(f"{where}: column element: not an element "
                             f"symbol: {el!r}")
        lo = parse_number(row["min"], where, "min")
        hi = parse_number(row["max"], where, "max")
        if lo is not None and hi is not None and lo > hi:
            raise PlantError(f"{where}: column min: min > max")
        aim = parse_number(row.get("aim", ""), where, "aim")
        tol = parse_number(row.get("tolerance", ""), where, "tolerance")
        if (aim is None) != (tol is None):
            raise PlantError(f"{where}: column aim: aim and tolerance go "
                             f"together")
        if aim is not None:
            # the working window replaces the spec's (and any margin's)
            a, b = aim - tol, aim + tol
            if a > 0 and (lo is None or a > lo):
                lo = a
            if hi is None or b < hi:
                hi = b
        grades.setdefault(row["grade"], []).append((el, lo, hi))
    return grades


def read_furnaces(path, elements):
    """Read furnaces.csv into {furnace id: Furnace}."""
    name = os.path.basename(path)
    out = {}
    for line, header, row in read_rows(path):
        require_columns(name, header, ("furnace",))
        where = f"{name}:{line}"
        fid = row["furnace"]
        if fid.strip() == "":
            raise PlantError(f"{where}: column furnace: empty name")
        if fid in out:
            raise PlantError(f"{where}: column furnace: duplicate {fid!r}")
        cap = parse_number(row.get("capacity_kg", ""), where, "capacity_kg")
        if cap is not None and cap <= 0:
            raise PlantError(f"{where}: column capacity_kg: must be > 0")
        heel = parse_number(row.get("heel_kg", ""), where, "heel_kg",
                            empty=0.0)
        if heel < 0:
            raise PlantError(f"{where}: column heel_kg: must be >= 0")
        mm = parse_number(row.get("max_materials", ""), where,
                          "max_materials")
        if mm is not None:
            if mm < 1 or mm != math.floor(mm):
                raise PlantError(f"{where}: column max_materials: must be "
                                 f"a whole number >= 1")
            mm = int(mm)
        comp, rec = {}, {}
        for col in header:
            if col in ELEMENT_SYMBOLS:
                elements.add(col)
                val = parse_number(row[col], where, col)
                if val is None:
                    continue
                if val < 0 or val > 100:
                    raise PlantError(f"{where}: column {col}: wt% out of "
                                     f"[0, 100]")
                if val:
                    comp[col] = val
            elif col.startswith("rec_") and col[4:] in ELEMENT_SYMBOLS:
                val = parse_number(row[col], where, col)
                if val is None:
                    continue
                if not 0 < val <= 1:
                    raise PlantError(f"{where}: column {col}: recovery "
                                     f"must be in (0, 1]")
                rec[col[4:]] = val
        out[fid] = Furnace(fid, cap, heel, mm, comp, rec, line)
        mc = parse_number(row.get("min_charge_kg", ""), where,
                          "min_charge_kg", empty=0.0)
        if mc < 0:
            raise PlantError(f"{where}: column min_charge_kg: must be >= 0")
        out[fid].min_charge = mc
    return out


def check_sequences(heat_seq, heats):
    """Per furnace, the sequenced heats are 1..n and all of its heats have
    a place; a heel is never more than the bath before it."""
    by_fur = {}
    for h, (seq, fid, where, _) in enumerate(heat_seq):
        if fid is not None:
            by_fur.setdefault(fid, []).append((h, seq, where))
    for fid, rows in by_fur.items():
        seqs = [s for _, s, _ in rows if s is not None]
        if not seqs:
            continue
        for h, s, where in rows:
            if s is None:
                raise PlantError(f"{where}: column sequence: furnace {fid!r} "
                                 f"has sequenced heats, this one has none")
        if sorted(seqs) != list(range(1, len(seqs) + 1)):
            raise PlantError(f"furnace {fid!r}: sequence {sorted(seqs)} is "
                             f"not 1..{len(seqs)}")
    for h, (seq, fid, where, heel) in enumerate(heat_seq):
        if seq is None or seq == 1:
            continue
        for j, (s2, f2, _, heel2) in enumerate(heat_seq):
            if f2 == fid and s2 == seq - 1 and heel > heel2 + heats[j][2]:
                raise PlantError(f"{where}: column heel_kg: more than the "
                                 f"bath before it")


def read_heats(path, grades, furnaces=None, heat_furnace=None,
               heat_heel=None, heat_seq=None):
    """Read heats.csv into [(heat, grade, mass_kg)]; the furnace of each
    heat (or None) is appended to heat_furnace when given, and its heel kg
    (heats.csv heel_kg, else the furnace's; None without furnace) to
    heat_heel."""
    name = os.path.basename(path)
    heats, seen = [], set()
    for line, header, row in read_rows(path):
        require_columns(name, header, ("heat", "grade", "mass_kg"))
        where = f"{name}:{line}"
        hid = row["heat"]
        if hid in seen:
            raise PlantError(f"{where}: column heat: duplicate heat {hid!r}")
        seen.add(hid)
        if row["grade"] not in grades:
            raise PlantError(f"{where}: column grade: unknown grade "
                             f"{row['grade']!r}")
        mass = parse_number(row["mass_kg"], where, "mass_kg", required=True)
        if mass <= 0:
            raise PlantError(f"{where}: column mass_kg: must be > 0")
        fid = row.get("furnace", "")
        if fid.strip() == "":
            fid = None
        elif furnaces is None or fid not in furnaces:
            raise PlantError(f"{where}: column furnace: unknown furnace "
                             f"{fid!r}" + ("" if furnaces is not None else
                                           " (no furnaces.csv)"))
        heel = parse_number(row.get("heel_kg", ""), where, "heel_kg")
        if heel is not None and (heel < 0 or fid is None):
            raise PlantError(f"{where}: column heel_kg: must be >= 0, in a "
                             f"furnace")
        if fid is not None:
            fur = furnaces[fid]
            if heel is None:
                heel = fur.heel
            if fur.capacity is not None and heel + mass > fur.capacity:
                raise PlantError(f"{where}: column mass_kg: heel "
                                 f"{heel!r} kg + {mass!r} kg exceeds "
                                 f"the capacity {fur.capacity!r} kg of "
                                 f"furnace {fid!r}")
        seq = parse_number(row.get("sequence", ""), where, "sequence")
        if seq is not None and (seq < 1 or seq != math.floor(seq) or
                                fid is None):
            raise PlantError(f"{where}: column sequence: must be a whole "
                             f"number >= 1, in a furnace")
        if heat_seq is not None:
            heat_seq.append((int(seq) if seq is not None else None, fid,
                             where, heel))
        if heat_heel is not None:
            heat_heel.append(heel)
        if heat_furnace is not None:
            heat_furnace.append(fid)
        heats.append((hid, row["grade"], mass))
    return heats


def load_plant(directory):
    """Read DIR/{lots,additives,grades,heats,furnaces}.csv into a Plant."""
    seen, elements = set(), set()
    materials = read_materials(os.path.join(directory, "lots.csv"), "lot",
                               seen, elements)
    add_path = os.path.join(directory, "additives.csv")
    if os.path.exists(add_path):
        materials += read_materials(add_path, "additive", seen, elements)
    grades = read_grades(os.path.join(directory, "grades.csv"))
    fur_path = os.path.join(directory, "furnaces.csv")
    furnaces = (read_furnaces(fur_path, elements)
                if os.path.exists(fur_path) else None)
    heat_furnace, heat_heel, heat_seq = [], [], []
    heats = read_heats(os.path.join(directory, "heats.csv"), grades,
                       furnaces, heat_furnace, heat_heel, heat_seq)
    check_sequences(heat_seq, heats)
    plant = Plant(materials, sorted(elements), grades, heats, furnaces,
                  heat_furnace)
    plant.heat_heel = heat_heel
    plant.heat_seq = [s[0] for s in heat_seq]
    rules_path = os.path.join(directory, "material_rules.csv")
    if os.path.exists(rules_path):
        plant.rules = read_rules(rules_path, grades, materials)
    return plant
