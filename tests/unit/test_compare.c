/*
 * test_compare.c - pilots side by side: counts, endorsement rate,
 * agreements, follow-up, tags, pilots by municipality or by session,
 * what is retracted left out, and the groups of alike texts
 *
 * Journal lines are written with ' for " to keep them readable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S1 "5e55100000000001"	/* Roermond, June */
#define S2 "5e55100000000002"	/* roermond, October: the same pilot */
#define S3 "5e55100000000003"	/* Venlo */
#define S4 "5e55100000000004"	/* Zwolle, retracted */
#define P1 "9a71000000000001"
#define P2 "9a71000000000002"
#define P3 "9a71000000000003"
#define P4 "9a71000000000004"
#define P5 "9a71000000000005"
#define N1 "a0be000000000001"
#define N2 "a0be000000000002"
#define N3 "a0be000000000003"
#define N4 "a0be000000000004"
#define N5 "a0be000000000005"
#define A1 "ad71000000000001"
#define A2 "ad71000000000002"
#define A3 "ad71000000000003"
#define A4 "ad71000000000004"
#define A5 "ad71000000000005"
#define A6 "ad71000000000006"
#define G1 "a94e000000000001"
#define G2 "a94e000000000002"
#define G3 "a94e000000000003"
#define G4 "a94e000000000004"

#define SESSION(id, m, d) REC_AT(id, "session", d "T09:00:00Z") \
	",'municipality':'" m "','date':'" d "'}"
#define PERSON(id, s, role) REC(id, "participant") ",'session':'" s "'," \
	"'role':'" role "','name':'Naam " id "','consent':true}"
#define NOTE(id, s, kind, text) REC(id, "note") ",'session':'" s "'," \
	"'kind':'" kind "','text':'" text "'"
#define ADVICE(id, s, persp, text) REC(id, "advice") ",'session':'" s "'," \
	"'perspective':'" persp "','text':'" text "'"
#define AGREEMENT(id, s) REC(id, "agreement") ",'session':'" s "'," \
	"'text':'bellen'}"

static const char *const lines[] = {
	SESSION(S1, "Roermond", "2026-06-14"),
	PERSON(P1, S1, "initiator"),
	PERSON(P2, S1, "civil-servant"),
	PERSON(P3, S1, "initiator"),
	RETRACT("4e74000000000001", P3),
	NOTE(N1, S1, "do", "Reageer snel") "}",
	NOTE(N2, S1, "dont", "Van loket naar loket") ",'tags':['b','a']}",
	NOTE(N3, S1, "quote", "Eindelijk") "}",
	NOTE(N5, S1, "idea", "Weg ermee") ",'tags':['weg']}",
	RETRACT("4e74000000000002", N5),
	/* A1: endorsed, current. */
	ADVICE(A1, S1, "self", "Neem initiatiefnemers serieus")
	    ",'tags':['b']}",
	ENDORSE("e0d0000000000001", A1, P1, "endorse"),
	/* A2: endorsed, then its text amended: stale. */
	ADVICE(A2, S1, "organisation", "Een loket") ",'tags':['c']}",
	ENDORSE("e0d0000000000002", A2, P1, "endorse"),
	AMEND_AT("a3e0000000000001", A2, "{'text':'Eén vast loket'}", LATER),
	/* A3: endorsed, then superseded by reservations. */
	ADVICE(A3, S1, "colleagues", "Vier successen") "}",
	ENDORSE("e0d0000000000003", A3, P1, "endorse"),
	ENDORSE("e0d0000000000004", A3, P1, "reservations"),
	/* A6: retracted, its endorsement with it. */
	ADVICE(A6, S1, "self", "Niets") "}",
	ENDORSE("e0d0000000000005", A6, P1, "endorse"),
	RETRACT("4e74000000000003", A6),
	AGREEMENT(G1, S1),
	STATUS("57a7000000000001", G1, "done"),
	AGREEMENT(G2, S1),
	STATUS("57a7000000000002", G2, "dropped"),
	SESSION(S3, "Venlo", "2026-09-10"),
	PERSON(P5, S3, "initiator"),
	NOTE(N4, S3, "do", "Snel reageren op vragen") "}",
	ADVICE(A4, S3, "self", "initiatiefnemers serieus nemen") "}",
	ENDORSE("e0d0000000000006", A4, P5, "endorse"),
	AGREEMENT(G4, S3),
	RETRACT("4e74000000000004", G4),
	SESSION(S2, "roermond", "2026-10-01"),
	PERSON(P4, S2, "manager"),
	ADVICE(A5, S2, "initiators", "Betrek jongeren") "}",
	/* A retracted endorsement does not count. */
	ENDORSE("e0d0000000000007", A5, P4, "endorse"),
	RETRACT("4e74000000000005", "e0d0000000000007"),
	STATUS("57a7000000000003", A5, "presented"),
	AGREEMENT(G3, S2),
	SESSION(S4, "Zwolle", "2026-10-02"),
	ADVICE("ad71000000000009", S4, "self", "Neem initiatiefnemers serieus")
	    "}",
	RETRACT("4e74000000000006", S4),
};

