/* output.c - what readers print: table, tsv, csv, jsonl with closure, json */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "wl.h"
#include "internal.h"
#include "journal.h"
#include "rules.h"

static const char *const format_names[] = {
	[WL_FMT_TABLE] = "table", [WL_FMT_TSV] = "tsv", [WL_FMT_CSV] = "csv",
	[WL_FMT_XLSX] = "xlsx", [WL_FMT_JSONL] = "jsonl", [WL_FMT_JSON] = "json",
};

struct wl_out {
	FILE *fp;
	enum wl_format fmt;
	const struct wl_journal *j;
	size_t ncols;
	char **cells;		/* table: nrows * ncols sanitised cells;
				 * xlsx: the same as they are */
	char sep;		/* csv: between cells */
	enum wl_sheet sheet;	/* xlsx: its sheet's name */
	struct wl_lang *labels;	/* cells of enum columns in its words, or
				 * NULL: as they are */
	signed char labelled[16];	/* per column: its field, or -1 */
	size_t nrows, cap;
	unsigned char *seen;	/* jsonl: bit per position of j, written */
	size_t nrecs;
	int tty;
	int ioerr;
	int anonymous;		/* participants without name and org */
	int consented;		/* the same for those without consent */
	int view;		/* jsonl: records one a line, as json has
				 * them: with their state, no closure */
	struct wl_mask *mask;	/* anonymous: known names in free text;
				 * NULL when the journal knows none */
	struct row *rows;	/* held until wl_out_end, to be sorted */
	size_t nheld, heldcap;
	int oom;		/* a held row could not be made */
};

static const char *const sheet_names[] = {
	[WL_SHEET_LIST] = "list", [WL_SHEET_NOTES] = "notes",
	[WL_SHEET_ADVICE] = "advice", [WL_SHEET_AGREEMENTS] = "agreements",
	[WL_SHEET_SESSIONS] = "sessions", [WL_SHEET_PEOPLE] = "people",
};

/* A row held back: rows are written in the order of their records
 * (wl_rec_order), whatever the order the caller found them in. */
struct row {
	const struct wl_rec *rec;
	const char *at;		/* its key, asked once */
	size_t seq;		/* rows of one record keep their order */
	char **cells;		/* copies (table, tsv, csv), or NULL */
};

int
wl_format_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(*format_names);
	    i++)
		if (strcmp(format_names[i], name) == 0)
			return (int)i;
	return -1;
}

static int
table_add(struct wl_out *o, const char *const *cells)
{
	if (o->nrows == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		char **c = realloc(o->cells, cap * o->ncols * sizeof(*c));

		if (c == NULL)
			return -1;
		o->cells = c;
		o->cap = cap;
	}
	for (size_t i = 0; i < o->ncols; i++) {
		/* A workbook is no terminal: a note keeps its lines (the
		 * writer escapes what XML cannot hold). */
		char *s = o->fmt == WL_FMT_XLSX ? strdup(cells[i] ? cells[i] :
		    "") : wl_utf8_sanitize(cells[i] ? cells[i] : "");

		if (s == NULL) {
			/* The row is not counted: its cells so far go. */
			while (i-- > 0)
				free(o->cells[o->nrows * o->ncols + i]);
			return -1;
		}
		o->cells[o->nrows * o->ncols + i] = s;
	}
	o->nrows++;
	return 0;
}

/* The fields whose values --labels writes as words. */
static const char *const labelled_fields[] = { "kind", "perspective",
	"status", "role" };

/* Load the language of flags and find the columns it labels. */
static int
labels_new(struct wl_out *o, int flags, const char *const *headers,
    size_t ncols)
{
	struct wl_error err;
	size_t i, k;

	o->labels = wl_lang_load(flags & WL_OUT_LABELS_NL ? "nl" : "en", &err);
	if (o->labels == NULL)
		return -1;
	for (i = 0; i < ncols; i++) {
		o->labelled[i] = -1;
		for (k = 0; k < sizeof(labelled_fields) /
		    sizeof(*labelled_fields); k++)
			if (strcmp(headers[i], labelled_fields[k]) == 0)
				o->labelled[i] = (signed char)k;
	}
	return 0;
}

