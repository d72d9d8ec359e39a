/*
 * test_rules.c - each rule of a journal on its own: what a reference
 * may name, which status fits, what an amend may set and to what, the
 * blocks of a session; each problem with its code, field and words,
 * and how a reader takes it
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "rules.h"

/* A journal of three records, for the rules that follow references. */
static int
lookup(void *ctx, const char *id)
{
	(void)ctx;
	if (strcmp(id, "9a71000000000001") == 0)
		return WL_PARTICIPANT;
	if (strcmp(id, "ad71000000000001") == 0)
		return WL_ADVICE;
	return -1;
}

static void
is_problem(const struct wl_error *e, int code, const char *field,
    const char *msg)
{
	assert_int_equal(e->code, code);
	assert_string_equal(e->field, field);
	assert_string_equal(e->msg, msg);
}

static void
references(void **state)
{
	struct wl_error e;

	(void)state;
	assert_int_equal(wl_rule_ref_mask(WL_NOTE, "session"),
	    WL_TYPE_BIT(WL_SESSION));
	assert_int_equal(wl_rule_ref_mask(WL_SESSION, "session"), 0);
	assert_int_equal(wl_rule_ref_mask(WL_NOTE, "by"),
	    WL_TYPE_BIT(WL_PARTICIPANT));
	assert_int_equal(wl_rule_ref_mask(WL_PARTICIPANT, "by"), 0);
	assert_int_equal(wl_rule_ref_mask(WL_AGREEMENT, "owner"), 0);
	assert_int_equal(wl_rule_ref_mask(WL_UNKNOWN, "session"), 0);
	assert_int_equal(wl_rule_ref_mask(WL_STATUS, "ref"),
	    WL_TYPE_BIT(WL_ADVICE) | WL_TYPE_BIT(WL_AGREEMENT));
	assert_true(wl_rule_ref_mask(WL_RETRACT, "ref") &
	    WL_TYPE_BIT(WL_AMEND));
	assert_false(wl_rule_ref_mask(WL_AMEND, "ref") &
	    WL_TYPE_BIT(WL_AMEND));
	/* A retract of a retract restores what the first withdrew. */
	assert_true(wl_rule_ref_mask(WL_RETRACT, "ref") &
	    WL_TYPE_BIT(WL_RETRACT));
	assert_false(wl_rule_ref_mask(WL_RETRACT, "ref") &
	    WL_TYPE_BIT(WL_REDACTION));
	assert_string_equal(wl_rule_mask_names(wl_rule_ref_mask(WL_STATUS,
	    "ref")), "advice or agreement");

	assert_int_equal(wl_rule_ref(WL_NOTE, "session", "5e55100000000001",
	    WL_SESSION, &e), 0);
	assert_int_equal(wl_rule_ref(WL_NOTE, "session", "5e55100000000001",
	    -1, &e), -1);
	is_problem(&e, WL_P_NOREF, "session",
	    "'session' names no record '5e55100000000001'");
	assert_string_equal(e.ref, "5e55100000000001");
	assert_int_equal(wl_rule_ref(WL_ENDORSEMENT, "ref", "9a71000000000001",
	    WL_PARTICIPANT, &e), -1);
	is_problem(&e, WL_P_REFTYPE, "ref", "'ref' names a record of type "
	    "participant ('9a71000000000001'), not advice");
	assert_int_equal(wl_rule_ref(WL_NOTE, "by", "x", -1, NULL), -1);
}

static void
statuses(void **state)
{
	struct wl_error e;

	(void)state;
	assert_int_equal(wl_rule_status(WL_ADVICE, "adopted", &e), 0);
	assert_int_equal(wl_rule_status(WL_AGREEMENT, "done", &e), 0);
	assert_int_equal(wl_rule_status(WL_ADVICE, "done", &e), -1);
	is_problem(&e, WL_P_STATUS, "status",
	    "status 'done' does not fit a record of type advice");
	assert_int_equal(wl_rule_status(WL_NOTE, "adopted", &e), -1);
	assert_int_equal(wl_rule_status(WL_ADVICE, NULL, &e), -1);
	/* Its day: on or before the day of its "at", not after. */
	assert_int_equal(wl_rule_status_date("2026-06-14",
	    "2026-06-14T23:59:59Z", &e), 0);
	assert_int_equal(wl_rule_status_date("2026-05-01",
	    "2026-06-14T09:30:00Z", &e), 0);
	assert_int_equal(wl_rule_status_date(NULL, "2026-06-14T09:30:00Z",
	    &e), 0);
	assert_int_equal(wl_rule_status_date("2026-06-15",
	    "2026-06-14T09:30:00Z", &e), -1);
	is_problem(&e, WL_P_STATUS, "date", "status date 2026-06-15 is later "
	    "than the day it was recorded (2026-06-14)");
}

