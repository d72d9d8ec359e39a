/*
 * resolve.c - what a user types, resolved: ids and id prefixes (of
 * either case), sessions by id, municipality or date, participants by
 * id, name or org, and the words said when that fails.  Each rule is
 * one function here, for every program; wl(7), "Naming people,
 * sessions and records", says them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"
#include "reader.h"

#define MAX_LISTED 5	/* candidates an ambiguity lists */
#define MAX_NEAR 3	/* names a "did you mean" offers */
#define MAX_WORDS 16	/* words of a name that are matched */
#define SHOWN 40	/* bytes of a name or org a message shows */

static const char *
mask_name(unsigned mask)
{
	mask &= ~WL_FIND_WITHDRAWN;
	for (int t = 0; t < WL_UNKNOWN; t++)
		if (mask == WL_TYPE_BIT(t))
			return wl_type_name((enum wl_type)t);
	return "record";
}

/* "an agreement", "a note": a type with its article. */
static const char *
a_type(enum wl_type t)
{
	static const char *const an[] = { "a session", "a participant",
		"a note", "an advice", "an endorsement", "an agreement",
		"a status", "an amend", "a retract", "a redaction",
		"a record" };

	return an[t <= WL_UNKNOWN ? t : WL_UNKNOWN];
}

/* "an advice or an agreement": the types of mask, into buf. */
static const char *
a_mask(unsigned mask, char *buf, size_t size)
{
	size_t o = 0, left = 0;
	int t;

	for (t = 0; t < WL_UNKNOWN; t++)
		left += (mask & WL_TYPE_BIT(t)) != 0;
	buf[0] = '\0';
	for (t = 0; t < WL_UNKNOWN && o < size; t++)
		if (mask & WL_TYPE_BIT(t)) {
			left--;
			o += (size_t)snprintf(buf + o, size - o, "%s%s",
			    a_type((enum wl_type)t), left > 1 ? ", " :
			    left == 1 ? " or " : "");
		}
	return buf;
}

/* A string field, "" when absent: for messages. */
static const char *
text(const struct wl_rec *r, const char *field)
{
	const char *v = wl_rec_str(r, field);

	return v != NULL ? v : "";
}

/* Bytes of s to show, at most SHOWN, not cutting a character. */
static int
clip(const char *s)
{
	size_t n = strlen(s);

	if (n <= SHOWN)
		return (int)n;
	for (n = SHOWN; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; n--)
		;
	return (int)n;
}

/* Append to buf (o bytes used of size) as snprintf would. */
#define ADD(buf, o, size, ...) do { if ((o) < (size)) \
	(o) += (size_t)snprintf((buf) + (o), (size) - (o), __VA_ARGS__); \
	} while (0)

/* "abcd1234... (note), ..." for an ambiguity among records. */
static void
list_candidates(char *buf, size_t size, const struct wl_rec *const *c,
    size_t n)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && i < MAX_LISTED; i++)
		ADD(buf, o, size, "%s%s (%s)", i ? ", " : "",
		    wl_rec_id(c[i]), wl_type_name(wl_rec_type(c[i])));
	if (n > MAX_LISTED)
		ADD(buf, o, size, ", and %zu more", n - MAX_LISTED);
}

int
wl_id_prefix_fold(const char *s, char out[WL_ID_LEN + 1])
{
	size_t n = strlen(s);

	if (n < WL_PREFIX_MIN || n > WL_ID_LEN)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
			out[i] = c;
		else if (c >= 'A' && c <= 'F')
			out[i] = (char)(c - 'A' + 'a');
		else
			return 0;
	}
	out[n] = '\0';
	return 1;
}

/*
 * The one word for a prefix that names only records of other types
 * than mask: "d21f... is an agreement; endorse takes an advice".
 */
