#!/bin/sh
# A writer that names a record by id (status, endorse, edit, rm,
# restore) reads only the part of the journal that bears on it
# (lib/tail.c: the part of its session, as for -s, and every line that
# mentions it); WL_WHOLE_JOURNAL=1 makes it read the whole file, the
# plain path.  Both must give the same answer: every by-id verb below
# runs both ways on a copy of each journal (the journals of parts.t),
# naming the first and the last record of a type in the file, and the
# journals' bytes (the new record's random id masked), the output, the
# messages and the exit status must be the same.  Then the prefixes
# that are not one record: ambiguous, unknown, of a record retracted,
# redacted, of a retracted session, of a retract; a record another
# session mentions; and a damaged line elsewhere that only the whole
# load reads, which shows that the part is what is read.
. "$(dirname "$0")/lib.sh"

. "$WL_SRC/tests/cli/parts.sh"


# ids J TYPE: the first and the last id of a record of TYPE in J.jsonl
ids() {
	grep -E "^\{ ?\"id\" ?: ?\"[0-9a-f]{16}\", ?\"type\" ?: ?\"$2\"" "$1.jsonl" |
	    sed 's/^{ *"id" *: *"\([0-9a-f]*\)".*/\1/' | sed -n '1p;$p' | uniq
}

for j in $journals; do
	for a in $(ids "$j" advice); do
		p=$(prefix "$a" 6 "$j.jsonl")
		both "$j" "status $p" wl-advice status "$p" adopted
		both "$j" "status ID --note --date" wl-advice status "$a" \
		    rejected --note "te duur" --date 2026-06-01
		both "$j" "status of advice: done" wl-advice status "$a" done
		both "$j" "endorse --by Anna" wl-advice endorse "$p" --by Anna
		both "$j" "endorse --by Bram --by Eva" wl-advice endorse "$a" \
		    --by Bram --by Eva --stance object --reason nee
		both "$j" "advice edit --text" wl-advice edit "$p" --text nieuw
		both "$j" "advice edit --minor" wl-advice edit "$a" --minor \
		    --text "nieuw woord"
		both "$j" "advice edit -p -t" wl-advice edit "$a" -p system \
		    -t geld -t tijd
		both "$j" "advice edit --owner (of advice)" wl-advice edit \
		    "$a" --owner Anna
		both "$j" "advice rm" wl-advice rm "$p"
		both "$j" "advice rm --yes" wl-advice rm "$a" --yes
		both "$j" "advice rm --dry-run" wl-advice rm "$a" --dry-run
		both "$j" "advice rm, restore" sh -c 'wl-advice rm "$1" --yes &&
		    wl-advice restore "$1"' sh "$p"
		both "$j" "advice restore, not removed" wl-advice restore "$a"
		both "$j" "note edit of an advice" wl-note edit "$p" --text x
		both "$j" "agree --advice, no -s" wl-advice agree --advice \
		    "$p" afspraak
		both "$j" "agree --advice, no -s, --owner Anna" wl-advice \
		    agree --advice "$a" --owner Anna --due 2026-07-01 afspraak
	done
	for a in $(ids "$j" agreement); do
		p=$(prefix "$a" 6 "$j.jsonl")
		both "$j" "agreement status" wl-advice status "$p" done
		both "$j" "agreement status adopted" wl-advice status "$a" \
		    adopted
		both "$j" "agreement edit --owner Anna" wl-advice edit "$p" \
		    --owner Anna --due 2026-07-01
		both "$j" "agreement edit --owner-text" wl-advice edit "$a" \
		    --owner-text "de gemeente"
		both "$j" "agreement endorse" wl-advice endorse "$p" --by Anna
		both "$j" "agreement rm --yes" wl-advice rm "$a" --yes
	done
	for a in $(ids "$j" note); do
		p=$(prefix "$a" 6 "$j.jsonl")
		both "$j" "note edit --text" wl-note edit "$p" --text nieuw
		both "$j" "note edit -k -t" wl-note edit "$a" -k question \
		    -t een -t twee
		both "$j" "note edit -b 4" wl-note edit "$a" -b 4
		both "$j" "note edit -b 9" wl-note edit "$a" -b 9
		both "$j" "note edit --by Anna" wl-note edit "$a" --by Anna
		both "$j" "note edit --by Cor" wl-note edit "$a" --by Cor
		both "$j" "note edit --by Eva" wl-note edit "$a" --by Eva
		both "$j" "note rm" wl-note rm "$p"
		both "$j" "note rm --reason" wl-note rm "$a" --reason dubbel
		both "$j" "note rm, restore" sh -c 'wl-note rm "$1" &&
		    wl-note restore "$1"' sh "$p"
		both "$j" "note rm, rm again" sh -c 'wl-note rm "$1" &&
		    wl-note rm "$1"' sh "$p"
		both "$j" "note rm, edit" sh -c 'wl-note rm "$1" &&
		    wl-note edit "$1" --text weg' sh "$p"
		both "$j" "status of a note" wl-advice status "$p" adopted
		both "$j" "agree --advice of a note, no -s" wl-advice agree \
		    --advice "$p" afspraak
	done
	for a in $(ids "$j" participant); do
		p=$(prefix "$a" 6 "$j.jsonl")
		both "$j" "participant rm" wl-session rm "$p"
		both "$j" "participant rm --yes" wl-session rm "$a" --yes
		both "$j" "participant rm, restore" sh -c 'wl-session rm "$1" \
		    --yes && wl-session restore "$1"' sh "$p"
		both "$j" "participant restore" wl-session restore "$a"
		both "$j" "participant edit -n" wl-session edit "$p" -n Nieuw
		both "$j" "participant edit --org -r --consent" wl-session \
		    edit "$a" --org Gemeente -r manager --consent
		both "$j" "participant edit -n ''" wl-session edit "$a" -n ""
		both "$j" "participant rm, edit" sh -c 'wl-session rm "$1" \
		    --yes && wl-session edit "$1" -n weg' sh "$p"
	done
	for a in $(ids "$j" session); do
		p=$(prefix "$a" 6 "$j.jsonl")
		both "$j" "session rm --dry-run" wl-session rm "$p" --dry-run
		both "$j" "session rm --yes" wl-session rm "$a" --yes
		both "$j" "session rm, restore" sh -c 'wl-session rm "$1" \
		    --yes && wl-session restore "$1"' sh "$p"
		both "$j" "status of a session" wl-advice status "$p" adopted
	done
	for a in $(ids "$j" retract); do
		both "$j" "restore by the retract's id" wl-session restore "$a"
		both "$j" "note restore by the retract's id" wl-note restore \
		    "$a"
		both "$j" "rm of a retract" wl-note rm "$a"
	done
