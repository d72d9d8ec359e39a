/* tail.c - a writer's view of a journal: from its latest session on,
 * or the part that bears on the session it names */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"
#include "reader.h"
#include "rules.h"

/*
 * With WL_WHOLE_JOURNAL=1 a writer reads the whole file where it would
 * read a part: the plain path, that tests/cli/parts.t holds the part
 * to.
 */
int
wl_plain_path(void)
{
	const char *env = getenv("WL_WHOLE_JOURNAL");

	return env != NULL && strcmp(env, "1") == 0;
}

#define MAX_TRIES 8	/* retracted latest sessions passed over */

/*
 * 1 if line could be a session record: "session" as a value (not as
 * the key every note has), or an escape that could spell it.
 */
static int
maybe_session(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *q;

	if (memchr(s, '\\', n) != NULL)
		return 1;
	while ((q = memmem(p, (size_t)(end - p), "\"session\"", 9)) != NULL) {
		q += 9;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' ||
		    *q == '\n'))
			q++;
		if (q < end && (*q == ',' || *q == '}' || *q == ']'))
			return 1;
		p = q;
	}
	return 0;
}

/* 1 if line is a valid session record. */
static int
is_session(const char *s, size_t n)
{
	json_t *r;
	int yes;

	if (!maybe_session(s, n))
		return 0;
	r = wl_line_parse(s, n, NULL);
	yes = r != NULL && wl_type_of(r) == WL_SESSION;
	json_decref(r);
	return yes;
}

/*
 * The part of a file that bears on one session.  A writer that adds
 * to a session named by id needs its session, what hangs from it
 * (participants, notes, advice and what names those: amends,
 * retracts and their retracts, statuses, endorsements, redactions),
 * and nothing else; the rules fold that part as they fold the whole
 * file, so the admit gives the same answer.  Found by the first bytes
 * of each line, not by parsing it: a canonical line says its id, type
 * and "at" there, then the "session" or "ref" of the types that have
 * one; any other line is searched for the session's id and "ref" keys
 * (and parsed when it does not begin as a canonical one).  A file
 * whose lines the byte tests cannot vouch for (an escape the scanner
 * does not know, a blank or over-long line, a torn tail) is read whole
 * instead, and so is one whose part says anything: the whole load
 * says it.
 */

/* A set of 64-bit values: ids, and offsets of lines taken. */
struct set {
	uint64_t *v;
	unsigned char *used;
	size_t cap, n;
};

static size_t
set_slot(const struct set *s, uint64_t x)
{
	size_t i = (size_t)((x * UINT64_C(0x9e3779b97f4a7c15)) >> 20) &
	    (s->cap - 1);

	while (s->used[i] && s->v[i] != x)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static int
set_has(const struct set *s, uint64_t x)
{
	return s->cap > 0 && s->used[set_slot(s, x)];
}

/* 1 when x was added, 0 when it was there, -1 when out of memory. */
static int
set_add(struct set *s, uint64_t x)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct set t = { NULL, NULL, s->cap ? 2 * s->cap : 256, 0 };

		t.v = malloc(t.cap * sizeof(*t.v));
		t.used = calloc(t.cap, 1);
		if (t.v == NULL || t.used == NULL) {
			free(t.v);
			free(t.used);
			return -1;
		}
		for (i = 0; i < s->cap; i++)
			if (s->used[i]) {
				size_t k = set_slot(&t, s->v[i]);

				t.used[k] = 1;
				t.v[k] = s->v[i];
				t.n++;
			}
		free(s->v);
		free(s->used);
		*s = t;
	}
	if (s->used[i = set_slot(s, x)])
		return 0;
	s->used[i] = 1;
	s->v[i] = x;
	s->n++;
	return 1;
}

static void
set_free(struct set *s)
{
	free(s->v);
	free(s->used);
}

/* Where n[0..nlen) first occurs in h[0..hlen), or NULL: for the
 * short needles and haystacks of one line, where memmem's set-up
 * costs more than the search. */
static const char *
find(const char *h, size_t hlen, const char *n, size_t nlen)
{
	const char *c = h, *end = h + hlen;

	while (nlen > 0 && (size_t)(end - c) >= nlen &&
	    (c = memchr(c, n[0], (size_t)(end - c) - nlen + 1)) != NULL) {
		if (memcmp(c, n, nlen) == 0)
			return c;
		c++;
	}
	return NULL;
}

/* A line: where it starts, and its number. */
struct where {
	size_t off;
	long no;
};

