/* test_lang.c - report labels from share/lang/<lang> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static struct wl_lang *
parse(const char *text)
{
	struct wl_error err;
	struct wl_lang *l = wl_lang_parse("t", "lang/t", text, &err);

	if (l == NULL)
		fail_msg("%s", err.msg);
	return l;
}

/* Parsing text fails at line with msg. */
static void
refused(const char *text, long line, const char *msg)
{
	struct wl_error err;

	assert_null(wl_lang_parse("t", "lang/t", text, &err));
	assert_string_equal(err.file, "lang/t");
	assert_int_equal(err.line, line);
	assert_string_equal(err.msg, msg);
}

static void
keys_and_values(void **state)
{
	struct wl_lang *l = parse("# a comment\n"
	    "\n"
	    "title = Werklab gemeente {municipality}\n"
	    "  month.6   =   juni  \r\n"
	    "empty =\n"
	    "kind.do = Do's = wel doen\n"
	    "   # indented comment\n"
	    "last = no newline at the end");

	(void)state;
	assert_string_equal(wl_lang_get(l, "title"),
	    "Werklab gemeente {municipality}");
	assert_string_equal(wl_lang_get(l, "month.6"), "juni");
	assert_string_equal(wl_lang_get(l, "empty"), "");
	assert_string_equal(wl_lang_get(l, "kind.do"), "Do's = wel doen");
	assert_string_equal(wl_lang_get(l, "last"),
	    "no newline at the end");
	assert_null(wl_lang_get(l, "month.7"));
	assert_null(wl_lang_get(l, "# a comment"));
	wl_lang_free(l);
	wl_lang_free(NULL);
}

static void
bad_files(void **state)
{
	struct wl_error err;

	(void)state;
	refused("a = 1\nno equals sign\n", 2, "expected 'key = value'");
	refused("= value\n", 1,
	    "bad key '' (lowercase letters, digits, . - _)");
	refused("Title = x\n", 1,
	    "bad key 'Title' (lowercase letters, digits, . - _)");
	refused("a = 1\n\na = 2\n", 3, "key 'a' given twice");
	assert_null(wl_lang_parse("t", "lang/t", "a = \xff\n", &err));
	assert_string_equal(err.msg, "not valid UTF-8 (byte 5)");
}

static void
require(void **state)
{
	static const char *const keys[] = { "a", "b", "c", NULL };
	static const char *const some[] = { "a", NULL };
	struct wl_lang *l = parse("a = 1\nc = 3\n");
	struct wl_error err;

	(void)state;
	assert_int_equal(wl_lang_require(l, some, &err), 0);
	assert_int_equal(wl_lang_require(l, keys, &err), -1);
	assert_string_equal(err.file, "lang/t");
	assert_string_equal(err.msg, "missing key 'b'");
	wl_lang_free(l);
}

static void
expand(void **state)
{
	struct wl_lang *l = parse("h = Blok {n}: {title}\n"
	    "odd = {n}{n} {unknown} {n {} }{\n"
	    "plain = geen plaatshouders\n");
	const char *vars[] = { "n", "3", "title", "Advies {n}", NULL };
	char *s;

	(void)state;
	s = wl_lang_expand(l, "h", vars);
	assert_string_equal(s, "Blok 3: Advies {n}");	/* values stay */
	free(s);
	s = wl_lang_expand(l, "odd", vars);
	assert_string_equal(s, "33 {unknown} {n {} }{");
	free(s);
	s = wl_lang_expand(l, "plain", NULL);
	assert_string_equal(s, "geen plaatshouders");
	free(s);
	s = wl_lang_expand(l, "missing", vars);
	assert_string_equal(s, "");
	free(s);
	wl_lang_free(l);
}

