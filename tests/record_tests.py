#!/usr/bin/env python3
"""Issue 18 end to end: `remelt record` books a heat's weighed charge exactly once, against
its committed plan or directly, appends its analysis to heat_results.csv, refuses bad input
with file:line:column and nothing changed, and survives SIGKILL at every step.

Everything is recomputed here from the CSV and JSON files with Python's csv and json modules.
The plant is tests/data/ledger (49 lots, 7 additives of which 2 unlimited, 6 heats), planned
with --margin 0 --confidence 0 and committed first.

usage: REMELT=./remelt python3 tests/record_tests.py [-k NAME]
Output: "PASS record NAME" / "FAIL record NAME: why", then "record: P passed, F failed".
"""

import argparse
import csv
import json
import math
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ledger_tests as lt  # noqa: E402  (its helpers: run, fresh, read_csv, materials)

STATE = ("lots.csv", "additives.csv", "ledger.csv", "heat_results.csv", ".remelt.journal")
POSITION = re.compile(r"^[^:\n]+:\d+:\d+: ", re.M)
passed = failed = 0
TESTS = []


def report(name, ok, why=""):
    global passed, failed
    passed += ok
    failed += not ok
    print(f"PASS record {name}" if ok else f"FAIL record {name}: {why}", flush=True)


def test(fn):
    TESTS.append(fn)
    return fn


def snap(d):
    out = {}
    for n in STATE:
        p = os.path.join(d, n)
        out[n] = open(p, "rb").read() if os.path.exists(p) else None
    return out


def no_time(b):
    """A state file's bytes without its time cells (the runs differ by seconds)."""
    return None if b is None else re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"T", b)


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")


def committed(tmp):
    """A copy of the ledger plant with its plan committed: (dir, plan path, plan, before)."""
    d = lt.fresh(tmp, "plant")
    before = lt.materials(d)
    pl = lt.plan(d)
    path = os.path.join(tmp, "plan.json")
    json.dump(pl, open(path, "w"))
    p = lt.run("commit", "--data", d, path)
    assert p.returncode == 0, f"commit: {p.stderr[:300]}"
    return d, path, pl, before


def weighed_charge(pl, d, heat="H01"):
    """The plan's charge of heat, weighed as a plant would: one lot with stock left after the
    commit comes in 120 kg lighter (a return), 50 kg of a lot the plan did not charge go in,
    one used-up lot weighs 30 kg less (a short), another 40 kg more (a surplus: it held more
    metal than its book mass), and 60 kg of Mg are added as a correction."""
    after = lt.materials(d)
    ch = {c["id"]: c["mass_kg"] for h in pl["heats"] if h["heat"] == heat for c in h["charge"]}
    left = [i for i in ch if i in after and not math.isinf(after[i]["mass"])
            and after[i]["mass"] > 100]
    spare = [i for i, m in after.items() if i not in ch and m["kind"] == "lot" and
             m["mass"] > 100]
    gone = [i for i in ch if i not in after and ch[i] > 100]
    assert left and spare and len(gone) >= 2, f"plant changed: left {left}, gone {gone}"
    w = dict(ch)
    w[left[0]] -= 120
    w[spare[0]] = 50.0
    w[gone[0]] -= 30
    w[gone[1]] += 40
    w["MG999"] = w.get("MG999", 0) + 60
    return w


ANALYSIS = [("Si", 0.45), ("Si", 0.47), ("Si", 0.46), ("Fe", 0.2), ("Mg", 0.55),
            ("Cu", 0.021)]


def record(d, tmp, heat, charge, analysis=ANALYSIS, extra=(), env=None):
    write_csv(os.path.join(tmp, "charged.csv"), ["id", "mass_kg"],
              [(i, repr(kg)) for i, kg in charge.items()])
    write_csv(os.path.join(tmp, "analysis.csv"), ["element", "wt_pct"], analysis)
    return lt.run("record", "--data", d, "--heat", heat,
                  "--charged", os.path.join(tmp, "charged.csv"),
                  "--analysis", os.path.join(tmp, "analysis.csv"), *extra, env=env)


