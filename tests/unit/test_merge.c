/*
 * test_merge.c - copies of one journal made one: the lines in git's
 * order, repeats dropped, a redaction winning, two records of one id
 * refused in the copies' own lines, a torn tail left out
 *
 * Journal lines are written with ' for " to keep them readable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S1 "5e55100000000001"
#define P1 "9a9a000000000001"
#define N1 "a0be000000000001"
#define N2 "a0be000000000002"
#define N3 "a0be000000000003"
#define N4 "a0be000000000004"
#define N5 "a0be000000000005"

#define SESSION REC(S1, "session") ",'municipality':'Roermond'," \
	"'date':'2026-06-14'}"
#define NOTE(id, text) REC(id, "note") ",'session':'" S1 "'," \
	"'kind':'do','text':'" text "'}"

static int
setup(void **state)
{
	(void)state;
	return unit_mkdir("merge");
}

static struct unit_seen seen;

/* Merge the files named into "out"; its count, seen the messages. */
static long
merge(const char *const *names, size_t n, struct wl_merge_info *info)
{
	struct wl_diag d = UNIT_DIAG(&seen);
	const char *paths[8];
	struct wl_error err;
	long rc;

	memset(&seen, 0, sizeof(seen));
	for (size_t i = 0; i < n; i++)
		paths[i] = strdup(unit_path(names[i]));
	unit_put(unit_path("out"), "");
	rc = wl_merge(paths, n, unit_path("out"), info, &d, &err);
	for (size_t i = 0; i < n; i++)
		free((char *)paths[i]);
	return rc;
}

/* The lines joined, each '\n'-ended, ' for ". */
static const char *
lines(const char *const *v, size_t n)
{
	static char buf[8192];
	size_t o = 0;

	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s\n",
		    unit_q(v[i]));
	return buf;
}

static void
appends_of_both(void **state)
{
	/* Each appended a line of its own, then the same one (an import
	 * in both): git keeps what both end with once, after the two. */
	static const char *const a[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "van A"), NOTE(N4, "beide"),
	};
	static const char *const b[] = {
		SESSION, NOTE(N1, "een"), NOTE(N3, "van B"), NOTE(N4, "beide"),
	};
	static const char *const ab[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "van A"), NOTE(N3, "van B"),
		NOTE(N4, "beide"),
	};
	static const char *const ba[] = {
		SESSION, NOTE(N1, "een"), NOTE(N3, "van B"), NOTE(N2, "van A"),
		NOTE(N4, "beide"),
	};
	const char *const names[] = { "a", "b" }, *const back[] = { "b", "a" };
	struct wl_merge_info info;
	char *got;

	(void)state;
	UNIT_JOURNAL("a", a);
	UNIT_JOURNAL("b", b);
	assert_int_equal(merge(names, 2, &info), 0);
	assert_int_equal(seen.n, 0);
	got = unit_slurp(unit_path("out"));
	assert_string_equal(got, lines(ab, UNIT_NLINES(ab)));
	free(got);
	assert_int_equal(merge(back, 2, &info), 0);
	got = unit_slurp(unit_path("out"));
	assert_string_equal(got, lines(ba, UNIT_NLINES(ba)));
	free(got);
}

static void
repeats_dropped(void **state)
{
	/* A line both appended, A before a line of its own and B after
	 * one: the union has it twice, the repair keeps the first. */
	static const char *const a[] = {
		SESSION, NOTE(N4, "beide"), NOTE(N2, "van A"),
	};
	static const char *const b[] = {
		SESSION, NOTE(N3, "van B"), NOTE(N4, "beide"),
	};
	static const char *const ab[] = {
		SESSION, NOTE(N4, "beide"), NOTE(N2, "van A"), NOTE(N3, "van B"),
	};
	const char *const names[] = { "a", "b", "a" };
	struct wl_merge_info info;
	char *got;

	(void)state;
	UNIT_JOURNAL("a", a);
	UNIT_JOURNAL("b", b);
	assert_int_equal(merge(names, 3, &info), 0);
	assert_true(info.dropped >= 1);
	got = unit_slurp(unit_path("out"));
	assert_string_equal(got, lines(ab, UNIT_NLINES(ab)));
	free(got);
}

