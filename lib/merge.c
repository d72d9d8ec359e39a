/* merge.c - copies of one journal made one again: their union, mended
 * as check --repair mends a git union merge */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"
#include "rules.h"

/* One copy as read: its name for messages, and where its lines start
 * in the union (line numbers of the union, 1-based). */
struct copy {
	const char *name;
	long first;		/* its first line in the union */
	long lines;		/* its lines there */
};

/* The check of the union, said in the copies' own lines. */
struct relay {
	const struct copy *copies;
	size_t n;
	struct wl_diag *diag;	/* the caller's */
	long problems;		/* errors that a repair does not mend */
};

/* Read all of path ("-": standard input) into *buf.  0, or -1 (err). */
static int
slurp(const char *path, const char *name, char **buf, size_t *len,
    struct wl_error *err)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t room = 0, n, line = 0;	/* where the last line begins */
	long lines = 0;
	char *p = NULL, *q, *nl;

	*buf = NULL;
	*len = 0;
	if (fp == NULL) {
		wl_error_set(err, name, 0, 0, "%s", strerror(errno));
		return -1;
	}
	for (;;) {
		if (*len == room) {
			room = room ? room * 2 : 65536;
			if ((q = realloc(p, room)) == NULL) {
				free(p);
				if (fp != stdin)
					fclose(fp);
				wl_error_set(err, name, 0, 0, "out of memory");
				return -1;
			}
			p = q;
		}
		if ((n = fread(p + *len, 1, room - *len, fp)) == 0)
			break;
		for (q = p + *len; (nl = memchr(q, '\n', (size_t)(p + *len +
		    n - q))) != NULL; q = nl + 1) {
			lines++;
			line = (size_t)(nl - p) + 1;
		}
		*len += n;
		/* A line over the limit: no reader takes the copy, and an
		 * endless or binary input is read no further. */
		if (*len - line > WL_LINE_MAX) {
			free(p);
			if (fp != stdin)
				fclose(fp);
			wl_problem_long(err, 0);
			snprintf(err->file, sizeof(err->file), "%s", name);
			err->line = lines + 1;
			return -1;
		}
	}
	if (ferror(fp)) {
		int e = errno;

		free(p);
		if (fp != stdin)
			fclose(fp);
		wl_error_set(err, name, 0, 0, "%s", strerror(e ? e : EIO));
		return -1;
	}
	if (fp != stdin)
		fclose(fp);
	*buf = p;
	return 0;
}

/* Lines ('\n' ended) in p[0..n). */
static long
lines_in(const char *p, size_t n)
{
	const char *end = p + n;
	long k = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

/*
 * The union of two copies as git's union merge makes it.  git merges
 * against the copies' common ancestor, which mailed copies do not
 * carry; but a journal only grows.  Two copies grown from one journal
 * differ in what each appended: git's conflict, which the union merge
 * resolves as the lines the two sides begin and end with alike (once),
 * and between them ours, then theirs.  That is the lines the copies
 * begin with alike, then the first's rest and the second's, less the
 * lines they end with alike, then those.  A redaction rewrites lines
 * before the end, keeping their ids: git takes its side there (the
 * other did not change them); this puts both lines of that id there,
 * and the repair keeps the erased one in that place: the same journal
 * once repaired.
 */

struct line {
	const char *p;
	size_t len;
	unsigned long h;
};

static int
line_eq(const struct line *a, const struct line *b)
{
	return a->h == b->h && a->len == b->len &&
	    memcmp(a->p, b->p, a->len) == 0;
}

/* 1 if a and b are lines of one id, as canonical lines hold it. */
static int
same_id(const struct line *a, const struct line *b)
{
	static const char head[] = "{\"id\":\"";
	size_t h = sizeof(head) - 1;

	return a->len > h + WL_ID_LEN && b->len > h + WL_ID_LEN &&
	    memcmp(a->p, head, h) == 0 && memcmp(b->p, head, h) == 0 &&
	    memcmp(a->p + h, b->p + h, WL_ID_LEN) == 0 &&
	    a->p[h + WL_ID_LEN] == '"' && b->p[h + WL_ID_LEN] == '"';
}

/* The '\n'-ended lines of p[0..n) into *v (free it).  -1 when out of
 * memory. */
static int
split(const char *p, size_t n, struct line **v, size_t *nv)
{
	const char *end = p + n, *nl;
	size_t k = 0;

	*nv = (size_t)lines_in(p, n);
	if ((*v = malloc((*nv ? *nv : 1) * sizeof(**v))) == NULL)
		return -1;
	for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1) {
		unsigned long h = 5381;

		for (const char *c = p; c <= nl; c++)
			h = h * 33 + (unsigned char)*c;
		(*v)[k].p = p;
		(*v)[k].len = (size_t)(nl - p) + 1;
		(*v)[k++].h = h;
	}
	return 0;
}

