/* similar.c - normalised words of a text, and which texts are alike */
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

int
wl_words(const struct wl_stopwords *sw, const char *text, char ***out,
    size_t *nout)
{
	char *f = wl_utf8_fold(text), *p, **v = NULL;
	size_t n = 0, cap = 0;

	if (f == NULL)
		return -1;
	for (p = f; *p != '\0';) {
		char *start;
		size_t len;

		while (*p != '\0' && !((unsigned char)*p >= 0x80 ||
		    (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			p++;
		start = p;
		while ((unsigned char)*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9'))
			p++;
		if (p == start)
			continue;
		len = (size_t)(p - start);	/* before p steps past the end */
		if (*p != '\0')
			*p++ = '\0';
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

struct tok {
	char *word;
	size_t id, df;
};

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

static int
cmp_tok(const void *a, const void *b)
{
	return strcmp(((const struct tok *)a)->word,
	    ((const struct tok *)b)->word);
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

/*
 * The similarity join (AllPairs with prefix filtering): two sets with
 * Jaccard >= t share a token among the first |x| - ceil(t|x|) + 1 of
 * each, rarest first, so only those are indexed.  Exact, and fast on
 * large inputs; comparisons in integers, so thresholds hold at edges.
 */
int
wl_similar_groups(const struct wl_stopwords *sw, const char *const *texts,
    size_t n, int permille, size_t *group)
{
	struct set *sets = calloc(n ? n : 1, sizeof(*sets));
	struct tok *toks = NULL;
	size_t ntoks = 0, cap = 0, i, k, *df = NULL, *order = NULL;
	size_t **index = NULL, *ilen = NULL, *icap = NULL, *dfsort = NULL;
	int rc = -1;

	if (sets == NULL)
		return -1;
	for (i = 0; i < n; i++)
		group[i] = i;
	/* Words of every text, all in one token table. */
	for (i = 0; i < n; i++) {
		char **w;
		size_t nw;

		if (wl_words(sw, texts[i], &w, &nw) < 0)
			goto out;
		if (ntoks + nw > cap) {
			struct tok *nt;

			cap = (ntoks + nw) * 2 + 64;
			if ((nt = realloc(toks, cap * sizeof(*nt))) == NULL) {
				wl_words_free(w, nw);
				goto out;
			}
			toks = nt;
		}
		sets[i].n = nw;
		sets[i].ids = malloc((nw ? nw : 1) * sizeof(size_t));
		sets[i].sorted = malloc((nw ? nw : 1) * sizeof(size_t));
		if (sets[i].ids == NULL || sets[i].sorted == NULL) {
			wl_words_free(w, nw);
			goto out;
		}
		for (k = 0; k < nw; k++) {
			toks[ntoks].word = w[k];
			toks[ntoks].id = i;	/* owner, for now */
			toks[ntoks++].df = k;	/* slot, for now */
		}
		free(w);
	}
	/* Number the distinct words; count in how many texts each is. */
	if (ntoks > 0)
		qsort(toks, ntoks, sizeof(*toks), cmp_tok);
	if ((df = calloc(ntoks + 1, sizeof(*df))) == NULL)
		goto out;
	{
		size_t word = 0;

		for (k = 0; k < ntoks; k++) {
			if (k > 0 && strcmp(toks[k - 1].word, toks[k].word))
				word++;
			sets[toks[k].id].sorted[toks[k].df] = word;
			df[word]++;
		}
	}
	/* Rank words by document frequency (rare first). */
	if ((order = calloc(ntoks + 1, sizeof(*order))) == NULL ||
	    (dfsort = calloc(ntoks + 1, sizeof(*dfsort))) == NULL)
		goto out;
	for (k = 0; k <= ntoks; k++)
		dfsort[k] = df[k] * (ntoks + 1) + k;
	qsort(dfsort, ntoks + 1, sizeof(*dfsort), cmp_size);
	for (k = 0; k <= ntoks; k++)
		order[dfsort[k] % (ntoks + 1)] = k;
	for (i = 0; i < n; i++) {
		for (k = 0; k < sets[i].n; k++)
			sets[i].ids[k] = order[sets[i].sorted[k]] *
			    (ntoks + 1) + sets[i].sorted[k];
		qsort(sets[i].ids, sets[i].n, sizeof(size_t), cmp_size);
		for (k = 0; k < sets[i].n; k++)
			sets[i].ids[k] %= ntoks + 1;
		qsort(sets[i].sorted, sets[i].n, sizeof(size_t), cmp_size);
	}
	index = calloc(ntoks + 1, sizeof(*index));
	ilen = calloc(ntoks + 1, sizeof(*ilen));
	icap = calloc(ntoks + 1, sizeof(*icap));
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
				size_t y = index[t][c], inter, uni;

				if (root(group, y) == root(group, i))
					continue;
				inter = intersect(&sets[i], &sets[y]);
				uni = nx + sets[y].n - inter;
				if (inter * 1000 >= (size_t)permille * uni)
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
	for (i = 0; i < n; i++)
		group[i] = root(group, i);
	rc = 0;
out:
	for (k = 0; k < ntoks; k++)
		free(toks[k].word);
	free(toks);
	for (i = 0; i < n; i++) {
		free(sets[i].ids);
		free(sets[i].sorted);
	}
	free(sets);
	for (k = 0; index != NULL && k <= ntoks; k++)
		free(index[k]);
	free(index);
	free(ilen);
	free(icap);
	free(df);
	free(order);
	free(dfsort);
	return rc;
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
