/*
 * test_rec.c - a record kept as its canonical line answers exactly as
 * the record parsed from that line
 *
 * For every line of the corpus and thousands of mutations of it that
 * wl_scan_line vouches for: the kept record (rec.c) gives the same
 * string and integer for every field of its type, for the common ones
 * and for fields it does not have, the same items of its lists and
 * the same booleans; its JSON, made when asked for, equals the parsed
 * record and leaves the kept record as it was; and wl_rec_same agrees
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
