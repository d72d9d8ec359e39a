#!/bin/sh
# The sample Roermond werklab (share/examples/roermond.sh) recorded
# through the tools alone; then the shape of the journal it leaves.
. "$(dirname "$0")/lib.sh"

: "${WL_SRC:=$WL_DATADIR/..}"
script=$WL_SRC/share/examples/roermond.sh

run sh "$script" werklab.jsonl
is "$rc" 0 "roermond.sh runs through"
is "$err" "" "with nothing on stderr"
is "$out" "" "and nothing on stdout"
ok "$([ -s werklab.jsonl ]; echo $?)" "it leaves a journal"
is "$(stat -c %a werklab.jsonl)" 600 "made by wl-session new (mode 0600)"
cp werklab.jsonl "$T/j0"
run sh "$script" werklab.jsonl
is "$rc:$err" "2:roermond.sh: werklab.jsonl exists; give a new file name" \
    "the script will not write into an existing journal"
same werklab.jsonl "$T/j0" "and leaves it alone"
unset WL_NOW

H='[0-9a-f]'
H16=$H$H$H$H$H$H$H$H$H$H$H$H$H$H$H$H

# the shipped example is what the script records, ids aside
norm() {
	awk -v re="\"$H16\"" '{
		out = ""; s = $0
		while (match(s, re)) {
			id = substr(s, RSTART, RLENGTH)
			if (!(id in m))
				m[id] = "\"ID" (++k) "\""
			out = out substr(s, 1, RSTART - 1) m[id]
			s = substr(s, RSTART + RLENGTH)
		}
		print out s
	}' "$1"
}
if [ -e "$WL_SRC/share/examples/roermond.jsonl" ]; then
	norm werklab.jsonl >"$T/got"
	norm "$WL_SRC/share/examples/roermond.jsonl" >"$T/want"
	same "$T/got" "$T/want" "share/examples/roermond.jsonl is the script's journal, ids aside"
fi

run wl-session list -o jsonl -f werklab.jsonl
is "$rc:$err" "0:" "the journal reads without a warning"
head -n 1 werklab.jsonl >"$T/want"
same "$T/.out" "$T/want" "its session line is canonical (read and written back, the same)"

# --- the shape, with jq --------------------------------------------------------

if command -v jq >/dev/null 2>&1; then
	jq -r .type werklab.jsonl | sort | uniq -c |
	    awk '{ printf "%s=%s ", $2, $1 }' >"$T/got"
	# (and the headers of its three batches: wl-journal(5), Batches)
	is "$(cat "$T/got")" "advice=9 agreement=2 amend=1 endorsement=12 group=3 note=25 participant=12 retract=1 session=1 status=8 " \
	    "records per type (jq)"
	is "$(jq -r 'select(.type == "note") | .block // "-"' werklab.jsonl | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" \
	    "-:6 1:11 2:8 " "notes in blocks 1 and 2, the retracted one too; quotes in none (jq)"
	is "$(jq -r 'select(.type == "advice") | .block' werklab.jsonl | sort -u)" 3 \
	    "all advice in block 3 (jq)"
	is "$(jq -r 'select(.type == "advice") | .perspective' werklab.jsonl | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" \
	    "colleagues:2 initiators:2 organisation:3 self:2 " "the four perspectives (jq)"
	is "$(jq -sr '(map(select(.type == "participant")) | map({(.id): .role}) | add) as $role
	    | map(select(.type == "endorsement") | $role[.by]) | unique | join(",")' werklab.jsonl)" \
	    initiator "every endorsement is by an initiator (jq)"
	is "$(jq -sr '(map(select(.type == "participant")) | map({(.id): (.name // .org)}) | add) as $who
	    | map(select(.type == "endorsement") | $who[.by]) | unique | join(",")' werklab.jsonl)" \
	    "Ans Coenen,Fatima El Idrissi,Jos Rutten,Wim Geurts" "endorsed by four initiators (jq)"
	is "$(jq -r 'select(.type == "endorsement") | .stance' werklab.jsonl | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" \
	    "endorse:10 object:1 reservations:1 " "stances (jq)"
	is "$(jq -sr '(map({(.id): .}) | add) as $by
	    | map(select(.type == "agreement" and .ref))
	    | map([$by[.owner].name, .due, $by[.ref].type, $by[.ref].perspective] | join("|")) | join(";")' werklab.jsonl)" \
	    "Ruud Peeters|2026-07-02|advice|organisation" "one agreement with owner, due and advice (jq)"
	is "$(jq -sr '(map({(.id): .}) | add) as $by
	    | map(select(.type == "retract") | $by[.ref] | [.type, .kind, .text] | join("|")) | .[]' werklab.jsonl)" \
	    "note|observation|Inhoud en proces worden los van elkaar georganiseerd" \
	    "the one retract withdraws the doubled observation (jq)"
	is "$(jq -sr '(map({(.id): .}) | add) as $by
	    | map(select(.type == "amend") | [$by[.ref].type, (.set | keys | join(","))] | join("|")) | .[]' werklab.jsonl)" \
	    "advice|text" "the one amend changes an advice's text (jq)"
	is "$(jq -r 'select(.type == "status") | .at[0:10] + " " + .status' werklab.jsonl | sort | uniq -c | awk '{ printf "%s/%s:%s ", $2, $3, $1 }')" \
	    "2026-07-02/done:1 2026-07-02/presented:5 2026-09-15/adopted:1 2026-09-15/implemented:1 " \
	    "status records over the follow-up dates (jq)"
	is "$(jq -r 'select(.type == "participant") | .role' werklab.jsonl | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" \
	    "civil-servant:5 facilitator:1 initiator:5 manager:1 " "participants per role (jq)"
	is "$(jq -r 'select(.type == "participant" and (has("name") | not)) | .org' werklab.jsonl | tr '\n' ',')" \
	    "Werk en inkomen,Voedselbos Maasniel," "two take part without a name (jq)"
