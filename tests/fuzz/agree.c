/* agree.c - the promises readers, check, the fast list and writers keep
 * together, checked on one journal (see agree.h) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wl.h"
#include "agree.h"

/* Messages said, as text, with how many were errors. */
struct said {
	char **v;
	size_t n;
	int warnings_only_form;	/* keep only errors (check's problems) */
};

static void
keep(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	struct said *s = ctx;
	char buf[2048];

	if (s->warnings_only_form && sev == WL_WARNING)
		return;		/* check's warning: a line's form */
	wl_error_format(e, buf, sizeof(buf));
	s->v = realloc(s->v, (s->n + 1) * sizeof(*s->v));
	if (s->v == NULL || (s->v[s->n] = strdup(buf)) == NULL)
		abort();
	s->n++;
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
said_free(struct said *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int
fail(char *why, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return -1;
}

/* The same messages, as many times each; else -1 and why. */
static int
same_said(struct said *a, struct said *b, const char *an, const char *bn,
    char *why, size_t n)
{
	size_t i;

	if (a->n > 1)
		qsort(a->v, a->n, sizeof(*a->v), by_text);
	if (b->n > 1)
		qsort(b->v, b->n, sizeof(*b->v), by_text);
	for (i = 0; i < a->n && i < b->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return fail(why, n, "%s says '%s' where %s says '%s'",
			    an, a->v[i], bn, b->v[i]);
	if (i < a->n)
		return fail(why, n, "only %s says '%s'", an, a->v[i]);
	if (i < b->n)
		return fail(why, n, "only %s says '%s'", bn, b->v[i]);
	return 0;
}

/* A file holding data, named by a path; close fd when done. */
static int
as_file(const char *data, size_t size, char path[64])
{
	int fd = memfd_create("journal", MFD_CLOEXEC);

	if (fd < 0 || (size > 0 && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

/* The plain list of every note, as wl-note list --all -o jsonl has it. */
static char *
plain_list(const struct wl_journal *j, size_t *len)
{
	static const char *const cols[] = { "id" };
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);
	struct wl_out *o;

	if (fp == NULL || (o = wl_out_new(fp, WL_FMT_JSONL, cols, 1,
	    j, 0)) == NULL)
		abort();
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);

		if (wl_rec_type(r) == WL_UNKNOWN || (wl_rec_type(r) ==
		    WL_NOTE && !wl_rec_retracted(r)))
			wl_out_row(o, r, NULL);
	}
	if (wl_out_end(o) < 0)
		abort();
	fclose(fp);
	return buf;
}

/* 1 if p[0..size) holds a line over the limit ('\n' ended or not). */
static int
has_long(const char *p, size_t size)
{
	const char *end = p + size, *nl;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) > WL_LINE_MAX)
			return 1;
	}
	return 0;
}

/* The line of the first WL_P_LONG said (ctx: a long, 0 until then). */
static void
first_long(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	long *no = ctx;

	(void)sev;
	if (e->code == WL_P_LONG && *no == 0)
		*no = e->line;
}

/* A line over the limit ends every reading: the loader and the fast
 * list refuse the journal at path there; check, which must read past it
 * for --repair to move it aside, says it as a problem at the same
 * line. */
static int
long_refused(const char *path, char *why, size_t n)
{
	long at = 0;
	struct wl_diag dlong = { first_long, &at, 0, 0 };
	const char *paths[1] = { path };
	struct wl_list_query q = { WL_NOTE, NULL, 0, NULL };
	struct wl_error ec, el, ef;
	struct wl_journal *j;
	char *fast = NULL;
	size_t flen = 0;
	FILE *fp;
	int frc;

	memset(&ec, 0, sizeof(ec));
	memset(&el, 0, sizeof(el));
	if (wl_check(path, &dlong, &ec) <= 0 || at == 0)
		return fail(why, n, "check did not say a line over the limit");
	if ((j = wl_journal_load(paths, 1, NULL, &el)) != NULL) {
		wl_journal_free(j);
		return fail(why, n, "the loader read past a line over the "
		    "limit");
	}
	if (el.code != WL_P_LONG || el.line != at)
		return fail(why, n, "check and the loader refuse other lines "
		    "(%ld, %ld)", at, el.line);
	if ((fp = open_memstream(&fast, &flen)) == NULL)
		abort();
	frc = wl_list_fast(path, fp, &q, &ef);
	fclose(fp);
	free(fast);
	if (frc != 0 || flen != 0)
		return fail(why, n, "the fast list went on past a line over "
		    "the limit");
	return 0;
}

