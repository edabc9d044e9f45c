#!/bin/sh
# Consumer CPU per printed event, and events printed, for `rawbpf run
# --event-type event` against a libbpf consumer (bench/consumer_libbpf.c:
# ring_buffer__poll / perf_buffer__poll, one printf line per event with the
# same fields), both writing to a file. Producer: bench/getppid_events.bpf.c,
# one 32-byte event per getppid() of a trigger pinned to CPU 0, at RATE calls
# a second (0: as fast as it can); consumers pinned to CPU 1; ring buffer
# 256 KiB (the map), perf buffers PAGES pages per CPU for both (rawbpf's
# default). See bench/consume.c for how CPU time is read. Prints a Markdown
# section.
#
#   sh bench/consume.sh [-t SECONDS] [-r TRIALS] [-p PAGES] [RATE...]
#     -t  trigger time per trial (default 2)
#     -r  trials per peer, channel and rate, the peers taking turns (default 3)
#     -p  perf buffer pages per CPU (default 64)
#     RATE...  getppid() calls a second (default: 100000 200000 0)
#
# A ratio is rawbpf / libbpf of the median CPU per printed event: below 0.5
# means rawbpf is at least twice as cheap.
#
# RAWBPF=FILE measures another rawbpf binary (default build/rawbpf, the
# glibc build), e.g. RAWBPF=rawbpf-static for the static (musl, -Oz) one.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/build/bench
RB=${RAWBPF:-$ROOT/build/rawbpf}
T=2 R=3 P=64
while [ $# -gt 0 ]; do
	case "$1" in
	-t) T=${2:?}; shift ;;
	-r) R=${2:?}; shift ;;
	-p) P=${2:?}; shift ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "consume.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ $# -gt 0 ] || set -- 100000 200000 0
[ "$(id -u)" = 0 ] || { echo "consume.sh: needs root" >&2; exit 2; }
make -s -C "$ROOT/bench" O="$ROOT/build" >&2 || exit 2
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing

TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
for i in $(seq "$R"); do
	for rate in "$@"; do
		for ch in ring perf; do
			if [ $((i % 2)) = 1 ]; then order="rawbpf libbpf"; else order="libbpf rawbpf"; fi
			for p in $order; do
				"$B/consume" "$p" "$ch" "$rate" "$T" "$B/getppid_events.bpf.o" "$TMP/out" "$TMP/err" \
					"$RB" "$B/consumer_libbpf" "$P" >>"$TMP/lines" ||
					echo "consume.sh: trial $i $p $ch $rate failed" >&2
				[ "$p" = rawbpf ] && tail -n 1 "$TMP/err" | sed "s/^/$ch $rate: /" >>"$TMP/said"
			done
		done
	done
done

echo "Command: \`${RAWBPF:+RAWBPF=$RAWBPF }sh bench/consume.sh -t $T -r $R -p $P $*\`; rawbpf binary \`${RB#"$ROOT"/}\`; $R trials per peer, channel and rate, peers alternating; producer \`build/bench/getppid_events.bpf.o\`; output to a file on $(df -T "$TMP" | awk 'NR == 2 { print $2 }')."
echo
echo "| channel | rate (getppid/s, 0 = flat out) | peer | median CPU ns per printed event | ratio rawbpf/libbpf | printed / produced (each trial) | write() calls (median) | said \"records may have been dropped\" |"
echo "|---|---:|---|---:|---:|---|---:|---|"
awk '
function val(k,   i) { for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) return substr($i, length(k) + 2); return "" }
function median(key, arr,   i, j, t, m) {
	m = n[key]
	for (i = 1; i <= m; i++) a[i] = arr[key, i] + 0
	for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
{
	key = val("channel") " " val("rate") " " val("peer")
	if (!(key in n)) order[++nk] = key
	n[key]++
	pr = val("printed") + 0; pd = val("produced") + 0
	per[key, n[key]] = pr ? val("cpu_ns") / pr : 0
	wr[key, n[key]] = val("writes")
	pct[key] = pct[key] (pct[key] == "" ? "" : ", ") sprintf("%.1f%%", pd ? 100 * pr / pd : 0)
	if (pr < pd) short[key]++
	said[key] += val("full_said")
}
END {
	for (k = 1; k <= nk; k++) {
		key = order[k]; split(key, f, " ")
		if (f[3] != "rawbpf") continue
		lk = f[1] " " f[2] " libbpf"
		mr = median(key, per); ml = median(lk, per)
		printf "| %s | %s | rawbpf | %.0f | %.2f | %s | %d | %s |\n", f[1], f[2], mr, ml ? mr / ml : 0, pct[key], median(key, wr),
			f[1] == "ring" ? sprintf("%d of %d trials (%d short)", said[key], n[key], short[key] + 0) : "-"
		printf "| %s | %s | libbpf | %.0f | | %s | %d | - |\n", f[1], f[2], ml, pct[lk], median(lk, wr)
	}
}' "$TMP/lines"
echo
echo "<details><summary>Every trial, and rawbpf's totals line</summary>"
echo
echo '```'
cat "$TMP/lines"
cat "$TMP/said"
echo '```'
echo "</details>"
