/* The pricing child: price_run in a forked process, its rows sent back through a socket as
 * they are priced, read by the loop between key reads, so that the screen never blocks on
 * a price table and shows the rows done so far.
 *
 * Once its table is sent the child stays, idle, with its grade's base solved again and kept
 * (price_warm): a quote what-if the row does not settle is a request down the same socket
 * (the offer and its new quote), answered as a one-offer table from the base kept, not from
 * nothing. A new grade, a plant changed or Esc end the child; the next one starts cold.
 *
 * The child is a copy of the TUI at fork time: it prices that plant and those quotes, writes
 * each row as a raw record from price_run's progress hook (the same binary on both ends, as
 * price_jobs.c does), then an end record, and leaves with _exit, never touching the
 * terminal or the parent's exit handlers. It leads its own
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
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report.h"
#include "report_price.h"
#include "rm_fd.h"
#include "tui_price.h"
#include "tui_state.h"

/* Messages down the pipe, each a tag and its payload: the grade's head once its base is
 * solved (before the first row), a row each time one is priced (price_opts.progress, in
 * the order they come), and the end (how it went, the grade's final head). */
enum job_kind { JOB_HEAD = 1, JOB_ROW, JOB_END };

struct job_tag {
	int kind;
	size_t k;     /* JOB_ROW: the item's index in the grade */
	size_t nstep; /* JOB_ROW: its steps, after the item */
};

/* A quote what-if to the child kept (parent to child): offer k of the offers at quote. */
struct job_req {
	size_t offer;
	double quote;
};

struct job_head {
	int rc;
	char err[1200];
	struct price_grade g; /* item is the child's pointer: ignored */
	double margin, confidence;
	size_t nlots, noffers;
};

/* The child's side of the progress hook. */
struct job_out {
	int fd;
	bool head;
	double margin, confidence;
};

double tui_price_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* In the child: a message, whole. The parent gone (the pipe closed), the child ends. */
static void job_send(int fd, const struct job_tag *tag, const void *a, size_t na, const void *b,
                     size_t nb)
{
	if (rm_write_all(fd, tag, sizeof *tag) < 0 || (na && rm_write_all(fd, a, na) < 0) ||
	    (nb && rm_write_all(fd, b, nb) < 0))
		_exit(0);
}

static void job_head_of(struct job_head *h, const struct price_grade *pg, double margin,
                        double confidence)
{
	h->g = *pg;
	h->g.item = NULL;
	h->margin = margin;
	h->confidence = confidence;
	for (size_t k = 0; k < pg->nitem; k++)
		*(pg->item[k].offer ? &h->noffers : &h->nlots) += 1;
}

/* price_opts.progress in the child: the head before the first row, then the row. */
static void job_row(void *ctx, const struct price_grade *pg, size_t k, size_t done)
{
	struct job_out *out = ctx;
	(void)done;
	if (!out->head) {
		struct job_head h;
		memset(&h, 0, sizeof h);
		job_head_of(&h, pg, out->margin, out->confidence);
		job_send(out->fd, &(struct job_tag){.kind = JOB_HEAD}, &h, sizeof h, NULL, 0);
		out->head = true;
	}
	const struct price_item *it = &pg->item[k];
	struct job_tag tag = {.kind = JOB_ROW, .k = k, .nstep = it->nstep};
	job_send(out->fd, &tag, it, sizeof *it, it->step, it->nstep * sizeof *it->step);
}

static void job_end(int fd, const struct price_table *t, int rc, const struct rm_error *err)
{
	struct job_head h;
	memset(&h, 0, sizeof h);
	h.rc = rc;
	if (rc)
		rm_error_format(err, h.err, sizeof h.err);
	if (!rc && t->ngrade == 1) {
		job_head_of(&h, &t->g[0], t->margin, t->confidence);
	} else if (!rc) {
		h.rc = -1;
		snprintf(h.err, sizeof h.err, "priced %zu grades, asked for one", t->ngrade);
	}
	job_send(fd, &(struct job_tag){.kind = JOB_END}, &h, sizeof h, NULL, 0);
}

