/* journal.c - loading a whole journal: lines, records, id index */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "journal.h"
#include "internal.h"
#include "scan.h"

/* An id's 16 hex digits as a number (ids are such; anything else
 * mixes its bytes in), spread over the table by a multiplication. */
static uint64_t
hash_id(const char *id)
{
	uint64_t h = 0;

	for (int i = 0; i < WL_ID_LEN && id[i]; i++)
		h = h * 16 + (uint64_t)(id[i] <= '9' ? id[i] - '0' :
		    id[i] - 'a' + 10);
	return h * 0x9e3779b97f4a7c15ull;
}

/*
 * The slot of id in the index: where it is, or the empty one where it
 * would go.  Each slot keeps its id's hash, which for a valid id (16
 * hex digits) is a one-to-one function of it: a valid id is found
 * without a look at the record.
 */
static struct wl_slot *
index_slot(const struct wl_journal *j, const char *id, uint64_t h)
{
	int valid = wl_id_valid(id);
	size_t k;

	for (k = (h >> 20) & (j->icap - 1); j->index[k].r != NULL;
	    k = (k + 1) & (j->icap - 1))
		if (j->index[k].hash == h && (valid ||
		    strcmp(j->index[k].r->id, id) == 0))
			break;
	return &j->index[k];
}

/* Room for n records in the index; 0, or -1. */
static int
index_reserve(struct wl_journal *j, size_t n)
{
	size_t cap = j->icap ? j->icap : 1024, old = j->icap;
	struct wl_slot *t = j->index;

	while (n * 2 > cap)
		cap *= 2;
	if (cap == j->icap)
		return 0;
	if ((j->index = calloc(cap, sizeof(*j->index))) == NULL) {
		j->index = t;
		return -1;
	}
	j->icap = cap;
	for (size_t i = 0; i < old; i++)
		if (t[i].r != NULL)
			*index_slot(j, t[i].r->id, t[i].hash) = t[i];
	free(t);
	return 0;
}

const struct wl_rec *
wl_journal_get(const struct wl_journal *j, const char *id)
{
	if (j->icap == 0 || id == NULL)
		return NULL;
	return index_slot(j, id, hash_id(id))->r;
}

/* Index r; 0, or 1 if its id is taken (*old gets the holder), -1. */
static int
index_add(struct wl_journal *j, struct wl_rec *r, struct wl_rec **old)
{
	struct wl_slot *k;
	uint64_t h = hash_id(r->id);

	if (index_reserve(j, j->nindexed + 1) < 0)
		return -1;
	k = index_slot(j, r->id, h);
	if (k->r != NULL) {
		*old = k->r;
		return 1;
	}
	k->r = r;
	k->hash = h;
	j->nindexed++;
	return 0;
}

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

/* Read one file's lines into j.  -1 only on I/O trouble. */
static int
load_file(struct wl_journal *j, const char *path, off_t off,
    struct wl_diag *diag, struct wl_error *err)
{
	struct wl_reader *rd = wl_reader_open(path, err);
	const char *line, *file;
	struct wl_error e;
	size_t len;
	long lineno;
	int rc;

	if (rd == NULL)
		return -1;
	if (off > 0 && wl_reader_seek(rd, off, err) < 0) {
		wl_reader_free(rd);
		return -1;
	}
	if ((file = intern_file(j, wl_reader_name(rd))) == NULL) {
		wl_reader_free(rd);
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return -1;
	}
	while ((rc = wl_reader_next(rd, &line, &len, &lineno, diag,
	    err)) == 1) {
		struct wl_scan sc;
		struct wl_rec *r;
		json_t *rec = NULL;
		int canonical = wl_scan_line(line, len, &sc);

		if (!canonical && (rec = wl_record_parse(line, len,
		    &e)) == NULL) {
			e.line = lineno;
			snprintf(e.file, sizeof(e.file), "%s", file);
			wl_diag_emit(diag, WL_ERROR, &e);
			continue;
		}
		if ((r = push(j)) == NULL) {
			json_decref(rec);
			wl_error_set(err, NULL, 0, 0, "out of memory");
			rc = -1;
			break;
		}
		if (canonical) {
			/* Kept as bytes: made into JSON only if asked. */
			r->type = sc.type;
			if (wl_rec_keep(j, r, line, len) < 0) {
				j->n--;
				wl_error_set(err, NULL, 0, 0, "out of memory");
				rc = -1;
				break;
			}
		} else {
			r->orig = rec;
			r->cur = json_incref(rec);
			r->type = wl_type_of(rec);
			r->id = wl_record_str(rec, "id");
		}
		r->file = file;
		r->line = lineno;
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

/*
 * Index every record by id.  A record repeated whole (as a git union
 * merge can leave it) is read once, with a warning; another record
 * with an id already taken is an error.
 */
static int
index_all(struct wl_journal *j, struct wl_diag *diag)
{
	size_t o = 0;

	if (index_reserve(j, j->n) < 0)
		return -1;
	for (size_t i = 0; i < j->n; i++) {
		struct wl_rec *r = &j->recs[i], *old = NULL;
		int rc;

		if (o != i) {
			j->recs[o] = *r;
			r = &j->recs[o];
		}
		rc = index_add(j, r, &old);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			int same = wl_rec_same(old, r);

			if (same < 0)
				return -1;
			if (same)
				wl_diag_say(diag, WL_WARNING, r->file, r->line,
				    "same record as %s:%ld, read once (repair "
				    "with 'wl-report check --repair')",
				    old->file, old->line);
			else
				wl_diag_say(diag, WL_ERROR, r->file, r->line,
				    "id '%s' is already used at %s:%ld",
				    r->id, old->file, old->line);
			rec_release(r);
			continue;
		}
		o++;
	}
	j->n = o;
	return 0;
}

/* The files read from byte off (the first) or 0 (the others), then
 * indexed and folded. */
static struct wl_journal *
load(const char *const *paths, size_t npaths, off_t off,
    struct wl_diag *diag, struct wl_error *err)
{
	struct wl_journal *j = calloc(1, sizeof(*j));

	if (j == NULL) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return NULL;
	}
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
	return load(paths, npaths, 0, diag, err);
}

struct wl_journal *
wl_journal_load_from(const char *path, off_t off, struct wl_diag *diag,
    struct wl_error *err)
{
	return load(&path, 1, off, diag, err);
}

void
wl_journal_free(struct wl_journal *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->n; i++) {
		free(j->recs[i].members);
		rec_release(&j->recs[i]);
	}
	wl_arena_free(&j->arena);
	for (size_t i = 0; i < j->nfiles; i++)
		free(j->files[i]);
	free(j->files);
	free(j->recs);
	free(j->index);
	free(j);
}

int
wl_journal_make(const struct wl_journal *j)
{
	for (size_t i = 0; i < j->n; i++)
		if (wl_rec_make(&j->recs[i]) < 0)
			return -1;
	return 0;
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
