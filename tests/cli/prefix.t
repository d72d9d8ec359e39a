#!/bin/sh
# What a crash or a bad disk leaves, exhaustively: the reader on every byte
# prefix of a journal (all lengths 0..N: what a crash can leave) and
# on single-byte flips (what a bad disk or a bad edit can leave).  A
# prefix reads like its complete lines (exit 0), with one warning when
# it ends mid-line; a flip gives exit 0 or 2, never a crash or a
# sanitizer report, and an error names the flipped line (flips at every
# second position, the flip value rotating).  The journal
# is tests/fuzz/corpus/valid-all-types.jsonl (every record type); under
# 'make stress' (WL_STRESS) share/examples/roermond.jsonl, with every
# flip value at every position.  Under sanitizers positions are
# sampled.
. "$(dirname "$0")/lib.sh"

: "${WL_SRC:?WL_SRC names the source tree}"
J=$WL_SRC/tests/fuzz/corpus/valid-all-types.jsonl
STEP=1		# every STEP-th prefix end (and every line end)
FSTEP=2		# a flip at every FSTEP-th position
ALLFLIPS=
if [ -n "${WL_STRESS:-}" ]; then
	J=$WL_SRC/share/examples/roermond.jsonl
	FSTEP=1 ALLFLIPS=1
elif [ -n "${WL_SAN:-}" ] || grep -q __asan_init "$WL_BIN/wl-note"; then
	STEP=${WL_SAN_STEP:-11} FSTEP=${WL_SAN_STEP:-11}
fi
cp "$J" j.jsonl
N=$(wc -c <j.jsonl)
# the bytes, one decimal per line
od -An -v -tu1 j.jsonl | tr -s ' ' '\n' | sed '/^$/d' >bytes
is "$(wc -l <bytes | tr -d ' ')" "$N" "the journal has $N bytes"
run wl-note list --all -f j.jsonl -o jsonl
is "$rc:$err" "0:" "it reads cleanly whole"

reader() { wl-note list --all -o jsonl -f "$@"; }

# --- every prefix ------------------------------------------------------

# oracle L: what the first L complete lines read as
oracle() {
	[ -f "oracle.$1" ] && return
	head -n "$1" j.jsonl >lines
	reader lines >"oracle.$1" 2>/dev/null
}
bad_rc=0 bad_out=0 bad_err=0 tested=0
first=
L=0		# complete lines in the prefix
prev=10		# the byte before the prefix's end ('\n' at 0)
p=0
{ cat bytes; echo end; } | while read -r b; do
	if [ $((p % STEP)) -eq 0 ] || [ "$prev" -eq 10 ] || [ "$b" = end ]; then
		tested=$((tested + 1))
		oracle "$L"
		head -c "$p" j.jsonl >pre
		reader pre >out 2>err
		prc=$?
		if [ "$prc" -ne 0 ]; then
			bad_rc=$((bad_rc + 1))
			[ -n "$first" ] || first="prefix $p: exit $prc $(head -c 200 err)"
		elif ! cmp -s out "oracle.$L"; then
			bad_out=$((bad_out + 1))
			[ -n "$first" ] || first="prefix $p: other records than its $L lines"
		elif [ "$prev" -eq 10 ] && [ -s err ]; then
			bad_err=$((bad_err + 1))
			[ -n "$first" ] || first="prefix $p: said $(head -c 200 err)"
		elif [ "$prev" -ne 10 ] && [ "$(cat err)" != "wl-note: pre:$((L + 1)): warning: last line is incomplete (no newline at the end, as a crashed writer leaves it): skipped" ]; then
			bad_err=$((bad_err + 1))
			[ -n "$first" ] || first="prefix $p: said $(head -c 200 err)"
		fi
	fi
	if [ "$b" = end ]; then	# (a subshell: the counts go by file)
		echo "$tested $bad_rc $bad_out $bad_err $first" >prefix.result
		break
	fi
	[ "$b" -eq 10 ] && L=$((L + 1))
	prev=$b
	p=$((p + 1))
done
read -r tested bad_rc bad_out bad_err first <prefix.result
echo "# $tested prefixes tested (of $((N + 1)))"
[ -z "$first" ] || echo "# first failure: $first"
[ "$tested" -gt $((N / STEP)) ]
ok $? "every prefix length 0..$N read ($tested)"
is "$bad_rc" 0 "  each exits 0"
is "$bad_out" 0 "  each reads exactly its complete lines"
is "$bad_err" 0 "  silent at a line end, one warning naming the torn line otherwise"

# --- single-byte flips ---------------------------------------------------

# flip P V: j.jsonl with byte P (0-based) replaced by V, to flipped
flip() {
	{ head -c "$1" j.jsonl; printf "\\$(printf %o "$2")"; tail -c +$(($1 + 2)) j.jsonl; } >flipped
}
L=1
p=0
flips=0 bad_crash=0 bad_line=0 bad_quiet=0 zero=0 two=0
first=
while read -r b; do
	if [ $((p % FSTEP)) -eq 0 ]; then
		# the values: bit 0, bit 5 (case), NUL, 0xff, '\n', '"'
		if [ -n "$ALLFLIPS" ]; then
			vals="$((b ^ 1)) $((b ^ 32)) 0 255 10 34"
		else
			set -- $((b ^ 1)) $((b ^ 32)) 0 255 10 34
			shift $(((p / FSTEP) % 6))
			vals=$1
		fi
		for v in $vals; do
			[ "$v" -eq "$b" ] && continue
			flips=$((flips + 1))
			flip "$p" "$v"
			reader flipped >out 2>err
			frc=$?
			if [ "$frc" -ne 0 ] && [ "$frc" -ne 2 ] ||
			    grep -q 'Sanitizer\|runtime error' err; then
				bad_crash=$((bad_crash + 1))
				[ -n "$first" ] || first="byte $p to $v: exit $frc $(head -c 200 err)"
			elif [ "$frc" -eq 2 ]; then
				two=$((two + 1))
				# the first error names the flipped line (or the
				# next, when the flip made a new line)
				e=$(grep -v ': warning: ' err | head -n 1)
				case $e in
				"wl-note: flipped:$L:"*|"wl-note: flipped:$((L + 1)):"*) ;;
				*)	bad_line=$((bad_line + 1))
					[ -n "$first" ] || first="byte $p (line $L) to $v: $e" ;;
				esac
			else
				zero=$((zero + 1))
				if grep -qv ': warning: ' err; then
					bad_quiet=$((bad_quiet + 1))
					[ -n "$first" ] || first="byte $p to $v: exit 0 but $(head -c 200 err)"
				fi
			fi
		done
	fi
	[ "$b" -eq 10 ] && L=$((L + 1))
	p=$((p + 1))
done <bytes
echo "# $flips flips: $zero read (exit 0), $two refused (exit 2)"
[ -z "$first" ] || echo "# first failure: $first"
[ "$flips" -ge $((N / FSTEP * 9 / 10)) ]
ok $? "single-byte flips tried ($flips)"
is "$bad_crash" 0 "  never a crash or a sanitizer report: exit 0 or 2"
is "$bad_line" 0 "  an error names the flipped line, FILE:LINE"
is "$bad_quiet" 0 "  exit 0 only with warnings"
[ "$two" -gt 0 ] && [ "$zero" -gt 0 ]
ok $? "  some flips are refused, some are harmless"

done_testing