int
agree_readers(const char *data, size_t size, char *why, size_t n)
{
	struct said checked = { NULL, 0, 1 }, loaded = { NULL, 0, 0 };
	struct wl_diag dc = { keep, &checked, 0, 0 };
	struct wl_diag dl = { keep, &loaded, 0, 0 };
	struct wl_list_query q = { WL_NOTE, NULL, 0, NULL };
	const char *paths[1];
	char path[64], *fast = NULL, *plain = NULL;
	size_t flen = 0, plen = 0;
	struct wl_journal *j;
	struct wl_error e;
	FILE *fp;
	long problems;
	int fd = as_file(data, size, path), rc = -1, frc;

	paths[0] = path;
	if (has_long(data, size)) {
		rc = long_refused(path, why, n);
		close(fd);
		return rc;
	}
	if ((problems = wl_check(path, &dc, &e)) < 0 ||
	    (j = wl_journal_load(paths, 1, &dl, &e)) == NULL)
		abort();	/* only I/O trouble or lack of memory */
	if ((size_t)problems != checked.n) {
		fail(why, n, "check counts %ld problems and says %zu",
		    problems, checked.n);
		goto out;
	}
	if (same_said(&checked, &loaded, "check", "the loader", why, n) < 0)
		goto out;
	/* The fast list: the plain list's bytes, or nothing at all. */
	if ((fp = open_memstream(&fast, &flen)) == NULL)
		abort();
	frc = wl_list_fast(path, fp, &q, &e);
	fclose(fp);
	if (frc < 0)
		abort();
	if (loaded.n > 0 && (frc != 0 || flen != 0)) {
		fail(why, n, "the fast list went on where the loader said "
		    "'%s'", loaded.v[0]);
		goto out;
	}
	if (loaded.n == 0 && frc != 1) {
		fail(why, n, "the fast list gave up on a clean journal");
		goto out;
	}
	if (frc == 1) {
		plain = plain_list(j, &plen);
		if (plen != flen || memcmp(plain, fast, flen) != 0) {
			fail(why, n, "the fast list wrote other bytes:\n%s"
			    "-- the plain list:\n%s", fast, plain);
			goto out;
		}
	}
	rc = 0;
out:
	wl_journal_free(j);
	said_free(&checked);
	said_free(&loaded);
	free(fast);
	free(plain);
	close(fd);
	return rc;
}

/* Problems of the journal in data, by the loader (into s) and check
 * (their number). */
static long
problems_of(const char *data, size_t size, struct said *s)
{
	struct wl_diag d = { keep, s, 0, 0 };
	const char *paths[1];
	struct wl_journal *j;
	struct wl_error e;
	char path[64];
	int fd = as_file(data, size, path);
	long n;

	paths[0] = path;
	if ((n = wl_check(path, NULL, &e)) < 0 ||
	    (j = wl_journal_load(paths, 1, &d, &e)) == NULL)
		abort();
	wl_journal_free(j);
	close(fd);
	/* Messages name the file: the same name for both journals. */
	for (size_t i = 0; i < s->n; i++) {
		char *colon = strchr(s->v[i], ':');

		if (colon != NULL)
			memmove(s->v[i], colon, strlen(colon) + 1);
	}
	return n;
}

int
agree_writers(const char *data, size_t size, char *why, size_t n)
{
	struct said before = { NULL, 0, 0 }, after = { NULL, 0, 0 };
	struct wl_diag quiet = { NULL, NULL, 0, 0 };
	const char *end = data + size, *last, *paths[1];
	char jpath[64], ipath[64], *grown = NULL;
	size_t head, glen = 0, k, m;
	struct wl_journal *j;
	struct wl_import *im;
	struct wl_error e;
	json_t **recs;
	long pb, pa;
	int jfd, ifd, rc = 0;
	FILE *fp;

	/* The last line (a final '\n' aside) is the input. */
	if (size > 0 && end[-1] == '\n')
		end--;
	last = memrchr(data, '\n', (size_t)(end - data));
	if (last == NULL)
		return 0;
	head = (size_t)(last + 1 - data);
	if (has_long(data, head) || has_long(last + 1, size - head))
		return 0;	/* refused, by every reader alike (above) */
	jfd = as_file(data, head, jpath);
	ifd = as_file(last + 1, size - head, ipath);
	paths[0] = jpath;
	if ((j = wl_journal_load(paths, 1, &quiet, &e)) == NULL)
		abort();
	if ((im = wl_import_read(ipath, &quiet, &e)) == NULL)
		abort();
	recs = wl_import_check(im, j, wl_journal_session(j, NULL, NULL),
	    WL_NOTE, &k, NULL, NULL, &quiet, &e);
	wl_import_free(im);
	wl_journal_free(j);
	close(jfd);
	close(ifd);
	if (recs == NULL)
		return 0;	/* refused: nothing to hold it to */
	if ((fp = open_memstream(&grown, &glen)) == NULL)
		abort();
	fwrite(data, 1, head, fp);
	for (m = 0; m < k; m++) {
		char *line = wl_line_encode(recs[m], NULL);

		if (line == NULL)
			abort();
		fputs(line, fp);
		free(line);
		json_decref(recs[m]);
	}
	free(recs);
	fclose(fp);
	pb = problems_of(data, head, &before);
	pa = problems_of(grown, glen, &after);
	for (m = 0; m < after.n && rc == 0; m++) {
		int old = 0;

		for (size_t i = 0; i < before.n && !old; i++)
			old = strcmp(before.v[i], after.v[m]) == 0;
		if (!old)
			rc = fail(why, n, "import took a line that brings "
			    "'%s'", after.v[m]);
	}
	if (rc == 0 && pa > pb)
		rc = fail(why, n, "import took a line: check went from %ld "
		    "problems to %ld", pb, pa);
	said_free(&before);
	said_free(&after);
	free(grown);
	return rc;
}
