/* mask.c - the names a journal knows, found and masked in free text */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

/* Words of a Dutch name that name nobody on their own ("Piet van der
 * Berg", "Ans 't Hart"): never masked alone, but kept inside a masked
 * name.  Folded. */
static const char *const particles[] = { "van", "de", "der", "den",
	"ten", "ter", "het", "t", "te", "in", "op", "d", "vd", "von", "la",
	"le", "du", "da", "di", "del", "dos", "el", NULL };
/* Nor are an article and "and": a name such as "Een gast" would
 * otherwise mask every "een" of the report.  They end a name. */
static const char *const common[] = { "een", "en", NULL };

/* Roles of wl-journal(5), in the order of their markers. */
static const char *const roles[] = { "civil-servant", "initiator",
	"manager", "facilitator", "other" };
#define NROLES 5
#define ROLE_OTHER 4

struct part {
	char *word;		/* folded; NULL: a free slot */
	int role;
};

struct org {
	char **words;		/* folded, in order */
	size_t n;
	int role;
};

/* Bytes of the longest word wl_mask_finds folds; a longer one may be
 * a name as far as it knows. */
#define WORD_MAX 256

struct wl_mask {
	struct part *tab;	/* open addressing, cap a power of two */
	size_t cap, n;
	size_t minlen, maxlen;	/* of the parts, folded, in bytes */
	struct org *orgs;
	size_t norgs;
	char *marks[NROLES];
};

/* A word of a text: bytes [start, end) of it, folded at fold. */
struct token {
	size_t start, end;
	const char *fold;
};

/* The words of s[0..n), folded into buf (room for 2n+n+1 bytes). */
static struct token *
tokenize(const char *s, size_t n, char *buf, size_t *ntok)
{
	struct token *t = NULL;
	size_t cap = 0, i = 0, k, start, o = 0;
	int word;

	*ntok = 0;
	while (i < n) {
		k = wl_utf8_next(s + i, n - i, &word);
		if (!word) {
			i += k;
			continue;
		}
		start = i;
		while (i < n && (k = wl_utf8_next(s + i, n - i, &word)) > 0 &&
		    word)
			i += k;
		if (*ntok == cap) {
			struct token *bigger;

			cap = cap ? cap * 2 : 16;
			if ((bigger = realloc(t, cap * sizeof(*t))) == NULL) {
				free(t);
				return NULL;
			}
			t = bigger;
		}
		t[*ntok].start = start;
		t[*ntok].end = i;
		t[*ntok].fold = buf + o;
		o += wl_utf8_fold_n(s + start, i - start, buf + o) + 1;
		(*ntok)++;
	}
	if (t == NULL)		/* no word at all: an empty array */
		t = malloc(sizeof(*t));
	return t;
}

static int
among(const char *const *list, const char *w)
{
	for (const char *const *p = list; *p != NULL; p++)
		if (strcmp(*p, w) == 0)
			return 1;
	return 0;
}

static int
is_particle(const char *w)
{
	return among(particles, w);
}

/* A folded word worth masking: no particle, two characters or more,
 * not a number ("Deelnemer 12" names nobody "12"). */
static int
is_part(const char *w)
{
	return !is_particle(w) && !among(common, w) &&
	    wl_utf8_chars(w, strlen(w)) >= 2 &&
	    w[strspn(w, "0123456789")] != '\0';
}

static uint32_t
hash(const char *w)
{
	uint32_t h = 2166136261u;

	for (; *w; w++)
		h = (h ^ (unsigned char)*w) * 16777619u;
	return h;
}

/* The slot of w: its own, or the free one it would take. */
static struct part *
slot(const struct wl_mask *m, const char *w)
{
	size_t i = hash(w) & (m->cap - 1);

	while (m->tab[i].word != NULL && strcmp(m->tab[i].word, w) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->tab[i];
}

/* The role index of part w, or -1 when it is no known name part. */
static int
lookup(const struct wl_mask *m, const char *w)
{
	const struct part *p = m->cap ? slot(m, w) : NULL;

	return p != NULL && p->word != NULL ? p->role : -1;
}

static int
add_part(struct wl_mask *m, const char *w, int role)
{
	struct part *p;

	if ((m->n + 1) * 2 > m->cap) {
		struct part *old = m->tab;
		size_t oldcap = m->cap;

		m->cap = m->cap ? m->cap * 2 : 64;
		if ((m->tab = calloc(m->cap, sizeof(*m->tab))) == NULL) {
			m->tab = old;
			m->cap = oldcap;
			return -1;
		}
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].word != NULL)
				*slot(m, old[i].word) = old[i];
		free(old);
	}
	p = slot(m, w);
	if (p->word != NULL) {
		/* The same word in the names of people of two roles says
		 * neither role. */
		if (p->role != role)
			p->role = ROLE_OTHER;
		return 0;
	}
	if ((p->word = strdup(w)) == NULL)
		return -1;
	p->role = role;
	if (m->n == 0 || strlen(w) < m->minlen)
		m->minlen = strlen(w);
	if (strlen(w) > m->maxlen)
		m->maxlen = strlen(w);
	m->n++;
	return 0;
}

