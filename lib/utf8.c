/* utf8.c - validation, display width, terminal safety and folding */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

/*
 * Decode one character of valid-or-not UTF-8 at s (n bytes left).
 * Returns its length and sets *cp, or 0 if the bytes are not valid
 * UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
 */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int
wl_utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		k = decode(p + i, n - i, &cp);
		if (k == 0 || cp == 0) {
			if (bad != NULL)
				*bad = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

size_t
wl_utf8_chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

struct range {
	uint32_t lo, hi;
};

static const struct range zero_width[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff },
	{ 0x200b, 0x200f }, { 0x202a, 0x202e }, { 0x2060, 0x2064 },
	{ 0x2066, 0x206f }, { 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff }, { 0xe0100, 0xe01ef },
};

static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x23e9, 0x23ec },
	{ 0x2614, 0x2615 }, { 0x2648, 0x2653 }, { 0x26a1, 0x26a1 },
	{ 0x26bd, 0x26be }, { 0x26c4, 0x26c5 }, { 0x26d4, 0x26d4 },
	{ 0x26ea, 0x26ea }, { 0x26f2, 0x26f5 }, { 0x26fa, 0x26fd },
	{ 0x2705, 0x2705 }, { 0x270a, 0x270b }, { 0x2728, 0x2728 },
	{ 0x274c, 0x274c }, { 0x2753, 0x2755 }, { 0x2757, 0x2757 },
	{ 0x2795, 0x2797 }, { 0x27b0, 0x27b0 }, { 0x2b1b, 0x2b1c },
	{ 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf },
	{ 0x4e00, 0x9fff }, { 0xa000, 0xa4cf }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe30, 0xfe4f }, { 0xff00, 0xff60 },
	{ 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f }, { 0x1f680, 0x1f6ff },
	{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

static int
in(const struct range *r, size_t n, uint32_t c)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

size_t
wl_utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, w = 0, k;
	uint32_t c;

	while (i < n) {
		k = decode(p + i, n - i, &c);
		if (k == 0) {
			i++;
			w++;
			continue;
		}
		i += k;
		if (c < 0x20 || (c >= 0x7f && c < 0xa0) ||
		    in(zero_width, NELEM(zero_width), c))
			continue;
		w += in(wide, NELEM(wide), c) ? 2 : 1;
	}
	return w;
}

