/* check.c - everything that can be wrong with a journal, and the
 * repairs that lose nothing */
#include <stdarg.h>
#include <stdio.h>
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
 * A check says every problem a reader says, in the same words (each
 * comes from rules.c, as the loader's do), and holds about twelve
 * bytes a record, not the journal: it reads the file (mapped, its
 * pages let go of behind it) in passes.
 *   1. Line by line: blank, long and torn lines (the reader), syntax
 *      and schema (a canonical line needs no parse), canonical form;
 *      the id, type and line of each record, and the few things the
 *      blocks need: sessions' own lists, amends that set blocks,
 *      retracts.
 *   2. Ids on more than one line (rare): one more pass compares each
 *      later line with the first: the same record again, or another.
 *   3. The blocks of sessions and records as they stand after their
 *      amends, from what pass 1 kept.
 *   4. Line by line: references, statuses, amends, blocks.
 * Problems go to the caller's diag as errors; a line not in canonical
 * form is only a warning (every reader takes it as it is).
 */

#define LINE_MAX_NO ((1u << 28) - 1)	/* lines a check can number */

/* What pass 1 keeps of an amend that sets "block" or "blocks". */
struct blockset {
	uint64_t id, target;
	long no;
	size_t off, len;	/* its line */
	char at[WL_TIME_LEN + 1];	/* applied in order (wl_rule_order) */
};

/* A record's id with a number (a session's blocks, a record's block)
 * and the line that says so. */
struct idnum {
	uint64_t id;
	long long n;
	long no;
};

/* A retract, as pass 1 keeps it, settled in pass 3. */
struct retract {
	uint64_t id, target;
	long no;
	int gone;			/* a retract in force names it */
};

/* A redaction record as pass 1 keeps it: what it names, its line. */
struct redaction {
	uint64_t target;
	long no;
};

/* A note or endorsement of an erased person: pid's (rank 0: by "by"
 * as written; 1: by an amend that sets it, at line no). */
struct theirs {
	uint64_t id, pid;
	int rank;
	long no;
};

/* A line to write over with its erased form (a repair). */
struct fix {
	long no;
	char *line;
};

struct ctx {
	const char *file;
	struct wl_reader *rd;
	struct wl_diag *diag;		/* the caller's */
	long problems;
	struct wl_idtab ids;		/* value: the record's type */
	long *later;			/* lines whose id came before */
	size_t nlater;
	int *same;			/* later[i] repeats its first line
					 * (1), or brings back what a
					 * redaction erased in it (2) */
	struct idnum *blocks;		/* sessions' own lists */
	size_t nblocks;
	struct blockset *sets;
	size_t nsets;
	struct retract *retracts;	/* sorted by id in pass 3 */
	size_t nretracts;
	struct retract other;		/* what a retract names that is
					 * no retract, for the rules */
	uint64_t *gone;			/* records withdrawn by a retract
					 * in force, sorted */
	size_t ngone;
	struct idnum *nowblocks;	/* pass 3: sessions as they stand */
	size_t nnowblocks;
	struct idnum *nowblock;		/* pass 3: records' block now */
	size_t nnowblock;
	struct wl_line *bad;		/* lines that are no record */
	size_t nbad;
	struct redaction *reds;		/* redaction records, pass 1 */
	size_t nreds;
	uint64_t *erased;		/* the participants they erase */
	size_t nerased;
	struct theirs *theirs;		/* their notes and endorsements */
	size_t ntheirs;
	struct fix *fixes;		/* repair: lines erased, by line */
	size_t nfixes;
	struct wl_line *frags;		/* torn fragments (wl_rule_fragment):
					 * len is the fragment's own */
	size_t nfrags;
	int oom;
	int huge;			/* more lines than it can number */
};

/* Say problem e (file, line and column set here) to the caller. */
static void
say(struct ctx *c, long no, const char *line, size_t len,
    struct wl_error *e)
{
	int form = e->code == WL_P_FORM;

	snprintf(e->file, sizeof(e->file), "%s", c->file);
	e->line = no;
	if (e->col == 0 && e->field[0] != '\0' && line != NULL)
		e->col = wl_line_column(line, len, e->field);
	wl_diag_emit(c->diag, form ? WL_WARNING : WL_ERROR, e);
	if (!form)
		c->problems++;
}

/* The reader's own problems (blank, long, torn lines) relayed. */
static void
relay(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	struct ctx *c = ctx;
	struct wl_error copy = *e;

	(void)sev;
	say(c, e->line, NULL, 0, &copy);
}

/* qsort, which must not be given NULL even with nothing to sort. */
static void
sort(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, size, cmp);
}

static int
grow(void *pp, size_t n, size_t size)
{
	void *p = realloc(*(void **)pp, (n + 1) * size);

	if (p == NULL)
		return -1;
	*(void **)pp = p;
	return 0;
}

/* A line's record: as the scanner reads it (*rec NULL) or parsed (then
 * the caller frees *rec).  0, or -1 with the parser's complaint in e. */
static int
read_line(const struct wl_line *l, struct wl_scan *sc, json_t **rec,
    struct wl_error *e)
{
	*rec = NULL;
	if (wl_scan_line(l->p, l->len, sc))
		return 0;
	if ((*rec = wl_line_parse(l->p, l->len, e)) == NULL) {
		if (e->code != WL_ENOMEM)
			e->code = WL_P_SYNTAX;
		return -1;
	}
	return 0;
}

/* A line's record as read_line has it, or, when the line is a torn
 * fragment with a record glued behind it (wl_rule_fragment), that
 * record, *l made its bytes: every pass reads the lines as pass 1 and
 * the loader do.  0, or -1 (e). */
