#!/bin/sh
# A writer that adds to a session named by id (-s, WL_SESSION) reads
# only the part of the journal that bears on that session (lib/tail.c:
# the session, what names it, and what names those); WL_WHOLE_JOURNAL=1
# makes it read the whole file, the plain path.  Both must give the same
# answer: every add below runs both ways on a copy of each journal, and
# the journals' bytes (the new record's random id masked, after the
# check that each path placed it above every id of its second), the
# output, the messages and the exit status must be the same.
. "$(dirname "$0")/lib.sh"

# The hand journal: two sessions at the same second as WL_NOW (so a new
# id must go above those of the other session too), people withdrawn
# and restored, an erased one, a fourth block that an amend gave.
export WL_JOURNAL=hand.jsonl
S=$(wl-session new -m Roermond -d 2026-06-14 --title een)
O=$(wl-session new -m Venlo -d 2026-06-14 --title twee)
wl-session join -s "$S" -r initiator -n Anna >/dev/null
B=$(wl-session join -s "$S" -r civil-servant -n Bram)
C=$(wl-session join -s "$S" -r manager -n Cor)
D=$(wl-session join -s "$S" -r initiator -n Dirk)
wl-session join -s "$O" -r initiator -n Eva >/dev/null
wl-session join -s "$O" -r initiator -n Anna >/dev/null
wl-note add -s "$S" -k idea --by Anna "een idee" >/dev/null
A1=$(wl-advice add -s "$S" -p self "een advies")
wl-advice endorse "$A1" --by Bram >/dev/null
wl-session rm "$B" --yes >/dev/null 2>&1
wl-session restore "$B" >/dev/null 2>&1
wl-session rm "$C" --yes >/dev/null 2>&1
wl-session redact "$D" -s "$S" --yes >/dev/null 2>&1
wl-note add -s "$O" -k idea --by Eva "elders" >/dev/null
unset WL_JOURNAL
# The session gets a fourth block.
printf '{"id":"%s","type":"amend","at":"2026-06-14T09:29:00Z","ref":"%s","set":{"blocks":[{"n":1,"title":"A"},{"n":2,"title":"B"},{"n":3,"title":"C"},{"n":4,"title":"D"}]}}\n' \
    0000000000000aaa "$S" >> hand.jsonl
wl-report check hand.jsonl >/dev/null 2>&1
ok $? "the hand journal is clean"
like "$(grep -c . hand.jsonl)" '^1[6-9]$' "the hand journal has its records"
# The same records, amends, retracts and redactions first (order does
# not matter: wl-journal(5)); and with lines that are not canonical.
grep -E '"type":"(amend|retract|redaction)"' hand.jsonl > moved.jsonl
grep -vE '"type":"(amend|retract|redaction)"' hand.jsonl >> moved.jsonl
sed 's/^{"id":\("[0-9a-f]*"\),"type":"participant"/{ "id" : \1, "type":"participant"/; s/"ref":"/"ref" : "/' \
    hand.jsonl > spaced.jsonl
wl-report check moved.jsonl >/dev/null 2>&1
ok $? "the moved journal is clean"
wl-report check spaced.jsonl >/dev/null 2>&1
ok $? "the spaced journal is clean"
cp "$WL_SRC/share/examples/roermond.jsonl" roermond.jsonl
cp "$WL_SRC/share/examples/venlo.jsonl" venlo.jsonl
cat venlo.jsonl roermond.jsonl > both.jsonl
journals="hand moved spaced roermond venlo both"
# A generated one, the first session first in the file, and a record
# of another session in WL_NOW's second with a high id.
if ${CC:-cc} -O1 -o gen "$WL_SRC/tests/bench/gen.c" 2>/dev/null; then
	./gen 3000 7 > gen.jsonl
	last=$(grep '"type":"session"' gen.jsonl | tail -1 | cut -c8-23)
	printf '{"id":"f000000000000000","type":"note","at":"2026-06-14T09:30:00Z","session":"%s","kind":"idea","text":"hoog"}\n' \
	    "$last" >> gen.jsonl
	journals="$journals gen"
else
	skip 1 "no C compiler for tests/bench/gen.c"
fi

# sessions J: the ids of J's sessions, the first and the last
sessions() {
	grep -E '^\{ ?"id" ?: ?"[0-9a-f]{16}", ?"type" ?: ?"session"' "$1.jsonl" |
	    sed 's/^{ *"id" *: *"\([0-9a-f]*\)".*/\1/' | sed -n '1p;$p' | sort -u
}

