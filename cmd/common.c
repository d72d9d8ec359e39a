/* common.c - options, messages and journals shared by the binaries */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

/* The program's name for cli_oom, which has no struct cli to ask. */
static const char *oom_prog = "wl";

void
cli_oom(void)
{
	/* stderr is unbuffered: this allocates nothing. */
	fprintf(stderr, "%s: out of memory\n", oom_prog);
	exit(EXIT_TROUBLE);
}

void *
cli_need(void *p)
{
	if (p == NULL)
		cli_oom();
	return p;
}

void
cli_set(json_t *obj, const char *key, json_t *value)
{
	if (json_object_set_new(obj, key, value) != 0)
		cli_oom();
}

void
cli_push(json_t *arr, json_t *value)
{
	if (json_array_append_new(arr, value) != 0)
		cli_oom();
}

void
cli_row(struct wl_out *o, const struct wl_rec *r, const char *const *cells)
{
	if (wl_out_row(o, r, cells) < 0)
		cli_oom();
}

void
cli_add_error(struct strbuf *sb, const struct wl_error *err)
{
	/* Room for the longest form wl_error_format can write, so that
	 * it cuts nothing: file and message are bounded arrays. */
	size_t room = sizeof(err->file) + sizeof(err->msg) + 64;

	_Static_assert(sizeof(err->file) > sizeof(char *) &&
	    sizeof(err->msg) > sizeof(char *), "wl_error holds arrays");
	strbuf_grow(sb, room);
	wl_error_format(err, sb->buf + sb->len, room + 1);
	strbuf_setlen(sb, sb->len + strlen(sb->buf + sb->len));
}

static void
vsay(struct cli *c, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	char *safe;

	strbuf_vaddf(&sb, fmt, ap);
	safe = cli_need(wl_utf8_sanitize(sb.buf));
	fprintf(stderr, "%s: %s\n", c->prog, safe);
	free(safe);
	strbuf_release(&sb);
}

void
cli_say(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(c, fmt, ap);
	va_end(ap);
}

void
cli_die(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(c, fmt, ap);
	va_end(ap);
	exit(EXIT_TROUBLE);
}

void
cli_usage_error(struct cli *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strbuf_addf(&sb, " (see '%s --help')", c->prog);
	cli_say(c, "%s", sb.buf);
	strbuf_release(&sb);
	exit(EXIT_TROUBLE);
}

void
cli_fail(struct cli *c, const struct wl_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	cli_add_error(&sb, err);
	cli_say(c, "%s", sb.buf);
	strbuf_release(&sb);
	exit(EXIT_TROUBLE);
}

/* The diag sink: every message on stderr, errors up to --max-errors. */
static void
print_diag(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	struct cli *c = ctx;
	struct strbuf sb = STRBUF_INIT;

	if (sev == WL_WARNING && e->code == WL_P_TORN && c->writer)
		return;
	/* Past --max-errors of a kind, messages are only counted. */
	if ((long)(sev == WL_ERROR ? c->diag.nerrors : c->diag.nwarnings) >
	    c->max_errors)
		return;
	if (sev == WL_ERROR)
		cli_add_error(&sb, e);
	else if (e->file[0] == '\0')
		strbuf_addf(&sb, "warning: %s", e->msg);
	else if (e->line > 0)
		strbuf_addf(&sb, "%s:%ld: warning: %s", e->file, e->line,
		    e->msg);
	else
		strbuf_addf(&sb, "%s: warning: %s", e->file, e->msg);
	cli_say(c, "%s", sb.buf);
	strbuf_release(&sb);
}

