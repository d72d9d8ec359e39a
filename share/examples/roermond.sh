#!/bin/sh
# roermond.sh - record the Roermond werklab of 14 June 2026 the way a
# facilitator does it: one command per thing that happens, in the order
# of the day.  The names are made up; the words come from the article.
#
#   sh roermond.sh [JOURNAL]      (default: roermond.jsonl, must not exist)
#
# WL_NOW plays the clock, so the day reads like the day it was.
set -eu

j=${1:-roermond.jsonl}
if [ -e "$j" ]; then
	echo "roermond.sh: $j exists; give a new file name" >&2
	exit 2
fi
export WL_JOURNAL="$j"
at() { WL_NOW="2026-06-14T$1:00Z"; export WL_NOW; }

# 09:00 - the session, before anyone arrives.
at 08:45
wl-session new -m Roermond -d 2026-06-14 -p 1 \
    --series "Werklabs gemeenten en bewonersinitiatieven" \
    --title "Op naar betere samenwerking" --location "Stadhuis Roermond" \
    --facilitator "LSA" --facilitator "StadsLAB033" >/dev/null

# The civil servants are there first; the initiators join them later.
at 09:00
join() { wl-session join "$@"; }
sanne=$(join -r civil-servant -n "Sanne Hendriks" --org "Ruimte" --consent)
join -r civil-servant -n "Mark Janssen" --org "Sociaal domein" >/dev/null
ruud=$(join -r civil-servant -n "Ruud Peeters" --org "Wijkzaken" --consent)
join -r civil-servant -n "Ilse Vossen" --org "Onderwijs" --consent >/dev/null
join -r civil-servant --org "Werk en inkomen" >/dev/null
join -r manager -n "Petra Smeets" --org "Managementteam" --consent >/dev/null
join -r facilitator -n "Thijs" --org "LSA" --consent >/dev/null
at 09:40
ans=$(join -r initiator -n "Ans Coenen" --org "Natuurtuin De Hoven" --consent)
jos=$(join -r initiator -n "Jos Rutten" --org "Buurtkamer Kapel in 't Zand")
fat=$(join -r initiator -n "Fatima El Idrissi" --org "Repair Café Roermond" --consent)
join -r initiator --org "Voedselbos Maasniel" >/dev/null
wim=$(join -r initiator -n "Wim Geurts" --org "Speeltuin Donderberg" --consent)

# Block 1 - kennismaking en verwachtingen.
at 10:00
printf '%s\n' \
    "Duidelijkheid over wie bij de gemeente ons aanspreekpunt is" \
    "Dat de gemeente meedenkt in plaats van alleen toetst" |
    wl-note add -k expectation >/dev/null
wl-note add -k expectation --by "$sanne" \
    "Leren hoe we initiatieven eerder kunnen betrekken" >/dev/null
at 10:20
wl-note add -k question -t natuurtuin \
    "Bij welke afdeling hoort een initiatief voor een natuurtuin waar" \
    "zorg, onderwijs, ruimtelijke ordening en werk en inkomen samenkomen?" \
    >/dev/null
wl-note add -k question "Welke afdeling heeft tijd om dit initiatief te begeleiden?" >/dev/null
wl-note add -k question "Hoe bewaakt de gemeente het algemeen belang bij een" \
    "enthousiaste interventie vanuit de wijk?" >/dev/null
wl-note add -k question --by "$ruud" "Als ik nu enthousiast reageer, denkt" \
    "de initiatiefnemer dan niet meteen dat de gemeente al akkoord is?" >/dev/null
at 10:45
wl-note add -k observation "Ambtenaren zijn verrast hoeveel geduld de initiatiefnemers hebben" >/dev/null
wl-note add -k observation --by "$jos" "Dat geduld kunnen we alleen opbrengen" \
    "als we serieus worden genomen door de gemeente" >/dev/null
wrong=$(wl-note add -k observation "Inhoud en proces worden los van elkaar georganiseerd")
wl-note rm "$wrong" --reason "dubbel genoteerd" >/dev/null
wl-note add -k observation "Inhoud en proces worden in Roermond los van elkaar georganiseerd" >/dev/null

# Block 2 - samenwerken en beleidsinstrumenten: do's and don'ts.
at 13:15
printf '%s\n' \
    "Vertel dat er nog geen besluit is, in plaats van te wachten tot er een besluit is" \
    "Reageer snel, ook als het antwoord nog niet af is" \
    "Wees eerlijk over wat de gemeente wel en niet kan" \
    "Geef één vast aanspreekpunt" |
    wl-note add -k do -t communicatie >/dev/null
