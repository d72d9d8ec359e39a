#!/bin/sh
# One verb dispatcher for the four programs (cmd/common.c cli_dispatch):
# the common options (-f, -o, --max-errors, -h, --version) before the
# verb or after it, with the same bytes and exit status; an unknown
# verb, a missing verb, an unknown option and --help the same in all
# four; wl-report makes the report (md) when no verb is named, and its
# check, compare and diff take journals as operands.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/cli/lib.sh"
W=$top/tests/data/report/werklab/journal.jsonl
R=$top/tests/data/report/werklab
C=$top/tests/data/compare

J=j.jsonl
s=$(wl-session new -f $J -m Roermond -d 2026-06-14 -p 2 </dev/null)
p=$(wl-session join -f $J -r initiator -n Anna </dev/null)
nt=$(wl-note add -f $J -k do -t snel "Bel terug" </dev/null)
a=$(wl-advice add -f $J -p self "Luister" </dev/null)
g=$(wl-advice agree -f $J --owner Anna "Bellen" </dev/null)
like "$s$p$nt$a$g" '^[0-9a-f]{80}$' "a journal with one of each"
cp $J "$T/j0"

# places WANT RC PROG ARGS...: ARGS hold the word @F where '-f j.jsonl'
# goes; run PROG with it there, then with it first and last instead.
# Each: exit RC, stdout the bytes of file WANT, nothing on stderr, the
# journal unchanged.
places() {
	_want=$1 _rc=$2 _prog=$3
	shift 3
	_desc="$_prog $*"
	for _where in there first last; do
		_args=
		for _a in "$@"; do
			if [ "$_a" = @F ]; then
				[ $_where = there ] && _args="$_args -f $J"
			else
				_args="$_args $_a"
			fi
		done
		case $_where in
		first) _args=" -f $J$_args" ;;
		last) _args="$_args -f $J" ;;
		esac
		# shellcheck disable=SC2086 # the words are split on purpose
		run $_prog $_args
		n=$((n + 1))
		if [ "$rc" = "$_rc" ] && [ -z "$err" ] &&
		    cmp -s "$T/.out" "$_want" && cmp -s $J "$T/j0"; then
			echo "ok $n - $_prog$_args"
		else
			echo "not ok $n - $_prog$_args"
			printf '#   rc=%s err=%s\n' "$rc" "$err"
			diff "$_want" "$T/.out" | sed 's/^/#   /' | head -10
			failed=$((failed + 1))
		fi
	done
}

# --- readers: -f before the verb, just after it, at the end ---------------

printf 'id\tdate\tmunicipality\tpilot\ttitle\n%s\t2026-06-14\tRoermond\t2\t\n' \
    "$s" >"$T/want"
places "$T/want" 0 wl-session list @F -o tsv
places "$T/want" 0 wl-session -o tsv list @F

printf 'field\tvalue\nid\t%s\nmunicipality\tRoermond\ndate\t2026-06-14\npilot\t2\nblock 1\tKennismaking en verwachtingen\nblock 2\tSamenwerken en beleidsinstrumenten\nblock 3\tAdvies aan het managementteam\nparticipants\t1 (initiator 1)\nnotes\t1 (do 1)\nadvice\t1 (self 1)\nagreements\t1\n' \
    "$s" >"$T/want"
places "$T/want" 0 wl-session show @F -s "$s" -o tsv
places "$T/want" 0 wl-session -s "$s" show @F -o tsv

printf '\357\273\277id,role,name,org,consent\r\n%s,initiator,Anna,,no\r\n' \
    "$p" >"$T/want"
places "$T/want" 0 wl-session people @F -o csv

printf 'id\tkind\tblock\tby\ttags\ttext\n%s\tdo\t2\t\tsnel\tBel terug\n' \
    "$nt" >"$T/want"
places "$T/want" 0 wl-note list @F -o tsv
places "$T/want" 0 wl-note -o tsv list @F
places "$T/want" 0 wl-note -k do -o tsv list @F
places "$T/want" 0 wl-note list -k do -t snel @F -o tsv

printf 'id\tperspective\tstatus\tsupport\treservations\tobjections\tstale\ttext\tstatus-date\tstatus-note\n%s\tself\t\t0\t0\t0\t0\tLuister\t\t\n' \
    "$a" >"$T/want"
places "$T/want" 0 wl-advice list @F -o tsv
# Anna did not consent: the owner is shown by role.
printf 'id\tstatus\towner\tdue\ttext\tstatus-date\tstatus-note\n%s\t\tinitiator\t\tBellen\t\t\n' "$g" >"$T/want"
places "$T/want" 0 wl-advice -o tsv --agreements list @F

: >"$T/want"
places "$T/want" 0 wl-report check @F
places "$T/want" 0 wl-report --max-errors 3 check @F

