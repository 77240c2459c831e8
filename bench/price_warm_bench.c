/* price_warm_bench: the TUI's quote what-if on an offer its row does not settle, priced again
 * cold (price_run --only the offer: the grade's base solved from nothing, what the pricing
 * child did before issue 20's warm child) and warm (price_warm_offer from the base kept), in
 * one process linked against build/libremelt.a (docs/benchmarks-pricing.md, "Quote what-ifs
 * from the base kept").
 *
 * usage: price_warm_bench DIR OFFERS GRADE OFFER QUOTE...   (make bench-price-warm)
 *
 * At the defaults (margin 0.1, confidence 0.95, --jobs 1). Opens the warm base once (timed),
 * then for each quote: sets it, times the cold and the warm pricing of the offer (CPU and
 * wall seconds), checks that they agree (verdict, kg to buy, margin, break-even, full use to
 * 1e-6) and prints one line. Measurement code only. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plant.h"
#include "price.h"

static double now(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b || fabs(a - b) <= 1e-6 * fmax(1, fabs(b));
}

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: price_warm_bench DIR OFFERS GRADE OFFER QUOTE...\n");
		return 1;
	}
	struct rm_error err = {0};
	struct plant *p = NULL;
	struct inventory *offers = NULL;
	struct rm_elemset els = {0};
	if (plant_load(argv[1], false, &p, &err) < 0)
		return fprintf(stderr, "%s: %s\n", argv[1], err.msg), 1;
	for (size_t e = 0; e < p->els.n; e++)
		rm_elemset_add(&els, p->els.z[e]);
	if (inv_load(argv[2], NULL, &els, &offers, &err) < 0)
		return fprintf(stderr, "%s: %s\n", argv[2], err.msg), 1;
	long g = grade_find(p->grades, argv[3]), k = inv_find(offers, argv[4]);
	if (g < 0 || k < 0)
		return fprintf(stderr, "no grade %s or offer %s\n", argv[3], argv[4]), 1;
	const char *id = argv[4];
	struct price_opts o = {.grade = g, .margin = 0.1, .confidence = 0.95, .jobs = 1};
	double c0 = now(CLOCK_PROCESS_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
	struct price_warm *w = NULL;
	if (price_warm_open(p, offers, &o, &w, &err) < 0)
		return fprintf(stderr, "price_warm_open: %s\n", err.msg), 1;
	printf("warm base of %s opened: cpu %.3f s wall %.3f s\n", argv[3],
	       now(CLOCK_PROCESS_CPUTIME_ID) - c0, now(CLOCK_MONOTONIC) - w0);
	printf("%8s %10s %10s %10s %10s  %s\n", "quote", "cold cpu", "cold wall", "warm cpu",
	       "warm wall", "verdict, kg, margin");
	int bad = 0;
	for (int a = 5; a < argc; a++) {
		offers->m[k].price = atof(argv[a]);
		struct price_opts oc = o;
		oc.only = &id;
		oc.nonly = 1;
		struct price_table *t = NULL;
		c0 = now(CLOCK_PROCESS_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
		if (price_run(p, offers, &oc, &t, &err) < 0)
			return fprintf(stderr, "price_run: %s\n", err.msg), 1;
		double cc = now(CLOCK_PROCESS_CPUTIME_ID) - c0, cw = now(CLOCK_MONOTONIC) - w0;
		struct price_item it = {0};
		c0 = now(CLOCK_PROCESS_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
		if (price_warm_offer(w, (size_t)k, &it, &err) < 0)
			return fprintf(stderr, "price_warm_offer: %s\n", err.msg), 1;
		double wc = now(CLOCK_PROCESS_CPUTIME_ID) - c0, ww = now(CLOCK_MONOTONIC) - w0;
		const struct price_item *x = &t->g[0].item[0];
		bool ok = x->verdict == it.verdict && same(x->buy_kg, it.buy_kg) &&
		          same(x->margin_per_kg, it.margin_per_kg) &&
		          same(x->break_even, it.break_even) && same(x->full_use, it.full_use);
		bad += !ok;
		printf("%8s %10.4f %10.4f %10.4f %10.4f  %d, %.1f, %+.4f%s\n", argv[a], cc, cw, wc,
		       ww, (int)it.verdict, it.buy_kg, it.margin_per_kg,
		       ok ? "" : "  DIFFERS from cold");
		free(it.step);
		price_free(t);
	}
	price_warm_free(w);
	inv_free(offers);
	rm_elemset_free(&els);
	plant_free(p);
	return bad ? 2 : 0;
}
