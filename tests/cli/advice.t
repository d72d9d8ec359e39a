#!/bin/sh
# wl-advice end to end: add, endorse, agree, status, list, edit, rm;
# endorsement counts and stale marks; bad input.
. "$(dirname "$0")/lib.sh"

AT=2026-06-14T09:30:00Z
HELP="(see 'wl-advice --help')"

rec() { grep "^{\"id\":\"$1\"" werklab.jsonl; }
nlines() { wc -l <werklab.jsonl | tr -d ' '; }
pfx() { echo "$1" | cut -c 1-"$2"; }
# ids: the first column of the last tsv output, header dropped
ids() { cut -f 1 "$T/.out" | sed 1d | tr '\n' ' '; }
# col ID N: column N of ID's row in the last tsv output
col() { awk -F '\t' -v id="$1" -v n="$2" '$1 == id { print $n }' "$T/.out"; }
# counts ID: "SUPPORT/RESERVATIONS/OBJECTIONS STALE" of ID's row
counts() { awk -F '\t' -v id="$1" '$1 == id { print $4 "/" $5 "/" $6 " " $7 }' "$T/.out"; }

refuses "add without a journal" wl-advice add -p self "Iets"
like "$err" "^wl-advice: werklab.jsonl: no such journal; start one with 'wl-session new'" \
    "the missing journal's message hints at wl-session new"
refuses "list without a journal" wl-advice list
ok "$([ ! -e werklab.jsonl ]; echo $?)" "no journal was made"

s=$(wl-session new -m Roermond -d 2026-06-14 -p 1)
ans=$(wl-session join -r initiator -n "Ans Coenen" --org "Natuurtuin De Hoven")
jos=$(wl-session join -r initiator -n "Jos Rutten" --org "Buurtkamer Kapel in 't Zand")
fat=$(wl-session join -r initiator -n "Fatima El Idrissi" --org "Repair Café Roermond")
ruud=$(wl-session join -r civil-servant -n "Ruud Peeters" --org Wijkzaken)
jan1=$(wl-session join -r civil-servant -n Jan --org Ruimte)
jan2=$(wl-session join -r civil-servant -n JAN --org Onderwijs)
is "$(nlines)" 7 "a session and six participants"

# --- add ------------------------------------------------------------------------

cp werklab.jsonl "$T/j0"
run wl-advice add -p self "Neem initiatiefnemers" "serieus"
is "$rc:$err" "0:" "add exits 0, silent on stderr"
a1=$out
like "$a1" '^[0-9a-f]{16}$' "add prints the id"
{ cat "$T/j0"
  printf '{"id":"%s","type":"advice","at":"%s","session":"%s","perspective":"self","text":"Neem initiatiefnemers serieus","block":3}\n' "$a1" "$AT" "$s"
} >"$T/want"
same werklab.jsonl "$T/want" "one canonical advice line, block 3"

run wl-advice add -p organisation -t aanspreekpunt -t MT "Wijs één vast aanspreekpunt aan"
a2=$out
like "$(rec "$a2")" "\"perspective\":\"organisation\",\"text\":\"Wijs één vast aanspreekpunt aan\",\"block\":3,\"tags\":\\[\"aanspreekpunt\",\"MT\"\\]\\}\$" \
    "tags after block, UTF-8 unescaped"