else
	echo "# jq missing: the jq checks are skipped"
fi

# --- the shape, through the tools' own tsv ----------------------------------------

export WL_JOURNAL=werklab.jsonl

run wl-session show -o tsv
is "$rc:$err" "0:" "wl-session show -o tsv"
field() { awk -F '\t' -v f="$1" '$1 == f { print $2 }' "$T/.out"; }
is "$(field municipality)" Roermond "show: the municipality"
is "$(field participants)" "12 (civil-servant 5, initiator 5, manager 1, facilitator 1)" "show: participants per role"
is "$(field notes)" "24 (expectation 3, question 4, observation 3, do 4, dont 3, idea 1, quote 6)" \
    "show: live notes per kind (the retracted one not counted)"
is "$(field advice)" "9 (self 2, initiators 2, organisation 3, colleagues 2)" "show: advice per perspective"
is "$(field agreements)" 2 "show: two agreements"
is "$(field 'block 3')" "Advies aan het managementteam" "show: the three blocks"

run wl-note list -o tsv
is "$(sed 1d "$T/.out" | wc -l | tr -d ' ')" 24 "wl-note list: 24 live notes"
is "$(sed 1d "$T/.out" | cut -f 3 | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" \
    ":6 1:10 2:8 " "notes in blocks 1 and 2 and quotes in none"
run wl-note list -k observation -o tsv
is "$(cut -f 6 "$T/.out" | sed 1d)" "Ambtenaren zijn verrast hoeveel geduld de initiatiefnemers hebben
Dat geduld kunnen we alleen opbrengen als we serieus worden genomen door de gemeente
Inhoud en proces worden in Roermond los van elkaar georganiseerd" \
    "the observations: the retracted one is absent, its correction there"
run wl-note list --grep 'los van elkaar' -o tsv
is "$(sed 1d "$T/.out" | wc -l | tr -d ' ')" 1 "--grep finds only the live observation"
run wl-note list -k do -o tsv
is "$(sed 1d "$T/.out" | cut -f 5,6)" "communicatie	Vertel dat er nog geen besluit is, in plaats van te wachten tot er een besluit is
communicatie	Reageer snel, ook als het antwoord nog niet af is
communicatie	Wees eerlijk over wat de gemeente wel en niet kan
communicatie	Geef één vast aanspreekpunt" "the four do's, tagged"
run wl-note list -k dont -b 2 -o tsv
is "$(sed 1d "$T/.out" | wc -l | tr -d ' ')" 3 "the three don'ts in block 2"
run wl-note list -k question -t NATUURTUIN -o tsv
is "$(cut -f 6 "$T/.out" | sed 1d)" "Bij welke afdeling hoort een initiatief voor een natuurtuin waar zorg, onderwijs, ruimtelijke ordening en werk en inkomen samenkomen?" \
    "the natuurtuin question, its words joined"
