/*
 * test_scan.c - the scanner vouches only for what jansson accepts and
 * writes back byte for byte
 *
 * For every line of a corpus (the examples, the fuzz corpus, hand-made
 * lines) and for thousands of one-byte mutations of them: when
 * wl_scan_line says yes, wl_line_parse accepts the line,
 * wl_line_encode gives the same bytes back, and what the scanner
 * read out equals the record's fields.  When it says "don't know" the
 * caller uses wl_line_parse, so there is nothing else to agree on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "scan.h"

#define ID1 "0123456789abcdef"
#define ID2 "fedcba9876543210"
#define AT "2026-06-14T09:30:00Z"
#define HEAD "{\"id\":\"" ID1 "\",\"type\":\"note\",\"at\":\"" AT "\","
#define NOTE HEAD "\"session\":\"" ID2 "\",\"kind\":\"do\",\"text\":"

static size_t nvouched, nlines;

static void
same_ref(const struct wl_scan *sc, int i, const json_t *rec,
    const char *field)
{
	const char *v = wl_field_str(rec, field);

	if (sc->ref[i] == NULL) {
		/* The scanner reads owner only as a field of its type. */
		assert_true(v == NULL);
		return;
	}
	assert_non_null(v);
	assert_int_equal(strlen(v) == sc->reflen[i] &&
	    memcmp(v, sc->ref[i], sc->reflen[i]) == 0, 1);
}

/* The scanner's answer for line must be sound. */
static void
check_line(const char *line, size_t len)
{
	struct wl_scan sc;
	struct wl_error e;
	json_t *rec;
	char *enc;
	size_t n;
	int yes = wl_scan_line(line, len, &sc);

	nlines++;
	if (!yes)
		return;
	nvouched++;
	rec = wl_line_parse(line, len, &e);
	if (rec == NULL)
		fail_msg("vouched for a line jansson refuses (%s): %.*s",
		    e.msg, (int)len, line);
	enc = wl_line_encode(rec, &n);
	if (n != len + 1 || memcmp(enc, line, len) != 0)
		fail_msg("vouched for a line not canonical: %.*s", (int)len,
		    line);
	assert_int_equal(sc.type, wl_type_of(rec));
	assert_memory_equal(sc.id, wl_field_str(rec, "id"), WL_ID_LEN);
	same_ref(&sc, WL_SCAN_SESSION, rec, "session");
	same_ref(&sc, WL_SCAN_BY, rec, "by");
	same_ref(&sc, WL_SCAN_REF, rec, "ref");
	if (sc.ref[WL_SCAN_OWNER] != NULL)
		same_ref(&sc, WL_SCAN_OWNER, rec, "owner");
	assert_int_equal(sc.block, wl_field_int(rec, "block", 0));
	if (sc.type == WL_NOTE || sc.type == WL_STATUS) {
		const char *f = sc.type == WL_NOTE ? "kind" : "status";

		assert_true(sc.val > 0);
		assert_string_equal(wl_schema_enum(sc.type, f)[sc.val - 1],
		    wl_field_str(rec, f));
	}
	free(enc);
	json_decref(rec);
}

static void
corpus_files(void **state)
{
	(void)state;
	nvouched = nlines = 0;
	unit_corpus(check_line, 40);
	/* The examples are written by the tools: canonical. */
	assert_true(nvouched > 100);
	print_message("# %zu of %zu lines vouched for\n", nvouched, nlines);
}

static void
vouches(const char *line)
{
	struct wl_scan sc;

	if (!wl_scan_line(line, strlen(line), &sc))
		fail_msg("does not vouch for %s", line);
	check_line(line, strlen(line));
}

static void
declines(const char *line, size_t len)
{
	struct wl_scan sc;

	if (wl_scan_line(line, len, &sc))
		fail_msg("vouches for %.*s", (int)len, line);
	unit_mutations(line, len, check_line);
}

#define DECLINES(s) declines(s, sizeof(s) - 1)

