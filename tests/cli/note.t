#!/bin/sh
# wl-note end to end: add (operands, bulk from standard input), list
# (filters, formats, sessions, closure), edit, rm, import; bad input.
. "$(dirname "$0")/lib.sh"

AT=2026-06-14T09:30:00Z
HELP="(see 'wl-note --help')"

# line N: the Nth line of the journal; rec ID: the line of record ID
line() { sed -n "$1p" werklab.jsonl; }
rec() { grep "^{\"id\":\"$1\"" werklab.jsonl; }
nlines() { wc -l <werklab.jsonl | tr -d ' '; }

# --- no journal yet ---------------------------------------------------------

refuses "add without a journal" wl-note add -k do "Iets"
is "$err" "wl-note: werklab.jsonl: no such journal; start one with 'wl-session new', or name one with -f or WL_JOURNAL" \
    "the missing journal's message hints at wl-session new"
ok "$([ ! -e werklab.jsonl ]; echo $?)" "add did not create the journal"
refuses "list without a journal" wl-note list
like "$err" "no such journal; start one with 'wl-session new'" \
    "list says how to start a journal too"
refuses "import without a journal" wl-note import /dev/null
ok "$([ ! -e werklab.jsonl ]; echo $?)" "import did not create the journal"

# --- a session with people --------------------------------------------------

s=$(wl-session new -m Venlo -d 2026-06-14 -p 2)
ans=$(wl-session join -r initiator -n "Ans Coenen" --org "Coöperatie Zuid")
jan1=$(wl-session join -r civil-servant -n Jan --org Ruimte)
jan2=$(wl-session join -r civil-servant -n Jan --org Wijkzaken)
like "$s$ans$jan1$jan2" '^[0-9a-f]{64}$' "a session and three participants"
is "$(nlines)" 4 "four journal lines to start with"

# --- add: bulk from standard input -----------------------------------------

printf 'Reageer snel\nWees eerlijk\n' >"$T/in"
cp werklab.jsonl "$T/j0"
run_piped "$T/in" wl-note add -k do -b 2
is "$rc" 0 "bulk add exits 0"
is "$err" "" "bulk add is silent on stderr"
d1=$(sed -n 1p "$T/.out")
d2=$(sed -n 2p "$T/.out")
is "$(wc -l <"$T/.out" | tr -d ' ')" 2 "bulk add prints two lines"
like "$d1 $d2" '^[0-9a-f]{16} [0-9a-f]{16}$' "each an id"
ok "$([ "$d1" != "$d2" ]; echo $?)" "two different ids"
is "$(nlines)" 7 "two lines appended, after their group's header"
hdr=$(sed -n 5p werklab.jsonl)
like "$hdr" '^\{"id":"[0-9a-f]{16}","type":"group","at":"'"$AT"'","n":2,"key":"[0-9a-f]{16}"\}$' \
    "  the header: a group of two"
{ cat "$T/j0"
  printf '%s\n' "$hdr"
  printf '{"id":"%s","type":"note","at":"%s","session":"%s","kind":"do","text":"Reageer snel","block":2}\n' "$d1" "$AT" "$s"
  printf '{"id":"%s","type":"note","at":"%s","session":"%s","kind":"do","text":"Wees eerlijk","block":2}\n' "$d2" "$AT" "$s"
} >"$T/want"
same werklab.jsonl "$T/want" "the two notes are canonical lines, in input order, after the old bytes"

if command -v strace >/dev/null 2>&1 &&
    printf 'x\n' | strace -o /dev/null true 2>/dev/null; then
	cp werklab.jsonl "$T/st.jsonl"
	# (LeakSanitizer cannot run under ptrace: off for this one run)
	printf 'Een\nTwee\nDrie\n' | ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -o "$T/trace" \
	    -e trace=flock,fsync,fdatasync wl-note add -k idea \
	    -f "$T/st.jsonl" >/dev/null
	is "$(grep -c 'flock(.*LOCK_EX' "$T/trace")" 1 "bulk add of three takes the lock once (strace)"
	is "$(grep -Ec 'f(data)?sync\(' "$T/trace")" 1 "bulk add of three syncs once (strace)"
	is "$(($(wc -l <"$T/st.jsonl")))" 11 "and appends three lines and their group's header"