void
cli_init(struct cli *c, const char *prog, const char *usage, int argc,
    char **argv)
{
	memset(c, 0, sizeof(*c));
	strbuf_init(&c->optstring);
	c->prog = prog;
	oom_prog = prog;
	c->usage = usage;
	c->format = -1;
	c->max_errors = 20;
	c->wait = -1;
	c->diag.fn = print_diag;
	c->diag.ctx = c;
	/* A seam for tests/cli/oom.t: jansson then allocates through the
	 * malloc that cmd/ and lib/ call, which the fault build wraps, so
	 * that its failures can be injected like ours.  Only when asked:
	 * the library's parser takes them for syntax errors for now. */
	if (getenv("WL_FAULT_JSON") != NULL)
		json_set_alloc_funcs(malloc, free);
	/* Past a file size limit write(2) fails (EFBIG) and the append is
	 * undone, rather than the process dying with a torn line. */
	signal(SIGXFSZ, SIG_IGN);
	for (int i = 1; i < argc; i++)
		if (!wl_utf8_valid(argv[i], strlen(argv[i]), NULL))
			cli_die(c, "argument %d is not valid UTF-8", i);
}

/* The options every verb's getopt_long meets in the same way: -h and
 * --version print and exit, an unknown option or a missing value is a
 * usage error.  Returns for any other ch. */
static void
help_or_refuse(struct cli *c, int ch, char **argv)
{
	switch (ch) {
	case 'h':
		fputs(c->usage, stdout);
		exit(fflush(stdout) == 0 ? 0 : EXIT_TROUBLE);
	case OPT_VERSION:
		printf("%s %s\n", c->prog, WL_VERSION);
		exit(fflush(stdout) == 0 ? 0 : EXIT_TROUBLE);
	case ':':
		cli_usage_error(c, "option '%s' needs a value",
		    argv[optind - 1]);
	case '?':
		if (optopt != 0 && optopt < 256)
			cli_usage_error(c, "unknown option '-%c'", optopt);
		cli_usage_error(c, "unknown option '%s'", argv[optind - 1]);
	}
}

int
cli_getopt(struct cli *c, int argc, char **argv)
{
	int ch;

	opterr = 0;
	for (;;) {
		ch = getopt_long(argc, argv, c->optstring.buf,
		    c->verb->longopts, NULL);
		switch (ch) {
		case 'f':
			if (c->nfiles == MAX_FILES)
				cli_usage_error(c, "too many -f files (at "
				    "most %d)", MAX_FILES);
			c->files[c->nfiles++] = optarg;
			continue;
		case 'o':
			if ((c->format = wl_format_from_name(optarg)) < 0)
				cli_usage_error(c, "unknown output format "
				    "'%s' (one of: table, tsv, csv, jsonl, "
				    "json)", optarg);
			continue;
		case OPT_MAX_ERRORS:
			c->max_errors = (long)cli_int(c, "--max-errors",
			    optarg, 1);
			continue;
		case OPT_WAIT:
			c->wait = (long)cli_int(c, "--wait", optarg, 0);
			continue;
		}
		help_or_refuse(c, ch, argv);
		return ch;
	}
}

/*
 * The index in argv of the first operand, 0 when there is none or it
 * follows "--".  getopt_long runs over the options before it with the
 * options of every verb, so that no option's value is taken for the
 * verb; -h, --version and options that no verb knows are dealt with as
 * cli_getopt does.
 */
static int
first_operand(struct cli *c, int argc, char **argv,
    const struct cli_verb *verbs, size_t n)
{
	struct strbuf shorts = STRBUF_INIT;
	const struct option *o;
	struct option *longs;
	size_t nlong = 0, cap = 1, i, k;
	int at = 0;

	for (i = 0; i < n; i++)
		for (o = verbs[i].longopts; o->name != NULL; o++)
			cap++;
	longs = cli_need(calloc(cap, sizeof(*longs)));
	/* '+': stop at the first operand, as POSIX getopt does. */
	strbuf_addstr(&shorts, "+:f:o:h");
	for (i = 0; i < n; i++) {
		strbuf_addstr(&shorts, verbs[i].shortopts);
		for (o = verbs[i].longopts; o->name != NULL; o++) {
			for (k = 0; k < nlong &&
			    strcmp(longs[k].name, o->name) != 0; k++)
				;
			/* A name that takes a value in any verb takes it
			 * here: its value is never the verb. */
			if (k == nlong)
				longs[nlong++] = *o;
			else if (o->has_arg == required_argument)
				longs[k].has_arg = required_argument;
		}
	}
	opterr = 0;
	optind = 0;
	for (;;) {
		int before = optind > 0 ? optind : 1;
		int ch = getopt_long(argc, argv, shorts.buf, longs, NULL);

		if (ch != -1) {
			help_or_refuse(c, ch, argv);
			continue;
		}
		if (optind < argc && !(optind == before + 1 &&
		    strcmp(argv[before], "--") == 0))
			at = optind;
		break;
	}
	optind = 0;	/* the verb's getopt_long starts afresh */
	free(longs);
	strbuf_release(&shorts);
	return at;
}

