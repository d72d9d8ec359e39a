/* unit.h - what every cmocka unit test includes, and the helpers of
 * tests/unit/unit.c that the Makefile links into each of them */
#ifndef WL_UNIT_H
#define WL_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "wl.h"
#include "internal.h"

/*
 * The helpers fail the running test (cmocka's assertions) when a file
 * cannot be written or read; they may be called from group fixtures.
 * Strings they return in static buffers stay valid for the next seven
 * calls of the same helper.
 */

/* Journal lines as the tests write them: ' for ", at one fixed time. */
#define AT "2026-06-14T09:30:00Z"
#define REC(id, type) "{'id':'" id "','type':'" type "','at':'" AT "'"
#define ENDORSE(id, adv, by, stance) REC(id, "endorsement") ",'ref':'" \
	adv "','by':'" by "','stance':'" stance "'}"
#define AMEND(id, ref, set) REC(id, "amend") ",'ref':'" ref "'," \
	"'set':" set "}"
#define RETRACT(id, ref) REC(id, "retract") ",'ref':'" ref "'}"
#define STATUS(id, ref, st) REC(id, "status") ",'ref':'" ref "'," \
	"'status':'" st "'}"

/* Records at a time of their own: what comes later is ordered by "at",
 * then id, never by line (wl_rule_order). */
#define LATER "2026-06-14T10:00:00Z"
#define REC_AT(id, type, at) "{'id':'" id "','type':'" type "','at':'" at "'"
#define AMEND_AT(id, ref, set, at) REC_AT(id, "amend", at) ",'ref':'" ref \
	"','set':" set "}"
#define ENDORSE_AT(id, adv, by, stance, at) REC_AT(id, "endorsement", at) \
	",'ref':'" adv "','by':'" by "','stance':'" stance "'}"
#define STATUS_AT(id, ref, st, at) REC_AT(id, "status", at) ",'ref':'" \
	ref "','status':'" st "'}"

/* The test's temporary directory ("" before unit_mkdir). */
extern char unit_dir[64];

/* Make /tmp/wl-NAME-XXXXXX and name it in unit_dir.  0 or -1. */
int unit_mkdir(const char *name);
/* Remove unit_dir with everything in it.  0 or -1. */
int unit_rmdir(void);
/* A group teardown that only removes unit_dir. */
int unit_teardown(void **state);
/* "unit_dir/name" (static buffer). */
const char *unit_path(const char *name);

/* s with every ' turned into " (static buffer of 8 KiB). */
const char *unit_q(const char *s);
/* The JSON value of text written with ' for ".  New reference. */
json_t *unit_json(const char *text);

/* Write data to path, replacing what was there. */
void unit_put(const char *path, const char *data);
/* The whole of path, NUL-terminated.  Caller frees. */
char *unit_slurp(const char *path);
/* The file at path must hold exactly want. */
void unit_file_is(const char *path, const char *want);

/* Write the lines (' for "), each ended by '\n', to unit_dir/name;
 * its path (as unit_path). */
const char *unit_journal(const char *name, const char *const *lines,
    size_t n);
#define UNIT_NLINES(lines) (sizeof(lines) / sizeof(*(lines)))
#define UNIT_JOURNAL(name, lines) unit_journal(name, lines, \
	UNIT_NLINES(lines))
/* wl_journal_load of the one file path; d may be NULL. */
struct wl_journal *unit_load(const char *path, struct wl_diag *d);
/* unit_journal, then unit_load: not a word of error or warning. */
struct wl_journal *unit_load_lines(const char *name,
    const char *const *lines, size_t n);
#define UNIT_LOAD(name, lines) unit_load_lines(name, lines, \
	UNIT_NLINES(lines))

/* Journal lines to try a line reader on. */
typedef void unit_line_fn(const char *line, size_t len);
/* $WL_TEST_STRIDE, 1 when unset: make memcheck sets it, so that under
 * valgrind the mutations below are a sample (every Nth one), not all. */
size_t unit_stride(void);
/* fn on the line, then on each one-byte change of it (every byte
 * replaced by each of a set of troublesome ones, or deleted), or on
 * every unit_stride()-th change. */
void unit_mutations(const char *line, size_t len, unit_line_fn *fn);
/* fn on every line of share/examples/ and tests/fuzz/corpus/ (under
 * $WL_SRC), and on the mutations of the first mutate of each file. */
void unit_corpus(unit_line_fn *fn, size_t mutate);

/* What a diag sink was told: the first UNIT_SEEN messages, formatted
 * by wl_error_format, and how many there were. */
#define UNIT_SEEN 16
struct unit_seen {
	int n;
	enum wl_severity sev[UNIT_SEEN];
	int code[UNIT_SEEN];
	char text[UNIT_SEEN][1200];
};
wl_diag_fn unit_collect;
/* A struct wl_diag that collects into the struct unit_seen *seen. */
#define UNIT_DIAG(seen) { unit_collect, (seen), 0, 0 }
/* Message i of s must be want, after "FILE:" when file is not NULL,
 * with severity sev. */
void unit_said(const struct unit_seen *s, int i, enum wl_severity sev,
    const char *file, const char *want);
/* How many of the messages kept in s have severity sev. */
int unit_count(const struct unit_seen *s, enum wl_severity sev);

/* Output captured in memory. */
struct unit_cap {
	char *buf;
	size_t len;
	FILE *fp;
};

/* Start capturing into c; the stream to write to. */
FILE *unit_cap_open(struct unit_cap *c);
/* Stop capturing: what was written, NUL-terminated.  Caller frees. */
char *unit_cap_take(struct unit_cap *c);
/* Stop capturing: what was written must be exactly want. */
void unit_cap_is(struct unit_cap *c, const char *want);

/* The stop words of share/stopwords/nl; NULL (said on stderr) when
 * WL_DATADIR does not lead to them. */
struct wl_stopwords *unit_stopwords(void);

/*
 * Make the n-th allocation of jansson from now fail (0: none), and
 * count them: for a loop over every allocation of a call, until n is
 * past the last (unit_json_calls() < n).  Not for two threads.
 */
void unit_json_fail(long n);
long unit_json_calls(void);

#endif
