#!/bin/sh
# Real tools' objects run with no user space of their own (issue 13).
# Every BPF object embedded in Debian's libbpf-tools binaries is extracted
# (tests/tools/extract_bpf); for each tool whose own binary prints output on
# a kernel like this one (6.18 without kprobes), `rawbpf run` loads its
# object with the arguments the tool's user space would compute (below, per
# tool), runs a workload for at most 2 seconds, and must attach and print
# the same kind of output: events, a histogram, symbolized stacks, map
# entries, or global variables. The table at the end says, for every tool
# of the package, what its own binary does here and what rawbpf does.
. tests/lib.sh
need_kernel "libbpf_tools_run"

if ! dpkg-query -W -f='${Status}' libbpf-tools 2>/dev/null | grep -q "install ok installed"; then
	skip "libbpf_tools_run" "package libbpf-tools is not installed (scripts/deps.sh)"
	exit 0
fi
T=$(mktemp -d)
# A workload cut short by --duration may leave its tmpfs mounted.
cleanup() {
	[ -n "${keeper:-}" ] && kill "$keeper" 2>/dev/null
	for m in "$T"/rawbpf_tools_mnt.*; do
		[ -d "$m" ] && { umount "$m" 2>/dev/null; rmdir "$m"; }
	done
	rm -rf "$T"
}
trap cleanup EXIT
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
# A tmpfs mounted, written and unmounted (mountsnoop).
W_MOUNT="m=$T/rawbpf_tools_mnt.\$\$; mkdir \$m && mount -t tmpfs rawbpf_tools_src \$m &&
	touch \$m/f && umount \$m; rmdir \$m; sleep 0.2"
# Two loopback TCP connections, each carrying data both ways (tcplife, tcpstates).
cat >"$T/tcp.py" <<'EOF'
import socket, threading
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(4)
def serve():
    for _ in range(2):
        c, _a = s.accept()
        c.recv(4096)
        c.sendall(b"x" * 65536)
        c.close()
t = threading.Thread(target=serve)
t.start()
for _ in range(2):
    c = socket.create_connection(s.getsockname())
    c.sendall(b"y" * 1000)
    while c.recv(65536):
        pass
    c.close()
t.join()
s.close()
EOF
W_TCP="python3 $T/tcp.py; sleep 0.2"
# An interactive bash reading two lines through readline, on script's pty.
W_BASH="printf 'echo rawbpf_tools_line\\nexit\\n' |
	script -q -c 'bash --norc --noprofile -i' /dev/null >/dev/null 2>&1; sleep 0.2"

