/* internal.h - what the library's files share and nobody else sees */
#ifndef WL_INTERNAL_H
#define WL_INTERNAL_H

#include <sys/types.h>

#include "wl.h"

enum wl_field_kind { FK_STR, FK_INT, FK_BOOL, FK_DATE, FK_TIME, FK_ID,
	FK_ENUM, FK_STRS, FK_BLOCKS, FK_SET };

struct wl_field {
	const char *name;
	enum wl_field_kind kind;
	int required;
	const char *const *values;	/* FK_ENUM */
	long long min;			/* FK_INT */
};

/* The fields of type t after id, type and at, in canonical order. */
const struct wl_field *wl_schema_fields(enum wl_type t);
/* "a, b, c" into buf. */
const char *wl_schema_values_list(const char *const *v, char *buf,
    size_t size);

/* fsync the directory that holds path. */
int wl_fsync_dir(const char *path, struct wl_error *err);
/*
 * Save a torn last line's bytes to PATH.torn-YYYYMMDDTHHMMSSZ (or
 * -N after it when taken), mode 0600, fsynced with its directory.
 * Returns the new file's name (caller frees), or NULL.
 */
char *wl_save_torn(const char *path, const char *frag, size_t n,
    struct wl_error *err);

/*
 * json_loadb and json_dumps with jansson's allocator watched
 * (record.c): when any allocation of the parse or the dump failed,
 * which jansson does not always say (nor stop at), the parse sets
 * *nomem and returns NULL, the dump returns NULL (errno ENOMEM).
 * Every parse of journal text and every dump goes through these.
 */
json_t *wl_json_parse(const char *s, size_t len, size_t flags,
    json_error_t *je, int *nomem);
char *wl_json_dumps(const json_t *v, size_t flags);
/* Set that watch now: before a second thread may allocate through
 * jansson, which reads its allocator unguarded. */
void wl_json_prepare(void);

#endif
