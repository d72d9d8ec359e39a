#!/bin/sh
# A failed write leaves the journal as it was, and no lack of memory
# crashes a tool or makes it say less than the whole truth.
# Every writer verb, 'wl-report check --repair', the report and the
# comparison run from the fault-injecting build ($WL_FAULT_BIN, 'make
# fault'), with WL_FAULT=X:N making the N-th call of X fail.
#
# write (ENOSPC, and short writes), fsync (EIO) and rename (EIO) fail
# for N = 1, 2, ... until the command succeeds.  The allocations --
# malloc, calloc, realloc, strdup and jansson's own, counted as one --
# fail for every N up to the number a clean run makes, and one past
# it (every third N under the sanitizers, for time).  Every failure:
# exit 2, one line on stderr that says what (for memory, "out of
# memory"), nothing on stdout, the journal byte-identical, no stray
# file; no crash (no signal, no sanitizer report) and, under ASan, no
# leak (it would change the exit status).
# A run that survives a failed allocation (a fallback) must give
# exactly what the clean run gave, so nothing can be left out unseen.
# Failures already known, of files this test does not own, are listed
# as TODO tests (known_fault), and the sweeps go on past them.
# Then a full file system (ulimit -f), and a limit on the address
# space (ulimit -v) that also fails libc's own allocations.
. "$(dirname "$0")/lib.sh"

if [ -z "${WL_FAULT_BIN:-}" ] || [ ! -x "$WL_FAULT_BIN/wl-report" ]; then
	echo "1..0 # SKIP no fault-injecting binaries (make fault; WL_FAULT_BIN)"
	exit 0
fi
F=$WL_FAULT_BIN
MAXN=${WL_FAULT_MAX:-5000}
# Under the sanitizers a run costs ten times as much: every third
# allocation fails there (the normal build fails each one).
STEP=${WL_FAULT_STEP:-1}
grep -q __asan_init "$F/wl-report" && STEP=${WL_FAULT_STEP:-3}

s=$(wl-session new -m Roermond -d 2026-06-14 </dev/null)
p=$(wl-session join -s "$s" -r initiator -n Anna --consent </dev/null)
a=$(wl-advice add -s "$s" -p self "Luister naar bewoners" </dev/null)
note=$(wl-note add -s "$s" -k do "Bel terug binnen een week" </dev/null)
cp werklab.jsonl base.jsonl
printf 'eerste idee\ntweede idee\n\nderde idee\n' >bulk.txt
cat >import.jsonl <<EOT
{"type":"note","kind":"do","text":"Bel terug"}
{"type":"note","kind":"quote","text":"Fijn","by":"$p"}
EOT
printf '%s' '{"id":"5555eeee00000005","type":"no' >frag
# For check --repair: a line written twice, and a torn last line; and
# the journal as a repair leaves it.
{ cat base.jsonl; sed -n 2p base.jsonl; cat frag; } >repair.jsonl
cp repair.jsonl "$T/repaired"
wl-report check --repair "$T/repaired" </dev/null >/dev/null 2>&1

# The ids a run prints and writes are random: norm FILE... writes the
# files with each id replaced by the order of its first appearance
# (I1, I2, ...), so two runs that did the same compare equal.
h='[0-9a-f]'
ID="$h$h$h$h$h$h$h$h$h$h$h$h$h$h$h$h"
norm() {
	awk -v re="$ID" '{
		out = ""; s = $0
		while (match(s, re)) {
			id = substr(s, RSTART, RLENGTH)
			if (!(id in seen))
				seen[id] = "I" (++k)
			out = out substr(s, 1, RSTART - 1) seen[id]
			s = substr(s, RSTART + RLENGTH)
		}
		print out s
	}' "$@"
}

