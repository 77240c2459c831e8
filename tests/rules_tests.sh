#!/bin/sh
# Material rules (material_rules.csv), quarantine (lots.csv) and the furnace's minimum charge
# (furnaces.csv min_charge_kg), FORMATS.md:
#   - known answers solved on paper, on tests/data/paper with a rules file this script writes
#     (the paper README: A Fe 0.8 at 200/kg, 10 t; B Fe 0.2 at 350/kg, 4 t; P Fe 0.1 at 450/kg;
#     one 10 t heat of Fe <= 0.4; the unconstrained optimum A 26000/7, B 4000, P 16000/7):
#       B denied (max_kg 0), or quarantined, or denied by class: A + P only, 0.8a + 0.1p = 4000,
#         a + p = 10000: a = 30000/7, p = 40000/7, cost 24,000,000/7 = 3,428,571.43
#       B max_kg 1000: 0.8a + 0.1p = 3800, a + p = 9000: a = 29000/7, p = 34000/7,
#         cost 21,100,000/7 + 350,000 = 3,364,285.71
#       id=A* max_share 0.3: A = 3000 (it wanted 3714), B all 4000, P the other 3000 (Fe
#         3500 kg <= 4000: slack), cost 600,000 + 1,400,000 + 1,350,000 = 3,350,000
#       P min_share 0.5: P = 5000; then 0.8a + 0.2b <= 3500, a + b = 5000: a = 12500/3,
#         b = 2500/3, cost 2,500,000/3 + 875,000/3 + 2,250,000 = 3,375,000
#     each also accepted by tests/tools/check_plan.py, which verifies every rule from the files;
#   - check lists the rules and the quarantined lots; price leaves a quarantined lot out;
#   - bad rule files refused with file:line:column, nothing written;
#   - generated plants (tests/tools/gen_plant.py, LP and MIP) given rules aimed at their
#     optimum (tests/tools/add_rules.py): remelt equals CBC on the model tests/tools/ref_lp.py
#     writes itself (or both find no plan), and check_plan.py accepts remelt's plan.
# usage: sh tests/rules_tests.sh REMELT_BINARY [SEEDS]
set -u
export LC_ALL=C
R=${1:-./remelt}
SEEDS=${2:-6}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SUITE=rules
. tests/suite.sh
tools=tests/tools
M0="--format json --margin 0 --confidence 0 --samples 0 --mip-gap 0"

near() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); v = eval(sys.argv[2]); w = float(sys.argv[3])
sys.exit(0 if abs(v - w) <= 1e-9 * max(1.0, abs(w)) else 1)' "$@"
}
kg() { echo "sum(c[\"mass_kg\"] for c in d[\"heats\"][0][\"charge\"] if c[\"id\"] == \"$1\")"; }

# paper DIR RULES: tests/data/paper plus material_rules.csv holding RULES (no file if empty)
paper() {
	rm -rf "$1"
	cp -r tests/data/paper "$1"
	[ -n "$2" ] && printf 'grade,material,max_kg,max_share,min_share\n%s\n' "$2" >"$1/material_rules.csv"
	return 0
}

# known NAME RULES COST ID KG: the plan's cost and one charge, and the checker's word
known() {
	# not name/want: expect sets those
	kname=$1 rules=$2 cost=$3 id=$4 kgw=$5
	paper "$T/$kname" "$rules"
	# shellcheck disable=SC2086
	if expect "$kname" 0 "$R" plan --data "$T/$kname" $M0; then
		if ! near "$T/out" 'd["total_cost"]' "$cost"; then
			ko "$kname" "$(grep -o '"total_cost":[^,]*' "$T/out"), wanted $cost"
		elif ! near "$T/out" "$(kg "$id")" "$kgw"; then
			ko "$kname" "$id charged $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/out" "$(kg "$id")"), wanted $kgw"
		elif ! python3 $tools/check_plan.py "$T/$kname" "$T/out" >"$T/chk" 2>&1; then
			ko "$kname" "checker: $(head -c 300 "$T/chk")"
		else ok "$kname: cost $cost, $id $kgw kg"; fi
	fi
}
known deny-B 'G,B,0,,' 3428571.4285714286 A 4285.7142857142857
known maxkg-B 'G,B,1000,,' 3364285.7142857143 B 1000
known maxshare-A 'G,id=a*,,0.3,' 3350000 A 3000
known minshare-P '*,P,,,0.5' 3375000 P 5000

