#!/bin/sh
# pilots.t - lists across pilots: three municipalities in one journal
# (tests/data/lists/pilots.jsonl: share/examples' Roermond and Venlo and
# tests/data/compare's Zwolle, concatenated).  A list of every session
# carries municipality, date and session, last; --municipality filters
# every list; json (and jsonl --view) carries each record's folded
# state; plain jsonl stays a journal; the fast path of wl-note list
# gives the plain path's bytes with the filter; --anonymous names nobody
# in the new fields either.
. "$(dirname "$0")/lib.sh"

D=$WL_SRC/tests/data/lists
cp "$D/pilots.jsonl" werklab.jsonl

# --- the columns of every session, in each format -------------------------
run wl-advice list --all -o tsv
printf '%s\n' "$out" >got
same got "$D/advice-all.tsv" "advice --all -o tsv: three pilots, municipality, date and session last"
is "$rc:$err" "0:" "  exit 0, nothing on stderr"
run wl-advice list --all --agreements -o csv
same "$T/.out" "$D/agreements-all.csv" "agreements --all -o csv: the same three columns"
run wl-note list --all -k dont -o table
same "$T/.out" "$D/notes-dont-all.txt" "notes --all -o table: the same three columns"
run wl-advice list --municipality ZWÖLLE -o json
same "$T/.out" "$D/advice-zwolle.json" "advice --municipality ZWÖLLE -o json: Zwolle's, with their state"

# One session's list keeps today's columns: scripts that read them by
# place read the same ones.
run wl-note list -o tsv
is "$(head -n 1 "$T/.out")" "$(printf 'id\tkind\tblock\tby\ttags\ttext')" \
    "one session's note list: today's columns"
run wl-advice list -o tsv
is "$(head -n 1 "$T/.out")" "$(printf 'id\tperspective\tstatus\tsupport\treservations\tobjections\tstale\ttext\tstatus-date\tstatus-note')" \
    "one session's advice list: today's columns"
run wl-advice list --agreements -o csv
is "$(head -n 1 "$T/.out")" "$(printf '\357\273\277id,status,owner,due,text,status-date,status-note\r')" \
    "one session's agreements: today's columns"
# ... and --all only adds: the first columns are today's, in place.
is "$(wl-advice list --all -o tsv | cut -f 1-10 | head -n 1)" \
    "$(wl-advice list -o tsv | head -n 1)" "--all: today's columns first, in their place"

# --- --municipality ---------------------------------------------------------
run wl-note list --municipality 'venlo' -k dont -o tsv
is "$out" "$(printf 'id\tkind\tblock\tby\ttags\ttext\tmunicipality\tdate\tsession\ne966cbae27a33692\tdont\t2\t\t\tInitiatiefnemers van het ene loket naar het andere sturen\tVenlo\t2026-09-24\t8db1c3ff6458d79d')" \
    "notes --municipality venlo: Venlo's don'ts alone, with the columns of --all"
is "$(wl-note list --municipality ROERMOND -o tsv | cut -f 7 | sort | uniq -c | tr -s ' ')" \
    "$(printf ' 24 Roermond\n 1 municipality')" "case folded: Roermond's 24 notes, nobody else's"
is "$(wl-advice list --municipality zwolle --agreements -o tsv | cut -f 1,8)" \
    "$(printf 'id\tmunicipality\n394f7d1dc37bc8e9\tZwolle')" "agreements --municipality zwolle"
# A municipality nobody in the journal has: an error with the nearest.
refuses "a municipality the journal lacks (notes)" wl-note list --municipality Venloo -o tsv
is "$err" "wl-note: no session of municipality 'Venloo'; did you mean Venlo?" "  with the nearest as a hint"
refuses "a municipality the journal lacks (advice)" wl-advice list --municipality Zwole -o json
is "$err" "wl-advice: no session of municipality 'Zwole'; did you mean Zwolle?" "  the same words"
refuses "a municipality far from all" wl-advice list --municipality Maastricht --agreements
is "$err" "wl-advice: no session of municipality 'Maastricht'" "  no hint when none is near"
refuses "a municipality the journal lacks (sessions)" wl-session list --municipality roermnd -o tsv
is "$err" "wl-session: no session of municipality 'roermnd'; did you mean Roermond?" "  the same words"
is "$(wl-session list --municipality 'súdwest' -o tsv -f - <<-EOS 2>&1
	{"id":"0123456789abcf00","type":"session","at":"2026-06-14T09:30:00Z","municipality":"Súdwest","date":"2026-11-02"}
	EOS
)" "$(printf 'id\tdate\tmunicipality\tpilot\ttitle\n0123456789abcf00\t2026-11-02\tSúdwest\t\t')" "  one it has is listed, accents folded"
refuses "-s with --municipality (notes)" wl-note list -s 01de --municipality Venlo
# One that has nothing to show: said on stderr, exit 0 as any empty list.
run wl-advice list --municipality zwolle --status adopted -o tsv
is "$rc" 0 "nothing adopted in Zwolle: exit 0, as other empty filters"
is "$err" "wl-advice: no advice of municipality 'zwolle' matches" "  and says so on stderr"
is "$out" "$(wl-advice list -o tsv | head -n 1)	municipality	date	session" "  the header only"
run wl-note list --municipality zwolle -k quote -o jsonl
is "$rc:$out:$err" "0::wl-note: no notes of municipality 'zwolle' match" \
    "notes: nothing of the kind in Zwolle, said (the fast path leaves it to the plain one)"