/* Append v[from..to) to the buffer *o (room enough, made by the
 * caller). */
static void
put_lines(char *o, size_t *olen, const struct line *v, size_t from,
    size_t to)
{
	for (; from < to; from++) {
		memcpy(o + *olen, v[from].p, v[from].len);
		*olen += v[from].len;
	}
}

/*
 * The union of a[0..alen) and b[0..blen) as git's union merge leaves
 * it (above), into *out (malloc'd, *olen bytes).  0, or -1 when out of
 * memory.
 */
static int
union2(const char *a, size_t alen, const char *b, size_t blen, char **out,
    size_t *olen)
{
	struct line *av = NULL, *bv = NULL;
	size_t na, nb, pre = 0, suf = 0;
	char *o = malloc(alen + blen + 1);
	int rc = -1;

	*out = NULL;
	*olen = 0;
	if (o == NULL || split(a, alen, &av, &na) < 0 ||
	    split(b, blen, &bv, &nb) < 0)
		goto out;
	/* The lines they begin with alike; a line of one id in both,
	 * rewritten in one (a redaction), both ways: the repair keeps
	 * the erased one, there. */
	for (; pre < na && pre < nb; pre++) {
		if (line_eq(&av[pre], &bv[pre]))
			put_lines(o, olen, av, pre, pre + 1);
		else if (same_id(&av[pre], &bv[pre])) {
			put_lines(o, olen, av, pre, pre + 1);
			put_lines(o, olen, bv, pre, pre + 1);
		} else
			break;
	}
	while (suf < na - pre && suf < nb - pre &&
	    line_eq(&av[na - 1 - suf], &bv[nb - 1 - suf]))
		suf++;
	put_lines(o, olen, av, pre, na - suf);
	put_lines(o, olen, bv, pre, nb - suf);
	put_lines(o, olen, av, na - suf, na);
	*out = o;
	o = NULL;
	rc = 0;
out:
	free(o);
	free(av);
	free(bv);
	return rc;
}

/* The repairs mend these; the merge does what they do. */
static int
mended(int code)
{
	return code == WL_P_REPEAT || code == WL_P_UNDONE ||
	    code == WL_P_UNERASED || code == WL_P_BLANK || code == WL_P_TORN;
}

/* Line no of the union as a copy's: which copy, and its own line. */
static const struct copy *
copy_of(const struct relay *r, long no, long *own)
{
	size_t i;

	for (i = r->n; i-- > 0;)
		if (no >= r->copies[i].first) {
			*own = no - r->copies[i].first + 1;
			return &r->copies[i];
		}
	*own = no;
	return NULL;
}

/*
 * A problem of the union, said where it is in its copy: the problems a
 * repair mends are passed over (the merge mends them), the others are
 * the caller's, FILE:LINE of a copy.  "already used at line N" names a
 * line of the union: it becomes that copy's FILE:LINE.
 */
static void
relay_fn(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	struct relay *r = ctx;
	struct wl_error o = *e;
	const struct copy *c;
	const char *at;
	long own, no;

	if (mended(e->code))
		return;
	if (e->line > 0 && (c = copy_of(r, e->line, &own)) != NULL) {
		snprintf(o.file, sizeof(o.file), "%s", c->name);
		o.line = own;
	}
	if (e->code == WL_P_ID_USED && (at = strstr(e->msg, " at line ")) !=
	    NULL && sscanf(at, " at line %ld", &no) == 1 &&
	    (c = copy_of(r, no, &own)) != NULL)
		snprintf(o.msg + (at - e->msg), sizeof(o.msg) - (size_t)(at -
		    e->msg), " at %.400s:%ld: the copies give it different "
		    "records; keep one of the two lines, then merge again",
		    c->name, own);
	if (sev == WL_ERROR)
		r->problems++;
	wl_diag_emit(r->diag, sev, &o);
}


