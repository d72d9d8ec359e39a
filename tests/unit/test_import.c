/*
 * test_import.c - journal-shaped lines from elsewhere: what is filled
 * in, every error said as FILE:LINE:COL, what is skipped as there
 * already, references checked over the journal and the whole input,
 * and nothing at all returned when anything is wrong
 *
 * Lines are written with ' for " to keep them readable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S1 "5e55100000000001"
#define P1 "9a71000000000001"
#define N1 "a0be000000000001"
#define A1 "ad71000000000001"
#define X1 "a0be0000000000f1"	/* new in the input */
#define X2 "a0be0000000000f2"
#define A2 "ad710000000000f2"
#define Z0 "0000000000000000"	/* stands in for a fresh id */

#define NOTE(id, text) REC(id, "note") ",'session':'" S1 "','kind':'do'," \
	"'text':'" text "'}"

/* The journal the input is imported into. */
static const char *const journal[] = {
	REC(S1, "session") ",'municipality':'Roermond','date':'2026-06-14'}",
	REC(P1, "participant") ",'session':'" S1 "','role':'initiator'}",
	NOTE(N1, "oud"),
	AMEND("a3e0000000000001", N1, "{'text':'nieuw'}"),
	REC(A1, "advice") ",'session':'" S1 "','perspective':'self',"
	    "'text':'Luister'}",
};

static char in[160];		/* the file to import */

static int
setup(void **state)
{
	(void)state;
	setenv("WL_NOW", AT, 1);
	setenv("WL_DATADIR", "share", 0);
	if (unit_mkdir("import") < 0)
		return -1;
	snprintf(in, sizeof(in), "%s", unit_path("in.jsonl"));
	return 0;
}

/* One import: what it returned, and what was said. */
struct run {
	json_t **recs;
	size_t n;
	struct unit_seen seen;
	struct wl_error e;
};

/* Import text (' for ") into a fresh copy of the journal, into its
 * session when with_session, notes by default. */
static json_t **
import(struct run *r, const char *text, int with_session)
{
	struct wl_diag d = UNIT_DIAG(&r->seen);
	struct wl_journal *j = UNIT_LOAD("j.jsonl", journal);
	struct wl_import *im;

	unit_put(in, unit_q(text));
	if ((im = wl_import_read(in, &d, &r->e)) == NULL)
		fail_msg("wl_import_read: %s", r->e.msg);
	r->recs = wl_import_check(im, j, with_session ? wl_journal_get(j,
	    S1) : NULL, WL_NOTE, &r->n, NULL, NULL, &d, &r->e);
	wl_import_free(im);
	wl_journal_free(j);
	return r->recs;
}

/* The records of r must encode to the lines of want (' for "), and
 * nothing have been said; then they are freed. */
static void
records_are(struct run *r, const char *want)
{
	struct unit_cap c;
	FILE *fp = unit_cap_open(&c);

	if (r->seen.n > 0)
		fail_msg("%d messages, first: %s", r->seen.n, r->seen.text[0]);
	assert_non_null(r->recs);
	for (size_t i = 0; i < r->n; i++) {
		size_t len;
		char *line = wl_line_encode(r->recs[i], &len);

		assert_non_null(line);
		fputs(line, fp);
		free(line);
		json_decref(r->recs[i]);
	}
	free(r->recs);
	unit_cap_is(&c, unit_q(want));
}

/* Nothing returned; message i of r must be "in:want", an error. */
static void
error_is(const struct run *r, int i, const char *want)
{
	assert_null(r->recs);
	unit_said(&r->seen, i, WL_ERROR, in, want);
}

