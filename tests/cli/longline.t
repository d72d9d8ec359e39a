#!/bin/sh
# longline.t - one pasted blob over the line limit (1 MiB) bricks a
# journal for every reader; 'wl-report check' says where and that
# --repair mends it, and 'wl-report check --repair' moves such lines
# aside, byte for byte, into the same file beside the journal as torn
# lines, so that the journal reads again and nothing is lost.  A repair
# that cannot save them leaves the journal as it was.
. "$(dirname "$0")/lib.sh"

msg="line longer than 1048576 bytes (the most a journal line may hold; 'wl-report check --repair' moves it aside)"
side=werklab.jsonl.torn-20260614T093000Z

s=$(wl-session new -m Venlo -d 2026-06-14 </dev/null)
wl-session join -r manager -n "Piet Jansen" >/dev/null
nt=$(wl-note add -k idea "Een idee")
cp werklab.jsonl good.jsonl
# blob N: a line of a little over the limit, its letter N
blob() {
	printf '{"text":"'
	head -c 1100000 /dev/zero | tr '\0' "$1"
	printf '"}'
}
blob a >A
blob b >B
nl() { printf '\n'; }

# journal WHERE...: good.jsonl with blob A (and B) put in: "first",
# "middle" (after line 1), "last", "two" (A first, B in the middle),
# "torn" (A last, without its newline)
journal() {
	case $1 in
	first) { cat A; nl; cat good.jsonl; } ;;
	middle) { head -n 1 good.jsonl; cat A; nl; tail -n +2 good.jsonl; } ;;
	last) { cat good.jsonl A; nl; } ;;
	two) { cat A; nl; head -n 1 good.jsonl; cat B; nl
	       tail -n +2 good.jsonl; } ;;
	torn) { cat good.jsonl A; } ;;
	esac >werklab.jsonl
	rm -f werklab.jsonl.torn-*
}

# --- every reader stops at it; check says --repair mends it ------------
journal middle
cp werklab.jsonl before
refuses "a list of a journal with a blob on line 2" wl-note list -o tsv
is "$err" "wl-note: werklab.jsonl:2: $msg" "  says where, and what mends it"
refuses "a writer" wl-note add -k idea "Nog een"
run wl-report check
is "$rc:$out" "1:" "check: exit 1 (a problem), not 2: it reads past the line"
is "$err" "wl-report: werklab.jsonl:2: $msg
wl-report: werklab.jsonl: 1 problem" "  the line, and --repair to mend it"
same werklab.jsonl before "  check changes nothing"

# --- check --repair, wherever the lines stand --------------------------
# repaired HOW WANT-SIDE LINES: check --repair of journal HOW moves LINES
# lines, whose bytes are WANT-SIDE, and leaves good.jsonl
repaired() {
	journal "$1"
	run wl-report check --repair
	is "$rc:$out" "0:" "check --repair, blob $1: exit 0"
	like "$err" "^wl-report: werklab\\.jsonl: moved $3 lines? longer than 1048576 bytes \\($(($3 * 1100011)) bytes in all\\) to $side$" \
	    "  says how many and where"
	same werklab.jsonl good.jsonl "  the journal is what it was without them"
	same "$side" "$2" "  $side holds their bytes exactly"
	run wl-report check
	is "$rc:$out:$err" "0::" "  check is clean after"
	run wl-note list -o tsv
	is "$rc:$(printf '%s\n' "$out" | sed 1d | cut -f 1,6)" "0:$nt	Een idee" \
	    "  and the lists read it"
}
{ cat A; nl; } >want1
repaired first want1 1
repaired middle want1 1
repaired last want1 1
{ cat A; nl; cat B; nl; } >want2
repaired two want2 2

# a blob as the last line without its newline: a torn last line
journal torn
run wl-report check
is "$rc:$err" "1:wl-report: werklab.jsonl:4: $msg
wl-report: werklab.jsonl: 1 problem" "check of a blob with no newline at the end: said as long"
run wl-report check --repair
is "$rc:$out:$err" "0::wl-report: werklab.jsonl: moved the torn last line (1100011 bytes) to $side" \
    "  --repair moves it as the torn last line"
same werklab.jsonl good.jsonl "  the journal is what it was"
same "$side" A "  its bytes exactly, no newline added"
run wl-report check
is "$rc:$err" "0:" "  check is clean after"

