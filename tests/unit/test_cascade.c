/*
 * test_cascade.c - what rm says it takes is what the fold then
 * withdraws, and what restore says it brings back is what comes back:
 * for every record of the sample journals and of a journal made to
 * hang things every way, the effect is compared with the journal
 * reloaded with the retracts written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static size_t nchecked;

/* The journal of data plus lines, loaded (no diag). */
static struct wl_journal *
load(const char *data, const char *more)
{
	const char *path = unit_path("j.jsonl");
	char *all = malloc(strlen(data) + strlen(more) + 1);

	assert_non_null(all);
	strcpy(all, data);
	strcat(all, more);
	unit_put(path, all);
	free(all);
	return unit_load(path, NULL);
}

/* Retracts of each of recs, as lines; ids from *seq on. */
static char *
retracts(const struct wl_rec *const *recs, size_t n, unsigned *seq)
{
	char *s = calloc(n + 1, 128);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		sprintf(s + strlen(s), "{\"id\":\"ffff%012x\",\"type\":"
		    "\"retract\",\"at\":\"" AT "\",\"ref\":\"%s\"}\n",
		    (*seq)++, wl_rec_id(recs[i]));
	return s;
}

/*
 * The effect said of retracting recs in a (of data) is what b (data
 * with those retracts) shows: each record of a that changes, and how,
 * and none else.
 */
static void
effect_is(const struct wl_journal *a, const struct wl_journal *b,
    const struct wl_rec *const *recs, size_t n)
{
	struct wl_change *ch;
	size_t nch, k = 0;

	assert_int_equal(wl_retract_effect(a, recs, n, &ch, &nch), 0);
	for (size_t i = 0; i < wl_journal_count(a); i++) {
		const struct wl_rec *x = wl_journal_at(a, i);
		const struct wl_rec *y = wl_journal_at(b, i);
		int was = wl_rec_retracted(x), is = wl_rec_retracted(y);

		assert_string_equal(wl_rec_id(x), wl_rec_id(y));
		if (wl_rec_type(x) == WL_RETRACT)
			continue;
		if (was == is) {
			if (k < nch && ch[k].rec == x) {
				assert_int_equal(ch[k].how, WL_CH_NAMES);
				k++;
			}
			continue;
		}
		if (k >= nch || ch[k].rec != x)
			fail_msg("%s %s changes, and the effect does not say "
			    "so", wl_type_name(wl_rec_type(x)), wl_rec_id(x));
		assert_int_equal(ch[k].how, is ? WL_CH_GOES : WL_CH_BACK);
		k++;
	}
	if (k != nch)
		fail_msg("the effect says %s %s changes, and it does not",
		    wl_type_name(wl_rec_type(ch[k].rec)),
		    wl_rec_id(ch[k].rec));
	free(ch);
	nchecked++;
}

/* rm, then restore, of every record of data that can be removed. */
static void
rm_restore_all(const char *data)
{
	struct wl_journal *a = load(data, "");
	unsigned seq = 1;

	for (size_t i = 0; i < wl_journal_count(a); i++) {
		const struct wl_rec *r = wl_journal_at(a, i), *r2;
		const struct wl_rec **back;
		struct wl_journal *b, *c;
		struct wl_error e;
		char *more, *more2, *both;
		size_t nback;

		if (wl_rec_type(r) == WL_RETRACT ||
		    wl_rec_type(r) == WL_UNKNOWN ||
		    wl_rec_type(r) == WL_REDACTION || wl_rec_retracted(r))
			continue;
		more = retracts(&r, 1, &seq);
		b = load(data, more);
		effect_is(a, b, &r, 1);
		/* Restore by the record's id: all of it comes back. */
		r2 = wl_journal_get(b, wl_rec_id(r));
		back = wl_restore_targets(b, r2, &nback, &e);
		if (back == NULL)
			fail_msg("restore of %s %s: %s",
			    wl_type_name(wl_rec_type(r)), wl_rec_id(r),
			    e.msg);
		assert_int_equal(nback, 1);
		more2 = retracts(back, nback, &seq);
		both = malloc(strlen(more) + strlen(more2) + 1);
		assert_non_null(both);
		strcpy(both, more);
		strcat(both, more2);
		c = load(data, both);
		effect_is(b, c, back, nback);
		for (size_t k = 0; k < wl_journal_count(a); k++)
			assert_int_equal(wl_rec_retracted(wl_journal_at(a, k)),
			    wl_rec_retracted(wl_journal_at(c, k)));
		/* And restoring again is refused. */
		assert_null(wl_restore_targets(c, wl_journal_get(c,
		    wl_rec_id(r)), &nback, &e));
		assert_non_null(strstr(e.msg, "is not removed"));
		free(back);
		free(more);
		free(more2);
		free(both);
		wl_journal_free(b);
		wl_journal_free(c);
	}
	wl_journal_free(a);
}

