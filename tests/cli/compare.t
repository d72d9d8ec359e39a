#!/bin/sh
# wl-report compare end to end, on the three fixture pilots of
# tests/data/compare (see make-pilots.sh): what is alike is paired and
# what is not kept apart, the threshold at its exact edges, pilots by
# municipality and by session, the golden Markdown, escaping, and
# where the journals come from.
top=$(cd "$(dirname "$0")/../.." && pwd)
D=$top/tests/data/compare
. "$top/tests/cli/lib.sh"

V=$D/venlo.jsonl
Z=$D/zwolle.jsonl
DV=$D/deventer.jsonl

# groups [OPTION...]: the similar groups of the three pilots, one line
# each: kind, shared, pilots, texts.
groups() {
	wl-report compare -o json "$@" "$V" "$Z" "$DV" </dev/null |
	    jq -r '.similar[] | "\(.kind) \(.shared) \(.pilots | join(","))" +
		": " + ([.texts[].text] | join(" / "))'
}

# group_of TEXT [OPTION...]: the group line holding TEXT
group_of() {
	_t=$1
	shift
	groups "$@" | grep -F -- "$_t"
}

# --- what is alike, at the default threshold (0.5) -------------------------

run wl-report compare -o json "$V" "$Z" "$DV"
is "$rc:$err" "0:" "three pilots compare, exit 0, nothing on stderr"
printf '%s\n' "$out" >"$T/cmp.json"
is "$(jq -r '.by, .threshold' "$T/cmp.json" | tr '\n' ' ')" \
    "municipality 0.5 " "by municipality, threshold 0.5 by default"
is "$(jq -r '[.pilots[].pilot] | join(",")' "$T/cmp.json")" \
    "Venlo,Zwolle,Deventer" "one pilot per journal, in the order given"

groups >"$T/got"
cat >"$T/want" <<'EOF'
advice all Venlo,Zwolle,Deventer: Neem initiatiefnemers serieus / initiatiefnemers serieus nemen / Neem initiatiefnemers altijd serieus
advice all Venlo,Zwolle,Deventer: Eén vast aanspreekpunt per initiatief / Wijs per initiatief één vast aanspreekpunt aan / Zorg voor een vast aanspreekpunt
do some Venlo,Deventer: Wees eerlijk over wat kan / Wees eerlijk over wat wel en niet kan
do some Venlo,Zwolle: Reageer snel / Snel reageren op vragen
dont some Venlo,Zwolle: Van loket naar loket sturen / Initiatiefnemers van loket naar loket sturen
advice one Venlo: Maak budget vrij voor bewonersinitiatieven
advice one Venlo: Vier successen samen met de wijk
advice one Zwolle: Leer van andere gemeenten
advice one Deventer: Betrek jongeren bij de werklabs
dont one Zwolle: Beloftes doen die je niet kunt waarmaken
dont one Deventer: Wachten met antwoorden tot alles zeker is
EOF
same "$T/got" "$T/want" \
    "alike texts grouped (all, some, one), unlike kept apart, in that order"
is "$(jq '[.similar[].texts[]] | length' "$T/cmp.json")" 18 \
    "every advice, do and don't is in exactly one group"
is "$(jq -r '[.similar[] | select(.kind == "advice") | .texts[] | .id] | sort | join(",")' "$T/cmp.json")" \
    "$(cat "$V" "$Z" "$DV" | jq -r 'select(.type == "advice") | .id' | sort | paste -sd, -)" \
    "the groups carry the records' ids"
is "$(jq -r '[.similar[] | .kind] | unique | join(",")' "$T/cmp.json")" \
    "advice,do,dont" "only advice, do's and don'ts are compared"

# --- the pilots side by side -----------------------------------------------

is "$(jq -c '[.pilots[] | .participants | [.initiator, ."civil-servant", .manager]]' "$T/cmp.json")" \
    "[[1,1,0],[1,1,0],[1,1,0]]" "participants per role"
is "$(jq -c '[.pilots[] | .notes | [.do, .dont, .quote]]' "$T/cmp.json")" \
    "[[2,1,0],[1,2,0],[1,1,0]]" "notes per kind"
