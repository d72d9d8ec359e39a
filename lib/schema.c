/* schema.c - every record type of wl-journal(5): fields, order, checks */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

static const char *const roles[] = { "civil-servant", "initiator",
	"manager", "facilitator", "other", NULL };
static const char *const kinds[] = { "expectation", "question",
	"observation", "do", "dont", "idea", "quote", NULL };
static const char *const perspectives[] = { "self", "initiators",
	"organisation", "colleagues", NULL };
static const char *const stances[] = { "endorse", "reservations",
	"object", NULL };
static const char *const statuses[] = { "presented", "adopted",
	"rejected", "implemented", "done", "dropped", NULL };
static const char *const advice_statuses[] = { "presented", "adopted",
	"rejected", "implemented", NULL };
static const char *const agreement_statuses[] = { "done", "dropped",
	NULL };

#define REQ 1
#define F(name, kind, req) { name, kind, req, NULL, 0 }
#define E(name, values, req) { name, FK_ENUM, req, values, 0 }
#define I(name, min, req) { name, FK_INT, req, NULL, min }

static const struct wl_field session_fields[] = {
	F("municipality", FK_STR, REQ), F("date", FK_DATE, REQ),
	I("pilot", 1, 0), F("series", FK_STR, 0), F("title", FK_STR, 0),
	F("location", FK_STR, 0), F("facilitators", FK_STRS, 0),
	F("blocks", FK_BLOCKS, 0), { NULL, 0, 0, NULL, 0 }
};
static const struct wl_field participant_fields[] = {
	F("session", FK_ID, REQ), E("role", roles, REQ), F("name", FK_STR, 0),
	F("org", FK_STR, 0), F("consent", FK_BOOL, 0), { NULL, 0, 0, NULL, 0 }
};
static const struct wl_field note_fields[] = {
	F("session", FK_ID, REQ), E("kind", kinds, REQ),
	F("text", FK_STR, REQ), I("block", 1, 0), F("by", FK_ID, 0),
	F("tags", FK_STRS, 0), { NULL, 0, 0, NULL, 0 }
};
static const struct wl_field advice_fields[] = {
	F("session", FK_ID, REQ), E("perspective", perspectives, REQ),
	F("text", FK_STR, REQ), I("block", 1, 0), F("tags", FK_STRS, 0),
	{ NULL, 0, 0, NULL, 0 }
};
static const struct wl_field endorsement_fields[] = {
	F("ref", FK_ID, REQ), F("by", FK_ID, REQ), E("stance", stances, REQ),
	F("reason", FK_STR, 0), { NULL, 0, 0, NULL, 0 }
};
static const struct wl_field agreement_fields[] = {
	F("session", FK_ID, REQ), F("text", FK_STR, REQ),
	F("owner", FK_STR, 0), F("due", FK_DATE, 0), F("ref", FK_ID, 0),
	{ NULL, 0, 0, NULL, 0 }
};
static const struct wl_field status_fields[] = {
	F("ref", FK_ID, REQ), E("status", statuses, REQ), F("note", FK_STR, 0),
	F("date", FK_DATE, 0), { NULL, 0, 0, NULL, 0 }
};
static const struct wl_field amend_fields[] = {
	F("ref", FK_ID, REQ), F("set", FK_SET, REQ), F("minor", FK_BOOL, 0),
	{ NULL, 0, 0, NULL, 0 }
};
static const struct wl_field retract_fields[] = {
	F("ref", FK_ID, REQ), F("reason", FK_STR, 0), { NULL, 0, 0, NULL, 0 }
};
static const struct wl_field redaction_fields[] = {
	F("ref", FK_ID, REQ), F("reason", FK_STR, 0), F("by", FK_ID, 0),
	{ NULL, 0, 0, NULL, 0 }
};
static const struct wl_field no_fields[] = { { NULL, 0, 0, NULL, 0 } };

static const struct {
	const char *name;
	const struct wl_field *fields;
} types[] = {
	[WL_SESSION] = { "session", session_fields },
	[WL_PARTICIPANT] = { "participant", participant_fields },
	[WL_NOTE] = { "note", note_fields },
	[WL_ADVICE] = { "advice", advice_fields },
	[WL_ENDORSEMENT] = { "endorsement", endorsement_fields },
	[WL_AGREEMENT] = { "agreement", agreement_fields },
	[WL_STATUS] = { "status", status_fields },
	[WL_AMEND] = { "amend", amend_fields },
	[WL_RETRACT] = { "retract", retract_fields },
	[WL_REDACTION] = { "redaction", redaction_fields },
	[WL_UNKNOWN] = { "unknown", no_fields },
};

const char *
wl_type_name(enum wl_type t)
{
	return t <= WL_UNKNOWN ? types[t].name : "unknown";
}

enum wl_type
wl_type_from_name(const char *name)
{
	for (int t = 0; t < WL_UNKNOWN; t++)
		if (types[t].name[0] == name[0] &&
		    strcmp(types[t].name, name) == 0)
			return (enum wl_type)t;
	return WL_UNKNOWN;
}

