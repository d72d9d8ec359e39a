/*
 * wl.h - the interface of libwl, the werklab journal library, to the
 * programs (the library's own parts share lib/internal.h besides).
 *
 * The library never prints and never exits: functions return 0 or -1
 * (or NULL) and fill an optional struct wl_error; warnings and
 * per-line errors of a whole journal go to a struct wl_diag sink that
 * the caller owns.  A loaded record (struct wl_rec, wl_rec_*) belongs
 * to its journal and never changes; a record a writer makes is a
 * jansson object (wl_draft_new, wl_field_str, wl_line_encode), and its
 * ownership follows jansson: *_new returns a new reference, getters
 * borrow.  tests/data/exports lists the functions declared here.
 */
#ifndef WL_H
#define WL_H

#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#define WL_VERSION "0.1.0"

#define WL_ID_LEN 16		/* hex characters of a record id */
#define WL_PREFIX_MIN 4		/* shortest id prefix accepted */
#define WL_LINE_MAX (1024 * 1024)	/* longest journal line, '\n' excluded */
#define WL_DEPTH_MAX 32		/* deepest nesting of arrays and objects */
#define WL_TIME_LEN 20		/* "2026-06-14T09:30:00Z" */
#define WL_CHAIN_MAX 8		/* retracts of retracts, at most, in a row */

/* error.c: one located message */

struct wl_error {
	char file[512];		/* "" when no file is concerned */
	long line;		/* 1-based; 0 when no line */
	long col;		/* 1-based, in characters; 0 when unknown */
	char field[64];		/* field at fault, "" if none (for columns) */
	int code;		/* enum wl_code, or 0 */
	char ref[17];		/* WL_P_NOREF: the id named; WL_ENOTFOUND
				 * of a participant: whom its hint names;
				 * else "" */
	char msg[1024];		/* room for an ambiguity's lines */
};

/* What a message is about (wl_error.code).  The WL_P_ codes are the
 * problems a journal can have (wl-journal(5), DIAGNOSTICS): every
 * reader, writer and wl-report check names them alike. */
enum wl_code {
	WL_ENOTFOUND = 1,	/* no record answers to the name or id */
	WL_EAMBIGUOUS,		/* several records answer to it */
	WL_ENOMEM,		/* out of memory, where a caller must tell it
				 * from bad input (a line that did not parse) */
	WL_P_SYNTAX,		/* a line that is no record */
	WL_P_BLANK,		/* a blank line */
	WL_P_LONG,		/* a line longer than WL_LINE_MAX */
	WL_P_TORN,		/* a last line without '\n' */
	WL_P_REPEAT,		/* a record again: same id, same values */
	WL_P_ID_USED,		/* an id that another record has */
	WL_P_NOREF,		/* a reference to no record */
	WL_P_REFTYPE,		/* a reference to a record of a wrong type */
	WL_P_STATUS,		/* a status that does not fit its record */
	WL_P_AMEND,		/* an amend that does not fit its record */
	WL_P_BLOCK,		/* a block that its session lacks */
	WL_P_FORM,		/* a line not in canonical form */
	WL_P_CHAIN,		/* retracts of retracts that loop or go on
				 * past WL_CHAIN_MAX */
	WL_P_UNERASED,		/* a record of an erased person that still
				 * holds what a redaction erases */
	WL_P_UNDONE,		/* a line that brings back what a
				 * redaction erased (a union merge) */
	WL_EBUSY		/* another program holds the journal's lock */
};

enum wl_severity { WL_WARNING, WL_ERROR };

typedef void wl_diag_fn(void *ctx, enum wl_severity, const struct wl_error *);

/* A sink for the messages of a whole run; counts what passes through. */
struct wl_diag {
	wl_diag_fn *fn;		/* may be NULL: messages are only counted */
	void *ctx;
	size_t nerrors;
	size_t nwarnings;
};

/* Format "FILE:LINE:COL: msg", "FILE:LINE: msg", "FILE: msg" or "msg". */
void wl_error_format(const struct wl_error *err, char *buf, size_t size);
/*
 * What a date option's value is: 1 for a real calendar date
 * YYYY-MM-DD; -1 for one of that form that does not exist, such as
 * 2026-11-31 (*days, when days is not NULL: the days its month has,
 * 0 when the month is no month); 0 for anything else.
 */
int wl_date_check(const char *s, int *days);

/* utf8.c */

/* 1 if [s, s+n) is valid UTF-8 without NUL; else 0 and *bad = offset. */
int wl_utf8_valid(const char *s, size_t n, size_t *bad);
/*
 * A copy of s safe for a terminal: C0 and C1 controls, DEL and the
 * bidirectional overrides are written as \n, \t, \e or \u{XXXX}; a
 * backslash stays a backslash.  Caller frees.
 */
char *wl_utf8_sanitize(const char *s);
/*
 * A copy of the JSON text s safe for a terminal and still the same
 * JSON: C1 controls, DEL and the bidirectional overrides, which JSON
 * may carry raw inside strings, are written as \uXXXX escapes (the C0
 * controls are escaped by jansson already).  Caller frees.
 */
char *wl_utf8_json_safe(const char *s);
/* A copy folded for matching: lower case, diacritics removed. Caller frees. */
char *wl_utf8_fold(const char *s);
/* 1 if a and b are equal once folded ("Súdwest" and "sudwest"); 0 if
 * either is NULL. */
