/* wl-advice - advice to the management team, endorsements, agreements
 * and what became of them */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"

static const char usage[] =
"usage: wl-advice add [-s ID] -p PERSPECTIVE [-t TAG]... [TEXT...]\n"
"       wl-advice endorse ADVICE --by P [--stance STANCE] [--reason R]\n"
"       wl-advice agree [-s ID] [--owner P] [--due DATE] [--advice ID] TEXT...\n"
"       wl-advice status ID STATUS [--note N]\n"
"       wl-advice list [-s ID | --all] [-p P] [--status S] [--open]\n"
"                      [--agreements] [--anonymous]\n"
"       wl-advice edit ID [--text T] [-p P] [-t TAG]... [--owner P]\n"
"                      [--due DATE]\n"
"       wl-advice rm ID [--reason R]\n"
"common options: [-f FILE]... [-o table|tsv|csv|jsonl|json]\n"
"                [--max-errors N] [--wait S] [-h | --help] [--version]\n"
"perspectives: self initiators organisation colleagues\n"
"stances: endorse reservations object\n"
"status of advice: presented adopted rejected implemented\n"
"status of agreements: done dropped\n";

enum { OPT_BY = OPT_FIRST_VERB_OPT, OPT_STANCE, OPT_REASON, OPT_OWNER,
	OPT_DUE, OPT_ADVICE, OPT_NOTE, OPT_ALL, OPT_STATUS, OPT_OPEN,
	OPT_AGREEMENTS, OPT_TEXT, OPT_ANONYMOUS };

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
	cli_enum(&cli, WL_ADVICE, "perspective", persp);
	texts = capture_texts(&cli, argc, argv, &ntexts);
	s = capture_open_session(&cli, &t, sel);
	block = wl_schema_default_block(WL_ADVICE, NULL);
	capture_block(&cli, s, block);
	fields = cli_need(json_pack("{s:s,s:s,s:i}", "session", wl_rec_id(s),
	    "perspective", persp, "block", block));
	if (ntags > 0)
		cli_set(fields, "tags", capture_tags(tags, ntags));
	capture_add(&cli, &t, WL_ADVICE, fields, texts, ntexts);
	return 0;
}

static const struct option endorse_opts[] = {
	COMMON_LONGOPTS,
	{ "by", required_argument, NULL, OPT_BY },
	{ "stance", required_argument, NULL, OPT_STANCE },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_endorse(int argc, char **argv)
{
	const char *by = NULL, *stance = "endorse", *reason = NULL;
	const struct wl_rec *a, *p;
	struct wl_error err;
	struct target t;
	json_t *rec;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_BY: by = optarg; break;
		case OPT_STANCE: stance = optarg; break;
		case OPT_REASON: reason = optarg; break;
		}
	}
	if (optind != argc - 1)
		cli_usage_error(&cli, "endorse takes one advice id");
	if (by == NULL)
		cli_usage_error(&cli, "endorse needs --by: who endorses");
	cli_enum(&cli, WL_ENDORSEMENT, "stance", stance);
	capture_open(&cli, &t);
	a = wl_journal_find(t.j, argv[optind], WL_TYPE_BIT(WL_ADVICE), &err);
	if (a == NULL)
		cli_fail(&cli, &err);
	if ((p = wl_journal_participant(t.j, wl_rec_session(a), by, &err)) ==
	    NULL)
		cli_fail(&cli, &err);
	rec = capture_record(&cli, WL_ENDORSEMENT);
	cli_set(rec, "ref", json_string(wl_rec_id(a)));
	cli_set(rec, "by", json_string(wl_rec_id(p)));
	cli_set(rec, "stance", json_string(stance));
	if (reason != NULL && reason[strspn(reason, " \t")] != '\0')
		cli_set(rec, "reason", json_string(reason));
	cli_append(&cli, t.w, t.j, &rec, 1);
	return 0;
}

