/* wl-session - sessions and their participants */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static const char usage[] =
"usage: wl-session new -m MUNICIPALITY -d DATE [-p PILOT] [--series S]\n"
"                      [--title T] [--location L] [--facilitator F]...\n"
"       wl-session list [--municipality M]\n"
"       wl-session show [-s ID]\n"
"       wl-session join [-s ID] -r ROLE [-n NAME] [--org ORG] [--consent]\n"
"       wl-session people [-s ID]\n"
"common options: [-f FILE]... [-o table|tsv|csv|jsonl|json]\n"
"                [--max-errors N] [-h | --help] [--version]\n";

enum { OPT_SERIES = OPT_FIRST_VERB_OPT, OPT_TITLE, OPT_LOCATION,
	OPT_FACILITATOR, OPT_ORG, OPT_CONSENT, OPT_MUNICIPALITY };

static struct cli cli;

static json_t *
default_blocks(void)
{
	struct wl_error err;
	char *text = wl_data_read("templates/blocks", &err), *line, *save;
	json_t *blocks = json_array();
	int n = 0;

	if (text == NULL)
		cli_fail(&cli, &err);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		json_array_append_new(blocks, json_pack("{s:i,s:s}", "n", ++n,
		    "title", line));
	free(text);
	return blocks;
}

static void
set_str(json_t *rec, const char *field, const char *value)
{
	if (value != NULL)
		json_object_set_new(rec, field, json_string(value));
}

static int
cmd_new(int argc, char **argv)
{
	static const struct option opts[] = {
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
	const char *municipality = NULL, *date = NULL, *series = NULL;
	const char *title = NULL, *location = NULL;
	json_t *facilitators = json_array(), *rec;
	struct wl_writer *w;
	struct wl_error err;
	long long pilot = 0;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv, "m:d:p:", opts)) != -1) {
		switch (ch) {
		case 'm': municipality = optarg; break;
		case 'd': date = optarg; break;
		case 'p': pilot = cli_int(&cli, "-p", optarg, 1); break;
		case OPT_SERIES: series = optarg; break;
		case OPT_TITLE: title = optarg; break;
		case OPT_LOCATION: location = optarg; break;
		case OPT_FACILITATOR:
			json_array_append_new(facilitators,
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
	if (!wl_date_valid(date))
		cli_usage_error(&cli, "'%s' is not a date like 2026-06-14",
		    date);
	if ((rec = wl_record_new(WL_SESSION, &err)) == NULL)
		cli_fail(&cli, &err);
	set_str(rec, "municipality", municipality);
	set_str(rec, "date", date);
	if (pilot > 0)
		json_object_set_new(rec, "pilot", json_integer(pilot));
	set_str(rec, "series", series);
	set_str(rec, "title", title);
	set_str(rec, "location", location);
	if (json_array_size(facilitators) > 0)
		json_object_set(rec, "facilitators", facilitators);
	json_decref(facilitators);
	json_object_set_new(rec, "blocks", default_blocks());
	if ((w = wl_writer_open(cli_journal_path(&cli), WL_W_CREATE,
	    &err)) == NULL)
		cli_fail(&cli, &err);
	cli_append(&cli, w, &rec, 1);
	return 0;
}

/* 1 if the folded strings are equal. */
static int
matches(const char *value, const char *wanted)
{
	char *a = wl_utf8_fold(value ? value : "");
	char *b = wl_utf8_fold(wanted);
	int eq = a && b && strcmp(a, b) == 0;

	free(a);
	free(b);
	return eq;
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

static int
finish(struct wl_out *o, struct wl_journal *j)
{
	int rc = wl_out_end(o);

	wl_out_free(o);
	wl_journal_free(j);
	if (rc < 0)
		cli_die(&cli, "cannot write to standard output");
	return 0;
}

static int
cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "municipality", required_argument, NULL, OPT_MUNICIPALITY },
		{ NULL, 0, NULL, 0 }
	};
	const char *municipality = NULL, *cells[5];
	struct wl_journal *j;
	struct wl_out *o;
	char pilot[24];
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv, "", opts)) != -1) {
		if (ch == OPT_MUNICIPALITY)
			municipality = optarg;
	}
	cli_no_operands(&cli, argc, argv);
	j = cli_load(&cli);
	o = wl_out_new(stdout, cli_format(&cli), session_cols, 5, j);
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *s = wl_journal_at(j, i);

		/* Unknown types pass, unless their session is filtered
		 * out. */
		if (wl_rec_type(s) == WL_UNKNOWN) {
			const struct wl_rec *ss = wl_rec_session(s);

			if (ss == NULL || (!wl_rec_retracted(ss) &&
			    (municipality == NULL || matches(wl_rec_str(ss,
			    "municipality"), municipality))))
				cli_pass_unknown(&cli, o, s, NULL);
			continue;
		}
		if (wl_rec_type(s) != WL_SESSION || wl_rec_retracted(s))
			continue;
		if (municipality != NULL &&
		    !matches(wl_rec_str(s, "municipality"), municipality))
			continue;
		session_cells(s, cells, pilot);
		wl_out_row(o, s, cells);
	}
	return finish(o, j);
}

