/*
 * test_similar.c - normalised words, the stemmer, thresholds, and the
 * similarity join (checked at exact Jaccard edges and against a
 * brute-force clustering; the indexed join against the plain one)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static struct wl_stopwords *sw;

static int
setup(void **state)
{
	(void)state;
	return (sw = unit_stopwords()) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	wl_stopwords_free(sw);
	return 0;
}

/* The stem of word (folded already). */
static const char *
stem(const char *word)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s", word);
	wl_stem(buf);
	return buf;
}

static void
stemmer(void **state)
{
	char a[128];

	(void)state;
	snprintf(a, sizeof(a), "%s", stem("nemen"));
	assert_string_equal(a, stem("neem"));
	assert_string_equal(stem("neem"), "nem");
	snprintf(a, sizeof(a), "%s", stem("initiatiefnemers"));
	assert_string_equal(a, stem("initiatiefnemer"));
	assert_string_equal(a, "initiatiefnemer");
	assert_string_equal(stem("mogelijkheden"), "mogelijkheid");
	assert_string_equal(stem("gelegenheden"), "gelegenheid");
	/* Too short for -heden: the word heden itself (now). */
	assert_string_equal(stem("heden"), "hed");
	snprintf(a, sizeof(a), "%s", stem("gemeenten"));
	assert_string_equal(a, stem("gemeente"));
	snprintf(a, sizeof(a), "%s", stem("vragen"));
	assert_string_equal(a, stem("vraag"));
	snprintf(a, sizeof(a), "%s", stem("reageren"));
	assert_string_equal(a, stem("reageer"));
	assert_string_equal(stem("bakken"), "bak");
	/* Short words are left alone; a final double consonant is undone. */
	assert_string_equal(stem("en"), "en");
	assert_string_equal(stem("bus"), "bus");
	assert_string_equal(stem("kiss"), "kis");
	assert_string_equal(stem(""), "");
}

/* The words of text joined with spaces. */
static const char *
words(const struct wl_stopwords *s, const char *text)
{
	static char buf[512];
	char **w;
	size_t n;

	assert_int_equal(wl_words(s, text, &w, &n), 0);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(buf, " ");
		strcat(buf, w[i]);
	}
	wl_words_free(w, n);
	return buf;
}

static void
words_of_texts(void **state)
{
	(void)state;
	/* Case and diacritics folded; een and de are stop words. */
	assert_string_equal(words(sw, "Één Coöperatie, de BEWONERS!"),
	    "bewoner cooperati");
	assert_string_equal(words(sw, "Coöperatie"), words(sw, "cooperatie"));
	/* One-letter words dropped, digits kept. */
	assert_string_equal(words(sw, "a b c x 2026 q8"), "2026 q8");
	/* Sorted, each once, stems merged. */
	assert_string_equal(words(sw, "loket naar loket, LOKETTEN"), "loket");
	assert_string_equal(words(sw, "zwolle venlo deventer"),
	    "deventer venlo zwol");
	/* Split at anything not a letter or digit. */
	assert_string_equal(words(sw, "x-as/y-as\tweg\nmee"), "as mee weg");
	/* Only stop words, or nothing: no words. */
	assert_string_equal(words(sw, "de het een en of"), "");
	assert_string_equal(words(sw, ""), "");
	assert_string_equal(words(sw, "!?! ..."), "");
	/* Without stop words, de and een count. */
	assert_string_equal(words(NULL, "de een"), "de een");
	/* The stop words of the fixtures: altijd, per, voor, van... */
	assert_string_equal(words(sw, "Neem initiatiefnemers altijd serieus"),
	    words(sw, "initiatiefnemers serieus nemen"));
	assert_string_equal(words(sw, "Eén vast aanspreekpunt per initiatief"),
	    "aanspreekpunt initiatief vast");
	assert_string_equal(words(sw,
	    "Wijs per initiatief één vast aanspreekpunt aan"),
	    "aanspreekpunt initiatief vast wij");
	assert_string_equal(words(sw, "Zorg voor een vast aanspreekpunt"),
	    "aanspreekpunt vast zorg");
	assert_string_equal(words(sw, "Reageer snel"), "reager snel");
	assert_string_equal(words(sw, "Snel reageren op vragen"),
	    "reager snel vrag");
}