int
cli_dispatch(struct cli *c, int argc, char **argv,
    const struct cli_verb *verbs, size_t n, const char *dflt)
{
	int at = first_operand(c, argc, argv, verbs, n);
	const char *name = at > 0 ? argv[at] : dflt;
	struct strbuf names = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n && (name == NULL ||
	    strcmp(name, verbs[i].name) != 0); i++)
		;
	if (i == n) {
		for (size_t k = 0; k < n; k++)
			strbuf_addf(&names, "%s%s", k == 0 ? "" : k + 1 == n ?
			    " or " : ", ", verbs[k].name);
		if (name == NULL)
			cli_usage_error(c, "missing verb: %s", names.buf);
		cli_usage_error(c, "unknown verb '%s' (%s)", name, names.buf);
	}
	c->verb = &verbs[i];
	strbuf_addf(&c->optstring, ":f:o:h%s", c->verb->shortopts);
	if (at == 0)	/* the default: argv[0] stands where a verb would */
		return c->verb->fn(argc, argv);
	for (char *verb = argv[at]; at > 1; at--)
		argv[at] = argv[at - 1], argv[at - 1] = verb;
	return c->verb->fn(argc - 1, argv + 1);
}

int
cli_pass_unknown(struct cli *c, struct wl_out *o, const struct wl_rec *r,
    const struct wl_rec *session)
{
	if (wl_rec_type(r) != WL_UNKNOWN)
		return 0;
	if (cli_format(c) >= WL_FMT_JSONL && (session == NULL ||
	    wl_rec_session(r) == session))
		cli_row(o, r, NULL);
	return 1;
}

struct wl_out *
cli_list_begin(struct cli *c, const char *sel, int all, int anonymous,
    const char *const *cols, size_t ncols, struct wl_journal **j,
    const struct wl_rec **s)
{
	struct wl_error err;

	*j = cli_load(c);
	*s = NULL;
	if (!all && (*s = wl_journal_session(*j, sel, &err)) == NULL)
		cli_fail(c, &err);
	return cli_need(wl_out_new(stdout, cli_format(c), cols, ncols, *j,
	    anonymous ? WL_OUT_ANONYMOUS : 0));
}

const char *
cli_known_as(const struct wl_rec *p, int anonymous)
{
	return wl_rec_str(p, "name") && !anonymous ? wl_rec_str(p, "name") :
	    wl_rec_str(p, "role");
}

int
cli_list_end(struct cli *c, struct wl_out *o, struct wl_journal *j)
{
	int rc = wl_out_end(o);

	wl_journal_free(j);
	if (rc < 0)
		cli_die(c, "cannot write to standard output");
	return 0;
}

void
cli_no_operands(struct cli *c, int argc, char **argv)
{
	if (optind < argc)
		cli_usage_error(c, "unexpected argument '%s'", argv[optind]);
}

long long
cli_int(struct cli *c, const char *opt, const char *arg, long long min)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || v < min ||
	    v > 1000000000LL)
		cli_usage_error(c, "%s wants a whole number of %lld or more, "
		    "not '%s'", opt, min, arg);
	return v;
}

void
cli_enum(struct cli *c, enum wl_type t, const char *field, const char *value)
{
	if (!wl_schema_enum_has(t, field, value))
		cli_usage_error(c, "unknown %s '%s' (one of: %s)", field,
		    value, wl_schema_enum_list(t, field));
}

