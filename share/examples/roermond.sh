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
# at HH:MM sets the clock; each command after it runs a second later
# than the one before (tick), as a facilitator types them: the order of
# records is their time, then their ids, never the order of lines.
at() { _hm=$1; _s=0; WL_NOW="2026-06-14T$1:00Z"; export WL_NOW; }
tick() {
	_s=$((_s + 1))
	WL_NOW=$(printf '%sT%s:%02dZ' "${WL_NOW%%T*}" "$_hm" "$_s")
	export WL_NOW
}

# 09:00 - the session, before anyone arrives.
at 08:45
wl-session new -m Roermond -d 2026-06-14 -p 1 \
    --series "Werklabs gemeenten en bewonersinitiatieven" \
    --title "Op naar betere samenwerking" --location "Stadhuis Roermond" \
    --facilitator "LSA" --facilitator "StadsLAB033" >/dev/null

# The civil servants are there first; the initiators join them later.
at 09:00
join() { wl-session join "$@"; }
tick; sanne=$(join -r civil-servant -n "Sanne Hendriks" --org "Ruimte" --consent)
tick; join -r civil-servant -n "Mark Janssen" --org "Sociaal domein" >/dev/null
tick; ruud=$(join -r civil-servant -n "Ruud Peeters" --org "Wijkzaken" --consent)
tick; join -r civil-servant -n "Ilse Vossen" --org "Onderwijs" --consent >/dev/null
tick; join -r civil-servant --org "Werk en inkomen" >/dev/null
tick; join -r manager -n "Petra Smeets" --org "Managementteam" --consent >/dev/null
tick; join -r facilitator -n "Thijs" --org "LSA" --consent >/dev/null
at 09:40
tick; ans=$(join -r initiator -n "Ans Coenen" --org "Natuurtuin De Hoven" --consent)
tick; jos=$(join -r initiator -n "Jos Rutten" --org "Buurtkamer Kapel in 't Zand")
tick; fat=$(join -r initiator -n "Fatima El Idrissi" --org "Repair Café Roermond" --consent)
tick; join -r initiator --org "Voedselbos Maasniel" >/dev/null
tick; wim=$(join -r initiator -n "Wim Geurts" --org "Speeltuin Donderberg" --consent)

# Block 1 - kennismaking en verwachtingen.
at 10:00
tick; printf '%s\n' \
    "Duidelijkheid over wie bij de gemeente ons aanspreekpunt is" \
    "Dat de gemeente meedenkt in plaats van alleen toetst" |
    wl-note add -k expectation >/dev/null
tick; wl-note add -k expectation --by "$sanne" \
    "Leren hoe we initiatieven eerder kunnen betrekken" >/dev/null
at 10:20
tick; wl-note add -k question -t natuurtuin \
    "Bij welke afdeling hoort een initiatief voor een natuurtuin waar" \
    "zorg, onderwijs, ruimtelijke ordening en werk en inkomen samenkomen?" \
    >/dev/null
tick; wl-note add -k question "Welke afdeling heeft tijd om dit initiatief te begeleiden?" >/dev/null
tick; wl-note add -k question "Hoe bewaakt de gemeente het algemeen belang bij een" \
    "enthousiaste interventie vanuit de wijk?" >/dev/null
tick; wl-note add -k question --by "$ruud" "Als ik nu enthousiast reageer, denkt" \
    "de initiatiefnemer dan niet meteen dat de gemeente al akkoord is?" >/dev/null
at 10:45
tick; wl-note add -k observation "Ambtenaren zijn verrast hoeveel geduld de initiatiefnemers hebben" >/dev/null
tick; wl-note add -k observation --by "$jos" "Dat geduld kunnen we alleen opbrengen" \
    "als we serieus worden genomen door de gemeente" >/dev/null
tick; wrong=$(wl-note add -k observation "Inhoud en proces worden los van elkaar georganiseerd")
tick; wl-note rm "$wrong" --reason "dubbel genoteerd" >/dev/null
tick; wl-note add -k observation "Inhoud en proces worden in Roermond los van elkaar georganiseerd" >/dev/null

# Block 2 - samenwerken en beleidsinstrumenten: do's and don'ts.
at 13:15
tick; printf '%s\n' \
    "Vertel dat er nog geen besluit is, in plaats van te wachten tot er een besluit is" \
    "Reageer snel, ook als het antwoord nog niet af is" \
    "Wees eerlijk over wat de gemeente wel en niet kan" \
    "Geef één vast aanspreekpunt" |
    wl-note add -k do -t communicatie >/dev/null
tick; printf '%s\n' \
    "Wachten met communiceren tot er een besluit is genomen" \
    "Initiatiefnemers van loket naar loket sturen" \
    "Enthousiasme tonen dat als een toezegging klinkt" |
    wl-note add -k dont >/dev/null