static void
wrong_type(struct wl_error *err, const char *given, unsigned mask,
    const char *verb, const struct wl_rec *const *o, size_t no)
{
	char want[128], list[512];

	a_mask(mask, want, sizeof(want));
	if (no == 1 && verb != NULL)
		wl_error_set(err, NULL, 0, 0, "%s is %s; %s takes %s",
		    wl_rec_id(o[0]), a_type(wl_rec_type(o[0])), verb, want);
	else if (no == 1)
		wl_error_set(err, NULL, 0, 0, "%s is %s, not %s",
		    wl_rec_id(o[0]), a_type(wl_rec_type(o[0])), want);
	else {
		list_candidates(list, sizeof(list), o, no);
		wl_error_set(err, NULL, 0, 0, "no %s with id '%s'; it starts "
		    "the ids of %s", mask_name(mask), given, list);
	}
	if (err != NULL)
		err->code = WL_ENOTFOUND;
}

const struct wl_rec *
wl_journal_find(const struct wl_journal *j, const char *given,
    unsigned mask, const char *verb, struct wl_error *err)
{
	const struct wl_rec *c[MAX_LISTED + 1], *o[MAX_LISTED + 1], *r;
	size_t n = 0, no = 0, len, k, end;
	char list[512], lo[WL_ID_LEN], hi[WL_ID_LEN], prefix[WL_ID_LEN + 1];
	uint64_t from, to;

	if (!wl_id_prefix_fold(given, prefix)) {
		wl_error_set(err, NULL, 0, 0, "'%.40s' is not an id: ids are "
		    "hex, at least %d characters of them", given,
		    WL_PREFIX_MIN);
		return NULL;
	}
	len = strlen(prefix);
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
		if (!(mask & WL_TYPE_BIT(wl_rec_type(r)))) {
			if (no <= MAX_LISTED)
				o[no] = r;
			no++;
			continue;
		}
		if (n <= MAX_LISTED)
			c[n] = r;
		n++;
	}
	if (n == 0 && no > 0) {
		wrong_type(err, prefix, mask, verb, o, no);
		return NULL;
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
		wl_error_set(err, NULL, 0, 0, "%s '%s' was removed (restore "
		    "brings it back)",
		    wl_type_name(wl_rec_type(c[0])), wl_rec_id(c[0]));
		return NULL;
	}
	return c[0];
}

static void
nomem(struct wl_error *err)
{
	wl_error_set(err, NULL, 0, 0, "out of memory");
	if (err != NULL)
		err->code = WL_ENOMEM;
}

/*
 * The nearest names, for "did you mean": every candidate is offered
 * as a folded text to measure and the name to show for it (a person's
 * name is measured whole and word by word); the shown names at the
 * least distance are kept.
 */
struct near {
	size_t best;
	size_t n;
	const char *shown[MAX_NEAR];
};

/* Returns 1 when shown became the nearest of all so far. */
static int
near_add(struct near *nr, const char *fq, const char *folded,
    const char *shown)
{
	size_t d;

	if (folded == NULL || shown == NULL)
		return 0;
	d = wl_edit_distance(fq, folded);
	if (d < nr->best) {
		nr->best = d;
		nr->n = 0;
	}
	if (d != nr->best || nr->n == MAX_NEAR)
		return 0;
	for (size_t i = 0; i < nr->n; i++)
		if (wl_utf8_same(nr->shown[i], shown))
			return 0;
	nr->shown[nr->n++] = shown;
	return nr->n == 1;
}

/* "; did you mean A, B or C?" into buf when the nearest are near
 * enough to fq: a slip of a key or two, not another name. */
static const char *
near_say(const struct near *nr, const char *fq, char *buf, size_t size)
{
	size_t o = 0, len = strlen(fq);

	buf[0] = '\0';
	if (nr->n == 0 || nr->best == 0 || nr->best > 1 + len / 4 ||
	    nr->best >= len)
		return buf;
	ADD(buf, o, size, "; did you mean ");
	for (size_t i = 0; i < nr->n; i++)
		ADD(buf, o, size, "%s%.*s", i == 0 ? "" : i + 1 < nr->n ?
		    ", " : " or ", clip(nr->shown[i]), nr->shown[i]);
	ADD(buf, o, size, "?");
	return buf;
}