else
	echo "# strace not usable: lock/fsync count not checked"
fi

# empty and blank lines are skipped, a CR before the newline is dropped
cp werklab.jsonl "$T/j0"
printf 'Geen loket-hoppen\r\n\r\n\n   \nNiet alleen toetsen\r\n' >"$T/in"
run_piped "$T/in" wl-note add -k dont
is "$rc:$err" "0:" "CRLF input is accepted"
x1=$(sed -n 1p "$T/.out")
x2=$(sed -n 2p "$T/.out")
is "$(wc -l <"$T/.out" | tr -d ' ')" 2 "blank lines add nothing: two ids"
{ cat "$T/j0"
  sed -n "$(($(wc -l <"$T/j0") + 1))p" werklab.jsonl
  printf '{"id":"%s","type":"note","at":"%s","session":"%s","kind":"dont","text":"Geen loket-hoppen","block":2}\n' "$x1" "$AT" "$s"
  printf '{"id":"%s","type":"note","at":"%s","session":"%s","kind":"dont","text":"Niet alleen toetsen","block":2}\n' "$x2" "$AT" "$s"
} >"$T/want"
same werklab.jsonl "$T/want" "the CRs are gone; a dont goes to block 2 by default"

# --- add: operands -----------------------------------------------------------

cp werklab.jsonl "$T/j0"
run wl-note add -k question -t natuur -t Wijk -t natuur --by "ANS coenen" \
    "Wie is" "de Coöperatie?"
is "$rc:$err" "0:" "add with operands, tags and --by a name"
q1=$out
like "$q1" '^[0-9a-f]{16}$' "add prints the id"
{ cat "$T/j0"
  printf '{"id":"%s","type":"note","at":"%s","session":"%s","kind":"question","text":"Wie is de Coöperatie?","block":1,"by":"%s","tags":["natuur","Wijk"]}\n' "$q1" "$AT" "$s" "$ans"
} >"$T/want"
same werklab.jsonl "$T/want" "words joined by one space; block 1 by default; by stored as an id; a repeated tag once"

run wl-note add -k idea --by "cooperatie zuid" "Een moestuin bij de school"
is "$rc:$err" "0:" "--by an org, case and diacritics aside"
i1=$out
like "$(tail -n 1 werklab.jsonl)" "^\\{\"id\":\"$i1\",\"type\":\"note\",\"at\":\"$AT\",\"session\":\"$s\",\"kind\":\"idea\",\"text\":\"Een moestuin bij de school\",\"by\":\"$ans\"\\}\$" \
    "an idea has no default block; by found by org"
run wl-note add -k quote --by "$(prefix "$jan2" 6)" -o jsonl "Goed gedaan"
is "$rc:$err" "0:" "--by an id prefix, -o jsonl"
tail -n 1 werklab.jsonl >"$T/want"
same "$T/.out" "$T/want" "-o jsonl prints the whole record written"
like "$(tail -n 1 werklab.jsonl)" "\"by\":\"$jan2\"" "the prefix resolved to the participant's full id"
quote=$(tail -n 1 werklab.jsonl | cut -c 8-23)

# --- add: refusals -----------------------------------------------------------

refuses "an unknown kind" wl-note add -k wish "Iets"
is "$err" "wl-note: unknown kind 'wish' (one of: expectation (verwachting), question (vraag), observation (observatie, waarneming), do, dont (don't), idea (idee), quote (citaat, uitspraak)) $HELP" \
    "the unknown kind's message lists the kinds"
refuses "add without a kind" wl-note add "Iets"
refuses "a block out of the session's range" wl-note add -k do -b 4 "Iets"
is "$err" "wl-note: block 4 is not in its session (it has blocks 1 to 3) $HELP" \
    "the block message names the range"
refuses "block 0" wl-note add -k do -b 0 "Iets"
refuses "a block that is no number" wl-note add -k do -b twee "Iets"
refuses "an empty text" wl-note add -k do ""
is "$err" "wl-note: the text is empty $HELP" "the empty text's message"
refuses "a blank text" wl-note add -k do "  " " "
refuses "no text on an empty standard input" wl-note add -k do
is "$err" "wl-note: nothing to add: standard input had no text" \
    "no text: the message says so"
