#!/bin/sh
# run.sh - wl against its peers, measured in the same run (make bench).
# Each command runs RUNS times, its output to a file (GNU grep stops at
# the first match when it writes to /dev/null); the table shows medians
# of wall time and of peak memory, and wl's time as a ratio of each
# peer's.
#   BIN=dir-of-optimised-binaries DATA=cache-dir sh tests/bench/run.sh
# ONLY=list stops after the list rows (make bench ONLY=list).
# SHAPES picks the shapes of journal (gen.c; default all four), N their
# size in records (default 1000000): each shape gets a table of its own
# with every target of issue 18, the peers measured in the same run.
#   make bench SHAPES="even early" N=20000 RUNS=1
set -eu
: "${BIN:?}" "${DATA:?}"
RUNS=${RUNS:-5}
N=${N:-1000000}
SHAPES=${SHAPES:-even few huge early}
for shape in $SHAPES; do
	case $shape in
	even | few | huge | early) ;;
	*) echo "run.sh: unknown shape '$shape' (even, few, huge, early)" >&2
	   exit 2 ;;
	esac
done
case $N in '' | *[!0-9]*) echo "run.sh: N must be a number" >&2; exit 2 ;; esac
umask 077	# journals hold personal data: no writer warns about the mode
here=$(cd "$(dirname "$0")" && pwd)
export WL_DATADIR="${WL_DATADIR:-$here/../../share}" WL_NOW=2026-06-14T09:30:00Z
mkdir -p "$DATA"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Journals, cached between runs (keyed on the generator's source).
key=$(cksum < "$here/gen.c" | cut -d' ' -f1)
J10K="$DATA/gen-10000-$key.jsonl"
[ -s "$J10K" ] || "$BIN/gen" 10000 1 > "$J10K"
for shape in $SHAPES; do
	f="$DATA/gen-$shape-$N-$key.jsonl"
	[ -s "$f" ] || "$BIN/gen" "$N" 1 "$shape" > "$f"
done

have() { command -v "$1" >/dev/null 2>&1; }
duck=
if have node && [ -d "$DATA/node/node_modules/@duckdb/node-api" ]; then
	export NODE_PATH="$DATA/node/node_modules"
	cp "$here/duckdb.mjs" "$DATA/node/duckdb.mjs"
	duck="node $DATA/node/duckdb.mjs"
fi

# measure NAME CMD...: median seconds and KB of RUNS runs -> $t $m
measure() {
	name=$1
	shift
	: > "$tmp/times"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		/usr/bin/time -f '%e %M' -o "$tmp/one" sh -c "$*" \
		    >"$tmp/out" 2>"$tmp/err" || { echo "  $name failed:" \
		    "$(tail -1 "$tmp/err")" >&2; t=NA; m=NA; return 0; }
		tail -1 "$tmp/one" >> "$tmp/times"
		i=$((i + 1))
	done
	t=$(sort -n "$tmp/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	m=$(sort -n -k2 "$tmp/times" | awk '{a[NR]=$2} END {print a[int((NR+1)/2)]}')
}

# fine NAME N CMD...: like measure, for commands of a few milliseconds:
# the median wall time of N runs by the nanosecond clock (the time's
# 10 ms steps would round them to 0), peak memory from measure.  A
# command of a second or more keeps measure's median of RUNS: the clock
# adds nothing there, and 21 runs of a writer that loads a million
# records (the huge shape) would take the bench's every other minute.
fine() {
	name=$1 runs=$2
	shift 2
	measure "$name" "$@"
	[ "$t" = NA ] && return 0
	awk -v t="$t" 'BEGIN { exit !(t >= 1) }' && return 0
	: > "$tmp/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		a=$(date +%s%N)
		sh -c "$*" >"$tmp/out" 2>&1	# not /dev/null: grep
						# stops at its first match
		b=$(date +%s%N)
		echo "$a $b" | awk '{ printf "%.4f\n", ($2 - $1) / 1e9 }' \
		    >> "$tmp/times"
		i=$((i + 1))
	done
	t=$(sort -n "$tmp/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b == 0) print "-"; else printf "%.2f", a / b }'; }

row() {	# WHAT WL_T WL_M PEER PEER_T PEER_M
	printf '| %s | %s s | %s MB | %s | %s s | %s MB | %s |\n' "$1" "$2" \
	    "$(awk -v k="$3" 'BEGIN { if (k == "NA") print "NA"; else printf "%.1f", k / 1024 }')" \
	    "$4" "$5" \
	    "$(awk -v k="$6" 'BEGIN { if (k == "NA") print "NA"; else printf "%.1f", k / 1024 }')" \
	    "$(ratio "$2" "$5")"
}

# target WHAT WL_T WL_M T_S T_MB: a row against issue 18's target (a
# ratio over 1 is a target missed; peak is not in the ratio: compare
# the columns).
target() {
	case $5 in NA) k=NA ;; *) k=$(($5 * 1024)) ;; esac
	row "$1" "$2" "$3" "target" "$4" "$k"
}

header() {
	echo '| what | wl | wl peak | peer | peer time | peer peak | wl/peer |'
	echo '|---|--:|--:|---|--:|--:|--:|'
}

# first/last TYPE FILE: the id of the first or last record of TYPE.
first() { grep -m 1 "\"type\":\"$1\"" "$2" | cut -c 8-23; }
last() { tac "$2" | grep -m 1 "\"type\":\"$1\"" | cut -c 8-23; }

echo "wl benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m);" \
    "median of $RUNS runs; shapes: $SHAPES; $N records each"

# Task's store, once: the peer of one add.
if have task; then
	export TASKDATA="$tmp/task" TASKRC="$tmp/taskrc"
	mkdir -p "$TASKDATA"
	printf 'data.location=%s\nconfirmation=no\nverbose=nothing\n' \
	    "$TASKDATA" > "$TASKRC"
	i=0
	while [ "$i" -lt 20000 ]; do
		printf '{"description":"taak %d","status":"pending","uuid":"%08d-0000-4000-8000-000000000000","entry":"20260614T093000Z"}\n' "$i" "$i"
		i=$((i + 1))
	done > "$tmp/tasks.json"
	task import "$tmp/tasks.json" >/dev/null 2>&1 || true
fi
seq 100000 | sed 's/^/Bulk notitie /' > "$tmp/lines"

for shape in $SHAPES; do
J="$DATA/gen-$shape-$N-$key.jsonl"
echo
echo "### $shape: $(wc -l < "$J") records, $(($(wc -c < "$J") / 1048576)) MiB," \
    "$(grep -c '"type":"session"' "$J") sessions," \
    "$(grep -o '"municipality":"[^"]*"' "$J" | sort -u | wc -l) municipalities"
echo
header

measure wl "$BIN/wl-note list --all -k do -o jsonl -f $J"
wt=$t wm=$m
measure jq "jq -c 'select(.type==\"note\" and .kind==\"do\")' $J"
row "list -k do (9%)" "$wt" "$wm" jq "$t" "$m"
measure grep "grep -F '\"kind\":\"do\"' $J"
row "list -k do (9%)" "$wt" "$wm" "grep -F" "$t" "$m"
measure wl "$BIN/wl-note list --all -k do -o jsonl -f $J | cat"
wpt=$t wpm=$m
measure grep "grep -F '\"kind\":\"do\"' $J | cat"
row "list -k do, through a pipe" "$wpt" "$wpm" "grep -F \\| cat" "$t" "$m"
if [ -n "$duck" ]; then
	measure duckdb "$duck do $J $tmp/duck.json"
	row "list -k do (9%)" "$wt" "$wm" DuckDB "$t" "$m"
fi
target "list -k do (9%)" "$wt" "$wm" NA 32

measure wl "$BIN/wl-note list --all -o jsonl -f $J"
wt=$t wm=$m
measure jq "jq -c 'select(.type==\"note\")' $J"
row "list (70%)" "$wt" "$wm" jq "$t" "$m"
if [ -n "$duck" ]; then
	measure duckdb "$duck notes $J $tmp/duck.json"
	row "list (70%)" "$wt" "$wm" DuckDB "$t" "$m"
fi
target "list (70%)" "$wt" "$wm" NA 32

[ "${ONLY:-}" = list ] && continue

measure wl "$BIN/wl-report md --all -f $J"
wt=$t wm=$m
measure jq "jq -n 'reduce inputs as \$r ({}; .[\$r.type] += 1)' $J"
row "report --all" "$wt" "$wm" jq "$t" "$m"
if [ -n "$duck" ]; then
	measure duckdb "$duck count $J"
	row "report --all" "$wt" "$wm" "DuckDB group-by" "$t" "$m"
fi
target "report --all" "$wt" "$wm" NA 512

measure wl "$BIN/wl-report check $J"
row "check" "$t" "$m" "-" NA NA

cp "$J" "$tmp/b.jsonl"
printf '%s\n' '{"id":"ffffffffffffffff","type":"note","at":"2026-06-14T09:30:00Z","session":"0000000000000000","kind":"do","text":"x"}' >> "$tmp/b.jsonl"
measure wl "$BIN/wl-report diff $J $tmp/b.jsonl; test \$? -eq 1"
wt=$t wm=$m
measure jq "jq -c . $J > /dev/null; jq -c . $tmp/b.jsonl > /dev/null"
row "diff of two" "$wt" "$wm" "two jq passes" "$t" "$m"

# One add into the big journal, as a facilitator's loop does it: the
# last session (no -s), then -s naming the first and the last.
cp "$J" "$tmp/add.jsonl"
fine wl 21 "$BIN/wl-note add -f $tmp/add.jsonl -k do 'Reageer snel'"
wt=$t wm=$m
fine printf 21 "printf '%s\n' '{\"x\":1}' >> $tmp/plain"
row "one add, no -s, median of 21" "$wt" "$wm" "sh printf >>" "$t" "$m"
if have task; then
	fine task 21 "task add Reageer snel"
	row "one add, no -s, median of 21" "$wt" "$wm" "task add (20k)" "$t" "$m"
fi
# The floor of any writer that finds its part by reading the file (no
# index beside it): one grep for the session's id over the whole file.
for which in first last; do
	sid=$($which session "$J")
	fine wl 21 "$BIN/wl-note add -f $tmp/add.jsonl -s $sid -k do 'Reageer snel'"
	st=$t sm=$m
	row "one add -s, the $which session" "$st" "$sm" "add, no -s" "$wt" "$wm"
	fine grep 21 "grep -c -F $sid $J"
	row "one add -s, the $which session" "$st" "$sm" "grep -c -F id" "$t" "$m"
	target "one add -s, the $which session" "$st" "$sm" 0.010 16
done
for which in first last; do
	aid=$($which advice "$J")
	fine wl 21 "$BIN/wl-advice status -f $tmp/add.jsonl $aid adopted"
	target "status of the $which advice" "$t" "$m" 0.010 16
	# endorse --by someone of the advice's session: by id, as the
	# generator gives no names.
	sid=$(grep -m 1 "^{\"id\":\"$aid\"" "$J" |
	    sed 's/.*"session":"\([0-9a-f]*\)".*/\1/')
	pid=$(grep -F "\"session\":\"$sid\"" "$J" |
	    grep -m 1 '"type":"participant"' | cut -c 8-23)
	fine wl 21 "$BIN/wl-advice endorse -f $tmp/add.jsonl $aid --by $pid"
	target "endorse of the $which advice" "$t" "$m" 0.010 16
done
# rm is measured with the restore that undoes it, so that every run
# removes (a second rm of the same note is refused, and measure counts
# a failure): two writers, target twice one's.
for which in first last; do
	nid=$($which note "$J")
	fine wl 21 "$BIN/wl-note edit -f $tmp/add.jsonl $nid --text 'Anders gezegd'"
	target "note edit of the $which note" "$t" "$m" 0.010 16
	fine wl 21 "$BIN/wl-note rm -f $tmp/add.jsonl $nid && $BIN/wl-note restore -f $tmp/add.jsonl $nid"
	target "note rm and restore of the $which note" "$t" "$m" 0.020 16
done

cp "$J" "$tmp/bulk.jsonl"
sid=$(last session "$J")
RUNS=1 measure wl "$BIN/wl-note add -f $tmp/bulk.jsonl -s $sid -k idea < $tmp/lines"
printf '| bulk add of 100,000 lines with -s | %s s | %s MB | target | | | %s records/s (target 200,000) |\n' "$t" \
    "$(awk -v k="$m" 'BEGIN { if (k == "NA") print "NA"; else printf "%.1f", k / 1024 }')" \
    "$(awk -v t="$t" 'BEGIN { if (t == "NA" || t == 0) print "-"; else printf "%d", 100000 / t }')"

RUNS=1 measure wl "$BIN/wl-report compare -o json $J"
target "compare, all records (one run)" "$t" "$m" 10 1024
# 40,000 distinct tags: each tagged note of the journal given a tag of
# its own, up to 40,000 of them.
awk '/"tags":\["/ { k++; sub(/"tags":\["[^"]*"\]/, "\"tags\":[\"tag" k "\"]") }
    { print } k >= 40000 { exit }' "$J" > "$tmp/tags.jsonl"
tags=$(grep -c '"tags":\["tag' "$tmp/tags.jsonl" || true)
RUNS=1 measure wl "$BIN/wl-report compare -o json $tmp/tags.jsonl"
target "compare, $tags distinct tags (one run)" "$t" "$m" 1 1024
done

[ "${ONLY:-}" = list ] && exit 0

echo
echo "### on any shape"
echo
header
cp "$J10K" "$tmp/bulk.jsonl"
RUNS=1 measure wl "$BIN/wl-note add -f $tmp/bulk.jsonl -k idea < $tmp/lines"
printf '| bulk add of 100,000 lines, no -s (10k journal) | %s s | | | | | %s records/s |\n' "$t" \
    "$(awk -v t="$t" 'BEGIN { if (t == "NA" || t == 0) print "-"; else printf "%d", 100000 / t }')"

# compare: five pilots of some 300 records each.
"$BIN/gen" 1500 7 > "$tmp/five.jsonl"
measure wl "$BIN/wl-report compare --by session $tmp/five.jsonl"
row "compare, 5 pilots x 300" "$t" "$m" "-" NA NA
measure wl "$BIN/wl-report diff $J10K $tmp/bulk.jsonl; test \$? -eq 1"
row "diff, 10k vs 110k" "$t" "$m" "-" NA NA

# Endless input: refused at the first line over the limit (1 MiB);
# the peak of a small list beside them, for what a process takes anyway
# (the imports go to a small journal: loading a big one is no part of
# what is measured here).
measure wl "$BIN/wl-note list --all -o jsonl -f $tmp/five.jsonl"
row "list of 1,500 records (the baseline)" "$t" "$m" "-" NA NA
measure wl "$BIN/wl-report check /dev/zero; test \$? -eq 2"
row "check /dev/zero (exit 2)" "$t" "$m" "target: about 1 MiB held" NA NA
measure wl "$BIN/wl-note import -f $tmp/five.jsonl /dev/zero; test \$? -eq 2"
row "import /dev/zero (exit 2)" "$t" "$m" "target: about 1 MiB held" NA NA
measure wl "yes | $BIN/wl-note import -f $tmp/five.jsonl -; test \$? -eq 2"
row "yes \\| import - (exit 2)" "$t" "$m" "target: about 1 MiB held" NA NA
