/* journal.h - the inside of a loaded journal, for journal.c, fold.c
 * and resolve.c */
#ifndef WL_JOURNAL_H
#define WL_JOURNAL_H

#include <stdint.h>
#include <sys/types.h>

#include "wl.h"

struct wl_rec {
	/* A canonical line is kept as bytes (raw) and decoded values
	 * (vals, see rec.c); orig and cur are made from it on first use.
	 * Any other line is parsed as it is read. */
	const char *raw;
	size_t rawlen;
	const char *const *vals;
	json_t *orig;		/* as read; NULL until made */
	json_t *cur;		/* amends applied (orig until amended) */
	enum wl_type type;
	const char *id;		/* borrowed from orig or vals */
	const char *file;	/* borrowed from the journal */
	long line;
	size_t pos;		/* position in file order */
	int retracted;		/* by a retract record */
	int redacted;		/* a participant erased by redact */
	int superseded;		/* an endorsement replaced by a later one */
	int amends;
	size_t text_amend;	/* pos + 1 of the last amend of "text" */
	const struct wl_rec *status;	/* last status record */
	const struct wl_rec *parent;	/* what "ref" names */
	const struct wl_rec *session;	/* the session it belongs to */
	int nendorse, nstale;	/* for advice */
	struct wl_rec *first_e, *last_e;	/* an advice's endorsements */
	struct wl_rec *next_e;	/* the next endorsement of the same advice */
	const struct wl_rec **members;	/* a session's records */
	size_t nmembers;
};

/* Memory handed out in big chunks, freed all at once (rec.c). */
struct wl_arena {
	struct chunk *head;
};

struct wl_slot {
	uint64_t hash;
	struct wl_rec *r;	/* NULL: empty */
};

struct wl_journal {
	struct wl_rec *recs;
	size_t n, cap;
	struct wl_slot *index;	/* open addressing on id */
	size_t icap, nindexed;
	char **files;
	size_t nfiles;
	struct wl_arena arena;	/* the kept lines */
};

/*
 * Load one file from byte off (the start of a line) to its end as a
 * journal of its own; lines are numbered from off.  For tail.c.
 */
struct wl_journal *wl_journal_load_from(const char *path, off_t off,
    struct wl_diag *diag, struct wl_error *err);

/* rec.c: keep canonical line (one wl_scan_line vouched for) as r's
 * record; r->type is set.  0, or -1 when out of memory. */
int wl_rec_keep(struct wl_journal *j, struct wl_rec *r, const char *line,
    size_t len);
/* Make r's JSON now (a no-op for a parsed line); 0, or -1 out of
 * memory. */
int wl_rec_make(struct wl_rec *r);
/* A string field of the record as written (before amends). */
const char *wl_rec_orig_str(const struct wl_rec *r, const char *field);
void wl_arena_free(struct wl_arena *a);

/* Fold the indexed records in file order (fold.c). */
int wl_fold(struct wl_journal *j, struct wl_diag *diag);

#endif