static int
unsafe(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0) ||
	    (c >= 0x200e && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

char *
wl_utf8_sanitize(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0, k;
	char *out = malloc(n * 10 + 1);	/* "\u{XXXXX}" per byte at most */
	uint32_t c;

	if (out == NULL)
		return NULL;
	while (i < n) {
		k = decode(p + i, n - i, &c);
		if (k == 0) {
			o += (size_t)sprintf(out + o, "\\x%02X", p[i]);
			i++;
			continue;
		}
		if (!unsafe(c)) {
			memcpy(out + o, p + i, k);
			o += k;
		} else if (c == '\n')
			o += (size_t)sprintf(out + o, "\\n");
		else if (c == '\t')
			o += (size_t)sprintf(out + o, "\\t");
		else if (c == '\r')
			o += (size_t)sprintf(out + o, "\\r");
		else if (c == 0x1b)
			o += (size_t)sprintf(out + o, "\\e");
		else
			o += (size_t)sprintf(out + o, "\\u{%04X}", c);
		i += k;
	}
	out[o] = '\0';
	return out;
}

char *
wl_utf8_json_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0, k;
	char *out = malloc(n * 6 + 1);	/* "\uXXXX" per byte at most */
	uint32_t c;

	if (out == NULL)
		return NULL;
	while (i < n) {
		k = decode(p + i, n - i, &c);
		if (k == 0)
			k = 1, c = 0;	/* not UTF-8: copied, jansson's job */
		if (c >= 0x7f && unsafe(c))
			o += (size_t)sprintf(out + o, "\\u%04x", c);
		else {
			memcpy(out + o, p + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return out;
}

/*
 * Base letters of U+00C0..U+017F; a digit stands for a pair
 * (1 ij, 2 oe, 3 ae, 4 ss, 5 th), '0' keeps the character.
 */
static const char latin_base[] =
    "aaaaaa3ceeeeiiii" "dnooooo0ouuuuy54"	/* U+00C0 */
    "aaaaaa3ceeeeiiii" "dnooooo0ouuuuy5y"	/* U+00E0 */
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg"	/* U+0100 */
    "gggghhhhiiiiiiii" "ii11jjkkklllllll"	/* U+0120 */
    "lllnnnnnnnnnoooo" "oo22rrrrrrssssss"	/* U+0140 */
    "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";	/* U+0160 */

static const char *const pairs[] = { "", "ij", "oe", "ae", "ss", "th" };

/*
 * The folded form of the character at p (n > 0 bytes left) into out,
 * at most 4 bytes; returns their number, and *used the bytes read.
 * Bytes that are not UTF-8 are kept one by one.
 */
static size_t
fold_char(const unsigned char *p, size_t n, char *out, size_t *used)
{
	uint32_t c;
	size_t k = decode(p, n, &c);

	if (k == 0) {
		*used = 1;
		out[0] = (char)p[0];
		return 1;
	}
	*used = k;
	if (c < 0x80) {
		out[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		return 1;
	}
	if (c >= 0xc0 && c <= 0x17f && latin_base[c - 0xc0] != '0') {
		char b = latin_base[c - 0xc0];

		if (b >= '1' && b <= '5') {
			memcpy(out, pairs[b - '0'], 2);
			return 2;
		}
		out[0] = b;
		return 1;
	}
	if (c >= 0x300 && c <= 0x36f)
		return 0;	/* combining diacritic: dropped */
	if (c == 0x2018 || c == 0x2019) {
		out[0] = '\'';
		return 1;
	}
	if (c == 0x201c || c == 0x201d) {
		out[0] = '"';
		return 1;
	}
	memcpy(out, p, k);
	return k;
}

size_t
wl_utf8_fold_n(const char *s, size_t n, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, used;

	while (i < n) {
		o += fold_char(p + i, n - i, out + o, &used);
		i += used;
	}
	out[o] = '\0';
	return o;
}

size_t
wl_utf8_next(const char *s, size_t n, int *word)
{
	uint32_t c;
	size_t k = decode((const unsigned char *)s, n, &c);

	if (k == 0) {		/* not UTF-8: a byte, and no letter */
		*word = 0;
		return 1;
	}
	if (c < 0x80)
		*word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z');
	else
		/* Latin-1 punctuation and signs, general punctuation,
		 * CJK punctuation and the byte order mark part words;
		 * what else is past ASCII is taken for a letter. */
		*word = !(c <= 0xbf || c == 0xd7 || c == 0xf7 ||
		    (c >= 0x2000 && c <= 0x2bff) ||
		    (c >= 0x3000 && c <= 0x303f) || c == 0xfeff);
	return k;
}

char *
wl_utf8_fold(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0, used;
	char *out = malloc(n * 2 + 1);	/* "ij" for the two bytes of U+0133 */

	if (out == NULL)
		return NULL;
	while (i < n) {
		o += fold_char(p + i, n - i, out + o, &used);
		i += used;
	}
	out[o] = '\0';
	return out;
}

/* A string read folded, a byte at a time. */
struct folding {
	const unsigned char *p;
	size_t n;		/* bytes of p left */
	char buf[4];		/* the folded form of the last character */
	size_t len, at;
};

/* The next byte of the folded string, or -1 at its end. */
static int
folded_byte(struct folding *f)
{
	size_t used;

	while (f->at == f->len) {
		if (f->n == 0)
			return -1;
		f->len = fold_char(f->p, f->n, f->buf, &used);
		f->at = 0;
		f->p += used;
		f->n -= used;
	}
	return (unsigned char)f->buf[f->at++];
}

/* Compared as they fold, without a copy: matching a name cannot run
 * out of memory, and so cannot fail to find it for that. */
int
wl_utf8_same(const char *a, const char *b)
{
	struct folding x = { (const unsigned char *)a, 0, "", 0, 0 };
	struct folding y = { (const unsigned char *)b, 0, "", 0, 0 };
	int c;

	if (a == NULL || b == NULL)
		return 0;
	x.n = strlen(a);
	y.n = strlen(b);
	do {
		if ((c = folded_byte(&x)) != folded_byte(&y))
			return 0;
	} while (c != -1);
	return 1;
}
