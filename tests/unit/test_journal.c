/*
 * test_journal.c - loading a whole journal: files, lines, the id index,
 * duplicates and references
 *
 * Journal lines are written with ' for " to keep them readable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S1 "5e55100000000000"
#define S2 "5e55200000000000"
#define P1 "9a71000000000001"
#define N1 "a0be000000000001"
#define N2 "a0be000000000002"
#define A1 "ad71000000000001"
#define E1 "e0d0000000000001"
#define MISSING "dead000000000000"

#define SESSION(id) REC(id, "session") ",'municipality':'Roermond'," \
	"'date':'2026-06-14'}"
#define NOTE(id, s, text) REC(id, "note") ",'session':'" s "'," \
	"'kind':'do','text':'" text "'}"

static int
setup(void **state)
{
	(void)state;
	return unit_mkdir("journal");
}

static void
records_in_file_order(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		"{'id':'" P1 "','type':'participant','at':"
		    "'2026-06-14T09:30:00Z','session':'" S1 "','role':'other'}",
		NOTE(N1, S1, "Samen koffie"),
		REC(E1, "poll") ",'q':'?'}",
	};
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *p = UNIT_JOURNAL("order.jsonl", lines);
	struct wl_journal *j = unit_load(p, &d);
	const struct wl_rec *r;

	(void)state;
	assert_int_equal(s.n, 0);
	assert_int_equal(wl_journal_count(j), 4);
	r = wl_journal_at(j, 0);
	assert_string_equal(wl_rec_id(r), S1);
	assert_int_equal(wl_rec_type(r), WL_SESSION);
	assert_string_equal(wl_rec_file(r), p);
	assert_int_equal(wl_rec_line(r), 1);
	assert_ptr_equal(wl_rec_session(r), r);
	assert_int_equal(wl_rec_type(wl_journal_at(j, 1)), WL_PARTICIPANT);
	r = wl_journal_at(j, 2);
	assert_string_equal(wl_rec_id(r), N1);
	assert_string_equal(wl_rec_str(r, "text"), "Samen koffie");
	assert_int_equal(wl_rec_int(r, "block", 9), 9);
	assert_ptr_equal(wl_rec_session(r), wl_journal_at(j, 0));
	assert_int_equal(wl_rec_line(r), 3);
	/* An unknown type is kept, as it is. */
	r = wl_journal_at(j, 3);
	assert_int_equal(wl_rec_type(r), WL_UNKNOWN);
	assert_string_equal(wl_rec_str(r, "q"), "?");
	assert_null(wl_journal_at(j, 4));
	assert_ptr_equal(wl_journal_get(j, N1), wl_journal_at(j, 2));
	assert_null(wl_journal_get(j, MISSING));
	assert_null(wl_journal_get(j, "a0be"));
	assert_null(wl_journal_get(j, NULL));
	assert_int_equal(wl_session_nblocks(wl_journal_at(j, 0)), 3);
	wl_journal_free(j);
	wl_journal_free(NULL);
}

static void
several_files_are_one_journal(void **state)
{
	static const char *const one[] = { SESSION(S1) };
	static const char *const two[] = { NOTE(N1, S1, "x") };
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *paths[2];
	struct wl_journal *j;
	struct wl_error e;

	(void)state;
	paths[0] = UNIT_JOURNAL("one.jsonl", one);
	paths[1] = UNIT_JOURNAL("two.jsonl", two);
	j = wl_journal_load(paths, 2, &d, &e);
	assert_non_null(j);
	assert_int_equal(s.n, 0);
	assert_int_equal(wl_journal_count(j), 2);
	assert_string_equal(wl_rec_file(wl_journal_at(j, 1)), paths[1]);
	assert_int_equal(wl_rec_line(wl_journal_at(j, 1)), 1);
	assert_ptr_equal(wl_rec_session(wl_journal_at(j, 1)),
	    wl_journal_at(j, 0));
	wl_journal_free(j);

	/* In the other order the note's session is not there yet... */
	paths[0] = UNIT_JOURNAL("two.jsonl", two);
	paths[1] = UNIT_JOURNAL("one.jsonl", one);
	j = wl_journal_load(paths, 2, &d, &e);
	assert_non_null(j);
	/* ...but references resolve over the whole journal. */
	assert_int_equal(s.n, 0);
	assert_ptr_equal(wl_rec_session(wl_journal_at(j, 0)),
	    wl_journal_at(j, 1));
	wl_journal_free(j);
}

