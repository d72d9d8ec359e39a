/* append.c - the durable append: lock, one write per record, fsync */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <stdint.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"
#include "rules.h"

struct wl_writer {
	int fd;
	char *path;
	int flags;		/* WL_W_* it was opened with */
	int created;		/* this writer made the file */
	int appended;		/* something was written */
};

/* The name is copied on the stack: this comes after a rename, when a
 * failure for want of memory would say the journal is unchanged while
 * it is not. */
int
wl_fsync_dir(const char *path, struct wl_error *err)
{
	char copy[PATH_MAX];
	int fd, rc = -1;

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy)) {
		wl_error_set(err, path, 0, 0, "cannot sync its directory: %s",
		    strerror(ENAMETOOLONG));
		return -1;
	}
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && fsync(fd) == 0)
		rc = 0;
	else
		wl_error_set(err, path, 0, 0, "cannot sync its directory: %s",
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/*
 * Take the lock on fd, and make sure fd is still the file at path: a
 * rewrite (redact, repair) renames a new file over the journal, so a
 * writer that waited for the lock may hold the old one.  1 locked, 0
 * stale (reopen), -1 error.
 */
static int
lock(int fd, const char *path, int flags, struct wl_error *err)
{
	struct stat a, b;

	while (flock(fd, LOCK_EX | (flags & WL_W_NOWAIT ? LOCK_NB : 0)) < 0) {
		if (errno == EWOULDBLOCK && (flags & WL_W_NOWAIT)) {
			wl_error_set(err, path, 0, 0, "another writer is "
			    "using the journal; try again when it is done");
			if (err != NULL)
				err->code = WL_EBUSY;
			return -1;
		}
		/* The caller's timer ends the wait: it says what it waited
		 * for, so the message is only a fallback. */
		if (errno == EINTR && (flags & WL_W_INTR)) {
			wl_error_set(err, path, 0, 0, "the wait for the "
			    "journal's lock was interrupted");
			if (err != NULL)
				err->code = WL_EBUSY;
			return -1;
		}
		if (errno != EINTR) {
			wl_error_set(err, path, 0, 0, "cannot lock: %s",
			    strerror(errno));
			return -1;
		}
	}
	if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino)
		return 1;
	return 0;
}

/*
 * The command of pid as people typed it: the program's base name and
 * the verb after it ("wl-advice edit"), else its comm; NULL if gone.
 */
static char *
command_of(long pid)
{
	char path[64], buf[512], *name, *out;
	size_t n = 0;
	ssize_t k;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		k = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		n = k > 0 ? (size_t)k : 0;
	}
	buf[n] = '\0';
	if (n > 0 && buf[0] != '\0') {
		size_t first = strlen(buf);
		const char *verb = first + 1 < n ? buf + first + 1 : "";

		name = strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
		if ((out = malloc(strlen(name) + strlen(verb) + 2)) == NULL)
			return NULL;
		/* An option or a file is not a verb: the name alone. */
		if (verb[0] != '\0' && verb[0] != '-' &&
		    strspn(verb, "abcdefghijklmnopqrstuvwxyz-") == strlen(verb))
			sprintf(out, "%s %s", name, verb);
		else
			sprintf(out, "%s", name);
		return out;
	}
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	k = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (k <= 0)
		return NULL;
	buf[k] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return strdup(buf);
}

char *
wl_lock_holder(const char *path)
{
	char line[256], who[640], *cmd = NULL;
	struct stat st;
	FILE *fp;
	int found = 0;

	snprintf(who, sizeof(who), "another program");
	if (stat(path, &st) < 0 || (fp = fopen("/proc/locks", "re")) == NULL)
		return strdup(who);
	/* "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF"; a waiter's
	 * line has "->" after the number and is passed over. */
	while (!found && fgets(line, sizeof(line), fp) != NULL) {
		char kind[16], mode[16];
		unsigned maj, min;
		unsigned long long ino;
		long pid;

		if (sscanf(line, "%*d: FLOCK %*s %15s %ld %x:%x:%llu", mode,
		    &pid, &maj, &min, &ino) != 5 ||
		    ino != (unsigned long long)st.st_ino ||
		    maj != major(st.st_dev) || min != minor(st.st_dev) ||
		    pid <= 0)
			continue;
		snprintf(kind, sizeof(kind), "%s", strcmp(mode, "WRITE") == 0 ?
		    "writing" : "reading");
		if ((cmd = command_of(pid)) != NULL)
			snprintf(who, sizeof(who), "%.512s (pid %ld) is %s it",
			    cmd, pid, kind);
		else
			snprintf(who, sizeof(who), "pid %ld is %s it", pid,
			    kind);
		free(cmd);
		found = 1;
	}
	fclose(fp);
	return strdup(who);
}

