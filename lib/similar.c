/* similar.c - normalised words of a text, and which texts are alike */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

struct wl_stopwords {
	char **words;		/* sorted */
	size_t n;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct wl_stopwords *
wl_stopwords_load(const char *lang, struct wl_error *err)
{
	struct wl_stopwords *sw = calloc(1, sizeof(*sw));
	char rel[64], *text, *line, *save;
	size_t cap = 0;

	if (sw == NULL) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return NULL;
	}
	snprintf(rel, sizeof(rel), "stopwords/%s", lang);
	if ((text = wl_data_read(rel, err)) == NULL) {
		free(sw);
		return NULL;
	}
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *w = line + strspn(line, " \t");

		w[strcspn(w, " \t\r#")] = '\0';
		if (*w == '\0')
			continue;
		if (sw->n == cap) {
			char **nw;

			cap = cap ? cap * 2 : 128;
			if ((nw = realloc(sw->words, cap * sizeof(*nw))) ==
			    NULL)
				goto oom;
			sw->words = nw;
		}
		if ((sw->words[sw->n] = strdup(w)) == NULL)
			goto oom;
		sw->n++;
	}
	free(text);
	if (sw->n > 0)		/* an empty list has no array to sort */
		qsort(sw->words, sw->n, sizeof(*sw->words), cmp_str);
	return sw;
oom:
	free(text);
	wl_stopwords_free(sw);
	wl_error_set(err, NULL, 0, 0, "out of memory");
	return NULL;
}

void
wl_stopwords_free(struct wl_stopwords *sw)
{
	if (sw == NULL)
		return;
	for (size_t i = 0; i < sw->n; i++)
		free(sw->words[i]);
	free(sw->words);
	free(sw);
}

static int
is_stop(const struct wl_stopwords *sw, const char *w)
{
	return sw != NULL && sw->n > 0 && bsearch(&w, sw->words, sw->n,
	    sizeof(*sw->words), cmp_str) != NULL;
}

static int
vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	    c == 'y';
}

static int
ends(const char *w, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

/*
 * A light Dutch stemmer, in place: enough that "nemen" and "neem",
 * "initiatiefnemers" and "initiatiefnemer" meet.  Crude, but applied
 * alike to every text, which is all a similarity needs.
 */
void
wl_stem(char *w)
{
	size_t n = strlen(w);

	if (n >= 6 && ends(w, n, "heden")) {
		strcpy(w + n - 5, "heid");
		return;
	}
	if (n >= 5 && ends(w, n, "en") && !vowel(w[n - 3]))
		w[n -= 2] = '\0';
	else if (n >= 4 && w[n - 1] == 's' && w[n - 2] != 's')
		w[--n] = '\0';
	else if (n >= 4 && w[n - 1] == 'e')
		w[--n] = '\0';
	/* Undouble a final consonant: "bakk" -> "bak". */
	if (n >= 3 && w[n - 1] == w[n - 2] && !vowel(w[n - 1]))
		w[--n] = '\0';
	/* A double vowel before a final consonant: "neem" -> "nem". */
	if (n >= 4 && !vowel(w[n - 1]) && vowel(w[n - 2]) &&
	    w[n - 2] == w[n - 3] && w[n - 2] != 'i') {
		memmove(w + n - 3, w + n - 2, 3);
		n--;
	}
}

/* A byte of a word: a letter or digit of the folded text, or any
 * byte of a multibyte character. */
static int
word_byte(char c)
{
	return (unsigned char)c >= 0x80 || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9');
}

/*
 * The next word of the folded text at *p, ended with a NUL in place
 * (its length in *len), *p past it; NULL at the end.  The one rule of
 * what a word is, for wl_words and the join's interned words alike.
 */
static char *
next_word(char **p, size_t *len)
{
	char *q = *p, *start;

	while (*q != '\0' && !word_byte(*q))
		q++;
	if (*q == '\0') {
		*p = q;
		return NULL;
	}
	for (start = q; word_byte(*q); q++)
		;
	*len = (size_t)(q - start);
	if (*q != '\0')
		*q++ = '\0';
	*p = q;
	return start;
}

int
wl_words(const struct wl_stopwords *sw, const char *text, char ***out,
    size_t *nout)
{
	char *f = wl_utf8_fold(text), *p, *start, **v = NULL;
	size_t n = 0, cap = 0, len;

	if (f == NULL)
		return -1;
	for (p = f; (start = next_word(&p, &len)) != NULL;) {
		if (len < 2 || is_stop(sw, start))
			continue;
		if (n == cap) {
			char **nv;

			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*nv))) == NULL)
				goto oom;
			v = nv;
		}
		if ((v[n] = strdup(start)) == NULL)
			goto oom;
		wl_stem(v[n++]);
	}
	free(f);
	/* A set: sorted, each word once.  (No words: v is NULL, which
	 * qsort must not be given even with n 0.) */
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_str);
	{
		size_t o = 0;

		for (size_t i = 0; i < n; i++) {
			if (o > 0 && strcmp(v[o - 1], v[i]) == 0)
				free(v[i]);
			else
				v[o++] = v[i];
		}
		n = o;
	}
	*out = v;
	*nout = n;
	return 0;
