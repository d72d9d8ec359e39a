/* wl-advice - advice to the management team, endorsements, agreements
 * and what became of them */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"

static const char usage[] =
"usage: wl-advice add [-s ID] -p PERSPECTIVE [-t TAG]... [--] [TEXT...]\n"
"       wl-advice endorse ADVICE --by P... [--stance STANCE] [--reason R]\n"
"       wl-advice agree [-s ID] [--owner P | --owner-text T] [--due DATE]\n"
"                       [--advice ID] [--] TEXT...\n"
"       wl-advice status ID STATUS [--date DATE] [--note N]\n"
"       wl-advice list [-s ID | --all | --municipality M] [-p P]\n"
"                      [--status S] [--open]\n"
"                      [--agreements] [--anonymous] [--view] [--sep C]\n"
"                      [--labels nl|en]\n"
"       wl-advice show ID\n"
"       wl-advice edit ID [--text T [--minor]] [-p P] [-t TAG]...\n"
"                      [--owner P | --owner-text T] [--due DATE]\n"
"       wl-advice rm ID [--reason R] [--yes] [--dry-run]\n"
"       wl-advice restore ID [--reason R] [--dry-run]\n"
"common options: [-f FILE]... [-o table|tsv|csv|xlsx|jsonl|json]\n"
"                [--max-errors N] [--wait S] [-h | --help] [--version]\n"
"perspectives: self initiators organisation colleagues\n"
"stances: endorse reservations object\n"
"status of advice: presented adopted rejected implemented\n"
"status of agreements: done dropped\n";

enum { OPT_BY = OPT_FIRST_VERB_OPT, OPT_STANCE, OPT_REASON, OPT_OWNER,
	OPT_DUE, OPT_ADVICE, OPT_NOTE, OPT_ALL, OPT_STATUS, OPT_OPEN,
	OPT_AGREEMENTS, OPT_TEXT, OPT_ANONYMOUS, OPT_MINOR, OPT_OWNER_TEXT,
	OPT_DATE, OPT_MUNICIPALITY, OPT_VIEW };

#define ADVICE_OR_AGREEMENT (WL_TYPE_BIT(WL_ADVICE) | \
	WL_TYPE_BIT(WL_AGREEMENT))

static struct cli cli;

static const struct option add_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "perspective", required_argument, NULL, 'p' },
	{ "tag", required_argument, NULL, 't' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_add(int argc, char **argv)
{
	const char *sel = NULL, *persp = NULL, *tags[CAPTURE_MAX_TAGS];
	size_t ntags = 0, ntexts;
	const struct wl_rec *s;
	struct target t;
	char **texts;
	long *from;
	json_t *fields;
	int ch, block;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 's': sel = optarg; break;
		case 'p': persp = optarg; break;
		case 't': capture_tag(&cli, tags, &ntags, optarg); break;
		}
	}
	if (persp == NULL)
		cli_usage_error(&cli, "add needs a perspective (-p %s)",
		    wl_schema_enum_list(WL_ADVICE, "perspective"));
	persp = cli_enum(&cli, WL_ADVICE, "perspective", persp);
	texts = capture_texts(&cli, argc, argv, &ntexts, &from);
	s = capture_open_session(&cli, &t, sel);
	block = wl_schema_default_block(WL_ADVICE, NULL);
	capture_block(&cli, s, block);
	fields = cli_need(json_pack("{s:s,s:s,s:i}", "session", wl_rec_id(s),
	    "perspective", persp, "block", block));
	if (ntags > 0)
		cli_set(fields, "tags", capture_tags(tags, ntags));
	capture_add(&cli, &t, WL_ADVICE, fields, texts, from, ntexts);
	return 0;
}

static const struct option endorse_opts[] = {
	COMMON_LONGOPTS,
	{ "by", required_argument, NULL, OPT_BY },
	{ "stance", required_argument, NULL, OPT_STANCE },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 }
};

