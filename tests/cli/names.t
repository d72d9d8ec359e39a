#!/bin/sh
# names.t - people, sessions and records named the way a facilitator
# names them (wl(7), "Naming people, sessions and records"): a first
# name or surname, a slip of a key answered with "did you mean", a
# person of another session with the -s that finds them, -s by
# municipality or date, ids in upper case, an id of the wrong type; and
# the registration desk's warnings.  Every refusal: exit 2, nothing on
# stdout, the journal byte-identical.
. "$(dirname "$0")/lib.sh"

# refused DESC WANT CMD...: exit 2, stderr exactly WANT (lines and all),
# nothing on stdout, the journal as it was.
refused() {
	desc=$1 want=$2
	shift 2
	cp werklab.jsonl "$T/.j0"
	run "$@"
	is "$rc:$out" "2:" "refuses $desc"
	is "$err" "$want" "  $desc: the message"
	same werklab.jsonl "$T/.j0" "  $desc: the journal is unchanged"
}

m=$(wl-session new -m Maastricht -d 2026-06-14)
lotte=$(wl-session join -r initiator -n "Lotte Janssen" --org "Buurtkracht")
jan1=$(wl-session join -r civil-servant -n "Jan de Vries" --org "Gemeente Maastricht")
jan2=$(wl-session join -r civil-servant -n "Jan Smit" --org "Wijkteam")
jose=$(wl-session join -r other -n "José Ëlberg")
v=$(wl-session new -m Venlo -d 2026-06-21)
ans=$(wl-session join -r initiator -n "Ans Coenen" --org "Natuurtuin")
# The -s a message suggests for Maastricht: the shortest prefix, 4 at
# least, that the other session's id does not share.
k=4
while [ "$(echo "$m" | cut -c 1-$k)" = "$(echo "$v" | cut -c 1-$k)" ]; do
	k=$((k + 1))
done
ms=$(echo "$m" | cut -c 1-$k)

# --- names: a first name or a surname is enough ------------------------

run wl-note add -s "$m" -k do --by "Lotte" "Vraag het ons"
is "$rc:$err" "0:" "--by Lotte: the only Lotte"
like "$(tail -n 1 werklab.jsonl)" "\"by\":\"$lotte\"" "  and it is Lotte Janssen"
run wl-note add -s "$m" -k do --by "janssen" "Kom langs"
like "$rc:$(tail -n 1 werklab.jsonl)" "^0:.*\"by\":\"$lotte\"" "--by janssen: a surname, any case"
run wl-note add -s "$m" -k do --by "Jan S" "Bel terug"
like "$rc:$(tail -n 1 werklab.jsonl)" "^0:.*\"by\":\"$jan2\"" "--by 'Jan S': the last word cut short"
run wl-note add -s "$m" -k do --by "jose elberg" "Zeg het op tijd"
like "$rc:$(tail -n 1 werklab.jsonl)" "^0:.*\"by\":\"$jose\"" "--by without accents"
run wl-note add -s "$m" -k do --by "ÉLBERG" "Nog een"
like "$rc:$(tail -n 1 werklab.jsonl)" "^0:.*\"by\":\"$jose\"" "--by a surname in capitals with accents"

refused "--by a name of nobody, with the nearest" \
    "wl-note: no participant 'Lote Janssen' in session $m; did you mean Lotte Janssen?" \
    wl-note add -s "$m" -k do --by "Lote Janssen" "Iets"
refused "--by a first name two people share" \
    "wl-note: participant 'jan' is ambiguous; give the full name or the id:
  $jan1  Jan de Vries (civil-servant, Gemeente Maastricht)
  $jan2  Jan Smit (civil-servant, Wijkteam)" \
    wl-note add -s "$m" -k do --by jan "Iets"
refused "--by a first name with a slip" \
    "wl-note: no participant 'Lote' in session $m; did you mean Lotte Janssen?" \
    wl-note add -s "$m" -k do --by Lote "Iets"
refused "--by a part of a word: a word is whole when it is all that is typed" \
    "wl-note: no participant 'Lo' in session $m (see 'wl-session people')" \
    wl-note add -s "$m" -k do --by Lo "Iets"

# --- a person of another session ---------------------------------------

# The latest session is Venlo's: Lotte is in Maastricht's.  The writer
# read only Venlo's part of the journal, and still finds her.
refused "--by somebody of another session" \
    "wl-note: no participant 'Lotte' in session $v; Lotte Janssen is in session $m (Maastricht, 2026-06-14); add -s $ms" \
    wl-note add -k do --by Lotte "Iets"
run wl-note add -k do -s "$ms" --by Lotte "Iets"
is "$rc:$err" "0:" "  and -s as the message says works"

# --- -s by municipality or date ------------------------------------------

run wl-note add -k do -s maastricht --by Lotte "Met -s maastricht"
like "$rc:$(tail -n 1 werklab.jsonl)" "^0:.*\"session\":\"$m\"" "-s a municipality, any case"
run wl-note add -k do -s 2026-06-21 --by ans "Met -s een datum"
like "$rc:$(tail -n 1 werklab.jsonl)" "^0:.*\"session\":\"$v\"" "-s a date"
run wl-session show -s "$(echo "$m" | tr a-f A-F)" -o tsv
is "$rc:$(echo "$out" | sed -n 2p)" "0:id	$m" "-s an id in upper case"
refused "-s a municipality with a slip" \
    "wl-note: no session 'Maastrict': it is no session's id, municipality or date; did you mean Maastricht?" \
    wl-note add -k do -s Maastrict "Iets"