static struct wl_journal *j;
static struct wl_stopwords *sw;

static int
setup(void **state)
{
	(void)state;
	if (unit_mkdir("compare") < 0)
		return -1;
	j = UNIT_LOAD("j.jsonl", lines);
	return (sw = unit_stopwords()) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	wl_journal_free(j);
	wl_stopwords_free(sw);
	return unit_teardown(state);
}

static json_t *
compare(int by_session, int permille)
{
	struct wl_error e;
	json_t *c = wl_compare(j, by_session, permille, NULL, NULL, &e);

	if (c == NULL)
		fail_msg("wl_compare: %s", e.msg);
	return c;
}

/* The integer at "a.b" of pilot i. */
static long long
num(const json_t *c, size_t i, const char *field, const char *name)
{
	json_t *p = json_array_get(json_object_get(c, "pilots"), i);
	json_t *v = json_object_get(p, field);

	if (name != NULL)
		v = json_object_get(v, name);
	if (!json_is_integer(v))
		fail_msg("pilot %zu: no integer %s.%s", i, field,
		    name ? name : "");
	return json_integer_value(v);
}

static const char *
str(const json_t *c, size_t i, const char *field)
{
	return json_string_value(json_object_get(json_array_get(
	    json_object_get(c, "pilots"), i), field));
}

/* A JSON value compact, to compare as text.  Static buffer. */
static const char *
dump(const json_t *v)
{
	static char buf[1024];
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);

	snprintf(buf, sizeof(buf), "%s", s ? s : "(null)");
	free(s);
	return buf;
}

static void
by_municipality(void **state)
{
	json_t *c = compare(0, 500);
	json_t *p;

	(void)state;
	assert_string_equal(json_string_value(json_object_get(c, "by")),
	    "municipality");
	assert_true(json_real_value(json_object_get(c, "threshold")) == 0.5);
	/* Roermond's two sessions are one pilot (case folded); the
	 * retracted Zwolle session is none. */
	assert_int_equal(json_array_size(json_object_get(c, "pilots")), 2);
	assert_string_equal(str(c, 0, "pilot"), "Roermond");
	assert_string_equal(str(c, 1, "pilot"), "Venlo");
	p = json_array_get(json_object_get(c, "pilots"), 0);
	assert_string_equal(dump(json_object_get(p, "sessions")),
	    "[\"" S1 "\",\"" S2 "\"]");
	assert_string_equal(dump(json_object_get(p, "dates")),
	    "[\"2026-06-14\",\"2026-10-01\"]");
	/* Participants per role, the retracted one not counted. */
	assert_string_equal(dump(json_object_get(p, "participants")),
	    "{\"civil-servant\":1,\"initiator\":1,\"manager\":1,"
	    "\"facilitator\":0,\"other\":0}");
	assert_int_equal(num(c, 1, "participants", "initiator"), 1);
	/* Notes per kind, every kind listed, the retracted idea not. */
	assert_string_equal(dump(json_object_get(p, "notes")),
	    "{\"expectation\":0,\"question\":0,\"observation\":0,\"do\":1,"
	    "\"dont\":1,\"idea\":0,\"quote\":1}");
	assert_string_equal(dump(json_object_get(p, "advice")),
	    "{\"self\":1,\"initiators\":1,\"organisation\":1,"
	    "\"colleagues\":1}");
	json_decref(c);
}

