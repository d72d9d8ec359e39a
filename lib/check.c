/* check.c - everything that can be wrong with a journal, and the
 * repairs that lose nothing */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"

struct line {
	const char *p;
	size_t len;
	long no;		/* 1-based */
	json_t *rec;		/* NULL when the line is bad */
	int dup;		/* repeats an earlier line byte for byte */
};

struct text {
	char *data;
	size_t len;
	struct line *lines;
	size_t n;
	size_t torn;		/* bytes after the last '\n' */
};

/* The whole file at path ("-" standard input), split in lines.  -1
 * on trouble (err). */
static int
slurp(const char *path, struct text *t, struct wl_error *err)
{
	size_t cap = 0, lcap = 0, start = 0;
	int stdin_ = strcmp(path, "-") == 0;
	struct stat st;
	int fd;

	memset(t, 0, sizeof(*t));
	if (stdin_)
		fd = dup(STDIN_FILENO);	/* closed like a file below */
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		wl_error_set(err, path, 0, 0, "cannot open: %s",
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		wl_error_set(err, path, 0, 0, "is a directory, not a journal");
		return -1;
	}
	for (;;) {
		ssize_t k;

		if (cap - t->len < 65536) {
			char *nd = realloc(t->data, cap = cap * 2 + 65536);

			if (nd == NULL)
				goto oom;
			t->data = nd;
		}
		k = read(fd, t->data + t->len, cap - t->len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			wl_error_set(err, path, 0, 0, "read error: %s",
			    strerror(errno));
			close(fd);
			return -1;
		}
		if (k == 0)
			break;
		t->len += (size_t)k;
	}
	close(fd);
	for (size_t i = 0; i < t->len; i++) {
		if (t->data[i] != '\n')
			continue;
		if (t->n == lcap) {
			struct line *nl = realloc(t->lines, (lcap = lcap * 2 +
			    256) * sizeof(*nl));

			if (nl == NULL)
				goto oom;
			t->lines = nl;
		}
		memset(&t->lines[t->n], 0, sizeof(t->lines[0]));
		t->lines[t->n].p = t->data + start;
		t->lines[t->n].len = i - start;
		t->lines[t->n].no = (long)t->n + 1;
		t->n++;
		start = i + 1;
	}
	t->torn = t->len - start;
	return 0;
oom:
	close(fd);
	wl_error_set(err, path, 0, 0, "out of memory");
	return -1;
}

static void
text_free(struct text *t)
{
	for (size_t i = 0; i < t->n; i++)
		json_decref(t->lines[i].rec);
	free(t->lines);
	free(t->data);
}

static uint64_t
hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h;
}

/* Mark lines that repeat an earlier line byte for byte.  Blank lines
 * are no records: each is reported as blank, and repair keeps them. */
static int
mark_duplicates(struct text *t)
{
	size_t cap = 64, k;
	struct line **set;

	while (cap < t->n * 2)
		cap *= 2;
	if ((set = calloc(cap, sizeof(*set))) == NULL)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i];

		if (l->len == 0)
			continue;
		for (k = hash(l->p, l->len) & (cap - 1); set[k];
		    k = (k + 1) & (cap - 1))
			if (set[k]->len == l->len &&
			    memcmp(set[k]->p, l->p, l->len) == 0)
				break;
		if (set[k] != NULL)
			l->dup = (int)(set[k] - t->lines) + 1;
		else
			set[k] = l;
	}
	free(set);
	return 0;
}

struct ctx {
	const char *file;
	struct wl_diag *diag;
	long problems;
};

static void problem(struct ctx *c, const struct line *l, long col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
problem(struct ctx *c, const struct line *l, long col, const char *fmt, ...)
{
	struct wl_error e;
	va_list ap;

	wl_error_set(&e, c->file, l ? l->no : 0, col, "%s", "");
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	wl_diag_emit(c->diag, WL_ERROR, &e);
	c->problems++;
}

/* Syntax, schema, canonical form, and ids used twice. */
static void
check_lines(struct ctx *c, struct text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i];
		struct wl_error e;
		char *canon;
		size_t len;

		if (l->dup) {
			problem(c, l, 0, "repeats line %d byte for byte "
			    "(--repair drops it)", l->dup);
			continue;
		}
		if (l->len == 0) {
			problem(c, l, 0, "blank line");
			continue;
		}
		if (l->len > WL_LINE_MAX) {
			problem(c, l, 0, "line longer than %d bytes",
			    WL_LINE_MAX);
			continue;
		}
		if ((l->rec = wl_record_parse(l->p, l->len, &e)) == NULL) {
			problem(c, l, e.col, "%s", e.msg);
			continue;
		}
		canon = wl_record_encode(l->rec, &len);
		if (canon != NULL && (len - 1 != l->len ||
		    memcmp(canon, l->p, l->len) != 0))
			problem(c, l, 1, "not in canonical form (compact, keys "
			    "in order, non-ASCII unescaped)");
		free(canon);
	}
	if (t->torn > 0) {
		struct line tail = { NULL, 0, (long)t->n + 1, NULL, 0 };

		problem(c, &tail, 0, "torn last line: %zu bytes without a "
		    "newline (--repair moves them aside)", t->torn);
	}
}

/* Look up records by id: an index over the good lines. */
struct index {
	struct line **slot;
	size_t cap;
};

static struct line *
index_get(const struct index *x, const char *id)
{
	for (size_t k = hash(id, strlen(id)) & (x->cap - 1); x->slot[k];
	    k = (k + 1) & (x->cap - 1))
		if (strcmp(wl_record_str(x->slot[k]->rec, "id"), id) == 0)
			return x->slot[k];
	return NULL;
}

