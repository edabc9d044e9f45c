#!/bin/sh
# `rawbpf run` attaching beyond tracing (issue 14), each kind end to end with
# the examples: in a network namespace of its own (this script re-runs itself
# under unshare -n) with a veth pair whose peer is in a second namespace.
#   xdp_counts_pings            xdp_count on veth0 counts the peer's ICMP
#                               echoes; nothing left on veth0 after
#   tcx_drops_port              tc_drop (tcx link) makes a TCP connect to the
#                               port fail while it runs, succeed after
#   netlink_tc_drops_port       the same through clsact + a bpf filter
#                               (RAWBPF_TC_NETLINK=1), filter and qdisc gone
#   netlink_tc_killed_cleaned   a SIGKILLed run's filter is removed by the
#                               next run
#   cgroup_skb_counts_member    cgroup_count on a cgroup made here counts the
#                               UDP datagrams of a process in it
#   iter_task_lists_own_pid     iter_tasks prints this shell's pid
#   struct_ops_cc_link / _update  tcp_cc registered (link / map update),
#                               chosen with TCP_CONGESTION by a loopback
#                               connection that carries 1 MB, gone after
#   killed_run_leaves_nothing  SIGKILL of rawbpf while xdp_count and
#                               tcp_cc are attached: the links, the xdp
#                               program and the congestion control go with it
#   uprobe_multi_counts         uprobe_multi counts 3 calls of the target
#   perf_links                  --links: the tracepoint through a
#                               BPF_PERF_EVENT link, and it runs
#   kprobe_multi_message        (no kprobes here) the refusal says why
. tests/lib.sh
names="killed_run_leaves_nothing xdp_counts_pings tcx_drops_port netlink_tc_drops_port netlink_tc_killed_cleaned cgroup_skb_counts_member iter_task_lists_own_pid struct_ops_cc_link struct_ops_cc_update uprobe_multi_counts perf_links kprobe_multi_message"
need_kernel $names
if [ -z "${ATTACH_BEYOND_NETNS:-}" ]; then
	if ! command -v unshare >/dev/null || ! command -v ip >/dev/null || ! command -v python3 >/dev/null; then
		for t in $names; do skip "$t" "needs unshare, iproute2 and python3"; done
		exit 0
	fi
	ATTACH_BEYOND_NETNS=1 exec unshare -n sh "$0" "$@"
fi
PY=$(command -v python3)
T=$(mktemp -d)
peer=""
pids=""
CG=""
cleanup() {
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	[ -n "$peer" ] && kill -9 "$peer" 2>/dev/null
	[ -n "$CG" ] && rmdir "$CG" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
result() { if [ -z "$2" ]; then ok "$1"; else not_ok "$1" "$2"; fi; }
# The peer namespace: a sleeping child, entered with nsenter.
unshare -n sleep 600 &
peer=$!
sleep 0.2
ip link set lo up
ip link add veth0 type veth peer name veth1
ip link set veth1 netns "$peer"
ip addr add 10.99.0.1/24 dev veth0 && ip link set veth0 up
nsenter -t "$peer" -n sh -c 'ip addr add 10.99.0.2/24 dev veth1 && ip link set veth1 up && ip link set lo up'
in_peer() { nsenter -t "$peer" -n "$@"; }

cat >"$T/net.py" <<'PY'
import socket, struct, sys, time
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
cmd = sys.argv[1]
if cmd == "ping":          # ping ADDR N: replies received
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); s.settimeout(1)
    got = 0
    for i in range(int(sys.argv[3])):
        h = struct.pack("!BBHHH", 8, 0, 0, 0x4242, i) + b"rawbpf"
        h = h[:2] + struct.pack("!H", csum(h)) + h[4:]
        s.sendto(h, (sys.argv[2], 0))
        try:
            while True:
                d = s.recv(1500)
                if d[20] == 0 and struct.unpack("!H", d[24:26])[0] == 0x4242: got += 1; break
        except socket.timeout: pass
    print(got)
elif cmd == "listen":      # listen ADDR PORT: accept for ever
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[2], int(sys.argv[3]))); s.listen(16); print("ready", flush=True)
    while True: s.accept()[0].close()
