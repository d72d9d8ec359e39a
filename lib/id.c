/* id.c - record ids from the operating system's random source, placed
 * in the order they are written */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "wl.h"
#include "internal.h"
#include "idtab.h"
#include "journal.h"

/* n random bytes into b.  0, or -1 (err). */
static int
random_bytes(unsigned char *b, size_t n, struct wl_error *err)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = getrandom(b + got, n - got, 0);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			wl_error_set(err, NULL, 0, 0,
			    "cannot make an id: getrandom: %s",
			    strerror(errno));
			return -1;
		}
		got += (size_t)k;
	}
	return 0;
}

/* The pool of id_bytes: bytes not yet handed out, at its start. */
static _Thread_local unsigned char pool[2048];
static _Thread_local size_t pool_left;

/* In a child that forked: its pool is its parent's copy, let go of
 * (the handler runs in the one thread a child has, the forking one). */
static void
pool_forget(void)
{
	memset(pool, 0, sizeof(pool));
	pool_left = 0;
}

static int pool_safe;		/* pool_forget runs in a child */

static void
pool_watch_forks(void)
{
	pool_safe = pthread_atfork(NULL, NULL, pool_forget) == 0;
}

/*
 * The 8 random bytes of one new id.  A bulk add makes 100,000 ids, and
 * a getrandom(2) each was a twentieth of its time: the bytes come from
 * a pool of this thread, filled a few hundred ids at a time.  The pool
 * is of this process only: a child that forks lets go of what it
 * holds (pthread_atfork), so that parent and child never hand out the
 * same bytes.  A byte handed out is wiped from the pool.
 */
static int
id_bytes(unsigned char b[8], struct wl_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	if (pthread_once(&once, pool_watch_forks) != 0 || !pool_safe)
		return random_bytes(b, 8, err);		/* no pool then */
	if (pool_left < 8) {
		if (random_bytes(pool, sizeof(pool), err) < 0)
			return -1;
		pool_left = sizeof(pool);
	}
	pool_left -= 8;
	memcpy(b, pool + pool_left, 8);
	memset(pool + pool_left, 0, 8);
	return 0;
}

/* The ids this process made (wl_id_new), for wl_id_place: only those
 * are placed, an import's given ids stay.  Sorted when asked. */
static uint64_t *fresh;
static size_t nfresh, capfresh;
static size_t nsorted;		/* fresh[0..nsorted) are sorted */

static uint64_t
random_u64(const unsigned char b[8])
{
	uint64_t r = 0;

	for (size_t i = 0; i < 8; i++)
		r = r << 8 | b[i];
	return r;
}

static void
hex_of(uint64_t v, char out[WL_ID_LEN])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = WL_ID_LEN - 1; i >= 0; i--, v >>= 4)
		out[i] = hex[v & 15];
}

int
wl_id_new(char out[WL_ID_LEN + 1], struct wl_error *err)
{
	unsigned char b[8];
	uint64_t v;

	if (id_bytes(b, err) < 0)
		return -1;
	v = random_u64(b);
	if (nfresh == capfresh) {
		size_t nc = capfresh ? capfresh * 2 : 64;
		uint64_t *f = realloc(fresh, nc * sizeof(*f));

		if (f == NULL) {
			wl_error_set(err, NULL, 0, 0, "out of memory");
			return -1;
		}
		fresh = f;
		capfresh = nc;
	}
	fresh[nfresh++] = v;
	hex_of(v, out);
	out[WL_ID_LEN] = '\0';
	return 0;
}

/*
 * Sort n elements of size bytes at base by the uint64_t each begins
 * with: eight counting passes of a byte each, a pass skipped when all
 * share that byte.  A bulk add sorts its 100,000 ids and their moves,
 * which qsort did in a tenth of the add's time.  0, or -1 when out of
 * memory (base is as it was).  Inlined at both of its calls, where
 * size is a constant and each element's copy a move or two: out of
 * line, with size a variable, a bulk add of 100,000 ran 30 million
 * more instructions of its 1,630 (callgrind, -O2, medians of 3).
 */
