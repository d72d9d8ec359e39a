/* journal.c - loading a whole journal: lines, records, id index */
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"
#include "rules.h"

static char *
intern_file(struct wl_journal *j, const char *name)
{
	char **f = realloc(j->files, (j->nfiles + 1) * sizeof(*f));

	if (f == NULL)
		return NULL;
	j->files = f;
	return f[j->nfiles++] = strdup(name);
}

static struct wl_rec *
push(struct wl_journal *j)
{
	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 256;
		struct wl_rec *r = realloc(j->recs, cap * sizeof(*r));

		if (r == NULL)
			return NULL;
		j->recs = r;
		j->cap = cap;
	}
	memset(&j->recs[j->n], 0, sizeof(j->recs[0]));
	return &j->recs[j->n++];
}

/* Room for more records at once: a writer's batch of 100,000 grew the
 * array by doubling, each time copying it (and touching twice its
 * pages).  0, or -1 when out of memory. */
static int
reserve(struct wl_journal *j, size_t more)
{
	struct wl_rec *r;

	if (more <= j->cap - j->n)
		return 0;
	if ((r = realloc(j->recs, (j->n + more) * sizeof(*r))) == NULL)
		return -1;
	j->recs = r;
	j->cap = j->n + more;
	return 0;
}

/*
 * The type a line names plainly: it begins {"id":"<16 bytes>","type":"
 * and the type's name follows with no escape in it.  WL_UNKNOWN when
 * it does not say so plainly (or names no known type): then it is read
 * in full.
 */
static enum wl_type
plain_type(const struct wl_line *l)
{
	static const char head[] = "{\"id\":\"", mid[] = "\",\"type\":\"";
	const size_t at = 7 + WL_ID_LEN + 10;
	char name[16];
	const char *q;

	if (l->len <= at || memcmp(l->p, head, 7) != 0 ||
	    memcmp(l->p + 7 + WL_ID_LEN, mid, 10) != 0 ||
	    (q = memchr(l->p + at, '"', l->len - at)) == NULL ||
	    (size_t)(q - (l->p + at)) >= sizeof(name) ||
	    memchr(l->p + at, '\\', (size_t)(q - (l->p + at))) != NULL)
		return WL_UNKNOWN;
	memcpy(name, l->p + at, (size_t)(q - (l->p + at)));
	name[q - (l->p + at)] = '\0';
	return wl_type_from_name(name);
}

/*
 * Line l as a record of j: kept as its bytes and values when the
 * scanner vouches for it, else parsed (a line that is no record is a
 * problem, said to diag).  0, or -1 when out of memory.
 */
static int
add_line(struct wl_journal *j, const char *file, const struct wl_line *l,
    struct wl_diag *diag)
{
	struct wl_scan sc;
	struct wl_error e;
	struct wl_rec *r;
	json_t *rec = NULL;
	int canonical;

	if (j->only != 0 && plain_type(l) != WL_UNKNOWN &&
	    !(j->only & WL_TYPE_BIT(plain_type(l))))
		return 0;
	canonical = wl_scan_line(l->p, l->len, &sc);

	if (!canonical && (rec = wl_line_parse(l->p, l->len, &e)) == NULL) {
		size_t whole;

		if (e.code == WL_ENOMEM)
			return -1;	/* no judgement of the line */
		if (wl_rule_fragment(l->p, l->len, &whole)) {
			/* Skipped, said; a record glued behind it is
			 * read as a line of its own. */
			struct wl_line rest = *l;

			wl_problem_fragment(&e, whole, file);
			e.line = l->no;
			snprintf(e.file, sizeof(e.file), "%s", file);
			wl_diag_emit(diag, wl_problem_severity(e.code), &e);
			if (whole == l->len)
				return 0;
			rest.p += whole;
			rest.len -= whole;
			rest.off += whole;
			return add_line(j, file, &rest, diag);
		}
		e.code = WL_P_SYNTAX;
		e.line = l->no;
		snprintf(e.file, sizeof(e.file), "%s", file);
		wl_diag_emit(diag, wl_problem_severity(e.code), &e);
		return 0;
	}
	if ((r = push(j)) == NULL) {
		json_decref(rec);
		return -1;
	}
	r->type = canonical ? sc.type : wl_type_of(rec);
	if (j->only != 0 && !(j->only & WL_TYPE_BIT(r->type))) {
		j->n--;
		json_decref(rec);
		return 0;
	}
	r->file = file;
	r->line = (uint32_t)l->no;
	if (wl_rec_keep(j, r, l, canonical ? &sc : NULL) < 0) {
		j->n--;
		json_decref(rec);
		return -1;
	}
	if (!canonical) {
		r->orig = rec;
		r->cur = json_incref(rec);
		r->id = wl_field_str(rec, "id");
	}
	return 0;
}

