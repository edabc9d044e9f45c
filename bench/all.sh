#!/bin/sh
# all.sh — reproduces every figure of bench/RESULTS.md and rewrites it: one
# run of both peers per figure, each section naming the command that made it.
#
#   sh bench/all.sh [OUT]      (OUT: bench/RESULTS.md)
#
# Needs root, strace, bpftool, musl-tools, libbpf-dev, libelf-dev, zlib1g-dev.
# Takes about eight minutes on the 2-core VM. Every ratio is written so that
# above 1 means rawbpf does better (fewer calls, faster, smaller, or more
# records drained).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/bench/RESULTS.md}
cd "$ROOT" || exit 2
[ "$(id -u)" = 0 ] || { echo "all.sh: needs root" >&2; exit 2; }
make -s >&2 || exit 2
make -s -C bench O="$ROOT/build" >&2 || exit 2
make -s static >&2 || exit 2
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing

TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "all.sh: load (run.sh)..." >&2
sh bench/run.sh -n 20 >"$TMP/load" 2>&1 || fail=1
echo "all.sh: events (events.sh)..." >&2
sh bench/events.sh -t 2 -r 7 -k 64 >"$TMP/events" 2>"$TMP/events.err" || fail=1
echo "all.sh: consumer CPU (consume.sh)..." >&2
sh bench/consume.sh -t 2 -r 3 >"$TMP/consume" 2>"$TMP/consume.err" || fail=1
echo "all.sh: the static binary's consumer CPU (consume.sh)..." >&2
RAWBPF=./rawbpf-static sh bench/consume.sh -t 2 -r 3 0 >"$TMP/consume_static" 2>"$TMP/consume_static.err" || fail=1
echo "all.sh: CO-RE loads (coreload.sh)..." >&2
sh bench/coreload.sh -r 7 -n 20 >"$TMP/coreload" 2>"$TMP/coreload.err" || fail=1
echo "all.sh: BTF (btf.sh)..." >&2
sh bench/btf.sh -r 11 >"$TMP/btf" 2>"$TMP/btf.err" || fail=1
echo "all.sh: size (size.sh)..." >&2
sh bench/size.sh >"$TMP/size" 2>"$TMP/size.err" || fail=1
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
for f in events consume consume_static coreload btf size; do
	[ -s "$TMP/$f.err" ] && sed "s/^/$f: /" "$TMP/$f.err" >&2
done

# cell FILE ROW-PREFIX COLUMN: one cell of a Markdown table row.
cell() { grep -F -- "$2" "$1" | head -n 1 | awk -F '|' -v c="$3" '{ gsub(/^ +| +$/, "", $c); print $c }'; }

