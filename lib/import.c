/* import.c - journal-shaped JSON lines from elsewhere, checked whole */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "idtab.h"
#include "journal.h"
#include "reader.h"
#include "rules.h"

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
	char *text;
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
		im->lines[im->n].lineno = l.no;
		text = im->lines[im->n++].text;
		/* A line that is no JSON object refuses the import
		 * (wl_import_check says it): what follows it is not read,
		 * so that an endless input (yes | wl-note import -) is
		 * not held, nor read without end. */
		if (text[strspn(text, " \t")] != '{')
			break;
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

/*
 * Names as the CLI takes them (resolve.c): a value that is no whole id
 * is resolved as the option of the same meaning would be, in the same
 * words.  A whole id stays as written, for the rules to judge (it may
 * name a line above in the same input).
 */
static int
taken(const char *v)
{
	return v == NULL || wl_id_valid(v);
}

/* Replace field of rec with the id of r (r NULL: leave it). */
static int
put_id(json_t *rec, const char *field, const struct wl_rec *r,
    struct wl_error *e)
{
	if (r == NULL)
		return -1;
	if (json_object_set_new(rec, field, json_string(wl_rec_id(r))) < 0) {
		wl_error_set(e, NULL, 0, 0, "out of memory");
		e->code = WL_ENOMEM;
		return -1;
	}
	return 0;
}

/* The session whose people "by" or "owner" of rec (of type t) name:
 * its own session, that of the record it hangs from, else the one
 * records go to (-s). */
static const struct wl_rec *
people_of(const struct wl_journal *j, const json_t *rec, enum wl_type t,
    const struct wl_rec *session)
{
	const struct wl_rec *r = NULL;
	const char *v;

	if ((v = wl_field_str(rec, "session")) != NULL)
		r = wl_journal_get(j, v);
	else if (t == WL_ENDORSEMENT && (v = wl_field_str(rec, "ref")) != NULL &&
	    (r = wl_journal_get(j, v)) != NULL)
		r = wl_rec_session(r);
	return r != NULL && wl_rec_type(r) == WL_SESSION ? r : session;
}

/*
 * Resolve the names in rec, as the CLI's options do: "session" as -s,
 * "ref" as an id prefix of the types it may name, "by" and "owner" as
 * --by and --owner (a participant of the record's session); free text
 * for an agreement's owner is "owner_text", as --owner-text.  -1 with
 * the problem in e (its field set).
 */
