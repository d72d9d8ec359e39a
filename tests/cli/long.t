#!/bin/sh
# Long user text comes out whole: no fixed buffer in cmd/ cuts it.  A
# 2,000-byte tag and a 5,000-byte name (2,500 two-byte characters, so a
# cut in the middle of one would show) through tsv, csv and table; the
# facilitators of wl-session show; and messages that quote what the
# user gave, which were cut at 1,024 bytes.
. "$(dirname "$0")/lib.sh"

# rep N S: S N times
rep() { _i=0; while [ "$_i" -lt "$1" ]; do printf '%s' "$2"; _i=$((_i + 1)); done; }
# sp N: N blanks
sp() { printf "%$1s" ""; }

tag="$(rep 1999 t)Z"
name=$(rep 2500 Ö)
is "$(printf '%s' "$tag" | wc -c | tr -d ' '):$(printf '%s' "$name" | wc -c | tr -d ' ')" \
    "2000:5000" "a tag of 2,000 bytes, a name of 5,000"

s=$(wl-session new -m Roermond -d 2026-06-14 --facilitator "$name" \
    --facilitator "$tag" </dev/null)
p=$(wl-session join -r initiator -n "$name" --org "$tag" </dev/null)
nt=$(wl-note add -k do --by "$p" -t "$tag" -t b "Bel terug" </dev/null)
like "$s$p$nt" '^[0-9a-f]{48}$' "a session, a participant and a note"

# --- wl-note list --------------------------------------------------------------

run wl-note list -o tsv
printf 'id\tkind\tblock\tby\ttags\ttext\n%s\tdo\t2\t%s\t%s,b\tBel terug\n' \
    "$nt" "$name" "$tag" >"$T/want"
is "$rc:$err" "0:" "note list -o tsv: exit 0"
same "$T/.out" "$T/want" "  the name and the tags whole"

run wl-note list -o csv
printf '\357\273\277id,kind,block,by,tags,text\r\n%s,do,2,%s,"%s,b",Bel terug\r\n' \
    "$nt" "$name" "$tag" >"$T/want"
same "$T/.out" "$T/want" "note list -o csv: the name and the tags whole"

run wl-note list -o table
{
	printf 'ID%sKIND  BLOCK  BY%sTAGS%sTEXT\n' "$(sp 16)" "$(sp 2500)" "$(sp 2000)"
	printf '%s  do    2      %s  %s,b  Bel terug\n' "$nt" "$name" "$tag"
} >"$T/want"
same "$T/.out" "$T/want" "note list -o table: whole, and the columns lined up"

# --- wl-session people and show -----------------------------------------------

run wl-session people -o tsv
printf 'id\trole\tname\torg\tconsent\n%s\tinitiator\t%s\t%s\tno\n' \
    "$p" "$name" "$tag" >"$T/want"
same "$T/.out" "$T/want" "people -o tsv: the name and the org whole"
run wl-session people -o csv
printf '\357\273\277id,role,name,org,consent\r\n%s,initiator,%s,%s,no\r\n' \
    "$p" "$name" "$tag" >"$T/want"
same "$T/.out" "$T/want" "people -o csv: whole"
run wl-session people -o table
{
	printf 'ID%sROLE       NAME%sORG%sCONSENT\n' "$(sp 16)" "$(sp 2498)" "$(sp 1999)"
	printf '%s  initiator  %s  %s  no\n' "$p" "$name" "$tag"
} >"$T/want"
same "$T/.out" "$T/want" "people -o table: whole, and the columns lined up"

run wl-session show -o tsv
printf 'facilitators\t%s, %s\n' "$name" "$tag" >"$T/want"
grep '^facilitators' "$T/.out" >"$T/got"
same "$T/got" "$T/want" "show: both facilitators whole (they were cut at 1,023 bytes)"

# --- messages ---------------------------------------------------------------------

cp werklab.jsonl "$T/j0"
refuses "a role of 5,000 bytes" wl-session join -r "$name"
is "$err" "wl-session: unknown role '$name' (one of: civil-servant (ambtenaar), initiator (initiatiefnemer), manager (leidinggevende), facilitator (begeleider), other (deelnemer, anders)) (see 'wl-session --help')" \
    "  the message quotes it whole"
refuses "a date of 5,000 bytes" wl-session new -m Venlo -d "$name"
is "$err" "wl-session: '$name' is not a date like 2026-06-14 (see 'wl-session --help')" \
    "  whole"
refuses "a kind of 2,000 bytes" wl-note add -k "$tag" "Iets"
is "$err" "wl-note: unknown kind '$tag' (one of: expectation (verwachting), question (vraag), observation (observatie, waarneming), do, dont (don't), idea (idee), quote (citaat, uitspraak)) (see 'wl-note --help')" \
    "  whole"
refuses "an output format of 5,000 bytes" wl-advice list -o "$name"
is "$err" "wl-advice: unknown output format '$name' (one of: table, tsv, csv, xlsx, jsonl, json) (see 'wl-advice --help')" \
    "  whole"
same werklab.jsonl "$T/j0" "the journal as it was"

done_testing
