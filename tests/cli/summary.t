#!/bin/sh
# summary.t - what the report asks of the MT first, the support of each
# advice in numbers (initiators of the session counted, withdrawn and
# erased ones not, others by role, support given to an earlier text
# apart), reasons with who gave them, and the author of every note; in
# Dutch, in English and under --anonymous.
. "$(dirname "$0")/lib.sh"

# A werklab in Roermond, as a facilitator types it.  Later steps get a
# later clock: an endorsement is stale when the text changed after it.
s=$(wl-session new -m Roermond -d 2026-06-14 -p 1)
ans=$(wl-session join -r initiator -n "Ans Coenen" --org "Natuurtuin De Hoven" --consent)
wl-session join -r initiator -n "Jos Rutten" >/dev/null
wim=$(wl-session join -r initiator -n "Wim Geurts" --consent)
fat=$(wl-session join -r initiator -n "Fatima El Idrissi" --consent)
wl-session join -r initiator -n "Lotte Janssen" --consent >/dev/null
wl-session join -r civil-servant -n "Ruud Peeters" --org Wijkzaken --consent >/dev/null
anon=$(wl-session join -r civil-servant --org Vergunningen)
wl-session join -r manager -n "Petra Smeets" --consent >/dev/null
wl-advice add -p self "Reageer snel" >/dev/null
a=$(wl-advice add -p organisation "Wijs per initiatief één vast aanspreekpunt aan")
b=$(wl-advice add -p organisation "Maak tijd vrij voor initiatieven")
wl-advice endorse "$a" --by "Ans Coenen" --by "Wim Geurts" --by Fatima \
    --by Petra --by "$anon" >/dev/null
wl-advice endorse "$a" --by Jos --stance reservations \
    --reason "Alleen als er ook tijd voor is" >/dev/null
wl-advice endorse "$a" --by Ruud --stance object \
    --reason "Ans Coenen heeft dat al eens geprobeerd" >/dev/null
wl-advice endorse "$b" --by Ans >/dev/null
wl-advice endorse "$b" --by Jos --stance object --reason "Te vaag" >/dev/null
WL_NOW=2026-06-14T10:00:00Z wl-advice edit "$b" \
    --text "Maak in de planning tijd vrij voor initiatieven" >/dev/null 2>&1
WL_NOW=2026-06-14T10:30:00Z wl-advice endorse "$b" --by Lotte >/dev/null
wl-advice agree --owner Petra --due 2026-06-01 "Besluit over de aanspreekpunten" >/dev/null
wl-advice agree --owner Ruud --advice "$a" --due 2026-09-01 "Een voorstel schrijven" >/dev/null
wl-advice agree --owner Ruud "Koffie regelen" >/dev/null
g4=$(wl-advice agree --owner Petra "Zaal boeken")
wl-advice status "$g4" done >/dev/null
wl-note add -k expectation --by Ans "Snel duidelijkheid" >/dev/null
wl-note add -k question --by Jos "Wie beslist er?" >/dev/null
wl-note add -k observation "Iedereen was op tijd" >/dev/null
wl-note add -k do --by Ruud "Bel terug" >/dev/null
wl-note add -k dont --by Petra "Doorverwijzen" >/dev/null

# Before Wim is withdrawn and Fatima erased: five initiators, four of
# whom support advice 2.
run wl-report --charts none
is "$(printf '%s\n' "$out" | grep -c '^- Advies 2: Wijs per initiatief één vast aanspreekpunt aan — gesteund door 4 van 5 initiatiefnemers, 1 daarvan met bedenkingen;')" 1 \
    "before: 4 of the 5 initiators support advice 2"

wl-session rm "$wim" --yes >/dev/null 2>&1
wl-session redact "$fat" --yes >/dev/null 2>&1
run wl-report check
is "$rc" 0 "the journal is clean"

# --- the summary, first ------------------------------------------------------

run wl-report --charts none
is "$rc:$err" "0:" "the report: exit 0, nothing said"
is "$(printf '%s\n' "$out" | grep '^## ' | head -2 | tr '\n' '|')" \
    "## Wat we het MT vragen|## Wie deden er mee|" \
    "the summary comes right after the head, before who took part"
is "$(printf '%s\n' "$out" | sed -n '/^## Wat we het MT vragen$/,/^## Wie/p')" \
"## Wat we het MT vragen

- Advies 2: Wijs per initiatief één vast aanspreekpunt aan — gesteund door 2 van 3 initiatiefnemers, 1 daarvan met bedenkingen; ook gesteund door 1 ambtenaar, 1 leidinggevende; bezwaar van 1 ambtenaar
- Advies 3: Maak in de planning tijd vrij voor initiatieven — gesteund door 1 van 3 initiatiefnemers; 1 keer steun gegeven vóór de tekst werd aangepast; 1 bezwaar gemaakt vóór de tekst werd aangepast
- Afspraak: Besluit over de aanspreekpunten — Petra Smeets (leidinggevende), uiterlijk 1 juni 2026 — **te laat**
- Afspraak: Een voorstel schrijven — Ruud Peeters (ambtenaar), uiterlijk 1 september 2026, bij advies 2

## Wie deden er mee" \
    "the advice to the organisation with their numbers and support, the open agreements of a manager or for such an advice, the overdue one marked"
is "$(printf '%s\n' "$out" | grep -c '^[23]\. \(Wijs per\|Maak in de planning\)')" 2 \
    "  the numbers are those of the full report"
is "$(printf '%s\n' "$out" | grep -c 'Koffie regelen\|Zaal boeken\|Reageer snel')" 3 \
    "  an agreement of a civil servant, one done and advice to ourselves only in the full report"