printf 'Kom vroeg met je idee\r\n\nZeg welke steun je nodig hebt\n' >"$T/in"
cp werklab.jsonl "$T/j0"
run_piped "$T/in" wl-advice add -p initiators
is "$rc:$err" "0:" "bulk add from standard input"
a3=$(sed -n 1p "$T/.out")
a4=$(sed -n 2p "$T/.out")
is "$(wc -l <"$T/.out" | tr -d ' ')" 2 "two ids for two non-empty lines"
hdr=$(sed -n "$(($(wc -l <"$T/j0") + 1))p" werklab.jsonl)
like "$hdr" '^\{"id":"[0-9a-f]{16}","type":"group","at":"'"$AT"'","n":2,"key":"[0-9a-f]{16}"\}$' \
    "  one batch: a group of two"
{ cat "$T/j0"
  printf '%s\n' "$hdr"
  printf '{"id":"%s","type":"advice","at":"%s","session":"%s","perspective":"initiators","text":"Kom vroeg met je idee","block":3}\n' "$a3" "$AT" "$s"
  printf '{"id":"%s","type":"advice","at":"%s","session":"%s","perspective":"initiators","text":"Zeg welke steun je nodig hebt","block":3}\n' "$a4" "$AT" "$s"
} >"$T/want"
same werklab.jsonl "$T/want" "two advice lines; the CR dropped"
a5=$(wl-advice add -p colleagues "Deel kennis tussen afdelingen")

refuses "an unknown perspective" wl-advice add -p mt "Iets"
is "$err" "wl-advice: unknown perspective 'mt' (one of: self (zelf, onszelf), initiators (initiatiefnemers), organisation (organisatie), colleagues (collega's, collegas)) $HELP" \
    "the perspective message lists the four"
refuses "add without -p" wl-advice add "Iets"
is "$err" "wl-advice: add needs a perspective (-p self, initiators, organisation, colleagues) $HELP" \
    "add without -p says what is needed"
refuses "an empty text" wl-advice add -p self ""
refuses "no text on empty standard input" wl-advice add -p self
refuses "an empty tag" wl-advice add -p self -t "" "Iets"
is "$err" "wl-advice: a tag cannot be empty $HELP" "the empty tag's message"
refuses "an unknown session" wl-advice add -s 0000 -p self "Iets"
refuses "an unknown verb" wl-advice adopt "$a1"
is "$err" "wl-advice: unknown verb 'adopt' (add, endorse, agree, status, list, show, edit, rm or restore) $HELP" "the unknown verb's message"

# --- endorse --------------------------------------------------------------------

cp werklab.jsonl "$T/j0"
run wl-advice endorse "$(pfx "$a1" 6)" --by "$(pfx "$ans" 5)"
is "$rc:$err" "0:" "endorse by id prefixes"
e1=$out
{ cat "$T/j0"
  printf '{"id":"%s","type":"endorsement","at":"%s","ref":"%s","by":"%s","stance":"endorse"}\n' "$e1" "$AT" "$a1" "$ans"
} >"$T/want"
same werklab.jsonl "$T/want" "an endorsement: full ids, stance endorse by default"

run wl-advice endorse "$a1" --by "FATIMA el idrissi"
is "$rc:$err" "0:" "--by a name, in any case"
like "$(tail -n 1 werklab.jsonl)" "\"ref\":\"$a1\",\"by\":\"$fat\",\"stance\":\"endorse\"\\}\$" "resolved to Fatima"

run wl-advice endorse "$a2" --by "repair cafe roermond" --stance reservations \
    --reason "Alleen met budget"
is "$rc:$err" "0:" "--by an org, diacritics aside; --stance reservations"
like "$(tail -n 1 werklab.jsonl)" "^\\{\"id\":\"$out\",\"type\":\"endorsement\",\"at\":\"$AT\",\"ref\":\"$a2\",\"by\":\"$fat\",\"stance\":\"reservations\",\"reason\":\"Alleen met budget\"\\}\$" \
    "stance and reason stored"
run wl-advice endorse "$a2" --by "Jos Rutten" --stance object --reason "Te vaag"
is "$rc:$err" "0:" "--stance object"
like "$(tail -n 1 werklab.jsonl)" "\"by\":\"$jos\",\"stance\":\"object\",\"reason\":\"Te vaag\"\\}\$" "an objection with its reason"
run wl-advice endorse "$a3" --by "Jos Rutten"
e3=$out