oom:
	free(f);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return -1;
}

void
wl_words_free(char **words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

int
wl_threshold_parse(const char *s, int *permille)
{
	int v = 0, digits = 0;

	if (s[0] == '1' && (s[1] == '\0' || (s[1] == '.' &&
	    strspn(s + 2, "0") == strlen(s + 2)))) {
		*permille = 1000;
		return 0;
	}
	if (s[0] == '0')
		s++;
	if (*s == '\0')
		return -1;	/* 0: everything would be alike */
	if (*s++ != '.')
		return -1;
	for (; *s && digits < 3; s++, digits++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (*s != '\0' || digits == 0)
		return -1;
	while (digits++ < 3)
		v *= 10;
	if (v == 0)
		return -1;
	*permille = v;
	return 0;
}

/* Union-find over the texts. */
static size_t
root(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

static void
unite(size_t *parent, size_t a, size_t b)
{
	a = root(parent, a);
	b = root(parent, b);
	if (a != b)
		parent[a > b ? a : b] = a < b ? a : b;
}

struct set {
	size_t *ids;		/* token ids by rising document frequency */
	size_t *sorted;		/* the same, by id, for intersections */
	size_t n;
};

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/*
 * Sort v[0..n) ascending.  A text's words are a dozen or so, and
 * qsort's merge sort, a call per comparison, took a tenth of a
 * comparison's join for what an insertion sort does in place.
 */
static void
sort_sizes(size_t *v, size_t n)
{
	if (n > 32) {
		qsort(v, n, sizeof(*v), cmp_size);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		size_t x = v[i], k = i;

		for (; k > 0 && v[k - 1] > x; k--)
			v[k] = v[k - 1];
		v[k] = x;
	}
}


static size_t
intersect(const struct set *a, const struct set *b)
{
	size_t i = 0, k = 0, n = 0;

	while (i < a->n && k < b->n) {
		if (a->sorted[i] < b->sorted[k])
			i++;
		else if (a->sorted[i] > b->sorted[k])
			k++;
		else {
			n++;
			i++;
			k++;
		}
	}
	return n;
}

/* The texts as sets of token ids, made once for either join. */
struct sets {
	struct set *sets;
	size_t n;
	size_t ntoks;		/* distinct words; ids are below ntoks + 1 */
	size_t *df;		/* in how many texts each token id is */
	size_t *order;		/* rank of each id, rare first */
	size_t *byrank;		/* the id of each rank */
};

static void
sets_free(struct sets *s)
{
	for (size_t i = 0; s->sets != NULL && i < s->n; i++)
		free(s->sets[i].sorted);	/* ids are in its block */
	free(s->sets);
	free(s->df);
	free(s->order);
	free(s->byrank);
}

/*
 * Words interned: each distinct folded word of the texts, as found, to
 * the id of its stem (or to NOSTEM when it is a stop word or too
 * short), and each distinct stem to its id.  Texts repeat a few
 * thousand words a million times: a word is stemmed, checked against
 * the stop words and copied once, not at each occurrence, and sets are
 * made of integers rather than sorted strings.
 */
#define NOSTEM ((size_t)-1)

struct intern {
	size_t *slot;		/* index + 1 into ent, 0: empty */
	size_t cap;		/* slots, a power of two */
	struct ient {
		size_t key;	/* offset of the word in chars */
		size_t len;
		size_t val;
		uint64_t hash;
	} *ent;
	size_t n, entcap;
	char *chars;
	size_t nchars, charscap;
};

static uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603u;	/* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static void
intern_free(struct intern *t)
{
	free(t->slot);
	free(t->ent);
	free(t->chars);
}

/* The entry of word s (len bytes) in t, or NULL when it is not there;
 * *at is then the empty slot it would take. */
static struct ient *
intern_find(const struct intern *t, const char *s, size_t len, uint64_t h,
    size_t *at)
{
	size_t i = (size_t)h & (t->cap - 1);

	for (; t->slot[i] != 0; i = (i + 1) & (t->cap - 1)) {
		struct ient *e = &t->ent[t->slot[i] - 1];

		if (e->hash == h && e->len == len &&
		    memcmp(t->chars + e->key, s, len) == 0)
			return e;
	}
	*at = i;
	return NULL;
}

/* Word s (len bytes) is now val in t.  0, or -1 when out of memory. */
static int
intern_add(struct intern *t, const char *s, size_t len, uint64_t h,
    size_t at, size_t val)
{
	if (t->n == t->entcap) {
		size_t nc = t->entcap ? t->entcap * 2 : 256;
		struct ient *ne = realloc(t->ent, nc * sizeof(*ne));

		if (ne == NULL)
			return -1;
		t->ent = ne;
		t->entcap = nc;
	}
	if (t->nchars + len > t->charscap) {
		size_t nc = (t->nchars + len) * 2 + 1024;
		char *c = realloc(t->chars, nc);

		if (c == NULL)
			return -1;
		t->chars = c;
		t->charscap = nc;
	}
	memcpy(t->chars + t->nchars, s, len);
	t->ent[t->n] = (struct ient){ t->nchars, len, val, h };
	t->nchars += len;
	t->slot[at] = ++t->n;
	/* At most half full, so that a miss ends soon. */
	if (t->n * 2 > t->cap) {
		size_t nc = t->cap * 2, *ns = calloc(nc, sizeof(*ns));

		if (ns == NULL)
			return -1;
		for (size_t k = 0; k < t->n; k++) {
			size_t i = (size_t)t->ent[k].hash & (nc - 1);

			while (ns[i] != 0)
				i = (i + 1) & (nc - 1);
			ns[i] = k + 1;
		}
		free(t->slot);
		t->slot = ns;
		t->cap = nc;
	}
	return 0;
}

static int
intern_init(struct intern *t)
{
	memset(t, 0, sizeof(*t));
	t->cap = 1024;
	return (t->slot = calloc(t->cap, sizeof(*t->slot))) == NULL ? -1 : 0;
}

/*
 * The stem id of the folded word w (len bytes, NUL-terminated, which
 * wl_stem may shorten) as wl_words would keep it, or NOSTEM; a new
 * stem takes id *nstems, which grows.  0, or -1 when out of memory.
 */
static int
word_id(struct intern *raw, struct intern *stems,
    const struct wl_stopwords *sw, char *w, size_t len, size_t *nstems,
    size_t *id)
{
	uint64_t h = hash_bytes(w, len);
	struct ient *e;
	size_t at, sat, slen;

	if ((e = intern_find(raw, w, len, h, &at)) != NULL) {
		*id = e->val;
		return 0;
	}
	if (len < 2 || is_stop(sw, w))
		*id = NOSTEM;
	else {
		char *st = malloc(len + 1);
		uint64_t sh;

		if (st == NULL)
			return -1;
		memcpy(st, w, len + 1);
		wl_stem(st);
		slen = strlen(st);
		sh = hash_bytes(st, slen);
		if ((e = intern_find(stems, st, slen, sh, &sat)) != NULL)
			*id = e->val;
		else if (intern_add(stems, st, slen, sh, sat, *nstems) < 0) {
			free(st);
			return -1;
		} else
			*id = (*nstems)++;
		free(st);
	}
	/* raw is as it was when at was found: only stems grew. */
	return intern_add(raw, w, len, h, at, *id);
}

/*
 * The ids of the stems of text's words, as a set: sorted, each once
 * (wl_words' set, interned).  0, or -1 when out of memory.
 */
static int
text_ids(struct intern *raw, struct intern *stems,
    const struct wl_stopwords *sw, const char *text, size_t *nstems,
    size_t **out, size_t *nout)
{
	char *f = wl_utf8_fold(text), *p, *start;
	size_t n = 0, cap = 0, *v = NULL, id, len;

	if (f == NULL)
		return -1;
	for (p = f; (start = next_word(&p, &len)) != NULL;) {
		if (word_id(raw, stems, sw, start, len, nstems, &id) < 0)
			goto oom;
		if (id == NOSTEM)
			continue;
		if (n == cap) {
			size_t *nv;

			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*nv))) == NULL)
				goto oom;
			v = nv;
		}
		v[n++] = id;
	}
	free(f);
	sort_sizes(v, n);
	{
		size_t o = 0;

		for (size_t i = 0; i < n; i++)
			if (o == 0 || v[o - 1] != v[i])
				v[o++] = v[i];
		n = o;
	}
	*out = v;
	*nout = n;
	return 0;
