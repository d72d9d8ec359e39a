#!/bin/sh
# wl-report merge: copies of one journal sent by mail made one again.
# Two facilitators go on from one journal; their copies are merged
# both ways by git (the union merge of share/gitattributes, then
# 'wl-report check --repair') and by 'wl-report merge': the same bytes,
# and a journal that checks clean.  A redaction in one copy wins.  Two
# records of one id are refused, naming both lines, and nothing is
# written; -o never names a journal.
. "$(dirname "$0")/lib.sh"

: "${WL_SRC:=$WL_DATADIR/..}"

# --- two copies that went apart ---------------------------------------------

WL_NOW=2026-06-14T09:00:00Z wl-session new -m Roermond -d 2026-06-14 >/dev/null
p=$(WL_NOW=2026-06-14T09:10:00Z wl-session join -r initiator -n "Ans Coenen" --consent)
q=$(WL_NOW=2026-06-14T09:11:00Z wl-session join -r civil-servant -n "Klaas Postma" --consent)
adv=$(WL_NOW=2026-06-14T09:40:00Z wl-advice add -p self "Neem initiatiefnemers serieus")
WL_NOW=2026-06-14T09:45:00Z wl-note add -k do "Reageer snel" >/dev/null
cp werklab.jsonl base.jsonl
cp werklab.jsonl a.jsonl
cp werklab.jsonl b.jsonl
# Anna's copy: adopted, a new wording, a note of Klaas.
export WL_JOURNAL=a.jsonl
WL_NOW=2026-06-14T10:01:00Z wl-advice status "$adv" adopted >/dev/null
WL_NOW=2026-06-14T10:05:00Z wl-advice edit "$adv" --text "Tekst van Anna" \
    >/dev/null 2>&1
WL_NOW=2026-06-14T10:06:00Z wl-note add -k idea --by "$q" "Idee van Klaas" >/dev/null
# Bert's copy: rejected, another wording, an endorsement, a note.
export WL_JOURNAL=b.jsonl
WL_NOW=2026-06-14T11:00:00Z wl-advice status "$adv" rejected >/dev/null
WL_NOW=2026-06-14T10:30:00Z wl-advice edit "$adv" --text "Tekst van Bert" \
    >/dev/null 2>&1
WL_NOW=2026-06-14T10:20:00Z wl-advice endorse "$adv" --by "$p" >/dev/null
WL_NOW=2026-06-14T10:06:00Z wl-note add -k do "Van Bert" >/dev/null
unset WL_JOURNAL
# A line both copies got (the same file imported in both), Anna's
# before a line of her own, Bert's after his.
line='{"id":"0123456789abcdef","type":"note","at":"2026-06-14T12:00:00Z","session":"'$(wl-session -f base.jsonl list -o tsv | sed -n 2p | cut -f 1)'","kind":"idea","text":"Dubbel"}'
printf '%s\n' "$line" >>a.jsonl
printf '%s\n' "$line" >>b.jsonl
chmod 600 a.jsonl b.jsonl
WL_NOW=2026-06-14T12:01:00Z wl-note -f a.jsonl add -k do "Na de import" >/dev/null

# The git side: base committed, each copy on a branch, merged into the
# other with the union merge, then repaired.
have_git=0
if command -v git >/dev/null 2>&1; then
	have_git=1
	git_private
	mkdir repo
	(
		cd repo && git init -q &&
		cp "$WL_SRC/share/gitattributes" .gitattributes &&
		cp ../base.jsonl werklab.jsonl &&
		git add .gitattributes werklab.jsonl &&
		git commit -qm base &&
		git branch anna && git branch bert &&
		git checkout -q anna && cp ../a.jsonl werklab.jsonl &&
		git commit -qam anna &&
		git checkout -q bert && cp ../b.jsonl werklab.jsonl &&
		git commit -qam bert &&
		git checkout -q -b ab anna && git merge -q --no-edit bert &&
		cp werklab.jsonl ../git-ab.jsonl &&
		git checkout -q -b ba bert && git merge -q --no-edit anna &&
		cp werklab.jsonl ../git-ba.jsonl
	) >/dev/null 2>&1
	ok $? "git: the copies on two branches, merged each way (union)"
	chmod 600 git-ab.jsonl git-ba.jsonl
	is "$(grep -c 0123456789abcdef git-ab.jsonl)" 2 \
	    "  the union keeps the line both copies got twice"
	wl-report check --repair git-ab.jsonl >/dev/null 2>&1
	wl-report check --repair git-ba.jsonl >/dev/null 2>&1
	run wl-report check git-ab.jsonl git-ba.jsonl
	is "$rc:$err" "0:" "  and check --repair mends both"