/* A line that names a record by "ref": what it names, where it is,
 * its own id (when it has one: ok), so that taking it reads nothing. */
struct refline {
	uint64_t to, id;
	struct where w;
	int ok;
};

/* The record a by-id writer names, as the search for its prefix
 * finds it: a window of the map at a time, up to the window its line
 * is in, then on beside session_part's pass over the lines. */
struct named {
	const char *prefix;	/* as given, folded */
	size_t n;		/* its length */
	char id[WL_ID_LEN + 1];	/* "" until its line is read */
	size_t ids;		/* lines whose id starts with prefix */
	size_t off;		/* the first of them */
	size_t *men;		/* lines that begin as canonical ones and
				 * mention it, ascending */
	size_t nmen, capmen;
	size_t last;		/* the line a hit was in last */
	size_t scanned;		/* the map searched up to here */
};

/* What one pass over the lines finds for session_part. */
struct part {
	const char *map;
	size_t size;
	const char *sel;	/* the id prefix -s gave, folded */
	size_t nsel;
	char now[WL_TIME_LEN + 1];
	long no;		/* the number of the line looked at */
	size_t found;		/* sessions sel names */
	struct where at;	/* the line of one */
	struct where *cand;	/* lines that may name the session */
	size_t ncand, capcand;
	struct refline *refs;
	size_t nrefs, caprefs;
	struct wl_outside *out;
	size_t nout, capout;
	struct set ids;		/* of the lines taken */
	struct set taken;	/* their offsets */
	struct where *offs;
	size_t n, cap;
	/* A writer that names a record (record_part): its id prefix, the
	 * id, the search for it (the lines it saw mention it, ascending),
	 * the next of those to meet, the lines of those met, and the
	 * lines not canonical from the first byte whose id starts with
	 * the prefix. */
	const char *rsel;
	size_t nrsel;
	const char *rid;
	struct named *nm;
	size_t nextmen;
	struct where *ment;
	size_t nment, capment;
	size_t rfound;
};

/* Room for one more of n in *v of *cap elements of size sz. */
static int
grow(void *v, size_t n, size_t *cap, size_t sz)
{
	void *nv;
	size_t nc;

	if (n < *cap)
		return 0;
	nc = *cap ? 2 * *cap : 256;
	if ((nv = realloc(*(void **)v, nc * sz)) == NULL)
		return -1;
	*(void **)v = nv;
	*cap = nc;
	return 0;
}

static const char *
line_end(const struct part *p, const char *c)
{
	const char *e = memchr(c, '\n', (size_t)(p->map + p->size - c));

	return e != NULL ? e : p->map + p->size;
}

/* The id of line b..e as a value: a canonical line has it at byte 7,
 * any other is parsed.  0, or -1 when it has none. */
static int
line_id(const char *b, const char *e, uint64_t *v)
{
	json_t *r;
	const char *id;
	int rc = -1;

	if (e - b > 7 + WL_ID_LEN && memcmp(b, "{\"id\":\"", 7) == 0 &&
	    b[7 + WL_ID_LEN] == '"')
		return wl_id_value(b + 7, WL_ID_LEN, v);
	if ((r = wl_line_parse(b, (size_t)(e - b), NULL)) == NULL)
		return -1;
	if ((id = wl_field_str(r, "id")) != NULL)
		rc = wl_id_value(id, strlen(id), v);
	json_decref(r);
	return rc;
}

/*
 * The pages of the map the pass has read are let go as it goes (the
 * reader maps the file read-only: a page looked at again comes back
 * from the page cache), so that a writer's memory is the part it
 * keeps, not the file.  Returns where the next let-go starts.
 */
#define LET_GO ((size_t)4 << 20)
#define BS_WINDOW ((size_t)1 << 20)

static const char *
let_go(const char *map, const char *from, const char *to)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)from, b = (uintptr_t)to;

	if (pg <= 0 || (uintptr_t)map % (uintptr_t)pg != 0)
		return from;
	b -= b % (uintptr_t)pg;
	if (b > a)
		madvise((void *)a, (size_t)(b - a), MADV_DONTNEED);
	return (const char *)b;
}

/* Take line w, and its id: 1 when new, 0 when taken already, -1
 * when it cannot be (no id; out of memory). */
static int
take_id(struct part *p, struct where w, uint64_t v)
{
	int rc;

	if ((rc = set_add(&p->taken, (uint64_t)w.off)) <= 0)
		return rc;
	if (set_add(&p->ids, v) < 0 ||
	    grow(&p->offs, p->n, &p->cap, sizeof(*p->offs)) < 0)
		return -1;
	p->offs[p->n++] = w;
	return 1;
}

