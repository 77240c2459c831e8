#!/bin/sh
# The command line end to end: known answers, formats, exit codes, --out, --write-lp.
# usage: sh tests/cli_tests.sh REMELT_BINARY
set -u
export LC_ALL=C
R=${1:-./remelt}
T=$(mktemp -d)
trap 'umount "$T/disk" 2>/dev/null; rm -rf "$T"' EXIT

SUITE=cli
. tests/suite.sh
# near FILE PYEXPR VALUE: a JSON field equals VALUE to 1e-9 relative
near() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); v = eval(sys.argv[2]); w = float(sys.argv[3])
sys.exit(0 if abs(v - w) <= 1e-9 * max(1.0, abs(w)) else 1)' "$@"
}
check() { python3 tests/tools/check_plan.py "$1" "$2" >"$T/chk" 2>&1; }

# Known answers solved on paper (tests/data/paper/README.md).
if expect paper 0 "$R" plan --data tests/data/paper --format json --margin 0 --confidence 0; then
	if ! near "$T/out" 'd["total_cost"]' 3171428.5714285714; then
		ko paper "total_cost $(grep total_cost "$T/out")"
	elif ! near "$T/out" '[c["mass_kg"] for c in d["heats"][0]["charge"] if c["id"]=="A"][0]' \
		3714.2857142857143; then
		ko paper "lot A charge"
	elif ! check tests/data/paper "$T/out"; then
		ko paper "checker: $(cat "$T/chk")"
	else ok "paper margin 0 = 3,171,428.57"; fi
fi
# A material's own rec_Mg over the furnace's (tests/data/mip_rec_material/README.md): plan and price.
if expect matrec 0 "$R" plan --data tests/data/mip_rec_material --format json --margin 0 --confidence 0; then
	if near "$T/out" 'd["total_cost"]' 1916000 &&
		near "$T/out" '[c["mass_kg"] for c in d["heats"][0]["charge"] if c["id"]=="MG"][0]' 40 &&
		check tests/data/mip_rec_material "$T/out"; then
		ok "MG's own rec_Mg 0.8: 40 kg, 1,916,000"
	else ko matrec "$(grep total_cost "$T/out") $(cat "$T/chk" 2>/dev/null)"; fi
fi
if expect matrec-price 0 "$R" price --data tests/data/mip_rec_material --format json --margin 0 \
	--confidence 0 --only D --jobs 1; then
	if near "$T/out" 'd["grades"][0]["base_cost"]' 1915000 &&
		near "$T/out" 'd["grades"][0]["lots"][0]["break_even_price_per_kg"]' 205; then
		ok "price: MG's own rec_Mg in the furnace-less reference heat, D break-even 205"
	else ko matrec-price "$(grep -E 'base_cost|break_even' "$T/out")"; fi
