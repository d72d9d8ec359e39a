/* compare_md.c - the comparison of pilots written as Markdown */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

static const char *const compare_keys[] = {
	"compare.title", "compare.pilots", "compare.werklabs",
	"compare.participants", "compare.notes", "compare.advice",
	"compare.endorsed", "compare.agreements.done",
	"compare.agreements.open", "compare.agreements.dropped",
	"compare.followup", "compare.tags",
	"compare.similar", "compare.all", "compare.some", "compare.one",
	"compare.nothing", "compare.item.advice", "compare.item.do",
	"compare.item.dont", "compare.kind.quote", NULL
};

/* Where the Markdown goes; failed once a text could not be written. */
struct md {
	FILE *fp;
	const struct wl_lang *l;
	int failed;
};

/* Plain text, escaped for ctx; a failure (out of memory, or the
 * stream's) is remembered, not to be left out unseen. */
static void
put(struct md *m, const char *s, enum wl_md_ctx ctx)
{
	if (wl_md_put(m->fp, s, ctx) < 0)
		m->failed = 1;
}

/* Fixed labels come from the language file: written as they are. */
static const char *
L(const struct wl_lang *l, const char *key)
{
	const char *s = wl_lang_get(l, key);

	return s ? s : key;
}

/* "prefix.name" looked up, e.g. role.initiator. */
static const char *
L2(const struct wl_lang *l, const char *prefix, const char *name)
{
	char key[96];

	const char *s;

	snprintf(key, sizeof(key), "%s.%s", prefix, name);
	s = wl_lang_get(l, key);
	return s ? s : name;
}

/* One table row of counts of field.name per pilot; none if all 0. */
static void
count_row(struct md *m, const json_t *pilots, const char *label,
    const char *sub, const char *field, const char *name)
{
	FILE *fp = m->fp;
	json_t *p;
	size_t i;
	int any = 0;

	json_array_foreach(pilots, i, p) {
		json_t *o = field ? json_object_get(p, field) : p;

		any |= json_integer_value(json_object_get(o, name)) != 0;
	}
	if (!any)
		return;
	fprintf(fp, "| %s%s%s |", label, sub ? ": " : "", sub ? sub : "");
	json_array_foreach(pilots, i, p) {
		json_t *o = field ? json_object_get(p, field) : p;

		fprintf(fp, " %lld |", (long long)json_integer_value(
		    json_object_get(o, name)));
	}
	fputc('\n', fp);
}

static void
side_by_side(struct md *m, const json_t *pilots)
{
	const struct wl_lang *l = m->l;
	FILE *fp = m->fp;
	const char *const *v;
	const char *key;
	json_t *p, *x;
	size_t i, k;

	fprintf(fp, "## %s\n\n|  |", L(l, "compare.pilots"));
	json_array_foreach(pilots, i, p) {
		fputc(' ', fp);
		put(m, json_string_value(json_object_get(p, "pilot")),
		    WL_MD_CELL);
		fputs(" |", fp);
	}
	fputs("\n|---|", fp);
	for (i = 0; i < json_array_size(pilots); i++)
		fputs("--:|", fp);
	fprintf(fp, "\n| %s |", L(l, "compare.werklabs"));
	json_array_foreach(pilots, i, p) {
		fputc(' ', fp);
		json_array_foreach(json_object_get(p, "dates"), k, x) {
			char *d = wl_lang_date(l, json_string_value(x));

			if (k > 0)
				fputs(", ", fp);
			if (d == NULL)
				m->failed = 1;
			else
				put(m, d, WL_MD_CELL);
			free(d);
		}
		fputs(" |", fp);
	}
	fputc('\n', fp);
	for (v = wl_schema_enum(WL_PARTICIPANT, "role"); *v; v++)
		count_row(m, pilots, L(l, "compare.participants"),
		    L2(l, "role", *v), "participants", *v);
	for (v = wl_schema_enum(WL_NOTE, "kind"); *v; v++)
		count_row(m, pilots, L(l, "compare.notes"), strcmp(*v,
		    "quote") ? L2(l, "kind", *v) : L(l, "compare.kind.quote"),
		    "notes", *v);
	for (v = wl_schema_enum(WL_ADVICE, "perspective"); *v; v++)
		count_row(m, pilots, L(l, "compare.advice"),
		    L2(l, "chart", *v), "advice", *v);
	fprintf(fp, "| %s |", L(l, "compare.endorsed"));
	json_array_foreach(pilots, i, p)
		fprintf(fp, " %lld%% |", (long long)json_integer_value(
		    json_object_get(p, "endorsement_rate")));
	fputc('\n', fp);
	count_row(m, pilots, L(l, "compare.agreements.done"), NULL,
	    "agreements", "done");
	count_row(m, pilots, L(l, "compare.agreements.open"), NULL,
	    "agreements", "open");
	count_row(m, pilots, L(l, "compare.agreements.dropped"), NULL,
	    "agreements", "dropped");
	json_object_foreach(json_object_get(json_array_get(pilots, 0),
	    "followup"), key, x)
		count_row(m, pilots, L(l, "compare.followup"),
		    L2(l, "status", key), "followup", key);
	fprintf(fp, "| %s |", L(l, "compare.tags"));
	json_array_foreach(pilots, i, p) {
		fputc(' ', fp);
		k = 0;
		json_object_foreach(json_object_get(p, "tags"), key, x) {
			fputs(k++ ? ", " : "", fp);
			put(m, key, WL_MD_CELL);
			fprintf(fp, " (%lld)", (long long)json_integer_value(x));
		}
		fputs(" |", fp);
	}
	fputs("\n\n", fp);
}

