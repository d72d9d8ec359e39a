#!/bin/sh
# Shell completion: share/completion/wl.bash driven in a non-interactive
# bash through COMP_WORDS/COMP_CWORD; share/completion/_wl loaded in zsh
# and driven in a pseudo-terminal (zsh/zpty), when zsh is installed.
. "$(dirname "$0")/lib.sh"

: "${WL_SRC:=$WL_DATADIR/..}"
BASHC=$WL_SRC/share/completion/wl.bash
ZDIR=$WL_SRC/share/completion

KINDS='expectation question observation do dont idea quote'
ROLES='civil-servant initiator manager facilitator other'

# The driver: complete the words given (the last one is being typed);
# COMPREPLY one per line.
cat >"$T/drive.bash" <<'EOF'
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_wl
printf '%s\n' "${COMPREPLY[@]}"
EOF

# comp WORD...: the completions, space-separated; stderr in $T/.cerr
comp() {
	bash "$T/drive.bash" "$BASHC" "$@" </dev/null 2>"$T/.cerr" |
	    tr '\n' ' ' | sed 's/ *$//'
}
# scomp WORD...: the same, sorted
scomp() {
	bash "$T/drive.bash" "$BASHC" "$@" </dev/null 2>"$T/.cerr" |
	    sort | tr '\n' ' ' | sed 's/ *$//'
}
sorted() { printf '%s\n' "$@" | sort | tr '\n' ' ' | sed 's/ *$//'; }

# --- loading ----------------------------------------------------------------

