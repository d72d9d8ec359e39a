/* id.c - record ids from the operating system's random source, ascending
 * within one process */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>

#include "wl.h"
#include "internal.h"

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

int
wl_id_new(char out[WL_ID_LEN + 1], struct wl_error *err)
{
	static const char hex[] = "0123456789abcdef";
	static uint64_t last;
	static int made;
	unsigned char b[8];
	uint64_t v = 0, room;

	if (random_bytes(b, sizeof(b), err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(b); i++)
		v = v << 8 | b[i];
	room = made ? (UINT64_MAX - last) / ROOM_SHARE : 0;
	if (room > 0)
		v = last + 1 + v % room;
	last = v;
	made = 1;
	for (int i = WL_ID_LEN - 1; i >= 0; i--, v >>= 4)
		out[i] = hex[v & 15];
	out[WL_ID_LEN] = '\0';
	return 0;
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
