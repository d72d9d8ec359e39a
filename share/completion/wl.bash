# wl.bash - bash completion for wl-session, wl-note, wl-advice, wl-report
#
# Source it (". share/completion/wl.bash"), or install it as
# $PREFIX/share/bash-completion/completions/wl-note (and the other three
# names), where bash-completion loads it on first use.  It needs nothing
# but bash: bash-completion's helpers are not used.
#
# Verbs, options and their fixed values come from the lists below (they
# mirror each program's --help).  Ids come from the journal the command
# line names (-f, else $WL_JOURNAL, else ./werklab.jsonl), read through
# the programs' own "list -o tsv" with standard input from /dev/null and
# errors thrown away: completing never prints a message and, bounded by
# timeout(1) where there is one, never hangs.

_wl_kinds='expectation question observation do dont idea quote'
_wl_roles='civil-servant initiator manager facilitator other'
_wl_perspectives='self initiators organisation colleagues'
_wl_stances='endorse reservations object'
_wl_advice_statuses='presented adopted rejected implemented'
_wl_agreement_statuses='done dropped'
_wl_formats='table tsv csv jsonl json'

# Options that take a value, in any of the four programs.
_wl_valued=' -f --file -o --output -s --session --max-errors -m
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
	local common='-f --file -o --output --max-errors -h --help --version'
	local s='-s --session'
	case $1:$2 in
	wl-session:new) echo "-m --municipality -d --date -p --pilot" \
	    "--series --title --location --facilitator" ;;
	wl-session:list) echo '--municipality' ;;
	wl-session:show) echo "$s" ;;
	wl-session:join) echo "$s -r --role -n --name --org --consent" ;;
	wl-session:people) echo "$s --anonymous" ;;
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
	    "-t --tag --grep --anonymous --view" ;;
	wl-note:edit) echo '--text -k --kind -b --block -t --tag --by' ;;
	wl-note:import) echo "$s" ;;
	wl-advice:add) echo "$s -p --perspective -t --tag" ;;
	wl-advice:endorse) echo '--by --stance --reason' ;;
	wl-advice:agree) echo "$s --owner --owner-text --due --advice" ;;
	wl-advice:status) echo '--date --note' ;;
	wl-advice:list) echo "$s --all --municipality -p --perspective" \
	    "--status --open --agreements --anonymous --view" ;;
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

# _wl_column N TOOL ARGS...: column N (from 1) of TOOL's tsv, header
# skipped, empty cells and duplicates left out.
_wl_column() {
	local col=$1 line i=0 k seen=$'\n' c
	shift
	while IFS= read -r line; do
		i=$((i + 1))
		[[ $i -eq 1 ]] && continue
		# cut -f by hand: an empty cell is a cell
		c=$line
		for ((k = 1; k < col; k++)); do
			[[ $c == *$'\t'* ]] || c=
			c=${c#*$'\t'}
		done
		c=${c%%$'\t'*}
		[[ -z $c || $seen == *$'\n'"$c"$'\n'* ]] && continue
		seen+="$c"$'\n'
		printf '%s\n' "$c"
	done < <(_wl_run "$@")
}

# _wl_reply WORDS: the words (one a line) that start with $cur, quoted
# for the shell.
_wl_reply() {
	local w cur=${_wl_cur//\\/}
	COMPREPLY=()
	while IFS= read -r w; do
		[[ -n $w && $w == "$cur"* ]] || continue
		if [[ $w == *[^A-Za-z0-9_./:@%+-]* ]]; then
			w=$(printf '%q' "$w")
		fi
		COMPREPLY+=("$w")
	done <<<"$1"
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
	_wl_reply "$(_wl_column 1 wl-session list)"
}

_wl_people() {
	_wl_reply "$(_wl_column 1 wl-session people "${_wl_sarg[@]}")"
}

# The status values that fit the record ID names (its type), or all.
_wl_statuses() {
	local id=$1 a
	if [[ -n $id ]]; then
		for a in $(_wl_column 1 wl-advice list --all --agreements); do
			if [[ $a == "$id"* ]]; then
				_wl_words_of "$_wl_agreement_statuses"
				return
			fi
		done
		for a in $(_wl_column 1 wl-advice list --all); do
			if [[ $a == "$id"* ]]; then
				_wl_words_of "$_wl_advice_statuses"
				return
			fi
		done
	fi
	_wl_words_of "$_wl_advice_statuses $_wl_agreement_statuses"
}

# _wl_value TOOL VERB OPTION: complete the value of OPTION.
_wl_value() {
	case $3 in
	-f | --file) _wl_files ;;
	-o | --output)
		case $1:$2 in
		wl-report:compare) _wl_words_of json ;;
		wl-report:diff) _wl_words_of jsonl ;;
		wl-report:md | wl-report:merge) _wl_files ;;
		*) _wl_words_of "$_wl_formats" ;;
		esac ;;
	-s | --session) _wl_sessions ;;
	-m | --municipality) _wl_reply "$(_wl_column 3 wl-session list)" ;;
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
	--lang) _wl_words_of 'nl en' ;;
	--charts) _wl_words_of 'svg table mermaid none' ;;
	--chart-dir) _wl_files ;;
	--date) COMPREPLY=() ;;
	--by)
		if [[ $1 == wl-report ]]; then
			_wl_words_of 'municipality session'
		else
			_wl_people
		fi ;;
	--owner) _wl_people ;;
	--advice) _wl_reply "$(_wl_column 1 wl-advice list --all)" ;;
	*) COMPREPLY=() ;;
	esac
}

# _wl_operand TOOL VERB N: complete the N-th operand (from 1) of VERB.
_wl_operand() {
	case $1:$2 in
	wl-session:edit | wl-session:redact)
		[[ $3 -eq 1 ]] && _wl_people ;;
	wl-session:rm)
		[[ $3 -eq 1 ]] && _wl_reply "$(_wl_column 1 wl-session list
		    _wl_column 1 wl-session people "${_wl_sarg[@]}")" ;;
	wl-note:edit | wl-note:rm)
		[[ $3 -eq 1 ]] &&
		    _wl_reply "$(_wl_column 1 wl-note list --all)" ;;
	wl-note:import) [[ $3 -eq 1 ]] && _wl_files ;;
	wl-advice:endorse)
		[[ $3 -eq 1 ]] &&
		    _wl_reply "$(_wl_column 1 wl-advice list --all)" ;;
	wl-advice:status | wl-advice:edit | wl-advice:rm | wl-advice:show)
		if [[ $3 -eq 1 ]]; then
			_wl_reply "$(_wl_column 1 wl-advice list --all
			    _wl_column 1 wl-advice list --all --agreements)"
		elif [[ $3 -eq 2 && $2 == status ]]; then
			_wl_statuses "${_wl_ops[0]}"
		fi ;;
	wl-report:compare | wl-report:check | wl-report:merge) _wl_files ;;
	wl-report:diff) [[ $3 -le 2 ]] && _wl_files ;;
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
