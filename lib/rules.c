/* rules.c - the rules of a journal beyond one record's shape */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "rules.h"

/* The records an amend or a retract may name. */
#define CONTENT (WL_TYPE_BIT(WL_SESSION) | WL_TYPE_BIT(WL_PARTICIPANT) | \
	WL_TYPE_BIT(WL_NOTE) | WL_TYPE_BIT(WL_ADVICE) | \
	WL_TYPE_BIT(WL_ENDORSEMENT) | WL_TYPE_BIT(WL_AGREEMENT) | \
	WL_TYPE_BIT(WL_STATUS))

enum wl_severity
wl_problem_severity(int code)
{
	switch (code) {
	case WL_P_SYNTAX:	/* a reader cannot know what it held */
	case WL_P_LONG:
	case WL_P_ID_USED:	/* nor which of the two records is meant */
		return WL_ERROR;
	default:
		return WL_WARNING;
	}
}

static void
problem(struct wl_error *e, int code, const char *field, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
problem(struct wl_error *e, int code, const char *field, const char *fmt,
    ...)
{
	va_list ap;

	if (e == NULL)
		return;
	memset(e, 0, sizeof(*e));
	e->code = code;
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

void
wl_problem_blank(struct wl_error *e)
{
	problem(e, WL_P_BLANK, NULL, "blank line skipped ('wl-report check "
	    "--repair' drops it)");
}

void
wl_problem_long(struct wl_error *e, int mendable)
{
	problem(e, WL_P_LONG, NULL, "line longer than %d bytes (the most a "
	    "journal line may hold%s)", WL_LINE_MAX, mendable ? "; 'wl-report "
	    "check --repair' moves it aside" : "");
}

void
wl_problem_too_long(struct wl_error *e, size_t bytes)
{
	problem(e, WL_P_LONG, NULL, "a record of %zu bytes is too long: a "
	    "journal line holds at most %d", bytes, WL_LINE_MAX);
}

void
wl_problem_torn(struct wl_error *e, size_t bytes)
{
	problem(e, WL_P_TORN, NULL, "last line is incomplete (%zu byte%s with "
	    "no newline at the end, as a crashed writer leaves them): "
	    "skipped; 'wl-report check --repair' moves them aside", bytes,
	    bytes == 1 ? "" : "s");
}

void
wl_problem_group(struct wl_error *e, long lines, size_t bytes)
{
	problem(e, WL_P_TORN, NULL, "the last %ld lines (%zu bytes) are a "
	    "batch that was not written whole (a writer was interrupted): "
	    "skipped; the next writer or 'wl-report check --repair' moves "
	    "them aside", lines, bytes);
}

static int
hex16(const char *s)
{
	return strspn(s, "0123456789abcdef") >= WL_ID_LEN;
}

int
wl_rule_group(const char *s, size_t len, size_t *n, char *key)
{
	static const char a[] = "{\"id\":\"", b[] = "\",\"type\":\"group\",\"at\":\"",
	    c[] = "\",\"n\":", d[] = ",\"key\":\"";
	/* The fixed parts: a ID b TIME c N d KEY "} */
	size_t fixed = 7 + 16 + 23 + 20 + 6 + 8 + 16 + 2, digits, i;
	const char *p;
	size_t v = 0;

	_Static_assert(WL_GROUP_LINE_MIN == 7 + 16 + 23 + 20 + 6 + 8 + 16 + 2 + 1 &&
	    WL_GROUP_LINE_MAX == WL_GROUP_LINE_MIN + 6, "header lengths");
	if (len <= fixed || len > fixed + 7 || s[0] != '{' ||
	    memcmp(s, a, 7) != 0 || memcmp(s + 23, b, 23) != 0 ||
	    memcmp(s + 66, c, 6) != 0)
		return 0;
	digits = len - fixed;
	p = s + 72;
	if (p[0] == '0')
		return 0;
	for (i = 0; i < digits; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (size_t)(p[i] - '0');
	}
	p += digits;
	if (memcmp(p, d, 8) != 0 || memcmp(p + 24, "\"}", 2) != 0 ||
	    v < 2 || v > WL_GROUP_MAX)
		return 0;
	/* The id and the key are hex; the time is checked by no reader:
	 * the header is no record. */
	{
		char id[WL_ID_LEN + 1], k[WL_ID_LEN + 1];

		memcpy(id, s + 7, WL_ID_LEN);
		id[WL_ID_LEN] = '\0';
		memcpy(k, p + 8, WL_ID_LEN);
		k[WL_ID_LEN] = '\0';
		if (!hex16(id) || !hex16(k))
			return 0;
		if (key != NULL)
			memcpy(key, k, WL_ID_LEN + 1);
	}
	*n = v;
	return 1;
}

size_t
wl_rule_visible(const char *data, size_t size, int *group, long *lines)
{
	const char *nl;
	size_t frag, at, k = 0, best;

	*group = 0;
	*lines = 0;
	if (size == 0 || data[size - 1] == '\n')
		return size;
	nl = memrchr(data, '\n', size);
	frag = nl != NULL ? (size_t)(nl - data) + 1 : 0;
	best = frag;
	/* Back over the complete lines before the fragment: k of them
	 * lie between the line at 'at' and the fragment.  No header
	 * reaches further back than WL_GROUP_MAX lines. */
	for (at = frag; at > 0 && k <= WL_GROUP_MAX; k++) {
		const char *prev = at > 1 ? memrchr(data, '\n', at - 1) : NULL;
		size_t start = prev != NULL ? (size_t)(prev - data) + 1 : 0, n;

		if (wl_rule_group(data + start, at - 1 - start, &n, NULL) &&
		    n > k) {
			best = start;
			*group = 1;
			*lines = (long)k + 2;	/* and the torn one */
		}
		at = start;
	}
	return best;
}

void
wl_problem_again(struct wl_error *e, const char *id, int same,
    const char *file, long line)
{
	char where[600];

	if (file != NULL)
		snprintf(where, sizeof(where), "%s:%ld", file, line);
	else
		snprintf(where, sizeof(where), "line %ld", line);
	if (same)
		problem(e, WL_P_REPEAT, "id", "the same record as %s again, "
		    "read once ('wl-report check --repair' drops it)", where);
	else
		problem(e, WL_P_ID_USED, "id", "id '%s' is already used at %s",
		    id, where);
}

void
wl_problem_fragment(struct wl_error *e, size_t bytes, const char *file)
{
	problem(e, WL_P_TORN, NULL, "a torn fragment of a record (%zu byte%s, "
	    "cut off as a crashed writer leaves them, here after a merge): "
	    "skipped; 'wl-report check --repair' moves it to %.300s.torn-...",
	    bytes, bytes == 1 ? "" : "s", file ? file : "the journal");
}

/* 1 if s[0..n) begins as a record and is JSON cut off at its end. */
static int
cut_off(const char *s, size_t n)
{
	json_error_t je;
	json_t *v;
	int nomem = 0;

	if (n < 7 || memcmp(s, "{\"id\":", 6) != 0)
		return 0;
	if ((v = wl_json_parse(s, n, 0, &je, &nomem)) != NULL) {
		json_decref(v);
		return 0;
	}
	/* Cut off: the parser ran out of bytes inside the object, between
	 * tokens or in a string (a cut in a number or a literal is taken
	 * for the syntax error it may as well be). */
	return !nomem && je.position >= (int)n &&
	    (strstr(je.text, "near end of file") != NULL ||
	    strncmp(je.text, "premature end of input", 22) == 0);
}

int
wl_rule_fragment(const char *line, size_t len, size_t *whole)
{
	const char *p;

	*whole = len;
	if (len < 7 || memcmp(line, "{\"id\":", 6) != 0)
		return 0;
	if (cut_off(line, len))
		return 1;
	/* A fragment, then a whole record on the same line. */
	for (p = line + 1; (p = memmem(p, len - (size_t)(p - line),
	    "{\"id\":", 6)) != NULL; p++) {
		size_t k = (size_t)(p - line);
		json_error_t je;
		json_t *v;
		int nomem = 0;

		if (!cut_off(line, k))
			continue;
		v = wl_json_parse(p, len - k, 0, &je, &nomem);
		if (json_is_object(v)) {
			json_decref(v);
			*whole = k;
			return 1;
		}
		json_decref(v);
	}
	return 0;
}

void
wl_problem_form(struct wl_error *e)
{
	problem(e, WL_P_FORM, NULL, "not in canonical form (compact, keys in "
	    "order, non-ASCII unescaped)");
}

unsigned
wl_rule_ref_mask(enum wl_type t, const char *field)
{
	if (t == WL_UNKNOWN)
		return 0;
	if (strcmp(field, "session") == 0)
		return t == WL_SESSION ? 0 : WL_TYPE_BIT(WL_SESSION);
	if (strcmp(field, "by") == 0)
		return t == WL_NOTE || t == WL_ENDORSEMENT ||
		    t == WL_REDACTION ? WL_TYPE_BIT(WL_PARTICIPANT) : 0;
	if (strcmp(field, "ref") != 0)
		return 0;
	switch (t) {
	case WL_ENDORSEMENT:
	case WL_AGREEMENT:
		return WL_TYPE_BIT(WL_ADVICE);
	case WL_STATUS:
		return WL_TYPE_BIT(WL_ADVICE) | WL_TYPE_BIT(WL_AGREEMENT);
	case WL_REDACTION:
		return WL_TYPE_BIT(WL_PARTICIPANT);
	case WL_AMEND:
		return CONTENT;
	case WL_RETRACT:	/* retracting an amend undoes it; a
				 * retract, restores what it withdrew */
		return CONTENT | WL_TYPE_BIT(WL_AMEND) |
		    WL_TYPE_BIT(WL_RETRACT);
	default:
		return 0;
	}
}

const char *
wl_rule_mask_names(unsigned mask)
{
	static char buf[128];
	size_t o = 0;

	buf[0] = '\0';
	for (int t = 0; t < WL_UNKNOWN && o < sizeof(buf); t++)
		if (mask & WL_TYPE_BIT(t))
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
			    o ? " or " : "", wl_type_name((enum wl_type)t));
	return buf;
}

int
wl_rule_ref(enum wl_type t, const char *field, const char *id, int target,
    struct wl_error *e)
{
	unsigned mask = wl_rule_ref_mask(t, field);

	if (target < 0) {
		problem(e, WL_P_NOREF, field, "'%s' names no record '%.40s'",
		    field, id);
		if (e != NULL)
			snprintf(e->ref, sizeof(e->ref), "%s", id);
		return -1;
	}
	if (!(mask & WL_TYPE_BIT(target))) {
		problem(e, WL_P_REFTYPE, field, "'%s' names a record of type "
		    "%s ('%.40s'), not %s", field,
		    wl_type_name((enum wl_type)target), id,
		    wl_rule_mask_names(mask));
		return -1;
	}
	return 0;
}

int
wl_rule_status(enum wl_type target, const char *status, struct wl_error *e)
{
	const char *const *v = wl_schema_status_values(target);

	for (; v != NULL && *v != NULL; v++)
		if (status != NULL && strcmp(*v, status) == 0)
			return 0;
	problem(e, WL_P_STATUS, "status", "status '%s' does not fit a record "
	    "of type %s", status ? status : "", wl_type_name(target));
	return -1;
}

int
wl_rule_status_date(const char *date, const char *at, struct wl_error *e)
{
	if (date == NULL || at == NULL || strncmp(date, at, 10) <= 0)
		return 0;
	problem(e, WL_P_STATUS, "date", "status date %.10s is later than the "
	    "day it was recorded (%.10s)", date, at);
	return -1;
}

/* One field of an amend's set, as far as it goes without lookups. */
static int
amend_field(enum wl_type target, const char *k, const json_t *v,
    struct wl_error *e)
{
	struct wl_error fe;

	if (target == WL_STATUS && strcmp(k, "status") == 0) {
		problem(e, WL_P_AMEND, "set", "a status changes by a new status "
		    "record, not by an amend");
		return -1;
	}
	/* Its day is held to its own "at" (wl_rule_status_date), which an
	 * amend does not know: a new status record moves it. */
	if (target == WL_STATUS && strcmp(k, "date") == 0) {
		problem(e, WL_P_AMEND, "set", "the date of a status changes by "
		    "a new status record, not by an amend");
		return -1;
	}
	if (wl_schema_check_field(target, k, v, &fe) < 0) {
		problem(e, WL_P_AMEND, "set", "amend of a record of type %s: %s",
		    wl_type_name(target), fe.msg);
		return -1;
	}
	return 0;
}

/* A minor amend (a typo fixed) sets the text of a record that has one,
 * and nothing else: it keeps what the text says, so endorsements of it
 * stay current (wl_rule_rewords). */
static int
minor_fits(enum wl_type target, const json_t *set, struct wl_error *e)
{
	if ((target == WL_NOTE || target == WL_ADVICE ||
	    target == WL_AGREEMENT) && json_object_size(set) == 1 &&
	    json_is_string(json_object_get(set, "text")))
		return 0;
	problem(e, WL_P_AMEND, "minor", "amend of a record of type %s: a "
	    "minor amend fixes the wording of a text: it sets 'text' of a "
	    "note, advice or agreement, and nothing else",
	    wl_type_name(target));
	return -1;
}

int
wl_rule_amend(enum wl_type target, const json_t *set, int minor,
    wl_lookup_fn *lookup, void *ctx, struct wl_error *e)
{
	struct wl_error re;
	const char *k;
	json_t *v;

	if (minor && minor_fits(target, set, e) < 0)
		return -1;

	json_object_foreach((json_t *)set, k, v) {
		if (amend_field(target, k, v, e) < 0)
			return -1;
		if (!json_is_string(v) || wl_rule_ref_mask(target, k) == 0)
			continue;
		if (wl_rule_ref(target, k, json_string_value(v),
		    lookup(ctx, json_string_value(v)), &re) < 0) {
			problem(e, WL_P_AMEND, "set", "amend of a record of type "
			    "%s: %s", wl_type_name(target), re.msg);
			return -1;
		}
	}
	return 0;
}

unsigned
wl_rule_amend_types(const json_t *set, int minor)
{
	unsigned mask = 0;

	for (int t = 0; t < WL_UNKNOWN; t++) {
		const char *k;
		json_t *v;
		int ok = !minor || minor_fits((enum wl_type)t, set, NULL) == 0;

		json_object_foreach((json_t *)set, k, v)
			if (amend_field((enum wl_type)t, k, v, NULL) < 0)
				ok = 0;
		if (ok)
			mask |= WL_TYPE_BIT(t);
	}
	return mask;
}

int
wl_rule_amend_names(const json_t *set)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)set, k, v)
		for (int t = 0; t < WL_UNKNOWN; t++)
			if (json_is_string(v) &&
			    wl_rule_ref_mask((enum wl_type)t, k) != 0)
				return 1;
	return 0;
}

