#!/bin/sh
# undo.t - slips mended as a facilitator mends them: rm says what it
# takes (and asks, or wants --yes), --dry-run only shows it, restore
# brings it all back byte for byte; a session's own fields edited; an
# advice edited with and without --minor.
. "$(dirname "$0")/lib.sh"

nlines() { wc -l <werklab.jsonl | tr -d ' '; }
pfx() { prefix "$1" 6; }
# snap NAME: the report and every list, as they stand, into $T/NAME.*
snap() {
	wl-report --charts none >"$T/$1.md" 2>&1
	wl-advice list --all -o tsv >"$T/$1.advice" 2>&1
	wl-advice list --all --agreements -o tsv >"$T/$1.agreements" 2>&1
	wl-note list --all -o tsv >"$T/$1.notes" 2>&1
	wl-session people -o tsv >"$T/$1.people" 2>&1
	wl-session list -o tsv >"$T/$1.sessions" 2>&1
}
# as_before NAME WHAT: report and lists are those of snap NAME again
as_before() {
	snap now
	for k in md advice agreements notes people sessions; do
		cmp -s "$T/now.$k" "$T/$1.$k" || {
			diff "$T/$1.$k" "$T/now.$k" | sed 's/^/#   /' | head -10
			ok 1 "$2 ($k differs)"
			return
		}
	done
	ok 0 "$2"
}
# on_tty ANSWER CMD: CMD on a terminal, ANSWER typed; its output (both
# streams) in $T/tty, its status in $rc
on_tty() {
	printf '%s\n' "$1" | script -qec "$2" /dev/null >"$T/tty" 2>&1
	rc=$?
}

s=$(wl-session new -m Roermond -d 2026-06-14 -p 1 --title "Werklab Roermond")
ans=$(wl-session join -r initiator -n "Ans Coenen" --org "Natuurtuin De Hoven" --consent)
jos=$(wl-session join -r initiator -n "Jos Rutten" --consent)
ruud=$(wl-session join -r civil-servant -n "Ruud Peeters" --org Wijkzaken --consent)
a=$(wl-advice add -p organisation "Wijs per initiatief één vast aanspreekpunt aan")
b=$(wl-advice add -p self "Reageer snel, ook als het antwoord nog niet af is")
e1=$(wl-advice endorse "$a" --by "Ans Coenen")
e2=$(wl-advice endorse "$a" --by "Jos Rutten" --stance reservations)
eb=$(wl-advice endorse "$b" --by "Ans Coenen")
st1=$(wl-advice status "$a" presented)
g=$(wl-advice agree --advice "$a" --owner "Ruud Peeters" "Voorstel aan het MT")
st2=$(wl-advice status "$g" done)
n1=$(wl-note add -k do --by "Ans Coenen" "Bel eerst, mail daarna")
n2=$(wl-note add -k dont "Van loket naar loket sturen")
is "$(nlines)" 14 "a werklab of fourteen records"
snap start

# --- rm in a script: it says what it takes, and wants --yes ----------------

refuses "rm of an advice with endorsements, a status and an agreement, in a script" \
    wl-advice rm "$(pfx "$a")"
is "$err" "wl-advice: removing advice $a takes 5 more records with it (2 endorsements, 1 agreement, 2 statuses); standard input is no terminal to ask on: give --yes to remove it all the same, or --dry-run to see the list" \
    "  the message counts what goes, and names --yes and --dry-run"

cp werklab.jsonl "$T/j0"
run wl-advice rm "$(pfx "$a")" --dry-run
is "$rc" 0 "rm --dry-run exits 0"
is "$out" "removing advice $a takes 6 records out of every list and report:
  advice      $a  organisation: Wijs per initiatief één vast aanspreekpunt aan
  endorsement $e1  endorse, by Ans Coenen
  endorsement $e2  reservations, by Jos Rutten
  status      $st1  presented
  agreement   $g  Voorstel aan het MT (Ruud Peeters)
  status      $st2  done" \
    "  it lists each record that goes: type, id and what it says"
