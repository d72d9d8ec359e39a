#!/bin/sh
# run.sh - wl against its peers, measured in the same run (make bench).
# Each command runs RUNS times, its output to a file (GNU grep stops at
# the first match when it writes to /dev/null); the table shows medians
# of wall time and of peak memory, and wl's time as a ratio of each
# peer's.
#   BIN=dir-of-optimised-binaries DATA=cache-dir sh tests/bench/run.sh
# ONLY=list stops after the list rows (make bench ONLY=list).
set -eu
: "${BIN:?}" "${DATA:?}"
RUNS=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
export WL_DATADIR="${WL_DATADIR:-$here/../../share}" WL_NOW=2026-06-14T09:30:00Z
mkdir -p "$DATA"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Journals, cached between runs (keyed on the generator's source).
key=$(cksum < "$here/gen.c" | cut -d' ' -f1)
for n in 10000 1000000; do
	f="$DATA/gen-$n-$key.jsonl"
	[ -s "$f" ] || "$BIN/gen" "$n" 1 > "$f"
done
J10K="$DATA/gen-10000-$key.jsonl"
J1M="$DATA/gen-1000000-$key.jsonl"

have() { command -v "$1" >/dev/null 2>&1; }
duck=
if have node && [ -d "$DATA/node/node_modules/@duckdb/node-api" ]; then
	duck="node $here/duckdb.mjs"
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
# 10 ms steps would round them to 0), peak memory from measure.
fine() {
	name=$1 runs=$2
	shift 2
	measure "$name" "$@"
	[ "$t" = NA ] && return 0
	: > "$tmp/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		a=$(date +%s%N)
		sh -c "$*" >/dev/null 2>&1
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

echo "wl benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m);" \
    "median of $RUNS runs; journal of 1M records: $(($(wc -c < "$J1M") / 1048576)) MiB"
echo
echo '| what | wl | wl peak | peer | peer time | peer peak | wl/peer |'
echo '|---|--:|--:|---|--:|--:|--:|'

measure wl "$BIN/wl-note list --all -k do -o jsonl -f $J1M"
wt=$t wm=$m
measure jq "jq -c 'select(.type==\"note\" and .kind==\"do\")' $J1M"
row "list -k do (9%)" "$wt" "$wm" jq "$t" "$m"
measure grep "grep -F '\"kind\":\"do\"' $J1M"
row "list -k do (9%)" "$wt" "$wm" "grep -F" "$t" "$m"
if [ -n "$duck" ]; then
	measure duckdb "$duck do $J1M $tmp/duck.json"
	row "list -k do (9%)" "$wt" "$wm" DuckDB "$t" "$m"
fi

measure wl "$BIN/wl-note list --all -o jsonl -f $J1M"
wt=$t wm=$m
measure jq "jq -c 'select(.type==\"note\")' $J1M"
row "list (70%)" "$wt" "$wm" jq "$t" "$m"
if [ -n "$duck" ]; then
	measure duckdb "$duck notes $J1M $tmp/duck.json"
	row "list (70%)" "$wt" "$wm" DuckDB "$t" "$m"
fi

[ "${ONLY:-}" = list ] && exit 0

measure wl "$BIN/wl-report md --all -f $J1M"
wt=$t wm=$m
measure jq "jq -n 'reduce inputs as \$r ({}; .[\$r.type] += 1)' $J1M"
row "report --all" "$wt" "$wm" jq "$t" "$m"
if [ -n "$duck" ]; then
	measure duckdb "$duck count $J1M"
	row "report --all" "$wt" "$wm" "DuckDB group-by" "$t" "$m"
fi

measure wl "$BIN/wl-report check $J1M"
row "check" "$t" "$m" "-" NA NA

cp "$J1M" "$tmp/b.jsonl"
printf '%s\n' '{"id":"ffffffffffffffff","type":"note","at":"2026-06-14T09:30:00Z","session":"0000000000000000","kind":"do","text":"x"}' >> "$tmp/b.jsonl"
measure wl "$BIN/wl-report diff $J1M $tmp/b.jsonl; test \$? -eq 1"
wt=$t wm=$m
measure jq "jq -c . $J1M > /dev/null; jq -c . $tmp/b.jsonl > /dev/null"
row "diff of two 1M" "$wt" "$wm" "two jq passes" "$t" "$m"

# One add into the big journal, as a facilitator's loop does it.
cp "$J1M" "$tmp/add.jsonl"
fine wl 50 "$BIN/wl-note add -f $tmp/add.jsonl -k do 'Reageer snel'"
wt=$t wm=$m
fine printf 50 "printf '%s\n' '{\"x\":1}' >> $tmp/plain"
row "one add (1M journal), median of 50" "$wt" "$wm" "sh printf >>" "$t" "$m"
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
	fine task 50 "task add Reageer snel"
	row "one add (1M journal), median of 50" "$wt" "$wm" "task add (20k)" "$t" "$m"
fi

seq 100000 | sed 's/^/Bulk notitie /' > "$tmp/lines"
cp "$J10K" "$tmp/bulk.jsonl"
RUNS=1 measure wl "$BIN/wl-note add -f $tmp/bulk.jsonl -k idea < $tmp/lines"
printf '| bulk add of 100,000 lines | %s s | | | | | %s records/s |\n' "$t" \
    "$(awk -v t="$t" 'BEGIN { if (t == "NA" || t == 0) print "-"; else printf "%d", 100000 / t }')"

# compare: five pilots of some 300 records each, and a million.
"$BIN/gen" 1500 7 > "$tmp/five.jsonl"
measure wl "$BIN/wl-report compare --by session $tmp/five.jsonl"
row "compare, 5 pilots x 300" "$t" "$m" "-" NA NA
measure wl "$BIN/wl-report diff $J10K $tmp/bulk.jsonl; test \$? -eq 1"
row "diff, 10k vs 110k" "$t" "$m" "-" NA NA
RUNS=1 measure wl "$BIN/wl-report compare -o json $J1M"
row "compare, 1M records" "$t" "$m" "-" NA NA