int wl_utf8_same(const char *a, const char *b);

/* schema.c: the record types of wl-journal(5) */

enum wl_type {
	WL_SESSION, WL_PARTICIPANT, WL_NOTE, WL_ADVICE, WL_ENDORSEMENT,
	WL_AGREEMENT, WL_STATUS, WL_AMEND, WL_RETRACT, WL_REDACTION,
	WL_UNKNOWN
};
#define WL_TYPE_BIT(t) (1u << (t))
#define WL_ANY_TYPE 0xffffu

/* "session"...; "unknown" for WL_UNKNOWN. */
const char *wl_type_name(enum wl_type t);
/*
 * The allowed values of an enum field, NULL-terminated, or NULL if
 * type.field is not an enum.  "status" of a status record lists both
 * the advice and agreement values.
 */
const char *const *wl_schema_enum(enum wl_type t, const char *field);
/* The status values that fit a record of type target, or NULL. */
const char *const *wl_schema_status_values(enum wl_type target);
/*
 * The value of enum t.field that word names, as a user may type it:
 * the value itself, or a word of it in a language file of the data
 * directory (lang/NAME: "input.role.civil-servant = ambtenaar", words
 * separated by commas), case and diacritics folded either way.  The
 * schema's own string (borrowed), or NULL with err: WL_ENOTFOUND,
 * "unknown role 'x' (one of: civil-servant (ambtenaar), ...)", each
 * value with its words, and "; did you mean W?" when one value or
 * word W is a slip or two away; WL_EAMBIGUOUS when words of several values
 * answer; WL_ENOMEM, or a language file that cannot be read.
 */
const char *wl_enum_input(enum wl_type t, const char *field,
    const char *word, struct wl_error *err);
/* "a, b, c": the values for a message (static buffer per call site). */
const char *wl_schema_enum_list(enum wl_type t, const char *field);
/*
 * Check one record: common fields, required fields, field types,
 * enums, dates, no reals.  Unknown types and fields pass.  On failure
 * err->msg says what, err->field names the field at fault.
 */
int wl_schema_check(const json_t *rec, struct wl_error *err);
/*
 * The block a record of type t goes to when none is given: 1 for the
 * notes of kind expectation, question and observation, 2 for do and
 * dont, 3 for advice (kind is not read); 0, no block, otherwise.
 */
int wl_schema_default_block(enum wl_type t, const char *kind);
/*
 * 1 if advice or an agreement whose current status is status (NULL:
 * none yet) is still open: advice neither rejected nor implemented, an
 * agreement neither done nor dropped.  0 for any other type.
 */
int wl_schema_is_open(enum wl_type t, const char *status);
/*
 * The blocks of a new session: [{"n":1,"title":T1},...], one for each
 * line of share/wl/templates/blocks (blank lines skipped).  A new
 * reference, or NULL (err: the file cannot be read, a title is not
 * UTF-8, or out of memory).
 */
json_t *wl_schema_default_blocks(struct wl_error *err);

/* record.c: records a writer makes, and their canonical lines */

/* A new record of type t with fresh "id", "type" and "at": to fill in
 * and append.  A new reference. */
json_t *wl_draft_new(enum wl_type t, struct wl_error *err);

/*
 * The canonical line of rec, '\n' included: compact, non-ASCII
 * unescaped, keys in the order of wl-journal(5), unknown fields after
 * in their own order.  Caller frees; *len gets the length.
 */
char *wl_line_encode(const json_t *rec, size_t *len);
/*
 * The lines of n new records of type t: each has a fresh "id" and
 * "at" (as wl_draft_new gives them), the members of fields, and key
 * set to the string values[i]; each line is what wl_line_encode makes
 * of such a record, made without a jansson record each (a bulk add
 * makes 100,000).  NULL on failure (err: out of memory, a value not
 * valid UTF-8).  Caller frees each line and the vector.
 */
char **wl_draft_lines(enum wl_type t, const json_t *fields, const char *key,
    char *const *values, size_t n, struct wl_error *err);
/* Borrowed string member, or NULL if absent or not a string. */
const char *wl_field_str(const json_t *rec, const char *field);
/* journal.c, rec.c, fold.c: a whole journal, read and folded */

struct wl_journal;
struct wl_rec;

/*
 * Read the files in order as one journal ("-" is standard input) and
 * fold them.  Every bad line goes to diag as an error; the journal is
 * returned all the same, so callers can see all problems: they refuse
 * to go on when diag->nerrors grew.  NULL only on failure to open or
 * read a file (in err).
 */
struct wl_journal *wl_journal_load(const char *const *paths, size_t npaths,
    struct wl_diag *diag, struct wl_error *err);
