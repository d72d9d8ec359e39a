/*
 * test_list.c - when the fast list applies, and that it writes nothing
 * when it does not (the bytes themselves are compared with the plain
 * path's by tests/cli/fastlist.t)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

#define SES "{\"id\":\"0123456789abcd00\",\"type\":\"session\"," \
	"\"at\":\"2026-06-14T09:30:00Z\",\"municipality\":\"M\"," \
	"\"date\":\"2026-06-14\"}\n"
#define NOTE "{\"id\":\"0123456789abcd01\",\"type\":\"note\"," \
	"\"at\":\"2026-06-14T09:30:00Z\",\"session\":\"0123456789abcd00\"," \
	"\"kind\":\"do\",\"text\":\"x\"}\n"

/* Run the fast list over text; its result, output in out. */
static int
fast(const char *text, const char *kind, char *out, size_t size)
{
	char path[] = "/tmp/wl-test-list.XXXXXX";
	struct wl_list_query q = { WL_NOTE, kind, 0, NULL };
	struct wl_error e;
	FILE *o = fmemopen(out, size, "w");
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0 && o != NULL);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	memset(out, 0, size);
	rc = wl_list_fast(path, o, &q, &e);
	fclose(o);
	unlink(path);
	return rc;
}

static void
applies(void **state)
{
	char out[4096];

	(void)state;
	assert_int_equal(fast(SES NOTE, NULL, out, sizeof(out)), 1);
	assert_string_equal(out, SES NOTE);
	assert_int_equal(fast(SES NOTE, "dont", out, sizeof(out)), 1);
	assert_string_equal(out, "");
	assert_int_equal(fast("", NULL, out, sizeof(out)), 1);
	assert_string_equal(out, "");
}

static void
gives_up_silently(void **state)
{
	static const char *const bad[] = {
		SES "\n" NOTE,			/* blank line */
		SES NOTE "{\"id\":",		/* torn */
		SES NOTE NOTE,			/* the same record twice */
		NOTE,				/* session names nothing */
		SES "{]\n" NOTE,		/* bad JSON */
	};
	char out[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(fast(bad[i], NULL, out, sizeof(out)), 0);
		assert_string_equal(out, "");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(applies),
		cmocka_unit_test(gives_up_silently),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
