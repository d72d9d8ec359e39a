/*
 * test_fold.c - the current state: amend, retract, status, stale and
 * superseded endorsements
 *
 * Journal lines are written with ' for " to keep them readable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "journal.h"

#define S1 "5e55100000000000"
#define S2 "5e55200000000000"
#define P1 "9a71000000000001"
#define P2 "9a72000000000002"
#define N1 "a0be000000000001"
#define N2 "a0be000000000002"
#define A1 "ad71000000000001"
#define A2 "ad72000000000002"
#define A3 "ad73000000000003"
#define G1 "a94e000000000001"
#define E1 "e0d0000000000001"
#define E2 "e0d0000000000002"
#define E3 "e0d0000000000003"
#define M1 "a3e0000000000001"
#define M2 "a3e0000000000002"
#define M3 "a3e0000000000003"
#define R1 "4e74000000000001"
#define R2 "4e74000000000002"
#define T1 "57a7000000000001"
#define T2 "57a7000000000002"
#define T3 "57a7000000000003"
#define T4 "57a7000000000004"
#define T5 "57a7000000000005"

#define SESSION(id) REC(id, "session") ",'municipality':'Roermond'," \
	"'date':'2026-06-14'}"
#define PERSON(id, s) REC(id, "participant") ",'session':'" s "'," \
	"'role':'initiator'}"
#define NOTE(id, s, text) REC(id, "note") ",'session':'" s "'," \
	"'kind':'do','text':'" text "'}"
#define ADVICE(id, s, text) REC(id, "advice") ",'session':'" s "'," \
	"'perspective':'self','text':'" text "','tags':['a']}"
#define AGREEMENT(id, s) REC(id, "agreement") ",'session':'" s "'," \
	"'text':'bellen'}"

static char path[160];	/* the journal's: messages start with it */

static int
setup(void **state)
{
	(void)state;
	if (unit_mkdir("fold") < 0)
		return -1;
	snprintf(path, sizeof(path), "%s", unit_path("j.jsonl"));
	return 0;
}

/* Write the lines (' for ") to path and load it. */
#define LOAD(lines, d) unit_load(UNIT_JOURNAL("j.jsonl", lines), d)

static const struct wl_rec *
get(const struct wl_journal *j, const char *id)
{
	const struct wl_rec *r = wl_journal_get(j, id);

	if (r == NULL)
		fail_msg("no record %s", id);
	return r;
}

static void
amend_applies(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		REC(N1, "note") ",'session':'" S1 "','kind':'do','text':'oud',"
		    "'block':2,'tags':['x'],'extra':1}",
		AMEND(M1, N1, "{'text':'nieuw','block':null,'kind':'dont'}"),
		AMEND(M2, N1, "{'tags':['y','z'],'extra':null}"),
	};
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_journal *j = LOAD(lines, &d);
	const struct wl_rec *n = get(j, N1);
	json_t *now, *orig;

	(void)state;
	assert_int_equal(s.n, 0);
	assert_string_equal(wl_rec_str(n, "text"), "nieuw");
	assert_string_equal(wl_rec_str(n, "kind"), "dont");
	/* null in set deletes the optional field. */
	now = wl_rec_json(n);
	assert_null(json_object_get(now, "block"));
	assert_int_equal(wl_rec_int(n, "block", -1), -1);
	assert_null(json_object_get(now, "extra"));
	assert_string_equal(wl_rec_item(n, "tags", 1), "z");
	assert_null(wl_rec_item(n, "tags", 2));
	json_decref(now);
	/* The record as written is untouched. */
	orig = wl_rec_orig_json(n);
	assert_string_equal(wl_field_str(orig, "text"), "oud");
	assert_int_equal(wl_field_int(orig, "block", -1), 2);
	json_decref(orig);
	assert_ptr_equal(wl_rec_parent(get(j, M1)), n);
	wl_journal_free(j);
}

static void
bad_amend_not_applied(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		NOTE(N1, S1, "oud"),
		AMEND(M1, N1, "{'text':'nieuw','kind':'maybe'}"),
		AMEND(M2, N1, "{'text':null}"),
	};
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_journal *j = LOAD(lines, &d);
	const struct wl_rec *n = get(j, N1);

	(void)state;
	assert_string_equal(wl_rec_str(n, "text"), "oud");
	assert_string_equal(wl_rec_str(n, "kind"), "do");
	/* A warning each, as a bad reference: the amend is left out and
	 * the journal still reads. */
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(d.nwarnings, 2);
	assert_int_equal(s.code[0], WL_P_AMEND);
	unit_said(&s, 0, WL_WARNING, path, "3:94: amend of a record of type "
	    "note: unknown kind 'maybe' (one of: expectation, question, "
	    "observation, do, dont, idea, quote)");
	unit_said(&s, 1, WL_WARNING, path, "4:94: amend of a record of type "
	    "note: 'text' must be a string");
	wl_journal_free(j);
}

