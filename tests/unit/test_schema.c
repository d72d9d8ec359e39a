/*
 * test_schema.c - the record types of wl-journal(5) and their checks
 *
 * Records are written with ' for " to keep them readable.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"

#define ID1 "0123456789abcdef"
#define ID2 "fedcba9876543210"
#define COMMON(type) "{'id':'" ID1 "','type':'" type "'," \
	"'at':'2026-06-14T09:30:00Z'"

/* wl_schema_check of text must pass. */
static void
passes(const char *text)
{
	struct wl_error e;
	json_t *r = unit_json(text);

	if (wl_schema_check(r, &e) != 0)
		fail_msg("refused %s: %s", text, e.msg);
	json_decref(r);
}

/* wl_schema_check of text must fail with this field and message. */
static void
refuses(const char *text, const char *field, const char *msg)
{
	struct wl_error e;
	json_t *r = unit_json(text);

	memset(&e, 0, sizeof(e));
	assert_int_equal(wl_schema_check(r, &e), -1);
	assert_string_equal(e.field, field);
	assert_string_equal(e.msg, msg);
	assert_string_equal(e.file, "");
	json_decref(r);
	/* NULL err is allowed. */
	r = unit_json(text);
	assert_int_equal(wl_schema_check(r, NULL), -1);
	json_decref(r);
}

static void
type_names(void **state)
{
	json_t *r;

	(void)state;
	assert_string_equal(wl_type_name(WL_SESSION), "session");
	assert_string_equal(wl_type_name(WL_ENDORSEMENT), "endorsement");
	assert_string_equal(wl_type_name(WL_REDACTION), "redaction");
	assert_string_equal(wl_type_name(WL_UNKNOWN), "unknown");
	assert_int_equal(wl_type_from_name("participant"), WL_PARTICIPANT);
	assert_int_equal(wl_type_from_name("amend"), WL_AMEND);
	assert_int_equal(wl_type_from_name("Session"), WL_UNKNOWN);
	assert_int_equal(wl_type_from_name("unknown"), WL_UNKNOWN);
	assert_int_equal(wl_type_from_name(""), WL_UNKNOWN);
	for (int t = 0; t < WL_UNKNOWN; t++)
		assert_int_equal(wl_type_from_name(wl_type_name(t)), t);
	r = unit_json("{'type':'advice'}");
	assert_int_equal(wl_type_of(r), WL_ADVICE);
	json_decref(r);
	r = unit_json("{'type':7}");
	assert_int_equal(wl_type_of(r), WL_UNKNOWN);
	json_decref(r);
}

static void
minimal_records_pass(void **state)
{
	(void)state;
	passes(COMMON("session") ",'municipality':'Roermond',"
	    "'date':'2026-06-14'}");
	passes(COMMON("participant") ",'session':'" ID2 "','role':'other'}");
	passes(COMMON("note") ",'session':'" ID2 "','kind':'do',"
	    "'text':'Samen koffie'}");
	passes(COMMON("advice") ",'session':'" ID2 "','perspective':'self',"
	    "'text':'Luister'}");
	passes(COMMON("endorsement") ",'ref':'" ID2 "','by':'" ID2 "',"
	    "'stance':'endorse'}");
	passes(COMMON("agreement") ",'session':'" ID2 "','text':'Bellen'}");
	passes(COMMON("status") ",'ref':'" ID2 "','status':'adopted'}");
	passes(COMMON("amend") ",'ref':'" ID2 "','set':{'text':'x'}}");
	passes(COMMON("retract") ",'ref':'" ID2 "'}");
	passes(COMMON("redaction") ",'ref':'" ID2 "'}");
}

static void
full_records_pass(void **state)
{
	(void)state;
	passes(COMMON("session") ",'municipality':'Roermond',"
	    "'date':'2024-02-29','pilot':1,'series':'LSA','title':'T',"
	    "'location':'Stadhuis','facilitators':['An','Bo'],"
	    "'blocks':[{'n':1,'title':'Een'},{'n':2,'title':'Twee'}]}");
	passes(COMMON("participant") ",'session':'" ID2 "',"
	    "'role':'civil-servant','name':'Jos\u00e9','org':'Gemeente',"
	    "'consent':true}");
	passes(COMMON("note") ",'session':'" ID2 "','kind':'quote',"
	    "'text':'t','block':1,'by':'" ID2 "','tags':['a','b']}");
	passes(COMMON("agreement") ",'session':'" ID2 "','text':'t',"
	    "'owner':'wethouder','due':'2026-07-01','ref':'" ID2 "'}");
	passes(COMMON("status") ",'ref':'" ID2 "','status':'done',"
	    "'note':'klaar'}");
	/* Unknown fields, and an unknown type, pass. */
	passes(COMMON("note") ",'session':'" ID2 "','kind':'idea',"
	    "'text':'t','colour':'red','extra':{'deep':[1,2]}}");
	passes(COMMON("poll") ",'question':'?','votes':3}");
}

