/*
 * wl.h - the public interface of libwl, the werklab journal library.
 *
 * The library never prints and never exits: functions return 0 or -1
 * (or NULL) and fill an optional struct wl_error; warnings and
 * per-line errors of a whole journal go to a struct wl_diag sink that
 * the caller owns.  Records are jansson objects; ownership follows
 * jansson: functions named *_new return a new reference, getters
 * borrow.
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

/* error.c: one located message */

struct wl_error {
	char file[512];		/* "" when no file is concerned */
	long line;		/* 1-based; 0 when no line */
	long col;		/* 1-based, in characters; 0 when unknown */
	char field[64];		/* field at fault, "" if none (for columns) */
	int code;		/* enum wl_code, or 0 */
	char ref[17];		/* WL_P_NOREF: the id named, else "" */
	char msg[512];
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
	WL_P_FORM		/* a line not in canonical form */
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

/* Fill err (NULL-safe): location and printf-style message. */
void wl_error_set(struct wl_error *err, const char *file, long line,
    long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Format "FILE:LINE:COL: msg", "FILE:LINE: msg", "FILE: msg" or "msg". */
void wl_error_format(const struct wl_error *err, char *buf, size_t size);
/* Count err in diag and hand it to diag->fn.  NULL diag is allowed. */
void wl_diag_emit(struct wl_diag *diag, enum wl_severity sev,
    const struct wl_error *err);
/* Shorthand: build a message and emit it. */
void wl_diag_say(struct wl_diag *diag, enum wl_severity sev,
    const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* id.c, clock.c */

/* Write a new random id (16 lowercase hex and NUL) into out. */
int wl_id_new(char out[WL_ID_LEN + 1], struct wl_error *err);
/* 1 if s is exactly 16 lowercase hex characters. */
int wl_id_valid(const char *s);
/* Write the current UTC time, or $WL_NOW when set, into out. */
int wl_clock_now(char out[WL_TIME_LEN + 1], struct wl_error *err);
/* 1 if s is RFC 3339 UTC with seconds: YYYY-MM-DDTHH:MM:SSZ. */
int wl_time_valid(const char *s);
/* 1 if s is a real calendar date YYYY-MM-DD. */
int wl_date_valid(const char *s);

/* utf8.c */

/* 1 if [s, s+n) is valid UTF-8 without NUL; else 0 and *bad = offset. */
int wl_utf8_valid(const char *s, size_t n, size_t *bad);
/* Characters (code points) in the first n bytes of valid UTF-8. */
size_t wl_utf8_chars(const char *s, size_t n);
/* Columns a terminal uses for valid UTF-8 s. */
size_t wl_utf8_width(const char *s);
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
/* WL_UNKNOWN when name is not a known type. */
enum wl_type wl_type_from_name(const char *name);
/* The type of a record by its "type" member. */
enum wl_type wl_type_of(const json_t *rec);
/*
 * The allowed values of an enum field, NULL-terminated, or NULL if
 * type.field is not an enum.  "status" of a status record lists both
 * the advice and agreement values.
 */
const char *const *wl_schema_enum(enum wl_type t, const char *field);
/* The status values that fit a record of type target, or NULL. */
const char *const *wl_schema_status_values(enum wl_type target);
/* 1 if value is one of the enum's values. */
int wl_schema_enum_has(enum wl_type t, const char *field, const char *value);
/* "a, b, c": the values for a message (static buffer per call site). */
const char *wl_schema_enum_list(enum wl_type t, const char *field);
/* 1 if field is a known field of type t (common fields included). */
int wl_schema_has_field(enum wl_type t, const char *field);
/*
 * Check one record: common fields, required fields, field types,
 * enums, dates, no reals.  Unknown types and fields pass.  On failure
 * err->msg says what, err->field names the field at fault.
 */
int wl_schema_check(const json_t *rec, struct wl_error *err);
/* Check the value an amend sets for field of a record of type t. */
int wl_schema_check_field(enum wl_type t, const char *field,
    const json_t *value, struct wl_error *err);
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
/* The number of blocks of a session that lists none (3: the lines of
 * share/wl/templates/blocks). */
int wl_schema_default_nblocks(void);
/*
 * The blocks of a new session: [{"n":1,"title":T1},...], one for each
 * line of share/wl/templates/blocks (blank lines skipped).  A new
 * reference, or NULL (err: the file cannot be read, a title is not
 * UTF-8, or out of memory).
 */
json_t *wl_schema_default_blocks(struct wl_error *err);

/* record.c: building, parsing and encoding records */

/* A new record of type t with fresh "id", "type" and "at". */
json_t *wl_record_new(enum wl_type t, struct wl_error *err);
/*
 * Parse one journal line (without its '\n') into a record: valid
 * UTF-8, no NUL, nesting at most WL_DEPTH_MAX, no duplicate keys, one
 * object, then wl_schema_check.  Errors carry line and column within
 * the line; the caller sets file and line.  Returns a new reference.
 */
json_t *wl_record_parse(const char *line, size_t len, struct wl_error *err);
/*
 * The syntax half of wl_record_parse: one JSON object, no schema
 * check (for import, which fills in missing fields first).
 */
json_t *wl_record_parse_json(const char *line, size_t len,
    struct wl_error *err);
/* Column (1-based, in characters) of top-level key field in line; 1
 * when the key is not there. */
long wl_record_column(const char *line, size_t len, const char *field);
/*
 * The canonical line of rec, '\n' included: compact, non-ASCII
 * unescaped, keys in the order of wl-journal(5), unknown fields after
 * in their own order.  Caller frees; *len gets the length.
 */
char *wl_record_encode(const json_t *rec, size_t *len);
/* Borrowed string member, or NULL if absent or not a string. */
const char *wl_record_str(const json_t *rec, const char *field);
/* Integer member, or def if absent or not an integer. */
long long wl_record_int(const json_t *rec, const char *field, long long def);

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
 * it: the records from the line of that session to the end, when that
 * part reads without a single warning or error (what hangs from a
 * session follows it in file order).  The session is the one whose id
 * starts with sel (found by parsing only the lines that hold sel's
 * bytes), or the latest live one when sel is NULL.  When that fails
 * (no such session, several, or any message), or path is no regular
 * file, it is wl_journal_load of path.  Lines before the session are
 * not read: a writer does not vouch for them (wl-report check does).
 * Line numbers count from the session's line.
 */
struct wl_journal *wl_journal_load_tail(const char *path, const char *sel,
    struct wl_diag *diag, struct wl_error *err);
void wl_journal_free(struct wl_journal *j);
/*
 * The records recs[0..n) as j would read them once appended: they are
 * added to j and j is folded again by the rules every reader follows.
 * Returns the number of problems that they bring, each said to diag as
 * an error (a problem of theirs, or one that an old record did not
 * have before), or -1 when out of memory (err).  A writer appends
 * only what brings none.  j holds them afterwards; only free it.
 */
long wl_journal_admit(struct wl_journal *j, json_t *const *recs, size_t n,
    struct wl_diag *diag, struct wl_error *err);
/* Records in file order, every type. */
size_t wl_journal_count(const struct wl_journal *j);
const struct wl_rec *wl_journal_at(const struct wl_journal *j, size_t i);
/* The record with exactly this id, or NULL. */
const struct wl_rec *wl_journal_get(const struct wl_journal *j,
    const char *id);
/*
 * The record whose id starts with prefix (at least WL_PREFIX_MIN
 * characters) among types in mask.  Unknown, ambiguous (the message
 * lists the candidates) and retracted ids are errors.
 */
const struct wl_rec *wl_journal_find(const struct wl_journal *j,
    const char *prefix, unsigned mask, struct wl_error *err);
/*
 * The session to work on: the -s option when given, else
 * $WL_SESSION, else the most recent session in the journal.
 */
const struct wl_rec *wl_journal_session(const struct wl_journal *j,
    const char *opt, struct wl_error *err);
/*
 * A participant of session: an id prefix, or a name or org that
 * matches (case and diacritics aside) exactly one participant.
 */
const struct wl_rec *wl_journal_participant(const struct wl_journal *j,
    const struct wl_rec *session, const char *who, struct wl_error *err);

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
/* 1 if a and b were written as the same record (values, not spacing),
 * 0 if not, -1 when out of memory. */
int wl_rec_same(const struct wl_rec *a, const struct wl_rec *b);
const char *wl_rec_str(const struct wl_rec *r, const char *field);
long long wl_rec_int(const struct wl_rec *r, const char *field,
    long long def);
/* A true/false field, or def if absent. */
int wl_rec_bool(const struct wl_rec *r, const char *field, int def);
/* The i-th string of a list field ("tags"), NULL past its end. */
const char *wl_rec_item(const struct wl_rec *r, const char *field,
    size_t i);
/* Its position in the journal: wl_journal_at(j, wl_rec_pos(r)) == r. */
size_t wl_rec_pos(const struct wl_rec *r);
/* Where the record was read: file name and 1-based line. */
const char *wl_rec_file(const struct wl_rec *r);
long wl_rec_line(const struct wl_rec *r);
/* 1 if retracted, itself or through what it hangs from. */
int wl_rec_retracted(const struct wl_rec *r);
/* 1 for a participant named by a redaction record: erased by redact. */
int wl_rec_redacted(const struct wl_rec *r);
/* 1 for an endorsement replaced by a later one of the same person. */
int wl_rec_superseded(const struct wl_rec *r);
/* The record its "ref" names, or NULL. */
const struct wl_rec *wl_rec_parent(const struct wl_rec *r);
/* Number of amends applied to it. */
int wl_rec_amended(const struct wl_rec *r);
/* Current status (last status record's value), or NULL. */
const char *wl_rec_status(const struct wl_rec *r);
/* The session record a record belongs to, or NULL. */
const struct wl_rec *wl_rec_session(const struct wl_rec *r);
/*
 * The records that belong to session s (through "session", or what
 * they refer to), its own record not among them, in file order,
 * retracted ones included.  Borrowed; NULL when there are none.
 */
const struct wl_rec *const *wl_session_records(const struct wl_rec *s,
    size_t *n);
/* Number of blocks of a session (its "blocks", else the default 3). */
int wl_session_nblocks(const struct wl_rec *session);
/* The i-th of a session's own list of blocks: 1 with its number and
 * title (borrowed), 0 past its end or when it has none. */
int wl_session_block(const struct wl_rec *s, size_t i, long long *n,
    const char **title);
/* For an endorsement: 1 if its advice's text was amended after it. */
int wl_rec_stale(const struct wl_rec *r);
/* Number of live endorsements of an advice; *stale gets the stale ones. */
int wl_rec_endorsements(const struct wl_rec *r, int *stale);

/* append.c: the durable append */

struct wl_writer;

#define WL_W_CREATE 1	/* make a missing journal, mode 0600 */
#define WL_W_NOWAIT 2	/* fail at once when another writer holds it */

/*
 * Open the journal for appending and take its exclusive lock.  With
 * WL_W_CREATE, a missing journal is created with mode 0600; without,
 * a missing journal is an error that says how to make one.  The lock
 * is on the file the path names when it is taken (a writer that
 * waited while the journal was rewritten opens the new one).
 */
struct wl_writer *wl_writer_open(const char *path, int flags,
    struct wl_error *err);
/*
 * Append the records, each canonically encoded and written with one
 * write(2), then fsync once.  A torn final line left by a crashed
 * writer is first saved to PATH.torn-TIMESTAMP and cut off (with a
 * warning to diag).  On any failure the journal is truncated back to
 * what it was and -1 returned.
 */
int wl_writer_append(struct wl_writer *w, json_t *const *recs, size_t n,
    struct wl_diag *diag, struct wl_error *err);
/*
 * Replace the whole journal by data, atomically: a temporary file in
 * the same directory, with the journal's mode, written, fsynced and
 * renamed over it, then the directory fsynced.  On failure the
 * journal is as it was.  Appending through w after this is an error
 * of the caller: close it.  0 or -1.
 */
int wl_writer_rewrite(struct wl_writer *w, const char *data, size_t len,
    struct wl_error *err);
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
	size_t torn;		/* bytes of a torn last line, left out */
	int already;		/* they were redacted before */
};

struct wl_redact;

/*
 * Plan the erasure of participant p from the journal at path; j must
 * be that file, read under the lock of the writer that will commit.
 * The person's record keeps id, type, at, session and role, gets
 * consent false, and every other field becomes WL_REDACTED; so do the
 * text of every note and the reason of every endorsement whose "by"
 * is p (as written or as amended), and the same values in every amend
 * (withdrawn ones too) of those records.  Changed lines are encoded
 * canonically, every other line is kept byte for byte, a torn last
 * line is left out, and a redaction record (ref p; reason and by, a
 * participant id, when not NULL) is added at the end.  Records that
 * would not change are not counted: a plan with no changes and
 * info->already set has nothing left to erase.  wl_redact_free frees.
 */
struct wl_redact *wl_redact_plan(const char *path,
    const struct wl_journal *j, const struct wl_rec *p, const char *reason,
    const char *by, struct wl_error *err);
const struct wl_redact_info *wl_redact_info(const struct wl_redact *rd);
/* Records that change (the redaction record not counted). */
size_t wl_redact_changes(const struct wl_redact *rd);
/* The redaction record the plan adds.  Borrowed. */
const json_t *wl_redact_record(const struct wl_redact *rd);
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
 * one), check each line, then all of them as j would read them
 * (wl_journal_admit: references, amends, statuses, blocks; j holds
 * them afterwards).  Each problem goes to diag as FILE:LINE:COL.  A record already in j
 * (as written, or as amended) or repeated in the input is skipped.  A
 * type unknown here passes only on a whole record, with id and at.
 * Returns the new records (*n of them, new references, array to
 * free), or NULL when anything was wrong: then nothing is appended.
 */
json_t **wl_import_check(const struct wl_import *im,
    struct wl_journal *j, const struct wl_rec *session,
    enum wl_type deftype, size_t *n, struct wl_diag *diag,
    struct wl_error *err);

/* similar.c: normalised words, and which texts are alike */

struct wl_stopwords;

/* The stop words of share/wl/stopwords/LANG.  NULL on failure. */
struct wl_stopwords *wl_stopwords_load(const char *lang,
    struct wl_error *err);
void wl_stopwords_free(struct wl_stopwords *sw);
/* Stem one folded word in place (a light Dutch stemmer). */
void wl_stem(char *word);
/*
 * The words of text as a set: case and diacritics folded, split at
 * anything not a letter or digit, one-letter words and stop words
 * dropped, stemmed, sorted, each once.  Free with wl_words_free.
 */
int wl_words(const struct wl_stopwords *sw, const char *text,
    char ***words, size_t *n);
void wl_words_free(char **words, size_t n);
/* "0.5", ".75", "1": a threshold in (0, 1] as per mille; -1 if bad. */
int wl_threshold_parse(const char *s, int *permille);
/*
 * Group alike texts: two texts whose word sets have a Jaccard
 * similarity of at least permille/1000 are in one group, and groups
 * are closed under that (single linkage).  group[i] gets the smallest
 * index of text i's group.  Texts without words stand alone.
 */
int wl_similar_groups(const struct wl_stopwords *sw,
    const char *const *texts, size_t n, int permille, size_t *group);

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
	size_t torn;		/* bytes of a torn last line moved aside */
	char *tornfile;		/* where they went (caller frees) */
};

