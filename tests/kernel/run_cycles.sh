#!/bin/sh
# 200 run/stop cycles of `rawbpf run` over the examples that attach in
# different ways (tracepoints with perf and ring buffers, trace_pipe, uprobes,
# raw and BTF tracepoints, sampling perf events; and since issue 14 xdp and
# tc links and netlink filters on a veth, cgroup links, an iterator, a
# struct_ops congestion control and uprobe.multi), half stopped by
# --duration, half by SIGINT once "attached" is on stderr. Every cycle must
# exit 0 and print the totals line; afterwards nothing of rawbpf may remain:
# programs, maps and links named as the examples' (bpftool), dynamic events
# in tracefs (uprobe_events, kprobe_events, dynamic_events), files on bpffs,
# tc filters and qdiscs on the veth, programs on the test's cgroup,
# congestion controls. It runs in a network namespace of its own (re-run
# under unshare -n), where the veth is.
. tests/lib.sh
need_kernel "cycles: every run exits 0 with its totals line" \
	"cycles: no program, map or link left" "cycles: tracefs dynamic events unchanged" \
	"cycles: bpffs unchanged" "cycles: no tc filter, qdisc, cgroup program or congestion control left"
if [ -z "${RUN_CYCLES_NETNS:-}" ] && command -v unshare >/dev/null && command -v ip >/dev/null; then
	RUN_CYCLES_NETNS=1 exec unshare -n sh "$0" "$@"
fi

CYCLES=${CYCLES:-200}
EXAMPLES="ringbuf exec_perf uprobe rawtp tpbtf profile bootstrap syscount"
CG=""
T=$(mktemp -d)
trap 'rm -rf "$T"; [ -n "$CG" ] && rmdir "$CG"' EXIT
TR=$(tracefs)
# The kinds of issue 14, where their targets can be made.
if [ -n "${RUN_CYCLES_NETNS:-}" ] && ip link add rbc0 type veth peer name rbc1 2>/dev/null; then
	ip link set rbc0 up && ip link set rbc1 up
	EXAMPLES="$EXAMPLES xdp_count tc_drop tc_drop_netlink"
fi
cg2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -n "$cg2" ] && mkdir "$cg2/rawbpf_cycles_$$" 2>/dev/null; then
	CG=$cg2/rawbpf_cycles_$$
	EXAMPLES="$EXAMPLES cgroup_count"
fi
EXAMPLES="$EXAMPLES iter_tasks tcp_cc uprobe_multi"
# object EXAMPLE: its object; opts EXAMPLE: its options; env EXAMPLE: environment.
object() { echo "$O/examples/${1%_netlink}.bpf.o"; }
opts() {
	case $1 in
	xdp_count|tc_drop|tc_drop_netlink) echo "--dev rbc0" ;;
	cgroup_count) echo "--cgroup $CG" ;;
	esac
}
envs() { case $1 in *_netlink) echo RAWBPF_TC_NETLINK=1 ;; *) echo RAWBPF_CYCLE=1 ;; esac; }
# What the kernel keeps outside bpf objects: tc state, cgroup programs,
# congestion controls.
others() {
	tc qdisc show dev rbc0 2>/dev/null | grep -v 'noqueue\|pfifo' | sed 's/^/qdisc /'
	tc filter show dev rbc0 ingress 2>/dev/null | sed 's/^/filter /'
	[ -n "$CG" ] && bpftool cgroup show "$CG" 2>/dev/null | sed 's/^/cgroup /'
	tr ' ' '\n' </proc/sys/net/ipv4/tcp_available_congestion_control | grep rawbpf
}

# The examples' program and map names, as `rawbpf inspect` lists them; the
# kernel names of global-section maps (".bss") start with the object name,
# and bpf_objects() below cuts them at the dot.
for e in $EXAMPLES; do
	"$RAWBPF" inspect "$(object "$e")" | awk -v obj="$e" '
	/^programs/ { p = 1; next }
	/^maps/     { m = 1; next }
	/^$/        { p = m = 0 }
	p && $1 != "NAME" { print "prog " $1 }
	m && $1 != "NAME" && substr($1, 1, 1) != "." { print "map " $1 }
	# "OBJ.bss": OBJ cut so the name fits in 15 characters (".rodata" leaves 8)
	m && substr($1, 1, 1) == "." {
		for (k = 8; k < length(obj); k++) print "map " substr(obj, 1, k)
		print "map " obj
	}'
done | sort -u >"$T/names"
echo "map rawbpf_reno" >>"$T/names"     # tcp_cc's struct_ops map

