#!/bin/sh
# Concurrent writers, at scale: W writer processes (8) append A records
# each (1000), all at the same time, one process per append.  Every
# printed id is in the journal exactly once, every line is a whole
# valid record, the line count is exact, and each writer's records keep
# its order.  Most appends are 'wl-session new' (which only looks at the
# session lines, so 8000 of them fit in seconds); every R-th is a 'wl-note add', which
# reads the whole journal under the lock, so readers-that-write are in
# the mix.  'make stress' sets WL_STRESS_WRITERS and WL_STRESS_APPENDS
# higher; under sanitizers (WL_SAN, or detected) the counts are smaller.
. "$(dirname "$0")/lib.sh"

W=${WL_STRESS_WRITERS:-8}
A=${WL_STRESS_APPENDS:-1000}
R=${WL_STRESS_READ_EVERY:-50}
if [ -z "${WL_STRESS:-}" ] && { [ -n "${WL_SAN:-}" ] ||
    grep -q __asan_init "$WL_BIN/wl-session"; }; then
	W=8 A=${WL_SAN_N:-100} R=10
fi
echo "# $W writers x $A appends (every ${R}th a note add)"

s=$(wl-session new -m Roermond -d 2026-06-14 --title base </dev/null)
like "$s" '^[0-9a-f]{16}$' "a first session"

# writer K: A appends, ids to K.ids, trouble to K.err, exit 1 on any
writer() {
	i=1
	f=0
	while [ "$i" -le "$A" ]; do
		if [ $((i % R)) -eq 0 ]; then
			wl-note add -s "$s" -k idea "w$1 $i" </dev/null
		else
			# A municipality each: a second session of one
			# on a day is warned about (wl(7)).
			wl-session new -m "W$1 $i" -d 2026-06-14 --title "w$1 $i" </dev/null
		fi || {
			echo "append $i failed: $?" >&2
			f=$((f + 1))
		}
		i=$((i + 1))
	done >"$1.ids" 2>"$1.err"
	[ "$f" -eq 0 ]
}

start=$(date +%s)
pids=
k=1
while [ "$k" -le "$W" ]; do
	writer "$k" &
	pids="$pids $!"
	k=$((k + 1))
done
bad=0
for p in $pids; do
	wait "$p" || bad=$((bad + 1))
done
echo "# appends took $(($(date +%s) - start)) s"
is "$bad" 0 "all $W writers finished without a failed append"
# A writer that waits for the lock longer than a second says so
# (wl(7), --wait): on a busy machine some do, and that is all they say.
is "$(cat ./*.err | grep -v '^wl-[a-z]*: waiting for werklab.jsonl: ')" "" \
    "no writer said anything on stderr (but that it waited)"

total=$((W * A))
cat ./*.ids >"$T/printed"
is "$(grep -Evc '^[0-9a-f]{16}$' "$T/printed")" 0 "every printed line is an id"
is "$(wc -l <"$T/printed" | tr -d ' ')" "$total" "$total ids printed"
sort "$T/printed" >"$T/printed.sorted"
is "$(uniq -d "$T/printed.sorted")" "" "no id printed twice"
is "$(wc -l <werklab.jsonl | tr -d ' ')" "$((total + 1))" "the journal holds exactly $((total + 1)) lines"
is "$(tail -c 1 werklab.jsonl | od -An -c | tr -d ' ')" '\n' "it ends in a newline"
sed 1d werklab.jsonl | cut -c 8-23 | sort >"$T/written"
same "$T/written" "$T/printed.sorted" "the journal's ids are exactly the printed ids, each once"
re='^\{"id":"[0-9a-f]{16}","type":"(session|note)","at":"[^"]*",.*\}$'
is "$(grep -Evc "$re" werklab.jsonl)" 0 "every line is one whole record"
if command -v jq >/dev/null 2>&1; then
	jq -c . werklab.jsonl >/dev/null 2>"$T/jq.err"
	ok $? "every line is valid JSON (jq)"
fi
run wl-session list -o tsv
is "$rc:$err" "0:" "the tools' own reader takes every line"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "$((total - W * (A / R) + 2))" \
    "  and lists every session"
run wl-note list -s "$s" -o tsv
is "$(printf '%s\n' "$out" | sed 1d | wc -l | tr -d ' ')" "$((W * (A / R)))" \
    "  and every note"

# each writer's records are in the journal in the order it wrote them
seq 1 "$A" >"$T/seq"
sed 1d werklab.jsonl | sed -E 's/.*"(title|text)":"(w[0-9]+ [0-9]+)".*/\2/' >"$T/tags"
k=1
order=0
while [ "$k" -le "$W" ]; do
	grep "^w$k " "$T/tags" | cut -d' ' -f2 | cmp -s - "$T/seq" ||
	    order=$((order + 1))
	k=$((k + 1))
done
is "$order" 0 "every writer's records keep its order"
# the writers really ran at the same time: their lines interleave
[ "$(cut -d' ' -f1 "$T/tags" | uniq | wc -l)" -gt "$W" ]
ok $? "the writers' lines interleave (they ran at the same time)"

done_testing
