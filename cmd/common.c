/* common.c - options, messages and journals shared by the binaries */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
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
	char *line, *nl, *safe;

	cli_add_error(&sb, err);
	/* An ambiguity lists its candidates a line each: the library's
	 * line breaks are kept, each line sanitised on its own, and only
	 * the first carries the program's name. */
	for (line = sb.buf;; line = nl + 1) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (line == sb.buf)
			cli_say(c, "%s", line);
		else {
			safe = cli_need(wl_utf8_sanitize(line));
			fprintf(stderr, "%s\n", safe);
			free(safe);
		}
		if (nl == NULL)
			break;
	}
	strbuf_release(&sb);
	exit(EXIT_TROUBLE);
}

const struct wl_rec *
cli_find(struct cli *c, const struct wl_journal *j, const char *id,
    unsigned mask)
{
	const struct wl_rec *r;
	struct wl_error err;

	if ((r = wl_journal_find(j, id, mask, c->verb != NULL ?
	    c->verb->name : NULL, &err)) == NULL)
		cli_fail(c, &err);
	return r;
}

/* 1 if the running verb takes -s. */
static int
cli_has_session(const struct cli *c)
{
	for (const struct option *o = c->verb != NULL ? c->verb->longopts :
	    NULL; o != NULL && o->name != NULL; o++)
		if (strcmp(o->name, "session") == 0)
			return 1;
	return 0;
}

const struct wl_rec *
cli_participant(struct cli *c, const struct wl_journal *j,
    const struct wl_rec *s, const char *who, const char *path)
{
	struct wl_diag quiet = { NULL, NULL, 0, 0 };
	struct wl_journal *all;
	struct wl_error err;
	const struct wl_rec *p = wl_journal_participant(j, s, who, &err);
	char *cut;

	if (p != NULL)
		return p;
	if (err.code == WL_ENOTFOUND && path != NULL) {
		/* j is the writer's part, from the session on: whoever of
		 * an earlier session answers is in the whole journal. */
		if ((all = wl_journal_load(&path, 1, &quiet, NULL)) != NULL &&
		    (s = wl_journal_get(all, wl_rec_id(s))) != NULL)
			wl_journal_participant(all, s, who, &err);
		wl_journal_free(all);
	}
	/* The way to another session is -s; a verb that works in its
	 * record's session (endorse, edit) has none to add: it is told
	 * where the person is, not what it cannot do. */
	if (err.code == WL_ENOTFOUND && !cli_has_session(c) &&
	    (cut = strstr(err.msg, "; add -s ")) != NULL)
		*cut = '\0';
	cli_fail(c, &err);
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
	/* A standard stream the caller closed (>&-, 2>&-) would be the
	 * number open(2) gives the journal next: ids or messages would be
	 * written into it.  /dev/null, opened so that writing to it fails
	 * (and reading standard input does), holds the place instead. */
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", fd == STDIN_FILENO ? O_WRONLY :
		    O_RDONLY) != fd)
			exit(EXIT_TROUBLE);	/* nowhere to say it */
	for (int i = 1; i < argc; i++)
		if (!wl_utf8_valid(argv[i], strlen(argv[i]), NULL))
			cli_die(c, "argument %d is not valid UTF-8", i);
}

/*
 * What the getopt layer must know of some verbs, the one list of it:
 * the options meant to be given more than once (any other option that
 * takes a value is refused when given twice), and the verbs whose
 * operands are a text (option NULL).  A NULL program or verb is any.
 */
static const struct {
	const char *prog, *verb, *option;	/* its long name */
} special[] = {
	{ "wl-note", "add", NULL },
	{ "wl-advice", "add", NULL },
	{ "wl-advice", "agree", NULL },
	{ NULL, NULL, "file" },		/* a reader reads journals as one */
	{ "wl-session", "new", "facilitator" },
	{ "wl-note", "add", "tag" },
	{ "wl-note", "edit", "tag" },
	{ "wl-advice", "add", "tag" },
	{ "wl-advice", "edit", "tag" },
	{ "wl-advice", "endorse", "by" },	/* one endorsement each */
};

/* 1 if the running verb is in special[] with option (NULL: as a verb
 * whose operands are a text). */
