#!/bin/sh
# word.t - the README's recipes run for real: the report as a Word file
# (pandoc), as a PDF without LaTeX (pandoc, then LibreOffice headless)
# and as a web page (pandoc -s).  What the management team opens must
# show the charts as pictures, not as chart code, and carry the
# document's title and language; the title once, each chart once, on
# A4 paper, and the pictures there whatever the folder's name.
top=$(cd "$(dirname "$0")/../.." && pwd)
W=$top/tests/data/report/werklab/journal.jsonl
. "$top/tests/cli/lib.sh"

missing=
for tool in pandoc libreoffice pdftotext pdfimages pdfinfo pdftoppm \
    rsvg-convert unzip xmllint; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "1..0 # skip not installed:$missing (.ci/deps test installs them)"
	exit 0
fi
# LibreOffice keeps its profile in $HOME: a fresh one per run.
export HOME="$T/home"
mkdir -p "$HOME"
# Files the facilitator shares are read by others: not the umask of
# journals.
umask 022

cp "$W" werklab.jsonl

# --- the report as a file, its charts beside it ------------------------------

run wl-report -o advies.md --date 2026-11-12
is "$rc" 0 "wl-report -o advies.md exits 0"
is "$out" "" "  and prints no report"
ls advies-charts >charts.ls
is "$(wc -l <charts.ls | tr -d ' ')" 3 "  three charts in advies-charts/"
is "$(grep -c '^!\[[^]]*\](<advies-charts/[0-9a-f]*-[a-z]*\.svg>)&#8203;$' advies.md)" 3 \
    "  each linked as an image with alternative text, not alone in its paragraph"
like "$(cat advies.md)" '!\[Advies per perspectief\]\(<advies-charts/' \
    "  the alternative text is the chart's title"
like "$(cat advies-charts/*-perspective.svg)" '>Advies per perspectief</text>' \
    "  which the chart draws too"
is "$(grep -c 'pie title\|mermaid' advies.md)" 0 "  no chart code"
for f in advies-charts/*.svg; do
	xmllint --noout "$f" 2>>xml.err || echo "$f" >>xml.bad
done
is "$(cat xml.bad 2>/dev/null)" "" "  each chart is well-formed XML"
like "$(head -2 advies-charts/*-advice.svg)" \
    '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="640"' \
    "  SVG 1.1 of a fixed width"
like "$(cat advies-charts/*-advice.svg)" '>nog open</text>' \
    "  with its bars' labels as text"
is "$(ls -a | grep -c '^advies\.md\.')" 0 "  no temporary file left behind"
cp advies.md first.md
cp -r advies-charts first-charts
echo "an older report" >advies.md
run wl-report -o advies.md --date 2026-11-12
same advies.md first.md "an existing file is replaced: the same report"
is "$(cat advies-charts/* | cksum)" "$(cat first-charts/* | cksum)" \
    "  the same charts: the same bytes"
run wl-report --charts svg --chart-dir advies-charts --date 2026-11-12
same "$T/.out" first.md "-o FILE is --charts svg with the folder beside it"
like "$(head -8 advies.md)" "date: '12 november 2026'" "--date dates the report"

run wl-report -o concept.md --draft
like "$(head -3 concept.md)" "title: 'Werklab gemeente Súdwest-Fryslân \\(concept\\)'" \
    "--draft: a concept in the title of the front matter"
is "$(grep -c '^# ' concept.md)" 0 \
    "  and no heading of its own to say the title again"
run wl-report --draft --no-front-matter --charts none
is "$(printf '%s\n' "$out" | head -n 3 | tr '\n' '|')" \
    "# Werklab gemeente Súdwest-Fryslân (concept)||- Datum: 8 oktober 2026|" \
    "--no-front-matter: the title as the report's heading, no front matter"
like "$(head -8 concept.md)" "date: '14 juni 2026'" \
    "  dated today (WL_NOW) without --date"

# --- Word, then PDF ----------------------------------------------------------

REF=$WL_DATADIR/pandoc/reference.docx
pandoc advies.md --reference-doc="$REF" -o advies.docx 2>pandoc.err
ok $? "pandoc advies.md --reference-doc=.../reference.docx -o advies.docx"
is "$(cat pandoc.err)" "" "  without a warning (the charts converted)"
unzip -p advies.docx docProps/core.xml >core.xml
like "$(cat core.xml)" '<dc:title>Werklab gemeente Súdwest-Fryslân</dc:title>' \
    "the Word file's properties have the title"
like "$(cat core.xml)" '<dc:language>nl-NL</dc:language>' \
    "  and the language"
like "$(unzip -p advies.docx word/styles.xml)" 'w:val="nl-NL"' \
    "  its text is Dutch (nl-NL), not en-US"
is "$(unzip -l advies.docx | grep -c 'word/media/.*\.png')" 3 \
    "  the charts are in it, as pictures any word processor shows"
unzip -p advies.docx word/document.xml >document.xml
is "$(grep -o '<w:pStyle w:val="Title" */>' document.xml | wc -l | tr -d ' ')" 1 \
    "  one title"
