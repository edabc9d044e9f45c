#!/bin/sh
# inspect and load --dry-run as an unprivileged user (nobody, through
# setpriv): no root and no bpf() call needed. Running as nobody needs root.
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err

examples=$(ls "$O"/examples/*.bpf.o)
objects=$(ls "$O"/examples/*.bpf.o "$O"/tests/bpf/*.bpf.o)

# ---- unprivileged: inspect and load --dry-run as nobody ----
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	why="needs root and setpriv (util-linux) to run as nobody"
	skip "inspect of every object as nobody" "$why"
	skip "load --dry-run of every example as nobody" "$why"
	skip "load --dry-run as nobody makes no bpf() call" "$why"
else
	failed=""
	for f in $objects; do
		nobody "$RAWBPF" inspect "$f" >"$out" 2>"$err" && grep -q '^programs (' "$out" ||
			failed="$failed $(basename "$f")"
	done
	if [ -z "$failed" ]; then ok "inspect of every object as nobody"
	else not_ok "inspect of every object as nobody" "failed:$failed"; fi

	failed=""
	for f in $examples; do
		nprogs=$("$RAWBPF" inspect --json "$f" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["programs"]))')
		if ! nobody "$RAWBPF" load --dry-run "$f" >"$out" 2>"$err"; then
			failed="$failed $(basename "$f")(exit $?: $(tail -1 "$err"))"
		elif [ "$(grep -c '^bpf(BPF_PROG_LOAD, ' "$err")" != "$nprogs" ]; then
			failed="$failed $(basename "$f")($(grep -c '^bpf(BPF_PROG_LOAD, ' "$err") BPF_PROG_LOAD lines, $nprogs programs)"
		fi
	done
	if [ -z "$failed" ]; then ok "load --dry-run of every example as nobody prints one BPF_PROG_LOAD per program"
	else not_ok "load --dry-run of every example as nobody prints one BPF_PROG_LOAD per program" "$failed"; fi

	# --dry-run must not reach the kernel: strace sees no bpf() at all.
	if command -v strace >/dev/null; then
		strace -f -qq -u nobody -e trace=bpf,perf_event_open -o "$tmp/strace" \
			"$RAWBPF" load --dry-run "$O/examples/globals.bpf.o" >/dev/null 2>&1
		if [ -s "$tmp/strace" ]; then not_ok "load --dry-run as nobody makes no bpf() call" "$(head -1 "$tmp/strace")"
		else ok "load --dry-run as nobody makes no bpf() call"; fi
	else
		skip "load --dry-run as nobody makes no bpf() call" "strace not installed"
	fi
fi

echo "1..$n"