static int
read_record(struct wl_line *l, struct wl_scan *sc, json_t **rec,
    struct wl_error *e)
{
	size_t whole;

	while (read_line(l, sc, rec, e) < 0) {
		if (e->code == WL_ENOMEM ||
		    !wl_rule_fragment(l->p, l->len, &whole) || whole == l->len)
			return -1;
		l->p += whole;
		l->len -= whole;
		l->off += whole;
	}
	return 0;
}

static const char *
id_of(const struct wl_scan *sc, const json_t *rec)
{
	return rec ? wl_field_str(rec, "id") : sc->id;
}

static uint64_t
value_of(const char *id)
{
	uint64_t v = 0;

	wl_id_value(id, WL_ID_LEN, &v);
	return v;
}

/* Pass 1's notes of a parsed record: blocks, block amends, retracts. */
static void
note_record(struct ctx *c, const struct wl_line *l, const json_t *rec)
{
	enum wl_type t = wl_type_of(rec);
	uint64_t id = value_of(wl_field_str(rec, "id"));
	const json_t *set = json_object_get(rec, "set");
	const char *ref = wl_field_str(rec, "ref");

	if (t == WL_SESSION && json_object_get(rec, "blocks") != NULL) {
		if (grow(&c->blocks, c->nblocks, sizeof(*c->blocks)) < 0) {
			c->oom = 1;
			return;
		}
		c->blocks[c->nblocks++] = (struct idnum){ id,
		    wl_rule_nblocks(json_object_get(rec, "blocks")), l->no };
	}
	if (t == WL_AMEND && (json_object_get(set, "block") != NULL ||
	    json_object_get(set, "blocks") != NULL)) {
		if (grow(&c->sets, c->nsets, sizeof(*c->sets)) < 0) {
			c->oom = 1;
			return;
		}
		c->sets[c->nsets] = (struct blockset){ id, value_of(ref),
		    l->no, l->off, l->len, "" };
		snprintf(c->sets[c->nsets++].at, sizeof(c->sets->at), "%s",
		    wl_field_str(rec, "at") ? wl_field_str(rec, "at") : "");
	}
	if (t == WL_REDACTION && ref != NULL) {
		if (grow(&c->reds, c->nreds, sizeof(*c->reds)) < 0) {
			c->oom = 1;
			return;
		}
		c->reds[c->nreds++] = (struct redaction){ value_of(ref),
		    l->no };
	}
	if (t == WL_RETRACT) {
		if (grow(&c->retracts, c->nretracts,
		    sizeof(*c->retracts)) < 0) {
			c->oom = 1;
			return;
		}
		c->retracts[c->nretracts++] = (struct retract){ id,
		    value_of(ref), l->no, 0 };
	}
}

/* Pass 1. */
static void
pass_lines(struct ctx *c)
{
	struct wl_diag d = { relay, c, 0, 0 };
	struct wl_error e;
	struct wl_line l;
	int rc;

	while ((rc = wl_reader_next(c->rd, &l, &d, &e)) == 1) {
		struct wl_scan sc;
		json_t *rec;
		enum wl_type t;
		char *canon;
		size_t clen, whole;

again:
		if (read_line(&l, &sc, &rec, &e) < 0) {
			if (e.code == WL_ENOMEM) {
				c->oom = 1;
				return;
			}
			if (wl_rule_fragment(l.p, l.len, &whole)) {
				/* Said with its line; --repair moves it
				 * aside and keeps a record glued behind. */
				wl_problem_fragment(&e, whole, c->file);
				say(c, l.no, l.p, l.len, &e);
				if (grow(&c->frags, c->nfrags,
				    sizeof(*c->frags)) < 0) {
					c->oom = 1;
					return;
				}
				c->frags[c->nfrags] = l;
				c->frags[c->nfrags++].len = whole;
				if (whole == l.len)
					continue;
				l.p += whole;
				l.len -= whole;
				l.off += whole;
				goto again;
			}
			say(c, l.no, l.p, l.len, &e);
			if (grow(&c->bad, c->nbad, sizeof(*c->bad)) < 0)
				c->oom = 1;
			else
				c->bad[c->nbad++] = l;
			continue;
		}
		if (l.no > (long)LINE_MAX_NO) {
			json_decref(rec);
			c->huge = 1;
			return;
		}
		t = rec ? wl_type_of(rec) : sc.type;
		if (wl_idtab_add(&c->ids, value_of(id_of(&sc, rec)),
		    (uint32_t)t) < 0)
			c->oom = 1;
		if (rec == NULL && t == WL_RETRACT) {
			/* Canonical: its target as the scanner read it. */
			if (grow(&c->retracts, c->nretracts,
			    sizeof(*c->retracts)) < 0) {
				c->oom = 1;
				return;
			}
			c->retracts[c->nretracts++] = (struct retract){
			    value_of(sc.id), value_of(sc.ref[WL_SCAN_REF]),
			    l.no, 0 };
		}
		if (rec == NULL && t == WL_REDACTION &&
		    sc.ref[WL_SCAN_REF] != NULL) {
			if (grow(&c->reds, c->nreds, sizeof(*c->reds)) < 0) {
				c->oom = 1;
				return;
			}
			c->reds[c->nreds++] = (struct redaction){
			    value_of(sc.ref[WL_SCAN_REF]), l.no };
		}
		if (rec == NULL)
			continue;	/* canonical, and nothing more */
		note_record(c, &l, rec);
		canon = wl_line_encode(rec, &clen);
		if (canon == NULL)
			c->oom = 1;
		else if (clen - 1 != l.len || memcmp(canon, l.p, l.len) != 0) {
			wl_problem_form(&e);
			say(c, l.no, l.p, l.len, &e);
		}
		free(canon);
		json_decref(rec);
	}
	if (rc < 0)
		c->oom = 1;
}