int
wl_rule_apply(json_t *rec, const json_t *set)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)set, k, v) {
		if (json_is_null(v))
			json_object_del(rec, k);
		else if (json_object_set(rec, k, v) < 0)
			return -1;
	}
	return 0;
}

#define MAX_HOPS 8	/* records hang from each other no deeper */

const void *
wl_rule_session_of(const struct wl_hang *h, const void *r)
{
	for (int hops = 0; r != NULL && hops <= MAX_HOPS; hops++) {
		const void *s = h->session(h->ctx, r);

		if (s != NULL)
			return s;
		r = h->parent(h->ctx, r);
	}
	return NULL;
}

const void *
wl_rule_withdrawn_by(const struct wl_hang *h, const void *r)
{
	for (int hops = 0; r != NULL && hops < MAX_HOPS; hops++) {
		const void *s;

		if (h->retracted(h->ctx, r))
			return r;
		if (h->type(h->ctx, r) == WL_RETRACT)
			return NULL;	/* its target is, not itself */
		if ((s = wl_rule_session_of(h, r)) != NULL && s != r &&
		    h->retracted(h->ctx, s))
			return s;
		r = h->parent(h->ctx, r);
	}
	return NULL;
}

int
wl_rule_withdrawn(const struct wl_hang *h, const void *r)
{
	return wl_rule_withdrawn_by(h, r) != NULL;
}

