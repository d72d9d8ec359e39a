/* scan.c - vouch for a canonical journal line without parsing it */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "wl.h"
#include "internal.h"
#include "scan.h"

/*
 * The scanner never says a line is bad: it accepts only what it can
 * fully check and answers "don't know" for the rest, which the caller
 * hands to wl_line_parse.  So it can be strict about form: anything
 * jansson would write differently (spacing, key order, escapes such as
 * \/ or \u00e9, -0, unknown fields) is "don't know".
 */

struct cur {
	const char *p, *end;
};

/* A string that jansson writes this way; p at its '"'.  Sets the
 * span of its raw content, and whether it has escapes and is blank
 * (only space, \t, \n, \r).  0 if not canonical. */
static int
string(struct cur *c, const char **s, size_t *n, int *esc, int *blank)
{
	const unsigned char *p = (const unsigned char *)c->p + 1;
	const unsigned char *end = (const unsigned char *)c->end;
	int high = 0;

	if (c->p >= c->end || *c->p != '"')
		return 0;
	*esc = 0;
	*blank = 1;
	while (p < end) {
#ifdef __SSE2__
		/* Sixteen bytes at a time while they are plain: no quote,
		 * backslash, control or byte >= 0x80 (a negative char). */
		if (end - p >= 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)p);
			unsigned sp = (unsigned)_mm_movemask_epi8(
			    _mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
			unsigned odd = (unsigned)_mm_movemask_epi8(
			    _mm_or_si128(_mm_or_si128(
			    _mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
			    _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
			    _mm_cmplt_epi8(x, _mm_set1_epi8(0x20))));
			unsigned k = odd ? (unsigned)__builtin_ctz(odd) : 16;
			unsigned lead = (1u << k) - 1;	/* the plain ones */

			if ((sp & lead) != lead)
				*blank = 0;
			p += k;
			if (k == 16)
				continue;
		}
#endif
		if (*p == '"')
			break;
		if (*p >= 0x80) {
			high = 1;
			*blank = 0;
		} else if (*p < 0x20) {
			return 0;
		} else if (*p == '\\') {
			*esc = 1;
			if (++p >= end)
				return 0;
			switch (*p) {
			case '"': case '\\': case 'b': case 'f':
				*blank = 0;
				break;
			case 'n': case 'r': case 't':
				break;
			case 'u': {
				/* Only the control characters without a
				 * short form, as \u00XX in upper case. */
				unsigned v;

				if (end - p < 5 || p[1] != '0' || p[2] != '0' ||
				    (p[3] != '0' && p[3] != '1'))
					return 0;
				if (p[4] >= '0' && p[4] <= '9')
					v = (unsigned)(p[4] - '0');
				else if (p[4] >= 'A' && p[4] <= 'F')
					v = (unsigned)(p[4] - 'A' + 10);
				else
					return 0;
				v += p[3] == '1' ? 16 : 0;
				if (v == 0 || v == '\b' || v == '\f' ||
				    v == '\n' || v == '\r' || v == '\t')
					return 0;
				*blank = 0;
				p += 4;
				break;
			}
			default:
				return 0;
			}
		} else if (*p != ' ')
			*blank = 0;
		p++;
	}
	if (p >= end)
		return 0;
	*s = c->p + 1;
	*n = (size_t)((const char *)p - *s);
	if (high && !wl_utf8_valid(*s, *n, NULL))
		return 0;
	c->p = (const char *)p + 1;
	return 1;
}

/* A plain string value (no escapes) into buf, NUL-terminated. */
static int
plain(struct cur *c, char *buf, size_t size, const char **s, size_t *n)
{
	int esc, blank;

	if (!string(c, s, n, &esc, &blank) || esc || *n >= size)
		return 0;
	memcpy(buf, *s, *n);
	buf[*n] = '\0';
	return 1;
}

/* A positive integer as jansson writes it, at most 18 digits. */
static int
integer(struct cur *c, long long *v)
{
	const char *p = c->p;
	long long x = 0;

	if (p >= c->end || *p < '1' || *p > '9')
		return 0;
	for (; p < c->end && *p >= '0' && *p <= '9'; p++) {
		if (p - c->p >= 18)
			return 0;
		x = x * 10 + (*p - '0');
	}
	*v = x;
	c->p = p;
	return 1;
}

static int
lit(struct cur *c, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0)
		return 0;
	c->p += n;
	return 1;
}

