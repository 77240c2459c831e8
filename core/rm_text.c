#include "rm_text.h"

#include <stdlib.h>

/* The length of the control character at s (1, or 2 for a UTF-8 C1), 0 if none. */
static size_t text_control(const unsigned char *s, size_t left, bool lines)
{
	if (s[0] < 0x20 || s[0] == 0x7f)
		return lines && (s[0] == '\n' || s[0] == '\f') ? 0 : 1;
	if (s[0] == 0xc2 && left > 1 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	return 0;
}

size_t rm_text_control_at(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++)
		if (text_control(u + i, len - i, false))
			return i;
	return len;
}

char *rm_text_visible(char *buf, size_t n, const char *s, size_t len, bool lines)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t k = 0;
	for (size_t i = 0; i < len && k + 1 < n;) {
		size_t c = text_control(u + i, len - i, lines);
		if (!c) {
			buf[k++] = s[i++];
			continue;
		}
		unsigned char b = c == 2 ? u[i + 1] : u[i]; /* C1 U+0080..U+009F: its code */
		if (k + 5 > n)
			break;
		buf[k++] = '\\';
		buf[k++] = 'x';
		buf[k++] = hex[b >> 4];
		buf[k++] = hex[b & 15];
		i += c;
	}
	if (n)
		buf[k < n ? k : n - 1] = '\0';
	return buf;
}

int rm_text_write(FILE *f, const char *buf, size_t len)
{
	size_t cap = 4 * len + 1;
	char *v = malloc(cap);
	if (!v)
		return -1;
	rm_text_visible(v, cap, buf, len, true);
	size_t vlen = 0;
	while (v[vlen])
		vlen++;
	int rc = fwrite(v, 1, vlen, f) == vlen ? 0 : -1;
	free(v);
	return rc;
}
