#!/bin/sh
# mask.t - no name by accident: an owner is a participant or marked as
# text, a participant who did not consent is named by no output, and
# --anonymous masks the names the journal knows in every free text of
# the report, compare and the lists of all three list programs, in every
# format.
. "$(dirname "$0")/lib.sh"

HELP="(see 'wl-advice --help')"

s=$(wl-session new -m Roermond -d 2026-06-14 -p 1 --title "Werklab met Henk")
harrie=$(wl-session join -r initiator -n "Harrie Bemelmans" --org "Bakkerij Bemelmans")
henk=$(wl-session join -r initiator -n "Henk de Vries" --consent)
rene=$(wl-session join -r civil-servant -n "René Smit" --org Wijkzaken)
fatima=$(wl-session join -r manager -n "Fatima El Idrissi" --consent)
kees=$(wl-session join -r initiator -n "Kees Hoogland")
wl-session rm "$kees" --yes >/dev/null 2>&1
# Every word that names one of them, for grep -i (René folded too).
NAMES='harrie|bemelmans|henk|vries|ren[eé]|smit|fatima|idrissi|kees|hoogland'

wl-note add -k quote --by Henk "Henk wil graag meedenken met René" >/dev/null
koffie=$(wl-note add -k idea -t henk "Koffie bij Bakkerij Bemelmans, zei harrie")
a=$(wl-advice add -p organisation "Vraag Fatima El Idrissi om een vast aanspreekpunt")
wl-advice endorse "$a" --by Henk --reason "Henk wil graag meedenken" >/dev/null
wl-advice endorse "$a" --by René --stance reservations --reason "Kees zei het al" >/dev/null
wl-advice status "$a" presented --note "René belt Fatima" >/dev/null

# --- owners: a participant, or text marked as text ------------------------

cp werklab.jsonl "$T/j0"
refuses "a mistyped --owner" wl-advice agree --owner "Harry Bemelmans" "Bakker bellen"
is "$err" "wl-advice: no participant 'Harry Bemelmans' in session $s; did you mean Harrie Bemelmans?" \
    "  the nearest name is the suggestion"
same werklab.jsonl "$T/j0" "  and the journal is byte-identical"
refuses "--owner with --owner-text" wl-advice agree --owner Harrie \
    --owner-text "Twee initiatiefnemers" "Bakker bellen"
is "$err" "wl-advice: give --owner or --owner-text, not both $HELP" "  a usage error"

g1=$(wl-advice agree --owner "harrie bemelmans" "Bakker bellen")
like "$(grep "$g1" werklab.jsonl)" "\"owner\":\"$harrie\"" "--owner by name stores the participant's id"
g2=$(wl-advice agree --owner-text "Twee initiatiefnemers met Henk" "Buurtfeest regelen")
like "$(grep "$g2" werklab.jsonl)" '"owner":"Twee initiatiefnemers met Henk"' \
    "--owner-text stores the words"
g3=$(wl-advice agree --owner Fatima "Aanspreekpunt regelen")
run wl-advice edit "$g3" --owner "Harry"
is "$rc" 2 "edit --owner mistyped: exit 2"
like "$err" "did you mean Harrie Bemelmans\\?" "  with the suggestion"
cp werklab.jsonl "$T/j1"
run wl-advice edit "$g3" --owner-text "het MT"
is "$rc:$err" "0:" "edit --owner-text"

# Harrie did not consent: by role wherever an owner shows.
run wl-report --charts none
is "$(printf '%s\n' "$out" | sed -n '/^## Afspraken/,/^## /p' |
    grep -ciE 'harrie|bemelmans')" 0 \
    "the report's agreements name no owner who did not consent"
like "$out" '^\| Bakker bellen \| initiatiefnemer \|' "  but shows their role"
like "$out" 'Henk de Vries' "  and names who consented (the check can fail)"
for f in table tsv csv jsonl json; do
	run wl-advice list --agreements -o $f
	is "$(printf '%s\n' "$out" | grep -ciE 'harrie|bemelmans')" 0 \
	    "list --agreements -o $f names no owner who did not consent"
done
run wl-advice list --agreements -o tsv
like "$out" "^$g1		initiator		Bakker bellen		\$" "  the tsv shows the role"
run wl-advice show "$g1" -o tsv
is "$(printf '%s\n' "$out" | grep -ciE 'harrie|bemelmans')" 0 "show names no such owner"
run wl-advice rm "$g1" --dry-run
is "$(printf '%s\n' "$out$err" | grep -ciE 'harrie|bemelmans')" 0 \
    "rm --dry-run's lines name no such owner"
like "$out$err" "Bakker bellen \\(initiator\\)" "  but the role"

# --- --anonymous: no name in any output -------------------------------------

