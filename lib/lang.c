/* lang.c - report labels from share/lang/<lang>: key = value lines */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wl.h"
#include "internal.h"

struct wl_lang {
	char *name;
	char *file;		/* for messages: "DATADIR/lang/nl" */
	char *text;		/* the file, cut into keys and values */
	const char **keys, **values;	/* sorted by key once parsed */
	size_t n;
};

void
wl_lang_free(struct wl_lang *l)
{
	if (l == NULL)
		return;
	free(l->name);
	free(l->file);
	free(l->text);
	free(l->keys);
	free(l->values);
	free(l);
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int
valid_key(const char *k)
{
	if (*k == '\0')
		return 0;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') ||
		    *k == '.' || *k == '-' || *k == '_'))
			return 0;
	return 1;
}

struct pair {
	const char *k, *v;
};

static int
by_key(const void *a, const void *b)
{
	return strcmp(((const struct pair *)a)->k,
	    ((const struct pair *)b)->k);
}

/* Sort the keys (they are unique), for wl_lang_get's binary search. */
static int
sort_keys(struct wl_lang *l)
{
	struct pair *p = malloc((l->n ? l->n : 1) * sizeof(*p));

	if (p == NULL)
		return -1;
	for (size_t i = 0; i < l->n; i++) {
		p[i].k = l->keys[i];
		p[i].v = l->values[i];
	}
	qsort(p, l->n, sizeof(*p), by_key);
	for (size_t i = 0; i < l->n; i++) {
		l->keys[i] = p[i].k;
		l->values[i] = p[i].v;
	}
	free(p);
	return 0;
}

struct wl_lang *
wl_lang_parse(const char *name, const char *file, const char *text,
    struct wl_error *err)
{
	struct wl_lang *l = calloc(1, sizeof(*l));
	size_t cap = 0, bad;
	long lineno = 0;
	char *line, *next;

	if (l == NULL || (l->name = strdup(name)) == NULL ||
	    (l->file = strdup(file)) == NULL ||
	    (l->text = strdup(text)) == NULL) {
		wl_error_set(err, file, 0, 0, "out of memory");
		goto fail;
	}
	if (!wl_utf8_valid(text, strlen(text), &bad)) {
		wl_error_set(err, file, 0, 0, "not valid UTF-8 (byte %zu)",
		    bad + 1);
		goto fail;
	}
	for (line = l->text; line != NULL; line = next) {
		char *eq, *k, *v;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			wl_error_set(err, file, lineno, 0, "expected "
			    "'key = value'");
			goto fail;
		}
		*eq = '\0';
		k = trim(line);
		v = trim(eq + 1);
		if (!valid_key(k)) {
			wl_error_set(err, file, lineno, 0, "bad key '%.60s' "
			    "(lowercase letters, digits, . - _)", k);
			goto fail;
		}
		for (size_t i = 0; i < l->n; i++)
			if (strcmp(l->keys[i], k) == 0) {
				wl_error_set(err, file, lineno, 0, "key '%s' "
				    "given twice", k);
				goto fail;
			}
		if (l->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			const char **nk = realloc(l->keys, nc * sizeof(*nk));

			if (nk == NULL)
				goto oom;
			l->keys = nk;
			nk = realloc(l->values, nc * sizeof(*nk));
			if (nk == NULL)
				goto oom;
			l->values = nk;
			cap = nc;
		}
		l->keys[l->n] = k;
		l->values[l->n++] = v;
	}
	if (sort_keys(l) < 0)
		goto oom;
	return l;
oom:
	wl_error_set(err, file, 0, 0, "out of memory");
fail:
	wl_lang_free(l);
	return NULL;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* "en, nl": the languages in DATADIR/lang, for a message ("" when
 * there is none).  -1 when they cannot be listed (out of memory). */