/* take_id of the line at w, its id read from the line. */
static int
take(struct part *p, struct where w)
{
	const char *b = p->map + w.off;
	uint64_t v;

	if (line_id(b, line_end(p, b), &v) < 0)
		return -1;
	return take_id(p, w, v);
}

/* Note the "ref" whose value begins at q (its quote), of the line at
 * off, when it is an id.  0 or -1. */
static int
ref_at(struct part *p, const char *q, const char *e, size_t off)
{
	uint64_t v;

	if (e - q < WL_ID_LEN + 2 || *q != '"' || q[WL_ID_LEN + 1] != '"' ||
	    wl_id_value(q + 1, WL_ID_LEN, &v) < 0)
		return 0;
	if (grow(&p->refs, p->nrefs, &p->caprefs, sizeof(*p->refs)) < 0)
		return -1;
	p->refs[p->nrefs] = (struct refline){ v, 0, { off, p->no }, 0 };
	p->refs[p->nrefs].ok = line_id(p->map + off, e,
	    &p->refs[p->nrefs].id) == 0;
	p->nrefs++;
	return 0;
}

/* The line at off may name the session: 1, or -1 when out of
 * memory. */
static int
cand(struct part *p, size_t off)
{
	if (grow(&p->cand, p->ncand, &p->capcand, sizeof(*p->cand)) < 0)
		return -1;
	p->cand[p->ncand++] = (struct where){ off, p->no };
	return 1;
}

/* Every "ref" key in b..e of the line at off, however spaced (a
 * quote inside a string is escaped: these bytes are keys).  0 or -1. */
static int
refs_of(struct part *p, const char *b, const char *e, size_t off)
{
	const char *c = b, *q;

	while ((c = find(c, (size_t)(e - c), "\"ref\"", 5)) != NULL) {
		q = c += 5;
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q == e || *q++ != ':')
			continue;
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (ref_at(p, q, e, off) < 0)
			return -1;
	}
	return 0;
}

/* A record of the minute of now, left out or not: its id and "at". */
static int
outside(struct part *p, const char *at, const char *id)
{
	if (grow(&p->out, p->nout, &p->capout, sizeof(*p->out)) < 0)
		return -1;
	memcpy(p->out[p->nout].at, at, WL_TIME_LEN);
	p->out[p->nout].at[WL_TIME_LEN] = '\0';
	memcpy(p->out[p->nout].id, id, WL_ID_LEN);
	p->out[p->nout].id[WL_ID_LEN] = '\0';
	p->nout++;
	return 0;
}

/* The line at off mentions the record named: 0, or -1 when out of
 * memory. */
static int
mention(struct part *p, size_t off)
{
	if (grow(&p->ment, p->nment, &p->capment, sizeof(*p->ment)) < 0)
		return -1;
	p->ment[p->nment++] = (struct where){ off, p->no };
	return 0;
}

/*
 * A line the byte tests do not vouch for: parsed.  1 when done, 0
 * when the whole file must be read (it is no record: the whole
 * load says so), -1 when out of memory.
 */
static int
look_parsed(struct part *p, const char *b, const char *e)
{
	size_t off = (size_t)(b - p->map);
	json_t *r = wl_line_parse(b, (size_t)(e - b), NULL);
	const char *id = wl_field_str(r, "id"), *at = wl_field_str(r, "at");
	int rc = 1;

	if (r == NULL || id == NULL || strlen(id) != WL_ID_LEN) {
		json_decref(r);
		return 0;
	}
	if (wl_type_of(r) == WL_SESSION && strncmp(id, p->sel, p->nsel) == 0 &&
	    p->found++ == 0)
		p->at = (struct where){ off, p->no };
	if (find(b, (size_t)(e - b), p->sel, p->nsel) != NULL &&
	    cand(p, off) < 0)
		rc = -1;
	if (rc > 0 && refs_of(p, b, e, off) < 0)
		rc = -1;
	/* The first pass saw lines that begin as canonical ones only. */
	if (rc > 0 && p->rsel != NULL &&
	    (e - b < 7 || memcmp(b, "{\"id\":\"", 7) != 0)) {
		if (strncmp(id, p->rsel, p->nrsel) == 0)
			p->rfound++;
		if (find(b, (size_t)(e - b), p->rid, WL_ID_LEN) != NULL &&
		    mention(p, off) < 0)
			rc = -1;
	}
	if (rc > 0 && at != NULL && strlen(at) == WL_TIME_LEN &&
	    memcmp(at, p->now, 17) == 0 && outside(p, at, id) < 0)
		rc = -1;
	json_decref(r);
	return rc;
}