/*
 * Mend only what loses nothing: move a torn last line to
 * PATH.torn-STAMP, drop blank lines and lines that repeat an earlier
 * record (same id, same values) or an earlier line byte for byte, in
 * one atomic rewrite (wl_writer_rewrite; w holds path's lock).
 * Nothing to mend: nothing written.  0, or -1 with the journal as it
 * was.
 */
int wl_check_repair(struct wl_writer *w, const char *path,
    struct wl_repair *done, struct wl_error *err);

/* compare.c */

/*
 * Pilots side by side, as data: one pilot per municipality (or per
 * session with by_session), in the order they first appear, with
 * participants per role, notes per kind, advice per perspective,
 * endorsement rate (per cent of advice with a current endorsement),
 * agreements done/open/dropped, follow-up of advice, tags; then
 * "similar": groups of alike advice, do's and don'ts across pilots
 * (see wl_similar_groups), each "shared" by "all", "some" or "one"
 * pilot.  A new reference, or NULL (err).
 */
json_t *wl_compare(const struct wl_journal *j, int by_session, int permille,
    const struct wl_stopwords *sw, struct wl_error *err);

struct wl_lang;

/*
 * Write a comparison made by wl_compare as Markdown: the pilots side
 * by side in one table, then the alike texts shared by all pilots, by
 * some, and unique to one.  Labels from l.  0, or -1 (err).
 */
