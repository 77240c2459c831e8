/* remelt check: validate a data directory and say what is in it. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_ledger.h"
#include "plant.h"
#include "record_actual.h"
#include "report_check.h"

/* The archive of used-up rows loads as lots and additives do: estimate reads its
 * compositions. *n: the materials in it (0 without it). */
static int check_archive(const char *dir, size_t *n, struct rm_error *err)
{
	struct rm_elemset els = {0};
	struct inventory *inv = NULL;
	int rc = ledger_archive_load(dir, &els, &inv, err);
	*n = inv ? inv->n : 0;
	inv_free(inv);
	rm_elemset_free(&els);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {{"data", required_argument, NULL, 'd'},
	                                         {"help", no_argument, NULL, 'h'},
	                                         {NULL, 0, NULL, 0}};
	const char *data = NULL;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'd') {
			data = optarg;
		} else if (c == 'h') {
			printf("usage: remelt check [--data DIR]\n");
			return cli_stdout_done(EXIT_OK);
		} else {
			fprintf(stderr, "remelt check: bad option \"%s\" (see remelt --help)\n",
			        argv[optind - 1]);
			return EXIT_BAD_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "remelt check: unexpected argument \"%s\"\n", argv[optind]);
		return EXIT_BAD_INPUT;
	}
	struct rm_error err = {0};
	struct plant *p = NULL;
	struct report_check_facts facts = {0};
	struct actual_set *heats = NULL;
	if (cli_settle(cli_data_dir(data)) < 0)
		return EXIT_BAD_INPUT;
	if (plant_load(cli_data_dir(data), false, &p, &err) < 0)
		return cli_fail(&err);
	if (ledger_summary(cli_data_dir(data), &facts.ledger, &err) < 0 ||
	    ledger_balance(cli_data_dir(data), p->inv, &err) < 0 ||
	    actual_load(cli_data_dir(data), NULL, &heats, &err) < 0 ||
	    check_archive(cli_data_dir(data), &facts.used_up, &err) < 0) {
		actual_free(heats);
		plant_free(p);
		return cli_fail(&err);
	}
	facts.recorded = heats->n;
	for (size_t k = 0; k < heats->n; k++)
		facts.recorded_planned += heats->h[k].plan[0] != '\0';
	actual_free(heats);
	/* rendered in memory, then shown with control characters from the data made visible,
	 * and a failed write to stdout (a full disk) is an error */
	char *buf = NULL;
	size_t len = 0;
	FILE *ck = open_memstream(&buf, &len);
	if (!ck) {
		plant_free(p);
		return cli_fail(&(struct rm_error){.msg = "out of memory"});
	}
	report_check(ck, p, &facts);
	plant_free(p);
	int rc = ferror(ck);
	if (fclose(ck) != 0 || rc)
		rc = rm_error_set(&err, NULL, 0, 0, "out of memory");
	else
		rc = cli_emit(NULL, buf, len, true, &err);
	free(buf);
	return rc ? cli_fail(&err) : EXIT_OK;
}