/*
 * Look at line b..e: is it the session sel names, may it name that
 * session, what does its "ref" name, is it of this minute.  A
 * canonical line says all that in its first bytes: its id, type and
 * "at", then "session" or "ref" for the types that have them.  1, 0
 * or -1 as look_parsed.
 */
static int
look(struct part *p, const char *b, const char *e)
{
	static const char head[] = "{\"id\":\"", mid[] = "\",\"type\":\"";
	static const char atk[] = "\",\"at\":\"";
	size_t len = (size_t)(e - b), off = (size_t)(b - p->map), tl;
	const char *t = b + 7 + WL_ID_LEN + 10, *q, *after;

	if (len == 0 || len > WL_LINE_MAX)
		return 0;	/* said by the whole load */
	if (len <= 7 + WL_ID_LEN + 10 || memcmp(b, head, 7) != 0 ||
	    memcmp(b + 7 + WL_ID_LEN, mid, 10) != 0 ||
	    (q = memchr(t, '"', (size_t)(e - t))) == NULL ||
	    e - q < 8 + WL_TIME_LEN + 2 || memcmp(q, atk, 8) != 0 ||
	    q[8 + WL_TIME_LEN] != '"')
		return look_parsed(p, b, e);
	tl = (size_t)(q - t);
	after = q + 8 + WL_TIME_LEN + 1;
	if (tl == 5 && memcmp(t, "group", 5) == 0 &&
	    wl_rule_group(b, len, &tl, NULL))
		return 1;	/* no record: every reader passes over it */
	if (tl == 7 && memcmp(t, "session", 7) == 0 &&
	    memcmp(b + 7, p->sel, p->nsel) == 0 && p->found++ == 0)
		p->at = (struct where){ off, p->no };
	if (memcmp(q + 8, p->now, 17) == 0 && outside(p, q + 8, b + 7) < 0)
		return -1;
	if (e - after > 12 + WL_ID_LEN &&
	    memcmp(after, ",\"session\":\"", 12) == 0)
		return memcmp(after + 12, p->sel, p->nsel) == 0 ?
		    cand(p, off) : 1;
	if (e - after > 8 + WL_ID_LEN &&
	    memcmp(after, ",\"ref\":\"", 8) == 0 &&
	    after[8 + WL_ID_LEN] == '"' &&
	    (tl != 5 || memcmp(t, "amend", 5) != 0))
		return ref_at(p, after + 7, e, off) < 0 ? -1 : 1;
	/* Anything else: an amend may set any field to the session's id,
	 * a line spaced otherwise may have anything anywhere. */
	if (find(after, (size_t)(e - after), p->sel, p->nsel) != NULL &&
	    cand(p, off) < 0)
		return -1;
	return refs_of(p, after, e, off) < 0 ? -1 : 1;
}

static int
by_off(const void *a, const void *b)
{
	size_t x = ((const struct where *)a)->off;
	size_t y = ((const struct where *)b)->off;

	return x < y ? -1 : x > y;
}

/* A diag that only counts. */
static void
counted(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	(void)sev;
	(void)e;
	(*(size_t *)ctx)++;
}

/* The lines taken, one at a time, for wl_journal_load_lines. */
struct taken {
	const struct part *p;
	size_t i;
	const char *last;	/* the line given last */
	const char *done;	/* the map is let go up to here */
};

/* The next line taken, read where it is in the map: the map is let go
 * up to the line given last, which is kept already.  Lines scattered
 * over the file would otherwise bring most of its pages back (a fault
 * maps a page's neighbours too), and a copy of them all would double
 * what a big part holds. */
static int
next_taken(void *ctx, struct wl_line *l)
{
	struct taken *t = ctx;
	const struct part *p = t->p;
	const char *b;

	if ((size_t)(t->last - t->done) >= LET_GO)
		t->done = let_go(p->map, t->done, t->last);
	if (t->i == p->n)
		return 0;
	t->last = b = p->map + p->offs[t->i].off;
	l->p = b;
	l->len = (size_t)(line_end(p, b) - b);
	l->no = p->offs[t->i].no;
	l->off = p->offs[t->i].off;
	t->i++;
	return 1;
}

/* The lines taken, in file order with their numbers, as a journal;
 * NULL when it says anything at all (the whole file is read then). */