def signed_rows(d):
    """id -> kg the ledger says left stock: bookings and records add, returns take back;
    a short is booked kg that never existed (the stock was already 0), a surplus weighed kg
    the books never had: neither moves stock."""
    out, short = {}, {}
    for r in lt.read_csv(os.path.join(d, "ledger.csv")):
        kg = float(r["mass_kg"])
        if r["kind"] in ("lot", "additive", "record"):
            out[r["id"]] = out.get(r["id"], 0) + kg
        elif r["kind"] == "return":
            out[r["id"]] = out.get(r["id"], 0) - kg
        elif r["kind"] in ("short", "surplus"):
            short[r["id"]] = short.get(r["id"], 0) + kg
    return out, short


def check_balance(d, before):
    """Stock before = stock now + what the ledger says left it (shorts aside); check agrees."""
    now = lt.materials(d)
    moved, short = signed_rows(d)
    for i, m in before.items():
        if math.isinf(m["mass"]):
            continue
        left = now[i]["mass"] if i in now else 0.0
        assert abs(left - (m["mass"] - moved.get(i, 0))) <= 1e-6, \
            f"{i}: before {m['mass']} - ledger {moved.get(i, 0)} != now {left}"
        assert i in now or i not in short or left == 0
    c = lt.run("check", "--data", d)
    assert c.returncode == 0, f"check: {c.stderr[:300]}"


@test
def test_record_against_the_committed_plan(name, tmp):
    d, path, pl, before = committed(tmp)
    heat = next(h for h in pl["heats"] if h["heat"] == "H01")
    planned = {c["id"]: c["mass_kg"] for c in heat["charge"]}
    w = weighed_charge(pl, d)
    stock = lt.materials(d)
    p = record(d, tmp, "H01", w, extra=("--tapped-kg", "24100", "--plan", path))
    assert p.returncode == 0, f"record: {p.stderr[:300]}"
    rows = [r for r in lt.read_csv(os.path.join(d, "ledger.csv"))
            if r["kind"] in ("record", "return", "short", "surplus")]
    want = {}
    for i in set(w) | set(planned):
        diff = w.get(i, 0) - planned.get(i, 0)
        if diff:
            kind = ("record" if diff > 0 else "return") if i in stock else \
                "surplus" if diff > 0 else "short"
            want[i] = (kind, round(abs(diff), 6))
    got = {r["id"]: (r["kind"], round(float(r["mass_kg"]), 6)) for r in rows}
    assert got == want, f"ledger rows {got} != {want}"
    assert sorted(k for k, _ in want.values()) == ["record", "record", "return", "short",
                                                   "surplus"], want
    assert all(r["remaining_kg"] == "0" for r in rows if r["kind"] in ("short", "surplus"))
    assert all(r["plan"] == pl["plan_id"] and r["heat"] == "H01" for r in rows)
    now = lt.materials(d)
    for i, (kind, kg) in want.items():
        if kind in ("short", "surplus") or math.isinf(stock[i]["mass"]):
            continue
        sign = 1 if kind == "record" else -1
        assert abs(now[i]["mass"] - (stock[i]["mass"] - sign * kg)) <= 1e-6, f"{i} stock"
    check_balance(d, before)
    res = lt.read_csv(os.path.join(d, "heat_results.csv"))
    assert [r["element"] for r in res] == ["Si", "Fe", "Mg", "Cu"], res
    risk = heat["risk"]["elements"]
    metal = sum(kg * before[i]["yld"] for i, kg in w.items())
    for r in res:
        sparks = [v for e, v in ANALYSIS if e == r["element"]]
        assert abs(float(r["wt_pct"]) - statistics.fmean(sparks)) <= 1e-12, r
        assert int(r["sparks"]) == len(sparks)
        if len(sparks) > 1:
            assert abs(float(r["spark_sd"]) - statistics.stdev(sparks)) <= 1e-12
        else:
            assert r["spark_sd"] == ""
        assert float(r["planned_pct"]) == risk[r["element"]]["mean"]
        assert float(r["planned_sd"]) == risk[r["element"]]["sd"]
        assert r["plan"] == pl["plan_id"] and r["grade"] == "6063" and r["heat"] == "H01"
        assert float(r["tapped_kg"]) == 24100
        assert abs(float(r["charged_kg"]) - sum(w.values())) <= 1e-6
        assert abs(float(r["metal_kg"]) - metal) <= 1e-6, f"metal {r['metal_kg']} {metal}"
    again = snap(d)
    p = record(d, tmp, "H01", w)
    assert p.returncode == 1 and "already recorded" in p.stderr, p.stderr
    assert POSITION.search(p.stderr), p.stderr
    assert snap(d) == again, "a refused second record changed files"
    report(name, True)


