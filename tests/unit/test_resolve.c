/*
 * test_resolve.c - finding records by id prefix (either case), the
 * session to work on (by id, municipality or date), and participants
 * by id, name, org or the words of a name; the nearest names of a miss
 *
 * Journal lines are written with ' for " to keep them readable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S1 "5e55100000000000"
#define S2 "5e55200000000000"
#define S3 "5e55300000000000"
#define P1 "9a71000000000001"
#define P2 "9a72000000000002"
#define P3 "9a73000000000003"
#define P4 "9a74000000000004"
#define P5 "cafe000000000005"
#define P6 "9a76000000000006"
#define P7 "9a77000000000007"
#define P8 "9a78000000000008"
#define P9 "9a79000000000009"
#define K1 "b0b0000000000001"
#define K2 "b0b0000000000002"
#define A1 "ad71000000000001"

#define SESSION(id, m) REC(id, "session") ",'municipality':'" m "'," \
	"'date':'2026-06-14'}"
#define PERSON(id, s, name, org) REC(id, "participant") ",'session':'" s \
	"','role':'other','name':'" name "','org':'" org "'}"
#define NOTE(n) REC("a0be00000000000" n, "note") ",'session':'" S1 "'," \
	"'kind':'do','text':'t'}"

static const char *const lines[] = {
	SESSION(S1, "Roermond"),
	PERSON(P1, S1, "Jos\xc3\xa9 \xc3\x8blberg", "Gemeente Roermond"),
	PERSON(P2, S1, "Anouk de Vries", "Buurtinitiatief De Kas"),
	PERSON(P3, S1, "Caf\xc3\xa9", "Horeca"),
	PERSON(P4, S1, "Piet", "gemeente roermond"),
	PERSON(P7, S1, "Weg", "Weg"),
	PERSON(P8, S1, "Jan", "Wijkteam"),
	PERSON(P9, S1, "Jan Smit", "Wijkteam"),
	REC("4e74000000000001", "retract") ",'ref':'" P7 "'}",
	NOTE("1"), NOTE("2"), NOTE("3"), NOTE("4"), NOTE("5"), NOTE("6"),
	NOTE("7"),
	REC(A1, "advice") ",'session':'" S1 "','perspective':'self',"
	    "'text':'t'}",
	REC("4e74000000000002", "retract") ",'ref':'" A1 "'}",
	SESSION(S2, "Venlo"),
	PERSON(P5, S2, "Bram", "Venlo"),
	PERSON(P6, S2, "Cafe", "Venlo"),
	PERSON(K1, S2, "Kees Bakker", "Bakkerij"),
	PERSON(K2, S2, "kees bakker", "Bakkerij"),
	SESSION(S3, "Weert"),
	REC("4e74000000000003", "retract") ",'ref':'" S3 "'}",
};

static struct wl_journal *jr;

static int
setup(void **state)
{
	(void)state;
	unsetenv("WL_SESSION");
	if (unit_mkdir("resolve") < 0)
		return -1;
	jr = UNIT_LOAD("j.jsonl", lines);
	return 0;
}

static int
teardown(void **state)
{
	wl_journal_free(jr);
	return unit_teardown(state);
}

/* find must give the record with id want. */
static void
finds(const char *prefix, unsigned mask, const char *want)
{
	struct wl_error e;
	const struct wl_rec *r = wl_journal_find(jr, prefix, mask, NULL, &e);

	if (r == NULL)
		fail_msg("'%s' not found: %s", prefix, e.msg);
	assert_string_equal(wl_rec_id(r), want);
}

/* find must fail with msg. */
static void
find_fails(const char *prefix, unsigned mask, const char *msg)
{
	struct wl_error e;

	memset(&e, 0, sizeof(e));
	assert_null(wl_journal_find(jr, prefix, mask, NULL, &e));
	assert_string_equal(e.msg, msg);
	assert_null(wl_journal_find(jr, prefix, mask, NULL, NULL));
}

static void
find_by_prefix(void **state)
{
	(void)state;
	finds(S1, WL_ANY_TYPE, S1);
	finds("5e551", WL_ANY_TYPE, S1);
	finds("5e551000", WL_TYPE_BIT(WL_SESSION), S1);
	finds("a0be000000000003", WL_ANY_TYPE, "a0be000000000003");
}

