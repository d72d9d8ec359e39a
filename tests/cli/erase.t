#!/bin/sh
# erase.t - a redaction wins everywhere: redact reaches withdrawn
# participants and the same person in other sessions; every reader
# erases a record of an erased person wherever its line is; check names
# such a line and --repair erases it; and a git union merge that brings
# back what a redaction erased does not undo it, in either order.
. "$(dirname "$0")/lib.sh"

M='[verwijderd]'
hex='^[0-9a-f]{16}$'

# --- redact reaches the withdrawn and the same person elsewhere ----------

s1=$(WL_NOW=2026-06-14T09:30:00Z wl-session new -m Roermond -d 2026-06-14 -p 1)
p1=$(wl-session join -r initiator -n 'Harrie Bemelmans' --org 'Buurtvereniging' --consent)
q1=$(wl-session join -r facilitator -n 'Anna de Vries' --consent)
n1=$(wl-note add -k quote --by "$p1" 'Mijn geheime tuin')
s2=$(WL_NOW=2026-06-21T09:30:00Z wl-session new -m Roermond -d 2026-06-21 -p 2)
p2=$(wl-session join -r initiator -n 'harrie bemelmans' --org 'BUURTVERENIGING')
n2=$(wl-note add -k quote --by "$p2" 'Nog een tuin van Harrie')
s3=$(WL_NOW=2026-06-28T09:30:00Z wl-session new -m Venlo -d 2026-06-28 -p 3)
p3=$(wl-session join -r initiator -n 'Harrie Bémelmans' --org 'Buurtvereniging')
p4=$(wl-session join -s "$s1" -r initiator -n 'Harrie Bemelmans' --org 'Tuinclub' 2>/dev/null)
wl-session rm "$p2" --yes >/dev/null 2>&1
wl-session rm "$s3" --yes >/dev/null 2>&1
cp werklab.jsonl "$T/before"

run wl-session redact "$p2" --yes
is "$rc" 0 "redact of a retracted participant exits 0"
like "$err" "^wl-session: the same person: participant $p1 \\(initiator, Harrie Bemelmans, Buurtvereniging\\) of session $s1, erased too" \
    "  names the same person in another session on stderr"
like "$err" "the same person: participant $p3 \\(initiator, Harrie Bémelmans, Buurtvereniging\\) of session $s3 \\(withdrawn\\), erased too" \
    "  and in a retracted session (accents folded)"
is "$(printf '%s\n' "$err" | grep -c "$p4")" 0 \
    "  not a namesake of another org"
is "$(printf '%s\n' "$out" | grep -cE "$hex")" 3 \
    "  prints one redaction record id for each participant record erased"
is "$(grep -c '"type":"redaction"' werklab.jsonl)" 3 \
    "  one redaction record each"
is "$(grep -ciE 'Bemelmans|Bémelmans|Buurtvereniging|geheime|tuin van' werklab.jsonl)" 1 \
    "  no name, org or words left in the journal but the namesake's"
like "$(grep "$p4" werklab.jsonl)" '"name":"Harrie Bemelmans","org":"Tuinclub"' \
    "  the namesake of another org keeps their record"
run wl-report check
is "$rc" 0 "check is clean after the redaction"

cp "$T/before" werklab.jsonl
run wl-session redact 'Harrie Bemelmans' -s "$s2" --yes
is "$rc" 0 "redact by name of a retracted participant"
is "$(printf '%s\n' "$out" | grep -cE "$hex")" 3 "  erases the same three records"

cp "$T/before" werklab.jsonl
run wl-session redact "$p3" --yes
is "$rc" 0 "redact of anyone of a retracted session"
like "$err" "participant $p1 .* erased too" "  lists the others"

cp "$T/before" werklab.jsonl
run wl-session redact 'Harrie Bemelmans' --yes
is "$rc" 0 "redact by name: the retracted participant of the session worked on"
like "$out" "^[0-9a-f]{16}
[0-9a-f]{16}
[0-9a-f]{16}\$" "  erased with the same person elsewhere"
like "$(grep "$p2" werklab.jsonl | head -n 1)" '"name":"\[verwijderd\]"' \
    "  starting from the one of that session"

cp "$T/before" werklab.jsonl
run wl-session redact 'Harrie Bemelmans' -s "$s1" --yes
is "$rc" 2 "a name of two different people in one session is refused"
same werklab.jsonl "$T/before" "  the journal unchanged"

# --- the fold honours a redaction whatever the order of lines --------------

