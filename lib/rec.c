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
 * of each record, not a tree.  So of a canonical line only its values
 * are kept, decoded, in the journal's arena (r->data): first the
 * offset from r->data of each slot's value (slot 0 the id, 1 "at",
 * 2 + k the schema's field k; 0 when absent), 16 bits wide or, for a
 * record of 64 KiB or more, 32 (r->wide); then the values, each a
 * NUL-terminated string (a number or boolean as its literal; a list of
 * strings as its strings one after another, each NUL-terminated, and
 * an empty one after the last: the scanner vouches for no empty item).
 *
 * The line itself is not kept: the scanner vouches that it is what
 * jansson writes of these values (keys in the schema's order, compact,
 * only the escapes jansson writes, each character one way only), so
 * wl_rec_copy_raw makes the very bytes again from the values when a
 * writer, a message or a parse needs them.  That keeps a line's worth
 * of bytes once, without its keys, where the line and its decoded
 * values beside it cost it twice; test_rec holds the bytes made to be
 * the line's for every line of its corpus.  JSON of such a record is
 * made only when a caller asks for it (wl_rec_json), as a new tree of
 * its own: nothing in a loaded record changes after the load.
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

	/* Not aligned: what is kept is read with memcpy, and a million
	 * records would each round up. */
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

/* The slot of field name in a kept record and its kind; -1 if the type has no
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

/* The list of strings at p (its '[') decoded into out, as a kept
 * list is; the bytes written. */
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

/* The offset of slot k of r's values from r->data, 0 when absent. */
static size_t
offset(const struct wl_rec *r, size_t k)
{
	if (r->wide) {
		uint32_t v;

		memcpy(&v, r->data + k * 4, 4);
		return v;
	}
	uint16_t v;

	memcpy(&v, r->data + k * 2, 2);
	return v;
}

static void
set_offset(char *data, int wide, size_t k, size_t v)
{
	if (wide) {
		uint32_t w = (uint32_t)v;

		memcpy(data + k * 4, &w, 4);
	} else {
		uint16_t w = (uint16_t)v;

		memcpy(data + k * 2, &w, 2);
	}
}

int
wl_rec_keep(struct wl_journal *j, struct wl_rec *r, const struct wl_line *l,
    const struct wl_scan *sc)
{
	size_t nslots, need = 0, n, at;
	char *data;
	int wide;

	r->rawlen = (uint32_t)l->len;
	if (sc == NULL) {	/* a parsed line: its bytes, for messages */
		if ((data = wl_arena_alloc(&j->arena, l->len + 1)) == NULL)
			return -1;
		memcpy(data, l->p, l->len);
		data[l->len] = '\0';
		r->data = data;
		return 0;
	}
	/* Each value's room: a plain string loses its quotes for a NUL,
	 * the rest at most their bytes and a NUL. */
	nslots = 2 + nfields(r->type);
	for (size_t k = 0; k < nslots; k++)
		if (sc->spanlen[k] > 0)
			need += *sc->span[k] == '"' && memchr(sc->span[k],
			    '\\', sc->spanlen[k]) == NULL ?
			    sc->spanlen[k] - 1 : sc->spanlen[k] + 1;
	wide = nslots * 2 + need > UINT16_MAX;
	at = nslots * (wide ? 4 : 2);
	if ((data = wl_arena_alloc(&j->arena, at + need)) == NULL)
		return -1;
	for (size_t k = 0; k < nslots; k++) {
		const char *p = sc->span[k];
		size_t len = sc->spanlen[k];

		set_offset(data, wide, k, len > 0 ? at : 0);
		if (len == 0)
			continue;
		if (*p == '"') {
			unescape(p, data + at, &n);
			at += n + 1;
		} else if (*p == '[') {
			at += unlist(p, data + at);
		} else {
			memcpy(data + at, p, len);
			data[at + len] = '\0';
			at += len + 1;
		}
	}
	r->data = data;
	r->wide = (unsigned)wide;
	r->canon = 1;
	r->id = data + offset(r, 0);
	return 0;
}

