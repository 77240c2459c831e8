/* The commit transaction: several files replaced all or nothing, even under SIGKILL or a
 * power cut.
 *
 * rename() replaces one file atomically, but a commit changes up to three (ledger.csv,
 * lots.csv, additives.csv) and there is no atomic rename of several. So a commit is a
 * small write-ahead protocol, always under the flock on DIR/.remelt.lock:
 *
 *   1. write each new file to DIR/NAME.commit and fsync it;
 *   2. write DIR/.remelt.journal.tmp naming each file with the size and FNV-1a-128 hash of its
 *      old and new bytes, fsync it, rename it to DIR/.remelt.journal, fsync DIR.
 *      This rename is the commit point: before it the old files are untouched; after it
 *      every new file is durable and the journal says what they are;
 *   3. rename each NAME.commit over NAME, fsync DIR;
 *   4. delete the journal, fsync DIR.
 *
 * Recovery (lg_recover), at the start of every commit and of `plan`/`check` when DIR shows
 * an unfinished one, under the same lock:
 *   - no journal: the commit died before its commit point. Its temp files (NAME.commit,
 *     the journal's .tmp) are deleted: roll back, the old files never changed;
 *   - a journal: the commit died after its commit point. For each file, NAME.commit still
 *     there means its rename did not happen yet: it is renamed now; absent means it did:
 *     NAME must then hash to the new bytes. Then the journal goes: roll forward.
 * Before touching anything recovery checks every hash (a temp file holds the new bytes; a
 * file not yet replaced still holds its old bytes), so a directory that someone edited by
 * hand in the middle is reported, not guessed at. Recovery itself is idempotent: killed
 * half way, the next run finds the same journal and finishes the same renames.
 *
 * So at any instant the data directory, once recovered, is the state before the commit or
 * the state after it, never a mix: lots.csv + ledger.csv balance. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger_int.h"
#include "rm_file.h"
#include "rm_hash.h"

#define TX_MAGIC "remelt-journal-v1"

/* "absent" or "SIZE:HASH" of some bytes. */
static void tx_sig(char *out, size_t n, const char *p, size_t len, bool present)
{
	char hex[RM_HASH_HEX];
	if (!present) {
		snprintf(out, n, "absent");
		return;
	}
	rm_hash_bytes_hex(p, len, hex);
	snprintf(out, n, "%zu:%s", len, hex);
}

static int tx_file_sig(const char *path, char *out, size_t n, struct rm_error *err)
{
	struct lg_buf b;
	if (lg_read(path, &b, err) < 0)
		return -1;
	tx_sig(out, n, b.p, b.n, b.present);
	lg_buf_free(&b);
	return 0;
}

/* The journal text: magic, plan, one line per file "file NAME OLD NEW", "end". */
static char *tx_journal(const char *plan, const struct lg_file *files, size_t nf, size_t *len)
{
	size_t cap = 128 + nf * 256, k = 0;
	char *j = malloc(cap);
	if (!j)
		return NULL;
	k += (size_t)snprintf(j + k, cap - k, "%s\nplan %s\n", TX_MAGIC, plan);
	for (size_t i = 0; i < nf; i++) {
		char olds[96], news[96];
		tx_sig(olds, sizeof olds, files[i].old.p, files[i].old.n, files[i].old.present);
		tx_sig(news, sizeof news, files[i].new_p, files[i].new_n, true);
		k += (size_t)snprintf(j + k, cap - k, "file %s %s %s\n", files[i].name, olds, news);
	}
	k += (size_t)snprintf(j + k, cap - k, "end\n");
	*len = k;
	return j;
}

static int tx_unlink(const char *dir, const char *name, int *any, struct rm_error *err)
{
	char *p = lg_path(dir, name);
	if (!p)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	int rc = 0;
	if (unlink(p) == 0)
		*any = 1;
	else if (errno != ENOENT)
		rc = rm_error_set(err, p, 0, 0, "cannot delete: %s", strerror(errno));
	free(p);
	return rc;
}

