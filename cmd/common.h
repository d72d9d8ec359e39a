/* common.h - how the four binaries talk to their user: options,
 * messages, exit status, the journal they work on */
#ifndef WL_COMMON_H
#define WL_COMMON_H

#include <getopt.h>

#include "wl.h"
#include "strbuf.h"

#define EXIT_NO 1	/* a negative answer: check found problems... */
#define EXIT_TROUBLE 2	/* usage, bad input, I/O: the journal as it was */
#define EXIT_UNSHOWN 3	/* the journal holds the new records, but they
			 * could not be printed: do not write them again */
#define MAX_FILES 64

/* Long-only option codes shared by all binaries. */
enum { OPT_VERSION = 256, OPT_MAX_ERRORS, OPT_WAIT, OPT_SEP, OPT_LABELS,
	OPT_FIRST_VERB_OPT = 300 };

/* The lists' --sep and --labels (cli_getopt takes them;
 * cli_list_flags uses them). */
#define CLI_SHEET_LONGOPTS \
	{ "sep", required_argument, NULL, OPT_SEP }, \
	{ "labels", required_argument, NULL, OPT_LABELS }

#define COMMON_LONGOPTS \
	{ "file", required_argument, NULL, 'f' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, OPT_VERSION }, \
	{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS }, \
	{ "wait", required_argument, NULL, OPT_WAIT }

struct cli_verb;

struct cli {
	const char *prog;
	const char *usage;	/* the SYNOPSIS, printed by --help */
	const struct cli_verb *verb;	/* the one running (cli_dispatch) */
	struct strbuf optstring;	/* its short options, common ones too */
	const char *files[MAX_FILES];
	size_t nfiles;
	int format;		/* -1 until -o is given */
	int o_file;		/* set by a verb: -o names a file, not a format */
	const char *output;	/* that file, or NULL */
	long max_errors;
	long wait;		/* --wait: seconds a writer waits, -1 unset */
	int writer;		/* about to append: a torn tail is moved
				 * aside, not just skipped, so say only that */
	const char *mode_said;	/* the journal whose mode was warned about */
	struct wl_diag diag;
	/* The options of the verb given so far that take a value, so
	 * that one given twice is refused rather than one lost. */
	struct { int ch; const char *arg; } given[32];
	size_t ngiven;
	const char *municipality;	/* a list's --municipality, checked
					 * by cli_list_begin */
	char sep;		/* a list's --sep, '\0' until given */
	int labels;		/* its --labels: WL_OUT_LABELS_*, or 0 */
};

/* Set up; refuse arguments that are not valid UTF-8. */
void cli_init(struct cli *c, const char *prog, const char *usage,
    int argc, char **argv);
/*
 * getopt_long over the options of the running verb (c->verb), with
 * the common ones handled (-f, -o, -h, --version, --max-errors) and
 * errors reported; returns the verb's own options, -1 at the end.
 * An option that takes a value may be given once, unless it is one of
 * the few meant to repeat (the list is in common.c): given twice, it
 * is refused, naming both values, rather than one of them dropped.
 * In a verb whose operands are a text, a word that looks like an
 * option but is none is refused with a hint to put -- before it.
 */
int cli_getopt(struct cli *c, int argc, char **argv);
/*
 * Unknown record types pass through a list's jsonl and json output
 * (a newer wl may have written them) when they belong to the session
 * listed, or to any with session NULL.  1 if r was such a record.
 */
int cli_pass_unknown(struct cli *c, struct wl_out *o, const struct wl_rec *r,
    const struct wl_rec *session);
/* A verb of a binary: its name, what runs it, and its options. */
struct cli_verb {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *shortopts;		/* as getopt takes them, "s:k:" */
	const struct option *longopts;	/* COMMON_LONGOPTS among them */
};

/*
 * Run a verb of verbs: the first operand names it, wherever it stands
 * among the options -- those common to all (-f FILE, -o, --max-errors)
 * and any verb's own may come before it or after.  Its function gets
 * argv from the verb on, the other arguments after it in their order.
 * With no operand, dflt is run (NULL: none), with argv as it is.  -h,
 * --help and --version print and exit 0, before the verb or after it;
 * an unknown or missing verb, or an option no verb knows, is a usage
 * error.  Returns the verb's exit status.
 */
int cli_dispatch(struct cli *c, int argc, char **argv,
    const struct cli_verb *verbs, size_t n, const char *dflt);
