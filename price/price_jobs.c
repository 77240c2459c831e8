/* price_jobs: the items of one grade priced by several processes at once.
 *
 * Under chance constraints every point is a cutting-plane solve (tens of ms in a yard of
 * 1,000 lots), and the items are independent of each other: price_open and price_close
 * put the LP back to the base (its rows, columns and basis) around each one. So after the
 * base solve the process forks: each worker inherits the base LP as it stands, prices the
 * items k with k % jobs == its number (interleaved, so that the costly items, which sit
 * anywhere in the yard, spread evenly), and sends each back through a pipe as soon as it
 * is priced. The parent prices its own share meanwhile, reading what the workers sent
 * between two of its items (so that a worker never waits long on a full pipe, and the
 * caller's progress hook sees every row as it comes), then the rest, and reaps the
 * workers. An item comes out exactly as the serial loop computes it: the same base, the
 * same re-solves.
 *
 * Workers end with _exit: they flush nothing and run no atexit handler of the caller, so
 * to the caller the run is one call that returns. A worker that fails sends its error;
 * one that dies (a signal) is reported by its status. */
#include "price_jobs.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rm_fd.h"

/* What a worker sends: one record per item it priced, then an end record (k = SIZE_MAX)
 * whose rc says whether it finished. */
struct jobs_rec {
	size_t k;
	int rc;
	struct price_item it;
};

/* A record is written whole (a pipe write of at most PIPE_BUF bytes is atomic), so once
 * poll says a pipe is readable the whole record is there. */
_Static_assert(sizeof(struct jobs_rec) <= PIPE_BUF, "a record must fit one atomic write");

/* A worker's state as the parent reads it. */
enum { JOBS_RUNNING, JOBS_DONE, JOBS_FAILED, JOBS_SHORT };

/* The worker: its share, each item sent as soon as it is priced. */
_Noreturn static void jobs_worker(struct price_lp *lp, struct price_grade *pg, size_t w,
                                  size_t jobs, int fd)
{
	int rc = 0;
	struct jobs_rec rec;
	memset(&rec, 0, sizeof rec);
	for (size_t k = w; k < pg->nitem && rc == 0; k += jobs) {
		rc = price_item_at(lp, pg, k);
		if (rc)
			break;
		rec.k = k;
		rec.it = pg->item[k];
		if (rm_write_all(fd, &rec, sizeof rec) < 0)
			_exit(3);
	}
	memset(&rec, 0, sizeof rec);
	rec.k = SIZE_MAX;
	rec.rc = rc;
	_exit(rm_write_all(fd, &rec, sizeof rec) < 0 ? 3 : 0);
}

/* One item priced (here or by a worker): the caller's progress hook, if any. */
static void jobs_done(const struct price_opts *o, const struct price_grade *pg, size_t k,
                      size_t *done)
{
	++*done;
	if (o && o->progress)
		o->progress(o->progress_ctx, pg, k, *done);
}

/* Reads one record of a worker into pg: its new state. */
static int jobs_take(struct price_grade *pg, int fd, const struct price_opts *o, size_t *done)
{
	struct jobs_rec rec;
	if (rm_read_all(fd, &rec, sizeof rec) != 1)
		return JOBS_SHORT;
	if (rec.k == SIZE_MAX)
		return rec.rc == 0 ? JOBS_DONE : JOBS_FAILED;
	if (rec.k >= pg->nitem)
		return JOBS_SHORT;
	struct price_item *it = &pg->item[rec.k];
	const struct material *mat = it->mat;
	free(it->step);
	*it = rec.it;
	/* The steps (none under chance constraints) stayed in the worker. */
	it->mat = mat;
	it->step = NULL;
	it->nstep = 0;
	jobs_done(o, pg, rec.k, done);
	return JOBS_RUNNING;
}

/* Reads what the workers 1..n-1 have sent, waiting for more (wait) or not: false when a
 * worker failed or stopped short (its state says which). */
