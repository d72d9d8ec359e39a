/* idtab.h - the one table of record ids, for journal.c, check.c,
 * list.c and import.c */
#ifndef WL_IDTAB_H
#define WL_IDTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define WL_IDTAB_NONE ((size_t)-1)

/*
 * Ids, as the numbers their 16 hex digits are (one to one), each with
 * a value of the caller's (a position, a line, a type) of width bytes,
 * 4 or 1: two arrays, sorted in place by id and then value, with an
 * index on the top bits of the id (about one bucket per id, at most
 * 65,536): twelve or nine bytes a record, no hashing, and ids used
 * twice sit side by side, the lowest value first.
 */
struct wl_idtab {
	uint64_t *id;
	unsigned char *val;	/* id[k]'s value at val + k * width */
	unsigned width;
	size_t n, cap;
	uint32_t *bucket;	/* where each bucket of top bits starts */
	unsigned bits;		/* how many top bits pick the bucket */
};

/* The value of the id at k. */
static inline uint32_t
wl_idtab_val(const struct wl_idtab *t, size_t k)
{
	uint32_t v;

	if (t->width == 1)
		return t->val[k];
	memcpy(&v, t->val + k * 4, 4);
	return v;
}

/* Set it (cut to the width). */
static inline void
wl_idtab_set(struct wl_idtab *t, size_t k, uint32_t v)
{
	if (t->width == 1)
		t->val[k] = (unsigned char)v;
	else
		memcpy(t->val + k * 4, &v, 4);
}

/* Room for cap ids with values of width bytes, 4 or 1 (it grows when
 * more are added).  0, or -1 when out of memory. */
int wl_idtab_init(struct wl_idtab *t, size_t cap, unsigned width);
void wl_idtab_free(struct wl_idtab *t);
/* Add one (val cut to the width); the table is unsorted until
 * wl_idtab_sort.  0 or -1. */
int wl_idtab_add(struct wl_idtab *t, uint64_t id, uint32_t val);
/* Sort by id, then value, and build the index.  0 or -1. */
int wl_idtab_sort(struct wl_idtab *t);
/* The same without a second array for a while (slower). */
int wl_idtab_sort_in_place(struct wl_idtab *t);
/* Once sorted: the first position of id, or WL_IDTAB_NONE. */
size_t wl_idtab_find(const struct wl_idtab *t, uint64_t id);
/* Once sorted: the positions [*lo, *hi) of the ids in [from, to]. */
void wl_idtab_range(const struct wl_idtab *t, uint64_t from, uint64_t to,
    size_t *lo, size_t *hi);

/* The number the id s (n bytes, 16 lowercase hex digits) is; 0, or -1
 * when s is no id. */
int wl_id_value(const char *s, size_t n, uint64_t *v);

#endif
