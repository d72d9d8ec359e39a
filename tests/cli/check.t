#!/bin/sh
# wl-report check end to end: silent on a clean journal; each kind of
# problem with its exact message (FILE:LINE:COL) and the count; then
# --repair (torn tail aside, duplicates out, the rest byte for byte,
# atomic, under the lock), and two git clones merged with merge=union.
top=$(cd "$(dirname "$0")/../.." && pwd)
D=$top/tests/data/compare
. "$top/tests/cli/lib.sh"

V=$D/venlo.jsonl		# 13 canonical lines
S=ef3d30d93236ce07		# its session
A=52214e7cf88a2573		# an advice, line 7
P=83dddf34cb4e8fdf		# a participant, line 2
AT='"at":"2026-09-10T09:00:00Z"'
NEW='{"id":"0000000000000001"'

# --- clean journals: silent, exit 0 ------------------------------------------

if [ -e "$top/share/examples/roermond.jsonl" ]; then
	run wl-report check "$top/share/examples/roermond.jsonl"
	is "$rc:$out:$err" "0::" "the Roermond sample is clean: exit 0, silent"
else
	skip 1 "no share/examples/roermond.jsonl"
fi
run wl-report check "$V" "$D/zwolle.jsonl" "$D/deventer.jsonl"
is "$rc:$out:$err" "0::" "the compare fixtures are clean"

export WL_JOURNAL=fresh.jsonl
wl-session new -m Roermond -d 2026-06-14 -p 1 --facilitator "Anna" >/dev/null
p=$(wl-session join -r initiator -n "Jelle" --consent)
wl-session join -r civil-servant --org "Gemeente" >/dev/null
wl-note add -k expectation -b 1 "Korte lijnen" >/dev/null
q=$(wl-note add -k question -b 1 --by "$p" "Wie gaat over de natuurtuin?")
wl-note add -k do -t contact "Bel terug" >/dev/null
wl-note add -k quote --by "$p" "Eindelijk gehoord" >/dev/null
wl-note edit "$q" --text "Welke afdeling gaat over de natuurtuin?" >/dev/null
a=$(wl-advice add -p organisation "Eén aanspreekpunt")
wl-advice endorse "$a" --by "$p" >/dev/null
g=$(wl-advice agree --owner "$p" --due 2026-07-01 --advice "$a" \
    "Twee initiatiefnemers bij de presentatie")
wl-advice status "$a" presented >/dev/null
wl-advice status "$g" done >/dev/null
r=$(wl-note add -k idea "Weg ermee")
wl-note rm "$r" --reason "dubbel" >/dev/null
unset WL_JOURNAL
run wl-report check fresh.jsonl
is "$rc:$out:$err" "0::" "a journal made with the tools is clean"
cp fresh.jsonl werklab.jsonl
run wl-report check
is "$rc:$out:$err" "0::" "no operand: ./werklab.jsonl"
rm werklab.jsonl
WL_JOURNAL=fresh.jsonl run wl-report check
is "$rc:$out:$err" "0::" "no operand: WL_JOURNAL"
run wl-report check -f fresh.jsonl
is "$rc:$out:$err" "0::" "-f names it too"

# --- each problem: the exact message, then the count --------------------------

# problem DESCRIPTION LINE MESSAGE: append LINE to a copy of Venlo as
# line 14 of j.jsonl; check says MESSAGE and "1 problem", exit 1.
problem() {
	cp "$V" j.jsonl
	printf '%s\n' "$2" >>j.jsonl
	run wl-report check j.jsonl
	is "$rc:$out" "1:" "$1: exit 1, nothing on stdout"
	is "$err" "wl-report: j.jsonl:14$3
wl-report: j.jsonl: 1 problem" "  $1: the message and the count"
}

problem "syntax" "{\"type\":\"note\"," \
    ":15: unexpected end of line: incomplete JSON"
