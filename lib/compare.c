/* compare.c - pilots side by side, and what they have in common */
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

struct pilot {
	char *key;		/* folded municipality, or session id */
	json_t *data;		/* the pilot's object in "pilots" */
};

/*
 * Every jansson call that allocates is checked here: a comparison that
 * lacked a count or a text for want of memory would look complete.
 * json_object_set_new and json_array_append_new fail on a NULL value
 * and free the value they could not place, so a constructor can go
 * straight into them.
 */

/* The key and label of the pilot a session belongs to (caller frees
 * both); -1 when out of memory. */
static int
pilot_of(const struct wl_rec *s, int by_session, char **key, char **label)
{
	const char *m = wl_rec_str(s, "municipality");

	if (by_session) {
		*key = strdup(wl_rec_id(s));
		if ((*label = malloc(strlen(m) + 16)) != NULL)
			sprintf(*label, "%s %s", m, wl_rec_str(s, "date"));
	} else {
		*key = wl_utf8_fold(m);
		*label = strdup(m);
	}
	if (*key != NULL && *label != NULL)
		return 0;
	free(*key);
	free(*label);
	return -1;
}

/* One more of name in counts (an object).  0, or -1. */
static int
bump(json_t *counts, const char *name)
{
	json_t *v = json_object_get(counts, name);

	return json_object_set_new(counts, name, json_integer(v ?
	    json_integer_value(v) + 1 : 1));
}

/* An object with every value of the enum at 0, in the enum's order;
 * NULL when out of memory. */
static json_t *
zeroes(enum wl_type t, const char *field)
{
	json_t *o = json_object();

	for (const char *const *v = wl_schema_enum(t, field);
	    o != NULL && v && *v; v++)
		if (json_object_set_new(o, *v, json_integer(0)) < 0) {
			json_decref(o);
			o = NULL;
		}
	return o;
}

/* A pilot with nothing counted yet; NULL when out of memory (json_pack
 * takes the "o" values even when it fails). */
static json_t *
new_pilot(const char *label)
{
	return json_pack("{s:s,s:[],s:[],s:o,s:o,s:o,s:i,s:i,s:i,"
	    "s:{s:i,s:i,s:i},s:{s:i,s:i,s:i,s:i,s:i},s:{}}",
	    "pilot", label, "sessions", "dates",
	    "participants", zeroes(WL_PARTICIPANT, "role"),
	    "notes", zeroes(WL_NOTE, "kind"),
	    "advice", zeroes(WL_ADVICE, "perspective"),
	    "advice_total", 0, "advice_endorsed", 0, "endorsement_rate", 0,
	    "agreements", "done", 0, "open", 0, "dropped", 0,
	    "followup", "open", 0, "presented", 0, "adopted", 0,
	    "implemented", 0, "rejected", 0, "tags");
}

/* Index of the pilot with key, adding it when new; (size_t)-1 when
 * out of memory. */
static size_t
find_pilot(struct pilot **ps, size_t *n, const char *key, const char *label)
{
	struct pilot *np;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*ps)[i].key, key) == 0)
			return i;
	if ((np = realloc(*ps, (*n + 1) * sizeof(*np))) == NULL)
		return (size_t)-1;
	*ps = np;
	np[*n].key = strdup(key);
	np[*n].data = new_pilot(label);
	if (np[*n].key == NULL || np[*n].data == NULL) {
		free(np[*n].key);
		json_decref(np[*n].data);
		return (size_t)-1;
	}
	return (*n)++;
}

/* Count each tag of r in p's "tags".  0, or -1. */
static int
count_tags(json_t *p, const struct wl_rec *r)
{
	const char *tag;

	for (size_t i = 0; (tag = wl_rec_item(r, "tags", i)) != NULL; i++)
		if (bump(json_object_get(p, "tags"), tag) < 0)
			return -1;
	return 0;
}