is "$err" "" "  on standard output, nothing on standard error"
same werklab.jsonl "$T/j0" "  and the journal is unchanged"
run wl-advice --dry-run rm "$a" -f werklab.jsonl
is "$rc:$(echo "$out" | head -n 1)" "0:removing advice $a takes 6 records out of every list and report:" \
    "  --dry-run before the verb too"

# --- on a terminal, rm asks --------------------------------------------------

on_tty n "wl-advice rm $a"
is "$rc" 1 "on a terminal, answering n exits 1"
like "$(cat "$T/tty")" "remove these 6 records\\? \\[y/N\\]" "  the question counts them"
like "$(cat "$T/tty")" "endorsement $e2  reservations, by Jos Rutten" "  after the list"
like "$(cat "$T/tty")" "nothing changed" "  and says that nothing changed"
same werklab.jsonl "$T/j0" "  the journal unchanged"
on_tty y "wl-advice rm $a --reason 'verkeerde prefix'"
is "$rc" 0 "answering y removes"
is "$(nlines)" 15 "  one retract more"
r1=$(tail -n 1 werklab.jsonl | cut -c 8-23)
is "$(tail -n 1 werklab.jsonl)" "{\"id\":\"$r1\",\"type\":\"retract\",\"at\":\"$WL_NOW\",\"ref\":\"$a\",\"reason\":\"verkeerde prefix\"}" \
    "  a retract of the advice, with its reason"
run wl-advice list -o tsv
is "$(cut -f 1 "$T/.out" | sed 1d)" "$b" "  the advice is gone from the list"
run wl-report --charts none
ok "$(echo "$out" | grep -q "Voorstel aan het MT"; [ $? -eq 1 ]; echo $?)" \
    "  and its agreement from the report"

# --- restore brings back all of it ------------------------------------------

cp werklab.jsonl "$T/j0"
run wl-advice restore "$(pfx "$a")" --dry-run
is "$rc:$(echo "$out" | head -n 1)" "0:restoring advice $a brings back 6 records into every list and report:" \
    "restore --dry-run lists what comes back"
same werklab.jsonl "$T/j0" "  and changes nothing"
run wl-advice restore "$(pfx "$a")"
is "$rc" 0 "restore by a prefix of the advice's id"
r2=$out
is "$(tail -n 1 werklab.jsonl)" "{\"id\":\"$r2\",\"type\":\"retract\",\"at\":\"$WL_NOW\",\"ref\":\"$r1\"}" \
    "  appends a retract of the retract"
like "$err" "restoring advice $a brings back 6 records" "  and says what comes back"
as_before start "rm, then restore: the report and every list byte for byte as before"

refuses "restore of what is not removed" wl-advice restore "$a"
is "$err" "wl-advice: advice $a is not removed: there is nothing to restore" "  the message"
refuses "restore of a retract taken back already" wl-advice restore "$r1"
is "$err" "wl-advice: retract $r1 was taken back already, by retract $r2" "  the message"
refuses "restore of the restore" wl-advice restore "$r2"
is "$err" "wl-advice: retract $r2 is a restore already (of advice $a): to remove that again, use rm" \
    "  the message points to rm"

# by the retract's id, after rm --yes
run wl-advice rm "$a" --yes
is "$rc" 0 "rm --yes in a script"
r3=$out
like "$err" "^wl-advice: removing advice $a takes 6 records" "  says what it took, on standard error"
refuses "restore of an endorsement removed with its advice" wl-advice restore "$e1"
is "$err" "wl-advice: endorsement $e1 was removed with advice $a: restore that, and it comes back with it" \
    "  the message names the advice"
refuses "restore of a note by wl-advice" wl-advice restore "$n2"
run wl-advice restore "$(pfx "$r3")"
is "$rc" 0 "restore by the retract's id"
as_before start "  the same as before again"

