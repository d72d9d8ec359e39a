#!/bin/sh
# Privacy (AVG/GDPR): consent and names changed later with
# 'wl-session edit', lists that name nobody (--anonymous), and
# 'wl-session redact': the person's data gone from the journal and its
# directory for good, every other line kept byte for byte, atomically.
. "$(dirname "$0")/lib.sh"

AT=2026-06-14T09:30:00Z
M='[verwijderd]'
hex='^[0-9a-f]{16}$'

s=$(wl-session new -m Roermond -d 2026-06-14 -p 1)
p=$(wl-session join -r initiator -n 'Marij Pelzer' \
    --org 'Natuurtuin De Hamer' --consent)
q=$(wl-session join -r civil-servant -n 'Jan Smit' --org 'Gemeente Roermond')
f=$(wl-session join -r facilitator -n 'Anna de Vries' --consent)

# --- edit: consent, name, org, role as an amend --------------------------

run wl-session edit 'marij pelzer' --no-consent
is "$rc" 0 "edit by name exits 0"
like "$out" "$hex" "edit prints the amend's id"
m1=$out
printf '%s\n' "{\"id\":\"$m1\",\"type\":\"amend\",\"at\":\"$AT\",\"ref\":\"$p\",\"set\":{\"consent\":false}}" >"$T/want"
tail -n 1 werklab.jsonl >"$T/got"
same "$T/got" "$T/want" "edit --no-consent appends an amend of consent"
run wl-session people -o tsv
like "$out" "$p	initiator	Marij Pelzer	Natuurtuin De Hamer	no" \
    "people shows the withdrawn consent"

cp werklab.jsonl "$T/j0"
run wl-session edit "$p" --no-consent
is "$rc" 0 "an edit that changes nothing exits 0"
is "$out" "" "  and prints no id"
is "$err" "wl-session: nothing changed in participant $p" "  and says so"
same werklab.jsonl "$T/j0" "  and writes nothing"

run wl-session edit "${p%????????????}" --consent -n 'Marij P.' --org 'De Hamer'
is "$rc" 0 "edit by id prefix of consent, name and org"
printf '%s\n' "{\"id\":\"$out\",\"type\":\"amend\",\"at\":\"$AT\",\"ref\":\"$p\",\"set\":{\"name\":\"Marij P.\",\"org\":\"De Hamer\",\"consent\":true}}" >"$T/want"
tail -n 1 werklab.jsonl >"$T/got"
same "$T/got" "$T/want" "  one amend with the three fields"
run wl-session people -o tsv
like "$out" "$p	initiator	Marij P.	De Hamer	yes" "  people shows them"

run wl-session edit 'Jan Smit' -n '' -r manager
is "$rc" 0 "edit -n '' -r"
printf '%s\n' "{\"id\":\"$out\",\"type\":\"amend\",\"at\":\"$AT\",\"ref\":\"$q\",\"set\":{\"name\":null,\"role\":\"manager\"}}" >"$T/want"
tail -n 1 werklab.jsonl >"$T/got"
same "$T/got" "$T/want" "  an empty name removes it (null)"
run wl-session edit "$q" -n 'Jan Smit' -r civil-servant
is "$rc" 0 "edit puts them back"

refuses "edit with nothing to change" wl-session edit "$p"
refuses "edit of nobody" wl-session edit 'Niemand' --consent
refuses "edit without a participant" wl-session edit --consent
refuses "edit with an unknown role" wl-session edit "$p" -r boss
refuses "--consent with --no-consent" wl-session edit "$p" --consent --no-consent

run wl-session edit "$p" -n 'Marij Pelzer' --org 'Natuurtuin De Hamer'
is "$rc" 0 "edit back to the full name"

# --- what the person said -------------------------------------------------

n1=$(wl-note add -k quote --by "$p" 'Ik wil een moestuin')
n2=$(wl-note add -k idea --by 'Natuurtuin De Hamer' 'Een bankje bij de vijver')
n3=$(wl-note add -k question --by "$q" 'Wie beslist over groen?')
m2=$(wl-note edit "$n1" --text 'Wij willen een moestuin achter de school')
a=$(wl-advice add -p organisation 'Nodig initiatiefnemers uit')
e=$(wl-advice endorse "$a" --by "$p" --stance reservations \
    --reason 'Dan hoor ik het eerder')
