/*
 * test_check.c - wl_check: each problem counted and said through the
 * diag sink; wl_check_repair on temporary files: the torn tail aside,
 * duplicates out, every other byte kept, the mode kept, nothing
 * written when there is nothing to mend
 *
 * Journal lines are written with ' for " to keep them readable.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#define S1 "5e55100000000001"
#define P1 "9a71000000000001"
#define A1 "ad71000000000001"
#define N1 "a0be000000000001"

#define SESSION REC(S1, "session") ",'municipality':'Roermond'," \
	"'date':'2026-06-14'}"
#define PERSON REC(P1, "participant") ",'session':'" S1 "'," \
	"'role':'initiator','consent':false}"
#define ADVICE REC(A1, "advice") ",'session':'" S1 "'," \
	"'perspective':'self','text':'Luister','block':3}"
#define NOTE REC(N1, "note") ",'session':'" S1 "','kind':'do'," \
	"'text':'Bel terug','block':2}"
#define CLEAN SESSION "\n" PERSON "\n" ADVICE "\n" NOTE "\n"

static char path[160];

static int
setup(void **state)
{
	(void)state;
	setenv("WL_NOW", AT, 1);
	if (unit_mkdir("check") < 0)
		return -1;
	snprintf(path, sizeof(path), "%s", unit_path("j.jsonl"));
	return 0;
}

/* Write text (' for ") to path, mode 0600, nothing else in the
 * directory. */
static void
put(const char *text)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -f '%s'/*", unit_dir);
	assert_int_equal(system(cmd), 0);
	unit_put(path, unit_q(text));
	assert_int_equal(chmod(path, 0600), 0);
}

/* Check text; it must have exactly one problem, said as "LOC: msg"
 * after the path. */
static void
one(const char *text, int code, const char *want)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_error e;

	put(text);
	assert_int_equal(wl_check(path, &d, &e), 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(d.nerrors, 1);
	assert_int_equal(s.code[0], code);
	unit_said(&s, 0, WL_ERROR, path, want);
}

static void
clean(void **state)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_error e;

	(void)state;
	put(CLEAN);
	assert_int_equal(wl_check(path, &d, &e), 0);
	assert_int_equal(s.n, 0);
	/* Unknown types and fields are no problem. */
	put(CLEAN REC("0000000000000001", "poll") ",'q':'x'}\n");
	assert_int_equal(wl_check(path, &d, &e), 0);
	put("");
	assert_int_equal(wl_check(path, &d, &e), 0);
	assert_int_equal(s.n, 0);
}

