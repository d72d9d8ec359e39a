/* idtab.h - the one table of record ids, for journal.c, check.c,
 * list.c and import.c */
#ifndef WL_IDTAB_H
#define WL_IDTAB_H

#include <stddef.h>
#include <stdint.h>

#define WL_IDTAB_NONE ((size_t)-1)

/* An id, as the number its 16 hex digits are (one to one), with a
 * 32-bit value of the caller's (a position, a line).  Twelve bytes. */
struct wl_identry {
	uint64_t id;
	uint32_t val;
} __attribute__((packed));

/*
 * Ids with their values, sorted in place by id and then value, with an
 * index on the top bits of the id (about one bucket per id, at most
 * 65,536): twelve bytes a record, no hashing, and ids used twice sit
 * side by side, the lowest value first.
 */
struct wl_idtab {
	struct wl_identry *e;
	size_t n, cap;
	uint32_t *bucket;	/* where each bucket of top bits starts */
	unsigned bits;		/* how many top bits pick the bucket */
};

/* Room for cap ids (it grows when more are added).  0, or -1 when out
 * of memory. */
int wl_idtab_init(struct wl_idtab *t, size_t cap);
void wl_idtab_free(struct wl_idtab *t);
/* Add one; the table is unsorted until wl_idtab_sort.  0 or -1. */
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