static struct wl_journal *
load_part(struct part *p, const char *file)
{
	size_t heard = 0;
	struct wl_diag d = { counted, &heard, 0, 0 };
	struct taken t = { p, 0, p->map, p->map };
	struct wl_journal *j;

	/* In file order, numbered as the whole file numbers them. */
	qsort(p->offs, p->n, sizeof(*p->offs), by_off);
	j = wl_journal_load_lines(file, next_taken, &t, &d, NULL);
	if (j != NULL && heard > 0) {
		wl_journal_free(j);
		j = NULL;
	}
	if (j != NULL) {
		j->outside = p->out;
		j->noutside = p->nout;
		p->out = NULL;
	}
	return j;
}

/*
 * Search the window of map from w for r's prefix: a hit at byte 7 of
 * a line that begins as a canonical one is an id, any other a mention
 * (of the whole id, once that is known).  Lines that do not begin as
 * canonical ones are left to session_part's pass, which parses them.
 * A window is BS_WINDOW long: the pass over its lines that follows
 * finds it in the cache still.  0, or -1 when out of memory.
 */
static int
search(struct named *r, const char *map, size_t size, size_t w)
{
	const char *c, *hit, *ls, *le, *end = map + size;
	const char *we = size - w > BS_WINDOW + r->n ?
	    map + w + BS_WINDOW + r->n - 1 : end;

	for (c = map + w; (hit = memmem(c, (size_t)(we - c), r->prefix,
	    r->n)) != NULL && (size_t)(hit - map) < w + BS_WINDOW;
	    c = hit + 1) {
		ls = hit > map ? memrchr(map, '\n', (size_t)(hit - map)) : NULL;
		ls = ls != NULL ? ls + 1 : map;
		/* The line goes on to a '\n' past the hit. */
		if ((size_t)(end - ls) < 7 || memcmp(ls, "{\"id\":\"", 7) != 0)
			continue;	/* the second pass looks */
		if (hit - ls == 7) {
			if (r->ids++ == 0)
				r->off = (size_t)(ls - map);
			continue;
		}
		if ((size_t)(ls - map) == r->last)
			continue;
		r->last = (size_t)(ls - map);
		le = memchr(hit, '\n', (size_t)(end - hit));
		if (r->id[0] != '\0' && find(ls, (size_t)((le ? le : end) -
		    ls), r->id, WL_ID_LEN) == NULL)
			continue;
		if (grow(&r->men, r->nmen, &r->capmen, sizeof(*r->men)) < 0)
			return -1;
		r->men[r->nmen++] = r->last;
	}
	r->scanned = size - w > BS_WINDOW ? w + BS_WINDOW : size;
	return 0;
}

/*
 * The part of map that bears on the one session whose id starts with
 * sel, or NULL when the whole file must be read (no such session,
 * several, a line the byte tests cannot vouch for, or a part that
 * says anything).  With nm, the record a by-id writer names: also
 * every line that mentions it (its search goes on as the pass goes),
 * and NULL too when its line is not in the part, or another line's id
 * starts with its prefix.
 */
