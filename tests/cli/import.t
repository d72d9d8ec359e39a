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

done_testing
