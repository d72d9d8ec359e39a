#!/bin/sh
# Out of memory in jansson too.  With WL_FAULT_JSON set, the binaries of
# the fault build ($WL_FAULT_BIN) let jansson allocate through the
# malloc they wrap, so that WL_FAULT=malloc:N fails the N-th allocation
# whoever makes it: a json_string, json_pack or json_object_set_new of
# cmd/ as much as our own.  Each writer, at N = 1, 2, ...: exit 2,
# nothing on stdout, the journal byte-identical; or success, with a
# record that has every field it was given -- never one that a failed
# jansson call left out.  wl-session new reads no journal, so every one
# of its failures says "out of memory" (the library's parser takes a
# failure of jansson's for a syntax error, for now).
. "$(dirname "$0")/lib.sh"

if [ -z "${WL_FAULT_BIN:-}" ] || [ ! -x "$WL_FAULT_BIN/wl-note" ]; then
	echo "1..0 # SKIP no fault-injecting binaries (make fault; WL_FAULT_BIN)"
	exit 0
fi
F=$WL_FAULT_BIN
MAXN=${WL_FAULT_MAX:-3000}
export WL_FAULT_JSON=1

s=$(wl-session new -m Roermond -d 2026-06-14 </dev/null)
p=$(wl-session join -s "$s" -r initiator -n Anna </dev/null)
a=$(wl-advice add -s "$s" -p self "Luister naar bewoners" </dev/null)
nt=$(wl-note add -s "$s" -k idea "Een idee" </dev/null)
cp werklab.jsonl base.jsonl

# canon: the last line of the journal, its own (random) id made X
canon() { tail -n 1 werklab.jsonl | sed 's/^{"id":"[0-9a-f]*"/{"id":"X"/'; }
fresh() {
	rm -f werklab.jsonl
	[ "$1" = none ] || cp "$1" werklab.jsonl
}

# oom NAME JOURNAL CMD...: run CMD (a writer of one record) with
# malloc:1, 2, ... failing, each time on a fresh copy of JOURNAL (none:
# no journal), and compare the line it writes with the one CMD writes
# from the normal build, byte for byte.  Some failures are got round
# (a writer reads its journal whole when its tail will not do, a long
# stretch of calls): after 8 successes in a row the runs skip ahead, 2,
# 4, 8, at most 16 calls at a time, and when that lands on a failure
# they go back to take each call since the last success in turn.  They
# end after $TAIL successes in a row.  Sets $fails (runs that failed),
# $oom (those that said "out of memory"), $runs.
TAIL=40
oom() {
	name=$1 from=$2
	shift 2
	prog=$1
	shift
	fresh "$from"
	"$prog" "$@" </dev/null >/dev/null 2>&1
	canon >"$T/want"
	k=1 step=1 last=0 until=0 bad= oom=0 fails=0 run=0 runs=0
	while [ "$run" -lt "$TAIL" ] || [ "$k" -lt "$until" ]; do
		fresh "$from"
		WL_FAULT=malloc:$k "$F/$prog" "$@" </dev/null >"$T/fo" 2>"$T/fe"
		frc=$?
		runs=$((runs + 1))
		if [ "$frc" -ne 0 ] && [ "$step" -gt 1 ]; then
			# skipped calls since the last success: each in turn
			until=$k k=$((last + 1)) step=1 run=0
			continue
		fi
		if [ "$frc" -eq 0 ]; then
			canon >"$T/got"
			cmp -s "$T/got" "$T/want" ||
			    { bad="malloc:$k wrote $(cat "$T/got")"; break; }
			run=$((run + 1)) last=$k
			[ "$run" -lt 8 ] || [ "$step" -ge 16 ] ||
			    [ "$k" -lt "$until" ] || step=$((step * 2))
		elif [ "$frc" -ne 2 ] || [ -s "$T/fo" ] || [ ! -s "$T/fe" ] ||
		    grep -q -i 'sanitizer\|leak' "$T/fe"; then
			bad="exit $frc at malloc:$k: $(head -c 300 "$T/fe")"
			break
		elif [ "$from" = none ] && [ -e werklab.jsonl ]; then
			bad="journal created at malloc:$k"; break
		elif [ "$from" != none ] && ! cmp -s "$from" werklab.jsonl; then
			bad="journal changed at malloc:$k"; break
		else
			run=0 fails=$((fails + 1))
			grep -q 'out of memory$' "$T/fe" && oom=$((oom + 1))
		fi
		k=$((k + step))
		[ "$k" -le "$MAXN" ] || { bad="still going at malloc:$MAXN"; break; }
	done
	is "$bad" "" "$name: malloc:N failing ($runs runs, N up to $k): exit 2 and the journal unchanged, or the whole record"
	ok "$([ "$fails" -gt 10 ]; echo $?)" "$name: jansson's allocations are among those failed ($fails)"
}

oom "session new" none wl-session new -m Venlo -d 2026-06-21 -p 2 \
    --series Zuid --title Eerste --location Stadhuis --facilitator Ans \
    --facilitator Bert
is "$oom" "$fails" "session new: every failure says 'out of memory'"
oom "session join" base.jsonl wl-session join -s "$s" -r other -n Bob \
    --org Gemeente --consent
oom "session edit" base.jsonl wl-session edit "$p" -n Anne --org Wijk \
    -r manager --consent
oom "note add" base.jsonl wl-note add -s "$s" -k do -b 2 --by "$p" \
    -t een -t twee "Bel terug"
oom "note edit" base.jsonl wl-note edit "$nt" --text "Een beter idee" \
    -k do -b 2 -t drie --by "$p"
oom "advice add" base.jsonl wl-advice add -s "$s" -p colleagues -t x \
    "Vraag hulp"
oom "advice endorse" base.jsonl wl-advice endorse "$a" --by "$p" \
    --stance reservations --reason "Te vaag"
oom "advice agree" base.jsonl wl-advice agree -s "$s" --owner "$p" \
    --due 2026-07-01 --advice "$a" "Bewoners bellen"
oom "advice status" base.jsonl wl-advice status "$a" adopted --note Akkoord
oom "advice rm" base.jsonl wl-advice rm "$a" --reason dubbel

done_testing