run wl-note list -k quote -o tsv
is "$(cut -f 4 "$T/.out" | sed 1d | tr '\n' ',')" "Sanne Hendriks,Jos Rutten,,Fatima El Idrissi,,Ruud Peeters," \
    "quotes by name where a participant gave them"

run wl-advice list -o tsv
is "$rc:$err" "0:" "wl-advice list -o tsv"
# PERSPECTIVE|STATUS|SUPPORT/RESERVATIONS/OBJECTIONS STALE
row() { awk -F '\t' -v t="$1" 'index($8, t) == 1 { print $2 "|" $3 "|" $4 "/" $5 "/" $6 " " $7 }' "$T/.out"; }
is "$(row 'Neem initiatiefnemers serieus')" "self|presented|2/0/0 2" \
    "the amended advice: two endorsements of the old wording, stale"
is "$(row 'Neem initiatiefnemers serieus' | wc -l | tr -d ' ')" 1 "listed once"
run wl-advice list -o tsv
is "$(awk -F '\t' 'index($8, "Neem") == 1 { print $8 }' "$T/.out")" \
    "Neem initiatiefnemers serieus en laat dat zien door snel te reageren" "with its new wording"
is "$(row 'Wijs per initiatief')" "organisation|implemented|2/0/0 0" "implemented: the last status wins"
is "$(row 'Nodig bewonersinitiatieven')" "organisation|adopted|2/0/0 0" "adopted after presented"
is "$(row 'Maak in de planning')" "organisation|presented|1/0/1 0" "an objection and an endorsement by org: one support, one objection"
is "$(row 'Kom vroeg')" "initiators||1/1/0 0" "an endorsement and one with reservations, apart"
is "$(row 'Verwijs niet door')" "colleagues||0/0/0 0" "advice nobody endorsed"
is "$(sed 1d "$T/.out" | cut -f 2 | sort -u | tr '\n' ' ')" "colleagues initiators organisation self " \
    "all four perspectives"
run wl-advice list --open -o tsv
is "$(sed 1d "$T/.out" | wc -l | tr -d ' ')" 8 "--open: all but the implemented one"
run wl-advice list --status presented -o tsv
is "$(sed 1d "$T/.out" | wc -l | tr -d ' ')" 3 "three still at presented"

run wl-advice list --agreements -o tsv
{ printf 'id\tstatus\towner\tdue\ttext\tstatus-date\tstatus-note\n'
  sed 1d "$T/.out" | cut -f 2-
} >"$T/got"
printf 'id\tstatus\towner\tdue\ttext\tstatus-date\tstatus-note\ndone\tRuud Peeters\t2026-07-02\tTwee initiatiefnemers gaan mee naar de presentatie aan het managementteam\t2026-07-02\tAns Coenen en Wim Geurts waren erbij\n\tSanne Hendriks\t2026-09-01\tEen vast aanspreekpunt per initiatief uitwerken met het MT\t\t\n' >"$T/want"
same "$T/got" "$T/want" "the agreements: status, owner by name, due, the status's day and note"

# every list's jsonl is a journal of its own (closure)
for cmd in "wl-note list" "wl-note list -k quote" "wl-advice list" \
    "wl-advice list --agreements" "wl-advice list --open"; do
	$cmd -o jsonl >"$T/cl"
	run_piped "$T/cl" wl-session list -o tsv
	is "$rc:$err" "0:" "$cmd -o jsonl reads as a journal with no warning"
	is "$(sed 1d "$T/.out" | cut -f 3)" Roermond "$cmd -o jsonl carries its session"
	run_piped "$T/cl" $cmd -f -
	same "$T/.out" "$T/cl" "$cmd round-trips byte-identically"
done

done_testing
