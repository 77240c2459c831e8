#!/usr/bin/env python3
"""Issue 18: `remelt estimate` on a simulated plant whose true compositions this test knows.

The plant: 40 lots of three elements. Each lot's true composition is drawn; lots.csv gets a
stated value drawn around the truth with the lot's stated sd (its sd_<El> cells), 36 of them
go into 40 heats (5 lots each, recorded with `remelt record`, no plan, no furnace), and each
heat's analysis is the yield-weighted mix of the truths plus spectrometer error of the model
(one spark: sqrt((0.02 y)^2 + 0.002^2) wt%). Then:
  - estimate's posterior equals an independent generalised least-squares solve written here
    (batch normal equations, Gaussian elimination; estimate runs a sequential Kalman update);
  - its error against the truth is well below the prior's;
  - its 95% intervals cover the truth about 95% of the time;
  - the four lots that entered no heat keep their prior exactly;
  - with predicted lots drawn at twice their stated sd and nominal ones at their stated sd,
    the calibrated factor of predicted is about 2 and of nominal about 1.

usage: REMELT=./remelt python3 tests/estimate_tests.py
Output: "PASS estimate NAME" / "FAIL estimate NAME: why", then "estimate: P passed, F failed".
"""

import csv
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REMELT = os.environ.get("REMELT", os.path.join(os.path.dirname(HERE), "remelt"))
ELS = ("Si", "Fe", "Cu")
RANGE = {"Si": (0.3, 1.2), "Fe": (0.1, 0.5), "Cu": (0.02, 0.3)}
REL, ABS = 0.02, 0.002  # the spectrometer model of estimate's defaults
NLOTS, NUSED, NHEATS, PER_HEAT = 40, 36, 40, 5
passed = failed = 0


def report(name, ok, why=""):
    global passed, failed
    passed += ok
    failed += not ok
    print(f"PASS estimate {name}" if ok else f"FAIL estimate {name}: {why}", flush=True)


def run(*args):
    p = subprocess.run([REMELT, *args], capture_output=True, text=True, timeout=300)
    for m in ("AddressSanitizer", "runtime error:", "LeakSanitizer"):
        assert m not in p.stderr, f"sanitizer report: {p.stderr[:400]}"
    return p


def simulate(d, seed, spread):
    """Writes the plant and records its heats; returns (truth, stated, sd, yields, heats).
    spread: source -> how many stated sds the stated values really are off."""
    rng = random.Random(seed)
    os.makedirs(d)
    truth, stated, sd, yields, source = {}, {}, {}, {}, {}
    for k in range(NLOTS):
        lid = f"L{k + 1:02d}"
        source[lid] = "predicted" if k % 2 == 0 else "nominal"
        yields[lid] = round(rng.uniform(0.85, 0.98), 3)
        truth[lid], stated[lid], sd[lid] = {}, {}, {}
        for e in ELS:
            t = rng.uniform(*RANGE[e])
            s = 0.15 * t  # the lot's stated sd, written in its sd_<El> cell
            while True:  # a value below 0 cannot be stated; redraw (rare)
                v = t + spread[source[lid]] * s * rng.gauss(0, 1)
                if v > 0:
                    break
            truth[lid][e], stated[lid][e], sd[lid][e] = t, round(v, 6), round(s, 6)
    with open(os.path.join(d, "lots.csv"), "w") as f:
        f.write("id,source,mass_kg,price_per_kg,yield," + ",".join(ELS) + "," +
                ",".join("sd_" + e for e in ELS) + "\n")
        for lid in truth:
            f.write(f"{lid},{source[lid]},1000000,100,{yields[lid]}," +
                    ",".join(repr(stated[lid][e]) for e in ELS) + "," +
                    ",".join(repr(sd[lid][e]) for e in ELS) + "\n")
    with open(os.path.join(d, "grades.csv"), "w") as f:
        f.write("grade,element,min,max\nSCRAPMIX,Si,,5\n")
    used = list(truth)[:NUSED]
    heats = []
    for h in range(NHEATS):
        lots = rng.sample(used, PER_HEAT)
        kg = {lid: round(rng.uniform(500, 3000), 1) for lid in lots}
        metal = sum(yields[i] * kg[i] for i in lots)
        sparks = 1 + h % 2
        analysis = []
        for e in ELS:
            y = sum(yields[i] * kg[i] * truth[i][e] for i in lots) / metal
            sigma = math.sqrt((REL * y) ** 2 + ABS ** 2)
            analysis += [(e, round(y + rng.gauss(0, sigma), 6)) for _ in range(sparks)]
        hid = f"S{h + 1:02d}"
        with open(os.path.join(d, "..", "c.csv"), "w") as f:
            f.write("id,mass_kg\n" + "".join(f"{i},{kg[i]}\n" for i in lots))
        with open(os.path.join(d, "..", "a.csv"), "w") as f:
            f.write("element,wt_pct\n" + "".join(f"{e},{v}\n" for e, v in analysis))
        p = run("record", "--data", d, "--heat", hid, "--grade", "SCRAPMIX",
                "--charged", os.path.join(d, "..", "c.csv"),
                "--analysis", os.path.join(d, "..", "a.csv"))
        assert p.returncode == 0, f"record {hid}: {p.stderr[:300]}"
        heats.append((hid, kg, analysis))
    return truth, stated, sd, yields, heats


