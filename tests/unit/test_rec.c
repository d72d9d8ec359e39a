/*
 * test_rec.c - a record kept as its canonical line answers exactly as
 * the record parsed from that line
 *
 * For every line of the corpus and thousands of mutations of it that
 * wl_scan_line vouches for: the kept record (rec.c) gives the same
 * string and integer for every field of its type, for the common ones
 * and for fields it does not have, the same items of its lists and
 * the same booleans; its JSON, made when asked for, equals the parsed
 * record, members in the same order, and leaves the kept record as it
 * was; and wl_rec_same agrees
 * with json_equal.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "internal.h"
#include "journal.h"
#include "scan.h"

static struct wl_journal keeper;	/* only its arena is used */
static size_t nkept;

static void
same_str(const char *got, const char *want, const char *field,
    const char *line, size_t len)
{
	if (got == NULL && want == NULL)
		return;
	if (got == NULL || want == NULL || strcmp(got, want) != 0)
		fail_msg("field %s: kept '%s', parsed '%s' in %.*s", field,
		    got ? got : "(null)", want ? want : "(null)", (int)len,
		    line);
}

static void
same_field(const struct wl_rec *r, const json_t *rec, const char *field,
    const char *line, size_t len)
{
	json_t *v = json_object_get(rec, field);

	same_str(wl_rec_str(r, field), wl_field_str(rec, field), field,
	    line, len);
	assert_true(wl_rec_int(r, field, -7) == wl_field_int(rec, field,
	    -7));
	assert_int_equal(wl_rec_bool(r, field, -1), json_is_boolean(v) ?
	    json_is_true(v) : -1);
	for (size_t i = 0; i <= json_array_size(v); i++)
		same_str(wl_rec_item(r, field, i), json_string_value(
		    json_array_get(v, i)), field, line, len);
}

/* made and rec written with their members in order are the same. */
static void
same_order(const json_t *made, const json_t *rec, const char *line,
    size_t len)
{
	char *a = json_dumps(made, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *b = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);

	assert_non_null(a);
	assert_non_null(b);
	if (strcmp(a, b) != 0)
		fail_msg("made: %s\nparsed: %s\nof: %.*s", a, b, (int)len,
		    line);
	free(a);
	free(b);
}

static void
check_line(const char *line, size_t len)
{
	static const char *const others[] = { "id", "type", "at", "text",
		"zz", "", "kind", "block", "consent", "tags", "set" };
	struct wl_line l = { line, len, 1, 0 };
	struct wl_rec r, twin;
	struct wl_scan sc;
	struct wl_error e;
	const struct wl_field *f;
	json_t *rec, *made;
	char *raw;

	if (!wl_scan_line(line, len, &sc))
		return;
	nkept++;
	rec = wl_line_parse(line, len, &e);
	assert_non_null(rec);
	memset(&r, 0, sizeof(r));
	r.type = sc.type;
	assert_int_equal(wl_rec_keep(&keeper, &r, &l, &sc), 0);
	assert_null(r.orig);
	assert_string_equal(wl_rec_id(&r), wl_field_str(rec, "id"));
	/* Its line made again from the values is the line, byte for
	 * byte: writers and messages use it. */
	raw = wl_rec_dup_raw(&r);
	assert_non_null(raw);
	assert_int_equal(r.rawlen, len);
	if (memcmp(raw, line, len) != 0)
		fail_msg("made again: %s\nread:       %.*s", raw, (int)len,
		    line);
	free(raw);
	for (f = wl_schema_fields(r.type); f->name != NULL; f++) {
		same_field(&r, rec, f->name, line, len);
		same_str(wl_rec_orig_str(&r, f->name),
		    wl_field_str(rec, f->name), f->name, line, len);
	}
	for (size_t i = 0; i < sizeof(others) / sizeof(*others); i++)
		same_field(&r, rec, others[i], line, len);
	/* A twin kept from the same bytes is the same record; the JSON
	 * made when asked for is the parsed record, a tree of its own,
	 * and the kept record stays as it was. */
	memset(&twin, 0, sizeof(twin));
	twin.type = sc.type;
	assert_int_equal(wl_rec_keep(&keeper, &twin, &l, &sc), 0);
	assert_int_equal(wl_rec_same(&r, &twin), 1);
	made = wl_rec_json(&r);
	assert_true(json_equal(made, rec));
	assert_true(made != rec);
	/* Made from the values, not parsed: its members in the line's
	 * order too, which an output that keeps the order shows. */
	same_order(made, rec, line, len);
	json_decref(made);
	assert_null(r.orig);
	assert_null(r.cur);
	assert_int_equal(wl_rec_same(&r, &twin), 1);
	json_decref(rec);
}