@test
def test_record_without_a_plan_books_directly(name, tmp):
    d = lt.fresh(tmp, "plant")
    before = lt.materials(d)
    lots = [i for i, m in before.items() if m["kind"] == "lot"][:3]
    w = {lots[0]: 500.0, lots[1]: before[lots[1]]["mass"], lots[2]: 12.5, "P1020": 800.0}
    p = record(d, tmp, "X7", w, extra=("--grade", "6063", "--tapped-kg", "1290"))
    assert p.returncode == 0, f"record: {p.stderr[:300]}"
    rows = lt.read_csv(os.path.join(d, "ledger.csv"))
    got = sorted((r["id"], r["kind"], float(r["mass_kg"]), r["plan"]) for r in rows)
    assert got == sorted((i, "record", kg, "") for i, kg in w.items()), got
    now = lt.materials(d)
    assert lots[1] not in now, "a lot charged whole stays in lots.csv"
    check_balance(d, before)
    res = lt.read_csv(os.path.join(d, "heat_results.csv"))
    assert {r["plan"] for r in res} == {""} and {r["grade"] for r in res} == {"6063"}
    assert all(r["planned_pct"] == "" for r in res)
    p = record(d, tmp, "X7", {lots[0]: 1.0})
    assert p.returncode == 1 and "already recorded" in p.stderr, p.stderr
    report(name, True)


def refused(d, tmp, why, heat, charge, analysis=ANALYSIS, extra=(), text=""):
    s = snap(d)
    p = record(d, tmp, heat, charge, analysis, extra)
    assert p.returncode == 1, f"{why}: exit {p.returncode} {p.stdout[:200]}"
    assert text in p.stderr, f"{why}: {p.stderr[:300]}"
    assert snap(d) == s, f"{why}: files changed"
    return p.stderr


@test
def test_bad_inputs_change_nothing(name, tmp):
    d, path, pl, before = committed(tmp)
    w = weighed_charge(pl, d)
    stock = lt.materials(d)
    planned = {c["id"] for h in pl["heats"] if h["heat"] == "H01" for c in h["charge"]}
    lot = next(i for i in w if i in stock and i not in planned and
               not math.isinf(stock[i]["mass"]))
    cases = [
        ("unknown id", "H01", {**w, "NOPE": 5.0}, ANALYSIS, (), "NOPE"),
        ("more than the stock", "H01", {**w, lot: stock[lot]["mass"] + 0.01}, ANALYSIS,
         (), "only"),
        ("wt_pct above 100", "H01", w, [("Si", 101)], (), "wt_pct"),
        ("negative wt_pct", "H01", w, [("Fe", -0.1)], (), "wt_pct"),
        ("wt_pct nan", "H01", w, [("Fe", "nan")], (), "wt_pct"),
        ("element case", "H01", w, [("si", 0.4)], (), "did you mean \"Si\""),
        ("not an element", "H01", w, [("Qx", 0.4)], (), "not an element"),
        ("sum above 100", "H01", w, [("Si", 60), ("Fe", 45)], (), "more than 100"),
        ("negative kg", "H01", {**w, lot: -5}, ANALYSIS, (), "mass_kg"),
        ("another plan's id", "H01", w, ANALYSIS, ("--plan", path), ""),
        ("unknown grade", "H01", w, ANALYSIS, ("--grade", "9999"), "not a grade"),
    ]
    for why, heat, ch, an, extra, text in cases:
        if why == "another plan's id":
            other = dict(pl, plan_id="0" * 32)
            json.dump(other, open(os.path.join(tmp, "other.json"), "w"))
            extra = ("--plan", os.path.join(tmp, "other.json"))
            text = "not by plan"
        err = refused(d, tmp, why, heat, ch, an, extra, text)
        if why not in ("another plan's id", "unknown grade", "sum above 100"):
            assert POSITION.search(err), f"{why}: no file:line:column in {err[:200]}"
    # the charge file: a missing column, an empty charge
    s = snap(d)
    write_csv(os.path.join(tmp, "c2.csv"), ["id", "kg"], [("L001", 5)])
    p = lt.run("record", "--data", d, "--heat", "H01", "--charged",
               os.path.join(tmp, "c2.csv"), "--analysis", os.path.join(tmp, "analysis.csv"))
    assert p.returncode == 1 and "mass_kg" in p.stderr and snap(d) == s, p.stderr
    p = lt.run("record", "--data", d, "--heat", "H01")
    assert p.returncode == 1 and snap(d) == s, "usage"
    # a plan not committed: --plan of a plan of this plant that was never booked
    d2 = lt.fresh(tmp, "plant2")
    err = refused(d2, tmp, "plan not committed", "H01", {"L001": 5.0},
                  extra=("--plan", path), text="commit it first")
    report(name, True)