oom:
	free(f);
	free(v);
	return -1;
}

/*
 * The words of every text as token ids: sets[i].sorted by id, .ids by
 * rising document frequency (rare first, ties by id).  0, or -1 when
 * out of memory (s freed then).
 */
static int
sets_make(struct sets *s, const struct wl_stopwords *sw,
    const char *const *texts, size_t n)
{
	struct set *sets = calloc(n ? n : 1, sizeof(*sets));
	struct intern raw, stems;
	size_t ntoks = 0, i, k, *df = NULL, *order = NULL, *dfsort = NULL;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	memset(&raw, 0, sizeof(raw));
	memset(&stems, 0, sizeof(stems));
	if (sets == NULL)
		return -1;
	s->sets = sets;
	s->n = n;
	if (intern_init(&raw) < 0 || intern_init(&stems) < 0)
		goto out;
	/* Words of every text, each stem numbered as first met: the ids
	 * are below ntoks + 1 (ntoks itself is in no text). */
	for (i = 0; i < n; i++) {
		size_t *both;

		if (text_ids(&raw, &stems, sw, texts[i], &ntoks,
		    &sets[i].sorted, &sets[i].n) < 0)
			goto out;
		/* Both orders in one block of the set's size: the words
		 * were gathered with slack, and two kinds are joined at
		 * once (compare.c), each set kept to the end. */
		if ((both = realloc(sets[i].sorted, (sets[i].n ?
		    2 * sets[i].n : 1) * sizeof(size_t))) == NULL)
			goto out;
		sets[i].sorted = both;
		sets[i].ids = both + sets[i].n;
	}
	/* Count in how many texts each word is. */
	if ((df = calloc(ntoks + 1, sizeof(*df))) == NULL)
		goto out;
	for (i = 0; i < n; i++)
		for (k = 0; k < sets[i].n; k++)
			df[sets[i].sorted[k]]++;
	/* Rank words by document frequency (rare first). */
	if ((order = calloc(ntoks + 1, sizeof(*order))) == NULL ||
	    (dfsort = calloc(ntoks + 1, sizeof(*dfsort))) == NULL)
		goto out;
	for (k = 0; k <= ntoks; k++)
		dfsort[k] = df[k] * (ntoks + 1) + k;
	qsort(dfsort, ntoks + 1, sizeof(*dfsort), cmp_size);
	for (k = 0; k <= ntoks; k++) {
		dfsort[k] %= ntoks + 1;
		order[dfsort[k]] = k;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < sets[i].n; k++)
			sets[i].ids[k] = order[sets[i].sorted[k]] *
			    (ntoks + 1) + sets[i].sorted[k];
		sort_sizes(sets[i].ids, sets[i].n);
		for (k = 0; k < sets[i].n; k++)
			sets[i].ids[k] %= ntoks + 1;
	}
	s->ntoks = ntoks;
	rc = 0;