/* 1 if this process may give a file group gid: root, or a member. */
static int
in_group(gid_t gid)
{
	gid_t list[256];
	int n;

	if (geteuid() == 0 || getegid() == gid)
		return 1;
	/* More groups than this: let fchown(2) say. */
	if ((n = getgroups((int)(sizeof(list) / sizeof(*list)), list)) < 0)
		return 1;
	for (int i = 0; i < n; i++)
		if (list[i] == gid)
			return 1;
	return 0;
}

/*
 * 0 if the journal (st, at path) can be rewritten as flags say
 * without harm nobody asked for; else -1 with why, before anything is
 * written.  A new file renamed over the journal leaves the old bytes
 * under any other hard link, and is owned by whoever runs the program;
 * a rewrite in place (WL_W_IN_PLACE) does neither, so it is always
 * possible.
 */
static int
rewritable(const char *path, const struct stat *st, int flags,
    struct wl_error *err)
{
	struct passwd *pw;
	struct group *gr;
	char owner[64], me[64], grp[64];

	if (flags & WL_W_IN_PLACE)
		return 0;
	if (st->st_nlink > 1) {
		int two = st->st_nlink == 2;

		wl_error_set(err, NULL, 0, 0, "%s has %ju hard links: a "
		    "rewrite would leave the old contents under the other "
		    "name%s; remove the other link%s, or give --force", path,
		    (uintmax_t)st->st_nlink, two ? "" : "s", two ? "" : "s");
		return -1;
	}
	if (geteuid() != 0 && st->st_uid != geteuid()) {
		/* Names are nicer; numbers will do. */
		if ((pw = getpwuid(st->st_uid)) != NULL)
			snprintf(owner, sizeof(owner), "%s", pw->pw_name);
		else
			snprintf(owner, sizeof(owner), "uid %ju",
			    (uintmax_t)st->st_uid);
		if ((pw = getpwuid(geteuid())) != NULL)
			snprintf(me, sizeof(me), "%s", pw->pw_name);
		else
			snprintf(me, sizeof(me), "uid %ju",
			    (uintmax_t)geteuid());
		wl_error_set(err, NULL, 0, 0, "%s belongs to %s: a rewrite "
		    "by %s would make it %s's; run this as %s%s, or give "
		    "--force to overwrite it in place", path, owner, me, me,
		    owner, st->st_uid != 0 ? " (or root)" : "");
		return -1;
	}
	if (!in_group(st->st_gid)) {
		if ((gr = getgrgid(st->st_gid)) != NULL)
			snprintf(grp, sizeof(grp), "%s", gr->gr_name);
		else
			snprintf(grp, sizeof(grp), "gid %ju",
			    (uintmax_t)st->st_gid);
		wl_error_set(err, NULL, 0, 0, "%s has group %s, which you are "
		    "not in: a rewrite would change its group; run this as a "
		    "member of %s (or root), or give --force to overwrite it "
		    "in place", path, grp, grp);
		return -1;
	}
	return 0;
}

