/* report.c - the advice report of one session, as Markdown */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

/* Every label the report uses: a language file must have them all. */
static const char *const keys[] = {
	"title", "date", "month.1", "month.2", "month.3", "month.4",
	"month.5", "month.6", "month.7", "month.8", "month.9", "month.10",
	"month.11", "month.12",
	"about.date", "about.pilot", "about.series", "about.title",
	"about.location", "about.facilitators",
	"participants", "participants.role", "participants.count",
	"participants.total", "participants.named",
	"role.civil-servant", "role.initiator", "role.manager",
	"role.facilitator", "role.other",
	"roles.civil-servant", "roles.initiator", "roles.manager",
	"roles.facilitator", "roles.other",
	"a.civil-servant", "a.initiator", "a.manager", "a.facilitator",
	"a.other", "someone", "named", "named.org",
	"named.person", "named.person.org", "named.group",
	"facilitators.one", "facilitators.many",
	"block.heading", "block.untitled",
	"kind.expectation", "kind.question", "kind.observation", "kind.do",
	"kind.dont", "kind.idea",
	"perspective.self", "perspective.initiators",
	"perspective.organisation", "perspective.colleagues",
	"followup", "status.open", "status.presented", "status.adopted",
	"status.rejected", "status.implemented", "status.done",
	"status.dropped", "status.dated",
	"stance.reservations", "stance.object",
	"agreements", "agreements.text", "agreements.owner",
	"agreements.due", "agreements.status", "agreements.advice",
	"agreement", "overdue",
	"earlier", "earlier.session", "earlier.advice", "earlier.agreements",
	"earlier.due", "earlier.older", "earlier.list",
	"reactions", "quote.open", "quote.close",
	"charts", "chart.perspective", "chart.self", "chart.initiators",
	"chart.organisation", "chart.colleagues", "chart.advice",
	"chart.agreements", "lang.tag", "subtitle", "subtitle.pilot", "draft",
	/* the summary, support in numbers, a note's author */
	"summary", "summary.none", "summary.advice", "summary.serves",
	"support", "support.initiators", "support.initiators.one",
	"support.initiators.none",
	"support.reservations", "support.objections.one",
	"support.objections.many", "support.others", "support.others.only",
	"support.others.object",
	"support.role.civil-servant.one", "support.role.civil-servant.many",
	"support.role.initiator.one", "support.role.initiator.many",
	"support.role.manager.one", "support.role.manager.many",
	"support.role.facilitator.one", "support.role.facilitator.many",
	"support.role.other.one", "support.role.other.many",
	"support.stale.one", "support.stale.many",
	"support.stale.object.one", "support.stale.object.many",
	"support.stale.mark", "note.by", "note.by.named",
	NULL
};

static const char *const perspectives[] = { "self", "initiators",
	"organisation", "colleagues" };
static const char *const advice_states[] = { "open", "presented",
	"adopted", "implemented", "rejected" };
static const char *const agreement_states[] = { "open", "done",
	"dropped" };

struct block {
	long long n;
	char *title;		/* NULL: untitled */
};

/*
 * One record of the session and the record it hangs on (an endorsement
 * or agreement and its advice), or an advice and its number.  Sorted
 * by parent, then by i, so that the ones of one parent are a run in the
 * order of records: the report asks "what hangs on this advice" once
 * per advice, and a walk over the whole session for each made a
 * session of 100,000 records take minutes.
 */
struct kid {
	const struct wl_rec *parent;
	size_t i;
};

/* How many advice and agreements of one session are still open: what
 * the follow-up of a later werklab counts of it. */
struct opens {
	size_t advice, agreements;
};

/*
 * What the report's passes over a session ask of each record, at hand
 * beside it: a block's notes of one kind are a pass over all the
 * session's records, and a session may hold a million.
 */
struct row {
	long long blk;		/* block_of() */
	unsigned char type;	/* wl_rec_type() */
	unsigned char val;	/* a note's kind, an advice's perspective:
				 * wl_schema_enum_index(); 0 for others */
};

struct rep {
	FILE *fp;		/* md(): where the report goes */
	size_t put;		/* bytes written to fp */
	size_t held;		/* newlines not written yet (md) */
	int werrno;		/* or 0: why a write to fp failed */
	const struct wl_journal *j;
	const struct wl_rec *s;
	const struct wl_lang *l;
	int anonymous;
	enum wl_charts charts;
	const char *chart_dir;		/* svg: the folder linked */
	struct wl_chart_file *svgs;	/* svg: the charts drawn */
	size_t nsvgs;
	const struct wl_rec *const *sessions;	/* or NULL: walk j */
	size_t nsessions;
	char *const *folded;	/* or NULL: their municipalities folded */
	const struct wl_rec **recs;	/* live records of s, in order */
	struct row *row;		/* of each of recs */
	size_t n;
	struct block *blocks;
	size_t nblocks;
	const struct wl_rec **open;	/* an earlier session's open items */
	size_t nopen, opencap;
	const struct wl_mask *mask;	/* anonymous: names in free text */
	size_t masked;			/* names it masked */
	char **scratch;			/* the masked texts, to free */
	size_t nscratch, scratchcap;
	const struct wl_rec **numbered;	/* advice in the order numbered:
					 * numbered[k] is number k + 1 */
	size_t nnumbered, numcap;
	struct kid *kids;	/* index_kids(): who hangs on what */
	size_t nkids;
	struct kid *numbers;	/* index_numbers(): numbered, by advice */
	struct kid *walk;	/* plain: kids_of()'s answer */
	int plain;		/* wl_plain_path(): walks, no index */
	size_t initiators;	/* live, not erased initiators in recs */
	const struct opens *opens;	/* or NULL: of each sessions[i] */
	char day[WL_TIME_LEN + 1];	/* report_day(): "" until asked */
	int draft;
	int untitled;		/* no heading of its own: the front
				 * matter's title stands for it */
	int oom;
};

static const char *
L(const struct rep *r, const char *key)
{
	const char *v = wl_lang_get(r->l, key);

	return v ? v : "";
}

/* The label key.suffix ("role" "initiator" -> "role.initiator"). */
static const char *
L2(const struct rep *r, const char *key, const char *suffix)
{
	char k[64];

	snprintf(k, sizeof(k), "%s.%s", key, suffix ? suffix : "");
	return L(r, k);
}

/* The first len bytes of s to r's stream, counted; a failure kept. */
static void
emit(struct rep *r, const char *s, size_t len)
{
	if (r->werrno != 0)
		return;
	errno = 0;
	if (fwrite(s, 1, len, r->fp) != len)
		r->werrno = errno ? errno : EIO;
	r->put += len;
}

/* The newlines md() holds back, written: what it was given is whole. */
static void
release(struct rep *r)
{
	for (; r->held > 0; r->held--)
		emit(r, "\n", 1);
}

/*
 * Markdown s to r's stream, but the newlines it ends with are held
 * back until something else follows them: a stream cannot take back
 * what it was given, and a report ends in exactly one newline (ended).
 */
static void
md(struct rep *r, const char *s)
{
	size_t len = strlen(s), body = len;

	while (body > 0 && s[body - 1] == '\n')
		body--;
	if (body > 0) {
		release(r);
		emit(r, s, body);
	}
	r->held += len - body;
}

/* The end of a report: whatever newlines it ended with, exactly one. */
static void
ended(struct rep *r)
{
	r->held = 1;
	release(r);
}

/* Plain text, escaped for its context. */
static void
text(struct rep *r, const char *s, enum wl_md_ctx ctx)
{
	char *e = wl_md_escape(s, ctx);

	if (e == NULL)
		r->oom = 1;
	else
		md(r, e);
	free(e);
}

/*
 * A free text of the journal as the report shows it: under --anonymous
 * with the names of known people masked (the labels around it are
 * not: a name that is also a word of the report's own must not turn
 * its sentences into markers).  Borrowed: s itself, or a copy the
 * report frees at its end.
 */
static const char *
M(struct rep *r, const char *s)
{
	char *masked = NULL, **more;

	if (r->mask == NULL || s == NULL)
		return s;
	if (wl_mask_text(r->mask, s, &masked, &r->masked) < 0) {
		r->oom = 1;
		return s;
	}
	if (masked == NULL)
		return s;
	if (r->nscratch == r->scratchcap) {
		r->scratchcap = r->scratchcap ? r->scratchcap * 2 : 16;
		if ((more = realloc(r->scratch, r->scratchcap *
		    sizeof(*more))) == NULL) {
			free(masked);
			r->oom = 1;
			return s;
		}
		r->scratch = more;
	}
	return r->scratch[r->nscratch++] = masked;
}

/* Plain text we own: escaped, then freed. */
static void
text_free(struct rep *r, char *s, enum wl_md_ctx ctx)
{
	if (s == NULL)
		r->oom = 1;
	else
		text(r, s, ctx);
	free(s);
}

/* A heading: marks ("##"), then s, then a blank line. */
static void
heading(struct rep *r, const char *marks, const char *s)
{
	md(r, marks);
	md(r, " ");
	text(r, s, WL_MD_HEADING);
	md(r, "\n\n");
}

/* A label with its {placeholders} filled in; NULL-terminated pairs. */
static char *
expand(struct rep *r, const char *key, const char *name, const char *value,
    const char *name2, const char *value2)
{
	const char *vars[] = { name, value, name2, value2, NULL };
	char *s;

	if (name2 == NULL)
		vars[2] = NULL;
	if ((s = wl_lang_expand(r->l, key, vars)) == NULL)
		r->oom = 1;
	return s;
}

/* A copy of s. */
static char *
dup(struct rep *r, const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		r->oom = 1;
	return d;
}

/* "a" + " — " + "b" into a new string. */
static char *
join(struct rep *r, const char *a, const char *sep, const char *b)
{
	size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
	char *s = malloc(n);

	if (s == NULL) {
		r->oom = 1;
		return NULL;
	}
	snprintf(s, n, "%s%s%s", a, sep, b);
	return s;
}

static char *
date_of(struct rep *r, const char *date)
{
	char *s = wl_lang_date(r->l, date);

	if (s == NULL)
		r->oom = 1;
	return s;
}

static int
live(const struct wl_rec *x)
{
	return !wl_rec_retracted(x) && !(wl_rec_type(x) == WL_ENDORSEMENT &&
	    wl_rec_superseded(x));
}

static int
is(const struct wl_rec *x, const char *field, const char *value)
{
	const char *v = wl_rec_str(x, field);

	return v != NULL && strcmp(v, value) == 0;
}

/* The participant behind id, if it is a live one. */
static const struct wl_rec *
participant(const struct rep *r, const char *id)
{
	const struct wl_rec *p = id ? wl_journal_get(r->j, id) : NULL;

	if (p == NULL || wl_rec_type(p) != WL_PARTICIPANT ||
	    wl_rec_retracted(p))
		return NULL;
	return p;
}

/* 1 if the report names p: they consented, and it is not anonymous. */
static int
named(struct rep *r, const struct wl_rec *p)
{
	const char *name = wl_rec_str(p, "name");

	return !r->anonymous && name != NULL && *name != '\0' &&
	    wl_rec_bool(p, "consent", 0);
}

