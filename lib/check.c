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
#include "scan.h"

/*
 * A canonical line (wl_scan_line vouches for it) is checked without
 * being parsed, and read again with the scanner where its references
 * are wanted; only the other good lines keep their JSON.
 */
struct line {
	const char *p;
	size_t len;
	long no;		/* 1-based */
	json_t *rec;		/* a good line the scanner left to jansson */
	uint64_t id;		/* of a good line */
	int dup;		/* repeats an earlier line byte for byte */
	unsigned char good;	/* a record: vouched for or parsed */
	unsigned char type;	/* its enum wl_type */
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
	for (const char *eol; start < t->len && (eol = memchr(t->data +
	    start, '\n', t->len - start)) != NULL; ) {
		size_t i = (size_t)(eol - t->data);

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

/* 16 hex digits as a number: one-to-one for valid ids. */
static uint64_t
id_value(const char *s)
{
	uint64_t v = 0;

	for (int i = 0; i < WL_ID_LEN; i++)
		v = v * 16 + (uint64_t)(s[i] <= '9' ? s[i] - '0' :
		    s[i] - 'a' + 10);
	return v;
}

/* Syntax, schema and canonical form. */
static void
check_lines(struct ctx *c, struct text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i];
		struct wl_scan sc;
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
		if (wl_scan_line(l->p, l->len, &sc)) {
			l->good = 1;
			l->type = (unsigned char)sc.type;
			l->id = id_value(sc.id);
			continue;
		}
		if ((l->rec = wl_record_parse(l->p, l->len, &e)) == NULL) {
			problem(c, l, e.col, "%s", e.msg);
			continue;
		}
		l->good = 1;
		l->type = (unsigned char)wl_type_of(l->rec);
		l->id = id_value(wl_record_str(l->rec, "id"));
		canon = wl_record_encode(l->rec, &len);
		if (canon != NULL && (len - 1 != l->len ||
		    memcmp(canon, l->p, l->len) != 0))
			problem(c, l, 1, "not in canonical form (compact, keys "
			    "in order, non-ASCII unescaped)");
		free(canon);
	}
	if (t->torn > 0) {
		struct line tail = { 0 };

		tail.no = (long)t->n + 1;
		problem(c, &tail, 0, "torn last line: %zu bytes without a "
		    "newline (--repair moves them aside)", t->torn);
	}
}

/* Look up records by id: an index over the good lines. */
struct index {
	uint32_t *slot;		/* line index + 1; 0: empty */
	size_t cap;
	const struct text *t;
};

static size_t
index_home(const struct index *x, uint64_t id)
{
	return (size_t)((id * 0x9e3779b97f4a7c15ull) >> 20) & (x->cap - 1);
}

static struct line *
index_get(const struct index *x, uint64_t id)
{
	for (size_t k = index_home(x, id); x->slot[k];
	    k = (k + 1) & (x->cap - 1))
		if (x->t->lines[x->slot[k] - 1].id == id)
			return &x->t->lines[x->slot[k] - 1];
	return NULL;
}

/* Index the good lines; an id used twice is a problem. */
static int
index_build(struct ctx *c, struct text *t, struct index *x)
{
	x->t = t;
	x->cap = 64;
	while (x->cap < t->n * 2)
		x->cap *= 2;
	if (t->n >= UINT32_MAX ||
	    (x->slot = calloc(x->cap, sizeof(*x->slot))) == NULL)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i], *old;
		size_t k;

		if (!l->good)
			continue;
		if ((old = index_get(x, l->id)) != NULL) {
			problem(c, l, wl_record_column(l->p, l->len, "id"),
			    "id already used at line %ld", old->no);
			continue;
		}
		for (k = index_home(x, l->id); x->slot[k];
		    k = (k + 1) & (x->cap - 1))
			;
		x->slot[k] = (uint32_t)i + 1;
	}
	return 0;
}

/* What check_refs reads of a good line, from its JSON or its bytes. */
struct refs {
	const char *id[3];		/* session, by, ref; or NULL */
	char buf[3][WL_ID_LEN + 1];
	long long block;		/* 0 when absent */
	const char *status;
};