static void
finish_load(struct cli *c)
{
	if (c->diag.nerrors > 1)
		cli_die(c, "%zu errors in the journal%s", c->diag.nerrors,
		    (long)c->diag.nerrors > c->max_errors ?
		    " (not all shown; see --max-errors)" : "");
	if (c->diag.nerrors > 0)
		exit(EXIT_TROUBLE);
}

const char *
cli_journal_path(struct cli *c)
{
	const char *env = getenv("WL_JOURNAL");

	if (c->nfiles > 1)
		cli_usage_error(c, "this verb writes to one journal; give one "
		    "-f");
	if (c->nfiles == 1)
		return c->files[0];
	return env != NULL && *env != '\0' ? env : "werklab.jsonl";
}

static struct wl_journal *
load(struct cli *c, const char *const *paths, size_t n, int tail,
    const char *sel)
{
	struct wl_journal *j;
	struct wl_error err;

	j = tail ? wl_journal_load_tail(paths[0], sel, &c->diag, &err) :
	    wl_journal_load(paths, n, &c->diag, &err);
	if (j == NULL) {
		if (n == 1 && c->nfiles == 0 && strcmp(paths[0], "-") != 0 &&
		    access(paths[0], F_OK) != 0)
			cli_die(c, "%s: no such journal; start one with "
			    "'wl-session new', or name one with -f or "
			    "WL_JOURNAL", paths[0]);
		cli_fail(c, &err);
	}
	if (c->diag.nerrors > 0) {
		wl_journal_free(j);
		finish_load(c);
	}
	if ((long)c->diag.nwarnings > c->max_errors)
		cli_say(c, "warning: %ld more warnings not shown (see "
		    "--max-errors)", (long)c->diag.nwarnings - c->max_errors);
	return j;
}

/* SIGALRM only ends the writer's wait for the lock (flock fails with
 * EINTR): nothing to do here. */
static void
on_alarm(int sig)
{
	(void)sig;
}

struct wl_writer *
cli_writer_open(struct cli *c, const char *path, int flags)
{
	const char *env = getenv("WL_WAIT");
	struct sigaction sa, old;
	struct wl_writer *w;
	struct wl_error err;
	long wait = c->wait;
	char *who;

	if (wait < 0 && env != NULL && *env != '\0') {
		char *end;

		errno = 0;
		wait = strtol(env, &end, 10);
		if (*end != '\0' || errno != 0 || wait < 0 || wait > 1000000000L)
			cli_die(c, "WL_WAIT wants a whole number of seconds, "
			    "not '%s'", env);
	}
	if (wait < 0)
		wait = 30;
	/* At once when it is free: only a wait is worth a word. */
	if ((w = wl_writer_open(path, flags | WL_W_NOWAIT, &err)) != NULL)
		return w;
	if (err.code != WL_EBUSY || (flags & WL_W_NOWAIT))
		cli_fail(c, &err);
	if (wait == 0) {
		who = cli_need(wl_lock_holder(path));
		cli_die(c, "%s: %s; not waiting (--wait 0)", path, who);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: flock returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	/* The first second quietly: writers queue behind each other for
	 * milliseconds all the time, and that is not worth a word. */
	for (long waited = 0, step = 1; waited < wait; waited += step) {
		if (waited == 1) {
			who = cli_need(wl_lock_holder(path));
			cli_say(c, "waiting for %s: %s", path, who);
			free(who);
			step = wait - 1;
		}
		alarm((unsigned)step);
		w = wl_writer_open(path, flags | WL_W_INTR, &err);
		alarm(0);
		if (w != NULL || err.code != WL_EBUSY)
			break;
	}
	sigaction(SIGALRM, &old, NULL);
	if (w != NULL)
		return w;
	if (err.code != WL_EBUSY)
		cli_fail(c, &err);
	who = cli_need(wl_lock_holder(path));
	cli_die(c, "gave up after %ld s; %s: %s (--wait sets how long to "
	    "wait)", wait, path, who);
}

struct wl_journal *
cli_load_path(struct cli *c, const char *path)
{
	return load(c, &path, 1, 0, NULL);
}

struct wl_journal *
cli_load_latest(struct cli *c, const char *path, const char *sel)
{
	const char *env = getenv("WL_SESSION");

	if (sel == NULL && env != NULL && *env != '\0')
		sel = env;
	c->writer = 1;
	return load(c, &path, 1, 1, sel);
}

struct wl_journal *
cli_load(struct cli *c)
{
	static const char *const in[] = { "-" };
	struct stat st;

	if (c->nfiles > 0)
		return load(c, c->files, c->nfiles, 0, NULL);
	if (fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode))
		return load(c, in, 1, 0, NULL);
	return cli_load_path(c, cli_journal_path(c));
}

