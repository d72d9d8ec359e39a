/* wl-report - reading whole journals: the advice report (md), pilots
 * compared, copies diffed, journals checked */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static const char usage[] =
"usage: wl-report [md] [-s ID | --municipality M | --all] [--lang LANG]\n"
"                 [--anonymous] [--charts svg|table|mermaid|none]\n"
"                 [--chart-dir DIR] [--date YYYY-MM-DD] [--draft]\n"
"                 [--no-front-matter] [-o FILE]\n"
"       wl-report compare [--by municipality|session] [--threshold X]\n"
"                 [--lang LANG] [--anonymous] [-o json] [JOURNAL...]\n"
"       wl-report diff [--anonymous] [-o jsonl] OLD NEW\n"
"       wl-report merge [-o FILE] JOURNAL JOURNAL...\n"
"       wl-report check [--repair [--force]] [JOURNAL...]\n"
"common options: [-f FILE]... [--max-errors N] [-h | --help] [--version]\n";

enum { OPT_MUNICIPALITY = OPT_FIRST_VERB_OPT, OPT_ALL, OPT_LANG,
	OPT_ANONYMOUS, OPT_CHARTS, OPT_BY, OPT_THRESHOLD, OPT_REPAIR,
	OPT_FORCE, OPT_CHART_DIR, OPT_DATE, OPT_DRAFT, OPT_NO_FRONT_MATTER };

static struct cli cli;

/* Say how many names --anonymous masked in free text, if any. */
static void
say_masked(size_t n)
{
	if (n > 0)
		cli_say(&cli, "masked %zu name%s in free text", n,
		    n == 1 ? "" : "s");
}

static struct wl_lang *
language(const char *opt)
{
	const char *env = getenv("WL_LANG");
	const char *name = opt ? opt : env && *env ? env : "nl";
	struct strbuf msg = STRBUF_INIT;
	struct wl_lang *l;
	struct wl_error err;

	if ((l = wl_lang_load(name, &err)) != NULL)
		return l;
	if (opt != NULL)
		cli_fail(&cli, &err);
	strbuf_addstr(&msg, "WL_LANG: ");
	cli_add_error(&msg, &err);
	cli_say(&cli, "%s", msg.buf);
	strbuf_release(&msg);
	exit(EXIT_TROUBLE);
}

static const struct option md_opts[] = {
	COMMON_LONGOPTS,
	{ "session", required_argument, NULL, 's' },
	{ "municipality", required_argument, NULL, OPT_MUNICIPALITY },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "anonymous", no_argument, NULL, OPT_ANONYMOUS },
	{ "charts", required_argument, NULL, OPT_CHARTS },
	{ "chart-dir", required_argument, NULL, OPT_CHART_DIR },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "draft", no_argument, NULL, OPT_DRAFT },
	{ "no-front-matter", no_argument, NULL, OPT_NO_FRONT_MATTER },
	{ NULL, 0, NULL, 0 }
};

/*
 * Write buf (len bytes, NUL-terminated, as a memory stream leaves it)
 * to standard output.  JSON always gets C1 controls, DEL and the
 * bidirectional overrides as \u escapes, the same JSON; Markdown gets
 * them, and any other control, as visible escapes line by line when
 * standard output is a terminal, as lists do: a journal's text must
 * not drive the terminal.  Into a file or a pipe the Markdown is as
 * it was made.  0, or -1 with errno set.
 */