is "$(jq -c '[.pilots[] | .advice | [.self, .initiators, .organisation, .colleagues]]' "$T/cmp.json")" \
    "[[1,0,2,1],[1,0,1,1],[1,1,1,0]]" "advice per perspective"
is "$(jq -c '[.pilots[] | [.advice_total, .advice_endorsed, .endorsement_rate]]' "$T/cmp.json")" \
    "[[4,1,25],[3,0,0],[3,1,33]]" \
    "endorsement rate: reservations do not count, per cent rounded"
is "$(jq -c '[.pilots[] | .agreements | [.done, .open, .dropped]]' "$T/cmp.json")" \
    "[[1,0,0],[0,1,0],[0,0,0]]" "agreements done, open, dropped"
is "$(jq -c '[.pilots[] | .followup | [.open, .adopted]]' "$T/cmp.json")" \
    "[[4,0],[3,0],[2,1]]" "follow-up of advice"
is "$(jq -c '[.pilots[] | .tags]' "$T/cmp.json")" \
    '[{"aanspreekpunt":1,"loket":1,"serieus":1},{"serieus":1},{}]' \
    "tags per pilot"

# --- the threshold at its edges ---------------------------------------------
# Word sets (folded, stop words out, stemmed):
#   Venlo    {aanspreekpunt, initiatief, vast}
#   Zwolle   {aanspreekpunt, initiatief, vast, wij}   with Venlo 3/4
#   Deventer {aanspreekpunt, vast, zorg}              with Venlo 2/4,
#                                                     with Zwolle 2/5
#   "Reageer snel" {reager, snel}, "Snel reageren op vragen"
#   {reager, snel, vrag}: 2/3.  Both "Wees eerlijk" and both "loket"
#   texts are 2/3 too.  The three "serieus" texts are one set.

like "$(group_of 'Zorg voor een vast' --threshold 0.5)" \
    '^advice all Venlo,Zwolle,Deventer: ' \
    "0.5: Deventer's aanspreekpunt joins at exactly 2/4 (through Venlo)"
is "$(group_of 'Zorg voor een vast' --threshold 0.501)" \
    "advice one Deventer: Zorg voor een vast aanspreekpunt" \
    "0.501: Deventer's aanspreekpunt stands alone"
is "$(group_of 'Wijs per initiatief' --threshold 0.501)" \
    "advice some Venlo,Zwolle: Eén vast aanspreekpunt per initiatief / Wijs per initiatief één vast aanspreekpunt aan" \
    "0.501: Venlo and Zwolle stay together (3/4)"
is "$(group_of 'Reageer snel' --threshold 0.666)" \
    "do some Venlo,Zwolle: Reageer snel / Snel reageren op vragen" \
    "0.666: 'Reageer snel' and 'Snel reageren op vragen' (2/3) together"
is "$(group_of 'Reageer snel' --threshold 0.667)" \
    "do one Venlo: Reageer snel" "0.667: apart"
is "$(group_of 'Snel reageren' --threshold 0.667)" \
    "do one Zwolle: Snel reageren op vragen" "0.667: the other alone too"
is "$(groups --threshold 0.667 | grep -c ' some ')" 1 \
    "0.667: of the groups of some pilots only aanspreekpunt (3/4) is left"
is "$(group_of 'Wijs per initiatief' --threshold 0.75)" \
    "advice some Venlo,Zwolle: Eén vast aanspreekpunt per initiatief / Wijs per initiatief één vast aanspreekpunt aan" \
    "0.75: Venlo and Zwolle's aanspreekpunt (3/4) together"
is "$(group_of 'Wijs per initiatief' --threshold 0.751)" \
    "advice one Zwolle: Wijs per initiatief één vast aanspreekpunt aan" \
    "0.751: apart"
is "$(group_of 'Wijs per initiatief' --threshold .75 | cut -d: -f1)" \
    "advice some Venlo,Zwolle" "'.75' is 0.75"
groups --threshold 1 >"$T/got"
is "$(grep -vc ' one ' "$T/got")" 1 "threshold 1: one group of several texts"
is "$(grep -v ' one ' "$T/got")" \
    "advice all Venlo,Zwolle,Deventer: Neem initiatiefnemers serieus / initiatiefnemers serieus nemen / Neem initiatiefnemers altijd serieus" \
    "threshold 1: only identical word sets (stop words and stems aside)"
