/* test_error.c - located messages and the diagnostics sink */
#include <string.h>

#include "unit.h"

static void
format_shapes(void **state)
{
	struct wl_error e;
	char buf[1200];

	(void)state;
	wl_error_set(&e, "j.jsonl", 12, 5, "duplicate key '%s'", "at");
	wl_error_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "j.jsonl:12:5: duplicate key 'at'");

	wl_error_set(&e, "j.jsonl", 12, 0, "blank line skipped");
	wl_error_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "j.jsonl:12: blank line skipped");

	wl_error_set(&e, "j.jsonl", 0, 7, "cannot open: %s", "No such file");
	wl_error_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "j.jsonl: cannot open: No such file");

	wl_error_set(&e, NULL, 3, 4, "no session %d", 42);
	wl_error_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "no session 42");
	assert_string_equal(e.file, "");
}

static void
format_truncates(void **state)
{
	struct wl_error e;
	char buf[8];

	(void)state;
	wl_error_set(&e, "file", 1, 2, "message");
	wl_error_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "file:1:");
}

static void
set_clears_field(void **state)
{
	struct wl_error e;

	(void)state;
	strcpy(e.field, "stale");
	wl_error_set(&e, "f", 1, 1, "x");
	assert_string_equal(e.field, "");
	assert_int_equal(e.line, 1);
	assert_int_equal(e.col, 1);
	wl_error_set(NULL, "f", 1, 1, "nothing happens");
}

struct seen {
	int calls;
	enum wl_severity last;
	char text[1200];
	void *ctx;
};

static void
collect(void *ctx, enum wl_severity sev, const struct wl_error *err)
{
	struct seen *s = ctx;

	s->calls++;
	s->last = sev;
	s->ctx = ctx;
	wl_error_format(err, s->text, sizeof(s->text));
}

static void
diag_counts_and_calls(void **state)
{
	struct seen s = { 0 };
	struct wl_diag d = { collect, &s, 0, 0 };
	struct wl_error e;

	(void)state;
	wl_error_set(&e, "a.jsonl", 2, 3, "bad");
	wl_diag_emit(&d, WL_ERROR, &e);
	assert_int_equal(d.nerrors, 1);
	assert_int_equal(d.nwarnings, 0);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.last, WL_ERROR);
	assert_ptr_equal(s.ctx, &s);
	assert_string_equal(s.text, "a.jsonl:2:3: bad");

	wl_diag_say(&d, WL_WARNING, "b.jsonl", 9, "blank line %s", "skipped");
	assert_int_equal(d.nerrors, 1);
	assert_int_equal(d.nwarnings, 1);
	assert_int_equal(s.calls, 2);
	assert_int_equal(s.last, WL_WARNING);
	assert_string_equal(s.text, "b.jsonl:9: blank line skipped");

	wl_diag_say(&d, WL_ERROR, NULL, 0, "plain");
	assert_int_equal(d.nerrors, 2);
	assert_string_equal(s.text, "plain");
}

static void
diag_without_callback(void **state)
{
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_error e;

	(void)state;
	wl_error_set(&e, NULL, 0, 0, "x");
	wl_diag_emit(&d, WL_WARNING, &e);
	wl_diag_emit(&d, WL_WARNING, &e);
	wl_diag_say(&d, WL_ERROR, "f", 1, "y");
	assert_int_equal(d.nwarnings, 2);
	assert_int_equal(d.nerrors, 1);
	/* A NULL sink is allowed and does nothing. */
	wl_diag_emit(NULL, WL_ERROR, &e);
	wl_diag_say(NULL, WL_ERROR, "f", 1, "z");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_shapes),
		cmocka_unit_test(format_truncates),
		cmocka_unit_test(set_clears_field),
		cmocka_unit_test(diag_counts_and_calls),
		cmocka_unit_test(diag_without_callback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