printf '\n  \n\r\n' >"$T/in"
cp werklab.jsonl "$T/j0"
run_piped "$T/in" wl-note add -k do
is "$rc:$out" "2:" "only blank lines on standard input: exit 2"
same werklab.jsonl "$T/j0" "and nothing written"
refuses "an empty tag" wl-note add -k do -t "" "Iets"
is "$err" "wl-note: a tag cannot be empty $HELP" "the empty tag's message"
refuses "a blank tag" wl-note add -k do -t " " "Iets"
refuses "--by naming nobody" wl-note add -k do --by Piet "Iets"
is "$err" "wl-note: no participant 'Piet' in session $s (see 'wl-session people')" \
    "--by naming nobody: the message"
cp werklab.jsonl "$T/j0"
run wl-note add -k do --by jan "Iets"
is "$rc:$out" "2:" "an ambiguous --by: exit 2"
same werklab.jsonl "$T/j0" "and nothing written"
is "$err" "wl-note: participant 'jan' is ambiguous: 2 participants have that name; give the id:
  $jan1  Jan (civil-servant, Ruimte)
  $jan2  Jan (civil-servant, Wijkzaken)" \
    "the ambiguous --by lists the candidates, a line each, and how to choose"
printf 'goed\n\377\n' >"$T/in"
cp werklab.jsonl "$T/j0"
run_piped "$T/in" wl-note add -k do
is "$rc:$out:$err" "2::wl-note: <stdin>:2: invalid UTF-8 (or a NUL byte)" \
    "invalid UTF-8 on standard input: refused with its line"
same werklab.jsonl "$T/j0" "and not one of the lines written"
refuses "an unknown session" wl-note add -s ffff -k do "Iets"
is "$err" "wl-note: no session with id 'ffff'" "the unknown session's message"

# --- list: formats -------------------------------------------------------------

run wl-note list -k question -o tsv
is "$rc:$err" "0:" "list -o tsv"
printf 'id\tkind\tblock\tby\ttags\ttext\n%s\tquestion\t1\tAns Coenen\tnatuur,Wijk\tWie is de Coöperatie?\n' "$q1" >"$T/want"
same "$T/.out" "$T/want" "tsv: header, then the row; by shown by name"

run wl-note list -k question -o csv
printf '\357\273\277id,kind,block,by,tags,text\r\n%s,question,1,Ans Coenen,"natuur,Wijk",Wie is de Coöperatie?\r\n' "$q1" >"$T/want"
same "$T/.out" "$T/want" "csv: BOM, CRLF, a cell with a comma quoted"

run wl-note list -k dont -o json
{ echo '['
  state='"municipality":"Venlo","session_date":"2026-06-14","by_role":null,"by_name":null'
  printf '{"id":"%s","type":"note","at":"%s","session":"%s","kind":"dont","text":"Geen loket-hoppen","block":2,%s},\n' "$x1" "$AT" "$s" "$state"
  printf '{"id":"%s","type":"note","at":"%s","session":"%s","kind":"dont","text":"Niet alleen toetsen","block":2,%s}\n' "$x2" "$AT" "$s" "$state"
  echo ']'
} >"$T/want"
same "$T/.out" "$T/want" "json: one array of the records with their state, no closure"

run wl-note list -k question -o jsonl
{ line 1; rec "$ans"; rec "$q1"; } >"$T/want"
same "$T/.out" "$T/want" "jsonl: session, then the participant, then the note"
run wl-note list -k question
same "$T/.out" "$T/want" "into a pipe the default is jsonl"

run wl-note list -k expectation -o tsv
printf 'id\tkind\tblock\tby\ttags\ttext\n' >"$T/want"
same "$T/.out" "$T/want" "nothing found: tsv is the header alone"
run wl-note list -k expectation -o json
is "$out" "[]" "nothing found: json is []"
run wl-note list -k expectation -o jsonl
is "$rc:$out:$err" "0::" "nothing found: jsonl is empty, exit 0"

# --- list: filters --------------------------------------------------------------

