/* cli_ledger: `remelt commit`, and the recovery that plan and check run first. */
#ifndef CLI_LEDGER_H
#define CLI_LEDGER_H

#include <stdio.h>

#include "ledger.h"

/* Test hooks, read from the environment (README "Testing the commit"):
 *   REMELT_COMMIT_KILL_AT=N   SIGKILL this process right after the commit's Nth step
 *   REMELT_COMMIT_STEP_MS=M   sleep M ms after every step (a slow commit to race against)
 *   REMELT_COMMIT_TRACE=1     print each step on stderr as "step N: name" */
void cli_ledger_opts(struct ledger_opts *o);

/* Finishes a commit that died in dir, if any (ledger_settle). Prints what it did on stderr;
 * returns -1 after printing the error. */
int cli_settle(const char *dir);

int cmd_commit(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_estimate(int argc, char **argv);

#endif
