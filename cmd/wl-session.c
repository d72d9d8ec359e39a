/* wl-session - sessions and their participants */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "strbuf.h"

static const char usage[] =
"usage: wl-session new -m MUNICIPALITY -d DATE [-p PILOT] [--series S]\n"
"                      [--title T] [--location L] [--facilitator F]...\n"
"       wl-session list [--municipality M]\n"
"       wl-session show [-s ID]\n"
"       wl-session join [-s ID] -r ROLE [-n NAME] [--org ORG] [--consent]\n"
"       wl-session people [-s ID] [--anonymous] [--sep C] [--labels nl|en]\n"
"       wl-session edit PARTICIPANT [-s ID] [-n NAME] [--org ORG] [-r ROLE]\n"
"                       [--consent | --no-consent]\n"
"       wl-session edit [-s ID] [-m MUNICIPALITY] [-d DATE] [-p PILOT]\n"
"                       [--series S] [--title T] [--location L]\n"
"                       [--facilitator F]...\n"
"       wl-session redact PARTICIPANT [-s ID] [--reason R] [--by P]\n"
"                         [--mentions] [--yes] [--force]\n"
"       wl-session rm ID [--reason R] [--yes] [--dry-run]\n"
"       wl-session restore ID [--reason R] [--dry-run]\n"
"common options: [-f FILE]... [-o table|tsv|csv|xlsx|jsonl|json]\n"
"                [--max-errors N] [--wait S] [-h | --help] [--version]\n";

enum { OPT_SERIES = OPT_FIRST_VERB_OPT, OPT_TITLE, OPT_LOCATION,
	OPT_FACILITATOR, OPT_ORG, OPT_CONSENT, OPT_MUNICIPALITY, OPT_ANONYMOUS,
	OPT_NO_CONSENT, OPT_REASON, OPT_BY, OPT_YES, OPT_FORCE, OPT_MENTIONS };

static struct cli cli;

static void
set_str(json_t *rec, const char *field, const char *value)
{
	if (value != NULL)
		cli_set(rec, field, json_string(value));
}

static const struct option new_opts[] = {
	COMMON_LONGOPTS,
	{ "municipality", required_argument, NULL, 'm' },
	{ "date", required_argument, NULL, 'd' },
	{ "pilot", required_argument, NULL, 'p' },
	{ "series", required_argument, NULL, OPT_SERIES },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "location", required_argument, NULL, OPT_LOCATION },
	{ "facilitator", required_argument, NULL, OPT_FACILITATOR },
	{ NULL, 0, NULL, 0 }
};

/*
 * What the journal at path already knows of a municipality, for new
 * (wl_journal_municipality): its spelling, into *spelt (a copy, or
 * NULL), and the warning about a session of it on date, into sb (a
 * second one takes every later command without -s).
 */
static void
municipality_known(const char *path, const char *municipality,
    const char *date, char **spelt, struct strbuf *sb)
{
	char same[WL_ID_LEN + 1];
	struct wl_error err;

	if (wl_journal_municipality(path, municipality, date, spelt, same,
	    &err) < 0)
		cli_fail(&cli, &err);
	if (same[0] != '\0')
		strbuf_addf(sb, "warning: %s has a session on %s already, %s; "
		    "commands without -s now go to this new one: pick either "
		    "with -s %s or -s ", *spelt ? *spelt : municipality, date,
		    same, same);
}

