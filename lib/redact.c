/* redact.c - erasing one person's data from a journal, for good */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"
#include "rules.h"
#include "reader.h"
#include "scan.h"

struct wl_redact {
	char *path;
	char *data;		/* the new journal, redaction records last */
	size_t len, cap;
	const struct wl_rec **people;	/* the participant records erased */
	json_t **records;	/* their redaction records */
	size_t n;
	const struct wl_rec **mentioning;	/* info's */
	struct wl_redact_info info;
};

/* 1 if r's "by", as written or as amended, is pid. */
static int
by_is(const struct wl_rec *r, const char *pid)
{
	const char *a = wl_rec_orig_str(r, "by");
	const char *b = wl_rec_str(r, "by");

	return (a != NULL && strcmp(a, pid) == 0) ||
	    (b != NULL && strcmp(b, pid) == 0);
}

/*
 * What r's line becomes when the people are erased (rules.h: the rule
 * is wl_rule_erase), or NULL when r is no record of theirs; *oom on
 * lack of memory.  whose[i]: record i is a record of one of them.
 */
static json_t *
erased(const struct wl_rec *r, const struct wl_rec *const *whose, int *oom)
{
	const struct wl_rec *t = wl_rec_type(r) == WL_AMEND ?
	    wl_rec_parent(r) : r;
	json_t *line, *out;

	if (t == NULL || whose[wl_rec_pos(t)] == NULL)
		return NULL;
	if ((line = wl_rec_line_json(r)) == NULL) {
		*oom = 1;
		return NULL;
	}
	out = wl_rule_erase(line, wl_rec_type(r), wl_rec_type(t) ==
	    WL_PARTICIPANT ? WL_ERASE_PERSON : WL_ERASE_THEIRS,
	    wl_rec_type(t));
	json_decref(line);
	if (out == NULL)
		*oom = 1;
	return out;
}

static int
put(struct wl_redact *rd, const char *s, size_t n)
{
	if (rd->len + n > rd->cap) {
		size_t cap = rd->cap ? rd->cap : 4096;
		char *d;

		while (cap < rd->len + n)
			cap *= 2;
		if ((d = realloc(rd->data, cap)) == NULL)
			return -1;
		rd->data = d;
		rd->cap = cap;
	}
	memcpy(rd->data + rd->len, s, n);
	rd->len += n;
	return 0;
}

/* The id of a journal line, into id; 0, or -1 if it has none. */
static int
line_id(const struct wl_line *l, char id[WL_ID_LEN + 1])
{
	struct wl_scan sc;
	json_t *rec;
	const char *v;

	if (wl_scan_line(l->p, l->len, &sc)) {
		memcpy(id, sc.id, WL_ID_LEN);
		id[WL_ID_LEN] = '\0';
		return 0;
	}
	rec = wl_line_parse_json(l->p, l->len, NULL);
	v = wl_field_str(rec, "id");
	if (v != NULL)
		snprintf(id, WL_ID_LEN + 1, "%s", v);
	json_decref(rec);
	return v != NULL ? 0 : -1;
}

/*
 * Copy the journal's lines into rd, each as it is unless repl has the
 * erased line of its record: then that line, once, where the record's
 * first line was; a later line of the same id (a union merge brings
 * back the line a redaction erased) is dropped.  changed[i]: a line
 * of record i was written over or dropped.  A torn last line is left
 * out.  The file is read under the lock of the writer that will
 * commit.
 */
static int
copy_lines(struct wl_redact *rd, const struct wl_journal *j,
    char *const *repl, unsigned char *changed, struct wl_error *err)
{
	struct wl_reader *in = wl_reader_open(rd->path, WL_READ_WHOLE |
	    WL_READ_LOCKED | WL_READ_RAW, err);
	size_t n = wl_journal_count(j);
	unsigned char *written = calloc(n ? n : 1, 1);
	char id[WL_ID_LEN + 1];
	struct wl_line l;
	int rc = 0;

	if (in == NULL || written == NULL) {
		wl_reader_free(in);
		free(written);
		if (in != NULL)
			wl_error_set(err, rd->path, 0, 0, "out of memory");
		return -1;
	}
	while (rc == 0 && wl_reader_next(in, &l, NULL, NULL) == 1) {
		const struct wl_rec *r = NULL;
		const char *now;
		size_t i;

		if (l.len > 0 && line_id(&l, id) == 0)
			r = wl_journal_get(j, id);
		if (r == NULL || (now = repl[i = wl_rec_pos(r)]) == NULL) {
			if ((rc = put(rd, l.p, l.len)) == 0)
				rc = put(rd, "\n", 1);
			continue;
		}
		if (written[i] || strlen(now) != l.len + 1 ||
		    memcmp(now, l.p, l.len) != 0)
			changed[i] = 1;
		if (!written[i])
			rc = put(rd, now, strlen(now));
		written[i] = 1;
	}
	rd->info.torn = wl_reader_torn(in);
	wl_reader_free(in);
	free(written);
	if (rc < 0)
		wl_error_set(err, rd->path, 0, 0, "out of memory");
	return rc;
}