static int
put_out(const char *buf, size_t len, int json)
{
	const char *p = buf, *nl;
	char *safe;

	if (json) {
		safe = cli_need(wl_utf8_json_safe(buf));
		len = strlen(safe);
		if (fwrite(safe, 1, len, stdout) != len) {
			free(safe);
			return -1;
		}
		free(safe);
		return fflush(stdout);
	}
	if (!isatty(STDOUT_FILENO))
		return fwrite(buf, 1, len, stdout) != len ? -1 :
		    fflush(stdout);
	while (p < buf + len) {
		char *line;

		nl = memchr(p, '\n', (size_t)(buf + len - p));
		line = cli_need(strndup(p, nl ? (size_t)(nl - p) :
		    (size_t)(buf + len - p)));
		safe = cli_need(wl_utf8_sanitize(line));
		free(line);
		if (fputs(safe, stdout) == EOF || (nl && putchar('\n') ==
		    EOF)) {
			free(safe);
			return -1;
		}
		free(safe);
		p = nl ? nl + 1 : buf + len;
	}
	return fflush(stdout);
}

/*
 * put_out for what was written to fp, a file, line by line: the JSON
 * made safe (only a line with a byte past ASCII can need it), the
 * Markdown as it was made unless standard output is a terminal.
 * 0, or -1 with errno set.
 */
static int
put_file(FILE *fp, int json)
{
	int tty = !json && isatty(STDOUT_FILENO), rc = 0;
	char *line = NULL, *safe;
	size_t cap = 0;
	ssize_t n, i;

	if (fflush(fp) != 0 || fseek(fp, 0, SEEK_SET) != 0)
		return -1;
	while (rc == 0 && (n = getline(&line, &cap, fp)) > 0) {
		if (tty) {
			rc = put_out(line, (size_t)n, 0);
			continue;
		}
		for (i = 0; json && i < n && (unsigned char)line[i] < 0x7f;
		    i++)
			;
		if (json && i < n) {
			safe = cli_need(wl_utf8_json_safe(line));
			rc = fputs(safe, stdout) == EOF ? -1 : 0;
			free(safe);
		} else if (fwrite(line, 1, (size_t)n, stdout) != (size_t)n)
			rc = -1;
	}
	if (rc == 0 && ferror(fp))
		rc = -1;
	free(line);
	return rc != 0 ? -1 : fflush(stdout);
}

/* Is path one of the journals read (the same file), or a file that
 * holds JSON Lines, which no report starts with? */
