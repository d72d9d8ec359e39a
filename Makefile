# wl - the werklab toolkit

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share/wl

CC ?= cc
CFLAGS ?= -O2 -g
WERROR ?= -Werror
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wformat=2 -Wno-format-nonliteral -Wvla $(WERROR)
ALL_CPPFLAGS = -D_GNU_SOURCE -DWL_DATADIR='"$(DATADIR)"' -Ilib $(CPPFLAGS)
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS)
LDLIBS = -ljansson
TESTLIBS = -lcmocka -ljansson

# BUILD holds objects; OUT the binaries (the sanitizer build uses others).
BUILD ?= build
OUT ?= bin

BINS = wl-session wl-note wl-advice wl-report
LIB_SRC = lib/error.c lib/id.c lib/clock.c lib/utf8.c lib/schema.c \
	lib/record.c lib/reader.c lib/journal.c lib/fold.c lib/resolve.c \
	lib/append.c lib/output.c lib/datadir.c lib/import.c \
	lib/similar.c lib/diff.c lib/compare.c \
	lib/md.c lib/lang.c lib/report.c lib/compare_md.c lib/check.c
LIB_OBJ = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
UNIT = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
HDRS = lib/wl.h lib/internal.h lib/journal.h cmd/common.h cmd/capture.h
MANS = man/wl-session.1 man/wl-journal.5 man/wl-note.1 man/wl-advice.1 \
	man/wl-report.1

all: $(BINS:%=$(OUT)/%)

$(BUILD)/lib/%.o: lib/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/cmd/%.o: cmd/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libwl.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

# What the binaries share in how they talk to the user (cmd/common.c,
# cmd/capture.c), as an archive so each links only what it uses.
CMD_SHARED = $(BUILD)/cmd/common.o $(BUILD)/cmd/capture.o
$(BUILD)/libcmd.a: $(CMD_SHARED)
	rm -f $@
	$(AR) rcs $@ $(CMD_SHARED)

$(OUT)/%: $(BUILD)/cmd/%.o $(BUILD)/libcmd.a $(BUILD)/libwl.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libcmd.a \
		$(BUILD)/libwl.a $(LDLIBS)

# Per-test link flags: test_append replaces write and fsync to inject faults.
$(BUILD)/tests/test_append: EXTRA_LDFLAGS = -Wl,--wrap=write -Wl,--wrap=fsync
$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libwl.a $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) $(EXTRA_LDFLAGS) -o $@ $< \
		$(BUILD)/libwl.a $(TESTLIBS)

unit: $(UNIT)

# The suite: unit tests and end-to-end scripts, as TAP, through prove.
# Every test is bounded in time by tests/run-bounded.
TESTS = $(UNIT) tests/cli/*.t
test: all unit
	WL_BIN=$(CURDIR)/$(OUT) WL_DATADIR=$(CURDIR)/share \
	CMOCKA_MESSAGE_OUTPUT=TAP WL_SRC=$(CURDIR) \
	prove -j2 --exec tests/run-bounded $(TESTS)

SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
check: all lint
	$(MAKE) test
	$(MAKE) test CC=clang BUILD=build/asan OUT=build/asan/bin \
		CFLAGS="-O1 -g -fno-omit-frame-pointer $(SAN)" \
		LDFLAGS="$(SAN)"

lint:
	mandoc -T lint -W warning $(MANS)

demo:
	sh .ci/deps build
	$(MAKE) all
	@echo
	WL_DATADIR=$(CURDIR)/share $(OUT)/wl-report -f share/examples/roermond.jsonl

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/templates \
		$(DESTDIR)$(DATADIR)/lang $(DESTDIR)$(DATADIR)/stopwords \
		$(DESTDIR)$(DATADIR)/examples
	for b in $(BINS); do install -m0755 $(OUT)/$$b $(DESTDIR)$(BINDIR); done
	install -m0644 man/*.1 $(DESTDIR)$(MANDIR)/man1
	install -m0644 man/*.5 $(DESTDIR)$(MANDIR)/man5
	install -m0644 share/templates/* $(DESTDIR)$(DATADIR)/templates
	install -m0644 share/lang/* $(DESTDIR)$(DATADIR)/lang
	install -m0644 share/stopwords/* $(DESTDIR)$(DATADIR)/stopwords
	install -m0644 share/gitattributes $(DESTDIR)$(DATADIR)
	install -m0644 share/examples/* $(DESTDIR)$(DATADIR)/examples

uninstall:
	for b in $(BINS); do rm -f $(DESTDIR)$(BINDIR)/$$b; done
	rm -f $(DESTDIR)$(MANDIR)/man1/wl-*.1 $(DESTDIR)$(MANDIR)/man5/wl-journal.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build bin

.PHONY: all unit test check lint demo install uninstall clean
.SECONDARY:
