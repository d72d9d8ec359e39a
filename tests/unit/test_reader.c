/*
 * test_reader.c - the one line reader: complete lines of a file or of
 * standard input, read as they come or all at hand (mapped or read
 * whole), the same lines and the same problems either way; parts,
 * rewinds, seeks, raw lines
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "reader.h"

/* Every test runs once as a stream and once with every byte at hand. */
static int mode;

static struct wl_reader *
open_it(const char *path, struct wl_error *e)
{
	return wl_reader_open(path, mode, e);
}

static int
setup(void **state)
{
	(void)state;
	return unit_mkdir("reader");
}

/* Write n bytes to unit_dir/name; return the path (static). */
static const char *
put(const char *name, const char *data, size_t n)
{
	const char *path = unit_path(name);
	FILE *fp;

	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* The next line must be want at lineno. */
static void
next_is(struct wl_reader *r, struct wl_diag *d, const char *want,
    long lineno)
{
	struct wl_line l;
	struct wl_error e;

	assert_int_equal(wl_reader_next(r, &l, d, &e), 1);
	assert_int_equal(l.len, strlen(want));
	assert_memory_equal(l.p, want, l.len);
	assert_int_equal(l.no, lineno);
}

static void
at_end(struct wl_reader *r, struct wl_diag *d)
{
	struct wl_line l;
	struct wl_error e;

	assert_int_equal(wl_reader_next(r, &l, d, &e), 0);
	assert_int_equal(wl_reader_next(r, &l, d, &e), 0);
}

static void
lines_and_numbers(void **state)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *p = put("a.jsonl", "a\nbb\n ccc \n", 11);
	struct wl_error e;
	struct wl_reader *r;

	(void)state;
	r = open_it(p, &e);
	assert_non_null(r);
	assert_string_equal(wl_reader_name(r), p);
	next_is(r, &d, "a", 1);
	next_is(r, &d, "bb", 2);
	next_is(r, &d, " ccc ", 3);
	at_end(r, &d);
	assert_int_equal(s.n, 0);
	wl_reader_free(r);
	wl_reader_free(NULL);

	/* An empty file has no lines and says nothing. */
	r = open_it(put("empty", "", 0), &e);
	assert_non_null(r);
	at_end(r, &d);
	assert_int_equal(s.n, 0);
	wl_reader_free(r);
}

static void
blank_lines_warned(void **state)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *p = put("b.jsonl", "a\n\nb\n\n", 6);
	struct wl_reader *r = open_it(p, NULL);
	char want[256];

	(void)state;
	assert_non_null(r);
	next_is(r, &d, "a", 1);
	next_is(r, &d, "b", 3);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.sev[0], WL_WARNING);
	snprintf(want, sizeof(want), "%s:2: blank line skipped "
	    "('wl-report check --repair' drops it)", p);
	assert_string_equal(s.text[0], want);
	at_end(r, &d);
	assert_int_equal(s.n, 2);
	snprintf(want, sizeof(want), "%s:4: blank line skipped "
	    "('wl-report check --repair' drops it)", p);
	assert_string_equal(s.text[1], want);
	assert_int_equal(d.nwarnings, 2);
	assert_int_equal(d.nerrors, 0);
	wl_reader_free(r);
}

static void
torn_last_line(void **state)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *p = put("t.jsonl", "one\ntwo\n{\"id\":\"01", 18);
	struct wl_reader *r = open_it(p, NULL);
	char want[256];

	(void)state;
	assert_non_null(r);
	next_is(r, &d, "one", 1);
	next_is(r, &d, "two", 2);
	assert_int_equal(s.n, 0);
	at_end(r, &d);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.sev[0], WL_WARNING);
	snprintf(want, sizeof(want), "%s:3: last line is incomplete (10 bytes "
	    "with no newline at the end, as a crashed writer leaves them): "
	    "skipped; 'wl-report check --repair' moves them aside", p);
	assert_string_equal(s.text[0], want);
	wl_reader_free(r);

	/* Strict: the same is an error. */
	memset(&s, 0, sizeof(s));
	d.nwarnings = d.nerrors = 0;
	r = wl_reader_open(p, mode | WL_READ_STRICT, NULL);
	assert_non_null(r);
	next_is(r, &d, "one", 1);
	next_is(r, &d, "two", 2);
	at_end(r, &d);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.sev[0], WL_ERROR);
	assert_int_equal(d.nerrors, 1);
	snprintf(want, sizeof(want), "%s:3: last line has no newline at the "
	    "end", p);
	assert_string_equal(s.text[0], want);
	wl_reader_free(r);
}