enum wl_type
wl_type_of(const json_t *rec)
{
	const char *s = json_string_value(json_object_get(rec, "type"));

	return s ? wl_type_from_name(s) : WL_UNKNOWN;
}

const struct wl_field *
wl_schema_fields(enum wl_type t)
{
	return t <= WL_UNKNOWN ? types[t].fields : no_fields;
}

static const struct wl_field *
field_of(enum wl_type t, const char *name)
{
	for (const struct wl_field *f = wl_schema_fields(t); f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const char *const *
wl_schema_enum(enum wl_type t, const char *field)
{
	const struct wl_field *f = field_of(t, field);

	return f && f->kind == FK_ENUM ? f->values : NULL;
}

const char *const *
wl_schema_status_values(enum wl_type target)
{
	if (target == WL_ADVICE)
		return advice_statuses;
	if (target == WL_AGREEMENT)
		return agreement_statuses;
	return NULL;
}

int
wl_schema_enum_index(enum wl_type t, const char *field, const char *value)
{
	const char *const *v = wl_schema_enum(t, field);

	for (int i = 0; value != NULL && v != NULL && v[i] != NULL; i++)
		if (strcmp(v[i], value) == 0)
			return i + 1;
	return 0;
}

int
wl_schema_enum_has(enum wl_type t, const char *field, const char *value)
{
	return wl_schema_enum_index(t, field, value) != 0;
}

const char *
wl_schema_values_list(const char *const *v, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (; v && *v && o < size; v++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s",
		    o ? ", " : "", *v);
	return buf;
}

const char *
wl_schema_enum_list(enum wl_type t, const char *field)
{
	static char buf[256];

	return wl_schema_values_list(wl_schema_enum(t, field), buf,
	    sizeof(buf));
}


static int
fail(struct wl_error *err, const char *field, const char *fmt,
    const char *a, const char *b)
{
	wl_error_set(err, NULL, 0, 0, fmt, a, b);
	if (err != NULL)
		snprintf(err->field, sizeof(err->field), "%s", field);
	return -1;
}

static int
has_real(const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_real(v))
		return 1;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, x)
			if (has_real(x))
				return 1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (has_real(x))
				return 1;
	}
	return 0;
}

static int
blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

static int
check_value(const struct wl_field *f, const json_t *v, struct wl_error *err)
{
	const char *n = f->name, *s;
	char buf[256];
	json_t *x;
	size_t i;

	switch (f->kind) {
	case FK_STR:
		if (!json_is_string(v))
			return fail(err, n, "'%s' must be a string%s", n, "");
		if (f->required && blank(json_string_value(v)))
			return fail(err, n, "'%s' must not be empty%s", n, "");
		return 0;
	case FK_INT:
		if (!json_is_integer(v))
			return fail(err, n, "'%s' must be an integer%s", n, "");
		if (json_integer_value(v) < f->min)
			return fail(err, n, "'%s' must be %s or more", n,
			    f->min == 1 ? "1" : "0");
		return 0;
	case FK_BOOL:
		if (!json_is_boolean(v))
			return fail(err, n, "'%s' must be true or false%s", n,
			    "");
		return 0;
	case FK_DATE:
		if (!json_is_string(v) || !wl_date_valid(json_string_value(v)))
			return fail(err, n,
			    "'%s' must be a date like 2026-06-14%s", n, "");
		return 0;
	case FK_TIME:
		if (!json_is_string(v) || !wl_time_valid(json_string_value(v)))
			return fail(err, n, "'%s' must be a UTC time like "
			    "2026-06-14T09:30:00Z%s", n, "");
		return 0;
	case FK_ID:
		if (!json_is_string(v) || !wl_id_valid(json_string_value(v)))
			return fail(err, n,
			    "'%s' must be an id of 16 lowercase hex "
			    "characters%s", n, "");
		return 0;
	case FK_ENUM:
		if (!json_is_string(v))
			return fail(err, n, "'%s' must be a string%s", n, "");
		s = json_string_value(v);
		for (const char *const *e = f->values; *e; e++)
			if (strcmp(*e, s) == 0)
				return 0;
		wl_error_set(err, NULL, 0, 0,
		    "unknown %s '%.60s' (one of: %s)", n, s,
		    wl_schema_values_list(f->values, buf, sizeof(buf)));
		if (err != NULL)
			snprintf(err->field, sizeof(err->field), "%s", n);
		return -1;
	case FK_STRS:
		if (!json_is_array(v))
			return fail(err, n, "'%s' must be a list of strings%s",
			    n, "");
		json_array_foreach(v, i, x)
			if (!json_is_string(x) || blank(json_string_value(x)))
				return fail(err, n, "'%s' must be a list of "
				    "non-empty strings%s", n, "");
		return 0;
	case FK_BLOCKS:
		if (!json_is_array(v))
			return fail(err, n, "'%s' must be a list of "
			    "{\"n\":N,\"title\":T}%s", n, "");
		json_array_foreach(v, i, x) {
			json_t *bn = json_object_get(x, "n");
			json_t *bt = json_object_get(x, "title");

			if (!json_is_object(x) || !json_is_integer(bn) ||
			    json_integer_value(bn) < 1 ||
			    !json_is_string(bt))
				return fail(err, n, "'%s' must be a list of "
				    "{\"n\":N,\"title\":T} with N 1 or "
				    "more%s", n, "");
		}
		return 0;
	case FK_SET:
		if (!json_is_object(v) || json_object_size(v) == 0)
			return fail(err, n, "'%s' must be an object with the "
			    "fields to change%s", n, "");
		for (i = 0; i < 5; i++) {
			static const char *const fixed[] = { "id", "type",
				"at", "session", "ref" };

			if (json_object_get(v, fixed[i]) != NULL)
				return fail(err, n, "an amend cannot change "
				    "'%s'%s", fixed[i], "");
		}
		return 0;
	}
	return 0;
}

