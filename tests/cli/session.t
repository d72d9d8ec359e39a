#!/bin/sh
# wl-session end to end: new, list, show, join, people; the conventions
# all four programs share (options, help, version, output formats); bad
# input.
. "$(dirname "$0")/lib.sh"

BLOCKS='[{"n":1,"title":"Kennismaking en verwachtingen"},{"n":2,"title":"Samenwerken en beleidsinstrumenten"},{"n":3,"title":"Advies aan het managementteam"}]'
AT=2026-06-14T09:30:00Z

# --- new ------------------------------------------------------------------

run wl-session new -m Roermond -d 2026-06-14 -p 1
is "$rc" 0 "new exits 0"
is "$err" "" "new is silent on stderr"
s=$out
like "$s" '^[0-9a-f]{16}$' "new prints one 16-hex id"
printf '%s\n' "$s" >"$T/want"
same "$T/.out" "$T/want" "new prints the id and one newline, nothing else"
is "$(stat -c %a werklab.jsonl)" 600 "new creates the journal with mode 0600"
printf '%s\n' "{\"id\":\"$s\",\"type\":\"session\",\"at\":\"$AT\",\"municipality\":\"Roermond\",\"date\":\"2026-06-14\",\"pilot\":1,\"blocks\":$BLOCKS}" >"$T/want"
same werklab.jsonl "$T/want" "the journal is one canonical session line"
cp werklab.jsonl "$T/j1"

# list in every format
run wl-session list -o tsv
is "$rc" 0 "list -o tsv exits 0"
printf 'id\tdate\tmunicipality\tpilot\ttitle\n%s\t2026-06-14\tRoermond\t1\t\n' "$s" >"$T/want"
same "$T/.out" "$T/want" "list -o tsv: header and the row"

run wl-session list -o csv
printf '\357\273\277id,date,municipality,pilot,title\r\n%s,2026-06-14,Roermond,1,\r\n' "$s" >"$T/want"
same "$T/.out" "$T/want" "list -o csv: BOM, header, CRLF rows"

run wl-session list -o jsonl
same "$T/.out" werklab.jsonl "list -o jsonl is the journal line"

run wl-session list
same "$T/.out" werklab.jsonl "list into a pipe defaults to jsonl"

run wl-session list -o json
{ echo '['; cat werklab.jsonl; echo ']'; } >"$T/want"
same "$T/.out" "$T/want" "list -o json: one array"

run wl-session list -o table
printf 'ID                DATE        MUNICIPALITY  PILOT  TITLE\n%s  2026-06-14  Roermond      1\n' "$s" >"$T/want"
same "$T/.out" "$T/want" "list -o table: aligned columns, no trailing blanks"

# a second session with every optional field, options in scrambled order
run wl-session new --facilitator 'Iris' --location 'Stadhuis, zaal 2' \
    -d 2026-09-01 --title 'Werklab "Venlo"' --series Pilots -p 2 \
    --facilitator 'Ömer' -m 'Súdwest-Fryslân' --facilitator Jan
is "$rc" 0 "new with every option exits 0"
s2=$out
like "$s2" '^[0-9a-f]{16}$' "new prints the second id"
printf '%s\n' "{\"id\":\"$s2\",\"type\":\"session\",\"at\":\"$AT\",\"municipality\":\"Súdwest-Fryslân\",\"date\":\"2026-09-01\",\"pilot\":2,\"series\":\"Pilots\",\"title\":\"Werklab \\\"Venlo\\\"\",\"location\":\"Stadhuis, zaal 2\",\"facilitators\":[\"Iris\",\"Ömer\",\"Jan\"],\"blocks\":$BLOCKS}" >"$T/want"
tail -n 1 werklab.jsonl >"$T/got"
same "$T/got" "$T/want" "fields in canonical order, facilitators in given order, UTF-8 unescaped"
head -n 1 werklab.jsonl >"$T/got"
same "$T/got" "$T/j1" "the first line is untouched"

