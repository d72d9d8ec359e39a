/* test_datadir.c - where wl's shared data lives, and reading from it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"

static char dir[64];
static char *outer;	/* WL_DATADIR the suite was started with */

static int
setup(void **state)
{
	const char *env = getenv("WL_DATADIR");
	char path[128];
	FILE *fp;

	(void)state;
	outer = env ? strdup(env) : NULL;
	strcpy(dir, "/tmp/wl-datadir-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/templates", dir);
	if (mkdir(path, 0755) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/templates/blocks", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	fputs("Een\nTwee \xc3\xa9\xc3\xa9n\n", fp);
	return fclose(fp) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	free(outer);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
env_honoured(void **state)
{
	struct wl_error e;
	char *s;

	(void)state;
	setenv("WL_DATADIR", dir, 1);
	assert_string_equal(wl_datadir(), dir);
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
	char want[128];

	(void)state;
	setenv("WL_DATADIR", dir, 1);
	assert_null(wl_data_read("lang/xx", &e));
	snprintf(want, sizeof(want), "%s/lang/xx", dir);
	assert_string_equal(e.file, want);
	assert_string_equal(e.msg, "cannot open wl's data: No such file or "
	    "directory (is WL_DATADIR right?)");
	assert_null(wl_data_read("lang/xx", NULL));
	/* A directory opens but does not read. */
	assert_null(wl_data_read("templates", &e));
	snprintf(want, sizeof(want), "%s/templates", dir);
	assert_string_equal(e.file, want);
	assert_string_equal(e.msg, "read error");
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
	assert_string_not_equal(d, dir);
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