# The same denial by quarantine and by a class column (a prefix, any ASCII case).
paper "$T/quar" ""
printf 'id,mass_kg,price_per_kg,yield,source,Fe,Si,class,quarantine\nA,10000,200,1,analyzed,0.8,0.5,Sash B,0\nB,4000,350,1,analyzed,0.2,0.4,Toto extrusion,1\n' >"$T/quar/lots.csv"
# shellcheck disable=SC2086
if expect quarantine 0 "$R" plan --data "$T/quar" $M0; then
	if near "$T/out" 'd["total_cost"]' 3428571.4285714286 && near "$T/out" "$(kg B)" 0 &&
		python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["quarantined"] != ["B"])' "$T/out" &&
		python3 $tools/check_plan.py "$T/quar" "$T/out" >"$T/chk" 2>&1; then
		ok "quarantined B: cost 3,428,571.43, \"quarantined\": [\"B\"]"
	else ko quarantine "$(head -c 300 "$T/out") $(cat "$T/chk" 2>/dev/null)"; fi
fi
# The checker catches a plan that charges the quarantined lot (the unconstrained one).
# shellcheck disable=SC2086
"$R" plan --data tests/data/paper $M0 >"$T/free.json" 2>/dev/null
if python3 $tools/check_plan.py "$T/quar" "$T/free.json" >"$T/chk" 2>&1; then
	ko quarantine-checker "check_plan.py accepted a plan charging quarantined B"
elif grep -q "B: 4000.* kg of a quarantined material" "$T/chk"; then
	ok "check_plan.py refuses a charge of a quarantined lot"
else ko quarantine-checker "$(cat "$T/chk")"; fi
if expect quarantine-text 0 "$R" plan --data "$T/quar" --margin 0 --confidence 0 --samples 0; then
	grep -q "^quarantined, kept out of every heat: B (4,000 kg)$" "$T/out" &&
		ok "the text report names the quarantined lot" || ko quarantine-text "$(head -n 8 "$T/out")"
fi
if expect quarantine-price 0 "$R" price --data "$T/quar" --grade G --margin 0 --confidence 0 --format csv; then
	if grep -q '^G,10000,lot,A,' "$T/out" && ! grep -q ',lot,B,' "$T/out"; then
		ok "price leaves the quarantined lot out"
	else ko quarantine-price "$(head -c 300 "$T/out")"; fi
fi
if expect quarantine-sheet 0 "$R" plan --data "$T/quar" --format sheet --confidence 0 --samples 0; then
	grep -q "^  quarantined, keep out: B (4,000 kg)$" "$T/out" &&
		ok "the floor sheet names the quarantined lot" || ko quarantine-sheet "$(head -n 24 "$T/out")"
fi
if expect furnace-sheet 0 "$R" plan --format sheet --confidence 0 --samples 0; then
	if grep -q "^  furnace F2   heel 3,000 kg in a 21,000 kg bath (14.3%)$" "$T/out" &&
		grep -q "^  heel wt%: Si 7 Fe 0.12 Cu 0.02 Mn 0.03 Mg 0.33 Zn 0.03 Ti 0.12 Li 0.0001$" "$T/out" &&
		[ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$T/out")" -le 80 ]; then
		ok "the demo's sheets show the furnace and the heel, within 80 columns"
	else ko furnace-sheet "$(grep -A3 'recycled content' "$T/out" | head -n 8)"; fi