ids() { cut -f 1 "$T/.out" | sed 1d | tr '\n' ' '; }
run wl-note list -o tsv
is "$(ids)" "$d1 $d2 $x1 $x2 $q1 $i1 $quote " "no filter: every live note of the session, in journal order"
run wl-note list -k do -o tsv
is "$(ids)" "$d1 $d2 " "-k do"
run wl-note list -b 2 -o tsv
is "$(ids)" "$d1 $d2 $x1 $x2 " "-b 2"
run wl-note list -b 1 -k dont -o tsv
is "$(ids)" "" "-b 1 -k dont: nothing (filters combine)"
run wl-note list -t NATUUR -o tsv
is "$(ids)" "$q1 " "-t is case-insensitive"
run wl-note list -t wijk -o tsv
is "$(ids)" "$q1 " "-t wijk finds the tag Wijk"
run wl-note list -t wij -o tsv
is "$(ids)" "" "-t matches a whole tag, not a part"
run wl-note list --grep cooperatie -o tsv
is "$(ids)" "$q1 " "--grep cooperatie finds Coöperatie"
run wl-note list --grep 'WIE coöperatie' -o tsv
is "$(ids)" "$q1 " "--grep: every word, any case, any order"
run wl-note list --grep 'wie moestuin' -o tsv
is "$(ids)" "" "--grep: all words must match, not one"
run wl-note list --grep 'niet' -o tsv
is "$(ids)" "$x2 " "--grep one word"
refuses "list with an unknown kind" wl-note list -k wish
refuses "list with an operand" wl-note list extra
is "$err" "wl-note: unexpected argument 'extra' $HELP" "the stray operand's message"

# --- round trips and closure -----------------------------------------------------

wl-note list -k do | wl-note list -k do -f - >"$T/rt" 2>"$T/rt.err"
wl-note list -k do >"$T/once"
same "$T/rt" "$T/once" "list -k do | list -k do -f - is byte-identical"
is "$(cat "$T/rt.err")" "" "and silent"
head -n 1 "$T/once" >"$T/got"
line 1 >"$T/want"
same "$T/got" "$T/want" "the closure starts with the session line"

wl-note list --all >"$T/all"
run_piped "$T/all" wl-session list -o tsv
is "$rc:$err" "0:" "the --all output reads as a journal without a word on stderr"
is "$(sed 1d "$T/.out" | cut -f 1)" "$s" "and holds the session"
run_piped "$T/all" wl-note list --all -f -
is "$err" "" "list --all -f - of it: no warning"
same "$T/.out" "$T/all" "and the same bytes again"
run_piped "$T/all" wl-note list -o tsv
is "$(ids)" "$d1 $d2 $x1 $x2 $q1 $i1 $quote " "a pipe on standard input is read as the journal"
grep -c '"type":"participant"' "$T/all" >"$T/got"
echo 2 >"$T/want"
same "$T/got" "$T/want" "the closure carries the participants notes name (Ans, one Jan), not the third"
awk -v a="$ans" -v q="$q1" 'index($0, "\"id\":\"" a "\"") { pa = NR }
    index($0, "\"id\":\"" q "\"") { pq = NR }
    END { exit !(pa && pq && pa < pq) }' "$T/all"
ok $? "a participant comes before the note that names it"

# --- edit ----------------------------------------------------------------------

cp werklab.jsonl "$T/j0"
run wl-note edit "$d1" --text "Reageer snel, ook zonder antwoord"
is "$rc:$err" "0:" "edit --text"
a1=$out
like "$a1" '^[0-9a-f]{16}$' "edit prints the amend's id"
{ cat "$T/j0"
  printf '{"id":"%s","type":"amend","at":"%s","ref":"%s","set":{"text":"Reageer snel, ook zonder antwoord"}}\n' "$a1" "$AT" "$d1"
} >"$T/want"
same werklab.jsonl "$T/want" "edit appends one amend: ref and set"
run wl-note list -k do -o tsv
printf 'id\tkind\tblock\tby\ttags\ttext\n%s\tdo\t2\t\t\tReageer snel, ook zonder antwoord\n%s\tdo\t2\t\t\tWees eerlijk\n' "$d1" "$d2" >"$T/want"
same "$T/.out" "$T/want" "list shows the new text"
run wl-note list --grep zonder -o jsonl
like "$(tail -n 1 "$T/.out")" "\"text\":\"Reageer snel, ook zonder antwoord\"" "jsonl carries the folded record"