# bpf_objects: "prog NAME" / "map NAME" lines for loaded objects with our
# names, and one line per link; sorted, with counts.
bpf_objects() {
	{
		bpftool prog show | awk '/^[0-9]+: / { for (i = 1; i < NF; i++) if ($i == "name") print "prog " $(i + 1) }'
		bpftool map show | awk '/^[0-9]+: / { for (i = 1; i < NF; i++) if ($i == "name") {
			n = $(i + 1); sub(/\..*/, "", n); print "map " n } }'
	} | grep -Fxf "$T/names" | sort | uniq -c
	bpftool link show | awk '/^[0-9]+: / { print "link " $2 }' | sort | uniq -c
}
tracefs_dynamic() {
	for f in uprobe_events kprobe_events dynamic_events; do
		[ -f "$TR/$f" ] && sed "s|^|$f: |" "$TR/$f"
	done
}
# Names only: other users of bpffs may touch the directory's times.
bpffs() { ls -AR /sys/fs/bpf 2>/dev/null; }

bpf_objects >"$T/obj.before"
tracefs_dynamic >"$T/tr.before"
bpffs >"$T/fs.before"
others >"$T/others.before"

mkfifo "$T/fifo"
start=$(date +%s)
i=0 bad=0 first=""
while [ "$i" -lt "$CYCLES" ]; do
	set -- $EXAMPLES
	shift $((i % $#))
	obj=$(object "$1")
	if [ $((i % 2)) = 0 ]; then
		how="--duration 0.02"
		env $(envs "$1") "$RAWBPF" run "$obj" $(opts "$1") --duration 0.02 >/dev/null 2>"$T/err"
		rc=$?
	else
		how="SIGINT"
		: >"$T/err"
		env $(envs "$1") "$RAWBPF" run "$obj" $(opts "$1") >/dev/null 2>"$T/fifo" &
		rp=$!
		exec 3<"$T/fifo"
		while IFS= read -r line <&3; do
			echo "$line" >>"$T/err"
			case $line in *attached*) break ;; esac
		done
		kill -INT "$rp" 2>/dev/null
		cat <&3 >>"$T/err"
		exec 3<&-
		wait "$rp"
		rc=$?
	fi
	why=""
	[ "$rc" = 0 ] || why="exit status $rc"
	grep -qE '^rawbpf: [0-9]+ events?(, [0-9]+ lost)?(; ring buffer events: .*)?$' "$T/err" || why="${why:+$why, }no totals line"
	if [ -n "$why" ]; then
		bad=$((bad + 1))
		[ -z "$first" ] && first="cycle $i ($1, $how): $why: $(tr '\n' ' ' <"$T/err" | cut -c1-200)"
	fi
	i=$((i + 1))
done
end=$(date +%s)
echo "# $CYCLES cycles in $((end - start)) s"

if [ "$bad" = 0 ]; then
	ok "cycles: every run exits 0 with its totals line"
else
	not_ok "cycles: every run exits 0 with its totals line" "$bad of $CYCLES failed; first: $first"
fi

# Closed objects are freed after an RCU grace period: give them a moment.
settled() { # FUNC BEFORE: true once FUNC's output equals BEFORE (up to ~5 s)
	tries=0
	while :; do
		"$1" >"$T/now"
		cmp -s "$2" "$T/now" && return 0
		[ "$tries" -ge 25 ] && return 1
		tries=$((tries + 1))
		sleep 0.2
	done
}
diffs() { diff "$1" "$T/now" | grep '^[<>]' | tr '\n' ' ' | cut -c1-300; }

if settled bpf_objects "$T/obj.before"; then
	ok "cycles: no program, map or link left"
else
	not_ok "cycles: no program, map or link left" "before/after: $(diffs "$T/obj.before")"
fi
if settled tracefs_dynamic "$T/tr.before"; then
	ok "cycles: tracefs dynamic events unchanged"
else
	not_ok "cycles: tracefs dynamic events unchanged" "before/after: $(diffs "$T/tr.before")"
fi
if settled bpffs "$T/fs.before"; then
	ok "cycles: bpffs unchanged"
else
	not_ok "cycles: bpffs unchanged" "before/after: $(diffs "$T/fs.before")"
fi
if settled others "$T/others.before"; then
	ok "cycles: no tc filter, qdisc, cgroup program or congestion control left"
else
	not_ok "cycles: no tc filter, qdisc, cgroup program or congestion control left" \
		"before/after: $(diffs "$T/others.before")"
fi
