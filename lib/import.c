/* import.c - journal-shaped JSON lines from elsewhere, checked whole */
#include <stdlib.h>
#include <string.h>

#include "wl.h"

struct batch {
	json_t **recs;
	long *lines;
	long (*cols)[3];	/* columns of "session", "by", "ref" */
	size_t n, cap;
};

static const char *const ref_fields[] = { "session", "by", "ref" };

static int
batch_push(struct batch *b, json_t *rec, long line, const char *text,
    size_t len)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		json_t **r = realloc(b->recs, cap * sizeof(*r));
		long *l, (*c)[3];

		if (r == NULL)
			return -1;
		b->recs = r;
		if ((l = realloc(b->lines, cap * sizeof(*l))) == NULL)
			return -1;
		b->lines = l;
		if ((c = realloc(b->cols, cap * sizeof(*c))) == NULL)
			return -1;
		b->cols = c;
		b->cap = cap;
	}
	for (size_t f = 0; f < 3; f++)
		b->cols[b->n][f] = wl_record_column(text, len, ref_fields[f]);
	b->recs[b->n] = rec;
	b->lines[b->n++] = line;
	return 0;
}

/* The record of the batch with this id, or NULL. */
static const json_t *
batch_get(const struct batch *b, const char *id)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(wl_record_str(b->recs[i], "id"), id) == 0)
			return b->recs[i];
	return NULL;
}

/* Fill in what a writer would: type, id, at, session.  -1 on error. */
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
	else if (!json_is_string(t) ||
	    wl_type_from_name(json_string_value(t)) == WL_UNKNOWN) {
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
	if (wl_schema_ref_mask(type, "session") != 0 &&
	    json_object_get(rec, "session") == NULL &&
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
	const char *const *fields = ref_fields;
	struct wl_error e;

	for (size_t i = 0; i < b->n; i++) {
		enum wl_type t = wl_type_of(b->recs[i]);

		for (size_t f = 0; f < 3; f++) {
			const char *id = wl_record_str(b->recs[i], fields[f]);
			unsigned mask = wl_schema_ref_mask(t, fields[f]);
			int rt;

			if (id == NULL || mask == 0)
				continue;
			rt = type_of_id(j, b, id);
			if (rt < 0)
				wl_error_set(&e, file, b->lines[i],
				    b->cols[i][f], "'%s' names no record '%s'",
				    fields[f], id);
			else if (!(mask & WL_TYPE_BIT(rt)))
				wl_error_set(&e, file, b->lines[i],
				    b->cols[i][f], "'%s' names a record of "
				    "type %s, not %s", fields[f],
				    wl_type_name((enum wl_type)rt),
				    wl_schema_mask_names(mask));
			else
				continue;
			wl_diag_emit(diag, WL_ERROR, &e);
		}
	}
}

json_t **
wl_import(const struct wl_journal *j, const char *path,
    const struct wl_rec *session, enum wl_type deftype, size_t *n,
    struct wl_diag *diag, struct wl_error *err)
{
	struct wl_reader *rd = wl_reader_open(path, err);
	struct batch b = { NULL, NULL, NULL, 0, 0 };
	size_t errors = diag->nerrors;
	const char *line, *file;
	struct wl_error e;
	size_t len;
	long lineno;
	int rc;

	if (rd == NULL)
		return NULL;
	wl_reader_strict(rd);
	file = wl_reader_name(rd);
	while ((rc = wl_reader_next(rd, &line, &len, &lineno, diag,
	    err)) == 1) {
		json_t *rec = wl_record_parse_json(line, len, &e);
		const struct wl_rec *old;
		const char *id;

		if (rec == NULL)
			goto bad;
		if (fill(rec, deftype, session, &e) < 0 ||
		    wl_schema_check(rec, &e) < 0) {
			if (e.col <= 0)
				e.col = wl_record_column(line, len, e.field);
			goto bad;
		}
		id = wl_record_str(rec, "id");
		old = wl_journal_get(j, id);
		/* There already, as written or as it stands now (the
		 * folded form a list's jsonl carries): nothing to do. */
		if (old != NULL && (json_equal(wl_rec_orig(old), rec) ||
		    json_equal(wl_rec_json(old), rec))) {
			json_decref(rec);
			continue;
		}
		if (old != NULL || batch_get(&b, id) != NULL) {
			wl_error_set(&e, NULL, 0, wl_record_column(line, len,
			    "id"), "id '%s' is already used%s", id,
			    old ? " in the journal" : " above");
			goto bad;
		}
		if (batch_push(&b, rec, lineno, line, len) < 0) {
			json_decref(rec);
			wl_error_set(err, NULL, 0, 0, "out of memory");
			rc = -1;
			break;
		}
		continue;
bad:
		json_decref(rec);
		snprintf(e.file, sizeof(e.file), "%s", file);
		e.line = lineno;
		wl_diag_emit(diag, WL_ERROR, &e);
	}
	if (rc == 0)
		check_refs(j, &b, file, diag);
	wl_reader_free(rd);
	free(b.lines);
	free(b.cols);
	if (rc < 0 || diag->nerrors > errors) {
		for (size_t i = 0; i < b.n; i++)
			json_decref(b.recs[i]);
		free(b.recs);
		if (rc == 0)
			wl_error_set(err, NULL, 0, 0, "nothing imported "
			    "(%zu error%s)", diag->nerrors - errors,
			    diag->nerrors - errors == 1 ? "" : "s");
		return NULL;
	}
	*n = b.n;
	return b.recs ? b.recs : calloc(1, sizeof(json_t *));
}