# --- what goes alone goes at once --------------------------------------------

run wl-advice rm "$eb"
is "$rc:$err" "0:" "rm of an endorsement: nothing hangs on it, no question, nothing said"
run wl-advice restore "$eb"
is "$rc:$err" "0:" "restore of it: one record back, nothing said"
run wl-note rm "$n2"
is "$rc:$err" "0:" "rm of a note in a script, as before"
run wl-note restore "$n2"
is "$rc" 0 "wl-note restore"
as_before start "  the same as before"
wl-note edit "$n2" --text "Niet van loket naar loket sturen" >/dev/null
run wl-note rm "$n2"
is "$rc:$err" "0:" "a note's own amends go with it without a question"

# --- a participant --------------------------------------------------------------

run wl-session rm "$ans" --dry-run
is "$out" "removing participant $ans takes 1 record out of every list and report:
  participant $ans  initiator, Ans Coenen
3 records stay, but no longer name who made them (endorsements drop out of the report):
  endorsement $e1  endorse, by Ans Coenen
  endorsement $eb  endorse, by Ans Coenen
  note        $n1  do: Bel eerst, mail daarna" \
    "wl-session rm of a participant: what stays but no longer names them"
refuses "rm of that participant in a script" wl-session rm "$ans"
is "$err" "wl-session: removing participant $ans leaves 3 records naming nobody (1 note, 2 endorsements); standard input is no terminal to ask on: give --yes to remove it all the same, or --dry-run to see the list" \
    "  the message"
snap people0
run wl-session rm "$ans" --yes
is "$rc" 0 "rm --yes of the participant"
run wl-session people -o tsv
ok "$(grep -q "$ans" "$T/.out"; [ $? -eq 1 ]; echo $?)" "  gone from people"
run wl-report --charts none
is "$(printf '%s\n' "$out" | grep -c '^   - Draagvlak: gesteund door 1 van 1 initiatiefnemer, 1 daarvan met bedenkingen$')" 1 \
    "  and her support from the report: one initiator left, who has reservations"
is "$(printf '%s\n' "$out" | grep -c 'Ans')" 0 "  her name neither, not even on her note"
run wl-session restore "$ans"
is "$rc" 0 "restore of the participant"
as_before people0 "  the report and the lists as before"

# --- a session, and its own fields ---------------------------------------------

refuses "edit of the session with a bad date" wl-session edit -d 2026-06-31
refuses "edit of the session with an empty municipality" wl-session edit -m ""
refuses "edit of the session mixed with a participant's" wl-session edit -d 2026-06-15 -n Ans
refuses "a participant's edit with the session's options" wl-session edit "$ruud" --title X
refuses "edit with nothing to change" wl-session edit
cp werklab.jsonl "$T/j1"
run wl-session edit -s "$(pfx "$s")" -d 2026-06-15 --title "" --location "Stadskantoor" \
    --facilitator "Anna de Vries"
is "$rc:$err" "0:" "wl-session edit of the session's date, title, location, facilitators"
{ cat "$T/j1"
  printf '{"id":"%s","type":"amend","at":"%s","ref":"%s","set":{"date":"2026-06-15","title":null,"location":"Stadskantoor","facilitators":["Anna de Vries"]}}\n' "$out" "$WL_NOW" "$s"
} >"$T/want"
same werklab.jsonl "$T/want" "  one amend of the session"
run wl-session show -o tsv
like "$out" "date	2026-06-15" "  show has the new date"
ok "$(echo "$out" | grep -q "^title"; [ $? -eq 1 ]; echo $?)" "  and no title"
run wl-report --charts none
like "$out" "Datum: 15 juni 2026" "  and so does the report"
run wl-session edit -d 2026-06-15
is "$rc:$err" "0:wl-session: nothing changed in session $s" "the same date again changes nothing"
run wl-session edit --facilitator ""
like "$(tail -n 1 werklab.jsonl)" '"set":\{"facilitators":null\}' \
    "--facilitator '' removes the facilitators"
