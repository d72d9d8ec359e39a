/* clock.c - the time of new records, dates and times, and WL_NOW */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wl.h"
#include "internal.h"

static int
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/*
 * s starts with YYYY-MM-DD (year 1000 to 9999): 1 when that day
 * exists, -1 when it does not (*days: the days of its month, 0 when
 * the month is none), 0 when s does not start with that form.  The one
 * place that says what a date is.
 */
static int
date_prefix(const char *s, int *days)
{
	int y, m, d;

	if (strlen(s) < 10 || !digits(s, 4) || s[4] != '-' ||
	    !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		return 0;
	y = num(s, 4);
	m = num(s + 5, 2);
	d = num(s + 8, 2);
	if (y < 1000)
		return 0;
	*days = m >= 1 && m <= 12 ? days_in_month(y, m) : 0;
	return d >= 1 && d <= *days ? 1 : -1;
}

int
wl_date_check(const char *s, int *days)
{
	int dummy, rc;

	if (days == NULL)
		days = &dummy;
	*days = 0;
	rc = date_prefix(s, days);
	if (rc != 0 && s[10] != '\0')
		return 0;	/* more after the date: not the form */
	return rc;
}

int
wl_date_valid(const char *s)
{
	return wl_date_check(s, NULL) == 1;
}

int
wl_time_valid(const char *s)
{
	int days;

	return date_prefix(s, &days) == 1 && strlen(s) == WL_TIME_LEN &&
	    s[10] == 'T' &&
	    digits(s + 11, 2) && s[13] == ':' && digits(s + 14, 2) &&
	    s[16] == ':' && digits(s + 17, 2) && s[19] == 'Z' &&
	    num(s + 11, 2) < 24 && num(s + 14, 2) < 60 &&
	    num(s + 17, 2) < 61;
}

int
wl_clock_now(char out[WL_TIME_LEN + 1], struct wl_error *err)
{
	static _Thread_local char text[WL_TIME_LEN + 1];
	static _Thread_local time_t last = (time_t)-1;
	const char *env = getenv("WL_NOW");
	struct tm tm;
	time_t t;

	if (env != NULL && *env != '\0') {
		if (!wl_time_valid(env)) {
			wl_error_set(err, NULL, 0, 0,
			    "WL_NOW '%.40s' is not a UTC time like "
			    "2026-06-14T09:30:00Z", env);
			return -1;
		}
		memcpy(out, env, WL_TIME_LEN + 1);
		return 0;
	}
	/* The second as text, made again only when the clock has moved
	 * on: a bulk add asks for it per record. */
	t = time(NULL);
	if (t != last || t == (time_t)-1) {
		if (gmtime_r(&t, &tm) == NULL ||
		    strftime(text, WL_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%SZ",
		    &tm) != WL_TIME_LEN) {
			wl_error_set(err, NULL, 0, 0, "cannot read the clock");
			last = (time_t)-1;
			return -1;
		}
		last = t;
	}
	memcpy(out, text, WL_TIME_LEN + 1);
	return 0;
}