static int
cmd_new(int argc, char **argv)
{
	const char *municipality = NULL, *date = NULL, *series = NULL;
	const char *title = NULL, *location = NULL, *path;
	json_t *facilitators = cli_need(json_array()), *rec, *blocks;
	struct strbuf same = STRBUF_INIT, said = STRBUF_INIT;
	struct wl_writer *w;
	struct wl_journal *j;
	struct wl_diag quiet = { NULL, NULL, 0, 0 };
	char *spelt;
	struct wl_error err;
	long long pilot = 0;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 'm': municipality = optarg; break;
		case 'd': date = optarg; break;
		case 'p': pilot = cli_int(&cli, "-p", optarg, 1); break;
		case OPT_SERIES: series = optarg; break;
		case OPT_TITLE: title = optarg; break;
		case OPT_LOCATION: location = optarg; break;
		case OPT_FACILITATOR:
			cli_push(facilitators,
			    json_string(optarg));
			break;
		default:
			cli_usage_error(&cli, "unknown option");
		}
	}
	cli_no_operands(&cli, argc, argv);
	if (municipality == NULL || *municipality == '\0')
		cli_usage_error(&cli, "new needs the municipality (-m)");
	if (date == NULL)
		cli_usage_error(&cli, "new needs the date (-d YYYY-MM-DD)");
	cli_date(&cli, date);
	/* Read before the lock is taken, so that all that can run out of
	 * memory does so before a journal is made; the warning does not
	 * need the lock's word. */
	path = cli_journal_path(&cli);
	municipality_known(path, municipality, date, &spelt, &same);
	if (spelt != NULL && strcmp(spelt, municipality) == 0) {
		free(spelt);
		spelt = NULL;
	}
	if (spelt != NULL) {
		/* Said once written, after the id, as the warning is. */
		strbuf_addf(&said, "municipality '%s' is written '%s', as the "
		    "journal has it", municipality, spelt);
		municipality = spelt;
	}
	if ((rec = wl_draft_new(WL_SESSION, &err)) == NULL)
		cli_fail(&cli, &err);
	set_str(rec, "municipality", municipality);
	set_str(rec, "date", date);
	if (pilot > 0)
		cli_set(rec, "pilot", json_integer(pilot));
	set_str(rec, "series", series);
	set_str(rec, "title", title);
	set_str(rec, "location", location);
	if (json_array_size(facilitators) > 0)
		cli_set(rec, "facilitators", facilitators);
	else
		json_decref(facilitators);
	if ((blocks = wl_schema_default_blocks(&err)) == NULL)
		cli_fail(&cli, &err);
	cli_set(rec, "blocks", blocks);
	w = cli_writer_open(&cli, path, WL_W_CREATE);
	/* The latest session and what follows it, quietly (the lock is
	 * ours): a session made in the same second as one there gets an
	 * id above it, and so comes after it in every list. */
	j = wl_journal_load_tail(path, NULL, NULL, &quiet, NULL);
	if (j != NULL && quiet.nerrors + quiet.nwarnings > 0) {
		wl_journal_free(j);
		j = NULL;
	}
	json_incref(rec);
	cli_append(&cli, w, j, &rec, 1);
	if (same.len > 0)	/* the new id, as written, ends the warning */
		strbuf_addstr(&same, wl_field_str(rec, "id"));
	json_decref(rec);
	if (said.len > 0)
		cli_say(&cli, "%s", said.buf);
	if (same.len > 0)
		cli_say(&cli, "%s", same.buf);
	strbuf_release(&said);
	strbuf_release(&same);
	free(spelt);
	return 0;
}

static const char *const session_cols[] = { "id", "date", "municipality",
	"pilot", "title" };

static void
session_cells(const struct wl_rec *s, const char *cells[5], char *pilot)
{
	long long p = wl_rec_int(s, "pilot", 0);

	pilot[0] = '\0';
	if (p > 0)
		sprintf(pilot, "%lld", p);
	cells[0] = wl_rec_id(s);
	cells[1] = wl_rec_str(s, "date");
	cells[2] = wl_rec_str(s, "municipality");
	cells[3] = pilot;
	cells[4] = wl_rec_str(s, "title");
}

static const struct option list_opts[] = {
	COMMON_LONGOPTS,
	{ "municipality", required_argument, NULL, OPT_MUNICIPALITY },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_list(int argc, char **argv)
{
	const char *municipality = NULL, *cells[5];
	struct wl_journal *j;
	struct wl_out *o;
	char pilot[24];
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		if (ch == OPT_MUNICIPALITY)
			municipality = optarg;
	}
	cli_no_operands(&cli, argc, argv);
	j = cli_load(&cli);
	/* A slip in the name lists nothing, silently: refused, with the
	 * nearest name, as the other lists refuse it. */
	if (municipality != NULL)
		cli_municipality(&cli, j, municipality);
	o = cli_need(wl_out_new(stdout, cli_format(&cli), session_cols, 5, j,
	    WL_OUT_SHEET(WL_SHEET_SESSIONS)));
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *s = wl_journal_at(j, i);

		/* Unknown types pass, unless their session is filtered
		 * out. */
		if (wl_rec_type(s) == WL_UNKNOWN) {
			const struct wl_rec *ss = wl_rec_session(s);

			if (ss == NULL || (!wl_rec_retracted(ss) &&
			    (municipality == NULL || wl_utf8_same(
			    wl_rec_str(ss, "municipality"), municipality))))
				cli_pass_unknown(&cli, o, s, NULL);
			continue;
		}
		if (wl_rec_type(s) != WL_SESSION || wl_rec_retracted(s))
			continue;
		if (municipality != NULL && !wl_utf8_same(wl_rec_str(s,
		    "municipality"), municipality))
			continue;
		session_cells(s, cells, pilot);
		cli_row(o, s, cells);
	}
	return cli_list_end(&cli, o, j);
}

/* "total (name n, ...)": counts of the enum field over the live
 * records of type t in session s, into sb (emptied first). */
