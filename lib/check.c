/* check.c - everything that can be wrong with a journal, and the
 * repairs that lose nothing */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"
#include "idset.h"
#include "scan.h"

/*
 * A check holds nine bytes a record, not the journal: it reads the
 * file (mapped, its pages let go of as it goes) three times.
 *   0. Every line's hash: the hashes that occur twice are the only
 *      lines that can repeat an earlier one.
 *   1. Line by line: repeats, blank and long lines, syntax and schema
 *      (a canonical line, which wl_scan_line vouches for, needs no
 *      parse), canonical form; the id and type of each good line.
 *   2. Line by line: references, statuses, amends and blocks, against
 *      the sorted ids.
 * An id used twice (rare) takes one more pass to name the lines.
 */

/* The bytes of a journal: the file mapped, or read whole. */
struct src {
	const char *data;
	size_t len;
	char *owned;		/* read whole (standard input, a pipe) */
	size_t mapped;		/* bytes mapped, 0 if not */
	size_t trimmed;		/* mapped bytes before this are let go */
	int fd;			/* the mapped file, under a shared lock */
};

#define TRIM_STEP (1u << 20)

/* Let go of the mapped pages before byte upto (they stay in the page
 * cache; read again, they come back). */
static void
let_go(struct src *s, size_t upto)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), end;

	if (s->mapped == 0 || upto < s->trimmed + TRIM_STEP)
		return;
	end = upto / page * page;
	madvise((char *)s->data + s->trimmed, end - s->trimmed,
	    MADV_DONTNEED);
	s->trimmed = end;
}

static void
rewind_src(struct src *s)
{
	let_go(s, s->len);
	s->trimmed = 0;
}

static int
read_all(int fd, struct src *s, const char *path, struct wl_error *err)
{
	size_t cap = 0;

	for (;;) {
		ssize_t k;

		if (cap - s->len < 65536) {
			char *nd = realloc(s->owned, cap = cap * 2 + 65536);

			if (nd == NULL) {
				wl_error_set(err, path, 0, 0, "out of memory");
				return -1;
			}
			s->owned = nd;
		}
		k = read(fd, s->owned + s->len, cap - s->len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			wl_error_set(err, path, 0, 0, "read error: %s",
			    strerror(errno));
			return -1;
		}
		if (k == 0)
			break;
		s->len += (size_t)k;
	}
	s->data = s->owned;
	return 0;
}

static void
src_close(struct src *s)
{
	if (s->mapped > 0)
		munmap((void *)s->data, s->mapped);
	if (s->fd >= 0)
		close(s->fd);	/* and its lock */
	free(s->owned);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

/*
 * Open the journal at path ("-": standard input).  A regular file is
 * mapped under a shared lock, so that no writer can cut its torn tail
 * off under us; when a writer holds the lock, or for anything else,
 * it is read whole.  0, or -1 (err).
 */
static int
src_open(const char *path, struct src *s, struct wl_error *err)
{
	struct stat st;
	int fd;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	if (strcmp(path, "-") == 0)
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
	if (strcmp(path, "-") != 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    flock(fd, LOCK_SH | LOCK_NB) == 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
		    fd, 0);

		if (m != MAP_FAILED) {
			s->data = m;
			s->len = s->mapped = (size_t)st.st_size;
			s->fd = fd;
			return 0;
		}
		flock(fd, LOCK_UN);
	}
	if (read_all(fd, s, path, err) < 0) {
		close(fd);
		src_close(s);
		return -1;
	}
	close(fd);
	return 0;
}

/* The line at *off (without its '\n'); 0 when no whole line is left
 * (what remains, if anything, is the torn tail).  The pages before it
 * are let go of. */
static int
next_line(struct src *s, size_t *off, const char **p, size_t *n)
{
	const char *eol;

	let_go(s, *off);
	if (*off >= s->len || (eol = memchr(s->data + *off, '\n',
	    s->len - *off)) == NULL)
		return 0;
	*p = s->data + *off;
	*n = (size_t)(eol - *p);
	*off += *n + 1;
	return 1;
}

static size_t
count_lines(struct src *s)
{
	size_t n = 0, off = 0, len;
	const char *p;

	while (next_line(s, &off, &p, &len))
		n++;
	rewind_src(s);
	return n;
}

/* Bytes after the last '\n'. */
static size_t
torn_bytes(const struct src *s)
{
	size_t n = 0;

	while (n < s->len && s->data[s->len - 1 - n] != '\n')
		n++;
	return n;
}

