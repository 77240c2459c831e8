/* Issue 6 units: the hash, CO2 factors, finding cells in CSV bytes, reading a plan, and the
 * commit transaction killed at every step (in a forked child, as hard as SIGKILL: _exit). */
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "co2.h"
#include "inventory.h"
#include "ledger.h"
#include "ledger_int.h"
#include "rm_hash.h"

static void test_hash_vectors(void **state)
{
	(void)state;
	char hex[RM_HASH_HEX];
	unsigned char all[768];
	for (size_t i = 0; i < sizeof all; i++)
		all[i] = (unsigned char)i;
	/* FNV-1a-128 reference values (computed with Python integers) */
	rm_hash_bytes_hex("", 0, hex);
	assert_string_equal(hex, "6c62272e07bb014262b821756295c58d");
	rm_hash_bytes_hex("a", 1, hex);
	assert_string_equal(hex, "d228cb696f1a8caf78912b704e4a8964");
	rm_hash_bytes_hex("hello world", 11, hex);
	assert_string_equal(hex, "6c155799fdc8eec4b91523808e7726b7");
	rm_hash_bytes_hex(all, sizeof all, hex);
	assert_string_equal(hex, "ceced98447397784e46346c4dbaac68d");
}

static void test_spans(void **state)
{
	(void)state;
	/* BOM, CRLF, a blank line, quotes with commas, doubled quotes and a line break */
	const char buf[] = "\xEF\xBB\xBFid,mass_kg,note\r\n"
	                   "A,10,plain\r\n"
	                   "\r\n"
	                   "\"B,1\",\"20\",\"say \"\"hi\"\"\r\nthere\"\r\n"
	                   "C,30.5,last";
	const size_t col[2] = {0, 1};
	struct lg_span sp[3];
	assert_int_equal(lg_spans(buf, sizeof buf - 1, col, 3, sp), 0);
	const char *want_id[] = {"A", "B,1", "C"}, *want_kg[] = {"10", "20", "30.5"};
	for (int r = 0; r < 3; r++) {
		char *id = lg_cell_text(buf, sp[r].cell_start[0], sp[r].cell_end[0]);
		char *kg = lg_cell_text(buf, sp[r].cell_start[1], sp[r].cell_end[1]);
		assert_string_equal(id, want_id[r]);
		assert_string_equal(kg, want_kg[r]);
		free(id);
		free(kg);
	}
	assert_int_equal(sp[0].rec_end - sp[0].rec_start, strlen("A,10,plain\r\n"));
	assert_int_equal(sp[2].rec_end, sizeof buf - 1);
	assert_int_equal(lg_spans(buf, sizeof buf - 1, col, 2, sp), -1); /* a row too many */
	assert_int_equal(lg_spans(buf, sizeof buf - 1, col, 4, sp), -1); /* a row short */
}

static void test_fmt_num(void **state)
{
	(void)state;
	const double v[] = {0, 1590, 215.60628800493214, 1e-6, 0.1 + 0.2, 123456789.123456789};
	char buf[40];
	for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
		lg_fmt_num(buf, sizeof buf, v[k]);
		assert_true(strtod(buf, NULL) == v[k]);
	}
	lg_fmt_num(buf, sizeof buf, 1590);
	assert_string_equal(buf, "1590");
}

/* A scratch data directory: lots L1 (100 kg) and L2 (50 kg), a limited and an unlimited
 * additive. */
static void make_dir(char *dir, size_t n)
{
	snprintf(dir, n, "/tmp/remelt_test_ledger.XXXXXX");
	assert_non_null(mkdtemp(dir));
	char path[600];
	snprintf(path, sizeof path, "%s/lots.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("id,mass_kg,price_per_kg,supplier,Fe\nL1,100,200,\"Kanto, yard 2\",0.3\n"
	      "L2,50,210,Sagami,0.2\n",
	      f);
	fclose(f);
	snprintf(path, sizeof path, "%s/additives.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("id,mass_kg,price_per_kg,Fe\nP,,450,0.1\nMG,20,600,\n", f);
	fclose(f);
}

static void rm_dir(const char *dir)
{
	const char *names[] = {"lots.csv",
	                       "additives.csv",
	                       "ledger.csv",
	                       "co2.csv",
	                       ".remelt.lock",
	                       ".remelt.journal",
	                       ".remelt.journal.tmp",
	                       "lots.csv.commit",
	                       "additives.csv.commit",
	                       "ledger.csv.commit"};
	char path[600];
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[k]);
		unlink(path);
	}
	rmdir(dir);
}