/* The word for value of column i, or value: a label that is a
 * template ("{status} ({date})") is no word for it. */
static const char *
label(const struct wl_out *o, size_t i, const char *value)
{
	char key[64];
	const char *w;

	if (value == NULL || *value == '\0' || o->labelled[i] < 0)
		return value;
	if ((size_t)snprintf(key, sizeof(key), "%s.%s",
	    labelled_fields[(size_t)o->labelled[i]], value) >= sizeof(key))
		return value;
	w = wl_lang_get(o->labels, key);
	return w != NULL && strchr(w, '{') == NULL ? w : value;
}

struct wl_out *
wl_out_new(FILE *fp, enum wl_format fmt, const char *const *headers,
    size_t ncols, const struct wl_journal *j, int flags)
{
	struct wl_out *o = calloc(1, sizeof(*o));
	char *up[16] = { NULL };
	size_t i;

	if (o == NULL || ncols > 16) {
		free(o);
		return NULL;
	}
	if ((flags & (WL_OUT_LABELS_NL | WL_OUT_LABELS_EN)) != 0 &&
	    fmt < WL_FMT_JSONL && labels_new(o, flags, headers, ncols) < 0) {
		free(o);
		return NULL;
	}
	o->fp = fp;
	o->fmt = fmt;
	o->j = j;
	o->ncols = ncols;
	o->tty = isatty(fileno(fp));
	o->anonymous = (flags & WL_OUT_ANONYMOUS) != 0;
	o->consented = (flags & WL_OUT_CONSENTED) != 0;
	o->view = (flags & WL_OUT_VIEW) != 0 && fmt == WL_FMT_JSONL;
	o->sep = (char)((flags >> 8) & 0xff);
	o->sheet = (enum wl_sheet)((flags >> 16) & 0xff);
	if (o->sep == '\0')
		o->sep = ',';
	if (fmt == WL_FMT_JSONL && !o->view && (o->seen = calloc((j ?
	    wl_journal_count(j) : 0) / 8 + 1, 1)) == NULL) {
		free(o);
		return NULL;
	}
	/* Made once for the whole list; the roles, in English, are the
	 * markers, as the lists show roles. */
	if (o->anonymous && (o->mask = wl_mask_new(j, NULL, NULL)) == NULL) {
		free(o->seen);
		free(o);
		return NULL;
	}
	if (o->mask != NULL && wl_mask_empty(o->mask)) {
		wl_mask_free(o->mask);
		o->mask = NULL;
	}
	if (fmt == WL_FMT_TABLE) {
		for (i = 0; i < ncols; i++) {
			up[i] = strdup(headers[i]);
			for (char *p = up[i]; p && *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p -= 32;
		}
		if (table_add(o, (const char *const *)up) < 0)
			o->ioerr = 1;
		for (i = 0; i < ncols; i++)
			free(up[i]);
	} else if (fmt == WL_FMT_XLSX) {
		if (table_add(o, headers) < 0)
			o->ioerr = 1;
	} else if (fmt == WL_FMT_TSV || fmt == WL_FMT_CSV) {
		if (fmt == WL_FMT_CSV)
			fputs("\xef\xbb\xbf", fp);	/* Excel reads UTF-8 */
		wl_out_row(o, NULL, headers);
	} else if (fmt == WL_FMT_JSON)
		fputs("[", fp);
	return o;
}

static void
put_tsv(struct wl_out *o, const char *s)
{
	char *safe = o->tty ? wl_utf8_sanitize(s) : NULL;

	for (const char *p = safe ? safe : s; *p; p++) {
		switch (*p) {
		case '\\': fputs("\\\\", o->fp); break;
		case '\t': fputs("\\t", o->fp); break;
		case '\n': fputs("\\n", o->fp); break;
		case '\r': fputs("\\r", o->fp); break;
		default: fputc(*p, o->fp);
		}
	}
	free(safe);
}

static void
put_csv(struct wl_out *o, const char *s)
{
	char *safe = o->tty ? wl_utf8_sanitize(s) : NULL;
	const char *p = safe ? safe : s;

	/* A leading = + - @ would be a formula to a spreadsheet. */
	if (strchr("=+-@\t\r", *p) && *p != '\0') {
		fputs("\"'", o->fp);
	} else if (strpbrk(p, "\"\r\n") != NULL || strchr(p, o->sep) != NULL) {
		fputc('"', o->fp);
	} else {
		fputs(p, o->fp);
		free(safe);
		return;
	}
	for (; *p; p++) {
		if (*p == '"')
			fputc('"', o->fp);
		fputc(*p, o->fp);
	}
	fputc('"', o->fp);
	free(safe);
}

/* Mark the record at pos written; 1 if it was already. */
static int
seen(struct wl_out *o, size_t pos)
{
	unsigned char bit = (unsigned char)(1u << (pos % 8));

	if (o->seen[pos / 8] & bit)
		return 1;
	o->seen[pos / 8] |= bit;
	return 0;
}

int
wl_out_cells(const struct wl_out *o)
{
	return o->fmt < WL_FMT_JSONL;
}

/* Write one line (n bytes, its '\n' included) as the format has it. */
static void
put_line(struct wl_out *o, const char *line, size_t len)
{
	char *safe = NULL;

	if (o->tty) {
		/* Text written to a terminal is sanitised. */
		if ((safe = wl_utf8_json_safe(line)) == NULL) {
			o->ioerr = 1;
			return;
		}
		line = safe;
		len = strlen(safe);
	}
	if (o->fmt == WL_FMT_JSON) {
		fputs(o->nrecs ? ",\n" : "\n", o->fp);
		len--;	/* no '\n' inside the array */
	}
	fwrite(line, 1, len, o->fp);
	free(safe);
	o->nrecs++;
}

/* Write line (NULL: it could not be made) and free it; -1 on error. */
static int
put_owned(struct wl_out *o, char *line, size_t len)
{
	if (line == NULL) {
		o->ioerr = 1;
		return -1;
	}
	put_line(o, line, len);
	free(line);
	return o->ioerr ? -1 : 0;
}

/* Set key of v to s, or to null when s is NULL; -1 when out of memory. */
static int
set_str(json_t *v, const char *key, const char *s)
{
	return json_object_set_new(v, key, s ? json_string(s) : json_null());
}

/* A participant's role and (when the list shows it: not anonymous,
 * and with consent where the list asks it) name, as prefix_role and
 * prefix_name; null for someone who is no participant (free text). */
static int
set_person(const struct wl_out *o, json_t *v, const char *prefix,
    const char *id)
{
	const struct wl_rec *p = id && o->j ? wl_journal_get(o->j, id) : NULL;
	const char *role = NULL, *name = NULL;
	char key[32];

	if (p != NULL && wl_rec_type(p) == WL_PARTICIPANT) {
		role = wl_rec_str(p, "role");
		if (!o->anonymous && (!o->consented ||
		    wl_rec_bool(p, "consent", 0)))
			name = wl_rec_str(p, "name");
	}
	snprintf(key, sizeof(key), "%s_role", prefix);
	if (set_str(v, key, role) < 0)
		return -1;
	snprintf(key, sizeof(key), "%s_name", prefix);
	return set_str(v, key, name);
}

/*
 * The folded state of r that its line does not hold, as fields to add
 * (wl-note(1), wl-advice(1) list the same): its session's municipality
 * and date; a status with its date (the one given, else the day it was
 * recorded) and note; support, reservations, objections and stale
 * endorsements of an advice; the role (and name, as the list shows
 * people) of a note's author and an agreement's owner.  NULL for
 * another type, or when out of memory (*oom set).
 */
static json_t *
view_of(const struct wl_out *o, const struct wl_rec *r, int *oom)
{
	enum wl_type t = wl_rec_type(r);
	const struct wl_rec *s = wl_rec_session(r), *st;
	const char *date = NULL, *at;
	char day[11];
	int stale, bad = 0;
	json_t *v;

	*oom = 0;
	if (t != WL_NOTE && t != WL_ADVICE && t != WL_AGREEMENT)
		return NULL;
	if ((v = json_object()) == NULL) {
		*oom = 1;
		return NULL;
	}
	bad |= set_str(v, "municipality", s ? wl_rec_str(s, "municipality") :
	    NULL);
	bad |= set_str(v, "session_date", s ? wl_rec_str(s, "date") : NULL);
	if (t == WL_NOTE)
		bad |= set_person(o, v, "by", wl_rec_str(r, "by"));
	else {
		st = wl_rec_status_rec(r);
		if (st != NULL && (date = wl_rec_str(st, "date")) == NULL &&
		    (at = wl_rec_str(st, "at")) != NULL) {
			snprintf(day, sizeof(day), "%.10s", at);
			date = day;
		}
		bad |= set_str(v, "status", wl_rec_status(r));
		bad |= set_str(v, "status_date", date);
		bad |= set_str(v, "status_note", st ? wl_rec_str(st, "note") :
		    NULL);
	}
	if (t == WL_ADVICE) {
		(void)wl_rec_endorsements(r, NULL, &stale);
		bad |= json_object_set_new(v, "support", json_integer(
		    wl_rec_endorsements(r, "endorse", NULL)));
		bad |= json_object_set_new(v, "reservations", json_integer(
		    wl_rec_endorsements(r, "reservations", NULL)));
		bad |= json_object_set_new(v, "objections", json_integer(
		    wl_rec_endorsements(r, "object", NULL)));
		bad |= json_object_set_new(v, "stale", json_integer(stale));
	}
	if (t == WL_AGREEMENT)
		bad |= set_person(o, v, "owner", wl_rec_str(r, "owner"));
	if (bad) {
		json_decref(v);
		*oom = 1;
		return NULL;
	}
	return v;
}

/* 1 if a field of r's type has the name of one of view's: the kept
 * line and the view cannot simply be put together. */
static int
clashes(const struct wl_rec *r, const json_t *view)
{
	for (const struct wl_field *f = wl_schema_fields(wl_rec_type(r));
	    f->name != NULL; f++)
		if (json_object_get(view, f->name) != NULL)
			return 1;
	return 0;
}

/*
 * Write r as it stands with its state added (view_of; its fields win
 * over the record's own of the same name): a row of a list as a
 * script reads it.  The whole object is masked as a record is, so a
 * name in a status note or in an owner's text is masked too.
 */
static int
put_view(struct wl_out *o, const struct wl_rec *r, json_t *view)
{
	size_t len = 0, vlen;
	char *line = NULL, *v;
	json_t *copy;

	/*
	 * A record kept as its canonical line, with nothing to mask: that
	 * line, its closing brace opened for the view's members, is what
	 * wl_line_encode makes of the two together (a kept line holds no
	 * field but its type's: those first, then the view's), without a
	 * parse of each line (kept.t holds the two ways to the same bytes).
	 */
	if (r->cur == NULL && r->canon && o->mask == NULL &&
	    r->rawlen > 1 && !clashes(r, view)) {
		if ((v = wl_line_encode(view, &vlen)) != NULL &&
		    (line = malloc(r->rawlen + vlen + 1)) != NULL) {
			wl_rec_copy_raw(r, line);
			line[r->rawlen - 1] = ',';
			memcpy(line + r->rawlen, v + 1, vlen - 1);
			len = r->rawlen + vlen - 1;
			line[len] = '\0';
		}
		free(v);
	} else {
		/* A tree of its own, to add to and mask in place: a record
		 * kept as its line is parsed anew; one kept as JSON lends
		 * its tree, which is copied. */
		copy = r->cur != NULL ? json_deep_copy(r->cur) :
		    wl_rec_json(r);
		if (copy != NULL && json_object_update(copy, view) == 0 &&
		    (o->mask == NULL || wl_mask_json(o->mask, copy,
		    NULL) == 0))
			line = wl_line_encode(copy, &len);
		json_decref(copy);
	}
	return put_owned(o, line, len);
}

/*
 * Write record r as it stands: a record kept as its canonical line
 * and not amended is that line, as it is; the rest are encoded from
 * their JSON (a participant without name and org when anonymous).
 */
static int
put_record(struct wl_out *o, const struct wl_rec *r)
{
	int strip = (o->anonymous || (o->consented &&
	    !wl_rec_bool(r, "consent", 0))) && r->type == WL_PARTICIPANT &&
	    (wl_rec_str(r, "name") != NULL || wl_rec_str(r, "org") != NULL);
	json_t *rec, *view;
	size_t len;
	char *line;
	int oom, rc;

	/* json, and a jsonl view: a note, an advice or an agreement with
	 * its state. */
	if ((o->fmt == WL_FMT_JSON || o->view) &&
	    ((view = view_of(o, r, &oom)) != NULL || oom)) {
		rc = view != NULL ? put_view(o, r, view) : -1;
		json_decref(view);
		if (oom)
			o->ioerr = 1;
		return rc;
	}
	/* The line as it is, unless a name in it is to be masked: most
	 * lines hold none, and a look at their words costs less than a
	 * parse. */
	if (r->cur == NULL && r->canon && !strip) {
		/* Its bytes back from the arena (wl_rec_copy_raw). */
		if ((line = malloc(r->rawlen + 2)) == NULL) {
			o->ioerr = 1;
			return -1;
		}
		wl_rec_copy_raw(r, line);
		memcpy(line + r->rawlen, "\n", 2);
		if (o->mask != NULL && wl_mask_finds(o->mask, line,
		    r->rawlen)) {
			free(line);
			line = NULL;
		}
	} else
		line = NULL;
	if (line != NULL) {
		if (o->tty) {
			put_line(o, line, r->rawlen + 1);
		} else {
			if (o->fmt == WL_FMT_JSON)
				fputs(o->nrecs ? ",\n" : "\n", o->fp);
			fwrite(line, 1, r->rawlen + (o->fmt != WL_FMT_JSON),
			    o->fp);
			o->nrecs++;
		}
		free(line);
		return o->ioerr ? -1 : 0;
	}
	if ((rec = wl_rec_json(r)) == NULL) {
		o->ioerr = 1;	/* the list must not end as if whole */
		return -1;
	}
	if (strip || o->mask != NULL) {
		json_t *copy = json_deep_copy(rec);

		json_decref(rec);
		if ((rec = copy) == NULL) {
			o->ioerr = 1;
			return -1;
		}
		json_object_del(rec, "name");
		json_object_del(rec, "org");
		if (o->mask != NULL && wl_mask_json(o->mask, rec, NULL) < 0) {
			json_decref(rec);
			o->ioerr = 1;
			return -1;
		}
	}
	line = wl_line_encode(rec, &len);
	json_decref(rec);
	return put_owned(o, line, len);
}

/* Write r after what it refers to, each once (jsonl closure). */
static int
put_closed(struct wl_out *o, const struct wl_rec *r, int depth)
{
	static const char *const refs[] = { "session", "by", "owner", "ref" };

	if (seen(o, r->pos))
		return 0;
	for (size_t i = 0; i < 4 && depth < 8 &&
	    wl_rec_type(r) != WL_UNKNOWN; i++) {
		const char *id = wl_rec_str(r, refs[i]);
		const struct wl_rec *t = id ? wl_journal_get(o->j, id) : NULL;

		if (t != NULL && put_closed(o, t, depth + 1) < 0)
			return -1;
	}
	return put_record(o, r);
}

/* The cells with known names masked (anonymous), as masked[]; each
 * one masked is a new string in owned[], to free.  0, or -1. */
static int
mask_cells(struct wl_out *o, const char *const *cells, const char **masked,
    char **owned)
{
	for (size_t i = 0; i < o->ncols; i++) {
		owned[i] = NULL;
		masked[i] = cells[i];
		if (cells[i] != NULL &&
		    wl_mask_text(o->mask, cells[i], &owned[i], NULL) < 0)
			return -1;
		if (owned[i] != NULL)
			masked[i] = owned[i];
	}
	return 0;
}

/* Write one row now, as the format has it. */
static int
emit(struct wl_out *o, const struct wl_rec *rec, const char *const *cells)
{
	const char *masked[16], *words[16];
	char *owned[16] = { NULL };
	size_t i;
	int rc;

	/* Labelled before masked: a word of the language names nobody. */
	if (o->labels != NULL && cells != NULL && rec != NULL &&
	    wl_out_cells(o)) {
		for (i = 0; i < o->ncols; i++)
			words[i] = label(o, i, cells[i]);
		cells = words;
	}
	if (o->mask != NULL && rec != NULL && wl_out_cells(o)) {
		if (mask_cells(o, cells, masked, owned) < 0)
			rc = -1;
		else
			rc = emit(o, NULL, masked);
		for (i = 0; i < o->ncols; i++)
			free(owned[i]);
		return rc;
	}
	switch (o->fmt) {
	case WL_FMT_TABLE:
	case WL_FMT_XLSX:
		return table_add(o, cells);
	case WL_FMT_TSV:
	case WL_FMT_CSV:
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				fputc(o->fmt == WL_FMT_TSV ? '\t' : o->sep,
				    o->fp);
			if (o->fmt == WL_FMT_TSV)
				put_tsv(o, cells[i] ? cells[i] : "");
			else
				put_csv(o, cells[i] ? cells[i] : "");
		}
		fputs(o->fmt == WL_FMT_TSV ? "\n" : "\r\n", o->fp);
		return 0;
	case WL_FMT_JSONL:
		return o->view ? put_record(o, rec) : put_closed(o, rec, 0);
	case WL_FMT_JSON:
		return put_record(o, rec);
	}
	return -1;
}

