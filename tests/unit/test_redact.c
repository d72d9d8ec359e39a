/*
 * test_redact.c - erasing a person: which lines change and how, every
 * other line kept byte for byte, the redaction record, leftovers of
 * interrupted rewrites, and a journal left as it was on any failure
 *
 * Linked with -Wl,--wrap=write,--wrap=fsync,--wrap=rename (see the
 * Makefile), so the library's calls come here first and can fail.
 * Journal lines are written with ' for " to keep them readable.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#define S1 "5e55100000000000"
#define P1 "9a71000000000001"	/* the person to erase */
#define P2 "9a72000000000002"
#define N1 "a0be000000000001"
#define N2 "a0be000000000002"
#define N3 "a0be000000000003"
#define N4 "a0be000000000004"
#define A1 "ad71000000000001"
#define E1 "e0d0000000000001"
#define M1 "a3e0000000000001"
#define M2 "a3e0000000000002"
#define M3 "a3e0000000000003"
#define M4 "a3e0000000000004"
#define R1 "4e74000000000001"


/* The journal: lines that change are marked in `changes`. */
static const char *const lines[] = {
	REC(S1, "session") ",'municipality':'Roermond','date':'2026-06-14'}",
	REC(P1, "participant") ",'session':'" S1 "','role':'initiator',"
	    "'name':'Marij Pelzer','org':'De Hamer','consent':true,"
	    "'email':'marij@example.org'}",
	REC(P2, "participant") ",'session':'" S1 "','role':'civil-servant',"
	    "'name':'Jan Smit'}",
	/* non-canonical (spaces, key order): kept byte for byte */
	"{ 'type':'note', 'id':'" N2 "','at':'" AT "','session':'" S1 "',"
	    "'kind':'do','text':'Bellen','by':'" P2 "'}",
	REC(N1, "note") ",'session':'" S1 "','kind':'quote',"
	    "'text':'Mijn tuin','by':'" P1 "','tags':['tuin']}",
	REC(N3, "note") ",'session':'" S1 "','kind':'idea',"
	    "'text':'Later van mij','by':'" P2 "'}",
	REC(N4, "note") ",'session':'" S1 "','kind':'question',"
	    "'text':'Weggehaald'}",
	REC(A1, "advice") ",'session':'" S1 "','perspective':'self',"
	    "'text':'Luister'}",
	REC(E1, "endorsement") ",'ref':'" A1 "','by':'" P1 "',"
	    "'stance':'object','reason':'Omdat ik Marij ben'}",
	REC(M1, "amend") ",'ref':'" P1 "','set':{'org':'Hamer',"
	    "'consent':true,'role':'other'}}",
	REC(M2, "amend") ",'ref':'" N1 "','set':{'text':'Onze tuin'}}",
	REC(M3, "amend") ",'ref':'" N3 "','set':{'by':'" P1 "'}}",
	REC(M4, "amend") ",'ref':'" P1 "','set':{'role':'initiator',"
	    "'name':null}}",
	REC(R1, "retract") ",'ref':'" N3 "'}",
	/* a union merge left the quote twice */
	REC(N1, "note") ",'session':'" S1 "','kind':'quote',"
	    "'text':'Mijn tuin','by':'" P1 "','tags':['tuin']}",
};

/* What the changed lines become (canonical), NULL: unchanged. */
static const char *const after[] = {
	NULL,
	REC(P1, "participant") ",'session':'" S1 "','role':'initiator',"
	    "'name':'[verwijderd]','org':'[verwijderd]','consent':false,"
	    "'email':'[verwijderd]'}",
	NULL,
	NULL,
	REC(N1, "note") ",'session':'" S1 "','kind':'quote',"
	    "'text':'[verwijderd]','by':'" P1 "','tags':['tuin']}",
	/* amended to be by P1, and retracted: erased all the same */
	REC(N3, "note") ",'session':'" S1 "','kind':'idea',"
	    "'text':'[verwijderd]','by':'" P2 "'}",
	NULL,
	NULL,
	REC(E1, "endorsement") ",'ref':'" A1 "','by':'" P1 "',"
	    "'stance':'object','reason':'[verwijderd]'}",
	REC(M1, "amend") ",'ref':'" P1 "','set':{'org':'[verwijderd]',"
	    "'consent':false,'role':'other'}}",
	REC(M2, "amend") ",'ref':'" N1 "','set':{'text':'[verwijderd]'}}",
	NULL,
	NULL,	/* a null says nothing about the person */
	NULL,
	"",	/* the line again: written once, where it was first */
};

#define NLINES (sizeof(lines) / sizeof(*lines))

ssize_t __real_write(int, const void *, size_t);
ssize_t __wrap_write(int, const void *, size_t);
int __real_fsync(int);
int __wrap_fsync(int);
int __real_rename(const char *, const char *);
int __wrap_rename(const char *, const char *);

