#!/bin/sh
# wl-report md end to end: same reports (nl, en, --all --anonymous),
# the folded state, hostile text rendered by cmark-gfm and pandoc, the
# Word file, and the errors.
top=$(cd "$(dirname "$0")/../.." && pwd)
D=$top/tests/data/report
SAMPLE=$top/share/examples/roermond.jsonl
. "$top/tests/cli/lib.sh"

# --- goldens: the werklab fixture -------------------------------------------

W=$D/werklab/journal.jsonl
WARN="wl-report: $W:58: warning: record of unknown type 'poll' ignored"

run wl-report -f "$W"
is "$rc" 0 "report of the fixture exits 0"
same "$T/.out" "$D/werklab/expected-nl.md" "Dutch by default: the same report"
is "$err" "$WARN" "one warning for the record of unknown type"

run wl-report md -f "$W"
same "$T/.out" "$D/werklab/expected-nl.md" "the verb md is the default"
run wl-report -f "$W" md --lang nl
same "$T/.out" "$D/werklab/expected-nl.md" "md may follow the options"

run wl-report -f "$W" --lang en
is "$rc" 0 "--lang en exits 0"
same "$T/.out" "$D/werklab/expected-en.md" "--lang en: the same English report"

WL_LANG=en run wl-report -f "$W"
same "$T/.out" "$D/werklab/expected-en.md" "WL_LANG=en: the English report"
WL_LANG=en run wl-report -f "$W" --lang nl
same "$T/.out" "$D/werklab/expected-nl.md" "--lang wins over WL_LANG"

run_piped "$W" wl-report
is "$rc" 0 "a journal on standard input (a pipe) is read"
same "$T/.out" "$D/werklab/expected-nl.md" "the same report from standard input"

WL_JOURNAL=$W run wl-report
same "$T/.out" "$D/werklab/expected-nl.md" "WL_JOURNAL names the journal"
cp "$W" werklab.jsonl
run wl-report
same "$T/.out" "$D/werklab/expected-nl.md" "./werklab.jsonl is the default journal"
rm -f werklab.jsonl

run wl-report -f "$W" --all --anonymous --charts none
is "$rc" 0 "--all --anonymous --charts none exits 0"
same "$T/.out" "$D/werklab/expected-all-anonymous-nl.md" \
    "--all: every session in file order, rules between, nobody named"

run wl-report -f "$W" --municipality SUDWEST-fryslan
is "$(printf '%s\n' "$out" | grep -c '^- Datum: ')" 2 \
    "--municipality folds case and diacritics: both Súdwest-Fryslân sessions"
is "$(printf '%s\n' "$out" | grep -c '^# ')" 1 \
    "  the second headed by its title, the first by the front matter's"
is "$(printf '%s\n' "$out" | grep -c '^\* \* \*$')" 1 \
    "two reports, one rule between them"
like "$(printf '%s\n' "$out" | grep '^- Datum' | tr '\n' '|')" \
    '^- Datum: 12 maart 2026\|- Datum: 8 oktober 2026\|$' "in file order"

run wl-report -f "$W" -s 5e551000
is "$rc" 2 "an ambiguous session prefix is refused"
like "$err" "ambiguous" "and the message says so"
run wl-report -f "$W" -s 5e55100000000002
like "$out" "^title: 'Werklab gemeente Roermond'" "-s picks the session"
WL_SESSION=5e55100000000002 run wl-report -f "$W"
like "$out" "^title: 'Werklab gemeente Roermond'" "WL_SESSION picks the session"

run wl-report -f "$W"
is "$(printf '%s\n' "$out" | grep -c '^| Advies per perspectief | | |$')" 1 \
    "charts as tables on standard output by default"
is "$(printf '%s\n' "$out" | grep -c 'mermaid\|svg')" 0 \
    "  no mermaid code, no image"
like "$out" '| Van organisatie en leidinggevende | 2 | ████████████████████ |' \
    "  a text bar of twenty blocks for the largest count"
like "$out" '| Van onszelf | 1 | ██████████ |' "  and of ten for half of it"
run wl-report -f "$W" --charts mermaid
is "$(printf '%s\n' "$out" | grep -c '^```mermaid$')" 3 \
    "--charts mermaid: three mermaid charts"
run wl-report -f "$W" --charts none
is "$(printf '%s\n' "$out" | grep -c 'mermaid')" 0 "--charts none: no chart"
run wl-report -f "$W" --anonymous
is "$(printf '%s\n' "$out" | grep -Ec 'Jelle|Marrit|Sietse|Klaas|Anna|Baukje|LSA')" 0 \
    "--anonymous names nobody, facilitators neither"