int
wl_out_row(struct wl_out *o, const struct wl_rec *rec,
    const char *const *cells)
{
	struct row *w;

	/* The header; and the rows of a journal whose lines are in the
	 * order of records already, which its callers give in file
	 * order: no need to hold them. */
	if (rec == NULL || (o->j != NULL && o->j->in_order))
		return emit(o, rec, cells);
	if (o->nheld == o->heldcap) {
		size_t nc = o->heldcap ? o->heldcap * 2 : 256;

		if ((w = realloc(o->rows, nc * sizeof(*w))) == NULL)
			return -1;
		o->rows = w;
		o->heldcap = nc;
	}
	w = &o->rows[o->nheld];
	*w = (struct row){ rec, wl_rec_orig_str(rec, "at"), o->nheld, NULL };
	if (wl_out_cells(o) && cells != NULL) {
		if ((w->cells = calloc(o->ncols, sizeof(*w->cells))) == NULL)
			return -1;
		for (size_t i = 0; i < o->ncols; i++)
			if ((w->cells[i] = strdup(cells[i] ? cells[i] :
			    "")) == NULL) {
				while (i-- > 0)
					free(w->cells[i]);
				free(w->cells);
				return -1;
			}
	}
	o->nheld++;
	return 0;
}

static int
by_record(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int d = wl_rule_order(x->at, wl_rec_id(x->rec), y->at,
	    wl_rec_id(y->rec));

	return d != 0 ? d : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Write the rows held, in the order of their records; free them. */
static int
emit_held(struct wl_out *o)
{
	int rc = 0;

	if (o->nheld > 1)
		qsort(o->rows, o->nheld, sizeof(*o->rows), by_record);
	for (size_t i = 0; i < o->nheld; i++) {
		struct row *w = &o->rows[i];

		if (rc == 0 && emit(o, w->rec,
		    (const char *const *)w->cells) < 0) {
			rc = -1;
			/* Not the stream's fault: memory ran out. */
			o->oom = !ferror(o->fp);
		}
		for (size_t k = 0; w->cells != NULL && k < o->ncols; k++)
			free(w->cells[k]);
		free(w->cells);
	}
	free(o->rows);
	o->rows = NULL;
	o->nheld = 0;
	return rc;
}

static void
table_print(struct wl_out *o)
{
	size_t width[16] = { 0 }, r, c, w;

	for (r = 0; r < o->nrows; r++)
		for (c = 0; c < o->ncols; c++) {
			w = wl_utf8_width(o->cells[r * o->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r < o->nrows; r++) {
		size_t last = o->ncols;	/* no blanks after the last cell */

		while (last > 1 && o->cells[r * o->ncols + last - 1][0] == '\0')
			last--;
		for (c = 0; c < last; c++) {
			const char *s = o->cells[r * o->ncols + c];

			fputs(s, o->fp);
			if (c + 1 < last)
				fprintf(o->fp, "%*s", (int)(width[c] -
				    wl_utf8_width(s) + 2), "");
		}
		fputc('\n', o->fp);
	}
}

/* The most a cell holds (Excel's limit; the writer refuses more). */
#define XLSX_STR_MAX 32767

/* How a column of a workbook is typed, by its header. */
enum xcol { X_TEXT, X_DATE, X_NUMBER };

static enum xcol
xlsx_type(const char *header)
{
	static const char *const dates[] = { "date", "due", "status-date",
		"session-date", NULL };
	static const char *const numbers[] = { "block", "support",
		"reservations", "objections", "stale", "count", NULL };

	for (const char *const *d = dates; *d; d++)
		if (strcmp(*d, header) == 0)
			return X_DATE;
	for (const char *const *n = numbers; *n; n++)
		if (strcmp(*n, header) == 0)
			return X_NUMBER;
	return X_TEXT;
}

/* s as a date of the calendar (YYYY-MM-DD), into *dt; 0, or -1. */
static int
xlsx_date(const char *s, lxw_datetime *dt)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return -1;
	if (s[10] != '\0' || wl_date_check(s, NULL) != 1)
		return -1;
	*dt = (lxw_datetime){ atoi(s), atoi(s + 5), atoi(s + 8), 0, 0, 0 };
	return dt->year >= 1900 ? 0 : -1;
}

/* s as a count: digits only, not too many; 0, or -1. */
static int
xlsx_number(const char *s, double *d)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0 || n > 15 || s[n] != '\0')
		return -1;
	*d = strtod(s, NULL);
	return 0;
}