# the same text again: nothing changes
cp werklab.jsonl "$T/j0"
run wl-note edit "$d1" --text "Reageer snel, ook zonder antwoord"
is "$rc:$out" "0:" "editing to the same text exits 0 and prints no id"
is "$err" "wl-note: nothing changed in note $d1" "and says nothing changed"
same werklab.jsonl "$T/j0" "and writes nothing"

# no option: the new text comes from standard input when it is no terminal
printf 'Wees eerlijk over wat kan\n' >"$T/in"
run_piped "$T/in" wl-note edit "$(prefix "$d2" 5)"
is "$rc:$err" "0:" "edit with the text on standard input"
like "$(tail -n 1 werklab.jsonl)" "^\\{\"id\":\"$out\",\"type\":\"amend\",\"at\":\"$AT\",\"ref\":\"$d2\",\"set\":\\{\"text\":\"Wees eerlijk over wat kan\"\\}\\}\$" \
    "the trailing newline is not part of the text"
run_piped "$T/in" wl-note edit "$d2"
is "$rc:$out:$err" "0::wl-note: nothing changed in note $d2" "the same text from standard input: nothing changed"
cp werklab.jsonl "$T/j0"
run wl-note edit "$d2"
is "$rc:$out:$err" "2::wl-note: the new text is empty; nothing changed" \
    "an empty standard input is no new text"
same werklab.jsonl "$T/j0" "and writes nothing"

# other fields
run wl-note edit "$x1" -k do -b 1 -t Loket -t bellen
is "$rc:$err" "0:" "edit kind, block and tags"
like "$(tail -n 1 werklab.jsonl)" "\"ref\":\"$x1\",\"set\":\\{\"kind\":\"do\",\"block\":1,\"tags\":\\[\"Loket\",\"bellen\"\\]\\}\\}\$" \
    "one amend sets the three fields"
run wl-note list -k do -b 1 -o tsv
is "$(ids)" "$x1 " "the edited note lists with its new kind and block"
run wl-note edit "$x1" -k do -b 1
is "$rc:$err" "0:wl-note: nothing changed in note $x1" "fields already so: nothing changed"
run wl-note edit "$x1" --by jan
is "$rc:$out" "2:" "edit --by an ambiguous name: exit 2"

if command -v script >/dev/null 2>&1; then
	run wl-note add -k idea "Een moestuin met kruiden"
	ed1=$out
	unset VISUAL
	EDITOR='sed -i s/moestuin/pluktuin/' script -qec "wl-note edit $ed1" /dev/null >/dev/null 2>&1 </dev/null
	run wl-note list --grep kruiden -o tsv
	is "$(cut -f 6 "$T/.out" | sed 1d)" "Een pluktuin met kruiden" "on a terminal, edit runs \$EDITOR on the text (script)"
	cp werklab.jsonl "$T/j0"
	EDITOR=false script -qec "wl-note edit $ed1" /dev/null >/dev/null 2>&1 </dev/null
	same werklab.jsonl "$T/j0" "a failing editor changes nothing"
	wl-note rm "$ed1" >/dev/null
else
	echo "# script(1) missing: the \$EDITOR flow is not checked"
fi

refuses "edit of an unknown id" wl-note edit 0123456789abcdef --text x
is "$err" "wl-note: no note with id '0123456789abcdef'" "the unknown id's message"
refuses "edit with no id" wl-note edit --text x
refuses "edit of a non-hex id" wl-note edit notanid --text x
is "$err" "wl-note: 'notanid' is not an id: ids are hex, at least 4 characters of them" \
    "the bad id's message"
refuses "edit with a too short prefix" wl-note edit "$(echo "$d1" | cut -c 1-3)" --text x
refuses "edit of a participant as a note" wl-note edit "$ans" --text x
is "$err" "wl-note: $ans is a participant; edit takes a note" "a participant is no note"
refuses "edit to an empty text" wl-note edit "$d1" --text " "
refuses "edit to a block out of range" wl-note edit "$d1" -b 4
refuses "edit with an empty tag" wl-note edit "$d1" -t ""
refuses "edit to an unknown kind" wl-note edit "$d1" -k wish

