/* fold.c - the current state: references, retract, amend, status, stale */
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"
#include "rules.h"

/* The type of the record with this id in the journal ctx, or -1. */
static int
lookup(void *ctx, const char *id)
{
	const struct wl_rec *t = wl_journal_get(ctx, id);

	return t != NULL ? (int)t->type : -1;
}

/* The record field of r names, when the rules let it; said to diag
 * when not. */
static const struct wl_rec *
link(struct wl_journal *j, struct wl_rec *r, const char *field,
    struct wl_diag *diag)
{
	const char *id = wl_rec_orig_str(r, field);
	const struct wl_rec *t;
	struct wl_error e;

	if (id == NULL || wl_rule_ref_mask(r->type, field) == 0)
		return NULL;
	t = wl_journal_get(j, id);
	if (wl_rule_ref(r->type, field, id, t ? (int)t->type : -1, &e) < 0) {
		wl_rec_say(r, &e, diag);
		return NULL;
	}
	return t;
}

/* How loaded records hang together, for the rules. */
static int
h_retracted(void *ctx, const void *r)
{
	(void)ctx;
	return ((const struct wl_rec *)r)->retracted;
}

enum wl_type
wl_hang_type(void *ctx, const void *r)
{
	(void)ctx;
	return ((const struct wl_rec *)r)->type;
}

const void *
wl_hang_session(void *ctx, const void *r)
{
	(void)ctx;
	return ((const struct wl_rec *)r)->session;
}

const void *
wl_hang_parent(void *ctx, const void *r)
{
	(void)ctx;
	return ((const struct wl_rec *)r)->parent;
}

static const struct wl_hang hang = { h_retracted, wl_hang_type,
	wl_hang_session, wl_hang_parent, NULL };

/* The journal's records, and the retracts in force, for the rules'
 * settling of retracts (ctx is the journal). */
static const void *
h_at(void *ctx, size_t i)
{
	return &((struct wl_journal *)ctx)->recs[i];
}

static void
h_inforce(void *ctx, const void *r)
{
	(void)ctx;
	((struct wl_rec *)((const struct wl_rec *)r)->parent)->retracted = 1;
}

/* Check the amend a against its target and say what does not fit; 1
 * when it applies (it fits and is not withdrawn), 0 when not, -1 when
 * out of memory. */
static int
amend_fits(struct wl_journal *j, struct wl_rec *a, struct wl_diag *diag)
{
	struct wl_rec *t = (struct wl_rec *)a->parent;
	struct wl_error e;
	json_t *set;
	int minor;

	if (wl_rec_make(a) < 0)
		return -1;
	set = json_object_get(a->orig, "set");
	minor = json_is_true(json_object_get(a->orig, "minor"));
	if (wl_rule_amend(t->type, set, minor, lookup, j, &e) < 0) {
		wl_rec_say(a, &e, diag);
		return 0;
	}
	return !a->retracted;
}

/* Apply the amend a that fits (amend_fits) to its target.  0, or -1
 * when out of memory. */
static int
amend_apply(struct wl_rec *a)
{
	struct wl_rec *t = (struct wl_rec *)a->parent;
	json_t *set = json_object_get(a->orig, "set");

	/* A tree of its own to amend.  A kept line needs no tree as
	 * written beside it (its line is that), so it gets one tree, not
	 * two: a million-record journal has tens of thousands amended. */
	if (t->cur == t->orig) {
		json_t *copy = t->orig != NULL ? json_deep_copy(t->orig) :
		    wl_rec_line_json(t);

		if (copy == NULL)
			return -1;
		json_decref(t->cur);
		t->cur = copy;
	}
	if (wl_rule_apply(t->cur, set) < 0)
		return -1;
	/* A minor amend fixes a typo: who endorsed the text before it
	 * endorsed the same words.  Applied in order (wl_rule_order),
	 * the last that rewords is kept. */
	if (wl_rule_rewords(set, json_is_true(json_object_get(a->orig,
	    "minor"))))
		t->text_amend = a;
	return 0;
}

/* The erased participant id names, or NULL. */
static const struct wl_rec *
erased_person(const struct wl_journal *j, const char *id)
{
	const struct wl_rec *p = wl_journal_get(j, id);

	return p != NULL && p->type == WL_PARTICIPANT && p->redacted ? p :
	    NULL;
}