static void
corpus(void **state)
{
	(void)state;
	nkept = 0;
	unit_corpus(check_line, 40);
	assert_true(nkept > 1000);
	print_message("# %zu lines kept and compared\n", nkept);
	wl_arena_free(&keeper.arena);
}

/* Line s (' for ") kept: it must be canonical, and check_line holds it
 * to the parsed record and its bytes to the line. */
static void
edge(const char *s)
{
	const char *line = unit_q(s);
	struct wl_scan sc;

	if (!wl_scan_line(line, strlen(line), &sc))
		fail_msg("not canonical: %s", line);
	check_line(line, strlen(line));
}

/* The canonical line big[0..len) held by check_line, and kept into r
 * (for what a test asks of its layout). */
static void
keep_big(const char *big, size_t len, struct wl_rec *r)
{
	struct wl_line l = { NULL, 0, 1, 0 };
	struct wl_scan sc;
	size_t before = nkept;

	check_line(big, len);
	assert_int_equal(nkept, before + 1);
	assert_int_equal(wl_scan_line(big, len, &sc), 1);
	memset(r, 0, sizeof(*r));
	r->type = sc.type;
	l.p = big;
	l.len = len;
	assert_int_equal(wl_rec_keep(&keeper, r, &l, &sc), 0);
}

#define NOTE REC("0123456789abcdef", "note") ",'session':'fedcba9876543210'"
#define PART REC("0123456789abcdef", "participant") \
	",'session':'fedcba9876543210','role':'initiator'"

/* The edges of the layout (rec.c): a value at the end of the line, of
 * each kind; an empty string; every escape jansson writes; lists of
 * strings, empty, escaped, last; values around 64 KiB, where the
 * offsets widen, and a line near the 1 MiB limit. */
