#!/bin/sh
# Each program's --help against the SYNOPSIS of its manual page: the
# same verbs and flags, and the same words in the same order once layout
# (line breaks, indentation, "usage:", "TEXT ..." for "TEXT...") is set
# aside.  The lines after the synopsis in --help (kinds, perspectives...)
# are not part of it.
. "$(dirname "$0")/lib.sh"

: "${WL_SRC:=$WL_DATADIR/..}"

if ! command -v mandoc >/dev/null 2>&1; then
	echo "1..0 # SKIP no mandoc to render the manual pages"
	exit 0
fi

# words: the synopsis on stdin as one word a line, layout set aside
words() {
	sed 's/ \.\.\./.../g; s/^usage://' | tr -s ' \t' '\n\n' | sed '/^$/d'
}
# flags_verbs PROG: the verbs (PROG's next word) and flags of words on
# stdin, sorted, one a line
flags_verbs() {
	awk -v prog="$1" '
	prev == prog && $0 ~ /^[a-z]+$/ { print "verb " $0 }
	{ prev = $0 }
	{
		n = split($0, part, /[][|.]+/)
		for (i = 1; i <= n; i++)
			if (part[i] ~ /^--?[A-Za-z][-A-Za-z]*$/)
				print "flag " part[i]
	}' | sort -u
}

for prog in wl-session wl-note wl-advice wl-report; do
	page=$WL_SRC/man/$prog.1
	"$WL_BIN/$prog" --help 2>&1 | awk '
		/^usage:/ || /^common options:/ || /^[ \t]/ { print; next }
		{ exit }' | words >"$T/help.$prog"
	mandoc -T ascii -O width=78 "$page" 2>/dev/null | col -b | awk '
		/^SYNOPSIS/ { on = 1; next }
		/^[A-Z]/ { on = 0 }
		on' | words >"$T/man.$prog"
	ok "$([ -s "$T/help.$prog" ] && [ -s "$T/man.$prog" ]; echo $?)" \
	    "$prog: --help and man/$prog.1 both have a synopsis"
	flags_verbs "$prog" <"$T/help.$prog" >"$T/hfv"
	flags_verbs "$prog" <"$T/man.$prog" >"$T/mfv"
	n=$((n + 1))
	if cmp -s "$T/hfv" "$T/mfv"; then
		echo "ok $n - $prog: the same verbs and flags in --help and SYNOPSIS"
	else
		echo "not ok $n - $prog: the same verbs and flags in --help and SYNOPSIS"
		diff "$T/hfv" "$T/mfv" | sed -n 's/^</#   only in --help:/p; s/^>/#   only in the page:/p'
		failed=$((failed + 1))
	fi
	n=$((n + 1))
	if cmp -s "$T/help.$prog" "$T/man.$prog"; then
		echo "ok $n - $prog: --help is the SYNOPSIS, word for word"
	else
		echo "not ok $n - $prog: --help is the SYNOPSIS, word for word"
		diff -U1 "$T/help.$prog" "$T/man.$prog" | sed '1,2d; s/^/#   /' |
		    head -n 30
		failed=$((failed + 1))
	fi
done

done_testing
