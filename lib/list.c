/* list.c - a list of the whole journal as jsonl, without loading it */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl.h"
#include "scan.h"

/*
 * Pass 1 scans every line (wl_scan_line, else wl_record_parse) and
 * keeps a small entry per record; then the fold's checks run on the
 * entries.  Anything the plain path would say (a bad, blank, long or
 * torn line, an id used twice, a dangling or wrong-typed reference, a
 * bad amend or status) makes this give up before writing a byte, so
 * every message comes from the plain path.  Pass 2 writes the matches
 * with their closure: a vouched line that no amend touched is written
 * as its bytes (wl_scan_line proves them canonical); the rest are
 * parsed, folded and encoded as the plain path does it.
 */

#define NONE 0u		/* entry indices are stored + 1 */
#define F_CANON 1	/* the line is its record's canonical encoding */
#define F_RETRACTED 2
#define F_AMENDED 4
#define F_WRITTEN 8
#define F_KEYED 32	/* an amend sets its kind or block */
#define F_AMASK 64	/* an amend: block holds amend_mask() */
#define A_KEYED (1u << 30)	/* amend_mask: it sets kind or block */

struct ent {
	uint64_t id;
	uint64_t ref[WL_SCAN_NREFS];	/* id; index + 1 once resolved */
	uint64_t off;
	uint32_t len;
	uint32_t amend;		/* target: first amend; amend: next one */
	uint32_t session, parent;
	int32_t block;		/* an amend with F_AMASK: its amend_mask() */
	uint8_t type, val, refs, flags;	/* refs: bit k, ref[k] is set */
};

struct slot {
	uint64_t id;
	uint32_t i;		/* index + 1; NONE: empty */
};

struct fast {
	const char *map;
	struct ent *e;
	size_t n, cap;
	struct slot *tab;	/* open addressing on id */
	size_t tcap;
	FILE *fp;
	size_t trimmed;		/* map bytes before this are let go */
	char *ob;		/* output, written OUT_SIZE bytes at a time */
	size_t on;
};

#define OUT_SIZE (1u << 20)

#define TRIM_STEP (4u << 20)

/*
 * Let go of the mapped pages before byte upto once TRIM_STEP more are
 * read: they stay in the page cache, but do not count against this
 * process (a record looked up there again is paged back in).
 */
static void
trim_range(const char *map, size_t *trimmed, size_t upto)
{
	size_t page;

	if (upto < *trimmed + TRIM_STEP)
		return;
	page = (size_t)sysconf(_SC_PAGESIZE);
	upto -= upto % page;
	if (upto < *trimmed + TRIM_STEP)
		return;
	madvise((void *)(map + *trimmed), upto - *trimmed, MADV_DONTNEED);
	*trimmed = upto;
}

static void
trim(struct fast *f, size_t upto)
{
	trim_range(f->map, &f->trimmed, upto);
}

static const char *const ref_names[WL_SCAN_NREFS] = { "session", "by",
	"owner", "ref" };

/* 1 + the value of a lowercase hex digit; 0 for any other byte. */
static const unsigned char hexval[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16
};

/* 16 lowercase hex as a number; 0 and *ok = 0 if it is not an id. */
static uint64_t
hex_id(const char *s, size_t n, int *ok)
{
	uint64_t v = 0;
	unsigned bad = 0;

	*ok = 0;
	if (n != WL_ID_LEN)
		return 0;
	for (size_t i = 0; i < WL_ID_LEN; i++) {
		unsigned d = hexval[(unsigned char)s[i]];

		bad |= d == 0;
		v = v << 4 | (uint64_t)((d - 1) & 15);
	}
	if (bad)
		return 0;
	*ok = 1;
	return v;
}

