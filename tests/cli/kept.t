#!/bin/sh
# A canonical line is kept as its bytes and decoded values, and made
# into JSON only when asked (lib/rec.c); any other line is parsed as it
# is read.  Every reader must answer the same either way: here each
# journal is read as written (canonical: kept) and with one space after
# its opening brace on every line (parsed), and the outputs of the
# readers, their messages and exit statuses must be the same bytes.
. "$(dirname "$0")/lib.sh"

S=0123456789abc000 P=0123456789abc001 Q=0123456789abc002
A=0123456789abc010 B=0123456789abc011 G=0123456789abc020
H="\"at\":\"2026-06-14T09:30:00Z\""
{
	printf '{"id":"%s","type":"session",%s,"municipality":"\\u001Fs-Hertogenbosch","date":"2026-06-14","pilot":2,"facilitators":["Ans","Bo \\"B\\""]}\n' "$S" "$H"
	printf '{"id":"%s","type":"participant",%s,"session":"%s","role":"initiator","name":"Ans \\"A\\"\\tTab \\\\ é","org":"Stichting <b>","consent":true}\n' "$P" "$H" "$S"
	printf '{"id":"%s","type":"participant",%s,"session":"%s","role":"civil-servant","name":"Geheim","consent":false}\n' "$Q" "$H" "$S"
	printf '{"id":"0123456789abc003","type":"note",%s,"session":"%s","kind":"do","text":"Bel *eerst* | dan \\n mail","block":2,"by":"%s","tags":["contact","snel"]}\n' "$H" "$S" "$P"
	printf '{"id":"0123456789abc004","type":"note",%s,"session":"%s","kind":"dont","text":"Geen [link](x)","block":2}\n' "$H" "$S"
	printf '{"id":"0123456789abc005","type":"note",%s,"session":"%s","kind":"quote","text":"\\"Eindelijk\\" zei ze","by":"%s"}\n' "$H" "$S" "$Q"
	printf '{"id":"0123456789abc006","type":"note",%s,"session":"%s","kind":"expectation","text":"Weg ermee"}\n' "$H" "$S"
	printf '{"id":"%s","type":"advice",%s,"session":"%s","perspective":"initiators","text":"Eén loket","block":3,"tags":["loket"]}\n' "$A" "$H" "$S"
	printf '{"id":"%s","type":"advice",%s,"session":"%s","perspective":"self","text":"Tijd"}\n' "$B" "$H" "$S"
	printf '{"id":"0123456789abc012","type":"endorsement",%s,"ref":"%s","by":"%s","stance":"endorse","reason":"ja"}\n' "$H" "$A" "$P"
	printf '{"id":"0123456789abc013","type":"endorsement",%s,"ref":"%s","by":"%s","stance":"reservations"}\n' "$H" "$B" "$Q"
	printf '{"id":"0123456789abc014","type":"amend",%s,"ref":"%s","set":{"text":"Eén loket voor initiatieven"}}\n' "$H" "$A"
	printf '{"id":"0123456789abc015","type":"status",%s,"ref":"%s","status":"adopted","note":"MT"}\n' "$H" "$A"
	printf '{"id":"%s","type":"agreement",%s,"session":"%s","text":"Terugkoppeling","owner":"%s","due":"2026-07-01","ref":"%s"}\n' "$G" "$H" "$S" "$P" "$A"
	printf '{"id":"0123456789abc021","type":"retract",%s,"ref":"0123456789abc006","reason":"dubbel"}\n' "$H"
	printf '{"id":"0123456789abc022","type":"gadget",%s,"session":"%s","x":[1]}\n' "$H" "$S"
	printf '{"id":"0123456789abc023","type":"note",%s,"session":"%s","kind":"idea","text":"Later","by":"ffffffffffffffff"}\n' "$H" "$S"
} > hand.jsonl
cp "$WL_SRC/share/examples/roermond.jsonl" roermond.jsonl
cp "$WL_SRC/share/examples/venlo.jsonl" venlo.jsonl
cat roermond.jsonl venlo.jsonl > both.jsonl