static void
endorsement_rate(void **state)
{
	json_t *c = compare(0, 500);

	(void)state;
	/* Roermond: A1 current; A2 stale; A3's endorse superseded by
	 * reservations; A5's endorsement retracted; A6 retracted.  One
	 * of four: 25%. */
	assert_int_equal(num(c, 0, "advice_total", NULL), 4);
	assert_int_equal(num(c, 0, "advice_endorsed", NULL), 1);
	assert_int_equal(num(c, 0, "endorsement_rate", NULL), 25);
	/* Venlo: one of one. */
	assert_int_equal(num(c, 1, "advice_total", NULL), 1);
	assert_int_equal(num(c, 1, "advice_endorsed", NULL), 1);
	assert_int_equal(num(c, 1, "endorsement_rate", NULL), 100);
	json_decref(c);
}

static void
agreements_and_followup(void **state)
{
	json_t *c = compare(0, 500);
	json_t *p = json_array_get(json_object_get(c, "pilots"), 0);

	(void)state;
	assert_string_equal(dump(json_object_get(p, "agreements")),
	    "{\"done\":1,\"open\":1,\"dropped\":1}");
	/* Venlo's only agreement is retracted. */
	assert_int_equal(num(c, 1, "agreements", "done"), 0);
	assert_int_equal(num(c, 1, "agreements", "open"), 0);
	assert_int_equal(num(c, 1, "agreements", "dropped"), 0);
	assert_string_equal(dump(json_object_get(p, "followup")),
	    "{\"open\":3,\"presented\":1,\"adopted\":0,\"implemented\":0,"
	    "\"rejected\":0}");
	assert_int_equal(num(c, 1, "followup", "open"), 1);
	json_decref(c);
}

static void
tags_sorted(void **state)
{
	json_t *c = compare(0, 500);
	json_t *p = json_array_get(json_object_get(c, "pilots"), 0);

	(void)state;
	/* b twice (a note and an advice), then a and c by name; the
	 * retracted note's weg not at all. */
	assert_string_equal(dump(json_object_get(p, "tags")),
	    "{\"b\":2,\"a\":1,\"c\":1}");
	assert_string_equal(dump(json_object_get(json_array_get(
	    json_object_get(c, "pilots"), 1), "tags")), "{}");
	json_decref(c);
}

static void
by_session(void **state)
{
	json_t *c = compare(1, 500);

	(void)state;
	assert_string_equal(json_string_value(json_object_get(c, "by")),
	    "session");
	assert_int_equal(json_array_size(json_object_get(c, "pilots")), 3);
	/* In the order of the sessions' records ("at", then id). */
	assert_string_equal(str(c, 0, "pilot"), "Roermond 2026-06-14");
	assert_string_equal(str(c, 1, "pilot"), "Venlo 2026-09-10");
	assert_string_equal(str(c, 2, "pilot"), "roermond 2026-10-01");
	assert_int_equal(num(c, 0, "advice_total", NULL), 3);
	assert_int_equal(num(c, 2, "advice_total", NULL), 1);
	assert_int_equal(num(c, 2, "participants", "manager"), 1);
	assert_int_equal(num(c, 0, "participants", "manager"), 0);
	assert_int_equal(num(c, 0, "endorsement_rate", NULL), 33);
	assert_int_equal(num(c, 2, "endorsement_rate", NULL), 0);
	assert_int_equal(num(c, 2, "agreements", "open"), 1);
	assert_int_equal(num(c, 0, "agreements", "open"), 0);
	json_decref(c);
}

/* The groups as "kind shared pilots: ids" lines. */
static const char *
groups(const json_t *c)
{
	static char buf[2048];
	json_t *g, *x;
	size_t i, k;

	buf[0] = '\0';
	json_array_foreach(json_object_get(c, "similar"), i, g) {
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    "%s %s", json_string_value(json_object_get(g, "kind")),
		    json_string_value(json_object_get(g, "shared")));
		json_array_foreach(json_object_get(g, "pilots"), k, x)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			    "%s%s", k ? "," : " ", json_string_value(x));
		strcat(buf, ":");
		json_array_foreach(json_object_get(g, "texts"), k, x)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			    " %.4s", json_string_value(json_object_get(x,
			    "id")) + 12);
		strcat(buf, "\n");
	}
	return buf;
}

