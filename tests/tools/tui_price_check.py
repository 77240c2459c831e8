#!/usr/bin/env python3
"""Checks a text capture of `remelt tui`'s 4 Pricing screen (100 columns or more) against
`remelt price --format json` for the same grade and data: every row shown must carry the
JSON's numbers as `remelt price` prints them (kg whole, prices per kg with 2 decimals,
the verdict with its kg, the margin signed). Reads nothing of remelt's C code.

usage: tui_price_check.py CAPTURE PRICE.json [--rows N] [--kind lot|offer]
                          [--scrap GRADE] [--sorted KEY] [--desc]
  --rows N       exactly N rows shown (default: every lot and offer of the JSON that the
                 --kind and --scrap filters let through)
  --kind, --scrap  every row shown is of that kind / meets that scrap grade
  --sorted KEY   rows in order of KEY (break_even_price_per_kg, margin_per_kg, ...)
  --skip ID      a row the JSON does not have (a lot the TUI made "not available"): shown
                 with 0 kg and "do not buy", else not checked
exit 0: all hold; 1: a difference (listed); 2: the capture has no table.
"""
import json
import math
import sys


def money(v):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v  # "needed"
    return "%.2f" % v


def kg0(v):
    return "{:,}".format(int(math.floor(v + 0.5)))


def verdict(it):
    if it["verdict"] == "buy up to":
        return "buy up to %s kg" % kg0(it["buy_kg"])
    return it["verdict"]


def margin(it):
    m = it.get("margin_per_kg")
    return "-" if m is None else "%+.2f" % m


def rows_of(capture):
    lines = open(capture, encoding="utf-8").read().split("\n")
    start = next((k for k, l in enumerate(lines) if l.startswith(" id ") and "break-even" in l), None)
    if start is None:
        return None
    rows = []
    for l in lines[start + 1:]:
        if l.startswith("--") or len(l) < 97 or l[12:17].strip() not in ("lot", "offer"):
            break
        rows.append({
            "id": l[1:11].strip(), "kind": l[12:17].strip(), "kg": l[31:38].strip(),
            "price": l[39:47].strip(), "be": l[48:58].strip(), "fu": l[59:68].strip(),
            "verdict": l[69:87].strip(), "margin": l[88:97].strip(),
        })
    return rows


def main(argv):
    args = argv[1:]
    opts = {}
    pos = []
    k = 0
    while k < len(args):
        a = args[k]
        if a == "--desc":
            opts["desc"] = True
        elif a.startswith("--"):
            opts[a[2:]] = args[k + 1]
            k += 1
        else:
            pos.append(a)
        k += 1
    rows = rows_of(pos[0])
    if not rows:
        print("no price table in %s" % pos[0])
        return 2
    doc = json.load(open(pos[1], encoding="utf-8"))
    items = {}
    for kind, key in (("lot", "lots"), ("offer", "offers")):
        for it in doc.get(key, []):
            items[it["id"]] = (kind, it)
    bad = []
    skip = opts.get("skip")

    def shown(kind, it):
        return (not opts.get("kind") or kind == opts["kind"]) and (
            not opts.get("scrap") or opts["scrap"] in it.get("scrap_grades", []) + it.get("scrap_grades_unverified", []))
    want = int(opts["rows"]) - (1 if skip else 0) if "rows" in opts else sum(shown(k, it) for k, it in items.values())
    if skip:
        sk = [r for r in rows if r["id"] == skip]
        if len(sk) != 1 or sk[0]["kg"] != "0" or sk[0]["verdict"] != "do not buy":
            bad.append("%s: expected one row of 0 kg, do not buy, got %r" % (skip, sk))
        rows = [r for r in rows if r["id"] != skip]
    if len(rows) != want:
        bad.append("%d rows shown, expected %d" % (len(rows), want))
    for r in rows:
        if r["id"] not in items:
            bad.append("%s: not in the JSON" % r["id"])
            continue
        kind, it = items[r["id"]]
        exp = {
            "kind": kind, "kg": kg0(it["mass_kg"]), "be": money(it["break_even_price_per_kg"]),
            "fu": money(it["full_use_price_per_kg"]), "verdict": verdict(it), "margin": margin(it),
            "price": money(it["price_per_kg"]),
        }
        for f, v in exp.items():
            got = r[f].rstrip("*")
            if got != v:
                bad.append("%s %s: screen %r, remelt price %r" % (r["id"], f, r[f], v))
        if opts.get("kind") and kind != opts["kind"]:
            bad.append("%s: a %s, the filter asked for %s" % (r["id"], kind, opts["kind"]))
        if opts.get("scrap") and opts["scrap"] not in it.get("scrap_grades", []) + it.get("scrap_grades_unverified", []):
            bad.append("%s: does not meet %s" % (r["id"], opts["scrap"]))
    if opts.get("sorted"):
        key = opts["sorted"]
        vals = [items[r["id"]][1].get(key) for r in rows if r["id"] in items]
        nums = [v for v in vals if v is not None]
        order = sorted(nums, reverse=bool(opts.get("desc")))
        if nums != order or vals[:len(nums)] != nums:
            bad.append("rows not in %s order %s" % ("descending" if opts.get("desc") else "ascending", key))
    for b in bad:
        print(b)
    print("%d rows checked, %d differences" % (len(rows), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