/* "first\n", n bytes of 'x' and "\n" (if nl), then "ok\n" (if tail). */
static const char *
long_file(size_t n, int nl, int tail)
{
	size_t size = 6 + n + 4;
	char *buf = malloc(size), *p = buf;
	const char *path;

	assert_non_null(buf);
	p += sprintf(p, "first\n");
	memset(p, 'x', n);
	p += n;
	if (nl)
		*p++ = '\n';
	if (tail) {
		memcpy(p, "ok\n", 3);
		p += 3;
	}
	path = put("long.jsonl", buf, (size_t)(p - buf));
	free(buf);
	return path;
}

/* Read long_file(n, 1, 1): line 2 ends the reading, -1 with the
 * error in err, and again when asked again; "ok" at 3 is never read. */
static void
too_long(size_t n)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *p = long_file(n, 1, 1);
	struct wl_reader *r = open_it(p, NULL);
	struct wl_line l;
	struct wl_error e;
	char want[256], got[512];

	assert_non_null(r);
	next_is(r, &d, "first", 1);
	snprintf(want, sizeof(want), "%s:2: line longer than 1048576 bytes "
	    "(the most a journal line may hold; 'wl-report check --repair' "
	    "moves it aside)", p);
	for (int k = 0; k < 2; k++) {
		memset(&e, 0, sizeof(e));
		assert_int_equal(wl_reader_next(r, &l, &d, &e), -1);
		assert_int_equal(e.code, WL_P_LONG);
		wl_error_format(&e, got, sizeof(got));
		assert_string_equal(got, want);
	}
	assert_int_equal(s.n, 0);
	/* A rewound whole reader meets it again. */
	if (mode & WL_READ_WHOLE) {
		wl_reader_rewind(r);
		next_is(r, &d, "first", 1);
		assert_int_equal(wl_reader_next(r, &l, &d, &e), -1);
		assert_int_equal(e.line, 2);
	}
	wl_reader_free(r);
}

static void
over_long_lines(void **state)
{
	(void)state;
	too_long(WL_LINE_MAX + 1);
	too_long(WL_LINE_MAX + 4096);
	too_long(3 * WL_LINE_MAX + 17);
}

static void
longest_line_read(void **state)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_reader *r = open_it(long_file(WL_LINE_MAX, 1, 1),
	    NULL);
	struct wl_line l;
	struct wl_error e;

	(void)state;
	assert_non_null(r);
	next_is(r, &d, "first", 1);
	assert_int_equal(wl_reader_next(r, &l, &d, &e), 1);
	assert_int_equal(l.len, WL_LINE_MAX);
	assert_int_equal(l.no, 2);
	assert_true(l.p[0] == 'x' && l.p[l.len - 1] == 'x');
	next_is(r, &d, "ok", 3);
	at_end(r, &d);
	assert_int_equal(s.n, 0);
	wl_reader_free(r);
}

static void
over_long_last_line(void **state)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_reader *r;
	struct wl_line l;
	struct wl_error e;

	(void)state;
	/* No newline after it: the error, no torn-line warning. */
	r = open_it(long_file(2 * WL_LINE_MAX, 0, 0), NULL);
	assert_non_null(r);
	next_is(r, &d, "first", 1);
	assert_int_equal(wl_reader_next(r, &l, &d, &e), -1);
	assert_int_equal(e.code, WL_P_LONG);
	assert_int_equal(e.line, 2);
	assert_int_equal(s.n, 0);
	wl_reader_free(r);
}

