#include "report.h"
#include "report_footprint.h"

#include <math.h>
#include <string.h>

int report_format_parse(const char *s, enum report_format *out)
{
	static const char *const names[] = {"text", "csv", "json", "sheet"};
	for (int k = 0; k < 4; k++)
		if (strcmp(s, names[k]) == 0) {
			*out = (enum report_format)k;
			return 0;
		}
	return -1;
}

int report_plan(FILE *f, enum report_format fmt, const struct plant *p, const struct plan *pl,
                struct rm_error *err)
{
	int rc = 0;
	switch (fmt) {
	case REPORT_TEXT: rc = report_text(f, p, pl); break;
	case REPORT_CSV: rc = report_csv(f, p, pl); break;
	case REPORT_JSON: return report_json(f, p, pl, err);
	case REPORT_SHEET: rc = report_sheet(f, p, pl); break;
	}
	if (rc < 0 || ferror(f))
		return rm_error_set(err, NULL, 0, 0, "cannot write the report");
	return 0;
}

void report_spec(const struct plant *p, size_t h, size_t e, double *min, double *max)
{
	const struct grade *g = &p->grades->g[p->heats->h[h].grade];
	*min = *max = NAN;
	for (size_t l = 0; l < g->nlim; l++)
		if (g->lim[l].e == e) {
			*min = g->lim[l].min;
			*max = g->lim[l].max;
		}
}

void report_num(char *buf, size_t n, double v, int decimals)
{
	char raw[64];
	snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
	const char *dot = strchr(raw, '.');
	size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
	size_t k = 0;
	if (v < 0 && k + 1 < n)
		buf[k++] = '-';
	for (size_t i = 0; i < intlen && k + 2 < n; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = raw[i];
	}
	snprintf(buf + k, n - k, "%s", dot ? dot : "");
}