static void
edges(void **state)
{
	static const char *const lines[] = {
		PART ",'name':'An','org':'Gemeente Roermond'}",
		PART ",'name':'','org':''}",
		PART ",'consent':true}",
		PART ",'name':'An','consent':false}",
		NOTE ",'kind':'do','text':'x','block':3}",
		NOTE ",'kind':'do','text':'x','block':123456789012345678}",
		NOTE ",'kind':'do','text':'x','tags':['a']}",
		NOTE ",'kind':'do','text':'x','tags':[]}",
		NOTE ",'kind':'do','text':'x','tags':['a b','c','d\\'e']}",
		NOTE ",'kind':'do','text':'x','by':'0000000000000001',"
		    "'tags':['\\\\','\\u0007 \\u001F','x\\ty']}",
		NOTE ",'kind':'do','text':'\\'q\\' \\\\ / \\b\\f"
		    "\\n\\r\\t \\u0001\\u001B \x7f" " é € 𝄞'}",
		NOTE ",'kind':'do','text':'a\\n','block':1}",
		NOTE ",'kind':'do','text':'ends in an escape\\\\'}",
		REC("0123456789abcdef", "session") ",'municipality':'Venlo',"
		    "'date':'2026-06-14','pilot':2,'series':'','title':'T',"
		    "'location':'L','facilitators':['Ann','Bo\\'b']}",
		REC("0123456789abcdef", "session") ",'municipality':'Venlo',"
		    "'date':'2026-06-14','facilitators':[]}",
		REC("0123456789abcdef", "endorsement") ",'ref':"
		    "'fedcba9876543210','by':'0000000000000002',"
		    "'stance':'object','reason':''}",
		REC("0123456789abcdef", "status") ",'ref':'fedcba9876543210',"
		    "'status':'adopted','date':'2026-06-15'}",
		REC("0123456789abcdef", "agreement") ",'session':"
		    "'fedcba9876543210','text':'t','owner':'o','due':"
		    "'2026-07-01','ref':'0000000000000003'}",
	};
	struct wl_rec r;
	size_t nwide[2] = { 0, 0 };
	char *big;

	(void)state;
	nkept = 0;
	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++)
		edge(lines[i]);
	assert_int_equal(nkept, sizeof(lines) / sizeof(*lines));
	/* Values of about 64 KiB, on both sides of where the offsets
	 * widen, with escapes; and a line near WL_LINE_MAX. */
	big = malloc(WL_LINE_MAX + 1);
	assert_non_null(big);
	for (size_t n = 65400; n < 65560; n += 7) {
		size_t len;

		len = (size_t)snprintf(big, WL_LINE_MAX, "%s", unit_q(NOTE
		    ",'kind':'do','text':'"));
		for (size_t i = 0; i < n; i++)
			big[len++] = i % 1000 == 5 ? '\\' : 'a' + i % 26;
		/* Each backslash escapes the letter after it: only those
		 * jansson writes. */
		for (size_t i = 0; i < len; i++)
			if (big[i] == '\\' && i + 1 < len)
				big[i + 1] = 'n';
		len += (size_t)snprintf(big + len, WL_LINE_MAX - len,
		    "\",\"block\":2,\"tags\":[\"t\"]}");
		keep_big(big, len, &r);
		nwide[r.wide]++;
	}
	assert_true(nwide[0] > 0 && nwide[1] > 0);	/* both sides */
	memset(big, 'w', WL_LINE_MAX);
	memcpy(big, unit_q(NOTE ",'kind':'do','text':'"), strlen(unit_q(NOTE
	    ",'kind':'do','text':'")));
	memcpy(big + WL_LINE_MAX - 12, "\",\"block\":9}", 12);
	keep_big(big, WL_LINE_MAX, &r);
	assert_true(r.wide);
	assert_int_equal(wl_rec_int(&r, "block", 0), 9);
	assert_int_equal(strlen(wl_rec_str(&r, "text")), WL_LINE_MAX -
	    strlen(unit_q(NOTE ",'kind':'do','text':'")) - 12);
	free(big);
	wl_arena_free(&keeper.arena);
}

/* Canonical lines and others in one journal: each answers as its
 * line says, the kept ones with no JSON, and a record written both
 * ways is the same record. */