static const struct option session_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ NULL, 0, NULL, 0 }
};

/* Append "name n, ..." counts of the enum field over records of type t. */
static void
count_by(const struct wl_journal *j, const struct wl_rec *s, enum wl_type t,
    const char *field, char *buf, size_t size)
{
	const char *const *v = wl_schema_enum(t, field);
	size_t total = 0, o = 0;
	char parts[512] = "";

	for (; v != NULL && *v != NULL; v++) {
		size_t n = 0;

		for (size_t i = 0; i < wl_journal_count(j); i++) {
			const struct wl_rec *r = wl_journal_at(j, i);

			if (wl_rec_type(r) == t && wl_rec_session(r) == s &&
			    !wl_rec_retracted(r) &&
			    strcmp(wl_rec_str(r, field), *v) == 0)
				n++;
		}
		if (n > 0 && o < sizeof(parts))
			o += (size_t)snprintf(parts + o, sizeof(parts) - o,
			    "%s%s %zu", o ? ", " : "", *v, n);
		total += n;
	}
	snprintf(buf, size, total ? "%zu (%s)" : "%zu%s", total, parts);
}

static int
cmd_show(int argc, char **argv)
{
	static const char *const cols[] = { "field", "value" };
	const char *sel = NULL, *row[2];
	char buf[1024], pilot[24];
	struct wl_journal *j;
	const struct wl_rec *s;
	struct wl_error err;
	struct wl_out *o;
	json_t *v;
	size_t i;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv, "s:", session_opts)) != -1)
		if (ch == 's')
			sel = optarg;
	cli_no_operands(&cli, argc, argv);
	j = cli_load(&cli);
	if ((s = wl_journal_session(j, sel, &err)) == NULL)
		cli_fail(&cli, &err);
	o = wl_out_new(stdout, cli_format(&cli), cols, 2, j);
	if (cli_format(&cli) >= WL_FMT_JSONL) {
		wl_out_row(o, s, NULL);
		return finish(o, j);
	}
#define ROW(k, val) do { row[0] = (k); row[1] = (val); \
	wl_out_row(o, s, row); } while (0)
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
	buf[0] = '\0';
	json_array_foreach(json_object_get(wl_rec_json(s), "facilitators"),
	    i, v)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
		    i ? ", " : "", json_string_value(v));
	if (buf[0] != '\0')
		ROW("facilitators", buf);
	json_array_foreach(json_object_get(wl_rec_json(s), "blocks"), i, v) {
		char key[32];

		snprintf(key, sizeof(key), "block %lld",
		    (long long)json_integer_value(json_object_get(v, "n")));
		ROW(key, json_string_value(json_object_get(v, "title")));
	}
	count_by(j, s, WL_PARTICIPANT, "role", buf, sizeof(buf));
	ROW("participants", buf);
	count_by(j, s, WL_NOTE, "kind", buf, sizeof(buf));
	ROW("notes", buf);
	count_by(j, s, WL_ADVICE, "perspective", buf, sizeof(buf));
	ROW("advice", buf);
	{
		size_t n = 0;

		for (i = 0; i < wl_journal_count(j); i++) {
			const struct wl_rec *r = wl_journal_at(j, i);

			n += wl_rec_type(r) == WL_AGREEMENT &&
			    wl_rec_session(r) == s && !wl_rec_retracted(r);
		}
		snprintf(buf, sizeof(buf), "%zu", n);
		ROW("agreements", buf);
	}
