#!/bin/sh
# Without privileges rawbpf fails with exit status 3 and says which
# capability or sysctl is missing, and leaves nothing behind: no bpffs pins,
# no tracefs probe entries, no BPF programs or maps. --dry-run needs no
# privilege. Root sets the situation up with setpriv (user nobody, no
# capabilities, or only some).
. tests/lib.sh

need_kernel unpriv-load-exit unpriv-load-names-cap unpriv-run-exit unpriv-run-names-cap \
	bpf-only-exit bpf-only-names-perfmon tracefs-denied-exit tracefs-denied-message \
	legacy-uprobe-denied-exit legacy-uprobe-no-entries dry-run-load dry-run-run \
	no-pins no-programs no-maps

if ! command -v setpriv >/dev/null; then
	for t in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do skip "permissions $t" "setpriv not installed"; done
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
out=$tmp/out err=$tmp/err
T=$(tracefs)
obj=$O/examples/globals.bpf.o

# as CAPS CMD...: run CMD as nobody with only CAPS (e.g. "bpf,perfmon", or "")
# in the inheritable and ambient sets; exit status in $rc.
as() {
	caps=$1; shift
	if [ -n "$caps" ]; then
		set -- --inh-caps=-all,+$(echo "$caps" | sed 's/,/,+/g') \
			--ambient-caps=-all,+$(echo "$caps" | sed 's/,/,+/g') "$@"
	else
		set -- --inh-caps=-all "$@"
	fi
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@" >"$out" 2>"$err"
	rc=$?
}
says() { grep -q -- "$1" "$err"; }

ls -a /sys/fs/bpf >"$tmp/bpffs.before" 2>/dev/null
cp "$T/uprobe_events" "$tmp/uprobe.before" 2>/dev/null
# Program and map ids only grow: anything of ours left would have a higher id.
max_id() { bpftool -j "$1" show 2>/dev/null | python3 -c '
import json, sys
try: print(max([o["id"] for o in json.load(sys.stdin)] or [0]))
except Exception: print(0)'; }
if command -v bpftool >/dev/null; then
	prog0=$(max_id prog) map0=$(max_id map)
fi

# ---- no capabilities at all ----
for cmd in load run; do
	as "" "$RAWBPF" $cmd "$obj"
	if [ "$rc" = 3 ]; then ok "nobody: rawbpf $cmd exits 3"
	else not_ok "nobody: rawbpf $cmd exits 3" "exit $rc: $(tail -1 "$err")"; fi
	if says CAP_BPF && says kernel.unprivileged_bpf_disabled; then
		ok "nobody: rawbpf $cmd names CAP_BPF and kernel.unprivileged_bpf_disabled"
	else not_ok "nobody: rawbpf $cmd names CAP_BPF and kernel.unprivileged_bpf_disabled" "$(tail -1 "$err")"; fi
done

# ---- CAP_BPF without CAP_PERFMON: tracing programs need both ----
# (kernel/bpf/syscall.c: BPF_PROG_LOAD of a tracepoint, kprobe, perf_event,
# raw_tp... program also needs perfmon_capable().)
as bpf "$RAWBPF" load "$obj"
if [ "$rc" = 3 ]; then ok "CAP_BPF only: load of a tracepoint program exits 3"
else not_ok "CAP_BPF only: load of a tracepoint program exits 3" "exit $rc: $(tail -1 "$err")"; fi
if says CAP_PERFMON; then ok "CAP_BPF only: the message names CAP_PERFMON"
else not_ok "CAP_BPF only: the message names CAP_PERFMON" "got: $(tail -1 "$err")"; fi

# ---- CAP_BPF + CAP_PERFMON, but tracefs is root's ----
as bpf,perfmon "$RAWBPF" run --duration 0.2 "$obj"
if [ "$rc" = 3 ]; then ok "CAP_BPF+CAP_PERFMON, no tracefs access: run exits 3"
else not_ok "CAP_BPF+CAP_PERFMON, no tracefs access: run exits 3" "exit $rc: $(tail -1 "$err")"; fi
if says "$T/events/syscalls/sys_enter_execve/id" && says "Permission denied"; then
	ok "CAP_BPF+CAP_PERFMON: the message names the tracefs file refused"
else not_ok "CAP_BPF+CAP_PERFMON: the message names the tracefs file refused" "$(tail -1 "$err")"; fi

# ---- legacy uprobes: uprobe_events is root's ----
RAWBPF_LEGACY_PROBES=1 as bpf,perfmon "$RAWBPF" run --duration 0.2 "$O/examples/uprobe.bpf.o"
if [ "$rc" = 3 ]; then ok "CAP_BPF+CAP_PERFMON: legacy uprobe run exits 3"
else not_ok "CAP_BPF+CAP_PERFMON: legacy uprobe run exits 3" "exit $rc: $(tail -1 "$err")"; fi
if ! grep -q '/rawbpf_' "$T/uprobe_events" || cmp -s "$T/uprobe_events" "$tmp/uprobe.before"; then
	ok "refused runs leave uprobe_events as it was"
else not_ok "refused runs leave uprobe_events as it was" "$(diff "$tmp/uprobe.before" "$T/uprobe_events" | tail -3)"; fi

# ---- --dry-run needs nothing ----
for cmd in load run; do
	as "" "$RAWBPF" $cmd --dry-run "$obj"
	if [ "$rc" = 0 ]; then ok "nobody: rawbpf $cmd --dry-run exits 0"
	else not_ok "nobody: rawbpf $cmd --dry-run exits 0" "exit $rc: $(tail -1 "$err")"; fi
done

# ---- nothing left behind ----
ls -a /sys/fs/bpf >"$tmp/bpffs.after" 2>/dev/null
# Additions only: another test may remove its own pins meanwhile.
added=$(sort "$tmp/bpffs.before" >"$tmp/b"; sort "$tmp/bpffs.after" | comm -13 "$tmp/b" -)
if [ -z "$added" ]; then ok "no new bpffs entries"
else not_ok "no new bpffs entries" "$added"; fi
if ! command -v bpftool >/dev/null; then
	skip "no BPF programs of ours left" "bpftool not installed"
	skip "no BPF maps of ours left" "bpftool not installed"
else
	# Only globals.bpf.o and uprobe.bpf.o names: another test running at
	# the same time may load other objects. A map used by a program is
	# freed an RCU grace period after the program (later still when the
	# machine is busy or the build sanitized): wait up to 5 s.
	ours() { # prog|map, max id before
		bpftool -j "$1" show 2>/dev/null | python3 -c "
import json, sys
names = ('globals', 'globals_exit', 'add_entry', 'add_return', 'events', 'uprobe.rodata')
print(' '.join(str(o['id']) for o in json.load(sys.stdin)
      if o['id'] > $2 and (o.get('name', '') in names or o.get('name', '').startswith('globals.'))))"
	}
	for kind in prog map; do
		eval before=\$${kind}0
		for _ in $(seq 50); do
			new=$(ours $kind "$before")
			[ -z "$new" ] && break
			sleep 0.1
		done
		if [ -z "$new" ]; then ok "no BPF ${kind}s of ours left"
		else not_ok "no BPF ${kind}s of ours left" "ids $new: $(bpftool $kind show id ${new%% *} 2>&1 | head -1)"; fi
	done
fi
