/* diff.c - two copies of a journal compared record by record, on id */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wl.h"
#include "journal.h"

struct sink {
	FILE *fp;
	int jsonl;
	int tty;
	long count;
};

/* Write s, sanitised when it goes to a terminal. */
static void
put(struct sink *k, const char *s)
{
	char *safe = k->tty ? wl_utf8_sanitize(s) : NULL;

	fputs(safe ? safe : s, k->fp);
	free(safe);
}

static char *
compact(const json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY) : strdup("(absent)");
}

static void
whole(struct sink *k, const char *op, const json_t *rec)
{
	json_t *o;
	char *s;

	k->count++;
	if (k->jsonl) {
		o = json_pack("{s:s,s:O}", "op", op, "record", rec);
		s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (s != NULL)
			fprintf(k->fp, "%s\n", s);
		free(s);
		return;
	}
	s = wl_record_encode(rec, NULL);
	if (s != NULL)
		s[strlen(s) - 1] = '\0';	/* put() would escape the '\n' */
	fputs(strcmp(op, "add") == 0 ? "+ " : "- ", k->fp);
	put(k, s ? s : "?");
	fputc('\n', k->fp);
	free(s);
}

static void
changed(struct sink *k, const json_t *a, const json_t *b)
{
	json_t *fields = json_object(), *o;
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)a, key, v)
		if (!json_equal(v, json_object_get(b, key)))
			json_object_set_new(fields, key, json_pack("{s:O}",
			    "old", v));
	json_object_foreach((json_t *)b, key, v) {
		json_t *f = json_object_get(fields, key);

		if (json_equal(v, json_object_get(a, key)))
			continue;
		if (f == NULL)
			json_object_set_new(fields, key, json_pack("{s:O}",
			    "new", v));
		else
			json_object_set(f, "new", v);
	}
	k->count++;
	if (k->jsonl) {
		char *s;

		o = json_pack("{s:s,s:s,s:s,s:O}", "op", "change", "id",
		    wl_record_str(b, "id"), "type", wl_record_str(b, "type") ?
		    wl_record_str(b, "type") : "?", "fields", fields);
		s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (s != NULL)
			fprintf(k->fp, "%s\n", s);
		free(s);
	} else {
		fprintf(k->fp, "~ %s %s\n", wl_type_name(wl_type_of(b)),
		    wl_record_str(b, "id"));
		json_object_foreach(fields, key, v) {
			char *old = compact(json_object_get(v, "old"));
			char *new = compact(json_object_get(v, "new"));

			fputs("    ", k->fp);
			put(k, key);
			fputs(": ", k->fp);
			put(k, old ? old : "?");
			fputs(" \xe2\x86\x92 ", k->fp);	/* → */
			put(k, new ? new : "?");
			fputc('\n', k->fp);
			free(old);
			free(new);
		}
	}
	json_decref(fields);
}

long
wl_diff_write(FILE *fp, const struct wl_journal *old,
    const struct wl_journal *new, int jsonl)
{
	struct sink k = { fp, jsonl, !jsonl && isatty(fileno(fp)), 0 };
	size_t i;

	for (i = 0; i < wl_journal_count(old); i++) {
		const struct wl_rec *r = wl_journal_at(old, i);
		json_t *x;

		if (wl_journal_get(new, wl_rec_id(r)) != NULL)
			continue;
		if ((x = wl_rec_orig_json(r)) == NULL)
			goto nomem;
		whole(&k, "remove", x);
		json_decref(x);
	}
	for (i = 0; i < wl_journal_count(new); i++) {
		const struct wl_rec *r = wl_journal_at(new, i);
		const struct wl_rec *o = wl_journal_get(old, wl_rec_id(r));
		int same = o ? wl_rec_same(o, r) : 0;
		json_t *x, *y = NULL;

		if (same == 1)
			continue;
		if (same < 0 || (x = wl_rec_orig_json(r)) == NULL ||
		    (o != NULL && (y = wl_rec_orig_json(o)) == NULL))
			goto nomem;
		if (o == NULL)
			whole(&k, "add", x);
		else
			changed(&k, y, x);
		json_decref(x);
		json_decref(y);
	}
	if (fflush(fp) != 0 || ferror(fp))
		return -1;
	return k.count;
nomem:
	errno = ENOMEM;
	return -1;
}