/* The most people one endorse names: a room of a werklab. */
#define MAX_BY 64

static int
cmd_endorse(int argc, char **argv)
{
	const char *by[MAX_BY], *stance = "endorse", *reason = NULL;
	const struct wl_rec *a, *p[MAX_BY];
	json_t *recs[MAX_BY];
	struct target t;
	size_t nby = 0, i, k;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_BY:
			if (nby == MAX_BY)
				cli_usage_error(&cli, "at most %d --by",
				    MAX_BY);
			by[nby++] = optarg;
			break;
		case OPT_STANCE: stance = optarg; break;
		case OPT_REASON: reason = optarg; break;
		}
	}
	if (optind != argc - 1)
		cli_usage_error(&cli, "endorse takes one advice id");
	if (nby == 0)
		cli_usage_error(&cli, "endorse needs --by: who endorses");
	stance = cli_enum(&cli, WL_ENDORSEMENT, "stance", stance);
	capture_open_id(&cli, &t, argv[optind]);
	a = cli_find(&cli, t.j, argv[optind], WL_TYPE_BIT(WL_ADVICE));
	/* Everyone first: one name that is nobody, or somebody twice,
	 * and no one's endorsement is written. */
	for (i = 0; i < nby; i++) {
		p[i] = cli_participant(&cli, t.j, wl_rec_session(a), by[i],
		    t.path);
		for (k = 0; k < i && p[k] != p[i]; k++)
			;
		if (k < i)
			cli_die(&cli, "--by '%s' and --by '%s' are the same "
			    "person (%s); give each person once", by[k],
			    by[i], wl_rec_id(p[i]));
	}
	for (i = 0; i < nby; i++) {
		recs[i] = capture_record(&cli, WL_ENDORSEMENT);
		cli_set(recs[i], "ref", json_string(wl_rec_id(a)));
		cli_set(recs[i], "by", json_string(wl_rec_id(p[i])));
		cli_set(recs[i], "stance", json_string(stance));
		if (reason != NULL && reason[strspn(reason, " \t")] != '\0')
			cli_set(recs[i], "reason", json_string(reason));
	}
	/* One append: all of them, or none. */
	cli_append(&cli, t.w, t.j, recs, nby);
	return 0;
}

/* --owner and --owner-text: one of them, each of some words. */
static void
owner_check(const char *owner, const char *otext)
{
	if (owner != NULL && otext != NULL)
		cli_usage_error(&cli, "give --owner or --owner-text, not both");
	if (otext != NULL && otext[strspn(otext, " \t\r\n")] == '\0')
		cli_usage_error(&cli, "--owner-text is empty");
}

/*
 * The "owner" of an agreement of session s: the id of the participant
 * --owner names (resolved as --by is, else exit 2 with the nearest
 * names), or the words of --owner-text as they are.  An owner never
 * becomes free text by a slip: text is what the user marked as text.
 * A text that is a record's id would read as that record: refused.
 */
static json_t *
owner_value(const struct wl_journal *j, const struct wl_rec *s,
    const char *owner, const char *otext, const char *path)
{
	const struct wl_rec *p;

	if (otext != NULL) {
		if (wl_journal_get(j, otext) != NULL)
			cli_die(&cli, "--owner-text '%s' is the id of a "
			    "record; give a participant with --owner", otext);
		return cli_need(json_string(otext));
	}
	p = cli_participant(&cli, j, s, owner, path);
	return cli_need(json_string(wl_rec_id(p)));
}

static const struct option agree_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "owner-text", required_argument, NULL, OPT_OWNER_TEXT },
	{ "due", required_argument, NULL, OPT_DUE },
	{ "advice", required_argument, NULL, OPT_ADVICE },
	{ NULL, 0, NULL, 0 }
};

/*
 * Lock and read the journal for agree: the part of the session named
 * (-s, $WL_SESSION) that holds the advice --advice names, or without
 * --advice the session's part (as add reads it); the whole journal for
 * --owner-text (no record anywhere may have its id).  --advice without
 * a session named is of the latest session: the tail says which, and
 * then it is read as if -s named it (the only session of that part,
 * so still the latest one).
 */
