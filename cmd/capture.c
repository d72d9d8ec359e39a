/* capture.c - texts, amends and retracts for wl-note and wl-advice */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    json_t *fields, char **texts, size_t n)
{
	json_t **recs = cli_need(calloc(n, sizeof(*recs))), *v;
	const char *k;

	for (size_t i = 0; i < n; i++) {
		recs[i] = capture_record(c, type);
		json_object_foreach(fields, k, v)
			cli_set(recs[i], k, json_incref(v));
		cli_set(recs[i], "text", json_string(texts[i]));
	}
	json_decref(fields);
	capture_free(texts, n);
	cli_append(c, t->w, t->j, recs, n);
	free(recs);
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

/* Every line of standard input, read whole before any lock is taken. */
static char **
stdin_lines(struct cli *c, size_t *n)
{
	char **v = NULL, *line = NULL;
	size_t cap = 0, k = 0, lcap = 0;
	long lineno = 0;
	ssize_t len;

	while ((len = getline(&line, &lcap, stdin)) >= 0) {
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
		}
		v[k++] = cli_need(strdup(line));
	}
	if (ferror(stdin))
		cli_die(c, "cannot read standard input: %s", strerror(errno));
	/* getline says -1 both at the end and when out of memory. */
	if (!feof(stdin))
		cli_oom();
	free(line);
	*n = k;
	return v;
}

char **
capture_texts(struct cli *c, int argc, char **argv, size_t *n)
{
	char **v;

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
	v = stdin_lines(c, n);
	if (*n == 0)
		cli_die(c, "nothing to add: standard input had no text");
	return v;
}

/* All of fp (name says which file), as a string; "" when it is empty. */
static char *
read_all(struct cli *c, FILE *fp, const char *name)
{
	char *text = NULL;
	size_t cap = 0;

	if (getdelim(&text, &cap, '\0', fp) >= 0)
		return text;
	free(text);
	if (ferror(fp))
		cli_die(c, "cannot read %s: %s", name, strerror(errno));
	/* getdelim says -1 both at the end and when out of memory. */
	if (!feof(fp))
		cli_oom();
	return cli_need(strdup(""));
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

void
capture_amend(struct cli *c, struct target *t, const struct wl_rec *r,
    json_t *set)
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
	cli_append(c, t->w, t->j, &rec, 1);
}

const struct option capture_rm_opts[] = {
	COMMON_LONGOPTS,
	{ "reason", required_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

int
capture_rm(struct cli *c, int argc, char **argv, unsigned mask)
{
	const char *reason = NULL;
	const struct wl_rec *r;
	struct wl_error err;
	struct target t;
	json_t *rec;
	int ch;

	while ((ch = cli_getopt(c, argc, argv)) != -1)
		if (ch == 'r')
			reason = optarg;
	if (optind != argc - 1)
		cli_usage_error(c, "rm takes one id");
	capture_open(c, &t);
	if ((r = wl_journal_find(t.j, argv[optind], mask, &err)) == NULL)
		cli_fail(c, &err);
	rec = capture_record(c, WL_RETRACT);
	cli_set(rec, "ref", json_string(wl_rec_id(r)));
	if (reason != NULL && !blank(reason))
		cli_set(rec, "reason", json_string(reason));
	cli_append(c, t.w, t.j, &rec, 1);
	return 0;
}

void
capture_block(struct cli *c, const struct wl_rec *s, long long block)
{
	int n = wl_session_nblocks(s);

	if (block < 1 || block > n)
		cli_usage_error(c, "block %lld is not in this session (it "
		    "has blocks 1 to %d)", block, n);
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
	size_t n;

	/* All of the input first, then the lock. */
	if ((im = wl_import_read(from, &c->diag, &err)) == NULL)
		cli_fail(c, &err);
	capture_open(c, &t);
	s = wl_journal_session(t.j, sel, &err);
	if (s == NULL && (sel != NULL || (env != NULL && *env != '\0') ||
	    err.code == WL_EAMBIGUOUS))
		cli_fail(c, &err);
	recs = wl_import_check(im, t.j, s, deftype, &n, &c->diag, &err);
	wl_import_free(im);
	if (recs == NULL)
		cli_fail(c, &err);
	wl_journal_free(t.j);	/* it admitted them already */
	cli_append(c, t.w, NULL, recs, n);
	free(recs);
	return 0;
}