run wl-report -f "$W"
is "$(printf '%s\n' "$out" | grep -c 'Baukje')" 0 \
    "nobody without consent is named"

# --- goldens: the Roermond sample -------------------------------------------

if [ -e "$SAMPLE" ]; then
	run wl-report -f "$SAMPLE"
	is "$rc$err" 0 "the Roermond sample: exit 0, no message"
	same "$T/.out" "$D/roermond/expected-nl.md" \
	    "the Roermond sample in Dutch (refresh the same if the sample changed)"
	run wl-report -f "$SAMPLE" --lang en
	same "$T/.out" "$D/roermond/expected-en.md" \
	    "the Roermond sample in English"
else
	skip 3 "no share/examples/roermond.jsonl"
fi

# --- the folded state ---------------------------------------------------------

run wl-report -f "$D/fold/journal.jsonl"
is "$rc" 0 "the fold fixture: exit 0"
is "$(printf '%s\n' "$out" | grep -c 'Ingetrokken')" 0 \
    "retracted note, advice and what hangs from them are absent"
is "$(printf '%s\n' "$out" | grep -c 'Oude formulering')" 0 \
    "the old text of an amended advice is absent"
is "$(printf '%s\n' "$out" | grep -c '^1\. Nieuwe formulering van het advies$')" 1 \
    "the amended advice shows its current text"
is "$(printf '%s\n' "$out" | grep -c '^   - Draagvlak: gesteund door 1 van 2 initiatiefnemers; 1 keer steun gegeven vóór de tekst werd aangepast$')" 1 \
    "the endorsement after the amend counts, the one before it only as stale"
is "$(printf '%s\n' "$out" | grep -c 'Bezwaar\|Te vaag')" 0 \
    "a superseded endorsement is not shown"
is "$(printf '%s\n' "$out" | grep -c '^   - Opvolging: overgenomen (1 augustus 2026)$')" 1 \
    "the last status wins, with the day it was recorded"
is "$(printf '%s\n' "$out" | grep -c 'Jos')" 0 "no name without consent"

# --- hostile text -------------------------------------------------------------

H=$D/hostile
# Without front matter the title is the report's heading, which the
# renderers below read as Markdown (word.t tries the front matter).
run wl-report -f "$H/journal.jsonl" --no-front-matter
is "$rc$err" 0 "the hostile fixture: exit 0, no message"
cp "$T/.out" hostile.md

# Every tag the renderers may make of a report; nothing from the input.
bad_tags() {
	grep -o '<[^>]*>' "$1" | grep -Ev '^</?(h[1-6]|p|ul|ol|li|table|thead|tbody|tr|th|td|blockquote|pre|code|em|hr|colgroup|col)( (id="[^"<>&:/]*"|class="(header|odd|even|mermaid|language-mermaid)"|style="(text-align: (left|right|center);|width: [0-9.]+%)"|start="[0-9]+"|type="1"|align="(left|right|center)"))* ?/?>$'
}
# The text of the HTML, one element per line, entities decoded, the
# invisible word joiners dropped.
html_text() {
	sed -e 's/<[^>]*>/\n/g' "$1" | sed -e 's/&lt;/</g' -e 's/&gt;/>/g' \
	    -e 's/&quot;/"/g' -e "s/&#39;/'/g" -e 's/&amp;/\&/g' \
	    -e 's/\xe2\x81\xa0//g'
}
# Hostile texts that are not 7 times readable (each sits in 7 places).
unreadable() {
	html_text "$1" >"$1.txt"
	while IFS= read -r h; do
		c=$(grep -cF -- "$h" "$1.txt")
		[ "$c" -ge 7 ] || printf '%s (%s times)\n' "$h" "$c"
	done <"$H/texts"
}
# Tables whose rows have another number of cells than their header.
ragged_html() {
	tr -d '\n' <"$1" | awk 'BEGIN { RS = "</table>" } {
		k = split($0, rows, "</tr>"); want = -1
		for (i = 1; i < k; i++) {
			c = gsub(/<t[hd][ >]/, "", rows[i])
			if (want < 0) want = c
			else if (c != want) print "table " NR " row " i ": " c
		} }'
}
# Hostile headings that do not read as themselves.
bad_headings() {
	html_text "$1" >"$1.h"
	for h in 'Werklab gemeente <b>Stad</b> | [x](javascript:alert(1)) #' \
	    'Blok 1: <script>alert(1)</script>' 'Blok 2: # kop {.klasse}' \
	    'Blok 3: [x](javascript:alert(1))'; do
		grep -qxF -- "$h" "$1.h" || echo "$h"
	done
}
ragged_md() {
	sed -e 's/\\\\//g' -e 's/\\|//g' "$1" | awk '
		/^\|/ { c = gsub(/\|/, "|"); if (!t) { want = c; t = 1 }
			else if (c != want) print NR ": " c " columns, not " want
			next }
		{ t = 0 }'
}