static int
resolve(const struct wl_journal *j, json_t *rec,
    const struct wl_rec *session, struct wl_error *e)
{
	enum wl_type t = wl_type_of(rec);
	const struct wl_rec *s;
	const char *v, *text;
	char prefix[WL_ID_LEN + 1];
	unsigned mask;

	if (t == WL_UNKNOWN)
		return 0;
	if (!taken(v = wl_field_str(rec, "session")) &&
	    wl_rule_ref_mask(t, "session") != 0 &&
	    put_id(rec, "session", wl_journal_session(j, v, e), e) < 0)
		goto field_session;
	/* A redaction erases for good: its participant is named by id
	 * (a prefix will do), never guessed from a name, as 'wl-session
	 * redact' shows whom it erases and asks before it does. */
	if (t == WL_REDACTION && !taken(v = wl_field_str(rec, "ref")) &&
	    !wl_id_prefix_fold(v, prefix)) {
		wl_error_set(e, NULL, 0, 0, "a redaction names its "
		    "participant by id, not '%.40s': it erases for good, so "
		    "no name is guessed ('wl-session redact NAME' shows whom "
		    "it erases and asks)", v);
		goto field_ref;
	}
	if (!taken(v = wl_field_str(rec, "ref")) &&
	    (mask = wl_rule_ref_mask(t, "ref")) != 0 &&
	    put_id(rec, "ref", wl_journal_find(j, v, mask, NULL, e), e) < 0)
		goto field_ref;
	text = wl_field_str(rec, "owner_text");
	if (t == WL_AGREEMENT && json_object_get(rec, "owner_text") != NULL) {
		if (json_object_get(rec, "owner") != NULL) {
			wl_error_set(e, NULL, 0, 0, "give 'owner' or "
			    "'owner_text', not both");
			goto field_owner_text;
		}
		if (text == NULL || text[strspn(text, " \t\r\n")] == '\0') {
			wl_error_set(e, NULL, 0, 0, "'owner_text' must be "
			    "some words");
			goto field_owner_text;
		}
		if (wl_journal_get(j, text) != NULL) {
			wl_error_set(e, NULL, 0, 0, "'owner_text' '%.40s' is "
			    "the id of a record; give a participant with "
			    "'owner'", text);
			goto field_owner_text;
		}
		/* Marked as text: it stays text. */
		if (json_object_set(rec, "owner", json_object_get(rec,
		    "owner_text")) < 0)
			goto oom;
		json_object_del(rec, "owner_text");
	} else if (t == WL_AGREEMENT &&
	    (v = wl_field_str(rec, "owner")) != NULL &&
	    (!wl_id_valid(v) || wl_journal_get(j, v) == NULL)) {
		/* An owner never becomes free text by a slip. */
		if ((s = people_of(j, rec, t, session)) == NULL)
			goto no_session;
		if (put_id(rec, "owner", wl_journal_participant(j, s, v, e),
		    e) < 0)
			goto field_owner;
	}
	if (!taken(v = wl_field_str(rec, "by")) &&
	    wl_rule_ref_mask(t, "by") != 0) {
		if ((s = people_of(j, rec, t, session)) == NULL)
			goto no_session;
		if (put_id(rec, "by", wl_journal_participant(j, s, v, e),
		    e) < 0)
			goto field_by;
	}
	return 0;
no_session:
	wl_error_set(e, NULL, 0, 0, "no session to find '%.40s' in (give "
	    "-s, or the participant's id)", v);
	if (json_object_get(rec, "by") != NULL && t != WL_AGREEMENT)
		goto field_by;
	goto field_owner;
oom:
	wl_error_set(e, NULL, 0, 0, "out of memory");
	e->code = WL_ENOMEM;
	return -1;
field_session:
	snprintf(e->field, sizeof(e->field), "session");
	return -1;
field_ref:
	snprintf(e->field, sizeof(e->field), "ref");
	return -1;
field_owner_text:
	snprintf(e->field, sizeof(e->field), "owner_text");
	return -1;
field_owner:
	snprintf(e->field, sizeof(e->field), "owner");
	return -1;
field_by:
	snprintf(e->field, sizeof(e->field), "by");
	return -1;
}

/*
 * The words of enums, as the CLI takes them: a value that is no value
 * of its field may be its word in a language file ("ambtenaar"), and
 * the value goes in.  *ws is read once, when a line first needs it.
 */
static int
words(struct wl_input **ws, json_t *rec, struct wl_error *e)
{
	enum wl_type t = wl_type_of(rec);
	const struct wl_field *f;
	const char *v, *value;

	if (t == WL_UNKNOWN)
		return 0;
	for (f = wl_schema_fields(t); f->name != NULL; f++) {
		if (f->kind != FK_ENUM || (v = wl_field_str(rec, f->name)) ==
		    NULL || wl_schema_enum_has(t, f->name, v))
			continue;
		if (*ws == NULL && (*ws = wl_input_load(e)) == NULL)
			return -1;
		if ((value = wl_input_enum(*ws, t, f->name, v, e)) == NULL)
			return -1;
		if (json_object_set_new(rec, f->name, json_string(value)) < 0) {
			wl_error_set(e, NULL, 0, 0, "out of memory");
			e->code = WL_ENOMEM;
			return -1;
		}
	}
	return 0;
}

