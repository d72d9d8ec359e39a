/* import.c - journal-shaped JSON lines from elsewhere, checked whole */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "idtab.h"
#include "journal.h"
#include "reader.h"

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

struct wl_import *
wl_import_read(const char *path, struct wl_diag *diag, struct wl_error *err)
{
	struct wl_reader *rd = wl_reader_open(path, WL_READ_STRICT, err);
	struct wl_import *im;
	struct wl_line l;
	int rc;

	if (rd == NULL)
		return NULL;
	if ((im = calloc(1, sizeof(*im))) == NULL ||
	    (im->file = strdup(wl_reader_name(rd))) == NULL)
		goto oom;
	while ((rc = wl_reader_next(rd, &l, diag, err)) == 1) {
		if (im->n == im->cap) {
			size_t cap = im->cap ? im->cap * 2 : 64;
			struct line *nl = realloc(im->lines, cap * sizeof(*nl));

			if (nl == NULL)
				goto oom;
			im->lines = nl;
			im->cap = cap;
		}
		if ((im->lines[im->n].text = malloc(l.len + 1)) == NULL)
			goto oom;
		memcpy(im->lines[im->n].text, l.p, l.len);
		im->lines[im->n].text[l.len] = '\0';
		im->lines[im->n].len = l.len;
		im->lines[im->n++].lineno = l.no;
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

	if (t == NULL) {
		if (json_object_set_new(rec, "type",
		    json_string(wl_type_name(deftype))) < 0)
			goto oom;
	} else if (!json_is_string(t) || (wl_type_from_name(
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
		if (json_object_set_new(rec, "id", json_string(id)) < 0)
			goto oom;
	}
	if (json_object_get(rec, "at") == NULL) {
		if (wl_clock_now(at, err) < 0)
			return -1;
		if (json_object_set_new(rec, "at", json_string(at)) < 0)
			goto oom;
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
		if (json_object_set_new(rec, "session",
		    json_string(wl_rec_id(session))) < 0)
			goto oom;
	}
	return 0;
oom:
	wl_error_set(err, NULL, 0, 0, "out of memory");
	err->code = WL_ENOMEM;
	return -1;
}

/* 1 if rec is in j already: as written, or as it stands now (the
 * folded form a list's jsonl carries); -1 when out of memory. */
static int
present(const struct wl_journal *j, const json_t *rec)
{
	const struct wl_rec *old = wl_journal_get(j, wl_field_str(rec, "id"));
	json_t *a, *b;
	int yes;

	if (old == NULL)
		return 0;
	a = wl_rec_orig_json(old);
	b = wl_rec_json(old);
	yes = a == NULL || b == NULL ? -1 : json_equal(a, rec) ||
	    json_equal(b, rec);
	json_decref(a);
	json_decref(b);
	return yes;
}

json_t **
wl_import_check(const struct wl_import *im, struct wl_journal *j,
    const struct wl_rec *session, enum wl_type deftype, size_t *n,
    struct wl_diag *diag, struct wl_error *err)
{
	size_t errors = diag->nerrors, k = 0, kept = 0, i;
	json_t **recs = calloc(im->n + 1, sizeof(*recs));
	struct wl_line *lines = calloc(im->n + 1, sizeof(*lines));
	struct wl_idtab batch = { .width = 4 };
	struct wl_error e;
	int oom = recs == NULL || lines == NULL ||
	    wl_idtab_init(&batch, im->n, 4) < 0;

	for (i = 0; i < im->n && !oom; i++) {
		const struct line *l = &im->lines[i];
		json_t *rec = wl_line_parse_json(l->text, l->len, &e);
		const char *id;
		uint64_t v;
		int there, filled;

		if (rec == NULL && e.code == WL_ENOMEM) {
			oom = 1;
			continue;
		}
		if (rec == NULL)
			goto bad;
		if ((filled = fill(rec, deftype, session, &e)) < 0 &&
		    e.code == WL_ENOMEM) {
			json_decref(rec);
			oom = 1;
			continue;
		}
		if (filled < 0 || wl_schema_check(rec, &e) < 0) {
			if (e.col <= 0)
				e.col = wl_line_column(l->text, l->len,
				    e.field);
			goto bad;
		}
		id = wl_field_str(rec, "id");
		if ((there = present(j, rec)) != 0) {
			json_decref(rec);	/* nothing to do */
			oom = there < 0;
			continue;
		}
		if (wl_journal_get(j, id) != NULL) {
			wl_error_set(&e, NULL, 0, wl_line_column(l->text,
			    l->len, "id"), "id '%s' is already used in the "
			    "journal", id);
			goto bad;
		}
		wl_id_value(id, strlen(id), &v);
		if (wl_idtab_add(&batch, v, (uint32_t)k) < 0) {
			json_decref(rec);
			oom = 1;
			continue;
		}
		lines[k].p = l->text;
		lines[k].len = l->len;
		lines[k].no = l->lineno;
		recs[k++] = rec;
		continue;
bad:
		json_decref(rec);
		snprintf(e.file, sizeof(e.file), "%s", im->file);
		e.line = l->lineno;
		wl_diag_emit(diag, WL_ERROR, &e);
	}
	/* An id twice in the input: the same record again is read once,
	 * another one is a mistake. */
	if (!oom && wl_idtab_sort(&batch) < 0)
		oom = 1;
	for (i = 1; !oom && i < batch.n; i++) {
		json_t *first, *again;

		if (batch.id[i] != batch.id[i - 1])
			continue;
		first = recs[wl_idtab_val(&batch, i - 1)];
		while (i < batch.n && batch.id[i] == batch.id[i - 1]) {
			size_t d = wl_idtab_val(&batch, i++);

			again = recs[d];
			if (!json_equal(first, again)) {
				wl_error_set(&e, im->file, lines[d].no,
				    wl_line_column(lines[d].p, lines[d].len,
				    "id"), "id '%s' is already used above",
				    wl_field_str(again, "id"));
				wl_diag_emit(diag, WL_ERROR, &e);
			}
			json_decref(again);
			recs[d] = NULL;
		}
	}
	wl_idtab_free(&batch);
	/* Drop the repeats, keeping the input's order. */
	for (i = 0, kept = 0; i < k; i++)
		if (recs[i] != NULL) {
			lines[kept] = lines[i];
			recs[kept++] = recs[i];
		}
	/* The rest is the rules': the journal with these lines must read
	 * as well as it did without them. */
	if (!oom && wl_journal_admit_from(j, recs, kept, im->file, lines,
	    diag, err) < 0)
		oom = 1;
	free(lines);
	if (oom || diag->nerrors > errors) {
		for (i = 0; recs != NULL && i < kept; i++)
			json_decref(recs[i]);
		free(recs);
		if (oom)
			wl_error_set(err, NULL, 0, 0, "out of memory");
		else
			wl_error_set(err, NULL, 0, 0, "nothing imported "
			    "(%zu error%s)", diag->nerrors - errors,
			    diag->nerrors - errors == 1 ? "" : "s");
		return NULL;
	}
	*n = kept;
	return recs;
}