/* In the child, after its table: the grade's base kept, quote what-ifs answered from it, one
 * at a time, each as a one-offer job's head, row and end. Ends when the parent closes the
 * socket (or is gone), or when the base cannot be kept (the parent then starts cold). */
static void job_serve(struct tui_state *st, int fd, struct price_opts o)
{
	struct tui_price *pr = &st->price;
	struct price_warm *w = NULL;
	struct rm_error err = {0};
	o.only = NULL;
	o.nonly = 0;
	o.progress = NULL;
	if (price_warm_open(st->plant, pr->offers, &o, &w, &err) < 0)
		_exit(0);
	struct job_req rq;
	while (rm_read_all(fd, &rq, sizeof rq) == 1) {
		if (!pr->offers || rq.offer >= pr->offers->n)
			_exit(0);
		pr->offers->m[rq.offer].price = rq.quote;
		struct price_item it = {0};
		err = (struct rm_error){0};
		int rc = price_warm_offer(w, rq.offer, &it, &err);
		struct job_head h;
		memset(&h, 0, sizeof h);
		job_head_of(&h, price_warm_grade(w), o.margin, o.confidence);
		h.g.nitem = 1;
		h.noffers = 1;
		if (!rc) {
			job_send(fd, &(struct job_tag){.kind = JOB_HEAD}, &h, sizeof h, NULL, 0);
			struct job_tag tag = {.kind = JOB_ROW, .k = 0, .nstep = it.nstep};
			job_send(fd, &tag, &it, sizeof it, it.step, it.nstep * sizeof *it.step);
		} else {
			h.rc = rc;
			rm_error_format(&err, h.err, sizeof h.err);
		}
		free(it.step);
		job_send(fd, &(struct job_tag){.kind = JOB_END}, &h, sizeof h, NULL, 0);
	}
	_exit(0);
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
	struct job_out out = {
	    .fd = fd, .margin = st->opts.margin, .confidence = st->opts.confidence};
	struct price_opts o = {
	    .grade = (long)pr->job_grade,
	    .margin = st->opts.margin,
	    .confidence = st->opts.confidence,
	    .only = id ? &id : NULL,
	    .nonly = id ? 1 : 0,
	    .progress = job_row,
	    .progress_ctx = &out,
	};
	struct price_table *t = NULL;
	struct rm_error err = {0};
	int rc = price_run(st->plant, pr->offers, &o, &t, &err);
	job_end(fd, t, rc, &err);
	if (rc || t->ngrade != 1 || !pr->offers)
		_exit(0);
	price_free(t);
	job_serve(st, fd, o);
}

/* A quote what-if to the child kept for this grade, if there is one: true when sent. */
static bool job_ask(struct tui_state *st, long only)
{
	struct tui_price *pr = &st->price;
	if (only < 0 || pr->pid <= 0 || !pr->idle || pr->job_grade != pr->grade || !pr->t ||
	    (size_t)only >= pr->t->g[0].nitem || !pr->t->g[0].item[only].offer)
		return false;
	const struct price_item *it = &pr->t->g[0].item[only];
	struct job_req rq = {.offer = it->src, .quote = it->mat->price};
	/* MSG_NOSIGNAL: a child that is gone is an error here, not a SIGPIPE. */
	if (send(pr->fd, &rq, sizeof rq, MSG_NOSIGNAL) != (ssize_t)sizeof rq)
		return false;
	pr->idle = false;
	pr->only = only;
	pr->len = pr->at = 0;
	pr->ended = pr->failed = false;
	pr->want = false;
	pr->start_s = tui_price_now();
	pr->warm = true;
	return true;
}

