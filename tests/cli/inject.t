#!/bin/sh
# Injection through the readers a facilitator pipes the report into:
# user text (notes of every kind, advice, endorsement reasons,
# agreements, names, orgs, tags, municipality, titles) carrying the
# syntax of pandoc's extensions and of HTML goes through wl-report md
# and then pandoc -f commonmark_x, -f gfm, -f markdown (and markdown
# with emoji on) to HTML, and through cmark-gfm with all its
# extensions.  No element, attribute or URL may come from the text,
# and each text must still read as itself (so the check cannot pass
# on a report that left the text out).
. "$(dirname "$0")/lib.sh"

# The payloads, one a line; each goes into several fields.
cat >texts <<'EOF'
een notitie{onmouseover=alert(1)}
blij :smile: en :+1: om 10:30
x `<b>`{=html} en {=html}
noot [^1] en ^[inline noot]
zie [@doe99] en @doe99
<img src=x onerror=alert(1)>
[x](javascript:alert(1)) en ![i](http://evil.example/i.png)
<script>alert(1)</script>
[tekst]{.klasse onclick=alert(1)}
{#id .klasse onmouseover=alert(1)}
x^2^ en H~2~O en $x$ en ==mark==
https://evil.example/x en www.evil.example en info@evil.example
EOF

s=$(wl-session new -m "Stad{onmouseover=alert(1)} :smile:" -d 2026-06-14 \
    --title "Titel [^1] {onmouseover=alert(1)}" </dev/null)
[ -n "$s" ]
ok $? "a session with a hostile municipality and title"
i=0
while IFS= read -r t; do
	i=$((i + 1))
	p=$(wl-session join -r initiator -n "Naam $i $t" --org "$t" --consent </dev/null)
	wl-note add -k expectation -b 1 -t "$t" --by "$p" -- "$t" >/dev/null </dev/null
	wl-note add -k do -b 2 -- "$t" >/dev/null </dev/null
	wl-note add -k dont -b 2 -- "$t" >/dev/null </dev/null
	wl-note add -k quote -b 2 --by "$p" -- "$t" >/dev/null </dev/null
	a=$(wl-advice add -p organisation -t "$t" -- "$t" </dev/null)
	wl-advice endorse "$a" --by "$p" --stance reservations --reason "$t" >/dev/null </dev/null
	wl-advice agree --owner-text "$t" --advice "$a" -- "$t" >/dev/null </dev/null
done <texts
is "$(wl-note list -o tsv | grep -c .)" "$((4 * i + 1))" \
    "every payload written as notes of four kinds"

run wl-report
is "$rc:$err" "0:" "wl-report: exit 0, no message"
cp "$T/.out" report.md
run wl-report --lang en --charts mermaid
cp "$T/.out" report-en.md

# The tags and attributes a renderer makes of our own Markdown; any
# other comes from user text.
ours='^</?(h[1-6]|p|ul|ol|li|table|thead|tbody|tr|th|td|blockquote|pre|code|em|strong|hr|colgroup|col|div)( (id="[^"<>&:/]*"|class="(header|odd|even|mermaid|language-mermaid|sourceCode)"|style="(text-align: (left|right|center);|width: [0-9.]+%)"|start="[0-9]+"|type="1"|align="(left|right|center)"))* ?/?>$'
foreign() {	# the tags of HTML file $1 that are not ours
	grep -o '<[^>]*>' "$1" | grep -Ev "$ours"
}
# The text of the HTML, entities decoded, word joiners dropped.
text_of() {
	sed -e 's/<[^>]*>/\n/g' "$1" | sed -e 's/&lt;/</g' -e 's/&gt;/>/g' \
	    -e 's/&quot;/"/g' -e "s/&#39;/'/g" -e 's/&amp;/\&/g' \
	    -e 's/\xe2\x81\xa0//g'
}
# Payloads that do not read as themselves somewhere in the HTML.
unread() {
	text_of "$1" >"$1.txt"
	while IFS= read -r t; do
		grep -qF -- "$t" "$1.txt" || printf '%s\n' "$t"
	done <texts
}
check() {	# check NAME HTML
	is "$(foreign "$2")" "" "$1: no element or attribute from user text"
	is "$(grep -o '<[^>]*>' "$2" | grep -Eic 'on[a-z]+=|href=|src=|emoji|footnote|citation|data-cites')" 0 \
	    "$1: no event handler, link, image, emoji, footnote or citation"
	is "$(unread "$2")" "" "$1: each payload reads as itself"
}

for md in report.md report-en.md; do
	if command -v pandoc >/dev/null 2>&1; then
		for from in commonmark_x gfm markdown markdown+emoji; do
			pandoc -f "$from" -t html --wrap=none "$md" >"$md.$from.html"
			ok $? "pandoc -f $from renders $md"
			check "$md, pandoc -f $from" "$md.$from.html"
		done
	else
		skip 16 "pandoc not installed"
	fi
	if command -v cmark-gfm >/dev/null 2>&1; then
		cmark-gfm --unsafe -e footnotes -e table -e strikethrough \
		    -e autolink -e tagfilter -e tasklist "$md" >"$md.cmark.html"
		ok $? "cmark-gfm with its extensions renders $md"
		check "$md, cmark-gfm" "$md.cmark.html"
	else
		skip 4 "cmark-gfm not installed"
	fi
done

# The checks can fail: the same payload as raw Markdown is caught.
if command -v pandoc >/dev/null 2>&1; then
	printf '%s\n\n' "$(sed -n 1p texts)" "$(sed -n 2p texts)" >raw.md
	pandoc -f commonmark_x -t html raw.md >raw.html
	[ -n "$(foreign raw.html)" ]
	ok $? "control: unescaped, commonmark_x makes an attribute and an emoji of them"
fi

done_testing