done

# Prefixes that are not one record.
A1p=$(prefix "$A1" 6 hand.jsonl)
both hand "unknown" wl-advice status abcdef0 adopted
both hand "unknown, rm" wl-note rm abcdef0
both hand "not an id" wl-note rm xyz
both hand "a retracted participant" wl-session rm "$C" --yes
both hand "a retracted participant restored" wl-session restore "$C"
both hand "a redacted participant" wl-session rm "$D" --yes
both hand "a redacted participant restored" wl-session restore "$D"
both hand "participant edit: a retracted one" wl-session edit "$C" -n X
both hand "participant edit: a redacted one" wl-session edit "$D" -n X
both hand "participant edit: a redacted one, -r" wl-session edit "$D" \
    -r manager
both hand "participant edit: an advice's id" wl-session edit "$A1" -n X
both hand "participant edit: a session's id" wl-session edit "$S" -n X
both hand "participant edit: unknown" wl-session edit abcdef0 -n X
both hand "participant edit: of a retracted session" sh -c 'wl-session rm \
    "$1" --yes && wl-session edit "$2" -n X' sh "$O" "$B"
for sel in "" "-s $S" "-s $O"; do
	for who in Anna Bram Eva Cor Dirk Niemand "$B" "$D"; do
		both hand "participant edit $sel $who" wl-session edit $sel \
		    "$who" --org Gemeente
	done
	both hand "participant edit $sel: two people" sh -c 'wl-session \
	    join ${1:+-s "$1"} -r manager -n Anna && wl-session edit \
	    ${1:+-s "$1"} Anna -n X' sh "${sel#-s }"
	both hand "participant edit $sel: WL_SESSION" env WL_SESSION="$O" \
	    wl-session edit $sel Anna -r manager
done
both hand "participant edit: a retracted session" sh -c 'wl-session rm \
    "$1" --yes && wl-session edit -s "$1" Eva -n X' sh "$O"
