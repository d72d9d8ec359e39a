#!/bin/sh
# Order does not matter (wl-journal(5)): a journal and any reordering of
# its lines that keeps each record after the records it refers to fold
# to the same report and the same lists, byte for byte.  The journal:
# the report fixture (three sessions, amends, statuses, retracts,
# endorsements that replace earlier ones) and, on top, conflicting
# statuses and amends at equal and at different times, a restore (a
# retract of a retract), and an endorsement given before a rewording.
# ORDER_ROUNDS (default 12) reorderings are tried, each from its own seed.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/cli/lib.sh"

S3=5e55100000000003 A11=ad00000000000011 A12=ad00000000000012
P5=9b00000000000005 P7=9b00000000000007
{
	grep -v '"type":"poll"' "$top/tests/data/report/werklab/journal.jsonl"
	# Two statuses of one advice: the later "at" wins, wherever it is.
	printf '%s\n' '{"id":"ff00000000000001","type":"status","at":"2026-10-09T11:00:00Z","ref":"'$A12'","status":"rejected"}'
	printf '%s\n' '{"id":"0f00000000000001","type":"status","at":"2026-10-09T10:01:00Z","ref":"'$A12'","status":"adopted"}'
	# Equal "at": the larger id is the later.
	printf '%s\n' '{"id":"0f00000000000002","type":"status","at":"2026-10-09T12:00:00Z","ref":"'$A11'","status":"presented"}'
	printf '%s\n' '{"id":"0f00000000000003","type":"status","at":"2026-10-09T12:00:00Z","ref":"'$A11'","status":"implemented"}'
	# Two amends of one text: the later wins; an endorsement between
	# the amends is stale, one after the last is not.
	printf '%s\n' '{"id":"0e00000000000001","type":"amend","at":"2026-10-09T09:00:00Z","ref":"'$A12'","set":{"text":"Eerste nieuwe tekst"}}'
	printf '%s\n' '{"id":"0e00000000000002","type":"amend","at":"2026-10-09T09:30:00Z","ref":"'$A12'","set":{"text":"Tweede nieuwe tekst"}}'
	printf '%s\n' '{"id":"0e00000000000003","type":"endorsement","at":"2026-10-09T09:10:00Z","ref":"'$A12'","by":"'$P5'","stance":"endorse"}'
	printf '%s\n' '{"id":"0e00000000000004","type":"endorsement","at":"2026-10-09T09:40:00Z","ref":"'$A12'","by":"'$P7'","stance":"reservations","reason":"Later gegeven"}'
	# The same person again, earlier: the later one stands.
	printf '%s\n' '{"id":"0e00000000000005","type":"endorsement","at":"2026-10-09T08:00:00Z","ref":"'$A12'","by":"'$P7'","stance":"object","reason":"Eerder gegeven"}'
	# A note, retracted, restored; another retracted for good.
	printf '%s\n' '{"id":"0d00000000000001","type":"note","at":"2026-10-08T11:00:00Z","session":"'$S3'","kind":"idea","text":"Teruggezet idee"}'
	printf '%s\n' '{"id":"0d00000000000002","type":"retract","at":"2026-10-08T11:05:00Z","ref":"0d00000000000001"}'
	printf '%s\n' '{"id":"0d00000000000003","type":"retract","at":"2026-10-08T11:10:00Z","ref":"0d00000000000002"}'
	printf '%s\n' '{"id":"0d00000000000004","type":"note","at":"2026-10-08T11:00:00Z","session":"'$S3'","kind":"do","text":"Weg voor altijd"}'
	printf '%s\n' '{"id":"0d00000000000005","type":"retract","at":"2026-10-08T11:20:00Z","ref":"0d00000000000004"}'
	# Notes of one second: ordered by id.
	printf '%s\n' '{"id":"c000000000000001","type":"note","at":"2026-10-08T11:30:00Z","session":"'$S3'","kind":"do","text":"Derde in het bestand"}'
	printf '%s\n' '{"id":"0000000000000001","type":"note","at":"2026-10-08T11:30:00Z","session":"'$S3'","kind":"do","text":"Eerste op id"}'
} >base.jsonl