static char *slurp(const char *dir, const char *name)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	struct lg_buf b;
	if (lg_read(path, &b, NULL) < 0 || !b.present)
		return strdup("(absent)");
	return b.p;
}

static void test_co2_load(void **state)
{
	(void)state;
	char dir[64], path[600];
	make_dir(dir, sizeof dir);
	struct rm_elemset els = {0};
	struct inventory *inv = NULL;
	struct rm_error err = {0};
	snprintf(path, sizeof path, "%s/lots.csv", dir);
	char add[600];
	snprintf(add, sizeof add, "%s/additives.csv", dir);
	assert_int_equal(inv_load(path, add, &els, &inv, &err), 0);
	struct co2_set *s = NULL;
	snprintf(path, sizeof path, "%s/co2.csv", dir);
	assert_int_equal(co2_load(path, inv, &s, &err), 0); /* absent: the defaults */
	assert_true(co2_factor(s, inv, 0) == CO2_RECYCLED_DEFAULT);
	assert_true(co2_factor(s, inv, 2) == CO2_PRIMARY_DEFAULT);
	co2_free(s);
	FILE *f = fopen(path, "w");
	fputs("material,t_co2_per_t\nMG,25\nprimary,15.8\n", f);
	fclose(f);
	assert_int_equal(co2_load(path, inv, &s, &err), 0);
	assert_true(co2_factor(s, inv, 2) == 15.8 && co2_factor(s, inv, 3) == 25);
	assert_int_equal(s->nby_id, 1);
	co2_free(s);
	f = fopen(path, "w");
	fputs("material,t_co2_per_t\nMG,1e400\n", f);
	fclose(f);
	assert_int_equal(co2_load(path, inv, &s, &err), -1);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 2);
	inv_free(inv);
	rm_elemset_free(&els);
	rm_dir(dir);
}

static const char plan_json[] =
    "{\"status\": \"optimal\", \"plan_id\": \"abc123\", \"heats\": ["
    "{\"heat\": \"H1\", \"charge\": [{\"id\": \"L1\", \"mass_kg\": 60},"
    " {\"id\": \"P\", \"mass_kg\": 5}, {\"id\": \"MG\", \"mass_kg\": 2.5}]},"
    "{\"heat\": \"H,2\", \"charge\": [{\"id\": \"L1\", \"mass_kg\": 40},"
    " {\"id\": \"L2\", \"mass_kg\": 12.25}]}],"
    " \"lots\": [{\"id\": \"L1\", \"on_hand_kg\": 100}, {\"id\": \"L2\", \"on_hand_kg\": 50}]}";

static void test_plan_parse(void **state)
{
	(void)state;
	struct ledger_plan *lp = NULL;
	struct rm_error err = {0};
	assert_int_equal(ledger_plan_parse("p.json", plan_json, strlen(plan_json), &lp, &err), 0);
	assert_string_equal(lp->id, "abc123");
	assert_int_equal(lp->n, 5);
	assert_string_equal(lp->item[3].heat, "H,2");
	assert_true(lp->item[4].kg == 12.25);
	ledger_plan_free(lp);
	const char *bad[] = {"{\"status\": \"optimal\", \"heats\": []}",
	                     "{\"status\": \"infeasible\", \"plan_id\": \"a\", \"heats\": []}",
	                     "[1, 2]", "{\"status\": \"optimal\",\n \"plan_id\": }",
	                     "{\"status\": \"optimal\", \"plan_id\": \"a\", \"heats\": [{\"heat\": "
	                     "\"H\", \"charge\": [{\"id\": \"L\", \"mass_kg\": 0}]}]}"};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		lp = NULL;
		assert_int_equal(ledger_plan_parse("p.json", bad[k], strlen(bad[k]), &lp, &err),
		                 -1);
		assert_null(lp);
	}
	assert_int_equal(err.line, 0);
	ledger_plan_parse("p.json", bad[3], strlen(bad[3]), &lp, &err);
	assert_int_equal(err.line, 2); /* the position of the syntax error */
}

static int kill_at;
static int steps;

static void die_at(void *ctx, const char *step)
{
	(void)ctx;
	(void)step;
	if (++steps == kill_at)
		_exit(99); /* no cleanup, no atexit: as abrupt as SIGKILL for the files */
}

