/* import.c - journal-shaped JSON lines from elsewhere, checked whole */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"

struct line {
	char *text;
	size_t len;
	long lineno;
};

struct wl_import {
	char *file;		/* name for messages */
	struct line *lines;
	size_t n, cap;
};

/* What passed the checks, with where each came from. */
struct batch {
	json_t **recs;
	const struct line **from;
	size_t n, cap;
	const json_t **index;	/* open addressing on id */
	size_t icap;
};

static const char *const ref_fields[] = { "session", "by", "ref" };

struct wl_import *
wl_import_read(const char *path, struct wl_diag *diag, struct wl_error *err)
{
	struct wl_reader *rd = wl_reader_open(path, err);
	struct wl_import *im;
	const char *text;
	size_t len;
	long lineno;
	int rc;

	if (rd == NULL)
		return NULL;
	if ((im = calloc(1, sizeof(*im))) == NULL ||
	    (im->file = strdup(wl_reader_name(rd))) == NULL)
		goto oom;
	wl_reader_strict(rd);
	while ((rc = wl_reader_next(rd, &text, &len, &lineno, diag,
	    err)) == 1) {
		if (im->n == im->cap) {
			size_t cap = im->cap ? im->cap * 2 : 64;
			struct line *l = realloc(im->lines, cap * sizeof(*l));

			if (l == NULL)
				goto oom;
			im->lines = l;
			im->cap = cap;
		}
		if ((im->lines[im->n].text = malloc(len + 1)) == NULL)
			goto oom;
		memcpy(im->lines[im->n].text, text, len);
		im->lines[im->n].text[len] = '\0';
		im->lines[im->n].len = len;
		im->lines[im->n++].lineno = lineno;
	}
	wl_reader_free(rd);
	if (rc < 0) {
		wl_import_free(im);
		return NULL;
	}
	return im;
oom:
	wl_reader_free(rd);
	wl_import_free(im);
	wl_error_set(err, path, 0, 0, "out of memory");
	return NULL;
}

void
wl_import_free(struct wl_import *im)
{
	if (im == NULL)
		return;
	for (size_t i = 0; i < im->n; i++)
		free(im->lines[i].text);
	free(im->lines);
	free(im->file);
	free(im);
}

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

/* The record of the batch with this id, or NULL. */
static const json_t *
batch_get(const struct batch *b, const char *id)
{
	if (b->icap == 0)
		return NULL;
	for (size_t k = hash(id) & (b->icap - 1); b->index[k];
	    k = (k + 1) & (b->icap - 1))
		if (strcmp(wl_record_str(b->index[k], "id"), id) == 0)
			return b->index[k];
	return NULL;
}

static int
batch_push(struct batch *b, json_t *rec, const struct line *from)
{
	size_t k;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		json_t **r = realloc(b->recs, cap * sizeof(*r));
		const struct line **f;

		if (r == NULL)
			return -1;
		b->recs = r;
		if ((f = realloc(b->from, cap * sizeof(*f))) == NULL)
			return -1;
		b->from = f;
		b->cap = cap;
	}
	if ((b->n + 1) * 2 > b->icap) {
		size_t cap = b->icap ? b->icap * 2 : 128;
		const json_t **t = calloc(cap, sizeof(*t));

		if (t == NULL)
			return -1;
		for (size_t i = 0; i < b->n; i++) {
			for (k = hash(wl_record_str(b->recs[i], "id")) &
			    (cap - 1); t[k]; k = (k + 1) & (cap - 1))
				;
			t[k] = b->recs[i];
		}
		free(b->index);
		b->index = t;
		b->icap = cap;
	}
	for (k = hash(wl_record_str(rec, "id")) & (b->icap - 1); b->index[k];
	    k = (k + 1) & (b->icap - 1))
		;
	b->index[k] = rec;
	b->recs[b->n] = rec;
	b->from[b->n++] = from;
	return 0;
}

/*
 * Fill in what a writer would: type, id, at, session.  A type this wl
 * does not know passes only on a whole record (with id and at), as a
 * newer wl writes it; else it is a mistake.  -1 on error.
 */
static int
fill(json_t *rec, enum wl_type deftype, const struct wl_rec *session,
    struct wl_error *err)
{
	char id[WL_ID_LEN + 1], at[WL_TIME_LEN + 1];
	json_t *t = json_object_get(rec, "type");
	enum wl_type type;

	if (t == NULL)
		json_object_set_new(rec, "type",
		    json_string(wl_type_name(deftype)));
	else if (!json_is_string(t) || (wl_type_from_name(
	    json_string_value(t)) == WL_UNKNOWN &&
	    (!json_object_get(rec, "id") || !json_object_get(rec, "at")))) {
		wl_error_set(err, NULL, 0, 0, "unknown type '%.40s'",
		    json_is_string(t) ? json_string_value(t) : "?");
		snprintf(err->field, sizeof(err->field), "type");
		return -1;
	}
	if (json_object_get(rec, "id") == NULL) {
		if (wl_id_new(id, err) < 0)
			return -1;
		json_object_set_new(rec, "id", json_string(id));
	}
	if (json_object_get(rec, "at") == NULL) {
		if (wl_clock_now(at, err) < 0)
			return -1;
		json_object_set_new(rec, "at", json_string(at));
	}
	type = wl_type_of(rec);
	if (json_object_get(rec, "session") == NULL &&
	    (type == WL_PARTICIPANT || type == WL_NOTE || type == WL_ADVICE ||
	    type == WL_AGREEMENT)) {
		if (session == NULL) {
			wl_error_set(err, NULL, 0, 1, "no 'session', and no "
			    "session to put in (give -s)");
			return -1;
		}
		json_object_set_new(rec, "session",
		    json_string(wl_rec_id(session)));
	}
	return 0;
}

