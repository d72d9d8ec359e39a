/*
 * test_compare_md.c - a comparison of pilots written as Markdown: the
 * exact text for two pilots and for one, rows of zeros left out,
 * pilot names and texts escaped, and a language that lacks a label
 *
 * Journal lines are written with ' for " to keep them readable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S1 "5e55100000000001"
#define S2 "5e55100000000002"
#define P1 "9a71000000000001"
#define P2 "9a71000000000002"
#define P3 "9a71000000000003"
#define A1 "ad71000000000001"
#define A2 "ad71000000000002"

#define SESSION(id, m, d) REC(id, "session") ",'municipality':'" m "'," \
	"'date':'" d "'}"
#define PERSON(id, s, role) REC(id, "participant") ",'session':'" s "'," \
	"'role':'" role "','name':'Naam','consent':true}"
#define NOTE(id, s, kind, text) REC(id, "note") ",'session':'" s "'," \
	"'kind':'" kind "','text':'" text "'"
#define ADVICE(id, s, text) REC(id, "advice") ",'session':'" s "'," \
	"'perspective':'self','text':'" text "'}"

/* Labels of the test's own: some keys left out on purpose (role.*,
 * kind.dont), which are then written as their names. */
static const char lang_text[] =
    "date = {day} {month} {year}\n"
    "month.6 = juni\nmonth.9 = september\n"
    "compare.title = Pilots vergeleken\n"
    "compare.pilots = Naast elkaar\n"
    "compare.werklabs = Werklabs\n"
    "compare.participants = Deelnemers\n"
    "compare.notes = Notities\n"
    "compare.advice = Adviezen\n"
    "compare.endorsed = Onderschreven\n"
    "compare.agreements.done = Afspraken klaar\n"
    "compare.agreements.open = Afspraken open\n"
    "compare.agreements.dropped = Afspraken vervallen\n"
    "compare.followup = Opvolging\n"
    "compare.tags = Tags\n"
    "compare.similar = Gedeeld\n"
    "compare.all = In alle pilots\n"
    "compare.some = In sommige pilots\n"
    "compare.one = In een pilot\n"
    "compare.nothing = Niets te vergelijken.\n"
    "compare.item.advice = Advies\n"
    "compare.item.do = Doen\n"
    "compare.item.dont = Niet doen\n"
    "compare.kind.quote = Reacties\n"
    "kind.do = Wel doen\n"
    "chart.self = Zelf\n"
    "status.open = nog open\n";

static const char *const two[] = {
	SESSION(S1, "Roermond", "2026-06-14"),
	PERSON(P1, S1, "initiator"),
	PERSON(P2, S1, "civil-servant"),
	NOTE("a0be000000000001", S1, "do", "Reageer snel") ",'tags':['x']}",
	ADVICE(A1, S1, "Neem initiatiefnemers serieus"),
	ENDORSE("e0d0000000000001", A1, P1, "endorse"),
	REC("a94e000000000001", "agreement") ",'session':'" S1 "',"
	    "'text':'Bellen'}",
	STATUS("57a7000000000001", "a94e000000000001", "done"),
	SESSION(S2, "Venlo", "2026-09-10"),
	PERSON(P3, S2, "initiator"),
	NOTE("a0be000000000002", S2, "do", "Snel reageren") "}",
	NOTE("a0be000000000003", S2, "dont", "Van loket naar loket") "}",
	ADVICE(A2, S2, "Initiatiefnemers serieus nemen"),
};

static const char two_md[] =
    "# Pilots vergeleken\n"
    "\n"
    "## Naast elkaar\n"
    "\n"
    "|  | Roermond | Venlo |\n"
    "|---|--:|--:|\n"
    "| Werklabs | 14 juni 2026 | 10 september 2026 |\n"
    "| Deelnemers: civil-servant | 1 | 0 |\n"
    "| Deelnemers: initiator | 1 | 1 |\n"
    "| Notities: Wel doen | 1 | 1 |\n"
    "| Notities: dont | 0 | 1 |\n"
    "| Adviezen: Zelf | 1 | 1 |\n"
    "| Onderschreven | 100% | 0% |\n"
    "| Afspraken klaar | 1 | 0 |\n"
    "| Opvolging: nog open | 1 | 1 |\n"
    "| Tags | x (1) |  |\n"
    "\n"
    "## Gedeeld\n"
    "\n"
    "### In alle pilots\n"
    "\n"
    "- **Advies**: Neem initiatiefnemers serieus (Roermond); "
    "Initiatiefnemers serieus nemen (Venlo)\n"
    "- **Doen**: Reageer snel (Roermond); Snel reageren (Venlo)\n"
    "\n"
    "### In een pilot\n"
    "\n"
    "- **Niet doen**: Van loket naar loket (Venlo)\n";

static struct wl_stopwords *sw;
static struct wl_lang *lang;

static int
setup(void **state)
{
	struct wl_error e;

	(void)state;
	if (unit_mkdir("compare-md") < 0 || (sw = unit_stopwords()) == NULL)
		return -1;
	lang = wl_lang_parse("t", "lang/t", lang_text, &e);
	return lang == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	wl_stopwords_free(sw);
	wl_lang_free(lang);
	return unit_teardown(state);
}