static const char *
count_by(const struct wl_journal *j, const struct wl_rec *s, enum wl_type t,
    const char *field, struct strbuf *sb)
{
	const char *const *v = wl_schema_enum(t, field);
	struct strbuf parts = STRBUF_INIT;
	size_t total = 0;

	for (; v != NULL && *v != NULL; v++) {
		size_t n = 0;

		for (size_t i = 0; i < wl_journal_count(j); i++) {
			const struct wl_rec *r = wl_journal_at(j, i);

			if (wl_rec_type(r) == t && wl_rec_session(r) == s &&
			    !wl_rec_retracted(r) &&
			    strcmp(wl_rec_str(r, field), *v) == 0)
				n++;
		}
		if (n > 0)
			strbuf_addf(&parts, "%s%s %zu", parts.len ? ", " : "",
			    *v, n);
		total += n;
	}
	strbuf_reset(sb);
	strbuf_addf(sb, total ? "%zu (%s)" : "%zu%s", total, parts.buf);
	strbuf_release(&parts);
	return sb->buf;
}

static const struct option show_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_show(int argc, char **argv)
{
	static const char *const cols[] = { "field", "value" };
	const char *sel = NULL, *row[2], *v, *title;
	struct strbuf buf = STRBUF_INIT;
	char pilot[24];
	struct wl_journal *j;
	const struct wl_rec *s;
	struct wl_error err;
	struct wl_out *o;
	long long bn;
	size_t i;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1)
		if (ch == 's')
			sel = optarg;
	cli_no_operands(&cli, argc, argv);
	j = cli_load(&cli);
	if ((s = wl_journal_session(j, sel, &err)) == NULL)
		cli_fail(&cli, &err);
	o = cli_need(wl_out_new(stdout, cli_format(&cli), cols, 2, j, 0));
	if (cli_format(&cli) >= WL_FMT_JSONL) {
		cli_row(o, s, NULL);
		return cli_list_end(&cli, o, j);
	}
#define ROW(k, val) do { row[0] = (k); row[1] = (val); \
	cli_row(o, s, row); } while (0)
	pilot[0] = '\0';
	if (wl_rec_int(s, "pilot", 0) > 0)
		sprintf(pilot, "%lld", wl_rec_int(s, "pilot", 0));
	ROW("id", wl_rec_id(s));
	ROW("municipality", wl_rec_str(s, "municipality"));
	ROW("date", wl_rec_str(s, "date"));
	if (pilot[0] != '\0')
		ROW("pilot", pilot);
	if (wl_rec_str(s, "series"))
		ROW("series", wl_rec_str(s, "series"));
	if (wl_rec_str(s, "title"))
		ROW("title", wl_rec_str(s, "title"));
	if (wl_rec_str(s, "location"))
		ROW("location", wl_rec_str(s, "location"));
	for (i = 0; (v = wl_rec_item(s, "facilitators", i)) != NULL; i++)
		strbuf_addf(&buf, "%s%s", i ? ", " : "", v);
	if (buf.len > 0)
		ROW("facilitators", buf.buf);
	for (i = 0; wl_session_block(s, i, &bn, &title); i++) {
		char key[32];

		snprintf(key, sizeof(key), "block %lld", bn);
		ROW(key, title);
	}
	ROW("participants", count_by(j, s, WL_PARTICIPANT, "role", &buf));
	ROW("notes", count_by(j, s, WL_NOTE, "kind", &buf));
	ROW("advice", count_by(j, s, WL_ADVICE, "perspective", &buf));
	{
		size_t n = 0;

		for (i = 0; i < wl_journal_count(j); i++) {
			const struct wl_rec *r = wl_journal_at(j, i);

			n += wl_rec_type(r) == WL_AGREEMENT &&
			    wl_rec_session(r) == s && !wl_rec_retracted(r);
		}
		strbuf_reset(&buf);
		strbuf_addf(&buf, "%zu", n);
		ROW("agreements", buf.buf);
	}
#undef ROW
	strbuf_release(&buf);
	return cli_list_end(&cli, o, j);
}

static const struct option join_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "role", required_argument, NULL, 'r' },
	{ "name", required_argument, NULL, 'n' },
	{ "org", required_argument, NULL, OPT_ORG },
	{ "consent", no_argument, NULL, OPT_CONSENT },
	{ NULL, 0, NULL, 0 }
};

/*
 * The warning for a name already registered in session s (folded:
 * case and accents aside), into sb: a person registered twice makes
 * every later --by NAME ambiguous.  Joining is not refused: two people
 * may share a name.
 */
static void
namesake(const struct wl_journal *j, const struct wl_rec *s,
    const char *name, struct strbuf *sb)
{
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *p = wl_journal_at(j, i);
		const char *org = wl_rec_str(p, "org");

		if (wl_rec_type(p) != WL_PARTICIPANT ||
		    wl_rec_session(p) != s || wl_rec_retracted(p) ||
		    wl_rec_redacted(p) ||
		    !wl_utf8_same(wl_rec_str(p, "name"), name))
			continue;
		strbuf_addf(sb, "warning: %s is registered in this session "
		    "already, as %s (%s%s%s); added all the same: if it is "
		    "the same person, withdraw one with 'wl-session rm ID'",
		    wl_rec_str(p, "name"), wl_rec_id(p), wl_rec_str(p, "role"),
		    org ? ", " : "", org ? org : "");
		return;
	}
}