/*
 * The journal at path as a writer that works on one session needs
 * it.  When sel is an id prefix of one session, of either case: the
 * lines that bear on that session, wherever they are in the file (the
 * session; every record that names it; every record that names one of
 * those, to the end of each chain), with their own line numbers, when
 * that part reads without a single warning or error; its fold answers
 * as the whole file's would, and a new record's id is placed as the
 * whole file would place it (lib/tail.c).  Lines are picked by their
 * bytes, not parsed; a file whose lines the byte tests cannot vouch
 * for is read as below.  When sel is NULL: the records from the line
 * of the latest live session to the end, when that part reads without
 * a word (line numbers count from the session's line).  A sel that is
 * no id prefix (a municipality, a date) reads it all.  When rec is not
 * NULL: the journal as a writer that works on one record named by id
 * prefix needs it: when the id of exactly one line of the file starts
 * with rec (the whole file's lines counted) and that record is a
 * session or has a "session", the part of that session as above, and
 * every line that mentions the record's id, with what names those;
 * with sel too (an id prefix), the part of the session sel names
 * instead, when the record is in it; else as below.  When that fails
 * (no such session, several, or any message), when path is no regular
 * file, or when the environment has WL_WHOLE_JOURNAL=1, it is
 * wl_journal_load of path.  Lines left out are not read: a writer does
 * not vouch for them (wl-report check does).
 */
struct wl_journal *wl_journal_load_tail(const char *path, const char *sel,
    const char *rec, struct wl_diag *diag, struct wl_error *err);
void wl_journal_free(struct wl_journal *j);
/*
 * The records of lines[0..n) (canonical lines, '\n' ended, as
 * wl_line_encode makes them) as j would read them once appended: they
 * are added to j and j is folded again by the rules every reader
 * follows.
 * Returns the number of problems that they bring, each said to diag as
 * an error (a problem of theirs, or one that an old record did not
 * have before), or -1 when out of memory (err).  A writer appends
 * only what brings none.  j holds them afterwards; only free it.
 * First, records this process made get ids above those of their
 * second in j, ascending in the order given (rewritten in lines, with
 * the references among them): what is written later comes later in
 * the order of records ("at", then id).
 * from, when not NULL, says where each came from: lines[i] is what
 * line from[i] of file made (a text, not a record), and a problem of
 * it is said there, without a column (the text has none to point at);
 * file is not used without it.
 */
long wl_journal_admit(struct wl_journal *j, char *const *lines, size_t n,
    const char *file, const long *from, struct wl_diag *diag,
    struct wl_error *err);
/* Records in file order, every type. */
size_t wl_journal_count(const struct wl_journal *j);
const struct wl_rec *wl_journal_at(const struct wl_journal *j, size_t i);
/* The record with exactly this id, or NULL. */
const struct wl_rec *wl_journal_get(const struct wl_journal *j,
    const char *id);
/*
 * The record whose id starts with prefix (at least WL_PREFIX_MIN hex
 * characters, either case) among types in mask.  Unknown, ambiguous
 * (the message lists the candidates) and retracted ids are errors; so
 * is a prefix of records of other types only, which says what it is
 * ("d21f... is an agreement, not an advice"; with the verb that takes
 * it, when verb is not NULL: "d21f... is an agreement; endorse takes
 * an advice"), code WL_ENOTFOUND.  With WL_FIND_WITHDRAWN in mask,
 * retracted records answer too.
 */
#define WL_FIND_WITHDRAWN 0x10000u
const struct wl_rec *wl_journal_find(const struct wl_journal *j,
    const char *prefix, unsigned mask, const char *verb,
    struct wl_error *err);
/*
 * The session to work on: the -s option when given, else
 * $WL_SESSION, else the most recent session in the journal.  -s names
 * a session by id or id prefix, else by its municipality (case and
 * diacritics aside), its date, or both ("Maastricht 2026-06-14");
 * when several answer, the message lists them one per line.
 */
const struct wl_rec *wl_journal_session(const struct wl_journal *j,
    const char *opt, struct wl_error *err);
/*
 * A participant of session, by the rules of wl(7): an id prefix; else
 * a whole name or org (folded: case and diacritics aside); else the
 * words of a name ("lotte", "Lotte J").  Several at the first rule
 * that finds any: WL_EAMBIGUOUS, one candidate a line with how to
 * choose.  None: WL_ENOTFOUND, saying who of another session of j
 * answers and how to get there, else the nearest names (err->ref: the
 * id of the participant the hint names, when there is one).  WL_ENOMEM
 * when out of memory.
 */
const struct wl_rec *wl_journal_participant(const struct wl_journal *j,
    const struct wl_rec *session, const char *who, struct wl_error *err);

/*
 * What the journal at path knows of municipality name, for a new
 * session: *spelt gets the spelling of its first session of the same
 * folded name (a new string; NULL when it has none), same_day the id
 * of its latest session of that municipality on date ("" when none);
 * sessions as the fold leaves them (amended; retracted ones spell,
 * but are no session on date).
 * A missing or unreadable journal knows nothing.  0, or -1 when out of
 * memory (err).
 */
int wl_journal_municipality(const char *path, const char *name,
    const char *date, char **spelt, char same_day[WL_ID_LEN + 1],
    struct wl_error *err);

/* The folded state of one record (after amend, retract and status). */
enum wl_type wl_rec_type(const struct wl_rec *r);
const char *wl_rec_id(const struct wl_rec *r);
/*
 * The record as it stands now (amends applied), as JSON: a new
 * reference (the caller decrefs), NULL when out of memory.  A loaded
 * record never changes; most are kept as their line and values, and
 * this makes a tree of its own each time: prefer the getters below.
 */
json_t *wl_rec_json(const struct wl_rec *r);
const char *wl_rec_str(const struct wl_rec *r, const char *field);
long long wl_rec_int(const struct wl_rec *r, const char *field,
    long long def);