# A record cut off, as a committed torn tail that a merge put before
# other lines leaves it: a torn fragment, not a syntax error.
problem "a torn fragment" "$NEW,\"type\":\"note\"," \
    ": a torn fragment of a record (39 bytes, cut off as a crashed writer leaves them, here after a merge): skipped; 'wl-report check --repair' moves it to j.jsonl.torn-..."
problem "syntax, mid-line" "$NEW,\"type\":\"note\" \"at\":1}" \
    ":43: '}' expected near '\"at\"'"
problem "schema: a required field missing" \
    "$NEW,\"type\":\"note\",$AT,\"session\":\"$S\",\"kind\":\"do\"}" \
    ":1: missing required field 'text' (type note)"
problem "schema: a field of the wrong type" \
    "$NEW,\"type\":\"note\",$AT,\"session\":\"$S\",\"kind\":\"do\",\"text\":7}" \
    ":109: 'text' must be a string"
problem "a bad enum" \
    "$NEW,\"type\":\"note\",$AT,\"session\":\"$S\",\"kind\":\"wish\",\"text\":\"x\"}" \
    ":97: unknown kind 'wish' (one of: expectation, question, observation, do, dont, idea, quote)"
problem "a bad date" \
    "$NEW,\"type\":\"session\",$AT,\"municipality\":\"Venlo\",\"date\":\"2026-02-30\"}" \
    ":94: 'date' must be a date like 2026-06-14"
problem "an id used twice" \
    "{\"id\":\"$A\",\"type\":\"note\",$AT,\"session\":\"$S\",\"kind\":\"do\",\"text\":\"x\"}" \
    ":2: id '$A' is already used at line 7"
problem "a reference to a missing record" \
    "$NEW,\"type\":\"note\",$AT,\"session\":\"ffffffffffffffff\",\"kind\":\"do\",\"text\":\"x\"}" \
    ":68: 'session' names no record 'ffffffffffffffff'"
problem "a wrong-typed reference" \
    "$NEW,\"type\":\"endorsement\",$AT,\"ref\":\"$P\",\"by\":\"$P\",\"stance\":\"endorse\"}" \
    ":75: 'ref' names a record of type participant ('$P'), not advice"
problem "a status that does not fit" \
    "$NEW,\"type\":\"status\",$AT,\"ref\":\"$A\",\"status\":\"done\"}" \
    ":95: status 'done' does not fit a record of type advice"
problem "an amend setting a bad value" \
    "$NEW,\"type\":\"amend\",$AT,\"ref\":\"$A\",\"set\":{\"perspective\":\"everyone\"}}" \
    ":94: amend of a record of type advice: unknown perspective 'everyone' (one of: self, initiators, organisation, colleagues)"
problem "an amend setting a bad block" \
    "$NEW,\"type\":\"amend\",$AT,\"ref\":\"$A\",\"set\":{\"block\":0}}" \
    ":94: amend of a record of type advice: 'block' must be 1 or more"
problem "a block out of the session's range" \
    "$NEW,\"type\":\"note\",$AT,\"session\":\"$S\",\"kind\":\"do\",\"text\":\"x\",\"block\":4}" \
    ":120: block 4 is not in its session (it has blocks 1 to 3)"
# A line not in canonical form is no problem for a reader: a warning,
# and the journal is fine (exit 0).
form() {
	cp "$V" j.jsonl
	printf '%s\n' "$2" >>j.jsonl
	run wl-report check j.jsonl
	is "$rc:$out:$err" "0::wl-report: j.jsonl:14: warning: not in canonical form (compact, keys in order, non-ASCII unescaped)" \
	    "$1: a warning, exit 0"
}
form "spaces after colons" \
    "{\"id\": \"0000000000000001\",\"type\": \"note\",$AT,\"session\":\"$S\",\"kind\":\"do\",\"text\":\"x\",\"block\":2}"
form "keys reordered" \
    "{\"type\":\"note\",\"id\":\"0000000000000001\",$AT,\"session\":\"$S\",\"kind\":\"do\",\"text\":\"x\",\"block\":2}"