static void
agree_open(struct target *t, const char *sel, const char *otext,
    const char *adv)
{
	const char *env = getenv("WL_SESSION");
	char latest[WL_ID_LEN + 1];

	if (sel == NULL && env != NULL && *env != '\0')
		sel = env;
	if (otext != NULL) {
		capture_open(&cli, t);
		return;
	}
	if (adv == NULL) {
		capture_open_session(&cli, t, sel);
		return;
	}
	if (sel == NULL) {
		snprintf(latest, sizeof(latest), "%s", wl_rec_id(
		    capture_open_session(&cli, t, NULL)));
		wl_journal_free(t->j);
		sel = latest;
	} else {
		t->path = cli_journal_path(&cli);
		t->w = cli_writer_open(&cli, t->path, 0);
	}
	t->j = cli_load_record(&cli, t->path, sel, adv);
}

static int
cmd_agree(int argc, char **argv)
{
	const char *sel = NULL, *owner = NULL, *otext = NULL, *due = NULL;
	const char *adv = NULL;
	const struct wl_rec *s, *a;
	struct wl_error err;
	struct target t;
	json_t *rec;
	char *text;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 's': sel = optarg; break;
		case OPT_OWNER: owner = optarg; break;
		case OPT_OWNER_TEXT: otext = optarg; break;
		case OPT_DUE: due = optarg; break;
		case OPT_ADVICE: adv = optarg; break;
		}
	}
	owner_check(owner, otext);
	if (optind == argc)
		cli_usage_error(&cli, "agree needs the text of the agreement");
	if (due != NULL)
		cli_date(&cli, due);
	text = cli_join(argc - optind, argv + optind);
	if (text[strspn(text, " \t\r\n")] == '\0')
		cli_usage_error(&cli, "the text is empty");
	agree_open(&t, sel, otext, adv);
	if ((s = wl_journal_session(t.j, sel, &err)) == NULL)
		cli_fail(&cli, &err);
	rec = capture_record(&cli, WL_AGREEMENT);
	cli_set(rec, "session", json_string(wl_rec_id(s)));
	cli_set(rec, "text", json_string(text));
	free(text);
	if (owner != NULL || otext != NULL)
		cli_set(rec, "owner", owner_value(t.j, s, owner, otext,
		    t.path));
	if (due != NULL)
		cli_set(rec, "due", json_string(due));
	if (adv != NULL) {
		a = wl_journal_find(t.j, adv, WL_TYPE_BIT(WL_ADVICE),
		    "agree --advice", &err);
		if (a == NULL)
			cli_fail(&cli, &err);
		if (wl_rec_session(a) != s)
			cli_die(&cli, "advice %s belongs to another session",
			    wl_rec_id(a));
		cli_set(rec, "ref", json_string(wl_rec_id(a)));
	}
	cli_append(&cli, t.w, t.j, &rec, 1);
	return 0;
}