/* A true/false field, or def if absent. */
int wl_rec_bool(const struct wl_rec *r, const char *field, int def);
/* The i-th string of a list field ("tags"), NULL past its end. */
const char *wl_rec_item(const struct wl_rec *r, const char *field,
    size_t i);
/* 1 if retracted, itself or through what it hangs from. */
int wl_rec_retracted(const struct wl_rec *r);
/* 1 for a participant named by a redaction record: erased by redact. */
int wl_rec_redacted(const struct wl_rec *r);
/* Current status (last status record's value), or NULL. */
const char *wl_rec_status(const struct wl_rec *r);
/*
 * The status record whose status counts, or NULL: its "note", and its
 * "date" (when the status took effect; absent, readers take the day of
 * its "at").
 */
const struct wl_rec *wl_rec_status_rec(const struct wl_rec *r);
/* The session record a record belongs to, or NULL. */
const struct wl_rec *wl_rec_session(const struct wl_rec *r);
/*
 * Whether a record of block (1 or more) may belong to session: 0, or
 * -1 with the message that the rules give a journal's record of a
 * block its session lacks (what add and a list filter both say).
 */
int wl_session_check_block(const struct wl_rec *session, long long block,
    struct wl_error *err);
/* The i-th of a session's own list of blocks: 1 with its number and
 * title (borrowed), 0 past its end or when it has none. */
int wl_session_block(const struct wl_rec *s, size_t i, long long *n,
    const char **title);
/*
 * Number of live endorsements of an advice of stance ("endorse",
 * "reservations", "object"; NULL: of every stance, 0 for another
 * word); *stale, when not NULL, gets the stale ones among them.
 * Support, reservations and objections are asked apart, so that no
 * number calls an objection support.
 */
int wl_rec_endorsements(const struct wl_rec *r, const char *stance,
    int *stale);

/* cascade.c: what removing takes, and what restoring brings back */

enum wl_change_kind {
	WL_CH_GOES,		/* withdrawn then, not now */
	WL_CH_BACK,		/* withdrawn now, not then */
	WL_CH_NAMES		/* stays, but its "by" (or an agreement's
				 * "owner") names a participant who goes or
				 * comes back */
};

struct wl_change {
	const struct wl_rec *rec;
	enum wl_change_kind how;
};

/*
 * What appending a retract of each of targets[0..n) would change, by
 * the fold's rules: every record, in file order, that would then be
 * withdrawn and is not now (the targets among them), that is now and
 * would not be (a retract taken back), and that stays but names a
 * participant who goes or comes back.  Retracts themselves are not
 * listed.  *out (free it) gets *nout changes.  0, or -1 when out of
 * memory.
 */
int wl_retract_effect(const struct wl_journal *j,
    const struct wl_rec *const *targets, size_t n, struct wl_change **out,
    size_t *nout);
/*
 * The retracts to take back (retract in their turn) so that r comes
 * back: the retracts in force that name r, or r itself when it is a
 * retract in force of a record.  An array of *n (free it); NULL with
 * the reason in err when r is not removed, is withdrawn with a record
 * it belongs to (named), would stay withdrawn with one, or is a
 * retract that withdraws nothing, was taken back already, or is itself
 * a restore.
 */
const struct wl_rec **wl_restore_targets(const struct wl_journal *j,
    const struct wl_rec *r, size_t *n, struct wl_error *err);

/* append.c: the durable append */

struct wl_writer;

#define WL_W_CREATE 1	/* make a missing journal, mode 0600 */
#define WL_W_NOWAIT 2	/* fail at once when another writer holds it */
#define WL_W_INTR 4	/* give up the wait when a signal interrupts it */
#define WL_W_REWRITE 8	/* it is to be rewritten: refuse at once what
			 * the rewrite would refuse */
#define WL_W_IN_PLACE 16 /* a rewrite overwrites the file (--force) */

/*
 * Open the journal for appending and take its exclusive lock.  With
 * WL_W_CREATE, a missing journal is created with mode 0600; without,
 * a missing journal is an error that says how to make one.  The lock
 * is on the file the path names when it is taken (a writer that
 * waited while the journal was rewritten opens the new one).  When
 * the lock is not had (WL_W_NOWAIT, or a wait that WL_W_INTR lets a
 * signal end), err->code is WL_EBUSY.  With WL_W_REWRITE, a journal
 * that the rewrite (redact, repair) would refuse is refused here,
 * before anything is planned or asked: one with more than one hard
 * link, or whose owner or group the caller could not give a new file
 * -- unless WL_W_IN_PLACE, which makes the rewrite overwrite the file
 * itself, keeping its every name, owner, group and mode.
 */
struct wl_writer *wl_writer_open(const char *path, int flags,
    struct wl_error *err);
/*
 * Who holds the lock of the journal at path, for a writer that must
 * wait: "wl-advice edit (pid 4242) is writing it", "wl-note list (pid
 * 77) is reading it" (the first holder /proc/locks names, and its
 * command line), or "another program" when that cannot be told.
 * Caller frees; NULL when out of memory.
 */