int wl_compare_md(FILE *fp, const json_t *cmp, const struct wl_lang *l,
    struct wl_error *err);

/* diff.c */

/*
 * Write the differences between two copies of a journal, keyed on
 * id: records only in old ("- line"), then records only in new
 * ("+ line") and records whose content differs ("~ type id" and one
 * "field: old → new" line each), in new's order.  With jsonl, one
 * operation per line: {"op":"remove"|"add","record":...} or
 * {"op":"change","id":...,"type":...,"fields":{F:{"old":...,"new":...}}}.
 * Returns the number of differences, or -1 on a write error or when
 * out of memory (errno ENOMEM).
 */
long wl_diff_write(FILE *fp, const struct wl_journal *old,
    const struct wl_journal *new, int jsonl);

/* output.c: what readers print */

enum wl_format { WL_FMT_TABLE, WL_FMT_TSV, WL_FMT_CSV, WL_FMT_JSONL,
	WL_FMT_JSON };

struct wl_out;

/* -1 if name is not a format. */
int wl_format_from_name(const char *name);
/*
 * Start output of rows with these column headers to fp.  j is the
 * journal the rows come from (for the closure of jsonl).
 */
struct wl_out *wl_out_new(FILE *fp, enum wl_format fmt,
    const char *const *headers, size_t ncols, const struct wl_journal *j);