static int
cmd_join(int argc, char **argv)
{
	const char *sel = NULL, *role = NULL, *name = NULL, *org = NULL;
	const char *path;
	const struct wl_rec *s;
	struct strbuf twice = STRBUF_INIT;
	struct wl_journal *j;
	struct wl_writer *w;
	struct wl_error err;
	int consent = 0, ch;
	json_t *rec;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 's': sel = optarg; break;
		case 'r': role = optarg; break;
		case 'n': name = optarg; break;
		case OPT_ORG: org = optarg; break;
		case OPT_CONSENT: consent = 1; break;
		}
	}
	cli_no_operands(&cli, argc, argv);
	if (role == NULL)
		cli_usage_error(&cli, "join needs a role (-r %s)",
		    wl_schema_enum_list(WL_PARTICIPANT, "role"));
	role = cli_enum(&cli, WL_PARTICIPANT, "role", role);
	path = cli_journal_path(&cli);
	w = cli_writer_open(&cli, path, 0);
	j = cli_load_latest(&cli, path, sel);
	if ((s = wl_journal_session(j, sel, &err)) == NULL)
		cli_fail(&cli, &err);
	if ((rec = wl_draft_new(WL_PARTICIPANT, &err)) == NULL)
		cli_fail(&cli, &err);
	set_str(rec, "session", wl_rec_id(s));
	set_str(rec, "role", role);
	if (name != NULL && *name != '\0')
		set_str(rec, "name", name);
	if (org != NULL && *org != '\0')
		set_str(rec, "org", org);
	cli_set(rec, "consent", json_boolean(consent));
	if (name != NULL && *name != '\0')
		namesake(j, s, name, &twice);
	cli_append(&cli, w, j, &rec, 1);
	if (twice.len > 0)
		cli_say(&cli, "%s", twice.buf);
	strbuf_release(&twice);
	return 0;
}

static const struct option people_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "anonymous", no_argument, NULL, OPT_ANONYMOUS },
	CLI_SHEET_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static int
cmd_people(int argc, char **argv)
{
	static const char *const cols[] = { "id", "role", "name", "org",
		"consent" };
	const char *sel = NULL, *cells[5];
	const struct wl_rec *s;
	struct wl_journal *j;
	struct wl_out *o;
	int ch, anonymous = 0;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		if (ch == 's')
			sel = optarg;
		else if (ch == OPT_ANONYMOUS)
			anonymous = 1;
	}
	cli_no_operands(&cli, argc, argv);
	o = cli_list_begin(&cli, sel, 0, (anonymous ? WL_OUT_ANONYMOUS : 0) |
	    cli_list_flags(&cli, 0) | WL_OUT_SHEET(WL_SHEET_PEOPLE), cols, 5,
	    &j, &s);
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);

		if (wl_rec_type(r) != WL_PARTICIPANT ||
		    wl_rec_session(r) != s || wl_rec_retracted(r))
			continue;
		cells[0] = wl_rec_id(r);
		cells[1] = wl_rec_str(r, "role");
		cells[2] = wl_rec_str(r, "name");
		cells[3] = wl_rec_str(r, "org");
		if (wl_rec_redacted(r))
			cells[2] = WL_REDACTED;
		if (anonymous)
			cells[2] = cells[3] = cells[1];
		cells[4] = wl_rec_bool(r, "consent", 0) ? "yes" : "no";
		cli_row(o, r, cells);
	}
	return cli_list_end(&cli, o, j);
}

/*
 * The participant who names: in the session of -s (or $WL_SESSION, or
 * the most recent one), by id prefix, name or org; without -s, an id
 * prefix of a participant of any session will do too.
 */
static const struct wl_rec *
find_person(const struct wl_journal *j, const char *sel, const char *who)
{
	const char *env = getenv("WL_SESSION");
	const struct wl_rec *s, *p;
	struct wl_error err, e2;

	if ((s = wl_journal_session(j, sel, &err)) == NULL)
		cli_fail(&cli, &err);
	p = wl_journal_participant(j, s, who, &err);
	if (p == NULL && err.code == WL_ENOTFOUND && sel == NULL &&
	    (env == NULL || *env == '\0'))
		p = wl_journal_find(j, who, WL_TYPE_BIT(WL_PARTICIPANT), NULL,
		    &e2);
	if (p == NULL)
		cli_fail(&cli, &err);
	return p;
}

/*
 * Lock and read the journal for an edit of the participant who names,
 * and find them as find_person does: in the part of the session named
 * (or the latest one's), which holds its participants; without a
 * session named, one of another session by id in that record's part.
 * A miss is said from the whole journal, as find_person says it (who
 * of another session answers).
 */
