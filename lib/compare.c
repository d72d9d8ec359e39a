/* compare.c - pilots side by side, and what they have in common */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"
#include "rules.h"

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

/* One more of name in counts (an object).  0, or -1.  A count is
 * raised where it is, not replaced by a new integer: a million records
 * are counted, most of them more than once. */
static int
bump(json_t *counts, const char *name)
{
	json_t *v = json_object_get(counts, name);

	if (v != NULL)
		return json_integer_set(v, json_integer_value(v) + 1);
	return json_object_set_new(counts, name, json_integer(1));
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

/*
 * One group of alike texts, kept as the place of its first member
 * until it is written: a tree of all groups was most of the memory of
 * a large comparison, and each is written once.
 */
struct group {
	long rank;		/* all, then some (most pilots first), then one */
	size_t at;		/* place in the order the groups were found */
	size_t first;		/* its first item, in items[kind] */
	int kind;		/* index in kinds[] */
};

static const char *const kinds[] = { "advice", "do", "dont" };

/* A comparison made, not yet written: the head of the output (by,
 * threshold, pilots and an empty "similar") and its groups, in order.
 * The items borrow the journal's records. */
struct cmp {
	json_t *head;
	json_t *pilots;		/* borrowed from head */
	size_t npilots;
	struct item *items[3];
	size_t ni[3];
	size_t *next[3];	/* the next member of an item's group; ni: none */
	struct group *groups;
	size_t ngroups;
	size_t *in;		/* scratch: a group's pilots */
	unsigned char *seen;	/* scratch: pilots seen in a group */
	const struct wl_mask *mask;	/* or NULL */
	size_t *masked;
};

static void
cmp_free(struct cmp *c)
{
	json_decref(c->head);
	for (int t = 0; t < 3; t++) {
		free(c->items[t]);
		free(c->next[t]);
	}
	free(c->groups);
	free(c->in);
	free(c->seen);
}

/* The distinct pilots of the group whose first item is first, into
 * c->in in rising order; their number. */
static size_t
group_pilots(struct cmp *c, int t, size_t first)
{
	const struct item *items = c->items[t];
	size_t nin = 0, k;

	for (k = first; k < c->ni[t]; k = c->next[t][k]) {
		if (!c->seen[items[k].pilot])
			c->in[nin++] = items[k].pilot;
		c->seen[items[k].pilot] = 1;
	}
	for (k = 0; k < nin; k++)
		c->seen[c->in[k]] = 0;
	/* The group's pilots in their order, not all looked at: there
	 * is one per session with --by session. */
	if (nin > 0)
		qsort(c->in, nin, sizeof(*c->in), cmp_index);
	return nin;
}

static const char *
shared(const struct cmp *c, size_t count)
{
	return count == c->npilots && c->npilots > 1 ? "all" :
	    count > 1 ? "some" : "one";
}

/* The similarity join of one kind of text (advice, do or dont): its
 * texts, and the group of each, once joined. */
struct join {
	const char **texts;
	size_t n;
	size_t *group;
	int rc;
};

/* The joins of the three kinds, taken in turn by two threads. */
struct joins {
	struct join job[3];
	int order[3];		/* the jobs, most texts first */
	int next;		/* the next of order to take */
	pthread_mutex_t lock;
	const struct wl_stopwords *sw;
	int permille;
};

/* Join the kinds not yet taken, one by one, until none is left. */
static void *
join_kinds(void *arg)
{
	struct joins *js = arg;

	for (;;) {
		struct join *jb;
		int k;

		pthread_mutex_lock(&js->lock);
		k = js->next < 3 ? js->order[js->next++] : -1;
		pthread_mutex_unlock(&js->lock);
		if (k < 0)
			return NULL;
		jb = &js->job[k];
		jb->rc = wl_similar_groups(js->sw, jb->texts, jb->n,
		    js->permille, jb->group);
	}
}

/*
 * The groups of one kind of text t, joined into group: each added to
 * c->groups at its first member.  0, or -1 when out of memory.
 */
static int
similar(struct cmp *c, int t, const size_t *group)
{
	size_t n = c->ni[t], i, count;
	size_t *next = calloc(n ? n : 1, sizeof(*next));
	struct group *ng;

	c->next[t] = next;
	if (next == NULL)
		return -1;
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
		const char *s;

		if (group[i] != i)
			continue;	/* not the first of its group */
		if ((c->ngroups & (c->ngroups - 1)) == 0 &&
		    (ng = realloc(c->groups, (c->ngroups ? 2 * c->ngroups :
		    1) * sizeof(*ng))) == NULL)
			return -1;
		else if ((c->ngroups & (c->ngroups - 1)) == 0)
			c->groups = ng;
		count = group_pilots(c, t, i);
		s = shared(c, count);
		c->groups[c->ngroups].rank = strcmp(s, "all") == 0 ? 0 :
		    strcmp(s, "some") == 0 ? 1000 - (long)count : 2000;
		c->groups[c->ngroups].at = c->ngroups;
		c->groups[c->ngroups].first = i;
		c->groups[c->ngroups++].kind = t;
	}
	return 0;
}

