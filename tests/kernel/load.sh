#!/bin/sh
# `rawbpf load` against the running kernel (root): every example loads,
# legacy maps load where libbpf refuses them, --pin leaves named objects on
# bpffs, the verifier's refusal shows source lines, the bpf() calls match a
# golden list and --explain, --set changes or refuses globals, and nothing is
# left behind.
. tests/lib.sh

examples=$(ls "$O"/examples/*.bpf.o)
need_kernel $(for f in $examples; do echo "load-$(basename "$f" .bpf.o)"; done) \
	legacy-maps libbpf-refuses-legacy pin-programs pin-maps pin-set-value verifier-refusal \
	strace-golden explain-matches-strace fds-closed set-knob set-unknown \
	set-out-of-range set-errors-before-bpf no-leftover-pins

tmp=$(mktemp -d)
pin=/sys/fs/bpf/rawbpf_test_$$
cleanup() { rm -rf "$tmp" "$pin"; }
trap cleanup EXIT
out=$tmp/out err=$tmp/err
ls -a /sys/fs/bpf >"$tmp/bpffs.before" 2>/dev/null

# Program names from the plan (inspect --json), one a line.
programs() {
	"$RAWBPF" inspect --json "$1" |
		python3 -c 'import json,sys; [print(p["name"]) for p in json.load(sys.stdin)["programs"]]'
}
# load FILE ARGS...: true when rawbpf load exits 0 and prints a nonzero id for
# every program; stdout in $out, stderr in $err, exit status in $rc.
load() {
	f=$1; shift
	"$RAWBPF" load "$@" "$f" >"$out" 2>"$err"
	rc=$?
	[ "$rc" = 0 ] || return 1
	for p in $(programs "$f"); do
		grep -qE "^program +$p +id [1-9][0-9]* " "$out" || { echo "# no id for program $p"; return 1; }
	done
}

# ---- every example loads ----
for f in $examples; do
	b=$(basename "$f" .bpf.o)
	name="load $b.bpf.o"
	if load "$f"; then
		ok "$name"
	else
		not_ok "$name" "exit $rc: $(tail -1 "$err")"
	fi
done

# ---- legacy "maps" section: rawbpf loads it, libbpf 1.x does not ----
if load "$O/examples/exec_perf.bpf.o" && grep -qE '^map +exec_events +id [1-9]' "$out"; then
	ok "legacy maps: exec_perf.bpf.o loads with its perf event array"
else not_ok "legacy maps: exec_perf.bpf.o loads with its perf event array" "exit $rc: $(tail -1 "$err")"; fi
if command -v bpftool >/dev/null; then
	if bpftool prog loadall "$O/examples/exec_perf.bpf.o" "${pin}_libbpf" >"$tmp/bpftool" 2>&1; then
		not_ok "legacy maps: bpftool (libbpf) refuses exec_perf.bpf.o" "bpftool loaded it"
	elif grep -q "legacy map definitions" "$tmp/bpftool"; then
		ok "legacy maps: bpftool (libbpf) refuses exec_perf.bpf.o"
	else
		not_ok "legacy maps: bpftool (libbpf) refuses exec_perf.bpf.o" "for another reason: $(grep -v '^$' "$tmp/bpftool" | tail -1)"
	fi
	rm -rf "${pin}_libbpf"
else
	skip "legacy maps: bpftool (libbpf) refuses exec_perf.bpf.o" "bpftool not installed"
fi

# ---- --pin: programs and maps stay on bpffs under their names ----
f=$O/examples/globals.bpf.o
if ! command -v bpftool >/dev/null; then
	skip "pin: programs shown by bpftool under their names" "bpftool not installed"
	skip "pin: maps shown by bpftool under their kernel names" "bpftool not installed"
	skip "pin: --set knob_multiplier=3 is in the pinned globals.rodata" "bpftool not installed"
elif ! load "$f" --pin "$pin" --set knob_multiplier=3; then
	not_ok "pin: programs shown by bpftool under their names" "exit $rc: $(tail -1 "$err")"
	not_ok "pin: maps shown by bpftool under their kernel names" "exit $rc: $(tail -1 "$err")"
	not_ok "pin: --set knob_multiplier=3 is in the pinned globals.rodata" "exit $rc"
else
	# After rawbpf exits, the pins hold the objects.
	missing=""
	for p in globals globals_exit; do
		bpftool prog show pinned "$pin/$p" 2>/dev/null | grep -q " name $p " || missing="$missing $p"
	done
	if [ -z "$missing" ]; then ok "pin: programs shown by bpftool under their names"
	else not_ok "pin: programs shown by bpftool under their names" "not pinned:$missing ($(ls "$pin" | tr '\n' ' '))"; fi
	# Maps: whatever file names the pins have, their kernel names are these.
	got=$(for x in "$pin"/*; do bpftool map show pinned "$x" 2>/dev/null; done |
		sed -n 's/^[0-9]*: [a-z_]*  name \([^ ]*\) .*/\1/p' | sort | tr '\n' ' ')
	want="events glo.data.custom globals.bss globals.data globals.rodata "
	if [ "$got" = "$want" ]; then ok "pin: maps shown by bpftool under their kernel names"
	else not_ok "pin: maps shown by bpftool under their kernel names" "got '$got', expected '$want'"; fi
	# The value the kernel holds, printed by bpftool through the object's BTF.
	rodata=""
	for x in "$pin"/*; do
		bpftool map show pinned "$x" 2>/dev/null | grep -q ' name globals.rodata ' && rodata=$x
	done
	if [ -n "$rodata" ] && bpftool -j map dump pinned "$rodata" >"$tmp/dump" 2>&1 &&
	   python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
vs = {v["knob_multiplier"] for e in d for sec in e["formatted"]["value"].values()
      for v in sec if "knob_multiplier" in v}
assert vs == {3}, d
' "$tmp/dump" 2>"$tmp/py"; then ok "pin: --set knob_multiplier=3 is in the pinned globals.rodata"
	else not_ok "pin: --set knob_multiplier=3 is in the pinned globals.rodata" "$(tail -1 "$tmp/py") $(head -c 300 "$tmp/dump")"; fi
fi
rm -rf "$pin"

# ---- the verifier's refusal: exit 3, the log with source lines ----
f=$O/tests/bpf/bad_verifier.bpf.o
"$RAWBPF" load "$f" >"$out" 2>"$err"
rc=$?
if [ "$rc" != 3 ]; then not_ok "verifier refusal: exit 3, log with source lines" "exit $rc"
elif ! grep -q '^; \*count += 1;.* @ bad_verifier\.bpf\.c:[0-9]' "$err"; then
	not_ok "verifier refusal: exit 3, log with source lines" "no '; *count += 1; ... @ bad_verifier.bpf.c:N' line"
elif ! grep -q "invalid mem access 'map_value_or_null'" "$err"; then
	not_ok "verifier refusal: exit 3, log with source lines" "no 'invalid mem access' in the log"
elif ! tail -1 "$err" | grep -q "^rawbpf: $f: program bad_verifier: "; then
	not_ok "verifier refusal: exit 3, log with source lines" "last line: $(tail -1 "$err")"
else ok "verifier refusal: exit 3, log with source lines"; fi

# ---- the bpf() calls: a golden list, the same as --explain, fds closed ----
f=$O/examples/globals.bpf.o
golden=tests/kernel/golden/load_globals.txt
if ! command -v strace >/dev/null; then
	skip "strace: bpf() commands of load globals.bpf.o match $golden" "strace not installed"
	skip "strace: --explain prints the same bpf() commands" "strace not installed"
	skip "strace: every fd from bpf() is closed" "strace not installed"
else
	strace -f -qq -e trace=bpf,close -o "$tmp/strace" "$RAWBPF" load "$f" >/dev/null 2>"$err"
	rc=$?
	sed -n 's/^[0-9]* *bpf(\(BPF_[A-Z_]*\),.*/\1/p' "$tmp/strace" >"$tmp/seq"
	grep -v '^#' "$golden" >"$tmp/golden"
	if [ "$rc" != 0 ]; then not_ok "strace: bpf() commands of load globals.bpf.o match $golden" "exit $rc"
	elif grep -q '^[0-9]* *bpf(.* = -1 ' "$tmp/strace"; then
		not_ok "strace: bpf() commands of load globals.bpf.o match $golden" "a bpf() call failed: $(grep -m1 ' = -1 ' "$tmp/strace")"
	elif ! diff -u "$tmp/golden" "$tmp/seq" >"$tmp/diff"; then
		not_ok "strace: bpf() commands of load globals.bpf.o match $golden" "differ:"
		sed 's/^/#   /' "$tmp/diff"
	else ok "strace: bpf() commands of load globals.bpf.o match $golden"; fi

	"$RAWBPF" load --explain "$f" >/dev/null 2>"$err"
	sed -n 's/^bpf(\(BPF_[A-Z_]*\),.*/\1/p' "$err" >"$tmp/explain"
	if [ -s "$tmp/explain" ] && diff -u "$tmp/seq" "$tmp/explain" >"$tmp/diff"; then
		ok "strace: --explain prints the same bpf() commands"
	else
		not_ok "strace: --explain prints the same bpf() commands" "differ:"
		sed 's/^/#   /' "$tmp/diff"
	fi

	# Every fd bpf() returned is closed before exit (no reliance on exit).
	open_fds=$(sed -n 's/^[0-9]* *bpf(BPF_\(BTF_LOAD\|MAP_CREATE\|PROG_LOAD\),.* = \([0-9]*\)$/\2/p' "$tmp/strace" | sort -n)
	closed=$(sed -n 's/^[0-9]* *close(\([0-9]*\)) *= 0$/\1/p' "$tmp/strace" | sort -n)
	leaked=$(for fd in $open_fds; do echo "$closed" | grep -qx "$fd" || echo "$fd"; done | tr '\n' ' ')
	if [ -z "$open_fds" ]; then not_ok "strace: every fd from bpf() is closed" "no fds seen"
	elif [ -n "$leaked" ]; then not_ok "strace: every fd from bpf() is closed" "not closed: $leaked"
	else ok "strace: every fd from bpf() is closed"; fi
fi

# ---- --set ----
f=$O/examples/globals.bpf.o
if load "$f" --set knob_multiplier=3 --set knob_tag=abc --set data_counter=5; then
	ok "--set knob_multiplier=3 knob_tag=abc data_counter=5 loads"
else not_ok "--set knob_multiplier=3 knob_tag=abc data_counter=5 loads" "exit $rc: $(tail -1 "$err")"; fi

"$RAWBPF" load "$f" --set nosuch=1 >"$out" 2>"$err"
rc=$?
missing=""
for v in knob_multiplier knob_tag data_counter custom_value exec_seen; do
	grep -q "$v" "$err" || missing="$missing $v"
done
if [ "$rc" != 2 ]; then not_ok "--set nosuch=1: exit 2, lists the settable variables" "exit $rc"
elif ! grep -q "^rawbpf: .*nosuch" "$err"; then not_ok "--set nosuch=1: exit 2, lists the settable variables" "$(cat "$err")"
elif [ -n "$missing" ]; then not_ok "--set nosuch=1: exit 2, lists the settable variables" "does not list:$missing"
else ok "--set nosuch=1: exit 2, lists the settable variables"; fi

bad=""
for a in knob_multiplier=4294967296 knob_multiplier=-1 knob_multiplier=abc knob_tag=123456789; do
	"$RAWBPF" load "$f" --set "$a" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" != 2 ] || ! grep -q "^rawbpf: .*${a%%=*}" "$err"; then bad="$bad $a(exit $rc: $(tail -1 "$err"))"; fi
done
if [ -z "$bad" ]; then ok "--set out of range (u32 2^32, -1, abc; char[8] of 9): exit 2"
else not_ok "--set out of range (u32 2^32, -1, abc; char[8] of 9): exit 2" "$bad"; fi

# A bad --set is found in the plan, before the kernel is asked anything.
if command -v strace >/dev/null; then
	strace -f -qq -e trace=bpf -o "$tmp/strace" "$RAWBPF" load "$f" --set knob_multiplier=-1 >/dev/null 2>&1
	if [ -s "$tmp/strace" ]; then not_ok "--set errors come before any bpf() call" "$(head -1 "$tmp/strace")"
	else ok "--set errors come before any bpf() call"; fi
else
	skip "--set errors come before any bpf() call" "strace not installed"
fi

# ---- nothing left on bpffs ----
rm -rf "$pin" "${pin}_libbpf"
ls -a /sys/fs/bpf >"$tmp/bpffs.after" 2>/dev/null
if diff "$tmp/bpffs.before" "$tmp/bpffs.after" >"$tmp/diff"; then ok "no leftover pins in /sys/fs/bpf"
else not_ok "no leftover pins in /sys/fs/bpf" "$(grep '^[<>]' "$tmp/diff" | tr '\n' ' ')"; fi

echo "1..$n"
