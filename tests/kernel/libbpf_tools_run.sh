#!/bin/sh
# Real tools' objects run with no user space of their own (issue 13).
# Every BPF object embedded in Debian's libbpf-tools binaries is extracted
# (tests/tools/extract_bpf); for each tool whose own binary prints output on
# a kernel like this one (6.18 without kprobes), `rawbpf run` loads its
# object with the arguments the tool's user space would compute (below, per
# tool), runs a workload for at most 2 seconds, and must attach and print
# the same kind of output: events, a histogram, symbolized stacks, map
# entries, or global variables. Tools whose own binary needs kprobes (CONFIG_KPROBES is off
# here) or hardware this machine lacks are left out: the report of issue
# 13 has the table.
. tests/lib.sh
need_kernel "libbpf_tools_run"

if ! dpkg-query -W -f='${Status}' libbpf-tools 2>/dev/null | grep -q "install ok installed"; then
	skip "libbpf_tools_run" "package libbpf-tools is not installed (scripts/deps.sh)"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
H=$(pwd)/$O/tests/tools/usdt_hotspot
for p in $(dpkg -L libbpf-tools | grep '^/usr/sbin/.'); do
	[ -f "$p" ] && [ ! -L "$p" ] && "$O/tests/tools/extract_bpf" "$p" "$T" >/dev/null 2>&1
done
echo "# $(ls "$T" | wc -l) objects extracted"

# The workloads: processes, files, signals, direct disk I/O, a name lookup.
W_PROC='for i in 1 2 3; do ls / >/dev/null; cat /etc/hostname >/dev/null; done; sleep 0.3'
W_SIG='sleep 5 & p=$!; sleep 0.2; kill -0 $p; kill -USR1 $p; sleep 0.2'
W_DISK="dd if=/dev/zero of=$T/dd bs=4k count=64 oflag=direct 2>/dev/null; sleep 0.3"
W_SLEEP='for i in 1 2 3 4 5; do sleep 0.05; cat /etc/hostname >/dev/null; done'

# run TOOL KIND WORKLOAD [RAWBPF ARGS...]: KIND is events, hist, stacks
# (kernel and user), kstacks (kernel), map, globals (an element of a .bss or
# .data array, or a scalar, not zero) or globalhist (a histogram under an
# element of a .bss or .data array): what the tool's own output is made of.
run() {
	tool=$1 kind=$2 work=$3
	shift 3
	obj=$T/$tool.bpf.o
	if [ ! -f "$obj" ]; then
		not_ok "$tool" "no object extracted from /usr/sbin/$tool"
		return
	fi
	"$RAWBPF" run "$obj" --duration 2 "$@" -- sh -c "$work" >"$T/out" 2>"$T/err"
	rc=$?
	why=""
	[ "$rc" = 0 ] || why="exit status $rc"
	grep -q ": attached [1-9]" "$T/err" || why="${why:+$why, }nothing attached"
	case $kind in
	events) grep -q '^[a-z_]*  *cpu [0-9]' "$T/out" || grep -q '^events ' "$T/out" ||
		why="${why:+$why, }no event printed" ;;
	hist) grep -q ' -> .*: [1-9][0-9]* *|\*' "$T/out" || why="${why:+$why, }no histogram row with a count" ;;
	kstacks) grep -q '^    [a-z_][a-z_0-9.]*+0x[0-9a-f]*$' "$T/out" || why="${why:+$why, }no symbolized kernel frame" ;;
	stacks) grep -q '^    [a-z_][a-z_0-9.]*+0x[0-9a-f]*$' "$T/out" || why="${why:+$why, }no symbolized kernel frame"
		grep -q '^    [a-zA-Z_][a-zA-Z_0-9.@]*+0x[0-9a-f]* \[lib' "$T/out" ||
			why="${why:+$why, }no symbolized user frame" ;;
	map) grep -q '^@[a-z_]*\[.*\]: ' "$T/out" || why="${why:+$why, }no map entry printed" ;;
	globals) grep -q '^@[a-z_]* (\.\(bss\|data\)[^)]*, [1-9][0-9]* non-zero):$' "$T/out" ||
		grep -q '^@[a-z_]* (\.\(bss\|data\)[^)]*): [1-9]' "$T/out" ||
		why="${why:+$why, }no global variable printed" ;;
	globalhist) grep -q '^@[a-z_]* (\.\(bss\|data\)[^)]*, [1-9][0-9]* non-zero):$' "$T/out" &&
		sed -n '/^@[a-z_]* (\.\(bss\|data\)/,$p' "$T/out" | grep -A1 '^@[a-z_]*\[[0-9]*\]:$' |
		grep -q '^ *value  *: count  *distribution$' &&
		grep -q ' -> .*: [1-9][0-9]* *|\*' "$T/out" || why="${why:+$why, }no histogram under a global's element" ;;
	esac
	echo "# $tool: $(grep -c . "$T/out") lines; $(grep ': attached' "$T/err")"
	if [ -z "$why" ]; then
		ok "$tool: attaches and prints $kind"
	else
		not_ok "$tool: attaches and prints $kind" "$why"
		tail -4 "$T/err" | sed 's/^/#   /'
	fi
}