is "$(ragged_md hostile.md)" "" \
    "Markdown: every table row has as many columns as its header"
is "$(grep -c '^# ' hostile.md)" 1 "one level-1 heading only: ours"
is "$(grep -Ec '^(#|-|\*|\+|>|[0-9]+\.|\||```|~~~)' hostile.md)" \
    "$(grep -Ec '^(---$|# Werklab|## |### |- |[0-9]+\. |\| |```(mermaid)?$|> )' hostile.md)" \
    "every line that opens a block is one of ours"

if command -v cmark-gfm >/dev/null 2>&1; then
	cmark-gfm --unsafe -e table -e autolink -e strikethrough hostile.md \
	    >cmark.html
	ok $? "cmark-gfm renders the hostile report"
	is "$(bad_tags cmark.html)" "" \
	    "cmark-gfm: no element or attribute from the input (no link, image, script)"
	is "$(grep -o '<[^>]*>' cmark.html | grep -c 'href\|src')" 0 "cmark-gfm: no href, no src"
	is "$(unreadable cmark.html)" "" \
	    "cmark-gfm: each hostile text reads as itself, in all 7 places"
	is "$(ragged_html cmark.html)" "" \
	    "cmark-gfm: every table row as wide as its header"
	is "$(bad_headings cmark.html)" "" \
	    "cmark-gfm: hostile headings read as themselves"
	grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' cmark.html
	ok $? "cmark-gfm: <script> shows as &lt;script&gt;"
else
	skip 7 "cmark-gfm not installed"
fi

if command -v pandoc >/dev/null 2>&1; then
	pandoc -f gfm -t html --wrap=none hostile.md >pandoc.html
	ok $? "pandoc -f gfm renders the hostile report"
	is "$(bad_tags pandoc.html)" "" \
	    "pandoc gfm: no element or attribute from the input"
	is "$(grep -o '<[^>]*>' pandoc.html | grep -c 'href\|src')" 0 "pandoc gfm: no href, no src"
	is "$(unreadable pandoc.html)" "" \
	    "pandoc gfm: each hostile text reads as itself, in all 7 places"
	is "$(ragged_html pandoc.html)" "" \
	    "pandoc gfm: every table row as wide as its header"
	is "$(bad_headings pandoc.html)" "" \
	    "pandoc gfm: hostile headings read as themselves"
	# What 'wl-report | pandoc -o x.docx' reads: pandoc's own markdown
	# (without smart quotes, which only change typography).
	pandoc -f markdown-smart -t html --wrap=none hostile.md >pandoc-md.html
	is "$(bad_tags pandoc-md.html)" "" \
	    "pandoc markdown: no element or attribute from the input"
	is "$(unreadable pandoc-md.html)" "" \
	    "pandoc markdown: each hostile text reads as itself"
	is "$(bad_headings pandoc-md.html)" "" \
	    "pandoc markdown: hostile headings read as themselves (no {.class})"
	pandoc -f markdown -t html hostile.md >pandoc-smart.html
	is "$(bad_tags pandoc-smart.html)" "" \
	    "pandoc markdown with smart quotes: still nothing from the input"

	wl-report -f "$W" 2>/dev/null | pandoc -f gfm -o advies.docx
	ok $? "wl-report | pandoc -f gfm -o advies.docx succeeds"
	is "$(head -c 2 advies.docx)" "PK" "the Word file is a zip"
	[ "$(wc -c <advies.docx)" -gt 5000 ]
	ok $? "and not empty"
	wl-report -f "$H/journal.jsonl" | pandoc -o hostile.docx
	ok $? "wl-report | pandoc -o x.docx (pandoc's markdown) on hostile text"
	is "$(head -c 2 hostile.docx)" "PK" "a zip too"
else
	skip 15 "pandoc not installed"
fi

run wl-report -f "$H/journal.jsonl" --anonymous
is "$(printf '%s\n' "$out" | grep -c 'Vet\|onerror=alert(1)\\> (')" 0 \
    "--anonymous: hostile names are left out too"
run wl-report -f "$H/journal.jsonl"
is "$(printf '%s\n' "$out" | grep -c 'Geheim')" 0 \
    "a participant without consent is not named"

# --- errors -------------------------------------------------------------------

refuses "an unknown --lang" wl-report -f "$W" --lang xx
is "$err" "wl-report: unknown language 'xx' (one of: en, nl)" \
    "the message lists the languages"