g1=$(wl-advice agree --owner "$p" 'Presentatie aan het MT')
g2=$(wl-advice agree --owner 'Jan Smit' 'Verslag sturen')
like "$n1 $n2 $n3 $m2 $a $e $g1 $g2" '^([0-9a-f]{16} ?){8}$' \
    "notes, advice, endorsement and agreements recorded"

# Everything that would name somebody, in any list.
NAMES='Marij|Pelzer|Natuurtuin|Hamer|Jan Smit|Gemeente Roermond|Anna|Vries'
# Everything that redact must erase (Marij's name, org and words).
ERASED='Marij|Pelzer|Natuurtuin|Hamer|moestuin|bankje|hoor ik'

# --- --anonymous: lists that name nobody ----------------------------------

run wl-session people -o tsv
like "$out" 'Marij Pelzer' "without --anonymous people names (the journal does)"
run wl-note list -o tsv
like "$out" "$n1	quote		Marij Pelzer	" "  and note list's by column too"
run wl-advice list --agreements -o tsv
like "$out" "$g1		Marij Pelzer		" "  and the agreements' owner too"

for fmt in table tsv csv jsonl json; do
	for cmd in 'wl-session people' 'wl-note list' 'wl-advice list --agreements'; do
		# shellcheck disable=SC2086
		run $cmd --anonymous -o $fmt
		if [ "$rc" -eq 0 ] && [ -n "$out" ] &&
		    ! printf '%s\n' "$out" | grep -Eq "$NAMES"; then
			ok 0 "$cmd --anonymous -o $fmt names nobody"
		else
			ok 1 "$cmd --anonymous -o $fmt names nobody"
			printf '# rc=%s\n%s\n' "$rc" "$out" | sed 's/^/# /'
		fi
	done
done

run wl-session people --anonymous -o tsv
printf 'id\trole\tname\torg\tconsent\n%s\tinitiator\tinitiator\tinitiator\tyes\n%s\tcivil-servant\tcivil-servant\tcivil-servant\tno\n%s\tfacilitator\tfacilitator\tfacilitator\tyes\n' "$p" "$q" "$f" >"$T/want"
same "$T/.out" "$T/want" "people --anonymous: names and orgs replaced by the role"
run wl-note list --anonymous -o csv
like "$out" "^$n1,quote,,initiator,," "note list --anonymous: by is the role"
run wl-advice list --agreements --anonymous -o tsv
like "$out" "$g2		civil-servant		Verslag sturen" \
    "agreements --anonymous: the owner is the role"
run wl-note list --anonymous -o jsonl
printf '%s\n' "{\"id\":\"$p\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$s\",\"role\":\"initiator\",\"consent\":true}" >"$T/want"
grep "\"id\":\"$p\"" "$T/.out" >"$T/got"
same "$T/got" "$T/want" "jsonl --anonymous carries the participant without name and org"
wl-note list --anonymous -o jsonl | wl-session people -o tsv >"$T/got" 2>&1
like "$(cat "$T/got")" "$p	initiator			yes" \
    "  and is still a journal that readers take"

# --- redact: refusals -----------------------------------------------------

mkdir j
cp werklab.jsonl j/werklab.jsonl
cp werklab.jsonl "$T/before"
J=j/werklab.jsonl

run wl-session -f "$J" redact "$p"
is "$rc" 2 "redact off a terminal without --yes exits 2"
like "$err" "give --yes" "  and says --yes is needed"
same "$J" "$T/before" "  the journal unchanged"

refuses "redact of nobody" wl-session redact Niemand --yes
refuses "redact with two participants" wl-session redact "$p" "$q" --yes
refuses "redact without a participant" wl-session redact --yes

# Another writer holds the lock: redact fails at once, it does not wait.
hold_lock "$J"
run_nowait "$J" wl-session -f "$J" redact "$p" --yes
is "$rc" 2 "redact while another writer holds the lock exits 2"
is "$err" "wl-session: $J: another writer is using the journal; try again when it is done" \
    "  with a clear message"
release_lock
same "$J" "$T/before" "  the journal unchanged"

# --- redact ---------------------------------------------------------------

run wl-session -f "$J" redact "$p" --yes --reason 'verzoek van de bewoner' \
    --by 'Anna de Vries'
is "$rc" 0 "redact --yes exits 0"
like "$out" "$hex" "  prints the redaction record's id"
r=$out
is "$err" "" "  silent on stderr"
is "$(ls -A j)" "werklab.jsonl" "  no temporary, backup or torn file left"
is "$(stat -c %a "$J")" 600 "  the journal keeps mode 0600"
if grep -rEq "$ERASED" j; then
	ok 1 "grep -r over the directory finds none of the erased data"
	grep -rE "$ERASED" j | sed 's/^/# /'