static void
open_refused(void **state)
{
	const char *path = unit_path("missing.jsonl");
	struct wl_error e;

	(void)state;
	assert_null(open_it(unit_dir, &e));
	assert_string_equal(e.file, unit_dir);
	assert_string_equal(e.msg, "is a directory, not a journal");
	assert_null(open_it(path, &e));
	assert_string_equal(e.file, path);
	assert_string_equal(e.msg, "cannot open: No such file or directory");
	assert_null(open_it(path, NULL));
}

/* Line i of the big file: its number and a run of one letter. */
static size_t
big_line(char *buf, size_t i)
{
	size_t n = (size_t)sprintf(buf, "%06zu:", i), k = (i * 37) % 211;

	memset(buf + n, 'a' + (int)(i % 26), k);
	return n + k;
}

static void
big_file_across_chunks(void **state)
{
	enum { LINES = 20000 };
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	size_t cap = (size_t)LINES * 220, o = 0;
	char *buf = malloc(cap), want[256];
	struct wl_reader *r;
	struct wl_error e;
	struct wl_line l;

	(void)state;
	assert_non_null(buf);
	for (size_t i = 1; i <= LINES; i++) {
		o += big_line(buf + o, i);
		buf[o++] = '\n';
	}
	assert_true(o > 4 * 256 * 1024);
	r = open_it(put("big.jsonl", buf, o), &e);
	free(buf);
	assert_non_null(r);
	for (size_t i = 1; i <= LINES; i++) {
		size_t n = big_line(want, i);

		assert_int_equal(wl_reader_next(r, &l, &d, &e), 1);
		assert_int_equal(l.no, (long)i);
		assert_int_equal(l.len, n);
		assert_memory_equal(l.p, want, n);
	}
	at_end(r, &d);
	assert_int_equal(s.n, 0);
	wl_reader_free(r);
}

static void
standard_input(void **state)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *p = put("in.jsonl", "x\n\ny\n", 5);
	int saved = dup(STDIN_FILENO), fd = open(p, O_RDONLY);
	struct wl_reader *r;

	(void)state;
	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	r = open_it("-", NULL);
	assert_non_null(r);
	assert_string_equal(wl_reader_name(r), "<stdin>");
	next_is(r, &d, "x", 1);
	next_is(r, &d, "y", 3);
	at_end(r, &d);
	assert_string_equal(s.text[0], "<stdin>:2: blank line skipped "
	    "('wl-report check --repair' drops it)");
	wl_reader_free(r);
	/* Freeing the reader leaves standard input open. */
	assert_int_equal(fcntl(STDIN_FILENO, F_GETFD), 0);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
}

/* Problems carry their codes (rules.h): a reader of the loader's sort
 * tells them apart without reading the words. */
static void
codes(void **state)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *p = put("c.jsonl", "a\n\nb\n{", 7);
	struct wl_reader *r = open_it(p, NULL);

	(void)state;
	next_is(r, &d, "a", 1);
	next_is(r, &d, "b", 3);
	at_end(r, &d);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.code[0], WL_P_BLANK);
	assert_int_equal(s.code[1], WL_P_TORN);
	wl_reader_free(r);
}

/* All at hand: the bytes, rewinds, offsets, the torn tail, parts that
 * share the bytes, and seeks. */
