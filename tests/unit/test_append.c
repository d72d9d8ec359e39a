/*
 * test_append.c - the durable append: lock, one write per record,
 * fsync, torn tails, and a journal left as it was on any failure
 *
 * Linked with -Wl,--wrap=write -Wl,--wrap=fsync (see the Makefile), so
 * the library's write(2) and fsync(2) come here first and can fail.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "rules.h"

#define STAMP "20260614T093000Z"
#define S1 "5e55100000000000"
#define L_S1 "{\"id\":\"" S1 "\",\"type\":\"session\",\"at\":\"" AT "\"," \
	"\"municipality\":\"Roermond\",\"date\":\"2026-06-14\"}\n"

ssize_t __real_write(int, const void *, size_t);
ssize_t __wrap_write(int, const void *, size_t);
int __real_fsync(int);
int __wrap_fsync(int);

/* The fault plan: the n-th call from the last reset fails (0: none). */
/* wl_writer_append of the records' canonical lines. */
static int
append(struct wl_writer *w, json_t *const *recs, size_t n,
    struct wl_diag *d, struct wl_error *e)
{
	char **lines = calloc(n + 1, sizeof(*lines));
	int rc;

	assert_non_null(lines);
	for (size_t i = 0; i < n; i++)
		assert_non_null(lines[i] = wl_line_encode(recs[i], NULL));
	rc = wl_writer_append(w, lines, n, d, e);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return rc;
}

static struct {
	int write_at, write_short, write_errno;
	int fsync_at, fsync_errno;
	int writes, fsyncs;
} fault;

static void
fault_reset(void)
{
	memset(&fault, 0, sizeof(fault));
}

ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
	if (++fault.writes == fault.write_at) {
		if (fault.write_short)
			return __real_write(fd, buf, n / 2);
		errno = fault.write_errno;
		return -1;
	}
	return __real_write(fd, buf, n);
}

int
__wrap_fsync(int fd)
{
	if (++fault.fsyncs == fault.fsync_at) {
		errno = fault.fsync_errno;
		return -1;
	}
	return __real_fsync(fd);
}

static int
setup(void **state)
{
	(void)state;
	setenv("WL_NOW", AT, 1);
	umask(022);
	return unit_mkdir("append");
}

/* A note with fixed id "...n", keys out of order. */
static json_t *
note(int n, const char *text)
{
	char id[WL_ID_LEN + 1];

	snprintf(id, sizeof(id), "a0be%012d", n);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "text", text,
	    "kind", "do", "session", S1, "at", AT, "type", "note", "id", id);
}

/* The canonical line of note(n, text), in a static buffer. */
static const char *
note_line(int n, const char *text)
{
	static char buf[4][256];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, sizeof(buf[0]), "{\"id\":\"a0be%012d\",\"type\":\"note\","
	    "\"at\":\"" AT "\",\"session\":\"" S1 "\",\"kind\":\"do\","
	    "\"text\":\"%s\"}\n", n, text);
	return p;
}

/* The file is want with groups group headers among its lines (each
 * the header of the records after it, wl_rule_group). */
static void
grouped_is(const char *path, const char *want, int groups)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *got = calloc(1, 1 << 16);
	size_t cap = 0, o = 0, n;
	ssize_t len;
	int seen = 0;

	assert_non_null(fp);
	assert_non_null(got);
	while ((len = getline(&line, &cap, fp)) > 0) {
		if (line[len - 1] == '\n' &&
		    wl_rule_group(line, (size_t)len - 1, &n, NULL)) {
			seen++;
			continue;
		}
		assert_true(o + (size_t)len < (1 << 16));
		memcpy(got + o, line, (size_t)len);
		o += (size_t)len;
	}
	fclose(fp);
	free(line);
	assert_string_equal(got, want);
	assert_int_equal(seen, groups);
	free(got);
}