static int
is_journal(const char *path)
{
	struct stat st, jt;
	size_t i;
	FILE *fp;
	int c;

	if (stat(path, &st) != 0)
		return 0;
	for (i = 0; i < cli.nfiles; i++)
		if (stat(cli.files[i], &jt) == 0 && jt.st_dev == st.st_dev &&
		    jt.st_ino == st.st_ino)
			return 1;
	if (cli.nfiles == 0 && stat(cli_journal_path(&cli), &jt) == 0 &&
	    jt.st_dev == st.st_dev && jt.st_ino == st.st_ino)
		return 1;
	if (!S_ISREG(st.st_mode) || (fp = fopen(path, "r")) == NULL)
		return 0;
	while ((c = getc(fp)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		;
	fclose(fp);
	return c == '{';
}

/*
 * A new file beside path (path.XXXXXX) with the mode a plain create
 * would give (0666 less the umask), its name in *tmp.  Dies on
 * failure, leaving nothing behind.
 */
static FILE *
open_beside(const char *path, char **tmp)
{
	struct strbuf sb = STRBUF_INIT;
	mode_t mask = umask(0);
	FILE *fp = NULL;
	int fd;

	umask(mask);
	strbuf_addf(&sb, "%s.XXXXXX", path);
	if ((fd = mkstemp(sb.buf)) < 0 || fchmod(fd, 0666 & ~mask) != 0 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		int e = errno;

		if (fd >= 0) {
			close(fd);
			unlink(sb.buf);
		}
		cli_die(&cli, "cannot write %s: %s", path, strerror(e));
	}
	*tmp = sb.buf;
	return fp;
}

/*
 * Close fp, opened by open_beside as tmp, and rename it over path once
 * all of it is on disk; frees tmp.  Dies on failure (tmp removed).
 */
static void
rename_over(FILE *fp, char *tmp, const char *path)
{
	int bad = ferror(fp) || fflush(fp) != 0 || fsync(fileno(fp)) != 0;
	int e = errno ? errno : EIO;

	if (fclose(fp) != 0 || bad || rename(tmp, path) != 0) {
		if (!bad)
			e = errno;
		unlink(tmp);
		cli_die(&cli, "cannot write %s: %s", path, strerror(e));
	}
	free(tmp);
}

/*
 * Write len bytes of buf to path as a whole or not at all, so that a
 * reader (or a crash) never sees half a file.  Dies on failure, path
 * unchanged.
 */
static void
write_atomic(const char *path, const char *buf, size_t len)
{
	char *tmp;
	FILE *fp = open_beside(path, &tmp);

	fwrite(buf, 1, len, fp);	/* a short write sets ferror(fp) */
	rename_over(fp, tmp, path);
}

/*
 * The report of -o FILE is made straight into a new file beside FILE
 * (report_open), renamed over it only once whole (report_commit):
 * --all of 1,000,000 records held its 150 MB and more twice in memory
 * when made in memory first.  Until the rename, any exit (a failure
 * said by cli_die) removes the new file.
 */
static char *report_tmp;

static void
report_tmp_remove(void)
{
	if (report_tmp != NULL)
		unlink(report_tmp);
}

static FILE *
report_open(const char *path)
{
	if (atexit(report_tmp_remove) != 0)
		cli_oom();
	return open_beside(path, &report_tmp);
}

static void
report_commit(const char *path, FILE *fp)
{
	char *tmp = report_tmp;

	report_tmp = NULL;	/* rename_over removes it on failure */
	rename_over(fp, tmp, path);
}

/*
 * The chart folder -o FILE implies: FILE less ".md", plus "-charts",
 * with a space in its own name made "-": pandoc's Markdown reader
 * loses the pictures it makes for Word of an image whose link has a
 * space, however the link is written.
 */
static char *
default_chart_dir(const char *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(out);
	char *base;

	if (n > 3 && strcmp(out + n - 3, ".md") == 0)
		n -= 3;
	strbuf_add(&sb, out, n);
	strbuf_addstr(&sb, "-charts");
	base = strrchr(sb.buf, '/') ? strrchr(sb.buf, '/') + 1 : sb.buf;
	for (; *base != '\0'; base++)
		if (*base == ' ')
			*base = '-';
	return sb.buf;
}

/* Link: the folder as the report links it, relative to the report's
 * own folder when it is the default one beside it. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Write the charts into dir (made if need be). */
static void
write_charts(const char *dir, const struct wl_chart_file *f, size_t n)
{
	struct strbuf path = STRBUF_INIT;

	if (n == 0)
		return;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		cli_die(&cli, "cannot make the chart folder %s: %s", dir,
		    strerror(errno));
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, f[i].name);
		write_atomic(path.buf, f[i].svg, strlen(f[i].svg));
	}
	strbuf_release(&path);
}