static int
index_build(struct ctx *c, struct text *t, struct index *x)
{
	x->cap = 64;
	while (x->cap < t->n * 2)
		x->cap *= 2;
	if ((x->slot = calloc(x->cap, sizeof(*x->slot))) == NULL)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i], *old;
		const char *id;
		size_t k;

		if (l->rec == NULL)
			continue;
		id = wl_record_str(l->rec, "id");
		if ((old = index_get(x, id)) != NULL) {
			problem(c, l, wl_record_column(l->p, l->len, "id"),
			    "id already used at line %ld", old->no);
			continue;
		}
		for (k = hash(id, strlen(id)) & (x->cap - 1); x->slot[k];
		    k = (k + 1) & (x->cap - 1))
			;
		x->slot[k] = l;
	}
	return 0;
}

/* Every reference names a record of the right type; statuses fit;
 * amends set values that fit; blocks exist. */
static void
check_refs(struct ctx *c, struct text *t, const struct index *x)
{
	static const char *const fields[] = { "session", "by", "ref" };

	for (size_t i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i], *target = NULL;
		enum wl_type type;

		if (l->rec == NULL || (type = wl_type_of(l->rec)) ==
		    WL_UNKNOWN)
			continue;
		for (size_t f = 0; f < 3; f++) {
			const char *id = wl_record_str(l->rec, fields[f]);
			unsigned mask = wl_schema_ref_mask(type, fields[f]);
			long col = wl_record_column(l->p, l->len, fields[f]);
			struct line *r;

			if (id == NULL || mask == 0)
				continue;
			if ((r = index_get(x, id)) == NULL) {
				problem(c, l, col, "'%s' names no record '%s'",
				    fields[f], id);
				continue;
			}
			if (!(mask & WL_TYPE_BIT(wl_type_of(r->rec)))) {
				problem(c, l, col, "'%s' names a record of "
				    "type %s, not %s", fields[f],
				    wl_type_name(wl_type_of(r->rec)),
				    wl_schema_mask_names(mask));
				continue;
			}
			if (strcmp(fields[f], "ref") == 0)
				target = r;
			if (strcmp(fields[f], "session") == 0 &&
			    json_is_integer(json_object_get(l->rec, "block"))) {
				json_t *b = json_object_get(r->rec, "blocks");
				long long n = json_is_array(b) ?
				    (long long)json_array_size(b) : 3;
				long long k = json_integer_value(
				    json_object_get(l->rec, "block"));

				if (k > n)
					problem(c, l, wl_record_column(l->p,
					    l->len, "block"), "block %lld is "
					    "not in its session (it has blocks "
					    "1 to %lld)", k, n);
			}
		}
		if (target == NULL)
			continue;
		if (type == WL_STATUS) {
			const char *s = wl_record_str(l->rec, "status");
			const char *const *v = wl_schema_status_values(
			    wl_type_of(target->rec));
			int fits = 0;

			for (; v && *v; v++)
				fits |= strcmp(*v, s) == 0;
			if (!fits)
				problem(c, l, wl_record_column(l->p, l->len,
				    "status"), "status '%s' does not fit a "
				    "record of type %s", s,
				    wl_type_name(wl_type_of(target->rec)));
		} else if (type == WL_AMEND) {
			json_t *set = json_object_get(l->rec, "set"), *v;
			struct wl_error e;
			const char *k;

			json_object_foreach(set, k, v)
				if (wl_schema_check_field(wl_type_of(
				    target->rec), k, v, &e) < 0)
					problem(c, l, wl_record_column(l->p,
					    l->len, "set"), "%s", e.msg);
		}
	}
}

long
wl_check(const char *path, struct wl_diag *diag, struct wl_error *err)
{
	struct ctx c = { strcmp(path, "-") ? path : "<stdin>", diag, 0 };
	struct index x = { NULL, 0 };
	struct text t;

	if (slurp(path, &t, err) < 0)
		return -1;
	if (mark_duplicates(&t) < 0)
		goto oom;
	/* Lines first, in order; then what needs the whole journal. */
	check_lines(&c, &t);
	if (index_build(&c, &t, &x) < 0)
		goto oom;
	check_refs(&c, &t, &x);
	free(x.slot);
	text_free(&t);
	return c.problems;
oom:
	free(x.slot);
	text_free(&t);
	wl_error_set(err, path, 0, 0, "out of memory");
	return -1;
}

int
wl_check_repair(struct wl_writer *w, const char *path,
    struct wl_repair *done, struct wl_error *err)
{
	struct text t;
	char *out = NULL;
	size_t o = 0;
	int rc = -1;

	memset(done, 0, sizeof(*done));
	if (slurp(path, &t, err) < 0)
		return -1;
	if (mark_duplicates(&t) < 0 || (out = malloc(t.len + 1)) == NULL) {
		wl_error_set(err, path, 0, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < t.n; i++) {
		if (t.lines[i].dup) {
			done->dropped++;
			continue;
		}
		memcpy(out + o, t.lines[i].p, t.lines[i].len);
		o += t.lines[i].len;
		out[o++] = '\n';
	}
	if (done->dropped == 0 && t.torn == 0) {
		rc = 0;		/* nothing to do */
		goto out;
	}
	if (t.torn > 0) {
		done->torn = t.torn;
		done->tornfile = wl_save_torn(path, t.data + t.len - t.torn,
		    t.torn, err);
		if (done->tornfile == NULL)
			goto out;
	}
	if (wl_writer_rewrite(w, out, o, err) < 0) {
		if (done->tornfile != NULL)
			unlink(done->tornfile);
		goto out;
	}
	rc = 0;
out:
	free(out);
	text_free(&t);
	return rc;
}
