#!/bin/sh
# Bad input, the catalogue: every kind of bad journal line,
# bad argument, bad file and full disk gets a defined message and exit
# 2, and changes nothing.  For a bad journal: readers (wl-note list,
# wl-session list) say FILE:LINE:COL, writers (wl-note add, wl-session
# join) refuse and leave the journal byte-identical.  (journal.t has
# BOM, CR LF, invalid UTF-8, duplicate keys, bad dates, unknown roles;
# they are not repeated here.)
. "$(dirname "$0")/lib.sh"

AT=2026-06-14T09:30:00Z
S1=1111aaaa00000001
P1=3333cccc00000003
L_S1="{\"id\":\"$S1\",\"type\":\"session\",\"at\":\"$AT\",\"municipality\":\"Roermond\",\"date\":\"2026-06-14\",\"pilot\":1}"
L_P1="{\"id\":\"$P1\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$S1\",\"role\":\"initiator\",\"name\":\"Anna\",\"consent\":true}"
HEAD="{\"id\":\"5555eeee00000005\",\"type\":\"note\",\"at\":\"$AT\",\"session\":\"$S1\",\"kind\":\"idea\""
printf '%s\n' "$L_S1" "$L_P1" >good.jsonl
tried=0

# bad_line DESC PATTERN LINE: a journal of good lines with LINE (printf
# format) as line 2; every reader and writer refuses it, saying
# werklab.jsonl:2:COL: and a message matching PATTERN.
bad_line() {
	desc=$1 pat=$2
	{ printf '%s\n' "$L_S1"; printf "$3"; printf '\n%s\n' "$L_P1"; } >werklab.jsonl
	cp werklab.jsonl "$T/bad"
	tried=$((tried + 1))
	for cmd in "wl-note list -o tsv" "wl-session list -o tsv" \
	    "wl-note add -k idea tekst" "wl-session join -r other"; do
		# shellcheck disable=SC2086
		run $cmd
		n=$((n + 1))
		if [ "$rc" -eq 2 ] && [ -z "$out" ] &&
		    printf '%s\n' "$err" | head -n 1 | grep -Eq "^wl-(note|session): werklab\\.jsonl:2:[0-9]+: ($pat)" &&
		    cmp -s werklab.jsonl "$T/bad"; then
			echo "ok $n - $desc: ${cmd%% -*} ${cmd#* }: exit 2, FILE:LINE:COL, unchanged"
		else
			echo "not ok $n - $desc: $cmd"
			printf '#   rc=%s out=%.100s\n#   err=%s\n' "$rc" "$out" "$(printf '%s' "$err" | head -c 300)"
			failed=$((failed + 1))
		fi
	done
}

bad_line "a raw NUL byte" "NUL byte" "$HEAD,\"text\":\"a\\000b\"}"
bad_line "an escaped \\u0000" "\\\\u0000" "$HEAD,\"text\":\"a\\\\u0000b\"}"
bad_line "a lone continuation byte" "invalid UTF-8" "$HEAD,\"text\":\"a\\200b\"}"
bad_line "an overlong UTF-8 encoding" "invalid UTF-8" "$HEAD,\"text\":\"a\\300\\257b\"}"
bad_line "a UTF-16 surrogate in UTF-8" "invalid UTF-8" "$HEAD,\"text\":\"a\\355\\240\\200b\"}"
bad_line "a lone surrogate escape" "." "$HEAD,\"text\":\"a\\\\ud800b\"}"
bad_line "2^63" "." "$HEAD,\"text\":\"a\",\"block\":9223372036854775808}"
bad_line "-2^63-1" "." "$HEAD,\"text\":\"a\",\"x\":-9223372036854775809}"
bad_line "1E+999" "." "$HEAD,\"text\":\"a\",\"x\":1E+999}"
bad_line "a real (1.5)" "." "$HEAD,\"text\":\"a\",\"block\":1.5}"
bad_line "a real in an unknown field" "." "$HEAD,\"text\":\"a\",\"x\":[0.5]}"
bad_line "a string for an integer" "." "$HEAD,\"text\":\"a\",\"block\":\"1\"}"
bad_line "an integer for a string" "." "$HEAD,\"text\":7}"
bad_line "a bool for a list" "." "$HEAD,\"text\":\"a\",\"tags\":true}"
bad_line "a number in a string list" "." "$HEAD,\"text\":\"a\",\"tags\":[\"x\",1]}"
bad_line "null for a required field" "." "$HEAD,\"text\":null}"
bad_line "an unknown kind" "." "{\"id\":\"5555eeee00000005\",\"type\":\"note\",\"at\":\"$AT\",\"session\":\"$S1\",\"kind\":\"wish\",\"text\":\"a\"}"
bad_line "an unknown stance" "." "{\"id\":\"5555eeee00000005\",\"type\":\"endorsement\",\"at\":\"$AT\",\"ref\":\"$S1\",\"by\":\"$P1\",\"stance\":\"maybe\"}"
bad_line "a bad time" "." "{\"id\":\"5555eeee00000005\",\"type\":\"note\",\"at\":\"2026-06-14 09:30:00\",\"session\":\"$S1\",\"kind\":\"idea\",\"text\":\"a\"}"
bad_line "a date that is no day" "." "{\"id\":\"5555eeee00000005\",\"type\":\"session\",\"at\":\"$AT\",\"municipality\":\"V\",\"date\":\"2026-02-29\"}"
bad_line "a bad id" "." "{\"id\":\"5555EEEE00000005\",\"type\":\"note\",\"at\":\"$AT\",\"session\":\"$S1\",\"kind\":\"idea\",\"text\":\"a\"}"
bad_line "an array, not an object" "." "[1,2,3]"
bad_line "trailing garbage" "." "$HEAD,\"text\":\"a\"} x"
bad_line "two objects on a line" "." "$HEAD,\"text\":\"a\"}{}"