static const struct option status_opts[] = {
	COMMON_LONGOPTS,
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "date", required_argument, NULL, OPT_DATE },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_status(int argc, char **argv)
{
	const char *note = NULL, *date = NULL, *status, *const *fits, *at;
	const struct wl_rec *r;
	struct strbuf list = STRBUF_INIT;
	struct target t;
	json_t *rec;
	int ch, ok = 0;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_NOTE: note = optarg; break;
		case OPT_DATE: date = optarg; break;
		}
	}
	if (argc - optind != 2)
		cli_usage_error(&cli, "status takes an id and a status");
	if (date != NULL)
		cli_date(&cli, date);
	status = argv[optind + 1];
	status = cli_enum(&cli, WL_STATUS, "status", status);
	capture_open_id(&cli, &t, argv[optind]);
	r = cli_find(&cli, t.j, argv[optind], ADVICE_OR_AGREEMENT);
	fits = wl_schema_status_values(wl_rec_type(r));
	for (const char *const *v = fits; *v; v++)
		ok |= strcmp(*v, status) == 0;
	if (!ok) {
		for (const char *const *v = fits; *v; v++)
			strbuf_addf(&list, "%s%s", v == fits ? "" : ", ", *v);
		strbuf_addstr(&list, ")");
		cli_hint(&cli, status, fits, &list);
		cli_die(&cli, "'%s' is not a status of %s (one of: %s",
		    status, wl_rec_type(r) == WL_ADVICE ? "advice" :
		    "an agreement", list.buf);
	}
	rec = capture_record(&cli, WL_STATUS);
	cli_set(rec, "ref", json_string(wl_rec_id(r)));
	cli_set(rec, "status", json_string(status));
	if (note != NULL && note[strspn(note, " \t")] != '\0')
		cli_set(rec, "note", json_string(note));
	/* A status is decided on a day that has come: the day the record
	 * is written (its "at", $WL_NOW's in tests) at the latest. */
	at = wl_field_str(rec, "at");
	if (date != NULL && at != NULL && strncmp(date, at, 10) > 0)
		cli_die(&cli, "--date %s is in the future (today is %.10s)",
		    date, at);
	if (date != NULL)
		cli_set(rec, "date", json_string(date));
	cli_append(&cli, t.w, t.j, &rec, 1);
	return 0;
}

/* The date and note of r's status that counts, for the list's cells:
 * the date given, else the day it was recorded; NULL without one. */
static void
status_cells(const struct wl_rec *r, char day[11], const char **date,
    const char **note)
{
	const struct wl_rec *st = wl_rec_status_rec(r);
	const char *at;

	*date = *note = NULL;
	if (st == NULL)
		return;
	*note = wl_rec_str(st, "note");
	if ((*date = wl_rec_str(st, "date")) == NULL &&
	    (at = wl_rec_str(st, "at")) != NULL) {
		snprintf(day, 11, "%.10s", at);
		*date = day;
	}
}

static const struct option list_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "perspective", required_argument, NULL, 'p' },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "open", no_argument, NULL, OPT_OPEN },
	{ "agreements", no_argument, NULL, OPT_AGREEMENTS },
	{ "anonymous", no_argument, NULL, OPT_ANONYMOUS },
	{ "municipality", required_argument, NULL, OPT_MUNICIPALITY },
	{ "view", no_argument, NULL, OPT_VIEW },
	CLI_SHEET_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static int
