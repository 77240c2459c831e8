#!/bin/sh
# Every C file of the project in the style of the repository's .clang-format.
# usage: sh scripts/check_format.sh          exit 0 when all are formatted, 1 naming the others
#        sh scripts/check_format.sh --fix    format them in place (make format)
set -eu
export LC_ALL=C
cd "$(dirname "$0")/.."
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
	echo "format: $CLANG_FORMAT not found (Debian: apt-get install clang-format)" >&2
	exit 1
fi
files=$(find core inventory grades plant solver price reports cli tui tests fuzz bench \
	-name '*.[ch]' -type f | sort)
if [ "${1:-}" = --fix ]; then
	# shellcheck disable=SC2086
	"$CLANG_FORMAT" -i $files
	exit 0
fi
bad=0
n=0
for f in $files; do
	n=$((n + 1))
	if ! "$CLANG_FORMAT" --dry-run -Werror "$f" >/dev/null 2>&1; then
		echo "$f: not formatted (make format; $CLANG_FORMAT --dry-run $f shows where)"
		bad=$((bad + 1))
	fi
done
if [ "$bad" -ne 0 ]; then
	echo "format: $bad of $n files differ from .clang-format ($("$CLANG_FORMAT" --version))"
	exit 1
fi
echo "format: $n files as .clang-format says"