static int
type_at(const struct wl_idtab *t, size_t k)
{
	return (int)wl_idtab_val(t, k);
}

static int
by_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* 1 if line no is a later line of an id (left out by readers). */
static int
is_later(const struct ctx *c, long no)
{
	return c->nlater > 0 && bsearch(&no, c->later, c->nlater,
	    sizeof(*c->later), by_long) != NULL;
}

/* The same record on two lines: the same bytes, or the same values. */
static int
same_record(const char *a, size_t an, const char *b, size_t bn)
{
	json_t *x, *y;
	int same;

	if (an == bn && memcmp(a, b, an) == 0)
		return 1;
	x = wl_line_parse_json(a, an, NULL);
	y = wl_line_parse_json(b, bn, NULL);
	same = x != NULL && y != NULL && json_equal(x, y);
	json_decref(x);
	json_decref(y);
	return same;
}

/*
 * Pass 2: the later lines of each id used twice, in line order.  The
 * table holds no lines (a byte a record is all check keeps), so the
 * ids used twice are found in it and their lines by reading again.
 */
struct first {
	uint64_t id;
	long no;		/* 0 until its first line is read */
	size_t off, len;
	int type;
};

static int
by_first(const void *a, const void *b)
{
	uint64_t x = ((const struct first *)a)->id;
	uint64_t y = ((const struct first *)b)->id;

	return x < y ? -1 : x > y;
}

/* later and same sorted by line together (few: an insertion sort). */
static void
sort_later(struct ctx *c)
{
	for (size_t i = 1; i < c->nlater; i++)
		for (size_t m = i; m > 0 && c->later[m] < c->later[m - 1];
		    m--) {
			long tl = c->later[m];
			int ts = c->same[m];

			c->later[m] = c->later[m - 1];
			c->same[m] = c->same[m - 1];
			c->later[m - 1] = tl;
			c->same[m - 1] = ts;
		}
}

/*
 * The line l of the id whose first line is fp, when one of the two is
 * the other as a redaction erased it (rules.h): the erased one is read
 * (it becomes fp: the loader keeps it in the first one's place), the
 * other is a later line, said when say_them.  Its number goes to
 * c->later[c->nlater] (the caller counts it).  1 when so, 0 when not,
 * -1 when out of memory.
 */
static int
undone_lines(struct ctx *c, struct first *fp, const struct wl_line *l,
    const char *data, int say_them)
{
	json_t *a = wl_line_parse_json(data + fp->off, fp->len, NULL);
	json_t *b = wl_line_parse_json(l->p, l->len, NULL);
	struct wl_error e;
	int rc = -1;

	if (a == NULL || b == NULL)
		goto out;
	if ((rc = wl_rule_erased_form(a, b)) > 0) {
		c->later[c->nlater] = fp->no;
		if (say_them) {
			wl_problem_undone(&e, NULL, l->no);
			say(c, fp->no, data + fp->off, fp->len, &e);
		}
		fp->no = l->no;
		fp->off = l->off;
		fp->len = l->len;
	} else if (rc == 0 && (rc = wl_rule_erased_form(b, a)) > 0) {
		c->later[c->nlater] = l->no;
		if (say_them) {
			wl_problem_undone(&e, NULL, fp->no);
			say(c, l->no, l->p, l->len, &e);
		}
	}
out:
	json_decref(a);
	json_decref(b);
	return rc;
}

static int
pass_twice(struct ctx *c, int say_them)
{
	struct wl_idtab *t = &c->ids;
	struct first *first = NULL;
	size_t nfirst = 0, nlater = 0, k, f;
	struct wl_error e;
	struct wl_line l;

	for (k = 1; k < t->n; k++)
		if (t->id[k] == t->id[k - 1]) {
			nlater++;
			if (nfirst > 0 && first[nfirst - 1].id == t->id[k])
				continue;
			if (grow(&first, nfirst, sizeof(*first)) < 0) {
				free(first);
				return -1;
			}
			first[nfirst++] = (struct first){ t->id[k], 0, 0, 0, 0 };
		}
	if (nlater == 0)
		return 0;
	if ((c->later = calloc(nlater, sizeof(*c->later))) == NULL ||
	    (c->same = calloc(nlater, sizeof(*c->same))) == NULL) {
		free(first);
		return -1;
	}
	/* firsts are sorted by id: the first line of each is remembered,
	 * the later ones compared with it. */
	wl_reader_rewind(c->rd);
	while (wl_reader_next(c->rd, &l, NULL, NULL) == 1) {
		char id[WL_ID_LEN + 1];
		struct first *fp, key;
		struct wl_scan sc;
		const char *data;
		json_t *rec;
		size_t bytes;
		int undone;

		if (read_record(&l, &sc, &rec, &e) < 0) {
			if (e.code == WL_ENOMEM) {
				free(first);
				return -1;
			}
			continue;
		}
		memcpy(id, id_of(&sc, rec), WL_ID_LEN);
		id[WL_ID_LEN] = '\0';
		key.id = value_of(id);
		fp = bsearch(&key, first, nfirst, sizeof(*first), by_first);
		if (fp != NULL && fp->no == 0) {
			fp->no = l.no;
			fp->off = l.off;
			fp->len = l.len;
			fp->type = rec ? wl_type_of(rec) : sc.type;
		} else if (fp != NULL && c->nlater < nlater) {
			data = wl_reader_bytes(c->rd, &bytes);
			c->same[c->nlater] = same_record(data + fp->off,
			    fp->len, l.p, l.len);
			if (!c->same[c->nlater] && (undone = undone_lines(c,
			    fp, &l, data, say_them)) != 0) {
				if (undone < 0) {
					json_decref(rec);
					free(first);
					return -1;
				}
				c->same[c->nlater++] = 2;	/* undone */
				json_decref(rec);
				continue;
			}
			c->later[c->nlater++] = l.no;
			if (say_them) {
				wl_problem_again(&e, id,
				    c->same[c->nlater - 1], NULL, fp->no);
				say(c, l.no, l.p, l.len, &e);
			}
		}
		json_decref(rec);
	}
	sort_later(c);
	/* The record of an id is its first line's, whatever the type of
	 * the later ones. */
	for (f = 0; f < nfirst; f++)
		for (k = wl_idtab_find(t, first[f].id); k < t->n &&
		    t->id[k] == first[f].id; k++)
			wl_idtab_set(t, k, (uint32_t)first[f].type);
	free(first);
	return 0;
}

