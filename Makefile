# wl - the werklab toolkit

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share/wl
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions

CC ?= cc
CFLAGS ?= -O2 -g
WERROR ?= -Werror
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wformat=2 -Wno-format-nonliteral -Wvla $(WERROR)
ALL_CPPFLAGS = -D_GNU_SOURCE -DWL_DATADIR='"$(DATADIR)"' -Ilib $(XLSX_CFLAGS) \
	$(CPPFLAGS)
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS)
# libxlsxwriter writes -o xlsx (Debian: libxlsxwriter-dev).
XLSX_CFLAGS := $(shell pkg-config --cflags xlsxwriter 2>/dev/null)
XLSX_LIBS := $(shell pkg-config --libs xlsxwriter 2>/dev/null || echo -lxlsxwriter -lz)
LDLIBS = -ljansson $(XLSX_LIBS) -pthread
TESTLIBS = -lcmocka -ljansson $(XLSX_LIBS) -pthread

# BUILD holds objects; OUT the binaries (the sanitizer build uses others).
BUILD ?= build
OUT ?= bin

BINS = wl-session wl-note wl-advice wl-report
LIB_SRC = lib/error.c lib/id.c lib/clock.c lib/utf8.c lib/schema.c \
	lib/record.c lib/reader.c lib/journal.c lib/rec.c lib/fold.c \
	lib/resolve.c lib/append.c lib/output.c lib/datadir.c lib/import.c \
	lib/similar.c lib/diff.c lib/compare.c \
	lib/md.c lib/lang.c lib/report.c lib/compare_md.c lib/check.c \
	lib/redact.c lib/tail.c lib/scan.c lib/list.c lib/idtab.c lib/rules.c \
	lib/cascade.c lib/mask.c lib/chart.c lib/merge.c lib/spool.c
LIB_OBJ = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
UNIT = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
HDRS = lib/wl.h lib/internal.h lib/journal.h lib/scan.h lib/idtab.h \
	lib/rules.h lib/reader.h cmd/common.h cmd/capture.h cmd/strbuf.h
MANS = man/wl-session.1 man/wl-journal.5 man/wl-note.1 man/wl-advice.1 \
	man/wl-report.1 man/wl.7

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
# cmd/capture.c, cmd/strbuf.c), as an archive so each links only what
# it uses.
CMD_SHARED = $(BUILD)/cmd/common.o $(BUILD)/cmd/capture.o \
	$(BUILD)/cmd/strbuf.o
$(BUILD)/libcmd.a: $(CMD_SHARED)
	rm -f $@
	$(AR) rcs $@ $(CMD_SHARED)

$(OUT)/%: $(BUILD)/cmd/%.o $(BUILD)/libcmd.a $(BUILD)/libwl.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libcmd.a \
		$(BUILD)/libwl.a $(LDLIBS)

# Per-test link flags: test_append replaces write and fsync to inject faults.
$(BUILD)/tests/test_append: EXTRA_LDFLAGS = -Wl,--wrap=write -Wl,--wrap=fsync
# test_redact makes write, fsync and rename fail.
$(BUILD)/tests/test_redact: EXTRA_LDFLAGS = -Wl,--wrap=write -Wl,--wrap=fsync \
	-Wl,--wrap=rename
# tests/unit/unit.c: the helpers every unit test links.
UNIT_SHARED = $(BUILD)/tests/unit.o
$(UNIT_SHARED): tests/unit/unit.c tests/unit/unit.h $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ tests/unit/unit.c
# test_agree puts journals to the checks the fuzz target makes too.
AGREE = tests/fuzz/agree.c tests/fuzz/agree.h
$(BUILD)/tests/test_agree: EXTRA_SRC = tests/fuzz/agree.c
$(BUILD)/tests/test_agree: $(AGREE)
$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(UNIT_SHARED) \
    $(BUILD)/libwl.a $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Itests/fuzz $(ALL_CFLAGS) $(LDFLAGS) \
		$(EXTRA_LDFLAGS) -o $@ $< $(EXTRA_SRC) $(UNIT_SHARED) \
		$(BUILD)/libwl.a $(TESTLIBS)

