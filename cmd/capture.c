/* capture.c - texts, amends and retracts for wl-note and wl-advice */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capture.h"

void
capture_open(struct cli *c, struct target *t)
{
	t->path = cli_journal_path(c);
	t->w = cli_writer_open(c, t->path, 0);
	c->writer = 1;
	t->j = cli_load_path(c, t->path);
}

void
capture_open_id(struct cli *c, struct target *t, const char *id)
{
	t->path = cli_journal_path(c);
	t->w = cli_writer_open(c, t->path, 0);
	t->j = cli_load_record(c, t->path, NULL, id);
}

const struct wl_rec *
capture_open_session(struct cli *c, struct target *t, const char *sel)
{
	const struct wl_rec *s;
	struct wl_error err;

	t->path = cli_journal_path(c);
	t->w = cli_writer_open(c, t->path, 0);
	t->j = cli_load_latest(c, t->path, sel);
	if ((s = wl_journal_session(t->j, sel, &err)) == NULL)
		cli_fail(c, &err);
	return s;
}

void
capture_add(struct cli *c, struct target *t, enum wl_type type,
    json_t *fields, char **texts, long *from, size_t n)
{
	struct wl_error err;
	char **lines;

	/* Lines, not a jansson record each: a bulk add of 100,000 spent
	 * half its time making, encoding and freeing them. */
	if ((lines = wl_draft_lines(type, fields, "text", texts, n,
	    &err)) == NULL) {
		wl_writer_close(t->w);
		cli_fail(c, &err);
	}
	json_decref(fields);
	capture_free(texts, n);
	cli_append_lines(c, t->w, t->j, lines, n,
	    from != NULL ? "<stdin>" : NULL, from);
	free(from);
}

json_t *
capture_record(struct cli *c, enum wl_type type)
{
	struct wl_error err;
	json_t *r = wl_draft_new(type, &err);

	if (r == NULL)
		cli_fail(c, &err);
	return r;
}

static int
blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

void
capture_free(char **texts, size_t n)
{
	for (size_t i = 0; texts != NULL && i < n; i++)
		free(texts[i]);
	free(texts);
}

/*
 * One line of standard input into *line (its '\n' kept, NUL bytes
 * too), as getline reads it; but a line longer than any journal line
 * may be is refused as it is read (exit 2), so that an endless input
 * (cat /dev/zero) is not held whole first.  -1 at the end.
 */
static ssize_t
bounded_line(struct cli *c, char **line, size_t *cap, long lineno)
{
	size_t n = 0;
	int ch;

	while ((ch = getc_unlocked(stdin)) != EOF) {
		if (n + 2 > *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*line = cli_need(realloc(*line, *cap));
		}
		(*line)[n++] = (char)ch;
		if (ch == '\n')
			break;
		if (n > WL_LINE_MAX)
			cli_die(c, "<stdin>:%ld: line longer than %d bytes "
			    "(the most a journal line may hold)", lineno,
			    WL_LINE_MAX);
	}
	if (n == 0)
		return -1;
	(*line)[n] = '\0';
	return (ssize_t)n;
}

/* Every line of standard input, read whole before any lock is taken;
 * *from gets the number of each. */
static char **
stdin_lines(struct cli *c, size_t *n, long **from)
{
	char **v = NULL, *line = NULL;
	long *no = NULL;
	size_t cap = 0, k = 0, lcap = 0;
	long lineno = 0;
	ssize_t len;

	while ((len = bounded_line(c, &line, &lcap, lineno + 1)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!wl_utf8_valid(line, (size_t)len, NULL))
			cli_die(c, "<stdin>:%ld: invalid UTF-8 (or a NUL "
			    "byte)", lineno);
		if (blank(line))
			continue;
		if (k == cap) {
			cap = cap ? cap * 2 : 16;
			v = cli_need(realloc(v, cap * sizeof(*v)));
			no = cli_need(realloc(no, cap * sizeof(*no)));
		}
		no[k] = lineno;
		v[k++] = cli_need(strdup(line));
	}
	if (ferror(stdin))
		cli_die(c, "cannot read standard input: %s", strerror(errno));
	free(line);
	*n = k;
	*from = no;
	return v;
}