/*
 * Start a list of the session sel names (or the current one; every
 * session with all): the journal loaded into *j, the session into *s
 * (NULL with all), and the output with the columns cols and the
 * flags of wl_out_new (WL_OUT_ANONYMOUS...).  Exits 2 on trouble, and
 * on a c->municipality the journal does not know (cli_municipality),
 * before a byte is written.
 */
struct wl_out *cli_list_begin(struct cli *c, const char *sel, int all,
    int flags, const char *const *cols, size_t ncols,
    struct wl_journal **j, const struct wl_rec **s);
/* A participant as people know them: the name, else the role; only
 * the role when anonymous. */
const char *cli_known_as(const struct wl_rec *p, int anonymous);
/*
 * The owner of an agreement (its "owner" value) as every output shows
 * it: a participant by name only when they consented and not
 * anonymous, else by role; free text (--owner-text, or an old
 * journal's) as written, for the list to mask under --anonymous.
 */
const char *cli_owner(const struct wl_journal *j, const char *owner,
    int anonymous);
/*
 * End a list: write what o holds, free o and j, and exit 2 when
 * standard output could not take it.  Returns 0 (the exit status).
 */
int cli_list_end(struct cli *c, struct wl_out *o, struct wl_journal *j);
/*
 * --municipality M of a list: exit 2 when no live session of j is of
 * M (case and accents folded, as everywhere names are matched), with
 * the nearest municipality the journal knows as a hint.
 */
void cli_municipality(struct cli *c, const struct wl_journal *j,
    const char *m);
/* 1 if r's session is live and of municipality m (NULL: any). */
int cli_in_municipality(const struct wl_rec *r, const char *m);
/* The three columns an --all list adds: the municipality, the date and
 * the id of r's session, into cells[0..2] (NULL without one). */
#define CLI_SESSION_COLS "municipality", "date", "session"
void cli_session_cells(const struct wl_rec *r, const char **cells);
/* The flags of wl_out_new for a list's --view (view: 1 if given),
 * --sep and --labels: refused (exit 2) with a format other than jsonl
 * and json, and other than csv; --labels changes no record format. */
int cli_list_flags(struct cli *c, int view);
/* Refuse operands left after the options. */
void cli_no_operands(struct cli *c, int argc, char **argv);

/*
 * "prog: out of memory", exit 2: where every failed allocation of
 * cmd/ ends, jansson's included, so that no record is ever written
 * without a field it was meant to have.  It allocates nothing itself.
 */
void cli_oom(void) __attribute__((noreturn));
/* p, or cli_oom when it is NULL: for what an allocator or a jansson
 * constructor (json_pack, json_string, json_object...) returned. */
void *cli_need(void *p);
/* json_object_set_new(obj, key, value) and json_array_append_new(arr,
 * value), or cli_oom when they fail (a NULL value among the ways):
 * value is stolen either way. */
void cli_set(json_t *obj, const char *key, json_t *value);
void cli_push(json_t *arr, json_t *value);
/* Append err as wl_error_format writes it ("FILE:LINE:COL: msg"). */
void cli_add_error(struct strbuf *sb, const struct wl_error *err);