/*
 * The content comparison of the three kinds of text, into c->groups in
 * the order of kinds.  The joins are most of a large comparison's
 * time and share nothing but the stop words, which they only read: two
 * threads take them, the kind with most texts first (2 cores).  0, or
 * -1 when out of memory.
 */
static int
similar_all(struct cmp *c, const struct wl_stopwords *sw, int permille)
{
	struct joins js;
	pthread_t th;
	int threaded = 0, rc = -1, t, k;

	memset(&js, 0, sizeof(js));
	js.sw = sw;
	js.permille = permille;
	for (t = 0; t < 3; t++) {
		struct join *jb = &js.job[t];
		size_t n = c->ni[t];

		jb->n = n;
		jb->rc = -1;
		jb->texts = calloc(n ? n : 1, sizeof(*jb->texts));
		jb->group = calloc(n ? n : 1, sizeof(*jb->group));
		if (jb->texts == NULL || jb->group == NULL)
			goto out;
		for (size_t i = 0; i < n; i++)
			jb->texts[i] = wl_rec_str(c->items[t][i].rec, "text");
		/* Insert t into order by size, most texts first. */
		for (k = t; k > 0 && js.job[js.order[k - 1]].n < n; k--)
			js.order[k] = js.order[k - 1];
		js.order[k] = t;
	}
	if (pthread_mutex_init(&js.lock, NULL) != 0)
		goto out;
	threaded = pthread_create(&th, NULL, join_kinds, &js) == 0;
	join_kinds(&js);
	if (threaded)
		pthread_join(th, NULL);
	pthread_mutex_destroy(&js.lock);
	for (t = 0; t < 3; t++)
		if (js.job[t].rc < 0 || similar(c, t, js.job[t].group) < 0)
			goto out;
	rc = 0;
out:
	for (t = 0; t < 3; t++) {
		free(js.job[t].texts);
		free(js.job[t].group);
	}
	return rc;
}