cmd_list(int argc, char **argv)
{
	/* Support, reservations and objections apart: one count of all
	 * would call an objection support.  Stale ones (given before
	 * the text was last reworded) are among them, and counted too. */
	/* Across sessions (--all), whose each row is: appended, so that
	 * what reads today's columns by place still finds them there. */
	static const char *const advice_cols[] = { "id", "perspective",
		"status", "support", "reservations", "objections", "stale",
		"text", "status-date", "status-note", CLI_SESSION_COLS };
	static const char *const agreement_cols[] = { "id", "status",
		"owner", "due", "text", "status-date", "status-note",
		CLI_SESSION_COLS };
	const char *sel = NULL, *persp = NULL, *status = NULL, *cells[13];
	const char *muni = NULL, *word;
	int all = 0, open = 0, agreements = 0, anonymous = 0, ch, stale;
	int view = 0, flags;
	size_t ncols, nrows = 0;
	const struct wl_rec *s = NULL;
	struct wl_journal *j;
	struct wl_out *o;
	char count[4][16], day[11];
	enum wl_type want;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 's': sel = optarg; break;
		case OPT_ALL: all = 1; break;
		case 'p': persp = optarg; break;
		case OPT_STATUS: status = optarg; break;
		case OPT_OPEN: open = 1; break;
		case OPT_AGREEMENTS: agreements = 1; break;
		case OPT_ANONYMOUS: anonymous = 1; break;
		case OPT_MUNICIPALITY: muni = optarg; break;
		case OPT_VIEW: view = 1; break;
		}
	}
	cli_no_operands(&cli, argc, argv);
	if (all && sel != NULL)
		cli_usage_error(&cli, "give -s or --all, not both");
	if (muni != NULL && sel != NULL)
		cli_usage_error(&cli, "give -s or --municipality, not both");
	/* Every session of the municipality: what the report's follow-up
	 * of older werklabs points to. */
	if (muni != NULL)
		all = 1;
	if (persp != NULL && agreements)
		cli_usage_error(&cli, "agreements have no perspective");
	if (persp != NULL)
		persp = cli_enum(&cli, WL_ADVICE, "perspective", persp);
	want = agreements ? WL_AGREEMENT : WL_ADVICE;
	/* "overgenomen" is adopted; what is no word stays for the words
	 * below, which name what fits. */
	if (status != NULL && (word = wl_enum_input(WL_STATUS, "status",
	    status, NULL)) != NULL)
		status = word;
	if (status != NULL) {
		const char *const *fits = wl_schema_status_values(want);
		struct strbuf hint = STRBUF_INIT;
		int ok = 0;

		for (const char *const *v = fits; *v; v++)
			ok |= strcmp(*v, status) == 0;
		cli_hint(&cli, status, fits, &hint);
		if (!ok)
			cli_usage_error(&cli, "'%s' is not a status of %s%s",
			    status, agreements ? "agreements" : "advice",
			    hint.buf);
		strbuf_release(&hint);
	}
	/* Owners as the table shows them: by name only with consent. */
	flags = cli_list_flags(&cli, view) | (anonymous ? WL_OUT_ANONYMOUS :
	    0) | WL_OUT_CONSENTED | WL_OUT_SHEET(agreements ?
	    WL_SHEET_AGREEMENTS : WL_SHEET_ADVICE);
	ncols = (agreements ? 7 : 10) + (all ? 3 : 0);
	cli.municipality = muni;
	o = cli_list_begin(&cli, sel, all, flags, agreements ?
	    agreement_cols : advice_cols, ncols, &j, &s);
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		const char *st;

		/* Of no session, or of one of the municipality. */
		if (muni != NULL && wl_rec_type(r) == WL_UNKNOWN &&
		    wl_rec_session(r) != NULL && !cli_in_municipality(r, muni))
			continue;
		if (cli_pass_unknown(&cli, o, r, s))
			continue;
		if (wl_rec_type(r) != want || wl_rec_retracted(r) ||
		    (s != NULL && wl_rec_session(r) != s) ||
		    !cli_in_municipality(r, muni) ||
		    (persp != NULL && strcmp(wl_rec_str(r, "perspective"),
		    persp) != 0) || (open &&
		    !wl_schema_is_open(wl_rec_type(r), wl_rec_status(r))))
			continue;
		st = wl_rec_status(r);
		if (status != NULL && (st == NULL || strcmp(st, status) != 0))
			continue;
		nrows++;
		if (!wl_out_cells(o)) {		/* the record is all */
			cli_row(o, r, NULL);
			continue;
		}
		cells[0] = wl_rec_id(r);
		if (agreements) {
			cells[1] = st;
			cells[2] = cli_owner(j, wl_rec_str(r, "owner"),
			    anonymous);
			cells[3] = wl_rec_str(r, "due");
		} else {
			cells[1] = wl_rec_str(r, "perspective");
			cells[2] = st;
			(void)wl_rec_endorsements(r, NULL, &stale);
			snprintf(count[0], sizeof(count[0]), "%d",
			    wl_rec_endorsements(r, "endorse", NULL));
			snprintf(count[1], sizeof(count[1]), "%d",
			    wl_rec_endorsements(r, "reservations", NULL));
			snprintf(count[2], sizeof(count[2]), "%d",
			    wl_rec_endorsements(r, "object", NULL));
			snprintf(count[3], sizeof(count[3]), "%d", stale);
			for (int k = 0; k < 4; k++)
				cells[3 + k] = count[k];
		}
		cells[agreements ? 4 : 7] = wl_rec_str(r, "text");
		status_cells(r, day, &cells[agreements ? 5 : 8],
		    &cells[agreements ? 6 : 9]);
		cli_session_cells(r, &cells[agreements ? 7 : 10]);
		cli_row(o, r, cells);
	}
	/* An empty list says nothing, but a municipality with nothing
	 * to show is worth a word: a filter may have missed. */
	if (muni != NULL && nrows == 0)
		cli_say(&cli, "no %s of municipality '%s'%s", agreements ?
		    "agreements" : "advice", muni, !(persp || status ||
		    open) ? "" : agreements ? " match" : " matches");
	return cli_list_end(&cli, o, j);
}