form "non-ASCII escaped" \
    "$NEW,\"type\":\"note\",$AT,\"session\":\"$S\",\"kind\":\"do\",\"text\":\"caf\\u00e9\",\"block\":2}"
problem "a blank line" "" ": blank line skipped ('wl-report check --repair' drops it)"
problem "a byte-identical duplicate line" "$(sed -n 4p "$V")" \
    ":2: the same record as line 4 again, read once ('wl-report check --repair' drops it)"
cp "$V" j.jsonl
sed -n 4p "$V" | sed 's/,"type":/, "type": /' >>j.jsonl
run wl-report check j.jsonl
is "$rc:$out:$err" "1::wl-report: j.jsonl:14: warning: not in canonical form (compact, keys in order, non-ASCII unescaped)
wl-report: j.jsonl:14:2: the same record as line 4 again, read once ('wl-report check --repair' drops it)
wl-report: j.jsonl: 1 problem" "the same record spaced otherwise is a repeat too"
run wl-report check --repair j.jsonl
same j.jsonl "$V" "  and --repair drops it"

cp "$V" j.jsonl
printf '%s' "$NEW,\"type\":\"no" >>j.jsonl
run wl-report check j.jsonl
is "$rc:$out" "1:" "a torn last line: exit 1"
is "$err" "wl-report: j.jsonl:14: last line is incomplete (35 bytes with no newline at the end, as a crashed writer leaves them): skipped; 'wl-report check --repair' moves them aside
wl-report: j.jsonl: 1 problem" "  the message and the count"

# A journal merged with itself: every line of the second half repeats
# its twin in the first, and --repair gives the journal back.
cat "$V" "$V" > twice.jsonl
nv=$(wc -l < "$V")
run wl-report check --max-errors 10000 twice.jsonl
is "$rc" 1 "a doubled journal: exit 1"
is "$(printf '%s\n' "$err" | grep -c 'the same record as line')" "$nv" \
    "  every line of the second half repeats one"
like "$(printf '%s\n' "$err" | head -1)" \
    "twice.jsonl:$((nv + 1)):2: the same record as line 1 again" "  the first names line 1"
like "$(printf '%s\n' "$err" | grep 'the same record' | tail -1)" \
    "twice.jsonl:$((nv * 2)):2: the same record as line $nv again" "  the last names line $nv"
run wl-report check --repair twice.jsonl
same twice.jsonl "$V" "  --repair gives the journal back"

# A check maps a regular file under a shared lock; while a writer holds
# the lock it reads the file whole instead, and finds the same.
cp "$V" j.jsonl
sed -n 4p "$V" >>j.jsonl
printf '%s' "$NEW,\"type\":\"no" >>j.jsonl
run wl-report check j.jsonl
mapped="$rc|$out|$err"
run flock j.jsonl wl-report check j.jsonl
is "$rc|$out|$err" "$mapped" "the same problems while a writer holds the lock"
run_piped j.jsonl wl-report check -
is "$rc|$out|$(printf '%s\n' "$err" | sed 's/<stdin>/j.jsonl/')" "$mapped" \
    "and on standard input"
like "$mapped" 'j.jsonl:14:2: the same record as line 4' "  (a repeated line"
like "$mapped" 'j.jsonl:15: last line is incomplete' "  and a torn one)"

cp "$V" j.jsonl
printf '%s\n' "$NEW,\"type\":\"poll\",$AT,\"question\":\"Koffie?\"}" >>j.jsonl
run wl-report check j.jsonl
is "$rc:$out:$err" "0::" "a record of a type unknown here is no problem"

# Two blank lines are two blank lines, not a duplicate.
cp "$V" j.jsonl
printf '\n\n' >>j.jsonl
run wl-report check j.jsonl
is "$err" "wl-report: j.jsonl:14: blank line skipped ('wl-report check --repair' drops it)
wl-report: j.jsonl:15: blank line skipped ('wl-report check --repair' drops it)
wl-report: j.jsonl: 2 problems" "two blank lines: each a blank line"

