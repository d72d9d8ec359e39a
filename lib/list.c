/* list.c - a list of the whole journal as jsonl, without loading it */
#include <sys/mman.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"
#include "idtab.h"
#include "reader.h"
#include "rules.h"
#include "scan.h"

/*
 * The loader keeps every record; a list of a big journal needs to
 * write a few of them with what they refer to.  So this reads the
 * mapped file in passes and keeps a small entry per record.  First
 * the ids alone (line_id: the bytes after '{"id":"', else the parsed
 * line), into the id table: then the entries can be had at their
 * final size, and each reference is found as it is read and kept as
 * an index, not an id.  Pass 1 (two threads, each over half the
 * lines) scans every line (wl_scan_line, else wl_line_parse); then
 * the fold's rules (rules.c: references, amends, statuses, blocks) run
 * on the entries.  Anything the loader would say (a bad, blank, long
 * or torn line, an id used twice, any problem of the rules, a line of
 * an erased person not yet erased) makes this give up before writing
 * a byte, so every message comes from the plain path.  Pass 2 writes
 * the matches with their closure: a vouched line that no amend touched
 * is written as its bytes (wl_scan_line proves them canonical); the
 * rest are parsed, amended and encoded as the plain path does it.
 * Memory: an entry (40 bytes) and an id (12) per record, an index (4)
 * per match; of the mapped file only a few folios around where the
 * pass reads (line_at), the lines it reads out of order come by pread.
 */

#define NONE 0u		/* entry indices are stored + 1 */
#define F_CANON 1	/* the line is its record's canonical encoding */
#define F_RETRACTED 2
#define F_AMENDED 4
#define F_WRITTEN 8
#define F_KEYED 16	/* an amend sets its kind or block (or blocks) */
#define F_AMASK 32	/* an amend: mask holds wl_rule_amend_types() */
#define F_NAMES 64	/* an amend whose set may name a record */
#define F_SETSKEY 128	/* an amend that sets kind, block or blocks */

struct ent {
	/* Where its line is and how long: a line is at most WL_LINE_MAX
	 * bytes (21 bits); a journal of 8 TB or more takes the plain
	 * path.  One word, not two. */
	uint64_t off:43, len:21;
	/* Its "at" as at_key has it (39 bits), and what it is. */
	uint64_t at:39, type:4, refs:5, flags:8, val:8;
	uint32_t pos;		/* where its id is in the sorted id table:
				 * in the order of the ids */
	/* Index + 1 of the records its first two references name (NONE
	 * where one names none), in the order of ref_names: bit k of refs
	 * says which it has.  A record has one or two; one with more has
	 * REFS_MANY in refs and all of them in the fast's many. */
	uint32_t ref[2];
	uint32_t amend;		/* target: first amend; amend: next one */
	uint32_t session;
	union {
		int32_t block;	/* a session: its own number of blocks,
				 * or -1 when it has no list of them */
		uint16_t mask;	/* an amend with F_AMASK: types it fits */
	};
};

#define REFS_MANY 16

/* The references of a record that has more than two. */
struct many {
	uint32_t i;			/* its entry */
	uint32_t ref[WL_SCAN_NREFS];	/* as an ent's, by field */
};

#define ASIDE_N 16		/* line_at's blocks; a journal's streams */
#define ASIDE_SIZE (64u << 10)	/* out of time order are few */

struct fast {
	struct wl_reader *rd;
	const char *map;
	struct ent *e;
	size_t n;
	struct wl_idtab tab;	/* id -> entry index */
	struct many *many;	/* by entry */
	size_t nmany;
	size_t size;		/* of the map */
	struct aside {		/* line_at's blocks read with pread */
		char *p;
		size_t cap, off, len;
		unsigned long used;	/* when last read, for the oldest */
		unsigned long hits;	/* lines found in it */
	} aside[ASIDE_N];
	unsigned long tick;
	size_t span;		/* how far past a line a block reaches */
	FILE *fp;
	char *ob;		/* output, written OUT_SIZE bytes at a time */
	size_t on;
	struct wl_hang hang;	/* the entries, for the rules */
};

#define OUT_SIZE (1u << 20)
#define LOW_RUN 4096	/* write_all's matches a page release covers */

static const char *const ref_names[WL_SCAN_NREFS] = { "session", "by",
	"owner", "ref" };

/* wl_rule_ref_mask of each type and reference field, asked once. */
static unsigned ref_mask[WL_UNKNOWN + 1][WL_SCAN_NREFS];
static pthread_once_t ref_mask_once = PTHREAD_ONCE_INIT;

static void
ref_mask_init(void)
{
	for (int t = 0; t <= WL_UNKNOWN; t++)
		for (int k = 0; k < WL_SCAN_NREFS; k++)
			ref_mask[t][k] = wl_rule_ref_mask((enum wl_type)t,
			    ref_names[k]);
}

/* Index + 1 of the record with this id, or NONE. */
static uint32_t
lookup(const struct fast *f, uint64_t id)
{
	size_t k = wl_idtab_find(&f->tab, id);

	return k == WL_IDTAB_NONE ? NONE : wl_idtab_val(&f->tab, k) + 1;
}