rm -f werklab.jsonl
s=$(wl-session new -m Roermond -d 2026-06-14 -p 1)
p=$(wl-session join -r initiator -n 'Marij Pelzer' --org 'De Hamer' --consent)
q=$(wl-session join -r facilitator -n 'Anna de Vries' --consent)
wl-note add -k quote --by "$p" 'Mijn tuin' >/dev/null
a=$(wl-advice add -p organisation 'Luister naar bewoners')
wl-session redact "$p" --yes >/dev/null
cp werklab.jsonl "$T/redacted"
# What an import or a merge may bring after the redaction: the person's
# record as it was, a note and an endorsement by them, and amends.
AT=2026-06-14T09:30:00Z
cat >>werklab.jsonl <<EOF
{"id":"00000000000000e1","type":"note","at":"$AT","session":"$s","kind":"quote","text":"Marij wil een moestuin","by":"$p"}
{"id":"00000000000000e2","type":"amend","at":"$AT","ref":"00000000000000e1","set":{"text":"Marij wil twee moestuinen"}}
{"id":"00000000000000e3","type":"endorsement","at":"$AT","ref":"$a","by":"$p","stance":"object","reason":"Omdat ik Marij ben"}
{"id":"00000000000000e4","type":"amend","at":"$AT","ref":"$p","set":{"org":"Natuurtuin De Hamer"}}
EOF
cp werklab.jsonl "$T/grown"
wl-report >"$T/report.grown" 2>/dev/null
run wl-report
is "$rc" 0 "the report of a journal with lines of an erased person"
is "$(printf '%s\n' "$out" | grep -ciE 'Marij|Pelzer|Hamer|moestuin')" 0 \
    "  names nobody erased and shows none of their words"
like "$err" "warning: note 00000000000000e1 by erased participant $p still holds their text" \
    "  and warns of the line"
run wl-note list -o jsonl
is "$(printf '%s\n' "$out" | grep -ciE 'Marij|moestuin')" 0 \
    "a list shows the note erased"
like "$out" "\"id\":\"00000000000000e1\".*\"text\":\"\\[verwijderd\\]\"" \
    "  as the rule of erasure writes it"
run wl-session people -o tsv
like "$out" "^$p	initiator	\\[verwijderd\\]	\\[verwijderd\\]	no\$" \
    "people shows the amended person erased"

run wl-report check
is "$rc" 1 "check of those lines exits 1"
cat >"$T/want" <<EOF
wl-report: werklab.jsonl:7: note 00000000000000e1 by erased participant $p still holds their text; 'wl-report check --repair' erases it
wl-report: werklab.jsonl:8: amend 00000000000000e2 of a record by erased participant $p still holds what the redaction erased; 'wl-report check --repair' erases it
wl-report: werklab.jsonl:9: endorsement 00000000000000e3 by erased participant $p still holds their reason; 'wl-report check --repair' erases it
wl-report: werklab.jsonl:10: amend 00000000000000e4 of erased participant $p still holds what the redaction erased; 'wl-report check --repair' erases it
wl-report: werklab.jsonl: 4 problems
EOF
printf '%s\n' "$err" >"$T/got"
same "$T/got" "$T/want" "  names each line, its record and the erased person"

run wl-report check --repair
is "$rc" 0 "check --repair exits 0"
is "$err" "wl-report: werklab.jsonl: erased 4 lines of erased participants" \
    "  and says what it erased"
is "$(grep -ciE 'Marij|Pelzer|Hamer|moestuin' werklab.jsonl)" 0 \
    "  no name or word of theirs left in the file"
run wl-report check
is "$rc$err" 0 "  check is clean afterwards"
refuses "a new note by an erased participant" \
    wl-note add -k quote --by "$p" 'Toch nog iets'
like "$err" "^wl-note: note [0-9a-f]{16} by erased participant $p still holds their text" \
    "  as every reader would erase it"
# In bulk, each line of input whose record the rules refuse is named.
cp werklab.jsonl "$T/before"
printf 'Een\n\nToch nog iets\n' >"$T/two"
run_piped "$T/two" wl-note add -k quote --by "$p"
is "$rc:$out" "2:" "a bulk add by an erased participant: refused"
printf '%s\n' "$err" | sed -E 's/note [0-9a-f]{16}/note ID/' >"$T/got"
cat >"$T/want" <<EOF
wl-note: <stdin>:1: note ID by erased participant $p still holds their text; 'wl-report check --repair' erases it
wl-note: <stdin>:3: note ID by erased participant $p still holds their text; 'wl-report check --repair' erases it
EOF
same "$T/got" "$T/want" "  named by the lines of input, blank ones counted"
same werklab.jsonl "$T/before" "  the journal byte-identical"
wl-report >"$T/report.repaired"
same "$T/report.repaired" "$T/report.grown" \
    "  the report is the one every reader showed before the repair"