/* Add org when it names person: one of its words is a part of their
 * name (folded words in name[0..nn)). */
static int
add_org(struct wl_mask *m, const char *org, const struct token *name,
    size_t nn, int role)
{
	size_t len = strlen(org), nt, i, k;
	char *buf = malloc(len * 3 + 1);
	struct token *t = buf ? tokenize(org, len, buf, &nt) : NULL;
	struct org *o, *more;
	int names = 0, rc = -1;

	if (t == NULL)
		goto out;
	for (i = 0; i < nt && !names; i++)
		for (k = 0; k < nn && !names; k++)
			names = is_part(t[i].fold) &&
			    strcmp(t[i].fold, name[k].fold) == 0;
	if (!names || nt == 0) {
		rc = 0;
		goto out;
	}
	if ((more = realloc(m->orgs, (m->norgs + 1) * sizeof(*more))) == NULL)
		goto out;
	m->orgs = more;
	o = &m->orgs[m->norgs];
	if ((o->words = calloc(nt, sizeof(*o->words))) == NULL)
		goto out;
	o->n = nt;
	o->role = role;
	m->norgs++;
	for (i = 0; i < nt; i++)
		if ((o->words[i] = strdup(t[i].fold)) == NULL)
			goto out;
	rc = 0;
out:
	free(t);
	free(buf);
	return rc;
}

static int
role_index(const char *role)
{
	for (int i = 0; i < NROLES; i++)
		if (role != NULL && strcmp(roles[i], role) == 0)
			return i;
	return ROLE_OTHER;
}

/* The name parts and the org of participant p. */
static int
add_person(struct wl_mask *m, const struct wl_rec *p)
{
	const char *name = wl_rec_str(p, "name");
	const char *org = wl_rec_str(p, "org");
	int role = role_index(wl_rec_str(p, "role"));
	size_t len, nt;
	struct token *t;
	char *buf;
	int rc = 0;

	/* An erased name is WL_REDACTED: a word of it names nobody. */
	if (name == NULL || strcmp(name, WL_REDACTED) == 0)
		return 0;
	len = strlen(name);
	if ((buf = malloc(len * 3 + 1)) == NULL)
		return -1;
	if ((t = tokenize(name, len, buf, &nt)) == NULL) {
		free(buf);
		return -1;
	}
	for (size_t i = 0; i < nt && rc == 0; i++)
		if (is_part(t[i].fold))
			rc = add_part(m, t[i].fold, role);
	if (rc == 0 && org != NULL && strcmp(org, WL_REDACTED) != 0)
		rc = add_org(m, org, t, nt, role);
	free(t);
	free(buf);
	return rc;
}

struct wl_mask *
wl_mask_new(const struct wl_journal *j, const struct wl_rec *who,
    const struct wl_lang *l)
{
	struct wl_mask *m = calloc(1, sizeof(*m));
	char key[32];

	if (m == NULL)
		return NULL;
	for (int i = 0; i < NROLES; i++) {
		const char *label = NULL;
		size_t n;

		snprintf(key, sizeof(key), "role.%s", roles[i]);
		if (l != NULL)
			label = wl_lang_get(l, key);
		if (label == NULL)
			label = roles[i];
		n = strlen(label) + sizeof(WL_REDACTED) + 3;
		if ((m->marks[i] = malloc(n)) == NULL)
			goto oom;
		if (who != NULL)
			snprintf(m->marks[i], n, "%s", WL_REDACTED);
		else
			snprintf(m->marks[i], n, "[%s]", label);
	}
	if (who != NULL) {
		if (add_person(m, who) < 0)
			goto oom;
		return m;
	}
	for (size_t i = 0; j != NULL && i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);

		/* Retracted people too: their names are as much theirs. */
		if (wl_rec_type(r) == WL_PARTICIPANT && add_person(m, r) < 0)
			goto oom;
	}
	return m;
oom:
	wl_mask_free(m);
	return NULL;
}

void
wl_mask_free(struct wl_mask *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->tab[i].word);
	free(m->tab);
	for (size_t i = 0; i < m->norgs; i++) {
		for (size_t k = 0; k < m->orgs[i].n; k++)
			free(m->orgs[i].words[k]);
		free(m->orgs[i].words);
	}
	free(m->orgs);
	for (int i = 0; i < NROLES; i++)
		free(m->marks[i]);
	free(m);
}

int
wl_mask_empty(const struct wl_mask *m)
{
	return m->n == 0 && m->norgs == 0;
}

/* Only spaces and hyphens, at most three, between two words of one
 * name ("Jansen-de Vries"). */
static int
joins(const char *s, size_t from, size_t to)
{
	if (to <= from || to - from > 3)
		return 0;
	for (size_t i = from; i < to; i++)
		if (s[i] != ' ' && s[i] != '-')
			return 0;
	return 1;
}