# setup HOW: make werklab.jsonl as a run expects it (base, torn: base
# with a torn tail, repair: repair.jsonl, none; ro: leave it, for a
# reader); $before names what it was (empty: no journal).
setup() {
	for f in werklab.jsonl.torn-* werklab.jsonl.new-*; do
		[ -e "$f" ] && rm -f werklab.jsonl.torn-* werklab.jsonl.new-*
		break
	done
	case $1 in
	base) cp base.jsonl werklab.jsonl; before=base.jsonl ;;
	torn) cat base.jsonl frag >werklab.jsonl; before=torn.jsonl ;;
	repair) cp repair.jsonl werklab.jsonl; before=repair.jsonl ;;
	none) rm -f werklab.jsonl; before= ;;
	ro) before= ;;
	esac
}
cat base.jsonl frag >torn.jsonl

# failed_cleanly RC WANT: the run that just ended (stdout $T/fo, stderr
# $T/fe) failed as it must: exit 2, nothing on stdout, one line on
# stderr that says WANT (an extended regular expression), no sanitizer
# report, the journal as it was, no temporary file.  Else sets $bad.
# Lines that say what was done before the failure are not counted: a
# torn tail saved (then the journal may be cut off, the tail saved
# whole), a repair made before the check that followed it failed
# (then the journal is the repaired one, as the clean run left it:
# $T/repaired).  A rewrite whose directory could not be synced after
# its rename says so, and the journal is the new one.  Shell builtins
# where they do: this runs thousands of times.
failed_cleanly() {
	nsaid=0 said= torn= repaired= synced=1
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		*"warning: the last line was incomplete"*) torn=1; continue ;;
		*": dropped "*" line"*|*": moved the torn last line "*)
			repaired=1; continue ;;
		*"rewritten, but syncing its directory failed"*) synced= ;;
		esac
		case $line in
		*[Ss]anitizer*|*[Ll]eak*) nsaid=99 ;;
		esac
		nsaid=$((nsaid + 1))
		said=$line
	done <"$T/fe"
	# A list writes its rows as it goes: what it wrote before it
	# failed must be the start of the whole list, no row left out.
	if [ -n "$LISTS" ] && [ -s "$T/fo" ] && head -c "$(wc -c <"$T/fo")" \
	    "$T/wantout" | cmp -s - "$T/fo"; then
		: >"$T/fo"
	fi
	if [ "$1" -ne 2 ] || [ -s "$T/fo" ] || [ "$nsaid" -ne 1 ]; then
		bad="exit $1 at $fault:$k: $(head -c 300 "$T/fe")"
		return
	fi
	case $2 in
	"out of memory") case $said in *"out of memory"*) ;; *) false ;; esac ;;
	*) printf '%s\n' "$said" | grep -Eq "$2" ;;
	esac || { bad="unclear message at $fault:$k: $(cat "$T/fe")"; return; }
	if [ -n "$torn" ] || { [ "$how" = torn ] && [ -e werklab.jsonl.torn-* ]; }
	then
		cmp -s base.jsonl werklab.jsonl &&
		    cmp -s frag werklab.jsonl.torn-* ||
		    { bad="torn tail lost at $fault:$k"; return; }
	elif [ -n "$repaired" ]; then
		cmp -s "$T/repaired" werklab.jsonl ||
		    { bad="repaired, and then not at $fault:$k"; return; }
	elif [ -n "$before" ] && [ -n "$synced" ]; then
		cmp -s "$before" werklab.jsonl ||
		    { bad="journal changed at $fault:$k"; return; }
		for f in werklab.jsonl.torn-*; do
			[ -e "$f" ] && { bad="a torn tail saved at $fault:$k"; return; }
		done
	elif [ "$how" = none ] && [ -e werklab.jsonl ]; then
		bad="journal created at $fault:$k"; return
	fi
	for f in werklab.jsonl.new-*; do
		[ -e "$f" ] && bad="temporary file left at $fault:$k"
	done
}

injected=0
scenarios=0