/* Whether name is a passing name of rm_file_link for one of the commit's temp files. */
static bool tx_is_link_temp(const char *name)
{
	char tmp[64];
	for (size_t k = 0; lg_files[k]; k++) {
		snprintf(tmp, sizeof tmp, "%s%s", lg_files[k], LG_TEMP_SUFFIX);
		if (rm_file_is_link_temp(name, tmp))
			return true;
	}
	return rm_file_is_link_temp(name, LG_JOURNAL_TMP);
}

/* Deletes what a commit that never reached its commit point left behind: its temp files,
 * and the passing names a crash between a temp's link and its rename leaves. */
static int tx_clear_temps(const char *dir, int *any, struct rm_error *err)
{
	char name[64];
	for (size_t k = 0; lg_files[k]; k++) {
		snprintf(name, sizeof name, "%s%s", lg_files[k], LG_TEMP_SUFFIX);
		if (tx_unlink(dir, name, any, err) < 0)
			return -1;
	}
	DIR *d = opendir(dir);
	if (!d)
		return rm_error_set(err, dir, 0, 0, "cannot read the folder: %s", strerror(errno));
	int rc = 0;
	for (struct dirent *e; !rc && (e = readdir(d));)
		if (tx_is_link_temp(e->d_name))
			rc = tx_unlink(dir, e->d_name, any, err);
	closedir(d);
	return rc ? rc : tx_unlink(dir, LG_JOURNAL_TMP, any, err);
}

bool lg_pending(const char *dir)
{
	char name[64];
	bool any = false;
	for (size_t k = 0; !any && lg_files[k]; k++) {
		snprintf(name, sizeof name, "%s%s", lg_files[k], LG_TEMP_SUFFIX);
		char *p = lg_path(dir, name);
		any = !p || lg_exists(p);
		free(p);
	}
	const char *const more[] = {LG_JOURNAL, LG_JOURNAL_TMP};
	for (size_t k = 0; !any && k < 2; k++) {
		char *p = lg_path(dir, more[k]);
		any = !p || lg_exists(p);
		free(p);
	}
	/* A kill between a temp's link under its passing name and its rename leaves only
	 * NAME.commit.<16 hex> (rm_file_link): pending too, or it stays behind for good. */
	DIR *d = any ? NULL : opendir(dir);
	for (struct dirent *e; d && !any && (e = readdir(d));)
		any = tx_is_link_temp(e->d_name);
	if (d)
		closedir(d);
	return any;
}

struct tx_entry {
	char name[32];
	char olds[96], news[96];
	bool todo; /* NAME.commit is still there: rename it */
};

#define TX_MAX_FILES 8

/* Reads the journal's lines; anything unexpected stops recovery (a person must look). */
static int tx_parse(const char *path, char *text, char *plan, struct tx_entry *e, size_t *ne,
                    struct rm_error *err)
{
	char *save = NULL, *line = strtok_r(text, "\n", &save);
	int ended = 0;
	*ne = 0;
	if (!line || strcmp(line, TX_MAGIC) != 0)
		return rm_error_set(err, path, 1, 0, "not a remelt journal");
	line = strtok_r(NULL, "\n", &save);
	if (!line || sscanf(line, "plan %64s", plan) != 1)
		return rm_error_set(err, path, 2, 0, "no plan line");
	for (long ln = 3; (line = strtok_r(NULL, "\n", &save)) != NULL && !ended; ln++) {
		struct tx_entry *x = &e[*ne];
		if (strcmp(line, "end") == 0) {
			ended = 1;
			continue;
		}
		int known = 0;
		if (*ne < TX_MAX_FILES &&
		    sscanf(line, "file %31s %95s %95s", x->name, x->olds, x->news) == 3)
			for (size_t k = 0; lg_files[k]; k++)
				known |= strcmp(lg_files[k], x->name) == 0;
		if (!known)
			return rm_error_set(err, path, ln, 0, "unexpected line \"%.60s\"", line);
		x->todo = false;
		(*ne)++;
	}
	return ended ? 0 : rm_error_set(err, path, 0, 0, "journal has no end line");
}