/* By rank, then by place: stable. */
static int
cmp_ranked(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* The label of pilot k (borrowed). */
static const char *
label(const struct cmp *c, size_t k)
{
	return json_string_value(json_object_get(json_array_get(c->pilots,
	    k), "pilot"));
}

/*
 * Group g as data: {"kind","shared","pilots","texts"}, masked when
 * asked.  The labels in "pilots" are the pilots' own (one string
 * shared with the head, as they always were), those of "texts" copies.
 * A new reference, or NULL when out of memory.
 */
static json_t *
group_json(struct cmp *c, const struct group *g)
{
	const struct item *items = c->items[g->kind];
	size_t count = group_pilots(c, g->kind, g->first), k;
	json_t *ps = json_array(), *ts = json_array(), *out;

	if (ps == NULL || ts == NULL)
		goto oom;
	for (k = g->first; k < c->ni[g->kind]; k = c->next[g->kind][k])
		if (json_array_append_new(ts, json_pack("{s:s,s:s,s:s}",
		    "pilot", label(c, items[k].pilot), "id",
		    wl_rec_id(items[k].rec), "text", wl_rec_str(items[k].rec,
		    "text"))) < 0)
			goto oom;
	for (k = 0; k < count; k++)
		if (json_array_append(ps, json_object_get(json_array_get(
		    c->pilots, c->in[k]), "pilot")) < 0)
			goto oom;
	out = json_pack("{s:s,s:s,s:o,s:o}", "kind", kinds[g->kind],
	    "shared", shared(c, count), "pilots", ps, "texts", ts);
	/* The labels in "pilots" were masked with the head. */
	if (out != NULL && c->mask != NULL &&
	    (wl_mask_json(c->mask, json_object_get(out, "shared"),
	    c->masked) < 0 || wl_mask_json(c->mask, ts, c->masked) < 0)) {
		json_decref(out);
		out = NULL;
	}
	return out;
oom:
	json_decref(ps);
	json_decref(ts);
	return NULL;
}

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

/*
 * Mask the head: its strings as wl_mask_json does and the tags, but
 * not the pilots' labels.  A label is a municipality (and a day), which
 * --anonymous never hides: every text's line names it.  Masked with the
 * rest, a place that shares a word with a participant's name ("Venlo"
 * of "Initiatiefnemer Venlo") showed as a marker in the head and as
 * itself on the lines below it.  0, or -1 when out of memory.
 */
static int
mask_head(struct cmp *c)
{
	char **orig = calloc(c->npilots ? c->npilots : 1, sizeof(*orig));
	size_t k;
	int rc = -1;

	if (orig == NULL)
		return -1;
	for (k = 0; k < c->npilots; k++)
		if ((orig[k] = strdup(label(c, k))) == NULL)
			goto out;
	if (wl_mask_json(c->mask, c->head, c->masked) < 0 ||
	    mask_tags(c->mask, c->head, c->masked) < 0)
		goto out;
	/* Each label back as it was, and its masks not counted. */
	for (k = 0; k < c->npilots; k++) {
		size_t n = 0;
		char *s;

		if (strcmp(label(c, k), orig[k]) == 0)
			continue;
		if (wl_mask_text(c->mask, orig[k], &s, &n) < 0)
			goto out;
		free(s);
		*c->masked -= n < *c->masked ? n : *c->masked;
		if (json_string_set(json_object_get(json_array_get(c->pilots,
		    k), "pilot"), orig[k]) < 0)
			goto out;
	}
	rc = 0;
out:
	for (k = 0; k < c->npilots; k++)
		free(orig[k]);
	free(orig);
	return rc;
}

static int compare(struct cmp *c, const struct wl_journal *j, int by_session,
    int permille, const struct wl_stopwords *sw);

/*
 * Make the comparison of j into c (zeroed by the caller), masked with
 * mask when not NULL.  The groups are written as they are asked for,
 * from the journal, which must outlive c.  0, or -1 (err).
 */
static int
cmp_make(struct cmp *c, const struct wl_journal *j, int by_session,
    int permille, const struct wl_mask *mask, size_t *masked,
    struct wl_error *err)
{
	struct wl_stopwords *sw = wl_stopwords_load("nl", err);
	int rc;

	if (sw == NULL)
		return -1;
	rc = compare(c, j, by_session, permille, sw);
	wl_stopwords_free(sw);
	c->mask = mask;
	c->masked = masked;
	/* Texts are alike by their own words; only what is shown is
	 * masked. */
	if (rc == 0 && mask != NULL && mask_head(c) < 0)
		rc = -1;
	if (rc < 0)
		wl_error_set(err, NULL, 0, 0, "out of memory");
	return rc;
}

/* The mask of --anonymous, or NULL without masked; *bad when one was
 * wanted and could not be made. */
static struct wl_mask *
mask_of(const struct wl_journal *j, const struct wl_lang *marks,
    size_t *masked, int *bad)
{
	struct wl_mask *m = NULL;

	*bad = 0;
	if (masked != NULL) {
		*masked = 0;
		*bad = (m = wl_mask_new(j, NULL, marks)) == NULL;
	}
	return m;
}

json_t *
wl_compare(const struct wl_journal *j, int by_session, int permille,
    const struct wl_lang *marks, size_t *masked, struct wl_error *err)
{
	struct cmp c = { 0 };
	int bad;
	struct wl_mask *m = mask_of(j, marks, masked, &bad);
	json_t *out = NULL, *similar_ = NULL, *g;

	if (bad) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return NULL;
	}
	if (cmp_make(&c, j, by_session, permille, m, masked, err) < 0)
		goto done;
	similar_ = json_object_get(c.head, "similar");
	for (size_t i = 0; i < c.ngroups; i++)
		if (json_array_append_new(similar_, (g = group_json(&c,
		    &c.groups[i]))) < 0) {
			wl_error_set(err, NULL, 0, 0, "out of memory");
			goto done;
		}
	out = json_incref(c.head);
done:
	cmp_free(&c);
	wl_mask_free(m);
	return out;
}