fi
# ... and the diagnosis with MG limited to 30 kg: best Mg = (18 + 0.8 * 30) / 100 = 0.42 wt%,
# 8 kg of Mg short = 10 kg more MG (8 / 0.8) or 889 kg more D (8 / 0.009).
mkdir -p "$T/matrec" && cp tests/data/mip_rec_material/*.csv "$T/matrec/" &&
	sed 's/^MG,,600,/MG,30,600,/' tests/data/mip_rec_material/additives.csv >"$T/matrec/additives.csv"
if expect matrec-diag 2 "$R" plan --data "$T/matrec" --margin 0 --confidence 0; then
	if grep -q 'best reachable with the other limits kept is 0.42 wt%' "$T/out" &&
		grep -q '10 kg more of MG' "$T/out" && grep -q '889 kg more of D' "$T/out"; then
		ok "diagnosis with MG's own rec_Mg: best Mg 0.42, 10 kg more MG"
	else ko matrec-diag "$(grep -E 'reachable|more of' "$T/out")"; fi
fi
if expect paper-margin 0 "$R" plan --data tests/data/paper --format json --margin 0.1 --confidence 0; then
	near "$T/out" 'd["total_cost"]' 3314285.7142857143 && ok "paper margin 0.1 = 3,314,285.71" ||
		ko paper-margin "total_cost $(grep total_cost "$T/out")"
fi
if expect paper2 0 "$R" plan --data tests/data/paper2 --format json --margin 0 --confidence 0; then
	if near "$T/out" 'd["total_cost"]' 6600000 && check tests/data/paper2 "$T/out"; then
		ok "two heats share lot B = 6,600,000"
	else ko paper2 "$(grep total_cost "$T/out") $(cat "$T/chk" 2>/dev/null)"; fi
fi

# The text sheet and the CSV rows of the same plan.
if expect text 0 "$R" plan --data tests/data/paper --margin 0 --confidence 0; then
	grep -q '== Heat H1  grade G  10,000 kg tapped  cost 3,171,429 (317,143 per t) ==' "$T/out" &&
		grep -q 'Fe .*0.4000\*' "$T/out" && ok "text charge sheet" ||
		ko text "$(head -n 12 "$T/out")"
fi
if expect csv 0 "$R" plan --data tests/data/paper --margin 0 --confidence 0 --format csv; then
	# the first nine columns are fixed; later issues may add columns after them
	[ "$(head -n 1 "$T/out" | cut -d, -f1-9)" = "heat,grade,id,kind,source,mass_kg,share,price_per_kg,cost" ] &&
		[ "$(wc -l <"$T/out")" -eq 4 ] && grep -q '^H1,G,B,lot,analyzed,4000,0.4,350,1400000\(,\|$\)' "$T/out" &&
		ok "csv rows" || ko csv "$(cat "$T/out")"
fi

# The demo plant: a plan that the independent checker accepts (internal limits lie inside
# the spec limits the checker tests; whole units, minimum charges and heels). At the defaults
# it is a MIP (UBC bales, the Twitch loader minimum, primary sows, Mg ingots, AlTi5B1 rods,
# three furnaces with heels) with the chance cuts in the branch and bound, proven optimal in
# about 2.2 s (data/demo/README.md, "Charge rules").
if expect demo 0 "$R" plan --format json; then
	if ! check data/demo "$T/out"; then
		ko demo "$(cat "$T/chk")"
	elif python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["status"] == "optimal" and d["margin"] == 0.1 and d["confidence"] == 0.95, d["status"]
m = d["mip"]
# proven within the default relative gap of 1e-4 (README, "Charge rules")
assert m["used"] is True and m["status"] == "optimal" and m["gap"] <= 1e-4 and d["chance_cuts"] > 0, m
assert [(h["furnace"], h["heel_kg"]) for h in d["heats"]] == \
    [("F1", 5000)] * 4 + [("F2", 3000), ("F3", 4000)], "furnaces"
units = {c["id"] for h in d["heats"] for c in h["charge"] if "units" in c}
assert {"MG999", "P1020S"} <= units and units & {"L021", "L022", "L023", "L024"}, units
# A limit binds when its cone does (issue 20): mean + z sd on the limit, within 0.005 sd,
# recomputed here from the reported mean and sd; every heat has one (the mean test said 0).
z = 1.6448536269514722
for h in d["heats"]:
    assert h["binding"], h["heat"]
    for b in h["binding"]:
        r = h["risk"]["elements"][b["element"]]
        side = 1 if b["limit"] == "max" else -1
        assert abs(r["mean"] + side * z * r["sd"] - b["value"]) <= 0.005 * r["sd"] + 1e-7, (h["heat"], b)
        assert b["saving_per_0.01pct"] is None, b
    for el, r in h["risk"]["elements"].items():
        for side, key in ((1, "max"), (-1, "min")):
            lim = h["limits"].get(el, {}).get(key)
            if lim is not None and abs(r["mean"] + side * z * r["sd"] - lim) <= 0.001 * r["sd"]:
                assert any(b["element"] == el and b["limit"] == key for b in h["binding"]), (h["heat"], el, key)
' "$T/out" 2>"$T/py"; then
		ok "demo plan passes the checker: MIP proven optimal at confidence 0.95, furnaces, units, binding cones"
	else ko demo "$(tail -n 2 "$T/py")"; fi
fi
if expect demo-text 0 "$R" plan; then
	grep -q '^least-cost plan: total cost' "$T/out" &&
		grep -q '^whole units and charge rules: optimal, within 0.0[01][0-9]% of the bound of the heats solved one by one' "$T/out" &&
		grep -q '^  furnace F1: heel 5,000 kg (16.7% of the 30,000 kg bath)' "$T/out" &&
		grep -q ' x 400 kg$' "$T/out" && grep -q '^  P1020S .* x 500 kg$' "$T/out" &&
		ok "demo text plan: charge rules, furnace, bales, sows" ||
		ko demo-text "$(head -n 5 "$T/out")"
fi
# The demo's MIP at --margin 0 --confidence 0 against CBC on the MIP that
# tests/tools/ref_lp.py writes itself from the CSV files (units, minimums, heels, recoveries).
# --mip-gap 0: proven to the last yen, not within the default 1e-4.
if expect demo-cbc 0 "$R" plan --format json --margin 0 --confidence 0 --samples 0 --mip-gap 0; then
	if python3 tests/tools/ref_lp.py data/demo >"$T/ref" 2>"$T/referr" &&
		obj=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
assert d["status"] == "optimal" and d["mip"] is True; print(repr(d["objective"]))' "$T/ref") &&
		near "$T/out" 'd["total_cost"]' "$obj" && check data/demo "$T/out"; then
		ok "demo MIP at margin 0, confidence 0 = CBC's optimum $obj"
	else ko demo-cbc "remelt $(grep -o '"total_cost":[^,]*' "$T/out"), CBC: $(head -c 300 "$T/ref") $(head -c 300 "$T/referr")"; fi
fi

# The furnace day (whole units, minimum charges, heels) at the default confidence 0.95: chance
# constraints in branch and bound. --time-limit 10 keeps the suite short (proving the optimum
# takes about 50 s, docs/uncertainty.md); the best plan so far is returned either way.
if expect furnace-day 0 "$R" plan --data data/examples/furnace-day --format json --samples 2000 \
	--time-limit 10; then
	if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["confidence"] == 0.95 and d["status"] in ("optimal", "feasible"), d["status"]
m = d["mip"]
assert m["used"] is True and m["status"] in ("optimal", "feasible (time limit)"), m
assert m["gap"] < 0.005 and d["chance_cuts"] > 0 and len(d["heats"]) == 6, m
# the Monte Carlo runs by the same deadline: every sample asked, or fewer (never under
# 1,000) when the search took the time, and the JSON says how many (issue 16)
assert d["samples"] == 2000 and 1000 <= d["samples_drawn"] <= 2000, d["samples_drawn"]
assert d["samples_drawn"] == min(h["risk"]["samples"] for h in d["heats"])
for h in d["heats"]:
    r = h["risk"]
    assert 1000 <= r["samples"] <= 2000, (h["heat"], r["samples"])
    assert 0 < r["p_heat_internal_mc"] <= 1 and 0 < r["p_heat_spec_mc"] <= 1, h["heat"]
    assert r["elements"], h["heat"]
    for el, v in r["elements"].items():
        assert v["sd"] >= 0, (h["heat"], el)
        # to the solver tolerance: 0.001 sd or 1e-7 wt% (a trace element: 0.003 sd of Li)
        for k in ("p_min", "p_max"):
            assert v[k] is None or v[k] >= 0.949, (h["heat"], el, k, v[k])
' "$T/out" 2>"$T/py"; then
		# a plan stopped by the time limit is "feasible"; the checker wants "optimal"
		python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["status"] = "optimal"
json.dump(d, open(sys.argv[2], "w"))' "$T/out" "$T/fd.json"
		check data/examples/furnace-day "$T/fd.json" &&
			ok "furnace day at confidence 0.95: MIP plan with risk ($(grep -o '"status":[^,]*' "$T/out" | sed -n 2p | tr -d '\t'))" ||
			ko furnace-day "checker: $(cat "$T/chk")"
	else ko furnace-day "$(tail -n 2 "$T/py")"; fi
fi

# Time limits (issue 16): --time-limit bounds the whole command. Stopped before any plan, the
# run says so with its own status and exit code 3, never "infeasible", and nothing is
# diagnosed; the demo's chance MIP cannot be proven in 0.01 s (about 2 s here).
if expect time-limit-json 3 "$R" plan --format json --time-limit 0.01; then
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["status"] == "time_limit" and d["total_cost"] is None, d["status"]
assert d["time_limit_s"] == 0.01 and "time limit of 0.01 s" in d["why"], d["why"]
assert "impossible" in d["why"] and "diagnosis" not in d, d.keys()
assert all(h["status"] == "not planned" for h in d["heats"])
' "$T/out" 2>"$T/py" && ok "time limit before any plan: status time_limit, exit 3, no diagnosis" ||
		ko time-limit-json "$(tail -n 2 "$T/py")"
fi
# Cutting planes that run out of rounds are a solver outcome, never bad input or "infeasible"
# (issue 21, 7): status time_limit, exit 3, the reason said, nothing diagnosed. --max-rounds
# caps them where a real day needed 38-87 s to reach the default 2,000: the demo's chance MIP
# (sifted relaxation) and a chance LP (tests/data/chance1), each cut off after a round or two.
for mr in "demo:" "chance1:--data tests/data/chance1"; do
	name=${mr%%:*}
	# shellcheck disable=SC2086
	if expect "max-rounds-$name" 3 "$R" plan ${mr#*:} --format json --max-rounds 1; then
		python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["status"] == "time_limit" and d["total_cost"] is None, d["status"]
assert "did not converge in their rounds" in d["why"] and "impossible" in d["why"], d["why"]
assert "diagnosis" not in d, d.keys()
' "$T/out" 2>"$T/py" && ok "$name: cutting planes out of rounds (--max-rounds 1): time_limit, exit 3, no diagnosis" ||
			ko "max-rounds-$name" "$(tail -n 2 "$T/py")"
	fi
done
if expect time-limit-text 3 "$R" plan --data data/examples/furnace-day --time-limit 0.01; then
	grep -q '^NO PLAN: the time limit of 0.01 s ran out before any plan was found' "$T/out" &&
		! grep -q 'cannot be made' "$T/out" &&
		ok "time limit before any plan: the text says so and diagnoses nothing" ||
		ko time-limit-text "$(sed -n 3p "$T/out")"
fi
# An infeasible day whose time runs out before its first solve: no plan, and not "infeasible".
if expect time-limit-lp 3 "$R" plan --data tests/data/fe_high --format json --time-limit 0.000001; then
	grep -q '"status":[[:space:]]*"time_limit"' "$T/out" &&
		ok "time limit before the first solve of an infeasible day: time_limit, exit 3" || ko time-limit-lp "$(head -c 200 "$T/out")"
fi

# A chance LP stopped by the clock (issue 16): never "infeasible". plantgen's 500-lot, 10-heat
# day at the defaults (no rules) takes its cutting planes several seconds. Stopped at 0.05 s
# the answer is "time_limit" (exit 3), or a plan when the rounds got that far; stopped at 2 s
# it is the plan the back-off builds from the last round (solver/chance/chance_backoff.c:
# "feasible", exit 0, its gap >= 0), or on a fast machine the optimum. Any plan must pass
# check_plan.py and meet every cone (mean + z sd within 1e-5 wt% of its limit, recomputed
# from the files by mc_check.py). No time is asserted: only what each exit code comes with.
if python3 bench/plantgen.py --out "$T/pg500" --seed 11 --lots 500 --heats 10 >"$T/gen" 2>&1; then
	for tl in 0.05 2; do
		"$R" plan --data "$T/pg500" --format json --samples 0 --time-limit "$tl" >"$T/out" 2>"$T/err"
		got=$?
		if python3 -c '
import json, subprocess, sys
got, tl, out, d = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
j = json.load(open(out))
st = j["status"]
assert (got, st) in ((3, "time_limit"), (0, "feasible"), (0, "optimal")), (got, st)
assert j["time_limit_s"] == tl
if st == "time_limit":
    assert j["total_cost"] is None and "diagnosis" not in j
    sys.exit(0)
if st == "feasible":
    assert j["gap"] is None or j["gap"] >= 0, j["gap"]
j["status"] = "optimal"
json.dump(j, open(out + ".opt", "w"))
subprocess.run(["python3", "tests/tools/check_plan.py", d, out + ".opt"], check=True,
               stdout=subprocess.DEVNULL)
mc = subprocess.run(["/usr/bin/python3", "tests/tools/mc_check.py", d, out, "--samples", "200"],
                    stdout=subprocess.PIPE, text=True)
z = 1.6448536269514722
for h in json.loads(mc.stdout)["heats"]:
    for lim in h.get("limits", []):
        s = 1 if lim["side"] == "max" else -1
        assert s * (lim["mean"] + s * z * lim["sd"] - lim["limit"]) <= 1e-5, (h["heat"], lim)
' "$got" "$tl" "$T/out" "$T/pg500" 2>"$T/py"; then
			ok "chance LP 500 x 10 at --time-limit $tl: exit $got, $(grep -o '"status":[^,]*' "$T/out" | head -n 1), never infeasible"
		else
			ko "chance-lp-time-limit-$tl" "exit $got: $(tail -n 2 "$T/py") $(head -c 200 "$T/err")"
		fi
	done
else
	ko chance-lp-time-limit "plantgen failed: $(head -c 200 "$T/gen")"
fi

# An infeasible day under a time limit (issue 16): the 500-lot day and one heat no lot can make
# (Fe max 0.01). Whether the day's solve, its diagnosis or neither ends first depends on the
# machine, so no time is asserted; what must hold: out of time before any answer is
# time_limit (exit 3); proven infeasible (exit 2), H99 is "limits" or "stopped" and every
# other heat is planned or "stopped" (a test the clock cut short is never a cause: H01..H10
# were "grade limits" on the 2,000-lot day at --time-limit 10), "stopped" only with
# diagnosis_complete false.
if [ -d "$T/pg500" ] && cp -r "$T/pg500" "$T/pg500inf" &&
	printf 'IMP,Fe,,0.01\nIMP,Si,0.1,0.5\n' >>"$T/pg500inf/grades.csv" &&
	printf 'H99,IMP,20000\n' >>"$T/pg500inf/heats.csv"; then
	for tl in 0.5 3; do
		"$R" plan --data "$T/pg500inf" --format json --samples 0 --time-limit "$tl" >"$T/out" 2>"$T/err"
		got=$?
		if python3 -c '
import json, sys
got, j = int(sys.argv[1]), json.load(open(sys.argv[2]))
st = j["status"]
assert (got, st) in ((3, "time_limit"), (2, "infeasible")), (got, st)
if st == "infeasible":
    causes = {h["heat"]: h.get("cause", "planned") for h in j["heats"]}
    assert causes["H99"] in ("limits", "stopped"), causes["H99"]
    others = {c for k, c in causes.items() if k != "H99"}
    assert others <= {"planned", "stopped"}, others
    if "stopped" in causes.values():
        assert j["diagnosis_complete"] is False
' "$got" "$T/out" 2>"$T/py"; then
			ok "infeasible 500 x 11 at --time-limit $tl: exit $got, $(grep -o '"status":[^,]*' "$T/out" | head -n 1), no cause guessed"
		else
			ko "infeasible-time-limit-$tl" "exit $got: $(tail -n 2 "$T/py") $(head -c 200 "$T/err")"
		fi
	done
fi

# --out writes atomically and prints nothing; a bad input leaves no file.
if expect out 0 "$R" plan --data tests/data/paper --format json --samples 500 --out "$T/plan.json"; then
	[ ! -s "$T/out" ] && [ -s "$T/plan.json" ] && ! ls "$T"/plan.json.* >/dev/null 2>&1 &&
		ok "--out writes the file only" || ko out "stdout or temp file left"
	# without a time limit every sample asked is drawn, and said so (issue 16)
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
assert d["samples"] == d["samples_drawn"] == 500, (d["samples"], d["samples_drawn"])
assert all(h["risk"]["samples"] == 500 for h in d["heats"])' "$T/plan.json" 2>"$T/py" &&
		ok "risk: samples and samples_drawn 500, each heat's risk.samples 500" ||
		ko samples-drawn "$(tail -n 2 "$T/py")"
fi
mkdir "$T/bad" && cp tests/data/paper/*.csv "$T/bad/" && sed -i 's/^B,4000/B,-4000/' "$T/bad/lots.csv"
if expect bad-out 1 "$R" plan --data "$T/bad" --out "$T/bad.json"; then
	[ ! -e "$T/bad.json" ] && [ ! -s "$T/out" ] && grep -q "^$T/bad/lots.csv:3:2: mass_kg \"-4000\" must be" "$T/err" &&
		ok "bad input: message with file:line:col, nothing written" || ko bad-out "$(cat "$T/err")"
fi

# --write-lp: the exported model solved by CBC gives the same optimum.
if expect write-lp 0 "$R" plan --data tests/data/paper2 --margin 0 --confidence 0 --format json --write-lp "$T/m.lp"; then
	cbc "$T/m.lp" solve >"$T/cbc" 2>&1
	obj=$(sed -n 's/^Optimal objective \([^ ]*\).*/\1/p' "$T/cbc" | head -n 1)
	[ -n "$obj" ] && near "$T/out" 'd["total_cost"]' "$obj" && ok "--write-lp model solved by CBC: $obj" ||
		ko write-lp "cbc said: $(tail -n 3 "$T/cbc")"
