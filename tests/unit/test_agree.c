/*
 * test_agree.c - readers, check, the fast list and the writers keep the
 * journal's rules together (tests/fuzz/agree.c says how): on every
 * journal of the corpus, on its mutations (a line dropped, doubled,
 * moved, re-spaced or changed byte by byte), on random journals made to
 * trip every rule, and, for the writers, on records imported into them.
 * The bugs a review found are here by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "agree.h"

static size_t njournals, nimports;

/* Both agreements hold for data, or the test fails saying why. */
static void
holds(const char *data, size_t size)
{
	char why[4096];

	njournals++;
	if (agree_readers(data, size, why, sizeof(why)) < 0)
		fail_msg("%s\n-- in the journal:\n%.*s", why, (int)size, data);
	if (agree_writers(data, size, why, sizeof(why)) < 0)
		fail_msg("%s\n-- in the journal and import:\n%.*s", why,
		    (int)size, data);
	nimports++;
}

/* A growing text. */
struct text {
	char *p;
	size_t n, cap;
};

static void
add(struct text *t, const char *s, size_t n)
{
	if (t->n + n + 1 > t->cap) {
		t->cap = (t->n + n + 1) * 2;
		t->p = realloc(t->p, t->cap);
		assert_non_null(t->p);
	}
	memcpy(t->p + t->n, s, n);
	t->n += n;
	t->p[t->n] = '\0';
}

static void
adds(struct text *t, const char *s)
{
	add(t, s, strlen(s));
}

/* The lines of a text: starts and lengths (without '\n'). */
struct lines {
	const char *p[4096];
	size_t len[4096];
	size_t n;
	int torn;		/* the last has no '\n' */
};

static void
split(const char *s, size_t size, struct lines *l)
{
	const char *end = s + size, *nl;

	l->n = 0;
	l->torn = 0;
	for (; s < end && l->n < 4096; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL) {
			nl = end;
			l->torn = 1;
		}
		l->p[l->n] = s;
		l->len[l->n++] = (size_t)(nl - s);
	}
}

/* The journal of lines with line i as (rep, rn), or dropped (rep NULL
 * and rn 0), or given twice (rep NULL and rn 1); every unit_stride()-th
 * of them (make memcheck tries fewer). */
static void
with(const struct lines *l, size_t i, const char *rep, size_t rn)
{
	static size_t calls;
	struct text t = { 0 };

	if (calls++ % unit_stride() != 0)
		return;

	for (size_t k = 0; k < l->n; k++) {
		if (k != i)
			add(&t, l->p[k], l->len[k]);
		else if (rep != NULL)
			add(&t, rep, rn);
		else if (rn == 1) {
			add(&t, l->p[k], l->len[k]);
			adds(&t, "\n");
			add(&t, l->p[k], l->len[k]);
		} else
			continue;
		if (k + 1 < l->n || !l->torn)
			adds(&t, "\n");
	}
	holds(t.p ? t.p : "", t.n);
	free(t.p);
}

/* A journal file, and it changed line by line. */
static void
journal_and_mutations(const char *data, size_t size, int bytes)
{
	static const char subst[] = "\"\\ 0x{}[],:\x80" "1-eAu";
	struct lines *l = malloc(sizeof(*l));
	char *m;

	assert_non_null(l);
	holds(data, size);
	split(data, size, l);
	for (size_t i = 0; i < l->n; i++) {
		with(l, i, NULL, 0);		/* dropped */
		with(l, i, NULL, 1);		/* twice */
		if (i + 1 < l->n) {		/* moved after the next */
			struct text t = { 0 };

			for (size_t k = 0; k < l->n; k++) {
				size_t w = k == i ? i + 1 : k == i + 1 ? i : k;

				add(&t, l->p[w], l->len[w]);
				adds(&t, "\n");
			}
			holds(t.p, t.n);
			free(t.p);
		}
		/* re-spaced: a blank after the first comma */
		if ((m = memchr(l->p[i], ',', l->len[i])) != NULL) {
			struct text t = { 0 };
			size_t at = (size_t)(m - l->p[i]) + 1;

			add(&t, l->p[i], at);
			adds(&t, " ");
			add(&t, l->p[i] + at, l->len[i] - at);
			with(l, i, t.p, t.n);
			free(t.p);
		}
		if (!bytes || i >= 3)
			continue;	/* bytes changed: the first lines */
		m = malloc(l->len[i] + 1);
		assert_non_null(m);
		for (size_t b = 0; b < l->len[i]; b += 1 + b / 2)
			for (const char *s = subst; *s; s++) {
				memcpy(m, l->p[i], l->len[i]);
				m[b] = *s;
				with(l, i, m, l->len[i]);
			}
		free(m);
	}
	free(l);
}