run wl-advice list --municipality zwolle --agreements --open -o csv
is "$rc" 0 "agreements: an open one in Zwolle"
is "$err" "" "  nothing to say"

# --- json: the folded state, checked by jq -----------------------------------
if command -v jq >/dev/null 2>&1; then
	wl-advice list --all -o json >advice.json
	jq -e 'length == 17' advice.json >/dev/null
	ok $? "json: 17 advice of three pilots, valid JSON"
	jq -e 'all(.[]; (.support|type) == "number" and (.reservations|type) == "number" and
	    (.objections|type) == "number" and (.stale|type) == "number" and
	    (.status|type) as $t | ($t == "string" or $t == "null") and
	    (.municipality|type) == "string" and (.session_date|test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))' \
	    advice.json >/dev/null
	ok $? "json: every field of the man page's table, of its type"
	is "$(jq -r '.[] | select(.status == "adopted") | .text' advice.json)" \
	    "Nodig bewonersinitiatieven uit voor de start- en eindbijeenkomst" \
	    "the man page's one-liner: the adopted advice"
	is "$(jq -r 'group_by(.municipality)[] | [.[0].municipality, length, (map(.support) | add)] | @tsv' advice.json)" \
	    "$(printf 'Roermond\t9\t10\nVenlo\t5\t3\nZwolle\t3\t0')" "a pivot per municipality"
	# The same numbers as the table's columns, row by row.
	is "$(jq -r '.[] | [.id, .perspective, .status // "", .support, .reservations, .objections, .stale, .text, .status_date // "", .status_note // "", .municipality, .session_date, .session] | @tsv' advice.json)" \
	    "$(tail -n +2 "$D/advice-all.tsv")" "json holds what the tsv shows, field by field"
	is "$(jq -r '.[0] | [.status, .status_date, .status_note] | @tsv' "$D/advice-zwolle.json" 2>&1; \
	    wl-advice list --all --agreements -o json | jq -r '.[0] | [.status, .status_date, .status_note, .owner_role, .owner_name] | @tsv')" \
	    "$(printf '\t\t\ndone\t2026-07-02\tAns Coenen en Wim Geurts waren erbij\tcivil-servant\tRuud Peeters')" \
	    "status with its date and note; the owner's role, and name with consent"
	is "$(wl-advice list --all --agreements -o json | jq -r '.[] | select(.owner_role == "civil-servant" and .owner_name == null) | .id')" \
	    "" "every consenting owner named"
	is "$(wl-note list --all -o json | jq -r '[.[] | select(.by_name != null)] | length')" \
	    "$(wl-note list --all -o tsv | awk -F '\t' 'NR > 1 && $4 != ""' | wc -l | tr -d ' ')" \
	    "notes: by_name where the by column shows a name"
	is "$(wl-note list --all -k question -o json | jq -r '.[] | select(.by != null) | [.by_role, .by_name] | @tsv' | head -n 1)" \
	    "$(printf 'civil-servant\tRuud Peeters')" "a note's author: role and name"
	# jsonl --view: the json's objects, one a line.
	wl-advice list --all -o jsonl --view | jq -c . >view.jsonl
	jq -c '.[]' advice.json >array.jsonl
	same view.jsonl array.jsonl "jsonl --view: json's objects, one a line"
	is "$(wl-note list --municipality venlo -o jsonl --view | jq -r .municipality | sort -u)" "Venlo" \
	    "notes --view: no session, no participant: only the notes"
else
	skip 11 "jq is not installed"
fi
refuses "--view with csv" wl-advice list --all --view -o csv
refuses "--view with a table" wl-note list --view -o table

# --- plain jsonl stays a journal -----------------------------------------------
for cmd in "wl-note list --all" "wl-advice list --all" "wl-advice list --all --agreements" \
    "wl-note list --municipality venlo"; do
	# shellcheck disable=SC2086
	$cmd -o jsonl >a.jsonl
	# shellcheck disable=SC2086
	$cmd -o jsonl -f - <a.jsonl >b.jsonl 2>b.err
	same b.jsonl a.jsonl "$cmd -o jsonl | $cmd: byte-identical"
	ok "$(! grep -q '"session_date"' a.jsonl; echo $?)" "  and no field of the view in it"
done

