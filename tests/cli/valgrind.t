#!/bin/sh
# Every binary's verbs under valgrind memcheck, with no error
# and no leak (definite or indirect), on a small journal.  Skipped when
# valgrind is missing, and for sanitizer builds, which valgrind cannot
# run (detected as tests/cli/concurrency.t does).
. "$(dirname "$0")/lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind is not installed"
	exit 0
fi
if [ -n "${WL_SAN:-}" ] || grep -q __asan_init "$WL_BIN/wl-session"; then
	echo "1..0 # SKIP a sanitizer build: valgrind runs the normal one"
	exit 0
fi

# vg DESCRIPTION CMD...: CMD under memcheck exits 0 and says nothing
# on stderr (valgrind's reports go there; 99 is its exit on an error).
vg() {
	desc=$1
	shift
	run valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect "$@"
	is "$rc:$err" "0:" "$desc"
}

# vg_piped FILE DESCRIPTION CMD...: the same with FILE on standard input.
vg_piped() {
	in=$1
	desc=$2
	shift 2
	run_piped "$in" valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect "$@"
	is "$rc:$err" "0:" "$desc"
}

# --- wl-session --------------------------------------------------------------

vg "session new" wl-session new -m Roermond -d 2026-06-14 -p 2 \
    --facilitator Fenna
s=$out
vg "session join" wl-session join -r initiator -n Anouk --org "De Kas" \
    --consent
anouk=$out
vg "session join, no consent" wl-session join -r civil-servant -n Jan
jan=$out
like "$s $anouk $jan" '^[0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16}$' \
    "a session and two participants"
vg "session edit" wl-session edit "$jan" --org Ruimte -r manager
vg "session edit of the session" wl-session edit -d 2026-06-15 --title Dag
vg "session people" wl-session people
vg "session people --anonymous" wl-session people --anonymous
vg "session show" wl-session show
for f in table tsv csv jsonl json; do
	vg "session list -o $f" wl-session list -o "$f"
done

# --- wl-note -----------------------------------------------------------------

vg "note add" wl-note add -k do -b 2 --by "$anouk" -t tempo Reageer snel
n1=$out
printf 'Van loket naar loket\nNog een\n' >"$T/dont"
vg_piped "$T/dont" "note add from standard input" wl-note add -k dont
n2=$(printf '%s\n' "$out" | tail -1)
vg "note add quote" wl-note add -k quote --by "$jan" Eindelijk gehoord
vg "note edit" wl-note edit "$n1" --text "Reageer heel snel" -k do
vg "note rm" wl-note rm "$n2" --reason weg
vg "note restore" wl-note restore "$n2"
vg "note rm again" wl-note rm "$n2"
for f in table tsv csv jsonl json; do
	vg "note list -o $f" wl-note list -o "$f"
done
vg "note list filtered" wl-note list -k do --grep snel --anonymous
printf '{"kind":"idea","text":"Spreekuur"}\n{"kind":"question","text":"Wie?","block":1}\n' \
    >"$T/imp"
vg "note import" wl-note import "$T/imp"
printf '{"kind":"idea"}\n{"kind":"wish","text":"x"}\n' >"$T/bad"
run valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect wl-note import "$T/bad"
is "$rc" 2 "note import of bad lines exits 2 under valgrind, no leak"

# --- wl-advice ---------------------------------------------------------------

vg "advice add" wl-advice add -p self -t luisteren Luister beter
a1=$out
vg "advice add, organisation" wl-advice add -p organisation Een loket
a2=$out
vg "advice endorse" wl-advice endorse "$a1" --by "$anouk"
vg "advice endorse with a reason" wl-advice endorse "$a1" --by "$jan" \
    --stance reservations --reason "Te vaag"
vg "advice edit --minor" wl-advice edit "$a1" --minor --text "Luister beter."
run valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect wl-advice edit "$a1" \
    --text "Luister echt beter"
is "$rc" 0 "advice edit of endorsed advice under valgrind"
like "$err" "^wl-advice: all 2 endorsements now refer to an earlier wording" \
    "  and only its word on the stale endorsements"
vg "advice status" wl-advice status "$a2" presented --note MT
vg "advice agree" wl-advice agree --owner "$anouk" --due 2026-07-01 \
    --advice "$a1" Bellen
g1=$out
vg "advice status of an agreement" wl-advice status "$g1" done
vg "advice agree, to remove" wl-advice agree Weg
vg "advice rm" wl-advice rm "$out" --reason dubbel
gone=$out
vg "advice restore" wl-advice restore "$gone"
vg "advice rm --dry-run" wl-advice rm "$a1" --dry-run
vg "advice show" wl-advice show "$a1"
vg "session rm --dry-run" wl-session rm "$s" --dry-run
for f in table tsv csv jsonl json; do
	vg "advice list -o $f" wl-advice list -o "$f"
done
vg "advice list --agreements" wl-advice list --agreements --anonymous
vg "advice list --open" wl-advice list --open --all

# --- wl-report ---------------------------------------------------------------

vg "report md" wl-report md
vg "report md --anonymous, no charts, English" wl-report md --anonymous \
    --charts none --lang en
cp werklab.jsonl old.jsonl
wl-session new -m Venlo -d 2026-09-10 >/dev/null
wl-advice add -p self Luister beter >/dev/null
vg "report compare" wl-report compare
vg "report compare -o json by session" wl-report compare -o json \
    --by session
run valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect wl-report diff old.jsonl \
    werklab.jsonl
is "$rc:$err" "1:" "report diff (exit 1: they differ) under valgrind"
vg "report check" wl-report check
sed -n 2p werklab.jsonl >>werklab.jsonl
printf '{"id":"00' >>werklab.jsonl
run valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect wl-report check
is "$rc" 1 "report check of a damaged journal: exit 1, no valgrind error"
like "$err" "the same record as line 2 again" "...and it says what is wrong"
run valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect wl-report check --repair
is "$rc" 0 "report check --repair under valgrind"
vg "report check after the repair" wl-report check
rm werklab.jsonl.torn-*

# --- wl-session redact -------------------------------------------------------

vg "session redact --yes" wl-session redact "$anouk" -s "$s" \
    --reason verzoek --yes
vg "report md after the redaction" wl-report md -s "$s"

done_testing