static void
each_corpus_file(const char *dir, int bytes)
{
	const char *src = getenv("WL_SRC");
	char path[4096], cmd[4200];
	FILE *ls;

	snprintf(cmd, sizeof(cmd), "ls %s/%s/*.jsonl", src ? src : ".", dir);
	ls = popen(cmd, "r");
	assert_non_null(ls);
	while (fgets(path, sizeof(path), ls) != NULL) {
		char *data;

		path[strcspn(path, "\n")] = '\0';
		data = unit_slurp(path);
		/* Big files whole only: their lines are in small ones. */
		if (strlen(data) > 20000)
			holds(data, strlen(data));
		else
			journal_and_mutations(data, strlen(data), bytes);
		free(data);
	}
	pclose(ls);
}

static void
corpus(void **state)
{
	(void)state;
	njournals = 0;
	each_corpus_file("tests/fuzz/corpus", 1);
	each_corpus_file("tests/data/compare", 0);
	print_message("# %zu journals read four ways\n", njournals);
}

/* --- random journals -------------------------------------------------- */

static unsigned long long rng = 88172645463325252ull;

static unsigned
pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A few ids, so that references hit and miss. */
static const char *
id(void)
{
	static char buf[8][17];
	static int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "%016x", 0xa0 + pick(12));
	return buf[k];
}

static const char *
one_of(const char *const *v, size_t n)
{
	return v[pick((unsigned)n)];
}

#define ONE_OF(v) one_of(v, sizeof(v) / sizeof(*v))

/* A value for an amend's set: of the right kind or not. */
static void
value(struct text *t)
{
	static const char *const v[] = { "\"x\"", "null", "3", "0", "9",
		"true", "[\"a\"]", "[{\"n\":1,\"title\":\"A\"}]",
		("[{\"n\":1,\"title\":\"A\"},{\"n\":2,\"title\":\"B\"},"
		"{\"n\":3,\"title\":\"C\"},{\"n\":4,\"title\":\"D\"}]"),
		"\"do\"", "\"adopted\"", "\"2026-06-14\"", "\"self\"" };
	char buf[64];

	if (pick(4) == 0) {
		snprintf(buf, sizeof(buf), "\"%s\"", id());
		adds(t, buf);
	} else
		adds(t, ONE_OF(v));
}

/* One random record, of any type, with references that may fit. */
static void
record(struct text *t)
{
	static const char *const types[] = { "session", "participant",
		"note", "advice", "endorsement", "agreement", "status",
		"amend", "retract", "redaction", "poll" };
	static const char *const fields[] = { "text", "block", "blocks",
		"kind", "status", "by", "perspective", "tags", "note", "due",
		"consent", "name", "date" };
	static const char *const statuses[] = { "presented", "adopted",
		"done", "dropped" };
	const char *type = ONE_OF(types);
	char buf[512];