static void
similar_groups(void **state)
{
	json_t *c = compare(0, 500);

	(void)state;
	/* All pilots first, then some, then one, first seen first;
	 * the retracted advice of S1 and S4 nowhere. */
	assert_string_equal(groups(c),
	    "advice all Roermond,Venlo: 0001 0004\n"
	    "do all Roermond,Venlo: 0001 0004\n"
	    "advice one Roermond: 0002\n"
	    "advice one Roermond: 0003\n"
	    "advice one Roermond: 0005\n"
	    "dont one Roermond: 0002\n");
	json_decref(c);
	/* "Reageer snel" and "Snel reageren op vragen" are 2/3. */
	c = compare(0, 667);
	assert_string_equal(groups(c),
	    "advice all Roermond,Venlo: 0001 0004\n"
	    "advice one Roermond: 0002\n"
	    "advice one Roermond: 0003\n"
	    "advice one Roermond: 0005\n"
	    "do one Roermond: 0001\n"
	    "do one Venlo: 0004\n"
	    "dont one Roermond: 0002\n");
	json_decref(c);
	/* By session: three pilots, so two of them is "some". */
	c = compare(1, 500);
	assert_string_equal(groups(c),
	    "advice some Roermond 2026-06-14,Venlo 2026-09-10: 0001 0004\n"
	    "do some Roermond 2026-06-14,Venlo 2026-09-10: 0001 0004\n"
	    "advice one Roermond 2026-06-14: 0002\n"
	    "advice one Roermond 2026-06-14: 0003\n"
	    "advice one roermond 2026-10-01: 0005\n"
	    "dont one Roermond 2026-06-14: 0002\n");
	json_decref(c);
}

static void
texts_are_current(void **state)
{
	json_t *c = compare(0, 1000), *g;
	char *all;
	size_t i;
	int found = 0;

	(void)state;
	/* The amended text is compared, not the one first written. */
	json_array_foreach(json_object_get(c, "similar"), i, g) {
		json_t *t = json_array_get(json_object_get(g, "texts"), 0);

		if (strcmp(json_string_value(json_object_get(t, "id")),
		    A2) == 0) {
			assert_string_equal(json_string_value(
			    json_object_get(t, "text")), "Eén vast loket");
			assert_string_equal(json_string_value(
			    json_object_get(t, "pilot")), "Roermond");
			found = 1;
		}
	}
	assert_true(found);
	/* No names anywhere in the comparison. */
	all = json_dumps(c, JSON_COMPACT);
	assert_non_null(all);
	assert_non_null(strstr(all, "Eén vast loket"));
	assert_null(strstr(all, "Naam "));
	free(all);
	json_decref(c);
}

static void
empty_journal(void **state)
{
	static const char *const none[] = { NULL };
	struct wl_journal *e = unit_load_lines("empty.jsonl", none, 0);
	struct wl_error err;
	json_t *c;

	(void)state;
	c = wl_compare(e, 0, 500, NULL, NULL, &err);
	assert_non_null(c);
	assert_int_equal(json_array_size(json_object_get(c, "pilots")), 0);
	assert_int_equal(json_array_size(json_object_get(c, "similar")), 0);
	json_decref(c);
	wl_journal_free(e);
}

/*
 * Each of jansson's allocations failing in turn, on a journal loaded
 * afresh (its records' JSON is made on first use): "out of memory",
 * or the very comparison; never one lacking a count, a tag or a text.
 */
static void
short_of_memory(void **state)
{
	const char *path = unit_journal("oom.jsonl", lines,
	    UNIT_NLINES(lines));
	struct wl_error e;
	json_t *want = compare(0, 500), *c;
	long n, calls;

	(void)state;
	for (n = 1;; n++) {
		struct wl_journal *fresh = unit_load(path, NULL);

		memset(&e, 0, sizeof(e));
		unit_json_fail(n);
		c = wl_compare(fresh, 0, 500, NULL, NULL, &e);
		calls = unit_json_calls();
		unit_json_fail(0);
		wl_journal_free(fresh);
		if (calls < n)
			break;
		if (c != NULL)
			fail_msg("allocation %ld of %ld failed, and it "
			    "compared all the same", n, calls);
		assert_string_equal(e.msg, "out of memory");
	}
	assert_non_null(c);
	assert_true(json_equal(c, want));
	assert_true(n > 100);
	json_decref(c);
	json_decref(want);
}

/* What wl_compare_write writes of j into a string (caller frees);
 * NULL when it fails, with e set. */