static int
cmd_md(int argc, char **argv)
{
	static const char *const charts[] = { "svg", "table", "mermaid",
		"none", NULL };
	static const enum wl_charts kinds[] = { WL_CHARTS_SVG,
		WL_CHARTS_TABLE, WL_CHARTS_MERMAID, WL_CHARTS_NONE };
	const char *sel = NULL, *municipality = NULL, *lang = NULL;
	const char *chart_dir = NULL;
	char *dir = NULL, *buf = NULL;
	size_t len = 0, nsvgs = 0;
	struct wl_chart_file *svgs = NULL;
	FILE *out;
	struct wl_report_opts ro = { NULL, 0, WL_CHARTS_TABLE, NULL, 0,
		NULL, NULL, NULL, NULL, NULL, NULL, 0, 0 };
	int kind = -1;
	const struct wl_rec **sessions = NULL, **every = NULL;
	char **folded = NULL;
	size_t n = 0, i, masked = 0;
	struct wl_journal *j;
	struct wl_error err;
	int all = 0, ch;

	cli.o_file = 1;
	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 's': sel = optarg; break;
		case OPT_MUNICIPALITY: municipality = optarg; break;
		case OPT_ALL: all = 1; break;
		case OPT_LANG: lang = optarg; break;
		case OPT_ANONYMOUS: ro.anonymous = 1; break;
		case OPT_CHARTS:
			cli_choice(&cli, "chart kind", optarg, charts);
			for (kind = 0; strcmp(charts[kind], optarg) != 0;
			    kind++)
				;
			break;
		case OPT_CHART_DIR: chart_dir = optarg; break;
		case OPT_DATE:
			if (wl_date_check(optarg, NULL) != 1)
				cli_usage_error(&cli, "--date wants a date "
				    "like 2026-11-12, not '%s'", optarg);
			ro.date = optarg;
			break;
		case OPT_DRAFT: ro.draft = 1; break;
		case OPT_NO_FRONT_MATTER: ro.no_front_matter = 1; break;
		}
	}
	cli_no_operands(&cli, argc, argv);
	/* Images need a file beside the report: svg with -o, where the
	 * report is a document; a table otherwise, which every reader
	 * shows and which writes nothing behind standard output's back. */
	ro.charts = kind >= 0 ? kinds[kind] : cli.output != NULL ?
	    WL_CHARTS_SVG : WL_CHARTS_TABLE;
	if (chart_dir != NULL && ro.charts != WL_CHARTS_SVG)
		cli_usage_error(&cli, "--chart-dir goes with --charts svg");
	/* Said here, not only in CAVEATS: the pictures go missing later,
	 * in LibreOffice's PDF, where nobody connects it to this name. */
	if (chart_dir != NULL && strchr(chart_dir, ' ') != NULL)
		cli_say(&cli, "warning: pandoc leaves the charts out of a "
		    "PDF made through Word when their folder's name has a "
		    "space ('%s'); choose a name without one", chart_dir);
	if (cli.output != NULL && (*cli.output == '\0' ||
	    strcmp(cli.output, "-") == 0))
		cli_usage_error(&cli, "-o wants a file name");
	if (cli.output != NULL && is_journal(cli.output))
		cli_die(&cli, "%s is a journal: the report is not written "
		    "over it", cli.output);
	/* The folder the files go to, and the one the report links:
	 * the default sits beside the report and is linked from there. */
	if (ro.charts == WL_CHARTS_SVG) {
		dir = cli_need(chart_dir ? strdup(chart_dir) : cli.output ?
		    default_chart_dir(cli.output) : strdup("wl-charts"));
		ro.chart_dir = chart_dir ? chart_dir : cli.output ?
		    base_name(dir) : dir;
		ro.svgs = &svgs;
		ro.nsvgs = &nsvgs;
	}
	if ((sel != NULL) + (municipality != NULL) + all > 1)
		cli_usage_error(&cli, "give one of -s, --municipality and "
		    "--all");
	ro.lang = language(lang);
	j = cli_load(&cli);
	if (sel == NULL && municipality == NULL && !all) {
		const struct wl_rec *s = wl_journal_session(j, NULL, &err);

		if (s == NULL)
			cli_fail(&cli, &err);
		sessions = cli_need(malloc(sizeof(*sessions)));
		sessions[n++] = s;
	} else if (sel != NULL) {
		const struct wl_rec *s = wl_journal_session(j, sel, &err);

		if (s == NULL)
			cli_fail(&cli, &err);
		sessions = cli_need(malloc(sizeof(*sessions)));
		sessions[n++] = s;
	} else {
		sessions = cli_need(calloc(wl_journal_count(j) + 1,
		    sizeof(*sessions)));
		every = cli_need(calloc(wl_journal_count(j) + 1,
		    sizeof(*every)));
		for (i = 0; i < wl_journal_count(j); i++) {
			const struct wl_rec *s = wl_journal_at(j, i);

			/* Each report looks back at the earlier sessions:
			 * they are listed once, not found by a walk over
			 * the journal per report. */
			if (wl_rec_type(s) == WL_SESSION)
				every[ro.nsessions++] = s;
			if (wl_rec_type(s) == WL_SESSION &&
			    !wl_rec_retracted(s) && (municipality == NULL ||
			    wl_utf8_same(wl_rec_str(s, "municipality"),
			    municipality)))
				sessions[n++] = s;
		}
		ro.sessions = every;
		folded = cli_need(calloc(ro.nsessions + 1, sizeof(*folded)));
		for (i = 0; i < ro.nsessions; i++) {
			const char *m = wl_rec_str(every[i], "municipality");

			if (m != NULL)
				folded[i] = cli_need(wl_utf8_fold(m));
		}
		ro.folded = folded;
		if (n == 0 && municipality != NULL)
			cli_die(&cli, "no session of municipality '%s'",
			    municipality);
		if (n == 0)
			cli_die(&cli, "no session in the journal; start one "
			    "with 'wl-session new'");
	}
	/* Every report is made before a byte is written. */
	ro.masked = &masked;
	/* Into a new file beside -o's; sanitised for a terminal
	 * (put_out): made in memory first; a pipe gets it as it is made
	 * (wl_report_md_all writes nothing before all are made). */
	out = cli.output != NULL ? report_open(cli.output) :
	    isatty(STDOUT_FILENO) ? cli_need(open_memstream(&buf, &len)) :
	    stdout;
	if (wl_report_md_all(out, j, sessions, n, &ro, &cli.diag,
	    &err) < 0)
		cli_fail(&cli, &err);
	/* The charts first: the report never links a missing one. */
	if (dir != NULL)
		write_charts(dir, svgs, nsvgs);
	if (cli.output != NULL)
		report_commit(cli.output, out);
	else if (out != stdout) {
		int bad = ferror(out);

		if (fclose(out) != 0 || bad)
			cli_oom();	/* the stream is in memory */
		if (put_out(buf, len, 0) != 0)
			cli_die(&cli, "cannot write to standard output: %s",
			    strerror(errno));
		free(buf);
	} else if (fflush(stdout) != 0 || ferror(stdout))
		cli_die(&cli, "cannot write to standard output: %s",
		    strerror(errno));
	for (i = 0; i < nsvgs; i++) {
		free(svgs[i].name);
		free(svgs[i].svg);
	}
	free(svgs);
	free(dir);
	say_masked(masked);
	free(sessions);
	free(every);
	for (i = 0; folded != NULL && i < ro.nsessions; i++)
		free(folded[i]);
	free(folded);
	wl_journal_free(j);
	wl_lang_free((struct wl_lang *)ro.lang);
	return 0;
}

