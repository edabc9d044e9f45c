#!/bin/sh
# The whole suite. Every test speaks TAP ("ok", "not ok", "# SKIP"): cmocka
# binaries through CMOCKA_MESSAGE_OUTPUT=TAP, shell tests through tests/lib.sh.
# Ends with one line: N passed, N failed[, N skipped]. Under CI=true a skip is a
# failure, so kernel tests cannot silently not run.
#
#   tests/run.sh [PATTERN]   run only tests whose path contains PATTERN
O=${O:-build}
export O
pattern=${1:-}
pass=0 fail=0 skip=0
failed=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() { # name, command...
	name=$1; shift
	case "$name" in *"$pattern"*) ;; *) return ;; esac
	echo "== $name"
	CMOCKA_MESSAGE_OUTPUT=TAP "$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	# cmocka writes skips as "not ok N # SKIP", shell tests as "ok N ... # SKIP".
	p=$(grep -E '^ok ' "$log" | grep -vcE '# ?SKIP')
	s=$(grep -E '^(not )?ok ' "$log" | grep -cE '# ?SKIP')
	f=$(grep -E '^not ok ' "$log" | grep -vcE '# ?SKIP')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc"
		f=1
	fi
	if [ "$s" -gt 0 ] && [ "${CI:-}" = true ]; then
		echo "# CI=true: $s skipped test(s) in $name count as failures"
		f=$((f + s)); s=0
	fi
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
	[ "$f" -gt 0 ] && failed="$failed $name"
}

# Unit and kernel tests once per build ($BUILDS: e.g. "build build-san" for
# the ASan+UBSan build too); the kernel tests' scripts once more against
# the static binary (below); the size budget, the boot test, the fuzz
# smoke and the Debian packages run once. tests/unit/ first (no kernel,
# no root), then tests/kernel/ (both).
for b in ${BUILDS:-$O}; do
	for kind in unit kernel; do
		for t in "$b"/tests/$kind/test_*; do
			[ -x "$t" ] && run_one "$t" env O="$b" "$t"
		done
		for t in tests/$kind/*.sh; do
			[ -f "$t" ] && run_one "$b: $t" env O="$b" RAWBPF="$b/rawbpf" sh "$t"
		done
	done
done
# The kernel tests' shell scripts once more, against the static binary
# (`make static`: rawbpf-static, musl with common/'s printf, malloc, string
# and getopt), with the first build's BPF objects and helpers. Some scripts
# want the binary named rawbpf (comm=rawbpf, ps -C rawbpf): it is copied to
# build-static/bin/rawbpf, in the tree so that the unprivileged users of
# cli_unprivileged.sh and robust_perms.sh can run it. The C kernel tests
# ($O/tests/kernel/test_*) are not run again: they link librawbpf.a with
# glibc and never exec the static binary; nor is a script that never runs
# $RAWBPF (links_strace.sh drives test_links). (Parts of other scripts that
# run such a C program, api.sh's skeleton, fast_paths.sh's test_kbtf_cache,
# run again: cheap, and not worth a second switch.) `make test` builds rawbpf-static
# first; without it, or without musl-gcc to build it anew, the pass is one
# skip (a failure under CI=true).
static_bin=build-static/bin/rawbpf
set -- ${BUILDS:-$O}
if [ -f rawbpf-static ] && command -v musl-gcc >/dev/null 2>&1; then
	mkdir -p "${static_bin%/*}" && cp rawbpf-static "$static_bin"
	for t in tests/kernel/*.sh; do
		[ -f "$t" ] && grep -q RAWBPF "$t" &&
			run_one "static: $t" env O="$1" RAWBPF="$static_bin" sh "$t"
	done
else
	run_one "static: tests/kernel" sh -c '. tests/lib.sh; skip "the kernel tests against the static binary" "no rawbpf-static, or no musl-gcc (make static)"'
fi
for t in tests/size.sh tests/initramfs/test.sh tests/fuzz/smoke.sh tests/package.sh; do
	[ -f "$t" ] && run_one "$t" sh "$t"
done

[ -n "$failed" ] && echo "failed:$failed"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
