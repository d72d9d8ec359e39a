/*
 * test_output.c - what readers print: table, tsv, csv, jsonl with its
 * closure, json
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S1 "5e55100000000000"
#define P1 "9a71000000000001"
#define N1 "a0be000000000001"
#define N2 "a0be000000000002"
#define N3 "a0be000000000003"
#define A1 "ad71000000000001"
#define E1 "e0d0000000000001"
#define M1 "a3e0000000000001"

/* Canonical lines, so what is written back is byte for byte the same. */
#define L_S1 "{\"id\":\"" S1 "\",\"type\":\"session\",\"at\":\"" AT "\"," \
	"\"municipality\":\"Roermond\",\"date\":\"2026-06-14\"}\n"
#define L_P1 "{\"id\":\"" P1 "\",\"type\":\"participant\",\"at\":\"" AT \
	"\",\"session\":\"" S1 "\",\"role\":\"initiator\"," \
	"\"name\":\"Anouk\"}\n"
#define L_N1 "{\"id\":\"" N1 "\",\"type\":\"note\",\"at\":\"" AT "\"," \
	"\"session\":\"" S1 "\",\"kind\":\"do\",\"text\":\"Samen " \
	"koffie \xc3\xa9\xc3\xa9n\",\"by\":\"" P1 "\"}\n"
#define L_N2 "{\"id\":\"" N2 "\",\"type\":\"note\",\"at\":\"" AT "\"," \
	"\"session\":\"" S1 "\",\"kind\":\"dont\",\"text\":\"Niet " \
	"wachten\"}\n"
#define L_N3 "{\"id\":\"" N3 "\",\"type\":\"note\",\"at\":\"" AT "\"," \
	"\"session\":\"" S1 "\",\"kind\":\"idea\",\"text\":\"oud\"}\n"
#define L_N3_NOW "{\"id\":\"" N3 "\",\"type\":\"note\",\"at\":\"" AT "\"," \
	"\"session\":\"" S1 "\",\"kind\":\"idea\",\"text\":\"nieuw\"}\n"
#define L_A1 "{\"id\":\"" A1 "\",\"type\":\"advice\",\"at\":\"" AT "\"," \
	"\"session\":\"" S1 "\",\"perspective\":\"self\",\"text\":\"t\"}\n"
#define L_E1 "{\"id\":\"" E1 "\",\"type\":\"endorsement\",\"at\":\"" AT \
	"\",\"ref\":\"" A1 "\",\"by\":\"" P1 "\",\"stance\":\"endorse\"}\n"
#define L_M1 "{\"id\":\"" M1 "\",\"type\":\"amend\",\"at\":\"" AT "\"," \
	"\"ref\":\"" N3 "\",\"set\":{\"text\":\"nieuw\"}}\n"

static struct wl_journal *jr;

static int
setup(void **state)
{
	const char *path;
	struct wl_diag d = { NULL, NULL, 0, 0 };

	(void)state;
	if (unit_mkdir("output") < 0)
		return -1;
	path = unit_path("j.jsonl");
	unit_put(path, L_S1 L_P1 L_N1 L_N2 L_N3 L_A1 L_E1 L_M1);
	jr = unit_load(path, &d);
	return d.nerrors + d.nwarnings ? -1 : 0;
}

static int
teardown(void **state)
{
	wl_journal_free(jr);
	return unit_teardown(state);
}

static const char *const hdr[] = { "id", "text" };

/* Rows of two cells through format fmt; output must be want. */
static void
rows_give(enum wl_format fmt, const char *const (*rows)[2], size_t n,
    const char *want)
{
	struct unit_cap c;
	struct wl_out *o = wl_out_new(unit_cap_open(&c), fmt, hdr, 2, NULL, 0);

	assert_non_null(o);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(wl_out_row(o, NULL, rows[i]), 0);
	assert_int_equal(wl_out_end(o), 0);
	unit_cap_is(&c, want);
}

static void
format_names(void **state)
{
	(void)state;
	assert_int_equal(wl_format_from_name("table"), WL_FMT_TABLE);
	assert_int_equal(wl_format_from_name("tsv"), WL_FMT_TSV);
	assert_int_equal(wl_format_from_name("csv"), WL_FMT_CSV);
	assert_int_equal(wl_format_from_name("jsonl"), WL_FMT_JSONL);
	assert_int_equal(wl_format_from_name("json"), WL_FMT_JSON);
	assert_int_equal(wl_format_from_name("JSON"), -1);
	assert_int_equal(wl_format_from_name("xml"), -1);
	assert_int_equal(wl_format_from_name(""), -1);
}