fi
paper "$T/class" 'G,class=toto*,0,,'
sed 's/,1$/,0/' "$T/quar/lots.csv" >"$T/class/lots.csv"
# shellcheck disable=SC2086
if expect class-rule 0 "$R" plan --data "$T/class" $M0; then
	near "$T/out" 'd["total_cost"]' 3428571.4285714286 && near "$T/out" "$(kg B)" 0 &&
		ok "class=toto* denies B (Toto extrusion)" || ko class-rule "$(head -c 300 "$T/out")"
fi
if expect check-lists 0 "$R" check --data "$T/class"; then
	grep -q "material_rules.csv: 1 rules$" "$T/out" &&
		grep -q "^  G          class=toto\* *not allowed (B)$" "$T/out" &&
		ok "check lists the rule and what it matches" || ko check-lists "$(grep -A2 rules "$T/out")"
fi
if expect check-quarantine 0 "$R" check --data "$T/quar"; then
	grep -q "^quarantined (in no plan and no price): B (4,000 kg)$" "$T/out" &&
		ok "check lists the quarantined lot" || ko check-quarantine "$(cat "$T/out")"
fi

# The furnace's minimum charge (furnaces.csv min_charge_kg 2,500, heel 0): P (2,285.71 kg in the
# free optimum) must be 0 or >= 2,500 kg; 0 is infeasible (A >= 6,000 kg puts Fe at 0.56), so
# P = 2,500 and Fe binds: 0.8a + 0.2b = 3750, a + b = 7500: a = b = 3,750, cost
# 750,000 + 1,312,500 + 1,125,000 = 3,187,500. With P's own min_kg 0 (a filled cell), the
# furnace's minimum does not apply to P: the free optimum 3,171,428.57 again.
mincharge() {
	paper "$1" ""
	printf 'furnace,capacity_kg,heel_kg,min_charge_kg
F,20000,0,2500
' >"$1/furnaces.csv"
	printf 'heat,grade,mass_kg,furnace
H1,G,10000,F
' >"$1/heats.csv"
}
mincharge "$T/minc"
# shellcheck disable=SC2086
if expect min-charge 0 "$R" plan --data "$T/minc" $M0; then
	if near "$T/out" 'd["total_cost"]' 3187500 && near "$T/out" "$(kg P)" 2500 &&
		near "$T/out" "$(kg A)" 3750 && python3 $tools/check_plan.py "$T/minc" "$T/out" >"$T/chk" 2>&1; then
		ok "min_charge_kg 2,500: P 2,500 kg, cost 3,187,500"
	else ko min-charge "$(head -c 300 "$T/out") $(cat "$T/chk" 2>/dev/null)"; fi
fi
# shellcheck disable=SC2086
"$R" plan --data tests/data/paper $M0 >"$T/free.json" 2>/dev/null
if python3 $tools/check_plan.py "$T/minc" "$T/free.json" >"$T/chk" 2>&1; then
	ko min-charge-checker "check_plan.py accepted P at 2,285.71 kg under a 2,500 kg minimum"
else ok "check_plan.py refuses a charge under the furnace's minimum"; fi
mincharge "$T/minc0"
printf 'id,mass_kg,price_per_kg,Fe,Si,min_kg
P,,450,0.1,0.05,0
' >"$T/minc0/additives.csv"
# shellcheck disable=SC2086
if expect min-charge-own 0 "$R" plan --data "$T/minc0" $M0; then
	near "$T/out" 'd["total_cost"]' 3171428.5714285714 && ok "an own min_kg of 0 overrides the furnace's minimum" ||
		ko min-charge-own "$(head -c 300 "$T/out")"
fi
mincharge "$T/mincbad"
printf 'furnace,capacity_kg,heel_kg,min_charge_kg
F,20000,0,-5
' >"$T/mincbad/furnaces.csv"
if expect "bad min_charge_kg" 1 "$R" plan --data "$T/mincbad"; then
	grep -q 'furnaces.csv:2:4: .*min_charge_kg' "$T/err" && ok "bad min_charge_kg: furnaces.csv:2:4" ||
		ko "bad min_charge_kg" "$(cat "$T/err")"