/* "prog: msg (see 'prog --help')", exit 2. */
void cli_usage_error(struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
/* "prog: msg", exit 2. */
void cli_die(struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
/* The error, located, then exit 2. */
void cli_fail(struct cli *c, const struct wl_error *err)
    __attribute__((noreturn));
/* The record of a type in mask that id (a prefix, either case) names,
 * for the running verb; else its words ("d21f... is an agreement;
 * endorse takes an advice"), exit 2. */
const struct wl_rec *cli_find(struct cli *c, const struct wl_journal *j,
    const char *id, unsigned mask);
/*
 * The participant of session s of j whom who names (wl_journal_participant),
 * else its words and exit 2.  path: j holds only the part of that
 * journal from s on (cli_load_latest); a miss reads it whole to say
 * who of an earlier session answers.
 */
const struct wl_rec *cli_participant(struct cli *c,
    const struct wl_journal *j, const struct wl_rec *s, const char *who,
    const char *path);
/* Print a message sanitised for a terminal, prog: first. */
void cli_say(struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The journal a reader reads: the -f files, else standard input when
 * it is a pipe, else $WL_JOURNAL, else ./werklab.jsonl.  Exits 2 on
 * any error in it (after saying each).  Caller frees.
 */
struct wl_journal *cli_load(struct cli *c);
/* The one regular journal a reader would read, for a fast path: the
 * one -f file, else $WL_JOURNAL or werklab.jsonl when standard input is
 * no pipe; NULL when it reads several files or standard input. */
const char *cli_single_path(struct cli *c);
/* The one journal a writer appends to: -f, $WL_JOURNAL, werklab.jsonl. */
const char *cli_journal_path(struct cli *c);
/*
 * wl_writer_open, waiting for another program's lock at most --wait
 * seconds (else $WL_WAIT, else 30; 0: not at all), after saying once
 * on stderr who it waits for.  Exits 2 when it gives up, or on any
 * other failure, with the journal unchanged.  Says once a command,
 * on stderr, when the journal's group or others may read it, with the
 * chmod that mends it.
 */
struct wl_writer *cli_writer_open(struct cli *c, const char *path, int flags);
/* Read the writer's journal (exits 2 on errors in it). */
struct wl_journal *cli_load_path(struct cli *c, const char *path);
/* The same for a writer that needs only the session that sel (-s),
 * else $WL_SESSION, else the latest one names: only the part from that
 * session on (wl_journal_load_tail). */
struct wl_journal *cli_load_latest(struct cli *c, const char *path,
    const char *sel);
/* The same for a writer that works on the one record id names (an id
 * prefix): the part that bears on it; with sel (an id prefix, or
 * NULL), the part of the session sel names, when it holds the record
 * (wl_journal_load_tail). */
struct wl_journal *cli_load_record(struct cli *c, const char *path,
    const char *sel, const char *id);
/* The output format: -o, else table on a terminal, jsonl otherwise. */
enum wl_format cli_format(struct cli *c);
/* Parse a whole decimal integer >= min, or exit 2 naming the option. */
long long cli_int(struct cli *c, const char *opt, const char *arg,
    long long min);
/* The enum's value that value names, in English or a word of a
 * language file (wl_enum_input); else refuse it (exit 2), listing
 * both, with the nearest value or word (or the flag of that name) as
 * a hint. */
const char *cli_enum(struct cli *c, enum wl_type t, const char *field,
    const char *value);
/*
 * Refuse value when it is none of choices (NULL-terminated), exit 2:
 * "unknown WHAT 'value' (one of: ...)", and "did you mean X?" when a
 * choice is near it (an edit or two away, or the same but for case),
 * or "did you mean --X?" when value is the name of a flag of the verb.
 */
void cli_choice(struct cli *c, const char *what, const char *value,
    const char *const *choices);
/* Append to sb the hint cli_choice gives for value: "; did you mean
 * X?", or nothing when no choice is near. */
void cli_hint(struct cli *c, const char *value, const char *const *choices,
    struct strbuf *sb);
/* Refuse a date option's value that is no date, or a date that does
 * not exist (wl_date_check), exit 2. */
void cli_date(struct cli *c, const char *date);
/*
 * The new records are in the journal, but printing them failed (errnum
 * says why): warn that they must not be written again, and exit
 * EXIT_UNSHOWN.  A writer ignores SIGPIPE (cli_append), so that a
 * closed pipe is this, not a death by signal.
 */
void cli_unshown(struct cli *c, int errnum) __attribute__((noreturn));
/*
 * Append recs to the journal behind w, then print each new id (or
 * the whole record with -o jsonl).  j, the journal as the writer read
 * it (NULL: none to ask), must admit them (wl_journal_admit).  Frees
 * recs and j.  Exits 2 on failure, with the journal as it was; exits
 * EXIT_UNSHOWN when the records are written but cannot be printed.
 */
void cli_append(struct cli *c, struct wl_writer *w, struct wl_journal *j,
    json_t **recs, size_t n);
/* cli_append of lines (canonical, '\n' ended: wl_draft_lines makes
 * them) rather than records: j must not be NULL (its rules check the
 * lines' shape).  lines[i] came from line from[i] of file, where a
 * problem of it is said (wl_journal_admit; from NULL: nowhere).
 * Frees lines and j. */
void cli_append_lines(struct cli *c, struct wl_writer *w,
    struct wl_journal *j, char **lines, size_t n, const char *file,
    const long *from);
/* wl_out_row, or cli_oom when it fails: it fails only for want of
 * memory, and a list must not go on without the row. */
void cli_row(struct wl_out *o, const struct wl_rec *r,
    const char *const *cells);
/* Join operands with single spaces into a new string (exit 2 when out
 * of memory).  Caller frees. */
char *cli_join(int argc, char **argv);

#endif