# --- the fast path: the plain path's bytes, messages and status ---------------
S1=0123456789abce00 S2=0123456789abce01 S3=0123456789abce02
H='"at":"2026-06-14T09:30:00Z"'
{
	cat "$D/pilots.jsonl"
	printf '{"id":"%s","type":"session",%s,"municipality":"Súdwest-Fryslân","date":"2026-11-02"}\n' "$S1" "$H"
	printf '{"id":"%s","type":"session",%s,"municipality":"Venlo","date":"2026-11-03"}\n' "$S2" "$H"
	printf '{"id":"%s","type":"session",%s,"municipality":"Echt","date":"2026-11-04"}\n' "$S3" "$H"
	printf '{"id":"0123456789abce10","type":"note",%s,"session":"%s","kind":"do","text":"Fries"}\n' "$H" "$S1"
	printf '{"id":"0123456789abce11","type":"note",%s,"session":"%s","kind":"do","text":"weg met de sessie"}\n' "$H" "$S2"
	printf '{"id":"0123456789abce12","type":"note",%s,"session":"%s","kind":"dont","text":"Echt, nu Sittard"}\n' "$H" "$S3"
	printf '{"id":"0123456789abce20","type":"retract",%s,"ref":"%s"}\n' "$H" "$S2"
	printf '{"id":"0123456789abce21","type":"amend",%s,"ref":"%s","set":{"municipality":"Sittard"}}\n' "$H" "$S3"
	printf '{"id":"0123456789abce30","type":"gadget",%s,"session":"%s","x":1}\n' "$H" "$S1"
	printf '{"id":"0123456789abce31","type":"gadget",%s,"x":2}\n' "$H"
} >fast.jsonl
run wl-report check fast.jsonl
is "$rc" 0 "the fast path's journal checks clean"
for m in venlo VENLO zwolle roermond sudwest-fryslan 'Súdwest-Fryslân' sittard echt nowhere venl; do
	for opts in "" "-k do" "-k dont -b 2" "-k quote"; do
		# shellcheck disable=SC2086
		wl-note list --municipality "$m" $opts -o jsonl -f fast.jsonl \
		    </dev/null >fast.out 2>fast.err
		frc=$?
		# shellcheck disable=SC2086
		wl-note list --municipality "$m" $opts -o jsonl -f - \
		    <fast.jsonl >plain.out 2>plain.err
		prc=$?
		same fast.out plain.out "fast path, --municipality $m $opts: same bytes"
		same fast.err plain.err "  same messages"
		is "$frc" "$prc" "  same exit status"
	done
done
# What the filter does there, to the line.
is "$(wl-note list --municipality sittard -o jsonl -f fast.jsonl | grep '"type":"note"' | grep -o '"text":"[^"]*"')" \
    '"text":"Echt, nu Sittard"' "a session's amended municipality is the one that counts"
run wl-note list --municipality echt -o jsonl -f fast.jsonl
is "$rc:$err" "2:wl-note: no session of municipality 'echt'" "  and the old one is no more"
run wl-note list --municipality sudwest-fryslan -o jsonl -f fast.jsonl
is "$(printf '%s\n' "$out" | grep -o '"id":"[0-9a-f]*"' | tr '\n' ' ')" \
    '"id":"0123456789abce00" "id":"0123456789abce10" "id":"0123456789abce30" "id":"0123456789abce31" ' \
    "accents folded: the session, its note, its gadget and the gadget of no session"
run wl-note list --municipality venlo -k do -o jsonl -f fast.jsonl
ok "$(! printf '%s' "$out" | grep -q 'weg met de sessie'; echo $?)" \
    "a retracted session's notes are not Venlo's"

# The fast path does run with the filter: it reads the journal once, and
# leaves it to the plain path (a second read) when nothing is to list.
if command -v strace >/dev/null 2>&1; then
	opens() {
		strace -f -e trace=openat -o trace.out "$@" >/dev/null 2>&1
		grep -c 'fast\.jsonl' trace.out
	}
	is "$(opens wl-note list --municipality venlo -o jsonl -f fast.jsonl)" 1 \
	    "fast path: --municipality venlo read once, by the fast path"
	is "$(opens wl-note list --municipality zwolle -k quote -o jsonl -f fast.jsonl)" 2 \
	    "  nothing to list: the plain path reads it again, to say so"
else
	skip 2 "strace is not installed"
fi

# --- --anonymous: nobody named in the new fields either ----------------------
names='Sanne Hendriks|Ruud Peeters|Ans Coenen|Wim Geurts|Noor Verheijen|Lei Janssen|Initiatiefnemer Zwolle'
for cmd in "wl-note list --all" "wl-advice list --all" "wl-advice list --all --agreements"; do
	for o in "-o json" "-o jsonl --view" "-o tsv" "-o csv"; do
		# shellcheck disable=SC2086
		$cmd --anonymous $o >anon.out
		ok "$(! grep -Eq "$names" anon.out; echo $?)" "$cmd --anonymous $o: no name"
	done
done
# (without --anonymous the same lists do name them: the check can fail)
wl-advice list --all --agreements -o json >named.out
grep -Eq "$names" named.out
ok $? "  while the list without --anonymous names them"
if command -v jq >/dev/null 2>&1; then
	is "$(wl-advice list --all --agreements --anonymous -o json | jq -r '.[0] | [.owner_role, .owner_name // "null", .status_note] | @tsv')" \
	    "$(printf 'civil-servant\tnull\t[initiator] en [initiator] waren erbij')" \
	    "the owner's role, no name; names in the status note masked"
else
	skip 1 "jq is not installed"
fi

done_testing
