#!/bin/sh
# The rewrites -- 'wl-session redact' and 'wl-report check --repair' --
# rewrite the journal's file, whatever name it is reached by, and leave
# nothing of the old one behind: through a symbolic link the file it
# names (in its own directory), the link kept; a second hard link
# refused, or with --force the file overwritten in place, so that every
# name holds the new bytes; owner, group and mode kept, and someone
# else's journal refused before anything is written; no temporary file
# on any failure (fault injection of write, fsync, rename, fchmod and
# fchown).  And every writer says, once, when the journal can be read
# by its group or by others, with the chmod that mends it; readers
# say nothing.
. "$(dirname "$0")/lib.sh"

ERASED='Harrie|Bemelmans|Kapelhof|Eindelijk luistert'
# The journals live in w/, apart from the test's own files in $T.
mkdir w && cd w || exit 1
hex='^[0-9a-f]{16}$'

# werklab FILE: a new journal at FILE in which Harrie Bemelmans of
# Kapelhof speaks and endorses; $s the session, $h Harrie.
werklab() {
	s=$(wl-session new -f "$1" -m Roermond -d 2026-06-14)
	h=$(wl-session join -f "$1" -r initiator -n 'Harrie Bemelmans' \
	    --org 'Buurtmoestuin Kapelhof' --consent)
	wl-session join -f "$1" -r civil-servant -n 'Ruud Peeters' \
	    --consent >/dev/null
	wl-note add -f "$1" -k quote --by "$h" \
	    'Eindelijk luistert de gemeente' >/dev/null
	a=$(wl-advice add -f "$1" -p organisation 'Eén vast aanspreekpunt')
	wl-advice endorse -f "$1" "$a" --by "$h" \
	    --reason 'Kapelhof wacht al een jaar' >/dev/null
}

# clean DIR DESC: grep -r finds nothing of Harrie in DIR.
clean() {
	if grep -rEq "$ERASED" "$1"; then
		ok 1 "$2"
		grep -rE "$ERASED" "$1" | sed 's/^/#   /'
	else
		ok 0 "$2"
	fi
}

# no_temp DIR DESC: no temporary file of a rewrite in DIR.
no_temp() {
	is "$(find "$1" -name '*.new-*' | wc -l | tr -d ' ')" 0 "$2"
}

# owner FILE: its owner, group and mode.
owner() { stat -c '%u:%g:%a' "$1"; }

# snap DIR...: every file under DIR, with its bytes' sum and owner,
# group and mode, to tell "as it was" from anything else.
snap() {
	find "$@" -printf '%p %y %U:%G:%m %l\n' | sort
	find "$@" -type f -exec cksum {} + | sort
}

# --- through a symbolic link ----------------------------------------------

mkdir -p data work
werklab data/roermond.jsonl
ln -s ../data/roermond.jsonl work/werklab.jsonl
chown nobody:nogroup data/roermond.jsonl 2>/dev/null
chmod 640 data/roermond.jsonl
o=$(owner data/roermond.jsonl)
cd work
run wl-session redact 'Harrie Bemelmans' --reason verzoek --yes
cd ..
is "$rc" 0 "redact through a symbolic link: exit 0"
like "$out" "$hex" "  prints the redaction's id"
is "$err" "wl-session: werklab.jsonl can be read by its group (mode 0640); it holds personal data: chmod 600 werklab.jsonl" \
    "  and says only that its group can read it"
ok "$([ -L work/werklab.jsonl ]; echo $?)" "  the link stays a link"
is "$(readlink work/werklab.jsonl)" ../data/roermond.jsonl "  to the same file"
clean data "  the file it names holds nothing of the person (grep -r)"
clean work "  nor does the link's directory"
no_temp . "  no temporary file in either directory"
is "$(owner data/roermond.jsonl)" "$o" "  owner, group and mode as they were ($o)"
run wl-session people -f work/werklab.jsonl -s "$s" -o tsv
like "$out" "$h	initiator	\[verwijderd\]	\[verwijderd\]	no" \
    "  readers through the link see the redaction"
