/* fold.c - the current state: references, retract, amend, status, stale */
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "journal.h"

/* Look up field's id; warn when it names nothing or the wrong type. */
static const struct wl_rec *
link(struct wl_journal *j, struct wl_rec *r, const char *field,
    struct wl_diag *diag)
{
	const char *id = wl_rec_orig_str(r, field);
	const struct wl_rec *t;

	if (id == NULL)
		return NULL;
	t = wl_journal_get(j, id);
	if (t == NULL) {
		wl_diag_say(diag, WL_WARNING, r->file, r->line,
		    "'%s' names no record '%s'", field, id);
		return NULL;
	}
	if (!(wl_schema_ref_mask(r->type, field) & WL_TYPE_BIT(t->type))) {
		wl_diag_say(diag, WL_WARNING, r->file, r->line,
		    "'%s' names a record of type %s ('%s'), not %s",
		    field, wl_type_name(t->type), id,
		    wl_schema_mask_names(wl_schema_ref_mask(r->type, field)));
		return NULL;
	}
	return t;
}

static const struct wl_rec *
session_of(struct wl_rec *r)
{
	int hops = 0;
	const struct wl_rec *p = r;

	while (p != NULL && p->session == NULL && p->parent != NULL &&
	    hops++ < 8)
		p = p->parent;
	return p ? p->session : NULL;
}

/* Apply one amend to its target; warn about values of the wrong kind. */
static int
amend(struct wl_rec *a, struct wl_diag *diag)
{
	struct wl_rec *t = (struct wl_rec *)a->parent;
	json_t *set = json_object_get(wl_rec_orig(a), "set"), *v;
	struct wl_error e;
	const char *k;

	json_object_foreach(set, k, v) {
		if (t->type == WL_STATUS && strcmp(k, "status") == 0) {
			wl_diag_say(diag, WL_ERROR, a->file, a->line,
			    "a status changes by a new status record, not by "
			    "an amend");
			return 0;
		}
		if (wl_schema_check_field(t->type, k, v, &e) < 0) {
			wl_diag_say(diag, WL_ERROR, a->file, a->line,
			    "amend of a record of type %s: %s",
			    wl_type_name(t->type),
			    e.msg);
			return 0;
		}
	}
	if (wl_rec_make(t) < 0)
		return -1;
	if (t->cur == t->orig) {
		json_t *copy = json_deep_copy(t->orig);

		if (copy == NULL)
			return -1;
		json_decref(t->cur);
		t->cur = copy;
	}
	json_object_foreach(set, k, v) {
		if (json_is_null(v))
			json_object_del(t->cur, k);
		else if (json_object_set(t->cur, k, v) < 0)
			return -1;
		if (strcmp(k, "text") == 0)
			t->text_amend = a->pos + 1;
	}
	t->amends++;
	return 0;
}

/* Count live endorsements; a later one by the same person replaces. */
static void
tally(struct wl_journal *j)
{
	/* Each advice's endorsements, in file order. */
	for (size_t i = 0; i < j->n; i++) {
		struct wl_rec *e = &j->recs[i], *adv;

		if (e->type != WL_ENDORSEMENT || e->parent == NULL ||
		    e->retracted)
			continue;
		adv = (struct wl_rec *)e->parent;
		if (adv->last_e != NULL)
			adv->last_e->next_e = e;
		else
			adv->first_e = e;
		adv->last_e = e;
	}
	for (size_t i = 0; i < j->n; i++) {
		struct wl_rec *adv = &j->recs[i], *e, *f;

		for (e = adv->first_e; e != NULL; e = e->next_e) {
			const char *by = wl_rec_str(e, "by");

			for (f = e->next_e; f != NULL; f = f->next_e)
				if (strcmp(wl_rec_str(f, "by"),
				    by) == 0) {
					e->superseded = 1;
					break;
				}
			if (e->superseded)
				continue;
			adv->nendorse++;
			if (adv->text_amend > e->pos + 1)
				adv->nstale++;
		}
	}
}

