#!/bin/sh
# The journal's reading rules of wl-journal(5) through wl-session: torn and
# blank lines, bad lines, standard input, several -f, WL_JOURNAL,
# unknown types; and how a writer treats a torn tail.
. "$(dirname "$0")/lib.sh"

AT=2026-06-14T09:30:00Z
S1=1111aaaa00000001
S2=2222bbbb00000002
P1=3333cccc00000003
P2=4444dddd00000004
L_S1="{\"id\":\"$S1\",\"type\":\"session\",\"at\":\"$AT\",\"municipality\":\"Roermond\",\"date\":\"2026-06-14\",\"pilot\":1}"
L_S2="{\"id\":\"$S2\",\"type\":\"session\",\"at\":\"$AT\",\"municipality\":\"Venlo\",\"date\":\"2026-06-21\",\"pilot\":2}"
L_P1="{\"id\":\"$P1\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$S1\",\"role\":\"initiator\",\"name\":\"Anna\",\"consent\":true}"
L_P2="{\"id\":\"$P2\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$S2\",\"role\":\"manager\",\"consent\":false}"
HEAD="$(printf 'id\tdate\tmunicipality\tpilot\ttitle')"
ROW1="$(printf '%s\t2026-06-14\tRoermond\t1\t' "$S1")"
ROW2="$(printf '%s\t2026-06-21\tVenlo\t2\t' "$S2")"
PHEAD="$(printf 'id\trole\tname\torg\tconsent')"
PROW1="$(printf '%s\tinitiator\tAnna\t\tyes' "$P1")"
PROW2="$(printf '%s\tmanager\t\t\tno' "$P2")"
printf '%s\n' "$L_S1" "$L_P1" >a.jsonl
printf '%s\n' "$L_S2" "$L_P2" >b.jsonl
cat a.jsonl b.jsonl >good.jsonl

# --- a torn final line ----------------------------------------------------

cp good.jsonl werklab.jsonl
printf '{"id":"5555eeee00000005","type":"partici' >>werklab.jsonl
cp werklab.jsonl "$T/torn"
run wl-session list -o tsv
is "$rc" 0 "a torn final line: list exits 0"
is "$out" "$HEAD
$ROW1
$ROW2" "  and lists the complete lines"
is "$err" "wl-session: werklab.jsonl:5: warning: last line is incomplete (40 bytes with no newline at the end, as a crashed writer leaves them): skipped; 'wl-report check --repair' moves them aside" \
    "  with one warning naming the line"
same werklab.jsonl "$T/torn" "  a reader leaves the journal alone"
printf '%s\n%s' "$L_S1" "$L_P1" >werklab.jsonl
run wl-session people -o tsv
is "$rc:$out" "0:$PHEAD" "a complete record without its newline is torn too: skipped"
is "$err" "wl-session: werklab.jsonl:2: warning: last line is incomplete (151 bytes with no newline at the end, as a crashed writer leaves them): skipped; 'wl-report check --repair' moves them aside" \
    "  with one warning"

# --- blank lines ----------------------------------------------------------

printf '%s\n\n%s\n' "$L_S1" "$L_P1" >werklab.jsonl
run wl-session people -o tsv
is "$rc:$out" "0:$PHEAD
$PROW1" "a blank line is skipped"
is "$err" "wl-session: werklab.jsonl:2: warning: blank line skipped ('wl-report check --repair' drops it)" "  with one warning naming the line"

# --- bad lines ------------------------------------------------------------

printf '%s\n%s\n%s\n' "$L_S1" '{"type":"participant","id":"5555eeee00000005"' "$L_P1" >werklab.jsonl
refuses "a journal with an invalid line in the middle" wl-session list -o tsv
is "$err" "wl-session: werklab.jsonl:2:45: unexpected end of line: incomplete JSON" \
    "  as FILE:LINE:COL: message"
refuses "people on that journal" wl-session people
refuses "join on that journal" wl-session join -r other
is "$err" "wl-session: werklab.jsonl:2:45: unexpected end of line: incomplete JSON" \
    "  a writer says where too"