static int
by_id(const void *a, const void *b)
{
	uint64_t x = ((const struct idnum *)a)->id;
	uint64_t y = ((const struct idnum *)b)->id;

	return x < y ? -1 : x > y;
}

static struct idnum *
find_num(struct idnum *v, size_t n, uint64_t id)
{
	struct idnum key = { id, 0, 0 };

	return n ? bsearch(&key, v, n, sizeof(*v), by_id) : NULL;
}

/* The type of the record with id (-1: none) in the table. */
static int
lookup(void *ctx, const char *id)
{
	const struct ctx *c = ctx;
	uint64_t v;
	size_t k;

	if (wl_id_value(id, strlen(id), &v) < 0 ||
	    (k = wl_idtab_find(&c->ids, v)) == WL_IDTAB_NONE)
		return -1;
	return type_at(&c->ids, k);
}

/* Record id's number in v (sorted by id, one each), set to n. */
static int
put_num(struct idnum **v, size_t *nv, uint64_t id, long long n)
{
	struct idnum *x = find_num(*v, *nv, id);

	if (x != NULL) {
		x->n = n;
		return 0;
	}
	if (grow(v, *nv, sizeof(**v)) < 0)
		return -1;
	(*v)[(*nv)++] = (struct idnum){ id, n, 0 };
	sort(*v, *nv, sizeof(**v), by_id);
	return 0;
}

static int
by_retract(const void *a, const void *b)
{
	uint64_t x = ((const struct retract *)a)->id;
	uint64_t y = ((const struct retract *)b)->id;

	return x < y ? -1 : x > y;
}

static int
by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static struct retract *
find_retract(const struct ctx *c, uint64_t id)
{
	struct retract key = { id, 0, 0, 0 };

	return c->nretracts ? bsearch(&key, c->retracts, c->nretracts,
	    sizeof(key), by_retract) : NULL;
}

/* How retracts hang together, for the rules' settling: a retract is
 * its entry, what it names that is no retract is c->other. */
static int
h_retracted(void *ctx, const void *r)
{
	(void)ctx;
	return ((const struct retract *)r)->gone;
}

static enum wl_type
h_type(void *ctx, const void *r)
{
	return r == &((struct ctx *)ctx)->other ? WL_UNKNOWN : WL_RETRACT;
}

static const void *
h_session(void *ctx, const void *r)
{
	(void)ctx;
	(void)r;
	return NULL;
}

/* What retract r names, when the rules let it name that. */
static const void *
h_parent(void *ctx, const void *r)
{
	struct ctx *c = ctx;
	uint64_t t = ((const struct retract *)r)->target;
	size_t k;
	int type;

	if (r == &c->other || (k = wl_idtab_find(&c->ids, t)) ==
	    WL_IDTAB_NONE)
		return NULL;
	type = type_at(&c->ids, k);
	if (!(wl_rule_ref_mask(WL_RETRACT, "ref") & WL_TYPE_BIT(type)))
		return NULL;
	return type == WL_RETRACT ? (const void *)find_retract(c, t) :
	    &c->other;
}

static const void *
h_at(void *ctx, size_t i)
{
	return &((struct ctx *)ctx)->retracts[i];
}

static void
h_inforce(void *ctx, const void *r)
{
	struct ctx *c = ctx;
	const struct retract *x = r;
	struct retract *t;

	if ((t = find_retract(c, x->target)) != NULL)
		t->gone = 1;
	else if (grow(&c->gone, c->ngone, sizeof(*c->gone)) < 0)
		c->oom = 1;
	else
		c->gone[c->ngone++] = x->target;
}

static struct wl_hang
hang_of(struct ctx *c)
{
	return (struct wl_hang){ h_retracted, h_type, h_session, h_parent,
	    c };
}

/* 1 if a retract in force withdraws the record with id. */
static int
is_gone(const struct ctx *c, uint64_t id)
{
	return c->ngone > 0 && bsearch(&id, c->gone, c->ngone,
	    sizeof(id), by_u64) != NULL;
}

/* Amends that set blocks in the order the fold applies them. */
static int
by_order(const void *a, const void *b)
{
	const struct blockset *x = a, *y = b;
	char xi[WL_ID_LEN + 1], yi[WL_ID_LEN + 1];

	snprintf(xi, sizeof(xi), "%016llx", (unsigned long long)x->id);
	snprintf(yi, sizeof(yi), "%016llx", (unsigned long long)y->id);
	return wl_rule_order(x->at, xi, y->at, yi);
}

/*
 * Pass 3: apply, in the order of records (wl_rule_order, as the fold
 * does, whatever the order of lines), the amends that set blocks and that
 * the fold applies: not a later line of its id, its target of a type
 * it may amend, fitting by the rules, and not withdrawn.
 */