static void
find_fails_clearly(void **state)
{
	(void)state;
	find_fails("5e55", WL_TYPE_BIT(WL_SESSION), "id '5e55' is "
	    "ambiguous: " S1 " (session), " S2 " (session), " S3
	    " (session)");
	find_fails("a0be", WL_ANY_TYPE, "id 'a0be' is ambiguous: "
	    "a0be000000000001 (note), a0be000000000002 (note), "
	    "a0be000000000003 (note), a0be000000000004 (note), "
	    "a0be000000000005 (note), and 2 more");
	find_fails("5e5", WL_ANY_TYPE, "'5e5' is not an id: ids are hex, "
	    "at least 4 characters of them");
	find_fails("", WL_ANY_TYPE, "'' is not an id: ids are hex, at least "
	    "4 characters of them");
	find_fails("5E55", WL_TYPE_BIT(WL_SESSION), "id '5e55' is "
	    "ambiguous: " S1 " (session), " S2 " (session), " S3
	    " (session)");
	find_fails("5E5G", WL_ANY_TYPE, "'5E5G' is not an id: ids are hex, "
	    "at least 4 characters of them");
	find_fails("Jose", WL_ANY_TYPE, "'Jose' is not an id: ids are hex, "
	    "at least 4 characters of them");
	find_fails(S1 "0", WL_ANY_TYPE, "'" S1 "0' is not an id: ids are "
	    "hex, at least 4 characters of them");
	find_fails("beef", WL_ANY_TYPE, "no record with id 'beef'");
	/* A record of another type says what it is. */
	find_fails("9a71", WL_TYPE_BIT(WL_SESSION),
	    P1 " is a participant, not a session");
	find_fails("A0BE000000000001", WL_TYPE_BIT(WL_ADVICE) |
	    WL_TYPE_BIT(WL_AGREEMENT), "a0be000000000001 is a note, not an "
	    "advice or an agreement");
	find_fails("5e55", WL_TYPE_BIT(WL_NOTE) | WL_TYPE_BIT(WL_ADVICE),
	    "no record with id '5e55'; it starts the ids of " S1
	    " (session), " S2 " (session), " S3 " (session)");
	find_fails("beef0", WL_TYPE_BIT(WL_NOTE), "no note with id 'beef0'");
	find_fails("ad71", WL_ANY_TYPE, "advice '" A1 "' was removed "
	    "(restore brings it back)");
	find_fails(S3, WL_TYPE_BIT(WL_SESSION), "session '" S3 "' was "
	    "removed (restore brings it back)");
	/* Through its session. */
	find_fails("9a77", WL_ANY_TYPE, "participant '" P7 "' was "
	    "removed (restore brings it back)");
}

/* The one word for a record of another type, with the verb. */
static void
find_as_verb(void **state)
{
	struct wl_error e;

	(void)state;
	assert_null(wl_journal_find(jr, "9A72", WL_TYPE_BIT(WL_ADVICE),
	    "endorse", &e));
	assert_string_equal(e.msg, P2 " is a participant; endorse takes an "
	    "advice");
	assert_int_equal(e.code, WL_ENOTFOUND);
	assert_non_null(wl_journal_find(jr, "9A72",
	    WL_TYPE_BIT(WL_PARTICIPANT), "endorse", &e));
}

static void
find_by_type(void **state)
{
	(void)state;
	finds("9A71", WL_TYPE_BIT(WL_PARTICIPANT), P1);
	finds("CAFE", WL_ANY_TYPE, P5);
	finds("9a71", WL_TYPE_BIT(WL_PARTICIPANT), P1);
	finds("5e552", WL_TYPE_BIT(WL_SESSION), S2);
	finds("a0be000000000007", WL_TYPE_BIT(WL_NOTE), "a0be000000000007");
	finds("cafe", WL_ANY_TYPE, P5);
}

/* wl_journal_session must give want. */
static void
session_is(const char *opt, const char *want)
{
	struct wl_error e;
	const struct wl_rec *r = wl_journal_session(jr, opt, &e);

	if (r == NULL)
		fail_msg("no session for '%s': %s", opt ? opt : "(null)",
		    e.msg);
	assert_string_equal(wl_rec_id(r), want);
}

