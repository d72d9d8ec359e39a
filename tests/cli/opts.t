#!/bin/sh
# opts.t - options and messages that never lose what the facilitator
# meant: an option given twice, endorse --by more than once, -- before
# a text, the exit status when the ids cannot be printed, and the
# messages that say what went wrong (dates, enums, blocks, an empty
# pipe taken for the journal).  One test per slip, as it is typed.
. "$(dirname "$0")/lib.sh"

nlines() { wc -l <werklab.jsonl | tr -d ' '; }
# text N: the "text" of the journal's line N
text() { sed -n "$1p" werklab.jsonl | sed 's/.*"text":"\([^"]*\)".*/\1/'; }

s=$(wl-session new -m Venlo -d 2026-06-14 -p 1)
ans=$(wl-session join -r initiator -n "Ans Coenen")
bob=$(wl-session join -r civil-servant -n "Bob de Vries")
wl-session join -r manager -n "Cor" >/dev/null
a=$(wl-advice add -p organisation "Eén vast aanspreekpunt")
like "$s$ans$bob$a" '^[0-9a-f]{64}$' "a session, people and an advice"

# --- 1. an option given twice ----------------------------------------------

refuses "wl-note add -k do -k dont" wl-note add -k do -k dont "Bel terug"
is "$err" "wl-note: -k given twice (do, dont); give it once" "  names the option and both values"
refuses "wl-note add --kind do --kind dont" wl-note add --kind do --kind=dont "Bel terug"
is "$err" "wl-note: --kind given twice (do, dont); give it once" "  named as it was typed"
refuses "wl-note add -b twice" wl-note add -k do -b 1 -b 2 "Bel terug"
is "$err" "wl-note: -b given twice (1, 2); give it once" "  -b"
s6=$(printf '%s' "$s" | cut -c1-6)
refuses "wl-note add -s twice, even naming the same session" wl-note add -k do -s "$s" -s "$s6" "Bel terug"
is "$err" "wl-note: -s given twice ($s, $s6); give it once" "  -s"
refuses "wl-note list -t twice (a filter, not a list)" wl-note list -t a -t b
is "$err" "wl-note: -t given twice (a, b); give it once" "  -t of list"
refuses "wl-advice add -p twice" wl-advice add -p self -p organisation "Iets"
is "$err" "wl-advice: -p given twice (self, organisation); give it once" "  -p"
refuses "wl-advice agree --owner twice" wl-advice agree --owner Ans --owner Bob "Bellen"
is "$err" "wl-advice: --owner given twice (Ans, Bob); give it once" "  --owner"
refuses "wl-advice agree --due twice" wl-advice agree --due 2026-07-01 --due 2026-08-01 "Bellen"
is "$err" "wl-advice: --due given twice (2026-07-01, 2026-08-01); give it once" "  --due"
refuses "wl-advice endorse --stance twice" wl-advice endorse "$a" --by Cor --stance endorse --stance object
is "$err" "wl-advice: --stance given twice (endorse, object); give it once" "  --stance"
refuses "wl-session new -p twice" wl-session new -m Venlo -d 2026-06-15 -p 1 -p 2
is "$err" "wl-session: -p given twice (1, 2); give it once" "  -p of new"
refuses "wl-session join -n twice" wl-session join -r other -n Ans -n Bob
is "$err" "wl-session: -n given twice (Ans, Bob); give it once" "  -n"
refuses "-o twice, before and after the verb" wl-note -o tsv list -o csv
is "$err" "wl-note: -o given twice (tsv, csv); give it once" "  -o, a common option"
refuses "--max-errors twice" wl-report check --max-errors 3 --max-errors 5
is "$err" "wl-report: --max-errors given twice (3, 5); give it once" "  --max-errors"
refuses "wl-report --lang twice" wl-report --lang nl --lang en
is "$err" "wl-report: --lang given twice (nl, en); give it once" "  --lang"
refuses "a writer's -f twice" wl-note add -f werklab.jsonl -f werklab.jsonl -k do "Iets"
like "$err" "writes to one journal; give one -f" "  a writer's -f: one journal"

