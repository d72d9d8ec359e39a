/* rules.h - the rules of a journal beyond one record's shape, for
 * every part of the library that reads, writes or checks one */
#ifndef WL_RULES_H
#define WL_RULES_H

#include "wl.h"

/*
 * A journal is valid when every line is a record (schema.c), no id is
 * used twice, and these hold.  The loader's fold, wl-report check, the
 * fast list, import and the writers all ask here; none restates them.
 * Each rule returns 0 when it holds, else -1 with the problem in e:
 * its code (enum wl_code), the field at fault (for the column) and the
 * message; the caller sets file, line and column.
 */

/* How a reader takes a problem: WL_ERROR refuses the journal;
 * WL_WARNING leaves the line or the record out and goes on. */
enum wl_severity wl_problem_severity(int code);

/* The problems of lines, as the reader and the id index find them. */
void wl_problem_blank(struct wl_error *e);
/* mendable: the line is in a journal file, which check --repair mends
 * (not a pipe, nor a device). */
void wl_problem_long(struct wl_error *e, int mendable);
/* A record to write whose line would be longer than WL_LINE_MAX. */
void wl_problem_too_long(struct wl_error *e, size_t bytes);
void wl_problem_torn(struct wl_error *e, size_t bytes);
/* A record whose id an earlier one (at file:line; file NULL: the same
 * file) has: the same record again when same, else an id used twice. */
void wl_problem_again(struct wl_error *e, const char *id, int same,
    const char *file, long line);
void wl_problem_form(struct wl_error *e);

/*
 * A torn fragment in the middle of a journal: a committed torn tail
 * that a union merge of git put before other lines.  git ends it with
 * '\n', so it is a line of its own; a fragment glued to a whole record
 * behind it on one line is taken the same way.  1 if line[0..len) is
 * one: it begins as a record does ({"id":) and its JSON is cut off
 * before the object closes; *whole is where a whole record glued
 * behind it begins, len when none does.  Any other line that is no
 * record stays a syntax error.
 */
int wl_rule_fragment(const char *line, size_t len, size_t *whole);
/* A fragment of bytes bytes (wl_rule_fragment), of journal file. */
void wl_problem_fragment(struct wl_error *e, size_t bytes,
    const char *file);

/*
 * Batches.  A writer that appends several records at once writes them
 * as one group: a header line, exactly
 *   {"id":ID,"type":"group","at":TIME,"n":N,"key":KEY}
 * (canonical, N from 2 to WL_GROUP_MAX, KEY 16 hex digits), then its N
 * records, one a line.  A header is no record: every reader passes
 * over it.  A group is written so that the journal does not end with
 * '\n' until its last record is whole (append.c); so when the journal
 * ends with a torn line and a header before it is followed by fewer
 * than N complete lines, the group is incomplete, and the torn tail
 * that readers skip and writers move aside begins at that header.
 */
#define WL_GROUP_MAX 1000000
/* The lengths a header line can have: a cheap test before the call. */
#define WL_GROUP_LINE_MIN 99
#define WL_GROUP_LINE_MAX 105

/* 1 if line[0..len) is a group header: *n its records, key its KEY
 * (17 bytes, may be NULL); else 0. */
int wl_rule_group(const char *line, size_t len, size_t *n, char *key);
/*
 * Where the tail that readers skip begins in data[0..size): size when
 * data ends with '\n' (or is empty); else the earliest group header
 * whose N records are not all complete lines before the torn last
 * line (*group = 1, *lines = its lines, the header's and the torn
 * one included), else the torn last line (*group = 0, *lines = 0).
 */
size_t wl_rule_visible(const char *data, size_t size, int *group,
    long *lines);
/* An incomplete group at the end: lines complete lines and bytes in
 * all, skipped (WL_P_TORN, as a torn line: the same rescue). */
void wl_problem_group(struct wl_error *e, long lines, size_t bytes);