@test
def test_sigkill_at_every_step(name, tmp):
    d0, path, pl, before = committed(tmp)
    w = weighed_charge(pl, d0)
    start = snap(d0)
    ref = lt.fresh(tmp, "ref", d0)
    p = record(ref, tmp, "H01", w, extra=("--tapped-kg", "24100", "--plan", path))
    assert p.returncode == 0, p.stderr
    want = {n: no_time(b) for n, b in snap(ref).items()}
    states, step = [], 0
    while True:
        step += 1
        d = os.path.join(tmp, "k")
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(d0, d)
        p = record(d, tmp, "H01", w, extra=("--tapped-kg", "24100", "--plan", path),
                   env={"REMELT_COMMIT_KILL_AT": str(step)})
        if p.returncode == 0:
            break
        assert p.returncode == -signal.SIGKILL, f"step {step}: exit {p.returncode} {p.stderr}"
        if os.path.exists(os.path.join(d, ".remelt.journal")):
            for rstep in range(1, 14):  # kill the recovery too, at each of its steps
                r = lt.run("commit", "--data", d, "--recover",
                           env={"REMELT_COMMIT_KILL_AT": str(rstep)})
                if r.returncode == 0:
                    break
                assert r.returncode == -signal.SIGKILL, f"recovery step {rstep}"
        c = lt.run("check", "--data", d)
        assert c.returncode == 0, f"check after a kill at step {step}: {c.stderr[:300]}"
        assert not [n for n in os.listdir(d) if ".commit" in n or "journal" in n]
        got = snap(d)
        if got == start:
            states.append("n")
        else:
            assert {n: no_time(b) for n, b in got.items()} == want, \
                f"step {step}: neither before nor after the record"
            states.append("a")
        check_balance(d, before)
        again = record(d, tmp, "H01", w, extra=("--tapped-kg", "24100", "--plan", path))
        assert again.returncode == (0 if states[-1] == "n" else 1), \
            f"record again after '{states[-1]}': {again.returncode} {again.stderr[:200]}"
        assert {n: no_time(b) for n, b in snap(d).items()} == want, f"step {step}: final"
        assert step < 100, "the record never finished"
    assert step > 10 and "n" in states and "a" in states, f"{step} steps: {states}"
    report(name, True)
    print(f"  killed at each of {step - 1} steps: {''.join(states)} "
          f"(n = rolled back, a = rolled forward)")


