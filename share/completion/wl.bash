# wl.bash - bash completion for wl-session, wl-note, wl-advice, wl-report
#
# Source it (". share/completion/wl.bash"), or install it as
# $PREFIX/share/bash-completion/completions/wl-note (and the other three
# names), where bash-completion loads it on first use.  It needs bash
# and awk: bash-completion's helpers are not used.
#
# Verbs, options and their fixed values come from the lists below (they
# mirror each program's --help).  Ids and names come from the journal
# the command line names (-f, else $WL_JOURNAL, else ./werklab.jsonl),
# read through the programs' own "list -o tsv" with standard input from
# /dev/null and errors thrown away: completing never parses a journal,
# never prints a message, writes no file, and, bounded by timeout(1)
# where there is one, never hangs.
#
# Enums offer their canonical words only (expectation, not verwachting):
# they are what --help, the man pages and every list show; the Dutch
# words are accepted when typed, and offering both would double every
# list for no new meaning.

_wl_kinds='expectation question observation do dont idea quote'
_wl_roles='civil-servant initiator manager facilitator other'
_wl_perspectives='self initiators organisation colleagues'
_wl_stances='endorse reservations object'
_wl_advice_statuses='presented adopted rejected implemented'
_wl_agreement_statuses='done dropped'
_wl_formats='table tsv csv jsonl json xlsx'

# Options that take a value, in any of the four programs.
_wl_valued=' -f --file -o --output -s --session --max-errors --wait -m
 --municipality -d --date -p --pilot --perspective --series --title
 --location --facilitator -r --role -n --name --org --reason --by -k
 --kind -b --block -t --tag --grep --text --stance --owner --owner-text
 --due --advice --note --status --lang --charts --threshold '
_wl_valued=${_wl_valued//$'\n'/ }

# _wl_verbs TOOL: the verbs of TOOL.
_wl_verbs() {
	case $1 in
	wl-session) echo 'new list show join people edit redact rm restore' ;;
	wl-note) echo 'add list edit rm restore import' ;;
	wl-advice) echo 'add endorse agree status list show edit rm restore' ;;
	wl-report) echo 'md compare diff merge check' ;;
	esac
}

# _wl_options TOOL VERB: the options of VERB of TOOL, common ones last.
_wl_options() {
	local common='-f --file -o --output --max-errors --wait -h --help'
	common+=' --version'
	local s='-s --session'
	case $1:$2 in
	wl-session:new) echo "-m --municipality -d --date -p --pilot" \
	    "--series --title --location --facilitator" ;;
	wl-session:list) echo '--municipality' ;;
	wl-session:show) echo "$s" ;;
	wl-session:join) echo "$s -r --role -n --name --org --consent" ;;
	wl-session:people) echo "$s --anonymous --sep --labels" ;;
	wl-session:edit) echo "$s -n --name --org -r --role --consent" \
	    "--no-consent -m --municipality -d --date -p --pilot" \
	    "--series --title --location --facilitator" ;;
	wl-session:redact) echo "$s --reason --by --mentions --yes --force" ;;
	wl-session:rm | wl-note:rm | wl-advice:rm)
		echo '--reason --yes --dry-run' ;;
	wl-session:restore | wl-note:restore | wl-advice:restore)
		echo '--reason --dry-run' ;;
	wl-note:add) echo "$s -k --kind -b --block --by -t --tag" ;;
	wl-note:list) echo "$s --all --municipality -k --kind -b --block" \
	    "-t --tag --grep --anonymous --view --sep --labels" ;;
	wl-note:edit) echo '--text -k --kind -b --block -t --tag --by' ;;
	wl-note:import) echo "$s" ;;
	wl-advice:add) echo "$s -p --perspective -t --tag" ;;
	wl-advice:endorse) echo '--by --stance --reason' ;;
	wl-advice:agree) echo "$s --owner --owner-text --due --advice" ;;
	wl-advice:status) echo '--date --note' ;;
	wl-advice:list) echo "$s --all --municipality -p --perspective" \
	    "--status --open --agreements --anonymous --view --sep --labels" ;;
	wl-advice:edit) echo '--text --minor -p --perspective -t --tag' \
	    '--owner --owner-text --due' ;;
	wl-report:md) echo "$s --municipality --all --lang --anonymous" \
	    "--charts --chart-dir --date --draft --no-front-matter -o" \
	    "--output" ;;
	wl-report:compare) echo '--by --threshold --lang --anonymous -o' \
	    '--output' ;;
	wl-report:diff) echo '--anonymous -o --output' ;;
	wl-report:merge) echo '-o --output' ;;
	wl-report:check) echo '--repair --force' ;;
	esac
	case $1 in
	wl-report) echo '-f --file --max-errors -h --help --version' ;;
	*) echo "$common" ;;
	esac
}