/* 1 if rows are written as cells (table, tsv, csv); else only their
 * records are, and cells may be left out (NULL). */
int wl_out_cells(const struct wl_out *o);
/*
 * One row: cells for table, tsv and csv; rec for jsonl and json (its
 * folded form; jsonl first writes the records it refers to).
 */
int wl_out_row(struct wl_out *o, const struct wl_rec *rec,
    const char *const *cells);
/*
 * From now on write participant records (rows and the records jsonl
 * carries for closure) as copies without "name" and "org": for lists
 * that name nobody.  The caller puts no names in the cells.
 */
void wl_out_anonymous(struct wl_out *o);
/* Write what is buffered and the closing bracket; 0 or -1 (I/O). */
int wl_out_end(struct wl_out *o);
void wl_out_free(struct wl_out *o);

/* list.c: a list of the whole journal, the fast way */

/* The records a fast list writes. */
struct wl_list_query {
	enum wl_type type;	/* listed type: WL_NOTE only, for now */
	const char *kind;	/* "kind" must be this, or NULL */
	long long block;	/* "block" must be this, or 0 */
};

/*
 * Write to fp, as jsonl, the same bytes as listing q's records of
 * wl_journal_load(path) through wl_out (file order, not retracted, the
 * closure before each, records of unknown types passed through), but
 * without loading the journal: lines are scanned, and only those the
 * scanner cannot vouch for and records that amends change are parsed.
 * Returns 1 when done; 0 when it does not apply and nothing was
 * written (path is no regular file, fp is a terminal, or the journal
 * would give any warning or error: the plain path says it); -1 when
 * out of memory part way (err).
 */
