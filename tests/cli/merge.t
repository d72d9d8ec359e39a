#!/bin/sh
# Merges that converge: two facilitators' clones of one journal in git,
# with the union merge of share/gitattributes.  After 'git pull' in
# either order, both clones print the same report and lists, byte for
# byte: clone A sets an advice adopted at 10:01, clone B rejected at
# 11:00, and both say rejected; their amends of one text likewise (the
# later wins).  A line both clones appended (identical bytes) is said
# by check with its line and dropped by --repair.  A committed torn
# tail that the merge puts in the middle is a fragment readers skip
# with a warning, check names and --repair moves aside.
. "$(dirname "$0")/lib.sh"

: "${WL_SRC:=$WL_DATADIR/..}"
if ! command -v git >/dev/null 2>&1; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
		skip 1 "needs git"
	done
	done_testing
	exit
fi

git_private

git init -q --bare hub.git
git clone -q hub.git a 2>/dev/null
cd a || exit 1
cp "$WL_SRC/share/gitattributes" .gitattributes
WL_NOW=2026-06-14T09:00:00Z wl-session new -m Roermond -d 2026-06-14 >/dev/null
p=$(WL_NOW=2026-06-14T09:10:00Z wl-session join -r initiator -n "Ans Coenen" --consent)
adv=$(WL_NOW=2026-06-14T09:40:00Z wl-advice add -p self "Neem initiatiefnemers serieus")
WL_NOW=2026-06-14T09:45:00Z wl-note add -k do "Reageer snel" >/dev/null
git add .gitattributes werklab.jsonl
git commit -qm start
git push -q origin HEAD:main 2>/dev/null
cd .. && git clone -q hub.git b 2>/dev/null && cd a || exit 1

# Clone A: adopted at 10:01, a new wording at 10:05, and a note.
WL_NOW=2026-06-14T10:01:00Z wl-advice status "$adv" adopted >/dev/null
WL_NOW=2026-06-14T10:05:00Z wl-advice edit "$adv" --text "Tekst van Anna" \
    >/dev/null 2>&1
WL_NOW=2026-06-14T10:06:00Z wl-note add -k do "Van Anna" >/dev/null
git commit -qam "A: adopted"
git push -q origin HEAD:main 2>/dev/null

# Clone B, not yet pulled: rejected at 11:00, a wording at 10:30, an
# endorsement at 10:20 (before B's rewording, after A's), a note.
cd ../b || exit 1
WL_NOW=2026-06-14T11:00:00Z wl-advice status "$adv" rejected >/dev/null
WL_NOW=2026-06-14T10:30:00Z wl-advice edit "$adv" --text "Tekst van Bert" \
    >/dev/null 2>&1
WL_NOW=2026-06-14T10:20:00Z wl-advice endorse "$adv" --by "$p" >/dev/null
WL_NOW=2026-06-14T10:06:00Z wl-note add -k do "Van Bert" >/dev/null
git commit -qam "B: rejected"
git push -q origin HEAD:bert 2>/dev/null

# Each pulls the other: B merges A (B's lines first), A merges B (A's
# lines first).
git pull -q --no-edit origin main >/dev/null 2>&1
is "$?" 0 "clone B pulls A: the union merge takes both"
cd ../a || exit 1
git pull -q --no-edit origin bert >/dev/null 2>&1
is "$?" 0 "clone A pulls B"
cd .. || exit 1
is "$(cmp -s a/werklab.jsonl b/werklab.jsonl; echo $?)" 1 \
    "the two merged files differ in the order of their lines"

# Both clones, every output.
for c in a b; do
	mkdir "$T/out-$c"
	(cd $c && wl-report >"$T/out-$c/md" 2>&1 &&
	    wl-advice list -o tsv >"$T/out-$c/advice" 2>&1 &&
	    wl-advice show "$adv" -o tsv | cut -f 2- >"$T/out-$c/show" 2>&1 &&
	    wl-note list -o tsv >"$T/out-$c/notes" 2>&1 &&
	    wl-note list -o jsonl >"$T/out-$c/notes.jsonl" 2>&1)
	ok $? "clone $c: report and lists"
done
for f in md advice show notes notes.jsonl; do
	same "$T/out-a/$f" "$T/out-b/$f" "after git pull either way: the same $f"
done
like "$(sed -n '/Tekst van Bert/,/Opvolging/p' "$T/out-a/md" | tail -n 1)" \
    "afgewezen" "rejected at 11:00 wins over adopted at 10:01, in both"
like "$(cut -f 3,8 "$T/out-a/advice" | sed 1d)" "^rejected	Tekst van Bert" \
    "the later amend (10:30) wins over the earlier (10:05)"
is "$(grep -c '^   - Draagvlak: .*1 keer steun gegeven vóór de tekst werd aangepast$' "$T/out-a/md")" 1 \
    "the endorsement at 10:20 came before the rewording at 10:30: stale"

