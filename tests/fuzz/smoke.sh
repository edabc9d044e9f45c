#!/bin/sh
# The short fuzz run `make test` does (tests/run.sh runs this file): build
# the libFuzzer targets into build-fuzz/, run each a few seconds from the seed
# corpora, and check the CLI on every regression input of
# tests/data/malformed/: exit 1, one stderr line "rawbpf: FILE: STAGE: ...".
# Longer runs: `make fuzz FUZZ_SECONDS=N` (tests/fuzz/README.md).
. tests/lib.sh
SMOKE_SECONDS=${SMOKE_SECONDS:-6}
targets="fuzz_elf fuzz_btf fuzz_btf_ext fuzz_plan fuzz_inflate"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The CLI on the regression inputs.
for f in tests/data/malformed/*; do
	"$RAWBPF" inspect "$f" >/dev/null 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" -eq 1 ] && [ "$lines" -eq 1 ] && grep -q "^rawbpf: $f: " "$tmp/err"; then
		ok "inspect $f: exit 1, one line"
	else
		not_ok "inspect $f" "exit $rc, $lines stderr lines: $(head -c 300 "$tmp/err")"
	fi
done

# The fuzz targets. A sub-make of `make test` must not pass its variables
# (SANITIZE=1, O=...) to the fuzz build.
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' |
	clang -x c -fsanitize=fuzzer -o "$tmp/probe" - 2>/dev/null; then
	for t in $targets; do skip "$t" "clang cannot link -fsanitize=fuzzer (libclang-rt-14-dev)"; done
	exit 0
fi
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s build-fuzz >"$tmp/build" 2>&1; then
	ok "make build-fuzz"
else
	not_ok "make build-fuzz" "$(tail -5 "$tmp/build")"
	exit 0
fi
sh tests/fuzz/seeds.sh "$O" "$tmp/seeds" || not_ok "seed corpora" "tests/fuzz/seeds.sh $O failed"
mkdir -p build-fuzz/crashes
for t in $targets; do
	mkdir -p "$tmp/new-$t"
	build-fuzz/fuzz/$t -max_total_time="$SMOKE_SECONDS" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="build-fuzz/crashes/$t-" "$tmp/new-$t" "$tmp/seeds/$t" >"$tmp/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		ok "$t: ${execs:-?} executions in ${SMOKE_SECONDS}s"
	else
		not_ok "$t" "exit $rc after ${execs:-?} executions: $(grep -m2 -E 'ERROR|runtime error' "$tmp/log")"
		grep -A20 -m1 -E 'ERROR|runtime error' "$tmp/log" | sed 's/^/# /'
	fi
done