/* Operands name journals, like -f; "-o FORMAT" is read by hand here
 * because md and json are no list formats. */
static void
operands_as_files(int argc, char **argv)
{
	for (; optind < argc; optind++) {
		if (cli.nfiles == MAX_FILES)
			cli_usage_error(&cli, "too many journals (at most %d)",
			    MAX_FILES);
		cli.files[cli.nfiles++] = argv[optind];
	}
}

static const struct option compare_opts[] = {
	COMMON_LONGOPTS,
	{ "by", required_argument, NULL, OPT_BY },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "anonymous", no_argument, NULL, OPT_ANONYMOUS },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_compare(int argc, char **argv)
{
	static const char *const bys[] = { "municipality", "session", NULL };
	const char *lang = NULL;
	struct wl_journal *j;
	struct wl_lang *l = NULL;
	struct wl_error err;
	int by_session = 0, permille = 500, anonymous = 0, ch;
	size_t masked = 0;
	FILE *tmp;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_BY:
			cli_choice(&cli, "--by value", optarg, bys);
			by_session = strcmp(optarg, "session") == 0;
			break;
		case OPT_THRESHOLD:
			if (wl_threshold_parse(optarg, &permille) < 0)
				cli_usage_error(&cli, "--threshold wants a "
				    "number above 0 and at most 1, with up "
				    "to three decimals (like 0.5), not '%s'",
				    optarg);
			break;
		case OPT_LANG: lang = optarg; break;
		case OPT_ANONYMOUS: anonymous = 1; break;
		}
	}
	if (cli.format >= 0 && cli.format != WL_FMT_JSON)
		cli_usage_error(&cli, "compare writes Markdown, or json with "
		    "-o json");
	operands_as_files(argc, argv);
	if (cli.format < 0)
		l = language(lang);
	j = cli_load(&cli);
	/* Written group by group, into a file first: nothing is shown
	 * unless all of it could be made. */
	if ((tmp = wl_spool_open(&err)) == NULL)
		cli_fail(&cli, &err);
	/* Markers in the report's words for Markdown; json names roles
	 * as the lists do, in English. */
	if (wl_compare_write(tmp, j, by_session, permille, l,
	    anonymous ? &masked : NULL, &err) < 0)
		cli_fail(&cli, &err);
	wl_journal_free(j);
	if (put_file(tmp, l == NULL) != 0)
		cli_die(&cli, "cannot write to standard output: %s",
		    strerror(errno));
	fclose(tmp);
	wl_lang_free(l);
	say_masked(masked);
	return 0;
}

