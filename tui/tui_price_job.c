/* The pricing child: price_run in a forked process, its table sent back through a pipe,
 * read by the loop between key reads, so that the screen never blocks on a price table.
 *
 * The child is a copy of the TUI at fork time: it prices that plant and those quotes, writes
 * the table as raw records (the same binary on both ends, as price_jobs.c does) and leaves
 * with _exit, never touching the terminal or the parent's exit handlers. It leads its own
 * process group, so that stopping it also stops the workers price_run forks under chance
 * constraints. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report.h"
#include "report_price.h"
#include "rm_fd.h"
#include "tui_price.h"
#include "tui_state.h"

struct job_head {
	int rc;
	char err[1200];
	struct price_grade g; /* item is the child's pointer: ignored */
	double margin, confidence;
	size_t nlots, noffers;
};

double tui_price_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void job_write(int fd, const struct price_table *t, int rc, const struct rm_error *err)
{
	struct job_head h;
	memset(&h, 0, sizeof h);
	h.rc = rc;
	if (rc)
		rm_error_format(err, h.err, sizeof h.err);
	if (!rc && t->ngrade == 1) {
		h.g = t->g[0];
		h.margin = t->margin;
		h.confidence = t->confidence;
		h.nlots = t->nlots;
		h.noffers = t->noffers;
	} else if (!rc) {
		h.rc = -1;
		snprintf(h.err, sizeof h.err, "priced %zu grades, asked for one", t->ngrade);
	}
	if (rm_write_all(fd, &h, sizeof h) < 0 || h.rc)
		return;
	for (size_t k = 0; k < h.g.nitem; k++)
		if (rm_write_all(fd, &h.g.item[k], sizeof h.g.item[k]) < 0)
			return;
	for (size_t k = 0; k < h.g.nitem; k++)
		if (h.g.item[k].nstep &&
		    rm_write_all(fd, h.g.item[k].step,
		                 h.g.item[k].nstep * sizeof *h.g.item[k].step) < 0)
			return;
}

/* In the child: never returns. */
static void job_child(struct tui_state *st, int fd, long only)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
		signal(sigs[k], SIG_DFL);
	setpgid(0, 0);
	int nul = open("/dev/null", O_RDWR);
	if (nul >= 0) {
		dup2(nul, STDIN_FILENO);
		dup2(nul, STDOUT_FILENO);
		dup2(nul, STDERR_FILENO);
	}
	struct tui_price *pr = &st->price;
	const char *id = only >= 0 ? pr->t->g[0].item[only].mat->id : NULL;
	struct price_opts o = {
	    .grade = (long)pr->job_grade,
	    .margin = st->opts.margin,
	    .confidence = st->opts.confidence,
	    .only = id ? &id : NULL,
	    .nonly = id ? 1 : 0,
	};
	struct price_table *t = NULL;
	struct rm_error err = {0};
	int rc = price_run(st->plant, pr->offers, &o, &t, &err);
	job_write(fd, t, rc, &err);
	_exit(0);
}

int tui_price_start(struct tui_state *st, long only)
{
	struct tui_price *pr = &st->price;
	tui_price_kill(pr);
	int p[2];
	if (pipe(p) < 0) {
		snprintf(pr->why, sizeof pr->why, "cannot price: %s", strerror(errno));
		return -1;
	}
	pr->job_grade = pr->grade;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		snprintf(pr->why, sizeof pr->why, "cannot price: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		job_child(st, p[1], only);
	}
	setpgid(pid, pid); /* also here: the kill must not find it still in our group */
	close(p[1]);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	pr->pid = pid;
	pr->fd = p[0];
	pr->only = only;
	pr->len = 0;
	pr->want = false;
	pr->start_s = tui_price_now();
	return 0;
}

