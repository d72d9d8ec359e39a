#!/bin/sh
# Text written to a terminal is sanitised.  Notes, names,
# tags and municipalities carrying ESC/CSI/OSC sequences, C1 controls
# (U+009B as C2 9B) and U+202E never reach the terminal raw: not in a
# table (forced with -o table, or the default on a real terminal via
# script(1)), not in tsv/csv/jsonl/json on a terminal, not in a
# writer's -o jsonl echo, not in error messages and warnings.  Into a
# pipe, jsonl keeps the bytes (it is the journal's own form).
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
CSI="$(printf '\033[2J\033[31m')"
OSC="$(printf '\033]0;title\007')"
C1="$(printf '\302\233')"
RLO="$(printf '\342\200\256')"
BAD="x${CSI}y${OSC}z${C1}w${RLO}v"
# raw: 1 if the file holds ESC, a C1 control or U+202E as bytes
raw() {
	LC_ALL=C grep -q "$ESC\\|$(printf '\302')[$(printf '\200')-$(printf '\237')]\\|$RLO" "$1"
}
clean() {	# clean FILE DESC
	n=$((n + 1))
	if [ ! -s "$1" ]; then
		echo "not ok $n - $2 (nothing written)"
		failed=$((failed + 1))
	elif raw "$1"; then
		echo "not ok $n - $2"
		od -c "$1" | head -5 | sed 's/^/#   /'
		failed=$((failed + 1))
	else
		echo "ok $n - $2"
	fi
}

s=$(wl-session new -m "Roer${BAD}mond" -d 2026-06-14 --title "T$BAD" </dev/null)
p=$(wl-session join -r initiator -n "Anna$BAD" --org "Org$BAD" </dev/null)
wl-note add -k quote --by "$p" -t "tag$BAD" "Tekst $BAD" </dev/null >/dev/null
wl-advice add -p self -t "t$BAD" "Advies $BAD" </dev/null >/dev/null
printf 'uit stdin %s\n' "$BAD" | wl-note add -k idea >/dev/null
is "$(grep -c . werklab.jsonl)" 5 "records with control sequences in every text field"
printf '%s\n' "$C1" >"$T/c1"
raw "$T/c1"
ok $? "(the check sees a raw C1)"

# forced table, into a file
for cmd in "wl-note list" "wl-session list" "wl-session show" \
    "wl-session people" "wl-advice list"; do
	$cmd -o table >"$T/o" 2>"$T/e"
	clean "$T/o" "$cmd -o table: no raw controls"
done
wl-note list -o table | grep -Fq 'x\e[2J\e[31my\e]0;title\u{0007}z\u{009B}w\u{202E}v'
ok $? "  they are shown escaped: \\e, \\u{XXXX}"

# into a pipe jsonl is the journal's own bytes
wl-note list -o jsonl >"$T/o"
grep -Fq "$C1" "$T/o"
ok $? "jsonl into a pipe keeps the text's bytes"

# a real terminal (script from util-linux)
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	for f in "" "-o table" "-o tsv" "-o csv" "-o jsonl" "-o json"; do
		for cmd in "wl-note list" "wl-session people" "wl-advice list" \
		    "wl-session show" "wl-session list"; do
			script -qec "$cmd $f" /dev/null >"$T/o" 2>&1 </dev/null
			clean "$T/o" "on a terminal: $cmd ${f:-(default table)}"
		done
	done
	script -qec "wl-note list -o jsonl" /dev/null >"$T/o" 2>&1 </dev/null
	grep -Fq 'w\u202ev' "$T/o" && grep -Fq 'z\u009bw' "$T/o"
	ok $? "  jsonl on a terminal writes them as JSON escapes (the same JSON)"
	script -qec "wl-note add -o jsonl -k idea 'nog $BAD'" /dev/null >"$T/o" 2>&1 </dev/null
	clean "$T/o" "on a terminal: a writer's -o jsonl echo"
	tr -d '\r' <"$T/o" | jq -e '.text | test("\u009b")' >/dev/null 2>&1
	ok $? "  which is still the record, as JSON"
	script -qec "wl-note list -s 'zz$BAD'" /dev/null >"$T/o" 2>&1 </dev/null
	clean "$T/o" "on a terminal: an error message quoting the argument"
	for cmd in "wl-report" "wl-report md --all --anonymous" \
	    "wl-report --lang en" "wl-report compare" \
	    "wl-report compare --lang en" "wl-report compare -o json"; do
		script -qec "$cmd" /dev/null >"$T/o" 2>&1 </dev/null
		clean "$T/o" "on a terminal: $cmd"
	done
	script -qec "wl-report" /dev/null >"$T/o" 2>&1 </dev/null
	grep -Fq 'Advies x' "$T/o" && grep -Fq 'w\u{202E}v' "$T/o" &&
	    grep -Fq 'z\u{009B}w' "$T/o"
	ok $? "  the report shows them as escapes, its text kept"
else
	echo "# no script(1): terminal runs skipped"
fi

# compare -o json escapes them always: a pipe may end in a terminal,
# and the JSON stays the same; the Markdown report into a pipe is
# what pandoc reads, as made.
wl-report compare -o json >"$T/o"
clean "$T/o" "compare -o json into a pipe: no raw controls"
jq -e '.pilots[0].pilot | test("\u009b") and test("\u202e")' "$T/o" >/dev/null
ok $? "  and the same JSON: the municipality still holds them"
wl-report >"$T/o"
grep -Fq "$RLO" "$T/o"
ok $? "the report into a pipe keeps the text's bytes"

# messages: errors and warnings quote user text escaped
run wl-note list -s "zz$BAD"
is "$rc" 2 "an unknown session named with controls: exit 2"
printf '%s\n' "$err" >"$T/e"
clean "$T/e" "  the message has no raw controls"
run wl-note add -k "k$BAD" tekst
printf '%s\n' "$err" >"$T/e"
clean "$T/e" "an unknown kind with controls: message clean"
run wl-note add -t "t$BAD" -k idea -b "1$BAD" tekst
printf '%s\n' "$err" >"$T/e"
clean "$T/e" "a bad block number with controls: message clean"
run wl-session new -m X -d "2026$BAD"
printf '%s\n' "$err" >"$T/e"
clean "$T/e" "a bad date with controls: message clean"
run wl-note list -f "j$BAD.jsonl"
printf '%s\n' "$err" >"$T/e"
clean "$T/e" "a missing journal whose name has controls: message clean"
cp werklab.jsonl "$T/keep"
printf '{"id":"1234567812345678","type":"note","at":"2026-06-14T09:30:00Z","session":"%s","kind":"k%s","text":"a"}\n' "$s" "$BAD" >>werklab.jsonl
run wl-note list
printf '%s\n' "$err" >"$T/e"
clean "$T/e" "a bad line whose enum value has controls: FILE:LINE:COL message clean"
cp "$T/keep" werklab.jsonl
printf '{"id":"12345678123' >>werklab.jsonl
cp werklab.jsonl "j$BAD.jsonl"
run wl-note list -f "j$BAD.jsonl"
printf '%s\n' "$err" >"$T/e"
clean "$T/e" "a torn-line warning for a journal named with controls: clean"
run wl-note add -f "j$BAD.jsonl" -k idea tekst
printf '%s\n' "$err" >"$T/e"
clean "$T/e" "the torn-tail rescue warning: clean"
run wl-note import "$T/c1"
printf '%s\n' "$err" >"$T/e"
clean "$T/e" "import of a line holding a raw C1: message clean"

done_testing
