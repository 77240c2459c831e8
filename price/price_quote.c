/* price_quote: an offer's verdict at another quote, from its priced row alone (price.h,
 * price_requote). The TUI's quote what-if answers at once when the value curve already
 * settles it, instead of pricing the offer again from the base.
 *
 * The offer's value curve v(q) does not depend on its own quote (offers are priced one at a
 * time, held at 0 in the base): only where the optimum stops buying does. With the exact
 * steps that is where v falls below the quote. From points, v is known at 0+ (break-even)
 * and at the whole mass (full use): v falls with q, so a quote above the break-even buys
 * none, and one below the full use buys all, worth the gain of a row that bought all. */
#include <math.h>

#include "price_lp.h"

/* Relative distance below which a quote ties with a value of the curve: the solver could
 * then buy any amount, so the row does not tell. */
#define QUOTE_TIE_REL 1e-9

static bool quote_tie(double a, double b)
{
	return fabs(a - b) <= QUOTE_TIE_REL * fmax(1, fabs(b));
}

int price_requote(struct price_item *it)
{
	double price = it->mat->price, be = it->break_even, fu = it->full_use;
	double mass = it->mat->mass_kg;
	if (!it->offer)
		return 1; /* a lot's price moves the base optimum itself */
	if (it->nstep) {
		it->buy_kg = 0;
		price_walk_verdict(it);
		return 0;
	}
	if (isinf(be) || quote_tie(price, be) || (!isnan(fu) && quote_tie(price, fu)))
		return 1;
	if (isnan(be) || price > be) {
		it->buy_kg = 0;
		price_verdict(it, 0);
		return 0;
	}
	if (!isnan(fu) && price < fu && it->verdict == PRICE_BUY && !isnan(it->gain) &&
	    it->buy_kg == mass) {
		price_verdict(it, it->gain);
		return 0;
	}
	return 1;
}
