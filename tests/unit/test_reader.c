/* test_reader.c - complete lines of a journal file or standard input */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

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
	const char *line = NULL;
	struct wl_error e;
	size_t len = 0;
	long no = 0;

	assert_int_equal(wl_reader_next(r, &line, &len, &no, d, &e), 1);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(line, want, len);
	assert_int_equal(no, lineno);
}

static void
at_end(struct wl_reader *r, struct wl_diag *d)
{
	const char *line;
	struct wl_error e;
	size_t len;
	long no;

	assert_int_equal(wl_reader_next(r, &line, &len, &no, d, &e), 0);
	assert_int_equal(wl_reader_next(r, &line, &len, &no, d, &e), 0);
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
	r = wl_reader_open(p, &e);
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
	r = wl_reader_open(put("empty", "", 0), &e);
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
	struct wl_reader *r = wl_reader_open(p, NULL);
	char want[256];

	(void)state;
	assert_non_null(r);
	next_is(r, &d, "a", 1);
	next_is(r, &d, "b", 3);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.sev[0], WL_WARNING);
	snprintf(want, sizeof(want), "%s:2: blank line skipped", p);
	assert_string_equal(s.text[0], want);
	at_end(r, &d);
	assert_int_equal(s.n, 2);
	snprintf(want, sizeof(want), "%s:4: blank line skipped", p);
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
	struct wl_reader *r = wl_reader_open(p, NULL);
	char want[256];

	(void)state;
	assert_non_null(r);
	next_is(r, &d, "one", 1);
	next_is(r, &d, "two", 2);
	assert_int_equal(s.n, 0);
	at_end(r, &d);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.sev[0], WL_WARNING);
	snprintf(want, sizeof(want), "%s:3: last line is incomplete (no "
	    "newline at the end, as a crashed writer leaves it): skipped", p);
	assert_string_equal(s.text[0], want);
	wl_reader_free(r);

	/* Strict: the same is an error. */
	memset(&s, 0, sizeof(s));
	d.nwarnings = d.nerrors = 0;
	r = wl_reader_open(p, NULL);
	assert_non_null(r);
	wl_reader_strict(r);
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

/* Read long_file(n, 1, 1): one error for line 2, then "ok" at 3. */
static void
too_long(size_t n)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *p = long_file(n, 1, 1);
	struct wl_reader *r = wl_reader_open(p, NULL);
	char want[256];

	assert_non_null(r);
	next_is(r, &d, "first", 1);
	next_is(r, &d, "ok", 3);
	at_end(r, &d);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.sev[0], WL_ERROR);
	snprintf(want, sizeof(want), "%s:2: line longer than 1048576 bytes "
	    "(the most a journal line may hold)", p);
	assert_string_equal(s.text[0], want);
	assert_int_equal(d.nerrors, 1);
	assert_int_equal(d.nwarnings, 0);
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
	struct wl_reader *r = wl_reader_open(long_file(WL_LINE_MAX, 1, 1),
	    NULL);
	const char *line;
	struct wl_error e;
	size_t len;
	long no;

	(void)state;
	assert_non_null(r);
	next_is(r, &d, "first", 1);
	assert_int_equal(wl_reader_next(r, &line, &len, &no, &d, &e), 1);
	assert_int_equal(len, WL_LINE_MAX);
	assert_int_equal(no, 2);
	assert_true(line[0] == 'x' && line[len - 1] == 'x');
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

	(void)state;
	/* No newline after it: one error, no torn-line warning. */
	r = wl_reader_open(long_file(2 * WL_LINE_MAX, 0, 0), NULL);
	assert_non_null(r);
	next_is(r, &d, "first", 1);
	at_end(r, &d);
	assert_int_equal(s.n, 1);
	assert_int_equal(d.nerrors, 1);
	assert_int_equal(d.nwarnings, 0);
	wl_reader_free(r);
}

static void
open_refused(void **state)
{
	const char *path = unit_path("missing.jsonl");
	struct wl_error e;

	(void)state;
	assert_null(wl_reader_open(unit_dir, &e));
	assert_string_equal(e.file, unit_dir);
	assert_string_equal(e.msg, "is a directory, not a journal");
	assert_null(wl_reader_open(path, &e));
	assert_string_equal(e.file, path);
	assert_string_equal(e.msg, "cannot open: No such file or directory");
	assert_null(wl_reader_open(path, NULL));
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
	size_t cap = (size_t)LINES * 220, o = 0, len;
	char *buf = malloc(cap), want[256];
	const char *line;
	struct wl_reader *r;
	struct wl_error e;
	long no;

	(void)state;
	assert_non_null(buf);
	for (size_t i = 1; i <= LINES; i++) {
		o += big_line(buf + o, i);
		buf[o++] = '\n';
	}
	assert_true(o > 4 * 256 * 1024);
	r = wl_reader_open(put("big.jsonl", buf, o), &e);
	free(buf);
	assert_non_null(r);
	for (size_t i = 1; i <= LINES; i++) {
		size_t n = big_line(want, i);

		assert_int_equal(wl_reader_next(r, &line, &len, &no, &d, &e),
		    1);
		assert_int_equal(no, (long)i);
		assert_int_equal(len, n);
		assert_memory_equal(line, want, n);
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
	r = wl_reader_open("-", NULL);
	assert_non_null(r);
	assert_string_equal(wl_reader_name(r), "<stdin>");
	next_is(r, &d, "x", 1);
	next_is(r, &d, "y", 3);
	at_end(r, &d);
	assert_string_equal(s.text[0], "<stdin>:2: blank line skipped");
	wl_reader_free(r);
	/* Freeing the reader leaves standard input open. */
	assert_int_equal(fcntl(STDIN_FILENO, F_GETFD), 0);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_and_numbers),
		cmocka_unit_test(blank_lines_warned),
		cmocka_unit_test(torn_last_line),
		cmocka_unit_test(over_long_lines),
		cmocka_unit_test(longest_line_read),
		cmocka_unit_test(over_long_last_line),
		cmocka_unit_test(open_refused),
		cmocka_unit_test(big_file_across_chunks),
		cmocka_unit_test(standard_input),
	};

	return cmocka_run_group_tests(tests, setup, unit_teardown);
}
