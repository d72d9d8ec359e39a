# lib.sh - a tiny TAP library for the end-to-end tests.
# Each test script sources it, runs the real binaries from $WL_BIN in a
# fresh temporary directory, and prints TAP for prove.
set -u

: "${WL_BIN:?WL_BIN names the directory of the binaries}"
: "${WL_DATADIR:?WL_DATADIR names the share directory}"
export WL_DATADIR
PATH="$WL_BIN:$PATH"
export PATH
unset WL_JOURNAL WL_SESSION WL_LANG
export WL_NOW=2026-06-14T09:30:00Z
# Journals are private (wl-session new makes them 0600): so are the
# ones a test writes itself, or every writer would warn about the mode
# (wl(7)).  A test of that warning sets its own umask.
umask 077

T=$(mktemp -d "${TMPDIR:-/tmp}/wl-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

n=0
failed=0

# ok COND-STATUS DESCRIPTION: pass when the previous command's status
# (given as $1) is 0.
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# is GOT WANT DESCRIPTION
is() {
	n=$((n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | sed '2,$s/^/# /'
		failed=$((failed + 1))
	fi
}

# like GOT PATTERN DESCRIPTION: GOT matches the grep -E pattern
like() {
	n=$((n + 1))
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3"
		printf '#   got:  %s\n#   want: /%s/\n' "$1" "$2"
		failed=$((failed + 1))
	fi
}

# run CMD...: run with stdin from /dev/null; sets $out, $err, $rc
run() {
	"$@" </dev/null >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

# refuses DESCRIPTION CMD...: exit 2, one line on stderr, nothing on
# stdout, and the journal (./werklab.jsonl) byte-identical.
refuses() {
	desc=$1
	shift
	cp werklab.jsonl "$T/.before" 2>/dev/null || : >"$T/.before"
	run "$@"
	n=$((n + 1))
	if [ "$rc" -eq 2 ] && [ -z "$out" ] &&
	    [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [ -n "$err" ] &&
	    { [ ! -e werklab.jsonl ] || cmp -s "$T/.before" werklab.jsonl; }; then
		echo "ok $n - refuses $desc"
	else
		echo "not ok $n - refuses $desc"
		printf '#   rc=%s out=%s\n#   err=%s\n' "$rc" "$out" "$err"
		failed=$((failed + 1))
	fi
}

done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}

# prefix ID [MIN [FILE]]: ID's shortest prefix of at least MIN (4)
# characters that starts no other record's id in FILE (werklab.jsonl).  Ids written in
# one second climb (id.c), and a test's WL_NOW holds the clock still:
# a fixed cut could name two records.
prefix() {
	k=${2:-4}
	while [ "$k" -lt 16 ] && [ "$(grep -cE "^\{ *\"id\" *: *\"$(echo "$1" |
	    cut -c 1-"$k")" "${3:-werklab.jsonl}")" -gt 1 ]; do
		k=$((k + 1))
	done
	echo "$1" | cut -c 1-"$k"
}

# same GOTFILE WANTFILE DESCRIPTION: the two files are byte-identical
same() {
	n=$((n + 1))
	if cmp -s "$1" "$2"; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3"
		diff "$2" "$1" 2>&1 | sed 's/^/#   /' | head -20
		failed=$((failed + 1))
	fi
}

# skip COUNT REASON: COUNT tests skipped, for a tool that is missing
skip() {
	_i=0
	while [ "$_i" -lt "$1" ]; do
		_i=$((_i + 1))
		n=$((n + 1))
		echo "ok $n # skip $2"
	done
}

# run_piped FILE CMD...: like run, with FILE on standard input as a pipe
run_piped() {
	_in=$1
	shift
	cat "$_in" | "$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

# Waiting for something another process does.  No test measures time:
# it waits for the event itself, and WL_WAIT (seconds) only ends a wait
# for what never comes (a hang), far beyond what a busy machine needs.
WL_WAIT=${WL_WAIT:-300}

# wait_for CMD...: run CMD every 50 ms until it succeeds; 1 (and a line
# on stderr) if it has not after WL_WAIT seconds
wait_for() {
	_end=$(($(date +%s) + WL_WAIT))
	until "$@"; do
		if [ "$(date +%s)" -ge "$_end" ]; then
			echo "# gave up after $WL_WAIT s (WL_WAIT) waiting for: $*" >&2
			return 1
		fi
		sleep 0.05
	done
}

# waiting_for_lock FILE: a process is queued for FILE's lock (flock),
# as /proc/locks shows it
waiting_for_lock() {
	grep -q -- "-> FLOCK .*:$(stat -c %i "$1") " /proc/locks
}

# hold_lock FILE: another process takes FILE's lock, as a writer does,
# and keeps it until release_lock (or until this test ends); returns
# once the lock is held.
hold_lock() {
	rm -f "$T/.held" "$T/.release"
	flock "$1" sh -c ': >"$1/.held"
	    while [ ! -e "$1/.release" ] && kill -0 "$2" 2>/dev/null; do
		sleep 0.05
	    done' sh "$T" "$$" &
	_holder=$!
	wait_for test -e "$T/.held"
}
release_lock() {
	: >"$T/.release"
	wait "$_holder"
}

# run_nowait FILE CMD...: like run, for a command that must not wait
# for FILE's lock: should it queue for the lock, it is killed, and $rc
# says so
run_nowait() {
	_f=$1
	shift
	rm -f "$T/.rc" "$T/.pid"
	{
		"$@" </dev/null >"$T/.out" 2>"$T/.err" &
		echo $! >"$T/.pid"
		wait $!
		echo $? >"$T/.rc"
	} &
	_p=$!
	wait_for eval '[ -s "$T/.rc" ] || waiting_for_lock "$_f"'
	if [ ! -s "$T/.rc" ]; then
		wait_for test -s "$T/.pid"
		kill "$(cat "$T/.pid")" 2>/dev/null
		wait "$_p"
		rc="killed: it waited for the lock"
	else
		wait "$_p"
		rc=$(cat "$T/.rc")
	fi
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

# A git of the test's own: no system or user configuration, an author,
# branch main, pull by merge (the sync wl(7) documents).
git_private() {
	export GIT_CONFIG_NOSYSTEM=1 HOME="$T"
	git config --global user.name "${1:-Anna}"
	git config --global user.email "${2:-anna@example.org}"
	git config --global init.defaultBranch main
	git config --global pull.rebase false
}

# both_paths JOURNAL [OPTS...]: wl-note list --all OPTS -o jsonl of
# JOURNAL.jsonl by the fast path (the file, lib/list.c) and by the plain
# one (standard input) give the same bytes, messages and exit status.
both_paths() {
	_j=$1
	shift
	wl-note list --all "$@" -o jsonl -f "$_j.jsonl" </dev/null \
	    >"$T/.fast" 2>"$T/.fasterr"
	_frc=$?
	wl-note list --all "$@" -o jsonl -f - <"$_j.jsonl" \
	    >"$T/.plain" 2>"$T/.plainerr"
	_prc=$?
	sed "s|<stdin>|$_j.jsonl|g" "$T/.plainerr" > "$T/.plainerr2"
	same "$T/.fast" "$T/.plain" "$_j $*: same bytes out"
	same "$T/.fasterr" "$T/.plainerr2" "$_j $*: same messages"
	is "$_frc" "$_prc" "$_j $*: same exit status"
}

# fast_trace JOURNAL [OPTS...]: which path wl-note list --all OPTS took
# on JOURNAL.jsonl, as WL_FASTLIST_TRACE says it (the answers are the
# same either way, so a fast path that gave up on every journal would
# pass both_paths).
fast_trace() {
	_j=$1
	shift
	WL_FASTLIST_TRACE=1 wl-note list --all "$@" -o jsonl -f "$_j.jsonl" \
	    </dev/null 2>&1 >/dev/null | grep 'fast list'
}