/* Read one file's lines into j.  -1 only on I/O trouble. */
static int
load_file(struct wl_journal *j, const char *path, off_t off,
    struct wl_diag *diag, struct wl_error *err)
{
	struct wl_reader *rd = wl_reader_open(path, 0, err);
	const char *file;
	struct wl_line l;
	int rc;

	if (rd == NULL)
		return -1;
	if (off > 0 && wl_reader_seek(rd, (size_t)off, 1, err) < 0) {
		wl_reader_free(rd);
		return -1;
	}
	if ((file = intern_file(j, wl_reader_name(rd))) == NULL) {
		wl_reader_free(rd);
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return -1;
	}
	while ((rc = wl_reader_next(rd, &l, diag, err)) == 1)
		if (add_line(j, file, &l, diag) < 0) {
			wl_error_set(err, NULL, 0, 0, "out of memory");
			rc = -1;
			break;
		}
	wl_reader_free(rd);
	return rc < 0 ? -1 : 0;
}

static void
rec_release(struct wl_rec *r)
{
	json_decref(r->orig);
	json_decref(r->cur);
}

/* The index of every record by id, positions as values.  0 or -1. */
static int
index_build(struct wl_journal *j)
{
	wl_idtab_free(&j->index);
	if (wl_idtab_init(&j->index, j->n, 4) < 0)
		return -1;
	for (size_t i = 0; i < j->n; i++) {
		uint64_t v = 0;

		/* Every record's id is valid: wl_schema_check made sure. */
		wl_id_value(j->recs[i].id, strlen(j->recs[i].id), &v);
		if (wl_idtab_add(&j->index, v, (uint32_t)i) < 0)
			return -1;
	}
	return wl_idtab_sort(&j->index);
}

static int
by_pos(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Two lines of one id where one is the other as a redaction erased it
 * (a union merge brings the line back beside the erased one): the
 * erased one is kept, in the place of the first, and the other is
 * said (rules.h) and left out as a later line is.  1 when so, 0 when
 * not, -1 when out of memory.
 */
static int
undone(struct wl_rec *first, struct wl_rec *later, struct wl_diag *diag)
{
	json_t *a = wl_rec_line_json(first), *b = wl_rec_line_json(later);
	struct wl_error e;
	struct wl_rec tmp;
	int rc = -1;

	if (a == NULL || b == NULL)
		goto out;
	if ((rc = wl_rule_erased_form(a, b)) > 0) {
		wl_problem_undone(&e, first->file == later->file ? NULL :
		    later->file, later->line);
		wl_rec_say(first, &e, diag);
		tmp = *first;
		*first = *later;
		*later = tmp;
	} else if (rc == 0 && (rc = wl_rule_erased_form(b, a)) > 0) {
		wl_problem_undone(&e, first->file == later->file ? NULL :
		    first->file, first->line);
		wl_rec_say(later, &e, diag);
	}
out:
	json_decref(a);
	json_decref(b);
	return rc;
}

/*
 * Index every record by id.  A record repeated whole (as a git union
 * merge can leave it) is read once, with a warning; another record
 * with an id already taken is an error.  Either way the first holds
 * the id and the later one is left out.
 */
static int
index_all(struct wl_journal *j, struct wl_diag *diag)
{
	size_t *later = NULL, nlater = 0, o = 0, k;
	struct wl_idtab *t = &j->index;
	int rc = -1;

	if (index_build(j) < 0)
		return -1;
	for (k = 1; k < t->n; k++)
		if (t->id[k] == t->id[k - 1])
			nlater++;
	if (nlater == 0)
		return 0;
	if ((later = malloc(nlater * sizeof(*later))) == NULL)
		return -1;
	nlater = 0;
	for (k = 1; k < t->n; k++)
		if (t->id[k] == t->id[k - 1])
			later[nlater++] = wl_idtab_val(t, k);
	qsort(later, nlater, sizeof(*later), by_pos);
	/* Said in file order, before any record moves. */
	for (size_t d = 0; d < nlater; d++) {
		struct wl_rec *r = &j->recs[later[d]];
		struct wl_rec *first = (struct wl_rec *)wl_journal_get(j,
		    r->id);
		struct wl_error e;
		int same = wl_rec_same(first, r);

		if (same == 0 && (same = undone(first, r, diag)) > 0)
			continue;
		if (same < 0)
			goto out;
		wl_problem_again(&e, r->id, same, first->file == r->file ?
		    NULL : first->file, first->line);
		wl_rec_say(r, &e, diag);
	}
	for (size_t d = 0; d < nlater; d++)
		rec_release(&j->recs[later[d]]);
	for (size_t i = 0, d = 0; i < j->n; i++) {
		if (d < nlater && later[d] == i) {
			d++;
			continue;
		}
		if (o != i)
			j->recs[o] = j->recs[i];
		o++;
	}
	j->n = o;
	rc = index_build(j);
out:
	free(later);
	return rc;
}

/* The files read from byte off (the first) or 0 (the others), then
 * indexed and folded. */
static struct wl_journal *
load(const char *const *paths, size_t npaths, off_t off, unsigned only,
    struct wl_diag *diag, struct wl_error *err)
{
	struct wl_journal *j = calloc(1, sizeof(*j));

	if (j == NULL) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return NULL;
	}
	j->only = only;
	for (size_t i = 0; i < npaths; i++)
		if (load_file(j, paths[i], i == 0 ? off : 0, diag, err) < 0)
			goto fail;
	/* Records sit in one array from here on: pointers stay valid. */
	if (index_all(j, diag) < 0 || wl_fold(j, diag) < 0) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		goto fail;
	}
	return j;
