/* unit.c - helpers the unit tests share: a temporary directory, files
 * and journals written from lines, a diag sink that keeps what it is
 * told, output captured in memory, and a corpus of journal lines */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define NBUF 8

char unit_dir[64];

int
unit_mkdir(const char *name)
{
	snprintf(unit_dir, sizeof(unit_dir), "/tmp/wl-%s-XXXXXX", name);
	return mkdtemp(unit_dir) == NULL ? -1 : 0;
}

int
unit_rmdir(void)
{
	char cmd[128];

	if (unit_dir[0] == '\0')
		return 0;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", unit_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
unit_teardown(void **state)
{
	(void)state;
	return unit_rmdir();
}

const char *
unit_path(const char *name)
{
	static char buf[NBUF][160];
	static unsigned next;
	char *p = buf[next++ % NBUF];

	snprintf(p, sizeof(buf[0]), "%s/%s", unit_dir, name);
	return p;
}

const char *
unit_q(const char *s)
{
	static char buf[NBUF][8192];
	static unsigned next;
	char *p = buf[next++ % NBUF];
	size_t i;

	if (strlen(s) >= sizeof(buf[0]))
		fail_msg("unit_q: %zu bytes is too long", strlen(s));
	for (i = 0; s[i] != '\0'; i++)
		p[i] = s[i] == '\'' ? '"' : s[i];
	p[i] = '\0';
	return p;
}

json_t *
unit_json(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(unit_q(text), JSON_DECODE_ANY, &je);

	if (v == NULL)
		fail_msg("bad test JSON %s: %s", unit_q(text), je.text);
	return v;
}

void
unit_put(const char *path, const char *data)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(data, fp);
	assert_int_equal(fclose(fp), 0);
}

