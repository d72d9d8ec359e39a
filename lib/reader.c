/* reader.c - complete lines of a journal file or standard input */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"

#define CHUNK (256 * 1024)

struct wl_reader {
	int fd;
	char *name;
	char *buf;
	size_t cap, start, end;
	long lineno;
	int eof;
	int skipping;		/* inside an over-long line */
	int strict;		/* a torn final line is an error */
};

struct wl_reader *
wl_reader_open(const char *path, struct wl_error *err)
{
	struct wl_reader *r;
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		wl_error_set(err, path, 0, 0, "cannot open: %s",
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		wl_error_set(err, path, 0, 0,
		    "is a directory, not a journal");
		if (fd != STDIN_FILENO)
			close(fd);
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL || (r->name = strdup(strcmp(path, "-") == 0 ?
	    "<stdin>" : path)) == NULL || (r->buf = malloc(CHUNK)) == NULL) {
		if (r != NULL)
			free(r->name);
		free(r);
		if (fd != STDIN_FILENO)
			close(fd);
		wl_error_set(err, path, 0, 0, "out of memory");
		return NULL;
	}
	r->fd = fd;
	r->cap = CHUNK;
	return r;
}

void
wl_reader_free(struct wl_reader *r)
{
	if (r == NULL)
		return;
	if (r->fd != STDIN_FILENO)
		close(r->fd);
	free(r->name);
	free(r->buf);
	free(r);
}

int
wl_reader_seek(struct wl_reader *r, off_t off, struct wl_error *err)
{
	if (lseek(r->fd, off, SEEK_SET) < 0) {
		wl_error_set(err, r->name, 0, 0, "cannot seek: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

void
wl_reader_strict(struct wl_reader *r)
{
	r->strict = 1;
}

const char *
wl_reader_name(const struct wl_reader *r)
{
	return r->name;
}

/* Read more bytes after r->end; make room first.  -1 on error. */
static int
fill(struct wl_reader *r, struct wl_error *err)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < CHUNK / 2) {
		char *nb = realloc(r->buf, r->cap * 2);

		if (nb == NULL) {
			wl_error_set(err, r->name, 0, 0, "out of memory");
			return -1;
		}
		r->buf = nb;
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

int
wl_reader_next(struct wl_reader *r, const char **line, size_t *len,
    long *lineno, struct wl_diag *diag, struct wl_error *err)
{
	char *nl;

	for (;;) {
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL) {
			size_t s = r->start, n = (size_t)(nl - r->buf) - s;

			r->start = s + n + 1;
			r->lineno++;
			if (r->skipping) {
				r->skipping = 0;
				continue;
			}
			if (n == 0) {
				wl_diag_say(diag, WL_WARNING, r->name,
				    r->lineno, "blank line skipped");
				continue;
			}
			/* Its '\n' came in the same read as the excess. */
			if (n > WL_LINE_MAX) {
				wl_diag_say(diag, WL_ERROR, r->name,
				    r->lineno, "line longer than %d bytes "
				    "(the most a journal line may hold)",
				    WL_LINE_MAX);
				continue;
			}
			*line = r->buf + s;
			*len = n;
			*lineno = r->lineno;
			return 1;
		}
		if (r->end - r->start > WL_LINE_MAX) {
			if (!r->skipping)
				wl_diag_say(diag, WL_ERROR, r->name,
				    r->lineno + 1, "line longer than %d "
				    "bytes (the most a journal line may "
				    "hold)", WL_LINE_MAX);
			r->skipping = 1;
			r->start = r->end;
		}
		if (r->eof) {
			if (r->end > r->start && !r->skipping && r->strict)
				wl_diag_say(diag, WL_ERROR, r->name,
				    r->lineno + 1, "last line has no newline "
				    "at the end");
			else if (r->end > r->start && !r->skipping) {
				struct wl_error e;

				wl_error_set(&e, r->name, r->lineno + 1, 0,
				    "last line is incomplete (no newline at "
				    "the end, as a crashed writer leaves it): "
				    "skipped");
				e.code = WL_ETORN;
				wl_diag_emit(diag, WL_WARNING, &e);
			}
			r->start = r->end;
			return 0;
		}
		if (fill(r, err) < 0)
			return -1;
	}
}
