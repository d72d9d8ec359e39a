/*
 * internal.h - what the library's files share and the programs do not
 * see: wl.h is the programs' interface, this is the library's own
 * (with journal.h, reader.h, rules.h, scan.h and idtab.h for the parts
 * that read journals).  The unit tests include it to test the parts.
 */
#ifndef WL_INTERNAL_H
#define WL_INTERNAL_H

#include <stdint.h>
#include <sys/types.h>

#include "wl.h"

/* error.c */

/* Fill err (NULL-safe): location and printf-style message. */
void wl_error_set(struct wl_error *err, const char *file, long line,
    long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
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
/*
 * Before the canonical lines[0..n) are appended to j (under its lock):
 * give those whose id this process made (wl_id_new) ids above every id
 * of the records of the same "at" in j, ascending in the order given;
 * every reference among the lines follows (ids are rewritten in
 * place: they keep their length).  The order of records is "at", then
 * id, never the file's: so what is written later in the same second
 * also comes later (in this copy; a merge orders the seconds of two
 * copies by id).  A given id (an import's) stays.  The number of ids
 * moved, or -1 when out of memory.
 */
int wl_id_place(const struct wl_journal *j, char *const *lines, size_t n,
    struct wl_error *err);
/* 1 if s is exactly 16 lowercase hex characters. */
int wl_id_valid(const char *s);
/* The element of base[0..n) (each of size bytes, sorted by the
 * uint64_t each begins with) that begins with key, or NULL. */
const void *wl_find_by_u64(const void *base, size_t n, size_t size,
    uint64_t key);
/* Write the current UTC time, or $WL_NOW when set, into out. */
int wl_clock_now(char out[WL_TIME_LEN + 1], struct wl_error *err);
/* 1 if s is RFC 3339 UTC with seconds: YYYY-MM-DDTHH:MM:SSZ. */
int wl_time_valid(const char *s);
/* 1 if s is a real calendar date YYYY-MM-DD (wl_date_check). */
int wl_date_valid(const char *s);

/* utf8.c */

/* Characters (code points) in the first n bytes of valid UTF-8. */
size_t wl_utf8_chars(const char *s, size_t n);
/* Columns a terminal uses for valid UTF-8 s. */
size_t wl_utf8_width(const char *s);
/* The folded form (wl_utf8_fold) of s[0..n) into out, which has room
 * for 2n+1 bytes, NUL-ended; returns its length. */
size_t wl_utf8_fold_n(const char *s, size_t n, char *out);
/* The bytes of the character at s (n > 0 bytes left), at least 1;
 * *word gets 1 when it is part of a word (a letter, digit or mark),
 * 0 for a space, punctuation or a byte that is not UTF-8. */
size_t wl_utf8_next(const char *s, size_t n, int *word);

/* schema.c */

/* WL_UNKNOWN when name is not a known type. */
enum wl_type wl_type_from_name(const char *name);
/* The type of a record by its "type" member. */
enum wl_type wl_type_of(const json_t *rec);
/* Check the value an amend sets for field of a record of type t. */
int wl_schema_check_field(enum wl_type t, const char *field,
    const json_t *value, struct wl_error *err);
/* The number of blocks of a session that lists none (3: the lines of
 * share/wl/templates/blocks). */
int wl_schema_default_nblocks(void);

/* record.c */

/*
 * Parse one journal line (without its '\n') into a record: valid
 * UTF-8, no NUL, nesting at most WL_DEPTH_MAX, no duplicate keys, one
 * object, then wl_schema_check.  Errors carry line and column within
 * the line; the caller sets file and line.  Returns a new reference.
 */
json_t *wl_line_parse(const char *line, size_t len, struct wl_error *err);
/*
 * The syntax half of wl_line_parse: one JSON object, no schema
 * check (for import, which fills in missing fields first).
 */
json_t *wl_line_parse_json(const char *line, size_t len,
    struct wl_error *err);
/* Column (1-based, in characters) of top-level key field in line; 1
 * when the key is not there. */
long wl_line_column(const char *line, size_t len, const char *field);
/* Integer member, or def if absent or not an integer. */
long long wl_field_int(const json_t *rec, const char *field, long long def);

/* rec.c, fold.c: more of a loaded record */

/* 1 if a and b were written as the same record (values, not spacing),
 * 0 if not, -1 when out of memory. */
int wl_rec_same(const struct wl_rec *a, const struct wl_rec *b);
/* Its position in the journal: wl_journal_at(j, wl_rec_pos(r)) == r. */
size_t wl_rec_pos(const struct wl_rec *r);
/* Where the record was read: file name and 1-based line. */
const char *wl_rec_file(const struct wl_rec *r);
long wl_rec_line(const struct wl_rec *r);
/* 1 for an endorsement replaced by a later one of the same person. */
int wl_rec_superseded(const struct wl_rec *r);
/* The record its "ref" names, or NULL. */
const struct wl_rec *wl_rec_parent(const struct wl_rec *r);
/*
 * The records that belong to session s (through "session", or what
 * they refer to), its own record not among them, in file order,
 * retracted ones included.  Borrowed; NULL when there are none.
 */
const struct wl_rec *const *wl_session_records(const struct wl_rec *s,
    size_t *n);
/* Number of blocks of a session (its "blocks", else the default 3). */
int wl_session_nblocks(const struct wl_rec *session);
/* For an endorsement: 1 if its advice's text was amended after it
 * (wl_rec_order). */
int wl_rec_stale(const struct wl_rec *r);
/* Order does not matter (rules.h, wl_rule_order): <0, 0 or >0 as a
 * comes before, is, or comes after b by "at", then id. */
int wl_rec_order(const struct wl_rec *a, const struct wl_rec *b);
/* Sort v[0..n) by wl_rec_order: what a list or report prints is in
 * that order, never the file's.  0, or -1 when out of memory. */
int wl_rec_sort(const struct wl_rec **v, size_t n);
/* Every record of j, in the order of records (wl_rec_sort); NULL when
 * out of memory.  Caller frees the array. */
const struct wl_rec **wl_journal_ordered(const struct wl_journal *j);

/* append.c */

/*
 * Replace the whole journal by data, atomically: a temporary file in
 * the directory of the file the path names (through symbolic links),
 * given the journal's owner, group and mode, written, fsynced and
 * renamed over that file, then its directory fsynced.  Refused, before
 * anything is written, for a journal with more than one hard link (the
 * other names would keep the old bytes) or whose owner or group the
 * caller cannot give.  When w was opened with WL_W_IN_PLACE, the
 * file's own bytes are overwritten instead, then it is cut to len and
 * fsynced: every name sees the new bytes; not atomic (the old bytes
 * are put back when writing fails, but a crash in the middle leaves a
 * mix).  On failure the journal is as it was, and no temporary file is
 * left.  Appending through w after this is an error of the caller:
 * close it.  0 or -1.
 */
int wl_writer_rewrite(struct wl_writer *w, const char *data, size_t len,
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

/*
 * Group alike texts: two texts whose word sets have a Jaccard
 * similarity of at least permille/1000 are in one group, and groups
 * are closed under that (single linkage).  group[i] gets the smallest
 * index of text i's group.  Texts without words stand alone.
 */
int wl_similar_groups(const struct wl_stopwords *sw,
    const char *const *texts, size_t n, int permille, size_t *group);
/*
 * The same groups by the plain prefix-filtered join, which walks every
 * posting (quadratic when common words are in the prefixes), and by
 * the indexed join with the common most frequent words (at most 256)
 * taken as common: for the tests that hold wl_similar_groups to both.
 */
int wl_similar_groups_plain(const struct wl_stopwords *sw,
    const char *const *texts, size_t n, int permille, size_t *group);
int wl_similar_groups_common(const struct wl_stopwords *sw,
    const char *const *texts, size_t n, int permille, size_t common,
    size_t *group);
/* The edit distance (Levenshtein, in bytes) of a and b: for names,
 * folded first (wl_utf8_fold). */
size_t wl_edit_distance(const char *a, const char *b);

/* compare.c, compare_md.c: the comparison as data, for tests */

/*
 * Pilots side by side, as data: one pilot per municipality (or per
 * session with by_session), in the order they first appear, with
 * participants per role, notes per kind, advice per perspective,
 * endorsement rate (per cent of advice with a current endorsement),
 * agreements done/open/dropped, follow-up of advice, tags; then
 * "similar": groups of alike advice, do's and don'ts across pilots
 * (their words, stop words of share/wl/stopwords/nl left out, alike by
 * permille/1000 or more), each "shared" by "all", "some" or "one"
 * pilot.  With masked (--anonymous), the names of the journal's
 * participants in every text become role markers, as in the report:
 * "[initiatiefnemer]", labels of marks, or the English role when marks
 * is NULL; *masked gets their number.  A new reference, or NULL (err).
 */
json_t *wl_compare(const struct wl_journal *j, int by_session, int permille,
    const struct wl_lang *marks, size_t *masked, struct wl_error *err);

/*
 * Write a comparison made by wl_compare as Markdown: the pilots side
 * by side in one table, then the alike texts shared by all pilots, by
 * some, and unique to one.  Labels from l.  0, or -1 (err).
 */
int wl_compare_md(FILE *fp, const json_t *cmp, const struct wl_lang *l,
    struct wl_error *err);

/*
 * wl_compare_md for a comparison whose n groups are made one at a
 * time: group(arg, i) gives a new reference to the i-th (NULL when out
 * of memory), sorted as wl_compare sorts them; cmp holds the rest.
 */
int wl_compare_md_groups(FILE *fp, const json_t *cmp,
    json_t *(*group)(void *, size_t), void *arg, size_t n,
    const struct wl_lang *l, struct wl_error *err);

/* mask.c: known names in free text */

struct wl_mask;

/*
 * What --anonymous masks: the name parts of every participant of j
 * (retracted ones too; the words of "name", folded, but for particles
 * such as "van" and "de" and parts of one letter) and the orgs that
 * name a person (one of whose words is a part of that person's name).
 * With who, only that participant's, and each becomes WL_REDACTED.
 * Else each becomes "[label]": the role.* label of l for the role of
 * the person named ("[initiatiefnemer]"), the role itself when l is
 * NULL ("[initiator]"), "other" when people of several roles share
 * the word.  Made once per journal; wl_mask_free frees.  NULL when out
 * of memory.
 */
struct wl_mask *wl_mask_new(const struct wl_journal *j,
    const struct wl_rec *who, const struct wl_lang *l);
void wl_mask_free(struct wl_mask *m);
/* 1 if m knows no name at all. */
int wl_mask_empty(const struct wl_mask *m);
/* 1 if s[0..n) (any bytes: a text, a journal line) may hold a name m
 * knows: a word that is a part of one; 0 when surely not. */
int wl_mask_finds(const struct wl_mask *m, const char *s, size_t n);
/*
 * Mask text: each whole-word occurrence of a known part or org (case
 * and diacritics aside), with the parts and particles right after it
 * ("Piet van der Berg"), becomes one marker.  *out gets the masked
 * copy (caller frees), or NULL when nothing was masked; *count (when
 * not NULL) grows by the names masked.  0, or -1 when out of memory.
 */
int wl_mask_text(const struct wl_mask *m, const char *text, char **out,
    size_t *count);
/* Mask every string of v in place but those of fields that hold ids,
 * times, dates, enum values or the municipality (id, type, at, ref,
 * by, role, municipality...).  0, or -1 when out of memory. */
int wl_mask_json(const struct wl_mask *m, json_t *v, size_t *count);

/* resolve.c */

/*
 * 1 if s is an id or id prefix: WL_PREFIX_MIN to WL_ID_LEN hex
 * characters, of either case; out gets it in lower case, as ids are
 * written.  Every place that takes an id from a user folds it here.
 */
int wl_id_prefix_fold(const char *s, char out[WL_ID_LEN + 1]);

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

/* chart.c: charts drawn by wl itself */

/*
 * A horizontal bar chart as a standalone SVG 1.1 document: title above,
 * one bar per labels[i] with its counts[i] written beside it, longest
 * bar for the largest count.  Fixed sizes: the same input gives the
 * same bytes.  Text is escaped for XML.  Caller frees; NULL when out
 * of memory.
 */
char *wl_chart_svg(const char *title, const char *const *labels,
    const size_t *counts, size_t n);

/* The same from text; file names it in messages. */
struct wl_lang *wl_lang_parse(const char *name, const char *file,
    const char *text, struct wl_error *err);

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

/*
 * The input words of every language file (input.FIELD.VALUE = word,
 * word...), for wl_enum_input and import, which asks once for all its
 * lines.  NULL (err) when a language file cannot be read or out of
 * memory; none there is an empty set.
 */
struct wl_input;
/* 1 if value is one of the enum's values (as the journal stores it;
 * what a user types goes through wl_enum_input). */
int wl_schema_enum_has(enum wl_type t, const char *field, const char *value);
/* The place + 1 of value among the enum's values, 0 if it is none (or
 * NULL): a small number that stands for it. */
int wl_schema_enum_index(enum wl_type t, const char *field,
    const char *value);
struct wl_input *wl_input_load(struct wl_error *err);
void wl_input_free(struct wl_input *ws);
/* wl_enum_input with the words of ws (NULL: the values only). */
const char *wl_input_enum(const struct wl_input *ws, enum wl_type t,
    const char *field, const char *word, struct wl_error *err);

/*
 * Write the advice report of session s as Markdown to fp: its state
 * folded from j, labels from opts->lang (which must have every key the
 * report uses).  Same journal, same bytes.  Made in a temporary file,
 * written to fp only when whole.  0, or -1 (err); the caller checks fp
 * for write errors.
 */
int wl_report_md(FILE *fp, const struct wl_journal *j,
    const struct wl_rec *s, const struct wl_report_opts *opts,
    struct wl_error *err);

/* schema.c: the fields of each type */

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

/* append.c */

/* fsync the directory that holds path. */
int wl_fsync_dir(const char *path, struct wl_error *err);
/*
 * Into out (size bytes), the name of the file path names: path itself,
 * or, while that is a symbolic link, what it names (relative to the
 * link's directory).  A rewrite replaces that file, and the files it
 * and a torn line leave go beside it.  0, or -1 with errno.
 */
int wl_resolve_link(const char *path, char *out, size_t size);
/*
 * Save a torn last line's bytes to PATH.torn-YYYYMMDDTHHMMSSZ (or
 * -N after it when taken; PATH through symbolic links, as
 * wl_resolve_link), mode 0600, fsynced with its directory.
 * Returns the new file's name (caller frees), or NULL.
 */
char *wl_save_torn(const char *path, const char *frag, size_t n,
    struct wl_error *err);
/* A piece of what is saved aside: bytes borrowed; mapped: of a
 * read-only file map, whose pages are let go of as they are written. */
struct wl_piece {
	const char *p;
	size_t len;
	int mapped;
};
/* wl_save_torn of the pieces v[0..nv) one after another, each written
 * from where it lies, so that a line of any length costs no memory:
 * for what check --repair moves aside. */
char *wl_save_aside(const char *path, const struct wl_piece *v, size_t nv,
    struct wl_error *err);

/* tail.c */

/*
 * 1 when the environment has WL_WHOLE_JOURNAL=1: every fast way of
 * reading (a writer's part, the report's indexes) then takes the plain
 * path it is proven equal to, for the tests that prove it.
 */
int wl_plain_path(void);

/* record.c: jansson, watched */

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