# --- many problems, --max-errors, several journals ---------------------------

cp "$V" many.jsonl
for i in 1 2 3 4 5; do
	printf '{"id":"000000000000000%s","type":"note",%s,"session":"%s","kind":"wish","text":"x"}\n' \
	    "$i" "$AT" "$S" >>many.jsonl
done
run wl-report check many.jsonl
is "$rc" 1 "five problems: exit 1"
is "$(printf '%s\n' "$err" | grep -c 'unknown kind')" 5 "  all five said"
is "$(printf '%s\n' "$err" | tail -n 1)" "wl-report: many.jsonl: 5 problems" \
    "  then the count"
run wl-report check --max-errors 2 many.jsonl
is "$rc" 1 "--max-errors 2: exit 1"
is "$err" "wl-report: many.jsonl:14:97: unknown kind 'wish' (one of: expectation, question, observation, do, dont, idea, quote)
wl-report: many.jsonl:15:97: unknown kind 'wish' (one of: expectation, question, observation, do, dont, idea, quote)
wl-report: many.jsonl: 5 problems (not all shown; see --max-errors)" \
    "  two shown, and the count says not all are"
refuses "--max-errors 0" wl-report check --max-errors 0 many.jsonl
refuses "--max-errors x" wl-report check --max-errors x many.jsonl

cp "$V" j.jsonl
printf '\n' >>j.jsonl
run wl-report check fresh.jsonl many.jsonl "$D/zwolle.jsonl" j.jsonl
is "$rc" 1 "several journals, two with problems: exit 1"
is "$(printf '%s\n' "$err" | grep -v ':[0-9]*: ' | tr '\n' '|')" \
    "wl-report: many.jsonl: 5 problems|wl-report: j.jsonl: 1 problem|" \
    "  a count for each journal with problems, in order"
is "$(printf '%s\n' "$err" | grep -c '^wl-report: j.jsonl:14: blank line skipped')" 1 \
    "  each message names its journal"
run wl-report check fresh.jsonl "$D/zwolle.jsonl"
is "$rc:$err" "0:" "several clean journals: exit 0, silent"
refuses "a journal that is not there" wl-report check fresh.jsonl nope.jsonl
like "$err" "nope.jsonl" "  naming it"
refuses "a directory" wl-report check .
run_piped many.jsonl wl-report check -
is "$rc" 1 "'-' checks standard input"
like "$err" "^wl-report: <stdin>:14:97: unknown kind" "  naming it <stdin>"
is "$(printf '%s\n' "$err" | tail -n 1)" "wl-report: <stdin>: 5 problems" \
    "  and counts"
run_piped many.jsonl wl-report check
is "$rc" 1 "no operand and a pipe: standard input is checked"
run_piped fresh.jsonl wl-report check
is "$rc:$err" "0:" "  (clean: silent)"

# --- --repair ---------------------------------------------------------------

# A journal as a union merge and a crash leave it: two lines repeated,
# a torn tail.  Expected: Venlo itself, and the tail in its own file.
TAIL="$NEW,\"type\":\"note\",$AT,\"session\":\"$S\",\"ki"
{
	cat "$V"
	sed -n 4p "$V"
	sed -n 10p "$V"
	printf '%s' "$TAIL"
} >werklab.jsonl
chmod 600 werklab.jsonl
printf '%s' "$TAIL" >"$T/tail"
run wl-report check werklab.jsonl
is "$rc" 1 "before repair: exit 1"
is "$(printf '%s\n' "$err" | tail -n 1)" "wl-report: werklab.jsonl: 3 problems" \
    "  two duplicates and a torn line"