char *wl_lock_holder(const char *path);
/*
 * Append the records of lines[0..n) (canonical lines, '\n' ended, as
 * wl_line_encode makes them), each written with one write(2), then
 * fsync once.  Several records go in as one group (wl-journal(5)):
 * readers see all of them or, when the writer is killed part way,
 * none; its key is a hash of the lines but for their ids and times.
 * When the journal holds a complete group with that key whose records
 * are these but for ids and times (the same input run again), nothing
 * is written: lines[i] are made those records' lines (their id at
 * bytes 7 to 23, as in every canonical line), err says "already
 * recorded at TIME", and 1 is returned.  A torn tail left by a killed
 * writer (a torn line, or an incomplete group) is first saved to
 * PATH.torn-TIMESTAMP and cut off (with a warning to diag).  On any
 * failure the journal is truncated back to what it was and -1
 * returned; else 0.
 */
int wl_writer_append(struct wl_writer *w, char *const *lines, size_t n,
    struct wl_diag *diag, struct wl_error *err);
/* Unlock and close.  If nothing was appended to a journal this writer
 * created, the empty file is removed again. */
void wl_writer_close(struct wl_writer *w);

/* redact.c: erasing one person from a journal, for good */

#define WL_REDACTED "[verwijderd]"	/* what an erased string becomes */

/* What a redaction changes: records of each kind (a record repeated
 * on several lines counts once). */
struct wl_redact_info {
	size_t participants;	/* the person: name, org, unknown fields */
	size_t notes;		/* notes by them: their text */
	size_t endorsements;	/* endorsements by them: their reason */
	size_t amends;		/* amends that set any of those */
	/* Other records whose text still names the person (the words of
	 * their name, as --anonymous finds them), in file order: only
	 * listed, or with WL_REDACT_MENTIONS masked too. */
	const struct wl_rec *const *mentioning;
	size_t nmentioning;
	size_t torn;		/* bytes of a torn last line, left out */
	size_t changes;		/* records that change, of those kinds */
	int already;		/* they were redacted before */
	const json_t *record;	/* the redaction record of p */
	/* Every participant record erased: p first, then the same
	 * person's others (same folded name and org, any session); and
	 * the redaction record of each, in the same order. */
	const struct wl_rec *const *people;
	const json_t *const *records;
	size_t npeople;
};

struct wl_redact;

/*
 * Plan the erasure of participant p from the journal at path; j must
 * be that file, read under the lock of the writer that will commit.
 * Every other participant record of the same person (the same name
 * and org as they stand, case and diacritics folded; in any session,
 * retracted or not) is erased with p (info->people).
 * The person's record keeps id, type, at, session and role, gets
 * consent false, and every other field becomes WL_REDACTED; so do the
 * text of every note and the reason of every endorsement whose "by"
 * is p (as written or as amended), and the same values in every amend
 * (withdrawn ones too) of those records.  Changed lines are encoded
 * canonically, every other line is kept byte for byte, a torn last
 * line is left out, and a redaction record (ref p; reason and by, a
 * participant id, when not NULL) for each participant record erased
 * is added at the end.  A later line of a changed record's id is
 * dropped (a union merge may have brought it back).  Records that
 * would not change are not counted: a plan with no changes and
 * info->already set has nothing left to erase.  The other records
 * whose text names p are info->mentioning; with WL_REDACT_MENTIONS in
 * flags each mention in them becomes WL_REDACTED as well (they are not
 * counted in changes).  wl_redact_free frees.
 */
#define WL_REDACT_MENTIONS 1	/* mask mentions of the person too */
struct wl_redact *wl_redact_plan(const char *path,
    const struct wl_journal *j, const struct wl_rec *p, const char *reason,
    const char *by, unsigned flags, struct wl_error *err);
/* What the plan changes, and the record it adds.  Borrowed. */
const struct wl_redact_info *wl_redact_info(const struct wl_redact *rd);
/*
 * Carry the plan out through w (which holds the lock of the plan's
 * path): remove PATH.new-XXXXXX files left by interrupted rewrites,
 * warn about saved PATH.torn-* files (to diag), then replace the
 * journal with one wl_writer_rewrite.  0, or -1 with the journal as
 * it was.
 */
int wl_redact_commit(struct wl_redact *rd, struct wl_writer *w,
    struct wl_diag *diag, struct wl_error *err);
void wl_redact_free(struct wl_redact *rd);

/* import.c: journal-shaped JSON lines from elsewhere */

struct wl_import;

/*
 * Read the lines to import from path ("-" standard input), whole,
 * before any lock is taken: a slow producer holds up no writer.  A
 * last line without '\n' is an error (to diag).  NULL on I/O trouble.
 */
struct wl_import *wl_import_read(const char *path, struct wl_diag *diag,
    struct wl_error *err);
void wl_import_free(struct wl_import *im);
/*
 * Check the lines for appending to j: fill in a missing "type"
 * (deftype), "id", "at" and "session" (session, when the type has
 * one); resolve names as the CLI's options do (a "session" that is no
 * whole id as -s, a "ref" as an id prefix, "by" and an agreement's
 * "owner" as --by and --owner in the record's session; free text as
 * owner in "owner_text", as --owner-text); check each line, then all
 * of them as j would read them (wl_journal_admit: references, amends,
 * statuses, blocks; j holds them afterwards).  Each problem goes to
 * diag as FILE:LINE:COL.  Records already in j are skipped (counted in
 * *skipped, when not NULL): a line with an id when j has that id with
 * the same record (as written, or as amended), a line without one when
 * a record of j says the same but for id and at (the same input
 * imported again); so is a record repeated in the input.  *known,
 * when not NULL, gets the journal's lines (canonical, as written) of
 * the lines without an id that are there, in input order: which
 * records they are, for a run again to say (a new string, NULL when
 * none).  A type unknown here passes only on a whole record, with id
 * and at.  Returns the new records (*n of them, new references, array
 * to free), or NULL when anything was wrong: then nothing is appended.
 */