# --- ids: upper case, and the wrong type ----------------------------------

a=$(wl-advice add -s "$m" -p organisation "Eén aanspreekpunt")
g=$(wl-advice agree -s "$m" "Bellen binnen een week")
run wl-advice endorse "$(prefix "$a" 6 | tr a-f A-F)" --by Lotte
like "$rc:$(tail -n 1 werklab.jsonl)" "^0:.*\"ref\":\"$a\"" "endorse 974E...: an id prefix in upper case"
refused "endorse of an agreement" \
    "wl-advice: $g is an agreement; endorse takes an advice" \
    wl-advice endorse "$(prefix "$g" | tr a-f A-F)" --by Lotte
refused "endorse by somebody of another session: where, without -s (endorse has none)" \
    "wl-advice: no participant 'Ans' in session $m; Ans Coenen is in session $v (Venlo, 2026-06-21)" \
    wl-advice endorse "$a" --by Ans
refused "note edit of an advice" \
    "wl-note: $a is an advice; edit takes a note" \
    wl-note edit "$a" --text x
refused "-s of a participant" \
    "wl-note: $lotte is a participant; -s takes a session" \
    wl-note add -k do -s "$lotte" "Iets"

# --- --owner: the same rules; free text only as --owner-text -------------

run wl-advice agree -s "$m" --owner smit "Terugbellen"
like "$rc:$(tail -n 1 werklab.jsonl)" "^0:.*\"owner\":\"$jan2\"" "--owner smit: a surname"
refuses "--owner nobody" wl-advice agree -s "$m" --owner "De wethouder" "Budget"
is "$err" "wl-advice: no participant 'De wethouder' in session $m (see 'wl-session people')" \
    "  the message"
run wl-advice agree -s "$m" --owner-text "De wethouder" "Budget"
like "$rc:$err:$(tail -n 1 werklab.jsonl)" "^0::.*\"owner\":\"De wethouder\"" \
    "--owner-text: kept as written, without a word"
refuses "--owner with a slip" wl-advice agree -s "$m" --owner "Jan Smitt" "Budget"
is "$err" "wl-advice: no participant 'Jan Smitt' in session $m; did you mean Jan Smit?" \
    "  with the nearest name as the hint"

# --- the registration desk --------------------------------------------------

cp werklab.jsonl "$T/j0"
run wl-session join -s "$m" -r initiator -n "lotte janssen"
lotte2=$out
is "$rc:$err" "0:wl-session: warning: Lotte Janssen is registered in this session already, as $lotte (initiator, Buurtkracht); added all the same: if it is the same person, withdraw one with 'wl-session rm ID'" \
    "join of a name registered already: a warning, exit 0"
is "$(wc -l <werklab.jsonl)" "$(($(wc -l <"$T/j0") + 1))" "  and the participant is added"
refused "--by a name registered twice" \
    "wl-note: participant 'Lotte Janssen' is ambiguous: 2 participants have that name; give the id:
  $lotte  Lotte Janssen (initiator, Buurtkracht)
  $lotte2  lotte janssen (initiator)" \
    wl-note add -s "$m" -k do --by "Lotte Janssen" "Iets"
run wl-session join -s "$m" -r other -n "Jan"
is "$rc:$err" "0:" "join of a name that is only a word of another: no warning"

run wl-session new -m maastricht -d 2026-06-14
m2=$out
is "$rc:$err" "0:wl-session: municipality 'maastricht' is written 'Maastricht', as the journal has it
wl-session: warning: Maastricht has a session on 2026-06-14 already, $m; commands without -s now go to this new one: pick either with -s $m or -s $m2" \
    "new beside a session of the same day: the spelling kept, and a warning"
like "$(tail -n 1 werklab.jsonl)" "\"id\":\"$m2\".*\"municipality\":\"Maastricht\"" \
    "  the session records the journal's spelling"
refused "-s a municipality of two sessions" \
    "wl-note: session 'Maastricht' is ambiguous; add the date, or give the id:
  $m  Maastricht, 2026-06-14
  $m2  Maastricht, 2026-06-14" \
    wl-note add -k do -s Maastricht "Iets"
run wl-session new -m "VENLO" -d 2026-07-01
is "$rc:$err" "0:wl-session: municipality 'VENLO' is written 'Venlo', as the journal has it" \
    "new on another day: only the spelling"
run wl-session new -m Roermond -d 2026-07-01
is "$rc:$err" "0:" "new of a municipality the journal lacks: not a word"

# The warning asks the rules: a session moved to another day by an
# amend is on that day, a removed one is none, and one restored is one
# again.
z=$(wl-session new -m Zwolle -d 2026-08-01)
wl-session edit -s "$z" -d 2026-08-02 >/dev/null
run wl-session new -m Zwolle -d 2026-08-01
is "$rc:$err" "0:" "new on the day a session was moved away from: not a word"
wl-session rm "$out" --yes >/dev/null 2>&1
run wl-session new -m Zwolle -d 2026-08-01
is "$rc:$err" "0:" "new beside a removed session of the day: not a word"
wl-session rm "$z" --yes >/dev/null 2>&1
wl-session restore "$z" >/dev/null 2>&1
run wl-session new -m Zwolle -d 2026-08-02
like "$err" "Zwolle has a session on 2026-08-02 already, $z" \
    "new beside a session moved there and restored: the warning"

done_testing