/* 1 if r hangs from top: its ref leads there (an endorsement, the
 * status of an agreement of the advice, an amend of any of them). */
static int
hangs_from(const struct wl_journal *j, const struct wl_rec *r,
    const struct wl_rec *top)
{
	for (int hops = 0; r != NULL && hops < 8; hops++) {
		const char *ref = wl_rec_str(r, "ref");

		if (ref == NULL || wl_rec_type(r) == WL_RETRACT)
			return 0;
		if (strcmp(ref, wl_rec_id(top)) == 0)
			return 1;
		r = wl_journal_get(j, ref);
	}
	return 0;
}

/* What a record of the history says, into sb. */
static void
history_cell(struct strbuf *sb, const struct wl_journal *j,
    const struct wl_rec *r)
{
	const struct wl_rec *p;
	json_t *rec, *v;
	const char *k;

	strbuf_reset(sb);
	switch (wl_rec_type(r)) {
	case WL_ADVICE:
		strbuf_addf(sb, "%s: %s", wl_rec_str(r, "perspective"),
		    wl_rec_str(r, "text"));
		break;
	case WL_AGREEMENT:
		strbuf_addf(sb, "%s%s%s", wl_rec_str(r, "text"),
		    wl_rec_str(r, "owner") ? ", by " : "",
		    wl_rec_str(r, "owner") ? cli_owner(j, wl_rec_str(r,
		    "owner"), 0) : "");
		break;
	case WL_ENDORSEMENT:
		p = wl_journal_get(j, wl_rec_str(r, "by"));
		strbuf_addf(sb, "%s by %s", wl_rec_str(r, "stance"),
		    p != NULL && wl_rec_type(p) == WL_PARTICIPANT ?
		    cli_known_as(p, 0) : wl_rec_str(r, "by"));
		if (wl_rec_str(r, "reason"))
			strbuf_addf(sb, ": %s", wl_rec_str(r, "reason"));
		break;
	case WL_STATUS:
		strbuf_addstr(sb, wl_rec_str(r, "status"));
		if (wl_rec_str(r, "note"))
			strbuf_addf(sb, ": %s", wl_rec_str(r, "note"));
		break;
	case WL_AMEND:
		rec = cli_need(wl_rec_json(r));
		strbuf_addstr(sb, "set");
		json_object_foreach(json_object_get(rec, "set"), k, v) {
			char *val = json_is_string(v) ?
			    cli_need(strdup(json_string_value(v))) :
			    cli_need(json_dumps(v, JSON_COMPACT |
			    JSON_ENCODE_ANY));

			strbuf_addf(sb, " %s=%s", k, val);
			free(val);
		}
		if (json_is_true(json_object_get(rec, "minor")))
			strbuf_addstr(sb, " (minor: the wording stays)");
		json_decref(rec);
		break;
	default:
		break;
	}
}