char **
capture_texts(struct cli *c, int argc, char **argv, size_t *n,
    long **from)
{
	char **v;

	*from = NULL;
	if (optind < argc) {
		v = cli_need(malloc(sizeof(*v)));
		v[0] = cli_join(argc - optind, argv + optind);
		if (blank(v[0]))
			cli_usage_error(c, "the text is empty");
		*n = 1;
		return v;
	}
	if (isatty(STDIN_FILENO))
		cli_usage_error(c, "give the text as arguments, or one per "
		    "line on standard input");
	v = stdin_lines(c, n, from);
	if (*n == 0)
		cli_die(c, "nothing to add: standard input had no text");
	return v;
}

/*
 * All of fp (name says which file), as a string (to its first NUL
 * byte); "" when it is empty.  More than a journal line may hold is
 * refused as it is read (exit 2): an endless input is not held.
 */
static char *
read_all(struct cli *c, FILE *fp, const char *name)
{
	char *text = NULL;
	size_t cap = 0, len = 0, k;

	do {
		if (cap - len < 65536)
			text = cli_need(realloc(text, cap = cap * 2 + 65536));
		k = fread(text + len, 1, cap - len - 1, fp);
		len += k;
		if (len > WL_LINE_MAX)
			cli_die(c, "%s: longer than %d bytes (the most a "
			    "journal line may hold)", name, WL_LINE_MAX);
	} while (k > 0);
	if (ferror(fp))
		cli_die(c, "cannot read %s: %s", name, strerror(errno));
	text[len] = '\0';
	return text;
}

/* Run $EDITOR (else vi) on a temporary file holding current. */
static char *
editor(struct cli *c, const char *current)
{
	const char *ed = getenv("VISUAL"), *tmp = getenv("TMPDIR");
	struct strbuf path = STRBUF_INIT, cmd = STRBUF_INIT;
	char *text;
	FILE *fp;
	int fd, st;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	strbuf_addf(&path, "%s/wl-edit.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if ((fd = mkstemp(path.buf)) < 0 || (fp = fdopen(fd, "w")) == NULL)
		cli_die(c, "cannot make a temporary file: %s",
		    strerror(errno));
	fprintf(fp, "%s\n", current);
	if (fclose(fp) != 0)
		cli_die(c, "cannot write %s: %s", path.buf, strerror(errno));
	/* The shell reads the file name from the environment: no quoting. */
	if (setenv("WL_EDIT_FILE", path.buf, 1) < 0)
		cli_oom();
	strbuf_addf(&cmd, "%s \"$WL_EDIT_FILE\"", ed);
	st = system(cmd.buf);
	strbuf_release(&cmd);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		unlink(path.buf);
		cli_die(c, "the editor failed; nothing changed");
	}
	if ((fp = fopen(path.buf, "r")) == NULL)
		cli_die(c, "cannot read %s: %s", path.buf, strerror(errno));
	text = read_all(c, fp, path.buf);
	fclose(fp);
	unlink(path.buf);
	strbuf_release(&path);
	return text;
}

char *
capture_new_text(struct cli *c, const char *current)
{
	char *text, *end;

	if (isatty(STDIN_FILENO))
		text = editor(c, current);
	else
		text = read_all(c, stdin, "standard input");
	/* Trailing newlines are the editor's, not the text's. */
	for (end = text + strlen(text); end > text && (end[-1] == '\n' ||
	    end[-1] == '\r' || end[-1] == ' '); end--)
		;
	*end = '\0';
	if (!wl_utf8_valid(text, strlen(text), NULL))
		cli_die(c, "the new text is not valid UTF-8");
	if (blank(text))
		cli_die(c, "the new text is empty; nothing changed");
	return text;
}