cp "$T/grown" werklab.jsonl
run wl-session redact "$p" --yes
is "$rc" 0 "a second redact of the same person erases the lines too"
is "$(grep -ciE 'Marij|Pelzer|Hamer|moestuin' werklab.jsonl)" 0 \
    "  no name or word of theirs left in the file"
run wl-report check
is "$rc$err" 0 "  check is clean afterwards"

# --- the fast list sees the same ------------------------------------------

cp "$T/grown" werklab.jsonl
wl-note list --all -o jsonl >"$T/fast" 2>/dev/null
wl-note list --all -o jsonl 2>/dev/null | cat >"$T/plain"
same "$T/fast" "$T/plain" "the list of a file, as of a pipe, erases alike"
is "$(grep -ciE 'Marij|moestuin' "$T/fast")" 0 "  and names nobody erased"

# --- a union merge that brings back what a redaction erased --------------

if ! command -v git >/dev/null 2>&1; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		skip 1 "needs git"
	done
	done_testing
	exit
fi

git_private
git init -q --bare origin.git
git clone -q origin.git a 2>/dev/null
cd a || exit 1
cp "$WL_DATADIR/gitattributes" .gitattributes
s=$(wl-session new -m Roermond -d 2026-06-14 -p 1)
p=$(wl-session join -r initiator -n 'Harrie Bemelmans' --org Buurtvereniging --consent)
q=$(wl-session join -r facilitator -n 'Anna de Vries' --consent)
nq=$(wl-note add -k quote --by "$p" 'Mijn geheime tuin')
git add .gitattributes werklab.jsonl
git commit -qm start
git push -q origin main
cd .. && git clone -q origin.git b && cd a || exit 1

# Clone A redacts Harrie, whose quote is the last line.
wl-session redact "$p" --yes >/dev/null
git commit -qam redact
git tag redacted
# Clone B, not knowing, adds a note, and a quote by Harrie.
cd ../b || exit 1
wl-note add -k idea --by "$q" 'Een bankje bij de vijver' >/dev/null
wl-note add -k quote --by "$p" 'Harrie wil meer groen' >/dev/null
git commit -qam notes
git tag notes
# A pulls B, and B pulls A: the union merge in both orders.
cd ../a && git pull -q ../b notes >/dev/null 2>&1
cd ../b && git pull -q ../a redacted >/dev/null 2>&1
cd ..
is "$(grep -c "$nq" a/werklab.jsonl) $(grep -c "$nq" b/werklab.jsonl)" "2 2" \
    "the merges bring the erased quote's line back, in both clones"
NAMES='Harrie|Bemelmans|Buurtvereniging|geheime|meer groen'
for c in a b; do
	(cd $c && wl-report >"$T/report.$c" 2>"$T/err.$c")
	is "$(grep -ciE "$NAMES" "$T/report.$c")" 0 \
	    "clone $c: the report names nobody erased, quotes none of their words"
done
same "$T/report.a" "$T/report.b" "the reports of both clones are byte-identical"
like "$(cat "$T/report.a")" "Een bankje bij de vijver" "  and show B's note"

for c in a b; do
	cd $c || exit 1
	run wl-report check
	is "$rc" 1 "clone $c: check names what the merge brought"
	like "$err" "werklab.jsonl:[0-9]+:2: brings back what a redaction erased \\(line [0-9]+\\)" \
	    "  the line that brings back the erased quote, not an id used twice"
	like "$err" "note [0-9a-f]{16} by erased participant $p still holds their text" \
	    "  the quote B added by the person A erased"
	run wl-report check --repair
	run wl-report check
	is "$rc$err" 0 "clone $c: check is clean after --repair"
	is "$(grep -ciE "$NAMES" werklab.jsonl)" 0 "  the name and the words are gone from the file"
	cd ..
done
(cd a && wl-report >"$T/report.a2")
(cd b && wl-report >"$T/report.b2")
same "$T/report.a2" "$T/report.b2" "after --repair the reports of both clones are byte-identical"
same "$T/report.a2" "$T/report.a" "  and the same as before it"

done_testing
