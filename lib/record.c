/* record.c - building, parsing and canonically encoding records */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

/*
 * jansson does not always say when it runs out of memory.  Its lexer
 * drops a byte it has no room to keep and reads on (load.c, lex_save),
 * so a line could load with a string or a number cut short, or fail as
 * if its syntax were wrong; its writer drops a key it has no room for
 * and writes on (dump.c, the unchecked dump_string of a key), so a
 * line could lack the name of a member.  So its allocator is watched
 * around those two: the first failure is noted, and every later
 * allocation of that parse or dump fails too, so that jansson stops
 * there rather than go on with a buffer that lacks bytes.  The watch
 * passes every call on to the allocator that was set before it
 * (jansson's default, or a test's fault injector), and outside a
 * watched call it only passes them on.
 */
static json_malloc_t next_malloc;
static _Thread_local int watching, starved;

static void *
watched_malloc(size_t n)
{
	void *p;

	if (watching && starved)
		return NULL;
	if ((p = next_malloc(n)) == NULL && watching)
		starved = 1;
	return p;
}

static void
install_watch(void)
{
	json_free_t next_free;

	json_get_alloc_funcs(&next_malloc, &next_free);
	json_set_alloc_funcs(watched_malloc, next_free);
}

void
wl_json_prepare(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, install_watch);
}

static void
watch_begin(void)
{
	wl_json_prepare();
	watching = 1;
	starved = 0;
}

/* 1 if an allocation failed since watch_begin. */
static int
watch_end(void)
{
	watching = 0;
	return starved;
}

json_t *
wl_json_parse(const char *s, size_t len, size_t flags, json_error_t *je,
    int *nomem)
{
	json_t *r;

	watch_begin();
	r = json_loadb(s, len, flags, je);
	if ((*nomem = watch_end()) != 0) {
		json_decref(r);
		r = NULL;
	}
	return r;
}

char *
wl_json_dumps(const json_t *v, size_t flags)
{
	char *s;

	watch_begin();
	s = json_dumps(v, flags);
	if (watch_end()) {
		free(s);
		s = NULL;
	}
	if (s == NULL)
		errno = ENOMEM;
	return s;
}

/* Fill err with "out of memory", marked as such for the caller. */
static void
nomem(struct wl_error *err)
{
	wl_error_set(err, NULL, 0, 0, "out of memory");
	if (err != NULL)
		err->code = WL_ENOMEM;
	errno = ENOMEM;
}