/*
 * How the report names participant id, as plain text: "Name (role)"
 * when they consented (and the report is not anonymous), else only
 * their role: "role" form ("initiatiefnemer") or "a" form ("een
 * initiatiefnemer").  Caller frees.
 */
static char *
who(struct rep *r, const char *id, const char *form)
{
	const struct wl_rec *p = participant(r, id);
	const char *role = p ? wl_rec_str(p, "role") : NULL;

	if (p != NULL && named(r, p))
		return expand(r, "named", "name", wl_rec_str(p, "name"),
		    "role", L2(r, "role", role));
	if (p == NULL)
		return dup(r, strcmp(form, "a") == 0 ? L(r, "someone") :
		    L(r, "role.other"));
	return dup(r, L2(r, form, role));
}

/* The block a note or advice belongs to; 0: none (loose ideas), -1:
 * not in a block at all (quotes). */
static long long
block_of(const struct wl_rec *x)
{
	long long b = wl_rec_int(x, "block", 0);

	if (wl_rec_type(x) == WL_ADVICE)
		return b > 0 ? b : 3;
	if (is(x, "kind", "quote"))
		return -1;
	if (b > 0)
		return b;
	if (is(x, "kind", "do") || is(x, "kind", "dont"))
		return 2;
	if (is(x, "kind", "idea"))
		return 0;
	return 1;
}

/* Gather the live records of the session, in the order of records
 * (wl_rec_order). */
static int
gather(struct rep *r)
{
	const struct wl_rec *const *m;
	size_t cap = 0, nm;

	m = wl_session_records(r->s, &nm);
	for (size_t i = 0; i < nm; i++) {
		const struct wl_rec *x = m[i];

		if (!live(x))
			continue;
		/* The support of somebody withdrawn from the session */
		if (wl_rec_type(x) == WL_ENDORSEMENT &&
		    participant(r, wl_rec_str(x, "by")) == NULL)
			continue;
		if (r->n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			const struct wl_rec **t = realloc(r->recs,
			    nc * sizeof(*t));
			struct row *w;

			if (t == NULL)
				return -1;
			r->recs = t;
			if ((w = realloc(r->row, nc * sizeof(*w))) == NULL)
				return -1;
			r->row = w;
			cap = nc;
		}
		r->recs[r->n++] = x;
	}
	/* In the order of records, not of lines (a merge decides those):
	 * two clones that merged in either order print the same report. */
	if (wl_rec_sort(r->recs, r->n) < 0)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct wl_rec *x = r->recs[i];
		enum wl_type t = wl_rec_type(x);

		r->row[i].blk = block_of(x);
		r->row[i].type = (unsigned char)t;
		r->row[i].val = (unsigned char)(t == WL_NOTE ?
		    wl_schema_enum_index(t, "kind", wl_rec_str(x, "kind")) :
		    t == WL_ADVICE ? wl_schema_enum_index(t, "perspective",
		    wl_rec_str(x, "perspective")) : 0);
	}
	return 0;
}

static int
kid_cmp(const void *a, const void *b)
{
	const struct kid *x = a, *y = b;
	uintptr_t p = (uintptr_t)x->parent, q = (uintptr_t)y->parent;

	if (p != q)
		return p < q ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Index what hangs on each advice of the session (its endorsements
 * and agreements, as indexes into r->recs), and count the initiators
 * once: support_of, advice_support and advice_agreements ask per
 * advice.  After gather.  0, or -1 when out of memory.
 */
static int
index_kids(struct rep *r)
{
	r->nkids = 0;
	r->initiators = 0;
	r->kids = malloc((r->n ? r->n : 1) * sizeof(*r->kids));
	if (r->kids == NULL)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct wl_rec *x = r->recs[i];
		enum wl_type t = wl_rec_type(x);

		r->initiators += t == WL_PARTICIPANT &&
		    is(x, "role", "initiator") && !wl_rec_redacted(x);
		if ((t == WL_ENDORSEMENT || t == WL_AGREEMENT) &&
		    wl_rec_parent(x) != NULL) {
			r->kids[r->nkids].parent = wl_rec_parent(x);
			r->kids[r->nkids++].i = i;
		}
	}
	if (r->plain)	/* left in the order of records, and walked */
		return (r->walk = malloc((r->n ? r->n : 1) *
		    sizeof(*r->walk))) == NULL ? -1 : 0;
	qsort(r->kids, r->nkids, sizeof(*r->kids), kid_cmp);
	return 0;
}

/* The endorsements and agreements of the session that hang on a, in
 * the order of records: the run of the index, or (r->plain) found by a
 * walk over the whole session into r->walk, the plain path that
 * tests/cli/reportall.t holds the index to.  Their number in *len. */
static const struct kid *run_of(const struct kid *v, size_t n,
    const struct wl_rec *p, size_t *len);

static const struct kid *
kids_of(const struct rep *r, const struct wl_rec *a, size_t *len)
{
	if (!r->plain)
		return run_of(r->kids, r->nkids, a, len);
	*len = 0;
	for (size_t i = 0; i < r->nkids; i++)
		if (r->kids[i].parent == a)
			r->walk[(*len)++] = r->kids[i];
	return r->walk;
}

/* The run of v (n entries, sorted by kid_cmp) whose parent is p:
 * its first entry, and its length in *len. */
static const struct kid *
run_of(const struct kid *v, size_t n, const struct wl_rec *p, size_t *len)
{
	size_t lo = 0, hi = n, e;

	*len = 0;
	if (n == 0)
		return v;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((uintptr_t)v[mid].parent < (uintptr_t)p)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (e = lo; e < n && v[e].parent == p; e++)
		;
	*len = e - lo;
	return v + lo;
}

static int
add_block(struct rep *r, long long n, const char *title)
{
	struct block *b;
	size_t i;

	for (i = 0; i < r->nblocks; i++)
		if (r->blocks[i].n == n)
			return 0;
	if ((b = realloc(r->blocks, (r->nblocks + 1) * sizeof(*b))) == NULL)
		return -1;
	r->blocks = b;
	/* keep them sorted by number */
	for (i = r->nblocks; i > 0 && b[i - 1].n > n; i--)
		b[i] = b[i - 1];
	b[i].n = n;
	b[i].title = NULL;
	r->nblocks++;
	if (title != NULL && *title != '\0' &&
	    (b[i].title = strdup(title)) == NULL)
		return -1;
	return 0;
}

/* The session's blocks (else the template's), and any block its
 * notes and advice name besides.  0, or -1 (err). */
static int
find_blocks(struct rep *r, struct wl_error *err)
{
	const char *title;
	long long bn;
	size_t i;

	if (wl_session_block(r->s, 0, &bn, &title)) {
		for (i = 0; wl_session_block(r->s, i, &bn, &title); i++)
			if (add_block(r, bn, title) < 0)
				goto oom;
	} else {
		/* Not there, or no memory to read it: the report would
		 * lack the blocks' titles, so it is not made. */
		json_t *blocks = wl_schema_default_blocks(err), *b;

		if (blocks == NULL)
			return -1;
		json_array_foreach(blocks, i, b)
			if (add_block(r, json_integer_value(json_object_get(b,
			    "n")), json_string_value(json_object_get(b,
			    "title"))) < 0) {
				json_decref(blocks);
				goto oom;
			}
		json_decref(blocks);
	}
	for (i = 0; i < r->n; i++) {
		long long n = r->row[i].blk;

		if ((r->row[i].type == WL_NOTE ||
		    r->row[i].type == WL_ADVICE) && n > 0 &&
		    add_block(r, n, NULL) < 0)
			goto oom;
	}
	return 0;
oom:
	wl_error_set(err, NULL, 0, 0, "out of memory");
	return -1;
}

/*
 * A block titled with the default (Dutch) title of its number, as
 * wl-session gives it, is headed in the report's language: the title
 * from the language file ("block.default.N"), if it has one.  A title
 * the facilitator typed stays as typed.  0, or -1 (err): without the
 * default titles the report would not know which are which.
 */
static int
translate_blocks(struct rep *r, struct wl_error *err)
{
	json_t *blocks = wl_schema_default_blocks(err), *d;
	size_t i, k;

	if (blocks == NULL)
		return -1;
	json_array_foreach(blocks, k, d) {
		long long n = json_integer_value(json_object_get(d, "n"));
		const char *def = json_string_value(json_object_get(d,
		    "title")), *v;
		char key[48], *t;

		snprintf(key, sizeof(key), "block.default.%lld", n);
		if (def == NULL || (v = wl_lang_get(r->l, key)) == NULL ||
		    *v == '\0')
			continue;
		for (i = 0; i < r->nblocks; i++) {
			if (r->blocks[i].n != n || r->blocks[i].title == NULL ||
			    strcmp(r->blocks[i].title, def) != 0)
				continue;
			if ((t = strdup(v)) == NULL) {
				json_decref(blocks);
				wl_error_set(err, NULL, 0, 0, "out of memory");
				return -1;
			}
			free(r->blocks[i].title);
			r->blocks[i].title = t;
		}
	}
	json_decref(blocks);
	return 0;
}

/* What a row's val holds for value of field (kind, perspective) of
 * type t: 0 for NULL (any value), -1 for a value no record has. */
static int
val_of(enum wl_type t, const char *field, const char *value)
{
	int v = wl_schema_enum_index(t, field, value);

	return value == NULL ? 0 : v == 0 ? -1 : v;
}

/* 1 if recs[i] is of type t in block n, its val v (0: any). */
static int
fits(const struct rep *r, size_t i, enum wl_type t, long long n, int v)
{
	const struct row *w = &r->row[i];

	return w->type == t && w->blk == n && (v == 0 || w->val == v);
}

/* 1 if the session has a record of type t in block n whose field
 * (kind, perspective) is value; NULL value: any. */
static int
has(const struct rep *r, enum wl_type t, long long n, const char *field,
    const char *value)
{
	int v = val_of(t, field, value);

	for (size_t i = 0; i < r->n; i++)
		if (fits(r, i, t, n, v))
			return 1;
	return 0;
}

static int
has_notes(const struct rep *r, long long n, const char *kind)
{
	return has(r, WL_NOTE, n, "kind", kind);
}

static int
has_advice(const struct rep *r, long long n, const char *perspective)
{
	return has(r, WL_ADVICE, n, "perspective", perspective);
}

/* *s + sep + t into *s (t alone when *s is NULL); frees t.  A NULL t
 * is out of memory. */
static void
append(struct rep *r, char **s, const char *sep, char *t)
{
	char *u;

	if (t == NULL) {
		r->oom = 1;
		return;
	}
	if (*s == NULL) {
		*s = t;
		return;
	}
	u = join(r, *s, sep, t);
	free(t);
	if (u != NULL) {
		free(*s);
		*s = u;
	}
}

/*
 * Note x as a line of the report: its text, then who wrote it, "Weten
 * bij wie ... (initiatiefnemer)", with the name only when they
 * consented and the report is not anonymous ("(Klaas Postma,
 * initiatiefnemer)").  Nothing is added for a note without an author,
 * or whose author was withdrawn from the session.  The one place that
 * says it: every line of a note, in a list or a table cell, is made
 * here.  Plain text, a new string; NULL when out of memory (r->oom).
 */