refuses "a --lang that is a path" wl-report -f "$W" --lang ../templates/blocks
WL_LANG=fr refuses "an unknown WL_LANG" wl-report -f "$W"
like "$err" "^wl-report: WL_LANG: unknown language 'fr'" "and says where it came from"
refuses "an unknown option" wl-report -f "$W" --bogus
like "$err" "unknown option '--bogus'" "naming it"
refuses "an unknown session" wl-report -f "$W" -s ffffffff
is "$err" "wl-report: no session with id 'ffffffff'" "naming it"
refuses "an unknown municipality" wl-report -f "$W" --municipality Venlo
cp "$W" werklab.jsonl
refuses "-o over the journal it reads" wl-report -o werklab.jsonl
is "$err" "wl-report: werklab.jsonl is a journal: the report is not written over it" \
    "  saying so"
cp "$W" other.jsonl
refuses "-o over another journal" wl-report -o other.jsonl
same other.jsonl "$W" "  which is left as it was"
refuses "--chart-dir without svg charts" wl-report --charts table \
    --chart-dir x
refuses "a --date that is no date" wl-report --date 2026-11-31
is "$err" "wl-report: --date wants a date like 2026-11-12, not '2026-11-31' (see 'wl-report --help')" \
    "  saying what it wants"
refuses "an unknown chart kind" wl-report -f "$W" --charts pie
refuses "two selections at once" wl-report -f "$W" --all -s 5e55
refuses "an unknown verb" wl-report frobnicate -f "$W"
refuses "a missing journal" wl-report -f "$T/none.jsonl"
refuses "an empty journal" wl-report -f /dev/null

mkdir -p data/lang data/templates
cp "$WL_DATADIR/templates/blocks" data/templates/
grep -v '^month\.3 ' "$WL_DATADIR/lang/nl" >data/lang/xx
WL_DATADIR=$T/data refuses "a language file that lacks a key" \
    wl-report -f "$W" --lang xx
is "$err" "wl-report: $T/data/lang/xx: missing key 'month.3'" \
    "the message names the file and the key"
printf 'title Werklab\n' >data/lang/yy
WL_DATADIR=$T/data refuses "a language file with a bad line" \
    wl-report -f "$W" --lang yy
is "$err" "wl-report: $T/data/lang/yy:1: expected 'key = value'" \
    "the message names file and line"

# Many sessions: --all makes the reports in two threads; what it prints
# is each session's report, in file order, a rule between them.
i=1
while [ "$i" -le 9 ]; do
	wl-session new -f many.jsonl -m "Gemeente $((i % 3))" \
	    -d "2026-0$i-1$i" >/dev/null
	wl-session join -f many.jsonl -r initiator -n "Ans $i" --consent \
	    >/dev/null
	p=$(wl-session people -f many.jsonl -o tsv | tail -1 | cut -f1)
	wl-note add -f many.jsonl -k do "Bel eerst *$i*" >/dev/null
	a=$(wl-advice add -f many.jsonl -p initiators "Advies $i")
	wl-advice endorse -f many.jsonl "$a" --by "$p" >/dev/null
	[ $((i % 2)) -eq 0 ] || wl-advice agree -f many.jsonl --owner "$p" \
	    "Afspraak $i" >/dev/null
	i=$((i + 1))
done
: > one-by-one.md
for s in $(wl-session list -f many.jsonl -o tsv | tail -n +2 | cut -f1); do
	[ -s one-by-one.md ] && printf '\n* * *\n\n' >> one-by-one.md
	# One front matter, the first report's, heads them all, and
	# stands for its heading; the others have their own.
	if [ -s one-by-one.md ]; then
		wl-report -f many.jsonl -s "$s" --no-front-matter
	else
		wl-report -f many.jsonl -s "$s"
	fi >> one-by-one.md
done
wl-report -f many.jsonl --all > all.md
rc=$?
is "$rc" 0 "--all over nine sessions"
is "$(grep -c '^\* \* \*$' all.md)" 8 "nine reports"
same all.md one-by-one.md "--all: each session's report, in order"
is "$(grep -c 'Afspraak 1 ' all.md)" 2 \
    "an open agreement follows up in full in the next report of its municipality"
is "$(grep -c '^Oudere werklabs met iets dat nog openstaat: 1; advies nog niet uitgevoerd: 1; afspraken nog open: 1\. ' all.md)" 2 \
    "  and in the one after as a count (Gemeente 1 and Gemeente 0)"
WL_DATADIR=$T/data refuses "a language file that lacks a key, for --all" \
    wl-report -f many.jsonl --all --lang xx

run wl-report --help
is "$rc" 0 "--help exits 0"
like "$out" '^usage: wl-report \[md\]' "--help prints the synopsis"
run wl-report --version
like "$out" '^wl-report [0-9]' "--version"

done_testing