run wl-session list -o csv
printf '\357\273\277id,date,municipality,pilot,title\r\n%s,2026-06-14,Roermond,1,\r\n%s,2026-09-01,Súdwest-Fryslân,2,"Werklab ""Venlo"""\r\n' "$s" "$s2" >"$T/want"
same "$T/.out" "$T/want" "csv quotes a field with quotes (RFC 4180)"

run wl-session list -o json
{ echo '['; head -n 1 werklab.jsonl | tr -d '\n'; echo ','; tail -n 1 werklab.jsonl; echo ']'; } >"$T/want"
same "$T/.out" "$T/want" "json: records separated by commas"

run wl-session list --municipality roermond -o tsv
printf 'id\tdate\tmunicipality\tpilot\ttitle\n%s\t2026-06-14\tRoermond\t1\t\n' "$s" >"$T/want"
same "$T/.out" "$T/want" "--municipality matches case-insensitively"

run wl-session list -o tsv --municipality 'sudwest-fryslan'
printf 'id\tdate\tmunicipality\tpilot\ttitle\n%s\t2026-09-01\tSúdwest-Fryslân\t2\tWerklab "Venlo"\n' "$s2" >"$T/want"
same "$T/.out" "$T/want" "--municipality folds diacritics"

# A municipality no session has is refused, as by every list: a slip
# would otherwise list nothing, silently.
refuses "--municipality as a prefix: no prefix match" wl-session list --municipality Roer -o tsv
is "$err" "wl-session: no session of municipality 'Roer'" "  no session of 'Roer'"
refuses "a municipality no session has" wl-session list --municipality Nergens -o table

run wl-note list --all -k idea -o table
is "$rc:$out:$err" "0::" "an empty table prints nothing"

# -o jsonl on a writer; writers print the id into a pipe
run wl-session new -m Venlo -d 2026-10-01 -o jsonl -f other.jsonl
is "$rc" 0 "new -o jsonl exits 0"
same "$T/.out" other.jsonl "new -o jsonl prints the whole record, as written"
wl-session new -m Venlo -d 2026-10-02 -f other.jsonl </dev/null | cat >"$T/piped"
printf '%s\n' "$(tail -n 1 other.jsonl | cut -c 8-23)" >"$T/want"
same "$T/piped" "$T/want" "new prints just its id into a pipe too"
run_piped /dev/null wl-session join -r other -f other.jsonl
printf '%s\n' "$(tail -n 1 other.jsonl | cut -c 8-23)" >"$T/want"
same "$T/.out" "$T/want" "join prints just its id, with a pipe on stdin"
sid=$(wl-session new -m Venlo -d 2026-10-03 -f other.jsonl -o tsv)
is "$(tail -n 1 other.jsonl | cut -c 8-23)" "$sid" "the printed id is the id written"

# blocks come from the template in the data directory
mkdir -p "$T/share/templates"
printf 'Eerst\nDan\n' >"$T/share/templates/blocks"
run env WL_DATADIR="$T/share" wl-session new -m Echt -d 2026-06-14 -f tpl.jsonl -o jsonl
like "$out" '"blocks":\[\{"n":1,"title":"Eerst"\},\{"n":2,"title":"Dan"\}\]\}$' \
    "default blocks are read from share/templates/blocks"

# --- join, people, show ---------------------------------------------------

run wl-session join -r civil-servant -n 'Anna de Vries' --org 'Gemeente Roermond' --consent -s "$s"
is "$rc:$err" "0:" "join exits 0, silently"
p1=$out
like "$p1" '^[0-9a-f]{16}$' "join prints an id"
printf '%s\n' "{\"id\":\"$p1\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$s\",\"role\":\"civil-servant\",\"name\":\"Anna de Vries\",\"org\":\"Gemeente Roermond\",\"consent\":true}" >"$T/want"
tail -n 1 werklab.jsonl >"$T/got"
same "$T/got" "$T/want" "participant line: canonical, consent true"

short=$(prefix "$s")
run wl-session join -s "$short" --role initiator
p2=$out
printf '%s\n' "{\"id\":\"$p2\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$s\",\"role\":\"initiator\",\"consent\":false}" >"$T/want"
tail -n 1 werklab.jsonl >"$T/got"
same "$T/got" "$T/want" "join -s with a 4-character prefix; consent false by default"