/* Commits the test plan into a fresh dir; the child dies at step k (0: never). */
static int commit_child(const char *dir, int k)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct ledger_plan *lp = NULL;
		struct rm_error err;
		struct ledger_result res;
		struct ledger_opts o = {.now = 86400, .step = die_at};
		kill_at = k;
		if (ledger_plan_parse("p.json", plan_json, strlen(plan_json), &lp, &err) < 0)
			_exit(2);
		_exit(ledger_commit(dir, lp, &o, &res, &err) < 0 ? 1 : 0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_commit_crash_every_step(void **state)
{
	(void)state;
	char ref[64], dir[64];
	make_dir(ref, sizeof ref);
	char *lots0 = slurp(ref, "lots.csv"), *add0 = slurp(ref, "additives.csv");
	assert_int_equal(commit_child(ref, 0), 0);
	char *lots1 = slurp(ref, "lots.csv"), *add1 = slurp(ref, "additives.csv");
	char *led1 = slurp(ref, "ledger.csv");
	/* L1 used up and gone, L2 at 37.75, MG at 17.5, P unlimited untouched */
	assert_string_equal(lots1,
	                    "id,mass_kg,price_per_kg,supplier,Fe\nL2,37.75,210,Sagami,0.2\n");
	assert_string_equal(add1, "id,mass_kg,price_per_kg,Fe\nP,,450,0.1\nMG,17.5,600,\n");
	assert_non_null(
	    strstr(led1, "time,plan,heat,id,mass_kg,kind,remaining_kg,status,gap,day\n"));
	assert_non_null(
	    strstr(led1, "1970-01-02T00:00:00Z,abc123,\"H,2\",L2,12.25,lot,37.75,optimal,0,"));
	assert_non_null(strstr(led1, ",abc123,H1,P,5,unlimited,,optimal,0,"));
	int rolled_back = 0, rolled_forward = 0;
	for (int k = 1;; k++) {
		make_dir(dir, sizeof dir);
		int rc = commit_child(dir, k);
		struct ledger_opts o = {0};
		struct rm_error err = {0};
		assert_true(ledger_settle(dir, &o, &err) >= 0);
		char *lots = slurp(dir, "lots.csv"), *add = slurp(dir, "additives.csv");
		char *led = slurp(dir, "ledger.csv");
		int before = strcmp(lots, lots0) == 0 && strcmp(add, add0) == 0 &&
		             strcmp(led, "(absent)") == 0;
		int after =
		    strcmp(lots, lots1) == 0 && strcmp(add, add1) == 0 && strcmp(led, led1) == 0;
		assert_true(before || after);
		rolled_back += before;
		rolled_forward += after;
		free(lots);
		free(add);
		free(led);
		assert_int_equal(ledger_settle(dir, &o, &err), 0); /* nothing left to do */
		rm_dir(dir);
		if (rc == 0)
			break;
		assert_int_equal(rc, 99);
		assert_true(k < 100);
	}
	assert_true(rolled_back > 3 && rolled_forward > 3);
	free(lots0);
	free(add0);
	free(lots1);
	free(add1);
	free(led1);
	rm_dir(ref);
}

static void test_commit_once_and_fit(void **state)
{
	(void)state;
	char dir[64];
	make_dir(dir, sizeof dir);
	assert_int_equal(commit_child(dir, 0), 0);
	char *lots = slurp(dir, "lots.csv"), *led = slurp(dir, "ledger.csv");
	assert_int_equal(commit_child(dir, 0), 1); /* already committed */
	char *lots2 = slurp(dir, "lots.csv"), *led2 = slurp(dir, "ledger.csv");
	assert_string_equal(lots, lots2);
	assert_string_equal(led, led2);
	free(lots);
	free(led);
	free(lots2);
	free(led2);
	rm_dir(dir);
	make_dir(dir, sizeof dir);
	char path[600];
	snprintf(path, sizeof path, "%s/lots.csv", dir);
	FILE *f = fopen(path, "w");
	fputs("id,mass_kg,price_per_kg\nL1,99.5,200\nL2,50,210\n", f); /* 0.5 kg short */
	fclose(f);
	assert_int_equal(commit_child(dir, 0), 1);
	led = slurp(dir, "ledger.csv");
	assert_string_equal(led, "(absent)");
	free(led);
	rm_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_vectors),
	    cmocka_unit_test(test_spans),
	    cmocka_unit_test(test_fmt_num),
	    cmocka_unit_test(test_co2_load),
	    cmocka_unit_test(test_plan_parse),
	    cmocka_unit_test(test_commit_crash_every_step),
	    cmocka_unit_test(test_commit_once_and_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