static void
mixed(void **state)
{
	static const char *const lines[] = {
		REC("0000000000000001", "session") ",'municipality':'Venlo',"
		    "'date':'2026-06-14'}",
		REC("0000000000000002", "note") ",'session':"
		    "'0000000000000001','kind':'do','text':'kept','tags':"
		    "['a','b']}",
		REC("0000000000000003", "note") ", 'session': "
		    "'0000000000000001', 'kind': 'do', 'text': 'spaced', "
		    "'tags': ['c']}",
		REC("0000000000000004", "note") ",'session':"
		    "'0000000000000001','kind':'do','text':'caf\\u00e9'}",
		REC("0000000000000005", "note") ",'session':"
		    "'0000000000000001','kind':'do','text':'a\\tb'}",
		REC("0000000000000006", "session") ",'municipality':'Venlo',"
		    "'date':'2026-06-14','blocks':[{'n':1,'title':'B'}]}",
	};
	static const int canon[] = { 1, 1, 0, 0, 1, 0 };
	static const char *const text[] = { NULL, "kept", "spaced",
		"caf\xc3\xa9", "a\tb", NULL };
	struct wl_journal *j;

	(void)state;
	assert_int_equal(unit_mkdir("rec"), 0);
	j = unit_load(unit_journal("m.jsonl", lines, 6), NULL);
	assert_non_null(j);
	assert_int_equal(wl_journal_count(j), 6);
	for (size_t i = 0; i < 6; i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		const char *q = unit_q(lines[i]);
		json_t *want = wl_line_parse(q, strlen(q), NULL), *got;

		assert_int_equal(r->canon, canon[i]);
		assert_int_equal(r->orig == NULL, canon[i]);
		if (text[i] != NULL)
			assert_string_equal(wl_rec_str(r, "text"), text[i]);
		got = wl_rec_json(r);
		assert_true(json_equal(got, want));
		json_decref(got);
		json_decref(want);
	}
	assert_string_equal(wl_rec_item(wl_journal_at(j, 1), "tags", 1), "b");
	assert_null(wl_rec_item(wl_journal_at(j, 1), "tags", 2));
	assert_string_equal(wl_rec_item(wl_journal_at(j, 2), "tags", 0), "c");
	assert_int_equal(wl_rec_same(wl_journal_at(j, 1),
	    wl_journal_at(j, 2)), 0);
	assert_int_equal(wl_rec_same(wl_journal_at(j, 3),
	    wl_journal_at(j, 3)), 1);
	wl_journal_free(j);
	assert_int_equal(unit_rmdir(), 0);
}

/* A record kept from a line and the same record parsed from a line
 * with other spacing are the same; a different value is not. */
static void
same_or_not(void **state)
{
	static const char *const lines[] = {
		REC("0123456789abcdef", "note") ",'session':"
		    "'fedcba9876543210','kind':'do','text':'a\\tb'}",
		REC("0123456789abcdef", "note") ", 'session': "
		    "'fedcba9876543210', 'kind': 'do', 'text': 'a\\tb'}",
	};
	const char *other = unit_q(REC("0123456789abcdef", "note")
	    ",'session':'fedcba9876543210','kind':'do','text':'a b'}");
	struct wl_journal *j, *k;
	struct wl_line l = { NULL, 0, 1, 0 };
	struct wl_rec r;
	struct wl_scan sc;

	(void)state;
	assert_int_equal(unit_mkdir("rec"), 0);
	j = unit_load(unit_journal("a.jsonl", lines, 1), NULL);
	k = unit_load(unit_journal("b.jsonl", lines + 1, 1), NULL);
	assert_true(wl_journal_at(j, 0)->canon);	/* kept */
	assert_false(wl_journal_at(k, 0)->canon);	/* parsed */
	assert_string_equal(wl_rec_str(wl_journal_at(j, 0), "text"),
	    "a\tb");
	assert_int_equal(wl_rec_same(wl_journal_at(j, 0),
	    wl_journal_at(k, 0)), 1);
	assert_int_equal(wl_scan_line(other, strlen(other), &sc), 1);
	memset(&r, 0, sizeof(r));
	r.type = sc.type;
	l.p = other;
	l.len = strlen(other);
	assert_int_equal(wl_rec_keep(&keeper, &r, &l, &sc), 0);
	assert_int_equal(wl_rec_same(wl_journal_at(j, 0), &r), 0);
	assert_int_equal(wl_rec_same(wl_journal_at(k, 0), &r), 0);
	json_decref(r.orig);
	json_decref(r.cur);
	wl_journal_free(j);
	wl_journal_free(k);
	wl_arena_free(&keeper.arena);
	assert_int_equal(unit_rmdir(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus),
		cmocka_unit_test(same_or_not),
		cmocka_unit_test(edges),
		cmocka_unit_test(mixed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