static struct wl_journal *
session_part(const char *file, const char *map, size_t size,
    const char *sel, struct named *nm)
{
	struct part p;
	struct wl_journal *j = NULL;
	const char *b, *e, *done = map, *bs = NULL, *lim = map;
	struct wl_scan sc;
	char sid[WL_ID_LEN];
	int more, rc = 1;

	memset(&p, 0, sizeof(p));
	p.map = map;
	p.size = size;
	p.sel = sel;
	p.nsel = strlen(sel);
	if (nm != NULL) {
		p.rsel = nm->prefix;
		p.nrsel = strlen(nm->prefix);
		p.rid = nm->id;
		p.nm = nm;
	}
	/* A torn tail: the whole load says so, and a writer moves it. */
	if (size == 0 || map[size - 1] != '\n' ||
	    wl_clock_now(p.now, NULL) < 0)
		return NULL;
	for (b = map; rc > 0 && b < map + size; b = e + 1) {
		e = line_end(&p, b);
		/* A line with an escape only when canonical: then its ids
		 * are plain bytes, as jansson writes them, and its keys
		 * the canonical ones.  bs: the first backslash from here
		 * to lim, or none; searched a window at a time, not the
		 * whole map ahead of the pass. */
		if (e > lim) {
			lim = (size_t)(map + size - b) > BS_WINDOW ?
			    b + BS_WINDOW : map + size;
			lim = lim < e ? e : lim;
			bs = memchr(b, '\\', (size_t)(lim - b));
		}
		if (bs != NULL && bs < e) {
			if (!wl_scan_line(b, (size_t)(e - b), &sc))
				break;
			bs = memchr(e, '\\', (size_t)(lim - e));
		}
		p.no++;
		/* A second line whose id starts with the prefix: all of
		 * it, at once. */
		while (nm != NULL && nm->scanned < (size_t)(e - map) + 1)
			if (search(nm, map, size, nm->scanned) < 0 ||
			    nm->ids > 1)
				goto out;
		if (nm != NULL && p.nextmen < nm->nmen &&
		    nm->men[p.nextmen] == (size_t)(b - map)) {
			p.nextmen++;
			if (mention(&p, (size_t)(b - map)) < 0)
				break;
		}
		rc = look(&p, b, e);
		if ((size_t)(e - done) >= LET_GO)
			done = let_go(map, done, e);
	}
	if (b < map + size)
		goto out;
	if (rc <= 0 || p.found != 1 || p.rfound > 0)
		goto out;
	/* The session, and every line that names it. */
	{
		json_t *r = wl_line_parse(map + p.at.off, (size_t)(line_end(
		    &p, map + p.at.off) - (map + p.at.off)), NULL);
		const char *id = wl_field_str(r, "id");

		if (id == NULL || strlen(id) != WL_ID_LEN) {
			json_decref(r);
			goto out;
		}
		memcpy(sid, id, WL_ID_LEN);
		json_decref(r);
	}
	if (take(&p, p.at) < 0)
		goto out;
	for (size_t i = 0; i < p.ncand; i++) {
		b = map + p.cand[i].off;
		e = line_end(&p, b);
		if (find(b, (size_t)(e - b), sid, WL_ID_LEN) != NULL &&
		    take(&p, p.cand[i]) < 0)
			goto out;
	}
	/* A named record: every line that mentions it (a note of
	 * another session "by" the participant named: then its part
	 * says so, and the whole file is read). */
	for (size_t i = 0; i < p.nment; i++)
		if (take(&p, p.ment[i]) < 0)
			goto out;
	/* What names those, and what names that, to the end of every
	 * chain of retracts. */
	do {
		more = 0;
		for (size_t i = 0; i < p.nrefs; i++)
			if (set_has(&p.ids, p.refs[i].to)) {
				/* Its id as the pass read it: lines taken
				 * all over the file (the statuses of an
				 * advice, to its end) are not read again
				 * here, each bringing its pages back. */
				int got = p.refs[i].ok ? take_id(&p,
				    p.refs[i].w, p.refs[i].id) :
				    take(&p, p.refs[i].w);

				if (got < 0)
					goto out;
				more |= got;
			}
	} while (more);
	if (nm != NULL && !set_has(&p.taken, (uint64_t)nm->off))
		goto out;
	j = load_part(&p, file);
out:
	set_free(&p.ids);
	set_free(&p.taken);
	free(p.cand);
	free(p.offs);
	free(p.refs);
	free(p.out);
	free(p.ment);
	return j;
}

/*
 * The part of map that bears on the record whose id starts with
 * prefix: the part of its session (its own, or itself when it is
 * one; the one sel names when sel is not NULL, when the record is in
 * that part), and every line that mentions it.  NULL when the whole
 * file must be read: no line begins with that prefix as its id, or more
 * than one does (the whole load says which), the record is of a type
 * without a session (a retract, a status: their refs are not
 * followed), or as session_part.  The search for the prefix finds
 * it, and goes on beside session_part's pass over the lines: the map
 * is read once from the record's line on, not twice.
 */
