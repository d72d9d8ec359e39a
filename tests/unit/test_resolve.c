/*
 * test_resolve.c - finding records by id prefix, the session to work
 * on, and participants by id, name or org
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
	REC("4e74000000000001", "retract") ",'ref':'" P7 "'}",
	NOTE("1"), NOTE("2"), NOTE("3"), NOTE("4"), NOTE("5"), NOTE("6"),
	NOTE("7"),
	REC(A1, "advice") ",'session':'" S1 "','perspective':'self',"
	    "'text':'t'}",
	REC("4e74000000000002", "retract") ",'ref':'" A1 "'}",
	SESSION(S2, "Venlo"),
	PERSON(P5, S2, "Bram", "Venlo"),
	PERSON(P6, S2, "Cafe", "Venlo"),
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
	const struct wl_rec *r = wl_journal_find(jr, prefix, mask, &e);

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
	assert_null(wl_journal_find(jr, prefix, mask, &e));
	assert_string_equal(e.msg, msg);
	assert_null(wl_journal_find(jr, prefix, mask, NULL));
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
	find_fails("5E55", WL_ANY_TYPE, "'5E55' is not an id: ids are hex, "
	    "at least 4 characters of them");
	find_fails("Jose", WL_ANY_TYPE, "'Jose' is not an id: ids are hex, "
	    "at least 4 characters of them");
	find_fails(S1 "0", WL_ANY_TYPE, "'" S1 "0' is not an id: ids are "
	    "hex, at least 4 characters of them");
	find_fails("beef", WL_ANY_TYPE, "no record with id 'beef'");
	find_fails("9a71", WL_TYPE_BIT(WL_SESSION),
	    "no session with id '9a71'");
	find_fails("5e55", WL_TYPE_BIT(WL_NOTE) | WL_TYPE_BIT(WL_ADVICE),
	    "no record with id '5e55'");
	find_fails("ad71", WL_ANY_TYPE, "advice '" A1 "' was retracted");
	find_fails(S3, WL_TYPE_BIT(WL_SESSION), "session '" S3 "' was "
	    "retracted");
	/* Through its session. */
	find_fails("9a77", WL_ANY_TYPE, "participant '" P7 "' was "
	    "retracted");
}

static void
find_by_type(void **state)
{
	(void)state;
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
	assert_string_equal(e.msg, "no session with id '9a71'");
	unsetenv("WL_SESSION");
	assert_null(wl_journal_session(jr, "5e55", &e));
	assert_string_equal(e.msg, "id '5e55' is ambiguous: " S1
	    " (session), " S2 " (session), " S3 " (session)");
	assert_null(wl_journal_session(jr, S3, &e));
	assert_string_equal(e.msg, "session '" S3 "' was retracted");
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
}

static void
participant_refused(void **state)
{
	(void)state;
	person_fails(S1, "Gemeente Roermond", "participant 'Gemeente "
	    "Roermond' is ambiguous: " P1 " (participant), " P4
	    " (participant)");
	person_fails(S1, "9a7", "no participant '9a7' in session " S1
	    " (see 'wl-session people')");
	person_fails(S1, "Anouk", "no participant 'Anouk' in session " S1
	    " (see 'wl-session people')");
	/* Somebody of another session is not found. */
	person_fails(S1, "Bram", "no participant 'Bram' in session " S1
	    " (see 'wl-session people')");
	person_fails(S1, "cafe0", "no participant 'cafe0' in session " S1
	    " (see 'wl-session people')");
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
		cmocka_unit_test(find_by_type),
		cmocka_unit_test(session_choice),
		cmocka_unit_test(session_none),
		cmocka_unit_test(participant_by_id_name_org),
		cmocka_unit_test(participant_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