run wl-advice list -o tsv
is "$rc:$err" "0:" "list -o tsv"
{ printf 'id\tperspective\tstatus\tsupport\treservations\tobjections\tstale\ttext\tstatus-date\tstatus-note\n'
  printf '%s\tself\t\t2\t0\t0\t0\tNeem initiatiefnemers serieus\t\t\n' "$a1"
  printf '%s\torganisation\t\t0\t1\t1\t0\tWijs één vast aanspreekpunt aan\t\t\n' "$a2"
  printf '%s\tinitiators\t\t1\t0\t0\t0\tKom vroeg met je idee\t\t\n' "$a3"
  printf '%s\tinitiators\t\t0\t0\t0\t0\tZeg welke steun je nodig hebt\t\t\n' "$a4"
  printf '%s\tcolleagues\t\t0\t0\t0\t0\tDeel kennis tussen afdelingen\t\t\n' "$a5"
} >"$T/want"
same "$T/.out" "$T/want" "tsv: support, reservations and objections per advice, apart (a reservation and an objection are no support)"

# a later endorsement by the same person replaces the earlier one
run wl-advice endorse "$a1" --by "ans coenen" --stance reservations
is "$rc:$err" "0:" "Ans endorses a1 again"
e1b=$out
run wl-advice list -o tsv
is "$(counts "$a1")" "1/1/0 0" "the same person twice counts once, by their last stance"
run wl-advice endorse "$a1" --by "$ruud"
er=$out
run wl-advice list -o tsv
is "$(counts "$a1")" "2/1/0 0" "another person counts"
run wl-advice rm "$er"
is "$rc:$err" "0:" "rm of an endorsement"
run wl-advice list -o tsv
is "$(counts "$a1")" "1/1/0 0" "a retracted endorsement no longer counts"

# stale: the text changed after the endorsements
cp werklab.jsonl "$T/j0"
run wl-advice edit "$a1" --text "Neem initiatiefnemers serieus en reageer snel"
is "$rc:$err" "0:wl-advice: all 2 endorsements now refer to an earlier wording (stale); for a typo fixed, edit with --minor keeps endorsements current" \
    "edit --text of advice says that its endorsements are stale now"
{ cat "$T/j0"
  printf '{"id":"%s","type":"amend","at":"%s","ref":"%s","set":{"text":"Neem initiatiefnemers serieus en reageer snel"}}\n' "$out" "$AT" "$a1"
} >"$T/want"
same werklab.jsonl "$T/want" "edit writes one amend"
run wl-advice list -o tsv
is "$(counts "$a1")" "1/1/0 2" "both endorsements of the old wording are stale"
is "$(col "$a1" 8)" "Neem initiatiefnemers serieus en reageer snel" "list shows the new text"
run wl-advice endorse "$a1" --by "$ans"
e1c=$out
run wl-advice list -o tsv
is "$(counts "$a1")" "2/0/0 1" "an endorsement after the edit is not stale and replaces Ans's stale one"
run wl-advice rm "$e1c"
run wl-advice list -o tsv
is "$(counts "$a1")" "1/1/0 2" "retracting it brings back Ans's earlier (stale) one"
run wl-advice edit "$a1" -t snel
run wl-advice list -o tsv
is "$(counts "$a1")" "1/1/0 2" "an edit of the tags alone makes nothing more stale"
run wl-advice endorse "$a1" --by "$ans"
run wl-advice endorse "$a1" --by "$fat"
run wl-advice list -o tsv
is "$(counts "$a1")" "2/0/0 0" "both endorse the new wording: nothing stale"

refuses "endorse without --by" wl-advice endorse "$a2"
is "$err" "wl-advice: endorse needs --by: who endorses $HELP" "the message says --by"
refuses "endorse --by naming nobody" wl-advice endorse "$a2" --by "Piet"
is "$err" "wl-advice: no participant 'Piet' in session $s (see 'wl-session people')" \
    "nobody: the message"
