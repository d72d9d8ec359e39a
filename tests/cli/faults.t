#!/bin/sh
# A failed write leaves the journal as it was.  Each writer
# runs from the fault-injecting build ($WL_FAULT_BIN, 'make fault'),
# with WL_FAULT=X:N making the N-th call of X fail, for N = 1, 2, ...
# until the command succeeds: write (ENOSPC, and short writes), fsync
# (EIO), the allocators malloc/calloc/realloc/strdup (ENOMEM), rename
# (EIO).  Every failure: exit 2, a clear message on stderr, nothing on
# stdout, the journal byte-identical, no stray file, no leak (under
# ASan a leak would change the exit status).  Then a full file system:
# a file size limit (ulimit -f), with SIGXFSZ ignored by the shell and
# without (the tools ignore it themselves).
. "$(dirname "$0")/lib.sh"

if [ -z "${WL_FAULT_BIN:-}" ] || [ ! -x "$WL_FAULT_BIN/wl-note" ]; then
	echo "1..0 # SKIP no fault-injecting binaries (make fault; WL_FAULT_BIN)"
	exit 0
fi
F=$WL_FAULT_BIN
MAXN=${WL_FAULT_MAX:-3000}

s=$(wl-session new -m Roermond -d 2026-06-14 </dev/null)
p=$(wl-session join -s "$s" -r initiator -n Anna </dev/null)
a=$(wl-advice add -s "$s" -p self "Luister naar bewoners" </dev/null)
cp werklab.jsonl base.jsonl
printf 'eerste idee\ntweede idee\n\nderde idee\n' >bulk.txt
cat >import.jsonl <<EOT
{"type":"note","kind":"do","text":"Bel terug"}
{"type":"note","kind":"quote","text":"Fijn","by":"$p"}
EOT
printf '%s' '{"id":"5555eeee00000005","type":"no' >frag

# scenario NAME SETUP CMD...: run CMD from the fault build with each
# fault kind at N = 1, 2, ... until it succeeds; SETUP (base, torn,
# none) makes werklab.jsonl before each run.  Counts go to the totals.
injected=0
scenarios=0
setup() {
	rm -f werklab.jsonl werklab.jsonl.torn-* werklab.jsonl.new-*
	case $1 in
	base) cp base.jsonl werklab.jsonl ;;
	torn) cat base.jsonl frag >werklab.jsonl ;;
	none) ;;
	esac
	[ -e werklab.jsonl ] && cp werklab.jsonl "$T/before" || rm -f "$T/before"
}
scenario() {
	name=$1 how=$2
	shift 2
	for kind in write write-short fsync malloc rename; do
		fault=$kind
		[ "$kind" = write-short ] && fault=write
		k=1
		bad=
		while :; do
			setup "$how"
			if [ "$kind" = write-short ]; then
				WL_FAULT="write:$k:short" "$@" <"$IN" >"$T/fo" 2>"$T/fe"
			else
				WL_FAULT="$fault:$k" "$@" <"$IN" >"$T/fo" 2>"$T/fe"
			fi
			frc=$?
			[ "$frc" -eq 0 ] && break
			injected=$((injected + 1))
			# the failure: exit 2, words on stderr, nothing on stdout
			if [ "$frc" -ne 2 ] || [ -s "$T/fo" ] || [ ! -s "$T/fe" ] ||
			    grep -q -i 'sanitizer\|leak' "$T/fe"; then
				bad="exit $frc at $fault:$k: $(head -c 300 "$T/fe")"
				break
			fi
			case $fault in
			write) want='cannot (write|save)' ;;
			fsync) want='cannot (sync|save|cut)' ;;
			malloc) want='out of memory' ;;
			rename) want='cannot' ;;
			esac
			grep -Eq "$want" "$T/fe" || {
				bad="unclear message at $fault:$k: $(cat "$T/fe")"; break; }
			# the journal as it was (a torn tail: cut off and saved
			# whole, or left in place), no temporary file left
			if [ "$how" = torn ] && [ -e werklab.jsonl.torn-* ]; then
				cmp -s base.jsonl werklab.jsonl &&
				    cmp -s frag werklab.jsonl.torn-* ||
				    { bad="torn tail lost at $fault:$k"; break; }
			elif [ -e "$T/before" ]; then
				cmp -s "$T/before" werklab.jsonl ||
				    { bad="journal changed at $fault:$k"; break; }
			elif [ -e werklab.jsonl ]; then
				bad="journal created at $fault:$k"; break
			fi
			[ -z "$(ls werklab.jsonl.new-* 2>/dev/null)" ] ||
			    { bad="temporary file left at $fault:$k"; break; }
			k=$((k + 1))
			[ "$k" -le "$MAXN" ] || { bad="still failing at $fault:$MAXN"; break; }
		done
		if [ -z "$bad" ]; then
			# and the run that succeeded appended cleanly
			run wl-session list -o tsv
			[ "$rc" -eq 0 ] && [ -z "$err" ] && [ -s "$T/fo" ] ||
			    bad="after $fault:$k succeeded: $rc $err"
		fi
		scenarios=$((scenarios + 1))
		is "$bad" "" "$name: $kind fails (calls 1..$((k - 1))): exit 2, said, journal unchanged"
		[ "$kind" = rename ] && is "$k" 1 "$name: appending renames nothing"
	done
}