static bool jobs_read(struct price_grade *pg, const int *fd, int *state, size_t n, bool wait,
                      const struct price_opts *o, size_t *done)
{
	struct pollfd pfd[PRICE_JOBS_MAX];
	for (;;) {
		nfds_t np = 0;
		size_t who[PRICE_JOBS_MAX];
		for (size_t w = 1; w < n; w++)
			if (state[w] == JOBS_RUNNING) {
				pfd[np] = (struct pollfd){.fd = fd[w], .events = POLLIN};
				who[np++] = w;
			}
		if (!np)
			return true;
		int r = poll(pfd, np, wait ? -1 : 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0;
		for (nfds_t q = 0; q < np; q++) {
			if (!(pfd[q].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			size_t w = who[q];
			state[w] = jobs_take(pg, fd[w], o, done);
			if (state[w] == JOBS_FAILED || state[w] == JOBS_SHORT)
				return false;
		}
		if (!wait)
			return true;
	}
}

size_t price_jobs_auto(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

int price_jobs_run(struct price_lp *lp, struct price_grade *pg, size_t jobs,
                   const struct price_opts *o, struct rm_error *err)
{
	if (jobs > PRICE_JOBS_MAX)
		jobs = PRICE_JOBS_MAX;
	if (jobs > pg->nitem)
		jobs = pg->nitem;
	if (jobs < 1)
		jobs = 1;
	pid_t pid[PRICE_JOBS_MAX];
	int fd[PRICE_JOBS_MAX] = {0}, state[PRICE_JOBS_MAX] = {0};
	size_t started = 1, done = 0;
	int rc = 0;
	for (size_t w = 1; w < jobs; w++) {
		int pfd[2];
		/* Out of pipes or processes: fewer workers, and the parent prices the share of
		 * each one missing. */
		if (pipe(pfd) < 0)
			break;
		pid_t c = fork();
		if (c < 0) {
			close(pfd[0]);
			close(pfd[1]);
			break;
		}
		if (c == 0) {
			close(pfd[0]);
			for (size_t v = 1; v < w; v++)
				close(fd[v]);
			jobs_worker(lp, pg, w, jobs, pfd[1]);
		}
		close(pfd[1]);
		pid[w] = c;
		fd[w] = pfd[0];
		state[w] = JOBS_RUNNING;
		started = w + 1;
	}
	/* The parent's share: its own, and that of every worker that could not start; what
	 * the workers sent meanwhile is read between two items. */
	bool ok = true;
	for (size_t k = 0; k < pg->nitem && rc == 0 && ok; k++)
		if (k % jobs == 0 || k % jobs >= started) {
			rc = price_item_at(lp, pg, k);
			if (rc == 0) {
				jobs_done(o, pg, k, &done);
				ok = jobs_read(pg, fd, state, started, false, o, &done);
			}
		}
	if (rc == 0 && ok)
		ok = jobs_read(pg, fd, state, started, true, o, &done);
	int failed = 0, sig = 0;
	for (size_t w = 1; w < started; w++) {
		if (state[w] == JOBS_FAILED || state[w] == JOBS_SHORT)
			failed = failed ? failed : state[w] == JOBS_FAILED ? -1 : -2;
		if (rc != 0 || !ok)
			kill(pid[w], SIGKILL);
		close(fd[w]);
		int status = 0;
		while (waitpid(pid[w], &status, 0) < 0 && errno == EINTR)
			;
		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
			sig = WTERMSIG(status);
	}
	if (rc != 0 || failed == -1)
		return -1;
	if (failed)
		return sig ? rm_error_set(err, NULL, 0, 0,
		                          "a pricing worker was killed by signal %d", sig)
		           : rm_error_set(err, NULL, 0, 0,
		                          "a pricing worker stopped before sending its results");
	return 0;
}

/* Grades side by side (price_jobs_grades).
 *
 * Each grade's base solve (cutting planes on the whole yard, a quarter to a third of the
 * every-grade table) used to run alone, the other processor waiting, before its items were
 * split. Now a process per grade (at most `jobs` at once) solves its base and prices its
 * items, itself split over `jobs` processes: the bases of two grades run side by side, and
 * a grade's items beside another grade's base. What a grade's process computes is what the
 * one-process loop computes (the same base, the same points), so the table is byte for byte
 * the same; each row is sent back as soon as it is priced, with its grade's head. */

/* A grade's record: one per item, then an end record (k = SIZE_MAX) with rc. */
struct grade_rec {
	size_t k;
	int rc;
	double heat_kg, base_cost;
	size_t heat_basis;
	bool heat_given, feasible;
	unsigned long kkt_points, kkt_steps, kkt_dj;
	struct price_item it;
};
_Static_assert(sizeof(struct grade_rec) <= PIPE_BUF, "a record must fit one atomic write");

static void grade_head(struct grade_rec *r, const struct price_grade *pg)
{
	r->heat_kg = pg->heat_kg;
	r->base_cost = pg->base_cost;
	r->heat_basis = pg->heat_basis;
	r->heat_given = pg->heat_given;
	r->feasible = pg->feasible;
	r->kkt_points = pg->kkt_points;
	r->kkt_steps = pg->kkt_steps;
	r->kkt_dj = pg->kkt_dj;
}

static void grade_unhead(struct price_grade *pg, const struct grade_rec *r)
{
	pg->heat_kg = r->heat_kg;
	pg->base_cost = r->base_cost;
	pg->heat_basis = r->heat_basis;
	pg->heat_given = r->heat_given;
	pg->feasible = r->feasible;
}

/* The grade process's progress hook: the row, with its grade's head. */
static void grade_send(void *ctx, const struct price_grade *pg, size_t k, size_t done)
{
	(void)done;
	struct grade_rec r;
	memset(&r, 0, sizeof r);
	grade_head(&r, pg);
	r.k = k;
	r.it = pg->item[k];
	if (rm_write_all(*(int *)ctx, &r, sizeof r) < 0)
		_exit(3);
}

_Noreturn static void grade_worker(struct price_grade *pg, size_t jobs, price_grade_fn solve,
                                   void *ctx, const struct price_opts *o, int fd)
{
	struct price_opts wo = *o;
	struct rm_error err = {0};
	wo.jobs = jobs;
	wo.progress = grade_send;
	wo.progress_ctx = &fd;
	int rc = solve(ctx, pg, &wo, &err);
	struct grade_rec r;
	memset(&r, 0, sizeof r);
	grade_head(&r, pg);
	r.k = SIZE_MAX;
	r.rc = rc;
	_exit(rm_write_all(fd, &r, sizeof r) < 0 ? 3 : 0);
}

/* One record of grade pg's process: JOBS_RUNNING after a row, else its end. */
static int grade_take(struct price_grade *pg, int fd, const struct price_opts *o, size_t *done)
{
	struct grade_rec r;
	if (rm_read_all(fd, &r, sizeof r) != 1)
		return JOBS_SHORT;
	grade_unhead(pg, &r);
	if (r.k == SIZE_MAX) {
		pg->kkt_points = r.kkt_points;
		pg->kkt_steps = r.kkt_steps;
		pg->kkt_dj = r.kkt_dj;
		return r.rc == 0 ? JOBS_DONE : JOBS_FAILED;
	}
	if (r.k >= pg->nitem)
		return JOBS_SHORT;
	struct price_item *it = &pg->item[r.k];
	const struct material *mat = it->mat;
	*it = r.it;
	it->mat = mat;
	it->step = NULL; /* none under chance constraints; a process's pointers stay there */
	it->nstep = 0;
	jobs_done(o, pg, r.k, done);
	return JOBS_RUNNING;
}

int price_jobs_grades(struct price_table *t, size_t jobs, price_grade_fn solve, void *ctx,
                      const struct price_opts *o, struct rm_error *err)
{
	size_t slots = jobs < 1 ? 1 : jobs > PRICE_JOBS_MAX ? PRICE_JOBS_MAX : jobs;
	size_t n = t->ngrade, next = 0, running = 0;
	pid_t *pid = calloc(n + 1, sizeof *pid);
	int *fd = calloc(n + 1, sizeof *fd), *state = calloc(n + 1, sizeof *state);
	size_t *done = calloc(n + 1, sizeof *done);
	struct pollfd *pfd = calloc(n + 1, sizeof *pfd);
	size_t *who = calloc(n + 1, sizeof *who);
	int rc = pid && fd && state && done && pfd && who ? 0 : -1;
	if (rc)
		rm_error_set(err, NULL, 0, 0, "out of memory");
	for (size_t g = 0; g < n; g++)
		state[g] = JOBS_FAILED; /* not started: priced here unless a process does it */
	while (rc == 0 && (next < n || running > 0)) {
		while (next < n && running < slots) {
			size_t g = next++;
			int p[2];
			/* Out of pipes or processes: the grade is priced here, at the end. */
			if (pipe(p) < 0)
				continue;
			pid_t c = fork();
			if (c < 0) {
				close(p[0]);
				close(p[1]);
				continue;
			}
			if (c == 0) {
				close(p[0]);
				for (size_t h = 0; h < g; h++)
					if (state[h] == JOBS_RUNNING)
						close(fd[h]);
				grade_worker(&t->g[g], jobs, solve, ctx, o, p[1]);
			}
			close(p[1]);
			pid[g] = c;
			fd[g] = p[0];
			state[g] = JOBS_RUNNING;
			running++;
		}
		nfds_t np = 0;
		for (size_t g = 0; g < n; g++)
			if (state[g] == JOBS_RUNNING) {
				pfd[np] = (struct pollfd){.fd = fd[g], .events = POLLIN};
				who[np++] = g;
			}
		if (!np)
			break;
		int r = poll(pfd, np, -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = rm_error_set(err, NULL, 0, 0, "poll failed: %s", strerror(errno));
			break;
		}
		for (nfds_t q = 0; q < np; q++) {
			if (!(pfd[q].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			size_t g = who[q];
			int st = grade_take(&t->g[g], fd[g], o, &done[g]);
			if (st == JOBS_RUNNING)
				continue;
			state[g] = st;
			close(fd[g]);
			int status = 0;
			while (waitpid(pid[g], &status, 0) < 0 && errno == EINTR)
				;
			running--;
		}
	}
	/* A grade whose process failed, died or never started: priced here, in full, so that
	 * its error (if any) is the one-process run's. */
	for (size_t g = 0; rc == 0 && g < n; g++)
		if (state[g] != JOBS_DONE)
			rc = solve(ctx, &t->g[g], o, err);
	for (size_t g = 0; pid && state && g < n; g++)
		if (state[g] == JOBS_RUNNING) {
			kill(pid[g], SIGKILL);
			close(fd[g]);
			while (waitpid(pid[g], NULL, 0) < 0 && errno == EINTR)
				;
		}
	free(pid);
	free(fd);
	free(state);
	free(done);
	free(pfd);
	free(who);
	return rc;
}