static uint64_t
hash(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;

	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	for (; n > 0; p++, n--)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	h ^= h >> 29;
	return h * 0xc4ceb9fe1a85ec53ull;
}

/*
 * Lines that repeat an earlier line byte for byte.  Pass 0 keeps the
 * hashes that occur on more than one line; only lines with such a hash
 * are remembered (where they are) and compared.  Blank lines are no
 * records: each is reported as blank, and repair keeps them.
 */
struct seen {
	const char *p;		/* NULL: none yet */
	size_t len;
	long no;
};

struct dups {
	uint64_t *twice;	/* sorted */
	size_t ntwice;
	struct seen *first;	/* the first line of each hash in twice */
	struct seen *other;	/* other lines of those hashes (a hash
				 * shared by lines that differ) */
	uint64_t *otherh;
	size_t nother, cap;
};

static int
dups_prepare(struct dups *d, struct src *s, size_t nlines)
{
	struct wl_idset h;
	size_t off = 0, len;
	const char *p;

	memset(d, 0, sizeof(*d));
	if (wl_idset_init(&h, nlines) < 0)
		return -1;
	while (next_line(s, &off, &p, &len))
		if (len > 0)
			wl_idset_add(&h, hash(p, len), 0);
	rewind_src(s);
	if (wl_idset_sort(&h) < 0) {
		wl_idset_free(&h);
		return -1;
	}
	for (size_t i = 0; i + 1 < h.n; i++)
		if (h.id[i] == h.id[i + 1] &&
		    (d->ntwice == 0 || d->twice[d->ntwice - 1] != h.id[i])) {
			uint64_t *t = realloc(d->twice, (d->ntwice + 1) *
			    sizeof(*t));

			if (t == NULL) {
				wl_idset_free(&h);
				return -1;
			}
			d->twice = t;
			d->twice[d->ntwice++] = h.id[i];
		}
	wl_idset_free(&h);
	if ((d->first = calloc(d->ntwice + 1, sizeof(*d->first))) == NULL)
		return -1;
	return 0;
}

static int
same(const struct seen *s, const char *p, size_t len)
{
	return s->len == len && memcmp(s->p, p, len) == 0;
}

/* Line no (p, len): the number of the earlier line it repeats, 0 if
 * none, -1 when out of memory. */
static long
dups_earlier(struct dups *d, const char *p, size_t len, long no)
{
	uint64_t h;
	size_t lo = 0, hi = d->ntwice;

	if (len == 0 || d->ntwice == 0)
		return 0;
	h = hash(p, len);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->twice[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == d->ntwice || d->twice[lo] != h)
		return 0;
	if (d->first[lo].p == NULL) {
		d->first[lo] = (struct seen){ p, len, no };
		return 0;
	}
	if (same(&d->first[lo], p, len))
		return d->first[lo].no;
	for (size_t i = 0; i < d->nother; i++)
		if (d->otherh[i] == h && same(&d->other[i], p, len))
			return d->other[i].no;
	if (d->nother == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct seen *t = realloc(d->other, cap * sizeof(*t));
		uint64_t *th;

		if (t == NULL)
			return -1;
		d->other = t;
		if ((th = realloc(d->otherh, cap * sizeof(*th))) == NULL)
			return -1;
		d->otherh = th;
		d->cap = cap;
	}
	d->otherh[d->nother] = h;
	d->other[d->nother++] = (struct seen){ p, len, no };
	return 0;
}

static void
dups_free(struct dups *d)
{
	free(d->twice);
	free(d->first);
	free(d->other);
	free(d->otherh);
}

struct ctx {
	const char *file;
	struct wl_diag *diag;
	long problems;
	struct src src;
	struct dups dups;
	struct wl_idset ids;	/* of the good lines */
	unsigned char *good;	/* bit per line */
	struct blocks {		/* sessions with a list of blocks */
		uint64_t id;
		long long n;
	} *blocks;
	size_t nblocks;
	int oom;
};