# A record cut off in the middle (a torn tail a merge put there) is a
# torn fragment: skipped with a warning, not the journal refused.
printf '%s\n%s\n%s\n' "$L_S1" '{"id":"5555eeee00000005","type":"participant"' "$L_P1" >werklab.jsonl
run wl-session list -o tsv
is "$rc:$out" "0:$HEAD
$ROW1" "a torn fragment in the middle: skipped"
is "$err" "wl-session: werklab.jsonl:2: warning: a torn fragment of a record (45 bytes, cut off as a crashed writer leaves them, here after a merge): skipped; 'wl-report check --repair' moves it to werklab.jsonl.torn-..." \
    "  with a warning naming its line"

printf '%s\n%s\n' "$L_S1" "{\"id\":\"5555eeee00000005\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$S1\",\"role\":\"boss\"}" >werklab.jsonl
refuses "an unknown role in the journal" wl-session list
like "$err" "^wl-session: werklab\\.jsonl:2:[0-9]+: .*boss" "  located, naming the value"

printf '%s\n%s\n%s\n%s\n' "$L_S1" '{"xx":"zz"' "$L_P1" '{"id":"6666ffff00000006","type":"session","at":"2026-06-14T09:30:00Z","date":"2026-06-14"}' >werklab.jsonl
cp werklab.jsonl "$T/bad2"
run wl-session list -o tsv
is "$rc:$out" "2:" "two bad lines: exit 2, nothing on stdout"
is "$err" "wl-session: werklab.jsonl:2:10: unexpected end of line: incomplete JSON
wl-session: werklab.jsonl:4:1: missing required field 'municipality' (type session)
wl-session: 2 errors in the journal" "  both are reported, then a count"
run wl-session list --max-errors 1
is "$rc:$out" "2:" "--max-errors 1: still exit 2"
is "$err" "wl-session: werklab.jsonl:2:10: unexpected end of line: incomplete JSON
wl-session: 2 errors in the journal (not all shown; see --max-errors)" \
    "  one error shown, and the count says more exist"
run wl-session join -r other
is "$rc:$out" "2:" "join refuses a journal with bad lines"
same werklab.jsonl "$T/bad2" "  and leaves it as it was"

printf '%s\n' "$L_S1" "$L_S1" "$L_P1" >werklab.jsonl
run wl-session people -o tsv
is "$rc:$out" "0:$PHEAD
$PROW1" "a line repeated whole (union merge) is read once"
is "$err" "wl-session: werklab.jsonl:2: warning: the same record as line 1 again, read once ('wl-report check --repair' drops it)" \
    "  with a warning"
printf '%s\n' "$L_S1" "$L_S2" | sed "2s/$S2/$S1/" >werklab.jsonl
refuses "two records with one id" wl-session list
is "$err" "wl-session: werklab.jsonl:2:2: id '$S1' is already used at line 1" "  names both places"

printf '%s\n' "$L_S1" >werklab.jsonl
printf '\357\273\277%s\n' "$L_P1" >>werklab.jsonl
refuses "a byte order mark" wl-session list
printf '%s\r\n' "$L_S1" >werklab.jsonl
refuses "CR LF line ends" wl-session list
printf '{"id":"%s","type":"session","at":"%s","municipality":"R\377","date":"2026-06-14"}\n' "$S1" "$AT" >werklab.jsonl
refuses "invalid UTF-8 in the journal" wl-session list
is "$err" "wl-session: werklab.jsonl:1:88: invalid UTF-8" "  located to the character"
printf '{"id":"%s","type":"session","at":"%s","municipality":"R","municipality":"V","date":"2026-06-14"}\n' "$S1" "$AT" >werklab.jsonl
refuses "a duplicate key" wl-session list
printf '{"id":"%s","type":"session","at":"%s","municipality":"R","date":"2026-06-31"}\n' "$S1" "$AT" >werklab.jsonl
refuses "a bad date in the journal" wl-session list

# --- standard input -------------------------------------------------------