run env WL_SESSION=$s wl-session join --name Bert -r manager
p3=$out
like "$(tail -n 1 werklab.jsonl)" "^\\{\"id\":\"$p3\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$s\",\"role\":\"manager\",\"name\":\"Bert\",\"consent\":false\\}\$" \
    "WL_SESSION selects the session"

run wl-session join -r facilitator --org StadsLAB033
p4=$out
like "$(tail -n 1 werklab.jsonl)" "\"session\":\"$s2\",\"role\":\"facilitator\",\"org\":\"StadsLAB033\"" \
    "without -s, join picks the latest session"

run wl-session people -o tsv -s "$s"
printf 'id\trole\tname\torg\tconsent\n%s\tcivil-servant\tAnna de Vries\tGemeente Roermond\tyes\n%s\tinitiator\t\t\tno\n%s\tmanager\tBert\t\tno\n' "$p1" "$p2" "$p3" >"$T/want"
same "$T/.out" "$T/want" "people -o tsv lists the session's participants in order"

run wl-session people -o tsv
printf 'id\trole\tname\torg\tconsent\n%s\tfacilitator\t\tStadsLAB033\tno\n' "$p4" >"$T/want"
same "$T/.out" "$T/want" "people defaults to the latest session"

run wl-session people -s "$s" -o jsonl
{ head -n 1 werklab.jsonl; grep -e "\"id\":\"$p1\"" -e "\"id\":\"$p2\"" -e "\"id\":\"$p3\"" werklab.jsonl; } >"$T/want"
same "$T/.out" "$T/want" "people -o jsonl carries the session first (closure)"

run wl-session show -s "$s" -o tsv
printf 'field\tvalue\nid\t%s\nmunicipality\tRoermond\ndate\t2026-06-14\npilot\t1\nblock 1\tKennismaking en verwachtingen\nblock 2\tSamenwerken en beleidsinstrumenten\nblock 3\tAdvies aan het managementteam\nparticipants\t3 (civil-servant 1, initiator 1, manager 1)\nnotes\t0\nadvice\t0\nagreements\t0\n' "$s" >"$T/want"
same "$T/.out" "$T/want" "show summarises the session and counts participants by role"

run wl-session show -o tsv
printf 'field\tvalue\nid\t%s\nmunicipality\tSúdwest-Fryslân\ndate\t2026-09-01\npilot\t2\nseries\tPilots\ntitle\tWerklab "Venlo"\nlocation\tStadhuis, zaal 2\nfacilitators\tIris, Ömer, Jan\nblock 1\tKennismaking en verwachtingen\nblock 2\tSamenwerken en beleidsinstrumenten\nblock 3\tAdvies aan het managementteam\nparticipants\t1 (facilitator 1)\nnotes\t0\nadvice\t0\nagreements\t0\n' "$s2" >"$T/want"
same "$T/.out" "$T/want" "show without -s: the latest session, every field"

run wl-session show -o jsonl -s "$s2"
sed -n 2p werklab.jsonl >"$T/want"
same "$T/.out" "$T/want" "show -o jsonl prints the session record"

# ambiguous prefixes: two sessions whose ids share "abcd"
cat >amb.jsonl <<EOF
{"id":"abcd000000000001","type":"session","at":"$AT","municipality":"Roermond","date":"2026-06-14"}
{"id":"abcd000000000002","type":"session","at":"$AT","municipality":"Venlo","date":"2026-06-15"}
EOF
cp amb.jsonl "$T/amb"
run wl-session join -r other -s abcd -f amb.jsonl
is "$rc:$out" "2:" "an ambiguous prefix is refused"
is "$err" "wl-session: id 'abcd' is ambiguous: abcd000000000001 (session), abcd000000000002 (session)" \
    "the message lists the candidates"