for j in hand roermond venlo both; do
	# (a batch's header is no record, and is one only in its exact
	# bytes: wl-journal(5), Batches; it stays as it is)
	sed '/^{"id":"[0-9a-f]*","type":"group",/!s/^{/{ /' "$j.jsonl" > "$j-parsed.jsonl"
	wl-report check "$j.jsonl" 2>&1 | grep -q 'not in canonical form'
	ok "$(test $? -eq 1; echo $?)" "$j: canonical as written"
	wl-report check "$j-parsed.jsonl" 2>&1 | grep -q 'not in canonical form'
	ok $? "$j-parsed: not canonical"
	while read -r cmd; do
		# shellcheck disable=SC2086
		$cmd -f "$j.jsonl" </dev/null >kept.out 2>kept.err
		krc=$?
		# shellcheck disable=SC2086
		$cmd -f "$j-parsed.jsonl" </dev/null >parsed.out 2>parsed.err
		prc=$?
		sed "s|$j-parsed.jsonl|$j.jsonl|g" parsed.err > parsed.err2
		same parsed.out kept.out "$j: $cmd: same bytes out"
		same parsed.err2 kept.err "$j: $cmd: same messages"
		is "$prc" "$krc" "$j: $cmd: same exit status"
	done <<-EOF
	wl-report md --all
	wl-report md --all --lang en --charts none
	wl-report md --all --anonymous
	wl-report md
	wl-report compare -o json --by session
	wl-session list --all -o tsv
	wl-session show
	wl-session people -o json
	wl-note list --all -o tsv
	wl-note list --all -o json
	wl-note list --all -o csv -t contact
	wl-advice list --all -o json
	wl-advice list --all --agreements -o tsv
	EOF
	run wl-report diff "$j.jsonl" "$j-parsed.jsonl"
	is "$rc:$out" "0:" "$j: diff of kept and parsed finds nothing"
done

# wl-report check reads canonical lines with the scanner and parses the
# rest: the same problems are found either way (the re-spaced journal
# has one more on each line, its form, and its columns are one more).
H2="\"at\":\"2026-06-15T09:30:00Z\""
{
	cat hand.jsonl
	printf '{"id":"0123456789abc030","type":"note",%s,"session":"%s","kind":"do","text":"x","block":4}\n' "$H2" "$S"
	printf '{"id":"0123456789abc031","type":"note",%s,"session":"%s","kind":"do","text":"x","by":"%s"}\n' "$H2" "$S" "$A"
	printf '{"id":"0123456789abc032","type":"status",%s,"ref":"%s","status":"done"}\n' "$H2" "$A"
	printf '{"id":"0123456789abc033","type":"endorsement",%s,"ref":"%s","by":"%s","stance":"object"}\n' "$H2" "$G" "$P"
	printf '{"id":"0123456789abc034","type":"retract",%s,"ref":"eeeeeeeeeeeeeeee"}\n' "$H2"
	printf '{"id":"%s","type":"note",%s,"session":"%s","kind":"do","text":"twice"}\n' "$A" "$H2" "$S"
} > bad.jsonl
sed 's/^{/{ /' bad.jsonl > bad-parsed.jsonl
wl-report check --max-errors 100 bad.jsonl >/dev/null 2>kept.err
krc=$?
wl-report check --max-errors 100 bad-parsed.jsonl 2>&1 >/dev/null |
    grep -v 'not in canonical form' | sed 's/bad-parsed/bad/' > parsed.err
is "$krc" 1 "check of the bad journal: exit 1"
is "$(grep -c . kept.err)" 8 "seven problems and the count"
like "$(tail -1 kept.err)" ': 7 problems$' "counted"
nocol() { grep -v ' problems' "$1" | sed -E 's/^([^:]+: [^:]+:[0-9]+):[0-9]+:/\1:/'; }
nocol kept.err > kept.err2
nocol parsed.err > parsed.err2
same parsed.err2 kept.err2 "check: the same problems, kept or parsed"

# A changed value is still found between a kept and a parsed record.
sed 's/^{/{ /; s/Terugkoppeling/Terugmelding/' hand.jsonl > changed.jsonl
run wl-report diff hand.jsonl changed.jsonl
is "$rc" 1 "diff of kept and parsed: a changed text is a difference"
like "$out" 'text of [a-z]+ [0-9a-f]+(…)?: "[^"]*Terugkoppeling[^"]*" -> "[^"]*Terugmelding[^"]*" \(rewritten\)' "and names the field"

done_testing
