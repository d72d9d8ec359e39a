#!/bin/sh
# wl-note import as the CLI: names and prefixes resolved, records already
# present skipped; Dutch words on input; the day of a status.
. "$(dirname "$0")/lib.sh"

AT=2026-06-14T09:30:00Z
nlines() { wc -l <werklab.jsonl | tr -d ' '; }

s=$(wl-session new -m Venlo -d 2026-06-14 -p 2)
ans=$(wl-session join -r initiator -n "Ans Coenen" --org "Coöperatie Zuid")
piet=$(wl-session join -r civil-servant -n "Piet de Vries" --org Ruimte)
adv=$(wl-advice add -p self "Begin klein")
like "$s$ans$piet$adv" '^[0-9a-f]{64}$' "a session, two people, an advice"

# --- the day of a status: one rule for every reader and writer -------------

cp werklab.jsonl "$T/j0"
printf '{"type":"status","ref":"%s","status":"adopted","date":"2026-06-15"}\n' "$adv" >"$T/later"
run wl-note import "$T/later"
is "$rc:$out" "2:" "import of a status dated after its day: refused"
is "$err" "wl-note: $T/later:1:62: status date 2026-06-15 is later than the day it was recorded (2026-06-14)
wl-note: nothing imported (1 error)" "  in the rules' words, with the line"
same werklab.jsonl "$T/j0" "  the journal unchanged"
printf '{"type":"status","ref":"%s","status":"adopted","date":"2026-06-14"}\n' "$adv" >"$T/today"
run wl-note import "$T/today"
is "$rc:$err" "0:" "a status dated on its day: imported"
st=$out
cp werklab.jsonl "$T/j1"
printf '{"type":"amend","ref":"%s","set":{"date":"2026-06-01"}}\n' "$st" >"$T/amend"
run wl-note import "$T/amend"
is "$rc" 2 "an amend of a status's date: refused"
like "$err" "the date of a status changes by a new status record, not by an amend" \
    "  a new status record moves it"
same werklab.jsonl "$T/j1" "  the journal unchanged"

# a line written by hand: the readers warn and ignore it, check names it
printf '{"id":"5a7e000000000001","type":"status","at":"%s","ref":"%s","status":"rejected","date":"2026-07-01"}\n' "$AT" "$adv" >>werklab.jsonl
run wl-advice list -o tsv
like "$err" "^wl-advice: werklab.jsonl:$(nlines): warning: status date 2026-07-01 is later than the day it was recorded \\(2026-06-14\\)$" \
    "a reader warns about a status dated later than its day"
like "$out" "adopted" "  and ignores it: the status that counts is still adopted"
run wl-report check
is "$rc" 1 "check counts it as a problem"
like "$err" "status date 2026-07-01 is later than the day it was recorded" "  in the same words"
run wl-advice status "$adv" implemented
is "$rc" 0 "a writer goes on past it, as past any old warning"
cp "$T/j1" werklab.jsonl

# --- names and prefixes, as the CLI takes them ------------------------------

a4=$(prefix "$adv" 6)
cp werklab.jsonl "$T/base"
# the CLI
wl-note add -k do --by Piet "Bel de buurt" >/dev/null &&
wl-advice endorse "$a4" --by ans --stance reservations >/dev/null &&
wl-advice agree --owner "piet de vries" --advice "$a4" "Piet belt" >/dev/null &&
wl-advice agree --owner-text "De gemeente" "Een brief" >/dev/null &&
wl-advice status "$a4" implemented --note "in het MT" >/dev/null
ok $? "five records through the CLI"
mv werklab.jsonl "$T/cli"
# the same as an import, in the words a facilitator types
cp "$T/base" werklab.jsonl
cat >"$T/names" <<EOF
{"kind":"do","text":"Bel de buurt","by":"Piet"}
{"type":"endorsement","ref":"$a4","by":"ans","stance":"reservations"}
{"type":"agreement","session":"Venlo","text":"Piet belt","owner":"piet de vries","ref":"$a4"}
{"type":"agreement","text":"Een brief","owner_text":"De gemeente"}
{"type":"status","ref":"$(echo "$a4" | tr a-f A-F)","status":"implemented","note":"in het MT"}
EOF
run wl-note import "$T/names"
is "$rc:$err" "0:" "an import of names and prefixes"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 5 "  five records"
first=$out
for v in "wl-note list" "wl-advice list" "wl-advice list --agreements"; do
	$v -o tsv -f "$T/cli" | cut -f 2- >"$T/want"
	$v -o tsv | cut -f 2- >"$T/got"
	same "$T/got" "$T/want" "  $v: as through the CLI, ids aside"
