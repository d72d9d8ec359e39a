/* record.c - building, parsing and canonically encoding records */
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

json_t *
wl_record_new(enum wl_type t, struct wl_error *err)
{
	char id[WL_ID_LEN + 1], at[WL_TIME_LEN + 1];
	json_t *r;

	if (wl_id_new(id, err) < 0 || wl_clock_now(at, err) < 0)
		return NULL;
	r = json_object();
	if (r == NULL || json_object_set_new(r, "id", json_string(id)) ||
	    json_object_set_new(r, "type", json_string(wl_type_name(t))) ||
	    json_object_set_new(r, "at", json_string(at))) {
		json_decref(r);
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return NULL;
	}
	return r;
}

/*
 * Walk the line outside strings: fail on nesting deeper than
 * WL_DEPTH_MAX (before jansson recurses into it), and find the column
 * of a top-level key when key is not NULL.  Returns the byte offset
 * found, or -1.
 */
static long
scan(const char *s, size_t n, const char *key, long *too_deep)
{
	size_t klen = key ? strlen(key) : 0, i, start;
	int depth = 0;

	*too_deep = -1;
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '{':
		case '[':
			if (++depth > WL_DEPTH_MAX) {
				*too_deep = (long)i;
				return -1;
			}
			break;
		case '}':
		case ']':
			depth--;
			break;
		case '"':
			start = i++;
			while (i < n && s[i] != '"')
				i += s[i] == '\\' ? 2 : 1;
			if (key != NULL && depth == 1 &&
			    i - start - 1 == klen &&
			    memcmp(s + start + 1, key, klen) == 0) {
				size_t j = i + 1;

				while (j < n && (s[j] == ' ' || s[j] == '\t'))
					j++;
				if (j < n && s[j] == ':')
					return (long)start;
			}
			break;
		}
	}
	return -1;
}

long
wl_record_column(const char *line, size_t len, const char *field)
{
	long too_deep, off;

	if (field == NULL || *field == '\0')
		return 1;
	off = scan(line, len, field, &too_deep);
	return off < 0 ? 1 : (long)wl_utf8_chars(line, (size_t)off) + 1;
}

json_t *
wl_record_parse(const char *line, size_t len, struct wl_error *err)
{
	json_t *r = wl_record_parse_json(line, len, err);

	if (r != NULL && wl_schema_check(r, err) < 0) {
		if (err != NULL)
			err->col = wl_record_column(line, len, err->field);
		json_decref(r);
		return NULL;
	}
	return r;
}

json_t *
wl_record_parse_json(const char *line, size_t len, struct wl_error *err)
{
	json_error_t je;
	size_t bad;
	long deep;
	json_t *r;

	if (!wl_utf8_valid(line, len, &bad)) {
		wl_error_set(err, NULL, 0, (long)wl_utf8_chars(line, bad) + 1,
		    line[bad] == '\0' ? "NUL byte in line" :
		    "invalid UTF-8");
		return NULL;
	}
	if (len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		wl_error_set(err, NULL, 0, 1, "byte order mark (BOM) at the "
		    "start of the line: a journal is UTF-8 without one");
		return NULL;
	}
	if (len > 0 && line[len - 1] == '\r') {
		wl_error_set(err, NULL, 0, (long)wl_utf8_chars(line, len),
		    "line ends in CR LF: a journal ends lines with LF only");
		return NULL;
	}
	scan(line, len, NULL, &deep);
	if (deep >= 0) {
		wl_error_set(err, NULL, 0,
		    (long)wl_utf8_chars(line, (size_t)deep) + 1,
		    "nested deeper than %d levels", WL_DEPTH_MAX);
		return NULL;
	}
	r = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (r == NULL) {
		const char *m = je.text;

		if (strstr(m, "JSON_ALLOW_NUL"))
			m = "\\u0000 (NUL) is not allowed in a journal";
		else if (strstr(m, "near end of file") ||
		    strstr(m, "unexpected end"))
			m = "unexpected end of line: incomplete JSON";
		wl_error_set(err, NULL, 0, je.column > 0 ? je.column : 1,
		    "%s", m);
		return NULL;
	}
	if (!json_is_object(r)) {
		json_decref(r);
		wl_error_set(err, NULL, 0, 1, "a record must be a JSON object");
		return NULL;
	}
	return r;
}