static void
conflict(void **state)
{
	static const char *const a[] = {
		SESSION, NOTE(N1, "een"), NOTE(N5, "zo"),
	};
	static const char *const b[] = {
		SESSION, NOTE(N1, "een"), NOTE(N5, "anders"),
	};
	const char *const names[] = { "a", "b" };
	struct wl_merge_info info;
	char want[512];

	(void)state;
	UNIT_JOURNAL("a", a);
	UNIT_JOURNAL("b", b);
	assert_int_equal(merge(names, 2, &info), 1);
	assert_int_equal(unit_count(&seen, WL_ERROR), 1);
	assert_int_equal(seen.code[0], WL_P_ID_USED);
	snprintf(want, sizeof(want), "%s:3:2: id '" N5 "' is already used at "
	    "%s:3: the copies give it different records; keep one of the two "
	    "lines, then merge again", unit_path("b"), unit_path("a"));
	assert_string_equal(seen.text[0], want);
}

static void
redaction_wins(void **state)
{
	/* A erased P1 and their note; B still has both, and a new note of
	 * theirs.  Either way round: erased, where A has them. */
#define PERSON REC(P1, "participant") ",'session':'" S1 "','role':'other'"
#define BYP(id, text) REC(id, "note") ",'session':'" S1 "','kind':'do'," \
	"'text':'" text "','by':'" P1 "'}"
	static const char *const a[] = {
		SESSION, PERSON ",'name':'[verwijderd]','consent':false}",
		BYP(N1, "[verwijderd]"), NOTE(N2, "van A"),
		REC("7ed0000000000001", "redaction") ",'ref':'" P1 "'}",
	};
	static const char *const b[] = {
		SESSION, PERSON ",'name':'Piet','consent':true}",
		BYP(N1, "van Piet"), NOTE(N3, "van B"), BYP(N4, "nog een"),
	};
	/* Git's order, repaired: the person and the note erased where
	 * their lines stood, B's new note of theirs erased too. */
	static const char *const ab[] = {
		SESSION, PERSON ",'name':'[verwijderd]','consent':false}",
		BYP(N1, "[verwijderd]"), NOTE(N2, "van A"),
		REC("7ed0000000000001", "redaction") ",'ref':'" P1 "'}",
		NOTE(N3, "van B"), BYP(N4, "[verwijderd]"),
	};
	static const char *const ba[] = {
		SESSION, PERSON ",'name':'[verwijderd]','consent':false}",
		BYP(N1, "[verwijderd]"), NOTE(N3, "van B"),
		BYP(N4, "[verwijderd]"), NOTE(N2, "van A"),
		REC("7ed0000000000001", "redaction") ",'ref':'" P1 "'}",
	};
	const char *const names[] = { "a", "b" }, *const back[] = { "b", "a" };
	struct wl_merge_info info;
	char *got;

	(void)state;
	UNIT_JOURNAL("a", a);
	UNIT_JOURNAL("b", b);
	assert_int_equal(merge(names, 2, &info), 0);
	got = unit_slurp(unit_path("out"));
	assert_string_equal(got, lines(ab, UNIT_NLINES(ab)));
	assert_true(info.undone >= 1);
	free(got);
	assert_int_equal(merge(back, 2, &info), 0);
	got = unit_slurp(unit_path("out"));
	assert_string_equal(got, lines(ba, UNIT_NLINES(ba)));
	assert_true(info.erased >= 1);
	free(got);
}

static void
torn_tail(void **state)
{
	static const char *const a[] = {
		SESSION, NOTE(N1, "een"),
	};
	static const char *const b[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "twee"),
	};
	const char *const names[] = { "a", "b" };
	struct wl_merge_info info;
	char *got, *torn;

	(void)state;
	UNIT_JOURNAL("a", a);
	UNIT_JOURNAL("b", b);
	got = unit_slurp(unit_path("b"));
	torn = malloc(strlen(got) + 32);
	sprintf(torn, "%s{\"id\":\"a0be00", got);
	unit_put(unit_path("b"), torn);
	assert_int_equal(merge(names, 2, &info), 0);
	assert_int_equal(info.torn, strlen("{\"id\":\"a0be00"));
	assert_int_equal(unit_count(&seen, WL_WARNING), 1);
	assert_int_equal(seen.code[0], WL_P_TORN);
	free(torn);
	torn = unit_slurp(unit_path("out"));
	assert_string_equal(torn, got);
	free(torn);
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appends_of_both),
		cmocka_unit_test(repeats_dropped),
		cmocka_unit_test(conflict),
		cmocka_unit_test(redaction_wins),
		cmocka_unit_test(torn_tail),
	};

	return cmocka_run_group_tests(tests, setup, unit_teardown);
}