	snprintf(buf, sizeof(buf), "{\"id\":\"%s\",\"type\":\"%s\","
	    "\"at\":\"2026-06-14T09:30:00Z\"", id(), type);
	adds(t, buf);
	if (strcmp(type, "session") == 0) {
		adds(t, ",\"municipality\":\"M\",\"date\":\"2026-06-14\"");
		if (pick(3) == 0)
			adds(t, ",\"blocks\":[{\"n\":1,\"title\":\"A\"},"
			    "{\"n\":2,\"title\":\"B\"}]");
	} else if (strcmp(type, "participant") == 0) {
		snprintf(buf, sizeof(buf), ",\"session\":\"%s\",\"role\":"
		    "\"initiator\"", id());
		adds(t, buf);
	} else if (strcmp(type, "note") == 0 || strcmp(type, "advice") == 0) {
		snprintf(buf, sizeof(buf), ",\"session\":\"%s\",\"%s\":\"%s\","
		    "\"text\":\"t\"", id(), type[0] == 'n' ? "kind" :
		    "perspective", type[0] == 'n' ? "do" : "self");
		adds(t, buf);
		if (pick(2)) {
			snprintf(buf, sizeof(buf), ",\"block\":%u",
			    1 + pick(4));
			adds(t, buf);
		}
		if (type[0] == 'n' && pick(3) == 0) {
			snprintf(buf, sizeof(buf), ",\"by\":\"%s\"", id());
			adds(t, buf);
		}
	} else if (strcmp(type, "endorsement") == 0) {
		snprintf(buf, sizeof(buf), ",\"ref\":\"%s\",\"by\":\"%s\","
		    "\"stance\":\"endorse\"", id(), id());
		adds(t, buf);
	} else if (strcmp(type, "agreement") == 0) {
		snprintf(buf, sizeof(buf), ",\"session\":\"%s\",\"text\":\"t\"",
		    id());
		adds(t, buf);
		if (pick(2)) {
			snprintf(buf, sizeof(buf), ",\"ref\":\"%s\"", id());
			adds(t, buf);
		}
	} else if (strcmp(type, "status") == 0) {
		snprintf(buf, sizeof(buf), ",\"ref\":\"%s\",\"status\":\"%s\"",
		    id(), ONE_OF(statuses));
		adds(t, buf);
		/* Its day: the day of its "at", or one later (a problem). */
		if (pick(3) == 0)
			adds(t, pick(2) ? ",\"date\":\"2026-06-14\"" :
			    ",\"date\":\"2026-06-15\"");
	} else if (strcmp(type, "amend") == 0) {
		snprintf(buf, sizeof(buf), ",\"ref\":\"%s\",\"set\":{", id());
		adds(t, buf);
		for (unsigned k = 0, n = 1 + pick(2); k < n; k++) {
			snprintf(buf, sizeof(buf), "%s\"%s\":", k ? "," : "",
			    ONE_OF(fields));
			adds(t, buf);
			value(t);
		}
		adds(t, "}");
		/* A minor amend: the rules say what it may set. */
		if (pick(4) == 0)
			adds(t, pick(3) ? ",\"minor\":true" : ",\"minor\":false");
	} else if (strcmp(type, "retract") == 0 ||
	    strcmp(type, "redaction") == 0) {
		snprintf(buf, sizeof(buf), ",\"ref\":\"%s\"", id());
		adds(t, buf);
	}
	adds(t, "}");
}

/* A group header announcing n records (rules.h), and now and then a
 * line that is almost one. */
static void
group(struct text *t, unsigned n)
{
	char buf[160];

	snprintf(buf, sizeof(buf), "{\"id\":\"%s\",\"type\":\"group\",\"at\":"
	    "\"2026-06-14T09:30:00Z\",\"n\":%u,\"key\":\"00000000000000ff\"}%s\n",
	    id(), pick(10) == 0 ? 1 : n, pick(15) == 0 ? " " : "");
	adds(t, buf);
}

/* Journals of a few records each: every rule met and broken. */
static void
random_journals(void **state)
{
	struct text t = { 0 };
	int n = 3000 / (int)unit_stride();

	(void)state;
	njournals = 0;
	for (int k = 0; k < n; k++) {
		unsigned lines = 2 + pick(14);

		t.n = 0;
		/* A session to hang things on, mostly. */
		if (pick(4) != 0)
			adds(&t, "{\"id\":\"00000000000000a0\",\"type\":"
			    "\"session\",\"at\":\"2026-06-14T09:30:00Z\","
			    "\"municipality\":\"M\",\"date\":\"2026-06-14\"}\n");
		for (unsigned i = 0; i < lines; i++) {
			if (pick(40) == 0)
				adds(&t, "\n");
			if (pick(12) == 0)
				group(&t, 2 + pick(4));
			record(&t);
			adds(&t, "\n");
		}
		/* A batch cut short: whole, or torn (then it is skipped
		 * from its header on), or short by lines but not torn. */
		if (pick(6) == 0) {
			unsigned gn = 2 + pick(4), gk = pick(gn + 1);

			group(&t, gn);
			for (unsigned i = 0; i < gk; i++) {
				record(&t);
				adds(&t, "\n");
			}
			if (pick(3) != 0)
				record(&t);	/* its '\n' never written */
		} else if (pick(10) == 0)
			adds(&t, "{\"id\":\"00");
		holds(t.p, t.n);
	}
	free(t.p);
	print_message("# %zu random journals read four ways\n", njournals);
}