out=$(bash -c '. "$1"; for c in wl-session wl-note wl-advice wl-report; do
    complete -p "$c"; done' sh "$BASHC" 2>&1)
is "$out" "complete -F _wl wl-session
complete -F _wl wl-note
complete -F _wl wl-advice
complete -F _wl wl-report" "wl.bash registers _wl for the four programs, silently"
out=$(bash -uc '. "$1"; COMP_WORDS=(wl-note add -k ""); COMP_CWORD=3; _wl;
    echo "${COMPREPLY[*]}"' sh "$BASHC" 2>&1)
is "$out" "$KINDS" "it works in a shell with set -u"

# --- verbs, options, fixed values (no journal here) -------------------------

is "$(comp wl-note '')" "add list edit rm restore import" "wl-note <TAB>: the verbs"
is "$(comp wl-session '')" "new list show join people edit redact rm restore" \
    "wl-session <TAB>: the verbs"
is "$(comp wl-advice '')" "add endorse agree status list show edit rm restore" \
    "wl-advice <TAB>: the verbs"
is "$(comp wl-report '')" "md compare diff merge check" "wl-report <TAB>: the verbs"
is "$(comp wl-note -f x.jsonl '')" "add list edit rm restore import" \
    "the verb may follow -f FILE"
is "$(comp wl-note l)" "list" "wl-note l<TAB>: list"
is "$(comp wl-note add -k '')" "$KINDS" "wl-note add -k <TAB>: exactly the kinds"
is "$(comp wl-note add -k d)" "do dont" "-k d<TAB>: do dont"
is "$(comp wl-note list --kind '')" "$KINDS" "--kind <TAB> too"
is "$(comp wl-note list --kind = q)" "question quote" \
    "--kind=q<TAB> (split at '=' by bash)"
is "$(comp wl-session join -r '')" "$ROLES" "wl-session join -r <TAB>: the roles"
is "$(comp wl-session edit x --role '')" "$ROLES" "edit --role <TAB>: the roles"
is "$(comp wl-advice add -p '')" "self initiators organisation colleagues" \
    "wl-advice add -p <TAB>: the perspectives"
is "$(comp wl-session new -p '')" "" "but -p of wl-session new is a number"
is "$(comp wl-advice endorse x --stance '')" "endorse reservations object" \
    "--stance <TAB>: the stances"
is "$(comp wl-advice status x '')" \
    "presented adopted rejected implemented done dropped" \
    "wl-advice status ID <TAB>, ID unknown: every status"
is "$(comp wl-advice list --status '')" \
    "presented adopted rejected implemented" "list --status: advice's"
is "$(comp wl-advice list --agreements --status '')" "done dropped" \
    "list --agreements --status: agreements'"
is "$(comp wl-note list -o '')" "table tsv csv jsonl json xlsx" "-o <TAB>: the formats"
is "$(comp wl-report compare -o '')" "json" "wl-report compare -o: json"
is "$(comp wl-report diff -o '')" "jsonl" "wl-report diff -o: jsonl"
like "$(comp wl-report diff --a)" "^--anonymous$" "wl-report diff --a: --anonymous"
touch "$T/copy.jsonl"
is "$(cd "$T" && comp wl-report merge -o cop)" "copy.jsonl" \
    "wl-report merge -o: a file, not a format"
is "$(cd "$T" && comp wl-report merge copy.jsonl cop)" "copy.jsonl" \
    "wl-report merge: its copies are files"
is "$(comp wl-report --lang '')" "nl en" "wl-report --lang <TAB>: nl en"
is "$(comp wl-report md --charts '')" "svg table mermaid none" \
    "--charts: svg table mermaid none"
is "$(comp wl-report compare --by '')" "municipality session" \
    "compare --by: municipality session"
is "$(comp wl-note add -b '')" "1 2 3" "-b <TAB>: the blocks"
is "$(comp wl-note add --wait '')" "" "--wait <TAB>: a number, nothing offered"
is "$(comp wl-note --wait 5 '')" "add list edit rm restore import" \
    "  and the word after it is its value, not the verb"

is "$(comp wl-note add --by '')" "" "--by with no journal: nothing"
is "$(comp wl-note add -t '')" "" "free-text options: nothing"
is "$(scomp wl-note add -)" "$(sorted -s --session -k --kind -b --block --by \
    -t --tag -f --file -o --output --max-errors --wait -h --help --version)" \
    "wl-note add -<TAB>: its options and the common ones (--wait too)"
is "$(scomp wl-advice list --)" "$(sorted --session --all --municipality --perspective \
    --status --open --agreements --anonymous --view --sep --labels --file --output --max-errors \
    --wait --help --version)" "wl-advice list --<TAB>"
is "$(scomp wl-note list --)" "$(sorted --session --all --municipality --kind --block \
    --tag --grep --anonymous --view --sep --labels --file --output --max-errors \
    --wait --help --version)" "wl-note list --<TAB>"
is "$(scomp wl-report --)" "$(sorted --session --municipality --all --lang \
    --anonymous --charts --chart-dir --date --draft --no-front-matter --output --file \
    --max-errors --help --version)" \
    "wl-report --<TAB>: the report's options (md is the default verb)"
is "$(comp wl-report check --r)" "--repair" "wl-report check --r<TAB>"
is "$(comp wl-report --all '')" "" \
    "wl-report OPTION <TAB>: no verb (it must come first)"
is "$(comp wl-note add -- -)" "" "after --, no options"
is "$(comp wl-advice rm --)" "--reason --yes --dry-run --file --output --max-errors --wait --help --version" \
    "wl-advice rm --<TAB>: --yes and --dry-run"
is "$(comp wl-note restore --)" "--reason --dry-run --file --output --max-errors --wait --help --version" \
    "wl-note restore --<TAB>: --dry-run"
like "$(comp wl-session edit --)" "--date .*--title .*--facilitator" \
    "wl-session edit --<TAB>: the session's fields too"
like "$(comp wl-advice edit --)" "--minor" "wl-advice edit --<TAB>: --minor"

# --- ids from the journal ---------------------------------------------------

is "$(comp wl-note list -s '')" "" "-s with no journal: nothing"
is "$(cat "$T/.cerr")" "" "and no message"
is "$(comp wl-advice status '')" "" "status with no journal: nothing, silently"
mkdir sub
printf 'not json\n' >sub/bad.jsonl
is "$(comp wl-note -f sub/bad.jsonl list -s '')$(cat "$T/.cerr")" "" \
    "a broken journal: nothing, silently"

s1=$(wl-session new -m Roermond -d 2026-06-14 -p 1)
s2=$(wl-session new -m 'Bergen op Zoom' -d 2026-09-01 -p 2)
is "$(scomp wl-note list -s '')" \
    "$(sorted "$s1  Roermond  2026-06-14" "$s2  Bergen op Zoom  2026-09-01")" \
    "wl-note list -s <TAB>: the sessions of ./werklab.jsonl, with place and date"
is "$(cat "$T/.cerr")" "" "silently"
is "$(comp wl-note list --session = '')" "$(comp wl-note list -s '')" \
    "--session=<TAB> the same"
p=$(prefix "$s1" 5)
got=$(comp wl-report -s "$p")
like "$got" "^$s1( |\$)" "-s PREFIX<TAB>: what starts with it"
is "$(printf '%s\n' $got | grep -vc "^$p")" 0 "and nothing else"
is "$(comp wl-report --municipality B)" "'Bergen op Zoom'" \
    "--municipality B<TAB>: the municipality, quoted for the shell"

s3=$(wl-session new -f sub/j.jsonl -m Venlo -d 2026-10-01 -p 3)
is "$(comp wl-note -f sub/j.jsonl list -s '')" "$s3" \
    "-f FILE names the journal (before the verb)"
is "$(comp wl-note list --file=sub/j.jsonl -s '')" "$s3" "--file=FILE too"
is "$(WL_JOURNAL=sub/j.jsonl comp wl-advice list -s '')" "$s3" \
    "so does \$WL_JOURNAL"
is "$(scomp wl-note -f sub/j.jsonl -f werklab.jsonl list -s '')" \
    "$(sorted "$s1  Roermond  2026-06-14" "$s2  Bergen op Zoom  2026-09-01" \
    "$s3  Venlo  2026-10-01")" "several -f: all their sessions"
mkdir 'sub dir'
cp sub/j.jsonl 'sub dir/j.jsonl'
is "$(comp wl-note -f 'sub\ dir/j.jsonl' list -s '')" "$s3" \
    "-f with a quoted name: sub\\ dir/j.jsonl"
is "$(comp wl-note -f "'sub dir/j.jsonl'" list -s '')" "$s3" \
    "-f with a quoted name: 'sub dir/j.jsonl'"
pa=$(wl-session join -r initiator -n Ans --consent)
pb=$(wl-session join -r civil-servant -n Ruud)
pc=$(wl-session join -s "$s1" -r manager -n Mia)
n1=$(wl-note add -k do "Reageer snel")
n2=$(wl-note add -k quote --by "$pa" "Goud")
a1=$(wl-advice add -p self "Wees eerlijk")
g1=$(wl-advice agree --owner "$pb" "Mee naar het MT")
is "$(scomp wl-note rm '')" "$(sorted "$n1  do  Reageer snel" "$n2  quote  Goud")" \
    "wl-note rm <TAB>: the notes, each with its kind and text"
is "$(scomp wl-note edit --text x '')" "$(sorted "$n1  do  Reageer snel" "$n2  quote  Goud")" \
    "wl-note edit [options] <TAB>: the notes"
is "$(comp wl-note rm "$(prefix "$n1" 5)")" "$n1" \
    "wl-note rm PREFIX<TAB>, one note left: its id alone, for the line"
is "$(comp wl-note rm "$n1" '')" "" "rm takes one id"
is "$(comp wl-advice endorse '')" "$a1" "wl-advice endorse <TAB>: the advice"
is "$(scomp wl-advice status '')" "$(sorted "$a1  Wees eerlijk" "$g1  Mee naar het MT")" \
    "wl-advice status <TAB>: advice and agreements, with their text"
is "$(comp wl-advice status "$a1" '')" \
    "presented adopted rejected implemented" \
    "wl-advice status ADVICE <TAB>: the statuses of advice"
is "$(comp wl-advice status "$(prefix "$g1" 6)" '')" "done dropped" \
    "wl-advice status AGREEMENT-PREFIX <TAB>: those of agreements"
is "$(comp wl-advice status "$a1" im)" "implemented" "... im<TAB>: implemented"
is "$(comp wl-advice agree --advice '')" "$a1" "agree --advice <TAB>: the advice"
is "$(scomp wl-advice endorse "$a1" --by '')" "$(sorted Ans Ruud)" \
    "--by <TAB>: the names of the participants of the advice's session"
is "$(cat "$T/.cerr")" "" "  silently"
is "$(comp wl-advice agree --owner '')" "$(comp wl-advice endorse "$a1" --by '')" \
    "--owner <TAB>: those of the latest session"
is "$(comp wl-advice agree -s "$s1" --owner '')" "Mia" \
    "--owner <TAB> after -s: that session's participants"
is "$(scomp wl-session redact '')" "$(sorted "$pa  Ans  initiator" "$pb  Ruud  civil-servant")" \
    "wl-session redact <TAB>: the participants, by id with name and role"

# completing must never read the terminal or the shell's input: here
# standard input stays open and empty (a FIFO opened read-write), so a
# read would hang until the timeout
mkfifo "$T/fifo"
out=$(timeout "$WL_WAIT" bash "$T/drive.bash" "$BASHC" wl-advice status '' \
    <>"$T/fifo" 2>&1 | sort | tr '\n' ' ' | sed 's/ *$//')
is "$out" "$(sorted "$a1  Wees eerlijk" "$g1  Mee naar het MT")" \
    "the programs run with stdin from /dev/null"

# a program named with a path: its siblings answer, not PATH's
mkdir bin2
cat >bin2/wl-session <<'EOF'
#!/bin/sh
printf 'id\tdate\nfeedfacefeedface\t2026-01-01\n'
EOF
chmod +x bin2/wl-session
is "$(comp ./bin2/wl-note list -s '')" "feedfacefeedface" \
    "./bin2/wl-note: ids from ./bin2/wl-session"

# --- people by name ------------------------------------------------------------

pk=$(wl-session join -r initiator -n 'Klaas Postma' --consent)
pj=$(wl-session join -r other -n "Jan 't Hart")
po=$(wl-session join -r manager --org Gemeente)
pr=$(wl-session join -r other)
px=$(wl-session join -r other -n 'Weg Gaan')
wl-session rm "$px" --yes >/dev/null 2>&1
is "$(scomp wl-note add --by '')" \
    "$(sorted Ans Ruud "'Klaas Postma'" "'Jan '\\''t Hart'" Gemeente "$pr")" \
    "--by <TAB>: names quoted as the shell needs, an org when there is no name, an id when neither; the withdrawn left out"
is "$(comp wl-note add --by K)" "'Klaas Postma'" "--by K<TAB>: 'Klaas Postma'"
is "$(comp wl-note add --by k)" "'Klaas Postma'" "  case aside, as the programs resolve"
is "$(comp wl-note add --by "'Kl")" "Klaas Postma" \
    "--by 'Kl<TAB>: inside the quote readline opened (it closes it)"
is "$(comp wl-note add --by "'J")" "Jan '\\''t Hart" "  a quote in the name, inside quotes"
is "$(comp wl-note add --by '"J')" "Jan 't Hart" '  and inside "double quotes"'
is "$(comp wl-note add --by 'Klaas\ P')" 'Klaas\ Postma' \
    "--by Klaas\\ P<TAB>: backslashes when the word was begun so"
is "$(comp wl-note add --by Weg)" "" "a withdrawn participant: not offered"
is "$(comp wl-advice endorse "$a1" --by R)" "Ruud" \
    "Ruud, who did not consent: offered all the same (the facilitator types him)"
pj2=$(wl-session join -r other -n "Ans")
got=$(comp wl-note add --by '')
like "$got" "(^| )$pa( |\$)" "two participants of one name: their ids (the name resolves to neither)"
like "$got" "(^| )$pj2( |\$)" "  both"
ok "$(printf '%s\n' $got | grep -qx Ans; [ $? -eq 1 ]; echo $?)" "  not the name"
a2=$(wl-advice add -s "$s1" -p self "Advies in Roermond")
n3=$(wl-note add -s "$s1" -k do "Notitie in Roermond")
g2=$(wl-advice agree -s "$s1" "Afspraak in Roermond")
is "$(comp wl-advice endorse "$a2" --by '')" "Mia" \
    "endorse ADVICE --by <TAB>: the people of the advice's session, not the latest"
is "$(comp wl-advice endorse "$(prefix "$a2" 6)" --stance endorse --by '')" "Mia" \
    "  the advice named by a prefix, options between"
is "$(comp wl-note edit "$n3" --by '')" "Mia" "wl-note edit NOTE --by <TAB>: the note's session"
is "$(comp wl-advice edit "$g2" --owner '')" "Mia" \
    "wl-advice edit AGREEMENT --owner <TAB>: the agreement's session"
is "$(comp wl-advice endorse "$a2" -s "$s2" --by Ru)" "Ruud" "-s on the line wins"
cp werklab.jsonl "$T/journal.before"
before=$(ls -A . "$HOME" 2>/dev/null)
comp wl-note add --by '' >/dev/null
scomp wl-session redact '' >/dev/null
is "$(ls -A . "$HOME" 2>/dev/null)" "$before" "completing people leaves no file behind"
same werklab.jsonl "$T/journal.before" "  and the journal as it was"

# --- ids with their text -------------------------------------------------------

a3=$(wl-advice add -s "$s1" -p self "$(printf 'Met \033[31mrood\033[0m erin')")
is "$(comp wl-advice endorse "$a3")" "$a3" "the whole id: the id alone"
got=$(bash "$T/drive.bash" "$BASHC" wl-advice endorse '' | grep "^$a3")
is "$got" "$a3  Met ?[31mrood?[0m erin" \
    "control characters in a text: shown as '?', never sent to the terminal"
long=$(printf 'woord%.0s ' $(seq 40))
a4=$(wl-advice add -s "$s1" -p self "$long")
got=$(COLUMNS=60 bash "$T/drive.bash" "$BASHC" wl-advice endorse '' | grep "^$a4")
is "${#got}" 58 "a long text cut to the width of the terminal (COLUMNS=60)"
like "$got" '\.\.\.$' "  with dots"
mkdir many
(cd many && wl-session new -m Venlo -d 2026-10-01 -p 3 >/dev/null &&
    seq 101 | sed 's/^/Notitie /' | wl-note add -k do >/dev/null)
got=$(cd many && bash "$T/drive.bash" "$BASHC" wl-note rm '')
is "$(printf '%s\n' "$got" | wc -l | tr -d ' ')" 101 "101 notes: all offered"
is "$(printf '%s\n' "$got" | grep -c '^[0-9a-f]\{16\}$')" 101 \
    "  by id alone (readline asks before it lists more than 100)"

# --- journals, enum words -----------------------------------------------------

mkdir files files/dir
touch files/a.jsonl files/b.txt files/c.jsonl.bak
is "$(cd files && scomp wl-note -f '')" "$(sorted a.jsonl dir)" \
    "-f <TAB>: journals (*.jsonl) and directories, nothing else"
is "$(cd files && scomp wl-report check '')" "$(sorted a.jsonl dir)" \
    "wl-report check <TAB>: the same"
is "$(cd files && scomp wl-report diff a.jsonl '')" "$(sorted a.jsonl dir)" \
    "wl-report diff OLD <TAB>: the same"
is "$(cd files && scomp wl-note import '')" "$(sorted a.jsonl b.txt c.jsonl.bak dir)" \
    "wl-note import <TAB>: any file (its input is lines of JSON, named as they come)"
is "$(comp wl-note add -k verw)" "" \
    "-k verw<TAB>: nothing; the canonical words are offered, Dutch ones accepted when typed"

# --- zsh --------------------------------------------------------------------

if ! command -v zsh >/dev/null 2>&1; then
	for i in $(seq 15); do
		skip 1 "zsh is not installed"
	done
	done_testing
	exit
fi

out=$(cd "$WL_SRC" && zsh -fc 'autoload -U compinit; compinit -u -D;
    fpath=(share/completion $fpath); autoload _wl; print -r -- ${+functions[_wl]}' 2>&1)
is "$out" 1 "zsh: _wl autoloads without a message"
out=$(zsh -fc "fpath=($ZDIR \$fpath); autoload -U compinit; compinit -u -D;
    print -r -- \$_comps[wl-note] \$_comps[wl-report]" 2>&1)
is "$out" "_wl _wl" "compinit binds _wl to the programs (#compdef)"

# zcomp LINE: the matches zsh offers for LINE<TAB>, sorted, space-separated.
# A zsh in a pseudo-terminal (zsh/zpty) completes the line; compadd is
# wrapped to print what it is given (and the descriptions of -d ARRAY,
# as zsh lists them, for zdesc), and the TAB widget prints <END> when
# it is done (typing on before that would disturb the completion).
cat >"$T/cap.zsh" <<'EOF'
zmodload zsh/zpty || exit 1
zpty z zsh -f -i
zpty -w z "PS1=; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd () {
	if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
		builtin compadd "$@"; return
	fi
	local -a __hits; local h
	builtin compadd -A __hits "$@"
	for h in $__hits; do print -r -- "<HIT>$h</HIT>"; done
	local __i
	for (( __i = 1; __i < $#; __i++ )); do
		[[ ${@[__i]} == -d ]] || continue
		for h in ${(P@)${@[__i+1]}}; do print -r -- "<DSC>$h</DSC>"; done
	done
	builtin compadd "$@"
}'
zpty -w z '_wl_t() { _main_complete; print -r -- "<E""ND>"; }
zle -C wl-t complete-word _wl_t; bindkey "^I" wl-t'
zpty -w z 'zstyle ":completion:*" insert-tab false; print "<REA""DY>"'
zpty -r z out '*<READY>*'
zpty -n -w z "$2"$'\t'
zpty -r z out '*<END>*'
zpty -d z
tag=${3:-HIT}
print -r -- "$out" | grep -ao "<$tag>[^<]*</$tag>" | sed "s/<$tag>//; s/<\\/$tag>//" |
    sort -u | tr '\n' ' ' | sed 's/ *$//'
print -r -- "$out" | grep -a 'wl-[a-z]*:' >&2
EOF
# (zpty -r waits for its pattern for ever should it never come: the
# timeout only ends such a hang)
zcomp() { timeout "$WL_WAIT" zsh -f "$T/cap.zsh" "$ZDIR" "$1" 2>"$T/.zerr"; }
# zdesc LINE: the descriptions zsh lists for LINE<TAB> (sorted, one a line).
zdesc() {
	timeout "$WL_WAIT" zsh -f "$T/cap.zsh" "$ZDIR" "$1" DSC 2>"$T/.zerr" |
	    sed 's/  */ /g'
}

is "$(zcomp 'wl-note ')" "add edit import list restore rm" "zsh: wl-note <TAB>: the verbs"
is "$(zcomp 'wl-advice ')" "add agree edit endorse list restore rm show status" \
    "zsh: wl-advice <TAB>: the verbs"
is "$(zcomp 'wl-note add -k ')" "$(sorted $KINDS)" "zsh: -k <TAB>: the kinds"
like "$(zcomp 'wl-advice rm --')" "--dry-run.*--yes" "zsh: rm --<TAB>: --dry-run and --yes"
is "$(zcomp 'wl-note list -s ')" "$(sorted "$s1" "$s2")" \
    "zsh: -s <TAB>: the sessions of the journal"
is "$(zcomp 'wl-note -f sub\ dir/j.jsonl list -s ')" "$s3" \
    "zsh: -f with a quoted name"
is "$(zcomp "wl-advice status $(prefix "$g1" 6) ")$(cat "$T/.zerr")" \
    "done dropped" "zsh: status AGREEMENT <TAB>: its statuses, no message"
like "$(zdesc 'wl-advice status ')" "$a1 -- Wees eerlijk" \
    "zsh: ids described by their text"
like "$(zdesc 'wl-advice status ')" "$g1 -- Mee naar het MT" "  agreements too"
is "$(zcomp "wl-advice endorse $a2 --by ")" "Mia" \
    "zsh: endorse ADVICE --by <TAB>: the names of the advice's session"
is "$(zcomp 'wl-note add --by K')" 'Klaas\ Postma' "zsh: --by K<TAB>: the name, quoted"
like "$(zdesc 'wl-note add --by K')" "Klaas Postma -- initiator" "  described by role"
is "$(zcomp 'wl-note add --by W')" "" "zsh: a withdrawn participant: not offered"
is "$(cd files && zcomp 'wl-note -f ')" "a.jsonl dir" \
    "zsh: -f <TAB>: journals and directories"

done_testing