void
capture_change(json_t *set, const struct wl_rec *r, const char *field,
    json_t *value)
{
	json_t *rec = cli_need(wl_rec_json(r)), *now;

	now = json_object_get(rec, field);
	if (now != NULL && json_equal(now, value))
		json_decref(value);
	else
		cli_set(set, field, value);
	json_decref(rec);
}

void
capture_tag(struct cli *c, const char **tags, size_t *n, const char *tag)
{
	if (*n == CAPTURE_MAX_TAGS)
		cli_usage_error(c, "at most %d tags", CAPTURE_MAX_TAGS);
	if (blank(tag))
		cli_usage_error(c, "a tag cannot be empty");
	tags[(*n)++] = tag;
}

json_t *
capture_tags(const char *const *tags, size_t n)
{
	json_t *a = cli_need(json_array());

	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		json_t *v;
		size_t k;

		json_array_foreach(a, k, v)
			dup |= strcmp(json_string_value(v), tags[i]) == 0;
		if (!dup)
			cli_push(a, json_string(tags[i]));
	}
	return a;
}

static void
amend_of(struct cli *c, struct target *t, const struct wl_rec *r,
    json_t *set, int minor)
{
	json_t *rec;

	if (json_object_size(set) == 0) {
		/* Say it while r (inside t->j) is still there. */
		cli_say(c, "nothing changed in %s %s",
		    wl_type_name(wl_rec_type(r)), wl_rec_id(r));
		json_decref(set);
		wl_writer_close(t->w);
		wl_journal_free(t->j);
		exit(0);
	}
	/* What the amend may set is the rules' to say: cli_append asks. */
	rec = capture_record(c, WL_AMEND);
	cli_set(rec, "ref", json_string(wl_rec_id(r)));
	cli_set(rec, "set", set);
	if (minor)
		cli_set(rec, "minor", json_true());
	cli_append(c, t->w, t->j, &rec, 1);
}

void
capture_amend(struct cli *c, struct target *t, const struct wl_rec *r,
    json_t *set)
{
	amend_of(c, t, r, set, 0);
}

void
capture_amend_minor(struct cli *c, struct target *t, const struct wl_rec *r,
    json_t *set)
{
	amend_of(c, t, r, set, 1);
}

int
capture_ask(struct cli *c, const char *question)
{
	char *line = NULL, *a;
	size_t cap = 0;
	ssize_t n;
	int yes;

	fprintf(stderr, "%s: %s [y/N] ", c->prog, question);
	fflush(stderr);
	n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return 0;
	}
	a = line + strspn(line, " \t");
	a[strcspn(a, " \t\r\n")] = '\0';
	yes = strcasecmp(a, "y") == 0 || strcasecmp(a, "yes") == 0;
	free(line);
	return yes;
}

/* The plural of a type's name, for counts. */
static const char *
plural(enum wl_type t, size_t n)
{
	static const char *const many[] = { "sessions", "participants",
		"notes", "advice", "endorsements", "agreements", "statuses",
		"amends", "retracts", "redactions", "records of unknown types" };

	if (n == 1)
		return t == WL_UNKNOWN ? "record of an unknown type" :
		    wl_type_name(t);
	return many[t];
}

/* 1 if x is r or one of r's own amends (NULL r: none is). */
static int
own(const struct wl_rec *x, const struct wl_rec *r)
{
	const char *ref = wl_rec_str(x, "ref");

	return r != NULL && (x == r || (wl_rec_type(x) == WL_AMEND &&
	    ref != NULL && strcmp(ref, wl_rec_id(r)) == 0));
}

/* "4 endorsements, 2 statuses, 1 agreement": the changes of kind how
 * counted by type, into sb; all but skip, and its own amends too when
 * not amends. */
static size_t
count_types(struct strbuf *sb, const struct wl_change *ch, size_t n,
    enum wl_change_kind how, const struct wl_rec *skip, int amends)
{
	size_t total = 0;

