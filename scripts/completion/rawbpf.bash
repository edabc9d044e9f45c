# bash completion for rawbpf(1). Installed as
# share/bash-completion/completions/rawbpf (loaded on demand by
# bash-completion), or sourced directly. Needs nothing but bash itself.
#
#   rawbpf <TAB>                 commands, BPF objects (*.o) and directories
#   rawbpf run <TAB>             BPF objects and directories; -<TAB>: options
#   rawbpf run X.o --only <TAB>  the programs of X.o (rawbpf inspect --json)
#   rawbpf load X.o --set <TAB>  the globals of X.o, as NAME=
#   rawbpf run X.o -- <TAB>      commands, then their arguments as files

# The program and global names of the object FILE: "programs" or "globals".
# The names are the "name" members of that array of `rawbpf inspect --json`;
# the arrays' entries hold no other "name" member.
_rawbpf_names() { # RAWBPF FILE programs|globals
	local json part
	json=$("$1" inspect --json "$2" 2>/dev/null) || return
	case $json in *"\"$3\":["*) ;; *) return ;; esac
	part=${json#*\"$3\":[}
	# The array ends where the next top-level member starts.
	part=${part%%\],\"[a-z_]*\":*}
	part=${part%%\]\}}
	printf '%s\n' "$part" | grep -o '"name":"[^"]*"' | sed 's/^"name":"//; s/"$//'
}

_rawbpf() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local rb=${COMP_WORDS[0]} cmd="" file="" npos=0 i w
	local commands="run load inspect disasm"
	local argopts="--set --pin --only --skip --pid --sample --pages --event-type --interval --duration"

	# The rawbpf being completed, if it is a path that runs; else from PATH.
	[[ $rb == */* && -x $rb ]] || rb=rawbpf
	COMPREPLY=()

	# The words before the cursor: command, FILE, and "--" (then COMMAND).
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == -- ]]; then
			# COMMAND [ARG]...: a command first, then files.
			if ((COMP_CWORD == i + 1)); then
				COMPREPLY=($(compgen -c -- "$cur"))
			else
				COMPREPLY=($(compgen -f -- "$cur"))
				compopt -o filenames 2>/dev/null
			fi
			return
		elif [[ " $argopts " == *" $w "* ]]; then
			((i++))
		elif [[ $w == --btf ]]; then
			# Its argument is optional: a following word that is not an
			# option or an object is it (as the parser decides).
			w=${COMP_WORDS[i+1]}
			[[ $w != -* && $w != *.o && i+1 -lt COMP_CWORD ]] && ((i++))
		elif [[ $w == -* ]]; then
			:
		elif [[ -z $cmd && -z $file && " $commands " == *" $w "* ]]; then
			cmd=$w
		elif [[ -z $file ]]; then
			file=$w
		else
			((npos++))
		fi
	done

	case $prev in
	--only|--skip)
		[[ -n $file ]] && COMPREPLY=($(compgen -W "$(_rawbpf_names "$rb" "$file" programs)" -- "$cur"))
		return ;;
	--set)
		if [[ -n $file ]]; then
			COMPREPLY=($(compgen -W "$(_rawbpf_names "$rb" "$file" globals | sed 's/$/=/')" -- "$cur"))
			compopt -o nospace 2>/dev/null
		fi
		return ;;
	--pin)
		COMPREPLY=($(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
		return ;;
	--btf)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		return ;;
	--pid)
		COMPREPLY=($(compgen -W "$(cd /proc 2>/dev/null && echo [0-9]*)" -- "$cur"))
		return ;;
	--sample)
		COMPREPLY=($(compgen -W "cpu-clock:99 task-clock:99 cycles:99 instructions:99" -- "$cur"))
		return ;;
	--pages)
		COMPREPLY=($(compgen -W "1 2 4 8 16 32 64 128 256" -- "$cur"))
		return ;;
	--event-type|--interval|--duration)
		return ;;
	esac

	if [[ $cur == -* ]]; then
		local opts="--help --version"
		case ${cmd:-run} in
		run)     opts="$opts --set --btf --explain --dry-run --only --skip --pid --sample --pages
		          --event-type --json --no-printk --interval --duration --" ;;
		load)    opts="$opts --set --btf --pin --explain --dry-run --json" ;;
		inspect) opts="$opts --json" ;;
		disasm)  opts="$opts --btf" ;;
		esac
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	if [[ -z $file ]]; then
		# An object: *.o (*.bpf.o among them) and directories to find one in;
		# the commands too while none is given.
		[[ -z $cmd ]] && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		COMPREPLY+=($(compgen -f -X '!*.o' -- "$cur") $(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
	elif [[ $cmd == disasm && $npos == 0 ]]; then
		COMPREPLY=($(compgen -W "$(_rawbpf_names "$rb" "$file" programs)" -- "$cur"))
	fi
}
complete -F _rawbpf rawbpf