# --- support under each advice ------------------------------------------------

is "$(printf '%s\n' "$out" | sed -n '/^2\. Wijs per/,/^3\./p')" \
"2. Wijs per initiatief één vast aanspreekpunt aan
   - Draagvlak: gesteund door 2 van 3 initiatiefnemers, 1 daarvan met bedenkingen; ook gesteund door 1 ambtenaar, 1 leidinggevende; bezwaar van 1 ambtenaar
   - Steun met bedenkingen van een initiatiefnemer: Alleen als er ook tijd voor is
   - Bezwaar van Ruud Peeters (ambtenaar): Ans Coenen heeft dat al eens geprobeerd
   - Opvolging: nog open
   - Afspraak: Een voorstel schrijven — Ruud Peeters (ambtenaar), uiterlijk 1 september 2026
3. Maak in de planning tijd vrij voor initiatieven" \
    "M is the initiators who took part (not withdrawn, not erased); others apart; reasons with who, a name only with consent"
is "$(printf '%s\n' "$out" | sed -n '/^3\. Maak/,/Opvolging/p')" \
"3. Maak in de planning tijd vrij voor initiatieven
   - Draagvlak: gesteund door 1 van 3 initiatiefnemers; 1 keer steun gegeven vóór de tekst werd aangepast; 1 bezwaar gemaakt vóór de tekst werd aangepast
   - Bezwaar van een initiatiefnemer (gegeven vóór de tekst werd aangepast): Te vaag
   - Opvolging: nog open" \
    "support and objections given to the earlier text counted apart, not as support of this one"
is "$(printf '%s\n' "$out" | grep -A1 '^1\. Reageer snel$' | tail -1)" \
    "   - Draagvlak: niet gesteund door initiatiefnemers (0 van 3)" \
    "advice nobody endorsed: 0 of the initiators"
is "$(printf '%s\n' "$out" | grep -c 'Wim\|Fatima\|verwijderd\|Steun van')" 0 \
    "no line per endorser; the withdrawn and the erased nowhere"

# --- notes say who --------------------------------------------------------------

is "$(printf '%s\n' "$out" | grep -E '^- (Snel|Wie beslist|Iedereen|Bel terug|Doorverwijzen)' | tr '\n' '|')" \
    "- Snel duidelijkheid (Ans Coenen, initiatiefnemer)|- Wie beslist er? (initiatiefnemer)|- Iedereen was op tijd|- Bel terug (Ruud Peeters, ambtenaar)|- Doorverwijzen (Petra Smeets, leidinggevende)|" \
    "a note shows its author's role, the name only with consent; no author, nothing"

# --- English --------------------------------------------------------------------

run wl-report --charts none --lang en
is "$(printf '%s\n' "$out" | sed -n '/^## What we ask of the MT$/,/^## Who/p' | sed -n 3,4p)" \
"- Advice 2: Wijs per initiatief één vast aanspreekpunt aan — endorsed by 2 of 3 initiators, 1 of them with reservations; also endorsed by 1 civil servant, 1 manager; objected to by 1 civil servant
- Advice 3: Maak in de planning tijd vrij voor initiatieven — endorsed by 1 of 3 initiators; 1 endorsement given before the text was changed; 1 objection made before the text was changed" \
    "--lang en: the summary in English"
like "$out" '^   - Objection from an initiator \(given before the text was changed\): Te vaag$' \
    "  a reason given to an earlier text, marked"
like "$out" '^- Wie beslist er\? \(initiator\)$' "  a note's author in English"

# --- anonymous ------------------------------------------------------------------

run wl-report --charts none --anonymous
is "$(printf '%s\n' "$out" | grep -Ec 'Ans|Ruud|Petra|Lotte|Jos')" 0 \
    "--anonymous: no name, not in a reason, not after a note"
like "$out" '^   - Bezwaar van een ambtenaar: \\\[initiatiefnemer\\\] heeft dat al eens geprobeerd$' \
    "  a name in a reason is masked, and the objector named by role"
like "$out" '^- Snel duidelijkheid \(initiatiefnemer\)$' "  a note keeps its author's role"
is "$err" "wl-report: masked 1 name in free text" "  and says it masked one name"
# A name in a block's note: masked where the report shows it, and
# counted once, not again by a pass that shows other notes.
wl-note add -k observation "Ans had een goed punt" >/dev/null
run wl-report --charts none --anonymous
like "$out" '^- \\\[initiatiefnemer\\\] had een goed punt$' "  a name in a block's note is masked"
is "$err" "wl-report: masked 2 names in free text" "  and counted once"

# --- nothing to ask -------------------------------------------------------------

wl-session new -m Venlo -d 2026-06-20 >/dev/null
wl-session join -r initiator -n "Kees" --consent >/dev/null
wl-advice add -p self "Luister beter" >/dev/null
wl-advice agree --owner Kees "Terugbellen" >/dev/null
run wl-report --charts none
is "$(printf '%s\n' "$out" | sed -n '/^## Wat we het MT vragen$/,/^## /p')" \
"## Wat we het MT vragen

Dit werklab vraagt het MT niets: er is geen advies aan de organisatie en geen open afspraak voor het MT.

## Wie deden er mee" \
    "a municipality with no advice to the organisation: one line says there is nothing to ask"
wl-session new -m Weert -d 2026-06-21 >/dev/null
run wl-report --charts none
is "$(printf '%s\n' "$out" | grep -c 'MT')" 0 \
    "a werklab with no advice and no agreement yet: no such section"

done_testing
