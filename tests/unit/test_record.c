/*
 * test_record.c - building, parsing and canonically encoding records
 *
 * Lines are written with ' for " to keep them readable; q() turns
 * them into JSON, js() into a JSON value.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "internal.h"

#define ID1 "0123456789abcdef"
#define ID2 "fedcba9876543210"
/* A note up to its kind: 107 characters. */
#define NOTE "{'id':'" ID1 "','type':'note','at':'" AT "'," \
	"'session':'" ID2 "','kind':'do'"

#define q unit_q
#define js unit_json

/* Parse a line; must fail with this column (range) and message. */
static void
parse_fails(const char *line, size_t len, long col_lo, long col_hi,
    const char *msg)
{
	struct wl_error e;
	json_t *r;

	memset(&e, 0, sizeof(e));
	r = wl_line_parse(line, len, &e);
	if (r != NULL)
		fail_msg("accepted %.*s", (int)len, line);
	assert_string_equal(e.msg, msg);
	if (e.col < col_lo || e.col > col_hi)
		fail_msg("column %ld not in %ld..%ld for '%s'", e.col, col_lo,
		    col_hi, msg);
	assert_int_equal(e.line, 0);
	assert_string_equal(e.file, "");
}

static void
fails_at(const char *line, long col, const char *msg)
{
	parse_fails(line, strlen(line), col, col, msg);
}

static void
new_record(void **state)
{
	struct wl_error e;
	json_t *r;

	(void)state;
	setenv("WL_NOW", AT, 1);
	r = wl_draft_new(WL_ADVICE, &e);
	assert_non_null(r);
	assert_int_equal(json_object_size(r), 3);
	assert_true(wl_id_valid(wl_field_str(r, "id")));
	assert_string_equal(wl_field_str(r, "type"), "advice");
	assert_string_equal(wl_field_str(r, "at"), AT);
	json_decref(r);

	setenv("WL_NOW", "yesterday", 1);
	assert_null(wl_draft_new(WL_NOTE, &e));
	assert_string_equal(e.msg, "WL_NOW 'yesterday' is not a UTC time "
	    "like 2026-06-14T09:30:00Z");
	unsetenv("WL_NOW");
}

static void
parse_valid(void **state)
{
	const char *line = q(NOTE ",'text':'Samen koffie \u00e9','block':2,"
	    "'tags':['a'],'x':{'y':[1]}}");
	struct wl_error e;
	json_t *r;

	(void)state;
	r = wl_line_parse(line, strlen(line), &e);
	assert_non_null(r);
	assert_string_equal(wl_field_str(r, "id"), ID1);
	assert_string_equal(wl_field_str(r, "type"), "note");
	assert_string_equal(wl_field_str(r, "text"), "Samen koffie \u00e9");
	assert_int_equal(wl_field_int(r, "block", -1), 2);
	assert_int_equal(wl_field_int(r, "text", -1), -1);
	assert_int_equal(wl_field_int(r, "missing", 7), 7);
	assert_null(wl_field_str(r, "block"));
	assert_null(wl_field_str(r, "missing"));
	assert_true(json_is_object(json_object_get(r, "x")));
	json_decref(r);

	/* Only len bytes count: what follows is not looked at. */
	line = q(NOTE ",'text':'t'}garbage");
	r = wl_line_parse(line, strlen(line) - 7, &e);
	assert_non_null(r);
	json_decref(r);
}

static void
parse_syntax_errors(void **state)
{
	const char *s;

	(void)state;
	/* The second "kind" (columns 120-125) is the duplicate. */
	s = q(NOTE ",'text':'x','kind':'do'}");
	parse_fails(s, strlen(s), 120, 125,
	    "duplicate object key near '\"kind\"'");
	s = q(NOTE ",'text':'x'");
	fails_at(s, 118, "unexpected end of line: incomplete JSON");
	fails_at("", 1, "unexpected end of line: incomplete JSON");
	s = q(NOTE ",'text' 'x'}");
	parse_fails(s, strlen(s), 115, 118, "':' expected near '\"x\"'");
	s = q(NOTE ",'text':'x'}x");
	fails_at(s, 120, "end of file expected near 'x'");
	/* Not an object. */
	fails_at("[1,2]", 1, "a record must be a JSON object");
	s = q("'str'");
	parse_fails(s, strlen(s), 1, 5, "'[' or '{' expected near '\"str\"'");
	/* \u0000 inside the text string, which starts at column 116. */
	s = q(NOTE ",'text':'a\\u0000b'}");
	parse_fails(s, strlen(s), 116, 127,
	    "\\u0000 (NUL) is not allowed in a journal");
	/* 2^63 and 1E+999 start at column 124. */
	s = q(NOTE ",'text':'x','n':9223372036854775808}");
	parse_fails(s, strlen(s), 124, 142,
	    "too big integer near '9223372036854775808'");
	s = q(NOTE ",'text':'x','n':1E+999}");
	parse_fails(s, strlen(s), 124, 129,
	    "real number overflow near '1E+999'");
}