#undef ROW
	return finish(o, j);
}

static int
cmd_join(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "session", required_argument, NULL, 's' },
		{ "role", required_argument, NULL, 'r' },
		{ "name", required_argument, NULL, 'n' },
		{ "org", required_argument, NULL, OPT_ORG },
		{ "consent", no_argument, NULL, OPT_CONSENT },
		{ NULL, 0, NULL, 0 }
	};
	const char *sel = NULL, *role = NULL, *name = NULL, *org = NULL;
	const char *path;
	const struct wl_rec *s;
	struct wl_journal *j;
	struct wl_writer *w;
	struct wl_error err;
	int consent = 0, ch;
	json_t *rec;

	while ((ch = cli_getopt(&cli, argc, argv, "s:r:n:", opts)) != -1) {
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
	cli_enum(&cli, WL_PARTICIPANT, "role", role);
	path = cli_journal_path(&cli);
	if ((w = wl_writer_open(path, 0, &err)) == NULL)
		cli_fail(&cli, &err);
	j = cli_load_path(&cli, path);
	if ((s = wl_journal_session(j, sel, &err)) == NULL)
		cli_fail(&cli, &err);
	if ((rec = wl_record_new(WL_PARTICIPANT, &err)) == NULL)
		cli_fail(&cli, &err);
	set_str(rec, "session", wl_rec_id(s));
	set_str(rec, "role", role);
	if (name != NULL && *name != '\0')
		set_str(rec, "name", name);
	if (org != NULL && *org != '\0')
		set_str(rec, "org", org);
	json_object_set_new(rec, "consent", json_boolean(consent));
	wl_journal_free(j);
	cli_append(&cli, w, &rec, 1);
	return 0;
}

static int
cmd_people(int argc, char **argv)
{
	static const char *const cols[] = { "id", "role", "name", "org",
		"consent" };
	const char *sel = NULL, *cells[5];
	const struct wl_rec *s;
	struct wl_journal *j;
	struct wl_error err;
	struct wl_out *o;
	int ch;

	while ((ch = cli_getopt(&cli, argc, argv, "s:", session_opts)) != -1)
		if (ch == 's')
			sel = optarg;
	cli_no_operands(&cli, argc, argv);
	j = cli_load(&cli);
	if ((s = wl_journal_session(j, sel, &err)) == NULL)
		cli_fail(&cli, &err);
	o = wl_out_new(stdout, cli_format(&cli), cols, 5, j);
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		json_t *c;

		if (wl_rec_type(r) != WL_PARTICIPANT ||
		    wl_rec_session(r) != s || wl_rec_retracted(r))
			continue;
		c = json_object_get(wl_rec_json(r), "consent");
		cells[0] = wl_rec_id(r);
		cells[1] = wl_rec_str(r, "role");
		cells[2] = wl_rec_str(r, "name");
		cells[3] = wl_rec_str(r, "org");
		cells[4] = json_is_true(c) ? "yes" : "no";
		wl_out_row(o, r, cells);
	}
	return finish(o, j);
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
} verbs[] = {
	{ "new", cmd_new }, { "list", cmd_list }, { "show", cmd_show },
	{ "join", cmd_join }, { "people", cmd_people },
};

int
main(int argc, char **argv)
{
	cli_init(&cli, "wl-session", usage, argc, argv);
	if (cli_find_verb(argc, argv) < 0) {
		static const struct option opts[] = { COMMON_LONGOPTS,
			{ NULL, 0, NULL, 0 } };

		cli_getopt(&cli, argc, argv, "", opts);
		cli_usage_error(&cli, "missing verb: new, list, show, join or "
		    "people");
	}
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			return verbs[i].fn(argc - 1, argv + 1);
	cli_usage_error(&cli, "unknown verb '%s'", argv[1]);
}