is "$(wc -l <"$T/got" | tr -d ' ')" 16 "threshold 1: the other 15 texts alone"
is "$(groups --threshold 1.000 | md5sum)" "$(md5sum <"$T/got")" \
    "'1.000' is 1"
is "$(wl-report compare -o json --threshold 0.666 "$V" | jq -c .threshold)" \
    0.666 "the threshold is written as given, not as a binary fraction"

for bad in 0 0.0 1.5 -1 abc 0.1234 '' 1.1 0.5x; do
	refuses "--threshold '$bad'" wl-report compare --threshold "$bad" "$V"
	like "$err" "threshold" "  and names the option"
done
refuses "--threshold=-1" wl-report compare "--threshold=-1" "$V"
refuses "--by county" wl-report compare --by county "$V"
refuses "-o jsonl (compare writes Markdown or json)" \
    wl-report compare -o jsonl "$V"
refuses "a journal that is not there" wl-report compare "$V" "$T/nope.jsonl"
printf '{"id":"x"}\n' >"$T/bad.jsonl"
run wl-report compare "$V" "$T/bad.jsonl"
is "$rc:$out" "2:" "a bad journal: exit 2, nothing on stdout"
like "$err" "bad.jsonl:1:" "  the bad line located"

# --- pilots by session, by municipality -------------------------------------

cat "$V" "$Z" "$DV" >all.jsonl
run wl-report compare -o json --by session all.jsonl
is "$rc" 0 "--by session on one journal of three sessions"
is "$(printf '%s\n' "$out" | jq -r '.by, (.pilots[] | "\(.pilot) \(.sessions | length)")' | tr '\n' '|')" \
    "session|Venlo 2026-09-10 1|Zwolle 2026-10-01 1|Deventer 2026-11-05 1|" \
    "one pilot per session, named by municipality and date"
run wl-report compare -o json all.jsonl
is "$(printf '%s\n' "$out" | jq -c '[.pilots[].pilot]')" \
    '["Venlo","Zwolle","Deventer"]' "one journal, by municipality: the same three"
is "$(printf '%s\n' "$out" | jq -c 'del(.pilots[].sessions)')" \
    "$(jq -c 'del(.pilots[].sessions)' "$T/cmp.json")" \
    "one journal or three: the same comparison"

# A second Venlo werklab, months later, written with the tools.
cp "$V" venlo2.jsonl
chmod 600 venlo2.jsonl
export WL_JOURNAL=venlo2.jsonl
WL_NOW=2027-01-20T09:00:00Z wl-session new -m VENLO -d 2027-01-20 -p 6 >/dev/null 2>&1
# new writes the journal's own spelling, Venlo; a journal of an older
# wl, or of a hand, may spell it VENLO all the same: compare folds.
sed -i 's/"municipality":"Venlo","date":"2027-01-20"/"municipality":"VENLO","date":"2027-01-20"/' venlo2.jsonl
p=$(wl-session join -r initiator -n "Marrit Jansma")
m=$(wl-session join -r manager)
# The initiator of the first werklab is back, spelt otherwise: one
# person where the header says people.
wl-session join -r initiator -n "INITIATIEFNEMER venlo" >/dev/null
a=$(wl-advice add -p self "Neem de initiatiefnemers echt serieus")
wl-advice endorse "$a" --by "$p" >/dev/null
c=$(wl-advice add -p colleagues "Vier de successen met de wijk")
# A manager's support is no support of initiators.
wl-advice endorse "$c" --by "$m" >/dev/null
unset WL_JOURNAL

run wl-report compare -o json venlo2.jsonl "$Z"
is "$(printf '%s\n' "$out" | jq -r '.pilots[] | "\(.pilot) \(.sessions | length) \(.dates | join(","))"' | tr '\n' '|')" \
    "Venlo 2 2026-09-10,2027-01-20|Zwolle 1 2026-10-01|" \
    "--by municipality (default) merges two Venlo sessions (case folded)"
is "$(printf '%s\n' "$out" | jq -c '.pilots[0] | [.participants.initiator, .participants.manager, .advice_total, .advice_endorsed, .endorsement_rate]')" \
    "[2,1,6,2,33]" "  their counts added up: a person back for a second werklab once, a manager's support not as the initiators'"