done
# the records themselves, ids and the batch's header aside
strip() {
	sed 1,"$(wc -l <"$T/base")"d "$1" | grep -v '"type":"group"' |
	    sed 's/^{"id":"[0-9a-f]*",//'
}
strip "$T/cli" >"$T/want"
strip werklab.jsonl >"$T/got"
same "$T/got" "$T/want" "  the same records in the journal"

# again: nothing twice
cp werklab.jsonl "$T/j1"
run wl-note import "$T/names"
is "$rc:$out:$err" "0:$first:wl-note: 5 records already in the journal: skipped" \
    "importing it again adds nothing, says what it skipped, prints their ids"
same werklab.jsonl "$T/j1" "  the journal byte-identical"
# and with the ids the first import gave them
wl-advice list -o jsonl >"$T/closure"
run wl-note import "$T/closure"
is "$rc:$out" "0:" "a list's closure, with ids, adds nothing either"
same werklab.jsonl "$T/j1" "  the journal byte-identical"

# names that answer to nobody, or to several: the CLI's words, located
wl-session join -r manager -n "Piet Jansen" >/dev/null
cp werklab.jsonl "$T/j2"
cat >"$T/bad" <<EOF
{"kind":"do","text":"x","by":"Pjet de Vries"}
{"kind":"do","text":"y","by":"piet"}
{"type":"endorsement","ref":"ffff","by":"ans","stance":"endorse"}
{"type":"agreement","text":"z","owner":"De gemeente"}
{"type":"agreement","text":"z","owner":"ans","owner_text":"Ans"}
{"kind":"do","text":"w","session":"Zwolle"}
EOF
run wl-note import "$T/bad"
is "$rc:$out" "2:" "an import of names that do not resolve: refused"
same werklab.jsonl "$T/j2" "  the journal unchanged"
like "$err" "^wl-note: $T/bad:1:[0-9]+: no participant 'Pjet de Vries' in session $s; did you mean" \
    "  a name nobody has: the nearest names, at its line"
like "$err" "$T/bad:2:[0-9]+: participant 'piet' is ambiguous" "  a name two people answer to"
like "$err" "$T/bad:3:[0-9]+: .*ffff" "  a prefix of no record"
like "$err" "$T/bad:4:[0-9]+: no participant 'De gemeente'" \
    "  free text as owner is no slip: it needs owner_text"
like "$err" "$T/bad:5:[0-9]+: give 'owner' or 'owner_text', not both" "  not both"
like "$err" "$T/bad:6:[0-9]+: .*Zwolle" "  a session by a municipality it does not have"
like "$err" "nothing imported \\(6 errors\\)$" "  counted"

# --- Dutch words on input ----------------------------------------------------

rm -f werklab.jsonl
s=$(wl-session new -m Venlo -d 2026-06-14 -p 2)
run wl-session join -r Ambtenaar -n "Piet de Vries"
is "$rc:$err" "0:" "a role in Dutch, with a capital"
like "$(tail -n 1 werklab.jsonl)" '"role":"civil-servant"' "  stored as the English value"
piet=$out
run wl-note add -k verwachting --by piet "Dat het snel gaat"
is "$rc:$err" "0:" "a kind in Dutch"
like "$(tail -n 1 werklab.jsonl)" '"kind":"expectation","text":"Dat het snel gaat","block":1' \
    "  stored in English, in the block of an expectation"
run wl-note add -k IDEEËN "Meer"
like "$err" "^wl-note: unknown kind 'IDEEËN' \\(one of: expectation \\(verwachting\\), question \\(vraag\\), observation \\(observatie, waarneming\\), do, dont \\(don't\\), idea \\(idee\\), quote \\(citaat, uitspraak\\)\\)" \
    "a word that is no word of a kind: refused, with both lists"
