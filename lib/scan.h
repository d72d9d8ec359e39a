/* scan.h - the line scanner that vouches for canonical lines, for
 * scan.c and its users in lib/ (list.c) */
#ifndef WL_SCAN_H
#define WL_SCAN_H

#include "wl.h"

#define WL_SCAN_SLOTS 12	/* id, at, and the fields of any type */

/* The top-level fields that may name other records. */
enum { WL_SCAN_SESSION, WL_SCAN_BY, WL_SCAN_OWNER, WL_SCAN_REF,
	WL_SCAN_NREFS };

/* What the scanner reads out of a line it vouches for. */
struct wl_scan {
	enum wl_type type;
	const char *id;			/* 16 hex bytes in the line */
	/* The raw bytes of the string values of session, by, owner and
	 * ref (NULL when absent); escapes are left as they are. */
	const char *ref[WL_SCAN_NREFS];
	size_t reflen[WL_SCAN_NREFS];
	int val;	/* index + 1 of "kind" or "status" in its enum, or 0 */
	long long block;		/* 0 when absent */
	/* The bytes of each value in the line (a string or list with its
	 * quotes or brackets): slot 0 the id, 1 "at", 2 + k the type's
	 * field k (wl_schema_fields); length 0 when it is absent. */
	const char *span[WL_SCAN_SLOTS];
	size_t spanlen[WL_SCAN_SLOTS];
};

/*
 * 1 if line (without its '\n') is one that wl_line_parse accepts
 * AND that wl_line_encode writes back as the very same bytes: a
 * record of a known type, compact, keys in canonical order, no unknown
 * field, every value of its field's kind (no list of blocks, no
 * amend's set: nothing nested in an object) and only the escapes
 * jansson writes.  Then *out is filled.  0 means
 * "don't know": the caller parses the line with wl_line_parse.
 * Allocates nothing.
 */
int wl_scan_line(const char *line, size_t len, struct wl_scan *out);
/* The first byte of the string value of field of a scanned record of
 * type t (just after its quote), or NULL when it has none. */
const char *wl_scan_value(const struct wl_scan *sc, enum wl_type t,
    const char *field);

#endif
