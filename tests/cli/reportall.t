#!/bin/sh
# wl-report md finds what hangs on each advice (endorsements,
# agreements, its number) through an index made once per report, and
# with --all or --municipality counts the open items of every session
# once for the follow-up of later werklabs (lib/report.c);
# WL_WHOLE_JOURNAL=1 makes it walk instead, the plain path.  Both must
# give the same bytes: every report below runs both ways, with --all,
# with --municipality for each municipality and with -s for each
# session, in Dutch and English, named and anonymous.
# The finished reports of --all wait in temporary files (one per
# thread) until all are made: --all must give the reports of -s, one by
# one, in the order of the sessions, and nothing when it cannot spool.
. "$(dirname "$0")/lib.sh"

# The hand journal: three werklabs of Roermond (one written as
# "roermond", one moved there from Venlo by an amend, one removed), with
# open, adopted and removed advice, agreements open and done, a text
# amended after it was endorsed, an endorser withdrawn and one erased;
# and a werklab of Venlo in between.
export WL_JOURNAL=hand.jsonl
exec 3>&2 2>/dev/null	# the writers' warnings (stale, spelling)
WL_NOW=2026-03-01T10:00:00Z
export WL_NOW
S1=$(wl-session new -m Roermond -d 2026-03-01 --title een)
wl-session join -s "$S1" -r initiator -n Anna --consent >/dev/null
B=$(wl-session join -s "$S1" -r civil-servant -n Bram)
C=$(wl-session join -s "$S1" -r manager -n Cor)
D=$(wl-session join -s "$S1" -r initiator -n Dirk)
A1=$(wl-advice add -s "$S1" -p self "eerste advies")
A2=$(wl-advice add -s "$S1" -p organisation "tweede advies")
A3=$(wl-advice add -s "$S1" -p initiators "derde advies")
wl-advice endorse "$A1" --by Anna --by Bram --by Dirk >/dev/null
wl-advice endorse "$A2" --by Cor --stance object --reason "te duur" \
    >/dev/null
wl-advice endorse "$A2" --by Anna --stance reservations >/dev/null
wl-advice agree -s "$S1" --owner Cor --due 2026-04-01 --advice "$A2" \
    "budget vragen" >/dev/null
G2=$(wl-advice agree -s "$S1" --owner Anna "buurt bellen")
wl-advice edit "$A1" --text "eerste advies, anders" >/dev/null
wl-advice status "$A3" adopted --note "doen we" >/dev/null
wl-advice status "$G2" done >/dev/null
wl-session rm "$B" --yes >/dev/null 2>&1
wl-session redact "$D" -s "$S1" --yes >/dev/null 2>&1
WL_NOW=2026-04-01T10:00:00Z
V=$(wl-session new -m Venlo -d 2026-04-01 --title venlo)
wl-session join -s "$V" -r initiator -n Eva >/dev/null
wl-advice add -s "$V" -p self "advies uit Venlo" >/dev/null
WL_NOW=2026-05-01T10:00:00Z
S2=$(wl-session new -m roermond -d 2026-05-01 --title twee)
wl-session join -s "$S2" -r initiator -n Frits >/dev/null
A4=$(wl-advice add -s "$S2" -p colleagues "vierde advies")
A5=$(wl-advice add -s "$S2" -p self "vijfde advies")
wl-advice agree -s "$S2" --owner-text "de wethouder" --advice "$A4" \
    "aan de wethouder" >/dev/null
wl-advice rm "$A5" --yes >/dev/null 2>&1
WL_NOW=2026-05-15T10:00:00Z
S3=$(wl-session new -m Roermond -d 2026-05-15 --title weg)
wl-advice add -s "$S3" -p self "advies van een weggehaalde werklab" \
    >/dev/null
wl-session rm "$S3" --yes >/dev/null 2>&1
WL_NOW=2026-06-01T10:00:00Z
S4=$(wl-session new -m Venlo -d 2026-06-01 --title verhuisd)
wl-session edit -s "$S4" -m Roermond >/dev/null
wl-session join -s "$S4" -r initiator -n Gijs >/dev/null
wl-advice add -s "$S4" -p self "zesde advies" >/dev/null
unset WL_JOURNAL
exec 2>&3 3>&-
WL_NOW=2026-06-14T09:30:00Z
wl-report check hand.jsonl >/dev/null 2>&1
ok $? "the hand journal is clean"
like "$(grep -c . hand.jsonl)" '^[3-9][0-9]$' "the hand journal has its records"
# The same lines in reverse: the order of lines does not matter.
tac hand.jsonl > reversed.jsonl
journals="hand reversed"
cp "$WL_SRC/share/examples/roermond.jsonl" roermond.jsonl
cp "$WL_SRC/share/examples/venlo.jsonl" venlo.jsonl
cat venlo.jsonl roermond.jsonl > both.jsonl
journals="$journals roermond venlo both"
for d in werklab fold hostile; do
	cp "$WL_SRC/tests/data/report/$d/journal.jsonl" "data-$d.jsonl"
	journals="$journals data-$d"