else
	skip 3 "no git"
fi

run wl-report merge a.jsonl b.jsonl
is "$rc:$err" "0:wl-report: dropped 1 line that repeated an earlier one" \
    "wl-report merge A B: exit 0, saying it dropped the line both copies got"
cp "$T/.out" ab.jsonl
run wl-report merge b.jsonl a.jsonl
cp "$T/.out" ba.jsonl
if [ "$have_git" = 1 ]; then
	same ab.jsonl git-ab.jsonl "  the bytes of git's union merge into A, then check --repair"
	same ba.jsonl git-ba.jsonl "  and B A those of the merge into B"
else
	skip 2 "no git"
fi
run wl-report check ab.jsonl
is "$rc:$err" "0:" "  the merge checks clean"
is "$(grep -c 0123456789abcdef ab.jsonl)" 1 "  the line both copies got, once"
is "$(cat a.jsonl b.jsonl | sort -u | wc -l | tr -d ' ')" \
    "$(wc -l <ab.jsonl | tr -d ' ')" "  every record of either copy, once"
WL_JOURNAL=ab.jsonl wl-advice list -o tsv >"$T/ab"
WL_JOURNAL=ba.jsonl wl-advice list -o tsv >"$T/ba"
same "$T/ab" "$T/ba" "  either way round, the same list"
like "$(cut -f 3,8 "$T/ab" | sed 1d)" "^rejected	Tekst van Bert" \
    "  the later status (11:00) and the later wording (10:30) win"

# Standard input as a copy; the union made in TMPDIR, and nothing left
# there.
mkdir tmp
run_piped b.jsonl env TMPDIR="$T/tmp" wl-report merge a.jsonl -
printf '%s\n' "$out" >"$T/got"
same "$T/got" ab.jsonl "'-': standard input as a copy"
is "$(ls -A tmp)" "" "  no file left in TMPDIR"

# Three copies, one holding nothing new; a copy given twice.
cp base.jsonl c.jsonl
run wl-report merge a.jsonl c.jsonl b.jsonl a.jsonl
cp "$T/.out" acb.jsonl
same acb.jsonl ab.jsonl "three copies and one again: the same journal"

# -o FILE: written whole, private, and no file beside it.
run wl-report merge -o merged.jsonl a.jsonl b.jsonl
is "$rc:$out:$err" "0::wl-report: dropped 1 line that repeated an earlier one" \
    "-o FILE: exit 0, nothing on standard output"
same merged.jsonl ab.jsonl "  FILE holds the merge"
is "$(stat -c %a merged.jsonl)" 600 "  mode 0600, as a journal's"
is "$(ls | grep -c 'merge-')" 0 "  no temporary file left"
cp merged.jsonl before.jsonl
run wl-report merge -o a.jsonl a.jsonl b.jsonl
is "$rc:$out" "2:" "-o naming a copy it reads: refused"
is "$err" "wl-report: a.jsonl is a journal: merge writes a new file, not over a journal or a copy it reads" \
    "  saying why"
run wl-report merge -o merged.jsonl a.jsonl b.jsonl
is "$rc" 2 "-o naming another journal: refused"
same merged.jsonl before.jsonl "  the journal as it was"
echo 'notities' >notes.txt
run wl-report merge -o notes.txt a.jsonl b.jsonl
is "$rc" 0 "-o over a file that is no journal: written"
same notes.txt ab.jsonl "  with the merge"

# --- a redaction in one copy wins ------------------------------------------

cp a.jsonl ared.jsonl
WL_JOURNAL=ared.jsonl wl-session redact "$q" --yes >/dev/null 2>&1
ok "$(grep -c 'Klaas' ared.jsonl | grep -qx 0; echo $?)" \
    "Klaas erased in one copy"
