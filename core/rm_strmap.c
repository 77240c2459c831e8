#include "rm_strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t strmap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

static size_t strmap_slot(const struct rm_strmap *m, const char *key)
{
	size_t i = strmap_hash(key) & (m->cap - 1);
	while (m->key[i] && strcmp(m->key[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

long rm_strmap_get(const struct rm_strmap *m, const char *key)
{
	if (m->cap == 0)
		return -1;
	size_t i = strmap_slot(m, key);
	return m->key[i] ? (long)m->val[i] : -1;
}

static int strmap_grow(struct rm_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct rm_strmap g = {cap, 0, calloc(cap, sizeof(char *)), calloc(cap, sizeof(size_t))};
	if (!g.key || !g.val) {
		free(g.key);
		free(g.val);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->key[i]) {
			size_t j = strmap_slot(&g, m->key[i]);
			g.key[j] = m->key[i];
			g.val[j] = m->val[i];
			g.n++;
		}
	rm_strmap_free(m);
	*m = g;
	return 0;
}

int rm_strmap_put(struct rm_strmap *m, const char *key, size_t val)
{
	if ((m->n + 1) * 2 > m->cap && strmap_grow(m) < 0)
		return -1;
	size_t i = strmap_slot(m, key);
	if (!m->key[i]) {
		m->key[i] = key;
		m->n++;
	}
	m->val[i] = val;
	return 0;
}

void rm_strmap_free(struct rm_strmap *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof *m);
}
