#!/bin/sh
# The fast list (lib/list.c) reads a line far behind its pass with
# pread and lets the map go behind it, and scans the two halves of the
# file in two threads.  Here what changes a match is megabytes away from
# it, before or after it, and in the other half: a retract, an amend
# that makes a note a match and one that makes a match none, a match
# written long after the lines that sort after it, a retracted session,
# and an erased participant.  The fast path (a regular file) must give
# the plain path's (standard input) bytes, messages and exit status.
. "$(dirname "$0")/lib.sh"

S=0123456789ab0000 S2=0123456789ab0001 S3=0123456789ab0002
P=0123456789ab0010 Q=0123456789ab0011 R=0123456789ab0012
N1=0123456789ab0020 N2=0123456789ab0021 N3=0123456789ab0022
N4=0123456789ab0023 N5=0123456789ab0024 N6=0123456789ab0025
N7=0123456789ab0026 N8=0123456789ab0027
at() { printf '"at":"2026-06-%02dT%s:00Z"' "$1" "$2"; }
sess() {	# ID DAY MUNICIPALITY
	printf '{"id":"%s","type":"session",%s,"municipality":"%s","date":"2026-06-%02d","blocks":[{"n":1,"title":"Een"},{"n":2,"title":"Twee"}]}\n' \
	    "$1" "$(at "$2" 08:00)" "$3" "$2"
}
person() {	# ID SESSION DAY NAME
	printf '{"id":"%s","type":"participant",%s,"session":"%s","role":"initiator","name":"%s","consent":true}\n' \
	    "$1" "$(at "$3" 08:01)" "$2" "$4"
}
note() {	# ID SESSION DAY HH:MM KIND TEXT [MORE]
	printf '{"id":"%s","type":"note",%s,"session":"%s","kind":"%s","text":"%s"%s}\n' \
	    "$1" "$(at "$3" "$4")" "$2" "$5" "$6" "${7-}"
}
# FROM COUNT SESSION DAY: COUNT notes of about 250 bytes each, ids from
# FROM on, a minute apart, a block and a kind by turns.
filler() {
	awk -v from="$1" -v n="$2" -v s="$3" -v d="$4" 'BEGIN {
		split("do dont quote idea expectation", k, " ")
		pad = sprintf("%0160d", 0); gsub(/0/, "x", pad)
		for (i = 0; i < n; i++)
			printf "{\"id\":\"%016x\",\"type\":\"note\",\"at\":\"2026-06-%02dT%02d:%02d:%02dZ\",\"session\":\"%s\",\"kind\":\"%s\",\"text\":\"vul %d %s\",\"block\":%d}\n",
			    from + i, d, 9 + int(i / 3600) % 12, int(i / 60) % 60,
			    i % 60, s, k[i % 5 + 1], i, pad, i % 2 + 1
	}'
}

{
	sess "$S" 1 Venlo
	person "$P" "$S" 1 'Piet Geheim'
	person "$Q" "$S" 1 'Quirine Open'
	note "$N1" "$S" 1 09:00 do 'Doen, van Piet' ",\"block\":1,\"by\":\"$P\""
	note "$N2" "$S" 1 09:01 do 'Doen, later teruggetrokken' ',"block":2'
	note "$N3" "$S" 1 09:02 dont 'Wordt een doen' ",\"by\":\"$Q\""
	note "$N4" "$S" 1 09:03 do 'Wordt een laten' ',"block":1'
	sess "$S2" 2 Roermond
	person "$R" "$S2" 2 'Rik Roer'
	note "$N6" "$S2" 2 09:00 do 'In een sessie die verdwijnt' ",\"by\":\"$R\""
	filler 1000000 9000 "$S2" 2
	sess "$S3" 3 Venlo
	filler 2000000 9000 "$S3" 3
	# Written last, sorted first: its session is megabytes behind.
	note "$N5" "$S" 1 09:04 do 'Laat geschreven, vroeg gezegd' ",\"block\":2,\"by\":\"$P\""
	printf '{"id":"0123456789ab0030","type":"retract",%s,"ref":"%s","reason":"dubbel"}\n' "$(at 4 10:00)" "$N2"
	printf '{"id":"0123456789ab0031","type":"amend",%s,"ref":"%s","set":{"kind":"do","block":2}}\n' "$(at 4 10:01)" "$N3"
	printf '{"id":"0123456789ab0032","type":"amend",%s,"ref":"%s","set":{"kind":"dont"}}\n' "$(at 4 10:02)" "$N4"
	printf '{"id":"0123456789ab0033","type":"retract",%s,"ref":"%s"}\n' "$(at 4 10:03)" "$S2"
} > far.jsonl
is "$(wc -c < far.jsonl | awk '{ print ($1 > 4000000) }')" 1 \
    "the journal is over 4 MB: what changes a match is far from it"