struct wl_writer *
wl_writer_open(const char *path, int flags, struct wl_error *err)
{
	struct wl_writer *w;
	struct stat st;
	int fd, created = 0, create = flags & WL_W_CREATE, tries = 0, rc;

	if (strcmp(path, "-") == 0) {
		wl_error_set(err, NULL, 0, 0,
		    "cannot write to standard input: name a journal with -f");
		return NULL;
	}
again:
	fd = -1;
	if (create) {
		fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL |
		    O_CLOEXEC, 0600);
		created = fd >= 0;
	}
	if (fd < 0 && (!create || errno == EEXIST))
		fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && !create)
			wl_error_set(err, path, 0, 0, "no such journal; start "
			    "one with 'wl-session new', or name one with -f "
			    "or WL_JOURNAL");
		else if (errno == EISDIR)
			wl_error_set(err, path, 0, 0,
			    "is a directory, not a journal");
		else
			wl_error_set(err, path, 0, 0,
			    "cannot open for writing: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    !(st.st_mode & S_IWUSR)) {
		wl_error_set(err, path, 0, 0, S_ISREG(st.st_mode) ?
		    "journal is read-only (its mode has no write bit)" :
		    "not a regular file");
		close(fd);
		return NULL;
	}
	if ((rc = lock(fd, path, flags, err)) <= 0) {
		if (created)
			unlink(path);	/* leave no empty journal behind */
		close(fd);
		if (rc == 0 && ++tries < 100)
			goto again;	/* the journal was replaced meanwhile */
		if (rc == 0)
			wl_error_set(err, path, 0, 0, "the journal keeps "
			    "being replaced");
		return NULL;
	}
	/* Said before the caller asks or plans anything. */
	if ((flags & WL_W_REWRITE) && rewritable(path, &st, flags, err) < 0) {
		if (created)
			unlink(path);
		close(fd);
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL || (w->path = strdup(path)) == NULL) {
		free(w);
		if (created)
			unlink(path);
		close(fd);
		wl_error_set(err, path, 0, 0, "out of memory");
		return NULL;
	}
	w->fd = fd;
	w->flags = flags;
	w->created = created;
	return w;
}

/* Links among the directories on the way need nothing: rename(2)
 * follows them.  Not made absolute, as realpath(3) would, which fails
 * where a directory above the current one may not be searched. */