static void
fills_in(void **state)
{
	struct run r = { 0 };

	(void)state;
	import(&r, "{'kind':'do','text':'Bel terug'}\n"
	    "{'type':'advice','perspective':'self','text':'Meer tijd',"
	    "'id':'" A2 "','at':'2026-01-02T03:04:05Z'}\n"
	    "{'type':'endorsement','ref':'" A1 "','by':'" P1 "',"
	    "'stance':'endorse','id':'e0d00000000000f1'}\n", 1);
	assert_int_equal(r.n, 3);
	/* A fresh id where there was none. */
	assert_true(wl_id_valid(wl_field_str(r.recs[0], "id")));
	assert_string_not_equal(wl_field_str(r.recs[0], "id"), Z0);
	json_object_set_new(r.recs[0], "id", json_string(Z0));
	/* The default type, the time now, the session and the block add
	 * gives a do: filled in; an endorsement has no session; what is
	 * given stays (a record with an id gets no block). */
	records_are(&r, REC(Z0, "note") ",'session':'" S1 "','kind':'do',"
	    "'text':'Bel terug','block':2}\n"
	    "{'id':'" A2 "','type':'advice','at':'2026-01-02T03:04:05Z',"
	    "'session':'" S1 "','perspective':'self','text':'Meer tijd'}\n"
	    REC("e0d00000000000f1", "endorsement") ",'ref':'" A1 "','by':'"
	    P1 "','stance':'endorse'}\n");
}

static void
no_session_to_fill(void **state)
{
	struct run r = { 0 };

	(void)state;
	/* Without a session, a note must name one; an endorsement not. */
	import(&r, "{'type':'endorsement','ref':'" A1 "','by':'" P1 "',"
	    "'stance':'endorse'}\n"
	    "{'kind':'do','text':'x'}\n"
	    "{'kind':'do','text':'y','session':'" S1 "'}\n", 0);
	assert_int_equal(r.seen.n, 1);
	error_is(&r, 0, "2:1: no 'session', and no session to put in "
	    "(give -s)");
	assert_string_equal(r.e.msg, "nothing imported (1 error)");
}

static void
every_error_located(void **state)
{
	struct run r = { 0 };

	(void)state;
	r.n = 99;
	import(&r,
	    /* 1: syntax */
	    "{'kind':'do','text':'x'\n"
	    /* 2, 3: types unknown here, on records that are not whole */
	    "{'type':'poll','q':1}\n"
	    "{'kind':'do','type':7,'text':'x'}\n"
	    /* 4, 5, 6: the schema */
	    "{'kind':'wish','text':'x'}\n"
	    "{'kind':'do'}\n"
	    "{'kind':'do','text':'x','block':1.5}\n"
	    /* 7: not UTF-8 */
	    "{'kind':'do','text':'\xff'}\n"
	    /* 8, 9: references, said after the lines */
	    "{'kind':'do','text':'x','session':'ffffffffffffffff'}\n"
	    "{'type':'endorsement','ref':'" N1 "','by':'" P1 "',"
	    "'stance':'endorse'}\n"
	    /* 10: fine, and not imported all the same */
	    "{'kind':'do','text':'goed'}\n", 1);
	assert_int_equal(r.n, 99);
	assert_int_equal(r.seen.n, 9);
	error_is(&r, 0, "1:23: unexpected end of line: incomplete JSON");
	error_is(&r, 1, "2:2: unknown type 'poll'");
	error_is(&r, 2, "3:14: unknown type '?'");
	/* The kinds with their words of share/lang (setup). */
	error_is(&r, 3, "4:2: unknown kind 'wish' (one of: expectation "
	    "(verwachting), question (vraag), observation (observatie, "
	    "waarneming), do, dont (don't), idea (idee), quote (citaat, "
	    "uitspraak))");
	error_is(&r, 4, "5:1: missing required field 'text' (type note)");
	error_is(&r, 5, "6:25: numbers must be integers: a journal holds no "
	    "fractions or exponents");
	error_is(&r, 6, "7:22: invalid UTF-8");
	error_is(&r, 7, "8:25: 'session' names no record "
	    "'ffffffffffffffff'");
	error_is(&r, 8, "9:23: 'ref' names a record of type note ('" N1 "'), "
	    "not advice");
	assert_string_equal(r.e.msg, "nothing imported (9 errors)");
}

static void
already_there_skipped(void **state)
{
	struct run r = { 0 };

	(void)state;
	import(&r,
	    /* in the journal as written, and as amended since */
	    NOTE(N1, "oud") "\n" NOTE(N1, "nieuw") "\n"
	    /* new, then twice again: once to the byte, once reordered */
	    NOTE(X1, "een") "\n" NOTE(X1, "een") "\n"
	    "{'text':'een','kind':'do','session':'" S1 "','at':'" AT "',"
	    "'type':'note','id':'" X1 "'}\n"
	    /* filled in, it is the same record as the one above */
	    "{'id':'" X1 "','kind':'do','text':'een'}\n", 1);
	assert_int_equal(r.n, 1);
	records_are(&r, NOTE(X1, "een") "\n");
}