cp werklab.jsonl "$T/j0"
run wl-advice endorse "$a2" --by jan
is "$rc:$out" "2:" "endorse --by an ambiguous name: exit 2"
same werklab.jsonl "$T/j0" "and nothing written"
is "$err" "wl-advice: participant 'jan' is ambiguous: 2 participants have that name; give the id:
  $jan1  Jan (civil-servant, Ruimte)
  $jan2  JAN (civil-servant, Onderwijs)" \
    "two Jans: the message lists both, with role and org"
run wl-advice endorse "$a2" --by ruimte
is "$rc:$err" "0:" "the org tells the two Jans apart"
like "$(tail -n 1 werklab.jsonl)" "\"by\":\"$jan1\"" "and names the right one"
refuses "an unknown stance" wl-advice endorse "$a2" --by "$ans" --stance maybe
is "$err" "wl-advice: unknown stance 'maybe' (one of: endorse (steun, eens), reservations (bedenkingen, steun met bedenkingen), object (bezwaar)) $HELP" \
    "the stance message lists the three"
refuses "endorse of an unknown id" wl-advice endorse 0123456789abcdef --by "$ans"
is "$err" "wl-advice: no advice with id '0123456789abcdef'" "unknown advice: the message"
refuses "endorse of a participant's id" wl-advice endorse "$ans" --by "$ans"
refuses "endorse of two ids" wl-advice endorse "$a1" "$a2" --by "$ans"

# --- agree -----------------------------------------------------------------------

cp werklab.jsonl "$T/j0"
run wl-advice agree --owner "$(pfx "$ruud" 8)" --due 2026-07-02 --advice "$(pfx "$a2" 4)" \
    "Twee initiatiefnemers gaan mee" "naar het MT"
is "$rc:$err" "0:" "agree with owner, due and advice"
g1=$out
{ cat "$T/j0"
  printf '{"id":"%s","type":"agreement","at":"%s","session":"%s","text":"Twee initiatiefnemers gaan mee naar het MT","owner":"%s","due":"2026-07-02","ref":"%s"}\n' "$g1" "$AT" "$s" "$ruud" "$a2"
} >"$T/want"
same werklab.jsonl "$T/want" "the agreement: owner as a participant id, due, ref"
cp werklab.jsonl "$T/j0"
refuses "an --owner who is no participant" wl-advice agree --owner "De wethouder" \
    "Budget zoeken"
same werklab.jsonl "$T/j0" "  and nothing written"
is "$err" "wl-advice: no participant 'De wethouder' in session $s (see 'wl-session people')" \
    "  the message"
refuses "--owner and --owner-text" wl-advice agree --owner "$ruud" \
    --owner-text "De wethouder" "Budget zoeken"
is "$err" "wl-advice: give --owner or --owner-text, not both $HELP" "  the message"
refuses "an empty --owner-text" wl-advice agree --owner-text " " "Budget zoeken"
run wl-advice agree --owner-text "De wethouder" "Budget zoeken"
g2=$out
like "$(rec "$g2")" "\"text\":\"Budget zoeken\",\"owner\":\"De wethouder\"\\}\$" \
    "--owner-text is stored as given"
run wl-advice agree --owner "ruud PEETERS" "Aanspreekpunt uitwerken"
g3=$out
like "$(rec "$g3")" "\"owner\":\"$ruud\"\\}\$" "an owner by name is stored as the id"

run wl-advice list --agreements -o tsv
{ printf 'id\tstatus\towner\tdue\ttext\tstatus-date\tstatus-note\n'
  printf '%s\t\tcivil-servant\t2026-07-02\tTwee initiatiefnemers gaan mee naar het MT\t\t\n' "$g1"
  printf '%s\t\tDe wethouder\t\tBudget zoeken\t\t\n' "$g2"
  printf '%s\t\tcivil-servant\t\tAanspreekpunt uitwerken\t\t\n' "$g3"
} >"$T/want"
same "$T/.out" "$T/want" "--agreements: owners without consent by role, text as given"

