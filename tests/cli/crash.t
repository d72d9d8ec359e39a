#!/bin/sh
# Crashes: a writer of a batch killed with SIGKILL at a random instant,
# until K writers have been killed (300; WL_STRESS_KILLS under 'make
# stress'; fewer under sanitizers; those that finish first count not).
# The writers, in turn: a bulk 'wl-note add' of 400 short lines, one of
# 8 lines of 60 kB (a write(2) that spans many pages, which a kill can
# cut short), and a 'wl-note import' of 20 records of 40 kB.  Each
# writes its records as one group (wl-journal(5)).  After each kill:
#   - the lines before it are untouched;
#   - every id the writer printed is in the journal;
#   - no part of a batch is visible: list, the report and check see
#     all of its records or none, and say at most the one warning
#     about the torn tail that a kill mid-write leaves;
#   - the same command run again exits 0, moves a torn tail aside, and
#     leaves each record of the batch in the journal once (a batch that
#     was written whole but printed no ids is found, not written
#     again: 'already recorded at', and its ids printed);
#   - after which the journal reads without a word.
# Half of the kills come after a random delay (seeded), spread over the
# writer's lifetime as measured here; the other half, with the fault
# build ($WL_FAULT_BIN), in the middle of a random write(2) of the
# batch.  Where each lands -- before the write, in it, after it -- is
# counted and said, not assumed: the invariants hold for each.
. "$(dirname "$0")/lib.sh"

K=${WL_STRESS_KILLS:-300}
if [ -z "${WL_STRESS:-}" ] && { [ -n "${WL_SAN:-}" ] ||
    grep -q __asan_init "$WL_BIN/wl-session"; }; then
	K=${WL_SAN_KILLS:-60}
fi

s=$(wl-session new -m Roermond -d 2026-06-14 </dev/null)
p=$(wl-session join -r initiator -n Anna </dev/null)
cp werklab.jsonl base.jsonl
like "$s$p" '^[0-9a-f]{32}$' "a session with a participant"
basesize=$(wc -c <base.jsonl)

# small.txt: 400 short lines; big.txt: 8 lines of 60 kB; imp.jsonl: 20
# records of 40 kB to import
seq 1 400 | sed 's/^/idee nummer /' >small.txt
awk 'BEGIN { s = "x"; while (length(s) < 60000) s = s s;
    for (i = 1; i <= 8; i++) print "groot " i " " substr(s, 1, 60000) }' >big.txt
awk 'BEGIN { s = "y"; while (length(s) < 40000) s = s s;
    for (i = 1; i <= 20; i++)
	printf "{\"kind\":\"idea\",\"text\":\"lang %d %s\"}\n", i, substr(s, 1, 40000) }' >imp.jsonl
# How long each writer lives here and now, unkilled (the longest of
# three runs, in ms): the kills are spread over that, so that they land
# before, in and after the write alike on a fast or a busy machine.
lifetime() {
	_most=1
	for _k in 1 2 3; do
		cp base.jsonl werklab.jsonl
		_a=$(date +%s%N)
		case $1 in
		1) wl-note add -s "$s" -k idea <small.txt ;;
		2) wl-note add -s "$s" -k idea <big.txt ;;
		0) wl-note import -s "$s" imp.jsonl </dev/null ;;
		esac >/dev/null
		_b=$(date +%s%N)
		_t=$(((_b - _a) / 1000000))
		[ "$_t" -gt "$_most" ] && _most=$_t
	done
	echo "$_most"
}
t1=$(lifetime 1) t2=$(lifetime 2) t0=$(lifetime 0)
# random delays (seeded: reproducible fractions of those lifetimes):
# a third anywhere from a tenth to one and a quarter, the others from
# 0.7 to 1.05, where the write is (it comes last, before the fsync)
awk -v k="$((4 * K))" -v seed="${WL_KILL_SEED:-6}" -v t0="$t0" -v t1="$t1" \
    -v t2="$t2" 'BEGIN { srand(seed);
    for (i = 1; i <= k; i++) {
	m = i % 3
	t = m == 1 ? t1 : m == 2 ? t2 : t0
	f = rand() < 1 / 3 ? 0.1 + rand() * 1.15 : 0.7 + rand() * 0.35
	printf "%.4f %.4f\n", t * f / 1000, rand()
    } }' >delays
echo "# writers live $t1 ms (400 short texts), $t2 ms (8 long ones), $t0 ms (import of 20 long ones)"
echo "# $K kills, seed ${WL_KILL_SEED:-6}"