static char *
note_line(struct rep *r, const struct wl_rec *x)
{
	const struct wl_rec *p = participant(r, wl_rec_str(x, "by"));
	const char *t = M(r, wl_rec_str(x, "text")), *role;
	char *s = dup(r, t ? t : "");

	if (p == NULL || s == NULL)
		return s;
	role = L2(r, "role", wl_rec_str(p, "role"));
	append(r, &s, " ", named(r, p) ? expand(r, "note.by.named", "name",
	    wl_rec_str(p, "name"), "role", role) :
	    expand(r, "note.by", "role", role, NULL, NULL));
	return s;
}

/* "- text (author)" for each note of kind in block n. */
static void
note_list(struct rep *r, long long n, const char *kind)
{
	int v = val_of(WL_NOTE, "kind", kind);

	for (size_t i = 0; i < r->n; i++) {
		const struct wl_rec *x = r->recs[i];

		if (!fits(r, i, WL_NOTE, n, v))
			continue;
		md(r, "- ");
		text_free(r, note_line(r, x), WL_MD_ITEM);
		md(r, "\n");
	}
	md(r, "\n");
}

/* One cell of a table row: "| text " ("| " when empty). */
static void
cell(struct rep *r, const char *s)
{
	md(r, "| ");
	if (s != NULL && *s != '\0') {
		text(r, s, WL_MD_CELL);
		md(r, " ");
	}
}

/*
 * The day the report speaks of, "YYYY-MM-DD": --date (r->day set from
 * it), else today, or the day of $WL_NOW.  The one place that says it:
 * the front matter's date and the overdue marks are of the same day.
 * "" when the clock cannot be read: nothing is then marked overdue.
 */
static const char *
report_day(struct rep *r)
{
	struct wl_error e;

	if (r->day[0] == '\0' && wl_clock_now(r->day, &e) == 0)
		r->day[10] = '\0';
	return r->day;
}

/* 1 if agreement g is overdue on the report's day: due before it, and
 * neither done nor dropped. */
static int
overdue(struct rep *r, const struct wl_rec *g)
{
	const char *due = wl_rec_str(g, "due"), *day = report_day(r);

	return due != NULL && *day != '\0' && strcmp(due, day) < 0 &&
	    wl_schema_is_open(WL_AGREEMENT, wl_rec_status(g));
}

/* Advice a gets the next number (advice_lists numbers them in turn). */
static void
number(struct rep *r, const struct wl_rec *a)
{
	if (r->nnumbered == r->numcap) {
		size_t nc = r->numcap ? r->numcap * 2 : 16;
		const struct wl_rec **t = realloc(r->numbered,
		    nc * sizeof(*t));

		if (t == NULL) {
			r->oom = 1;
			return;
		}
		r->numbered = t;
		r->numcap = nc;
	}
	r->numbered[r->nnumbered++] = a;
}

/* The number advice a has in the report, or 0. */
static size_t
number_of(const struct rep *r, const struct wl_rec *a)
{
	size_t n;
	const struct kid *k;

	if (a == NULL)
		return 0;
	for (size_t i = 0; r->plain && i < r->nnumbered; i++)
		if (r->numbered[i] == a)
			return i + 1;
	if (r->plain)
		return 0;
	k = run_of(r->numbers, r->numbers ? r->nnumbered : 0, a, &n);
	return n > 0 ? k->i + 1 : 0;
}

/* Index the numbers number_advice gave, by advice, for number_of: the
 * first number an advice got is its number.  0, or -1 when out of
 * memory. */
static int
index_numbers(struct rep *r)
{
	r->numbers = malloc((r->nnumbered ? r->nnumbered : 1) *
	    sizeof(*r->numbers));
	if (r->numbers == NULL)
		return -1;
	for (size_t k = 0; k < r->nnumbered; k++) {
		r->numbers[k].parent = r->numbered[k];
		r->numbers[k].i = k;
	}
	qsort(r->numbers, r->nnumbered, sizeof(*r->numbers), kid_cmp);
	return 0;
}

/*
 * The status of x in words, with the day it took effect and its note:
 * "afgewezen (12 november 2026): Past niet ...".  The day is the
 * status's "date", else the day it was recorded; no status: "open".
 * A new string, or NULL when out of memory.
 */
static char *
status_words(struct rep *r, const struct wl_rec *x)
{
	const struct wl_rec *st = wl_rec_status_rec(x);
	const char *date, *note, *words = L2(r, "status", wl_rec_status(x) ?
	    wl_rec_status(x) : "open");
	char day[11], *d, *s, *t;

	if (st == NULL)
		return dup(r, words);
	if ((date = wl_rec_str(st, "date")) == NULL) {
		snprintf(day, sizeof(day), "%.10s", wl_rec_str(st, "at") ?
		    wl_rec_str(st, "at") : "");
		date = day;
	}
	d = date_of(r, date);
	s = d ? expand(r, "status.dated", "status", words, "date", d) : NULL;
	free(d);
	note = M(r, wl_rec_str(st, "note"));
	if (s == NULL || note == NULL || note[strspn(note, " \t")] == '\0')
		return s;
	t = join(r, s, ": ", note);
	free(s);
	return t;
}

static void advice_agreements(struct rep *r, const struct wl_rec *a,
    const char *indent);

/* The roles a participant may have, in the schema's order; at most
 * NROLES of them are counted apart. */
#define NROLES 8

/* The support of one advice, counted (support_of). */
struct support {
	size_t m;			/* initiators of the session */
	size_t endorse, reservations, object;	/* of those initiators */
	size_t other[NROLES], other_object[NROLES];	/* others, by role */
	size_t stale, stale_object;	/* given to an earlier text */
};

/* 1 if the endorsement e counts: its author is not erased (an erased
 * person is not among the initiators counted either). */
static int
counts(const struct rep *r, const struct wl_rec *e)
{
	const struct wl_rec *p = participant(r, wl_rec_str(e, "by"));

	return p != NULL && !wl_rec_redacted(p);
}

/* The index of role among the schema's roles, or NROLES - 1. */
static size_t
role_index(const char *role)
{
	const char *const *roles = wl_schema_enum(WL_PARTICIPANT, "role");

	for (size_t k = 0; roles != NULL && roles[k] != NULL &&
	    k < NROLES - 1; k++)
		if (role != NULL && strcmp(roles[k], role) == 0)
			return k;
	return NROLES - 1;
}

/*
 * Count the support of advice a: the live endorsements of its
 * session's people (gather leaves out those of withdrawn ones), by
 * stance.  An initiator of the session counts among the M; everybody
 * else by role, apart.  An endorsement given to an earlier text of the
 * advice is counted only as that, whoever gave it.
 */
static void
support_of(const struct rep *r, const struct wl_rec *a, struct support *c)
{
	size_t nk;
	const struct kid *k = kids_of(r, a, &nk);

	memset(c, 0, sizeof(*c));
	c->m = r->initiators;
	for (size_t i = 0; i < nk; i++) {
		const struct wl_rec *e = r->recs[k[i].i], *p;
		int object;

		if (wl_rec_type(e) != WL_ENDORSEMENT || !counts(r, e))
			continue;
		p = participant(r, wl_rec_str(e, "by"));
		object = is(e, "stance", "object");
		if (wl_rec_stale(e) && object)
			c->stale_object++;
		else if (wl_rec_stale(e))
			c->stale++;
		else if (is(p, "role", "initiator") &&
		    wl_rec_session(p) == r->s) {
			if (object)
				c->object++;
			else if (is(e, "stance", "reservations"))
				c->reservations++;
			else
				c->endorse++;
		} else if (object)
			c->other_object[role_index(wl_rec_str(p, "role"))]++;
		else
			c->other[role_index(wl_rec_str(p, "role"))]++;
	}
}

/* The label key.one or key.many with {n} filled in. */
static char *
counted(struct rep *r, const char *key, size_t n)
{
	char k[64], num[32];

	snprintf(k, sizeof(k), "%s.%s", key, n == 1 ? "one" : "many");
	snprintf(num, sizeof(num), "%zu", n);
	return expand(r, k, "n", num, NULL, NULL);
}

/* "1 ambtenaar, 2 leidinggevenden" of n[] by role; NULL when all are
 * 0. */
static char *
by_role(struct rep *r, const size_t *n)
{
	const char *const *roles = wl_schema_enum(WL_PARTICIPANT, "role");
	char key[64], *s = NULL;

	for (size_t k = 0; roles != NULL && roles[k] != NULL &&
	    k < NROLES; k++) {
		if (n[k] == 0)
			continue;
		snprintf(key, sizeof(key), "support.role.%s", roles[k]);
		append(r, &s, ", ", counted(r, key, n[k]));
	}
	return s;
}

/*
 * The support of advice a in words: "gesteund door 2 van 3
 * initiatiefnemers, 1 daarvan met bedenkingen; 1 bezwaar; ook
 * gesteund door 1 ambtenaar; 1 keer steun gegeven vóór de tekst werd
 * aangepast".  Support (endorse or with reservations), objections and
 * stale ones apart.  NULL when there is nothing to say (no initiator
 * took part and nobody endorsed it), or out of memory (r->oom).
 */
static char *
support_words(struct rep *r, const struct wl_rec *a)
{
	struct support c;
	char num[32], mum[32], *s = NULL, *others;

	support_of(r, a, &c);
	if (c.m > 0) {
		snprintf(num, sizeof(num), "%zu", c.endorse + c.reservations);
		snprintf(mum, sizeof(mum), "%zu", c.m);
		s = expand(r, c.endorse + c.reservations == 0 ?
		    "support.initiators.none" : c.m == 1 ?
		    "support.initiators.one" : "support.initiators",
		    "n", num, "m", mum);
		if (s == NULL)
			return NULL;
		if (c.reservations > 0) {
			snprintf(num, sizeof(num), "%zu", c.reservations);
			append(r, &s, ", ", expand(r, "support.reservations",
			    "n", num, NULL, NULL));
		}
		if (c.object > 0)
			append(r, &s, "; ", counted(r, "support.objections",
			    c.object));
	}
	if ((others = by_role(r, c.other)) != NULL) {
		append(r, &s, "; ", expand(r, s ? "support.others" :
		    "support.others.only", "others", others, NULL, NULL));
		free(others);
	}
	if ((others = by_role(r, c.other_object)) != NULL) {
		append(r, &s, "; ", expand(r, "support.others.object",
		    "others", others, NULL, NULL));
		free(others);
	}
	if (c.stale > 0)
		append(r, &s, "; ", counted(r, "support.stale", c.stale));
	if (c.stale_object > 0)
		append(r, &s, "; ", counted(r, "support.stale.object",
		    c.stale_object));
	return s;
}

/*
 * The support of advice a, nested under it: the line of numbers, then
 * each reservation and objection with who gave it (a name only with
 * consent) and why, those given to an earlier text marked.
 */