/*
 * Journals of retracts of retracts: chains of any length up to past
 * WL_CHAIN_MAX, loops, and retracts of notes, of a session and of an
 * amend that takes a block from the session, in any order.
 */
static void
chain_journals(void **state)
{
	static const char *const targets[] = { "00000000000000a0",
		"00000000000000a1", "00000000000000a2", "00000000000000a3" };
	struct text t = { 0 };
	char line[256];
	int n = 3000 / (int)unit_stride();

	(void)state;
	njournals = 0;
	for (int k = 0; k < n; k++) {
		unsigned nret = 1 + pick(k % 3 == 0 ? 12 : 5), order[12];

		t.n = 0;
		adds(&t, "{\"id\":\"00000000000000a0\",\"type\":\"session\","
		    "\"at\":\"2026-06-14T09:30:00Z\",\"municipality\":\"M\","
		    "\"date\":\"2026-06-14\"}\n"
		    "{\"id\":\"00000000000000a1\",\"type\":\"note\",\"at\":"
		    "\"2026-06-14T09:30:00Z\",\"session\":\"00000000000000a0\","
		    "\"kind\":\"do\",\"text\":\"t\",\"block\":3}\n"
		    "{\"id\":\"00000000000000a3\",\"type\":\"note\",\"at\":"
		    "\"2026-06-14T09:30:00Z\",\"session\":\"00000000000000a0\","
		    "\"kind\":\"do\",\"text\":\"u\"}\n");
		if (pick(2))
			adds(&t, "{\"id\":\"00000000000000a2\",\"type\":"
			    "\"amend\",\"at\":\"2026-06-14T09:30:00Z\","
			    "\"ref\":\"00000000000000a0\",\"set\":{\"blocks\":"
			    "[{\"n\":1,\"title\":\"A\"}]}}\n");
		for (unsigned i = 0; i < nret; i++)
			order[i] = i;
		for (unsigned i = nret; i > 1; i--) {
			unsigned j = pick(i), x = order[i - 1];

			order[i - 1] = order[j];
			order[j] = x;
		}
		for (unsigned i = 0; i < nret; i++) {
			unsigned r = order[i], p = pick(8);
			char ref[17];

			/* Mostly the retract before it in the chain; else a
			 * record, or any retract (a loop, at times). */
			if (r > 0 && p < 5)
				snprintf(ref, sizeof(ref), "%016x", 0xb0 + r - 1);
			else if (p < 7 || nret == 1)
				snprintf(ref, sizeof(ref), "%s",
				    ONE_OF(targets));
			else
				snprintf(ref, sizeof(ref), "%016x",
				    0xb0 + pick(nret));
			snprintf(line, sizeof(line), "{\"id\":\"%016x\",\"type\":"
			    "\"retract\",\"at\":\"2026-06-14T09:30:00Z\","
			    "\"ref\":\"%s\"}\n", 0xb0 + r, ref);
			adds(&t, line);
		}
		holds(t.p, t.n);
	}
	free(t.p);
	print_message("# %zu journals of retract chains read four ways\n",
	    njournals);
}

/* --- the bugs a review found ------------------------------------------ */

#define S "5e55100000000001"
#define A "ad71000000000001"
#define T "57a7000000000001"
#define HEAD "{\"id\":\"" S "\",\"type\":\"session\",\"at\":\"" \
	"2026-06-14T09:30:00Z\",\"municipality\":\"M\",\"date\":\"2026-06-14\"}\n" \
	"{\"id\":\"" A "\",\"type\":\"advice\",\"at\":\"2026-06-14T09:30:00Z\"," \
	"\"session\":\"" S "\",\"perspective\":\"self\",\"text\":\"t\"," \
	"\"block\":3}\n" \
	"{\"id\":\"" T "\",\"type\":\"status\",\"at\":\"2026-06-14T09:30:00Z\"," \
	"\"ref\":\"" A "\",\"status\":\"presented\"}\n"

/* Import of an amend whose value does not fit (9 variants): refused,
 * so the journal never holds it; and where one is there, by hand, the
 * readers still read (a warning) and check names it. */
