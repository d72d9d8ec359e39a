/*
 * test_diff.c - two copies of a journal compared on id: the count of
 * differences and the exact text and jsonl written
 *
 * Journal lines are written with ' for " to keep them readable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S1 "5e55100000000001"
#define N1 "a0be000000000001"
#define N2 "a0be000000000002"
#define N3 "a0be000000000003"
#define N4 "a0be000000000004"

#define SESSION REC(S1, "session") ",'municipality':'Roermond'," \
	"'date':'2026-06-14'}"
#define NOTE(id, text) REC(id, "note") ",'session':'" S1 "'," \
	"'kind':'do','text':'" text "'}"

static int
setup(void **state)
{
	(void)state;
	return unit_mkdir("diff");
}

static char out[4096];

/* Diff old and new into out; the count (errno as it left it). */
static long
diff(const struct wl_journal *old, const struct wl_journal *new, int jsonl)
{
	struct unit_cap c;
	long k = wl_diff_write(unit_cap_open(&c), old, new, jsonl, NULL);
	int e = errno;
	char *got = unit_cap_take(&c);

	snprintf(out, sizeof(out), "%s", got);
	free(got);
	errno = e;	/* wl_diff_write's, for the caller */
	return k;
}

static const char *const base[] = {
	SESSION,
	NOTE(N1, "een"),
	NOTE(N2, "twee"),
	NOTE(N3, "drie"),
};

static void
same(void **state)
{
	static const char *const reordered[] = {
		NOTE(N3, "drie"), NOTE(N1, "een"), SESSION, NOTE(N2, "twee"),
	};
	struct wl_journal *a = UNIT_LOAD("a", base), *b = UNIT_LOAD("b", base);
	struct wl_journal *c = UNIT_LOAD("c", reordered);

	(void)state;
	assert_int_equal(diff(a, b, 0), 0);
	assert_string_equal(out, "");
	assert_int_equal(diff(a, b, 1), 0);
	assert_string_equal(out, "");
	assert_int_equal(diff(a, c, 0), 0);
	assert_string_equal(out, "");
	assert_int_equal(diff(c, a, 1), 0);
	assert_string_equal(out, "");
	wl_journal_free(a);
	wl_journal_free(b);
	wl_journal_free(c);
}

static void
added_and_removed(void **state)
{
	static const char *const more[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "twee"), NOTE(N3, "drie"),
		NOTE(N4, "vier"),
		REC("a3e0000000000001", "amend") ",'ref':'" N1 "',"
		    "'set':{'text':'één'}}",
	};
	static const char *const other[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "twee"), NOTE(N4, "vier"),
	};
	struct wl_journal *a = UNIT_LOAD("a", base), *b = UNIT_LOAD("b", more);
	struct wl_journal *c = UNIT_LOAD("c", other);

	(void)state;
	/* Appends on one side: a line each in words, the amend as what
	 * it changes (the ids all but alike: shown whole). */
	assert_int_equal(diff(a, b, 0), 2);
	assert_string_equal(out, "note " N4 ": added: vier\n"
	    "text of note " N1 ": \"een\" -> \"één\"\n");
	assert_int_equal(diff(b, a, 0), 2);
	assert_string_equal(out, "note " N4 ": removed: vier\n"
	    "amend a3e0000000000001: removed: text of note " N1 " 'één'\n");
	/* A record on each side: in the order of records (ids here). */
	assert_int_equal(diff(a, c, 0), 2);
	assert_string_equal(out, "note " N3 ": removed: drie\n"
	    "note " N4 ": added: vier\n");
	assert_int_equal(diff(a, c, 1), 2);
	assert_string_equal(out, unit_q(
	    "{'op':'remove','record':" NOTE(N3, "drie") "}\n"
	    "{'op':'add','record':" NOTE(N4, "vier") "}\n"));
	wl_journal_free(a);
	wl_journal_free(b);
	wl_journal_free(c);
}

static void
changed(void **state)
{
	static const char *const before[] = {
		SESSION,
		NOTE(N1, "een"),
		REC(N2, "note") ",'session':'" S1 "','kind':'do',"
		    "'text':'twee','block':2}",
		NOTE(N3, "drie"),
	};
	static const char *const edited[] = {
		SESSION,
		NOTE(N1, "één"),
		REC(N2, "note") ",'session':'" S1 "','kind':'dont',"
		    "'text':'twee','tags':['x'],'extra':{'a':1}}",
		NOTE(N3, "drie"),
	};
	struct wl_journal *a = UNIT_LOAD("a", before);
	struct wl_journal *b = UNIT_LOAD("b", edited);

	(void)state;
	assert_int_equal(diff(a, b, 0), 2);
	/* One line per field, what a rewrite changed in place. */
	assert_string_equal(out,
	    "text of note " N1 ": \"een\" -> \"één\" (rewritten)\n"
	    "kind of note " N2 " 'twee': do -> dont (rewritten)\n"
	    "block of note " N2 " 'twee': 2 -> (none) (rewritten)\n"
	    "tags of note " N2 " 'twee': (none) -> [\"x\"] (rewritten)\n"
	    "extra of note " N2 " 'twee': (none) -> {\"a\":1} (rewritten)\n");
	assert_int_equal(diff(a, b, 1), 2);
	assert_string_equal(out, unit_q(
	    "{'op':'change','id':'" N1 "','type':'note','fields':"
	    "{'text':{'old':'een','new':'één'}}}\n"
	    "{'op':'change','id':'" N2 "','type':'note','fields':"
	    "{'kind':{'old':'do','new':'dont'},'block':{'old':2},"
	    "'tags':{'new':['x']},'extra':{'new':{'a':1}}}}\n"));
	wl_journal_free(a);
	wl_journal_free(b);
}