/* The words an org of m covers from t[i] on (0: none, or no org). */
static size_t
org_at(const struct wl_mask *m, const struct token *t, size_t nt, size_t i,
    int *role)
{
	size_t best = 0;

	for (size_t o = 0; o < m->norgs; o++) {
		const struct org *g = &m->orgs[o];
		size_t k;

		if (g->n <= best || i + g->n > nt)
			continue;
		for (k = 0; k < g->n && strcmp(g->words[k], t[i + k].fold) == 0;
		    k++)
			;
		if (k == g->n) {
			best = g->n;
			*role = g->role;
		}
	}
	return best;
}

/* The folded word in buf[0..len) is a part m knows. */
static int
known(const struct wl_mask *m, char *buf, size_t len)
{
	if (len < m->minlen || len > m->maxlen)
		return 0;
	buf[len] = '\0';
	return lookup(m, buf) >= 0;
}

int
wl_mask_finds(const struct wl_mask *m, const char *s, size_t n)
{
	char buf[WORD_MAX * 2 + 8];
	size_t i = 0, k, len = 0;
	int word;

	if (wl_mask_empty(m))
		return 0;
	/* One pass, folding as it goes, ASCII without a call: it runs
	 * over every text of a report or a list. */
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			word = (c >= 'a' && c <= 'z') || (c >= 'A' &&
			    c <= 'Z') || (c >= '0' && c <= '9');
			k = 1;
		} else
			k = wl_utf8_next(s + i, n - i, &word);
		if (!word) {
			if (len > 0 && known(m, buf, len))
				return 1;
			len = 0;
		} else if (len > WORD_MAX) {
			/* No name has a word this long; but say so only
			 * when sure. */
			return 1;
		} else if (c < 0x80)
			buf[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		else
			len += wl_utf8_fold_n(s + i, k, buf + len);
		i += k;
	}
	/* Every org that names a person holds a part of a name: no part,
	 * no org either. */
	return len > 0 && known(m, buf, len);
}

int
wl_mask_text(const struct wl_mask *m, const char *text, char **out,
    size_t *count)
{
	size_t len, nt, i, k, last, done = 0, found = 0;
	struct token *t;
	char *buf, *res = NULL;
	size_t rlen = 0;
	FILE *fp = NULL;
	int role;

	*out = NULL;
	if (text == NULL || wl_mask_empty(m))
		return 0;
	len = strlen(text);
	/* Most texts name nobody: found so without an allocation. */
	if (!wl_mask_finds(m, text, len))
		return 0;
	if ((buf = malloc(len * 3 + 1)) == NULL)
		return -1;
	if ((t = tokenize(text, len, buf, &nt)) == NULL) {
		free(buf);
		return -1;
	}
	for (i = 0; i < nt; i++) {
		size_t span = org_at(m, t, nt, i, &role);

		if (span == 0 && (role = lookup(m, t[i].fold)) < 0)
			continue;
		last = i + (span ? span : 1) - 1;
		/* The rest of the name: more parts, and the particles
		 * between them ("Piet van der Berg" is one name). */
		for (k = last + 1; k < nt && joins(text, t[k - 1].end,
		    t[k].start); k++) {
			if (lookup(m, t[k].fold) >= 0)
				last = k;
			else if (!is_particle(t[k].fold))
				break;
		}
		if (fp == NULL && (fp = open_memstream(&res, &rlen)) == NULL)
			goto oom;
		fwrite(text + done, 1, t[i].start - done, fp);
		fputs(m->marks[role], fp);
		done = t[last].end;
		found++;
		i = last;
	}
	if (fp != NULL) {
		fputs(text + done, fp);
		if (fclose(fp) != 0)
			goto oom_closed;
		*out = res;
	}
	free(t);
	free(buf);
	if (count != NULL)
		*count += found;
	return 0;
oom:
	if (fp != NULL)
		fclose(fp);
oom_closed:
	free(res);
	free(t);
	free(buf);
	return -1;
}

/* Fields that hold ids, times, dates and enum values, and the
 * municipality (a place, not a person): no free text. */
static int
not_text(const char *key)
{
	static const char *const keys[] = { "id", "type", "at", "session",
		"ref", "by", "role", "kind", "perspective", "stance", "status",
		"date", "due", "consent", "pilot", "municipality", NULL };

	for (const char *const *k = keys; *k != NULL; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}

int
wl_mask_json(const struct wl_mask *m, json_t *v, size_t *count)
{
	const char *key;
	json_t *x;
	size_t i;
	char *s;

	if (json_is_string(v)) {
		if (wl_mask_text(m, json_string_value(v), &s, count) < 0)
			return -1;
		if (s != NULL && json_string_set(v, s) < 0) {
			free(s);
			return -1;
		}
		free(s);
	} else if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			if (!not_text(key) && wl_mask_json(m, x, count) < 0)
				return -1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (wl_mask_json(m, x, count) < 0)
				return -1;
	}
	return 0;
}