# shuffle SEED < JOURNAL: its lines in a random order in which every
# record comes after each record whose id it names.
shuffle() {
	awk -v seed="$1" '
	{ line[NR] = $0; match($0, /"id":"[0-9a-f]+"/)
	  id[NR] = substr($0, RSTART + 6, 16); at[id[NR]] = NR }
	END {
		srand(seed)
		for (i = 1; i <= NR; i++) {
			s = line[i]; nd[i] = 0
			while (match(s, /"[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]"/)) {
				d = substr(s, RSTART + 1, 16)
				if (d in at && at[d] != i)
					dep[i, ++nd[i]] = at[d]
				s = substr(s, RSTART + RLENGTH)
			}
		}
		for (left = NR; left > 0; left--) {
			k = 0
			for (i = 1; i <= NR; i++) {
				if (done[i]) continue
				ready = 1
				for (j = 1; j <= nd[i]; j++)
					if (!done[dep[i, j]]) { ready = 0; break }
				if (ready) cand[++k] = i
			}
			i = cand[int(rand() * k) + 1]
			done[i] = 1
			print line[i]
		}
	}'
}

# outputs JOURNAL DIR: every report and list of the journal into DIR.
outputs() {
	mkdir -p "$2"
	wl-report -f "$1" -s "$S3" >"$2/md" 2>/dev/null
	wl-report -f "$1" --all >"$2/all" 2>/dev/null
	wl-report -f "$1" --all --anonymous --lang en >"$2/all-en" 2>/dev/null
	wl-report compare -o json "$1" >"$2/compare" 2>/dev/null
	for o in table tsv csv jsonl json; do
		wl-note list --all -f "$1" -o $o >"$2/notes.$o" 2>/dev/null
		wl-note list -s "$S3" -k do -f "$1" -o $o >"$2/dos.$o" 2>/dev/null
		wl-advice list --all -f "$1" -o $o >"$2/advice.$o" 2>/dev/null
		wl-advice list --all --agreements -f "$1" -o $o \
		    >"$2/agreements.$o" 2>/dev/null
		wl-advice show "$A12" -f "$1" -o $o >"$2/show.$o" 2>/dev/null
		wl-session list -f "$1" -o $o >"$2/sessions.$o" 2>/dev/null
		wl-session people -s "$S3" -f "$1" -o $o >"$2/people.$o" \
		    2>/dev/null
	done
	# The fast list reads a regular file; the plain one a pipe.
	wl-note list --all -o jsonl -f - <"$1" >"$2/notes.pipe" 2>/dev/null
}

run wl-report check base.jsonl
is "$rc:$err" "0:" "the journal is clean"
# The report says whose endorsement stands, and which came before the
# last rewording.
outputs base.jsonl want
is "$(grep -m1 '^title: ' want/md)" "title: 'Werklab gemeente Súdwest-Fryslân'" "the report is made"
like "$(cat want/md)" "Tweede nieuwe tekst" "the later amend wins"
like "$(sed -n '/Tweede nieuwe tekst/,/Opvolging/p' want/md | tail -n 1)" "afgewezen" \
    "the later status wins: rejected at 11:00 over adopted at 10:01"
is "$(grep -c 'Teruggezet idee' want/md):$(grep -c 'Weg voor altijd' want/md)" \
    "1:0" "a restored note shows, a retracted one does not"
is "$(jq -r 'select(.type == "note" and (.id | startswith("c0") or startswith("00"))) | .id' want/notes.jsonl | tr '\n' ' ')" \
    "0000000000000001 c000000000000001 " "notes of one second: by id"
same want/notes.pipe want/notes.jsonl "the fast list and the plain one agree"

rounds=${ORDER_ROUNDS:-12}
i=0
while [ "$i" -lt "$rounds" ]; do
	i=$((i + 1))
	shuffle "$i" <base.jsonl >r$i.jsonl
	run wl-report check r$i.jsonl
	bad=0
	cmp -s base.jsonl r$i.jsonl && bad=1
	outputs r$i.jsonl got$i
	diffs=""
	for f in want/*; do
		cmp -s "$f" "got$i/${f#want/}" || diffs="$diffs ${f#want/}"
	done
	is "$rc:$bad:$diffs" "0:0:" "reordering $i: a clean journal, another order, every output the same"
done

done_testing
