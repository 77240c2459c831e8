/* remelt tui: the terminal UI. Options as for plan; errors before the UI starts are printed
 * like every other command's (exit 1), the UI itself prints nothing. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "plan.h"
#include "tui.h"
#include "tui_keys.h"

static const char tui_usage[] =
    "usage: remelt tui [--data DIR] [--offers FILE] [--margin F] [--confidence P]\n"
    "                  [--time-limit S]\n"
    "       remelt tui --keys    (print the key table and exit)\n";

/* The key table as the help screen shows it, for the docs and for a quick look. */
static void tui_print_keys(void)
{
	char line[256];
	for (size_t k = 0; tui_help_line(k, line, sizeof line); k++)
		printf("%s\n", line);
}

static int tui_args(int argc, char **argv, const char **data, const char **offers,
                    struct plan_opts *o)
{
	static const struct option longopts[] = {
	    {"data", required_argument, NULL, 'd'},
	    {"offers", required_argument, NULL, 'x'},
	    {"margin", required_argument, NULL, 'm'},
	    {"confidence", required_argument, NULL, 'c'},
	    {"time-limit", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {"keys", no_argument, NULL, 'k'},
	    {NULL, 0, NULL, 0},
	};
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': *data = optarg; break;
		case 'x': *offers = optarg; break;
		case 'm':
			if (cli_number("--margin", optarg, &o->margin) < 0)
				return -1;
			break;
		case 'c':
			if (cli_number("--confidence", optarg, &o->confidence) < 0)
				return -1;
			break;
		case 't':
			if (cli_number("--time-limit", optarg, &o->time_limit_s) < 0)
				return -1;
			if (!(o->time_limit_s > 0 && o->time_limit_s <= 86400)) {
				fprintf(stderr, "remelt: --time-limit %g must be in (0, 86400] s\n",
				        o->time_limit_s);
				return -1;
			}
			break;
		case 'h': fputs(tui_usage, stdout); exit(cli_stdout_done(EXIT_OK));
		case 'k': tui_print_keys(); exit(cli_stdout_done(EXIT_OK));
		case ':':
			fprintf(stderr, "remelt tui: %s needs a value\n", argv[optind - 1]);
			return -1;
		default:
			fprintf(stderr, "remelt tui: unknown option \"%s\" (see remelt --help)\n",
			        argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "remelt tui: unexpected argument \"%s\"\n", argv[optind]);
		return -1;
	}
	return 0;
}

int cmd_tui(int argc, char **argv)
{
	const char *data = NULL, *offers = NULL;
	/* The same defaults as remelt plan, but no Monte Carlo check of the risk: every
	 * what-if re-solves, and the screen shows the exact normal-model probabilities. */
	struct plan_opts o = plan_opts_default();
	o.samples = 0;
	if (tui_args(argc, argv, &data, &offers, &o) < 0)
		return EXIT_BAD_INPUT;
	struct rm_error err = {0};
	if (tui_run(cli_data_dir(data), offers, &o, &err) < 0)
		return cli_fail(&err);
	return EXIT_OK;
}