static void
parse_byte_errors(void **state)
{
	char buf[512];
	const char *s;
	size_t n;

	(void)state;
	/* Invalid UTF-8 after "Ë": the column counts characters. */
	s = q(NOTE ",'text':'\xc3\x8b\xc3'}");
	fails_at(s, 118, "invalid UTF-8");
	s = q(NOTE ",'text':'\xed\xa0\x80'}");
	fails_at(s, 117, "invalid UTF-8");
	/* A raw NUL byte. */
	s = q(NOTE ",'text':'ab'}");
	n = strlen(s);
	memcpy(buf, s, n);
	buf[117] = '\0';
	parse_fails(buf, n, 118, 118, "NUL byte in line");
	/* CR LF: the CR is the last character. */
	snprintf(buf, sizeof(buf), "%s\r", q(NOTE ",'text':'x'}"));
	fails_at(buf, 120, "line ends in CR LF: a journal ends lines with "
	    "LF only");
	/* BOM. */
	snprintf(buf, sizeof(buf), "\xef\xbb\xbf%s", q(NOTE ",'text':'x'}"));
	fails_at(buf, 1, "byte order mark (BOM) at the start of the line: a "
	    "journal is UTF-8 without one");
}

/* NOTE with an unknown field nested in depth-1 arrays: depth total. */
static char *
nested(int depth, char *buf, size_t size)
{
	size_t o = (size_t)snprintf(buf, size, "%s", q(NOTE ",'text':'x',"
	    "'deep':"));

	for (int i = 1; i < depth; i++)
		buf[o++] = '[';
	for (int i = 1; i < depth; i++)
		buf[o++] = ']';
	buf[o++] = '}';
	buf[o] = '\0';
	assert_true(o < size);
	return buf;
}

static void
parse_depth(void **state)
{
	char buf[1024], text[256];
	struct wl_error e;
	json_t *r;

	(void)state;
	nested(WL_DEPTH_MAX, buf, sizeof(buf));
	r = wl_line_parse(buf, strlen(buf), &e);
	if (r == NULL)
		fail_msg("depth %d refused: %s", WL_DEPTH_MAX, e.msg);
	json_decref(r);
	/*
	 * One more: "deep": ends at column 126, the object is level 1,
	 * so the 32nd '[' is the fault.
	 */
	nested(WL_DEPTH_MAX + 1, buf, sizeof(buf));
	fails_at(buf, 126 + WL_DEPTH_MAX, "nested deeper than 32 levels");
	nested(200, buf, sizeof(buf));
	fails_at(buf, 126 + WL_DEPTH_MAX, "nested deeper than 32 levels");
	/* Brackets inside strings do not count. */
	memset(text, '[', 60);
	strcpy(text + 60, "\\\"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{}");
	snprintf(buf, sizeof(buf), "%s'%s'}", q(NOTE ",'text':"), text);
	for (char *p = buf; *p; p++)
		if (*p == '\'')
			*p = '"';
	r = wl_line_parse(buf, strlen(buf), &e);
	if (r == NULL)
		fail_msg("brackets in a string refused: %s", e.msg);
	json_decref(r);
}

static void
parse_schema_errors(void **state)
{
	const char *s;

	(void)state;
	/* The column of the field at fault: "text" at 109. */
	s = q(NOTE ",'text':5}");
	fails_at(s, 109, "'text' must be a string");
	/* Counted in characters: "é" is one ("block" at byte 121). */
	s = q(NOTE ",'text':'\xc3\xa9','block':0}");
	fails_at(s, 120, "'block' must be 1 or more");
	s = q(NOTE ",'text':'x','n':1.5}");
	fails_at(s, 120, "numbers must be integers: a journal holds no "
	    "fractions or exponents");
	s = q("{'id':'" ID1 "','type':'note','at':'" AT "','kind':'do',"
	    "'text':'x'}");
	fails_at(s, 1, "missing required field 'session' (type note)");
	s = q(NOTE ",'text':'x','kind':'maybe'}");
	parse_fails(s, strlen(s), 1, 200, "duplicate object key near "
	    "'\"kind\"'");
	s = q("{'id':'" ID1 "','type':'note','at':'" AT "','session':'" ID2
	    "','kind':'maybe','text':'x'}");
	fails_at(s, 97, "unknown kind 'maybe' (one of: expectation, "
	    "question, observation, do, dont, idea, quote)");
}

