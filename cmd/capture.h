/* capture.h - what wl-note and wl-advice share: texts from operands,
 * standard input or $EDITOR, the writer's journal, amend and retract */
#ifndef WL_CAPTURE_H
#define WL_CAPTURE_H

#include "common.h"

/* A journal opened for appending (locked) and read. */
struct target {
	const char *path;
	struct wl_writer *w;
	struct wl_journal *j;
};

/* Lock the writer's journal, then read it (exit 2 on any trouble). */
void capture_open(struct cli *c, struct target *t);
/* The same for verbs that work on the one record id names, and its
 * session's participants and blocks (see cli_load_record). */
void capture_open_id(struct cli *c, struct target *t, const char *id);
/* The same for verbs that resolve only a session (sel, or the latest)
 * and its participants (see cli_load_latest); returns the session. */
const struct wl_rec *capture_open_session(struct cli *c, struct target *t,
    const char *sel);
/*
 * Append one record of type per text, each with fields (stolen) and
 * its text; texts[i] came from line from[i] of standard input (from
 * NULL: from the operands), where a problem of its record is said.
 * Frees texts, from and t's journal, prints the ids.  For bulk add.
 */
void capture_add(struct cli *c, struct target *t, enum wl_type type,
    json_t *fields, char **texts, long *from, size_t n);
/* A new record of type t (exit 2 on failure). */
json_t *capture_record(struct cli *c, enum wl_type t);
/*
 * The texts to add: the operands joined with single spaces as one
 * text; with no operands and standard input not a terminal, one text
 * per non-empty line of it (a trailing CR dropped).  Exits 2 on an
 * empty text, invalid UTF-8, or nothing to read.  *from gets the line
 * of standard input each text is on (a new array; NULL for operands).
 * Caller frees with capture_free, and free(*from).
 */
char **capture_texts(struct cli *c, int argc, char **argv, size_t *n,
    long **from);
void capture_free(char **texts, size_t n);
/*
 * The new text for edit when no option gave one: $EDITOR on the
 * current text when standard input is a terminal, else standard input
 * itself.  Caller frees.
 */
char *capture_new_text(struct cli *c, const char *current);
/* Put field=value into set when it differs from the record's value. */
void capture_change(json_t *set, const struct wl_rec *r, const char *field,
    json_t *value);
#define CAPTURE_MAX_TAGS 32

/* Take one -t TAG into tags (*n of them): at most CAPTURE_MAX_TAGS,
 * none empty (exit 2). */
void capture_tag(struct cli *c, const char **tags, size_t *n,
    const char *tag);
/* A tags list from -t options (steals nothing; new reference). */
json_t *capture_tags(const char *const *tags, size_t n);
/* Write an amend of r with set (if empty: say so, write nothing). */
void capture_amend(struct cli *c, struct target *t, const struct wl_rec *r,
    json_t *set);
/* The same, marked "minor": a typo fixed, the wording kept. */
void capture_amend_minor(struct cli *c, struct target *t,
    const struct wl_rec *r, json_t *set);
/* Ask question on standard error and read the answer from standard
 * input: 1 for y or yes (any case), 0 for anything else. */
int capture_ask(struct cli *c, const char *question);
/*
 * The whole rm verb: retract one record of a type in mask, after
 * saying what goes with it (wl_retract_effect): on a terminal it asks
 * when anything does, a script must say --yes then; --dry-run only
 * shows it.  Its options are capture_rm_opts (no short ones).
 */
int capture_rm(struct cli *c, int argc, char **argv, unsigned mask);
extern const struct option capture_rm_opts[];
/* The whole restore verb: take back the retracts that removed a
 * record of a type in mask (its id, or the retract's), saying what
 * comes back; --dry-run only shows it.  Options: capture_restore_opts. */
int capture_restore(struct cli *c, int argc, char **argv, unsigned mask);
extern const struct option capture_restore_opts[];
/* The import verb: read from, then lock and append all or nothing. */
int capture_import(struct cli *c, const char *from, const char *sel,
    enum wl_type deftype);
/* Check a block number (1 or more) against the session's blocks, as
 * the rules do (exit 2). */
void capture_block(struct cli *c, const struct wl_rec *s, long long block);

#endif
