#!/bin/sh
# Crashes: a writer killed with SIGKILL at a random instant,
# until K writers have been killed (200; WL_STRESS_KILLS under 'make
# stress'; fewer under sanitizers; those that finish first count not).  The writer is a bulk 'wl-note add' of many lines from
# standard input: small lines, or lines of 200 kB (a write(2) that
# spans many pages, which a kill can cut short, leaving a torn line).
# After each kill: readers exit 0 with at most one warning about a torn
# final line, every complete line is a valid record, every id the
# writer printed is in the journal, and the next append moves the
# fragment to FILE.torn-* and writes a clean line.
. "$(dirname "$0")/lib.sh"

K=${WL_STRESS_KILLS:-200}
if [ -z "${WL_STRESS:-}" ] && { [ -n "${WL_SAN:-}" ] ||
    grep -q __asan_init "$WL_BIN/wl-session"; }; then
	K=${WL_SAN_KILLS:-60}
fi

s=$(wl-session new -m Roermond -d 2026-06-14 </dev/null)
p=$(wl-session join -r initiator -n Anna </dev/null)
cp werklab.jsonl base.jsonl
like "$s$p" '^[0-9a-f]{32}$' "a session with a participant"

# small.txt: 400 short lines; big.txt: 10 lines of 200 kB
seq 1 400 | sed 's/^/idee nummer /' >small.txt
awk 'BEGIN { s = "x"; while (length(s) < 200000) s = s s;
    for (i = 1; i <= 10; i++) print "groot " i " " substr(s, 1, 200000) }' >big.txt
# random delays (seeded: reproducible), about a writer's lifetime:
# 2-8 ms for the small input (odd lines), 3-23 ms for the big one
awk -v k="$((4 * K))" -v seed="${WL_KILL_SEED:-6}" 'BEGIN { srand(seed);
    for (i = 1; i <= k; i++) printf "%.4f\n", i % 2 ? 0.002 + rand() * 0.006 : 0.003 + rand() * 0.020 }' >delays
echo "# $K kills, seed ${WL_KILL_SEED:-6}"

fail_reader=0 fail_torn=0 fail_ids=0 fail_next=0 fail_after=0 fail_prefix=0
killed=0 finished=0 torn=0 partial=0 untouched=0 printed=0
first=
note() { [ -n "$first" ] || first="kill $i (delay $d, $in): $1"; }
i=0
while [ "$killed" -lt "$K" ] && read -r d; do
	i=$((i + 1))
	cp base.jsonl werklab.jsonl
	rm -f werklab.jsonl.torn-*
	if [ $((i % 2)) -eq 0 ]; then in=big.txt; else in=small.txt; fi
	timeout -s KILL "$d" wl-note add -s "$s" -k idea <"$in" >ids 2>kerr
	krc=$?
	case $krc in
	0) finished=$((finished + 1)) ;;
	137) killed=$((killed + 1)) ;;
	*) fail_next=$((fail_next + 1)); note "writer exit $krc: $(cat kerr)" ;;
	esac

	# what the kill left: base, complete records, perhaps a fragment
	size=$(wc -c <werklab.jsonl)
	tail -c 1 werklab.jsonl | od -An -c | grep -q '\\n' || {
		torn=$((torn + 1))
		tail -n 1 werklab.jsonl >frag
	}
	[ "$size" -gt "$(wc -c <base.jsonl)" ] && partial=$((partial + 1)) ||
	    untouched=$((untouched + 1))
	cmp -s -n "$(wc -c <base.jsonl)" base.jsonl werklab.jsonl || {
		fail_prefix=$((fail_prefix + 1)); note "the base lines changed"; }

	# readers: exit 0, at most one warning (the torn last line)
	wl-note list -s "$s" -o tsv >list.out 2>list.err
	lrc=$?
	if [ "$lrc" -ne 0 ]; then
		fail_reader=$((fail_reader + 1)); note "reader exit $lrc: $(head -3 list.err)"
	elif [ -s list.err ] && { [ "$(wc -l <list.err)" -ne 1 ] ||
	    ! grep -q 'warning: last line is incomplete' list.err; }; then
		fail_torn=$((fail_torn + 1)); note "reader said: $(head -3 list.err)"
	fi

	# every id the writer printed (whole lines only) is in the journal
	grep -E '^[0-9a-f]{16}$' ids >ids.whole
	printed=$((printed + $(wc -l <ids.whole)))
	if [ -s ids.whole ]; then
		grep -o '^{"id":"[0-9a-f]*"' werklab.jsonl | cut -c 8-23 >ids.journal
		if grep -Fxvq -f ids.journal ids.whole; then
			fail_ids=$((fail_ids + 1)); note "a printed id is missing"
		fi
	fi

	# the next append: a clean line, the fragment saved aside
	cp werklab.jsonl before
	wl-session join -s "$s" -r other </dev/null >next.out 2>next.err
	nrc=$?
	id=$(cat next.out)
	if [ "$nrc" -ne 0 ] || ! tail -n 1 werklab.jsonl |
	    grep -q "^{\"id\":\"$id\",\"type\":\"participant\".*}\$" ||
	    [ "$(tail -c 1 werklab.jsonl | od -An -c | tr -d ' ')" != '\n' ]; then
		fail_next=$((fail_next + 1)); note "next append: exit $nrc $(cat next.err)"
	elif [ -f frag ]; then
		# the journal is what it was without the fragment, plus one line
		keep=$(($(wc -c <before) - $(wc -c <frag)))
		if ! grep -q 'moved to werklab.jsonl.torn-' next.err ||
		    ! cmp -s frag werklab.jsonl.torn-* ||
		    ! cmp -s -n "$keep" before werklab.jsonl ||
		    [ "$(wc -c <werklab.jsonl)" -ne $((keep + $(tail -n 1 werklab.jsonl | wc -c))) ]; then
			fail_next=$((fail_next + 1)); note "torn tail not rescued: $(cat next.err)"
		fi
	elif [ -s next.err ]; then
		fail_next=$((fail_next + 1)); note "next append said: $(cat next.err)"
	fi
	rm -f frag
	wl-session people -s "$s" -o tsv >/dev/null 2>after.err ||
	    { fail_after=$((fail_after + 1)); note "after: $(cat after.err)"; }
	[ -s after.err ] && { fail_after=$((fail_after + 1)); note "after: $(cat after.err)"; }
done <delays

echo "# $killed killed, $finished finished first; $partial left records, $untouched nothing; $torn torn final lines; $printed ids printed"
[ -z "$first" ] || echo "# first failure: $first"
is "$killed" "$K" "$K writers killed by SIGKILL at a random instant"
is "$((killed + finished))" "$i" "  the others ($finished) finished cleanly"
is "$fail_prefix" 0 "the lines before the kill are never touched"
is "$fail_reader" 0 "after every kill the reader exits 0"
is "$fail_torn" 0 "  saying at most one warning, about a torn final line"
is "$fail_ids" 0 "every id a killed writer printed is in the journal"
is "$fail_next" 0 "the next append writes a clean line, a fragment moved to FILE.torn-*"
is "$fail_after" 0 "  after which the journal reads without a word"
if [ -n "${WL_STRESS:-}" ]; then
	[ "$torn" -gt 0 ]
	ok $? "some kills tore a line ($torn)"
fi

done_testing