# scenario NAME HOW CMD...: CMD from the fault build with write, short
# writes, fsync and rename failing at N = 1, 2, ... until it succeeds,
# then every allocation (sweep); HOW as for setup.
scenario() {
	name=$1 how=$2
	shift 2
	for kind in write write-short fsync rename; do
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
			case $fault in
			write) want='cannot (write|save|rewrite)' ;;
			fsync) want='cannot (sync|save|cut|rewrite)|syncing' ;;
			rename) want='cannot' ;;
			esac
			failed_cleanly "$frc" "$want"
			[ -z "$bad" ] || break
			k=$((k + 1))
			[ "$k" -le "$MAXN" ] || { bad="still failing at $fault:$MAXN"; break; }
		done
		if [ -z "$bad" ]; then
			# and the run that succeeded left a journal that reads
			run wl-session list -o tsv
			[ "$rc" -eq 0 ] && [ -z "$err" ] && [ -n "$out" ] ||
			    bad="after $fault:$k succeeded: $rc $err"
		fi
		scenarios=$((scenarios + 1))
		is "$bad" "" "$name: $kind fails (calls 1..$((k - 1))): exit 2, said, journal unchanged"
		[ "$kind" = rename ] && [ -z "$REWRITES" ] &&
		    is "$k" 1 "$name: appending renames nothing"
	done
	sweep "$name" "$how" "$@"
}

# known_fault TEXT: the files at fault when TEXT (what went wrong) is
# a failure already known, of files this test does not own; empty for
# any other.  The sweeps go on past these, and report them as TODO.
known_fault() {
	case $1 in
	*.jsonl:[0-9]*": out of memory"*)
		echo "a line short of memory taken for a bad line (journal.c, check.c, import.c: err->code WL_ENOMEM)" ;;
	*"missing required field"*)
		echo "a member of a new record set unchecked (import.c fill, redact.c)" ;;
	*"cannot read: Cannot allocate memory"*)
		echo "redact.c: its read short of memory" ;;
	*"went on to another end"*)
		[ "$name" = "session redact" ] &&
		    echo "redact.c: a value not erased, or the redaction short of its reason" ;;
	"journal changed at "*)
		[ "$how" = repair ] &&
		    echo "cmd/wl-report.c: out of memory after the repair, before it says what it did" ;;
	*LeakSanitizer*)
		# what leaked was allocated in cmd/: not freed before a
		# message and exit, and not found on the stack any more
		grep -m1 -oE '/(cmd|lib)/[a-z_-]+\.c' "$T/fe" | grep -q '^/cmd/' &&
		    echo "cmd/: memory not freed before exit on an error" ;;
	esac
}

# todo DESCRIPTION WHY: a test that fails for a known fault of another
# file (WHY; none: it passes), marked TODO so that it does not fail the
# suite; prove says when it passes.
todo() {
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1 # TODO $2"
	fi
}

# outcome FILE: what a run left -- the journal, stdout, stderr -- with
# its ids numbered (norm), into FILE.
outcome() {
	{ [ -e werklab.jsonl ] && cat werklab.jsonl; echo "--"
	  cat "$T/fo"; echo "--"; cat "$T/fe"; } >"$T/raw"
	norm "$T/raw" >"$1"
}

