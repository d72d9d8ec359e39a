#!/bin/sh
# wl-note list --all -o jsonl over one regular file takes the fast path
# (lib/list.c); over standard input the plain one.  Both must give the
# same bytes, the same messages and the same exit status, on journals
# with escapes, odd spacing, unknown fields and types, amends,
# retracts and bad lines.
. "$(dirname "$0")/lib.sh"

S=0123456789abcd00 P=0123456789abcd01 Q=0123456789abcd02
N1=0123456789abcd10 N2=0123456789abcd11 N3=0123456789abcd12
N4=0123456789abcd13 N5=0123456789abcd14 A=0123456789abcd20
H="\"at\":\"2026-06-14T09:30:00Z\""
note() {	# ID KIND TEXT [MORE]
	printf '{"id":"%s","type":"note",%s,"session":"%s","kind":"%s","text":"%s"%s}\n' \
	    "$1" "$H" "$S" "$2" "$3" "${4-}"
}
{
	printf '{"id":"%s","type":"session",%s,"municipality":"Venlo","date":"2026-06-14"}\n' "$S" "$H"
	printf '{"id":"%s","type":"participant",%s,"session":"%s","role":"initiator","name":"Ans \\"A\\" \\u001F"}\n' "$P" "$H" "$S"
	printf '{"id":"%s","type":"participant",%s,"session":"%s","role":"other","extra":{"x":[1,2]}}\n' "$Q" "$H" "$S"
	note "$N1" do 'Tab\there, slash \/ and \u00e9' ',"block":2,"by":"'"$P"'"'
	printf '{ "id" : "%s", "type":"note", %s, "kind":"dont", "session":"%s", "text":"spaced" }\n' "$N2" "$H" "$S"
	note "$N3" do 'unknown field' ',"zz":[true,null],"by":"'"$Q"'"'
	note "$N4" quote 'Coöperatie' ',"tags":["a","b"]'
	note "$N5" idea 'to be retracted'
	printf '{"id":"%s","type":"advice",%s,"session":"%s","perspective":"self","text":"Advies"}\n' "$A" "$H" "$S"
	printf '{"id":"0123456789abcd30","type":"amend",%s,"ref":"%s","set":{"kind":"do","by":"%s"}}\n' "$H" "$N2" "$Q"
	printf '{"id":"0123456789abcd31","type":"amend",%s,"ref":"%s","set":{"text":"weg","owner":"%s"}}\n' "$H" "$N4" "$A"
	printf '{"id":"0123456789abcd32","type":"amend",%s,"ref":"%s","set":{"kind":"dont"}}\n' "$H" "$N1"
	printf '{"id":"0123456789abcd33","type":"retract",%s,"ref":"0123456789abcd32"}\n' "$H"
	printf '{"id":"0123456789abcd34","type":"retract",%s,"ref":"%s"}\n' "$H" "$N5"
	printf '{"id":"0123456789abcd35","type":"gadget",%s,"session":"%s","x":1}\n' "$H" "$S"
	printf '{"id":"0123456789abcd36","type":"status",%s,"ref":"%s","status":"adopted"}\n' "$H" "$A"
	printf '{"id":"0123456789abcd37","type":"amend",%s,"ref":"%s","set":{"block":1}}\n' "$H" "$N3"
} > good.jsonl

