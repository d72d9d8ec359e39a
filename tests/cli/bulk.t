#!/bin/sh
# bulk.t - a bulk add (one text a line on standard input) writes the
# records that adding the texts one by one writes, byte for byte but
# for the ids (random) and the batch's header; and it is all or
# nothing: a line the rules refuse in the middle of thousands refuses
# them all, the journal byte-identical.  Not timed: the bench measures
# (tests/bench/run.sh).
. "$(dirname "$0")/lib.sh"

# Texts of every kind a transcript brings: plain, quoted, backslashes,
# a tab, a control character, accents and other scripts, spaces at
# either end; a third of them tagged by the one-by-one run's options
# too, so the same options are given to both runs.
N=2000
awk -v n="$N" 'BEGIN {
	for (i = 1; i <= n; i++) {
		k = i % 7
		if (k == 0) printf "Notitie %d\n", i
		else if (k == 1) printf "Zegt \"ja\" en %d\n", i
		else if (k == 2) printf "pad C:\\\\map\\\\%d \\\\n\n", i
		else if (k == 3) printf "tab\there %d\n", i
		else if (k == 4) printf "bel\007 %d\n", i
		else if (k == 5) printf "Coöperatie één ✓ 日本 %d\n", i
		else printf "  ruimte %d  \n", i
	}
}' >"$T/texts"
is "$(wc -l <"$T/texts" | tr -d ' ')" "$N" "$N texts to add"

s=$(wl-session new -m Venlo -d 2026-06-14)
ans=$(wl-session join -r initiator -n "Ans Coenen")
like "$s $ans" '^[0-9a-f]{16} [0-9a-f]{16}$' "a session and a participant"
cp werklab.jsonl "$T/j0"

# --- the same records, in bulk and one by one -------------------------------

cp "$T/j0" bulk.jsonl
run_piped "$T/texts" wl-note add -f bulk.jsonl -s "$s" -k do -b 2 -t Wijk --by Ans
is "$rc:$err" "0:" "bulk add of $N lines exits 0, silent"
cp "$T/.out" "$T/ids"
is "$(wc -l <"$T/ids" | tr -d ' ')" "$N" "  and prints $N ids"

cp "$T/j0" one.jsonl
while IFS= read -r text; do
	wl-note add -f one.jsonl -s "$s" -k do -b 2 -t Wijk --by Ans -- "$text" \
	    >>"$T/one.ids" || echo "failed: $text" >>"$T/one.fail"
done <"$T/texts"
ok "$([ ! -e "$T/one.fail" ]; echo $?)" "$N adds one by one exit 0"

j0=$(wc -l <"$T/j0" | tr -d ' ')
tail -n +$((j0 + 1)) bulk.jsonl >"$T/bulk.new"
tail -n +$((j0 + 1)) one.jsonl >"$T/one.new"
is "$(wc -l <"$T/bulk.new" | tr -d ' ')" $((N + 1)) \
    "bulk: $N records after one header"
like "$(head -n 1 "$T/bulk.new")" \
    "^\\{\"id\":\"[0-9a-f]{16}\",\"type\":\"group\",\"at\":\"$WL_NOW\",\"n\":$N,\"key\":\"[0-9a-f]{16}\"\\}\$" \
    "  the header names $N records"
tail -n +2 "$T/bulk.new" | cut -c 24- >"$T/bulk.masked"
cut -c 24- "$T/one.new" >"$T/one.masked"
same "$T/bulk.masked" "$T/one.masked" \
    "the bulk's lines are the one-by-one lines, ids aside, in input order"
tail -n +2 "$T/bulk.new" | cut -c 1-7 | sort -u >"$T/heads"
is "$(cat "$T/heads")" '{"id":"' "  every record line starts with its id"
tail -n +2 "$T/bulk.new" | cut -c 8-23 >"$T/bulk.ids"
same "$T/ids" "$T/bulk.ids" "the ids printed are those written, in order"
sort "$T/bulk.ids" >"$T/sorted"
same "$T/sorted" "$T/bulk.ids" \
    "  and climb, as one by one in the same second they do"
is "$(sort -u "$T/bulk.ids" | wc -l | tr -d ' ')" "$N" "  all different"
run wl-report check bulk.jsonl
is "$rc:$err" "0:" "check passes the bulk's journal"
run wl-report check one.jsonl
is "$rc:$err" "0:" "and the one-by-one journal"
# (Sorted: past some two thousand ids in one second, as WL_NOW holds
# it, ids made one by one no longer climb, and a list's order by id
# is not the order of input; a batch's always do, checked above.)
wl-note list -f bulk.jsonl -s "$s" -k do -o tsv | cut -f 2- | sort >"$T/bulk.list"
wl-note list -f one.jsonl -s "$s" -k do -o tsv | cut -f 2- | sort >"$T/one.list"
is "$(wc -l <"$T/bulk.list" | tr -d ' ')" $((N + 1)) "the bulk's notes listed"
same "$T/bulk.list" "$T/one.list" "  as the one-by-one notes are, ids aside"