static char *
written(const struct wl_journal *jj, int by_session, int permille,
    const struct wl_lang *l, size_t *masked, struct wl_error *e)
{
	struct unit_cap cap;
	int rc = wl_compare_write(unit_cap_open(&cap), jj, by_session,
	    permille, l, masked, e);
	char *s = unit_cap_take(&cap);

	if (rc == 0)
		return s;
	free(s);
	return NULL;
}

/* The comparison made whole, as the programs wrote it before it was
 * written group by group (caller frees). */
static char *
whole(const struct wl_journal *jj, int by_session, int permille,
    const struct wl_lang *l, size_t *masked)
{
	struct wl_error e;
	json_t *c = wl_compare(jj, by_session, permille, l, masked, &e);
	struct unit_cap cap;
	FILE *fp;

	if (c == NULL)
		fail_msg("wl_compare: %s", e.msg);
	fp = unit_cap_open(&cap);
	if (l != NULL)
		assert_int_equal(wl_compare_md(fp, c, l, &e), 0);
	else
		assert_int_equal(json_dumpf(c, fp, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3)) |
		    (fputc('\n', fp) == EOF), 0);
	json_decref(c);
	return unit_cap_take(&cap);
}

/*
 * Written group by group, the comparison is what the whole tree gave,
 * byte for byte, and masks as many names: JSON and Markdown, by
 * municipality and by session, at several thresholds, with and without
 * --anonymous, on this journal, an empty one, one with a name in its
 * texts and the pilots of tests/data/compare (a participant there is
 * named after Venlo, whose label stays as it is).
 */
static void
written_as_whole(void **state)
{
	static const char *const none[] = { NULL };
	/* Names in the texts and a tag, for --anonymous to mask. */
	static const char *const named[] = {
		"{\"id\":\"ef3d30d93236ce07\",\"type\":\"session\",\"at\":\"2026-09-10T09:00:00Z\",\"municipality\":\"Venlo\",\"date\":\"2026-09-10\"}",
		"{\"id\":\"83dddf34cb4e8fdf\",\"type\":\"participant\",\"at\":\"2026-09-10T09:00:00Z\",\"session\":\"ef3d30d93236ce07\",\"role\":\"initiator\",\"name\":\"Klaas Postma\",\"consent\":true}",
		"{\"id\":\"d4a636f9bf1e874f\",\"type\":\"note\",\"at\":\"2026-09-10T09:00:00Z\",\"session\":\"ef3d30d93236ce07\",\"kind\":\"do\",\"text\":\"Bel Klaas Postma terug\",\"tags\":[\"postma\"]}",
		"{\"id\":\"d4a636f9bf1e8750\",\"type\":\"note\",\"at\":\"2026-09-10T09:00:00Z\",\"session\":\"ef3d30d93236ce07\",\"kind\":\"do\",\"text\":\"Bel Klaas Postma snel terug\"}",
	};
	/* Texts with every byte jansson escapes, and some it does not,
	 * alike in pairs: JSON writes groups itself when unmasked. */
	static const char *const escaped[] = {
		"{\"id\":\"0a3d30d93236ce07\",\"type\":\"session\",\"at\":\"2026-09-10T09:00:00Z\",\"municipality\":\"Hertogenbosch \\\"Den Bosch\\\"\",\"date\":\"2026-09-10\"}",
		"{\"id\":\"0a3d30d93236ce08\",\"type\":\"note\",\"at\":\"2026-09-10T09:00:00Z\",\"session\":\"0a3d30d93236ce07\",\"kind\":\"do\",\"text\":\"Zeg \\\"ja\\\" of C:\\\\pad\\\\ en/of\\tnee\\nnu\"}",
		"{\"id\":\"0a3d30d93236ce09\",\"type\":\"note\",\"at\":\"2026-09-10T09:00:01Z\",\"session\":\"0a3d30d93236ce07\",\"kind\":\"do\",\"text\":\"Zeg \\\"ja\\\" of C:\\\\pad\\\\ en/of\\r\\nnee nu\"}",
		"{\"id\":\"0a3d30d93236ce0a\",\"type\":\"note\",\"at\":\"2026-09-10T09:00:02Z\",\"session\":\"0a3d30d93236ce07\",\"kind\":\"dont\",\"text\":\"Caf\u00e9 \\u2028 niet \\b\\f \\u0001\\u001f\\u007f \u20ac \U0001F600 \\\\\"}",
		"{\"id\":\"0a3d30d93236ce0b\",\"type\":\"note\",\"at\":\"2026-09-10T09:00:03Z\",\"session\":\"0a3d30d93236ce07\",\"kind\":\"dont\",\"text\":\"Caf\u00e9 \\u2028 niet \\b\\f \\u0001\\u001f\\u007f \u20ac \U0001F600\"}",
		"{\"id\":\"0a3d30d93236ce0c\",\"type\":\"advice\",\"at\":\"2026-09-10T09:00:04Z\",\"session\":\"0a3d30d93236ce07\",\"perspective\":\"self\",\"text\":\"\\u00e9\\u00e9n \\\"loket\\\"\"}",
	};
	static const char *const files[] = { "venlo", "zwolle", "deventer" };
	static const int permilles[] = { 250, 500, 1000 };
	const char *src = getenv("WL_SRC");
	struct wl_journal *js[7];
	struct wl_error e;
	struct wl_lang *nl = wl_lang_load("nl", &e);
	char path[4096];
	size_t nj = 0, k, a, b, runs = 0, masks = 0;

	(void)state;
	if (nl == NULL)
		fail_msg("nl: %s", e.msg);
	js[nj++] = j;
	js[nj++] = unit_load_lines("empty.jsonl", none, 0);
	js[nj++] = UNIT_LOAD("named.jsonl", named);
	js[nj++] = UNIT_LOAD("escaped.jsonl", escaped);
	for (k = 0; k < 3; k++) {
		snprintf(path, sizeof(path), "%s/tests/data/compare/%s.jsonl",
		    src ? src : ".", files[k]);
		if ((js[nj++] = unit_load(path, NULL)) == NULL)
			fail_msg("%s does not load (WL_SRC?)", path);
	}
	for (k = 0; k < nj; k++)
		for (int by = 0; by < 2; by++)
			for (size_t p = 0; p < 3; p++)
				for (int md = 0; md < 2; md++)
					for (int anon = 0; anon < 2; anon++) {
		const struct wl_lang *l = md ? nl : NULL;
		char *w = whole(js[k], by, permilles[p], l, anon ? &a : NULL);
		char *s = written(js[k], by, permilles[p], l,
		    anon ? &b : NULL, &e);

		if (s == NULL)
			fail_msg("wl_compare_write: %s", e.msg);
		assert_string_equal(s, w);
		if (anon) {
			assert_int_equal(a, b);
			masks += a;
		}
		runs++;
		free(s);
		free(w);
	}
	assert_int_equal(runs, 7 * 2 * 3 * 2 * 2);
	assert_true(masks > 0);
	for (k = 1; k < nj; k++)
		wl_journal_free(js[k]);
	wl_lang_free(nl);
}