static void
missing_fields_refused(void **state)
{
	(void)state;
	refuses("{'type':'note','at':'2026-06-14T09:30:00Z'}", "id",
	    "missing required field 'id'");
	refuses("{'id':'" ID1 "','at':'2026-06-14T09:30:00Z'}", "type",
	    "missing required field 'type'");
	refuses("{'id':'" ID1 "','type':'poll'}", "at",
	    "missing required field 'at'");
	refuses(COMMON("session") ",'date':'2026-06-14'}", "municipality",
	    "missing required field 'municipality' (type session)");
	refuses(COMMON("session") ",'municipality':'R'}", "date",
	    "missing required field 'date' (type session)");
	refuses(COMMON("participant") ",'role':'other'}", "session",
	    "missing required field 'session' (type participant)");
	refuses(COMMON("participant") ",'session':'" ID2 "'}", "role",
	    "missing required field 'role' (type participant)");
	refuses(COMMON("note") ",'session':'" ID2 "','kind':'do'}", "text",
	    "missing required field 'text' (type note)");
	refuses(COMMON("note") ",'session':'" ID2 "','text':'t'}", "kind",
	    "missing required field 'kind' (type note)");
	refuses(COMMON("advice") ",'session':'" ID2 "','text':'t'}",
	    "perspective",
	    "missing required field 'perspective' (type advice)");
	refuses(COMMON("endorsement") ",'ref':'" ID2 "',"
	    "'stance':'endorse'}", "by",
	    "missing required field 'by' (type endorsement)");
	refuses(COMMON("endorsement") ",'ref':'" ID2 "','by':'" ID2 "'}",
	    "stance", "missing required field 'stance' (type endorsement)");
	refuses(COMMON("agreement") ",'text':'t'}", "session",
	    "missing required field 'session' (type agreement)");
	refuses(COMMON("status") ",'ref':'" ID2 "'}", "status",
	    "missing required field 'status' (type status)");
	refuses(COMMON("status") ",'status':'done'}", "ref",
	    "missing required field 'ref' (type status)");
	refuses(COMMON("amend") ",'ref':'" ID2 "'}", "set",
	    "missing required field 'set' (type amend)");
	refuses(COMMON("retract") "}", "ref",
	    "missing required field 'ref' (type retract)");
	refuses(COMMON("redaction") ",'reason':'AVG'}", "ref",
	    "missing required field 'ref' (type redaction)");
}