/*
 * The types of record that field of a record of type t names, as a
 * mask of WL_TYPE_BIT; 0 when the field is no reference of t.  The
 * references are the id fields of wl-journal(5): "session", "by" (of
 * notes, endorsements and redactions) and "ref".  Records of unknown
 * types have none that this wl vouches for.
 */
unsigned wl_rule_ref_mask(enum wl_type t, const char *field);
/* "advice or agreement": the type names of a mask (static buffer). */
const char *wl_rule_mask_names(unsigned mask);
/* field of a record of type t names id, a record of type target (-1
 * when no record has that id). */
int wl_rule_ref(enum wl_type t, const char *field, const char *id,
    int target, struct wl_error *e);

/* A status record with this status names a record of type target. */
int wl_rule_status(enum wl_type target, const char *status,
    struct wl_error *e);

/*
 * A status is decided on a day that has come: its "date" (the day it
 * took effect) is not later than the day of its "at" (the day it was
 * recorded).  date and at point at their values' first bytes (in a
 * line, just after the quote); only the first 10 of each are read: a
 * date and a time that wl_schema_check passed.  date NULL: none, fine.
 */
int wl_rule_status_date(const char *date, const char *at,
    struct wl_error *e);

/* The type of the record with this id, or -1: how a rule that must
 * follow a reference asks the caller's journal. */
typedef int wl_lookup_fn(void *ctx, const char *id);

/*
 * An amend with this set (and "minor": true when minor) applies to a
 * record of type target: each field may be changed on such a record
 * (a status changes by a new status record, not by an amend), each
 * value fits the field (null clears an optional one), a value that
 * names a record names one of the right type, and a minor amend sets
 * the text of a note, advice or agreement and nothing else.  Any
 * field of a session may be amended (its blocks too), so long as the
 * value fits: a date stays a date, the municipality a name.
 */
int wl_rule_amend(enum wl_type target, const json_t *set, int minor,
    wl_lookup_fn *lookup, void *ctx, struct wl_error *e);
/* The same, as far as it goes without lookups: the types of target
 * the set fits, as a mask of WL_TYPE_BIT. */
unsigned wl_rule_amend_types(const json_t *set, int minor);
/* 1 if a value of the set may name a record (then wl_rule_amend
 * needs its lookup). */
int wl_rule_amend_names(const json_t *set);

/* How an amend changes a record: each field of set replaces the
 * record's (null removes it).  0, or -1 when out of memory. */
int wl_rule_apply(json_t *rec, const json_t *set);

/*
 * How records hang together, asked of the caller's own records (ctx is
 * passed on): whether a retract in force names r (wl_rule_settle), its type, the session it
 * belongs to as its "session" names it (a session: itself), and what
 * its "ref" names; NULL where there is none.
 */
struct wl_hang {
	int (*retracted)(void *ctx, const void *r);
	enum wl_type (*type)(void *ctx, const void *r);
	const void *(*session)(void *ctx, const void *r);
	const void *(*parent)(void *ctx, const void *r);
	void *ctx;
};
/* The session r belongs to: its own, else that of what it hangs from
 * (an endorsement, a status: their advice's), or NULL. */
const void *wl_rule_session_of(const struct wl_hang *h, const void *r);
/* 1 if r is withdrawn: a retract names it, or the session it belongs
 * to, or what it hangs from (a retract itself stands: its target is
 * withdrawn, not it). */
int wl_rule_withdrawn(const struct wl_hang *h, const void *r);
/* The record whose retract withdraws r: r itself, its session or what
 * it hangs from, the first the rule above meets; NULL if none does. */
const void *wl_rule_withdrawn_by(const struct wl_hang *h, const void *r);

/*
 * Retracts of retracts: a retract withdraws its target, and a retract
 * of a retract takes that back (a restore).  The place of retract r in
 * its chain: 1 when it names a record that is no retract (or none it
 * may name), else one more than the retract it names.  -1, with the
 * problem in e, when the chain loops or holds more than WL_CHAIN_MAX
 * retracts: then r withdraws nothing.
 */
