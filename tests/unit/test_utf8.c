/* test_utf8.c - validation, display width, terminal safety and folding */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* 1 if s is valid; *bad gets the offset of the fault otherwise. */
static int
valid(const char *s, size_t n, size_t *bad)
{
	*bad = (size_t)-1;
	return wl_utf8_valid(s, n, bad);
}

static void
valid_accepts(void **state)
{
	size_t bad;

	(void)state;
	assert_true(valid("", 0, &bad));
	assert_true(valid("plain ascii", 11, &bad));
	assert_true(valid("Co\xc3\xb6peratie", 11, &bad));	/* ö */
	assert_true(valid("\xe6\x97\xa5", 3, &bad));		/* 日 */
	assert_true(valid("\xf0\x9f\x98\x80", 4, &bad));	/* U+1F600 */
	assert_true(valid("\xf4\x8f\xbf\xbf", 4, &bad));	/* U+10FFFF */
	assert_true(valid("\xef\xbf\xbd", 3, &bad));		/* U+FFFD */
	assert_int_equal(bad, (size_t)-1);
}

static void
valid_refuses(void **state)
{
	size_t bad;

	(void)state;
	/* Overlong forms of '/' and U+0000. */
	assert_false(valid("ab\xc0\xaf", 4, &bad));
	assert_int_equal(bad, 2);
	assert_false(valid("\xc1\xbf", 2, &bad));
	assert_int_equal(bad, 0);
	assert_false(valid("x\xe0\x80\xaf", 4, &bad));
	assert_int_equal(bad, 1);
	assert_false(valid("\xf0\x80\x80\xaf", 4, &bad));
	assert_int_equal(bad, 0);
	assert_false(valid("\xc0\x80", 2, &bad));
	assert_int_equal(bad, 0);
	/* UTF-16 surrogates. */
	assert_false(valid("abc\xed\xa0\x80", 6, &bad));
	assert_int_equal(bad, 3);
	assert_false(valid("\xed\xbf\xbf", 3, &bad));
	assert_int_equal(bad, 0);
	/* Past U+10FFFF. */
	assert_false(valid("\xf4\x90\x80\x80", 4, &bad));
	assert_int_equal(bad, 0);
	assert_false(valid("a\xf5\x80\x80\x80", 5, &bad));
	assert_int_equal(bad, 1);
	/* Truncated sequences, at the end and in the middle. */
	assert_false(valid("ab\xc3", 3, &bad));
	assert_int_equal(bad, 2);
	assert_false(valid("\xe6\x97", 2, &bad));
	assert_int_equal(bad, 0);
	assert_false(valid("a\xe6\x97z", 4, &bad));
	assert_int_equal(bad, 1);
	/* A lone continuation byte, and 0xff. */
	assert_false(valid("\xc3\xb6\x80", 3, &bad));
	assert_int_equal(bad, 2);
	assert_false(valid("\xff", 1, &bad));
	assert_int_equal(bad, 0);
	/* NUL, counted by n. */
	assert_false(valid("ab\0cd", 5, &bad));
	assert_int_equal(bad, 2);
	assert_false(valid("\0", 1, &bad));
	assert_int_equal(bad, 0);
	/* NULL bad is allowed. */
	assert_false(wl_utf8_valid("\xff", 1, NULL));
}

static void
chars_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(wl_utf8_chars("abc", 3), 3);
	assert_int_equal(wl_utf8_chars("Co\xc3\xb6p", 5), 4);
	assert_int_equal(wl_utf8_chars("\xe6\x97\xa5\xe6\x9c\xac", 6), 2);
	assert_int_equal(wl_utf8_chars("\xe6\x97\xa5\xe6\x9c\xac", 3), 1);
	assert_int_equal(wl_utf8_chars("", 0), 0);
}

static void
width_columns(void **state)
{
	(void)state;
	assert_int_equal(wl_utf8_width(""), 0);
	assert_int_equal(wl_utf8_width("hello"), 5);
	assert_int_equal(wl_utf8_width("caf\xc3\xa9"), 4);	/* café */
	assert_int_equal(wl_utf8_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);
	assert_int_equal(wl_utf8_width("a\xed\x95\x9c"), 3);	/* a한 */
	/* e + U+0301 COMBINING ACUTE ACCENT */
	assert_int_equal(wl_utf8_width("e\xcc\x81"), 1);
	assert_int_equal(wl_utf8_width("\xcc\x81"), 0);
	assert_int_equal(wl_utf8_width("\xf0\x9f\x98\x80"), 2);	/* 😀 */
	assert_int_equal(wl_utf8_width("\xf0\x9f\x9a\x80x"), 3);
	/* Zero width space and controls take no column. */
	assert_int_equal(wl_utf8_width("a\xe2\x80\x8b" "b"), 2);
	assert_int_equal(wl_utf8_width("a\tb"), 2);
}