is "$(printf '%s\n' "$out" | jq -r '.similar[] | select(.texts | length > 1 and all(.pilot == "Venlo")) | [.texts[].text] | join(" / ")')" \
    "Vier de successen met de wijk / Vier successen samen met de wijk" \
    "  alike advice of one municipality's two werklabs: one group, one pilot (texts in the order of records: the second one's at 09:30, before Venlo's day)"
run wl-report compare -o json --by session venlo2.jsonl "$Z"
is "$(printf '%s\n' "$out" | jq -r '[.pilots[].pilot] | join("|")')" \
    "Venlo 2026-09-10|Zwolle 2026-10-01|VENLO 2027-01-20" \
    "--by session keeps them apart, in the order of the sessions' records"
run wl-report compare --by municipality venlo2.jsonl
is "$rc" 0 "--by municipality is accepted"
is "$(printf '%s\n' "$out" | grep -c '^### ')" 1 \
    "one pilot: only 'in one pilot', no 'all' or 'some' section"

# A retracted advice does not count.
cp "$V" retract.jsonl
chmod 600 retract.jsonl
wl-advice -f retract.jsonl rm 330682677337eeee --reason "dubbel" >/dev/null
run wl-report compare -o json retract.jsonl
is "$(printf '%s\n' "$out" | jq -c '[.pilots[0].advice_total, .pilots[0].endorsement_rate, ([.similar[].texts[].text] | index("Maak budget vrij voor bewonersinitiatieven"))]')" \
    "[3,33,null]" "a retracted advice is neither counted nor compared"

# --- the Markdown ------------------------------------------------------------

run wl-report compare "$V" "$Z" "$DV"
is "$rc:$err" "0:" "Markdown by default, exit 0"
same "$T/.out" "$D/expected-nl.md" "the golden comparison in Dutch"
run wl-report compare --lang en "$V" "$Z" "$DV"
same "$T/.out" "$D/expected-en.md" "--lang en: the golden comparison in English"
WL_LANG=en run wl-report compare "$V" "$Z" "$DV"
same "$T/.out" "$D/expected-en.md" "WL_LANG=en: the same"
refuses "--lang xx" wl-report compare --lang xx "$V"

# Table rows: as many cells as the header, in the Markdown and as
# cmark-gfm reads it.  A '|' escaped by an odd number of backslashes
# does not count.
cells() {
	grep '^|' "$1" | sed 's/\\\\//g; s/\\|//g' |
	    awk -F'|' '{ print NF - 2 }' | sort -u | tr '\n' ' '
}
html_cells() {
	cmark-gfm -e table "$1" | awk '
		/<tr>/ { c = 0 }
		/<t[hd][ >]/ { c++ }
		/<\/tr>/ { print c }' | sort -u | tr '\n' ' '
}
is "$(cells "$D/expected-nl.md")" "4 " \
    "every table row of the golden has 4 cells (label and 3 pilots)"
if command -v cmark-gfm >/dev/null 2>&1; then
	is "$(html_cells "$D/expected-nl.md")" "4 " "  and so cmark-gfm renders it"
else
	skip 1 "no cmark-gfm"
fi

# Hostile text: in advice, a tag, a municipality.
export WL_JOURNAL=hostile.jsonl
wl-session new -m 'Venlo | <i>x</i>' -d 2026-06-14 >/dev/null
wl-advice add -p self -t '<b>t|ag</b> \|' \
    '| <b>x</b> [y](javascript:z) serieus' >/dev/null