same amb.jsonl "$T/amb" "the journal is unchanged"
run wl-session join -r other -s abcd000000000001 -f amb.jsonl
is "$rc:$out" "0:$(tail -n 1 amb.jsonl | cut -c 8-23)" "the full id is unique"
like "$(tail -n 1 amb.jsonl)" '"session":"abcd000000000001"' "and joins that session"
run wl-session people -f amb.jsonl -s abcd000000000002 -o tsv
printf 'id\trole\tname\torg\tconsent\n' >"$T/want"
same "$T/.out" "$T/want" "the other session has nobody"
run wl-session show -f amb.jsonl -s abc
is "$rc:$out:$err" "2::wl-session: no session 'abc': it is no session's id, municipality or date (see 'wl-session list')" \
    "a prefix of 3 characters is refused: no id, and no municipality either"
run wl-session show -f amb.jsonl -s beef
is "$rc:$out:$err" "2::wl-session: no session with id 'beef'" "an unknown id is refused"
run wl-session show -f amb.jsonl -s "$p1"
is "$rc:$err" "2:wl-session: no session with id '$p1'" "a participant id is not a session"

# --- options, help, version -----------------------------------------------

run wl-session --version
is "$rc:$out:$err" "0:wl-session 0.1.0:" "--version"
run wl-session list --version
is "$rc:$out" "0:wl-session 0.1.0" "--version after a verb"
run wl-session --help
is "$rc:$err" "0:" "--help exits 0, nothing on stderr"
like "$out" '^usage: wl-session new -m MUNICIPALITY -d DATE' "--help prints the usage to stdout"
cp "$T/.out" "$T/help"
for v in "-h" "join -h" "people --help" "new -m X -h"; do
	run wl-session $v
	same "$T/.out" "$T/help" "'$v' prints the same usage"
done
like "$(cat "$T/help")" 'wl-session join \[-s ID\] -r ROLE \[-n NAME\] \[--org ORG\] \[--consent\]' \
    "the usage shows join"

# GNU permutation: options after operands are still parsed
run wl-session new -m Roermond stray -d 2026-06-14
is "$rc:$err" "2:wl-session: unexpected argument 'stray' (see 'wl-session --help')" \
    "an option after an operand is parsed (the operand is refused, not -d)"
run wl-session list stray -o xml
is "$err" "wl-session: unknown output format 'xml' (one of: table, tsv, csv, xlsx, jsonl, json) (see 'wl-session --help')" \
    "options after an operand are parsed before operands are checked"
run wl-session -- list
is "$rc" 2 "'--' before the verb leaves no verb"
run wl-session list -- -o tsv
is "$rc:$out:$err" "2::wl-session: unexpected argument '-o' (see 'wl-session --help')" \
    "'--' ends options"
run wl-session people -s "$s" -o tsv -- 
is "$rc" 0 "a trailing '--' is fine"

# --- bad input: exit 2, one line, stdout empty, journal byte-identical ----

