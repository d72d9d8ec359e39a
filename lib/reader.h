/* reader.h - the one line reader: every part of the library that reads
 * a journal (or journal-shaped input) reads its lines here */
#ifndef WL_READER_H
#define WL_READER_H

#include <stddef.h>

#include "wl.h"

/* One line, without its '\n'. */
struct wl_line {
	const char *p;
	size_t len;
	long no;		/* 1-based */
	size_t off;		/* where it starts in the input */
};

#define WL_READ_WHOLE 1		/* all bytes at hand: for passes and parts */
#define WL_READ_LOCKED 2	/* the caller holds the journal's lock */
#define WL_READ_MAPPED 4	/* mapped, or nothing (a fast path) */
#define WL_READ_STRICT 8	/* a last line without '\n' is an error */
#define WL_READ_RAW 16		/* every line as it is, blank and long ones
				 * too, and no word said (for a rewrite) */
#define WL_READ_LONG 32		/* a mapped whole reader says a line over
				 * the limit and reads on (for check) */

struct wl_reader;

/*
 * Open path ("-": standard input, named "<stdin>" in messages).  By
 * default lines are read as they come, in constant memory.  With
 * WL_READ_WHOLE every byte is at hand for the reader's life: a regular
 * file is mapped, and measured, under a shared lock that is let go at
 * once (no writer cuts short what it reads from then on: reader.c) or
 * under the caller's own (WL_READ_LOCKED); when a writer
 * holds it, or the input is no regular file, it is read whole, unless
 * WL_READ_MAPPED asks for a map or nothing (then NULL).  NULL on
 * failure (err).
 */
struct wl_reader *wl_reader_open(const char *path, int flags,
    struct wl_error *err);
void wl_reader_free(struct wl_reader *r);
const char *wl_reader_name(const struct wl_reader *r);

/*
 * The next complete line, borrowed until the next call (with
 * WL_READ_WHOLE, until wl_reader_free).  A blank line is skipped with
 * a warning, a line longer than WL_LINE_MAX is skipped with an error
 * as soon as that many bytes are read (and ends the reading, -1, but
 * with WL_READ_LONG in a mapped file: said to diag, and read on), a
 * last line without '\n' is
 * skipped with a warning (the torn tail a crashed writer leaves; an
 * error with WL_READ_STRICT), and with it the incomplete group it may
 * end (rules.h): each to diag, with its code.  A group header is no
 * record: it is passed over (but by WL_READ_RAW).
 * 1 with a line, 0 at the end, -1 on a read error (err).
 */
int wl_reader_next(struct wl_reader *r, struct wl_line *l,
    struct wl_diag *diag, struct wl_error *err);

/* Continue at byte off (the start of a line, numbered no).  A whole
 * reader, or a stream on a regular file before its first line.  0 or
 * -1 (err). */
int wl_reader_seek(struct wl_reader *r, size_t off, long no,
    struct wl_error *err);

/* WL_READ_WHOLE only. */
/* The bytes its lines are read from: all but the torn tail. */
const char *wl_reader_bytes(const struct wl_reader *r, size_t *len);
/* 1 if they are a mapped file. */
int wl_reader_mapped(const struct wl_reader *r);
/* The open file's descriptor (-1 when none): a mapped file's bytes
 * read with pread, out of order, without mapping their pages. */
int wl_reader_fd(const struct wl_reader *r);
/* Back to line 1. */
void wl_reader_rewind(struct wl_reader *r);
/* Let go of mapped pages some megabytes before byte upto, for a caller
 * that skips lines (the page cache keeps them; touched again, they come
 * back).  wl_reader_next lets go as it goes; wl_reader_rewind starts
 * over. */
void wl_reader_release(struct wl_reader *r, size_t upto);
/* Bytes of the torn tail, which lie past those: a last line without
 * '\n', or the incomplete group it ends (wl_rule_visible). */
size_t wl_reader_torn(const struct wl_reader *r);
/*
 * A reader of bytes [from, to) of r, whole lines (numbered from 1,
 * their offsets r's), sharing r's bytes: for a pass over part of them
 * in another thread.  Free with wl_reader_free before r.  NULL when
 * out of memory.
 */
struct wl_reader *wl_reader_part(const struct wl_reader *r, size_t from,
    size_t to);

#endif