static void
session_choice(void **state)
{
	struct wl_error e;

	(void)state;
	/* The latest, the retracted S3 aside. */
	session_is(NULL, S2);
	session_is("5e551", S1);
	setenv("WL_SESSION", "5e551", 1);
	session_is(NULL, S1);
	/* -s wins over the environment. */
	session_is("5e552", S2);
	setenv("WL_SESSION", "", 1);
	session_is(NULL, S2);
	setenv("WL_SESSION", "9a71", 1);
	assert_null(wl_journal_session(jr, NULL, &e));
	unsetenv("WL_SESSION");
	assert_string_equal(e.msg, P1 " is a participant; -s takes a "
	    "session");
	session_is("5E552", S2);
	assert_null(wl_journal_session(jr, "5e55", &e));
	assert_string_equal(e.msg, "id '5e55' is ambiguous: " S1
	    " (session), " S2 " (session), " S3 " (session)");
	assert_null(wl_journal_session(jr, S3, &e));
	assert_string_equal(e.msg, "session '" S3 "' was removed (restore "
	    "brings it back)");
}

/* -s by municipality, date, or both. */
static void
session_by_words(void **state)
{
	struct wl_error e;

	(void)state;
	session_is("venlo", S2);
	session_is("Roermond", S1);
	session_is("VENLO 2026-06-14", S2);
	session_is("2026-06-14 venlo", S2);
	memset(&e, 0, sizeof(e));
	assert_null(wl_journal_session(jr, "2026-06-14", &e));
	assert_int_equal(e.code, WL_EAMBIGUOUS);
	assert_string_equal(e.msg, "session '2026-06-14' is ambiguous; give "
	    "the id:\n  " S1 "  Roermond, 2026-06-14\n  " S2 "  Venlo, "
	    "2026-06-14");
	/* Weert's only session was retracted. */
	assert_null(wl_journal_session(jr, "Weert", &e));
	assert_int_equal(e.code, WL_ENOTFOUND);
	assert_string_equal(e.msg, "no session 'Weert': it is no session's "
	    "id, municipality or date (see 'wl-session list')");
	assert_null(wl_journal_session(jr, "Venl", &e));
	assert_string_equal(e.msg, "no session 'Venl': it is no session's "
	    "id, municipality or date; did you mean Venlo?");
	assert_null(wl_journal_session(jr, " ", &e));
	assert_string_equal(e.msg, "no session ' ': it is no session's "
	    "id, municipality or date (see 'wl-session list')");
	assert_null(wl_journal_session(jr, "", &e));
	assert_null(wl_journal_session(jr, "Venlo 2026-06-15", &e));
	assert_null(wl_journal_session(jr, "Venlo 2026-06-14 2026-06-14",
	    &e));
}

static void
session_none(void **state)
{
	static const char *const none[] = {
		REC("a0be000000000001", "poll") "}",
	};
	struct wl_journal *j = UNIT_LOAD("none.jsonl", none);
	struct wl_error e;

	(void)state;
	assert_non_null(j);
	assert_null(wl_journal_session(j, NULL, &e));
	assert_string_equal(e.msg, "no session in the journal; start one "
	    "with 'wl-session new'");
	wl_journal_free(j);
}

/* who in session sid must be participant want. */
static void
person_is(const char *sid, const char *who, const char *want)
{
	const struct wl_rec *s = wl_journal_get(jr, sid), *r;
	struct wl_error e;

	assert_non_null(s);
	r = wl_journal_participant(jr, s, who, &e);
	if (r == NULL)
		fail_msg("'%s' not found: %s", who, e.msg);
	assert_string_equal(wl_rec_id(r), want);
}

/* who in session sid must fail with msg. */
static void
person_fails(const char *sid, const char *who, const char *msg)
{
	const struct wl_rec *s = wl_journal_get(jr, sid);
	struct wl_error e;

	assert_non_null(s);
	memset(&e, 0, sizeof(e));
	assert_null(wl_journal_participant(jr, s, who, &e));
	assert_string_equal(e.msg, msg);
}

static void
participant_by_id_name_org(void **state)
{
	(void)state;
	person_is(S1, "9a72", P2);
	person_is(S1, P1, P1);
	person_is(S1, "jose elberg", P1);
	person_is(S1, "JOS\xc3\x89 \xc3\x8bLBERG", P1);
	person_is(S1, "Jos\xc3\xa9 \xc3\x8blberg", P1);
	person_is(S1, "buurtinitiatief de kas", P2);
	person_is(S1, "HORECA", P3);
	/* Hex-looking: no id starts with it here, so it is a name. */
	person_is(S1, "cafe", P3);
	/* In S2 an id starts with it: the id wins over the name. */
	person_is(S2, "cafe", P5);
	person_is(S2, "Bram", P5);
	person_is(S1, "9A72", P2);
}