/* The flags of compare's JSON: the threshold is per mille, and three
 * digits print it exactly (0.666, not 0.66600000000000004). */
#define CMP_JSON (JSON_INDENT(2) | JSON_PRESERVE_ORDER | \
	JSON_REAL_PRECISION(3))

/*
 * Where jansson's dump goes: a buffer, with four spaces more after
 * each line break when indent is set (the depth of a group in
 * "similar"; a JSON string never holds a line break unescaped).
 * jansson goes on past an object's key it could not write, so a
 * failure is remembered here, not only returned to it.
 */
struct sink {
	char *buf;
	size_t len, cap;
	int indent;
	int failed;
};

/* Append p[0..n) to k as it is.  0, or -1 when out of memory. */
static int
sink_add(struct sink *k, const char *p, size_t n)
{
	if (k->len + n + 1 > k->cap) {
		size_t cap = (k->len + n + 1) * 2;
		char *nb = realloc(k->buf, cap);

		if (nb == NULL) {
			k->failed = 1;
			return -1;
		}
		k->buf = nb;
		k->cap = cap;
	}
	memcpy(k->buf + k->len, p, n);
	k->buf[k->len += n] = '\0';
	return 0;
}

static int
sink_put(const char *p, size_t n, void *arg)
{
	struct sink *k = arg;
	const char *nl;

	if (!k->indent)
		return sink_add(k, p, n);
	for (; (nl = memchr(p, '\n', n)) != NULL; n -= (size_t)(nl + 1 - p),
	    p = nl + 1)
		if (sink_add(k, p, (size_t)(nl - p)) < 0 ||
		    sink_add(k, "\n    ", 5) < 0)
			return -1;
	return sink_add(k, p, n);
}

/*
 * s as jansson writes a string without JSON_ENSURE_ASCII: quoted, with
 * a backslash before '"' and '\\', the short escapes of \b \f \n \r \t
 * and \u00XX for the other control bytes, all else as it is.  0, or -1
 * when out of memory.
 */
static int
sink_string(struct sink *k, const char *s)
{
	const char *run = s;
	char esc[8];

	if (sink_add(k, "\"", 1) < 0)
		return -1;
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		if (sink_add(k, run, (size_t)(s - run)) < 0)
			return -1;
		run = s + 1;
		switch (ch) {
		case '"': strcpy(esc, "\\\""); break;
		case '\\': strcpy(esc, "\\\\"); break;
		case '\b': strcpy(esc, "\\b"); break;
		case '\f': strcpy(esc, "\\f"); break;
		case '\n': strcpy(esc, "\\n"); break;
		case '\r': strcpy(esc, "\\r"); break;
		case '\t': strcpy(esc, "\\t"); break;
		default: snprintf(esc, sizeof(esc), "\\u%04X", ch); break;
		}
		if (sink_add(k, esc, strlen(esc)) < 0)
			return -1;
	}
	if (sink_add(k, run, (size_t)(s - run)) < 0 || sink_add(k, "\"", 1) < 0)
		return -1;
	return 0;
}

