/* tail.c - a writer's view of a journal: from its latest session on */
#include <stdio.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"
#include "reader.h"
#include "rules.h"

#define MAX_TRIES 8	/* retracted latest sessions passed over */

/*
 * 1 if line could be a session record: "session" as a value (not as
 * the key every note has), or an escape that could spell it.
 */
static int
maybe_session(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *q;

	if (memchr(s, '\\', n) != NULL)
		return 1;
	while ((q = memmem(p, (size_t)(end - p), "\"session\"", 9)) != NULL) {
		q += 9;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' ||
		    *q == '\n'))
			q++;
		if (q < end && (*q == ',' || *q == '}' || *q == ']'))
			return 1;
		p = q;
	}
	return 0;
}

/* 1 if line is a valid session record. */
static int
is_session(const char *s, size_t n)
{
	json_t *r;
	int yes;

	if (!maybe_session(s, n))
		return 0;
	r = wl_line_parse(s, n, NULL);
	yes = r != NULL && wl_type_of(r) == WL_SESSION;
	json_decref(r);
	return yes;
}

#define MAX_OUTSIDE 8	/* references out of the part looked up */

/* What was said about a part: references out of it, or anything else. */
struct said {
	int other;
	size_t n;
	char id[MAX_OUTSIDE][WL_ID_LEN + 1];
	char field[MAX_OUTSIDE][16];
	long line[MAX_OUTSIDE];
};

static void
heard(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	struct said *s = ctx;

	(void)sev;
	if (e->code != WL_P_NOREF || s->n == MAX_OUTSIDE ||
	    strlen(e->field) >= sizeof(s->field[0])) {
		s->other = 1;
		return;
	}
	snprintf(s->id[s->n], sizeof(s->id[0]), "%s", e->ref);
	snprintf(s->field[s->n], sizeof(s->field[0]), "%s", e->field);
	s->line[s->n++] = e->line;
}

/*
 * 1 if a line of map before byte b is a record with this id of a type
 * that field of a record of type t may name: then the whole journal
 * says nothing about the reference.
 */
static int
before(const char *map, size_t b, const char *id, enum wl_type t,
    const char *field)
{
	const char *p = map, *end = map + b, *hit, *ls, *le;

	while ((hit = memmem(p, (size_t)(end - p), id, WL_ID_LEN)) != NULL) {
		json_t *r;
		int fits;

		ls = hit > map ? memrchr(map, '\n', (size_t)(hit - map)) : NULL;
		ls = ls != NULL ? ls + 1 : map;
		if ((le = memchr(hit, '\n', (size_t)(end - hit))) == NULL)
			le = end;
		r = wl_line_parse(ls, (size_t)(le - ls), NULL);
		fits = r != NULL && wl_field_str(r, "id") != NULL &&
		    strcmp(wl_field_str(r, "id"), id) == 0 &&
		    (wl_rule_ref_mask(t, field) & WL_TYPE_BIT(wl_type_of(r)));
		json_decref(r);
		if (fits)
			return 1;
		if (le == end)
			break;
		p = le + 1;
	}
	return 0;
}

/* The type of the record of j read at line. */
static enum wl_type
type_at(const struct wl_journal *j, long line)
{
	for (size_t i = 0; i < wl_journal_count(j); i++)
		if (wl_rec_line(wl_journal_at(j, i)) == line)
			return wl_rec_type(wl_journal_at(j, i));
	return WL_UNKNOWN;
}

/*
 * Load map's file from byte b when that part reads without a word,
 * but for references to records before it (a note added later to an
 * earlier session): those are looked up there.  Else NULL.
 */
static struct wl_journal *
clean_part(const char *path, const char *map, size_t b)
{
	struct said s = { 0, 0, { "" }, { "" }, { 0 } };
	struct wl_diag d = { heard, &s, 0, 0 };
	struct wl_journal *j = wl_journal_load_from(path, (off_t)b, &d, NULL);

	if (j == NULL || s.other)
		goto no;
	for (size_t i = 0; i < s.n; i++)
		if (!before(map, b, s.id[i], type_at(j, s.line[i]),
		    s.field[i]))
			goto no;
	return j;
no:
	wl_journal_free(j);
	return NULL;
}

/*
 * The part of map from the one session whose id starts with sel on,
 * or NULL when no session or several do (the caller loads it all and
 * says so).  Only lines holding sel's bytes, or an escape that could
 * spell them, are parsed.
 */
static struct wl_journal *
named(const char *path, const char *map, size_t size, const char *sel)
{
	size_t n = strlen(sel), pos = 0, at = 0, found = 0;
	const char *end = map + size, *bs, *hit, *c, *b, *e;

	/* bs and hit: the next backslash and the next sel, or end. */
	if ((bs = memchr(map, '\\', size)) == NULL)
		bs = end;
	if ((hit = memmem(map, size, sel, n)) == NULL)
		hit = end;
	while (pos < size) {
		if (bs < map + pos && (bs = memchr(map + pos, '\\',
		    size - pos)) == NULL)
			bs = end;
		if (hit < map + pos && (hit = memmem(map + pos, size - pos,
		    sel, n)) == NULL)
			hit = end;
		if ((c = bs < hit ? bs : hit) == end)
			break;
		b = c > map ? memrchr(map, '\n', (size_t)(c - map)) : NULL;
		b = b != NULL ? b + 1 : map;
		e = memchr(c, '\n', (size_t)(end - c));
		e = e != NULL ? e : end;
		if (is_session(b, (size_t)(e - b))) {
			json_t *r = wl_line_parse(b, (size_t)(e - b), NULL);
			const char *id = wl_field_str(r, "id");

			if (id != NULL && strncmp(id, sel, n) == 0 &&
			    found++ == 0)
				at = (size_t)(b - map);
			json_decref(r);
		}
		pos = (size_t)(e - map) + 1;
	}
	return found == 1 ? clean_part(path, map, at) : NULL;
}

/*
 * Walk the lines of map backwards from the end and load the part from
 * the latest session whose tail reads cleanly and holds a live
 * session.  NULL when there is none such (the caller loads it all).
 */
static struct wl_journal *
tail(const char *path, const char *map, size_t size)
{
	size_t e = size, b;
	int tries = 0;

	if (e > 0 && map[e - 1] == '\n')
		e--;
	for (;;) {
		const char *nl = memrchr(map, '\n', e);
		struct wl_journal *j;

		b = nl != NULL ? (size_t)(nl - map) + 1 : 0;
		if (is_session(map + b, e - b)) {
			if ((j = clean_part(path, map, b)) == NULL)
				return NULL;
			if (wl_journal_session(j, NULL, NULL) != NULL)
				return j;
			wl_journal_free(j);
			if (++tries == MAX_TRIES)
				return NULL;
		}
		if (b == 0)
			return NULL;
		e = b - 1;
	}
}

struct wl_journal *
wl_journal_load_tail(const char *path, const char *sel,
    struct wl_diag *diag, struct wl_error *err)
{
	/* The caller is the writer: its lock keeps the file whole. */
	struct wl_reader *rd = wl_reader_open(path, WL_READ_MAPPED |
	    WL_READ_LOCKED, NULL);
	struct wl_journal *j = NULL;
	char idp[WL_ID_LEN + 1];
	const char *map;
	size_t size;

	if (rd != NULL) {
		map = wl_reader_bytes(rd, &size);
		if (sel == NULL)
			j = tail(path, map, size);
		else if (wl_id_prefix_fold(sel, idp))
			j = named(path, map, size, idp);
		wl_reader_free(rd);
	}
	if (j != NULL)
		return j;
	return wl_journal_load(&path, 1, diag, err);
}