	for (int t = 0; t <= WL_UNKNOWN; t++) {
		size_t k = 0;

		for (size_t i = 0; i < n; i++)
			k += ch[i].how == how && ch[i].rec != skip &&
			    (amends || !own(ch[i].rec, skip)) &&
			    wl_rec_type(ch[i].rec) == (enum wl_type)t;
		if (k > 0)
			strbuf_addf(sb, "%s%zu %s", total ? ", " : "", k,
			    plural((enum wl_type)t, k));
		total += k;
	}
	return total;
}

/* Who a participant is, for a facilitator's own eyes. */
static const char *
person(const struct wl_journal *j, const char *id)
{
	const struct wl_rec *p = id ? wl_journal_get(j, id) : NULL;

	if (p == NULL || wl_rec_type(p) != WL_PARTICIPANT)
		return id;
	if (wl_rec_redacted(p))
		return WL_REDACTED;
	return cli_known_as(p, 0);
}

/* At most 50 characters of s, "..." when cut (never inside one). */
static void
add_short(struct strbuf *sb, const char *s)
{
	size_t i = 0, chars = 0;

	if (s == NULL)
		return;
	while (s[i] != '\0' && chars < 50) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	strbuf_add(sb, s, i);
	if (s[i] != '\0')
		strbuf_addstr(sb, "...");
}

/* One line of a list: type, id, and what the record says. */
static void
describe(struct strbuf *sb, const struct wl_journal *j,
    const struct wl_rec *r)
{
	enum wl_type t = wl_rec_type(r);
	json_t *rec, *set;
	const char *k;
	json_t *v;
	int first = 1;

	strbuf_addf(sb, "  %-11s %s  ", wl_type_name(t), wl_rec_id(r));
	switch (t) {
	case WL_SESSION:
		strbuf_addf(sb, "%s, %s", wl_rec_str(r, "date"),
		    wl_rec_str(r, "municipality"));
		break;
	case WL_PARTICIPANT:
		strbuf_addstr(sb, wl_rec_str(r, "role"));
		if (wl_rec_str(r, "name") != NULL) {
			strbuf_addstr(sb, ", ");
			add_short(sb, person(j, wl_rec_id(r)));
		}
		break;
	case WL_NOTE:
	case WL_ADVICE:
		strbuf_addf(sb, "%s: ", wl_rec_str(r, t == WL_NOTE ? "kind" :
		    "perspective"));
		add_short(sb, wl_rec_str(r, "text"));
		break;
	case WL_ENDORSEMENT:
		strbuf_addf(sb, "%s, by ", wl_rec_str(r, "stance"));
		add_short(sb, person(j, wl_rec_str(r, "by")));
		break;
	case WL_AGREEMENT:
		add_short(sb, wl_rec_str(r, "text"));
		if (wl_rec_str(r, "owner") != NULL) {
			strbuf_addstr(sb, " (");
			/* Its owner as every output shows them: by
			 * name only with their consent. */
			add_short(sb, cli_owner(j, wl_rec_str(r, "owner"),
			    0));
			strbuf_addstr(sb, ")");
		}
		break;
	case WL_STATUS:
		strbuf_addstr(sb, wl_rec_str(r, "status"));
		break;
	case WL_AMEND:
		rec = cli_need(wl_rec_json(r));
		set = json_object_get(rec, "set");
		strbuf_addstr(sb, "sets ");
		json_object_foreach(set, k, v) {
			strbuf_addf(sb, "%s%s", first ? "" : ", ", k);
			first = 0;
		}
		if (json_is_true(json_object_get(rec, "minor")))
			strbuf_addstr(sb, " (minor)");
		json_decref(rec);
		break;
	default:
		break;
	}
	strbuf_addstr(sb, "\n");
}

#define LIST_MAX 10	/* more than this: counted by type */

/*
 * The list of what goes (or comes back: how) with r, and what stays
 * but names a person who does: one line a record, or counts by type
 * when there are more than LIST_MAX.  Into sb, for a terminal.
 */
static void
list_changes(struct strbuf *sb, const struct wl_journal *j,
    const struct wl_rec *r, const struct wl_change *ch, size_t n,
    enum wl_change_kind how)
{
	struct strbuf counts = STRBUF_INIT;
	size_t k = 0, named = 0;