deep=$(printf '[%.0s' $(seq 32))1$(printf ']%.0s' $(seq 32))
deeper=$(printf '[%.0s' $(seq 33))1$(printf ']%.0s' $(seq 33))
# 32 levels in all: the record object holds 31 nested arrays
ok32="$HEAD,\"text\":\"a\",\"x\":$(printf '[%.0s' $(seq 31))1$(printf ']%.0s' $(seq 31))}"
printf '%s\n' "$L_S1" "$ok32" "$L_P1" >werklab.jsonl
run wl-note list -o jsonl
is "$rc:$err" "0:" "nesting of exactly 32 levels (WL_DEPTH_MAX, in an unknown field) is read"
like "$out" '"x":\[\[\[' "  and passes through"
bad_line "nesting of 33 levels" "nested deeper than 32" "$HEAD,\"text\":\"a\",\"x\":$(printf '[%.0s' $(seq 32))1$(printf ']%.0s' $(seq 32))}"
bad_line "nesting of 33 levels, bare" "nested deeper than 32" "$deeper"
bad_line "nesting of 10000 levels" "nested deeper than 32" "$(printf '{"a":%.0s' $(seq 10000))"
: "$deep"

# over-long lines: the limit is 1 MiB (WL_LINE_MAX), '\n' excluded
long=$(head -c 1048577 /dev/zero | tr '\0' a)
{ printf '%s\n' "$L_S1"; printf '%s,"text":"%s"}\n' "$HEAD" "$long"; printf '%s\n' "$L_P1"; } >werklab.jsonl
cp werklab.jsonl "$T/bad"
tried=$((tried + 1))
run wl-note list -o tsv
is "$rc:$out" "2:" "a line over 1 MiB: the reader exits 2"
like "$err" "^wl-note: werklab\\.jsonl:2: line longer than 1048576 bytes" "  naming the line and the limit"
run wl-session join -r other
is "$rc:$out" "2:" "  a writer refuses it"
same werklab.jsonl "$T/bad" "  and leaves it byte-identical"
head -c 10485760 /dev/zero | tr '\0' a >"$T/ten"
{ printf '%s\n' "$L_S1"; cat "$T/ten"; printf '\n%s\n' "$L_P1"; } >werklab.jsonl
cp werklab.jsonl "$T/bad"
tried=$((tried + 1))
run wl-session list -o tsv
is "$rc:$out" "2:" "a 10 MiB line: exit 2"
is "$err" "wl-session: werklab.jsonl:2: line longer than 1048576 bytes (the most a journal line may hold; 'wl-report check --repair' moves it aside)" \
    "  one error, for the one line"
run wl-note add -k idea tekst
is "$rc:$out" "2:" "  a writer refuses it"
same werklab.jsonl "$T/bad" "  and leaves it byte-identical"
{ printf '%s\n' "$L_S1"; cat "$T/ten"; } >werklab.jsonl
run wl-session list -o tsv
is "$rc:$out" "2:" "a 10 MiB last line without newline: too long for any writer to have left, exit 2"
is "$err" "wl-session: werklab.jsonl:2: line longer than 1048576 bytes (the most a journal line may hold; 'wl-report check --repair' moves it aside)" \
    "  naming it"