int
wl_rule_chain(const struct wl_hang *h, const void *r, struct wl_error *e)
{
	const void *t = r;
	int n = 1;

	/* Each retract names one record, so a chain cannot branch: it
	 * ends in a record that is no retract, or it loops, and a loop
	 * is a chain that goes on past any bound. */
	while ((t = h->parent(h->ctx, t)) != NULL &&
	    h->type(h->ctx, t) == WL_RETRACT)
		if (++n > WL_CHAIN_MAX) {
			problem(e, WL_P_CHAIN, "ref", "a retract of a retract "
			    "more than %d deep, or in a loop, withdraws "
			    "nothing", WL_CHAIN_MAX);
			return -1;
		}
	return n;
}

void
wl_rule_settle(const struct wl_hang *h, size_t n,
    const void *(*at)(void *ctx, size_t i),
    void (*inforce)(void *ctx, const void *r))
{
	int deepest = 0, plain = 1;

	for (size_t i = 0; i < n; i++) {
		const void *r = at(h->ctx, i);
		int d;

		if (h->type(h->ctx, r) != WL_RETRACT)
			continue;
		if ((d = wl_rule_chain(h, r, NULL)) > deepest)
			deepest = d;
		plain &= d == 1;
	}
	/*
	 * From the far end of each chain back: whether a retract is in
	 * force is known once every retract that names it (one place
	 * further down) is settled.  Most journals have no chains: one
	 * pass then, that asks no chain again.
	 */
	for (int d = deepest; d >= 1; d--)
		for (size_t i = 0; i < n; i++) {
			const void *r = at(h->ctx, i);

			if (h->type(h->ctx, r) == WL_RETRACT &&
			    h->parent(h->ctx, r) != NULL &&
			    !h->retracted(h->ctx, r) &&
			    (plain || wl_rule_chain(h, r, NULL) == d))
				inforce(h->ctx, r);
		}
}

