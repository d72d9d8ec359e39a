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

/*
 * wl_draft_lines makes each line as wl_line_encode makes it of the
 * record wl_draft_new, the fields and the value would give: for notes
 * and advice with members before and after the value's, and values of
 * every kind a text may be (quotes, backslashes, control characters,
 * non-ASCII), the id of each line made the record's.
 */
static void
draft_lines_as_records(void **state)
{
	static const char *const pieces[] = { "a", " ", "\"", "\\", "\t",
		"\n", "\001", "\037", "\177", "\303\251", "\342\234\223",
		"\360\237\230\200", "/", "'", "}", "{\"id\":\"x\"}" };
	const size_t npieces = sizeof(pieces) / sizeof(*pieces);
	struct wl_error e;

	(void)state;
	setenv("WL_NOW", AT, 1);
	srand(7);
	for (int round = 0; round < 40; round++) {
		enum wl_type t = round % 2 ? WL_ADVICE : WL_NOTE;
		json_t *fields = round % 2 ?
		    json_pack("{s:s,s:s,s:i}", "session", ID2, "perspective",
		    "self", "block", 3) :
		    json_pack("{s:s,s:s,s:i,s:s}", "session", ID2, "kind",
		    "do", "block", 2, "by", ID1);
		char *values[8], **lines;
		size_t n = 1 + (size_t)(round % 8);

		assert_non_null(fields);
		if (round % 3 == 0)
			assert_int_equal(json_object_set_new(fields, "tags",
			    json_pack("[s,s]", "Wijk", "na\"tuur")), 0);
		for (size_t i = 0; i < n; i++) {
			char buf[256] = "";
			int k = rand() % 12;

			for (int p = 0; p < k; p++)
				strcat(buf, pieces[(size_t)rand() % npieces]);
			values[i] = strdup(buf);
			assert_non_null(values[i]);
		}
		lines = wl_draft_lines(t, fields, "text", values, n, &e);
		assert_non_null(lines);
		for (size_t i = 0; i < n; i++) {
			json_t *r = wl_draft_new(t, &e), *v;
			const char *k;
			char *want;

			assert_non_null(r);
			json_object_foreach(fields, k, v)
				assert_int_equal(json_object_set(r, k, v), 0);
			assert_int_equal(json_object_set_new(r, "text",
			    json_string(values[i])), 0);
			assert_int_equal(json_object_set_new(r, "id",
			    json_stringn(lines[i] + 7, WL_ID_LEN)), 0);
			want = wl_line_encode(r, NULL);
			assert_non_null(want);
			assert_string_equal(lines[i], want);
			free(want);
			json_decref(r);
			free(lines[i]);
			free(values[i]);
		}
		assert_null(lines[n]);
		free(lines);
		json_decref(fields);
	}
	/* A value that is no UTF-8 makes no lines. */
	{
		char *bad[] = { "goed", "\377" };
		json_t *fields = json_pack("{s:s,s:s}", "session", ID2,
		    "kind", "do");

		assert_null(wl_draft_lines(WL_NOTE, fields, "text", bad, 2,
		    &e));
		assert_string_equal(e.msg, "the text of record 2 is not "
		    "valid UTF-8");
		/* Nor a clock that cannot be read, said as such. */
		setenv("WL_NOW", "yesterday", 1);
		assert_null(wl_draft_lines(WL_NOTE, fields, "text", bad, 1,
		    &e));
		assert_string_equal(e.msg, "WL_NOW 'yesterday' is not a UTC "
		    "time like 2026-06-14T09:30:00Z");
		json_decref(fields);
	}
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

/* The oracle of wl_line_encode: jansson's compact writer over a copy of
 * rec with its members in canonical order, as record.c did before it
 * wrote lines itself. */
static void
copy_in_order(json_t *to, const json_t *from, const char *const *names,
    int rest)
{
	const char *k;
	json_t *x;

	for (; names != NULL && *names != NULL; names++)
		if ((x = json_object_get(from, *names)) != NULL)
			json_object_set(to, *names, x);
	if (rest)
		json_object_foreach((json_t *)from, k, x)
			if (json_object_get(to, k) == NULL)
				json_object_set(to, k, x);
}

static char *
oracle(const json_t *rec)
{
	static const char *const common[] = { "id", "type", "at", NULL };
	static const char *const first[] = { "n", "title", NULL };
	json_t *o = json_object(), *v;
	char *s, *line;

	copy_in_order(o, rec, common, 0);
	for (const struct wl_field *f = wl_schema_fields(wl_type_of(rec));
	    f->name; f++) {
		if ((v = json_object_get(rec, f->name)) == NULL)
			continue;
		if (f->kind == FK_BLOCKS && json_is_array(v)) {
			json_t *out = json_array(), *b;
			size_t i;

			json_array_foreach(v, i, b) {
				json_t *ob = json_object();

				if (json_is_object(b))
					copy_in_order(ob, b, first, 1);
				json_array_append_new(out, ob);
			}
			json_object_set_new(o, f->name, out);
		} else
			json_object_set(o, f->name, v);
	}
	copy_in_order(o, rec, NULL, 1);
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	assert_non_null(s);
	line = malloc(strlen(s) + 2);
	assert_non_null(line);
	sprintf(line, "%s\n", s);
	free(s);
	return line;
}

static void
same_as_oracle(const json_t *rec)
{
	char *want = oracle(rec), *got;
	size_t len;

	got = wl_line_encode(rec, &len);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(got);
	free(want);
}

static uint64_t
rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* A random value: strings with quotes, backslashes, control bytes, NUL,
 * accents and emoji; integers of every size; the three constants;
 * reals; lists and objects, nested. */
static json_t *
random_value(uint64_t *x, int depth)
{
	static const char *const bits[] = { "a", "\"", "\\", "/", "\n",
		"\t", "\x01", "\x1f", "\x7f", "é", "ĳ", "😀", " ", "Roermond",
		"\b", "\f", "\r", "\u2028", "{", "}" };
	char buf[256];
	size_t n = 0;

	switch (rnd(x) % (depth < 2 ? 9 : 6)) {
	case 0:
	case 1:
		for (size_t k = rnd(x) % 12; k > 0; k--) {
			const char *b = bits[rnd(x) % (sizeof(bits) /
			    sizeof(*bits))];

			memcpy(buf + n, b, strlen(b));
			n += strlen(b);
		}
		if (rnd(x) % 8 == 0)
			buf[n++] = '\0';	/* a NUL inside */
		return json_stringn(buf, n);
	case 2:
		return json_integer((json_int_t)(rnd(x) >> (rnd(x) % 64)) *
		    (rnd(x) % 2 ? 1 : -1));
	case 3:
		return json_true();
	case 4:
		return json_false();
	case 5:
		return json_null();
	case 6:
		return json_real((double)(rnd(x) % 100000) / 7.0);
	case 7: {
		json_t *a = json_array();

		for (size_t k = rnd(x) % 4; k > 0; k--)
			json_array_append_new(a, random_value(x, depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();
		static const char *const keys[] = { "n", "title", "x", "é",
			"a\"b" };

		for (size_t k = rnd(x) % 4; k > 0; k--)
			json_object_set_new(o, keys[rnd(x) % 5],
			    random_value(x, depth + 1));
		return o;
	}
	}
}

/* Every corpus line, and 20,000 random records (every type, its own
 * fields and others, in random order, with values of every kind, some
 * with over 32 members), encode as the oracle does. */
static void
encode_as_jansson(void **state)
{
	const char *src = getenv("WL_SRC");
	uint64_t x = 0x9e3779b97f4a7c15ull;
	char cmd[4200], path[4096];
	FILE *ls;

	(void)state;
	snprintf(cmd, sizeof(cmd), "cat %s/tests/fuzz/corpus/*.jsonl",
	    src ? src : ".");
	ls = popen(cmd, "r");
	assert_non_null(ls);
	while (fgets(path, sizeof(path), ls) != NULL) {
		json_t *rec = json_loads(path, JSON_DECODE_ANY, NULL);

		if (json_is_object(rec))
			same_as_oracle(rec);
		json_decref(rec);
	}
	pclose(ls);
	for (int i = 0; i < 20000; i++) {
		enum wl_type t = (enum wl_type)(rnd(&x) % (WL_UNKNOWN + 1));
		const struct wl_field *f = wl_schema_fields(t);
		json_t *rec = json_object();
		size_t nf = 0, extra = rnd(&x) % 50 == 0 ? 40 : rnd(&x) % 4;
		char name[32];

		while (f[nf].name != NULL)
			nf++;
		if (t != WL_UNKNOWN)
			json_object_set_new(rec, "type",
			    json_string(wl_type_name(t)));
		for (size_t k = 0; k < nf + extra + 3; k++) {
			size_t pick = rnd(&x) % (nf + extra + 3);

			if (pick < nf)
				json_object_set_new(rec, f[pick].name,
				    random_value(&x, 0));
			else if (pick < nf + 3)
				json_object_set_new(rec, (const char *[]){
				    "id", "at", "type" }[pick - nf],
				    random_value(&x, 0));
			else {
				snprintf(name, sizeof(name), "extra%zu",
				    pick - nf - 3);
				json_object_set_new(rec, name,
				    random_value(&x, 0));
			}
		}
		same_as_oracle(rec);
		json_decref(rec);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_record),
		cmocka_unit_test(draft_lines_as_records),
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
		cmocka_unit_test(encode_as_jansson),
		cmocka_unit_test(parse_short_of_memory),
		cmocka_unit_test(encode_short_of_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