/*
 * The fields an amend's "set" gives its record, as the same fields of a
 * new record of that type are taken (resolve, words): names of people
 * of the record's session, "owner_text", Dutch words.  A working copy
 * of set gets the record's type and, unless set moves it, its session,
 * so that the same words are said; set is then replaced by the copy
 * without them.  A record that is not in the journal yet (a line above
 * in the same input) is left to the rules.  -1 with the problem in e.
 */
/* Column (1-based, in characters) of key field inside the top-level
 * "set" object of line, or 0 when it is not there. */
static long
set_column(const char *line, size_t len, const char *field)
{
	size_t klen = strlen(field), i, start;
	int depth = 0, in_set = 0, after_set = 0;

	for (i = 0; i < len; i++) {
		switch (line[i]) {
		case '{':
		case '[':
			depth++;
			if (depth == 2 && after_set && line[i] == '{')
				in_set = 1;
			after_set = 0;
			break;
		case '}':
		case ']':
			if (depth-- == 2)
				in_set = 0;
			break;
		case '"':
			start = i++;
			while (i < len && line[i] != '"')
				i += line[i] == '\\' ? 2 : 1;
			if (depth == 1 && i - start - 1 == 3 &&
			    memcmp(line + start + 1, "set", 3) == 0)
				after_set = 1;
			else if (in_set && depth == 2 && i - start - 1 == klen &&
			    memcmp(line + start + 1, field, klen) == 0)
				return (long)wl_utf8_chars(line, start) + 1;
			break;
		}
	}
	return 0;
}

static int
amend_set(const struct wl_journal *j, json_t *rec,
    const struct wl_rec *session, struct wl_input **ws, const char *line,
    size_t len, struct wl_error *e)
{
	const struct wl_rec *r, *s;
	json_t *set = json_object_get(rec, "set"), *tmp;
	const char *ref = wl_field_str(rec, "ref");
	int own_session, rc;

	if (wl_type_of(rec) != WL_AMEND || !json_is_object(set) ||
	    ref == NULL || (r = wl_journal_get(j, ref)) == NULL)
		return 0;
	s = wl_rec_type(r) == WL_SESSION ? r : wl_rec_session(r);
	own_session = json_object_get(set, "session") == NULL;
	if ((tmp = json_deep_copy(set)) == NULL ||
	    json_object_set_new(tmp, "type",
	    json_string(wl_type_name(wl_rec_type(r)))) < 0 ||
	    (own_session && s != NULL && json_object_set_new(tmp, "session",
	    json_string(wl_rec_id(s))) < 0)) {
		json_decref(tmp);
		wl_error_set(e, NULL, 0, 0, "out of memory");
		e->code = WL_ENOMEM;
		return -1;
	}
	rc = resolve(j, tmp, s != NULL ? s : session, e);
	if (rc == 0)
		rc = words(ws, tmp, e);
	/* Said where the user wrote it: the key inside "set". */
	if (rc < 0 && e->code != WL_ENOMEM && e->col <= 0 &&
	    (e->col = set_column(line, len, e->field)) == 0)
		e->col = wl_line_column(line, len, "set");
	if (rc == 0) {
		json_object_del(tmp, "type");
		if (own_session)
			json_object_del(tmp, "session");
		if (json_object_set(rec, "set", tmp) < 0) {
			wl_error_set(e, NULL, 0, 0, "out of memory");
			e->code = WL_ENOMEM;
			rc = -1;
		}
	}
	json_decref(tmp);
	return rc;
}

/* A new record (no id) goes to the block the CLI's add puts it in
 * (its kind read as the CLI reads it: after words); a record with an
 * id is another journal's, as it is.  -1 when out of memory. */
static int
default_block(json_t *rec, struct wl_error *e)
{
	enum wl_type t = wl_type_of(rec);
	int block;

	if ((t != WL_NOTE && t != WL_ADVICE) ||
	    json_object_get(rec, "block") != NULL ||
	    (block = wl_schema_default_block(t, wl_field_str(rec,
	    "kind"))) <= 0 ||
	    json_object_set_new(rec, "block", json_integer(block)) == 0)
		return 0;
	wl_error_set(e, NULL, 0, 0, "out of memory");
	e->code = WL_ENOMEM;
	return -1;
}

