/* R on 1 Plan: the selected heat recorded as its committed plan booked it, with the analysis
 * typed on the input line, through the same ledger_record as `remelt record --as-booked`
 * (lock, journal, heat_results.csv); 5 Actual is read again afterwards. W first takes the
 * weighed kg of the materials that differ from the booking ("L004=3264 MG999=60", 0 = not
 * charged), as `remelt record --as-booked --charged` does. */
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

/* A typed line of pairs as CSV under header: "Si=0.45 Fe 0.2, Mg=0.5" (ids false: an element
 * symbol, letters only, then spaces or '=') as element,wt_pct rows; "L004=3264, MG999=60" (ids
 * true: an id, which holds no space, comma, semicolon, '=' or quote, then '=') as id,mass_kg
 * rows. Pairs are parted by spaces, commas or semicolons. */
static int record_pairs_csv(const char *typed, const char *header, bool ids, char *csv, size_t n)
{
	size_t k = (size_t)snprintf(csv, n, "%s", header);
	const char *s = typed;
	while (*s) {
		while (*s == ' ' || *s == ',' || *s == ';')
			s++;
		if (!*s)
			break;
		const char *key = s;
		if (ids)
			while (*s && !strchr("= ,;\"", *s))
				s++;
		else
			while (isalpha((unsigned char)*s))
				s++;
		size_t lk = (size_t)(s - key);
		if (ids && *s++ != '=')
			return -1;
		while (!ids && (*s == ' ' || *s == '='))
			s++;
		const char *val = s;
		while (*s && *s != ' ' && *s != ',' && *s != ';')
			s++;
		size_t lv = (size_t)(s - val);
		if (!lk || !lv || k + lk + lv + 3 >= n)
			return -1;
		k += (size_t)snprintf(csv + k, n - k, "%.*s,%.*s\n", (int)lk, key, (int)lv, val);
	}
	return k > strlen(header) ? 0 : -1;
}

static int record_csv(const char *typed, char *csv, size_t n)
{
	return record_pairs_csv(typed, "element,wt_pct\n", false, csv, n);
}

static int record_weighed_csv(const char *typed, char *csv, size_t n)
{
	return record_pairs_csv(typed, "id,mass_kg\n", true, csv, n);
}

bool tui_record_weighed_begin(struct tui_state *st)
{
	if (st->screen != TUI_SCR_PLAN || st->plant->heats->n == 0)
		return false;
	st->rec_weighed[0] = '\0';
	snprintf(st->in.label, sizeof st->in.label,
	         "%.40s weighed: kg that differ from the booking, e.g. L004=3264 MG999=60:",
	         st->plant->heats->h[st->sel[TUI_SCR_PLAN]].id);
	return true;
}

/* Enter on the weighed kg: checked as the charge reader checks a file, then the analysis. */
bool tui_record_weighed_commit(struct tui_state *st)
{
	struct tui_input *in = &st->in;
	struct ledger_record rec = {.as_booked = true};
	struct rm_error err = {0};
	char csv[1024], typed[sizeof st->rec_weighed];
	if (record_weighed_csv(in->buf, csv, sizeof csv) < 0) {
		snprintf(in->err, sizeof in->err, "type id=kg pairs, e.g. L004=3264 MG999=60");
		return false;
	}
	if (record_parse_charged(&rec, "typed weighed kg", csv, strlen(csv), &err) < 0) {
		rm_error_format(&err, in->err, sizeof in->err);
		ledger_record_free(&rec);
		return false;
	}
	size_t n = rec.ncharge;
	ledger_record_free(&rec);
	snprintf(typed, sizeof typed, "%s", in->buf);
	if (!tui_edit_begin(st, TUI_ED_RECORD)) /* clears st->in and st->rec_weighed */
		return false;
	snprintf(st->rec_weighed, sizeof st->rec_weighed, "%s", typed);
	snprintf(st->in.label, sizeof st->in.label,
	         "%.40s as weighed (%zu differ): its analysis, e.g. Si=0.45 Fe=0.21:",
	         st->plant->heats->h[st->sel[TUI_SCR_PLAN]].id, n);
	return false;
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
	char wcsv[1024];
	bool weighed = st->rec_weighed[0] != '\0';
	if (!rc && weighed) {
		rc = record_weighed_csv(st->rec_weighed, wcsv, sizeof wcsv) < 0
		         ? rm_error_set(&err, "typed weighed kg", 0, 0, "not id=kg pairs")
		         : record_parse_charged(&rec, "typed weighed kg", wcsv, strlen(wcsv), &err);
	}
	if (!rc) {
		rc = plant_record_furnace(p, &rec, &err);
		if (!rc)
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
	if (!weighed)
		tui_state_msg(st, false,
		              "recorded %s as booked by plan %.8s: %zu elements; see 5 Actual",
		              h->id, res.plan, rec.nel);
	else
		tui_state_msg(st, false, "recorded %s as weighed: %zu ledger rows; see 5 Actual%s",
		              h->id, res.rows, res.rows ? ", reload for the new stock" : "");
	st->rec_weighed[0] = '\0';
	ledger_record_free(&rec);
	st->dlg = TUI_DLG_NONE;
	/* nothing to re-solve here: as booked the stock did not change; as weighed the files
	 * did, and the what-if plant stays as loaded (a save refuses files changed since) */
	return false;
}
