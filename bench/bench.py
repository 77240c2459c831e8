#!/usr/bin/env python3
"""`make bench`: times remelt on generated plant-like instances against CBC and glpsol.

usage: bench.py [--full] [--quick] [--only NAME[,NAME...]] [--reps N] [--no-opts]
                [--remelt PATH] [--out DIR]

Environment: BENCH_FULL=1 (same as --full), BENCH_OPTS=all (every glp_smcp setting in the
option experiment, including the slow dual ones), CC (compiler for the measurement tools),
CBC, GLPSOL (solver commands).

For every case (lots x heats, 12 elements unless named otherwise) it
  1. generates the plant with bench/plantgen.py (cached in bench/out/plants/, seed 1);
  2. runs remelt once with --write-lp to export the LP (not timed) and checks the status;
  3. times, interleaved in one side-by-side loop so that the machine's load hits all alike:
       remelt plan --format json > file      (end to end: read CSVs, build, solve, JSON)
       remelt plan --format json > /dev/null
       cbc LP solve solu FILE                (read the LP, solve, write the solution)
       glpsol --lp LP -w FILE                (the same with GLPK's own driver)
     each as a fresh process, wall time around it, CPU time and peak RSS from wait4();
     plus `remelt check` (read and validate only);
  4. splits remelt's time into stages with bench/stages.c linked against build/libremelt.a
     (read, build, solve, extract, report), when that compiles;
  5. checks that CBC's and glpsol's objectives equal remelt's total_cost to 1e-6 relative.
For the key case (2,000 lots x 20 heats) it then runs bench/glpk_opts.c, which times
glp_simplex under different settings on the exported LP.

Results: bench/out/results.json (everything) and bench/out/summary.md (tables), both
overwritten; the plants and LP files stay cached in bench/out/.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REL_TOL = 1e-6

# (name, lots, heats, extra generator args); the key case of issue 9 is "2000x20".
DEFAULT_CASES = [
    ("100x1", 100, 1, []),
    ("500x5", 500, 5, []),
    ("1000x10", 1000, 10, []),
    ("2000x20", 2000, 20, []),
    ("2000x20-inf", 2000, 20, ["--infeasible-heats", "1"]),
    ("5000x20", 5000, 20, []),
]
FULL_CASES = [
    ("2000x50", 2000, 50, []),
    ("2000x20-e20", 2000, 20, ["--elements", "20"]),
    ("5000x50", 5000, 50, []),
    ("10000x20", 10000, 20, []),
    ("10000x50", 10000, 50, []),
]
KEY = "2000x20"
OPT_CONFIGS = ["baseline", "primal-presolve", "primal-std", "primal-cpx", "primal-noscale",
               "primal-eq", "primal-gm", "dual-std", "perheat-dual-flip", "perheat-primal",
               "sift", "sift-plain", "sift-plain-eq"]
OPT_SLOW = ["primal-dantzig", "primal-std-presolve", "primal-std-noscale", "dual",
            "dual-presolve", "dual-flip", "perheat-dual", "sift-noscale", "sift-plain-noscale",
            "sift-plain-gm", "interior"]
# Settings also timed on every case (scaling of the recommended ones).
SCALE_CONFIGS = ["baseline", "primal-eq", "perheat-dual-flip", "sift-plain"]
# Beyond this many CPU seconds per remelt run, a case is timed once, without the /dev/null
# run and glpsol (the same GLPK simplex as remelt), and only sift-plain among the settings.
SLOW_CPU_S = 120.0


def log(msg):
    print(msg, flush=True)


# ------------------------------------------------------------------ processes

def run(cmd, stdout=None, timeout=3600.0, cwd=None):
    """Runs cmd as a fresh process; wall seconds, CPU seconds, peak RSS (KiB), exit code."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    err_path = (stdout or os.devnull) + ".err" if stdout else os.devnull
    err = open(err_path, "wb") if stdout else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout:
            out.close()
            err.close()
    return {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
            "rc": proc.returncode}