run wl-report check data/roermond.jsonl
is "$rc:$err" "0:" "  and the journal checks clean"

# the same through a link in the same directory, from the other one
cd work
mkdir ../data2
werklab ../data2/j.jsonl
rm werklab.jsonl
ln -s ../data2/j.jsonl werklab.jsonl
chmod 600 ../data2/j.jsonl
run wl-session redact "$h" --yes
cd ..
is "$rc:$err" "0:" "a private journal: redact says nothing on stderr"
clean data2 "  and erases in the linked file"
no_temp . "  no temporary file"

# what a killed rewrite and a torn line leave lies beside the file the
# link names, where the next redact looks for it
mkdir data4
werklab data4/j.jsonl
rm -f work/werklab.jsonl
ln -s ../data4/j.jsonl work/werklab.jsonl
cp data4/j.jsonl data4/j.jsonl.new-AbC123
printf '{"id":"c0ffee' >>data4/j.jsonl
run wl-note add -f work/werklab.jsonl -k do 'Na de crash'
like "$err" "moved to work/\.\./data4/j\.jsonl\.torn-" "a torn line through a link: saved beside the file it names"
(cd work && wl-session redact "$h" --yes) >/dev/null 2>"$T/err"
is "$(sed 's/^wl-session: //' "$T/err" | cut -d: -f1,2 | sort | tr '\n' '|')" \
    "../data4/j.jsonl.new-AbC123: warning|../data4/j.jsonl.torn-20260614T093000Z: warning|" \
    "  redact through the link removes a killed rewrite's file there, and names the torn one"
ok "$([ ! -e data4/j.jsonl.new-AbC123 ]; echo $?)" "  which is gone"
rm -f data4/j.jsonl.torn-*
clean data4 "  and the file holds nothing of the person"

# a link to a link: absolute, then relative to its own directory
mkdir data3
werklab data3/j.jsonl
ln -s j.jsonl data3/hop.jsonl
ln -sf "$PWD/data3/hop.jsonl" work/werklab.jsonl
(cd work && wl-session redact "$h" --yes >/dev/null 2>&1)
is "$?:$(readlink work/werklab.jsonl):$(readlink data3/hop.jsonl)" \
    "0:$PWD/data3/hop.jsonl:j.jsonl" "a chain of two links: both stay"
clean data3 "  and the file at its end is erased"
no_temp . "  no temporary file"

# --- root keeps the owner of someone else's journal ------------------------

rm -rf data data2 data3 data4 work
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	werklab werklab.jsonl
	chown nobody werklab.jsonl
	chgrp "$(id -g nobody)" werklab.jsonl
	o=$(owner werklab.jsonl)
	ino=$(stat -c %i werklab.jsonl)
	run wl-session redact 'Harrie Bemelmans' --yes
	is "$rc:$err" "0:" "root redacts nobody's journal: exit 0"
	ok "$([ "$(stat -c %i werklab.jsonl)" != "$ino" ]; echo $?)" \
	    "  a new file, renamed over it"
	is "$(owner werklab.jsonl)" "$o" "  owned by nobody still, group and mode kept ($o)"
	clean . "  nothing of the person left"
	sed -n 2p werklab.jsonl >>werklab.jsonl
	run wl-report check --repair
	is "$rc:$(owner werklab.jsonl)" "0:$o" "  check --repair keeps them too"
	rm -f werklab.jsonl
else
	skip 5 "not root"
fi

# --- hard links --------------------------------------------------------------

mkdir data other
werklab werklab.jsonl
ln werklab.jsonl data/kopie.jsonl
snap . >"$T/before"
refuses "redact of a journal with 2 hard links" \
    wl-session redact 'Harrie Bemelmans' --yes
is "$err" "wl-session: werklab.jsonl has 2 hard links: a rewrite would leave the old contents under the other name; remove the other link, or give --force" \
    "  with the reason and the way out"