static size_t
hash(uint64_t id, size_t cap)
{
	return (size_t)((id * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);
}

/* Index + 1 of the record with this id, or NONE. */
static uint32_t
lookup(const struct fast *f, uint64_t id)
{
	for (size_t k = hash(id, f->tcap); f->tab[k].i; k = (k + 1) &
	    (f->tcap - 1))
		if (f->tab[k].id == id)
			return f->tab[k].i;
	return NONE;
}

/* 1 if field k of a record of type t is looked up by the fold. */
static int
linked(enum wl_type t, int k)
{
	switch (k) {
	case WL_SCAN_SESSION:
		return t != WL_SESSION;
	case WL_SCAN_REF:
		return t != WL_UNKNOWN;
	case WL_SCAN_BY:
		return t == WL_NOTE || t == WL_ENDORSEMENT ||
		    t == WL_REDACTION;
	default:
		return 0;
	}
}

/* Set ref k of e from a string value; 0 if the fold would warn that
 * it names no record (it cannot be an id). */
static int
set_ref(struct ent *e, int k, const char *s, size_t n)
{
	int ok;

	if (s == NULL)
		return 1;
	e->ref[k] = hex_id(s, n, &ok);
	if (ok)
		e->refs |= (uint8_t)(1u << k);
	return ok || !linked((enum wl_type)e->type, k);
}

static int
enum_index(enum wl_type t, const char *field, const char *v)
{
	const char *const *vals = wl_schema_enum(t, field);

	for (int i = 0; v && vals && vals[i]; i++)
		if (strcmp(vals[i], v) == 0)
			return i + 1;
	return 0;
}

/* Fill e from a parsed record; 0 if the fold would warn. */
static int
from_json(struct ent *e, const json_t *rec)
{
	const char *id = wl_record_str(rec, "id");
	long long b = wl_record_int(rec, "block", 0);
	int ok;

	e->type = (uint8_t)wl_type_of(rec);
	e->id = hex_id(id, strlen(id), &ok);
	e->block = b > INT32_MAX ? INT32_MAX : b < INT32_MIN ? INT32_MIN :
	    (int32_t)b;
	if (e->type == WL_NOTE)
		e->val = (uint8_t)enum_index(WL_NOTE, "kind",
		    wl_record_str(rec, "kind"));
	else if (e->type == WL_STATUS)
		e->val = (uint8_t)enum_index(WL_STATUS, "status",
		    wl_record_str(rec, "status"));
	for (int k = 0; k < WL_SCAN_NREFS; k++) {
		const char *s = wl_record_str(rec, ref_names[k]);

		if (!set_ref(e, k, s, s ? strlen(s) : 0))
			return 0;
	}
	return 1;
}

/*
 * The types of record the amend rec may be applied to (bit t: the
 * fold's checks of its set pass for a target of type t), and A_KEYED
 * if it sets kind or block: so the fold need not parse it again.
 */
static uint32_t
amend_mask(const json_t *rec)
{
	json_t *set = json_object_get(rec, "set"), *v;
	struct wl_error e;
	const char *k;
	uint32_t m = 0;

	for (int t = 0; t <= WL_UNKNOWN; t++) {
		int ok = 1;

		json_object_foreach(set, k, v)
			if ((t == WL_STATUS && strcmp(k, "status") == 0) ||
			    wl_schema_check_field((enum wl_type)t, k, v,
			    &e) < 0)
				ok = 0;
		if (ok)
			m |= 1u << t;
	}
	json_object_foreach(set, k, v)
		if (strcmp(k, "kind") == 0 || strcmp(k, "block") == 0)
			m |= A_KEYED;
	return m;
}

/*
 * Pass 1 runs in two threads, each over about half of the lines (the
 * second half starts after the first '\n' past the middle): they scan
 * what wl_scan_line vouches for and parse the rest as the plain path
 * does (jansson is thread-safe for separate values, and the record
 * parser keeps no state).  The halves are joined in file order, then indexed.
 */
struct part {
	const char *map;
	size_t from, to;	/* whole lines, to just past a '\n' or EOF */
	struct ent *e;
	size_t n, cap;
	size_t trimmed;
	int ok;
};

/* One entry per line of the part; p->ok = 0 when the plain path must
 * run. */
static void *
scan_part(void *arg)
{
	struct part *pt = arg;
	const char *p = pt->map + pt->from, *end = pt->map + pt->to, *nl;
	struct wl_scan sc;

	pt->ok = 0;
	for (; p < end; p = nl + 1) {
		struct ent *e;
		size_t len;
		int ok;

		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return NULL;	/* torn last line */
		len = (size_t)(nl - p);
		if (len == 0 || len > WL_LINE_MAX)
			return NULL;
		if (pt->n == pt->cap) {
			size_t cap = pt->cap ? pt->cap * 2 : 4096;
			struct ent *ne = realloc(pt->e, cap * sizeof(*ne));

			if (ne == NULL)
				return NULL;
			pt->e = ne;
			pt->cap = cap;
		}
		e = memset(&pt->e[pt->n], 0, sizeof(*e));
		e->off = (uint64_t)(p - pt->map);
		e->len = (uint32_t)len;
		if (wl_scan_line(p, len, &sc)) {
			e->flags = F_CANON;
			e->type = (uint8_t)sc.type;
			e->id = hex_id(sc.id, WL_ID_LEN, &ok);
			e->val = (uint8_t)sc.val;
			e->block = sc.block > INT32_MAX ? INT32_MAX :
			    (int32_t)sc.block;
			for (int k = 0; k < WL_SCAN_NREFS; k++)
				if (!set_ref(e, k, sc.ref[k], sc.reflen[k]))
					return NULL;
		} else {
			json_t *rec = wl_record_parse(p, len, NULL);

			ok = rec != NULL && from_json(e, rec);
			if (ok && e->type == WL_AMEND) {
				e->block = (int32_t)amend_mask(rec);
				e->flags = F_AMASK;
			}
			json_decref(rec);
			if (!ok)
				return NULL;
		}
		pt->n++;
		trim_range(pt->map, &pt->trimmed, (size_t)(p - pt->map));
	}
	pt->ok = 1;
	return NULL;
}

/* The id table, sized once for all n entries; 0 if an id is used
 * twice (or on ENOMEM). */
static int
index_all(struct fast *f)
{
	size_t cap = 1 << 16;

	while (cap < f->n * 2 + 2)
		cap *= 2;
	if ((f->tab = calloc(cap, sizeof(*f->tab))) == NULL)
		return 0;
	f->tcap = cap;
	for (size_t i = 0; i < f->n; i++) {
		uint64_t id = f->e[i].id;
		size_t k;

		if (i + 16 < f->n)
			__builtin_prefetch(&f->tab[hash(f->e[i + 16].id, cap)],
			    1);
		for (k = hash(id, cap); f->tab[k].i; k = (k + 1) & (cap - 1))
			if (f->tab[k].id == id)
				return 0;	/* an id used twice */
		f->tab[k].id = id;
		f->tab[k].i = (uint32_t)i + 1;
	}
	return 1;
}

/* Pass 1: one entry per line.  0 when the plain path must run. */
static int
scan_all(struct fast *f, size_t size)
{
	struct part pt[2];
	const char *mid;
	pthread_t th;
	int threaded = 0, ok;

	memset(pt, 0, sizeof(pt));
	pt[0].map = pt[1].map = f->map;
	pt[0].to = size;
	mid = memchr(f->map + size / 2, '\n', size - size / 2);
	if (mid != NULL && (size_t)(mid + 1 - f->map) < size) {
		size_t page = (size_t)sysconf(_SC_PAGESIZE);

		pt[0].to = pt[1].from = (size_t)(mid + 1 - f->map);
		pt[1].trimmed = (pt[1].from + page - 1) / page * page;
		pt[1].to = size;
		/* jansson seeds its hash tables on first use: do it here,
		 * before two threads parse at once. */
		json_object_seed(0);
		threaded = pthread_create(&th, NULL, scan_part, &pt[1]) == 0;
	}
	scan_part(&pt[0]);
	if (threaded)
		pthread_join(th, NULL);
	else if (pt[1].to > pt[1].from)
		scan_part(&pt[1]);
	else
		pt[1].ok = 1;
	ok = pt[0].ok && pt[1].ok;
	if (ok && pt[1].n > 0) {
		struct ent *ne = realloc(pt[0].e, (pt[0].n + pt[1].n) *
		    sizeof(*ne));

		if (ne == NULL)
			ok = 0;
		else {
			memcpy(ne + pt[0].n, pt[1].e, pt[1].n * sizeof(*ne));
			pt[0].e = ne;
			pt[0].n += pt[1].n;
		}
	}
	free(pt[1].e);
	f->e = pt[0].e;
	f->n = pt[0].n;
	f->cap = pt[0].n;
	if (!ok)
		return 0;
	return index_all(f);
}

/* The amend at entry a may be applied to t; 0 if the fold objects. */
static int
amend_ok(const struct fast *f, const struct ent *a, struct ent *t)
{
	json_t *rec, *set, *v;
	struct wl_error e;
	const char *k;
	int ok;

	if (a->flags & F_AMASK) {
		if ((uint32_t)a->block & A_KEYED)
			t->flags |= F_KEYED;
		return ((uint32_t)a->block >> t->type) & 1;
	}
	rec = wl_record_parse_json(f->map + a->off, a->len, NULL);
	set = json_object_get(rec, "set");
	ok = rec != NULL;
	json_object_foreach(set, k, v) {
		if ((t->type == WL_STATUS && strcmp(k, "status") == 0) ||
		    wl_schema_check_field((enum wl_type)t->type, k, v,
		    &e) < 0)
			ok = 0;
		if (strcmp(k, "kind") == 0 || strcmp(k, "block") == 0)
			t->flags |= F_KEYED;
	}
	json_decref(rec);
	return ok;
}

/* The fold's links, retracts, amends and statuses, as fold.c does
 * them; 0 where it would say anything. */
static int
fold(struct fast *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		struct ent *e = &f->e[i];

		for (int k = 0; k < WL_SCAN_NREFS; k++) {
			uint32_t t;

			if (!(e->refs & (1u << k)))
				continue;
			t = lookup(f, e->ref[k]);
			e->ref[k] = t;
			if (!linked((enum wl_type)e->type, k))
				continue;
			if (t == NONE || !(wl_schema_ref_mask(
			    (enum wl_type)e->type, ref_names[k]) &
			    WL_TYPE_BIT(f->e[t - 1].type)))
				return 0;
			if (k == WL_SCAN_SESSION)
				e->session = t;
			if (k == WL_SCAN_REF)
				e->parent = t;
		}
		if (e->type == WL_SESSION)
			e->session = (uint32_t)i + 1;
	}
	for (i = 0; i < f->n; i++) {
		struct ent *e = &f->e[i];

		if (e->session == NONE) {
			const struct ent *p = e;
			int hops = 0;

			while (p->session == NONE && p->parent != NONE &&
			    hops++ < 8)
				p = &f->e[p->parent - 1];
			e->session = p->session;
		}
		if (e->type == WL_RETRACT && e->parent != NONE)
			f->e[e->parent - 1].flags |= F_RETRACTED;
	}
	f->trimmed = 0;
	for (i = 0; i < f->n; i++) {
		struct ent *e = &f->e[i], *t;

		if (!(e->flags & F_AMASK))
			trim(f, (size_t)e->off);
		if ((e->flags & F_RETRACTED) || e->parent == NONE)
			continue;
		t = &f->e[e->parent - 1];
		if (e->type == WL_AMEND) {
			uint32_t *link = &t->amend;

			if (!amend_ok(f, e, t))
				return 0;
			while (*link != NONE)
				link = &f->e[*link - 1].amend;
			*link = (uint32_t)i + 1;
			t->flags |= F_AMENDED;
		} else if (e->type == WL_STATUS) {
			const char *const *v = wl_schema_status_values(
			    (enum wl_type)t->type);
			const char *s = wl_schema_enum(WL_STATUS,
			    "status")[e->val - 1];
			int fits = 0;

			for (; v && *v; v++)
				fits |= strcmp(*v, s) == 0;
			if (!fits)
				return 0;
		}
	}
	return 1;
}

