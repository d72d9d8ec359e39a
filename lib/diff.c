/* diff.c - two copies of a journal compared record by record, on id */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"
#include "rules.h"

/* Where the differences go; oom once one could not be made whole. */
struct sink {
	FILE *fp;
	int jsonl;
	int tty;
	int anonymous;		/* nobody named (--anonymous) */
	int idw;		/* digits of an id that words show */
	/* With anonymous: the names of either copy's people, masked in
	 * free text */
	struct wl_mask *masks[2];
	size_t masked;		/* names masked in free text */
	long count;
	int oom;
};

/* Write s, sanitised when it goes to a terminal (and then not at all
 * if that cannot be done: raw text is no terminal's business). */
static void
put(struct sink *k, const char *s)
{
	char *safe;

	if (!k->tty) {
		fputs(s, k->fp);
		return;
	}
	if ((safe = wl_utf8_sanitize(s)) == NULL) {
		k->oom = 1;
		return;
	}
	fputs(safe, k->fp);
	free(safe);
}

/* One line of jsonl: the operation o, which this takes. */
static void
put_op(struct sink *k, json_t *o)
{
	char *s = o ? wl_json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) :
	    NULL;

	json_decref(o);
	if (s == NULL) {
		k->oom = 1;
		return;
	}
	fprintf(k->fp, "%s\n", s);
	free(s);
}

/* A record only in one copy, as jsonl: op "add" or "remove". */
static void
whole(struct sink *k, const char *op, const json_t *rec)
{
	k->count++;
	put_op(k, json_pack("{s:s,s:O}", "op", op, "record", rec));
}

/* {key: {"old": ..., "new": ...}} for each member that differs
 * between a and b; NULL when out of memory. */
static json_t *
fields_changed(const json_t *a, const json_t *b)
{
	json_t *fields = json_object(), *v, *f;
	const char *key;

	if (fields == NULL)
		return NULL;
	json_object_foreach((json_t *)a, key, v)
		if (!json_equal(v, json_object_get(b, key)) &&
		    json_object_set_new(fields, key, json_pack("{s:O}", "old",
		    v)) < 0)
			goto fail;
	json_object_foreach((json_t *)b, key, v) {
		if (json_equal(v, json_object_get(a, key)))
			continue;
		if ((f = json_object_get(fields, key)) == NULL ?
		    json_object_set_new(fields, key, json_pack("{s:O}", "new",
		    v)) < 0 : json_object_set(f, "new", v) < 0)
			goto fail;
	}
	return fields;
fail:
	json_decref(fields);
	return NULL;
}

/* A record of one id in both copies whose content differs, as jsonl:
 * op "change" with each field's old and new. */
static void
changed(struct sink *k, const json_t *a, const json_t *b)
{
	json_t *fields = fields_changed(a, b);

	k->count++;
	if (fields == NULL) {
		k->oom = 1;
		return;
	}
	put_op(k, json_pack("{s:s,s:s,s:s,s:O}", "op", "change", "id",
	    wl_field_str(b, "id"), "type", wl_field_str(b, "type") ?
	    wl_field_str(b, "type") : "?", "fields", fields));
	json_decref(fields);
}

/*
 * The differences in words, one line each: what a person reads
 * (wl-report(1), "Diffing journals").  Each line is made whole in
 * memory, then put (sanitised for a terminal) at once.
 */

/* A line being made. */
struct line {
	FILE *fp;
	char *buf;
	size_t len;
};

static FILE *
line_begin(struct sink *k, struct line *l)
{
	l->buf = NULL;
	l->len = 0;
	if ((l->fp = open_memstream(&l->buf, &l->len)) == NULL)
		k->oom = 1;
	return l->fp;
}

static void
line_end(struct sink *k, struct line *l)
{
	int bad;

	if (l->fp == NULL)
		return;
	bad = ferror(l->fp);
	if (fclose(l->fp) != 0 || bad)
		k->oom = 1;	/* the stream is in memory */
	if (!k->oom) {
		put(k, l->buf);
		fputc('\n', k->fp);
	}
	free(l->buf);
	l->fp = NULL;
}

/* An id as a line shows it: its first k->idw digits and an ellipsis,
 * a prefix that names one record of either copy (every verb takes
 * it). */
