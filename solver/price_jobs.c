/* price_jobs: the items of one grade priced by several processes at once.
 *
 * Under chance constraints every point is a cutting-plane solve (tens of ms in a yard of
 * 1,000 lots), and the items are independent of each other: price_open and price_close
 * put the LP back to the base (its rows, columns and basis) around each one. So after the
 * base solve the process forks: each worker inherits the base LP as it stands, prices the
 * items k with k % jobs == its number (interleaved, so that the costly items, which sit
 * anywhere in the yard, spread evenly), and sends them back through a pipe at its end.
 * The parent prices its own share meanwhile, then reads and reaps the workers. An item
 * comes out exactly as the serial loop computes it: the same base, the same re-solves.
 *
 * Workers end with _exit: they flush nothing and run no atexit handler of the caller, so
 * to the caller the run is one call that returns. A worker that fails sends its error;
 * one that dies (a signal) is reported by its status. */
#include "price_jobs.h"

#include <errno.h>
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

/* The worker: its share, all of it kept until the end (writing as it goes would block on
 * a full pipe while the parent is busy with its own share), then sent. */
_Noreturn static void jobs_worker(struct price_lp *lp, struct price_grade *pg, size_t w,
                                  size_t jobs, int fd)
{
	int rc = 0;
	for (size_t k = w; k < pg->nitem && rc == 0; k += jobs)
		rc = price_item_at(lp, pg, k);
	struct jobs_rec rec;
	memset(&rec, 0, sizeof rec);
	for (size_t k = w; k < pg->nitem && rc == 0; k += jobs) {
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

/* Reads a worker's records into pg: 0 when it finished, -1 when it reported a failure
 * (GLPK's), -2 when its records stopped short (it died, or could not write). */
static int jobs_collect(struct price_grade *pg, int fd)
{
	struct jobs_rec rec;
	for (;;) {
		if (rm_read_all(fd, &rec, sizeof rec) != 1)
			return -2;
		if (rec.k == SIZE_MAX)
			return rec.rc == 0 ? 0 : -1;
		if (rec.k >= pg->nitem)
			return -2;
		struct price_item *it = &pg->item[rec.k];
		const struct material *mat = it->mat;
		free(it->step);
		*it = rec.it;
		/* The steps (none under chance constraints) stayed in the worker. */
		it->mat = mat;
		it->step = NULL;
		it->nstep = 0;
	}
}

size_t price_jobs_auto(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

int price_jobs_run(struct price_lp *lp, struct price_grade *pg, size_t jobs, struct rm_error *err)
{
	if (jobs > PRICE_JOBS_MAX)
		jobs = PRICE_JOBS_MAX;
	if (jobs > pg->nitem)
		jobs = pg->nitem;
	if (jobs < 1)
		jobs = 1;
	pid_t pid[PRICE_JOBS_MAX];
	int fd[PRICE_JOBS_MAX];
	size_t started = 1;
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
		started = w + 1;
	}
	/* The parent's share: its own, and that of every worker that could not start. */
	for (size_t k = 0; k < pg->nitem && rc == 0; k++)
		if (k % jobs == 0 || k % jobs >= started)
			rc = price_item_at(lp, pg, k);
	int failed = 0, sig = 0;
	for (size_t w = 1; w < started; w++) {
		if (rc == 0 && !failed)
			failed = jobs_collect(pg, fd[w]);
		if (rc != 0 || failed)
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