static int
pass_blocks(struct ctx *c)
{
	size_t bytes;
	const char *data = wl_reader_bytes(c->rd, &bytes);
	struct wl_hang h;
	size_t o = 0;

	/* What a later line of an id says does not count: readers leave
	 * that line out. */
	for (size_t i = 0; i < c->nblocks; i++)
		if (!is_later(c, c->blocks[i].no))
			c->blocks[o++] = c->blocks[i];
	c->nblocks = o;
	sort(c->blocks, c->nblocks, sizeof(*c->blocks), by_id);
	o = 0;
	for (size_t i = 0; i < c->nretracts; i++)
		if (!is_later(c, c->retracts[i].no))
			c->retracts[o++] = c->retracts[i];
	c->nretracts = o;
	sort(c->retracts, c->nretracts, sizeof(*c->retracts), by_retract);
	h = hang_of(c);
	wl_rule_settle(&h, c->nretracts, h_at, h_inforce);
	if (c->oom)
		return -1;
	sort(c->gone, c->ngone, sizeof(*c->gone), by_u64);
	sort(c->sets, c->nsets, sizeof(*c->sets), by_order);
	for (size_t i = 0; i < c->nsets; i++) {
		const struct blockset *s = &c->sets[i];
		size_t k = wl_idtab_find(&c->ids, s->target);
		json_t *rec, *set, *v;
		int target = k == WL_IDTAB_NONE ? -1 : type_at(&c->ids, k);
		char tid[WL_ID_LEN + 1];
		int ok;

		if (is_later(c, s->no) || is_gone(c, s->id))
			continue;
		snprintf(tid, sizeof(tid), "%016llx",
		    (unsigned long long)s->target);
		if (wl_rule_ref(WL_AMEND, "ref", tid, target, NULL) < 0)
			continue;
		if ((rec = wl_line_parse_json(data + s->off, s->len,
		    NULL)) == NULL)
			return -1;
		set = json_object_get(rec, "set");
		ok = wl_rule_amend((enum wl_type)target, set,
		    json_is_true(json_object_get(rec, "minor")), lookup, c,
		    NULL) == 0;
		if (ok && (v = json_object_get(set, "blocks")) != NULL &&
		    put_num(&c->nowblocks, &c->nnowblocks, s->target,
		    wl_rule_nblocks(json_is_null(v) ? NULL : v)) < 0)
			ok = -1;
		if (ok > 0 && (v = json_object_get(set, "block")) != NULL &&
		    put_num(&c->nowblock, &c->nnowblock, s->target,
		    json_is_integer(v) ? json_integer_value(v) : 0) < 0)
			ok = -1;
		json_decref(rec);
		if (ok < 0)
			return -1;
	}
	return 0;
}

/* The number of blocks of session sid as it stands. */
static long long
nblocks(const struct ctx *c, uint64_t sid)
{
	struct idnum *x = find_num(c->nowblocks, c->nnowblocks, sid);

	if (x == NULL)
		x = find_num(c->blocks, c->nblocks, sid);
	return x != NULL ? x->n : wl_rule_nblocks(NULL);
}

/* What pass 4 reads of a record, from its bytes or its JSON. */
struct refs {
	const char *id;
	const char *val[3];		/* session, by, ref; or NULL */
	char buf[3][WL_ID_LEN + 1];
	long long block;
	const char *status;
	const char *date, *at;		/* a status's: wl_rule_status_date */
	enum wl_type type;
};

static const char *const ref_fields[3] = { "session", "by", "ref" };

static void
refs_of(const struct wl_scan *sc, const json_t *rec, struct refs *f)
{
	static const int which[3] = { WL_SCAN_SESSION, WL_SCAN_BY,
		WL_SCAN_REF };

	memset(f, 0, sizeof(*f));
	if (rec != NULL) {
		f->id = wl_field_str(rec, "id");
		for (int i = 0; i < 3; i++)
			f->val[i] = wl_field_str(rec, ref_fields[i]);
		f->block = wl_field_int(rec, "block", 0);
		f->status = wl_field_str(rec, "status");
		f->date = wl_field_str(rec, "date");
		f->at = wl_field_str(rec, "at");
		f->type = wl_type_of(rec);
		return;
	}
	f->id = sc->id;
	for (int i = 0; i < 3; i++)
		if (sc->ref[which[i]] != NULL) {
			memcpy(f->buf[i], sc->ref[which[i]], WL_ID_LEN);
			f->buf[i][WL_ID_LEN] = '\0';
			f->val[i] = f->buf[i];
		}
	f->block = sc->block;
	if (sc->type == WL_STATUS && sc->val > 0)
		f->status = wl_schema_enum(WL_STATUS, "status")[sc->val - 1];
	if (sc->type == WL_STATUS) {
		f->date = wl_scan_value(sc, WL_STATUS, "date");
		f->at = sc->span[1] + 1;
	}
	f->type = sc->type;
}

