#!/bin/sh
# Installs the Debian packages remelt needs to build and test, when they are missing.
# As root it runs apt-get; otherwise it prints the command to run.
set -eu
PKGS="gcc make libglpk-dev glpk-utils libcsv-dev libcjson-dev libncurses-dev libcmocka-dev \
coinor-cbc python3 python3-cvxopt tmux valgrind clang libclang-rt-14-dev clang-format"
# One dpkg-query for all of them: make run pays for this check every time (16 queries took
# 0.12 s of a demo that must run in under a second).
st=$(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null || true)
missing=""
for p in $PKGS; do
	case "$st" in
	"$p install ok installed"* | *"
$p install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "remelt needs:$missing" >&2
	echo "run: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q $missing >/dev/null