# An advice in bulk is made as a note is: the same for wl-advice.
head -n 50 "$T/texts" >"$T/fifty"
cp "$T/j0" abulk.jsonl
cp "$T/j0" aone.jsonl
run_piped "$T/fifty" wl-advice add -f abulk.jsonl -s "$s" -p self -t Wijk
is "$rc:$err" "0:" "bulk advice of 50 lines"
while IFS= read -r text; do
	wl-advice add -f aone.jsonl -s "$s" -p self -t Wijk -- "$text" >/dev/null
done <"$T/fifty"
tail -n +$((j0 + 2)) abulk.jsonl | cut -c 24- >"$T/abulk.masked"
tail -n +$((j0 + 1)) aone.jsonl | cut -c 24- >"$T/aone.masked"
same "$T/abulk.masked" "$T/aone.masked" \
    "  the same lines as 50 adds one by one, ids aside"

# --- all or nothing ----------------------------------------------------------

# A text that the input takes (under the line limit) but whose record
# is over it: the rules refuse that record in the middle of the batch,
# and with it the whole batch.
awk 'BEGIN { s = "x"; while (length(s) < 1048500) s = s s;
	print substr(s, 1, 1048500) }' >"$T/long"
{ head -n 1000 "$T/texts"; cat "$T/long"; tail -n +1001 "$T/texts"; } >"$T/bad"
is "$(wc -l <"$T/bad" | tr -d ' ')" $((N + 1)) "$N texts and a long one at 1001"
cp bulk.jsonl "$T/before"
run_piped "$T/bad" wl-note add -f bulk.jsonl -s "$s" -k do -b 2
is "$rc:$out" "2:" "a record over the line limit in the middle: exit 2, no ids"
is "$err" "wl-note: <stdin>:1001: a record of 1048628 bytes is too long: a journal line holds at most 1048576" \
    "  the problem is said, and the line of input that made it"
same bulk.jsonl "$T/before" "  the journal byte-identical: none of the $((N + 1)) written"

# The same text made long by escapes: 200,000 control characters are
# 200,000 bytes in, 1,200,000 in the record.  Blank lines before it
# make no record, but the line named is still the line of input.
awk 'BEGIN { s = "\001"; while (length(s) < 200000) s = s s;
	print "begin " substr(s, 1, 200000) " end" }' >"$T/esc"
{ head -n 1500 "$T/texts"; printf '\n  \n'; cat "$T/esc"; tail -n +1501 "$T/texts"; } >"$T/bad2"
run_piped "$T/bad2" wl-note add -f bulk.jsonl -s "$s" -k do -b 2
is "$rc:$out" "2:" "a record made long by its escapes, on line 1503 after two blank ones: exit 2"
is "$err" "wl-note: <stdin>:1503: a record of 1200138 bytes is too long: a journal line holds at most 1048576" \
    "  the problem is said, on the line of input"
same bulk.jsonl "$T/before" "  the journal byte-identical"

# An advice in bulk names its line as a note does.
{ head -n 20 "$T/texts"; cat "$T/long"; } >"$T/bad3"
run_piped "$T/bad3" wl-advice add -f bulk.jsonl -s "$s" -p self
is "$rc:$out" "2:" "a bulk advice with a record over the limit: exit 2"
is "$err" "wl-advice: <stdin>:21: a record of 1048639 bytes is too long: a journal line holds at most 1048576" \
    "  said on its line of input"
same bulk.jsonl "$T/before" "  the journal byte-identical"

# A clock that cannot be read refuses the batch before it is made.
cp bulk.jsonl "$T/before"
run_piped "$T/texts" env WL_NOW=yesterday wl-note add -f bulk.jsonl -s "$s" -k do
is "$rc:$out:$err" "2::wl-note: WL_NOW 'yesterday' is not a UTC time like 2026-06-14T09:30:00Z" \
    "a bad WL_NOW: exit 2, said"
same bulk.jsonl "$T/before" "  the journal byte-identical"

# And the batch without the bad line goes in whole.
run_piped "$T/texts" wl-note add -f bulk.jsonl -s "$s" -k do -b 2
is "$rc:$err" "0:" "the texts again, without it: added"
is "$(wc -l <bulk.jsonl | tr -d ' ')" $(($(wc -l <"$T/before") + N + 1)) \
    "  all $N, after their header"

done_testing