# What is meant to repeat, repeats.
run wl-note add -k idea -t a -t b "Twee tags"
is "$rc" 0 "-t twice on add: two tags"
like "$(tail -n 1 werklab.jsonl)" '"tags":\["a","b"\]' "  both kept"
run wl-note list -f werklab.jsonl -f werklab.jsonl --all -o tsv -k idea
is "$rc" 0 "-f twice on a reader: two journals read as one"
run wl-session new -f other.jsonl -m Horst -d 2026-06-20 --facilitator Eva --facilitator Ruud
is "$rc" 0 "--facilitator twice"
like "$(cat other.jsonl)" '"facilitators":\["Eva","Ruud"\]' "  both kept"
run wl-advice list --open --open
is "$rc" 0 "a flag given twice changes nothing and passes"

# --- 2. endorse --by A --by B ----------------------------------------------

n0=$(nlines)
refuses "endorse with one name that is nobody" wl-advice endorse "$a" --by "Ans Coenen" --by Nobody
like "$err" "Nobody" "  names who is unknown"
is "$(nlines)" "$n0" "  no endorsement at all written"
refuses "endorse naming the same person twice" wl-advice endorse "$a" --by "Ans Coenen" --by "ans coenen"
is "$err" "wl-advice: --by 'Ans Coenen' and --by 'ans coenen' are the same person ($ans); give each person once" \
    "  says who"
run wl-advice endorse "$a" --by "Ans Coenen" --by "Bob de Vries" --by Cor --stance reservations --reason "Mits op tijd"
is "$rc" 0 "endorse --by three people"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3 "  three ids printed"
is "$(nlines)" $((n0 + 4)) "  three endorsements appended, after their batch's header"
ids=$(tail -n 3 werklab.jsonl | sed 's/^{"id":"\([0-9a-f]*\)".*/\1/')
is "$ids" "$out" "  the ids printed are the records appended, in order"
is "$(tail -n 3 werklab.jsonl | grep -c "\"ref\":\"$a\",\"by\":\"[0-9a-f]*\",\"stance\":\"reservations\",\"reason\":\"Mits op tijd\"")" 3 \
    "  each with the stance and reason given"
like "$(tail -n 3 werklab.jsonl | tr '\n' ' ')" "\"by\":\"$ans\".*\"by\":\"$bob\"" "  Ans, then Bob"
run wl-advice list -o tsv
like "$out" "	3	" "the advice counts three endorsements"
if command -v strace >/dev/null 2>&1 &&
    printf 'x\n' | strace -o /dev/null true 2>/dev/null; then
	n0=$(nlines)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -o "$T/trace" -e trace=fsync,fdatasync \
	    wl-advice endorse "$a" --by "Ans Coenen" --by Cor >/dev/null 2>&1
	is "$(nlines)" $((n0 + 3)) "endorse --by twice under strace: two endorsements and a header"
	is "$(grep -c 'fsync\|fdatasync' "$T/trace")" 1 "  in one write: one fsync"
else
	skip 2 "no strace"
fi

# --- 3. -- ends the options --------------------------------------------------

run wl-note add -k do -- --help
is "$rc" 0 "wl-note add -k do -- --help records"
is "$(text "$(nlines)")" "--help" "  the text --help"
cp werklab.jsonl "$T/j"
run wl-note add -k do --help
is "$rc" 0 "wl-note add -k do --help: still the help"
like "$out" "^usage: wl-note add" "  prints the usage"
same werklab.jsonl "$T/j" "  and writes nothing"
refuses "a text that starts with - and is no option" wl-note add -k do -5 graden buiten
is "$err" "wl-note: '-5' is no option of add; to record it as text, put -- before it" \
    "  says to put -- before it"