/*
 * Split folded text f in place into its words: runs of letters and
 * digits (bytes past ASCII count as letters).  At most max; returns
 * how many.
 */
static size_t
split_words(char *f, char **w, size_t max)
{
	size_t n = 0;

	for (char *p = f; *p != '\0' && n < max;) {
		unsigned char c = (unsigned char)*p;

		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9'))) {
			*p++ = '\0';
			continue;
		}
		w[n++] = p;
		while ((c = (unsigned char)*p) != '\0' && (c >= 0x80 ||
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

/* What was typed for a person, folded and split once. */
struct query {
	const char *given;
	char *folded;		/* the whole, folded */
	char *split;		/* the same, cut into words */
	char *w[MAX_WORDS];
	size_t nw;
};

enum { NO_MATCH, WORD_MATCH, FULL_MATCH };

/*
 * How a name (or org) answers to q.  FULL_MATCH: the whole, folded.
 * WORD_MATCH (names only): each word typed is a word of the name, in
 * the name's order; when more than one word is typed, each may be cut
 * short ("Lotte J", "L Janssen").  -1 when out of memory.
 */
static int
name_match(const struct query *q, const char *name, int words)
{
	char *f, *w[MAX_WORDS];
	size_t nw, k = 0, i;
	int how = NO_MATCH;

	if (name == NULL)
		return NO_MATCH;
	if (wl_utf8_same(name, q->given))
		return FULL_MATCH;
	if (!words || q->nw == 0)
		return NO_MATCH;
	if ((f = wl_utf8_fold(name)) == NULL)
		return -1;
	nw = split_words(f, w, MAX_WORDS);
	for (i = 0; i < q->nw; i++) {
		size_t len = strlen(q->w[i]);

		for (; k < nw; k++)
			if (strcmp(w[k], q->w[i]) == 0 || (q->nw > 1 &&
			    strncmp(w[k], q->w[i], len) == 0))
				break;
		if (k++ >= nw)
			break;
	}
	if (i == q->nw)
		how = WORD_MATCH;
	free(f);
	return how;
}

/* How participant p answers to q: by its name, or its whole org. */
static int
person_match(const struct query *q, const struct wl_rec *p)
{
	int a = name_match(q, wl_rec_str(p, "name"), 1);
	int b = name_match(q, wl_rec_str(p, "org"), 0);

	if (a < 0 || b < 0)
		return -1;
	return a > b ? a : b;
}

/* Records found, the first MAX_LISTED kept, all counted. */
struct found {
	const struct wl_rec *r[MAX_LISTED];
	size_t n;
};

static void
keep(struct found *f, const struct wl_rec *r)
{
	if (f->n < MAX_LISTED)
		f->r[f->n] = r;
	f->n++;
}

/* "9c1e...  Lotte Janssen (initiator, Org)", one per line, into buf. */
static void
list_people(char *buf, size_t size, const struct found *f)
{
	size_t o = strlen(buf);

	for (size_t i = 0; i < f->n && i < MAX_LISTED; i++) {
		const struct wl_rec *p = f->r[i];
		const char *name = wl_rec_str(p, "name");
		const char *org = wl_rec_str(p, "org");

		if (wl_rec_redacted(p))
			name = org = NULL;
		ADD(buf, o, size, "\n  %s  %.*s (%s%s%.*s)", wl_rec_id(p),
		    name ? clip(name) : 9, name ? name : "(no name)",
		    text(p, "role"), org ? ", " : "",
		    org ? clip(org) : 0, org ? org : "");
	}
	if (f->n > MAX_LISTED)
		ADD(buf, o, size, "\n  and %zu more", f->n - MAX_LISTED);
}

/* The shortest prefix of session s's id (WL_PREFIX_MIN at least) that
 * no other session of j shares, into out. */
static void
short_id(const struct wl_journal *j, const struct wl_rec *s,
    char out[WL_ID_LEN + 1])
{
	const char *id = wl_rec_id(s);
	size_t need = WL_PREFIX_MIN;

	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		size_t same = 0;

		if (wl_rec_type(r) != WL_SESSION || r == s)
			continue;
		while (same < WL_ID_LEN && id[same] == wl_rec_id(r)[same])
			same++;
		if (same + 1 > need)
			need = same + 1 < WL_ID_LEN ? same + 1 : WL_ID_LEN;
	}
	snprintf(out, WL_ID_LEN + 1, "%.*s", (int)need, id);
}

/* A person as the messages name them: name, else org, else role. */
static const char *
known_as(const struct wl_rec *p)
{
	if (wl_rec_redacted(p))
		return wl_rec_str(p, "role");
	return wl_rec_str(p, "name") ? wl_rec_str(p, "name") :
	    wl_rec_str(p, "org") ? wl_rec_str(p, "org") :
	    wl_rec_str(p, "role");
}

/*
 * The words of a miss: who is in another session (and how to get
 * there), else the nearest names of this one, else where to look.
 */
static void
missed(const struct wl_journal *j, const struct wl_rec *session,
    const struct query *q, const char *idp, struct wl_error *err)
{
	const struct wl_rec *const *recs;
	const struct wl_rec *other = NULL;
	struct near nr = { (size_t)-1, 0, { NULL } };
	const struct wl_rec *nearest = NULL;
	char hint[512] = "", sid[WL_ID_LEN + 1];
	size_t n = 0, more = 0;

	/* Somebody of another session, by the same rules. */
	for (int want = FULL_MATCH; want > NO_MATCH && other == NULL; want--)
		for (size_t i = 0; i < wl_journal_count(j); i++) {
			const struct wl_rec *p = wl_journal_at(j, i);
			int how;

			if (wl_rec_type(p) != WL_PARTICIPANT ||
			    wl_rec_session(p) == session ||
			    wl_rec_session(p) == NULL || wl_rec_retracted(p))
				continue;
			how = idp != NULL && strncmp(wl_rec_id(p), idp,
			    strlen(idp)) == 0 ? FULL_MATCH :
			    person_match(q, p);
			if (how < 0) {
				nomem(err);
				return;
			}
			if (how != want)
				continue;
			if (other == NULL)
				other = p;
			else if (wl_rec_session(p) != wl_rec_session(other))
				more++;
		}
	if (other != NULL) {
		const struct wl_rec *s = wl_rec_session(other);
		const char *name = known_as(other);

		short_id(j, s, sid);
		snprintf(hint, sizeof(hint), "; %.*s is in session %s (%.*s, "
		    "%s); add -s %s", clip(name), name, wl_rec_id(s),
		    clip(text(s, "municipality")), text(s, "municipality"),
		    text(s, "date"), sid);
		if (more > 0)
			snprintf(hint + strlen(hint), sizeof(hint) -
			    strlen(hint), " (%zu more in other sessions; see "
			    "'wl-session people -s ID')", more);
	} else if (q->folded[0] != '\0') {
		recs = wl_session_records(session, &n);
		for (size_t i = 0; i < n; i++) {
			const struct wl_rec *p = recs[i];
			const char *name = wl_rec_str(p, "name");
			const char *org = wl_rec_str(p, "org");
			char *f, *w[MAX_WORDS];
			size_t nw;

			if (wl_rec_type(p) != WL_PARTICIPANT ||
			    wl_rec_retracted(p) || wl_rec_redacted(p))
				continue;
			/* A name is measured whole and word by word
			 * ("Lote" is near Lotte Janssen); the names shown
			 * are the records', so each fold goes at once. */
			if (name != NULL) {
				if ((f = wl_utf8_fold(name)) == NULL)
					goto oom;
				if (near_add(&nr, q->folded, f, name))
					nearest = p;
				nw = split_words(f, w, MAX_WORDS);
				for (size_t k = 0; k < nw; k++)
					if (near_add(&nr, q->folded, w[k],
					    name))
						nearest = p;
				free(f);
			}
			if (org != NULL) {
				if ((f = wl_utf8_fold(org)) == NULL)
					goto oom;
				if (near_add(&nr, q->folded, f, org))
					nearest = p;
				free(f);
			}
		}
		near_say(&nr, q->folded, hint, sizeof(hint));
	}
	if (hint[0] == '\0') {
		snprintf(hint, sizeof(hint), " (see 'wl-session people')");
		nearest = NULL;
	}
	wl_error_set(err, NULL, 0, 0, "no participant '%.*s' in session %s%s",
	    clip(q->given), q->given, wl_rec_id(session), hint);
	if (err != NULL) {
		err->code = WL_ENOTFOUND;
		/* Whom the hint is about: a caller that takes a miss for
		 * words (an owner) can still say the hint. */
		if (other != NULL || nearest != NULL)
			snprintf(err->ref, sizeof(err->ref), "%s",
			    wl_rec_id(other != NULL ? other : nearest));
	}
	return;
oom:
	nomem(err);
}

/* The words of an ambiguity: each candidate on a line, and how to
 * choose; a name registered twice says how to withdraw one. */
static void
ambiguous(const struct query *q, const struct found *f,
    struct wl_error *err)
{
	const char *org0 = wl_rec_str(f->r[0], "org");
	char buf[sizeof(err->msg)];
	int named = f->n <= MAX_LISTED, twice;

	/* One name for all: only the id tells them apart; one org too:
	 * most likely one person registered twice. */
	for (size_t i = 1; named && i < f->n; i++)
		named = wl_rec_str(f->r[i], "name") != NULL &&
		    wl_utf8_same(wl_rec_str(f->r[i], "name"),
		    wl_rec_str(f->r[0], "name"));
	twice = named;
	for (size_t i = 1; twice && i < f->n; i++) {
		const char *org = wl_rec_str(f->r[i], "org");

		twice = org == NULL ? org0 == NULL : wl_utf8_same(org, org0);
	}
	if (named)
		snprintf(buf, sizeof(buf), "participant '%.*s' is ambiguous: "
		    "%zu participants have that name; give the id:",
		    clip(q->given), q->given, f->n);
	else
		snprintf(buf, sizeof(buf), "participant '%.*s' is ambiguous; "
		    "give the full name or the id:", clip(q->given), q->given);
	list_people(buf, sizeof(buf), f);
	if (twice)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    "\n  (registered twice? withdraw one with 'wl-session rm "
		    "ID')");
	wl_error_set(err, NULL, 0, 0, "%s", buf);
	if (err != NULL)
		err->code = WL_EAMBIGUOUS;
}

const struct wl_rec *
wl_journal_participant(const struct wl_journal *j,
    const struct wl_rec *session, const char *who, struct wl_error *err)
{
	const struct wl_rec *const *recs = NULL;
	struct found ids, full, words;
	struct query q = { who, NULL, NULL, { NULL }, 0 };
	const struct wl_rec *r = NULL;
	char idp[WL_ID_LEN + 1], list[512];
	int by_id = wl_id_prefix_fold(who, idp), how;
	size_t n = 0;

	memset(&ids, 0, sizeof(ids));
	memset(&full, 0, sizeof(full));
	memset(&words, 0, sizeof(words));
	if ((q.folded = wl_utf8_fold(who)) == NULL ||
	    (q.split = strdup(q.folded)) == NULL) {
		nomem(err);
		goto out;
	}
	q.nw = split_words(q.split, q.w, MAX_WORDS);
	recs = wl_session_records(session, &n);
	for (size_t i = 0; i < n; i++) {
		const struct wl_rec *p = recs[i];

		if (wl_rec_type(p) != WL_PARTICIPANT || wl_rec_retracted(p))
			continue;
		if (by_id && strncmp(wl_rec_id(p), idp, strlen(idp)) == 0)
			keep(&ids, p);
		if ((how = person_match(&q, p)) < 0) {
			nomem(err);
			goto out;
		}
		if (how != NO_MATCH)
			keep(how == FULL_MATCH ? &full : &words, p);
	}
	/* An id prefix first ("cafe" may still be somebody's name); then
	 * a whole name or org; then the words of a name. */
	if (ids.n == 1)
		r = ids.r[0];
	else if (ids.n > 1) {
		list_candidates(list, sizeof(list), ids.r,
		    ids.n > MAX_LISTED ? MAX_LISTED : ids.n);
		wl_error_set(err, NULL, 0, 0, "id '%s' is ambiguous: %s",
		    idp, list);
		if (err != NULL)
			err->code = WL_EAMBIGUOUS;
	} else if (full.n == 1)
		r = full.r[0];
	else if (full.n > 1)
		ambiguous(&q, &full, err);
	else if (words.n == 1)
		r = words.r[0];
	else if (words.n > 1)
		ambiguous(&q, &words, err);
	else
		missed(j, session, &q, by_id ? idp : NULL, err);
out:
	free(q.folded);
	free(q.split);
	return r;
}

/*
 * The session that sel names by its municipality, its date, or both
 * (the words of sel that are a date are the date, the rest is the
 * municipality).  None or several are errors that say what there is.
 */
static const struct wl_rec *
session_by_words(const struct wl_journal *j, const char *sel,
    struct wl_error *err)
{
	char *copy = strdup(sel), *muni = NULL, *w, *save = NULL, *fm = NULL;
	const char *date = NULL;
	struct near nr = { (size_t)-1, 0, { NULL } };
	const struct wl_rec *c[MAX_LISTED], *r = NULL;
	char buf[sizeof(err->msg)], hint[256] = "";
	size_t n = 0, o = 0, k;
	int dates = 0;

	if (copy == NULL || (muni = calloc(1, strlen(sel) + 1)) == NULL) {
		nomem(err);
		goto out;
	}
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (wl_date_valid(w)) {
			date = sel + (w - copy);
			dates++;
			continue;
		}
		if (muni[0] != '\0')
			strcat(muni, " ");
		strcat(muni, w);
	}
	/* Nothing to go by is no choice: blank is not "any session". */
	for (size_t i = 0; dates <= 1 && (muni[0] != '\0' || dates == 1) &&
	    i < wl_journal_count(j); i++) {
		const struct wl_rec *s = wl_journal_at(j, i);
		const char *d = wl_rec_str(s, "date");

		if (wl_rec_type(s) != WL_SESSION || wl_rec_retracted(s))
			continue;
		if (date != NULL && (d == NULL || strncmp(d, date, 10) != 0))
			continue;
		if (muni[0] != '\0' && !wl_utf8_same(wl_rec_str(s,
		    "municipality"), muni))
			continue;
		if (n < MAX_LISTED)
			c[n] = s;
		n++;
	}
	if (n == 1) {
		r = c[0];
		goto out;
	}
	if (n == 0) {
		if (muni[0] != '\0' && (fm = wl_utf8_fold(muni)) == NULL) {
			nomem(err);
			goto out;
		}
		for (size_t i = 0; fm != NULL && i < wl_journal_count(j);
		    i++) {
			const struct wl_rec *s = wl_journal_at(j, i);
			const char *m = wl_rec_str(s, "municipality");
			char *f;

			if (wl_rec_type(s) != WL_SESSION ||
			    wl_rec_retracted(s) || m == NULL)
				continue;
			if ((f = wl_utf8_fold(m)) == NULL) {
				nomem(err);
				goto out;
			}
			near_add(&nr, fm, f, m);
			free(f);
		}
		if (fm != NULL)
			near_say(&nr, fm, hint, sizeof(hint));
		wl_error_set(err, NULL, 0, 0, "no session '%.*s': it is no "
		    "session's id, municipality or date%s%s", clip(sel), sel,
		    hint, hint[0] ? "" : " (see 'wl-session list')");
		if (err != NULL)
			err->code = WL_ENOTFOUND;
		goto out;
	}
	ADD(buf, o, sizeof(buf), "session '%.*s' is ambiguous; %s:",
	    clip(sel), sel, date == NULL ? "add the date, or give the id" :
	    "give the id");
	for (k = 0; k < n && k < MAX_LISTED; k++) {
		long long pilot = wl_rec_int(c[k], "pilot", 0);

		ADD(buf, o, sizeof(buf), "\n  %s  %.*s, %s", wl_rec_id(c[k]),
		    clip(text(c[k], "municipality")),
		    text(c[k], "municipality"), text(c[k], "date"));
		if (pilot > 0)
			ADD(buf, o, sizeof(buf), ", pilot %lld", pilot);
	}
	if (n > MAX_LISTED)
		ADD(buf, o, sizeof(buf), "\n  and %zu more", n - MAX_LISTED);
	wl_error_set(err, NULL, 0, 0, "%s", buf);
	if (err != NULL)
		err->code = WL_EAMBIGUOUS;
out:
	free(copy);
	free(muni);
	free(fm);
	return r;
}

