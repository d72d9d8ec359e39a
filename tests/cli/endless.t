#!/bin/sh
# Endless and binary input: every reader refuses the first line over the
# limit (WL_LINE_MAX, 1 MiB) as it reads it, exit 2, and holds no more
# than about that limit meanwhile -- the loader, check, check --repair,
# import, the fast list, diff, merge, compare, the report, and the
# writers' standard input.  Before, /dev/zero made them grow until the
# machine killed them (or skip on without end).
#
# The assertion is peak memory (/usr/bin/time's %M), never time: each
# run must stay within BOUND of what a plain list of a tiny journal
# takes.  timeout only keeps a regression from hanging the suite, and
# its status (124) fails the exit-status check.
. "$(dirname "$0")/lib.sh"

if ! /usr/bin/time -f %M -o "$T/.kb" true 2>/dev/null; then
	echo "1..0 # SKIP no GNU time (/usr/bin/time -f %M)"
	exit 0
fi

msg='line longer than 1048576 bytes (the most a journal line may hold)'

# peak CMD: run the shell command CMD (stdin /dev/null unless it says
# otherwise); rc, out, err as run sets them, kb its peak RSS in KB.
peak() {
	timeout 60 /usr/bin/time -f %M -o "$T/.kb" sh -c "$1" \
	    </dev/null >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
	kb=$(tail -n 1 "$T/.kb" 2>/dev/null)
	case $kb in '' | *[!0-9]*) kb=999999999 ;; esac
}

s=$(wl-session new -m Roermond -d 2026-06-14 </dev/null)
nt=$(wl-note add -k idea "Een idee" </dev/null)
cp werklab.jsonl good.jsonl
cp werklab.jsonl good0.jsonl
peak "wl-session list -o tsv"
is "$rc" 0 "(a plain list of a tiny journal, for the baseline)"
# 16 limits above the baseline: far below the 100 MB the old readers
# took of head -c 100M, and whatever they took of an endless input.
BOUND=$((kb + 16384))

# bounded DESC WANT CMD: exit 2, the one message WANT on stderr, nothing
# on stdout, within BOUND, and the journal unchanged.
bounded() {
	peak "$3"
	n=$((n + 1))
	if [ "$rc" -eq 2 ] && [ -z "$out" ] && [ "$err" = "$2" ] &&
	    [ "$kb" -le "$BOUND" ] && cmp -s werklab.jsonl good.jsonl; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '#   rc=%s out=%s peak=%s KB (bound %s)\n#   err=%s\n' \
		    "$rc" "$out" "$kb" "$BOUND" "$err"
		failed=$((failed + 1))
	fi
}

# --- journal readers on /dev/zero -------------------------------------
bounded "wl-report check /dev/zero" "wl-report: /dev/zero:1: $msg" \
    "wl-report check /dev/zero"
bounded "check of 100 MB of NULs through a pipe" "wl-report: <stdin>:1: $msg" \
    "head -c 100M /dev/zero | wl-report check"
bounded "check - of an endless pipe" "wl-report: <stdin>:1: $msg" \
    "cat /dev/zero | wl-report check -"
bounded "wl-note list -f /dev/zero (the fast list, then the loader)" \
    "wl-note: /dev/zero:1: $msg" "wl-note list -f /dev/zero"
bounded "wl-note list --all -o jsonl -f /dev/zero" \
    "wl-note: /dev/zero:1: $msg" "wl-note list --all -o jsonl -f /dev/zero"
bounded "wl-session list -f /dev/zero" "wl-session: /dev/zero:1: $msg" \
    "wl-session list -f /dev/zero"
bounded "wl-report md -f /dev/zero" "wl-report: /dev/zero:1: $msg" \
    "wl-report md -f /dev/zero"
bounded "wl-report md --all -f /dev/zero" "wl-report: /dev/zero:1: $msg" \
    "wl-report md --all -f /dev/zero"
bounded "wl-report diff /dev/zero werklab.jsonl" \
    "wl-report: /dev/zero:1: $msg" "wl-report diff /dev/zero werklab.jsonl"
bounded "wl-report merge of /dev/zero" "wl-report: /dev/zero:1: $msg" \
    "wl-report merge werklab.jsonl /dev/zero"
bounded "wl-report merge of an endless pipe" "wl-report: <stdin>:1: $msg" \
    "cat /dev/zero | wl-report merge werklab.jsonl -"
bounded "wl-report compare /dev/zero" "wl-report: /dev/zero:1: $msg" \
    "wl-report compare /dev/zero"

# --- import -----------------------------------------------------------
bounded "wl-note import /dev/zero" "wl-note: /dev/zero:1: $msg" \
    "wl-note import /dev/zero"
bounded "an endless pipe of NULs into import -" "wl-note: <stdin>:1: $msg" \
    "cat /dev/zero | wl-note import -"
peak "yes | wl-note import -"
is "$rc:$out" "2:" "yes | wl-note import -: exit 2 (an endless input of short lines)"
is "$err" "wl-note: <stdin>:1:1: '[' or '{' expected near 'y'
wl-note: nothing imported (1 error)" "  the first bad line said, and no more read"
ok $((kb > BOUND)) "  within the bound ($kb KB)"
same werklab.jsonl good.jsonl "  the journal unchanged"

# --- writers' standard input ------------------------------------------
bounded "a bulk add from an endless pipe" \
    "wl-note: <stdin>:1: $msg" "cat /dev/zero | wl-note add -k idea"
bounded "an edit's new text from an endless pipe" \
    "wl-note: standard input: longer than 1048576 bytes (the most a journal line may hold)" \
    "yes | wl-note edit $nt"

# --- an over-long line inside a journal file ---------------------------
# Refused where it stands by every reader but check, which says it (and
# that --repair mends it) and reads past it; check --repair moves it
# aside, streamed (longline.t).  Both within the bound.
{ head -n 1 good.jsonl; head -c 10485760 /dev/zero | tr '\0' a; echo
  tail -n 1 good.jsonl; } >long.jsonl
bounded "import refuses a 10 MiB line 2 of its input" \
    "wl-note: long.jsonl:2: $msg" "wl-note import long.jsonl"
cp long.jsonl good.jsonl
cp long.jsonl werklab.jsonl
mend="line longer than 1048576 bytes (the most a journal line may hold; 'wl-report check --repair' moves it aside)"
bounded "a writer refuses it" "wl-note: werklab.jsonl:2: $mend" \
    "wl-note add -k idea Nog een"
peak "wl-report check werklab.jsonl"
is "$rc:$out:$err" "1::wl-report: werklab.jsonl:2: $mend
wl-report: werklab.jsonl: 1 problem" "check of a journal with a 10 MiB line 2: a problem, said"
ok $((kb > BOUND)) "  within the bound ($kb KB)"
peak "wl-report check --repair werklab.jsonl"
is "$rc:$out" "0:" "check --repair of it: mended"
ok $((kb > BOUND)) "  within the bound ($kb KB)"
is "$(wc -l <werklab.jsonl | tr -d ' ')" 2 "  the two other lines kept"

# --- a torn last line within the limit is still read past ---------------
cp good0.jsonl werklab.jsonl
printf '{"id":"1234' >>werklab.jsonl
run wl-note list -o tsv
is "$rc" 0 "a torn last line: the journal still reads"
like "$err" "werklab\\.jsonl:3: warning: last line is incomplete \\(11 bytes" \
    "  with the warning"
like "$out" "Een idee" "  and the lines before it"

done_testing