/* A name's words: a unique first name or surname is enough; several
 * words typed may each be cut short; a whole name wins over words. */
static void
participant_by_words(void **state)
{
	(void)state;
	person_is(S1, "anouk", P2);
	person_is(S1, "VRIES", P2);
	person_is(S1, "Anouk V", P2);
	person_is(S1, "a de v", P2);
	person_is(S1, "jose", P1);
	person_is(S1, "Elberg", P1);
	person_is(S1, "jos\xc3\xa9 \xc3\xab", P1);
	person_is(S1, "smit", P9);
	person_is(S1, "Jan S", P9);
	/* "Jan" is somebody's whole name, and a word of "Jan Smit". */
	person_is(S1, "jan", P8);
	person_is(S1, "JAN", P8);
}

static void
participant_by_words_refused(void **state)
{
	(void)state;
	/* A single word is a whole word; words keep their order. */
	person_fails(S1, "anou", "no participant 'anou' in session " S1
	    "; did you mean Anouk de Vries?");
	person_fails(S1, "Vries Anouk", "no participant 'Vries Anouk' in "
	    "session " S1 " (see 'wl-session people')");
	person_fails(S1, "wijkteam", "participant 'wijkteam' is ambiguous; "
	    "give the full name or the id:\n"
	    "  " P8 "  Jan (other, Wijkteam)\n"
	    "  " P9 "  Jan Smit (other, Wijkteam)");
}

static void
participant_twice(void **state)
{
	(void)state;
	person_fails(S2, "KEES BAKKER", "participant 'KEES BAKKER' is "
	    "ambiguous: 2 participants have that name; give the id:\n"
	    "  " K1 "  Kees Bakker (other, Bakkerij)\n"
	    "  " K2 "  kees bakker (other, Bakkerij)\n"
	    "  (registered twice? withdraw one with 'wl-session rm ID')");
	person_fails(S2, "kees", "participant 'kees' is ambiguous: 2 "
	    "participants have that name; give the id:\n"
	    "  " K1 "  Kees Bakker (other, Bakkerij)\n"
	    "  " K2 "  kees bakker (other, Bakkerij)\n"
	    "  (registered twice? withdraw one with 'wl-session rm ID')");
	person_is(S2, "b0b0000000000002", K2);
}

/* The nearest names of a miss, by edit distance on folded names. */
static void
participant_near(void **state)
{
	(void)state;
	person_fails(S1, "Anouk de Vris", "no participant 'Anouk de Vris' "
	    "in session " S1 "; did you mean Anouk de Vries?");
	person_fails(S1, "Anuk", "no participant 'Anuk' in session " S1
	    "; did you mean Anouk de Vries?");
	person_fails(S1, "Horeka", "no participant 'Horeka' in session " S1
	    "; did you mean Horeca?");
	person_fails(S1, "Jon", "no participant 'Jon' in session " S1
	    "; did you mean Jan or Jan Smit?");
	person_fails(S1, "Zwaantje", "no participant 'Zwaantje' in "
	    "session " S1 " (see 'wl-session people')");
}