static inline __attribute__((always_inline)) int
sort_by_u64(void *base, size_t n, size_t size)
{
	unsigned char *a = base, *b = malloc(n * size + 1), *src = a,
	    *dst = b, *t;

	if (b == NULL)
		return -1;
	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t count[256] = { 0 }, at = 0, i;
		uint64_t k;

		for (i = 0; i < n; i++) {
			memcpy(&k, src + i * size, sizeof(k));
			count[k >> shift & 255]++;
		}
		memcpy(&k, src, n > 0 ? sizeof(k) : 0);
		if (n == 0 || count[k >> shift & 255] == n)
			continue;
		for (i = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = at;
			at += c;
		}
		for (i = 0; i < n; i++) {
			memcpy(&k, src + i * size, sizeof(k));
			memcpy(dst + count[k >> shift & 255]++ * size,
			    src + i * size, size);
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * size);
	free(b);
	return 0;
}

/* Ids are random: the first look is where key would be if the n were
 * spread evenly, and the search widens from there (two or three looks,
 * not the seventeen of a binary search of 100,000). */
const void *
wl_find_by_u64(const void *base, size_t n, size_t size, uint64_t key)
{
	const unsigned char *a = base;
	size_t lo, hi, step = 1;
	uint64_t k;

#define KEY_AT(i) (memcpy(&k, a + (i) * size, sizeof(k)), k)
	if (n == 0)
		return NULL;
	lo = n < (UINT64_C(1) << 32) ?
	    (size_t)((key >> 32) * (uint64_t)n >> 32) : 0;
	if (KEY_AT(lo) > key) {
		hi = lo;
		while (lo > 0 && KEY_AT(lo) > key) {
			hi = lo;
			lo = lo > step ? lo - step : 0;
			step *= 2;
		}
	} else {
		hi = lo + 1;
		while (hi < n && KEY_AT(hi) <= key) {
			lo = hi;
			hi = n - hi > step ? hi + step : n;
			step *= 2;
		}
	}
	/* key is in [lo, hi), if anywhere */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (KEY_AT(mid) == key)
			return a + mid * size;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
#undef KEY_AT
	return NULL;
}

static int
by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
sort_u64(uint64_t *v, size_t n)
{
	if (sort_by_u64(v, n, sizeof(*v)) < 0)
		qsort(v, n, sizeof(*v), by_u64);	/* no room: slower */
}

/* 1 if this process made the id of value v. */
static int
made_here(uint64_t v)
{
	if (nfresh - nsorted > 64)
		sort_u64(fresh, nfresh);
	else
		/* A few made since: each into its place. */
		for (size_t i = nsorted; i < nfresh; i++) {
			uint64_t x = fresh[i];
			size_t k = i;

			for (; k > 0 && fresh[k - 1] > x; k--)
				fresh[k] = fresh[k - 1];
			fresh[k] = x;
		}
	nsorted = nfresh;
	return wl_find_by_u64(fresh, nfresh, sizeof(*fresh), v) != NULL;
}

/* The "at" of a canonical line (id, type, at first): its 20 bytes, or
 * NULL. */
static const char *
line_at(const char *line)
{
	static const char key[] = "\",\"at\":\"", type[] = "\",\"type\":\"";
	const char *p = line + 7 + WL_ID_LEN;

	/* After the type's name, in a line wl_line_encode made. */
	if (strncmp(p, type, sizeof(type) - 1) == 0)
		p = strchr(p + sizeof(type) - 1, '"');
	if (p == NULL || strncmp(p, key, sizeof(key) - 1) != 0)
		p = strstr(line, key);
	if (p == NULL)
		return NULL;
	p += sizeof(key) - 1;
	return strnlen(p, WL_TIME_LEN + 1) > WL_TIME_LEN &&
	    p[WL_TIME_LEN] == '"' ? p : NULL;
}

/* The id of a canonical line (its 16 hex bytes at 7) as a value; 0, or
 * -1 when it has none there. */