static struct wl_journal *
record_part(const char *file, const char *map, size_t size,
    const char *prefix, const char *sel)
{
	struct named r;
	struct wl_journal *j = NULL;
	const char *c, *hit, *end = map + size, *done = map;
	size_t k;
	json_t *rec = NULL;
	const char *v;

	memset(&r, 0, sizeof(r));
	r.prefix = prefix;
	r.n = strlen(prefix);
	r.last = SIZE_MAX;
	/* A torn tail: the whole load says so, and a writer moves it. */
	if (size == 0 || map[size - 1] != '\n')
		return NULL;
	/* Up to the window the record's line is in, the pages let go
	 * behind; session_part searches on from there. */
	while (r.scanned < size && r.ids == 0) {
		if ((size_t)(map + r.scanned - done) >= LET_GO)
			done = let_go(map, done, map + r.scanned);
		if (search(&r, map, size, r.scanned) < 0)
			goto out;
	}
	if (r.ids != 1)
		goto out;
	c = map + r.off;
	hit = memchr(c, '\n', (size_t)(end - c));
	if ((rec = wl_line_parse(c, (size_t)((hit ? hit : end) - c),
	    NULL)) == NULL || (v = wl_field_str(rec, "id")) == NULL ||
	    strlen(v) != WL_ID_LEN)
		goto out;
	memcpy(r.id, v, WL_ID_LEN + 1);
	/* The mentions that are of the whole id, not the prefix only. */
	for (size_t i = k = 0; i < r.nmen; i++) {
		c = map + r.men[i];
		hit = memchr(c, '\n', (size_t)(end - c));
		if (find(c, (size_t)((hit ? hit : end) - c), r.id,
		    WL_ID_LEN) != NULL)
			r.men[k++] = r.men[i];
	}
	r.nmen = k;
	if (sel != NULL)
		j = session_part(file, map, size, sel, &r);
	else if (wl_type_of(rec) == WL_SESSION)
		j = session_part(file, map, size, r.id, &r);
	else if ((v = wl_field_str(rec, "session")) != NULL &&
	    strlen(v) == WL_ID_LEN &&
	    strspn(v, "0123456789abcdef") == WL_ID_LEN)
		j = session_part(file, map, size, v, &r);
out:
	json_decref(rec);
	free(r.men);
	return j;
}

/* A reference out of a writer's tail to a record before it: the id
 * named, the types of record it may name, and whether a line before
 * the tail is such a record. */
struct outref {
	uint64_t id;
	unsigned mask;
	int found;
	long line;		/* of the record that names it */
	char field[16];
};

/* What was said about a tail: references out of it, or anything else. */
struct said {
	int other;
	struct outref *refs;
	size_t n, cap;
};

static void
heard(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	struct said *s = ctx;
	struct outref *r;

	(void)sev;
	if (s->other || e->code != WL_P_NOREF ||
	    strlen(e->field) >= sizeof(r->field) ||
	    grow(&s->refs, s->n, &s->cap, sizeof(*s->refs)) < 0) {
		s->other = 1;
		return;
	}
	r = &s->refs[s->n];
	if (wl_id_value(e->ref, strlen(e->ref), &r->id) < 0) {
		s->other = 1;
		return;
	}
	r->found = 0;
	r->line = e->line;
	snprintf(r->field, sizeof(r->field), "%s", e->field);
	s->n++;
}

/* The type of the record of j read at line (j's records are in the
 * order of their lines), or WL_UNKNOWN. */
static enum wl_type
type_at(const struct wl_journal *j, long line)
{
	size_t lo = 0, hi = wl_journal_count(j), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (wl_rec_line(wl_journal_at(j, mid)) < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < wl_journal_count(j) &&
	    wl_rec_line(wl_journal_at(j, lo)) == line ?
	    wl_rec_type(wl_journal_at(j, lo)) : WL_UNKNOWN;
}

static int
by_id(const void *a, const void *b)
{
	uint64_t x = ((const struct outref *)a)->id;
	uint64_t y = ((const struct outref *)b)->id;

	return x < y ? -1 : x > y;
}

/* The first of r[0..n) (sorted by id) with id v, or n. */
static size_t
first_ref(const struct outref *r, size_t n, uint64_t v)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r[mid].id < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && r[lo].id == v ? lo : n;
}

/* Line c..e has id v, that of r[lo] and those after it with the same
 * id (r sorted by id): mark those it may stand for, when it is a
 * record with that id of a type they may name.  The number marked. */
static size_t
mark(const char *c, const char *e, uint64_t v, struct outref *r, size_t lo,
    size_t n)
{
	json_t *rec = wl_line_parse(c, (size_t)(e - c), NULL);
	const char *id = wl_field_str(rec, "id");
	size_t k = 0;
	uint64_t w;

	if (id == NULL || wl_id_value(id, strlen(id), &w) < 0 || w != v) {
		json_decref(rec);
		return 0;
	}
	for (; lo < n && r[lo].id == v; lo++)
		if (!r[lo].found &&
		    (r[lo].mask & WL_TYPE_BIT(wl_type_of(rec)))) {
			r[lo].found = 1;
			k++;
		}
	json_decref(rec);
	return k;
}

/*
 * 1 if every reference r[0..n) out of the part from byte b names a
 * record on a line before b, of a type it may name: then the whole
 * journal says nothing about them.  One pass over those lines, each
 * line's id (canonical: at byte 7; else parsed) looked up among the
 * references', the pages let go behind it.
 */