void tui_price_kill(struct tui_price *pr)
{
	if (pr->pid > 0) {
		kill(-pr->pid, SIGKILL);
		while (waitpid(pr->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (pr->fd >= 0)
		close(pr->fd);
	pr->pid = 0;
	pr->fd = -1;
	pr->len = 0;
}

void tui_price_stop(struct tui_state *st, const char *why)
{
	struct tui_price *pr = &st->price;
	bool was = pr->pid > 0;
	tui_price_kill(pr);
	if (was && why)
		snprintf(pr->why, sizeof pr->why, "%s", why);
}

bool tui_price_running(const struct tui_state *st)
{
	return st->price.pid > 0;
}

bool tui_price_limit(struct tui_state *st)
{
	double lim = st->opts.time_limit_s;
	if (!(lim > 0) || !tui_price_running(st) || tui_price_elapsed(st) <= lim)
		return false;
	char why[160];
	snprintf(why, sizeof why,
	         "the time limit of %g s ran out before the table was worked out (r tries again)",
	         lim);
	tui_price_stop(st, why);
	return true;
}

double tui_price_elapsed(const struct tui_state *st)
{
	return st->price.pid > 0 ? tui_price_now() - st->price.start_s : 0;
}

/* The table of the child's bytes; NULL with why when they do not add up. */
static struct price_table *job_table(struct tui_price *pr, const struct plant *p)
{
	struct job_head h;
	if (pr->len < sizeof h) {
		snprintf(pr->why, sizeof pr->why, "the pricing process died before it finished");
		return NULL;
	}
	memcpy(&h, pr->buf, sizeof h);
	if (h.rc) {
		snprintf(pr->why, sizeof pr->why, "%s", h.err);
		return NULL;
	}
	size_t at = sizeof h, need = at + h.g.nitem * sizeof(struct price_item);
	if (pr->len < need) {
		snprintf(pr->why, sizeof pr->why, "the pricing process died before it finished");
		return NULL;
	}
	struct price_table *t = calloc(1, sizeof *t);
	struct price_item *items = calloc(h.g.nitem + 1, sizeof *items);
	if (!t || !items || !(t->g = calloc(1, sizeof *t->g))) {
		free(t ? t->g : NULL);
		free(t);
		free(items);
		snprintf(pr->why, sizeof pr->why, "out of memory");
		return NULL;
	}
	memcpy(items, pr->buf + at, h.g.nitem * sizeof *items);
	at = need;
	t->ngrade = 1;
	t->g[0] = h.g;
	t->g[0].item = items;
	t->margin = h.margin;
	t->confidence = h.confidence;
	t->nlots = h.nlots;
	t->noffers = h.noffers;
	bool bad = false;
	for (size_t k = 0; k < h.g.nitem; k++) {
		struct price_item *it = &items[k];
		size_t nmat = it->offer ? (pr->offers ? pr->offers->n : 0) : p->inv->nlots;
		size_t sz = it->nstep * sizeof *it->step;
		it->step = NULL;
		if (it->src >= nmat || pr->len - at < sz) {
			it->nstep = 0;
			bad = true;
			continue;
		}
		it->mat = it->offer ? &pr->offers->m[it->src] : &p->inv->m[it->src];
		if (sz && !(it->step = malloc(sz))) {
			it->nstep = 0;
			bad = true;
			continue;
		}
		if (sz)
			memcpy(it->step, pr->buf + at, sz);
		at += sz;
	}
	if (bad) {
		price_free(t);
		snprintf(pr->why, sizeof pr->why,
		         "the pricing process sent a table that does not "
		         "fit this plant");
		return NULL;
	}
	return t;
}

/* A quote what-if: the one re-priced item takes the place of the old one. */
static void job_merge(struct tui_price *pr, struct price_table *one)
{
	struct price_grade *pg = &pr->t->g[0];
	if (pr->only < 0 || (size_t)pr->only >= pg->nitem || one->g[0].nitem != 1)
		return;
	struct price_item *dst = &pg->item[pr->only], *src = &one->g[0].item[0];
	if (dst->offer != src->offer || dst->src != src->src)
		return;
	free(dst->step);
	*dst = *src;
	src->step = NULL;
	src->nstep = 0;
}

/* What a quote what-if came to, on the status line. */
static void job_said(struct tui_state *st, const struct price_item *it)
{
	char kg[32], mg[32] = "-";
	report_num(kg, sizeof kg, it->buy_kg, 0);
	if (!isnan(it->margin_per_kg))
		snprintf(mg, sizeof mg, "%+.2f", it->margin_per_kg);
	tui_state_msg(
	    st, false, "%s at quote %.2f: %s%s%s%s, margin %s per kg (what-if, not saved)",
	    it->mat->id, it->mat->price, report_price_verdict(it->verdict),
	    it->verdict == PRICE_BUY_SOME ? " " : "", it->verdict == PRICE_BUY_SOME ? kg : "",
	    it->verdict == PRICE_BUY_SOME ? " kg" : "", mg);
}

bool tui_price_poll(struct tui_state *st)
{
	struct tui_price *pr = &st->price;
	if (pr->pid <= 0)
		return false;
	for (;;) {
		if (pr->cap - pr->len < 65536) {
			size_t cap = pr->cap ? 2 * pr->cap : 1 << 17;
			char *b = realloc(pr->buf, cap);
			if (!b) {
				tui_price_stop(st, "out of memory");
				return true;
			}
			pr->buf = b;
			pr->cap = cap;
		}
		ssize_t r = read(pr->fd, pr->buf + pr->len, pr->cap - pr->len);
		if (r > 0) {
			pr->len += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return false; /* EAGAIN: nothing more yet */
		break;                /* end of file: the child is done */
	}
	size_t len = pr->len;
	long only = pr->only;
	pr->len = 0;
	close(pr->fd);
	pr->fd = -1;
	while (waitpid(pr->pid, NULL, 0) < 0 && errno == EINTR)
		;
	pr->pid = 0;
	pr->len = len;
	struct price_table *t = job_table(pr, st->plant);
	pr->len = 0;
	if (!t) {
		if (only < 0) {
			price_free(pr->t);
			pr->t = NULL;
		}
	} else if (only >= 0 && pr->t) {
		job_merge(pr, t);
		price_free(t);
		job_said(st, &pr->t->g[0].item[only]);
	} else {
		price_free(pr->t);
		pr->t = t;
	}
	pr->only = -1;
	tui_price_rebuild(st);
	return true;
}