const char *
cli_single_path(struct cli *c)
{
	struct stat st;

	if (c->nfiles == 1)
		return strcmp(c->files[0], "-") == 0 ? NULL : c->files[0];
	if (c->nfiles > 1 || (fstat(STDIN_FILENO, &st) == 0 &&
	    S_ISFIFO(st.st_mode)))
		return NULL;
	return cli_journal_path(c);
}

enum wl_format
cli_format(struct cli *c)
{
	if (c->format >= 0)
		return (enum wl_format)c->format;
	return isatty(STDOUT_FILENO) ? WL_FMT_TABLE : WL_FMT_JSONL;
}

void
cli_append(struct cli *c, struct wl_writer *w, struct wl_journal *j,
    json_t **recs, size_t n)
{
	char **lines = calloc(n + 1, sizeof(*lines));
	struct wl_error err;
	long bad;
	size_t i;
	int again;

	/* Each record encoded once: what is checked is what is written.
	 * Its shape is checked with the rules below (a line that is no
	 * record is a problem), or here when there is no journal. */
	for (i = 0; lines != NULL && i < n; i++) {
		if (j == NULL && wl_schema_check(recs[i], &err) < 0) {
			wl_writer_close(w);
			cli_fail(c, &err);	/* a bug: say it, write nothing */
		}
		if ((lines[i] = wl_line_encode(recs[i], NULL)) == NULL)
			break;
	}
	if (lines == NULL || i < n) {
		wl_writer_close(w);	/* a journal it made goes again */
		cli_oom();
	}
	/* The rules have the last word: nothing goes in that a reader
	 * would refuse or warn about. */
	if (j != NULL) {
		if ((bad = wl_journal_admit(j, lines, n, &c->diag, &err)) < 0) {
			wl_writer_close(w);
			cli_fail(c, &err);
		}
		if (bad > 0) {
			wl_writer_close(w);
			exit(EXIT_TROUBLE);	/* each problem said */
		}
		wl_journal_free(j);
	}
	if ((again = wl_writer_append(w, lines, n, &c->diag, &err)) < 0) {
		wl_writer_close(w);
		cli_fail(c, &err);
	}
	wl_writer_close(w);
	if (again) {
		struct strbuf sb = STRBUF_INIT;

		cli_add_error(&sb, &err);
		cli_say(c, "%s", sb.buf);
		strbuf_release(&sb);
	}
	for (i = 0; i < n; i++) {
		if (again && c->format != WL_FMT_JSONL)
			/* The recorded ones: a canonical line's id is at
			 * bytes 7 to 23 (wl_writer_append). */
			printf("%.*s\n", WL_ID_LEN, lines[i] + 7);
		else if (c->format == WL_FMT_JSONL) {
			/* Appended already: say so if it cannot be shown. */
			char *safe = isatty(STDOUT_FILENO) ?
			    wl_utf8_json_safe(lines[i]) : lines[i];

			if (safe == NULL)
				cli_die(c, "the journal has the record, but "
				    "there is no memory left to print it");
			fputs(safe, stdout);
			if (safe != lines[i])
				free(safe);
		} else
			puts(wl_field_str(recs[i], "id"));
		free(lines[i]);
		json_decref(recs[i]);
	}
	free(lines);
	if (fflush(stdout) != 0)
		cli_die(c, "cannot write to standard output: %s",
		    strerror(errno));
}

char *
cli_join(int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < argc; i++) {
		if (i > 0)
			strbuf_addstr(&sb, " ");
		strbuf_addstr(&sb, argv[i]);
	}
	return strbuf_detach(&sb, NULL);
}