snap . >"$T/after"
same "$T/after" "$T/before" "  every file of the directory as it was"

ln werklab.jsonl other/third.jsonl
run wl-session redact 'Harrie Bemelmans' --yes
is "$err" "wl-session: werklab.jsonl has 3 hard links: a rewrite would leave the old contents under the other names; remove the other links, or give --force" \
    "3 hard links: the other names"

# asked on a terminal: refused before the question
if command -v script >/dev/null 2>&1; then
	script -qec "wl-session redact 'Harrie Bemelmans'" /dev/null \
	    </dev/null >"$T/tty" 2>&1
	! grep -q 'redact?' "$T/tty" && grep -q 'has 3 hard links' "$T/tty"
	ok $? "on a terminal, refused before redact asks"
else
	skip 1 "no script(1)"
fi

chown nobody:nogroup werklab.jsonl 2>/dev/null
chmod 604 werklab.jsonl
o=$(owner werklab.jsonl)
ino=$(stat -c %i werklab.jsonl)
run wl-session redact 'Harrie Bemelmans' --yes --force
is "$rc" 0 "redact --force of a journal with 3 hard links: exit 0"
like "$out" "$hex" "  prints the redaction's id"
is "$err" "wl-session: werklab.jsonl can be read by others (mode 0604); it holds personal data: chmod 600 werklab.jsonl" \
    "  says only the mode"
is "$(stat -c %i:%h werklab.jsonl)" "$ino:3" "  the same file, with its 3 names"
same data/kopie.jsonl werklab.jsonl "  every name holds the new bytes"
same other/third.jsonl werklab.jsonl "  every name, in every directory"
clean . "  grep -r finds nothing of the person anywhere"
no_temp . "  no temporary file"
is "$(owner werklab.jsonl)" "$o" "  owner, group and mode as they were ($o)"
run wl-report check werklab.jsonl
is "$rc:$err" "0:" "  the journal checks clean"
chmod 600 werklab.jsonl

# check --repair: refused only when there is something to mend
run wl-report check --repair werklab.jsonl
is "$rc:$out:$err" "0::" "check --repair with 3 hard links and nothing to mend: exit 0, silent"
sed -n 3p werklab.jsonl >>werklab.jsonl
printf '{"id":"c0ffee' >>werklab.jsonl
snap . >"$T/before"
run wl-report check --repair werklab.jsonl
is "$rc" 2 "check --repair of a journal with 3 hard links: exit 2"
is "$err" "wl-report: werklab.jsonl has 3 hard links: a rewrite would leave the old contents under the other names; remove the other links, or give --force" \
    "  with the reason"
snap . >"$T/after"
same "$T/after" "$T/before" "  every file as it was: no torn file left beside it"
refuses "--force without --repair" wl-report check --force werklab.jsonl
run wl-report check --repair --force werklab.jsonl
is "$rc" 0 "check --repair --force: exit 0"
like "$err" "dropped 1 line that repeated" "  drops the repeated line"
same data/kopie.jsonl werklab.jsonl "  every name holds the mended journal"
is "$(stat -c %h werklab.jsonl)" 3 "  still one file of 3 names"
run wl-report check data/kopie.jsonl
is "$rc:$err" "0:" "  which checks clean"
rm -f werklab.jsonl.torn-*

# --- someone else's journal --------------------------------------------------

U=
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
    id nobody >/dev/null 2>&1; then
	U="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
	$U true 2>/dev/null || U=
