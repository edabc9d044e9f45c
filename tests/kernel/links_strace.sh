#!/bin/sh
# The --explain lines of the new attach calls (bpf/link.c, bpf/netlink.c)
# against strace's view of the same calls: test_links runs once under strace
# with LINKS_EXPLAIN set, and
#   1. each BPF_LINK_CREATE, BPF_ITER_CREATE and BPF_LINK_DETACH explained is
#      the strace line of the same call, in order: with the same text where
#      strace 6.1 decodes the attr (XDP, cgroup and iterator links; strace
#      says target_fd where we say target_ifindex), else the same command,
#      leading fields, size and result (tcx is newer than strace 6.1);
#   2. each netlink request explained is the sendmsg() strace saw, in order:
#      its message type, flags, tcmsg (ifindex, parent, handle, prio and
#      protocol) and TCA_KIND decoded from the bytes strace printed (strace
#      cannot name the socket's protocol inside another network namespace).
. tests/lib.sh
need_kernel "links_strace: link calls" "links_strace: netlink requests"
if ! command -v strace >/dev/null || ! command -v ip >/dev/null; then
	skip "links_strace: link calls" "needs strace and iproute2"
	skip "links_strace: netlink requests" "needs strace and iproute2"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

LINKS_EXPLAIN="$T/explain" strace -o "$T/strace" -s 256 -e trace=bpf,sendmsg \
	"$O/tests/kernel/test_links" >"$T/out" 2>&1
rc=$?

cat >"$T/cmp.py" <<'PY'
import re, sys
mode, explain, strace = sys.argv[1:]
ATTACH = {"BPF_STRUCT_OPS": 0x2c, "BPF_TCX_INGRESS": 0x2e, "BPF_TCX_EGRESS": 0x2f,
          "BPF_TRACE_UPROBE_MULTI": 0x30, "BPF_NETKIT_PRIMARY": 0x36, "BPF_NETKIT_PEER": 0x37}
RTM = {"RTM_NEWQDISC": 36, "RTM_DELQDISC": 37, "RTM_NEWTFILTER": 44, "RTM_DELTFILTER": 45}
FLAGS = {"NLM_F_REQUEST": 1, "NLM_F_ACK": 4, "NLM_F_EXCL": 0x200, "NLM_F_CREATE": 0x400}
CMDS = ("BPF_LINK_CREATE", "BPF_ITER_CREATE", "BPF_LINK_DETACH")

def calls(path, name):
    for line in open(path, errors="replace"):
        m = re.match(name + r"\((.*)\) += (.*)$", line.rstrip("\n"))
        if m:
            yield m.group(1), m.group(2).split(" ")[0]

def bpf(path):
    out = []
    for args, ret in calls(path, "bpf"):
        cmd = args.split(",")[0]
        if cmd in CMDS:
            body, size = args[len(cmd) + 2:].rsplit(", ", 1)
            out.append((cmd, body, size, ret))
    return out

def link_head(body):
    """prog_fd, target, attach type number, flags of a link_create body."""
    m = re.match(r"\{link_create=\{(?:prog|map)_fd=(\d+), target_(?:fd|ifindex)=(\d+), "
                 r"attach_type=(\w+)(?: /\* BPF_\?\?\? \*/)?, flags=(\w+)", body)
    if not m:
        return None
    t = m.group(3)
    t = int(t, 0) if t.startswith("0x") else ATTACH.get(t, t)
    return m.group(1), m.group(2), t, m.group(4)

def check_bpf():
    ex, st = bpf(explain), bpf(strace)
    bad = []
    if len(ex) != len(st) or not ex:
        bad.append("%d explained, %d seen by strace" % (len(ex), len(st)))
    for e, s in zip(ex, st):
        if (e[0], e[2], e[3]) != (s[0], s[2], s[3]):
            bad.append("%s vs %s" % (e, s))
        elif e[0] == "BPF_LINK_CREATE" and "BPF_???" not in s[1] and " ..." not in s[1]:
            if e[1].replace("target_ifindex=", "target_fd=") != s[1]:
                bad.append("explain %s / strace %s" % (e[1], s[1]))
        elif e[0] == "BPF_LINK_CREATE" and link_head(e[1]) != link_head(s[1]):
            bad.append("explain %s / strace %s" % (e[1], s[1]))
    return bad