/* A string constant's bytes into k. */
#define SINK_LIT(k, lit) sink_add((k), (lit), sizeof(lit) - 1)

/* 1 if every string group g shows is there and UTF-8: jansson takes
 * no other, and group_json fails as it always did. */
static int
group_valid(const struct cmp *c, const struct group *g)
{
	const struct item *items = c->items[g->kind];

	for (size_t k = g->first; k < c->ni[g->kind]; k = c->next[g->kind][k]) {
		const char *id = wl_rec_id(items[k].rec);
		const char *text = wl_rec_str(items[k].rec, "text");

		if (id == NULL || text == NULL ||
		    !wl_utf8_valid(id, strlen(id), NULL) ||
		    !wl_utf8_valid(text, strlen(text), NULL))
			return 0;
	}
	return 1;
}

/*
 * Group g of an unmasked comparison into k, byte for byte as
 * json_dump_callback wrote group_json's object into a sink with
 * indent (a group of a large comparison cost more in jansson's objects
 * than in its words).  0, or -1 when out of memory.
 */
static int
group_write(struct sink *k, struct cmp *c, const struct group *g)
{
	const struct item *items = c->items[g->kind];
	size_t count = group_pilots(c, g->kind, g->first), i;
	int rc = 0;

	rc |= SINK_LIT(k, "{\n      \"kind\": ");
	rc |= sink_string(k, kinds[g->kind]);
	rc |= SINK_LIT(k, ",\n      \"shared\": ");
	rc |= sink_string(k, shared(c, count));
	rc |= SINK_LIT(k, ",\n      \"pilots\": [");
	for (i = 0; i < count; i++) {
		rc |= i > 0 ? SINK_LIT(k, ",") : 0;
		rc |= SINK_LIT(k, "\n        ");
		rc |= sink_string(k, label(c, c->in[i]));
	}
	rc |= SINK_LIT(k, "\n      ],\n      \"texts\": [");
	for (i = g->first; i < c->ni[g->kind]; i = c->next[g->kind][i]) {
		rc |= i != g->first ? SINK_LIT(k, ",") : 0;
		rc |= SINK_LIT(k, "\n        {\n          \"pilot\": ");
		rc |= sink_string(k, label(c, items[i].pilot));
		rc |= SINK_LIT(k, ",\n          \"id\": ");
		rc |= sink_string(k, wl_rec_id(items[i].rec));
		rc |= SINK_LIT(k, ",\n          \"text\": ");
		rc |= sink_string(k, wl_rec_str(items[i].rec, "text"));
		rc |= SINK_LIT(k, "\n        }");
	}
	rc |= SINK_LIT(k, "\n      ]\n    }");
	return rc < 0 ? -1 : 0;
}

/* The comparison as JSON, as json_dumpf wrote the whole tree, and a
 * line break.  0, or -1 when out of memory or the stream failed. */
static int
write_json(FILE *fp, struct cmp *c)
{
	struct sink head = { 0 }, at = { 0 };
	int rc = -1;

	/* The head ends in the empty "similar": "[]\n}". */
	if (json_dump_callback(c->head, sink_put, &head, CMP_JSON) != 0 ||
	    head.failed || head.len < 4 ||
	    strcmp(head.buf + head.len - 4, "[]\n}") != 0)
		goto out;
	if (c->ngroups == 0) {
		rc = fputs(head.buf, fp) == EOF || fputc('\n', fp) == EOF ?
		    -1 : 0;
		goto out;
	}
	if (fwrite(head.buf, 1, head.len - 3, fp) != head.len - 3 ||
	    fputs("\n    ", fp) == EOF)
		goto out;
	/* Each group made in one buffer, used again, and written at
	 * once: jansson hands over a few bytes at a time. */
	at.indent = 1;
	for (size_t i = 0; i < c->ngroups; i++) {
		json_t *g;

		at.len = 0;
		/* Unmasked, written as jansson would; masked (rare, and
		 * masked through the tree) or with a string jansson
		 * refuses, as before. */
		if (c->mask == NULL && group_valid(c, &c->groups[i])) {
			if ((i > 0 && sink_add(&at, ",\n    ", 6) < 0) ||
			    group_write(&at, c, &c->groups[i]) < 0 ||
			    fwrite(at.buf, 1, at.len, fp) != at.len)
				goto out;
			continue;
		}
		g = group_json(c, &c->groups[i]);
		if (g == NULL || (i > 0 && sink_add(&at, ",\n    ", 6) < 0) ||
		    json_dump_callback(g, sink_put, &at, CMP_JSON) != 0 ||
		    at.failed || fwrite(at.buf, 1, at.len, fp) != at.len) {
			json_decref(g);
			goto out;
		}
		json_decref(g);
	}
	rc = fputs("\n  ]\n}\n", fp) == EOF ? -1 : 0;
out:
	free(head.buf);
	free(at.buf);
	return rc;
}