/* The record at entry i as it stands now (new reference), or NULL. */
static json_t *
current(const struct fast *f, uint32_t i)
{
	const struct ent *e = &f->e[i];
	json_t *cur = wl_record_parse(f->map + e->off, e->len, NULL), *v;
	const char *k;

	for (uint32_t a = e->amend; cur != NULL && a != NONE;
	    a = f->e[a - 1].amend) {
		const struct ent *ae = &f->e[a - 1];
		json_t *rec = wl_record_parse_json(f->map + ae->off, ae->len,
		    NULL);

		json_object_foreach(json_object_get(rec, "set"), k, v) {
			if (json_is_null(v))
				json_object_del(cur, k);
			else
				json_object_set(cur, k, v);
		}
		json_decref(rec);
	}
	return cur;
}

static int
retracted(const struct fast *f, uint32_t i)
{
	const struct ent *r = &f->e[i];

	for (int hops = 0; hops < 8; hops++) {
		if (r->flags & F_RETRACTED)
			return 1;
		if (r->type == WL_RETRACT)
			return 0;
		if (r->session != NONE && r->session != (uint32_t)(r - f->e) +
		    1 && (f->e[r->session - 1].flags & F_RETRACTED))
			return 1;
		if (r->parent == NONE)
			return 0;
		r = &f->e[r->parent - 1];
	}
	return 0;
}

