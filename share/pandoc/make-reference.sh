#!/bin/sh
# make-reference.sh - make share/pandoc/reference.docx, the reference
# document of the README's Word recipe, from pandoc's own default:
#
#   pandoc advies.md --reference-doc=PREFIX/share/wl/pandoc/reference.docx \
#       -o advies.docx
#
# pandoc's default reference document has no page setup, so Word and
# LibreOffice give its documents US Letter; a Dutch municipality prints
# on A4.  This one differs from pandoc's in two places only:
#   word/document.xml  a section of A4 paper (11906 x 16838 twentieths of
#                      a point) with margins of 2.5 cm (1417), which pandoc
#                      copies into every document made with it;
#   word/styles.xml    the styles' language nl-NL instead of en-US (a
#                      report's own "lang", nl-NL or en-GB, still wins).
# The styles are otherwise pandoc's, so the report looks as pandoc makes
# it.  The zip is made with fixed dates, in pandoc's order: the same
# pandoc gives the same bytes.
#
# Usage: sh share/pandoc/make-reference.sh [OUT]  (needs pandoc, unzip, zip)
set -eu
out=${1:-$(dirname "$0")/reference.docx}
case $out in /*) ;; *) out=$PWD/$out ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wl-ref.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pandoc -o "$tmp/default.docx" --print-default-data-file reference.docx
mkdir "$tmp/x"
(cd "$tmp/x" && unzip -q ../default.docx)
sect='<w:sectPr><w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0" /></w:sectPr>'
# pandoc's has an empty section (<w:sectPr />), or none.
if grep -q '<w:sectPr */>' "$tmp/x/word/document.xml"; then
	sed "s|<w:sectPr */>|$sect|" "$tmp/x/word/document.xml" >"$tmp/doc.xml"
else
	sed "s|</w:body>|$sect</w:body>|" "$tmp/x/word/document.xml" >"$tmp/doc.xml"
fi
[ "$(grep -o '<w:sectPr' "$tmp/doc.xml" | wc -l)" -eq 1 ]
grep -q 'w:w="11906"' "$tmp/doc.xml"
mv "$tmp/doc.xml" "$tmp/x/word/document.xml"
sed 's|<w:lang w:val="en-US"|<w:lang w:val="nl-NL"|' "$tmp/x/word/styles.xml" >"$tmp/styles.xml"
grep -q 'w:val="nl-NL"' "$tmp/styles.xml"
mv "$tmp/styles.xml" "$tmp/x/word/styles.xml"
files=$(unzip -Z1 "$tmp/default.docx")
cd "$tmp/x"
TZ=UTC find . -exec touch -t 202601010000 {} +
rm -f "$out"
# shellcheck disable=SC2086
TZ=UTC zip -q -X -D "$out" $files