/* wl_rule_amend of set (' for ") on a record of type t. */
static int
amend(enum wl_type t, const char *set, struct wl_error *e)
{
	json_t *v = unit_json(set);
	int rc = wl_rule_amend(t, v, 0, lookup, NULL, e);

	json_decref(v);
	return rc;
}

static unsigned
types(const char *set)
{
	json_t *v = unit_json(set);
	unsigned m = wl_rule_amend_types(v, 0);

	json_decref(v);
	return m;
}

static void
amends(void **state)
{
	struct wl_error e;
	json_t *v;

	(void)state;
	assert_int_equal(amend(WL_ADVICE, "{'text':'nieuw'}", &e), 0);
	assert_int_equal(amend(WL_NOTE, "{'block':null,'extra':[1]}", &e), 0);
	assert_int_equal(amend(WL_STATUS, "{'note':'klaar'}", &e), 0);
	/* A required field cannot be cleared; a value of the wrong kind
	 * does not fit. */
	assert_int_equal(amend(WL_ADVICE, "{'text':null}", &e), -1);
	is_problem(&e, WL_P_AMEND, "set", "amend of a record of type advice: "
	    "'text' must be a string");
	assert_int_equal(amend(WL_NOTE, "{'block':0}", &e), -1);
	is_problem(&e, WL_P_AMEND, "set", "amend of a record of type note: "
	    "'block' must be 1 or more");
	/* A status changes by a status record. */
	assert_int_equal(amend(WL_STATUS, "{'status':'adopted'}", &e), -1);
	is_problem(&e, WL_P_AMEND, "set", "a status changes by a new status "
	    "record, not by an amend");
	/* A value that names a record names one of the right type. */
	assert_int_equal(amend(WL_NOTE, "{'by':'9a71000000000001'}", &e), 0);
	assert_int_equal(amend(WL_NOTE, "{'by':'ad71000000000001'}", &e), -1);
	is_problem(&e, WL_P_AMEND, "set", "amend of a record of type note: "
	    "'by' names a record of type advice ('ad71000000000001'), not "
	    "participant");
	assert_int_equal(amend(WL_NOTE, "{'by':'0000000000000000'}", &e), -1);
	assert_int_equal(amend(WL_PARTICIPANT, "{'by':'anything'}", &e), 0);
	/* Without lookups: the types a set fits. */
	assert_int_equal(types("{'text':'x'}") & (WL_TYPE_BIT(WL_NOTE) |
	    WL_TYPE_BIT(WL_ADVICE) | WL_TYPE_BIT(WL_SESSION)),
	    WL_TYPE_BIT(WL_NOTE) | WL_TYPE_BIT(WL_ADVICE) |
	    WL_TYPE_BIT(WL_SESSION));
	assert_false(types("{'kind':'wish'}") & WL_TYPE_BIT(WL_NOTE));
	assert_true(types("{'kind':'wish'}") & WL_TYPE_BIT(WL_ADVICE));
	assert_false(types("{'status':'done'}") & WL_TYPE_BIT(WL_STATUS));
	/* A session's own fields, so long as each fits. */
	assert_int_equal(amend(WL_SESSION, "{'date':'2026-06-15','title':"
	    "'Werklab','location':null,'facilitators':['Jan']}", &e), 0);
	assert_int_equal(amend(WL_SESSION, "{'date':'15 juni'}", &e), -1);
	assert_int_equal(amend(WL_SESSION, "{'municipality':null}", &e), -1);
	v = unit_json("{'by':'x'}");
	assert_int_equal(wl_rule_amend_names(v), 1);
	json_decref(v);
	v = unit_json("{'text':'x','block':2}");
	assert_int_equal(wl_rule_amend_names(v), 0);
	json_decref(v);
}