static void
each_problem(void **state)
{
	char frag[1024];
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_error e;

	(void)state;
	one(CLEAN "{'type':'note',\n", WL_P_SYNTAX,
	    "5:15: unexpected end of line: incomplete JSON");
	/* A record cut off: a torn fragment (a merge put it there). */
	snprintf(frag, sizeof(frag), "5: a torn fragment of a record (25 "
	    "bytes, cut off as a crashed writer leaves them, here after a "
	    "merge): skipped; 'wl-report check --repair' moves it to "
	    "%s.torn-...", path);
	one(CLEAN "{'id':'0000000000000001',\n", WL_P_TORN, frag);
	one(CLEAN REC("0000000000000001", "note") ",'session':'" S1 "',"
	    "'kind':'do'}\n", WL_P_SYNTAX,
	    "5:1: missing required field 'text' (type note)");
	one(CLEAN REC("0000000000000001", "note") ",'session':'" S1 "',"
	    "'kind':'wish','text':'x'}\n", WL_P_SYNTAX, "5:97: unknown kind "
	    "'wish' (one of: expectation, question, observation, do, dont, "
	    "idea, quote)");
	one(CLEAN REC("0000000000000001", "session") ",'municipality':'V',"
	    "'date':'2026-13-01'}\n", WL_P_SYNTAX,
	    "5:90: 'date' must be a date like 2026-06-14");
	one(CLEAN REC(A1, "note") ",'session':'" S1 "','kind':'do',"
	    "'text':'x'}\n", WL_P_ID_USED,
	    "5:2: id '" A1 "' is already used at line 3");
	one(CLEAN REC("0000000000000001", "note") ",'session':'"
	    "ffffffffffffffff','kind':'do','text':'x'}\n", WL_P_NOREF,
	    "5:68: 'session' names no record 'ffffffffffffffff'");
	one(CLEAN REC("0000000000000001", "endorsement") ",'ref':'" P1 "',"
	    "'by':'" P1 "','stance':'endorse'}\n", WL_P_REFTYPE,
	    "5:75: 'ref' names a record of type participant ('" P1 "'), not "
	    "advice");
	one(CLEAN REC("0000000000000001", "endorsement") ",'ref':'" A1 "',"
	    "'by':'" A1 "','stance':'endorse'}\n", WL_P_REFTYPE,
	    "5:100: 'by' names a record of type advice ('" A1 "'), not "
	    "participant");
	one(CLEAN REC("0000000000000001", "status") ",'ref':'" A1 "',"
	    "'status':'done'}\n", WL_P_STATUS,
	    "5:95: status 'done' does not fit a record of type advice");
	one(CLEAN REC("0000000000000001", "status") ",'ref':'" N1 "',"
	    "'status':'done'}\n", WL_P_REFTYPE,
	    "5:70: 'ref' names a record of type note ('" N1 "'), not advice "
	    "or agreement");
	one(CLEAN REC("0000000000000001", "amend") ",'ref':'" A1 "',"
	    "'set':{'perspective':'everyone'}}\n", WL_P_AMEND,
	    "5:94: amend of a record of type advice: unknown perspective "
	    "'everyone' (one of: self, initiators, organisation, colleagues)");
	one(CLEAN REC("0000000000000001", "note") ",'session':'" S1 "',"
	    "'kind':'do','text':'x','block':4}\n", WL_P_BLOCK,
	    "5:120: block 4 is not in its session (it has blocks 1 to 3)");
	one(CLEAN "\n", WL_P_BLANK,
	    "5: blank line skipped ('wl-report check --repair' drops it)");
	one(CLEAN PERSON "\n", WL_P_REPEAT, "5:2: the same record as line 2 "
	    "again, read once ('wl-report check --repair' drops it)");
	one(CLEAN "{'id':'00", WL_P_TORN, "5: last line is incomplete (9 "
	    "bytes with no newline at the end, as a crashed writer leaves "
	    "them): skipped; 'wl-report check --repair' moves them aside");
	/* Not in canonical form: a warning, and no problem. */
	put(CLEAN "{'type':'note','id':'0000000000000001','at':'" AT "',"
	    "'session':'" S1 "','kind':'do','text':'x'}\n");
	assert_int_equal(wl_check(path, &d, &e), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.code[0], WL_P_FORM);
	unit_said(&s, 0, WL_WARNING, path, "5: not in canonical form "
	    "(compact, keys in order, non-ASCII unescaped)");
}

static void
counts_all(void **state)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_error e;

	(void)state;
	/* Each pass's problems in line order: the lines', the ids used
	 * twice, then those of references. */
	put(CLEAN "\n\n" PERSON "\n" PERSON "\n"
	    REC("0000000000000001", "status") ",'ref':'" A1 "',"
	    "'status':'done'}\n"
	    "{'id':'0000000000000002','type':'note','at':'x'}\n"
	    "{'id':'00");
	assert_int_equal(wl_check(path, &d, &e), 7);
	assert_int_equal(d.nerrors, 7);
	assert_int_equal(s.n, 7);
	assert_int_equal(unit_count(&s, WL_ERROR), 7);
	assert_non_null(strstr(s.text[0], ":5: blank line"));
	assert_non_null(strstr(s.text[1], ":6: blank line"));
	assert_non_null(strstr(s.text[2], ":10:"));
	assert_non_null(strstr(s.text[3], ":11: last line is incomplete"));
	assert_non_null(strstr(s.text[4], ":7:2: the same record as line 2"));
	assert_non_null(strstr(s.text[5], ":8:2: the same record as line 2"));
	assert_non_null(strstr(s.text[6], ":9:95: status 'done'"));
	/* A NULL diag only counts. */
	assert_int_equal(wl_check(path, NULL, &e), 7);
}