static void
bad_lines_reported(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		"{'id':'" N1 "','type':'note'",
		"",
		NOTE(N2, S1, "ok"),
		REC(A1, "advice") ",'session':'" S1 "','perspective':'mt',"
		    "'text':'t'}",
	};
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	char frag[1024];
	const char *p = UNIT_JOURNAL("bad.jsonl", lines);
	struct wl_journal *j = unit_load(p, &d);

	(void)state;
	/* Every problem is told; the good records are there all the same.
	 * A record cut off in the middle (a merged torn tail) is a torn
	 * fragment: skipped, with a warning. */
	assert_int_equal(wl_journal_count(j), 2);
	assert_string_equal(wl_rec_id(wl_journal_at(j, 1)), N2);
	assert_int_equal(d.nerrors, 1);
	assert_int_equal(d.nwarnings, 2);
	assert_int_equal(s.n, 3);
	snprintf(frag, sizeof(frag), "2: a torn fragment of a record (38 "
	    "bytes, cut off as a crashed writer leaves them, here after a "
	    "merge): skipped; 'wl-report check --repair' moves it to "
	    "%s.torn-...", p);
	unit_said(&s, 0, WL_WARNING, p, frag);
	unit_said(&s, 1, WL_WARNING, p, "3: blank line skipped ('wl-report "
	    "check --repair' drops it)");
	unit_said(&s, 2, WL_ERROR, p, "5:99: unknown perspective 'mt' (one of: "
	    "self, initiators, organisation, colleagues)");
	wl_journal_free(j);
}

static void
duplicates(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		NOTE(N1, S1, "x"),
		NOTE(N1, S1, "x"),
		NOTE(N1, S1, "y"),
		NOTE(N2, S1, "z"),
	};
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *p = UNIT_JOURNAL("dup.jsonl", lines);
	struct wl_journal *j = unit_load(p, &d);

	(void)state;
	assert_int_equal(wl_journal_count(j), 3);
	assert_string_equal(wl_rec_str(wl_journal_get(j, N1), "text"), "x");
	assert_int_equal(wl_rec_line(wl_journal_get(j, N1)), 2);
	assert_string_equal(wl_rec_id(wl_journal_at(j, 2)), N2);
	assert_int_equal(d.nwarnings, 1);
	assert_int_equal(d.nerrors, 1);
	unit_said(&s, 0, WL_WARNING, p, "3:2: the same record as line 2 "
	    "again, read once ('wl-report check --repair' drops it)");
	assert_int_equal(s.code[0], WL_P_REPEAT);
	unit_said(&s, 1, WL_ERROR, p, "4:2: id '" N1 "' is already used at "
	    "line 2");
	assert_int_equal(s.code[1], WL_P_ID_USED);
	wl_journal_free(j);
}

static void
duplicate_across_files(void **state)
{
	static const char *const one[] = { SESSION(S1), NOTE(N1, S1, "x") };
	static const char *const two[] = { NOTE(N1, S1, "x"), SESSION(S2) };
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *paths[2];
	struct wl_journal *j;
	char want[300];

	(void)state;
	paths[0] = UNIT_JOURNAL("ours.jsonl", one);
	paths[1] = UNIT_JOURNAL("theirs.jsonl", two);
	j = wl_journal_load(paths, 2, &d, NULL);
	assert_non_null(j);
	assert_int_equal(wl_journal_count(j), 3);
	assert_string_equal(wl_rec_id(wl_journal_at(j, 2)), S2);
	assert_int_equal(wl_rec_line(wl_journal_at(j, 2)), 2);
	assert_int_equal(s.n, 1);
	snprintf(want, sizeof(want), "1:2: the same record as %s:2 again, "
	    "read once ('wl-report check --repair' drops it)", paths[0]);
	unit_said(&s, 0, WL_WARNING, paths[1], want);
	wl_journal_free(j);
}

