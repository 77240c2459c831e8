/* Printing from 1 Plan: the selected heat's floor sheet (reports/report_sheet.c) to a file.
 *
 * The file is ./remelt-sheet-<heat>.txt in the current directory, never inside the data
 * directory (as `remelt plan --out` refuses its files: a data directory holds only what
 * remelt reads and the ledger keeps); when the current directory is the data directory, the
 * sheet goes beside it, into its parent. Written atomically through rm_file_output, with the
 * data's control characters shown as text, as every report for people. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "rm_file.h"
#include "rm_text.h"
#include "tui_state.h"

/* The heat id as a file name: letters, digits, '.', '-' and '_' kept, anything else '_'. */
static void print_name(const char *id, char *out, size_t n)
{
	size_t k = 0;
	for (; id[k] && k + 1 < n; k++) {
		char c = id[k];
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		            (c >= '0' && c <= '9') || c == '-' || c == '_' || (c == '.' && k > 0);
		out[k] = keep ? c : '_';
	}
	out[k] = '\0';
}

static bool print_same_dir(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

int tui_sheet_path(const struct tui_state *st, size_t h, char *path, size_t n)
{
	char name[128], cwd[4096];
	print_name(st->plant->heats->h[h].id, name, sizeof name);
	if (!getcwd(cwd, sizeof cwd))
		return -1;
	const char *dir = cwd;
	char parent[4200];
	if (print_same_dir(cwd, st->plant->dir)) {
		snprintf(parent, sizeof parent, "%s", cwd);
		char *slash = strrchr(parent, '/');
		if (slash == parent)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
		dir = parent;
	}
	int len = snprintf(path, n, "%s%sremelt-sheet-%s.txt", dir,
	                   dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

int tui_print_sheet(const struct tui_state *st, char *path, size_t n, struct rm_error *err)
{
	size_t h = st->sel[TUI_SCR_PLAN];
	if (!st->plan || h >= st->plan->nheat)
		return rm_error_set(err, NULL, 0, 0, "no plan to print: re-solve first (r)");
	if (tui_sheet_path(st, h, path, n) < 0)
		return rm_error_set(err, NULL, 0, 0, "no file name for the sheet: %s",
		                    "the current directory cannot be named");
	char *raw = NULL, *vis = NULL;
	size_t rlen = 0, vlen = 0;
	FILE *mem = open_memstream(&raw, &rlen);
	int bad = !mem || report_sheet_heat(mem, st->plant, st->plan, h, st->nedit) < 0;
	if ((mem && fclose(mem) != 0) || bad) {
		free(raw);
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	}
	mem = open_memstream(&vis, &vlen);
	bad = !mem || rm_text_write(mem, raw, rlen) < 0;
	free(raw);
	if ((mem && fclose(mem) != 0) || bad) {
		free(vis);
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	}
	int rc = rm_file_output(path, vis, vlen, err);
	free(vis);
	return rc;
}