unit: $(UNIT)

# Fault injection (tests/cli/faults.t): the binaries linked again, in
# their own directory, with tests/fault/shim.c, whose __wrap_X fails
# the N-th call of X when WL_FAULT=X:N is set (and which hooks
# jansson's allocator too).  wl-report is among them for check
# --repair, which rewrites journals, and for compare and the report.
# The normal binaries stay free of it.
FAULT = $(BUILD)/fault
FAULT_BINS = wl-session wl-note wl-advice wl-report
FAULT_WRAP = -Wl,--wrap=write,--wrap=fsync,--wrap=rename,--wrap=malloc \
	-Wl,--wrap=calloc,--wrap=realloc,--wrap=strdup \
	-Wl,--wrap=fchmod,--wrap=fchown
$(FAULT)/shim.o: tests/fault/shim.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<
$(FAULT)/bin/%: $(BUILD)/cmd/%.o $(FAULT)/shim.o $(BUILD)/libcmd.a \
    $(BUILD)/libwl.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(FAULT_WRAP) -o $@ $< $(FAULT)/shim.o \
		$(BUILD)/libcmd.a $(BUILD)/libwl.a $(LDLIBS)
fault: $(FAULT_BINS:%=$(FAULT)/bin/%)

# The suite: unit tests and end-to-end scripts, as TAP, through prove;
# the developer's quick loop (no valgrind, no sanitizers: valgrind.t
# runs in make memcheck).  No test is timed: tests/run-bounded only
# stops one that hangs, after WL_TEST_TIMEOUT seconds (30 minutes; 0 for
# none), and says so.  prove -j2 starts them in this order: the longest
# first, so that the short ones fill the other core beside them instead
# of leaving one long script to run alone at the end.
SLOW_TESTS = tests/cli/writers.t tests/cli/prefix.t tests/cli/crash.t \
	tests/cli/concurrency.t
