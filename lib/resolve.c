/* resolve.c - finding records by id prefix, sessions, participants */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"

#define MAX_LISTED 5

static const char *
mask_name(unsigned mask)
{
	mask &= ~WL_FIND_WITHDRAWN;
	for (int t = 0; t < WL_UNKNOWN; t++)
		if (mask == WL_TYPE_BIT(t))
			return wl_type_name((enum wl_type)t);
	return "record";
}

/* "abcd1234... (note), ..." for an ambiguity message. */
static void
list_candidates(char *buf, size_t size, const struct wl_rec *const *c,
    size_t n)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && i < MAX_LISTED && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s (%s)",
		    i ? ", " : "", wl_rec_id(c[i]),
		    wl_type_name(wl_rec_type(c[i])));
	if (n > MAX_LISTED && o < size)
		snprintf(buf + o, size - o, ", and %zu more",
		    n - MAX_LISTED);
}

static int
valid_prefix(const char *p)
{
	size_t n = strlen(p);

	if (n < WL_PREFIX_MIN || n > WL_ID_LEN)
		return 0;
	for (; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

const struct wl_rec *
wl_journal_find(const struct wl_journal *j, const char *prefix,
    unsigned mask, struct wl_error *err)
{
	const struct wl_rec *c[MAX_LISTED + 1], *r;
	size_t n = 0, len = strlen(prefix), k, end;
	char list[512], lo[WL_ID_LEN], hi[WL_ID_LEN];
	uint64_t from, to;

	if (!valid_prefix(prefix)) {
		wl_error_set(err, NULL, 0, 0, "'%.40s' is not an id: ids are "
		    "hex, at least %d characters of them", prefix,
		    WL_PREFIX_MIN);
		return NULL;
	}
	/* The ids that start with prefix are one run of the index. */
	memset(lo, '0', WL_ID_LEN);
	memset(hi, 'f', WL_ID_LEN);
	memcpy(lo, prefix, len);
	memcpy(hi, prefix, len);
	wl_id_value(lo, WL_ID_LEN, &from);
	wl_id_value(hi, WL_ID_LEN, &to);
	wl_idtab_range(&j->index, from, to, &k, &end);
	for (; k < end; k++) {
		if (k > 0 && j->index.id[k] == j->index.id[k - 1])
			continue;
		r = wl_journal_at(j, wl_idtab_val(&j->index, k));
		if (!(mask & WL_TYPE_BIT(wl_rec_type(r))))
			continue;
		if (n <= MAX_LISTED)
			c[n] = r;
		n++;
	}
	if (n == 0) {
		wl_error_set(err, NULL, 0, 0, "no %s with id '%s'",
		    mask_name(mask), prefix);
		if (err != NULL)
			err->code = WL_ENOTFOUND;
		return NULL;
	}
	if (n > 1) {
		list_candidates(list, sizeof(list), c, n);
		wl_error_set(err, NULL, 0, 0, "id '%s' is ambiguous: %s",
		    prefix, list);
		if (err != NULL)
			err->code = WL_EAMBIGUOUS;
		return NULL;
	}
	if (!(mask & WL_FIND_WITHDRAWN) && wl_rec_retracted(c[0])) {
		wl_error_set(err, NULL, 0, 0, "%s '%s' was retracted",
		    wl_type_name(wl_rec_type(c[0])), wl_rec_id(c[0]));
		return NULL;
	}
	return c[0];
}

const struct wl_rec *
wl_journal_session(const struct wl_journal *j, const char *opt,
    struct wl_error *err)
{
	const char *env = getenv("WL_SESSION");

	if (opt == NULL && env != NULL && *env != '\0')
		opt = env;
	if (opt != NULL)
		return wl_journal_find(j, opt, WL_TYPE_BIT(WL_SESSION), err);
	for (size_t i = wl_journal_count(j); i-- > 0;) {
		const struct wl_rec *r = wl_journal_at(j, i);

		if (wl_rec_type(r) == WL_SESSION && !wl_rec_retracted(r))
			return r;
	}
	wl_error_set(err, NULL, 0, 0,
	    "no session in the journal; start one with 'wl-session new'");
	return NULL;
}

const struct wl_rec *
wl_journal_participant(const struct wl_journal *j,
    const struct wl_rec *session, const char *who, struct wl_error *err)
{
	const struct wl_rec *c[MAX_LISTED + 1], *r;
	size_t n = 0, len = strlen(who);
	char list[512];
	int by_id = valid_prefix(who);

	/* An id prefix first; "cafe" may still be somebody's name. */
	for (int pass = by_id ? 0 : 1; pass < 2 && n == 0; pass++)
		for (size_t i = 0; i < wl_journal_count(j); i++) {
			r = wl_journal_at(j, i);
			if (wl_rec_type(r) != WL_PARTICIPANT ||
			    wl_rec_session(r) != session ||
			    wl_rec_retracted(r))
				continue;
			if (pass == 0 ? strncmp(wl_rec_id(r), who, len) != 0 :
			    !wl_utf8_same(wl_rec_str(r, "name"), who) &&
			    !wl_utf8_same(wl_rec_str(r, "org"), who))
				continue;
			if (n <= MAX_LISTED)
				c[n] = r;
			n++;
		}
	if (n == 1)
		return c[0];
	if (n == 0)
		wl_error_set(err, NULL, 0, 0, "no participant '%.60s' in "
		    "session %s (see 'wl-session people')", who,
		    wl_rec_id(session));
	else {
		list_candidates(list, sizeof(list), c, n);
		wl_error_set(err, NULL, 0, 0, "participant '%.60s' is "
		    "ambiguous: %s", who, list);
	}
	if (err != NULL)
		err->code = n == 0 ? WL_ENOTFOUND : WL_EAMBIGUOUS;
	return NULL;
}
