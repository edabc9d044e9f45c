#!/bin/sh
# BTF: parse /sys/kernel/btf/vmlinux and look up names, rawbpf's btf_parse()
# + btf_find() against libbpf's btf__parse() + btf__find_by_name_kind().
# The names: task_struct, then 1000 named structs, unions, enums, typedefs
# and functions of the kernel's BTF picked with a fixed seed (awk srand(1)),
# the same list for both. Each run is a fresh process (peak memory is its
# ru_maxrss); the peers take turns. Prints a Markdown section.
#
#   sh bench/btf.sh [-r RUNS]      (default 11)
#
# Ratios are libbpf / rawbpf: above 1 means rawbpf is faster or smaller.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/build/bench
R=11
while [ $# -gt 0 ]; do
	case "$1" in
	-r) R=${2:?}; shift ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "btf.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
VMLINUX=/sys/kernel/btf/vmlinux
[ -r "$VMLINUX" ] || { echo "btf.sh: no $VMLINUX" >&2; exit 2; }
command -v bpftool >/dev/null || { echo "btf.sh: bpftool missing" >&2; exit 2; }
make -s -C "$ROOT/bench" O="$ROOT/build" >&2 || exit 2

TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
{
	echo "4 task_struct"
	bpftool btf dump file "$VMLINUX" | awk '
		BEGIN { srand(1); k["STRUCT"] = 4; k["UNION"] = 5; k["ENUM"] = 6; k["TYPEDEF"] = 8; k["FUNC"] = 12 }
		$1 ~ /^\[/ && ($2 in k) && $3 != "\047(anon)\047" {
			n = $3; gsub("\047", "", n); printf "%.9f %d %s\n", rand(), k[$2], n }' |
		sort | head -n 1000 | cut -d' ' -f2-
} >"$TMP/names"
ntypes=$(bpftool btf dump file "$VMLINUX" | grep -c '^\[')

for i in $(seq "$R"); do
	if [ $((i % 2)) = 1 ]; then order="rawbpf libbpf"; else order="libbpf rawbpf"; fi
	for p in $order; do
		"$B/btf_$p" "$TMP/names" "$VMLINUX" >>"$TMP/lines" || exit 1
	done
done

echo "Command: \`sh bench/btf.sh -r $R\`; $VMLINUX: $(stat -c %s "$VMLINUX") bytes, $ntypes types; $(($(wc -l <"$TMP/names"))) lookups (task_struct + 1000 random named types); $R fresh processes per peer, alternating; medians."
echo
awk '
function val(k,   i) { for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) return substr($i, length(k) + 2); return "" }
function median(p, f,   i, j, t, m) {
	m = n[p]
	for (i = 1; i <= m; i++) a[i] = v[p, f, i] + 0
	for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
{
	p = val("peer"); n[p]++
	split("parse_ms first_lookup_ms lookup_ms maxrss_kib maxrss_added_kib maxrss_start_kib", fs, " ")
	for (f in fs) v[p, fs[f], n[p]] = val(fs[f])
	found[p] = val("found"); idsum[p] = val("idsum")
}
END {
	print "| measure (median) | rawbpf btf_parse + btf_find | libbpf btf__parse + btf__find_by_name_kind | ratio libbpf/rawbpf |"
	print "|---|---:|---:|---:|"
	split("parse_ms first_lookup_ms lookup_ms maxrss_kib maxrss_added_kib", fs, " ")
	split("parse (read + parse the file), ms;first lookup, task_struct (rawbpf scans the structs, up to the first match), ms;all " nn " lookups (the first included), ms;peak RSS of the process, KiB;peak RSS added by parse + lookups, KiB", ls, ";")
	for (i = 1; i <= 5; i++) {
		r = median("rawbpf", fs[i]); l = median("libbpf", fs[i])
		printf "| %s | %s | %s | %.3g |\n", ls[i], r, l, (r > 0 ? l / r : 0)
	}
	pr = median("rawbpf", "parse_ms") + median("rawbpf", "lookup_ms")
	pl = median("libbpf", "parse_ms") + median("libbpf", "lookup_ms")
	printf "| parse + lookups, ms | %.2f | %.2f | %.2f |\n", pr, pl, pl / pr
	printf "\nBoth found %s of the names, same ids (sum of ids rawbpf %s, libbpf %s: %s).\n",
		found["rawbpf"], idsum["rawbpf"], idsum["libbpf"], idsum["rawbpf"] == idsum["libbpf"] ? "equal" : "DIFFERENT"
}' nn="$(($(wc -l <"$TMP/names")))" "$TMP/lines"
echo
echo "<details><summary>Every run</summary>"
echo
echo '```'
cat "$TMP/lines"
echo '```'
echo "</details>"
