/* idtab.c - the one table of record ids: sorted arrays, no hashing */
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "idtab.h"

#define MAXBITS 16	/* at most 65,536 buckets */
#define TOP(t, id) ((size_t)((id) >> (64 - (t)->bits)))
#define SMALL 16	/* a bucket this short is sorted by insertion */

int
wl_idtab_init(struct wl_idtab *t, size_t cap)
{
	memset(t, 0, sizeof(*t));
	cap = cap ? cap : 16;
	t->id = malloc(cap * sizeof(*t->id));
	t->val = malloc(cap * sizeof(*t->val));
	if (t->id == NULL || t->val == NULL) {
		wl_idtab_free(t);
		return -1;
	}
	t->cap = cap;
	return 0;
}

void
wl_idtab_free(struct wl_idtab *t)
{
	free(t->id);
	free(t->val);
	free(t->bucket);
	memset(t, 0, sizeof(*t));
}

int
wl_idtab_add(struct wl_idtab *t, uint64_t id, uint32_t val)
{
	if (t->n == t->cap) {
		size_t cap = t->cap * 2;
		uint64_t *ni = realloc(t->id, cap * sizeof(*ni));
		uint32_t *nv;

		if (ni == NULL)
			return -1;
		t->id = ni;
		if ((nv = realloc(t->val, cap * sizeof(*nv))) == NULL)
			return -1;
		t->val = nv;
		t->cap = cap;
	}
	t->id[t->n] = id;
	t->val[t->n++] = val;
	return 0;
}

static int
less(const struct wl_idtab *t, size_t a, size_t b)
{
	return t->id[a] < t->id[b] || (t->id[a] == t->id[b] &&
	    t->val[a] < t->val[b]);
}

static void
swap(struct wl_idtab *t, size_t a, size_t b)
{
	uint64_t i = t->id[a];
	uint32_t v = t->val[a];

	t->id[a] = t->id[b];
	t->val[a] = t->val[b];
	t->id[b] = i;
	t->val[b] = v;
}

/* Heapsort of [lo, lo + n): for a bucket that ids crowd into. */
static void
sift(struct wl_idtab *t, size_t lo, size_t root, size_t n)
{
	for (;;) {
		size_t c = 2 * root + 1;

		if (c >= n)
			return;
		if (c + 1 < n && less(t, lo + c, lo + c + 1))
			c++;
		if (!less(t, lo + root, lo + c))
			return;
		swap(t, lo + root, lo + c);
		root = c;
	}
}

static void
sort_range(struct wl_idtab *t, size_t lo, size_t hi)
{
	size_t n = hi - lo;

	if (n <= SMALL) {
		for (size_t i = lo + 1; i < hi; i++)
			for (size_t k = i; k > lo && less(t, k, k - 1); k--)
				swap(t, k, k - 1);
		return;
	}
	for (size_t i = n / 2; i-- > 0; )
		sift(t, lo, i, n);
	for (size_t k = n; k > 1; k--) {
		swap(t, lo, lo + k - 1);
		sift(t, lo, 0, k - 1);
	}
}

/*
 * Ids are random, so their top bits spread them evenly: one pass puts
 * each in its bucket in place (an American flag sort), then each
 * bucket, an id or a few (a dozen or so past 65,536 ids), is sorted on
 * its own.
 */
int
wl_idtab_sort(struct wl_idtab *t)
{
	size_t nb, b;
	uint32_t *next;

	if (t->n >= UINT32_MAX)
		return -1;
	for (t->bits = 1; t->bits < MAXBITS && ((size_t)1 << t->bits) < t->n;
	    t->bits++)
		;
	nb = (size_t)1 << t->bits;
	free(t->bucket);
	t->bucket = calloc(nb + 1, sizeof(*t->bucket));
	next = malloc(nb * sizeof(*next));
	if (t->bucket == NULL || next == NULL) {
		free(next);
		return -1;
	}
	for (size_t i = 0; i < t->n; i++)
		t->bucket[TOP(t, t->id[i]) + 1]++;
	for (b = 0; b < nb; b++) {
		t->bucket[b + 1] += t->bucket[b];
		next[b] = t->bucket[b];
	}
	for (b = 0; b < nb; b++)
		while (next[b] < t->bucket[b + 1]) {
			size_t d = TOP(t, t->id[next[b]]);

			if (d == b)
				next[b]++;
			else
				swap(t, next[b], next[d]++);
		}
	free(next);
	for (b = 0; b < nb; b++)
		sort_range(t, t->bucket[b], t->bucket[b + 1]);
	return 0;
}

/* The first position in [lo, hi) whose id is not below id. */
static size_t
lower(const struct wl_idtab *t, size_t lo, size_t hi, uint64_t id)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
wl_idtab_find(const struct wl_idtab *t, uint64_t id)
{
	size_t hi, k;

	if (t->bucket == NULL)
		return WL_IDTAB_NONE;
	hi = t->bucket[TOP(t, id) + 1];
	k = lower(t, t->bucket[TOP(t, id)], hi, id);
	return k < hi && t->id[k] == id ? k : WL_IDTAB_NONE;
}

void
wl_idtab_range(const struct wl_idtab *t, uint64_t from, uint64_t to,
    size_t *lo, size_t *hi)
{
	*lo = *hi = 0;
	if (t->bucket == NULL || from > to)
		return;
	*lo = lower(t, t->bucket[TOP(t, from)], t->bucket[TOP(t, from) + 1],
	    from);
	*hi = lower(t, t->bucket[TOP(t, to)], t->bucket[TOP(t, to) + 1], to);
	while (*hi < t->n && t->id[*hi] == to)
		(*hi)++;
}

int
wl_id_value(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if (s == NULL || n != WL_ID_LEN)
		return -1;
	for (size_t i = 0; i < WL_ID_LEN; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			x = x << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			x = x << 4 | (uint64_t)(c - 'a' + 10);
		else
			return -1;
	}
	*v = x;
	return 0;
}