out:
	intern_free(&raw);
	intern_free(&stems);
	s->df = df;
	s->order = order;
	s->byrank = dfsort;
	if (rc < 0)
		sets_free(s);
	return rc;
}

/* Texts at least permille alike, by their integer counts. */
static int
alike(size_t inter, size_t na, size_t nb, int permille)
{
	return inter * 1000 >= (size_t)permille * (na + nb - inter);
}

/*
 * The similarity join (AllPairs with prefix filtering): two sets with
 * Jaccard >= t share a token among the first |x| - ceil(t|x|) + 1 of
 * each, rarest first, so only those are indexed.  Exact, but every
 * posting is walked: quadratic when common words reach the prefixes.
 * Kept as the reference wl_similar_groups is tested against.
 */
static int
join_plain(struct sets *s, int permille, size_t *group)
{
	struct set *sets = s->sets;
	size_t n = s->n, ntoks = s->ntoks, i, k;
	size_t **index = calloc(ntoks + 1, sizeof(*index));
	size_t *ilen = calloc(ntoks + 1, sizeof(*ilen));
	size_t *icap = calloc(ntoks + 1, sizeof(*icap));
	int rc = -1;

	if (index == NULL || ilen == NULL || icap == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		size_t nx = sets[i].n, need, prefix;

		if (nx == 0)
			continue;
		need = ((size_t)permille * nx + 999) / 1000;
		prefix = nx - need + 1;
		for (k = 0; k < prefix && k < nx; k++) {
			size_t t = sets[i].ids[k];

			for (size_t c = 0; c < ilen[t]; c++) {
				size_t y = index[t][c], inter;

				if (root(group, y) == root(group, i))
					continue;
				inter = intersect(&sets[i], &sets[y]);
				if (alike(inter, nx, sets[y].n, permille))
					unite(group, i, y);
			}
			if (ilen[t] == icap[t]) {
				size_t nc = icap[t] ? icap[t] * 2 : 4, *ni;

				if ((ni = realloc(index[t], nc *
				    sizeof(*ni))) == NULL)
					goto out;
				index[t] = ni;
				icap[t] = nc;
			}
			index[t][ilen[t]++] = i;
		}
	}
	rc = 0;
out:
	for (k = 0; index != NULL && k <= ntoks; k++)
		free(index[k]);
	free(index);
	free(ilen);
	free(icap);
	return rc;
}