static void
advice_support(struct rep *r, const struct wl_rec *a, const char *indent)
{
	char *words = support_words(r, a), *s;
	const struct kid *k;
	size_t nk;

	if (words != NULL) {
		s = expand(r, "support", "support", words, NULL, NULL);
		free(words);
		md(r, indent);
		md(r, "- ");
		text_free(r, s, WL_MD_ITEM);
		md(r, "\n");
	}
	k = kids_of(r, a, &nk);

	for (size_t i = 0; i < nk; i++) {
		const struct wl_rec *e = r->recs[k[i].i];
		const char *reason;
		char *w, *line, key[64];

		if (wl_rec_type(e) != WL_ENDORSEMENT || !counts(r, e) ||
		    is(e, "stance", "endorse"))
			continue;
		w = who(r, wl_rec_str(e, "by"), "a");
		snprintf(key, sizeof(key), "stance.%s", wl_rec_str(e, "stance"));
		line = w ? expand(r, key, "who", w, NULL, NULL) : NULL;
		free(w);
		if (line != NULL && wl_rec_stale(e)) {
			char *mark = malloc(strlen(line) +
			    strlen(L(r, "support.stale.mark")) + 4);

			if (mark != NULL)
				sprintf(mark, "%s (%s)", line,
				    L(r, "support.stale.mark"));
			free(line);
			line = mark;
			if (line == NULL)
				r->oom = 1;
		}
		reason = M(r, wl_rec_str(e, "reason"));
		if (line != NULL && reason != NULL && *reason != '\0') {
			char *l2 = join(r, line, ": ", reason);

			free(line);
			line = l2;
		}
		md(r, indent);
		md(r, "- ");
		text_free(r, line, WL_MD_ITEM);
		md(r, "\n");
	}
}

/* The support of advice a and its follow-up, nested under it. */
static void
advice_details(struct rep *r, const struct wl_rec *a, const char *indent)
{
	char *s, *words;

	advice_support(r, a, indent);
	words = status_words(r, a);
	s = words ? expand(r, "followup", "status", words, NULL, NULL) : NULL;
	free(words);
	md(r, indent);
	md(r, "- ");
	text_free(r, s, WL_MD_ITEM);
	md(r, "\n");
	advice_agreements(r, a, indent);
}

/* Number the advice as the report lists them: by block, then by
 * perspective, then in the order of records.  Before anything is
 * written, so that the summary gives each the number of the full
 * report. */
static void
number_advice(struct rep *r)
{
	for (size_t b = 0; b < r->nblocks; b++)
		for (size_t p = 0; p < 4; p++) {
			int v = val_of(WL_ADVICE, "perspective",
			    perspectives[p]);

			for (size_t i = 0; i < r->n; i++)
				if (fits(r, i, WL_ADVICE, r->blocks[b].n, v))
					number(r, r->recs[i]);
		}
}

/* The advice of block n, by perspective, with their numbers. */
static void
advice_lists(struct rep *r, long long n)
{
	for (size_t p = 0; p < 4; p++) {
		int v = val_of(WL_ADVICE, "perspective", perspectives[p]);

		if (!has_advice(r, n, perspectives[p]))
			continue;
		heading(r, "###", L2(r, "perspective", perspectives[p]));
		for (size_t i = 0; i < r->n; i++) {
			const struct wl_rec *a = r->recs[i];
			char num[32], indent[32];
			int w;

			if (!fits(r, i, WL_ADVICE, n, v))
				continue;
			w = snprintf(num, sizeof(num), "%zu. ",
			    number_of(r, a));
			snprintf(indent, sizeof(indent), "%*s", w, "");
			md(r, num);
			text(r, M(r, wl_rec_str(a, "text")), WL_MD_ITEM);
			md(r, "\n");
			advice_details(r, a, indent);
		}
		md(r, "\n");
	}
}

static void
block_section(struct rep *r, const struct block *b)
{
	static const char *const kinds[] = { "expectation", "question",
		"observation" };
	char n[32];
	char *h;

	if (!has_notes(r, b->n, NULL) && !has_advice(r, b->n, NULL))
		return;
	snprintf(n, sizeof(n), "%lld", b->n);
	h = b->title ? expand(r, "block.heading", "n", n, "title",
	    M(r, b->title)) :
	    expand(r, "block.untitled", "n", n, NULL, NULL);
	md(r, "## ");
	text_free(r, h, WL_MD_HEADING);
	md(r, "\n\n");
	for (size_t k = 0; k < 3; k++) {
		if (!has_notes(r, b->n, kinds[k]))
			continue;
		heading(r, "###", L2(r, "kind", kinds[k]));
		note_list(r, b->n, kinds[k]);
	}
	/* Do's and don'ts as two lists like the other kinds: side by
	 * side in a table they read as pairs, and they are not. */
	for (size_t k = 0; k < 3; k++) {
		static const char *const more[] = { "do", "dont", "idea" };

		if (!has_notes(r, b->n, more[k]))
			continue;
		heading(r, "###", L2(r, "kind", more[k]));
		note_list(r, b->n, more[k]);
	}
	advice_lists(r, b->n);
}

/* "- Label: value" in the head of the report. */
static void
about(struct rep *r, const char *key, const char *value)
{
	char *s;

	if (value == NULL || *value == '\0')
		return;
	s = join(r, L(r, key), ": ", value);
	md(r, "- ");
	text_free(r, s, WL_MD_ITEM);
	md(r, "\n");
}

/* 1 if x is a participant who took part: not one who facilitated,
 * whom the head names apart. */
static int
took_part(const struct wl_rec *x)
{
	return wl_rec_type(x) == WL_PARTICIPANT &&
	    !is(x, "role", "facilitator");
}

/* "Name" or "Name (org)" of a named participant p, or NULL. */
static char *
name_org(struct rep *r, const struct wl_rec *p)
{
	const char *org = wl_rec_str(p, "org");
	const char *vars[] = { "name", wl_rec_str(p, "name"), "org",
		org ? org : "", NULL };
	char *s = wl_lang_expand(r->l, org && *org ? "named.person.org" :
	    "named.person", vars);

	if (s == NULL)
		r->oom = 1;
	return s;
}

/* *list + ", " + item (item freed); *list NULL: item.  An item that
 * is NULL (no memory) leaves *list as it is. */
static void
append_item(struct rep *r, char **list, char *item)
{
	char *t;

	if (item == NULL)
		return;
	if (*list == NULL) {
		*list = item;
		return;
	}
	t = join(r, *list, ", ", item);
	free(item);
	if (t != NULL) {
		free(*list);
		*list = t;
	}
}

/*
 * "- Begeleiding: ..." in the head: who facilitated, apart from who
 * took part.  The session's facilitators field (when names may be
 * shown), then the participants of the role facilitator who may be
 * named and are not in that field already; when that names nobody,
 * the number of facilitators who took part ("2 begeleiders").
 */
static void
facilitators(struct rep *r)
{
	char *list = NULL, num[32];
	const char *v;
	size_t i, k, unnamed = 0;

	for (i = 0; !r->anonymous &&
	    (v = wl_rec_item(r->s, "facilitators", i)); i++)
		append_item(r, &list, dup(r, v));
	for (i = 0; i < r->n; i++) {
		const struct wl_rec *p = r->recs[i];
		const char *name = wl_rec_str(p, "name");
		int listed = 0;

		if (wl_rec_type(p) != WL_PARTICIPANT ||
		    !is(p, "role", "facilitator"))
			continue;
		if (!named(r, p)) {
			unnamed++;
			continue;
		}
		for (k = 0; (v = wl_rec_item(r->s, "facilitators", k)); k++)
			listed |= strcmp(v, name) == 0;
		if (!listed)
			append_item(r, &list, name_org(r, p));
	}
	if (list == NULL && unnamed > 0) {
		snprintf(num, sizeof(num), "%zu", unnamed);
		list = expand(r, unnamed == 1 ? "facilitators.one" :
		    "facilitators.many", "n", num, NULL, NULL);
	}
	about(r, "about.facilitators", list);
	free(list);
}

/* The report's title, with the concept mark of a draft. */
static char *
title_of(struct rep *r)
{
	char *s = expand(r, "title", "municipality",
	    wl_rec_str(r->s, "municipality"), NULL, NULL), *t;

	if (s == NULL || !r->draft)
		return s;
	t = malloc(strlen(s) + strlen(L(r, "draft")) + 4);
	if (t == NULL)
		r->oom = 1;
	else
		sprintf(t, "%s (%s)", s, L(r, "draft"));
	free(s);
	return t;
}

static void
head(struct rep *r)
{
	char *s, pilot[32] = "";

	if (!r->untitled) {
		md(r, "# ");
		text_free(r, title_of(r), WL_MD_HEADING);
		md(r, "\n\n");
	}
	s = date_of(r, wl_rec_str(r->s, "date"));
	about(r, "about.date", s);
	free(s);
	if (wl_rec_int(r->s, "pilot", 0) > 0)
		snprintf(pilot, sizeof(pilot), "%lld",
		    wl_rec_int(r->s, "pilot", 0));
	about(r, "about.pilot", pilot);
	about(r, "about.series", M(r, wl_rec_str(r->s, "series")));
	about(r, "about.title", M(r, wl_rec_str(r->s, "title")));
	about(r, "about.location", M(r, wl_rec_str(r->s, "location")));
	facilitators(r);
	md(r, "\n");
}

/*
 * Who took part: the number per role and the total, facilitators not
 * among them (the head names them apart); then those who may be named,
 * one line per role in the table's order.
 */
static void
people(struct rep *r)
{
	const char *const *roles = wl_schema_enum(WL_PARTICIPANT, "role");
	size_t total = 0, nnamed = 0;
	char num[32];

	for (size_t i = 0; i < r->n; i++)
		if (took_part(r->recs[i])) {
			total++;
			nnamed += named(r, r->recs[i]);
		}
	if (total == 0)
		return;
	heading(r, "##", L(r, "participants"));
	md(r, "| ");
	text(r, L(r, "participants.role"), WL_MD_CELL);
	md(r, " | ");
	text(r, L(r, "participants.count"), WL_MD_CELL);
	md(r, " |\n| --- | ---: |\n");
	for (const char *const *role = roles; role != NULL && *role != NULL;
	    role++) {
		size_t k = 0;

		if (strcmp(*role, "facilitator") == 0)
			continue;
		for (size_t i = 0; i < r->n; i++)
			k += took_part(r->recs[i]) &&
			    is(r->recs[i], "role", *role);
		if (k == 0)
			continue;
		snprintf(num, sizeof(num), " | %zu |\n", k);
		md(r, "| ");
		text(r, L2(r, "roles", *role), WL_MD_CELL);
		md(r, num);
	}
	snprintf(num, sizeof(num), " | %zu |\n\n", total);
	md(r, "| ");
	text(r, L(r, "participants.total"), WL_MD_CELL);
	md(r, num);
	if (nnamed == 0)
		return;
	text(r, L(r, "participants.named"), WL_MD_TEXT);
	md(r, "\n\n");
	for (const char *const *role = roles; role != NULL && *role != NULL;
	    role++) {
		char *list = NULL, *line;

		if (strcmp(*role, "facilitator") == 0)
			continue;
		for (size_t i = 0; i < r->n; i++) {
			const struct wl_rec *p = r->recs[i];

			if (took_part(p) && is(p, "role", *role) &&
			    named(r, p))
				append_item(r, &list, name_org(r, p));
		}
		if (list == NULL)
			continue;
		line = expand(r, "named.group", "roles", L2(r, "roles",
		    *role), "names", list);
		free(list);
		md(r, "- ");
		text_free(r, line, WL_MD_ITEM);
		md(r, "\n");
	}
	md(r, "\n");
}