static const struct option agree_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "due", required_argument, NULL, OPT_DUE },
	{ "advice", required_argument, NULL, OPT_ADVICE },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_agree(int argc, char **argv)
{
	const char *sel = NULL, *owner = NULL, *due = NULL, *adv = NULL;
	const struct wl_rec *s, *p, *a;
	struct wl_error err;
	struct target t;
	json_t *rec;
	char *text;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 's': sel = optarg; break;
		case OPT_OWNER: owner = optarg; break;
		case OPT_DUE: due = optarg; break;
		case OPT_ADVICE: adv = optarg; break;
		}
	}
	if (optind == argc)
		cli_usage_error(&cli, "agree needs the text of the agreement");
	if (due != NULL && !wl_date_valid(due))
		cli_usage_error(&cli, "'%s' is not a date like 2026-06-14",
		    due);
	text = cli_join(argc - optind, argv + optind);
	if (text[strspn(text, " \t\r\n")] == '\0')
		cli_usage_error(&cli, "the text is empty");
	capture_open(&cli, &t);
	if ((s = wl_journal_session(t.j, sel, &err)) == NULL)
		cli_fail(&cli, &err);
	rec = capture_record(&cli, WL_AGREEMENT);
	cli_set(rec, "session", json_string(wl_rec_id(s)));
	cli_set(rec, "text", json_string(text));
	free(text);
	if (owner != NULL) {
		/* A participant when one matches; else the words given. */
		p = wl_journal_participant(t.j, s, owner, &err);
		if (p == NULL && err.code != WL_ENOTFOUND)
			cli_fail(&cli, &err);
		cli_set(rec, "owner",
		    json_string(p ? wl_rec_id(p) : owner));
	}
	if (due != NULL)
		cli_set(rec, "due", json_string(due));
	if (adv != NULL) {
		a = wl_journal_find(t.j, adv, WL_TYPE_BIT(WL_ADVICE), &err);
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
	{ NULL, 0, NULL, 0 }
};

static int
cmd_status(int argc, char **argv)
{
	const char *note = NULL, *status, *const *fits;
	const struct wl_rec *r;
	struct wl_error err;
	struct strbuf list = STRBUF_INIT;
	struct target t;
	json_t *rec;
	int ch, ok = 0;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1)
		if (ch == OPT_NOTE)
			note = optarg;
	if (argc - optind != 2)
		cli_usage_error(&cli, "status takes an id and a status");
	status = argv[optind + 1];
	cli_enum(&cli, WL_STATUS, "status", status);
	capture_open(&cli, &t);
	r = wl_journal_find(t.j, argv[optind], ADVICE_OR_AGREEMENT, &err);
	if (r == NULL)
		cli_fail(&cli, &err);
	fits = wl_schema_status_values(wl_rec_type(r));
	for (const char *const *v = fits; *v; v++)
		ok |= strcmp(*v, status) == 0;
	if (!ok) {
		for (const char *const *v = fits; *v; v++)
			strbuf_addf(&list, "%s%s", v == fits ? "" : ", ", *v);
		cli_die(&cli, "'%s' is not a status of %s (one of: %s)",
		    status, wl_rec_type(r) == WL_ADVICE ? "advice" :
		    "an agreement", list.buf);
	}
	rec = capture_record(&cli, WL_STATUS);
	cli_set(rec, "ref", json_string(wl_rec_id(r)));
	cli_set(rec, "status", json_string(status));
	if (note != NULL && note[strspn(note, " \t")] != '\0')
		cli_set(rec, "note", json_string(note));
	cli_append(&cli, t.w, t.j, &rec, 1);
	return 0;
}

/* The owner of an agreement as people know them: name, role, or text;
 * a participant only by role when anonymous. */
static const char *
owner_of(const struct wl_journal *j, const struct wl_rec *r, int anonymous)
{
	const char *o = wl_rec_str(r, "owner");
	const struct wl_rec *p = o ? wl_journal_get(j, o) : NULL;

	if (p == NULL || wl_rec_type(p) != WL_PARTICIPANT)
		return o;
	return cli_known_as(p, anonymous);
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
	{ NULL, 0, NULL, 0 }
};

