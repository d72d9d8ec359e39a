/*
 * test_report.c - the advice report of one session, in English: the
 * exact text, its sections in order, who is named (only with consent,
 * nobody with --anonymous), support in numbers (stale
 * endorsements apart), the summary for the MT, charts on and
 * off, the same bytes every time, a language that lacks a label
 *
 * Journal lines are written with ' for " to keep them readable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S0 "5e55100000000000"	/* an earlier werklab in Roermond */
#define S1 "5e55100000000001"	/* the one reported */
#define S2 "5e55100000000002"	/* elsewhere, later */
#define P1 "9a71000000000001"	/* Anouk, consented */
#define P2 "9a71000000000002"	/* Jan, did not */
#define P3 "9a71000000000003"	/* Mia, consented, no org */
#define P4 "9a71000000000004"	/* withdrawn */
#define A0 "ad71000000000000"
#define A1 "ad71000000000001"
#define A2 "ad71000000000002"
#define G1 "a94e000000000001"

#define PERSON(id, role, rest) REC(id, "participant") ",'session':'" S1 \
	"','role':'" role "'" rest "}"
#define NOTE(n, kind, text, rest) REC("a0be00000000000" n, "note") \
	",'session':'" S1 "','kind':'" kind "','text':'" text "'" rest "}"

static const char *const lines[] = {
	REC(S0, "session") ",'municipality':'roermond','date':'2026-03-01'}",
	REC(A0, "advice") ",'session':'" S0 "','perspective':'self',"
	    "'text':'Oud advies'}",
	REC("a94e000000000000", "agreement") ",'session':'" S0 "',"
	    "'text':'Oude afspraak','owner':'team','due':'2026-04-01'}",
	REC("a94e00000000000f", "agreement") ",'session':'" S0 "',"
	    "'text':'Klaar'}",
	STATUS("57a700000000000f", "a94e00000000000f", "done"),
	REC(S1, "session") ",'municipality':'Roermond','date':'2026-06-14',"
	    "'pilot':2,'series':'Zuid','title':'Ruimte','location':'Stadhuis',"
	    "'facilitators':['Fenna','Gijs'],'blocks':[{'n':1,'title':"
	    "'Kennismaking'},{'n':2,'title':'Samenwerken'}]}",
	PERSON(P1, "initiator", ",'name':'Anouk','org':'De Kas',"
	    "'consent':true"),
	PERSON(P2, "civil-servant", ",'name':'Jan','consent':false"),
	PERSON(P3, "manager", ",'name':'Mia','consent':true"),
	PERSON(P4, "other", ",'name':'Weg','consent':true"),
	RETRACT("4e74000000000004", P4),
	NOTE("1", "expectation", "Snel antwoord", ",'block':1"),
	NOTE("2", "question", "Wie beslist?", ",'block':1"),
	NOTE("3", "do", "Reageer snel", ""),
	NOTE("4", "dont", "Van loket naar loket", ""),
	NOTE("5", "do", "Bel terug", ""),
	NOTE("6", "idea", "Koffie-uur", ""),
	NOTE("7", "idea", "Spreekuur", ",'block':2"),
	NOTE("8", "quote", "Eindelijk gehoord", ",'by':'" P1 "'"),
	NOTE("9", "quote", "\\u201cIk wacht al maanden\\u201d",
	    ",'by':'" P2 "'"),
	REC(A1, "advice") ",'session':'" S1 "','perspective':'self',"
	    "'text':'Luister beter'}",
	ENDORSE("e0d0000000000001", A1, P1, "endorse"),
	REC("e0d0000000000002", "endorsement") ",'ref':'" A1 "','by':'" P2
	    "','stance':'reservations','reason':'Te vaag'}",
	/* Reworded later: the endorsements before it are stale. */
	AMEND_AT("a3e0000000000001", A1, "{'text':'Luister echt beter'}",
	    LATER),
	ENDORSE_AT("e0d0000000000003", A1, P3, "object", LATER),
	ENDORSE("e0d0000000000004", A1, P4, "endorse"),
	REC(A2, "advice") ",'session':'" S1 "','perspective':'organisation',"
	    "'text':'E\\u00e9n loket','block':2}",
	STATUS("57a7000000000002", A2, "presented"),
	REC(G1, "agreement") ",'session':'" S1 "','text':'Bellen',"
	    "'owner':'" P1 "','due':'2026-07-01'}",
	REC("a94e000000000002", "agreement") ",'session':'" S1 "',"
	    "'text':'Notitie','owner':'wethouder'}",
	STATUS("57a7000000000003", "a94e000000000002", "done"),
	REC(S2, "session") ",'municipality':'Venlo','date':'2026-09-10'}",
};

