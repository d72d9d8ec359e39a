/* reader.c - the one line reader: files, standard input, mapped files */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"
#include "reader.h"
#include "rules.h"

#define CHUNK (256 * 1024)
#define TRIM_STEP (1u << 20)
#define FOLIO_MAX (2u << 20)	/* the largest page-cache folio mapped whole */

/*
 * A stream reads into buf, which holds the unread bytes [start, end)
 * of the input from byte base on.  A whole reader has every byte in
 * data (a map, or buf read to the end) and only moves start; a part
 * shares another whole reader's data.  Both find their lines by the
 * same loop (wl_reader_next): the whole one is a stream whose end has
 * been read.
 */
struct wl_reader {
	int fd;			/* -1 when no file is open */
	char *name;
	const char *data;	/* the bytes: buf, a map or the parent's */
	char *buf;		/* owned bytes (a stream's, a read whole) */
	size_t cap;
	size_t base;		/* input offset of data[0] */
	size_t start, end;
	long lineno;
	int flags;
	int eof;
	int skipping;		/* inside an over-long line (WL_READ_RAW) */
	long stopped;		/* the over-long line that ended it, or 0 */
	int whole;		/* every byte is in data */
	int part;		/* data is another reader's */
	size_t mapped;		/* bytes mapped, 0 if none */
	size_t trimmed;		/* mapped bytes before this are let go */
	size_t cut;		/* a whole reader's tail past end, skipped: a
				 * torn line or an incomplete group (rules.h) */
	int cut_group;		/* the cut is an incomplete group */
	long cut_lines;		/* its lines */
	int cut_said;		/* this pass has said it */
	int file;		/* a regular file, by its name: mendable */
};

/*
 * A whole reader ends where its readers stop (wl_rule_visible): the
 * torn tail, or the incomplete group it belongs to, is kept past end
 * and said at the end of each pass.
 */
static void
measure(struct wl_reader *r)
{
	size_t end = r->end, vis;

	/* A long torn tail of a map is looked through backwards a step at
	 * a time, its pages let go behind; the rules then need only the
	 * lines before it and one byte of it (wl_rule_visible reads no
	 * further back than the tail's last newline). */
	if (r->mapped > 0 && end > TRIM_STEP && r->data[end - 1] != '\n') {
		size_t page = (size_t)sysconf(_SC_PAGESIZE), to = end, from;
		const char *nl = NULL;

		while (to > 0 && nl == NULL) {
			from = to > TRIM_STEP ? (to - TRIM_STEP) / page * page :
			    0;
			nl = memrchr(r->data + from, '\n', to - from);
			if (nl == NULL && to - from >= page)
				madvise((char *)r->data + from, to - from,
				    MADV_DONTNEED);
			to = from;
		}
		end = nl != NULL ? (size_t)(nl - r->data) + 2 : 1;
	}
	vis = wl_rule_visible(r->data, end, &r->cut_group, &r->cut_lines);

	r->cut = r->end - vis;
	r->end = vis;
}

/* The bytes that fd holds, to its end, into r->buf. */
static int
read_all(struct wl_reader *r, struct wl_error *err)
{
	size_t line = 0;	/* where the last line read begins */
	const char *nl;

	for (;;) {
		ssize_t k;

		if (r->cap - r->end < CHUNK) {
			char *nb = realloc(r->buf, r->cap = r->cap * 2 + CHUNK);

			if (nb == NULL) {
				wl_error_set(err, r->name, 0, 0,
				    "out of memory");
				return -1;
			}
			r->buf = nb;
		}
		k = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			wl_error_set(err, r->name, 0, 0, "read error: %s",
			    strerror(errno));
			return -1;
		}
		if (k == 0)
			break;
		if ((nl = memrchr(r->buf + r->end, '\n', (size_t)k)) != NULL)
			line = (size_t)(nl - r->buf) + 1;
		r->end += (size_t)k;
		/* A line over the limit ends the reading here: the rest
		 * of an endless or binary input is never held (the pass
		 * refuses the line when it gets to it, as the torn tail
		 * it now is: wl_reader_next). */
		if (r->end - line > WL_LINE_MAX && !(r->flags & WL_READ_RAW))
			break;
	}
	r->data = r->buf;
	r->eof = r->whole = 1;
	measure(r);
	return 0;
}

/*
 * Map a regular file for a whole reader.  A mapped page past the end
 * of a file that shrank kills with SIGBUS, and writers shrink one when
 * they undo a failed append or cut a torn tail: so the map is taken,
 * and what readers read of it measured, under a shared lock, or under
 * the caller's writer lock.  The shared lock is let go at once: a
 * writer's undo cuts back to no less than it found, a rescue cuts the
 * very tail this reader skips (the same rule), and a rewrite renames a
 * new file over the journal; so no byte before end changes or goes
 * while this map lasts, and no reader keeps writers waiting while its
 * output is (a pager, a full pipe).  1 mapped, 0 not (read it instead).
 */