static const struct option show_opts[] = {
	COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/*
 * An advice or agreement with its history, in file order: what it
 * says now, then every amend, endorsement, status and agreement that
 * hangs from it, those removed among them (marked, with the id that
 * restore takes).
 */
static int
cmd_show(int argc, char **argv)
{
	static const char *const cols[] = { "id", "type", "at", "state",
		"what" };
	struct strbuf what = STRBUF_INIT, state = STRBUF_INIT;
	const char *cells[5];
	const struct wl_rec *top;
	struct wl_journal *j;
	struct wl_out *o;
	int stale, n;

	while (cli_getopt(&cli, argc, argv) != -1)
		;
	if (optind != argc - 1)
		cli_usage_error(&cli, "show takes one advice or agreement id");
	j = cli_load(&cli);
	top = cli_find(&cli, j, argv[optind], ADVICE_OR_AGREEMENT);
	o = cli_need(wl_out_new(stdout, cli_format(&cli), cols, 5, j, 0));
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);

		if (r != top && !hangs_from(j, r, top))
			continue;
		if (!wl_out_cells(o)) {
			if (!wl_rec_retracted(r))
				cli_row(o, r, NULL);
			continue;
		}
		strbuf_reset(&state);
		if (wl_rec_retracted(r))
			strbuf_addstr(&state, "removed");
		else if (r == top && wl_rec_type(r) == WL_ADVICE) {
			n = wl_rec_endorsements(r, NULL, &stale);
			strbuf_addf(&state, "%s, %d endorsement%s",
			    wl_rec_status(r) ? wl_rec_status(r) : "open", n,
			    n == 1 ? "" : "s");
			if (stale > 0)
				strbuf_addf(&state, " (%d stale)", stale);
		} else if (r == top || wl_rec_type(r) == WL_AGREEMENT)
			strbuf_addstr(&state, wl_rec_status(r) ?
			    wl_rec_status(r) : "open");
		history_cell(&what, j, r);
		cells[0] = wl_rec_id(r);
		cells[1] = wl_type_name(wl_rec_type(r));
		cells[2] = wl_rec_str(r, "at");
		cells[3] = state.buf;
		cells[4] = what.buf;
		cli_row(o, r, cells);
	}
	strbuf_release(&what);
	strbuf_release(&state);
	return cli_list_end(&cli, o, j);
}