/* Sanitize s, compare with want, and check no raw ESC is left. */
static void
sane(const char *s, const char *want)
{
	char *out = wl_utf8_sanitize(s);

	assert_non_null(out);
	assert_string_equal(out, want);
	assert_null(strchr(out, 0x1b));
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		assert_true(*p >= 0x20 && *p != 0x7f);
	free(out);
}

static void
sanitize_controls(void **state)
{
	(void)state;
	sane("plain", "plain");
	sane("", "");
	sane("Co\xc3\xb6peratie \xe6\x97\xa5",
	    "Co\xc3\xb6peratie \xe6\x97\xa5");
	sane("a\x1b" "b", "a\\eb");
	sane("one\ntwo", "one\\ntwo");
	sane("a\tb\rc", "a\\tb\\rc");
	sane("back\\slash", "back\\slash");
	sane("bell\x07", "bell\\u{0007}");
	sane("del\x7f", "del\\u{007F}");
	/* CSI: colour, clear screen, cursor movement. */
	sane("\x1b[31mred\x1b[0m", "\\e[31mred\\e[0m");
	sane("\x1b[2J\x1b[H", "\\e[2J\\e[H");
	/* OSC: set the window title, ended by BEL or ST. */
	sane("\x1b]0;pwned\x07", "\\e]0;pwned\\u{0007}");
	sane("\x1b]8;;http://x\x1b\\", "\\e]8;;http://x\\e\\");
	/* C1 controls: CSI U+009B and NEL U+0085. */
	sane("\xc2\x9b" "31m", "\\u{009B}31m");
	sane("a\xc2\x85" "b", "a\\u{0085}b");
	/* Bidirectional overrides and isolates. */
	sane("abc\xe2\x80\xae" "fdp.exe", "abc\\u{202E}fdp.exe");
	sane("\xe2\x81\xa6x\xe2\x81\xa9", "\\u{2066}x\\u{2069}");
	sane("\xe2\x80\x8f", "\\u{200F}");
	/* Invalid bytes are shown as hex. */
	sane("a\xff" "b", "a\\xFFb");
	sane("\xc3", "\\xC3");
	sane("\xed\xa0\x80", "\\xED\\xA0\\x80");
}

/* Fold s and compare with want. */
static void
folds(const char *s, const char *want)
{
	char *out = wl_utf8_fold(s);

	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void
fold_matching(void **state)
{
	(void)state;
	folds("Co\xc3\xb6peratie", "cooperatie");
	folds("\xc4\xb3s", "ijs");			/* ĳs */
	folds("\xc4\xb2SSELMEER", "ijsselmeer");	/* Ĳ */
	folds("\xc3\x8b" "lla", "ella");		/* Ë */
	folds("Stra\xc3\x9f" "e", "strasse");		/* ß */
	folds("\xc5\x92uvre", "oeuvre");		/* Œ */
	folds("\xc3\x86sir", "aesir");			/* Æ */
	folds("\xc3\x9eorn", "thorn");			/* Þ */
	folds("HELLO World 42", "hello world 42");
	folds("Jos\xc3\xa9", "jose");
	folds("e\xcc\x81t\xc3\xa9", "ete");		/* combining */
	folds("\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x99s",
	    "\"quoted\" 's");
	folds("3 \xc3\x97 4", "3 \xc3\x97 4");		/* × stays */
	folds("\xe6\x97\xa5", "\xe6\x97\xa5");
	folds("", "");
}

/* wl_utf8_same compares as it folds, without a copy: it must say
 * what comparing the two folded copies says, for every pair. */
static void
same_as_folded(void **state)
{
	static const char *const s[] = { "Co\xc3\xb6peratie",
		"cooperatie", "COOPERATIE", "cooperati", "cooperaties",
		"\xc4\xb3s", "ijs", "IJS", "ij", "\xc3\x9f", "ss", "s",
		"e\xcc\x81t\xc3\xa9", "ete", "\xe2\x80\x9cx\xe2\x80\x9d",
		"\"x\"", "a\xff", "a\xfe", "a\xc3", "a", "", "\xe6\x97\xa5" };
	size_t n = sizeof(s) / sizeof(*s);

	(void)state;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n; k++) {
			char *a = wl_utf8_fold(s[i]), *b = wl_utf8_fold(s[k]);

			assert_non_null(a);
			assert_non_null(b);
			if (wl_utf8_same(s[i], s[k]) != (strcmp(a, b) == 0))
				fail_msg("same('%s', '%s') is %d", s[i], s[k],
				    wl_utf8_same(s[i], s[k]));
			free(a);
			free(b);
		}
	assert_true(wl_utf8_same("S\xc3\xba" "dwest", "sudwest"));
	assert_false(wl_utf8_same(NULL, "x"));
	assert_false(wl_utf8_same("x", NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_accepts),
		cmocka_unit_test(valid_refuses),
		cmocka_unit_test(chars_counts_code_points),
		cmocka_unit_test(width_columns),
		cmocka_unit_test(sanitize_controls),
		cmocka_unit_test(fold_matching),
		cmocka_unit_test(same_as_folded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