/*
 * Text text has the token at its place at, of its n.  Narrow, as are
 * the marks of struct meet: the postings are walked hundreds of
 * millions of times, and what fits in the caches is walked faster
 * (similar_groups takes the plain join for more texts than fit).
 */
struct posting {
	uint32_t text, at, n;
};

/* What the text being joined knows of an earlier text y: met while
 * joining text seen - 1, and acc tokens found shared (-1: dropped). */
struct meet {
	uint32_t seen;
	int32_t acc;
};

/* A candidate y, and how many shared tokens the prefixes must show
 * for it to be verified (known when it is met, with its size). */
struct cand {
	uint32_t y, least;
};

/* At most this many common tokens, each a bit of a heavy text's mask. */
#define COMMON_WORDS 4
#define COMMON_MAX (COMMON_WORDS * 64)
/* Only tokens in more than this many texts are taken as common. */
#define COMMON_CAP 64

/*
 * How many of the most frequent tokens join_indexed takes as common:
 * of 0, 8, 16, ... COMMON_MAX of those in more than cap texts, the
 * number with the least work foreseen, pairs of heavy texts plus pairs
 * in one posting (which cost a little more: a candidate from a posting
 * is verified more often).  Any number gives the same groups; this only
 * picks the fastest.  cnt is scratch of ntoks + 1.
 */
static size_t
common_count(const struct sets *s, int permille, size_t cap, size_t *cnt)
{
	size_t ntoks = s->ntoks, best = 0, k, i;
	double least = -1;

	for (k = 0; k <= COMMON_MAX; k = k ? k * 2 : 8) {
		size_t heavy = 0, top = ntoks + 1 > k ? ntoks + 1 - k : 0, r;
		double work;

		/* The k most frequent must all be in more than cap. */
		if (k > ntoks + 1 || (k > 0 &&
		    (r = ntoks + 1 - k, s->df[s->byrank[r]] <= cap)))
			break;
		memset(cnt, 0, (ntoks + 1) * sizeof(*cnt));
		for (i = 0; i < s->n; i++) {
			const struct set *x = &s->sets[i];
			size_t need, rare, idx;

			if (x->n == 0)
				continue;
			need = ((size_t)permille * x->n + 999) / 1000;
			for (rare = x->n; rare > 0 &&
			    s->order[x->ids[rare - 1]] >= top; rare--)
				;
			if (x->n - rare >= need) {
				heavy++;
				idx = rare;
			} else
				idx = x->n - need + 1;
			for (size_t m = 0; m < idx; m++)
				cnt[x->ids[m]]++;
		}
		work = (double)heavy * (double)heavy / 2;
		for (size_t t = 0; t <= ntoks; t++)
			work += (double)cnt[t] * (double)cnt[t];
		if (least < 0 || work < least) {
			least = work;
			best = k;
		}
	}
	return best;
}

