/* spool.c - a temporary file for what must be whole before it is written */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"

FILE *
wl_spool_open(struct wl_error *err)
{
	const char *dir = getenv("TMPDIR");
	char *path = NULL;
	FILE *fp;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if (asprintf(&path, "%s/wl-report-XXXXXX", dir) < 0) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return NULL;
	}
	if ((fd = mkstemp(path)) < 0) {
		wl_error_set(err, NULL, 0, 0, "cannot make a temporary file "
		    "in %s: %s", dir, strerror(errno));
		free(path);
		return NULL;
	}
	unlink(path);
	free(path);
	if ((fp = fdopen(fd, "w+")) == NULL) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		close(fd);
	}
	return fp;
}