int wl_list_fast(const char *path, FILE *fp, const struct wl_list_query *q,
    struct wl_error *err);

/* datadir.c */

/*
 * The directory of wl's data (lang/, templates/, examples/):
 * $WL_DATADIR, else PREFIX/share/wl beside the running binary, else
 * the source tree's share/, else the compiled-in default.
 */
const char *wl_datadir(void);
/* Read share file rel (e.g. "templates/blocks") into a new string. */
char *wl_data_read(const char *rel, struct wl_error *err);

/* md.c: Markdown -- the only place that escapes user text for it */

/* Where a text goes: the escaping differs a little per context. */
enum wl_md_ctx {
	WL_MD_TEXT,		/* a paragraph, or inline after fixed text */
	WL_MD_ITEM,		/* the content of a list item */
	WL_MD_CELL,		/* a GFM table cell */
	WL_MD_HEADING		/* an ATX heading */
};

/*
 * s as Markdown that renders as exactly this plain text, on one line,
 * under CommonMark, GFM (cmark-gfm, pandoc -f gfm) and pandoc's
 * markdown: no HTML, link, image, autolink, emphasis, code, heading,
 * list, quote, rule, table column or entity can come from it.  Line
 * breaks and runs of blanks become one space, the ends are trimmed.
 * Pieces escaped apart must be joined by fixed text, not glued.
 * Caller frees; NULL when out of memory.
 */