wl-note add -k do '*nu* `code` <script>alert(1)</script> | a | b' >/dev/null
WL_NOW=2026-06-15T09:30:00Z wl-session new -m 'Zwolle' -d 2026-06-15 >/dev/null
wl-advice add -p self '| <b>x</b> [y](javascript:z) serieus!' >/dev/null
unset WL_JOURNAL
run wl-report compare hostile.jsonl
is "$rc" 0 "hostile texts compare"
printf '%s\n' "$out" >hostile.md
is "$(cells hostile.md)" "3 " "hostile texts: every row has as many cells as the header"
if command -v cmark-gfm >/dev/null 2>&1; then
	cmark-gfm -e table hostile.md >hostile.html
	is "$(html_cells hostile.md)" "3 " "  and so cmark-gfm renders them"
	is "$(grep -Ec '<(b|i|script)>|href|<a ' hostile.html)" 0 \
	    "no HTML and no link comes out of user text"
	is "$(grep -c '&lt;b&gt;x&lt;/b&gt; \[y\](javascript:z) serieus' hostile.html)" 1 \
	    "the advice is shown as written"
	like "$(grep -A1 '<th></th>' hostile.html | tail -1)" \
	    'Venlo \| &lt;i&gt;x&lt;/i&gt;<' "the municipality too, in its header cell"
	like "$(cat hostile.html)" '&lt;b&gt;t\|ag&lt;/b&gt; \\\| \(1\)' \
	    "and the tag, in its cell"
else
	skip 5 "no cmark-gfm"
fi

# Names are never in the comparison.
for f in "$V" "$Z" "$DV" venlo2.jsonl; do
	jq -r 'select(.type == "participant") | .name // empty' "$f"
done | sort -u >names
is "$(wc -l <names | tr -d ' ')" 5 "the fixtures name five participants (one spelt twice)"
run wl-report compare venlo2.jsonl "$Z" "$DV"
is "$(printf '%s\n' "$out" | grep -cFf names)" 0 "no name in the Markdown"
run wl-report compare -o json venlo2.jsonl "$Z" "$DV"
is "$(printf '%s\n' "$out" | grep -cFf names)" 0 "no name in the json"

# --- many tags, many texts --------------------------------------------------

# One pilot with 3,000 distinct tags, most of them tied (one note each,
# some on two), names that differ in case and digits: counted most
# first, then by name in bytes, as LC_ALL=C sort orders them.
awk 'BEGIN {
	s = "5e55000000000001"
	printf "{\"id\":\"%s\",\"type\":\"session\",\"at\":\"2026-09-10T09:00:00Z\",\"municipality\":\"Venlo\",\"date\":\"2026-09-10\",\"pilot\":2}\n", s
	for (i = 0; i < 3000; i++)
		printf "{\"id\":\"%016x\",\"type\":\"note\",\"at\":\"2026-09-10T09:00:00Z\",\"session\":\"%s\",\"kind\":\"idea\",\"text\":\"idee %d\",\"tags\":[\"%s%d\",\"t%d\"]}\n", i + 1, s, i, i % 2 ? "Tag" : "tag", i, i % 7
}' >tags.jsonl
run wl-report compare -o json tags.jsonl
is "$rc:$err" "0:" "3,000 distinct tags in one pilot: compared"
printf '%s\n' "$out" | jq -r '.pilots[0].tags | to_entries[] | "\(.value) \(.key)"' >"$T/got"
printf '%s\n' "$out" | jq -r '.pilots[0].tags | to_entries[] | "\(.value) \(.key)"' |
    LC_ALL=C sort -k1,1nr -k2,2 >"$T/want"
same "$T/got" "$T/want" "  most first, then by name in bytes"
is "$(wc -l <"$T/got" | tr -d ' ')" 3007 "  every tag once"
is "$(head -1 "$T/got")" "429 t0" "  the most frequent first"

# --- where the journals come from -------------------------------------------

run wl-report compare -f all.jsonl
same "$T/.out" "$D/expected-nl.md" "no operand: -f names the journal"
run wl-report compare -f "$V" -f "$Z" -f "$DV"
same "$T/.out" "$D/expected-nl.md" "several -f: one journal, in order"
WL_JOURNAL=all.jsonl run wl-report compare
same "$T/.out" "$D/expected-nl.md" "no operand: WL_JOURNAL"
cp all.jsonl werklab.jsonl
run wl-report compare
same "$T/.out" "$D/expected-nl.md" "no operand: ./werklab.jsonl"
rm werklab.jsonl
run_piped all.jsonl wl-report compare
same "$T/.out" "$D/expected-nl.md" "no operand: a pipe on standard input"
run_piped all.jsonl wl-report compare -
same "$T/.out" "$D/expected-nl.md" "'-' names standard input"
run wl-report compare
is "$rc:$out" "2:" "no journal at all: exit 2"
like "$err" "werklab.jsonl" "  naming the journal it looked for"
: >empty.jsonl
run wl-report compare empty.jsonl
is "$rc:$out" "0:# Vergelijking van de pilots

