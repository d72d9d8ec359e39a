/*
 * test_tail.c - a writer's view of a journal (from its latest session
 * on) answers as the whole journal does, and falls back to the whole
 * journal, with the same messages, when its part reads uncleanly
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
#define P2 "9a71000000000002"
#define P3 "9a71000000000003"
#define N1 "a0be000000000001"
#define N2 "a0be000000000002"
#define A1 "ad71000000000001"
#define X1 "e0d0000000000001"

#define SESSION(id) REC(id, "session") ",'municipality':'Roermond'," \
	"'date':'2026-06-14'}"
#define NOTE(id, s, text) REC(id, "note") ",'session':'" s "'," \
	"'kind':'do','text':'" text "'}"
#define PERSON(id, s, name) REC(id, "participant") ",'session':'" s "'," \
	"'role':'other','name':'" name "'}"

static char dir[64];

struct seen {
	int n;
	char text[16][600];
};

static void
collect(void *ctx, enum wl_severity sev, const struct wl_error *err)
{
	struct seen *s = ctx;

	if (s->n < 16) {
		wl_error_format(err, s->text[s->n], sizeof(s->text[0]) - 4);
		strcat(s->text[s->n], sev == WL_ERROR ? " E" : " W");
	}
	s->n++;
}

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/wl-tail-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write the lines (' for ") to dir/j.jsonl, each ended by '\n'. */
static const char *
journal(const char *const *lines, size_t n)
{
	static char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/j.jsonl", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	for (size_t i = 0; i < n; i++) {
		for (const char *p = lines[i]; *p; p++)
			fputc(*p == '\'' ? '"' : *p, fp);
		fputc('\n', fp);
	}
	assert_int_equal(fclose(fp), 0);
	return path;
}

#define JOURNAL(lines) journal(lines, sizeof(lines) / sizeof(lines[0]))

struct both {
	struct wl_journal *tail, *full;
	struct seen st, sf;
};

/* Load path both ways. */
static void
load_both(const char *path, struct both *b)
{
	struct wl_diag dt = { collect, &b->st, 0, 0 };
	struct wl_diag df = { collect, &b->sf, 0, 0 };

	memset(b, 0, sizeof(*b));
	b->tail = wl_journal_load_tail(path, NULL, NULL, &dt, NULL);
	b->full = wl_journal_load(&path, 1, &df, NULL);
	assert_non_null(b->tail);
	assert_non_null(b->full);
}

static void
free_both(struct both *b)
{
	wl_journal_free(b->tail);
	wl_journal_free(b->full);
}

/* The latest session, and who answers to who, are the same both ways. */
static void
same_answers(struct both *b, const char *session, const char *who,
    const char *person)
{
	const struct wl_rec *st = wl_journal_session(b->tail, NULL, NULL);
	const struct wl_rec *sf = wl_journal_session(b->full, NULL, NULL);
	const struct wl_rec *pt, *pf;

	assert_non_null(st);
	assert_non_null(sf);
	assert_string_equal(wl_rec_id(st), session);
	assert_string_equal(wl_rec_id(sf), session);
	assert_int_equal(wl_session_nblocks(st), wl_session_nblocks(sf));
	if (who == NULL)
		return;
	pt = wl_journal_participant(b->tail, st, who, NULL);
	pf = wl_journal_participant(b->full, sf, who, NULL);
	if (person == NULL) {
		assert_null(pt);
		assert_null(pf);
	} else {
		assert_string_equal(wl_rec_id(pt), person);
		assert_string_equal(wl_rec_id(pf), person);
	}
}

/* The messages are the same both ways (the tail fell back). */
static void
same_messages(const struct both *b)
{
	assert_int_equal(b->st.n, b->sf.n);
	for (int i = 0; i < b->st.n && i < 16; i++)
		assert_string_equal(b->st.text[i], b->sf.text[i]);
}

static void
reads_only_the_latest_session(void **state)
{
	(void)state;
	static const char *const lines[] = {
		SESSION(S1),
		PERSON(P1, S1, "Anna"),
		NOTE(N1, S1, "session"),
		SESSION(S2),
		PERSON(P2, S2, "Anna"),
		PERSON(P3, S2, "Bob"),
		REC(X1, "retract") ",'ref':'" P3 "'}",
		"{ 'id' : '" N2 "', 'type':'note','at':'2026-06-14T09:30:00Z',"
		    "'session':'" S2 "','kind':'do','text':'session','x':1 }",
		REC(A1, "amend") ",'ref':'" S2 "','set':{'blocks':"
		    "[{'n':1,'title':'a'},{'n':2,'title':'b'}]}}",
	};
	const char *p = JOURNAL(lines);
	struct both b;

	load_both(p, &b);
	assert_int_equal(wl_journal_count(b.tail), 6);
	same_answers(&b, S2, "anna", P2);
	same_answers(&b, S2, "Bob", NULL);
	same_answers(&b, S2, "9a71", P2);
	assert_int_equal(wl_session_nblocks(wl_journal_session(b.tail, NULL,
	    NULL)), 2);
	same_messages(&b);
	free_both(&b);
}