static void
wrong_types_refused(void **state)
{
	(void)state;
	refuses("{'id':'" ID1 "x','type':'poll','at':'2026-06-14T09:30:00Z'}",
	    "id", "'id' must be an id of 16 lowercase hex characters");
	refuses("{'id':'0123456789ABCDEF','type':'poll',"
	    "'at':'2026-06-14T09:30:00Z'}", "id",
	    "'id' must be an id of 16 lowercase hex characters");
	refuses("{'id':'" ID1 "','type':5,'at':'2026-06-14T09:30:00Z'}",
	    "type", "'type' must be a string");
	refuses("{'id':'" ID1 "','type':' ','at':'2026-06-14T09:30:00Z'}",
	    "type", "'type' must not be empty");
	refuses("{'id':'" ID1 "','type':'poll','at':'2026-06-14 09:30:00'}",
	    "at", "'at' must be a UTC time like 2026-06-14T09:30:00Z");
	refuses(COMMON("session") ",'municipality':7,'date':'2026-06-14'}",
	    "municipality", "'municipality' must be a string");
	refuses(COMMON("session") ",'municipality':'','date':'2026-06-14'}",
	    "municipality", "'municipality' must not be empty");
	refuses(COMMON("session") ",'municipality':'R','date':'2026-06-14',"
	    "'pilot':'1'}", "pilot", "'pilot' must be an integer");
	refuses(COMMON("session") ",'municipality':'R','date':'2026-06-14',"
	    "'pilot':0}", "pilot", "'pilot' must be 1 or more");
	refuses(COMMON("session") ",'municipality':'R','date':'2026-06-14',"
	    "'facilitators':'An'}", "facilitators",
	    "'facilitators' must be a list of strings");
	refuses(COMMON("session") ",'municipality':'R','date':'2026-06-14',"
	    "'facilitators':['An',3]}", "facilitators",
	    "'facilitators' must be a list of non-empty strings");
	refuses(COMMON("session") ",'municipality':'R','date':'2026-06-14',"
	    "'blocks':{'n':1}}", "blocks",
	    "'blocks' must be a list of {\"n\":N,\"title\":T}");
	refuses(COMMON("session") ",'municipality':'R','date':'2026-06-14',"
	    "'blocks':[{'n':0,'title':'x'}]}", "blocks",
	    "'blocks' must be a list of {\"n\":N,\"title\":T} with N 1 or "
	    "more");
	refuses(COMMON("session") ",'municipality':'R','date':'2026-06-14',"
	    "'blocks':[{'n':1}]}", "blocks",
	    "'blocks' must be a list of {\"n\":N,\"title\":T} with N 1 or "
	    "more");
	refuses(COMMON("participant") ",'session':'" ID2 "','role':'other',"
	    "'consent':'yes'}", "consent", "'consent' must be true or false");
	refuses(COMMON("participant") ",'session':'abcd','role':'other'}",
	    "session", "'session' must be an id of 16 lowercase hex "
	    "characters");
	refuses(COMMON("note") ",'session':'" ID2 "','kind':'do','text':5}",
	    "text", "'text' must be a string");
	refuses(COMMON("note") ",'session':'" ID2 "','kind':'do',"
	    "'text':' \\t\\n'}", "text", "'text' must not be empty");
	refuses(COMMON("note") ",'session':'" ID2 "','kind':'do','text':'t',"
	    "'tags':['ok','']}", "tags",
	    "'tags' must be a list of non-empty strings");
	refuses(COMMON("note") ",'session':'" ID2 "','kind':'do','text':'t',"
	    "'by':null}", "by",
	    "'by' must be an id of 16 lowercase hex characters");
	refuses(COMMON("note") ",'session':'" ID2 "','kind':'do','text':'t',"
	    "'block':true}", "block", "'block' must be an integer");
	refuses(COMMON("note") ",'session':'" ID2 "','kind':['do'],"
	    "'text':'t'}", "kind", "'kind' must be a string");
	refuses(COMMON("amend") ",'ref':'" ID2 "','set':[]}", "set",
	    "'set' must be an object with the fields to change");
	refuses(COMMON("amend") ",'ref':'" ID2 "','set':{}}", "set",
	    "'set' must be an object with the fields to change");
	refuses("[1,2]", "", "a record must be a JSON object");
}

static void
bad_enums_refused(void **state)
{
	(void)state;
	refuses(COMMON("participant") ",'session':'" ID2 "','role':'boss'}",
	    "role", "unknown role 'boss' (one of: civil-servant, initiator, "
	    "manager, facilitator, other)");
	refuses(COMMON("note") ",'session':'" ID2 "','kind':'Do','text':'t'}",
	    "kind", "unknown kind 'Do' (one of: expectation, question, "
	    "observation, do, dont, idea, quote)");
	refuses(COMMON("advice") ",'session':'" ID2 "','perspective':'mt',"
	    "'text':'t'}", "perspective", "unknown perspective 'mt' (one "
	    "of: self, initiators, organisation, colleagues)");
	refuses(COMMON("endorsement") ",'ref':'" ID2 "','by':'" ID2 "',"
	    "'stance':'yes'}", "stance", "unknown stance 'yes' (one of: "
	    "endorse, reservations, object)");
	refuses(COMMON("status") ",'ref':'" ID2 "','status':'open'}",
	    "status", "unknown status 'open' (one of: presented, adopted, "
	    "rejected, implemented, done, dropped)");
}

static void
bad_dates_refused(void **state)
{
	(void)state;
	refuses(COMMON("session") ",'municipality':'R','date':'2023-02-29'}",
	    "date", "'date' must be a date like 2026-06-14");
	refuses(COMMON("session") ",'municipality':'R','date':'14-06-2026'}",
	    "date", "'date' must be a date like 2026-06-14");
	refuses(COMMON("session") ",'municipality':'R','date':20260614}",
	    "date", "'date' must be a date like 2026-06-14");
	refuses(COMMON("agreement") ",'session':'" ID2 "','text':'t',"
	    "'due':'2026-13-01'}", "due",
	    "'due' must be a date like 2026-06-14");
	refuses("{'id':'" ID1 "','type':'poll','at':'2023-02-29T09:30:00Z'}",
	    "at", "'at' must be a UTC time like 2026-06-14T09:30:00Z");
}