static void
table_aligned(void **state)
{
	static const char *const rows[][2] = {
		{ "\xc3\xa9", "x" },			/* é: 1 column */
		{ "\xe6\x97\xa5\xe6\x9c\xac", "y" },	/* 日本: 4 */
		{ "abc", "z\x1b[31m" },
		{ NULL, "leeg" },
	};

	(void)state;
	rows_give(WL_FMT_TABLE, rows, 4,
	    "ID    TEXT\n"
	    "\xc3\xa9     x\n"
	    "\xe6\x97\xa5\xe6\x9c\xac  y\n"
	    "abc   z\\e[31m\n"
	    "      leeg\n");
}

static void
table_empty(void **state)
{
	(void)state;
	/* No rows: no header either. */
	rows_give(WL_FMT_TABLE, NULL, 0, "");
}

static void
tsv_escaped(void **state)
{
	static const char *const rows[][2] = {
		{ "a\tb", "line1\nline2\\x\r" },
		{ "\xc3\xa9", NULL },
		{ "=1+1", "\x1b" },
	};

	(void)state;
	rows_give(WL_FMT_TSV, rows, 3,
	    "id\ttext\n"
	    "a\\tb\tline1\\nline2\\\\x\\r\n"
	    "\xc3\xa9\t\n"
	    "=1+1\t\x1b\n");
	rows_give(WL_FMT_TSV, NULL, 0, "id\ttext\n");
}

static void
csv_for_spreadsheets(void **state)
{
	static const char *const rows[][2] = {
		{ "a,b", "say \"hi\"" },
		{ "=SUM(A1:A9)", "plain" },
		{ "+1", "-2" },
		{ "@cmd", "two\nlines" },
		{ "", NULL },
		{ "\xc3\xa9\xc3\xa9n", "cr\r" },
	};

	(void)state;
	rows_give(WL_FMT_CSV, rows, 6,
	    "\xef\xbb\xbfid,text\r\n"
	    "\"a,b\",\"say \"\"hi\"\"\"\r\n"
	    "\"'=SUM(A1:A9)\",plain\r\n"
	    "\"'+1\",\"'-2\"\r\n"
	    "\"'@cmd\",\"two\nlines\"\r\n"
	    ",\r\n"
	    "\xc3\xa9\xc3\xa9n,\"cr\r\"\r\n");
	rows_give(WL_FMT_CSV, NULL, 0, "\xef\xbb\xbfid,text\r\n");
}

/* The records with these ids through fmt; output must be want. */
static void
recs_give(enum wl_format fmt, const char *const *ids, size_t n,
    const char *want)
{
	struct unit_cap c;
	struct wl_out *o = wl_out_new(unit_cap_open(&c), fmt, hdr, 2, jr, 0);

	assert_non_null(o);
	for (size_t i = 0; i < n; i++) {
		const struct wl_rec *r = wl_journal_get(jr, ids[i]);

		assert_non_null(r);
		assert_int_equal(wl_out_row(o, r, NULL), 0);
	}
	assert_int_equal(wl_out_end(o), 0);
	unit_cap_is(&c, want);
}

static void
jsonl_closure(void **state)
{
	static const char *const notes[] = { N1, N2 };
	static const char *const endorsement[] = { E1 };
	static const char *const both[] = { N2, E1, N1 };

	(void)state;
	/* The session first, once; the participant before the note. */
	recs_give(WL_FMT_JSONL, notes, 2, L_S1 L_P1 L_N1 L_N2);
	/* An endorsement brings its person and its advice. */
	recs_give(WL_FMT_JSONL, endorsement, 1, L_S1 L_P1 L_A1 L_E1);
	/* Rows come out in the order of records ("at", then id), not in
	 * the order given. */
	recs_give(WL_FMT_JSONL, both, 3, L_S1 L_P1 L_N1 L_N2 L_A1 L_E1);
	recs_give(WL_FMT_JSONL, NULL, 0, "");
}