/*
 * One cell, typed as its column is.  Text goes in as a string, which
 * a spreadsheet never reads as a formula, however it starts (=, +, -,
 * @): worksheet_write_string writes a shared string, never a <f>.
 * Text beyond what a cell holds (32767 bytes) is cut where a
 * character starts.
 */
static lxw_error
xlsx_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
    enum xcol type, lxw_format *datef)
{
	lxw_datetime dt;
	lxw_error e;
	double d;
	char *cut;
	size_t n;

	if (*s == '\0')
		return LXW_NO_ERROR;
	if (type == X_DATE && xlsx_date(s, &dt) == 0)
		return worksheet_write_datetime(ws, r, c, &dt, datef);
	if (type == X_NUMBER && xlsx_number(s, &d) == 0)
		return worksheet_write_number(ws, r, c, d, NULL);
	if ((n = strlen(s)) <= XLSX_STR_MAX)
		return worksheet_write_string(ws, r, c, s, NULL);
	for (n = XLSX_STR_MAX; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80;
	    n--)
		;
	if ((cut = strndup(s, n)) == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	e = worksheet_write_string(ws, r, c, cut, NULL);
	free(cut);
	return e;
}

/* The workbook of o's cells, one sheet, as the file path. */
static int
xlsx_write(struct wl_out *o, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_doc_properties props = { 0 };
	char now[WL_TIME_LEN + 1];
	struct wl_error err;
	struct tm tm = { 0 };
	lxw_worksheet *ws;
	lxw_format *bold, *datef;
	enum xcol type[16];
	size_t width[16], r, c, w;
	lxw_error e = LXW_NO_ERROR;

	if (wb == NULL)
		return -1;
	/* Created now as wl's clock has it (WL_NOW): the same list gives
	 * the same bytes, as every other format does. */
	if (wl_clock_now(now, &err) == 0 && strptime(now,
	    "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL) {
		props.created = timegm(&tm);
		if (workbook_set_properties(wb, &props) != LXW_NO_ERROR) {
			workbook_close(wb);
			return -1;
		}
	}
	ws = workbook_add_worksheet(wb, o->sheet < sizeof(sheet_names) /
	    sizeof(*sheet_names) ? sheet_names[o->sheet] : "list");
	bold = workbook_add_format(wb);
	datef = workbook_add_format(wb);
	if (ws == NULL || bold == NULL || datef == NULL) {
		workbook_close(wb);
		return -1;
	}
	format_set_bold(bold);
	format_set_num_format(datef, "yyyy-mm-dd");
	for (c = 0; c < o->ncols; c++) {
		type[c] = xlsx_type(o->cells[c]);
		/* Room for the header and the button of its filter. */
		width[c] = wl_utf8_width(o->cells[c]) + 3;
	}
	for (r = 0; r < o->nrows && e == LXW_NO_ERROR; r++)
		for (c = 0; c < o->ncols && e == LXW_NO_ERROR; c++) {
			const char *s = o->cells[r * o->ncols + c];

			if (r == 0) {
				e = worksheet_write_string(ws, 0,
				    (lxw_col_t)c, s, bold);
				continue;
			}
			e = xlsx_cell(ws, (lxw_row_t)r, (lxw_col_t)c, s,
			    type[c], datef);
			w = type[c] == X_DATE ? 10 : wl_utf8_valid(s,
			    strlen(s), NULL) ? wl_utf8_width(s) : strlen(s);
			if (w + 1 > width[c])
				width[c] = w + 1;
		}
	for (c = 0; c < o->ncols && e == LXW_NO_ERROR; c++)
		/* A long text is cut off by the next cell, not the
		 * sheet made too wide to read. */
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
		    (double)(width[c] > 60 ? 60 : width[c]), NULL);
	if (e == LXW_NO_ERROR && o->ncols > 0) {
		worksheet_freeze_panes(ws, 1, 0);
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)(o->nrows - 1),
		    (lxw_col_t)(o->ncols - 1));
	}
	if (workbook_close(wb) != LXW_NO_ERROR || e != LXW_NO_ERROR)
		return -1;
	return 0;
}