static int
is_special(struct cli *c, const char *option)
{
	for (size_t i = 0; c->verb != NULL &&
	    i < sizeof(special) / sizeof(*special); i++)
		if ((special[i].prog == NULL ||
		    strcmp(special[i].prog, c->prog) == 0) &&
		    (special[i].verb == NULL ||
		    strcmp(special[i].verb, c->verb->name) == 0) &&
		    (special[i].option == NULL ? option == NULL :
		    option != NULL && strcmp(special[i].option, option) == 0))
			return 1;
	return 0;
}

/*
 * The word of argv that getopt_long just found no option in: the whole
 * "-x" or "--word", not only its letter.  getopt_long moves optind past
 * a word once it has read its last letter, and leaves it at a word
 * whose letters it is still reading.
 */
static const char *
unknown_word(char **argv)
{
	const char *w;

	if (optopt == 0 || optopt >= 256)
		return argv[optind - 1];	/* a long option, whole */
	w = argv[optind - 1];
	if (w[0] == '-' && w[1] != '-' && w[strlen(w) - 1] == optopt)
		return w;
	return argv[optind];
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
		if (is_special(c, NULL))
			cli_die(c, "'%s' is no option of %s; to record it as "
			    "text, put -- before it", unknown_word(argv),
			    c->verb->name);
		if (optopt != 0 && optopt < 256)
			cli_usage_error(c, "unknown option '-%c'", optopt);
		cli_usage_error(c, "unknown option '%s'", argv[optind - 1]);
	}
}

/*
 * Option ch (long option li of the verb's, -1 for a short one) came
 * with value arg: refuse it when it came before and is not meant to
 * repeat.  Which of two values the user meant is not for us to guess.
 */
static void
once(struct cli *c, int ch, int li, const char *arg)
{
	const struct option *o, *lo = li >= 0 ? &c->verb->longopts[li] : NULL;
	struct strbuf name = STRBUF_INIT;
	size_t i;

	for (o = c->verb->longopts; lo == NULL && o->name != NULL; o++)
		if (o->flag == NULL && o->val == ch)
			lo = o;
	if (lo != NULL && is_special(c, lo->name))
		return;
	for (i = 0; i < c->ngiven && c->given[i].ch != ch; i++)
		;
	if (i == c->ngiven) {
		if (c->ngiven < sizeof(c->given) / sizeof(*c->given)) {
			c->given[c->ngiven].ch = ch;
			c->given[c->ngiven++].arg = arg;
		}
		return;
	}
	/* Named as it was given this time: -k, or --kind. */
	if (li >= 0 || ch >= 256)
		strbuf_addf(&name, "--%s", lo->name);
	else
		strbuf_addf(&name, "-%c", ch);
	cli_die(c, "%s given twice (%s, %s); give it once", name.buf,
	    c->given[i].arg, arg);
}

/*
 * getopt_long, with the options of a verb in any order among its
 * operands whatever POSIXLY_CORRECT says: with it, getopt_long stops
 * at the first operand, and "add -k do Bel -t x" would record the
 * text "Bel -t x" without a word.  glibc reads the variable when it
 * starts over (optind 0), so it is put aside for that call only; what
 * the program runs ($EDITOR) still sees it.
 */
static int
posix_aside(struct cli *c, int argc, char **argv, int *li)
{
	const char *v = optind == 0 ? getenv("POSIXLY_CORRECT") : NULL;
	char *saved = v != NULL ? cli_need(strdup(v)) : NULL;
	int ch;

	if (saved != NULL)
		unsetenv("POSIXLY_CORRECT");
	ch = getopt_long(argc, argv, c->optstring.buf, c->verb->longopts, li);
	if (saved != NULL && setenv("POSIXLY_CORRECT", saved, 1) < 0)
		cli_oom();
	free(saved);
	return ch;
}