/* The comparison (by municipality, threshold 0.5) of the lines. */
static json_t *
compare(const char *const *lines, size_t n)
{
	struct wl_journal *j = unit_load_lines("j.jsonl", lines, n);
	struct wl_error e;
	json_t *c = wl_compare(j, 0, 500, NULL, NULL, &e);

	if (c == NULL)
		fail_msg("wl_compare: %s", e.msg);
	wl_journal_free(j);
	return c;
}

#define COMPARE(lines) compare(lines, UNIT_NLINES(lines))

/* wl_compare_md of c must succeed and write exactly want. */
static void
writes(const json_t *c, const char *want)
{
	struct unit_cap cap;
	struct wl_error e;

	if (wl_compare_md(unit_cap_open(&cap), c, lang, &e) != 0)
		fail_msg("wl_compare_md: %s", e.msg);
	unit_cap_is(&cap, want);
}

/* The comparison of the lines must be written exactly as want. */
static void
compare_writes(const char *const *lines, size_t n, const char *want)
{
	json_t *c = compare(lines, n);

	writes(c, want);
	json_decref(c);
}

#define COMPARE_WRITES(lines, want) compare_writes(lines, \
	UNIT_NLINES(lines), want)

static void
two_pilots(void **state)
{
	json_t *c = COMPARE(two);

	(void)state;
	writes(c, two_md);
	/* The same comparison, the same bytes. */
	writes(c, two_md);
	json_decref(c);
}

static void
one_pilot(void **state)
{
	static const char *const one[] = {
		SESSION(S1, "Roermond", "2026-06-14"),
		ADVICE(A1, S1, "Luister"),
	};

	(void)state;
	/* Only rows with a number in them; with one pilot nothing is
	 * shared by all or some. */
	COMPARE_WRITES(one,
	    "# Pilots vergeleken\n"
	    "\n"
	    "## Naast elkaar\n"
	    "\n"
	    "|  | Roermond |\n"
	    "|---|--:|\n"
	    "| Werklabs | 14 juni 2026 |\n"
	    "| Adviezen: Zelf | 1 |\n"
	    "| Onderschreven | 0% |\n"
	    "| Opvolging: nog open | 1 |\n"
	    "| Tags |  |\n"
	    "\n"
	    "## Gedeeld\n"
	    "\n"
	    "### In een pilot\n"
	    "\n"
	    "- **Advies**: Luister (Roermond)\n");
}

static void
nothing_to_compare(void **state)
{
	static const char *const none[] = {
		SESSION(S1, "Roermond", "2026-06-14"),
		RETRACT("4e74000000000001", S1),
	};

	(void)state;
	COMPARE_WRITES(none, "# Pilots vergeleken\n\nNiets te vergelijken.\n");
}

static void
hostile_text_escaped(void **state)
{
	static const char *const bad[] = {
		SESSION(S1, "A|B *x*", "2026-06-14"),
		ADVICE(A1, S1, "[klik](http://x.nl) <b>nu</b>"),
		SESSION(S2, "# Venlo", "2026-09-10"),
		NOTE("a0be000000000002", S2, "dont", "- `rm` | _weg_") "}",
	};

	(void)state;
	COMPARE_WRITES(bad,
	    "# Pilots vergeleken\n"
	    "\n"
	    "## Naast elkaar\n"
	    "\n"
	    "|  | A\\|B \\*x\\* | \\# Venlo |\n"
	    "|---|--:|--:|\n"
	    "| Werklabs | 14 juni 2026 | 10 september 2026 |\n"
	    "| Notities: dont | 0 | 1 |\n"
	    "| Adviezen: Zelf | 1 | 0 |\n"
	    "| Onderschreven | 0% | 0% |\n"
	    "| Opvolging: nog open | 1 | 0 |\n"
	    "| Tags |  |  |\n"
	    "\n"
	    "## Gedeeld\n"
	    "\n"
	    "### In een pilot\n"
	    "\n"
	    "- **Advies**: \\[klik\\](http\\://x.nl) \\<b\\>nu\\</b\\> "
	    "(A\\|B \\*x\\*)\n"
	    "- **Niet doen**: \\- \\`rm\\` \\| \\_weg\\_ (\\# Venlo)\n");
}

static void
missing_label(void **state)
{
	struct wl_lang *l;
	struct unit_cap cap;
	struct wl_error e;
	json_t *c = COMPARE(two);
	char *text, *cut;

	(void)state;
	/* The language file without its compare.tags line. */
	text = strdup(lang_text);
	assert_non_null(text);
	cut = strstr(text, "compare.tags");
	assert_non_null(cut);
	memmove(cut, strchr(cut, '\n') + 1, strlen(strchr(cut, '\n') + 1) + 1);
	l = wl_lang_parse("t", "lang/t", text, &e);
	free(text);
	assert_non_null(l);
	memset(&e, 0, sizeof(e));
	assert_int_equal(wl_compare_md(unit_cap_open(&cap), c, l, &e), -1);
	assert_string_equal(e.file, "lang/t");
	assert_string_equal(e.msg, "missing key 'compare.tags'");
	/* Nothing written. */
	unit_cap_is(&cap, "");
	wl_lang_free(l);
	json_decref(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_pilots),
		cmocka_unit_test(one_pilot),
		cmocka_unit_test(nothing_to_compare),
		cmocka_unit_test(hostile_text_escaped),
		cmocka_unit_test(missing_label),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