/* Pass 4: every rule of a record that follows a reference. */
static void
pass_refs(struct ctx *c)
{
	struct wl_hang h = hang_of(c);
	struct wl_error e;
	struct wl_line l;

	wl_reader_rewind(c->rd);
	while (wl_reader_next(c->rd, &l, NULL, NULL) == 1) {
		int target[3] = { -1, -1, -1 }, ok[3] = { 0, 0, 0 };
		struct wl_scan sc;
		struct idnum *now;
		struct retract *x;
		struct refs f;
		json_t *rec;

		if (read_record(&l, &sc, &rec, &e) < 0) {
			if (e.code == WL_ENOMEM) {
				c->oom = 1;
				return;
			}
			continue;
		}
		if (is_later(c, l.no)) {
			json_decref(rec);
			continue;
		}
		refs_of(&sc, rec, &f);
		for (int k = 0; k < 3; k++) {
			if (f.val[k] == NULL ||
			    wl_rule_ref_mask(f.type, ref_fields[k]) == 0)
				continue;
			target[k] = lookup(c, f.val[k]);
			if (wl_rule_ref(f.type, ref_fields[k], f.val[k],
			    target[k], &e) < 0)
				say(c, l.no, l.p, l.len, &e);
			else
				ok[k] = 1;
		}
		if (ok[2] && f.type == WL_RETRACT && target[2] == WL_RETRACT &&
		    (x = find_retract(c, value_of(f.id))) != NULL &&
		    wl_rule_chain(&h, x, &e) < 0)
			say(c, l.no, l.p, l.len, &e);
		if (ok[2] && f.type == WL_STATUS && wl_rule_status(
		    (enum wl_type)target[2], f.status, &e) < 0)
			say(c, l.no, l.p, l.len, &e);
		if (ok[2] && f.type == WL_STATUS && wl_rule_status_date(
		    f.date, f.at, &e) < 0)
			say(c, l.no, l.p, l.len, &e);
		if (ok[2] && f.type == WL_AMEND && wl_rule_amend(
		    (enum wl_type)target[2], json_object_get(rec, "set"),
		    json_is_true(json_object_get(rec, "minor")), lookup, c,
		    &e) < 0)
			say(c, l.no, l.p, l.len, &e);
		if (ok[0] && (f.type == WL_NOTE || f.type == WL_ADVICE)) {
			now = find_num(c->nowblock, c->nnowblock,
			    value_of(f.id));
			if (now != NULL)
				f.block = now->n;
			if (f.block > 0 && wl_rule_block(f.block,
			    nblocks(c, value_of(f.val[0])), &e) < 0)
				say(c, l.no, l.p, l.len, &e);
		}
		json_decref(rec);
	}
}

static int
by_theirs(const void *a, const void *b)
{
	const struct theirs *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->no < y->no ? -1 : x->no > y->no;
}

/* 1 if the participant with id is erased by a redaction. */
static int
is_erased(const struct ctx *c, uint64_t id)
{
	return c->nerased > 0 && bsearch(&id, c->erased, c->nerased,
	    sizeof(id), by_u64) != NULL;
}