is "$(grep -c 'Heading1' document.xml)" 0 "  and no level-1 heading repeating it"
is "$(grep -c 'ImageCaption\|CaptionedFigure' document.xml)" 0 \
    "  no chart captioned with its title again"
for t in 'Advies per perspectief' 'Opvolging van het advies' 'Stand van de afspraken'; do
	grep -o "descr=\"$t\"" document.xml
done >descr
is "$(wc -l <descr | tr -d ' ')" 3 "  each chart's title its alternative text"
like "$(cat document.xml)" '<w:pgSz w:h="16838" w:w="11906" */>' "  an A4 page"

libreoffice --headless --convert-to pdf advies.docx >lo.out 2>&1
ok $? "libreoffice --headless --convert-to pdf advies.docx"
pdftotext advies.pdf advies.txt
ok $? "  gives a PDF that pdftotext reads"
like "$(cat advies.txt)" 'Werklab gemeente Súdwest-Fryslân' "  with the report"
is "$(grep -c 'pie title\|xychart\|mermaid\|```' advies.txt)" 0 \
    "  and no chart code"
# The agreements table's columns are wide enough for their words:
# pdftotext would give a word broken across lines as two pieces.
for w in '(leidinggevende)' vervallen 'november' 'december' 'nog open'; do
	grep -q -- "$w" advies.txt || echo "$w"
done >broken
is "$(cat broken)" "" "  no word of the agreements table broken in two"
pdfimages -list advies.pdf | tail -n +3 >images
is "$(wc -l <images | tr -d ' ')" 3 "pdfimages finds the three charts"
is "$(awk '$4 != 640' images)" "" \
    "  pictures 640 pixels wide: LibreOffice shows pandoc's PNG of the SVG"
like "$(pdfinfo advies.pdf)" 'Title: *Werklab gemeente Súdwest-Fryslân' \
    "the PDF has the title"
is "$(grep -c 'Werklab gemeente Súdwest-Fryslân' advies.txt)" 1 \
    "  shown once"
is "$(grep -c 'Advies per perspectief\|Opvolging van het advies\|Stand van de afspraken' advies.txt)" 0 \
    "  each chart's title once, drawn in its picture: no caption beneath"
like "$(pdfinfo advies.pdf)" 'Page size: *595.* x 841.* pts \(A4\)' \
    "  on A4 paper"
is "$(grep -ac '/Lang *(nl-NL)' advies.pdf)" 1 "  and the language nl-NL"
page=$(grep -n 'In cijfers' advies.txt >/dev/null &&
    pdftotext -layout advies.pdf - | awk '/\f/ { p++ } /In cijfers/ { print p + 1; exit }')
pdftoppm -r 60 -png -f "$page" -l "$page" advies.pdf page
ok $? "pdftoppm renders the charts' page ($page) to look at"

# --- plain pandoc: the title once too ----------------------------------------

pandoc advies.md -o plain.docx 2>/dev/null
ok $? "pandoc advies.md -o plain.docx (no reference document)"
unzip -p plain.docx word/document.xml >plain.xml
is "$(grep -o '<w:pStyle w:val="Title" */>' plain.xml | wc -l | tr -d ' '):$(grep -c 'Heading1' plain.xml)" \
    "1:0" "  one title, no level-1 heading"
is "$(unzip -l plain.docx | grep -c 'word/media/.*\.png')" 3 "  the charts as pictures"

# --- a folder with spaces, parentheses and accents ---------------------------

mkdir "Mijn documenten"
cp werklab.jsonl "Mijn documenten/"
cd "Mijn documenten"
run wl-report -f werklab.jsonl -o "advies (juni) é.md" --date 2026-11-12
is "$rc" 0 "wl-report -o 'advies (juni) é.md' in a folder with a space"
ls "advies-(juni)-é-charts" >spaced.ls 2>&1
is "$(wc -l <spaced.ls | tr -d ' ')" 3 \
    "  the charts in 'advies-(juni)-é-charts': a space in the name made -"
