/* cli: the command line. Only this folder chooses exit codes and writes to the terminal. */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rm_error.h"

#define REMELT_VERSION "0.1.0"

enum cli_exit {
	EXIT_OK = 0,         /* a plan was found, or the data is valid */
	EXIT_BAD_INPUT = 1,  /* bad input or usage: nothing was written */
	EXIT_NO_PLAN = 2,    /* no plan meets the specs: the output says why */
	EXIT_TIME_LIMIT = 3, /* the time limit stopped the solve before any plan was found */
};

/* The data directory: --data, else ./data/demo, else the installed demo. */
const char *cli_data_dir(const char *given);
/* Prints err on stderr as "remelt: file:line:col: message" style and returns EXIT_BAD_INPUT. */
int cli_fail(const struct rm_error *err);
/* --margin and --confidence in range for plan and price (plan_margin_ok...): -1 with err
 * naming the flag. */
int cli_solve_opts(double margin, double confidence, struct rm_error *err);
/* rc, or EXIT_BAD_INPUT with a message when rc is EXIT_OK but stdout could not be written. */
int cli_stdout_done(int rc);
/* Parses a number option; prints a usage error and returns -1 when it is not a number. */
int cli_number(const char *opt, const char *s, double *out);
/* Parses a whole number in [min, max] for option opt; prints a usage error on failure. */
int cli_count(const char *opt, const char *s, size_t min, size_t max, size_t *out);
/* Refuses an output path (of option opt) that is, or would replace, a file of the data
 * directory data: a report must never overwrite an input. */
int cli_out_safe(const char *data, const char *opt, const char *out, struct rm_error *err);
/* Writes a rendered report to out (rm_file_output) or stdout; text (for people): control
 * characters from the data are shown as \xNN. */
int cli_emit(const char *out, const char *buf, size_t len, bool text, struct rm_error *err);

int cmd_plan(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_price(int argc, char **argv);
int cmd_tui(int argc, char **argv);
int cmd_adjust(int argc, char **argv);

#endif
