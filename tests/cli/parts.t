#!/bin/sh
# A writer that adds to a session named by id (-s, WL_SESSION) reads
# only the part of the journal that bears on that session (lib/tail.c:
# the session, what names it, and what names those); WL_WHOLE_JOURNAL=1
# makes it read the whole file, the plain path.  Both must give the same
# answer: every add below runs both ways on a copy of each journal, and
# the journals' bytes (the new record's random id masked, after the
# check that each path placed it above every id of its second), the
# output, the messages and the exit status must be the same.  So must a
# writer without -s, which reads from the latest session on and looks
# up what that tail names before it.
. "$(dirname "$0")/lib.sh"

. "$WL_SRC/tests/cli/parts.sh"

for j in $journals; do
	for s in $(sessions "$j"); do
		p=$(prefix "$s" 6 "$j.jsonl")
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
		both "$j" "session edit --title" wl-session edit -s "$p" \
		    --title nieuw
		both "$j" "session edit -m -d -p" wl-session edit -s "$s" \
		    -m Venlo -d 2026-06-01 -p 3
		both "$j" "session edit --title '' --facilitator ''" \
		    wl-session edit -s "$s" --title "" --facilitator ""
		both "$j" "session edit --facilitator, WL_SESSION" env \
		    WL_SESSION="$s" wl-session edit --facilitator Anna \
		    --facilitator Bram
		both "$j" "session edit, no change" wl-session edit -s "$s" \
		    -m "$(grep -F "\"id\":\"$s\"" "$j.jsonl" |
		    sed 's/.*"municipality":"\([^"]*\)".*/\1/')"
		both "$j" "session edit -d of no date" wl-session edit \
		    -s "$s" -d 2026-13-01
	done
done
# Sessions that are not there, or not one.
both hand "a session retracted" sh -c 'wl-session rm "$1" --yes &&
    wl-note add -s "$1" -k idea nee' sh "$O"
both hand "no such session" wl-note add -s abcdef -k idea "nee"
both hand "a participant's id" wl-note add -s "$B" -k idea "nee"
both hand "an id of two sessions" wl-note add -s "$(printf %s "$S" | cut -c1-1)" -k idea "nee"
both hand "session edit: a session retracted" sh -c 'wl-session rm "$1" \
    --yes && wl-session edit -s "$1" --title nee' sh "$O"
both hand "session edit: no such session" wl-session edit -s abcdef --title nee
both hand "session edit: a participant's id" wl-session edit -s "$B" \
    --title nee
both hand "session edit: an id of two sessions" wl-session edit \
    -s "$(printf %s "$S" | cut -c1-1)" --title nee
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

# A writer without -s reads from the latest session's line on, and
# looks up there what that tail names before it: a follow-up's statuses
# of an earlier session's advice, more than a few, and a note added
# later to that session.
export WL_JOURNAL=outside.jsonl
E=$(wl-session new -m Roermond -d 2026-05-14 --title eerder)
adv=
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	adv="$adv $(wl-advice add -s "$E" -p self "advies $i")"
done
L=$(wl-session new -m Venlo -d 2026-06-14 --title laatste)
wl-session join -s "$L" -r initiator -n Anna >/dev/null
for a in $adv; do
	wl-advice status "$a" adopted >/dev/null
done
N=$(wl-note add -s "$E" -k idea "later")
unset WL_JOURNAL
wl-report check outside.jsonl >/dev/null 2>&1
ok $? "the outside journal is clean"
is "$(sed -n "/\"id\":\"$L\"/,\$p" outside.jsonl | grep -c '"type":"status"')" 12 \
    "the outside journal: twelve statuses after the latest session"
# One names nothing, one a record of a wrong type.
status='{"id":"%s","type":"status","at":"2026-06-14T09:30:00Z","ref":"%s","status":"adopted"}\n'
{ cat outside.jsonl; printf "$status" 0000000000000bbb 0123456789abcdef; } > nothing.jsonl
{ cat outside.jsonl; printf "$status" 0000000000000bbb "$N"; } > wrong.jsonl
cp outside.jsonl retracted.jsonl
WL_JOURNAL=retracted.jsonl wl-session rm "$L" --yes >/dev/null 2>&1
ok $? "the latest session of the outside journal retracted"
for j in outside nothing wrong retracted; do
	both "$j" "no -s: note" wl-note add -k idea "nieuw"
	both "$j" "no -s: note --by Anna" wl-note add -k idea --by Anna "van Anna"
	both "$j" "no -s: advice" wl-advice add -p self "advies"
	both "$j" "no -s: join" wl-session join -r initiator -n Fien
	both "$j" "no -s: session edit" wl-session edit --title nieuw
done

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
	cp damaged.jsonl part.jsonl
	run env WL_JOURNAL=part.jsonl wl-session edit -s "$s" --title ja
	is "$rc" 0 "$j: a damaged line of another session: session edit reads the part"
done
# And what a writer without -s reads is its tail, however much it names
# before it: a damaged line before the tail is not read.
{ printf '{"id":"0123456789abcdef","type":"note","at":"2026-06-14T09:00:00Z","session":"%s","kind":"idea","text":"kapot"}}\n' "$E"; cat outside.jsonl; } > damaged.jsonl
cp damaged.jsonl part.jsonl
WL_WHOLE_JOURNAL=1 WL_JOURNAL=part.jsonl wl-note add -k idea nee \
    </dev/null >/dev/null 2>&1
is $? 2 "outside: a damaged line: the whole load refuses"
cmp -s damaged.jsonl part.jsonl
ok $? "outside: a damaged line: the whole load leaves the journal as it was"
run env WL_JOURNAL=part.jsonl wl-note add -k idea ja
is "$rc" 0 "outside: a damaged line before the tail: the tail does not read it"
like "$out" '^[0-9a-f]{16}$' "outside: a damaged line: the tail's add prints its id"
cp damaged.jsonl part.jsonl
run env WL_JOURNAL=part.jsonl wl-session edit --title ja
is "$rc" 0 "outside: a damaged line before the tail: session edit reads the tail"

done_testing