done
# Generated ones of every shape, a few werklabs each.
if ${CC:-cc} -O1 -o gen "$WL_SRC/tests/bench/gen.c" 2>/dev/null; then
	for shape in even few huge early; do
		./gen 1500 3 "$shape" > "gen-$shape.jsonl"
		journals="$journals gen-$shape"
	done
	./gen 4000 5 few > gen-few-more.jsonl
	# Ten werklabs: eight and more are made in two threads.
	./gen 3000 7 even > gen-even-more.jsonl
	journals="$journals gen-few-more gen-even-more"
else
	skip 1 "no C compiler for tests/bench/gen.c"
fi

# both J DESC ARGS...: wl-report md ARGS on J.jsonl the plain way and
# the indexed way; the same bytes, messages and exit status.
both() {
	_j=$1 _d=$2
	shift 2
	WL_WHOLE_JOURNAL=1 wl-report md -f "$_j.jsonl" "$@" </dev/null \
	    >plain.out 2>plain.err
	_prc=$?
	wl-report md -f "$_j.jsonl" "$@" </dev/null >fast.out 2>fast.err
	_rc=$?
	if [ "$_rc" != "$_prc" ] || ! cmp -s fast.out plain.out ||
	    ! cmp -s fast.err plain.err; then
		is "$_rc" "$_prc" "$_j: $_d: same exit status"
		same fast.out plain.out "$_j: $_d: same report"
		same fast.err plain.err "$_j: $_d: same messages"
		return
	fi
	# One line per case that passes: hundreds of them.
	checked=$((checked + 1))
	[ "$_rc" -eq 0 ] && [ -s fast.out ] && reports=$((reports + 1))
}

checked=0 reports=0
for j in $journals; do
	both "$j" "--all" --all
	both "$j" "--all en" --all --lang en
	both "$j" "--all anonymous" --all --anonymous
	wl-session list -f "$j.jsonl" -o tsv 2>/dev/null | cut -f3 |
	    sed 1d | sort -u > munis
	while IFS= read -r m; do
		both "$j" "--municipality $m" --municipality "$m"
	done < munis
	grep -E '"type" ?: ?"session"' "$j.jsonl" |
	    sed 's/^{ *"id" *: *"\([0-9a-f]*\)".*/\1/' > ids
	while IFS= read -r s; do
		both "$j" "-s $s" -s "$s"
	done < ids
done
ok "$([ "$checked" -ge 100 ] && echo 0 || echo 1)" \
    "every report the same both ways ($checked cases, $reports reports)"

# --all (with --no-front-matter: every report keeps its heading) is
# the reports -s makes one at a time, in memory, joined by a rule in
# the order wl-session list gives the sessions: what two threads
# spooled comes back whole and in order.
mkdir spool
export TMPDIR="$PWD/spool"
joined=0
for j in $journals; do
	wl-report md -f "$j.jsonl" --all --no-front-matter >all.out \
	    2>/dev/null
	: >join.out
	sep=
	for s in $(wl-session list -f "$j.jsonl" -o tsv 2>/dev/null |
	    sed 1d | cut -f1); do
		printf "$sep" >>join.out
		sep='\n* * *\n\n'
		wl-report md -f "$j.jsonl" -s "$s" --no-front-matter \
		    >>join.out 2>/dev/null
	done
	if ! cmp -s all.out join.out; then
		same all.out join.out "$j: --all is the reports of -s, in order"
		continue
	fi
	joined=$((joined + 1))
done
is "$joined" "$(echo $journals | wc -w | tr -d ' ')" \
    "every journal: --all is the reports of -s, in order"
like "$(grep -c '^\* \* \*$' all.out)" '^9$' \
    "the last one has ten reports (two threads)"
is "$(ls -A spool)" "" "no temporary file is left behind"

# No temporary file to be had: exit 2, why, and nothing written.
TMPDIR="$PWD/no-such-folder"
printf 'before\n' >kept.md
cp kept.md kept.want
wl-report md -f gen-even-more.jsonl --all >out.md 2>err.out
is "$?" 2 "--all without a temporary folder: refused"
like "$(cat err.out)" "^wl-report: cannot make a temporary file in $TMPDIR: No such file or directory\$" \
    "  says why"