static void
passes_over_retracted_sessions(void **state)
{
	(void)state;
	static const char *const lines[] = {
		SESSION(S1),
		PERSON(P1, S1, "Anna"),
		SESSION(S2),
		REC(X1, "retract") ",'ref':'" S2 "'}",
	};
	struct both b;

	load_both(JOURNAL(lines), &b);
	same_answers(&b, S1, "Anna", P1);
	same_messages(&b);
	free_both(&b);
}

static void
finds_a_session_spelled_with_escapes(void **state)
{
	(void)state;
	static const char *const lines[] = {
		SESSION(S1),
		"{'id':'" S2 "','type':'sess\\u0069on','at':"
		    "'2026-06-14T09:30:00Z','municipality':'Venlo',"
		    "'date':'2026-06-15'}",
		NOTE(N1, S2, "a"),
	};
	struct both b;

	load_both(JOURNAL(lines), &b);
	assert_int_equal(wl_journal_count(b.tail), 2);
	same_answers(&b, S2, NULL, NULL);
	free_both(&b);
}

static void
falls_back_on_anything_said(void **state)
{
	(void)state;
	static const char *const bad[] = {
		SESSION(S1),
		SESSION(S2),
		NOTE(N1, S2, "a"),
		"{'id':'" N2 "','type':'note'",
	};
	static const char *const dangling[] = {
		SESSION(S1),
		REC(A1, "advice") ",'session':'" S1 "','perspective':'self',"
		    "'text':'a'}",
		SESSION(S2),
		REC(X1, "status") ",'ref':'" A1 "','status':'adopted'}",
		REC(N1, "status") ",'ref':'" N2 "','status':'adopted'}",
	};
	struct both b;

	/* An error in the part read: the whole journal, its messages. */
	load_both(JOURNAL(bad), &b);
	assert_int_equal(b.st.n, 1);
	assert_non_null(strstr(b.st.text[0], "j.jsonl:4:"));
	same_messages(&b);
	free_both(&b);
	/* A reference out of the part read: read it all, warn once. */
	load_both(JOURNAL(dangling), &b);
	assert_int_equal(b.st.n, 1);
	assert_int_equal(wl_journal_count(b.tail), 5);
	same_messages(&b);
	same_answers(&b, S2, NULL, NULL);
	free_both(&b);
}

static void
looks_up_references_out_of_the_part(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		REC(A1, "advice") ",'session':'" S1 "','perspective':'self',"
		    "'text':'a " A1 "'}",
		SESSION(S2),
		PERSON(P2, S2, "Anna"),
		REC(X1, "status") ",'ref':'" A1 "','status':'adopted'}",
		NOTE(N1, S1, "later"),
	};
	static const char *const wrong[] = {
		SESSION(S1),
		NOTE(N2, S1, "a"),
		SESSION(S2),
		REC(X1, "status") ",'ref':'" N2 "','status':'adopted'}",
	};
	struct both b;

	(void)state;
	load_both(JOURNAL(lines), &b);
	assert_int_equal(wl_journal_count(b.tail), 4);
	same_answers(&b, S2, "Anna", P2);
	same_messages(&b);
	free_both(&b);
	/* A record there, of a type the reference may not name. */
	load_both(JOURNAL(wrong), &b);
	assert_int_equal(wl_journal_count(b.tail), 4);
	assert_int_equal(b.st.n, 1);
	same_messages(&b);
	free_both(&b);
}

#define MANY 12	/* more references out of the tail than one at a time */

/* Lines S1, MANY advice of it, S2 and Anna of it, then a status of
 * each advice, more from extra (NULL: none), and a note added later
 * to S1; n is set to their number. */