static const struct option edit_opts[] = {
	COMMON_LONGOPTS,
	{ "text", required_argument, NULL, OPT_TEXT },
	{ "perspective", required_argument, NULL, 'p' },
	{ "tag", required_argument, NULL, 't' },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "owner-text", required_argument, NULL, OPT_OWNER_TEXT },
	{ "due", required_argument, NULL, OPT_DUE },
	{ "minor", no_argument, NULL, OPT_MINOR },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_edit(int argc, char **argv)
{
	const char *text = NULL, *persp = NULL, *tags[CAPTURE_MAX_TAGS];
	const char *owner = NULL, *otext = NULL, *due = NULL;
	const struct wl_rec *r;
	size_t ntags = 0;
	struct target t;
	json_t *set;
	int ch, minor = 0, live = 0, stale = 0;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_TEXT: text = optarg; break;
		case 'p': persp = optarg; break;
		case 't': capture_tag(&cli, tags, &ntags, optarg); break;
		case OPT_OWNER: owner = optarg; break;
		case OPT_OWNER_TEXT: otext = optarg; break;
		case OPT_DUE: due = optarg; break;
		case OPT_MINOR: minor = 1; break;
		}
	}
	owner_check(owner, otext);
	if (otext != NULL)
		owner = otext;
	if (optind != argc - 1)
		cli_usage_error(&cli, "edit takes one advice or agreement id");
	if (minor && (persp || ntags || owner || due))
		cli_usage_error(&cli, "--minor fixes a typo in the text, and "
		    "changes nothing else: give no -p, -t, --owner, "
		    "--owner-text or --due");
	if (persp != NULL)
		persp = cli_enum(&cli, WL_ADVICE, "perspective", persp);
	if (text != NULL && text[strspn(text, " \t\r\n")] == '\0')
		cli_usage_error(&cli, "the text is empty");
	if (due != NULL)
		cli_date(&cli, due);
	/* --owner-text may not be the id of any record in the journal:
	 * that is asked of the whole of it. */
	if (otext != NULL)
		capture_open(&cli, &t);
	else
		capture_open_id(&cli, &t, argv[optind]);
	r = cli_find(&cli, t.j, argv[optind], ADVICE_OR_AGREEMENT);
	if (wl_rec_type(r) == WL_ADVICE && (owner || due))
		cli_usage_error(&cli, "--owner and --due are for agreements");
	if (wl_rec_type(r) == WL_AGREEMENT && (persp || ntags))
		cli_usage_error(&cli, "-p and -t are for advice");
	set = cli_need(json_object());
	if (persp != NULL)
		capture_change(set, r, "perspective", json_string(persp));
	if (text != NULL)
		capture_change(set, r, "text", json_string(text));
	if (ntags > 0)
		capture_change(set, r, "tags", capture_tags(tags, ntags));
	if (owner != NULL)
		capture_change(set, r, "owner", owner_value(t.j,
		    wl_rec_session(r), otext ? NULL : owner, otext, t.path));
	if (due != NULL)
		capture_change(set, r, "due", json_string(due));
	if (!text && !persp && !ntags && !owner && !due) {
		char *nt = capture_new_text(&cli, wl_rec_str(r, "text"));

		capture_change(set, r, "text", json_string(nt));
		free(nt);
	}
	/* Who endorsed the advice endorsed its words: say what a new
	 * wording leaves behind, unless it is only a typo fixed. */
	if (json_object_get(set, "text") != NULL && !minor &&
	    wl_rec_type(r) == WL_ADVICE)
		live = wl_rec_endorsements(r, NULL, &stale);
	if (minor && json_object_get(set, "text") != NULL)
		capture_amend_minor(&cli, &t, r, set);
	else
		capture_amend(&cli, &t, r, set);
	if (live > stale && stale == 0)
		cli_say(&cli, "%s %d endorsement%s now refer%s to an earlier "
		    "wording (stale); for a typo fixed, edit with --minor "
		    "keeps endorsements current", live == 1 ? "its" : "all",
		    live, live == 1 ? "" : "s", live == 1 ? "s" : "");
	else if (live > stale)
		cli_say(&cli, "%d more of its %d endorsements now refer%s to "
		    "an earlier wording (stale); for a typo fixed, edit with "
		    "--minor keeps endorsements current", live - stale, live,
		    live - stale == 1 ? "s" : "");
	return 0;
}

static int
cmd_rm(int argc, char **argv)
{
	return capture_rm(&cli, argc, argv, ADVICE_OR_AGREEMENT |
	    WL_TYPE_BIT(WL_ENDORSEMENT) | WL_TYPE_BIT(WL_STATUS));
}

static int
cmd_restore(int argc, char **argv)
{
	return capture_restore(&cli, argc, argv, ADVICE_OR_AGREEMENT |
	    WL_TYPE_BIT(WL_ENDORSEMENT) | WL_TYPE_BIT(WL_STATUS));
}

static const struct cli_verb verbs[] = {
	{ "add", cmd_add, "s:p:t:", add_opts },
	{ "endorse", cmd_endorse, "", endorse_opts },
	{ "agree", cmd_agree, "s:", agree_opts },
	{ "status", cmd_status, "", status_opts },
	{ "list", cmd_list, "s:p:", list_opts },
	{ "show", cmd_show, "", show_opts },
	{ "edit", cmd_edit, "p:t:", edit_opts },
	{ "rm", cmd_rm, "", capture_rm_opts },
	{ "restore", cmd_restore, "", capture_restore_opts },
};

int
main(int argc, char **argv)
{
	cli_init(&cli, "wl-advice", usage, argc, argv);
	return cli_dispatch(&cli, argc, argv, verbs,
	    sizeof(verbs) / sizeof(*verbs), NULL);
}
