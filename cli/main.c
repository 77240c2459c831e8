/* remelt: least-cost furnace charges for secondary aluminium. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_ledger.h"

static const char usage[] =
    "usage: remelt COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  plan    least-cost charges for the day's heats (heats.csv)\n"
    "  check   validate a data directory and summarise it\n"
    "  price   what each lot and offer is worth against a grade, and how much of it\n"
    "          to buy (remelt price [--grade G] [--heat-kg M] [--offers FILE]\n"
    "          [--format text|csv|json] [--out FILE] [--margin F] [--confidence P]\n"
    "          [--jobs N] [--only offers|ID,...])\n"
    "  commit  book a charged plan: lots.csv down, ledger.csv up, once only\n"
    "          (remelt commit [--data DIR] [--wait S] PLAN.json | --recover)\n"
    "  record  book what a heat actually charged and analysed, once per heat\n"
    "          (remelt record [--data DIR] --heat H (--charged FILE | --as-booked)\n"
    "          --analysis FILE [--tapped-kg M] [--grade G] [--plan PLAN.json]\n"
    "          [--wait S])\n"
    "  report  plan against actual for the recorded heats: kg, composition, yield\n"
    "          (remelt report actual [--data DIR] [--heat H] [--format text|json]\n"
    "          [--level P] [--out FILE])\n"
    "  estimate  the lots' compositions and each source's error learnt from the\n"
    "          recorded heats (remelt estimate [--data DIR] [--format text|json]\n"
    "          [--out FILE] [--spark-rel-sd R] [--spark-abs-sd A] [--write | --undo])\n"
    "  adjust  correct a sampled bath: additions, pour-off, other grades\n"
    "          (remelt adjust [--data DIR] (--heat H | --grade G --furnace F)\n"
    "          --sample FILE --bath-kg M [--bath-kg-sd S] [--metal-value V]\n"
    "          [--pour-off [--off-grade-value W]] [--divert] [--margin F]\n"
    "          [--confidence P] [--format text|json] [--out FILE] [--time-limit S])\n"
    "  tui     the terminal UI: plan, inventory, grades, pricing, actuals, corrections\n"
    "          (remelt tui [--data DIR] [--offers FILE] [--margin F] [--confidence P]\n"
    "           [--time-limit S])\n"
    "\n"
    "common options:\n"
    "  --data DIR        data directory (default: data/demo, the shipped demo plant)\n"
    "  --help, --version\n"
    "\n"
    "plan options:\n"
    "  --format FMT      text (default), csv, json, or sheet (floor sheets, a page per heat)\n"
    "  --out FILE        write the report to FILE atomically instead of stdout\n"
    "  --margin F        internal limits: each window tightened by F of its width\n"
    "                    (default 0.10; 0 = the standard limits)\n"
    "  --confidence P    probability each limit holds under composition uncertainty\n"
    "                    (default 0.95; 0 = the mean-value model)\n"
    "  --write-lp FILE   also write the model in CPLEX LP format\n"
    "  --mip-gap G       whole units and minimums: stop within this relative gap\n"
    "                    (default 1e-4; 0 = proven optimal)\n"
    "  --time-limit S    the whole command ends within S seconds: the best plan so far\n"
    "                    (status feasible), or exit 3 when none was found yet\n"
    "  --max-rounds N    rounds of cutting planes before the solve stops as out of\n"
    "                    time (default 2000; exit 3, never \"infeasible\")\n"
    "\n"
    "exit status: 0 ok, 1 bad input or usage, 2 no plan meets the specs,\n"
    "             3 the time limit ran out before any plan was found\n";

static int dispatch(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_BAD_INPUT;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("remelt %s\n", REMELT_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "plan") == 0)
		return cmd_plan(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "price") == 0)
		return cmd_price(argc - 1, argv + 1);
	if (strcmp(cmd, "commit") == 0)
		return cmd_commit(argc - 1, argv + 1);
	if (strcmp(cmd, "record") == 0)
		return cmd_record(argc - 1, argv + 1);
	if (strcmp(cmd, "report") == 0)
		return cmd_report(argc - 1, argv + 1);
	if (strcmp(cmd, "estimate") == 0)
		return cmd_estimate(argc - 1, argv + 1);
	if (strcmp(cmd, "adjust") == 0)
		return cmd_adjust(argc - 1, argv + 1);
	if (strcmp(cmd, "tui") == 0)
		return cmd_tui(argc - 1, argv + 1);
	fprintf(stderr, "remelt: unknown command \"%s\"\n\n%s", cmd, usage);
	return EXIT_BAD_INPUT;
}

int main(int argc, char **argv)
{
	return cli_stdout_done(dispatch(argc, argv));
}