static void
id_taken(void **state)
{
	struct run r = { 0 };

	(void)state;
	/* Same id, other content: in the journal, or above in the input. */
	import(&r, NOTE(N1, "anders") "\n" NOTE(X2, "twee") "\n"
	    NOTE(X2, "drie") "\n", 1);
	assert_int_equal(r.seen.n, 2);
	error_is(&r, 0, "1:2: id '" N1 "' is already used in the journal");
	error_is(&r, 1, "3:2: id '" X2 "' is already used above");
	assert_string_equal(r.e.msg, "nothing imported (2 errors)");
}

static void
references_resolved(void **state)
{
	struct run r = { 0 };

	(void)state;
	/* To the journal, to a later line and to an earlier one. */
	import(&r, ENDORSE("e0d00000000000f1", A2, P1, "reservations") "\n"
	    STATUS("57a70000000000f1", A1, "adopted") "\n"
	    REC(A2, "advice") ",'session':'" S1 "','perspective':'self',"
	    "'text':'Later'}\n"
	    AMEND("a3e00000000000f1", A2, "{'text':'Later, anders'}") "\n"
	    AMEND("a3e00000000000f2", N1, "{'kind':'dont'}") "\n", 1);
	assert_int_equal(r.n, 5);
	/* In the order of the input. */
	records_are(&r, ENDORSE("e0d00000000000f1", A2, P1, "reservations")
	    "\n" STATUS("57a70000000000f1", A1, "adopted") "\n"
	    REC(A2, "advice") ",'session':'" S1 "','perspective':'self',"
	    "'text':'Later'}\n"
	    AMEND("a3e00000000000f1", A2, "{'text':'Later, anders'}") "\n"
	    AMEND("a3e00000000000f2", N1, "{'kind':'dont'}") "\n");
}

static void
unknown_type_whole_only(void **state)
{
	struct run r = { 0 }, bad = { 0 };

	(void)state;
	/* As a newer wl writes it: kept as it is, nothing filled in,
	 * its "ref" not looked at. */
	import(&r, REC("0000000000000001", "poll") ",'q':'?',"
	    "'ref':'ffffffffffffffff'}\n", 1);
	records_are(&r, REC("0000000000000001", "poll") ",'q':'?',"
	    "'ref':'ffffffffffffffff'}\n");
	/* Without its at (or id), a mistake. */
	import(&bad, "{'id':'0000000000000001','type':'poll'}\n", 1);
	error_is(&bad, 0, "1:26: unknown type 'poll'");
}

static void
torn_or_missing_input(void **state)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct run r = { 0 };
	struct wl_import *im;
	struct wl_error e;

	(void)state;
	/* A last line without its newline is an error, not a warning. */
	unit_put(in, unit_q(NOTE(X1, "een") "\n{'kind':'do','text':'x'}"));
	im = wl_import_read(in, &d, &e);
	assert_non_null(im);
	assert_int_equal(d.nerrors, 1);
	unit_said(&s, 0, WL_ERROR, in, "2: last line has no newline at the "
	    "end");
	wl_import_free(im);
	wl_import_free(NULL);

	assert_null(wl_import_read(unit_path("none.jsonl"), &d, &e));
	assert_string_equal(e.file, unit_path("none.jsonl"));
	assert_string_equal(e.msg, "cannot open: No such file or directory");

	/* Nothing to import: an empty array, not an error. */
	r.n = 99;
	import(&r, "", 1);
	assert_int_equal(r.n, 0);
	records_are(&r, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fills_in),
		cmocka_unit_test(no_session_to_fill),
		cmocka_unit_test(every_error_located),
		cmocka_unit_test(already_there_skipped),
		cmocka_unit_test(id_taken),
		cmocka_unit_test(references_resolved),
		cmocka_unit_test(unknown_type_whole_only),
		cmocka_unit_test(torn_or_missing_input),
	};

	return cmocka_run_group_tests(tests, setup, unit_teardown);
}