static int
map(struct wl_reader *r, const struct stat *st0)
{
	struct stat st = *st0;
	void *m;

	if (!S_ISREG(st.st_mode) || st.st_size == 0)
		return 0;
	if (!(r->flags & WL_READ_LOCKED)) {
		while (flock(r->fd, LOCK_SH | LOCK_NB) < 0)
			if (errno != EINTR)
				return 0;
		/* The size a writer may have changed before the lock. */
		if (fstat(r->fd, &st) < 0 || st.st_size == 0) {
			flock(r->fd, LOCK_UN);
			return 0;
		}
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, r->fd, 0);
	if (m == MAP_FAILED) {
		if (!(r->flags & WL_READ_LOCKED))
			flock(r->fd, LOCK_UN);
		return 0;
	}
	madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
	r->data = m;
	r->end = r->mapped = (size_t)st.st_size;
	r->eof = r->whole = 1;
	measure(r);
	if (!(r->flags & WL_READ_LOCKED))
		flock(r->fd, LOCK_UN);
	return 1;
}

struct wl_reader *
wl_reader_open(const char *path, int flags, struct wl_error *err)
{
	int in = strcmp(path, "-") == 0;
	struct wl_reader *r = calloc(1, sizeof(*r));
	struct stat st;

	if (r == NULL || (r->name = strdup(in ? "<stdin>" : path)) == NULL) {
		free(r);
		wl_error_set(err, path, 0, 0, "out of memory");
		return NULL;
	}
	r->flags = flags;
	r->fd = in ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		wl_error_set(err, path, 0, 0, "cannot open: %s",
		    strerror(errno));
		goto fail;
	}
	if (fstat(r->fd, &st) < 0) {
		wl_error_set(err, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		wl_error_set(err, path, 0, 0, "is a directory, not a journal");
		goto fail;
	}
	/* An import's input (strict) is no journal to repair. */
	r->file = !in && S_ISREG(st.st_mode) && !(flags & WL_READ_STRICT);
	if (!(flags & (WL_READ_WHOLE | WL_READ_MAPPED))) {
		if ((r->buf = malloc(CHUNK)) == NULL) {
			wl_error_set(err, path, 0, 0, "out of memory");
			goto fail;
		}
		r->data = r->buf;
		r->cap = CHUNK;
		return r;
	}
	if (!in && map(r, &st))
		return r;
	if (!in && S_ISREG(st.st_mode) && st.st_size == 0) {
		r->data = "";	/* nothing to map, nothing to cut short */
		r->eof = r->whole = 1;
		return r;
	}
	if (flags & WL_READ_MAPPED) {
		wl_error_set(err, path, 0, 0, "cannot map");
		goto fail;
	}
	if (read_all(r, err) == 0)
		return r;
fail:
	wl_reader_free(r);
	return NULL;
}

void
wl_reader_free(struct wl_reader *r)
{
	if (r == NULL)
		return;
	if (r->mapped > 0 && !r->part)
		munmap((void *)r->data, r->mapped);
	if (r->fd >= 0)
		close(r->fd);	/* and with it a shared lock */
	free(r->name);
	free(r->buf);
	free(r);
}

const char *
wl_reader_name(const struct wl_reader *r)
{
	return r->name;
}

/* Let go of the mapped pages before byte upto once TRIM_STEP more are
 * read: they stay in the page cache, but not in this process. */
static void
trim(struct wl_reader *r, size_t upto)
{
	size_t page;

	if (r->mapped == 0 || upto < r->trimmed + TRIM_STEP)
		return;
	page = (size_t)sysconf(_SC_PAGESIZE);
	upto -= upto % page;
	if (upto <= r->trimmed)
		return;
	madvise((char *)r->data + r->trimmed, upto - r->trimmed,
	    MADV_DONTNEED);
	r->trimmed = upto;
}

/*
 * For a caller that skips from line to line: the kernel maps a large
 * page-cache folio (up to 2 MB) whole when one of its pages is touched,
 * so a line read after a skip brings back pages up to that far behind
 * it, which a trim up to the line itself would never let go again
 * (the list's last pass held 190 MB of a 250 MB journal that way).
 */
void
wl_reader_release(struct wl_reader *r, size_t upto)
{
	trim(r, upto > FOLIO_MAX ? upto - FOLIO_MAX : 0);
}

/*
 * The next '\n' from p on, or NULL.  In a map, a line of any length
 * is looked through a step at a time, its pages let go behind (a folio
 * back, as wl_reader_release does): a check passing over a blob of a
 * gigabyte holds no more of it than a few steps.
 */