static const struct wl_rec *
open_person(struct target *t, const char *sel, const char *who)
{
	const char *env = getenv("WL_SESSION");
	const struct wl_rec *s, *p;
	struct wl_error err, e2;

	s = capture_open_session(&cli, t, sel);
	if ((p = wl_journal_participant(t->j, s, who, &err)) != NULL)
		return p;
	if (err.code != WL_ENOTFOUND)
		cli_fail(&cli, &err);
	wl_journal_free(t->j);
	if (sel == NULL && (env == NULL || *env == '\0')) {
		t->j = cli_load_record(&cli, t->path, NULL, who);
		if ((p = wl_journal_find(t->j, who,
		    WL_TYPE_BIT(WL_PARTICIPANT), NULL, &e2)) != NULL)
			return p;
		wl_journal_free(t->j);
	}
	t->j = cli_load_path(&cli, t->path);
	return find_person(t->j, sel, who);
}

/* Put a name or org into set: an empty value removes the field. */
static void
change_text(json_t *set, const struct wl_rec *p, const char *field,
    const char *value)
{
	if (*value != '\0')
		capture_change(set, p, field, json_string(value));
	else if (wl_rec_str(p, field) != NULL)
		cli_set(set, field, json_null());
}

static const struct option edit_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "name", required_argument, NULL, 'n' },
	{ "org", required_argument, NULL, OPT_ORG },
	{ "role", required_argument, NULL, 'r' },
	{ "consent", no_argument, NULL, OPT_CONSENT },
	{ "no-consent", no_argument, NULL, OPT_NO_CONSENT },
	{ "municipality", required_argument, NULL, 'm' },
	{ "date", required_argument, NULL, 'd' },
	{ "pilot", required_argument, NULL, 'p' },
	{ "series", required_argument, NULL, OPT_SERIES },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "location", required_argument, NULL, OPT_LOCATION },
	{ "facilitator", required_argument, NULL, OPT_FACILITATOR },
	{ NULL, 0, NULL, 0 }
};

/* What edit may change of a session, as given. */
struct session_edit {
	const char *municipality, *date, *series, *title, *location;
	long long pilot;
	json_t *facilitators;	/* NULL: not given */
	int any;
};

/*
 * edit without a participant: an amend of the session (-s, else
 * $WL_SESSION, else the latest), read as its part (capture_open_session)
 * as an add to it is.  Which fields an amend of a session
 * may set, and to what, is the rules' to say: cli_append asks them.
 */
static void
edit_session(const char *sel, struct session_edit *e)
{
	const struct wl_rec *s;
	struct target t;
	json_t *set;

	if (e->municipality != NULL && *e->municipality == '\0')
		cli_usage_error(&cli, "a session needs a municipality: -m "
		    "cannot be empty");
	if (e->date != NULL)
		cli_date(&cli, e->date);
	s = capture_open_session(&cli, &t, sel);
	set = cli_need(json_object());
	if (e->municipality != NULL)
		capture_change(set, s, "municipality",
		    json_string(e->municipality));
	if (e->date != NULL)
		capture_change(set, s, "date", json_string(e->date));
	if (e->pilot > 0)
		capture_change(set, s, "pilot", json_integer(e->pilot));
	if (e->series != NULL)
		change_text(set, s, "series", e->series);
	if (e->title != NULL)
		change_text(set, s, "title", e->title);
	if (e->location != NULL)
		change_text(set, s, "location", e->location);
	if (e->facilitators != NULL && json_array_size(e->facilitators) > 0)
		capture_change(set, s, "facilitators", e->facilitators);
	else if (e->facilitators != NULL) {
		/* --facilitator "" alone: no facilitators at all. */
		json_decref(e->facilitators);
		if (wl_rec_item(s, "facilitators", 0) != NULL)
			cli_set(set, "facilitators", json_null());
	}
	capture_amend(&cli, &t, s, set);
}