static const struct wl_field common_fields[] = {
	F("id", FK_ID, REQ), F("type", FK_STR, REQ), F("at", FK_TIME, REQ),
	{ NULL, 0, 0, NULL, 0 }
};

int
wl_schema_check(const json_t *rec, struct wl_error *err)
{
	const struct wl_field *f;
	enum wl_type t;
	const char *k;
	json_t *v;

	if (!json_is_object(rec))
		return fail(err, "", "a record must be a JSON object%s%s", "",
		    "");
	/* Name the top-level field that holds the real, for its column. */
	json_object_foreach((json_t *)rec, k, v)
		if (has_real(v))
			return fail(err, k, "numbers must be integers: a "
			    "journal holds no fractions or exponents%s%s", "",
			    "");
	for (f = common_fields; f->name; f++) {
		v = json_object_get(rec, f->name);
		if (v == NULL)
			return fail(err, f->name,
			    "missing required field '%s'%s", f->name, "");
		if (check_value(f, v, err) < 0)
			return -1;
	}
	t = wl_type_of(rec);
	for (f = wl_schema_fields(t); f->name; f++) {
		v = json_object_get(rec, f->name);
		if (v == NULL) {
			if (f->required)
				return fail(err, f->name,
				    "missing required field '%s' (type %s)",
				    f->name, wl_type_name(t));
			continue;
		}
		if (check_value(f, v, err) < 0)
			return -1;
	}
	return 0;
}

int
wl_schema_check_field(enum wl_type t, const char *field, const json_t *value,
    struct wl_error *err)
{
	const struct wl_field *f = field_of(t, field);

	if (f == NULL)
		return 0;
	if (json_is_null(value) && !f->required)
		return 0;	/* an amend may clear an optional field */
	return check_value(f, value, err);
}

/*
 * Defaults and states the programs and the report share: the block a
 * record goes to when none is given, the blocks of a session, and
 * what is still open.  Written here once, so that no verb or report
 * restates them.
 */

int
wl_schema_default_block(enum wl_type t, const char *kind)
{
	static const struct {
		const char *kind;
		int block;
	} notes[] = {
		{ "expectation", 1 }, { "question", 1 }, { "observation", 1 },
		{ "do", 2 }, { "dont", 2 },
	};

	if (t == WL_ADVICE)
		return 3;
	for (size_t i = 0; t == WL_NOTE && kind != NULL &&
	    i < sizeof(notes) / sizeof(*notes); i++)
		if (strcmp(notes[i].kind, kind) == 0)
			return notes[i].block;
	return 0;
}

int
wl_schema_is_open(enum wl_type t, const char *status)
{
	static const char *const advice_ends[] = { "rejected", "implemented",
		NULL };
	const char *const *end;

	if (t == WL_ADVICE)
		end = advice_ends;
	else if (t == WL_AGREEMENT)
		end = agreement_statuses;	/* done or dropped: ended */
	else
		return 0;
	for (; status != NULL && *end != NULL; end++)
		if (strcmp(*end, status) == 0)
			return 0;
	return 1;
}

int
wl_schema_default_nblocks(void)
{
	return 3;
}

json_t *
wl_schema_default_blocks(struct wl_error *err)
{
	char *text = wl_data_read("templates/blocks", err), *line, *save;
	char path[PATH_MAX];
	json_t *blocks, *b;
	long n = 0;

	if (text == NULL)
		return NULL;
	if ((blocks = json_array()) == NULL)
		goto oom;
	/* One block a line; blank lines are no blocks. */
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		n++;
		if (!wl_utf8_valid(line, strlen(line), NULL)) {
			snprintf(path, sizeof(path), "%s/templates/blocks",
			    wl_datadir());
			wl_error_set(err, path, 0, 0, "the title of block %ld "
			    "is not valid UTF-8", n);
			json_decref(blocks);
			free(text);
			return NULL;
		}
		b = json_pack("{s:I,s:s}", "n", (json_int_t)n, "title", line);
		if (b == NULL || json_array_append_new(blocks, b) != 0)
			goto oom;
	}
	free(text);
	return blocks;
oom:
	json_decref(blocks);
	free(text);
	wl_error_set(err, NULL, 0, 0, "out of memory");
	return NULL;
}
