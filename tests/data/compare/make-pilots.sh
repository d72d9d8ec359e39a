#!/bin/sh
# make-pilots.sh - write the three fixture pilots of the compare tests
# with the tools themselves (run once; the .jsonl files are committed, so
# their ids stay put).  Needs the wl binaries on PATH.
#
# Their advice overlaps on purpose, in other words each time:
#   Venlo    "Neem initiatiefnemers serieus"
#   Zwolle   "initiatiefnemers serieus nemen"            (alike: 3 of 3 words)
#   Deventer "Neem initiatiefnemers altijd serieus"      (altijd: a stop word)
# and
#   Venlo    "Eén vast aanspreekpunt per initiatief"
#   Zwolle   "Wijs per initiatief één vast aanspreekpunt aan"  (3 of 4: 0.75)
#   Deventer "Zorg voor een vast aanspreekpunt"          (2 of 4 with both: 0.5)
set -eu
cd "$(dirname "$0")"
rm -f venlo.jsonl zwolle.jsonl deventer.jsonl

pilot() {	# FILE MUNICIPALITY DATE PILOT
	export WL_JOURNAL=$1 WL_NOW="$3T09:00:00Z"
	wl-session new -m "$2" -d "$3" -p "$4" >/dev/null
	wl-session join -r initiator -n "Initiatiefnemer $2" --consent >/dev/null
	wl-session join -r civil-servant >/dev/null
}

pilot venlo.jsonl Venlo 2026-09-10 2
wl-note add -k do "Reageer snel" >/dev/null
wl-note add -k do "Wees eerlijk over wat kan" >/dev/null
wl-note add -k dont -t loket "Van loket naar loket sturen" >/dev/null
a=$(wl-advice add -p self -t serieus "Neem initiatiefnemers serieus")
wl-advice endorse "$a" --by "Initiatiefnemer Venlo" >/dev/null
wl-advice add -p organisation -t aanspreekpunt "Eén vast aanspreekpunt per initiatief" >/dev/null
wl-advice add -p organisation "Maak budget vrij voor bewonersinitiatieven" >/dev/null
wl-advice add -p colleagues "Vier successen samen met de wijk" >/dev/null
g=$(wl-advice agree "Het advies gaat in oktober naar het MT")
wl-advice status "$g" done >/dev/null

pilot zwolle.jsonl Zwolle 2026-10-01 3
wl-note add -k do "Snel reageren op vragen" >/dev/null
wl-note add -k dont "Initiatiefnemers van loket naar loket sturen" >/dev/null
wl-note add -k dont "Beloftes doen die je niet kunt waarmaken" >/dev/null
a=$(wl-advice add -p self -t serieus "initiatiefnemers serieus nemen")
wl-advice endorse "$a" --by "Initiatiefnemer Zwolle" --stance reservations >/dev/null
wl-advice add -p organisation "Wijs per initiatief één vast aanspreekpunt aan" >/dev/null
wl-advice add -p colleagues "Leer van andere gemeenten" >/dev/null
wl-advice agree "Een vervolgwerklab in het voorjaar" >/dev/null

pilot deventer.jsonl Deventer 2026-11-05 4
wl-note add -k do "Wees eerlijk over wat wel en niet kan" >/dev/null
wl-note add -k dont "Wachten met antwoorden tot alles zeker is" >/dev/null
a=$(wl-advice add -p self "Neem initiatiefnemers altijd serieus")
wl-advice endorse "$a" --by "Initiatiefnemer Deventer" >/dev/null
wl-advice status "$a" adopted >/dev/null
wl-advice add -p organisation "Zorg voor een vast aanspreekpunt" >/dev/null
wl-advice add -p initiators "Betrek jongeren bij de werklabs" >/dev/null

# Numbers that do not mislead: a civil servant's support is no support
# of initiators (Deventer stays at 1 of 3 advice endorsed by initiators;
# counted by anyone it would be 2 of 3).  A person back for a second
# werklab is in tests/cli/compare.t (venlo2.jsonl).
o=$(grep -F "Zorg voor een vast aanspreekpunt" deventer.jsonl | jq -r .id)
c=$(grep -F civil-servant deventer.jsonl | jq -r .id)
wl-advice endorse "$o" --by "$c" >/dev/null