refuses "  a long one" wl-note add -k do --zo-snel-mogelijk
is "$err" "wl-note: '--zo-snel-mogelijk' is no option of add; to record it as text, put -- before it" \
    "  the whole word"
refuses "  letters together" wl-note add -k do -xyz
is "$err" "wl-note: '-xyz' is no option of add; to record it as text, put -- before it" \
    "  the whole word, not only its first letter"
run wl-note add -k do -- -5 graden buiten
is "$(text "$(nlines)")" "-5 graden buiten" "with --: the text -5 graden buiten"
run wl-note add -k do Bel -- -s morgen
is "$(text "$(nlines)")" "Bel -s morgen" "-- after a word: what follows is text, -s too"
run env POSIXLY_CORRECT=1 wl-note add -k do Bel -t x
like "$(tail -n 1 werklab.jsonl)" '"text":"Bel","block":2,"tags":\["x"\]' \
    "POSIXLY_CORRECT: options after the text are still options"
refuses "advice add: the same hint" wl-advice add -p self -x
is "$err" "wl-advice: '-x' is no option of add; to record it as text, put -- before it" "  add of advice"
refuses "agree: the same hint" wl-advice agree -x
is "$err" "wl-advice: '-x' is no option of agree; to record it as text, put -- before it" "  agree"
run wl-advice agree -- -x
is "$(text "$(nlines)")" "-x" "agree -- -x records -x"
refuses "list: no text, so no hint" wl-note list -x
is "$err" "wl-note: unknown option '-x' (see 'wl-note --help')" "  the usual message"

# --- 4. the exit status tells whether the journal holds the records ---------

UNSHOWN="warning: the journal holds what was written, but printing it failed"
n0=$(nlines)
run sh -c 'exec wl-note add -k idea "Volle schijf" >/dev/full'
is "$rc" 3 ">/dev/full: exit 3"
like "$err" "^wl-note: $UNSHOWN \(No space left on device\); do not write it again$" "  the warning says so"
is "$(grep -c '"text":"Volle schijf"' werklab.jsonl)" 1 "  the record is there, once"
is "$(nlines)" $((n0 + 1)) "  and nothing else"
run sh -c 'exec wl-note add -k idea "Dicht" >&-'
is "$rc" 3 ">&-: exit 3"
like "$err" "^wl-note: $UNSHOWN \(Bad file descriptor\)" "  the warning says so"
is "$(grep -c '"text":"Dicht"' werklab.jsonl)" 1 "  the record is there, once"
is "$(nlines)" $((n0 + 2)) "  and no id in the journal"
# A pipe whose reader is gone: the read end opened and closed again,
# no race with a process that exits.
mkfifo "$T/fifo"
run sh -c 'exec 3<>"$1"; exec 4>"$1"; exec 3<&-; exec wl-note add -k idea "Pijp" >&4' sh "$T/fifo"
is "$rc" 3 "a closed pipe: exit 3, not death by SIGPIPE"
like "$err" "^wl-note: $UNSHOWN \(Broken pipe\)" "  the warning says so"
is "$(grep -c '"text":"Pijp"' werklab.jsonl)" 1 "  the record is there, once"
run sh -c 'exec 3<>"$1"; exec 4>"$1"; exec 3<&-; exec wl-advice endorse "$2" --by Cor -o jsonl >&4' sh "$T/fifo" "$a"
is "$rc" 3 "  endorse -o jsonl into it: exit 3 too"
run sh -c 'exec wl-session redact Cor --yes >/dev/full'
is "$rc" 3 "redact >/dev/full: exit 3 (the journal is redacted)"
like "$err" "$UNSHOWN" "  the same warning"
like "$(tail -n 1 werklab.jsonl)" '"type":"redaction"' "  the redaction is there"
# Refused is 2, and then the journal is as it was.
cp werklab.jsonl "$T/j"
run sh -c 'exec wl-note add -k wish "Niets" >/dev/full'
is "$rc" 2 "refused with stdout full: 2"
same werklab.jsonl "$T/j" "  journal unchanged"
# Readers keep their status.
run sh -c 'exec wl-note list >/dev/full'
is "$rc" 2 "a reader that cannot write its list: 2, as before"
like "$err" "cannot write to standard output" "  and says so"
# A closed stderr: the message goes nowhere, never into the journal.
run sh -c 'exec wl-note add -k do -s zzzz "Iets" 2>&-'
is "$rc" 2 "a refused writer with stderr closed: 2"
same werklab.jsonl "$T/j" "  its message did not land in the journal"
run sh -c 'exec wl-note add -k idea "Zonder stderr" 2>&-'
is "$rc" 0 "a writer with stderr closed writes"
run wl-report check
is "$rc" 0 "  and the journal is clean"

