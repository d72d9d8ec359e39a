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

# --- agreements under their advice, and overdue ones marked -----------------

run wl-advice agree -s "$s1" --advice "$a1" --owner Ans --due 2026-07-01 \
    "Een voorstel naar het MT"
g1=$out
run wl-advice agree -s "$s1" --advice "$a1" --due 2026-07-01 "Budget zoeken"
g2=$out
run wl-advice agree -s "$s1" --due 2026-07-10 "Terugkomdag plannen"
g3=$out
WL_NOW=2026-07-05T10:00:00Z run wl-advice status "$g2" done --date 2026-07-03
WL_NOW=2026-07-10T10:00:00Z run wl-report -s "$s1" --charts none
is "$(printf '%s\n' "$out" | grep -A4 '^2\. Een vast aanspreekpunt per initiatief$' | tail -n 2)" \
"   - Afspraak: Een voorstel naar het MT — Ans (initiatiefnemer), uiterlijk 1 juli 2026 — **te laat**
   - Afspraak: Budget zoeken — uiterlijk 1 juli 2026, gedaan (3 juli 2026)" \
    "agreements under the advice they serve; the one past its day, not done, is overdue"
is "$(printf '%s\n' "$out" | grep '^| Afspraak |')" \
    "| Afspraak | Wie | Uiterlijk | Stand |" "the agreements table: four columns on an A4 page"
is "$(printf '%s\n' "$out" | grep '^| Een voorstel naar het MT')" \
    "| Een voorstel naar het MT (bij advies 2) | Ans (initiatiefnemer) | 1 juli 2026 | nog open — **te laat** |" \
    "  overdue in the table, the number of its advice with the text"
is "$(printf '%s\n' "$out" | grep '^| Terugkomdag plannen |')" \
    "| Terugkomdag plannen | | 10 juli 2026 | nog open |" \
    "  due on the report's day is not overdue; no advice, no number"
is "$(printf '%s\n' "$out" | grep -c 'te laat')" 3 \
    "only the overdue one is marked: in the MT's summary, under its advice, in the table"
WL_NOW=2026-07-11T10:00:00Z run wl-report -s "$s1" --charts none --lang en
is "$(printf '%s\n' "$out" | grep '^| Terugkomdag plannen |')" \
    "| Terugkomdag plannen | | 10 July 2026 | open — **overdue** |" \
    "the day after: overdue (English)"
WL_NOW=2026-06-30T10:00:00Z run wl-report -s "$s1" --charts none
is "$(printf '%s\n' "$out" | grep -c 'te laat')" 0 "before the due day: nothing overdue"
WL_NOW=2026-07-11T10:00:00Z run wl-report -s "$s1" --charts none --date 2026-06-30
is "$(printf '%s\n' "$out" | grep -c 'te laat')" 0 \
    "a report dated --date before the due day marks nothing overdue, whatever today is"
WL_NOW=2026-06-30T10:00:00Z run wl-report -s "$s1" --charts none --date 2026-07-11
is "$(printf '%s\n' "$out" | grep -c 'te laat')" 4 \
    "  and one dated after it marks them, as the date its front matter says"

# The next werklab of Gouda follows up the overdue agreement, marked.
WL_NOW=2026-09-01T10:00:00Z run wl-session new -m Gouda -d 2026-09-01
WL_NOW=2026-09-01T10:00:00Z run wl-report --charts none
is "$(printf '%s\n' "$out" | grep -c '^- Een voorstel naar het MT — Ans (initiatiefnemer), uiterlijk 1 juli 2026 — \*\*te laat\*\*$')" 1 \
    "the next werklab's report: the earlier agreement, overdue"

# --- earlier werklabs: the previous in full, older ones as counts ----------

# A municipality with many werklabs: each leaves an advice and an
# agreement open.  The same words every time, so that sizes compare.
werklabs() {	# FILE COUNT
	i=0
	while [ "$i" -lt "$2" ]; do
		d=$(printf '%04d-%02d-10' $((2000 + i / 12)) $((i % 12 + 1)))
		WL_JOURNAL=$1 wl-session new -m Leiden -d "$d" >/dev/null &&
		WL_JOURNAL=$1 wl-advice add -p organisation "Een vast aanspreekpunt" >/dev/null &&
		WL_JOURNAL=$1 wl-advice agree "Bel terug binnen een week" >/dev/null ||
		    return 1
		i=$((i + 1))
	done
}
werklabs many.jsonl 201
ok $? "a journal of 201 werklabs of Leiden"
head -n 63 many.jsonl >few.jsonl
is "$(grep -c '"type":"session"' few.jsonl)" 21 "  and one of its first 21"

run wl-report -f few.jsonl --charts none
few=$out
is "$rc:$err" "0:" "the report of the last of 21"
run wl-report -f many.jsonl --charts none
many=$out
is "$rc:$err" "0:" "the report of the last of 201"
is "$(printf '%s\n' "$many" | grep -c '^### Werklab van ')" 1 \
    "the previous werklab in full, and no other"
is "$(printf '%s\n' "$many" | grep -A2 '^### Werklab van ' | tail -n 1)" \
    "Advies dat nog niet is uitgevoerd:" "  with its open advice"
is "$(printf '%s\n' "$many" | grep -c '^Oudere werklabs met iets dat nog openstaat: 199; advies nog niet uitgevoerd: 199; afspraken nog open: 199\. ')" 1 \
    "the older ones as counts"
is "$(printf '%s\n' "$many" | grep -c "^- wl-advice list --municipality 'Leiden' --open\$")" 1 \
    "  with the command that lists their advice"
is "$(printf '%s\n' "$many" | grep -c "^- wl-advice list --municipality 'Leiden' --open --agreements\$")" 1 \
    "  and their agreements"
WL_JOURNAL=many.jsonl run wl-advice list --municipality leiden --open -o tsv
is "$(sed 1d "$T/.out" | wc -l | tr -d ' ')" 201 \
    "  that command lists the open advice of every werklab of Leiden"
b1=$(printf '%s\n' "$few" | wc -c)
b2=$(printf '%s\n' "$many" | wc -c)
is "$([ $((b2 - b1)) -ge 0 ] && [ $((b2 - b1)) -le 64 ] && echo bounded)" bounded \
    "the last report's size does not grow with the werklabs before ($b1 and $b2 bytes)"

# --all: every werklab's report, each of bounded size: linear in all.
run wl-report -f few.jsonl --all --charts none
a1=$(wc -c <"$T/.out")
run wl-report -f many.jsonl --all --charts none
a2=$(wc -c <"$T/.out")
# Per werklab, 201 of them against 21: the same within a tenth.
is "$([ $((a2 * 21 * 10)) -le $((a1 * 201 * 11)) ] && echo linear)" linear \
    "--all grows linearly ($a1 bytes for 21 werklabs, $a2 for 201)"

done_testing