elif cmd == "connect":     # connect ADDR PORT: exit 0 when it connects within 1 s
    s = socket.socket(); s.settimeout(1)
    try: s.connect((sys.argv[2], int(sys.argv[3]))); print("connected")
    except OSError as e: print("failed:", e); sys.exit(1)
elif cmd == "udp":         # udp N: N datagrams to 127.0.0.1:9
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(int(sys.argv[2])): s.sendto(b"x" * 100, ("127.0.0.1", 9))
elif cmd == "cc":          # cc NAME: 1 MB over loopback with TCP_CONGESTION NAME
    name = sys.argv[2].encode()
    l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1)
    c = socket.socket(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, name)
    c.connect(l.getsockname()); a = l.accept()[0]
    got_cc = c.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16).rstrip(b"\0")
    data = bytes(range(256)) * 4096
    c.sendall(data); c.shutdown(socket.SHUT_WR)
    buf = b""
    while True:
        d = a.recv(65536)
        if not d: break
        buf += d
    print("cc=%s bytes=%d same=%s" % (got_cc.decode(), len(buf), buf == data))
PY
net() { "$PY" "$T/net.py" "$@"; }
# Each background run gets fresh files first: its own shell truncates them
# only after the fork, and wait_for must not see the last run's lines.
fresh() { : >"$T/out"; : >"$T/err"; }
# wait_for FILE TEXT: up to 15 s for TEXT in FILE (rtnl_lock is shared with
# every namespace on the machine: netlink calls may wait for it).
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
	grep -q "$2" "$1" 2>/dev/null
}

# ---- xdp ----
fresh
"$RAWBPF" run "$O/examples/xdp_count.bpf.o" --dev veth0 --duration 30 >"$T/out" 2>"$T/err" &
rp=$!
why=""
wait_for "$T/err" "attached" || why="not attached: $(cat "$T/err")"
[ -z "$why" ] && { ip link show veth0 | grep -q xdp || why="no xdp on veth0 while attached"; }
replies=$(in_peer "$PY" "$T/net.py" ping 10.99.0.1 5)
kill -INT "$rp"; wait "$rp"
[ -z "$why" ] && [ "$replies" != 5 ] && why="$replies of 5 replies"
[ -z "$why" ] && { grep -q '^@pkts\[1\]: .*[5-9]' "$T/out" || why="no ICMP count >= 5: $(grep '^@pkts' "$T/out" | head -3)"; }
[ -z "$why" ] && ip link show veth0 | grep -q xdp && why="xdp left on veth0 after exit"
result "xdp_counts_pings: 5 echo requests counted, link gone after" "$why"

# ---- tc: tcx, then netlink ----
"$PY" "$T/net.py" listen 10.99.0.1 8080 >"$T/listen" &
pids="$pids $!"
wait_for "$T/listen" ready
tc_case() { # NAME ENV
	why=""
	fresh
	env $2 "$RAWBPF" run "$O/examples/tc_drop.bpf.o" --dev veth0 --set port=8080 --explain --duration 30 \
		>"$T/out" 2>"$T/err" &
	rp=$!
	wait_for "$T/err" "attached" || why="not attached: $(tail -3 "$T/err"; tc filter show dev veth0 ingress)"
	during=$(in_peer "$PY" "$T/net.py" connect 10.99.0.1 8080)
	kill -INT "$rp"; wait "$rp"
	after=$(in_peer "$PY" "$T/net.py" connect 10.99.0.1 8080)
	[ -z "$why" ] && [ "$during" = connected ] && why="connected while attached"
	[ -z "$why" ] && [ "$after" != connected ] && why="after exit: $after"
}
tc_case tcx ""
[ -z "$why" ] && { grep -q 'attach_type=BPF_TCX_INGRESS\|attach_type=0x2e' "$T/err" || why="no tcx link in --explain"; }
result "tcx_drops_port: connect fails while attached, succeeds after" "$why"
tc_case netlink RAWBPF_TC_NETLINK=1
[ -z "$why" ] && { grep -q 'RTM_NEWTFILTER' "$T/err" && grep -q 'RTM_DELTFILTER' "$T/err" || why="no netlink filter add/del in --explain"; }
[ -z "$why" ] && tc qdisc show dev veth0 | grep -q clsact && why="clsact left on veth0"
result "netlink_tc_drops_port: clsact + bpf filter, both removed on exit" "$why"