static const struct option diff_opts[] = {
	COMMON_LONGOPTS,
	{ "anonymous", no_argument, NULL, OPT_ANONYMOUS },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_diff(int argc, char **argv)
{
	struct wl_journal *old, *new;
	unsigned flags = 0;
	size_t masked = 0;
	long n;
	int e, ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1)
		if (ch == OPT_ANONYMOUS)
			flags |= WL_DIFF_ANONYMOUS;
	if (cli.format >= 0 && cli.format != WL_FMT_JSONL)
		cli_usage_error(&cli, "diff writes text, or jsonl operations "
		    "with -o jsonl");
	if (argc - optind != 2 || cli.nfiles > 0)
		cli_usage_error(&cli, "diff compares two journals: OLD NEW");
	old = cli_load_path(&cli, argv[optind]);
	new = cli_load_path(&cli, argv[optind + 1]);
	if (cli.format == WL_FMT_JSONL)
		flags |= WL_DIFF_JSONL;
	n = wl_diff_write(stdout, old, new, flags, &masked);
	e = errno;
	wl_journal_free(old);
	wl_journal_free(new);
	if (n < 0 && e == ENOMEM)
		cli_oom();
	if (n < 0)
		cli_die(&cli, "cannot write to standard output: %s",
		    strerror(e));
	say_masked(masked);
	return n > 0 ? EXIT_NO : 0;
}