/*
 * Each of jansson's allocations failing in turn as the comparison is
 * written group by group, as JSON and as Markdown: "out of memory",
 * or all of it; never a comparison written short without a word.
 */
static void
written_short_of_memory(void **state)
{
	struct wl_error e;
	struct wl_lang *nl = wl_lang_load("nl", &e);

	(void)state;
	if (nl == NULL)
		fail_msg("nl: %s", e.msg);
	for (int md = 0; md < 2; md++) {
		const struct wl_lang *l = md ? nl : NULL;
		char *want = whole(j, 0, 500, l, NULL), *s;
		long n, calls;

		for (n = 1;; n++) {
			memset(&e, 0, sizeof(e));
			unit_json_fail(n);
			s = written(j, 0, 500, l, NULL, &e);
			calls = unit_json_calls();
			unit_json_fail(0);
			if (calls < n)
				break;
			if (s != NULL && strcmp(s, want) != 0)
				fail_msg("allocation %ld of %ld failed, and "
				    "it wrote less without a word", n, calls);
			if (s == NULL)
				assert_string_equal(e.msg, "out of memory");
			free(s);
		}
		assert_non_null(s);
		assert_string_equal(s, want);
		assert_true(n > 100);
		free(s);
		free(want);
	}
	wl_lang_free(nl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(by_municipality),
		cmocka_unit_test(endorsement_rate),
		cmocka_unit_test(agreements_and_followup),
		cmocka_unit_test(tags_sorted),
		cmocka_unit_test(by_session),
		cmocka_unit_test(similar_groups),
		cmocka_unit_test(texts_are_current),
		cmocka_unit_test(empty_journal),
		cmocka_unit_test(short_of_memory),
		cmocka_unit_test(written_as_whole),
		cmocka_unit_test(written_short_of_memory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