static int
all_before(const char *map, size_t b, struct outref *r, size_t n)
{
	const char *c, *e, *end = map + b, *done = map;
	size_t left = n, k;
	uint64_t v;

	qsort(r, n, sizeof(*r), by_id);
	for (c = map; c < end && left > 0; c = e + 1) {
		if ((e = memchr(c, '\n', (size_t)(end - c))) == NULL)
			e = end;
		if (line_id(c, e, &v) == 0 && (k = first_ref(r, n, v)) < n)
			left -= mark(c, e, v, r, k, n);
		if ((size_t)(e - done) >= LET_GO)
			done = let_go(map, done, e);
	}
	return left == 0;
}

/*
 * Load map's file from byte b when that part reads without a word,
 * but for references to records before it (a note added later to an
 * earlier session, the statuses and endorsements of earlier advice
 * a follow-up writes): those are looked up there, all in one pass.
 * Else NULL.
 */
static struct wl_journal *
clean_part(const char *path, const char *map, size_t b)
{
	struct said s = { 0, NULL, 0, 0 };
	struct wl_diag d = { heard, &s, 0, 0 };
	struct wl_journal *j = wl_journal_load_from(path, (off_t)b, &d, NULL);

	if (j == NULL || s.other)
		goto no;
	for (size_t i = 0; i < s.n; i++)
		s.refs[i].mask = wl_rule_ref_mask(type_at(j, s.refs[i].line),
		    s.refs[i].field);
	if (s.n > 0 && !all_before(map, b, s.refs, s.n))
		goto no;
	free(s.refs);
	return j;
no:
	free(s.refs);
	wl_journal_free(j);
	return NULL;
}

/*
 * let_go for a pass that goes backwards, now at b: the pages from
 * LET_GO past b up to held are let go (a page touched maps its
 * neighbours after it too).  Returns where the pages held now end.
 */
static const char *
let_go_back(const char *map, const char *b, const char *held)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)b + LET_GO;

	if (pg <= 0 || (uintptr_t)map % (uintptr_t)pg != 0)
		return held;
	a += (uintptr_t)pg - 1;
	a -= a % (uintptr_t)pg;
	if ((uintptr_t)held <= a)
		return held;
	madvise((void *)a, (size_t)((uintptr_t)held - a), MADV_DONTNEED);
	return (const char *)a;
}

/*
 * Walk the lines of map backwards from the end and load the part from
 * the latest session whose tail reads cleanly and holds a live
 * session.  NULL when there is none such (the caller loads it all).
 * The pages walked over are let go behind: a journal of one session
 * is walked whole.
 */
static struct wl_journal *
tail(const char *path, const char *map, size_t size)
{
	size_t e = size, b;
	const char *held = map + size;
	int tries = 0;

	if (e > 0 && map[e - 1] == '\n')
		e--;
	for (;;) {
		const char *nl = memrchr(map, '\n', e);
		struct wl_journal *j;

		b = nl != NULL ? (size_t)(nl - map) + 1 : 0;
		if ((size_t)(held - (map + b)) >= 2 * LET_GO)
			held = let_go_back(map, map + b, held);
		if (is_session(map + b, e - b)) {
			if ((j = clean_part(path, map, b)) == NULL)
				return NULL;
			if (wl_journal_session(j, NULL, NULL) != NULL)
				return j;
			wl_journal_free(j);
			if (++tries == MAX_TRIES)
				return NULL;
		}
		if (b == 0)
			return NULL;
		e = b - 1;
	}
}

struct wl_journal *
wl_journal_load_tail(const char *path, const char *sel, const char *rec,
    struct wl_diag *diag, struct wl_error *err)
{
	/* The caller is the writer: its lock keeps the file whole. */
	struct wl_reader *rd = wl_plain_path() ? NULL : wl_reader_open(path,
	    WL_READ_MAPPED | WL_READ_LOCKED, NULL);
	struct wl_journal *j = NULL;
	char idp[WL_ID_LEN + 1], sp[WL_ID_LEN + 1];
	const char *map;
	size_t size;

	if (rd != NULL) {
		map = wl_reader_bytes(rd, &size);
		if (rec != NULL) {
			if (wl_id_prefix_fold(rec, idp) && (sel == NULL ||
			    wl_id_prefix_fold(sel, sp)))
				j = record_part(path, map, size, idp,
				    sel != NULL ? sp : NULL);
		} else if (sel == NULL)
			j = tail(path, map, size);
		else if (wl_id_prefix_fold(sel, idp))
			j = session_part(path, map, size, idp, NULL);
		wl_reader_free(rd);
	}
	if (j != NULL)
		return j;
	return wl_journal_load(&path, 1, diag, err);
}