int
wl_rule_rewords(const json_t *set, int minor)
{
	return json_object_get(set, "text") != NULL && !minor;
}

int
wl_rule_order(const char *at_a, const char *id_a, const char *at_b,
    const char *id_b)
{
	int d = strcmp(at_a ? at_a : "", at_b ? at_b : "");

	return d != 0 ? d : strcmp(id_a ? id_a : "", id_b ? id_b : "");
}

int
wl_rule_redaction_keeps(const char *field)
{
	static const char *const keep[] = { "id", "type", "at", "session",
		"role", "consent" };

	for (size_t i = 0; i < sizeof(keep) / sizeof(*keep); i++)
		if (strcmp(field, keep[i]) == 0)
			return 1;
	return 0;
}

/* set (an object) with the person's fields erased: is_set, the set of
 * an amend, gets consent false only where it sets consent. */
static int
erase_person(json_t *obj, int is_set)
{
	const char *k;
	json_t *v;
	void *tmp;
	int rc = 0;

	json_object_foreach_safe(obj, tmp, k, v) {
		if (strcmp(k, "consent") == 0)
			rc |= json_object_set_new(obj, k, json_false());
		else if (!wl_rule_redaction_keeps(k) && !json_is_null(v))
			rc |= json_object_set_new(obj, k,
			    json_string(WL_REDACTED));
	}
	if (!is_set)
		rc |= json_object_set_new(obj, "consent", json_false());
	return rc;
}