static void
bug_import_bricks(void **state)
{
	static const char *const sets[] = { "{\"text\":null}",
		"{\"text\":7}", "{\"perspective\":\"everyone\"}",
		"{\"block\":0}", "{\"block\":\"3\"}", "{\"tags\":\"x\"}",
		"{\"tags\":[\"\"]}", "{\"session\":\"" S "\"}",
		"{\"text\":\"\"}" };
	char line[512];
	struct text t = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(sets) / sizeof(*sets); i++) {
		t.n = 0;
		adds(&t, HEAD);
		snprintf(line, sizeof(line), "{\"type\":\"amend\",\"ref\":\""
		    A "\",\"set\":%s}\n", sets[i]);
		adds(&t, line);
		holds(t.p, t.n);
	}
	free(t.p);
}

/* An amend that sets the status of a status record: check names it, as
 * every reader does. */
static void
bug_status_by_amend(void **state)
{
	const char *j = HEAD "{\"id\":\"a3e0000000000001\",\"type\":\"amend\","
	    "\"at\":\"2026-06-14T09:30:00Z\",\"ref\":\"" T "\",\"set\":{"
	    "\"status\":\"adopted\"}}\n";
	struct wl_error e;
	char path[160];
	long n;

	(void)state;
	holds(j, strlen(j));
	assert_int_equal(unit_mkdir("agree"), 0);
	snprintf(path, sizeof(path), "%s", unit_path("j.jsonl"));
	unit_put(path, j);
	n = wl_check(path, NULL, &e);
	assert_int_equal(n, 1);
	assert_int_equal(unit_rmdir(), 0);
}

/* A status dated after the day it was recorded: check names it, as
 * every reader does; on that day itself it is fine. */
static void
bug_status_future(void **state)
{
	const char *later = HEAD "{\"id\":\"57a7000000000002\",\"type\":"
	    "\"status\",\"at\":\"2026-06-14T09:30:00Z\",\"ref\":\"" A "\","
	    "\"status\":\"adopted\",\"date\":\"2026-06-15\"}\n";
	const char *same = HEAD "{\"id\":\"57a7000000000002\",\"type\":"
	    "\"status\",\"at\":\"2026-06-14T09:30:00Z\",\"ref\":\"" A "\","
	    "\"status\":\"adopted\",\"date\":\"2026-06-14\"}\n";
	struct wl_error e;
	char path[160];

	(void)state;
	holds(later, strlen(later));
	holds(same, strlen(same));
	assert_int_equal(unit_mkdir("agree"), 0);
	snprintf(path, sizeof(path), "%s", unit_path("j.jsonl"));
	unit_put(path, later);
	assert_int_equal(wl_check(path, NULL, &e), 1);
	unit_put(path, same);
	assert_int_equal(wl_check(path, NULL, &e), 0);
	assert_int_equal(unit_rmdir(), 0);
}

/* Blocks a session gained by an amend are its blocks, for check as for
 * the readers and add; and blocks it lost are lost for all of them. */
static void
bug_amended_blocks(void **state)
{
	const char *gained = HEAD "{\"id\":\"a3e0000000000001\",\"type\":"
	    "\"amend\",\"at\":\"2026-06-14T09:30:00Z\",\"ref\":\"" S "\","
	    "\"set\":{\"blocks\":[{\"n\":1,\"title\":\"A\"},{\"n\":2,"
	    "\"title\":\"B\"},{\"n\":3,\"title\":\"C\"},{\"n\":4,\"title\":"
	    "\"D\"}]}}\n{\"id\":\"a0be000000000001\",\"type\":\"note\","
	    "\"at\":\"2026-06-14T09:30:00Z\",\"session\":\"" S "\",\"kind\":"
	    "\"do\",\"text\":\"x\",\"block\":4}\n";
	const char *lost = HEAD "{\"id\":\"a3e0000000000001\",\"type\":"
	    "\"amend\",\"at\":\"2026-06-14T09:30:00Z\",\"ref\":\"" S "\","
	    "\"set\":{\"blocks\":[{\"n\":1,\"title\":\"A\"}]}}\n";
	struct wl_error e;
	char path[160];

	(void)state;
	holds(gained, strlen(gained));
	holds(lost, strlen(lost));
	assert_int_equal(unit_mkdir("agree"), 0);
	snprintf(path, sizeof(path), "%s", unit_path("j.jsonl"));
	unit_put(path, gained);
	assert_int_equal(wl_check(path, NULL, &e), 0);
	unit_put(path, lost);		/* the advice's block 3 is gone */
	assert_int_equal(wl_check(path, NULL, &e), 1);
	assert_int_equal(unit_rmdir(), 0);
}

