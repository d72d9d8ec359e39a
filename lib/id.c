/* id.c - record ids from the operating system's random source, ascending
 * within one process */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "wl.h"
#include "internal.h"
#include "idtab.h"

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

/*
 * The ids one process makes ascend: records of one batch (a bulk add)
 * share their "at", and the order of records is "at", then id
 * (wl_rule_order), so they keep the order they were given in.  The
 * first id is uniformly random; each next one lies a random step
 * above the last, at most a 64th of the room left: steps stay large,
 * so ids of one batch differ in their first few digits (prefixes of
 * four clash for about one pair in 500), and some thousands fit
 * before the room is gone; then ids are random again.
 */
#define ROOM_SHARE 64

/* The ids this process made, for wl_draft_place: ascending while the
 * room lasts (sorted then), else sorted when asked. */
static uint64_t *fresh;
static size_t nfresh, capfresh;
static int unsorted;

static void
hex_of(uint64_t v, char out[WL_ID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = WL_ID_LEN - 1; i >= 0; i--, v >>= 4)
		out[i] = hex[v & 15];
	out[WL_ID_LEN] = '\0';
}

/* A random value above floor (made: there is one), a random step of
 * at most a 64th of the room left; 0 in *v when there is no room. */
static int
above(uint64_t floor, int made, uint64_t *v, struct wl_error *err)
{
	unsigned char b[8];
	uint64_t r = 0, room;

	if (random_bytes(b, sizeof(b), err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(b); i++)
		r = r << 8 | b[i];
	room = made ? (UINT64_MAX - floor) / ROOM_SHARE : 0;
	*v = !made ? r : room > 0 ? floor + 1 + r % room : 0;
	return 0;
}

int
wl_id_new(char out[WL_ID_LEN + 1], struct wl_error *err)
{
	static uint64_t last;
	static int made;
	uint64_t v;

	if (above(last, made, &v, err) < 0)
		return -1;
	if (v == 0 && made && above(0, 0, &v, err) < 0)
		return -1;	/* no room: random again */
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
	if (nfresh > 0 && v <= fresh[nfresh - 1])
		unsorted = 1;
	fresh[nfresh++] = v;
	last = v;
	made = 1;
	hex_of(v, out);
	return 0;
}

static int
by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* 1 if this process made id. */
static int
made_here(const char *id)
{
	uint64_t v;

	if (id == NULL || wl_id_value(id, strlen(id), &v) < 0 || nfresh == 0)
		return 0;
	if (unsorted) {
		qsort(fresh, nfresh, sizeof(*fresh), by_u64);
		unsorted = 0;
	}
	return bsearch(&v, fresh, nfresh, sizeof(v), by_u64) != NULL;
}

/* An id of the batch and the one it gets. */
struct move {
	char from[WL_ID_LEN + 1], to[WL_ID_LEN + 1];
};

/* The "at" of a canonical line (id, type, at first): its 20 bytes, or
 * NULL. */
static const char *
line_at(const char *line)
{
	const char *p = strstr(line, "\",\"at\":\"");

	return p != NULL && strlen(p + 8) > WL_TIME_LEN &&
	    p[8 + WL_TIME_LEN] == '"' ? p + 8 : NULL;
}

/* The id of a canonical line: its 16 hex bytes at 7, copied. */
static int
line_id(const char *line, char id[WL_ID_LEN + 1])
{
	if (strncmp(line, "{\"id\":\"", 7) != 0 ||
	    strlen(line) < 7 + WL_ID_LEN || line[7 + WL_ID_LEN] != '"')
		return 0;
	memcpy(id, line + 7, WL_ID_LEN);
	id[WL_ID_LEN] = '\0';
	return wl_id_valid(id);
}

int
wl_id_place(const struct wl_journal *j, char *const *lines, size_t n,
    struct wl_error *err)
{
	struct move *m = calloc(n + 1, sizeof(*m));
	size_t nm = 0;

	if (m == NULL) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char id[WL_ID_LEN + 1], kid[WL_ID_LEN + 1];
		const char *at = line_at(lines[i]), *kat;
		uint64_t floor = 0, v;
		int any = 0;

		if (!line_id(lines[i], id) || at == NULL || !made_here(id))
			continue;
		/* Above the records of its time: in j, and those of the
		 * batch before it (as placed). */
		for (size_t k = 0; j != NULL && k < wl_journal_count(j); k++) {
			const struct wl_rec *r = wl_journal_at(j, k);
			const char *rat = wl_rec_str(r, "at");

			if (rat != NULL && strncmp(rat, at, WL_TIME_LEN) == 0 &&
			    rat[WL_TIME_LEN] == '\0' &&
			    wl_id_value(wl_rec_id(r), WL_ID_LEN, &v) == 0 &&
			    (!any || v > floor)) {
				floor = v;
				any = 1;
			}
		}
		for (size_t k = 0; k < i; k++)
			if ((kat = line_at(lines[k])) != NULL &&
			    memcmp(kat, at, WL_TIME_LEN) == 0 &&
			    line_id(lines[k], kid) &&
			    wl_id_value(kid, WL_ID_LEN, &v) == 0 &&
			    (!any || v > floor)) {
				floor = v;
				any = 1;
			}
		if (!any || above(floor, 1, &v, err) < 0 || v == 0)
			continue;	/* first of its time, or no room */
		memcpy(m[nm].from, id, WL_ID_LEN + 1);
		hex_of(v, m[nm].to);
		memcpy(lines[i] + 7, m[nm].to, WL_ID_LEN);
		nm++;
	}
	/* The references among the batch follow: every "ID" of a moved
	 * id in its lines (fresh ids: no text can hold one). */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nm; k++) {
			char *p = lines[i];

			while ((p = strstr(p, m[k].from)) != NULL) {
				if (p > lines[i] && p[-1] == '"' &&
				    p[WL_ID_LEN] == '"')
					memcpy(p, m[k].to, WL_ID_LEN);
				p += WL_ID_LEN;
			}
		}
	free(m);
	return (int)nm;
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