# --- ambiguous prefixes --------------------------------------------------------

printf '{"id":"abcd000000000001","type":"note","at":"%s","session":"%s","kind":"idea","text":"Eerste"}\n' "$AT" "$s" >>werklab.jsonl
printf '{"id":"abcd000000000002","type":"note","at":"%s","session":"%s","kind":"idea","text":"Tweede"}\n' "$AT" "$s" >>werklab.jsonl
refuses "an ambiguous id prefix" wl-note edit abcd --text x
is "$err" "wl-note: id 'abcd' is ambiguous: abcd000000000001 (note), abcd000000000002 (note)" \
    "the ambiguous prefix lists the candidates"
refuses "rm of an ambiguous prefix" wl-note rm abcd0000
run wl-note edit abcd000000000002 --text "Tweede, beter"
is "$rc:$err" "0:" "the full id is not ambiguous"

# --- rm --------------------------------------------------------------------------

cp werklab.jsonl "$T/j0"
run wl-note rm "$x2" --reason "dubbel"
is "$rc:$err" "0:" "rm exits 0"
r1=$out
{ cat "$T/j0"
  printf '{"id":"%s","type":"retract","at":"%s","ref":"%s","reason":"dubbel"}\n' "$r1" "$AT" "$x2"
} >"$T/want"
same werklab.jsonl "$T/want" "rm appends a retract with its reason"
run wl-note list -k dont -o tsv
is "$(ids)" "" "the retracted note is gone from list"
run wl-note list --all -o tsv
ok "$(grep -q "$x2" "$T/.out"; [ $? -eq 1 ]; echo $?)" "and from list --all"
refuses "rm of a retracted note" wl-note rm "$x2"
is "$err" "wl-note: note '$x2' was removed (restore brings it back)" "the retracted note's message"
refuses "edit of a retracted note" wl-note edit "$x2" --text "Opnieuw"
is "$err" "wl-note: note '$x2' was removed (restore brings it back)" "edit of it says the same"
refuses "rm of an unknown id" wl-note rm 0123456789abcdef
refuses "rm with two ids" wl-note rm "$d1" "$d2"
refuses "rm of a session" wl-note rm "$s"
run wl-note rm "$i1"
like "$(tail -n 1 werklab.jsonl)" "^\\{\"id\":\"$out\",\"type\":\"retract\",\"at\":\"$AT\",\"ref\":\"$i1\"\\}\$" \
    "rm without a reason writes no reason"

# --- sessions: default, -s, --all -----------------------------------------------

s2=$(wl-session new -m Weert -d 2026-09-01 -p 3)
run wl-note add -k do "Bel terug"
w1=$out
like "$(tail -n 1 werklab.jsonl)" "\"session\":\"$s2\"" "add goes to the most recent session"
run wl-note add -s "$(prefix "$s")" -k do "Nog een do"
d3=$out
like "$(tail -n 1 werklab.jsonl)" "\"session\":\"$s\"" "add -s PREFIX goes to that session"
run wl-note list -k do -o tsv
is "$(ids)" "$w1 " "list: the most recent session by default"
run wl-note list -k do -s "$s" -o tsv
is "$(ids)" "$d1 $d2 $x1 $d3 " "list -s: that session"
run wl-note list -k do --all -o tsv
is "$(ids)" "$d1 $d2 $x1 $w1 $d3 " "list --all: every session, in journal order"
WL_SESSION=$s run wl-note list -k do -o tsv
is "$(ids)" "$d1 $d2 $x1 $d3 " "WL_SESSION picks the session"
refuses "-s and --all together" wl-note list -s "$s" --all
is "$err" "wl-note: give -s or --all, not both $HELP" "-s with --all: the message"
refuses "add to a participant's id as -s" wl-note add -s "$ans" -k do "x"

wl-note list --all -o jsonl >"$T/all"
run_piped "$T/all" wl-session list -o tsv
is "$err" "" "the closure of two sessions reads cleanly"
is "$(sed 1d "$T/.out" | cut -f 1 | tr '\n' ' ')" "$s $s2 " "and holds both sessions"
run_piped "$T/all" wl-note list --all -f -
same "$T/.out" "$T/all" "list --all round-trips byte-identically"