static int
line_id(const char *line, uint64_t *v)
{
	if (strncmp(line, "{\"id\":\"", 7) != 0 ||
	    strnlen(line + 7, WL_ID_LEN + 1) <= WL_ID_LEN ||
	    line[7 + WL_ID_LEN] != '"')
		return -1;
	return wl_id_value(line + 7, WL_ID_LEN, v);
}

/* A second of the batch: the highest id of it so far, and how many of
 * the batch's own ids of it are still to place. */
struct second {
	char at[WL_TIME_LEN + 1];
	uint64_t last;
	size_t left;
	int any;		/* last is an id (of j, or of the batch) */
};

static int
by_at(const void *a, const void *b)
{
	return memcmp(((const struct second *)a)->at,
	    ((const struct second *)b)->at, WL_TIME_LEN);
}

static struct second *
second_of(struct second *s, size_t ns, const char *at)
{
	struct second key;

	memcpy(key.at, at, WL_TIME_LEN);
	return ns ? bsearch(&key, s, ns, sizeof(*s), by_at) : NULL;
}

/* An id of the batch and the one it gets. */
struct move {
	uint64_t from, to;
};

static int
by_from(const void *a, const void *b)
{
	uint64_t x = ((const struct move *)a)->from;
	uint64_t y = ((const struct move *)b)->from;

	return x < y ? -1 : x > y;
}

static void
sort_moves(struct move *m, size_t n)
{
	_Static_assert(offsetof(struct move, from) == 0, "sorted by from");
	if (sort_by_u64(m, n, sizeof(*m)) < 0)
		qsort(m, n, sizeof(*m), by_from);	/* no room: slower */
}