/* Checks that every file is where the protocol says it can be, before anything moves. */
static int tx_verify(const char *dir, struct tx_entry *e, size_t ne, const char *plan,
                     struct rm_error *err)
{
	char sig[96], tmp[64];
	for (size_t i = 0; i < ne; i++) {
		snprintf(tmp, sizeof tmp, "%.31s%s", e[i].name, LG_TEMP_SUFFIX);
		char *fp = lg_path(dir, e[i].name), *tp = lg_path(dir, tmp);
		int rc = !fp || !tp ? rm_error_set(err, dir, 0, 0, "out of memory") : 0;
		e[i].todo = !rc && lg_exists(tp);
		const char *bad = NULL;
		if (!rc && e[i].todo) {
			rc = tx_file_sig(tp, sig, sizeof sig, err);
			bad = !rc && strcmp(sig, e[i].news) ? tmp : NULL;
			if (!rc && !bad && !(rc = tx_file_sig(fp, sig, sizeof sig, err)))
				bad = strcmp(sig, e[i].olds) ? e[i].name : NULL;
		} else if (!rc) {
			rc = tx_file_sig(fp, sig, sizeof sig, err);
			bad = !rc && strcmp(sig, e[i].news) ? e[i].name : NULL;
		}
		if (!rc && bad)
			rc = rm_error_set(
			    err, dir, 0, 0,
			    "an interrupted commit of plan %s cannot be completed: %s "
			    "is not what its journal %s says (edited by hand?); nothing "
			    "was changed, compare %s with %s",
			    plan, bad, LG_JOURNAL, e[i].name, tmp);
		free(fp);
		free(tp);
		if (rc)
			return -1;
	}
	return 0;
}

/* Renames what is still to rename, then retires the journal. */
static int tx_forward(const char *dir, const char *jpath, const struct tx_entry *e, size_t ne,
                      const struct ledger_opts *o, struct rm_error *err)
{
	char tmp[64];
	for (size_t i = 0; i < ne; i++) {
		if (!e[i].todo)
			continue;
		snprintf(tmp, sizeof tmp, "%.31s%s", e[i].name, LG_TEMP_SUFFIX);
		char *fp = lg_path(dir, e[i].name), *tp = lg_path(dir, tmp);
		int rc = !fp || !tp ? rm_error_set(err, dir, 0, 0, "out of memory") : 0;
		if (!rc && rename(tp, fp) < 0)
			rc = rm_error_set(err, fp, 0, 0, "cannot rename %s into place: %s", tmp,
			                  strerror(errno));
		free(fp);
		free(tp);
		if (rc)
			return -1;
		lg_step(o, "rename %s", e[i].name);
	}
	if (rm_file_sync_dir(dir, err) < 0)
		return -1;
	lg_step(o, "renames synced");
	if (unlink(jpath) < 0 && errno != ENOENT)
		return rm_error_set(err, jpath, 0, 0, "cannot delete: %s", strerror(errno));
	if (rm_file_sync_dir(dir, err) < 0)
		return -1;
	lg_step(o, "journal removed");
	return 0;
}

static int tx_recover_journal(const char *dir, const char *jpath, struct lg_buf *jb,
                              const struct ledger_opts *o, struct rm_error *err)
{
	struct tx_entry e[TX_MAX_FILES];
	char plan[LEDGER_ID_MAX + 1] = "";
	size_t ne = 0;
	int any = 0;
	if (tx_parse(jpath, jb->p, plan, e, &ne, err) < 0 || tx_verify(dir, e, ne, plan, err) < 0)
		return -1;
	lg_step(o, "recover: journal of plan %s checked", plan);
	if (tx_forward(dir, jpath, e, ne, o, err) < 0)
		return -1;
	/* a stale journal .tmp can only predate this journal: it is garbage now */
	return tx_clear_temps(dir, &any, err);
}