static void
put_id(struct sink *k, FILE *o, const char *id)
{
	if (id != NULL && (int)strlen(id) <= k->idw)
		fputs(id, o);
	else
		fprintf(o, "%.*s\xe2\x80\xa6", k->idw, id ? id : "?");
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The digits that tell every id of old and new apart: 8 at least.
 * 0, or -1 when out of memory. */
static int
id_width(const struct wl_journal *old, const struct wl_journal *new,
    int *w)
{
	size_t n = wl_journal_count(old) + wl_journal_count(new), i, m = 0;
	const char **v = malloc((n ? n : 1) * sizeof(*v));

	*w = 8;
	if (v == NULL)
		return -1;
	for (i = 0; i < wl_journal_count(old); i++)
		v[m++] = wl_rec_id(wl_journal_at(old, i));
	for (i = 0; i < wl_journal_count(new); i++)
		v[m++] = wl_rec_id(wl_journal_at(new, i));
	qsort(v, m, sizeof(*v), by_str);
	for (i = 1; i < m; i++) {
		int k = 0;

		while (v[i][k] != '\0' && v[i][k] == v[i - 1][k])
			k++;
		if (v[i][k] != '\0' && k + 1 > *w)
			*w = k + 1;
	}
	free(v);
	return 0;
}

/* Free text s, with anonymous the names in it masked as the report
 * masks them ("[initiator]"); with clip, in quotes and cut after about
 * 30 bytes (not inside a character) with an ellipsis. */
static void
put_text(struct sink *k, FILE *o, const char *s, int clip)
{
	char *masked = NULL;
	size_t n, m;

	if (s == NULL)
		s = "";
	for (int i = 0; i < 2 && k->masks[i] != NULL; i++) {
		char *again = NULL;

		if (wl_mask_text(k->masks[i], masked ? masked : s, &again,
		    &k->masked) < 0) {
			k->oom = 1;
			break;
		}
		if (again != NULL) {
			free(masked);
			masked = again;
		}
	}
	if (masked != NULL)
		s = masked;
	n = strlen(s);
	m = n > 30 ? 30 : n;
	if (!clip)
		fputs(s, o);
	else {
		while (m > 0 && m < n && ((unsigned char)s[m] & 0xc0) == 0x80)
			m--;
		fprintf(o, "'%.*s%s'", (int)m, s, m < n ? "\xe2\x80\xa6" :
		    "");
	}
	free(masked);
}

/* Whether participant p goes unnamed: --anonymous, no consent, or
 * erased. */
static int
unnamed(struct sink *k, const struct wl_rec *p)
{
	return k->anonymous || wl_rec_redacted(p) ||
	    !wl_rec_bool(p, "consent", 0) || wl_rec_str(p, "name") == NULL;
}

/* A participant: "Name (role)", or "[role]" unnamed. */
static void
put_who(struct sink *k, FILE *o, const struct wl_rec *p,
    const char *id)
{
	const char *role;

	if (p == NULL || wl_rec_type(p) != WL_PARTICIPANT) {
		fputs("participant ", o);
		put_id(k, o, id);
		return;
	}
	role = wl_rec_str(p, "role") ? wl_rec_str(p, "role") : "?";
	if (unnamed(k, p))
		fprintf(o, "[%s]", role);
	else
		fprintf(o, "%s (%s)", wl_rec_str(p, "name"), role);
}

/* What a record is, for a line about it: "advice 3f2a9c01… 'Reageer
 * snel'", a participant by name or role. */
static void
put_subject(struct sink *k, FILE *o, const struct wl_journal *j,
    const struct wl_rec *r, const char *id, int bare)
{
	enum wl_type t;

	if (r == NULL) {
		fputs("record ", o);
		put_id(k, o, id);
		return;
	}
	t = wl_rec_type(r);
	if (t == WL_PARTICIPANT) {
		put_who(k, o, r, id);
		return;
	}
	fprintf(o, "%s ", wl_type_name(t));
	put_id(k, o, wl_rec_id(r));
	switch (bare ? WL_UNKNOWN : t) {
	case WL_SESSION:
		fprintf(o, " (%s %s)", wl_rec_str(r, "municipality") ?
		    wl_rec_str(r, "municipality") : "?",
		    wl_rec_str(r, "date") ? wl_rec_str(r, "date") : "?");
		break;
	case WL_NOTE: case WL_ADVICE: case WL_AGREEMENT:
		fputc(' ', o);
		put_text(k, o, wl_rec_str(r, "text"), 1);
		break;
	case WL_ENDORSEMENT:
		fputs(" by ", o);
		put_who(k, o, wl_journal_get(j, wl_rec_str(r, "by")),
		    wl_rec_str(r, "by"));
		break;
	default:
		break;
	}
}

/* A value: yes/no, a number, an enum's word bare, other text in
 * double quotes, "(none)" when absent, hidden when it would name who
 * goes unnamed. */
static void
put_value(struct sink *k, FILE *o, enum wl_type t, const char *field,
    const json_t *v, int hide)
{
	char *s;

	if (v == NULL || json_is_null(v))
		fputs("(none)", o);
	else if (hide)
		fputs("(hidden)", o);
	else if (json_is_boolean(v))
		fputs(json_is_true(v) ? "yes" : "no", o);
	else if (json_is_integer(v))
		fprintf(o, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_string(v) && wl_schema_enum(t, field) != NULL)
		fputs(json_string_value(v), o);
	else if (json_is_string(v) && strcmp(field, "municipality") == 0)
		fprintf(o, "\"%s\"", json_string_value(v));
	else if (json_is_string(v)) {
		fputc('"', o);
		put_text(k, o, json_string_value(v), 0);
		fputc('"', o);
	}
	else if ((s = wl_json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY)) == NULL)
		k->oom = 1;
	else {
		fputs(s, o);
		free(s);
	}
}

