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
