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
	size_t room = 0, n;
	char *p = NULL, *q;

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
		*len += n;
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

static void
quiet(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	(void)ctx;
	(void)sev;
	(void)e;
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
	struct wl_diag none = { quiet, NULL, 0, 0 };
	struct copy *copies = NULL;
	struct relay r = { NULL, n, diag, 0 };
	struct wl_repair done;
	struct wl_writer *w;
	char *all = NULL, *buf, *q;
	size_t len = 0, size, seen, i;
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
			wl_error_set(err, NULL, 0, 0, "out of memory");
			goto out;
		}
		all = q;
		memcpy(all + len, buf, seen);
		len += seen;
		free(buf);
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
out:
	free(all);
	free(copies);
	return rc;
}