/* Whether field of r is one that names the person, who goes
 * unnamed. */
static int
hidden(struct sink *k, const struct wl_rec *r, const char *field)
{
	return r != NULL && wl_rec_type(r) == WL_PARTICIPANT &&
	    (strcmp(field, "name") == 0 || strcmp(field, "org") == 0) &&
	    unnamed(k, r);
}

/* "field of SUBJECT: old -> new", a line.  end: a word after it. */
static void
put_change(struct sink *k, const struct wl_journal *j,
    const struct wl_rec *r, const char *id, const char *field,
    const json_t *old, const json_t *new, const char *end)
{
	enum wl_type t = r ? wl_rec_type(r) : WL_UNKNOWN;
	int hide = hidden(k, r, field);
	struct line l;
	FILE *o;

	if ((o = line_begin(k, &l)) == NULL)
		return;
	fprintf(o, "%s of ", field);
	/* Its text is what changes: not said twice. */
	put_subject(k, o, j, r, id, strcmp(field, "text") == 0);
	fputs(": ", o);
	put_value(k, o, t, field, old, hide);
	fputs(" -> ", o);
	put_value(k, o, t, field, new, hide);
	if (end != NULL)
		fprintf(o, " %s", end);
	line_end(k, &l);
}

static const char *
stance_words(const char *stance)
{
	if (stance != NULL && strcmp(stance, "reservations") == 0)
		return "has reservations about";
	if (stance != NULL && strcmp(stance, "object") == 0)
		return "objects to";
	return "supports";
}

/* The state a walk through NEW keeps: each amended record as it
 * stands so far (id: JSON), each record's status so far (id: word). */
struct walk {
	json_t *recs;
	json_t *status;
};

/* An amend of NEW: its fields old -> new when it is added (say), and
 * then applied to its target as the walk has it. */
static void
walk_amend(struct sink *k, struct walk *w, const struct wl_journal *new,
    const struct wl_rec *r, int say)
{
	const char *ref = wl_rec_str(r, "ref");
	const struct wl_rec *t = ref ? wl_journal_get(new, ref) : NULL;
	json_t *a = wl_rec_orig_json(r), *cur, *set, *v;
	const char *field;

	if (a == NULL) {
		k->oom = 1;
		return;
	}
	set = json_object_get(a, "set");
	if (ref == NULL || !json_is_object(set))
		goto out;
	if ((cur = json_object_get(w->recs, ref)) == NULL && t != NULL) {
		if ((cur = wl_rec_orig_json(t)) == NULL ||
		    json_object_set_new(w->recs, ref, cur) < 0) {
			k->oom = 1;
			goto out;
		}
	}
	if (say)
		json_object_foreach(set, field, v)
			put_change(k, new, t, ref, field, cur ?
			    json_object_get(cur, field) : NULL, v,
			    json_is_true(json_object_get(a, "minor")) ?
			    "(minor)" : NULL);
	if (cur != NULL && !wl_rec_retracted(r) && wl_rule_apply(cur, set) < 0)
		k->oom = 1;
out:
	json_decref(a);
}