int
wl_resolve_link(const char *path, char *out, size_t size)
{
	char to[PATH_MAX];
	struct stat st;
	int hops = 0;

	if (snprintf(out, size, "%s", path) >= (int)size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (;;) {
		const char *slash = strrchr(out, '/');
		size_t dir = slash != NULL ? (size_t)(slash - out) + 1 : 0;
		ssize_t n;

		if (lstat(out, &st) < 0)
			return -1;
		if (!S_ISLNK(st.st_mode))
			return 0;
		if (++hops > 40) {
			errno = ELOOP;
			return -1;
		}
		if ((n = readlink(out, to, sizeof(to) - 1)) < 0)
			return -1;
		to[n] = '\0';
		if (to[0] == '/')
			dir = 0;
		if (dir + (size_t)n >= size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(out + dir, to, (size_t)n + 1);
	}
}

/* Write all n bytes of p to fd, in pieces the kernel takes (a mapped
 * line of any length goes from the page cache, never copied whole).
 * 0, or -1 with errno (ENOSPC for a short write). */
static int
write_all(int fd, const char *p, size_t n, int mapped)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uintptr_t done = (uintptr_t)p / page * page;

	while (n > 0) {
		ssize_t got = write(fd, p, n < (1u << 20) ? n : (1u << 20));
		uintptr_t upto = ((uintptr_t)p + (got > 0 ? (size_t)got : 0)) /
		    page * page;

		/* Written pages of a map go back to the page cache. */
		if (mapped && upto > done) {
			madvise((void *)done, upto - done, MADV_DONTNEED);
			done = upto;
		}

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

char *
wl_save_torn(const char *path, const char *frag, size_t n,
    struct wl_error *err)
{
	struct wl_piece one = { frag, n, 0 };

	return wl_save_aside(path, &one, 1, err);
}

char *
wl_save_aside(const char *path, const struct wl_piece *v, size_t nv,
    struct wl_error *err)
{
	char now[WL_TIME_LEN + 1], stamp[WL_TIME_LEN + 1], *name;
	char file[PATH_MAX];
	size_t k = 0;
	int fd = -1, ok = 1, saved = 0;

	/* Beside the file itself, where redact looks for it. */
	if (wl_resolve_link(path, file, sizeof(file)) < 0)
		snprintf(file, sizeof(file), "%s", path);
	if (wl_clock_now(now, err) < 0)
		return NULL;
	for (const char *p = now; *p; p++)
		if (*p != '-' && *p != ':')
			stamp[k++] = *p;
	stamp[k] = '\0';
	if ((name = malloc(strlen(file) + 64)) == NULL) {
		wl_error_set(err, path, 0, 0, "out of memory");
		return NULL;
	}
	for (int i = 0; fd < 0 && i < 100; i++) {
		sprintf(name, i ? "%s.torn-%s-%d" : "%s.torn-%s", file, stamp,
		    i);
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		wl_error_set(err, path, 0, 0, "cannot save the torn last "
		    "line: %s", strerror(errno));
		free(name);
		return NULL;
	}
	/* Closed whatever happens; the first failure is the one said (a
	 * short write is written on; one that writes nothing is a full
	 * disk). */
	for (size_t i = 0; i < nv && ok; i++)
		if (write_all(fd, v[i].p, v[i].len, v[i].mapped) < 0)
			ok = 0, saved = errno;
	if (ok && fsync(fd) < 0)
		ok = 0, saved = errno;
	if (close(fd) < 0 && ok) {
		ok = 0;
		saved = errno;
	}
	if (ok && wl_fsync_dir(name, NULL) < 0) {
		ok = 0;
		saved = errno;
	}
	if (!ok) {
		wl_error_set(err, path, 0, 0, "cannot save the torn last "
		    "line to %s: %s", name, strerror(saved));
		unlink(name);
		free(name);
		return NULL;
	}
	return name;
}

/*
 * The file ends mid-line: a writer died in its write, perhaps in the
 * middle of a group.  Save what readers skip (wl_rule_visible: the
 * torn line, or the incomplete group it ends) beside the journal, cut
 * it off, and say so.
 */
static int
rescue_torn(struct wl_writer *w, off_t size, struct wl_diag *diag,
    struct wl_error *err)
{
	char *name = NULL, *map;
	size_t vis, n;
	long lines;
	int group, rc = -1;

	map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, w->fd, 0);
	if (map == MAP_FAILED) {
		wl_error_set(err, w->path, 0, 0, "cannot read: %s",
		    strerror(errno));
		return -1;
	}
	vis = wl_rule_visible(map, (size_t)size, &group, &lines);
	n = (size_t)size - vis;
	if ((name = wl_save_torn(w->path, map + vis, n, err)) == NULL)
		goto out;
	if (ftruncate(w->fd, (off_t)vis) < 0 || fsync(w->fd) < 0) {
		wl_error_set(err, w->path, 0, 0, "cannot cut off the torn "
		    "last line: %s", strerror(errno));
		goto out;
	}
	if (group)
		wl_diag_say(diag, WL_WARNING, w->path, 0, "the last %ld "
		    "lines were a batch not written whole (a writer was "
		    "interrupted): their %zu bytes were moved to %s", lines,
		    n, name);
	else
		wl_diag_say(diag, WL_WARNING, w->path, 0, "the last line was "
		    "incomplete (a writer was interrupted): its %zu bytes were "
		    "moved to %s", n, name);
	rc = 0;
out:
	munmap(map, (size_t)size);
	free(name);
	return rc;
}

/* Where the "at" value of a canonical line begins, or NULL. */
static const char *
at_of(const char *line, size_t len)
{
	const char *p = len > 23 ? memmem(line + 23, len - 23, "\",\"at\":\"",
	    8) : NULL;

	return p != NULL && (size_t)(p + 8 + WL_TIME_LEN - line) <= len ?
	    p + 8 : NULL;
}

/*
 * The key of a batch: a hash of its lines with their ids and times
 * left out, so that the same input given again (same session, same
 * texts, same options) has the same key.
 */
static void
batch_key(char *const *lines, const size_t *lens, size_t n,
    char key[WL_ID_LEN + 1])
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		const char *at = at_of(lines[i], lens[i]);

		for (size_t k = 0; k < lens[i]; k++) {
			if ((k >= 7 && k < 7 + WL_ID_LEN) || (at != NULL &&
			    lines[i] + k >= at && lines[i] + k < at +
			    WL_TIME_LEN))
				continue;
			h = (h ^ (unsigned char)lines[i][k]) *
			    1099511628211ULL;
		}
		h = (h ^ 0xffu) * 1099511628211ULL;	/* between lines */
	}
	snprintf(key, WL_ID_LEN + 1, "%016llx", (unsigned long long)h);
}