#define NOREAL "numbers must be integers: a journal holds no fractions " \
	"or exponents"

static void
reals_refused(void **state)
{
	(void)state;
	refuses(COMMON("session") ",'municipality':'R','date':'2026-06-14',"
	    "'pilot':1.5}", "pilot", NOREAL);
	refuses(COMMON("session") ",'municipality':'R','date':'2026-06-14',"
	    "'pilot':1e3}", "pilot", NOREAL);
	refuses(COMMON("note") ",'session':'" ID2 "','kind':'do','text':'t',"
	    "'score':2.0}", "score", NOREAL);
	refuses(COMMON("poll") ",'votes':[1,[2,{'x':0.5}]]}", "votes",
	    NOREAL);
	refuses(COMMON("amend") ",'ref':'" ID2 "','set':{'block':1E2}}",
	    "set", NOREAL);
}

static void
amend_cannot_change_fixed(void **state)
{
	(void)state;
	refuses(COMMON("amend") ",'ref':'" ID2 "','set':{'id':'" ID2 "'}}",
	    "set", "an amend cannot change 'id'");
	refuses(COMMON("amend") ",'ref':'" ID2 "','set':{'type':'note'}}",
	    "set", "an amend cannot change 'type'");
	refuses(COMMON("amend") ",'ref':'" ID2 "','set':{'text':'x',"
	    "'at':'2026-06-14T09:30:00Z'}}", "set",
	    "an amend cannot change 'at'");
	refuses(COMMON("amend") ",'ref':'" ID2 "','set':{'session':'" ID2
	    "'}}", "set", "an amend cannot change 'session'");
	refuses(COMMON("amend") ",'ref':'" ID2 "','set':{'ref':'" ID2
	    "'}}", "set", "an amend cannot change 'ref'");
}

/* wl_schema_check_field(t, field, value): rc and message. */
static void
field_check(enum wl_type t, const char *field, const char *value, int rc,
    const char *msg)
{
	struct wl_error e;
	json_t *v = unit_json(value);

	memset(&e, 0, sizeof(e));
	assert_int_equal(wl_schema_check_field(t, field, v, &e), rc);
	if (rc < 0) {
		assert_string_equal(e.msg, msg);
		assert_string_equal(e.field, field);
	}
	json_decref(v);
}

static void
check_field_of_amend(void **state)
{
	(void)state;
	field_check(WL_NOTE, "text", "'nieuw'", 0, NULL);
	field_check(WL_NOTE, "kind", "'dont'", 0, NULL);
	field_check(WL_NOTE, "kind", "'maybe'", -1, "unknown kind 'maybe' "
	    "(one of: expectation, question, observation, do, dont, idea, "
	    "quote)");
	field_check(WL_NOTE, "block", "null", 0, NULL);	/* clears it */
	field_check(WL_NOTE, "tags", "null", 0, NULL);
	field_check(WL_NOTE, "text", "null", -1, "'text' must be a string");
	field_check(WL_NOTE, "block", "'2'", -1,
	    "'block' must be an integer");
	field_check(WL_NOTE, "block", "0", -1, "'block' must be 1 or more");
	field_check(WL_NOTE, "text", "''", -1, "'text' must not be empty");
	field_check(WL_ADVICE, "perspective", "'colleagues'", 0, NULL);
	field_check(WL_ADVICE, "tags", "['a',1]", -1,
	    "'tags' must be a list of non-empty strings");
	field_check(WL_AGREEMENT, "due", "'2026-02-30'", -1,
	    "'due' must be a date like 2026-06-14");
	field_check(WL_PARTICIPANT, "consent", "true", 0, NULL);
	field_check(WL_PARTICIPANT, "name", "null", 0, NULL);
	field_check(WL_PARTICIPANT, "role", "null", -1,
	    "'role' must be a string");
	/* Fields the schema does not know are the caller's business. */
	field_check(WL_NOTE, "colour", "[1]", 0, NULL);
	field_check(WL_UNKNOWN, "anything", "null", 0, NULL);
}

/* The NULL-terminated list v equals the n strings of want. */
static void
list_is(const char *const *v, const char *const *want, size_t n)
{
	size_t i;

	assert_non_null(v);
	for (i = 0; i < n; i++) {
		assert_non_null(v[i]);
		assert_string_equal(v[i], want[i]);
	}
	assert_null(v[i]);
}