/* Count r in its pilot p.  0, or -1 when out of memory. */
static int
count_record(json_t *p, const struct wl_rec *r, const unsigned char *endorsed)
{
	const char *st = wl_rec_status(r);

	switch (wl_rec_type(r)) {
	case WL_PARTICIPANT:
		return bump(json_object_get(p, "participants"),
		    wl_rec_str(r, "role"));
	case WL_NOTE:
		if (bump(json_object_get(p, "notes"), wl_rec_str(r, "kind")) < 0)
			return -1;
		return count_tags(p, r);
	case WL_ADVICE:
		if (bump(json_object_get(p, "advice"),
		    wl_rec_str(r, "perspective")) < 0 ||
		    bump(p, "advice_total") < 0 ||
		    (endorsed[wl_rec_pos(r)] && bump(p, "advice_endorsed") < 0) ||
		    bump(json_object_get(p, "followup"), st ? st : "open") < 0)
			return -1;
		return count_tags(p, r);
	case WL_AGREEMENT:
		return bump(json_object_get(p, "agreements"), st ? st : "open");
	default:
		return 0;
	}
}

/*
 * Advice with at least one live, current endorsement of stance
 * "endorse" by an initiator: the row says "endorsed by initiators",
 * so reservations, objections and the support of civil servants or
 * managers do not count.
 */
static unsigned char *
endorsed_advice(const struct wl_journal *j)
{
	unsigned char *e = calloc(wl_journal_count(j) + 1, 1);

	for (size_t i = 0; e != NULL && i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i), *by;

		if (wl_rec_type(r) != WL_ENDORSEMENT || !wl_rec_parent(r) ||
		    wl_rec_retracted(r) || wl_rec_superseded(r) ||
		    wl_rec_stale(r) ||
		    strcmp(wl_rec_str(r, "stance"), "endorse") != 0)
			continue;
		by = wl_journal_get(j, wl_rec_str(r, "by"));
		if (by != NULL && wl_rec_type(by) == WL_PARTICIPANT &&
		    !wl_rec_retracted(by) &&
		    wl_rec_str(by, "role") != NULL &&
		    strcmp(wl_rec_str(by, "role"), "initiator") == 0)
			e[wl_rec_pos(wl_rec_parent(r))] = 1;
	}
	return e;
}

/*
 * 1 if participant r was counted before in its pilot p, at another
 * werklab: the header says people, and a person who attended several
 * werklabs of a pilot has a participant record in each.  The same
 * person is the same folded name and org; two of one name in one room
 * are two people, and a participant without a name cannot be told
 * from another: they count each time.  0 when new (and now known), -1
 * when out of memory.
 */
static int
person_seen(json_t *people, size_t p, const struct wl_rec *r)
{
	const char *name = wl_rec_str(r, "name"), *org = wl_rec_str(r, "org");
	char *fname, *forg, *key;
	json_t *first;
	int seen;

	if (name == NULL || *name == '\0')
		return 0;
	fname = wl_utf8_fold(name);
	forg = wl_utf8_fold(org ? org : "");
	key = fname && forg ? malloc(strlen(fname) + strlen(forg) + 32) :
	    NULL;
	if (key == NULL) {
		free(fname);
		free(forg);
		return -1;
	}
	sprintf(key, "%zu\x1f%s\x1f%s", p, fname, forg);
	free(fname);
	free(forg);
	first = json_object_get(people, key);
	seen = first != NULL && strcmp(json_string_value(first),
	    wl_rec_id(wl_rec_session(r))) != 0;
	if (first == NULL && json_object_set_new(people, key,
	    json_string(wl_rec_id(wl_rec_session(r)))) < 0)
		seen = -1;
	free(key);
	return seen;
}

struct count {
	const char *key;
	json_int_t n;
};

