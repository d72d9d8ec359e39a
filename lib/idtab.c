/* idtab.c - the one table of record ids: sorted arrays, no hashing */
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "idtab.h"

#define MAXBITS 16	/* at most 65,536 buckets */
#define TOP(t, id) ((size_t)((id) >> (64 - (t)->bits)))
#define SMALL 64	/* a bucket this short is sorted by insertion */

static void
set_val(const struct wl_idtab *t, unsigned char *vals, size_t k,
    uint32_t v)
{
	if (t->width == 1)
		vals[k] = (unsigned char)v;
	else
		memcpy(vals + k * 4, &v, 4);
}

int
wl_idtab_init(struct wl_idtab *t, size_t cap, unsigned width)
{
	memset(t, 0, sizeof(*t));
	t->width = width == 1 ? 1 : 4;
	cap = cap ? cap : 16;
	t->id = malloc(cap * sizeof(*t->id));
	t->val = malloc(cap * t->width);
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
	unsigned width = t->width;

	free(t->id);
	free(t->val);
	free(t->bucket);
	memset(t, 0, sizeof(*t));
	t->width = width;
}

int
wl_idtab_add(struct wl_idtab *t, uint64_t id, uint32_t val)
{
	if (t->n == t->cap) {
		size_t cap = t->cap * 2;
		uint64_t *ni = realloc(t->id, cap * sizeof(*ni));
		unsigned char *nv;

		if (ni == NULL)
			return -1;
		t->id = ni;
		if ((nv = realloc(t->val, cap * t->width)) == NULL)
			return -1;
		t->val = nv;
		t->cap = cap;
	}
	t->id[t->n] = id;
	set_val(t, t->val, t->n++, val);
	return 0;
}

static int
less(const struct wl_idtab *t, size_t a, size_t b)
{
	return t->id[a] < t->id[b] || (t->id[a] == t->id[b] &&
	    wl_idtab_val(t, a) < wl_idtab_val(t, b));
}

static void
swap(struct wl_idtab *t, size_t a, size_t b)
{
	uint64_t x = t->id[a];
	uint32_t v = wl_idtab_val(t, a);

	t->id[a] = t->id[b];
	t->id[b] = x;
	set_val(t, t->val, a, wl_idtab_val(t, b));
	set_val(t, t->val, b, v);
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
		for (size_t i = lo + 1; i < hi; i++) {
			uint64_t x = t->id[i];
			uint32_t xv = wl_idtab_val(t, i);
			size_t k = i;

			for (; k > lo && (t->id[k - 1] > x ||
			    (t->id[k - 1] == x && wl_idtab_val(t, k - 1) >
			    xv)); k--) {
				t->id[k] = t->id[k - 1];
				set_val(t, t->val, k, wl_idtab_val(t, k - 1));
			}
			t->id[k] = x;
			set_val(t, t->val, k, xv);
		}
		return;
	}
	for (size_t i = n / 2; i-- > 0; )
		sift(t, lo, i, n);
	for (size_t k = n; k > 1; k--) {
		swap(t, lo, lo + k - 1);
		sift(t, lo, 0, k - 1);
	}
}

/* Choose the buckets for n ids and count them; next[b] gets where
 * bucket b starts.  0, or -1 when out of memory. */
static int
buckets(struct wl_idtab *t, uint32_t **next)
{
	size_t nb, b;

	if (t->n >= UINT32_MAX)
		return -1;
	for (t->bits = 1; t->bits < MAXBITS && ((size_t)1 << t->bits) < t->n;
	    t->bits++)
		;
	nb = (size_t)1 << t->bits;
	free(t->bucket);
	t->bucket = calloc(nb + 1, sizeof(*t->bucket));
	*next = malloc(nb * sizeof(**next));
	if (t->bucket == NULL || *next == NULL) {
		free(*next);
		return -1;
	}
	for (size_t i = 0; i < t->n; i++)
		t->bucket[TOP(t, t->id[i]) + 1]++;
	for (b = 0; b < nb; b++) {
		t->bucket[b + 1] += t->bucket[b];
		(*next)[b] = t->bucket[b];
	}
	return 0;
}

/* Each bucket, an id or a few (a dozen or so past 65,536 ids), sorted
 * on its own. */
static void
sort_buckets(struct wl_idtab *t)
{
	for (size_t b = 0; b < (size_t)1 << t->bits; b++)
		sort_range(t, t->bucket[b], t->bucket[b + 1]);
}

/*
 * Ids are random, so their top bits spread them evenly: each is put in
 * its bucket, then the buckets are sorted.  Put into a new array, the
 * ids are read in order and written to a few places at a time, which a
 * processor does fast; when there is no memory for one (or check asks
 * for no more), they are moved in place (an American flag sort).
 */
static int
sort(struct wl_idtab *t, int in_place)
{
	size_t n = t->n ? t->n : 1;
	uint64_t *to = NULL;
	unsigned char *tov = NULL;
	uint32_t *next;

	if (buckets(t, &next) < 0)
		return -1;
	if (!in_place && (to = malloc(n * sizeof(*to))) != NULL &&
	    (tov = malloc(n * t->width)) != NULL) {
		for (size_t i = 0; i < t->n; i++) {
			size_t d = next[TOP(t, t->id[i])]++;

			to[d] = t->id[i];
			set_val(t, tov, d, wl_idtab_val(t, i));
		}
		free(t->id);
		free(t->val);
		t->id = to;
		t->val = tov;
		t->cap = n;
	} else {
		free(to);
		for (size_t b = 0; b < (size_t)1 << t->bits; b++)
			while (next[b] < t->bucket[b + 1]) {
				size_t d = TOP(t, t->id[next[b]]);

				if (d == b)
					next[b]++;
				else
					swap(t, next[b], next[d]++);
			}
	}
	free(next);
	sort_buckets(t);
	return 0;
}

int
wl_idtab_sort(struct wl_idtab *t)
{
	return sort(t, 0);
}

int
wl_idtab_sort_in_place(struct wl_idtab *t)
{
	return sort(t, 1);
}

/* The first position in [lo, hi) whose id is not below id: a binary
 * search without branches on the ids (they are random, so a branch on
 * them would be mispredicted half the time). */
static size_t
lower(const struct wl_idtab *t, size_t lo, size_t hi, uint64_t id)
{
	size_t n = hi - lo;

	if (n == 0)
		return lo;
	while (n > 1) {
		size_t half = n / 2;

		lo = t->id[lo + half - 1] < id ? lo + half : lo;
		n -= half;
	}
	return t->id[lo] < id ? lo + 1 : lo;
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

/* 1 + the value of a lowercase hex digit; 0 for any other byte.  A
 * table, not a branch per digit: ids are random, so branches on their
 * digits would be mispredicted half the time. */
static const unsigned char hexval[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16
};

int
wl_id_value(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;
	unsigned bad = 0;

	if (s == NULL || n != WL_ID_LEN)
		return -1;
	for (size_t i = 0; i < WL_ID_LEN; i++) {
		unsigned d = hexval[(unsigned char)s[i]];

		bad |= d == 0;
		x = x << 4 | (uint64_t)((d - 1) & 15);
	}
	if (bad)
		return -1;
	*v = x;
	return 0;
}