static void
dates(void **state)
{
	struct wl_lang *l = parse("date = {day} {month} {year}\n"
	    "month.1 = januari\nmonth.6 = juni\nmonth.12 = december\n");
	struct wl_lang *us = parse("date = {month} {day}, {year}\n"
	    "month.6 = June\n");
	char *s;

	(void)state;
	s = wl_lang_date(l, "2026-06-14");
	assert_string_equal(s, "14 juni 2026");
	free(s);
	s = wl_lang_date(l, "2026-01-04");
	assert_string_equal(s, "4 januari 2026");
	free(s);
	s = wl_lang_date(l, "2027-12-31");
	assert_string_equal(s, "31 december 2027");
	free(s);
	s = wl_lang_date(us, "2026-06-04");
	assert_string_equal(s, "June 4, 2026");
	free(s);
	/* what is no date stays as it is */
	s = wl_lang_date(l, "2026-02-30");
	assert_string_equal(s, "2026-02-30");
	free(s);
	s = wl_lang_date(l, "morgen");
	assert_string_equal(s, "morgen");
	free(s);
	wl_lang_free(l);
	wl_lang_free(us);
}

static void
shipped(void **state)
{
	static const char *const keys[] = { "title", "date", "month.1",
		"month.12", "perspective.self", "support", NULL };
	struct wl_error err;
	struct wl_lang *nl, *en;
	char *s;

	(void)state;
	nl = wl_lang_load("nl", &err);
	assert_non_null(nl);
	en = wl_lang_load("en", &err);
	assert_non_null(en);
	assert_int_equal(wl_lang_require(nl, keys, &err), 0);
	assert_int_equal(wl_lang_require(en, keys, &err), 0);
	s = wl_lang_date(nl, "2026-06-14");
	assert_string_equal(s, "14 juni 2026");
	free(s);
	s = wl_lang_date(en, "2026-06-14");
	assert_string_equal(s, "14 June 2026");
	free(s);
	assert_string_equal(wl_lang_get(nl, "perspective.self"),
	    "Wat we nodig hebben van onszelf");
	wl_lang_free(nl);
	wl_lang_free(en);
}

static void
unknown_language(void **state)
{
	struct wl_error err;

	(void)state;
	assert_null(wl_lang_load("xx", &err));
	assert_string_equal(err.msg, "unknown language 'xx' (one of: en, nl)");
	/* a name is no path */
	assert_null(wl_lang_load("../templates/blocks", &err));
	assert_string_equal(err.msg, "unknown language '../templates/blocks' "
	    "(one of: en, nl)");
	assert_null(wl_lang_load("", &err));
	assert_null(wl_lang_load("nl/", &err));
}

/* Values as a user types them: the value, or its word of a language
 * file, folded; else the message lists both. */
static void
input_words(void **state)
{
	struct wl_error e;
	const char *v;

	(void)state;
	assert_string_equal(wl_enum_input(WL_PARTICIPANT, "role",
	    "civil-servant", &e), "civil-servant");
	assert_string_equal(wl_enum_input(WL_PARTICIPANT, "role",
	    "Ambtenaar", &e), "civil-servant");
	assert_string_equal(wl_enum_input(WL_NOTE, "kind", "IDÉE", &e),
	    "idea");
	assert_string_equal(wl_enum_input(WL_ADVICE, "perspective", "zelf",
	    &e), "self");
	assert_string_equal(wl_enum_input(WL_STATUS, "status", "overgenomen",
	    &e), "adopted");
	/* A word of another field is no word of this one. */
	assert_null(wl_enum_input(WL_NOTE, "kind", "ambtenaar", &e));
	assert_int_equal(e.code, WL_ENOTFOUND);
	assert_string_equal(e.field, "kind");
	v = strstr(e.msg, "(one of: expectation (verwachting), question "
	    "(vraag),");
	assert_non_null(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_and_values),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(require),
		cmocka_unit_test(expand),
		cmocka_unit_test(dates),
		cmocka_unit_test(shipped),
		cmocka_unit_test(unknown_language),
		cmocka_unit_test(input_words),
	};

	/* The source tree's share/ when the suite names none. */
	setenv("WL_DATADIR", "share", 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