@test
def test_report_plan_against_actual(name, tmp):
    d, path, pl, before = committed(tmp)
    w1 = weighed_charge(pl, d, "H01")
    assert record(d, tmp, "H01", w1, extra=("--tapped-kg", "24100", "--plan", path)).returncode == 0
    h2 = next(h for h in pl["heats"] if h["heat"] == "H02")
    w2 = {c["id"]: c["mass_kg"] for c in h2["charge"]}
    # H02 analyses exactly what was planned, but for Fe 1.5 sd high: inside at 95%
    r2 = h2["risk"]["elements"]
    an2 = [(e, v["mean"] + (1.5 * v["sd"] if e == "Fe" else 0)) for e, v in r2.items()
           if e in ("Si", "Fe", "Mg")]
    assert record(d, tmp, "H02", w2, an2, ("--plan", path)).returncode == 0
    stock = lt.materials(d)
    lot = next(i for i, m in stock.items() if m["kind"] == "lot")
    assert record(d, tmp, "X9", {lot: 100.0}, [("Si", 0.5)],
                  ("--grade", "6063", "--tapped-kg", "95")).returncode == 0
    p = lt.run("report", "actual", "--data", d, "--format", "json")
    assert p.returncode == 0, p.stderr
    rep = json.loads(p.stdout)
    z = statistics.NormalDist().inv_cdf(0.975)
    assert abs(rep["z"] - z) <= 1e-9 and rep["level"] == 0.95
    assert [h["heat"] for h in rep["heats"]] == ["H01", "H02", "X9"]
    plans = {h["heat"]: h for h in pl["heats"]}
    for h, w, an in ((rep["heats"][0], w1, ANALYSIS), (rep["heats"][1], w2, an2),
                     (rep["heats"][2], {lot: 100.0}, [("Si", 0.5)])):
        planned = ({c["id"]: c["mass_kg"] for c in plans[h["heat"]]["charge"]}
                   if h["heat"] in plans else {})
        got = {m["id"]: (round(m["planned_kg"], 6), round(m["charged_kg"], 6))
               for m in h["materials"]}
        want = {i: (round(planned.get(i, 0), 6), round(w.get(i, 0), 6))
                for i in set(planned) | set(w)}
        assert got == want, f"{h['heat']}: materials {got} != {want}"
        assert abs(h["planned_kg"] - sum(planned.values())) <= 1e-6
        assert abs(h["charged_kg"] - sum(w.values())) <= 1e-6
        flags = []
        for e in dict(an):
            sparks = [v for x, v in an if x == e]
            x = h["elements"][e]
            if h["heat"] not in plans:
                assert x["planned"] is None and x["low"] is None and not x["outside"]
                continue
            risk = plans[h["heat"]]["risk"]["elements"][e]
            sd2 = risk["sd"] ** 2 + (statistics.stdev(sparks) ** 2 / len(sparks)
                                     if len(sparks) > 1 else 0)
            mean = statistics.fmean(sparks)
            assert abs(x["low"] - (risk["mean"] - z * math.sqrt(sd2))) <= 1e-9
            assert abs(x["high"] - (risk["mean"] + z * math.sqrt(sd2))) <= 1e-9
            out = abs(mean - risk["mean"]) > z * math.sqrt(sd2)
            assert x["outside"] == out, f"{h['heat']} {e}: {x}"
            flags += [e] if out else []
        assert h["outside"] == flags, f"{h['heat']}: {h['outside']} != {flags}"
    assert rep["heats"][0]["outside"] and not rep["heats"][1]["outside"]
    assert rep["flagged"] == 1
    metal = sum(kg * before[i]["yld"] for i, kg in w1.items())
    h = rep["heats"][0]
    assert abs(h["real_yield"] - 24100 / sum(w1.values())) <= 1e-12
    assert abs(h["assumed_yield"] - metal / sum(w1.values())) <= 1e-12
    assert rep["heats"][1]["real_yield"] is None
    t = lt.run("report", "actual", "--data", d)
    assert t.returncode == 0 and t.stdout.count("FLAG:") == 1, t.stdout[-400:]
    assert "3 heats recorded, 1 flagged" in t.stdout, t.stdout[-200:]
    one = lt.run("report", "actual", "--data", d, "--heat", "X9", "--format", "json")
    assert [x["heat"] for x in json.loads(one.stdout)["heats"]] == ["X9"]
    bad = lt.run("report", "actual", "--data", d, "--heat", "NONE")
    assert bad.returncode == 1 and "never recorded" in bad.stderr
    report(name, True)


