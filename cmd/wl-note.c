/* wl-note - notes: expectations, questions, do's, don'ts, quotes... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"

static const char usage[] =
"usage: wl-note add [-s ID] -k KIND [-b BLOCK] [--by P] [-t TAG]... [--]\n"
"                   [TEXT...]\n"
"       wl-note list [-s ID | --all | --municipality M] [-k KIND] [-b BLOCK]\n"
"                    [-t TAG] [--grep WORDS] [--anonymous] [--view]\n"
"                    [--sep C] [--labels nl|en]\n"
"       wl-note edit ID [--text T] [-k KIND] [-b BLOCK] [-t TAG]... [--by P]\n"
"       wl-note rm ID [--reason R] [--yes] [--dry-run]\n"
"       wl-note restore ID [--reason R] [--dry-run]\n"
"       wl-note import [-s ID] [FILE]\n"
"common options: [-f FILE]... [-o table|tsv|csv|xlsx|jsonl|json]\n"
"                [--max-errors N] [--wait S] [-h | --help] [--version]\n"
"kinds: expectation question observation do dont idea quote\n";

enum { OPT_BY = OPT_FIRST_VERB_OPT, OPT_ALL, OPT_GREP, OPT_TEXT,
	OPT_ANONYMOUS, OPT_MUNICIPALITY, OPT_VIEW };


static struct cli cli;

static const struct option add_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "kind", required_argument, NULL, 'k' },
	{ "block", required_argument, NULL, 'b' },
	{ "by", required_argument, NULL, OPT_BY },
	{ "tag", required_argument, NULL, 't' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_add(int argc, char **argv)
{
	const char *sel = NULL, *kind = NULL, *by = NULL, *tags[CAPTURE_MAX_TAGS];
	const struct wl_rec *s, *p = NULL;
	long long block = 0;
	size_t ntags = 0, ntexts;
	struct target t;
	char **texts;
	long *from;
	json_t *fields;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 's': sel = optarg; break;
		case 'k': kind = optarg; break;
		case 'b': block = cli_int(&cli, "-b", optarg, 1); break;
		case OPT_BY: by = optarg; break;
		case 't': capture_tag(&cli, tags, &ntags, optarg); break;
		}
	}
	if (kind == NULL)
		cli_usage_error(&cli, "add needs a kind (-k %s)",
		    wl_schema_enum_list(WL_NOTE, "kind"));
	kind = cli_enum(&cli, WL_NOTE, "kind", kind);
	texts = capture_texts(&cli, argc, argv, &ntexts, &from);
	s = capture_open_session(&cli, &t, sel);
	if (block == 0)
		block = wl_schema_default_block(WL_NOTE, kind);
	if (block != 0)
		capture_block(&cli, s, block);
	if (by != NULL)
		p = cli_participant(&cli, t.j, s, by, t.path);
	fields = cli_need(json_pack("{s:s,s:s}", "session", wl_rec_id(s),
	    "kind", kind));
	if (block != 0)
		cli_set(fields, "block", json_integer(block));
	if (p != NULL)
		cli_set(fields, "by", json_string(wl_rec_id(p)));
	if (ntags > 0)
		cli_set(fields, "tags", capture_tags(tags, ntags));
	capture_add(&cli, &t, WL_NOTE, fields, texts, from, ntexts);
	return 0;
}

/* 1 if every word of the folded query occurs in the folded text. */
static int
grep_match(const char *text, const char *query_folded)
{
	char *f = cli_need(wl_utf8_fold(text));
	char *q = cli_need(strdup(query_folded)), *w, *save;
	int all = 1;

	for (w = strtok_r(q, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save))
		if (strstr(f, w) == NULL) {
			all = 0;
			break;
		}
	free(f);
	free(q);
	return all;
}

static int
has_tag(const struct wl_rec *r, const char *tag)
{
	const char *v;

	for (size_t i = 0; (v = wl_rec_item(r, "tags", i)) != NULL; i++)
		if (wl_utf8_same(v, tag))
			return 1;
	return 0;
}

/* "a,b" of a string list field, into sb (emptied first). */
static const char *
joined(const struct wl_rec *r, const char *field, struct strbuf *sb)
{
	const char *v;

	strbuf_reset(sb);
	for (size_t i = 0; (v = wl_rec_item(r, field, i)) != NULL; i++) {
		if (i > 0)
			strbuf_addstr(sb, ",");
		strbuf_addstr(sb, v);
	}
	return sb->buf;
}

/* Who wrote a note, as the facilitator knows them: name, else role;
 * only the role when anonymous. */
static const char *
author(const struct wl_journal *j, const struct wl_rec *r, int anonymous)
{
	const struct wl_rec *p = wl_journal_get(j, wl_rec_str(r, "by") ?
	    wl_rec_str(r, "by") : "");

	return p != NULL ? cli_known_as(p, anonymous) : "";
}