snap session0

refuses "rm of the session in a script" wl-session rm "$s"
is "$err" "wl-session: removing session $s takes 12 more records with it (3 participants, 1 note, 2 advice, 3 endorsements, 1 agreement, 2 statuses); standard input is no terminal to ask on: give --yes to remove it all the same, or --dry-run to see the list" \
    "  the message counts its records by type"
run wl-session rm "$s" --dry-run
is "$out" "removing session $s takes 15 records out of every list and report:
  session     $s  2026-06-15, Roermond
  and with it: 3 participants, 1 note, 2 advice, 3 endorsements, 1 agreement, 2 statuses, 2 amends" \
    "  past ten records, --dry-run counts them by type"
run wl-session rm "$s" --yes
is "$rc" 0 "rm --yes of the session"
refuses "a list of a removed session" wl-note list -s "$s"
run wl-session restore "$(pfx "$s")"
is "$rc" 0 "restore of the session"
as_before session0 "  everything in it back, byte for byte"

# --- edits that keep their meaning ----------------------------------------------

cp werklab.jsonl "$T/j2"
run wl-advice edit "$a" --minor --text "Wijs per initiatief één vast aanspreekpunt aan."
is "$rc:$err" "0:" "edit --minor of an endorsed advice: nothing to say"
is "$(tail -n 1 werklab.jsonl)" "{\"id\":\"$out\",\"type\":\"amend\",\"at\":\"$WL_NOW\",\"ref\":\"$a\",\"set\":{\"text\":\"Wijs per initiatief één vast aanspreekpunt aan.\"},\"minor\":true}" \
    "  an amend marked minor"
m=$out
run wl-advice list -o tsv
is "$(awk -F '\t' -v id="$a" '$1 == id { print $4 + $5 + $6 " " $7 }' "$T/.out")" "2 0" \
    "  the endorsements stay current"
run wl-report --charts none
ok "$(echo "$out" | grep -qi "eerdere"; [ $? -eq 1 ]; echo $?)" \
    "  the report marks none of them"
run wl-advice show "$a" -o tsv
like "$out" "$m	amend	$WL_NOW		set text=Wijs per initiatief één vast aanspreekpunt aan. \\(minor: the wording stays\\)" \
    "  show lists the amend as minor"
run wl-report diff "$T/j2" werklab.jsonl
like "$out" "^text of advice .* -> \"Wijs per initiatief één vast aanspreekpunt aan.\" \\(minor\\)$" \
    "  wl-report diff shows the minor mark"
refuses "--minor with another field" wl-advice edit "$a" --minor -p self
run wl-advice edit "$a" --text "Wijs per initiatief één ambtenaar aan als aanspreekpunt"
is "$rc:$err" "0:wl-advice: all 2 endorsements now refer to an earlier wording (stale); for a typo fixed, edit with --minor keeps endorsements current" \
    "an edit that changes the wording says how many endorsements are stale now"
run wl-advice list -o tsv
is "$(awk -F '\t' -v id="$a" '$1 == id { print $4 + $5 + $6 " " $7 }' "$T/.out")" "2 2" \
    "  and the list shows them stale"
run wl-advice edit "$a" --text "Wijs per initiatief één ambtenaar aan als vast aanspreekpunt"
is "$rc:$err" "0:" "  once stale, a second edit has nothing more to say"

# A minor amend that does more, by hand, is refused as every rule is.
cp werklab.jsonl "$T/j3"
printf '{"type":"amend","ref":"%s","set":{"text":"x","tags":["a"]},"minor":true}\n' "$a" |
    wl-note import >/dev/null 2>"$T/.err"
is "$?" 2 "import of a minor amend that sets more than the text: refused"
like "$(cat "$T/.err")" "a minor amend fixes the wording of a text" "  in the rules' words"
same werklab.jsonl "$T/j3" "  the journal unchanged"

done_testing
