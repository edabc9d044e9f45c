#!/bin/sh
# Events per second drained with no unreported loss: rawbpf's rb_poll()
# against libbpf's perf_buffer__poll() and ring_buffer__poll(), on the same
# producer (tests/bpf/overload.bpf.o), with the same buffer sizes (perf: 8
# data pages per CPU, rawbpf's default, given to libbpf; ring: the map's
# 64 KiB, for both) and the same trigger (a getppid() loop pinned to CPU 0;
# consumers pinned to CPU 1). See bench/events_common.h. Prints a Markdown
# section.
#
#   sh bench/events.sh [-t SECONDS] [-r TRIALS] [-k RECORDS_PER_CALL]
#     -t  trigger time per trial (default 2)
#     -r  trials per consumer and channel, the peers taking turns (default 5)
#     -k  records written per getppid() per buffer (default 64)
#
# Perf buffers are measured against two libbpf consumers. perf_buffer__new()
# opens its events with wakeup_events 1: each record costs the producer a
# wake-up, which slows it to about what the consumer drains (often nothing
# is dropped), so that row is libbpf as its users get it, and its rate is
# mostly the producer's. rawbpf wakes its reader when a quarter of the data
# pages is filled (watermark); the row "libbpf, rawbpf's wake-up" opens the
# same events through perf_buffer__new_raw(), so the producer is the same
# for both and the rate is the consumer's drain rate.
#
# Ring buffers are also measured against two ceilings (bench/
# events_ceiling.c), consumers that read no record and only move the
# consumer position to the producer's: "caught up" does it at each epoll
# wake-up, as any reader that catches up does, and the kernel queues a
# wake-up for the next record committed; "held back" keeps one record's room
# and sleeps 10 us between looks, so no wake-up is queued. No reader that
# works the first way can beat the first ceiling; rawbpf's reader holds
# (bpf/ringbuf.h, ring_release).
#
# A ratio is rawbpf / libbpf of the median records/s: above 1 means rawbpf
# drained more. The rawbpf row's ratio is against perf_buffer__new() and
# ring_buffer__new(); the same-wake-up row has its own. Every trial must
# balance (produced = delivered + lost, and delivered = sent); a trial that
# does not is shown and fails the script.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/build/bench
OBJ=$ROOT/build/tests/bpf/overload.bpf.o
T=2 R=5 K=64
while [ $# -gt 0 ]; do
	case "$1" in
	-t) T=${2:?}; shift ;;
	-r) R=${2:?}; shift ;;
	-k) K=${2:?}; shift ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "events.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[ "$(id -u)" = 0 ] || { echo "events.sh: needs root" >&2; exit 2; }
[ -e "$OBJ" ] || { echo "events.sh: $OBJ missing (make)" >&2; exit 2; }
make -s -C "$ROOT/bench" O="$ROOT/build" >&2 || exit 2
# libbpf finds tracepoint ids in tracefs; rawbpf mounts it itself.
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing

TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
for i in $(seq "$R"); do
	for ch in perf ring; do
		# Take turns: rawbpf first in odd trials, last in even ones.
		peers="libbpf"
		[ "$ch" = perf ] && peers="libbpf libbpf_wm"
		[ "$ch" = ring ] && peers="libbpf ceiling_epoll ceiling_hold"
		if [ $((i % 2)) = 1 ]; then order="rawbpf $peers"; else order="$peers rawbpf"; fi
		for p in $order; do
			case $p in
			libbpf_wm) run="$B/events_libbpf $OBJ $ch $T $K watermark" ;;
			ceiling_epoll) run="$B/events_ceiling $OBJ $T $K epoll" ;;
			ceiling_hold) run="$B/events_ceiling $OBJ $T $K hold10" ;;
			*) run="$B/events_$p $OBJ $ch $T $K" ;;
			esac
			if ! $run >>"$TMP/lines" 2>>"$TMP/stderr_$p"; then
				echo "events.sh: trial $i $p $ch failed (see below)" >&2
				tail -n 3 "$TMP/stderr_$p" >&2
				fail=1
			fi
		done
	done
done

echo "Command: \`sh bench/events.sh -t $T -r $R -k $K\`; producer \`build/tests/bpf/overload.bpf.o\` with records_per_call=$K (64-byte records), trigger $T s per trial, $R trials per consumer and channel, peers alternating."
echo
echo "| consumer | channel | median records/s delivered | min | max | ratio rawbpf/libbpf (medians) | produced (all trials) | delivered | lost (reported) | produced = delivered + lost |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
awk '
function val(k,   i) { for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) return substr($i, length(k) + 2); return "" }
{
	key = val("peer") " " val("channel")
	n[key]++; rate[key, n[key]] = val("delivered_per_s")
	prod[key] += val("produced"); del[key] += val("delivered"); lost[key] += val("lost")
	if (val("ok") != 1) bad[key]++
}
function median(key,   i, j, t, m) {
	m = n[key]
	for (i = 1; i <= m; i++) a[i] = rate[key, i] + 0
	for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	lo[key] = a[1]; hi[key] = a[m]
	return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
END {
	split("perf ring", chs, " ")
	split("rawbpf libbpf libbpf_wm ceiling_epoll ceiling_hold", peers, " ")
	for (c = 1; c <= 2; c++) {
		mr = median("rawbpf " chs[c])
		for (p = 1; p <= 5; p++) {
			peer = peers[p]; key = peer " " chs[c]
			if (!n[key])
				continue
			m = median(key)
			if (peer == "rawbpf") {
				api = "rawbpf rb_poll()"
				ml = n["libbpf " chs[c]] ? median("libbpf " chs[c]) : 0
				ratio = ml > 0 ? sprintf("%.2f", mr / ml) : "-"
			} else {
				if (peer == "libbpf_wm") api = "same wake-up: libbpf perf_buffer__new_raw() + poll(), the rawbpf watermark"
				else if (peer == "ceiling_epoll") api = "ceiling, caught up: reads no record, consumer position = producer position at each epoll wake-up"
				else if (peer == "ceiling_hold") api = "ceiling, held back: reads no record, the room of one record kept, 10 us sleeps, no wake-up"
				else api = chs[c] == "perf" ? "libbpf perf_buffer__poll()" : "libbpf ring_buffer__poll()"
				ratio = peer != "libbpf" && m > 0 ? sprintf("%.2f (rawbpf / this row)", mr / m) : ""
			}
			printf "| %s | %s | %.0f | %.0f | %.0f | %s | %.0f | %.0f | %.0f | %s |\n", api, chs[c],
				m, lo[key], hi[key], ratio,
				prod[key], del[key], lost[key], bad[key] ? bad[key] " of " n[key] " trials do not balance" : "yes, all " n[key] " trials"
		}
	}
}' "$TMP/lines"
echo
echo "<details><summary>Every trial</summary>"
echo
echo '```'
cat "$TMP/lines"
echo '```'
echo "</details>"
exit $fail