both hand "participant edit: the latest retracted" sh -c 'wl-session rm \
    "$1" --yes && wl-session rm "$2" --yes && wl-session edit Anna -n X' \
    sh "$O" "$S"
both hand "endorse --by a redacted one" wl-advice endorse "$A1" --by Dirk
both hand "endorse --by a withdrawn one" wl-advice endorse "$A1" --by Cor
both hand "endorse --by another session's" wl-advice endorse "$A1" --by Eva
N2=$(grep '"kind":"idea","text":"elders"' hand.jsonl | cut -c8-23)
both hand "a note of a retracted session" sh -c 'wl-session rm "$1" \
    --yes && wl-note edit "$2" --text weg' sh "$O" "$N2"
both hand "an advice of a retracted session" sh -c 'wl-session rm "$1" \
    --yes && wl-advice status "$2" adopted' sh "$S" "$A1p"
# A prefix a note of the other session shares with the advice: the
# whole file's lines are counted, not the part's.
A12=$(printf %s "$A1" | cut -c1-12)
printf '{"id":"%sffff","type":"note","at":"2026-06-14T09:00:00Z","session":"%s","kind":"idea","text":"gedeeld"}\n' \
    "$A12" "$O" > shared.jsonl
cat hand.jsonl >> shared.jsonl
both shared "a prefix of two records" wl-advice status "$A12" adopted
both shared "a prefix of two records, rm" wl-note rm "$A12"
both shared "the whole id" wl-advice status "$A1" adopted
both shared "the note's whole id" wl-note rm "${A12}ffff"
both shared "agree --advice, a prefix of two records" wl-advice agree \
    -s "$S" --advice "$A12" afspraak
both shared "agree --advice, the whole id" wl-advice agree -s "$S" \
    --advice "$A1" afspraak
both shared "agree --advice of another session" wl-advice agree -s "$O" \
    --advice "$A1" afspraak
both shared "agree --advice, no -s" wl-advice agree --advice "$A1p" afspraak
both shared "agree --advice, WL_SESSION" env WL_SESSION="$S" wl-advice \
    agree --advice "$A1p" --owner Anna afspraak
both shared "agree --advice, --owner of another session" wl-advice agree \
    -s "$S" --advice "$A1p" --owner Eva afspraak
both shared "agree --advice, --owner-text" wl-advice agree -s "$S" \
    --advice "$A1p" --owner-text "${A12}ffff" afspraak
both shared "agree --advice of a note" wl-advice agree -s "$S" \
    --advice "${A12}ffff" afspraak
both shared "agree --advice, -s of a municipality" wl-advice agree \
    -s Roermond --advice "$A1p" afspraak
both shared "agree --advice, no -s, unknown" wl-advice agree --advice \
    abcdef0 afspraak
both shared "agree --advice, no -s, a session's id" wl-advice agree \
    --advice "$S" afspraak
both hand "agree --advice, no -s, the latest retracted" sh -c 'wl-session \
    rm "$1" --yes && wl-advice agree --advice "$2" afspraak' sh "$O" "$A1"
both hand "agree --advice, no -s, every session retracted" sh -c \
    'wl-session rm "$1" --yes && wl-session rm "$2" --yes &&
    wl-advice agree --advice "$3" afspraak' sh "$O" "$S" "$A1"
# The same, the note not canonical: the second pass counts it.
sed "1s/^{\"id\":/{ \"id\" :/" shared.jsonl > shared2.jsonl
both shared2 "a prefix of two records, one spaced" wl-advice status \
    "$A12" adopted
# A record another session mentions: a note of the other session by a
# participant of this one.
Anna=$(grep '"type":"participant".*"name":"Anna"' hand.jsonl | head -1 |
    cut -c8-23)
{ cat hand.jsonl; printf '{"id":"0000000000000bbb","type":"note","at":"2026-06-14T09:10:00Z","session":"%s","kind":"idea","by":"%s","text":"van elders"}\n' "$O" "$Anna"; } > mentioned.jsonl
both mentioned "a participant another session's note names: rm" \
    wl-session rm "$Anna" --yes
both mentioned "... rm --dry-run" wl-session rm "$Anna" --dry-run
both mentioned "... restore" sh -c 'wl-session rm "$1" --yes &&
    wl-session restore "$1"' sh "$Anna"
both mentioned "the note of the other session" wl-note edit 0000000000000bbb \
    --text ander