/* Mark the records of erased people (rules.h): their own, their notes
 * and endorsements by "by" as written, then by an amend's "by". */
static void
mark_erased(struct wl_journal *j)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		struct wl_rec *r = &j->recs[i];

		if (r->type == WL_PARTICIPANT && r->redacted)
			r->erased = r;
		else if (r->type == WL_NOTE || r->type == WL_ENDORSEMENT)
			r->erased = erased_person(j, wl_rec_orig_str(r, "by"));
	}
	for (i = 0; i < j->n; i++) {
		struct wl_rec *r = &j->recs[i], *t = (struct wl_rec *)r->parent;
		json_t *set;

		if (r->type != WL_AMEND || t == NULL || t->erased != NULL ||
		    (t->type != WL_NOTE && t->type != WL_ENDORSEMENT))
			continue;
		set = r->orig != NULL ? json_object_get(r->orig, "set") : NULL;
		t->erased = erased_person(j, wl_field_str(set, "by"));
	}
}

/*
 * A redaction holds whatever the order of lines: every record of an
 * erased person is read as the rules erase it, and a line that still
 * holds more is said (wl_problem_unerased).  The erased record takes
 * the place of the one read, so the fold, every list and the report
 * see only it; a later fold finds nothing more to say of it.  0, or
 * -1 when out of memory.
 */
static int
erase(struct wl_journal *j, struct wl_diag *diag)
{
	int any = 0;

	for (size_t i = 0; i < j->n && !any; i++)
		any = j->recs[i].redacted;
	if (!any)
		return 0;
	mark_erased(j);
	for (size_t i = 0; i < j->n; i++) {
		struct wl_rec *r = &j->recs[i];
		const struct wl_rec *t = r->type == WL_AMEND ? r->parent : r;
		enum wl_erasure how;
		struct wl_error e;
		json_t *orig, *now;
		int same;

		if (t == NULL || t->erased == NULL)
			continue;
		how = t->type == WL_PARTICIPANT ? WL_ERASE_PERSON :
		    WL_ERASE_THEIRS;
		if ((orig = wl_rec_orig_json(r)) == NULL)
			return -1;
		now = wl_rule_erase(orig, r->type, how, t->type);
		same = now != NULL && json_equal(now, orig);
		json_decref(orig);
		if (now == NULL)
			return -1;
		if (same) {
			json_decref(now);
			continue;
		}
		wl_problem_unerased(&e, r->type, r->id, how,
		    t->erased->id);
		wl_rec_say(r, &e, diag);
		json_decref(r->cur);
		json_decref(r->orig);
		r->orig = now;
		r->cur = json_incref(now);
		if (!r->canon)	/* its id was in the JSON let go */
			r->id = wl_field_str(now, "id");
	}
	return 0;
}

int
wl_rec_order(const struct wl_rec *a, const struct wl_rec *b)
{
	return wl_rule_order(wl_rec_orig_str(a, "at"), a->id,
	    wl_rec_orig_str(b, "at"), b->id);
}

/* A record with its key, for a sort that asks no record twice. */
struct keyed {
	const char *at, *id;
	const struct wl_rec *r;
};

static int
by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	return wl_rule_order(x->at, x->id, y->at, y->id);
}