refuses "an impossible due date" wl-advice agree --due 2026-02-30 "Iets"
is "$err" "wl-advice: 2026-02-30 does not exist: February 2026 has 28 days" "the date message"
refuses "a due date in words" wl-advice agree --due morgen "Iets"
refuses "agree without text" wl-advice agree --owner "$ruud"
is "$err" "wl-advice: agree needs the text of the agreement $HELP" "the missing text's message"
refuses "agree with an empty text" wl-advice agree " "
cp werklab.jsonl "$T/j0"
run wl-advice agree --owner jan "Iets"
is "$rc:$out" "2:" "an ambiguous owner: exit 2"
same werklab.jsonl "$T/j0" "and nothing written"
is "$err" "wl-advice: participant 'jan' is ambiguous: 2 participants have that name; give the id:
  $jan1  Jan (civil-servant, Ruimte)
  $jan2  JAN (civil-servant, Onderwijs)" \
    "an ambiguous owner is not taken as free text"
refuses "--advice of an unknown id" wl-advice agree --advice 0123456789abcdef "Iets"
refuses "--advice naming an agreement" wl-advice agree --advice "$g2" "Iets"
is "$err" "wl-advice: $g2 is an agreement; agree --advice takes an advice" \
    "an agreement is no advice"

# --- status ------------------------------------------------------------------------

cp werklab.jsonl "$T/j0"
run wl-advice status "$a1" presented
is "$rc:$err" "0:" "status presented"
{ cat "$T/j0"
  printf '{"id":"%s","type":"status","at":"%s","ref":"%s","status":"presented"}\n' "$out" "$AT" "$a1"
} >"$T/want"
same werklab.jsonl "$T/want" "a status line"
WL_NOW=2026-09-15T10:00:00Z run wl-advice status "$a1" adopted --note "MT akkoord"
st2=$out
like "$(tail -n 1 werklab.jsonl)" "^\\{\"id\":\"$st2\",\"type\":\"status\",\"at\":\"2026-09-15T10:00:00Z\",\"ref\":\"$a1\",\"status\":\"adopted\",\"note\":\"MT akkoord\"\\}\$" \
    "a status with a note; WL_NOW is the time"
run wl-advice status "$a2" presented
run wl-advice status "$a3" rejected
run wl-advice status "$g1" done
run wl-advice status "$g3" dropped
run wl-advice list -o tsv
is "$(col "$a1" 3)" adopted "the last status wins"
is "$(col "$a3" 3)" rejected "rejected"
run wl-advice rm "$st2"
run wl-advice list -o tsv
is "$(col "$a1" 3)" presented "a retracted status gives way to the one before"
run wl-advice status "$a1" adopted
run wl-advice status "$a2" implemented
run wl-advice status "$a2" presented
run wl-advice list -o tsv
is "$(col "$a2" 3)" presented "the last status wins even when it goes back"

refuses "an agreement status for advice" wl-advice status "$a1" done
is "$err" "wl-advice: 'done' is not a status of advice (one of: presented, adopted, rejected, implemented)" \
    "the message names the statuses of advice"
refuses "an advice status for an agreement" wl-advice status "$g1" adopted
is "$err" "wl-advice: 'adopted' is not a status of an agreement (one of: done, dropped)" \
    "the message names the statuses of agreements"
refuses "an unknown status" wl-advice status "$a1" finished
is "$err" "wl-advice: unknown status 'finished' (one of: presented (voorgelegd), adopted (overgenomen), rejected (afgewezen), implemented (uitgevoerd), done (gedaan), dropped (vervallen)) $HELP" \
    "an unknown status: the message"
refuses "status of an unknown id" wl-advice status 0123456789abcdef done
refuses "status of a participant" wl-advice status "$ans" done
refuses "status without a status" wl-advice status "$a1"
is "$err" "wl-advice: status takes an id and a status $HELP" "status with one operand"