/* The report of S1 in pieces: what --anonymous and --charts none
 * change stands apart. */
#define HEAD "# Werklab, municipality of Roermond\n" \
	"\n" \
	"- Date: 14 June 2026\n" \
	"- Pilot: 2\n" \
	"- Series: Zuid\n" \
	"- Theme: Ruimte\n" \
	"- Place: Stadhuis\n"
#define FACILITATORS "- Facilitated by: Fenna, Gijs\n"
#define SUMMARY "## What we ask of the MT\n" \
	"\n" \
	"- Advice 1: E\xc3\xa9n loket \xe2\x80\x94 not endorsed by initiators (0 of 1) " \
	"\xe2\x80\x94 presented to the MT (14 June 2026)\n" \
	"\n"
#define PEOPLE "## Who took part\n" \
	"\n" \
	"| Role | Number |\n" \
	"| --- | ---: |\n" \
	"| Civil servants | 1 |\n" \
	"| Initiators | 1 |\n" \
	"| Managers | 1 |\n" \
	"| Total | 3 |\n" \
	"\n"
#define NAMED "These participants agreed to be named:\n" \
	"\n" \
	"- Initiators: Anouk (De Kas)\n" \
	"- Managers: Mia\n" \
	"\n"
#define BLOCKS "## Block 1: Kennismaking\n" \
	"\n" \
	"### Expectations\n" \
	"\n" \
	"- Snel antwoord\n" \
	"\n" \
	"### Questions\n" \
	"\n" \
	"- Wie beslist?\n" \
	"\n" \
	"## Block 2: Samenwerken\n" \
	"\n" \
	"### Do's\n" \
	"\n" \
	"- Reageer snel\n" \
	"- Bel terug\n" \
	"\n" \
	"### Don'ts\n" \
	"\n" \
	"- Van loket naar loket\n" \
	"\n" \
	"### Ideas\n" \
	"\n" \
	"- Spreekuur\n" \
	"\n" \
	"### What we need from our organisation and manager\n" \
	"\n" \
	"1. E\xc3\xa9n loket\n" \
	"   - Support: not endorsed by initiators (0 of 1)\n" \
	"   - Follow-up: presented to the MT (14 June 2026)\n" \
	"\n" \
	"## Block 3\n" \
	"\n" \
	"### What we need from ourselves\n" \
	"\n" \
	"2. Luister echt beter\n"
/* Support in numbers: an objection of somebody else apart, the two
 * given to the earlier text not counted as support of this one. */
#define SUPPORT "   - Support: not endorsed by initiators (0 of 1); objected to " \
	"by 1 manager; 2 endorsements given before the text was changed\n" \
	"   - Endorsed with reservations by a civil servant (given before " \
	"the text was changed): Te vaag\n"
#define BLOCK3_END "   - Follow-up: open\n" \
	"\n" \
	"## Ideas\n" \
	"\n" \
	"- Koffie-uur\n" \
	"\n" \
	"## Agreements\n" \
	"\n" \
	"| Agreement | Who | Due | Status |\n" \
	"| ------------------------------ | ---------------------------- " \
	"| ------------------ | ------------------------ |\n"
#define EARLIER "## Follow-up from earlier werklabs\n" \
	"\n" \
	"### Werklab of 1 March 2026\n" \
	"\n" \
	"Advice not yet implemented:\n" \
	"\n" \
	"- Oud advies \xe2\x80\x94 Follow-up: open\n" \
	"\n" \
	"Agreements still open:\n" \
	"\n"
#define REACTIONS "## Reactions of participants\n" \
	"\n" \
	"> \xe2\x80\x9c" "Eindelijk gehoord\xe2\x80\x9d \xe2\x80\x94 "
