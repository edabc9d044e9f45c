#!/bin/sh
# Issue 12's fast paths, seen from outside:
#   output_buffered_into_a_file   800 events into a file: a few write(2)s,
#                                 not one per event (stdout fully buffered);
#                                 writev(2)s count too: musl's stdio (the
#                                 static rawbpf) writes with writev only
#   ring_size_applied             --ring-size 8192: the RINGBUF map is created
#                                 with max_entries=8192
#   ring_full_reported            a 4 KiB ring (--ring-size) and a reader
#                                 stalled on a full pipe: the producer drops
#                                 records and rawbpf says "found full N times;
#                                 records may have been dropped"
#   perf_wakeup_batched           perf buffers wake the reader at a watermark
#   ring_reader_holds_then_waits  while ring records flow the reader sleeps
#                                 by its own clock (nanosleep: it holds, so
#                                 the producer queues no wake-up); once they
#                                 stop it waits on epoll again, with a
#                                 timeout, not in a loop of timeout 0
#   api_poll_0_never_sleeps       rb_poll(obj, 0) in a loop that makes and
#                                 reads ring and perf records (test_overload)
#                                 never sleeps (no settle, no hold sleep)
#   vmlinux_read_in_few_syscalls  a CO-RE load reads /sys/kernel/btf/vmlinux
#                                 in a handful of calls (mmap), not 4 KiB reads
#   kernel_btf_cached_across_loads  two CO-RE loads in one process
#                                 (test_kbtf_cache) open it once
. tests/lib.sh
need_kernel output_buffered_into_a_file ring_size_applied ring_full_reported perf_wakeup_batched \
	ring_reader_holds_then_waits api_poll_0_never_sleeps vmlinux_read_in_few_syscalls kernel_btf_cached_across_loads
OBJ=$O/tests/bpf/overload.bpf.o
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
tracefs >/dev/null
has_strace=$(command -v strace)

# output_buffered_into_a_file
if [ -z "$has_strace" ]; then
	skip output_buffered_into_a_file "strace is not installed"
else
	strace -f -e trace=write,writev -o "$T/st" "$RAWBPF" run "$OBJ" --set use_perf=0 --set records_per_call=16 \
		--no-printk -- perl -e 'getppid() for 1..50' >"$T/out" 2>"$T/err"
	lines=$(grep -c 'seq=' "$T/out")
	writes=$(grep -cE '^[0-9]* *writev?\(1,' "$T/st")
	if [ "$lines" -ge 500 ] && [ "$writes" -ge 1 ] && [ "$writes" -lt $((lines / 20)) ]; then
		ok "output_buffered_into_a_file: $lines events in $writes write(2)s"
	else
		not_ok output_buffered_into_a_file "$lines events in $writes write(2)s"
	fi
fi

# ring_size_applied
"$RAWBPF" run "$OBJ" --ring-size 8192 --explain --set use_perf=0 -- true >/dev/null 2>"$T/err"
if grep -q 'map_type=BPF_MAP_TYPE_RINGBUF, .*max_entries=8192,' "$T/err"; then ok ring_size_applied
else not_ok ring_size_applied "$(grep RINGBUF "$T/err")"; fi

# ring_full_reported: rawbpf's output goes to a fifo nobody reads for a
# second, so its writes block and the 4 KiB ring fills.
mkfifo "$T/fifo"
(sleep 1; cat >/dev/null) <"$T/fifo" &
"$RAWBPF" run "$OBJ" --ring-size 4096 --set use_perf=0 --set records_per_call=16 --no-printk \
	-- perl -e 'for (1..2000) { getppid() }' >"$T/fifo" 2>"$T/err"
wait
total=$(grep '^rawbpf: [0-9]* events' "$T/err")
if echo "$total" | grep -q 'ring buffer events: found full [0-9]* times\{0,1\}; records may have been dropped$' &&
	grep -q 'map ring_events: ring buffer found full; records may have been dropped' "$T/err"; then
	ok "ring_full_reported: $total"
