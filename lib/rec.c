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
 * journal's arena once, after the offsets of its values from raw:
 * slot 0 is the id, 1 "at", 2 + k the schema's field k; 0 when absent
 * (raw[0] is the '{', never a value).  A string value without escapes
 * is read where it stands in the line: its closing quote is made a
 * NUL, so it is a C string of its own.  A string with escapes is
 * decoded behind the line, once.  A number or boolean is its literal
 * in the line (wl_rec_int and wl_rec_bool read no further than it
 * goes).  A list of strings is its '[' in the line when no item has an
 * escape (each item then ends in a NUL); else it is decoded behind the
 * line as its strings one after another, each NUL-terminated, and an
 * empty one after the last (no item is empty: the scanner vouches for
 * none).  The bytes of the line come back by turning every NUL into a
 * quote again (wl_rec_copy_raw): a JSON line holds no NUL of its own.
 * JSON of such a record is made only when a caller asks for it
 * (wl_rec_json), as a new tree of its own: nothing in a loaded record
 * changes after the load.  This costs a line's bytes once, where
 * keeping them whole and decoded beside them cost them twice.
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

	/* Aligned for the offsets in front of a line, not more: a
	 * million records each round up. */
	n = (n + 3) & ~(size_t)3;
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

/* The list of strings at p (its '[') decoded into out, as a list
 * with escapes is kept; the bytes written. */
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

/* The list of plain strings at p (its '[') made a list of C strings
 * where it stands: each closing quote a NUL. */
static void
cut_list(char *p)
{
	for (p++; *p == '"'; p++) {
		p = strchr(p + 1, '"');
		*p++ = '\0';
		if (*p != ',')
			break;
	}
}

/* The offsets in front of r's kept line. */
static const uint32_t *
offsets(const struct wl_rec *r)
{
	return (const uint32_t *)(const void *)r->raw -
	    (2 + nfields(r->type));
}

int
wl_rec_keep(struct wl_journal *j, struct wl_rec *r, const struct wl_line *l,
    const struct wl_scan *sc)
{
	size_t nslots = sc ? 2 + nfields(r->type) : 0, need = 0, n;
	uint32_t *off;
	char *raw, *dec;

	/* Room behind the line for the values that have escapes. */
	for (size_t k = 0; k < nslots; k++)
		if (sc->spanlen[k] > 0 && (*sc->span[k] == '"' ||
		    *sc->span[k] == '[') &&
		    memchr(sc->span[k], '\\', sc->spanlen[k]) != NULL)
			need += sc->spanlen[k] + 1;
	off = wl_arena_alloc(&j->arena, nslots * sizeof(*off) + l->len + 1 +
	    need);
	if (off == NULL)
		return -1;
	raw = (char *)(off + nslots);
	memcpy(raw, l->p, l->len);
	raw[l->len] = '\0';
	r->raw = raw;
	r->rawlen = (uint32_t)l->len;
	if (sc == NULL)
		return 0;
	dec = raw + l->len + 1;
	for (size_t k = 0; k < nslots; k++) {
		char *p = raw + (sc->span[k] - l->p);
		size_t len = sc->spanlen[k];

		off[k] = 0;
		if (len == 0)
			continue;
		if ((*p != '"' && *p != '[') || memchr(p, '\\', len) ==
		    NULL) {
			off[k] = (uint32_t)(p - raw) + (*p == '"');
			if (*p == '"')
				p[len - 1] = '\0';
			else if (*p == '[')
				cut_list(p);
			continue;
		}
		off[k] = (uint32_t)(dec - raw);
		if (*p == '"') {
			unescape(p, dec, &n);
			dec += n + 1;
		} else {
			dec += unlist(p, dec);
		}
	}
	r->canon = 1;
	r->id = raw + off[0];
	return 0;
}

void
wl_rec_copy_raw(const struct wl_rec *r, char *dst)
{
	const char *p = r->raw, *end = r->raw + r->rawlen, *z;

	if (!r->canon) {
		memcpy(dst, p, r->rawlen);
		return;
	}
	while ((z = memchr(p, '\0', (size_t)(end - p))) != NULL) {
		memcpy(dst, p, (size_t)(z - p));
		dst += z - p;
		*dst++ = '"';
		p = z + 1;
	}
	memcpy(dst, p, (size_t)(end - p));
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

/* r's line parsed: a new tree, NULL when out of memory. */
static json_t *
parse_raw(const struct wl_rec *r)
{
	char *s;
	json_t *rec;

	if (!r->canon)
		return wl_line_parse_json(r->raw, r->rawlen, NULL);
	if ((s = wl_rec_dup_raw(r)) == NULL)
		return NULL;
	rec = wl_line_parse_json(s, r->rawlen, NULL);
	free(s);
	return rec;
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
	return offsets(r)[k] != 0 ? r->raw + offsets(r)[k] : NULL;
}

const char *
wl_rec_orig_str(const struct wl_rec *r, const char *field)
{
	if (r->canon && strcmp(field, "type") == 0)
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
	/* Kept lines have NULs for the same quotes when their bytes are
	 * the same, and only then: the memcmp above is theirs. */
	if (a->canon && b->canon)
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
	/* The literal as it stands in the line: true or false. */
	return v != NULL ? strncmp(v, "true", 4) == 0 : def;
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
	if (v < r->raw + r->rawlen) {	/* in the line: ["a\0,"b\0] */
		for (v++; *v == '"'; i--) {
			if (i == 0)
				return v + 1;
			v += strlen(v + 1) + 2;
			if (*v == ',')
				v++;
		}
		return NULL;
	}
	for (; *v != '\0' && i > 0; i--)
		v += strlen(v) + 1;
	return *v != '\0' ? v : NULL;
}