# --- import -----------------------------------------------------------------------

# import goes to the most recent session by default; -s picks another
cat >"$T/imp" <<EOF
{"kind":"do","text":"Maak een belafspraak"}
{"type":"note","kind":"question","text":"Wie betaalt?","tags":["geld"],"by":"$jan1","extra":{"keep":true}}
{"id":"feed000000000001","at":"2026-06-14T11:00:00Z","kind":"observation","text":"Stil"}
EOF
cp werklab.jsonl "$T/j0"
run wl-note import -s "$s" "$T/imp"
is "$rc:$err" "0:" "import of three lines"
is "$(wc -l <"$T/.out" | tr -d ' ')" 3 "import prints three ids"
m1=$(sed -n 1p "$T/.out")
m2=$(sed -n 2p "$T/.out")
is "$(sed -n 3p "$T/.out")" feed000000000001 "an id given is kept"
hdr=$(sed -n "$(($(wc -l <"$T/j0") + 1))p" werklab.jsonl)
like "$hdr" '^\{"id":"[0-9a-f]{16}","type":"group","at":"'"$AT"'","n":3,"key":"[0-9a-f]{16}"\}$' \
    "  one group of three: all or nothing"
{ cat "$T/j0"
  printf '%s\n' "$hdr"
  printf '{"id":"%s","type":"note","at":"%s","session":"%s","kind":"do","text":"Maak een belafspraak","block":2}\n' "$m1" "$AT" "$s"
  printf '{"id":"%s","type":"note","at":"%s","session":"%s","kind":"question","text":"Wie betaalt?","block":1,"by":"%s","tags":["geld"],"extra":{"keep":true}}\n' "$m2" "$AT" "$s" "$jan1"
  printf '{"id":"feed000000000001","type":"note","at":"2026-06-14T11:00:00Z","session":"%s","kind":"observation","text":"Stil"}\n' "$s"
} >"$T/want"
same werklab.jsonl "$T/want" "id, at, session, type and the CLI's block filled in; canonical order; unknown fields kept"

# re-importing the closure of a list appends nothing twice
wl-note list -s "$s" -k do -o jsonl >"$T/closure"
cp werklab.jsonl "$T/j0"
run wl-note import "$T/closure"
is "$rc:$out:$err" "0::wl-note: 6 records already in the journal: skipped" \
    "re-importing a list's closure: exit 0, nothing new, the skipped counted"
same werklab.jsonl "$T/j0" "and the journal is unchanged"
{ cat "$T/closure"; echo '{"kind":"idea","text":"Nieuw"}'; } >"$T/mixed"
run wl-note import -s "$s" "$T/mixed"
is "$rc:$err" "0:wl-note: 6 records already in the journal: skipped" "the closure plus one new line"
is "$(wc -l <"$T/.out" | tr -d ' ')" 1 "only the new line is appended"
is "$(nlines)" "$(($(wc -l <"$T/j0") + 1))" "one line more in the journal"

# standard input
printf '{"kind":"quote","text":"Mooi zo"}\n' >"$T/in"
run_piped "$T/in" wl-note import
is "$rc:$err" "0:" "import from standard input"
like "$(tail -n 1 werklab.jsonl)" "^\\{\"id\":\"$out\",\"type\":\"note\",\"at\":\"$AT\",\"session\":\"$s2\",\"kind\":\"quote\",\"text\":\"Mooi zo\"\\}\$" \
    "into the most recent session"