fi

# --out and --write-lp (issue 21, 3 and 14): a device node is written through, not replaced;
# a FIFO is refused without blocking; an existing file keeps its mode; a symlink is replaced,
# never written through; no file of the data directory can be overwritten.
mknod "$T/null" c 1 3
if expect out-device 0 "$R" plan --data tests/data/paper --samples 0 --out "$T/null" --write-lp "$T/null"; then
	[ -c "$T/null" ] && ok "--out and --write-lp onto a device node write through it" ||
		ko out-device "$(ls -l "$T/null")"
fi
mkfifo "$T/fifo"
if expect out-fifo 1 timeout 20 "$R" plan --data tests/data/paper --samples 0 --out "$T/fifo"; then
	[ -p "$T/fifo" ] && grep -q "fifo: not a regular file" "$T/err" && ok "--out onto a FIFO refused" ||
		ko out-fifo "$(cat "$T/err")"
fi
: >"$T/private.txt" && chmod 600 "$T/private.txt"
if expect out-mode 0 "$R" plan --data tests/data/paper --samples 0 --out "$T/private.txt"; then
	[ "$(stat -c %a "$T/private.txt")" = 600 ] && [ -s "$T/private.txt" ] &&
		ok "--out keeps an existing file's mode" || ko out-mode "mode $(stat -c %a "$T/private.txt")"