static const struct option list_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "kind", required_argument, NULL, 'k' },
	{ "block", required_argument, NULL, 'b' },
	{ "tag", required_argument, NULL, 't' },
	{ "grep", required_argument, NULL, OPT_GREP },
	{ "anonymous", no_argument, NULL, OPT_ANONYMOUS },
	{ "municipality", required_argument, NULL, OPT_MUNICIPALITY },
	{ "view", no_argument, NULL, OPT_VIEW },
	CLI_SHEET_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static int
cmd_list(int argc, char **argv)
{
	/* Across sessions, whose each row is: appended, so that what
	 * reads today's columns by place still finds them there. */
	static const char *const cols[] = { "id", "kind", "block", "by",
		"tags", "text", CLI_SESSION_COLS };
	const char *sel = NULL, *kind = NULL, *tag = NULL, *cells[9];
	const char *muni = NULL;
	size_t nrows = 0;
	struct strbuf tagbuf = STRBUF_INIT;
	char *grep = NULL, blk[24];
	const struct wl_rec *s = NULL;
	long long block = 0;
	struct wl_journal *j;
	struct wl_error err;
	struct wl_out *o;
	int all = 0, anonymous = 0, view = 0, flags, ch, rc;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 's': sel = optarg; break;
		case OPT_ALL: all = 1; break;
		case OPT_ANONYMOUS: anonymous = 1; break;
		case OPT_MUNICIPALITY: muni = optarg; break;
		case OPT_VIEW: view = 1; break;
		case 'k': kind = optarg; break;
		case 'b': block = cli_int(&cli, "-b", optarg, 1); break;
		case 't': tag = optarg; break;
		case OPT_GREP:
			free(grep);
			grep = cli_need(wl_utf8_fold(optarg));
			break;
		}
	}
	cli_no_operands(&cli, argc, argv);
	if (all && sel != NULL)
		cli_usage_error(&cli, "give -s or --all, not both");
	if (muni != NULL && sel != NULL)
		cli_usage_error(&cli, "give -s or --municipality, not both");
	/* Every session of the municipality, as wl-advice list has it. */
	if (muni != NULL)
		all = 1;
	flags = cli_list_flags(&cli, view) | (anonymous ? WL_OUT_ANONYMOUS :
	    0) | WL_OUT_SHEET(WL_SHEET_NOTES);
	if (kind != NULL)
		kind = cli_enum(&cli, WL_NOTE, "kind", kind);
	if (all && tag == NULL && grep == NULL && !anonymous && !view &&
	    cli_format(&cli) == WL_FMT_JSONL && cli_single_path(&cli)) {
		struct wl_list_query q = { WL_NOTE, kind, block, muni };

		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
		rc = wl_list_fast(cli_single_path(&cli), stdout, &q, &err);
		/* For tests: which path ran, as the answer cannot say. */
		if (getenv("WL_FASTLIST_TRACE") != NULL && rc >= 0)
			fprintf(stderr, "wl-note: fast list: %s%s\n", rc > 0 ?
			    "ran" : "gave up: ", rc > 0 ? "" : err.msg);
		if (rc < 0)
			cli_fail(&cli, &err);
		if (rc > 0) {
			if (fflush(stdout) != 0 || ferror(stdout))
				cli_die(&cli, "cannot write to standard "
				    "output");
			return 0;
		}
	}
	cli.municipality = muni;
	o = cli_list_begin(&cli, sel, all, flags, cols, all ? 9 : 6, &j, &s);
	/* A block the session lacks would list nothing, silently: refused
	 * as add refuses it (with --all, any session's block will do). */
	if (s != NULL && block != 0 && wl_session_check_block(s, block,
	    &err) < 0)
		cli_usage_error(&cli, "%s", err.msg);
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);

		/* Of no session, or of one of the municipality. */
		if (muni != NULL && wl_rec_type(r) == WL_UNKNOWN &&
		    wl_rec_session(r) != NULL && !cli_in_municipality(r, muni))
			continue;
		if (cli_pass_unknown(&cli, o, r, s))
			continue;
		if (wl_rec_type(r) != WL_NOTE || wl_rec_retracted(r) ||
		    (s != NULL && wl_rec_session(r) != s) ||
		    !cli_in_municipality(r, muni) ||
		    (kind != NULL && strcmp(wl_rec_str(r, "kind"), kind)) ||
		    (block != 0 && wl_rec_int(r, "block", 0) != block) ||
		    (tag != NULL && !has_tag(r, tag)) ||
		    (grep != NULL && !grep_match(wl_rec_str(r, "text"), grep)))
			continue;
		nrows++;
		if (!wl_out_cells(o)) {		/* the record is all */
			cli_row(o, r, NULL);
			continue;
		}
		blk[0] = '\0';
		if (wl_rec_int(r, "block", 0) > 0)
			snprintf(blk, sizeof(blk), "%lld",
			    wl_rec_int(r, "block", 0));
		cells[0] = wl_rec_id(r);
		cells[1] = wl_rec_str(r, "kind");
		cells[2] = blk;
		cells[3] = author(j, r, anonymous);
		cells[4] = joined(r, "tags", &tagbuf);
		cells[5] = wl_rec_str(r, "text");
		cli_session_cells(r, &cells[6]);
		cli_row(o, r, cells);
	}
	/* An empty list says nothing, but a municipality that has no
	 * note to show is worth a word: a filter may have missed. */
	if (muni != NULL && nrows == 0)
		cli_say(&cli, "no notes of municipality '%s'%s", muni,
		    kind || block || tag || grep ? " match" : "");
	free(grep);
	strbuf_release(&tagbuf);
	return cli_list_end(&cli, o, j);
}

