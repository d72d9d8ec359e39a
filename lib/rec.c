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
 * of loading a big journal, and a report or a diff needs a few string
 * fields of each record, not a tree.  So a canonical line is copied
 * into the journal's arena with its values decoded beside it:
 * vals[0] is the id, vals[1] "at", vals[2 + k] the schema's field k,
 * each a NUL-terminated string (a number or boolean as its literal;
 * NULL when absent or a list).  wl_rec_json() parses the kept line
 * the first time it is called; a line that could be parsed is one
 * wl_record_parse accepts, so that gives the same tree a load would
 * have made.
 */

#define CHUNK_SIZE (4u << 20)

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

static void *
arena_alloc(struct wl_arena *a, size_t n)
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

/* Past a list of strings at p (its '['). */
static const char *
skip_list(const char *p)
{
	for (p++; *p != ']'; p++)
		if (*p == '"')
			for (p++; *p != '"'; p++)
				if (*p == '\\')
					p++;
	return p + 1;
}

int
wl_rec_keep(struct wl_journal *j, struct wl_rec *r, const char *line,
    size_t len)
{
	size_t nslots = 2 + nfields(r->type), n;
	const char **vals;
	char *raw, *dec;
	const char *p;

	vals = arena_alloc(&j->arena, nslots * sizeof(*vals) + 2 * (len + 1));
	if (vals == NULL)
		return -1;
	memset(vals, 0, nslots * sizeof(*vals));
	raw = (char *)(vals + nslots);
	dec = raw + len + 1;
	memcpy(raw, line, len);
	raw[len] = '\0';
	/* {"key":value,...}: keys without escapes, values a string, a
	 * list of strings, a number or true/false (wl_scan_line). */
	for (p = raw + 1; *p == '"'; p++) {
		const char *key = p + 1, *q = strchr(key, '"');
		char name[32];
		enum wl_field_kind kind;
		int k;

		n = (size_t)(q - key);
		if (n >= sizeof(name))
			return -1;	/* no schema field is this long */
		memcpy(name, key, n);
		name[n] = '\0';
		p = q + 2;
		k = strcmp(name, "type") == 0 ? -1 : slot(r->type, name, &kind);
		if (*p == '"') {
			if (k >= 0)
				vals[k] = dec;
			p = unescape(p, dec, &n);
			dec += n + 1;
		} else if (*p == '[') {
			p = skip_list(p);
		} else {
			q = p + strcspn(p, ",}");
			n = (size_t)(q - p);
			memcpy(dec, p, n);
			dec[n] = '\0';
			if (k >= 0)
				vals[k] = dec;
			dec += n + 1;
			p = q;
		}
		if (*p != ',')
			break;
	}
	r->raw = raw;
	r->rawlen = len;
	r->vals = vals;
	r->id = vals[0];
	return 0;
}

/* Parse a kept line the first time its JSON is wanted; NULL only when
 * out of memory. */
static json_t *
made(const struct wl_rec *cr)
{
	struct wl_rec *r = (struct wl_rec *)cr;
	struct wl_error e;

	if (r->orig == NULL && r->raw != NULL &&
	    (r->orig = wl_record_parse(r->raw, r->rawlen, &e)) != NULL)
		r->cur = json_incref(r->orig);
	return r->orig;
}

/* A string field of a kept line that was not made into JSON. */
static const char *
kept_str(const struct wl_rec *r, const char *field)
{
	enum wl_field_kind kind;
	int k;

	if (field[0] == 't' && strcmp(field, "type") == 0)
		return wl_type_name(r->type);
	k = slot(r->type, field, &kind);
	if (k < 0 || kind == FK_INT || kind == FK_BOOL || kind == FK_STRS)
		return NULL;
	return r->vals[k];
}

int
wl_rec_make(struct wl_rec *r)
{
	return r->raw == NULL || made(r) != NULL ? 0 : -1;
}

const char *
wl_rec_orig_str(const struct wl_rec *r, const char *field)
{
	return r->orig ? wl_record_str(r->orig, field) : kept_str(r, field);
}

int
wl_rec_same(const struct wl_rec *a, const struct wl_rec *b)
{
	const json_t *x, *y;

	if (a->raw != NULL && b->raw != NULL)
		return a->rawlen == b->rawlen &&
		    memcmp(a->raw, b->raw, a->rawlen) == 0;
	if ((x = made(a)) == NULL || (y = made(b)) == NULL)
		return -1;
	return json_equal(x, y);
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

const json_t *
wl_rec_json(const struct wl_rec *r)
{
	made(r);
	return r->cur;
}

const json_t *
wl_rec_orig(const struct wl_rec *r)
{
	return made(r);
}

const char *
wl_rec_str(const struct wl_rec *r, const char *field)
{
	return r->cur ? wl_record_str(r->cur, field) : kept_str(r, field);
}

long long
wl_rec_int(const struct wl_rec *r, const char *field, long long def)
{
	enum wl_field_kind kind;
	int k;

	if (r->cur != NULL)
		return wl_record_int(r->cur, field, def);
	k = slot(r->type, field, &kind);
	if (k < 0 || kind != FK_INT || r->vals[k] == NULL)
		return def;
	return strtoll(r->vals[k], NULL, 10);
}