# A status has a day of its own (--date) and a note; the list shows both.
WL_NOW=2026-11-20T10:00:00Z run wl-advice status "$a3" rejected --date 2026-11-12 \
    --note "Past niet in de reorganisatie van 2027"
is "$rc:$err" "0:" "status --date --note"
like "$(tail -n 1 werklab.jsonl)" "\"status\":\"rejected\",\"note\":\"Past niet in de reorganisatie van 2027\",\"date\":\"2026-11-12\"\\}\$" \
    "  the record holds the date given, beside its at"
cp werklab.jsonl "$T/before-date"
WL_NOW=2026-11-20T10:00:00Z refuses "a status --date in the future" \
    wl-advice status "$a3" rejected --date 2026-11-21
is "$err" "wl-advice: --date 2026-11-21 is in the future (today is 2026-11-20)" \
    "  the message says what today is"
refuses "a status --date that is no date" wl-advice status "$a3" rejected --date 12-11-2026
is "$err" "wl-advice: '12-11-2026' is not a date like 2026-06-14 $HELP" \
    "  the message shows the valid form"
refuses "a status --date that does not exist" wl-advice status "$a3" rejected --date 2026-02-30
is "$err" "wl-advice: 2026-02-30 does not exist: February 2026 has 28 days" \
    "  the message says why"
same werklab.jsonl "$T/before-date" "refused --date: the journal unchanged"
run wl-advice list -o tsv
is "$(col "$a3" 3)|$(col "$a3" 9)|$(col "$a3" 10)" \
    "rejected|2026-11-12|Past niet in de reorganisatie van 2027" \
    "list: the status with its date and note (tsv)"
is "$(col "$a2" 9)|$(col "$a2" 10)" "2026-06-14|" \
    "  without --date: the day the status was recorded"
is "$(col "$a4" 9)|$(col "$a4" 10)" "|" "  no status: no date, no note"
run wl-advice list -o csv
like "$out" ",rejected,1,0,0,0,Kom vroeg met je idee,2026-11-12,Past niet in de reorganisatie van 2027" \
    "  and in csv"
run wl-advice list -o table
like "$out" "STATUS-DATE  STATUS-NOTE" "  and in the table's head"
run wl-advice list --agreements -o tsv
is "$(col "$g1" 2)|$(col "$g1" 6)" "done|2026-06-14" "an agreement's status has its day too"

# --- list: filters and formats ------------------------------------------------------

run wl-advice list --status adopted -o tsv
is "$(ids)" "$a1 " "--status adopted"
run wl-advice list --status presented -o tsv
is "$(ids)" "$a2 " "--status presented"
run wl-advice list -p initiators -o tsv
is "$(ids)" "$a3 $a4 " "-p initiators"
run wl-advice list --open -o tsv
is "$(ids)" "$a1 $a2 $a4 $a5 " "--open: not rejected, not implemented"
run wl-advice list --agreements --open -o tsv
is "$(ids)" "$g2 " "--agreements --open: not done, not dropped"
run wl-advice list --agreements --status done -o tsv
is "$(ids)" "$g1 " "--agreements --status done"
refuses "an agreement status without --agreements" wl-advice list --status done
is "$err" "wl-advice: 'done' is not a status of advice $HELP" "the list message"
refuses "an advice status with --agreements" wl-advice list --agreements --status adopted
refuses "-p with --agreements" wl-advice list --agreements -p self
refuses "list with an unknown perspective" wl-advice list -p mt