static char *
slurp_src(const char *rel)
{
	const char *src = getenv("WL_SRC");
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", src ? src : ".", rel);
	return unit_slurp(path);
}

static void
samples(void **state)
{
	static const char *const files[] = { "share/examples/roermond.jsonl",
		"share/examples/venlo.jsonl",
		"tests/fuzz/corpus/valid-all-types.jsonl",
		"tests/fuzz/corpus/valid-retract-redact.jsonl",
		"tests/fuzz/corpus/valid-retract-chain.jsonl" };

	(void)state;
	assert_int_equal(unit_mkdir("cascade"), 0);
	nchecked = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char *data = slurp_src(files[i]);

		rm_restore_all(data);
		free(data);
	}
	print_message("# %zu effects compared with the fold\n", nchecked);
	assert_int_equal(unit_rmdir(), 0);
}

#define S "5e55100000000001"
#define P "9a00000000000001"
#define Q "9a00000000000002"
#define A "ad71000000000001"
#define N "a0be000000000001"
#define G "a9e0000000000001"

/* Everything hangs on something: a participant's endorsement, note and
 * agreement (by and owner), an advice's endorsements, statuses,
 * agreement and amends, and retracts of retracts. */
static const char *const hung[] = {
	REC(S, "session") ",'municipality':'M','date':'2026-06-14'}",
	REC(P, "participant") ",'session':'" S "','role':'initiator',"
	    "'name':'Ans'}",
	REC(Q, "participant") ",'session':'" S "','role':'manager'}",
	REC(A, "advice") ",'session':'" S "','perspective':'self',"
	    "'text':'t'}",
	ENDORSE("e000000000000001", A, P, "endorse"),
	ENDORSE("e000000000000002", A, Q, "object"),
	ENDORSE("e000000000000003", A, P, "reservations"),
	STATUS("5a00000000000001", A, "presented"),
	REC(G, "agreement") ",'session':'" S "','text':'g','owner':'" P "',"
	    "'ref':'" A "'}",
	STATUS("5a00000000000002", G, "done"),
	REC(N, "note") ",'session':'" S "','kind':'do','text':'n','by':'"
	    P "'}",
	AMEND("a3e0000000000001", A, "{'text':'u'}"),
	AMEND("a3e0000000000002", P, "{'org':'O'}"),
	REC("a0be000000000002", "note") ",'session':'" S "','kind':'idea',"
	    "'text':'gone'}",
	RETRACT("7e00000000000001", "a0be000000000002"),
	RETRACT("7e00000000000002", "7e00000000000001"),
	RETRACT("7e00000000000003", "7e00000000000002"),
	RETRACT("7e00000000000004", "a3e0000000000002"),
};