json_t **wl_import_check(const struct wl_import *im,
    struct wl_journal *j, const struct wl_rec *session,
    enum wl_type deftype, size_t *n, size_t *skipped, char **known,
    struct wl_diag *diag, struct wl_error *err);

/* similar.c */

/* "0.5", ".75", "1": a threshold in (0, 1] as per mille; -1 if bad. */
int wl_threshold_parse(const char *s, int *permille);
/* check.c: what can be wrong with a journal, and what can be mended */

/*
 * Check the journal at path ("-" standard input, named "<stdin>" in
 * messages) for every problem a reader would say (enum wl_code), in the
 * same words, each to diag as an error with FILE:LINE:COL; a line not
 * in canonical form is said as a warning (readers take it as it is).
 * Returns the number of problems: 0 exactly when every reader reads
 * the journal without a word.  -1 when it cannot be read (err).
 */
long wl_check(const char *path, struct wl_diag *diag, struct wl_error *err);

/* What wl_check_repair did. */
struct wl_repair {
	size_t blank;		/* blank lines dropped */
	size_t dropped;		/* lines dropped that repeated an earlier
				 * one: its record, or its very bytes */
	size_t torn;		/* bytes of a torn last line and of torn
				 * fragments moved aside */
	size_t fragments;	/* torn fragments among them */
	size_t erased;		/* lines of erased people erased again */
	size_t undone;		/* lines dropped that brought back what a
				 * redaction erased (a merge) */
	size_t long_lines;	/* lines over WL_LINE_MAX moved aside */
	size_t long_bytes;	/* their bytes, '\n' not counted */
	char *tornfile;		/* where they all went (caller frees) */
};

/*
 * Mend only what loses nothing: move a torn last line, torn fragments
 * (a record glued behind one stays) and lines longer than WL_LINE_MAX
 * (written from the map, never held) to PATH.torn-STAMP, drop
 * blank lines and lines that repeat an earlier record (same id, same
 * values) or an earlier line byte for byte, drop a line that brings
 * back what a redaction erased in another line of its id, and write
 * every record of an erased person as the rule of erasure makes it
 * (wl-journal(5)), in one atomic rewrite (wl_writer_rewrite; w holds
 * path's lock).
 * Nothing to mend: nothing written.  0, or -1 with the journal as it
 * was.
 */
int wl_check_repair(struct wl_writer *w, const char *path,
    struct wl_repair *done, struct wl_error *err);

/* compare.c */

/*
 * Pilots side by side: one pilot per municipality (or per session with
 * by_session), in the order they first appear, with participants per
 * role, notes per kind, advice per perspective, endorsement rate (per
 * cent of advice with a current endorsement), agreements
 * done/open/dropped, follow-up of advice, tags; then groups of alike
 * advice, do's and don'ts across pilots (their words, stop words of
 * share/wl/stopwords/nl left out, alike by permille/1000 or more),
 * each shared by all, some or one pilot.  Written to fp as Markdown
 * with the labels of l, or as JSON (indented by two, a line break
 * after it, not yet made safe for a terminal) when l is NULL; group by
 * group, so the comparison is never whole in memory: fp gets part of
 * it when this fails.  With masked (--anonymous), the names of the
 * journal's participants in every text become role markers, as in
 * the report: labels of l, or the English role when l is NULL;
 * *masked gets their number.  0, or -1 (err).
 */
struct wl_lang;

int wl_compare_write(FILE *fp, const struct wl_journal *j, int by_session,
    int permille, const struct wl_lang *l, size_t *masked,
    struct wl_error *err);

/* diff.c */

#define WL_DIFF_JSONL 1		/* operations as jsonl, not words */
#define WL_DIFF_ANONYMOUS 2	/* words that name nobody */

/*
 * Write the differences between two copies of a journal, keyed on
 * id.  In words (wl-report(1)), one line per change in the order of
 * records ("at", then id; not of lines): a record added or removed,
 * with its type, id and text; each field an amend sets, "FIELD of
 * WHOSE: old -> new"; a status, "status of SUBJECT: old -> new (DATE):
 * note"; a retract, a restore, a redaction; a record whose line was
 * rewritten, one line per field.  Participants are named only when
 * they consented, and with WL_DIFF_ANONYMOUS never: then their role
 * in brackets, and their names in free text masked (mask.c); *masked
 * (when not NULL) gets the number of names masked once the words are
 * written.  Sanitised when fp is a terminal.  With WL_DIFF_JSONL,
 * one operation per line instead, records only in old first, then
 * those of new in the order of its records:
 * {"op":"remove"|"add","record":...} or
 * {"op":"change","id":...,"type":...,"fields":{F:{"old":...,"new":...}}}.
 * Returns the number of records that differ, or -1 on a write error
 * or when out of memory (errno ENOMEM).
 */