static void
column_of_key(void **state)
{
	const char *s = q("{'t\u00e9':'\u00e9\u00e9','a':{'b':1},'b':2}");

	(void)state;
	assert_int_equal(wl_line_column(s, strlen(s), "b"), 24);
	assert_int_equal(wl_line_column(s, strlen(s), "a"), 12);
	assert_int_equal(wl_line_column(s, strlen(s), "t\u00e9"), 2);
	assert_int_equal(wl_line_column(s, strlen(s), "zz"), 1);
	assert_int_equal(wl_line_column(s, strlen(s), ""), 1);
	assert_int_equal(wl_line_column(s, strlen(s), NULL), 1);
}

static void
parse_json_only(void **state)
{
	struct wl_error e;
	const char *s;
	json_t *r;

	(void)state;
	s = q("{'kind':'do','text':'no id yet'}");
	r = wl_line_parse_json(s, strlen(s), &e);
	assert_non_null(r);
	json_decref(r);
	fails_at("[]", 1, "a record must be a JSON object");
	assert_null(wl_line_parse_json("[]", 2, &e));
	assert_string_equal(e.msg, "a record must be a JSON object");
}

/* encode(rec) must be exactly want (with ' for "), '\n' included. */
static void
encodes_to(const json_t *rec, const char *want)
{
	size_t len = 0;
	char *line = wl_line_encode(rec, &len);

	assert_non_null(line);
	assert_string_equal(line, q(want));
	assert_int_equal(len, strlen(line));
	assert_int_equal(line[len - 1], '\n');
	free(line);
}

static void
encode_order(void **state)
{
	json_t *r;

	(void)state;
	r = js("{'zeta':1,'text':'Koffie','by':'" ID2 "','kind':'do',"
	    "'at':'" AT "','session':'" ID2 "','id':'" ID1 "','alpha':'x',"
	    "'type':'note','tags':['b','a'],'block':2}");
	encodes_to(r, "{'id':'" ID1 "','type':'note','at':'" AT "',"
	    "'session':'" ID2 "','kind':'do','text':'Koffie','block':2,"
	    "'by':'" ID2 "','tags':['b','a'],'zeta':1,'alpha':'x'}\n");
	json_decref(r);

	r = js("{'blocks':[{'title':'Een','n':1},{'x':true,'title':'Twee',"
	    "'n':2}],'date':'2026-06-14','type':'session','municipality':"
	    "'Roermond','id':'" ID1 "','at':'" AT "','pilot':3,"
	    "'facilitators':['An'],'location':'L','title':'T','series':'S'}");
	encodes_to(r, "{'id':'" ID1 "','type':'session','at':'" AT "',"
	    "'municipality':'Roermond','date':'2026-06-14','pilot':3,"
	    "'series':'S','title':'T','location':'L','facilitators':['An'],"
	    "'blocks':[{'n':1,'title':'Een'},{'n':2,'title':'Twee',"
	    "'x':true}]}\n");
	json_decref(r);

	r = js("{'set':{'text':'b','kind':'do'},'ref':'" ID2 "','at':'" AT
	    "','type':'amend','id':'" ID1 "'}");
	encodes_to(r, "{'id':'" ID1 "','type':'amend','at':'" AT "','ref':'"
	    ID2 "','set':{'text':'b','kind':'do'}}\n");
	json_decref(r);

	/* Unknown type: common fields first, the rest as they came. */
	r = js("{'b':1,'type':'poll','a':2,'id':'" ID1 "','at':'" AT "'}");
	encodes_to(r, "{'id':'" ID1 "','type':'poll','at':'" AT "','b':1,"
	    "'a':2}\n");
	json_decref(r);
}

static void
encode_text(void **state)
{
	json_t *r;

	(void)state;
	/* Non-ASCII is written as UTF-8, not \u escapes. */
	r = js("{'id':'" ID1 "','type':'note','at':'" AT "','session':'" ID2
	    "','kind':'quote','text':'Co\\u00f6peratie \\u65e5\\u672c "
	    "\\ud83d\\ude00'}");
	encodes_to(r, "{'id':'" ID1 "','type':'note','at':'" AT "',"
	    "'session':'" ID2 "','kind':'quote','text':'Co\xc3\xb6peratie "
	    "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80'}\n");
	json_decref(r);
	/* What must be escaped is. */
	r = json_pack("{s:s, s:s, s:s, s:s}", "id", ID1, "type", "poll",
	    "at", AT, "t", "a\"b\\c\nd\te\x1b/");
	encodes_to(r, "{'id':'" ID1 "','type':'poll','at':'" AT "','t':"
	    "'a\\'b\\\\c\\nd\\te\\u001B/'}\n");
	json_decref(r);
}