# A SIGKILLed run leaves its filter; the next netlink run removes it.
why=""
fresh
RAWBPF_TC_NETLINK=1 "$RAWBPF" run "$O/examples/tc_drop.bpf.o" --dev veth0 --duration 30 >/dev/null 2>"$T/err" &
rp=$!
wait_for "$T/err" "attached" || why="not attached"
kill -9 "$rp"; wait "$rp" 2>/dev/null
tc filter show dev veth0 ingress | grep -q "rawbpf_$rp" || why="${why:-no filter rawbpf_$rp left by the killed run}"
RAWBPF_TC_NETLINK=1 "$RAWBPF" run "$O/examples/tc_drop.bpf.o" --dev veth0 --duration 0.1 >/dev/null 2>"$T/err2" ||
	why="${why:-second run failed: $(cat "$T/err2")}"
[ -z "$why" ] && tc filter show dev veth0 ingress | grep -q "rawbpf_" && why="filters left: $(tc filter show dev veth0 ingress | grep rawbpf_)"
tc qdisc del dev veth0 clsact 2>/dev/null
result "netlink_tc_killed_cleaned: the next run removes a killed run's filter" "$why"

# ---- cgroup ----
why=""
cg2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$cg2" ]; then
	skip "cgroup_skb_counts_member" "no cgroup2 mounted"
else
	CG=$cg2/rawbpf_attach_$$
	mkdir "$CG"
	fresh
	"$RAWBPF" run "$O/examples/cgroup_count.bpf.o" --cgroup "$CG" --duration 30 >"$T/out" 2>"$T/err" &
	rp=$!
	wait_for "$T/err" "attached" || why="not attached: $(tail -2 "$T/err")"
	sh -c "echo \$\$ > $CG/cgroup.procs && exec $PY $T/net.py udp 10"
	kill -INT "$rp"; wait "$rp"
	# key 0 (egress): packets 10, bytes 10 * (100 + 28).
	[ -z "$why" ] && { grep -q '^@traffic\[0\]: packets=10 bytes=1280$' "$T/out" ||
		why="egress not 10 packets of 128 bytes: $(grep -A3 '^@traffic' "$T/out" | tr -d '\n')"; }
	rmdir "$CG" && CG=""
	result "cgroup_skb_counts_member: 10 datagrams of a process in the cgroup" "$why"
fi

# ---- iterator ----
"$RAWBPF" run "$O/examples/iter_tasks.bpf.o" --duration 0.1 >"$T/out" 2>"$T/err"
why=""
grep -q "^$$ " "$T/out" || why="pid $$ not listed: $(head -3 "$T/out")"
result "iter_task_lists_own_pid" "$why"

# ---- struct_ops ----
cc_case() { # OBJ NAME
	why=""
	fresh
	"$RAWBPF" run "$1" --duration 30 >"$T/out" 2>"$T/err" &
	rp=$!
	wait_for "$T/err" "attached" || why="not attached: $(tail -2 "$T/err")"
	grep -qw "$2" /proc/sys/net/ipv4/tcp_available_congestion_control ||
		why="${why:-$2 not available: $(cat /proc/sys/net/ipv4/tcp_available_congestion_control; tail -2 "$T/err")}"
	got=$(net cc "$2" 2>&1)
	kill -INT "$rp"; wait "$rp"
	[ -z "$why" ] && [ "$got" != "cc=$2 bytes=1048576 same=True" ] && why="transfer: $got"
	[ -z "$why" ] && { grep -q '^@stats\[0\]: [1-9]' "$T/out" || why="acks not counted: $(grep stats "$T/out")"; }
	i=0
	while grep -qw "$2" /proc/sys/net/ipv4/tcp_available_congestion_control && [ $i -lt 50 ]; do
		sleep 0.05; i=$((i + 1))
	done
	[ -z "$why" ] && grep -qw "$2" /proc/sys/net/ipv4/tcp_available_congestion_control && why="$2 still registered"
}
cc_case "$O/examples/tcp_cc.bpf.o" rawbpf_reno
result "struct_ops_cc_link: rawbpf_reno carries 1 MB, gone after exit" "$why"
cc_case "$O/tests/bpf/tcp_cc_update.bpf.o" rawbpf_reno_u
result "struct_ops_cc_update: registered by the map update, gone after exit" "$why"