pandoc "advies (juni) é.md" --reference-doc="$REF" -o spaced.docx 2>spaced.err
ok $? "  pandoc makes the Word file"
is "$(cat spaced.err)" "" "  without a warning"
is "$(unzip -l spaced.docx | grep -c 'word/media/.*\.png')" 3 \
    "  with the three charts as pictures"
libreoffice --headless --convert-to pdf spaced.docx >lo.out 2>&1
is "$(pdfimages -list spaced.pdf | tail -n +3 | wc -l | tr -d ' ')" 3 \
    "  and in the PDF"
run wl-report -f werklab.jsonl --charts svg --chart-dir "grafieken (v2) é" -o met-map.md
is "$(grep -c '](<grafieken (v2) é/[0-9a-f]*-[a-z]*\.svg>)' met-map.md)" 3 \
    "--chart-dir with a space: linked as the folder is called"
is "$(printf "%s\n" "$err" | head -n 1)" "wl-report: warning: pandoc leaves the charts out of a PDF made through Word when their folder's name has a space ('grafieken (v2) é'); choose a name without one" \
    "  and a warning says what pandoc will do with it"
is "$rc" 0 "  the report is written all the same"
cmark-gfm met-map.md 2>/dev/null | grep -o '<img src="[^"]*"' |
    sed 's/<img src="//; s/"$//' >srcs
is "$(wc -l <srcs | tr -d ' ')" 3 "  cmark-gfm shows the three as images"
while read -r src; do
	f=$(printf '%s' "$src" | sed 's/%20/ /g; s/%28/(/g; s/%29/)/g;
	    s/%C3%A9/é/g')
	[ -f "$f" ] || echo "$src"
done <srcs >gone
is "$(cat gone)" "" "  and a web page finds each one"
pandoc -f commonmark_x+yaml_metadata_block met-map.md -o met-map.docx 2>/dev/null
is "$(unzip -l met-map.docx | grep -c 'word/media/.*\.png')" 3 \
    "  and pandoc's commonmark_x reader puts in Word as pictures (see CAVEATS)"
cd ..

# --- English --------------------------------------------------------------

wl-report -o report.md --lang en 2>/dev/null &&
    pandoc report.md -o report.docx 2>/dev/null
ok $? "the recipe in English"
like "$(unzip -p report.docx word/styles.xml)" 'w:val="en-GB"' \
    "  a British English document"
like "$(unzip -p report.docx docProps/core.xml)" \
    '<dc:title>Werklab, municipality of Súdwest-Fryslân</dc:title>' \
    "  with its English title"

# --- a web page ------------------------------------------------------------

pandoc -s advies.md -o advies.html 2>html.err
ok $? "pandoc -s advies.md -o advies.html"
like "$(cat advies.html)" '<html [^>]*lang="nl-NL"' "  a Dutch page"
like "$(cat advies.html)" '<title>Werklab gemeente Súdwest-Fryslân</title>' \
    "  with the title"
grep -o '<img src="[^"]*"' advies.html | sed 's/<img src="//; s/"$//' >srcs
is "$(grep -c '^advies-charts/[0-9a-f]*-[a-z]*\.svg$' srcs)" 3 \
    "  the three charts as <img src=...svg>"
is "$(grep -c '<figcaption' advies.html)" 0 "  none captioned again"
is "$(grep -c '<h1' advies.html)" 1 "  one level-1 heading: the title"
for f in $(cat srcs); do [ -f "$f" ] || echo "$f"; done >gone
is "$(cat gone)" "" "  each one there"

# --- front matter that no text can break --------------------------------------

rm -f werklab.jsonl
wl-session new -m "x' : \"y\" *b* [l](javascript:alert(1)) {.c}
evil: 1 \\\\ # z" -d 2026-11-12 >/dev/null 2>session.err
ok $? "a session with quotes, a colon, a newline and Markdown in its municipality"
run wl-report -o evil.md
is "$rc" 0 "  reported"
cat >meta.tpl <<'EOF'
title=$title$
subtitle=$subtitle$
evil=$evil$
lang=$lang$
EOF
pandoc -f markdown-smart --wrap=none -s --template=meta.tpl -t plain evil.md >meta.txt 2>meta.err
ok $? "pandoc reads its front matter"
is "$(cat meta.txt)" "title=Werklab gemeente x' : \"y\" *b* [l](javascript:alert(1)) {.c} evil: 1 \\\\ # z
subtitle=Gemeente x' : \"y\" *b* [l](javascript:alert(1)) {.c} evil: 1 \\\\ # z
evil=
lang=nl-NL" "  as the text itself: no key, markup or link from it"

done_testing