refuses "an impossible date" wl-session new -m X -d 2026-02-30
is "$err" "wl-session: 2026-02-30 does not exist: February 2026 has 28 days" "  says so"
refuses "a date in the wrong order" wl-session new -m X -d 14-06-2026
refuses "a date with time" wl-session new -m X -d 2026-06-14T10:00
refuses "new without -m" wl-session new -d 2026-06-14
is "$err" "wl-session: new needs the municipality (-m) (see 'wl-session --help')" "  says so"
refuses "new with an empty -m" wl-session new -m '' -d 2026-06-14
refuses "new without -d" wl-session new -m X
refuses "an unknown role" wl-session join -r boss
is "$err" "wl-session: unknown role 'boss' (one of: civil-servant (ambtenaar), initiator (initiatiefnemer), manager (leidinggevende), facilitator (begeleider), other (deelnemer, anders)) (see 'wl-session --help')" "  lists the roles"
refuses "join without a role" wl-session join -n Anna
refuses "an unknown short option" wl-session join -r other -x
is "$err" "wl-session: unknown option '-x' (see 'wl-session --help')" "  names it"
refuses "an unknown long option" wl-session list --bogus
is "$err" "wl-session: unknown option '--bogus' (see 'wl-session --help')" "  names it"
refuses "a verb's option on another verb" wl-session list -r other
refuses "a missing value" wl-session join -r
is "$err" "wl-session: option '-r' needs a value (see 'wl-session --help')" "  names the option"
refuses "a missing value of a long option" wl-session new -m X --date
is "$err" "wl-session: option '--date' needs a value (see 'wl-session --help')" "  names the long option"
refuses "an unknown verb" wl-session frob
is "$err" "wl-session: unknown verb 'frob' (new, list, show, join, people, edit, redact, rm or restore) (see 'wl-session --help')" "  names it"
refuses "a missing verb" wl-session
is "$err" "wl-session: missing verb: new, list, show, join, people, edit, redact, rm or restore (see 'wl-session --help')" "  lists the verbs"
refuses "only options" wl-session -o tsv
refuses "an unknown format" wl-session list -o xml
refuses "-p 0" wl-session new -m X -d 2026-06-14 -p 0
is "$err" "wl-session: -p wants a whole number of 1 or more, not '0' (see 'wl-session --help')" "  says so"
refuses "-p abc" wl-session new -m X -d 2026-06-14 -p abc
refuses "-p 1x" wl-session new -m X -d 2026-06-14 -p 1x
refuses "-p -1" wl-session new -m X -d 2026-06-14 -p -1
refuses "invalid UTF-8 in an argument" wl-session new -m "$(printf 'Roer\377mond')" -d 2026-06-14
is "$err" "wl-session: argument 3 is not valid UTF-8" "  names the argument"
refuses "invalid UTF-8 in a name" wl-session join -r other -n "$(printf '\303(')"
refuses "--max-errors 0" wl-session list --max-errors 0
mkdir adir
refuses "a directory as -f for join" wl-session join -r other -f adir
is "$err" "wl-session: adir: is a directory, not a journal" "  says so"
refuses "a directory as -f for new" wl-session new -m X -d 2026-06-14 -f adir
refuses "a directory as -f for list" wl-session list -f adir
refuses "'-f -' for a writer" wl-session join -r other -f -
is "$err" "wl-session: cannot write to standard input: name a journal with -f" "  says so"
refuses "'-f -' for new" wl-session new -m X -d 2026-06-14 -f -
refuses "two -f for a writer" wl-session join -r other -f werklab.jsonl -f other.jsonl
refuses "a session that is not there" wl-session join -r other -s 0000
cp werklab.jsonl ro.jsonl
chmod 0444 ro.jsonl
cp ro.jsonl "$T/ro"
run wl-session join -r other -f ro.jsonl
is "$rc:$out:$err" "2::wl-session: ro.jsonl: journal is read-only (its mode has no write bit)" \
    "join refuses a read-only journal (by its mode, even as root)"
same ro.jsonl "$T/ro" "  and leaves it as it was"
run wl-session new -m X -d 2026-06-14 -f ro.jsonl
is "$rc:$out" "2:" "new refuses a read-only journal"
same ro.jsonl "$T/ro" "  and leaves it as it was"
run wl-session list -f ro.jsonl -o tsv
is "$rc" 0 "a read-only journal can still be read"

# a missing journal
mkdir empty
cd empty
refuses "join without a journal" wl-session join -r other
is "$err" "wl-session: werklab.jsonl: no such journal; start one with 'wl-session new', or name one with -f or WL_JOURNAL" \
    "  hints at 'wl-session new'"
refuses "list without a journal" wl-session list
like "$err" "start one with 'wl-session new'" "  hints at 'wl-session new'"
refuses "show without a journal" wl-session show
refuses "people without a journal" wl-session people
refuses "join -f without the journal" wl-session join -r other -f nothere.jsonl
like "$err" "^wl-session: nothere.jsonl: no such journal; start one with 'wl-session new'" "  hints at 'wl-session new'"
refuses "list -f without the journal" wl-session list -f nothere.jsonl
is "$(ls -A)" "" "no refused command created a file"
: >werklab.jsonl
refuses "show with no session in the journal" wl-session show
is "$err" "wl-session: no session in the journal; start one with 'wl-session new'" "  hints at 'wl-session new'"
refuses "join with no session in the journal" wl-session join -r other
is "$(wc -c <werklab.jsonl)" 0 "the empty journal stays empty"
cd ..

done_testing