static void
loose_ideas(struct rep *r)
{
	if (!has_notes(r, 0, "idea"))
		return;
	heading(r, "##", L(r, "kind.idea"));
	note_list(r, 0, "idea");
}

/* The owner of an agreement, plain: a participant as who() names
 * them, else the free text (its names masked by text() under
 * --anonymous, as in every text). */
static char *
owner_of(struct rep *r, const struct wl_rec *a)
{
	const char *o = wl_rec_str(a, "owner");

	if (o == NULL || *o == '\0')
		return NULL;
	if (participant(r, o) != NULL)
		return who(r, o, "role");
	return dup(r, M(r, o));
}

/*
 * Agreement g in words: "text — owner, uiterlijk 2 juli 2026", and its
 * status once it has one ("..., gedaan (5 juli 2026)").  A new string,
 * or NULL when out of memory.
 */
static char *
agreement_about(struct rep *r, const struct wl_rec *g)
{
	const char *parts[3];
	char *w = owner_of(r, g), *d = NULL, *due = NULL, *st = NULL, *s, *t;
	size_t n = 0;

	if (w != NULL && *w != '\0')
		parts[n++] = w;
	if (wl_rec_str(g, "due") != NULL &&
	    (d = date_of(r, wl_rec_str(g, "due"))) != NULL &&
	    (due = expand(r, "earlier.due", "date", d, NULL, NULL)) != NULL)
		parts[n++] = due;
	if (wl_rec_status(g) != NULL && (st = status_words(r, g)) != NULL)
		parts[n++] = st;
	s = dup(r, M(r, wl_rec_str(g, "text")));
	for (size_t i = 0; i < n && s != NULL; i++) {
		t = join(r, s, i == 0 ? " — " : ", ", parts[i]);
		free(s);
		s = t;
	}
	free(w);
	free(d);
	free(due);
	free(st);
	return s;
}

/* " — **te laat**" after an agreement overdue on the report's day. */
static void
overdue_mark(struct rep *r, const struct wl_rec *g)
{
	if (!overdue(r, g))
		return;
	md(r, " — **");
	text(r, L(r, "overdue"), WL_MD_ITEM);
	md(r, "**");
}

/* The agreements that serve advice a, nested under it. */
static void
advice_agreements(struct rep *r, const struct wl_rec *a, const char *indent)
{
	size_t nk;
	const struct kid *k = kids_of(r, a, &nk);

	for (size_t i = 0; i < nk; i++) {
		const struct wl_rec *g = r->recs[k[i].i];
		char *about, *s;

		if (wl_rec_type(g) != WL_AGREEMENT)
			continue;
		about = agreement_about(r, g);
		s = about ? expand(r, "agreement", "agreement", about, NULL,
		    NULL) : NULL;
		free(about);
		md(r, indent);
		md(r, "- ");
		text_free(r, s, WL_MD_ITEM);
		overdue_mark(r, g);
		md(r, "\n");
	}
}

/* The state cell of agreement g: its status in words, and overdue. */
static void
agreement_state_cell(struct rep *r, const struct wl_rec *g, const char *st)
{
	cell(r, st);
	if (overdue(r, g)) {
		md(r, "— **");
		text(r, L(r, "overdue"), WL_MD_CELL);
		md(r, "** ");
	}
}

static void
agreements(struct rep *r)
{
	int any = 0;

	for (size_t i = 0; i < r->n; i++)
		any |= wl_rec_type(r->recs[i]) == WL_AGREEMENT;
	if (!any)
		return;
	heading(r, "##", L(r, "agreements"));
	md(r, "| ");
	text(r, L(r, "agreements.text"), WL_MD_CELL);
	md(r, " | ");
	text(r, L(r, "agreements.owner"), WL_MD_CELL);
	md(r, " | ");
	text(r, L(r, "agreements.due"), WL_MD_CELL);
	md(r, " | ");
	text(r, L(r, "agreements.status"), WL_MD_CELL);
	/* The dashes give pandoc the columns' widths when a cell is
	 * long: on an A4 page, room for the agreement's text, an owner
	 * with a role ("(leidinggevende)"), a date ("12 september
	 * 2026") and a state with its day and note, so that no word is
	 * broken in the middle.  A fifth column for the advice's number
	 * left too little for them: the number goes with the text. */
	md(r, " |\n| ------------------------------ "
	    "| ---------------------------- | ------------------ "
	    "| ------------------------ |\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct wl_rec *a = r->recs[i];
		char *owner, *due, *st, *adv, *text_cell, num[24];
		size_t no;

		if (wl_rec_type(a) != WL_AGREEMENT)
			continue;
		owner = owner_of(r, a);
		due = wl_rec_str(a, "due") ? date_of(r, wl_rec_str(a, "due")) :
		    NULL;
		no = number_of(r, wl_rec_parent(a));
		snprintf(num, sizeof(num), "%zu", no);
		adv = no > 0 ? expand(r, "agreements.advice", "n", num,
		    NULL, NULL) : NULL;
		text_cell = adv ? join(r, M(r, wl_rec_str(a, "text")), " ",
		    adv) : NULL;
		free(adv);
		cell(r, text_cell ? text_cell : M(r, wl_rec_str(a, "text")));
		free(text_cell);
		cell(r, owner);
		cell(r, due);
		st = status_words(r, a);
		agreement_state_cell(r, a, st);
		free(st);
		md(r, "|\n");
		free(owner);
		free(due);
	}
	md(r, "\n");
}

/*
 * 1 if agreement g needs the MT: it is still open, and a manager owns
 * it or it serves an advice to the organisation.
 */
static int
needs_mt(struct rep *r, const struct wl_rec *g)
{
	const struct wl_rec *o = participant(r, wl_rec_str(g, "owner"));
	const struct wl_rec *a = wl_rec_parent(g);

	if (wl_rec_type(g) != WL_AGREEMENT ||
	    !wl_schema_is_open(WL_AGREEMENT, wl_rec_status(g)))
		return 0;
	return (o != NULL && is(o, "role", "manager")) ||
	    (a != NULL && wl_rec_type(a) == WL_ADVICE &&
	    is(a, "perspective", "organisation"));
}

/* "- Advies 3: text — support — status" for advice a of the summary;
 * the status only once it is no longer open. */
static void
summary_advice(struct rep *r, const struct wl_rec *a)
{
	const char *st = wl_rec_status(a);
	char num[32], *s, *words;

	snprintf(num, sizeof(num), "%zu", number_of(r, a));
	s = expand(r, "summary.advice", "n", num, "advice",
	    M(r, wl_rec_str(a, "text")));
	if (s == NULL)
		return;
	if ((words = support_words(r, a)) != NULL)
		append(r, &s, " — ", words);
	if (st != NULL && strcmp(st, "open") != 0)
		append(r, &s, " — ", status_words(r, a));
	md(r, "- ");
	text_free(r, s, WL_MD_ITEM);
	md(r, "\n");
}

/* "- Afspraak: text — owner, due, bij advies 3" for agreement g of
 * the summary, marked when overdue. */
static void
summary_agreement(struct rep *r, const struct wl_rec *g)
{
	size_t no = number_of(r, wl_rec_parent(g));
	char *about = agreement_about(r, g), *s = NULL, num[32];

	if (about != NULL && no > 0) {
		snprintf(num, sizeof(num), "%zu", no);
		append(r, &about, ", ", expand(r, "summary.serves", "n", num,
		    NULL, NULL));
	}
	if (about != NULL)
		s = expand(r, "agreement", "agreement", about, NULL, NULL);
	free(about);
	md(r, "- ");
	text_free(r, s, WL_MD_ITEM);
	overdue_mark(r, g);
	md(r, "\n");
}

/*
 * What the report asks of the MT, first: every advice to the
 * organisation, with its number, its support and its status, and every
 * agreement that needs the MT (needs_mt), one line each.  Nothing to
 * ask: one line that says so, so that the MT does not look for it; a
 * werklab with no advice and no agreement at all (not held yet) has no
 * such section.
 */
static void
summary(struct rep *r)
{
	int any = 0;

	for (size_t i = 0; i < r->n; i++)
		any |= wl_rec_type(r->recs[i]) == WL_ADVICE ||
		    wl_rec_type(r->recs[i]) == WL_AGREEMENT;
	if (!any)
		return;
	any = 0;
	heading(r, "##", L(r, "summary"));
	for (size_t k = 0; k < r->nnumbered; k++)
		if (is(r->numbered[k], "perspective", "organisation")) {
			summary_advice(r, r->numbered[k]);
			any = 1;
		}
	for (size_t i = 0; i < r->n; i++)
		if (needs_mt(r, r->recs[i])) {
			summary_agreement(r, r->recs[i]);
			any = 1;
		}
	if (!any) {
		text(r, L(r, "summary.none"), WL_MD_TEXT);
		md(r, "\n");
	}
	md(r, "\n");
}

static int
same_municipality(const struct wl_rec *a, const struct wl_rec *b)
{
	return wl_utf8_same(wl_rec_str(a, "municipality"),
	    wl_rec_str(b, "municipality"));
}

/* The live advice and agreements of earlier session e that are still
 * open, in the order of records, into r->open. */
static int
open_items(struct rep *r, const struct wl_rec *e)
{
	const struct wl_rec *const *m;
	size_t nm;

	r->nopen = 0;
	m = wl_session_records(e, &nm);
	for (size_t i = 0; i < nm; i++) {
		const struct wl_rec *x = m[i];

		if ((wl_rec_type(x) != WL_ADVICE &&
		    wl_rec_type(x) != WL_AGREEMENT) || wl_rec_retracted(x) ||
		    !wl_schema_is_open(wl_rec_type(x), wl_rec_status(x)))
			continue;
		if (r->nopen == r->opencap) {
			size_t nc = r->opencap ? r->opencap * 2 : 64;
			const struct wl_rec **t = realloc(r->open,
			    nc * sizeof(*t));

			if (t == NULL)
				return -1;
			r->open = t;
			r->opencap = nc;
		}
		r->open[r->nopen++] = x;
	}
	return wl_rec_sort(r->open, r->nopen);
}

/* The open advice and agreements of session e, counted as open_items
 * finds them. */
static struct opens
count_open(const struct wl_rec *e)
{
	const struct wl_rec *const *m;
	struct opens o = { 0, 0 };
	size_t nm;

	m = wl_session_records(e, &nm);
	for (size_t i = 0; i < nm; i++) {
		const struct wl_rec *x = m[i];
		enum wl_type t = wl_rec_type(x);

		if ((t != WL_ADVICE && t != WL_AGREEMENT) ||
		    wl_rec_retracted(x) || !wl_schema_is_open(t,
		    wl_rec_status(x)))
			continue;
		if (t == WL_ADVICE)
			o.advice++;
		else
			o.agreements++;
	}
	return o;
}

static size_t
open_count(const struct rep *r, enum wl_type t)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nopen; i++)
		n += wl_rec_type(r->open[i]) == t;
	return n;
}