static const struct option merge_opts[] = {
	COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* Copy the file at path to standard output, and remove it (first: a
 * failure after leaves nothing behind): as it is into a file or a pipe,
 * JSON made terminal-safe on a terminal (put_out). */
static void
cat_out(const char *path)
{
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[65536];
	FILE *in = fopen(path, "r"), *ms;
	int e = errno;

	unlink(path);
	if (in == NULL)
		cli_die(&cli, "cannot read %s: %s", path, strerror(e));
	ms = cli_need(open_memstream(&buf, &len));
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		if (fwrite(chunk, 1, n, ms) != n)
			cli_oom();	/* the stream is in memory */
	if (ferror(in) || fclose(ms) != 0)
		cli_die(&cli, "cannot read %s: %s", path, strerror(errno));
	fclose(in);
	if (put_out(buf, len, isatty(STDOUT_FILENO)) != 0)
		cli_die(&cli, "cannot write to standard output: %s",
		    strerror(errno));
	free(buf);
}

/*
 * merge: the union of mailed copies as one journal.  It is made in a
 * new file of its own (beside -o FILE, so that the rename stays on one
 * file system; else in $TMPDIR) and only then renamed or copied out:
 * a refused merge writes nothing.  -o never names a journal, an input
 * or another: a journal is written by writers under its lock, and a
 * rename over it could lose what one appends meanwhile.
 */
static int
cmd_merge(int argc, char **argv)
{
	const char *tmpdir = getenv("TMPDIR");
	struct strbuf tmp = STRBUF_INIT;
	struct wl_merge_info info;
	struct wl_error err;
	long n;
	int fd;

	cli.o_file = 1;
	while (cli_getopt(&cli, argc, argv) != -1)
		;
	if (cli.nfiles > 0)
		cli_usage_error(&cli, "merge takes its copies as operands, "
		    "not -f");
	if (argc - optind < 2)
		cli_usage_error(&cli, "merge wants two copies of a journal "
		    "or more: JOURNAL JOURNAL...");
	operands_as_files(argc, argv);
	if (cli.output != NULL && (*cli.output == '\0' ||
	    strcmp(cli.output, "-") == 0))
		cli_usage_error(&cli, "-o wants a file name");
	if (cli.output != NULL && is_journal(cli.output))
		cli_die(&cli, "%s is a journal: merge writes a new file, not "
		    "over a journal or a copy it reads", cli.output);
	if (cli.output != NULL)
		strbuf_addf(&tmp, "%s.merge-XXXXXX", cli.output);
	else
		strbuf_addf(&tmp, "%s/wl-merge-XXXXXX", tmpdir && *tmpdir ?
		    tmpdir : "/tmp");
	if ((fd = mkstemp(tmp.buf)) < 0)
		cli_die(&cli, "cannot make %s: %s", tmp.buf, strerror(errno));
	close(fd);
	n = wl_merge(cli.files, cli.nfiles, tmp.buf, &info, &cli.diag, &err);
	if (n != 0)
		unlink(tmp.buf);
	if (n < 0)
		cli_fail(&cli, &err);
	if (n > 0)
		cli_die(&cli, "%ld problem%s in the union of the copies: "
		    "nothing merged", n, n == 1 ? "" : "s");
	if (cli.output != NULL && rename(tmp.buf, cli.output) != 0) {
		int e = errno;

		unlink(tmp.buf);
		cli_die(&cli, "cannot write %s: %s", cli.output, strerror(e));
	}
	if (cli.output == NULL)
		cat_out(tmp.buf);
	/* Most lines of mailed copies are the same: the count says how
	 * much of them was shared, as check --repair says it. */
	if (info.dropped > 0)
		cli_say(&cli, "dropped %zu line%s that repeated an earlier "
		    "one", info.dropped, info.dropped == 1 ? "" : "s");
	if (info.undone > 0)
		cli_say(&cli, "dropped %zu line%s that brought back what a "
		    "redaction erased", info.undone, info.undone == 1 ? "" :
		    "s");
	if (info.erased > 0)
		cli_say(&cli, "erased %zu line%s of erased participants",
		    info.erased, info.erased == 1 ? "" : "s");
	if (info.fragments > 0)
		cli_say(&cli, "left out %zu torn fragment%s",
		    info.fragments, info.fragments == 1 ? "" : "s");
	strbuf_release(&tmp);
	return 0;
}

/* Check one journal; its problems go out through cli.diag. */
static long
check_one(const char *path)
{
	size_t before = cli.diag.nerrors;
	struct wl_error err;
	long n;

	if ((n = wl_check(path, &cli.diag, &err)) < 0)
		cli_fail(&cli, &err);
	if (n > 0)
		cli_say(&cli, "%s: %ld problem%s%s", strcmp(path, "-") ?
		    path : "<stdin>", n, n == 1 ? "" :
		    "s", (long)(cli.diag.nerrors) > cli.max_errors &&
		    before < cli.diag.nerrors ? " (not all shown; see "
		    "--max-errors)" : "");
	return n;
}

/* Mend path; force: overwrite it in place (wl_writer_rewrite). */
static void
repair_one(const char *path, int force)
{
	struct wl_repair done;
	struct wl_writer *w;
	struct wl_error err;

	if (strcmp(path, "-") == 0)
		cli_usage_error(&cli, "--repair needs a journal file, not "
		    "standard input");
	/* Not WL_W_REWRITE: a journal with nothing to mend is not
	 * rewritten, so it is refused only when it would be. */
	w = cli_writer_open(&cli, path, WL_W_NOWAIT |
	    (force ? WL_W_IN_PLACE : 0));
	if (wl_check_repair(w, path, &done, &err) < 0) {
		wl_writer_close(w);
		cli_fail(&cli, &err);
	}
	wl_writer_close(w);
	if (done.dropped > 0)
		cli_say(&cli, "%s: dropped %zu line%s that repeated an earlier "
		    "one", path, done.dropped, done.dropped == 1 ? "" : "s");
	if (done.undone > 0)
		cli_say(&cli, "%s: dropped %zu line%s that brought back what a "
		    "redaction erased", path, done.undone,
		    done.undone == 1 ? "" : "s");
	if (done.erased > 0)
		cli_say(&cli, "%s: erased %zu line%s of erased participants",
		    path, done.erased, done.erased == 1 ? "" : "s");
	if (done.blank > 0)
		cli_say(&cli, "%s: dropped %zu blank line%s", path, done.blank,
		    done.blank == 1 ? "" : "s");
	if (done.tornfile != NULL && done.fragments > 0)
		cli_say(&cli, "%s: moved %zu torn fragment%s (%zu bytes in all, "
		    "with any torn last line) to %s", path, done.fragments,
		    done.fragments == 1 ? "" : "s", done.torn, done.tornfile);
	else if (done.tornfile != NULL && done.torn > 0)
		cli_say(&cli, "%s: moved the torn last line (%zu bytes) to %s",
		    path, done.torn, done.tornfile);
	if (done.long_lines > 0)
		cli_say(&cli, "%s: moved %zu line%s longer than %d bytes "
		    "(%zu bytes in all) to %s", path, done.long_lines,
		    done.long_lines == 1 ? "" : "s", WL_LINE_MAX,
		    done.long_bytes, done.tornfile);
	free(done.tornfile);
}

static const struct option check_opts[] = {
	COMMON_LONGOPTS,
	{ "repair", no_argument, NULL, OPT_REPAIR },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_check(int argc, char **argv)
{
	long problems = 0;
	int repair = 0, force = 0, ch;

	while ((ch = cli_getopt(&cli, argc, argv)) != -1)
		if (ch == OPT_REPAIR)
			repair = 1;
		else if (ch == OPT_FORCE)
			force = 1;
	if (force && !repair)
		cli_usage_error(&cli, "--force goes with --repair");
	operands_as_files(argc, argv);
	if (cli.nfiles == 0) {
		struct stat st;
		/* Like every reader: a pipe on standard input, else the
		 * journal.  Computed first: cli_journal_path reads nfiles. */
		const char *path = !repair && fstat(STDIN_FILENO, &st) == 0 &&
		    S_ISFIFO(st.st_mode) ? "-" : cli_journal_path(&cli);

		cli.files[cli.nfiles++] = path;
	}
	for (size_t i = 0; i < cli.nfiles; i++) {
		if (repair)
			repair_one(cli.files[i], force);
		problems += check_one(cli.files[i]);
	}
	return problems > 0 ? EXIT_NO : 0;
}

static const struct cli_verb verbs[] = {
	{ "md", cmd_md, "s:", md_opts },
	{ "compare", cmd_compare, "", compare_opts },
	{ "diff", cmd_diff, "", diff_opts },
	{ "merge", cmd_merge, "", merge_opts },
	{ "check", cmd_check, "", check_opts },
};

int
main(int argc, char **argv)
{
	cli_init(&cli, "wl-report", usage, argc, argv);
	/* The report is what "wl-report" alone makes. */
	return cli_dispatch(&cli, argc, argv, verbs,
	    sizeof(verbs) / sizeof(*verbs), "md");
}