/* The field of a note (text) or endorsement (reason) that is theirs. */
static const char *
their_field(enum wl_type t)
{
	return t == WL_NOTE ? "text" : t == WL_ENDORSEMENT ? "reason" : NULL;
}

/* obj's field, when there and not null, set to the marker. */
static int
erase_field(json_t *obj, const char *field)
{
	json_t *v = field != NULL ? json_object_get(obj, field) : NULL;

	if (v == NULL || json_is_null(v))
		return 0;
	return json_object_set_new(obj, field, json_string(WL_REDACTED));
}

json_t *
wl_rule_erase(const json_t *rec, enum wl_type t, enum wl_erasure how,
    enum wl_type target)
{
	json_t *copy = json_deep_copy(rec), *set;
	int rc = 0;

	if (copy == NULL || how == WL_ERASE_NONE)
		return copy;
	if (t == WL_AMEND) {
		set = json_object_get(copy, "set");
		if (json_is_object(set))
			rc = how == WL_ERASE_PERSON ? erase_person(set, 1) :
			    erase_field(set, their_field(target));
	} else if (how == WL_ERASE_PERSON)
		rc = erase_person(copy, 0);
	else
		rc = erase_field(copy, their_field(t));
	if (rc != 0) {
		json_decref(copy);	/* out of memory */
		return NULL;
	}
	return copy;
}