static int
thr(const char *s)
{
	int v = -7;

	if (wl_threshold_parse(s, &v) < 0)
		return -1;
	return v;
}

static void
thresholds(void **state)
{
	(void)state;
	assert_int_equal(thr("0.5"), 500);
	assert_int_equal(thr(".75"), 750);
	assert_int_equal(thr("0.666"), 666);
	assert_int_equal(thr("0.001"), 1);
	assert_int_equal(thr(".1"), 100);
	assert_int_equal(thr("0.50"), 500);
	assert_int_equal(thr("1"), 1000);
	assert_int_equal(thr("1.0"), 1000);
	assert_int_equal(thr("1.000"), 1000);
	assert_int_equal(thr("0"), -1);
	assert_int_equal(thr("0.0"), -1);
	assert_int_equal(thr("0.000"), -1);
	assert_int_equal(thr("1.5"), -1);
	assert_int_equal(thr("1.001"), -1);
	assert_int_equal(thr("2"), -1);
	assert_int_equal(thr("0.1234"), -1);
	assert_int_equal(thr("abc"), -1);
	assert_int_equal(thr(""), -1);
	assert_int_equal(thr("-1"), -1);
	assert_int_equal(thr("-0.5"), -1);
	assert_int_equal(thr("+0.5"), -1);
	assert_int_equal(thr("0.5x"), -1);
	assert_int_equal(thr("0."), -1);
	assert_int_equal(thr("."), -1);
	assert_int_equal(thr("00.5"), -1);
	assert_int_equal(thr("0,5"), -1);
	assert_int_equal(thr(" 0.5"), -1);
}

/* Groups of texts at permille, as "0 0 2 3 ..." */
static const char *
groups(const char *const *texts, size_t n, int permille)
{
	static char buf[512];
	size_t g[32];

	assert_true(n <= 32);
	assert_int_equal(wl_similar_groups(sw, texts, n, permille, g), 0);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    "%s%zu", i ? " " : "", g[i]);
	return buf;
}

#define GROUPS(t, p) groups(t, sizeof(t) / sizeof(*t), p)

static void
edges(void **state)
{
	/* Word sets after stop words and stems: {aanspreekpunt,
	 * initiatief, vast}, the same with wij (3/4 with the first),
	 * {aanspreekpunt, vast, zorg} (2/4 with the first, 2/5 with
	 * the second). */
	static const char *const aan[] = {
		"Eén vast aanspreekpunt per initiatief",
		"Wijs per initiatief één vast aanspreekpunt aan",
		"Zorg voor een vast aanspreekpunt",
	};
	static const char *const snel[] = {
		"Reageer snel", "Snel reageren op vragen",	/* 2/3 */
	};
	static const char *const fifth[] = {
		"kat hond muis paard ezel", "kat",	/* 1/5 */
	};

	(void)state;
	assert_string_equal(GROUPS(aan, 400), "0 0 0");
	assert_string_equal(GROUPS(aan, 500), "0 0 0");
	assert_string_equal(GROUPS(aan, 501), "0 0 2");
	assert_string_equal(GROUPS(aan, 750), "0 0 2");
	assert_string_equal(GROUPS(aan, 751), "0 1 2");
	assert_string_equal(GROUPS(aan, 1000), "0 1 2");
	assert_string_equal(GROUPS(snel, 666), "0 0");
	assert_string_equal(GROUPS(snel, 667), "0 1");
	assert_string_equal(GROUPS(fifth, 200), "0 0");
	assert_string_equal(GROUPS(fifth, 201), "0 1");
	assert_string_equal(GROUPS(fifth, 1), "0 0");
}

static void
identical_sets_at_one(void **state)
{
	static const char *const t[] = {
		"Neem initiatiefnemers serieus",
		"Neem initiatiefnemers altijd serieus",	/* altijd: stop */
		"initiatiefnemers serieus nemen",
		"Neem initiatiefnemers heel serieus",
		"SERIEUS: neem initiatiefnemers!",
	};

	(void)state;
	assert_string_equal(GROUPS(t, 1000), "0 0 0 3 0");
	assert_string_equal(GROUPS(t, 750), "0 0 0 0 0");
}

