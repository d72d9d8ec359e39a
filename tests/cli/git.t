#!/bin/sh
# share/git/wl-textconv: "git diff" of a journal in a real repository
# shows one readable line per record, once share/gitattributes and the
# diff driver are set up as the script's comment says.
. "$(dirname "$0")/lib.sh"

: "${WL_SRC:=$WL_DATADIR/..}"
conv=$WL_SRC/share/git/wl-textconv

is "$(sh -n "$conv" 2>&1; echo $?)" 0 "wl-textconv is valid sh"
ok "$([ -x "$conv" ]; echo $?)" "and executable"
like "$(sed -n 1p "$conv")" '^#!/bin/sh$' "a POSIX sh script"
like "$(cat "$conv")" 'textconv = .*/share/wl/git/wl-textconv' \
    "its comment shows the [diff \"wl\"] configuration"
like "$(grep -v '^#' "$WL_SRC/share/gitattributes")" \
    '^\*\.jsonl diff=wl$' "share/gitattributes names the diff driver"

if ! command -v git >/dev/null 2>&1 || ! command -v jq >/dev/null 2>&1; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		skip 1 "needs git and jq"
	done
	done_testing
	exit
fi

export GIT_CONFIG_NOSYSTEM=1 HOME="$T"
git init -q repo
cd repo || exit 1
git config user.name Anna
git config user.email anna@example.org
git config diff.wl.textconv "$conv"
cp "$WL_SRC/share/gitattributes" .gitattributes
s=$(wl-session new -m Roermond -d 2026-06-14 -p 1 --title "Op naar betere samenwerking")
p=$(wl-session join -r initiator -n "Ans Coenen" --org "Natuurtuin" --consent)
git add .gitattributes werklab.jsonl
git commit -qm start

# added lines of "git diff", the "+" dropped
added() { git diff "$@" | sed -n '/^+++ /d; s/^+//p'; }

is "$(added)" "" "no change, no diff"
n1=$(wl-note add -k do "Reageer snel")
is "$(added)" "note $n1: do (block 2): Reageer snel" \
    "git diff after an append: the record as one readable line"
like "$(git diff)" "^ participant $p: initiator Ans Coenen \\(Natuurtuin\\), consent\$" \
    "the context lines are readable too"
like "$(git diff)" "^ session $s: Roermond 2026-06-14 \\(pilot 1\\): Op naar betere samenwerking\$" \
    "a session: municipality, date, pilot, title"
like "$(git diff --no-textconv)" '^\+\{"id":"'"$n1"'","type":"note"' \
    "--no-textconv: the JSON line"
git commit -qam notes

a=$(wl-advice add -p organisation "Wijs één vast aanspreekpunt aan")
e=$(wl-advice endorse "$a" --by "$p" --stance reservations --reason "Alleen met tijd")
g=$(wl-advice agree --owner "$p" --due 2026-07-02 --advice "$a" "Mee naar het MT")
st=$(wl-advice status "$g" done)
m=$(wl-note edit "$n1" --text "Reageer snel en eerlijk")
r=$(wl-note rm "$n1" --reason dubbel)
cat >"$T/want" <<EOF
advice $a: organisation: Wijs één vast aanspreekpunt aan
endorsement $e: reservations $a by $p: Alleen met tijd
agreement $g: Mee naar het MT (owner $p) (due 2026-07-02)
status $st: $g done
amend $m: $n1 set text="Reageer snel en eerlijk"
retract $r: $n1: dubbel
EOF
added >"$T/got"
same "$T/got" "$T/want" "advice, endorsement, agreement, status, amend, retract"
git commit -qam advice
like "$(git log -p -1 | grep '^+[a-z]')" "^\\+advice $a: organisation" \
    "git log -p reads the same way"

# a line that is not a record passes as it is
printf '%s\n' '{"id":"00000000000000aa","type":"future","at":"2026-06-14T09:30:00Z","x":[1]}' \
    'not json at all' >>werklab.jsonl
is "$(added)" 'future 00000000000000aa: {"x":[1]}
not json at all' "an unknown type and a broken line: shown, not lost"
git checkout -q werklab.jsonl

# text with a newline or a tab stays on its line
printf '%s\n' '{"id":"00000000000000bb","type":"note","at":"2026-06-14T09:30:00Z","session":"'"$s"'","kind":"idea","text":"twee\nregels\tplus"}' >>werklab.jsonl
is "$(added)" "note 00000000000000bb: idea: twee regels plus" \
    "control characters in text become spaces: one line per record"
git checkout -q werklab.jsonl

# without jq, the journal as it is
mkdir "$T/nojq"
ln -s "$(command -v cat)" "$T/nojq/cat"
PATH=$T/nojq /bin/sh "$conv" werklab.jsonl >"$T/got"
same "$T/got" werklab.jsonl "no jq: the journal as it is (cat)"

# as git calls it: the only argument is a file; failure would be git's
"$conv" werklab.jsonl >/dev/null
is "$?" 0 "exit 0 on a journal"
is "$(cd "$T" && "$conv" </dev/null; echo "rc=$?")" "rc=0" \
    "empty input, no argument: nothing, exit 0"

done_testing
