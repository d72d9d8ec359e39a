/* journal.h - the inside of a loaded journal, for journal.c, fold.c
 * and resolve.c */
#ifndef WL_JOURNAL_H
#define WL_JOURNAL_H

#include <stdint.h>
#include <sys/types.h>

#include "wl.h"

struct wl_rec {
	json_t *orig;		/* as read */
	json_t *cur;		/* amends applied (orig until amended) */
	enum wl_type type;
	const char *id;		/* borrowed from orig */
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

struct wl_journal {
	struct wl_rec *recs;
	size_t n, cap;
	struct wl_rec **index;	/* open addressing on id */
	size_t icap, nindexed;
	char **files;
	size_t nfiles;
};

/*
 * Load one file from byte off (the start of a line) to its end as a
 * journal of its own; lines are numbered from off.  For tail.c.
 */
struct wl_journal *wl_journal_load_from(const char *path, off_t off,
    struct wl_diag *diag, struct wl_error *err);

/* Fold the indexed records in file order (fold.c). */
int wl_fold(struct wl_journal *j, struct wl_diag *diag);

#endif