fi
if [ -n "$U" ]; then
	rm -rf shared
	mkdir shared
	chmod 1777 shared
	werklab shared/werklab.jsonl
	# root's journal, which nobody may write (group) in a directory
	# everyone may write in
	chgrp "$(id -g nobody)" shared/werklab.jsonl
	chmod 660 shared/werklab.jsonl
	o=$(owner shared/werklab.jsonl)
	snap shared >"$T/before"
	cd shared
	run $U wl-session redact 'Harrie Bemelmans' --yes
	cd ..
	is "$rc:$out" "2:" "redact of root's journal by another user: exit 2"
	like "$err" "^wl-session: werklab.jsonl belongs to root: a rewrite by [a-z]+ would make it [a-z]+'s; run this as root, or give --force to overwrite it in place$" \
	    "  says whose it is, and the ways out"
	snap shared >"$T/after"
	same "$T/after" "$T/before" "  every file as it was"
	cd shared
	run $U wl-session redact 'Harrie Bemelmans' --yes --force
	cd ..
	is "$rc" 0 "with --force: exit 0"
	is "$(owner shared/werklab.jsonl)" "$o" "  still root's, its group and mode kept ($o)"
	clean shared "  and nothing of the person left"
	no_temp shared "  no temporary file"

	# a journal of one's own, in a group one is not in
	rm -f shared/werklab.jsonl
	werklab shared/werklab.jsonl
	sed -n 2p shared/werklab.jsonl >>shared/werklab.jsonl
	chown nobody:root shared/werklab.jsonl
	chmod 600 shared/werklab.jsonl
	snap shared >"$T/before"
	cd shared
	run $U wl-report check --repair werklab.jsonl
	cd ..
	is "$rc" 2 "check --repair of one's own journal of a group one is not in: exit 2"
	is "$err" "wl-report: werklab.jsonl has group root, which you are not in: a rewrite would change its group; run this as a member of root (or root), or give --force to overwrite it in place" \
	    "  says so"
	snap shared >"$T/after"
	same "$T/after" "$T/before" "  every file as it was"

	# one's own journal, in a directory one may not write in (and
	# under $T, which nobody may search: the rewrite does not need to)
	chgrp "$(id -g nobody)" shared/werklab.jsonl
	chmod 755 shared
	cd shared
	run $U wl-report check --repair werklab.jsonl
	is "$rc:$err" "2:wl-report: werklab.jsonl: cannot rewrite the journal: cannot make a new file beside it: Permission denied (it is unchanged); --force overwrites it in place" \
	    "check --repair in a directory one may not write in: exit 2, and the way out"
	run $U wl-report check --repair --force werklab.jsonl
	cd ..
	is "$rc" 0 "  with --force: exit 0"
	is "$(owner shared/werklab.jsonl)" "$(id -u nobody):$(id -g nobody):600" \
	    "  owner, group and mode kept"
	rm -rf shared
else
	skip 14 "not root, or no setpriv(1) or user nobody"
fi

# --- the mode: writers warn, readers do not ---------------------------------