def capture(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def median(rows, key):
    vals = [r[key] for r in rows]
    return statistics.median(vals) if vals else None


# ------------------------------------------------------------------ tools

def build_tools(out, remelt_root):
    """Compiles glpk_opts (GLPK only) and stages (against build/libremelt.a)."""
    cc = os.environ.get("CC", "cc")
    bindir = os.path.join(out, "bin")
    os.makedirs(bindir, exist_ok=True)
    tools = {}
    cmd = [cc, "-std=c11", "-O2", "-o", os.path.join(bindir, "glpk_opts"),
           os.path.join(HERE, "glpk_opts.c"), "-lglpk", "-lm"]
    if subprocess.run(cmd).returncode == 0:
        tools["glpk_opts"] = os.path.join(bindir, "glpk_opts")
    lib = os.path.join(remelt_root, "build", "libremelt.a")
    inc = []
    for d in ["core", "inventory", "grades", "plant", "solver", "price", "reports", "cli"]:
        inc += ["-I", os.path.join(remelt_root, d)]
    cmd = [cc, "-std=c11", "-O2", "-g"] + inc + [
        "-o", os.path.join(bindir, "stages"), os.path.join(HERE, "stages.c"), lib,
        "-lglpk", "-lcsv", "-lcjson", "-lm"]
    if os.path.exists(lib) and subprocess.run(cmd, stderr=subprocess.DEVNULL).returncode == 0:
        tools["stages"] = os.path.join(bindir, "stages")
    else:
        log("bench: stages.c does not build against build/libremelt.a (solver internals "
            "changed?): no per-stage split this time")
    return tools


def machine_info(remelt_root, cbc, glpsol):
    info = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "nproc": os.cpu_count(), "kernel": platform.release(),
            "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = fh.read()
        m = re.search(r"^model name\s*:\s*(.*)$", cpu, re.M)
        info["cpu"] = m.group(1).strip() if m else "?"
        m = re.search(r"^cpu MHz\s*:\s*(.*)$", cpu, re.M)
        info["cpu_mhz"] = m.group(1).strip() if m else "?"
        with open("/proc/meminfo") as fh:
            m = re.search(r"MemTotal:\s*(\d+) kB", fh.read())
        info["mem_gib"] = round(int(m.group(1)) / 2**20, 1) if m else None
    except OSError:
        pass
    info["glpk"] = capture([glpsol, "--version"]).splitlines()[0:1]
    m = re.search(r"Version:\s*(\S+)", capture([cbc, "-quit"]))
    info["cbc"] = m.group(1) if m else "?"
    info["cc"] = (capture([os.environ.get("CC", "cc"), "--version"]).splitlines() or ["?"])[0]
    info["remelt_commit"] = capture(["git", "-C", remelt_root, "rev-parse", "--short",
                                     "HEAD"]).strip()
    dirty = capture(["git", "-C", remelt_root, "status", "--porcelain", "--untracked-files=no"])
    info["remelt_tree"] = "modified" if dirty.strip() else "clean"
    return info


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


# ------------------------------------------------------------------ one case

def generate(plants, name, lots, heats, extra):
    d = os.path.join(plants, name)
    args = ["--seed", "1", "--lots", str(lots), "--heats", str(heats)] + extra
    stamp = os.path.join(d, ".args")
    want = " ".join(args)
    gen = os.path.join(HERE, "plantgen.py")
    # Regenerate when the arguments or the generator changed.
    if os.path.exists(stamp) and open(stamp).read() == want and \
            os.path.getmtime(stamp) >= os.path.getmtime(gen):
        return d
    shutil.rmtree(d, ignore_errors=True)
    subprocess.run([sys.executable, gen, "--out", d] + args, check=True,
                   stdout=subprocess.DEVNULL)
    with open(stamp, "w") as fh:
        fh.write(want)
    return d


def cbc_objective(path):
    try:
        with open(path) as fh:
            first = fh.readline()
    except OSError:
        return None, "no solution file"
    m = re.search(r"objective value\s+(\S+)", first)
    status = first.split(" - ")[0].strip()
    return (float(m.group(1)) if m and status.startswith("Optimal") else None), status


def glpsol_objective(path):
    """GLPK raw solution: the line `s bas ROWS COLS PST DST OBJ`."""
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith("s bas"):
                    f = line.split()
                    return (float(f[6]) if f[4] == "f" else None), f[4]
    except OSError:
        pass
    return None, "no solution file"


def close(a, b):
    return a is not None and b is not None and abs(a - b) <= REL_TOL * max(1.0, abs(b))


def reps_for(seconds, forced):
    if forced:
        return forced
    return 5 if seconds < 5 else 3 if seconds < 60 else 1


def run_case(args, tools, plants, work, case, key):
    name, lots, heats, extra = case
    d = generate(plants, name, lots, heats, extra)
    lp = os.path.join(work, name + ".lp")
    res = {"case": name, "lots": lots, "heats": heats, "args": extra, "load_before": loadavg()}
    remelt = [args.remelt, "plan", "--data", d, "--format", "json", "--margin", "0",
              "--confidence", "0"]
    first_json = os.path.join(work, name + ".plan.json")
    first = run(remelt + ["--write-lp", lp], stdout=first_json)
    if first["rc"] not in (0, 2):
        log(f"  {name}: remelt failed (exit {first['rc']}), see {first_json}.err")
        res["error"] = f"remelt exit {first['rc']}"
        return res
    with open(first_json) as fh:
        plan = json.load(fh)
    res["status"] = plan.get("status")
    res["total_cost"] = plan.get("total_cost")
    res["lp_bytes"] = os.path.getsize(lp)
    res["json_bytes"] = os.path.getsize(first_json)
    n = reps_for(first["wall_s"], args.reps)
    if name == key and not args.reps:
        n = max(n, 5)
    slow = first["cpu_s"] > SLOW_CPU_S and not args.reps
    if slow:
        n = 1
    res["reps"] = n
    res["slow"] = slow
    log(f"  {name}: {res['status']}, total_cost {res['total_cost']}, first run "
        f"{first['wall_s']:.2f} s, {n} rep(s)")
    runs = {"remelt_json": [], "remelt_null": [], "remelt_check": [], "cbc": [], "glpsol": []}
    cbc_sol = os.path.join(work, name + ".cbc.sol")
    glp_sol = os.path.join(work, name + ".glpsol.sol")
    for _ in range(n):
        runs["remelt_json"].append(run(remelt, stdout=os.path.join(work, name + ".json")))
        runs["cbc"].append(run([args.cbc, lp, "solve", "solu", cbc_sol],
                               stdout=os.path.join(work, name + ".cbc.log")))
        if slow:
            continue
        runs["remelt_null"].append(run(remelt))
        runs["glpsol"].append(run([args.glpsol, "--lp", lp, "-w", glp_sol],
                                  stdout=os.path.join(work, name + ".glpsol.log")))
        runs["remelt_check"].append(run([args.remelt, "check", "--data", d]))
    if slow:
        runs["remelt_check"].append(run([args.remelt, "check", "--data", d]))
    runs = {k: v for k, v in runs.items() if v}
    for k, rows in runs.items():
        bad = [r["rc"] for r in rows if r["rc"] not in (0, 2)]
        res[k] = {"wall_s": median(rows, "wall_s"), "cpu_s": median(rows, "cpu_s"),
                  "maxrss_mb": max(r["maxrss_kb"] for r in rows) / 1024,
                  "runs_wall_s": [round(r["wall_s"], 4) for r in rows],
                  "bad_exits": bad}
    res["cbc_objective"], res["cbc_status"] = cbc_objective(cbc_sol)
    if "glpsol" in runs:
        res["glpsol_objective"], res["glpsol_status"] = glpsol_objective(glp_sol)
    else:
        res["glpsol_objective"], res["glpsol_status"] = None, "not run"
    if res["status"] == "optimal":
        res["cbc_match"] = close(res["cbc_objective"], res["total_cost"])
        res["glpsol_match"] = close(res["glpsol_objective"], res["total_cost"])
    else:
        res["cbc_match"] = res["cbc_status"].lower().startswith("infeasible")
        # glpsol presolves by default: a presolved infeasible LP leaves the status "u"
        # (undefined) in the solution file and says why in its log.
        glog = os.path.join(work, name + ".glpsol.log")
        said = os.path.exists(glog) and "NO PRIMAL FEASIBLE SOLUTION" in open(glog).read()
        res["glpsol_match"] = res["glpsol_status"] in ("n", "i") or said
    if "glpsol" not in runs:
        res["glpsol_match"] = None
    res["ratio_wall"] = res["remelt_json"]["wall_s"] / res["cbc"]["wall_s"]
    res["ratio_cpu"] = res["remelt_json"]["cpu_s"] / res["cbc"]["cpu_s"]
    if "stages" in tools and res["status"] == "optimal" and not slow:
        out = capture([tools["stages"], d, "--reps", str(min(n, 3))])
        try:
            res["stages"] = json.loads(out)
        except ValueError:
            res["stages"] = None
    if "glpk_opts" in tools and res["status"] == "optimal" and not args.no_opts:
        cfgs = SCALE_CONFIGS
        if name == key:
            cfgs = OPT_CONFIGS + (OPT_SLOW if os.environ.get("BENCH_OPTS") == "all" else [])
        elif slow:
            cfgs = ["sift-plain"]
        res["glpk_opts"] = glpk_opts(tools["glpk_opts"], lp, cfgs, 3 if n >= 3 else 1,
                                     res["total_cost"])
    res["load_after"] = loadavg()
    r, c = res["remelt_json"], res["cbc"]
    g = res.get("glpsol", {}).get("wall_s")
    log(f"  {name}: remelt {r['wall_s']:.3f} s ({r['cpu_s']:.3f} cpu, "
        f"{r['maxrss_mb']:.0f} MB)  cbc {c['wall_s']:.3f} s ({c['cpu_s']:.3f} cpu, "
        f"{c['maxrss_mb']:.0f} MB)  glpsol {fmt_s(g)} s  "
        f"ratio {res['ratio_wall']:.2f}  objectives match: cbc {res['cbc_match']}, "
        f"glpsol {res['glpsol_match']}")
    return res


def glpk_opts(tool, lp, cfgs, reps, cost):
    proc = subprocess.run([tool, lp, "--reps", str(reps), "--tm-lim", "600"] + cfgs,
                          capture_output=True, text=True)
    rows = []
    for line in proc.stdout.splitlines():
        try:
            j = json.loads(line)
        except ValueError:
            continue
        if "config" in j:
            j["match"] = j["status"] == "optimal" and close(j["obj"], cost)
            log(f"    glp_simplex {j['config']:<20} {j['median_s']:8.3f} s "
                f"({j['median_cpu_s']:.3f} cpu)  iters {j['iters']:6d}  "
                f"{j['status']}{'' if j['match'] else '  OBJECTIVE MISMATCH'}")
        rows.append(j)
    return rows


# ------------------------------------------------------------------ summary

def fmt_s(v):
    return "-" if v is None else f"{v:.3f}" if v < 10 else f"{v:.1f}"


def fmt_mb(v):
    return "-" if v is None else f"{v:.0f}"


def summary(info, results):
    out = [f"# remelt benchmark ({info['date']})", "",
           f"{info.get('cpu', '?')}, {info['nproc']} CPUs, {info.get('mem_gib')} GiB; "
           f"GLPK {' '.join(info['glpk'])}; CBC {info['cbc']}; remelt {info['remelt_commit']} "
           f"({info['remelt_tree']} tree)", "",
           "| case | status | rows x cols (LP) | remelt json s | cpu s | MB | remelt >/dev/null s "
           "| check s | CBC s | cpu s | MB | glpsol s | MB | ratio wall | ratio cpu | obj ok "
           "| load |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        if "error" in r:
            out.append(f"| {r['case']} | {r['error']} |" + " |" * 15)
            continue
        size = "-"
        for j in r.get("glpk_opts", []) or []:
            if "rows" in j:
                size = f"{j['rows']} x {j['cols']}"
        rj, c = r["remelt_json"], r["cbc"]
        g = r.get("glpsol", {"wall_s": None, "maxrss_mb": None})
        null = r.get("remelt_null", {"wall_s": None})
        ok = r["cbc_match"] and r["glpsol_match"] is not False
        out.append(
            f"| {r['case']} | {r['status']} | {size} | {fmt_s(rj['wall_s'])} | "
            f"{fmt_s(rj['cpu_s'])} | {rj['maxrss_mb']:.0f} | {fmt_s(null['wall_s'])}"
            f" | {fmt_s(r['remelt_check']['wall_s'])} | {fmt_s(c['wall_s'])} | "
            f"{fmt_s(c['cpu_s'])} | {c['maxrss_mb']:.0f} | {fmt_s(g['wall_s'])} | "
            f"{fmt_mb(g['maxrss_mb'])} | {r['ratio_wall']:.2f} | {r['ratio_cpu']:.2f} | "
            f"{'yes' if ok else 'NO'} | {r['load_before']:.1f}-{r['load_after']:.1f} |")
    out += ["", "Stages of remelt (bench/stages.c, median, CPU seconds):", "",
            "| case | read | build | solve | extract | report json | solve share |",
            "|---|---|---|---|---|---|---|"]
    for r in results:
        s = r.get("stages")
        if not s:
            continue
        tot = s["read_cpu_s"] + s["plan_solve_cpu_s"] + s["report_json_cpu_s"]
        out.append(f"| {r['case']} | {fmt_s(s['read_cpu_s'])} | {fmt_s(s['build_cpu_s'])} | "
                   f"{fmt_s(s['solve_cpu_s'])} | {fmt_s(s['extract_cpu_s'])} | "
                   f"{fmt_s(s['report_json_cpu_s'])} | "
                   f"{100 * s['solve_cpu_s'] / tot if tot else 0:.0f}% |")
    out += ["", "glp_simplex settings (bench/glpk_opts.c, median wall s / CPU s / iterations):",
            "", "| case | setting | wall s | cpu s | iterations | objective ok |",
            "|---|---|---|---|---|---|"]
    for r in results:
        for j in r.get("glpk_opts", []) or []:
            if "config" in j:
                out.append(f"| {r['case']} | {j['config']} | {fmt_s(j['median_s'])} | "
                           f"{fmt_s(j['median_cpu_s'])} | {j['iters']} | "
                           f"{'yes' if j['match'] else 'NO'} |")
    return "\n".join(out) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", default=os.environ.get("BENCH_FULL") == "1")
    ap.add_argument("--quick", action="store_true", help="only the cases up to the key case")
    ap.add_argument("--only", default="", help="comma-separated case names")
    ap.add_argument("--reps", type=int, default=0, help="repeats (default: by run time)")
    ap.add_argument("--no-opts", action="store_true", help="skip the glp_simplex settings")
    ap.add_argument("--remelt", default=os.path.join(ROOT, "remelt"))
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--cbc", default=os.environ.get("CBC", "cbc"))
    ap.add_argument("--glpsol", default=os.environ.get("GLPSOL", "glpsol"))
    args = ap.parse_args(argv)
    for tool in (args.remelt, args.cbc, args.glpsol):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} not found (make builds remelt; apt-get install "
                     f"coinor-cbc glpk-utils)")
    remelt_root = os.path.dirname(os.path.abspath(args.remelt))
    cases = DEFAULT_CASES + (FULL_CASES if args.full else [])
    if args.quick:
        cases = cases[:4]
    if args.only:
        want = args.only.split(",")
        cases = [c for c in DEFAULT_CASES + FULL_CASES if c[0] in want]
    plants = os.path.join(args.out, "plants")
    work = os.path.join(args.out, "work")
    os.makedirs(plants, exist_ok=True)
    os.makedirs(work, exist_ok=True)
    tools = build_tools(args.out, remelt_root)
    info = machine_info(remelt_root, args.cbc, args.glpsol)
    log(f"bench: {info.get('cpu')}, {info['nproc']} CPUs, {info.get('mem_gib')} GiB, "
        f"load {loadavg()}; {len(cases)} case(s)")
    t0 = time.time()
    results = []
    for case in cases:
        results.append(run_case(args, tools, plants, work, case, KEY))
    info["bench_minutes"] = round((time.time() - t0) / 60, 1)
    with open(os.path.join(args.out, "results.json"), "w") as fh:
        json.dump({"machine": info, "results": results}, fh, indent=1)
    text = summary(info, results)
    with open(os.path.join(args.out, "summary.md"), "w") as fh:
        fh.write(text)
    log("\n" + text)
    log(f"bench: {info['bench_minutes']} min; results in {args.out}/results.json and "
        f"summary.md")
    bad = [r["case"] for r in results
           if "error" in r or not r.get("cbc_match") or r.get("glpsol_match") is False
           or any(j.get("status") == "optimal" and not j.get("match", True)
                  for j in r.get("glpk_opts", []) or [])]
    if bad:
        log(f"bench: objective mismatch or failure in {', '.join(bad)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