static void
cannot_read(void **state)
{
	const char *p = unit_path("nope.jsonl");
	struct wl_error e;

	(void)state;
	assert_int_equal(wl_check(p, NULL, &e), -1);
	assert_string_equal(e.file, p);
	assert_non_null(strstr(e.msg, "cannot open"));
	assert_int_equal(wl_check(unit_dir, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "directory"));
}

/* Files in unit_dir other than j.jsonl, space-separated after the path. */
static const char *
others(void)
{
	static char buf[512];
	DIR *d = opendir(unit_dir);
	struct dirent *de;

	assert_non_null(d);
	buf[0] = '\0';
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' && strcmp(de->d_name, "j.jsonl")) {
			strcat(buf, " ");
			strcat(buf, de->d_name);
		}
	closedir(d);
	return buf;
}

static int
repair(struct wl_repair *done)
{
	struct wl_error e;
	struct wl_writer *w = wl_writer_open(path, WL_W_NOWAIT, &e);
	int rc;

	if (w == NULL)
		fail_msg("wl_writer_open: %s", e.msg);
	rc = wl_check_repair(w, path, done, &e);
	wl_writer_close(w);
	return rc;
}

static void
repair_mends(void **state)
{
	struct wl_repair done;
	struct stat st;
	char torn[200];

	(void)state;
	/* A bad line stays; blank lines and repeats go (of a record, of
	 * a bad line). */
	put(SESSION "\n" PERSON "\n" PERSON "\n\n" ADVICE "\n\n"
	    "{'id': 'x'}\n" SESSION "\n{'id': 'x'}\n" NOTE "\n"
	    "{'id':'0000000000000009','type':'no");
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(repair(&done), 0);
	assert_int_equal(done.dropped, 3);
	assert_int_equal(done.blank, 2);
	assert_int_equal(done.torn, 35);
	snprintf(torn, sizeof(torn), "%s.torn-20260614T093000Z", path);
	assert_string_equal(done.tornfile, torn);
	free(done.tornfile);
	unit_file_is(path, unit_q(SESSION "\n" PERSON "\n" ADVICE
	    "\n{'id': 'x'}\n" NOTE "\n"));
	unit_file_is(torn, unit_q("{'id':'0000000000000009','type':'no"));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(stat(torn, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* No temporary file left: only the torn one. */
	assert_string_equal(others(), " j.jsonl.torn-20260614T093000Z");
}

static void
repair_nothing_to_do(void **state)
{
	struct wl_repair done;
	struct stat a, b;

	(void)state;
	put(CLEAN "{'id': 'x'}\n");
	assert_int_equal(stat(path, &a), 0);
	assert_int_equal(repair(&done), 0);
	assert_int_equal(done.dropped, 0);
	assert_int_equal(done.torn, 0);
	assert_null(done.tornfile);
	assert_int_equal(stat(path, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_string_equal(others(), "");
	/* Only a torn tail: moved aside, and nothing else changes. */
	put(CLEAN "{'id'");
	assert_int_equal(repair(&done), 0);
	assert_int_equal(done.dropped, 0);
	assert_int_equal(done.torn, 5);
	free(done.tornfile);
	unit_file_is(path, unit_q(CLEAN));
	/* Only torn bytes, no line at all. */
	put("{'id'");
	assert_int_equal(repair(&done), 0);
	assert_int_equal(done.torn, 5);
	free(done.tornfile);
	unit_file_is(path, "");
}

static void
repair_then_clean(void **state)
{
	struct wl_repair done;
	struct wl_error e;

	(void)state;
	put(CLEAN NOTE "\n" SESSION "\n{'id'");
	assert_int_equal(wl_check(path, NULL, &e), 3);
	assert_int_equal(repair(&done), 0);
	free(done.tornfile);
	assert_int_equal(wl_check(path, NULL, &e), 0);
	unit_file_is(path, unit_q(CLEAN));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean),
		cmocka_unit_test(each_problem),
		cmocka_unit_test(counts_all),
		cmocka_unit_test(cannot_read),
		cmocka_unit_test(repair_mends),
		cmocka_unit_test(repair_nothing_to_do),
		cmocka_unit_test(repair_then_clean),
	};

	return cmocka_run_group_tests(tests, setup, unit_teardown);
}
