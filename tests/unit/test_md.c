/* test_md.c - user text escaped for each Markdown context */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define WJ "\xe2\x81\xa0"	/* WORD JOINER */

/* The escape of s in ctx equals want. */
static void
check(const char *s, enum wl_md_ctx ctx, const char *want)
{
	char *got = wl_md_escape(s, ctx);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
text(const char *s, const char *want)
{
	check(s, WL_MD_TEXT, want);
}

static void
plain_text_unchanged(void **state)
{
	(void)state;
	text("", "");
	text("Geef één vast aanspreekpunt, ook voor coöperaties.",
	    "Geef één vast aanspreekpunt, ook voor coöperaties.");
	text("Do's & don'ts (10:30), 50% \"klaar\"; a/b = c?",
	    "Do's & don'ts (10:30), 50% \"klaar\"; a/b = c?");
	text("Twee initiatiefnemers gaan mee naar het MT!",
	    "Twee initiatiefnemers gaan mee naar het MT!");
}

static void
html_and_entities(void **state)
{
	(void)state;
	text("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>");
	text("<img src=x onerror=alert(1)>",
	    "\\<img src=x onerror=alert(1)\\>");
	text("<!-- x -->", "\\<!-- x --\\>");
	text("&amp; &#60; &copy A&B & c", "\\&amp; \\&#60; \\&copy A\\&B & c");
}

static void
links_and_images(void **state)
{
	(void)state;
	text("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))");
	text("![i](http://evil/x.png)", "!\\[i\\](http\\://evil/x.png)");
	text("<http://evil>", "\\<http\\://evil\\>");
	text("[x]: http://evil", "\\[x\\]: http\\://evil");
	text("[^1] [@ref]", "\\[\\^1\\] \\[\\@" WJ "ref\\]");
}

static void
bare_urls(void **state)
{
	(void)state;
	text("zie http://evil.example", "zie http\\://evil.example");
	text("https://a.b ftp://c.d", "https\\://a.b ftp\\://c.d");
	text("www.evil.example", "www\\.evil.example");
	text("naar WWW.Evil.nl", "naar WWW\\.Evil.nl");
	text("mail info@evil.example", "mail info\\@" WJ "evil.example");
	text("mailto:x@y.nl", "mailto:x\\@" WJ "y.nl");
	/* no domain after it: no joiner needed */
	text("a @ b", "a \\@ b");
	text("a@", "a\\@");
}

static void
inline_markup(void **state)
{
	(void)state;
	text("*emph* _em_ **sterk**", "\\*emph\\* \\_em\\_ \\*\\*sterk\\*\\*");
	text("~~weg~~ ~sub~ ^sup^", "\\~\\~weg\\~\\~ \\~sub\\~ \\^sup\\^");
	text("`code` ```", "\\`code\\` \\`\\`\\`");
	text("$x+y$", "\\$x+y\\$");
	text("C:\\pad\\naar", "C:\\\\pad\\\\naar");
	text("\\", "\\\\");
	text("a | b", "a \\| b");
}

static void
block_starts(void **state)
{
	(void)state;
	text("# kop", "\\# kop");
	text("- lijst", "\\- lijst");
	text("+ lijst", "\\+ lijst");
	text("* lijst", "\\* lijst");
	text("> citaat", "\\> citaat");
	text("---", "\\---");
	text("***", "\\*\\*\\*");
	text("___", "\\_\\_\\_");
	text("===", "\\===");
	text("~~~", "\\~\\~\\~");
	text(": definitie", "\\: definitie");
	text("::: div", "\\::: div");
	text("| pijp", "\\| pijp");
	/* list numbers, CommonMark's and pandoc's */
	text("1. lijst", "1\\. lijst");
	text("2026. Een jaar", "2026\\. Een jaar");
	text("2) lijst", "2\\) lijst");
	text("a. lijst", "a\\. lijst");
	text("iv) lijst", "iv\\) lijst");
	text("(1) lijst", "\\(1) lijst");
	text("1.", "1\\.");
	/* not list numbers */
	text("1.5 uur", "1.5 uur");
	text("Dr.Jansen", "Dr.Jansen");
	/* only at the start */
	text("stap # 2 - en + 3. klaar", "stap # 2 - en + 3. klaar");
}

static void
one_line(void **state)
{
	(void)state;
	text("regel een\r\nregel twee\nregel\rdrie",
	    "regel een regel twee regel drie");
	text("  \t veel   ruimte \n", "veel ruimte");
	text("    ingesprongen code", "ingesprongen code");
	text("\n# kop na een regel", "\\# kop na een regel");
	text("eind met twee spaties  ", "eind met twee spaties");
	/* other control characters are shown, never passed on */
	text("a\x01" "b\x7f" "c\x1b[31m", "a\xef\xbf\xbd" "b\xef\xbf\xbd"
	    "c\xef\xbf\xbd\\[31m");
}

static void
item(void **state)
{
	(void)state;
	check("- lijst", WL_MD_ITEM, "\\- lijst");
	check("1. lijst", WL_MD_ITEM, "1\\. lijst");
	/* pandoc makes check boxes of these, escaped or not */
	check("[ ] taak", WL_MD_ITEM, WJ "\\[ \\] taak");
	check("[x] klaar", WL_MD_ITEM, WJ "\\[x\\] klaar");
	check("[X] klaar", WL_MD_ITEM, WJ "\\[X\\] klaar");
	check("[ ] taak", WL_MD_TEXT, "\\[ \\] taak");
	check("[link]", WL_MD_ITEM, "\\[link\\]");
}

static void
cell(void **state)
{
	(void)state;
	check("a | b | c", WL_MD_CELL, "a \\| b \\| c");
	check("| begin", WL_MD_CELL, "\\| begin");
	check("eind \\", WL_MD_CELL, "eind \\\\");
	check("twee\nregels", WL_MD_CELL, "twee regels");
	check("Jan | <b>Vet</b>", WL_MD_CELL, "Jan \\| \\<b\\>Vet\\</b\\>");
	check("", WL_MD_CELL, "");
}

static void
heading(void **state)
{
	(void)state;
	check("kop ##", WL_MD_HEADING, "kop \\#\\#");
	check("Blok 2: # kop {#id .klasse}", WL_MD_HEADING,
	    "Blok 2: \\# kop \\{\\#id .klasse\\}");
	check("Blok {n}", WL_MD_HEADING, "Blok \\{n\\}");
	/* Pandoc's attributes attach anywhere under commonmark_x. */
	check("Blok {n}", WL_MD_TEXT, "Blok \\{n\\}");
	check("# kop", WL_MD_HEADING, "\\# kop");
}

/* What pandoc's extensions read: attributes, raw attributes, emoji,
 * footnotes and citations. */
static void
pandoc_extensions(void **state)
{
	(void)state;
	text("een notitie{onmouseover=alert(1)}",
	    "een notitie\\{onmouseover=alert(1)\\}");
	text("x `<b>`{=html}", "x \\`\\<b\\>\\`\\{=html\\}");
	text("blij :smile: en :+1:", "blij \\:smile: en \\:+1:");
	text(":a:b:", "\\:a\\:b:");
	text("om 10:30 of 10:30:15", "om 10:30 of 10\\:30:15");
	text("noot [^1] en ^[inline]", "noot \\[\\^1\\] en \\^\\[inline\\]");
	text("zie [@doe99] en @doe99", "zie \\[\\@" WJ "doe99\\] en \\@" WJ
	    "doe99");
}

static void
put(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(fp);
	assert_int_equal(wl_md_put(fp, "<b>", WL_MD_TEXT), 0);
	assert_int_equal(wl_md_put(fp, " | ", WL_MD_CELL), 0);
	assert_int_equal(fclose(fp), 0);
	assert_string_equal(buf, "\\<b\\>\\|");
	free(buf);
	check(NULL, WL_MD_TEXT, "");
}

static void
chart_label(void **state)
{
	char *s;

	(void)state;
	s = wl_md_chart_label("Van \"collega's\"\n`x`; a:b #1 %% {c} <d>");
	assert_non_null(s);
	assert_string_equal(s, "Van 'collega's' 'x'  a b  1     c   d ");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_unchanged),
		cmocka_unit_test(html_and_entities),
		cmocka_unit_test(links_and_images),
		cmocka_unit_test(bare_urls),
		cmocka_unit_test(inline_markup),
		cmocka_unit_test(block_starts),
		cmocka_unit_test(one_line),
		cmocka_unit_test(item),
		cmocka_unit_test(cell),
		cmocka_unit_test(heading),
		cmocka_unit_test(pandoc_extensions),
		cmocka_unit_test(put),
		cmocka_unit_test(chart_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
