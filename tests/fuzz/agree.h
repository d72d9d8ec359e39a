/* agree.h - the promises every reader, checker and writer keep together,
 * as checks any journal can be put to (tests/fuzz/agree.c): for the
 * fuzz target and tests/unit/test_agree.c */
#ifndef WL_AGREE_H
#define WL_AGREE_H

#include <stddef.h>

/*
 * The journal data[0..size) read three ways: wl-report check says
 * exactly the problems the loader says (the same messages, as many
 * times), a line out of canonical form aside, which check only warns
 * about; check finds none exactly when the loader says nothing; and the
 * fast list writes exactly what the plain list writes when the loader
 * says nothing, and gives up (writing nothing) when it says anything.
 * 0 when all hold; else -1 and why in why (size n).
 */
int agree_readers(const char *data, size_t size, char *why, size_t n);

/*
 * The last line of data[0..size) imported into the journal the lines
 * before it are: what import takes, appended, gives a journal with no
 * problem that the journal did not have (for the loader and for
 * check).  0 when that holds (or import took nothing); else -1 and why.
 */
int agree_writers(const char *data, size_t size, char *why, size_t n);

#endif