/* 1 if a and b are the same canonical line but for id and time. */
static int
same_but_id(const char *a, const char *b, size_t len)
{
	const char *ta = at_of(a, len), *tb = at_of(b, len);

	if (ta == NULL || tb == NULL || ta - a != tb - b)
		return 0;
	return memcmp(a, b, 7) == 0 && memcmp(a + 23, b + 23,
	    (size_t)(ta - a) - 23) == 0 && memcmp(ta + WL_TIME_LEN,
	    tb + WL_TIME_LEN, len - (size_t)(ta - a) - WL_TIME_LEN) == 0;
}

/* How far find_key looks at a time, and how far behind it pages stay
 * mapped (the kernel maps a page-cache folio of up to 2 MB whole). */
#define KEY_STEP (4u << 20)
#define KEY_BEHIND (2u << 20)

/*
 * The first pat[0..plen) in map from p to end, or NULL.  The map is
 * looked through a step at a time and its pages are let go of behind:
 * the look goes through the whole journal, and held it all (260 MB of
 * a journal of a million records, most of a bulk add's peak).  Pages
 * from KEY_BEHIND before p on stay, for a hit's line start.
 */
static const char *
find_key(const char *map, const char *p, const char *end, const char *pat,
    size_t plen)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), done = 0;

	while ((size_t)(end - p) >= plen) {
		size_t k = (size_t)(end - p) < KEY_STEP + plen ?
		    (size_t)(end - p) : KEY_STEP + plen;
		const char *hit = memmem(p, k, pat, plen);
		size_t upto;

		if (hit != NULL || k == (size_t)(end - p))
			return hit;
		p += k - (plen - 1);
		upto = (size_t)(p - map) > KEY_BEHIND ?
		    ((size_t)(p - map) - KEY_BEHIND) / page * page : 0;
		if (upto > done) {
			madvise((void *)(map + done), upto - done,
			    MADV_DONTNEED);
			done = upto;
		}
	}
	return NULL;
}

/*
 * A complete group with this key in map[0..size) whose records are
 * lines[0..n) but for ids and times: 1, lines[i] are made those
 * records' lines (the same length) and at the group's time; else 0.
 */
static int
recorded(const char *map, size_t size, const char *key, char *const *lines,
    const size_t *lens, size_t n, char at[WL_TIME_LEN + 1])
{
	char pat[32];
	const char *p = map, *end = map + size, *hit;

	snprintf(pat, sizeof(pat), ",\"key\":\"%s\"}\n", key);
	while ((hit = find_key(map, p, end, pat, strlen(pat))) != NULL) {
		const char *ls = hit > map ? memrchr(map, '\n',
		    (size_t)(hit - map)) : NULL, *q = hit + strlen(pat);
		size_t gn, i;
		char k[WL_ID_LEN + 1];

		ls = ls != NULL ? ls + 1 : map;
		p = q;
		if (!wl_rule_group(ls, (size_t)(q - 1 - ls), &gn, k) ||
		    gn != n)
			continue;
		for (i = 0; i < n; i++) {
			const char *nl = memchr(q, '\n', (size_t)(end - q));

			if (nl == NULL || (size_t)(nl - q) + 1 != lens[i] ||
			    !same_but_id(q, lines[i], lens[i]))
				break;
			q = nl + 1;
		}
		if (i < n)
			continue;
		memcpy(at, ls + 46, WL_TIME_LEN);	/* the header's */
		at[WL_TIME_LEN] = '\0';
		q = hit + strlen(pat);
		for (i = 0; i < n; i++) {
			memcpy(lines[i], q, lens[i]);
			q += lens[i];
		}
		return 1;
	}
	return 0;
}