/* The items of r->open of type t, as a list. */
static void
open_list(struct rep *r, enum wl_type t)
{
	for (size_t i = 0; i < r->nopen; i++) {
		const struct wl_rec *x = r->open[i];
		char *s, *o, *st;

		if (wl_rec_type(x) != t)
			continue;
		if (t == WL_ADVICE) {
			st = status_words(r, x);
			o = st ? expand(r, "followup", "status", st, NULL,
			    NULL) : NULL;
			free(st);
		} else {
			md(r, "- ");
			text_free(r, agreement_about(r, x), WL_MD_ITEM);
			overdue_mark(r, x);
			md(r, "\n");
			continue;
		}
		s = o && *o ? join(r, M(r, wl_rec_str(x, "text")), " — ", o) :
		    dup(r, M(r, wl_rec_str(x, "text")));
		free(o);
		md(r, "- ");
		text_free(r, s, WL_MD_ITEM);
		md(r, "\n");
	}
	md(r, "\n");
}

/* The sessions of the same municipality that come before r->s in the
 * order of records (wl_rec_order), in that order, into *v (caller
 * frees).  Their number, or -1 when out of memory. */
/* 1 if e, the i-th of r->sessions (or of the journal), is an earlier
 * session of r->s's municipality (folded: self). */
static int
is_earlier(const struct rep *r, const struct wl_rec *e, size_t i,
    const char *self)
{
	/* The municipality first: the order asks each record's JSON,
	 * and most sessions of a journal are another municipality's. */
	return !(e == r->s || wl_rec_type(e) != WL_SESSION ||
	    !(self ? r->folded[i] != NULL &&
	    strcmp(r->folded[i], self) == 0 :
	    same_municipality(e, r->s)) ||
	    wl_rec_retracted(e) || wl_rec_order(e, r->s) > 0);
}

static long
earlier_sessions(struct rep *r, const struct wl_rec ***v)
{
	size_t n = r->sessions ? r->nsessions : wl_journal_count(r->j), k = 0;
	const char *m = wl_rec_str(r->s, "municipality");
	char *self = r->folded && m ? wl_utf8_fold(m) : NULL;

	*v = malloc((n + 1) * sizeof(**v));
	if (*v == NULL || (r->folded != NULL && m != NULL && self == NULL)) {
		free(self);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct wl_rec *e = r->sessions ? r->sessions[i] :
		    wl_journal_at(r->j, i);

		if (!is_earlier(r, e, i, self))
			continue;
		(*v)[k++] = e;
	}
	free(self);
	if (wl_rec_sort(*v, k) < 0)
		return -1;
	return (long)k;
}

/* Session e's open advice and agreements in full, under a heading of
 * its own; 0 when none is open, 1 when shown, -1 out of memory. */
static int
earlier_session(struct rep *r, const struct wl_rec *e, int any)
{
	size_t na, ng;
	char *d, *h;

	if (open_items(r, e) < 0)
		return -1;
	na = open_count(r, WL_ADVICE);
	ng = open_count(r, WL_AGREEMENT);
	if (na + ng == 0)
		return 0;
	if (!any)
		heading(r, "##", L(r, "earlier"));
	d = date_of(r, wl_rec_str(e, "date"));
	h = d ? expand(r, "earlier.session", "date", d, NULL, NULL) : NULL;
	free(d);
	md(r, "### ");
	text_free(r, h, WL_MD_HEADING);
	md(r, "\n\n");
	if (na > 0) {
		text(r, L(r, "earlier.advice"), WL_MD_TEXT);
		md(r, "\n\n");
		open_list(r, WL_ADVICE);
	}
	if (ng > 0) {
		text(r, L(r, "earlier.agreements"), WL_MD_TEXT);
		md(r, "\n\n");
		open_list(r, WL_AGREEMENT);
	}
	return 1;
}

/* "wl-advice list --municipality 'M' --open" + more: a command to
 * paste into a shell, M quoted as the shell reads it.  A new string. */
static char *
list_command(struct rep *r, const char *more)
{
	const char *m = wl_rec_str(r->s, "municipality");
	size_t n = 64 + strlen(more);
	char *s, *p;

	m = m ? m : "";
	n += 4 * strlen(m);
	if ((s = p = malloc(n)) == NULL) {
		r->oom = 1;
		return NULL;
	}
	p += sprintf(p, "wl-advice list --municipality '");
	for (; *m; m++) {
		if (*m == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else
			*p++ = *m;
	}
	sprintf(p, "' --open%s", more);
	return s;
}

/* The older werklabs as counts, and the commands that list their open
 * items (any: the section's heading is written already). */
static void
older_summary(struct rep *r, size_t sessions, size_t advice,
    size_t agreements, int any)
{
	char ns[24], na[24], ng[24], *s;
	const char *vars[] = { "sessions", ns, "advice", na, "agreements", ng,
		NULL };

	if (!any)
		heading(r, "##", L(r, "earlier"));
	snprintf(ns, sizeof(ns), "%zu", sessions);
	snprintf(na, sizeof(na), "%zu", advice);
	snprintf(ng, sizeof(ng), "%zu", agreements);
	if ((s = wl_lang_expand(r->l, "earlier.older", vars)) == NULL)
		r->oom = 1;
	heading(r, "###", L(r, "earlier.list"));
	text_free(r, s, WL_MD_TEXT);
	md(r, "\n\n");
	if (advice > 0) {
		md(r, "- ");
		text_free(r, list_command(r, ""), WL_MD_ITEM);
		md(r, "\n");
	}
	if (agreements > 0) {
		md(r, "- ");
		text_free(r, list_command(r, " --agreements"), WL_MD_ITEM);
		md(r, "\n");
	}
	md(r, "\n");
}

/*
 * earlier() when every session's open items are counted already
 * (r->opens, one per r->sessions[i]): the older werklabs are only
 * added up, in any order, and the last one is found by a walk, not a
 * sort; no earlier session's records are read but the last one's.  A
 * municipality with 500 werklabs read them all again for each report.
 */
static void
earlier_counted(struct rep *r)
{
	const char *m = wl_rec_str(r->s, "municipality");
	char *self = r->folded && m ? wl_utf8_fold(m) : NULL;
	const struct wl_rec *last = NULL;
	size_t older = 0, oa = 0, og = 0, at = 0;
	int any = 0;

	if (r->folded != NULL && m != NULL && self == NULL) {
		r->oom = 1;
		return;
	}
	for (size_t i = 0; i < r->nsessions; i++) {
		const struct wl_rec *e = r->sessions[i];
		const struct opens *o = &r->opens[i];

		if (!is_earlier(r, e, i, self))
			continue;
		older += o->advice + o->agreements > 0;
		oa += o->advice;
		og += o->agreements;
		if (last == NULL || wl_rec_order(e, last) > 0) {
			last = e;
			at = i;
		}
	}
	free(self);
	if (last == NULL)
		return;
	/* The last one is shown in full, not counted among the older. */
	older -= r->opens[at].advice + r->opens[at].agreements > 0;
	oa -= r->opens[at].advice;
	og -= r->opens[at].agreements;
	if ((any = earlier_session(r, last, 0)) < 0)
		r->oom = 1;
	if (older > 0 && !r->oom)
		older_summary(r, older, oa, og, any);
}

/*
 * The follow-up of earlier werklabs of the municipality, in a bounded
 * space: the previous werklab in full, the older ones only as counts
 * with the commands that list them.  A municipality with 200 werklabs
 * must not make the report of the last one repeat all their open items.
 */
static void
earlier(struct rep *r)
{
	const struct wl_rec **v;
	long n;
	size_t older = 0, oa = 0, og = 0;
	int any = 0;

	if (r->opens != NULL) {
		earlier_counted(r);
		return;
	}
	n = earlier_sessions(r, &v);
	if (n < 0) {
		free(v);
		r->oom = 1;
		return;
	}
	if (n > 0 && (any = earlier_session(r, v[n - 1], 0)) < 0)
		r->oom = 1;
	for (long i = 0; i + 1 < n && !r->oom; i++) {
		size_t na, ng;

		if (open_items(r, v[i]) < 0) {
			r->oom = 1;
			break;
		}
		na = open_count(r, WL_ADVICE);
		ng = open_count(r, WL_AGREEMENT);
		older += na + ng > 0;
		oa += na;
		og += ng;
	}
	free(v);
	if (older > 0 && !r->oom)
		older_summary(r, older, oa, og, any);
}

/* 1 if s opens with a quotation mark of its own. */
static int
quoted(const char *s)
{
	static const char *const marks[] = { "\"", "'", "\xe2\x80\x98",
		"\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\x9d",
		"\xe2\x80\x9e", "\xc2\xab" };

	for (size_t i = 0; i < sizeof(marks) / sizeof(*marks); i++)
		if (strncmp(s, marks[i], strlen(marks[i])) == 0)
			return 1;
	return 0;
}

static void
reactions(struct rep *r)
{
	int any = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct wl_rec *q = r->recs[i];
		const char *t, *by = wl_rec_str(q, "by");
		char *s, *w;
		int own;

		/* Only a reaction's text is masked here: a mask counts
		 * the names it hides in what the report shows. */
		if (r->row[i].type != WL_NOTE || r->row[i].blk != -1 ||
		    (t = M(r, wl_rec_str(q, "text"))) == NULL || *t == '\0')
			continue;
		if (!any) {
			heading(r, "##", L(r, "reactions"));
			any = 1;
		}
		while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
			t++;
		own = quoted(t);
		s = malloc(strlen(t) + strlen(L(r, "quote.open")) +
		    strlen(L(r, "quote.close")) + 1);
		if (s == NULL) {
			r->oom = 1;
			return;
		}
		sprintf(s, "%s%s%s", own ? "" : L(r, "quote.open"), t,
		    own ? "" : L(r, "quote.close"));
		if (by != NULL && (w = who(r, by, "role")) != NULL) {
			char *a = join(r, s, " — ", w);

			free(s);
			free(w);
			s = a;
		}
		md(r, "> ");
		text_free(r, s, WL_MD_TEXT);
		md(r, "\n\n");
	}
}

static void
slice(struct rep *r, const char *label, size_t n)
{
	char *l, num[32];

	if (n == 0)
		return;
	if ((l = wl_md_chart_label(label)) == NULL) {
		r->oom = 1;
		return;
	}
	snprintf(num, sizeof(num), "\" : %zu\n", n);
	md(r, "    \"");
	md(r, l);
	md(r, num);
	free(l);
}

static void
pie_title(struct rep *r, const char *key)
{
	char *t = wl_md_chart_label(L(r, key));

	md(r, "```mermaid\npie title ");
	md(r, t ? t : "");
	md(r, "\n");
	if (t == NULL)
		r->oom = 1;
	free(t);
}

static size_t
count(const struct rep *r, enum wl_type t, const char *field,
    const char *value)
{
	size_t k = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct wl_rec *x = r->recs[i];
		const char *v;

		if (wl_rec_type(x) != t)
			continue;
		if (strcmp(field, "status") == 0) {
			v = wl_rec_status(x);
			v = v ? v : "open";
		} else
			v = wl_rec_str(x, field);
		k += v != NULL && strcmp(v, value) == 0;
	}
	return k;
}

/* A chart of n counts as mermaid's pie: slices of none left out. */
static void
chart_mermaid(struct rep *r, const char *title, const char *const *labels,
    const size_t *counts, size_t n)
{
	pie_title(r, title);
	for (size_t i = 0; i < n; i++)
		slice(r, labels[i], counts[i]);
	md(r, "```\n\n");
}