@test
def test_used_up_rows_move_to_the_archive(name, tmp):
    d = lt.fresh(tmp, "plant")
    raw = open(os.path.join(d, "lots.csv"), "rb").read().decode()
    lines = raw.splitlines(keepends=True)
    by_id = {ln.split(",", 1)[0]: ln for ln in lines[1:]}
    pl = lt.plan(d)
    path = os.path.join(tmp, "plan.json")
    json.dump(pl, open(path, "w"))
    assert lt.run("commit", "--data", d, path).returncode == 0
    left = {r["id"] for r in lt.read_csv(os.path.join(d, "lots.csv"))}
    gone = [i for i in by_id if i not in left]
    arch = open(os.path.join(d, "lots_used.csv"), "rb").read().decode()
    want = lines[0] + "".join(by_id[i] for i in gone)
    assert gone and arch == want, f"archive differs: {len(gone)} rows gone"
    # a record that uses up another lot appends it; one already there is not doubled
    now = lt.materials(d)
    lot = next(i for i, m in now.items() if m["kind"] == "lot")
    row = next(ln for ln in open(os.path.join(d, "lots.csv"), newline="").readlines()
               if ln.startswith(lot + ","))
    assert record(d, tmp, "Z1", {lot: now[lot]["mass"]}, [("Si", 0.5)],
                  ("--grade", "6063")).returncode == 0
    arch2 = open(os.path.join(d, "lots_used.csv"), "rb").read().decode()
    assert arch2 == want + row, "the record's used-up lot is appended, as it was in lots.csv"
    c = lt.run("check", "--data", d)
    assert c.returncode == 0 and "1 heats recorded, 0 of them against a committed plan" in \
        c.stdout, c.stdout[-300:]
    assert f"lots_used.csv: {len(gone) + 1} used-up lots and additives kept" in c.stdout
    # check reads the archive as it reads lots.csv: an empty id is reported at its cell
    lines = arch2.splitlines(keepends=True)
    lines[1] = lines[1][lines[1].index(","):]
    open(os.path.join(d, "lots_used.csv"), "w").write("".join(lines))
    c = lt.run("check", "--data", d)
    assert c.returncode == 1 and "lots_used.csv:2:1:" in c.stderr, c.stderr
    report(name, True)


@test
def test_a_plan_made_before_a_record_still_commits(name, tmp):
    d, path, pl, before = committed(tmp)
    # the ledger's times have whole seconds: the next plan is made in the next second, as a
    # real next day's is, so that the commit's own rows are not counted as booked since
    time.sleep(1.02 - time.time() % 1.0)
    with open(os.path.join(d, "heats.csv"), "w") as f:  # the next day
        f.write("heat,grade,mass_kg\nD2H1,6063,9000\nD2H2,6063,8000\n")
    pl2 = lt.plan(d)
    path2 = os.path.join(tmp, "plan2.json")
    json.dump(pl2, open(path2, "w"))
    used2 = {c["id"] for h in pl2["heats"] for c in h["charge"]}
    h1 = {c["id"]: c["mass_kg"] for h in pl["heats"] if h["heat"] == "H01" for c in h["charge"]}
    stock = lt.materials(d)
    back = next((i for i in h1 if i in stock and i in used2), None) or \
        next(i for i in h1 if i in stock)
    w = dict(h1)
    w[back] -= 100
    assert record(d, tmp, "H01", w, extra=("--plan", path)).returncode == 0
    p = lt.run("commit", "--data", d, path2)
    assert p.returncode == 0, f"commit after a record with a return: {p.stderr[:300]}"
    check_balance(d, before)
    report(name, True)
    print(f"  returned 100 kg of {back} ({'used' if back in used2 else 'not used'} by the "
          f"next day's plan) between plan and commit")