static void
missing_references_warned(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		NOTE(N1, MISSING, "x"),
		REC(E1, "endorsement") ",'ref':'" N1 "','by':'" MISSING "',"
		    "'stance':'endorse'}",
		REC(A1, "retract") ",'ref':'" MISSING "'}",
	};
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	const char *p = UNIT_JOURNAL("refs.jsonl", lines);
	struct wl_journal *j = unit_load(p, &d);

	(void)state;
	assert_int_equal(wl_journal_count(j), 4);
	assert_null(wl_rec_session(wl_journal_get(j, N1)));
	assert_null(wl_rec_parent(wl_journal_get(j, E1)));
	assert_null(wl_rec_parent(wl_journal_get(j, A1)));
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(d.nwarnings, 4);
	unit_said(&s, 0, WL_WARNING, p, "2:68: 'session' names no record '"
	    MISSING "'");
	unit_said(&s, 1, WL_WARNING, p, "3:75: 'ref' names a record of type "
	    "note ('" N1 "'), not advice");
	unit_said(&s, 2, WL_WARNING, p, "3:100: 'by' names no record '"
	    MISSING "'");
	unit_said(&s, 3, WL_WARNING, p, "4:71: 'ref' names no record '"
	    MISSING "'");
	assert_int_equal(s.code[0], WL_P_NOREF);
	assert_int_equal(s.code[1], WL_P_REFTYPE);
	wl_journal_free(j);
}

static void
unreadable_file_fails(void **state)
{
	static const char *const one[] = { SESSION(S1) };
	const char *missing = unit_path("none.jsonl"), *paths[2];
	struct wl_error e;

	(void)state;
	paths[0] = UNIT_JOURNAL("fine.jsonl", one);
	paths[1] = missing;
	assert_null(wl_journal_load(paths, 2, NULL, &e));
	assert_string_equal(e.file, missing);
	assert_string_equal(e.msg, "cannot open: No such file or directory");
	paths[1] = unit_dir;
	assert_null(wl_journal_load(paths, 2, NULL, &e));
	assert_string_equal(e.msg, "is a directory, not a journal");
}

static void
many_records(void **state)
{
	enum { N = 3000 };
	const char *path = unit_path("many.jsonl");
	struct wl_diag d = { NULL, NULL, 0, 0 };
	char id[WL_ID_LEN + 1];
	struct wl_journal *j;
	FILE *fp;

	(void)state;
	/* Enough to grow the record array and the id index a few times. */
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "{\"id\":\"%s\",\"type\":\"session\",\"at\":"
	    "\"2026-06-14T09:30:00Z\",\"municipality\":\"R\",\"date\":"
	    "\"2026-06-14\"}\n", S1);
	for (int i = 1; i < N; i++)
		fprintf(fp, "{\"id\":\"%016x\",\"type\":\"note\",\"at\":"
		    "\"2026-06-14T09:30:00Z\",\"session\":\"%s\",\"kind\":"
		    "\"do\",\"text\":\"n%d\"}\n", i, S1, i);
	assert_int_equal(fclose(fp), 0);
	j = unit_load(path, &d);
	assert_int_equal(d.nerrors + d.nwarnings, 0);
	assert_int_equal(wl_journal_count(j), N);
	for (int i = 1; i < N; i++) {
		const struct wl_rec *r;
		char want[16];

		snprintf(id, sizeof(id), "%016x", i);
		snprintf(want, sizeof(want), "n%d", i);
		r = wl_journal_get(j, id);
		assert_non_null(r);
		assert_string_equal(wl_rec_str(r, "text"), want);
	}
	wl_journal_free(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records_in_file_order),
		cmocka_unit_test(several_files_are_one_journal),
		cmocka_unit_test(bad_lines_reported),
		cmocka_unit_test(duplicates),
		cmocka_unit_test(duplicate_across_files),
		cmocka_unit_test(missing_references_warned),
		cmocka_unit_test(unreadable_file_fails),
		cmocka_unit_test(many_records),
	};

	return cmocka_run_group_tests(tests, setup, unit_teardown);
}