IN=/dev/null
scenario "session new" base $F/wl-session new -m Venlo -d 2026-06-21
scenario "session new, new journal" none $F/wl-session new -m Venlo -d 2026-06-21
scenario "session join" base $F/wl-session join -s "$s" -r other -n Bob
scenario "note add" base $F/wl-note add -s "$s" -k idea -t x "Een idee"
scenario "advice add" base $F/wl-advice add -s "$s" -p colleagues "Vraag hulp"
scenario "advice endorse" base $F/wl-advice endorse "$a" --by "$p"
scenario "note add on a torn journal" torn $F/wl-note add -s "$s" -k idea "Na de crash"
IN=bulk.txt
scenario "note add, bulk" base $F/wl-note add -s "$s" -k do
IN=/dev/null
scenario "note import" base $F/wl-note import -s "$s" import.jsonl
echo "# $injected faults injected in $scenarios runs to success"

# --- a full file system: a file size limit ---------------------------------

cp base.jsonl werklab.jsonl
size=$(wc -c <werklab.jsonl)
blocks=$(((size + 511) / 512))	# dash's ulimit -f counts 512-byte blocks
long=$(printf '%0600d' 0 | tr 0 a)
(ulimit -f "$blocks" 2>/dev/null || exit 3
 [ "$(ulimit -f)" -eq "$blocks" ] || exit 3
 trap '' XFSZ
 exec wl-note add -s "$s" -k idea "$long") </dev/null >"$T/fo" 2>"$T/fe"
frc=$?
if [ "$frc" -eq 3 ]; then
	echo "ok $((n + 1)) # SKIP ulimit -f unusable here"; n=$((n + 1))
else
	is "$frc" 2 "a full disk (file size limit, SIGXFSZ ignored): exit 2"
	like "$(cat "$T/fe")" '^wl-note: werklab\.jsonl: cannot write: ' "  says it cannot write"
	same werklab.jsonl base.jsonl "  the journal is byte-identical"
	(ulimit -f "$blocks"; exec wl-note add -s "$s" -k idea "$long") \
	    </dev/null >"$T/fo" 2>"$T/fe"
	is "$?" 2 "  SIGXFSZ not ignored by the caller: still exit 2 (not killed)"
	same werklab.jsonl base.jsonl "  the journal is byte-identical"
	(ulimit -f "$blocks"; exec wl-session join -s "$s" -r other -n "$long") \
	    </dev/null >"$T/fo" 2>"$T/fe"
	is "$?:$(cat "$T/fo")" "2:" "  join: exit 2, no id printed"
	same werklab.jsonl base.jsonl "  the journal is byte-identical"
	(ulimit -f "$blocks"; printf 'a\nb\n%s\n' "$long" |
	    wl-note add -s "$s" -k idea) >"$T/fo" 2>"$T/fe"
	is "$?:$(cat "$T/fo")" "2:" "  a bulk add that fills the disk half-way: exit 2, no ids"
	same werklab.jsonl base.jsonl "  none of its lines stay"
fi

done_testing