/* A repeat with other spacing: the readers' warning points to a repair
 * that mends it, and check says the same. */
static void
bug_respaced_repeat(void **state)
{
	const char *j = HEAD "{\"id\": \"" T "\",\"type\":\"status\",\"at\":"
	    "\"2026-06-14T09:30:00Z\",\"ref\":\"" A "\",\"status\":"
	    "\"presented\"}\n";
	struct wl_repair done;
	struct wl_writer *w;
	struct wl_error e;
	char path[160];

	(void)state;
	holds(j, strlen(j));
	assert_int_equal(unit_mkdir("agree"), 0);
	snprintf(path, sizeof(path), "%s", unit_path("j.jsonl"));
	unit_put(path, j);
	w = wl_writer_open(path, 0, &e);
	assert_non_null(w);
	assert_int_equal(wl_check_repair(w, path, &done, &e), 0);
	wl_writer_close(w);
	assert_int_equal(done.dropped, 1);
	assert_int_equal(wl_check(path, NULL, &e), 0);
	unit_file_is(path, HEAD);
	assert_int_equal(unit_rmdir(), 0);
}

/* A union merge of a redaction, with lines of the erased person after
 * it: a repair drops what the merge brought back and erases the rest,
 * and leaves a journal check finds clean and readers read alike. */
static void
erased_merge_repaired(void **state)
{
	static const char *const merged[] = { "erased-merge-a.jsonl",
		"erased-merge-b.jsonl" };
	static const size_t undone[] = { 1, 2 }, erased[] = { 5, 0 };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char src[512], path[160], *data;
		struct wl_repair done;
		struct wl_writer *w;
		struct wl_error e;

		snprintf(src, sizeof(src), "tests/fuzz/corpus/%s", merged[i]);
		data = unit_slurp(src);
		assert_non_null(data);
		assert_int_equal(unit_mkdir("agree"), 0);
		snprintf(path, sizeof(path), "%s", unit_path("j.jsonl"));
		unit_put(path, data);
		w = wl_writer_open(path, 0, &e);
		assert_non_null(w);
		assert_int_equal(wl_check_repair(w, path, &done, &e), 0);
		wl_writer_close(w);
		assert_int_equal(done.undone, undone[i]);
		assert_int_equal(done.erased, erased[i]);
		assert_int_equal(wl_check(path, NULL, &e), 0);
		free(data);
		data = unit_slurp(path);
		assert_null(strstr(data, "Harrie"));
		assert_null(strstr(data, "tuin"));
		assert_null(strstr(data, "groen"));
		holds(data, strlen(data));
		free(data);
		assert_int_equal(unit_rmdir(), 0);
	}
}

/* A line over the limit, in the middle and last (with and without its
 * '\n'): every reader stops there, at the same line, and an import of
 * it or after it is refused. */
static void
over_long_line(void **state)
{
	size_t head = strlen(HEAD), big = (size_t)WL_LINE_MAX + 1;
	char *data = malloc(head + big + 2 + head);

	(void)state;
	assert_non_null(data);
	memcpy(data, HEAD, head);
	memset(data + head, '{', big);
	data[head + big] = '\n';
	memcpy(data + head + big + 1, HEAD, head);
	holds(data, head + big + 1 + head);
	holds(data, head + big + 1);
	holds(data, head + big);
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bug_import_bricks),
		cmocka_unit_test(bug_status_by_amend),
		cmocka_unit_test(bug_status_future),
		cmocka_unit_test(bug_amended_blocks),
		cmocka_unit_test(bug_respaced_repeat),
		cmocka_unit_test(erased_merge_repaired),
		cmocka_unit_test(over_long_line),
		cmocka_unit_test(random_journals),
		cmocka_unit_test(chain_journals),
		cmocka_unit_test(corpus),
	};

	setenv("WL_NOW", AT, 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
