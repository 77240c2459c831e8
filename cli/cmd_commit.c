/* remelt commit: book a charged plan: lots.csv down, ledger.csv up, exactly once.
 * Exit 0: committed (or, with --recover, the directory is consistent); 1: bad usage or
 * input, or refused (already committed, no longer fits, locked by another commit), with
 * the reason on stderr and nothing changed. */
#define _GNU_SOURCE
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_ledger.h"
#include "plant.h"
#include "plant_commit.h"
#include "report.h"

#define COMMIT_DEFAULT_WAIT_S 10

struct commit_hook {
	long kill_at, step_ms, n;
	int trace;
};

static struct commit_hook commit_hook;

static long commit_env(const char *name)
{
	const char *s = getenv(name);
	char *end;
	long v = s ? strtol(s, &end, 10) : 0;
	return s && *s && !*end && v > 0 ? v : 0;
}

static void commit_step(void *ctx, const char *step)
{
	struct commit_hook *h = ctx;
	h->n++;
	if (h->trace)
		fprintf(stderr, "step %ld: %s\n", h->n, step);
	if (h->step_ms) {
		struct timespec ts = {h->step_ms / 1000, (h->step_ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
	}
	if (h->kill_at && h->n == h->kill_at)
		raise(SIGKILL); /* what a power cut or kill -9 does: no cleanup at all */
}

void cli_ledger_opts(struct ledger_opts *o)
{
	memset(o, 0, sizeof *o);
	o->now = (long long)time(NULL);
	o->wait_ms = COMMIT_DEFAULT_WAIT_S * 1000L;
	commit_hook.kill_at = commit_env("REMELT_COMMIT_KILL_AT");
	commit_hook.step_ms = commit_env("REMELT_COMMIT_STEP_MS");
	commit_hook.trace = commit_env("REMELT_COMMIT_TRACE") > 0;
	if (commit_hook.kill_at || commit_hook.step_ms || commit_hook.trace) {
		o->step = commit_step;
		o->step_ctx = &commit_hook;
	}
}

int cli_settle(const char *dir)
{
	struct ledger_opts o;
	struct rm_error err = {0};
	cli_ledger_opts(&o);
	int rc = ledger_settle(dir, &o, &err);
	if (rc < 0) {
		cli_fail(&err);
		return -1;
	}
	if (rc > 0)
		fprintf(stderr, "remelt: %s: finished an interrupted commit first\n", dir);
	return 0;
}

struct commit_args {
	const char *data, *plan;
	long wait_ms;
	int recover;
};

static int commit_args(int argc, char **argv, struct commit_args *a)
{
	static const struct option longopts[] = {{"data", required_argument, NULL, 'd'},
	                                         {"wait", required_argument, NULL, 'w'},
	                                         {"recover", no_argument, NULL, 'r'},
	                                         {"help", no_argument, NULL, 'h'},
	                                         {NULL, 0, NULL, 0}};
	double wait_s = COMMIT_DEFAULT_WAIT_S;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'd') {
			a->data = optarg;
		} else if (c == 'r') {
			a->recover = 1;
		} else if (c == 'w') {
			if (cli_number("--wait", optarg, &wait_s) < 0)
				return -1;
			if (!(wait_s >= 0 && wait_s <= 3600)) {
				fprintf(stderr, "remelt commit: --wait %g must be in [0, 3600] s\n",
				        wait_s);
				return -1;
			}
		} else if (c == 'h') {
			printf("usage: remelt commit [--data DIR] [--wait SECONDS] PLAN.json\n"
			       "       remelt commit [--data DIR] --recover\n");
			exit(cli_stdout_done(EXIT_OK));
		} else {
			fprintf(stderr, "remelt commit: %s \"%s\" (see remelt --help)\n",
			        c == ':' ? "missing value for" : "unknown option",
			        argv[optind - 1]);
			return -1;
		}
	}
	a->wait_ms = (long)(wait_s * 1000);
	if (optind < argc)
		a->plan = argv[optind++];
	if (optind < argc || (!a->plan) == !a->recover) {
		fprintf(stderr, "remelt commit: give one PLAN.json (or --recover)\n");
		return -1;
	}
	return 0;
}

static void commit_report(const char *dir, const struct ledger_plan *lp,
                          const struct ledger_result *r)
{
	char kg[32], un[32];
	report_num(kg, sizeof kg, r->kg, 1);
	report_num(un, sizeof un, r->unlimited_kg, 1);
	if (r->recovered)
		printf("finished an interrupted commit first\n");
	printf("committed %s %s to %s: %zu ledger rows; %s kg deducted from %zu lots and "
	       "additives (%zu used up); %s kg of additives bought as needed recorded\n",
	       lp->correction ? "correction" : "plan", lp->id, dir, r->rows, kg, r->deducted,
	       r->used_up, un);
	if (strcmp(lp->status, "feasible") == 0)
		printf("the plan is the best found when the time limit stopped the search, within "
		       "%.4g%% of the optimum; its gap is in the ledger\n",
		       100 * lp->gap);
}

int cmd_commit(int argc, char **argv)
{
	struct commit_args a = {0};
	if (commit_args(argc, argv, &a) < 0)
		return EXIT_BAD_INPUT;
	const char *dir = cli_data_dir(a.data);
	struct ledger_opts o;
	cli_ledger_opts(&o);
	o.wait_ms = a.wait_ms;
	struct rm_error err = {0};
	if (a.recover) {
		int rc = ledger_settle(dir, &o, &err);
		if (rc < 0)
			return cli_fail(&err);
		printf("%s: %s\n", dir,
		       rc ? "finished an interrupted commit" : "nothing to recover");
		return EXIT_OK;
	}
	struct ledger_plan *lp = NULL;
	struct ledger_result res;
	if (ledger_plan_read(a.plan, &lp, &err) < 0)
		return cli_fail(&err);
	struct plant *p = NULL;
	int rc = plant_load(dir, true, &p, &err);
	if (!rc)
		rc = plant_plan_heats(p, lp, a.plan, &err);
	plant_free(p);
	if (!rc)
		rc = ledger_commit(dir, lp, &o, &res, &err);
	if (!rc) {
		commit_report(dir, lp, &res);
		/* the commit is done: say so, rather than let exit 1 read as "nothing booked" */
		if (fflush(stdout) != 0 || ferror(stdout))
			rc =
			    rm_error_set(&err, NULL, 0, 0,
			                 "plan %s is committed to %s, but its summary could not be "
			                 "written to standard output",
			                 lp->id, dir);
	}
	int code = rc ? cli_fail(&err) : EXIT_OK;
	ledger_plan_free(lp);
	return code;
}