static void
without_words_alone(void **state)
{
	static const char *const t[] = {
		"", "de het een", "!!!", "a b c", "", "kat hond",
		"kat hond",
	};

	(void)state;
	/* Even at the lowest threshold, and even two empty texts. */
	assert_string_equal(GROUPS(t, 1), "0 1 2 3 4 5 5");
	assert_string_equal(GROUPS(t, 1000), "0 1 2 3 4 5 5");
}

static void
single_linkage(void **state)
{
	/* A~B and B~C (1/3 each), A and C share nothing: one group at
	 * 1/3, and D joins through C. */
	static const char *const t[] = {
		"kat hond", "zebra", "hond muis", "muis vis", "vis gans",
	};

	(void)state;
	assert_string_equal(GROUPS(t, 333), "0 1 0 0 0");
	assert_string_equal(GROUPS(t, 334), "0 1 2 3 4");
	assert_string_equal(GROUPS(t, 1), "0 1 0 0 0");
}

static void
no_texts(void **state)
{
	size_t g[1] = { 42 };

	(void)state;
	assert_int_equal(wl_similar_groups(sw, NULL, 0, 500, g), 0);
	assert_int_equal(g[0], 42);
}

/* Union-find for the brute force. */
static size_t
find(size_t *p, size_t i)
{
	while (p[i] != i)
		i = p[i];
	return i;
}

/*
 * The plain O(n^2) clustering: every pair's Jaccard in integers,
 * single linkage, each text labelled by the smallest index of its
 * group.
 */
static void
brute(char ***w, const size_t *nw, size_t n, int permille, size_t *g)
{
	for (size_t i = 0; i < n; i++)
		g[i] = i;
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++) {
			size_t a = 0, b = 0, inter = 0, uni, ri, rk;

			if (nw[i] == 0 || nw[k] == 0)
				continue;
			while (a < nw[i] && b < nw[k]) {
				int c = strcmp(w[i][a], w[k][b]);

				if (c == 0)
					inter++;
				a += c <= 0;
				b += c >= 0;
			}
			uni = nw[i] + nw[k] - inter;
			if (inter * 1000 < (size_t)permille * uni)
				continue;
			ri = find(g, i);
			rk = find(g, k);
			if (ri != rk)
				g[ri > rk ? ri : rk] = ri < rk ? ri : rk;
		}
	for (size_t i = 0; i < n; i++)
		g[i] = find(g, i);
}

static void
join_equals_brute_force(void **state)
{
	static const char *const vocab[] = {
		"budget", "loket", "wijk", "tuin", "buurt", "groen", "subsidie",
		"koffie", "bewoner", "ambtenaar", "wethouder", "vergunning",
		"speeltuin", "bankje", "moestuin", "afval", "straat", "plein",
		"jongeren", "ouderen", "school", "sport", "cultuur", "feest",
		"de", "het", "een", "snel", "traag", "open", "eerlijk", "x",
	};
	enum { N = 600, NV = sizeof(vocab) / sizeof(*vocab) };
	static const int thresholds[] = { 1, 100, 200, 250, 333, 334, 400,
		500, 501, 600, 666, 667, 750, 800, 1000 };
	char **texts = calloc(N, sizeof(*texts));
	char ***w = calloc(N, sizeof(*w));
	size_t *nw = calloc(N, sizeof(*nw));
	size_t *fast = calloc(N, sizeof(*fast));
	size_t *slow = calloc(N, sizeof(*slow));
	unsigned seed = 20260614;

	(void)state;
	assert_non_null(texts);
	assert_non_null(w);
	assert_non_null(nw);
	assert_non_null(fast);
	assert_non_null(slow);
	for (size_t i = 0; i < N; i++) {
		char buf[256] = "";
		/* 0 to 6 words, some repeated, few in the vocabulary: many
		 * overlaps, many groups. */
		int k = (int)(rand_r(&seed) % 7);

		for (int m = 0; m < k; m++) {
			strcat(buf, vocab[rand_r(&seed) % NV]);
			strcat(buf, m % 3 == 2 ? ", " : " ");
		}
		texts[i] = strdup(buf);
		assert_non_null(texts[i]);
		assert_int_equal(wl_words(sw, texts[i], &w[i], &nw[i]), 0);
	}
	for (size_t t = 0; t < sizeof(thresholds) / sizeof(*thresholds);
	    t++) {
		size_t ngroups = 0;

		assert_int_equal(wl_similar_groups(sw,
		    (const char *const *)texts, N, thresholds[t], fast), 0);
		brute(w, nw, N, thresholds[t], slow);
		for (size_t i = 0; i < N; i++) {
			if (fast[i] != slow[i])
				fail_msg("threshold %d, text %zu '%s': group "
				    "%zu, brute force %zu", thresholds[t], i,
				    texts[i], fast[i], slow[i]);
			ngroups += fast[i] == i;
		}
		/* The input is not degenerate: neither all alone nor
		 * all together, except at the extremes. */
		if (thresholds[t] >= 250 && thresholds[t] <= 800)
			assert_true(ngroups > 1 && ngroups < N);
	}
	for (size_t i = 0; i < N; i++) {
		wl_words_free(w[i], nw[i]);
		free(texts[i]);
	}
	free(texts);
	free(w);
	free(nw);
	free(fast);
	free(slow);
}

