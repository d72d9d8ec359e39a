/* journal.h - the inside of a loaded journal, for journal.c, rec.c,
 * fold.c and resolve.c */
#ifndef WL_JOURNAL_H
#define WL_JOURNAL_H

#include <stdint.h>
#include <sys/types.h>

#include "wl.h"
#include "idtab.h"
#include "reader.h"
#include "scan.h"

/*
 * A loaded record never changes once the load is done, so readers may
 * share it between threads.  A canonical line (one wl_scan_line
 * vouches for) is kept as its values (data, see rec.c: wl_rec_copy_raw
 * makes its bytes again) and has no JSON; any other line keeps its
 * bytes in data, for messages.  Such a line, an amend, and a record
 * that amends changed have JSON (orig as read, cur as it stands), made
 * during the load.
 *
 * A million of them are loaded at once, so the struct is kept small:
 * what only a few records have (a session's members, an endorsed
 * record's tally) hangs off side, and numbers are as wide as a loaded
 * journal can need (a line is at most WL_LINE_MAX bytes).
 */
struct wl_side;

struct wl_rec {
	const char *data;	/* its values, or its line (in the arena) */
	json_t *orig;		/* as read, or NULL */
	json_t *cur;		/* as it stands (amends applied), or NULL */
	const char *id;		/* in data or orig */
	const char *file;	/* borrowed from the journal */
	const struct wl_rec *erased;	/* the erased participant whose
					 * record this is (rules.h) */
	const struct wl_rec *text_amend;	/* the last amend that
					 * rewords it (wl_rule_order) */
	const struct wl_rec *status;	/* last status (wl_rule_order) */
	const struct wl_rec *parent;	/* what "ref" names */
	const struct wl_rec *session;	/* the session it belongs to */
	const struct wl_side *side;	/* a session's or an endorsed
					 * record's (fold.c), or NULL */
	uint32_t rawlen;	/* the length of its line */
	uint32_t line;
	uint32_t pos;		/* position in file order */
	unsigned char type;	/* enum wl_type */
	unsigned canon:1;	/* kept as its canonical line's values */
	unsigned wide:1;	/* its values' offsets are 32 bits (rec.c) */
	unsigned retracted:1;	/* by a retract record */
	unsigned redacted:1;	/* a participant erased by redact */
	unsigned superseded:1;	/* an endorsement replaced by a later
				 * one */
};

/* What a fold knows of a session or of an endorsed record, made anew
 * by each fold (fold.c). */
struct wl_side {
	const struct wl_rec **members;	/* a session's records */
	size_t nmembers;
	int nendorse, nstale;	/* its live and stale endorsements */
	int nstance[3], nstale_st[3];	/* the same by stance: endorse,
					 * reservations, object */
};

/* Memory handed out in big chunks, freed all at once (rec.c). */
struct wl_arena {
	struct chunk *head;
};

struct wl_journal {
	struct wl_rec *recs;
	size_t n, cap;
	struct wl_idtab index;	/* id -> position in recs */
	char **files;
	size_t nfiles;
	struct wl_arena arena;	/* the kept lines */
	struct wl_side *sides;	/* the last fold's (fold.c) */
	const struct wl_rec **members;	/* every session's, one after
					 * another */
	int quiet;		/* the last fold said nothing */
	int in_order;		/* its lines are in the order of records
				 * (wl_rec_order), as one copy's usually
				 * are: lists need not sort their rows */
	unsigned only;		/* WL_TYPE_BITs of the records kept; 0: all */
	/* A writer's part of a file (tail.c) leaves records out; those
	 * of the minute it was read in are here, for wl_id_place to put
	 * a new id above them as it would with the whole file. */
	struct wl_outside *outside;
	size_t noutside;
};

/* A record left out of a part: its "at" and id. */
struct wl_outside {
	char at[WL_TIME_LEN + 1];
	char id[WL_ID_LEN + 1];
};

/*
 * Load one file from byte off (the start of a line) to its end as a
 * journal of its own; lines are numbered from off.  For tail.c.
 */
struct wl_journal *wl_journal_load_from(const char *path, off_t off,
    struct wl_diag *diag, struct wl_error *err);

/*
 * The lines of file (its name as messages give it) that next gives,
 * in that order and with their own numbers, as a journal of their
 * own, indexed and folded.  next(ctx, l) sets *l and returns 1, or
 * returns 0 after the last; a line's bytes are read before next is
 * called again, and not after (the journal keeps its own copy).  NULL
 * only when out of memory (err).  For tail.c.
 */
struct wl_journal *wl_journal_load_lines(const char *file,
    int (*next)(void *ctx, struct wl_line *l), void *ctx,
    struct wl_diag *diag, struct wl_error *err);

/*
 * Load only the records of path whose types are in only (WL_TYPE_BITs),
 * folded as a journal of their own, problems unsaid: enough to know
 * the sessions as amends and retracts leave them, without the cost of
 * every note.  (A record whose id a line of another type used first
 * counts here, though a whole load leaves it out.)
 */
struct wl_journal *wl_journal_load_types(const char *path, unsigned only,
    struct wl_error *err);

/* wl_journal_admit for records read from file: from[i] is record i's
 * line as given (its number and bytes, for the messages). */
long wl_journal_admit_from(struct wl_journal *j, json_t *const *recs,
    size_t n, const char *file, const struct wl_line *from,
    struct wl_diag *diag, struct wl_error *err);

/* rec.c: keep line l as r's: a canonical one with the values sc
 * vouched for (sc NULL: a parsed one, whose JSON the caller sets).
 * 0, or -1 when out of memory. */
int wl_rec_keep(struct wl_journal *j, struct wl_rec *r,
    const struct wl_line *l, const struct wl_scan *sc);
/* r's line as read, its r->rawlen bytes copied to dst (no NUL added):
 * a canonical line is made again from its values. */
void wl_rec_copy_raw(const struct wl_rec *r, char *dst);
/* The same in a new string of its own, NUL-terminated; NULL when out
 * of memory. */
char *wl_rec_dup_raw(const struct wl_rec *r);
/* r's record as written (a record of an erased person: as erasure
 * left it, see fold.c): a new reference, NULL when out of memory. */
json_t *wl_rec_orig_json(const struct wl_rec *r);
/* r's record as its line holds it, before the fold erased anything
 * (rules.h): a new reference, NULL when out of memory. */
json_t *wl_rec_line_json(const struct wl_rec *r);
/* Give r JSON of its own (as written) for the fold to amend; 0 or
 * -1.  During the load only. */
int wl_rec_make(struct wl_rec *r);
/* A string field of the record as written (before amends). */
const char *wl_rec_orig_str(const struct wl_rec *r, const char *field);
void *wl_arena_alloc(struct wl_arena *a, size_t n);
void wl_arena_free(struct wl_arena *a);

/* How loaded records hang together, for a struct wl_hang (fold.c; the
 * fold and cascade.c share them). */
enum wl_type wl_hang_type(void *ctx, const void *r);
const void *wl_hang_session(void *ctx, const void *r);
const void *wl_hang_parent(void *ctx, const void *r);

/* Fold the indexed records in file order (fold.c).  0, or -1 when
 * out of memory. */
int wl_fold(struct wl_journal *j, struct wl_diag *diag);
/* Say problem e of record r to diag: its file, line and column, at the
 * severity a reader gives it (rules.h). */
void wl_rec_say(const struct wl_rec *r, struct wl_error *e,
    struct wl_diag *diag);

#endif