static void
hand_made(void **state)
{
	(void)state;
	vouches(NOTE "\"x\"}");
	vouches(NOTE "\"tab\\there \\\"q\\\" \\\\ \\u001F \\u0001 é\","
	    "\"block\":2,\"by\":\"" ID1 "\",\"tags\":[\"a\",\"b c\"]}");
	vouches(NOTE "\"x\",\"tags\":[]}");
	vouches("{\"id\":\"" ID1 "\",\"type\":\"agreement\",\"at\":\"" AT
	    "\",\"session\":\"" ID2 "\",\"text\":\"t\",\"owner\":\"Els\","
	    "\"due\":\"2026-02-28\"}");
	vouches("{\"id\":\"" ID1 "\",\"type\":\"session\",\"at\":\"" AT
	    "\",\"municipality\":\"M\",\"date\":\"2024-02-29\","
	    "\"pilot\":123456789012345678}");
	vouches("{\"id\":\"" ID1 "\",\"type\":\"participant\",\"at\":\"" AT
	    "\",\"session\":\"" ID2 "\",\"role\":\"other\",\"consent\":true}");
	vouches("{\"id\":\"" ID1 "\",\"type\":\"status\",\"at\":\"" AT
	    "\",\"ref\":\"" ID2 "\",\"status\":\"done\"}");

	DECLINES(NOTE "\"x\"} ");			/* spacing */
	DECLINES(NOTE " \"x\"}");
	DECLINES(HEAD "\"kind\":\"do\",\"session\":\"" ID2 "\","
	    "\"text\":\"x\"}");				/* key order */
	DECLINES(NOTE "\"x\",\"zz\":1}");		/* unknown field */
	DECLINES(NOTE "\"x\",\"text\":\"y\"}");		/* duplicate key */
	DECLINES(NOTE "\"a\\/b\"}");			/* escapes */
	DECLINES(NOTE "\"\\u00e9\"}");
	DECLINES(NOTE "\"\\u001f\"}");
	DECLINES(NOTE "\"\\u0009\"}");
	DECLINES(NOTE "\"\\u0000\"}");
	DECLINES(NOTE "\"x\",\"block\":1.0}");		/* reals, ints */
	DECLINES(NOTE "\"x\",\"block\":1e2}");
	DECLINES(NOTE "\"x\",\"block\":-0}");
	DECLINES(NOTE "\"x\",\"block\":0}");
	DECLINES(NOTE "\"x\",\"block\":01}");
	DECLINES(NOTE "\"x\",\"block\":99999999999999999999999}");
	DECLINES(NOTE "\"x\"}\r");			/* CR LF */
	DECLINES("\xef\xbb\xbf" NOTE "\"x\"}");		/* BOM */
	DECLINES(NOTE "\"\xc3\x28\"}");			/* bad UTF-8 */
	DECLINES(NOTE "\"\xed\xa0\x80\"}");		/* surrogate */
	DECLINES(NOTE "\"\xc0\xaf\"}");			/* overlong */
	DECLINES(NOTE "\"a\0b\"}");			/* NUL */
	DECLINES(NOTE "\" \\t\\n \"}");			/* blank text */
	DECLINES(NOTE "\"x\",\"tags\":[\"\"]}");
	DECLINES(NOTE "\"x\",\"tags\":[[\"a\"]]}");	/* nesting */
	DECLINES(NOTE "\"x\",\"tags\":[{\"a\":1}]}");
	DECLINES(HEAD "\"session\":\"" ID2 "\",\"kind\":\"doo\","
	    "\"text\":\"x\"}");				/* enum */
	DECLINES(HEAD "\"session\":\"" ID2 "\",\"text\":\"x\"}");
	DECLINES("{\"id\":\"" ID1 "\",\"type\":\"thing\",\"at\":\"" AT
	    "\"}");					/* unknown type */
	DECLINES("{\"id\":\"" ID1 "\",\"type\":\"session\",\"at\":\"" AT
	    "\",\"municipality\":\"M\",\"date\":\"2023-02-29\"}");
	DECLINES("{\"id\":\"" ID1 "\",\"type\":\"amend\",\"at\":\"" AT
	    "\",\"ref\":\"" ID2 "\",\"set\":{\"text\":\"x\"}}");
	DECLINES(NOTE "\"x\"");				/* torn */
	DECLINES("[1]");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_made),
		cmocka_unit_test(corpus_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
