/* strbuf.h - a growable string, for every text cmd/ builds from what
 * the user gave: no fixed buffer, so nothing is ever cut */
#ifndef WL_STRBUF_H
#define WL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * buf is always a NUL-terminated string of len bytes, also before
 * anything was added (then it is a shared empty string that is never
 * written to).  The functions that add exit 2 with "out of memory"
 * when they cannot grow it (cli_oom): a caller never sees it cut.
 */
struct strbuf {
	size_t alloc;		/* bytes at buf; 0 while buf is shared */
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb);
/* Free the string and make sb empty again (STRBUF_INIT). */
void strbuf_release(struct strbuf *sb);
/* Make room for extra more bytes (and the NUL). */
void strbuf_grow(struct strbuf *sb, size_t extra);
/* Empty the string, keeping its memory for the next use. */
void strbuf_reset(struct strbuf *sb);
/* Cut or confirm the length at len (at most sb->len + what grow made
 * room for); the NUL follows. */
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* The string, now the caller's to free; sb is empty again. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