# the texts of the batch's records, visible to a reader, one a line
texts_listed() { wl-note list -s "$s" -k idea -o tsv | cut -f 6 | sed 1d; }

fail_prefix=0 fail_ids=0 fail_list=0 fail_md=0 fail_check=0 fail_rerun=0
fail_after=0 fail_exit=0
killed=0 finished=0 before=0 midwrite=0 midgroup=0 whole=0 already=0
printed=0
first=
note() { [ -n "$first" ] || first="kill $i (delay $d, turn $turn): $1"; }
torn_msg='warning: (last line is incomplete|the last [0-9]+ lines \([0-9]+ bytes\) are a batch that was not written whole)'
i=0
while [ "$killed" -lt "$K" ] && read -r d w; do
	i=$((i + 1))
	turn=$((i % 3))
	case $turn in
	1) want=400 ;; 2) want=8 ;; 0) want=20 ;;
	esac
	cp base.jsonl werklab.jsonl
	rm -f werklab.jsonl.torn-*
	# every other run, when the fault build is there, the kill comes
	# in the middle of a random write(2) of the batch (its header,
	# a record, or the last '\n'): half of it written, then SIGKILL
	if [ $((i % 2)) -eq 0 ] && [ -n "${WL_FAULT_BIN:-}" ]; then
		how="env WL_FAULT=write:$(awk -v w="$w" -v n="$want" \
		    'BEGIN { print 1 + int(w * (n + 2)) }'):kill"
		bin=$WL_FAULT_BIN/
	else
		how="timeout -s KILL $d"
		bin=
	fi
	case $turn in
	1) $how "${bin}wl-note" add -s "$s" -k idea <small.txt >ids 2>kerr ;;
	2) $how "${bin}wl-note" add -s "$s" -k idea <big.txt >ids 2>kerr ;;
	0) $how "${bin}wl-note" import -s "$s" imp.jsonl </dev/null >ids 2>kerr ;;
	esac
	krc=$?
	case $krc in
	0) finished=$((finished + 1)) ;;
	137) killed=$((killed + 1)) ;;
	*) fail_exit=$((fail_exit + 1)); note "writer exit $krc: $(cat kerr)" ;;
	esac

	# what the kill left: the base, then nothing, a torn tail or the
	# whole batch
	torn=0
	tail -c 1 werklab.jsonl | od -An -c | grep -q '\\n' || torn=1
	if [ "$torn" -eq 1 ]; then
		midwrite=$((midwrite + 1))
		# whole records of the batch before the torn one
		[ "$(wc -l <werklab.jsonl)" -gt "$(($(wc -l <base.jsonl) + 1))" ] &&
		    midgroup=$((midgroup + 1))
	elif [ "$(wc -c <werklab.jsonl)" -gt "$basesize" ]; then
		whole=$((whole + 1))
	else
		before=$((before + 1))
	fi
	cmp -s -n "$basesize" base.jsonl werklab.jsonl || {
		fail_prefix=$((fail_prefix + 1)); note "the base lines changed"; }

	# every id the writer printed (whole lines only) is in the journal
	grep -E '^[0-9a-f]{16}$' ids >ids.whole
	printed=$((printed + $(wc -l <ids.whole)))
	if [ -s ids.whole ]; then
		grep -o '^{"id":"[0-9a-f]*"' werklab.jsonl | cut -c 8-23 >ids.journal
		if grep -Fxvq -f ids.journal ids.whole; then
			fail_ids=$((fail_ids + 1)); note "a printed id is missing"
		fi
	fi

	# readers see all of the batch or none of it
	texts_listed >list.out 2>list.err
	lrc=$?
	seen=$(wc -l <list.out)
	if [ "$lrc" -ne 0 ] || { [ "$seen" -ne 0 ] && [ "$seen" -ne "$want" ]; } ||
	    { [ "$krc" -eq 0 ] && [ "$seen" -ne "$want" ]; } ||
	    { [ -s list.err ] && { [ "$(wc -l <list.err)" -ne 1 ] ||
	    ! grep -Eq "$torn_msg" list.err; }; }; then
		fail_list=$((fail_list + 1))
		note "list: exit $lrc, $seen of $want records, said: $(head -c 300 list.err)"
	fi
	wl-report --charts none >md.out 2>md.err
	mrc=$?
	mseen=$(grep -Ec '^- (idee nummer|groot|lang) ' md.out)
	if [ "$mrc" -ne 0 ] || [ "$mseen" -ne "$seen" ] ||
	    { [ -s md.err ] && { [ "$(wc -l <md.err)" -ne 1 ] ||
	    ! grep -Eq "$torn_msg" md.err; }; }; then
		fail_md=$((fail_md + 1))
		note "report: exit $mrc, $mseen of $seen records, said: $(head -c 300 md.err)"
	fi
	wl-report check >check.out 2>check.err
	crc=$?
	if [ "$torn" -eq 0 ] && { [ "$crc" -ne 0 ] || [ -s check.err ]; }; then
		fail_check=$((fail_check + 1)); note "check: exit $crc $(head -c 300 check.err)"
	elif [ "$torn" -eq 1 ] && { [ "$crc" -ne 1 ] ||
	    [ "$(grep -c 'werklab.jsonl:' check.err)" -ne 2 ] ||
	    ! grep -Eq 'werklab.jsonl:[0-9]+: (last line is incomplete|the last [0-9]+ lines)' check.err ||
	    ! grep -q 'werklab.jsonl: 1 problem' check.err; }; then
		fail_check=$((fail_check + 1)); note "check (torn): exit $crc $(head -c 300 check.err)"
	fi

	# the same command again: each record of the batch once
	cp werklab.jsonl killed.jsonl
	case $turn in
	1) wl-note add -s "$s" -k idea <small.txt >rids 2>rerr ;;
	2) wl-note add -s "$s" -k idea <big.txt >rids 2>rerr ;;
	0) wl-note import -s "$s" imp.jsonl </dev/null >rids 2>rerr ;;
	esac
	rrc=$?
	texts_listed >relist.out 2>relist.err
	if [ "$rrc" -ne 0 ] || [ "$(wc -l <rids)" -ne "$want" ] ||
	    [ "$(wc -l <relist.out)" -ne "$want" ] ||
	    [ -n "$(sort relist.out | uniq -d | head -c 80)" ] ||
	    [ -s relist.err ]; then
		fail_rerun=$((fail_rerun + 1))
		note "rerun: exit $rrc, $(wc -l <rids) ids, $(wc -l <relist.out) listed: $(head -c 300 rerr)"
	elif [ "$torn" -eq 1 ] && { ! grep -q 'moved to werklab.jsonl.torn-' rerr ||
	    ! cmp -s -n "$basesize" killed.jsonl werklab.jsonl; }; then
		fail_rerun=$((fail_rerun + 1)); note "rerun did not move the torn tail aside: $(cat rerr)"
	elif [ "$seen" -eq "$want" ]; then
		# written whole before: found, and the same ids printed (an
		# import finds its records before the append would: 'N
		# records already in the journal: skipped', wl-note(1))
		grep -o '^{"id":"[0-9a-f]*","type":"note"' werklab.jsonl | cut -c 8-23 >ids.journal
		if ! grep -q 'already recorded at \|records already in the journal: skipped' rerr ||
		    ! cmp -s killed.jsonl werklab.jsonl ||
		    grep -Fxvq -f ids.journal rids; then
			fail_rerun=$((fail_rerun + 1)); note "rerun of a whole batch: $(cat rerr)"
		elif [ "$krc" -ne 0 ]; then
			already=$((already + 1))
		fi
	elif [ -s rerr ] && [ "$torn" -eq 0 ]; then
		fail_rerun=$((fail_rerun + 1)); note "rerun said: $(cat rerr)"
	fi
	wl-report check >/dev/null 2>after.err ||
	    { fail_after=$((fail_after + 1)); note "after: $(head -c 300 after.err)"; }
done <delays

echo "# $killed killed, $finished finished first; of the $i runs, the kill landed before the write $before times, mid-write $midwrite ($midgroup after whole records of it), after it $whole; $already killed batches were whole but printed no ids; $printed ids printed"
[ -z "$first" ] || echo "# first failure: $first"
is "$killed" "$K" "$K writers killed by SIGKILL at a random instant"
is "$fail_exit" 0 "  the others ($finished) finished cleanly"
is "$fail_prefix" 0 "the lines before the kill are never touched"
is "$fail_ids" 0 "every id a killed writer printed is in the journal"
is "$fail_list" 0 "list sees all of a batch or none, saying at most the torn tail"
is "$fail_md" 0 "  so does the report"
is "$fail_check" 0 "  and check says the torn tail, and only it"
is "$fail_rerun" 0 "the same command again adds each record once (a whole batch is found, its ids printed)"
is "$fail_after" 0 "  after which the journal checks without a word"
if [ -n "${WL_STRESS:-}" ]; then
	[ "$midwrite" -gt 0 ]
	ok $? "some kills landed mid-write ($midwrite)"
fi

done_testing