# sweep NAME HOW CMD...: a clean run of CMD counts its allocations (M);
# then the N-th fails, for N = 1 .. M + 1 (every STEP-th N, and M + 1).
# A failure must be clean and say "out of memory".  A success (the
# clean run's exit status: 0, or 1 for a diff that found differences)
# must leave the journal, stdout and stderr as the clean run did (ids
# aside, see norm).  N = M + 1 must succeed.
sweep() {
	name=$1 how=$2
	shift 2
	fault=malloc k=0
	setup "$how"
	WL_FAULT=malloc:0 WL_FAULT_COUNT="$T/count" "$@" <"$IN" >"$T/fo" 2>"$T/fe"
	wrc=$?
	m=$(cat "$T/count" 2>/dev/null || echo 0)
	cp "$T/fo" "$T/wantout"
	outcome "$T/want"
	bad=
	[ "$wrc" -ne 2 ] && [ "$m" -gt 0 ] ||
	    bad="the clean run: exit $wrc, $m allocations: $(head -c 300 "$T/fe")"
	[ "$how" = ro ] && cp werklab.jsonl "$T/ro"
	survived=0 known= first=
	k=1
	while [ -z "$bad" ]; do
		[ "$k" -gt "$m" ] && k=$((m + 1))	# the last: none fails
		setup "$how"
		WL_FAULT="malloc:$k" "$@" <"$IN" >"$T/fo" 2>"$T/fe"
		frc=$?
		if [ "$frc" -eq "$wrc" ]; then
			outcome "$T/got"
			cmp -s "$T/want" "$T/got" ||
			    bad="malloc:$k failed, and it went on to another end: $(diff "$T/want" "$T/got" | head -5)"
			[ "$k" -le "$m" ] && survived=$((survived + 1))
		else
			injected=$((injected + 1))
			failed_cleanly "$frc" 'out of memory'
			[ "$k" -le "$m" ] || bad="malloc:$k, past the last allocation, failed: $(cat "$T/fe")"
		fi
		if [ -n "$bad" ] && why=$(known_fault "$bad") && [ -n "$why" ]; then
			case "; $known;" in
			*"; $why;"*) ;;
			*) known="${known:+$known; }$why"
			   first=${first:-$k} ;;
			esac
			bad=
		fi
		[ "$k" -gt "$m" ] && break
		k=$((k + STEP))
		[ "$k" -le "$MAXN" ] || bad="more than $MAXN allocations"
	done
	[ -z "$bad" ] && [ "$how" = ro ] && ! cmp -s "$T/ro" werklab.jsonl &&
	    bad="a reader changed the journal"
	scenarios=$((scenarios + 1))
	is "$bad" "" "$name: each of its $m allocations fails: exit 2, out of\
 memory, journal unchanged (or, $survived times, the very same result)"
	todo "$name: and never one of the known faults" \
	    "${known:+"$known (first at malloc:$first)"}"
}

IN=/dev/null
REWRITES= LISTS=
scenario "session new" base $F/wl-session new -m Venlo -d 2026-06-21
scenario "session new, new journal" none $F/wl-session new -m Venlo -d 2026-06-21
scenario "session join" base $F/wl-session join -s "$s" -r other -n Bob
scenario "session edit" base $F/wl-session edit "$p" -n Anne --org Wijkraad
scenario "session edit of the session" base $F/wl-session edit -s "$s" -d 2026-06-22 --title Werklab
REWRITES=1
scenario "session redact" base $F/wl-session redact "$p" --reason verzoek --yes
scenario "check --repair" repair $F/wl-report check --repair
REWRITES=
scenario "note add" base $F/wl-note add -s "$s" -k idea -t x "Een idee"
scenario "note add on a torn journal" torn $F/wl-note add -s "$s" -k idea "Na de crash"
scenario "note edit" base $F/wl-note edit "$note" --text "Bel binnen drie dagen" -t snel
scenario "note rm" base $F/wl-note rm "$note" --reason dubbel
scenario "note import" base $F/wl-note import -s "$s" import.jsonl
scenario "advice add" base $F/wl-advice add -s "$s" -p colleagues "Vraag hulp"
scenario "advice endorse" base $F/wl-advice endorse "$a" --by "$p" --reason ja
scenario "advice agree" base $F/wl-advice agree -s "$s" --owner "$p" --due 2026-07-01 --advice "$a" "Bellen"
scenario "advice status" base $F/wl-advice status "$a" presented --note "in het MT"
scenario "advice edit" base $F/wl-advice edit "$a" --text "Luister echt" -t luisteren
scenario "advice rm" base $F/wl-advice rm "$a" --reason vergissing --yes
IN=bulk.txt
scenario "note add, bulk" base $F/wl-note add -s "$s" -k do

# --- the readers: the report, the comparison, the diff, the lists ---------

