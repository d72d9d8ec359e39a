/*
 * test_diff.c - two copies of a journal compared on id: the count of
 * differences and the exact text and jsonl written
 *
 * Journal lines are written with ' for " to keep them readable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S1 "5e55100000000001"
#define N1 "a0be000000000001"
#define N2 "a0be000000000002"
#define N3 "a0be000000000003"
#define N4 "a0be000000000004"

#define REC(id, type) "{'id':'" id "','type':'" type "'," \
	"'at':'2026-06-14T09:30:00Z'"
#define SESSION REC(S1, "session") ",'municipality':'Roermond'," \
	"'date':'2026-06-14'}"
#define NOTE(id, text) REC(id, "note") ",'session':'" S1 "'," \
	"'kind':'do','text':'" text "'}"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/wl-diff-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write the lines (' for ") to dir/name and load it. */
static struct wl_journal *
load(const char *name, const char *const *lines, size_t n)
{
	char path[160];
	const char *p = path;
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_journal *j;
	struct wl_error e;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	for (size_t i = 0; i < n; i++) {
		for (const char *c = lines[i]; *c; c++)
			fputc(*c == '\'' ? '"' : *c, fp);
		fputc('\n', fp);
	}
	assert_int_equal(fclose(fp), 0);
	if ((j = wl_journal_load(&p, 1, &d, &e)) == NULL)
		fail_msg("cannot load: %s", e.msg);
	assert_int_equal(d.nerrors, 0);
	return j;
}

#define LOAD(name, lines) load(name, lines, sizeof(lines) / sizeof(*lines))

static char out[4096];

/* Diff old and new into out; the count. */
static long
diff(const struct wl_journal *old, const struct wl_journal *new, int jsonl)
{
	FILE *fp = tmpfile();
	size_t n;
	long k;

	assert_non_null(fp);
	k = wl_diff_write(fp, old, new, jsonl);
	rewind(fp);
	n = fread(out, 1, sizeof(out) - 1, fp);
	out[n] = '\0';
	fclose(fp);
	return k;
}

/* s with ' for ". */
static const char *
q(const char *s)
{
	static char buf[4096];
	size_t i;

	for (i = 0; s[i] && i < sizeof(buf) - 1; i++)
		buf[i] = s[i] == '\'' ? '"' : s[i];
	buf[i] = '\0';
	return buf;
}

static const char *const base[] = {
	SESSION,
	NOTE(N1, "een"),
	NOTE(N2, "twee"),
	NOTE(N3, "drie"),
};

static void
same(void **state)
{
	static const char *const reordered[] = {
		NOTE(N3, "drie"), NOTE(N1, "een"), SESSION, NOTE(N2, "twee"),
	};
	struct wl_journal *a = LOAD("a", base), *b = LOAD("b", base);
	struct wl_journal *c = LOAD("c", reordered);

	(void)state;
	assert_int_equal(diff(a, b, 0), 0);
	assert_string_equal(out, "");
	assert_int_equal(diff(a, b, 1), 0);
	assert_string_equal(out, "");
	assert_int_equal(diff(a, c, 0), 0);
	assert_string_equal(out, "");
	assert_int_equal(diff(c, a, 1), 0);
	assert_string_equal(out, "");
	wl_journal_free(a);
	wl_journal_free(b);
	wl_journal_free(c);
}

static void
added_and_removed(void **state)
{
	static const char *const more[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "twee"), NOTE(N3, "drie"),
		NOTE(N4, "vier"),
		REC("a3e0000000000001", "amend") ",'ref':'" N1 "',"
		    "'set':{'text':'één'}}",
	};
	static const char *const other[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "twee"), NOTE(N4, "vier"),
	};
	struct wl_journal *a = LOAD("a", base), *b = LOAD("b", more);
	struct wl_journal *c = LOAD("c", other);

	(void)state;
	/* Appends on one side: each a "+ line", the amend too. */
	assert_int_equal(diff(a, b, 0), 2);
	assert_string_equal(out, q("+ " NOTE(N4, "vier") "\n"
	    "+ " REC("a3e0000000000001", "amend") ",'ref':'" N1 "',"
	    "'set':{'text':'één'}}\n"));
	assert_int_equal(diff(b, a, 0), 2);
	assert_string_equal(out, q("- " NOTE(N4, "vier") "\n"
	    "- " REC("a3e0000000000001", "amend") ",'ref':'" N1 "',"
	    "'set':{'text':'één'}}\n"));
	/* A record on each side: removed first, then added. */
	assert_int_equal(diff(a, c, 0), 2);
	assert_string_equal(out, q("- " NOTE(N3, "drie") "\n"
	    "+ " NOTE(N4, "vier") "\n"));
	assert_int_equal(diff(a, c, 1), 2);
	assert_string_equal(out, q(
	    "{'op':'remove','record':" NOTE(N3, "drie") "}\n"
	    "{'op':'add','record':" NOTE(N4, "vier") "}\n"));
	wl_journal_free(a);
	wl_journal_free(b);
	wl_journal_free(c);
}