static void
whole_passes(void **state)
{
	const char *text = "one\n\ntwo\nthree\nfo";
	const char *p = put("w.jsonl", text, strlen(text));
	struct wl_reader *r = wl_reader_open(p, WL_READ_WHOLE, NULL), *part;
	struct wl_line l;
	const char *data;
	size_t len;

	(void)state;
	assert_non_null(r);
	assert_int_equal(wl_reader_mapped(r), 1);
	/* The bytes readers read: the torn tail lies past them. */
	data = wl_reader_bytes(r, &len);
	assert_int_equal(len, strlen(text) - 2);
	assert_memory_equal(data, text, len);
	assert_int_equal(wl_reader_torn(r), 2);
	for (int pass = 0; pass < 2; pass++) {
		next_is(r, NULL, "one", 1);
		assert_int_equal(wl_reader_next(r, &l, NULL, NULL), 1);
		assert_int_equal(l.no, 3);
		assert_int_equal(l.off, 5);
		next_is(r, NULL, "three", 4);
		at_end(r, NULL);
		wl_reader_rewind(r);
	}
	assert_int_equal(wl_reader_seek(r, 9, 4, NULL), 0);
	next_is(r, NULL, "three", 4);
	/* A part: lines 3 and 4 alone, numbered from 1, offsets r's. */
	part = wl_reader_part(r, 5, 15);
	assert_non_null(part);
	assert_int_equal(wl_reader_next(part, &l, NULL, NULL), 1);
	assert_int_equal(l.off, 5);
	assert_int_equal(l.no, 1);
	next_is(part, NULL, "three", 2);
	at_end(part, NULL);
	wl_reader_free(part);
	wl_reader_free(r);

	/* Raw: blank lines too, nothing said, the torn tail left. */
	r = wl_reader_open(p, WL_READ_WHOLE | WL_READ_RAW, NULL);
	next_is(r, NULL, "one", 1);
	next_is(r, NULL, "", 2);
	next_is(r, NULL, "two", 3);
	next_is(r, NULL, "three", 4);
	at_end(r, NULL);
	wl_reader_free(r);

	/* Standard input is read whole, and is no map. */
	{
		int saved = dup(STDIN_FILENO), fd = open(p, O_RDONLY);

		assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
		close(fd);
		r = wl_reader_open("-", WL_READ_WHOLE, NULL);
		assert_non_null(r);
		assert_int_equal(wl_reader_mapped(r), 0);
		assert_int_equal(wl_reader_torn(r), 2);
		next_is(r, NULL, "one", 1);
		wl_reader_free(r);
		assert_null(wl_reader_open("-", WL_READ_MAPPED, NULL));
		assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
		close(saved);
	}
}

/* A map is taken under a shared lock: while a writer holds the
 * journal, a whole reader reads it instead, and a map-or-nothing one
 * gets nothing; under the caller's own lock, it maps. */
static void
maps_under_a_lock(void **state)
{
	const char *p = put("l.jsonl", "a\nb\n", 4);
	int fd = open(p, O_RDONLY);
	struct wl_reader *r;

	(void)state;
	assert_int_equal(flock(fd, LOCK_EX), 0);
	r = wl_reader_open(p, WL_READ_WHOLE, NULL);
	assert_non_null(r);
	assert_int_equal(wl_reader_mapped(r), 0);
	next_is(r, NULL, "a", 1);
	wl_reader_free(r);
	assert_null(wl_reader_open(p, WL_READ_MAPPED, NULL));
	r = wl_reader_open(p, WL_READ_MAPPED | WL_READ_LOCKED, NULL);
	assert_non_null(r);
	assert_int_equal(wl_reader_mapped(r), 1);
	wl_reader_free(r);
	close(fd);
	/* A stream seeks before its first line. */
	r = wl_reader_open(p, 0, NULL);
	assert_int_equal(wl_reader_seek(r, 2, 2, NULL), 0);
	next_is(r, NULL, "b", 2);
	assert_int_equal(wl_reader_seek(r, 0, 1, NULL), -1);
	wl_reader_free(r);
}

static int
as_stream(void **state)
{
	(void)state;
	mode = 0;
	return 0;
}

static int
as_whole(void **state)
{
	(void)state;
	mode = WL_READ_WHOLE;
	return 0;
}

#define BOTH(t) cmocka_unit_test_setup(t, as_stream), \
	cmocka_unit_test_setup(t, as_whole)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(lines_and_numbers),
		BOTH(blank_lines_warned),
		BOTH(torn_last_line),
		BOTH(over_long_lines),
		BOTH(longest_line_read),
		BOTH(over_long_last_line),
		BOTH(open_refused),
		BOTH(big_file_across_chunks),
		BOTH(standard_input),
		BOTH(codes),
		cmocka_unit_test(whole_passes),
		cmocka_unit_test(maps_under_a_lock),
	};

	return cmocka_run_group_tests(tests, setup, unit_teardown);
}