json_t *
wl_draft_new(enum wl_type t, struct wl_error *err)
{
	char id[WL_ID_LEN + 1], at[WL_TIME_LEN + 1];
	json_t *r;

	if (wl_id_new(id, err) < 0 || wl_clock_now(at, err) < 0)
		return NULL;
	/* A NULL value makes json_object_set_new fail, and it frees the
	 * value it could not set. */
	r = json_object();
	if (r == NULL || json_object_set_new(r, "id", json_string(id)) ||
	    json_object_set_new(r, "type", json_string(wl_type_name(t))) ||
	    json_object_set_new(r, "at", json_string(at))) {
		json_decref(r);
		nomem(err);
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
wl_line_column(const char *line, size_t len, const char *field)
{
	long too_deep, off;

	if (field == NULL || *field == '\0')
		return 1;
	off = scan(line, len, field, &too_deep);
	return off < 0 ? 1 : (long)wl_utf8_chars(line, (size_t)off) + 1;
}

json_t *
wl_line_parse(const char *line, size_t len, struct wl_error *err)
{
	json_t *r = wl_line_parse_json(line, len, err);

	if (r != NULL && wl_schema_check(r, err) < 0) {
		if (err != NULL)
			err->col = wl_line_column(line, len, err->field);
		json_decref(r);
		return NULL;
	}
	return r;
}

json_t *
wl_line_parse_json(const char *line, size_t len, struct wl_error *err)
{
	json_error_t je;
	size_t bad;
	long deep;
	json_t *r;
	int short_of;

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
	r = wl_json_parse(line, len, JSON_REJECT_DUPLICATES, &je, &short_of);
	if (short_of) {
		nomem(err);
		return NULL;
	}
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

/*
 * Copy into to the members of object from that are named (NULL-ended),
 * in that order; with rest, then the others in their own order.  0,
 * or -1 when out of memory, which must not leave a member out unseen.
 */
static int
copy_members(json_t *to, const json_t *from, const char *const *names,
    int rest)
{
	const char *k;
	json_t *x;

	for (; *names != NULL; names++)
		if ((x = json_object_get(from, *names)) != NULL &&
		    json_object_set(to, *names, x) < 0)
			return -1;
	if (rest)
		json_object_foreach((json_t *)from, k, x)
			if (json_object_get(to, k) == NULL &&
			    json_object_set(to, k, x) < 0)
				return -1;
	return 0;
}

/* Copy the blocks list with each element's keys in order n, title;
 * NULL when out of memory. */
static json_t *
ordered_blocks(const json_t *v)
{
	static const char *const first[] = { "n", "title", NULL };
	json_t *out = json_array(), *b, *o;
	size_t i;

	if (out == NULL)
		return NULL;
	json_array_foreach(v, i, b) {
		if ((o = json_object()) == NULL ||
		    (json_is_object(b) && copy_members(o, b, first, 1) < 0) ||
		    json_array_append_new(out, o) < 0) {
			json_decref(o);
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* A member of a record, in the order a line has it. */
struct member {
	const char *k;
	const json_t *v;
	int blocks;		/* a list of blocks */
};

/* A growing line. */
struct line {
	char *p;
	size_t n, cap;
	int oom;
};

static void
put(struct line *l, const char *s, size_t n)
{
	if (l->oom)
		return;
	if (l->n + n + 2 > l->cap) {	/* room for '\n' and '\0' too */
		size_t cap = l->cap ? l->cap : 256;
		char *p;

		while (l->n + n + 2 > cap)
			cap *= 2;
		if ((p = realloc(l->p, cap)) == NULL) {
			l->oom = 1;
			return;
		}
		l->p = p;
		l->cap = cap;
	}
	memcpy(l->p + l->n, s, n);
	l->n += n;
}

/* A string as jansson's compact writer puts it: '"', '\\' and control
 * characters escaped, the rest (valid UTF-8, as every jansson string
 * made by wl is) as it is. */
static void
put_string(struct line *l, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t from = 0;

	put(l, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6] = { '\\', 0, '0', '0', 0, 0 };
		size_t len = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(l, s + from, i - from);
		from = i + 1;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			len = 6;
		}
		put(l, esc, len);
	}
	put(l, s + from, n - from);
	put(l, "\"", 1);
}

/* A member's value; a list of blocks with each block's n and title
 * first. */
static void
put_value(struct line *l, const json_t *v, int blocks)
{
	char num[32];
	json_t *x;
	char *s;

	switch (json_typeof(v)) {
	case JSON_STRING:
		put_string(l, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		put(l, num, strlen(num));
		return;
	case JSON_TRUE:
		put(l, "true", 4);
		return;
	case JSON_FALSE:
		put(l, "false", 5);
		return;
	case JSON_NULL:
		put(l, "null", 4);
		return;
	default:		/* lists, objects, reals: rare; jansson's */
		break;
	}
	x = blocks && json_is_array(v) ? ordered_blocks(v) :
	    json_incref((json_t *)v);
	s = x ? wl_json_dumps(x, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY) : NULL;
	json_decref(x);
	if (s == NULL)
		l->oom = 1;
	else
		put(l, s, strlen(s));
	free(s);
}

/* Keep member k (value v) in m[*n], unless it is there already. */
static void
keep(struct member *m, size_t *n, const char *k, const json_t *v,
    int blocks)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(m[i].k, k) == 0)
			return;
	m[(*n)++] = (struct member){ k, v, blocks };
}

/*
 * The members of rec in canonical order: id, type, at, the type's
 * fields in the order of wl-journal(5), then any others in rec's own
 * order; each once.  Written straight from rec (a copy to hand to
 * jansson's writer cost most of a bulk add); test_record.c holds it to
 * jansson's writer over a copy in that order.
 */
char *
wl_line_encode(const json_t *rec, size_t *len)
{
	static const char *const common[] = { "id", "type", "at" };
	struct member few[32], *m = few;
	size_t size = json_object_size(rec), n = 0, i;
	struct line l = { NULL, 0, 0, 0 };
	const char *k;
	json_t *v;

	/* Every member kept is one of rec's. */
	if (size > sizeof(few) / sizeof(*few) &&
	    (m = malloc(size * sizeof(*m))) == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	for (i = 0; i < 3; i++)
		if ((v = json_object_get(rec, common[i])) != NULL)
			keep(m, &n, common[i], v, 0);
	for (const struct wl_field *f = wl_schema_fields(wl_type_of(rec));
	    f->name; f++)
		if ((v = json_object_get(rec, f->name)) != NULL)
			keep(m, &n, f->name, v, f->kind == FK_BLOCKS);
	json_object_foreach((json_t *)rec, k, v)
		keep(m, &n, k, v, 0);
	put(&l, "{", 1);
	for (i = 0; i < n; i++) {
		if (i > 0)
			put(&l, ",", 1);
		put_string(&l, m[i].k, strlen(m[i].k));
		put(&l, ":", 1);
		put_value(&l, m[i].v, m[i].blocks);
	}
	put(&l, "}\n", 2);
	if (m != few)
		free(m);
	if (l.oom) {
		free(l.p);
		errno = ENOMEM;
		return NULL;
	}
	l.p[l.n] = '\0';
	if (len != NULL)
		*len = l.n;
	return l.p;
}

/* Free lines[0..n) and the vector. */
static void
lines_free(char **lines, size_t n)
{
	for (size_t i = 0; lines != NULL && i < n; i++)
		free(lines[i]);
	free(lines);
}

/*
 * The template of wl_draft_lines: rec's line with "" as key's value,
 * cut around that value (its quotes left out), and where its "at"
 * value is.  0, or -1 when rec's line does not have that shape.
 */
static int
line_template(json_t *rec, const char *key, char **line, size_t *cut,
    size_t *at, struct wl_error *err)
{
	char *a = NULL, *b = NULL, *t;
	size_t la = 0, lb = 0, k = 0;
	int rc = -1;

	/* The line with "" and with "x": they differ at the value only,
	 * wherever wl_line_encode puts the member. */
	if (json_object_set_new(rec, key, json_string("")) != 0 ||
	    (a = wl_line_encode(rec, &la)) == NULL ||
	    json_object_set_new(rec, key, json_string("x")) != 0 ||
	    (b = wl_line_encode(rec, &lb)) == NULL) {
		nomem(err);
		goto out;
	}
	while (k < la && a[k] == b[k])
		k++;
	t = strstr(a, "\",\"at\":\"");
	if (k == 0 || k >= la || lb != la + 1 || a[k - 1] != '"' ||
	    a[k] != '"' || b[k] != 'x' || memcmp(a + k, b + k + 1, la - k) ||
	    t == NULL || (size_t)(t - a) + 8 + WL_TIME_LEN >= k - 1 ||
	    strncmp(a, "{\"id\":\"", 7) != 0) {
		wl_error_set(err, NULL, 0, 0, "cannot make the lines of "
		    "the records: their form is not the canonical one");
		goto out;
	}
	*line = a;
	*cut = k - 1;		/* before the value's opening quote */
	*at = (size_t)(t - a) + 8;
	a = NULL;
	rc = 0;
out:
	free(a);
	free(b);
	return rc;
}

char **
wl_draft_lines(enum wl_type t, const json_t *fields, const char *key,
    char *const *values, size_t n, struct wl_error *err)
{
	char **lines = calloc(n + 1, sizeof(*lines)), *tl = NULL;
	json_t *rec = wl_draft_new(t, err), *v;
	size_t cut = 0, at = 0, tlen, i;
	const char *k;

	if (rec == NULL)
		goto fail;	/* said why (WL_NOW, or memory) */
	if (lines == NULL)
		goto nomem;
	/* The members in the order a caller that set them would give. */
	json_object_foreach((json_t *)fields, k, v)
		if (json_object_set(rec, k, v) != 0)
			goto nomem;
	if (line_template(rec, key, &tl, &cut, &at, err) < 0)
		goto fail;
	tlen = strlen(tl);
	for (i = 0; i < n; i++) {
		size_t vlen = strlen(values[i]);
		struct line l = { NULL, 0, 0, 0 };

		if (!wl_utf8_valid(values[i], vlen, NULL)) {
			wl_error_set(err, NULL, 0, 0, "the %s of record %zu "
			    "is not valid UTF-8", key, i + 1);
			goto fail;
		}
		/* Room for the value unescaped: most take no more. */
		l.cap = tlen + vlen + 2;
		if ((l.p = malloc(l.cap)) == NULL)
			goto nomem;
		put(&l, tl, cut);
		if (wl_id_new(l.p + 7, err) < 0 ||
		    wl_clock_now(l.p + at, err) < 0) {
			free(l.p);
			goto fail;
		}
		/* Both wrote their '\0' into the line: the quotes after
		 * them come back. */
		l.p[7 + WL_ID_LEN] = '"';
		l.p[at + WL_TIME_LEN] = '"';
		put_string(&l, values[i], vlen);
		put(&l, tl + cut + 2, tlen - cut - 2);
		if (l.oom) {
			free(l.p);
			goto nomem;
		}
		l.p[l.n] = '\0';
		lines[i] = l.p;
	}
	free(tl);
	json_decref(rec);
	return lines;
nomem:
	nomem(err);
fail:
	free(tl);
	json_decref(rec);
	lines_free(lines, n);
	return NULL;
}

const char *
wl_field_str(const json_t *rec, const char *field)
{
	return json_string_value(json_object_get(rec, field));
}

long long
wl_field_int(const json_t *rec, const char *field, long long def)
{
	json_t *v = json_object_get(rec, field);

	return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}