ok "$(grep -q 'Klaas Postma' b.jsonl; echo $?)" "  (the other copy still names him)"
cp b.jsonl b0.jsonl
WL_NOW=2026-06-14T12:10:00Z wl-note -f b.jsonl add -k idea --by "$q" "Nog een van Klaas" >/dev/null
run wl-report merge b.jsonl ared.jsonl
cp "$T/.out" red.jsonl
is "$rc" 0 "merge of the copy with the redaction and one without: exit 0"
is "$(grep -c 'Klaas\|Idee van Klaas\|Nog een van Klaas' red.jsonl)" 0 \
    "  nothing of Klaas left: his name, his notes, the one of the other copy"
like "$err" "erased [0-9]+ lines? of erased participants" "  said on standard error"
run wl-report check red.jsonl
is "$rc:$err" "0:" "  and it checks clean"
if [ "$have_git" = 1 ]; then
	cp b.jsonl gb.jsonl
	(
		cd repo && git checkout -q bert && cp ../gb.jsonl werklab.jsonl &&
		git commit -qam "bert again" && git checkout -q -b red anna &&
		cp ../ared.jsonl werklab.jsonl && git commit -qam redacted &&
		git checkout -q -b bred bert && git merge -q --no-edit red &&
		cp werklab.jsonl ../git-red.jsonl &&
		git checkout -q -b redb red && git merge -q --no-edit bert &&
		cp werklab.jsonl ../git-red2.jsonl
	) >/dev/null 2>&1
	chmod 600 git-red.jsonl git-red2.jsonl
	wl-report check --repair git-red.jsonl >/dev/null 2>&1
	wl-report check --repair git-red2.jsonl >/dev/null 2>&1
	same red.jsonl git-red.jsonl "  the bytes of git's union merge and check --repair"
	wl-report merge ared.jsonl b.jsonl >red2.jsonl 2>/dev/null
	same red2.jsonl git-red2.jsonl "  and the other way round"
else
	skip 2 "no git"
fi

# --- what cannot be merged ---------------------------------------------------

sed 's/"text":"Van Bert"/"text":"Van Berta"/' b.jsonl >b2.jsonl
at=$(grep -n 'Van Berta' b2.jsonl | cut -d: -f1)
rm -f out.jsonl
run wl-report merge -o out.jsonl a.jsonl b.jsonl b2.jsonl
is "$rc:$out" "2:" "one id, two records: exit 2"
is "$err" "wl-report: b2.jsonl:$at:2: id '$(sed -n "${at}p" b2.jsonl | cut -c 8-23)' is already used at b.jsonl:$at: the copies give it different records; keep one of the two lines, then merge again
wl-report: 1 problem in the union of the copies: nothing merged" \
    "  naming both lines"
is "$(ls out.jsonl* 2>/dev/null)" "" "  nothing written, no temporary file left"
run wl-report merge a.jsonl b.jsonl b2.jsonl
is "$rc:$out" "2:" "  nor on standard output"

cp werklab.jsonl werklab.orig
refuses "one copy" wl-report merge a.jsonl
refuses "no copy" wl-report merge
refuses "-f for a copy" wl-report merge -f a.jsonl b.jsonl
refuses "a missing copy" wl-report merge a.jsonl nope.jsonl
like "$err" "nope.jsonl" "  naming it"
refuses "-o without a name" wl-report merge -o '' a.jsonl b.jsonl

# A torn tail in a copy: left out, as its readers leave it, with a
# warning; the rest merged.
cp b0.jsonl torn.jsonl
frag='{"id":"feedfacefeedface","type":"note","at":"2026-06-14T12:30'
printf "%s" "$frag" >>torn.jsonl
run wl-report merge a.jsonl torn.jsonl
is "$rc" 0 "a copy with a torn last line: merged"
like "$err" "^wl-report: torn.jsonl:$(($(wc -l <torn.jsonl) + 1)): warning: an incomplete last line \\(${#frag} bytes, cut off as a crashed writer leaves them\\): left out of the merge$" \
    "  the torn line left out, with a warning naming it"
printf '%s\n' "$out" >"$T/got"
same "$T/got" ab.jsonl "  the rest as without it"

done_testing