int tui_price_start(struct tui_state *st, long only)
{
	struct tui_price *pr = &st->price;
	if (job_ask(st, only))
		return 0;
	tui_price_kill(pr);
	/* The whole grade: its rows come in afresh (a one-offer job merges into the table). */
	if (only < 0)
		tui_price_set(pr, NULL);
	int p[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, p) < 0) {
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
	pr->len = pr->at = 0;
	pr->ended = pr->failed = pr->idle = pr->warm = false;
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
	pr->len = pr->at = 0;
	pr->ended = pr->failed = pr->idle = pr->warm = false;
	price_free(pr->one);
	pr->one = NULL;
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
	return st->price.pid > 0 && !st->price.idle;
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
	return tui_price_running(st) ? tui_price_now() - st->price.start_s : 0;
}

/* A table of one grade with room for the head's rows, none priced yet. */
static struct price_table *job_new(const struct job_head *h)
{
	struct price_table *t = calloc(1, sizeof *t);
	struct price_item *items = calloc(h->g.nitem + 1, sizeof *items);
	if (!t || !items || !(t->g = calloc(1, sizeof *t->g))) {
		free(t ? t->g : NULL);
		free(t);
		free(items);
		return NULL;
	}
	t->ngrade = 1;
	t->g[0] = h->g;
	t->g[0].item = items;
	t->margin = h->margin;
	t->confidence = h->confidence;
	t->nlots = h->nlots;
	t->noffers = h->noffers;
	return t;
}

/* The table the job fills: the one shown for the whole grade, its own for one offer. */
static struct price_table *job_dest(struct tui_price *pr)
{
	return pr->only >= 0 ? pr->one : pr->t;
}

/* The head: the table the rows go into. false out of memory. */
static bool job_head_in(struct tui_price *pr, const struct job_head *h)
{
	struct price_table *t = job_new(h);
	unsigned char *got = t ? calloc(h->g.nitem + 1, 1) : NULL;
	if (!got) {
		price_free(t);
		return false;
	}
	if (pr->only >= 0) {
		price_free(pr->one);
		pr->one = t;
		free(got);
	} else {
		tui_price_set(pr, t);
		pr->got = got;
	}
	return true;
}

/* A row: into its place in the table, its material and steps this process's. */
static bool job_row_in(struct tui_price *pr, const struct plant *p, const struct job_tag *tag,
                       const char *at)
{
	struct price_table *t = job_dest(pr);
	if (!t || tag->k >= t->g[0].nitem)
		return false;
	struct price_item it;
	memcpy(&it, at, sizeof it);
	size_t nmat = it.offer ? (pr->offers ? pr->offers->n : 0) : p->inv->nlots;
	size_t sz = tag->nstep * sizeof *it.step;
	if (it.src >= nmat || it.nstep != tag->nstep)
		return false;
	it.mat = it.offer ? &pr->offers->m[it.src] : &p->inv->m[it.src];
	it.step = NULL;
	if (sz && !(it.step = malloc(sz)))
		return false;
	if (sz)
		memcpy(it.step, at + sizeof it, sz);
	struct price_item *dst = &t->g[0].item[tag->k];
	free(dst->step);
	*dst = it;
	if (t == pr->t && pr->got && !pr->got[tag->k]) {
		pr->got[tag->k] = 1;
		pr->ndone++;
	}
	return true;
}

/* The end: how it went, and the grade's final head (its rows all came before). */
static bool job_end_in(struct tui_price *pr, const struct job_head *h)
{
	pr->ended = true;
	if (h->rc) {
		pr->failed = true;
		snprintf(pr->why, sizeof pr->why, "%s", h->err);
		if (pr->only < 0)
			tui_price_set(pr, NULL);
		return true;
	}
	/* A grade no charge can make, or no item: no row came, nor a head. */
	if (!job_dest(pr) && !job_head_in(pr, h))
		return false;
	struct price_table *t = job_dest(pr);
	struct price_item *items = t->g[0].item;
	size_t n = t->g[0].nitem;
	if (h->g.nitem != n || (h->g.feasible && t == pr->t && pr->ndone != n))
		return false;
	t->g[0] = h->g;
	t->g[0].item = items;
	if (t == pr->t) {
		free(pr->got);
		pr->got = NULL;
		pr->ndone = 0;
	}
	return true;
}