/* One group of alike texts as a list item. */
static void
group_item(struct md *m, const json_t *g)
{
	FILE *fp = m->fp;
	json_t *t;
	size_t i;

	fprintf(fp, "- **%s**: ", L2(m->l, "compare.item",
	    json_string_value(json_object_get(g, "kind"))));
	json_array_foreach(json_object_get(g, "texts"), i, t) {
		if (i > 0)
			fputs("; ", fp);
		put(m, json_string_value(json_object_get(t, "text")),
		    WL_MD_ITEM);
		fputs(" (", fp);
		put(m, json_string_value(json_object_get(t, "pilot")),
		    WL_MD_ITEM);
		fputc(')', fp);
	}
	fputc('\n', fp);
}

int
wl_compare_md_groups(FILE *fp, const json_t *cmp,
    json_t *(*group)(void *, size_t), void *arg, size_t n,
    const struct wl_lang *l, struct wl_error *err)
{
	static const char *const shares[] = { "all", "some", "one" };
	json_t *pilots = json_object_get(cmp, "pilots"), *g;
	struct md m = { fp, l, 0 };
	size_t i, s, last = 3;

	if (wl_lang_require(l, compare_keys, err) < 0)
		return -1;
	fprintf(fp, "# %s\n\n", L(l, "compare.title"));
	if (json_array_size(pilots) == 0) {
		fprintf(fp, "%s\n", L(l, "compare.nothing"));
		return 0;
	}
	side_by_side(&m, pilots);
	fprintf(fp, "## %s\n", L(l, "compare.similar"));
	/* The groups come sorted: all, some, one. */
	for (i = 0; i < n && !m.failed; i++) {
		if ((g = group(arg, i)) == NULL) {
			m.failed = 1;
			break;
		}
		for (s = 0; s < 2 && strcmp(json_string_value(
		    json_object_get(g, "shared")), shares[s]) != 0; s++)
			;
		if (json_array_size(pilots) < 2 && s < 2) {
			json_decref(g);
			continue;
		}
		if (s != last)
			fprintf(fp, "\n### %s\n\n", L2(l, "compare",
			    shares[s]));
		last = s;
		group_item(&m, g);
		json_decref(g);
	}
	/* A text is left out for want of memory, or when the stream
	 * fails (a stream in memory fails for want of memory too). */
	if (ferror(fp) && errno != ENOMEM) {
		wl_error_set(err, NULL, 0, 0, "cannot write the comparison: "
		    "%s", strerror(errno));
		return -1;
	}
	if (m.failed || ferror(fp)) {
		wl_error_set(err, NULL, 0, 0, "out of memory");
		return -1;
	}
	return 0;
}

/* The groups of a comparison made as data, in their order. */
static json_t *
nth_group(void *arg, size_t i)
{
	return json_incref(json_array_get(json_object_get(arg, "similar"),
	    i));
}

int
wl_compare_md(FILE *fp, const json_t *cmp, const struct wl_lang *l,
    struct wl_error *err)
{
	return wl_compare_md_groups(fp, cmp, nth_group, (void *)cmp,
	    json_array_size(json_object_get(cmp, "similar")), l, err);
}