{
	echo "# rawbpf against libbpf: results"
	echo
	echo "Written by \`sh bench/all.sh\` (build: \`make && make -C bench && make static\`); do not edit by hand, rerun it."
	echo "Every figure is a ratio from one run of both peers, measured the same way in the same invocation; **above 1 means rawbpf does better** (fewer calls, less time, less memory, fewer bytes, more records drained)."
	echo
	echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), a VM; kernel $(uname -r); $(clang --version | head -n 1); gcc $(gcc -dumpversion); musl $(dpkg-query -W -f='${Version}' musl 2>/dev/null); libbpf $(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null) (Debian); rawbpf $(git rev-parse --short HEAD 2>/dev/null). Date: $(date -u '+%Y-%m-%d %H:%M UTC')."
	echo "Load average (1, 5, 15 min) before the run: $LOAD0; after: $LOAD1. Other work on the VM (builds, fuzzers) slows both peers alike only on average: the timed figures are noisy, the counts (bpf() calls, records balance, bytes) are not."
	echo
	echo "## Summary"
	echo
	echo "| figure | rawbpf | libbpf | ratio |"
	echo "|---|---:|---:|---:|"
	printf '| Load: bpf() calls, all loadable examples | %s | %s | %s |\n' \
		"$(cell "$TMP/load" '| **all' 3)" "$(cell "$TMP/load" '| **all' 4)" "$(cell "$TMP/load" '| **all' 5)"
	printf '| Load: wall ms to loaded, process, sum of medians | %s | %s | %s |\n' \
		"$(cell "$TMP/load" '| **all' 8)" "$(cell "$TMP/load" '| **all' 9)" "$(cell "$TMP/load" '| **all' 10)"
	printf '| Load: ms open-to-loaded in-process, sum of medians | %s | %s |\n' \
		"$(cell "$TMP/load" '| **all' 11 | sed 's| / | \| |')" "$(cell "$TMP/load" '| **all' 12)"
	for ch in perf ring; do
		printf '| Events: records/s drained, %s (median) | %s | %s | %s |\n' "$ch" \
			"$(cell "$TMP/events" "| rawbpf rb_poll() | $ch |" 4)" \
			"$(grep -F "| $ch |" "$TMP/events" | grep -F '| libbpf' | awk -F '|' '{ gsub(/ /, "", $4); print $4 }')" \
			"$(cell "$TMP/events" "| rawbpf rb_poll() | $ch |" 7)"
	done
	for ch in ring perf; do
		for rate in 100000 200000 0; do
			r=$(cell "$TMP/consume" "| $ch | $rate | rawbpf |" 5)
			l=$(cell "$TMP/consume" "| $ch | $rate | libbpf |" 5)
			printf '| Events: consumer CPU ns per printed event, %s, %s getppid/s, into a file (ratio libbpf/rawbpf: 2 = half the CPU) | %s | %s | %s |\n' \
				"$ch" "$( [ "$rate" = 0 ] && echo "flat-out" || echo "$rate")" "$r" "$l" \
				"$(awk -v a="$r" -v b="$l" 'BEGIN { if (a > 0) printf "%.2f", b / a }')"
		done
	done
	for rate in 100000 200000; do
		printf '| Events: ring buffer, %s getppid/s: printed / produced, each trial | %s | %s | |\n' "$rate" \
			"$(cell "$TMP/consume" "| ring | $rate | rawbpf |" 7)" "$(cell "$TMP/consume" "| ring | $rate | libbpf |" 7)"
	done
	printf '| Load, CO-RE examples: first load in a fresh process, ms, sum of medians | %s | %s | %s |\n' \
		"$(cell "$TMP/coreload" '| **all' 3)" "$(cell "$TMP/coreload" '| **all' 4)" "$(cell "$TMP/coreload" '| **all' 5)"
	printf '| Load, CO-RE examples: in-process, median of 20 loads, ms, sum | %s | %s | %s |\n' \
		"$(cell "$TMP/coreload" '| **all' 6)" "$(cell "$TMP/coreload" '| **all' 7)" "$(cell "$TMP/coreload" '| **all' 8)"
	printf '| Load, CO-RE examples: peak RSS, KiB, mean (ratio libbpf/rawbpf) | %s | %s | %s |\n' \
		"$(cell "$TMP/coreload" '| **all' 9)" "$(cell "$TMP/coreload" '| **all' 10)" \
		"$(awk -v a="$(cell "$TMP/coreload" '| **all' 9)" -v b="$(cell "$TMP/coreload" '| **all' 10)" 'BEGIN { if (a > 0) printf "%.2f", b / a }')"
	for row in "parse (read" "first lookup" "all 1001 lookups" "parse + lookups" "peak RSS added"; do
		printf '| BTF: %s | %s | %s | %s |\n' "$(cell "$TMP/btf" "| $row" 2)" \
			"$(cell "$TMP/btf" "| $row" 3)" "$(cell "$TMP/btf" "| $row" 4)" "$(cell "$TMP/btf" "| $row" 5)"
	done
	printf '| Size: rawbpf-static vs static libbpf loader, bytes | %s | %s | %s |\n' \
		"$(cell "$TMP/size" '| `rawbpf-static`' 4)" "$(cell "$TMP/size" '| **bench/mini_libbpf' 4)" \
		"$(cell "$TMP/size" '| `rawbpf-static`' 5)"
	printf '| Size: the same small loader on glibc, bytes | %s | %s | %s |\n' \
		"$(cell "$TMP/size" '| bench/mini_rawbpf.c against build/librawbpf.a' 4)" \
		"$(cell "$TMP/size" '| **bench/mini_libbpf' 4)" \
		"$(cell "$TMP/size" '| bench/mini_rawbpf.c against build/librawbpf.a' 5)"
	echo
	echo "## 1. Load (issue \"Load\")"
	echo
	echo "Command: \`sh bench/run.sh -n 20\`. For each \`build/examples/*.bpf.o\`: bpf() calls counted by \`strace -f -c -e trace=bpf\` of one \`./rawbpf load OBJ\` and one \`build/bench/libbpf_load OBJ\` (bpf_object__open_file + bpf_object__load, Debian's shared libbpf); wall time fork-to-exit by \`build/bench/wall\`, 20 runs each, the loaders taking turns; and in-process open-to-loaded time, 20 loads in one process (\`build/bench/rawbpf_load\`, \`build/bench/libbpf_load -r\`). libbpf's extra bpf() calls are its feature probes and BTF sanitising loads; libbpf reads /sys/kernel/btf/vmlinux in 4 KiB read() calls (sysfs), which is the ~1350 extra syscalls of its CO-RE loads; rawbpf maps it (one mmap). rawbpf keeps the parsed kernel BTF for the process, so its in-process median is of loads that reuse it (section 2b gives the first load apart)."
	echo
	sed -n '/^|/,$p' "$TMP/load"
	echo
	echo "## 2. Events per second drained with no unreported loss (issue \"Attach and events\")"
	echo
	echo "Consumers: \`build/bench/events_rawbpf\` (rb_open/rb_set/rb_load_object/rb_attach_all/rb_poll_open, then rb_poll and rb_lost) and \`build/bench/events_libbpf\` (perf_buffer__new + perf_buffer__poll, ring_buffer__new + ring_buffer__poll), both pinned to CPU 1. Producer: \`tests/bpf/overload.bpf.c\` on sys_enter_getppid, filtered to the trigger (a child pinned to CPU 0 calling getppid() in a tight loop), writing only to the channel measured (perf event array or ring buffer), counting every sent and dropped record per CPU. Same buffer sizes: perf 8 data pages per CPU (rawbpf's rb_poll_open default, given to perf_buffer__new), ring buffer 64 KiB (the map). Records/s = records delivered from the start of the trigger until the consumer drained the buffer, over that time. After the drain, one more getppid() gets a record through so the kernel reports any pending loss; then produced (sent + dropped, from the map) must equal delivered + lost, where lost is the PERF_RECORD_LOST total seen by the consumer for perf and the producer's drop counter for the ring buffer (a ring buffer has no in-band loss report, for either library). The rate depends on the consumer twice: how fast it reads, and what it costs the producer, one CPU that runs the traced getppid() loop. A ring buffer queues a wake-up (an irq_work on the producer's CPU, then the reader's task woken) for the first record committed after the reader caught up; a perf buffer for every record (perf_buffer__new: wakeup_events 1) or at a watermark (rawbpf, and the same-wake-up row). The two ceiling rows (\`build/bench/events_ceiling\`) read no record and only move the consumer position: \"caught up\" does it at each epoll wake-up, as libbpf's reader does; \"held back\" keeps one record's room and sleeps 10 us between looks, so the producer queues no wake-up, as rawbpf's reader does while records keep coming (bpf/ringbuf.h, ring_release). rawbpf's rb_poll also warns on stderr of perf losses, summed (a few lines per trial). The spread between trials is wide on this VM: compare medians, and rerun before reading much into a ratio near 1."
	echo
	cat "$TMP/events"
	echo
	echo "## 2a. Consumer CPU per printed event, and events printed (issue 12)"
	echo
	echo "Both consumers print every event, one line each, into a file: \`rawbpf run build/bench/getppid_events.bpf.o --event-type event --no-printk --pages 64\` and \`build/bench/consumer_libbpf\` (ring_buffer__poll / perf_buffer__poll with 64 pages, one printf per event, stdout as stdio sets it for a file). CPU is the consumer's time on the CPU (/proc/PID/schedstat) from attached until half a second after the trigger stopped; write() calls from /proc/PID/io. The ratio column is rawbpf/libbpf: 0.5 or less is the issue's target. \"printed / produced\": lines printed over the producer's attempts (sent + dropped, its own counters). A trial whose machine stalled (another engineer's work on the 2-core VM) shows as a short trial for either peer; rawbpf's totals line for each trial is in the details."
	echo
	cat "$TMP/consume"
	echo
	echo "The same, flat out, with \`rawbpf-static\` (\`make static\`: musl, -Oz, LTO, and the optimisations that buy speed with bytes turned off, Makefile \`STATIC_LESS_OPT\`) as the rawbpf peer: what the minimal binary costs in CPU."
	echo
	sed -n '/^Command:/,/^$/p; /^|/p' "$TMP/consume_static"
	echo
	echo "## 2b. CO-RE loads: first load, in-process, peak memory (issue 12)"
	echo
	cat "$TMP/coreload"
	echo
	echo "## 3. BTF (issue \"CO-RE\")"
	echo
	echo "Programs: \`build/bench/btf_rawbpf\` (read the file, btf_parse, btf_find; btf/btf.h, librawbpf.a) and \`build/bench/btf_libbpf\` (btf__parse, btf__find_by_name_kind). Peak memory is getrusage(RUSAGE_SELF).ru_maxrss of each fresh process, at the end and before parsing. rawbpf's btf_find answers a kind's first lookups by scanning the types of that kind (one scan per 8192 types of the kind: one for the 10.7k structs, six for the 56k functions; task_struct's lookup is a scan that stops at the first match), then builds a hash index of that kind's names (the random lookups after task_struct build those of structs, unions, enums, typedefs and functions); libbpf 1.1's btf__find_by_name_kind scans the types in order on each call, so its cost grows with the id of the type sought (task_struct's id is small)."
	echo
	cat "$TMP/btf"
	echo
	echo "## 4. Size (issue \"Minimal systems\")"
	echo
	echo "What each size change of issue 15 saved, one row per change with the command, is kept by hand in \`bench/SIZE-HISTORY.md\` (this file is regenerated)."
	echo
	cat "$TMP/size"
} >"$OUT"
echo "all.sh: wrote $OUT" >&2
exit $fail