# The part is what a by-id writer reads: a damaged line of another
# session the whole load refuses, and the part leaves unread.
for j in hand gen; do
	[ -e "$j.jsonl" ] || continue
	a=$(grep -m1 '"type":"advice"' "$j.jsonl" | cut -c8-23)
	other=$(grep '"type":"session"' "$j.jsonl" | tail -1 | cut -c8-23)
	[ "$j" = hand ] && other=$O
	{ cat "$j.jsonl"; printf '{"id":"0123456789abcdef","type":"note","at":"2026-06-14T09:00:00Z","session":"%s","kind":"idea","text":"kapot"}}\n' "$other"; } > damaged.jsonl
	s=$(grep -F "\"id\":\"$a\"" "$j.jsonl" |
	    sed 's/.*"session":"\([0-9a-f]*\)".*/\1/')
	who=$(grep -F "\"session\":\"$s\"" "$j.jsonl" |
	    grep -m1 '"type":"participant"' | cut -c8-23)
	for verb in "wl-advice status $a adopted" "wl-advice endorse $a --by $who" \
	    "wl-advice edit $a --text ander" "wl-advice rm $a --yes" \
	    "wl-advice agree -s $s --advice $a afspraak"; do
		cp damaged.jsonl part.jsonl
		WL_WHOLE_JOURNAL=1 WL_JOURNAL=part.jsonl $verb </dev/null \
		    >/dev/null 2>&1
		is $? 2 "$j: a damaged line: the whole load refuses $verb"
		cmp -s damaged.jsonl part.jsonl
		ok $? "$j: a damaged line: $verb: the journal as it was"
		run env WL_JOURNAL=part.jsonl $verb
		is "$rc" 0 "$j: a damaged line of another session: $verb reads the part"
	done
	# Without -s the latest session's tail is read, and this line is
	# of the latest session: it goes first, before the tail.
	{ tail -1 damaged.jsonl; cat "$j.jsonl"; } > first.jsonl
	for verb in "wl-session edit $who -n ander" \
	    "wl-session edit -s $s $who --org ander"; do
		case $verb in
		*" -s "*) cp damaged.jsonl part.jsonl ;;
		*) cp first.jsonl part.jsonl ;;
		esac
		WL_WHOLE_JOURNAL=1 WL_JOURNAL=part.jsonl $verb </dev/null \
		    >/dev/null 2>&1
		is $? 2 "$j: a damaged line: the whole load refuses $verb"
		run env WL_JOURNAL=part.jsonl $verb
		is "$rc" 0 "$j: a damaged line of another session: $verb reads the part"
	done
	nt=$(grep -m1 '"type":"note"' "$j.jsonl" | cut -c8-23)
	for verb in "wl-note edit $nt --text ander" "wl-note rm $nt"; do
		cp damaged.jsonl part.jsonl
		run env WL_JOURNAL=part.jsonl $verb
		is "$rc" 0 "$j: a damaged line of another session: $verb reads the part"
	done
done

# agree --advice without -s reads the latest session's tail, then the
# part of that session: a damaged line of the first session, before
# the tail, is read by neither.
if [ -e gen.jsonl ]; then
	a=$(grep '"type":"advice"' gen.jsonl | tail -1 | cut -c8-23)
	last=$(grep '"type":"session"' gen.jsonl | tail -1 | cut -c8-23)
	first=$(grep -m1 '"type":"session"' gen.jsonl | cut -c8-23)
	grep -F "\"id\":\"$a\"" gen.jsonl | grep -qF "\"session\":\"$last\""
	ok $? "gen: the last advice is of the latest session"
	{ printf '{"id":"0123456789abcdef","type":"note","at":"2026-06-14T09:00:00Z","session":"%s","kind":"idea","text":"kapot"}}\n' "$first"; cat gen.jsonl; } > damaged.jsonl
	cp damaged.jsonl part.jsonl
	WL_WHOLE_JOURNAL=1 WL_JOURNAL=part.jsonl wl-advice agree --advice "$a" \
	    afspraak </dev/null >/dev/null 2>&1
	is $? 2 "gen: a damaged line: the whole load refuses agree --advice"
	run env WL_JOURNAL=part.jsonl wl-advice agree --advice "$a" afspraak
	is "$rc" 0 "gen: a damaged line of another session: agree --advice, no -s, reads the part"
fi

done_testing