# A journal that takes every path of the report and of the comparison:
# an earlier werklab in the same municipality with open items, named
# and unnamed people, every kind of note, tags, an amended advice whose
# endorsement is stale, an endorsement with reservations, an agreement
# with owner and due date, a status, a quote by someone, and a werklab
# elsewhere with an alike do.
cp base.jsonl werklab.jsonl
cp base.jsonl before-readers.jsonl
# q CMD...: the normal build, quietly
q() { "$@" >/dev/null </dev/null; }
q wl-advice agree -s "$s" --owner "$p" --due 2026-07-01 "Terugbellen"
s2=$(wl-session new -m roermond -d 2026-10-01 --title Tweede \
    --facilitator LSA </dev/null)
p2=$(wl-session join -s "$s2" -r civil-servant -n Sanne --org Gemeente \
    --consent </dev/null)
p3=$(wl-session join -s "$s2" -r initiator -n Piet </dev/null)
for kind in expectation question observation do dont idea; do
	q wl-note add -s "$s2" -k "$kind" "Een $kind van Sanne"
done
q wl-note add -s "$s2" -k do -t samen -t snel "Samen bellen"
q wl-note add -s "$s2" -k quote --by "$p3" "Eindelijk wordt er geluisterd"
a2=$(wl-advice add -s "$s2" -p organisation -t loket "Een vast loket" </dev/null)
q wl-advice endorse "$a2" --by "$p2"
q wl-advice edit "$a2" --text "Eén vast loket voor initiatieven"
q wl-advice endorse "$a2" --by "$p3" --stance reservations --reason "te traag"
q wl-advice status "$a2" adopted
q wl-advice agree -s "$s2" --owner "$p2" --due 2026-11-01 --advice "$a2" \
    "Loket inrichten"
s3=$(wl-session new -m Venlo -d 2026-11-12 </dev/null)
q wl-session join -s "$s3" -r manager -n Kees --consent
q wl-note add -s "$s3" -k do "Bel terug binnen een week, altijd"
q wl-advice add -s "$s3" -p self "Luister naar de bewoners"
run wl-report check
is "$rc:$err" "0:" "the readers' journal is a good one"
cp werklab.jsonl readers.jsonl
# The writers' journal again, with a record removed, one added and one
# changed: for the diff.
sed -e 4d -e 's/Luister naar bewoners/Luister naar de bewoners/' \
    before-readers.jsonl >after.jsonl
q wl-note add -f after.jsonl -s "$s" -k idea "Nieuw"
# Eight reports and more are made in two threads.
for i in 1 2 3 4 5 6 7 8; do
	q wl-session new -f many.jsonl -m Roermond -d "2027-0$i-01"
	q wl-note add -f many.jsonl -k do "Nummer $i"
done

IN=/dev/null
sweep "report" ro $F/wl-report -s "$s2"
sweep "compare" ro $F/wl-report compare
sweep "compare, json, by session" ro $F/wl-report compare -o json --by session before-readers.jsonl
sweep "diff" ro $F/wl-report diff before-readers.jsonl after.jsonl
sweep "diff, jsonl" ro $F/wl-report diff -o jsonl before-readers.jsonl after.jsonl
# Two copies that went apart, merged; the union is made in TMPDIR.
cp before-readers.jsonl copy-b.jsonl
q wl-note add -f copy-b.jsonl -s "$s" -k idea "Van Bert"
mkdir "$T/mtmp"
sweep "merge" ro env TMPDIR="$T/mtmp" $F/wl-report merge readers.jsonl copy-b.jsonl
is "$(ls -A "$T/mtmp")" "" "merge: no file left in TMPDIR, whatever failed"
sweep "report --all, in two threads" ro $F/wl-report --all -f many.jsonl
# The lists: rows as a table, and jsonl (the fast way, for notes).  A
# list writes as it goes: what it wrote before it failed may stay.
LISTS=1
sweep "note list" ro $F/wl-note list -s "$s2"
sweep "note list, jsonl, all" ro $F/wl-note list --all -o jsonl
sweep "advice list, json, agreements" ro $F/wl-advice list -s "$s2" --agreements -o json
sweep "session people" ro $F/wl-session people -s "$s2"
LISTS=
echo "# $injected faults injected in $scenarios runs"

