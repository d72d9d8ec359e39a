#!/bin/sh
# follow.t - the follow-up as the report shows it: a status with its day
# and note, agreements under the advice they serve and overdue ones
# marked, and earlier werklabs of the municipality in bounded space.
. "$(dirname "$0")/lib.sh"

# A werklab in Gouda, as a facilitator types it.
run wl-session new -m Gouda -d 2026-06-14
s1=$out
run wl-session join -r initiator -n "Ans" --consent
run wl-advice add -p organisation "Een vast aanspreekpunt per initiatief"
a1=$out
run wl-advice add -p self "Reageer binnen een week"
a2=$out

# --- a status with its day and note -----------------------------------------

WL_NOW=2026-11-20T10:00:00Z run wl-advice status "$a1" rejected \
    --date 2026-11-12 --note "Past niet in de reorganisatie van 2027"
is "$rc:$err" "0:" "status rejected --date --note"
WL_NOW=2026-11-20T10:00:00Z run wl-advice status "$a2" presented
WL_NOW=2026-11-20T10:00:00Z run wl-report -s "$s1" --charts none
is "$(printf '%s\n' "$out" | grep -c '^   - Opvolging: afgewezen (12 november 2026): Past niet in de reorganisatie van 2027$')" 1 \
    "the report: the status with the day given and its note"
is "$(printf '%s\n' "$out" | grep -c '^   - Opvolging: voorgelegd aan het MT (20 november 2026)$')" 1 \
    "  without --date: the day it was recorded, no note"
WL_NOW=2026-11-20T10:00:00Z run wl-report -s "$s1" --charts none --lang en
is "$(printf '%s\n' "$out" | grep -c '^   - Follow-up: rejected (12 November 2026): Past niet in de reorganisatie van 2027$')" 1 \
    "  and in English"

done_testing