static void
enums_and_status_values(void **state)
{
	static const char *const adv[] = { "presented", "adopted",
		"rejected", "implemented" };
	static const char *const agr[] = { "done", "dropped" };
	static const char *const st[] = { "endorse", "reservations",
		"object" };

	(void)state;
	list_is(wl_schema_status_values(WL_ADVICE), adv, 4);
	list_is(wl_schema_status_values(WL_AGREEMENT), agr, 2);
	assert_null(wl_schema_status_values(WL_NOTE));
	assert_null(wl_schema_status_values(WL_STATUS));
	list_is(wl_schema_enum(WL_ENDORSEMENT, "stance"), st, 3);
	assert_null(wl_schema_enum(WL_NOTE, "text"));
	assert_null(wl_schema_enum(WL_NOTE, "nope"));
	assert_true(wl_schema_enum_has(WL_NOTE, "kind", "dont"));
	assert_false(wl_schema_enum_has(WL_NOTE, "kind", "don't"));
	assert_false(wl_schema_enum_has(WL_NOTE, "text", "dont"));
	assert_string_equal(wl_schema_enum_list(WL_ADVICE, "perspective"),
	    "self, initiators, organisation, colleagues");
	assert_string_equal(wl_schema_enum_list(WL_STATUS, "status"),
	    "presented, adopted, rejected, implemented, done, dropped");
	assert_string_equal(wl_schema_enum_list(WL_NOTE, "text"), "");
}

static void
default_blocks_of_notes(void **state)
{
	static const struct {
		const char *kind;
		int block;
	} want[] = {
		{ "expectation", 1 }, { "question", 1 }, { "observation", 1 },
		{ "do", 2 }, { "dont", 2 }, { "idea", 0 }, { "quote", 0 },
	};
	const char *const *kinds = wl_schema_enum(WL_NOTE, "kind");
	size_t i;

	(void)state;
	/* Every kind there is, and no other, has its row. */
	for (i = 0; kinds[i] != NULL; i++) {
		assert_true(i < sizeof(want) / sizeof(*want));
		assert_string_equal(kinds[i], want[i].kind);
		assert_int_equal(wl_schema_default_block(WL_NOTE, kinds[i]),
		    want[i].block);
	}
	assert_int_equal(i, sizeof(want) / sizeof(*want));
	assert_int_equal(wl_schema_default_block(WL_NOTE, "don't"), 0);
	assert_int_equal(wl_schema_default_block(WL_NOTE, "Do"), 0);
	assert_int_equal(wl_schema_default_block(WL_NOTE, ""), 0);
	assert_int_equal(wl_schema_default_block(WL_NOTE, NULL), 0);
	/* Advice goes to block 3, whatever kind says. */
	assert_int_equal(wl_schema_default_block(WL_ADVICE, NULL), 3);
	assert_int_equal(wl_schema_default_block(WL_ADVICE, "do"), 3);
	/* Other types have no block. */
	assert_int_equal(wl_schema_default_block(WL_AGREEMENT, NULL), 0);
	assert_int_equal(wl_schema_default_block(WL_SESSION, "do"), 0);
	assert_int_equal(wl_schema_default_block(WL_UNKNOWN, "question"), 0);
}

static void
open_advice_and_agreements(void **state)
{
	const char *const *v;

	(void)state;
	assert_true(wl_schema_is_open(WL_ADVICE, NULL));
	assert_true(wl_schema_is_open(WL_ADVICE, "presented"));
	assert_true(wl_schema_is_open(WL_ADVICE, "adopted"));
	assert_false(wl_schema_is_open(WL_ADVICE, "rejected"));
	assert_false(wl_schema_is_open(WL_ADVICE, "implemented"));
	assert_true(wl_schema_is_open(WL_AGREEMENT, NULL));
	assert_false(wl_schema_is_open(WL_AGREEMENT, "done"));
	assert_false(wl_schema_is_open(WL_AGREEMENT, "dropped"));
	/* A status of the other kind does not end it. */
	assert_true(wl_schema_is_open(WL_ADVICE, "done"));
	assert_true(wl_schema_is_open(WL_ADVICE, "dropped"));
	assert_true(wl_schema_is_open(WL_AGREEMENT, "implemented"));
	assert_true(wl_schema_is_open(WL_AGREEMENT, "rejected"));
	/* Every status of an agreement ends it. */
	for (v = wl_schema_status_values(WL_AGREEMENT); *v != NULL; v++)
		assert_false(wl_schema_is_open(WL_AGREEMENT, *v));
	/* Nothing else is ever open. */
	assert_false(wl_schema_is_open(WL_NOTE, NULL));
	assert_false(wl_schema_is_open(WL_STATUS, NULL));
	assert_false(wl_schema_is_open(WL_SESSION, "presented"));
	assert_false(wl_schema_is_open(WL_UNKNOWN, NULL));
}