int
wl_rec_sort(const struct wl_rec **v, size_t n)
{
	struct keyed *k;

	if (n < 2)
		return 0;
	if ((k = malloc(n * sizeof(*k))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		k[i] = (struct keyed){ wl_rec_orig_str(v[i], "at"), v[i]->id,
		    v[i] };
	qsort(k, n, sizeof(*k), by_key);
	for (size_t i = 0; i < n; i++)
		v[i] = k[i].r;
	free(k);
	return 0;
}

const struct wl_rec **
wl_journal_ordered(const struct wl_journal *j)
{
	const struct wl_rec **v = malloc((j->n + 1) * sizeof(*v));

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		v[i] = &j->recs[i];
	if (wl_rec_sort(v, j->n) < 0) {
		free(v);
		return NULL;
	}
	return v;
}

/*
 * Apply the amends and statuses that apply (file order in v[0..n)) in
 * the order of the records (wl_rule_order), whatever the order of the
 * lines: the last status wins, amends of one field the last.  0, or
 * -1 when out of memory.
 */
static int
apply_in_order(const struct wl_rec **v, size_t n)
{
	if (wl_rec_sort(v, n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct wl_rec *r = (struct wl_rec *)v[i];

		if (r->type == WL_AMEND && amend_apply(r) < 0)
			return -1;
		if (r->type == WL_STATUS)
			((struct wl_rec *)r->parent)->status = r;
	}
	return 0;
}

/* 0 endorse, 1 reservations, 2 object: the order of the stances in
 * the schema; an unknown one (the rules refuse it) as an objection,
 * never as support. */
static int
stance_index(const char *stance)
{
	if (stance != NULL && strcmp(stance, "endorse") == 0)
		return 0;
	if (stance != NULL && strcmp(stance, "reservations") == 0)
		return 1;
	return 2;
}

/* Endorsements by what they endorse, then in file order. */
static int
by_parent(const void *a, const void *b)
{
	const struct wl_rec *x = *(const struct wl_rec *const *)a;
	const struct wl_rec *y = *(const struct wl_rec *const *)b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/*
 * Give each session, and each record with live endorsements, its side
 * (journal.h), and count those endorsements: a later one by the same
 * person (in the order of records, not lines) replaces.  The side is
 * made here for the few records that need one, not kept in every
 * record.  0, or -1 when out of memory.
 */
static int
tally(struct wl_journal *j)
{
	const struct wl_rec **v = NULL;
	size_t nv = 0, nside = 0, used = 0, i, g, h;

	for (i = 0; i < j->n; i++) {
		const struct wl_rec *e = &j->recs[i];

		if (e->type == WL_SESSION)
			nside++;
		else if (e->type == WL_ENDORSEMENT && e->parent != NULL &&
		    !e->retracted)
			nv++;
	}
	if (nv > 0 && (v = malloc(nv * sizeof(*v))) == NULL)
		return -1;
	nv = 0;
	for (i = 0; i < j->n; i++) {
		const struct wl_rec *e = &j->recs[i];

		if (e->type == WL_ENDORSEMENT && e->parent != NULL &&
		    !e->retracted)
			v[nv++] = e;
	}
	if (nv > 1)
		qsort(v, nv, sizeof(*v), by_parent);
	for (i = 0; i < nv; i++)
		nside += i == 0 || v[i]->parent != v[i - 1]->parent;
	if (nside > 0 && (j->sides = calloc(nside, sizeof(*j->sides))) ==
	    NULL) {
		free(v);
		return -1;
	}
	for (i = 0; i < j->n; i++)
		if (j->recs[i].type == WL_SESSION)
			j->recs[i].side = &j->sides[used++];
	/* Each advice's endorsements, v[g..h). */
	for (g = 0; g < nv; g = h) {
		struct wl_rec *adv = (struct wl_rec *)v[g]->parent;
		struct wl_side *s;

		for (h = g + 1; h < nv && v[h]->parent == adv; h++)
			;
		if (adv->side == NULL)
			adv->side = &j->sides[used++];
		s = (struct wl_side *)adv->side;
		for (size_t a = g; a < h; a++) {
			struct wl_rec *e = (struct wl_rec *)v[a];
			const char *by = wl_rec_str(e, "by");
			int k;

			for (size_t b = g; b < h; b++)
				if (b != a && strcmp(wl_rec_str(v[b], "by"),
				    by) == 0 && wl_rec_order(e, v[b]) < 0) {
					e->superseded = 1;
					break;
				}
			if (e->superseded)
				continue;
			s->nendorse++;
			if (wl_rec_stale(e))
				s->nstale++;
			k = stance_index(wl_rec_str(e, "stance"));
			s->nstance[k]++;
			if (wl_rec_stale(e))
				s->nstale_st[k]++;
		}
	}
	free(v);
	return 0;
}

/* Each session's records in one array, so readers of a session (the
 * report) need not walk the whole journal for each: all of them in
 * one allocation, a session's side pointing at its own. */
static int
members(struct wl_journal *j)
{
	size_t i, total = 0;

	for (i = 0; i < j->n; i++) {
		const struct wl_rec *s = j->recs[i].session;

		if (s != NULL && s != &j->recs[i] && s->side != NULL) {
			((struct wl_side *)s->side)->nmembers++;
			total++;
		}
	}
	if (total > 0 && (j->members = malloc(total *
	    sizeof(*j->members))) == NULL)
		return -1;
	total = 0;
	for (i = 0; i < j->n; i++) {
		struct wl_side *s = (struct wl_side *)j->recs[i].side;

		if (j->recs[i].type == WL_SESSION && s->nmembers > 0) {
			s->members = j->members + total;
			total += s->nmembers;
			s->nmembers = 0;
		}
	}
	for (i = 0; i < j->n; i++) {
		const struct wl_rec *s = j->recs[i].session;

		if (s != NULL && s != &j->recs[i] && s->side != NULL &&
		    s->side->members != NULL) {
			struct wl_side *d = (struct wl_side *)s->side;

			d->members[d->nmembers++] = &j->recs[i];
		}
	}
	return 0;
}

/* Forget what an earlier fold made of r: a fold starts afresh. */
static void
unfold(struct wl_rec *r)
{
	r->side = NULL;
	r->retracted = r->redacted = r->superseded = 0;
	r->erased = NULL;
	r->text_amend = NULL;
	r->status = r->parent = r->session = NULL;
	if (r->cur != r->orig) {
		json_decref(r->cur);
		r->cur = json_incref(r->orig);
	}
}

static void
pass_on(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	wl_diag_emit(ctx, sev, e);
}

int
wl_fold(struct wl_journal *j, struct wl_diag *given)
{
	struct wl_diag counted = { pass_on, given, 0, 0 };
	struct wl_diag *diag = &counted;
	struct wl_hang settle = hang;
	struct wl_error e;
	const struct wl_rec **apply = NULL;
	size_t i, napply = 0, capply = 0;

	for (i = 0; i < j->n; i++)
		unfold(&j->recs[i]);
	free(j->sides);
	free(j->members);
	j->sides = NULL;
	j->members = NULL;
	for (i = 0; i < j->n; i++) {
		struct wl_rec *r = &j->recs[i];

		r->pos = (uint32_t)i;
		if (r->type == WL_SESSION)
			r->session = r;
		else if (r->type == WL_UNKNOWN) {
			/* Its fields mean nothing here; a session it names
			 * places it, for the lists that pass it on. */
			const struct wl_rec *s = wl_journal_get(j,
			    wl_rec_orig_str(r, "session"));

			r->session = s && s->type == WL_SESSION ? s : NULL;
			continue;
		} else
			r->session = link(j, r, "session", diag);
		r->parent = link(j, r, "ref", diag);
		link(j, r, "by", diag);
	}
	for (i = 0; i < j->n; i++) {
		struct wl_rec *r = &j->recs[i];

		if (r->session == NULL)
			r->session = wl_rule_session_of(&hang, r);
		if (r->type == WL_RETRACT && r->parent != NULL &&
		    r->parent->type == WL_RETRACT &&
		    wl_rule_chain(&hang, r, &e) < 0)
			wl_rec_say(r, &e, diag);
		if (r->type == WL_REDACTION && r->parent != NULL)
			((struct wl_rec *)r->parent)->redacted = 1;
	}
	if (erase(j, diag) < 0)
		return -1;
	settle.ctx = j;
	wl_rule_settle(&settle, j->n, h_at, h_inforce);
	/* Every amend and status is checked, withdrawn or not: a retract
	 * of it can be withdrawn in its turn.  Said in file order; those
	 * that apply are applied in the order of records. */
	for (i = 0; i < j->n; i++) {
		struct wl_rec *r = &j->recs[i], *t = (struct wl_rec *)r->parent;
		int fits = 0;

		if (t == NULL)
			continue;
		if (r->type == WL_AMEND && (fits = amend_fits(j, r,
		    diag)) < 0)
			goto nomem;
		if (r->type == WL_STATUS) {
			if (wl_rule_status(t->type, wl_rec_orig_str(r,
			    "status"), &e) < 0)
				wl_rec_say(r, &e, diag);
			else
				fits = !r->retracted;
			if (wl_rule_status_date(wl_rec_orig_str(r, "date"),
			    wl_rec_orig_str(r, "at"), &e) < 0) {
				wl_rec_say(r, &e, diag);
				fits = 0;
			}
		}
		if (!fits)
			continue;
		if (napply == capply) {
			size_t nc = capply ? capply * 2 : 64;
			const struct wl_rec **v = realloc(apply,
			    nc * sizeof(*v));

			if (v == NULL)
				goto nomem;
			apply = v;
			capply = nc;
		}
		apply[napply++] = r;
	}
	if (apply_in_order(apply, napply) < 0)
		goto nomem;
	free(apply);
	/* Blocks, as records and sessions stand after their amends. */
	for (i = 0; i < j->n; i++) {
		const struct wl_rec *r = &j->recs[i];
		long long b = wl_rec_int(r, "block", 0);

		if ((r->type == WL_NOTE || r->type == WL_ADVICE) && b > 0 &&
		    r->session != NULL && wl_rule_block(b,
		    wl_session_nblocks(r->session), &e) < 0)
			wl_rec_say(r, &e, diag);
	}
	j->quiet = counted.nerrors + counted.nwarnings == 0;
	j->in_order = 1;
	for (i = 1; i < j->n && j->in_order; i++)
		j->in_order = wl_rec_order(&j->recs[i - 1], &j->recs[i]) <= 0;
	if (tally(j) < 0)
		return -1;
	return members(j);
nomem:
	free(apply);
	return -1;
}

const struct wl_rec *const *
wl_session_records(const struct wl_rec *s, size_t *n)
{
	*n = s->side != NULL ? s->side->nmembers : 0;
	return s->side != NULL ? s->side->members : NULL;
}

size_t
wl_rec_pos(const struct wl_rec *r)
{
	return r->pos;
}

const char *
wl_rec_file(const struct wl_rec *r)
{
	return r->file;
}

long
wl_rec_line(const struct wl_rec *r)
{
	return r->line;
}

int
wl_rec_retracted(const struct wl_rec *r)
{
	return wl_rule_withdrawn(&hang, r);
}

int
wl_rec_redacted(const struct wl_rec *r)
{
	return r->redacted;
}

int
wl_rec_superseded(const struct wl_rec *r)
{
	return r->superseded;
}


const char *
wl_rec_status(const struct wl_rec *r)
{
	return r->status ? wl_rec_orig_str(r->status, "status") : NULL;
}

const struct wl_rec *
wl_rec_status_rec(const struct wl_rec *r)
{
	return r->status;
}

const struct wl_rec *
wl_rec_session(const struct wl_rec *r)
{
	return r->session;
}

const struct wl_rec *
wl_rec_parent(const struct wl_rec *r)
{
	return r->parent;
}

int
wl_session_nblocks(const struct wl_rec *session)
{
	return (int)wl_rule_nblocks(session->cur ? json_object_get(
	    session->cur, "blocks") : NULL);
}

int
wl_session_check_block(const struct wl_rec *session, long long block,
    struct wl_error *err)
{
	struct wl_error e;

	/* The rule a journal's records are read by, so that what a writer
	 * refuses and what a list would never find are the same blocks. */
	memset(&e, 0, sizeof(e));
	if (wl_rule_block(block, wl_session_nblocks(session), &e) == 0)
		return 0;
	wl_error_set(err, NULL, 0, 0, "%s", e.msg);
	if (err != NULL)
		err->code = e.code;
	return -1;
}

int
wl_session_block(const struct wl_rec *s, size_t i, long long *n,
    const char **title)
{
	json_t *b = json_array_get(json_object_get(s->cur, "blocks"), i);

	if (!json_is_object(b))
		return 0;
	*n = json_integer_value(json_object_get(b, "n"));
	*title = json_string_value(json_object_get(b, "title"));
	return 1;
}

int
wl_rec_stale(const struct wl_rec *r)
{
	return r->type == WL_ENDORSEMENT && r->parent != NULL &&
	    r->parent->text_amend != NULL &&
	    wl_rec_order(r, r->parent->text_amend) < 0;
}

int
wl_rec_endorsements(const struct wl_rec *r, const char *stance, int *stale)
{
	static const struct wl_side none;
	const struct wl_side *s = r->side != NULL ? r->side : &none;
	int k;

	if (stance == NULL) {
		if (stale != NULL)
			*stale = s->nstale;
		return s->nendorse;
	}
	if (strcmp(stance, "endorse") != 0 &&
	    strcmp(stance, "reservations") != 0 &&
	    strcmp(stance, "object") != 0) {
		if (stale != NULL)
			*stale = 0;
		return 0;
	}
	k = stance_index(stance);
	if (stale != NULL)
		*stale = s->nstale_st[k];
	return s->nstance[k];
}