/* Out: n bytes to the output buffer; flush: the buffer to fp. */
static void
flush(struct fast *f)
{
	if (f->on > 0)
		fwrite(f->ob, 1, f->on, f->fp);
	f->on = 0;
}

static void
out(struct fast *f, const char *s, size_t n)
{
	if (f->on + n > OUT_SIZE)
		flush(f);
	if (n >= OUT_SIZE)
		fwrite(s, 1, n, f->fp);
	else {
		memcpy(f->ob + f->on, s, n);
		f->on += n;
	}
}

/* Write entry i after what it refers to, each once (the closure of
 * output.c's put_closed); cur is its current record when amended. */
static int
put_closed(struct fast *f, uint32_t i, json_t *cur, int depth)
{
	struct ent *e = &f->e[i];
	json_t *own = NULL;
	char *line;
	size_t len;
	int rc = 0;

	if (e->flags & F_WRITTEN)
		return 0;
	e->flags |= F_WRITTEN;
	if ((e->flags & F_AMENDED) && cur == NULL &&
	    (cur = own = current(f, i)) == NULL)
		return -1;
	for (int k = 0; k < WL_SCAN_NREFS && depth < 8 &&
	    e->type != WL_UNKNOWN; k++) {
		uint32_t t = e->refs & (1u << k) ? (uint32_t)e->ref[k] : NONE;

		if (cur != NULL) {
			const char *s = wl_record_str(cur, ref_names[k]);
			int ok;
			uint64_t id = s ? hex_id(s, strlen(s), &ok) : 0;

			t = s && ok ? lookup(f, id) : NONE;
		}
		if (t != NONE && put_closed(f, t - 1, NULL, depth + 1) < 0) {
			json_decref(own);
			return -1;
		}
	}
	if ((e->flags & (F_CANON | F_AMENDED)) == F_CANON) {
		out(f, f->map + e->off, e->len + 1);
		json_decref(own);
		return 0;
	}
	if (cur == NULL)
		cur = own = current(f, i);
	line = cur ? wl_record_encode(cur, &len) : NULL;
	if (line == NULL)
		rc = -1;
	else
		out(f, line, len);
	free(line);
	json_decref(own);
	return rc;
}