static void
retract_hides(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		PERSON(P1, S1),
		ADVICE(A1, S1, "luister"),
		ENDORSE(E1, A1, P1, "endorse"),
		STATUS(T1, A1, "presented"),
		RETRACT(R1, A1),
		NOTE(N1, S1, "blijft"),
	};
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_journal *j = LOAD(lines, &d);

	(void)state;
	assert_int_equal(s.n, 0);
	assert_true(wl_rec_retracted(get(j, A1)));
	/* What hangs from it goes with it. */
	assert_true(wl_rec_retracted(get(j, E1)));
	assert_true(wl_rec_retracted(get(j, T1)));
	assert_false(wl_rec_retracted(get(j, S1)));
	assert_false(wl_rec_retracted(get(j, P1)));
	assert_false(wl_rec_retracted(get(j, N1)));
	assert_ptr_equal(wl_rec_session(get(j, E1)), get(j, S1));
	wl_journal_free(j);
}

static void
retract_session_hides_its_records(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		SESSION(S2),
		PERSON(P1, S1),
		NOTE(N1, S1, "weg"),
		ADVICE(A1, S1, "weg"),
		ENDORSE(E1, A1, P1, "endorse"),
		AGREEMENT(G1, S1),
		STATUS(T1, G1, "done"),
		NOTE(N2, S2, "blijft"),
		RETRACT(R1, S1),
	};
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_journal *j = LOAD(lines, &d);
	static const char *const gone[] = { S1, P1, N1, A1, E1, G1, T1 };

	(void)state;
	assert_int_equal(d.nerrors + d.nwarnings, 0);
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		if (!wl_rec_retracted(get(j, gone[i])))
			fail_msg("%s not retracted", gone[i]);
	assert_false(wl_rec_retracted(get(j, S2)));
	assert_false(wl_rec_retracted(get(j, N2)));
	wl_journal_free(j);
}

static void
retract_of_amend_undoes_it(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		NOTE(N1, S1, "oud"),
		AMEND(M1, N1, "{'text':'nieuw'}"),
		AMEND(M2, N1, "{'block':2}"),
		RETRACT(R1, M1),
	};
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_journal *j = LOAD(lines, &d);
	const struct wl_rec *n = get(j, N1);

	(void)state;
	if (s.n > 0)
		fail_msg("%s", s.text[0]);
	assert_string_equal(wl_rec_str(n, "text"), "oud");
	assert_int_equal(wl_rec_int(n, "block", -1), 2);
	assert_false(wl_rec_retracted(n));
	assert_true(wl_rec_retracted(get(j, M1)));
	wl_journal_free(j);
}

static void
last_status_wins(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		ADVICE(A1, S1, "t"),
		AGREEMENT(G1, S1),
		NOTE(N1, S1, "n"),
		STATUS(T1, A1, "presented"),
		STATUS(T2, A1, "adopted"),
		STATUS(T3, A1, "done"),
		STATUS(T4, G1, "done"),
		STATUS(T5, G1, "dropped"),
		RETRACT(R1, T5),
		STATUS(E1, N1, "adopted"),
	};
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_journal *j = LOAD(lines, &d);

	(void)state;
	assert_string_equal(wl_rec_status(get(j, A1)), "adopted");
	/* The retracted "dropped" does not count. */
	assert_string_equal(wl_rec_status(get(j, G1)), "done");
	assert_null(wl_rec_status(get(j, N1)));
	assert_null(wl_rec_status(get(j, S1)));
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(d.nwarnings, 2);
	unit_said(&s, 0, WL_WARNING, path, "11:70: 'ref' names a record of "
	    "type note ('" N1 "'), not advice or agreement");
	unit_said(&s, 1, WL_WARNING, path, "7:95: status 'done' does not fit "
	    "a record of type advice");
	wl_journal_free(j);
}