else
	ok 0 "grep -r over the directory finds none of the erased data"
fi

printf '%s\n' "{\"id\":\"$r\",\"type\":\"redaction\",\"at\":\"$AT\",\"ref\":\"$p\",\"reason\":\"verzoek van de bewoner\",\"by\":\"$f\"}" >"$T/want"
tail -n 1 "$J" >"$T/got"
same "$T/got" "$T/want" "the redaction record: ref, reason, by; no personal data"
is "$(wc -l <"$J")" "$(($(wc -l <"$T/before") + 1))" \
    "one line more than before: the redaction record"

# Line by line: exactly the lines of the person's records changed.
head -n -1 "$J" >"$T/body"
changed=$(awk 'NR == FNR { a[FNR] = $0; next } a[FNR] != $0 { print FNR }' \
    "$T/before" "$T/body" | tr '\n' ' ')
want=$(grep -n -e "\"id\":\"$p\"" -e "\"id\":\"$n1\"" -e "\"id\":\"$n2\"" \
    -e "\"id\":\"$e\"" -e "\"ref\":\"$p\",\"set\":{\"name\"" \
    -e "\"ref\":\"$p\",\"set\":{\"name\":\"Marij P" -e "\"id\":\"$m2\"" \
    "$T/before" | cut -d: -f1 | sort -un | tr '\n' ' ')
is "$changed" "$want" "every other line is byte-identical"

line() { grep "\"id\":\"$1\"" "$2"; }
is "$(line "$p" "$J")" "{\"id\":\"$p\",\"type\":\"participant\",\"at\":\"$AT\",\"session\":\"$s\",\"role\":\"initiator\",\"name\":\"$M\",\"org\":\"$M\",\"consent\":false}" \
    "the participant keeps id, role; name and org are the marker, consent false"
is "$(line "$n1" "$J")" "$(line "$n1" "$T/before" | sed 's/"text":"Ik wil een moestuin"/"text":"[verwijderd]"/')" \
    "the quote's text is the marker, the rest as it was (canonical)"
is "$(line "$n2" "$J")" "$(line "$n2" "$T/before" | sed 's/"text":"Een bankje bij de vijver"/"text":"[verwijderd]"/')" \
    "so is the idea's"
is "$(line "$m2" "$J")" "{\"id\":\"$m2\",\"type\":\"amend\",\"at\":\"$AT\",\"ref\":\"$n1\",\"set\":{\"text\":\"$M\"}}" \
    "the amend of the quote's text too"
is "$(line "$e" "$J")" "{\"id\":\"$e\",\"type\":\"endorsement\",\"at\":\"$AT\",\"ref\":\"$a\",\"by\":\"$p\",\"stance\":\"reservations\",\"reason\":\"$M\"}" \
    "their endorsement keeps its stance, loses its reason"
is "$(line "$m1" "$J")" "$(line "$m1" "$T/before")" \
    "an amend of their consent only is unchanged"
is "$(line "$n3" "$J")" "$(line "$n3" "$T/before")" \
    "another person's note is unchanged"

# Every list, in every format, names none of it.
bad=0
for fmt in table tsv csv jsonl json; do
	for cmd in 'wl-session people' 'wl-session show' 'wl-session list' \
	    'wl-note list' 'wl-note list --all' 'wl-advice list' \
	    'wl-advice list --agreements'; do
		# shellcheck disable=SC2086
		run $cmd -f "$J" -o $fmt
		if [ "$rc" -ne 0 ] || printf '%s\n' "$out" | grep -Eq "$ERASED"; then
			bad=$((bad + 1))
			printf '# %s -o %s: rc=%s\n' "$cmd" "$fmt" "$rc"
		fi
	done
done
is "$bad" 0 "no list in any format shows erased data"

run wl-session people -f "$J" -o tsv
like "$out" "$p	initiator	\\[verwijderd\\]	\\[verwijderd\\]	no" \
    "people shows the participant as redacted"
run wl-session show -f "$J" -o tsv
like "$out" 'participants	3 \(civil-servant 1, initiator 1, facilitator 1\)' \
    "  and counts still count them"
like "$out" 'notes	3 \(question 1, idea 1, quote 1\)' "  and their notes"
run wl-note list -f "$J" -o tsv
like "$out" "$n1	quote		\\[verwijderd\\]		\\[verwijderd\\]" \
    "note list: by and text are the marker"

