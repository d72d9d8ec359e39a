/* cascade.c - what a retract takes with it, and what taking one back
 * brings: the rules asked of the journal as it would then be */
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"
#include "rules.h"

/*
 * The journal with retracts appended that it does not hold: the fold's
 * records and links as they are, which retracts are in force settled
 * again by the rules (wl_rule_settle) with the new ones among them.
 * So what this says is what the fold will say once they are written.
 */
struct what_if {
	const struct wl_journal *j;
	struct wl_rec *extra;		/* the new retracts */
	size_t n;
	unsigned char *gone;		/* by pos: a retract in force names it */
};

static int
h_retracted(void *ctx, const void *r)
{
	return ((struct what_if *)ctx)->gone[((const struct wl_rec *)r)->pos];
}

static const void *
h_at(void *ctx, size_t i)
{
	struct what_if *w = ctx;

	return i < w->j->n ? &w->j->recs[i] : &w->extra[i - w->j->n];
}

static void
h_inforce(void *ctx, const void *r)
{
	struct what_if *w = ctx;

	w->gone[((const struct wl_rec *)r)->parent->pos] = 1;
}

/* The participant that field of r names, or NULL. */
static const struct wl_rec *
named(const struct wl_journal *j, const struct wl_rec *r, const char *field)
{
	const char *id = wl_rec_str(r, field);
	const struct wl_rec *p = id ? wl_journal_get(j, id) : NULL;

	return p != NULL && p->type == WL_PARTICIPANT ? p : NULL;
}

int
wl_retract_effect(const struct wl_journal *j,
    const struct wl_rec *const *targets, size_t n, struct wl_change **out,
    size_t *nout)
{
	struct what_if w = { j, NULL, n, NULL };
	struct wl_hang h = { h_retracted, wl_hang_type, wl_hang_session,
	    wl_hang_parent, &w };
	struct wl_change *v = NULL;
	size_t k = 0, cap = 0;

	*out = NULL;
	*nout = 0;
	w.extra = calloc(n ? n : 1, sizeof(*w.extra));
	w.gone = calloc(j->n + n + 1, 1);
	if (w.extra == NULL || w.gone == NULL)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		w.extra[i].type = WL_RETRACT;
		w.extra[i].parent = targets[i];
		w.extra[i].pos = j->n + i;
		w.extra[i].id = "";
	}
	wl_rule_settle(&h, j->n + n, h_at, h_inforce);
	for (size_t i = 0; i < j->n; i++) {
		const struct wl_rec *r = &j->recs[i], *p;
		int now = wl_rec_retracted(r), then = wl_rule_withdrawn(&h, r);
		enum wl_change_kind how;

		/* A retract shows nowhere: what it withdraws does. */
		if (r->type == WL_RETRACT)
			continue;
		if (now != then)
			how = then ? WL_CH_GOES : WL_CH_BACK;
		else if (then)
			continue;
		else if (((p = named(j, r, "by")) != NULL ||
		    (r->type == WL_AGREEMENT &&
		    (p = named(j, r, "owner")) != NULL)) &&
		    wl_rec_retracted(p) != wl_rule_withdrawn(&h, p))
			how = WL_CH_NAMES;
		else
			continue;
		if (k == cap) {
			struct wl_change *nv;

			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				goto oom;
			v = nv;
		}
		v[k].rec = r;
		v[k++].how = how;
	}
	free(w.extra);
	free(w.gone);
	*out = v;
	*nout = k;
	return 0;
oom:
	free(w.extra);
	free(w.gone);
	free(v);
	return -1;
}

/* How loaded records hang together, as the fold left them. */
static int
f_retracted(void *ctx, const void *r)
{
	(void)ctx;
	return ((const struct wl_rec *)r)->retracted;
}

static const struct wl_hang folded = { f_retracted, wl_hang_type,
	wl_hang_session, wl_hang_parent, NULL };

/* 1 if retract x is in force. */
static int
in_force(const struct wl_rec *x)
{
	return x->type == WL_RETRACT && x->parent != NULL && !x->retracted &&
	    wl_rule_chain(&folded, x, NULL) > 0;
}

const struct wl_rec **
wl_restore_targets(const struct wl_journal *j, const struct wl_rec *r,
    size_t *n, struct wl_error *err)
{
	const struct wl_rec **v, *by, *want = r;
	struct wl_change *ch;
	size_t k = 0, nch;
	int back = 0;

	*n = 0;
	if (r->type == WL_RETRACT) {
		const struct wl_rec *t = r->parent;

		for (size_t i = 0; r->retracted && i < j->n; i++)
			if (j->recs[i].parent == r &&
			    in_force(&j->recs[i])) {
				wl_error_set(err, NULL, 0, 0, "retract %s was "
				    "taken back already, by retract %s",
				    r->id, j->recs[i].id);
				return NULL;
			}
		if (!in_force(r)) {
			wl_error_set(err, NULL, 0, 0, "retract %s withdraws "
			    "nothing: there is nothing to restore", r->id);
			return NULL;
		}
		if (t->type == WL_RETRACT) {
			wl_error_set(err, NULL, 0, 0, "retract %s is a restore "
			    "already (of %s %s): to remove that again, use rm",
			    r->id, wl_type_name(t->parent ? t->parent->type :
			    WL_UNKNOWN), t->parent ? t->parent->id : "");
			return NULL;
		}
		want = t;
	} else if ((by = wl_rule_withdrawn_by(&folded, r)) == NULL) {
		wl_error_set(err, NULL, 0, 0, "%s %s is not removed: there is "
		    "nothing to restore", wl_type_name(r->type), r->id);
		return NULL;
	} else if (by != r) {
		wl_error_set(err, NULL, 0, 0, "%s %s was removed with %s %s: "
		    "restore that, and it comes back with it",
		    wl_type_name(r->type), r->id, wl_type_name(by->type),
		    by->id);
		return NULL;
	}
	if ((v = malloc((r->type == WL_RETRACT ? 1 : j->n) *
	    sizeof(*v))) == NULL) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return NULL;
	}
	if (r->type == WL_RETRACT)
		v[k++] = r;
	else
		for (size_t i = 0; i < j->n; i++)
			if (j->recs[i].parent == r && in_force(&j->recs[i]))
				v[k++] = &j->recs[i];
	if (wl_retract_effect(j, v, k, &ch, &nch) < 0) {
		free(v);
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < nch; i++)
		back |= ch[i].rec == want && ch[i].how == WL_CH_BACK;
	free(ch);
	/* Taken back, the retract may leave it withdrawn all the same:
	 * with its session, or the record it hangs from. */
	if (!back) {
		const struct wl_rec *up = want->session != NULL &&
		    want->session != want && want->session->retracted ?
		    want->session : wl_rule_withdrawn_by(&folded,
		    want->parent);

		free(v);
		wl_error_set(err, NULL, 0, 0, "%s %s would stay removed with "
		    "%s %s: restore that first", wl_type_name(want->type),
		    want->id, wl_type_name(up ? up->type : WL_UNKNOWN),
		    up ? up->id : "?");
		return NULL;
	}
	*n = k;
	return v;
}