char *wl_md_escape(const char *s, enum wl_md_ctx ctx);
/* Write wl_md_escape(s, ctx) to fp.  0, or -1 when out of memory. */
int wl_md_put(FILE *fp, const char *s, enum wl_md_ctx ctx);
/*
 * A label for a mermaid chart, for inside "..." or after "title":
 * one line, with no " ` ; : # % { } < >.  Caller frees.
 */
char *wl_md_chart_label(const char *s);

/* lang.c: the labels of a report language, share/lang/<name> */

struct wl_lang;

/*
 * Read language name (a file of "key = value" lines, # comments) from
 * the data directory.  A name that is no file there is an error that
 * lists the languages there are.  wl_lang_free frees.
 */
struct wl_lang *wl_lang_load(const char *name, struct wl_error *err);
/* The same from text; file names it in messages. */
struct wl_lang *wl_lang_parse(const char *name, const char *file,
    const char *text, struct wl_error *err);
void wl_lang_free(struct wl_lang *l);
const char *wl_lang_name(const struct wl_lang *l);
/* The text of key (borrowed), or NULL if the file lacks it. */
const char *wl_lang_get(const struct wl_lang *l, const char *key);
/* -1 naming the file and the first key of keys (NULL-ended) it lacks. */
int wl_lang_require(const struct wl_lang *l, const char *const *keys,
    struct wl_error *err);
/*
 * The text of key with each {name} replaced by its value; vars holds
 * name, value pairs and ends with NULL.  Plain text (escape it for
 * Markdown).  Caller frees; NULL when out of memory.
 */
char *wl_lang_expand(const struct wl_lang *l, const char *key,
    const char *const *vars);
/* A date YYYY-MM-DD written out by key "date" ("14 juni 2026"); a
 * string that is no date is returned as it is.  Caller frees. */
char *wl_lang_date(const struct wl_lang *l, const char *date);

/* report.c: the advice report */

struct wl_report_opts {
	const struct wl_lang *lang;
	int anonymous;		/* name nobody */
	int charts;		/* 1: mermaid charts, 0: none */
	/* Optional: every session record of j, in file order, for the
	 * reports of many sessions (NULL: the report walks j for them). */
	const struct wl_rec *const *sessions;
	size_t nsessions;
	/* Optional with sessions: wl_utf8_fold of each one's
	 * municipality, so that they are not folded again per report. */
	char *const *folded;
};

/*
 * Write the advice report of session s as Markdown to fp: its state
 * folded from j, labels from opts->lang (which must have every key the
 * report uses).  Same journal, same bytes.  0, or -1 (err); the
 * caller checks fp for write errors.
 */
int wl_report_md(FILE *fp, const struct wl_journal *j,
    const struct wl_rec *s, const struct wl_report_opts *opts,
    struct wl_error *err);
/*
 * The reports of sessions[0..n), each as wl_report_md writes it, with
 * a rule between them: written to fp only once all are made, so
 * nothing is ever printed half-done.  Many are made in two threads.
 * 0, or -1 (err: the first report that failed).
 */
int wl_report_md_all(FILE *fp, const struct wl_journal *j,
    const struct wl_rec *const *sessions, size_t n,
    const struct wl_report_opts *opts, struct wl_error *err);
/* Say once to diag that records of unknown types are ignored; their
 * number. */
size_t wl_report_warn_unknown(const struct wl_journal *j,
    struct wl_diag *diag);

#endif