static void
amended_status(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		ADVICE(A1, S1, "t"),
		STATUS(T1, A1, "presented"),
		AMEND(M1, T1, "{'note':'klaar'}"),
		AMEND(M2, T1, "{'status':'implemented'}"),
	};
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_journal *j = LOAD(lines, &d);

	(void)state;
	/* A status changes by a new status record; its note may be
	 * corrected. */
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(d.nwarnings, 1);
	assert_string_equal(wl_rec_status(get(j, A1)), "presented");
	assert_string_equal(wl_rec_str(get(j, T1), "note"), "klaar");
	wl_journal_free(j);
}

static void
stale_endorsements(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		PERSON(P1, S1),
		PERSON(P2, S1),
		/* A1: endorsed, then its text changed: stale.  "Then" is
		 * the order of "at" (then ids), not of lines. */
		ADVICE(A1, S1, "een"),
		AMEND_AT(M1, A1, "{'text':'een, anders'}", LATER),
		ENDORSE(E1, A1, P1, "endorse"),
		ENDORSE(E2, A1, P2, "reservations"),
		/* A2: endorsed, then only its tags changed: not stale. */
		ADVICE(A2, S1, "twee"),
		ENDORSE(E3, A2, P1, "endorse"),
		AMEND(M2, A2, "{'tags':['b'],'perspective':'colleagues'}"),
		/* A3: text changed, then endorsed: not stale. */
		ADVICE(A3, S1, "drie"),
		ENDORSE_AT(T1, A3, P1, "endorse", LATER),
		AMEND(M3, A3, "{'text':'drie, anders'}"),
	};
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_journal *j = LOAD(lines, &d);
	int stale = -1;

	(void)state;
	assert_int_equal(d.nerrors + d.nwarnings, 0);
	assert_true(wl_rec_stale(get(j, E1)));
	assert_true(wl_rec_stale(get(j, E2)));
	assert_int_equal(wl_rec_endorsements(get(j, A1), NULL, &stale), 2);
	assert_int_equal(stale, 2);
	/* By stance, apart: a reservation is no support. */
	assert_int_equal(wl_rec_endorsements(get(j, A1), "endorse", &stale),
	    1);
	assert_int_equal(stale, 1);
	assert_int_equal(wl_rec_endorsements(get(j, A1), "reservations",
	    &stale), 1);
	assert_int_equal(stale, 1);
	assert_int_equal(wl_rec_endorsements(get(j, A1), "object", &stale),
	    0);
	assert_int_equal(stale, 0);
	assert_int_equal(wl_rec_endorsements(get(j, A1), "maybe", &stale),
	    0);
	assert_int_equal(stale, 0);
	assert_false(wl_rec_stale(get(j, E3)));
	assert_int_equal(wl_rec_endorsements(get(j, A2), NULL, &stale), 1);
	assert_int_equal(stale, 0);
	assert_string_equal(wl_rec_str(get(j, A2), "perspective"),
	    "colleagues");
	assert_false(wl_rec_stale(get(j, T1)));
	assert_int_equal(wl_rec_endorsements(get(j, A3), NULL, &stale), 1);
	assert_int_equal(stale, 0);
	assert_int_equal(wl_rec_endorsements(get(j, A3), NULL, NULL), 1);
	/* Only endorsements are stale. */
	assert_false(wl_rec_stale(get(j, M1)));
	assert_false(wl_rec_stale(get(j, A1)));
	wl_journal_free(j);
}

static void
later_endorsement_supersedes(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		PERSON(P1, S1),
		PERSON(P2, S1),
		ADVICE(A1, S1, "een"),
		ENDORSE(E1, A1, P1, "endorse"),
		AMEND(M1, A1, "{'text':'een, anders'}"),
		ENDORSE(E2, A1, P2, "endorse"),
		ENDORSE(E3, A1, P1, "object"),
		/* A2: the later one is retracted, so the first stands. */
		ADVICE(A2, S1, "twee"),
		ENDORSE(T1, A2, P1, "endorse"),
		ENDORSE(T2, A2, P1, "object"),
		RETRACT(R1, T2),
	};
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_journal *j = LOAD(lines, &d);
	int stale = -1;

	(void)state;
	assert_int_equal(d.nerrors + d.nwarnings, 0);
	assert_true(wl_rec_superseded(get(j, E1)));
	assert_false(wl_rec_superseded(get(j, E2)));
	assert_false(wl_rec_superseded(get(j, E3)));
	/* P1 counts once, with the new (not stale) stance. */
	assert_int_equal(wl_rec_endorsements(get(j, A1), NULL, &stale), 2);
	assert_int_equal(stale, 0);
	assert_false(wl_rec_superseded(get(j, T1)));
	assert_int_equal(wl_rec_endorsements(get(j, A2), NULL, &stale), 1);
	assert_int_equal(stale, 0);
	wl_journal_free(j);
}