TESTS = $(SLOW_TESTS) $(UNIT) $(filter-out $(SLOW_TESTS) \
	tests/cli/valgrind.t,$(sort $(wildcard tests/cli/*.t)))
test: all unit fault
	WL_BIN=$(CURDIR)/$(OUT) WL_DATADIR=$(CURDIR)/share \
	WL_FAULT_BIN=$(CURDIR)/$(FAULT)/bin \
	CMOCKA_MESSAGE_OUTPUT=TAP WL_SRC=$(CURDIR) \
	prove -j2 --exec tests/run-bounded $(TESTS)

# The reliability tests at full size (see README, Guarantees).
STRESS_TESTS = tests/cli/writers.t tests/cli/crash.t tests/cli/prefix.t
stress: all fault
	WL_BIN=$(CURDIR)/$(OUT) WL_DATADIR=$(CURDIR)/share \
	WL_FAULT_BIN=$(CURDIR)/$(FAULT)/bin WL_SRC=$(CURDIR) \
	WL_STRESS=1 WL_STRESS_WRITERS=$${WL_STRESS_WRITERS:-16} \
	WL_STRESS_APPENDS=$${WL_STRESS_APPENDS:-2000} \
	WL_STRESS_KILLS=$${WL_STRESS_KILLS:-2000} WL_TEST_TIMEOUT=7200 \
	prove -v --exec tests/run-bounded $(STRESS_TESTS)

# libFuzzer on the reader, the record parser and the fold, for
# FUZZ_SECONDS; new inputs go to build/fuzz/corpus, crashes to
# build/fuzz/crash-*.
FUZZ_SECONDS ?= 60
FUZZ_SAN = -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all
fuzz:
	$(MAKE) CC=clang BUILD=build/fuzz \
		CFLAGS="-O1 -g -fno-omit-frame-pointer $(FUZZ_SAN)" \
		build/fuzz/fuzz_record
	@mkdir -p build/fuzz/corpus
	build/fuzz/fuzz_record -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=build/fuzz/ -print_final_stats=1 \
		build/fuzz/corpus tests/fuzz/corpus
$(BUILD)/fuzz_record: tests/fuzz/fuzz_record.c $(AGREE) $(BUILD)/libwl.a \
    $(HDRS)
	$(CC) $(ALL_CPPFLAGS) -Itests/fuzz $(ALL_CFLAGS) -fsanitize=fuzzer \
		-o $@ $< tests/fuzz/agree.c $(BUILD)/libwl.a $(LDLIBS)

SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
# Everything, from a fresh machine: what the tests need installed first
# (as make demo does), then the suite, the unit tests under valgrind,
# the threads under TSan, and the suite again under ASan and UBSan, last
# so that its runner's summary closes the output.
# A plain 'make check' builds with two jobs; 'make -jN check' keeps N.
CHECK_J = $(if $(filter -j%,$(MAKEFLAGS)),,-j2)
check:
	sh .ci/deps test
	$(MAKE) $(CHECK_J) all lint
	$(MAKE) $(CHECK_J) test
	$(MAKE) $(CHECK_J) memcheck
	$(MAKE) $(CHECK_J) tsan
	$(MAKE) $(CHECK_J) test CC=clang BUILD=build/asan OUT=build/asan/bin \
		CFLAGS="-O1 -g -fno-omit-frame-pointer $(SAN)" \
		LDFLAGS="$(SAN)"

# Valgrind memcheck, with no error and no leak: the unit tests run under
# it (tests/run-bounded puts WL_TEST_UNDER before them), and
# tests/cli/valgrind.t runs every binary's verbs under it.  The normal
# build only: valgrind cannot run the sanitizer one.  Valgrind runs a
# test some 40 times slower, so the corpus tests (test_rec, test_scan:
# every one-byte change of hundreds of lines, two minutes each there)
# try every MEMCHECK_STRIDE-th change (WL_TEST_STRIDE); make test tries
# them all.  The longest first, as in make test.
VALGRIND = valgrind --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --quiet
MEMCHECK_STRIDE ?= 16
MEMCHECK_SLOW = tests/cli/valgrind.t $(BUILD)/tests/test_rec \
	$(BUILD)/tests/test_scan
memcheck: all unit
	@if command -v valgrind >/dev/null; then \
		WL_BIN=$(CURDIR)/$(OUT) WL_DATADIR=$(CURDIR)/share \
		CMOCKA_MESSAGE_OUTPUT=TAP WL_SRC=$(CURDIR) \
		WL_TEST_STRIDE=$(MEMCHECK_STRIDE) WL_TEST_UNDER="$(VALGRIND)" \
		prove -j2 --exec tests/run-bounded \
		    $(MEMCHECK_SLOW) $(filter-out $(MEMCHECK_SLOW),$(UNIT)); \
	else echo "memcheck: no valgrind, skipped"; fi

# ThreadSanitizer over the paths that run two threads (the fast list,
# the reports of many sessions, compare's joins): their scripts, with
# the binaries built for it.  Skipped where TSan cannot start (it needs
# a kernel whose memory layout it knows), which a one-line probe finds
# out.
TSAN = -fsanitize=thread
tsan:
	@mkdir -p build
	@if printf 'int main(void) { return 0; }\n' > build/tsan-probe.c && \
	    clang $(TSAN) -o build/tsan-probe build/tsan-probe.c \
	    2>/dev/null && build/tsan-probe; then \
		$(MAKE) all CC=clang BUILD=build/tsan OUT=build/tsan/bin \
		    CFLAGS="-O1 -g $(TSAN)" LDFLAGS="$(TSAN)" && \
		WL_BIN=$(CURDIR)/build/tsan/bin WL_DATADIR=$(CURDIR)/share \
		WL_SRC=$(CURDIR) prove -j2 --exec tests/run-bounded \
		    tests/cli/fastlist.t tests/cli/listfar.t tests/cli/report.t \
		    tests/cli/kept.t tests/cli/compare.t; \
	else echo "tsan: ThreadSanitizer cannot run here, skipped"; fi

lint:
	mandoc -T lint -W warning $(MANS)

demo:
	sh .ci/deps build
	$(MAKE) all
	@echo
	WL_DATADIR=$(CURDIR)/share $(OUT)/wl-report -f share/examples/roermond.jsonl

# make install [PREFIX=/usr/local] [DESTDIR=stage] [OUT=bin]: the
# binaries of OUT, the manual pages, the completions for bash (one file,
# linked under each program's name, as bash-completion looks them up) and
# zsh, and share/ as PREFIX/share/wl, where the binaries look first
# (../share/wl beside themselves), so the tree can be moved.
DATA_DIRS = lang stopwords templates examples
install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(DATADIR)/git $(DESTDIR)$(DATADIR)/pandoc \
		$(DATA_DIRS:%=$(DESTDIR)$(DATADIR)/%)
	for b in $(BINS); do \
		install -m0755 $(OUT)/$$b $(DESTDIR)$(BINDIR) || exit; done
	install -m0644 $(filter %.1,$(MANS)) $(DESTDIR)$(MANDIR)/man1
	install -m0644 $(filter %.5,$(MANS)) $(DESTDIR)$(MANDIR)/man5
	install -m0644 $(filter %.7,$(MANS)) $(DESTDIR)$(MANDIR)/man7
	for d in $(DATA_DIRS); do \
		install -m0644 share/$$d/* $(DESTDIR)$(DATADIR)/$$d || exit; done
	install -m0644 share/gitattributes $(DESTDIR)$(DATADIR)
	install -m0755 share/git/wl-textconv $(DESTDIR)$(DATADIR)/git
	install -m0644 share/pandoc/reference.docx $(DESTDIR)$(DATADIR)/pandoc
	install -m0644 share/completion/wl.bash \
		$(DESTDIR)$(BASHCOMPDIR)/wl-session
	for b in $(filter-out wl-session,$(BINS)); do \
		ln -sf wl-session $(DESTDIR)$(BASHCOMPDIR)/$$b || exit; done
	install -m0644 share/completion/_wl $(DESTDIR)$(ZSHCOMPDIR)

uninstall:
	rm -f $(BINS:%=$(DESTDIR)$(BINDIR)/%) \
		$(BINS:%=$(DESTDIR)$(BASHCOMPDIR)/%) $(DESTDIR)$(ZSHCOMPDIR)/_wl \
		$(foreach m,$(MANS),$(DESTDIR)$(MANDIR)/man$(subst \
		.,,$(suffix $(m)))/$(notdir $(m)))
	rm -rf $(DESTDIR)$(DATADIR)

# Benchmarks against peers measured in the same run (tests/bench/run.sh):
# optimised binaries, journals of 10k records and of N (1M) records in
# each of SHAPES (even few huge early) cached in build/bench/data, peers
# installed when they can be.  make bench SHAPES=even N=20000 RUNS=1
BENCH = build/bench
bench:
	sh .ci/deps bench
	$(MAKE) all BUILD=$(BENCH) OUT=$(BENCH)/bin CFLAGS="-O2 -DNDEBUG"
	$(CC) -O2 -o $(BENCH)/bin/gen tests/bench/gen.c
	@mkdir -p $(BENCH)/data/node
	[ -d $(BENCH)/data/node/node_modules/@duckdb/node-api ] || \
	    npm install --silent --prefix $(BENCH)/data/node \
	    @duckdb/node-api@1.5.6-r.1 || echo "bench: no npm, DuckDB skipped"
	BIN=$(CURDIR)/$(BENCH)/bin DATA=$(CURDIR)/$(BENCH)/data \
	    ONLY=$(ONLY) sh tests/bench/run.sh

clean:
	rm -rf build bin

.PHONY: all unit fault test stress fuzz check memcheck tsan lint demo install \
	uninstall clean bench
# Keep the programs' objects (pattern-made, so intermediate) between builds.
.SECONDARY: $(BINS:%=$(BUILD)/cmd/%.o)