/*
 * A chart as a pipe table with text bars, which every Markdown reader
 * and word processor shows.  The dashes of the separator row give
 * pandoc the columns' relative widths: label and bar wide, count
 * narrow.
 */
static void
chart_table(struct rep *r, const char *title, const char *const *labels,
    const size_t *counts, size_t n)
{
	size_t max = 0, i, k, w;
	char num[32];

	for (i = 0; i < n; i++)
		if (counts[i] > max)
			max = counts[i];
	cell(r, L(r, title));
	md(r, "| | |\n"
	    "| :------------------------------ | ----: "
	    "| :------------------------------ |\n");
	for (i = 0; i < n; i++) {
		cell(r, labels[i]);
		snprintf(num, sizeof(num), "| %zu ", counts[i]);
		md(r, num);
		md(r, "| ");
		/* Twenty blocks for the largest count; one at least for
		 * any count above none. */
		w = max == 0 ? 0 : (counts[i] * 20 + max / 2) / max;
		if (counts[i] > 0 && w == 0)
			w = 1;
		for (k = 0; k < w; k++)
			md(r, "\u2588");
		md(r, w > 0 ? " |\n" : "|\n");
	}
	md(r, "\n");
}

/*
 * name inside a Markdown link destination written <...>: as it is, so
 * that pandoc finds the file by its own name (it percent-decodes a
 * link for reading the file but not for the PNG it makes of an SVG for
 * Word, so an encoded "%28" or "%C3%A9" loses the picture there).
 * "<", ">" and "\" are backslash-escaped; a control byte, which no
 * destination may hold, and "%", which readers decode, are
 * percent-encoded.
 */
static void
link_path(struct rep *r, const char *name)
{
	char hex[4];

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '%')
			snprintf(hex, sizeof(hex), "%%%02X", *p);
		else if (*p == '<' || *p == '>' || *p == '\\')
			snprintf(hex, sizeof(hex), "\\%c", *p);
		else
			snprintf(hex, sizeof(hex), "%c", *p);
		md(r, hex);
	}
}

/* A chart as an SVG image, drawn here and linked as
 * chart_dir/SESSION-slug.svg, with its title as the alternative text. */
static void
chart_svg(struct rep *r, const char *title, const char *slug,
    const char *const *labels, const size_t *counts, size_t n)
{
	struct wl_chart_file *more, *f;
	const char *id = wl_rec_id(r->s);
	size_t len;

	if (r->nsvgs % 4 == 0) {
		if ((more = realloc(r->svgs, (r->nsvgs + 4) *
		    sizeof(*more))) == NULL) {
			r->oom = 1;
			return;
		}
		r->svgs = more;
	}
	f = &r->svgs[r->nsvgs];
	len = strlen(id ? id : "") + strlen(slug) + 6;
	f->svg = wl_chart_svg(L(r, title), labels, counts, n);
	if ((f->name = malloc(len)) != NULL)
		snprintf(f->name, len, "%s-%s.svg", id ? id : "", slug);
	if (f->name == NULL || f->svg == NULL) {
		free(f->name);
		free(f->svg);
		r->oom = 1;
		return;
	}
	r->nsvgs++;
	md(r, "![");
	text(r, L(r, title), WL_MD_TEXT);
	md(r, "](<");
	if (r->chart_dir != NULL && *r->chart_dir != '\0') {
		link_path(r, r->chart_dir);
		if (r->chart_dir[strlen(r->chart_dir) - 1] != '/')
			md(r, "/");
	}
	link_path(r, f->name);
	/* A zero-width space after the image: not alone in its
	 * paragraph, pandoc does not make it a figure captioned with the
	 * alternative text, which the chart shows as its title already.
	 * The alternative text stays, for those who cannot see it. */
	md(r, ">)&#8203;\n\n");
}

/* One chart of n counts, drawn the way the options ask. */
static void
chart(struct rep *r, const char *title, const char *slug,
    const char *const *labels, const size_t *counts, size_t n)
{
	switch (r->charts) {
	case WL_CHARTS_MERMAID:
		chart_mermaid(r, title, labels, counts, n);
		break;
	case WL_CHARTS_TABLE:
		chart_table(r, title, labels, counts, n);
		break;
	case WL_CHARTS_SVG:
		chart_svg(r, title, slug, labels, counts, n);
		break;
	case WL_CHARTS_NONE:
		break;
	}
}

static void
charts(struct rep *r)
{
	const char *labels[5];
	size_t counts[5], na = 0, ng = 0, i;

	for (i = 0; i < r->n; i++) {
		na += wl_rec_type(r->recs[i]) == WL_ADVICE;
		ng += wl_rec_type(r->recs[i]) == WL_AGREEMENT;
	}
	if (r->charts == WL_CHARTS_NONE || na + ng == 0)
		return;
	heading(r, "##", L(r, "charts"));
	if (na > 0) {
		for (i = 0; i < 4; i++) {
			labels[i] = L2(r, "chart", perspectives[i]);
			counts[i] = count(r, WL_ADVICE, "perspective",
			    perspectives[i]);
		}
		chart(r, "chart.perspective", "perspective", labels, counts,
		    4);
		for (i = 0; i < 5; i++) {
			labels[i] = L2(r, "status", advice_states[i]);
			counts[i] = count(r, WL_ADVICE, "status",
			    advice_states[i]);
		}
		chart(r, "chart.advice", "advice", labels, counts, 5);
	}
	if (ng > 0) {
		for (i = 0; i < 3; i++) {
			labels[i] = L2(r, "status", agreement_states[i]);
			counts[i] = count(r, WL_AGREEMENT, "status",
			    agreement_states[i]);
		}
		chart(r, "chart.agreements", "agreements", labels, counts, 3);
	}
}

/* Free n charts and the array. */
static void
svgs_free(struct wl_chart_file *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].name);
		free(f[i].svg);
	}
	free(f);
}

/*
 * The report of s to out, a temporary file, as it is made: *len bytes,
 * ended by exactly one newline; its SVG charts into *svgs (*nsvgs).
 * 0, or -1 (err), when what it wrote to out is of no use.
 */
static int
render(const struct wl_journal *j, const struct wl_rec *s,
    const struct wl_report_opts *opts, int untitled,
    const struct wl_mask *mask, const struct opens *opens, size_t *masked,
    FILE *out, size_t *len, struct wl_chart_file **svgs, size_t *nsvgs,
    struct wl_error *err)
{
	struct rep r;
	int rc = -1, failed = 0;

	*len = 0;
	*svgs = NULL;
	*nsvgs = 0;
	if (wl_lang_require(opts->lang, keys, err) < 0)
		return -1;
	memset(&r, 0, sizeof(r));
	r.fp = out;
	r.j = j;
	r.s = s;
	r.l = opts->lang;
	r.anonymous = opts->anonymous;
	r.charts = opts->charts;
	if (opts->date != NULL)
		snprintf(r.day, sizeof(r.day), "%.10s", opts->date);
	r.chart_dir = opts->chart_dir;
	r.draft = opts->draft;
	r.untitled = untitled;
	r.sessions = opts->sessions;
	r.nsessions = opts->nsessions;
	r.folded = opts->sessions ? opts->folded : NULL;
	r.plain = wl_plain_path();
	r.opens = opts->sessions && !r.plain ? opens : NULL;
	r.mask = opts->anonymous ? mask : NULL;
	if (gather(&r) < 0 || index_kids(&r) < 0)
		r.oom = 1;
	else if (find_blocks(&r, err) < 0 || translate_blocks(&r, err) < 0)
		failed = 1;	/* err says why */
	else {
		number_advice(&r);
		if (!r.plain && index_numbers(&r) < 0)
			r.oom = 1;
		head(&r);
		summary(&r);
		people(&r);
		for (size_t i = 0; i < r.nblocks; i++)
			block_section(&r, &r.blocks[i]);
		loose_ideas(&r);
		agreements(&r);
		earlier(&r);
		reactions(&r);
		charts(&r);
	}
	ended(&r);
	if (failed || r.werrno != 0 || r.oom) {
		if (!failed && r.werrno != 0)
			wl_error_set(err, NULL, 0, 0, "cannot write the "
			    "reports to a temporary file: %s",
			    strerror(r.werrno));
		else if (!failed)	/* else err says why */
			wl_error_set(err, NULL, 0, 0, "out of memory");
		svgs_free(r.svgs, r.nsvgs);
	} else {
		*len = r.put;
		*masked += r.masked;
		*svgs = r.svgs;
		*nsvgs = r.nsvgs;
		rc = 0;
	}
	for (size_t i = 0; i < r.nblocks; i++)
		free(r.blocks[i].title);
	free(r.blocks);
	free(r.recs);
	free(r.row);
	free(r.open);
	free(r.numbered);
	free(r.kids);
	free(r.numbers);
	free(r.walk);
	for (size_t i = 0; i < r.nscratch; i++)
		free(r.scratch[i]);
	free(r.scratch);
	return rc;
}

