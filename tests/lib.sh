# Sourced by shell tests. Each check prints one TAP line.
#   ok NAME / not_ok NAME WHY / skip NAME WHY / need_kernel (skips the file)
O=${O:-build}
RAWBPF=${RAWBPF:-./rawbpf}
n=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1: $2"; }
skip()   { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check()  { # NAME COMMAND...: ok when COMMAND succeeds
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name" "command failed: $*"; fi
}
# Kernel tests need root and bpf(); without them every test in the file is skipped.
need_kernel() {
	why=""
	[ "$(id -u)" = 0 ] || why="needs root"
	[ -z "$why" ] && [ ! -e /sys/kernel/btf/vmlinux ] && why="kernel has no BTF"
	if [ -n "$why" ]; then
		for t in "$@"; do skip "$t" "$why"; done
		exit 0
	fi
}
# Mount tracefs for tests that read it directly.
tracefs() {
	if [ -d /sys/kernel/tracing/events ]; then echo /sys/kernel/tracing
	else mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null && echo /sys/kernel/tracing
	fi
}
# LeakSanitizer cannot work under ptrace: a sanitized rawbpf run under strace
# checks everything but leaks (the same runs without strace do check them).
strace() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" command strace "$@"; }