fail:
	wl_journal_free(j);
	return NULL;
}

struct wl_journal *
wl_journal_load(const char *const *paths, size_t npaths,
    struct wl_diag *diag, struct wl_error *err)
{
	return load(paths, npaths, 0, 0, diag, err);
}

struct wl_journal *
wl_journal_load_from(const char *path, off_t off, struct wl_diag *diag,
    struct wl_error *err)
{
	return load(&path, 1, off, 0, diag, err);
}

struct wl_journal *
wl_journal_load_lines(const char *file,
    int (*next)(void *ctx, struct wl_line *l), void *ctx,
    struct wl_diag *diag, struct wl_error *err)
{
	struct wl_journal *j = calloc(1, sizeof(*j));
	struct wl_line l;
	const char *label;

	if (j == NULL || (label = intern_file(j, file)) == NULL)
		goto oom;
	while (next(ctx, &l))
		if (add_line(j, label, &l, diag) < 0)
			goto oom;
	if (index_all(j, diag) < 0 || wl_fold(j, diag) < 0)
		goto oom;
	return j;
oom:
	wl_error_set(err, NULL, 0, 0, "out of memory");
	wl_journal_free(j);
	return NULL;
}

struct wl_journal *
wl_journal_load_types(const char *path, unsigned only, struct wl_error *err)
{
	return load(&path, 1, 0, only, NULL, err);
}

void
wl_journal_free(struct wl_journal *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->n; i++)
		rec_release(&j->recs[i]);
	free(j->sides);
	free(j->members);
	wl_arena_free(&j->arena);
	for (size_t i = 0; i < j->nfiles; i++)
		free(j->files[i]);
	free(j->files);
	free(j->recs);
	wl_idtab_free(&j->index);
	free(j->outside);
	free(j);
}

size_t
wl_journal_count(const struct wl_journal *j)
{
	return j->n;
}

const struct wl_rec *
wl_journal_at(const struct wl_journal *j, size_t i)
{
	return i < j->n ? &j->recs[i] : NULL;
}

const struct wl_rec *
wl_journal_get(const struct wl_journal *j, const char *id)
{
	uint64_t v;
	size_t k;

	if (id == NULL || wl_id_value(id, strlen(id), &v) < 0 ||
	    (k = wl_idtab_find(&j->index, v)) == WL_IDTAB_NONE)
		return NULL;
	return &j->recs[wl_idtab_val(&j->index, k)];
}

void
wl_rec_say(const struct wl_rec *r, struct wl_error *e, struct wl_diag *diag)
{
	char *line = e->field[0] ? wl_rec_dup_raw(r) : NULL;

	snprintf(e->file, sizeof(e->file), "%s", r->file);
	e->line = r->line;
	/* Without room for the line's bytes, the line is still said. */
	e->col = line != NULL ? wl_line_column(line, r->rawlen, e->field) :
	    0;
	free(line);
	wl_diag_emit(diag, wl_problem_severity(e->code), e);
}

/* The problems a fold says, kept whole and as text to compare. */
struct said {
	struct wl_error *e;
	char **v;
	size_t n;
	int oom;
};

static void
keep_said(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	struct said *s = ctx;
	struct wl_error *ne;
	char buf[2048], **v;

	(void)sev;
	wl_error_format(e, buf, sizeof(buf));
	if ((ne = realloc(s->e, (s->n + 1) * sizeof(*ne))) != NULL)
		s->e = ne;
	if ((v = realloc(s->v, (s->n + 1) * sizeof(*v))) != NULL)
		s->v = v;
	if (ne == NULL || v == NULL || (v[s->n] = strdup(buf)) == NULL) {
		s->oom = 1;
		return;
	}
	s->e[s->n++] = *e;
}

static void
said_free(struct said *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->e);
}

static int
said_has(const struct said *s, const char *msg)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], msg) == 0)
			return 1;
	return 0;
}