else
	not_ok ring_full_reported "totals '$total'"
fi

# perf_wakeup_batched
"$RAWBPF" run "$OBJ" --explain --set use_ringbuf=0 -- true >/dev/null 2>"$T/err"
if grep -q 'PERF_COUNT_SW_BPF_OUTPUT\|config=10,' "$T/err" &&
	grep -q 'watermark=1, wakeup_watermark=65536' "$T/err"; then ok perf_wakeup_batched
else not_ok perf_wakeup_batched "$(grep perf_event_open "$T/err" | head -n 1)"; fi

# ring_reader_holds_then_waits: a burst of ring records, then a second
# with none; only rawbpf's own process is traced (not the producer).
if [ -z "$has_strace" ]; then
	skip ring_reader_holds_then_waits "strace is not installed"
	skip api_poll_0_never_sleeps "strace is not installed"
	skip vmlinux_read_in_few_syscalls "strace is not installed"
	skip kernel_btf_cached_across_loads "strace is not installed"
	exit 0
fi
strace -e trace=epoll_wait,epoll_pwait,nanosleep,clock_nanosleep -o "$T/st" \
	"$RAWBPF" run "$OBJ" --set use_perf=0 --set records_per_call=16 --no-printk \
	-- perl -e 'getppid() for 1..500; sleep 1' >"$T/out" 2>"$T/err"
sleeps=$(grep -cE '^(clock_)?nanosleep\(' "$T/st")
last=$(grep -E '^epoll_p?wait\(' "$T/st" | tail -n 1 | sed -E 's/, NULL, 8\)/)/' |
	sed -nE 's/.*, (-?[0-9]+)\) += .*/\1/p')
if [ "$(grep -c 'seq=' "$T/out")" -ge 1 ] && [ "$sleeps" -ge 1 ] && [ -n "$last" ] && [ "$last" != 0 ]; then
	ok "ring_reader_holds_then_waits: $sleeps sleeps while records came, then epoll_wait with timeout $last"
else
	not_ok ring_reader_holds_then_waits "$sleeps sleeps, last epoll_wait timeout '$last'"
	tail -n 5 "$T/st" | sed 's/^/# /'
fi

# api_poll_0_never_sleeps
strace -f -e trace=nanosleep,clock_nanosleep -o "$T/st" "$O/tests/kernel/test_overload" >"$T/out" 2>&1
rc=$?
sleeps=$(grep -c 'nanosleep(' "$T/st")
if [ $rc = 0 ] && [ "$sleeps" = 0 ]; then ok "api_poll_0_never_sleeps"
else not_ok api_poll_0_never_sleeps "test_overload exit $rc, $sleeps sleeps"; fi

# vmlinux_read_in_few_syscalls
strace -y -e trace=read,pread64,mmap -o "$T/st" "$RAWBPF" load "$O/examples/execsnoop.bpf.o" >/dev/null 2>&1
calls=$(grep -c '</sys/kernel/btf/vmlinux>' "$T/st")
if [ "$calls" -ge 1 ] && [ "$calls" -le 4 ]; then ok "vmlinux_read_in_few_syscalls: $calls"
else not_ok vmlinux_read_in_few_syscalls "$calls calls on /sys/kernel/btf/vmlinux"; fi

# kernel_btf_cached_across_loads
O=$O strace -f -e trace=openat -o "$T/st" "$O/tests/kernel/test_kbtf_cache" >"$T/out" 2>&1
rc=$?
opens=$(grep -c '"/sys/kernel/btf/vmlinux"' "$T/st")
if [ $rc = 0 ] && [ "$opens" = 2 ]; then
	ok "kernel_btf_cached_across_loads: two loads and three lookups, vmlinux opened once (and once by the test to copy it)"
else
	not_ok kernel_btf_cached_across_loads "exit $rc, $opens opens"; sed 's/^/# /' "$T/out" | tail -5
fi