int
wl_rule_erased_form(const json_t *a, const json_t *b)
{
	static const struct { enum wl_erasure how; enum wl_type target; }
	    ways[] = { { WL_ERASE_PERSON, WL_PARTICIPANT },
		{ WL_ERASE_THEIRS, WL_NOTE },
		{ WL_ERASE_THEIRS, WL_ENDORSEMENT } };
	enum wl_type t = wl_type_of(a);
	int found = 0;

	if (t != wl_type_of(b) || json_equal(a, b))
		return 0;
	for (size_t i = 0; i < sizeof(ways) / sizeof(*ways) && !found; i++) {
		json_t *e;

		if (t != WL_AMEND && t != (ways[i].how == WL_ERASE_PERSON ?
		    WL_PARTICIPANT : ways[i].target))
			continue;
		if ((e = wl_rule_erase(a, t, ways[i].how,
		    ways[i].target)) == NULL)
			return -1;
		found = json_equal(e, b);
		json_decref(e);
	}
	return found;
}

void
wl_problem_unerased(struct wl_error *e, enum wl_type t, const char *id,
    enum wl_erasure how, const char *pid)
{
	if (t == WL_PARTICIPANT)
		problem(e, WL_P_UNERASED, NULL, "participant %s was erased by "
		    "a redaction and this line still holds who they are; "
		    "'wl-report check --repair' erases it", id);
	else
		problem(e, WL_P_UNERASED, NULL, "%s %s %s erased participant "
		    "%s still holds %s; 'wl-report check --repair' erases it",
		    wl_type_name(t), id, t != WL_AMEND ? "by" : how ==
		    WL_ERASE_PERSON ? "of" : "of a record by", pid,
		    t == WL_NOTE ? "their text" : t == WL_ENDORSEMENT ?
		    "their reason" : "what the redaction erased");
}

void
wl_problem_undone(struct wl_error *e, const char *file, long line)
{
	char where[600];

	if (file != NULL)
		snprintf(where, sizeof(where), "%s:%ld", file, line);
	else
		snprintf(where, sizeof(where), "line %ld", line);
	problem(e, WL_P_UNDONE, "id", "brings back what a redaction erased "
	    "(%s), as a merge can; read as erased ('wl-report check "
	    "--repair' drops it)", where);
}

long long
wl_rule_nblocks(const json_t *blocks)
{
	return json_is_array(blocks) ? (long long)json_array_size(blocks) :
	    wl_schema_default_nblocks();
}

int
wl_rule_block(long long block, long long nblocks, struct wl_error *e)
{
	if (block <= nblocks)
		return 0;
	problem(e, WL_P_BLOCK, "block", "block %lld is not in its session (it "
	    "has blocks 1 to %lld)", block, nblocks);
	return -1;
}