const struct wl_rec *
wl_journal_session(const struct wl_journal *j, const char *opt,
    struct wl_error *err)
{
	const char *env = getenv("WL_SESSION");
	const struct wl_rec *r;
	struct wl_error e;
	char idp[WL_ID_LEN + 1];

	if (opt == NULL && env != NULL && *env != '\0')
		opt = env;
	if (opt != NULL && wl_id_prefix_fold(opt, idp)) {
		/* An id first; "bede" could be a municipality still. */
		memset(&e, 0, sizeof(e));
		if ((r = wl_journal_find(j, opt, WL_TYPE_BIT(WL_SESSION),
		    "-s", &e)) != NULL)
			return r;
		if (e.code == WL_ENOTFOUND &&
		    (r = session_by_words(j, opt, NULL)) != NULL)
			return r;
		if (err != NULL)
			*err = e;
		return NULL;
	}
	if (opt != NULL)
		return session_by_words(j, opt, err);
	for (size_t i = wl_journal_count(j); i-- > 0;) {
		r = wl_journal_at(j, i);

		if (wl_rec_type(r) == WL_SESSION && !wl_rec_retracted(r))
			return r;
	}
	wl_error_set(err, NULL, 0, 0,
	    "no session in the journal; start one with 'wl-session new'");
	return NULL;
}