@test
def test_as_booked(name, tmp):
    d, path, pl, before = committed(tmp)
    write_csv(os.path.join(tmp, "analysis.csv"), ["element", "wt_pct"], ANALYSIS)
    rows0 = len(lt.read_csv(os.path.join(d, "ledger.csv")))
    stock0 = snap(d)["lots.csv"]
    p = lt.run("record", "--data", d, "--heat", "H02", "--as-booked", "--analysis",
               os.path.join(tmp, "analysis.csv"), "--plan", path)
    assert p.returncode == 0, p.stderr
    assert len(lt.read_csv(os.path.join(d, "ledger.csv"))) == rows0, "nothing differs"
    assert snap(d)["lots.csv"] == stock0
    h2 = next(h for h in pl["heats"] if h["heat"] == "H02")
    res = lt.read_csv(os.path.join(d, "heat_results.csv"))
    assert abs(float(res[0]["charged_kg"]) - sum(c["mass_kg"] for c in h2["charge"])) <= 1e-6
    check_balance(d, before)
    s = snap(d)
    p = lt.run("record", "--data", d, "--heat", "NOPLAN", "--as-booked", "--grade", "6063",
               "--analysis", os.path.join(tmp, "analysis.csv"))
    assert p.returncode == 1 and "nothing to record as booked" in p.stderr and snap(d) == s
    p = lt.run("record", "--data", d, "--heat", "H03", "--analysis",
               os.path.join(tmp, "analysis.csv"))
    assert p.returncode == 1 and "--charged or --as-booked" in p.stderr and snap(d) == s
    # as booked but for what was weighed: one lot 100 kg lighter (back to stock), one booked
    # lot not charged at all (0 kg), 60 kg of MG999 added; the rest exactly as booked
    h3 = {c["id"]: c["mass_kg"] for h in pl["heats"] if h["heat"] == "H03" for c in h["charge"]}
    stock = lt.materials(d)
    light, none_ = [i for i in h3 if i in stock and not math.isinf(stock[i]["mass"])][:2]
    write_csv(os.path.join(tmp, "weighed.csv"), ["id", "mass_kg"],
              [(light, repr(h3[light] - 100)), (none_, "0"), ("MG999", "60")])
    p = lt.run("record", "--data", d, "--heat", "H03", "--as-booked", "--charged",
               os.path.join(tmp, "weighed.csv"), "--analysis", os.path.join(tmp, "analysis.csv"))
    assert p.returncode == 0, p.stderr
    rows = [(r["id"], r["kind"], round(float(r["mass_kg"]), 6))
            for r in lt.read_csv(os.path.join(d, "ledger.csv")) if r["heat"] == "H03"
            and r["kind"] in ("record", "return", "short", "surplus")]
    want = [(light, "return", 100.0), (none_, "return", round(h3[none_], 6)),
            ("MG999", "record", 60.0 - h3.get("MG999", 0))]
    assert sorted(rows) == sorted(want), (rows, want)
    res = [r for r in lt.read_csv(os.path.join(d, "heat_results.csv")) if r["heat"] == "H03"]
    assert abs(float(res[0]["charged_kg"]) - (sum(h3.values()) - 100 - h3[none_] + 60
                                              - h3.get("MG999", 0))) <= 1e-6
    check_balance(d, before)
    report(name, True)


@test
def test_check_refuses_a_bad_heat_results(name, tmp):
    d = lt.fresh(tmp, "plant")
    lots = [i for i, m in lt.materials(d).items() if m["kind"] == "lot"]
    assert record(d, tmp, "Z1", {lots[0]: 10.0}, [("Si", 0.5)], ("--grade", "6063")).returncode == 0
    res = os.path.join(d, "heat_results.csv")
    text = open(res).read()
    open(res, "w").write(text.replace(",Si,0.5,", ",Si,abc,"))
    c = lt.run("check", "--data", d)
    assert c.returncode == 1 and POSITION.search(c.stderr) and "wt_pct" in c.stderr, c.stderr
    open(res, "w").write(text.replace(",Si,0.5,", ",Xy,0.5,"))
    c = lt.run("check", "--data", d)
    assert c.returncode == 1 and "not an element" in c.stderr, c.stderr
    report(name, True)