#define CHARTS "## In figures\n" \
	"\n" \
	"```mermaid\n" \
	"pie title Advice per perspective\n" \
	"    \"From ourselves\" : 1\n" \
	"    \"From organisation and manager\" : 1\n" \
	"```\n" \
	"\n" \
	"```mermaid\n" \
	"pie title Follow-up of the advice\n" \
	"    \"open\" : 1\n" \
	"    \"presented to the MT\" : 1\n" \
	"```\n" \
	"\n" \
	"```mermaid\n" \
	"pie title State of the agreements\n" \
	"    \"open\" : 1\n" \
	"    \"done\" : 1\n" \
	"```\n"

/* Up to the charts, with names; then without. */
#define NAMED_MD HEAD FACILITATORS "\n" SUMMARY PEOPLE NAMED BLOCKS \
	SUPPORT \
	"   - Objection from Mia (manager)\n" \
	BLOCK3_END \
	"| Bellen | Anouk (initiator) | 1 July 2026 | open |\n" \
	"| Notitie | wethouder | | done (14 June 2026) |\n" \
	"\n" \
	EARLIER \
	"- Oude afspraak \xe2\x80\x94 team, due 1 April 2026 \xe2\x80\x94 " \
	"**overdue**\n" \
	"\n" \
	REACTIONS "Anouk (initiator)\n" \
	"\n" \
	"> \xe2\x80\x9cIk wacht al maanden\xe2\x80\x9d \xe2\x80\x94 civil " \
	"servant\n"
#define ANONYMOUS_MD HEAD "\n" SUMMARY PEOPLE BLOCKS \
	SUPPORT \
	"   - Objection from a manager\n" \
	BLOCK3_END \
	"| Bellen | initiator | 1 July 2026 | open |\n" \
	"| Notitie | wethouder | | done (14 June 2026) |\n" \
	"\n" \
	EARLIER \
	"- Oude afspraak \xe2\x80\x94 team, due 1 April 2026 \xe2\x80\x94 " \
	"**overdue**\n" \
	"\n" \
	REACTIONS "initiator\n" \
	"\n" \
	"> \xe2\x80\x9cIk wacht al maanden\xe2\x80\x9d \xe2\x80\x94 civil " \
	"servant\n"

static struct wl_journal *j;
static struct wl_lang *en;