# Without --anonymous the names are there: the greps below can fail.
{ wl-report --charts none; wl-note list -o tsv; wl-advice list -o tsv
  wl-session people -o tsv; } >"$T/named" 2>&1
like "$(grep -ciE "$NAMES" "$T/named")" '^[1-9]' "without --anonymous, names are printed"

run wl-report --anonymous --charts none
is "$(printf '%s\n' "$out" | grep -ciE "$NAMES")" 0 "report --anonymous: no name"
like "$out" 'Werklab met \\\[initiatiefnemer\\\]' "  the session's title masked"
like "$out" 'Twee initiatiefnemers met \\\[initiatiefnemer\\\]' "  a free-text owner masked"
like "$out" '\\\[initiatiefnemer\\\] wil graag meedenken' "  a reason masked"
like "$out" 'Vraag \\\[leidinggevende\\\] om een vast' "  a whole name is one marker"
like "$err" '^wl-report: masked [0-9]+ names in free text$' "  says how many it masked"
run wl-report --anonymous --charts mermaid --lang en
is "$(printf '%s\n' "$out" | grep -ciE "$NAMES")" 0 "report --anonymous --lang en: no name"
like "$out" '\\\[initiator\\\] wil graag' "  English markers"
run wl-report compare --anonymous
is "$(printf '%s\n' "$out" | grep -ciE "$NAMES")" 0 "compare --anonymous: no name"
like "$err" '^wl-report: masked [0-9]+ names? in free text$' "  says how many"
run wl-report compare --anonymous -o json
is "$(printf '%s\n' "$out" | grep -ciE "$NAMES")" 0 "compare --anonymous -o json: no name"
run wl-report compare -o json
like "$(printf '%s\n' "$out" | grep -ciE "$NAMES")" '^[1-9]' "  (without it, names)"

for f in table tsv csv jsonl json; do
	for l in "wl-note list" "wl-note list --all" "wl-advice list" \
	    "wl-advice list --agreements" "wl-advice list --all" \
	    "wl-session people"; do
		# shellcheck disable=SC2086
		run $l --anonymous -o $f
		is "$rc:$(printf '%s\n' "$out$err" | grep -ciE "$NAMES")" 0:0 \
		    "$l --anonymous -o $f: no name"
	done
done
run wl-note list --anonymous -o tsv
like "$out" '	quote		initiator		\[initiator\] wil graag meedenken met \[civil-servant\]$' \
    "  lists mark by the role, in English"
like "$out" '	\[initiator\]	Koffie bij \[initiator\], zei \[initiator\]$' \
    "  tags, orgs that name a person, lower-case names"

# A journal without names: nothing masked, nothing said.
wl-session new -f bare.jsonl -m Venlo -d 2026-06-15 >/dev/null
wl-note add -f bare.jsonl -k do "Bel Henk terug" >/dev/null
run wl-report -f bare.jsonl --anonymous --charts none
is "$err" "" "no name known: nothing said"
like "$out" "Bel Henk terug" "  and the text as it is"

# --- the fast list is not slowed by masking ------------------------------------

wl-note list -o jsonl >"$T/fast"
run wl-note list --all -o jsonl
is "$(printf '%s\n' "$out" | grep -ciE 'henk')" "$(grep -ciE henk "$T/fast")" \
    "without --anonymous the lists are as before"

# --- redact lists the mentions, and masks them with --mentions ---------------

cp werklab.jsonl "$T/j2"
run wl-session redact Harrie --yes
is "$rc" 0 "redact without --mentions"
is "$(printf '%s\n' "$err" | sed -n 1,2p)" "wl-session: 1 other record names them in its text:
wl-session:   note        $koffie" \
    "  lists the record that still mentions them, before it asks"
like "$err" "they are left as they are; --mentions masks them too" "  and says how to mask them"
like "$(grep -ciE 'harrie|bemelmans' werklab.jsonl)" '^[1-9]' "  which keep the name"
cp "$T/j2" werklab.jsonl
run wl-session redact Harrie --yes --mentions
is "$rc" 0 "redact --mentions"
is "$(printf '%s\n' "$err" | sed -n 1p)" \
    "wl-session: 1 other record names them in its text, masked too (--mentions):" \
    "  lists it, masked"
is "$(grep -ciE 'harrie|bemelmans' werklab.jsonl)" 0 "  no word of their name is left in the journal"
like "$(cat werklab.jsonl)" 'Koffie bij \[verwijderd\], zei \[verwijderd\]' \
    "  each mention is the marker of erasure"
like "$(cat werklab.jsonl)" 'Henk wil graag meedenken met René' "  other names stay"
run wl-report check
is "$rc:$err" "0:" "  and the journal checks clean"

done_testing