/* The fault plan: the n-th call from the last reset fails (0: none). */
static struct {
	int write_at, fsync_at, rename_at;
	int writes, fsyncs, renames;
} fault;

ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
	if (++fault.writes == fault.write_at) {
		errno = ENOSPC;
		return -1;
	}
	return __real_write(fd, buf, n);
}

int
__wrap_fsync(int fd)
{
	if (++fault.fsyncs == fault.fsync_at) {
		errno = EIO;
		return -1;
	}
	return __real_fsync(fd);
}

int
__wrap_rename(const char *a, const char *b)
{
	if (++fault.renames == fault.rename_at) {
		errno = EIO;
		return -1;
	}
	return __real_rename(a, b);
}

static char path[160];

static int
setup(void **state)
{
	(void)state;
	setenv("WL_NOW", AT, 1);
	if (unit_mkdir("redact") < 0)
		return -1;
	snprintf(path, sizeof(path), "%s", unit_path("werklab.jsonl"));
	return 0;
}

/* s with ' turned into ", and a '\n' after it, appended to buf. */
static void
add_line(char *buf, const char *s)
{
	size_t o = strlen(buf);

	for (; *s; s++)
		buf[o++] = *s == '\'' ? '"' : *s;
	buf[o++] = '\n';
	buf[o] = '\0';
}

/* Write the test journal (plus extra, raw) to path; its text in orig. */
static void
write_journal(char *orig, const char *extra)
{
	orig[0] = '\0';
	for (size_t i = 0; i < NLINES; i++)
		add_line(orig, lines[i]);
	strcat(orig, extra);
	unit_put(path, orig);
}

/* The file names in unit_dir, sorted, joined by spaces. */
static char *
listing(void)
{
	struct dirent **names;
	int n = scandir(unit_dir, &names, NULL, alphasort);
	char *out = calloc(1, 4096);

	assert_true(n >= 0);
	assert_non_null(out);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			strcat(out, *out ? " " : "");
			strcat(out, names[i]->d_name);
		}
		free(names[i]);
	}
	free(names);
	return out;
}

static struct wl_journal *
load(void)
{
	struct wl_diag d = { NULL, NULL, 0, 0 };
	struct wl_journal *j = unit_load(path, &d);

	assert_int_equal(d.nerrors, 0);
	return j;
}

/* Plan, commit, and return the new journal's text. */
static char *
redact(const char *who, const char *reason, const char *by,
    struct wl_redact_info *info, char *record_id, struct unit_seen *c)
{
	struct wl_diag d = UNIT_DIAG(c);
	struct wl_journal *j = load();
	struct wl_writer *w = wl_writer_open(path, WL_W_NOWAIT, NULL);
	struct wl_redact *rd;
	struct wl_error err;

	assert_non_null(w);
	rd = wl_redact_plan(path, j, wl_journal_get(j, who), reason, by, 0,
	    &err);
	assert_non_null(rd);
	*info = *wl_redact_info(rd);
	strcpy(record_id, wl_field_str(wl_redact_info(rd)->record, "id"));
	assert_int_equal(wl_redact_commit(rd, w, &d, &err), 0);
	wl_writer_close(w);
	wl_redact_free(rd);
	wl_journal_free(j);
	return unit_slurp(path);
}

static void
erases_what_is_theirs(void **state)
{
	static char orig[8192], want[8192], rec[512];
	struct wl_redact_info info;
	struct unit_seen c = { 0 };
	char id[WL_ID_LEN + 1], *got, *list;
	struct wl_journal *j;
	const struct wl_rec *p;

	(void)state;
	write_journal(orig, "");
	got = redact(P1, "verzoek van de bewoner", P2, &info, id, &c);
	want[0] = '\0';
	for (size_t i = 0; i < NLINES; i++)
		if (after[i] == NULL || *after[i] != '\0')
			add_line(want, after[i] ? after[i] : lines[i]);
	snprintf(rec, sizeof(rec), "{'id':'%s','type':'redaction','at':'" AT
	    "','ref':'" P1 "','reason':'verzoek van de bewoner','by':'" P2
	    "'}", id);
	add_line(want, rec);
	assert_string_equal(got, want);
	assert_int_equal(info.participants, 1);
	assert_int_equal(info.notes, 2);	/* N1 (its two lines), N3 */
	assert_int_equal(info.endorsements, 1);
	assert_int_equal(info.amends, 2);
	assert_int_equal(info.torn, 0);
	assert_int_equal(info.already, 0);
	assert_int_equal(unit_count(&c, WL_WARNING), 0);
	assert_null(strstr(got, "Marij"));
	assert_null(strstr(got, "Hamer"));
	assert_null(strstr(got, "tuin'"));
	assert_null(strstr(got, "example.org"));
	list = listing();
	assert_string_equal(list, "werklab.jsonl");
	free(list);
	free(got);

	/* Readers see the redaction; a second one finds nothing to do. */
	j = load();
	p = wl_journal_get(j, P1);
	assert_true(wl_rec_redacted(p));
	assert_false(wl_rec_redacted(wl_journal_get(j, P2)));
	assert_string_equal(wl_rec_str(p, "org"), WL_REDACTED);
	assert_false(wl_rec_bool(p, "consent", 1));
	{
		struct wl_redact *rd = wl_redact_plan(path, j, p, NULL, NULL,
		    0, NULL);

		assert_non_null(rd);
		assert_int_equal(wl_redact_info(rd)->changes, 0);
		assert_int_equal(wl_redact_info(rd)->already, 1);
		assert_null(json_object_get(wl_redact_info(rd)->record, "reason"));
		assert_null(json_object_get(wl_redact_info(rd)->record, "by"));
		wl_redact_free(rd);
	}
	wl_journal_free(j);
}

