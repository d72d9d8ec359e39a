#!/bin/sh
# venlo.sh - record a second, smaller werklab, in Venlo on 24 September
# 2026, to compare with Roermond's (roermond.sh).  Some of its advice is
# Roermond's in other words, some is its own.  The names are made up.
#
#   sh venlo.sh [JOURNAL]      (default: venlo.jsonl, must not exist)
#
# WL_NOW plays the clock, so the day reads like the day it was.
set -eu

j=${1:-venlo.jsonl}
if [ -e "$j" ]; then
	echo "venlo.sh: $j exists; give a new file name" >&2
	exit 2
fi
export WL_JOURNAL="$j"
# at HH:MM sets the clock; each command after it runs a second later
# than the one before (tick), as a facilitator types them: the order of
# records is their time, then their ids, never the order of lines.
at() { _hm=$1; _s=0; WL_NOW="2026-09-24T$1:00Z"; export WL_NOW; }
tick() {
	_s=$((_s + 1))
	WL_NOW=$(printf '%sT%s:%02dZ' "${WL_NOW%%T*}" "$_hm" "$_s")
	export WL_NOW
}

at 09:00
wl-session new -m Venlo -d 2026-09-24 -p 2 \
    --series "Werklabs gemeenten en bewonersinitiatieven" \
    --title "Samen aan de slag" --location "Stadskantoor Venlo" \
    --facilitator "LSA" --facilitator "StadsLAB033" >/dev/null

at 09:15
join() { wl-session join "$@"; }
tick; noor=$(join -r civil-servant -n "Noor Verheijen" --org "Wijkzaken" --consent)
tick; join -r civil-servant -n "Bart Hermans" --org "Groen en openbare ruimte" --consent >/dev/null
tick; join -r civil-servant --org "Subsidies" >/dev/null
tick; join -r facilitator -n "Thijs" --org "LSA" --consent >/dev/null
tick; lei=$(join -r initiator -n "Lei Janssen" --org "Moestuin Venlo-Oost" --consent)
tick; yas=$(join -r initiator -n "Yasmina Bouali" --org "Buurtbus Tegelen" --consent)
tick; join -r initiator --org "Jongerenpodium Blerick" >/dev/null

# Block 1 - kennismaking en verwachtingen.
at 09:45
tick; wl-note add -k expectation "Weten bij wie we met een vraag terechtkunnen" >/dev/null
tick; wl-note add -k question --by "$lei" -t moestuin \
    "Mag een moestuin op grond van de gemeente, en wie beslist dat?" >/dev/null
tick; wl-note add -k observation --by "$noor" \
    "Initiatiefnemers kennen de regels beter dan wij dachten" >/dev/null

# Block 2 - do's and don'ts.
at 11:00
tick; printf '%s\n' \
    "Reageer snel, ook als je het antwoord nog niet weet" \
    "Ga eens kijken bij het initiatief in de wijk" |
    wl-note add -k do >/dev/null
tick; wl-note add -k dont "Initiatiefnemers van het ene loket naar het andere sturen" >/dev/null

# Block 3 - advice, in other words than Roermond's, and some of its own.
at 13:30
tick; self1=$(wl-advice add -p self \
    "Laat merken dat je initiatiefnemers serieus neemt: reageer snel")
tick; wl-advice add -p initiators "Zoek medestanders in de buurt voordat je naar de gemeente gaat" >/dev/null
tick; org1=$(wl-advice add -p organisation -t aanspreekpunt \
    "Wijs per initiatief één vast aanspreekpunt aan")
tick; org2=$(wl-advice add -p organisation -t budget \
    "Zorg voor een klein budget dat initiatieven zonder aanvraag mogen gebruiken")
tick; wl-advice add -p colleagues "Deel kennis over initiatieven tussen de afdelingen" >/dev/null

at 14:15
tick; wl-advice endorse "$self1" --by "$lei" >/dev/null
tick; wl-advice endorse "$self1" --by "$yas" >/dev/null
tick; wl-advice endorse "$org1" --by "Buurtbus Tegelen" >/dev/null
tick; wl-advice endorse "$org2" --by "$lei" --stance reservations \
    --reason "Alleen als de verantwoording eenvoudig blijft" >/dev/null

at 14:45
tick; ag=$(wl-advice agree --owner "$noor" --due 2026-10-15 --advice "$org2" \
    "Een voorstel voor een buurtbudget naar het MT")
tick; wl-note add -k quote --by "$yas" "Eindelijk zaten we eens aan dezelfde kant van de tafel." >/dev/null

# Follow-up.
WL_NOW=2026-10-15T10:00:00Z _hm=10:00 _s=0
tick; wl-advice status "$org2" presented --note "MT van 15 oktober" >/dev/null
tick; wl-advice status "$ag" done >/dev/null