# --- 5. messages ---------------------------------------------------------------

# An empty pipe taken for the journal.
: >"$T/empty"
run_piped "$T/empty" wl-report
is "$rc" 2 "wl-report reading an empty pipe: 2"
is "$err" "wl-report: read the journal from standard input (a pipe) and found no records; give -f FILE or WL_JOURNAL" \
    "  says where it looked"
run_piped "$T/empty" wl-note list --all
is "$err" "wl-note: read the journal from standard input (a pipe) and found no records; give -f FILE or WL_JOURNAL" \
    "  list --all too"
WL_JOURNAL=werklab.jsonl run_piped "$T/empty" wl-note list --all
is "$err" "wl-note: read the journal from standard input (a pipe) and found no records; give -f FILE (a pipe comes before WL_JOURNAL)" \
    "  with WL_JOURNAL set: that the pipe came first"
run_piped "$T/empty" wl-report -f werklab.jsonl --charts none
is "$rc" 0 "with -f the pipe is not read"

# Dates.
refuses "--due 2026-11-31" wl-advice agree --due 2026-11-31 "Bellen"
is "$err" "wl-advice: 2026-11-31 does not exist: November 2026 has 30 days" "  does not exist"
refuses "-d 2027-02-29" wl-session new -m Venlo -d 2027-02-29
is "$err" "wl-session: 2027-02-29 does not exist: February 2027 has 28 days" "  not a leap year"
refuses "--due 2026-13-01" wl-advice agree --due 2026-13-01 "Bellen"
is "$err" "wl-advice: 2026-13-01 does not exist: months go from 01 to 12" "  no such month"
g=$(wl-advice agree "Bellen")
refuses "edit --due 2026-06-31" wl-advice edit "$g" --due 2026-06-31
is "$err" "wl-advice: 2026-06-31 does not exist: June 2026 has 30 days" "  edit's --due too"
refuses "--due 1-7-2026" wl-advice agree --due 1-7-2026 "Bellen"
is "$err" "wl-advice: '1-7-2026' is not a date like 2026-06-14 (see 'wl-advice --help')" \
    "  a malformed date keeps its message"

# A value that is a flag, and near misses.
refuses "--status open" wl-advice list --status open
is "$err" "wl-advice: 'open' is not a status of advice; did you mean --open? (see 'wl-advice --help')" \
    "  did you mean --open?"
refuses "-k dos" wl-note add -k dos "Iets"
is "$err" "wl-note: unknown kind 'dos' (one of: expectation (verwachting), question (vraag), observation (observatie, waarneming), do, dont (don't), idea (idee), quote (citaat, uitspraak)); did you mean do? (see 'wl-note --help')" \
    "  did you mean do?"
