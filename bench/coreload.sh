#!/bin/sh
# CO-RE loads: time to loaded inside one process and peak memory, rawbpf
# (rb_open + rb_load_object, bench/rawbpf_load.c) against libbpf
# (bpf_object__open_file + bpf_object__load, bench/libbpf_load.c), for the
# examples that read the kernel's BTF (found by strace: those that open
# /sys/kernel/btf/vmlinux). Prints a Markdown section.
#
#   sh bench/coreload.sh [-r RUNS] [-n LOADS]
#     -r  fresh processes per peer and object, taking turns (default 7)
#     -n  loads in one process for the in-process median (default 20)
#
# "first load": a fresh process's one open-to-loaded time (the kernel's BTF
# read and parsed; rawbpf keeps it for the process, libbpf reads it at each
# load). "in-process": the median of N loads in one process (for rawbpf the
# loads after the first use the kept BTF). Peak RSS: getrusage ru_maxrss of
# the fresh process after its load. Ratios are libbpf / rawbpf for times
# (above 1: rawbpf faster) and rawbpf / libbpf for memory (below 1: smaller).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/build/bench
R=7 N=20
while [ $# -gt 0 ]; do
	case "$1" in
	-r) R=${2:?}; shift ;;
	-n) N=${2:?}; shift ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "coreload.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[ "$(id -u)" = 0 ] || { echo "coreload.sh: needs root" >&2; exit 2; }
command -v strace >/dev/null || { echo "coreload.sh: strace missing" >&2; exit 2; }
make -s -C "$ROOT/bench" O="$ROOT/build" >&2 || exit 2
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

objs=""
for o in "$ROOT"/build/examples/*.bpf.o; do
	strace -f -e trace=openat -o "$TMP/st" "$B/libbpf_load" "$o" >/dev/null 2>&1 || continue
	strace -f -e trace=openat -o "$TMP/st2" "$B/rawbpf_load" "$o" >/dev/null 2>&1 || continue
	grep -q '/sys/kernel/btf/vmlinux' "$TMP/st2" && objs="$objs $o"
done
for o in $objs; do
	for i in $(seq "$R"); do
		if [ $((i % 2)) = 1 ]; then order="rawbpf libbpf"; else order="libbpf rawbpf"; fi
		for p in $order; do
			"$B/${p}_load" -r 1 "$o" | sed -n "s|^.*: first \([0-9]*\) us maxrss \([0-9]*\) KiB$|$p $(basename "$o") first \1 rss \2|p" >>"$TMP/lines"
		done
	done
	for p in rawbpf libbpf; do
		"$B/${p}_load" -r "$N" "$o" | sed -n "s|^.* median \([0-9]*\) us$|$p $(basename "$o") inproc \1|p" >>"$TMP/lines"
	done
done

echo "Command: \`sh bench/coreload.sh -r $R -n $N\`; objects: the examples that open /sys/kernel/btf/vmlinux ($(for o in $objs; do basename "$o"; done | tr '\n' ' ' | sed 's/ $//')); /sys/kernel/btf/vmlinux $(stat -c %s /sys/kernel/btf/vmlinux) bytes."
echo
echo "| object | first load ms, rawbpf | libbpf | ratio libbpf/rawbpf | in-process ms (median of $N), rawbpf | libbpf | ratio | peak RSS KiB, rawbpf | libbpf | ratio rawbpf/libbpf |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk '
function median(k,   i, j, t, m) {
	m = n[k]
	for (i = 1; i <= m; i++) a[i] = v[k, i] + 0
	for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
{
	if ($3 == "first") { k = $1 " " $2 " first"; v[k, ++n[k]] = $4; k = $1 " " $2 " rss"; v[k, ++n[k]] = $6 }
	else { k = $1 " " $2 " inproc"; v[k, ++n[k]] = $4 }
	if (!($2 in seen)) { seen[$2] = 1; objs[++no] = $2 }
}
END {
	for (i = 1; i <= no; i++) {
		o = objs[i]
		rf = median("rawbpf " o " first"); lf = median("libbpf " o " first")
		ri = median("rawbpf " o " inproc"); li = median("libbpf " o " inproc")
		rr = median("rawbpf " o " rss"); lr = median("libbpf " o " rss")
		printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %d | %.2f |\n", o, rf / 1000, lf / 1000, lf / rf,
			ri / 1000, li / 1000, li / ri, rr, lr, rr / lr
		srf += rf; slf += lf; sri += ri; sli += li; srr += rr; slr += lr
	}
	printf "| **all %d** (sums; RSS: mean) | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %d | %.2f |\n", no, srf / 1000, slf / 1000, slf / srf,
		sri / 1000, sli / 1000, sli / sri, srr / no, slr / no, srr / slr
}' "$TMP/lines"
echo
echo "rawbpf maps /sys/kernel/btf/vmlinux read-only (Linux 6.16 and later allow it): the kernel maps its own pages, which are not counted in the process's RSS and are not a copy; libbpf reads the file into a malloc'd buffer (and sysfs gives it 4 KiB per read())."
echo
echo "<details><summary>Every run</summary>"
echo
echo '```'
cat "$TMP/lines"
echo '```'
echo "</details>"