/* A status of NEW: "status of SUBJECT: old -> new (DATE): note" when
 * it is added (say); then it is its target's status. */
static void
walk_status(struct sink *k, struct walk *w, const struct wl_journal *new,
    const struct wl_rec *r, int say)
{
	const char *ref = wl_rec_str(r, "ref"), *st = wl_rec_str(r, "status");
	const char *date = wl_rec_str(r, "date"), *at = wl_rec_str(r, "at");
	const char *note = wl_rec_str(r, "note");
	json_t *was = ref ? json_object_get(w->status, ref) : NULL;
	struct line l;
	FILE *o;

	if (ref == NULL || st == NULL)
		return;
	if (say && (o = line_begin(k, &l)) != NULL) {
		fputs("status of ", o);
		put_subject(k, o, new, wl_journal_get(new, ref), ref, 0);
		fprintf(o, ": %s -> %s (%.10s)", was ? json_string_value(was) :
		    "open", st, date ? date : at ? at : "?");
		if (note != NULL) {
			fputs(": ", o);
			put_text(k, o, note, 0);
		}
		line_end(k, &l);
	}
	if (!wl_rec_retracted(r) && json_object_set_new(w->status, ref,
	    json_string(st)) < 0)
		k->oom = 1;
}

/* A record's type as written: a type unknown here by its own name. */
static const char *
type_of(const struct wl_rec *r)
{
	const char *t = wl_rec_str(r, "type");

	return t != NULL ? t : wl_type_name(wl_rec_type(r));
}

/* What a record added or removed says: a session's place and day, a
 * participant, an endorsement's who and what, a text.  0 when it has
 * nothing of that kind. */
static int
put_body(struct sink *k, FILE *o, const struct wl_journal *j,
    const struct wl_rec *r)
{
	const char *ref = wl_rec_str(r, "ref");

	switch (wl_rec_type(r)) {
	case WL_SESSION:
		fprintf(o, ": %s %s", wl_rec_str(r, "municipality") ?
		    wl_rec_str(r, "municipality") : "?",
		    wl_rec_str(r, "date") ? wl_rec_str(r, "date") : "?");
		return 1;
	case WL_PARTICIPANT:
		fputs(": ", o);
		put_who(k, o, r, wl_rec_id(r));
		return 1;
	case WL_ENDORSEMENT:
		fputs(": ", o);
		put_who(k, o, wl_journal_get(j, wl_rec_str(r, "by")),
		    wl_rec_str(r, "by"));
		fprintf(o, " %s ", stance_words(wl_rec_str(r, "stance")));
		put_subject(k, o, j, ref ? wl_journal_get(j, ref) : NULL, ref,
		    0);
		return 1;
	default:
		if (wl_rec_str(r, "text") == NULL)
			return 0;
		fputs(": ", o);
		put_text(k, o, wl_rec_str(r, "text"), 0);
		return 1;
	}
}

/* A subject that begins a line: a participant with its id too. */
static void
put_head(struct sink *k, FILE *o, const struct wl_journal *j,
    const struct wl_rec *r, const char *id)
{
	if (r != NULL && wl_rec_type(r) == WL_PARTICIPANT) {
		fputs("participant ", o);
		put_id(k, o, wl_rec_id(r));
		fputc(' ', o);
	}
	put_subject(k, o, j, r, id, 0);
}