# A line both clones append, byte for byte (an import of one file in
# both, say), A before a line of its own and B after one: the union
# merge keeps it twice (L B1 X X A1); check says so, with its line;
# --repair drops one.
cd a || exit 1
git pull -q --no-edit origin main >/dev/null 2>&1
git push -q origin HEAD:main 2>/dev/null
cd ../b || exit 1
git pull -q --no-edit origin main >/dev/null 2>&1
cd ../a || exit 1
line='{"id":"0123456789abcdef","type":"note","at":"2026-06-14T12:00:00Z","session":"'$(wl-session list -o tsv | sed -n 2p | cut -f 1)'","kind":"idea","text":"Dubbel"}'
printf '%s\n' "$line" >>werklab.jsonl
WL_NOW=2026-06-14T11:31:00Z wl-note add -k do "Eigen regel van Anna" >/dev/null
git commit -qam "A: the line, then one of its own"
git push -q origin HEAD:main 2>/dev/null
cd ../b || exit 1
WL_NOW=2026-06-14T11:30:00Z wl-note add -k do "Eigen regel van Bert" >/dev/null
printf '%s\n' "$line" >>werklab.jsonl
git commit -qam "B: a line of its own, then the same line"
git pull -q --no-edit origin main >/dev/null 2>&1
is "$(grep -c 0123456789abcdef werklab.jsonl)" 2 "the union merge keeps the line twice"
at=$(grep -n 0123456789abcdef werklab.jsonl | sed -n 2p | cut -d: -f1)
first=$(grep -n 0123456789abcdef werklab.jsonl | sed -n 1p | cut -d: -f1)
run wl-report check
like "$rc:$err" "^1:.*werklab.jsonl:$at:[0-9]+: the same record as line $first again, read once \\('wl-report check --repair' drops it\\)" \
    "check names the repeated line"
run wl-report check --repair
is "$rc:$(grep -c 0123456789abcdef werklab.jsonl)" "0:1" "--repair drops it"
run wl-report check
is "$rc:$err" "0:" "and the journal is clean"
git commit -qam "B: repaired" && git push -q origin HEAD:main 2>/dev/null
cd ../a && git pull -q --no-edit origin main >/dev/null 2>&1
cd ../b || exit 1

# A committed torn tail: a crash in clone B cut its last record, and
# B committed the journal so.  Clone A appends, then each pulls the
# other.  In A's merge (A's line first) the fragment stays the torn
# tail; in B's (the fragment first) git's union merge ends it with a
# newline: a line of its own in the middle of the file.
frag='{"id":"feedfacefeedface","type":"note","at":"2026-06-14T12:30:00Z","session":"'
printf '%s' "$frag" >>werklab.jsonl
git commit -qam "B: torn" && git push -q origin HEAD:torn 2>/dev/null
cd ../a || exit 1
WL_NOW=2026-06-14T12:40:00Z wl-note add -k do "Na de crash" >/dev/null
git commit -qam "A: after" && git push -q origin HEAD:main 2>/dev/null
git pull -q --no-edit origin torn >/dev/null 2>&1
cd ../b || exit 1
git pull -q --no-edit origin main >/dev/null 2>&1
cd .. || exit 1
fb=$(grep -n '^{"id":"feedfacefeedface' b/werklab.jsonl | cut -d: -f1)
is "$(sed -n "${fb}p" b/werklab.jsonl):$(tail -n 1 b/werklab.jsonl | cut -c 8-23)" \
    "$frag:$(cd b && wl-note list -o tsv 2>/dev/null | grep 'Na de crash' | cut -f 1)" \
    "clone B's merge: the fragment is a line of its own, A's record after it"
is "$(tail -c ${#frag} a/werklab.jsonl)" "$frag" "clone A's merge: it stays the torn tail"
(cd a && wl-report >"$T/out-a/torn.md" 2>/dev/null)
(cd b && wl-report >"$T/out-b/torn.md" 2>"$T/out-b/torn.err")
is "$?:$(cat "$T/out-b/torn.err")" "0:wl-report: werklab.jsonl:$fb: warning: a torn fragment of a record (${#frag} bytes, cut off as a crashed writer leaves them, here after a merge): skipped; 'wl-report check --repair' moves it to werklab.jsonl.torn-..." \
    "clone B: the report skips the fragment, with a warning naming its line"
same "$T/out-a/torn.md" "$T/out-b/torn.md" "both clones: the same report"
run sh -c 'cd b && wl-report check'
is "$rc:$err" "1:wl-report: werklab.jsonl:$fb: a torn fragment of a record (${#frag} bytes, cut off as a crashed writer leaves them, here after a merge): skipped; 'wl-report check --repair' moves it to werklab.jsonl.torn-...
wl-report: werklab.jsonl: 1 problem" "clone B: check names it, with its line"
cd b || exit 1
run wl-report check --repair
like "$err" "moved 1 torn fragment \\(${#frag} bytes in all, with any torn last line\\) to werklab\\.jsonl\\.torn-" \
    "--repair moves the fragment aside"
is "$(cat werklab.jsonl.torn-*)" "$frag" "  to the .torn- file, byte for byte"
run wl-report check
is "$rc:$err:$(grep -c feedface werklab.jsonl)" "0::0" "  and the journal is clean"
rm -f werklab.jsonl.torn-*

# A fragment glued to a whole record on one line (as a writer that
# appended after a torn tail would leave it): the record stays.
s=$(wl-session list -o tsv | sed -n 2p | cut -f 1)
rec='{"id":"0123456789abcdee","type":"note","at":"2026-06-14T13:00:00Z","session":"'$s'","kind":"idea","text":"Achter een scherf"}'
printf '%s%s\n' "$frag" "$rec" >>werklab.jsonl
printf '%s\n' "$rec" >"$T/rec"
run wl-note list -o tsv
is "$rc:$(printf '%s\n' "$out" | grep -c 'Achter een scherf')" "0:1" \
    "a record glued behind a fragment is read"
run wl-report check --repair
is "$rc:$(cat werklab.jsonl.torn-*)" "0:$frag" "--repair moves the fragment aside"
tail -n 1 werklab.jsonl >"$T/last"
same "$T/last" "$T/rec" "  and keeps the record glued behind it, as a line of its own"

done_testing