/* Order does not matter: statuses, amends and endorsements of a record
 * count in the order of "at", then id, whatever the order of lines (a
 * merge decides that). */
static void
order_of_records_not_lines(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		PERSON(P1, S1),
		ADVICE(A1, S1, "een"),
		ADVICE(A2, S1, "twee"),
		/* The later status comes first in the file. */
		STATUS_AT(T2, A1, "rejected", LATER),
		STATUS(T1, A1, "adopted"),
		/* Two amends of one field: the later "at" wins. */
		AMEND_AT(M1, A2, "{'text':'twee, later'}", LATER),
		AMEND(M2, A2, "{'text':'twee, eerder'}"),
		/* The later endorsement, first in the file, stands; it is
		 * not stale: the rewording came before it. */
		ENDORSE_AT(E2, A2, P1, "object", "2026-06-14T11:00:00Z"),
		ENDORSE(E1, A2, P1, "endorse"),
		/* Equal "at": the larger id is the later. */
		STATUS(T4, A1, "presented"),
		STATUS(T3, A1, "implemented"),
	};
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_journal *j = LOAD(lines, &d);
	int stale = -1;

	(void)state;
	assert_int_equal(d.nerrors + d.nwarnings, 0);
	assert_string_equal(wl_rec_status(get(j, A1)), "rejected");
	assert_string_equal(wl_rec_str(get(j, A2), "text"), "twee, later");
	assert_true(wl_rec_superseded(get(j, E1)));
	assert_false(wl_rec_superseded(get(j, E2)));
	assert_false(wl_rec_stale(get(j, E2)));
	assert_true(wl_rec_stale(get(j, E1)));
	assert_int_equal(wl_rec_endorsements(get(j, A2), NULL, &stale), 1);
	assert_int_equal(stale, 0);
	wl_journal_free(j);
}

static void
retracted_endorsement_not_counted(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		PERSON(P1, S1),
		PERSON(P2, S1),
		ADVICE(A1, S1, "een"),
		ENDORSE(E1, A1, P1, "endorse"),
		ENDORSE(E2, A1, P2, "endorse"),
		RETRACT(R1, E2),
		/* Retracting the participant hides what they endorsed? No:
		 * the endorsement hangs from the advice, not the person. */
		RETRACT(R2, P1),
	};
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_journal *j = LOAD(lines, &d);

	(void)state;
	assert_int_equal(d.nerrors + d.nwarnings, 0);
	assert_int_equal(wl_rec_endorsements(get(j, A1), NULL, NULL), 1);
	assert_true(wl_rec_retracted(get(j, E2)));
	assert_true(wl_rec_retracted(get(j, P1)));
	wl_journal_free(j);
}

static void
session_blocks(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		REC(S2, "session") ",'municipality':'Venlo',"
		    "'date':'2026-06-15',"
		    "'blocks':[{'n':1,'title':'A'},{'n':2,'title':'B'}]}",
	};
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_journal *j = LOAD(lines, &d);
	struct wl_error err;

	(void)state;
	assert_int_equal(wl_session_nblocks(get(j, S1)), 3);
	assert_int_equal(wl_session_nblocks(get(j, S2)), 2);
	/* What add and a list filter ask: the rule's own words. */
	assert_int_equal(wl_session_check_block(get(j, S2), 2, &err), 0);
	assert_int_equal(wl_session_check_block(get(j, S2), 3, &err), -1);
	assert_int_equal(err.code, WL_P_BLOCK);
	assert_string_equal(err.msg, "block 3 is not in its session (it has "
	    "blocks 1 to 2)");
	assert_int_equal(wl_session_check_block(get(j, S1), 3, NULL), 0);
	wl_journal_free(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amend_applies),
		cmocka_unit_test(bad_amend_not_applied),
		cmocka_unit_test(retract_hides),
		cmocka_unit_test(retract_session_hides_its_records),
		cmocka_unit_test(retract_of_amend_undoes_it),
		cmocka_unit_test(last_status_wins),
		cmocka_unit_test(amended_status),
		cmocka_unit_test(stale_endorsements),
		cmocka_unit_test(later_endorsement_supersedes),
		cmocka_unit_test(order_of_records_not_lines),
		cmocka_unit_test(retracted_endorsement_not_counted),
		cmocka_unit_test(session_blocks),
	};

	return cmocka_run_group_tests(tests, setup, unit_teardown);
}