/* Mark the records of person p: p itself, and the notes and
 * endorsements that are theirs (by p, or amended so). */
static void
mark_theirs(const struct wl_journal *j, const struct wl_rec *p,
    const struct wl_rec **whose)
{
	const char *pid = wl_rec_id(p);

	whose[wl_rec_pos(p)] = p;
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i), *t;
		const char *by;
		json_t *set;

		if ((wl_rec_type(r) == WL_NOTE ||
		    wl_rec_type(r) == WL_ENDORSEMENT) && by_is(r, pid) &&
		    whose[i] == NULL)
			whose[i] = p;
		if (wl_rec_type(r) != WL_AMEND ||
		    (t = wl_rec_parent(r)) == NULL ||
		    (wl_rec_type(t) != WL_NOTE &&
		    wl_rec_type(t) != WL_ENDORSEMENT))
			continue;
		set = wl_rec_orig_json(r);
		by = wl_field_str(json_object_get(set, "set"), "by");
		if (by != NULL && strcmp(by, pid) == 0 &&
		    whose[wl_rec_pos(t)] == NULL)
			whose[wl_rec_pos(t)] = p;
		json_decref(set);
	}
}

static void
count(struct wl_redact_info *info, const struct wl_rec *r)
{
	switch (wl_rec_type(r)) {
	case WL_PARTICIPANT: info->participants++; break;
	case WL_NOTE: info->notes++; break;
	case WL_ENDORSEMENT: info->endorsements++; break;
	default: info->amends++; break;
	}
	info->changes++;
}

/* The redaction record: ref p, reason, by.  NULL (err) on failure. */
static json_t *
redaction_record(const struct wl_rec *p, const char *reason, const char *by,
    struct wl_error *err)
{
	json_t *rec = wl_draft_new(WL_REDACTION, err);