/* Each group of c in turn, as data, for the Markdown. */
static json_t *
next_group(void *arg, size_t i)
{
	struct cmp *c = arg;

	return group_json(c, &c->groups[i]);
}

int
wl_compare_write(FILE *fp, const struct wl_journal *j, int by_session,
    int permille, const struct wl_lang *l, size_t *masked,
    struct wl_error *err)
{
	struct cmp c = { 0 };
	int bad, rc = -1;
	struct wl_mask *m = mask_of(j, l, masked, &bad);

	if (bad) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return -1;
	}
	if (cmp_make(&c, j, by_session, permille, m, masked, err) < 0)
		goto done;
	if (l != NULL)
		rc = wl_compare_md_groups(fp, c.head, next_group, &c,
		    c.ngroups, l, err);
	else if ((rc = write_json(fp, &c)) < 0)
		/* A group left out for want of memory, or the stream's
		 * failure, said below. */
		wl_error_set(err, NULL, 0, 0, "out of memory");
	if ((rc == 0 || ferror(fp)) && (fflush(fp) != 0 || ferror(fp))) {
		wl_error_set(err, NULL, 0, 0, "cannot write the comparison: "
		    "%s", strerror(errno));
		rc = -1;
	}
done:
	cmp_free(&c);
	wl_mask_free(m);
	return rc;
}

/* wl_rec_order, then file order: the order a stable sort gives; at[]
 * holds each record's "at" by its place, looked up once. */
static int
before(const char *const *at, const struct wl_rec *a,
    const struct wl_rec *b)
{
	size_t pa = wl_rec_pos(a), pb = wl_rec_pos(b);
	int o = wl_rule_order(at[pa], wl_rec_id(a), at[pb], wl_rec_id(b));

	return o != 0 ? o < 0 : pa < pb;
}

/*
 * The records of j in the order of records, as wl_journal_ordered
 * gives them (caller frees).  A journal is mostly written in that
 * order, a few lines apart (a merge, a clock set back): the records
 * that keep the order of those before them are taken as they are, the
 * few others sorted and merged in, where sorting a million records
 * took 0.6 s of a 1M comparison.  NULL when out of memory.
 */
static const struct wl_rec **
in_order(const struct wl_journal *j)
{
	size_t n = wl_journal_count(j), na = 0, nb = 0, a = 0, b = 0, i;
	const struct wl_rec **v = malloc((n + 1) * sizeof(*v));
	const struct wl_rec **run = malloc((n + 1) * sizeof(*run));
	const struct wl_rec **rest = malloc((n + 1) * sizeof(*rest));
	const char **at = malloc((n + 1) * sizeof(*at));

	if (v == NULL || run == NULL || rest == NULL || at == NULL)
		goto oom;
	/* Each record's "at" once: a journal in the order of several
	 * sessions at once has half its records out of the run. */
	for (i = 0; i < n; i++)
		at[i] = wl_rec_orig_str(wl_journal_at(j, i), "at");
	for (i = 0; i < n; i++) {
		const struct wl_rec *r = wl_journal_at(j, i);

		if (na == 0 || before(at, run[na - 1], r))
			run[na++] = r;
		else
			rest[nb++] = r;
	}
	if (wl_rec_sort(rest, nb) < 0)
		goto oom;
	for (i = 0; i < n; i++)
		v[i] = b == nb || (a < na && before(at, run[a], rest[b])) ?
		    run[a++] : rest[b++];
	free(run);
	free(rest);
	free(at);
	return v;
oom:
	free(v);
	free(run);
	free(rest);
	free(at);
	return NULL;
}