static void
refs_of(const struct line *l, struct refs *f)
{
	static const int which[] = { WL_SCAN_SESSION, WL_SCAN_BY,
		WL_SCAN_REF };
	static const char *const names[] = { "session", "by", "ref" };
	struct wl_scan sc;

	memset(f, 0, sizeof(*f));
	if (l->rec != NULL) {
		for (int i = 0; i < 3; i++)
			f->id[i] = wl_record_str(l->rec, names[i]);
		f->block = wl_record_int(l->rec, "block", 0);
		f->status = wl_record_str(l->rec, "status");
		return;
	}
	wl_scan_line(l->p, l->len, &sc);	/* it vouched for it before */
	for (int i = 0; i < 3; i++)
		if (sc.ref[which[i]] != NULL) {
			memcpy(f->buf[i], sc.ref[which[i]], WL_ID_LEN);
			f->buf[i][WL_ID_LEN] = '\0';
			f->id[i] = f->buf[i];
		}
	f->block = sc.block;
	if (sc.type == WL_STATUS && sc.val > 0)
		f->status = wl_schema_enum(WL_STATUS, "status")[sc.val - 1];
}

/* Number of blocks of the session on line s. */
static long long
nblocks(const struct line *s)
{
	json_t *b = s->rec ? json_object_get(s->rec, "blocks") : NULL;

	return json_is_array(b) ? (long long)json_array_size(b) : 3;
}

/* Every reference names a record of the right type; statuses fit;
 * amends set values that fit; blocks exist. */
static void
check_refs(struct ctx *c, struct text *t, const struct index *x)
{
	static const char *const fields[] = { "session", "by", "ref" };

	for (size_t i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i], *target = NULL;
		enum wl_type type = (enum wl_type)l->type;
		struct refs f;

		if (!l->good || type == WL_UNKNOWN)
			continue;
		refs_of(l, &f);
		for (size_t k = 0; k < 3; k++) {
			const char *id = f.id[k];
			unsigned mask = wl_schema_ref_mask(type, fields[k]);
			struct line *r;

			if (id == NULL || mask == 0)
				continue;
			if (!wl_id_valid(id) ||
			    (r = index_get(x, id_value(id))) == NULL) {
				problem(c, l, wl_record_column(l->p, l->len,
				    fields[k]), "'%s' names no record '%s'",
				    fields[k], id);
				continue;
			}
			if (!(mask & WL_TYPE_BIT(r->type))) {
				problem(c, l, wl_record_column(l->p, l->len,
				    fields[k]), "'%s' names a record of "
				    "type %s, not %s", fields[k],
				    wl_type_name((enum wl_type)r->type),
				    wl_schema_mask_names(mask));
				continue;
			}
			if (k == 2)
				target = r;
			if (k == 0 && f.block > nblocks(r))
				problem(c, l, wl_record_column(l->p, l->len,
				    "block"), "block %lld is not in its "
				    "session (it has blocks 1 to %lld)",
				    f.block, nblocks(r));
		}
		if (target == NULL)
			continue;
		if (type == WL_STATUS) {
			const char *const *v = wl_schema_status_values(
			    (enum wl_type)target->type);
			int fits = 0;

			for (; v && *v; v++)
				fits |= f.status && strcmp(*v, f.status) == 0;
			if (!fits)
				problem(c, l, wl_record_column(l->p, l->len,
				    "status"), "status '%s' does not fit a "
				    "record of type %s",
				    f.status ? f.status : "",
				    wl_type_name((enum wl_type)target->type));
		} else if (type == WL_AMEND) {
			json_t *set = json_object_get(l->rec, "set"), *v;
			struct wl_error e;
			const char *k;

			json_object_foreach(set, k, v)
				if (wl_schema_check_field((enum wl_type)
				    target->type, k, v, &e) < 0)
					problem(c, l, wl_record_column(l->p,
					    l->len, "set"), "%s", e.msg);
		}
	}
}

long
wl_check(const char *path, struct wl_diag *diag, struct wl_error *err)
{
	struct ctx c = { strcmp(path, "-") ? path : "<stdin>", diag, 0 };
	struct index x = { NULL, 0, NULL };
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