static int
cmd_edit(int argc, char **argv)
{
	const char *sel = NULL, *name = NULL, *org = NULL, *role = NULL;
	struct session_edit se = { 0 };
	const struct wl_rec *p;
	int consent = -1, ch;
	struct target t;
	json_t *set;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 's': sel = optarg; break;
		case 'n': name = optarg; break;
		case OPT_ORG: org = optarg; break;
		case 'r': role = optarg; break;
		case OPT_CONSENT:
		case OPT_NO_CONSENT:
			if (consent == (ch == OPT_NO_CONSENT))
				cli_usage_error(&cli, "give --consent or "
				    "--no-consent, not both");
			consent = ch == OPT_CONSENT;
			break;
		case 'm': se.municipality = optarg; se.any = 1; break;
		case 'd': se.date = optarg; se.any = 1; break;
		case 'p':
			se.pilot = cli_int(&cli, "-p", optarg, 1);
			se.any = 1;
			break;
		case OPT_SERIES: se.series = optarg; se.any = 1; break;
		case OPT_TITLE: se.title = optarg; se.any = 1; break;
		case OPT_LOCATION: se.location = optarg; se.any = 1; break;
		case OPT_FACILITATOR:
			if (se.facilitators == NULL)
				se.facilitators = cli_need(json_array());
			if (*optarg != '\0')
				cli_push(se.facilitators, json_string(optarg));
			se.any = 1;
			break;
		}
	}
	if (optind == argc) {
		if (name || org || role || consent >= 0)
			cli_usage_error(&cli, "-n, --org, -r and --consent edit "
			    "a participant: name them (edit PARTICIPANT)");
		if (!se.any)
			cli_usage_error(&cli, "edit needs something to change: "
			    "of the session -m, -d, -p, --series, --title, "
			    "--location or --facilitator; or a participant");
		edit_session(sel, &se);
		return 0;
	}
	if (optind != argc - 1)
		cli_usage_error(&cli, "edit takes one participant: an id, a "
		    "name or an org");
	if (se.any)
		cli_usage_error(&cli, "-m, -d, -p, --series, --title, "
		    "--location and --facilitator edit the session: give no "
		    "participant");
	if (name == NULL && org == NULL && role == NULL && consent < 0)
		cli_usage_error(&cli, "edit needs something to change: -n, "
		    "--org, -r, --consent or --no-consent");
	if (role != NULL)
		role = cli_enum(&cli, WL_PARTICIPANT, "role", role);
	p = open_person(&t, sel, argv[optind]);
	if (wl_rec_redacted(p) && (name != NULL || org != NULL))
		cli_die(&cli, "participant %s was redacted: its name and org "
		    "stay erased; nothing changed", wl_rec_id(p));
	set = cli_need(json_object());
	if (name != NULL)
		change_text(set, p, "name", name);
	if (org != NULL)
		change_text(set, p, "org", org);
	if (role != NULL)
		capture_change(set, p, "role", json_string(role));
	if (consent >= 0 && wl_rec_bool(p, "consent", 0) != consent)
		cli_set(set, "consent", json_boolean(consent));
	capture_amend(&cli, &t, p, set);
	return 0;
}

/* 1 if a and b are both NULL, or alike folded. */
static int
same_text(const char *a, const char *b)
{
	char *fa, *fb;
	int same;

	if (a == NULL || b == NULL)
		return a == b;
	fa = cli_need(wl_utf8_fold(a));
	fb = cli_need(wl_utf8_fold(b));
	same = strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return same;
}

/* 1 if participant p's name or org, folded, is folded. */
static int
named(const struct wl_rec *p, const char *folded)
{
	static const char *const fields[] = { "name", "org" };
	int hit = 0;

	for (size_t k = 0; k < 2 && !hit; k++) {
		const char *v = wl_rec_str(p, fields[k]);
		char *f;

		if (v == NULL)
			continue;
		f = cli_need(wl_utf8_fold(v));
		hit = strcmp(f, folded) == 0;
		free(f);
	}
	return hit;
}

/*
 * A withdrawn participant (or one of a withdrawn session) by id
 * prefix, else by a whole name or org (folded as name resolution
 * folds): for redact only, which still has their data to erase.  NULL
 * with err when not exactly one answers.
 */
static const struct wl_rec *
withdrawn_person(const struct wl_journal *j, const struct wl_rec *s,
    const char *who, struct wl_error *err)
{
	const struct wl_rec *p = wl_journal_find(j, who,
	    WL_TYPE_BIT(WL_PARTICIPANT) | WL_FIND_WITHDRAWN, NULL, err);
	struct strbuf sb = STRBUF_INIT;
	char *folded;
	size_t n = 0;
	int one = 1;	/* every one found is the same person */

	if (p != NULL || err->code == WL_EAMBIGUOUS)
		return p;
	folded = cli_need(wl_utf8_fold(who));
	/* Those of session s, when it has any: the session worked on
	 * (-s) narrows a name down as it does for every verb. */
	for (size_t i = 0; s != NULL && i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);

		if (wl_rec_type(r) == WL_PARTICIPANT &&
		    wl_rec_session(r) == s && named(r, folded))
			break;
		if (i + 1 == wl_journal_count(j))
			s = NULL;
	}
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		const char *name = wl_rec_str(r, "name");

		if (wl_rec_type(r) != WL_PARTICIPANT || !named(r, folded) ||
		    (s != NULL && wl_rec_session(r) != s))
			continue;
		if (p != NULL)
			one &= same_text(wl_rec_str(p, "name"),
			    wl_rec_str(r, "name")) && same_text(wl_rec_str(p,
			    "org"), wl_rec_str(r, "org"));
		else
			p = r;
		n++;
		strbuf_addf(&sb, "\n  %s  %s of session %s%s", wl_rec_id(r),
		    name ? name : "", wl_rec_session(r) ?
		    wl_rec_id(wl_rec_session(r)) : "?",
		    wl_rec_retracted(r) ? " (withdrawn)" : "");
	}
	free(folded);
	/* The same person in several sessions: redact erases them all
	 * (wl_redact_plan), from the first. */
	if (n > 1 && !one) {
		memset(err, 0, sizeof(*err));
		err->code = WL_EAMBIGUOUS;
		snprintf(err->msg, sizeof(err->msg), "'%s' names %zu "
		    "participants; give the id of one:%s", who, n, sb.buf);
		p = NULL;
	} else if (n == 0)
		err->code = WL_ENOTFOUND;
	strbuf_release(&sb);
	return p;
}