/* Copy the blocks list with each element's keys in order n, title;
 * NULL when out of memory. */
static json_t *
ordered_blocks(const json_t *v)
{
	json_t *out = json_array(), *b, *o;
	const char *k;
	json_t *x;
	size_t i;

	json_array_foreach(v, i, b) {
		if (out == NULL || (o = json_object()) == NULL)
			goto fail;
		if (json_array_append_new(out, o) != 0)
			goto fail;
		if (json_is_object(b)) {
			static const char *const first[] = { "n", "title" };

			for (int f = 0; f < 2; f++)
				if ((x = json_object_get(b, first[f])) &&
				    json_object_set(o, first[f], x) != 0)
					goto fail;
			json_object_foreach(b, k, x)
				if (!json_object_get(o, k) &&
				    json_object_set(o, k, x) != 0)
					goto fail;
		}
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

/* What json_dump_callback writes the line into.  A failed write
 * sticks: jansson goes on past one (an object's key) unchecked. */
struct sink {
	char *s;
	size_t len, cap;
	int failed;
};

static int
sink_put(const char *buf, size_t n, void *data)
{
	struct sink *k = data;

	if (k->failed)
		return -1;
	if (n + 2 > k->cap - k->len) {	/* room for '\n' and NUL too */
		size_t cap = (k->len + n + 2) * 2;
		char *s = realloc(k->s, cap);

		if (s == NULL) {
			k->failed = 1;
			return -1;
		}
		k->s = s;
		k->cap = cap;
	}
	memcpy(k->s + k->len, buf, n);
	k->len += n;
	return 0;
}

char *
wl_record_encode(const json_t *rec, size_t *len)
{
	static const char *const common[] = { "id", "type", "at" };
	json_t *o = json_object(), *v;
	struct sink line = { NULL, 0, 0, 0 };
	const char *k;
	int bad = o == NULL;

	/* Any failure below means out of memory: no line rather than a
	 * line without a field, or with it out of place. */
	for (int i = 0; i < 3 && !bad; i++)
		if ((v = json_object_get(rec, common[i])))
			bad = json_object_set(o, common[i], v) != 0;
	for (const struct wl_field *f = wl_schema_fields(wl_type_of(rec));
	    f->name && !bad; f++) {
		if ((v = json_object_get(rec, f->name)) == NULL)
			continue;
		if (f->kind == FK_BLOCKS && json_is_array(v))
			bad = json_object_set_new(o, f->name,
			    ordered_blocks(v)) != 0;
		else
			bad = json_object_set(o, f->name, v) != 0;
	}
	if (!bad)
		json_object_foreach((json_t *)rec, k, v)
			if (json_object_get(o, k) == NULL &&
			    json_object_set(o, k, v) != 0)
				bad = 1;
	if (!bad)
		bad = json_dump_callback(o, sink_put, &line, JSON_COMPACT |
		    JSON_PRESERVE_ORDER) != 0 || line.failed;
	json_decref(o);
	if (bad) {
		free(line.s);
		return NULL;
	}
	line.s[line.len] = '\n';
	line.s[line.len + 1] = '\0';
	if (len != NULL)
		*len = line.len + 1;
	return line.s;
}

const char *
wl_record_str(const json_t *rec, const char *field)
{
	return json_string_value(json_object_get(rec, field));
}

long long
wl_record_int(const json_t *rec, const char *field, long long def)
{
	json_t *v = json_object_get(rec, field);

	return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}