def solve(a, b):
    """x with a x = b, Gaussian elimination with partial pivoting (a small dense system)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def gls(stated, sd, yields, heats, e):
    """Posterior mean and sd of element e of every lot that entered a heat: the normal
    equations (S0^-1 + A' R^-1 A) c = S0^-1 mu0 + A' R^-1 y, solved in one batch."""
    lots = sorted({i for _, kg, _ in heats for i in kg})
    ix = {lid: k for k, lid in enumerate(lots)}
    n = len(lots)
    prec = [[0.0] * n for _ in range(n)]
    rhs = [0.0] * n
    for lid in lots:
        k = ix[lid]
        prec[k][k] = 1 / sd[lid][e] ** 2
        rhs[k] = stated[lid][e] / sd[lid][e] ** 2
    for _, kg, analysis in heats:
        metal = sum(yields[i] * kg[i] for i in kg)
        sparks = [v for x, v in analysis if x == e]
        y = sum(sparks) / len(sparks)
        r = ((REL * y) ** 2 + ABS ** 2) / len(sparks)
        row = {ix[i]: yields[i] * kg[i] / metal for i in kg}
        for j, aj in row.items():
            rhs[j] += aj * y / r
            for k, ak in row.items():
                prec[j][k] += aj * ak / r
    mean = solve(prec, rhs)
    var = [solve(prec, [1.0 if r == k else 0.0 for r in range(n)])[k] for k in range(n)]
    return {lid: (mean[ix[lid]], math.sqrt(var[ix[lid]])) for lid in lots}


def estimate(d):
    p = run("estimate", "--data", d, "--format", "json")
    assert p.returncode == 0, f"estimate: {p.stderr[:300]}"
    return json.loads(p.stdout)


def test_known_truth(tmp):
    d = os.path.join(tmp, "plant")
    truth, stated, sd, yields, heats = simulate(d, 1801, {"predicted": 1, "nominal": 1})
    est = estimate(d)
    assert est["heats_used"] == NHEATS and est["heats_skipped"] == 0, est["heats_used"]
    lots = {x["id"]: x for x in est["lots"]}
    assert set(lots) == set(truth), "every lot is listed"
    worst = 0
    for e in ELS:
        ref = gls(stated, sd, yields, heats, e)
        for lid, (m, s) in ref.items():
            x = lots[lid]["elements"][e]
            worst = max(worst, abs(x["mean"] - m), abs(x["sd"] - s))
    assert worst <= 1e-9, f"estimate and the batch GLS differ by {worst:.3g} wt%"
    report("gls-equals-batch-solve", True)
    print(f"  {NUSED} lots x {len(ELS)} elements, largest difference {worst:.2g} wt%")
    entered = {lid for _, kg, _ in heats for lid in kg}
    for lid, x in lots.items():
        want = [h for h, kg, _ in heats if lid in kg]
        assert x["heats"] == want, f"{lid}: heats {x['heats']} != {want}"
    prior_se = post_se = 0.0
    inside = n = 0
    for lid in entered:
        for e in ELS:
            x = lots[lid]["elements"][e]
            assert x["prior_mean"] == stated[lid][e] and x["prior_sd"] == sd[lid][e]
            prior_se += (x["prior_mean"] - truth[lid][e]) ** 2
            post_se += (x["mean"] - truth[lid][e]) ** 2
            inside += abs(x["mean"] - truth[lid][e]) <= 1.959964 * x["sd"]
            n += 1
    ratio = math.sqrt(post_se / prior_se)
    cover = inside / n
    assert ratio < 0.6, f"posterior rms error {ratio:.2f} of the prior's"
    assert 0.88 <= cover <= 1.0, f"95% intervals cover {cover:.3f}"
    report("error-falls-and-intervals-cover", True)
    print(f"  rms error against the truth: {ratio:.2f} of the prior's; 95% intervals "
          f"cover {inside}/{n} = {cover:.3f}")
    for lid in set(truth) - entered:
        x = lots[lid]
        assert x["heats"] == [], lid
        for e in ELS:
            v = x["elements"][e]
            assert v["mean"] == v["prior_mean"] == stated[lid][e], lid
            assert v["sd"] == v["prior_sd"] == sd[lid][e], lid
    report("lots-in-no-heat-unchanged", True)
    t = run("estimate", "--data", d)
    assert t.returncode == 0 and f"{NHEATS} recorded heats used" in t.stdout, t.stdout[:200]


def test_calibration(tmp):
    d = os.path.join(tmp, "plant2")
    simulate(d, 1802, {"predicted": 2, "nominal": 1})
    est = estimate(d)
    f = {}
    for s in est["sources"]:
        f.setdefault(s["source"], []).append(s["factor"])
        assert abs(s["calibrated_rel_sd"] - s["factor"] * s["stated_rel_sd"]) <= 1e-12
        assert s["n"] == NUSED // 2, s
    pred = sum(f["predicted"]) / len(f["predicted"])
    nom = sum(f["nominal"]) / len(f["nominal"])
    assert 1.5 <= pred <= 2.8, f"predicted drawn at 2 sd: factor {pred:.2f}"
    assert 0.6 <= nom <= 1.4, f"nominal drawn at 1 sd: factor {nom:.2f}"
    report("source-calibration", True)
    print(f"  calibrated factor: predicted {pred:.2f} (drawn at 2x its sd), nominal {nom:.2f} "
          f"(drawn at 1x)")


def test_bad_inputs(tmp):
    d = os.path.join(tmp, "plant3")
    simulate(d, 1803, {"predicted": 1, "nominal": 1})
    before = {n: open(os.path.join(d, n), "rb").read() for n in sorted(os.listdir(d))}
    for args, text in ((("--spark-rel-sd", "-1"), "must be in"),
                       (("--spark-rel-sd", "0", "--spark-abs-sd", "0"), "without error"),
                       (("--format", "csv"), "text or json"),
                       (("--out", os.path.join(d, "lots.csv")), "would overwrite")):
        p = run("estimate", "--data", d, *args)
        assert p.returncode == 1 and text in p.stderr, f"{args}: {p.returncode} {p.stderr}"
    with open(os.path.join(d, "heat_results.csv"), "a") as f:
        f.write("2026-01-01T00:00:00Z,S99,,SCRAPMIX,,1,1,Si,1e3,,1,,,0,0,1\n")
    p = run("estimate", "--data", d)
    assert p.returncode == 1 and "heat_results.csv:" in p.stderr and "wt_pct" in p.stderr, \
        p.stderr
    after = {n: open(os.path.join(d, n), "rb").read() for n in sorted(os.listdir(d))
             if n != "heat_results.csv"}
    assert all(after[n] == before[n] for n in after), "estimate changed a file"
    report("bad-inputs", True)


def same(a, b):
    """Equal but for cJSON's printing, which keeps 15 digits when they read back within an
    epsilon (the CSV files hold the exact shortest text)."""
    return math.isclose(a, b, rel_tol=1e-14, abs_tol=1e-300)


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_write(tmp):
    d = os.path.join(tmp, "plant4")
    truth, stated, sd, yields, heats = simulate(d, 1804, {"predicted": 1, "nominal": 1})
    lots_path = os.path.join(d, "lots.csv")
    # half the lots give no sd cells: their sd comes from the source's default
    rows = read_rows(lots_path)
    with open(lots_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "source", "mass_kg", "price_per_kg", "yield", *ELS, "sd_Si"])
        for r in rows:
            w.writerow([r[k] for k in ("id", "source", "mass_kg", "price_per_kg", "yield", *ELS)]
                       + [r["sd_Si"] if r["source"] == "predicted" else ""])
    old = open(lots_path).read().splitlines()
    est = estimate(d)
    p = run("estimate", "--data", d, "--write", "--format", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == dict(est, lots=est["lots"]), "--write prints the estimate"
    new = open(lots_path).read().splitlines()
    assert new[0] == old[0] + ",sd_Fe,sd_Cu", new[0]
    byid = {x["id"]: x for x in est["lots"]}
    after = {r["id"]: r for r in read_rows(lots_path)}
    for line_old, line_new, r in zip(old[1:], new[1:], read_rows(lots_path)):
        x = byid[r["id"]]
        if not x["heats"]:
            assert line_new == line_old + ",,", f"{r['id']}: a lot in no heat changed"
            continue
        for k, v in r.items():
            if k in ELS:
                assert same(float(v), x["elements"][k]["mean"]), (r["id"], k)
            elif k.startswith("sd_"):
                assert same(float(v), x["elements"][k[3:]]["sd"]), (r["id"], k)
        cells = line_new.split(",")
        assert ",".join(cells[:5]) == ",".join(line_old.split(",")[:5]), "only value cells"
    log = read_rows(os.path.join(d, "estimates.csv"))
    assert len(log) == NUSED * len(ELS)
    for row in log:
        x = byid[row["id"]]["elements"][row["element"]]
        assert same(float(row["prior_mean"]), x["prior_mean"])
        assert same(float(row["prior_sd"]), x["prior_sd"])
        assert same(float(row["mean"]), x["mean"]) and same(float(row["sd"]), x["sd"])
    led = [r for r in read_rows(os.path.join(d, "ledger.csv")) if r["kind"] == "estimate"]
    assert len(led) == NUSED and all(r["mass_kg"] == "0" for r in led)
    c = run("check", "--data", d)
    assert c.returncode == 0, c.stderr
    again = estimate(d)
    assert again["heats_used"] == 0 and again["heats_absorbed"] == NHEATS, again["heats_used"]
    report("write", True)


def test_undo(tmp):
    d = os.path.join(tmp, "plant6")
    simulate(d, 1806, {"predicted": 1, "nominal": 1})
    names = ("lots.csv", "estimates.csv")
    first = estimate(d)
    before = open(os.path.join(d, "lots.csv"), "rb").read()
    assert run("estimate", "--data", d, "--write").returncode == 0
    written = open(os.path.join(d, "lots.csv"), "rb").read()
    assert written != before
    p = run("estimate", "--data", d, "--undo")
    assert p.returncode == 0 and f"priors of {NUSED * len(ELS)} values of {NUSED} lots" in \
        p.stdout, p.stdout + p.stderr
    # the shortest text of each prior is the text it was written with: the bytes come back
    assert open(os.path.join(d, "lots.csv"), "rb").read() == before, "undo restores the bytes"
    assert open(os.path.join(d, "estimates.csv")).read() == \
        "time,id,element,prior_mean,prior_sd,mean,sd\n", "the undone rows leave the log"
    kinds = [r["kind"] for r in read_rows(os.path.join(d, "ledger.csv"))]
    assert kinds.count("estimate") == NUSED and kinds.count("estimate_undo") == NUSED
    assert run("check", "--data", d).returncode == 0
    again = estimate(d)
    assert again["heats_used"] == NHEATS and again == first, "the heats count again"
    p = run("estimate", "--data", d, "--undo")
    assert p.returncode == 1 and "no estimate --write to undo" in p.stderr, p.stderr
    # a cell changed since the write: the undo is refused and nothing changes
    assert run("estimate", "--data", d, "--write").returncode == 0
    lots = open(os.path.join(d, "lots.csv")).read().splitlines(keepends=True)
    row = lots[1].split(",")
    row[5] = "0.123"  # the first lot's Si, hand-edited
    lots[1] = ",".join(row)
    open(os.path.join(d, "lots.csv"), "w").write("".join(lots))
    keep = {n: open(os.path.join(d, n), "rb").read() for n in names + ("ledger.csv",)}
    p = run("estimate", "--data", d, "--undo")
    assert p.returncode == 1 and "no longer holds" in p.stderr and "lots.csv:2:6:" in p.stderr, \
        p.stderr
    assert {n: open(os.path.join(d, n), "rb").read() for n in keep} == keep
    report("undo", True)


def test_write_survives_sigkill(tmp):
    d0 = os.path.join(tmp, "plant5")
    simulate(d0, 1805, {"predicted": 1, "nominal": 1})
    names = ("lots.csv", "ledger.csv", "estimates.csv")

    def snap(d):
        return {n: open(os.path.join(d, n), "rb").read() if os.path.exists(os.path.join(d, n))
                else None for n in names}
    start = snap(d0)
    ref = os.path.join(tmp, "ref")
    shutil.copytree(d0, ref)
    assert run("estimate", "--data", ref, "--write").returncode == 0
    strip = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    want = {n: strip.sub(b"T", b) for n, b in snap(ref).items()}
    states, step = "", 0
    while True:
        step += 1
        d = os.path.join(tmp, "k")
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(d0, d)
        env = dict(os.environ, REMELT_COMMIT_KILL_AT=str(step))
        p = subprocess.run([REMELT, "estimate", "--data", d, "--write"], capture_output=True,
                           text=True, env=env, timeout=300)
        if p.returncode == 0:
            break
        assert p.returncode == -signal.SIGKILL, f"step {step}: {p.returncode} {p.stderr[:200]}"
        assert run("check", "--data", d).returncode == 0, f"check after step {step}"
        got = snap(d)
        if got == start:
            states += "n"
        else:
            assert {n: strip.sub(b"T", b) for n, b in got.items()} == want, f"step {step}"
            states += "a"
        assert step < 60
    assert "n" in states and "a" in states, states
    report("write-survives-sigkill", True)
    print(f"  killed at each of {step - 1} steps: {states}")


def test_hand_computed(tmp):
    """One lot, one heat, worked by hand.

    Lot L1: Si 1.0 wt%, sd_Si 0.1, yield 0.8. Heat H1 in furnace F (heel 1000 kg of Si
    0.5 wt%, rec_Si 0.9) charges 1250 kg of L1: 1000 kg of metal, a bath of 2000 kg, so
        y = (1000 x 0.5 + 0.9 x 1000 x c) / 2000 = 0.25 + 0.45 c.
    The heat analyses Si 0.75 (one spark): r = (0.02 x 0.75)^2 + 0.002^2 = 0.000229.
    Prior P = 0.01; a = 0.45; s = a^2 P + r = 0.002025 + 0.000229 = 0.002254;
    innovation 0.75 - 0.25 - 0.45 = 0.05; gain aP / s = 0.0045 / 0.002254;
        mean = 1 + 0.05 x 0.0045 / 0.002254 = 1.0998225377107365
        sd   = sqrt(0.01 - 0.0045^2 / 0.002254) = sqrt(0.0010159716060337) = 0.0318743095...
    Lot L2 (Si 2.0, sd 0.2) entered no heat: unchanged. The test also writes the numbers
    the formula gives with Python's floats, which must agree to 1e-12."""
    d = os.path.join(tmp, "hand")
    os.makedirs(d)
    files = {
        "lots.csv": "id,source,mass_kg,price_per_kg,yield,Si,sd_Si\n"
                    "L1,predicted,5000,100,0.8,1.0,0.1\nL2,predicted,5000,100,1,2.0,0.2\n",
        "grades.csv": "grade,element,min,max\nG,Si,,5\n",
        "heats.csv": "heat,grade,mass_kg,furnace\nH1,G,1000,F\n",
        "furnaces.csv": "furnace,capacity_kg,heel_kg,max_materials,Si,rec_Si\nF,5000,1000,,0.5,0.9\n",
    }
    for n, text in files.items():
        open(os.path.join(d, n), "w").write(text)
    open(os.path.join(tmp, "c.csv"), "w").write("id,mass_kg\nL1,1250\n")
    open(os.path.join(tmp, "a.csv"), "w").write("element,wt_pct\nSi,0.75\n")
    p = run("record", "--data", d, "--heat", "H1", "--charged", os.path.join(tmp, "c.csv"),
            "--analysis", os.path.join(tmp, "a.csv"))
    assert p.returncode == 0, p.stderr
    est = estimate(d)
    lots = {x["id"]: x for x in est["lots"]}
    x = lots["L1"]["elements"]["Si"]
    r = (0.02 * 0.75) ** 2 + 0.002 ** 2
    s_ = 0.45 ** 2 * 0.01 + r
    mean, sd = 1 + 0.05 * 0.0045 / s_, math.sqrt(0.01 - 0.0045 ** 2 / s_)
    assert abs(r - 0.000229) <= 1e-15 and abs(s_ - 0.002254) <= 1e-15
    assert abs(mean - 1.0998225377107365) <= 1e-12 and abs(sd - 0.0318743095) <= 1e-9
    assert abs(x["mean"] - mean) <= 1e-12 and abs(x["sd"] - sd) <= 1e-12, x
    assert lots["L1"]["heats"] == ["H1"] and lots["L2"]["heats"] == []
    y = lots["L2"]["elements"]["Si"]
    assert y["mean"] == y["prior_mean"] == 2.0 and y["sd"] == y["prior_sd"] == 0.2
    report("hand-computed-heel-and-recovery", True)


def prior_copy(d, out):
    """The independent side of the value of the estimate: d's files copied to out without
    estimates.csv, lots.csv with each learned cell's sd put back to the first prior of its
    unbroken chain of writes (a cell counts only when it still holds its last write).
    Returns (cells, lots, stale)."""
    os.makedirs(out)
    for n in os.listdir(d):
        if n.endswith(".csv") and n != "estimates.csv":
            shutil.copy(os.path.join(d, n), os.path.join(out, n))
    with open(os.path.join(d, "lots.csv"), newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    where = {r[head.index("id")]: r for r in body}
    chains = {}
    for r in read_rows(os.path.join(d, "estimates.csv")):
        chains.setdefault((r["id"], r["element"]), []).append(r)
    cells, lots, stale = 0, set(), 0
    for (lid, el), ch in chains.items():
        row = where.get(lid)
        if row is None:
            continue
        last = ch[-1]
        now = (float(row[head.index(el)]), float(row[head.index("sd_" + el)] or "nan"))
        if now != (float(last["mean"]), float(last["sd"])):
            stale += 1
            continue
        k = len(ch) - 1
        while k > 0 and (float(ch[k - 1]["mean"]), float(ch[k - 1]["sd"])) == \
                (float(ch[k]["prior_mean"]), float(ch[k]["prior_sd"])):
            k -= 1
        row[head.index("sd_" + el)] = ch[k]["prior_sd"]
        cells += 1
        lots.add(lid)
    with open(os.path.join(out, "lots.csv"), "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return cells, len(lots), stale


def plan_json(d, *extra):
    p = run("plan", "--data", d, "--format", "json", "--samples", "0", *extra)
    assert p.returncode == 0, f"plan {d}: {p.stderr[:300]}"
    return json.loads(p.stdout)


def check_value(d, tmp, want_cells):
    """plan --value-of-analysis's estimate_value against the plan of the independent copy."""
    j = plan_json(d, "--value-of-analysis")
    ev = j["estimate_value"]
    cells, lots, stale = prior_copy(d, os.path.join(tmp, "before"))
    assert (ev["cells"], ev["lots"], ev["stale_cells"]) == (cells, lots, stale) == want_cells, \
        (ev["cells"], ev["lots"], ev["stale_cells"], cells, lots, stale)
    ref = plan_json(os.path.join(tmp, "before"))
    assert ev["status_before"] == "optimal" and "estimate_value" not in ref
    close = lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(b))
    assert close(ev["cost_before"], ref["total_cost"]), (ev["cost_before"], ref["total_cost"])
    assert close(ev["saving"], ref["total_cost"] - j["total_cost"])
    for h, r, x in zip(ev["heats"], ref["heats"], j["heats"]):
        assert h["heat"] == r["heat"] == x["heat"]
        assert close(h["cost_before"], r["cost"]) and close(h["cost"], x["cost"]), (h, r["cost"])
        assert close(h["saving"], r["cost"] - x["cost"])
    return j, ev


def test_value_of_estimate(tmp):
    """tests/data/estimate_value (its README has the arithmetic): L1 learned in two writes
    from sd 0.15 to 0.05, Q in one, L2 changed since, OLD used up. At the defaults the day
    with the sds before costs 82,274 more (the solver's z lies within [z, z + 0.002]: the band
    [82,263, 82,330]; an LP's plan is chance_newton's, exact at z + 1e-6: 82,274 in the text,
    as the formula); per heat H1 27,425 and H2 twice that. The independent copy planned
    without estimates.csv gives the same costs to 1e-9."""
    d = os.path.join(tmp, "ev")
    shutil.copytree(os.path.join(HERE, "data", "estimate_value"), d)
    j, ev = check_value(d, tmp, (2, 2, 1))
    z = 1.6448536269514715

    def day(zz, s):
        return 3 * (400000 - 200 * 260 / (0.4 + s * zz))

    lo = day(z - 0.0005, 0.15) - day(z - 0.0005, 0.05)
    hi = day(z + 0.0025, 0.15) - day(z + 0.0025, 0.05)
    assert abs(day(z, 0.15) - day(z, 0.05) - 82274.3606519174) < 1e-6
    assert 82263 < lo < ev["saving"] < hi < 82331, (lo, ev["saving"], hi)
    h1, h2 = ev["heats"]
    assert abs(h2["saving"] - 2 * h1["saving"]) < 1e-6 * h1["saving"], (h1, h2)
    assert abs(h1["cost_before"] - 319595.26) < 40 and abs(h1["cost"] - 292170.47) < 25
    p = run("plan", "--data", d, "--value-of-analysis", "--samples", "0")
    assert "value of the estimate: 2 sd cells of 2 lots learned from recorded heats " \
        "(1 more changed since: left out); with their sds before, the day would cost 82,274 " \
        "more" in p.stdout and "  H1: 319,595 before, 27,425 saved" in p.stdout, p.stdout
    # price --value-of-estimate: the reference heat of G is the mean of its heats, 1,500 kg,
    # so the saving is 1.5 x 27,424.79 = 41,137.18 (price's cuts stop at 1e-5 sd: exact to
    # cents); the copy with the priors prices its reference heat at base_cost_before
    pj = run("price", "--data", d, "--value-of-estimate", "--format", "json")
    assert pj.returncode == 0, pj.stderr
    pv = json.loads(pj.stdout)["estimate_value"]
    assert (pv["cells"], pv["lots"], pv["stale_cells"]) == (2, 2, 1), pv
    g = pv["grades"][0]
    assert g["grade"] == "G" and g["heat_kg"] == 1500, g
    assert abs(g["base_cost"] - 1.5 * (400000 - 200 * 260 / (0.4 + 0.05 * z))) < 0.05, g
    assert abs(g["saving"] - 1.5 * (day(z, 0.15) - day(z, 0.05)) / 3) < 0.1, g
    ref = json.loads(run("price", "--data", os.path.join(tmp, "before"), "--format",
                         "json").stdout)
    ref_g = ref["grades"][0] if "grades" in ref else ref
    assert abs(ref_g["base_cost"] - g["base_cost_before"]) <= 1e-9 * g["base_cost_before"]
    assert "estimate_value" not in json.loads(
        run("price", "--data", d, "--format", "json").stdout)
    pt = run("price", "--data", d, "--value-of-estimate")
    assert "  G, reference heat 1,500 kg: 438,256 now, 479,393 with the sds before: 41,137 " \
        "saved (27.42 per kg tapped)" in pt.stdout, pt.stdout[-400:]
    # learning that made the day possible: Fe window 0.2-0.4 (internal 0.22-0.38), L1 alone
    # against P. Now (sd 0.05) 120 / (0.4 - 0.05 z) <= x <= 280 / (0.4 + 0.05 z): 377.6 to
    # 580.6 kg, cost 400,000 - 200 x at x = 580.6; before (sd 0.15) x >= 120 / 0.1533 = 782.8
    # but x <= 280 / 0.6467 = 433.0: no plan.
    inf = os.path.join(tmp, "inf")
    shutil.copytree(d, inf)
    open(os.path.join(inf, "grades.csv"), "w").write("grade,element,min,max\nG,Fe,0.2,0.4\n")
    open(os.path.join(inf, "heats.csv"), "w").write("heat,grade,mass_kg\nH1,G,1000\n")
    open(os.path.join(inf, "lots.csv"), "w").write(
        "id,mass_kg,price_per_kg,source,Fe,sd_Fe\nL1,5000,200,predicted,0.5,0.05\n")
    j = plan_json(inf, "--value-of-analysis")
    assert abs(j["total_cost"] - (400000 - 200 * 280 / (0.4 + 0.05 * z))) < 25, j["total_cost"]
    assert j["estimate_value"] == {
        "cells": 1, "lots": 1, "stale_cells": 0, "status_before": "infeasible",
        "cost_before": None, "saving": None,
        "heats": [{"heat": "H1", "cost": j["heats"][0]["cost"], "cost_before": None,
                   "saving": None}]}, j["estimate_value"]
    p = run("plan", "--data", inf, "--value-of-analysis", "--samples", "0")
    assert "value of the estimate: 1 sd cell of 1 lot learned from recorded heats; with " \
        "their sds before, no plan would meet the specs" in p.stdout, p.stdout
    # without --value-of-analysis nothing is solved again; without estimates.csv no section
    assert "estimate_value" not in plan_json(d)
    os.unlink(os.path.join(d, "estimates.csv"))
    assert "estimate_value" not in plan_json(d, "--value-of-analysis")
    # every cell stale: reported, no second solve
    open(os.path.join(d, "estimates.csv"), "w").write(
        "time,id,element,prior_mean,prior_sd,mean,sd\n2026-12-01T10:00:00Z,L1,Fe,0.4,0.1,0.5,0.07\n")
    ev = plan_json(d, "--value-of-analysis")["estimate_value"]
    assert ev == {"cells": 0, "lots": 0, "stale_cells": 1}, ev
    # a bad estimates.csv is refused with its cell
    open(os.path.join(d, "estimates.csv"), "w").write(
        "time,id,element,prior_mean,prior_sd,mean,sd\n2026-12-01T10:00:00Z,L1,Fe,0.4,x,0.5,0.07\n")
    p = run("plan", "--data", d, "--value-of-analysis")
    assert p.returncode == 1 and "estimates.csv:2:5:" in p.stderr, p.stderr
    report("value-of-estimate-hand-computed", True)


def test_value_after_write(tmp):
    """The whole loop: a simulated plant's heats recorded, estimate --write, then a day of two
    heats of a tight grade planned from those lots: the saving is positive and equals the
    independent copy's plan."""
    d = os.path.join(tmp, "plant7")
    simulate(d, 1807, {"predicted": 1, "nominal": 1})
    assert run("estimate", "--data", d, "--write").returncode == 0
    with open(os.path.join(d, "lots.csv"), newline="") as f:
        rows = list(csv.reader(f))
    pc = rows[0].index("price_per_kg")
    for k, r in enumerate(rows[1:]):
        r[pc] = str(100 + 7 * (k % 11))
    with open(os.path.join(d, "lots.csv"), "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    open(os.path.join(d, "grades.csv"), "a").write("T,Si,,1.0\nT,Fe,,0.3\nT,Cu,,0.15\n")
    open(os.path.join(d, "heats.csv"), "w").write("heat,grade,mass_kg\nT1,T,20000\nT2,T,30000\n")
    open(os.path.join(d, "additives.csv"), "w").write(
        "id,mass_kg,price_per_kg,Si,Fe,Cu,sd_Si,sd_Fe,sd_Cu\nP,,400,0.05,0.1,0.01,0,0,0\n")
    j, ev = check_value(d, tmp, (NUSED * len(ELS), NUSED, 0))
    assert ev["saving"] > 0, ev
    report("value-of-estimate-after-write", True)


def test_hand_computed_material_recovery(tmp):
    """The hand case above, but L1 has its own rec_Si 0.8 (the furnace's stays 0.9): as plan
    and adjust charge it, the heat's row is
        y = (1000 x 0.5 + 0.8 x 1000 x c) / 2000 = 0.25 + 0.4 c.
    r = 0.000229 as before; s = 0.4^2 x 0.01 + r = 0.0016 + 0.000229 = 0.001829;
    innovation 0.75 - 0.25 - 0.4 = 0.1; gain 0.004 / 0.001829;
        mean = 1 + 0.1 x 0.004 / 0.001829 = 1.2186987424822306
        sd   = sqrt(0.01 - 0.004^2 / 0.001829) = sqrt(0.0012520503007107733) = 0.0353843228...
    With the furnace's 0.9 (the rule before) the answer is the other case's 1.0998."""
    d = os.path.join(tmp, "handrec")
    os.makedirs(d)
    files = {
        "lots.csv": "id,source,mass_kg,price_per_kg,yield,Si,sd_Si,rec_Si\n"
                    "L1,predicted,5000,100,0.8,1.0,0.1,0.8\n",
        "grades.csv": "grade,element,min,max\nG,Si,,5\n",
        "heats.csv": "heat,grade,mass_kg,furnace\nH1,G,1000,F\n",
        "furnaces.csv": "furnace,capacity_kg,heel_kg,max_materials,Si,rec_Si\nF,5000,1000,,0.5,0.9\n",
    }
    for n, text in files.items():
        open(os.path.join(d, n), "w").write(text)
    open(os.path.join(tmp, "c.csv"), "w").write("id,mass_kg\nL1,1250\n")
    open(os.path.join(tmp, "a.csv"), "w").write("element,wt_pct\nSi,0.75\n")
    p = run("record", "--data", d, "--heat", "H1", "--charged", os.path.join(tmp, "c.csv"),
            "--analysis", os.path.join(tmp, "a.csv"))
    assert p.returncode == 0, p.stderr
    res = read_rows(os.path.join(d, "heat_results.csv"))
    assert [float(r["recovery"]) for r in res] == [0.9], "heat_results keeps the furnace's"
    x = {l["id"]: l for l in estimate(d)["lots"]}["L1"]["elements"]["Si"]
    r = (0.02 * 0.75) ** 2 + 0.002 ** 2
    s_ = 0.4 ** 2 * 0.01 + r
    mean, sd = 1 + 0.1 * 0.004 / s_, math.sqrt(0.01 - 0.004 ** 2 / s_)
    assert abs(s_ - 0.001829) <= 1e-15
    assert abs(mean - 1.2186987424822306) <= 1e-12 and abs(sd - 0.0353843228) <= 1e-9
    assert abs(x["mean"] - mean) <= 1e-12 and abs(x["sd"] - sd) <= 1e-12, x
    report("hand-computed-material-recovery", True)


def main():
    if not os.access(REMELT, os.X_OK):
        print(f"FAIL estimate setup: {REMELT} is not an executable (make first)")
        sys.exit(1)
    for fn in (test_hand_computed, test_hand_computed_material_recovery, test_known_truth,
               test_calibration, test_bad_inputs, test_write, test_undo,
               test_write_survives_sigkill, test_value_of_estimate, test_value_after_write):
        tmp = tempfile.mkdtemp()
        try:
            fn(tmp)
        except AssertionError as exc:
            report(fn.__name__[5:], False, str(exc)[:600])
        except Exception as exc:  # a crash of the test is a failure too
            report(fn.__name__[5:], False, f"{type(exc).__name__}: {exc}"[:600])
        finally:
            shutil.rmtree(tmp)
    print(f"estimate: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