static void
appends_canonically(void **state)
{
	const char *path = unit_path("new.jsonl");
	json_t *recs[2] = { note(1, "Samen koffie \xc3\xa9\xc3\xa9n"),
		note(2, "Niet wachten") };
	char want[1024];
	struct wl_writer *w;
	struct wl_error e;
	struct stat st;

	(void)state;
	w = wl_writer_open(path, 1, &e);
	assert_non_null(w);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	fault_reset();
	assert_int_equal(append(w, recs, 2, NULL, &e), 0);
	/* One write per record, one for the group's header and one for
	 * its last '\n'; fsync of the file and, new, its directory. */
	assert_int_equal(fault.writes, 4);
	assert_int_equal(fault.fsyncs, 2);
	wl_writer_close(w);
	snprintf(want, sizeof(want), "%s%s",
	    note_line(1, "Samen koffie \xc3\xa9\xc3\xa9n"),
	    note_line(2, "Niet wachten"));
	grouped_is(path, want, 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	/* Again, without create: appended after, one fsync. */
	w = wl_writer_open(path, 0, &e);
	assert_non_null(w);
	fault_reset();
	assert_int_equal(append(w, recs, 1, NULL, &e), 0);
	assert_int_equal(fault.writes, 1);
	assert_int_equal(fault.fsyncs, 1);
	wl_writer_close(w);
	strcat(want, note_line(1, "Samen koffie \xc3\xa9\xc3\xa9n"));
	grouped_is(path, want, 1);
	json_decref(recs[0]);
	json_decref(recs[1]);
}

/* The same batch again (ids and times aside) is found, not written. */
static void
batch_rerun(void **state)
{
	const char *path = unit_path("rerun.jsonl");
	json_t *recs[2] = { note(1, "een"), note(2, "twee") },
	    *again[2] = { note(7, "een"), note(8, "twee") },
	    *other[2] = { note(9, "een"), note(10, "drie") };
	char *lines[3] = { NULL, NULL, NULL }, want[1024];
	struct wl_writer *w;
	struct wl_error e;

	(void)state;
	unit_put(path, L_S1);
	w = wl_writer_open(path, 0, &e);
	assert_non_null(w);
	assert_int_equal(append(w, recs, 2, NULL, &e), 0);
	for (int i = 0; i < 2; i++)
		assert_non_null(lines[i] = wl_line_encode(again[i], NULL));
	assert_int_equal(wl_writer_append(w, lines, 2, NULL, &e), 1);
	assert_string_equal(e.msg, "already recorded at " AT ": these 2 "
	    "records were written whole then (a run that printed no ids?); "
	    "not written again");
	/* The lines are the recorded ones now. */
	assert_string_equal(lines[0], note_line(1, "een"));
	assert_string_equal(lines[1], note_line(2, "twee"));
	snprintf(want, sizeof(want), "%s%s%s", L_S1, note_line(1, "een"),
	    note_line(2, "twee"));
	grouped_is(path, want, 1);
	/* Other records are another batch. */
	assert_int_equal(append(w, other, 2, NULL, &e), 0);
	strcat(want, note_line(9, "een"));
	strcat(want, note_line(10, "drie"));
	grouped_is(path, want, 2);
	wl_writer_close(w);
	for (int i = 0; i < 2; i++) {
		free(lines[i]);
		json_decref(recs[i]);
		json_decref(again[i]);
		json_decref(other[i]);
	}
}

/* A group cut short by a kill goes aside whole, header and all. */
static void
incomplete_group_rescued(void **state)
{
	const char *path = unit_path("group.jsonl");
	const char *torn = unit_path("group.jsonl.torn-" STAMP);
	static const char head[] = "{\"id\":\"0123456789abcdef\",\"type\":"
	    "\"group\",\"at\":\"" AT "\",\"n\":3,\"key\":\"0123456789abcdef\"}\n";
	json_t *rec = note(5, "daarna");
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	char frag[1024], want[2048];
	struct wl_writer *w;
	struct wl_error e;

	(void)state;
	/* Header, one whole record, and the next without its '\n'. */
	snprintf(frag, sizeof(frag), "%s%s%s", head, note_line(1, "een"),
	    note_line(2, "twee"));
	frag[strlen(frag) - 1] = '\0';
	snprintf(want, sizeof(want), "%s%s", L_S1, frag);
	unit_put(path, want);
	w = wl_writer_open(path, 0, &e);
	assert_non_null(w);
	assert_int_equal(append(w, &rec, 1, &d, &e), 0);
	wl_writer_close(w);
	snprintf(want, sizeof(want), "%s%s", L_S1, note_line(5, "daarna"));
	unit_file_is(path, want);
	unit_file_is(torn, frag);
	assert_int_equal(s.n, 1);
	snprintf(want, sizeof(want), "%s: the last 3 lines were a batch not "
	    "written whole (a writer was interrupted): their %zu bytes were "
	    "moved to %s", path, strlen(frag), torn);
	assert_string_equal(s.text[0], want);
	json_decref(rec);
}

static void
open_refused(void **state)
{
	const char *path = unit_path("missing.jsonl");
	const char *ro = unit_path("ro.jsonl");
	struct wl_error e;
	struct stat st;

	(void)state;
	assert_null(wl_writer_open(path, 0, &e));
	assert_string_equal(e.file, path);
	assert_string_equal(e.msg, "no such journal; start one with "
	    "'wl-session new', or name one with -f or WL_JOURNAL");
	assert_int_equal(stat(path, &st), -1);

	unit_put(ro, L_S1);
	assert_int_equal(chmod(ro, 0444), 0);
	assert_null(wl_writer_open(ro, 0, &e));
	assert_string_equal(e.file, ro);
	/* root may open it, but the library still refuses. */
	assert_string_equal(e.msg, geteuid() == 0 ?
	    "journal is read-only (its mode has no write bit)" :
	    "cannot open for writing: Permission denied");
	assert_null(wl_writer_open(ro, 1, &e));
	unit_file_is(ro, L_S1);

	assert_null(wl_writer_open(unit_dir, 0, &e));
	assert_string_equal(e.msg, "is a directory, not a journal");
	assert_null(wl_writer_open(unit_dir, 1, &e));
	assert_string_equal(e.msg, "is a directory, not a journal");
	assert_null(wl_writer_open("-", 1, &e));
	assert_string_equal(e.msg, "cannot write to standard input: name a "
	    "journal with -f");
	assert_null(wl_writer_open(unit_path("no/such/dir.jsonl"), 1, &e));
	assert_string_equal(e.msg, "cannot open for writing: No such file "
	    "or directory");
}

static void
torn_tail_rescued(void **state)
{
	const char *path = unit_path("torn.jsonl");
	const char *torn = unit_path("torn.jsonl.torn-" STAMP);
	const char *torn1 = unit_path("torn.jsonl.torn-" STAMP "-1");
	json_t *rec = note(3, "na de crash");
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_journal *j;
	struct wl_writer *w;
	struct wl_error e;
	char want[1024];
	struct stat st;

	(void)state;
	unit_put(path, L_S1 "{\"id\":\"a0be0000");
	w = wl_writer_open(path, 0, &e);
	assert_non_null(w);
	assert_int_equal(append(w, &rec, 1, &d, &e), 0);
	wl_writer_close(w);
	/* Nothing glued onto the fragment. */
	snprintf(want, sizeof(want), "%s%s", L_S1, note_line(3,
	    "na de crash"));
	unit_file_is(path, want);
	unit_file_is(torn, "{\"id\":\"a0be0000");
	assert_int_equal(stat(torn, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.sev[0], WL_WARNING);
	snprintf(want, sizeof(want), "%s: the last line was incomplete (a "
	    "writer was interrupted): its 15 bytes were moved to %s", path,
	    torn);
	assert_string_equal(s.text[0], want);

	/* A second one, same second: a name of its own. */
	unit_put(path, "{\"id\"");
	w = wl_writer_open(path, 0, &e);
	assert_non_null(w);
	assert_int_equal(append(w, &rec, 1, &d, &e), 0);
	wl_writer_close(w);
	unit_file_is(path, note_line(3, "na de crash"));
	unit_file_is(torn1, "{\"id\"");
	unit_file_is(torn, "{\"id\":\"a0be0000");
	assert_int_equal(s.n, 2);

	/* What is left reads clean. */
	unit_put(path, L_S1 "{");
	w = wl_writer_open(path, 0, &e);
	assert_non_null(w);
	assert_int_equal(append(w, &rec, 1, NULL, &e), 0);
	wl_writer_close(w);
	memset(&d, 0, sizeof(d));
	j = wl_journal_load(&path, 1, &d, &e);
	assert_non_null(j);
	assert_int_equal(d.nerrors + d.nwarnings, 0);
	assert_int_equal(wl_journal_count(j), 2);
	wl_journal_free(j);
	json_decref(rec);
}

static void
close_removes_unused_new_journal(void **state)
{
	const char *path = unit_path("unused.jsonl");
	const char *old = unit_path("old-empty.jsonl");
	struct wl_writer *w;
	struct stat st;

	(void)state;
	w = wl_writer_open(path, 1, NULL);
	assert_non_null(w);
	assert_int_equal(stat(path, &st), 0);
	wl_writer_close(w);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
	/* An empty journal it did not make stays. */
	unit_put(old, "");
	w = wl_writer_open(old, 1, NULL);
	assert_non_null(w);
	wl_writer_close(w);
	assert_int_equal(stat(old, &st), 0);
	wl_writer_close(NULL);
}

/* Append 3 notes to a journal holding L_S1 with the fault planned. */
static void
fails_cleanly(const char *name, const char *msg)
{
	const char *path = unit_path(name);
	json_t *recs[3] = { note(4, "een"), note(5, "twee"),
		note(6, "drie") };
	struct wl_writer *w;
	struct wl_error e;
	char want[1024];
	int plan_w = fault.write_at, plan_s = fault.write_short;
	int plan_we = fault.write_errno, plan_f = fault.fsync_at;
	int plan_fe = fault.fsync_errno;

	unit_put(path, L_S1);
	w = wl_writer_open(path, 0, &e);
	assert_non_null(w);
	fault_reset();
	fault.write_at = plan_w;
	fault.write_short = plan_s;
	fault.write_errno = plan_we;
	fault.fsync_at = plan_f;
	fault.fsync_errno = plan_fe;
	memset(&e, 0, sizeof(e));
	assert_int_equal(append(w, recs, 3, NULL, &e), -1);
	assert_string_equal(e.file, path);
	assert_string_equal(e.msg, msg);
	/* The journal is as it was, byte for byte. */
	unit_file_is(path, L_S1);
	/* The writer (and its lock) can go on. */
	fault_reset();
	assert_int_equal(append(w, recs, 3, NULL, &e), 0);
	wl_writer_close(w);
	snprintf(want, sizeof(want), "%s%s%s%s", L_S1, note_line(4, "een"),
	    note_line(5, "twee"), note_line(6, "drie"));
	grouped_is(path, want, 1);
	for (int i = 0; i < 3; i++)
		json_decref(recs[i]);
}

static void
failed_write(void **state)
{
	(void)state;
	fault_reset();
	fault.write_at = 2;
	fault.write_errno = ENOSPC;
	fails_cleanly("full.jsonl", "cannot write: No space left on device");
	fault_reset();
	fault.write_at = 1;
	fault.write_errno = EIO;
	fails_cleanly("eio.jsonl", "cannot write: Input/output error");
}

static void
short_write(void **state)
{
	(void)state;
	fault_reset();
	fault.write_at = 3;
	fault.write_short = 1;
	fails_cleanly("short.jsonl", "cannot write: No space left on device");
	fault_reset();
	fault.write_at = 1;
	fault.write_short = 1;
	fails_cleanly("short1.jsonl",
	    "cannot write: No space left on device");
}

static void
failed_fsync(void **state)
{
	(void)state;
	fault_reset();
	fault.fsync_at = 1;
	fault.fsync_errno = EIO;
	fails_cleanly("fsync.jsonl", "cannot sync to disk: Input/output "
	    "error");
}

static void
failed_directory_fsync(void **state)
{
	const char *path = unit_path("dirsync.jsonl");
	json_t *rec = note(7, "x");
	struct wl_writer *w;
	struct wl_error e;
	struct stat st;

	(void)state;
	w = wl_writer_open(path, 1, &e);
	assert_non_null(w);
	fault_reset();
	/* The file's fsync passes, its directory's does not. */
	fault.fsync_at = 2;
	fault.fsync_errno = EIO;
	assert_int_equal(append(w, &rec, 1, NULL, &e), -1);
	assert_string_equal(e.msg, "cannot sync its directory: Input/output "
	    "error");
	unit_file_is(path, "");
	wl_writer_close(w);
	/* Nothing was appended to the journal it made: gone again. */
	assert_int_equal(stat(path, &st), -1);
	json_decref(rec);
	fault_reset();
}

static void
record_too_long(void **state)
{
	const char *path = unit_path("long.jsonl");
	char *text = malloc(WL_LINE_MAX + 1);
	struct wl_writer *w;
	struct wl_error e;
	json_t *recs[2];
	char want[128];

	(void)state;
	assert_non_null(text);
	memset(text, 'x', WL_LINE_MAX);
	text[WL_LINE_MAX] = '\0';
	recs[0] = note(8, "fits");
	recs[1] = note(9, text);
	free(text);
	unit_put(path, L_S1);
	w = wl_writer_open(path, 0, &e);
	assert_non_null(w);
	fault_reset();
	assert_int_equal(append(w, recs, 2, NULL, &e), -1);
	/* Refused before anything is written: all or none. */
	assert_int_equal(fault.writes, 0);
	snprintf(want, sizeof(want), "a record of %zu bytes is too long: a "
	    "journal line holds at most %d", strlen(note_line(9, "")) - 1 +
	    WL_LINE_MAX, WL_LINE_MAX);
	assert_string_equal(e.msg, want);
	wl_writer_close(w);
	unit_file_is(path, L_S1);
	json_decref(recs[0]);
	json_decref(recs[1]);
}

static void
concurrent_writers(void **state)
{
	enum { KIDS = 4, EACH = 25 };
	const char *path = unit_path("busy.jsonl");
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_journal *j;
	pid_t pids[KIDS];

	(void)state;
	unit_put(path, L_S1);
	for (int k = 0; k < KIDS; k++) {
		pids[k] = fork();
		assert_true(pids[k] >= 0);
		if (pids[k] > 0)
			continue;
		for (int i = 0; i < EACH; i++) {
			struct wl_writer *w = wl_writer_open(path, 0, NULL);
			json_t *r = wl_draft_new(WL_NOTE, NULL);
			int rc;

			if (w == NULL || r == NULL)
				_exit(1);
			json_object_set_new(r, "session", json_string(S1));
			json_object_set_new(r, "kind", json_string("idea"));
			json_object_set_new(r, "text", json_string("writer"));
			rc = append(w, &r, 1, NULL, NULL);
			wl_writer_close(w);
			json_decref(r);
			if (rc < 0)
				_exit(1);
		}
		_exit(0);
	}
	for (int k = 0; k < KIDS; k++) {
		int status;

		assert_int_equal(waitpid(pids[k], &status, 0), pids[k]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	j = wl_journal_load(&path, 1, &d, NULL);
	assert_non_null(j);
	assert_int_equal(d.nerrors + d.nwarnings, 0);
	assert_int_equal(wl_journal_count(j), 1 + KIDS * EACH);
	wl_journal_free(j);
}

#define NEW "{\"id\":\"5e55100000000000\",\"type\":\"session\"}\n"

/*
 * A rewrite through a symbolic link rewrites the file the link names,
 * and the link stays; the mode stays; a second hard link is refused
 * (at open with WL_W_REWRITE, and by the rewrite itself) with nothing
 * written; in place, every name holds the new bytes, and a write that
 * fails puts the old ones back.
 */
static void
rewrite_keeps_the_file(void **state)
{
	char target[256], link_[256], other[256], dir[64], want[512];
	struct wl_writer *w;
	struct wl_error e;
	struct stat st, st2;
	ino_t ino;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", unit_path("files"));
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(target, sizeof(target), "%s/real.jsonl", dir);
	snprintf(link_, sizeof(link_), "%s", unit_path("link.jsonl"));
	snprintf(other, sizeof(other), "%s", unit_path("other.jsonl"));
	unit_put(target, L_S1);
	assert_int_equal(chmod(target, 0640), 0);
	assert_int_equal(symlink("files/real.jsonl", link_), 0);

	w = wl_writer_open(link_, WL_W_NOWAIT | WL_W_REWRITE, &e);
	assert_non_null(w);
	assert_int_equal(wl_writer_rewrite(w, NEW, strlen(NEW), &e), 0);
	wl_writer_close(w);
	assert_int_equal(lstat(link_, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	unit_file_is(target, NEW);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);

	/* A second name: refused, nothing written. */
	unit_put(target, L_S1);
	assert_int_equal(link(target, other), 0);
	assert_null(wl_writer_open(link_, WL_W_NOWAIT | WL_W_REWRITE, &e));
	snprintf(want, sizeof(want), "%s has 2 hard links: a rewrite would "
	    "leave the old contents under the other name; remove the other "
	    "link, or give --force", link_);
	assert_string_equal(e.msg, want);
	w = wl_writer_open(link_, WL_W_NOWAIT, &e);
	assert_non_null(w);
	assert_int_equal(wl_writer_rewrite(w, NEW, strlen(NEW), &e), -1);
	assert_string_equal(e.msg, want);
	wl_writer_close(w);
	unit_file_is(target, L_S1);
	unit_file_is(other, L_S1);

	/* In place: a failed write puts the old bytes back... */
	assert_int_equal(stat(target, &st), 0);
	ino = st.st_ino;
	w = wl_writer_open(link_, WL_W_NOWAIT | WL_W_REWRITE | WL_W_IN_PLACE,
	    &e);
	assert_non_null(w);
	fault_reset();
	fault.write_at = 1;
	fault.write_errno = ENOSPC;
	assert_int_equal(wl_writer_rewrite(w, NEW, strlen(NEW), &e), -1);
	assert_string_equal(e.msg, "cannot rewrite the journal in place: No "
	    "space left on device (it is unchanged)");
	fault_reset();
	unit_file_is(other, L_S1);
	/* ...and one that works reaches every name, the file the same. */
	assert_int_equal(wl_writer_rewrite(w, NEW, strlen(NEW), &e), 0);
	wl_writer_close(w);
	unit_file_is(target, NEW);
	unit_file_is(other, NEW);
	assert_int_equal(stat(other, &st2), 0);
	assert_true(st2.st_ino == ino && st2.st_nlink == 2);
	assert_int_equal(st2.st_mode & 07777, 0640);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appends_canonically),
		cmocka_unit_test(open_refused),
		cmocka_unit_test(torn_tail_rescued),
		cmocka_unit_test(batch_rerun),
		cmocka_unit_test(incomplete_group_rescued),
		cmocka_unit_test(close_removes_unused_new_journal),
		cmocka_unit_test(failed_write),
		cmocka_unit_test(short_write),
		cmocka_unit_test(failed_fsync),
		cmocka_unit_test(failed_directory_fsync),
		cmocka_unit_test(record_too_long),
		cmocka_unit_test(concurrent_writers),
		cmocka_unit_test(rewrite_keeps_the_file),
	};

	return cmocka_run_group_tests(tests, setup, unit_teardown);
}