/* 1 if the journal holds this batch already (lines made its lines),
 * 0 if not, -1 on failure. */
static int
find_batch(struct wl_writer *w, off_t size, const char *key,
    char *const *lines, const size_t *lens, size_t n, struct wl_error *err)
{
	char at[WL_TIME_LEN + 1], *map;
	int found;

	if (size == 0)
		return 0;
	map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, w->fd, 0);
	if (map == MAP_FAILED) {
		wl_error_set(err, w->path, 0, 0, "cannot read: %s",
		    strerror(errno));
		return -1;
	}
	found = recorded(map, (size_t)size, key, lines, lens, n, at);
	munmap(map, (size_t)size);
	if (found)
		wl_error_set(err, w->path, 0, 0, "already recorded at %s: "
		    "these %zu records were written whole then (a run that "
		    "printed no ids?); not written again", at, n);
	return found;
}

/* One write(2) of buf, or -1 with errno (ENOSPC for a short one). */
static int
put(int fd, const char *buf, size_t n)
{
	ssize_t k = write(fd, buf, n);

	if (k == (ssize_t)n)
		return 0;
	if (k >= 0)
		errno = ENOSPC;
	return -1;
}

/*
 * Write a group: its header, then each record, so that the file does
 * not end with '\n' until the last byte is written (each record's
 * '\n' goes with the next one's bytes, in one write(2)): killed at any
 * moment, it leaves a torn tail that wl_rule_visible takes whole.
 */