/*
 * The string value of key in line, into out (NUL-ended): the first
 * "key":"...", with no escape in it, that fits.  A quote inside a JSON
 * string is escaped, so these bytes are a key of the line (the session
 * fields come before any nested object of a canonical line).  0 when
 * that is not so: then the line is parsed.
 */
static int
raw_value(const struct wl_line *l, const char *key, char *out, size_t size)
{
	size_t klen = strlen(key);
	const char *p = memmem(l->p, l->len, key, klen), *end, *q;

	if (p == NULL)
		return 0;
	p += klen;
	end = l->p + l->len;
	if ((q = memchr(p, '"', (size_t)(end - p))) == NULL ||
	    memchr(p, '\\', (size_t)(q - p)) != NULL ||
	    (size_t)(q - p) >= size)
		return 0;
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = '\0';
	return 1;
}

/*
 * A session line's municipality, date and id, NUL-ended into m, d and
 * id: read off the bytes when nothing in them is escaped, else parsed.
 * 0 when the line is no session (or no record).
 */
static int
session_fields(const struct wl_line *l, char *m, size_t msize, char *d,
    char id[WL_ID_LEN + 1])
{
	json_t *r;
	int ok;

	if (raw_value(l, "\"municipality\":\"", m, msize) &&
	    raw_value(l, "\"date\":\"", d, 11) &&
	    raw_value(l, "{\"id\":\"", id, WL_ID_LEN + 1))
		return 1;
	if ((r = wl_line_parse(l->p, l->len, NULL)) == NULL)
		return 0;	/* a bad line: check's to say, not new's */
	ok = wl_type_of(r) == WL_SESSION &&
	    strlen(wl_field_str(r, "municipality")) < msize;
	if (ok) {
		snprintf(m, msize, "%s", wl_field_str(r, "municipality"));
		snprintf(d, 11, "%s", wl_field_str(r, "date"));
		snprintf(id, WL_ID_LEN + 1, "%s", wl_field_str(r, "id"));
	}
	json_decref(r);
	return ok;
}