rm -rf ./*
umask 022
werklab werklab.jsonl
chmod 644 werklab.jsonl
run wl-note add -k do 'Bel terug'
is "$rc" 0 "a writer of a journal others can read: exit 0"
like "$out" "$hex" "  it writes"
is "$err" "wl-note: werklab.jsonl can be read by others (mode 0644); it holds personal data: chmod 600 werklab.jsonl" \
    "  and says so, once, with the chmod that mends it"
printf 'een\ntwee\ndrie\n' >bulk.txt
wl-note add -k idea <bulk.txt >/dev/null 2>"$T/err"
is "$(wc -l <"$T/err" | tr -d ' ')" 1 "  once a command, for a batch of 3 too"
run wl-advice add -p self 'Luister'
like "$err" "^wl-advice: werklab.jsonl can be read by others" "  every writer (wl-advice)"
run wl-session join -r other
like "$err" "^wl-session: werklab.jsonl can be read by others" "  every writer (wl-session)"
for r in "wl-note list" "wl-session people" "wl-report" "wl-report check" \
    "wl-advice list"; do
	run $r
	is "$rc:$err" "0:" "a reader says nothing: $r"
done
cp werklab.jsonl "$T/j"
run wl-note add -s 0000 -k do 'x'
is "$rc:$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "2:2" "a write refused after the journal is opened: exit 2, the warning and the refusal"
like "$err" "^wl-note: werklab.jsonl can be read by others" "  the warning first"
same werklab.jsonl "$T/j" "  the journal as it was"
cp werklab.jsonl tweede.jsonl
sed -n 2p werklab.jsonl >>werklab.jsonl
sed -n 2p tweede.jsonl >>tweede.jsonl
run wl-report check --repair werklab.jsonl tweede.jsonl
is "$rc:$(printf '%s\n' "$err" | grep -c 'can be read by others')" "0:2" \
    "check --repair of two journals: a word for each"
rm tweede.jsonl
chmod 640 werklab.jsonl
run wl-note add -k do 'Bel terug'
is "$err" "wl-note: werklab.jsonl can be read by its group (mode 0640); it holds personal data: chmod 600 werklab.jsonl" \
    "0640: its group"
chmod 600 werklab.jsonl
run wl-note add -k do 'Bel terug'
is "$rc:$err" "0:" "0600: not a word"
cp werklab.jsonl "it's mine.jsonl"
chmod 644 "it's mine.jsonl"
run wl-note add -f "it's mine.jsonl" -k do 'Bel'
is "$err" "wl-note: it's mine.jsonl can be read by others (mode 0644); it holds personal data: chmod 600 'it'\\''s mine.jsonl'" \
    "a name with a space and a quote: quoted for the shell"
sh -c "chmod 600 'it'\\''s mine.jsonl'" && \
    is "$(stat -c %a "it's mine.jsonl")" 600 "  and that chmod works"
run wl-session new -m Venlo -d 2026-07-01 -f nieuw.jsonl
is "$rc:$err:$(stat -c %a nieuw.jsonl)" "0::600" "a new journal is 0600 whatever the umask, and nothing is said"

# --- git: a clone is 0644; the hooks of wl(7) keep it private -----------

if command -v git >/dev/null 2>&1; then
	git_private Test test@example.org
	rm -rf ./*
	mkdir ans
	cd ans
	git init -q
	cp "$WL_DATADIR/gitattributes" .gitattributes
	werklab werklab.jsonl
	git add .gitattributes werklab.jsonl
	git commit -q -m start
	cd ..
	git clone -q ans bert
	is "$(stat -c %a bert/werklab.jsonl)" 644 "a clone's journal is 0644 (umask 022)"
	cd bert
	run wl-note add -k do 'Bel terug'
	is "$err" "wl-note: werklab.jsonl can be read by others (mode 0644); it holds personal data: chmod 600 werklab.jsonl" \
	    "  and its first writer says so"
	chmod 600 werklab.jsonl
	# the hooks of wl(7)
	cat >.git/hooks/post-merge <<'EOT'
#!/bin/sh
# a journal holds personal data: private again after every merge
git ls-files -z -- '*.jsonl' | xargs -0 -r chmod 600
EOT
	chmod +x .git/hooks/post-merge
	cp .git/hooks/post-merge .git/hooks/post-checkout
	git commit -q -a -m bert
	cd ../ans
	wl-note add -k dont 'Niet doorverwijzen' >/dev/null 2>&1
	git commit -q -a -m ans
	cd ../bert
	git pull -q --no-rebase --no-edit >/dev/null 2>&1
	is "$(grep -c . werklab.jsonl)" "$(($(grep -c . ../ans/werklab.jsonl) + 1))" \
	    "  a pull merges both sides' lines"
	is "$(stat -c %a werklab.jsonl)" 600 "  and the post-merge hook keeps the journal 0600"
	git checkout -q HEAD~1 2>/dev/null
	is "$(stat -c %a werklab.jsonl)" 600 "  so does the post-checkout hook"
	cd ..
else
	skip 5 "no git"
fi

# --- failures leave everything as it was ------------------------------------

F=${WL_FAULT_BIN:-}
if [ -n "$F" ] && [ -x "$F/wl-session" ]; then
	umask 077
	rm -rf ./*
	mkdir data work
	werklab "$T/base.jsonl"
	{ cat "$T/base.jsonl"; sed -n 3p "$T/base.jsonl"; } >"$T/rep.jsonl"
	# attempt HOW KIND: the journal as HOW makes it, then the rewrite
	# with the N-th call of KIND failing, N = 1, 2, ... until it
	# succeeds; each failure must be exit 2, one line that says it
	# cannot, everything as it was.
	attempt() {
		how=$1 kind=$2 k=1 bad=
		while :; do
			rm -rf data/j.jsonl work/* other
			if [ "$how" = repair ]; then
				cp "$T/rep.jsonl" data/j.jsonl
			else
				cp "$T/base.jsonl" data/j.jsonl
			fi
			chown nobody:nogroup data/j.jsonl 2>/dev/null
			chmod 640 data/j.jsonl
			case $how in
			link|repair) ln -s ../data/j.jsonl work/werklab.jsonl ;;
			force) mkdir other; ln data/j.jsonl other/x.jsonl
			    ln data/j.jsonl work/werklab.jsonl ;;
			esac
			o=$(owner data/j.jsonl)
			snap data work $( [ -d other ] && echo other) >"$T/before"
			case $how in
			repair) cmd="$F/wl-report check --repair" ;;
			force) cmd="$F/wl-session redact Harrie --yes --force" ;;
			*) cmd="$F/wl-session redact Harrie --yes" ;;
			esac
			(cd work && WL_FAULT="$kind:$k" $cmd) </dev/null \
			    >"$T/fo" 2>"$T/fe"
			frc=$?
			[ "$frc" -eq 0 ] && break
			grep -v 'can be read by its group' "$T/fe" >"$T/fe1"
			snap data work $( [ -d other ] && echo other) >"$T/after"
			# a rename done, its directory not synced: said, and the
			# journal is the new one
			grep -q 'rewritten, but syncing' "$T/fe1" &&
			    cp "$T/before" "$T/after"
			if [ "$frc" -ne 2 ] || [ -s "$T/fo" ] ||
			    [ "$(wc -l <"$T/fe1")" -ne 1 ] ||
			    ! grep -Eq 'cannot|failed' "$T/fe1"; then
				bad="$kind:$k: exit $frc: $(cat "$T/fe")"
				break
			fi
			if ! cmp -s "$T/before" "$T/after"; then
				bad="$kind:$k changed files: $(diff "$T/before" "$T/after" | head -3)"
				break
			fi
			k=$((k + 1))
			[ "$k" -le 50 ] || { bad="still failing at $kind:50"; break; }
		done
		is "$bad" "" "$how: $kind fails (calls 1..$((k - 1))): exit 2, said, every file as it was"
		if [ -z "$bad" ] && [ "$how" != repair ]; then
			clean data "  $how: after $kind, the run that succeeds erases"
			no_temp . "  $how: and leaves no temporary file"
			is "$(owner data/j.jsonl)" "$o" "  $how: owner, group and mode kept ($o)"
		fi
	}
	for kind in fchown fchmod rename write fsync; do
		attempt link "$kind"
	done
	for kind in fchown fchmod rename write; do
		attempt repair "$kind"
	done
	for kind in write fsync; do
		attempt force "$kind"
	done
	# fchown and fchmod have one call in a rewrite, and a rewrite in
	# place makes none
	rm -rf work/* other
	cp "$T/base.jsonl" data/j.jsonl
	ln -s ../data/j.jsonl work/werklab.jsonl
	(cd work && WL_FAULT=fchmod:0 WL_FAULT_COUNT="$T/count" \
	    "$F/wl-session" redact Harrie --yes) >/dev/null 2>&1
	is "$(cat "$T/count")" 1 "a redact through a link calls fchmod once: the failures above reached it"
else
	skip 1 "no fault-injecting binaries (make fault; WL_FAULT_BIN)"
fi

done_testing