/* Most first, then by name in bytes. */
static int
cmp_count(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* A counts object sorted by count, most first, then by name; NULL when
 * out of memory.  (Keys are unique, so no two compare equal and the
 * order is the one insertion sort gave before.) */
static json_t *
sorted_counts(json_t *counts)
{
	size_t n = json_object_size(counts), i = 0;
	struct count *c = calloc(n ? n : 1, sizeof(*c));
	json_t *out = json_object(), *v;
	const char *key;

	if (c == NULL || out == NULL) {
		free(c);
		json_decref(out);
		return NULL;
	}
	json_object_foreach(counts, key, v) {
		c[i].key = key;
		c[i++].n = json_integer_value(v);
	}
	if (n > 0)
		qsort(c, n, sizeof(*c), cmp_count);
	for (i = 0; i < n; i++)
		if (json_object_set(out, c[i].key,
		    json_object_get(counts, c[i].key)) < 0) {
			json_decref(out);
			out = NULL;
			break;
		}
	free(c);
	return out;
}

static int
cmp_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

struct item {
	size_t pilot;
	const struct wl_rec *rec;
};

/* The label of pilot k (borrowed). */
static const char *
label(json_t *pilots, size_t k)
{
	return json_string_value(json_object_get(json_array_get(pilots, k),
	    "pilot"));
}

/*
 * The content comparison of one kind of text (advice, do or dont):
 * groups of alike texts, each with the pilots it occurs in, appended
 * to out.  0, or -1 when out of memory.
 */
static int
similar(json_t *out, const char *kind, const struct item *items, size_t n,
    size_t npilots, json_t *pilots, const struct wl_stopwords *sw,
    int permille)
{
	const char **texts = calloc(n ? n : 1, sizeof(*texts));
	size_t *group = calloc(n ? n : 1, sizeof(*group)), i, k;
	size_t *next = calloc(n ? n : 1, sizeof(*next));
	size_t *in = calloc(npilots ? npilots : 1, sizeof(*in));
	unsigned char *seen = calloc(npilots ? npilots : 1, 1);
	int rc = -1;

	if (texts == NULL || group == NULL || next == NULL || in == NULL ||
	    seen == NULL)
		goto out;
	for (i = 0; i < n; i++)
		texts[i] = wl_rec_str(items[i].rec, "text");
	if (wl_similar_groups(sw, texts, n, permille, group) < 0)
		goto out;
	/* The members of each group in rising order, each linked to the
	 * next (n: none), so that a group is not sought among all. */
	for (i = 0; i < n; i++)
		next[i] = n;
	for (i = n; i-- > 0;)
		if (group[i] != i) {
			next[i] = next[group[i]];
			next[group[i]] = i;
		}
	for (i = 0; i < n; i++) {
		json_t *ps, *ts;
		size_t count = 0, nin = 0;

		if (group[i] != i)
			continue;	/* not the first of its group */
		if ((ts = json_array()) == NULL)
			goto out;
		for (k = i; k < n; k = next[k]) {
			if (!seen[items[k].pilot])
				in[nin++] = items[k].pilot;
			seen[items[k].pilot] = 1;
			if (json_array_append_new(ts, json_pack(
			    "{s:s,s:s,s:s}", "pilot", label(pilots,
			    items[k].pilot), "id", wl_rec_id(items[k].rec),
			    "text", texts[k])) < 0) {
				json_decref(ts);
				goto out;
			}
		}
		if ((ps = json_array()) == NULL) {
			json_decref(ts);
			goto out;
		}
		/* The group's pilots in their order, not all looked at:
		 * there is one per session with --by session. */
		if (nin > 0)
			qsort(in, nin, sizeof(*in), cmp_index);
		for (k = 0; k < nin; k++) {
			seen[in[k]] = 0;
			count++;
			if (json_array_append(ps, json_object_get(
			    json_array_get(pilots, in[k]), "pilot")) < 0) {
				json_decref(ps);
				json_decref(ts);
				goto out;
			}
		}
		if (json_array_append_new(out, json_pack("{s:s,s:s,s:o,s:o}",
		    "kind", kind, "shared", count == npilots && npilots > 1 ?
		    "all" : count > 1 ? "some" : "one", "pilots", ps, "texts",
		    ts)) < 0)
			goto out;
	}
	rc = 0;
out:
	free(texts);
	free(group);
	free(next);
	free(in);
	free(seen);
	return rc;
}

/* Rank of a group for the listing: all, then some (most pilots first),
 * then one. */
static long
rank(const json_t *g)
{
	const char *s = json_string_value(json_object_get(g, "shared"));
	long np = (long)json_array_size(json_object_get(g, "pilots"));

	return strcmp(s, "all") == 0 ? 0 : strcmp(s, "some") == 0 ?
	    1000 - np : 2000;
}

struct ranked {
	long rank;
	size_t at;
	json_t *g;
};

/* By rank, then by place: stable. */
static int
cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* Sort the groups by rank, in place, first occurrence first among
 * equals.  0, or -1 when out of memory (the groups as they were). */
static int
sort_groups(json_t *groups)
{
	size_t n = json_array_size(groups);
	struct ranked *v = calloc(n ? n : 1, sizeof(*v));

	if (v == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		v[i].g = json_incref(json_array_get(groups, i));
		v[i].rank = rank(v[i].g);
		v[i].at = i;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_ranked);
	/* Setting an element in place allocates nothing. */
	for (size_t i = 0; i < n; i++)
		json_array_set_new(groups, i, v[i].g);
	free(v);
	return 0;
}

static json_t *compare(const struct wl_journal *j, int by_session,
    int permille, const struct wl_stopwords *sw, struct wl_error *err);

/*
 * Mask the tags of each pilot: they are the keys of its "tags" counts
 * ({"henk":1}), which wl_mask_json leaves alone.  Tags that become the
 * same marker add up.  0, or -1 when out of memory.
 */
static int
mask_tags(const struct wl_mask *m, json_t *cmp, size_t *masked)
{
	json_t *pilot, *tags, *out, *v;
	const char *key;
	size_t i;
	char *s;

	json_array_foreach(json_object_get(cmp, "pilots"), i, pilot) {
		if ((tags = json_object_get(pilot, "tags")) == NULL)
			continue;
		if ((out = json_object()) == NULL)
			return -1;
		json_object_foreach(tags, key, v) {
			json_int_t had;

			if (wl_mask_text(m, key, &s, masked) < 0) {
				json_decref(out);
				return -1;
			}
			had = json_integer_value(json_object_get(out,
			    s ? s : key));
			if (json_object_set_new(out, s ? s : key, json_integer(
			    had + json_integer_value(v))) < 0) {
				free(s);
				json_decref(out);
				return -1;
			}
			free(s);
		}
		if ((tags = sorted_counts(out)) == NULL) {
			json_decref(out);
			return -1;
		}
		json_decref(out);
		if (json_object_set_new(pilot, "tags", tags) < 0)
			return -1;
	}
	return 0;
}

json_t *
wl_compare(const struct wl_journal *j, int by_session, int permille,
    const struct wl_lang *marks, size_t *masked, struct wl_error *err)
{
	struct wl_stopwords *sw = wl_stopwords_load("nl", err);
	struct wl_mask *m = NULL;
	json_t *cmp;

	if (sw == NULL)
		return NULL;
	cmp = compare(j, by_session, permille, sw, err);
	wl_stopwords_free(sw);
	/* Texts are alike by their own words; only what is shown is
	 * masked. */
	if (cmp != NULL && masked != NULL) {
		*masked = 0;
		if ((m = wl_mask_new(j, NULL, marks)) == NULL ||
		    wl_mask_json(m, cmp, masked) < 0 ||
		    mask_tags(m, cmp, masked) < 0) {
			wl_error_set(err, NULL, 0, 0, "out of memory");
			json_decref(cmp);
			cmp = NULL;
		}
		wl_mask_free(m);
	}
	return cmp;
}

/* wl_compare with the stop words of the texts' language. */
static json_t *
compare(const struct wl_journal *j, int by_session, int permille,
    const struct wl_stopwords *sw, struct wl_error *err)
{
	static const char *const kinds[] = { "advice", "do", "dont" };
	struct pilot *ps = NULL;
	size_t np = 0, *owner, i, ni[3] = { 0 };
	struct item *items[3] = { NULL };
	unsigned char *endorsed = endorsed_advice(j);
	const struct wl_rec **order = NULL;
	json_t *pilots = json_array(), *groups = json_array(), *out = NULL;
	json_t *people = json_object();
	size_t n = wl_journal_count(j);

	owner = calloc(n + 1, sizeof(*owner));
	for (i = 0; i < 3; i++)
		items[i] = calloc(n + 1, sizeof(**items));
	if (owner == NULL || endorsed == NULL || !items[0] || !items[1] ||
	    !items[2] || pilots == NULL || groups == NULL || people == NULL ||
	    (order = wl_journal_ordered(j)) == NULL)
		goto oom;
	for (i = 0; i < n; i++)
		owner[i] = (size_t)-1;
	/* Pilots in the order of their first session (wl_rec_order, not
	 * the order of lines, which a merge decides). */
	for (i = 0; i < n; i++) {
		const struct wl_rec *r = order[i];
		char *key, *name;
		size_t p;

		if (wl_rec_type(r) != WL_SESSION || wl_rec_retracted(r))
			continue;
		if (pilot_of(r, by_session, &key, &name) < 0)
			goto oom;
		p = find_pilot(&ps, &np, key, name);
		free(key);
		free(name);
		if (p == (size_t)-1)
			goto oom;
		owner[wl_rec_pos(r)] = p;
		if (json_array_append_new(json_object_get(ps[p].data,
		    "sessions"), json_string(wl_rec_id(r))) < 0 ||
		    json_array_append_new(json_object_get(ps[p].data, "dates"),
		    json_string(wl_rec_str(r, "date"))) < 0)
			goto oom;
	}
	for (i = 0; i < n; i++) {
		const struct wl_rec *r = order[i], *s;
		const char *kind;
		size_t p;
		int t = -1;

		s = wl_rec_session(r);
		if (wl_rec_retracted(r) || s == NULL || s == r ||
		    (p = owner[wl_rec_pos(s)]) == (size_t)-1)
			continue;
		if (wl_rec_type(r) == WL_PARTICIPANT) {
			int seen = person_seen(people, p, r);

			if (seen < 0)
				goto oom;
			if (seen)
				continue;
		}
		if (count_record(ps[p].data, r, endorsed) < 0)
			goto oom;
		kind = wl_rec_str(r, "kind");
		if (wl_rec_type(r) == WL_ADVICE)
			t = 0;
		else if (wl_rec_type(r) == WL_NOTE && strcmp(kind, "do") == 0)
			t = 1;
		else if (wl_rec_type(r) == WL_NOTE && strcmp(kind, "dont") == 0)
			t = 2;
		if (t >= 0) {
			items[t][ni[t]].pilot = p;
			items[t][ni[t]++].rec = r;
		}
	}
	for (i = 0; i < np; i++) {
		json_t *p = ps[i].data;
		json_int_t total = json_integer_value(json_object_get(p,
		    "advice_total"));
		json_int_t yes = json_integer_value(json_object_get(p,
		    "advice_endorsed"));

		if (json_object_set_new(p, "endorsement_rate",
		    json_integer(total ? (yes * 100 + total / 2) / total :
		    0)) < 0 || json_object_set_new(p, "tags",
		    sorted_counts(json_object_get(p, "tags"))) < 0 ||
		    json_array_append(pilots, p) < 0)
			goto oom;
	}
	for (i = 0; i < 3; i++)
		if (similar(groups, kinds[i], items[i], ni[i], np, pilots, sw,
		    permille) < 0)
			goto oom;
	if (sort_groups(groups) < 0)
		goto oom;
	out = json_pack("{s:s,s:f,s:O,s:O}", "by", by_session ? "session" :
	    "municipality", "threshold", permille / 1000.0, "pilots", pilots,
	    "similar", groups);
	if (out == NULL)
		goto oom;
	goto done;
oom:
	wl_error_set(err, NULL, 0, 0, "out of memory");
done:
	for (i = 0; i < np; i++) {
		free(ps[i].key);
		json_decref(ps[i].data);
	}
	free(ps);
	free(owner);
	free(order);
	free(endorsed);
	for (i = 0; i < 3; i++)
		free(items[i]);
	json_decref(pilots);
	json_decref(groups);
	json_decref(people);
	return out;
}
