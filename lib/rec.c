/* rec.c - a loaded record: a canonical line is kept as its bytes and
 * decoded values, and becomes JSON only when someone asks for it */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"

/*
 * Most lines of a journal are canonical (wl_scan_line vouches for
 * them).  Parsing such a line into a jansson tree is most of the cost
 * of loading a big journal, and a report or a list needs a few fields
 * of each record, not a tree.  So a canonical line is copied into the
 * journal's arena with its values decoded beside it, from the spans
 * the scanner found: vals[0] is the id, vals[1] "at", vals[2 + k] the
 * schema's field k, each a NUL-terminated string (a number or boolean
 * as its literal; a list of strings as its strings one after another,
 * each NUL-terminated, and an empty one after the last); NULL when
 * absent.  JSON of such a record is made only when a caller asks for
 * it (wl_rec_json), as a new tree of its own: nothing in a loaded
 * record changes after the load.
 */

#define CHUNK_SIZE (4u << 20)

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

void *
wl_arena_alloc(struct wl_arena *a, size_t n)
{
	struct chunk *c = a->head;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;

		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->next = a->head;
		c->used = 0;
		c->size = size;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

void
wl_arena_free(struct wl_arena *a)
{
	struct chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

static size_t
nfields(enum wl_type t)
{
	const struct wl_field *f = wl_schema_fields(t);
	size_t n = 0;

	while (f[n].name != NULL)
		n++;
	return n;
}

/* The slot of field name in vals and its kind; -1 if the type has no
 * such field ("type" is not kept: it is r->type). */
static int
slot(enum wl_type t, const char *name, enum wl_field_kind *kind)
{
	const struct wl_field *f;

	if (name[0] == 'i' && strcmp(name, "id") == 0) {
		*kind = FK_ID;
		return 0;
	}
	if (name[0] == 'a' && strcmp(name, "at") == 0) {
		*kind = FK_TIME;
		return 1;
	}
	for (f = wl_schema_fields(t); f->name != NULL; f++)
		if (f->name[0] == name[0] && strcmp(f->name, name) == 0) {
			*kind = f->kind;
			return 2 + (int)(f - wl_schema_fields(t));
		}
	return -1;
}

static int
hexval(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* The string at p (its opening quote) decoded into out; returns what
 * follows the closing quote.  Only the escapes jansson writes occur
 * in a canonical line. */
static const char *
unescape(const char *p, char *out, size_t *n)
{
	char *o = out;

	for (p++; *p != '"'; p++) {
		if (*p != '\\') {
			*o++ = *p;
			continue;
		}
		switch (*++p) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':	/* \u00XX: a control character */
			*o++ = (char)(hexval(p[3]) * 16 + hexval(p[4]));
			p += 4;
			break;
		default: *o++ = *p; break;	/* '"', '\\', '/' */
		}
	}
	*o = '\0';
	*n = (size_t)(o - out);
	return p + 1;
}

/* The list of strings at p (its '[') decoded into out, as vals keeps
 * it; the bytes written. */
static size_t
unlist(const char *p, char *out)
{
	char *o = out;
	size_t n;

	for (p++; *p == '"'; ) {
		p = unescape(p, o, &n);
		o += n + 1;
		if (*p == ',')
			p++;
	}
	*o++ = '\0';
	return (size_t)(o - out);
}

int
wl_rec_keep(struct wl_journal *j, struct wl_rec *r, const struct wl_line *l,
    const struct wl_scan *sc)
{
	size_t nslots = sc ? 2 + nfields(r->type) : 0, n;
	const char **vals;
	char *raw, *dec;

	vals = wl_arena_alloc(&j->arena, nslots * sizeof(*vals) +
	    (sc ? 2 : 1) * (l->len + 1));
	if (vals == NULL)
		return -1;
	raw = (char *)(vals + nslots);
	memcpy(raw, l->p, l->len);
	raw[l->len] = '\0';
	r->raw = raw;
	r->rawlen = l->len;
	if (sc == NULL)
		return 0;
	dec = raw + l->len + 1;
	for (size_t k = 0; k < nslots; k++) {
		const char *p;

		vals[k] = NULL;
		if (sc->spanlen[k] == 0)
			continue;
		p = raw + (sc->span[k] - l->p);
		vals[k] = dec;
		if (*p == '"') {
			unescape(p, dec, &n);
			dec += n + 1;
		} else if (*p == '[') {
			dec += unlist(p, dec);
		} else {
			memcpy(dec, p, sc->spanlen[k]);
			dec[sc->spanlen[k]] = '\0';
			dec += sc->spanlen[k] + 1;
		}
	}
	r->vals = vals;
	r->id = vals[0];
	return 0;
}

json_t *
wl_rec_orig_json(const struct wl_rec *r)
{
	if (r->orig != NULL)
		return json_incref(r->orig);
	return wl_line_parse_json(r->raw, r->rawlen, NULL);
}

json_t *
wl_rec_line_json(const struct wl_rec *r)
{
	return wl_line_parse_json(r->raw, r->rawlen, NULL);
}

json_t *
wl_rec_json(const struct wl_rec *r)
{
	if (r->cur != NULL)
		return json_incref(r->cur);
	return wl_line_parse_json(r->raw, r->rawlen, NULL);
}

int
wl_rec_make(struct wl_rec *r)
{
	if (r->orig == NULL) {
		if ((r->orig = wl_line_parse_json(r->raw, r->rawlen,
		    NULL)) == NULL)
			return -1;
		r->cur = json_incref(r->orig);
	}
	return 0;
}

/* The slot of a kept record's field of kind want (any kind: -1). */
static const char *
kept(const struct wl_rec *r, const char *field, int want)
{
	enum wl_field_kind kind;
	int k;

	if (r->vals == NULL)
		return NULL;
	k = slot(r->type, field, &kind);
	if (k < 0 || (want >= 0 && (int)kind != want))
		return NULL;
	if (want < 0 && (kind == FK_INT || kind == FK_BOOL ||
	    kind == FK_STRS))
		return NULL;
	return r->vals[k];
}

const char *
wl_rec_orig_str(const struct wl_rec *r, const char *field)
{
	if (r->vals != NULL && strcmp(field, "type") == 0)
		return wl_type_name(r->type);
	return r->orig ? wl_field_str(r->orig, field) : kept(r, field, -1);
}

int
wl_rec_same(const struct wl_rec *a, const struct wl_rec *b)
{
	json_t *x, *y;
	int same;

	if (a->rawlen == b->rawlen && memcmp(a->raw, b->raw, a->rawlen) == 0)
		return 1;
	if (a->vals != NULL && b->vals != NULL)
		return 0;	/* canonical: equal values, equal bytes */
	x = wl_rec_orig_json(a);
	y = wl_rec_orig_json(b);
	same = x != NULL && y != NULL ? json_equal(x, y) : -1;
	json_decref(x);
	json_decref(y);
	return same;
}

enum wl_type
wl_rec_type(const struct wl_rec *r)
{
	return r->type;
}

const char *
wl_rec_id(const struct wl_rec *r)
{
	return r->id;
}

const char *
wl_rec_str(const struct wl_rec *r, const char *field)
{
	if (r->vals != NULL && strcmp(field, "type") == 0)
		return wl_type_name(r->type);	/* kept: a known type */
	return r->cur ? wl_field_str(r->cur, field) : kept(r, field, -1);
}

long long
wl_rec_int(const struct wl_rec *r, const char *field, long long def)
{
	const char *v;

	if (r->cur != NULL)
		return wl_field_int(r->cur, field, def);
	v = kept(r, field, FK_INT);
	return v != NULL ? strtoll(v, NULL, 10) : def;
}

int
wl_rec_bool(const struct wl_rec *r, const char *field, int def)
{
	const char *v;
	json_t *b;

	if (r->cur != NULL) {
		b = json_object_get(r->cur, field);
		return json_is_boolean(b) ? json_is_true(b) : def;
	}
	v = kept(r, field, FK_BOOL);
	return v != NULL ? strcmp(v, "true") == 0 : def;
}

const char *
wl_rec_item(const struct wl_rec *r, const char *field, size_t i)
{
	const char *v;

	if (r->cur != NULL)
		return json_string_value(json_array_get(json_object_get(
		    r->cur, field), i));
	if ((v = kept(r, field, FK_STRS)) == NULL)
		return NULL;
	for (; *v != '\0' && i > 0; i--)
		v += strlen(v) + 1;
	return *v != '\0' ? v : NULL;
}