/* Write data[0..len) to the file at path, from its start. */
static int
put_file(const char *path, const char *data, size_t len,
    struct wl_error *err)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t w;

	if (fd < 0) {
		wl_error_set(err, path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	while (len > 0) {
		if ((w = write(fd, data, len)) < 0) {
			if (errno == EINTR)
				continue;
			wl_error_set(err, path, 0, 0, "%s", strerror(errno));
			close(fd);
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0) {
		wl_error_set(err, path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

long
wl_merge(const char *const *paths, size_t n, const char *out,
    struct wl_merge_info *info, struct wl_diag *diag, struct wl_error *err)
{
	struct wl_diag none = { NULL, NULL, 0, 0 };	/* counts, says nothing */
	struct copy *copies = NULL;
	struct relay r = { NULL, n, diag, 0 };
	struct wl_repair done;
	struct wl_writer *w;
	char *all = NULL, *buf, *q, *u = NULL, *v;
	size_t len = 0, size, seen, i, ulen = 0, vlen;
	long line = 1, rc = -1, left;
	int group;

	memset(info, 0, sizeof(*info));
	if ((copies = calloc(n ? n : 1, sizeof(*copies))) == NULL) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return -1;
	}
	/* The copies one after the other, each without the torn tail its
	 * readers skip: what a union merge puts together, before the
	 * repair drops what is there twice. */
	for (i = 0; i < n; i++) {
		copies[i].name = strcmp(paths[i], "-") ? paths[i] : "<stdin>";
		if (slurp(paths[i], copies[i].name, &buf, &size, err) < 0)
			goto out;
		seen = wl_rule_visible(buf, size, &group, &left);
		if (seen < size) {
			struct wl_error e;

			wl_error_set(&e, copies[i].name, lines_in(buf, seen) +
			    1, 0, "%s", "");
			e.code = WL_P_TORN;
			snprintf(e.msg, sizeof(e.msg), "%s (%zu byte%s, cut "
			    "off as a crashed writer leaves them): left out "
			    "of the merge", group ? "an unfinished batch" :
			    "an incomplete last line", size - seen,
			    size - seen == 1 ? "" : "s");
			wl_diag_emit(diag, WL_WARNING, &e);
			info->torn += size - seen;
		}
		if ((q = realloc(all, len + seen + 1)) == NULL) {
			free(buf);
			goto nomem;
		}
		all = q;
		memcpy(all + len, buf, seen);
		len += seen;
		/* And as git would have merged it into the ones before. */
		if (i == 0) {
			u = buf;
			ulen = seen;
		} else {
			if (union2(u, ulen, buf, seen, &v, &vlen) < 0) {
				free(buf);
				goto nomem;
			}
			free(u);
			free(buf);
			u = v;
			ulen = vlen;
		}
		copies[i].first = line;
		copies[i].lines = lines_in(all + len - seen, seen);
		line += copies[i].lines;
	}
	if (put_file(out, all, len, err) < 0)
		goto out;
	/* What a repair cannot mend is the caller's to say, in the
	 * copies' lines: two records of one id above all. */
	r.copies = copies;
	if (wl_check(out, &(struct wl_diag){ relay_fn, &r, 0, 0 }, err) < 0)
		goto out;
	if (r.problems > 0) {
		rc = r.problems;
		goto out;
	}
	/* The order does not matter to the rules: the check of the copies
	 * one after the other holds for the union as git makes it, which
	 * the repair then mends. */
	if (put_file(out, u, ulen, err) < 0)
		goto out;
	if ((w = wl_writer_open(out, WL_W_NOWAIT, err)) == NULL)
		goto out;
	if (wl_check_repair(w, out, &done, err) < 0) {
		wl_writer_close(w);
		goto out;
	}
	wl_writer_close(w);
	/* Fragments are in the copies, said by their checks; the merge
	 * keeps no file of them. */
	if (done.tornfile != NULL)
		unlink(done.tornfile);
	free(done.tornfile);
	info->dropped = done.dropped;
	info->undone = done.undone;
	info->erased = done.erased;
	info->fragments = done.fragments;
	info->blank = done.blank;
	/* The union mended is a journal every reader takes: anything else
	 * is a fault of the rules, not a result. */
	if ((left = wl_check(out, &none, err)) < 0)
		goto out;
	if (left > 0) {
		wl_error_set(err, out, 0, 0, "the merged copies still have "
		    "%ld problem%s after the repair ('wl-report check' "
		    "says which)", left, left == 1 ? "" : "s");
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	wl_error_set(err, NULL, 0, 0, "out of memory");
out:
	free(all);
	free(u);
	free(copies);
	return rc;
}