/*
 * Texts of one shape: kind 0 near-duplicates (a few base texts, each
 * copy with a word swapped or added), 1 distinct texts (words of a
 * made-up vocabulary), 2 texts of a few common words only,
 * 3 a mix of all three with common words in every text, as the
 * bench generator's texts have.  buf holds n texts of up to 160 bytes.
 */
static void
shaped(int kind, size_t n, unsigned seed, char (*buf)[160])
{
	static const char *const common[] = {
		"initiatiefnemers", "gemeente", "samenwerken", "bewoners",
		"wijk", "serieus", "snel", "reageren", "eerlijk", "budget",
		"tijd", "ruimte", "vertrouwen", "loket", "regels", "subsidie",
	};
	enum { NC = sizeof(common) / sizeof(*common) };
	char base[8][160];

	for (size_t b = 0; b < 8; b++) {
		base[b][0] = '\0';
		for (int w = 0; w < 6; w++)
			snprintf(base[b] + strlen(base[b]), 160 -
			    strlen(base[b]), "%sbase%zuw%d", w ? " " : "", b,
			    w);
	}
	for (size_t i = 0; i < n; i++) {
		int k = kind == 3 ? (int)(rand_r(&seed) % 3) : kind;
		char *t = buf[i];
		size_t len;

		t[0] = '\0';
		switch (k) {
		case 0: {
			/* A base text, a word of it perhaps replaced, and
			 * perhaps a word more. */
			const char *b = base[rand_r(&seed) % 8];
			int swap = (int)(rand_r(&seed) % 8);

			for (int w = 0; w < 6; w++) {
				char word[32];

				snprintf(word, sizeof(word), "%.*s",
				    (int)strcspn(b, " "), b);
				b += strcspn(b, " ");
				b += *b == ' ';
				if (w == swap)
					snprintf(word, sizeof(word), "ander%u",
					    rand_r(&seed) % 50);
				snprintf(t + strlen(t), 160 - strlen(t), "%s%s",
				    w ? " " : "", word);
			}
			if (rand_r(&seed) % 2)
				snprintf(t + strlen(t), 160 - strlen(t), " %s",
				    common[rand_r(&seed) % NC]);
			break;
		}
		case 1:
			for (int w = 0, m = 3 + (int)(rand_r(&seed) % 8);
			    w < m; w++)
				snprintf(t + strlen(t), 160 - strlen(t),
				    "%swoord%u", w ? " " : "",
				    rand_r(&seed) % 400);
			break;
		default:
			for (int w = 0, m = 1 + (int)(rand_r(&seed) % 5);
			    w < m; w++)
				snprintf(t + strlen(t), 160 - strlen(t), "%s%s",
				    w ? " " : "", common[rand_r(&seed) % NC]);
			break;
		}
		/* Common words in the mix too. */
		len = strlen(t);
		if (kind == 3 && k != 2 && len < 120)
			snprintf(t + len, 160 - len, " %s %s",
			    common[rand_r(&seed) % NC],
			    common[rand_r(&seed) % NC]);
	}
}

/*
 * The indexed join gives the plain join's groups, and the brute
 * force's, on every shape and threshold, whichever it takes as common
 * words (none, a few, all it may) or chooses itself.
 */
