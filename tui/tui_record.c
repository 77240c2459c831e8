/* R on 1 Plan: the selected heat recorded as its committed plan booked it, with the analysis
 * typed on the input line, through the same ledger_record as `remelt record --as-booked`
 * (lock, journal, heat_results.csv); 5 Actual is read again afterwards. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger_record.h"
#include "plant_record.h"
#include "record_actual.h"
#include "tui_state.h"

#define RECORD_WAIT_MS 10000 /* another commit's lock, as a save waits */

/* "Si=0.45 Fe 0.2, Mg=0.5" as the CSV the analysis reader takes: element,wt_pct rows. */
static int record_csv(const char *typed, char *csv, size_t n)
{
	size_t k = (size_t)snprintf(csv, n, "element,wt_pct\n");
	const char *s = typed;
	while (*s) {
		while (*s == ' ' || *s == ',' || *s == ';')
			s++;
		if (!*s)
			break;
		const char *sym = s;
		while (isalpha((unsigned char)*s))
			s++;
		size_t ls = (size_t)(s - sym);
		while (*s == ' ' || *s == '=')
			s++;
		const char *val = s;
		while (*s && *s != ' ' && *s != ',' && *s != ';')
			s++;
		size_t lv = (size_t)(s - val);
		if (!ls || !lv || k + ls + lv + 3 >= n)
			return -1;
		k += (size_t)snprintf(csv + k, n - k, "%.*s,%.*s\n", (int)ls, sym, (int)lv, val);
	}
	return k > strlen("element,wt_pct\n") ? 0 : -1;
}

bool tui_record_commit(struct tui_state *st)
{
	struct tui_input *in = &st->in;
	const struct plant *p = st->plant;
	const struct heat *h = &p->heats->h[st->sel[TUI_SCR_PLAN]];
	struct ledger_record rec = {0};
	struct record_result res;
	struct rm_error err = {0};
	char csv[1024];
	if (record_csv(in->buf, csv, sizeof csv) < 0) {
		snprintf(in->err, sizeof in->err, "type elements and values, e.g. Si=0.45 Fe=0.21");
		return false;
	}
	snprintf(rec.heat, sizeof rec.heat, "%s", h->id);
	snprintf(rec.grade, sizeof rec.grade, "%s", p->grades->g[h->grade].name);
	rec.tapped_kg = NAN;
	rec.as_booked = true;
	struct ledger_opts o = {.now = (long long)time(NULL), .wait_ms = RECORD_WAIT_MS};
	int rc = record_parse_analysis(&rec, "typed analysis", csv, strlen(csv), &err);
	if (!rc) {
		plant_record_furnace(p, &rec);
		rc = ledger_record(p->dir, &rec, &o, &res, &err);
	}
	if (rc) {
		rm_error_format(&err, in->err, sizeof in->err);
		ledger_record_free(&rec);
		return false;
	}
	struct actual_set *a = NULL;
	if (actual_load(p->dir, NULL, &a, &err) == 0) {
		actual_free(st->actual);
		st->actual = a;
	}
	tui_state_msg(st, false, "recorded %s as booked by plan %.8s: %zu elements; see 5 Actual",
	              h->id, res.plan, rec.nel);
	ledger_record_free(&rec);
	st->dlg = TUI_DLG_NONE;
	return false; /* nothing to re-solve: the stock did not change */
}
