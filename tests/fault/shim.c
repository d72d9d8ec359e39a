/*
 * shim.c - fault injection for the end-to-end tests (tests/cli/faults.t)
 *
 * The fault-injecting binaries ('make fault', in $(BUILD)/fault/bin)
 * are linked with -Wl,--wrap=write,--wrap=fsync,--wrap=rename,
 * --wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup and this
 * file.  With WL_FAULT=NAME:N in the environment, the N-th call of
 * NAME fails (N counts from 1, per process), with the errno a real
 * failure would give: write ENOSPC, fsync and rename EIO, the
 * allocators ENOMEM.  WL_FAULT=write:N:short makes that write write
 * half of its bytes instead (a short write, as a full disk gives).
 *
 * --wrap reaches only the calls made from objects linked statically,
 * that is our own code (lib/ and cmd/): jansson's allocations and
 * libc's own (stdio, getline) are not counted and never fail here.
 * That is enough to exercise every error path of ours.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t __real_write(int, const void *, size_t);
int __real_fsync(int);
int __real_rename(const char *, const char *);
void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
char *__real_strdup(const char *);

ssize_t __wrap_write(int, const void *, size_t);
int __wrap_fsync(int);
int __wrap_rename(const char *, const char *);
void *__wrap_malloc(size_t);
void *__wrap_calloc(size_t, size_t);
void *__wrap_realloc(void *, size_t);
char *__wrap_strdup(const char *);

enum { F_WRITE, F_FSYNC, F_RENAME, F_ALLOC, F_NONE };

static struct {
	int parsed;
	int what;		/* F_* */
	long at;		/* the call that fails */
	long calls;
	int short_write;
} plan;

/* Read WL_FAULT once; the allocators count as one ("malloc"). */
static void
parse(void)
{
	static const char *const names[] = { "write", "fsync", "rename",
		"malloc" };
	const char *s = getenv("WL_FAULT"), *colon;

	plan.parsed = 1;
	plan.what = F_NONE;
	if (s == NULL || (colon = strchr(s, ':')) == NULL)
		return;
	for (int i = 0; i < 4; i++)
		if (strlen(names[i]) == (size_t)(colon - s) &&
		    strncmp(s, names[i], (size_t)(colon - s)) == 0)
			plan.what = i;
	plan.at = strtol(colon + 1, NULL, 10);
	plan.short_write = strstr(colon + 1, ":short") != NULL;
}

/* 1 if this call of what is the one to fail. */
static int
fail_now(int what)
{
	if (!plan.parsed)
		parse();
	return plan.what == what && ++plan.calls == plan.at;
}

ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
	if (fail_now(F_WRITE)) {
		if (plan.short_write && n > 1)
			return __real_write(fd, buf, n / 2);
		errno = ENOSPC;
		return -1;
	}
	return __real_write(fd, buf, n);
}

int
__wrap_fsync(int fd)
{
	if (fail_now(F_FSYNC)) {
		errno = EIO;
		return -1;
	}
	return __real_fsync(fd);
}

int
__wrap_rename(const char *from, const char *to)
{
	if (fail_now(F_RENAME)) {
		errno = EIO;
		return -1;
	}
	return __real_rename(from, to);
}

void *
__wrap_malloc(size_t n)
{
	if (fail_now(F_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	if (fail_now(F_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t n)
{
	if (fail_now(F_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_realloc(p, n);
}

char *
__wrap_strdup(const char *s)
{
	if (fail_now(F_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}
