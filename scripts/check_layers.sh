#!/bin/sh
# The folder rules of docs/ARCHITECTURE.md: each folder includes headers only from the folders
# below it (core <- inventory, grades <- plant <- solver <- reports <- tui <- cli), glpk.h only
# in solver/, curses only in tui/. Headers are included by bare name (every folder is on -I),
# so a header name must also be unique across the folders.
# usage: sh scripts/check_layers.sh [REPO_ROOT]; exit 0 clean, 1 with one line per breach.
set -eu
export LC_ALL=C
cd "${1:-$(dirname "$0")/..}"

# folder: the project folders it may include (itself included)
rules='core: core
inventory: core inventory
grades: core grades
plant: core inventory grades plant
solver: core inventory grades plant solver
reports: core inventory grades plant solver reports
tui: core inventory grades plant solver reports tui
cli: core inventory grades plant solver reports tui cli'
folders=$(printf '%s\n' "$rules" | cut -d: -f1)

# shellcheck disable=SC2086
headers=$(for d in $folders; do ls "$d"/*.h 2>/dev/null || true; done)
# shellcheck disable=SC2086
sources=$(for d in $folders; do ls "$d"/*.c "$d"/*.h 2>/dev/null || true; done)

# shellcheck disable=SC2086
printf '%s\n' "$rules" | awk -v headers="$headers" '
FNR == NR {
	sub(":", "", $1)
	for (i = 2; i <= NF; i++)
		may[$1, $i] = 1
	allowed[$1] = substr($0, index($0, " ") + 1)
	next
}
FNR == 1 {
	if (!init) {
		n = split(headers, hs, "\n")
		for (i = 1; i <= n; i++) {
			split(hs[i], parts, "/")
			if (parts[2] in home) {
				printf "%s: header name also in %s/: included by bare name, one of them is unreachable\n", hs[i], home[parts[2]]
				bad++
			} else
				home[parts[2]] = parts[1] # the first on -I, as the compiler finds it
		}
		init = 1
	}
	files++
	split(FILENAME, fp, "/")
	from = fp[1]
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
	h = $0
	sub(/^[^"]*"/, "", h)
	sub(/".*/, "", h)
	checked++
	nparts = split(h, hp, "/")
	if (nparts > 1)
		to = hp[nparts - 1]
	else if (h in home)
		to = home[h]
	else {
		printf "%s:%d: includes \"%s\", not a header of core inventory grades plant solver reports tui cli\n", FILENAME, FNR, h
		bad++
		next
	}
	if (!((from, to) in may)) {
		printf "%s:%d: includes \"%s\" of %s/, which %s/ may not (it may include: %s)\n", FILENAME, FNR, h, to, from, allowed[from]
		bad++
	}
	next
}
/^[ \t]*#[ \t]*include[ \t]*<glpk\.h>/ && from != "solver" {
	printf "%s:%d: includes <glpk.h>: GLPK stays in solver/\n", FILENAME, FNR
	bad++
}
/^[ \t]*#[ \t]*include[ \t]*<(n?curses|ncursesw\/)/ && from != "tui" {
	printf "%s:%d: includes curses: the terminal stays in tui/\n", FILENAME, FNR
	bad++
}
END {
	if (bad) {
		printf "layers: %d breach%s of docs/ARCHITECTURE.md\n", bad, bad == 1 ? "" : "es"
		exit 1
	}
	printf "layers: %d files, %d project includes, all within docs/ARCHITECTURE.md\n", files, checked
}' - $sources