def unescape(s):
    return bytes(int(h, 16) for h in re.findall(r"\\x([0-9a-f]{2})", s))

def nl_explained():
    out = []
    for args, ret in calls(explain, "sendmsg"):
        m = re.match(r"NETLINK_ROUTE, (\w+) \{(.*)\}, ([\w|]+)$", args)
        f = dict(re.findall(r"(\w+)=(\"[^\"]*\"|[^,{}]+)", m.group(2)))
        flags = sum(FLAGS[x] for x in m.group(3).split("|"))
        out.append((RTM[m.group(1)], flags, f, ret))
    return out

def nl_seen():
    out = []
    for args, ret in calls(strace, "sendmsg"):
        t = int(re.search(r"nlmsg_type=(0x[0-9a-f]+|\d+)", args).group(1), 0)
        fl = re.search(r"nlmsg_flags=([\w|]+)", args).group(1).split("|")
        flags = sum(int(x, 0) if x[0].isdigit() else FLAGS[x] for x in fl)
        payload = unescape(re.search(r'\}, "((?:\\x[0-9a-f]{2})*)"\]', args).group(1))
        out.append((t, flags, payload))
    return out

def check_nl():
    ex, st = nl_explained(), nl_seen()
    bad = []
    if len(ex) != len(st) or not ex:
        bad.append("%d explained, %d seen by strace" % (len(ex), len(st)))
    for (t, flags, f, ret), (st_t, st_flags, p) in zip(ex, st):
        ifindex = int.from_bytes(p[4:8], "little")
        handle = int.from_bytes(p[8:12], "little")
        parent = int.from_bytes(p[12:16], "little")
        info = int.from_bytes(p[16:20], "little")
        kind = re.search(rb"\x01\x00([a-z]+)\x00", p[20:])
        want_parent = {"TC_H_CLSACT": 0xfffffff1, "TC_H_CLSACT:TC_H_MIN_INGRESS": 0xfffffff2,
                       "TC_H_CLSACT:TC_H_MIN_EGRESS": 0xfffffff3}[f["parent"]]
        got = (st_t, st_flags, ifindex, handle, parent, kind and kind.group(1).decode())
        want = (t, flags, int(f["ifindex"]), int(f["handle"], 0), want_parent, f["kind"].strip('"'))
        if got != want:
            bad.append("explain %s / strace %s" % (want, got))
        if "prio" in f and (info >> 16 != int(f["prio"]) or info & 0xffff != 0x0300):
            bad.append("tcm_info %#x for prio %s, ETH_P_ALL" % (info, f["prio"]))
    return bad

bad = check_bpf() if mode == "bpf" else check_nl()
for b in bad:
    print("# " + b)
sys.exit(1 if bad else 0)
PY

result() {
	if [ -z "$2" ]; then ok "$1"; else not_ok "$1" "$2"; fi
}
if [ "$rc" != 0 ]; then
	sed 's/^/# /' "$T/out"
	not_ok "links_strace: link calls" "test_links exited $rc under strace"
	not_ok "links_strace: netlink requests" "test_links exited $rc under strace"
	exit 0
fi
why=""; python3 "$T/cmp.py" bpf "$T/explain" "$T/strace" || why="--explain differs from strace"
result "links_strace: link calls: BPF_LINK_CREATE, BPF_ITER_CREATE, BPF_LINK_DETACH as strace decodes them" "$why"
why=""; python3 "$T/cmp.py" nl "$T/explain" "$T/strace" || why="--explain differs from the bytes sent"
result "links_strace: netlink requests: type, flags, tcmsg and kind as sent" "$why"