int lg_recover(const char *dir, const struct ledger_opts *o, int *did, struct rm_error *err)
{
	*did = 0;
	char *jpath = lg_path(dir, LG_JOURNAL);
	if (!jpath)
		return rm_error_set(err, dir, 0, 0, "out of memory");
	struct lg_buf jb;
	int rc = lg_read(jpath, &jb, err);
	if (!rc && jb.present) {
		rc = tx_recover_journal(dir, jpath, &jb, o, err);
		*did = !rc;
	} else if (!rc) {
		int any = 0;
		rc = tx_clear_temps(dir, &any, err);
		if (!rc && any && !(rc = rm_file_sync_dir(dir, err))) {
			*did = 1;
			lg_step(o, "recover: temp files removed");
		}
	}
	lg_buf_free(&jb);
	free(jpath);
	return rc;
}

/* Steps 1 and 2 of the protocol: new files and journal durable; the journal not yet in
 * place. On failure the temps are removed and nothing changed. */
static int tx_prepare(const char *dir, const char *plan, struct lg_file *files, size_t nf,
                      const struct ledger_opts *o, const char *jtmp, struct rm_error *err)
{
	char tmp[64];
	int rc = 0, any = 0;
	for (size_t i = 0; !rc && i < nf; i++) {
		snprintf(tmp, sizeof tmp, "%s%s", files[i].name, LG_TEMP_SUFFIX);
		char *tp = lg_path(dir, tmp);
		rc = tp ? lg_write_durable(tp, files[i].new_p, files[i].new_n, files[i].old.mode, o,
		                           err)
		        : rm_error_set(err, dir, 0, 0, "out of memory");
		free(tp);
	}
	size_t jlen = 0;
	char *j = rc ? NULL : tx_journal(plan, files, nf, &jlen);
	if (!rc && !j)
		rc = rm_error_set(err, dir, 0, 0, "out of memory");
	if (!rc)
		rc = lg_write_durable(jtmp, j, jlen, 0644, o, err);
	free(j);
	if (rc) {
		struct rm_error ignore;
		tx_clear_temps(dir, &any, &ignore);
	}
	return rc;
}

int lg_tx_run(const char *dir, const char *plan, struct lg_file *files, size_t nf,
              const struct ledger_opts *o, struct rm_error *err)
{
	char *jpath = lg_path(dir, LG_JOURNAL), *jtmp = lg_path(dir, LG_JOURNAL_TMP);
	int rc = !jpath || !jtmp ? rm_error_set(err, dir, 0, 0, "out of memory") : 0;
	if (!rc)
		rc = tx_prepare(dir, plan, files, nf, o, jtmp, err);
	if (!rc && rename(jtmp, jpath) < 0) {
		int any = 0;
		struct rm_error ignore;
		rc = rm_error_set(err, jpath, 0, 0, "cannot rename: %s", strerror(errno));
		tx_clear_temps(dir, &any, &ignore);
	}
	if (!rc) {
		/* past the commit point: from here the commit completes, now or at recovery */
		lg_step(o, "journal in place");
		int did = 0;
		if (rm_file_sync_dir(dir, err) < 0 || lg_recover(dir, o, &did, err) < 0)
			rc = -1;
	}
	free(jpath);
	free(jtmp);
	return rc;
}

int lg_locked(const char *dir, const struct ledger_opts *o, int *did, int (*fn)(void *ctx),
              void *ctx, struct rm_error *err)
{
	int fd = -1;
	if (lg_lock(dir, o->wait_ms, &fd, err) < 0)
		return -1;
	lg_step(o, "locked");
	int rc = lg_recover(dir, o, did, err);
	if (!rc)
		rc = fn(ctx);
	lg_unlock(fd);
	return rc;
}