/* The string s as jansson writes it, without its quotes, at o; what
 * follows it.  The only escapes a kept line has (scan.c). */
static char *
escape(const char *s, char *o)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\') {
			*o++ = (char)c;
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			memcpy(o, "u00", 3);
			o[3] = hex[c >> 4];
			o[4] = hex[c & 15];
			o += 5;
			break;
		}
	}
	return o;
}

static char *
put(char *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(o, s, n);
	return o + n;
}

/* Slot k's value of kind kind, as the line has it, at o. */
static char *
put_value(char *o, enum wl_field_kind kind, const char *v)
{
	switch (kind) {
	case FK_INT:
	case FK_BOOL:
		return put(o, v);
	case FK_STRS:
		*o++ = '[';
		for (int first = 1; *v != '\0'; v += strlen(v) + 1) {
			if (!first)
				*o++ = ',';
			first = 0;
			*o++ = '"';
			o = escape(v, o);
			*o++ = '"';
		}
		*o++ = ']';
		return o;
	default:
		*o++ = '"';
		o = escape(v, o);
		*o++ = '"';
		return o;
	}
}

void
wl_rec_copy_raw(const struct wl_rec *r, char *dst)
{
	const struct wl_field *f = wl_schema_fields(r->type);
	char *o = dst;

	if (!r->canon) {
		memcpy(dst, r->data, r->rawlen);
		return;
	}
	/* {"id":..,"type":..,"at":.., then the fields in the schema's
	 * order: as wl_scan_line reads them. */
	o = put(o, "{\"id\":");
	o = put_value(o, FK_ID, r->data + offset(r, 0));
	o = put(o, ",\"type\":\"");
	o = put(o, wl_type_name(r->type));
	o = put(o, "\",\"at\":");
	o = put_value(o, FK_TIME, r->data + offset(r, 1));
	for (size_t k = 0; f[k].name != NULL; k++) {
		size_t at = offset(r, 2 + k);

		if (at == 0)
			continue;
		*o++ = ',';
		*o++ = '"';
		o = put(o, f[k].name);
		*o++ = '"';
		*o++ = ':';
		o = put_value(o, f[k].kind, r->data + at);
	}
	*o++ = '}';
}

char *
wl_rec_dup_raw(const struct wl_rec *r)
{
	char *s = malloc((size_t)r->rawlen + 1);

	if (s != NULL) {
		wl_rec_copy_raw(r, s);
		s[r->rawlen] = '\0';
	}
	return s;
}

/* Slot k's value of kind kind as JSON (what put_value writes of it,
 * parsed); NULL when out of memory. */
static json_t *
value_json(enum wl_field_kind kind, const char *v)
{
	json_t *a;

	switch (kind) {
	case FK_INT:	/* 1 to 18 digits (scan.c) */
		return json_integer(strtoll(v, NULL, 10));
	case FK_BOOL:
		return json_boolean(v[0] == 't');
	case FK_STRS:
		if ((a = json_array()) == NULL)
			return NULL;
		for (; *v != '\0'; v += strlen(v) + 1)
			if (json_array_append_new(a, json_string(v)) < 0) {
				json_decref(a);
				return NULL;
			}
		return a;
	default:
		return json_string(v);
	}
}

/*
 * A kept record's line parsed, made from its values without the line:
 * its members in the line's order (wl_rec_copy_raw's).  Parsing the
 * line made again cost a compare of 230,000 records with 7,000 amended
 * a fifteenth of its time.  test_rec holds the two to be the same
 * tree.  NULL when out of memory.
 */
