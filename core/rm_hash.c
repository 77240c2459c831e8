#include "rm_hash.h"
#include "rm_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a-128 (Fowler, Noll, Vo): offset basis 0x6c62272e07bb014262b821756295c58d, prime
 * 2^88 + 0x13b. */
#define HASH_BASIS_HI 0x6c62272e07bb0142ull
#define HASH_BASIS_LO 0x62b821756295c58dull
#define HASH_PRIME_LOW 0x13bull

/* h *= 2^88 + 0x13b (mod 2^128) in two 64-bit halves: C11 has no 128-bit integer. */
static void hash_mul(struct rm_hash *h)
{
	uint64_t a = (h->lo & 0xffffffffu) * HASH_PRIME_LOW;
	uint64_t b = (h->lo >> 32) * HASH_PRIME_LOW;
	uint64_t lo = a + (b << 32);
	uint64_t carry = lo < a;
	h->hi = h->hi * HASH_PRIME_LOW + (b >> 32) + carry + (h->lo << 24);
	h->lo = lo;
}

void rm_hash_init(struct rm_hash *h)
{
	h->hi = HASH_BASIS_HI;
	h->lo = HASH_BASIS_LO;
}

void rm_hash_add(struct rm_hash *h, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	for (size_t i = 0; i < n; i++) {
		h->lo ^= p[i];
		hash_mul(h);
	}
}

void rm_hash_str(struct rm_hash *h, const char *s)
{
	rm_hash_add(h, s, strlen(s) + 1);
}

void rm_hash_num(struct rm_hash *h, double v)
{
	char buf[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	rm_hash_str(h, buf);
}

int rm_hash_file(struct rm_hash *h, const char *path, struct rm_error *err)
{
	struct rm_error open_err;
	FILE *f = rm_file_fopen_read(path, &open_err);
	if (!f) {
		if (errno != ENOENT) {
			if (err)
				*err = open_err;
			return -1;
		}
		rm_hash_str(h, "absent");
		return 0;
	}
	char buf[65536];
	size_t n, total = 0;
	rm_hash_str(h, "present");
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		rm_hash_add(h, buf, n);
		total += n;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return rm_error_set(err, path, 0, 0, "cannot read");
	/* the length last: a file is its bytes and where they end */
	char len[32];
	snprintf(len, sizeof len, "%zu", total);
	rm_hash_str(h, len);
	return 0;
}

void rm_hash_hex(const struct rm_hash *h, char out[RM_HASH_HEX])
{
	snprintf(out, RM_HASH_HEX, "%016llx%016llx", (unsigned long long)h->hi,
	         (unsigned long long)h->lo);
}

void rm_hash_bytes_hex(const void *buf, size_t n, char out[RM_HASH_HEX])
{
	struct rm_hash h;
	rm_hash_init(&h);
	rm_hash_add(&h, buf, n);
	rm_hash_hex(&h, out);
}