/*
 * How many of its first tokens a text of nx, rare of them, indexes and
 * probes: need = ceil(t nx), and it is heavy when its common tokens
 * alone can make that.  Two alike texts share at least o >= need of
 * either; the ell-th token they share (in the order of rarity) has at
 * least o - ell shared ones after it, so it is among the first
 * nx - need + ell of each.
 */
static size_t
indexed(size_t nx, size_t need, size_t rare, size_t ell)
{
	if (nx - rare >= need)
		return rare;
	return nx - need + ell < nx ? nx - need + ell : nx;
}

/*
 * How many of its first tokens a text indexes: as many as it probes
 * when heavy, else fewer.  Texts are joined shortest first, so a text
 * y in the index meets only texts x at least as long, and then alike
 * needs an overlap o >= ceil(t(|x| + |y|) / (1 + t)) >= ceil(2t|y| /
 * (1 + t)): the ell-th shared token is among the first
 * |y| - ceil(2t|y| / (1 + t)) + ell of y (PPJoin's index prefix).  It
 * is no longer than the probe prefix, as 2t / (1 + t) >= t, so it too
 * holds only rare tokens.
 */
static size_t
index_prefix(size_t nx, size_t need, size_t rare, size_t ell, int permille)
{
	size_t t = (size_t)permille, least;

	if (nx - rare >= need)
		return rare;
	least = (2 * t * nx + 1000 + t - 1) / (1000 + t);
	return nx - least + ell < nx ? nx - least + ell : nx;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The similarity join without walking the postings of common words.
 * The tokens in more than cap texts (the COMMON_MAX most frequent of
 * them) are common: they are last in every set, as the rarest come
 * first.  A text whose prefix (as join_plain's) holds no common token
 * is light; else it is heavy: it has at least need = ceil(t|x|)
 * common tokens.  Only rare tokens are indexed: a light text its
 * prefix, a heavy text all its rare ones.  This finds every alike
 * pair join_plain finds:
 * - light x, any y: they share at least need(x) tokens, at most
 *   need(x) - 1 of which are outside x's prefix, so one in it, which
 *   is rare and indexed by y (in y's prefix if y is light, as in the
 *   plain join, and y indexes all its rare tokens if heavy);
 * - heavy x and heavy y: if they share a rare token, as above (the
 *   heavy index all theirs); else their overlap is the common tokens
 *   they share, bits of a mask, compared pair by pair.
 * Alike pairs are the same, so the groups are.  Heavy texts are the
 * few made mostly of common words: quadratic in their number only.
 * Without common words, each text indexes one token more (ell 2), and
 * a candidate met once in the prefixes is alike only if one shared
 * word is enough: most candidates share one moderately frequent word.
 */
static int
join_indexed(struct sets *s, int permille, size_t common, size_t *group)
{
	struct set *sets = s->sets;
	size_t n = s->n, ntoks = s->ntoks, i, k, ncommon, ell;
	size_t *bit = NULL, *start = NULL, *fill = NULL;
	struct cand *cand = NULL;
	size_t *lo = NULL;
	uint64_t *byn = NULL;
	struct posting *post = NULL;
	struct meet *meet = NULL;
	size_t *heavy = NULL, nheavy = 0, *rare = NULL;
	uint64_t *mask = NULL;
	int rc = -1;

	/* The common tokens: the ncommon most frequent (as common_count
	 * chooses, unless the caller did).
	 * bit[t] is t's bit, or COMMON_MAX when t is rare. */
	if ((bit = malloc((ntoks + 1) * sizeof(*bit))) == NULL ||
	    (rare = calloc(n ? n : 1, sizeof(*rare))) == NULL ||
	    (meet = calloc(n ? n : 1, sizeof(*meet))) == NULL ||
	    (cand = malloc((n ? n : 1) * sizeof(*cand))) == NULL ||
	    (heavy = malloc((n ? n : 1) * sizeof(*heavy))) == NULL ||
	    (start = calloc(ntoks + 2, sizeof(*start))) == NULL)
		goto out;
	ncommon = common == (size_t)-1 ?
	    common_count(s, permille, COMMON_CAP, bit) : common;
	if (ncommon > COMMON_MAX)
		ncommon = COMMON_MAX;
	ell = ncommon == 0 ? 2 : 1;
	for (k = 0; k <= ntoks; k++) {
		size_t r = ntoks - s->order[k];	/* 0: the most frequent */

		bit[k] = r < ncommon ? r : COMMON_MAX;
	}
	/* Light or heavy; count the postings of each rare token. */
	for (i = 0; i < n; i++) {
		size_t nx = sets[i].n, need, idx;

		if (nx == 0)
			continue;
		need = ((size_t)permille * nx + 999) / 1000;
		for (rare[i] = nx; rare[i] > 0 &&
		    bit[sets[i].ids[rare[i] - 1]] < COMMON_MAX; rare[i]--)
			;
		if (nx - rare[i] >= need)
			heavy[nheavy++] = i;
		idx = index_prefix(nx, need, rare[i], ell, permille);
		for (k = 0; k < idx; k++)
			start[sets[i].ids[k] + 1]++;
	}
	for (k = 1; k <= ntoks + 1; k++)
		start[k] += start[k - 1];
	if ((post = malloc((start[ntoks + 1] ? start[ntoks + 1] : 1) *
	    sizeof(*post))) == NULL ||
	    (fill = malloc((ntoks + 1) * sizeof(*fill))) == NULL ||
	    (lo = malloc((ntoks + 1) * sizeof(*lo))) == NULL ||
	    (byn = malloc((n ? n : 1) * sizeof(*byn))) == NULL)
		goto out;
	memcpy(fill, start, (ntoks + 1) * sizeof(*fill));
	memcpy(lo, start, (ntoks + 1) * sizeof(*lo));
	/* The texts by rising size, then by place (PPJoin's order). */
	for (i = 0; i < n; i++)
		byn[i] = (uint64_t)sets[i].n << 32 | i;
	if (n > 0)
		qsort(byn, n, sizeof(*byn), cmp_u64);
	/*
	 * Each text against the texts before it in that order that share
	 * an indexed token (PPJoin), so none longer: meet[y].acc counts
	 * the tokens found shared so far, and as both sets are in one
	 * order, no more than the tokens after the last found in either
	 * can follow.  A candidate that cannot reach the overlap that
	 * alike needs, ceil(t(|x| + |y|) / (1 + t)), is dropped (acc -1)
	 * before its words are fetched.  Texts too short for x (alike
	 * needs |y| >= t|x|) are too short for every later text: a
	 * posting's front (lo) moves past them for good.
	 */
	for (size_t step = 0; step < n; step++) {
		size_t nx, need, idx, ncand = 0;

		i = (size_t)(byn[step] & 0xffffffffu);
		if ((nx = sets[i].n) == 0)
			continue;
		need = ((size_t)permille * nx + 999) / 1000;
		idx = indexed(nx, need, rare[i], ell);
		for (k = 0; k < idx; k++) {
			size_t t = sets[i].ids[k];

			while (lo[t] < fill[t] && (size_t)post[lo[t]].n *
			    1000 < (size_t)permille * nx)
				lo[t]++;
			for (size_t c = lo[t]; c < fill[t]; c++) {
				size_t y = post[c].text, ny = post[c].n;
				size_t left = nx - k - 1 < ny - post[c].at - 1 ?
				    nx - k - 1 : ny - post[c].at - 1;

				if (meet[y].seen != i + 1) {
					meet[y].seen = (uint32_t)(i + 1);
					meet[y].acc = 0;
					/* Fewer than ell shared in the
					 * prefixes, when ell - 1 would not
					 * be enough: not alike. */
					cand[ncand].y = (uint32_t)y;
					cand[ncand++].least = (ell - 1) *
					    (1000 + (size_t)permille) <
					    (size_t)permille * (nx + ny) ?
					    (uint32_t)ell : 1;
				} else if (meet[y].acc < 0)
					continue;
				meet[y].acc++;
				if (((size_t)meet[y].acc + left) * (1000 +
				    (size_t)permille) < (size_t)permille *
				    (nx + ny))
					meet[y].acc = -1;
			}
		}
		for (size_t c = 0; c < ncand; c++) {
			size_t y = cand[c].y;

			if (meet[y].acc < (int32_t)cand[c].least ||
			    root(group, y) == root(group, i))
				continue;
			if (alike(intersect(&sets[i], &sets[y]), nx,
			    sets[y].n, permille))
				unite(group, i, y);
		}
		/* Now x is in the index, for the texts after it. */
		idx = index_prefix(nx, need, rare[i], ell, permille);
		for (k = 0; k < idx; k++) {
			struct posting *e = &post[fill[sets[i].ids[k]]++];

			e->text = (uint32_t)i;
			e->at = (uint32_t)k;
			e->n = (uint32_t)nx;
		}
	}
	/* Heavy against heavy: a pair that shares a rare token was met
	 * above, so what is left is the common tokens they share, the
	 * bits both masks have. */
	if ((mask = calloc(nheavy ? nheavy * COMMON_WORDS : 1,
	    sizeof(*mask))) == NULL)
		goto out;
	for (size_t h = 0; h < nheavy; h++) {
		struct set *x = &sets[heavy[h]];

		for (k = rare[heavy[h]]; k < x->n; k++)
			mask[h * COMMON_WORDS + bit[x->ids[k]] / 64] |=
			    (uint64_t)1 << (bit[x->ids[k]] % 64);
	}
	for (size_t h = 1; h < nheavy; h++) {
		size_t a = heavy[h], na = sets[a].n;
		const uint64_t *ma = mask + h * COMMON_WORDS;

		for (size_t g = 0; g < h; g++) {
			size_t b = heavy[g], shared = 0;
			const uint64_t *mb = mask + g * COMMON_WORDS;

			for (k = 0; k < COMMON_WORDS; k++)
				shared += (size_t)__builtin_popcountll(ma[k] &
				    mb[k]);
			if (alike(shared, na, sets[b].n, permille))
				unite(group, a, b);
		}
	}
	rc = 0;
out:
	free(bit);
	free(rare);
	free(meet);
	free(cand);
	free(heavy);
	free(start);
	free(post);
	free(fill);
	free(lo);
	free(byn);
	free(mask);
	return rc;
}

static int
similar_groups(const struct wl_stopwords *sw, const char *const *texts,
    size_t n, int permille, size_t common, int plain, size_t *group)
{
	struct sets s;
	int rc;

	for (size_t i = 0; i < n; i++)
		group[i] = i;
	if (sets_make(&s, sw, texts, n) < 0)
		return -1;
	/* The indexed join numbers texts and places in 32 bits. */
	for (size_t i = 0; !plain && i < n; i++)
		if (n >= UINT32_MAX || s.sets[i].n >= INT32_MAX)
			plain = 1;
	rc = plain ? join_plain(&s, permille, group) :
	    join_indexed(&s, permille, common, group);
	for (size_t i = 0; rc == 0 && i < n; i++)
		group[i] = root(group, i);
	sets_free(&s);
	return rc;
}

int
wl_similar_groups(const struct wl_stopwords *sw, const char *const *texts,
    size_t n, int permille, size_t *group)
{
	return similar_groups(sw, texts, n, permille, (size_t)-1, 0, group);
}

int
wl_similar_groups_plain(const struct wl_stopwords *sw,
    const char *const *texts, size_t n, int permille, size_t *group)
{
	return similar_groups(sw, texts, n, permille, 0, 1, group);
}

int
wl_similar_groups_common(const struct wl_stopwords *sw,
    const char *const *texts, size_t n, int permille, size_t common,
    size_t *group)
{
	return similar_groups(sw, texts, n, permille, common, 0, group);
}

/*
 * Levenshtein distance over bytes, by one row: names are folded first
 * (mostly ASCII then), and a name is short.  Strings past 255 bytes are
 * compared on their first 255: no name is that long.
 */
size_t
wl_edit_distance(const char *a, const char *b)
{
	size_t la = strnlen(a, 255), lb = strnlen(b, 255), row[256];

	for (size_t k = 0; k <= lb; k++)
		row[k] = k;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t k = 1; k <= lb; k++) {
			size_t up = row[k], best = diag +
			    (a[i - 1] != b[k - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[k - 1] + 1 < best)
				best = row[k - 1] + 1;
			diag = up;
			row[k] = best;
		}
	}
	return row[lb];
}