static void
changed(void **state)
{
	static const char *const before[] = {
		SESSION,
		NOTE(N1, "een"),
		REC(N2, "note") ",'session':'" S1 "','kind':'do',"
		    "'text':'twee','block':2}",
		NOTE(N3, "drie"),
	};
	static const char *const edited[] = {
		SESSION,
		NOTE(N1, "één"),
		REC(N2, "note") ",'session':'" S1 "','kind':'dont',"
		    "'text':'twee','tags':['x'],'extra':{'a':1}}",
		NOTE(N3, "drie"),
	};
	struct wl_journal *a = LOAD("a", before), *b = LOAD("b", edited);

	(void)state;
	assert_int_equal(diff(a, b, 0), 2);
	assert_string_equal(out, q(
	    "~ note " N1 "\n"
	    "    text: 'een' \xe2\x86\x92 'één'\n"
	    "~ note " N2 "\n"
	    "    kind: 'do' \xe2\x86\x92 'dont'\n"
	    "    block: 2 \xe2\x86\x92 (absent)\n"
	    "    tags: (absent) \xe2\x86\x92 ['x']\n"
	    "    extra: (absent) \xe2\x86\x92 {'a':1}\n"));
	assert_int_equal(diff(a, b, 1), 2);
	assert_string_equal(out, q(
	    "{'op':'change','id':'" N1 "','type':'note','fields':"
	    "{'text':{'old':'een','new':'één'}}}\n"
	    "{'op':'change','id':'" N2 "','type':'note','fields':"
	    "{'kind':{'old':'do','new':'dont'},'block':{'old':2},"
	    "'tags':{'new':['x']},'extra':{'new':{'a':1}}}}\n"));
	wl_journal_free(a);
	wl_journal_free(b);
}

static void
order_of_operations(void **state)
{
	/* Removes first (in old's order), then adds and changes in
	 * new's order. */
	static const char *const old[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "twee"), NOTE(N3, "drie"),
	};
	static const char *const new[] = {
		SESSION, NOTE(N4, "vier"), NOTE(N3, "DRIE"),
	};
	struct wl_journal *a = LOAD("a", old), *b = LOAD("b", new);

	(void)state;
	assert_int_equal(diff(a, b, 1), 4);
	assert_string_equal(out, q(
	    "{'op':'remove','record':" NOTE(N1, "een") "}\n"
	    "{'op':'remove','record':" NOTE(N2, "twee") "}\n"
	    "{'op':'add','record':" NOTE(N4, "vier") "}\n"
	    "{'op':'change','id':'" N3 "','type':'note','fields':"
	    "{'text':{'old':'drie','new':'DRIE'}}}\n"));
	wl_journal_free(a);
	wl_journal_free(b);
}

static void
write_error(void **state)
{
	static const char *const more[] = {
		SESSION, NOTE(N1, "een"), NOTE(N2, "twee"), NOTE(N3, "drie"),
		NOTE(N4, "vier"),
	};
	struct wl_journal *a = LOAD("a", base), *b = LOAD("b", more);
	FILE *fp = fopen("/dev/full", "w");

	(void)state;
	if (fp == NULL)
		skip();
	assert_int_equal(wl_diff_write(fp, a, b, 0), -1);
	fclose(fp);
	wl_journal_free(a);
	wl_journal_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same),
		cmocka_unit_test(added_and_removed),
		cmocka_unit_test(changed),
		cmocka_unit_test(order_of_operations),
		cmocka_unit_test(write_error),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
