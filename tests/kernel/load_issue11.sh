#!/bin/sh
# Regression tests of issue 11 (load stage): a reused pin is checked before
# it is trusted, --pin paths too long for the buffer are refused, the BTF
# refusal names the kernel's reason, and a CO-RE failure names each missing
# field once. Each test is named after the defect it checks. Run in both
# builds; in build-san any sanitizer report is a failure.
. tests/lib.sh

B=$O/tests/bpf
tmp=$(mktemp -d)
out=$tmp/out err=$tmp/err
pins="/sys/fs/bpf/rawbpf_t_pin /sys/fs/bpf/rawbpf_t_pinrb"
cleanup() { rm -rf "$tmp"; rm -f $pins 2>/dev/null; }
trap cleanup EXIT

# run_rawbpf ARGS...: stdout in $out, stderr in $err, exit status in $rc.
run_rawbpf() { "$RAWBPF" "$@" >"$out" 2>"$err"; rc=$?; }
clean_san() { ! grep -q 'Sanitizer' "$err"; }
why() { echo "exit $rc: $(grep -v '^bpf(' "$err" | tail -2 | tr '\n' ' ' | cut -c1-400)"; }

# ---- pin_dir_too_long: needs no kernel (--dry-run) ----
long=/sys/fs/bpf/$(printf '%0600d' 0)
run_rawbpf load --dry-run --pin "$long" "$O/examples/ringbuf.bpf.o"
if { [ "$rc" = 1 ] || [ "$rc" = 2 ]; } && grep -q 'pins: --pin .*longer than a pin path may be' "$err" && clean_san
then ok "pin_dir_too_long: --pin of 612 bytes is a clear error"
else not_ok "pin_dir_too_long: --pin of 612 bytes is a clear error" "$(why)"; fi

need_kernel reused_pin_shape_checked reused_pin_ring_size_checked reused_pin_same_shape_reused \
	reused_pin_not_a_map pin_dir_too_long_real btf_refusal_names_reason core_failure_one_line_per_cause

# ---- reused_pin_shape_checked: a stale pin of another value size ----
rm -f $pins
run_rawbpf load "$B/pin_shape_old.bpf.o"
if [ "$rc" != 0 ]; then
	not_ok "reused_pin_shape_checked" "pin_shape_old.bpf.o: $(why)"
else
	# Only the hash map stale: the old code reused its pin and `run`
	# printed it with 4-byte value buffers the kernel filled with 8 bytes
	# (a heap overflow ASan cannot see: the kernel writes, not the
	# process). Now the load refuses the pin.
	rm -f /sys/fs/bpf/rawbpf_t_pinrb
	run_rawbpf run "$B/pin_shape.bpf.o" --duration 1 -- sh -c 'cat /proc/self/status >/dev/null'
	if [ "$rc" = 1 ] && clean_san &&
	   grep -q 'map rawbpf_t_pin: the pin /sys/fs/bpf/rawbpf_t_pin is a hash map, key 4, value 8, 64 entries.*the object.s map is a hash map, key 4, value 4, 64 entries' "$err"
	then ok "reused_pin_shape_checked: refused, naming both shapes"
	else not_ok "reused_pin_shape_checked" "$(why)"; fi
fi

# ---- reused_pin_ring_size_checked: the hash fits, the ring buffer does not ----
rm -f $pins
run_rawbpf load "$B/pin_shape_old.bpf.o"
rm -f /sys/fs/bpf/rawbpf_t_pin
run_rawbpf load "$B/pin_shape.bpf.o"
if [ "$rc" = 1 ] && clean_san &&
   grep -q 'map rawbpf_t_pinrb: the pin /sys/fs/bpf/rawbpf_t_pinrb is a ringbuf map, key 0, value 0, 4096 entries.*16384 entries' "$err"
then ok "reused_pin_ring_size_checked: a ring buffer of another size is refused"
else not_ok "reused_pin_ring_size_checked" "$(why)"; fi

# ---- reused_pin_same_shape_reused: a pin of the same shape is still reused ----
rm -f $pins
run_rawbpf load "$B/pin_shape.bpf.o" && run_rawbpf run "$B/pin_shape.bpf.o" --duration 1 -- \
	sh -c 'cat /proc/self/status >/dev/null'
if [ "$rc" = 0 ] && clean_san && run_rawbpf load "$B/pin_shape.bpf.o" && [ "$rc" = 0 ] &&
   grep -q 'rawbpf_t_pin .*(reused pin)' "$out" && grep -q 'rawbpf_t_pinrb .*(reused pin)' "$out"
then ok "reused_pin_same_shape_reused"
else not_ok "reused_pin_same_shape_reused" "$(why)"; fi

# ---- reused_pin_not_a_map: a program pinned where the map's pin belongs ----
rm -f $pins
run_rawbpf load --pin /sys/fs/bpf "$B/pin_shape_prog.bpf.o"
if [ "$rc" != 0 ] || [ ! -e /sys/fs/bpf/rawbpf_t_pin ]; then
	not_ok "reused_pin_not_a_map" "pin_shape_prog.bpf.o --pin /sys/fs/bpf: $(why)"
else
	run_rawbpf load "$B/pin_shape.bpf.o"
	if [ "$rc" = 1 ] && clean_san &&
	   grep -q 'map rawbpf_t_pin: /sys/fs/bpf/rawbpf_t_pin is pinned there but is a BPF prog, not a map' "$err"
	then ok "reused_pin_not_a_map"
	else not_ok "reused_pin_not_a_map" "$(why)"; fi
fi
rm -f $pins

# ---- pin_dir_too_long_real: the same without --dry-run; nothing is made ----
run_rawbpf load --pin "$long" "$O/examples/ringbuf.bpf.o"
if { [ "$rc" = 1 ] || [ "$rc" = 2 ]; } && grep -q 'longer than a pin path may be' "$err" && clean_san &&
   [ ! -e "$long" ]
then ok "pin_dir_too_long_real"
else not_ok "pin_dir_too_long_real" "$(why)"; fi

# ---- btf_refusal_names_reason: the end of the BTF log, not "magic: 0xeb9f" ----
python3 - "$B/btf_refused.bpf.o" "$tmp/btf_bad.o" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
open(sys.argv[2], 'wb').write(d.replace(b'rawbpf_btf_ok_t', b'rawbpf-btf-ok-t'))
PY
run_rawbpf load "$tmp/btf_bad.o"
if [ "$rc" = 0 ] && clean_san &&
   grep -q "btf: the kernel refused the object's BTF (Invalid argument): .*rawbpf-btf-ok-t.*Invalid name; continuing without it" "$err" &&
   ! grep -q 'magic' "$err"
then ok "btf_refusal_names_reason"
else not_ok "btf_refusal_names_reason" "$(why)"; fi

# ---- core_failure_one_line_per_cause: four reads of one missing field ----
run_rawbpf load "$B/core_missing_repeat.bpf.o"
k=$(grep 'CO-RE relocation' "$err" | grep -o 'rawbpf_no_such_field: no such field' | wc -l)
if [ "$rc" = 3 ] && clean_san && [ "$k" = 1 ]
then ok "core_failure_one_line_per_cause"
else not_ok "core_failure_one_line_per_cause" "field named $k times; $(why)"; fi
