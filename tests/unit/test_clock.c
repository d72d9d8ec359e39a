/* test_clock.c - the time of new records, WL_NOW, dates and times */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"

static void
now_honours_wl_now(void **state)
{
	char out[WL_TIME_LEN + 1];
	struct wl_error e;

	(void)state;
	setenv("WL_NOW", "2026-06-14T09:30:00Z", 1);
	assert_int_equal(wl_clock_now(out, &e), 0);
	assert_string_equal(out, "2026-06-14T09:30:00Z");
	unsetenv("WL_NOW");
}

static void
now_refuses_bad_wl_now(void **state)
{
	char out[WL_TIME_LEN + 1];
	struct wl_error e;

	(void)state;
	setenv("WL_NOW", "2026-06-14 09:30", 1);
	assert_int_equal(wl_clock_now(out, &e), -1);
	assert_string_equal(e.msg, "WL_NOW '2026-06-14 09:30' is not a UTC "
	    "time like 2026-06-14T09:30:00Z");
	assert_string_equal(e.file, "");
	setenv("WL_NOW", "2026-06-14T09:30:00z", 1);
	assert_int_equal(wl_clock_now(out, NULL), -1);
	unsetenv("WL_NOW");
}

static void
now_reads_the_clock(void **state)
{
	char out[WL_TIME_LEN + 1], want[WL_TIME_LEN + 1];
	struct tm tm;
	time_t t;

	(void)state;
	unsetenv("WL_NOW");
	t = time(NULL);
	assert_int_equal(wl_clock_now(out, NULL), 0);
	assert_true(wl_time_valid(out));
	gmtime_r(&t, &tm);
	strftime(want, sizeof(want), "%Y-%m-%d", &tm);
	/* Same day unless midnight passed in between. */
	assert_memory_equal(out, want, 4);
	/* An empty WL_NOW means the clock. */
	setenv("WL_NOW", "", 1);
	assert_int_equal(wl_clock_now(out, NULL), 0);
	assert_true(wl_time_valid(out));
	unsetenv("WL_NOW");
}

static void
date_edges(void **state)
{
	(void)state;
	assert_true(wl_date_valid("2026-06-14"));
	assert_true(wl_date_valid("2024-02-29"));
	assert_true(wl_date_valid("2000-02-29"));
	assert_true(wl_date_valid("2026-12-31"));
	assert_true(wl_date_valid("2026-01-01"));
	assert_false(wl_date_valid("2023-02-29"));
	assert_false(wl_date_valid("1900-02-29"));
	assert_false(wl_date_valid("2026-13-01"));
	assert_false(wl_date_valid("2026-00-10"));
	assert_false(wl_date_valid("2026-04-31"));
	assert_false(wl_date_valid("2026-06-00"));
	assert_false(wl_date_valid("2026-06-14x"));
	assert_false(wl_date_valid("2026-06-14T09:30:00Z"));
	assert_false(wl_date_valid("2026-6-14"));
	assert_false(wl_date_valid("2026/06/14"));
	assert_false(wl_date_valid("26-06-14"));
	assert_false(wl_date_valid(""));
	assert_false(wl_date_valid("0999-06-14"));
}

/* wl_date_check tells a date that does not exist from one that is not
 * written as a date, and says how long the month is. */
static void
date_check(void **state)
{
	int days = 99;

	(void)state;
	assert_int_equal(wl_date_check("2026-06-14", &days), 1);
	assert_int_equal(days, 30);
	assert_int_equal(wl_date_check("2026-11-31", &days), -1);
	assert_int_equal(days, 30);
	assert_int_equal(wl_date_check("2026-02-29", &days), -1);
	assert_int_equal(days, 28);
	assert_int_equal(wl_date_check("2024-02-30", &days), -1);
	assert_int_equal(days, 29);
	assert_int_equal(wl_date_check("2026-06-00", &days), -1);
	assert_int_equal(days, 30);
	assert_int_equal(wl_date_check("2026-13-01", &days), -1);
	assert_int_equal(days, 0);
	assert_int_equal(wl_date_check("2026-00-10", &days), -1);
	assert_int_equal(days, 0);
	assert_int_equal(wl_date_check("2026-11-31x", &days), 0);
	assert_int_equal(wl_date_check("2026-6-14", &days), 0);
	assert_int_equal(wl_date_check("0999-06-14", &days), 0);
	assert_int_equal(wl_date_check("", &days), 0);
	assert_int_equal(wl_date_check("2026-11-31", NULL), -1);
}

static void
time_edges(void **state)
{
	(void)state;
	assert_true(wl_time_valid("2026-06-14T09:30:00Z"));
	assert_true(wl_time_valid("2024-02-29T23:59:59Z"));
	assert_true(wl_time_valid("2000-02-29T00:00:00Z"));
	assert_false(wl_time_valid("2023-02-29T00:00:00Z"));
	assert_false(wl_time_valid("1900-02-29T00:00:00Z"));
	assert_false(wl_time_valid("2026-13-14T09:30:00Z"));
	assert_false(wl_time_valid("2026-06-14T09:30:00z"));
	assert_false(wl_time_valid("2026-06-14t09:30:00Z"));
	assert_false(wl_time_valid("2026-06-14T09:30:00ZZ"));
	assert_false(wl_time_valid("2026-06-14T09:30:00"));
	assert_false(wl_time_valid("2026-06-14T09:30Z"));
	assert_false(wl_time_valid("2026-06-14T09:30:00+00:00"));
	assert_false(wl_time_valid("2026-06-14T09:30:00.5Z"));
	assert_false(wl_time_valid("2026-06-14T24:00:00Z"));
	assert_false(wl_time_valid("2026-06-14T09:60:00Z"));
	assert_false(wl_time_valid("2026-06-14 09:30:00Z"));
	assert_false(wl_time_valid("2026-06-14"));
	assert_false(wl_time_valid(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(now_honours_wl_now),
		cmocka_unit_test(now_refuses_bad_wl_now),
		cmocka_unit_test(now_reads_the_clock),
		cmocka_unit_test(date_edges),
		cmocka_unit_test(date_check),
		cmocka_unit_test(time_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