rm -f werklab.jsonl
run_piped good.jsonl wl-session list -o tsv
is "$rc:$err" "0:" "a pipe on standard input is read as the journal"
is "$out" "$HEAD
$ROW1
$ROW2" "  with no werklab.jsonl around"
printf '%s\n' "$L_S1" >werklab.jsonl
run_piped b.jsonl wl-session people -o tsv
is "$out" "$PHEAD
$PROW2" "a pipe wins over ./werklab.jsonl"
wl-session list -o tsv -f - <good.jsonl >"$T/got" 2>"$T/err"
printf '%s\n' "$HEAD" "$ROW1" "$ROW2" >"$T/want"
same "$T/got" "$T/want" "-f - reads a file redirected to standard input"
printf 'nope\n' >"$T/nope"
run_piped "$T/nope" wl-session list
is "$rc:$out" "2:" "a bad line on standard input: exit 2"
like "$err" '^wl-session: <stdin>:1:[0-9]+: ' "  messages name <stdin>"
run_piped good.jsonl wl-session show -o tsv -s "$S1"
like "$out" "participants	1 \\(initiator 1\\)" "show reads a pipe too"
run_piped good.jsonl wl-session list
printf '%s\n' "$L_S1" "$L_S2" >"$T/want"
same "$T/.out" "$T/want" "list of a piped journal, into a pipe: its sessions as jsonl"

# --- several -f, WL_JOURNAL ---------------------------------------------

