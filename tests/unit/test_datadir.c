/* test_datadir.c - where wl's shared data lives, and reading from it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"

static char *outer;	/* WL_DATADIR the suite was started with */

static int
setup(void **state)
{
	const char *env = getenv("WL_DATADIR");

	(void)state;
	outer = env ? strdup(env) : NULL;
	if (unit_mkdir("datadir") < 0 ||
	    mkdir(unit_path("templates"), 0755) < 0)
		return -1;
	unit_put(unit_path("templates/blocks"),
	    "Een\nTwee \xc3\xa9\xc3\xa9n\n");
	return 0;
}

static int
teardown(void **state)
{
	free(outer);
	return unit_teardown(state);
}

static void
env_honoured(void **state)
{
	struct wl_error e;
	char *s;

	(void)state;
	setenv("WL_DATADIR", unit_dir, 1);
	assert_string_equal(wl_datadir(), unit_dir);
	s = wl_data_read("templates/blocks", &e);
	assert_non_null(s);
	assert_string_equal(s, "Een\nTwee \xc3\xa9\xc3\xa9n\n");
	free(s);
}

static void
shipped_blocks(void **state)
{
	char *s;

	(void)state;
	/* The share/ of the source tree, when the suite names it. */
	if (outer == NULL)
		skip();
	setenv("WL_DATADIR", outer, 1);
	s = wl_data_read("templates/blocks", NULL);
	assert_non_null(s);
	assert_string_equal(s, "Kennismaking en verwachtingen\n"
	    "Samenwerken en beleidsinstrumenten\n"
	    "Advies aan het managementteam\n");
	free(s);
}

static void
missing_file(void **state)
{
	struct wl_error e;

	(void)state;
	setenv("WL_DATADIR", unit_dir, 1);
	assert_null(wl_data_read("lang/xx", &e));
	assert_string_equal(e.file, unit_path("lang/xx"));
	assert_string_equal(e.msg, "cannot open wl's data: No such file or "
	    "directory (is WL_DATADIR right?)");
	assert_null(wl_data_read("lang/xx", NULL));
	/* A directory opens but does not read. */
	assert_null(wl_data_read("templates", &e));
	assert_string_equal(e.file, unit_path("templates"));
	assert_string_equal(e.msg, "cannot read: Is a directory");
}

static void
default_without_env(void **state)
{
	const char *d;

	(void)state;
	/* Empty counts as unset: some other place, never "". */
	setenv("WL_DATADIR", "", 1);
	d = wl_datadir();
	assert_non_null(d);
	assert_true(d[0] == '/');
	assert_string_not_equal(d, unit_dir);
	unsetenv("WL_DATADIR");
	assert_string_equal(wl_datadir(), d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(env_honoured),
		cmocka_unit_test(shipped_blocks),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(default_without_env),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