static const char *
next_nl(struct wl_reader *r, const char *p)
{
	size_t left = r->end - (size_t)(p - r->data), k, at;
	const char *q;

	if (r->mapped == 0)
		return memchr(p, '\n', left);
	for (;;) {
		k = left < TRIM_STEP ? left : TRIM_STEP;
		if ((q = memchr(p, '\n', k)) != NULL || k == left)
			return q;
		p += k;
		left -= k;
		at = (size_t)(p - r->data);
		trim(r, at > FOLIO_MAX ? at - FOLIO_MAX : 0);
	}
}

/* A stream: read more bytes after end, making room first. */
static int
fill(struct wl_reader *r, struct wl_error *err)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->base += r->start;
		r->start = 0;
	}
	if (r->cap - r->end < CHUNK / 2) {
		char *nb = realloc(r->buf, r->cap * 2);

		if (nb == NULL) {
			wl_error_set(err, r->name, 0, 0, "out of memory");
			return -1;
		}
		r->data = r->buf = nb;
		r->cap *= 2;
	}
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		wl_error_set(err, r->name, 0, 0, "read error: %s",
		    strerror(errno));
		return -1;
	}
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	return 0;
}

static void
say(struct wl_reader *r, struct wl_diag *diag, long no, struct wl_error *e)
{
	snprintf(e->file, sizeof(e->file), "%s", r->name);
	e->line = no;
	wl_diag_emit(diag, wl_problem_severity(e->code), e);
}

/*
 * A line over the limit (numbered no) ends the reading: an error in
 * err, and the reader stays at its end (it says so again if asked),
 * so that no reader holds more than a limit of an endless or binary
 * input, nor reads on through it.  -1.
 */
static int
too_long(struct wl_reader *r, long no, struct wl_error *err)
{
	if (err != NULL) {
		wl_problem_long(err, r->file);
		snprintf(err->file, sizeof(err->file), "%s", r->name);
		err->line = no;
	}
	r->stopped = no;
	r->start = r->end;
	return -1;
}

/*
 * A stream met a group header of hlen bytes (just read) announcing n
 * records: read on until n complete lines follow it, or the input
 * ends.  Ended short on a torn line, the group is incomplete
 * (wl_rule_visible says the same of a whole input): said, and the
 * stream is at its end (0).  1 to read on, -1 on a read error.
 */
static int
look_ahead(struct wl_reader *r, size_t hlen, size_t n,
    struct wl_diag *diag, struct wl_error *err)
{
	size_t pos = 0, found = 0;
	struct wl_error e;

	for (;;) {
		const char *q;

		while (found < n && (q = memchr(r->data + r->start + pos, '\n',
		    r->end - r->start - pos)) != NULL) {
			found++;
			pos = (size_t)(q - (r->data + r->start)) + 1;
		}
		/* A line over the limit in the group: read on, to
		 * refuse it (wl_reader_next) without holding more. */
		if (found == n || r->end - r->start - pos > WL_LINE_MAX)
			return 1;
		if (r->eof) {
			if (r->end == r->start + pos)
				return 1;	/* not torn: read as it is */
			if (r->flags & WL_READ_STRICT) {
				/* As a torn line is, here: an error. */
				wl_error_set(&e, NULL, 0, 0, "last line has "
				    "no newline at the end");
				e.code = WL_P_SYNTAX;
				say(r, diag, r->lineno + (long)found + 1, &e);
			} else {
				wl_problem_group(&e, (long)found + 2,
				    r->end - r->start + hlen);
				say(r, diag, r->lineno, &e);
			}
			r->lineno += (long)found;
			r->start = r->end;
			return 0;
		}
		if (fill(r, err) < 0)
			return -1;
	}
}

int
wl_reader_next(struct wl_reader *r, struct wl_line *l, struct wl_diag *diag,
    struct wl_error *err)
{
	struct wl_error e;
	size_t gn;

