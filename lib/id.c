/* id.c - record ids from the operating system's random source */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "wl.h"
#include "internal.h"

int
wl_id_new(char out[WL_ID_LEN + 1], struct wl_error *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[WL_ID_LEN / 2];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(b)) {
		n = getrandom(b + got, sizeof(b) - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			wl_error_set(err, NULL, 0, 0,
			    "cannot make an id: getrandom: %s",
			    strerror(errno));
			return -1;
		}
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(b); i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
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