static const char *
many_out(const char *const *extra, size_t nextra, size_t *n)
{
	static char buf[2 * MANY + 8][256];
	const char *lines[2 * MANY + 8];
	size_t k = 0;

	lines[k++] = SESSION(S1);
	for (int i = 0; i < MANY; i++) {
		snprintf(buf[k], sizeof(buf[k]), REC("ad710000000001%02x",
		    "advice") ",'session':'" S1 "','perspective':'self',"
		    "'text':'a'}", i);
		lines[k] = buf[k];
		k++;
	}
	lines[k++] = NOTE(N1, S1, "a");
	lines[k++] = SESSION(S2);
	lines[k++] = PERSON(P2, S2, "Anna");
	/* In another order than the advice's. */
	for (int i = MANY - 1; i >= 0; i--) {
		snprintf(buf[k], sizeof(buf[k]), STATUS("57a70000000001%02x",
		    "ad710000000001%02x", "adopted"), i, i);
		lines[k] = buf[k];
		k++;
	}
	for (size_t i = 0; i < nextra; i++)
		lines[k++] = extra[i];
	lines[k++] = NOTE(N2, S1, "later");
	*n = k;
	return journal(lines, k);
}

static void
looks_up_many_references_at_once(void **state)
{
	static const char *const none[] = {
		STATUS("57a7000000000fff", "ad71000000000fff", "adopted"),
	};
	static const char *const note[] = {
		STATUS("57a7000000000ffe", N1, "adopted"),
	};
	static const char *const retracted[] = {
		SESSION("5e55300000000000"),
		RETRACT("e0d0000000000003", "5e55300000000000"),
	};
	struct both b;
	size_t n;

	(void)state;
	/* All there: the tail only (S2, Anna, the statuses, the note). */
	load_both(many_out(NULL, 0, &n), &b);
	assert_int_equal(wl_journal_count(b.tail), MANY + 3);
	assert_int_equal(wl_journal_count(b.full), n);
	same_answers(&b, S2, "Anna", P2);
	same_messages(&b);
	free_both(&b);
	/* One names nothing, one names a record of a wrong type: the
	 * whole journal, which says so. */
	load_both(many_out(none, 1, &n), &b);
	assert_int_equal(wl_journal_count(b.tail), n);
	assert_int_equal(b.st.n, 1);
	same_messages(&b);
	free_both(&b);
	load_both(many_out(note, 1, &n), &b);
	assert_int_equal(wl_journal_count(b.tail), n);
	assert_int_equal(b.st.n, 1);
	same_messages(&b);
	free_both(&b);
	/* The latest session retracted: the one before, and its tail. */
	load_both(many_out(retracted, 2, &n), &b);
	assert_int_equal(wl_journal_count(b.tail), MANY + 5);
	same_answers(&b, S2, "Anna", P2);
	same_messages(&b);
	free_both(&b);
}

static void
does_not_vouch_for_lines_before_the_session(void **state)
{
	(void)state;
	static const char *const lines[] = {
		SESSION(S1),
		"{'id':'" N2 "','type':'note'",
		SESSION(S2),
		NOTE(N1, S2, "a"),
	};
	struct both b;

	load_both(JOURNAL(lines), &b);
	assert_int_equal(b.st.n, 0);
	assert_int_equal(b.sf.n, 1);
	assert_int_equal(wl_journal_count(b.tail), 2);
	same_answers(&b, S2, NULL, NULL);
	free_both(&b);
}

/* Load path both ways for session sel; the answers are the same. */
static void
same_named(const char *path, const char *sel, size_t count,
    const char *want)
{
	struct wl_diag quiet = { NULL, NULL, 0, 0 };
	struct wl_journal *t = wl_journal_load_tail(path, sel, NULL, &quiet, NULL);
	struct wl_journal *f = wl_journal_load(&path, 1, &quiet, NULL);
	struct wl_error et, ef;
	const struct wl_rec *st, *sf;

	assert_non_null(t);
	assert_non_null(f);
	assert_int_equal(wl_journal_count(t), count);
	st = wl_journal_session(t, sel, &et);
	sf = wl_journal_session(f, sel, &ef);
	if (want == NULL) {
		assert_null(st);
		assert_null(sf);
		assert_string_equal(et.msg, ef.msg);
	} else {
		assert_string_equal(wl_rec_id(st), want);
		assert_string_equal(wl_rec_id(sf), want);
	}
	wl_journal_free(t);
	wl_journal_free(f);
}