rm -f werklab.jsonl
run wl-session list -o tsv -f a.jsonl -f b.jsonl
is "$out" "$HEAD
$ROW1
$ROW2" "several -f are read as one journal, in order"
run wl-session list -o tsv -f b.jsonl -f a.jsonl
is "$out" "$HEAD
$ROW1
$ROW2" "  in the order of records (\"at\", then id), whatever the order given"
run wl-session show -o tsv -f a.jsonl -f b.jsonl
like "$out" "^field	value
id	$S2" "  the latest session is the last file's"
run wl-session show -o tsv -f b.jsonl -f a.jsonl
like "$out" "^field	value
id	$S1" "  (and the other way round)"
printf '%s\n' "{\"id\":\"7777000000000007\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$S1\",\"role\":\"other\",\"consent\":false}" >c.jsonl
run wl-session people -o tsv -s "$S1" -f a.jsonl -f c.jsonl
is "$out" "$PHEAD
$PROW1
$(printf '7777000000000007\tother\t\t\tno')" "a later file's records join an earlier file's session"
run wl-session list -f a.jsonl -f a.jsonl -o tsv
is "$rc:$out" "0:$HEAD
$ROW1" "the same file twice: its records are read once"
run wl-session list -o tsv -f a.jsonl -f nothere.jsonl
is "$rc:$out:$err" "2::wl-session: nothere.jsonl: cannot open: No such file or directory" \
    "a missing one of several -f is an error"

run env WL_JOURNAL=b.jsonl wl-session list -o tsv
is "$out" "$HEAD
$ROW2" "WL_JOURNAL names the journal"
run env WL_JOURNAL=b.jsonl wl-session list -o tsv -f a.jsonl
is "$out" "$HEAD
$ROW1" "-f wins over WL_JOURNAL"
run env WL_JOURNAL=env.jsonl wl-session new -m Echt -d 2026-07-01
is "$rc" 0 "new with WL_JOURNAL"
is "$(cut -c 8-23 env.jsonl)" "$out" "  creates the journal WL_JOURNAL names"
is "$(stat -c %a env.jsonl)" 600 "  with mode 0600"
[ ! -e werklab.jsonl ]
ok $? "  and no ./werklab.jsonl"
run env WL_JOURNAL=env.jsonl wl-session join -r other
is "$(wc -l <env.jsonl)" 2 "join appends to the WL_JOURNAL journal"
run env WL_JOURNAL= wl-session join -r other
is "$rc:$out" "2:" "an empty WL_JOURNAL means ./werklab.jsonl (absent here)"

# --- unknown record types -------------------------------------------------

L_U1="{\"id\":\"8888000000000008\",\"type\":\"poll\",\"at\":\"$AT\",\"session\":\"$S2\",\"question\":\"Koffie?\"}"
L_U2="{\"id\":\"9999000000000009\",\"type\":\"weather\",\"at\":\"$AT\",\"sky\":\"grijs\"}"
printf '%s\n' "$L_S1" "$L_U2" "$L_S2" "$L_U1" >werklab.jsonl
run wl-session list -o tsv
is "$rc:$err" "0:" "unknown types: list is silent and content"
is "$out" "$HEAD
$ROW1
$ROW2" "  tsv lists the sessions"
run wl-session list -o jsonl
printf '%s\n' "$L_S1" "$L_S2" "$L_U1" "$L_U2" >"$T/want"
same "$T/.out" "$T/want" "  jsonl passes unknown records through, unchanged, in the order of records (one time: by id)"
run wl-session list -o jsonl --municipality roermond
printf '%s\n' "$L_S1" "$L_U2" >"$T/want"
same "$T/.out" "$T/want" "  a record of a filtered-out session does not pass"
run wl-session people -o tsv -s "$S2"
is "$rc:$out:$err" "0:$PHEAD:" "people ignores unknown records"
printf '%s\n' "{\"id\":\"$S1\",\"type\":\"session\",\"at\":\"$AT\",\"municipality\":\"Roermond\",\"date\":\"2026-06-14\",\"pilot\":1,\"room\":\"B2\",\"extra\":{\"z\":1,\"a\":[true,null]}}" >werklab.jsonl
run wl-session list -o jsonl
same "$T/.out" werklab.jsonl "unknown fields are kept, in their order"

# --- a writer and a torn tail ---------------------------------------------

cp good.jsonl werklab.jsonl
printf '{"id":"5555eeee00000005","type":"parti' >>werklab.jsonl
run wl-session join -r other -s "$S1"
is "$rc" 0 "join on a torn journal exits 0"
p=$out
like "$p" '^[0-9a-f]{16}$' "  and prints the id"
printf '{"id":"5555eeee00000005","type":"parti' >"$T/frag"
same werklab.jsonl.torn-20260614T093000Z "$T/frag" "  the fragment is saved to werklab.jsonl.torn-TIMESTAMP, exactly"
is "$(stat -c %a werklab.jsonl.torn-20260614T093000Z)" 600 "  with mode 0600 (it may hold personal data)"
{ cat good.jsonl; printf '%s\n' "{\"id\":\"$p\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$S1\",\"role\":\"other\",\"consent\":false}"; } >"$T/want"
same werklab.jsonl "$T/want" "  the fragment is cut off and a clean line appended"
printf '%s\n' "$err" | grep -Fqx "wl-session: werklab.jsonl: warning: the last line was incomplete (a writer was interrupted): its 38 bytes were moved to werklab.jsonl.torn-20260614T093000Z"
ok $? "  a warning says where the bytes went"
is "$(printf '%s\n' "$err" | grep -vc warning)" 0 "  stderr holds warnings only"
run wl-session people -o tsv -s "$S1"
is "$rc:$err" "0:" "the repaired journal reads cleanly"

# a second torn tail at the same clock: another name, nothing overwritten
printf 'x' >>werklab.jsonl
run wl-session join -r other -s "$S1"
is "$rc" 0 "a second torn tail at the same time"
printf 'x' >"$T/frag2"
same werklab.jsonl.torn-20260614T093000Z-1 "$T/frag2" "  goes to a new .torn file"
same werklab.jsonl.torn-20260614T093000Z "$T/frag" "  the first one is untouched"

# a torn tail that is the whole file (no newline at all)
printf '{"id":"12' >werklab.jsonl
run wl-session join -r other
is "$rc:$out" "2:" "a journal holding only a fragment has no session: join refuses"
is "$(cat werklab.jsonl)" '{"id":"12' "  and leaves the fragment where it was"

# --- new on an existing journal -------------------------------------------

cp good.jsonl werklab.jsonl
chmod 0644 werklab.jsonl
run wl-session new -m Echt -d 2026-08-01
is "$rc" 0 "new appends to an existing journal"
is "$(head -n 4 werklab.jsonl | cmp - good.jsonl && echo same)" same "  the old lines are untouched"
is "$(stat -c %a werklab.jsonl)" 644 "  and keeps its mode"
is "$(wc -l <werklab.jsonl)" 5 "  one more line"

done_testing