/* The value of field f; fills out for the fields a list needs. */
static int
value(struct cur *c, const struct wl_field *f, struct wl_scan *out)
{
	char buf[24];
	const char *s;
	size_t n;
	int esc, blank, i;
	long long v;

	switch (f->kind) {
	case FK_STR:
		if (!string(c, &s, &n, &esc, &blank) ||
		    (f->required && blank))
			return 0;
		if (f->name[0] == 'o' && strcmp(f->name, "owner") == 0) {
			out->ref[WL_SCAN_OWNER] = s;
			out->reflen[WL_SCAN_OWNER] = n;
		}
		return 1;
	case FK_INT:
		if (!integer(c, &v) || v < f->min)
			return 0;
		if (f->name[0] == 'b' && strcmp(f->name, "block") == 0)
			out->block = v;
		return 1;
	case FK_BOOL:
		return lit(c, "true") || lit(c, "false");
	case FK_DATE:
		return plain(c, buf, sizeof(buf), &s, &n) && wl_date_valid(buf);
	case FK_TIME:
		return plain(c, buf, sizeof(buf), &s, &n) && wl_time_valid(buf);
	case FK_ID:	/* as plain() and wl_id_valid() would have it */
		if (c->end - c->p < WL_ID_LEN + 2 || c->p[0] != '"' ||
		    c->p[WL_ID_LEN + 1] != '"')
			return 0;
		s = c->p + 1;
		n = WL_ID_LEN;
		for (i = 0; i < WL_ID_LEN; i++)
			if (!((s[i] >= '0' && s[i] <= '9') ||
			    (s[i] >= 'a' && s[i] <= 'f')))
				return 0;
		c->p += WL_ID_LEN + 2;
		for (i = 0; i < WL_SCAN_NREFS; i++) {
			static const char *const names[] = { "session", "by",
				"owner", "ref" };

			if (f->name[0] == names[i][0] &&
			    strcmp(f->name, names[i]) == 0) {
				out->ref[i] = s;
				out->reflen[i] = n;
			}
		}
		return 1;
	case FK_ENUM:
		if (!plain(c, buf, sizeof(buf), &s, &n))
			return 0;
		for (i = 0; f->values[i]; i++)
			if (f->values[i][0] == buf[0] &&
			    strcmp(f->values[i], buf) == 0) {
				if (strcmp(f->name, "kind") == 0 ||
				    strcmp(f->name, "status") == 0)
					out->val = i + 1;
				return 1;
			}
		return 0;
	case FK_STRS:
		if (!lit(c, "["))
			return 0;
		if (lit(c, "]"))
			return 1;
		do {
			if (!string(c, &s, &n, &esc, &blank) || blank)
				return 0;
		} while (lit(c, ","));
		return lit(c, "]");
	default:	/* blocks and set hold objects: not here */
		return 0;
	}
}

/* The value of field f, as value(), its bytes kept in slot k. */
static int
kept(struct cur *c, const struct wl_field *f, struct wl_scan *out, int k)
{
	const char *p = c->p;

	if (!value(c, f, out))
		return 0;
	out->span[k] = p;
	out->spanlen[k] = (size_t)(c->p - p);
	return 1;
}

/* '"name":' for a key without escapes; the name's span. */
static int
key(struct cur *c, const char **s, size_t *n)
{
	int esc, blank;

	return string(c, s, n, &esc, &blank) && !esc && lit(c, ":");
}

int
wl_scan_line(const char *line, size_t len, struct wl_scan *out)
{
	static const struct wl_field id_field = { "id", FK_ID, 1, NULL, 0 };
	static const struct wl_field at_field = { "at", FK_TIME, 1, NULL, 0 };
	struct cur c = { line, line + len };
	const struct wl_field *fields, *f;
	char tname[16];
	const char *s;
	size_t n;
	unsigned seen = 0;
	int i;

	memset(out, 0, sizeof(*out));
	if (!lit(&c, "{\"id\":") || !kept(&c, &id_field, out, 0))
		return 0;
	out->id = c.p - 1 - WL_ID_LEN;
	if (!lit(&c, ",\"type\":") ||
	    !plain(&c, tname, sizeof(tname), &s, &n) ||
	    (out->type = wl_type_from_name(tname)) == WL_UNKNOWN ||
	    !lit(&c, ",\"at\":") || !kept(&c, &at_field, out, 1))
		return 0;
	/* Known fields only, in table order: so each at most once. */
	fields = wl_schema_fields(out->type);
	f = fields;
	while (lit(&c, ",")) {
		if (!key(&c, &s, &n))
			return 0;
		while (f->name != NULL && (strlen(f->name) != n ||
		    memcmp(f->name, s, n) != 0))
			f++;
		if (f->name == NULL || 2 + (f - fields) >= WL_SCAN_SLOTS ||
		    !kept(&c, f, out, 2 + (int)(f - fields)))
			return 0;
		seen |= 1u << (f - fields);
		f++;
	}
	if (!lit(&c, "}") || c.p != c.end)
		return 0;
	for (i = 0; fields[i].name != NULL; i++)
		if (fields[i].required && !(seen & (1u << i)))
			return 0;
	return 1;
}

const char *
wl_scan_value(const struct wl_scan *sc, enum wl_type t, const char *field)
{
	const struct wl_field *f = wl_schema_fields(t);

	for (int k = 0; f[k].name != NULL && 2 + k < WL_SCAN_SLOTS; k++)
		if (strcmp(f[k].name, field) == 0)
			return sc->spanlen[2 + k] > 1 ? sc->span[2 + k] + 1 :
			    NULL;
	return NULL;
}