/* Type of the record with id in the journal or the batch, or -1. */
static int
type_of_id(const struct wl_journal *j, const struct batch *b,
    const char *id)
{
	const struct wl_rec *r = wl_journal_get(j, id);
	const json_t *x;

	if (r != NULL)
		return (int)wl_rec_type(r);
	if ((x = batch_get(b, id)) != NULL)
		return (int)wl_type_of(x);
	return -1;
}

/* References of every record name records of the right type. */
static void
check_refs(const struct wl_journal *j, const struct batch *b,
    const char *file, struct wl_diag *diag)
{
	struct wl_error e;

	for (size_t i = 0; i < b->n; i++) {
		enum wl_type t = wl_type_of(b->recs[i]);
		const struct line *l = b->from[i];

		for (size_t f = 0; f < 3; f++) {
			const char *id = wl_record_str(b->recs[i],
			    ref_fields[f]);
			unsigned mask = wl_schema_ref_mask(t, ref_fields[f]);
			long col;
			int rt;

			if (id == NULL || mask == 0 || t == WL_UNKNOWN)
				continue;
			rt = type_of_id(j, b, id);
			col = wl_record_column(l->text, l->len, ref_fields[f]);
			if (rt < 0)
				wl_error_set(&e, file, l->lineno, col,
				    "'%s' names no record '%s'", ref_fields[f],
				    id);
			else if (!(mask & WL_TYPE_BIT(rt)))
				wl_error_set(&e, file, l->lineno, col,
				    "'%s' names a record of type %s, not %s",
				    ref_fields[f],
				    wl_type_name((enum wl_type)rt),
				    wl_schema_mask_names(mask));
			else
				continue;
			wl_diag_emit(diag, WL_ERROR, &e);
		}
	}
}

json_t **
wl_import_check(const struct wl_import *im, const struct wl_journal *j,
    const struct wl_rec *session, enum wl_type deftype, size_t *n,
    struct wl_diag *diag, struct wl_error *err)
{
	struct batch b = { NULL, NULL, 0, 0, NULL, 0 };
	size_t errors = diag->nerrors;
	struct wl_error e;
	int oom = 0;

	for (size_t i = 0; i < im->n && !oom; i++) {
		const struct line *l = &im->lines[i];
		json_t *rec = wl_record_parse_json(l->text, l->len, &e);
		const struct wl_rec *old;
		const json_t *dup;
		const char *id;

		if (rec == NULL)
			goto bad;
		if (fill(rec, deftype, session, &e) < 0 ||
		    wl_schema_check(rec, &e) < 0) {
			if (e.col <= 0)
				e.col = wl_record_column(l->text, l->len,
				    e.field);
			goto bad;
		}
		id = wl_record_str(rec, "id");
		old = wl_journal_get(j, id);
		dup = batch_get(&b, id);
		if (old != NULL && wl_rec_json(old) == NULL) {
			json_decref(rec);	/* out of memory */
			oom = 1;
			continue;
		}
		/* There already, as written or as it stands now (the
		 * folded form a list's jsonl carries), or twice in the
		 * input: nothing to do. */
		if ((old != NULL && (json_equal(wl_rec_orig(old), rec) ||
		    json_equal(wl_rec_json(old), rec))) ||
		    (dup != NULL && json_equal(dup, rec))) {
			json_decref(rec);
			continue;
		}
		if (old != NULL || dup != NULL) {
			wl_error_set(&e, NULL, 0, wl_record_column(l->text,
			    l->len, "id"), "id '%s' is already used%s", id,
			    old ? " in the journal" : " above");
			goto bad;
		}
		if (batch_push(&b, rec, l) < 0) {
			json_decref(rec);
			oom = 1;
		}
		continue;
bad:
		json_decref(rec);
		snprintf(e.file, sizeof(e.file), "%s", im->file);
		e.line = l->lineno;
		wl_diag_emit(diag, WL_ERROR, &e);
	}
	if (!oom)
		check_refs(j, &b, im->file, diag);
	free(b.from);
	free(b.index);
	if (oom || diag->nerrors > errors) {
		for (size_t i = 0; i < b.n; i++)
			json_decref(b.recs[i]);
		free(b.recs);
		if (oom)
			wl_error_set(err, NULL, 0, 0, "out of memory");
		else
			wl_error_set(err, NULL, 0, 0, "nothing imported "
			    "(%zu error%s)", diag->nerrors - errors,
			    diag->nerrors - errors == 1 ? "" : "s");
		return NULL;
	}
	*n = b.n;
	return b.recs ? b.recs : calloc(1, sizeof(json_t *));
}