# The same changes written before what they change (in the file; their
# "at" still after): the fold takes the file whole either way.
{
	head -1 far.jsonl
	tail -4 far.jsonl
	sed '1d;$d' far.jsonl | sed '$d' | sed '$d' | sed '$d'
} > before.jsonl
is "$(sort far.jsonl | cksum)" "$(sort before.jsonl | cksum)" \
    "the changes first: the same lines in another order"

# Piet erased, as wl-session redact does it: his participant line and
# his notes, wherever they are.
cp far.jsonl werklab.jsonl
WL_NOW=2026-06-05T09:00:00Z wl-session redact "$P" --yes \
    >/dev/null 2>redact.err
ok $? "wl-session redact $P erases Piet"
cp werklab.jsonl erased.jsonl
is "$(grep -c 'Piet\|van Piet\|Laat geschreven' erased.jsonl)" 0 \
    "  his name and his notes' text are gone from every line"
# A note of his written after the redaction, not erased in its line:
# every reader erases it as it reads (wl-journal(5), Erasure); the fast
# list gives up on it and the plain path does that.
{ cat erased.jsonl; note 0123456789ab0040 "$S" 5 09:00 do 'Nog van Piet' ",\"by\":\"$P\""; } > unerased.jsonl
rm werklab.jsonl

for j in far before erased unerased; do
	for opts in "" "-k do" "-k dont -b 2" "-b 1" "--municipality venlo -k do" \
	    "--municipality roermond"; do
		# shellcheck disable=SC2086
		both_paths "$j" $opts
	done
done

# Which path ran.
for j in far before erased; do
	is "$(fast_trace $j -k do)" "wl-note: fast list: ran" "$j -k do: the fast path ran"
	is "$(fast_trace $j -b 1)" "wl-note: fast list: ran" "$j -b 1: the fast path ran"
done
is "$(fast_trace unerased -k do)" \
    "wl-note: fast list: gave up: a problem of the rules" \
    "unerased: the fast path gave up, on the rule of erasure"
is "$(fast_trace far --municipality roermond)" \
    "wl-note: fast list: gave up: no session or no note of the municipality" \
    "far --municipality roermond: gave up, its one session retracted"
is "$(fast_trace far -k do | wc -l | tr -d ' ')" 1 "the trace is one line"
is "$(wl-note list --all -k do -o jsonl -f far.jsonl </dev/null 2>&1 >/dev/null)" "" \
    "without WL_FASTLIST_TRACE nothing is said"
WL_FASTLIST_TRACE=1 wl-note list --all -k do -o jsonl -f - <far.jsonl \
    >/dev/null 2>err
is "$(cat err)" "" "standard input: the plain path, and no trace"

# What the answer is, not only that both paths give it.
for j in far before; do
	wl-note list --all -k do -o jsonl -f "$j.jsonl" </dev/null > out
	ids=$(grep -o '"id":"0123456789ab00[0-9a-f]*","type":"note"' out |
	    cut -c7-22 | tr '\n' ' ')
	is "$ids" "$N1 $N3 $N5 " \
	    "$j -k do: the notes of S that are do now, late one in order"
	is "$(grep -c '"kind":"do"' out)" "$(grep -c . out | awk '{ print $1 - 2 - 2 }')" \
	    "$j -k do: every note out is a do (besides S, S3, Piet, Quirine)"
	ok "$(! grep -q "$N2\|$N4\|$N6\|$S2\|$R" out; echo $?)" \
	    "$j -k do: no retracted or amended-away note, no retracted session"
	like "$(grep "$N3" out)" '"kind":"do".*"block":2' \
	    "$j -k do: the amend far after its note is folded in"
	is "$(head -4 out | cut -c8-23 | tr '\n' ' ')" "$S $P $N1 $Q " \
	    "$j -k do: each match after what it names, each of those once"
done
wl-note list --all -k do -o jsonl -f erased.jsonl </dev/null > out
is "$(grep -c "$P" out)" 3 "erased: Piet's line and his two notes are listed"
like "$(grep "\"id\":\"$P\"" out)" '^\{"id":"'"$P"'","type":"participant"' \
    "  his participant line as erased"
ok "$(! grep -q 'Piet\|van Piet\|Laat geschreven' out; echo $?)" \
    "  nothing he said or was"
wl-note list --all -k do -o jsonl -f unerased.jsonl </dev/null >out 2>err
is "$?" 0 "unerased: a line of an erased person is listed"
is "$(grep -c 0123456789ab0040 out)" 1 "  the note written after the redaction"
ok "$(! grep -q 'Nog van Piet' out; echo $?)" "  erased as it is read"

done_testing
