#!/usr/bin/env python3
"""One plan's verdict against CBC's optimum of the same data (ref_lp.py's JSON), as one line:
"both infeasible", "equal <cost>", or what differs. Shared by tests/rules_tests.sh and
tests/seq_tests.sh.

usage: cbc_verdict.py RC PLAN.json REF.json [--tol REL]
  RC: remelt plan's exit status; PLAN.json its --format json output; REF.json ref_lp.py's.
  --tol: the relative distance of the costs that still counts as equal (default 1e-6)."""
import argparse
import json


def verdict(rc, plan, ref, tol):
    if ref["status"] == "infeasible":
        return "both infeasible" if rc == 2 else f"CBC infeasible, remelt exit {rc}"
    if rc != 0:
        return "CBC %r, remelt exit %d" % (ref["objective"], rc)
    with open(plan) as f:
        got = json.load(f)["total_cost"]
    w = ref["objective"]
    if abs(got - w) <= tol * max(1.0, abs(w)):
        return f"equal {w:.2f}"
    return f"remelt {got!r} != CBC {w!r}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rc", type=int)
    ap.add_argument("plan")
    ap.add_argument("ref")
    ap.add_argument("--tol", type=float, default=1e-6)
    a = ap.parse_args()
    with open(a.ref) as f:
        ref = json.load(f)
    print(verdict(a.rc, a.plan, ref, a.tol))


if __name__ == "__main__":
    main()