static void
encode_parse_roundtrip(void **state)
{
	static const char *const lines[] = {
		"{'id':'" ID1 "','type':'session','at':'" AT "',"
		    "'municipality':'Roermond','date':'2026-06-14','pilot':1,"
		    "'blocks':[{'n':1,'title':'Kennismaking'}]}",
		"{'id':'" ID1 "','type':'participant','at':'" AT "',"
		    "'session':'" ID2 "','role':'initiator',"
		    "'name':'Jos\xc3\xa9',"
		    "'consent':true,'extra':null}",
		"{'id':'" ID1 "','type':'note','at':'" AT "','session':'" ID2
		    "','kind':'dont','text':'tab\\there \\'q\\' \\\\ \\u0007',"
		    "'tags':[],'z':{'b':[1,-2,{}],'a':''}}",
		"{'id':'" ID1 "','type':'amend','at':'" AT "','ref':'" ID2 "',"
		    "'set':{'block':null,'tags':['x']}}",
		"{'id':'" ID1 "','type':'whatever','at':'" AT "','n':"
		    "-9223372036854775808}",
	};
	char want[2048];

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *s = q(lines[i]);
		struct wl_error e;
		json_t *r = wl_line_parse(s, strlen(s), &e);
		size_t len;
		char *out;

		if (r == NULL)
			fail_msg("line %zu refused: %s", i, e.msg);
		out = wl_line_encode(r, &len);
		assert_non_null(out);
		snprintf(want, sizeof(want), "%s\n", s);
		assert_string_equal(out, want);
		free(out);
		json_decref(r);
	}
}

/*
 * Each of jansson's allocations in a parse failing in turn: the parse
 * says "out of memory", never gives a record with a string or number
 * cut short nor calls the line bad.  jansson's lexer drops a byte it
 * has no room for and reads on; its buffer grows at 16, 32 and 64
 * bytes, so the text (30 characters, 32 with its quotes) makes it
 * grow right at a closing quote, and the numbers grow it mid-token.
 */
static void
parse_short_of_memory(void **state)
{
	const char *line = q(NOTE ",'text':'Dertig tekens, lang en precies',"
	    "'block':123456789012345,'tags':['een','twee'],'x':{'y':[1,"
	    "-98765432109876543,'" "Zestig tekens en nog wat: zo groeit de "
	    "buffer verder door'],'z':true}}");
	struct wl_error e;
	json_t *want, *r;
	long n, calls;

	(void)state;
	assert_int_equal(strlen("Dertig tekens, lang en precies"), 30);
	want = wl_line_parse(line, strlen(line), &e);
	assert_non_null(want);
	for (n = 1;; n++) {
		memset(&e, 0, sizeof(e));
		unit_json_fail(n);
		r = wl_line_parse(line, strlen(line), &e);
		calls = unit_json_calls();
		unit_json_fail(0);
		if (calls < n)
			break;
		if (r != NULL)
			fail_msg("allocation %ld failed, and the line parsed "
			    "all the same", n);
		assert_string_equal(e.msg, "out of memory");
		assert_int_equal(e.code, WL_ENOMEM);
	}
	assert_non_null(r);
	assert_true(json_equal(r, want));
	assert_true(n > 20);
	json_decref(r);
	json_decref(want);
}

/* Each of jansson's allocations in an encoding failing in turn: NULL
 * (errno ENOMEM), never a line that lacks a member. */
static void
encode_short_of_memory(void **state)
{
	json_t *r = js("{'blocks':[{'x':1,'title':'Een','n':1},{'n':2}],"
	    "'date':'2026-06-14','type':'session','municipality':'Roermond',"
	    "'id':'" ID1 "','at':'" AT "','later':'x','facilitators':['An']}");
	char *want = wl_line_encode(r, NULL), *got;
	long n, calls;

	(void)state;
	assert_non_null(want);
	for (n = 1;; n++) {
		unit_json_fail(n);
		errno = 0;
		got = wl_line_encode(r, NULL);
		calls = unit_json_calls();
		unit_json_fail(0);
		if (calls < n)
			break;
		if (got != NULL)
			fail_msg("allocation %ld failed, and it encoded all "
			    "the same: %s", n, got);
		assert_int_equal(errno, ENOMEM);
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_true(n > 10);
	free(got);
	free(want);
	json_decref(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_record),
		cmocka_unit_test(parse_valid),
		cmocka_unit_test(parse_syntax_errors),
		cmocka_unit_test(parse_byte_errors),
		cmocka_unit_test(parse_depth),
		cmocka_unit_test(parse_schema_errors),
		cmocka_unit_test(column_of_key),
		cmocka_unit_test(parse_json_only),
		cmocka_unit_test(encode_order),
		cmocka_unit_test(encode_text),
		cmocka_unit_test(encode_parse_roundtrip),
		cmocka_unit_test(parse_short_of_memory),
		cmocka_unit_test(encode_short_of_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