char *
unit_slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	long n;

	if (fp == NULL)
		fail_msg("cannot read %s", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* got must be want; then got is freed. */
static void
is_then_free(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

void
unit_file_is(const char *path, const char *want)
{
	is_then_free(unit_slurp(path), want);
}

const char *
unit_journal(const char *name, const char *const *lines, size_t n)
{
	const char *path = unit_path(name);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	for (size_t i = 0; i < n; i++) {
		fputs(unit_q(lines[i]), fp);
		fputc('\n', fp);
	}
	assert_int_equal(fclose(fp), 0);
	return path;
}

struct wl_journal *
unit_load(const char *path, struct wl_diag *d)
{
	struct wl_error e;
	struct wl_journal *j = wl_journal_load(&path, 1, d, &e);

	if (j == NULL)
		fail_msg("cannot load %s: %s", path, e.msg);
	return j;
}

struct wl_journal *
unit_load_lines(const char *name, const char *const *lines, size_t n)
{
	struct unit_seen s = { 0 };
	struct wl_diag d = UNIT_DIAG(&s);
	struct wl_journal *j = unit_load(unit_journal(name, lines, n), &d);

	if (s.n > 0)
		fail_msg("%d messages loading %s, first: %s", s.n, name,
		    s.text[0]);
	return j;
}

void
unit_collect(void *ctx, enum wl_severity sev, const struct wl_error *err)
{
	struct unit_seen *s = ctx;

	if (s->n < UNIT_SEEN) {
		s->sev[s->n] = sev;
		s->code[s->n] = err->code;
		wl_error_format(err, s->text[s->n], sizeof(s->text[0]));
	}
	s->n++;
}

void
unit_said(const struct unit_seen *s, int i, enum wl_severity sev,
    const char *file, const char *want)
{
	char buf[1400];

	if (i >= s->n || i >= UNIT_SEEN)
		fail_msg("message %d not said (%d were): %s", i, s->n, want);
	snprintf(buf, sizeof(buf), "%s%s%s", file ? file : "",
	    file ? ":" : "", want);
	assert_string_equal(s->text[i], buf);
	assert_int_equal(s->sev[i], sev);
}

int
unit_count(const struct unit_seen *s, enum wl_severity sev)
{
	int k = 0;

	for (int i = 0; i < s->n && i < UNIT_SEEN; i++)
		k += s->sev[i] == sev;
	return k;
}

FILE *
unit_cap_open(struct unit_cap *c)
{
	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	assert_non_null(c->fp);
	return c->fp;
}

char *
unit_cap_take(struct unit_cap *c)
{
	assert_int_equal(fclose(c->fp), 0);
	c->fp = NULL;
	assert_int_equal(strlen(c->buf), c->len);
	return c->buf;
}

void
unit_cap_is(struct unit_cap *c, const char *want)
{
	is_then_free(unit_cap_take(c), want);
}

struct wl_stopwords *
unit_stopwords(void)
{
	struct wl_error e;
	struct wl_stopwords *sw = wl_stopwords_load("nl", &e);

	if (sw == NULL)
		fprintf(stderr, "stopwords/nl: %s (set WL_DATADIR)\n", e.msg);
	return sw;
}

size_t
unit_stride(void)
{
	static size_t stride;
	const char *s;
	char *end;
	unsigned long n;

	if (stride != 0)
		return stride;
	stride = 1;
	if ((s = getenv("WL_TEST_STRIDE")) != NULL && *s != '\0') {
		n = strtoul(s, &end, 10);
		if (*end != '\0' || n == 0)
			fail_msg("WL_TEST_STRIDE=%s: not a count of 1 or more", s);
		stride = n;
	}
	return stride;
}

/*
 * The line and every one-byte change of it (replace, delete), or every
 * unit_stride()-th change.  The count runs on across calls, so with a
 * stride the changes tried still move along the positions and the
 * replacement bytes (23 kinds of change a position) rather than
 * keeping to a few of them.
 */
void
unit_mutations(const char *line, size_t len, unit_line_fn *fn)
{
	static const char subst[] = "\"\\ 0x{}[],:\x80\xc3" "1-.eAu/\t";
	static size_t k;
	size_t stride = unit_stride();
	char *m = malloc(len + 1);

	assert_non_null(m);
	fn(line, len);
	for (size_t i = 0; i < len; i++) {
		memcpy(m, line, len);
		for (const char *s = subst; *s; s++) {
			m[i] = *s;
			if (k++ % stride == 0)
				fn(m, len);
		}
		m[i] = '\0';
		if (k++ % stride == 0)
			fn(m, len);
		memcpy(m, line, i);
		memcpy(m + i, line + i + 1, len - i - 1);
		if (k++ % stride == 0)
			fn(m, len - 1);
	}
	free(m);
}

/* Every line of a file (mutated: the first few of each file). */
static void
each_line(const char *path, size_t mutate, unit_line_fn *fn)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, k = 0;
	ssize_t n;

	if (fp == NULL)
		fail_msg("cannot open %s", path);
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (line[n - 1] == '\n')
			n--;
		if (k++ < mutate)
			unit_mutations(line, (size_t)n, fn);
		else
			fn(line, (size_t)n);
	}
	free(line);
	fclose(fp);
}

static void
each_file(const char *dir, const char *suffix, size_t mutate,
    unit_line_fn *fn)
{
	const char *src = getenv("WL_SRC");
	char path[4096];
	struct dirent *d;
	DIR *dp;

	snprintf(path, sizeof(path), "%s/%s", src ? src : ".", dir);
	dp = opendir(path);
	if (dp == NULL)
		fail_msg("cannot open %s", path);
	while ((d = readdir(dp)) != NULL) {
		size_t n = strlen(d->d_name), k = strlen(suffix);

		if (n < k || strcmp(d->d_name + n - k, suffix) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", src ? src : ".", dir,
		    d->d_name);
		each_line(path, mutate, fn);
	}
	closedir(dp);
}

void
unit_corpus(unit_line_fn *fn, size_t mutate)
{
	each_file("share/examples", ".jsonl", mutate, fn);
	each_file("tests/fuzz/corpus", ".jsonl", mutate, fn);
}

/*
 * jansson's allocator, counted and made to fail on demand.  Set before
 * main, so that it comes first: the library watches whatever allocator
 * was set when it first parses (record.c), and must see these
 * failures as it would see real ones.
 */
static json_malloc_t json_next;
static long json_calls, json_fail_at;

static void *
json_counted(size_t n)
{
	if (++json_calls == json_fail_at)
		return NULL;
	return json_next(n);
}

__attribute__((constructor)) static void
json_count_start(void)
{
	json_free_t f;

	json_get_alloc_funcs(&json_next, &f);
	json_set_alloc_funcs(json_counted, f);
}

void
unit_json_fail(long n)
{
	json_calls = 0;
	json_fail_at = n;
}

long
unit_json_calls(void)
{
	return json_calls;
}