fi

# A working aim (grades.csv aim 0.3, tolerance 0.05 on Fe <= 0.4): the window [0.25, 0.35] in
# place of the margin, at --margin 0 and 0.1 alike. Excesses over 0.35: A +0.45, B -0.15,
# P -0.25; all 4,000 kg of B dilute 1,333.33 of A, the other 4,666.67 are A and P at 0.25:0.45:
# A = 3,000, P = 3,000, cost 600,000 + 1,400,000 + 1,350,000 = 3,350,000, Fe on 0.35.
aimdir() {
	paper "$1" ""
	printf 'grade,element,min,max,aim,tolerance
G,Fe,,0.4,%s,%s
G,Si,,1.0,,
' "$2" "$3" >"$1/grades.csv"
}
aimdir "$T/aim" 0.3 0.05
for mg in 0 0.1; do
	if expect "aim margin $mg" 0 "$R" plan --data "$T/aim" --format json --margin $mg --confidence 0 --samples 0; then
		if near "$T/out" 'd["total_cost"]' 3350000 && near "$T/out" "$(kg A)" 3000 &&
			near "$T/out" 'd["heats"][0]["aim"]["Fe"]["tolerance"]' 0.05 &&
			python3 $tools/check_plan.py "$T/aim" "$T/out" >"$T/chk" 2>&1; then
			ok "aim Fe 0.3 +-0.05 at margin $mg: cost 3,350,000, A 3,000 kg"
		else ko "aim margin $mg" "$(head -c 300 "$T/out") $(cat "$T/chk" 2>/dev/null)"; fi
	fi
done
if expect aim-sheet 0 "$R" plan --data "$T/aim" --format sheet --confidence 0 --samples 0; then
	grep -q "^  Fe  *0.25  *0.3500  *0.35  0.3 +-0.05$" "$T/out" && ok "the sheet shows the aim" ||
		ko aim-sheet "$(grep -A3 composition "$T/out")"
fi
if python3 $tools/check_plan.py "$T/aim" "$T/free.json" >"$T/chk" 2>&1; then
	ko aim-checker "check_plan.py accepted Fe 0.4 against an aim window up to 0.35"
else ok "check_plan.py holds a plan to the aim window"; fi
aimbad() {
	aimdir "$T/aimbad" "$2" "$3"
	if expect "bad $1" 1 "$R" check --data "$T/aimbad"; then
		grep -q "grades.csv:2:$4: .*$5" "$T/err" && ok "bad $1: grades.csv:2:$4" || ko "bad $1" "$(cat "$T/err")"
	fi
}
aimbad aim-alone 0.3 "" 6 'aim and tolerance go together'
aimbad tolerance-alone "" 0.05 5 'aim and tolerance go together'
aimbad aim-outside 0.5 0.05 5 'aim 0.5 is outside the spec'
aimbad tolerance-0 0.3 0 6 'tolerance'