/* Takes the whole messages the child has written: false when they do not add up. */
static bool job_take(struct tui_price *pr, const struct plant *p)
{
	struct job_tag tag;
	while (pr->len - pr->at >= sizeof tag && !pr->ended) {
		const char *at = pr->buf + pr->at;
		memcpy(&tag, at, sizeof tag);
		size_t need = tag.kind == JOB_ROW ? sizeof(struct price_item) +
		                                        tag.nstep * sizeof(struct price_step)
		                                  : sizeof(struct job_head);
		if (tag.kind == JOB_ROW && tag.nstep > (1u << 20))
			return false;
		if (pr->len - pr->at - sizeof tag < need)
			break;
		at += sizeof tag;
		struct job_head h;
		if (tag.kind != JOB_ROW)
			memcpy(&h, at, sizeof h);
		bool ok = tag.kind == JOB_HEAD  ? job_head_in(pr, &h)
		          : tag.kind == JOB_ROW ? job_row_in(pr, p, &tag, at)
		          : tag.kind == JOB_END ? job_end_in(pr, &h)
		                                : false;
		if (!ok)
			return false;
		pr->at += sizeof tag + need;
	}
	/* What is left is part of a message: to the front, so that the buffer holds at most a
	 * read's worth beyond one message however long the table. */
	if (pr->at) {
		memmove(pr->buf, pr->buf + pr->at, pr->len - pr->at);
		pr->len -= pr->at;
		pr->at = 0;
	}
	return true;
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
	if (pr->got && !pr->got[pr->only]) {
		pr->got[pr->only] = 1;
		pr->ndone++;
	}
}

void tui_price_said(struct tui_state *st, const struct price_item *it)
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

/* Reads what the child wrote: false when nothing more is there yet, true at its end. */
static bool job_read(struct tui_state *st)
{
	struct tui_price *pr = &st->price;
	for (;;) {
		if (pr->cap - pr->len < 65536) {
			size_t cap = pr->cap ? 2 * pr->cap : 1 << 17;
			char *b = realloc(pr->buf, cap);
			if (!b)
				return true;
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
		return r == 0; /* EAGAIN: nothing more yet; 0: end of file */
	}
}

bool tui_price_poll(struct tui_state *st)
{
	struct tui_price *pr = &st->price;
	if (!tui_price_running(st))
		return false;
	size_t had = pr->ndone;
	bool eof = job_read(st);
	bool ok = job_take(pr, st->plant);
	if (ok && !eof && !pr->ended) {
		/* New rows: the view again (a new table starts with none, tui_price_set). */
		if (pr->ndone != had && tui_price_rebuild(st) < 0)
			tui_state_msg(st, true, "out of memory");
		return false;
	}
	long only = pr->only;
	bool ended = pr->ended;
	struct price_table *one = pr->one;
	pr->one = NULL;
	pr->only = -1;
	if (ok && ended && !eof && !pr->failed) {
		/* Done, and the child stays with its base kept for quote what-ifs (job_serve). */
		pr->idle = true;
		pr->len = pr->at = 0;
		pr->ended = false;
	} else {
		tui_price_kill(pr); /* reaps it (done, or sending what does not add up) */
	}
	if (!ok || !ended) {
		snprintf(pr->why, sizeof pr->why,
		         !ok ? "the pricing process sent a table that does not fit this plant"
		             : "the pricing process died before it finished");
		if (only < 0)
			tui_price_set(pr, NULL);
	} else if (only >= 0 && one && pr->t) {
		pr->only = only;
		job_merge(pr, one);
		pr->only = -1;
		tui_price_said(st, &pr->t->g[0].item[only]);
	}
	price_free(one);
	tui_price_rebuild(st);
	return true;
}