static int
languages(char *buf, size_t size)
{
	char dir[4096];
	struct dirent **names;
	size_t o = 0;
	int n;

	buf[0] = '\0';
	snprintf(dir, sizeof(dir), "%s/lang", wl_datadir());
	if ((n = scandir(dir, &names, NULL, by_name)) < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.' && o < size)
			o += (size_t)snprintf(buf + o, size - o, "%s%s",
			    o ? ", " : "", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return 0;
}

struct wl_lang *
wl_lang_load(const char *name, struct wl_error *err)
{
	char rel[128], file[4200], list[512];
	struct wl_lang *l;
	struct stat st;
	char *text;
	int ok = name[0] != '\0' && strlen(name) < 64;

	for (const char *p = name; *p && ok; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
	snprintf(rel, sizeof(rel), "lang/%s", ok ? name : "");
	snprintf(file, sizeof(file), "%s/%s", wl_datadir(), rel);
	if (!ok || stat(file, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (languages(list, sizeof(list)) < 0)
			wl_error_set(err, NULL, 0, 0, "unknown language "
			    "'%.60s'", name);
		else
			wl_error_set(err, NULL, 0, 0, "unknown language "
			    "'%.60s' (%s%s)", name, list[0] ? "one of: " :
			    "no languages in ", list[0] ? list : file);
		return NULL;
	}
	/* There, so a failure to read it is not an unknown language:
	 * err says what it is (out of memory, say). */
	if ((text = wl_data_read(rel, err)) == NULL)
		return NULL;
	l = wl_lang_parse(name, file, text, err);
	free(text);
	return l;
}


const char *
wl_lang_get(const struct wl_lang *l, const char *key)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->keys[mid], key);

		if (c == 0)
			return l->values[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
wl_lang_require(const struct wl_lang *l, const char *const *keys,
    struct wl_error *err)
{
	for (; *keys != NULL; keys++)
		if (wl_lang_get(l, *keys) == NULL) {
			wl_error_set(err, l->file, 0, 0, "missing key '%s'",
			    *keys);
			return -1;
		}
	return 0;
}

char *
wl_lang_expand(const struct wl_lang *l, const char *key,
    const char *const *vars)
{
	const char *t = wl_lang_get(l, key), *p, *close;
	size_t len = 0, cap;
	char *out;

	if (t == NULL)
		t = "";
	/* Room: the template and every value once per placeholder. */
	cap = strlen(t) + 1;
	for (p = t; (p = strchr(p, '{')) != NULL; p++)
		for (const char *const *v = vars; v && v[0]; v += 2)
			cap += strlen(v[1]);
	if ((out = malloc(cap)) == NULL)
		return NULL;
	for (p = t; *p; ) {
		const char *val = NULL;

		if (*p == '{' && (close = strchr(p, '}')) != NULL) {
			for (const char *const *v = vars; v && v[0]; v += 2)
				if (strlen(v[0]) == (size_t)(close - p - 1) &&
				    strncmp(v[0], p + 1, close - p - 1) == 0)
					val = v[1];
			if (val != NULL) {
				memcpy(out + len, val, strlen(val));
				len += strlen(val);
				p = close + 1;
				continue;
			}
		}
		out[len++] = *p++;
	}
	out[len] = '\0';
	return out;
}

char *
wl_lang_date(const struct wl_lang *l, const char *date)
{
	char day[3], month[16], year[5];
	const char *vars[7];
	int m;

	if (date == NULL || !wl_date_valid(date))
		return strdup(date ? date : "");
	memcpy(year, date, 4);
	year[4] = '\0';
	m = (date[5] - '0') * 10 + (date[6] - '0');
	snprintf(month, sizeof(month), "month.%d", m);
	/* "04" is written "4" */
	day[0] = date[8] == '0' ? date[9] : date[8];
	day[1] = date[8] == '0' ? '\0' : date[9];
	day[2] = '\0';
	vars[0] = "day";
	vars[1] = day;
	vars[2] = "month";
	vars[3] = wl_lang_get(l, month) ? wl_lang_get(l, month) : month;
	vars[4] = "year";
	vars[5] = year;
	vars[6] = NULL;
	return wl_lang_expand(l, "date", vars);
}

/*
 * Input words: the keys input.FIELD.VALUE = word, word... of every
 * language file, so that a facilitator may type "ambtenaar" where the
 * journal stores civil-servant.  A language is still a file: a new one
 * brings its words with its labels.
 */
struct word {
	char *field;
	const char *value;	/* the schema's own string */
	char *word;		/* as the file writes it */
	char *folded;
};

struct wl_input {
	struct word *w;
	size_t n, cap;
};

void
wl_input_free(struct wl_input *ws)
{
	if (ws == NULL)
		return;
	for (size_t i = 0; i < ws->n; i++) {
		free(ws->w[i].field);
		free(ws->w[i].word);
		free(ws->w[i].folded);
	}
	free(ws->w);
	free(ws);
}

/* The schema's string for value of an enum field of any type, or NULL
 * (a key for no value: ignored, as a label nobody asks for is). */
static const char *
schema_value(const char *field, const char *value, size_t len)
{
	for (int t = 0; t < WL_UNKNOWN; t++) {
		const char *const *v = wl_schema_enum((enum wl_type)t, field);

		for (; v != NULL && *v != NULL; v++)
			if (strlen(*v) == len && strncmp(*v, value, len) == 0)
				return *v;
	}
	return NULL;
}

/* Add the words of one key = value line ("input.role.civil-servant",
 * "ambtenaar, ambtenaren").  -1 when out of memory. */
static int
words_add(struct wl_input *ws, const char *key, const char *list)
{
	const char *f = key + strlen("input."), *dot = strchr(f, '.');
	const char *value;
	char field[64], *copy, *w, *save = NULL;

	if (dot == NULL || (size_t)(dot - f) >= sizeof(field))
		return 0;
	memcpy(field, f, (size_t)(dot - f));
	field[dot - f] = '\0';
	if ((value = schema_value(field, dot + 1, strlen(dot + 1))) == NULL)
		return 0;
	if ((copy = strdup(list)) == NULL)
		return -1;
	for (w = strtok_r(copy, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save)) {
		struct word *nw;

		if (*(w = trim(w)) == '\0')
			continue;
		if (ws->n == ws->cap) {
			size_t nc = ws->cap ? ws->cap * 2 : 64;

			if ((nw = realloc(ws->w, nc * sizeof(*nw))) == NULL)
				goto oom;
			ws->w = nw;
			ws->cap = nc;
		}
		nw = &ws->w[ws->n++];
		nw->value = value;
		nw->field = strdup(field);
		nw->word = strdup(w);
		nw->folded = wl_utf8_fold(w);
		if (nw->field == NULL || nw->word == NULL ||
		    nw->folded == NULL)
			goto oom;
	}
	free(copy);
	return 0;
oom:
	free(copy);
	return -1;
}

struct wl_input *
wl_input_load(struct wl_error *err)
{
	struct wl_input *ws = calloc(1, sizeof(*ws));
	struct dirent **names = NULL;
	char dir[4096];
	int n = 0;

	if (ws == NULL)
		goto oom;
	snprintf(dir, sizeof(dir), "%s/lang", wl_datadir());
	if ((n = scandir(dir, &names, NULL, by_name)) < 0) {
		/* No languages: only the values themselves. */
		if (errno == ENOENT || errno == ENOTDIR)
			return ws;
		goto oom;
	}
	for (int i = 0; i < n; i++) {
		struct wl_lang *l;
		int bad = 0;

		if (names[i]->d_name[0] == '.' ||
		    (l = wl_lang_load(names[i]->d_name, err)) == NULL) {
			/* A file that is no language (a README) has no
			 * words; one that cannot be read is said. */
			if (names[i]->d_name[0] != '.' &&
			    strstr(err != NULL ? err->msg : "", "unknown "
			    "language") == NULL)
				bad = 1;
			goto next;
		}
		for (size_t k = 0; k < l->n && !bad; k++)
			if (strncmp(l->keys[k], "input.", 6) == 0 &&
			    words_add(ws, l->keys[k], l->values[k]) < 0)
				bad = 1;
		wl_lang_free(l);
next:
		if (bad) {
			while (i < n)
				free(names[i++]);
			free(names);
			wl_input_free(ws);
			return NULL;
		}
		free(names[i]);
	}
	free(names);
	return ws;
oom:
	wl_input_free(ws);
	wl_error_set(err, NULL, 0, 0, "out of memory");
	if (err != NULL)
		err->code = WL_ENOMEM;
	return NULL;
}

/* folded without what is no letter, digit or '-', in place: "don't"
 * is dont, "steun met bedenkingen" one word, as a slip is measured. */
static char *
bare(char *f)
{
	for (char *r = f, *w = f;; r++)
		if (*r == '\0' || *r == '-' || (unsigned char)*r >= 0x80 ||
		    (*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9'))
			if ((*w++ = *r) == '\0')
				break;
	return f;
}

/* Measure the bare folded input in against one candidate: a value or
 * a word of the language files, shown as written. */
static void
near_one(const char *in, const char *cand, const char *value,
    const char *shown, const char **best, const char **best_value,
    size_t *bestd, int *tie)
{
	char *c = wl_utf8_fold(cand);
	size_t d;

	if (c == NULL)
		return;		/* no hint is no harm */
	d = wl_edit_distance(in, bare(c));
	/* Short words are near everything: "do" is two edits from
	 * "idea", so one edit for them, two for longer ones. */
	if (d <= (strlen(c) <= 4 ? 1u : 2u)) {
		if (d < *bestd)
			*best = shown, *best_value = value, *bestd = d,
			    *tie = 0;
		else if (d == *bestd && value != *best_value)
			*tie = 1;	/* two values: no guess */
	}
	free(c);
}

/*
 * "; did you mean W?" into buf (else "") when one value, or a word of
 * it, is a slip or two from word: the word the user was near, English
 * or Dutch, so that a misspelt "verwachtin" is answered "verwachting".
 */
static void
near_hint(const struct wl_input *ws, enum wl_type t, const char *field,
    const char *word, char *buf, size_t size)
{
	const char *const *vals = wl_schema_enum(t, field);
	const char *best = NULL, *best_value = NULL;
	char *in = wl_utf8_fold(word);
	size_t bestd = 3;
	int tie = 0;

	buf[0] = '\0';
	if (in == NULL || strlen(bare(in)) > 64) {
		free(in);
		return;
	}
	for (const char *const *v = vals; v != NULL && *v != NULL; v++)
		near_one(in, *v, *v, *v, &best, &best_value, &bestd, &tie);
	for (size_t i = 0; ws != NULL && i < ws->n; i++)
		if (strcmp(ws->w[i].field, field) == 0 &&
		    wl_schema_enum_has(t, field, ws->w[i].value))
			near_one(in, ws->w[i].folded, ws->w[i].value,
			    ws->w[i].word, &best, &best_value, &bestd, &tie);
	if (best != NULL && !tie)
		snprintf(buf, size, "; did you mean %.40s?", best);
	free(in);
}

const char *
wl_input_enum(const struct wl_input *ws, enum wl_type t, const char *field,
    const char *word, struct wl_error *err)
{
	const char *const *vals = wl_schema_enum(t, field), *found = NULL;
	char *folded, list[sizeof(err->msg) - 128];
	size_t o = 0;
	int many = 0, is_value;

	if (vals == NULL || word == NULL) {
		wl_error_set(err, NULL, 0, 0, "'%.40s' is no enum", field);
		return NULL;
	}
	for (const char *const *v = vals; *v != NULL; v++)
		if (strcmp(*v, word) == 0)
			return *v;
	if ((folded = wl_utf8_fold(word)) == NULL) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		if (err != NULL)
			err->code = WL_ENOMEM;
		return NULL;
	}
	for (const char *const *v = vals; *v != NULL && found == NULL; v++)
		if (strcmp(*v, folded) == 0)
			found = *v;
	is_value = found != NULL;
	/* A value is itself; else every value whose words answer. */
	for (size_t i = 0; !is_value && ws != NULL && i < ws->n; i++) {
		const char *v = ws->w[i].value;

		if (strcmp(ws->w[i].field, field) != 0 ||
		    strcmp(ws->w[i].folded, folded) != 0 ||
		    !wl_schema_enum_has(t, field, v))
			continue;
		for (size_t k = 0; k < i; k++)
			if (ws->w[k].value == v &&
			    strcmp(ws->w[k].field, field) == 0 &&
			    strcmp(ws->w[k].folded, folded) == 0)
				v = NULL;	/* that value was counted */
		if (v == NULL)
			continue;
		if (found == NULL)
			found = v;
		else
			many = 1;
	}
	free(folded);
	if (found != NULL && !many)
		return found;
	/* What there is: each value with its words. */
	list[0] = '\0';
	for (const char *const *v = vals; *v != NULL && o < sizeof(list);
	    v++) {
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
		    v == vals ? "" : ", ", *v);
		if (o < sizeof(list) && ws != NULL) {
			size_t had = o;

			for (size_t i = 0; i < ws->n && o < sizeof(list); i++)
				if (ws->w[i].value == *v &&
				    strcmp(ws->w[i].field, field) == 0 &&
				    strcmp(ws->w[i].folded, *v) != 0)
					o += (size_t)snprintf(list + o,
					    sizeof(list) - o, "%s%s", o == had ?
					    " (" : ", ", ws->w[i].word);
			if (o > had && o < sizeof(list))
				o += (size_t)snprintf(list + o,
				    sizeof(list) - o, ")");
		}
	}
	if (many) {
		wl_error_set(err, NULL, 0, 0, "%s '%.40s' is ambiguous: it is "
		    "the word of more than one value (one of: %s)", field,
		    word, list);
		if (err != NULL)
			err->code = WL_EAMBIGUOUS;
	} else {
		char hint[128];

		near_hint(ws, t, field, word, hint, sizeof(hint));
		wl_error_set(err, NULL, 0, 0, "unknown %s '%.40s' (one of: %s)%s",
		    field, word, list, hint);
		if (err != NULL)
			err->code = WL_ENOTFOUND;
	}
	if (err != NULL)
		snprintf(err->field, sizeof(err->field), "%s", field);
	return NULL;
}

const char *
wl_enum_input(enum wl_type t, const char *field, const char *word,
    struct wl_error *err)
{
	struct wl_input *ws;
	const char *v;

	/* The value itself needs no language file. */
	if (wl_schema_enum_has(t, field, word))
		return wl_input_enum(NULL, t, field, word, err);
	if ((ws = wl_input_load(err)) == NULL)
		return NULL;
	v = wl_input_enum(ws, t, field, word, err);
	wl_input_free(ws);
	return v;
}
