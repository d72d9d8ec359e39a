#!/bin/sh
# Locks that speak, readers that let go: a writer that must wait for
# the journal's lock says who holds it, and gives up after --wait
# seconds (WL_WAIT; 0: at once) with exit 2 and the journal unchanged;
# a reader whose output blocks (a pager, a full pipe) holds no lock, so
# writers finish meanwhile.  Nothing here is timed: the locks are held
# until released (tests/cli/lib.sh), and --wait values only bound what
# must give up.
. "$(dirname "$0")/lib.sh"

s=$(wl-session new -m Roermond -d 2026-06-14 </dev/null)
like "$s" '^[0-9a-f]{16}$' "a session"

# --- a writer that may not wait ---------------------------------------------

hold_lock werklab.jsonl
holder=$(sed -n 's/^[0-9]*: FLOCK *ADVISORY *WRITE \([0-9]*\) .*:'"$(stat -c %i werklab.jsonl)"' .*/\1/p' /proc/locks | head -1)
like "$holder" '^[0-9]+$' "another program holds the journal's lock (pid $holder)"
refuses "a writer with --wait 0" wl-note add -k idea --wait 0 "Koffie"
is "$err" "wl-note: werklab.jsonl: flock (pid $holder) is writing it; not waiting (--wait 0)" \
    "  saying who holds the lock, and that it does not wait"
WL_WAIT=0 refuses "a writer with WL_WAIT=0" wl-session join -r other
is "$err" "wl-session: werklab.jsonl: flock (pid $holder) is writing it; not waiting (--wait 0)" \
    "  the same words"
WL_WAIT=x refuses "WL_WAIT that is no number" wl-note add -k idea "Koffie"
is "$err" "wl-note: WL_WAIT wants a whole number of seconds, not 'x'" "  saying so"
refuses "--wait that is no number" wl-note add -k idea --wait soon "Koffie"
like "$err" "^wl-note: --wait wants a whole number of 0 or more, not 'soon'" "  saying so"

# --- a writer that gives up --------------------------------------------------

refuses "a writer with --wait 1, after a quiet second" wl-note add -k idea --wait 1 "Koffie"
is "$err" "wl-note: gave up after 1 s; werklab.jsonl: flock (pid $holder) is writing it (--wait sets how long to wait)" \
    "  saying how long it waited, and for whom"
cp werklab.jsonl before
WL_WAIT=0 run wl-note add -k idea --wait 2 "Koffie"
is "$rc" 2 "--wait 2 (over WL_WAIT=0) waits, then gives up: exit 2"
is "$err" "wl-note: waiting for werklab.jsonl: flock (pid $holder) is writing it
wl-note: gave up after 2 s; werklab.jsonl: flock (pid $holder) is writing it (--wait sets how long to wait)" \
    "  saying once whom it waits for, then that it gave up"
same werklab.jsonl before "  the journal unchanged"
release_lock

# --- a writer that waits, and goes on -----------------------------------------

hold_lock werklab.jsonl
wl-note add -k idea "Na het wachten" </dev/null >waited.out 2>waited.err &
w=$!
wait_for grep -q "waiting for" waited.err
is "$(cat waited.err)" "wl-note: waiting for werklab.jsonl: flock (pid $_holder) is writing it" \
    "a waiting writer says whom it waits for"
release_lock
wait "$w"
is "$?" 0 "  and appends once the lock is let go"
like "$(cat waited.out)" '^[0-9a-f]{16}$' "  printing its id"
is "$(tail -n 1 werklab.jsonl | grep -c '"text":"Na het wachten"')" 1 "  the note is the last line"

# --- whom it waits for --------------------------------------------------------

# a reader's lock (shared) is "reading"
flock -s werklab.jsonl sh -c ': >held.s; while [ ! -e go.s ]; do sleep 0.05; done' &
r=$!
wait_for test -e held.s
refuses "a writer behind a shared lock, with --wait 0" wl-note add -k idea --wait 0 x
is "$err" "wl-note: werklab.jsonl: flock (pid $r) is reading it; not waiting (--wait 0)" \
    "  says it is being read"
: >go.s
wait "$r"

# a writer at work (an edit waiting for its new text) is named by its
# program and verb
old=$(wl-note add -k idea "Oud" </dev/null)
mkfifo text.fifo
exec 5<>text.fifo
wl-note edit "$old" <text.fifo >edit.out 2>edit.err 5>&- &
e=$!
wait_for grep -q "FLOCK .*WRITE $e .*:$(stat -c %i werklab.jsonl) " /proc/locks
refuses "a writer behind 'wl-note edit', with --wait 0" wl-session join -r other --wait 0
is "$err" "wl-session: werklab.jsonl: wl-note edit (pid $e) is writing it; not waiting (--wait 0)" \
    "  names it: program, verb and pid"
echo "Nieuw" >&5
exec 5>&-
wait "$e"
is "$?:$(cat edit.err)" "0:" "  the edit then goes on"

# --- readers let go of the lock before they write ----------------------------

# 3000 notes: a list of them is far more than a pipe holds
seq 1 3000 | sed 's/^/een idee van vele, nummer /' | wl-note add -k idea >/dev/null
mkfifo list.fifo check.fifo
# opened here, read by nobody: whoever writes into them blocks when full
exec 3<>list.fifo 4<>check.fifo
# (--all -o jsonl to no terminal: the fast list, which maps the journal)
wl-note list --all -o jsonl >list.fifo 2>list.err 3<&- 4<&- &
lr=$!
# check's output is its messages: a line not in canonical form each
# (which only check says), all of them said
grep -v '"type":"group"' werklab.jsonl | sed 's/^{"id"/{ "id"/' >spaced.jsonl
wl-report check --max-errors 100000 -f spaced.jsonl 2>check.fifo 3<&- 4<&- &
cr=$!
# each is blocked writing into its pipe (so it has read); the kernel
# says where a process sleeps, or how much it has written
written() {
	grep -q pipe_write "/proc/$1/wchan" 2>/dev/null ||
	    [ "$(awk '/^wchar/ { print $2 }' "/proc/$1/io" 2>/dev/null)" -gt 0 ] 2>/dev/null
}
wait_for written "$lr"
wait_for written "$cr"
run wl-note add -k idea --wait "$WL_WAIT" "Terwijl er gelezen wordt"
is "$rc:$err" "0:" "a writer finishes while a list blocks on its output"
run wl-session join -r other --wait "$WL_WAIT"
is "$rc:$err" "0:" "  so does a second one"
WL_JOURNAL=spaced.jsonl run wl-note add -k idea --wait "$WL_WAIT" "Ook hier"
is "$rc:$err" "0:" "  and one while check blocks on its messages"
kill -0 "$lr" 2>/dev/null
ok $? "  the list is still blocked on its output meanwhile"
kill -0 "$cr" 2>/dev/null
ok $? "  and so is check"
# let them go: no reader left, they end on a broken pipe
exec 3<&- 4<&-
wait "$lr"
wait "$cr"
wl-report check
is "$?" 0 "the journal checks without a word"

done_testing
