#!/bin/sh
# make install / make uninstall: into a PREFIX, then staged with
# DESTDIR.  It installs the binaries already built in $WL_BIN (OUT=,
# with "-o all": nothing is rebuilt), and the installed binaries find
# their data under the prefix, with WL_DATADIR unset and the source tree
# out of reach.
. "$(dirname "$0")/lib.sh"

: "${WL_SRC:=$WL_DATADIR/..}"
unset MAKEFLAGS MFLAGS MAKELEVEL

# mk ARGS...: make in the source tree, output in $T/make.log
mk() {
	make -C "$WL_SRC" -o all "$@" OUT="$WL_BIN" >"$T/make.log" 2>&1
	mk_rc=$?
	[ "$mk_rc" -eq 0 ] || sed 's/^/#   /' "$T/make.log" | tail -n 20
	return "$mk_rc"
}
# files DIR: what is under DIR (files and links), sorted, DIR left out
files() { (cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./|/|' | sort); }

# --- (a) PREFIX ---------------------------------------------------------------

P=$T/prefix
mk install PREFIX="$P" DESTDIR=
is "$mk_rc" 0 "make install PREFIX=\$tmp/prefix"
for b in wl-session wl-note wl-advice wl-report; do
	same "$P/bin/$b" "$WL_BIN/$b" "$b: the binary that was built, as it is"
done

# From here on the installed tree only: WL_DATADIR unset, PATH without
# $WL_BIN, the working directory far from the source tree.
mkdir "$T/elsewhere"
cd "$T/elsewhere" || exit 1
inst() { env -u WL_DATADIR PATH="$P/bin:/usr/bin:/bin" "$@"; }

run inst wl-session new -m Roermond -d 2026-06-14 -p 1
is "$rc:$err" 0: "installed wl-session new works in a new directory"
like "$(cat werklab.jsonl)" \
    '"blocks":\[\{"n":1,"title":"Kennismaking en verwachtingen"\}' \
    "with the block titles of the installed templates/blocks"
ex=$P/share/wl/examples/roermond.jsonl
run inst wl-report -f "$ex"
is "$rc:$err" 0: "installed wl-report reads the installed example"
like "$out" "^title: 'Werklab gemeente Roermond'" "a Dutch report"
like "$out" '^- Datum: 14 juni 2026$' "with Dutch month names"
WL_DATADIR=$WL_SRC/share "$WL_BIN/wl-report" -f "$ex" >"$T/src.md" 2>/dev/null
same "$T/.out" "$T/src.md" "the same report as from the source tree"
run inst wl-report --lang en -f "$ex"
like "$out" '^- Date: 14 June 2026$' "--lang en: the installed English file"

# Proof that the installed share/wl is what they read: change a label
# there (and only there), and the report follows.
sed 's/^title = .*/title = Geinstalleerd werklab {municipality}/' \
    "$P/share/wl/lang/nl" >"$T/nl" && cat "$T/nl" >"$P/share/wl/lang/nl"
run inst wl-report -f "$ex"
like "$out" "^title: 'Geinstalleerd werklab Roermond'\$" \
    "a label changed in PREFIX/share/wl/lang/nl shows in the report"
# ...and the tree can be moved: they look beside themselves first
mv "$P" "$T/moved"
run env -u WL_DATADIR "$T/moved/bin/wl-report" -f "$T/moved/share/wl/examples/roermond.jsonl"
like "$rc:$(printf '%s\n' "$out" | grep -m1 '^title: ')" \
    "^0:title: 'Geinstalleerd werklab Roermond'" "a moved prefix still finds its data"
mv "$T/moved" "$P"
# without it, they say where they looked for it
mv "$P/share/wl" "$P/share/wl.away"
run inst wl-session new -f new2.jsonl -m Venlo -d 2026-09-01
is "$rc" 2 "no installed data: wl-session new fails"
like "$err" "cannot open wl's data" "and says why"
mv "$P/share/wl.away" "$P/share/wl"
cd "$T" || exit 1

mk uninstall PREFIX="$P" DESTDIR=
is "$mk_rc" 0 "make uninstall PREFIX=\$tmp/prefix"
is "$(files "$P")" "" "leaves no file behind"

# --- (b) DESTDIR staging --------------------------------------------------------

S=$T/stage
mk install DESTDIR="$S" PREFIX=/usr
is "$mk_rc" 0 "make install DESTDIR=\$tmp/stage PREFIX=/usr"
{
	printf '%s\n' /usr/bin/wl-advice /usr/bin/wl-note /usr/bin/wl-report \
	    /usr/bin/wl-session \
	    /usr/share/bash-completion/completions/wl-advice \
	    /usr/share/bash-completion/completions/wl-note \
	    /usr/share/bash-completion/completions/wl-report \
	    /usr/share/bash-completion/completions/wl-session \
	    /usr/share/man/man1/wl-advice.1 /usr/share/man/man1/wl-note.1 \
	    /usr/share/man/man1/wl-report.1 /usr/share/man/man1/wl-session.1 \
	    /usr/share/man/man5/wl-journal.5 /usr/share/man/man7/wl.7 \
	    /usr/share/wl/git/wl-textconv /usr/share/wl/gitattributes \
	    /usr/share/wl/pandoc/reference.docx \
	    /usr/share/zsh/site-functions/_wl
	(cd "$WL_SRC/share" && find lang stopwords templates examples -type f |
	    sed 's|^|/usr/share/wl/|')
} | sort >"$T/want"
files "$S" >"$T/got"
same "$T/got" "$T/want" "the staged files, exactly"
like "$(sed -n '/examples/p' "$T/want" | tr '\n' ' ')" 'roermond.jsonl.*roermond.sh' \
    "share/examples among them"

# modes: programs 0755, the rest 0644; the bash file is linked under
# each program's name
(cd "$S" && find . -type f -printf '%m %P\n' | sort -k2) >"$T/got"
(cd "$S" && find . -type f -printf '%P\n' | sort) | while read -r f; do
	case $f in
	usr/bin/* | usr/share/wl/git/wl-textconv) echo "755 $f" ;;
	*) echo "644 $f" ;;
	esac
done >"$T/want"
same "$T/got" "$T/want" "modes: 0755 programs and wl-textconv, 0644 the rest"
c=$S/usr/share/bash-completion/completions
is "$(readlink "$c/wl-note") $(readlink "$c/wl-advice") $(readlink "$c/wl-report")" \
    "wl-session wl-session wl-session" \
    "bash completions: wl-note, wl-advice, wl-report link to wl-session"
same "$c/wl-session" "$WL_SRC/share/completion/wl.bash" "which is wl.bash"

for m in "$S"/usr/share/man/man*/*; do
	out=$(mandoc -T lint -W warning "$m" 2>&1)
	is "$out" "" "mandoc -T lint: ${m#"$S"}"
done
if command -v man >/dev/null 2>&1; then
	for m in "$S"/usr/share/man/man*/*; do
		out=$(MANPAGER=cat MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$m" 2>&1 |
		    grep -c '^NAME$')
		is "$out" 1 "man -l: ${m#"$S"}"
	done
else
	skip 6 "no man(1)"
fi

version=$("$WL_BIN/wl-note" --version | sed 's/^wl-note //')
for b in wl-session wl-note wl-advice wl-report; do
	run env -u WL_DATADIR "$S/usr/bin/$b" --version
	is "$rc:$out" "0:$b $version" "staged $b --version"
done

cat >"$T/drive.bash" <<'EOF'
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
_wl
echo "${COMPREPLY[*]}"
EOF
is "$(bash "$T/drive.bash" "$c/wl-note" wl-note add -k '' 2>&1)" \
    "expectation question observation do dont idea quote" \
    "the staged bash completion: wl-note add -k <TAB>"

# --- (c) uninstall -------------------------------------------------------------

mk uninstall DESTDIR="$S" PREFIX=/usr
is "$mk_rc" 0 "make uninstall DESTDIR=\$tmp/stage PREFIX=/usr"
is "$(files "$S")" "" "leaves no file behind"
ok "$([ ! -e "$S/usr/share/wl" ]; echo $?)" "nor share/wl"

done_testing