	for (size_t i = 0; i < n; i++) {
		k += ch[i].how == how;
		named += ch[i].how == WL_CH_NAMES;
	}
	strbuf_addf(sb, "%s %s %s %s %zu record%s %s every list and "
	    "report:\n", how == WL_CH_GOES ? "removing" : "restoring",
	    wl_type_name(wl_rec_type(r)), wl_rec_id(r),
	    how == WL_CH_GOES ? "takes" : "brings back", k, k == 1 ? "" : "s",
	    how == WL_CH_GOES ? "out of" : "into");
	if (k <= LIST_MAX) {
		for (size_t i = 0; i < n; i++)
			if (ch[i].how == how)
				describe(sb, j, ch[i].rec);
	} else {
		for (size_t i = 0; i < n; i++)
			if (ch[i].rec == r)
				describe(sb, j, r);
		count_types(&counts, ch, n, how, r, 1);
		strbuf_addf(sb, "  and with it: %s\n", counts.buf);
		strbuf_reset(&counts);
	}
	if (named > 0) {
		strbuf_addf(sb, "%zu record%s stay%s, but %s who %s %s:\n",
		    named, named == 1 ? "" : "s", named == 1 ? "s" : "",
		    how == WL_CH_GOES ? "no longer name" : "name again",
		    named == 1 ? "made it" : "made them",
		    how == WL_CH_GOES ? "(endorsements drop out of the "
		    "report)" : "(endorsements count again)");
		if (named <= LIST_MAX) {
			for (size_t i = 0; i < n; i++)
				if (ch[i].how == WL_CH_NAMES)
					describe(sb, j, ch[i].rec);
		} else {
			count_types(&counts, ch, n, WL_CH_NAMES, NULL, 1);
			strbuf_addf(sb, "  %s\n", counts.buf);
		}
	}
	strbuf_release(&counts);
}

/* Print a list to standard output (--dry-run) or standard error, each
 * line made safe for a terminal. */
static void
show_list(struct cli *c, const struct strbuf *sb, int dry)
{
	FILE *fp = dry ? stdout : stderr;

	for (const char *p = sb->buf, *nl; *p != '\0'; p = nl + 1) {
		char *line, *safe;

		nl = strchr(p, '\n');
		line = cli_need(strndup(p, (size_t)(nl - p)));
		safe = cli_need(wl_utf8_sanitize(line));
		if (!dry && p == sb->buf)
			fprintf(fp, "%s: ", c->prog);
		fprintf(fp, "%s\n", safe);
		free(safe);
		free(line);
	}
}