# a bad line anywhere: nothing at all
cat >"$T/bad" <<EOF
{"kind":"do","text":"Goed"}
{"kind":"do","text":5}
{"kind":"wish","text":"x"}
{"kind":"do",
{"kind":"do","text":"y","by":"0123456789abcdef"}
{"kind":"do","text":"z","session":"$ans"}
{"type":"nonsense","text":"z"}
{"id":"feed000000000001","kind":"do","text":"Anders"}
{"kind":"do","text":"Ook goed"}
EOF
cp werklab.jsonl "$T/j0"
run wl-note import "$T/bad"
is "$rc:$out" "2:" "an import with bad lines exits 2, prints no id"
same werklab.jsonl "$T/j0" "and appends nothing, not even the good lines"
cat >"$T/want" <<EOF
wl-note: $T/bad:2:14: 'text' must be a string
wl-note: $T/bad:3:2: unknown kind 'wish' (one of: expectation (verwachting), question (vraag), observation (observatie, waarneming), do, dont (don't), idea (idee), quote (citaat, uitspraak))
wl-note: $T/bad:4:13: unexpected end of line: incomplete JSON
wl-note: $T/bad:7:2: unknown type 'nonsense'
wl-note: $T/bad:8:2: id 'feed000000000001' is already used in the journal
wl-note: $T/bad:5:25: 'by' names no record '0123456789abcdef'
wl-note: $T/bad:6:25: 'session' names a record of type participant ('$ans'), not session
wl-note: nothing imported (7 errors)
EOF
same "$T/.err" "$T/want" "every bad line as FILE:LINE:COL, then the count"
run_piped "$T/bad" wl-note import
is "$rc:$out" "2:" "the same on standard input: exit 2"
sed "s|$T/bad|<stdin>|" "$T/want" >"$T/want2"
same "$T/.err" "$T/want2" "standard input is named <stdin>"
same werklab.jsonl "$T/j0" "and nothing appended"

printf '{"kind":"do","text":"Goed"}\n{"kind":"do","text":"Zonder einde"}' >"$T/torn"
run wl-note import "$T/torn"
is "$rc:$out" "2:" "a last line without newline is an error for import"
like "$err" "^wl-note: $T/torn:2(:[0-9]+)?: last line has no newline at the end" "and says so"
same werklab.jsonl "$T/j0" "nothing appended"

printf '{"kind":"do","text":"Een"}\n{"id":"feed000000000009","kind":"do","text":"Twee"}\n{"id":"feed000000000009","kind":"do","text":"Drie"}\n' >"$T/dup"
run wl-note import "$T/dup"
is "$rc" 2 "two lines with one id: refused"
like "$err" ":3:2: id 'feed000000000009' is already used above" "the second use of the id is the error"
same werklab.jsonl "$T/j0" "nothing appended"

printf '{"kind":"do","text":"Een"}\n{"id":"feed00000000000a","kind":"idea","text":"Idee"}\n{"type":"retract","ref":"feed00000000000a"}\n' >"$T/fwd"
run wl-note import "$T/fwd"
is "$rc:$err" "0:" "a line may refer to a line above it in the same import"
run wl-note list -k idea -o tsv
ok "$(grep -q feed00000000000a "$T/.out"; [ $? -eq 1 ]; echo $?)" "and the retract of it holds"

refuses "import of a missing file" wl-note import "$T/nonexistent"
refuses "import of two files" wl-note import "$T/imp" "$T/imp"
refuses "import into an unknown session" wl-note import -s ffff "$T/imp"

# --- a session with one block ----------------------------------------------------

printf '{"id":"beef000000000001","type":"session","at":"%s","municipality":"Echt","date":"2026-10-01","blocks":[{"n":1,"title":"Alles"}]}\n' "$AT" >>werklab.jsonl
refuses "a do (block 2 by default) in a session with one block" wl-note add -k do "Iets"
is "$err" "wl-note: block 2 is not in its session (it has blocks 1 to 1) $HELP" \
    "the session's own blocks count"
run wl-note add -k question "Past in blok 1"
is "$rc:$err" "0:" "a question (block 1) fits"
refuses "moving a note of that session to block 2" wl-note edit "$out" -b 2

# --- batches ---------------------------------------------------------------

# an import input that ends in a batch cut short is refused, as a torn
# line is: nothing of it goes in
printf '{"id":"0123456789abcdef","type":"group","at":"%s","n":3,"key":"0123456789abcdef"}\n{"kind":"idea","text":"a"}\n{"kind":"idea","text":"b"}' "$AT" >"$T/cut.jsonl"
refuses "an import of a batch cut short" wl-note import "$T/cut.jsonl"
is "$err" "wl-note: $T/cut.jsonl:3: last line has no newline at the end" "  saying where"
# whole, its header is no record: two notes
printf '\n' >>"$T/cut.jsonl"
run wl-note import "$T/cut.jsonl"
is "$rc:$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "0:2" "the same batch whole: two notes imported"

done_testing