static void
reads_from_a_named_session(void **state)
{
	static const char *const lines[] = {
		SESSION(S1),
		PERSON(P1, S1, "Anna"),
		NOTE(N1, S1, "a"),
		SESSION(S2),
		NOTE(N2, S2, "b"),
		REC(X1, "retract") ",'ref':'" S2 "'}",
		"{'id':'5e55\\u003300000000000','type':'session','at':"
		    "'2026-06-14T09:30:00Z','municipality':'Venlo',"
		    "'date':'2026-06-15'}",
	};
	static const char *const mixed[] = {
		SESSION(S1),
		SESSION(S2),
		NOTE(N1, S1, "a"),
	};
	const char *p = JOURNAL(lines);

	(void)state;
	/* A line escaped otherwise than jansson would: all of it. */
	same_named(p, "5e551", 7, S1);
	same_named(p, S2, 7, NULL);		/* retracted, says so */
	same_named(p, "5e553", 7, "5e55300000000000");	/* escaped */
	same_named(p, "5e55", 7, NULL);		/* ambiguous: all of it */
	same_named(p, "5e559", 7, NULL);	/* none: all of it */
	same_named(p, "5e5", 7, NULL);		/* no id: all of it */
	/* Without it, the part of the session: what names it, and
	 * what names that. */
	p = journal(lines, 6);
	same_named(p, "5e551", 3, S1);
	same_named(p, S2, 3, NULL);		/* retracted, says so */
	/* Other sessions' records are left out, wherever they are. */
	p = JOURNAL(mixed);
	same_named(p, S2, 1, S2);
}

/* Write line (' for ") and a '\n' to fp. */
static void
put(FILE *fp, const char *line)
{
	for (const char *p = line; *p; p++)
		fputc(*p == '\'' ? '"' : *p, fp);
	fputc('\n', fp);
}

#define FILLER 20000	/* notes of S2: 6 MB, windows of the search */
#define ALL (2 + 1 + FILLER + 1)

/* Write session S1 and advice A1 of it, session S2 and FILLER notes of
 * it, past the window the search for a named record reads first, then
 * line last: ALL lines. */
static void
padded(const char *last)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/j.jsonl", dir);
	assert_non_null(fp = fopen(path, "w"));
	put(fp, SESSION(S1));
	put(fp, REC(A1, "advice") ",'session':'" S1 "','perspective':'self',"
	    "'text':'a'}");
	put(fp, SESSION(S2));
	for (int i = 0; i < FILLER; i++)
		fprintf(fp, "{\"id\":\"b0%014x\",\"type\":\"note\",\"at\":"
		    "\"%s\",\"session\":\"%s\",\"kind\":\"idea\",\"text\":"
		    "\"%0200d\"}\n", i, AT, S2, i);
	put(fp, last);
	assert_int_equal(fclose(fp), 0);
}

/* The part for the record named rec of the file padded() wrote has
 * count records (ALL: the whole file is read). */
static void
part_of(const char *rec, size_t count)
{
	char path[128];
	struct wl_diag quiet = { NULL, NULL, 0, 0 };
	struct wl_journal *t;

	snprintf(path, sizeof(path), "%s/j.jsonl", dir);
	assert_non_null(t = wl_journal_load_tail(path, NULL, rec, &quiet,
	    NULL));
	assert_int_equal(wl_journal_count(t), count);
	wl_journal_free(t);
}

/* The search for a named record goes on past the window its line is
 * in: what it finds there counts as what it finds before. */
static void
searches_a_named_record_to_the_end(void **state)
{
	(void)state;
	/* A status at the end: the part is S1, the advice, the status. */
	padded(STATUS(X1, A1, "adopted"));
	part_of(A1, 3);
	/* Another session's note that mentions it: all of it is read. */
	padded(NOTE(N2, S2, "over " A1));
	part_of(A1, ALL);
	/* Another line whose id starts with the prefix: all of it. */
	padded(NOTE("ad71000000000002", S2, "b"));
	part_of("ad710000000", ALL);
	part_of(A1, 2);
}

static void
no_session_or_no_file(void **state)
{
	(void)state;
	static const char *const lines[] = { NOTE(N1, S1, "a") };
	struct seen s = { 0 };
	struct wl_diag d = { collect, &s, 0, 0 };
	struct wl_error e;
	struct both b;
	char path[128];

	load_both(JOURNAL(lines), &b);
	assert_null(wl_journal_session(b.tail, NULL, NULL));
	same_messages(&b);
	free_both(&b);
	snprintf(path, sizeof(path), "%s/none.jsonl", dir);
	assert_null(wl_journal_load_tail(path, NULL, NULL, &d, &e));
	assert_non_null(strstr(e.msg, "cannot open"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_only_the_latest_session),
		cmocka_unit_test(passes_over_retracted_sessions),
		cmocka_unit_test(finds_a_session_spelled_with_escapes),
		cmocka_unit_test(falls_back_on_anything_said),
		cmocka_unit_test(looks_up_references_out_of_the_part),
		cmocka_unit_test(looks_up_many_references_at_once),
		cmocka_unit_test(does_not_vouch_for_lines_before_the_session),
		cmocka_unit_test(reads_from_a_named_session),
		cmocka_unit_test(searches_a_named_record_to_the_end),
		cmocka_unit_test(no_session_or_no_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
