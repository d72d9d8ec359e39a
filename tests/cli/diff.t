#!/bin/sh
# wl-report diff end to end: two copies of a journal compared record
# by record on id, in words (one line per change: whose consent, which
# advice's status, old -> new) and as jsonl operations; its exit status
# (0 same, 1 different, 2 trouble); and its use as a git difftool.
top=$(cd "$(dirname "$0")/../.." && pwd)
D=$top/tests/data/compare
. "$top/tests/cli/lib.sh"

cp "$D/venlo.jsonl" old.jsonl
chmod 600 old.jsonl

# --- the same --------------------------------------------------------------

cp old.jsonl new.jsonl
run wl-report diff old.jsonl new.jsonl
is "$rc:$out:$err" "0::" "identical copies: exit 0, no output"
run wl-report diff -o jsonl old.jsonl new.jsonl
is "$rc:$out:$err" "0::" "  nor with -o jsonl"

# Reordered: the same set of records.  tac makes sure the order
# differs (a shuffle might give the same file back).
tac old.jsonl >reordered.jsonl
ok "$(cmp -s old.jsonl reordered.jsonl; [ $? -eq 1 ]; echo $?)" \
    "the reordered copy differs byte for byte"
run wl-report diff old.jsonl reordered.jsonl
is "$rc:$out" "0:" "a reordered file holds the same records: exit 0"
while :; do
	shuf old.jsonl >shuffled.jsonl
	cmp -s old.jsonl shuffled.jsonl || break
done
run wl-report diff shuffled.jsonl old.jsonl
is "$rc:$out" "0:" "a shuffled file too"

# --- appends on one side ----------------------------------------------------

export WL_JOURNAL=new.jsonl
n1=$(wl-note add -k do "Bel terug binnen een week")
n2=$(wl-note add -k question "Wie betaalt de koffie?")
unset WL_JOURNAL
# An id as the words show it: its first 8 digits (those tell the ids
# of these journals apart) and an ellipsis.
short() { printf '%.8s\342\200\246' "$1"; }
run wl-report diff old.jsonl new.jsonl
is "$rc:$err" "1:" "appends on one side: exit 1"
is "$out" "note $(short "$n1"): added: Bel terug binnen een week
note $(short "$n2"): added: Wie betaalt de koffie?" \
    "  a line each: type, id, added, the text"
run wl-report diff new.jsonl old.jsonl
is "$rc" 1 "the other way round: exit 1"
is "$out" "note $(short "$n1"): removed: Bel terug binnen een week
note $(short "$n2"): removed: Wie betaalt de koffie?" "  removed"

# An amend is a record of its own: what it sets, old -> new.
cp new.jsonl amended.jsonl
chmod 600 amended.jsonl
WL_NOW=2026-06-14T09:31:00Z wl-note -f amended.jsonl edit "$n1" \
    --text "Bel terug binnen drie dagen" >/dev/null
run wl-report diff new.jsonl amended.jsonl
is "$rc" 1 "an amend on one side: exit 1"
is "$out" "text of note $(short "$n1"): \"Bel terug binnen een week\" -> \"Bel terug binnen drie dagen\"" \
    "  'FIELD of SUBJECT: old -> new'"

# A record on each side: in the order of records (by time).
cp old.jsonl left.jsonl
cp old.jsonl right.jsonl
chmod 600 left.jsonl right.jsonl
l=$(WL_NOW=2026-06-14T10:00:00Z wl-note -f left.jsonl add -k do "Links")
r=$(WL_NOW=2026-06-14T09:00:00Z wl-note -f right.jsonl add -k do "Rechts")
run wl-report diff left.jsonl right.jsonl
is "$rc" 1 "a record on each side: exit 1"
is "$out" "note $(short "$r"): added: Rechts
note $(short "$l"): removed: Links" \
    "  in the order of records: the earlier (added, 9:00) before the later (removed, 10:00)"

# A changed record: its text edited in place.
sed 's/"Wees eerlijk over wat kan"/"Wees open over wat kan"/' old.jsonl >changed.jsonl
run wl-report diff old.jsonl changed.jsonl
is "$rc" 1 "a changed record: exit 1"
is "$out" 'text of note 40151496…: "Wees eerlijk over wat kan" -> "Wees open over wat kan" (rewritten)' \
    "  'FIELD of SUBJECT: old -> new (rewritten)'"
# A field added, one removed, one changed, on one record.
sed 's/"kind":"do","text":"Reageer snel","block":2}/"kind":"idea","text":"Reageer snel","tags":["tempo"]}/' \
    old.jsonl >changed2.jsonl