/* A record of NEW that OLD lacks, in words. */
static void
said_added(struct sink *k, const struct wl_journal *new,
    const struct wl_rec *r)
{
	const char *ref = wl_rec_str(r, "ref"), *reason;
	const struct wl_rec *t = ref ? wl_journal_get(new, ref) : NULL;
	enum wl_type type = wl_rec_type(r);
	struct line l;
	FILE *o;

	if ((o = line_begin(k, &l)) == NULL)
		return;
	switch (type) {
	case WL_RETRACT:
		/* A retract of a retract takes it back: what comes back is
		 * what that one named. */
		if (t != NULL && wl_rec_type(t) == WL_RETRACT) {
			const char *back = wl_rec_str(t, "ref");

			put_head(k, o, new, back ? wl_journal_get(new,
			    back) : NULL, back);
			fputs(": restored", o);
		} else {
			put_head(k, o, new, t, ref);
			fputs(": retracted", o);
		}
		if ((reason = wl_rec_str(r, "reason")) != NULL) {
			fputs(": ", o);
			put_text(k, o, reason, 0);
		}
		break;
	case WL_REDACTION:
		put_head(k, o, new, t, ref);
		fputs(": erased", o);
		break;
	default:
		fprintf(o, "%s ", type_of(r));
		put_id(k, o, wl_rec_id(r));
		fputs(": added", o);
		put_body(k, o, new, r);
		break;
	}
	line_end(k, &l);
}

/* The fields an amend sets, "text, tags"; how many. */
static size_t
set_fields(struct sink *k, FILE *o, const struct wl_rec *r)
{
	json_t *a = wl_rec_orig_json(r), *v;
	const char *key;
	size_t n = 0;

	if (a == NULL) {
		k->oom = 1;
		return 0;
	}
	json_object_foreach(json_object_get(a, "set"), key, v)
		fprintf(o, "%s%s", n++ ? ", " : "", key);
	json_decref(a);
	return n;
}

/* A record of OLD that NEW lacks, in words. */
static void
said_removed(struct sink *k, const struct wl_journal *old,
    const struct wl_rec *r)
{
	const char *ref = wl_rec_str(r, "ref");
	enum wl_type type = wl_rec_type(r);
	struct line l;
	FILE *o;

	if ((o = line_begin(k, &l)) == NULL)
		return;
	fprintf(o, "%s ", type_of(r));
	put_id(k, o, wl_rec_id(r));
	fputs(": removed", o);
	if (!put_body(k, o, old, r) && ref != NULL) {
		fputs(": ", o);
		if (type == WL_STATUS && wl_rec_str(r, "status") != NULL)
			fprintf(o, "%s ", wl_rec_str(r, "status"));
		if (type == WL_AMEND && set_fields(k, o, r) > 0)
			fputc(' ', o);
		fputs("of ", o);
		put_subject(k, o, old, wl_journal_get(old, ref), ref, 0);
	}
	line_end(k, &l);
}

/* A record of one id in both whose line differs (a rewrite, such as
 * a redaction's): one line per field. */
static void
said_changed(struct sink *k, const struct wl_journal *new,
    const struct wl_rec *r, const json_t *a, const json_t *b)
{
	json_t *fields = fields_changed(a, b), *v;
	const char *key;

	if (fields == NULL) {
		k->oom = 1;
		return;
	}
	json_object_foreach(fields, key, v) {
		put_change(k, new, r, wl_rec_id(r), key, json_object_get(v,
		    "old"), json_object_get(v, "new"), "(rewritten)");
		if (k->oom)
			break;
	}
	json_decref(fields);
}

/* One record of NEW in the walk: said when OLD lacks it or has it
 * otherwise. */
static void
walk_one(struct sink *k, struct walk *w, const struct wl_journal *old,
    const struct wl_journal *new, const struct wl_rec *r)
{
	const struct wl_rec *o = wl_journal_get(old, wl_rec_id(r));
	int same = o ? wl_rec_same(o, r) : 0;
	json_t *x = NULL, *y = NULL;

	if (same < 0) {
		k->oom = 1;
		return;
	}
	if (wl_rec_type(r) == WL_AMEND)
		walk_amend(k, w, new, r, o == NULL);
	else if (wl_rec_type(r) == WL_STATUS)
		walk_status(k, w, new, r, o == NULL);
	else if (o == NULL)
		said_added(k, new, r);
	if (o == NULL)
		k->count++;
	if (o == NULL || same == 1 || k->oom)
		return;
	k->count++;
	if ((x = wl_rec_orig_json(r)) == NULL ||
	    (y = wl_rec_orig_json(o)) == NULL)
		k->oom = 1;
	else
		said_changed(k, new, r, y, x);
	json_decref(x);
	json_decref(y);
}

/* The differences in words, in the order of records: OLD's that NEW
 * lacks among NEW's, each where its time and id put it. */