static void
torn_tail_and_leftovers(void **state)
{
	static char orig[8192];
	const char *torn = unit_path("werklab.jsonl.torn-20260101T000000Z");
	char id[WL_ID_LEN + 1], *got, *list;
	struct wl_redact_info info;
	struct unit_seen c = { 0 };

	(void)state;
	write_journal(orig, "{\"id\":\"a0be000000000009\",\"type\":\"note\","
	    "\"text\":\"Marij zei");
	unit_put(unit_path("werklab.jsonl.new-Ab12Cd"), orig);
	unit_put(torn, "{\"id\"");
	got = redact(P1, NULL, NULL, &info, id, &c);
	assert_int_equal(info.torn, strlen("{\"id\":\"a0be000000000009\","
	    "\"type\":\"note\",\"text\":\"Marij zei"));
	assert_null(strstr(got, "Marij"));
	assert_int_equal(got[strlen(got) - 1], '\n');
	/* the leftover removed, the torn file named in a warning */
	assert_int_equal(unit_count(&c, WL_WARNING), 2);
	list = listing();
	assert_string_equal(list, "werklab.jsonl "
	    "werklab.jsonl.torn-20260101T000000Z");
	free(list);
	free(got);
	unlink(torn);
}

static void
not_a_participant(void **state)
{
	static char orig[8192];
	struct wl_journal *j;
	struct wl_error err;

	(void)state;
	write_journal(orig, "");
	j = load();
	assert_null(wl_redact_plan(path, j, wl_journal_get(j, N1), NULL,
	    NULL, 0, &err));
	assert_string_equal(err.msg, "note " N1 " is not a participant");
	wl_journal_free(j);
}

/* Each failure of the rewrite leaves the journal as it was, alone. */
static void
faults_leave_the_journal(void **state)
{
	static char orig[8192];
	int *at[] = { &fault.write_at, &fault.fsync_at, &fault.rename_at };

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		struct wl_diag d = { NULL, NULL, 0, 0 };
		struct wl_journal *j;
		struct wl_writer *w;
		struct wl_redact *rd;
		struct wl_error err;
		char *got, *list;

		write_journal(orig, "");
		j = load();
		w = wl_writer_open(path, WL_W_NOWAIT, NULL);
		assert_non_null(w);
		rd = wl_redact_plan(path, j, wl_journal_get(j, P1), NULL,
		    NULL, 0, &err);
		assert_non_null(rd);
		memset(&fault, 0, sizeof(fault));
		*at[k] = 1;
		assert_int_equal(wl_redact_commit(rd, w, &d, &err), -1);
		assert_non_null(strstr(err.msg, "it is unchanged"));
		memset(&fault, 0, sizeof(fault));
		wl_writer_close(w);
		wl_redact_free(rd);
		wl_journal_free(j);
		got = unit_slurp(path);
		assert_string_equal(got, orig);
		free(got);
		list = listing();
		assert_string_equal(list, "werklab.jsonl");
		free(list);
	}
}

/* Another writer holds the lock: NOWAIT fails at once. */
static void
refuses_while_locked(void **state)
{
	static char orig[8192];
	struct wl_writer *a, *b;
	struct wl_error err;

	(void)state;
	write_journal(orig, "");
	a = wl_writer_open(path, 0, NULL);
	assert_non_null(a);
	b = wl_writer_open(path, WL_W_NOWAIT, &err);
	assert_null(b);
	assert_non_null(strstr(err.msg, "another writer"));
	wl_writer_close(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(erases_what_is_theirs),
		cmocka_unit_test(torn_tail_and_leftovers),
		cmocka_unit_test(not_a_participant),
		cmocka_unit_test(faults_leave_the_journal),
		cmocka_unit_test(refuses_while_locked),
	};

	return cmocka_run_group_tests(tests, setup, unit_teardown);
}