/*
 * Whether the journal at path may know municipality name: a session
 * line names it (as written, case and accents aside), or an amend
 * mentions a municipality.  Lines are looked at, not parsed, so that
 * 'new' stays quick on a journal of many sessions; only when this says
 * yes does it ask the fold (which follows amends and retracts).
 */
static int
may_know(const char *path, const char *name)
{
	struct wl_reader *rd = wl_reader_open(path, 0, NULL);
	char m[256], d[11], id[WL_ID_LEN + 1];
	struct wl_line l;
	int yes = 0;

	if (rd == NULL)
		return 0;	/* no journal yet: it knows nothing */
	while (!yes && wl_reader_next(rd, &l, NULL, NULL) == 1) {
		if (memmem(l.p, l.len, "\"municipality\"", 14) == NULL &&
		    memchr(l.p, '\\', l.len) == NULL)
			continue;
		yes = memmem(l.p, l.len, "\"type\":\"session\"", 16) == NULL ?
		    memmem(l.p, l.len, "\"amend\"", 7) != NULL :
		    !session_fields(&l, m, sizeof(m), d, id) ||
		    wl_utf8_same(m, name);
	}
	wl_reader_free(rd);
	return yes;
}

int
wl_journal_municipality(const char *path, const char *name,
    const char *date, char **spelt, char same_day[WL_ID_LEN + 1],
    struct wl_error *err)
{
	struct wl_error e;
	struct wl_journal *j;
	int rc = 0;

	*spelt = NULL;
	same_day[0] = '\0';
	if (!may_know(path, name))
		return 0;
	/* The sessions as the rules leave them: amended, retracted or
	 * taken back (a retracted one still spells its municipality).
	 * Its problems are check's to say, not new's. */
	if ((j = wl_journal_load_types(path, WL_TYPE_BIT(WL_SESSION) |
	    WL_TYPE_BIT(WL_AMEND) | WL_TYPE_BIT(WL_RETRACT), &e)) == NULL) {
		if (e.code != WL_ENOMEM)
			return 0;
		nomem(err);
		return -1;
	}
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		const char *m, *d;

		if (wl_rec_type(r) != WL_SESSION)
			continue;
		m = wl_rec_str(r, "municipality");
		d = wl_rec_str(r, "date");
		if (m == NULL || !wl_utf8_same(m, name))
			continue;
		if (*spelt == NULL && (*spelt = strdup(m)) == NULL) {
			nomem(err);
			rc = -1;
			break;
		}
		if (!wl_rec_retracted(r) && d != NULL && strcmp(d, date) == 0)
			snprintf(same_day, WL_ID_LEN + 1, "%s", wl_rec_id(r));
	}
	wl_journal_free(j);
	return rc;
}
