/* datadir.c - where wl's shared data lives, and reading from it */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"

#ifndef WL_DATADIR
#define WL_DATADIR "/usr/local/share/wl"
#endif

/* 1 if dir holds wl's data (its block template is the landmark). */
static int
is_datadir(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;

	return snprintf(p, sizeof(p), "%s/templates/blocks", dir) <
	    (int)sizeof(p) && stat(p, &st) == 0;
}

const char *
wl_datadir(void)
{
	static char dir[PATH_MAX];
	static const char *const beside[] = { "../share/wl", "../share" };
	const char *env = getenv("WL_DATADIR");
	char exe[PATH_MAX];
	ssize_t n;

	if (env != NULL && *env != '\0')
		return env;
	if (dir[0] != '\0')
		return dir;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		for (size_t i = 0; i < 2; i++) {
			if (snprintf(dir, sizeof(dir), "%s/%s", exe,
			    beside[i]) >= (int)sizeof(dir))
				break;
			if (is_datadir(dir))
				return dir;
		}
	}
	snprintf(dir, sizeof(dir), "%s", WL_DATADIR);
	return dir;
}

char *
wl_data_read(const char *rel, struct wl_error *err)
{
	char path[PATH_MAX], *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", wl_datadir(), rel);
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOMEM)
			wl_error_set(err, path, 0, 0, "out of memory");
		else
			wl_error_set(err, path, 0, 0, "cannot open wl's data: "
			    "%s (is WL_DATADIR right?)", strerror(errno));
		return NULL;
	}
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 8192);

			if (nb == NULL) {
				free(buf);
				fclose(fp);
				wl_error_set(err, path, 0, 0, "out of memory");
				return NULL;
			}
			buf = nb;
			cap += 8192;
		}
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		wl_error_set(err, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	buf[len] = '\0';
	return buf;
}