run wl-advice list -p colleagues -o csv
printf '\357\273\277id,perspective,status,support,reservations,objections,stale,text,status-date,status-note\r\n%s,colleagues,,0,0,0,0,Deel kennis tussen afdelingen,,\r\n' "$a5" >"$T/want"
same "$T/.out" "$T/want" "csv of one advice"
run wl-advice list -p colleagues -o json
{ echo '['; rec "$a5" | sed 's/}$/,"municipality":"Roermond","session_date":"2026-06-14","status":null,"status_date":null,"status_note":null,"support":0,"reservations":0,"objections":0,"stale":0}/'; echo ']'; } >"$T/want"
same "$T/.out" "$T/want" "json of one advice, with its state"
run wl-advice list -p colleagues -o jsonl
{ rec "$s"; rec "$a5"; } >"$T/want"
same "$T/.out" "$T/want" "jsonl of one advice: its session first"
run wl-advice list --agreements --status done
{ rec "$s"; rec "$ruud" | sed 's/,"name":"Ruud Peeters","org":"Wijkzaken"//'
  rec "$a2"; rec "$g1"; } >"$T/want"
same "$T/.out" "$T/want" \
    "jsonl of an agreement: session, owner (no name: no consent), advice, then it"

for args in "" "--all" "--agreements" "--agreements --all" "--open"; do
	# shellcheck disable=SC2086
	wl-advice list $args -o jsonl >"$T/cl"
	run_piped "$T/cl" wl-note list --all -f -
	is "$rc:$err" "0:" "list $args -o jsonl reads back as a journal with no warning"
	run_piped "$T/cl" wl-advice list $args -f -
	same "$T/.out" "$T/cl" "list $args | list $args -f - is byte-identical"
done
wl-advice list -o jsonl >"$T/cl"
run_piped "$T/cl" wl-advice list -o tsv
is "$(col "$a1" 8)" "Neem initiatiefnemers serieus en reageer snel" "the closure carries the folded text"

# --- edit ---------------------------------------------------------------------------

run wl-advice edit "$a4" -p self
is "$rc:$err" "0:" "edit -p"
like "$(tail -n 1 werklab.jsonl)" "\"ref\":\"$a4\",\"set\":\\{\"perspective\":\"self\"\\}\\}\$" "the amend sets the perspective"
run wl-advice list -p self -o tsv
is "$(ids)" "$a1 $a4 " "and list -p follows it"
run wl-advice edit "$g2" --owner "$fat" --due 2026-10-01
is "$rc:$err" "0:" "edit of an agreement's owner and due"
like "$(tail -n 1 werklab.jsonl)" "\"ref\":\"$g2\",\"set\":\\{\"owner\":\"$fat\",\"due\":\"2026-10-01\"\\}\\}\$" \
    "owner as an id, due as given"
run wl-advice list --agreements -o tsv
is "$(col "$g2" 3)" "initiator" "the new owner, by role: no consent"
printf 'Budget zoeken bij de provincie\n' >"$T/in"
run_piped "$T/in" wl-advice edit "$g2"
is "$rc:$err" "0:" "edit of an agreement with the text on standard input"
run wl-advice list --agreements -o tsv
is "$(col "$g2" 5)" "Budget zoeken bij de provincie" "the new text"
cp werklab.jsonl "$T/j0"
run wl-advice edit "$a4" -p self
is "$rc:$out:$err" "0::wl-advice: nothing changed in advice $a4" "edit to what it is: nothing changed"
same werklab.jsonl "$T/j0" "and nothing written"
refuses "--owner on advice" wl-advice edit "$a4" --owner "$ruud"
is "$err" "wl-advice: --owner and --due are for agreements $HELP" "the message"
refuses "-p on an agreement" wl-advice edit "$g2" -p self
is "$err" "wl-advice: -p and -t are for advice $HELP" "the message"
refuses "edit to an unknown perspective" wl-advice edit "$a4" -p mt
refuses "edit to a bad due date" wl-advice edit "$g2" --due 2026-13-01
refuses "edit to an empty text" wl-advice edit "$a4" --text ""
refuses "edit of an unknown id" wl-advice edit 0123456789abcdef --text x

# --- rm ----------------------------------------------------------------------------