long wl_diff_write(FILE *fp, const struct wl_journal *old,
    const struct wl_journal *new, unsigned flags, size_t *masked);

/* merge.c: copies of one journal, mailed rather than kept in git */

/* What wl_merge mended in the union of the copies. */
struct wl_merge_info {
	size_t dropped;		/* lines dropped that repeated an earlier one */
	size_t undone;		/* lines dropped that brought back what a
				 * redaction of another copy erased */
	size_t erased;		/* lines of erased people erased */
	size_t fragments;	/* torn fragments left out */
	size_t blank;		/* blank lines dropped */
	size_t torn;		/* bytes of the copies' torn tails left out */
};

/*
 * The union of the journals paths[0..n) ("-" standard input) as one
 * valid journal, written over the file out (the caller's: a new file
 * no writer knows): the copies' lines one after the other, each
 * without the torn tail its readers skip (a warning to diag), then
 * mended as wl_check_repair mends a union merge of git -- a line or
 * record that came before dropped, a record of a person some copy
 * erased erased (a redaction wins), a line that brings back what it
 * erased dropped -- so that out is byte for byte what a git union
 * merge of copies grown from one journal, followed by check --repair,
 * leaves.  Every other problem of the union goes to diag as an error
 * located in the copy and line it comes from: above all an id that
 * two copies give different records.  Then nothing is mended and the
 * number of those problems is returned (out holds the bare union).
 * 0 when merged (out checks clean, *info says what was mended); -1 on
 * failure to read or write, or out of memory (err).
 */
long wl_merge(const char *const *paths, size_t n, const char *out,
    struct wl_merge_info *info, struct wl_diag *diag, struct wl_error *err);

/* output.c: what readers print */

/* The formats of cells come before those of records (jsonl, json). */
enum wl_format { WL_FMT_TABLE, WL_FMT_TSV, WL_FMT_CSV, WL_FMT_XLSX,
	WL_FMT_JSONL, WL_FMT_JSON };

struct wl_out;

/* -1 if name is not a format. */
int wl_format_from_name(const char *name);
#define WL_OUT_ANONYMOUS 1	/* participants without "name" and "org" */
#define WL_OUT_CONSENTED 2	/* the same for those without consent */
#define WL_OUT_VIEW 4		/* jsonl: records as json has them */
/* csv: cells separated by byte ch rather than ','. */
#define WL_OUT_SEP(ch) ((int)(unsigned char)(ch) << 8)
/* xlsx: the name of the workbook's one sheet, that of the list. */
enum wl_sheet { WL_SHEET_LIST, WL_SHEET_NOTES, WL_SHEET_ADVICE,
	WL_SHEET_AGREEMENTS, WL_SHEET_SESSIONS, WL_SHEET_PEOPLE };
#define WL_OUT_SHEET(s) ((int)(s) << 16)
/* Cells (table, tsv, csv, xlsx) of the columns kind, perspective,
 * status and role as the words of the report's language nl or en
 * (share/lang: "status.adopted = overgenomen"); a value the language
 * has no word for stays as it is.  json and jsonl keep the values. */
#define WL_OUT_LABELS_NL (1 << 24)
#define WL_OUT_LABELS_EN (1 << 25)

/*
 * Start output of rows with these column headers to fp.  j is the
 * journal the rows come from (for the closure of jsonl).  With
 * WL_OUT_ANONYMOUS, participant records (rows and those jsonl carries
 * for closure) are written without "name" and "org": for lists that
 * name nobody (the caller puts no names in the cells), and the names
 * of the journal's participants in every other string of a row or a
 * record, cells included, are masked: "[initiator]", their role in
 * English, as the lists show roles (mask.c).  With WL_OUT_CONSENTED,
 * participants who did not consent are written without "name" and
 * "org" (a list that names them by role).  With json, and with jsonl
 * under WL_OUT_VIEW (one record a line, none for closure: no journal),
 * a note, an advice or an agreement carries its folded state too:
 * municipality, session_date, status, status_date, status_note,
 * support, reservations, objections, stale, by_role and by_name,
 * owner_role and owner_name (the names only where the list would
 * show them).  NULL when out of memory, or (WL_OUT_LABELS_*) when the
 * language's file cannot be read: load it first to say why.
 */
struct wl_out *wl_out_new(FILE *fp, enum wl_format fmt,
    const char *const *headers, size_t ncols, const struct wl_journal *j,
    int flags);
/* 1 if rows are written as cells (table, tsv, csv, xlsx); else only
 * their records are, and cells may be left out (NULL). */
int wl_out_cells(const struct wl_out *o);
/*
 * One row: cells for table, tsv, csv and xlsx; rec for jsonl and json (its
 * folded form; jsonl first writes the records it refers to).  Rows are
 * given in file order; they come out in the order of their records
 * ("at", then id; rows of one record in the order given), never in
 * the order of the journal's lines: held and sorted by wl_out_end,
 * unless the journal's lines are in that order already.  -1 when out
 * of memory.
 */
int wl_out_row(struct wl_out *o, const struct wl_rec *rec,
    const char *const *cells);