/* A minor amend sets the text of what has one, and nothing else; it
 * keeps the wording, where any other amend of the text changes it. */
static void
minor(void **state)
{
	json_t *v = unit_json("{'text':'Wijs een vast aanspreekpunt aan'}");
	json_t *w = unit_json("{'text':'x','tags':['a']}");
	json_t *t = unit_json("{'tags':['a']}");
	struct wl_error e;

	(void)state;
	assert_int_equal(wl_rule_amend(WL_ADVICE, v, 1, lookup, NULL, &e), 0);
	assert_int_equal(wl_rule_amend(WL_NOTE, v, 1, lookup, NULL, &e), 0);
	assert_int_equal(wl_rule_amend(WL_AGREEMENT, v, 1, lookup, NULL, &e),
	    0);
	assert_int_equal(wl_rule_amend(WL_SESSION, v, 1, lookup, NULL, &e),
	    -1);
	is_problem(&e, WL_P_AMEND, "minor", "amend of a record of type "
	    "session: a minor amend fixes the wording of a text: it sets "
	    "'text' of a note, advice or agreement, and nothing else");
	assert_int_equal(wl_rule_amend(WL_ADVICE, w, 1, lookup, NULL, &e),
	    -1);
	assert_int_equal(wl_rule_amend(WL_ADVICE, w, 0, lookup, NULL, &e), 0);
	assert_int_equal(wl_rule_amend_types(v, 1), WL_TYPE_BIT(WL_NOTE) |
	    WL_TYPE_BIT(WL_ADVICE) | WL_TYPE_BIT(WL_AGREEMENT));
	assert_int_equal(wl_rule_amend_types(w, 1), 0);
	assert_int_equal(wl_rule_rewords(v, 0), 1);
	assert_int_equal(wl_rule_rewords(v, 1), 0);
	assert_int_equal(wl_rule_rewords(t, 0), 0);
	json_decref(v);
	json_decref(w);
	json_decref(t);
}

/* Records for the retract rules: a type, what ref names (an index,
 * -1 none), and whether a retract in force names it. */
struct fake {
	enum wl_type type;
	int ref;
	int gone;
};

static struct fake fakes[16];
static size_t nfakes;

static int
f_retracted(void *ctx, const void *r)
{
	(void)ctx;
	return ((const struct fake *)r)->gone;
}

static enum wl_type
f_type(void *ctx, const void *r)
{
	(void)ctx;
	return ((const struct fake *)r)->type;
}

static const void *
f_session(void *ctx, const void *r)
{
	(void)ctx;
	(void)r;
	return NULL;
}

static const void *
f_parent(void *ctx, const void *r)
{
	int k = ((const struct fake *)r)->ref;

	(void)ctx;
	return k < 0 ? NULL : &fakes[k];
}

static const void *
f_at(void *ctx, size_t i)
{
	(void)ctx;
	return &fakes[i];
}

static void
f_inforce(void *ctx, const void *r)
{
	(void)ctx;
	fakes[((const struct fake *)r)->ref].gone = 1;
}

static const struct wl_hang fhang = { f_retracted, f_type, f_session,
	f_parent, NULL };

/* fakes: a note, then retracts, retract i + 1 naming refs[i]. */
static void
settle(const int *refs, size_t n)
{
	memset(fakes, 0, sizeof(fakes));
	fakes[0] = (struct fake){ WL_NOTE, -1, 0 };
	for (size_t i = 0; i < n; i++)
		fakes[i + 1] = (struct fake){ WL_RETRACT, refs[i], 0 };
	nfakes = n + 1;
	wl_rule_settle(&fhang, nfakes, f_at, f_inforce);
}

/* A retract of a retract takes it back; of that one, brings it into
 * force again; in any file order; a loop, or more than eight in a row,
 * withdraws nothing. */