# case and the words of share/lang are folded in, as wl(7) says
run wl-note add -k "don't" "Iets"
is "$rc:$err" "0:" "-k \"don't\": the word of dont"
like "$(tail -n 1 werklab.jsonl)" '"kind":"dont","text":"Iets"' "  stored as dont"
run wl-note list -k Idea -o tsv
is "$rc:$err" "0:" "-k Idea: case aside"
refuses "-p organization" wl-advice add -p organization "Iets"
like "$err" "unknown perspective 'organization' .*; did you mean organisation\?" "  did you mean organisation?"
refuses "-r initiater" wl-session join -r initiater
like "$err" "; did you mean initiator\?" "  did you mean initiator?"
refuses "--stance reservation" wl-advice endorse "$a" --by Cor --stance reservation
like "$err" "; did you mean reservations\?" "  did you mean reservations?"
refuses "status adoptd" wl-advice status "$a" adoptd
like "$err" "; did you mean adopted\?" "  did you mean adopted?"
refuses "the status of an advice that fits agreements" wl-advice status "$a" dne
is "$err" "wl-advice: unknown status 'dne' (one of: presented (voorgelegd), adopted (overgenomen), rejected (afgewezen), implemented (uitgevoerd), done (gedaan), dropped (vervallen)); did you mean done? (see 'wl-advice --help')" \
    "  near a status"
refuses "-o jsnol" wl-note list -o jsnol
like "$err" "; did you mean jsonl\?" "  did you mean jsonl?"
refuses "--charts mermiad" wl-report --charts mermiad
like "$err" "; did you mean mermaid\?" "  did you mean mermaid?"
refuses "-k xyzzy: nothing near" wl-note add -k xyzzy "Iets"
is "$err" "wl-note: unknown kind 'xyzzy' (one of: expectation (verwachting), question (vraag), observation (observatie, waarneming), do, dont (don't), idea (idee), quote (citaat, uitspraak)) (see 'wl-note --help')" \
    "  no guess when nothing is near"
# the Dutch words are near misses too: the hint is the word typed near
refuses "-k verwachtin" wl-note add -k verwachtin "Iets"
is "$err" "wl-note: unknown kind 'verwachtin' (one of: expectation (verwachting), question (vraag), observation (observatie, waarneming), do, dont (don't), idea (idee), quote (citaat, uitspraak)); did you mean verwachting? (see 'wl-note --help')" \
    "  did you mean verwachting? (the Dutch word, not expectation)"
refuses "-k Waarnemin" wl-note add -k Waarnemin "Iets"
like "$err" "; did you mean waarneming\? \(see" "  the second word of a value, case aside"
refuses "-r ambtenar" wl-session join -r ambtenar -n "Dirk"
like "$err" "; did you mean ambtenaar\? \(see" "  a role's word"
refuses "--stance bezwar" wl-advice endorse "$a" --by Cor --stance bezwar
like "$err" "; did you mean bezwaar\? \(see" "  a stance's word"
refuses "status overgenomn" wl-advice status "$a" overgenomn
like "$err" "; did you mean overgenomen\? \(see" "  a status's word"
refuses "-p colegas" wl-advice add -p colegas "Iets"
like "$err" "; did you mean collega's\? \(see" "  shown as the language file writes it"
refuses "-k ide: idea and idee are one value" wl-note add -k ide "Iets"
like "$err" "; did you mean idea\? \(see" "  one value near twice is no tie"
refuses "--stance stuen" wl-advice endorse "$a" --by Cor --stance stuen
is "$err" "wl-advice: unknown stance 'stuen' (one of: endorse (steun, eens), reservations (bedenkingen, steun met bedenkingen), object (bezwaar)); did you mean steun? (see 'wl-advice --help')" \
    "  stuen is steun swapped"

# List filters are checked as add checks them.
refuses "wl-note add -b 5" wl-note add -k do -b 5 "Iets"
add_err=$err
refuses "wl-note list -b 5 in a session of 3 blocks" wl-note list -b 5
is "$err" "$add_err" "  the same message as add"
is "$err" "wl-note: block 5 is not in its session (it has blocks 1 to 3) (see 'wl-note --help')" \
    "  which is the rule's"
run wl-note list -b 3 -o tsv
is "$rc" 0 "list -b 3 of 3 blocks passes"
refuses "wl-note list -k wish" wl-note list -k wish
like "$err" "unknown kind 'wish'" "  an unknown kind is refused, not an empty list"

done_testing
