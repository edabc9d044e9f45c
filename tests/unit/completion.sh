#!/bin/sh
# The bash completion (scripts/completion/rawbpf.bash), driven the way bash
# drives it: COMP_WORDS and COMP_CWORD set, _rawbpf called, COMPREPLY read.
# `rawbpf run <TAB>` offers the BPF objects of the folder, `run -<TAB>` the
# options, `--only <TAB>` and `--skip <TAB>` the object's programs (read
# with rawbpf inspect --json), `--set <TAB>` its globals.
. tests/lib.sh

if ! command -v bash >/dev/null 2>&1; then
	skip "completion_registered" "no bash"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A folder with objects and something else, and rawbpf by an absolute path
# (the completion runs the rawbpf it completes).
mkdir "$tmp/objs" "$tmp/objs/sub"
cp "$O/examples/globals.bpf.o" "$O/examples/ringbuf.bpf.o" "$tmp/objs/"
: >"$tmp/objs/notes.txt"
case $RAWBPF in /*) rb=$RAWBPF ;; *) rb=$PWD/$RAWBPF ;; esac
script=$PWD/scripts/completion/rawbpf.bash

# complete WORDS...: the completions of the last word (empty: a new word),
# one a line, sorted, computed in $tmp/objs.
complete_words() {
	(cd "$tmp/objs" && bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_rawbpf
		[ ${#COMPREPLY[@]} -gt 0 ] && printf "%s\n" "${COMPREPLY[@]}" | sort -u' sh "$script" "$@")
}
# expect NAME EXPECTED-LINES WORDS...
expect() {
	name=$1 want=$2; shift 2
	got=$(complete_words "$@" 2>"$tmp/err" | tr '\n' ' ')
	if [ "$got" = "$want" ]; then ok "$name"
	else not_ok "$name" "got '$got', expected '$want' $(head -2 "$tmp/err")"; fi
}

reg=$(bash --norc --noprofile -c '. "$1" && complete -p rawbpf' sh "$script" 2>&1)
if [ "$reg" = "complete -F _rawbpf rawbpf" ]; then ok "completion_registered"
else not_ok "completion_registered" "complete -p rawbpf: $reg"; fi

expect "completion_run_offers_objects" "globals.bpf.o ringbuf.bpf.o sub " "$rb" run ""
expect "completion_first_word_offers_commands_and_objects" \
	"disasm globals.bpf.o inspect load ringbuf.bpf.o run sub " "$rb" ""
expect "completion_run_prefix" "globals.bpf.o " "$rb" run g
got=$(complete_words "$rb" run -- | tr '\n' ' ')
miss=""
for o in --only --skip --set --json --duration --interval --no-printk --help; do
	case " $got " in *" $o "*) ;; *) miss="$miss $o" ;; esac
done
if [ -z "$miss" ]; then ok "completion_run_dash_offers_options"
else not_ok "completion_run_dash_offers_options" "missing:$miss in '$got'"; fi
expect "completion_inspect_options" "--help --json --version " "$rb" inspect globals.bpf.o --
expect "completion_only_offers_programs" "globals globals_exit " "$rb" run globals.bpf.o --only ""
expect "completion_only_after_options" "globals_exit " "$rb" run --json globals.bpf.o --duration 1 --only globals_
expect "completion_skip_offers_programs" "ringbuf_enter ringbuf_exit " "$rb" run ringbuf.bpf.o --skip ""
expect "completion_set_offers_globals" "knob_multiplier= knob_tag= " "$rb" load globals.bpf.o --set knob
expect "completion_disasm_offers_programs" "globals globals_exit " "$rb" disasm globals.bpf.o ""
expect "completion_only_without_object_offers_nothing" "" "$rb" run --only ""
got=$(complete_words "$rb" run globals.bpf.o -- bas | tr '\n' ' ')
case " $got " in
*" bash "*) ok "completion_after_dashdash_offers_commands" ;;
*) not_ok "completion_after_dashdash_offers_commands" "no bash in '$got'" ;;
esac