static void
in_words(struct sink *k, const struct wl_journal *old,
    const struct wl_journal *new, const struct wl_rec **ov,
    const struct wl_rec **nv)
{
	struct walk w = { json_object(), json_object() };
	size_t i, oi = 0, no = wl_journal_count(old);

	if (w.recs == NULL || w.status == NULL ||
	    id_width(old, new, &k->idw) < 0)
		k->oom = 1;
	for (i = 0; i <= wl_journal_count(new) && !k->oom; i++) {
		const struct wl_rec *r = i < wl_journal_count(new) ? nv[i] :
		    NULL;

		for (; oi < no && !k->oom; oi++) {
			if (wl_journal_get(new, wl_rec_id(ov[oi])) != NULL)
				continue;
			if (r != NULL && wl_rec_order(ov[oi], r) > 0)
				break;
			k->count++;
			said_removed(k, old, ov[oi]);
		}
		if (r != NULL && !k->oom)
			walk_one(k, &w, old, new, r);
	}
	json_decref(w.recs);
	json_decref(w.status);
}

/*
 * The differences are made in memory and written to fp once all are
 * made: for want of memory nothing is written, rather than a diff
 * that stops part way and could be taken for the whole.
 */
long
wl_diff_write(FILE *fp, const struct wl_journal *old,
    const struct wl_journal *new, unsigned flags, size_t *masked)
{
	int jsonl = (flags & WL_DIFF_JSONL) != 0;
	struct sink k = { NULL, jsonl, !jsonl && isatty(fileno(fp)),
		(flags & WL_DIFF_ANONYMOUS) != 0, 8, { NULL, NULL }, 0, 0, 0 };
	char *buf = NULL;
	size_t i, len = 0;
	const struct wl_rec **ov = wl_journal_ordered(old);
	const struct wl_rec **nv = wl_journal_ordered(new);

	if (ov == NULL || nv == NULL ||
	    (k.fp = open_memstream(&buf, &len)) == NULL) {
		free(ov);
		free(nv);
		goto nomem;
	}
	if (!jsonl && k.anonymous &&
	    ((k.masks[0] = wl_mask_new(new, NULL, NULL)) == NULL ||
	    (k.masks[1] = wl_mask_new(old, NULL, NULL)) == NULL))
		k.oom = 1;
	if (!jsonl && !k.oom)
		in_words(&k, old, new, ov, nv);
	wl_mask_free(k.masks[0]);
	wl_mask_free(k.masks[1]);
	for (i = 0; jsonl && i < wl_journal_count(old) && !k.oom; i++) {
		const struct wl_rec *r = ov[i];
		json_t *x;

		if (wl_journal_get(new, wl_rec_id(r)) != NULL)
			continue;
		if ((x = wl_rec_orig_json(r)) == NULL)
			k.oom = 1;
		else
			whole(&k, "remove", x);
		json_decref(x);
	}
	for (i = 0; jsonl && i < wl_journal_count(new) && !k.oom; i++) {
		const struct wl_rec *r = nv[i];
		const struct wl_rec *o = wl_journal_get(old, wl_rec_id(r));
		int same = o ? wl_rec_same(o, r) : 0;
		json_t *x, *y = NULL;

		if (same == 1)
			continue;
		/* Their JSON is made here: NULL when out of memory, which
		 * would read as a record with no fields. */
		x = same < 0 ? NULL : wl_rec_orig_json(r);
		if (o != NULL && x != NULL)
			y = wl_rec_orig_json(o);
		if (x == NULL || (o != NULL && y == NULL))
			k.oom = 1;
		else if (o == NULL)
			whole(&k, "add", x);
		else
			changed(&k, y, x);
		json_decref(x);
		json_decref(y);
	}
	free(ov);
	free(nv);
	/* The stream is in memory: it fails only for want of memory. */
	if (ferror(k.fp))
		k.oom = 1;
	if (fclose(k.fp) != 0 || k.oom) {
		free(buf);
		goto nomem;
	}
	if (fwrite(buf, 1, len, fp) != len || fflush(fp) != 0 ||
	    ferror(fp)) {
		free(buf);
		return -1;
	}
	free(buf);
	if (masked != NULL)
		*masked = k.masked;
	return k.count;
nomem:
	errno = ENOMEM;
	return -1;
}
