/*
 * shim.c - fault injection for the end-to-end tests (tests/cli/faults.t)
 *
 * The fault-injecting binaries ('make fault', in $(BUILD)/fault/bin)
 * are linked with -Wl,--wrap=write,--wrap=fsync,--wrap=rename,
 * --wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
 * --wrap=fchmod,--wrap=fchown and this file.  With WL_FAULT=NAME:N in
 * the environment, the N-th call of NAME fails (N counts from 1, per
 * process), with the errno a real failure would give: write ENOSPC,
 * fsync and rename EIO, the allocators ENOMEM, fchmod and fchown EPERM
 * (a rewrite that cannot give its new file the journal's mode or
 * owner, tests/cli/rewrite.t).  WL_FAULT=write:N:short makes that write write
 * half of its bytes instead (a short write, as a full disk gives);
 * WL_FAULT=write:N:kill writes half of them and then kills the process
 * with SIGKILL, as a kill -9 in the middle of that write(2) would
 * (tests/cli/crash.t).
 *
 * --wrap reaches only the calls made from objects linked statically,
 * that is our own code (lib/ and cmd/).  jansson, a shared library,
 * allocates through hooks of its own: they are set here, before main,
 * to an allocator that counts as "malloc" too, so WL_FAULT=malloc:N
 * fails the N-th allocation of ours or jansson's, whichever it is
 * (what jansson's own test/suites/api/test_chaos.c does).  libc's own
 * allocations (stdio, open_memstream, qsort) are not counted: a
 * limit on the address space (ulimit -v) is the test for those.
 * Reports are made in two threads, so the count is kept atomically.
 *
 * WL_FAULT_COUNT=FILE writes to FILE, at exit, how many calls of the
 * kind named in WL_FAULT were counted (WL_FAULT=malloc:0 fails none):
 * the test then knows how far to go.
 */

#include <errno.h>
#include <jansson.h>
#include <signal.h>
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
int __real_fchmod(int, mode_t);
int __real_fchown(int, uid_t, gid_t);

ssize_t __wrap_write(int, const void *, size_t);
int __wrap_fsync(int);
int __wrap_rename(const char *, const char *);
void *__wrap_malloc(size_t);
void *__wrap_calloc(size_t, size_t);
void *__wrap_realloc(void *, size_t);
char *__wrap_strdup(const char *);
int __wrap_fchmod(int, mode_t);
int __wrap_fchown(int, uid_t, gid_t);

enum { F_WRITE, F_FSYNC, F_RENAME, F_ALLOC, F_FCHMOD, F_FCHOWN, F_NONE };

static struct {
	int what;		/* F_* */
	long at;		/* the call that fails */
	long calls;
	int short_write;
	int kill;
} plan = { F_NONE, 0, 0, 0, 0 };	/* nothing fails before start() */

/* Read WL_FAULT once; the allocators count as one ("malloc"). */
static void
parse(void)
{
	static const char *const names[] = { "write", "fsync", "rename",
		"malloc", "fchmod", "fchown" };
	const char *s = getenv("WL_FAULT"), *colon;

	plan.what = F_NONE;
	if (s == NULL || (colon = strchr(s, ':')) == NULL)
		return;
	for (int i = 0; i < F_NONE; i++)
		if (strlen(names[i]) == (size_t)(colon - s) &&
		    strncmp(s, names[i], (size_t)(colon - s)) == 0)
			plan.what = i;
	plan.at = strtol(colon + 1, NULL, 10);
	plan.short_write = strstr(colon + 1, ":short") != NULL;
	plan.kill = strstr(colon + 1, ":kill") != NULL;
}

/* 1 if this call of what is the one to fail. */
static int
fail_now(int what)
{
	return plan.what == what &&
	    __atomic_add_fetch(&plan.calls, 1, __ATOMIC_RELAXED) == plan.at;
}

/* jansson's allocator: counted with ours, frees as free(3) does. */
static void *
json_alloc(size_t n)
{
	if (fail_now(F_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_malloc(n);
}

static void
json_release(void *p)
{
	free(p);
}

static void
report_count(void)
{
	const char *path = getenv("WL_FAULT_COUNT");
	FILE *fp;

	if (path == NULL || (fp = fopen(path, "w")) == NULL)
		return;
	fprintf(fp, "%ld\n", __atomic_load_n(&plan.calls, __ATOMIC_RELAXED));
	fclose(fp);
}

/*
 * Before main, and so before jansson has allocated anything: memory
 * it gets from json_alloc and memory it got before are both freed by
 * free(3), but the count must see all of it.
 */
__attribute__((constructor)) static void
start(void)
{
	parse();
	json_set_alloc_funcs(json_alloc, json_release);
	if (getenv("WL_FAULT_COUNT") != NULL)
		atexit(report_count);
}

ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
	if (fail_now(F_WRITE)) {
		if (plan.kill) {
			if (n > 1)
				(void)__real_write(fd, buf, n / 2);
			raise(SIGKILL);
		}
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

int
__wrap_fchmod(int fd, mode_t mode)
{
	if (fail_now(F_FCHMOD)) {
		errno = EPERM;
		return -1;
	}
	return __real_fchmod(fd, mode);
}

int
__wrap_fchown(int fd, uid_t uid, gid_t gid)
{
	if (fail_now(F_FCHOWN)) {
		errno = EPERM;
		return -1;
	}
	return __real_fchown(fd, uid, gid);
}