run wl-note add -k Idée "Meer"
is "$rc:$err" "0:" "accents and case folded: idée is idee"
adv=$(wl-advice add -p zelf "Begin klein")
like "$(tail -n 1 werklab.jsonl)" '"perspective":"self"' "a perspective in Dutch"
run wl-advice endorse "$adv" --by piet --stance bedenkingen
like "$(tail -n 1 werklab.jsonl)" '"stance":"reservations"' "a stance in Dutch"
run wl-advice status "$adv" overgenomen
is "$rc:$err" "0:" "a status in Dutch"
like "$(tail -n 1 werklab.jsonl)" '"status":"adopted"' "  stored as adopted"
run wl-advice list --status Overgenomen -o tsv
is "$(printf '%s\n' "$out" | sed 1d | cut -f 1)" "$adv" "a list filter in Dutch"
ag=$(wl-advice agree "Piet belt")
run wl-advice status "$ag" overgenomen
is "$rc" 2 "a Dutch status that does not fit an agreement: refused"
like "$err" "'adopted' is not a status of an agreement" "  named by its value"

# import takes the same words
cat >"$T/nl" <<EOF
{"type":"participant","role":"begeleider","name":"Bea"}
{"kind":"Vraag","text":"Wie betaalt?"}
{"type":"advice","perspective":"collega's","text":"Deel het"}
{"type":"status","ref":"$adv","status":"uitgevoerd"}
EOF
run wl-note import "$T/nl"
is "$rc:$err" "0:" "import of Dutch words"
first=$out
tail -n 4 werklab.jsonl | grep -o '"\(role\|kind\|perspective\|status\)":"[a-z-]*"\|"block":[0-9]' >"$T/got"
printf '%s\n' '"role":"facilitator"' '"kind":"question"' '"block":1' \
    '"perspective":"colleagues"' '"block":3' '"status":"implemented"' >"$T/want"
same "$T/got" "$T/want" "  stored as their values, in the CLI's blocks"
run wl-note import "$T/nl"
is "$rc:$out:$err" "0:$first:wl-note: 4 records already in the journal: skipped" "  and again: nothing twice"
printf '{"kind":"vragen","text":"x"}\n' >"$T/nl2"
cp werklab.jsonl "$T/j3"
run wl-note import "$T/nl2"
like "$err" "^wl-note: $T/nl2:1:2: unknown kind 'vragen' \\(one of: expectation \\(verwachting\\)" \
    "an unknown word in an import: located, both lists"
same werklab.jsonl "$T/j3" "  nothing imported"
printf '{"kind":"vrag","text":"x"}\n' >"$T/nl2"
run wl-note import "$T/nl2"
like "$err" "^wl-note: $T/nl2:1:2: unknown kind 'vrag' .*, quote \\(citaat, uitspraak\\)\\); did you mean vraag\\?$" \
    "  a slip of a word: the word it is near, as the CLI says it"
same werklab.jsonl "$T/j3" "  nothing imported"

# a language is a file: its words come with it; a word of two values of
# one field answers to neither
mkdir -p data/lang
cp "$WL_DATADIR/lang/nl" "$WL_DATADIR/lang/en" data/lang/
printf 'input.kind.idea = inval, plan\ninput.kind.observation = plan\n' >data/lang/xx
run env WL_DATADIR=$PWD/data wl-note add -k inval "Een inval"
like "$(tail -n 1 werklab.jsonl)" '"kind":"idea","text":"Een inval"' "a word of a new language file"
cp werklab.jsonl "$T/j4"
run env WL_DATADIR=$PWD/data wl-note add -k Plan "Wat?"
is "$rc" 2 "an ambiguous word: refused"
like "$err" "kind 'Plan' is ambiguous" "  and said so"
same werklab.jsonl "$T/j4" "  the journal unchanged"

