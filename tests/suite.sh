# Shared by the sh suites (sourced, after T is set): PASS/FAIL lines counted in np and nf,
# and expect, which runs a command and checks its exit status and stderr.
# SUITE names the suite in the lines ("PASS cli ...").
np=0 nf=0
ok() { echo "PASS $SUITE $1"; np=$((np + 1)); }
ko() { echo "FAIL $SUITE $1: $2"; nf=$((nf + 1)); }
# expect NAME WANT_EXIT cmd...: runs cmd with stdout in $T/out, stderr in $T/err; a FAIL
# line when the exit status differs or stderr holds a sanitizer report
expect() {
	name=$1 want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		ko "$name" "exit $got, wanted $want; stderr: $(head -c 300 "$T/err")"
		return 1
	fi
	if grep -q -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$T/err"; then
		ko "$name" "sanitizer report: $(head -c 300 "$T/err")"
		return 1
	fi
	return 0
}
