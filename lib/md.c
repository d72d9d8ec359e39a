/* md.c - the Markdown writer: user text escaped for its context */
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

/*
 * Why each rule (CommonMark and GFM, as cmark-gfm and pandoc read
 * them; pandoc's own markdown, what `pandoc -o x.docx` reads, too):
 *
 * - Text stays on its line: CR, LF, tabs and runs of blanks become
 *   one space, and the ends are trimmed (no indented code, no hard
 *   break, no setext underline, no lazy continuation).  Other
 *   control characters become U+FFFD, since a Word file cannot hold
 *   them.
 * - Always escaped, anywhere: \ ` * _ ~ ^ [ ] < > | $ @ -- a backslash
 *   escape of ASCII punctuation is honoured by every reader.  That
 *   rules out code spans and fences, emphasis, strikethrough, sub-
 *   and superscript, links, images, footnotes, raw HTML and <autolinks>,
 *   blockquotes, table columns, TeX math and citations.
 * - & only when an entity reference could follow (&amp; &#60;).
 * - Bare URLs, which GFM links by itself: ':' before '/' (http://,
 *   javascript://...) and the '.' of "www." are escaped.  GFM also
 *   links e-mail addresses, in a pass over text made after escapes
 *   are resolved, so no escape can stop it: an invisible WORD JOINER
 *   (U+2060) after the '@' does.
 * - At the start of the text, what opens a block: # - + = : (ATX
 *   heading, list, thematic break, definition list, fenced div), a
 *   list number ("1." "1)" and pandoc's "a." "iv)" "(1)").
 * - In a heading also every '#' (a closing sequence).
 * - Pandoc extensions a reader may have on: { } anywhere (attributes,
 *   which commonmark_x attaches to the word before them: a note
 *   ending "{onmouseover=alert(1)}" would put that attribute on a
 *   span; raw attributes "{=html}"; header attributes), and the
 *   opening ':' of an emoji ":smile:" (letters, digits, _ + - between
 *   two colons) of gfm and commonmark_x; "10:30" stays as it is.  Footnote "[^1]" and citation "[@key]" "@key" markers are
 *   out already, with [ ^ @.
 * - A list item that starts "[ ]" or "[x]" is a check box to pandoc's
 *   markdown whatever the escapes: a WORD JOINER goes first.
 */

#define WORD_JOINER "\xe2\x81\xa0"
#define REPLACEMENT "\xef\xbf\xbd"

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* The text on one line: blank runs to one space, ends trimmed. */
/* s on one line: blanks and line breaks as one space, the ends
 * trimmed, other controls as U+FFFD.  Caller frees. */
static char *
one_line(const char *s)
{
	/* At most three bytes out for each byte in. */
	char *out = malloc(3 * strlen(s) + 1), *o = out;
	int space = 0;

	if (out == NULL)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (is_space(*p)) {
			space = 1;
			continue;
		}
		if (space && o > out)
			*o++ = ' ';
		space = 0;
		if (*p < 0x20 || *p == 0x7f) {
			memcpy(o, REPLACEMENT, 3);
			o += 3;
		} else
			*o++ = (char)*p;
	}
	*o = '\0';
	return out;
}

static size_t
list_number(const char *s)
{
	size_t n = 0;

	if (is_digit((unsigned char)s[0])) {
		while (is_digit((unsigned char)s[n]) && n < 10)
			n++;
	} else if (strchr("ivxlcdmIVXLCDM", s[0]) != NULL && s[0] != '\0') {
		while (s[n] != '\0' && strchr("ivxlcdmIVXLCDM", s[n]) != NULL)
			n++;
	} else if (is_alnum((unsigned char)s[0]))
		n = 1;
	if (n == 0 || (s[n] != '.' && s[n] != ')'))
		return 0;
	return s[n + 1] == '\0' || s[n + 1] == ' ' ? n : 0;
}

/* "[ ]", "[x]": pandoc's markdown makes a check box of them at the
 * start of a list item, escaped or not. */
static int
task_box(const char *s)
{
	return s[0] == '[' && (s[1] == ' ' || s[1] == 'x' || s[1] == 'X') &&
	    s[2] == ']';
}

/* 1 if p starts an emoji ":name:" as gfm and commonmark_x read it
 * (letters, digits, _ + - between two colons); "10:30" does not. */
static int
emoji(const char *p)
{
	size_t n = 1;

	while (is_alnum((unsigned char)p[n]) || (p[n] != '\0' &&
	    strchr("_+-", p[n]) != NULL))
		n++;
	return n > 1 && p[n] == ':';
}

static int
starts_www(const char *p)
{
	return (p[0] | 0x20) == 'w' && (p[1] | 0x20) == 'w' &&
	    (p[2] | 0x20) == 'w' && p[3] == '.';
}

char *
wl_md_escape(const char *s, enum wl_md_ctx ctx)
{
	char *line = one_line(s ? s : ""), *out, *o;
	size_t num, i;

	if (line == NULL)
		return NULL;
	/* At most five bytes out for each byte in ("\\@" and a word
	 * joiner), and a word joiner before. */
	if ((out = malloc(5 * strlen(line) + 4)) == NULL) {
		free(line);
		return NULL;
	}
	o = out;
	num = list_number(line);
	if (ctx == WL_MD_ITEM && task_box(line)) {
		memcpy(o, WORD_JOINER, 3);
		o += 3;
	}
	for (i = 0; line[i] != '\0'; i++) {
		char c = line[i];
		int esc = 0;

		switch (c) {
		case '\\': case '`': case '*': case '_': case '~': case '^':
		case '[': case ']': case '<': case '>': case '|': case '$':
		case '@':
			esc = 1;
			break;
		case '&':
			esc = line[i + 1] == '#' ||
			    is_alnum((unsigned char)line[i + 1]);
			break;
		case ':':
			esc = i == 0 || line[i + 1] == '/' ||
			    emoji(line + i);
			break;
		case '#':
			esc = i == 0 || ctx == WL_MD_HEADING;
			break;
		case '{': case '}':
			esc = 1;
			break;
		case '-': case '+': case '=': case '(':
			esc = i == 0;
			break;
		case '.': case ')':
			esc = num > 0 && i == num;
			break;
		case 'w': case 'W':
			if (starts_www(line + i)) {	/* "www\." */
				memcpy(o, line + i, 3);
				memcpy(o + 3, "\\.", 2);
				o += 5;
				i += 3;
				continue;
			}
			break;
		default:
			break;
		}
		if (esc)
			*o++ = '\\';
		*o++ = c;
		if (c == '@' && line[i + 1] != '\0' &&
		    (is_alnum((unsigned char)line[i + 1]) ||
		    strchr("._-", line[i + 1]) != NULL)) {
			memcpy(o, WORD_JOINER, 3);
			o += 3;
		}
	}
	*o = '\0';
	free(line);
	return out;
}

int
wl_md_put(FILE *fp, const char *s, enum wl_md_ctx ctx)
{
	char *e = wl_md_escape(s, ctx);
	int rc;

	if (e == NULL)
		return -1;
	rc = fputs(e, fp) < 0 ? -1 : 0;
	free(e);
	return rc;
}

char *
wl_md_chart_label(const char *s)
{
	char *out = one_line(s ? s : "");

	if (out == NULL)
		return NULL;
	for (char *p = out; *p; p++)
		if (strchr("\"`;:#%{}<>", *p) != NULL)
			*p = *p == '"' || *p == '`' ? '\'' : ' ';
	return out;
}