/* Each session's records in one array, so readers of a session (the
 * report) need not walk the whole journal for each. */
static int
members(struct wl_journal *j)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		struct wl_rec *s = (struct wl_rec *)j->recs[i].session;

		if (s != NULL && s != &j->recs[i])
			s->nmembers++;
	}
	for (i = 0; i < j->n; i++) {
		struct wl_rec *s = &j->recs[i];

		if (s->type == WL_SESSION && s->nmembers > 0) {
			s->members = malloc(s->nmembers * sizeof(*s->members));
			if (s->members == NULL)
				return -1;
			s->nmembers = 0;
		}
	}
	for (i = 0; i < j->n; i++) {
		struct wl_rec *s = (struct wl_rec *)j->recs[i].session;

		if (s != NULL && s != &j->recs[i] && s->members != NULL)
			s->members[s->nmembers++] = &j->recs[i];
	}
	return 0;
}

int
wl_fold(struct wl_journal *j, struct wl_diag *diag)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		struct wl_rec *r = &j->recs[i];

		r->pos = i;
		if (r->type == WL_SESSION)
			r->session = r;
		else
			r->session = link(j, r, "session", diag);
		if (r->type == WL_UNKNOWN)
			continue;	/* its other fields mean nothing here */
		r->parent = link(j, r, "ref", diag);
		if (r->type == WL_NOTE || r->type == WL_ENDORSEMENT ||
		    r->type == WL_REDACTION)
			link(j, r, "by", diag);
	}
	for (i = 0; i < j->n; i++) {
		struct wl_rec *r = &j->recs[i];

		if (r->session == NULL)
			r->session = session_of(r);
		if (r->type == WL_RETRACT && r->parent != NULL)
			((struct wl_rec *)r->parent)->retracted = 1;
		if (r->type == WL_REDACTION && r->parent != NULL)
			((struct wl_rec *)r->parent)->redacted = 1;
	}
	for (i = 0; i < j->n; i++) {
		struct wl_rec *r = &j->recs[i];

		if (r->retracted || r->parent == NULL)
			continue;
		if (r->type == WL_AMEND && amend(r, diag) < 0)
			return -1;
		if (r->type == WL_STATUS) {
			struct wl_rec *t = (struct wl_rec *)r->parent;
			const char *s = wl_rec_orig_str(r, "status");
			const char *const *v;
			int fits = 0;

			for (v = wl_schema_status_values(t->type);
			    v && *v; v++)
				fits |= strcmp(*v, s) == 0;
			if (fits)
				t->status = r;
			else
				wl_diag_say(diag, WL_WARNING, r->file,
				    r->line, "status '%s' does not fit a record of type %s",
				    s, wl_type_name(t->type));
		}
	}
	tally(j);
	return members(j);
}

const struct wl_rec *const *
wl_session_records(const struct wl_rec *s, size_t *n)
{
	*n = s->nmembers;
	return s->members;
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
	for (int hops = 0; r != NULL && hops < 8; hops++) {
		if (r->retracted)
			return 1;
		if (r->type == WL_RETRACT)
			return 0;	/* its target is, not itself */
		if (r->session != NULL && r->session != r &&
		    r->session->retracted)
			return 1;
		r = r->parent;
	}
	return 0;
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

int
wl_rec_amended(const struct wl_rec *r)
{
	return r->amends;
}

const char *
wl_rec_status(const struct wl_rec *r)
{
	return r->status ? wl_rec_orig_str(r->status, "status") : NULL;
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
	const json_t *b = json_object_get(wl_rec_json(session), "blocks");

	return json_is_array(b) ? (int)json_array_size(b) : 3;
}

int
wl_rec_stale(const struct wl_rec *r)
{
	return r->type == WL_ENDORSEMENT && r->parent != NULL &&
	    r->parent->text_amend > r->pos + 1;
}

int
wl_rec_endorsements(const struct wl_rec *r, int *stale)
{
	if (stale != NULL)
		*stale = r->nstale;
	return r->nendorse;
}