cp "$J" "$T/after"
run wl-session -f "$J" redact "$p" --yes
is "$rc" 2 "redacting again exits 2"
is "$err" "wl-session: participant $p was redacted before and nothing of theirs is left to erase; nothing changed" \
    "  and says why"
same "$J" "$T/after" "  the journal unchanged"
run wl-session -f "$J" edit "$p" -n 'Marij Pelzer'
is "$rc" 2 "edit cannot give a redacted person a name again"
same "$J" "$T/after" "  the journal unchanged"

# A redaction wins over what comes after it: a writer does not add
# words of an erased person (every reader would erase them).
cp "$J" werklab.jsonl
refuses "a new note of a redacted person" \
    wl-note add -k quote --by "$p" 'Nog een moestuin'
like "$err" "^wl-note: note [0-9a-f]{16} by erased participant $p still holds their text" \
    "  and says it is theirs"
rm werklab.jsonl

# --- a torn last line, a leftover of a killed rewrite, a saved torn line --

mkdir j2
cp "$T/before" j2/werklab.jsonl
printf '{"id":"0123456789abcdef","type":"note","text":"Marij Pelzer zei' \
    >>j2/werklab.jsonl
cp "$T/before" j2/werklab.jsonl.new-Ab12Cd
printf '{"id"' >j2/werklab.jsonl.torn-20260101T000000Z
run wl-session -f j2/werklab.jsonl redact "$p" --yes
is "$rc" 0 "redact with a torn last line and leftovers exits 0"
like "$err" "j2/werklab.jsonl.new-Ab12Cd: warning: removed: left by a rewrite that was interrupted" \
    "  removes the leftover of an interrupted rewrite, and says so"
like "$err" "j2/werklab.jsonl: warning: the torn last line \\(63 bytes, never a whole record\\) was left out" \
    "  leaves the torn last line out, and says so"
like "$err" "j2/werklab.jsonl.torn-20260101T000000Z: warning: a torn line saved earlier" \
    "  names a saved torn line it cannot read"
is "$(ls -A j2 | tr '\n' ' ')" "werklab.jsonl werklab.jsonl.torn-20260101T000000Z " \
    "  leaves no temporary copy"
head -n -1 j2/werklab.jsonl >"$T/got"
same "$T/got" "$T/body" "  the rest is what a journal without the tail gives"
if grep -rEq "$ERASED" j2; then
	ok 1 "  grep -r over the directory finds none of the erased data"
else
	ok 0 "  grep -r over the directory finds none of the erased data"
fi

# --- on a terminal, redact asks -------------------------------------------

mkdir j3
cp "$T/before" j3/werklab.jsonl
tty_redact() {
	printf '%s\n' "$1" | script -qec "wl-session -f j3/werklab.jsonl redact $p" \
	    /dev/null >"$T/tty" 2>&1
	rc=$?
}
tty_redact n
is "$rc" 1 "on a terminal, answering n exits 1"
like "$(cat "$T/tty")" "redact participant $p \\(initiator, Marij Pelzer, Natuurtuin De Hamer\\) of session $s: 7 records change \\(1 participant, 2 notes, 1 endorsement, 3 amends\\)" \
    "  the question says who and how many records change"
like "$(cat "$T/tty")" 'nothing changed' "  and the answer changes nothing"
same j3/werklab.jsonl "$T/before" "  the journal unchanged"
tty_redact yes
is "$rc" 0 "answering yes redacts"
head -n -1 j3/werklab.jsonl >"$T/got"
same "$T/got" "$T/body" "  the same journal as with --yes"

# --- killed at any instant: the old journal or the new one, whole ---------