/*
 * The participant to redact: as every verb finds one, else among the
 * withdrawn too (a retracted participant, or anyone of a retracted
 * session, still has data to erase).
 */
static const struct wl_rec *
find_redactee(const struct wl_journal *j, const char *sel, const char *who)
{
	const char *env = getenv("WL_SESSION");
	const struct wl_rec *s, *p = NULL;
	struct wl_error err, e2;

	/* A retracted session is no session to work on, but -s may name
	 * it here: the withdrawn are looked for in it. */
	if ((s = wl_journal_session(j, sel, &err)) == NULL && sel != NULL)
		s = wl_journal_find(j, sel, WL_TYPE_BIT(WL_SESSION) |
		    WL_FIND_WITHDRAWN, NULL, &e2);
	else if (s != NULL) {
		p = wl_journal_participant(j, s, who, &err);
		if (p == NULL && err.code == WL_ENOTFOUND && sel == NULL &&
		    (env == NULL || *env == '\0'))
			p = wl_journal_find(j, who,
			    WL_TYPE_BIT(WL_PARTICIPANT), NULL, &e2);
	}
	if (p != NULL || err.code == WL_EAMBIGUOUS || err.code == WL_ENOMEM)
		goto out;
	if ((p = withdrawn_person(j, s, who, &e2)) == NULL &&
	    e2.code != WL_ENOTFOUND)
		err = e2;
out:
	if (p == NULL)
		cli_fail(&cli, &err);
	return p;
}

/* "initiator, Name, Org" of participant p, and where it is. */
static void
say_person(const char *lead, const struct wl_rec *p, const char *tail)
{
	const char *name = wl_rec_str(p, "name"), *org = wl_rec_str(p, "org");
	const struct wl_rec *s = wl_rec_session(p);

	cli_say(&cli, "%s participant %s (%s%s%s%s%s) of session %s%s%s",
	    lead, wl_rec_id(p), wl_rec_str(p, "role"),
	    name ? ", " : "", name ? name : "", org ? ", " : "",
	    org ? org : "", s ? wl_rec_id(s) : "?",
	    wl_rec_retracted(p) ? " (withdrawn)" : "", tail);
}

/* Say whom a redaction erases besides p: the same person elsewhere. */
static void
say_others(const struct wl_redact *rd)
{
	const struct wl_redact_info *in = wl_redact_info(rd);

	for (size_t i = 1; i < in->npeople; i++)
		say_person("the same person:", in->people[i], ", erased too");
}

/* Say what a redaction erases, and ask on the terminal; 1 for yes. */
static int
confirm(const struct wl_rec *p, const struct wl_redact *rd)
{
	const struct wl_redact_info *in = wl_redact_info(rd);
	char tail[512];

	snprintf(tail, sizeof(tail), ": %zu record%s (%zu participant, %zu "
	    "note%s, %zu endorsement%s, %zu amend%s) and %zu redaction "
	    "record%s added%s; this cannot be undone",
	    in->changes, in->changes == 1 ? " changes" : "s change",
	    in->participants, in->notes, in->notes == 1 ? "" : "s",
	    in->endorsements, in->endorsements == 1 ? "" : "s", in->amends,
	    in->amends == 1 ? "" : "s", in->npeople,
	    in->npeople == 1 ? " is" : "s are",
	    in->torn ? "; the torn last line is left out" : "");
	say_person("redact", p, tail);
	return capture_ask(&cli, "redact?");
}

static const struct option redact_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "by", required_argument, NULL, OPT_BY },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "mentions", no_argument, NULL, OPT_MENTIONS },
	{ NULL, 0, NULL, 0 }
};

/*
 * Say which other records still name the person in their text (at
 * most ten, then how many more), and whether they are masked too:
 * erasing a name that a quote of somebody else repeats erases little.
 */
static void
say_mentions(const struct wl_redact *rd, int masked)
{
	const struct wl_redact_info *in = wl_redact_info(rd);
	size_t i;

	if (in->nmentioning == 0)
		return;
	cli_say(&cli, "%zu other record%s name%s them in %s text%s:",
	    in->nmentioning, in->nmentioning == 1 ? "" : "s",
	    in->nmentioning == 1 ? "s" : "", in->nmentioning == 1 ? "its" :
	    "their", masked ? ", masked too (--mentions)" : "");
	for (i = 0; i < in->nmentioning && i < 10; i++)
		cli_say(&cli, "  %-11s %s", wl_type_name(wl_rec_type(
		    in->mentioning[i])), wl_rec_id(in->mentioning[i]));
	if (i < in->nmentioning)
		cli_say(&cli, "  and %zu more", in->nmentioning - i);
	if (!masked)
		cli_say(&cli, "they are left as they are; --mentions masks "
		    "them too");
}