# A heat's own heel (heats.csv heel_kg) in place of its furnace's. Paper plant in furnace F
# (capacity 20 t, heel 5,000 kg of pure Al, recovery 1), one 10 t heat:
#   heel_kg 5,000 (or an empty cell: the furnace's): bath 15 t, Fe (in wt% x kg) <= 0.4 x 15000
#     = 6000: A and B only, 0.8a + 0.2b = 6000, a + b = 10000: a = 6,666.67, b = 3,333.33,
#     cost 2,500,000
#   heel_kg 2,000: bath 12 t, Fe <= 4800: B all 4,000, 0.8a + 0.1p = 4000, a + p = 6000:
#     a = 34000/7, p = 8000/7, cost 2,885,714.29
#   heel_kg 0: the paper itself, 3,171,428.57.
heeldir() {
	paper "$1" ""
	printf 'furnace,capacity_kg,heel_kg\nF,20000,5000\n' >"$1/furnaces.csv"
	printf 'heat,grade,mass_kg,furnace,heel_kg\nH1,G,10000,F,%s\n' "$2" >"$1/heats.csv"
}
for hv in "5000:2500000:5000" "2000:2885714.2857142857:2000" "0:3171428.5714285714:0" "5000:2500000:-"; do
	want_heel=${hv%%:*} rest=${hv#*:}
	cost=${rest%%:*} cell=${rest#*:}
	[ "$cell" = "-" ] && cell=""
	heeldir "$T/heel" "$cell"
	# shellcheck disable=SC2086
	if expect "heel $cell" 0 "$R" plan --data "$T/heel" $M0; then
		if near "$T/out" 'd["total_cost"]' "$cost" && near "$T/out" 'd["heats"][0]["heel_kg"]' "$want_heel" &&
			python3 $tools/check_plan.py "$T/heel" "$T/out" >"$T/chk" 2>&1; then
			ok "heel_kg '$cell': heel $want_heel kg, cost $cost"
			cp "$T/out" "$T/heel$want_heel.json"
		else ko "heel $cell" "$(head -c 300 "$T/out") $(cat "$T/chk" 2>/dev/null)"; fi
	fi
done
heeldir "$T/heel" 2000
if python3 $tools/check_plan.py "$T/heel" "$T/heel5000.json" >"$T/chk" 2>&1; then
	ko heel-checker "check_plan.py accepted the 5,000 kg heel's plan on a 2,000 kg heel"
else ok "check_plan.py holds a plan to the heat's own heel"; fi
heelbad() {
	heeldir "$T/heelbad" "$2"
	[ -n "$3" ] && printf 'heat,grade,mass_kg,furnace,heel_kg\nH1,G,10000,,%s\n' "$2" >"$T/heelbad/heats.csv"
	if expect "bad $1" 1 "$R" check --data "$T/heelbad"; then
		grep -q "heats.csv:2:[0-9]*: .*$4" "$T/err" && ok "bad $1: $(sed 's/.*heats.csv/heats.csv/' "$T/err")" ||
			ko "bad $1" "$(cat "$T/err")"
	fi
}
heelbad heel-negative -1 "" 'heel_kg'
heelbad heel-over-capacity 12000 "" 'exceeds the capacity'
heelbad heel-no-furnace 1000 x 'heel_kg without a furnace'

# data/examples/floor-day (the demo with max_materials 12 and min_charge_kg 500/300/500): check
# shows the limits; a short search (a plan, maybe not proven) has no heat over 12 materials and
# no line under its minimum (check_plan.py's only complaint may be the status).
if expect floor-check 0 "$R" check --data data/examples/floor-day; then
	grep -q "^  F2 .*at most 12 materials, at least 300 kg of a material charged" "$T/out" &&
		ok "floor-day: check shows max_materials and min_charge_kg" || ko floor-check "$(grep -A3 furnaces "$T/out")"
fi
if expect floor-plan 0 "$R" plan --data data/examples/floor-day --format json --margin 0 --confidence 0 \
	--samples 0 --time-limit 5; then
	python3 $tools/check_plan.py data/examples/floor-day "$T/out" >"$T/chk" 2>&1
	if [ "$(grep -c '^  - ' "$T/chk")" -le 1 ] && ! grep '^  - ' "$T/chk" | grep -qv "status is 'feasible'"; then
		ok "floor-day: a 5 s plan keeps every heat to 12 materials and its furnace's minimum"
	else ko floor-plan "$(head -c 400 "$T/chk")"; fi
fi

# A rule that leaves no plan: P denied, A and B alone put Fe at 0.56 or more (B has 4 t): exit 2,
# and the heat's diagnosis names the rules of its grade.
paper "$T/norule" 'G,P,0,,'
if expect rule-infeasible 2 "$R" plan --data "$T/norule" --margin 0 --confidence 0 --samples 0; then
	grep -q "^    P not allowed (.*material_rules.csv:2)$" "$T/out" &&
		ok "no plan under a rule: the diagnosis names the rules of the grade" ||
		ko rule-infeasible "$(tail -n 5 "$T/out")"
fi

# Bad files: exit 1, file:line:column, nothing on stdout.
bad() {
	bname=$1 rules=$2 where=$3 what=$4
	paper "$T/bad" "$rules"
	if expect "bad $bname" 1 "$R" plan --data "$T/bad" --format json; then
		if [ ! -s "$T/out" ] && grep -q "material_rules.csv:$where: .*$what" "$T/err"; then
			ok "bad $bname: material_rules.csv:$where"
		else ko "bad $bname" "$(head -c 300 "$T/err")"; fi
	fi
}
bad unknown-grade 'X,B,0,,' 2:1 'grade "X" is not in'
bad unknown-material 'G,Q,0,,' 2:2 'material "Q" is no lot or additive id'
bad unknown-column 'G,colour=red,0,,' 2:2 '"colour" is no column'
bad bad-source 'G,source=guessed,0,,' 2:2 'source must be analyzed, predicted or nominal'
bad share-over-1 'G,B,,1.5,' 2:4 'must be in \[0, 1\]'
bad negative-kg 'G,B,-1,,' 2:3 'must be in'
bad nan-kg 'G,B,nan,,' 2:3 'not a number'
bad min-above-max 'G,B,,0.2,0.3' 2:5 'min_share 0.3 is above max_share 0.2'
bad nothing 'G,B,,,' 2 'gives none of max_kg, max_share, min_share'
bad twice "$(printf 'G,B,100,,\nG,B,,0.5,')" 3:2 'a second rule for grade "G" and "B" (the first at line 2)'
paper "$T/badq" ""
printf 'id,mass_kg,price_per_kg,Fe,quarantine\nA,10000,200,0.8,0\nB,4000,350,0.2,2\n' >"$T/badq/lots.csv"
if expect "bad quarantine" 1 "$R" check --data "$T/badq"; then
	grep -q 'lots.csv:3:5: .*quarantine.*"2"' "$T/err" && ok "bad quarantine: lots.csv:3:5" ||
		ko "bad quarantine" "$(cat "$T/err")"
fi

# Generated plants with rules aimed at their optimum against CBC.
if command -v cbc >/dev/null 2>&1; then
	s=1
	while [ "$s" -le "$SEEDS" ]; do
		d="$T/gen$s"
		mode=""
		[ $((s % 2)) -eq 0 ] && mode=--rules
		# shellcheck disable=SC2086
		python3 $tools/gen_plant.py --seed $((9100 + s)) --out "$d" --infeasible-rate 0 $mode >/dev/null &&
			"$R" plan --data "$d" $M0 >"$d.free" 2>/dev/null &&
			python3 $tools/add_rules.py "$d" "$d.free" --seed "$s" >"$d.rules"
		"$R" plan --data "$d" $M0 >"$d.json" 2>"$d.err"
		rc=$?
		python3 $tools/ref_lp.py "$d" >"$d.ref" 2>&1
		verdict=$(python3 $tools/cbc_verdict.py "$rc" "$d.json" "$d.ref" 2>&1)
		case $verdict in
		"both infeasible") ok "seed $s $mode: $(cat "$d.rules"): both infeasible" ;;
		equal*)
			if python3 $tools/check_plan.py "$d" "$d.json" >"$d.chk" 2>&1; then
				ok "seed $s $mode: $(cat "$d.rules"): $verdict, checker ok"
			else ko "seed $s" "checker: $(head -c 300 "$d.chk")"; fi
			;;
		*) ko "seed $s" "$(cat "$d.rules"): $verdict $(head -c 200 "$d.err")" ;;
		esac
		s=$((s + 1))
	done
else
	echo "SKIP rules: no cbc"
fi
echo "rules: $np passed, $nf failed"
[ "$nf" -eq 0 ]
