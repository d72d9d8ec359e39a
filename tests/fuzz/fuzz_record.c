/*
 * fuzz_record.c - libFuzzer harness for the journal reader, the record
 * parser and validator, the fold and the canonical encoding
 *
 * Each input is one journal.  Every line goes through wl_line_parse;
 * a record that parses must encode to a line that parses again and
 * encodes to the same bytes (the canonical form is a fixed point).
 * Then the whole input is read as a file through wl_journal_load (the
 * reader with its torn-tail and over-long-line rules, the id index,
 * the fold) and the folded state is walked and written as jsonl with
 * closure, the way wl-note list does.  Last, the journal is put to the
 * promises of tests/fuzz/agree.c: check and the loader say the same
 * problems, the fast list writes what the plain one does or nothing,
 * and a record that import takes brings no problem.  Built by 'make
 * fuzz'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wl.h"
#include "internal.h"
#include "agree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* encode(parse(line)) parses again and encodes to the same bytes. */
static void
round_trip(const char *line, size_t len)
{
	struct wl_error err;
	char *a, *b;
	size_t alen, blen;
	json_t *r, *r2;

	if ((r = wl_line_parse(line, len, &err)) == NULL) {
		/* A refused line says why, and where within the line. */
		if (err.msg[0] == '\0' || err.col < 1)
			abort();
		return;
	}
	if ((a = wl_line_encode(r, &alen)) == NULL)
		abort();
	if (alen == 0 || a[alen - 1] != '\n' || memchr(a, '\n', alen - 1))
		abort();
	if ((r2 = wl_line_parse(a, alen - 1, &err)) == NULL) {
		fprintf(stderr, "re-parse failed: %s\n%s", err.msg, a);
		abort();
	}
	if (!json_equal(r, r2))
		abort();
	if ((b = wl_line_encode(r2, &blen)) == NULL)
		abort();
	if (alen != blen || memcmp(a, b, alen) != 0) {
		fprintf(stderr, "encoding is no fixed point:\n%s%s", a, b);
		abort();
	}
	(void)wl_line_column(line, len, "text");
	free(a);
	free(b);
	json_decref(r);
	json_decref(r2);
}

static void
count(void *ctx, enum wl_severity sev, const struct wl_error *e)
{
	char buf[2048];

	(void)ctx;
	(void)sev;
	wl_error_format(e, buf, sizeof(buf));
}

/* Load the input as a journal file and walk its folded state. */
static void
load(const uint8_t *data, size_t size)
{
	static const char *const cols[] = { "id", "type" };
	struct wl_diag diag = { count, NULL, 0, 0 };
	struct wl_journal *j;
	struct wl_error err;
	struct wl_out *o;
	char path[64];
	const char *paths[1] = { path };
	FILE *null;
	int fd;

	if ((fd = memfd_create("journal", MFD_CLOEXEC)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	j = wl_journal_load(paths, 1, &diag, &err);
	close(fd);
	if (j == NULL)
		abort();	/* only I/O trouble makes NULL */
	null = fopen("/dev/null", "w");
	o = wl_out_new(null, WL_FMT_JSONL, cols, 2, j, 0);
	for (size_t i = 0; i < wl_journal_count(j); i++) {
		const struct wl_rec *r = wl_journal_at(j, i);
		int stale;

		if (wl_rec_pos(r) != i || wl_journal_get(j, wl_rec_id(r)) != r)
			abort();
		(void)wl_rec_retracted(r);
		(void)wl_rec_superseded(r);
		(void)wl_rec_parent(r);
		(void)wl_rec_status(r);
		(void)wl_rec_stale(r);
		(void)wl_rec_endorsements(r, NULL, &stale);
		if (wl_rec_session(r) != NULL)
			(void)wl_session_nblocks(wl_rec_session(r));
		wl_out_row(o, r, NULL);
	}
	(void)wl_journal_session(j, NULL, &err);
	(void)wl_journal_find(j, "0000", WL_ANY_TYPE, NULL, &err);
	wl_out_end(o);
	fclose(null);
	wl_journal_free(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;

	if (size > 4 * WL_LINE_MAX)
		return 0;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		round_trip(p, (size_t)(nl - p));
	}
	load(data, size);
	{
		char why[4096];

		if (agree_readers((const char *)data, size, why,
		    sizeof(why)) < 0 || agree_writers((const char *)data,
		    size, why, sizeof(why)) < 0) {
			fprintf(stderr, "%s\n", why);
			abort();
		}
	}
	return 0;
}