# --- writers ------------------------------------------------------------------

# the last line of the journal, its own id made X
last() { tail -n 1 $J | sed 's/^{"id":"[0-9a-f]*"/{"id":"X"/'; }
for how in first after last; do
	cp "$T/j0" $J
	case $how in
	first) run wl-note -f $J add -k idea -t x "Een idee" ;;
	after) run wl-note add -f $J -k idea -t x "Een idee" ;;
	last) run wl-note add -k idea -t x "Een idee" -f $J ;;
	esac
	like "$rc:$out:$err" '^0:[0-9a-f]{16}:$' "wl-note add, -f $how: the new id"
	is "$(last)" "{\"id\":\"X\",\"type\":\"note\",\"at\":\"$WL_NOW\",\"session\":\"$s\",\"kind\":\"idea\",\"text\":\"Een idee\",\"tags\":[\"x\"]}" \
	    "  appended to that journal"
	cp "$T/j0" $J
	case $how in
	first) run wl-advice -f $J -o jsonl status "$a" adopted ;;
	after) run wl-advice status -f $J -o jsonl "$a" adopted ;;
	last) run wl-advice status "$a" adopted -o jsonl -f $J ;;
	esac
	is "$rc:$out:$err" "0:$(tail -n 1 $J):" "wl-advice status, -f $how: the record, as jsonl"
	is "$(last)" "{\"id\":\"X\",\"type\":\"status\",\"at\":\"$WL_NOW\",\"ref\":\"$a\",\"status\":\"adopted\"}" \
	    "  appended to that journal"
	cp "$T/j0" $J
	case $how in
	first) run wl-session -f $J join -r other -n Bob ;;
	after) run wl-session join -f $J -r other -n Bob ;;
	last) run wl-session join -r other -n Bob -f $J ;;
	esac
	is "$(last)" "{\"id\":\"X\",\"type\":\"participant\",\"at\":\"$WL_NOW\",\"session\":\"$s\",\"role\":\"other\",\"name\":\"Bob\",\"consent\":false}" \
	    "wl-session join, -f $how: appended to that journal"
done
cp "$T/j0" $J

# --- --max-errors before or after the verb --------------------------------

{ cat "$T/j0"; printf 'x\ny\nz\n'; } >bad.jsonl
run wl-note --max-errors 1 -f bad.jsonl list
is "$rc" 2 "a journal with three bad lines: exit 2"
printf '%s\n' "$err" >"$T/e1"
for args in "list --max-errors 1 -f bad.jsonl" "-f bad.jsonl list --max-errors 1" \
    "--max-errors=1 list -f bad.jsonl"; do
	# shellcheck disable=SC2086
	run wl-note $args
	printf '%s\n' "$err" >"$T/e2"
	is "$rc:$(wc -l <"$T/e2")" "2:2" "wl-note $args: one error and the count"
	same "$T/e2" "$T/e1" "  the same words as with the options first"
done

# --- wl-report: md when no verb is named ------------------------------------

WARN="wl-report: $W:58: warning: record of unknown type 'poll' ignored"
for args in "" "md" "--lang nl" "md --lang nl" "--lang nl md"; do
	# shellcheck disable=SC2086
	run wl-report -f "$W" $args
	is "$rc:$err" "0:$WARN" "wl-report -f W $args: exit 0, one warning"
	same "$T/.out" "$R/expected-nl.md" "  the report"
	# shellcheck disable=SC2086
	run wl-report $args -f "$W"
	same "$T/.out" "$R/expected-nl.md" "wl-report $args -f W: the report"
done
run wl-report -f "$W" --lang en
same "$T/.out" "$R/expected-en.md" "wl-report -f W --lang en: the English report"
run wl-report --lang en -f "$W"
same "$T/.out" "$R/expected-en.md" "wl-report --lang en -f W: the same"
run wl-report --all --anonymous --charts none -f "$W"
same "$T/.out" "$R/expected-all-anonymous-nl.md" "wl-report --all ... -f W: every session"
run wl-report -f "$W" --charts none --anonymous md --all
same "$T/.out" "$R/expected-all-anonymous-nl.md" "  md among the options"
cp "$W" werklab.jsonl
run wl-report
is "$rc" 0 "wl-report alone: exit 0"
same "$T/.out" "$R/expected-nl.md" "  the report of ./werklab.jsonl"
run wl-report --all --charts none --anonymous
same "$T/.out" "$R/expected-all-anonymous-nl.md" "wl-report --all ...: every session of it"
rm werklab.jsonl

# --- wl-report: journals as operands or as -f -------------------------------

