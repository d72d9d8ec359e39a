/* idset.c - a compact set of record ids with their types */
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "idset.h"

#define NBUCKETS 65536

int
wl_idset_init(struct wl_idset *s, size_t cap)
{
	memset(s, 0, sizeof(*s));
	s->id = malloc((cap ? cap : 1) * sizeof(*s->id));
	s->type = malloc(cap ? cap : 1);
	if (s->id == NULL || s->type == NULL) {
		wl_idset_free(s);
		return -1;
	}
	s->cap = cap;
	return 0;
}

void
wl_idset_free(struct wl_idset *s)
{
	free(s->id);
	free(s->type);
	free(s->bucket);
	memset(s, 0, sizeof(*s));
}

void
wl_idset_add(struct wl_idset *s, uint64_t id, unsigned char type)
{
	if (s->n < s->cap) {
		s->id[s->n] = id;
		s->type[s->n++] = type;
	}
}

static void
swap(struct wl_idset *s, size_t a, size_t b)
{
	uint64_t i = s->id[a];
	unsigned char t = s->type[a];

	s->id[a] = s->id[b];
	s->type[a] = s->type[b];
	s->id[b] = i;
	s->type[b] = t;
}

/* Heapsort: in place (the point of the set is its size), n log n. */
static void
sift(struct wl_idset *s, size_t root, size_t n)
{
	for (;;) {
		size_t c = 2 * root + 1;

		if (c >= n)
			return;
		if (c + 1 < n && s->id[c + 1] > s->id[c])
			c++;
		if (s->id[root] >= s->id[c])
			return;
		swap(s, root, c);
		root = c;
	}
}

static int
index_build(struct wl_idset *s)
{
	size_t k = 0;

	free(s->bucket);
	if ((s->bucket = malloc((NBUCKETS + 1) * sizeof(*s->bucket))) ==
	    NULL)
		return -1;
	for (size_t b = 0; b <= NBUCKETS; b++) {
		while (k < s->n && (s->id[k] >> 48) < b)
			k++;
		s->bucket[b] = (uint32_t)k;
	}
	return 0;
}

int
wl_idset_sort(struct wl_idset *s)
{
	if (s->n >= UINT32_MAX)
		return -1;
	for (size_t i = s->n / 2; i-- > 0; )
		sift(s, i, s->n);
	for (size_t n = s->n; n > 1; n--) {
		swap(s, 0, n - 1);
		sift(s, 0, n - 1);
	}
	return index_build(s);
}

size_t
wl_idset_find(const struct wl_idset *s, uint64_t id)
{
	size_t lo = s->bucket[id >> 48], hi = s->bucket[(id >> 48) + 1];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->id[mid] == id)
			return mid;
		if (s->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

int
wl_idset_unique(struct wl_idset *s,
    unsigned char (*types)(uint64_t id, void *ctx), void *ctx)
{
	size_t o = 0;

	for (size_t i = 0; i < s->n; o++) {
		size_t j = i + 1;

		while (j < s->n && s->id[j] == s->id[i])
			j++;
		s->id[o] = s->id[i];
		s->type[o] = j > i + 1 ? types(s->id[i], ctx) : s->type[i];
		i = j;
	}
	s->n = o;
	return index_build(s);
}

uint64_t
wl_idset_value(const char *hex)
{
	uint64_t v = 0;

	for (int i = 0; i < WL_ID_LEN; i++)
		v = v * 16 + (uint64_t)(hex[i] <= '9' ? hex[i] - '0' :
		    hex[i] - 'a' + 10);
	return v;
}