static int
cmd_redact(int argc, char **argv)
{
	const char *sel = NULL, *reason = NULL, *by = NULL, *path;
	const struct wl_rec *p, *b = NULL;
	struct wl_redact *rd;
	struct wl_journal *j;
	struct wl_writer *w;
	struct wl_error err;
	int yes = 0, force = 0, mentions = 0, ch;
	char *line = NULL;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 's': sel = optarg; break;
		case OPT_REASON: reason = optarg; break;
		case OPT_BY: by = optarg; break;
		case OPT_YES: yes = 1; break;
		case OPT_FORCE: force = 1; break;
		case OPT_MENTIONS: mentions = 1; break;
		}
	}
	if (optind != argc - 1)
		cli_usage_error(&cli, "redact takes one participant: an id, a "
		    "name or an org");
	if (!yes && !isatty(STDIN_FILENO))
		cli_usage_error(&cli, "redact erases for good and asks first; "
		    "standard input is no terminal to ask on: give --yes");
	path = cli_journal_path(&cli);
	/* Fail at once rather than rewrite behind a waiting writer; and
	 * refuse a journal the rewrite cannot keep before asking. */
	w = cli_writer_open(&cli, path, WL_W_NOWAIT | WL_W_REWRITE |
	    (force ? WL_W_IN_PLACE : 0));
	j = cli_load_path(&cli, path);
	p = find_redactee(j, sel, argv[optind]);
	if (by != NULL)
		b = cli_participant(&cli, j, wl_rec_session(p), by, NULL);
	if ((rd = wl_redact_plan(path, j, p, reason, b ? wl_rec_id(b) : NULL,
	    mentions ? WL_REDACT_MENTIONS : 0, &err)) == NULL)
		cli_fail(&cli, &err);
	say_mentions(rd, mentions);
	if (wl_redact_info(rd)->already && wl_redact_info(rd)->changes == 0) {
		wl_redact_free(rd);
		cli_die(&cli, "participant %s was redacted before and nothing "
		    "of theirs is left to erase; nothing changed",
		    wl_rec_id(p));
	}
	say_others(rd);
	if (!yes && !confirm(p, rd)) {
		cli_say(&cli, "nothing changed");
		exit(EXIT_NO);
	}
	/* Past this point the journal is rewritten: a failure to print
	 * is said as such (cli_unshown), not as SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	if (wl_redact_commit(rd, w, &cli.diag, &err) < 0)
		cli_fail(&cli, &err);
	wl_writer_close(w);
	if (wl_redact_info(rd)->torn > 0)
		cli_say(&cli, "%s: warning: the torn last line (%zu bytes, "
		    "never a whole record) was left out", path,
		    wl_redact_info(rd)->torn);
	for (size_t i = 0; i < wl_redact_info(rd)->npeople; i++) {
		const json_t *rec = wl_redact_info(rd)->records[i];

		if (cli.format != WL_FMT_JSONL)
			puts(wl_field_str(rec, "id"));
		else if ((line = wl_line_encode(rec, NULL)) != NULL)
			fputs(line, stdout);
		else
			cli_unshown(&cli, ENOMEM);
		free(line);
		line = NULL;
	}
	wl_redact_free(rd);
	wl_journal_free(j);
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_unshown(&cli, errno != 0 ? errno : EIO);
	return 0;
}

/* A session goes with everything in it; a participant leaves what
 * they said and endorsed, no longer theirs (rm lists it). */
#define SESSION_OR_PARTICIPANT (WL_TYPE_BIT(WL_SESSION) | \
	WL_TYPE_BIT(WL_PARTICIPANT))

static int
cmd_rm(int argc, char **argv)
{
	return capture_rm(&cli, argc, argv, SESSION_OR_PARTICIPANT);
}

static int
cmd_restore(int argc, char **argv)
{
	return capture_restore(&cli, argc, argv, SESSION_OR_PARTICIPANT);
}

static const struct cli_verb verbs[] = {
	{ "new", cmd_new, "m:d:p:", new_opts },
	{ "list", cmd_list, "", list_opts },
	{ "show", cmd_show, "s:", show_opts },
	{ "join", cmd_join, "s:r:n:", join_opts },
	{ "people", cmd_people, "s:", people_opts },
	{ "edit", cmd_edit, "s:n:r:m:d:p:", edit_opts },
	{ "redact", cmd_redact, "s:", redact_opts },
	{ "rm", cmd_rm, "", capture_rm_opts },
	{ "restore", cmd_restore, "", capture_restore_opts },
};

int
main(int argc, char **argv)
{
	cli_init(&cli, "wl-session", usage, argc, argv);
	return cli_dispatch(&cli, argc, argv, verbs,
	    sizeof(verbs) / sizeof(*verbs), NULL);
}