# a blob and a torn fragment: one file, in file order
journal middle
printf '{"id":"5555' >>werklab.jsonl
run wl-report check --repair
like "$err" "moved the torn last line \\(11 bytes\\) to $side" "a blob and a torn tail: the tail said"
like "$err" "moved 1 line longer than 1048576 bytes \\(1100011 bytes in all\\) to $side" \
    "  and the blob, to the same file"
{ cat A; nl; printf '{"id":"5555'; } >want3
same "$side" want3 "  in the order they stood"

# --- memory: the line is streamed, never held -------------------------
if /usr/bin/time -f %M -o "$T/.kb" true 2>/dev/null; then
	/usr/bin/time -f %M -o "$T/.kb" wl-session list -o tsv >/dev/null
	base=$(tail -n 1 "$T/.kb")
	{ head -n 1 good.jsonl; printf '{"x":"'
	  head -c 62914560 /dev/zero | tr '\0' z; printf '"}\n'
	  tail -n +2 good.jsonl; } >werklab.jsonl
	rm -f werklab.jsonl.torn-*
	/usr/bin/time -f %M -o "$T/.kb" wl-report check >/dev/null 2>&1
	kb=$(tail -n 1 "$T/.kb")
	ok $((kb > base + 16384)) "check of a 60 MiB line holds less than 16 MiB more than a list ($kb KB, list $base KB)"
	/usr/bin/time -f %M -o "$T/.kb" wl-report check --repair >/dev/null 2>&1
	kb=$(tail -n 1 "$T/.kb")
	ok $((kb > base + 16384)) "check --repair of it too ($kb KB)"
	same werklab.jsonl good.jsonl "  and mends it"
	is "$(wc -c <"$side" | tr -d ' ')" 62914569 "  the whole line aside"
	# the same as a torn last line (no newline at the end)
	{ cat good.jsonl; head -c 62914560 /dev/zero | tr '\0' z; } >werklab.jsonl
	rm -f werklab.jsonl.torn-*
	/usr/bin/time -f %M -o "$T/.kb" wl-report check >/dev/null 2>&1
	kb=$(tail -n 1 "$T/.kb")
	ok $((kb > base + 16384)) "check of a 60 MiB torn last line, the same ($kb KB)"
	/usr/bin/time -f %M -o "$T/.kb" wl-report check --repair >/dev/null 2>&1
	kb=$(tail -n 1 "$T/.kb")
	ok $((kb > base + 16384)) "check --repair of it too ($kb KB)"
	same werklab.jsonl good.jsonl "  and mends it"
	is "$(wc -c <"$side" | tr -d ' ')" 62914560 "  the whole tail aside"
else
	echo "ok $((n + 1)) # SKIP no GNU time"; n=$((n + 1))
fi

# --- a repair that cannot save the lines changes nothing --------------
F=${WL_FAULT_BIN:-}
if [ -n "$F" ] && [ -x "$F/wl-report" ]; then
	for fault in write:1 write:1:short fsync:1 rename:1; do
		journal two
		cp werklab.jsonl before
		WL_FAULT=$fault "$F/wl-report" check --repair >"$T/fo" 2>"$T/fe"
		frc=$?
		case $fault in
		rename:1) want="cannot rewrite" ;;
		*) want="cannot save the torn last line to $side" ;;
		esac
		if [ "$fault" = write:1:short ]; then
			# a short write is written on: nothing fails
			is "$frc" 0 "--repair with a short write: written on"
			same werklab.jsonl good.jsonl "  the journal mended"
			same "$side" want2 "  the lines aside whole"
			continue
		fi
		is "$frc:$(cat "$T/fo")" "2:" "--repair with $fault failing: exit 2"
		like "$(cat "$T/fe")" "^wl-report: werklab\\.jsonl: $want" "  said"
		same werklab.jsonl before "  the journal as it was"
		ls werklab.jsonl.* >"$T/left" 2>/dev/null
		is "$(cat "$T/left")" "" "  no side file, no temporary file left"
	done
else
	echo "ok $((n + 1)) # SKIP no fault-injecting binaries (WL_FAULT_BIN)"
	n=$((n + 1))
fi

done_testing