mkdir j4
{
	cat "$T/before"
	awk -v s="$s" -v p="$p" -v q="$q" 'BEGIN {
		for (i = 0; i < 20000; i++)
			printf "{\"id\":\"%016x\",\"type\":\"note\",\"at\":\"'$AT'\",\"session\":\"%s\",\"kind\":\"idea\",\"text\":\"%s %d\",\"by\":\"%s\"}\n", i + 4096, s, (i % 4 ? "Iets over de wijk" : "Marij wil een moestuin"), i, (i % 4 ? q : p)
	}'
} >"$T/big"
cp "$T/big" j4/werklab.jsonl
wl-session -f j4/werklab.jsonl redact "$p" --yes >/dev/null 2>&1
head -n -1 j4/werklab.jsonl >"$T/bigwant"
want_size=$(stat -c %s "$T/bigwant")
olds=0 news=0 bad=0 leftovers=0
for k in $(seq 1 25); do
	cp "$T/big" j4/werklab.jsonl
	ms=$(($(od -An -N2 -tu2 /dev/urandom) % 400))
	wl-session -f j4/werklab.jsonl redact "$p" --yes >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%03d' "$ms")"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if cmp -s j4/werklab.jsonl "$T/big"; then
		olds=$((olds + 1))
	elif head -n -1 j4/werklab.jsonl | cmp -s - "$T/bigwant" &&
	    tail -n 1 j4/werklab.jsonl | grep -q "\"type\":\"redaction\",\"at\":\"$AT\",\"ref\":\"$p\"}$"; then
		news=$((news + 1))
	else
		bad=$((bad + 1))
	fi
	for x in j4/werklab.jsonl.new-*; do
		[ -e "$x" ] || continue
		leftovers=$((leftovers + 1))
		# A leftover holds (part of) the new journal: nothing erased.
		size=$(stat -c %s "$x")
		[ "$size" -le "$want_size" ] || size=$want_size
		if grep -q Marij "$x" || ! cmp -s -n "$size" "$x" "$T/bigwant"; then
			bad=$((bad + 1))
		fi
	done
done
echo "# killed 25 times: $olds old, $news new, $leftovers leftover temporary files"
is "$bad" 0 "a redact killed at any instant leaves the old or the new journal, whole"
cp "$T/big" j4/werklab.jsonl
run wl-session -f j4/werklab.jsonl redact "$p" --yes
is "$rc" 0 "the next redact succeeds"
is "$(ls -A j4)" "werklab.jsonl" "  and removes any leftover of the killed ones"

# --- fault injection (the reliability suite's shim, when built) -----------

if [ -n "${WL_FAULT_BIN:-}" ] && [ -x "$WL_FAULT_BIN/wl-session" ]; then
	mkdir j5
	for spec in write:1 fsync:1 rename:1; do
		cp "$T/before" j5/werklab.jsonl
		run env WL_FAULT="$spec" "$WL_FAULT_BIN/wl-session" \
		    -f j5/werklab.jsonl redact "$p" --yes
		is "$rc" 2 "WL_FAULT=$spec: redact exits 2"
		same j5/werklab.jsonl "$T/before" "  the journal unchanged"
		is "$(ls -A j5)" "werklab.jsonl" "  no temporary file left"
	done
	cp "$T/before" j5/werklab.jsonl
	run env WL_FAULT=write:1:short "$WL_FAULT_BIN/wl-session" \
	    -f j5/werklab.jsonl redact "$p" --yes
	is "$rc" 0 "WL_FAULT=write:1:short: the rest is written, redact exits 0"
	head -n -1 j5/werklab.jsonl >"$T/got"
	same "$T/got" "$T/body" "  the journal is the new one, whole"
	cp "$T/before" j5/werklab.jsonl
	run env WL_FAULT=fsync:2 "$WL_FAULT_BIN/wl-session" \
	    -f j5/werklab.jsonl redact "$p" --yes
	is "$rc" 2 "WL_FAULT=fsync:2 (the directory after the rename): exits 2"
	head -n -1 j5/werklab.jsonl >"$T/got"
	same "$T/got" "$T/body" "  the journal is the new one, whole"
	# Every allocation that can fail: exit 2 and the old journal or the
	# new one, whole (an allocation after the rename fails too late to
	# keep the old one), until none fails.
	bad=0
	i=1
	while [ $i -lt 400 ]; do
		cp "$T/before" j5/werklab.jsonl
		run env WL_FAULT="malloc:$i" "$WL_FAULT_BIN/wl-session" \
		    -f j5/werklab.jsonl redact "$p" --yes
		[ "$rc" -eq 0 ] && break
		head -n -1 j5/werklab.jsonl >"$T/got"
		if [ "$rc" -ne 2 ] || [ "$(ls -A j5)" != werklab.jsonl ] ||
		    { ! cmp -s j5/werklab.jsonl "$T/before" &&
		    ! cmp -s "$T/got" "$T/body"; }; then
			bad=$((bad + 1))
			echo "# malloc:$i: rc=$rc $err"
		fi
		i=$((i + 1))
	done
	is "$bad" 0 "each failed allocation ($((i - 1)) of them): exit 2, the old or the new journal"
else
	for k in $(seq 1 14); do
		n=$((n + 1))
		echo "ok $n # skip fault injection: WL_FAULT_BIN not built (make fault)"
	done
fi

done_testing