static void
chains(void **state)
{
	static const int one[] = { 0 }, two[] = { 0, 1 }, three[] = { 0, 1,
		2 }, backwards[] = { 2, 3, -1 }, twice[] = { 0, 0, 1 };
	static const int loop[] = { 0, 3, 2 }, eight[] = { 0, 1, 2, 3, 4, 5,
		6, 7 }, nine[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct wl_error e;

	(void)state;
	settle(one, 1);
	assert_true(fakes[0].gone);
	settle(two, 2);
	assert_false(fakes[0].gone);
	assert_true(fakes[1].gone);
	assert_int_equal(wl_rule_chain(&fhang, &fakes[2], &e), 2);
	settle(three, 3);
	assert_true(fakes[0].gone);
	assert_false(fakes[1].gone);
	/* Written backwards: 3 names 2... 1 names none it may. */
	settle(backwards, 3);
	assert_true(fakes[2].gone);
	assert_false(fakes[3].gone);
	/* Two retracts of the note, one taken back: it stays withdrawn. */
	settle(twice, 3);
	assert_true(fakes[0].gone);
	/* Retracts 2 and 3 name each other. */
	settle(loop, 3);
	assert_true(fakes[0].gone);
	assert_false(fakes[2].gone);
	assert_false(fakes[3].gone);
	assert_int_equal(wl_rule_chain(&fhang, &fakes[2], &e), -1);
	is_problem(&e, WL_P_CHAIN, "ref", "a retract of a retract more than 8 "
	    "deep, or in a loop, withdraws nothing");
	settle(eight, 8);
	assert_int_equal(wl_rule_chain(&fhang, &fakes[8], NULL), 8);
	assert_false(fakes[0].gone);
	settle(nine, 9);
	assert_int_equal(wl_rule_chain(&fhang, &fakes[9], NULL), -1);
	assert_false(fakes[0].gone);	/* as with eight: the ninth is void */
	assert_false(fakes[8].gone);
	assert_int_equal(wl_problem_severity(WL_P_CHAIN), WL_WARNING);
}

static void
blocks(void **state)
{
	struct wl_error e;
	json_t *b = unit_json("[{'n':1,'title':'a'},{'n':2,'title':'b'}]");

	(void)state;
	assert_int_equal(wl_rule_nblocks(NULL), 3);
	assert_int_equal(wl_rule_nblocks(b), 2);
	json_decref(b);
	assert_int_equal(wl_rule_block(2, 2, &e), 0);
	assert_int_equal(wl_rule_block(0, 2, &e), 0);	/* none */
	assert_int_equal(wl_rule_block(3, 2, &e), -1);
	is_problem(&e, WL_P_BLOCK, "block", "block 3 is not in its session (it "
	    "has blocks 1 to 2)");
}

/* Readers refuse what they cannot read; the rest they leave out. */
static void
severities(void **state)
{
	static const int errors[] = { WL_P_SYNTAX, WL_P_LONG, WL_P_ID_USED };
	static const int warnings[] = { WL_P_BLANK, WL_P_TORN, WL_P_REPEAT,
		WL_P_NOREF, WL_P_REFTYPE, WL_P_STATUS, WL_P_AMEND, WL_P_BLOCK,
		WL_P_FORM };
	struct wl_error e;

	(void)state;
	for (size_t i = 0; i < sizeof(errors) / sizeof(*errors); i++)
		assert_int_equal(wl_problem_severity(errors[i]), WL_ERROR);
	for (size_t i = 0; i < sizeof(warnings) / sizeof(*warnings); i++)
		assert_int_equal(wl_problem_severity(warnings[i]),
		    WL_WARNING);
	wl_problem_again(&e, "ad71000000000001", 1, NULL, 4);
	is_problem(&e, WL_P_REPEAT, "id", "the same record as line 4 again, "
	    "read once ('wl-report check --repair' drops it)");
	wl_problem_again(&e, "ad71000000000001", 0, "a.jsonl", 4);
	is_problem(&e, WL_P_ID_USED, "id", "id 'ad71000000000001' is already "
	    "used at a.jsonl:4");
	wl_problem_torn(&e, 1);
	assert_non_null(strstr(e.msg, "(1 byte with no newline"));
	wl_problem_too_long(&e, 2000000);
	is_problem(&e, WL_P_LONG, "", "a record of 2000000 bytes is too long: "
	    "a journal line holds at most 1048576");
}

/* wl_rule_erase of the JSON text a (single quotes for double) is b. */
static void
erases_to(const char *a, enum wl_type t, enum wl_erasure how,
    enum wl_type target, const char *b)
{
	char ja[512], jb[512];
	json_t *x, *y, *got;

	snprintf(ja, sizeof(ja), "%s", a);
	snprintf(jb, sizeof(jb), "%s", b);
	for (char *c = ja; *c; c++)
		if (*c == '\'')
			*c = '"';
	for (char *c = jb; *c; c++)
		if (*c == '\'')
			*c = '"';
	x = json_loads(ja, 0, NULL);
	y = json_loads(jb, 0, NULL);
	assert_non_null(x);
	assert_non_null(y);
	got = wl_rule_erase(x, t, how, target);
	assert_non_null(got);
	assert_true(json_equal(got, y));
	/* b is a erased, a is not b erased; nothing is itself erased. */
	assert_int_equal(wl_rule_erased_form(x, y), !json_equal(x, y));
	assert_int_equal(wl_rule_erased_form(y, x), 0);
	assert_int_equal(wl_rule_erased_form(y, y), 0);
	json_decref(got);
	json_decref(x);
	json_decref(y);
}

/* What a record becomes when a person is erased. */
static void
erasure(void **state)
{
	struct wl_error e;

	(void)state;
	erases_to("{'id':'9a71000000000001','type':'participant','at':'x',"
	    "'session':'5e55100000000000','role':'initiator','name':'Marij',"
	    "'org':'De Hamer','consent':true,'email':'m@example.org',"
	    "'phone':null}", WL_PARTICIPANT, WL_ERASE_PERSON, WL_PARTICIPANT,
	    "{'id':'9a71000000000001','type':'participant','at':'x',"
	    "'session':'5e55100000000000','role':'initiator','name':"
	    "'[verwijderd]','org':'[verwijderd]','consent':false,'email':"
	    "'[verwijderd]','phone':null}");
	erases_to("{'id':'a0be000000000001','type':'note','kind':'quote',"
	    "'text':'Mijn tuin','by':'9a71000000000001','tags':['tuin']}",
	    WL_NOTE, WL_ERASE_THEIRS, WL_NOTE,
	    "{'id':'a0be000000000001','type':'note','kind':'quote',"
	    "'text':'[verwijderd]','by':'9a71000000000001','tags':['tuin']}");
	erases_to("{'id':'e0d0000000000001','type':'endorsement','stance':"
	    "'object'}", WL_ENDORSEMENT, WL_ERASE_THEIRS, WL_ENDORSEMENT,
	    "{'id':'e0d0000000000001','type':'endorsement','stance':"
	    "'object'}");
	erases_to("{'id':'a3e0000000000001','type':'amend','ref':"
	    "'9a71000000000001','set':{'org':'Hamer','consent':true,"
	    "'role':'other','name':null}}", WL_AMEND, WL_ERASE_PERSON,
	    WL_PARTICIPANT, "{'id':'a3e0000000000001','type':'amend','ref':"
	    "'9a71000000000001','set':{'org':'[verwijderd]','consent':false,"
	    "'role':'other','name':null}}");
	erases_to("{'id':'a3e0000000000002','type':'amend','ref':"
	    "'e0d0000000000001','set':{'reason':'Omdat','by':"
	    "'9a71000000000001'}}", WL_AMEND, WL_ERASE_THEIRS, WL_ENDORSEMENT,
	    "{'id':'a3e0000000000002','type':'amend','ref':"
	    "'e0d0000000000001','set':{'reason':'[verwijderd]','by':"
	    "'9a71000000000001'}}");
	wl_problem_unerased(&e, WL_NOTE, "a0be000000000001", WL_ERASE_THEIRS,
	    "9a71000000000001");
	is_problem(&e, WL_P_UNERASED, "", "note a0be000000000001 by erased "
	    "participant 9a71000000000001 still holds their text; "
	    "'wl-report check --repair' erases it");
	assert_int_equal(wl_problem_severity(WL_P_UNERASED), WL_WARNING);
	wl_problem_undone(&e, NULL, 12);
	is_problem(&e, WL_P_UNDONE, "id", "brings back what a redaction "
	    "erased (line 12), as a merge can; read as erased ('wl-report "
	    "check --repair' drops it)");
	assert_int_equal(wl_problem_severity(WL_P_UNDONE), WL_WARNING);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(references),
		cmocka_unit_test(statuses),
		cmocka_unit_test(amends),
		cmocka_unit_test(minor),
		cmocka_unit_test(chains),
		cmocka_unit_test(blocks),
		cmocka_unit_test(severities),
		cmocka_unit_test(erasure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