static void
hanging(void **state)
{
	struct wl_journal *j;
	struct wl_change *ch;
	const struct wl_rec *p;
	size_t n;
	char *data;

	(void)state;
	assert_int_equal(unit_mkdir("cascade"), 0);
	j = UNIT_LOAD("h.jsonl", hung);
	/* Three retracts in a row: the first in force again. */
	assert_true(wl_rec_retracted(wl_journal_get(j, "a0be000000000002")));
	/* What a participant takes: their amend (withdrawn already
	 * stays out), and names their endorsements, note, agreement. */
	p = wl_journal_get(j, P);
	assert_int_equal(wl_retract_effect(j, &p, 1, &ch, &n), 0);
	assert_int_equal(n, 5);
	assert_string_equal(wl_rec_id(ch[0].rec), P);
	assert_int_equal(ch[0].how, WL_CH_GOES);
	assert_string_equal(wl_rec_id(ch[1].rec), "e000000000000001");
	assert_int_equal(ch[1].how, WL_CH_NAMES);
	assert_string_equal(wl_rec_id(ch[2].rec), "e000000000000003");
	assert_string_equal(wl_rec_id(ch[3].rec), G);
	assert_int_equal(ch[3].how, WL_CH_NAMES);
	assert_string_equal(wl_rec_id(ch[4].rec), N);
	free(ch);
	wl_journal_free(j);
	data = unit_slurp(unit_path("h.jsonl"));
	nchecked = 0;
	rm_restore_all(data);
	free(data);
	print_message("# %zu effects compared with the fold\n", nchecked);
	assert_int_equal(unit_rmdir(), 0);
}

/* What restore refuses, and why. */
static void
refusals(void **state)
{
	static const char *const lines[] = {
		REC(S, "session") ",'municipality':'M','date':'2026-06-14'}",
		REC(A, "advice") ",'session':'" S "','perspective':'self',"
		    "'text':'t'}",
		ENDORSE("e000000000000001", A, P, "endorse"),
		REC(P, "participant") ",'session':'" S "','role':'initiator'}",
		RETRACT("7e00000000000001", A),
		RETRACT("7e00000000000002", "e000000000000001"),
		RETRACT("7e00000000000003", S),
		RETRACT("7e00000000000004", "7e00000000000003"),
	};
	const struct wl_rec **v;
	struct wl_journal *j;
	struct wl_error e;
	size_t n;

	(void)state;
	assert_int_equal(unit_mkdir("cascade"), 0);
	j = UNIT_LOAD("r.jsonl", lines);
	/* Not removed. */
	assert_null(wl_restore_targets(j, wl_journal_get(j, P), &n, &e));
	assert_string_equal(e.msg, "participant " P " is not removed: there "
	    "is nothing to restore");
	/* Removed, and its advice too: that first. */
	assert_null(wl_restore_targets(j, wl_journal_get(j,
	    "e000000000000001"), &n, &e));
	assert_string_equal(e.msg, "endorsement e000000000000001 would stay "
	    "removed with advice " A ": restore that first");
	/* The retract of a restore: a restore already. */
	assert_null(wl_restore_targets(j, wl_journal_get(j,
	    "7e00000000000004"), &n, &e));
	assert_string_equal(e.msg, "retract 7e00000000000004 is a restore "
	    "already (of session " S "): to remove that again, use rm");
	/* A retract taken back. */
	assert_null(wl_restore_targets(j, wl_journal_get(j,
	    "7e00000000000003"), &n, &e));
	assert_string_equal(e.msg, "retract 7e00000000000003 was taken back "
	    "already, by retract 7e00000000000004");
	/* By the retract's id: the same as by the record's. */
	v = wl_restore_targets(j, wl_journal_get(j, "7e00000000000001"), &n,
	    &e);
	assert_non_null(v);
	assert_int_equal(n, 1);
	assert_string_equal(wl_rec_id(v[0]), "7e00000000000001");
	free(v);
	wl_journal_free(j);
	assert_int_equal(unit_rmdir(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hanging),
		cmocka_unit_test(refusals),
		cmocka_unit_test(samples),
	};

	setenv("WL_NOW", AT, 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