static void
jsonl_folded(void **state)
{
	static const char *const amended[] = { N3 };

	(void)state;
	/* The record as it stands now, without the amend. */
	recs_give(WL_FMT_JSONL, amended, 1, L_S1 L_N3_NOW);
}

/* The state json adds to a note (its session's, its author's), and to
 * an advice (its status and endorsements), after the record's fields. */
#define ST_N1 ",\"municipality\":\"Roermond\",\"session_date\":" \
	"\"2026-06-14\",\"by_role\":\"initiator\",\"by_name\":\"Anouk\"}"
#define ST_N2 ",\"municipality\":\"Roermond\",\"session_date\":" \
	"\"2026-06-14\",\"by_role\":null,\"by_name\":null}"
#define ST_A1 ",\"municipality\":\"Roermond\",\"session_date\":" \
	"\"2026-06-14\",\"status\":null,\"status_date\":null," \
	"\"status_note\":null,\"support\":1,\"reservations\":0," \
	"\"objections\":0,\"stale\":0}"

/* A line without its closing brace and newline. */
static const char *
open_line(const char *s, int k)
{
	static char buf[2][512];
	char *b = buf[k];

	snprintf(b, sizeof(buf[0]), "%.*s", (int)strlen(s) - 2, s);
	return b;
}

static void
json_one_array(void **state)
{
	static const char *const notes[] = { N1, N2 };
	char want[4096];

	(void)state;
	snprintf(want, sizeof(want), "[\n%s%s,\n%s%s\n]\n",
	    open_line(L_N1, 0), ST_N1, open_line(L_N2, 1), ST_N2);
	recs_give(WL_FMT_JSON, notes, 2, want);
	recs_give(WL_FMT_JSON, NULL, 0, "[]\n");
}

/* jsonl with WL_OUT_VIEW: json's objects, one a line, no closure; an
 * advice with its counts.  Anonymous: no name, in any field. */
static void
jsonl_view(void **state)
{
	struct unit_cap c;
	struct wl_out *o;
	char want[4096];

	(void)state;
	o = wl_out_new(unit_cap_open(&c), WL_FMT_JSONL, hdr, 2, jr,
	    WL_OUT_VIEW);
	assert_non_null(o);
	assert_int_equal(wl_out_row(o, wl_journal_get(jr, A1), NULL), 0);
	assert_int_equal(wl_out_row(o, wl_journal_get(jr, N1), NULL), 0);
	assert_int_equal(wl_out_end(o), 0);
	snprintf(want, sizeof(want), "%s%s\n%s%s\n", open_line(L_N1, 0),
	    ST_N1, open_line(L_A1, 1), ST_A1);
	unit_cap_is(&c, want);

	o = wl_out_new(unit_cap_open(&c), WL_FMT_JSON, hdr, 2, jr,
	    WL_OUT_ANONYMOUS);
	assert_non_null(o);
	assert_int_equal(wl_out_row(o, wl_journal_get(jr, N1), NULL), 0);
	assert_int_equal(wl_out_end(o), 0);
	snprintf(want, sizeof(want), "[\n%s,\"municipality\":\"Roermond\","
	    "\"session_date\":\"2026-06-14\",\"by_role\":\"initiator\","
	    "\"by_name\":null}\n]\n", open_line(L_N1, 0));
	unit_cap_is(&c, want);
}

static void
write_error_reported(void **state)
{
	static const char *const row[] = { "a", "b" };
	FILE *fp = fopen("/dev/full", "w");
	struct wl_out *o;

	(void)state;
	if (fp == NULL)
		skip();
	o = wl_out_new(fp, WL_FMT_TSV, hdr, 2, NULL, 0);
	assert_non_null(o);
	wl_out_row(o, NULL, row);
	assert_int_equal(wl_out_end(o), -1);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_names),
		cmocka_unit_test(table_aligned),
		cmocka_unit_test(table_empty),
		cmocka_unit_test(tsv_escaped),
		cmocka_unit_test(csv_for_spreadsheets),
		cmocka_unit_test(jsonl_closure),
		cmocka_unit_test(jsonl_folded),
		cmocka_unit_test(json_one_array),
		cmocka_unit_test(jsonl_view),
		cmocka_unit_test(write_error_reported),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