cp werklab.jsonl "$T/j0"
run wl-advice rm "$a5" --reason "hoort bij blok 2"
is "$rc:$err" "0:" "rm of advice"
{ cat "$T/j0"
  printf '{"id":"%s","type":"retract","at":"%s","ref":"%s","reason":"hoort bij blok 2"}\n' "$out" "$AT" "$a5"
} >"$T/want"
same werklab.jsonl "$T/want" "a retract line"
run wl-advice list -o tsv
is "$(ids)" "$a1 $a2 $a3 $a4 " "the retracted advice is gone from list"
refuses "rm of retracted advice" wl-advice rm "$a5"
is "$err" "wl-advice: advice '$a5' was removed (restore brings it back)" "the retracted advice's message"
refuses "endorse of retracted advice" wl-advice endorse "$a5" --by "$ans"
is "$err" "wl-advice: advice '$a5' was removed (restore brings it back)" "endorse says it too"
refuses "status of retracted advice" wl-advice status "$a5" presented
refuses "edit of retracted advice" wl-advice edit "$a5" --text "Toch"
refuses "agree on retracted advice" wl-advice agree --advice "$a5" "Iets"
refuses "rm of an agreement with a status, in a script" wl-advice rm "$g3"
is "$err" "wl-advice: removing agreement $g3 takes 1 more record with it (1 status); standard input is no terminal to ask on: give --yes to remove it all the same, or --dry-run to see the list" \
    "  the message names what goes, --yes and --dry-run"
run wl-advice rm "$g3" --yes
is "$rc" 0 "rm --yes of it"
run wl-advice list --agreements -o tsv
is "$(ids)" "$g1 $g2 " "a retracted agreement is gone from list"
refuses "status of a retracted agreement" wl-advice status "$g3" done
refuses "rm of a retracted endorsement" wl-advice rm "$e1c"
refuses "rm of a session" wl-advice rm "$s"

# --- sessions --------------------------------------------------------------------------

s2=$(wl-session new -m Venlo -d 2026-09-01 -p 2)
run wl-advice list -o tsv
is "$(ids)" "" "list: the most recent session (empty) by default"
b1=$(wl-advice add -p self "In Venlo")
run wl-advice list -o tsv
is "$(ids)" "$b1 " "add went to the most recent session"
run wl-advice list -s "$(pfx "$s" 5)" -o tsv
is "$(ids)" "$a1 $a2 $a3 $a4 " "-s picks the first session"
run wl-advice list --all -o tsv
is "$(ids)" "$a1 $a2 $a3 $a4 $b1 " "--all: both sessions"
refuses "-s and --all together" wl-advice list --all -s "$s"
is "$err" "wl-advice: give -s or --all, not both $HELP" "the message"
refuses "--advice of another session" wl-advice agree --advice "$a1" "Iets"
is "$err" "wl-advice: advice $a1 belongs to another session" "the other session's message"
run wl-advice agree -s "$s" --advice "$a1" "In de eerste sessie"
is "$rc:$err" "0:" "agree -s with advice of that session"
like "$(tail -n 1 werklab.jsonl)" "\"session\":\"$s\",\"text\":\"In de eerste sessie\",\"ref\":\"$a1\"\\}\$" "stored in that session"
refuses "endorse by someone of the other session" wl-advice endorse "$b1" --by "$ans"
wl-advice list --all --agreements -o jsonl >"$T/cl"
run_piped "$T/cl" wl-session list -o tsv
is "$rc:$err" "0:" "the closure of --all --agreements reads cleanly"
is "$(sed 1d "$T/.out" | cut -f 1)" "$s" "and holds the session of those agreements"

# a session with two blocks has no block 3 for advice
printf '{"id":"beef000000000002","type":"session","at":"%s","municipality":"Echt","date":"2026-10-01","blocks":[{"n":1,"title":"Een"},{"n":2,"title":"Twee"}]}\n' "$AT" >>werklab.jsonl
refuses "advice in a session without block 3" wl-advice add -p self "Iets"
is "$err" "wl-advice: block 3 is not in its session (it has blocks 1 to 2) $HELP" "the block message"

done_testing
