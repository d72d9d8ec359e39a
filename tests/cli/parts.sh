# parts.sh - what parts.t and parts-id.t share: the journals a writer's
# part is tried on ($journals, each J.jsonl in the test's directory),
# sessions J, and both J DESC CMD..., which runs CMD on a copy of J the
# plain way (WL_WHOLE_JOURNAL=1) and the part's way and compares them.
# Sourced after lib.sh.

# The hand journal: two sessions at the same second as WL_NOW (so a new
# id must go above those of the other session too), people withdrawn
# and restored, an erased one, a fourth block that an amend gave.
export WL_JOURNAL=hand.jsonl
S=$(wl-session new -m Roermond -d 2026-06-14 --title een)
O=$(wl-session new -m Venlo -d 2026-06-14 --title twee)
wl-session join -s "$S" -r initiator -n Anna >/dev/null
B=$(wl-session join -s "$S" -r civil-servant -n Bram)
C=$(wl-session join -s "$S" -r manager -n Cor)
D=$(wl-session join -s "$S" -r initiator -n Dirk)
wl-session join -s "$O" -r initiator -n Eva >/dev/null
wl-session join -s "$O" -r initiator -n Anna >/dev/null
wl-note add -s "$S" -k idea --by Anna "een idee" >/dev/null
A1=$(wl-advice add -s "$S" -p self "een advies")
wl-advice endorse "$A1" --by Bram >/dev/null
wl-session rm "$B" --yes >/dev/null 2>&1
wl-session restore "$B" >/dev/null 2>&1
wl-session rm "$C" --yes >/dev/null 2>&1
wl-session redact "$D" -s "$S" --yes >/dev/null 2>&1
wl-note add -s "$O" -k idea --by Eva "elders" >/dev/null
unset WL_JOURNAL
# The session gets a fourth block.
printf '{"id":"%s","type":"amend","at":"2026-06-14T09:29:00Z","ref":"%s","set":{"blocks":[{"n":1,"title":"A"},{"n":2,"title":"B"},{"n":3,"title":"C"},{"n":4,"title":"D"}]}}\n' \
    0000000000000aaa "$S" >> hand.jsonl
wl-report check hand.jsonl >/dev/null 2>&1
ok $? "the hand journal is clean"
like "$(grep -c . hand.jsonl)" '^1[6-9]$' "the hand journal has its records"
# The same records, amends, retracts and redactions first (order does
# not matter: wl-journal(5)); and with lines that are not canonical.
grep -E '"type":"(amend|retract|redaction)"' hand.jsonl > moved.jsonl
grep -vE '"type":"(amend|retract|redaction)"' hand.jsonl >> moved.jsonl
sed 's/^{"id":\("[0-9a-f]*"\),"type":"participant"/{ "id" : \1, "type":"participant"/; s/"ref":"/"ref" : "/' \
    hand.jsonl > spaced.jsonl
wl-report check moved.jsonl >/dev/null 2>&1
ok $? "the moved journal is clean"
wl-report check spaced.jsonl >/dev/null 2>&1
ok $? "the spaced journal is clean"
cp "$WL_SRC/share/examples/roermond.jsonl" roermond.jsonl
cp "$WL_SRC/share/examples/venlo.jsonl" venlo.jsonl
cat venlo.jsonl roermond.jsonl > both.jsonl
journals="hand moved spaced roermond venlo both"
# A generated one, the first session first in the file, and a record
# of another session in WL_NOW's second with a high id.
if ${CC:-cc} -O1 -o gen "$WL_SRC/tests/bench/gen.c" 2>/dev/null; then
	./gen 3000 7 > gen.jsonl
	last=$(grep '"type":"session"' gen.jsonl | tail -1 | cut -c8-23)
	printf '{"id":"f000000000000000","type":"note","at":"2026-06-14T09:30:00Z","session":"%s","kind":"idea","text":"hoog"}\n' \
	    "$last" >> gen.jsonl
	journals="$journals gen"
else
	skip 1 "no C compiler for tests/bench/gen.c"
fi

# sessions J: the ids of J's sessions, the first and the last
sessions() {
	grep -E '^\{ ?"id" ?: ?"[0-9a-f]{16}", ?"type" ?: ?"session"' "$1.jsonl" |
	    sed 's/^{ *"id" *: *"\([0-9a-f]*\)".*/\1/' | sed -n '1p;$p' | sort -u
}

# both J DESC CMD...: run CMD on a copy of J.jsonl the plain way and
# the part's way, and compare.
both() {
	_j=$1 _d=$2
	shift 2
	cp "$_j.jsonl" plain.jsonl
	cp "$_j.jsonl" part.jsonl
	WL_WHOLE_JOURNAL=1 WL_JOURNAL=plain.jsonl "$@" </dev/null \
	    >plain.out 2>plain.err
	_prc=$?
	WL_JOURNAL=part.jsonl "$@" </dev/null >part.out 2>part.err
	_rc=$?
	is "$_rc" "$_prc" "$_j: $_d: same exit status"
	for _w in plain part; do
		# Every new line's random id masked, in the order written
		# (rm then restore writes two).
		_mask=
		_k=0
		for _new in $(tail -n +$(($(wc -l < "$_j.jsonl") + 1)) $_w.jsonl |
		    cut -c8-23); do
			_k=$((_k + 1))
			_mask="${_mask}s/$_new/NEWID$_k/g; "
			# above every id of its second already there
			_at=$(grep -F "\"id\":\"$_new\"" $_w.jsonl |
			    sed 's/.*"at":"\([^"]*\)".*/\1/')
			_hi=$(grep -F "\"at\":\"$_at\"" "$_j.jsonl" |
			    grep -v '"type":"group"' |
			    sed 's/^{ *"id" *: *"\([0-9a-f]*\)".*/\1/' |
			    sort | tail -1)
			[ -z "$_hi" ] || [ "$_new" \> "$_hi" ]
			ok $? "$_j: $_d: $_w: new id $_k goes above its second's"
		done
		for _f in jsonl out err; do
			sed "${_mask}s/$_w\.jsonl/J/g" $_w.$_f > $_w.$_f.m
		done
	done
	same part.jsonl.m plain.jsonl.m "$_j: $_d: same journal"
	same part.out.m plain.out.m "$_j: $_d: same output"
	same part.err.m plain.err.m "$_j: $_d: same messages"
}