# --- a full file system: a file size limit ---------------------------------

cp base.jsonl werklab.jsonl
size=$(wc -c <werklab.jsonl)
blocks=$(((size + 511) / 512))	# dash's ulimit -f counts 512-byte blocks
long=$(printf '%0600d' 0 | tr 0 a)
# (77 for "no ulimit here": 3 is a writer's own status, wl(7))
(ulimit -f "$blocks" 2>/dev/null || exit 77
 [ "$(ulimit -f)" -eq "$blocks" ] || exit 77
 trap '' XFSZ
 exec wl-note add -s "$s" -k idea "$long") </dev/null >"$T/fo" 2>"$T/fe"
frc=$?
if [ "$frc" -eq 77 ]; then
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

# --- short of address space: libc's allocations fail too -------------------

# 'wl-report compare' (the normal build) under ulimit -v, 144 times
# over a range of limits: from the least at which the program starts
# (its --version) to a little past the least at which it compares.
# In between it must say "out of memory" (exit 2), or compare exactly
# as without a limit; never crash.  Not under ASan, which reserves
# terabytes of address space for itself.
ulimit_run() {
	(ulimit -v "$1" 2>/dev/null || exit 3; shift; exec "$@") \
	    </dev/null >"$T/uo" 2>"$T/ue"
}
if grep -q __asan_init "$WL_BIN/wl-report" ||
    ! (ulimit -v 4000000) 2>/dev/null; then
	echo "ok $((n + 1)) # SKIP no ulimit -v here (or a sanitizer build)"
	n=$((n + 1))
else
	wl-report compare readers.jsonl </dev/null >"$T/cmp.want" 2>&1
	# the least limit in KiB at which CMD exits 0, by bisection
	least() {
		lo=1024 hi=1048576
		while [ $((hi - lo)) -gt 16 ]; do
			mid=$(((lo + hi) / 2))
			if ulimit_run "$mid" "$@"; then hi=$mid; else lo=$mid; fi
		done
		echo "$hi"
	}
	start=$(least wl-report --version)
	enough=$(least wl-report compare readers.jsonl)
	hi=$((enough + (enough - start) / 8 + 64))
	step=$(((hi - start) / 143))
	[ "$step" -gt 0 ] || step=1
	crashed= unclear= wrong= oom=0 fine=0 loader=0 i=0
	ldso='error while loading shared libraries\|cannot allocate TLS'
	while [ "$i" -lt 144 ]; do
		kb=$((start + i * step))
		ulimit_run "$kb" wl-report compare readers.jsonl
		urc=$?
		if [ "$urc" -ge 128 ]; then
			crashed="$crashed $kb:$urc"
		elif [ "$urc" -eq 0 ]; then
			cmp -s "$T/uo" "$T/cmp.want" || wrong="$wrong $kb"
			fine=$((fine + 1))
		elif [ "$urc" -eq 2 ] && [ "$(wc -l <"$T/ue")" -eq 1 ] &&
		    grep -q 'out of memory' "$T/ue" && [ ! -s "$T/uo" ]; then
			oom=$((oom + 1))
		elif [ "$urc" -eq 127 ] && grep -q "$ldso" "$T/ue"; then
			# the dynamic loader, before any code of ours (the
			# address space is laid out anew each time)
			loader=$((loader + 1))
		else
			unclear="$unclear $kb:$urc:$(head -c 100 "$T/ue")"
		fi
		i=$((i + 1))
	done
	echo "# ulimit -v $start..$((start + 143 * step)) KiB: $oom out of memory, $fine compared, $loader not loaded"
	is "$crashed" "" "compare under ulimit -v, 144 limits: never killed by a signal"
	is "$unclear" "" "  each failure: exit 2, one line, 'out of memory', nothing on stdout"
	is "$wrong" "" "  each success: the very comparison"
fi

done_testing
