#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets into fuzz/corpus/<target>/.

usage: python3 fuzz/seeds.py   (from the repository root; rewrites the seeds, keeps others)

Seeds are small valid plants (tests/data, the demo) and the shapes the CSV reader must
handle or refuse (BOM, CRLF, quoted fields with commas, quotes and newlines, ragged rows,
a semicolon export, an unterminated quote, invalid UTF-8). fuzz_plant takes lots, additives,
grades and heats separated by form feeds; fuzz_inventory takes lots, a form feed, additives.
Names are stable (seed-*), so re-running only refreshes them. fuzz_plan_json's seeds are
plans that `remelt plan --format json` printed for tests/data (kept as files: they need a
built remelt), a minimal plan and a broken one; regress-* files are inputs that once failed.
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
PLANTS = ["tests/data/paper", "tests/data/paper2", "tests/data/bad_base", "tests/data/fe_high",
          "tests/data/conflict", "tests/data/rules_paper", "tests/data/rule_cause", "data/demo"]


def read(path):
    with open(os.path.join(ROOT, path), "rb") as fh:
        return fh.read()


def part(plant, name):
    path = os.path.join(ROOT, plant, name)
    return read(os.path.join(plant, name)) if os.path.exists(path) else b""


def shapes():
    """CSV shapes for the reader itself."""
    return {
        "bom-crlf": b"\xef\xbb\xbfid,mass_kg\r\nA,1\r\n",
        "quoted": b'id,note\n"a,b","say ""hi""\nnext line"\n',
        "blank-lines": b"\n\nid,x\n\nA,1\n\n",
        "ragged": b"id,x\nA,1,2\nB\n",
        "semicolon": b"id;mass_kg;price\nA;1,5;2\n",
        "unterminated": b'id,x\nA,"open\n',
        "bad-utf8": b"id,x\nA,\xc3\x28\n",
        "quote-in-field": b'id,x\nA,1"2\n',
        "empty-header": b"id,,x\nA,1,2\n",
        "dup-header": b"id,x,x\nA,1,2\n",
    }


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as fh:
        fh.write(data)


def main():
    for name, data in shapes().items():
        write("fuzz_csv", name, data)
    for plant in PLANTS:
        tag = os.path.basename(plant)
        lots, add = part(plant, "lots.csv"), part(plant, "additives.csv")
        grades, heats = part(plant, "grades.csv"), part(plant, "heats.csv")
        write("fuzz_csv", tag + "-lots", lots)
        write("fuzz_inventory", tag, lots + b"\f" + add)
        write("fuzz_inventory", tag + "-lots-only", lots)
        write("fuzz_grades", tag, b"\x0a" + grades)  # first byte: margin 0.10
        write("fuzz_heats", tag, heats)
        rules = part(plant, "material_rules.csv")
        if tag != "demo":  # the demo is too large for fuzz_plant's solver limits
            write("fuzz_plant", tag, b"\f".join([lots, add, grades, heats] +
                                                ([rules] if rules else [])))
    write("fuzz_heats", "grades", b"heat,grade,mass_kg\nH1,6063,20000\nH2,\"G,1\",5\n")
    results = (b"time,heat,plan,grade,tapped_kg,charged_kg,metal_kg,element,wt_pct,spark_sd,"
               b"sparks,planned_pct,planned_sd,heel_kg,heel_pct,recovery\n"
               b"2026-12-07T05:00:00Z,H01,ab12,6063,24100,25807,24866.9,Si,0.46,0.014,2,"
               b"0.6,0.0225,5000,0.45,0.99\n"
               b"2026-12-07T05:00:00Z,H01,ab12,6063,24100,25807,24866.9,Fe,0.2,,1,,,5000,"
               b"0.19,1\n")
    write("fuzz_record", "weighed", b"id,mass_kg\nL003,1500\nL004,3100\nL004,40\n"
          b"\"MG,999\",60\n\felement,wt_pct\nSi,0.45\nSi,0.47\nFe,0.2\nMg,0.55\n\f" + results)
    write("fuzz_record", "direct", b"id,mass_kg\nL1,10\n\felement,wt_pct\nCu,0.02\n\f")


if __name__ == "__main__":
    main()
