/* Saving what-if edits: only files with edits are written, and only after the edited files,
 * together with the rest of the plant, have loaded without error in a scratch folder by the
 * same loader every command uses. So a save never leaves files that remelt itself would
 * refuse (a lot of 0 kg, a heat beyond its furnace, ...). They are written as a commit
 * writes (ledger_save): under its lock, after recovering a commit that died, all or nothing
 * through its journal, and never over a file a commit changed since the TUI loaded it. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ledger.h"
#include "rm_file.h"
#include "tui_state.h"

/* What-if values a data file cannot hold, with a message that says what to do. */
static int save_savable(const struct tui_state *st, struct rm_error *err)
{
	const struct inventory *inv = st->plant->inv;
	for (size_t i = 0; i < inv->n; i++)
		if (!(inv->m[i].mass_kg > 0))
			return rm_error_set(err, inv->m[i].file, 0, 0,
			                    "%s: a mass of 0 kg cannot be saved (the file needs a "
			                    "mass > 0): undo it (u) or give a mass first",
			                    inv->m[i].id);
	return 0;
}

static const char *save_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* "dir/name" in a new string, or NULL. */
static char *save_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", dir, name);
	return s;
}

static int save_copy(const char *from, const char *to)
{
	FILE *in = rm_file_fopen_read(from, NULL), *out = in ? fopen(to, "wb") : NULL;
	char buf[65536];
	size_t n;
	int rc = in && out ? 0 : -1;
	while (!rc && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in && ferror(in))
		rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* The plant's CSV files into dir, the edited tables in place of their files. */
static int save_stage(const struct tui_state *st, unsigned dirty, const char *dir)
{
	DIR *d = opendir(st->plant->dir);
	if (!d)
		return -1;
	int rc = 0;
	for (struct dirent *de; !rc && (de = readdir(d));) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		char *from = save_join(st->plant->dir, de->d_name),
		     *to = save_join(dir, de->d_name);
		rc = from && to ? save_copy(from, to) : -1;
		free(from);
		free(to);
	}
	closedir(d);
	for (int f = 0; !rc && f < TUI_NFILE; f++) {
		if (!(dirty & (1u << f)))
			continue;
		char *to = save_join(dir, save_base(st->tab[f]->path));
		FILE *out = to ? fopen(to, "wb") : NULL;
		rc = out ? tui_table_write(out, st->tab[f]) : -1;
		if (out && fclose(out) != 0)
			rc = -1;
		free(to);
	}
	return rc;
}

static void save_unstage(const char *dir)
{
	DIR *d = opendir(dir);
	for (struct dirent *de; d && (de = readdir(d));) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *path = save_join(dir, de->d_name);
		if (path)
			unlink(path);
		free(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static int save_check_load(const struct tui_state *st, unsigned dirty, struct rm_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/remelt-save-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return rm_error_set(err, NULL, 0, 0, "cannot make a scratch folder in %s: %s",
		                    tmp && *tmp ? tmp : "/tmp", strerror(errno));
	int rc = 0;
	if (save_stage(st, dirty, dir) < 0) {
		rc = rm_error_set(err, dir, 0, 0, "cannot stage the files to check them: %s",
		                  strerror(errno));
	} else {
		struct plant *p = NULL;
		rc = plant_load(dir, true, &p, err);
		plant_free(p);
		if (rc < 0 && strncmp(err->file, dir, strlen(dir)) == 0) {
			/* Name the real file, not its scratch copy. */
			char real[2 * sizeof err->file];
			snprintf(real, sizeof real, "%s/%s", st->plant->dir, save_base(err->file));
			size_t n = strlen(real);
			if (n >= sizeof err->file)
				n = sizeof err->file - 1;
			memcpy(err->file, real, n);
			err->file[n] = '\0';
			size_t len = strlen(err->msg);
			snprintf(err->msg + len, sizeof err->msg - len, " (nothing saved)");
		}
	}
	save_unstage(dir);
	return rc;
}

#define SAVE_WAIT_MS 10000 /* as long as commit waits for the lock by default */

/* The edited tables' bytes, handed to the ledger's journalled writer in one transaction. */
static int save_write(struct tui_state *st, unsigned dirty, struct rm_error *err)
{
	struct ledger_save_file sf[TUI_NFILE];
	char *buf[TUI_NFILE] = {0};
	size_t n = 0;
	int rc = 0;
	for (int f = 0; !rc && f < TUI_NFILE; f++) {
		if (!(dirty & (1u << f)))
			continue;
		const struct tui_table *t = st->tab[f];
		size_t len = 0;
		FILE *mem = open_memstream(&buf[n], &len);
		rc = mem && tui_table_write(mem, t) == 0 ? 0 : -1;
		if ((mem && fclose(mem) != 0) || rc)
			rc = rm_error_set(err, t->path, 0, 0, "out of memory");
		sf[n] = (struct ledger_save_file){save_base(t->path), buf[n], len, t->size,
		                                  t->mtime_ns};
		n++;
	}
	struct ledger_opts o = {.now = (long long)time(NULL), .wait_ms = SAVE_WAIT_MS};
	if (!rc)
		rc = ledger_save(st->plant->dir, sf, n, &o, err);
	for (size_t k = 0; k < n; k++)
		free(buf[k]);
	/* the files as saved are what the next save must find */
	for (int f = 0; !rc && f < TUI_NFILE; f++) {
		struct stat sb;
		if (!(dirty & (1u << f)) || stat(st->tab[f]->path, &sb) < 0)
			continue;
		st->tab[f]->size = (long long)sb.st_size;
		st->tab[f]->mtime_ns =
		    (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
	}
	return rc;
}

int tui_edit_save(struct tui_state *st, struct rm_error *err)
{
	unsigned dirty = tui_edit_dirty(st);
	if (save_savable(st, err) < 0 || save_check_load(st, dirty, err) < 0 ||
	    save_write(st, dirty, err) < 0)
		return -1;
	for (size_t k = 0; k < st->nedit; k++) {
		free(st->edits[k].old_text);
		free(st->edits[k].new_text);
	}
	st->nedit = 0;
	if (st->base != st->plan)
		plan_free(st->base);
	st->base = st->plan;
	return 0;
}