/* 1 if p starts with WL_ID_LEN lowercase hex digits and a '"'. */
static int
quoted_id(const char *p)
{
	for (int i = 0; i < WL_ID_LEN; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return p[WL_ID_LEN] == '"';
}

/* Every quoted id in line that was moved, made the one it moved to;
 * the line's own id (placed already) aside. */
static void
follow(char *line, const struct move *m, size_t nm)
{
	char *p = line;

	if (strncmp(line, "{\"id\":\"", 7) == 0 && quoted_id(line + 7))
		p = line + 7 + WL_ID_LEN + 1;
	while ((p = strchr(p, '"')) != NULL) {
		const struct move *x;
		struct move key;

		p++;
		if (!quoted_id(p) ||
		    wl_id_value(p, WL_ID_LEN, &key.from) < 0)
			continue;
		if ((x = wl_find_by_u64(m, nm, sizeof(*m), key.from)) != NULL)
			hex_of(x->to, p);
		p += WL_ID_LEN + 1;
	}
}

/*
 * The ids of one second are placed one after the other above the
 * highest id of that second, each a random step up of at most a 64th
 * of the room left (so ids written one by one differ in their first
 * digits, and a short prefix names one), and at most an equal share
 * of it for those of the batch still to place (so a batch of any size
 * fits).  Some two thousand fit in one second, however many writers
 * place theirs one after the other; past that (a test's WL_NOW holds
 * the clock still) an id stays as random as it was, and only its
 * order in that second is lost.  Steps are never below 2^32: two
 * copies that place above the same id clash less than once in 2^32.
 * A record alone in its second keeps its random id.
 */
#define ROOM_SHARE 64
#define STEP_MIN (UINT64_C(1) << 32)

int
wl_id_place(const struct wl_journal *j, char *const *lines, size_t n,
    struct wl_error *err)
{
	struct second *s = calloc(n + 1, sizeof(*s)), **xs = NULL;
	struct move *m = calloc(n + 1, sizeof(*m));
	unsigned char *mine = calloc(n + 1, 1), *rnd = NULL;
	const char **ats = calloc(n + 1, sizeof(*ats));
	size_t ns = 0, nm = 0, i, k;
	int rc = -1;

	if (s == NULL || m == NULL || mine == NULL || ats == NULL ||
	    (xs = calloc(n + 1, sizeof(*xs))) == NULL)
		goto nomem;
	/* The seconds of the batch's own ids (each line's "at" found
	 * once: a bulk add has 100,000, mostly of a few seconds, which
	 * are sorted once each, not once a line). */
	for (i = 0; i < n; i++) {
		const char *at = ats[i] = line_at(lines[i]);
		uint64_t v;

		if (at == NULL || line_id(lines[i], &v) < 0 || !made_here(v))
			continue;
		mine[i] = 1;
		if (ns > 0 && memcmp(s[ns - 1].at, at, WL_TIME_LEN) == 0)
			continue;
		memcpy(s[ns].at, at, WL_TIME_LEN);
		ns++;
	}
	if (ns == 0) {
		rc = 0;
		goto out;
	}
	qsort(s, ns, sizeof(*s), by_at);
	k = 0;
	for (i = 0; i < ns; i++)
		if (k == 0 || by_at(&s[k - 1], &s[i]) != 0)
			s[k++] = s[i];
	ns = k;
	for (i = 0; i < n; i++) {
		xs[i] = ats[i] != NULL ? second_of(s, ns, ats[i]) : NULL;
		if (mine[i])
			xs[i]->left++;
	}
	/* Random bytes for every step, and for a first of several, at
	 * once: a bulk add asks the kernel once, not per record. */
	if ((rnd = malloc(16 * (n + 1))) == NULL)
		goto nomem;
	if (random_bytes(rnd, 16 * n, err) < 0)
		goto out;
	/* The highest id of each of those seconds in the journal. */
	for (i = 0; j != NULL && i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		const char *at = wl_rec_str(r, "at");
		struct second *x;
		uint64_t v;

		if (at == NULL || strlen(at) != WL_TIME_LEN ||
		    (x = second_of(s, ns, at)) == NULL ||
		    wl_id_value(wl_rec_id(r), WL_ID_LEN, &v) < 0)
			continue;
		if (!x->any || v > x->last)
			x->last = v;
		x->any = 1;
	}
	/* And those a writer's part left out (tail.c). */
	for (i = 0; j != NULL && i < j->noutside; i++) {
		struct second *x = second_of(s, ns, j->outside[i].at);
		uint64_t v;

		if (x == NULL || wl_id_value(j->outside[i].id, WL_ID_LEN,
		    &v) < 0)
			continue;
		if (!x->any || v > x->last)
			x->last = v;
		x->any = 1;
	}
	/* In the order given: each above the highest of its second so
	 * far, the journal's and the batch's (given ids too). */
	for (i = 0; i < n; i++) {
		struct second *x = xs[i];
		const unsigned char *b = rnd + 16 * i;
		uint64_t v, room;

		if (x == NULL || line_id(lines[i], &v) < 0)
			continue;
		if (!mine[i] || (!x->any && x->left == 1)) {
			/* A given id, or the first of its second: it
			 * stays, and what follows goes above it. */
			if (!x->any || v > x->last)
				x->last = v;
			x->any = 1;
			x->left -= mine[i];
			continue;
		}
		if (!x->any) {
			/* The first of several: low enough that all fit. */
			x->last = random_u64(b + 8) >> 1;
			x->any = 1;
		}
		room = (UINT64_MAX - x->last) / (x->left + 1 > ROOM_SHARE ?
		    x->left + 1 : ROOM_SHARE);
		x->left--;
		if (room < STEP_MIN)
			continue;	/* no room above: it stays */
		x->last += 1 + random_u64(b) % room;
		m[nm++] = (struct move){ v, x->last };
		hex_of(x->last, lines[i] + 7);
	}
	/* The references among the batch follow the ids they name. */
	if (nm > 0 && n > 1) {
		sort_moves(m, nm);
		for (i = 0; i < n; i++)
			follow(lines[i], m, nm);
	}
	rc = (int)(nm > INT_MAX ? INT_MAX : nm);
	goto out;
nomem:
	wl_error_set(err, NULL, 0, 0, "out of memory");
out:
	free(s);
	free(m);
	free(mine);
	free(rnd);
	free(ats);
	free(xs);
	return rc;
}

int
wl_id_valid(const char *s)
{
	size_t i;

	for (i = 0; i < WL_ID_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[i] == '\0';
}