@test
def test_a_reused_id_is_the_old_lot_for_old_heats(name, tmp):
    """Lot G is used up by H01's booking; a new delivery then arrives under the same id (a
    lots.csv row with other values, and the ledger's adjust row a TUI save writes). H01 is
    then recorded with G weighed 40 kg over its booking: that is the old lot's surplus (the
    new lot's 1,000 kg stay), and estimate reads H01's G from lots_used.csv (its Si), while the
    new G enters no heat and keeps its prior. Before: the 40 kg came out of the new lot
    ("record" row, 960 kg left) and H01 was read against the new lot's Si 9.5."""
    d, path, pl, before = committed(tmp)
    planned = {c["id"]: c["mass_kg"] for h in pl["heats"] if h["heat"] == "H01"
               for c in h["charge"]}
    after = lt.materials(d)
    g = next(i for i in planned if i not in after and planned[i] > 100)
    old = next(r for r in lt.read_csv(os.path.join(d, "lots_used.csv")) if r["id"] == g)
    with open(os.path.join(d, "lots.csv"), newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    new = [old.get(c, "") for c in head]
    new[head.index("mass_kg")] = "1000"
    new[head.index("Si")] = "9.5"
    with open(os.path.join(d, "lots.csv"), "a", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(new)
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with open(os.path.join(d, "ledger.csv"), "a") as f:
        f.write(f"{when},,,{g},1000,adjust,1000,,,\n")
    c = lt.run("check", "--data", d)
    assert c.returncode == 0, f"check after the delivery: {c.stderr[:300]}"
    w = dict(planned)
    w[g] += 40
    p = record(d, tmp, "H01", w, extra=("--plan", path))
    assert p.returncode == 0, f"record: {p.stderr[:300]}"
    got = [(r["kind"], float(r["mass_kg"]), r["remaining_kg"])
           for r in lt.read_csv(os.path.join(d, "ledger.csv"))
           if r["id"] == g and r["heat"] == "H01" and r["kind"] != "lot"]
    assert got == [("surplus", 40.0, "0")], got
    assert lt.materials(d)[g]["mass"] == 1000, "the new lot's stock moved"
    c = lt.run("check", "--data", d)
    assert c.returncode == 0, f"check after the record: {c.stderr[:300]}"
    p = lt.run("estimate", "--data", d, "--format", "json")
    assert p.returncode == 0, p.stderr
    est = [x for x in json.loads(p.stdout)["lots"] if x["id"] == g]
    assert len(est) == 2, est
    fresh_g = next(x for x in est if x["in_stock"])
    used_g = next(x for x in est if not x["in_stock"])
    assert fresh_g["heats"] == [] and fresh_g["elements"]["Si"]["prior_mean"] == 9.5
    assert fresh_g["elements"]["Si"]["mean"] == 9.5
    assert used_g["heats"] == ["H01"], used_g["heats"]
    assert used_g["elements"]["Si"]["prior_mean"] == float(old["Si"]), used_g
    report(name, True)


@test
def test_a_sequenced_heat_sits_on_the_heat_before(name, tmp):
    """tests/data/seq_heel (issue 19): H2 sits on 1,000 kg of the bath H1 leaves. Recording H2
    before H1 is refused with nothing changed; once H1 is recorded (Si 5.2), H2's heel row
    carries H1's analysed Si and the heat's heel kg, not the furnace's heel (Si 0)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    d = os.path.join(tmp, "seq")
    shutil.copytree(os.path.join(root, "tests", "data", "seq_heel"), d)
    text = refused(d, tmp, "H2 before H1", "H2", {"A": 100.0, "B": 900.0}, [("Si", 3.1)],
                   text="record H1 first")
    assert "heats.csv" in text, text
    p = record(d, tmp, "H1", {"A": 1000.0}, [("Si", 5.2), ("Si", 5.4)])
    assert p.returncode == 0, p.stderr
    p = record(d, tmp, "H2", {"A": 100.0, "B": 900.0}, [("Si", 3.1)])
    assert p.returncode == 0, p.stderr
    rows = {r["heat"]: r for r in lt.read_csv(os.path.join(d, "heat_results.csv"))}
    assert float(rows["H1"]["heel_pct"]) == 0 and float(rows["H1"]["heel_kg"]) == 1000, rows["H1"]
    assert abs(float(rows["H2"]["heel_pct"]) - 5.3) < 1e-12, rows["H2"]
    assert float(rows["H2"]["heel_kg"]) == 1000, rows["H2"]
    report(name, True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", action="append", default=[])
    args = ap.parse_args()
    if not os.access(lt.REMELT, os.X_OK):
        print(f"FAIL record setup: {lt.REMELT} is not an executable (make first)")
        sys.exit(1)
    for fn in TESTS:
        name = fn.__name__.replace("test_", "", 1).replace("_", "-")
        if args.k and not any(k in name for k in args.k):
            continue
        tmp = tempfile.mkdtemp()
        try:
            fn(name, tmp)
        except AssertionError as exc:
            report(name, False, str(exc)[:600])
        except Exception as exc:  # a crash of the test is a failure too
            report(name, False, f"{type(exc).__name__}: {exc}"[:600])
        finally:
            shutil.rmtree(tmp)
    print(f"record: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