static void
indexed_equals_plain(void **state)
{
	enum { N = 1500 };
	static const int thresholds[] = { 1, 200, 334, 500, 501, 667, 750,
		1000 };
	static const size_t commons[] = { 0, 1, 3, 8, 64, 256 };
	char (*buf)[160] = calloc(N, sizeof(*buf));
	const char **texts = calloc(N, sizeof(*texts));
	char ***w = calloc(N, sizeof(*w));
	size_t *nw = calloc(N, sizeof(*nw));
	size_t *plain = calloc(N, sizeof(*plain));
	size_t *fast = calloc(N, sizeof(*fast));
	size_t *slow = calloc(N, sizeof(*slow));

	(void)state;
	assert_true(buf && texts && w && nw && plain && fast && slow);
	for (int kind = 0; kind < 4; kind++) {
		int mixed = 0;

		shaped(kind, N, 20261203u + (unsigned)kind, buf);
		for (size_t i = 0; i < N; i++) {
			texts[i] = buf[i];
			assert_int_equal(wl_words(sw, texts[i], &w[i], &nw[i]),
			    0);
		}
		for (size_t t = 0; t < sizeof(thresholds) /
		    sizeof(*thresholds); t++) {
			size_t ngroups = 0;

			assert_int_equal(wl_similar_groups_plain(sw, texts, N,
			    thresholds[t], plain), 0);
			brute(w, nw, N, thresholds[t], slow);
			for (size_t i = 0; i < N; i++) {
				if (plain[i] != slow[i])
					fail_msg("shape %d, threshold %d, "
					    "text %zu: plain %zu, brute %zu",
					    kind, thresholds[t], i, plain[i],
					    slow[i]);
				ngroups += plain[i] == i;
			}
			mixed += ngroups > 1 && ngroups < N;
			assert_int_equal(wl_similar_groups(sw, texts, N,
			    thresholds[t], fast), 0);
			assert_memory_equal(fast, plain, N * sizeof(*fast));
			for (size_t c = 0; c < sizeof(commons) / sizeof(*commons);
			    c++) {
				assert_int_equal(wl_similar_groups_common(sw,
				    texts, N, thresholds[t], commons[c], fast),
				    0);
				for (size_t i = 0; i < N; i++)
					if (fast[i] != plain[i])
						fail_msg("shape %d, threshold "
						    "%d, common %zu, text %zu "
						    "'%s': group %zu, plain "
						    "%zu", kind, thresholds[t],
						    commons[c], i, texts[i],
						    fast[i], plain[i]);
			}
		}
		/* Not degenerate: some texts grouped, not all, at
		 * several thresholds. */
		assert_true(mixed >= 3);
		for (size_t i = 0; i < N; i++)
			wl_words_free(w[i], nw[i]);
	}
	free(buf);
	free(texts);
	free(w);
	free(nw);
	free(plain);
	free(fast);
	free(slow);
}

/*
 * The join numbers words through a table of the words met (similar.c),
 * not through wl_words: both must make the same sets.  Spellings that
 * fold or stem to one word ("Nemen", "neem"; "ideeën", "Ideeen"), stop
 * words in any case, words too short, digits, bytes past ASCII and
 * punctuation between; at 1 only texts of one set are together, so a
 * word numbered apart from its fellows splits a group.
 */