ino=$(stat -c %i werklab.jsonl)
run wl-report check --repair werklab.jsonl
is "$rc:$out" "0:" "--repair: exit 0, nothing on stdout"
is "$err" "wl-report: werklab.jsonl: dropped 2 lines that repeated an earlier one
wl-report: werklab.jsonl: moved the torn last line (${#TAIL} bytes) to werklab.jsonl.torn-20260614T093000Z" \
    "  says what it did"
same werklab.jsonl "$V" "  drops the duplicates, keeps every other byte"
same werklab.jsonl.torn-20260614T093000Z "$T/tail" \
    "  the torn tail, exact bytes, in FILE.torn-TIMESTAMP"
is "$(stat -c %a werklab.jsonl)" 600 "  the mode stays 0600"
is "$(stat -c %a werklab.jsonl.torn-20260614T093000Z)" 600 \
    "  the torn file is 0600 too"
ok "$([ "$(stat -c %i werklab.jsonl)" != "$ino" ]; echo $?)" \
    "  the journal was replaced (a rename), not written in place"
is "$(ls -a | grep -c '^werklab.jsonl.new-')" 0 "  no temporary file left"
run wl-report check werklab.jsonl
is "$rc:$err" "0:" "after repair the journal is clean"

ino=$(stat -c %i werklab.jsonl)
run wl-report check --repair werklab.jsonl
is "$rc:$out:$err" "0::" "--repair on a clean journal: exit 0, silent"
is "$(stat -c %i werklab.jsonl)" "$ino" "  and nothing written"
is "$(ls werklab.jsonl.torn-* | wc -l | tr -d ' ')" 1 "  no new torn file"

# Other problems stay, byte for byte; blank lines go; the mode stays
# what it was.
POLL=$(printf '{"id": "0000000000000009","type":"poll",%s}' "$AT")
WISH="$NEW,\"type\":\"note\",$AT,\"session\":\"$S\",\"kind\":\"wish\",\"text\":\"x\"}"
{ cat "$V"; printf '%s\n' "$POLL" "$WISH"; } >"$T/other"
{
	cat "$V"
	printf '\n%s\n%s\n\n' "$POLL" "$WISH"
	sed -n 2p "$V"
	printf '%s\n' "$WISH"
} >other.jsonl
chmod 640 other.jsonl
run wl-report check --repair other.jsonl
is "$rc" 1 "--repair with other problems: exit 1"
is "$(printf '%s\n' "$err" | tr '\n' '|')" "wl-report: other.jsonl can be read by its group (mode 0640); it holds personal data: chmod 600 other.jsonl|wl-report: other.jsonl: dropped 2 lines that repeated an earlier one|wl-report: other.jsonl: dropped 2 blank lines|wl-report: other.jsonl:14: warning: not in canonical form (compact, keys in order, non-ASCII unescaped)|wl-report: other.jsonl:15:97: unknown kind 'wish' (one of: expectation, question, observation, do, dont, idea, quote)|wl-report: other.jsonl: 1 problem|" \
    "  says the mode lets its group read it, drops repeats and blank lines, then reports what it leaves"
same other.jsonl "$T/other" "  bad and non-canonical lines kept byte for byte"
is "$(stat -c %a other.jsonl)" 640 "  the mode stays as it was (0640)"

# Under another process's lock: refused, the journal as it was.
{ cat "$V"; sed -n 4p "$V"; } >locked.jsonl
chmod 600 locked.jsonl
cp locked.jsonl "$T/locked"
hold_lock locked.jsonl
run_nowait locked.jsonl wl-report check --repair locked.jsonl
is "$rc:$out" "2:" "--repair while another process holds the lock: exit 2"
is "$err" "wl-report: locked.jsonl: another writer is using the journal; try again when it is done" \
    "  with one clear line"
same locked.jsonl "$T/locked" "  the journal as it was"
run_nowait locked.jsonl wl-report check locked.jsonl
is "$rc" 1 "check alone needs no lock"
release_lock
run wl-report check --repair locked.jsonl
is "$rc" 0 "once the lock is free, --repair does it"
same locked.jsonl "$V" "  the duplicate dropped"

refuses "--repair of standard input" wl-report check --repair -
cp "$V" ro.jsonl
sed -n 4p "$V" >>ro.jsonl
chmod 400 ro.jsonl
cp ro.jsonl "$T/ro"
run wl-report check --repair ro.jsonl
is "$rc" 2 "--repair of a read-only journal: exit 2"
like "$err" "read-only" "  says why"
same ro.jsonl "$T/ro" "  and leaves it as it was"

# --- two facilitators, two clones, a union merge -------------------------------

if command -v git >/dev/null 2>&1; then
	# Only the configuration made here (no signing, hooks... from
	# the user's).
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
	export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
	setup_git() {
		git config user.name "$1"
		git config user.email "$1@example.org"
		git config pull.rebase false
	}
	git init -q --bare hub.git
	git --git-dir=hub.git symbolic-ref HEAD refs/heads/main
	git clone -q hub.git start 2>/dev/null
	(
		cd start && setup_git Anna
		cp "$top/share/gitattributes" .gitattributes
		WL_NOW=2026-06-14T09:00:00Z wl-session new -m Roermond \
		    -d 2026-06-14 >/dev/null
		wl-session join -r facilitator -n Anna >/dev/null
		git add .gitattributes werklab.jsonl
		git commit -qm "werklab Roermond"
		git push -q origin HEAD:refs/heads/main
		# One line both will import: the same record, byte for byte.
		cp werklab.jsonl ../scratch.jsonl
		wl-note -f ../scratch.jsonl add -o jsonl -k quote \
		    "Eindelijk gehoord" | tail -n 1 >../shared.line
	) >/dev/null 2>&1
	git clone -q hub.git anna 2>/dev/null
	git clone -q hub.git bert 2>/dev/null
	(
		cd anna && setup_git Anna
		wl-note add -k do "Bel terug" >/dev/null
		wl-note import ../shared.line >/dev/null
		wl-note add -k dont "Van loket naar loket" >/dev/null
		git commit -qam "Anna's notes"
		git push -q origin HEAD:refs/heads/main
	) >/dev/null 2>&1
	(
		cd bert && setup_git Bert
		wl-advice add -p self "Neem initiatiefnemers serieus" >/dev/null
		wl-note import ../shared.line >/dev/null
		git commit -qam "Bert's advice"
	) >/dev/null 2>&1
	jq -r .id anna/werklab.jsonl bert/werklab.jsonl | sort -u >"$T/ids"
	(cd bert && git pull -q --no-edit origin main) >"$T/pull" 2>&1
	is "$?" 0 "the clones merge without a conflict (merge=union)"
	jq -r .id bert/werklab.jsonl | sort -u >"$T/merged"
	same "$T/merged" "$T/ids" "nothing lost: every id of both sides is there"
	is "$(wc -l <"$T/ids" | tr -d ' ')" 6 \
	    "  (session, facilitator, two notes, advice, the shared quote)"
	run wl-report check bert/werklab.jsonl
	is "$rc" 1 "check finds the line both sides added"
	like "$err" "^wl-report: bert/werklab.jsonl:[0-9]+:2: the same record as line [0-9]+ again
wl-report: bert/werklab.jsonl: 1 problem$" "  as a duplicate, and only that"
	run wl-report check --repair bert/werklab.jsonl
	is "$rc:$err" "0:wl-report: bert/werklab.jsonl: dropped 1 line that repeated an earlier one" \
	    "check --repair drops it"
	run wl-report check bert/werklab.jsonl
	is "$rc:$err" "0:" "then check is clean"
	jq -r .id bert/werklab.jsonl | sort >"$T/merged"
	same "$T/merged" "$T/ids" "  every id there, each once"
	run wl-report -f bert/werklab.jsonl
	is "$rc:$err" "0:" "and the report reads it without a warning"
else
	skip 10 "no git"
fi

done_testing
