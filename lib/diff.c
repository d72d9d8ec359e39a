/* diff.c - two copies of a journal compared record by record, on id */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"

/* Where the differences go; oom once one could not be made whole. */
struct sink {
	FILE *fp;
	int jsonl;
	int tty;
	long count;
	int oom;
};

/* Write s, sanitised when it goes to a terminal (and then not at all
 * if that cannot be done: raw text is no terminal's business). */
static void
put(struct sink *k, const char *s)
{
	char *safe;

	if (!k->tty) {
		fputs(s, k->fp);
		return;
	}
	if ((safe = wl_utf8_sanitize(s)) == NULL) {
		k->oom = 1;
		return;
	}
	fputs(safe, k->fp);
	free(safe);
}

/* v as compact JSON, or "(absent)".  Caller frees; NULL when out of
 * memory. */
static char *
compact(struct sink *k, const json_t *v)
{
	char *s = v ? wl_json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY) : strdup("(absent)");

	if (s == NULL)
		k->oom = 1;
	return s;
}

/* One line of jsonl: the operation o, which this takes. */
static void
put_op(struct sink *k, json_t *o)
{
	char *s = o ? wl_json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) :
	    NULL;

	json_decref(o);
	if (s == NULL) {
		k->oom = 1;
		return;
	}
	fprintf(k->fp, "%s\n", s);
	free(s);
}

static void
whole(struct sink *k, const char *op, const json_t *rec)
{
	char *s;

	k->count++;
	if (k->jsonl) {
		put_op(k, json_pack("{s:s,s:O}", "op", op, "record", rec));
		return;
	}
	if ((s = wl_line_encode(rec, NULL)) == NULL) {
		k->oom = 1;
		return;
	}
	s[strlen(s) - 1] = '\0';	/* put() would escape the '\n' */
	fputs(strcmp(op, "add") == 0 ? "+ " : "- ", k->fp);
	put(k, s);
	fputc('\n', k->fp);
	free(s);
}

/* {key: {"old": ..., "new": ...}} for each member that differs
 * between a and b; NULL when out of memory. */
static json_t *
fields_changed(const json_t *a, const json_t *b)
{
	json_t *fields = json_object(), *v, *f;
	const char *key;

	if (fields == NULL)
		return NULL;
	json_object_foreach((json_t *)a, key, v)
		if (!json_equal(v, json_object_get(b, key)) &&
		    json_object_set_new(fields, key, json_pack("{s:O}", "old",
		    v)) < 0)
			goto fail;
	json_object_foreach((json_t *)b, key, v) {
		if (json_equal(v, json_object_get(a, key)))
			continue;
		if ((f = json_object_get(fields, key)) == NULL ?
		    json_object_set_new(fields, key, json_pack("{s:O}", "new",
		    v)) < 0 : json_object_set(f, "new", v) < 0)
			goto fail;
	}
	return fields;
fail:
	json_decref(fields);
	return NULL;
}

static void
changed(struct sink *k, const json_t *a, const json_t *b)
{
	json_t *fields = fields_changed(a, b), *v;
	const char *key;

	k->count++;
	if (fields == NULL) {
		k->oom = 1;
		return;
	}
	if (k->jsonl) {
		put_op(k, json_pack("{s:s,s:s,s:s,s:O}", "op", "change", "id",
		    wl_field_str(b, "id"), "type", wl_field_str(b, "type") ?
		    wl_field_str(b, "type") : "?", "fields", fields));
		json_decref(fields);
		return;
	}
	fprintf(k->fp, "~ %s %s\n", wl_type_name(wl_type_of(b)),
	    wl_field_str(b, "id"));
	json_object_foreach(fields, key, v) {
		char *old = compact(k, json_object_get(v, "old"));
		char *new = compact(k, json_object_get(v, "new"));

		if (old != NULL && new != NULL) {
			fputs("    ", k->fp);
			put(k, key);
			fputs(": ", k->fp);
			put(k, old);
			fputs(" \xe2\x86\x92 ", k->fp);	/* → */
			put(k, new);
			fputc('\n', k->fp);
		}
		free(old);
		free(new);
		if (k->oom)
			break;
	}
	json_decref(fields);
}

/*
 * The differences are made in memory and written to fp once all are
 * made: for want of memory nothing is written, rather than a diff
 * that stops part way and could be taken for the whole.
 */
long
wl_diff_write(FILE *fp, const struct wl_journal *old,
    const struct wl_journal *new, int jsonl)
{
	struct sink k = { NULL, jsonl, !jsonl && isatty(fileno(fp)), 0, 0 };
	char *buf = NULL;
	size_t i, len = 0;
	const struct wl_rec **ov = wl_journal_ordered(old);
	const struct wl_rec **nv = wl_journal_ordered(new);

	if (ov == NULL || nv == NULL ||
	    (k.fp = open_memstream(&buf, &len)) == NULL) {
		free(ov);
		free(nv);
		goto nomem;
	}
	for (i = 0; i < wl_journal_count(old) && !k.oom; i++) {
		const struct wl_rec *r = ov[i];
		json_t *x;

		if (wl_journal_get(new, wl_rec_id(r)) != NULL)
			continue;
		if ((x = wl_rec_orig_json(r)) == NULL)
			k.oom = 1;
		else
			whole(&k, "remove", x);
		json_decref(x);
	}
	for (i = 0; i < wl_journal_count(new) && !k.oom; i++) {
		const struct wl_rec *r = nv[i];
		const struct wl_rec *o = wl_journal_get(old, wl_rec_id(r));
		int same = o ? wl_rec_same(o, r) : 0;
		json_t *x, *y = NULL;

		if (same == 1)
			continue;
		/* Their JSON is made here: NULL when out of memory, which
		 * would read as a record with no fields. */
		x = same < 0 ? NULL : wl_rec_orig_json(r);
		if (o != NULL && x != NULL)
			y = wl_rec_orig_json(o);
		if (x == NULL || (o != NULL && y == NULL))
			k.oom = 1;
		else if (o == NULL)
			whole(&k, "add", x);
		else
			changed(&k, y, x);
		json_decref(x);
		json_decref(y);
	}
	free(ov);
	free(nv);
	/* The stream is in memory: it fails only for want of memory. */
	if (ferror(k.fp))
		k.oom = 1;
	if (fclose(k.fp) != 0 || k.oom) {
		free(buf);
		goto nomem;
	}
	if (fwrite(buf, 1, len, fp) != len || fflush(fp) != 0 ||
	    ferror(fp)) {
		free(buf);
		return -1;
	}
	free(buf);
	return k.count;
nomem:
	errno = ENOMEM;
	return -1;
}