# exactly at the limit: a line of 1 MiB is read
pad=$((1048576 - ${#HEAD} - 11))
{ printf '%s\n' "$L_S1"; printf '%s,"text":"%s"}\n' "$HEAD" "$(head -c "$pad" /dev/zero | tr '\0' b)"; } >werklab.jsonl
is "$(sed -n 2p werklab.jsonl | wc -c)" 1048577 "(a line of exactly 1 MiB and its newline)"
run wl-note list -o tsv
is "$rc:$err" "0:" "  is read"
# a writer refuses to write a line over the limit
cp good.jsonl werklab.jsonl
tried=$((tried + 1))
head -c 1048576 /dev/zero | tr '\0' c >"$T/big.txt"
wl-note add -k idea <"$T/big.txt" >"$T/o" 2>"$T/e"
is "$?:$(cat "$T/o")" "2:" "a note too long for a line: exit 2"
like "$(cat "$T/e")" "too long: a journal line holds at most 1048576" "  says the limit"
same werklab.jsonl good.jsonl "  journal unchanged"

# --- bad arguments and bad standard input to writers ------------------

cp good.jsonl werklab.jsonl
tried=$((tried + 5))
refuses "invalid UTF-8 in an argument" wl-note add -k idea "$(printf 'a\377b')"
refuses "an unknown kind" wl-note add -k wish tekst
refuses "a bad date" wl-session new -m X -d 2026-13-01
refuses "a bad due date" wl-advice agree --due 2026-02-30 Samen
refuses "a bad block number" wl-note add -k idea -b 99 tekst
printf 'goed\nslecht \377\n' >"$T/in"
tried=$((tried + 1))
run_piped "$T/in" wl-note add -k idea
is "$rc:$out" "2:" "invalid UTF-8 on standard input: exit 2, nothing added"
like "$err" '^wl-note: <stdin>:2: invalid UTF-8' "  naming the line"
same werklab.jsonl good.jsonl "  journal unchanged"
printf 'goed\nmet\000nul\n' >"$T/in"
tried=$((tried + 1))
run_piped "$T/in" wl-note add -k idea
is "$rc:$out" "2:" "a NUL byte on standard input: exit 2"
same werklab.jsonl good.jsonl "  journal unchanged"
printf '{"type":"note","kind":"idea","text":"ok"}\n{"type":"note","kind":"idea","text":"x","block":1.5}\n{"type":"note","kind":"idea","text":"\\u0000"}\n' >"$T/imp"
tried=$((tried + 1))
run wl-note import "$T/imp"
is "$rc:$out" "2:" "import with bad lines: exit 2, nothing appended"
like "$err" "imp:2:[0-9]+: " "  each bad line named"
like "$err" "imp:3:[0-9]+: " "  (all of them)"
same werklab.jsonl good.jsonl "  journal unchanged (all or nothing)"

# --- missing files, directories, read-only journals -------------------

tried=$((tried + 6))
rm -f werklab.jsonl
run wl-note list -o tsv
is "$rc:$out" "2:" "no journal: a reader exits 2"
like "$err" "werklab\\.jsonl: no such journal" "  and says so"
refuses "no journal: a writer" wl-note add -k idea tekst
[ ! -e werklab.jsonl ]
ok $? "  creates none"
run wl-note list -f nothere.jsonl
is "$rc:$err" "2:wl-note: nothere.jsonl: cannot open: No such file or directory" "-f a missing file"
mkdir dir.jsonl
run wl-note list -f dir.jsonl
is "$rc:$err" "2:wl-note: dir.jsonl: is a directory, not a journal" "a directory as journal: reader"
run wl-note add -f dir.jsonl -k idea tekst
is "$rc:$err" "2:wl-note: dir.jsonl: is a directory, not a journal" "  writer"
run wl-session new -f dir.jsonl -m X -d 2026-06-14
is "$rc:$err" "2:wl-session: dir.jsonl: is a directory, not a journal" "  new"
cp good.jsonl werklab.jsonl
chmod 0444 werklab.jsonl
refuses "a read-only journal (mode 0444): note add" wl-note add -k idea tekst
like "$err" "read-only" "  says it is read-only"
refuses "  session join" wl-session join -r other
refuses "  session new" wl-session new -m X -d 2026-06-14
run wl-note list -o tsv
is "$rc:$err" "0:" "  readers still read it"
chmod 0600 werklab.jsonl
ln -s good.jsonl link.jsonl
mkfifo fifo.jsonl
tried=$((tried + 1))
run wl-note add -f fifo.jsonl -k idea tekst
is "$rc:$err" "2:wl-note: fifo.jsonl: not a regular file" "a FIFO as a writer's journal"
run wl-note list -f /dev/null -o tsv
is "$rc" 2 "an empty journal (/dev/null): no session to list"

echo "# $tried kinds of bad input tried"
done_testing