static void
interned_equals_words(void **state)
{
	static const char *const vocab[] = {
		"Nemen", "neem", "NEEM", "nemen,", "initiatiefnemers",
		"Initiatiefnemer", "ideeën", "Ideeen", "IDEEËN", "coöperatie",
		"cooperatie", "de", "De", "HET", "x", "a1", "2026", "straat-feest",
		"straatfeest", "mogelijkheden", "Mogelijkheid", "bakken", "bak",
		"Súdwest-Fryslân", "sudwest", "€uro", "euro", "wijk.", "(wijken)",
	};
	enum { N = 400, NV = sizeof(vocab) / sizeof(*vocab) };
	static const int thresholds[] = { 1, 500, 1000 };
	char (*buf)[160] = calloc(N, sizeof(*buf));
	const char **texts = calloc(N, sizeof(*texts));
	char ***w = calloc(N, sizeof(*w));
	size_t *nw = calloc(N, sizeof(*nw));
	size_t *fast = calloc(N, sizeof(*fast));
	size_t *plain = calloc(N, sizeof(*plain));
	size_t *slow = calloc(N, sizeof(*slow));
	unsigned seed = 20261203;

	(void)state;
	assert_true(buf && texts && w && nw && fast && plain && slow);
	for (size_t i = 0; i < N; i++) {
		buf[i][0] = '\0';
		for (int m = 0, k = 1 + (int)(rand_r(&seed) % 4); m < k; m++)
			snprintf(buf[i] + strlen(buf[i]), 160 -
			    strlen(buf[i]), "%s%s", m ? (m % 2 ? " " : "; ") :
			    "", vocab[rand_r(&seed) % NV]);
		texts[i] = buf[i];
		assert_int_equal(wl_words(sw, texts[i], &w[i], &nw[i]), 0);
	}
	for (size_t t = 0; t < sizeof(thresholds) / sizeof(*thresholds);
	    t++) {
		size_t ngroups = 0;

		assert_int_equal(wl_similar_groups(sw, texts, N,
		    thresholds[t], fast), 0);
		assert_int_equal(wl_similar_groups_plain(sw, texts, N,
		    thresholds[t], plain), 0);
		brute(w, nw, N, thresholds[t], slow);
		for (size_t i = 0; i < N; i++) {
			if (fast[i] != slow[i] || plain[i] != slow[i])
				fail_msg("threshold %d, text %zu '%s': group "
				    "%zu, plain %zu, brute force %zu",
				    thresholds[t], i, texts[i], fast[i],
				    plain[i], slow[i]);
			ngroups += slow[i] == i;
		}
		if (thresholds[t] == 1000)
			assert_true(ngroups > 10 && ngroups < N - 10);
	}
	for (size_t i = 0; i < N; i++)
		wl_words_free(w[i], nw[i]);
	free(buf);
	free(texts);
	free(w);
	free(nw);
	free(fast);
	free(plain);
	free(slow);
}

/*
 * Pair by pair, where no third text can link what a join missed: two
 * texts of 1 to 12 words from a small vocabulary, the indexed join
 * (every choice of common words) against their Jaccard in integers.
 */
static void
pairs_equal_brute_force(void **state)
{
	static const int thresholds[] = { 1, 250, 333, 334, 500, 501, 600,
		667, 750, 1000 };
	static const size_t commons[] = { 0, 2, 5, 256 };
	unsigned seed = 1214;
	int alike = 0, apart = 0;

	(void)state;
	for (int round = 0; round < 1500; round++) {
		char buf[2][160];
		const char *texts[2] = { buf[0], buf[1] };
		char **w[2];
		size_t nw[2], slow[2], fast[2];

		for (int x = 0; x < 2; x++) {
			buf[x][0] = '\0';
			for (int m = 0, k = 1 + (int)(rand_r(&seed) % 12);
			    m < k; m++)
				snprintf(buf[x] + strlen(buf[x]), 160 -
				    strlen(buf[x]), " w%u",
				    rand_r(&seed) % 16);
			assert_int_equal(wl_words(sw, texts[x], &w[x],
			    &nw[x]), 0);
		}
		for (size_t t = 0; t < sizeof(thresholds) /
		    sizeof(*thresholds); t++) {
			brute(w, nw, 2, thresholds[t], slow);
			alike += slow[1] == 0;
			apart += slow[1] == 1;
			for (size_t c = 0; c < sizeof(commons) /
			    sizeof(*commons); c++) {
				assert_int_equal(wl_similar_groups_common(sw,
				    texts, 2, thresholds[t], commons[c], fast),
				    0);
				if (fast[1] != slow[1])
					fail_msg("'%s' and '%s' at %d, common "
					    "%zu: %s", texts[0], texts[1],
					    thresholds[t], commons[c], fast[1] ?
					    "apart" : "alike");
			}
		}
		wl_words_free(w[0], nw[0]);
		wl_words_free(w[1], nw[1]);
	}
	/* Both answers are common enough to be tested. */
	assert_true(alike > 1000 && apart > 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stemmer),
		cmocka_unit_test(words_of_texts),
		cmocka_unit_test(thresholds),
		cmocka_unit_test(edges),
		cmocka_unit_test(identical_sets_at_one),
		cmocka_unit_test(without_words_alone),
		cmocka_unit_test(single_linkage),
		cmocka_unit_test(no_texts),
		cmocka_unit_test(join_equals_brute_force),
		cmocka_unit_test(indexed_equals_plain),
		cmocka_unit_test(pairs_equal_brute_force),
		cmocka_unit_test(interned_equals_words),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