/* The rules' lookup: the type of the record with id, or -1. */
static int
type_of(void *ctx, const char *id)
{
	const struct fast *f = ctx;
	uint64_t v;
	uint32_t t;

	if (wl_id_value(id, strlen(id), &v) < 0 || (t = lookup(f, v)) == NONE)
		return -1;
	return f->e[t - 1].type;
}

/* Reference k of e from a string value, found in the id table, into
 * ref[k] (NONE when it names no record: fold says if that is a
 * problem); 0 if it is a reference of e's type that the rules would
 * call a problem (it cannot be an id). */
static int
set_ref(const struct fast *f, struct ent *e, int k, const char *s, size_t n,
    uint32_t ref[WL_SCAN_NREFS])
{
	uint64_t v;

	if (s == NULL)
		return 1;
	if (wl_id_value(s, n, &v) == 0) {
		e->refs |= (uint8_t)(1u << k);
		ref[k] = lookup(f, v);
		return 1;
	}
	return ref_mask[e->type][k] == 0;
}

/* The number of references of e before field k. */
static int
refs_before(const struct ent *e, int k)
{
	return __builtin_popcount(e->refs & ((1u << k) - 1));
}

/* Index + 1 of the record that reference k of entry e names, or NONE. */
static uint32_t
ref_of(const struct fast *f, const struct ent *e, int k)
{
	size_t lo = 0, hi = f->nmany;
	uint32_t i = (uint32_t)(e - f->e);

	if (!(e->refs & (1u << k)))
		return NONE;
	if (!(e->refs & REFS_MANY))
		return e->ref[refs_before(e, k)];
	while (lo < hi) {	/* found: every such entry is there */
		size_t mid = lo + (hi - lo) / 2;

		if (f->many[mid].i < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return f->many[lo].ref[k];
}

static int32_t
clamp(long long b)
{
	return b > INT32_MAX ? INT32_MAX : b < INT32_MIN ? INT32_MIN :
	    (int32_t)b;
}

/*
 * "at" (a valid time, as every record that loads has: wl_time_valid,
 * years 1000-9999) as a number in the order of the times' text, for
 * the order of records (wl_rule_order) without the line: its fields as
 * the digits of a number of mixed radix (a month of 31 days, a minute
 * of 61 seconds), from the year 1000: 39 bits, not the 47 of the
 * digits as one number.
 */
static uint64_t
at_key(const char *s, size_t n)
{
	static const unsigned width[] = { 4, 2, 2, 2, 2, 2 };
	static const unsigned radix[] = { 9000, 12, 31, 24, 60, 61 };
	static const unsigned first[] = { 1000, 1, 1, 0, 0, 0 };
	unsigned d = 0, f = 0, val = 0;
	uint64_t v = 0;

	for (size_t i = 0; i < n && f < 6; i++) {
		if (s[i] < '0' || s[i] > '9')
			continue;
		val = val * 10 + (unsigned)(s[i] - '0');
		if (++d < width[f])
			continue;
		v = v * radix[f] + (val - first[f]);
		val = d = 0;
		f++;
	}
	return v;
}

/* Fill e from a parsed record, its references into ref by field; 0 if
 * the rules would say anything. */
static int
from_json(const struct fast *f, struct ent *e, const json_t *rec,
    uint32_t ref[WL_SCAN_NREFS])
{
	const char *at = wl_field_str(rec, "at");
	json_t *set;

	e->type = (uint8_t)wl_type_of(rec);
	e->at = at_key(at, strlen(at));
	if (e->type == WL_NOTE)
		e->val = (uint8_t)wl_schema_enum_index(WL_NOTE, "kind",
		    wl_field_str(rec, "kind"));
	else if (e->type == WL_STATUS) {
		e->val = (uint8_t)wl_schema_enum_index(WL_STATUS, "status",
		    wl_field_str(rec, "status"));
		if (wl_rule_status_date(wl_field_str(rec, "date"), at,
		    NULL) < 0)
			return 0;
	}
	if (e->type == WL_SESSION)
		e->block = json_object_get(rec, "blocks") ? clamp(
		    wl_rule_nblocks(json_object_get(rec, "blocks"))) : -1;
	else if (e->type == WL_AMEND) {
		set = json_object_get(rec, "set");
		e->mask = (uint16_t)wl_rule_amend_types(set,
		    json_is_true(json_object_get(rec, "minor")));
		e->flags |= F_AMASK;
		if (wl_rule_amend_names(set))
			e->flags |= F_NAMES;
		if (json_object_get(set, "kind") != NULL ||
		    json_object_get(set, "block") != NULL ||
		    json_object_get(set, "blocks") != NULL)
			e->flags |= F_SETSKEY;
	} else
		e->block = clamp(wl_field_int(rec, "block", 0));
	for (int k = 0; k < WL_SCAN_NREFS; k++) {
		const char *s = wl_field_str(rec, ref_names[k]);

		if (!set_ref(f, e, k, s, s ? strlen(s) : 0, ref))
			return 0;
	}
	return 1;
}

/* Fill e from a line the scanner vouched for. */
static int
from_scan(const struct fast *f, struct ent *e, const struct wl_scan *sc,
    uint32_t ref[WL_SCAN_NREFS])
{
	e->flags = F_CANON;
	e->type = (uint8_t)sc->type;
	e->at = at_key(sc->span[1], sc->spanlen[1]);
	e->val = (uint8_t)sc->val;
	e->block = sc->type == WL_SESSION ? -1 : clamp(sc->block);
	if (sc->type == WL_STATUS && wl_rule_status_date(wl_scan_value(sc,
	    WL_STATUS, "date"), sc->span[1] + 1, NULL) < 0)
		return 0;
	for (int k = 0; k < WL_SCAN_NREFS; k++)
		if (!set_ref(f, e, k, sc->ref[k], sc->reflen[k], ref))
			return 0;
	return 1;
}

/* Anything the reader says (a blank, long or torn line): give up. */
static void
heard(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	(void)sev;
	(void)e;
	*(int *)ctx = 0;
}

/* The id of a line: the 16 digits after '{"id":"' where it starts so,
 * else from the parsed line.  0, or -1 when it has none.  The same id
 * as pass 1 reads: a line that starts so and has another "id" is no
 * record (a key used twice), and pass 1 gives up on it. */
static int
line_id(const char *p, size_t len, uint64_t *v)
{
	static const char lead[] = "{\"id\":\"";
	const size_t n = sizeof(lead) - 1;
	const char *id;
	json_t *rec;
	int rc;

	if (len > n + WL_ID_LEN && memcmp(p, lead, n) == 0 &&
	    p[n + WL_ID_LEN] == '"' && wl_id_value(p + n, WL_ID_LEN, v) == 0)
		return 0;
	rec = wl_line_parse(p, len, NULL);
	id = rec != NULL ? wl_field_str(rec, "id") : NULL;
	rc = id != NULL ? wl_id_value(id, strlen(id), v) : -1;
	json_decref(rec);
	return rc;
}

/*
 * The ids of all lines into the id table, each with its line's index;
 * *split: how many lines start before byte half.  0 if a line has no
 * id, one is used twice, the reader says anything (or out of memory).
 */
static int
index_ids(struct fast *f, size_t half, size_t *split)
{
	struct wl_reader *rd = wl_reader_part(f->rd, 0, f->size);
	int ok = 1;
	struct wl_diag d = { heard, &ok, 0, 0 };
	struct wl_line l;
	uint64_t v;
	int rc = -1;

	*split = 0;
	if (rd == NULL || wl_idtab_init(&f->tab, f->size / 256 + 16, 4) < 0) {
		wl_reader_free(rd);
		return 0;
	}
	while (ok && (rc = wl_reader_next(rd, &l, &d, NULL)) == 1) {
		if (f->tab.n >= UINT32_MAX - 1 || line_id(l.p, l.len, &v) < 0 ||
		    wl_idtab_add(&f->tab, v, (uint32_t)f->tab.n) < 0)
			break;
		if (l.off < half)
			*split = f->tab.n;
	}
	wl_reader_free(rd);
	if (!ok || rc != 0 || wl_idtab_sort(&f->tab) < 0)
		return 0;
	for (size_t k = 1; k < f->tab.n; k++)
		if (f->tab.id[k] == f->tab.id[k - 1])
			return 0;	/* an id used twice */
	f->n = f->tab.n;
	return 1;
}

/* One part of the lines for pass 1, in a thread of its own: its
 * entries are e[0, n), as index_ids counted them. */
struct part {
	const struct fast *f;
	struct wl_reader *rd;
	struct ent *e;
	size_t n;
	struct many *many;	/* of its entries, as the fast's */
	size_t nmany, capmany;
	int ok;
};

/* The references of entry e of the part (by field) kept, in e where
 * they are one or two, else in its many.  0 when out of memory. */
static int
keep_refs(struct part *pt, struct ent *e, const uint32_t ref[WL_SCAN_NREFS])
{
	int n = 0;

	if (__builtin_popcount(e->refs) <= 2) {
		for (int k = 0; k < WL_SCAN_NREFS; k++)
			if (e->refs & (1u << k))
				e->ref[n++] = ref[k];
		return 1;
	}
	if (pt->nmany == pt->capmany) {
		size_t cap = pt->capmany ? pt->capmany * 2 : 64;
		struct many *nm = realloc(pt->many, cap * sizeof(*nm));

		if (nm == NULL)
			return 0;
		pt->many = nm;
		pt->capmany = cap;
	}
	pt->many[pt->nmany].i = (uint32_t)(e - pt->f->e);
	memcpy(pt->many[pt->nmany++].ref, ref, sizeof(pt->many->ref));
	e->refs |= REFS_MANY;
	return 1;
}

/* One entry per line of the part; p->ok = 0 when the plain path must
 * run.  jansson is thread-safe for separate values, and the record
 * parser keeps no state; the id table is only read. */
static void *
scan_part(void *arg)
{
	struct part *pt = arg;
	struct wl_diag d = { heard, &pt->ok, 0, 0 };
	struct wl_scan sc;
	struct wl_line l;
	size_t i = 0;
	int rc;

	pt->ok = 1;
	while (pt->ok && (rc = wl_reader_next(pt->rd, &l, &d, NULL)) == 1) {
		struct ent *e = &pt->e[i];
		uint32_t ref[WL_SCAN_NREFS] = { NONE, NONE, NONE, NONE };
		json_t *rec;

		if (i == pt->n || (uint64_t)l.off >= (uint64_t)1 << 43 ||
		    l.len > WL_LINE_MAX)
			break;
		e->off = l.off;
		e->len = l.len;
		if (wl_scan_line(l.p, l.len, &sc)) {
			if (!from_scan(pt->f, e, &sc, ref))
				break;
		} else {
			rec = wl_line_parse(l.p, l.len, NULL);
			if (rec == NULL || !from_json(pt->f, e, rec, ref)) {
				json_decref(rec);
				break;
			}
			json_decref(rec);
		}
		if (!keep_refs(pt, e, ref))
			break;
		i++;
	}
	if (rc != 0 || i != pt->n)
		pt->ok = 0;
	return NULL;
}

/* Pass 1: one entry per line.  0 when the plain path must run. */
static int
scan_all(struct fast *f, size_t size)
{
	struct part pt[2];
	const char *mid;
	size_t half = size, split;
	pthread_t th;
	int threaded = 0, ok;

	memset(pt, 0, sizeof(pt));
	mid = memchr(f->map + size / 2, '\n', size - size / 2);
	if (mid != NULL && (size_t)(mid + 1 - f->map) < size)
		half = (size_t)(mid + 1 - f->map);
	if (!index_ids(f, half, &split) ||
	    (f->e = calloc(f->n ? f->n : 1, sizeof(*f->e))) == NULL)
		return 0;
	for (size_t k = 0; k < f->tab.n; k++)
		f->e[wl_idtab_val(&f->tab, k)].pos = (uint32_t)k;
	pt[0] = (struct part){ f, NULL, f->e, split, NULL, 0, 0, 0 };
	pt[1] = (struct part){ f, NULL, f->e + split, f->n - split, NULL, 0,
	    0, 0 };
	if ((pt[0].rd = wl_reader_part(f->rd, 0, half)) == NULL ||
	    (pt[1].rd = wl_reader_part(f->rd, half, size)) == NULL) {
		wl_reader_free(pt[0].rd);
		return 0;
	}
	if (half < size) {
		/* jansson seeds its hash tables on first use: do it here,
		 * before two threads parse at once. */
		json_object_seed(0);
		threaded = pthread_create(&th, NULL, scan_part, &pt[1]) == 0;
	}
	scan_part(&pt[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		scan_part(&pt[1]);
	ok = pt[0].ok && pt[1].ok;
	wl_reader_free(pt[0].rd);
	wl_reader_free(pt[1].rd);
	/* The second part's many after the first's: by entry still. */
	f->many = pt[0].many;
	f->nmany = pt[0].nmany;
	if (ok && pt[1].nmany > 0) {
		struct many *nm = realloc(f->many, (f->nmany + pt[1].nmany) *
		    sizeof(*nm));

		if (nm == NULL)
			ok = 0;
		else {
			memcpy(nm + f->nmany, pt[1].many, pt[1].nmany *
			    sizeof(*nm));
			f->many = nm;
			f->nmany += pt[1].nmany;
		}
	}
	free(pt[1].many);
	return ok;
}

/* The n bytes at off from a block read with pread (see line_at), or
 * NULL. */
static const char *
aside(struct fast *f, size_t off, size_t n)
{
	struct aside *b = &f->aside[0];
	size_t want;
	ssize_t got;

	for (int k = 0; k < ASIDE_N; k++) {
		struct aside *a = &f->aside[k];

		if (a->p != NULL && off >= a->off && off + n <= a->off +
		    a->len) {
			a->used = ++f->tick;
			a->hits++;
			/* Lines come in streams: read further ahead. */
			f->span = f->span * 2 + 512 < ASIDE_SIZE ?
			    f->span * 2 + 512 : ASIDE_SIZE;
			return a->p + (off - a->off);
		}
		if (a->used < b->used)
			b = a;
	}
	/* The oldest block served no line but its first: lines come one
	 * here, one there (a journal read in another order than written),
	 * so read less past each. */
	if (b->p != NULL && b->hits == 0)
		f->span /= 2;
	want = n + f->span;
	if (want > f->size - off)
		want = f->size - off;
	if (want > b->cap) {
		char *nb = realloc(b->p, want);

		if (nb == NULL)
			return NULL;
		b->p = nb;
		b->cap = want;
	}
	b->len = 0;
	got = pread(wl_reader_fd(f->rd), b->p, want, (off_t)off);
	if (got < (ssize_t)n)
		return NULL;
	b->off = off;
	b->len = (size_t)got;
	b->hits = 0;
	b->used = ++f->tick;
	return b->p;
}

/*
 * Entry i's line and its newline, for any read after pass 1.  Read
 * from the map, a line out of the file's order (a match's session, the
 * amends of a record, matches in time order from a journal of a few
 * streams written one after another, as the bench's even shape is)
 * maps the page-cache folio around it whole (up to 2 MB), and a trim
 * that only moves forward never lets that go again: the last pass held
 * 335 MB of a 250 MB journal so.  So every line comes with pread, in a
 * block of ASIDE_SIZE from the line on, kept while the next lines are
 * read from it (the oldest of ASIDE_N blocks goes): one read for a few
 * hundred lines of one stream, a megabyte in all, nothing mapped.  How
 * far a block reaches past its line grows while lines are found in the
 * blocks and shrinks while blocks go unused, to the line alone where the
 * order of records is the file's shuffled (the bench's huge shape).  The
 * pointer lasts until the next call.  Where pread fails (or a block
 * cannot grow) the map still has the bytes.
 */
static const char *
line_at(struct fast *f, uint32_t i)
{
	const struct ent *e = &f->e[i];
	const char *p = aside(f, (size_t)e->off, (size_t)e->len + 1);

	return p != NULL ? p : f->map + e->off;
}

/* Before another pass over the entries: every mapped page let go (the
 * threads of pass 1 leave some behind). */
static void
line_restart(struct fast *f)
{
	madvise((void *)f->map, f->size, MADV_DONTNEED);
}

/* The record at entry i as it stands now (new reference), or NULL. */
static json_t *
current(struct fast *f, uint32_t i)
{
	const struct ent *e = &f->e[i];
	json_t *cur = wl_line_parse(line_at(f, i), e->len, NULL);

	for (uint32_t a = e->amend; cur != NULL && a != NONE;
	    a = f->e[a - 1].amend) {
		const struct ent *ae = &f->e[a - 1];
		json_t *rec = wl_line_parse_json(line_at(f, a - 1), ae->len,
		    NULL);

		if (wl_rule_apply(cur, json_object_get(rec, "set")) < 0) {
			json_decref(cur);
			cur = NULL;
		}
		json_decref(rec);
	}
	return cur;
}

/* How entries hang together, for the rules. */
static const struct ent *
ent_at(const struct fast *f, uint32_t i)
{
	return i == NONE ? NULL : &f->e[i - 1];
}

/* Index + 1 of the record e refers to by "ref" where that is a
 * reference of its type (fold has checked it names one), or NONE. */
static uint32_t
parent_of(const struct fast *f, const struct ent *e)
{
	return ref_mask[e->type][WL_SCAN_REF] != 0 ? ref_of(f, e,
	    WL_SCAN_REF) : NONE;
}

static int
h_retracted(void *ctx, const void *r)
{
	(void)ctx;
	return (((const struct ent *)r)->flags & F_RETRACTED) != 0;
}

static enum wl_type
h_type(void *ctx, const void *r)
{
	(void)ctx;
	return (enum wl_type)((const struct ent *)r)->type;
}

static const void *
h_session(void *ctx, const void *r)
{
	return ent_at(ctx, ((const struct ent *)r)->session);
}

static const void *
h_parent(void *ctx, const void *r)
{
	return ent_at(ctx, parent_of(ctx, r));
}

/* The entries, and the retracts in force, for the rules' settling. */
static const void *
h_at(void *ctx, size_t i)
{
	return &((struct fast *)ctx)->e[i];
}

static void
h_inforce(void *ctx, const void *r)
{
	struct fast *f = ctx;

	f->e[parent_of(f, r) - 1].flags |= F_RETRACTED;
}

/* wl_rule_order of two entries: "at", then id.  Ids are 16 lower-case
 * hex digits: as numbers they sort as their text does, and the table
 * holds them sorted. */
static int
ent_order(const struct ent *a, const struct ent *b)
{
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The amend at entry a fits its target t by the rules. */
static int
amend_fits(struct fast *f, const struct ent *a, const struct ent *t)
{
	json_t *rec;
	int ok;

	if (!((a->mask >> t->type) & 1))
		return 0;
	if (!(a->flags & F_NAMES))
		return 1;
	rec = wl_line_parse_json(line_at(f, (uint32_t)(a - f->e)), a->len,
	    NULL);
	ok = rec != NULL && wl_rule_amend((enum wl_type)t->type,
	    json_object_get(rec, "set"), json_is_true(json_object_get(rec,
	    "minor")), type_of, f, NULL) == 0;
	json_decref(rec);
	return ok;
}

/* The number of blocks session s has now. */
static long long
nblocks(struct fast *f, uint32_t s)
{
	const struct ent *e = &f->e[s - 1];
	long long n;
	json_t *cur;

	if (!(e->flags & F_KEYED))
		return e->block >= 0 ? e->block : wl_rule_nblocks(NULL);
	if ((cur = current(f, s - 1)) == NULL)
		return -1;
	n = wl_rule_nblocks(json_object_get(cur, "blocks"));
	json_decref(cur);
	return n;
}

/* The block of note or advice i now; -1 when out of memory. */
static long long
block_now(struct fast *f, uint32_t i)
{
	long long b;
	json_t *cur;

	if (!(f->e[i].flags & F_KEYED))
		return f->e[i].block;
	if ((cur = current(f, i)) == NULL)
		return -1;
	b = wl_field_int(cur, "block", 0);
	json_decref(cur);
	return b;
}

/* The fold's links, retracts, amends, statuses and blocks, by the
 * rules; 0 where the loader would say anything. */
/* Entry i's line, parsed: a new reference, or NULL. */
static json_t *
line_json(struct fast *f, size_t i)
{
	return wl_line_parse_json(line_at(f, (uint32_t)i), f->e[i].len,
	    NULL);
}

/* 1 if line i is already what the rule of erasure makes of it (how,
 * target: rules.h); 0 if not, or out of memory. */
static int
erased_already(struct fast *f, size_t i, enum wl_erasure how,
    enum wl_type target)
{
	json_t *rec = line_json(f, i), *now;
	int same;

	if (rec == NULL)
		return 0;
	now = wl_rule_erase(rec, (enum wl_type)f->e[i].type, how, target);
	same = now != NULL && json_equal(now, rec);
	json_decref(now);
	json_decref(rec);
	return same;
}

/*
 * Erasure (rules.h), as the fold marks it: whose[i] is index + 1 of
 * the erased participant whose record entry i is (a participant's is
 * itself).  1 when every such line is written erased already, so its
 * bytes are what the fold shows; 0 when one is not (the loader says
 * it: the plain path runs) or out of memory.
 */
static int
erasure_holds(struct fast *f)
{
	uint32_t *whose = NULL;
	size_t i;
	int ok = 0;

	for (i = 0; i < f->n; i++)
		if (f->e[i].type == WL_REDACTION && parent_of(f, &f->e[i]) != NONE)
			break;
	if (i == f->n)
		return 1;
	if ((whose = calloc(f->n, sizeof(*whose))) == NULL)
		return 0;
	for (i = 0; i < f->n; i++) {
		const struct ent *e = &f->e[i];
		uint32_t t = parent_of(f, e);

		if (e->type == WL_REDACTION && t != NONE &&
		    f->e[t - 1].type == WL_PARTICIPANT)
			whose[t - 1] = t;
	}
	for (i = 0; i < f->n; i++) {
		const struct ent *e = &f->e[i];
		uint32_t by = ref_of(f, e, WL_SCAN_BY);

		if ((e->type == WL_NOTE || e->type == WL_ENDORSEMENT) &&
		    by != NONE &&
		    whose[by - 1] == by)
			whose[i] = by;
	}
	for (i = 0; i < f->n; i++) {
		const struct ent *e = &f->e[i];
		uint32_t t = parent_of(f, e), by;
		uint64_t v;
		json_t *rec;
		const char *s;

		/* Only an amend whose set may name a record can set "by":
		 * the others' lines are not read (nor paged in). */
		if (e->type != WL_AMEND || !(e->flags & F_NAMES) ||
		    t == NONE || whose[t - 1] != NONE ||
		    (f->e[t - 1].type != WL_NOTE &&
		    f->e[t - 1].type != WL_ENDORSEMENT))
			continue;
		if ((rec = line_json(f, i)) == NULL)
			goto out;
		s = wl_field_str(json_object_get(rec, "set"), "by");
		if (s != NULL && wl_id_value(s, strlen(s), &v) == 0 &&
		    (by = lookup(f, v)) != NONE && whose[by - 1] == by)
			whose[t - 1] = by;
		json_decref(rec);
	}
	for (i = 0; i < f->n; i++) {
		const struct ent *e = &f->e[i];
		uint32_t t = e->type == WL_AMEND ? parent_of(f, e) :
		    (uint32_t)i + 1;
		uint8_t tt;

		if (t == NONE || whose[t - 1] == NONE)
			continue;
		tt = f->e[t - 1].type;
		if (!erased_already(f, i, tt == WL_PARTICIPANT ?
		    WL_ERASE_PERSON : WL_ERASE_THEIRS, (enum wl_type)tt))
			goto out;
	}
	ok = 1;
out:
	free(whose);
	return ok;
}

static int
fold(struct fast *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		struct ent *e = &f->e[i];

		for (int k = 0; k < WL_SCAN_NREFS; k++) {
			uint32_t t = ref_of(f, e, k);

			if (!(e->refs & (1u << k)))
				continue;
			if (ref_mask[e->type][k] == 0) {
				/* Not a reference here, but a session still
				 * places a record of an unknown type. */
				if (k == WL_SCAN_SESSION && t != NONE &&
				    f->e[t - 1].type == WL_SESSION)
					e->session = t;
				continue;
			}
			if (t == NONE || !(ref_mask[e->type][k] &
			    WL_TYPE_BIT(f->e[t - 1].type)))
				return 0;
			if (k == WL_SCAN_SESSION)
				e->session = t;
		}
		if (e->type == WL_SESSION)
			e->session = (uint32_t)i + 1;
	}
	for (i = 0; i < f->n; i++) {
		struct ent *e = &f->e[i];
		const struct ent *s;
		uint32_t p = parent_of(f, e);

		if (e->session == NONE && (s = wl_rule_session_of(&f->hang,
		    e)) != NULL)
			e->session = (uint32_t)(s - f->e) + 1;
		if (e->type == WL_RETRACT && p != NONE &&
		    f->e[p - 1].type == WL_RETRACT &&
		    wl_rule_chain(&f->hang, e, NULL) < 0)
			return 0;
	}
	if (!erasure_holds(f))
		return 0;
	wl_rule_settle(&f->hang, f->n, h_at, h_inforce);
	/* Every amend and status is checked, withdrawn or not. */
	wl_reader_rewind(f->rd);
	line_restart(f);
	for (i = 0; i < f->n; i++) {
		struct ent *e = &f->e[i], *t;
		uint32_t p = parent_of(f, e);

		if (!(e->flags & F_AMASK))
			wl_reader_release(f->rd, (size_t)e->off);
		if (p == NONE)
			continue;
		t = &f->e[p - 1];
		if (e->type == WL_AMEND) {
			uint32_t *link = &t->amend;

			if (!amend_fits(f, e, t))
				return 0;
			if (e->flags & F_RETRACTED)
				continue;
			/* The chain in the order of records, as the fold
			 * applies them; amends of one record are few. */
			while (*link != NONE &&
			    ent_order(&f->e[*link - 1], e) < 0)
				link = &f->e[*link - 1].amend;
			e->amend = *link;
			*link = (uint32_t)i + 1;
			t->flags |= F_AMENDED;
			if (e->flags & F_SETSKEY)
				t->flags |= F_KEYED;
		} else if (e->type == WL_STATUS && (e->val == 0 ||
		    wl_rule_status((enum wl_type)t->type, wl_schema_enum(
		    WL_STATUS, "status")[e->val - 1], NULL) < 0))
			return 0;
	}
	/* Blocks, as records and sessions stand after their amends. */
	line_restart(f);
	for (i = 0; i < f->n; i++) {
		const struct ent *e = &f->e[i];
		long long b, nb;

		if ((e->type != WL_NOTE && e->type != WL_ADVICE) ||
		    e->session == NONE)
			continue;
		if ((b = block_now(f, (uint32_t)i)) < 0 ||
		    (nb = nblocks(f, e->session)) < 0 ||
		    (b > 0 && wl_rule_block(b, nb, NULL) < 0))
			return 0;
	}
	return 1;
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
		uint32_t t = ref_of(f, e, k);

		if (cur != NULL) {
			const char *s = wl_field_str(cur, ref_names[k]);
			uint64_t id;

			t = s && wl_id_value(s, strlen(s), &id) == 0 ?
			    lookup(f, id) : NONE;
		}
		if (t != NONE && put_closed(f, t - 1, NULL, depth + 1) < 0) {
			json_decref(own);
			return -1;
		}
	}
	if ((e->flags & (F_CANON | F_AMENDED)) == F_CANON) {
		out(f, line_at(f, i), e->len + 1);
		json_decref(own);
		return 0;
	}
	if (cur == NULL)
		cur = own = current(f, i);
	line = cur ? wl_line_encode(cur, &len) : NULL;
	if (line == NULL)
		rc = -1;
	else
		out(f, line, len);
	free(line);
	json_decref(own);
	return rc;
}

/* The entries (qsort_r's context) whose matches are sorted. */
static int
by_key(const void *a, const void *b, void *ctx)
{
	const struct ent *e = ctx;

	return ent_order(&e[*(const uint32_t *)a], &e[*(const uint32_t *)b]);
}

/*
 * The sessions of municipality m (folded, as the plain path matches
 * it): in[i] is 1 for a live session entry i of m.  1 when there is
 * one, 0 when there is none (the plain path says so), -1 when out of
 * memory.  Sessions are few: their lines are parsed.
 */
static int
sessions_of(struct fast *f, const char *m, unsigned char *in)
{
	int any = 0;

	for (uint32_t i = 0; i < f->n; i++) {
		const struct ent *e = &f->e[i];
		json_t *cur;

		if (e->type != WL_SESSION || wl_rule_withdrawn(&f->hang, e))
			continue;
		if ((cur = e->flags & F_AMENDED ? current(f, i) :
		    line_json(f, i)) == NULL)
			return -1;
		in[i] = (unsigned char)wl_utf8_same(wl_field_str(cur,
		    "municipality"), m);
		any |= in[i];
		json_decref(cur);
	}
	return any;
}

/* Pass 2: the matches, in the order of records (only they are
 * sorted), with their closure.  1 when written; 0 when nothing was,
 * for the plain path to say why (a municipality with no session, or
 * no note); -1 when out of memory. */
static int
write_all(struct fast *f, const struct wl_list_query *q)
{
	/* The kind asked for as e->val has it; -1: no such kind. */
	int want = q->kind == NULL ? 0 : wl_schema_enum_index(WL_NOTE,
	    "kind", q->kind);
	uint32_t *m = NULL, *low = NULL;
	unsigned char *in = NULL;	/* sessions_of q->municipality */
	size_t nm = 0, cap = 0, typed = 0, nl;
	int rc = 0;

	if (q->kind != NULL && want == 0)
		want = -1;
	if (q->municipality != NULL) {
		if ((in = calloc(f->n ? f->n : 1, 1)) == NULL)
			return -1;
		if ((rc = sessions_of(f, q->municipality, in)) <= 0) {
			free(in);
			return rc;
		}
		rc = 0;
	}
	wl_reader_rewind(f->rd);
	line_restart(f);
	for (uint32_t i = 0; i < f->n; i++) {
		const struct ent *e = &f->e[i];
		json_t *cur = NULL;
		const char *kind;
		long long block;
		int match = 1;

		/* Of the municipality; one of unknown type, when of no
		 * session, too. */
		if (in != NULL && (e->session != NONE ? !in[e->session - 1] :
		    e->type != WL_UNKNOWN))
			continue;
		if (e->type != WL_UNKNOWN) {
			if (e->type != q->type)
				continue;
			if (!(e->flags & F_KEYED) && ((q->kind != NULL &&
			    e->val != want) ||
			    (q->block != 0 && e->block != q->block)))
				continue;	/* cheap: no match, retracted
						 * or not */
			if (wl_rule_withdrawn(&f->hang, e))
				continue;
			if (e->flags & F_KEYED) {	/* amended: the
							 * current values */
				if ((cur = current(f, i)) == NULL)
					goto nomem;
				kind = wl_field_str(cur, "kind");
				block = wl_field_int(cur, "block", 0);
			} else {
				kind = e->val ? wl_schema_enum(WL_NOTE,
				    "kind")[e->val - 1] : NULL;
				block = e->block;
			}
			match = (q->kind == NULL || (kind && strcmp(kind,
			    q->kind) == 0)) && (q->block == 0 ||
			    block == q->block);
			json_decref(cur);
		}
		if (!match)
			continue;
		typed += e->type != WL_UNKNOWN;
		if (nm == cap) {
			size_t nc = cap ? cap * 2 : 4096;
			uint32_t *v = realloc(m, nc * sizeof(*v));

			if (v == NULL)
				goto nomem;
			m = v;
			cap = nc;
		}
		m[nm++] = i;
	}
	free(in);
	in = NULL;
	if (q->municipality != NULL && typed == 0) {
		free(m);
		return 0;	/* the plain path says none matched */
	}
	/* Only the matches are sorted; the key is in the entries. */
	if (nm > 1)
		qsort_r(m, nm, sizeof(*m), by_key, f->e);
	/* The pages before the lowest line still to come are let go as
	 * the writing goes on: a journal written in time order is read
	 * nearly front to back.  Lines are in the order of entries: the
	 * lowest line is the lowest entry's.  It is known at the start of
	 * each run of LOW_RUN matches, not at each: 4 bytes a run, not a
	 * match. */
	nl = (nm + LOW_RUN - 1) / LOW_RUN;
	if (nl > 0 && (low = malloc(nl * sizeof(*low))) == NULL)
		goto nomem;
	for (size_t r = nl; r-- > 0;) {
		low[r] = r + 1 < nl ? low[r + 1] : UINT32_MAX;
		for (size_t k = r * LOW_RUN; k < nm && k < (r + 1) * LOW_RUN;
		    k++)
			low[r] = m[k] < low[r] ? m[k] : low[r];
	}
	line_restart(f);
	for (size_t k = 0; k < nm && rc == 0; k++) {
		if (k % LOW_RUN == 0)
			wl_reader_release(f->rd, (size_t)f->e[low[k /
			    LOW_RUN]].off);
		rc = put_closed(f, m[k], NULL, 0);
	}
	free(m);
	free(low);
	flush(f);
	return rc < 0 ? -1 : 1;
nomem:
	free(m);
	free(in);
	return -1;
}

int
wl_list_fast(const char *path, FILE *fp, const struct wl_list_query *q,
    struct wl_error *err)
{
	struct fast f = { .fp = fp, .span = ASIDE_SIZE };
	size_t size;
	int rc = 0;

	f.hang = (struct wl_hang){ h_retracted, h_type, h_session, h_parent,
	    &f };
	/* Each return of 0 says why in err (code 0): a test can see
	 * which path ran (WL_FASTLIST_TRACE in wl-note). */
	if (q->type != WL_NOTE || isatty(fileno(fp))) {
		wl_error_set(err, NULL, 0, 0, "not notes, or a terminal");
		return 0;
	}
	pthread_once(&ref_mask_once, ref_mask_init);
	/*
	 * Mapped under a shared lock that is let go at once
	 * (wl_reader_open): what is written from the map later never
	 * changes, and writers need not wait for fp.  When a writer is at
	 * work (or a redact waits for its yes), or the file is empty or no
	 * regular file, the plain path reads instead.
	 */
	if ((f.rd = wl_reader_open(path, WL_READ_MAPPED, NULL)) == NULL) {
		wl_error_set(err, NULL, 0, 0, "not mapped");
		return 0;
	}
	if (wl_reader_torn(f.rd) > 0) {
		wl_reader_free(f.rd);	/* the plain path says it */
		wl_error_set(err, NULL, 0, 0, "a torn line");
		return 0;
	}
	f.map = wl_reader_bytes(f.rd, &size);
	f.size = size;
	if (!scan_all(&f, size))
		wl_error_set(err, NULL, 0, 0, "a line the loader would "
		    "speak of, or an id used twice");
	else if (!fold(&f))
		wl_error_set(err, NULL, 0, 0, "a problem of the rules");
	else if ((f.ob = malloc(OUT_SIZE)) == NULL ||
	    (rc = write_all(&f, q)) < 0) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		rc = -1;
	} else if (rc == 0)
		wl_error_set(err, NULL, 0, 0, "no session or no note of "
		    "the municipality");
	wl_reader_free(f.rd);	/* and with it the lock */
	free(f.e);
	free(f.many);
	wl_idtab_free(&f.tab);
	free(f.ob);
	for (int k = 0; k < ASIDE_N; k++)
		free(f.aside[k].p);
	return rc;
}
