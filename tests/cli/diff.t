#!/bin/sh
# wl-report diff end to end: two copies of a journal compared record
# by record on id, as text and as jsonl operations; its exit status
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
tail -n 2 new.jsonl | sed 's/^/+ /' >"$T/want"
run wl-report diff old.jsonl new.jsonl
is "$rc:$err" "1:" "appends on one side: exit 1"
same "$T/.out" "$T/want" "  one '+ line' each, the record as written"
run wl-report diff new.jsonl old.jsonl
is "$rc" 1 "the other way round: exit 1"
tail -n 2 new.jsonl | sed 's/^/- /' >"$T/want"
same "$T/.out" "$T/want" "  one '- line' each"

# An amend is a record of its own: it is added, not a change.
cp new.jsonl amended.jsonl
chmod 600 amended.jsonl
wl-note -f amended.jsonl edit "$n1" --text "Bel terug binnen drie dagen" \
    >/dev/null
run wl-report diff new.jsonl amended.jsonl
is "$rc" 1 "an amend on one side: exit 1"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1 "  one line"
like "$out" '^\+ \{"id":"[0-9a-f]{16}","type":"amend",.*"ref":"'"$n1"'","set":\{"text":"Bel terug binnen drie dagen"\}\}$' \
    "  the amend, as an added record"

# A record on each side.
cp old.jsonl left.jsonl
cp old.jsonl right.jsonl
chmod 600 left.jsonl right.jsonl
wl-note -f left.jsonl add -k do "Links" >/dev/null
wl-note -f right.jsonl add -k do "Rechts" >/dev/null
run wl-report diff left.jsonl right.jsonl
is "$rc" 1 "a record on each side: exit 1"
{ tail -n 1 left.jsonl | sed 's/^/- /'; tail -n 1 right.jsonl | sed 's/^/+ /'; } >"$T/want"
same "$T/.out" "$T/want" "  one '-' (removed) first, then one '+' (added)"

# A changed record: its text edited in place.
sed 's/"Wees eerlijk over wat kan"/"Wees open over wat kan"/' old.jsonl >changed.jsonl
run wl-report diff old.jsonl changed.jsonl
is "$rc" 1 "a changed record: exit 1"
is "$out" '~ note 40151496264930e1
    text: "Wees eerlijk over wat kan" → "Wees open over wat kan"' \
    "  '~ type id', then 'field: old → new'"
# A field added, one removed, one changed, on one record.
sed 's/"kind":"do","text":"Reageer snel","block":2}/"kind":"idea","text":"Reageer snel","tags":["tempo"]}/' \
    old.jsonl >changed2.jsonl
run wl-report diff old.jsonl changed2.jsonl
is "$out" '~ note d4a636f9bf1e874f
    kind: "do" → "idea"
    block: 2 → (absent)
    tags: (absent) → ["tempo"]' \
    "  fields added and removed show as (absent)"

# --- -o jsonl ---------------------------------------------------------------

cat old.jsonl >mixed.jsonl
tail -n 1 right.jsonl >>mixed.jsonl
sed -i 's/"Wees eerlijk over wat kan"/"Wees open over wat kan"/' mixed.jsonl
cat old.jsonl left.jsonl | sort -u >old2.jsonl
run wl-report diff -o jsonl old2.jsonl mixed.jsonl
is "$rc" 1 "-o jsonl: exit 1"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3 "  one line per operation"
is "$(printf '%s\n' "$out" | jq -c . | wc -l | tr -d ' ')" 3 \
    "  each line valid JSON"
is "$(printf '%s\n' "$out" | jq -r .op | tr '\n' ' ')" "remove add change " \
    "  ops: removes first, then adds and changes in the order of NEW's records (the add is of 14 June, the change of a record of 10 September)"
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
tail -n 2 new.jsonl | sed 's/^/+ /' >"$T/want"
same "$T/.out" "$T/want" "  and compares it"

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
	tail -n 1 repo/werklab.jsonl | sed 's/^/+ /' >"$T/want"
	(cd repo && git difftool -y -x 'wl-report diff' HEAD -- werklab.jsonl) \
	    >"$T/got" 2>"$T/err"
	same "$T/got" "$T/want" "git difftool -x 'wl-report diff': the '+ ' line"
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