static const struct option edit_opts[] = {
	COMMON_LONGOPTS,
	{ "text", required_argument, NULL, OPT_TEXT },
	{ "kind", required_argument, NULL, 'k' },
	{ "block", required_argument, NULL, 'b' },
	{ "tag", required_argument, NULL, 't' },
	{ "by", required_argument, NULL, OPT_BY },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_edit(int argc, char **argv)
{
	const char *text = NULL, *kind = NULL, *by = NULL, *tags[CAPTURE_MAX_TAGS];
	const struct wl_rec *r, *p;
	size_t ntags = 0;
	long long block = 0;
	struct target t;
	json_t *set;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_TEXT: text = optarg; break;
		case 'k': kind = optarg; break;
		case 'b': block = cli_int(&cli, "-b", optarg, 1); break;
		case 't': capture_tag(&cli, tags, &ntags, optarg); break;
		case OPT_BY: by = optarg; break;
		}
	}
	if (optind != argc - 1)
		cli_usage_error(&cli, "edit takes one note id");
	if (kind != NULL)
		kind = cli_enum(&cli, WL_NOTE, "kind", kind);
	if (text != NULL && text[strspn(text, " \t\r\n")] == '\0')
		cli_usage_error(&cli, "the text is empty");
	capture_open_id(&cli, &t, argv[optind]);
	r = cli_find(&cli, t.j, argv[optind], WL_TYPE_BIT(WL_NOTE));
	set = cli_need(json_object());
	if (kind != NULL)
		capture_change(set, r, "kind", json_string(kind));
	if (text != NULL)
		capture_change(set, r, "text", json_string(text));
	if (block != 0) {
		capture_block(&cli, wl_rec_session(r), block);
		capture_change(set, r, "block", json_integer(block));
	}
	if (ntags > 0)
		capture_change(set, r, "tags", capture_tags(tags, ntags));
	if (by != NULL) {
		p = cli_participant(&cli, t.j, wl_rec_session(r), by, t.path);
		capture_change(set, r, "by", json_string(wl_rec_id(p)));
	}
	if (kind == NULL && text == NULL && block == 0 && ntags == 0 &&
	    by == NULL) {
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
	return capture_rm(&cli, argc, argv, WL_TYPE_BIT(WL_NOTE));
}

static int
cmd_restore(int argc, char **argv)
{
	return capture_restore(&cli, argc, argv, WL_TYPE_BIT(WL_NOTE));
}

static const struct option import_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_import(int argc, char **argv)
{
	const char *sel = NULL, *from;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1)
		if (ch == 's')
			sel = optarg;
	if (argc - optind > 1)
		cli_usage_error(&cli, "import reads one file (or standard "
		    "input)");
	from = optind < argc ? argv[optind] : "-";
	if (strcmp(from, "-") == 0 && isatty(STDIN_FILENO))
		cli_usage_error(&cli, "import reads JSON lines from FILE or "
		    "standard input");
	return capture_import(&cli, from, sel, WL_NOTE);
}

static const struct cli_verb verbs[] = {
	{ "add", cmd_add, "s:k:b:t:", add_opts },
	{ "list", cmd_list, "s:k:b:t:", list_opts },
	{ "edit", cmd_edit, "k:b:t:", edit_opts },
	{ "rm", cmd_rm, "", capture_rm_opts },
	{ "restore", cmd_restore, "", capture_restore_opts },
	{ "import", cmd_import, "s:", import_opts },
};

int
main(int argc, char **argv)
{
	cli_init(&cli, "wl-note", usage, argc, argv);
	return cli_dispatch(&cli, argc, argv, verbs,
	    sizeof(verbs) / sizeof(*verbs), NULL);
}
