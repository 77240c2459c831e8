#!/bin/sh
# The folder rules of docs/ARCHITECTURE.md: each folder includes headers only from the folders
# below it (core <- inventory, grades <- plant <- solver <- price <- reports <- tui <- cli),
# glpk.h only in solver/ and price/, curses only in tui/. Top folders are on -I, so their
# headers are included by bare name and solver's subfolders' as "model/model.h"; a header
# name must also be unique across the folders.
# usage: sh scripts/check_layers.sh [REPO_ROOT]; exit 0 clean, 1 with one line per breach.
set -eu
export LC_ALL=C
cd "${1:-$(dirname "$0")/..}"

# folder: the project folders it may include (itself included). A new top folder gets a row
# here and in docs/ARCHITECTURE.md's table.
rules='core: core
inventory: core inventory
grades: core grades
plant: core inventory grades plant
solver: core inventory grades plant solver
price: core inventory grades plant solver price
reports: core inventory grades plant solver price reports
tui: core inventory grades plant solver price reports tui
cli: core inventory grades plant solver price reports tui cli'
folders=$(printf '%s\n' "$rules" | cut -d: -f1)

# Subfolders (solver/model/, ...) belong to their top folder's layer.
# shellcheck disable=SC2086
headers=$(find $folders -name '*.h' -type f | sort)
# shellcheck disable=SC2086
sources=$(find $folders -name '*.[ch]' -type f | sort)

# The charge model's rows and columns change only in solver/model/ (its verbs in model.h):
# GLPK's row and column setters elsewhere only in the files that build an LP of their own
# (docs/ARCHITECTURE.md). price_cols.c changes pricing's pruned copy of the model, and the
# model itself through its verbs.
own_lp='solver/adjust/adjust.c solver/adjust/adjust_diag.c solver/chance/chance_backoff.c
price/price_cols.c price/price_kkt_far.c'
setters='glp_(add_rows|add_cols|set_mat_row|set_mat_col|del_rows|del_cols|set_row_bnds|set_col_bnds)[[:space:]]*[(]'
setter_bad=0
for f in $sources; do
	case "$f" in solver/model/*) continue ;; esac
	case " $(printf '%s' "$own_lp" | tr '\n' ' ') " in *" $f "*) continue ;; esac
	hits=$(grep -nE "$setters" "$f" || true)
	[ -n "$hits" ] || continue
	printf '%s\n' "$hits" | sed "s|^|$f:|; s|\$|  <- a GLPK setter outside solver/model/: use its verbs (model.h)|"
	setter_bad=$((setter_bad + $(printf '%s\n' "$hits" | wc -l)))
done

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
		# home[x]: the layer of the header that #include "x" names, for x its file name
		# and every tail of its path ("model/model.h" of solver/model/model.h)
		n = split(headers, hs, "\n")
		for (i = 1; i <= n; i++) {
			k = split(hs[i], parts, "/")
			tail = parts[k]
			if (tail in home) {
				printf "%s: header name also in %s/: included by bare name, one of them is unreachable\n", hs[i], home[tail]
				bad++
				continue
			}
			for (j = k; j > 1; j--) {
				if (j < k)
					tail = parts[j] "/" tail
				if (!(tail in home))
					home[tail] = parts[1]
			}
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
	name = h
	while (h ~ /^\.\.?\//)
		sub(/^\.\.?\//, "", h)
	if (h in home)
		to = home[h]
	else if (h ~ /\// && (substr(h, 1, index(h, "/") - 1) in allowed) &&
	         (substr(h, index(h, "/") + 1) in home))
		to = substr(h, 1, index(h, "/") - 1) # "core/rm_error.h", a path from the root
	else {
		printf "%s:%d: includes \"%s\", not a header of core inventory grades plant solver price reports tui cli\n", FILENAME, FNR, name
		bad++
		next
	}
	if (!((from, to) in may)) {
		printf "%s:%d: includes \"%s\" of %s/, which %s/ may not (it may include: %s)\n", FILENAME, FNR, name, to, from, allowed[from]
		bad++
	}
	next
}
/^[ \t]*#[ \t]*include[ \t]*<glpk\.h>/ && from != "solver" && from != "price" {
	printf "%s:%d: includes <glpk.h>: GLPK stays in solver/ and price/\n", FILENAME, FNR
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
if [ "$setter_bad" -gt 0 ]; then
	echo "layers: $setter_bad GLPK setter(s) on the charge model outside solver/model/"
	exit 1
fi