static void
order_of_operations(void **state)
{
	/* Removes first (in the order of old's records), then adds and
	 * changes in the order of new's ("at", then id; not of lines). */
	static const char *const old[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "twee"), NOTE(N3, "drie"),
	};
	static const char *const new[] = {
		SESSION, NOTE(N4, "vier"), NOTE(N3, "DRIE"),
	};
	struct wl_journal *a = UNIT_LOAD("a", old), *b = UNIT_LOAD("b", new);

	(void)state;
	assert_int_equal(diff(a, b, 1), 4);
	assert_string_equal(out, unit_q(
	    "{'op':'remove','record':" NOTE(N1, "een") "}\n"
	    "{'op':'remove','record':" NOTE(N2, "twee") "}\n"
	    "{'op':'change','id':'" N3 "','type':'note','fields':"
	    "{'text':{'old':'drie','new':'DRIE'}}}\n"
	    "{'op':'add','record':" NOTE(N4, "vier") "}\n"));
	wl_journal_free(a);
	wl_journal_free(b);
}

static void
write_error(void **state)
{
	static const char *const more[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "twee"), NOTE(N3, "drie"),
		NOTE(N4, "vier"),
	};
	struct wl_journal *a = UNIT_LOAD("a", base), *b = UNIT_LOAD("b", more);
	FILE *fp = fopen("/dev/full", "w");

	(void)state;
	if (fp == NULL)
		skip();
	assert_int_equal(wl_diff_write(fp, a, b, 0, NULL), -1);
	fclose(fp);
	wl_journal_free(a);
	wl_journal_free(b);
}

/*
 * Each of jansson's allocations failing in turn, on journals loaded
 * afresh, text and jsonl: -1 with errno ENOMEM and nothing written, or
 * the very differences; never a record or a field left out, nor a '?'
 * in its place.
 */
static void
short_of_memory(void **state)
{
	static const char *const old[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "twee"),
		REC(N3, "note") ",'session':'" S1 "','kind':'do',"
		    "'text':'drie','block':2}",
	};
	/* N2's two lines are both kept as bytes when loaded (the
	 * scanner vouches for them), so their JSON is made only when
	 * the diff asks; N3's new one is parsed when loaded. */
	static const char *const new[] = {
		SESSION, NOTE(N4, "vier"), NOTE(N2, "TWEE"),
		REC(N3, "note") ",'session':'" S1 "','kind':'dont',"
		    "'text':'DRIE','tags':['x'],'extra':{'a':1}}",
	};
	const char *pa = unit_journal("a", old, UNIT_NLINES(old));
	const char *pb = unit_journal("b", new, UNIT_NLINES(new));
	char want[sizeof(out)];
	long n, calls, k = 0;

	(void)state;
	for (int jsonl = 0; jsonl < 2; jsonl++) {
		struct wl_journal *a = unit_load(pa, NULL);
		struct wl_journal *b = unit_load(pb, NULL);

		assert_int_equal(diff(a, b, jsonl), 4);
		assert_non_null(strstr(out, "TWEE"));
		snprintf(want, sizeof(want), "%s", out);
		wl_journal_free(a);
		wl_journal_free(b);
		for (n = 1;; n++) {
			a = unit_load(pa, NULL);
			b = unit_load(pb, NULL);
			unit_json_fail(n);
			errno = 0;
			k = diff(a, b, jsonl);
			calls = unit_json_calls();
			unit_json_fail(0);
			wl_journal_free(a);
			wl_journal_free(b);
			if (calls < n)
				break;
			if (k != -1 || errno != ENOMEM || out[0] != '\0')
				fail_msg("allocation %ld of %ld failed, and "
				    "the diff gave %ld: %s", n, calls, k, out);
		}
		assert_int_equal(k, 4);
		assert_string_equal(out, want);
		assert_true(n > 10);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same),
		cmocka_unit_test(added_and_removed),
		cmocka_unit_test(changed),
		cmocka_unit_test(order_of_operations),
		cmocka_unit_test(write_error),
		cmocka_unit_test(short_of_memory),
	};

	return cmocka_run_group_tests(tests, setup, unit_teardown);
}