static int
write_group(struct wl_writer *w, char *const *lines, const size_t *lens,
    size_t n, const char *key, struct wl_error *err)
{
	char id[WL_ID_LEN + 1], now[WL_TIME_LEN + 1], head[160], *buf;
	size_t most = 0;
	int hn, rc = -1;

	if (wl_id_new(id, err) < 0 || wl_clock_now(now, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		most = lens[i] > most ? lens[i] : most;
	if ((buf = malloc(most)) == NULL) {
		wl_error_set(err, w->path, 0, 0, "out of memory");
		return -1;
	}
	hn = snprintf(head, sizeof(head), "{\"id\":\"%s\",\"type\":\"group\","
	    "\"at\":\"%s\",\"n\":%zu,\"key\":\"%s\"}", id, now, n, key);
	if (put(w->fd, head, (size_t)hn) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		buf[0] = '\n';
		memcpy(buf + 1, lines[i], lens[i] - 1);
		if (put(w->fd, buf, lens[i]) < 0)
			goto fail;
	}
	if (put(w->fd, "\n", 1) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	wl_error_set(err, w->path, 0, 0, "cannot write: %s", strerror(errno));
out:
	free(buf);
	return rc;
}

int
wl_writer_append(struct wl_writer *w, char *const *lines, size_t n,
    struct wl_diag *diag, struct wl_error *err)
{
	size_t *lens = calloc(n ? n : 1, sizeof(*lens)), i;
	struct stat st;
	char last;
	off_t size;
	int rc = -1, saved;

	if (lens == NULL) {
		wl_error_set(err, w->path, 0, 0, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		lens[i] = strlen(lines[i]);
		if (lens[i] == 0 || lines[i][lens[i] - 1] != '\n' ||
		    memchr(lines[i], '\n', lens[i] - 1) != NULL) {
			wl_error_set(err, w->path, 0, 0, "a record to append "
			    "is no line");	/* a bug of the caller */
			goto out;
		}
		if (lens[i] - 1 > WL_LINE_MAX) {
			wl_problem_too_long(err, lens[i] - 1);
			goto out;
		}
	}
	if (fstat(w->fd, &st) < 0) {
		wl_error_set(err, w->path, 0, 0, "cannot stat: %s",
		    strerror(errno));
		goto out;
	}
	size = st.st_size;
	if (size > 0) {
		if (pread(w->fd, &last, 1, size - 1) != 1) {
			wl_error_set(err, w->path, 0, 0, "cannot read: %s",
			    strerror(errno));
			goto out;
		}
		if (last != '\n') {
			if (rescue_torn(w, size, diag, err) < 0)
				goto out;
			size = lseek(w->fd, 0, SEEK_END);
		}
	}
	if (n > WL_GROUP_MAX) {
		wl_error_set(err, w->path, 0, 0, "a batch holds at most %d "
		    "records, not %zu: split the input", WL_GROUP_MAX, n);
		goto out;
	}
	if (n > 1) {
		char key[WL_ID_LEN + 1];
		int found;

		batch_key(lines, lens, n, key);
		if ((found = find_batch(w, size, key, lines, lens, n, err)) < 0)
			goto out;
		if (found) {
			rc = 1;
			goto out;
		}
		if (write_group(w, lines, lens, n, key, err) < 0)
			goto undo;
	}
	for (i = 0; i < n && n == 1; i++) {
		ssize_t k = write(w->fd, lines[i], lens[i]);

		if (k != (ssize_t)lens[i]) {
			saved = k < 0 ? errno : ENOSPC;
			wl_error_set(err, w->path, 0, 0, "cannot write: %s",
			    strerror(saved));
			goto undo;
		}
	}
	if (fsync(w->fd) < 0) {
		wl_error_set(err, w->path, 0, 0, "cannot sync to disk: %s",
		    strerror(errno));
		goto undo;
	}
	if (w->created && !w->appended && wl_fsync_dir(w->path, err) < 0)
		goto undo;
	w->appended = 1;
	rc = 0;
	goto out;
undo:
	/* Leave the journal as it was; its lock is still ours. */
	if (ftruncate(w->fd, size) == 0)
		(void)fsync(w->fd);
out:
	free(lens);
	return rc;
}

/* All of buf at offset 0 of fd (whose O_APPEND is off), or -1 with
 * errno (ENOSPC for a write that wrote nothing). */
static int
put_at_start(int fd, const char *buf, size_t n)
{
	size_t done = 0;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while (done < n) {
		ssize_t k = write(fd, buf + done, n - done);

		if (k <= 0) {
			if (k < 0 && errno == EINTR)
				continue;
			if (k == 0)
				errno = ENOSPC;
			return -1;
		}
		done += (size_t)k;
	}
	return 0;
}

/*
 * The rewrite of --force: the file's own bytes overwritten, so that
 * every name of it sees the new ones, and its owner, group and mode
 * stay, whoever runs it.  Not atomic: the old bytes are kept in memory
 * and put back if the new ones cannot all be written and synced.
 */
static int
rewrite_in_place(struct wl_writer *w, const struct stat *st,
    const char *data, size_t len, struct wl_error *err)
{
	size_t oldlen = (size_t)st->st_size, done = 0;
	char *old = malloc(oldlen ? oldlen : 1);
	int fl = -1, saved;

	if (old == NULL) {
		wl_error_set(err, w->path, 0, 0, "out of memory");
		return -1;
	}
	while (done < oldlen) {
		ssize_t k = pread(w->fd, old + done, oldlen - done,
		    (off_t)done);

		if (k <= 0) {
			if (k < 0 && errno == EINTR)
				continue;
			if (k == 0)
				errno = EIO;	/* it shrank under our lock? */
			goto unchanged;
		}
		done += (size_t)k;
	}
	/* Room first, so that a full disk is found before a byte is
	 * overwritten; a file system that cannot say goes on. */
	if (len > oldlen && fallocate(w->fd, FALLOC_FL_KEEP_SIZE, 0,
	    (off_t)len) < 0 && errno != EOPNOTSUPP && errno != ENOSYS)
		goto unchanged;
	/* With O_APPEND every write would go to the end. */
	if ((fl = fcntl(w->fd, F_GETFL)) < 0 ||
	    fcntl(w->fd, F_SETFL, fl & ~O_APPEND) < 0)
		goto unchanged;
	w->appended = 1;	/* whatever comes, the file stays */
	if (put_at_start(w->fd, data, len) == 0 &&
	    ftruncate(w->fd, (off_t)len) == 0 && fsync(w->fd) == 0) {
		free(old);
		return 0;
	}
	saved = errno;
	if (put_at_start(w->fd, old, oldlen) == 0 &&
	    ftruncate(w->fd, (off_t)oldlen) == 0 && fsync(w->fd) == 0) {
		errno = saved;
		goto unchanged;
	}
	wl_error_set(err, w->path, 0, 0, "cannot rewrite the journal in "
	    "place: %s; putting its old contents back failed too (%s): "
	    "run 'wl-report check' on it", strerror(saved), strerror(errno));
	free(old);
	return -1;
unchanged:
	wl_error_set(err, w->path, 0, 0, "cannot rewrite the journal in "
	    "place: %s (it is unchanged)", strerror(errno));
	if (fl >= 0)
		(void)fcntl(w->fd, F_SETFL, fl);
	free(old);
	return -1;
}

int
wl_writer_rewrite(struct wl_writer *w, const char *data, size_t len,
    struct wl_error *err)
{
	char target[PATH_MAX], *tmp = NULL;
	struct stat st, at;
	size_t done = 0;
	int fd = -1;

	if (fstat(w->fd, &st) < 0) {
		wl_error_set(err, w->path, 0, 0, "cannot rewrite the journal: "
		    "%s (it is unchanged)", strerror(errno));
		return -1;
	}
	if (rewritable(w->path, &st, w->flags, err) < 0)
		return -1;
	if (w->flags & WL_W_IN_PLACE)
		return rewrite_in_place(w, &st, data, len, err);
	/* The file itself, through any symbolic links: renamed over a
	 * link, the new file would replace the link and leave the file it
	 * names as it was, names and all.  It must be the file locked. */
	if (wl_resolve_link(w->path, target, sizeof(target)) < 0)
		goto fail;
	if (stat(target, &at) < 0 || at.st_dev != st.st_dev ||
	    at.st_ino != st.st_ino) {
		wl_error_set(err, w->path, 0, 0, "cannot rewrite the journal: "
		    "%s is no longer the file locked (it is unchanged)",
		    target);
		return -1;
	}
	if ((tmp = malloc(strlen(target) + 16)) == NULL) {
		wl_error_set(err, w->path, 0, 0, "out of memory");
		return -1;
	}
	/* Beside the file, in its directory: rename(2) stays on one file
	 * system.  Its owner and group before its mode: fchown may clear
	 * bits of the mode. */
	sprintf(tmp, "%s.new-XXXXXX", target);
	if ((fd = mkstemp(tmp)) < 0) {
		/* A directory one may not write in: the file itself may
		 * still be overwritten. */
		wl_error_set(err, w->path, 0, 0, "cannot rewrite the journal: "
		    "cannot make a new file beside it: %s (it is unchanged)%s",
		    strerror(errno), errno == EACCES ? "; --force overwrites "
		    "it in place" : "");
		free(tmp);
		return -1;
	}
	if (fchown(fd, st.st_uid, st.st_gid) < 0 ||
	    fchmod(fd, st.st_mode & 07777) < 0)
		goto fail;
	while (done < len) {
		ssize_t k = write(fd, data + done, len - done);

		if (k <= 0) {
			if (k < 0 && errno == EINTR)
				continue;
			if (k == 0)
				errno = ENOSPC;
			goto fail;
		}
		done += (size_t)k;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, target) < 0)
		goto fail;
	free(tmp);
	w->appended = 1;	/* the new file stays, whatever comes */
	if (wl_fsync_dir(target, err) < 0) {
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err ? err->msg : "");
		wl_error_set(err, w->path, 0, 0, "the journal was rewritten, "
		    "but syncing its directory failed (%s): it may not "
		    "survive a crash yet", why);
		return -1;
	}
	return 0;
fail:
	wl_error_set(err, w->path, 0, 0, "cannot rewrite the journal: %s "
	    "(it is unchanged)", strerror(errno));
	if (fd >= 0)
		close(fd);
	if (tmp != NULL)
		unlink(tmp);
	free(tmp);
	return -1;
}

void
wl_writer_close(struct wl_writer *w)
{
	struct stat st;

	if (w == NULL)
		return;
	if (w->created && !w->appended && fstat(w->fd, &st) == 0 &&
	    st.st_size == 0)
		unlink(w->path);
	close(w->fd);	/* releases the lock */
	free(w->path);
	free(w);
}