static void
edit_distance(void **state)
{
	(void)state;
	assert_int_equal(wl_edit_distance("", ""), 0);
	assert_int_equal(wl_edit_distance("lotte", ""), 5);
	assert_int_equal(wl_edit_distance("", "lotte"), 5);
	assert_int_equal(wl_edit_distance("lote", "lotte"), 1);
	assert_int_equal(wl_edit_distance("lotte", "lote"), 1);
	assert_int_equal(wl_edit_distance("jansen", "janssen"), 1);
	assert_int_equal(wl_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(wl_edit_distance("abc", "cba"), 2);
}

/* What new learns of a municipality: its spelling, a session on a
 * day that is not retracted; escaped lines are parsed. */
static void
municipality_known(void **state)
{
	static const char *const esc[] = {
		SESSION("e5c0000000000001", "S\\u00fadwest-Frysl\\u00e2n"),
	};
	char *sp, same[WL_ID_LEN + 1];

	(void)state;
	assert_int_equal(wl_journal_municipality(unit_path("j.jsonl"),
	    "VENLO", "2026-06-14", &sp, same, NULL), 0);
	assert_string_equal(sp, "Venlo");
	assert_string_equal(same, S2);
	free(sp);
	assert_int_equal(wl_journal_municipality(unit_path("j.jsonl"),
	    "venlo", "2026-06-15", &sp, same, NULL), 0);
	assert_string_equal(sp, "Venlo");
	assert_string_equal(same, "");
	free(sp);
	/* Weert's session was retracted: the spelling stays. */
	assert_int_equal(wl_journal_municipality(unit_path("j.jsonl"),
	    "weert", "2026-06-14", &sp, same, NULL), 0);
	assert_string_equal(sp, "Weert");
	assert_string_equal(same, "");
	free(sp);
	assert_int_equal(wl_journal_municipality(unit_path("j.jsonl"),
	    "Zwolle", "2026-06-14", &sp, same, NULL), 0);
	assert_null(sp);
	assert_int_equal(wl_journal_municipality(unit_path("none.jsonl.x"),
	    "Zwolle", "2026-06-14", &sp, same, NULL), 0);
	assert_null(sp);
	assert_string_equal(same, "");
	assert_int_equal(wl_journal_municipality(UNIT_JOURNAL("esc.jsonl",
	    esc), "sudwest-fryslan", "2026-06-14", &sp, same, NULL), 0);
	assert_string_equal(sp, "S\xc3\xba" "dwest-Frysl\xc3\xa2n");
	assert_string_equal(same, "e5c0000000000001");
	free(sp);
}

static void
id_prefix_fold(void **state)
{
	char out[WL_ID_LEN + 1];

	(void)state;
	assert_int_equal(wl_id_prefix_fold("974E", out), 1);
	assert_string_equal(out, "974e");
	assert_int_equal(wl_id_prefix_fold("AbCdEf0123456789", out), 1);
	assert_string_equal(out, "abcdef0123456789");
	assert_int_equal(wl_id_prefix_fold("974", out), 0);
	assert_int_equal(wl_id_prefix_fold("974G", out), 0);
	assert_int_equal(wl_id_prefix_fold("abcdef01234567890", out), 0);
}

static void
participant_refused(void **state)
{
	(void)state;
	person_fails(S1, "Gemeente Roermond", "participant 'Gemeente "
	    "Roermond' is ambiguous; give the full name or the id:\n"
	    "  " P1 "  Jos\xc3\xa9 \xc3\x8blberg (other, Gemeente Roermond)\n"
	    "  " P4 "  Piet (other, gemeente roermond)");
	person_fails(S1, "9a7", "no participant '9a7' in session " S1
	    " (see 'wl-session people')");
	/* Somebody of another session is not found, but named, with
	 * the -s that finds them. */
	person_fails(S1, "Bram", "no participant 'Bram' in session " S1
	    "; Bram is in session " S2 " (Venlo, 2026-06-14); add -s 5e552");
	person_fails(S1, "cafe0", "no participant 'cafe0' in session " S1
	    "; Bram is in session " S2 " (Venlo, 2026-06-14); add -s 5e552");
	person_fails(S2, "anouk", "no participant 'anouk' in session " S2
	    "; Anouk de Vries is in session " S1 " (Roermond, 2026-06-14); "
	    "add -s 5e551");
	/* A retracted participant is not found. */
	person_fails(S1, "Weg", "no participant 'Weg' in session " S1
	    " (see 'wl-session people')");
	person_fails(S1, "9a77", "no participant '9a77' in session " S1
	    " (see 'wl-session people')");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(find_by_prefix),
		cmocka_unit_test(find_fails_clearly),
		cmocka_unit_test(find_as_verb),
		cmocka_unit_test(find_by_type),
		cmocka_unit_test(session_choice),
		cmocka_unit_test(session_by_words),
		cmocka_unit_test(session_none),
		cmocka_unit_test(participant_by_id_name_org),
		cmocka_unit_test(participant_refused),
		cmocka_unit_test(participant_by_words),
		cmocka_unit_test(participant_by_words_refused),
		cmocka_unit_test(participant_twice),
		cmocka_unit_test(participant_near),
		cmocka_unit_test(edit_distance),
		cmocka_unit_test(id_prefix_fold),
		cmocka_unit_test(municipality_known),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