	if (r->stopped)
		return too_long(r, r->stopped, err);
	for (;;) {
		const char *p = r->data + r->start;
		const char *nl = next_nl(r, p);

		if (nl != NULL) {
			size_t n = (size_t)(nl - p);

			r->lineno++;
			r->start += n + 1;
			if (r->skipping) {
				r->skipping = 0;
				continue;
			}
			/* A group header is no record; a whole reader has
			 * its incomplete group cut off already, a stream
			 * looks ahead for it. */
			if (n >= WL_GROUP_LINE_MIN && n <= WL_GROUP_LINE_MAX &&
			    !(r->flags & WL_READ_RAW) &&
			    wl_rule_group(p, n, &gn, NULL)) {
				int rc = r->whole ? 1 :
				    look_ahead(r, n + 1, gn, diag, err);

				if (rc <= 0)
					return rc;
				continue;
			}
			if (!(r->flags & WL_READ_RAW) && n > WL_LINE_MAX) {
				/* Mapped, it costs no memory to pass over:
				 * a check says it and reads on, so that
				 * --repair can move it aside. */
				if (!(r->flags & WL_READ_LONG) || !r->mapped)
					return too_long(r, r->lineno, err);
				wl_problem_long(&e, r->file);
				say(r, diag, r->lineno, &e);
				continue;
			}
			if (!(r->flags & WL_READ_RAW) && n == 0) {
				wl_problem_blank(&e);
				say(r, diag, r->lineno, &e);
				continue;
			}
			l->p = p;
			l->len = n;
			l->no = r->lineno;
			l->off = r->base + (size_t)(p - r->data);
			trim(r, l->off);
			return 1;
		}
		/* No '\n' within the most a line may hold: refused now,
		 * before more of it is read (an endless line costs no more
		 * than the limit); a raw reader skips it. */
		if (r->end - r->start > WL_LINE_MAX && !r->skipping &&
		    !(r->flags & WL_READ_RAW))
			return too_long(r, r->lineno + 1, err);
		if (r->end - r->start > WL_LINE_MAX && !r->skipping &&
		    !r->eof)
			r->skipping = 1;
		if (r->skipping && !r->eof)
			r->start = r->end;
		if (r->eof) {
			if (r->end > r->start && !r->skipping &&
			    !(r->flags & WL_READ_RAW)) {
				if (r->flags & WL_READ_STRICT) {
					wl_error_set(&e, NULL, 0, 0, "last line "
					    "has no newline at the end");
					e.code = WL_P_SYNTAX;
				} else
					wl_problem_torn(&e, r->end - r->start);
				say(r, diag, r->lineno + 1, &e);
			} else if (r->cut > 0 && !r->cut_said &&
			    !(r->flags & WL_READ_RAW)) {
				r->cut_said = 1;
				if (r->cut_group)
					wl_problem_group(&e, r->cut_lines,
					    r->cut);
				else if (r->flags & WL_READ_STRICT) {
					wl_error_set(&e, NULL, 0, 0, "last line "
					    "has no newline at the end");
					e.code = WL_P_SYNTAX;
				} else if (r->cut > WL_LINE_MAX &&
				    (!(r->flags & WL_READ_LONG) || !r->mapped))
					return too_long(r, r->lineno + 1, err);
				else if (r->cut > WL_LINE_MAX)
					wl_problem_long(&e, r->file);
				else
					wl_problem_torn(&e, r->cut);
				say(r, diag, r->lineno + 1, &e);
			}
			r->start = r->end;
			r->skipping = 0;
			return 0;
		}
		if (fill(r, err) < 0)
			return -1;
	}
}

int
wl_reader_seek(struct wl_reader *r, size_t off, long no,
    struct wl_error *err)
{
	if (r->whole) {
		r->start = off;
	} else if (r->end == 0 && !r->eof) {	/* nothing read yet */
		if (lseek(r->fd, (off_t)off, SEEK_SET) < 0) {
			wl_error_set(err, r->name, 0, 0, "cannot seek: %s",
			    strerror(errno));
			return -1;
		}
		r->base = off;
	} else {
		wl_error_set(err, r->name, 0, 0, "cannot seek back");
		return -1;
	}
	r->lineno = no - 1;
	r->skipping = 0;
	r->stopped = 0;
	r->cut_said = 0;
	return 0;
}

const char *
wl_reader_bytes(const struct wl_reader *r, size_t *len)
{
	*len = r->end;
	return r->data;
}

int
wl_reader_mapped(const struct wl_reader *r)
{
	return r->mapped > 0;
}

int
wl_reader_fd(const struct wl_reader *r)
{
	return r->fd;
}

void
wl_reader_rewind(struct wl_reader *r)
{
	trim(r, r->end);
	r->trimmed = 0;
	r->start = 0;
	r->lineno = 0;
	r->skipping = 0;
	r->stopped = 0;
	r->cut_said = 0;
}

size_t
wl_reader_torn(const struct wl_reader *r)
{
	return r->cut;
}

struct wl_reader *
wl_reader_part(const struct wl_reader *r, size_t from, size_t to)
{
	struct wl_reader *p = calloc(1, sizeof(*p));
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (p == NULL || (p->name = strdup(r->name)) == NULL) {
		free(p);
		return NULL;
	}
	p->fd = -1;
	p->data = r->data;
	p->start = from;
	p->end = to;
	p->eof = p->whole = p->part = 1;
	p->flags = r->flags;
	p->mapped = r->mapped;
	p->file = r->file;
	/* Its own pages only: none before from is let go by it. */
	p->trimmed = (from + page - 1) / page * page;
	return p;
}