static json_t *
kept_json(const struct wl_rec *r)
{
	const struct wl_field *f = wl_schema_fields(r->type);
	json_t *o = json_object();

	if (o == NULL || json_object_set_new(o, "id",
	    value_json(FK_ID, r->data + offset(r, 0))) < 0 ||
	    json_object_set_new(o, "type",
	    json_string(wl_type_name(r->type))) < 0 ||
	    json_object_set_new(o, "at",
	    value_json(FK_TIME, r->data + offset(r, 1))) < 0)
		goto fail;
	for (size_t k = 0; f[k].name != NULL; k++) {
		size_t at = offset(r, 2 + k);

		if (at != 0 && json_object_set_new(o, f[k].name,
		    value_json(f[k].kind, r->data + at)) < 0)
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* r's line parsed: a new tree, NULL when out of memory. */
static json_t *
parse_raw(const struct wl_rec *r)
{
	if (!r->canon)
		return wl_line_parse_json(r->data, r->rawlen, NULL);
	return kept_json(r);
}

json_t *
wl_rec_orig_json(const struct wl_rec *r)
{
	if (r->orig != NULL)
		return json_incref(r->orig);
	return parse_raw(r);
}

json_t *
wl_rec_line_json(const struct wl_rec *r)
{
	return parse_raw(r);
}

json_t *
wl_rec_json(const struct wl_rec *r)
{
	if (r->cur != NULL)
		return json_incref(r->cur);
	return parse_raw(r);
}

int
wl_rec_make(struct wl_rec *r)
{
	if (r->orig == NULL) {
		if ((r->orig = parse_raw(r)) == NULL)
			return -1;
		r->cur = json_incref(r->orig);
	}
	return 0;
}

/* The value of a kept record's field of kind want (any kind but a
 * number, a boolean or a list: -1), or NULL. */
static const char *
kept(const struct wl_rec *r, const char *field, int want)
{
	enum wl_field_kind kind;
	int k;

	if (!r->canon)
		return NULL;
	k = slot(r->type, field, &kind);
	if (k < 0 || (want >= 0 && (int)kind != want))
		return NULL;
	if (want < 0 && (kind == FK_INT || kind == FK_BOOL ||
	    kind == FK_STRS))
		return NULL;
	return offset(r, (size_t)k) != 0 ? r->data + offset(r, (size_t)k) :
	    NULL;
}

const char *
wl_rec_orig_str(const struct wl_rec *r, const char *field)
{
	if (r->canon && strcmp(field, "type") == 0)
		return wl_type_name(r->type);
	return r->orig ? wl_field_str(r->orig, field) : kept(r, field, -1);
}

/* The bytes of slot k's value at at, its NULs included. */
static size_t
value_len(const struct wl_rec *r, size_t k, size_t at)
{
	const char *v = r->data + at, *p = v;
	enum wl_field_kind kind = k < 2 ? FK_STR :
	    wl_schema_fields(r->type)[k - 2].kind;

	if (kind != FK_STRS)
		return strlen(v) + 1;
	while (*p != '\0')
		p += strlen(p) + 1;
	return (size_t)(p - v) + 1;
}

/* Two kept records of one type and width: their values the same? */
static int
same_values(const struct wl_rec *a, const struct wl_rec *b)
{
	size_t nslots = 2 + nfields(a->type), w = a->wide ? 4 : 2, end;

	/* The values fill the room after the offsets up to the end of
	 * the last one. */
	if (memcmp(a->data, b->data, nslots * w) != 0)
		return 0;
	end = nslots * w;
	for (size_t k = 0; k < nslots; k++) {
		size_t at = offset(a, k), n;

		if (at == 0)
			continue;
		n = value_len(a, k, at);
		if (at + n > end)
			end = at + n;
	}
	return memcmp(a->data, b->data, end) == 0;
}

int
wl_rec_same(const struct wl_rec *a, const struct wl_rec *b)
{
	json_t *x, *y;
	int same;

	/* Kept lines are the same bytes when their values are: of one
	 * type, the same values in the same slots. */
	if (a->canon && b->canon)
		return a->type == b->type && a->rawlen == b->rawlen &&
		    a->wide == b->wide && same_values(a, b);
	if (!a->canon && !b->canon && a->rawlen == b->rawlen &&
	    memcmp(a->data, b->data, a->rawlen) == 0)
		return 1;
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
	if (r->canon && strcmp(field, "type") == 0)
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