at 14:00
tick; wl-note add -k idea -b 2 "Samen in het derde blok een advies aan het managementteam opstellen" >/dev/null

# Block 3 - advies aan het managementteam, in four perspectives.
at 14:30
tick; self1=$(wl-advice add -p self "Neem initiatiefnemers serieus en laat dat ook zien")
tick; wl-advice add -p self "Communiceer ook als er nog geen besluit is" >/dev/null
tick; ini1=$(wl-advice add -p initiators "Kom vroeg met je idee naar de gemeente")
tick; wl-advice add -p initiators "Zeg welke steun je echt nodig hebt" >/dev/null
tick; org1=$(wl-advice add -p organisation -t aanspreekpunt \
    "Wijs per initiatief één ambtenaar aan als vast aanspreekpunt")
tick; org2=$(wl-advice add -p organisation "Maak in de planning tijd vrij om initiatieven te begeleiden")
tick; org3=$(wl-advice add -p organisation \
    "Nodig bewonersinitiatieven uit voor de start- en eindbijeenkomst")
tick; col1=$(wl-advice add -p colleagues "Deel kennis over lopende initiatieven tussen afdelingen")
tick; wl-advice add -p colleagues "Verwijs niet door, maar pak het samen op" >/dev/null

# The advice goes to the initiators, who endorse it (or not).
at 15:30
for a in "$self1" "$org1" "$org3" "$col1"; do
	tick; wl-advice endorse "$a" --by "$ans" >/dev/null
	tick; wl-advice endorse "$a" --by "$fat" >/dev/null
done
tick; wl-advice endorse "$ini1" --by "$wim" >/dev/null
tick; wl-advice endorse "$ini1" --by "$jos" --stance reservations \
    --reason "Vroeg komen helpt alleen als er ook iemand is die antwoordt" >/dev/null
tick; wl-advice endorse "$org2" --by "$wim" --stance object \
    --reason "Tijd vrijmaken zonder budget blijft een belofte" >/dev/null
tick; wl-advice endorse "$org2" --by "Repair Café Roermond" >/dev/null

# The group sharpens one advice after it was endorsed: the endorsements
# of the old wording become stale (which edit says, on standard error:
# here that is the point, so it is not shown).
at 15:50
tick; wl-advice edit "$self1" --text "Neem initiatiefnemers serieus en laat dat zien door snel te reageren" >/dev/null 2>&1

# Agreements.
at 16:00
tick; ag=$(wl-advice agree --owner "$ruud" --due 2026-07-02 --advice "$org3" \
    "Twee initiatiefnemers gaan mee naar de presentatie aan het managementteam")
tick; wl-advice agree --owner "Sanne Hendriks" --due 2026-09-01 \
    "Een vast aanspreekpunt per initiatief uitwerken met het MT" >/dev/null

# Reactions of the participants.
at 16:30
tick; wl-note add -k quote --by "$sanne" "Ik ben erg tevreden over de organisatie," \
    "setting, trainers en natuurlijk het feit dat er ook inwoners aanwezig" \
    "waren. Daar word ik enthousiast van!" >/dev/null
tick; wl-note add -k quote --by "$jos" "Bewonersinitiatieven uitnodigen voor de" \
    "start- en eindbijeenkomst is een gouden greep! Hou die er vooral in." >/dev/null
tick; wl-note add -k quote "Het doel was helder en we hebben aan de hand van" \
    "praktische voorbeelden en ervaringen resultaat geboekt." >/dev/null
tick; wl-note add -k quote --by "$fat" "Opbouw was prima en zeker ook de" \
    "flexibiliteit waarmee hier werd omgegaan." >/dev/null
tick; wl-note add -k quote "(H)erkenning, bewustwording, inspiratie, energie," \
    "inzicht en richting." >/dev/null
tick; wl-note add -k quote --by "$ruud" "Het heeft veel meer opgeleverd dan ik had" \
    "durven hopen." >/dev/null

# Follow-up, weeks later: the advice went to the MT.
WL_NOW=2026-07-02T10:00:00Z _hm=10:00 _s=0
export WL_NOW
tick; wl-advice status "$ag" done --note "Ans Coenen en Wim Geurts waren erbij" >/dev/null
for a in "$self1" "$org1" "$org3" "$col1" "$org2"; do
	tick; wl-advice status "$a" presented >/dev/null
done
WL_NOW=2026-09-15T10:00:00Z _hm=10:00 _s=0
tick; wl-advice status "$org3" adopted --note "Vast onderdeel van elk traject" >/dev/null
tick; wl-advice status "$org1" implemented >/dev/null