# both J DESC CMD...: run CMD on a copy of J.jsonl the plain way and
# the part's way, and compare.
both() {
	_j=$1 _d=$2
	shift 2
	cp "$_j.jsonl" plain.jsonl
	cp "$_j.jsonl" part.jsonl
	WL_WHOLE_JOURNAL=1 WL_JOURNAL=plain.jsonl "$@" </dev/null \
	    >plain.out 2>plain.err
	_prc=$?
	WL_JOURNAL=part.jsonl "$@" </dev/null >part.out 2>part.err
	_rc=$?
	is "$_rc" "$_prc" "$_j: $_d: same exit status"
	for _w in plain part; do
		_new=
		if [ "$(wc -l < $_w.jsonl)" -gt "$(wc -l < "$_j.jsonl")" ]; then
			_new=$(tail -1 $_w.jsonl | cut -c8-23)
			# above every id of its second already there
			_at=$(tail -1 $_w.jsonl | sed 's/.*"at":"\([^"]*\)".*/\1/')
			_hi=$(grep -F "\"at\":\"$_at\"" "$_j.jsonl" |
			    grep -v '"type":"group"' |
			    sed 's/^{ *"id" *: *"\([0-9a-f]*\)".*/\1/' |
			    sort | tail -1)
			[ -z "$_hi" ] || [ "$_new" \> "$_hi" ]
			ok $? "$_j: $_d: $_w: the new id goes above its second's"
		fi
		for _f in jsonl out err; do
			if [ -n "$_new" ]; then
				sed "s/$_new/NEWID/g; s/$_w\.jsonl/J/g" \
				    $_w.$_f > $_w.$_f.m
			else
				sed "s/$_w\.jsonl/J/g" $_w.$_f > $_w.$_f.m
			fi
		done
	done
	same part.jsonl.m plain.jsonl.m "$_j: $_d: same journal"
	same part.out.m plain.out.m "$_j: $_d: same output"
	same part.err.m plain.err.m "$_j: $_d: same messages"
}

for j in $journals; do
	for s in $(sessions "$j"); do
		p=$(printf %s "$s" | cut -c1-6)
		both "$j" "note -s $p" wl-note add -s "$p" -k idea "nieuw"
		both "$j" "note -s ID -b 2 -o jsonl" wl-note add -s "$s" -k do \
		    -b 2 -o jsonl "doen"
		both "$j" "note -b 4" wl-note add -s "$s" -k do -b 4 "vier"
		both "$j" "note --by Anna" wl-note add -s "$s" -k idea \
		    --by Anna "van Anna"
		both "$j" "note --by Bram" wl-note add -s "$s" -k idea \
		    --by Bram "van Bram"
		both "$j" "note --by Cor" wl-note add -s "$s" -k idea \
		    --by Cor "van Cor"
		both "$j" "note --by Eva" wl-note add -s "$s" -k idea \
		    --by Eva "van Eva"
		both "$j" "WL_SESSION" env WL_SESSION="$s" wl-note add \
		    -k question "vraag"
		both "$j" "advice" wl-advice add -s "$s" -p self "advies"
		both "$j" "agree" wl-advice agree -s "$s" "afspraak"
		both "$j" "agree --owner Anna" wl-advice agree -s "$s" \
		    --owner Anna "afspraak"
		# the journal's first advice: of this session or another
		a=$(grep -m1 '"type":"advice"' "$j.jsonl" |
		    sed 's/^{ *"id" *: *"\([0-9a-f]*\)".*/\1/' | cut -c1-6)
		[ -z "$a" ] || both "$j" "agree --advice $a" wl-advice agree \
		    -s "$s" --advice "$a" "afspraak"
		both "$j" "join" wl-session join -s "$s" -r initiator -n Fien
	done
done
# Sessions that are not there, or not one.
both hand "a session retracted" sh -c 'wl-session rm "$1" --yes &&
    wl-note add -s "$1" -k idea nee' sh "$O"
both hand "no such session" wl-note add -s abcdef -k idea "nee"
both hand "a participant's id" wl-note add -s "$B" -k idea "nee"
both hand "an id of two sessions" wl-note add -s "$(printf %s "$S" | cut -c1-1)" -k idea "nee"
# A prefix that a note of the other session shares: still the one
# session; then a second session that shares it too.
S12=$(printf %s "$S" | cut -c1-12)
printf '{"id":"%sffff","type":"note","at":"2026-06-14T09:00:00Z","session":"%s","kind":"idea","text":"gedeeld"}\n' \
    "$S12" "$O" > shared.jsonl
cat hand.jsonl >> shared.jsonl
both shared "a prefix a note shares" wl-note add -s "$S12" -k idea "ja"
printf '{"id":"%seeee","type":"session","at":"2026-06-14T09:00:00Z","municipality":"Venray","date":"2026-06-14"}\n' \
    "$S12" >> shared.jsonl
both shared "a prefix two sessions share" wl-note add -s "$S12" -k idea "nee"

# The part is what a writer reads: a damaged line of another session
# (it begins as a canonical line does) the whole load refuses, and the
# part leaves unread (wl-report check finds it).
for j in hand gen; do
	[ -e "$j.jsonl" ] || continue
	s=$(grep '"type":"session"' "$j.jsonl" | head -1 | cut -c8-23)
	other=$(grep '"type":"session"' "$j.jsonl" | tail -1 | cut -c8-23)
	{ cat "$j.jsonl"; printf '{"id":"0123456789abcdef","type":"note","at":"2026-06-14T09:00:00Z","session":"%s","kind":"idea","text":"kapot"}}\n' "$other"; } > damaged.jsonl
	cp damaged.jsonl part.jsonl
	WL_WHOLE_JOURNAL=1 WL_JOURNAL=part.jsonl wl-note add -s "$s" -k idea nee \
	    </dev/null >/dev/null 2>&1
	is $? 2 "$j: a damaged line: the whole load refuses"
	cmp -s damaged.jsonl part.jsonl
	ok $? "$j: a damaged line: the whole load leaves the journal as it was"
	run env WL_JOURNAL=part.jsonl wl-note add -s "$s" -k idea ja
	is "$rc" 0 "$j: a damaged line of another session: the part does not read it"
	like "$out" '^[0-9a-f]{16}$' "$j: a damaged line: the part's add prints its id"
done

done_testing