Er zijn geen werklabs om te vergelijken." "an empty journal: nothing to compare, said so"

# Text from a journal does not drive the terminal: on one the Markdown
# shows a bidirectional override or a C1 control instead of obeying it
# (into a pipe it is as made); the JSON escapes them anywhere.
WL_JOURNAL=ctl.jsonl wl-session new -m Venlo -d 2026-06-14 >/dev/null
sid=$(sed -n 's/.*"id":"\([0-9a-f]*\)","type":"session".*/\1/p' ctl.jsonl)
printf '%s\n' '{"id":"00000000000000e1","type":"note","at":"2026-06-14T10:00:00Z","session":"'"$sid"'","kind":"do","text":"rood \u001b[31m! en \u202eom\u0085"}' \
    >>ctl.jsonl
run wl-report compare ctl.jsonl
like "$out" "$(printf 'en \342\200\256om\302\205 ')" \
    "into a pipe: the Markdown as made"
if command -v script >/dev/null 2>&1; then
	script -qec "wl-report compare ctl.jsonl" /dev/null >"$T/tty" 2>&1
	like "$(cat "$T/tty")" 'en \\u\{202E\}om\\u\{0085\} \(Venlo\)' \
	    "on a terminal: an override and a C1 control shown, not obeyed"
else
	skip 1 "no script(1)"
fi
run wl-report compare -o json ctl.jsonl
like "$out" '"rood \\u001B\[31m! en \\u202eom\\u0085"' \
    "-o json: controls, C1 and overrides escaped"

# Made group by group into a temporary file, the comparison is shown
# only when all of it was made: a file size limit (1 KiB, the
# comparison is more) stops it there, with nothing on standard output.
for o in "" "-o json"; do
	refuses "a comparison that cannot be made whole${o:+ ($o)}" sh -c \
	    'trap "" XFSZ; ulimit -f 2; exec wl-report compare "$@"' sh $o \
	    "$V" "$Z" "$DV"
	is "$err" "wl-report: cannot write the comparison: File too large" \
	    "  saying why"
done

# --- --anonymous hides people, not places -----------------------------------
# Venlo's initiator is named "Initiatiefnemer Venlo": the pilot's label
# is a municipality and stays itself in the head, as on every line.
run wl-report compare --anonymous "$V" "$Z" "$DV"
is "$rc" 0 "--anonymous compares, exit 0"
is "$(printf '%s\n' "$out" | grep -m 1 '^|  |')" "|  | Venlo | Zwolle | Deventer |" \
    "  the head names the pilots as they are"
like "$out" "\\(Venlo\\)" "  and so do the lines"
run wl-report compare --anonymous -o json "$V" "$Z" "$DV"
is "$(printf '%s\n' "$out" | jq -r '[.pilots[].pilot, .similar[0].pilots[]] | join(",")')" \
    "Venlo,Zwolle,Deventer,Venlo,Zwolle,Deventer" "  in json too"

# --- the order of lines does not matter -------------------------------------
# A journal whose lines are in the order of records is not sorted again;
# one that is not is: the same comparison either way.
cat "$V" "$Z" "$DV" >mixed.jsonl
jq -r '[.at, .id] | join(" ")' mixed.jsonl |
    paste -d ' ' - mixed.jsonl | LC_ALL=C sort -k1,1 -k2,2 |
    cut -d ' ' -f 3- >inorder.jsonl
cat "$DV" "$Z" "$V" >outoforder.jsonl
is "$(jq -s '[.[] | [.at, .id]] | . == sort' inorder.jsonl),$(jq -s '[.[] | [.at, .id]] | . == sort' outoforder.jsonl)" \
    "true,false" "one journal in the order of records, one not"
for o in "-o json" "-o json --by session" "" "--by session --anonymous"; do
	run wl-report compare $o inorder.jsonl
	printf '%s\n' "$out" >"$T/in.out"
	run wl-report compare $o outoforder.jsonl
	is "$rc" 0 "compare ${o:-(md)} of lines out of order"
	printf '%s\n' "$out" >"$T/out.out"
	same "$T/out.out" "$T/in.out" "  the comparison of the lines in order"
done

done_testing