# Journals that each give the plain path something to say.
cp good.jsonl blank.jsonl; echo >> blank.jsonl
cp good.jsonl torn.jsonl; printf '{"id":' >> torn.jsonl
cp good.jsonl dupline.jsonl; sed -n 4p good.jsonl >> dupline.jsonl
cp good.jsonl dupid.jsonl; note "$N1" do other >> dupid.jsonl
cp good.jsonl dangling.jsonl; note 0123456789abcd40 do x ',"by":"ffffffffffffffff"' >> dangling.jsonl
cp good.jsonl wrongref.jsonl; note 0123456789abcd41 do x ',"by":"'"$A"'"' >> wrongref.jsonl
cp good.jsonl badamend.jsonl
printf '{"id":"0123456789abcd42","type":"amend",%s,"ref":"%s","set":{"kind":"nope"}}\n' "$H" "$N1" >> badamend.jsonl
cp good.jsonl badstatus.jsonl
printf '{"id":"0123456789abcd43","type":"status",%s,"ref":"%s","status":"done"}\n' "$H" "$A" >> badstatus.jsonl
cp good.jsonl crlf.jsonl; note 0123456789abcd44 do x | sed 's/$/\r/' >> crlf.jsonl
cp good.jsonl notehref.jsonl; note 0123456789abcd45 do x ',"ref":"'"$A"'"' >> notehref.jsonl
printf '\357\273\277' > bom.jsonl; cat good.jsonl >> bom.jsonl
{ head -3 good.jsonl; printf '{"id":"%s","type":"retract",%s,"ref":"%s"}\n' 0123456789abcd46 "$H" "$S"; tail -n +4 good.jsonl; } > sessgone.jsonl
: > empty.jsonl
# The fast path scans the two halves of a journal in two threads: a bad
# line early in the first half is found as well as one at the end.
{ head -2 good.jsonl; echo; tail -n +3 good.jsonl; } > earlyblank.jsonl
{ head -2 good.jsonl; printf '{"id":\n'; tail -n +3 good.jsonl; } > earlytorn.jsonl
{ note "$N1" do first; cat good.jsonl; } > earlydupid.jsonl
# A line that starts with one id and names another later: the fast path
# reads the first ids alone, the loader says the key is used twice.
cp good.jsonl idtwice.jsonl
printf '{"id":"0123456789abcd47","type":"note",%s,"session":"%s","kind":"do","text":"x","id":"0123456789abcd48"}\n' "$H" "$S" >> idtwice.jsonl
# The fast path orders records by a number made of "at": across a second
# 60, a day, a month and a year, in the years 1000 and 9999 (the first
# and last a time can have), one second of three ids written in
# reverse.
at_note() {	# ID AT
	printf '{"id":"%s","type":"note","at":"%s","session":"%s","kind":"do","text":"t"}\n' "$1" "$2" "$S"
}
{
	head -1 good.jsonl
	at_note 0123456789abce01 2026-06-15T00:00:00Z
	at_note 0123456789abce02 2026-06-14T23:59:60Z
	at_note 0123456789abce03 2027-01-01T00:00:00Z
	at_note 0123456789abce04 2026-12-31T23:59:59Z
	at_note 0123456789abce05 2026-07-01T00:00:00Z
	at_note 0123456789abce06 2026-06-30T23:59:59Z
	at_note 0123456789abce07 9999-12-31T23:59:60Z
	at_note 0123456789abce08 1000-01-01T00:00:00Z
	at_note 0123456789abce0b 2026-06-14T10:00:00Z
	at_note 0123456789abce0a 2026-06-14T10:00:00Z
	at_note 0123456789abce09 2026-06-14T10:00:00Z
} > times.jsonl
# A record names one or two others, as a rule; one that names more keeps
# them apart (lib/list.c, struct many): notes of four and three, the
# fields not references of a note still followed for the closure.
cp good.jsonl allrefs.jsonl
note 0123456789abce10 do four ',"by":"'"$P"'","owner":"'"$A"'","ref":"'"$N2"'"' >> allrefs.jsonl
note 0123456789abce11 dont three ',"owner":"'"$Q"'","ref":"'"$N1"'"' >> allrefs.jsonl
note 0123456789abce12 do two ',"by":"'"$Q"'"' >> allrefs.jsonl

journals="good blank torn dupline dupid dangling wrongref badamend badstatus crlf notehref bom sessgone empty earlyblank earlytorn earlydupid idtwice times allrefs"
for f in "$WL_SRC"/share/examples/*.jsonl "$WL_SRC"/tests/fuzz/corpus/*.jsonl; do
	b=$(basename "$f" .jsonl)
	cp "$f" "x-$b.jsonl"
	journals="$journals x-$b"
done
cat "$WL_SRC"/share/examples/*.jsonl > x-both.jsonl
journals="$journals x-both"

for j in $journals; do
	for opts in "" "-k do" "-k dont -b 2" "-b 1" "-k quote" "--municipality venlo" \
	    "--municipality VENLO -k do"; do
		# shellcheck disable=SC2086
		both_paths "$j" $opts
	done
done

# Which path ran.
for j in times allrefs; do
	is "$(fast_trace $j)" "wl-note: fast list: ran" "$j: the fast path ran"
done
is "$(fast_trace idtwice)" \
    "wl-note: fast list: gave up: a line the loader would speak of, or an id used twice" \
    "idtwice: the fast path gave up"

wl-note list --all -o jsonl -f times.jsonl </dev/null > out
is "$(grep -o 'abce[0-9a-f]*' out | tr '\n' ' ')" \
    "abce08 abce09 abce0a abce0b abce02 abce01 abce06 abce05 abce04 abce03 abce07 " \
    "times: in the order of their times, then ids"

# The good journal is listed at all, amends folded, retracts hidden.
wl-note list --all -o jsonl -f good.jsonl > out
is "$(grep -c . out)" 9 "good: session, two people, four notes, advice, gadget"
like "$(grep "$N2" out)" '"kind":"do","text":"spaced","by":"' \
    "an amended, non-canonical note is folded and written canonically"
ok "$(! grep -q "$N5" out; echo $?)" "a retracted note is not listed"

echo "1..$n"
[ "$failed" -eq 0 ]