int wl_rule_chain(const struct wl_hang *h, const void *r, struct wl_error *e);
/*
 * Settle which retracts of records at(ctx, 0..n) are in force: those
 * whose chain is bounded (wl_rule_chain) and that no retract in force
 * names.  inforce(ctx, r) is called once for each, those furthest
 * down a chain first; it must mark r's target withdrawn, so that
 * h->retracted answers 1 for it from then on (and 0 before, for every
 * retract).  Whatever the file order, the same retracts are in force.
 */
void wl_rule_settle(const struct wl_hang *h, size_t n,
    const void *(*at)(void *ctx, size_t i),
    void (*inforce)(void *ctx, const void *r));
/* 1 if an amend (its set and its "minor" field, as written) changes
 * the wording of its target: it sets "text" and is not marked minor,
 * a fix of spelling that keeps what the text says. */
int wl_rule_rewords(const json_t *set, int minor);

/*
 * Order does not matter: the order of records is that of their "at"
 * (RFC 3339 UTC, so its bytes sort as its times), then of their ids;
 * never their place in the file, which a merge decides.  Amends and
 * statuses of a record apply in this order (the last status wins), a
 * later endorsement of the same person replaces an earlier one, an
 * endorsement is stale when a rewording amend comes after it, and
 * every list and report is in this order.  <0, 0 or >0 as a (at_a,
 * id_a) comes before, is, or comes after b; NULL counts as "".
 */
int wl_rule_order(const char *at_a, const char *id_a, const char *at_b,
    const char *id_b);

/* 1 if a redaction keeps field of a participant: the fields that say
 * nothing of who the person is. */
int wl_rule_redaction_keeps(const char *field);

/*
 * Erasure.  A redaction record names a participant record: that
 * person is erased, whatever the order of lines.  These records are
 * theirs: the participant record itself; every note and endorsement
 * whose "by" names it as written, or that an amend (withdrawn or not)
 * sets "by" of to it; and every amend of one of those.  A record of
 * theirs is read, everywhere, as wl_rule_erase makes it; a line that
 * still differs from that is a problem (wl_problem_unerased) that a
 * repair, or a redact of the same person, writes over.
 */
enum wl_erasure {
	WL_ERASE_NONE,
	WL_ERASE_PERSON,	/* the erased participant record */
	WL_ERASE_THEIRS		/* a note or endorsement by them */
};
/*
 * What rec (as written, of type t) becomes: how says what it is of the
 * erased person (for an amend: what its target is, of type target).
 * The person's record keeps the fields of wl_rule_redaction_keeps,
 * every other field that is not null becomes WL_REDACTED, and consent
 * becomes false; a note's text and an endorsement's reason become
 * WL_REDACTED; an amend's set is erased as its target is (consent
 * false only where it sets consent).  A new record (equal to rec when
 * nothing changes), or NULL when out of memory.
 */
json_t *wl_rule_erase(const json_t *rec, enum wl_type t,
    enum wl_erasure how, enum wl_type target);
/* 1 if b is a erased, as a record of some erased person's is (a and b
 * two lines of one id, as a union merge of a redaction leaves them):
 * they differ, and wl_rule_erase of a in one of its ways is b.  0 if
 * not, -1 when out of memory. */
int wl_rule_erased_form(const json_t *a, const json_t *b);
/* Record id of type t, theirs (how) of erased participant pid, still
 * holds what the redaction erases. */
void wl_problem_unerased(struct wl_error *e, enum wl_type t,
    const char *id, enum wl_erasure how, const char *pid);
/* A line that is the record of the one at line (file NULL: the same
 * file) as it was before a redaction erased it. */
void wl_problem_undone(struct wl_error *e, const char *file, long line);

/* The number of blocks a session has: its "blocks" list (NULL: none,
 * then the default three of a werklab). */
long long wl_rule_nblocks(const json_t *blocks);
/* A record of block (0: none) belongs to a session of nblocks. */
int wl_rule_block(long long block, long long nblocks, struct wl_error *e);

#endif