run wl-report diff old.jsonl changed2.jsonl
is "$out" "kind of note d4a636f9… 'Reageer snel': do -> idea (rewritten)
block of note d4a636f9… 'Reageer snel': 2 -> (none) (rewritten)
tags of note d4a636f9… 'Reageer snel': (none) -> [\"tempo\"] (rewritten)" \
    "  one line per field; an absent side is (none)"

# --- in words: whose, which advice, old -> new ------------------------------

# In Venlo the initiator consented to be named, the civil servant not.
ini=83dddf34cb4e8fdf
civ=4bb333a13772b5f3
adv=52214e7cf88a2573
cp old.jsonl words.jsonl
chmod 600 words.jsonl
export WL_JOURNAL=words.jsonl
WL_NOW=2026-09-11T09:00:00Z wl-session edit "$civ" --consent >/dev/null
WL_NOW=2026-09-11T09:01:00Z wl-session edit "$ini" --org "Buurtvereniging" >/dev/null
WL_NOW=2026-09-11T09:02:00Z wl-advice status "$adv" adopted --date 2026-09-11 \
    --note "in het MT besproken" >/dev/null
WL_NOW=2026-09-12T09:00:00Z wl-advice status "$adv" implemented >/dev/null
o=$(WL_NOW=2026-09-12T09:01:00Z wl-advice endorse da75975739831535 --by "$ini" \
    --stance object)
x=$(WL_NOW=2026-09-12T09:02:00Z wl-note rm d4a636f9bf1e874f --yes)
WL_NOW=2026-09-12T09:03:00Z wl-note restore d4a636f9bf1e874f >/dev/null
e=$(WL_NOW=2026-09-12T09:04:00Z wl-advice endorse "$adv" --by "$civ")
m=$(WL_NOW=2026-09-12T09:05:00Z wl-note add -k idea "Vraag Initiatiefnemer Venlo om raad")
unset WL_JOURNAL
run wl-report diff old.jsonl words.jsonl
is "$rc:$err" "1:" "a day of changes: exit 1"
is "$out" "consent of [civil-servant]: no -> yes
org of Initiatiefnemer Venlo (initiator): (none) -> \"Buurtvereniging\"
status of advice 52214e7c… 'Neem initiatiefnemers serieus': open -> adopted (2026-09-11): in het MT besproken
status of advice 52214e7c… 'Neem initiatiefnemers serieus': adopted -> implemented (2026-09-12)
endorsement $(short "$o"): added: Initiatiefnemer Venlo (initiator) objects to advice da759757… 'Eén vast aanspreekpunt per in…'
note d4a636f9… 'Reageer snel': retracted
note d4a636f9… 'Reageer snel': restored
endorsement $(short "$e"): added: [civil-servant] supports advice 52214e7c… 'Neem initiatiefnemers serieus'
note $(short "$m"): added: Vraag Initiatiefnemer Venlo om raad" \
    "  whose consent and org, which advice's status (old -> new, day, note), a stance, a retract and its restore"
run wl-report diff --anonymous old.jsonl words.jsonl
like "$out" "^org of \[initiator\]: \(none\) -> \(hidden\)$" \
    "--anonymous: nobody named, not even in a value that names them"
like "$out" "^note $(short "$m"): added: Vraag \\[initiator\\] om raad$" \
    "  in free text, a name masked as the report masks it"
ok "$(printf '%s\n' "$out" | grep -q 'Initiatiefnemer Venlo'; [ $? -eq 1 ]; echo $?)" \
    "  the name nowhere"
is "$rc:$err" "1:wl-report: masked 1 name in free text" \
    "  and says on stderr how many names it masked, as md and compare do"
run wl-report diff old.jsonl words.jsonl
is "$err" "" "  without --anonymous: nothing masked, nothing said"

# A redaction: the person erased, each rewritten field, the name hidden.
cp old.jsonl red.jsonl
chmod 600 red.jsonl
rd=$(wl-session -f red.jsonl redact "$ini" --yes 2>/dev/null)
run wl-report diff old.jsonl red.jsonl
is "$rc" 1 "a redaction: exit 1"
like "$out" "^participant 83dddf34… \[initiator\]: erased$" "  the person erased, by role"
like "$out" "^name of \[initiator\]: \(hidden\) -> \(hidden\) \(rewritten\)$" \
    "  the name rewritten, and not shown"
like "$out" "^consent of \[initiator\]: yes -> no \(rewritten\)$" "  the consent"
ok "$(printf '%s\n' "$out" | grep -q 'Initiatiefnemer Venlo'; [ $? -eq 1 ]; echo $?)" \
    "  the erased name nowhere"

# A record of a type this wl does not know: by its own type's name.
cp old.jsonl unknown.jsonl
echo '{"id":"00000000000000f1","type":"photo","at":"2026-09-10T09:00:00Z","text":"Foto van de dag"}' >>unknown.jsonl
run wl-report diff old.jsonl unknown.jsonl
is "$rc:$out" "1:photo 00000000…: added: Foto van de dag" \
    "a type unknown here: its own name, its text"

# Text from a journal does not drive the terminal.
printf '%s\n' '{"id":"00000000000000e1","type":"note","at":"2026-09-10T09:00:00Z","session":"ef3d30d93236ce07","kind":"do","text":"rood \u001b[31m!"}' \
    >>esc.jsonl
cat old.jsonl >>esc.jsonl
if command -v script >/dev/null 2>&1; then
	script -qec "wl-report diff old.jsonl esc.jsonl" /dev/null >"$T/tty" 2>&1
	like "$(cat "$T/tty")" 'added: rood \\e\[31m!' "on a terminal: an escape shown, not obeyed"
else
	skip 1 "no script(1)"
fi

# --- -o jsonl ---------------------------------------------------------------

cat old.jsonl >mixed.jsonl
tail -n 1 right.jsonl >>mixed.jsonl
sed -i 's/"Wees eerlijk over wat kan"/"Wees open over wat kan"/' mixed.jsonl
cat old.jsonl left.jsonl | sort -u >old2.jsonl
run wl-report diff -o jsonl old2.jsonl mixed.jsonl
# -o jsonl is today's machine form, kept for the scripts that read it.
is "$rc" 1 "-o jsonl: exit 1"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3 "  one line per operation"
is "$(printf '%s\n' "$out" | jq -c . | wc -l | tr -d ' ')" 3 \
    "  each line valid JSON"
is "$(printf '%s\n' "$out" | jq -r .op | tr '\n' ' ')" "remove add change " \
    "  ops: removes first, then adds and changes in the order of NEW's records (the add is of 14 June 9:00, the change of a record of 10 September)"
is "$(printf '%s\n' "$out" | jq -r 'select(.op != "change") | .record.text' | tr '\n' '|')" \
    "Links|Rechts|" "  remove and add carry the whole record"
is "$(printf '%s\n' "$out" | jq -c 'select(.op == "change") | [.id, .type, .fields]')" \
    '["40151496264930e1","note",{"text":{"old":"Wees eerlijk over wat kan","new":"Wees open over wat kan"}}]' \
    "  change: id, type and each field's old and new"
run wl-report diff -o jsonl old.jsonl changed2.jsonl
is "$(printf '%s\n' "$out" | jq -c .fields)" \
    '{"kind":{"old":"do","new":"idea"},"block":{"old":2},"tags":{"new":["tempo"]}}' \
    "  an absent side is left out"
run wl-report diff -o jsonl old.jsonl new.jsonl
printf '%s\n' "$out" | jq -c '.record' >"$T/got"
tail -n 2 new.jsonl >"$T/want"
same "$T/got" "$T/want" "  the added records, as written"

# --- trouble ---------------------------------------------------------------

refuses "a missing file" wl-report diff old.jsonl nope.jsonl
like "$err" "nope.jsonl" "  naming it"
refuses "a missing OLD" wl-report diff nope.jsonl old.jsonl
cp old.jsonl bad.jsonl
echo '{"type":"note","id":"0123456789abcdef"' >>bad.jsonl
run wl-report diff old.jsonl bad.jsonl
is "$rc:$out" "2:" "a bad line: exit 2, nothing on stdout"
like "$err" "^wl-report: bad.jsonl:14:[0-9]+: " "  located FILE:LINE:COL"
refuses "one operand" wl-report diff old.jsonl
refuses "three operands" wl-report diff old.jsonl new.jsonl changed.jsonl
refuses "no operand" wl-report diff
refuses "-f instead of operands" wl-report diff -f old.jsonl new.jsonl
refuses "-o json" wl-report diff -o json old.jsonl new.jsonl
refuses "a directory" wl-report diff old.jsonl .
run_piped new.jsonl wl-report diff old.jsonl -
is "$rc" 1 "'-' reads standard input"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2 "  and compares it"

# --- as a git difftool -------------------------------------------------------

if command -v git >/dev/null 2>&1; then
	# Only the configuration made here.
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
	export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
	mkdir repo
	(
		cd repo
		git init -q
		git config user.name "Facilitator"
		git config user.email "facilitator@example.org"
		git config difftool.wl.cmd 'wl-report diff "$LOCAL" "$REMOTE"'
		cp ../old.jsonl werklab.jsonl
		git add werklab.jsonl
		git commit -qm "werklab Venlo"
		wl-note add -k do "Na afloop samen koffie" >/dev/null
	) >/dev/null 2>&1
	printf 'note %s: added: Na afloop samen koffie\n' \
	    "$(short "$(tail -n 1 repo/werklab.jsonl | cut -c 8-23)")" >"$T/want"
	(cd repo && git difftool -y -x 'wl-report diff' HEAD -- werklab.jsonl) \
	    >"$T/got" 2>"$T/err"
	same "$T/got" "$T/want" "git difftool -x 'wl-report diff': the line in words"
	(cd repo && git difftool -y -t wl HEAD -- werklab.jsonl) \
	    >"$T/got" 2>"$T/err"
	same "$T/got" "$T/want" "git difftool -t wl (difftool.wl.cmd): the same"
	(cd repo && git difftool -y -t wl HEAD -- werklab.jsonl) \
	    >/dev/null 2>&1
	is "$?" 0 "  git goes on past diff's exit 1 (no --trust-exit-code)"
else
	skip 3 "no git"
fi

done_testing