is "$(wc -c <out.md | tr -d ' ')" 0 "  nothing on standard output"
wl-report md -f gen-even-more.jsonl --all -o kept.md --charts none \
    >/dev/null 2>&1
is "$?" 2 "  with -o too"
same kept.md kept.want "  the report it was to replace is untouched"
# One session's report is made in a temporary file too.
s1=$(wl-session list -f gen-even-more.jsonl -o tsv 2>/dev/null | sed -n 2p |
    cut -f1)
wl-report md -f gen-even-more.jsonl -s "$s1" >out.md 2>err.out
is "$?" 2 "one session without a temporary folder: refused"
like "$(cat err.out)" "^wl-report: cannot make a temporary file in $TMPDIR: No such file or directory\$" \
    "  says why"
is "$(wc -c <out.md | tr -d ' ')" 0 "  nothing on standard output"
TMPDIR="$PWD/spool"

# -o: made straight into a new file beside it, renamed over it when
# whole.
wl-report md -f gen-even-more.jsonl --all --charts none >whole.md
is "$?" 0 "--all to a pipe"
wl-report md -f gen-even-more.jsonl --all --charts none -o new.md
is "$?" 0 "--all -o FILE"
same new.md whole.md "  the same report"
is "$(ls -A spool; ls new.md.* 2>/dev/null)" "" "  no file left behind"

# A full disk (a file size limit, SIGXFSZ ignored) while the reports
# are spooled, or while the whole is written, and while one session's
# report is made in its temporary file: exit 2, why, nothing on
# standard output, the old report as it was, no file left behind.
size=$(wc -c <whole.md)
for run in "2 --all -o kept.md" "$((size * 3 / 4 / 512)) --all -o kept.md" \
    "2 -s $s1"; do
	set -- $run
	limit=$1
	shift
	(ulimit -f "$limit" 2>/dev/null || exit 77
	 [ "$(ulimit -f)" -eq "$limit" ] || exit 77
	 trap '' XFSZ
	 exec wl-report md -f gen-even-more.jsonl --charts none "$@") \
	    </dev/null >out.md 2>err.out
	rc=$?
	if [ "$rc" -eq 77 ]; then
		skip 5 "ulimit -f unusable here"
		continue
	fi
	is "$rc" 2 "a full disk at $limit blocks: $1 refused"
	like "$(cat err.out)" "^wl-report: cannot write (the reports to a temporary file|kept\\.md): File too large\$" \
	    "  says why"
	is "$(wc -c <out.md | tr -d ' ')" 0 "  nothing on standard output"
	same kept.md kept.want "  the report it was to replace is untouched"
	is "$(ls -A spool; ls kept.md.* 2>/dev/null)" "" \
	    "  no file left behind"
done

# A report is made straight into its file, which cannot take back the
# blank line its last section ends with: md() holds back the newlines
# until more follows, and a report ends in exactly one, whatever its
# last section (charts or none, named or not); in --all, one blank line
# before each rule.  ends_once FILE: it does, and has no two blank
# lines in a row.
ends_once() {
	[ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" = 0a ] &&
	    awk 'NR > 1 && p == "" && $0 == "" { bad = 1 } { p = $0 }
		END { exit bad || p == "" }' "$1"
}
trimmed=0 untrimmed=
for j in hand gen-few-more; do
	for s in $(wl-session list -f "$j.jsonl" -o tsv 2>/dev/null |
	    sed 1d | cut -f1) --all; do
		[ "$s" = --all ] && sel=--all || sel="-s $s"
		for c in none table mermaid; do
			for a in "" --anonymous; do
				wl-report md -f "$j.jsonl" $sel --charts "$c" \
				    $a >end.out 2>/dev/null
				if ends_once end.out; then
					trimmed=$((trimmed + 1))
				else
					untrimmed="$untrimmed $j $sel $c $a;"
				fi
			done
		done
	done
done
is "$untrimmed" "" "every report ends in one newline ($trimmed reports)"

# The follow-up is there to compare: Roermond's last werklab shows the
# one before in full and counts the older one, both ways.
wl-report md -f hand.jsonl --municipality Roermond > fast.out
like "$(grep -c 'Advies' fast.out)" '^[1-9]' "the hand report has advice"
grep -q 'vierde advies' fast.out
ok $? "the earlier werklab's open advice is shown in a later report"
grep -q 'wl-advice list --municipality' fast.out
ok $? "the older werklabs are counted, with the command that lists them"
grep -q 'weggehaalde' fast.out
ok $((!$?)) "the removed werklab's advice is not followed up"

done_testing