/* The line of v (n, in the order read: their numbers rise) numbered
 * no, or NULL: a batch's every line may have a problem, so each is
 * found by halves, not by a walk. */
static const struct wl_line *
line_numbered(const struct wl_line *v, size_t n, long no)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].no < no)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].no == no ? &v[lo] : NULL;
}

/* The core of wl_journal_admit: lines[i] (canonical, '\n' ended) at
 * from[i] in file, when from is not NULL (from[i].p NULL: a text made
 * it, with no column to point at). */
static long
admit(struct wl_journal *j, char *const *lines, size_t n, const char *file,
    const struct wl_line *from, struct wl_diag *diag, struct wl_error *err)
{
	struct said before = { NULL, NULL, 0, 0 };
	struct said after = { NULL, NULL, 0, 0 };
	struct wl_diag db = { keep_said, &before, 0, 0 };
	struct wl_diag da = { keep_said, &after, 0, 0 };
	const char *label;
	long nnew = -1;

	/* What the journal says of itself now, to tell the new apart
	 * (nothing, when its last fold was quiet). */
	if ((!j->quiet && wl_fold(j, &db) < 0) || before.oom ||
	    (label = intern_file(j, file ? file : "")) == NULL ||
	    reserve(j, n) < 0)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(lines[i]);
		struct wl_line l = { lines[i], len > 0 ? len - 1 : 0,
			from != NULL ? from[i].no : 0, 0 };

		if (l.len > WL_LINE_MAX) {
			struct wl_error e;

			wl_problem_too_long(&e, l.len);
			snprintf(e.file, sizeof(e.file), "%s", label);
			e.line = l.no;
			keep_said(&after, WL_ERROR, &e);
		} else if (add_line(j, label, &l, &da) < 0)
			goto oom;
	}
	if (index_all(j, &da) < 0 || wl_fold(j, &da) < 0 || after.oom)
		goto oom;
	nnew = 0;
	for (size_t i = 0; i < after.n; i++) {
		struct wl_error *e = &after.e[i];
		const struct wl_line *l;

		if (said_has(&before, after.v[i]))
			continue;
		/* A new record's problem points into the line given; a
		 * text given (no bytes of a record) has no column. */
		if (from != NULL && strcmp(e->file, label) == 0 &&
		    e->field[0] != '\0' &&
		    (l = line_numbered(from, n, e->line)) != NULL)
			e->col = l->p == NULL ? 0 :
			    wl_line_column(l->p, l->len, e->field);
		wl_diag_emit(diag, WL_ERROR, e);
		nnew++;
	}
	goto out;
oom:
	wl_error_set(err, NULL, 0, 0, "out of memory");
out:
	said_free(&before);
	said_free(&after);
	return nnew;
}

long
wl_journal_admit(struct wl_journal *j, char *const *lines, size_t n,
    const char *file, const long *from, struct wl_diag *diag,
    struct wl_error *err)
{
	struct wl_line *at = NULL;
	long rc;

	/* What is written later in a second comes later: the writer's
	 * path, and only it, comes here. */
	if (wl_id_place(j, lines, n, err) < 0)
		return -1;
	if (from != NULL) {
		if ((at = calloc(n ? n : 1, sizeof(*at))) == NULL) {
			wl_error_set(err, NULL, 0, 0, "out of memory");
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			at[i].no = from[i];
	}
	rc = admit(j, lines, n, at != NULL ? file : NULL, at, diag, err);
	free(at);
	return rc;
}

long
wl_journal_admit_from(struct wl_journal *j, json_t *const *recs, size_t n,
    const char *file, const struct wl_line *from, struct wl_diag *diag,
    struct wl_error *err)
{
	char **lines = calloc(n + 1, sizeof(*lines));
	long rc = -1;
	size_t i;

	int moved = 0;

	for (i = 0; lines != NULL && i < n; i++)
		if ((lines[i] = wl_line_encode(recs[i], NULL)) == NULL)
			break;
	/* Ids an import filled in go above those of their second, as a
	 * writer's do (wl_journal_admit); the records follow the lines. */
	if (lines != NULL && i == n &&
	    (moved = wl_id_place(j, lines, n, err)) > 0)
		for (i = 0; i < n && moved >= 0; i++) {
			json_t *now = wl_line_parse_json(lines[i],
			    strlen(lines[i]) - 1, NULL);

			if (now == NULL || json_object_update(recs[i],
			    now) < 0)
				moved = -1;
			json_decref(now);
		}
	if (lines != NULL && i == n && moved >= 0)
		rc = admit(j, lines, n, file, from, diag, err);
	else
		wl_error_set(err, NULL, 0, 0, "out of memory");
	for (i = 0; lines != NULL && i < n; i++)
		free(lines[i]);
	free(lines);
	return rc;
}