int
cli_getopt(struct cli *c, int argc, char **argv)
{
	static const char *const formats[] = { "table", "tsv", "csv",
		"xlsx", "jsonl", "json", NULL };
	const char *spec;
	int ch, li;

	opterr = 0;
	for (;;) {
		li = -1;
		ch = posix_aside(c, argc, argv, &li);
		if (li >= 0 ? c->verb->longopts[li].has_arg ==
		    required_argument : ch > 0 && ch < 256 && ch != ':' &&
		    ch != '?' && (spec = strchr(c->optstring.buf, ch)) !=
		    NULL && spec[1] == ':')
			once(c, ch, li, optarg);
		switch (ch) {
		case 'f':
			if (c->nfiles == MAX_FILES)
				cli_usage_error(c, "too many -f files (at "
				    "most %d)", MAX_FILES);
			c->files[c->nfiles++] = optarg;
			continue;
		case 'o':
			if (c->o_file) {
				c->output = optarg;
				continue;
			}
			if ((c->format = wl_format_from_name(optarg)) < 0)
				cli_choice(c, "output format", optarg,
				    formats);
			/* A workbook is bytes no one reads on a screen. */
			if (c->format == WL_FMT_XLSX &&
			    isatty(STDOUT_FILENO))
				cli_usage_error(c, "-o xlsx writes a "
				    "workbook, not text for a terminal: "
				    "redirect it to a file, as in -o xlsx > "
				    "list.xlsx");
			continue;
		case OPT_SEP:
			/* One byte that cannot be part of a cell's
			 * quoting or of a line's end. */
			if (strlen(optarg) != 1 || strchr("\"\r\n", *optarg) ||
			    (unsigned char)*optarg >= 0x80 ||
			    (*optarg >= '0' && *optarg <= '9') ||
			    ((*optarg | 0x20) >= 'a' && (*optarg | 0x20) <= 'z'))
				cli_usage_error(c, "--sep takes one byte that "
				    "is no letter, digit, quote or line end, "
				    "such as ';' or ',', not '%s'", optarg);
			c->sep = *optarg;
			continue;
		case OPT_LABELS: {
			static const char *const langs[] = { "nl", "en",
				NULL };
			struct wl_lang *l;
			struct wl_error err;

			if (strcmp(optarg, "nl") != 0 &&
			    strcmp(optarg, "en") != 0)
				cli_choice(c, "--labels", optarg, langs);
			/* Its file read now, to say what is wrong with
			 * it; the list reads it again. */
			if ((l = wl_lang_load(optarg, &err)) == NULL)
				cli_fail(c, &err);
			wl_lang_free(l);
			c->labels = *optarg == 'n' ? WL_OUT_LABELS_NL :
			    WL_OUT_LABELS_EN;
			continue;
		}
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
cli_list_begin(struct cli *c, const char *sel, int all, int flags,
    const char *const *cols, size_t ncols, struct wl_journal **j,
    const struct wl_rec **s)
{
	struct wl_error err;

	*j = cli_load(c);
	*s = NULL;
	if (!all && (*s = wl_journal_session(*j, sel, &err)) == NULL)
		cli_fail(c, &err);
	if (c->municipality != NULL)
		cli_municipality(c, *j, c->municipality);
	return cli_need(wl_out_new(stdout, cli_format(c), cols, ncols, *j,
	    flags));
}

const char *
cli_known_as(const struct wl_rec *p, int anonymous)
{
	return wl_rec_str(p, "name") && !anonymous ? wl_rec_str(p, "name") :
	    wl_rec_str(p, "role");
}

const char *
cli_owner(const struct wl_journal *j, const char *owner, int anonymous)
{
	const struct wl_rec *p = owner ? wl_journal_get(j, owner) : NULL;

	if (p == NULL || wl_rec_type(p) != WL_PARTICIPANT)
		return owner;
	return cli_known_as(p, anonymous || !wl_rec_bool(p, "consent", 0));
}

int
cli_list_end(struct cli *c, struct wl_out *o, struct wl_journal *j)
{
	int rc = wl_out_end(o), oom = rc < 0 && errno == ENOMEM;

	wl_journal_free(j);
	if (oom)	/* rows are written at the end, in order */
		cli_oom();
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

const char *
cli_enum(struct cli *c, enum wl_type t, const char *field, const char *value)
{
	struct strbuf msg = STRBUF_INIT, flag = STRBUF_INIT;
	struct wl_error err;
	const char *v = wl_enum_input(t, field, value, &err), *tail, *near;

	if (v != NULL)
		return v;
	if (err.code != WL_ENOTFOUND)
		cli_fail(c, &err);
	/* The value whole, as every usage error quotes it; then what
	 * there is, with the words of each, and the value or word it is
	 * near (the library measures the words too). */
	tail = strstr(err.msg, " (one of: ");
	strbuf_addf(&msg, "unknown %s '%s'%s", field, value,
	    tail != NULL ? tail : "");
	/* A flag's name is the likelier slip than a value. */
	cli_hint(c, value, NULL, &flag);
	if (flag.len > 0) {
		if ((near = strstr(msg.buf, "; did you mean ")) != NULL)
			strbuf_setlen(&msg, (size_t)(near - msg.buf));
		strbuf_addstr(&msg, flag.buf);
	}
	strbuf_release(&flag);
	cli_usage_error(c, "%s", msg.buf);
}

/* The edits (insert, delete, change a letter) from a to b, stopping
 * at 3: a slip is an edit or two. */
static size_t
edits(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], i, k, diag, up;

	if (la >= 64 || lb >= 64 || (la > lb ? la - lb : lb - la) > 2)
		return 3;
	for (k = 0; k <= lb; k++)
		row[k] = k;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (k = 1; k <= lb; k++) {
			up = row[k];
			row[k] = diag + (a[i - 1] != b[k - 1]);
			if (up + 1 < row[k])
				row[k] = up + 1;
			if (row[k - 1] + 1 < row[k])
				row[k] = row[k - 1] + 1;
			diag = up;
		}
	}
	return row[lb] < 3 ? row[lb] : 3;
}

void
cli_hint(struct cli *c, const char *value, const char *const *choices,
    struct strbuf *sb)
{
	const char *best = NULL;
	char *folded = cli_need(wl_utf8_fold(value));
	size_t d, bestd = 3;
	int tie = 0;

	for (const struct option *o = c->verb ? c->verb->longopts : NULL;
	    o != NULL && o->name != NULL; o++)
		if (o->has_arg == no_argument && strcmp(o->name, folded) == 0) {
			strbuf_addf(sb, "; did you mean --%s?", o->name);
			free(folded);
			return;
		}
	/* Compared without what is no letter, digit or '-': "do's" and
	 * "don't" are do and dont. */
	for (char *r = folded, *w = folded;; r++)
		if (*r == '\0' || *r == '-' || (unsigned char)*r >= 0x80 ||
		    isalnum((unsigned char)*r))
			if ((*w++ = *r) == '\0')
				break;
	/* Short words are near everything: "do" is two edits from
	 * "idea", so one edit for them, two for longer ones. */
	for (; choices != NULL && *choices != NULL; choices++) {
		d = edits(folded, *choices);
		if (d > (strlen(*choices) <= 4 ? 1u : 2u))
			continue;
		if (d < bestd)
			best = *choices, bestd = d, tie = 0;
		else if (d == bestd)
			tie = 1;
	}
	if (best != NULL && !tie)
		strbuf_addf(sb, "; did you mean %s?", best);
	free(folded);
}

int
cli_in_municipality(const struct wl_rec *r, const char *m)
{
	const struct wl_rec *s = wl_rec_session(r);

	return m == NULL || (s != NULL && !wl_rec_retracted(s) &&
	    wl_utf8_same(wl_rec_str(s, "municipality"), m));
}

void
cli_municipality(struct cli *c, const struct wl_journal *j, const char *m)
{
	char *want = cli_need(wl_utf8_fold(m)), *f;
	const char *best = NULL, *name;
	size_t d, bestd = 3;
	int tie = 0;

	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *s = wl_journal_at(j, i);

		if (wl_rec_type(s) != WL_SESSION || wl_rec_retracted(s) ||
		    (name = wl_rec_str(s, "municipality")) == NULL)
			continue;
		if (wl_utf8_same(name, m)) {
			free(want);
			return;
		}
		/* Near as cli_hint has it, case and accents aside; a
		 * name met twice is no tie. */
		f = cli_need(wl_utf8_fold(name));
		d = edits(want, f);
		free(f);
		if (d > (strlen(want) <= 4 ? 1u : 2u))
			continue;
		if (d < bestd)
			best = name, bestd = d, tie = 0;
		else if (d == bestd && !wl_utf8_same(best, name))
			tie = 1;
	}
	free(want);
	if (best != NULL && !tie)
		cli_die(c, "no session of municipality '%s'; did you mean "
		    "%s?", m, best);
	cli_die(c, "no session of municipality '%s'", m);
}

void
cli_session_cells(const struct wl_rec *r, const char **cells)
{
	const struct wl_rec *s = wl_rec_session(r);

	cells[0] = s ? wl_rec_str(s, "municipality") : NULL;
	cells[1] = s ? wl_rec_str(s, "date") : NULL;
	cells[2] = s ? wl_rec_id(s) : NULL;
}

int
cli_list_flags(struct cli *c, int view)
{
	enum wl_format f = cli_format(c);

	if (view && f != WL_FMT_JSONL && f != WL_FMT_JSON)
		cli_usage_error(c, "--view is for -o jsonl (and json, which "
		    "is a view already)");
	if (c->sep != '\0' && f != WL_FMT_CSV)
		cli_usage_error(c, "--sep is for -o csv");
	return (view ? WL_OUT_VIEW : 0) | (c->sep ? WL_OUT_SEP(c->sep) : 0) |
	    c->labels;
}

void
cli_choice(struct cli *c, const char *what, const char *value,
    const char *const *choices)
{
	struct strbuf list = STRBUF_INIT;

	for (const char *const *v = choices; v != NULL && *v != NULL; v++) {
		if (strcmp(*v, value) == 0) {
			strbuf_release(&list);
			return;
		}
		strbuf_addf(&list, "%s%s", v == choices ? "" : ", ", *v);
	}
	strbuf_addf(&list, ")");
	cli_hint(c, value, choices, &list);
	cli_usage_error(c, "unknown %s '%s' (one of: %s", what, value,
	    list.buf);
}

void
cli_date(struct cli *c, const char *date)
{
	static const char *const month[] = { "January", "February", "March",
		"April", "May", "June", "July", "August", "September",
		"October", "November", "December" };
	int days, rc = wl_date_check(date, &days);

	if (rc == 0)
		cli_usage_error(c, "'%s' is not a date like 2026-06-14", date);
	if (rc < 0 && days == 0)
		cli_die(c, "%s does not exist: months go from 01 to 12", date);
	if (rc < 0)
		cli_die(c, "%s does not exist: %s %.4s has %d days", date,
		    month[(date[5] - '0') * 10 + date[6] - '0' - 1], date,
		    days);
}

void
cli_unshown(struct cli *c, int errnum)
{
	cli_say(c, "warning: the journal holds what was written, but printing "
	    "it failed (%s); do not write it again", strerror(errnum));
	exit(EXIT_UNSHOWN);
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
    const char *sel, const char *rec)
{
	struct wl_journal *j;
	struct wl_error err;

	j = tail ? wl_journal_load_tail(paths[0], sel, rec, &c->diag, &err) :
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

/* 1 if word needs quoting for a shell. */
static int
shell_special(const char *word)
{
	return *word == '\0' || word[strspn(word, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./+,:=@%-")] != '\0';
}

/*
 * A journal holds personal data: a writer says, once a command (and
 * journal: check --repair takes several), when its mode lets its group
 * or everyone read it (a git clone or cp leaves 0644), as ssh does for
 * a key, with the command that mends it.  Only said: the write goes
 * on, and its exit status is its own.
 */
static void
warn_mode(struct cli *c, const char *path)
{
	struct strbuf q = STRBUF_INIT;
	struct stat st;

	if ((c->mode_said != NULL && strcmp(c->mode_said, path) == 0) ||
	    stat(path, &st) < 0 || !(st.st_mode & (S_IRGRP | S_IROTH)))
		return;
	c->mode_said = path;
	if (!shell_special(path))
		strbuf_addstr(&q, path);
	else {
		strbuf_addstr(&q, "'");
		for (const char *p = path; *p; p++)
			if (*p == '\'')
				strbuf_addstr(&q, "'\\''");
			else
				strbuf_addf(&q, "%c", *p);
		strbuf_addstr(&q, "'");
	}
	cli_say(c, "%s can be read by %s (mode %04o); it holds personal "
	    "data: chmod 600 %s%s", path, st.st_mode & S_IROTH ? "others" :
	    "its group", (unsigned)(st.st_mode & 07777), *path == '-' ?
	    "-- " : "", q.buf);
	strbuf_release(&q);
}

/* Open and lock, waiting as cli_writer_open says; it adds the word
 * about the mode once the journal is known to be there. */
static struct wl_writer *
writer_open(struct cli *c, const char *path, int flags)
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

struct wl_writer *
cli_writer_open(struct cli *c, const char *path, int flags)
{
	struct wl_writer *w = writer_open(c, path, flags);

	warn_mode(c, path);
	return w;
}

struct wl_journal *
cli_load_path(struct cli *c, const char *path)
{
	return load(c, &path, 1, 0, NULL, NULL);
}

struct wl_journal *
cli_load_latest(struct cli *c, const char *path, const char *sel)
{
	const char *env = getenv("WL_SESSION");

	if (sel == NULL && env != NULL && *env != '\0')
		sel = env;
	c->writer = 1;
	return load(c, &path, 1, 1, sel, NULL);
}

struct wl_journal *
cli_load_record(struct cli *c, const char *path, const char *sel,
    const char *id)
{
	c->writer = 1;
	return load(c, &path, 1, 1, sel, id);
}

struct wl_journal *
cli_load(struct cli *c)
{
	static const char *const in[] = { "-" };
	struct stat st;

	if (c->nfiles > 0)
		return load(c, c->files, c->nfiles, 0, NULL, NULL);
	if (fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode)) {
		struct wl_journal *j = load(c, in, 1, 0, NULL, NULL);
		const char *env = getenv("WL_JOURNAL");

		/* A pipe nobody meant as the journal (a script's loop, an
		 * ssh session) would read as an empty one: say where we
		 * looked instead of "no session". */
		if (wl_journal_count(j) == 0 && env != NULL && *env != '\0')
			cli_die(c, "read the journal from standard input (a "
			    "pipe) and found no records; give -f FILE (a pipe "
			    "comes before WL_JOURNAL)");
		if (wl_journal_count(j) == 0)
			cli_die(c, "read the journal from standard input (a "
			    "pipe) and found no records; give -f FILE or "
			    "WL_JOURNAL");
		return j;
	}
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

/*
 * The core of cli_append and cli_append_lines: lines[0..n) (canonical,
 * '\n' ended, from lines from[] of file when from is not NULL)
 * admitted by j and appended, each id printed; recs, when not NULL,
 * are the records of the lines, told the ids they are written with.
 * Frees lines, recs and j.
 */
static void
append_lines(struct cli *c, struct wl_writer *w, struct wl_journal *j,
    char **lines, json_t **recs, size_t n, const char *file,
    const long *from)
{
	struct wl_error err;
	long bad;
	size_t i;
	int again;

	/* The rules have the last word: nothing goes in that a reader
	 * would refuse or warn about. */
	if (j != NULL) {
		if ((bad = wl_journal_admit(j, lines, n, file, from,
		    &c->diag, &err)) < 0) {
			wl_writer_close(w);
			cli_fail(c, &err);
		}
		if (bad > 0) {
			wl_writer_close(w);
			exit(EXIT_TROUBLE);	/* each problem said */
		}
		wl_journal_free(j);
		/* The admit may have given a new record an id above those
		 * of its second: the record says the id it is written
		 * with, for a caller that holds on to it. */
		for (i = 0; recs != NULL && i < n; i++)
			if (json_object_set_new(recs[i], "id", json_stringn(
			    lines[i] + 7, WL_ID_LEN)) != 0) {
				wl_writer_close(w);	/* a journal it
							 * made goes again */
				cli_oom();
			}
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
	errno = 0;	/* what a failed print leaves is its reason */
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
				cli_unshown(c, ENOMEM);
			fputs(safe, stdout);
			if (safe != lines[i])
				free(safe);
		} else	/* as appended: a new record may have got an id
			 * above those of its second (wl_journal_admit) */
			printf("%.*s\n", WL_ID_LEN, lines[i] + 7);
		free(lines[i]);
		if (recs != NULL)
			json_decref(recs[i]);
	}
	free(lines);
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_unshown(c, errno != 0 ? errno : EIO);
}

void
cli_append(struct cli *c, struct wl_writer *w, struct wl_journal *j,
    json_t **recs, size_t n)
{
	char **lines = calloc(n + 1, sizeof(*lines));
	struct wl_error err;
	size_t i;

	/* A reader of our ids that went away makes printing them fail
	 * (EPIPE), said as such, not a death by SIGPIPE that a script
	 * could not tell from a write that never happened. */
	signal(SIGPIPE, SIG_IGN);
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
	append_lines(c, w, j, lines, recs, n, NULL, NULL);
}

void
cli_append_lines(struct cli *c, struct wl_writer *w, struct wl_journal *j,
    char **lines, size_t n, const char *file, const long *from)
{
	signal(SIGPIPE, SIG_IGN);	/* as cli_append */
	append_lines(c, w, j, lines, NULL, n, file, from);
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