/*
 * Write the workbook of o's cells to o->fp.  It is made in a file of
 * its own (the writer seeks, and a pipe cannot) and copied to the
 * stream only when whole: a workbook that cannot be made writes
 * nothing.
 */
static int
xlsx_put(struct wl_out *o)
{
	const char *dir = getenv("TMPDIR");
	char *path = NULL, buf[65536];
	ssize_t n;
	int fd, rc = -1;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if (asprintf(&path, "%s/wl-xlsx-XXXXXX", dir) < 0)
		return -1;
	if ((fd = mkstemp(path)) < 0) {
		free(path);
		return -1;
	}
	if (xlsx_write(o, path) == 0 && lseek(fd, 0, SEEK_SET) == 0) {
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (fwrite(buf, 1, (size_t)n, o->fp) != (size_t)n)
				break;
		rc = n == 0 ? 0 : -1;
	}
	unlink(path);
	close(fd);
	free(path);
	return rc;
}

int
wl_out_end(struct wl_out *o)
{
	int rc, oom;

	if (o == NULL)
		return 0;
	if (emit_held(o) < 0)
		o->ioerr = 1;
	if (o->fmt == WL_FMT_TABLE && o->nrows > 1)
		table_print(o);	/* no rows: no header either */
	else if (o->fmt == WL_FMT_JSON)
		fputs(o->nrecs ? "\n]\n" : "]\n", o->fp);
	else if (o->fmt == WL_FMT_XLSX && !o->ioerr && xlsx_put(o) < 0)
		o->ioerr = 1;
	rc = fflush(o->fp) != 0 || ferror(o->fp) || o->ioerr ? -1 : 0;
	oom = rc < 0 && o->oom && !ferror(o->fp);
	for (size_t i = 0; i < o->nrows * o->ncols; i++)
		free(o->cells[i]);
	free(o->cells);
	free(o->seen);
	wl_mask_free(o->mask);
	if (o->labels != NULL)
		wl_lang_free(o->labels);
	free(o);
	if (oom)
		errno = ENOMEM;
	else if (rc < 0 && errno == ENOMEM)
		errno = EIO;	/* the stream's error, not memory */
	return rc;
}