/* Pass 2: the matches, in file order, with their closure. */
static int
write_all(struct fast *f, const struct wl_list_query *q)
{
	/* The kind asked for as e->val has it; -1: no such kind. */
	int want = q->kind == NULL ? 0 : enum_index(WL_NOTE, "kind", q->kind);

	if (q->kind != NULL && want == 0)
		want = -1;
	f->trimmed = 0;
	for (uint32_t i = 0; i < f->n; i++) {
		const struct ent *e = &f->e[i];
		json_t *cur = NULL;

		trim(f, (size_t)e->off);
		const char *kind;
		long long block;
		int rc;

		if (e->type == WL_UNKNOWN) {
			if (put_closed(f, i, NULL, 0) < 0)
				return -1;
			continue;
		}
		if (e->type != q->type)
			continue;
		if (!(e->flags & F_KEYED) && ((q->kind != NULL &&
		    e->val != want) ||
		    (q->block != 0 && e->block != q->block)))
			continue;	/* cheap: no match, retracted or not */
		if (retracted(f, i))
			continue;
		if (e->flags & F_KEYED) {	/* amended: the current values */
			if ((cur = current(f, i)) == NULL)
				return -1;
			kind = wl_record_str(cur, "kind");
			block = wl_record_int(cur, "block", 0);
		} else {
			kind = e->val ? wl_schema_enum(WL_NOTE,
			    "kind")[e->val - 1] : NULL;
			block = e->block;
		}
		if ((q->kind == NULL || (kind && strcmp(kind, q->kind) == 0)) &&
		    (q->block == 0 || block == q->block))
			rc = put_closed(f, i, cur, 0);
		else
			rc = 0;
		json_decref(cur);
		if (rc < 0)
			return -1;
	}
	flush(f);
	return 0;
}

int
wl_list_fast(const char *path, FILE *fp, const struct wl_list_query *q,
    struct wl_error *err)
{
	struct fast f = { .fp = fp };
	struct stat st;
	int fd, rc = 0;

	if (q->type != WL_NOTE || isatty(fileno(fp)))
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	/*
	 * A shared lock while the file is mapped: a writer that cuts off a
	 * torn tail or undoes a failed append shrinks the file, and a
	 * mapped page past the end would kill us with SIGBUS.  Writers
	 * wait the second this takes; when a writer is at work (or a
	 * redact waits for its yes), the plain path reads instead.
	 */
	while (flock(fd, LOCK_SH | LOCK_NB) < 0)
		if (errno != EINTR) {
			close(fd);
			return 0;
		}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	if (st.st_size == 0) {
		close(fd);
		return 1;
	}
	f.map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (f.map == MAP_FAILED) {
		close(fd);
		return 0;
	}
	madvise((void *)f.map, (size_t)st.st_size, MADV_SEQUENTIAL);
	if (scan_all(&f, (size_t)st.st_size) && fold(&f)) {
		rc = 1;
		if ((f.ob = malloc(OUT_SIZE)) == NULL || write_all(&f, q) < 0) {
			wl_error_set(err, NULL, 0, 0, "out of memory");
			rc = -1;
		}
	}
	munmap((void *)f.map, (size_t)st.st_size);
	close(fd);	/* and with it the lock */
	free(f.e);
	free(f.tab);
	free(f.ob);
	return rc;
}