/* The erased person whose note or endorsement id is, or NULL. */
static const struct theirs *
theirs_of(const struct ctx *c, uint64_t id)
{
	size_t lo = 0, hi = c->ntheirs;

	/* The first entry of id: its rank and line decide whose. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->theirs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->ntheirs && c->theirs[lo].id == id ? &c->theirs[lo] :
	    NULL;
}

/* Keep that note or endorsement id is pid's (rank, line no). */
static void
add_theirs(struct ctx *c, uint64_t id, uint64_t pid, int rank, long no)
{
	if (grow(&c->theirs, c->ntheirs, sizeof(*c->theirs)) < 0)
		c->oom = 1;
	else
		c->theirs[c->ntheirs++] = (struct theirs){ id, pid, rank, no };
}

/* The erased participants, then their notes and endorsements: the
 * first half of the rule of erasure (rules.h), as the fold marks. */
static void
find_erased(struct ctx *c)
{
	struct wl_error e;
	struct wl_line l;

	for (size_t i = 0; i < c->nreds; i++) {
		size_t k = wl_idtab_find(&c->ids, c->reds[i].target);

		if (is_later(c, c->reds[i].no) || k == WL_IDTAB_NONE ||
		    type_at(&c->ids, k) != WL_PARTICIPANT)
			continue;
		if (grow(&c->erased, c->nerased, sizeof(*c->erased)) < 0) {
			c->oom = 1;
			return;
		}
		c->erased[c->nerased++] = c->reds[i].target;
	}
	if (c->nerased == 0)
		return;
	sort(c->erased, c->nerased, sizeof(*c->erased), by_u64);
	wl_reader_rewind(c->rd);
	while (!c->oom && wl_reader_next(c->rd, &l, NULL, NULL) == 1) {
		struct wl_scan sc;
		struct refs f;
		json_t *rec;
		const char *by;
		int t;

		if (read_record(&l, &sc, &rec, &e) < 0) {
			c->oom |= e.code == WL_ENOMEM;
			continue;
		}
		if (is_later(c, l.no)) {
			json_decref(rec);
			continue;
		}
		refs_of(&sc, rec, &f);
		if ((f.type == WL_NOTE || f.type == WL_ENDORSEMENT) &&
		    f.val[1] != NULL && is_erased(c, value_of(f.val[1])))
			add_theirs(c, value_of(f.id), value_of(f.val[1]), 0,
			    l.no);
		if (f.type == WL_AMEND && f.val[2] != NULL &&
		    (by = wl_field_str(json_object_get(rec, "set"),
		    "by")) != NULL && wl_id_valid(by) &&
		    is_erased(c, value_of(by)) &&
		    ((t = lookup(c, f.val[2])) == WL_NOTE ||
		    t == WL_ENDORSEMENT))
			add_theirs(c, value_of(f.val[2]), value_of(by), 1,
			    l.no);
		json_decref(rec);
	}
	sort(c->theirs, c->ntheirs, sizeof(*c->theirs), by_theirs);
}

/*
 * Every line of an erased person's that holds more than the rules'
 * erasure leaves (rules.h): said, or, for a repair, kept in c->fixes
 * with its erased form.
 */
static void
pass_erasure(struct ctx *c, int repair)
{
	struct wl_error e;
	struct wl_line l;

	find_erased(c);
	if (c->nerased == 0 || c->oom)
		return;
	wl_reader_rewind(c->rd);
	while (!c->oom && wl_reader_next(c->rd, &l, NULL, NULL) == 1) {
		enum wl_erasure how = WL_ERASE_NONE;
		int target = -1;
		const struct theirs *th;
		char pid[WL_ID_LEN + 1], id[WL_ID_LEN + 1];
		uint64_t p = 0, ref;
		struct wl_scan sc;
		struct refs f;
		json_t *rec, *now;

		if (read_record(&l, &sc, &rec, &e) < 0) {
			c->oom |= e.code == WL_ENOMEM;
			continue;
		}
		refs_of(&sc, rec, &f);
		ref = f.val[2] != NULL ? value_of(f.val[2]) : 0;
		if (is_later(c, l.no))
			;
		else if (f.type == WL_PARTICIPANT &&
		    is_erased(c, value_of(f.id))) {
			how = WL_ERASE_PERSON;
			p = value_of(f.id);
		} else if ((f.type == WL_NOTE || f.type == WL_ENDORSEMENT) &&
		    (th = theirs_of(c, value_of(f.id))) != NULL) {
			how = WL_ERASE_THEIRS;
			p = th->pid;
		} else if (f.type == WL_AMEND && f.val[2] != NULL &&
		    (target = lookup(c, f.val[2])) == WL_PARTICIPANT &&
		    is_erased(c, ref)) {
			how = WL_ERASE_PERSON;
			p = ref;
		} else if (f.type == WL_AMEND && (target == WL_NOTE ||
		    target == WL_ENDORSEMENT) &&
		    (th = theirs_of(c, ref)) != NULL) {
			how = WL_ERASE_THEIRS;
			p = th->pid;
		}
		if (how == WL_ERASE_NONE) {
			json_decref(rec);
			continue;
		}
		if (rec == NULL && (rec = wl_line_parse_json(l.p, l.len,
		    NULL)) == NULL) {
			c->oom = 1;
			return;
		}
		if ((now = wl_rule_erase(rec, f.type, how, (enum wl_type)
		    (f.type == WL_AMEND ? target : (int)f.type))) == NULL)
			c->oom = 1;
		else if (!json_equal(now, rec) && !repair) {
			snprintf(pid, sizeof(pid), "%016llx",
			    (unsigned long long)p);
			snprintf(id, sizeof(id), "%.16s", f.id);
			wl_problem_unerased(&e, f.type, id, how, pid);
			say(c, l.no, l.p, l.len, &e);
		} else if (!json_equal(now, rec)) {
			if (grow(&c->fixes, c->nfixes, sizeof(*c->fixes)) < 0 ||
			    (c->fixes[c->nfixes].line = wl_line_encode(now,
			    NULL)) == NULL)
				c->oom = 1;
			else
				c->fixes[c->nfixes++].no = l.no;
		}
		json_decref(now);
		json_decref(rec);
	}
}

static void
ctx_free(struct ctx *c)
{
	wl_reader_free(c->rd);
	wl_idtab_free(&c->ids);
	free(c->later);
	free(c->same);
	free(c->blocks);
	free(c->sets);
	free(c->retracts);
	free(c->gone);
	free(c->nowblocks);
	free(c->nowblock);
	free(c->frags);
	free(c->bad);
	free(c->reds);
	free(c->erased);
	free(c->theirs);
	for (size_t i = 0; i < c->nfixes; i++)
		free(c->fixes[i].line);
	free(c->fixes);
}

/* Open path for a check: flags as wl_reader_open's. */
static int
ctx_open(struct ctx *c, const char *path, int flags, struct wl_diag *diag,
    struct wl_error *err)
{
	struct wl_line l;
	size_t lines = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	c->file = strcmp(path, "-") ? path : "<stdin>";
	c->diag = diag;
	if ((c->rd = wl_reader_open(path, WL_READ_WHOLE | WL_READ_LONG |
	    flags, err)) == NULL)
		return -1;
	/* Room for a record a line, taken once: growing would hold the
	 * old and the new table at once. */
	while ((rc = wl_reader_next(c->rd, &l, NULL, err)) == 1)
		lines++;
	if (rc < 0)
		return -1;	/* a line over the limit: no check reads on */
	wl_reader_rewind(c->rd);
	if (wl_idtab_init(&c->ids, lines + 1, 1) < 0) {
		wl_error_set(err, path, 0, 0, "out of memory");
		return -1;
	}
	return 0;
}

long
wl_check(const char *path, struct wl_diag *diag, struct wl_error *err)
{
	struct ctx c;
	long rc = -1;

	if (ctx_open(&c, path, 0, diag, err) < 0) {
		ctx_free(&c);
		return -1;
	}
	pass_lines(&c);
	if (c.oom || c.huge || wl_idtab_sort_in_place(&c.ids) < 0 ||
	    pass_twice(&c, 1) < 0 ||
	    pass_blocks(&c) < 0)
		goto oom;
	pass_refs(&c);
	pass_erasure(&c, 0);
	if (c.oom)
		goto oom;
	rc = c.problems;
	goto out;
oom:
	if (c.huge)
		wl_error_set(err, path, 0, 0, "more than %u lines: too many "
		    "for a check", LINE_MAX_NO);
	else
		wl_error_set(err, path, 0, 0, "out of memory");
out:
	ctx_free(&c);
	return rc;
}


/* A fragment by its line number (bsearch with a long key). */
static int
by_line(const void *a, const void *b)
{
	long x = *(const long *)a, y = ((const struct wl_line *)b)->no;

	return x < y ? -1 : x > y;
}

static int
by_bytes(const void *a, const void *b)
{
	const struct wl_line *x = a, *y = b;
	int d;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((d = memcmp(x->p, y->p, x->len)) != 0)
		return d;
	return x->no < y->no ? -1 : x->no > y->no;
}

/*
 * The lines that are no record and repeat an earlier one byte for
 * byte, into c->later (their c->same set): sorted by their bytes, each
 * run of equal lines keeps its first.  0, or -1 when out of memory.
 */
static int
repeated_bad(struct ctx *c)
{
	size_t n = c->nlater, k;

	sort(c->bad, c->nbad, sizeof(*c->bad), by_bytes);
	for (k = 1; k < c->nbad; k++)
		if (c->bad[k].len == c->bad[k - 1].len &&
		    memcmp(c->bad[k].p, c->bad[k - 1].p, c->bad[k].len) == 0)
			n++;
	if (n == c->nlater)
		return 0;
	if (grow(&c->later, n, sizeof(*c->later)) < 0 ||
	    grow(&c->same, n, sizeof(*c->same)) < 0)
		return -1;
	for (k = 1; k < c->nbad; k++)
		if (c->bad[k].len == c->bad[k - 1].len &&
		    memcmp(c->bad[k].p, c->bad[k - 1].p, c->bad[k].len) == 0) {
			c->later[c->nlater] = c->bad[k].no;
			c->same[c->nlater++] = 1;
		}
	sort_later(c);
	return 0;
}

int
wl_check_repair(struct wl_writer *w, const char *path,
    struct wl_repair *done, struct wl_error *err)
{
	struct wl_diag none = { NULL, NULL, 0, 0 };	/* counts, says nothing */
	struct wl_reader *raw = NULL;
	const char *data;
	char *out = NULL;
	struct wl_piece *aside = NULL;
	size_t o = 0, len, na = 0, fix = 0, room, bytes = 0;
	struct wl_line l;
	struct ctx c;
	int rc = -1;

	memset(done, 0, sizeof(*done));
	/* w holds the journal's lock: read under it. */
	if (ctx_open(&c, path, WL_READ_LOCKED, &none, err) < 0)
		goto out;
	pass_lines(&c);
	if (c.oom || c.huge || wl_idtab_sort_in_place(&c.ids) < 0 ||
	    pass_twice(&c, 0) < 0 || repeated_bad(&c) < 0)
		goto nomem;
	pass_erasure(&c, 1);
	if (c.oom)
		goto nomem;
	data = wl_reader_bytes(c.rd, &len);
	if ((raw = wl_reader_open(path, WL_READ_WHOLE | WL_READ_LOCKED |
	    WL_READ_RAW, err)) == NULL)
		goto out;
	/* Room for every line as it is and each erased one besides. */
	room = len + 1;
	for (size_t i = 0; i < c.nfixes; i++)
		room += strlen(c.fixes[i].line);
	if ((out = malloc(room)) == NULL)
		goto nomem;
	/* Every line but blank ones, records read before, torn fragments
	 * and lines over the limit (moved aside, with the torn tail, as
	 * pieces of the map: no line is copied to be saved). */
	while (wl_reader_next(raw, &l, NULL, NULL) == 1) {
		long *at = c.nlater ? bsearch(&l.no, c.later, c.nlater,
		    sizeof(*c.later), by_long) : NULL;
		const struct wl_line *f = c.nfrags ? bsearch(&l.no, c.frags,
		    c.nfrags, sizeof(*c.frags), by_line) : NULL;

		if (l.len > WL_LINE_MAX || f != NULL) {
			if (grow(&aside, na + 1, sizeof(*aside)) < 0)
				goto nomem;
			aside[na++] = (struct wl_piece){ l.p, f != NULL ?
			    f->len : l.len, wl_reader_mapped(raw) };
			aside[na++] = (struct wl_piece){ "\n", 1, 0 };
		}
		if (l.len > WL_LINE_MAX) {
			done->long_lines++;
			done->long_bytes += l.len;
			continue;
		}
		if (f != NULL) {
			bytes += f->len;
			done->fragments++;
			if (f->len == l.len)
				continue;
			l.p += f->len;	/* the record glued behind it */
			l.len -= f->len;
		}
		if (l.len == 0) {
			done->blank++;
			continue;
		}
		if (at != NULL && c.same[at - c.later]) {
			if (c.same[at - c.later] == 2)
				done->undone++;
			else
				done->dropped++;
			continue;
		}
		if (fix < c.nfixes && c.fixes[fix].no == l.no) {
			o += (size_t)sprintf(out + o, "%s",
			    c.fixes[fix++].line);
			done->erased++;
			continue;
		}
		memcpy(out + o, l.p, l.len);
		o += l.len;
		out[o++] = '\n';
	}
	done->torn = wl_reader_torn(raw);
	if (done->dropped == 0 && done->blank == 0 && done->torn == 0 &&
	    done->erased == 0 && done->undone == 0 && c.nfrags == 0 &&
	    done->long_lines == 0) {
		rc = 0;		/* nothing to do */
		goto out;
	}
	/* Fragments and long lines (each with a '\n' of its own there,
	 * not counted) and the torn tail go to one file, in file order. */
	if (done->torn > 0) {
		if (grow(&aside, na, sizeof(*aside)) < 0)
			goto nomem;
		aside[na++] = (struct wl_piece){ data + len, done->torn,
		    wl_reader_mapped(c.rd) };
	}
	done->torn += bytes;
	if (na > 0 && (done->tornfile = wl_save_aside(path, aside, na,
	    err)) == NULL)
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
	wl_reader_free(raw);
	free(out);
	free(aside);
	ctx_free(&c);
	return rc;
}