/* The comparison of j with the stop words of the texts' language, into
 * c.  0, or -1 when out of memory. */
static int
compare(struct cmp *c, const struct wl_journal *j, int by_session,
    int permille, const struct wl_stopwords *sw)
{
	struct pilot *ps = NULL;
	size_t np = 0, *owner, i;
	unsigned char *endorsed = endorsed_advice(j);
	const struct wl_rec **order = NULL;
	json_t *pilots = json_array();
	json_t *people = json_object();
	size_t n = wl_journal_count(j);
	int rc = -1;

	owner = calloc(n + 1, sizeof(*owner));
	for (i = 0; i < 3; i++)
		c->items[i] = calloc(n + 1, sizeof(**c->items));
	if (owner == NULL || endorsed == NULL || !c->items[0] ||
	    !c->items[1] || !c->items[2] || pilots == NULL ||
	    people == NULL || (order = in_order(j)) == NULL)
		goto done;
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
			goto done;
		p = find_pilot(&ps, &np, key, name);
		free(key);
		free(name);
		if (p == (size_t)-1)
			goto done;
		owner[wl_rec_pos(r)] = p;
		if (json_array_append_new(json_object_get(ps[p].data,
		    "sessions"), json_string(wl_rec_id(r))) < 0 ||
		    json_array_append_new(json_object_get(ps[p].data, "dates"),
		    json_string(wl_rec_str(r, "date"))) < 0)
			goto done;
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
				goto done;
			if (seen)
				continue;
		}
		if (count_record(ps[p].data, r, endorsed) < 0)
			goto done;
		kind = wl_rec_str(r, "kind");
		if (wl_rec_type(r) == WL_ADVICE)
			t = 0;
		else if (wl_rec_type(r) == WL_NOTE && strcmp(kind, "do") == 0)
			t = 1;
		else if (wl_rec_type(r) == WL_NOTE && strcmp(kind, "dont") == 0)
			t = 2;
		if (t >= 0) {
			c->items[t][c->ni[t]].pilot = p;
			c->items[t][c->ni[t]++].rec = r;
		}
	}
	/* What counted is not needed by the join, the most of the
	 * memory after the journal's: freed before it. */
	for (i = 0; i < 3; i++) {
		struct item *fit = realloc(c->items[i], (c->ni[i] + 1) *
		    sizeof(*fit));

		if (fit != NULL)
			c->items[i] = fit;
	}
	free(owner);
	free(order);
	free(endorsed);
	json_decref(people);
	owner = NULL;
	order = NULL;
	endorsed = NULL;
	people = NULL;
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
			goto done;
	}
	c->npilots = np;
	c->in = calloc(np ? np : 1, sizeof(*c->in));
	c->seen = calloc(np ? np : 1, 1);
	if (c->in == NULL || c->seen == NULL)
		goto done;
	if (similar_all(c, sw, permille) < 0)
		goto done;
	if (c->ngroups > 0)
		qsort(c->groups, c->ngroups, sizeof(*c->groups), cmp_ranked);
	c->head = json_pack("{s:s,s:f,s:O,s:[]}", "by", by_session ?
	    "session" : "municipality", "threshold", permille / 1000.0,
	    "pilots", pilots, "similar");
	if (c->head == NULL)
		goto done;
	c->pilots = json_object_get(c->head, "pilots");
	rc = 0;
done:
	for (i = 0; i < np; i++) {
		free(ps[i].key);
		json_decref(ps[i].data);
	}
	free(ps);
	free(owner);
	free(order);
	free(endorsed);
	json_decref(pilots);
	json_decref(people);
	return rc;
}