# ---- SIGKILL: what the kernel releases with the process ----
why=""
fresh
"$RAWBPF" run "$O/examples/xdp_count.bpf.o" --dev veth0 --duration 30 >"$T/out" 2>"$T/err" &
rp1=$!
"$RAWBPF" run "$O/examples/tcp_cc.bpf.o" --duration 30 >"$T/out2" 2>"$T/err2" &
rp2=$!
wait_for "$T/err" "attached" && wait_for "$T/err2" "attached" || why="not attached: $(tail -1 "$T/err") $(tail -1 "$T/err2")"
kill -9 "$rp1" "$rp2"; wait "$rp1" "$rp2" 2>/dev/null
i=0
while { ip link show veth0 | grep -q xdp || grep -qw rawbpf_reno /proc/sys/net/ipv4/tcp_available_congestion_control; } &&
      [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -z "$why" ] && ip link show veth0 | grep -q xdp && why="xdp left on veth0"
[ -z "$why" ] && grep -qw rawbpf_reno /proc/sys/net/ipv4/tcp_available_congestion_control && why="rawbpf_reno still registered"
result "killed_run_leaves_nothing: xdp link and struct_ops released with the process" "$why"

# ---- uprobe.multi ----
why=""
# The section names build/examples/uprobe_target (relative to the top of
# the tree) whatever $O is: that is the binary to run.
"$RAWBPF" run "$O/examples/uprobe_multi.bpf.o" -- build/examples/uprobe_target 3 20 22 >"$T/out" 2>"$T/err" ||
	why="exit $?: $(tail -2 "$T/err")"
[ -z "$why" ] && { grep -q '^@calls\[[0-9]*\]: 3$' "$T/out" || why="no 3 calls: $(grep calls "$T/out")"; }
result "uprobe_multi_counts: 3 calls through one BPF_TRACE_UPROBE_MULTI link" "$why"

# ---- --links ----
why=""
"$RAWBPF" run "$O/tests/bpf/run_regressions.bpf.o" --only count_calls --links --explain \
	-- "$PY" -c 'import os; [os.getppid() for i in range(5)]' >"$T/out" 2>"$T/err" || why="exit $?"
grep -q 'BPF_LINK_CREATE.*attach_type=BPF_PERF_EVENT.*) = [0-9]' "$T/err" || why="${why:-no BPF_PERF_EVENT link}"
grep -q 'PERF_EVENT_IOC_SET_BPF' "$T/err" && why="${why:-SET_BPF used with --links}"
result "perf_links: a tracepoint through a BPF_PERF_EVENT link" "$why"

# ---- kprobe.multi where the kernel has no kprobes ----
if [ -d /sys/kernel/tracing/events/kprobes ] || grep -q kprobe /sys/bus/event_source/devices/*/type 2>/dev/null ||
   [ -e /sys/bus/event_source/devices/kprobe ]; then
	skip "kprobe_multi_message" "this kernel has kprobes (tested in the 6.12 guest)"
else
	"$RAWBPF" run "$O/tests/bpf/kprobe_multi.bpf.o" --duration 0.1 >"$T/out" 2>"$T/err"
	rc=$?
	why=""
	[ "$rc" = 3 ] || why="exit $rc"
	grep -q 'available_filter_functions.*CONFIG_DYNAMIC_FTRACE\|CONFIG_FPROBE' "$T/err" || why="${why:-no reason: $(tail -1 "$T/err")}"
	result "kprobe_multi_message: exit 3, names the missing kernel option" "$why"
fi