# --- an amend's "set" is taken as the same fields of a new record -------
rm -f werklab.jsonl
s5=$(wl-session new -m Venlo -d 2026-06-14)
klaas=$(wl-session join -r manager -n "Klaas Postma")
wl-session join -r initiator -n "Piet de Vries" >/dev/null
nt=$(wl-note add -k idea --by Piet "Een idee")
ag=$(wl-advice agree --owner Piet "Bellen")
# what the CLI writes for the same change, for comparison
cp werklab.jsonl "$T/j5"
wl-advice edit "$ag" --owner "Klaas Postma" >/dev/null
wl-note edit "$nt" -k verwachting --by klaas >/dev/null
tail -n 2 werklab.jsonl | sed 's/.*"set"://' >"$T/cli-set"
cp "$T/j5" werklab.jsonl
cat >"$T/am" <<EOF
{"type":"amend","ref":"$(prefix "$ag" 6)","set":{"owner":"Klaas Postma"}}
{"type":"amend","ref":"$(prefix "$nt" 6)","set":{"kind":"verwachting","by":"klaas"}}
EOF
run wl-note import "$T/am"
is "$rc:$err" "0:" "an amend's set with a name and a Dutch word: imported"
tail -n 2 werklab.jsonl | sed 's/.*"set"://' >"$T/imp-set"
same "$T/imp-set" "$T/cli-set" "  the same set as the CLI's edit writes"
like "$(cat "$T/imp-set")" "\"owner\":\"$klaas\"" "  the owner by id"
like "$(cat "$T/imp-set")" "\"kind\":\"expectation\",\"by\":\"$klaas\"" "  kind in English, by by id"
cp werklab.jsonl "$T/j6"
run wl-note import "$T/am"
is "$rc:$err" "0:wl-note: 2 records already in the journal: skipped" "  and again: nothing twice"
cat >"$T/am2" <<EOF
{"type":"amend","ref":"$ag","set":{"owner":"Klaas Postmaa"}}
{"type":"amend","ref":"$nt","set":{"kind":"verwachtin"}}
{"type":"amend","ref":"$nt","set":{"by":"Jan"}}
{"type":"amend","ref":"$ag","set":{"owner":"De gemeente"}}
EOF
run wl-note import "$T/am2"
is "$rc:$out" "2:" "an amend's set with names and words that answer to nothing: refused"
same werklab.jsonl "$T/j6" "  the journal unchanged"
is "$(printf '%s\n' "$err" | sed -n 1p)" "wl-note: $T/am2:1:49: no participant 'Klaas Postmaa' in session $s5; did you mean Klaas Postma?" \
    "  a slip of a name: the CLI's words, at the key inside set"
like "$(printf '%s\n' "$err" | sed -n 2p)" "^wl-note: $T/am2:2:49: unknown kind 'verwachtin' \\(one of: .*\\); did you mean verwachting\\?$" \
    "  a slip of a word: the same"
like "$(printf '%s\n' "$err" | sed -n 3p)" "^wl-note: $T/am2:3:49: no participant 'Jan'" "  by, as --by"
like "$(printf '%s\n' "$err" | sed -n 4p)" "^wl-note: $T/am2:4:49: no participant 'De gemeente'" \
    "  free text as owner is no slip: it needs owner_text"
printf '{"type":"amend","ref":"%s","set":{"owner_text":"De gemeente"}}\n' "$ag" >"$T/am3"
run wl-note import "$T/am3"
is "$rc:$err" "0:" "  with owner_text it is the owner's text"
like "$(tail -n 1 werklab.jsonl)" '"set":\{"owner":"De gemeente"\}' "  as --owner-text writes it"

# a redaction's participant is named by id (a prefix), never by a name
cp werklab.jsonl "$T/j7"
printf '{"type":"redaction","ref":"Klaas Postma"}\n' >"$T/red"
run wl-note import "$T/red"
is "$rc:$out:$err" "2::wl-note: $T/red:1:21: a redaction names its participant by id, not 'Klaas Postma': it erases for good, so no name is guessed ('wl-session redact NAME' shows whom it erases and asks)
wl-note: nothing imported (1 error)" "a redaction of a name: refused, saying why"
same werklab.jsonl "$T/j7" "  the journal unchanged"
printf '{"type":"redaction","ref":"%s"}\n' "$(prefix "$nt" 6)" >"$T/red"
run wl-note import "$T/red"
like "$err" "^wl-note: $T/red:1:21: $nt is a note, not a participant$" \
    "  an id prefix is resolved as ever (a note's is no participant's)"

done_testing