static int
setup(void **state)
{
	struct wl_error e;

	(void)state;
	/* The source tree's share/ when the suite names none. */
	setenv("WL_DATADIR", "share", 0);
	/* The report's day: which agreements are overdue. */
	setenv("WL_NOW", AT, 1);
	if (unit_mkdir("report") < 0)
		return -1;
	j = UNIT_LOAD("j.jsonl", lines);
	if ((en = wl_lang_load("en", &e)) == NULL) {
		fprintf(stderr, "lang/en: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	wl_journal_free(j);
	wl_lang_free(en);
	return unit_teardown(state);
}

/* The report of session sid of jr.  Caller frees. */
static char *
report(const struct wl_journal *jr, const char *sid,
    const struct wl_lang *l, int anonymous, int charts)
{
	struct wl_report_opts o = { l, anonymous, charts, NULL, 0, NULL, NULL,
	    NULL, NULL, NULL, NULL, 0, 0 };
	struct unit_cap c;
	struct wl_error e;

	if (wl_report_md(unit_cap_open(&c), jr, wl_journal_get(jr, sid), &o,
	    &e) != 0)
		fail_msg("wl_report_md: %s", e.msg);
	return unit_cap_take(&c);
}

/* The report of sid must be exactly want; then it is freed. */
static void
report_is(const struct wl_journal *jr, const char *sid, int anonymous,
    int charts, const char *want)
{
	char *md = report(jr, sid, en, anonymous, charts);

	assert_string_equal(md, want);
	free(md);
}

static void
exact_text(void **state)
{
	(void)state;
	report_is(j, S1, 0, 1, NAMED_MD "\n" CHARTS);
	/* A werklab with nothing in it yet: only its head. */
	report_is(j, S2, 0, 1, "# Werklab, municipality of Venlo\n"
	    "\n"
	    "- Date: 10 September 2026\n");
}

static void
sections_in_order(void **state)
{
	char *md = report(j, S1, en, 0, 1), headings[1024] = "";

	(void)state;
	/* Every line ends in '\n', the last one too. */
	for (const char *l = md; *l != '\0'; l = strchr(l, '\n') + 1)
		if (strncmp(l, "## ", 3) == 0)
			strncat(headings, l, (size_t)(strchr(l, '\n') - l + 1));
	assert_string_equal(headings,
	    "## What we ask of the MT\n"
	    "## Who took part\n"
	    "## Block 1: Kennismaking\n"
	    "## Block 2: Samenwerken\n"
	    "## Block 3\n"
	    "## Ideas\n"
	    "## Agreements\n"
	    "## Follow-up from earlier werklabs\n"
	    "## Reactions of participants\n"
	    "## In figures\n");
	free(md);
}

static void
anonymous(void **state)
{
	(void)state;
	/* No name, no facilitator: roles only; a free-text owner is
	 * text, with names in it masked (none here). */
	report_is(j, S1, 1, 1, ANONYMOUS_MD "\n" CHARTS);
}

static void
charts_on_and_off(void **state)
{
	(void)state;
	report_is(j, S1, 0, 0, NAMED_MD);
	report_is(j, S1, 1, 0, ANONYMOUS_MD);
}

#define S3 "5e55100000000003"
#define Q(n) "9a7100000000003" n
#define PERSON3(n, role, rest) REC(Q(n), "participant") ",'session':'" \
	S3 "','role':'" role "'" rest "}"
#define QUOTE3(n, text, by) REC("a0be00000000003" n, "note") \
	",'session':'" S3 "','kind':'quote','text':'" text "','by':'" \
	Q(by) "'}"

static void
consent_naming(void **state)
{
	static const char *const who[] = {
		REC(S3, "session") ",'municipality':'Weert',"
		    "'date':'2026-06-14'}",
		/* consent, but no name to give */
		PERSON3("1", "initiator", ",'name':'','consent':true"),
		/* a name, no word of consent */
		PERSON3("2", "manager", ",'name':'Piet'"),
		/* consent given, then taken back */
		PERSON3("3", "other", ",'name':'Els','consent':true"),
		AMEND("a3e0000000000031", Q("3"), "{'consent':false}"),
		/* consent given later, with an org */
		PERSON3("4", "facilitator", ",'name':'Ria','consent':false"),
		AMEND("a3e0000000000032", Q("4"),
		    "{'consent':true,'org':'Buurt'}"),
		QUOTE3("1", "Goed zo", "2"),
		QUOTE3("2", "Prima", "4"),
		QUOTE3("3", "Hallo", "1"),
		QUOTE3("4", "Nee", "3"),
	};
	struct wl_journal *jw = UNIT_LOAD("who.jsonl", who);
	char *md;

	(void)state;
	/* The facilitator apart, named in the head: not in the table,
	 * the total or the names of those who took part. */
	report_is(jw, S3, 0, 1, "# Werklab, municipality of Weert\n"
	    "\n"
	    "- Date: 14 June 2026\n"
	    "- Facilitated by: Ria (Buurt)\n"
	    "\n"
	    "## Who took part\n"
	    "\n"
	    "| Role | Number |\n"
	    "| --- | ---: |\n"
	    "| Initiators | 1 |\n"
	    "| Managers | 1 |\n"
	    "| Other participants | 1 |\n"
	    "| Total | 3 |\n"
	    "\n"
	    "## Reactions of participants\n"
	    "\n"
	    "> \xe2\x80\x9cGoed zo\xe2\x80\x9d \xe2\x80\x94 manager\n"
	    "\n"
	    "> \xe2\x80\x9cPrima\xe2\x80\x9d \xe2\x80\x94 Ria (facilitator)\n"
	    "\n"
	    "> \xe2\x80\x9cHallo\xe2\x80\x9d \xe2\x80\x94 initiator\n"
	    "\n"
	    "> \xe2\x80\x9cNee\xe2\x80\x9d \xe2\x80\x94 participant\n");
	/* Anonymous: the facilitator counted, not named. */
	md = report(jw, S3, en, 1, 1);
	assert_non_null(strstr(md, "- Date: 14 June 2026\n"
	    "- Facilitated by: one facilitator\n\n## Who took part\n"));
	assert_non_null(strstr(md, "| Total | 3 |\n\n## Reactions"));
	free(md);
	wl_journal_free(jw);
}

static void
stale_marks(void **state)
{
	const char *more[UNIT_NLINES(lines) + 1];
	struct wl_journal *jr;
	char *md;

	(void)state;
	/* The amend of A1's text withdrawn: no endorsement is stale. */
	memcpy(more, lines, sizeof(lines));
	more[UNIT_NLINES(lines)] = RETRACT("4e74000000000009",
	    "a3e0000000000001");
	jr = unit_load_lines("unamended.jsonl", more, UNIT_NLINES(more));
	md = report(jr, S1, en, 0, 0);
	assert_non_null(strstr(md, "\n2. Luister beter\n"
	    "   - Support: endorsed by 1 of 1 initiator; also endorsed by 1 "
	    "civil servant; objected to by 1 manager\n"
	    "   - Endorsed with reservations by a civil servant: Te vaag\n"
	    "   - Objection from Mia (manager)\n"
	    "   - Follow-up: open\n"));
	assert_null(strstr(md, "before the text was changed"));
	free(md);
	wl_journal_free(jr);
}

static void
same_bytes(void **state)
{
	struct wl_journal *again = UNIT_LOAD("again.jsonl", lines);
	char *a = report(j, S1, en, 0, 1), *b = report(j, S1, en, 0, 1);
	char *c = report(again, S1, en, 0, 1);

	(void)state;
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	free(a);
	free(b);
	free(c);
	wl_journal_free(again);
}

static void
missing_label(void **state)
{
	struct wl_report_opts o = { NULL, 0, 1, NULL, 0, NULL, NULL,
	    NULL, NULL, NULL, NULL, 0, 0 };
	struct wl_lang *l;
	struct unit_cap c;
	struct wl_error e;
	char *text = wl_data_read("lang/en", &e), *cut;

	(void)state;
	/* English without its "support" line. */
	assert_non_null(text);
	cut = strstr(text, "\nsupport = ");
	assert_non_null(cut);
	memmove(cut, strchr(cut + 1, '\n'), strlen(strchr(cut + 1, '\n')) + 1);
	o.lang = l = wl_lang_parse("en", "lang/en", text, &e);
	free(text);
	assert_non_null(l);
	memset(&e, 0, sizeof(e));
	assert_int_equal(wl_report_md(unit_cap_open(&c), j,
	    wl_journal_get(j, S1), &o, &e), -1);
	assert_string_equal(e.file, "lang/en");
	assert_string_equal(e.msg, "missing key 'support'");
	unit_cap_is(&c, "");
	wl_lang_free(l);
}

/*
 * Each of jansson's allocations failing in turn, on a journal loaded
 * afresh: "out of memory" and nothing written, or the very report.
 * (A loaded record is read from its kept values: the report makes
 * little or no JSON, and none of what it shows hangs on it.)
 */
static void
short_of_memory(void **state)
{
	const char *path = unit_journal("oom.jsonl", lines,
	    UNIT_NLINES(lines));
	struct wl_report_opts o = { en, 0, 1, NULL, 0, NULL, NULL,
	    NULL, NULL, NULL, NULL, 0, 0 };
	char *want = report(j, S1, en, 0, 1);
	struct unit_cap c;
	struct wl_error e;
	long n, calls;
	int rc;

	(void)state;
	for (n = 1;; n++) {
		struct wl_journal *fresh = unit_load(path, NULL);
		FILE *fp = unit_cap_open(&c);

		memset(&e, 0, sizeof(e));
		unit_json_fail(n);
		rc = wl_report_md(fp, fresh, wl_journal_get(fresh, S1), &o,
		    &e);
		calls = unit_json_calls();
		unit_json_fail(0);
		wl_journal_free(fresh);
		if (calls < n)
			break;
		if (rc == 0)
			fail_msg("allocation %ld of %ld failed, and the "
			    "report was made all the same", n, calls);
		assert_string_equal(e.msg, "out of memory");
		unit_cap_is(&c, "");
	}
	assert_int_equal(rc, 0);
	unit_cap_is(&c, want);
	free(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_text),
		cmocka_unit_test(sections_in_order),
		cmocka_unit_test(anonymous),
		cmocka_unit_test(charts_on_and_off),
		cmocka_unit_test(consent_naming),
		cmocka_unit_test(stale_marks),
		cmocka_unit_test(same_bytes),
		cmocka_unit_test(missing_label),
		cmocka_unit_test(short_of_memory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