static int
cmd_list(int argc, char **argv)
{
	static const char *const advice_cols[] = { "id", "perspective",
		"status", "endorsements", "text" };
	static const char *const agreement_cols[] = { "id", "status",
		"owner", "due", "text" };
	const char *sel = NULL, *persp = NULL, *status = NULL, *cells[5];
	int all = 0, open = 0, agreements = 0, anonymous = 0, ch, stale;
	int n;
	const struct wl_rec *s = NULL;
	struct wl_journal *j;
	struct wl_out *o;
	char count[48];
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
		}
	}
	cli_no_operands(&cli, argc, argv);
	if (all && sel != NULL)
		cli_usage_error(&cli, "give -s or --all, not both");
	if (persp != NULL && agreements)
		cli_usage_error(&cli, "agreements have no perspective");
	if (persp != NULL)
		cli_enum(&cli, WL_ADVICE, "perspective", persp);
	want = agreements ? WL_AGREEMENT : WL_ADVICE;
	if (status != NULL) {
		int fits = 0;

		for (const char *const *v = wl_schema_status_values(want); *v;
		    v++)
			fits |= strcmp(*v, status) == 0;
		if (!fits)
			cli_usage_error(&cli, "'%s' is not a status of %s",
			    status, agreements ? "agreements" : "advice");
	}
	o = cli_list_begin(&cli, sel, all, anonymous, agreements ?
	    agreement_cols : advice_cols, 5, &j, &s);
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		const char *st;

		if (cli_pass_unknown(&cli, o, r, s))
			continue;
		if (wl_rec_type(r) != want || wl_rec_retracted(r) ||
		    (s != NULL && wl_rec_session(r) != s) ||
		    (persp != NULL && strcmp(wl_rec_str(r, "perspective"),
		    persp) != 0) || (open &&
		    !wl_schema_is_open(wl_rec_type(r), wl_rec_status(r))))
			continue;
		st = wl_rec_status(r);
		if (status != NULL && (st == NULL || strcmp(st, status) != 0))
			continue;
		if (!wl_out_cells(o)) {		/* the record is all */
			cli_row(o, r, NULL);
			continue;
		}
		cells[0] = wl_rec_id(r);
		if (agreements) {
			cells[1] = st;
			cells[2] = owner_of(j, r, anonymous);
			cells[3] = wl_rec_str(r, "due");
		} else {
			cells[1] = wl_rec_str(r, "perspective");
			cells[2] = st;
			n = wl_rec_endorsements(r, &stale);
			if (stale > 0)
				snprintf(count, sizeof(count), "%d (%d stale)",
				    n, stale);
			else
				snprintf(count, sizeof(count), "%d", n);
			cells[3] = count;
		}
		cells[4] = wl_rec_str(r, "text");
		cli_row(o, r, cells);
	}
	return cli_list_end(&cli, o, j);
}

static const struct option edit_opts[] = {
	COMMON_LONGOPTS,
	{ "text", required_argument, NULL, OPT_TEXT },
	{ "perspective", required_argument, NULL, 'p' },
	{ "tag", required_argument, NULL, 't' },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "due", required_argument, NULL, OPT_DUE },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_edit(int argc, char **argv)
{
	const char *text = NULL, *persp = NULL, *tags[CAPTURE_MAX_TAGS];
	const char *owner = NULL, *due = NULL;
	const struct wl_rec *r, *p;
	struct wl_error err;
	size_t ntags = 0;
	struct target t;
	json_t *set;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_TEXT: text = optarg; break;
		case 'p': persp = optarg; break;
		case 't': capture_tag(&cli, tags, &ntags, optarg); break;
		case OPT_OWNER: owner = optarg; break;
		case OPT_DUE: due = optarg; break;
		}
	}
	if (optind != argc - 1)
		cli_usage_error(&cli, "edit takes one advice or agreement id");
	if (persp != NULL)
		cli_enum(&cli, WL_ADVICE, "perspective", persp);
	if (text != NULL && text[strspn(text, " \t\r\n")] == '\0')
		cli_usage_error(&cli, "the text is empty");
	if (due != NULL && !wl_date_valid(due))
		cli_usage_error(&cli, "'%s' is not a date like 2026-06-14",
		    due);
	capture_open(&cli, &t);
	r = wl_journal_find(t.j, argv[optind], ADVICE_OR_AGREEMENT, &err);
	if (r == NULL)
		cli_fail(&cli, &err);
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
	if (owner != NULL) {
		p = wl_journal_participant(t.j, wl_rec_session(r), owner, &err);
		if (p == NULL && err.code != WL_ENOTFOUND)
			cli_fail(&cli, &err);
		capture_change(set, r, "owner",
		    json_string(p ? wl_rec_id(p) : owner));
	}
	if (due != NULL)
		capture_change(set, r, "due", json_string(due));
	if (!text && !persp && !ntags && !owner && !due) {
		char *nt = capture_new_text(&cli, wl_rec_str(r, "text"));

		capture_change(set, r, "text", json_string(nt));
		free(nt);
	}
	capture_amend(&cli, &t, r, set);
	return 0;
}

static int
cmd_rm(int argc, char **argv)
{
	return capture_rm(&cli, argc, argv, ADVICE_OR_AGREEMENT |
	    WL_TYPE_BIT(WL_ENDORSEMENT) | WL_TYPE_BIT(WL_STATUS));
}

static const struct cli_verb verbs[] = {
	{ "add", cmd_add, "s:p:t:", add_opts },
	{ "endorse", cmd_endorse, "", endorse_opts },
	{ "agree", cmd_agree, "s:", agree_opts },
	{ "status", cmd_status, "", status_opts },
	{ "list", cmd_list, "s:p:", list_opts },
	{ "edit", cmd_edit, "p:t:", edit_opts },
	{ "rm", cmd_rm, "", capture_rm_opts },
};

int
main(int argc, char **argv)
{
	cli_init(&cli, "wl-advice", usage, argc, argv);
	return cli_dispatch(&cli, argc, argv, verbs,
	    sizeof(verbs) / sizeof(*verbs), NULL);
}