static void problem(struct ctx *c, long no, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
problem(struct ctx *c, long no, long col, const char *fmt, ...)
{
	struct wl_error e;
	va_list ap;

	wl_error_set(&e, c->file, no, col, "%s", "");
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	wl_diag_emit(c->diag, WL_ERROR, &e);
	c->problems++;
}

/* A good line's record, as the scanner reads it or parsed (then *rec
 * holds it, and the caller frees it).  -1 when out of memory: the
 * line parsed before. */
static int
read_good(const char *p, size_t len, struct wl_scan *sc, json_t **rec)
{
	struct wl_error e;

	*rec = NULL;
	if (wl_scan_line(p, len, sc))
		return 0;
	return (*rec = wl_record_parse(p, len, &e)) != NULL ? 0 : -1;
}

static int
keep_blocks(struct ctx *c, uint64_t id, const json_t *rec)
{
	json_t *b = json_object_get(rec, "blocks");
	struct blocks *t;

	if (!json_is_array(b))
		return 0;
	if ((t = realloc(c->blocks, (c->nblocks + 1) * sizeof(*t))) == NULL)
		return -1;
	c->blocks = t;
	c->blocks[c->nblocks].id = id;
	c->blocks[c->nblocks++].n = (long long)json_array_size(b);
	return 0;
}

/* Number of blocks of the session with this id. */
static long long
nblocks(const struct ctx *c, uint64_t id)
{
	for (size_t i = 0; i < c->nblocks; i++)
		if (c->blocks[i].id == id)
			return c->blocks[i].n;
	return 3;
}

/* Pass 1: syntax, schema and canonical form, in line order. */
static void
check_lines(struct ctx *c)
{
	size_t off = 0, len, i = 0;
	const char *p;

	for (; next_line(&c->src, &off, &p, &len); i++) {
		long no = (long)i + 1, dup;
		struct wl_scan sc;
		struct wl_error e;
		json_t *rec;
		char *canon;
		size_t clen;

		if ((dup = dups_earlier(&c->dups, p, len, no)) != 0) {
			if (dup < 0)
				c->oom = 1;
			else
				problem(c, no, 0, "repeats line %ld byte for "
				    "byte (--repair drops it)", dup);
			continue;
		}
		if (len == 0) {
			problem(c, no, 0, "blank line");
			continue;
		}
		if (len > WL_LINE_MAX) {
			problem(c, no, 0, "line longer than %d bytes",
			    WL_LINE_MAX);
			continue;
		}
		if (wl_scan_line(p, len, &sc)) {
			wl_idset_add(&c->ids, wl_idset_value(sc.id),
			    (unsigned char)sc.type);
			c->good[i / 8] |= (unsigned char)(1u << (i % 8));
			continue;
		}
		if ((rec = wl_record_parse(p, len, &e)) == NULL) {
			problem(c, no, e.col, "%s", e.msg);
			continue;
		}
		wl_idset_add(&c->ids, wl_idset_value(wl_record_str(rec, "id")),
		    (unsigned char)wl_type_of(rec));
		c->good[i / 8] |= (unsigned char)(1u << (i % 8));
		if (wl_type_of(rec) == WL_SESSION && keep_blocks(c,
		    wl_idset_value(wl_record_str(rec, "id")), rec) < 0)
			c->oom = 1;
		canon = wl_record_encode(rec, &clen);
		if (canon != NULL && (clen - 1 != len ||
		    memcmp(canon, p, len) != 0))
			problem(c, no, 1, "not in canonical form (compact, keys "
			    "in order, non-ASCII unescaped)");
		free(canon);
		json_decref(rec);
	}
	rewind_src(&c->src);
	if ((len = torn_bytes(&c->src)) > 0)
		problem(c, (long)i + 1, 0, "torn last line: %zu bytes without "
		    "a newline (--repair moves them aside)", len);
}

static int
is_good(const struct ctx *c, size_t i)
{
	return c->good[i / 8] >> (i % 8) & 1;
}

/* The id and type of good line (p, len); -1 when out of memory. */
static int
id_of(const char *p, size_t len, uint64_t *id, unsigned char *type)
{
	struct wl_scan sc;
	json_t *rec;

	if (read_good(p, len, &sc, &rec) < 0)
		return -1;
	if (rec == NULL) {
		*type = (unsigned char)sc.type;
		*id = wl_idset_value(sc.id);
		return 0;
	}
	*type = (unsigned char)wl_type_of(rec);
	*id = wl_idset_value(wl_record_str(rec, "id"));
	json_decref(rec);
	return 0;
}

/* Ids used twice, sorted: the first line of each and its type. */
struct twice {
	struct first {
		uint64_t id;
		long line;
		unsigned char type;
	} *v;
	size_t n;
};

static int
by_id(const void *a, const void *b)
{
	uint64_t x = ((const struct first *)a)->id;
	uint64_t y = ((const struct first *)b)->id;

	return x < y ? -1 : x > y;
}

static struct first *
first_of(const struct twice *tw, uint64_t id)
{
	struct first key = { id, 0, 0 };

	return bsearch(&key, tw->v, tw->n, sizeof(key), by_id);
}

static unsigned char
first_type(uint64_t id, void *ctx)
{
	return first_of(ctx, id)->type;	/* asked only for ids in it */
}

/* The ids on more than one line, from the sorted set. */
static int
twice_find(const struct wl_idset *ids, struct twice *tw)
{
	memset(tw, 0, sizeof(*tw));
	for (size_t i = 0; i + 1 < ids->n; i++) {
		struct first *t;

		if (ids->id[i] != ids->id[i + 1] ||
		    (tw->n > 0 && tw->v[tw->n - 1].id == ids->id[i]))
			continue;
		if ((t = realloc(tw->v, (tw->n + 1) * sizeof(*t))) == NULL)
			return -1;
		tw->v = t;
		tw->v[tw->n++] = (struct first){ ids->id[i], 0, 0 };
	}
	return 0;
}

/*
 * Sort the ids.  An id on more than one good line: each later line is
 * a problem, in line order (one more pass), and the id stands for the
 * record of its first line.  0, or -1 when out of memory.
 */
static int
sort_ids(struct ctx *c)
{
	struct twice tw;
	size_t off = 0, len, i;
	const char *p;
	int rc = -1;

	if (wl_idset_sort(&c->ids) < 0)
		return -1;
	if (twice_find(&c->ids, &tw) < 0)
		goto out;
	if (tw.n == 0) {
		rc = 0;
		goto out;
	}
	for (i = 0; next_line(&c->src, &off, &p, &len); i++) {
		struct first *t;
		unsigned char type;
		uint64_t id;

		if (!is_good(c, i))
			continue;
		if (id_of(p, len, &id, &type) < 0)
			goto out;
		if ((t = first_of(&tw, id)) == NULL)
			continue;
		if (t->line == 0) {
			t->line = (long)i + 1;
			t->type = type;
		} else
			problem(c, (long)i + 1, wl_record_column(p, len, "id"),
			    "id already used at line %ld", t->line);
	}
	rewind_src(&c->src);
	rc = wl_idset_unique(&c->ids, first_type, &tw);
out:
	free(tw.v);
	return rc;
}

/* What check_refs reads of a good line, from its bytes or its JSON. */
struct refs {
	const char *id[3];		/* session, by, ref; or NULL */
	char buf[3][WL_ID_LEN + 1];
	long long block;		/* 0 when absent */
	const char *status;
	enum wl_type type;
};

static void
refs_of(const struct wl_scan *sc, const json_t *rec, struct refs *f)
{
	static const int which[] = { WL_SCAN_SESSION, WL_SCAN_BY,
		WL_SCAN_REF };
	static const char *const names[] = { "session", "by", "ref" };

	memset(f, 0, sizeof(*f));
	if (rec != NULL) {
		for (int i = 0; i < 3; i++)
			f->id[i] = wl_record_str(rec, names[i]);
		f->block = wl_record_int(rec, "block", 0);
		f->status = wl_record_str(rec, "status");
		f->type = wl_type_of(rec);
		return;
	}
	for (int i = 0; i < 3; i++)
		if (sc->ref[which[i]] != NULL) {
			memcpy(f->buf[i], sc->ref[which[i]], WL_ID_LEN);
			f->buf[i][WL_ID_LEN] = '\0';
			f->id[i] = f->buf[i];
		}
	f->block = sc->block;
	if (sc->type == WL_STATUS && sc->val > 0)
		f->status = wl_schema_enum(WL_STATUS, "status")[sc->val - 1];
	f->type = sc->type;
}

/* Pass 2: every reference names a record of the right type; statuses
 * fit; amends set values that fit; blocks exist. */
static void
check_refs(struct ctx *c)
{
	static const char *const fields[] = { "session", "by", "ref" };
	size_t off = 0, len, i;
	const char *p;

	for (i = 0; next_line(&c->src, &off, &p, &len); i++) {
		long no = (long)i + 1;
		int target = -1;	/* the type "ref" names */
		struct wl_scan sc;
		struct refs f;
		json_t *rec;

		if (!is_good(c, i))
			continue;
		if (read_good(p, len, &sc, &rec) < 0) {
			c->oom = 1;
			break;
		}
		refs_of(&sc, rec, &f);
		for (size_t k = 0; k < 3 && f.type != WL_UNKNOWN; k++) {
			const char *id = f.id[k];
			unsigned mask = wl_schema_ref_mask(f.type, fields[k]);
			size_t r;
			unsigned char type;

			if (id == NULL || mask == 0)
				continue;
			if (!wl_id_valid(id) || (r = wl_idset_find(&c->ids,
			    wl_idset_value(id))) == (size_t)-1) {
				problem(c, no, wl_record_column(p, len,
				    fields[k]), "'%s' names no record '%s'",
				    fields[k], id);
				continue;
			}
			type = c->ids.type[r];
			if (!(mask & WL_TYPE_BIT(type))) {
				problem(c, no, wl_record_column(p, len,
				    fields[k]), "'%s' names a record of "
				    "type %s, not %s", fields[k],
				    wl_type_name((enum wl_type)type),
				    wl_schema_mask_names(mask));
				continue;
			}
			if (k == 2)
				target = type;
			if (k == 0 && f.block > nblocks(c, wl_idset_value(id)))
				problem(c, no, wl_record_column(p, len,
				    "block"), "block %lld is not in its "
				    "session (it has blocks 1 to %lld)",
				    f.block, nblocks(c, wl_idset_value(id)));
		}
		if (target >= 0 && f.type == WL_STATUS) {
			const char *const *v = wl_schema_status_values(
			    (enum wl_type)target);
			int fits = 0;

			for (; v && *v; v++)
				fits |= f.status && strcmp(*v, f.status) == 0;
			if (!fits)
				problem(c, no, wl_record_column(p, len,
				    "status"), "status '%s' does not fit a "
				    "record of type %s",
				    f.status ? f.status : "",
				    wl_type_name((enum wl_type)target));
		} else if (target >= 0 && f.type == WL_AMEND) {
			json_t *set = json_object_get(rec, "set"), *v;
			struct wl_error e;
			const char *k;

			json_object_foreach(set, k, v)
				if (wl_schema_check_field((enum wl_type)target,
				    k, v, &e) < 0)
					problem(c, no, wl_record_column(p,
					    len, "set"), "%s", e.msg);
		}
		json_decref(rec);
	}
	rewind_src(&c->src);
}

long
wl_check(const char *path, struct wl_diag *diag, struct wl_error *err)
{
	struct ctx c;
	size_t nlines = 0;
	long rc = -1;

	memset(&c, 0, sizeof(c));
	c.file = strcmp(path, "-") ? path : "<stdin>";
	c.diag = diag;
	if (src_open(path, &c.src, err) < 0)
		return -1;
	nlines = count_lines(&c.src);
	if (dups_prepare(&c.dups, &c.src, nlines) < 0 ||
	    wl_idset_init(&c.ids, nlines) < 0 ||
	    (c.good = calloc(nlines / 8 + 1, 1)) == NULL)
		goto oom;
	/* Lines first, in order; then what needs the whole journal. */
	check_lines(&c);
	if (c.oom || sort_ids(&c) < 0)
		goto oom;
	check_refs(&c);
	if (c.oom)
		goto oom;
	rc = c.problems;
	goto out;
oom:
	wl_error_set(err, path, 0, 0, "out of memory");
out:
	dups_free(&c.dups);
	wl_idset_free(&c.ids);
	free(c.good);
	free(c.blocks);
	src_close(&c.src);
	return rc;
}

int
wl_check_repair(struct wl_writer *w, const char *path,
    struct wl_repair *done, struct wl_error *err)
{
	struct src s;
	struct dups d;
	char *out = NULL;
	size_t o = 0, off = 0, len;
	const char *p;
	long no = 0, dup;
	int rc = -1;

	memset(done, 0, sizeof(*done));
	memset(&d, 0, sizeof(d));
	if (src_open(path, &s, err) < 0)
		return -1;
	if (dups_prepare(&d, &s, count_lines(&s)) < 0 ||
	    (out = malloc(s.len + 1)) == NULL)
		goto nomem;
	while (next_line(&s, &off, &p, &len)) {
		if ((dup = dups_earlier(&d, p, len, ++no)) < 0)
			goto nomem;
		if (dup > 0) {
			done->dropped++;
			continue;
		}
		memcpy(out + o, p, len);
		o += len;
		out[o++] = '\n';
	}
	done->torn = torn_bytes(&s);
	if (done->dropped == 0 && done->torn == 0) {
		rc = 0;		/* nothing to do */
		goto out;
	}
	if (done->torn > 0 && (done->tornfile = wl_save_torn(path,
	    s.data + s.len - done->torn, done->torn, err)) == NULL)
		goto out;
	if (wl_writer_rewrite(w, out, o, err) < 0) {
		if (done->tornfile != NULL)
			unlink(done->tornfile);
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	wl_error_set(err, path, 0, 0, "out of memory");
out:
	free(out);
	dups_free(&d);
	src_close(&s);
	return rc;
}