for args in "compare $C/venlo.jsonl $C/zwolle.jsonl $C/deventer.jsonl" \
    "-f $C/venlo.jsonl compare $C/zwolle.jsonl $C/deventer.jsonl" \
    "compare -f $C/venlo.jsonl -f $C/zwolle.jsonl -f $C/deventer.jsonl" \
    "-f $C/venlo.jsonl -f $C/zwolle.jsonl -f $C/deventer.jsonl compare"; do
	# shellcheck disable=SC2086
	run wl-report $args
	is "$rc:$err" "0:" "wl-report $(echo "$args" | sed "s|$C/||g"): exit 0"
	same "$T/.out" "$C/expected-nl.md" "  the golden comparison"
done

for args in "check $J $W" "-f $J check $W" "check -f $J -f $W" "check $J -f $W"; do
	# shellcheck disable=SC2086
	run wl-report $args
	is "$rc:$out:$err" "0::" "wl-report $(echo "$args" | sed "s|$W|W|"): both journals, no problem"
done
cp "$T/j0" old.jsonl
wl-note add -f $J -k idea "Nieuw" >/dev/null
printf '{"op":"add","record":%s}\n' "$(tail -n 1 $J)" >"$T/want"
for args in "diff -o jsonl old.jsonl $J" "-o jsonl diff old.jsonl $J" \
    "diff old.jsonl $J -o jsonl" "diff old.jsonl -o jsonl $J"; do
	# shellcheck disable=SC2086
	run wl-report $args
	is "$rc:$err" "1:" "wl-report $args: exit 1, one difference"
	same "$T/.out" "$T/want" "  written as jsonl"
done
refuses "diff with -f before the verb" wl-report -f old.jsonl diff old.jsonl $J
is "$err" "wl-report: diff compares two journals: OLD NEW (see 'wl-report --help')" \
    "  diff's journals are its operands"
cp "$T/j0" $J

# --- the same in all four: help, version, unknown and missing verbs --------

for prog in wl-session wl-note wl-advice wl-report; do
	case $prog in
	wl-session) verbs="new, list, show, join, people, edit, redact, rm or restore" v=list ;;
	wl-note) verbs="add, list, edit, rm, restore or import" v=list ;;
	wl-advice) verbs="add, endorse, agree, status, list, show, edit, rm or restore" v=list ;;
	wl-report) verbs="md, compare, diff, merge or check" v=check ;;
	esac
	run $prog --help
	is "$rc:$err" "0:" "$prog --help: exit 0, nothing on stderr"
	like "$out" "^usage: $prog " "  the usage on stdout"
	cp "$T/.out" "$T/help"
	for args in "-h" "--help $v" "$v --help" "-h $v" "$v -h" "-f $J $v --help" \
	    "$v -f $J -h" "--help frob" "--he"; do
		# shellcheck disable=SC2086
		run $prog $args
		n=$((n + 1))
		if [ "$rc" = 0 ] && [ -z "$err" ] && cmp -s "$T/.out" "$T/help"; then
			echo "ok $n - $prog $args: the same usage, exit 0"
		else
			echo "not ok $n - $prog $args: the same usage, exit 0"
			printf '#   rc=%s err=%s\n' "$rc" "$err"
			failed=$((failed + 1))
		fi
	done
	for args in "--version" "--version $v" "$v --version" "-f $J --version"; do
		# shellcheck disable=SC2086
		run $prog $args
		is "$rc:$out:$err" "0:$prog 0.1.0:" "$prog $args: the version"
	done
	for args in "frob" "-f $J frob" "frob -f $J" "-o tsv frob --max-errors 2" \
	    "frob --help"; do
		# shellcheck disable=SC2086
		refuses "$prog $args: an unknown verb" $prog $args
		is "$err" "$prog: unknown verb 'frob' ($verbs) (see '$prog --help')" \
		    "  named, with the verbs there are"
	done
	for args in "--frob $v" "$v --frob" "-f $J --frob" "-Q $v"; do
		opt=${args#* }
		case $args in --frob*|-f*) opt=--frob ;; -Q*) opt=-Q ;; esac
		# shellcheck disable=SC2086
		refuses "$prog $args: an option no verb has" $prog $args
		is "$err" "$prog: unknown option '$opt' (see '$prog --help')" \
		    "  named, wherever it is"
	done
	refuses "$prog $v -f: -f without its value" $prog $v -f
	is "$err" "$prog: option '-f' needs a value (see '$prog --help')" \
	    "  named"
	[ $prog = wl-report ] && continue
	for args in "" "-f $J" "-o tsv -f $J --max-errors 2" "-- $v" "-f $J -- $v"; do
		# shellcheck disable=SC2086
		refuses "$prog $args: a missing verb" $prog $args
		is "$err" "$prog: missing verb: $verbs (see '$prog --help')" \
		    "  and the verbs there are"
	done
done

done_testing