fi
echo secret >"$T/secret" && ln -s "$T/secret" "$T/lp-link"
if expect lp-symlink 0 "$R" plan --data tests/data/paper --samples 0 --write-lp "$T/lp-link"; then
	[ "$(cat "$T/secret")" = secret ] && [ -f "$T/lp-link" ] && [ ! -L "$T/lp-link" ] &&
		ok "--write-lp replaces a symlink, never writes through it" || ko lp-symlink "$(cat "$T/secret")"
fi
mkdir "$T/own" && cp tests/data/paper/*.csv "$T/own/" && ln -s "$T/own/lots.csv" "$T/lots-link"
for target in "$T/own/lots.csv" "$T/own/ledger.csv" "$T/lots-link" "$T/own/../own/heats.csv"; do
	sum=$(cat "$T"/own/* | md5sum)
	if expect "out-input $target" 1 "$R" plan --data "$T/own" --samples 0 --out "$target"; then
		[ "$(cat "$T"/own/* | md5sum)" = "$sum" ] && [ ! -e "$T/own/ledger.csv" ] &&
			grep -q "would overwrite a file of the data directory" "$T/err" &&
			ok "--out $(basename "$target") of the data directory refused" ||
			ko "out-input $target" "$(cat "$T/err")"
	fi
done
if expect lp-input 1 "$R" price --data "$T/own" --grade G --out "$T/own/grades.csv"; then
	grep -q "would overwrite" "$T/err" && ok "price --out grades.csv refused" || ko lp-input "$(cat "$T/err")"
fi
if expect lp-input 1 "$R" plan --data "$T/own" --write-lp "$T/own/grades.csv"; then
	grep -q "^$T/own/grades.csv: --write-lp would overwrite" "$T/err" && ok "--write-lp grades.csv refused" ||
		ko lp-input "$(cat "$T/err")"
fi

# A full disk (issue 21, 14): --write-lp and --out leave what was there, never a cut-off
# file. Needs root to mount a 16 KiB tmpfs; the demo's model is about 60 KiB.
mkdir "$T/disk"
if mount -t tmpfs -o size=16k tmpfs "$T/disk" 2>/dev/null; then
	echo old >"$T/disk/m.lp" && echo old >"$T/disk/p.txt"
	for opt in --write-lp --out; do
		f=$([ "$opt" = --out ] && echo p.txt || echo m.lp)
		if expect "full disk $opt" 1 "$R" plan --data data/demo --samples 0 --format json $opt "$T/disk/$f"; then
			[ "$(cat "$T/disk/$f")" = old ] && [ "$(ls -A "$T/disk" | wc -l)" = 2 ] &&
				grep -q "^$T/disk/$f: cannot write: No space left on device" "$T/err" &&
				ok "$opt on a full disk: exit 1, the old file kept, no cut-off file" ||
				ko "full disk $opt" "$(ls -la "$T/disk") $(cat "$T/err")"
		fi
	done
	umount "$T/disk"
else
	echo "skip: full disk (no tmpfs mount without root)"
fi

# A FIFO in any input slot (issue 21, 6) is refused with its path, never waited on: every
# CSV of the plant, --offers, the plan file of commit and the journal.
fifo_case() { # name file command...: file is a FIFO; the command must exit 1 naming it
	what=$1 file=$2
	shift 2
	rm -f "$file" && mkfifo "$file"
	if expect "fifo $what" 1 timeout 20 "$@"; then
		grep -q "^$file: .*not a regular file" "$T/err" && ok "FIFO as $what refused" ||
			ko "fifo $what" "$(head -c 300 "$T/err")"
	fi
}
for f in lots additives grades heats furnaces uncertainty scrap_grades co2 ledger; do
	rm -rf "$T/ff" && mkdir "$T/ff" && cp tests/data/paper/*.csv "$T/ff/"
	fifo_case "$f.csv" "$T/ff/$f.csv" "$R" check --data "$T/ff"
done
rm -rf "$T/ff" && mkdir "$T/ff" && cp tests/data/paper/*.csv "$T/ff/"
fifo_case "--offers" "$T/ff/offers.csv" "$R" price --data "$T/ff" --grade G --offers "$T/ff/offers.csv"
fifo_case "the plan of commit" "$T/plan-fifo.json" "$R" commit --data "$T/ff" "$T/plan-fifo.json"
fifo_case "the journal" "$T/ff/.remelt.journal" "$R" check --data "$T/ff"
rm -f "$T/ff/.remelt.journal" && "$R" plan --data "$T/ff" --samples 0 --format json --out "$T/ff.json"
fifo_case "the lock of commit" "$T/ff/.remelt.lock" "$R" commit --data "$T/ff" "$T/ff.json"
rm -f "$T/ff/.remelt.lock" "$T/ff/lots.csv" && ln -s /dev/zero "$T/ff/lots.csv"
if expect "device lots.csv" 1 timeout 20 "$R" check --data "$T/ff"; then
	grep -q "^$T/ff/lots.csv: a device, not a regular file" "$T/err" && ok "lots.csv -> /dev/zero refused" ||
		ko "device lots.csv" "$(head -c 300 "$T/err")"
fi

# Terminal escapes from the data (issue 21, 4): a trace header, a trace cell and a bad cell
# carrying ESC sequences reach no output raw; they are shown as \x1b.
mkdir "$T/esc" && cp tests/data/paper/*.csv "$T/esc/"
printf 'id,mass_kg,price_per_kg,yield,source,Fe,Si,note\033]0;pwned\007\nA,10000,200,1,analyzed,0.8,0.5,\033[2J\nB,4000,350,1,analyzed,0.2,0.4,x\n' >"$T/esc/lots.csv"
esc_case() { # name command...: exit 0, no ESC or BEL byte in stdout or stderr
	what=$1
	shift
	if expect "escape $what" 0 "$@"; then
		if LC_ALL=C grep -q "$(printf '[\033\007]')" "$T/out" "$T/err"; then
			ko "escape $what" "raw control bytes in the output"
		else ok "escape $what: shown, not sent"; fi
	fi
}
esc_case "plan text" "$R" plan --data "$T/esc" --samples 0
esc_case "floor sheet" "$R" plan --data "$T/esc" --samples 0 --format sheet
esc_case "price text" "$R" price --data "$T/esc" --grade G
esc_case "check" "$R" check --data "$T/esc"
grep -q 'note\\x1b\]0;pwned\\x07' "$T/out" && ok "check shows the header as note\\x1b]0;pwned\\x07" ||
	ko "escape check header" "$(grep trace "$T/out")"
printf 'id,mass_kg,price_per_kg,yield,source,Fe,Si\nA,\033[2J,200,1,analyzed,0.8,0.5\n' >"$T/esc/lots.csv"
if expect "escape stderr" 1 "$R" check --data "$T/esc"; then
	grep -q '\\x1b\[2J' "$T/err" && ! LC_ALL=C grep -q "$(printf '\033')" "$T/err" &&
		ok "escape in a bad cell: stderr shows \\x1b" || ko "escape stderr" "$(cat "$T/err")"
fi

# CSV formula injection (issue 21, 5): ids that a spreadsheet would run as a formula get a
# leading ' in the plan and price CSV; a plain number such as -5 stays a number.
mkdir "$T/fx" && cp tests/data/paper/*.csv "$T/fx/"
printf 'id,mass_kg,price_per_kg,yield,source,Fe,Si\n=A,10000,200,1,analyzed,0.8,0.5\n-2+B,4000,350,1,analyzed,0.2,0.4\n-5,10,900,1,analyzed,0.2,0.4\n' >"$T/fx/lots.csv"
printf 'grade,element,min,max\n@G,Fe,,0.4\n@G,Si,,1.0\n' >"$T/fx/grades.csv"
printf 'heat,grade,mass_kg\n+H1,@G,10000\n' >"$T/fx/heats.csv"
if expect "formula plan csv" 0 "$R" plan --data "$T/fx" --margin 0 --confidence 0 --format csv; then
	grep -q "^'+H1,'@G,'=A,lot," "$T/out" && grep -q "^'+H1,'@G,'-2+B,lot," "$T/out" &&
		! grep -q '^[=+@-]\|,[=+@]\|,-[^0-9]' "$T/out" && ok "plan CSV: formula ids get a leading '" ||
		ko "formula plan csv" "$(cat "$T/out")"
fi
if expect "formula price csv" 0 "$R" price --data "$T/fx" --grade @G --confidence 0 --format csv; then
	grep -q "^'@G,10000,lot,'=A," "$T/out" && grep -q "^'@G,10000,lot,'-2+B," "$T/out" &&
		grep -q "^'@G,10000,lot,-5," "$T/out" && ok "price CSV: formula ids get a leading ', -5 stays" ||
		ko "formula price csv" "$(cat "$T/out")"
fi

# Offers (issue 21, 4 and 5): escapes in an offer's class, supplier and origin reach no output
# raw; an id with one is refused at its cell; an id starting with = gets its ' in price CSV.
printf 'id,class,supplier,origin,source,mass_kg,price_per_kg,yield,Fe,Si\n=O1,c\033[2J,S\033]0;t\007,o\033]8;;http://x\033\\,analyzed,1000,300,1,0.2,0.3\n' >"$T/fx/offers.csv"
esc_case "offer cells, price text" "$R" price --data "$T/fx" --grade @G --offers "$T/fx/offers.csv"
if expect "formula offer csv" 0 "$R" price --data "$T/fx" --grade @G --confidence 0 --offers "$T/fx/offers.csv" --format csv; then
	grep -q "^'@G,10000,offer,'=O1,,analyzed,1000,300," "$T/out" && ok "price CSV: offer =O1 written '=O1" ||
		ko "formula offer csv" "$(grep offer "$T/out")"
fi
printf 'id,class,supplier,origin,source,mass_kg,price_per_kg,yield,Fe,Si\nO\033]0;t\007,c,s,o,analyzed,1000,300,1,0.2,0.3\n' >"$T/fx/offers.csv"
if expect "offer id escape" 1 "$R" price --data "$T/fx" --grade @G --offers "$T/fx/offers.csv"; then
	grep -q "^$T/fx/offers.csv:2:1: id \"O\\\\x1b\]0;t\\\\x07\" holds a control character" "$T/err" &&
		! LC_ALL=C grep -q "$(printf '[\033\007]')" "$T/err" && ok "offer id with ESC refused at its cell, shown as \\x1b" ||
		ko "offer id escape" "$(cat "$T/err")"
fi

# A header that is an element but for case is refused (bad_inputs.py); one whose cells are
# text, such as a document number "no", is not an analysis and stays a trace column.
mkdir "$T/no" && cp tests/data/paper/*.csv "$T/no/"
printf 'id,mass_kg,price_per_kg,yield,source,Fe,Si,no\nA,10000,200,1,analyzed,0.8,0.5,D-17\nB,4000,350,1,analyzed,0.2,0.4,\n' >"$T/no/lots.csv"
if expect "trace no" 0 "$R" check --data "$T/no"; then
	grep -q '^trace columns: no$' "$T/out" && ok "a text column \"no\" stays trace" || ko "trace no" "$(cat "$T/out")"
fi

# No plan: exit 2, status infeasible, and the diagnosis names Fe max and the reachable 0.1.
mkdir "$T/inf" && cp tests/data/paper/*.csv "$T/inf/" && sed -i 's/^G,Fe,,0.4/G,Fe,,0.05/' "$T/inf/grades.csv"
if expect infeasible 2 "$R" plan --data "$T/inf" --margin 0 --format json; then
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
g = d["diagnosis"][0]
assert d["status"] == "infeasible" and d["total_cost"] is None
assert (g["heat"], g["element"], g["limit"]) == ("H1", "Fe", "max")
assert abs(g["achievable"] - 0.1) < 1e-9 and g["spec"] == 0.05' "$T/out" &&
		ok "infeasible: exit 2 with Fe max diagnosis" || ko infeasible "$(cat "$T/out")"
fi
if expect infeasible-text 2 "$R" plan --data "$T/inf" --margin 0; then
	grep -q 'Fe max 0.05 wt% cannot be met: the best reachable with the other limits kept is 0.1 wt%' "$T/out" &&
		ok "infeasible: text says why" || ko infeasible-text "$(cat "$T/out")"
fi

# Usage and exit codes: each line is  name want-exit condition-on-output -- command...
usage_case() {
	name=$1 want=$2 cond=$3
	shift 4
	if expect "$name" "$want" "$@"; then
		if sh -c "$cond" _ "$T"; then ok "$name"; else ko "$name" "$(head -c 300 "$T/out") $(head -c 300 "$T/err")"; fi
	fi
}
usage_case version 0 'grep -q "^remelt [0-9]" "$1/out"' -- "$R" --version
usage_case max-rounds-zero 1 'grep -q "max-rounds \"0\" must be a whole number from 1 to 1000000" "$1/err"' -- "$R" plan --max-rounds 0
usage_case help 0 'grep -q "exit status" "$1/out" && grep -q "(default 0.95; 0 = the mean-value model)" "$1/out" &&
	! grep -q "not built yet" "$1/out"' -- "$R" --help
usage_case check-full-stdout 1 'grep -q "cannot write to standard output" "$1/err"' -- sh -c "\"\$0\" check --data tests/data/paper >/dev/full" "$R"
usage_case help-tui 0 'grep -q "remelt tui \[--data DIR\] \[--offers FILE\]" "$1/out" && grep -q "\[--time-limit S\]" "$1/out"' -- "$R" tui --help
usage_case tui-time-limit 1 'grep -q "time-limit 0 must be in (0, 86400\] s" "$1/err"' -- "$R" tui --time-limit 0
usage_case tui-offers-value 1 'grep -q "offers needs a value" "$1/err"' -- "$R" tui --offers
usage_case tui-keys-pricing 0 'grep -q "^4 Pricing$" "$1/out" && grep -q "^  g G        price the next grade" "$1/out"' -- "$R" tui --keys
# A failed write to stdout is exit 1 with a message for every command, help and version too
# (issue 21, 10: --help > /dev/full exited 0).
for c in --help --version "plan --help" "price --help" "check --help" "commit --help" "tui --keys" \
	"adjust --help" "record --help" "report --help" "estimate --help"; do
	usage_case "full-stdout $c" 1 'grep -q "^remelt: cannot write to standard output$" "$1/err"' -- \
		sh -c "\"\$0\" $c >/dev/full" "$R"
done
# The heats solved one by one (solver/chance/chance_lag.c), tests/data/lag_units/README.md: with
# 1,000 kg of A in 300 kg units the heats' bound is 3,400 (the relaxation's 3,200) and the
# plan of one unit a heat meets it: proof "heats", gap 0. With 500 kg (lag_units_shared) A's
# stock dual prices it as B and the bound is the relaxation's 3,500; branch and bound proves
# 3,700.
if expect lag-units 0 "$R" plan --data tests/data/lag_units --margin 0 --samples 0 --format json; then
	near "$T/out" 'd["total_cost"]' 3400 && near "$T/out" 'd["mip"]["gap"]' 0 &&
		near "$T/out" '[c["mass_kg"] for h in d["heats"] for c in h["charge"] if c["id"] == "A"] == [300, 300]' 1 &&
		python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["mip"]["proof"] != "heats")' "$T/out" &&
		ok "lag_units: 3,400, one 300 kg unit of A a heat, proven by the heats' bound" ||
		ko lag-units "$(grep -E '"(total_cost|proof|gap)"' "$T/out")"
fi
if expect lag-units-shared 0 "$R" plan --data tests/data/lag_units_shared --margin 0 --samples 0 --format json; then
	near "$T/out" 'd["total_cost"]' 3700 &&
		python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["mip"]["proof"] != "branch and bound")' "$T/out" &&
		ok "lag_units_shared: 3,700, the heats' bound no better than the relaxation's, branch and bound proves it" ||
		ko lag-units-shared "$(grep -E '"(total_cost|proof|gap)"' "$T/out")"
fi
# The partial plan of an infeasible day keeps the day's options (plan_solve_heats, issue 22
# step 3): the demo plus H07 of a grade no lot meets (Fe max 0.0001). Its six other heats are
# planned exactly as the demo alone under the same options: with --mip-gap 0.5 the demo costs
# 44,146,506.20 (its first plan built heat by heat is within that gap of the heats' bound;
# 43,443,701.36 at the default gap), and so do the six. --max-rounds 1 reaches
# them too: their chance MIP needs more than one round of cuts, so none is planned, each with
# cause "stopped", and the diagnosis says it is incomplete (they were planned, at 2,000
# rounds, before).
mkdir "$T/xfe" && cp -r data/demo/. "$T/xfe/" && printf 'XFE,Fe,,0.0001,test\n' >>"$T/xfe/grades.csv" &&
	echo "H07,XFE,20000,F1" >>"$T/xfe/heats.csv"
if expect partial-gap 2 "$R" plan --data "$T/xfe" --format json --mip-gap 0.5; then
	near "$T/out" 'd["planned_cost"]' 44146506.1965963 &&
		near "$T/out" 'sum(h["cost"] for h in d["heats"])' 44146506.1965963 &&
		near "$T/out" 'd["planned_heats"]' 6 &&
		ok "partial plan keeps --mip-gap 0.5: the six heats cost 44,146,506.20 as the demo alone" ||
		ko partial-gap "$(grep -E '"planned_(cost|heats)"' "$T/out")"
fi
if expect partial-rounds 2 "$R" plan --data "$T/xfe" --format json --max-rounds 1; then
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
causes = [h.get("cause") for h in d["heats"]]
assert causes == ["stopped"] * 6 + ["limits"], causes
assert d["planned_heats"] == 0 and d["diagnosis_complete"] is False, d["planned_heats"]
' "$T/out" 2>"$T/py" && ok "partial plan keeps --max-rounds 1: six heats stopped, diagnosis incomplete" ||
		ko partial-rounds "$(tail -n 2 "$T/py")"
fi
# A material rule as the cause of an infeasible heat (issue 19; tests/data/rule_cause/README.md):
# P denied leaves Fe at 0.56 at best, the limits alone can be met, and of the grade's two rules
# only line 2 (P not allowed) blocks it; 2,666.67 kg more of B would make it.
RC=tests/data/rule_cause
if expect rule-cause 2 "$R" plan --data $RC --margin 0 --confidence 0 --samples 0; then
	grep -qx 'NO PLAN: 1 of 1 heat cannot be made: H1 (material rules)' "$T/out" &&
		grep -qx "  not planned: the grade's limits can be met from the whole inventory, but not under the material rules; without this one it can be made:" "$T/out" &&
		grep -A1 'without this one' "$T/out" | grep -qx "    P not allowed ($RC/material_rules.csv:2)" &&
		grep -qx '  - 2,667 kg more of B (lot, 933,450 at 350.00/kg)' "$T/out" &&
		ok "rule cause: H1 (material rules), P not allowed (line 2), 2,667 kg more of B" ||
		ko rule-cause "$(sed -n '3p;/not planned:/,/more of/p' "$T/out")"
fi
if expect rule-cause-json 2 "$R" plan --data $RC --format json --margin 0 --confidence 0 --samples 0; then
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
h = d["heats"][0]
assert d["why"] == "1 of 1 heat cannot be made: H1 (material rules)", d["why"]
assert h["cause"] == "material_rules", h["cause"]
assert h["rules"] == [{"material": "P", "max_kg": 0, "max_share": None, "min_share": None,
                       "file": sys.argv[2] + "/material_rules.csv", "line": 2}], h["rules"]
assert [f["id"] for f in h["fixes"]] == ["B"], h["fixes"]
assert abs(h["fixes"][0]["extra_kg"] - 8000 / 3) < 1e-6, h["fixes"]
assert h["conflict"] == [] and h["fallback"] is None, (h["conflict"], h["fallback"])
' "$T/out" $RC 2>"$T/py" && ok "rule cause JSON: cause material_rules, rules [P line 2], fix 2,666.67 kg of B" ||
		ko rule-cause-json "$(tail -n 2 "$T/py")"
fi
# Quarantine as the cause of an infeasible heat (issue 19; tests/data/diag_quarantine/README.md):
# H1 can be made only with the quarantined A and C together (D not needed); H2 from B.
DQ=tests/data/diag_quarantine
if expect quarantine-cause 2 "$R" plan --data $DQ --margin 0 --confidence 0 --samples 0; then
	grep -qx 'NO PLAN: 1 of 2 heats cannot be made: H1 (only with quarantined lots); the other 1 is planned' "$T/out" &&
		grep -qx '  not planned: it can be made only with these lots, which are quarantined: A (400 kg), C (500 kg) (release them in lots.csv, quarantine 0, to make it)' "$T/out" &&
		grep -qx '  no more of any material on hand would make it' "$T/out" &&
		ok "quarantine cause: H1 only with the quarantined A and C (not D)" ||
		ko quarantine-cause "$(sed -n '3p;/not planned:/,/more of/p' "$T/out")"
fi
if expect quarantine-cause-json 2 "$R" plan --data $DQ --format json --margin 0 --confidence 0 --samples 0; then
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
h = {x["heat"]: x for x in d["heats"]}
assert d["why"] == "1 of 2 heats cannot be made: H1 (only with quarantined lots); the other 1 is planned", d["why"]
assert h["H1"]["cause"] == "quarantine", h["H1"]["cause"]
assert h["H1"]["quarantined_needed"] == ["A", "C"], h["H1"]["quarantined_needed"]
assert h["H1"]["fixes"] == [], h["H1"]["fixes"]
assert abs(h["H2"]["cost"] - 2000) < 1e-6 and d["planned_cost"] == 2000, h["H2"]["cost"]
' "$T/out" 2>"$T/py" && ok "quarantine cause JSON: quarantined_needed [A, C], H2 planned at 2,000" ||
		ko quarantine-cause-json "$(tail -n 2 "$T/py")"
fi
# The charge sheet of H1 says the cause, not that no charge meets the grade.
if expect quarantine-cause-sheet 2 "$R" plan --data $DQ --format sheet --margin 0 --confidence 0 --samples 0; then
	grep -qx 'NOT PLANNED: can be made only with lots that are quarantined (see the text report).' "$T/out" &&
		ok "quarantine cause sheet: H1 NOT PLANNED with its cause" ||
		ko quarantine-cause-sheet "$(grep 'NOT PLANNED' "$T/out")"
fi
# The same at the default confidence: the lots are analysed (5% sd), the cause the same.
if expect quarantine-cause-095 2 "$R" plan --data $DQ --format json --margin 0 --samples 0; then
	python3 -c '
import json, sys
h = {x["heat"]: x for x in json.load(open(sys.argv[1]))["heats"]}
assert h["H1"]["cause"] == "quarantine" and h["H1"]["quarantined_needed"] == ["A", "C"], h["H1"]
' "$T/out" 2>"$T/py" && ok "quarantine cause at 0.95: A and C" ||
		ko quarantine-cause-095 "$(tail -n 2 "$T/py")"
fi
# The why of an infeasible day names every heat, however many (reports/ words it from the
# causes; the solver's 512-byte why was cut mid-word at 511): 40 heats like fe_high's H1.
mkdir "$T/fe40" && cp tests/data/fe_high/*.csv "$T/fe40/" &&
	{ echo "heat,grade,mass_kg"; for i in $(seq -w 1 40); do echo "X$i,6063,20000"; done; } >"$T/fe40/heats.csv"
if expect why-40 2 "$R" plan --data "$T/fe40" --format json; then
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
want = "40 of 40 heats cannot be made: " + ", ".join("X%02d (grade limits)" % i for i in range(1, 41))
assert d["why"] == want, d["why"][-120:]
' "$T/out" 2>"$T/py" && ok "why names all 40 unplanned heats (829 characters, not cut)" || ko why-40 "$(tail -n 2 "$T/py")"
fi
mkdir "$T/full" && cp tests/data/paper/*.csv "$T/full/"
"$R" plan --data "$T/full" --samples 0 --format json --out "$T/full.json"
usage_case "full-stdout commit" 1 'grep -q "^plan [0-9a-f]* is committed to .*/full, but its summary could not be written" "$1/err" &&
	grep -q "^[^,]*,[0-9a-f]*,H1,A," "$1/full/ledger.csv"' -- sh -c "\"\$0\" commit --data \"\$1\" \"\$2\" >/dev/full" "$R" "$T/full" "$T/full.json"