const struct option capture_rm_opts[] = {
	COMMON_LONGOPTS,
	{ "reason", required_argument, NULL, 'r' },
	{ "yes", no_argument, NULL, 'y' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

/* A retract of r, with the reason when one is given. */
static json_t *
retract_of(struct cli *c, const struct wl_rec *r, const char *reason)
{
	json_t *rec = capture_record(c, WL_RETRACT);

	cli_set(rec, "ref", json_string(wl_rec_id(r)));
	if (reason != NULL && !blank(reason))
		cli_set(rec, "reason", json_string(reason));
	return rec;
}

/* Leave without writing: nothing changed, exit status rc. */
static void
unchanged(struct target *t, int rc)
{
	wl_writer_close(t->w);
	wl_journal_free(t->j);
	if (fflush(stdout) != 0)
		exit(EXIT_TROUBLE);
	exit(rc);
}

int
capture_rm(struct cli *c, int argc, char **argv, unsigned mask)
{
	const char *reason = NULL;
	const struct wl_rec *r;
	struct strbuf sb = STRBUF_INIT;
	struct wl_change *ch;
	struct target t;
	size_t n, more;
	int ch_, yes = 0, dry = 0;
	json_t *rec;

	while ((ch_ = cli_getopt(c, argc, argv)) != -1) {
		switch (ch_) {
		case 'r': reason = optarg; break;
		case 'y': yes = 1; break;
		case 'n': dry = 1; break;
		}
	}
	if (optind != argc - 1)
		cli_usage_error(c, "rm takes one id");
	capture_open_id(c, &t, argv[optind]);
	r = cli_find(c, t.j, argv[optind], mask);
	if (wl_retract_effect(t.j, &r, 1, &ch, &n) < 0)
		cli_oom();
	/* Its own amends go with it as a matter of course: they are its
	 * history, nothing else that hangs on it. */
	more = 0;
	for (size_t i = 0; i < n; i++)
		more += !own(ch[i].rec, r);
	list_changes(&sb, t.j, r, ch, n, WL_CH_GOES);
	if (dry) {
		show_list(c, &sb, 1);
		unchanged(&t, 0);
	}
	/*
	 * A record alone goes without a question, as before: restore
	 * brings it back.  What takes others with it is shown first, and
	 * asked about on a terminal; a script says --yes.
	 */
	if (more > 0 && !yes && !isatty(STDIN_FILENO)) {
		struct strbuf gone = STRBUF_INIT, nm = STRBUF_INIT;
		struct strbuf what = STRBUF_INIT;
		size_t g = count_types(&gone, ch, n, WL_CH_GOES, r, 0);
		size_t k = count_types(&nm, ch, n, WL_CH_NAMES, NULL, 0);

		if (g > 0)
			strbuf_addf(&what, "takes %zu more record%s with it "
			    "(%s)", g, g == 1 ? "" : "s", gone.buf);
		if (k > 0 && g > 0)
			strbuf_addf(&what, ", and %zu record%s that name%s "
			    "them stay%s (%s)", k, k == 1 ? "" : "s",
			    k == 1 ? "s" : "", k == 1 ? "s" : "", nm.buf);
		else if (k > 0)
			strbuf_addf(&what, "leaves %zu record%s naming "
			    "nobody (%s)", k, k == 1 ? "" : "s", nm.buf);
		cli_die(c, "removing %s %s %s; standard input is no terminal "
		    "to ask on: give --yes to remove it all the same, or "
		    "--dry-run to see the list", wl_type_name(wl_rec_type(r)),
		    wl_rec_id(r), what.buf);
	}
	if (more > 0) {
		show_list(c, &sb, 0);
		if (!yes) {
			struct strbuf q = STRBUF_INIT;
			size_t k = 0;

			for (size_t i = 0; i < n; i++)
				k += ch[i].how == WL_CH_GOES;
			strbuf_addf(&q, "remove these %zu record%s?", k,
			    k == 1 ? "" : "s");
			if (!capture_ask(c, q.buf)) {
				cli_say(c, "nothing changed");
				unchanged(&t, EXIT_NO);
			}
			strbuf_release(&q);
		}
	}
	free(ch);
	strbuf_release(&sb);
	rec = retract_of(c, r, reason);
	cli_append(c, t.w, t.j, &rec, 1);
	return 0;
}

const struct option capture_restore_opts[] = {
	COMMON_LONGOPTS,
	{ "reason", required_argument, NULL, 'r' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

/* The record that rm took, when r is a retract (or a retract of one):
 * what the chain of refs ends in. */
static const struct wl_rec *
removed(const struct wl_journal *j, const struct wl_rec *r)
{
	for (int hops = 0; r != NULL && wl_rec_type(r) == WL_RETRACT &&
	    hops < 8; hops++)
		r = wl_journal_get(j, wl_rec_str(r, "ref"));
	return r;
}

int
capture_restore(struct cli *c, int argc, char **argv, unsigned mask)
{
	const struct wl_rec *r, *what, **back;
	const char *reason = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct wl_change *ch;
	struct wl_error err;
	struct target t;
	size_t n, nch, k = 0;
	int o, dry = 0;
	json_t **recs;

	while ((o = cli_getopt(c, argc, argv)) != -1) {
		switch (o) {
		case 'r': reason = optarg; break;
		case 'n': dry = 1; break;
		}
	}
	if (optind != argc - 1)
		cli_usage_error(c, "restore takes one id: of what was removed, "
		    "or of the retract that removed it");
	capture_open_id(c, &t, argv[optind]);
	r = cli_find(c, t.j, argv[optind], mask | WL_FIND_WITHDRAWN |
	    WL_TYPE_BIT(WL_RETRACT));
	what = removed(t.j, r);
	if (what == NULL || !(mask & WL_TYPE_BIT(wl_rec_type(what))))
		cli_die(c, "retract %s does not remove a record that %s "
		    "restores", wl_rec_id(r), c->prog);
	if ((back = wl_restore_targets(t.j, r, &n, &err)) == NULL)
		cli_fail(c, &err);
	if (wl_retract_effect(t.j, back, n, &ch, &nch) < 0)
		cli_oom();
	for (size_t i = 0; i < nch; i++)
		k += ch[i].how == WL_CH_BACK || ch[i].how == WL_CH_NAMES;
	list_changes(&sb, t.j, what, ch, nch, WL_CH_BACK);
	if (dry) {
		show_list(c, &sb, 1);
		unchanged(&t, 0);
	}
	if (k > 1)
		show_list(c, &sb, 0);
	strbuf_release(&sb);
	free(ch);
	recs = cli_need(calloc(n, sizeof(*recs)));
	for (size_t i = 0; i < n; i++)
		recs[i] = retract_of(c, back[i], reason);
	free(back);
	cli_append(c, t.w, t.j, recs, n);
	free(recs);
	return 0;
}

void
capture_block(struct cli *c, const struct wl_rec *s, long long block)
{
	struct wl_error err;

	if (wl_session_check_block(s, block, &err) < 0)
		cli_usage_error(c, "%s", err.msg);
}

int
capture_import(struct cli *c, const char *from, const char *sel,
    enum wl_type deftype)
{
	const char *env = getenv("WL_SESSION");
	const struct wl_rec *s;
	struct wl_import *im;
	struct wl_error err;
	struct target t;
	json_t **recs;
	size_t n, skipped = 0;
	char *known;

	/* All of the input first, then the lock. */
	if ((im = wl_import_read(from, &c->diag, &err)) == NULL)
		cli_fail(c, &err);
	capture_open(c, &t);
	s = wl_journal_session(t.j, sel, &err);
	if (s == NULL && (sel != NULL || (env != NULL && *env != '\0') ||
	    err.code == WL_EAMBIGUOUS))
		cli_fail(c, &err);
	recs = wl_import_check(im, t.j, s, deftype, &n, &skipped, &known,
	    &c->diag, &err);
	wl_import_free(im);
	if (recs == NULL)
		cli_fail(c, &err);
	/* Run again, an import adds nothing twice: say what it left. */
	if (skipped > 0)
		cli_say(c, "%zu record%s already in the journal: skipped",
		    skipped, skipped == 1 ? "" : "s");
	wl_journal_free(t.j);	/* it admitted them already */
	cli_append(c, t.w, NULL, recs, n);
	free(recs);
	/* The lines without an id that were there: their records, as a
	 * writer prints what it appended, so that a run again (after a
	 * kill that left the ids unprinted) learns them. */
	for (char *l = known, *nl; l != NULL && *l != '\0'; l = nl + 1) {
		char *safe;

		nl = strchr(l, '\n');
		if (c->format != WL_FMT_JSONL) {
			printf("%.*s\n", WL_ID_LEN, l + 7);
			continue;
		}
		/* As cli_append shows a record: safe for a terminal. */
		nl[0] = '\0';
		if ((safe = isatty(STDOUT_FILENO) ? wl_utf8_json_safe(l) :
		    l) == NULL)
			cli_unshown(c, ENOMEM);
		printf("%s\n", safe);
		if (safe != l)
			free(safe);
	}
	free(known);
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_unshown(c, errno != 0 ? errno : EIO);
	return 0;
}