	if (rec == NULL)
		return NULL;
	if (json_object_set_new(rec, "ref", json_string(wl_rec_id(p))) < 0 ||
	    (reason != NULL && reason[strspn(reason, " \t\r\n")] != '\0' &&
	    json_object_set_new(rec, "reason", json_string(reason)) < 0) ||
	    (by != NULL && json_object_set_new(rec, "by",
	    json_string(by)) < 0)) {
		json_decref(rec);
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return NULL;
	}
	if (wl_schema_check(rec, err) < 0) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

/* 1 if a and b are NULL, or both folded alike; -1 when out of memory. */
static int
alike(const char *a, const char *b)
{
	char *fa, *fb;
	int same;

	if (a == NULL || b == NULL)
		return a == b;
	fa = wl_utf8_fold(a);
	fb = wl_utf8_fold(b);
	same = fa != NULL && fb != NULL ? strcmp(fa, fb) == 0 : -1;
	free(fa);
	free(fb);
	return same;
}

/*
 * p first, then every other participant record of the same person: the
 * same name and org as they stand, case and diacritics folded (as name
 * resolution folds them), in any session, retracted ones too.  A
 * person erased before has no name left to know them by: p alone.
 */
static int
same_person(struct wl_redact *rd, const struct wl_journal *j,
    const struct wl_rec *p)
{
	const char *name = wl_rec_str(p, "name"), *org = wl_rec_str(p, "org");
	size_t n = wl_journal_count(j);

	if ((rd->people = calloc(n + 1, sizeof(*rd->people))) == NULL)
		return -1;
	rd->people[rd->n++] = p;
	if (wl_rec_redacted(p) || name == NULL ||
	    strcmp(name, WL_REDACTED) == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		int a, b;

		if (r == p || wl_rec_type(r) != WL_PARTICIPANT ||
		    wl_rec_redacted(r))
			continue;
		if ((a = alike(name, wl_rec_str(r, "name"))) < 0 ||
		    (b = alike(org, wl_rec_str(r, "org"))) < 0)
			return -1;
		if (a && b)
			rd->people[rd->n++] = r;
	}
	return 0;
}

/*
 * The records that the erasure leaves as they are (repl[i] NULL) but
 * whose text names p (mask.c, for p alone), into rd->info.mentioning;
 * with mask_them, each becomes its line with every mention made
 * WL_REDACTED (repl[i], and masked[i] set), as an erased record does.  The people's own
 * records are left alone: a namesake's name is theirs.  0, or -1 when
 * out of memory.
 */
static int
find_mentions(struct wl_redact *rd, const struct wl_journal *j,
    const struct wl_rec *p, char **repl, unsigned char *masked, int mask_them)
{
	size_t n = wl_journal_count(j), k = 0, len, found;
	struct wl_mask *m = wl_mask_new(j, p, NULL);
	json_t *orig, *rec;
	int rc = -1;

	if (m == NULL || (rd->mentioning = calloc(n ? n : 1,
	    sizeof(*rd->mentioning))) == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct wl_rec *r = wl_journal_at(j, i);

		if (repl[i] != NULL || wl_rec_type(r) == WL_PARTICIPANT ||
		    wl_rec_type(r) == WL_REDACTION)
			continue;
		/* A copy: the record's own JSON may be shared. */
		orig = wl_rec_orig_json(r);
		rec = orig ? json_deep_copy(orig) : NULL;
		json_decref(orig);
		if (rec == NULL)
			goto out;
		found = 0;
		if (wl_mask_json(m, rec, &found) < 0 || (found > 0 &&
		    mask_them && (repl[i] = wl_line_encode(rec, &len)) ==
		    NULL)) {
			json_decref(rec);
			goto out;
		}
		if (found > 0)
			rd->mentioning[k++] = r;
		masked[i] = repl[i] != NULL;
		json_decref(rec);
	}
	rd->info.mentioning = rd->mentioning;
	rd->info.nmentioning = k;
	rc = 0;
out:
	wl_mask_free(m);
	return rc;
}

struct wl_redact *
wl_redact_plan(const char *path, const struct wl_journal *j,
    const struct wl_rec *p, const char *reason, const char *by,
    unsigned flags, struct wl_error *err)
{
	size_t n = wl_journal_count(j), i, rlen;
	struct wl_redact *rd = calloc(1, sizeof(*rd));
	const struct wl_rec **whose = calloc(n ? n : 1, sizeof(*whose));
	unsigned char *changed = calloc(n ? n : 1, 1);
	unsigned char *masked = calloc(n ? n : 1, 1);
	char **repl = calloc(n ? n : 1, sizeof(*repl)), *line;
	int oom = 0;

	if (rd == NULL || whose == NULL || changed == NULL || masked == NULL ||
	    repl == NULL ||
	    (rd->path = strdup(path)) == NULL)
		goto nomem;
	if (wl_rec_type(p) != WL_PARTICIPANT) {
		wl_error_set(err, NULL, 0, 0, "%s %s is not a participant",
		    wl_type_name(wl_rec_type(p)), wl_rec_id(p));
		goto fail;
	}
	rd->info.already = wl_rec_redacted(p);
	if (same_person(rd, j, p) < 0 ||
	    (rd->records = calloc(rd->n, sizeof(*rd->records))) == NULL)
		goto nomem;
	for (i = 0; i < rd->n; i++)
		mark_theirs(j, rd->people[i], whose);
	for (i = 0; i < n; i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		json_t *now = erased(r, whose, &oom);

		if (oom)
			goto nomem;
		if (now == NULL)
			continue;
		repl[i] = wl_line_encode(now, &rlen);
		json_decref(now);
		if (repl[i] == NULL)
			goto nomem;
		if (rlen - 1 > WL_LINE_MAX) {
			wl_error_set(err, wl_rec_file(r), wl_rec_line(r), 0,
			    "the redacted line would be longer than %d bytes",
			    WL_LINE_MAX);
			goto fail;
		}
	}
	if (find_mentions(rd, j, p, repl, masked,
	    flags & WL_REDACT_MENTIONS) < 0)
		goto nomem;
	if (copy_lines(rd, j, repl, changed, err) < 0)
		goto fail;
	/* Counted are the person's records; mentions are listed apart. */
	for (i = 0; i < n; i++)
		if (changed[i] && !masked[i])
			count(&rd->info, wl_journal_at(j, i));
	/* One redaction record for each participant record erased: each
	 * names the record it erases, as every reader folds it. */
	for (i = 0; i < rd->n; i++) {
		if ((rd->records[i] = redaction_record(rd->people[i], reason,
		    by, err)) == NULL)
			goto fail;
		if ((line = wl_line_encode(rd->records[i], &rlen)) == NULL)
			goto nomem;
		oom = put(rd, line, rlen) < 0;
		free(line);
		if (oom)
			goto nomem;
	}
	rd->info.record = rd->records[0];
	rd->info.records = (const json_t *const *)rd->records;
	rd->info.people = rd->people;
	rd->info.npeople = rd->n;
	goto out;
nomem:
	wl_error_set(err, path, 0, 0, "out of memory");
fail:
	wl_redact_free(rd);
	rd = NULL;
out:
	for (i = 0; repl != NULL && i < n; i++)
		free(repl[i]);
	free(repl);
	free(whose);
	free(changed);
	free(masked);
	return rd;
}

const struct wl_redact_info *
wl_redact_info(const struct wl_redact *rd)
{
	return &rd->info;
}

/* 1 if name is base followed by suffix and then exactly tail chars. */
static int
beside(const char *name, const char *base, const char *suffix, size_t tail)
{
	size_t b = strlen(base), s = strlen(suffix);

	return strncmp(name, base, b) == 0 &&
	    strncmp(name + b, suffix, s) == 0 &&
	    (tail == 0 ? name[b + s] != '\0' : strlen(name + b + s) == tail);
}

/*
 * Files beside the journal that a rewrite must think of: leftovers of
 * a rewrite that was killed before its rename (PATH.new-XXXXXX: no
 * live writer can own one while we hold the lock, and each holds only
 * what the journal holds, or less) are removed; saved torn lines
 * (PATH.torn-*) are fragments no tool can read, so they are named in
 * a warning.
 */
static int
sweep(const char *path, struct wl_diag *diag, struct wl_error *err)
{
	char file[PATH_MAX];
	/* Beside the file a link names: where they are made. */
	const char *at = wl_resolve_link(path, file, sizeof(file)) == 0 ?
	    file : path;
	char *d = strdup(at), *b = strdup(at), *full = NULL;
	const char *dir, *base;
	struct dirent *e;
	DIR *dp = NULL;
	int rc = -1;

	if (d == NULL || b == NULL) {
		wl_error_set(err, path, 0, 0, "out of memory");
		goto out;
	}
	dir = dirname(d);
	base = basename(b);
	if ((dp = opendir(dir)) == NULL) {
		wl_error_set(err, path, 0, 0, "cannot read its directory: %s",
		    strerror(errno));
		goto out;
	}
	while ((e = readdir(dp)) != NULL) {
		int leftover = beside(e->d_name, base, ".new-", 6);

		if (!leftover && !beside(e->d_name, base, ".torn-", 0))
			continue;
		free(full);
		if ((full = malloc(strlen(dir) + strlen(e->d_name) + 2)) ==
		    NULL) {
			wl_error_set(err, path, 0, 0, "out of memory");
			goto out;
		}
		sprintf(full, "%s/%s", dir, e->d_name);
		if (!leftover)
			wl_diag_say(diag, WL_WARNING, full, 0, "a torn line "
			    "saved earlier; redact cannot read it and does "
			    "not erase what it may hold: look at it, and "
			    "remove it");
		else if (unlink(full) == 0)
			wl_diag_say(diag, WL_WARNING, full, 0, "removed: left "
			    "by a rewrite that was interrupted");
		else if (errno != ENOENT) {
			wl_error_set(err, full, 0, 0, "cannot remove this "
			    "leftover of an interrupted rewrite: %s",
			    strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	if (dp != NULL)
		closedir(dp);
	free(full);
	free(d);
	free(b);
	return rc;
}

int
wl_redact_commit(struct wl_redact *rd, struct wl_writer *w,
    struct wl_diag *diag, struct wl_error *err)
{
	if (sweep(rd->path, diag, err) < 0)
		return -1;
	return wl_writer_rewrite(w, rd->data, rd->len, err);
}

void
wl_redact_free(struct wl_redact *rd)
{
	if (rd == NULL)
		return;
	free(rd->path);
	free(rd->data);
	for (size_t i = 0; rd->records != NULL && i < rd->n; i++)
		json_decref(rd->records[i]);
	free(rd->records);
	free(rd->people);
	free(rd->mentioning);
	free(rd);
}