printf '%s\n' \
    "Wachten met communiceren tot er een besluit is genomen" \
    "Initiatiefnemers van loket naar loket sturen" \
    "Enthousiasme tonen dat als een toezegging klinkt" |
    wl-note add -k dont >/dev/null
at 14:00
wl-note add -k idea -b 2 "Samen in het derde blok een advies aan het managementteam opstellen" >/dev/null

# Block 3 - advies aan het managementteam, in four perspectives.
at 14:30
self1=$(wl-advice add -p self "Neem initiatiefnemers serieus en laat dat ook zien")
wl-advice add -p self "Communiceer ook als er nog geen besluit is" >/dev/null
ini1=$(wl-advice add -p initiators "Kom vroeg met je idee naar de gemeente")
wl-advice add -p initiators "Zeg welke steun je echt nodig hebt" >/dev/null
org1=$(wl-advice add -p organisation -t aanspreekpunt \
    "Wijs per initiatief één ambtenaar aan als vast aanspreekpunt")
org2=$(wl-advice add -p organisation "Maak in de planning tijd vrij om initiatieven te begeleiden")
org3=$(wl-advice add -p organisation \
    "Nodig bewonersinitiatieven uit voor de start- en eindbijeenkomst")
col1=$(wl-advice add -p colleagues "Deel kennis over lopende initiatieven tussen afdelingen")
wl-advice add -p colleagues "Verwijs niet door, maar pak het samen op" >/dev/null

# The advice goes to the initiators, who endorse it (or not).
at 15:30
for a in "$self1" "$org1" "$org3" "$col1"; do
	wl-advice endorse "$a" --by "$ans" >/dev/null
	wl-advice endorse "$a" --by "$fat" >/dev/null
done
wl-advice endorse "$ini1" --by "$wim" >/dev/null
wl-advice endorse "$ini1" --by "$jos" --stance reservations \
    --reason "Vroeg komen helpt alleen als er ook iemand is die antwoordt" >/dev/null
wl-advice endorse "$org2" --by "$wim" --stance object \
    --reason "Tijd vrijmaken zonder budget blijft een belofte" >/dev/null
wl-advice endorse "$org2" --by "Repair Café Roermond" >/dev/null

# The group sharpens one advice after it was endorsed: the endorsements
# of the old wording become stale (which edit says, on standard error:
# here that is the point, so it is not shown).
at 15:50
wl-advice edit "$self1" --text "Neem initiatiefnemers serieus en laat dat zien door snel te reageren" >/dev/null 2>&1

# Agreements.
at 16:00
ag=$(wl-advice agree --owner "$ruud" --due 2026-07-02 --advice "$org3" \
    "Twee initiatiefnemers gaan mee naar de presentatie aan het managementteam")
wl-advice agree --owner "Sanne Hendriks" --due 2026-09-01 \
    "Een vast aanspreekpunt per initiatief uitwerken met het MT" >/dev/null

# Reactions of the participants.
at 16:30
wl-note add -k quote --by "$sanne" "Ik ben erg tevreden over de organisatie," \
    "setting, trainers en natuurlijk het feit dat er ook inwoners aanwezig" \
    "waren. Daar word ik enthousiast van!" >/dev/null
wl-note add -k quote --by "$jos" "Bewonersinitiatieven uitnodigen voor de" \
    "start- en eindbijeenkomst is een gouden greep! Hou die er vooral in." >/dev/null
wl-note add -k quote "Het doel was helder en we hebben aan de hand van" \
    "praktische voorbeelden en ervaringen resultaat geboekt." >/dev/null
wl-note add -k quote --by "$fat" "Opbouw was prima en zeker ook de" \
    "flexibiliteit waarmee hier werd omgegaan." >/dev/null
wl-note add -k quote "(H)erkenning, bewustwording, inspiratie, energie," \
    "inzicht en richting." >/dev/null
wl-note add -k quote --by "$ruud" "Het heeft veel meer opgeleverd dan ik had" \
    "durven hopen." >/dev/null

# Follow-up, weeks later: the advice went to the MT.
WL_NOW=2026-07-02T10:00:00Z
export WL_NOW
wl-advice status "$ag" done --note "Ans Coenen en Wim Geurts waren erbij" >/dev/null
for a in "$self1" "$org1" "$org3" "$col1" "$org2"; do
	wl-advice status "$a" presented >/dev/null
done
WL_NOW=2026-09-15T10:00:00Z
wl-advice status "$org3" adopted --note "Vast onderdeel van elk traject" >/dev/null
wl-advice status "$org1" implemented >/dev/null