# _wl_run TOOL ARGS...: TOOL's output, run quietly on the journal of the
# command line.  TOOL is looked up beside the program being completed
# when that was named with a slash, else in PATH.
_wl_run() {
	local tool=$1 dir= prog
	shift
	case ${_wl_words[0]} in
	*/*) dir=${_wl_words[0]%/*}/ ;;
	esac
	dir=${dir/#\~/$HOME}
	prog=$dir$tool
	[[ -x $prog ]] || prog=$tool
	type -P "$prog" >/dev/null 2>&1 || return 0
	if type -P timeout >/dev/null 2>&1; then
		timeout 3 "$prog" "$@" "${_wl_jargs[@]}" -o tsv \
		    </dev/null 2>/dev/null
	else
		"$prog" "$@" "${_wl_jargs[@]}" -o tsv </dev/null 2>/dev/null
	fi
}

# _wl_rows PREFIX MAX TOOL ARGS...: into the caller's _wl_head the
# header of TOOL's tsv, and into _wl_tsv its rows that start with
# PREFIX (an id's first hex digits; empty for all); with more than MAX
# of them (MAX 0: no limit), only their ids.  awk picks them: a big
# journal lists tens of thousands of rows, which bash takes seconds to
# look at, or even to copy from one array to another.  The output is
# taken whole and then split: mapfile reads a pipe a byte at a time.
_wl_rows() {
	local pre=$1 max=$2 all
	shift 2
	_wl_head= _wl_tsv=()
	all=$(_wl_run "$@" | awk -F '\t' -v pre="$pre" -v max="$max" '
	    NR == 1 { print; next }
	    substr($0, 1, length(pre)) == pre { row[++n] = $0 }
	    END {
		for (i = 1; i <= n; i++)
			print (max > 0 && n > max ? \
			    substr(row[i], 1, index(row[i], "\t") - 1) : row[i])
	    }')
	[[ -n $all ]] || return 0
	_wl_head=${all%%$'\n'*}
	mapfile -t -s 1 _wl_tsv <<<"$all"
}

# _wl_cells LINE: the cells of a tsv LINE in the caller's _wl_f.  The
# tabs become a separator that is no blank, so an empty cell stays a
# cell (read merges runs of blanks).
_wl_cells() {
	local IFS=$'\037'
	_wl_f=()
	read -r -a _wl_f <<<"${1//$'\t'/$'\037'}"
}

# _wl_index NAME...: the indexes, in _wl_f, of the columns with those
# header names, in that order.
_wl_index() {
	local c i
	for c; do
		for i in "${!_wl_f[@]}"; do
			[[ ${_wl_f[i]} == "$c" ]] && printf '%s ' "$i"
		done
	done
}

# _wl_column NAME TOOL ARGS...: the cells of column NAME of TOOL's tsv
# that start with what is typed, one a line, each once.
_wl_column() {
	local name=$1 line i cur=${_wl_cur//\\/}
	local _wl_head
	local -a _wl_tsv _wl_f
	local -A seen=()
	shift
	cur=${cur#[\'\"]}
	_wl_rows '' 0 "$@"
	((${#_wl_tsv[@]} > 0)) || return 0
	_wl_cells "$_wl_head"
	i=$(_wl_index "$name")
	[[ -n $i ]] || return 0
	for line in "${_wl_tsv[@]}"; do
		_wl_cells "$line"
		line=${_wl_f[i]-}
		[[ -n $line && $line == "$cur"* && -z ${seen[$line]-} ]] ||
		    continue
		seen[$line]=1
		printf '%s\n' "$line"
	done
}

# _wl_quote WORD: WORD as it goes on the line.  Words with a blank or
# another special character go in single quotes ('Klaas Postma'), or
# with backslashes when that is how the word was begun (Klaas\ P).
# After an opening quote (the word begun 'Kl) readline completes inside
# the quotes and closes them itself: the word as it stands inside them.
_wl_quote() {
	local w=$1
	case $_wl_cur in
	\'*) printf '%s\n' "${w//\'/\'\\\'\'}" ;;
	\"*)
		w=${w//\\/\\\\} w=${w//\"/\\\"} w=${w//\$/\\\$}
		printf '%s\n' "${w//\`/\\\`}" ;;
	*)
		if [[ $w != *[^A-Za-z0-9_./:@%+,=-]* ]]; then
			printf '%s\n' "$w"
		elif [[ $_wl_cur == *\\* ]]; then
			printf '%q\n' "$w"
		else
			printf "'%s'\\n" "${w//\'/\'\\\'\'}"
		fi ;;
	esac
}

# _wl_reply WORDS: the words (one a line) that start with what is typed,
# quoted for the shell.
_wl_reply() {
	local w cur=${_wl_cur//\\/}
	cur=${cur#[\'\"]}
	COMPREPLY=()
	while IFS= read -r w; do
		[[ -n $w && $w == "$cur"* ]] || continue
		COMPREPLY+=("$(_wl_quote "$w")")
	done <<<"$1"
}

# _wl_ids COLUMNS TOOL ARGS...: add the ids (column 1 of TOOL's tsv)
# that start with what is typed to the caller's _wl_ids, and their
# descriptions, the cells of COLUMNS (header names), to _wl_descr.
# Past 100 ids (where readline asks before it lists), the ids alone:
# nobody reads a hundred texts to pick one, and splitting the rows of a
# big journal takes seconds.
_wl_ids() {
	local cols=$1 line i d cur=${_wl_cur//\\/}
	local _wl_head
	local -a _wl_tsv _wl_f idx
	shift
	[[ $cur != *[^0-9a-f]* ]] || return 0
	_wl_rows "$cur" 100 "$@"
	((${#_wl_tsv[@]} > 0)) || return 0
	if ((${#_wl_tsv[@]} > 100)) && [[ ${_wl_tsv[0]} != *$'\t'* ]]; then
		# ids alone (see _wl_rows)
		_wl_ids+=("${_wl_tsv[@]}")
		return 0
	fi
	_wl_cells "$_wl_head"
	idx=($(_wl_index $cols))
	for line in "${_wl_tsv[@]}"; do
		[[ $line != $'\t'* ]] || continue
		_wl_cells "$line"
		d=
		for i in "${idx[@]}"; do
			[[ -n ${_wl_f[i]-} ]] && d+="${d:+  }${_wl_f[i]}"
		done
		_wl_ids+=("${_wl_f[0]}")
		_wl_descr+=("$d")
	done
}

# _wl_offer: COMPREPLY from _wl_ids.  One id: the id, for readline to
# complete; more than 100, the ids (as _wl_ids).  Several: each with its description ("3f2a...  Reageer
# binnen een week"), control characters made '?' and cut to the
# terminal's width.  Readline lists them, and inserts no more than
# their common prefix, which lies inside the ids: the ids are all as
# long and none is the prefix of another.
_wl_offer() {
	local i d w=$((${COLUMNS:-80} - 20))
	COMPREPLY=()
	if ((${#_wl_ids[@]} == 1 || ${#_wl_ids[@]} > 100)); then
		COMPREPLY=("${_wl_ids[@]}")
		return
	fi
	((w < 10)) && w=10
	for i in "${!_wl_ids[@]}"; do
		d=${_wl_descr[i]-}
		d=${d//[[:cntrl:]]/?}
		((${#d} > w)) && d="${d:0:w-3}..."
		COMPREPLY+=("${_wl_ids[i]}${d:+  $d}")
	done
}

# _wl_complete_ids COLUMNS TOOL ARGS...: complete ids of one list.
_wl_complete_ids() {
	local -a _wl_ids=() _wl_descr=()
	_wl_ids "$@"
	_wl_offer
}

# _wl_journals: journals (*.jsonl) and directories, nothing else.
_wl_journals() {
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -d -- "$_wl_cur"
	    compgen -f -X '!*.jsonl' -- "$_wl_cur")
}

# _wl_words_of LIST: complete $cur from a blank-separated word list.
_wl_words_of() {
	COMPREPLY=($(compgen -W "$1" -- "$_wl_cur"))
}

_wl_files() {
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -f -- "$_wl_cur")
}

_wl_sessions() {
	_wl_complete_ids 'municipality date title' wl-session list
}

# Participants as operands (edit, redact): ids, described by name.
_wl_people() {
	_wl_complete_ids 'name org role' wl-session people "${_wl_sarg[@]}"
}

# _wl_session_of ID TOOL ARGS...: the session (its column) of the one
# row of TOOL's tsv whose id starts with ID; nothing when none or
# several do.
_wl_session_of() {
	local id=$1 line s= n=0 i
	local _wl_head
	local -a _wl_tsv _wl_f
	shift
	[[ ${#id} -ge 4 && $id != *[^0-9a-f]* ]] || return 0
	_wl_rows "$id" 0 "$@"
	((${#_wl_tsv[@]} > 0)) || return 0
	_wl_cells "$_wl_head"
	i=$(_wl_index session)
	[[ -n $i ]] || return 0
	for line in "${_wl_tsv[@]}"; do
		_wl_cells "$line"
		s=${_wl_f[i]-}
		n=$((n + 1))
	done
	((n == 1)) && printf '%s\n' "$s"
}

# _wl_names TOOL VERB: the names --by and --owner take, of the people of
# the session the command works on: that of -s on the line, else that
# of the record it names (endorse ADVICE, edit ID), else the latest, as
# the programs take it.  A participant by name, else by organisation
# (both resolve); by id when there is neither or another has the same.
# Withdrawn participants are not listed by wl-session people, and so
# not offered.  Matched as the programs resolve: case aside.
_wl_names() {
	local line n id cur=${_wl_cur//\\/} s=
	local _wl_head
	local -a _wl_tsv _wl_f sarg=("${_wl_sarg[@]}") idx names=() pids=()
	local -A count=()
	cur=${cur#[\'\"]}
	if ((${#sarg[@]} == 0)) && [[ -n ${_wl_ops[0]-} ]]; then
		case $1:$2 in
		wl-advice:endorse)
			s=$(_wl_session_of "${_wl_ops[0]}" wl-advice list --all) ;;
		wl-advice:edit)
			s=$(_wl_session_of "${_wl_ops[0]}" wl-advice list --all \
			    --agreements) ;;
		wl-note:edit)
			s=$(_wl_session_of "${_wl_ops[0]}" wl-note list --all) ;;
		esac
		[[ -n $s ]] && sarg=(-s "$s")
	fi
	_wl_rows '' 0 wl-session people "${sarg[@]}"
	((${#_wl_tsv[@]} > 0)) || return 0
	_wl_cells "$_wl_head"
	idx=($(_wl_index id name org))
	((${#idx[@]} == 3)) || return 0
	for line in "${_wl_tsv[@]}"; do
		_wl_cells "$line"
		id=${_wl_f[idx[0]]-}
		n=${_wl_f[idx[1]]-}
		[[ -n $n ]] || n=${_wl_f[idx[2]]-}
		[[ -n $id ]] || continue
		names+=("$n")
		pids+=("$id")
		[[ -n $n ]] && count[${n,,}]=$((${count[${n,,}]-0} + 1))
	done
	COMPREPLY=()
	for id in "${!pids[@]}"; do
		n=${names[id]}
		if [[ -z $n || ${count[${n,,}]} -gt 1 ]]; then
			n=${pids[id]}
		fi
		[[ ${n,,} == "${cur,,}"* ]] || continue
		COMPREPLY+=("$(_wl_quote "$n")")
	done
}

# The status values that fit the record ID names (its type), or all.
_wl_statuses() {
	local id=$1
	local _wl_head
	local -a _wl_tsv
	if [[ -n $id && $id != *[^0-9a-f]* ]]; then
		_wl_rows "$id" 1 wl-advice list --all --agreements
		if ((${#_wl_tsv[@]} > 0)); then
			_wl_words_of "$_wl_agreement_statuses"
			return
		fi
		_wl_rows "$id" 1 wl-advice list --all
		if ((${#_wl_tsv[@]} > 0)); then
			_wl_words_of "$_wl_advice_statuses"
			return
		fi
	fi
	_wl_words_of "$_wl_advice_statuses $_wl_agreement_statuses"
}

# _wl_value TOOL VERB OPTION: complete the value of OPTION.
_wl_value() {
	case $3 in
	-f | --file) _wl_journals ;;
	-o | --output)
		case $1:$2 in
		wl-report:compare) _wl_words_of json ;;
		wl-report:diff) _wl_words_of jsonl ;;
		wl-report:md | wl-report:merge) _wl_files ;;
		*) _wl_words_of "$_wl_formats" ;;
		esac ;;
	-s | --session) _wl_sessions ;;
	-m | --municipality)
		_wl_reply "$(_wl_column municipality wl-session list)" ;;
	-d | --date | --due) _wl_words_of "$(date +%Y-%m-%d 2>/dev/null)" ;;
	-r | --role) _wl_words_of "$_wl_roles" ;;
	-k | --kind) _wl_words_of "$_wl_kinds" ;;
	-b | --block) _wl_words_of '1 2 3' ;;
	-p | --perspective)
		[[ $1 == wl-advice ]] && _wl_words_of "$_wl_perspectives" ;;
	--stance) _wl_words_of "$_wl_stances" ;;
	--status)
		if [[ " ${_wl_words[*]} " == *' --agreements '* ]]; then
			_wl_words_of "$_wl_agreement_statuses"
		else
			_wl_words_of "$_wl_advice_statuses"
		fi ;;
	--lang | --labels) _wl_words_of 'nl en' ;;
	--charts) _wl_words_of 'svg table mermaid none' ;;
	--chart-dir) _wl_files ;;
	--date) COMPREPLY=() ;;
	--by)
		if [[ $1 == wl-report ]]; then
			_wl_words_of 'municipality session'
		else
			_wl_names "$1" "$2"
		fi ;;
	--owner) _wl_names "$1" "$2" ;;
	--advice) _wl_complete_ids text wl-advice list --all ;;
	*) COMPREPLY=() ;;
	esac
}

# _wl_operand TOOL VERB N: complete the N-th operand (from 1) of VERB.
_wl_operand() {
	local -a _wl_ids=() _wl_descr=()
	case $1:$2 in
	wl-session:edit | wl-session:redact)
		[[ $3 -eq 1 ]] && _wl_people ;;
	wl-session:rm)
		[[ $3 -eq 1 ]] || return 0
		_wl_ids 'municipality date title' wl-session list
		_wl_ids 'name org role' wl-session people "${_wl_sarg[@]}"
		_wl_offer ;;
	wl-note:edit | wl-note:rm)
		[[ $3 -eq 1 ]] && _wl_complete_ids 'kind text' wl-note list --all ;;
	wl-note:import) [[ $3 -eq 1 ]] && _wl_files ;;
	wl-advice:endorse)
		[[ $3 -eq 1 ]] && _wl_complete_ids text wl-advice list --all ;;
	wl-advice:status | wl-advice:edit | wl-advice:rm | wl-advice:show)
		if [[ $3 -eq 1 ]]; then
			_wl_ids text wl-advice list --all
			_wl_ids text wl-advice list --all --agreements
			_wl_offer
		elif [[ $3 -eq 2 && $2 == status ]]; then
			_wl_statuses "${_wl_ops[0]}"
		fi ;;
	wl-report:compare | wl-report:check) _wl_journals ;;
	wl-report:merge) _wl_journals ;;
	wl-report:diff) [[ $3 -le 2 ]] && _wl_journals ;;
	esac
}

_wl() {
	local tool=${COMP_WORDS[0]##*/} cword=$COMP_CWORD i w opt=
	local verb= dashdash=
	local -a _wl_words=() _wl_jargs=() _wl_sarg=() _wl_ops=()
	local _wl_cur

	COMPREPLY=()
	# Put "--opt = value" (split at COMP_WORDBREAKS) back together.
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == = && $i -gt 0 && ${_wl_words[-1]} == --* &&
		    ${_wl_words[-1]} != *=* ]]; then
			_wl_words[-1]+==
			[[ $i -eq $COMP_CWORD ]] && cword=$((${#_wl_words[@]} - 1))
			if ((i + 1 < ${#COMP_WORDS[@]} && i + 1 <= COMP_CWORD)); then
				i=$((i + 1))
				_wl_words[-1]+=${COMP_WORDS[i]}
				[[ $i -eq $COMP_CWORD ]] &&
				    cword=$((${#_wl_words[@]} - 1))
			fi
			continue
		fi
		[[ $i -eq $COMP_CWORD ]] && cword=${#_wl_words[@]}
		_wl_words+=("$w")
	done
	_wl_cur=${_wl_words[cword]-}

	# The verb, the operands so far, the journal (-f) and session (-s).
	for ((i = 1; i < cword; i++)); do
		w=${_wl_words[i]}
		if [[ -n $dashdash || $w != -?* ]]; then
			if [[ -z $verb && -z $dashdash ]]; then
				verb=$w
			else
				_wl_ops+=("$w")
			fi
			continue
		fi
		case $w in
		--) dashdash=1; continue ;;
		--*=*) opt=${w%%=*} w=${w#*=} ;;
		*)
			[[ $_wl_valued == *" $w "* ]] || continue
			opt=$w
			((i + 1 < cword)) || break
			i=$((i + 1))
			w=${_wl_words[i]} ;;
		esac
		# undo simple quoting: a\ b, 'a b', "a b"
		w=${w//\\/}
		[[ $w == [\'\"]* ]] && w=${w:1} && w=${w%[\'\"]}
		case $opt in
		-f | --file) [[ $w != - ]] && _wl_jargs+=(-f "${w/#\~/$HOME}") ;;
		-s | --session) _wl_sarg=(-s "$w") ;;
		esac
	done
	# wl-report's verb is its first argument or none (md, the report)
	if [[ $tool == wl-report && $cword -gt 1 ]]; then
		if [[ " $(_wl_verbs wl-report) " != *" ${_wl_words[1]} "* ]]; then
			[[ -n $verb ]] && _wl_ops=("$verb" "${_wl_ops[@]}")
			verb=md
		fi
	fi

	# The value of an option: "--opt=val", or the word after "-o".
	if [[ -z $dashdash && $_wl_cur == --*=* ]]; then
		opt=${_wl_cur%%=*}
		_wl_cur=${_wl_cur#*=}
		_wl_value "$tool" "${verb:-md}" "$opt"
		if [[ $COMP_WORDBREAKS != *=* ]]; then
			COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
		fi
		return 0
	fi
	w=${_wl_words[cword - 1]-}
	if [[ $cword -gt 1 && -z $dashdash && $_wl_valued == *" $w "* ]]; then
		# ...unless that option was itself the value of another
		i=$((cword - 2))
		if ! [[ $i -ge 1 && $_wl_valued == *" ${_wl_words[i]} "* ]]; then
			_wl_value "$tool" "${verb:-md}" "$w"
			return 0
		fi
	fi

	if [[ -z $verb ]]; then
		if [[ $_wl_cur == -* ]]; then
			if [[ $tool == wl-report ]]; then
				_wl_words_of "$(_wl_options wl-report md)"
			else
				_wl_words_of "$(_wl_options "$tool" '')"
			fi
		else
			_wl_words_of "$(_wl_verbs "$tool")"
		fi
		return 0
	fi
	if [[ -z $dashdash && $_wl_cur == -* ]]; then
		_wl_words_of "$(_wl_options "$tool" "$verb")"
		return 0
	fi
	_wl_operand "$tool" "$verb" $((${#_wl_ops[@]} + 1))
	return 0
}

complete -F _wl wl-session wl-note wl-advice wl-report