# Each tool's arguments: what its user space computes at run time.
run execsnoop events "$W_PROC"
run exitsnoop events "$W_PROC"
run opensnoop events "$W_PROC"
run statsnoop events "$W_PROC"
run sigsnoop events "$W_SIG"
run runqslower events "$W_SLEEP"
# syscount counts by syscall in @data (start: per-thread entry times, printed
# since syscount never deletes them).
run syscount map "$W_PROC"
run hardirqs map "$W_DISK"
run biopattern map "$W_DISK"
# runqlat and biolatency: tp_btf where the kernel has it (the tool turns the
# raw_tp versions off); biolatency without -Q also leaves out block_rq_insert.
run runqlat hist "$W_SLEEP" --only sched_wakeup --only sched_wakeup_new --only sched_switch
run biolatency hist "$W_DISK" --only block_rq_issue_btf --only block_rq_complete_btf
run bitesize hist "$W_DISK"
# cpudist: on-CPU time per scheduling, tp_btf version (the tool turns the
# raw_tp one off where tp_btf exists).
run cpudist hist "$W_SLEEP" --only sched_switch_btf
# softirqs keeps its results in .bss globals: counts[] (time per softirq
# vector), or with targ_dist set, hists[] (a struct hist per vector); the
# tp_btf programs (the tool turns the raw_tp ones off where tp_btf exists).
run softirqs globals "$W_DISK" --only softirq_entry_btf --only softirq_exit_btf
run softirqs globalhist "$W_DISK" --only softirq_entry_btf --only softirq_exit_btf --set targ_dist=1
# offcputime and wakeuptime: the stack map's value_size and max_entries are
# 0 in the object (the tool sets them): the defaults apply.
run offcputime stacks "$W_SLEEP"
# wakeuptime's stacks are the waker's kernel stacks.
run wakeuptime kstacks "$W_SLEEP" --maps counts
# gethostlatency attaches its kprobe-section programs to libc as uprobes.
run gethostlatency events "getent ahosts localhost >/dev/null; sleep 0.2" \
	--attach handle_entry=libc:getaddrinfo --attach handle_return=libc:getaddrinfo
# javagc attaches to libjvm.so's hotspot USDT probes: here usdt_hotspot's.
run javagc events "$H 10 20" --attach handle_gc_start="$H":hotspot:gc__begin \
	--attach handle_gc_end="$H":hotspot:gc__end \
	--attach handle_mem_pool_gc_start="$H":hotspot:mem__pool__gc__begin \
	--attach handle_mem_pool_gc_end="$H":hotspot:mem__pool__gc__end
