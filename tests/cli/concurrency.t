#!/bin/sh
# Concurrent writers lose nothing and interleave no bytes.
# Two processes append N records each at the same time (N = 1000; fewer
# under sanitizers, which are ~10 times slower: WL_SAN, or detected).
. "$(dirname "$0")/lib.sh"

N=1000
if [ -n "${WL_SAN:-}" ] || grep -q __asan_init "$WL_BIN/wl-session"; then
	N=${WL_SAN_N:-200}
fi

s=$(wl-session new -m Roermond -d 2026-06-14 </dev/null)
like "$s" '^[0-9a-f]{16}$' "a session to join"

# writer TAG: N joins, each printed id to TAG.ids, any trouble to TAG.err
writer() {
	i=0
	f=0
	while [ "$i" -lt "$N" ]; do
		wl-session join -r other -n "$1 $i" </dev/null || {
			echo "join $i failed: $?" >&2
			f=$((f + 1))
		}
		i=$((i + 1))
	done >"$1.ids" 2>"$1.err"
	[ "$f" -eq 0 ]
}
writer a &
pa=$!
writer b &
pb=$!
wait "$pa"
ok $? "writer a finished"
wait "$pb"
ok $? "writer b finished"

# (a writer kept waiting over a second by a busy machine says so)
is "$(cat a.err b.err | grep -v '^wl-session: waiting for werklab.jsonl: ')" "" \
    "no writer said anything on stderr (but that it waited)"
is "$(wc -l <a.ids | tr -d ' ')" "$N" "writer a printed $N ids"
is "$(wc -l <b.ids | tr -d ' ')" "$N" "writer b printed $N ids"
total=$((2 * N + 1))
is "$(wc -l <werklab.jsonl | tr -d ' ')" "$total" "the journal holds exactly $total lines"
is "$(tail -c 1 werklab.jsonl | od -An -c | tr -d ' ')" '\n' "it ends in a newline"
is "$(grep -c '"type":"participant"' werklab.jsonl)" "$((2 * N))" "$((2 * N)) participant lines"
re="^\\{\"id\":\"[0-9a-f]{16}\",\"type\":\"participant\",\"at\":\"$WL_NOW\",\"session\":\"$s\",\"role\":\"other\",\"name\":\"[ab] [0-9]+\",\"consent\":false\\}\$"
is "$(sed 1d werklab.jsonl | grep -Evc "$re")" 0 "every participant line is one whole, well-formed record"
like "$(sed -n 1p werklab.jsonl)" "^\\{\"id\":\"$s\",\"type\":\"session\",.*\\}\$" "the session line is first and whole"
if command -v jq >/dev/null 2>&1; then
	jq -c . werklab.jsonl >/dev/null 2>"$T/jq.err"
	ok $? "every line is valid JSON (jq)"
	is "$(jq -r 'select(.type == "participant") | .session' werklab.jsonl | sort -u)" "$s" \
	    "every participant joined the session"
fi
run wl-session people -o tsv
is "$rc:$err" "0:" "wl-session reads the journal cleanly"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "$((2 * N + 1))" "people lists all $((2 * N)) (and the header)"

first_b=$(grep -n '"name":"b ' werklab.jsonl | sed -n '1s/:.*//p')
last_a=$(grep -n '"name":"a ' werklab.jsonl | sed -n '$s/:.*//p')
[ "${first_b:-0}" -lt "${last_a:-0}" ]
ok $? "the writers really ran at the same time (their lines interleave)"

# every printed id is in the journal exactly once, and nothing else is
sort a.ids b.ids >"$T/printed"
is "$(uniq -d "$T/printed")" "" "no id was printed twice"
grep '"type":"participant"' werklab.jsonl | cut -c 8-23 | sort >"$T/written"
same "$T/written" "$T/printed" "the journal's participant ids are exactly the printed ids"
printf '%s\n' "$out" | sed 1d | cut -f 1 | sort >"$T/listed"
same "$T/listed" "$T/printed" "people lists exactly the printed ids"

# each writer's own records keep their order
grep -o '"name":"a [0-9]*"' werklab.jsonl | tr -dc '0-9\n' >"$T/a.order"
seq 0 $((N - 1)) >"$T/seq"
same "$T/a.order" "$T/seq" "writer a's records are in the order it wrote them"
grep -o '"name":"b [0-9]*"' werklab.jsonl | tr -dc '0-9\n' >"$T/b.order"
same "$T/b.order" "$T/seq" "writer b's records are in the order it wrote them"

# a writer waits for the lock: while another process holds it, nothing
# is appended; once it is released, the waiting join completes.
before=$(wc -l <werklab.jsonl | tr -d ' ')
hold_lock werklab.jsonl
wl-session join -r initiator </dev/null >held.id 2>held.err &
pj=$!
# until the join queues for the lock (or, wrongly, ends without it)
queued() { waiting_for_lock werklab.jsonl || [ -s held.id ] || [ -s held.err ]; }
wait_for queued
waiting_for_lock werklab.jsonl
ok $? "a join waits while another process holds the lock"
is "$(wc -l <werklab.jsonl | tr -d ' ')" "$before" "nothing was appended while the lock was held"
release_lock
wait "$pj"
ok $? "the join blocked on the lock succeeds once it is released"
is "$(wc -l <werklab.jsonl | tr -d ' ')" "$((before + 1))" "the join's line came after"
is "$(tail -n 1 werklab.jsonl | cut -c 8-23)" "$(cat held.id)" "  with the printed id"

done_testing