usage_case no-command 1 'true' -- "$R"
usage_case unknown-command 1 'grep -q "unknown command" "$1/err"' -- "$R" frobnicate
usage_case bad-margin 1 '[ ! -s "$1/out" ] && grep -q "margin" "$1/err"' -- "$R" plan --margin 0.6
usage_case nan-margin 1 'grep -q "not a number" "$1/err"' -- "$R" plan --margin nan
usage_case bad-format 1 'grep -q "xml" "$1/err"' -- "$R" plan --format xml
usage_case missing-dir 1 'grep -q "nowhere/lots.csv: cannot open" "$1/err"' -- "$R" plan --data "$T/nowhere"
usage_case check 0 'grep -q "lots.csv: 2 lots, 14,000 kg" "$1/out" && grep -q "^ok: the data is valid" "$1/out" &&
	! grep -q "furnaces\|whole units\|minimum charge" "$1/out"' \
	-- "$R" check --data tests/data/paper
usage_case check-rules 0 'grep -q "^  F2       capacity 25,000 kg, heel 3,000 kg, Si recovery 0.99, Mg recovery 0.92$" "$1/out" &&
	grep -q "^whole units (unit_kg) on 7 materials: L021 400 kg, .*, P1020S 500 kg, MG999 7.5 kg, ALTI5B1 10 kg$" "$1/out" &&
	grep -q "^minimum charge (min_kg) on 6 materials: L029 1,000 kg," "$1/out"' -- "$R" check --data data/demo
usage_case check-bad 1 '[ ! -s "$1/out" ]' -- "$R" check --data "$T/bad"
echo "cli: $np passed, $nf failed"
[ "$nf" -eq 0 ]