/* spool back to its start for reading.  0, or -1 (err). */
static int
spool_rewind(FILE *spool, struct wl_error *err)
{
	if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0) {
		wl_error_set(err, NULL, 0, 0, "cannot write the reports to "
		    "a temporary file: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The next len bytes of spool to fp.  0, or -1 (err) when they cannot
 * be read back; fp's own errors are the caller's to check. */
static int
spool_copy(FILE *spool, size_t len, FILE *fp, struct wl_error *err)
{
	char chunk[65536];

	while (len > 0) {
		size_t want = len < sizeof(chunk) ? len : sizeof(chunk);
		size_t got = fread(chunk, 1, want, spool);

		if (got == 0) {
			wl_error_set(err, NULL, 0, 0, "cannot read the "
			    "reports back from a temporary file: %s",
			    ferror(spool) ? strerror(errno) :
			    "it is shorter than written");
			return -1;
		}
		fwrite(chunk, 1, got, fp);
		len -= got;
	}
	return 0;
}

int
wl_report_md(FILE *fp, const struct wl_journal *j, const struct wl_rec *s,
    const struct wl_report_opts *opts, struct wl_error *err)
{
	struct wl_mask *mask = NULL;
	size_t len, masked = 0, nsvgs;
	struct wl_chart_file *svgs;
	FILE *spool;
	int rc;

	if (opts->anonymous && (mask = wl_mask_new(j, NULL,
	    opts->lang)) == NULL) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return -1;
	}
	/* Made in a temporary file: nothing is written to fp unless
	 * the whole report is made. */
	if ((spool = wl_spool_open(err)) == NULL) {
		wl_mask_free(mask);
		return -1;
	}
	rc = render(j, s, opts, 0, mask, NULL, &masked, spool, &len, &svgs,
	    &nsvgs, err);
	wl_mask_free(mask);
	if (rc == 0 && (spool_rewind(spool, err) < 0 ||
	    spool_copy(spool, len, fp, err) < 0)) {
		svgs_free(svgs, nsvgs);
		rc = -1;
	}
	fclose(spool);
	if (rc < 0)
		return -1;
	if (opts->svgs != NULL) {
		*opts->svgs = svgs;
		*opts->nsvgs = nsvgs;
	} else
		svgs_free(svgs, nsvgs);
	if (opts->masked != NULL)
		*opts->masked = masked;
	return 0;
}

/* Every step-th report of a list, from first on: a thread's share. */
struct share {
	const struct wl_journal *j;
	const struct wl_rec *const *sessions;
	size_t n, first, step;
	const struct wl_report_opts *opts;
	const struct wl_mask *mask;	/* shared, read only */
	const struct opens *opens;	/* shared, read only; or NULL */
	size_t masked;			/* this share's */
	size_t *len;		/* each report's length in the spool */
	struct wl_chart_file **svgs;	/* each report's charts */
	size_t *nsvgs;
	struct wl_error *err;	/* one per report */
	/* The temporary file this share's reports are made in, one
	 * after the other, so that no report is ever whole in memory
	 * and nothing is written before all are made. */
	FILE *spool;
	unsigned char *made;	/* made[i]: report i is in the spool */
	int failed;
};

static void *
render_share(void *arg)
{
	struct share *sh = arg;

	for (size_t i = sh->first; i < sh->n && !sh->failed; i += sh->step) {
		/* The first report's title is the front matter's: pandoc
		 * shows it as the document's title, so a heading of its
		 * own would say it twice. */
		if (render(sh->j, sh->sessions[i], sh->opts, i == 0 &&
		    !sh->opts->no_front_matter, sh->mask, sh->opens,
		    &sh->masked, sh->spool, &sh->len[i], &sh->svgs[i],
		    &sh->nsvgs[i], &sh->err[i]) < 0)
			sh->failed = 1;
		else
			sh->made[i] = 1;
	}
	return NULL;
}

/*
 * Make the JSON that reports read (sessions and participants) before
 * reports are made in two threads: from then on they only read the
 * journal.
 */
static int
make_shared(const struct wl_journal *j)
{
	(void)j;
	(void)wl_datadir();	/* found once, not in two threads */
	wl_json_prepare();
	return 0;
}

/* Say once to diag that records of unknown types are ignored. */
static void
warn_unknown(const struct wl_journal *j, struct wl_diag *diag)
{
	const struct wl_rec *first = NULL;
	size_t n = 0;

	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *x = wl_journal_at(j, i);

		if (wl_rec_type(x) != WL_UNKNOWN)
			continue;
		if (first == NULL)
			first = x;
		n++;
	}
	if (first == NULL)
		return;
	if (n == 1)
		wl_diag_say(diag, WL_WARNING, wl_rec_file(first),
		    wl_rec_line(first), "record of unknown type '%.40s' "
		    "ignored", wl_rec_str(first, "type"));
	else
		wl_diag_say(diag, WL_WARNING, wl_rec_file(first),
		    wl_rec_line(first), "record of unknown type '%.40s' "
		    "ignored, and %zu more of unknown types", wl_rec_str(first,
		    "type"), n - 1);
}

/*
 * s as a YAML single-quoted scalar that pandoc reads as this plain
 * text: pandoc reads metadata strings as Markdown, so s is escaped for
 * Markdown first (on one line).  Single quotes keep the backslashes of
 * that escaping as they are (for readers that take the front matter
 * for Markdown too); a quote is doubled.  Characters YAML does not
 * allow in a document, or reads as a line break, become U+FFFD.  No
 * key, list, anchor or tag can come from it.
 */
static void
yaml(struct rep *r, const char *key, const char *s)
{
	char *e = s ? wl_md_escape(s, WL_MD_TEXT) : NULL, one[2] = "";
	const unsigned char *p;

	if (s == NULL || e == NULL) {
		r->oom |= s != NULL;
		free(e);
		return;
	}
	md(r, key);
	md(r, ": '");
	for (p = (const unsigned char *)e; *p; p++) {
		if (*p == '\'')
			md(r, "''");
		else if (*p < 0x20 || *p == 0x7f)
			md(r, "\xef\xbf\xbd");
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			md(r, "\xef\xbf\xbd");
			p++;
		} else if ((p[0] == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0xa8 || p[2] == 0xa9)) ||
		    (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)) {
			md(r, "\xef\xbf\xbd");
			p += 2;
		} else {
			one[0] = (char)*p;
			md(r, one);
		}
	}
	md(r, "'\n");
	free(e);
}

/*
 * The YAML front matter of a report (of s, the first of them) into
 * *buf: what pandoc puts in a document's properties and title page.
 * 0, or -1 (err).
 */
static int
front_matter(const struct wl_rec *s, const struct wl_report_opts *opts,
    char **buf, size_t *len, struct wl_error *err)
{
	char pilot[32], *sub, *t;
	struct rep r;

	memset(&r, 0, sizeof(r));
	r.l = opts->lang;
	r.s = s;
	r.draft = opts->draft;
	if (opts->date != NULL)
		snprintf(r.day, sizeof(r.day), "%.10s", opts->date);
	else if (wl_clock_now(r.day, err) < 0)
		return -1;
	r.day[10] = '\0';
	if ((r.fp = open_memstream(buf, len)) == NULL) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return -1;
	}
	md(&r, "---\n");
	t = title_of(&r);
	yaml(&r, "title", t);
	free(t);
	sub = expand(&r, "subtitle", "municipality", wl_rec_str(s,
	    "municipality"), NULL, NULL);
	if (sub != NULL && wl_rec_int(s, "pilot", 0) > 0) {
		snprintf(pilot, sizeof(pilot), "%lld", wl_rec_int(s, "pilot",
		    0));
		t = expand(&r, "subtitle.pilot", "pilot", pilot, NULL, NULL);
		if (t != NULL) {
			char *both = join(&r, sub, ", ", t);

			free(sub);
			sub = both;
		}
		free(t);
	}
	yaml(&r, "subtitle", sub);
	free(sub);
	yaml(&r, "lang", L(&r, "lang.tag"));
	t = date_of(&r, report_day(&r));
	yaml(&r, "date", t);
	free(t);
	if (r.draft)
		md(&r, "draft: true\n");
	md(&r, "---\n\n");
	release(&r);
	if (fclose(r.fp) != 0 || r.oom || r.werrno != 0) {
		free(*buf);
		*buf = NULL;
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return -1;
	}
	return 0;
}

int
wl_report_md_all(FILE *fp, const struct wl_journal *j,
    const struct wl_rec *const *sessions, size_t n,
    const struct wl_report_opts *opts, struct wl_diag *diag,
    struct wl_error *err)
{
	size_t *len = calloc(n ? n : 1, sizeof(*len));
	struct wl_error *errs = calloc(n ? n : 1, sizeof(*errs));
	struct wl_chart_file **svgs = calloc(n ? n : 1, sizeof(*svgs));
	size_t *nsvgs = calloc(n ? n : 1, sizeof(*nsvgs)), total = 0, lenfm;
	char *fm = NULL;
	/* One matcher for all the reports: the journal's names. */
	struct wl_mask *mask = opts->anonymous ? wl_mask_new(j, NULL,
	    opts->lang) : NULL;
	const struct wl_rec **sorted = malloc((n ? n : 1) * sizeof(*sorted));
	/* Each session's open items counted once, before the threads:
	 * the follow-up of every report adds them up (earlier). */
	struct opens *opens = opts->sessions ? malloc((opts->nsessions ?
	    opts->nsessions : 1) * sizeof(*opens)) : NULL;
	unsigned char *made = calloc(n ? n : 1, 1);
	struct share one = { j, sorted, n, 0, 1, opts, mask, opens, 0, len,
		svgs, nsvgs, errs, NULL, made, 0 };
	struct share two = one;
	pthread_t t;
	int threaded = 0, rc = 0;

	/* The reports in the order of their sessions' records, not of
	 * the lines. */
	if (sorted != NULL) {
		memcpy(sorted, sessions, n * sizeof(*sorted));
		if (wl_rec_sort(sorted, n) < 0) {
			free(sorted);
			sorted = NULL;
		}
		one.sessions = two.sessions = sorted;
	}
	for (size_t i = 0; opens != NULL && i < opts->nsessions; i++)
		opens[i] = wl_rec_type(opts->sessions[i]) == WL_SESSION ?
		    count_open(opts->sessions[i]) : (struct opens){ 0, 0 };
	if (len == NULL || errs == NULL || sorted == NULL ||
	    svgs == NULL || nsvgs == NULL || made == NULL ||
	    (opts->sessions != NULL && opens == NULL) ||
	    (opts->anonymous && mask == NULL)) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		rc = -1;
		goto out;
	}
	/* The reports are made in a temporary file each share writes. */
	if (n >= 1 && ((one.spool = wl_spool_open(err)) == NULL ||
	    (two.spool = wl_spool_open(err)) == NULL)) {
		rc = -1;
		goto out;
	}
	/* Many reports: the even ones here, the odd ones in a thread. */
	two.first = 1;
	two.step = 2;
	if (n >= 8 && make_shared(j) == 0 &&
	    pthread_create(&t, NULL, render_share, &two) == 0) {
		threaded = 1;
		one.step = 2;
	} else if (two.spool != NULL) {
		fclose(two.spool);	/* one share makes them all */
		two.spool = NULL;
	}
	render_share(&one);
	if (threaded)
		pthread_join(t, NULL);
	/* All made, or the first failure (in order) is the answer. */
	for (size_t i = 0; i < n; i++)
		if (!made[i]) {
			*err = errs[i];
			rc = -1;
			goto out;
		}
	if (n > 0 && !opts->no_front_matter && front_matter(sorted[0], opts,
	    &fm, &lenfm, err) < 0) {
		rc = -1;
		goto out;
	}
	/* The charts of all the reports, in their order, in one array. */
	for (size_t i = 0; i < n; i++)
		total += nsvgs[i];
	if (opts->svgs != NULL) {
		struct wl_chart_file *all = malloc((total ? total : 1) *
		    sizeof(*all));
		size_t k = 0;

		if (all == NULL) {
			wl_error_set(err, NULL, 0, 0, "out of memory");
			rc = -1;
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			if (nsvgs[i] > 0)
				memcpy(all + k, svgs[i], nsvgs[i] *
				    sizeof(*all));
			k += nsvgs[i];
			free(svgs[i]);
			svgs[i] = NULL;
			nsvgs[i] = 0;
		}
		*opts->svgs = all;
		*opts->nsvgs = total;
	}
	if ((one.spool != NULL && spool_rewind(one.spool, err) < 0) ||
	    (two.spool != NULL && spool_rewind(two.spool, err) < 0)) {
		rc = -1;
		goto out;
	}
	if (fm != NULL)
		fwrite(fm, 1, lenfm, fp);
	for (size_t i = 0; i < n; i++) {
		struct share *by = threaded && i % 2 ? &two : &one;

		if (i > 0)
			fputs("\n* * *\n\n", fp);
		if (spool_copy(by->spool, len[i], fp, err) < 0) {
			rc = -1;
			goto out;
		}
	}
	if (opts->masked != NULL)
		*opts->masked = one.masked + two.masked;
	warn_unknown(j, diag);
out:
	if (one.spool != NULL)
		fclose(one.spool);
	if (two.spool != NULL)
		fclose(two.spool);
	free(made);
	wl_mask_free(mask);
	free(len);
	free(errs);
	free(sorted);
	free(opens);
	for (size_t i = 0; svgs != NULL && nsvgs != NULL && i < n; i++)
		svgs_free(svgs[i], nsvgs[i]);
	free(svgs);
	free(nsvgs);
	free(fm);
	return rc;
}
