/* idset.h - a compact set of record ids with their types, for check.c */
#ifndef WL_IDSET_H
#define WL_IDSET_H

#include <stddef.h>
#include <stdint.h>

/*
 * Nine bytes a record: ids (as the numbers their 16 hex digits are)
 * and types in two arrays, sorted in place, with an index on the top
 * 16 bits of the id so that a lookup is a short binary search.
 */
struct wl_idset {
	uint64_t *id;
	unsigned char *type;
	size_t n, cap;
	uint32_t *bucket;	/* 65,537 starts, once sorted */
};

/* Room for cap ids; 0, or -1 when out of memory. */
int wl_idset_init(struct wl_idset *s, size_t cap);
void wl_idset_free(struct wl_idset *s);
/* Add one (at most cap in all). */
void wl_idset_add(struct wl_idset *s, uint64_t id, unsigned char type);
/* Sort by id and build the index; ids added twice stay twice, in no
 * particular order.  0, or -1 when out of memory. */
int wl_idset_sort(struct wl_idset *s);
/* Once sorted: the position of id, or (size_t)-1. */
size_t wl_idset_find(const struct wl_idset *s, uint64_t id);
/* Once sorted: keep one of each id, with type from types(id) for the
 * ids that were there more than once (ctx is passed on), and rebuild
 * the index.  0, or -1 when out of memory. */
int wl_idset_unique(struct wl_idset *s,
    unsigned char (*types)(uint64_t id, void *ctx), void *ctx);
/* 16 hex digits as a number: one-to-one for valid ids. */
uint64_t wl_idset_value(const char *hex);

#endif