static char *outer;	/* WL_DATADIR the suite was started with */

static int
datadir_setup(void **state)
{
	const char *env = getenv("WL_DATADIR");

	(void)state;
	outer = env ? strdup(env) : NULL;
	if (unit_mkdir("schema") < 0 || mkdir(unit_path("templates"),
	    0755) < 0)
		return -1;
	return 0;
}

static int
datadir_teardown(void **state)
{
	if (outer != NULL)
		setenv("WL_DATADIR", outer, 1);
	else
		unsetenv("WL_DATADIR");
	free(outer);
	outer = NULL;
	return unit_teardown(state);
}

/* wl_schema_default_blocks, its JSON as text. */
static char *
blocks_text(struct wl_error *e)
{
	json_t *b = wl_schema_default_blocks(e);
	char *s = b ? json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER) :
	    NULL;

	json_decref(b);
	return s;
}

static void
default_blocks_of_a_template(void **state)
{
	struct wl_error e;
	char *s;

	(void)state;
	setenv("WL_DATADIR", unit_dir, 1);
	unit_put(unit_path("templates/blocks"),
	    "Een\n\nTwee \xc3\xa9\xc3\xa9n\nDrie");
	s = blocks_text(&e);
	assert_non_null(s);
	/* Blank lines are no blocks; the last line needs no newline. */
	assert_string_equal(s, unit_q("[{'n':1,'title':'Een'},"
	    "{'n':2,'title':'Twee \xc3\xa9\xc3\xa9n'},"
	    "{'n':3,'title':'Drie'}]"));
	free(s);

	unit_put(unit_path("templates/blocks"), "Een\nTw\xc3" "ee\n");
	memset(&e, 0, sizeof(e));
	assert_null(blocks_text(&e));
	assert_string_equal(e.file, unit_path("templates/blocks"));
	assert_string_equal(e.msg, "the title of block 2 is not valid UTF-8");

	remove(unit_path("templates/blocks"));
	memset(&e, 0, sizeof(e));
	assert_null(blocks_text(&e));
	assert_string_equal(e.file, unit_path("templates/blocks"));
	assert_non_null(strstr(e.msg, "cannot open wl's data"));
}

static void
default_blocks_shipped(void **state)
{
	struct wl_error e;
	json_t *b;
	char *s;

	(void)state;
	/* The share/ of the source tree, when the suite names it. */
	if (outer == NULL)
		skip();
	setenv("WL_DATADIR", outer, 1);
	b = wl_schema_default_blocks(&e);
	assert_non_null(b);
	/* As many as a session that lists none has. */
	assert_int_equal(json_array_size(b), wl_schema_default_nblocks());
	assert_int_equal(wl_schema_default_nblocks(), 3);
	s = json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(s, unit_q("[{'n':1,'title':'Kennismaking en "
	    "verwachtingen'},{'n':2,'title':'Samenwerken en "
	    "beleidsinstrumenten'},{'n':3,'title':'Advies aan het "
	    "managementteam'}]"));
	free(s);
	json_decref(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(type_names),
		cmocka_unit_test(minimal_records_pass),
		cmocka_unit_test(full_records_pass),
		cmocka_unit_test(missing_fields_refused),
		cmocka_unit_test(wrong_types_refused),
		cmocka_unit_test(bad_enums_refused),
		cmocka_unit_test(bad_dates_refused),
		cmocka_unit_test(reals_refused),
		cmocka_unit_test(amend_cannot_change_fixed),
		cmocka_unit_test(check_field_of_amend),
		cmocka_unit_test(enums_and_status_values),
		cmocka_unit_test(default_blocks_of_notes),
		cmocka_unit_test(open_advice_and_agreements),
		cmocka_unit_test_setup_teardown(default_blocks_of_a_template,
		    datadir_setup, datadir_teardown),
		cmocka_unit_test_setup_teardown(default_blocks_shipped,
		    datadir_setup, datadir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