/*
 * What a record says, whoever wrote it when: its canonical line but
 * for "id" and "at".  A line without an id is in the journal already
 * when a record of it says the same (as written or as amended): the
 * same input imported again.  Caller frees; NULL when out of memory.
 */
static char *
content(const json_t *rec)
{
	json_t *c = json_copy((json_t *)rec);
	char *line;

	if (c == NULL)
		return NULL;
	json_object_del(c, "id");
	json_object_del(c, "at");
	line = wl_line_encode(c, NULL);
	json_decref(c);
	return line;
}

static uint64_t
hash(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The field a record of type t is looked up by: one that records of
 * its type mostly have, and that mostly tells them apart. */
static const char *
key_field(enum wl_type t)
{
	switch (t) {
	case WL_SESSION: return "municipality";
	case WL_PARTICIPANT: return "name";
	case WL_NOTE: case WL_ADVICE: case WL_AGREEMENT: return "text";
	default: return "ref";
	}
}

/* The hash of a record's type and key field (as written or as it
 * stands: v); 0 when it has none. */
static uint64_t
key_hash(enum wl_type t, const char *v)
{
	return v == NULL ? 0 : hash(hash(1469598103934665603ull,
	    wl_type_name(t)) ^ 0xff, v) | 1;
}

/* The journal's records by the hash of their type and key field, made
 * once, when a line without an id first asks: only the few records
 * that share a line's key are compared whole (content). */
struct said {
	struct said_ent {
		uint64_t h;
		size_t i;
	} *e;
	size_t n;
	int made;
};

static int
by_hash(const void *a, const void *b)
{
	uint64_t x = ((const struct said_ent *)a)->h;
	uint64_t y = ((const struct said_ent *)b)->h;

	return x < y ? -1 : x > y;
}

static int
said_make(struct said *sd, const struct wl_journal *j)
{
	size_t n = wl_journal_count(j);

	sd->made = 1;
	if ((sd->e = malloc((2 * n + 1) * sizeof(*sd->e))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		const char *f = key_field(wl_rec_type(r));
		uint64_t a = key_hash(wl_rec_type(r), wl_rec_orig_str(r, f));
		uint64_t b = key_hash(wl_rec_type(r), wl_rec_str(r, f));

		sd->e[sd->n].h = a;
		sd->e[sd->n++].i = i;
		if (b != a) {
			sd->e[sd->n].h = b;
			sd->e[sd->n++].i = i;
		}
	}
	qsort(sd->e, sd->n, sizeof(*sd->e), by_hash);
	return 0;
}

/* 1 if a record of j says what rec says (content; *was gets it), 0 if
 * none does, -1 when out of memory. */
static int
said_before(struct said *sd, const struct wl_journal *j, const json_t *rec,
    const struct wl_rec **was)
{
	enum wl_type t = wl_type_of(rec);
	struct said_ent key, *at;
	char *c;
	int yes = 0;

	key.h = key_hash(t, wl_field_str(rec, key_field(t)));
	if (!sd->made && said_make(sd, j) < 0)
		return -1;
	at = bsearch(&key, sd->e, sd->n, sizeof(*sd->e), by_hash);
	if (at == NULL)
		return 0;
	while (at > sd->e && at[-1].h == key.h)
		at--;
	if ((c = content(rec)) == NULL)
		return -1;
	for (; yes == 0 && at < sd->e + sd->n && at->h == key.h; at++) {
		const struct wl_rec *r = wl_journal_at(j, at->i);
		json_t *form[2] = { wl_rec_orig_json(r), wl_rec_json(r) };

		for (int k = 0; k < 2 && yes == 0; k++) {
			char *o = form[k] ? content(form[k]) : NULL;

			yes = o == NULL ? -1 : strcmp(o, c) == 0;
			free(o);
		}
		json_decref(form[0]);
		json_decref(form[1]);
		if (yes > 0)
			*was = r;
	}
	free(c);
	return yes;
}

/* Add the canonical line of r, as written, to the stream *kf of *known
 * (opened on first use).  -1 when out of memory. */
static int
known_add(FILE **kf, char **known, size_t *klen, const struct wl_rec *r)
{
	json_t *o;
	char *line;
	int rc;

	if (*kf == NULL && (*kf = open_memstream(known, klen)) == NULL)
		return -1;
	if ((o = wl_rec_orig_json(r)) == NULL)
		return -1;
	line = wl_line_encode(o, NULL);
	json_decref(o);
	if (line == NULL)
		return -1;
	rc = fputs(line, *kf) < 0 ? -1 : 0;
	free(line);
	return rc;
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
    size_t *skipped, char **known, struct wl_diag *diag,
    struct wl_error *err)
{
	FILE *kf = NULL;
	size_t klen = 0;
	size_t errors = diag->nerrors, k = 0, kept = 0, i, skip = 0;
	struct said sd = { NULL, 0, 0 };
	struct wl_input *ws = NULL;
	json_t **recs = calloc(im->n + 1, sizeof(*recs));
	struct wl_line *lines = calloc(im->n + 1, sizeof(*lines));
	struct wl_idtab batch = { .width = 4 };
	struct wl_error e;
	int oom = recs == NULL || lines == NULL ||
	    wl_idtab_init(&batch, im->n, 4) < 0;

	if (known != NULL)
		*known = NULL;

	for (i = 0; i < im->n && !oom; i++) {
		const struct line *l = &im->lines[i];
		json_t *rec = wl_line_parse_json(l->text, l->len, &e);
		const struct wl_rec *was = NULL;
		const char *id;
		uint64_t v;
		int there, filled, had_id;

		if (rec == NULL && e.code == WL_ENOMEM) {
			oom = 1;
			continue;
		}
		if (rec == NULL)
			goto bad;
		had_id = json_object_get(rec, "id") != NULL;
		if ((filled = fill(rec, deftype, session, &e)) < 0 &&
		    e.code == WL_ENOMEM) {
			json_decref(rec);
			oom = 1;
			continue;
		}
		/* A record of the journal as written (a list's closure)
		 * is there, whatever its free text. */
		if (filled == 0 && had_id && (there = present(j, rec)) != 0) {
			json_decref(rec);
			oom = there < 0;
			skip += there > 0;
			continue;
		}
		if (filled == 0 && ((filled = resolve(j, rec, session,
		    &e)) < 0 || (filled = words(&ws, rec, &e)) < 0 ||
		    (filled = amend_set(j, rec, session, &ws, l->text, l->len,
		    &e)) < 0 ||
		    (!had_id && (filled = default_block(rec, &e)) < 0)) &&
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
		if ((there = had_id ? present(j, rec) :
		    said_before(&sd, j, rec, &was)) != 0) {
			json_decref(rec);	/* nothing to do */
			oom = there < 0;
			skip += there > 0;
			/* Its line in the journal, for the caller to say
			 * which record the line is: the same input run
			 * again learns the ids the first run printed. */
			if (there > 0 && !had_id && known != NULL &&
			    known_add(&kf, known, &klen, was) < 0)
				oom = 1;
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
	free(sd.e);
	wl_input_free(ws);
	if (kf != NULL && fclose(kf) != 0)
		oom = 1;
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
		if (known != NULL) {
			free(*known);
			*known = NULL;
		}
		if (oom)
			wl_error_set(err, NULL, 0, 0, "out of memory");
		else
			wl_error_set(err, NULL, 0, 0, "nothing imported "
			    "(%zu error%s)", diag->nerrors - errors,
			    diag->nerrors - errors == 1 ? "" : "s");
		return NULL;
	}
	*n = kept;
	if (skipped != NULL)
		*skipped = skip;
	return recs;
}