/*
 * Write what is buffered and the closing bracket, and free o (NULL is
 * allowed); 0, or -1 when anything could not be written (errno
 * ENOMEM when memory ran out for a held row).  An xlsx workbook is
 * made whole in a temporary file first and only then copied to the
 * stream: one that cannot be made writes nothing.  Its cells are
 * typed by their column's header: "date", "due", "status-date" and
 * "session-date" hold dates (a cell that is no YYYY-MM-DD stays
 * text), "block", "support", "reservations", "objections", "stale"
 * and "count" numbers; the rest text, never a formula.
 */
int wl_out_end(struct wl_out *o);

/* list.c: a list of the whole journal, the fast way */

/* The records a fast list writes. */
struct wl_list_query {
	enum wl_type type;	/* listed type: WL_NOTE only, for now */
	const char *kind;	/* "kind" must be this, or NULL */
	long long block;	/* "block" must be this, or 0 */
	const char *municipality;	/* its live session's, folded, or
					 * NULL: any */
};

/*
 * Write to fp, as jsonl, the same bytes as listing q's records of
 * wl_journal_load(path) through wl_out (in the order of records, not
 * retracted, the closure before each, records of unknown types passed
 * through), but
 * without loading the journal: lines are scanned, and only those the
 * scanner cannot vouch for and records that amends change are parsed.
 * Returns 1 when done; 0 when it does not apply and nothing was
 * written (path is no regular file, fp is a terminal, the journal
 * would give any warning or error, or q's municipality has no live
 * session or no note to list: the plain path says it; err->msg
 * says which, with code 0); -1 when out of memory part way (err).
 */
int wl_list_fast(const char *path, FILE *fp, const struct wl_list_query *q,
    struct wl_error *err);

/* lang.c: the labels of a report language, share/lang/<name> */

struct wl_lang;

/*
 * Read language name (a file of "key = value" lines, # comments) from
 * the data directory.  A name that is no file there is an error that
 * lists the languages there are.  wl_lang_free frees.
 */
struct wl_lang *wl_lang_load(const char *name, struct wl_error *err);
void wl_lang_free(struct wl_lang *l);

/* report.c: the advice report */

/* How a report draws its charts. */
enum wl_charts {
	WL_CHARTS_NONE,
	WL_CHARTS_MERMAID,	/* mermaid code blocks, for Git forges */
	WL_CHARTS_TABLE,	/* tables with text bars: survive anything */
	WL_CHARTS_SVG		/* images: SVG files drawn by wl */
};

/* An SVG chart of a report: the file name it is linked under (in the
 * chart folder) and its text.  Both malloc'd: the caller frees them. */
struct wl_chart_file {
	char *name;
	char *svg;
};

struct wl_report_opts {
	const struct wl_lang *lang;
	int anonymous;		/* name nobody */
	enum wl_charts charts;
	/* Optional: every session record of j, in file order, for the
	 * reports of many sessions (NULL: the report walks j for them). */
	const struct wl_rec *const *sessions;
	size_t nsessions;
	/* Optional with sessions: wl_utf8_fold of each one's
	 * municipality, so that they are not folded again per report. */
	char *const *folded;
	/* Optional with anonymous: gets the number of names masked in
	 * free text (known participants' names, each made a role
	 * marker: "[initiatiefnemer]"). */
	size_t *masked;
	/* With WL_CHARTS_SVG: the folder the images are linked in (as
	 * given, "/" added), and where the charts go: *svgs gets a
	 * malloc'd array of *nsvgs files, in the order of the report. */
	const char *chart_dir;
	struct wl_chart_file **svgs;
	size_t *nsvgs;
	/* The report's date (YYYY-MM-DD), or NULL: today (WL_NOW's). */
	const char *date;
	int draft;		/* marked as a concept */
	/* wl_report_md_all: no YAML front matter; the first report keeps
	 * its own heading (with front matter, the title is the front
	 * matter's, which pandoc shows: the heading would repeat it). */
	int no_front_matter;
};

/*
 * The advice reports of sessions[0..n) as Markdown: each session's state
 * folded from j, labels from opts->lang (which must have every key the
 * report uses), a rule between reports.  Same journal, same bytes.
 * With opts->anonymous, nobody is named: participants by role only,
 * and their names in every free text masked (mask.c).
 * Made in temporary files in $TMPDIR (wl_spool_open), not in memory,
 * and written to fp only once all are made, so nothing is ever printed
 * half-done; many are made in two threads.  Then, once, a warning to
 * diag that records of types unknown here are ignored, when there are
 * any.  The whole starts with YAML front matter that pandoc reads
 * (title, subtitle, lang, date: those of the first report), and the
 * first report then has no heading of its own (pandoc would show the
 * title twice); with opts->no_front_matter, neither: the first report
 * is headed by its title like the others.  0, or -1 (err: the first
 * report that failed); the caller checks fp for write errors.
 */
int wl_report_md_all(FILE *fp, const struct wl_journal *j,
    const struct wl_rec *const *sessions, size_t n,
    const struct wl_report_opts *opts, struct wl_diag *diag,
    struct wl_error *err);

/* spool.c */

/*
 * An unnamed temporary file in $TMPDIR (or /tmp), open for writing and
 * reading back, gone from its folder at once (nothing stays behind,
 * whatever happens to the process): what a reader must hold until all
 * of it is made waits there, not in memory.  NULL with err set when
 * none can be made.
 */
FILE *wl_spool_open(struct wl_error *err);

#endif