# The bytes of STRING as the hex dump of an undecoded event shows them.
hex() { printf %s "$1" | od -An -tx1 -v | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'; }

# run TOOL[:OBJECT] KIND WORKLOAD [RAWBPF ARGS...]: KIND is events, hist,
# stacks (kernel and user), kstacks (kernel), map, globals (an element of a
# .bss or .data array, or a scalar, not zero) or globalhist (a histogram
# under an element of a .bss or .data array): what the tool's own output is
# made of; events=TEXT: events, one with TEXT in it (as printed, or its
# bytes in hex when the event is not decoded).
# OBJECT: the object when TOOL is another name of its binary (killsnoop).
run() {
	tool=${1%%:*} kind=${2%%=*} work=$3
	want=""
	case $2 in *=*) want=${2#*=} ;; esac
	obj=$T/${1#*:}.bpf.o
	shift 3
	if [ ! -f "$obj" ]; then
		not_ok "$tool" "no object extracted for $tool"
		return
	fi
	"$RAWBPF" run "$obj" --duration 2 "$@" -- sh -c "$work" >"$T/out" 2>"$T/err"
	rc=$?
	why=""
	[ "$rc" = 0 ] || why="exit status $rc"
	grep -q ": attached [1-9]" "$T/err" || why="${why:+$why, }nothing attached"
	case $kind in
	events) grep -q '^[a-z_]*  *cpu [0-9]' "$T/out" || grep -q '^events ' "$T/out" ||
		why="${why:+$why, }no event printed"
		[ -z "$want" ] || grep -q -e "$want" -e "$(hex "$want")" "$T/out" ||
			why="${why:+$why, }no event with \"$want\"" ;;
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
# offcputime_user_frame_needs_live_process: the stacks print after the
# command ended, symbolized through /proc/PID/maps, when the workload's
# processes are gone (their frames print as bare addresses). A user frame
# in a library then came only from processes that happened to be alive: the
# dynamically linked rawbpf's own epoll_wait in libc, or other programs on
# the machine; the static rawbpf's frames are in itself (stripped), so its
# run passed or not by what else ran. Here a process of the test's own
# blocks in libc's select() (perl) all along and outlives the print.
perl -e 'select(undef, undef, undef, 0.02) while 1' &
keeper=$!
run offcputime stacks "$W_SLEEP"
kill "$keeper"
wait "$keeper" 2>/dev/null
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
# killsnoop is sigsnoop's binary under another name: kill(2) only, so the
# tool loads kill_entry and kill_exit alone.
run killsnoop:sigsnoop events=sig=10 "$W_SIG" --only kill_entry --only kill_exit
# bashreadline: a uretprobe on readline in /bin/bash (the tool's default
# binary), which the section leaves without a path.
run bashreadline events=rawbpf_tools_line "$W_BASH" --attach printret=/bin/bash:readline
run mountsnoop events=rawbpf_tools_src "$W_MOUNT"
# tcplife and tcpstates: one tracepoint each; their events hold the
# addresses (127.0.0.1 here: the bytes 7f 00 00 01).
run tcplife events="7f 00 00 01" "$W_TCP"
run tcpstates events="7f 00 00 01" "$W_TCP"

# Every tool of the package on this kernel (6.18, CONFIG_KPROBES off, a VM
# without cpufreq or hardware cache events), each run for 5 seconds as root
# (`timeout -s INT 5`) while exec, open/stat, create+unlink, a tmpfs
# mount/umount, loopback TCP, kill, fsync'd and direct I/O on ext4, a
# readline in an interactive bash and sleeps went on. "fentry EPERM": this
# kernel refuses every fentry/fexit program load with EPERM (rawbpf too).
#
# tool           its own binary here                          rawbpf here
# bashreadline   events                                       events (above)
# bindsnoop      fails: verifier (inet_sock.freebind is gone) same; kprobes anyway
# biolatency     histogram                                    histogram (above)
# biopattern     table                                        map (above)
# biosnoop       fails: fentry EPERM                          same (tp_btf 3 of 5 attach)
# biostacks      fails: fentry EPERM                          same
# biotop         fails: no kprobes                            same
# bitesize       histogram                                    histogram (above)
# cachestat      fails: fentry EPERM                          same
# capable        fails: no kprobes                            same
# cpudist        histogram                                    histogram (above)
# cpufreq        fails: no cpufreq in sysfs                   not run
# drsnoop        header only: no direct reclaim               not run (attaches, no event)
# execsnoop      events                                       events (above)
# exitsnoop      events                                       events (above)
# filelife       fails: no kprobes                            same
# filetop        fails: no kprobes                            same
# fsdist (-t ext4; btrfs/ext4/nfs/xfsdist are fsdist)
#                fails: fentry EPERM, then no kprobes         same
# fsslower (-t ext4; btrfs/ext4/nfs/xfsslower are fsslower)
#                fails: fentry EPERM, then no kprobes         same
# funclatency    fails: no kprobes                            same
# gethostlatency events                                       events (above)
# hardirqs       table                                        map (above)
# javagc         fails: libbpf's USDT attach chokes on        events (above, usdt_hotspot)
#                [vsyscall] in /proc/PID/maps
# klockstat      fails: fentry EPERM, then no kprobes         same
# ksnoop         fails: no kprobes                            same
# llcstat        fails: no hardware cache events              not run
# mdflush        fails: no md_flush_request (no md)           same
# mountsnoop     events                                       events (above)
# numamove       fails: no migrate_misplaced_page in 6.18     same
# offcputime     stacks                                       stacks (above)
# oomkill        fails: no kprobes                            same
# opensnoop      events                                       events (above)
# readahead      fails: no do_page_cache_ra in the BTF        same
# runqlat        histogram                                    histogram (above)
# runqlen        fails: verifier (cfs_rq.nr_running is gone)  same
# runqslower     events (threshold 1 us)                      events (above)
# sigsnoop       events                                       events (above)
# killsnoop      events                                       events (above)
# slabratetop    fails: no kprobes                            same
# softirqs       table; histograms with -d                    globals, globalhist (above)
# solisten       fails: fexit EPERM, then no kprobes          same
# statsnoop      header only: looks for its tracepoints under events (above)
#                /sys/kernel/debug/tracing, finds none, attaches nothing
# syscount       table                                        map (above)
# tcpconnect     fails: no kprobes                            same
# tcpconnlat     fails: fentry EPERM, then no kprobes         same
# tcplife        events                                       events (above)
# tcprtt         fails: fentry EPERM, then no kprobes         same
# tcpstates      events                                       events (above)
# tcpsynbl       fails: fentry EPERM, then no kprobes         same
# tcptop         fails: no kprobes                            same
# tcptracer      fails: no kprobes                            same
# vfsstat        fails: fentry EPERM, then no kprobes         same
# wakeuptime     kernel stacks                                kstacks (above)
